"""Solve a scenario: :func:`solve` picks the engine and wraps the answer as a :class:`Solution`.

Examples
--------
>>> from bargain import Issue, Party, Scenario, solve
>>> split = Issue("split", "Split", ["all to A", "half", "all to B"])
>>> a = Party("a", "A", values={"split": [1.0, 0.5, 0.0]})
>>> b = Party("b", "B", values={"split": [0.0, 0.5, 1.0]})
>>> solve(Scenario(name="cake", issues=[split], parties=[a, b])).deal
{'split': 'half'}
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bargain.bruteforce import brute_force_nash
from bargain.errors import ScenarioError
from bargain.model import Scenario, suggest
from bargain.solution import Solution

__all__ = ["METHODS", "make_solution", "solve"]

METHODS = ("nash",)


def make_solution(
    scenario: Scenario,
    method: str,
    levels: NDArray[np.intp] | None,
    disagreement: NDArray[np.float64],
    message: str,
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
        nash_product=float(np.prod(gains)),
        message=message,
    )


def solve(scenario: Scenario, method: str = "nash") -> Solution:
    """Solve `scenario` by the bargaining solution `method`.

    Only individually rational deals (every party strictly above its disagreement utility) are
    considered; when there are none the solution has ``agreement=False`` and says so.

    Parameters
    ----------
    scenario
        The bargaining problem.
    method
        ``"nash"``: the deal maximising the product of the parties' gains.
    """
    if not isinstance(scenario, Scenario):
        raise ScenarioError(f"must be a Scenario, found {type(scenario).__name__}", key="scenario")
    if method not in METHODS:
        raise ScenarioError(
            f"is not a method; {suggest(str(method), METHODS)}", key=f"method {method!r}"
        )
    d = scenario.disagreement_point
    levels, _ = brute_force_nash(scenario.tables, d)
    if levels is None:
        message = (
            "No deal gives every party more than its disagreement utility: "
            "talks fail and each party gets its disagreement utility."
        )
    else:
        message = (
            f"Nash bargaining solution: the deal with the largest product of gains "
            f"among {scenario.n_deals:,} deals (exhaustive search)."
        )
    return make_solution(scenario, method, levels, d, message)
