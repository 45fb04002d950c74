"""Slow, simple reference implementations: the oracles the tests compare the engine against.

Nothing in the engine calls these. They enumerate every deal of a scenario's tables (in blocks,
so memory stays bounded whatever the size of the space) and pick the best by a plain objective:
the Nash bargaining solution (:func:`brute_force_nash`), or any objective
(:func:`brute_force_best`). The benchmarks time them against the engine.

For the exact solutions of any number of parties, :func:`solution_reference` applies every
method's definition and the tie rule to a plain list of every deal's utilities, and
:func:`lottery_gap` checks a Nash lottery's optimality against every deal; both are plain Python
and use nothing from :mod:`bargain.solutions`; :func:`ray_lottery_reference` and
:func:`ideal_lottery_reference` solve the egalitarian and Kalai-Smorodinsky lotteries as linear
programs over every deal.

Functions here work on plain arrays: ``tables`` is a sequence of ``(n_levels_i, n_parties)``
arrays and ``disagreement`` a ``(n_parties,)`` array. Deals are numbered in C order over the level
indices (the first issue most significant), which is also the lexicographic order of the level
vectors.

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

from bargain._optional import scipy_optimize
from bargain.errors import BargainError
from bargain.frontier.enumerate import combination_table, split_point
from bargain.frontier.pareto import pareto_indices
from bargain.solutions.concepts import choose

__all__ = [
    "BLOCK_BYTES",
    "MAX_DEALS",
    "REFERENCE_METHODS",
    "REFERENCE_TIE",
    "brute_force_best",
    "brute_force_nash",
    "brute_force_solution",
    "check_size",
    "ideal_lottery_reference",
    "iter_blocks",
    "lottery_gap",
    "nash_objective",
    "ray_lottery_reference",
    "solution_reference",
]

#: Bytes of utilities formed per block (fits the L2 cache of common CPUs).
BLOCK_BYTES = 512 * 1024
#: The largest deal space brute force accepts (a few minutes at ~5e8 deals/s).
MAX_DEALS = 10**11
_DEALS_PER_SECOND = 5e8

Array = NDArray[np.float64]
Objective = Callable[[Array], Array]


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
    h = split_point(shape)
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


def nash_objective(disagreement: Array, powers: Array | None = None) -> Objective:
    """The (weighted) Nash product of gains, ``-inf`` unless every party gains strictly.

    Irrational deals are masked *before* the product, so two losses never multiply into a gain.
    With `powers`, the product of ``gain_i ** powers[i]``.
    """
    d = np.asarray(disagreement, dtype=np.float64)
    p = None if powers is None else np.asarray(powers, dtype=np.float64)

    def objective(utilities: Array) -> Array:
        gains = utilities - d
        rational = np.all(gains > 0, axis=-1)
        if p is not None:
            gains = np.abs(gains) ** p
        return np.where(rational, np.prod(gains, axis=-1), -np.inf)

    return objective


def _nash2(
    tables: Sequence[Array], d: Array, block_bytes: int
) -> tuple[NDArray[np.intp] | None, float]:
    """Two parties: the Nash deal with one add, one add, one multiply and one argmax per deal.

    The left half's gains ``left - d`` are precomputed (so a deal's gain is ``left_gain + right``,
    rounded once). The right half is sorted by party 0's utility and the left half by the first
    column where party 0 gains, so the deals where party 0 does not gain form a staircase that is
    skipped block by block (and masked on the few rows that cross a block). Where party 0 gains
    and party 1 does not, the product is ``<= 0`` and loses to any rational deal; a maximum
    ``<= 0`` therefore means no rational deal.
    """
    shape = [t.shape[0] for t in tables]
    h = split_point(shape)
    left = combination_table(tables[:h], 2)
    right = combination_table(tables[h:], 2)
    n_right = right.shape[0]
    r_order = np.argsort(right[:, 0], kind="stable")
    r0 = np.ascontiguousarray(right[r_order, 0])
    r1 = np.ascontiguousarray(right[r_order, 1])
    g0_all = left[:, 0] - d[0]
    start_all = np.searchsorted(r0, -g0_all, side="right")
    l_order = np.argsort(start_all, kind="stable")
    start = start_all[l_order]
    g0 = np.ascontiguousarray(g0_all[l_order])
    g1 = np.ascontiguousarray(left[l_order, 1] - d[1])
    n_rows = int(np.searchsorted(start, n_right, side="left"))  # rows with some gain for party 0
    cells = max(1, block_bytes // 8)
    buf0 = np.empty(cells)
    buf1 = np.empty(cells)
    best_score, best_index = 0.0, -1
    a0 = 0
    while a0 < n_rows:
        c_lo = int(start[a0])
        cols = min(n_right - c_lo, cells)
        rows = max(1, min(n_rows - a0, cells // cols))
        a1 = a0 + rows
        for b0 in range(c_lo, n_right, cols):
            b1 = min(b0 + cols, n_right)
            # Rows whose first gaining column is at or beyond b1 have nothing here.
            r_hi = a0 + int(np.searchsorted(start[a0:a1], b1, side="left"))
            if r_hi == a0:
                break
            nr, nc = r_hi - a0, b1 - b0
            x = buf0[: nr * nc].reshape(nr, nc)
            y = buf1[: nr * nc].reshape(nr, nc)
            np.add(g0[a0:r_hi, None], r0[None, b0:b1], out=x)
            np.add(g1[a0:r_hi, None], r1[None, b0:b1], out=y)
            np.multiply(x, y, out=x)
            r_mid = a0 + int(np.searchsorted(start[a0:r_hi], b0, side="right"))
            if r_mid < r_hi:  # rows that start gaining inside this block
                cut = start[r_mid:r_hi, None] > np.arange(b0, b1)[None, :]
                np.putmask(x[r_mid - a0 :], cut, -np.inf)
            flat = int(np.argmax(x))
            score = float(x.flat[flat])
            if score > 0 and score >= best_score:
                rr, cc = np.divmod(np.flatnonzero(x == score), nc)
                index = int((l_order[a0 + rr] * n_right + r_order[b0 + cc]).min())
                if score > best_score or index < best_index:
                    best_score, best_index = score, index
        a0 = a1
    if best_index < 0:
        return None, -math.inf
    return np.array(np.unravel_index(best_index, shape), dtype=np.intp), best_score


def brute_force_nash(
    tables: Sequence[Array],
    disagreement: Array,
    *,
    powers: Array | None = None,
    block_bytes: int = BLOCK_BYTES,
) -> tuple[NDArray[np.intp] | None, float]:
    """The Nash bargaining deal over individually rational deals, by enumeration.

    Returns the deal's level indices and its Nash product (with `powers`, the product of
    ``gain_i ** powers[i]``), or ``(None, -inf)`` when no deal gives every party strictly more
    than its disagreement utility. Ties go to the lexicographically smallest level vector.
    Two parties without powers take a specialised path (about 5e8 deals/s on one core); gains are
    then rounded as ``(left - d) + right``, which may differ in the last bit from
    ``utilities - d``.
    """
    d = np.asarray(disagreement, dtype=np.float64)
    check_size([t.shape[0] for t in tables])
    if powers is None and tables and tables[0].shape[1] == 2:
        return _nash2(tables, d, block_bytes)
    return brute_force_best(tables, nash_objective(d, powers), block_bytes=block_bytes)


# --------------------------------------------------------------------------------------------
# References for the exact solutions of any number of parties (every method, ties, lotteries).
# Plain Python over a list of every deal's utilities: slow, and independent of the engine
# (nothing from bargain.solutions is used).
# --------------------------------------------------------------------------------------------

#: The tie tolerance of the references (the documented rule of bargain.solutions.concepts).
REFERENCE_TIE = 1e-12
#: Methods the references know.
REFERENCE_METHODS = ("nash", "asymmetric-nash", "kalai-smorodinsky", "egalitarian", "utilitarian")

Point = tuple[float, ...]


def _dominates(a: Point, b: Point) -> bool:
    return all(x >= y for x, y in zip(a, b, strict=True)) and a != b


def _criteria(
    method: str, gains: Point, powers: Sequence[float], ideal: Point | None
) -> tuple[float, ...]:
    """A deal's criteria: one score, or the sorted leximin vector."""
    if method == "nash":
        return (math.fsum(math.log(g) for g in gains),)
    if method == "asymmetric-nash":
        top = max(powers)
        return (math.fsum(p / top * math.log(g) for p, g in zip(powers, gains, strict=True)),)
    if method == "utilitarian":
        return (math.fsum(gains),)
    if method == "egalitarian":
        return tuple(sorted(gains))
    if method == "kalai-smorodinsky":
        assert ideal is not None
        return tuple(sorted(g / i for g, i in zip(gains, ideal, strict=True)))
    raise ValueError(f"unknown method {method!r}; expected one of {REFERENCE_METHODS}")


def _tied(method: str, scores: dict[int, tuple[float, ...]]) -> list[int]:
    """Rows tied with the best, level by level (absolute on logarithms, else relative)."""
    rows = list(scores)
    absolute = method in ("nash", "asymmetric-nash")
    for level in range(len(next(iter(scores.values())))):
        top = max(scores[r][level] for r in rows)
        slack = REFERENCE_TIE * (1.0 if absolute else abs(top))
        rows = [r for r in rows if scores[r][level] >= top - slack]
    return rows


def solution_reference(
    method: str,
    utilities: Sequence[Sequence[float]],
    disagreement: Sequence[float],
    powers: Sequence[float] | None = None,
) -> tuple[int | None, list[int]]:
    """The deal `method` chooses and the deals tied with it, straight from the definitions.

    Parameters
    ----------
    method
        One of :data:`REFERENCE_METHODS`.
    utilities
        Every deal's utilities, in lexicographic order of the deals (row ``r`` is deal ``r``).
    disagreement, powers
        One number per party (`powers` for ``"asymmetric-nash"``, default all 1).

    Returns
    -------
    best, ties
        The chosen row (None when no deal gives every party strictly more than its
        disagreement utility) and the other optimal rows, in order. The rules: only rational,
        Pareto-optimal deals count, one per utility vector (the first row reaching it); scores
        within :data:`REFERENCE_TIE` of the best tie (absolutely for the logarithms of the Nash
        methods, relatively otherwise, level by level for the leximin methods); the first tied
        row is chosen.

    Examples
    --------
    >>> solution_reference("nash", [(1.0, 2.0, 3.0), (3.0, 2.0, 1.0), (1.0, 1.0, 1.0)], (0, 0, 0))
    (0, [1])
    """
    d = tuple(float(x) for x in disagreement)
    p = [1.0] * len(d) if powers is None else [float(x) for x in powers]
    points = [tuple(float(x) for x in row) for row in utilities]
    rational = [r for r, u in enumerate(points) if all(x > y for x, y in zip(u, d, strict=True))]
    if not rational:
        return None, []
    first: dict[Point, int] = {}
    for r in rational:
        first.setdefault(points[r], r)
    frontier = [r for u, r in first.items() if not any(_dominates(v, u) for v in first)]
    gains = {r: tuple(x - y for x, y in zip(points[r], d, strict=True)) for r in rational}
    ideal = tuple(max(gains[r][j] for r in rational) for j in range(len(d)))
    scores = {r: _criteria(method, gains[r], p, ideal) for r in sorted(frontier)}
    tied = sorted(_tied(method, scores))
    return tied[0], tied[1:]


def lottery_gap(
    utilities: Sequence[Sequence[float]],
    disagreement: Sequence[float],
    powers: Sequence[float],
    expected: Sequence[float],
) -> float:
    """How far a lottery with expected utilities `expected` is from the best (weighted) Nash one.

    ``max_deal w . g_deal / sum(p) - 1`` with ``w = p / g`` at the lottery's gains ``g``: the
    first-order gain of moving towards the best deal, over every deal. Since ``sum p log g`` is
    concave, it is ``<= 0`` (up to rounding) exactly at the optimum, and it bounds how much
    ``sum p log g`` can still improve (relative to ``sum p``).

    Examples
    --------
    >>> lottery_gap([(1.0, 0.0), (0.0, 1.0)], (0.0, 0.0), (1.0, 1.0), (0.5, 0.5))
    0.0
    """
    g = [e - x for e, x in zip(expected, disagreement, strict=True)]
    w = [p / x for p, x in zip(powers, g, strict=True)]
    best = max(
        math.fsum(a * (u - x) for a, u, x in zip(w, row, disagreement, strict=True))
        for row in utilities
    )
    return best / math.fsum(powers) - 1.0


def ray_lottery_reference(
    utilities: Sequence[Sequence[float]],
    disagreement: Sequence[float],
    direction: Sequence[float] | None = None,
) -> float:
    """The largest ``t`` such that some lottery over every deal gains at least ``t * direction``.

    A linear program over the probabilities of every deal (``scipy.optimize.linprog``); with
    `direction` all 1 (the default), the egalitarian lottery's smallest expected gain; with the
    ideal gains over lotteries (:func:`ideal_lottery_reference`), Kalai-Smorodinsky's ratio.
    ``-inf`` when the program fails.

    Examples
    --------
    >>> round(ray_lottery_reference([(1.0, 0.0), (0.0, 1.0)], (0.0, 0.0)), 9)
    0.5
    """
    g = np.asarray(utilities, dtype=np.float64) - np.asarray(disagreement, dtype=np.float64)
    m, k = g.shape
    e = np.ones(k) if direction is None else np.asarray(direction, dtype=np.float64)
    cost = np.zeros(m + 1)
    cost[-1] = -1.0
    res = scipy_optimize().linprog(
        cost,
        A_ub=np.hstack([-g.T, e[:, None]]),
        b_ub=np.zeros(k),
        A_eq=np.hstack([np.ones((1, m)), np.zeros((1, 1))]),
        b_eq=[1.0],
        bounds=[(0.0, None)] * m + [(None, None)],
        method="highs",
    )
    return float(res.x[-1]) if res.status == 0 else -math.inf


def ideal_lottery_reference(
    utilities: Sequence[Sequence[float]], disagreement: Sequence[float]
) -> list[float]:
    """Each party's largest expected gain over lotteries leaving no party below disagreement.

    Linear programs over the probabilities of every deal; ``-inf`` where one fails.
    """
    g = np.asarray(utilities, dtype=np.float64) - np.asarray(disagreement, dtype=np.float64)
    m, k = g.shape
    out = []
    for j in range(k):
        res = scipy_optimize().linprog(
            -g[:, j],
            A_ub=-g.T,
            b_ub=np.zeros(k),
            A_eq=np.ones((1, m)),
            b_eq=[1.0],
            bounds=[(0.0, None)] * m,
            method="highs",
        )
        out.append(-float(res.fun) if res.status == 0 else -math.inf)
    return out


def _criterion(method: str, gains: Array, p: Array, ideal: Array | None) -> Array:
    """The first criterion of `method` for gains ``(..., k)``, ``-inf`` unless all are > 0."""
    rational = np.all(gains > 0, axis=-1)
    safe = np.where(rational[..., None], gains, 1.0)
    if method in ("nash", "asymmetric-nash"):
        score = np.log(safe) @ (p / p.max())
    elif method == "utilitarian":
        score = safe.sum(axis=-1)
    elif method == "egalitarian":
        score = safe.min(axis=-1)
    else:
        assert ideal is not None
        score = (safe / ideal).min(axis=-1)
    out: Array = np.where(rational, score, -np.inf)
    return out


def brute_force_solution(
    method: str,
    tables: Sequence[Array],
    disagreement: Array,
    powers: Array | None = None,
    *,
    block_bytes: int = BLOCK_BYTES,
) -> tuple[NDArray[np.intp] | None, list[NDArray[np.intp]]]:
    """Any method's solution and ties by enumerating every deal (in blocks, bounded memory).

    Kalai-Smorodinsky first finds the ideal gains (one pass). One pass then keeps every deal
    whose first criterion is within twice the tie tolerance of the best so far; the answer is
    picked among them by :func:`bargain.solutions.concepts.choose` after a Pareto filter
    (only deals that tie can be chosen, and every deal dominating one of them ties too). For
    the benchmarks; the tests use :func:`solution_reference`, which shares nothing with the
    library.

    Returns
    -------
    deal, ties
        Level indices of the chosen deal (None without a rational deal) and of its ties.
    """
    d = np.asarray(disagreement, dtype=np.float64)
    p = np.ones(d.shape) if powers is None else np.asarray(powers, dtype=np.float64)
    shape = tuple(t.shape[0] for t in tables)
    ideal = None
    if method == "kalai-smorodinsky":
        ideal = np.full(d.shape, -np.inf)
        for *_, block in iter_blocks(tables, block_bytes=block_bytes):
            g = block - d
            ok = np.all(g > 0, axis=-1)
            if ok.any():
                ideal = np.maximum(ideal, g[ok].max(axis=0))
        if not np.all(np.isfinite(ideal)):
            return None, []
    best, rows, points = -math.inf, [], []
    absolute = method in ("nash", "asymmetric-nash")
    for a0, _a1, b0, _b1, n_right, block in iter_blocks(tables, block_bytes=block_bytes):
        score = _criterion(method, block - d, p, ideal)
        best = max(best, float(score.max()))
        slack = 2 * REFERENCE_TIE * (1.0 if absolute else abs(best)) + 1e-14 * (1 + abs(best))
        x, y = np.nonzero(score >= best - slack)
        rows.append((a0 + x) * n_right + (b0 + y))
        points.append(block[x, y])
    if best == -math.inf:
        return None, []
    flat = np.concatenate(rows)
    u = np.concatenate(points)
    deals = np.stack(np.unravel_index(flat, shape), axis=1).astype(np.intp)
    order = np.argsort(flat)
    deals, u = deals[order], u[order]
    keep = pareto_indices(u, tiebreak=np.arange(u.shape[0], dtype=np.int64))
    chosen, ties = choose(method, u[keep], deals[keep], d, p, ideal=ideal)
    if chosen is None:
        return None, []
    return deals[keep][chosen], [deals[keep][t] for t in ties]
