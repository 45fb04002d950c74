"""Two-party screens along the Pareto chain of the right halves: no visit of every deal.

With two parties every deal's raised gains are ``left[:, :, a] + right[:, :, b]`` (see
:class:`bargain.sweeps.screen.Halves`). A right half that another beats for both parties can never
make a better deal with the same left half, so each left half needs only the right halves on their
Pareto *chain*: party 0's part falling, party 1's rising. Along the chain, for one left half,

- the deals that may be individually rational for party 1 are a suffix, for party 0 a prefix;
- the smaller of the two (weighted) gains is the smaller of a falling and a rising sequence: its
  largest value sits where they cross;
- the sum of the gains over the deals that may be rational is a maximum over a range.

So each left half meets its best right half by binary search (a sparse table for the sums): per run
``O((n_left + n_right) log n_right)`` instead of ``n_left * n_right``. The runner-up score that
certification needs comes from every other left half's best and the best left half's full row. The
proof that this returns the full pass's answer: docs/algorithms.md, "Two-party screens".

Examples
--------
>>> import numpy as np
>>> left = np.array([[[1.0, 2.0], [2.0, 0.5]]])          # one run, 2 parties, 2 left halves
>>> right = np.array([[[0.0, 1.0, 0.5], [1.0, 0.0, -0.2]]])  # 3 right halves
>>> ch = pareto_chain(right)
>>> ch.half[0, : ch.size[0]].tolist()        # right half 2, (0.5, -0.2), is beaten by 1
[1, 0]
>>> best, top, second = max_min(left, right, ch)
>>> int(best[0]), float(top[0]), float(second[0])   # deal (0, 1): gains (2.0, 2.0)
(1, 2.0, 1.5)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "Chain",
    "count_below",
    "ideal_bounds_two",
    "largest_other",
    "max_min",
    "max_sum",
    "pareto_chain",
]

Array = NDArray[np.float64]
Index = NDArray[np.intp]


@dataclass(frozen=True, slots=True, eq=False)
class Chain:
    """Per run, the right halves that no other right half beats for both parties.

    ``first`` and ``second`` ``(n_runs, width)`` hold the two parties' parts of the chain's right
    halves, ``first`` non-increasing and ``second`` strictly increasing along a row; ``half``
    their numbers; ``size`` ``(n_runs,)`` how many of a row's entries are real. The rest is
    padding (``first`` ``-inf``, ``second`` ``+inf``, ``half`` 0) up to a `width` one less than
    a power of two, for :func:`count_below`.
    """

    first: Array
    second: Array
    half: Index
    size: Index


def pareto_chain(right: Array) -> Chain:
    """The Pareto chain of every run's right halves ``(n_runs, 2, n_right)``.

    The right halves sorted by party 0's part, descending, keep those whose party-1 part beats
    every earlier one: each other right half is weakly beaten by a kept one (an earlier one with
    at least its party-1 part). Equal party-0 parts sort in any order; a kept half that a later
    one with the same party-0 part beats stays on the chain, which changes no maximum.
    """
    n_runs, _, n_right = right.shape
    order = np.argsort(-right[:, 0, :], axis=1)
    first = np.take_along_axis(right[:, 0, :], order, axis=1)
    second = np.take_along_axis(right[:, 1, :], order, axis=1)
    keep = np.ones((n_runs, n_right), dtype=bool)
    keep[:, 1:] = second[:, 1:] > np.maximum.accumulate(second, axis=1)[:, :-1]
    size = keep.sum(axis=1)
    width = (1 << int(size.max(initial=1)).bit_length()) - 1  # a power of two less 1: count_below
    slot = np.cumsum(keep, axis=1) - 1
    rows = np.broadcast_to(np.arange(n_runs)[:, None], keep.shape)[keep]
    cols = slot[keep]
    out_first = np.full((n_runs, width), -np.inf)
    out_second = np.full((n_runs, width), np.inf)
    half = np.zeros((n_runs, width), dtype=np.intp)
    out_first[rows, cols], out_second[rows, cols], half[rows, cols] = (
        first[keep],
        second[keep],
        order[keep],
    )
    return Chain(out_first, out_second, half, size)


def count_below(ascending: Array, x: Array, *, strict: bool = False) -> Index:
    """Per row ``r``: how many of ``ascending[r]`` are ``<= x[r, i]`` (``< x[r, i]`` if strict).

    A binary search of every row at once with exact comparisons: ``ascending`` ``(n_runs,
    width)`` is sorted along each row and ``width + 1`` is a power of two (the chain's padding,
    ``+inf``, makes it so), so the count grows by halving steps, one gather per step.
    """
    n_runs, width = ascending.shape
    flat = ascending.ravel()
    at = (width * np.arange(n_runs) - 1)[:, None]  # + count + step: the next entry to test
    count = np.zeros(x.shape, dtype=np.intp)
    step = (width + 1) >> 1
    while step:
        value = flat[at + (count + step)]
        count += step * ((value < x) if strict else (value <= x))
        step >>= 1
    return count


def _pick(values: NDArray[Any], at: Index) -> NDArray[Any]:
    """Per row, ``values[r, at[r, i]]``."""
    return np.take_along_axis(values, at, axis=1)


def ideal_bounds_two(left: Array, right: Array, ch: Chain) -> tuple[Array, Index]:
    """Each party's largest raised gain over deals whose two raised gains are > 0, and its deal.

    Party 0's best right half for left half ``a`` is the chain's first whose party-1 part
    exceeds ``-left[1, a]`` (a deal's raised gain is > 0 exactly when the sum of its two halves'
    parts is: rounding keeps the sign of a sum of two doubles); party 1's is the last whose
    party-0 part exceeds ``-left[0, a]``. Returns ``(n_runs, 2)`` bounds (``-inf`` when no deal
    may be rational) and flat deal numbers, as :func:`bargain.sweeps.screen.ideal_bounds`.
    """
    n_runs, n_right = left.shape[0], right.shape[2]
    size = ch.size[:, None]
    rows = np.arange(n_runs)
    high = np.empty((n_runs, 2))
    where = np.empty((n_runs, 2), dtype=np.intp)
    j0 = count_below(ch.second, -left[:, 1, :])  # the first rational for party 1
    j1 = count_below(-ch.first, left[:, 0, :], strict=True) - 1  # the last for party 0
    for p, j, ok in ((0, j0, j0 < size), (1, j1, j1 >= 0)):
        at = np.clip(j, 0, ch.first.shape[1] - 1)
        part = _pick(ch.first if p == 0 else ch.second, at)
        value = np.where(ok, left[:, p, :] + part, -np.inf)
        a = value.argmax(axis=1)
        top = value[rows, a]
        high[:, p] = np.where(top > 0, top, -np.inf)
        where[:, p] = a * n_right + _pick(ch.half, at)[rows, a]
    return high, where


def largest_other(x: Array, at: Index) -> Array:
    """Per row of `x` ``(n, m)``, the largest entry other than the one at column ``at[row]``."""
    rest = x.copy()
    rest[np.arange(x.shape[0]), at] = -np.inf
    out: Array = rest.max(axis=1)
    return out


def _finish(value: Array, half: Index, a: Index, row_scores: Array) -> tuple[Index, Array, Array]:
    """Best deal, its score and the runner-up from each left half's best and the best row.

    `a` is each run's best left half (``value.argmax(axis=1)``), `row_scores` its scores with
    every right half.
    """
    rows = np.arange(value.shape[0])
    b = half[rows, a]
    top = value[rows, a]
    second = np.maximum(largest_other(value, a), largest_other(row_scores, b))
    best: Index = a * row_scores.shape[1] + b
    return best, top, second


def _row(left: Array, right: Array, a: Index) -> Array:
    """``(n_runs, 2, n_right)``: the raised gains of left half ``a[r]`` with every right half."""
    out: Array = left[np.arange(left.shape[0]), :, a][:, :, None] + right
    return out


def max_min(
    left: Array, right: Array, ch: Chain, weights: Array | None = None
) -> tuple[Index, Array, Array]:
    """The deal with the largest smaller weighted raised gain, that score, and the runner-up.

    As :func:`bargain.sweeps.screen.screen_scores` for ``"egalitarian"`` (no `weights`) and
    ``"kalai-smorodinsky"`` (`weights` ``(n_runs, 2)``, > 0): a score that is not > 0 counts as
    ``-inf``. For left half ``a`` the chain's weighted gains cross where
    ``w0 * first - w1 * second`` falls to ``w1 * left[1, a] - w0 * left[0, a]``; the best
    right half is one of the two chain entries around that place.
    """
    n_runs = left.shape[0]
    w = np.ones((n_runs, 2)) if weights is None else weights
    w0, w1 = w[:, :1], w[:, 1:]
    with np.errstate(invalid="ignore"):
        falling = w0 * ch.first - w1 * ch.second  # padding: -inf
    cross = count_below(-falling, -(w1 * left[:, 1, :] - w0 * left[:, 0, :]), strict=True)
    value = np.full(left.shape[::2], -np.inf)
    half = np.zeros(value.shape, dtype=np.intp)
    top_slot = ch.size[:, None] - 1
    for j in (cross - 1, cross):
        at = _pick(ch.half, np.clip(j, 0, top_slot))
        g0 = (left[:, 0, :] + _pick(right[:, 0, :], at)) * w0
        g1 = (left[:, 1, :] + _pick(right[:, 1, :], at)) * w1
        score = np.minimum(g0, g1)
        better = score > value
        value = np.where(better, score, value)
        half = np.where(better, at, half)
    a = value.argmax(axis=1)
    row = _row(left, right, a) * w[:, :, None]
    best, top, second = _finish(value, half, a, row.min(axis=1))
    top[top <= 0], second[second <= 0] = -np.inf, -np.inf
    return best, top, second


def _range_max(values: Array) -> tuple[Array, Index]:
    """Sparse tables: ``[t][r, j]`` the largest of ``values[r, j : j + 2**t]`` and where (first)."""
    n_runs, width = values.shape
    levels = width.bit_length()
    table = np.full((levels, n_runs, width), -np.inf)
    where = np.zeros((levels, n_runs, width), dtype=np.intp)
    table[0], where[0] = values, np.arange(width)
    for t in range(1, levels):
        h, n = 1 << (t - 1), width - (1 << t) + 1
        low, high = table[t - 1, :, :n], table[t - 1, :, h : h + n]
        right = high > low
        table[t, :, :n] = np.where(right, high, low)
        where[t, :, :n] = np.where(right, where[t - 1, :, h : h + n], where[t - 1, :, :n])
    return table, where


def max_sum(left: Array, right: Array, ch: Chain) -> tuple[Index, Array, Array]:
    """The deal with the largest sum of raised gains among those that may be rational.

    As :func:`bargain.sweeps.screen.screen_scores` for ``"utilitarian"``: for left half ``a`` the
    chain entries where both raised gains may be positive are a range (party 1's condition a
    suffix, party 0's a prefix); the largest sum of parts over it comes from sparse tables.
    """
    n_runs = left.shape[0]
    width = ch.first.shape[1]
    real = np.arange(width)[None, :] < ch.size[:, None]
    with np.errstate(invalid="ignore"):
        sums = np.where(real, ch.first + ch.second, -np.inf)  # padding: -inf + inf
    table, where = _range_max(sums)
    lo = count_below(ch.second, -left[:, 1, :])
    hi = count_below(-ch.first, left[:, 0, :], strict=True)
    ok = lo < hi
    span = np.where(ok, hi - lo, 1)
    level = np.frexp(span.astype(np.float64))[1] - 1
    run = np.arange(n_runs)[:, None]
    start = np.minimum(lo, width - 1)
    end = np.clip(hi - (1 << level), 0, width - 1)  # the last window of the range
    later = table[level, run, end] > table[level, run, start]
    j = np.where(later, where[level, run, end], where[level, run, start])
    at = _pick(ch.half, j)
    g0 = left[:, 0, :] + _pick(right[:, 0, :], at)
    g1 = left[:, 1, :] + _pick(right[:, 1, :], at)
    value = np.where(ok & (g0 > 0) & (g1 > 0), g0 + g1, -np.inf)
    a = value.argmax(axis=1)
    row = _row(left, right, a)
    row_scores = np.where(np.all(row > 0, axis=1), row[:, 0] + row[:, 1], -np.inf)
    return _finish(value, at, a, row_scores)
