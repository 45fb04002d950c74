"""The asymmetric Nash bargaining solution on one issue's scale, exactly.

On issue ``d`` with scale ``[low, high]`` (range ``R``), actor ``i`` at ``x_i`` with salience
``s_i`` and capability ``c_i`` has the spatial utility ``u_i(y) = -s_i |y - x_i|**p / R**p``
(``p = 1`` linear, ``p = 2`` quadratic). Its gain over the disagreement point is::

    g_i(y) = s_i (d_i**p - |y - x_i|**p) / R**p,

where ``d_i`` is its distance to the reference point (``disagreement="auto"`` with a reference;
without one, or with ``disagreement="worst"``, its distance to its worst point of the scale, the
far end). The forecast maximises the asymmetric Nash product ``Σ_i w_i log g_i(y)`` over the points
where every counted actor gains (``g_i > 0``), with exponents ``w_i = c_i``
(``power="capability"``, the default) or ``w_i = c_i s_i`` (``power="capability*salience"``).
With ``power="capability"`` a salience scales ``g_i`` by a constant and so does not move the
solution on one issue; it decides who counts (an actor with salience 0 does not) and, in
``"package-nash"``, how an actor trades issues against each other.

Who counts
----------
Actors with a positive salience and capability. With a reference point, an actor *at* the
reference loses from every move off it: with ``losers="exclude"`` (the default) it is left out,
with ``losers="veto"`` it vetoes and the forecast is the reference point. When the remaining
actors have no point that all of them prefer to the reference (some want it moved left, others
right), the forecast is the reference point and the issue has no agreement (``agreed`` False).
With nobody counted the forecast is the reference point, or the plain mean of the positions when
there is none.

Exactness
---------
Each ``log g_i`` is concave on the interval where ``g_i > 0`` (``g_i`` is concave, piecewise
linear for ``p = 1``), so the objective is concave on the intersection of those intervals and its
(super)derivative decreases from ``+inf`` to ``-inf`` across it. Bisection on the sign of the
derivative, 64 halvings of an interval inside ``[0, 1]`` (positions are divided by ``R``), finds
the maximiser to the last bit of a double: at a kink for ``p = 1`` or at the root of the
derivative. No closed form is needed.

Examples
--------
Two actors, quadratic utilities, equal capabilities, the reference at 0: the Nash point solves
``2 y**2 - 3 (a + b) y + 4 a b = 0`` (a = 40, b = 80: y = 48.77).

>>> import numpy as np
>>> from bargain.forecast.positions import Positions
>>> data = Positions(issues=("a",), actors=("x", "y"), position=np.array([[40.0, 80.0]]),
...                  reference=np.array([0.0]))
>>> y = float(nash(data.problem(), p=2).predicted[0])
>>> round(y, 6), round(2 * y**2 - 3 * 120 * y + 4 * 40 * 80, 6)
(48.768944, 0.0)
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bargain.forecast._shared import Array, Output, Problem

__all__ = ["BISECTIONS", "counted_actors", "disagreement_distance", "nash"]

#: Halvings of the search interval (a double has 53 bits of mantissa).
BISECTIONS = 64


def disagreement_distance(problem: Problem, disagreement: str) -> tuple[Array, Array]:
    """Positions divided by the range (``(n_issues, n_actors)``) and each actor's ``d_i``.

    ``d_i`` is the distance to the reference point (``"auto"`` on an issue with one), else to the
    actor's worst point of the scale, both as shares of the range.
    """
    span = problem.span[:, None]
    xi = (problem.x - problem.low[:, None]) / span
    worst = np.maximum(xi, 1.0 - xi)
    ref = (problem.reference - problem.low) / problem.span
    if disagreement == "worst":
        return xi, worst
    has_ref = ~np.isnan(ref)
    d = np.where(has_ref[:, None], np.abs(np.where(has_ref, ref, 0.0)[:, None] - xi), worst)
    return xi, d


def counted_actors(
    problem: Problem, d: Array, disagreement: str, losers: str
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Who counts in the Nash product, and the issues vetoed (``losers="veto"``).

    Counted: present, positive salience and capability, not at the reference point (``d > 0``).
    An issue is vetoed when an otherwise counted actor sits at its reference point.
    """
    caring = problem.present & (problem.s > 0) & (problem.c > 0)
    at_reference = caring & (d <= 0)
    if disagreement == "worst":
        at_reference[:] = False
    counted = caring & ~at_reference
    vetoed = np.asarray(
        at_reference.any(axis=1) if losers == "veto" else np.zeros(problem.n_issues, dtype=bool)
    )
    return np.asarray(counted), vetoed


def _derivative(y: Array, xi: Array, d: Array, w: Array, p: int) -> Array:
    """``Σ w_i g_i'(y) / g_i(y)`` per issue (rows), at `y` (one point per row)."""
    diff = y[:, None] - xi
    dist = np.abs(diff)
    gap = d**p - dist**p
    with np.errstate(divide="ignore", invalid="ignore"):
        slope = -p * np.sign(diff) * (dist ** (p - 1) if p > 1 else 1.0)
        terms = np.where(w > 0, w * slope / gap, 0.0)
    return np.asarray(terms.sum(axis=1))


def nash(
    problem: Problem,
    *,
    p: int = 2,
    losers: str = "exclude",
    disagreement: str = "auto",
    power: str = "capability",
) -> Output:
    """The asymmetric Nash solution of every issue (see the module notes)."""
    xi, d = disagreement_distance(problem, disagreement)
    counted, vetoed = counted_actors(problem, d, disagreement, losers)
    w = np.where(counted, problem.c * (problem.s if power == "capability*salience" else 1.0), 0.0)
    total = w.sum(axis=1)
    w = np.divide(w, total[:, None], out=np.zeros_like(w), where=total[:, None] > 0)
    lo = np.max(np.where(counted, xi - d, -np.inf), axis=1)
    hi = np.min(np.where(counted, xi + d, np.inf), axis=1)
    lo, hi = np.maximum(lo, 0.0), np.minimum(hi, 1.0)
    solvable = (total > 0) & (lo < hi) & ~vetoed
    ref = (problem.reference - problem.low) / problem.span
    fallback = np.where(
        np.isnan(ref),
        (np.where(problem.present, xi, 0.0).sum(axis=1) / problem.present.sum(axis=1)),
        ref,
    )
    y = np.where(solvable, (lo + hi) / 2, fallback)
    rows = np.flatnonzero(solvable)
    if rows.size:
        a, b = lo[rows].copy(), hi[rows].copy()
        xr, dr, wr = xi[rows], np.where(counted[rows], d[rows], 1.0), w[rows]
        for _ in range(BISECTIONS):
            mid = (a + b) / 2
            slope = _derivative(mid, xr, dr, wr, p)
            a = np.where(slope > 0, mid, a)
            b = np.where(slope < 0, mid, b)
            flat = slope == 0
            a = np.where(flat, mid, a)
            b = np.where(flat, mid, b)
        y[rows] = (a + b) / 2
    agreed = solvable | (np.isnan(ref) & (total <= 0))
    return Output(problem.low + y * problem.span, agreed)
