"""Many runs at once: the best deal of a small deal space for a whole batch of parameter vectors.

A sweep solves the same scenario thousands of times with different numbers. When the deal space is
small (tens of thousands of deals), it is far faster to evaluate every deal for a batch of runs in
one go than to call the solver run by run: the utilities of all deals of a few runs fit in the CPU
cache, and numpy does the rest.

Array conventions
-----------------
- ``tables[i]`` has shape ``(n_runs, n_parties, n_levels_i)``: run ``r``'s weighted value of each
  level of issue ``i`` for each party (note: parties before levels, unlike ``Scenario.tables``).
- ``disagreement`` has shape ``(n_runs, n_parties)``.
- Deals are numbered in C order over the level indices, the first issue most significant (the
  lexicographic order of level vectors), as in :mod:`bargain.frontier.enumerate`.

Exactness
---------
The screen is exact in the sense that matters to a sweep: it returns a deal only when that deal is
*certainly* the one :func:`bargain.solve` chooses, and flags the run otherwise. Each party's gain
is evaluated with a margin ``delta = rtol * (sum_i max_l |t_il| + |d|)`` (``rtol = 1e-9``, a million
times the rounding error of any order of summation): a deal is certified when its score with every
gain lowered by ``delta`` beats the score of every other deal with every gain raised by ``delta``,
by a relative :data:`SCORE_RTOL` (far above the solver's tie tolerance). Exact ties, near ties
and deals within ``delta`` of a party's disagreement utility are therefore never decided here;
the caller solves those runs one by one, so the tie rule is always the solver's.

Examples
--------
>>> import numpy as np
>>> t0 = np.array([[[0.0, 1.0], [1.0, 0.0]]])        # one run, 2 parties, 2 levels
>>> t1 = np.array([[[0.0, 0.6], [1.0, 0.6]]])
>>> deal, certain = batch_best([t0, t1], np.zeros((1, 2)))
>>> [int(j) for j in np.unravel_index(deal[0], (2, 2))], certain.tolist()
([1, 0], [True])
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from bargain.frontier.enumerate import split_point

__all__ = ["BLOCK_BYTES", "METHODS", "RTOL", "SCORE_RTOL", "batch_best"]

Array = NDArray[np.float64]

#: Methods the screen can decide (others are solved run by run).
METHODS = ("nash", "egalitarian", "utilitarian")
#: Relative margin on every gain: see the module notes.
RTOL = 1e-9
#: Bytes of scores formed at once (two buffers of this size are live).
BLOCK_BYTES = 768 * 1024
#: Relative margin between the winner's lowered score and any other raised score. It covers the
#: rounding of the score itself and keeps certified winners clear of the solver's tie tolerance
#: (``bargain.methods.TIE_RTOL = 1e-12``: scores that close count as tied).
SCORE_RTOL = 1e-9


def _combine(tables: Sequence[Array], n_runs: int, n_parties: int) -> Array:
    """``(n_runs, n_parties, prod(n_levels))``: every combination of the issues' levels, summed."""
    out = np.zeros((n_runs, n_parties, 1))
    for table in tables:
        out = (out[:, :, :, None] + table[:, :, None, :]).reshape(n_runs, n_parties, -1)
    return out


def batch_best(
    tables: Sequence[Array],
    disagreement: Array,
    *,
    method: str = "nash",
    rtol: float = RTOL,
    block_bytes: int = BLOCK_BYTES,
) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """The solution of every run of a batch, certified or flagged.

    Parameters
    ----------
    tables
        Per issue, ``(n_runs, n_parties, n_levels_i)`` weighted values.
    disagreement
        ``(n_runs, n_parties)`` disagreement utilities.
    method
        One of :data:`METHODS`, among the deals that give every party strictly more than its
        disagreement utility: ``"nash"`` (the largest product of gains), ``"egalitarian"`` (the
        largest smallest gain; a tie there, which leximin would break, is left to the solver),
        ``"utilitarian"`` (the largest sum of gains).
    rtol
        Relative margin on the gains (see the module notes).
    block_bytes
        Size of the score buffers; a few runs' scores at a time should fit the CPU cache.

    Returns
    -------
    deal, certain
        ``(n_runs,)`` arrays: the flat C-order index of the chosen deal (``-1``: no deal is
        individually rational), and whether that answer is certain. Where ``certain`` is False
        ``deal`` means nothing and the run must be solved exactly.
    """
    if method not in METHODS:
        raise ValueError(f"batch_best cannot decide method {method!r}; it decides {METHODS}")
    d = np.asarray(disagreement, dtype=np.float64)
    n_runs, n_parties = d.shape
    shape = [t.shape[2] for t in tables]
    n_deals = math.prod(shape)
    scale = np.abs(d)
    for table in tables:
        scale = scale + np.abs(table).max(axis=2)
    delta = rtol * scale
    h = split_point(shape)
    # Raised gains g + delta = (left + delta - d) + right, one addition per deal and party.
    left = _combine(tables[:h], n_runs, n_parties) + (delta - d)[:, :, None]
    right = _combine(tables[h:], n_runs, n_parties)
    n_left, n_right = left.shape[2], right.shape[2]

    best = np.empty(n_runs, dtype=np.intp)
    top = np.empty(n_runs)
    second = np.empty(n_runs)
    step = max(1, min(n_runs, block_bytes // (8 * n_deals)))
    score_buf = np.empty((step, n_left, n_right))
    gain_buf = np.empty((step, n_left, n_right))
    low_buf = np.empty((step, n_left, n_right)) if method == "utilitarian" else None
    for a in range(0, n_runs, step):
        b = min(a + step, n_runs)
        m = b - a
        score = score_buf[:m]
        gain = gain_buf[:m]
        np.add(left[a:b, 0, :, None], right[a:b, 0, None, :], out=score)
        if method == "utilitarian":
            assert low_buf is not None
            smallest = low_buf[:m]
            smallest[...] = score
        for p in range(1, n_parties):
            np.add(left[a:b, p, :, None], right[a:b, p, None, :], out=gain)
            if method == "nash":
                np.maximum(gain, 0.0, out=gain)
                if p == 1:
                    np.maximum(score, 0.0, out=score)
                score *= gain
            elif method == "egalitarian":
                np.minimum(score, gain, out=score)
            else:
                np.minimum(smallest, gain, out=smallest)
                score += gain
        if method == "egalitarian":
            np.maximum(score, 0.0, out=score)
        elif method == "utilitarian":
            score[smallest <= 0.0] = 0.0
        # Every score is >= 0, and 0 exactly when some raised gain is <= 0 (not rational).
        flat = score.reshape(m, n_deals)
        idx = flat.argmax(axis=1)
        rows = np.arange(m)
        best[a:b] = idx
        top[a:b] = flat[rows, idx]
        flat[rows, idx] = 0.0
        second[a:b] = flat.max(axis=1)

    # Lower bound of the winner's score: its gains lowered by delta.
    levels = np.unravel_index(best, shape)
    runs = np.arange(n_runs)
    utility = np.zeros((n_runs, n_parties))
    for i, table in enumerate(tables):
        utility += table[runs, :, levels[i]]
    low_gains = utility - d - delta
    rational = np.all(low_gains > 0, axis=1)
    low_gains = np.where(rational[:, None], low_gains, 0.0)
    if method == "nash":
        low = np.prod(low_gains, axis=1)
    elif method == "egalitarian":
        low = low_gains.min(axis=1)
    else:
        low = low_gains.sum(axis=1)
    certain_deal = rational & (low > second * (1.0 + SCORE_RTOL))
    no_deal = top == 0.0
    deal = np.where(no_deal, -1, best).astype(np.intp)
    return deal, certain_deal | no_deal
