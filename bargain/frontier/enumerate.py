"""Enumeration of a deal space: every combination of levels, and the frontier by enumeration.

For small deal spaces the fastest exact frontier is the plain one: form every deal's utilities
(:func:`combination_table`, issues summed first to last exactly as
:meth:`bargain.Scenario.utilities` and the merge do) and keep the non-dominated ones
(:func:`brute_force_frontier`). :func:`split_point` splits a space into two halves of even size,
which the vectorised sweep screen and the reference oracles (:mod:`bargain.testing`) use to form
deals as outer sums of two half tables.

Arrays: ``tables`` is a sequence of ``(n_levels_i, n_parties)`` arrays. Deals are numbered in C
order over the level indices (the first issue most significant), the lexicographic order of the
level vectors.

Examples
--------
>>> import numpy as np
>>> combination_table([np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[0.5, 0.5], [0.0, 2.0]])], 2)
array([[0.5, 1.5],
       [0. , 3. ],
       [1.5, 0.5],
       [1. , 2. ]])
>>> split_point([3, 3, 3, 3])
2
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from bargain.errors import BargainError
from bargain.frontier.pareto import pareto_indices

__all__ = ["MAX_ENUMERATED", "brute_force_frontier", "combination_table", "split_point"]

#: The largest deal space :func:`brute_force_frontier` enumerates at once (memory ~ 8 k bytes/deal).
MAX_ENUMERATED = 2**22

Array = NDArray[np.float64]


def combination_table(tables: Sequence[Array], n_parties: int) -> Array:
    """Utilities of every combination of the given issues' levels, in C order.

    Returns an array of shape ``(prod(n_levels), n_parties)``; an empty `tables` gives one zero row.
    """
    out = np.zeros((1, n_parties))
    for table in tables:
        out = (out[:, None, :] + table[None, :, :]).reshape(-1, n_parties)
    return out


def split_point(shape: Sequence[int]) -> int:
    """The number of leading issues that makes the two halves of the deal space most even."""
    best, best_cost = 0, math.inf
    for h in range(len(shape) + 1):
        cost = max(math.prod(shape[:h]), math.prod(shape[h:]))
        if cost < best_cost:
            best, best_cost = h, cost
    return best


def brute_force_frontier(tables: Sequence[Array]) -> tuple[Array, NDArray[np.intp]]:
    """The Pareto frontier by enumerating every deal: the engine for small deal spaces.

    Utilities are summed issue by issue, first to last (as
    :func:`bargain.frontier.merge.merge_frontier` and :meth:`bargain.Scenario.utilities` do), so
    the two engines return the same utilities bit for bit; among deals with identical utilities the
    lexicographically smallest is kept.

    Returns
    -------
    utilities, deals
        ``(m, n_parties)`` sorted lexicographically ascending, and ``(m, n_issues)`` level indices.

    Raises
    ------
    BargainError
        When the space has more than :data:`MAX_ENUMERATED` deals.

    Examples
    --------
    >>> import numpy as np
    >>> u, deals = brute_force_frontier([np.array([[0.0, 1.0], [1.0, 0.0], [0.0, 0.5]])])
    >>> deals
    array([[0],
           [1]])
    """
    shape = [t.shape[0] for t in tables]
    n = math.prod(shape)
    if n > MAX_ENUMERATED:
        raise BargainError(
            f"the brute-force frontier enumerates every deal and takes at most "
            f"{MAX_ENUMERATED:,} deals; this space has {n:,}: use the merge engine instead"
        )
    k = tables[0].shape[1]
    utilities = combination_table(tables, k)
    keep = pareto_indices(utilities)
    deals = np.stack(np.unravel_index(keep, shape), axis=1).astype(np.intp)
    return utilities[keep], deals
