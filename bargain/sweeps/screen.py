"""Many runs at once: the best deal of a small deal space for a whole batch of parameter vectors.

A sweep solves the same scenario thousands of times with different numbers. When the deal space is
small (tens of thousands of deals), it is far faster to evaluate every deal for a batch of runs in
one go than to call the solver run by run: the utilities of all deals of a few runs fit in the CPU
cache, and numpy does the rest. Every method of :data:`bargain.solutions.concepts.METHODS` is
screened this way.

Array conventions
-----------------
- ``tables[i]`` has shape ``(n_runs, n_parties, n_levels_i)``: run ``r``'s weighted value of each
  level of issue ``i`` for each party (note: parties before levels, unlike ``Scenario.tables``).
- ``disagreement`` and ``powers`` have shape ``(n_runs, n_parties)``.
- Deals are numbered in C order over the level indices, the first issue most significant (the
  lexicographic order of level vectors), as in :mod:`bargain.frontier.enumerate`.

Scores
------
Every deal's score is bounded from above with every gain *raised* by a margin
``delta = rtol * (sum_i max_l |t_il| + |d|)`` (``rtol = 1e-9``, a million times the rounding error
of any order of summation): for Nash the sum of the logarithms of the gains (weighted by the
run's powers, the largest scaled to 1, for asymmetric Nash), so that no product can overflow or
underflow whatever the unit of the values; the smallest gain (egalitarian), the smallest gain
divided by the ideal gain (Kalai-Smorodinsky: the ideal gains of each run come from a first pass,
as bounds: the largest raised gain over deals that may be rational, and the lowered gain of that
deal when it surely is); the sum of gains (utilitarian). A deal that may not be individually
rational scores ``-inf`` (for the Nash methods, each party's gain divided by a power of two near
its largest, exactly, is clipped at :data:`FLOOR` before its logarithm: a finite upper bound).
The deal scoring highest is screened (:func:`screen_scores`); with two parties the leximin and
sum methods find it along the right halves' Pareto chain instead of scoring every deal
(:mod:`bargain.sweeps.chain`).

Exactness
---------
The screen returns a deal only when that deal is *certainly* the one :func:`bargain.solve`
chooses (:func:`certify`), and flags the run otherwise: exact ties, near ties and deals within the
margin of a disagreement utility are left to the solver, so the tie rule is always the solver's.
The argument, and how the Nash methods avoid most logarithms: docs/algorithms.md.

Examples
--------
>>> import numpy as np
>>> t0 = np.array([[[0.0, 1.0], [1.0, 0.0]]])        # one run, 2 parties, 2 levels
>>> t1 = np.array([[[0.0, 0.6], [1.0, 0.6]]])
>>> deal, certain = batch_best([t0, t1], np.zeros((1, 2)))
>>> [int(j) for j in np.unravel_index(deal[0], (2, 2))], certain.tolist()
([1, 0], [True])
>>> batch_best([t0, t1], np.zeros((1, 2)), method="egalitarian")[0].tolist()  # the same deal
[2]
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargain.frontier.enumerate import split_point
from bargain.sweeps.chain import (
    Chain,
    ideal_bounds_two,
    largest_other,
    max_min,
    max_sum,
    pareto_chain,
)

__all__ = [
    "BLOCK_BYTES",
    "METHODS",
    "RTOL",
    "SCORE_RTOL",
    "Halves",
    "batch_best",
    "certify",
    "halves",
    "ideal_bounds",
    "screen_scores",
]

Array = NDArray[np.float64]
Index = NDArray[np.intp]

#: Methods the screen decides (every method).
METHODS = ("nash", "asymmetric-nash", "kalai-smorodinsky", "egalitarian", "utilitarian")
#: Relative margin on every gain: see the module notes.
RTOL = 1e-9
#: Bytes of scores formed at once (a few buffers of this size are live).
BLOCK_BYTES = 768 * 1024
#: Margin between the winner's lowered score and any other raised score: relative, or absolute
#: for logarithms. It covers the rounding of the score itself and keeps certified winners clear
#: of the solver's tie tolerance (``bargain.solutions.concepts.TIE_RTOL = 1e-12``: scores that
#: close count as tied).
SCORE_RTOL = 1e-9
_LOG = ("nash", "asymmetric-nash")
#: Normalised gains are clipped to this before their logarithm (``log 0`` is slow and ``-inf``).
FLOOR = 2.0**-1000
#: How many of the latest best deals serve as references for the Nash methods' tangent bounds.
POOL = 32
#: A reference scoring below this (normalised log units) is not used: clipped gains could
#: compete with it.
_LOG_FLOOR = -300.0
_TANGENT_RUNS = 64


@dataclass(frozen=True, slots=True, eq=False)
class Halves:
    """Every deal's raised gains as sums of two halves: ``left[:, :, a] + right[:, :, b]``.

    ``left`` ``(n_runs, n_parties, n_left)`` holds the first issues' combinations with
    ``delta - d`` added, ``right`` ``(n_runs, n_parties, n_right)`` the others'; ``delta`` is
    ``(n_runs, n_parties)``; deal ``a * n_right + b`` is the C-order deal number. When
    `scale` ``(n_runs, n_parties)`` is given, both halves are divided by it (powers of two, so
    exactly), bringing each run's and party's largest raised gain into ``[1, 2)``.
    """

    left: Array
    right: Array
    delta: Array
    scale: Array | None = None

    @property
    def n_deals(self) -> int:
        """Number of deals."""
        return int(self.left.shape[2] * self.right.shape[2])


def _combine(tables: Sequence[Array], n_runs: int, n_parties: int) -> Array:
    """``(n_runs, n_parties, prod(n_levels))``: every combination of the issues' levels, summed."""
    out = np.zeros((n_runs, n_parties, 1))
    for table in tables:
        out = (out[:, :, :, None] + table[:, :, None, :]).reshape(n_runs, n_parties, -1)
    return out


def halves(
    tables: Sequence[Array], disagreement: Array, rtol: float = RTOL, *, normalise: bool = False
) -> Halves:
    """The raised gains of every deal of every run, as two halves (see :class:`Halves`)."""
    d = np.asarray(disagreement, dtype=np.float64)
    n_runs, n_parties = d.shape
    size = np.abs(d)
    for table in tables:
        size = size + np.abs(table).max(axis=2)
    delta = rtol * size
    h = split_point([t.shape[2] for t in tables])
    left = _combine(tables[:h], n_runs, n_parties) + (delta - d)[:, :, None]
    right = _combine(tables[h:], n_runs, n_parties)
    if not normalise:
        return Halves(left, right, delta)
    top = left.max(axis=2) + right.max(axis=2)
    _, exponent = np.frexp(np.where(np.isfinite(top) & (top > 0), top, 1.0))
    scale = np.ldexp(1.0, exponent - 1)
    return Halves(left / scale[:, :, None], right / scale[:, :, None], delta, scale)


def _gain(hv: Halves, a: int, b: int, p: int, out: Array) -> Array:
    """Party `p`'s raised gains of every deal of runs ``a:b`` into `out`."""
    np.add(hv.left[a:b, p, :, None], hv.right[a:b, p, None, :], out=out)
    return out


def _log_scores(
    hv: Halves, a: int, b: int, weights: Array | None, score: Array, gain: Array
) -> None:
    """``sum_p w_p log(max(g_p, FLOOR))``: upper bounds of the (weighted) log Nash products."""
    for p in range(hv.left.shape[1]):
        g = _gain(hv, a, b, p, score if p == 0 else gain)
        np.log(np.maximum(g, FLOOR, out=g), out=g)  # log 0 would be -inf, and slow
        if weights is not None:
            g *= weights[a:b, p, None, None]
        if p:
            score += g


def _min_scores(
    hv: Halves, a: int, b: int, weights: Array | None, score: Array, gain: Array
) -> None:
    """The smallest (weighted) gain, or 0 when some gain is <= 0."""
    for p in range(hv.left.shape[1]):
        g = _gain(hv, a, b, p, score if p == 0 else gain)
        if weights is not None:
            g *= weights[a:b, p, None, None]
        if p:
            np.minimum(score, g, out=score)
    np.maximum(score, 0.0, out=score)


def _sum_scores(hv: Halves, a: int, b: int, score: Array, gain: Array, smallest: Array) -> None:
    """The sum of gains, or ``-inf`` when some gain is <= 0."""
    k = hv.left.shape[1]
    for p in range(k):
        g = _gain(hv, a, b, p, score if p == 0 else gain)
        if p:
            np.minimum(score if p == 1 else smallest, g, out=smallest)  # before the sum
            score += g
    np.copyto(score, -np.inf, where=(smallest if k > 1 else score) <= 0)


def screen_scores(
    method: str, hv: Halves, weights: Array | None = None, *, block_bytes: int = BLOCK_BYTES
) -> tuple[Index, Array, Array]:
    """Per run: the deal with the largest raised score, that score, and the largest other one.

    Raised scores bound every deal's score from above; ``-inf`` in `top` or `second` means no
    such deal may be individually rational. For the Nash methods the scores are finite
    (gains are clipped to :data:`FLOOR`, which only raises them). `weights` are the powers
    (largest 1) for asymmetric Nash, the inverse ideal gains (upper bounds) for
    Kalai-Smorodinsky.
    """
    n_runs = hv.left.shape[0]
    shape = (
        max(1, min(n_runs, block_bytes // (8 * hv.n_deals))),
        *hv.left.shape[2:],
        hv.right.shape[2],
    )
    score_buf, gain_buf = np.empty(shape), np.empty(shape)
    small_buf = np.empty(shape) if method == "utilitarian" else gain_buf
    best = np.empty(n_runs, dtype=np.intp)
    top, second = np.empty(n_runs), np.empty(n_runs)
    for a in range(0, n_runs, shape[0]):
        b = min(a + shape[0], n_runs)
        m = b - a
        score, gain = score_buf[:m], gain_buf[:m]
        if method in _LOG:
            _log_scores(hv, a, b, weights, score, gain)
        elif method == "utilitarian":
            _sum_scores(hv, a, b, score, gain, small_buf[:m])
        else:
            _min_scores(hv, a, b, weights if method == "kalai-smorodinsky" else None, score, gain)
        flat = score.reshape(m, hv.n_deals)
        idx = flat.argmax(axis=1)
        rows = np.arange(m)
        best[a:b], top[a:b] = idx, flat[rows, idx]
        flat[rows, idx] = -np.inf
        second[a:b] = flat.max(axis=1)
    if method in ("egalitarian", "kalai-smorodinsky"):  # 0 marks a deal that may be irrational
        top[top <= 0], second[second <= 0] = -np.inf, -np.inf
    return best, top, second


def ideal_bounds(hv: Halves, *, block_bytes: int = BLOCK_BYTES) -> tuple[Array, Index]:
    """Per run and party, an upper bound of the ideal gain over rational deals, and its deal.

    The bound is the largest raised gain over deals whose raised gains are all positive (they
    may be rational), ``-inf`` where there is none; the deal is its flat number. When that deal
    is surely rational (its lowered gains are positive), the lowered gain bounds the ideal from
    below (see :func:`batch_best`).
    """
    n_runs, n_parties, n_left = hv.left.shape
    if n_parties == 2:
        return ideal_bounds_two(hv.left, hv.right, pareto_chain(hv.right))
    n_right = hv.right.shape[2]
    step = max(1, min(n_runs, block_bytes // (8 * hv.n_deals)))
    high = np.empty((n_runs, n_parties))
    where = np.empty((n_runs, n_parties), dtype=np.intp)
    smallest, g = np.empty((step, n_left, n_right)), np.empty((step, n_left, n_right))
    for a in range(0, n_runs, step):
        b = min(a + step, n_runs)
        m = b - a
        _min_scores(hv, a, b, None, smallest[:m], g[:m])  # 0 where some raised gain <= 0
        for p in range(n_parties):
            gp = _gain(hv, a, b, p, g[:m])
            np.copyto(gp, -np.inf, where=smallest[:m] <= 0)
            flat = gp.reshape(m, -1)
            where[a:b, p] = flat.argmax(axis=1)
            high[a:b, p] = flat[np.arange(m), where[a:b, p]]
    return high, where


def _latest(fresh: Index, pool: Index) -> Index:
    """The pool with `fresh` deals first (latest first), without repeats, at most POOL."""
    merged = np.concatenate([fresh[::-1], pool])
    _, first = np.unique(merged, return_index=True)
    out: Index = merged[np.sort(first)][:POOL]
    return out


def _references(hv: Halves, a: int, b: int, p: Array, pool: Index) -> tuple[Array, Array]:
    """Per run of ``a:b``: the pool's deal with the best lowered score.

    Returns its raised gains and that score (``-inf`` where no pool deal is surely rational).
    """
    la, rb = np.divmod(pool, hv.right.shape[2])
    gains = hv.left[a:b][:, :, la] + hv.right[a:b][:, :, rb]  # (m, n_parties, pool)
    delta = (hv.delta / hv.scale)[a:b] if hv.scale is not None else hv.delta[a:b]
    lowered = gains - 2 * delta[:, :, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        scores = (np.log(np.maximum(lowered, 0.0)) * p[:, :, None]).sum(axis=1)
    pick = scores.argmax(axis=1)
    runs = np.arange(b - a)
    return gains[runs, :, pick], scores[runs, pick]


def _pairs_reaching(
    wl: Array, wr: Array, limit: int, rows: NDArray[np.bool_]
) -> tuple[NDArray[np.bool_], Index, Index, Index]:
    """For each row ``r``: all ``(a, b)`` with ``wl[r, a] + wr[r, b] >= 0`` (a superset).

    ``b`` qualifies for ``a`` exactly when it is among the largest ``wr[r]``: a prefix of the
    row sorted in decreasing order, found by binary search (one search for every row at once,
    rows kept apart by offsets, the test relaxed by the offsets' rounding), so no pair is
    looked at in vain. Only the `rows` marked are searched, and rows with more than `limit`
    pairs are left out. Returns which rows are kept, and the row, ``a`` and ``b`` of their
    pairs.
    """
    m, n_left = wl.shape
    n_right = wr.shape[1]
    order = np.argsort(-wr, axis=1, kind="stable")
    rising = -np.take_along_axis(wr, order, axis=1)  # -wr, increasing along each row
    low = min(float(rising.min()), float(wl.min()))
    span = 2.0 * (max(float(rising.max()), float(wl.max())) - low) + 1.0
    offset = low - span * np.arange(m)[:, None]  # row r lives in [r * span, r * span + span/2]
    slack = 1e-12 * span * (m + 1)
    place = np.searchsorted((rising - offset).ravel(), (wl - offset + slack).ravel(), "right")
    counts = np.clip(place.reshape(m, n_left) - n_right * np.arange(m)[:, None], 0, n_right)
    kept = rows & (counts.sum(axis=1) <= limit)
    counts = np.where(kept[:, None], counts, 0).ravel()
    group = np.repeat(np.arange(m * n_left), counts)
    start = np.repeat(np.cumsum(counts) - counts, counts)
    row, a = np.divmod(group, n_left)
    b = order[row, np.arange(group.size) - start]
    return kept, row, a, b


def _tangent_block(
    hv: Halves, a: int, b: int, p: Array, pool: Index
) -> tuple[Index, Array, Array, NDArray[np.bool_]]:
    """Log scores of runs ``a:b`` through tangent bounds at reference deals.

    With ``w = p / g0`` at a reference deal's raised gains ``g0``, concavity bounds every
    deal's raised score by ``sum p (log g0 - 1) + w . g``, separable in the halves (clipped
    gains obey it too). Only deals whose bound reaches the reference's lowered score, less two
    margins (the *mark*), can win or come second; they alone are scored, and the mark stands
    for every other deal's score. Returns best, top, second and which runs this settled (the
    others, whose bound lets too many deals through, are screened in full).
    """
    m, p = b - a, p[a:b]
    g0, low = _references(hv, a, b, p, pool)
    usable = low > _LOG_FLOOR
    g0 = np.where(usable[:, None], g0, 1.0)
    w = p / g0
    mark = low - 2 * SCORE_RTOL
    const = (p * (np.log(g0) - 1.0)).sum(axis=1) - np.where(usable, mark, 0.0)
    wl = np.einsum("mk,mkl->ml", w, hv.left[a:b]) + const[:, None]
    wr = np.einsum("mk,mkl->ml", w, hv.right[a:b])
    settled, run, la, rb = _pairs_reaching(wl, wr, max(8, hv.n_deals // 16), usable)
    gains = hv.left[a + run, :, la] + hv.right[a + run, :, rb]
    scores = (np.log(np.maximum(gains, FLOOR)) * p[run]).sum(axis=1)
    best, top, second = _two_best(run, la * hv.right.shape[2] + rb, scores, mark, m)
    return best, top, second, settled


def _two_best(
    run: Index, deal: Index, scores: Array, mark: Array, m: int
) -> tuple[Index, Array, Array]:
    """Per run (of `m`; `run` nondecreasing): the best scored deal, its score, the next one's.

    The next score is at least `mark`. Equal best scores make top and second equal, which is
    never certified, so which of them is called best does not matter.
    """
    best, top, second = np.zeros(m, dtype=np.intp), np.full(m, -np.inf), mark.copy()
    if run.size == 0:
        return best, top, second
    starts = np.flatnonzero(np.r_[True, run[1:] != run[:-1]])
    owners = run[starts]
    tops = np.maximum.reduceat(scores, starts)
    group = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, run.size]))
    at = np.flatnonzero(scores == tops[group])
    first = at[np.r_[True, group[at][1:] != group[at][:-1]]]
    best[owners], top[owners] = deal[first], tops
    rest = scores.copy()
    rest[first] = -np.inf
    second[owners] = np.maximum(np.maximum.reduceat(rest, starts), mark[owners])
    return best, top, second


def _log_screen(hv: Halves, weights: Array | None, block_bytes: int) -> tuple[Index, Array, Array]:
    """The Nash methods' screen: tangent bounds at the best deals so far, else every score.

    The runs of a sweep often share their optimum or come close: the latest best deals (up to
    :data:`POOL` of them) serve as references for the next runs' tangent bounds; runs they do
    not settle are screened in full (:func:`screen_scores`).
    """
    n_runs, n_parties = hv.left.shape[:2]
    p = np.ones((n_runs, n_parties)) if weights is None else weights
    step = _TANGENT_RUNS
    best, top, second = np.zeros(n_runs, dtype=np.intp), np.empty(n_runs), np.empty(n_runs)
    settled = np.zeros(n_runs, dtype=bool)
    pool = np.empty(0, dtype=np.intp)
    for a in range(0, n_runs, step):
        b = min(a + step, n_runs)
        if pool.size:
            found = _tangent_block(hv, a, b, p, pool)
            best[a:b], top[a:b], second[a:b], settled[a:b] = found
        rest = a + np.flatnonzero(~settled[a:b])
        if rest.size:
            sub = Halves(hv.left[rest], hv.right[rest], hv.delta[rest])
            best[rest], top[rest], second[rest] = screen_scores(
                "asymmetric-nash", sub, p[rest], block_bytes=block_bytes
            )
        pool = _latest(best[a:b], pool)
    return best, top, second


def _exact_gains(tables: Sequence[Array], d: Array, deal: Index) -> Array:
    """Each run's gains of its deal (C-order number), summed first issue to last."""
    n_runs = d.shape[0]
    levels = np.unravel_index(deal, [t.shape[2] for t in tables])
    runs = np.arange(n_runs)
    utility = np.zeros(d.shape)
    for i, table in enumerate(tables):
        utility += table[runs, :, levels[i]]
    gains: Array = utility - d
    return gains


def _lowered_score(method: str, gains: Array, weights: Array | None) -> Array:
    """Scores of each run's deal with its gains lowered (``-inf`` unless surely rational)."""
    rational = np.all(gains > 0, axis=1)
    g = np.where(rational[:, None], gains, 1.0)
    if method in _LOG:
        out = np.log(g) if weights is None else np.log(g) * weights
        score = out.sum(axis=1)
    elif method == "egalitarian":
        score = g.min(axis=1)
    elif method == "kalai-smorodinsky":
        score = (g * weights).min(axis=1)
    else:
        score = g.sum(axis=1)
    out_score: Array = np.where(rational, score, -np.inf)
    return out_score


def certify(
    method: str, low: Array, second: Array, top: Array
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Which runs' screened deal is certain, and which surely have no rational deal.

    A deal is certain when its lowered score `low` beats every other raised score `second` by
    :data:`SCORE_RTOL` (absolute for the logarithms of the Nash methods, else relative); a run
    has no deal when no deal may be rational (``top`` is ``-inf``).
    """
    margin = SCORE_RTOL * (1.0 if method in _LOG else np.abs(second))
    with np.errstate(invalid="ignore"):
        sure = np.isfinite(low) & ((second == -np.inf) | (low > second + margin))
    return sure, top == -np.inf


def batch_best(
    tables: Sequence[Array],
    disagreement: Array,
    *,
    method: str = "nash",
    powers: Array | None = None,
    rtol: float = RTOL,
    block_bytes: int = BLOCK_BYTES,
) -> tuple[Index, NDArray[np.bool_]]:
    """The solution of every run of a batch, certified or flagged.

    Parameters
    ----------
    tables
        Per issue, ``(n_runs, n_parties, n_levels_i)`` weighted values.
    disagreement
        ``(n_runs, n_parties)`` disagreement utilities.
    method
        One of :data:`METHODS`, among the deals that give every party strictly more than its
        disagreement utility (for the leximin methods only the first criterion is screened:
        a tie there, which leximin would break, is left to the solver).
    powers
        ``(n_runs, n_parties)`` bargaining powers, > 0 (``"asymmetric-nash"``; default all 1).
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
    hv = halves(tables, d, rtol, normalise=method in _LOG)
    chain = pareto_chain(hv.right) if d.shape[1] == 2 and method not in _LOG else None
    upper = lower = None
    unsure = np.zeros(d.shape[0], dtype=bool)
    if method == "asymmetric-nash" and powers is not None:
        p = np.asarray(powers, dtype=np.float64)
        upper = lower = p / p.max(axis=1, keepdims=True)
    elif method == "kalai-smorodinsky":
        upper, lower, unsure = _ideal_weights(hv, block_bytes, chain)
    if method in _LOG:
        best, top, second = _log_screen(hv, upper, block_bytes)
    elif chain is not None and method == "utilitarian":
        best, top, second = max_sum(hv.left, hv.right, chain)
    elif chain is not None:
        best, top, second = max_min(hv.left, hv.right, chain, upper)
    elif method == "utilitarian":
        best, top, second = _utilitarian_screen(hv, block_bytes)
    else:
        best, top, second = screen_scores(method, hv, upper, block_bytes=block_bytes)
    gains = _exact_gains(tables, d, best) - hv.delta
    if hv.scale is not None:
        gains = gains / hv.scale
    sure, no_deal = certify(method, _lowered_score(method, gains, lower), second, top)
    if method in _LOG:  # scores are finite: look for a rational deal where none was screened
        no_deal = _none_rational(hv, ~sure, block_bytes)
    deal = np.where(no_deal, -1, best).astype(np.intp)
    return deal, (sure & ~unsure) | no_deal


def _utilitarian_screen(hv: Halves, block_bytes: int) -> tuple[Index, Array, Array]:
    """:func:`screen_scores` for ``"utilitarian"``, without visiting every deal where it can.

    The sum of the gains is separable: ``sum_p left[p, a] + sum_p right[p, b]``, so the deal with
    the largest raised sum is the best left half with the best right half, and the largest other
    sum is the best half with the other's second best. When that deal may be individually
    rational (every raised gain > 0) it is the best rational deal, and the largest other sum over
    all deals bounds the rational ones (a bound, so certification stays sound). Runs where it
    may not be rational get the full pass over every deal.
    """
    left, right = hv.left.sum(axis=1), hv.right.sum(axis=1)
    n_runs, n_right = right.shape
    rows = np.arange(n_runs)
    a, b = left.argmax(axis=1), right.argmax(axis=1)
    top = left[rows, a] + right[rows, b]
    second = np.maximum(
        largest_other(left, a) + right[rows, b], left[rows, a] + largest_other(right, b)
    )
    best = a * n_right + b
    todo = np.flatnonzero(~np.all(hv.left[rows, :, a] + hv.right[rows, :, b] > 0, axis=1))
    if todo.size:
        sub = Halves(hv.left[todo], hv.right[todo], hv.delta[todo])
        best[todo], top[todo], second[todo] = screen_scores(
            "utilitarian", sub, block_bytes=block_bytes
        )
    return best, top, second


def _none_rational(hv: Halves, runs: NDArray[np.bool_], block_bytes: int) -> NDArray[np.bool_]:
    """Which of the flagged `runs` surely have no deal that may be individually rational."""
    out = np.zeros(runs.shape[0], dtype=bool)
    todo = np.flatnonzero(runs)
    if todo.size:
        sub = Halves(hv.left[todo], hv.right[todo], hv.delta[todo])
        _, top, _ = screen_scores("egalitarian", sub, block_bytes=block_bytes)
        out[todo] = top == -np.inf
    return out


def _ideal_weights(
    hv: Halves, block_bytes: int, chain: Chain | None
) -> tuple[Array, Array, NDArray[np.bool_]]:
    """Kalai-Smorodinsky: ``1 / ideal`` as upper and lower bounds, and the runs left unsure.

    A run is unsure when some party's best raised gain over deals that may be rational comes
    from a deal that is not surely rational: its ideal then has no lower bound above 0. With two
    parties the right halves' Pareto `chain` serves (:mod:`bargain.sweeps.chain`).
    """
    if chain is not None:
        high, where = ideal_bounds_two(hv.left, hv.right, chain)
    else:
        high, where = ideal_bounds(hv, block_bytes=block_bytes)
    n_runs, n_parties = high.shape
    la, rb = np.divmod(where, hv.right.shape[2])
    runs = np.arange(n_runs)[:, None]
    raised = hv.left[runs, :, la] + hv.right[runs, :, rb]  # (n_runs, party, gains)
    lowered = raised - 2 * hv.delta[:, None, :]
    surely = np.all(lowered > 0, axis=2)
    low = np.where(surely, lowered[:, np.arange(n_parties), np.arange(n_parties)], 0.0)
    possible = np.all(np.isfinite(high), axis=1)
    unsure = possible & ~np.all(surely, axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        upper = np.where(low > 0, 1.0 / low, 1.0 / np.where(high > 0, high, 1.0))
        lower = 1.0 / np.where(np.isfinite(high) & (high > 0), high, 1.0)
    return upper, lower, unsure
