"""Summaries of a sweep's outcomes: level probabilities, their standard errors, sensitivity.

Free functions on plain arrays. Runs are numbered ``run = g * n_samples + s`` for grid point ``g``
and draw ``s`` (a sweep without draws has ``n_samples = 1``); ``levels`` is ``(n_runs, n_issues)``
with ``-1`` for a run without agreement.

Monte Carlo standard errors
---------------------------
Every grid point sees the same draws (common random numbers), so the draws, not the runs, are
independent. A share ``p`` (of runs with agreement, or with a given level) is the mean over draws
``s`` of ``y_s``, the share over grid points for draw ``s``; its standard error is
``std(y_s, ddof=1) / sqrt(n_samples)``. Without a grid this is the familiar
``sqrt(p (1 - p) / (n - 1))``. A sweep with fewer than two draws has no Monte Carlo error (None).

Sensitivity
-----------
The outcome of a run is, for each issue, its agreed level or "no agreement". The *main effect* of
a parameter is the share of the outcome's variance explained by that parameter alone (a
first-order, Sobol-type index, estimated as a correlation ratio):

    S = sum_i sum_c Var_groups(P(outcome_i = c | group)) / sum_i sum_c P(c) (1 - P(c))

summing over issues ``i`` and outcome categories ``c``. Groups are the parameter's grid values for
a grid parameter, and ``min(10, n_runs // 50)`` (at least 2) equal-count bins of its drawn values
for a drawn one. ``S`` is 0 when the outcome does not depend on the parameter and 1 when the
parameter alone fixes it; with ``q`` bins and ``n`` runs an irrelevant parameter scores about
``(q - 1) / n``. For a grid parameter, ``flips`` is also given: the share of steps between
neighbouring grid values (every other parameter and draw held fixed) at which the deal changes.

Examples
--------
>>> import numpy as np
>>> levels = np.array([[0], [0], [1], [-1]])
>>> p, se = level_shares(levels, (2,), n_samples=4)
>>> p[0].tolist(), round(float(se[0][0]), 3)
([0.5, 0.25], 0.289)
>>> x = np.array([0.1, 0.2, 0.3, 0.4])
>>> round(main_effect(levels, x, groups=np.array([0, 0, 1, 1])), 3)
0.6
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = ["agreement_share", "bins", "flips", "level_shares", "main_effect"]

Levels = NDArray[np.intp]


def _share_and_se(
    indicator: NDArray[np.float64], n_samples: int
) -> tuple[NDArray[np.float64], NDArray[np.float64] | None]:
    """Shares (over runs) of indicator columns ``(n_runs, k)``, and their Monte Carlo errors."""
    per_draw = indicator.reshape(-1, n_samples, indicator.shape[1]).mean(axis=0)
    share = per_draw.mean(axis=0)
    if n_samples < 2:
        return share, None
    return share, per_draw.std(axis=0, ddof=1) / math.sqrt(n_samples)


def agreement_share(agreement: NDArray[np.bool_], n_samples: int) -> tuple[float, float | None]:
    """The share of runs with agreement and its Monte Carlo standard error."""
    share, se = _share_and_se(agreement.astype(np.float64)[:, None], n_samples)
    return float(share[0]), (None if se is None else float(se[0]))


def level_shares(
    levels: Levels, n_levels: tuple[int, ...], *, n_samples: int
) -> tuple[list[NDArray[np.float64]], list[NDArray[np.float64]] | None]:
    """Per issue, the share of runs that agree on each level, and the standard errors.

    The shares of an issue sum to the agreement rate; runs without agreement count for no level.
    """
    shares, errors = [], []
    for i, n in enumerate(n_levels):
        indicator = (levels[:, i, None] == np.arange(n)[None, :]).astype(np.float64)
        share, se = _share_and_se(indicator, n_samples)
        shares.append(share)
        errors.append(se)
    if n_samples < 2:
        return shares, None
    return shares, [e for e in errors if e is not None]


def bins(x: NDArray[np.float64], n_bins: int | None = None) -> NDArray[np.intp]:
    """Equal-count bins (by rank) of the values `x`: ``min(10, len(x) // 50)``, at least 2.

    Equal values share a bin (the bin of their first rank).
    """
    n = x.shape[0]
    q = n_bins if n_bins is not None else max(2, min(10, n // 50))
    first = np.searchsorted(np.sort(x), x, side="left")  # the rank; ties take the first
    out: NDArray[np.intp] = (first * q // max(n, 1)).astype(np.intp)
    return out


def main_effect(levels: Levels, x: NDArray[np.float64], *, groups: NDArray[np.intp]) -> float:
    """Share of the outcome's variance explained by the parameter's `groups` (module notes)."""
    n = levels.shape[0]
    if n == 0:
        return 0.0
    _, g = np.unique(groups, return_inverse=True)
    n_groups = int(g.max()) + 1
    weight = np.bincount(g, minlength=n_groups) / n
    between, total = 0.0, 0.0
    for i in range(levels.shape[1]):
        _, c = np.unique(levels[:, i], return_inverse=True)
        n_cat = int(c.max()) + 1
        counts = np.bincount(g * n_cat + c, minlength=n_groups * n_cat).reshape(n_groups, n_cat)
        p_group = counts / np.maximum(counts.sum(axis=1, keepdims=True), 1)
        p = counts.sum(axis=0) / n
        total += float(np.sum(p * (1 - p)))
        between += float(np.sum(weight[:, None] * (p_group - p[None, :]) ** 2))
    if total <= 0.0:
        return 0.0
    return min(1.0, between / total)


def flips(levels: Levels, grid_shape: tuple[int, ...], axis: int) -> float | None:
    """Share of neighbouring grid steps along `axis` at which the deal (or agreement) changes.

    ``None`` when the axis has a single value.
    """
    if grid_shape[axis] < 2:
        return None
    _, deal_id = np.unique(levels, axis=0, return_inverse=True)
    ids = deal_id.reshape(*grid_shape, -1)
    n = grid_shape[axis]
    before = np.take(ids, np.arange(n - 1), axis=axis)
    after = np.take(ids, np.arange(1, n), axis=axis)
    return float(np.mean(before != after))
