"""The ``"fitted"`` model: free parameters chosen on issues with known outcomes.

The family generalises the compromise and median models. With weights ``c**α · s**β``
(capability exponent ``α``, salience exponent ``β``), the base forecast is the weighted mean for
loss exponent ``p = 2`` (the minimiser of the weighted squared distance) or the weighted median
for ``p = 1`` (of the weighted absolute distance); a pull ``λ`` towards the reference point then
gives ``(1 - λ) · base + λ · reference`` (issues without a reference keep the base). The grid:

- ``capability_exponents`` ``α``, default (0, 0.5, 1, 2),
- ``salience_exponents`` ``β``, default (0, 0.5, 1, 2),
- ``losses`` ``p``, default (1, 2),
- ``pulls`` ``λ``, default (0, 0.1, 0.2, 0.3, 0.4, 0.5).

The parameters chosen are those with the smallest mean absolute error (errors as points of a
0-100 scale) over the training issues; ties go to the first in grid order, which starts with the
compromise model (``α = β = 1``, ``p = 2``, ``λ = 0``), so on uninformative data it stays the
compromise model.

With ``mix=("compromise", "median", ...)`` the model is instead a convex mix of those models'
forecasts, its weights (on a grid of step ``1 / mix_steps``) chosen the same way.

In :func:`bargain.backtest` the parameters are chosen on the training folds only, then the test
fold is forecast with them. In :func:`bargain.forecast` they are chosen on the data's own issues
with outcomes (an in-sample fit, and the forecast says so) or on ``train=`` another data set.

Examples
--------
>>> import numpy as np
>>> from bargain.forecast.positions import Positions
>>> data = Positions(issues=("a", "b"), actors=("x", "y"), position=np.array([[0.0, 100.0]] * 2),
...                  salience=np.array([[1.0, 3.0], [3.0, 1.0]]), outcome=np.array([100.0, 0.0]))
>>> grid = Grid()
>>> params, predictions = family(data.problem(), grid)
>>> params[0]
{'capability_exponent': 1.0, 'salience_exponent': 1.0, 'loss': 2, 'pull': 0.0}
>>> k = choose(predictions, data.outcome, np.ones(2, dtype=bool), data.high - data.low)
>>> params[k]["loss"], predictions[k].tolist()
(1, [100.0, 0.0])
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain.forecast._shared import Array, Problem, weighted_mean, weighted_median

__all__ = ["Grid", "choose", "family", "mix_weights"]


@dataclass(frozen=True, slots=True)
class Grid:
    """The candidate parameters of the ``"fitted"`` model (see the module notes)."""

    capability_exponents: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0)
    salience_exponents: tuple[float, ...] = (0.0, 0.5, 1.0, 2.0)
    losses: tuple[int, ...] = (1, 2)
    pulls: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)

    def points(self) -> list[dict[str, Any]]:
        """Every combination, the compromise model first when it is on the grid."""
        out = [
            {
                "capability_exponent": float(a),
                "salience_exponent": float(b),
                "loss": int(p),
                "pull": float(lam),
            }
            for a, b, p, lam in itertools.product(
                self.capability_exponents, self.salience_exponents, self.losses, self.pulls
            )
        ]
        first = {"capability_exponent": 1.0, "salience_exponent": 1.0, "loss": 2, "pull": 0.0}
        if first in out:
            out.remove(first)
            out.insert(0, first)
        return out


def family(problem: Problem, grid: Grid) -> tuple[list[dict[str, Any]], Array]:
    """Every grid point and its forecasts, ``(n_points, n_issues)``."""
    points = grid.points()
    base: dict[tuple[float, float, int], Array] = {}
    out = np.empty((len(points), problem.n_issues))
    ref = problem.reference
    has_ref = ~np.isnan(ref)
    for k, point in enumerate(points):
        key = (point["capability_exponent"], point["salience_exponent"], point["loss"])
        if key not in base:
            with np.errstate(divide="ignore", invalid="ignore"):
                w = _power(problem.c, key[0]) * _power(problem.s, key[1])
            center = weighted_mean if key[2] == 2 else weighted_median
            base[key] = center(problem.x, w, problem.present)
        lam = point["pull"]
        out[k] = np.where(
            has_ref, (1 - lam) * base[key] + lam * np.where(has_ref, ref, 0.0), base[key]
        )
    return points, out


def _power(values: Array, exponent: float) -> Array:
    """``values**exponent`` with ``0**0 = 1`` (an exponent of 0 ignores the variable)."""
    return np.ones_like(values) if exponent == 0 else np.asarray(values**exponent)


def choose(predictions: Array, outcome: Array, train: NDArray[np.bool_], span: Array) -> int:
    """The row of `predictions` with the least mean absolute error on the `train` issues.

    Errors are points of a 0-100 scale (``100 · error / span``); the first row wins ties
    (to 1e-12).
    """
    rows = np.flatnonzero(train & ~np.isnan(outcome))
    errors = np.abs(predictions[:, rows] - outcome[rows]) * (100.0 / span[rows])
    mae = errors.mean(axis=1)
    return int(np.flatnonzero(mae <= mae.min() + 1e-12)[0])


def mix_weights(steps: int, n_models: int) -> Array:
    """Every convex combination of `n_models` weights on a grid of step ``1 / steps``.

    Examples
    --------
    >>> mix_weights(2, 2).tolist()
    [[1.0, 0.0], [0.5, 0.5], [0.0, 1.0]]
    """
    rows = [
        combo
        for combo in itertools.product(range(steps + 1), repeat=n_models)
        if sum(combo) == steps
    ]
    rows.sort(key=lambda c: tuple(-v for v in c))
    return np.array(rows, dtype=np.float64) / steps
