"""The frontier engine switch: which exact algorithm computes the Pareto frontier of a scenario.

Two engines return identical utilities (bit for bit: utilities are summed issue by issue, first to
last, in both): ``"merge"`` (:mod:`bargain.frontier.merge`, the incremental Minkowski merge) and
``"brute-force"`` (:func:`bargain.frontier.enumerate.brute_force_frontier`, every deal
enumerated); ``"auto"`` enumerates spaces of up to :data:`AUTO_ENUMERATE` deals, where that is
faster, and merges the rest. Both run on the scenario's effective deal space
(:attr:`bargain.Scenario.space`: red-lined levels dropped, linked issues compounded) and return
deals as original level indices.

Examples
--------
>>> from bargain import load_scenario
>>> u, deals, used = frontier_arrays(load_scenario("russia-nato-2022-no-red-lines"))
>>> u.shape, deals.shape, used
((104, 2), (104, 8), 'merge')
>>> ENGINES.names
('auto', 'merge', 'brute-force')
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bargain._registry import Choice, Registry
from bargain.errors import ScenarioError
from bargain.frontier.enumerate import MAX_ENUMERATED, brute_force_frontier
from bargain.frontier.merge import merge_frontier
from bargain.model.scenario import Scenario

__all__ = ["AUTO_ENUMERATE", "ENGINES", "frontier_arrays"]

#: ``engine="auto"`` enumerates spaces up to this many deals (measured: faster there).
AUTO_ENUMERATE = 2048

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


def frontier_arrays(
    scenario: Scenario, engine: str = "auto"
) -> tuple[Array, NDArray[np.intp], str]:
    """The whole Pareto frontier (not restricted to rational deals) as arrays.

    Returns ``(utilities, deals, engine_used)``; see :func:`bargain.frontier.merge.merge_frontier`.
    Only deals no red line excludes are considered (none when the red lines leave no deal: then
    ``utilities`` is ``(0, n_parties)``); deals are original level indices ``(m, n_issues)``.
    """
    ENGINES.lookup(engine)
    space = scenario.space
    if engine == "auto":
        engine = "brute-force" if space.n_deals <= AUTO_ENUMERATE else "merge"
    if space.empty:
        return np.empty((0, scenario.n_parties)), np.empty((0, scenario.n_issues), np.intp), engine
    if engine == "brute-force":
        if space.n_deals > MAX_ENUMERATED:
            raise ScenarioError(
                f"'brute-force' enumerates every deal and takes at most {MAX_ENUMERATED:,}; "
                f"this scenario has {space.n_deals:,}: use engine='merge'",
                key="engine",
            )
        u, deals = brute_force_frontier(space.tables)
    else:
        u, deals = merge_frontier(space.tables)
    return u, space.original(deals), engine
