"""Nash's (1953) optimal threats on a piecewise-linear bargaining frontier.

Two players first commit to threats, mixed strategies ``x`` and ``y`` of the game ``(A, B)``
that they would carry out if talks failed; the threat point ``d = (x A y, x B y)`` is then the
disagreement point of the Nash bargaining solution over the convex set of lotteries. Nash showed
that this two-stage game has a solution, unique in its outcome.

Where the frontier is a line of slope ``-h``, the Nash solution from ``d`` is the frontier point
on the line through ``d`` of slope ``+h``; the row player wants ``h d_1 - d_2`` large and the
column player wants it small, so the optimal threats are the optimal (minimax) strategies of the
zero-sum game ``h A - B``. The frontier of lotteries over deals is piecewise linear (the hull
chain of :mod:`bargain.hull`, vertices from top-left to bottom-right, edge ``k`` of slope
``-h_k`` with ``h_0 < h_1 < ...``), so the consistent piece has to be found:

- *edge* ``k``: solve ``h_k A - B`` (value ``v_k``); consistent if the line ``h_k u_1 - u_2 =
  v_k`` meets the frontier on edge ``k`` itself;
- *vertex* ``V_k`` (supporting slopes ``-h`` for ``h`` in ``[h_{k-1}, h_k]``, with ``h_{-1} = 0``
  and ``h_K = infinity`` at the ends): consistent if the line of some ``h`` in that interval
  passes through ``V_k``, i.e. ``val(h A - B) = h V_k1 - V_k2``, found by Brent's method.

Slopes are handled as angles, ``h = tan(theta)``, and the game as ``sin(theta) A - cos(theta) B``
(the same game scaled by ``cos(theta) > 0``), so the vertical end (``theta = pi/2``: the game
``A``) needs no special case. Scanning the pieces in order, the position of the line relative to
the frontier goes from "right of it" to "left of it" (when each player's security level is below
its best point of the frontier), so a consistent piece always exists. If the column player can
guarantee itself more than its best point of the frontier (or the row player more than its
best), no threat point leaves room for a deal, and the answer says so.

Sufficiency (checked by the tests): with ``y`` fixed at its optimal threat, any other threat
``x'`` gives ``h d'_1 - d'_2 <= v`` and so a solution no further right on the frontier; likewise
for the column player. Which optimal threat pair is played can move the threat point along the
line, but never the solution.

Arrays: ``A``, ``B`` are ``(m, n)``; ``vertices`` is ``(K + 1, 2)`` in the (row player,
column player) utility plane.

Examples
--------
>>> import numpy as np
>>> A = np.array([[0.0, 0.2], [0.1, 0.3]])
>>> B = np.array([[0.0, 0.1], [-0.2, 0.2]])
>>> frontier = np.array([[0.0, 1.0], [1.0, 0.0]])  # u_1 + u_2 = 1, h = 1
>>> ot = optimal_threats(A, B, frontier)
>>> ot.piece, round(ot.slope, 12), round(ot.value, 12)  # the value of A - B
('edge', 1.0, 0.1)
>>> ot.point.round(12).tolist()  # ((1 + v) / 2, (1 - v) / 2)
[0.55, 0.45]
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.optimize import brentq

from bargain.equilibria import Equilibria, _matrices, game_value, nash_equilibria
from bargain.errors import BargainError, ScenarioError

__all__ = ["OptimalThreats", "optimal_threats", "threat_outcome"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class OptimalThreats:
    """Nash's optimal threats on a piecewise-linear frontier.

    Attributes
    ----------
    agreement
        Whether some frontier point is better than the threat point for both.
    piece, index
        Where the solution lies: ``"edge"`` ``index`` (between vertices ``index`` and
        ``index + 1``) or ``"vertex"`` ``index``; ``"none"`` without agreement.
    slope, angle
        ``h`` (``inf`` for a vertical line) and ``theta = atan(h)`` of the zero-sum game.
    value
        The value of ``sin(theta) A - cos(theta) B``.
    point
        ``(2,)``: the predicted solution on the frontier (the threat point without agreement).
    threats
        The optimal threat pairs (the equilibria of the zero-sum game), with their payoffs
        under ``(A, B)``: each is a threat point.
    """

    agreement: bool
    piece: str
    index: int
    slope: float
    angle: float
    value: float
    point: Array
    threats: Equilibria


def _zero_sum(a: Array, b: Array, angle: float) -> Array:
    out: Array = math.sin(angle) * a - math.cos(angle) * b
    return out


def _level(angle: float, point: Array) -> float:
    return math.sin(angle) * float(point[0]) - math.cos(angle) * float(point[1])


def _threats(a: Array, b: Array, angle: float, algorithm: str) -> Equilibria:
    m = _zero_sum(a, b, angle)
    eq = nash_equilibria(m, -m, algorithm=algorithm)
    xs, ys = eq.row_strategies, eq.column_strategies
    payoffs = np.column_stack(
        [np.einsum("ki,ij,kj->k", xs, a, ys), np.einsum("ki,ij,kj->k", xs, b, ys)]
    )
    return dataclasses.replace(eq, payoffs=payoffs)


def optimal_threats(
    A: ArrayLike, B: ArrayLike, vertices: ArrayLike, *, algorithm: str = "auto"
) -> OptimalThreats:
    """Optimal threats of the game ``(A, B)`` against the frontier through `vertices`.

    Parameters
    ----------
    A, B
        ``(m, n)`` payoffs of the row and the column player if talks fail.
    vertices
        ``(K + 1, 2)`` vertices of the Pareto frontier of lotteries, from top-left to
        bottom-right (``x`` increasing, ``y`` decreasing), in the (row, column) utility plane.
    algorithm
        How the zero-sum game's optimal strategies are found, see
        :func:`bargain.equilibria.nash_equilibria`.
    """
    a, b = _matrices(A, B)
    v = np.asarray(vertices, dtype=np.float64)
    if v.ndim != 2 or v.shape[1] != 2 or v.shape[0] == 0:
        raise ScenarioError(f"must have shape (K + 1, 2), found {v.shape}", key="vertices")
    step = np.diff(v, axis=0)
    if np.any(step[:, 0] <= 0) or np.any(step[:, 1] >= 0):
        raise ScenarioError("must go right and down, vertex after vertex", key="vertices")
    angles = np.arctan2(-step[:, 1], step[:, 0])  # theta_k of each edge, increasing
    n_edges = angles.size
    tol = 1e-10 * max(1.0, float(np.abs(a).max()), float(np.abs(b).max()), float(np.abs(v).max()))
    values = [game_value(_zero_sum(a, b, float(t))) for t in angles]

    def done(piece: str, index: int, angle: float, point: Array, agreement: bool) -> OptimalThreats:
        threats = _threats(a, b, angle, algorithm)
        return OptimalThreats(
            agreement=agreement,
            piece=piece,
            index=index,
            slope=math.tan(angle) if angle < math.pi / 2 else math.inf,
            angle=angle,
            value=game_value(_zero_sum(a, b, angle)),
            point=point if agreement else threats.payoffs[0].copy(),
            threats=threats,
        )

    # No room for a deal: one side can guarantee itself more than its best frontier point.
    if game_value(b.T) > v[0, 1] + tol:
        return done("none", -1, 0.0, v[0], False)
    if game_value(a) > v[-1, 0] + tol:
        return done("none", -1, math.pi / 2, v[-1], False)
    for k, angle in enumerate(angles):
        left, right = _level(float(angle), v[k]), _level(float(angle), v[k + 1])
        if left - tol <= values[k] <= right + tol:
            t = min(max((values[k] - left) / (right - left), 0.0), 1.0)
            return done("edge", k, float(angle), v[k] + t * (v[k + 1] - v[k]), True)
    for k in range(n_edges + 1):
        lo = float(angles[k - 1]) if k > 0 else 0.0
        hi = float(angles[k]) if k < n_edges else math.pi / 2

        def gap(angle: float, k: int = k) -> float:
            return game_value(_zero_sum(a, b, angle)) - _level(angle, v[k])

        g_lo, g_hi = gap(lo), gap(hi)
        if g_lo >= -tol and g_hi <= tol:
            if abs(g_lo) <= tol:
                angle = lo
            elif abs(g_hi) <= tol:
                angle = hi
            else:
                angle = float(brentq(gap, lo, hi, xtol=1e-14, rtol=1e-14))
            return done("vertex", k, angle, v[k].copy(), True)
    raise BargainError(  # pragma: no cover - excluded by the argument in the module docstring
        "optimal threats: no consistent piece of the frontier (numerical trouble)"
    )


def threat_outcome(vertices: ArrayLike, d: ArrayLike) -> Array | None:
    """The Nash bargaining solution from `d` on the frontier through `vertices` (or None).

    The point of the chain maximising ``(u_1 - d_1)(u_2 - d_2)`` with both gains positive; used
    to check threats by enumeration.
    """
    from bargain.lottery import nash_on_chain

    v = np.asarray(vertices, dtype=np.float64)
    found = nash_on_chain(v, np.asarray(d, dtype=np.float64), np.ones(2))
    if found is None:
        return None
    edge, t = found
    if edge + 1 >= v.shape[0]:
        vertex: Array = v[edge].copy()
        return vertex
    out: Array = v[edge] + t * (v[edge + 1] - v[edge])
    return out
