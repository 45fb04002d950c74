"""Summaries of a sweep's outcomes: level probabilities, their standard errors, Sobol indices.

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

Sobol indices
-------------
An *output* ``Y`` is a party's utility, the agreement (0 or 1), or an issue's outcome: its agreed
level or "no agreement", encoded as one indicator column per category. For a *factor* ``X`` (a
grid axis, or a drawn parameter) the first-order index is ``S = Var(E[Y | X]) / Var(Y)``, the
share of the output's variance that ``X`` explains alone, and the total-order index is
``T = E[Var(Y | X_rest)] / Var(Y)``, the share that would remain if every other factor were fixed
(its interactions included), so ``S <= T``; ``T = 0`` means the output does not depend on ``X``.
For an output of several columns (an issue's indicators) the partial variances and the variances
are summed over the columns before dividing (the aggregated indices of Gamboa et al. 2014); for
indicators the variance ``sum_c p_c (1 - p_c)`` is the Gini impurity of the outcome.

Three estimators, each written once:

- :func:`factorial_indices`: a full grid (a factorial design) gives ``S`` and ``T`` exactly, by
  variance decomposition: ``Var`` over one axis of the means over the others, and the mean over the
  others of the ``Var`` over one axis. The grid's values are the factor's distribution (each value
  equally likely).
- :func:`saltelli_indices`: Monte Carlo draws in Saltelli's design (:mod:`bargain.sweeps.design`)
  give ``V_i = mean((f(B) - c) (f(AB_i) - f(A)))`` (Saltelli et al. 2010, centred on the mean
  ``c`` of ``A`` and ``B``, which changes the expectation by nothing and the noise a lot) and
  ``VT_i = mean((f(A) - f(AB_i))**2) / 2`` (Jansen 1999); ``Var(Y)`` is estimated from ``A`` and
  ``B``.
- :func:`binned_first_order`: independent draws give ``S`` alone (no total), as a correlation ratio:
  the variance of the output's means within ``min(10, n_runs // 50)`` (at least 2) equal-count bins
  of the factor's values (:func:`bins`). An irrelevant factor scores about ``(q - 1) / n`` with
  ``q`` bins and ``n`` runs.

:func:`index` divides the partial variances by the variance, summed over the output's columns,
clipped to ``[0, 1]`` (Monte Carlo estimates can stray just outside), and 0 for an output that
does not vary.

The whole-deal ranking
----------------------
:func:`main_effect` is the first-order index of the whole deal (every issue's indicators together)
by grouping runs (grid values, or bins of draws); for a grid parameter, :func:`flips` is the share
of steps between neighbouring grid values (every other parameter and draw held fixed) at which the
deal changes.

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

A linear model on a 3 x 3 grid, ``y = x1 + 2 x2``: ``x2`` explains 4/5 of the variance.

>>> x1, x2 = np.meshgrid([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], indexing="ij")
>>> first, total, var = factorial_indices((x1 + 2 * x2).reshape(-1, 1), (3, 3))
>>> index(first, var).round(3).tolist(), index(total, var).round(3).tolist()
([0.2, 0.8], [0.2, 0.8])
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "agreement_share",
    "binned_first_order",
    "bins",
    "factorial_indices",
    "flips",
    "index",
    "indicators",
    "level_shares",
    "main_effect",
    "saltelli_indices",
]

Levels = NDArray[np.intp]
Array = NDArray[np.float64]


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
    """The share of runs with agreement and its Monte Carlo standard error.

    Parameters
    ----------
    agreement
        ``(n_runs,)`` whether each run agreed.
    n_samples
        Draws per grid point (1 without draws).

    Returns
    -------
    share : float
        The share of runs with agreement.
    error : float or None
        Its standard error (module notes); ``None`` with fewer than two draws.

    Examples
    --------
    >>> agreement_share(np.array([True, False, True, True]), n_samples=4)
    (0.75, 0.25)
    """
    share, se = _share_and_se(agreement.astype(np.float64)[:, None], n_samples)
    return float(share[0]), (None if se is None else float(se[0]))


def level_shares(
    levels: Levels, n_levels: tuple[int, ...], *, n_samples: int
) -> tuple[list[NDArray[np.float64]], list[NDArray[np.float64]] | None]:
    """Per issue, the share of runs that agree on each level, and the standard errors.

    The shares of an issue sum to the agreement rate; runs without agreement count for no level.

    Parameters
    ----------
    levels
        ``(n_runs, n_issues)`` agreed level indices, ``-1`` without agreement.
    n_levels
        Number of levels of each issue.
    n_samples
        Draws per grid point (1 without draws).

    Returns
    -------
    shares : list of numpy.ndarray
        Per issue, ``(n_levels,)`` shares of runs.
    errors : list of numpy.ndarray or None
        Their standard errors; ``None`` with fewer than two draws.

    Examples
    --------
    >>> shares, errors = level_shares(np.array([[0], [1], [1], [-1]]), (2,), n_samples=1)
    >>> shares[0].tolist(), errors
    ([0.25, 0.5], None)
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

    Parameters
    ----------
    x
        ``(n,)`` values.
    n_bins
        Number of bins (default as above).

    Returns
    -------
    numpy.ndarray
        ``(n,)`` bin numbers from 0.

    Examples
    --------
    >>> bins(np.array([0.3, 0.1, 0.4, 0.2]), 2).tolist()
    [1, 0, 1, 0]
    """
    n = x.shape[0]
    q = n_bins if n_bins is not None else max(2, min(10, n // 50))
    first = np.searchsorted(np.sort(x), x, side="left")  # the rank; ties take the first
    out: NDArray[np.intp] = (first * q // max(n, 1)).astype(np.intp)
    return out


def main_effect(levels: Levels, x: NDArray[np.float64], *, groups: NDArray[np.intp]) -> float:
    """Share of the whole deal's variance explained by the parameter's `groups` (module notes).

    Parameters
    ----------
    levels
        ``(n_runs, n_issues)`` agreed level indices, ``-1`` without agreement.
    x
        ``(n_runs,)`` the parameter's values (kept for the signature; `groups` decides).
    groups
        ``(n_runs,)`` the parameter's grid values or bins.

    Returns
    -------
    float
        The first-order index of the whole deal, in [0, 1].

    Examples
    --------
    >>> levels = np.array([[0], [0], [1], [1]])
    >>> main_effect(levels, np.arange(4.0), groups=np.array([0, 0, 1, 1]))
    1.0
    """
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

    Parameters
    ----------
    levels
        ``(n_runs, n_issues)`` agreed level indices, ``-1`` without agreement.
    grid_shape
        Number of values of each grid axis.
    axis
        The grid axis.

    Returns
    -------
    float or None
        The share of steps, ``None`` when the axis has a single value.

    Examples
    --------
    >>> flips(np.array([[0], [0], [1]]), (3,), 0)
    0.5
    """
    if grid_shape[axis] < 2:
        return None
    _, deal_id = np.unique(levels, axis=0, return_inverse=True)
    ids = deal_id.reshape(*grid_shape, -1)
    n = grid_shape[axis]
    before = np.take(ids, np.arange(n - 1), axis=axis)
    after = np.take(ids, np.arange(1, n), axis=axis)
    return float(np.mean(before != after))


# --------------------------------------------------------------------------- Sobol indices
def indicators(codes: NDArray[np.intp], n_levels: int) -> Array:
    """``(n, n_levels + 1)`` indicator columns of level codes, the last for ``-1`` (no agreement).

    Parameters
    ----------
    codes
        ``(n,)`` level indices, ``-1`` without agreement.
    n_levels
        The issue's number of levels.

    Returns
    -------
    numpy.ndarray
        ``(n, n_levels + 1)`` zeros and ones, one 1 per row.

    Examples
    --------
    >>> indicators(np.array([0, 1, -1]), 2).tolist()
    [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    column = np.where(codes < 0, n_levels, codes)
    out = np.zeros((codes.shape[0], n_levels + 1))
    out[np.arange(codes.shape[0]), column] = 1.0
    return out


def index(partial: Array, variance: Array) -> Array:
    """Indices from partial variances ``(..., m)`` and variances ``(m,)``, summed over columns.

    Clipped to ``[0, 1]``; 0 where the output does not vary.

    Parameters
    ----------
    partial
        ``(..., m)`` partial variances (first- or total-order) of the output's m columns.
    variance
        ``(m,)`` the columns' variances.

    Returns
    -------
    numpy.ndarray
        ``(...)`` indices.

    Examples
    --------
    >>> np.round(index(np.array([[0.1, 0.2], [0.5, 0.0]]), np.array([0.25, 0.25])), 12).tolist()
    [0.6, 1.0]
    """
    total = float(np.sum(variance))
    scale = max(float(np.max(np.abs(variance), initial=0.0)), 1e-300)
    if total <= 1e-12 * scale * variance.size or total <= 0.0:
        return np.zeros(partial.shape[:-1])
    out: Array = np.clip(partial.sum(axis=-1) / total, 0.0, 1.0)
    return out


def factorial_indices(y: Array, shape: tuple[int, ...]) -> tuple[Array, Array, Array]:
    """Exact first- and total-order partial variances over a full factorial design.

    Parameters
    ----------
    y
        ``(prod(shape), m)`` outputs, the design's cells in C order (the first factor slowest).
    shape
        Number of values of each factor.

    Returns
    -------
    first, total : numpy.ndarray
        ``(n_factors, m)``: ``Var(E[Y | X_a])`` and ``E[Var(Y | X_rest)]`` for each factor ``a``,
        every cell equally likely.
    variance : numpy.ndarray
        ``(m,)`` the variance of each output column.

    Examples
    --------
    An interaction alone, ``y = x1 x2`` on ``{-1, 1}**2``: no first-order effect, all total.

    >>> y = np.array([1.0, -1.0, -1.0, 1.0])[:, None]
    >>> first, total, var = factorial_indices(y, (2, 2))
    >>> first.ravel().tolist(), total.ravel().tolist(), var.tolist()
    ([0.0, 0.0], [1.0, 1.0], [1.0])
    """
    m = y.shape[1]
    cube = y.reshape(*shape, m)
    axes = tuple(range(len(shape)))
    variance = cube.reshape(-1, m).var(axis=0)
    first = np.empty((len(shape), m))
    total = np.empty((len(shape), m))
    for a in axes:
        rest = tuple(b for b in axes if b != a)
        first[a] = cube.mean(axis=rest).var(axis=0)
        total[a] = cube.var(axis=a).reshape(-1, m).mean(axis=0)
    return first, total, variance


def saltelli_indices(f_a: Array, f_b: Array, f_ab: Array) -> tuple[Array, Array, Array]:
    """First-order (Saltelli 2010) and total-order (Jansen 1999) partial variances.

    Parameters
    ----------
    f_a, f_b
        ``(N, m)`` outputs at the rows of the independent matrices ``A`` and ``B``.
    f_ab
        ``(k, N, m)`` outputs at ``AB_i``: ``A`` with factor ``i`` taken from ``B``.

    Returns
    -------
    first, total : numpy.ndarray
        ``(k, m)`` estimates of ``Var(E[Y | X_i])`` and ``E[Var(Y | X_rest)]``.
    variance : numpy.ndarray
        ``(m,)`` the variance of the outputs over ``A`` and ``B``.

    Examples
    --------
    ``y = x1 + 2 x2`` with independent uniform inputs: ``S = T = (0.2, 0.8)``.

    >>> rng = np.random.default_rng(0)
    >>> a, b = rng.random((2, 4000, 2))
    >>> ab = np.stack([np.where(np.arange(2) == i, b, a) for i in range(2)])
    >>> f = lambda x: (x[..., 0] + 2 * x[..., 1])[..., None]
    >>> first, total, var = saltelli_indices(f(a), f(b), f(ab))
    >>> np.round(first[:, 0] / var[0], 1).tolist(), np.round(total[:, 0] / var[0], 1).tolist()
    ([0.2, 0.8], [0.2, 0.8])
    """
    both = np.concatenate([f_a, f_b])
    variance = both.var(axis=0)
    centre = both.mean(axis=0)  # the same expectation, a smaller variance of the estimate
    first = np.mean((f_b - centre)[None] * (f_ab - f_a[None]), axis=1)
    total = 0.5 * np.mean((f_a[None] - f_ab) ** 2, axis=1)
    return first, total, variance


def binned_first_order(y: Array, groups: NDArray[np.intp]) -> tuple[Array, Array]:
    """First-order partial variances from independent draws: the variance of within-group means.

    Parameters
    ----------
    y
        ``(n, m)`` outputs.
    groups
        ``(n,)`` group labels: a factor's grid values or bins of its draws (:func:`bins`).

    Returns
    -------
    first, variance : numpy.ndarray
        ``(m,)`` each: ``Var(E[Y | group])`` and ``Var(Y)``.

    Examples
    --------
    >>> y = np.array([0.0, 0.0, 1.0, 1.0])[:, None]
    >>> binned_first_order(y, np.array([0, 0, 1, 1]))
    (array([0.25]), array([0.25]))
    """
    n, m = y.shape
    if n == 0:
        return np.zeros(m), np.zeros(m)
    _, g = np.unique(groups, return_inverse=True)
    n_groups = int(g.max()) + 1
    counts = np.bincount(g, minlength=n_groups).astype(np.float64)
    sums = np.stack([np.bincount(g, weights=y[:, j], minlength=n_groups) for j in range(m)], 1)
    means = sums / np.maximum(counts, 1.0)[:, None]
    mean = y.mean(axis=0)
    first = ((counts / n)[:, None] * (means - mean) ** 2).sum(axis=0)
    return first, y.var(axis=0)
