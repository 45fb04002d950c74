"""Two parties: the Pareto boundary of the convex hull of all deals, without the frontier.

Lotteries over deals reach the convex hull of the deals' utilities. The hull of a Minkowski sum
is the Minkowski sum of the hulls, so its upper-right boundary (the part no lottery dominates)
is the sum of each issue's own upper-right hull chain: start from the deal taking each issue's
top-left vertex (largest utility for party 1, then for party 0), and apply the issues' chain
edges in order of decreasing slope. Each edge moves one issue from one level to the next on its
chain, so consecutive vertices are deals that differ in exactly one issue. Cost
``O(nL log nL)`` for ``n`` issues of ``L`` levels.

Arrays: a table is ``(n_levels, 2)``; vertices are ``(n_edges + 1, 2)``.

Examples
--------
>>> import numpy as np
>>> tables = [np.array([[0.0, 1.0], [0.5, 0.8], [1.0, 0.0]]), np.array([[0.0, 2.0], [2.0, 0.0]])]
>>> chain = hull_chain(tables)
>>> chain.vertices
array([[0. , 3. ],
       [0.5, 2.8],
       [2.5, 0.8],
       [3. , 0. ]])
>>> chain.deal(2)
array([1, 1])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Chain", "hull_chain", "issue_chain", "strict_chain"]

Array = NDArray[np.float64]


def issue_chain(table: Array) -> list[int]:
    """Levels on one issue's upper-right hull chain, from top-left to bottom-right.

    Only vertices are kept (points inside an edge are dropped), and consecutive edges have
    strictly decreasing slopes, each edge going right (``dx > 0``) and down (``dy < 0``).

    Examples
    --------
    >>> import numpy as np
    >>> issue_chain(np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0], [0.2, 0.9], [0.1, 0.1]]))
    [0, 3, 2]
    """
    pts = np.asarray(table, dtype=np.float64).tolist()
    # Pareto staircase: by x descending (then y descending, then index), keep new y records.
    order = sorted(range(len(pts)), key=lambda j: (-pts[j][0], -pts[j][1], j))
    stair: list[int] = []
    top = -np.inf
    for j in order:
        if pts[j][1] > top:
            stair.append(j)
            top = pts[j][1]
    stair.reverse()  # x increasing, y decreasing

    def slope(a: int, b: int) -> float:
        return float((pts[b][1] - pts[a][1]) / (pts[b][0] - pts[a][0]))

    hull: list[int] = []
    for j in stair:
        while len(hull) >= 2 and slope(hull[-2], hull[-1]) <= slope(hull[-1], j):
            hull.pop()
        hull.append(j)
    return hull


@dataclass(frozen=True, slots=True)
class Chain:
    """The upper-right hull boundary of a two-party deal space.

    Attributes
    ----------
    start
        ``(n_issues,)`` levels of the top-left vertex's deal.
    issue, level
        ``(n_edges,)`` for each edge in order: the issue it changes and the level it moves to.
    vertices
        ``(n_edges + 1, 2)`` utilities of the vertices (edges accumulated from the start vertex,
        so they may differ from the deals' own sums in the last bits).
    """

    start: NDArray[np.intp]
    issue: NDArray[np.intp]
    level: NDArray[np.intp]
    vertices: Array

    def deal(self, j: int) -> NDArray[np.intp]:
        """Level indices of vertex `j`."""
        deal = self.start.copy()
        for i, lv in zip(self.issue[:j].tolist(), self.level[:j].tolist(), strict=True):
            deal[i] = lv
        return deal


def hull_chain(tables: Sequence[Array]) -> Chain:
    """The upper-right boundary of the convex hull of all deals (two parties)."""
    start = np.empty(len(tables), dtype=np.intp)
    issues: list[int] = []
    froms: list[int] = []
    tos: list[int] = []
    origin = np.zeros(2)
    for i, table in enumerate(tables):
        chain = issue_chain(table)
        start[i] = chain[0]
        origin = origin + table[chain[0]]
        issues += [i] * (len(chain) - 1)
        froms += chain[:-1]
        tos += chain[1:]
    issue = np.asarray(issues, dtype=np.intp)
    dst = np.asarray(tos, dtype=np.intp)
    if issue.size:
        delta = np.stack(
            [tables[i][b] - tables[i][a] for i, a, b in zip(issues, froms, tos, strict=True)]
        )
        slope = delta[:, 1] / delta[:, 0]
        order = np.argsort(-slope, kind="stable")
        issue, dst, delta = issue[order], dst[order], delta[order]
        vertices = np.vstack([origin, origin + np.cumsum(delta, axis=0)])
    else:
        vertices = origin[None, :]
    return Chain(start=start, issue=issue, level=dst, vertices=vertices)


def strict_chain(vertices: Array) -> NDArray[np.intp]:
    """Indices of the vertices forming a strictly monotone chain (dropping rounding ties).

    Accumulated in floating point, a chain edge can become flat (``0.125 + 8e-38 == 0.125``); a
    vertex that is then weakly dominated by a neighbour is dropped.

    Examples
    --------
    >>> import numpy as np
    >>> strict_chain(np.array([[0.0, 1.0], [0.5, 0.5], [0.5, 0.0], [1.0, 0.0]])).tolist()
    [0, 1, 3]
    """
    v = np.asarray(vertices, dtype=np.float64)
    kept = [0]
    for j in range(1, v.shape[0]):
        if v[j, 0] <= v[kept[-1], 0]:
            continue  # no further right: dominated by the last kept vertex
        while kept and v[j, 1] >= v[kept[-1], 1]:
            kept.pop()  # the last kept vertex is dominated by this one
        kept.append(j)
    return np.asarray(kept, dtype=np.intp)
