"""The asymmetric Nash solution over all issues of a proposal at once: a package deal.

Actor ``i``'s gain from a package ``y`` (one point per issue of the proposal) is the
salience-weighted sum of its one-issue gains (:mod:`bargain.forecast.nash`)::

    G_i(y) = Σ_d s_id (d_id**p - |y_d - x_id|**p) / R_d**p,

and the forecast maximises ``Σ_i c_i log G_i(y)`` over the packages every counted actor prefers
to the disagreement point (``c_i``: the actor's mean capability over the proposal's issues).
Because actors weigh issues differently, the package trades: an actor concedes on an issue it
cares little about for a gain on one it cares about, which one issue at a time cannot show.

Who counts follows :mod:`bargain.forecast.nash`, for the whole proposal: an actor that cares
about some issue of it (positive salience and capability) counts, unless it sits at the reference
point on every issue it cares about (it can only lose): then it is left out
(``losers="exclude"``) or vetoes (``losers="veto"``, the forecast is the reference point). When no
package makes every counted actor better off, the proposal has no agreement and each issue is
forecast at its reference point (the mean of the positions on an issue without one).

Continuous solution (the default)
---------------------------------
``G_i`` is concave for ``p >= 1``, so the objective is concave where all ``G_i > 0`` and the
problem is convex. It is solved by Newton's method with a backtracking line search that keeps
every ``G_i > 0``; a strictly feasible start comes from a phase-one problem (maximise ``τ``
subject to ``G_i > τ``) solved the same way. For ``p = 2`` the objective is smooth and Newton
converges quadratically. For ``p = 1`` each distance ``|t|`` is smoothed to
``sqrt(t**2 + ε**2) - ε`` (concave gains again, never below the exact ones) and the solution is
followed as ``ε`` falls from 0.1 to 1e-10 of the range, each step starting from the last; the
answer is within about 1e-9 of the range of the exact maximiser, or about 1e-7 where the exact
objective is flat on one side of a kink (two actors of equal capability on one side of the
reference: the Nash point is the nearer actor's position, which ``"nash"`` finds to rounding), and a
package is accepted only if every actor's exact gain is positive there. Positions are divided by
each issue's range and saliences by each actor's largest, so units do not matter.

Discrete solution (``levels=N``)
--------------------------------
:meth:`Positions.to_scenario <bargain.forecast.positions.Positions.to_scenario>` turns the
proposal into a scenario with ``N`` levels per issue and :func:`bargain.solve` finds its exact
asymmetric Nash deal (with three or more actors by branch and bound, without the frontier); the
two solutions agree as ``N`` grows.

Examples
--------
Two issues, two actors who care about them in opposite measure: each gets its way where it
cares more.

>>> import numpy as np
>>> from bargain.forecast.positions import Positions
>>> data = Positions(issues=("p", "q"), actors=("a", "b"), proposal=("deal", "deal"),
...                  position=np.array([[100.0, 0.0], [100.0, 0.0]]),
...                  salience=np.array([[0.9, 0.1], [0.1, 0.9]]))
>>> out = package_nash(data.problem(), ("p", "q"), p=2)
>>> out.predicted.round(1).tolist()
[90.0, 10.0]
>>> from bargain.forecast.nash import nash
>>> nash(data.problem(), p=2).predicted.round(1).tolist()
[50.0, 50.0]
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from bargain._optional import scipy_optimize
from bargain.forecast._shared import Array, Output, Problem
from bargain.forecast.nash import disagreement_distance

__all__ = ["FEASIBILITY", "continuous_nash", "package_nash"]

#: A package is strictly better for every actor when each gain exceeds this (gains are in units of
#: each actor's largest salience times a whole range).
FEASIBILITY = 1e-9
_NEWTON_TOL = 1e-14
_MAX_NEWTON = 100
#: Margins of the linear program (p = 1) below this count as none (its feasibility tolerance).
_LP_TOLERANCE = 1e-7
#: A Newton step shorter than this fraction of the full step ends the iterations (rounding).
_MIN_STEP = 1e-6


class _Gains:
    """``G_i(u) = a_i - Σ_d s_id φ(u_d - ξ_id)``, ``φ(t) = t**2`` or ``sqrt(t**2 + ε**2) - ε``."""

    def __init__(self, a: Array, s: Array, xi: Array, p: int, eps: float = 0.0) -> None:
        self.a, self.s, self.xi, self.p, self.eps = a, s, xi, p, eps

    def loss(self, u: Array) -> tuple[Array, Array, Array]:
        """``φ``, ``φ'`` and ``φ''`` at ``u_d - ξ_id``, each ``(n_actors, n_issues)``."""
        t = u[None, :] - self.xi
        if self.p == 2:
            return t**2, 2 * t, np.full_like(t, 2.0)
        root = np.sqrt(t**2 + self.eps**2)
        with np.errstate(divide="ignore", invalid="ignore"):  # ε = 0 (exact gains): unused
            return root - self.eps, t / root, self.eps**2 / root**3

    def values(self, u: Array) -> Array:
        return np.asarray(self.a - (self.s * self.loss(u)[0]).sum(axis=1))


def _newton(
    value: Callable[[Array], float | None],
    derivatives: Callable[[Array], tuple[Array, Array]],
    z: Array,
) -> Array:
    """Maximise a concave function (`value`: None outside its domain) by damped Newton steps."""
    current = value(z)
    assert current is not None
    for _ in range(_MAX_NEWTON):
        grad, hess = derivatives(z)
        try:
            step = np.linalg.solve(hess, -grad)
        except np.linalg.LinAlgError:
            step = np.linalg.lstsq(hess, -grad, rcond=None)[0]
        if not np.all(np.isfinite(step)):
            break
        decrement = float(grad @ step)
        if decrement <= _NEWTON_TOL * max(1.0, abs(current)):
            break
        t = 1.0
        while t >= _MIN_STEP:
            trial = value(z + t * step)
            if trial is not None and trial >= current + 0.25 * t * decrement:
                z, current = z + t * step, trial
                break
            t *= 0.5
        else:
            break
    return z


def _objective(
    g: _Gains, weights: Array, n_u: int, phase_one: float | None
) -> tuple[Callable[[Array], float | None], Callable[[Array], tuple[Array, Array]]]:
    """``Σ w_i log(G_i(u) - τ)`` (+ ``t·τ`` in phase one, ``τ = z[n_u]``): value, derivatives."""

    def split(z: Array) -> tuple[Array, float]:
        return z[:n_u], (float(z[n_u]) if phase_one is not None else 0.0)

    def value(z: Array) -> float | None:
        u, tau = split(z)
        gi = g.values(u) - tau
        if np.any(gi <= 0):
            return None
        out = float(weights @ np.log(gi))
        return out + (phase_one * tau if phase_one is not None else 0.0)

    def derivatives(z: Array) -> tuple[Array, Array]:
        u, tau = split(z)
        phi, d1, d2 = g.loss(u)
        gi = g.a - (g.s * phi).sum(axis=1) - tau
        jac = -g.s * d1  # dG_i/du_d
        if phase_one is not None:
            jac = np.hstack([jac, -np.ones((jac.shape[0], 1))])
        r = weights / gi
        grad = jac.T @ r
        hess = -(jac.T * (weights / gi**2)) @ jac
        hess[np.arange(n_u), np.arange(n_u)] -= (g.s * d2).T @ r
        if phase_one is not None:
            grad[n_u] += phase_one
        return grad, hess

    return value, derivatives


def continuous_nash(xi: Array, d: Array, s: Array, w: Array, p: int, start: Array) -> Array | None:
    """The package Nash point in ``[0, 1]**D`` (positions `xi` and distances `d` as shares).

    Parameters
    ----------
    xi, d, s
        ``(n_actors, n_issues)`` normalised positions, disagreement distances and saliences (0
        where an actor does not care); every actor cares about some issue, every issue matters to
        some actor.
    w
        ``(n_actors,)`` exponents (> 0).
    p
        1 or 2.
    start
        ``(n_issues,)`` a point in ``[0, 1]**D`` to start from.

    Returns
    -------
    ndarray or None
        The maximiser, or None when no package gives every actor a strict gain.
    """
    s = s / s.max(axis=1, keepdims=True)
    w = w / w.sum()
    a = (s * d**p).sum(axis=1)
    exact = _Gains(a, s, xi, p)
    if p == 2:
        found = _feasible(exact, start.copy())
        if found is None:
            return None
        value, derivatives = _objective(exact, w, start.shape[0], None)
        u = _newton(value, derivatives, found)
    else:
        found = _widest_margin(a, s, xi)
        if found is None:
            return None
        u = found
        for eps in (10.0**-k for k in range(1, 11)):
            value, derivatives = _objective(_Gains(a, s, xi, p, eps), w, u.shape[0], None)
            # smoothed gains >= exact ones, so the linear program's point is feasible for every
            # ε; move back towards it until the last point is feasible for this ε
            lam = 1.0
            while value(found + lam * (u - found)) is None:
                lam /= 2
            u = _newton(value, derivatives, found + lam * (u - found))
    if np.min(exact.values(u)) <= FEASIBILITY:
        return None
    return np.asarray(np.clip(u, 0.0, 1.0))


def _widest_margin(a: Array, s: Array, xi: Array) -> Array | None:
    """``p = 1``: the package maximising the smallest exact gain (a linear program), if positive.

    Variables ``(u, v, τ)`` with ``v_id >= |u_d - ξ_id|``: maximise ``τ`` subject to
    ``a_i - Σ_d s_id v_id >= τ`` and ``0 <= u <= 1``.
    """
    m, n_d = s.shape
    pairs = np.argwhere(s > 0)
    k = pairs.shape[0]
    n = n_d + k + 1
    cost = np.zeros(n)
    cost[-1] = -1.0
    rows = np.arange(k)
    upper = np.zeros((m + 2 * k, n))
    bound = np.zeros(m + 2 * k)
    upper[pairs[:, 0], n_d + rows] = s[pairs[:, 0], pairs[:, 1]]  # Σ s v + τ <= a
    upper[:m, -1] = 1.0
    bound[:m] = a
    upper[m + 2 * rows, pairs[:, 1]] = 1.0  # u_d - v_id <= ξ_id
    upper[m + 2 * rows, n_d + rows] = -1.0
    bound[m + 2 * rows] = xi[pairs[:, 0], pairs[:, 1]]
    upper[m + 2 * rows + 1, pairs[:, 1]] = -1.0  # -u_d - v_id <= -ξ_id
    upper[m + 2 * rows + 1, n_d + rows] = -1.0
    bound[m + 2 * rows + 1] = -xi[pairs[:, 0], pairs[:, 1]]
    limits = [(0.0, 1.0)] * n_d + [(0.0, None)] * k + [(None, None)]
    result = scipy_optimize().linprog(cost, A_ub=upper, b_ub=bound, bounds=limits, method="highs")
    if result.status != 0 or -result.fun <= _LP_TOLERANCE:
        return None
    u = np.asarray(np.clip(result.x[:n_d], 0.0, 1.0), dtype=np.float64)
    gains = a - (s * np.abs(u[None, :] - xi)).sum(axis=1)
    return u if bool(np.all(gains > FEASIBILITY)) else None


def _feasible(g: _Gains, u: Array) -> Array | None:
    """A point with every ``G_i > 0`` (phase one), or None if there is none."""
    gains = g.values(u)
    if np.all(gains > FEASIBILITY):
        return u
    m, n = g.s.shape[0], u.shape[0]
    ones = np.ones(m)
    z = np.append(u, float(gains.min()) - 1.0)
    t = 1.0
    for _ in range(60):
        value, derivatives = _objective(g, ones, n, t)
        z = _newton(value, derivatives, z)
        if z[n] > FEASIBILITY:
            return z[:n]
        if z[n] + m / t < FEASIBILITY:  # the best margin is at most τ(t) + m / t
            return None
        t *= 8.0
    return None


def package_nash(
    problem: Problem,
    proposals: tuple[str, ...],
    *,
    p: int = 2,
    losers: str = "exclude",
    disagreement: str = "auto",
    solve_discrete: Callable[[int, list[int]], Array | None] | None = None,
) -> Output:
    """The package Nash forecast of every proposal (see the module notes).

    Parameters
    ----------
    problem
        The data.
    proposals
        The proposal keys (for messages).
    p, losers, disagreement
        As in :mod:`bargain.forecast.nash`.
    solve_discrete
        With ``levels=``: a function of (proposal index, counted actor indices) returning the
        engine's deal as points of the scale (None: no agreement). Without it, the continuous
        solution.
    """
    del proposals
    xi, d = disagreement_distance(problem, disagreement)
    predicted = np.empty(problem.n_issues)
    agreed = np.ones(problem.n_issues, dtype=bool)
    ref = (problem.reference - problem.low) / problem.span
    mean = np.where(problem.present, xi, 0.0).sum(axis=1) / problem.present.sum(axis=1)
    fallback = np.where(np.isnan(ref), mean, ref)
    for group in range(problem.n_groups):
        rows = problem.issues_of(group)
        caring = problem.present[rows] & (problem.s[rows] > 0) & (problem.c[rows] > 0)
        gains_possible = caring & ((d[rows] > 0) | (disagreement == "worst"))
        actors_caring = caring.any(axis=0)
        can_gain = gains_possible.any(axis=0)
        counted = np.flatnonzero(actors_caring & can_gain)
        vetoed = losers == "veto" and bool(np.any(actors_caring & ~can_gain))
        out = None
        if not vetoed and counted.size:
            if solve_discrete is not None:
                out = solve_discrete(group, counted.tolist())
                if out is not None:
                    out = (out - problem.low[rows]) / problem.span[rows]
            else:
                out = _solve_group(problem, rows, counted, xi, d, p)
        if out is None:
            predicted[rows] = fallback[rows]
            agreed[rows] = bool(not vetoed and counted.size == 0 and np.all(np.isnan(ref[rows])))
        else:
            predicted[rows] = out
    return Output(problem.low + predicted * problem.span, agreed)


def _solve_group(
    problem: Problem, rows: NDArray[np.intp], counted: NDArray[np.intp], xi: Array, d: Array, p: int
) -> Array | None:
    """The continuous package Nash point of one proposal, as shares of each issue's range."""
    x = xi[np.ix_(rows, counted)].T
    dist = d[np.ix_(rows, counted)].T
    care = (problem.present & (problem.s > 0) & (problem.c > 0))[np.ix_(rows, counted)].T
    s = np.where(care, problem.s[np.ix_(rows, counted)].T, 0.0)
    dist = np.where(care, dist, 0.0)
    x = np.where(care, x, 0.0)
    cap = np.where(care, problem.c[np.ix_(rows, counted)].T, 0.0)
    w = cap.sum(axis=1) / care.sum(axis=1)
    used = care.any(axis=0)  # issues some counted actor cares about
    ref = (problem.reference[rows] - problem.low[rows]) / problem.span[rows]
    out = np.where(np.isnan(ref), xi[rows][:, counted].mean(axis=1), ref)
    if not np.any(used):
        return out
    weights = w[:, None] * s
    start = (weights * x).sum(axis=0) / np.maximum(weights.sum(axis=0), 1e-300)
    cols = np.flatnonzero(used)
    point = continuous_nash(
        x[:, cols], dist[:, cols], s[:, cols], w, p, np.asarray(start[cols], dtype=np.float64)
    )
    if point is None:
        return None
    out[cols] = point
    if math.isnan(float(out.sum())):  # pragma: no cover - defensive
        return None
    return out
