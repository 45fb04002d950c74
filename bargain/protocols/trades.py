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
benefit both is never made); ties go to the trade listed first (issue order, then level order;
single-issue moves before pairs). This repeats until no mutually beneficial trade remains. So:

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
    """Per party, the smallest gain that counts (``1e-12`` of its largest possible utility)."""
    scale = sum((np.abs(np.asarray(t)).max(axis=0) for t in tables), np.zeros(2))
    out: Array = 1e-12 * (1.0 + scale)
    return out


def _moves(
    tables: Sequence[Array], levels: NDArray[np.intp]
) -> tuple[NDArray[np.intp], NDArray[np.intp], Array]:
    """Every single-issue move from `levels`: its issue, new level and utility change ``(K, 2)``."""
    issues, news, deltas = [], [], []
    for i, table in enumerate(tables):
        t = np.asarray(table, dtype=np.float64)
        for b in range(t.shape[0]):
            if b != levels[i]:
                issues.append(i)
                news.append(b)
                deltas.append(t[b] - t[levels[i]])
    delta = np.asarray(deltas, dtype=np.float64).reshape(-1, 2)
    return np.asarray(issues, dtype=np.intp), np.asarray(news, dtype=np.intp), delta


def best_trade(tables: Sequence[Array], levels: NDArray[np.intp]) -> Trade | None:
    """The mutually beneficial trade with the largest product of gains, or ``None``."""
    tol = trade_tolerance(tables)
    issue, new, delta = _moves(tables, np.asarray(levels))
    if delta.shape[0] == 0:
        return None
    single = np.where(np.all(delta > tol, axis=1), delta[:, 0] * delta[:, 1], -np.inf)
    pair = delta[:, None, :] + delta[None, :, :]
    ok = np.all(pair > tol, axis=2) & (issue[:, None] < issue[None, :])
    pair_score = np.where(ok, pair[..., 0] * pair[..., 1], -np.inf).ravel()
    scores = np.concatenate([single, pair_score])
    best = scores.max()
    if not np.isfinite(best):
        return None
    j = int(np.flatnonzero(scores >= best - TIE_RTOL * abs(best))[0])
    k = delta.shape[0]
    if j < k:
        return Trade((int(issue[j]),), (int(new[j]),), delta[j].copy())
    a, b = divmod(j - k, k)
    return Trade((int(issue[a]), int(issue[b])), (int(new[a]), int(new[b])), delta[a] + delta[b])


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
