"""Issue trades (logrolling) between two parties, from a starting deal.

Integrative bargaining moves away from a starting deal by trades that leave both sides better
off (Walton and McKersie 1965; Raiffa 1982; as a protocol between agents, Rosenschein and Zlotkin
1994). A trade works when the parties value issues differently: party A's gain per unit of B's
loss on one issue, ``r_k = dA_k / -dB_k``, against B's gain per unit of A's loss on another,
``r_l = dB_l / -dA_l``; moving both issues together benefits both exactly when the ratios of
marginal values differ, ``r_k * r_l > 1``, and a trade changes nothing in either party's unit of
utility.

Definition
----------
A *trade* changes the levels of two issues (each to any of its levels: one moves in A's
favour, the other pays for it with levels in B's favour, a side payment of levels), or of a
single issue that both parties gain from. It is *mutually beneficial* when both parties gain
strictly (more than a rounding tolerance, ``1e-12`` of the party's utility scale). From the
starting deal, the trade with the most joint gain is made, the joint gain being the product of
the two parties' gains (so that it does not depend on either party's unit; a trade that does not
benefit both is never made), compared as a sum of logarithms so that no product overflows or
underflows; ties (within :data:`bargain.solutions.concepts.TIE_RTOL`, relative) go to the trade
listed first (issue order, then level order; single-issue moves before pairs). This repeats until
no mutually beneficial trade remains. So:

- no party is ever worse off than before a trade (both utilities rise strictly at each step);
- the process ends (utilities rise strictly, and there are finitely many deals);
- the final deal is one that no trade of one or two issues improves for both.

That final deal can still be off the Pareto frontier (a Pareto improvement may need three
issues to move at once) and, as it depends on the start, far from the Nash deal; the path
result reports both distances. The disagreement point plays no role in the trades themselves.

Arrays: ``tables[i]`` is ``(n_levels_i, 2)`` (:attr:`bargain.Scenario.tables`); ``levels``
``(n_issues,)`` level indices.

Examples
--------
>>> import numpy as np
>>> missiles = np.array([[0.0, 1.0], [0.7, 0.8], [0.8, 0.0]])   # Russia, NATO
>>> exercises = np.array([[0.0, 0.5], [0.5, 0.4], [0.6, 0.0]])
>>> trades = trade_sequence([missiles, exercises], np.array([2, 0]))
>>> [(t.issues, t.levels) for t in trades]
[((0, 1), (1, 1))]
>>> np.round(trades[0].gains, 3)
array([0.4, 0.7])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain.errors import ScenarioError
from bargain.model.scenario import Scenario
from bargain.protocols._shared import Context, Index, check_rounds
from bargain.protocols.result import Change, ConcessionPath
from bargain.solutions.concepts import TIE_RTOL

__all__ = ["Trade", "best_trade", "run", "trade_sequence", "trade_tolerance"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Trade:
    """One trade: the issues it moves, their new levels, and each party's gain ``(2,)``."""

    issues: tuple[int, ...]
    levels: tuple[int, ...]
    gains: Array


def trade_tolerance(tables: Sequence[Array]) -> Array:
    """Per party, the smallest gain that counts: ``1e-12`` of its largest possible utility.

    Relative, so that it does not depend on the unit of the values.
    """
    scale = sum((np.abs(np.asarray(t)).max(axis=0) for t in tables), np.zeros(2))
    out: Array = 1e-12 * scale
    return out


def _unit_exponents(tables: Sequence[Array]) -> NDArray[np.int64]:
    """Per party, the power of two bringing its largest possible |utility| below 1."""
    scale = sum((np.abs(np.asarray(t, dtype=np.float64)).max(axis=0) for t in tables), np.zeros(2))
    exponent: NDArray[np.int64] = np.frexp(scale)[1].astype(np.int64)
    return exponent


def _moves(
    tables: Sequence[Array], levels: NDArray[np.intp]
) -> tuple[NDArray[np.intp], NDArray[np.intp], Array]:
    """Every single-issue move from `levels`: its issue, new level and utility change ``(K, 2)``.

    Moves are listed by issue, then by level.
    """
    sizes = np.array([np.asarray(t).shape[0] for t in tables], dtype=np.intp)
    if sizes.size == 0:
        return np.empty(0, np.intp), np.empty(0, np.intp), np.empty((0, 2))
    stacked = np.concatenate([np.asarray(t, dtype=np.float64) for t in tables])
    issue = np.repeat(np.arange(sizes.size), sizes)
    first = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    new = np.arange(stacked.shape[0]) - first[issue]
    current = first + np.asarray(levels, dtype=np.intp)
    delta = stacked - stacked[current][issue]
    move = new != np.asarray(levels, dtype=np.intp)[issue]
    return issue[move], new[move], delta[move]


def _log_score(x: Array, y: Array, tol: Array) -> Array:
    """``log(x) + log(y)`` (the log of the product of gains) where both exceed `tol`, else -inf."""
    ok = (x > tol[0]) & (y > tol[1])
    with np.errstate(divide="ignore", invalid="ignore"):
        out: Array = np.where(
            ok, np.log(np.where(ok, x, 1.0)) + np.log(np.where(ok, y, 1.0)), -np.inf
        )
    return out


def _partners(delta: Array, issue: NDArray[np.intp]) -> NDArray[np.intp]:
    """The moves that can be the better half of a best pair: all but the doubly dominated.

    A move is dropped when two moves on two other, distinct issues each give both parties at
    least as much (an identical move counts if listed first). Whatever the other half of a pair,
    one of those two can replace the dropped move without lowering the pair's joint gain, so
    every pair's best partner is among the moves kept.
    """
    n = delta.shape[0]
    order = np.lexsort((np.arange(n), -delta[:, 1], -delta[:, 0]))
    ys, issues = delta[order, 1].tolist(), issue[order].tolist()
    keep = []
    top: list[tuple[float, int]] = []  # the largest y of the three best issues so far
    for k, (y, i) in enumerate(zip(ys, issues, strict=True)):
        if sum(1 for ty, ti in top if ti != i and ty >= y) < 2:
            keep.append(order[k])
        for j, (ty, ti) in enumerate(top):
            if ti == i:
                if y > ty:
                    top[j] = (y, i)
                break
        else:
            top.append((y, i))
        top.sort(reverse=True)
        del top[3:]
    return np.sort(np.array(keep, dtype=np.intp))


def best_trade(tables: Sequence[Array], levels: NDArray[np.intp]) -> Trade | None:
    """The mutually beneficial trade with the largest product of gains, or ``None``.

    Products are compared as sums of logarithms of gains, each party's utilities first divided
    by one power of two (exact), so neither the unit of the values nor their size matters. The
    best pair is found among partners that are not doubly dominated (:func:`_partners`), and the
    first listed trade within the tie tolerance of it by scanning only the moves that can reach
    it, so a trade costs about ``K * P`` for ``K`` moves and ``P`` partners instead of ``K**2``.
    """
    exponent = _unit_exponents(tables)
    tol = np.ldexp(trade_tolerance(tables), -exponent)
    issue, new, raw = _moves(tables, np.asarray(levels))
    if raw.shape[0] == 0:
        return None
    delta = np.ldexp(raw, -exponent)
    x, y = delta[:, 0], delta[:, 1]
    single = _log_score(x, y, tol)
    partners = _partners(delta, issue)
    k = delta.shape[0]
    reach = np.full(k, -np.inf)  # each move's best joint gain with any partner
    step = max(1, 2**20 // max(1, partners.size))
    for a in range(0, k, step):
        rows = slice(a, a + step)
        score = _log_score(x[rows, None] + x[partners], y[rows, None] + y[partners], tol)
        score[issue[rows, None] == issue[partners]] = -np.inf
        reach[rows] = score.max(axis=1, initial=-np.inf)
    best = max(float(single.max()), float(reach.max()))
    if not np.isfinite(best):
        return None
    threshold = best - TIE_RTOL
    hits = np.flatnonzero(single >= threshold)
    if hits.size:  # single-issue moves are listed before pairs
        j = int(hits[0])
        return Trade((int(issue[j]),), (int(new[j]),), raw[j].copy())
    for a in np.flatnonzero(reach >= threshold).tolist():
        later = a + 1 + int(np.searchsorted(issue[a + 1 :], issue[a], side="right"))
        score = _log_score(x[a] + x[later:], y[a] + y[later:], tol)
        found = np.flatnonzero(score >= threshold)
        if found.size:
            b = later + int(found[0])
            gains = np.ldexp(delta[a] + delta[b], exponent)
            return Trade((int(issue[a]), int(issue[b])), (int(new[a]), int(new[b])), gains)
    raise AssertionError("a best trade was found but not listed")  # pragma: no cover


def trade_sequence(
    tables: Sequence[Array], start: NDArray[np.intp], *, max_trades: int | None = None
) -> list[Trade]:
    """The trades made from `start`, in order, until none is left (or `max_trades` are made)."""
    levels = np.array(start, dtype=np.intp)
    out: list[Trade] = []
    while max_trades is None or len(out) < max_trades:
        trade = best_trade(tables, levels)
        if trade is None:
            break
        for i, lv in zip(trade.issues, trade.levels, strict=True):
            levels[i] = lv
        out.append(trade)
    return out


# --------------------------------------------------------------------------- the driver
def _start(scenario: Scenario, value: Any) -> Index:
    """The starting deal: the levels named, else each issue's first level no party red-lines."""
    levels = np.array([_first_allowed(scenario, i) for i in range(scenario.n_issues)], np.intp)
    parsed = {} if value is None else scenario.parse_deal(value, partial=True, key="start")
    for key, j in parsed.items():
        level = scenario.issue(key).levels[j]
        who = [p.name for p in scenario.parties if level in p.red_lines.get(key, ())]
        if who:
            raise ScenarioError(
                f"is red-lined by {' and '.join(who)}: trades start from a deal every party "
                f"could accept",
                key=f"start[{key!r}] {level!r}",
            )
        levels[scenario.issue_keys.index(key)] = j
    return levels


def _first_allowed(scenario: Scenario, i: int) -> int:
    issue = scenario.issues[i]
    refused = {x for p in scenario.parties for x in p.red_lines.get(issue.key, ())}
    return next((j for j, x in enumerate(issue.levels) if x not in refused), 0)


def _trade_sentence(ctx: Context, changes: tuple[Change, ...], tol: Array) -> str:
    parts = []
    for c in changes:
        losers = [ctx.names[k] for j, k in enumerate(ctx.keys) if c.gains[k] < -tol[j]]
        if losers:
            parts.append(f"{' and '.join(losers)} accepts '{c.after}' on {c.issue}")
        else:
            parts.append(f"both gain from '{c.after}' on {c.issue}")
    return "; ".join(parts)


def _ratio(gains: Array, changes: tuple[Change, ...], ctx: Context) -> str:
    """``; marginal-value ratio r`` for a two-issue trade in which each issue costs one side."""
    if len(changes) != 2:
        return ""
    a, b = ctx.keys
    g = [(c.gains[a], c.gains[b]) for c in changes]
    if g[0][0] > 0 > g[0][1] and g[1][1] > 0 > g[1][0]:
        r = (g[0][0] / -g[0][1]) * (g[1][1] / -g[1][0])
    elif g[0][1] > 0 > g[0][0] and g[1][0] > 0 > g[1][1]:
        r = (g[0][1] / -g[0][0]) * (g[1][0] / -g[1][1])
    else:
        return ""
    return f"; marginal-value ratio {r:.2f}"


def run(ctx: Context, options: Mapping[str, Any]) -> ConcessionPath:
    """The trades made from the starting deal, each told as a sentence."""
    start = _start(ctx.scenario, options.get("start"))
    max_trades = check_rounds(options.get("rounds"), None)
    used = {"start": ctx.scenario.describe(start), "rounds": max_trades}
    if ctx.scenario.space.empty:
        return ctx.finish("trades", [], None, False, 0, ctx.no_deal(), used)
    space = ctx.scenario.space  # trades move effective issues: a linked group moves as one
    tol = trade_tolerance(space.tables)
    trades = trade_sequence(space.tables, space.effective(start), max_trades=max_trades)
    steps = []
    levels, eff = start.copy(), space.effective(start)
    for r, trade in enumerate(trades, start=1):
        eff = eff.copy()
        for e, lv in zip(trade.issues, trade.levels, strict=True):
            eff[e] = lv
        new = space.original(eff)
        changes = ctx.changes(levels, new)
        gains = ", ".join(
            f"{ctx.names[k]} {g:+.3f}" for k, g in zip(ctx.keys, trade.gains, strict=True)
        )
        ratio = _ratio(trade.gains, changes, ctx)
        note = f"{_trade_sentence(ctx, changes, tol)} ({gains}{ratio})"
        steps.append(ctx.step(r, None, new, True, changes, note))
        levels = new
    u0, u1 = ctx.scenario.utilities(start), ctx.scenario.utilities(levels)
    rational = bool(np.all(u1 > ctx.d))
    if not trades:
        story = f"From the start ({ctx.utilities_text(u0)}) no trade helps both parties."
    else:
        story = (
            f"From the start ({ctx.utilities_text(u0)}), {len(trades)} trade(s) lead to "
            f"{ctx.utilities_text(u1)}"
        )
        capped = max_trades is not None and len(trades) == max_trades
        story += "; stopped at the limit `rounds`." if capped else "; then no trade helps both."
    path = ctx.finish("trades", steps, levels, rational, len(trades), "", used)
    assert path.distance_to_frontier is not None
    where = (
        "on the Pareto frontier"
        if path.distance_to_frontier <= 1e-9
        else f"{path.distance_to_frontier:.3f} (in utility) from the Pareto frontier"
    )
    story += f" The final deal is {where}"
    if path.distance_to_nash is not None:
        story += f" and {path.distance_to_nash:.3f} from the Nash deal."
    else:
        story += "; no deal is individually rational, so there is no Nash deal."
    if not rational:
        below = [ctx.names[k] for j, k in enumerate(ctx.keys) if u1[j] <= ctx.d[j]]
        story += (
            f" It leaves {' and '.join(below)} at or below the disagreement utility, so it is "
            f"no agreement."
        )
    return replace(path, message=story)
