"""The static baselines, one issue at a time: compromise, weighted median and reference point.

- ``"compromise"`` (Achen 2006; van den Bos 1994): ``Σ c·s·x / Σ c·s`` over the actors of the
  issue, the minimiser of the capability×salience-weighted squared distance to their positions.
- ``"median"``: the capability×salience-weighted median position (the tie rule is in
  :mod:`bargain.forecast._shared`: the midpoint when the cumulative weight is exactly half).
- ``"reference"``: the reference point (status quo); a baseline that predicts no change.

Examples
--------
>>> from bargain.forecast.positions import Positions
>>> import numpy as np
>>> data = Positions(issues=("a",), actors=("x", "y", "z"),
...                  position=np.array([[0.0, 50.0, 100.0]]),
...                  salience=np.array([[1.0, 1.0, 2.0]]), reference=np.array([10.0]))
>>> problem = data.problem()
>>> float(compromise(problem).predicted[0]), float(median(problem).predicted[0])
(62.5, 75.0)
>>> float(reference(problem, data.issues).predicted[0])
10.0
"""

from __future__ import annotations

import numpy as np

from bargain.errors import ScenarioError
from bargain.forecast._shared import Output, Problem, weighted_mean, weighted_median

__all__ = ["compromise", "median", "reference"]


def compromise(problem: Problem, *, alpha: float = 1.0, beta: float = 1.0) -> Output:
    """The compromise model, with weights ``c**alpha * s**beta`` (``alpha = beta = 1``)."""
    w = problem.c**alpha * problem.s**beta
    predicted = weighted_mean(problem.x, w, problem.present)
    return Output(predicted, np.ones(problem.n_issues, dtype=bool))


def median(problem: Problem, *, alpha: float = 1.0, beta: float = 1.0) -> Output:
    """The weighted median, weights ``c**alpha * s**beta``."""
    w = problem.c**alpha * problem.s**beta
    predicted = weighted_median(problem.x, w, problem.present)
    return Output(predicted, np.ones(problem.n_issues, dtype=bool))


def reference(problem: Problem, issues: tuple[str, ...]) -> Output:
    """The reference point of every issue; a ScenarioError names an issue without one."""
    missing = np.flatnonzero(np.isnan(problem.reference))
    if missing.size:
        listed = ", ".join(repr(issues[i]) for i in missing[:5])
        more = f" and {missing.size - 5} more" if missing.size > 5 else ""
        raise ScenarioError(
            f"needs a reference point for every issue; {listed}{more} ha"
            f"{'s' if missing.size == 1 else 've'} none (column 'reference' of the issue table)",
            key="model 'reference'",
        )
    return Output(problem.reference.copy(), np.ones(problem.n_issues, dtype=bool))
