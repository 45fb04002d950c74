"""A deal space as one array: every level of every issue stacked, for the branch and bound.

The search engines of :mod:`bargain.solutions.branch` work on *rows*: row ``r`` is one level of
one issue, ``rows[r]`` its ``(n_parties,)`` utilities. A node of the search keeps a boolean mask
over the rows (the levels still allowed); an issue is decided when one of its rows is left.

:func:`stack` builds the rows from any ``tables`` (a sequence of ``(n_levels_i, n_parties)``
arrays, any number of levels per issue), dropping the levels no deal needs (:func:`useful_levels`):
a level is dropped when a level of the same issue with a smaller index is at least as good for
every party. Any deal using a dropped level is then weakly dominated by a deal that is
lexicographically smaller, so no solution and no tie is lost (rounding is monotone, so this holds
for the floating-point sums too).

:func:`party_scales` gives powers of two that bring each party's numbers near 1; dividing by a
power of two is exact, so the engines can work in those units without changing any comparison.

Examples
--------
>>> import numpy as np
>>> t = [np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 1.0]]), np.array([[2.0, 2.0], [1.0, 1.0]])]
>>> s = stack(t)
>>> s.rows.tolist(), s.level.tolist(), s.starts.tolist()
([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0]], [0, 1, 0], [0, 2])
>>> party_scales([np.array([[3.0, 1e-150]])], np.zeros(2)).tolist()
[2.0, 6.10987272699921e-151]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Stacked", "party_scales", "stack", "useful_levels"]

Array = NDArray[np.float64]
Index = NDArray[np.intp]

#: Issues with more levels than this skip the dominance pass (it compares every pair).
_DOMINANCE_MAX_LEVELS = 4096
_CHUNK = 64


@dataclass(frozen=True, slots=True, eq=False)
class Stacked:
    """The levels of a deal space, issue after issue.

    Attributes
    ----------
    rows
        ``(N, n_parties)`` utilities of every kept level.
    issue, level
        ``(N,)`` the issue of each row and its level index in the original table.
    starts, sizes
        ``(n_issues,)`` the first row of each issue and its number of rows.
    """

    rows: Array
    issue: Index
    level: Index
    starts: Index
    sizes: Index

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return int(self.starts.shape[0])

    @property
    def n_parties(self) -> int:
        """Number of parties."""
        return int(self.rows.shape[1])

    def rows_of(self, deal: Index) -> Index:
        """Row numbers of a deal given as positions within each issue's kept rows."""
        out: Index = self.starts + np.asarray(deal, dtype=np.intp)
        return out

    def levels_of(self, rows: Index) -> Index:
        """Original level indices of deals given as row numbers, ``(..., n_issues)``."""
        out: Index = self.level[rows]
        return out


def useful_levels(table: Array) -> Index:
    """Indices of the levels not weakly dominated by a level with a smaller index.

    Examples
    --------
    >>> import numpy as np
    >>> useful_levels(np.array([[1.0, 0.0], [1.0, 0.0], [0.5, 0.5], [0.4, 0.5], [2.0, 0.0]]))
    array([0, 2, 4])
    """
    t = np.asarray(table, dtype=np.float64)
    n = t.shape[0]
    if n > _DOMINANCE_MAX_LEVELS:
        return np.arange(n, dtype=np.intp)
    dominated = np.zeros(n, dtype=bool)
    for a0 in range(0, n, _CHUNK):
        a = t[a0 : a0 + _CHUNK]
        geq = np.all(a[:, None, :] >= t[None, :, :], axis=2)  # geq[x, b]: level a0 + x >= b
        geq &= np.arange(a0, a0 + a.shape[0])[:, None] < np.arange(n)[None, :]
        dominated |= geq.any(axis=0)
    return np.flatnonzero(~dominated).astype(np.intp)


def stack(tables: Sequence[Array], *, prune: bool = True) -> Stacked:
    """Stack the levels of `tables` (with ``prune``: only the useful ones, see the module)."""
    kept = [useful_levels(t) if prune else np.arange(t.shape[0], dtype=np.intp) for t in tables]
    sizes = np.array([k.size for k in kept], dtype=np.intp)
    rows = np.concatenate(
        [np.asarray(t, dtype=np.float64)[k] for t, k in zip(tables, kept, strict=True)]
    )
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.intp)
    return Stacked(
        rows=np.ascontiguousarray(rows),
        issue=np.repeat(np.arange(len(tables), dtype=np.intp), sizes),
        level=np.concatenate(kept).astype(np.intp),
        starts=starts,
        sizes=sizes,
    )


def _power_of_two_below(x: float) -> float:
    if not math.isfinite(x) or x <= 0:
        return 1.0
    return math.ldexp(1.0, math.frexp(x)[1] - 1)


def party_scales(tables: Sequence[Array], disagreement: Array) -> Array:
    """Per party, the power of two at or below its largest absolute number (1 when all are 0)."""
    big = np.abs(np.asarray(disagreement, dtype=np.float64)).copy()
    for t in tables:
        big = np.maximum(big, np.abs(t).max(axis=0))
    return np.array([_power_of_two_below(float(x)) for x in big])
