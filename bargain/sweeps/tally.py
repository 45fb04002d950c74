"""The summary of a sweep too large to hold, counted chunk by chunk as the runs come.

:func:`bargain.sweeps.run.sweep_to_file` writes every run to a file and keeps only a
:class:`Tally`: counts whose size does not grow with the number of runs. From them it gives the
same :class:`~bargain.sweeps.result.SweepSummary` as
:meth:`SweepResult.summary() <bargain.sweeps.result.SweepResult.summary>` would, except where
that needs every run at once:

- agreement rate and level probabilities: exact (counts);
- their Monte Carlo standard errors: exact without a grid (from the counts), and with a grid
  when the per-draw sums fit (at most :data:`PER_DRAW_CELLS` numbers), else ``None``;
- sensitivity: the main effect of every grid parameter, exact (counts per grid value, for axes
  of at most :data:`AXIS_CELLS` cells); no ``flips`` (they compare neighbouring grid points
  across the whole sweep) and no ranking of drawn parameters (their equal-count bins need every
  draw sorted).

Examples
--------
>>> import numpy as np
>>> t = Tally(n_runs=4, samples=0, grid_shape=(4,), shape=(2,), axis_columns=((0,),))
>>> t.add(0, np.array([[0.1], [0.2], [0.3], [0.4]]), np.array([True, True, False, True]),
...       np.array([[0], [1], [-1], [1]]))
>>> t.agreement_rate(), t.level_shares()[0].tolist()
(0.75, [0.25, 0.5])
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from bargain.sweeps.result import Sensitivity

__all__ = ["AXIS_CELLS", "PER_DRAW_CELLS", "Tally"]

#: The most per-draw sums kept for standard errors with a grid (draws x categories).
PER_DRAW_CELLS = 2**22
#: The most counts kept for one grid axis (values x categories).
AXIS_CELLS = 2**22

Array = NDArray[np.float64]


class Tally:
    """Counts of a sweep's outcomes, added chunk by chunk (see the module notes).

    Parameters
    ----------
    n_runs, samples, grid_shape
        As in the plan (``samples = 0``: no draws).
    shape
        Each issue's number of levels.
    axis_columns
        For each grid axis, the parameter columns it sets.
    """

    def __init__(
        self,
        *,
        n_runs: int,
        samples: int,
        grid_shape: tuple[int, ...],
        shape: tuple[int, ...],
        axis_columns: tuple[tuple[int, ...], ...],
    ) -> None:
        self.n_runs, self.samples, self.grid_shape = n_runs, samples, grid_shape
        self.per_point = max(samples, 1)
        self.grid_points = math.prod(grid_shape)
        # Categories: per issue "no agreement" (level -1) then each level; agreement first.
        self.offsets = np.concatenate([[1], 1 + np.cumsum([n + 1 for n in shape])[:-1]])
        self.shape = shape
        self.n_categories = 1 + sum(n + 1 for n in shape)
        self.counts = np.zeros(self.n_categories, dtype=np.int64)
        self.seen = 0
        self.per_draw: Array | None = None
        if samples >= 2 and self.grid_points > 1 and samples * self.n_categories <= PER_DRAW_CELLS:
            self.per_draw = np.zeros((samples, self.n_categories))
        self.axis_columns = axis_columns
        self.axis_counts: list[NDArray[np.int64] | None] = [
            np.zeros((n, self.n_categories), dtype=np.int64)
            if n * self.n_categories <= AXIS_CELLS
            else None
            for n in grid_shape
        ]
        self.axis_values: list[Array | None] = [None] * len(grid_shape)

    def _categories(
        self, agreement: NDArray[np.bool_], levels: NDArray[np.intp]
    ) -> NDArray[np.intp]:
        """``(n, 1 + n_issues)`` category of each run: agreement, then each issue's level."""
        cat = np.empty((agreement.shape[0], 1 + levels.shape[1]), dtype=np.intp)
        cat[:, 0] = agreement
        cat[:, 1:] = self.offsets[None, :] + levels + 1
        return cat

    def add(
        self,
        start: int,
        values: Array,
        agreement: NDArray[np.bool_],
        levels: NDArray[np.intp],
    ) -> None:
        """Count runs ``start .. start + len(agreement) - 1``: their parameters and outcomes."""
        n = agreement.shape[0]
        cat = self._categories(agreement, levels)
        hits = cat[:, 1:].reshape(-1)
        self.counts += np.bincount(hits, minlength=self.n_categories)
        self.counts[0] += int(np.count_nonzero(agreement))
        self.seen += n
        runs = np.arange(start, start + n)
        if self.per_draw is not None:
            draw = runs % self.per_point
            np.add.at(self.per_draw[:, 0], draw, agreement.astype(np.float64))
            for j in range(levels.shape[1]):
                np.add.at(self.per_draw, (draw, cat[:, 1 + j]), 1.0)
        if not self.grid_shape:
            return
        point = np.unravel_index(runs // self.per_point, self.grid_shape)
        for a, counts in enumerate(self.axis_counts):
            if counts is None:
                continue
            index = point[a]
            np.add.at(counts, (index, np.zeros(n, dtype=np.intp)), agreement.astype(np.int64))
            for j in range(levels.shape[1]):
                np.add.at(counts, (index, cat[:, 1 + j]), 1)
            if self.axis_values[a] is None:
                self.axis_values[a] = np.full(
                    (self.grid_shape[a], len(self.axis_columns[a])), np.nan
                )
            held = self.axis_values[a]
            assert held is not None
            held[index] = values[:, list(self.axis_columns[a])]

    # ----------------------------------------------------------------- results
    def agreement_rate(self) -> float:
        """The share of runs with an agreement."""
        return float(self.counts[0]) / max(self.seen, 1)

    def level_shares(self) -> list[Array]:
        """Per issue, the share of runs agreeing on each level."""
        return [
            self.counts[o + 1 : o + 1 + n] / max(self.seen, 1)
            for o, n in zip(self.offsets.tolist(), self.shape, strict=True)
        ]

    def standard_errors(self) -> tuple[float, list[Array]] | None:
        """Monte Carlo standard errors of the agreement rate and of each level's share, or None.

        Computed as :func:`bargain.sweeps.sensitivity.level_shares` does: from the per-draw
        shares over grid points (without a grid, from the counts).
        """
        n = self.samples
        if n < 2:
            return None
        if self.grid_points == 1:
            p = self.counts / max(self.seen, 1)
            se = np.sqrt(np.maximum(p * (1 - p), 0.0) / (n - 1))
        elif self.per_draw is not None:
            per_draw = self.per_draw / self.grid_points
            se = per_draw.std(axis=0, ddof=1) / math.sqrt(n)
        else:
            return None
        return float(se[0]), [
            se[o + 1 : o + 1 + k] for o, k in zip(self.offsets.tolist(), self.shape, strict=True)
        ]

    def grid_sensitivity(
        self, parameters: tuple[str, ...], axes: tuple[int, ...]
    ) -> list[Sensitivity]:
        """The main effect of every grid parameter whose axis was counted (no flips)."""
        out = []
        for c, (path, a) in enumerate(zip(parameters, axes, strict=True)):
            counts, values = (self.axis_counts[a], self.axis_values[a]) if a >= 0 else (None, None)
            if counts is None or values is None:
                continue
            column = values[:, self.axis_columns[a].index(c)]
            _, group = np.unique(column, return_inverse=True)
            merged = np.zeros((int(group.max()) + 1, self.n_categories), dtype=np.int64)
            np.add.at(merged, group.reshape(-1), counts)
            out.append(Sensitivity(path, "grid", self._main_effect(merged), None))
        return out

    def _main_effect(self, counts: NDArray[np.int64]) -> float:
        """:func:`bargain.sweeps.sensitivity.main_effect` from counts per group and category."""
        n = max(self.seen, 1)
        weight = counts[:, 1:].sum(axis=1) / max(len(self.shape), 1) / n
        between, total = 0.0, 0.0
        for o, k in zip(self.offsets.tolist(), self.shape, strict=True):
            block = counts[:, o : o + k + 1].astype(np.float64)
            p_group = block / np.maximum(block.sum(axis=1, keepdims=True), 1)
            p = block.sum(axis=0) / n
            total += float(np.sum(p * (1 - p)))
            between += float(np.sum(weight[:, None] * (p_group - p[None, :]) ** 2))
        if total <= 0.0:
            return 0.0
        return min(1.0, between / total)
