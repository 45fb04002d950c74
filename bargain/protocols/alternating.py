"""Rubinstein's alternating-offers bargaining on the convex frontier of two parties.

Two parties take turns proposing; a rejected proposal costs a round, and a gain received one
round later is worth ``delta_i`` times as much to party ``i`` (its ``discount``). Rubinstein
(1982) showed that with ``delta_i < 1`` the game has a unique subgame-perfect equilibrium: the
first proposer's offer is accepted at once, and each proposal gives the responder exactly what
it could secure by rejecting and proposing next round, discounted by one round (its
*continuation value*). With gains ``g = u - d`` over the disagreement point (perpetual
disagreement is worth ``d``) and ``phi`` the Pareto frontier (party 1's largest gain when party
0 gains ``x``), party 0 proposes ``(x, phi(x))`` and party 1 proposes ``(delta_0 x, phi(delta_0
x))``, where ``x`` solves

    phi(x) = delta_1 * phi(delta_0 * x).

On the linear frontier ``x + y = 1`` this is the closed form ``x = (1 - delta_1) / (1 - delta_0
delta_1)``. Binmore, Rubinstein and Wolinsky (1986) showed that when the time between offers
shrinks (``delta_i = exp(-r_i * step)``, ``step -> 0``) the equilibrium tends to the asymmetric
Nash solution with powers proportional to ``1 / r_i = 1 / -log(delta_i)``, hence to the Nash
solution when the parties are equally patient.

Breakdown risk
--------------
Binmore, Rubinstein and Wolinsky (1986) also model talks that may end for reasons outside the
offers (a deadline threat, a crisis): after each rejected offer, with probability ``q`` (the
``breakdown_risk``) the talks break down and each party gets its disagreement utility. A
responder then weighs its next proposal by ``delta_i (1 - q)`` instead of ``delta_i``: the model
above with *effective* factors ``f_i = delta_i (1 - q)``, so on the linear frontier the first
proposer gets ``x = (1 - f_1) / (1 - f_0 f_1)``, with patient parties (``delta = 1``)
``x = 1 / (2 - q)``. As ``q -> 0`` (risk per offer shrinking with the time between offers) the
equilibrium tends to the *symmetric* Nash solution whatever the parties' patience, the
disagreement point being the breakdown point: a deadline threat is a common risk of failure,
not one side's impatience.

Which frontier
--------------
The equilibrium is computed on the Pareto boundary of the convex hull of all deals (lotteries,
:mod:`bargain.frontier.hull`), where it is unique and tends to the Nash solution of that frontier;
the offer is a lottery between two deals that differ in one issue, or a pure deal at a vertex.
``x`` is found by bisection. Why, and why not the discrete frontier: docs/algorithms.md.

Examples
--------
>>> import numpy as np
>>> out = rubinstein(np.array([[0.0, 1.0], [1.0, 0.0]]), np.zeros(2), np.array([0.5, 0.8]))
>>> np.round(out.proposals, 6)  # party 0's share (1 - 0.8) / (1 - 0.4) = 1/3
array([[0.333333, 0.666667],
       [0.166667, 0.833333]])
>>> np.round(out.continuation, 6)
array([0.166667, 0.666667])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_number, per_party
from bargain.errors import ScenarioError
from bargain.frontier.hull import hull_chain, strict_chain
from bargain.model.scenario import Scenario
from bargain.protocols._shared import Context, Index, check_first
from bargain.protocols.result import ConcessionPath
from bargain.solutions.lottery import nash_on_chain
from bargain.solutions.result import Lottery
from bargain.solutions.solve import solve_scenario

__all__ = ["RubinsteinOutcome", "rubinstein", "run"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class RubinsteinOutcome:
    """The subgame-perfect equilibrium of alternating offers on a two-party chain.

    Attributes
    ----------
    proposals
        ``(2, 2)``: row ``p`` holds the utilities of the offer party ``p`` makes when it
        proposes.
    segments
        For each proposal ``(i, j, t)``: it is the lottery giving chain vertex ``j`` probability
        ``t`` and vertex ``i`` the rest (``i == j``, ``t == 0`` for a vertex).
    continuation
        ``(2,)``: each party's continuation value, the utility it secures (discounted to now,
        breakdown risk included) by rejecting the other's proposal and proposing next round.
    undiscounted
        Both discount factors are 1 and there is no breakdown risk: the proposals are the Nash
        point, the limit of equally patient parties, not an equilibrium.
    """

    proposals: Array
    segments: tuple[tuple[int, int, float], ...]
    continuation: Array
    undiscounted: bool


def _flip(vertices: Array) -> Array:
    """The chain seen from party 1: columns swapped, order reversed (first column increasing)."""
    out: Array = vertices[::-1, ::-1].copy()
    return out


def rubinstein(
    vertices: Array, disagreement: Array, discounts: Array, first: int = 0, breakdown: float = 0.0
) -> RubinsteinOutcome | None:
    """The alternating-offers equilibrium on a chain (see the module docstring).

    Parameters
    ----------
    vertices
        ``(k, 2)`` chain vertices from top-left to bottom-right, the first column increasing and
        the second decreasing (:attr:`bargain.frontier.hull.Chain.vertices`); vertices that rounding
        made weakly dominated are dropped first
        (:func:`bargain.frontier.hull.strict_chain`).
    disagreement, discounts
        ``(2,)`` each; discounts in ``(0, 1]``.
    first
        The party proposing first, 0 or 1 (its proposal is the one accepted; both are returned).
    breakdown
        Probability in ``[0, 1)`` that talks break down after each rejected offer; each party's
        factor becomes ``discounts[i] * (1 - breakdown)``.

    Returns
    -------
    RubinsteinOutcome or None
        ``None`` when no point of the chain gives both parties strictly more than ``d``.
    """
    v = np.asarray(vertices, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    delta = np.asarray(discounts, dtype=np.float64) * (1.0 - breakdown)
    kept = strict_chain(v)
    found = _solve(v[kept], d, delta, first)
    if found is None:
        return None
    proposals, positions, continuation, undiscounted = found
    segments = []
    for s in positions.tolist():
        j = min(int(s), kept.size - 1)
        t = s - j
        if j == kept.size - 1 or t <= 1e-12:
            segments.append((int(kept[j]), int(kept[j]), 0.0))
        elif t >= 1 - 1e-12:
            segments.append((int(kept[j + 1]), int(kept[j + 1]), 0.0))
        else:
            segments.append((int(kept[j]), int(kept[j + 1]), float(t)))
    return RubinsteinOutcome(proposals, tuple(segments), continuation, undiscounted)


_Found = tuple[Array, Array, Array, bool]


def _nash_limit(v: Array, d: Array) -> _Found | None:
    """No discounting, no breakdown risk: the Nash point of the chain, as both proposals."""
    found = nash_on_chain(v, d, np.ones(2))
    if found is None:
        return None
    edge, t = found
    s = edge + t
    index = np.arange(v.shape[0], dtype=np.float64)
    x = float(np.interp(s, index, v[:, 0] - d[0]))
    y = float(np.interp(s, index, v[:, 1] - d[1]))
    point = np.array([[x, y], [x, y]]) + d
    return point, np.array([s, s]), point[0].copy(), True


def _solve(v: Array, d: Array, delta: Array, first: int) -> _Found | None:
    """Proposals, their positions on the (strict) chain, continuation values, undiscounted."""
    k = v.shape[0]
    if first == 1:
        out = _solve(_flip(v), d[::-1], delta[::-1], 0)
        if out is None:
            return None
        proposals, positions, continuation, undiscounted = out
        return (
            proposals[::-1, ::-1].copy(),
            (k - 1) - positions[::-1],
            continuation[::-1].copy(),
            undiscounted,
        )
    g = v - d
    x0, y0 = g[:, 0], g[:, 1]
    index = np.arange(k, dtype=np.float64)
    if k == 1 or y0[0] <= 0 or x0[-1] <= 0:
        if k == 1 and x0[0] > 0 and y0[0] > 0:
            point = np.array([v[0], v[0]])
            return point, np.zeros(2), delta * g[0] + d, bool(np.all(delta == 1))
        return None
    x_max = float(x0[-1]) if y0[-1] >= 0 else float(np.interp(0.0, y0[::-1], x0[::-1]))
    if x_max <= 0:
        return None
    if np.all(delta == 1):
        return _nash_limit(v, d)

    def phi(x: float) -> float:
        return float(np.interp(x, x0, y0))

    def excess(x: float) -> float:
        return phi(x) - float(delta[1]) * phi(float(delta[0]) * x)

    lo, hi = max(0.0, float(x0[0])), x_max
    if excess(hi) >= 0:
        x = hi
    else:
        for _ in range(200):
            mid = 0.5 * (lo + hi)
            if not lo < mid < hi:
                break
            if excess(mid) >= 0:
                lo = mid
            else:
                hi = mid
        x = lo
    x1 = max(float(delta[0]) * x, float(x0[0]))
    gains = np.array([[x, phi(x)], [x1, phi(float(delta[0]) * x)]])
    positions = np.array([np.interp(x, x0, index), np.interp(x1, x0, index)])
    continuation = np.array([delta[0] * gains[0, 0], delta[1] * gains[1, 1]]) + d
    return gains + d, positions, continuation, False


# --------------------------------------------------------------------------- the driver
def _discounts(scenario: Scenario, value: Any) -> Array:
    out = scenario.discounts.copy()
    if value is None:
        return out
    for key, x in per_party(scenario.party_keys, value, "discounts"):
        where = f"discounts[{key!r}]"
        v = check_number(x, where)
        if not 0 < v <= 1:
            raise ScenarioError(f"must be in (0, 1], found {v}", key=where)
        out[scenario.party_keys.index(key)] = v
    return out


def _breakdown(scenario: Scenario, value: Any) -> float:
    if value is None:
        return scenario.breakdown_risk
    q = check_number(value, "breakdown_risk")
    if not 0 <= q < 1:
        raise ScenarioError(f"must be in [0, 1), found {q}", key="breakdown_risk")
    return q


def _lottery(
    ctx: Context, chain_deal: Any, segment: tuple[int, int, float]
) -> tuple[Index, Array, Lottery | None]:
    """The point `segment` of the chain: its most probable deal, expected utilities, lottery."""
    i, j, t = segment
    if i == j:
        deal = chain_deal(i)
        return deal, ctx.scenario.utilities(deal), None
    pair = [chain_deal(i), chain_deal(j)]
    probs = [1 - t, t]
    order = [0, 1] if probs[0] >= probs[1] else [1, 0]
    u = probs[0] * ctx.scenario.utilities(pair[0]) + probs[1] * ctx.scenario.utilities(pair[1])
    lottery = Lottery(
        deals=tuple(ctx.scenario.describe(pair[o]) for o in order),
        probabilities=tuple(float(probs[o]) for o in order),
        levels=tuple(tuple(int(x) for x in pair[o]) for o in order),
        utilities=tuple(ctx.mapping(ctx.scenario.utilities(pair[o])) for o in order),
    )
    return pair[order[0]], u, lottery


def _no_offer(ctx: Context, used: dict[str, Any]) -> ConcessionPath:
    """No lottery is individually rational (or the red lines leave no deal): talks fail."""
    message = ctx.scenario.space.message or (
        "No lottery over deals gives both parties more than their disagreement utility: no "
        "offer can be accepted, talks fail and each party gets its disagreement utility."
    )
    return ConcessionPath(
        scenario=ctx.scenario.name,
        protocol="alternating-offers",
        parties=ctx.keys,
        steps=(),
        agreement=False,
        deal=None,
        levels=None,
        utilities=ctx.mapping(ctx.d),
        disagreement=ctx.mapping(ctx.d),
        rounds=0,
        message=message,
        options=used,
        labels=ctx.labels,
    )


def _limit(ctx: Context, factors: Array) -> str:
    """The asymmetric Nash solution the equilibrium tends to as offers speed up, in words."""
    if not np.all(factors < 1):
        return ""
    powers = 1.0 / -np.log(factors)
    limit = solve_scenario(ctx.scenario, "asymmetric-nash", ctx.d, powers, lotteries=True)
    if not limit.agreement:
        return ""
    return (
        f" As offers speed up it tends to the asymmetric Nash solution with powers "
        f"1/-log(discount x (1 - breakdown risk)) ({', '.join(f'{p:.3g}' for p in powers)}): "
        f"{ctx.utilities_text(np.array(list(limit.utilities.values())))}."
    )


def _story(
    ctx: Context, out: RubinsteinOutcome, delta: Array, q: float, first: int, u: Array
) -> tuple[str, str]:
    """The note of the accepted offer and the path's message."""
    other = 1 - first
    proposer, responder = ctx.names[ctx.keys[first]], ctx.names[ctx.keys[other]]
    if out.undiscounted:
        note = "the Nash point (no discounting: the limit of equally patient parties)"
        message = (
            "Alternating offers without discounting or breakdown risk (both discount factors "
            "are 1) have no unique equilibrium; reported is the limit as both become patient "
            "at the same rate, the Nash solution on the convex frontier of lotteries."
        )
        return note, message
    exact = abs(u[other] - out.continuation[other]) <= 1e-9 * (1 + abs(u[other]))
    note = (
        f"offers {responder} {u[other]:.3f}, "
        f"{'exactly' if exact else 'more than'} its continuation value "
        f"{out.continuation[other]:.3f}: accepted at once"
    )
    rates = ", ".join(f"{ctx.names[k]} {x:g}" for k, x in zip(ctx.keys, delta, strict=True))
    risk = f"; breakdown risk {q:g} per rejected offer" if q > 0 else ""
    message = (
        f"Rubinstein alternating offers (discount factors {rates}{risk}; {proposer} proposes "
        f"first) on the convex frontier of lotteries: {proposer}'s equilibrium offer is "
        f"accepted in round 1, giving {ctx.utilities_text(u)}. Had {responder} proposed, it "
        f"would have offered {ctx.utilities_text(out.proposals[other])}."
    )
    return note, message + _limit(ctx, delta * (1.0 - q))


def run(ctx: Context, options: Mapping[str, Any]) -> ConcessionPath:
    """Rubinstein's equilibrium on the scenario's lottery frontier, told as one accepted offer."""
    delta = _discounts(ctx.scenario, options.get("discounts"))
    q = _breakdown(ctx.scenario, options.get("breakdown_risk"))
    first = check_first(ctx.scenario, options.get("first"))
    used = {"discounts": ctx.mapping(delta), "breakdown_risk": q, "first": ctx.keys[first]}
    space = ctx.scenario.space
    if space.empty:
        return _no_offer(ctx, used)
    chain = hull_chain(space.tables)
    out = rubinstein(chain.vertices, ctx.d, delta, first, q)
    if out is None:
        return _no_offer(ctx, used)
    deal, u, lottery = _lottery(ctx, lambda j: space.original(chain.deal(j)), out.segments[first])
    note, message = _story(ctx, out, delta, q, first, u)
    step = ctx.step(1, first, deal, True, (), note, utilities=u, lottery=lottery)
    nash_sol = solve_scenario(ctx.scenario, "nash", ctx.d, np.ones(2), lotteries=True)
    nash_u = np.array(list(nash_sol.utilities.values())) if nash_sol.agreement else None
    return ConcessionPath(
        scenario=ctx.scenario.name,
        protocol="alternating-offers",
        parties=ctx.keys,
        steps=(step,),
        agreement=True,
        deal=ctx.scenario.describe(deal),
        levels=tuple(int(j) for j in deal),
        utilities=ctx.mapping(u),
        disagreement=ctx.mapping(ctx.d),
        rounds=1,
        message=message,
        options=used,
        nash=dict(nash_sol.deal) if nash_sol.deal is not None else None,
        nash_utilities=dict(nash_sol.utilities) if nash_sol.agreement else None,
        distance_to_nash=None if nash_u is None else float(np.linalg.norm(u - nash_u)),
        distance_to_frontier=0.0,
        continuation=ctx.mapping(out.continuation),
        lottery=lottery,
        labels=ctx.labels,
    )
