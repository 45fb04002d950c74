"""Brute force over every deal: the test oracle, and the engine for small deal spaces.

The issues are split in two halves whose utility tables (every combination of the half's levels)
are precomputed; the utilities of all deals are then formed as broadcast outer sums of the two
tables, one cache-sized block at a time, so memory stays bounded whatever the size of the space.
Deals are numbered in C order over the level indices (the first issue most significant), which is
also the lexicographic order of the level vectors.

Functions here work on plain arrays: ``tables`` is a sequence of ``(n_levels_i, n_parties)``
arrays and ``disagreement`` a ``(n_parties,)`` array.

Examples
--------
>>> import numpy as np
>>> tables = [np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[0.0, 1.0], [0.6, 0.6]])]
>>> brute_force_nash(tables, np.zeros(2))
(array([1, 0]), 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence

import numpy as np
from numpy.typing import NDArray

from bargain.errors import BargainError

__all__ = [
    "BLOCK_BYTES",
    "MAX_DEALS",
    "brute_force_best",
    "brute_force_nash",
    "combination_table",
    "iter_blocks",
]

#: Bytes of utilities formed per block (fits the L2 cache of common CPUs).
BLOCK_BYTES = 512 * 1024
#: The largest deal space brute force accepts (a few minutes at ~5e8 deals/s).
MAX_DEALS = 10**11
_DEALS_PER_SECOND = 5e8

Array = NDArray[np.float64]
Objective = Callable[[Array], Array]


def combination_table(tables: Sequence[Array], n_parties: int) -> Array:
    """Utilities of every combination of the given issues' levels, in C order.

    Returns an array of shape ``(prod(n_levels), n_parties)``; an empty `tables` gives one zero row.
    """
    out = np.zeros((1, n_parties))
    for table in tables:
        out = (out[:, None, :] + table[None, :, :]).reshape(-1, n_parties)
    return out


def _split(shape: Sequence[int]) -> int:
    """The split point that makes the two halves' sizes most even."""
    best, best_cost = 0, math.inf
    for h in range(len(shape) + 1):
        cost = max(math.prod(shape[:h]), math.prod(shape[h:]))
        if cost < best_cost:
            best, best_cost = h, cost
    return best


def check_size(shape: Sequence[int]) -> int:
    """Number of deals, or BargainError if brute force over them would run too long."""
    n = math.prod(shape)
    if n > MAX_DEALS:
        hours = n / _DEALS_PER_SECOND / 3600
        raise BargainError(
            f"brute force over {n:.3g} deals would take about {hours:.3g} hours "
            f"(limit {MAX_DEALS:.0e} deals); use the exact frontier engine instead"
        )
    return n


def iter_blocks(
    tables: Sequence[Array], *, block_bytes: int = BLOCK_BYTES
) -> Iterator[tuple[int, int, int, int, int, Array]]:
    """Yield the utilities of all deals, block by block.

    Yields
    ------
    a0, a1, b0, b1, n_right, block
        ``block[x, y]`` (shape ``(a1 - a0, b1 - b0, n_parties)``) holds the utilities of deal
        number ``(a0 + x) * n_right + (b0 + y)``.
    """
    shape = [t.shape[0] for t in tables]
    check_size(shape)
    n_parties = tables[0].shape[1]
    h = _split(shape)
    left = combination_table(tables[:h], n_parties)
    right = combination_table(tables[h:], n_parties)
    n_left, n_right = left.shape[0], right.shape[0]
    row_bytes = 8 * n_parties
    cols = max(1, min(n_right, block_bytes // row_bytes))
    rows = max(1, min(n_left, block_bytes // (row_bytes * cols)))
    for a0 in range(0, n_left, rows):
        a1 = min(a0 + rows, n_left)
        for b0 in range(0, n_right, cols):
            b1 = min(b0 + cols, n_right)
            yield a0, a1, b0, b1, n_right, left[a0:a1, None, :] + right[None, b0:b1, :]


def brute_force_best(
    tables: Sequence[Array], objective: Objective, *, block_bytes: int = BLOCK_BYTES
) -> tuple[NDArray[np.intp] | None, float]:
    """The deal that maximises `objective`, by enumeration.

    Parameters
    ----------
    tables
        Per issue, ``(n_levels, n_parties)`` utilities.
    objective
        Maps utilities ``(..., n_parties)`` to scores ``(...)``; ``-inf`` marks an excluded deal.
    block_bytes
        Size of the blocks of utilities formed at once.

    Returns
    -------
    deal, score
        The level indices of the best deal (``None`` when every deal scores ``-inf``) and its score.
        Ties are broken towards the lexicographically smallest level vector.
    """
    shape = tuple(t.shape[0] for t in tables)
    best_index, best_score = -1, -math.inf
    for a0, _a1, b0, _b1, n_right, block in iter_blocks(tables, block_bytes=block_bytes):
        scores = objective(block)
        flat = int(np.argmax(scores))
        score = float(scores.flat[flat])
        if score == -math.inf:
            continue
        x, y = divmod(flat, scores.shape[1])
        index = (a0 + x) * n_right + (b0 + y)
        if score > best_score or (score == best_score and index < best_index):
            best_index, best_score = index, score
    if best_index < 0:
        return None, -math.inf
    return np.array(np.unravel_index(best_index, shape), dtype=np.intp), best_score


def nash_objective(disagreement: Array) -> Objective:
    """The Nash product of gains, ``-inf`` unless every party gains strictly.

    Irrational deals are masked *before* the product, so two losses never multiply into a gain.
    """
    d = np.asarray(disagreement, dtype=np.float64)

    def objective(utilities: Array) -> Array:
        gains = utilities - d
        rational = np.all(gains > 0, axis=-1)
        return np.where(rational, np.prod(gains, axis=-1), -np.inf)

    return objective


def brute_force_nash(
    tables: Sequence[Array], disagreement: Array, *, block_bytes: int = BLOCK_BYTES
) -> tuple[NDArray[np.intp] | None, float]:
    """The Nash bargaining deal over individually rational deals, by enumeration.

    Returns the deal's level indices and its Nash product, or ``(None, -inf)`` when no deal gives
    every party strictly more than its disagreement utility.
    """
    return brute_force_best(tables, nash_objective(disagreement), block_bytes=block_bytes)
