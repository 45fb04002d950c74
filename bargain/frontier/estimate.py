"""The Pareto frontier within a budget of points: estimated as it grows, refused beyond it.

With three or more parties the exact frontier can hold most of the deal space, and the merge's
cost grows with it (with four or more parties, with its square). :func:`merge_within` runs the
merge of :mod:`bargain.frontier.merge` one issue at a time, feeding it the frontier so far (its
rows in lexicographic order of their deals, so that among equal utility vectors the same deal is
kept) and the next issue; after each issue it knows the frontier's exact size, and estimates the
final one from the growth of the last issue. Frontier sizes grow faster than a power of the
number of issues and slower than an exponential, so the estimate is the geometric mean of the
two extrapolations. It stops with :class:`TooLarge` as soon as the frontier holds more than
`max_points` points, or would after the next issue at the last issue's growth, or when even the
power-law extrapolation (the smaller one) exceeds :data:`EARLY` times `max_points`: the work
spent is then bounded by a frontier of about `max_points` points.

The result is the same as :func:`bargain.frontier.merge.merge_frontier`'s, bit for bit.

Examples
--------
>>> import numpy as np
>>> u, deals = merge_within([np.eye(3)] * 3, max_points=100)
>>> u.shape
(10, 3)
>>> try:
...     merge_within([np.eye(3)] * 8, max_points=20)
... except TooLarge as exc:
...     print(exc.issues, exc.points, exc.estimate)
4 15 55
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from bargain.errors import BargainError
from bargain.frontier.merge import merge_frontier

__all__ = ["EARLY", "TooLarge", "extrapolate", "merge_within"]

Array = NDArray[np.float64]
Index = NDArray[np.intp]

#: Stop early when the estimated final size exceeds the budget this many times.
EARLY = 4.0


class TooLarge(BargainError):
    """The frontier outgrew its budget after `issues` issues (`points` points so far).

    `estimate` is the estimated number of points with every issue.
    """

    def __init__(self, issues: int, points: int, estimate: int) -> None:
        super().__init__(
            f"the frontier holds {points:,} points after {issues} issues "
            f"(about {estimate:,} estimated with every issue)"
        )
        self.issues, self.points, self.estimate = issues, points, estimate


def _growth(sizes: Sequence[int]) -> tuple[float, float]:
    """The last issue's growth ratio and the power of the number of issues it implies."""
    m = len(sizes)
    now, before = max(sizes[-1], 1), max(sizes[-2], 1)
    ratio = now / before
    return ratio, math.log(ratio) / math.log(m / (m - 1))


def extrapolate(sizes: Sequence[int], n: int) -> int:
    """The frontier size with `n` issues, from its sizes after each of the first issues.

    The geometric mean of the exponential and the power-law extrapolations of the last
    issue's growth (see the module notes); the last size when fewer than two are known.
    """
    m = len(sizes)
    if m < 2 or m >= n:
        return sizes[-1]
    ratio, power = _growth(sizes)
    log_size = math.log(max(sizes[-1], 1)) + 0.5 * (
        (n - m) * math.log(ratio) + power * math.log(n / m)
    )
    return round(math.exp(min(log_size, 41.0)))


def _refuse(sizes: Sequence[int], n: int, max_points: int) -> bool:
    """Whether to stop before the next issue (see the module notes)."""
    m = len(sizes)
    if sizes[-1] > max_points:
        return True
    if m < 2:
        return False
    ratio, power = _growth(sizes)
    if sizes[-1] * ratio > max_points:  # the next issue alone would outgrow the budget
        return True
    return m >= 3 and sizes[-1] * (n / m) ** power > EARLY * max_points


def _sorted_by_deal(u: Array, deals: Index) -> tuple[Array, Index]:
    order = np.lexsort(deals.T[::-1])
    return u[order], deals[order]


def merge_within(tables: Sequence[Array], *, max_points: int) -> tuple[Array, Index]:
    """The exact frontier of `tables`, or :class:`TooLarge` when it outgrows `max_points`.

    Returns ``(utilities, deals)`` as :func:`bargain.frontier.merge.merge_frontier` does.
    """
    n = len(tables)
    u, deals = merge_frontier(tables[:1])
    sizes = [int(u.shape[0])]
    for i in range(1, n):
        if _refuse(sizes, n, max_points):
            raise TooLarge(i, sizes[-1], max(extrapolate(sizes, n), sizes[-1]))
        u, deals = _sorted_by_deal(u, deals)
        u, pair = merge_frontier([u, np.asarray(tables[i], dtype=np.float64)])
        deals = np.column_stack([deals[pair[:, 0]], pair[:, 1]])
        sizes.append(int(u.shape[0]))
    if sizes[-1] > max_points:
        raise TooLarge(n, sizes[-1], sizes[-1])
    return u, deals
