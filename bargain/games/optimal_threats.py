"""Nash's (1953) optimal threats on a piecewise-linear bargaining frontier.

Two players first commit to threats, mixed strategies ``x`` and ``y`` of the game ``(A, B)``;
the threat point ``d = (x A y, x B y)`` is then the disagreement point of the Nash bargaining
solution over the lotteries. On an edge of the frontier of slope ``-h`` the optimal threats are
the minimax strategies of the zero-sum game ``h A - B``; :func:`optimal_threats` finds the edge or
vertex of the hull chain (:mod:`bargain.frontier.hull`) where that is consistent. Why this is
right, and how the vertical end and steep edges are handled: docs/algorithms.md.

Arrays: ``A``, ``B`` are ``(m, n)``; ``vertices`` is ``(K + 1, 2)`` in the (row player,
column player) utility plane.

Examples
--------
>>> import math
>>> import numpy as np
>>> A = np.array([[0.0, 0.2], [0.1, 0.3]])
>>> B = np.array([[0.0, 0.1], [-0.2, 0.2]])
>>> frontier = np.array([[0.0, 1.0], [1.0, 0.0]])  # u_1 + u_2 = 1, h = 1
>>> ot = optimal_threats(A, B, frontier)
>>> ot.piece, round(ot.slope, 12), round(ot.value, 12)  # the value of (A - B) / sqrt(2)
('edge', 1.0, 0.070710678119)
>>> round(ot.value * math.sqrt(2), 12)  # A - B has the saddle point 0.1 (row 2, column 2)
0.1
>>> ot.point.round(12).tolist()  # ((1 + 0.1) / 2, (1 - 0.1) / 2)
[0.55, 0.45]
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bargain._optional import scipy_optimize
from bargain.errors import BargainError, ScenarioError
from bargain.frontier.hull import strict_chain
from bargain.games.equilibria import (
    Equilibria,
    check_matrices,
    expected_payoffs,
    game_value,
    nash_equilibria,
)
from bargain.solutions.lottery import nash_on_chain

__all__ = ["OptimalThreats", "optimal_threats", "threat_outcome"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class OptimalThreats:
    """Nash's optimal threats on a piecewise-linear frontier.

    Attributes
    ----------
    agreement
        Whether the solution is better than the threat point for both.
    piece, index
        Where the solution lies: ``"edge"`` ``index`` (between vertices ``index`` and
        ``index + 1``) or ``"vertex"`` ``index``; ``"none"`` without agreement.
    slope, angle
        ``h`` (``inf`` for a vertical line) and ``theta = atan(h)`` of the zero-sum game.
    value
        The value of ``sin(theta) A - cos(theta) B``: ``sin(theta) d_1 - cos(theta) d_2`` at every
        optimal threat point ``d``.
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


Direction = tuple[float, float]  # (sin(theta), cos(theta))


def _zero_sum(a: Array, b: Array, u: Direction) -> Array:
    out: Array = u[0] * a - u[1] * b
    return out


def _level(u: Direction, point: Array) -> float:
    return u[0] * float(point[0]) - u[1] * float(point[1])


def _threats(a: Array, b: Array, u: Direction, algorithm: str) -> Equilibria:
    m = _zero_sum(a, b, u)
    eq = nash_equilibria(m, -m, algorithm=algorithm)
    payoffs = expected_payoffs(a, b, eq.row_strategies, eq.column_strategies)
    return dataclasses.replace(eq, payoffs=payoffs)


def _checked_chain(v: Array) -> Array:
    """The chain's vertices, rounding ties dropped (:func:`bargain.frontier.hull.strict_chain`).

    Vertices out of order beyond rounding are an error.
    """
    if v.ndim != 2 or v.shape[1] != 2 or v.shape[0] == 0 or not np.all(np.isfinite(v)):
        raise ScenarioError(f"must be finite, of shape (K + 1, 2), found {v.shape}", key="vertices")
    slack = 1e-9 * max(1.0, float(np.abs(v).max()))
    step = np.diff(v, axis=0)
    if np.any(step[:, 0] < -slack) or np.any(step[:, 1] > slack):
        raise ScenarioError("must go right and down, vertex after vertex", key="vertices")
    kept: Array = v[strict_chain(v)]
    return kept


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
        :func:`bargain.games.equilibria.nash_equilibria`.
    """
    a, b = check_matrices(A, B)
    v = _checked_chain(np.asarray(vertices, dtype=np.float64))
    # Each player's unit is its own (the solution is invariant to positive affine maps of either
    # utility): search in units where the frontier spans [0, 1] on both axes, so that tolerances
    # mean the same on both.
    low = v.min(axis=0)
    span = np.ptp(v, axis=0)
    for j, payoffs in enumerate((a, b)):
        if span[j] <= 0:
            span[j] = float(np.ptp(payoffs)) or max(1.0, float(np.abs(payoffs).max()))
    piece, index, unit = _consistent_piece(
        (a - low[0]) / span[0], (b - low[1]) / span[1], (v - low) / span
    )
    # The same line in the original units: sin' x' - cos' y' with x' = (x - low_x) / span_x ...
    u = (float(unit[0] / span[0]), float(unit[1] / span[1]))
    norm = math.hypot(*u)
    direction = (u[0] / norm, u[1] / norm)
    threats = _threats(a, b, direction, algorithm)
    d = threats.payoffs[0]
    if piece == "edge":
        left, right = _level(direction, v[index]), _level(direction, v[index + 1])
        t = min(max((_level(direction, d) - left) / (right - left), 0.0), 1.0)
        point = v[index] + t * (v[index + 1] - v[index])
    else:
        point = v[index].copy()
    agreement = piece != "none" and bool(np.all(point - d > 0))
    return OptimalThreats(
        agreement=agreement,
        piece=piece if agreement else "none",
        index=index if agreement else -1,
        slope=direction[0] / direction[1] if direction[1] > 0 else math.inf,
        angle=math.atan2(*direction),
        value=_level(direction, d),
        point=point if agreement else d.copy(),
        threats=threats,
    )


def _consistent_piece(a: Array, b: Array, v: Array) -> tuple[str, int, Direction]:
    """The edge or vertex of the chain `v` where the optimal threats are consistent.

    Returns the piece (``"edge"``, ``"vertex"`` or ``"none"`` when one side can guarantee
    itself more than its best frontier point), its index and the direction ``(sin, cos)`` of the
    zero-sum game there; the argument is in docs/algorithms.md.
    """
    step = np.diff(v, axis=0)
    norm = np.hypot(step[:, 0], step[:, 1])
    # Each edge's direction exactly, from its own vector (angles lose steep edges' cosines).
    edges: list[Direction] = [
        (float(-dy / r), float(dx / r)) for (dx, dy), r in zip(step, norm, strict=True)
    ]
    n_edges = len(edges)
    scale = max(1.0, float(np.abs(a).max()), float(np.abs(b).max()), float(np.abs(v).max()))
    tol = 1e-8 * scale  # game values come from linear programs
    if game_value(b.T) > v[0, 1] + tol:
        return "none", 0, (0.0, 1.0)
    if game_value(a) > v[-1, 0] + tol:
        return "none", 0, (1.0, 0.0)
    for k, u in enumerate(edges):
        left, right = _level(u, v[k]), _level(u, v[k + 1])
        if left - tol <= game_value(_zero_sum(a, b, u)) <= right + tol:
            return "edge", k, u
    for k in range(n_edges + 1):
        lo, hi = edges[k - 1] if k > 0 else (0.0, 1.0), edges[k] if k < n_edges else (1.0, 0.0)

        def gap(u: Direction, k: int = k) -> float:
            return game_value(_zero_sum(a, b, u)) - _level(u, v[k])

        g_lo, g_hi = gap(lo), gap(hi)
        if g_lo >= -tol and g_hi <= tol:
            if abs(g_lo) <= tol:
                return "vertex", k, lo
            if abs(g_hi) <= tol:
                return "vertex", k, hi
            angle = scipy_optimize().brentq(  # rtol: scipy's default, 4 eps
                lambda t: gap((math.sin(t), math.cos(t))),
                math.atan2(*lo),
                math.atan2(*hi),
                xtol=1e-14,
            )
            return "vertex", k, (math.sin(angle), math.cos(angle))
    raise BargainError(  # pragma: no cover - excluded by the argument in docs/algorithms.md
        "optimal threats: no consistent piece of the frontier (numerical trouble)"
    )


def threat_outcome(vertices: ArrayLike, d: ArrayLike) -> Array | None:
    """The Nash bargaining solution from `d` on the frontier through `vertices` (or None).

    The point of the chain maximising ``(u_1 - d_1)(u_2 - d_2)`` with both gains positive; used
    to check threats by enumeration.
    """
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
