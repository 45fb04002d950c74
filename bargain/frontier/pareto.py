"""Pareto pruning: which of many utility vectors no other one dominates.

A point ``q`` *dominates* ``p`` when ``q >= p`` in every coordinate and ``q != p``. The functions
here keep every non-dominated vector once: among identical vectors the one with the smallest
tie-break key survives (by default the smallest index). Comparisons are exact: no tolerance.

Method
------
Sort the points in decreasing lexicographic order (first coordinate, then the second, ...).
A dominator then always comes *before* the point it dominates, and any earlier point that is
``>=`` in the remaining coordinates dominates it. So:

- two coordinates: a point survives when its second coordinate beats the running maximum of the
  earlier ones (the "staircase"), one ``np.maximum.accumulate``;
- three coordinates: a point survives when no earlier point is ``>=`` in coordinates 2 and 3, an
  offline 2-D dominance query answered by a vectorised divide and conquer over positions
  (``O(n log n)`` work in ``log n`` array passes);
- four or more: earlier points are compared block by block with the survivors so far
  (``O(n * survivors)``; fine up to frontiers of a few thousand points).

Array conventions: ``points`` is ``(n, k)``, parties on the last axis.

Examples
--------
>>> import numpy as np
>>> pts = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.4, 0.4], [0.5, 0.5]])
>>> pareto_indices(pts)
array([1, 2, 0])
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

__all__ = ["TieBreak", "pareto_indices", "pareto_mask", "prune2", "prune_k"]

Array = NDArray[np.float64]
Index = NDArray[np.intp]
#: A tie-break key per point (smaller wins among identical vectors), or a function computing it
#: only when identical vectors are actually present.
TieBreak = NDArray[np.int64] | Callable[[], NDArray[np.int64]] | None

_BLOCK = 512


def _key(tiebreak: TieBreak, n: int) -> NDArray[np.int64]:
    if tiebreak is None:
        return np.arange(n, dtype=np.int64)
    if callable(tiebreak):
        return np.asarray(tiebreak(), dtype=np.int64)
    return np.asarray(tiebreak, dtype=np.int64)


def _order_ascending(columns: list[Array], tiebreak: TieBreak) -> Index:
    """Indices sorting the points ascending by (c0, c1, ..., key descending).

    The fast path is one stable argsort of the first coordinate (cheap when the input is made of
    a few presorted runs, as in a Minkowski merge); a full lexicographic sort only happens when the
    first coordinate has exact ties, and the tie-break key is only computed when whole vectors
    repeat.
    """
    first = columns[0]
    order = np.argsort(first, kind="stable")
    if first.size < 2 or not np.any(first[order[1:]] == first[order[:-1]]):
        return order
    order = np.lexsort(tuple(reversed(columns)))
    same = np.ones(order.size - 1, dtype=bool)
    for c in columns:
        s = c[order]
        same &= s[1:] == s[:-1]
    if not np.any(same):
        return order
    key = _key(tiebreak, first.size)
    return np.lexsort((-key, *reversed(columns)))


def prune2(u0: Array, u1: Array, tiebreak: TieBreak) -> Index:
    """Two coordinates given as columns: :func:`pareto_indices` by the staircase."""
    order = _order_ascending([u0, u1], tiebreak)
    rev = u1[order[::-1]]
    best = np.maximum.accumulate(rev)
    keep = np.empty(rev.size, dtype=bool)
    keep[:1] = True
    np.greater(rev[1:], best[:-1], out=keep[1:])
    return order[::-1][keep][::-1]


def _dominated_by_earlier_2d(a: Array, b: Array) -> NDArray[np.bool_]:
    """For each ``i``, whether some ``j < i`` has ``a[j] >= a[i]`` and ``b[j] >= b[i]``.

    Divide and conquer over positions, all blocks of a level at once: within each block, the left
    half's points are swept in decreasing ``a`` and the running maximum of their ``b`` is read
    by the right half's points. Going down a level splits every block by a stable partition
    (cumulative counts), so only one sort is needed, at the top.
    """
    n = a.size
    out = np.zeros(n, dtype=bool)
    if n < 2:
        return out
    size = 1 << (n - 1).bit_length()
    # Padding points come last in position and in order, and never dominate anything.
    a_pad = np.concatenate([a, np.full(size - n, -np.inf)])
    b_pad = np.concatenate([b, np.full(size - n, -np.inf)])
    dom = np.zeros(size, dtype=bool)
    # Decreasing a; equal a in increasing position, so an earlier equal point counts as ">=".
    order = np.argsort(-a_pad, kind="stable")
    block = size
    while block >= 2:
        half = block // 2
        grid = order.reshape(size // block, block)
        right = (grid & half) != 0
        vals = np.where(right, -np.inf, b_pad[grid])
        run = np.maximum.accumulate(vals, axis=1)
        hit = right & (run >= b_pad[grid])
        dom[grid[hit]] = True
        if half >= 2:
            left_rank = np.cumsum(~right, axis=1) - 1
            right_rank = np.cumsum(right, axis=1) - 1 + half
            column = np.where(right, right_rank, left_rank)
            regrid = np.empty_like(grid)
            rows = np.arange(grid.shape[0])[:, None]
            regrid[rows, column] = grid
            order = regrid.reshape(-1)
        block = half
    out[:] = dom[:n]
    return out


def _dominated_by_earlier_nd(pts: Array) -> NDArray[np.bool_]:
    """For each row: is some earlier row ``>=`` in every column? Blocked pairwise comparisons."""
    n, k = pts.shape
    dominated = np.zeros(n, dtype=bool)
    survivors = np.empty((0, k))
    for s0 in range(0, n, _BLOCK):
        chunk = pts[s0 : s0 + _BLOCK]
        dom = np.zeros(chunk.shape[0], dtype=bool)
        for t0 in range(0, survivors.shape[0], _BLOCK):
            other = survivors[t0 : t0 + _BLOCK]
            dom |= np.all(other[None, :, :] >= chunk[:, None, :], axis=2).any(axis=1)
        inner = np.all(chunk[None, :, :] >= chunk[:, None, :], axis=2)
        inner &= np.tri(chunk.shape[0], k=-1, dtype=bool)
        dom |= inner.any(axis=1)
        dominated[s0 : s0 + chunk.shape[0]] = dom
        survivors = np.concatenate([survivors, chunk[~dom]])
    return dominated


def prune_k(columns: list[Array], tiebreak: TieBreak) -> Index:
    """Three or more coordinates given as columns: :func:`pareto_indices`."""
    order = _order_ascending(columns, tiebreak)[::-1]
    # Now decreasing lexicographically; among identical vectors the smallest key comes first.
    cols = [c[order] for c in columns]
    distinct = np.ones(order.size, dtype=bool)
    same = np.ones(order.size - 1, dtype=bool)
    for c in cols:
        same &= c[1:] == c[:-1]
    distinct[1:] = ~same
    order = order[distinct]
    cols = [c[distinct] for c in cols]
    if len(cols) == 3:
        dominated = _dominated_by_earlier_2d(cols[1], cols[2])
    else:
        dominated = _dominated_by_earlier_nd(np.stack(cols[1:], axis=1))
    return order[~dominated][::-1]


def pareto_indices(points: Array, tiebreak: TieBreak = None) -> Index:
    """Indices of the non-dominated points, one per distinct vector, sorted ascending.

    Parameters
    ----------
    points
        Utilities, shape ``(n, k)`` with ``k >= 1``.
    tiebreak
        Among identical vectors the point with the smallest key is kept; an int array of shape
        ``(n,)``, a function returning one (called only if identical vectors occur), or ``None``
        for the point's index.

    Returns
    -------
    ndarray
        Indices into `points`, sorted so that the kept vectors are in increasing lexicographic
        order (for two parties: the first party's utility increases and the second's decreases).

    Examples
    --------
    >>> import numpy as np
    >>> pts = np.array([[1.0, 2.0, 3.0], [1.0, 2.0, 3.0], [0.0, 5.0, 0.0], [0.0, 1.0, 0.0]])
    >>> pareto_indices(pts, tiebreak=np.array([5, 4, 0, 0]))
    array([2, 1])
    """
    pts = np.asarray(points, dtype=np.float64)
    if pts.ndim != 2 or pts.shape[1] < 1:
        raise ValueError(f"points must have shape (n, k), found {pts.shape}")
    n, k = pts.shape
    if n == 0:
        return np.empty(0, dtype=np.intp)
    columns = [np.ascontiguousarray(pts[:, j]) for j in range(k)]
    if k == 1:
        best = columns[0].max()
        ties = np.flatnonzero(columns[0] == best)
        key = _key(tiebreak, n)
        return np.array([ties[np.argmin(key[ties])]], dtype=np.intp)
    if k == 2:
        return prune2(columns[0], columns[1], tiebreak)
    return prune_k(columns, tiebreak)


def pareto_mask(points: Array) -> NDArray[np.bool_]:
    """Boolean mask of the points that no *other distinct* point dominates (duplicates all kept).

    Examples
    --------
    >>> import numpy as np
    >>> pareto_mask(np.array([[1.0, 0.0], [0.0, 1.0], [0.0, 0.5], [1.0, 0.0]]))
    array([ True,  True, False,  True])
    """
    pts = np.asarray(points, dtype=np.float64)
    keep = pareto_indices(pts)
    mask = np.zeros(pts.shape[0], dtype=bool)
    if keep.size:
        kept = pts[keep]
        # A point survives iff its vector equals a kept (non-dominated) vector.
        _, inverse = np.unique(np.concatenate([kept, pts]), axis=0, return_inverse=True)
        inverse = inverse.reshape(-1)
        mask = np.isin(inverse[keep.size :], inverse[: keep.size])
    return mask
