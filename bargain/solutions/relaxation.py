"""Lotteries for any number of parties, exactly: the relaxation of the branch and bound, solved.

A lottery over deals reaches exactly the convex hull of the deals' utilities, and the hull of a
sum of sets is the sum of their hulls: every lottery's expected utilities are those of a
*product lottery* drawing each issue's level independently. So the lottery solutions are the
relaxations :mod:`bargain.solutions.dual` bounds, solved to the end:

- :func:`nash_relaxation` (Nash, asymmetric Nash): the smoothed dual gives a near-optimal
  product lottery; it is turned into a few deals (:func:`couple`, then :func:`reduce_support`)
  and polished by *column generation*: the best mix of the current deals is found by Newton's
  method (:func:`hull_nash`), then the deal maximising ``w . u`` for ``w = p / g`` (each issue
  at its best level) is added, until no deal improves the product to first order. That test is
  a certificate: ``max_deal w . g_deal - sum p`` is exactly the gap between the dual bound of
  :mod:`bargain.solutions.dual` and the lottery's ``sum p log g``.
- :func:`ray_relaxation` (egalitarian, Kalai-Smorodinsky) and :func:`ideal_relaxation` (the
  ideal gains over lotteries): linear programs over the issues' level probabilities
  (``scipy.optimize.linprog``, HiGHS), whose basic solutions mix at most ``n_parties`` issues.

The answers are lotteries over at most ``n_parties + 1`` deals (Caratheodory), given as level
indices and probabilities. Arrays: ``tables`` is a sequence of ``(n_levels_i, n_parties)``
arrays; ``disagreement``, ``powers`` and ``direction`` are ``(n_parties,)``.

Examples
--------
>>> import numpy as np
>>> t = [np.array([[0.0, 0.0, 0.0], [1.0, 0.5, 1.0], [-1000.0, 1000.0, 0.0]])]
>>> found = nash_relaxation(t, np.zeros(3), np.ones(3))
>>> found.deals.tolist(), np.round(found.weights, 6).tolist()
([[1], [2]], [0.999751, 0.000249])
>>> bool(found.bound - found.value < 1e-12)
True
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargain._optional import scipy_optimize
from bargain.solutions.dual import Dual, refine, start
from bargain.solutions.stacked import Stacked, party_scales, stack

__all__ = [
    "Relaxed",
    "couple",
    "hull_nash",
    "ideal_relaxation",
    "nash_relaxation",
    "ray_relaxation",
    "reduce_support",
]

Array = NDArray[np.float64]
Index = NDArray[np.intp]
#: The linear oracle: the best vertex's gains for a direction, and a key naming it.
Oracle = Callable[[Array], tuple[Array, tuple[int, ...]]]

#: Column generation stops when no deal improves ``sum p log g`` by more than this (times
#: ``sum p``) to first order.
GAP = 1e-14
_OUTER = 200
_MASTER = 100
_FIRST_ITERATIONS = 30
_SMOOTH_ITERATIONS = 300
_TINY = 1e-12
#: A deal's weight below this is rounding, and set to 0 (a leftover of 2**-53 would cap every
#: later Newton step of the master problem).
_NEGLIGIBLE_WEIGHT = 1e-15


@dataclass(frozen=True, slots=True, eq=False)
class Relaxed:
    """A lottery found by a relaxation: deals, probabilities and the certificate.

    ``deals`` are level indices ``(m, n_issues)``, ``weights`` their probabilities (summing to
    1). ``value`` is the lottery's criterion and ``bound`` a proven upper bound of it over every
    lottery (for :func:`nash_relaxation`, ``sum_j p_j log g_j`` with the largest power 1, in
    units where each party's numbers are divided by a power of two: see ``offset``, the
    constant to add for the scenario's units).
    """

    deals: Index
    weights: Array
    value: float
    bound: float
    offset: float = 0.0


def reduce_support(gains: Array, weights: Array, k: int) -> Array:
    """Move weight along affine dependences until at most `k` points carry it (Caratheodory).

    The mixture ``weights @ gains`` is unchanged (up to rounding); returns the new weights.
    """
    lam = np.asarray(weights, dtype=np.float64).copy()
    while np.count_nonzero(lam) > k:
        live = np.flatnonzero(lam)
        m = np.vstack([gains[live].T, np.ones(live.size)])
        _, sv, vt = np.linalg.svd(m)
        mu = vt[-1]
        scale = np.abs(gains[live]).max() + 1.0
        if live.size <= m.shape[0] and sv[-1] > 1e-9 * scale:
            break
        if np.linalg.norm(m @ mu) > 1e-9 * scale:
            break
        if not np.any(mu > 0):
            mu = -mu
        pos = mu > 1e-15
        alpha = np.min(lam[live][pos] / mu[pos])
        new = lam[live] - alpha * mu
        new[new < _NEGLIGIBLE_WEIGHT] = 0.0
        lam[live] = new
    out: Array = lam / lam.sum()
    return out


def couple(st: Stacked, probabilities: Array) -> tuple[Index, Array]:
    """Deals (row numbers) and weights with the given per-issue marginals over the rows.

    The comonotone coupling: every issue's levels laid out on ``[0, 1]`` by their probability,
    each piece between consecutive breakpoints one deal. An issue drawn from ``s`` levels adds
    ``s - 1`` deals, so a product lottery mixing few issues becomes a lottery over few deals;
    expected utilities are unchanged (they depend on the marginals only).
    """
    q = np.asarray(probabilities, dtype=np.float64)
    edges = [np.zeros(1)]
    for i in range(st.n_issues):
        part = q[st.starts[i] : st.starts[i] + st.sizes[i]]
        edges.append(np.cumsum(part[part > 0])[:-1] / part.sum())
    cuts = np.unique(np.concatenate([*edges, [1.0]]))
    mids = (cuts[:-1] + cuts[1:]) / 2
    deals = np.empty((mids.size, st.n_issues), dtype=np.intp)
    for i in range(st.n_issues):
        rows = st.starts[i] + np.flatnonzero(q[st.starts[i] : st.starts[i] + st.sizes[i]] > 0)
        part = q[rows] / q[rows].sum()
        at = np.searchsorted(np.cumsum(part), mids, side="right")
        deals[:, i] = rows[np.minimum(at, rows.size - 1)]
    return deals, np.diff(cuts)


def _log_value(gains: Array, p: Array) -> float:
    return float(p @ np.log(gains)) if np.all(gains > 0) else -math.inf


def _master_step(points: Array, p: Array, mu: Array) -> tuple[Array, float]:
    """One Newton step for ``max sum p log(mu @ points)`` on the simplex: new weights, gain."""
    g = mu @ points
    grad = points @ (p / g)
    grad = grad - grad @ mu  # a constant is absorbed by sum(delta) = 0: keep the small part
    hess = -(points * (p / g**2)) @ points.T
    m = mu.size
    kkt = np.zeros((m + 1, m + 1))
    kkt[:m, :m] = hess
    kkt[:m, m] = kkt[m, :m] = 1.0
    rhs = np.concatenate([-grad, [0.0]])
    try:
        delta = np.linalg.solve(kkt, rhs)[:m]
    except np.linalg.LinAlgError:
        delta = np.linalg.lstsq(kkt, rhs, rcond=None)[0][:m]
    delta -= delta.mean()
    dec = float(grad @ delta)
    if not dec > 0:
        return mu, 0.0
    shrink = delta < 0
    step = min(1.0, float(np.min(mu[shrink] / -delta[shrink]))) if shrink.any() else 1.0
    here = _log_value(g, p)
    # Near the optimum the full Newton step is taken unless rounding makes it worse.
    slack = 1e-15 * (abs(here) + float(p.sum())) if dec < 1e-8 * float(p.sum()) else -math.inf
    while step > 1e-12:
        trial = np.maximum(mu + step * delta, 0.0)
        trial[trial < _NEGLIGIBLE_WEIGHT] = 0.0
        trial /= trial.sum()
        there = _log_value(trial @ points, p)
        if there >= here + 1e-3 * step * dec or there >= here - slack:
            return trial, max(there - here, 0.0) if there > here else 0.0
        step *= 0.5
    return mu, 0.0


def hull_nash(points: Array, p: Array, mu: Array) -> Array:
    """The weights maximising ``sum p log(mu @ points)`` over the simplex, from feasible `mu`.

    Newton's method with the simplex constraint (weights reaching 0 are dropped); `points` are
    gains ``(m, k)``, best affinely independent (:func:`reduce_support`).
    """
    mu = np.asarray(mu, dtype=np.float64)
    for _ in range(_MASTER):
        live = np.flatnonzero(mu > 0)
        new, gained = _master_step(points[live], p, mu[live])
        mu = np.zeros_like(mu)
        mu[live] = new
        if gained <= 1e-16 * (1.0 + abs(_log_value(new @ points[live], p))):
            break
    return mu


def _fw_step(points: Array, p: Array, mu: Array, vertex: Array) -> Array:
    """Weights after the best move towards a new vertex (appended last): a concave line search."""
    g, d = mu @ points, vertex - mu @ points
    lo, hi = 0.0, 1.0
    if np.any(g + d <= 0):  # the vertex itself is not rational: stay inside
        bad = (g + d) <= 0
        hi = float(np.min(g[bad] / -d[bad])) * (1 - 1e-12)
    for _ in range(80):  # bisection on the derivative sum p d / (g + t d)
        mid = (lo + hi) / 2
        if p @ (d / (g + mid * d)) > 0:
            lo = mid
        else:
            hi = mid
    t = lo
    return np.append(mu * (1 - t), t)


def column_generation(
    oracle: Oracle, p: Array, points: Array, keys: list[tuple[int, ...]], mu: Array
) -> tuple[Array, list[tuple[int, ...]], Array, float]:
    """Maximise ``sum p log g`` over the hull of the oracle's vertices, from a feasible mix.

    Returns the vertices' gains, keys and weights, and the first-order gap (the certificate).
    """
    k = points.shape[1]
    gap = math.inf
    for _ in range(_OUTER):
        mu = hull_nash(points, p, mu)
        live = mu > 0
        points, keys, mu = points[live], [x for x, y in zip(keys, live, strict=True) if y], mu[live]
        g = mu @ points
        vertex, key = oracle(p / g)
        gap = float((p / g) @ vertex - p.sum())
        if gap <= GAP * p.sum() or key in keys:
            break
        mu = _fw_step(points, p, mu, vertex)
        points, keys = np.vstack([points, vertex]), [*keys, key]
        mu = reduce_support(points, mu, k + 1)
    return points, keys, mu, max(gap, 0.0)


def _stack_scaled(tables: Sequence[Array], d: Array) -> tuple[Stacked, Array, Array]:
    scale = party_scales(tables, d)
    return stack([np.asarray(t, dtype=np.float64) / scale for t in tables]), d / scale, scale


def _deal_gains(st: Stacked, deals: Index, d: Array) -> Array:
    """Gains of deals given as row numbers, summed first issue to last."""
    u = st.rows[deals[:, 0]].copy()
    for i in range(1, deals.shape[1]):
        u += st.rows[deals[:, i]]
    out: Array = u - d
    return out


def _smooth_start(st: Stacked, d: Array, p: Array) -> Array | None:
    """Row probabilities near the optimum, from the smoothed dual (None if it finds none)."""
    dual = Dual("log", p, d, float(p.sum()))
    alive = np.ones(st.rows.shape[0], dtype=bool)
    state = start(st, dual)
    for iters in (_FIRST_ITERATIONS, _SMOOTH_ITERATIONS):
        ref = refine(
            st,
            alive,
            dual,
            state,
            prune_below=-math.inf,
            branch_at=math.inf,
            iters=iters,
            gap=1e-9 * dual.unit,
        )
        if ref.primal == -math.inf:
            return None  # maybe no lottery is rational: the linear program will tell
        state = ref.state
    scores = st.rows @ state.w
    z = np.exp((scores - np.maximum.reduceat(scores, st.starts)[st.issue]) / state.tau)
    pi: Array = z / np.add.reduceat(z, st.starts)[st.issue]
    return np.where(pi > _TINY, pi, 0.0)


def _rational_mix(st: Stacked, d: Array, q: Array | None) -> tuple[Index, Array] | None:
    """The deals coupling the row probabilities `q`, if their mix is rational."""
    if q is None:
        return None
    deals, weights = couple(st, q)
    return (deals, weights) if np.all(weights @ _deal_gains(st, deals, d) > 0) else None


def _start_lottery(st: Stacked, d: Array, p: Array) -> tuple[Index, Array] | None:
    """A rational lottery over few deals near the optimum, or None when there is none."""
    if not np.all(np.maximum.reduceat(st.rows, st.starts).sum(axis=0) > d):
        return None
    found = _rational_mix(st, d, _smooth_start(st, d, p))
    return found or _rational_mix(st, d, _max_min_probabilities(st, d))


def nash_relaxation(tables: Sequence[Array], disagreement: Array, powers: Array) -> Relaxed | None:
    """The lottery maximising the (weighted) Nash product of expected gains, or None.

    None when no lottery gives every party strictly more than its disagreement utility.
    """
    st, d, scale = _stack_scaled(tables, np.asarray(disagreement, dtype=np.float64))
    p = np.asarray(powers, dtype=np.float64)
    p = p / p.max()
    first = _start_lottery(st, d, p)
    if first is None:
        return None
    deals, weights = first
    gains = _deal_gains(st, deals, d)
    weights = reduce_support(gains, weights, st.n_parties + 1)
    keep = weights > 0
    deals, gains, weights = deals[keep], gains[keep], weights[keep]

    def oracle(w: Array) -> tuple[Array, tuple[int, ...]]:
        scores = st.rows @ w
        top = scores >= np.maximum.reduceat(scores, st.starts)[st.issue]
        rows = np.flatnonzero(top)
        deal = rows[np.unique(st.issue[rows], return_index=True)[1]]
        return _deal_gains(st, deal[None, :], d)[0], tuple(deal.tolist())

    keys = [tuple(x) for x in deals.tolist()]
    points, keys, mu, gap = column_generation(oracle, p, gains, keys, weights)
    value = _log_value(mu @ points, p)
    rows = np.array(keys, dtype=np.intp).reshape(-1, st.n_issues)
    offset = float(p @ np.log(scale))
    return Relaxed(st.levels_of(rows), mu, value + offset, value + gap + offset, offset)


def _linprog(st: Stacked, cost: Array, a_ub: Array, b_ub: Array) -> tuple[Array, Array] | None:
    """Minimise ``cost @ x``, ``x`` = (probabilities of the rows, extras), ``a_ub x <= b_ub``.

    Each issue's probabilities sum to 1; extra variables (beyond the rows) are free. Returns
    the solution and the inequality duals, or None when infeasible.
    """
    n_rows, n_x = st.rows.shape[0], cost.shape[0]
    a_eq = np.zeros((st.n_issues, n_x))
    a_eq[st.issue, np.arange(n_rows)] = 1.0
    bounds = [(0.0, None)] * n_rows + [(None, None)] * (n_x - n_rows)
    res = scipy_optimize().linprog(
        cost,
        A_ub=a_ub,
        b_ub=b_ub,
        A_eq=a_eq,
        b_eq=np.ones(st.n_issues),
        bounds=bounds,
        method="highs",
        options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10},
    )
    if res.status != 0:
        return None
    return np.asarray(res.x, dtype=np.float64), np.asarray(res.ineqlin.marginals, dtype=np.float64)


def _max_min_probabilities(st: Stacked, d: Array, direction: Array | None = None) -> Array | None:
    """Row probabilities maximising ``t`` with gains ``>= t * direction``, if ``t > 0``."""
    e = np.ones(st.n_parties) if direction is None else direction
    cost = np.zeros(st.rows.shape[0] + 1)
    cost[-1] = -1.0
    a_ub = np.hstack([-st.rows.T, e[:, None]])
    found = _linprog(st, cost, a_ub, -d)
    if found is None or not found[0][-1] > 0:
        return None
    return np.clip(found[0][:-1], 0.0, None)


def _lottery_from(st: Stacked, d: Array, q: Array) -> tuple[Index, Array, Array]:
    """A lottery over few deals (row numbers) with the row probabilities `q`, and its gains."""
    deals, weights = couple(st, np.where(q > _TINY, q, 0.0))
    gains = _deal_gains(st, deals, d)
    weights = reduce_support(gains, weights, st.n_parties + 1)
    keep = weights > 0
    return deals[keep], weights[keep], gains[keep]


def _ray_bound(st: Stacked, d: Array, y: Array) -> float:
    """``max_lottery y . g``: with ``y >= 0``, ``y . e = 1``, an upper bound of ``min g / e``."""
    scores = st.rows @ y
    return float(np.maximum.reduceat(scores, st.starts).sum() - y @ d)


def ray_relaxation(
    tables: Sequence[Array], disagreement: Array, direction: Array
) -> Relaxed | None:
    """The lottery whose expected gains go furthest along `direction` (all > 0), or None.

    Maximises ``t = min_j g_j / direction_j`` (a linear program), then at that ``t`` the sum of
    ``g_j / direction_j``. ``value`` is the lottery's ``t`` and ``bound`` the linear program's
    dual bound. None when no lottery gives every party more than its disagreement utility.
    """
    st, d, scale = _stack_scaled(tables, np.asarray(disagreement, dtype=np.float64))
    e = np.asarray(direction, dtype=np.float64) / scale
    unit = float(party_scales([e[None, :]], np.zeros(1))[0])  # t in units near 1
    e = e / unit
    n_rows = st.rows.shape[0]
    cost = np.zeros(n_rows + 1)
    cost[-1] = -1.0
    first = _linprog(st, cost, np.hstack([-st.rows.T, e[:, None]]), -d)
    if first is None or not first[0][-1] > 0:
        return None
    t = float(first[0][-1])
    y = np.clip(-first[1], 0.0, None)
    bound = _ray_bound(st, d, y / (y @ e)) if y @ e > 0 else math.inf
    second = _linprog(st, -(st.rows @ (1 / e)), -st.rows.T, -d - t * (1 - 1e-12) * e)
    q = first[0][:-1] if second is None else second[0]
    deals, weights, gains = _lottery_from(st, d, np.clip(q, 0.0, None))
    if not np.all(weights @ gains > 0):
        deals, weights, gains = _lottery_from(st, d, np.clip(first[0][:-1], 0.0, None))
        if not np.all(weights @ gains > 0):
            return None
    value = float(((weights @ gains) / e).min())
    return Relaxed(st.levels_of(deals), weights, value / unit, max(bound, value) / unit)


def ideal_relaxation(tables: Sequence[Array], disagreement: Array) -> Array | None:
    """Each party's largest expected gain over lotteries that leave no party below ``d``.

    None when some party cannot gain.
    """
    st, d, scale = _stack_scaled(tables, np.asarray(disagreement, dtype=np.float64))
    out = np.empty(st.n_parties)
    for j in range(st.n_parties):
        found = _linprog(st, -st.rows[:, j], -st.rows.T, -d)
        if found is None:
            return None
        out[j] = (float(st.rows[:, j] @ found[0]) - d[j]) * scale[j]
    return out if np.all(out > 0) else None
