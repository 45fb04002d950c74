"""Lotteries over deals: bargaining solutions on the convex hull of the deals' utilities.

A lottery implements deal ``j`` with probability ``weights[j]``; its utilities are the expected
ones. A lottery is individually rational when its *expected* gains are all strictly positive.

- :func:`nash_on_chain` (two parties): on each edge of the hull boundary
  (:mod:`bargain.frontier.hull`) the weighted Nash product ``g0**a * g1**b`` is maximised in closed
  form, ``t = -(a*g1/dy + b*g0/dx) / (a + b)`` clipped to the edge (ratios of gains, so no product
  of utilities can overflow); the best edge wins, compared by ``a log g0 + b log g1``. The answer
  mixes two deals that differ in one issue.
- :func:`nash_lottery` (any number of parties, over given points such as a frontier): column
  generation with Newton's method on the active points
  (:func:`bargain.solutions.relaxation.column_generation`), stopping when no point improves
  ``sum_i p_i log g_i`` to first order (``max_j w . g_j <= sum_i p_i`` for ``w = p / g``). The
  support is then reduced to at most ``k`` deals (Caratheodory). Starts from the best pure deal,
  so it is never worse than it. (Three or more parties solve lotteries without the frontier:
  :mod:`bargain.solutions.relaxation`.)
- :func:`ray_lottery` (any number of parties): the lottery furthest along a ray of gains, by
  linear programming (``scipy.optimize.linprog``, HiGHS): ``direction = 1`` gives the
  egalitarian lottery, ``direction = ideal - d`` the Kalai-Smorodinsky one; a second LP
  maximises the total gain at that distance.

A solver's answer can hold deals with probabilities of the order of its tolerances (``1e-8``):
:func:`drop_negligible` removes every deal below :data:`NEGLIGIBLE_PROBABILITY` and renormalises
the rest, so a reported lottery never lists a deal nobody would draw. Expected utilities move by
at most that probability times the spread of the utilities.

Examples
--------
>>> import numpy as np
>>> pts = np.array([[1.0, 0.0], [0.0, 1.0]])
>>> rows, weights = nash_lottery(pts, np.zeros(2), np.ones(2))
>>> rows.tolist(), np.round(weights, 6).tolist()
([0, 1], [0.5, 0.5])
>>> rows, weights = ray_lottery(pts, np.zeros(2), np.array([1.0, 3.0]))
>>> rows.tolist(), np.round(weights, 6).tolist()
([0, 1], [0.25, 0.75])
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bargain._optional import scipy_optimize
from bargain.solutions.relaxation import column_generation, reduce_support
from bargain.solutions.stacked import party_scales

__all__ = [
    "NEGLIGIBLE_PROBABILITY",
    "drop_negligible",
    "ideal_gains",
    "nash_lottery",
    "nash_on_chain",
    "ray_lottery",
]

Array = NDArray[np.float64]
Index = NDArray[np.intp]
Lottery = tuple[Index, Array]

#: Deals drawn with a smaller probability are dropped from a lottery (the rest renormalised).
NEGLIGIBLE_PROBABILITY = 1e-6


def drop_negligible(weights: Array) -> tuple[Index, Array]:
    """The positions of the weights to keep and the kept weights renormalised to sum to 1.

    Keeps every weight ``>= NEGLIGIBLE_PROBABILITY`` (or the largest, should none be).

    Examples
    --------
    >>> keep, w = drop_negligible(np.array([0.7, 1.3e-8, 0.3 - 1.3e-8]))
    >>> keep.tolist(), [round(float(x), 6) for x in w], float(w.sum())
    ([0, 2], [0.7, 0.3], 1.0)
    """
    w = np.asarray(weights, dtype=np.float64)
    keep = np.flatnonzero(w >= NEGLIGIBLE_PROBABILITY)
    if keep.size == 0:
        keep = np.array([int(np.argmax(w))], dtype=np.intp)
    kept = w[keep]
    return keep, kept / kept.sum()


def _power_of_two(x: float, initial: float = 1.0) -> float:
    """The power of two at or below `x` (`initial` for 0 or non-finite `x`)."""
    if not np.isfinite(x) or x <= 0:
        return initial
    return float(np.ldexp(1.0, int(np.frexp(x)[1]) - 1))


def edge_nash(g0: Array, g1: Array, dx: Array, dy: Array, a: float, b: float) -> Array:
    """Maximiser ``t`` in ``[0, 1]`` of ``(g0 + t dx)**a (g1 + t dy)**b`` on each edge.

    The stationary point of the concave log-product, clipped to the edge, is compared with both
    ends (which also covers edges that rounding has made flat), keeping the best point where both
    gains are positive; ``t = 0`` where none is. The answer does not depend on the units (no
    product can overflow).
    """
    # Powers of two scale each party's numbers (and the powers) exactly: the same bits as in
    # the scenario's own units, without products that overflow or underflow.
    a, b = a / _power_of_two(max(a, b)), b / _power_of_two(max(a, b))
    s0 = _power_of_two(float(np.max(np.abs(np.concatenate([g0, dx])), initial=0.0)))
    s1 = _power_of_two(float(np.max(np.abs(np.concatenate([g1, dy])), initial=0.0)))
    x0, x1, u0, u1 = g0 / s0, g1 / s1, dx / s0, dy / s1
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        t = -(a * u0 * x1 + b * u1 * x0) / ((a + b) * u0 * u1)
    t = np.clip(np.nan_to_num(t, nan=0.0, posinf=1.0, neginf=0.0), 0.0, 1.0)
    best_t = np.zeros_like(t)
    best = np.full(t.shape, -np.inf)
    for cand in (np.zeros_like(t), np.ones_like(t), t):
        p0, p1 = g0 + cand * dx, g1 + cand * dy
        ok = (p0 > 0) & (p1 > 0)
        score = np.full(t.shape, -np.inf)
        score[ok] = a * np.log(p0[ok]) + b * np.log(p1[ok])
        better = score > best
        best_t[better], best[better] = cand[better], score[better]
    return best_t


def nash_on_chain(vertices: Array, disagreement: Array, powers: Array) -> tuple[int, float] | None:
    """The best point for the (weighted) Nash product on a two-party hull chain.

    Parameters
    ----------
    vertices
        ``(n + 1, 2)`` chain vertices, top-left to bottom-right (see :mod:`bargain.frontier.hull`).
    disagreement, powers
        ``(2,)`` each.

    Returns
    -------
    (edge, t) or None
        The point ``vertices[edge] + t * (vertices[edge + 1] - vertices[edge])``, or ``None``
        when no point of the chain is individually rational.
    """
    v = np.asarray(vertices, dtype=np.float64)
    top = _power_of_two(float(np.max(powers)))
    a, b = float(powers[0]) / top, float(powers[1]) / top
    g = v - disagreement
    if v.shape[0] == 1:
        return (0, 0.0) if bool(np.all(g[0] > 0)) else None
    dx, dy = np.diff(v[:, 0]), np.diff(v[:, 1])
    t = edge_nash(g[:-1, 0], g[:-1, 1], dx, dy, a, b)
    p0, p1 = g[:-1, 0] + t * dx, g[:-1, 1] + t * dy
    ok = (p0 > 0) & (p1 > 0)
    if not ok.any():
        return None
    score = np.full(t.shape, -np.inf)
    score[ok] = a * np.log(p0[ok]) + b * np.log(p1[ok])
    j = int(np.argmax(score))
    return j, float(t[j])


def nash_lottery(points: Array, disagreement: Array, powers: Array) -> Lottery | None:
    """The lottery over `points` maximising the weighted Nash product of expected gains.

    Parameters
    ----------
    points
        ``(m, k)`` utilities of the deals that may be mixed (the Pareto frontier suffices).
    disagreement, powers
        ``(k,)`` each.

    Returns
    -------
    rows, weights
        The deals mixed (at most ``k``) and their probabilities, or ``None`` when no lottery is
        individually rational.
    """
    g = np.asarray(points, dtype=np.float64) - disagreement
    k = g.shape[1]
    g = g / party_scales([g], np.zeros(k))  # exact: powers of two
    p = np.asarray(powers, dtype=np.float64)
    p = p / p.max()
    rational = np.flatnonzero(np.all(g > 0, axis=1))
    if rational.size:
        scores = np.log(g[rational]) @ p
        active = [int(rational[np.argmax(scores)])]
        lam = np.ones(1)
    else:
        found = _max_min(g, np.ones(k))  # the best smallest gain
        if found is None:
            return None
        rows, lam = found
        active = rows.tolist()

    def oracle(w: Array) -> tuple[Array, tuple[int, ...]]:
        j = int(np.argmax(g @ w))
        return g[j], (j,)

    _, keys, lam, _ = column_generation(oracle, p, g[active], [(j,) for j in active], lam)
    active = [key[0] for key in keys]
    lam = reduce_support(g[active], lam, k)
    keep = lam > 0
    rows = np.asarray(active, dtype=np.intp)[keep]
    order = np.argsort(rows)
    return rows[order], lam[keep][order]


def _lp(gains: Array, direction: Array, floor: float | None) -> tuple[Array, float] | None:
    """Stage 1 (floor None): max t with ``lam @ gains >= t * direction``.

    Stage 2: at gains ``>= floor * direction``, the largest total of ``gains / direction``.
    """
    m, k = gains.shape
    # Scale each party's gains to order 1 and the direction so that t is too (the constraints
    # are unchanged, the LP better posed whatever the unit of the values).
    scale = np.abs(gains).max(axis=0)
    scale[scale == 0] = 1.0
    total = (gains / direction).sum(axis=1)
    gains, direction = gains / scale, direction / scale
    unit = float(direction.max())
    direction = direction / unit
    if floor is not None:
        floor = floor * unit
    if floor is None:
        c = np.zeros(m + 1)
        c[-1] = -1.0
        a_ub = np.hstack([-gains.T, direction[:, None]])
        b_ub = np.zeros(k)
        a_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
        bounds = [(0.0, None)] * m + [(None, None)]
    else:
        c = -total / np.abs(total).max() if np.any(total) else np.zeros(m)
        a_ub = -gains.T
        b_ub = -floor * direction
        a_eq = np.ones((1, m))
        bounds = [(0.0, None)] * m
    res = scipy_optimize().linprog(
        c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs"
    )
    if res.status != 0:
        return None
    x = np.asarray(res.x, dtype=np.float64)
    return (x[:m], float(x[-1]) / unit) if floor is None else (x, 0.0)


def _max_min(gains: Array, direction: Array) -> Lottery | None:
    with np.errstate(divide="ignore", invalid="ignore"):
        pure_value = (gains / direction).min(axis=1)
    pure = int(np.argmax(pure_value))
    fallback = (np.array([pure]), np.ones(1)) if pure_value[pure] > 0 else None
    first = _lp(gains, direction, None)
    if first is None or first[1] <= 0:
        return fallback  # the LP's tolerances cannot see gains this small: the best deal
    t = first[1]
    second = _lp(gains, direction, t * (1 - 1e-12))
    lam = first[0] if second is None else second[0]
    lam = np.where(lam > 1e-12, lam, 0.0)
    if not np.all(lam @ gains > 0):
        lam = np.where(first[0] > 1e-12, first[0], 0.0)
    lam /= lam.sum()
    # The second stage keeps the smallest gain at t up to the LP's rounding: only a lottery
    # clearly below the best single deal falls back to that deal.
    if fallback is not None and (lam @ gains / direction).min() < pure_value[pure] * (1 - 1e-9):
        return fallback
    if not np.all(lam @ gains > 0):
        return fallback
    rows = np.flatnonzero(lam)
    return rows, lam[rows]


def ray_lottery(points: Array, disagreement: Array, direction: Array) -> Lottery | None:
    """The lottery whose expected gains go furthest along `direction` (all > 0).

    Maximises ``t`` such that the expected gains are at least ``t * direction``, then the total
    expected gain at that ``t``. Returns ``(rows, weights)`` or ``None`` when no lottery is
    individually rational.
    """
    g = np.asarray(points, dtype=np.float64) - disagreement
    return _max_min(g, np.asarray(direction, dtype=np.float64))


def ideal_gains(points: Array, disagreement: Array) -> Array | None:
    """Each party's largest expected gain over lotteries that leave no party below ``d``."""
    g = np.asarray(points, dtype=np.float64) - disagreement
    m, k = g.shape
    scale = np.abs(g).max(axis=0)
    scale[scale == 0] = 1.0
    g = g / scale
    out = np.empty(k)
    for i in range(k):
        res = scipy_optimize().linprog(
            -g[:, i],
            A_ub=-g.T,
            b_ub=np.zeros(k),
            A_eq=np.ones((1, m)),
            b_eq=[1.0],
            bounds=[(0.0, None)] * m,
            method="highs",
        )
        if res.status != 0:
            return None
        out[i] = -float(res.fun) * scale[i]
    return out if np.all(out > 0) else None
