"""Solving a scenario once its arguments are resolved: :func:`solve_scenario`.

The public :func:`bargain.solve` checks the user's arguments and resolves the disagreement point
and the powers to arrays; this module does the rest.

- Two parties (or an explicit frontier ``engine``): the exact Pareto frontier
  (:func:`bargain.frontier.engine.frontier_arrays`) is computed, then the method picks its point
  on it (:func:`bargain.solutions.concepts.choose`, which documents each method and the tie
  rule).
- Three or more parties: branch and bound over issues (:func:`bargain.solutions.exact.
  best_deals`), exact without the frontier; the solution carries its certificate.

With ``lotteries=True`` the method is applied to the convex hull of the deals instead: for two
parties from the hull chain (:mod:`bargain.frontier.hull`, :mod:`bargain.solutions.lottery`),
for three or more from the relaxation of the branch and bound, solved exactly
(:mod:`bargain.solutions.relaxation`).

All of them work on the scenario's effective deal space (:attr:`bargain.Scenario.space`), so a
red-lined level is never part of a solution; when the red lines leave no deal, the message says
which of them collide.

Examples
--------
>>> import numpy as np
>>> from bargain import Issue, Party, Scenario
>>> split = Issue("split", "Split", ["all to A", "half", "all to B"])
>>> a = Party("a", "A", values={"split": [1.0, 0.5, 0.0]})
>>> b = Party("b", "B", values={"split": [0.0, 0.5, 1.0]})
>>> cake = Scenario(name="cake", issues=[split], parties=[a, b])
>>> solve_scenario(cake, "nash", np.zeros(2), np.ones(2)).deal
{'split': 'half'}
>>> sol = solve_scenario(cake, "nash", np.array([0.6, 0.0]), np.ones(2), lotteries=True)
>>> sol.lottery.deals, tuple(round(p, 12) for p in sol.lottery.probabilities)
(({'split': 'all to A'}, {'split': 'all to B'}), (0.8, 0.2))
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from bargain._results import Labels
from bargain._text import NO_DEAL, NO_LOTTERY, deal_count, frontier_size
from bargain.frontier.engine import frontier_arrays
from bargain.frontier.hull import hull_chain
from bargain.model.scenario import Scenario
from bargain.solutions.concepts import METHODS, choose, individually_rational
from bargain.solutions.exact import CRITERIA, best_deals
from bargain.solutions.lottery import (
    NEGLIGIBLE_PROBABILITY,
    drop_negligible,
    edge_nash,
    ideal_gains,
    nash_lottery,
    nash_on_chain,
    ray_lottery,
)
from bargain.solutions.relaxation import (
    Relaxed,
    ideal_relaxation,
    nash_relaxation,
    ray_relaxation,
)
from bargain.solutions.result import Certificate, Lottery, Solution

__all__ = ["make_solution", "solve_scenario"]


def make_solution(
    scenario: Scenario,
    method: str,
    levels: NDArray[np.intp] | None,
    disagreement: NDArray[np.float64],
    message: str,
    *,
    ties: Sequence[NDArray[np.intp]] = (),
    certificate: Certificate | None = None,
) -> Solution:
    """Wrap a chosen deal (or ``None``) as a :class:`Solution` with utilities and gains."""
    keys = scenario.party_keys
    d = {k: float(x) for k, x in zip(keys, disagreement, strict=True)}
    if levels is None:
        return Solution(
            scenario=scenario.name,
            method=method,
            agreement=False,
            deal=None,
            levels=None,
            utilities=dict(d),
            gains=dict.fromkeys(keys, 0.0),
            disagreement=d,
            nash_product=None,
            message=message,
            labels=Labels.of(scenario),
        )
    u = scenario.utilities(levels)
    gains = u - disagreement
    return Solution(
        scenario=scenario.name,
        method=method,
        agreement=True,
        deal=scenario.describe(levels),
        levels=tuple(int(j) for j in levels),
        utilities={k: float(x) for k, x in zip(keys, u, strict=True)},
        gains={k: float(x) for k, x in zip(keys, gains, strict=True)},
        disagreement=d,
        nash_product=_product(gains),
        log_nash_product=float(np.log(gains).sum()),
        message=message,
        ties=tuple(scenario.describe(t) for t in ties),
        certificate=certificate,
        labels=Labels.of(scenario),
    )


def _product(gains: NDArray[np.float64]) -> float:
    with np.errstate(over="ignore", under="ignore"):
        return float(np.prod(gains))


def _lottery_solution(
    scenario: Scenario,
    method: str,
    deals: Sequence[NDArray[np.intp]],
    weights: NDArray[np.float64],
    d: NDArray[np.float64],
    message: str | None,
    certificate: Certificate | None = None,
) -> Solution:
    """Wrap a lottery (one deal: a pure solution) as a :class:`Solution`.

    Deals below :data:`~bargain.solutions.lottery.NEGLIGIBLE_PROBABILITY` are dropped first; a
    `message` of None counts the deals left, and a lottery left with one deal is a pure one.
    """
    keep, weights = drop_negligible(weights)
    if keep.size < len(deals) and keep.size == 1:
        message = _pure_msg(method)
    deals = [deals[j] for j in keep]
    if message is None:
        message = _lottery_message(method, len(deals))
    order = sorted(range(len(deals)), key=lambda j: (-float(weights[j]), tuple(deals[j])))
    deals = [deals[j] for j in order]
    weights = np.asarray(weights, dtype=np.float64)[order]
    if len(deals) == 1:
        if not np.all(scenario.utilities(deals[0]) > d):  # rounding at the edge of rationality
            return make_solution(scenario, method, None, d, NO_LOTTERY)
        return make_solution(scenario, method, deals[0], d, message, certificate=certificate)
    each = scenario.utilities(np.stack(deals))
    u = weights @ each
    gains = u - d
    if not np.all(gains > 0):  # rounding at the very edge of rationality
        return make_solution(scenario, method, None, d, NO_LOTTERY)
    keys = scenario.party_keys
    lottery = Lottery(
        deals=tuple(scenario.describe(x) for x in deals),
        probabilities=tuple(float(w) for w in weights),
        levels=tuple(tuple(int(j) for j in x) for x in deals),
        utilities=tuple({k: float(x) for k, x in zip(keys, row, strict=True)} for row in each),
    )
    return Solution(
        scenario=scenario.name,
        method=method,
        agreement=True,
        deal=lottery.deals[0],
        levels=lottery.levels[0],
        utilities={k: float(x) for k, x in zip(keys, u, strict=True)},
        gains={k: float(x) for k, x in zip(keys, gains, strict=True)},
        disagreement={k: float(x) for k, x in zip(keys, d, strict=True)},
        nash_product=_product(gains),
        log_nash_product=float(np.log(gains).sum()),
        message=message,
        lottery=lottery,
        certificate=certificate,
        labels=Labels.of(scenario),
    )


def _chain_nash(
    scenario: Scenario, method: str, d: NDArray[np.float64], p: NDArray[np.float64]
) -> Solution:
    """Two parties: the Nash lottery on the hull chain, refined on the deals' own sums."""
    space = scenario.space
    chain = hull_chain(space.tables)
    found = nash_on_chain(chain.vertices, d, p)
    if found is None:
        return make_solution(scenario, method, None, d, NO_LOTTERY)
    edge, _ = found
    first = space.original(chain.deal(edge))
    if edge + 1 >= chain.vertices.shape[0]:
        return _lottery_solution(scenario, method, [first], np.ones(1), d, _pure_msg(method))
    second = space.original(chain.deal(edge + 1))
    ua, ub = scenario.utilities(np.stack([first, second]))
    g, delta = ua - d, ub - ua
    t = float(edge_nash(g[:1], g[1:], delta[:1], delta[1:], float(p[0]), float(p[1]))[0])
    if t < NEGLIGIBLE_PROBABILITY or t > 1 - NEGLIGIBLE_PROBABILITY:
        pure = first if t < NEGLIGIBLE_PROBABILITY else second
        return _lottery_solution(scenario, method, [pure], np.ones(1), d, _pure_msg(method))
    names = [repr(scenario.issues[int(i)].name) for i in np.flatnonzero(first != second)]
    which = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]} (linked)"
    message = (
        f"{_title(method)} over lotteries: the best point of the convex hull of all deals is a "
        f"lottery between two deals that differ only in {which}."
    )
    return _lottery_solution(scenario, method, [first, second], np.array([1 - t, t]), d, message)


def _deals_text(scenario: Scenario) -> str:
    return deal_count(scenario.space.n_deals, scenario.n_deals)


def _pure_msg(method: str) -> str:
    return f"{_title(method)} over lotteries: no lottery beats the best single deal."


def _title(method: str) -> str:
    return METHODS[method].run.title


def _lottery_message(method: str, n_deals: int) -> str:
    if n_deals == 1:
        return _pure_msg(method)
    return (
        f"{_title(method)} over lotteries: a lottery over {n_deals} deals on the convex hull of "
        f"all deals."
    )


def _frontier_lotteries(
    scenario: Scenario, method: str, d: NDArray[np.float64], p: NDArray[np.float64], engine: str
) -> Solution:
    """Lotteries from given points: the two-party hull chain, or an explicit frontier engine."""
    if scenario.n_parties == 2 and method in ("nash", "asymmetric-nash"):
        return _chain_nash(scenario, method, d, p)
    if scenario.n_parties == 2:
        chain = hull_chain(scenario.space.tables)
        deals = scenario.space.original(
            np.stack([chain.deal(j) for j in range(chain.vertices.shape[0])])
        )
        points = scenario.utilities(deals)
    else:
        points, deals, _ = frontier_arrays(scenario, engine)
    if method in ("nash", "asymmetric-nash"):
        found = nash_lottery(points, d, p)
    else:
        if method == "egalitarian":
            direction: NDArray[np.float64] | None = np.ones(scenario.n_parties)
        else:
            direction = ideal_gains(points, d)
        found = None if direction is None else ray_lottery(points, d, direction)
    if found is None:
        return make_solution(scenario, method, None, d, NO_LOTTERY)
    rows, weights = found
    return _lottery_solution(scenario, method, [deals[r] for r in rows], weights, d, None)


def _relaxed_lotteries(
    scenario: Scenario, method: str, d: NDArray[np.float64], p: NDArray[np.float64]
) -> Solution:
    """Three or more parties: the lottery relaxation solved exactly, without the frontier."""
    space = scenario.space
    tables = space.tables
    found: Relaxed | None
    if method in ("nash", "asymmetric-nash"):
        found = nash_relaxation(tables, d, p)
    elif method == "egalitarian":
        found = ray_relaxation(tables, d, np.ones(scenario.n_parties))
    else:
        ideal = ideal_relaxation(tables, d)
        found = None if ideal is None else ray_relaxation(tables, d, ideal)
    if found is None:
        return make_solution(scenario, method, None, d, NO_LOTTERY)
    certificate = Certificate(
        CRITERIA[method], found.value, found.bound, found.bound, 1, lotteries=True
    )
    deals = list(space.original(found.deals))
    return _lottery_solution(scenario, method, deals, found.weights, d, None, certificate)


def _branch_and_bound(
    scenario: Scenario,
    method: str,
    d: NDArray[np.float64],
    p: NDArray[np.float64],
    lotteries: bool,
) -> Solution:
    """Three or more parties: the exact optimum by branch and bound, with its certificate.

    The search runs on the effective deal space; the optimal deals are mapped back to original
    level indices, and the tie rule (the lexicographically smallest deal) applies to those.
    """
    space = scenario.space
    found = best_deals(method, space.tables, d, p)
    if found.deal is None:
        return make_solution(scenario, method, None, d, NO_DEAL)
    relaxation = found.relaxation if math.isfinite(found.relaxation) else None
    certificate = Certificate(found.criterion, found.value, found.bound, relaxation, found.nodes)
    optimal = sorted(
        (space.original(x) for x in [found.deal, *found.ties]), key=lambda x: tuple(x.tolist())
    )
    message = (
        f"{_title(method)}: the individually rational deal with {METHODS[method].summary}, among "
        f"all {_deals_text(scenario)} (exact branch and bound over issues, "
        f"{found.nodes:,} node{'s' if found.nodes != 1 else ''})."
    )
    if lotteries:
        message += " A lottery never beats the best deal for this method."
    return make_solution(
        scenario, method, optimal[0], d, message, ties=optimal[1:], certificate=certificate
    )


def solve_scenario(
    scenario: Scenario,
    method: str,
    disagreement: NDArray[np.float64],
    powers: NDArray[np.float64],
    *,
    lotteries: bool = False,
    engine: str = "auto",
) -> Solution:
    """Solve `scenario` by `method` from the disagreement point and powers given as arrays.

    Arguments are taken as valid (:func:`bargain.solve` checks them); see it for their meaning.
    With three or more parties and ``engine="auto"`` nothing builds the frontier: the answer
    comes from the branch and bound (or, with lotteries, its relaxation).
    """
    d, p = disagreement, powers
    if scenario.space.empty:
        return make_solution(scenario, method, None, d, scenario.space.message)
    exact = scenario.n_parties >= 3 and engine == "auto"
    if lotteries and method != "utilitarian":
        if exact:
            return _relaxed_lotteries(scenario, method, d, p)
        return _frontier_lotteries(scenario, method, d, p, engine)
    if exact:
        return _branch_and_bound(scenario, method, d, p, lotteries)
    u, deals, used = frontier_arrays(scenario, engine)
    best, ties = choose(method, u, deals, d, p)
    if best is None:
        return make_solution(scenario, method, None, d, NO_DEAL)
    how = "exhaustive search" if used == "brute-force" else "exact frontier merge"
    n_frontier = int(np.count_nonzero(individually_rational(u, d)))
    message = (
        f"{_title(method)}: the individually rational deal with {METHODS[method].summary}, among "
        f"the {frontier_size(n_frontier)} (of {_deals_text(scenario)}; {how})."
    )
    if lotteries:
        message += " A lottery never beats the best deal for this method."
    return make_solution(scenario, method, deals[best], d, message, ties=[deals[t] for t in ties])
