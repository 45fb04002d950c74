"""The frontier engine switch: which exact algorithm computes the Pareto frontier of a scenario.

Two engines return identical utilities (bit for bit: utilities are summed issue by issue, first to
last, in both): ``"merge"`` (:mod:`bargain.frontier.merge`, the incremental Minkowski merge) and
``"brute-force"`` (:func:`bargain.frontier.enumerate.brute_force_frontier`, every deal
enumerated); ``"auto"`` enumerates spaces of up to :data:`AUTO_ENUMERATE` deals, where that is
faster, and merges the rest. Both run on the scenario's effective deal space
(:attr:`bargain.Scenario.space`: red-lined levels dropped, linked issues compounded) and return
deals as original level indices.

With three or more parties the frontier can hold most of the deal space; the merge then runs
within a budget of points (:func:`bargain.frontier.estimate.merge_within`: it estimates the size
as it goes and refuses beyond ``max_points``, by default :func:`default_max_points`), and the
refusal points to :func:`bargain.solve`, which needs no frontier.

Examples
--------
>>> from bargain import load_scenario
>>> u, deals, used = frontier_arrays(load_scenario("russia-nato-2022-no-red-lines"))
>>> u.shape, deals.shape, used
((104, 2), (104, 8), 'merge')
>>> ENGINES.names
('auto', 'merge', 'brute-force')
>>> frontier_arrays(load_scenario("russia-us-2021-no-red-lines"), max_points=20)
... # doctest: +ELLIPSIS
Traceback (most recent call last):
...
bargain.errors.ScenarioError: max_points is 20, but the Pareto frontier of this 3-party \
scenario would hold about ... points ...
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_count
from bargain._registry import Choice, Registry
from bargain.errors import ScenarioError
from bargain.frontier.enumerate import MAX_ENUMERATED, brute_force_frontier
from bargain.frontier.estimate import TooLarge, merge_within
from bargain.frontier.merge import merge_frontier
from bargain.model.scenario import Scenario

__all__ = [
    "AUTO_ENUMERATE",
    "DEFAULT_MAX_POINTS",
    "ENGINES",
    "default_max_points",
    "frontier_arrays",
    "pick_engine",
    "tables_frontier",
]

#: ``engine="auto"`` enumerates spaces up to this many deals (measured: faster there).
AUTO_ENUMERATE = 2048
#: The default budget of frontier points, for three parties and for four or more (pruning is
#: then pairwise: its cost grows with the square of the frontier). About ten seconds of work.
DEFAULT_MAX_POINTS = (100_000, 5_000)

Array = NDArray[np.float64]

#: Frontier engines; ``run`` is ``None`` for ``"auto"``, which picks one of the others.
ENGINES: Registry[None] = Registry(
    "engine",
    [
        Choice("auto", f"enumerate up to {AUTO_ENUMERATE:,} deals, merge beyond", None),
        Choice("merge", "the exact incremental Minkowski merge", None),
        Choice("brute-force", f"enumerate every deal (at most {MAX_ENUMERATED:,})", None),
    ],
)


def default_max_points(n_parties: int) -> int | None:
    """The default budget of frontier points (None: no budget, for two parties)."""
    if n_parties < 3:
        return None
    return DEFAULT_MAX_POINTS[0] if n_parties == 3 else DEFAULT_MAX_POINTS[1]


def _refusal(scenario: Scenario, exc: TooLarge, budget: int) -> ScenarioError:
    return ScenarioError(
        f"is {budget:,}, but the Pareto frontier of this {scenario.n_parties}-party scenario "
        f"would hold about {exc.estimate:,} points (estimated from its first {exc.issues} of "
        f"{scenario.n_issues} issues, {exc.points:,} points so far). For a solution use "
        f"bargain.solve(scenario, method): it is exact for any number of parties and needs no "
        f"frontier ('bargain solve' on the command line). To compute the frontier anyway, raise "
        f"max_points ('--max-points' on the command line).",
        key="max_points",
    )


def pick_engine(engine: str, n_deals: int) -> str:
    """The engine that computes a frontier of `n_deals` deals: ``"auto"`` resolved, others kept.

    Examples
    --------
    >>> pick_engine("auto", 1000), pick_engine("auto", 10**6), pick_engine("merge", 10)
    ('brute-force', 'merge', 'merge')
    """
    if engine == "auto":
        return "brute-force" if n_deals <= AUTO_ENUMERATE else "merge"
    return engine


def tables_frontier(tables: Sequence[Array], engine: str) -> tuple[Array, NDArray[np.intp]]:
    """The Pareto frontier of per-issue tables ``(n_levels_i, n_parties)`` by a resolved engine.

    No budget and no size check: the callers (:func:`frontier_arrays`, the sweeps' runs) have
    made them. Deals are level indices of `tables`.

    Examples
    --------
    >>> t = [np.array([[0.0, 1.0], [1.0, 0.0], [0.4, 0.4]])]
    >>> u, deals = tables_frontier(t, "brute-force")
    >>> u.tolist(), deals.tolist()
    ([[0.0, 1.0], [0.4, 0.4], [1.0, 0.0]], [[0], [2], [1]])
    >>> bool(np.array_equal(tables_frontier(t, "merge")[0], u))
    True
    """
    if engine == "brute-force":
        return brute_force_frontier(tables)
    return merge_frontier(tables)


def frontier_arrays(
    scenario: Scenario, engine: str = "auto", *, max_points: int | None = None
) -> tuple[Array, NDArray[np.intp], str]:
    """The whole Pareto frontier (not restricted to rational deals) as arrays.

    Returns ``(utilities, deals, engine_used)``; see :func:`bargain.frontier.merge.merge_frontier`.
    Only deals no red line excludes are considered (none when the red lines leave no deal: then
    ``utilities`` is ``(0, n_parties)``); deals are original level indices ``(m, n_issues)``.
    With three or more parties the merge refuses (ScenarioError) a frontier that outgrows
    `max_points` (default :func:`default_max_points`; two parties have no budget, their merge
    stays fast); enumeration is bounded by :data:`bargain.frontier.enumerate.MAX_ENUMERATED`
    deals instead.
    """
    ENGINES.lookup(engine)
    space = scenario.space
    budget = default_max_points(scenario.n_parties)
    if max_points is not None:
        checked = check_count(max_points, "max_points", minimum=1)
        budget = None if budget is None else checked
    engine = pick_engine(engine, space.n_deals)
    if space.empty:
        return np.empty((0, scenario.n_parties)), np.empty((0, scenario.n_issues), np.intp), engine
    if engine == "brute-force" and space.n_deals > MAX_ENUMERATED:
        raise ScenarioError(
            f"'brute-force' enumerates every deal and takes at most {MAX_ENUMERATED:,}; "
            f"this scenario has {space.n_deals:,}: use engine='merge'",
            key="engine",
        )
    if engine == "brute-force" or budget is None:
        u, deals = tables_frontier(space.tables, engine)
    else:
        try:
            u, deals = merge_within(space.tables, max_points=budget)
        except TooLarge as exc:
            raise _refusal(scenario, exc, budget) from None
    return u, space.original(deals), engine
