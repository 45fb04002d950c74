"""Nash equilibria of a bimatrix game, as a list you can question.

Free functions on plain arrays: ``A`` (the row player's payoffs) and ``B`` (the column
player's), both ``(m, n)``; a mixed strategy is a probability vector, ``x`` of shape ``(m,)`` for
the row player and ``y`` of shape ``(n,)`` for the column player. :func:`nash_equilibria` returns
an :class:`Equilibria` with a fixed vocabulary: how many equilibria, which algorithm, whether the
list is complete, whether the game is degenerate and whether it has infinitely many equilibria.
Nothing is a generator and nothing is said through warnings.

Algorithms (``algorithm=``)
---------------------------
``"vertex-enumeration"``
    The best-response polytopes ``P = {x >= 0 : B^T x <= 1}`` and ``Q = {y >= 0 : A y <= 1}``
    (payoffs shifted to be positive, which changes no equilibrium) are computed once each with
    nashpy's ``nashpy.polytope`` (qhull), each vertex is polished by solving its binding
    constraints, and every completely labelled vertex pair is an equilibrium (von Stengel 2002,
    Nisan et al. 2007, algorithm 3.5). This lists every *extreme* equilibrium, degenerate games
    included, and tells whether the game is degenerate (a vertex of ``P`` with more than ``m``
    labels or of ``Q`` with more than ``n``).
``"support-enumeration"``
    Every pair of supports of equal size, solving the indifference equations (Nisan et al. 2007,
    algorithm 3.4). Complete for non-degenerate games only.
``"lemke-howson"``
    The Lemke–Howson path from each of the ``m + n`` initial dropped labels, with lexicographic
    ratio tests, on floating-point tableaux that are normalised at each pivot. Finds at least
    one equilibrium, not necessarily all (``complete=False``), in polynomial time per path on
    typical games.
``"auto"``
    By size. Vertex enumeration when ``m + n <= ENUMERATION_LIMIT`` (20: up to 10 x 10 or 4 x 16
    strategies), every equilibrium. Beyond, every *pure* equilibrium (one pass over the
    payoffs) and then Lemke–Howson paths from the labels in order, within a budget of
    :data:`PIVOT_WORK` tableau entries updated in all. The list is then
    not complete (``complete=False``, and the threat point says other equilibria may exist); it
    is never empty: if the budget ends before any equilibrium is found, the path from the first
    label is followed to its end. (``"lemke-howson"`` follows every path to its end.)

Why these algorithms and not nashpy's own, with timings: docs/algorithms.md.

Every equilibrium returned is checked to be a pair of best responses (to a tolerance scaled to
each player's payoffs); equilibria are listed once each, pure before mixed, then by strategy index.

Examples
--------
>>> import numpy as np
>>> A = np.array([[3.0, 0.0], [5.0, 1.0]])  # prisoner's dilemma: cooperate, defect
>>> eq = nash_equilibria(A, A.T)
>>> len(eq), eq.algorithm, eq.complete, eq.degenerate
(1, 'vertex-enumeration', True, False)
>>> eq.row_strategies[0], eq.payoffs[0]
(array([0., 1.]), array([1., 1.]))
>>> pennies = np.array([[1.0, -1.0], [-1.0, 1.0]])
>>> nash_equilibria(pennies, -pennies).column_strategies
array([[0.5, 0.5]])
>>> game_value(pennies)
0.0
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bargain._optional import scipy_optimize
from bargain._registry import Choice, Registry
from bargain.errors import BargainError, ScenarioError

__all__ = [
    "ALGORITHMS",
    "ENUMERATION_LIMIT",
    "PIVOT_WORK",
    "Equilibria",
    "best_response_gaps",
    "check_matrices",
    "expected_payoffs",
    "game_value",
    "is_degenerate",
    "lemke_howson",
    "nash_equilibria",
    "payoff_tolerance",
    "pure_equilibria",
    "support_enumeration",
    "vertex_enumeration",
]

Array = NDArray[np.float64]
Pair = tuple[Array, Array]

#: ``"auto"`` enumerates vertices when the game has at most this many strategies in all.
ENUMERATION_LIMIT = 20
#: Beyond it, ``"auto"`` follows Lemke–Howson paths until this many tableau entries were updated.
PIVOT_WORK = 50_000_000
#: How the equilibria are found (see the module docstring).
ALGORITHMS: Registry[None] = Registry(
    "algorithm",
    [
        Choice(
            "auto",
            f"by size: every equilibrium up to {ENUMERATION_LIMIT} strategies, else pure ones and "
            "Lemke-Howson paths within a budget",
            None,
        ),
        Choice("vertex-enumeration", "every extreme equilibrium, degenerate games included", None),
        Choice("support-enumeration", "every equilibrium of a non-degenerate game", None),
        Choice("lemke-howson", "at least one equilibrium, in polynomial time per path", None),
    ],
)

_ZERO = 1e-12  # probabilities below this are rounded to 0


@dataclass(frozen=True, slots=True, eq=False)
class Equilibria:
    """The Nash equilibria found in a bimatrix game.

    Attributes
    ----------
    row_strategies, column_strategies
        ``(k, m)`` and ``(k, n)``: equilibrium ``e`` is ``(row_strategies[e],
        column_strategies[e])``.
    payoffs
        ``(k, 2)``: the row and the column player's expected payoff in each equilibrium.
    algorithm
        The algorithm used (``"auto"`` resolved).
    complete
        Whether the list is known to hold every equilibrium (every extreme equilibrium of a
        degenerate game): true for vertex enumeration, for support enumeration of a
        non-degenerate game, false for Lemke–Howson.
    degenerate
        Whether some mixed strategy with ``k`` strategies in its support has more than ``k``
        pure best responses; ``None`` when not checked (games above :data:`ENUMERATION_LIMIT`
        solved by Lemke–Howson).
    continuum
        Whether the game has infinitely many equilibria: two listed extreme equilibria are
        interchangeable, so every mix between them is an equilibrium too. ``None`` when the list
        is not complete.
    """

    row_strategies: Array
    column_strategies: Array
    payoffs: Array
    algorithm: str
    complete: bool
    degenerate: bool | None
    continuum: bool | None

    def __len__(self) -> int:
        return int(self.payoffs.shape[0])

    def pairs(self) -> list[Pair]:
        """The equilibria as a list of ``(x, y)`` pairs."""
        return list(zip(self.row_strategies, self.column_strategies, strict=True))

    def is_pure(self, e: int) -> bool:
        """Whether equilibrium `e` is in pure strategies."""
        return bool(
            np.count_nonzero(self.row_strategies[e]) == 1
            and np.count_nonzero(self.column_strategies[e]) == 1
        )


# ---------------------------------------------------------------------------------- checks
def check_matrices(A: ArrayLike, B: ArrayLike) -> tuple[Array, Array]:
    """``(A, B)`` as float arrays if they are finite, non-empty and of one shape ``(m, n)``."""
    a = np.asarray(A, dtype=np.float64)
    b = np.asarray(B, dtype=np.float64)
    if a.ndim != 2 or a.shape != b.shape or 0 in a.shape:
        raise ScenarioError(
            f"must be two non-empty payoff matrices of one shape (m, n), found shapes "
            f"{a.shape} and {b.shape}",
            key="payoffs",
        )
    if not (np.all(np.isfinite(a)) and np.all(np.isfinite(b))):
        raise ScenarioError("must be finite numbers", key="payoffs")
    return a, b


def _unit(A: Array, B: Array) -> tuple[Array, Array]:
    """Each player's payoffs divided by a power of two, the largest below 1 (exact).

    A positive rescaling of a player's payoffs moves no equilibrium; it keeps every sum of
    payoffs (best-response gaps, expected payoffs) finite, even for payoffs of +-1e308.
    """
    out = []
    for M in (A, B):
        top = float(np.abs(M).max())
        out.append(np.ldexp(M, -math.frexp(top)[1]) if top > 0 else M)
    return out[0], out[1]


def payoff_tolerance(A: Array, B: Array) -> Array:
    """``(2,)``: each player's rounding tolerance, relative to the size of its own payoffs."""
    return 1e-9 * np.array([float(np.abs(A).max()), float(np.abs(B).max())])


def _positive(M: Array) -> Array:
    """`M` mapped onto ``[1, 2]`` by a positive affine map (equilibria do not move).

    Positive entries keep the best-response polytopes bounded; a unit range keeps them well
    conditioned whatever the scale of the payoffs.
    """
    low = float(M.min())
    span = float(M.max()) / 2 - low / 2  # halves: payoffs of +-1e308 span more than a float
    out: Array = 1.0 + (M / 2 - low / 2) / span if span > 0 else np.ones_like(M)
    return out


def best_response_gaps(A: ArrayLike, B: ArrayLike, x: ArrayLike, y: ArrayLike) -> Array:
    """How much each player could gain by deviating from ``(x, y)``: ``(2,)``, each >= 0.

    Both are 0 (up to rounding) exactly at a Nash equilibrium.
    """
    a, b = check_matrices(A, B)
    xv, yv = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    row = float((a @ yv).max() - xv @ a @ yv)
    column = float((xv @ b).max() - xv @ b @ yv)
    return np.array([max(row, 0.0), max(column, 0.0)])


def expected_payoffs(A: Array, B: Array, xs: Array, ys: Array) -> Array:
    """``(k, 2)``: both players' expected payoffs for each of `k` strategy pairs ``(xs, ys)``."""
    out: Array = np.column_stack(
        [np.einsum("ki,ij,kj->k", xs, A, ys), np.einsum("ki,ij,kj->k", xs, B, ys)]
    )
    return out


def _is_equilibrium(A: Array, B: Array, x: Array, y: Array, tol: Array) -> bool:
    if np.any(x < -1e-9) or np.any(y < -1e-9):
        return False
    if abs(x.sum() - 1) > 1e-9 or abs(y.sum() - 1) > 1e-9:
        return False
    return bool(np.all(best_response_gaps(A, B, x, y) <= tol))


def _clean(v: Array) -> Array:
    out = np.where(v > _ZERO, v, 0.0)
    total = out.sum()
    return out / total if total > 0 else out


def _canonical(A: Array, B: Array, pairs: list[Pair]) -> list[Pair]:
    """Clean, verify, deduplicate and order equilibria (pure first, then by index)."""
    tol = payoff_tolerance(A, B)
    kept: list[Pair] = []
    for x0, y0 in pairs:
        x, y = _clean(np.asarray(x0, dtype=np.float64)), _clean(np.asarray(y0, dtype=np.float64))
        if not _is_equilibrium(A, B, x, y, tol):
            continue
        if any(np.allclose(x, u, atol=1e-8) and np.allclose(y, v, atol=1e-8) for u, v in kept):
            continue
        kept.append((x, y))

    def key(pair: Pair) -> tuple[object, ...]:
        x, y = pair
        size = int(np.count_nonzero(x) + np.count_nonzero(y))
        return (size, tuple(np.round(-x, 9)), tuple(np.round(-y, 9)))

    return sorted(kept, key=key)


# ---------------------------------------------------------------------------------- vertices
@dataclass(frozen=True, slots=True, eq=False)
class _Polytope:
    vertices: Array  # (k, d), the origin excluded
    labels: NDArray[np.bool_]  # (k, m + n), global labels


def _polytope(M: Array, label_of: NDArray[np.intp], n_labels: int) -> _Polytope:
    """Vertices of ``{z >= 0 : M z <= 1}`` (``M > 0``) with their labels.

    `label_of` maps each halfspace (``M``'s rows, then ``z >= 0``) to a global label.
    """
    from nashpy.polytope import build_halfspaces, non_trivial_vertices  # imports scipy: on use

    halfspaces = build_halfspaces(M)
    normal, rhs = halfspaces[:, :-1], -halfspaces[:, -1]
    found = []
    for v, _ in non_trivial_vertices(halfspaces):
        vertex = np.asarray(v, dtype=np.float64)
        binding = rhs - normal @ vertex <= 1e-7
        if binding.sum() >= vertex.size:
            polished, *_ = np.linalg.lstsq(normal[binding], rhs[binding], rcond=None)
            if np.all(normal @ polished <= rhs + 1e-9) and np.allclose(
                normal[binding] @ polished, rhs[binding], atol=1e-9
            ):
                vertex = polished
        found.append(vertex)
    if not found:
        return _Polytope(np.zeros((0, M.shape[1])), np.zeros((0, n_labels), dtype=bool))
    vertices: Array = np.unique(np.round(np.vstack(found), 12), axis=0).astype(np.float64)
    tight = np.abs(vertices @ normal.T - rhs) <= 1e-9
    labels = np.zeros((vertices.shape[0], n_labels), dtype=bool)
    for h in range(normal.shape[0]):
        labels[:, label_of[h]] |= tight[:, h]
    return _Polytope(vertices, labels)


def _polytopes(A: Array, B: Array) -> tuple[_Polytope, _Polytope]:
    m, n = A.shape
    # P (row strategies x): B^T x <= 1 gives labels m + j, x_i >= 0 gives label i.
    p = _polytope(
        _positive(B).T, np.concatenate([m + np.arange(n), np.arange(m)]).astype(np.intp), m + n
    )
    # Q (column strategies y): A y <= 1 gives labels i, y_j >= 0 gives label m + j.
    q = _polytope(_positive(A), np.arange(m + n, dtype=np.intp), m + n)
    return p, q


def _degenerate(p: _Polytope, q: _Polytope, m: int, n: int) -> bool:
    return bool(np.any(p.labels.sum(axis=1) > m) or np.any(q.labels.sum(axis=1) > n))


def is_degenerate(A: ArrayLike, B: ArrayLike) -> bool:
    """Whether some mixed strategy with support size ``k`` has more than ``k`` best responses.

    Examples
    --------
    >>> is_degenerate([[1.0, 1.0], [0.0, 2.0]], [[1.0, 1.0], [2.0, 0.0]])
    True
    >>> is_degenerate([[2.0, 0.0], [0.0, 1.0]], [[1.0, 0.0], [0.0, 2.0]])
    False
    """
    a, b = check_matrices(A, B)
    if min(a.shape) == 1:
        return _one_strategy(a, b)[1]
    p, q = _polytopes(a, b)
    return _degenerate(p, q, *a.shape)


def _one_strategy(A: Array, B: Array) -> tuple[list[Pair], bool]:
    """Games where a player has one strategy: the other's pure best responses to it."""
    m, n = A.shape
    tol = payoff_tolerance(A, B)
    if m == 1:
        best = np.flatnonzero(B[0] >= B[0].max() - tol[1])
        pairs = [(np.ones(1), np.eye(n)[j]) for j in best]
    else:
        best = np.flatnonzero(A[:, 0] >= A[:, 0].max() - tol[0])
        pairs = [(np.eye(m)[i], np.ones(1)) for i in best]
    return pairs, len(pairs) > 1


def vertex_enumeration(A: ArrayLike, B: ArrayLike) -> tuple[list[Pair], bool]:
    """Every extreme equilibrium, and whether the game is degenerate.

    Equilibria are the completely labelled vertex pairs of the two best-response polytopes.
    """
    a, b = _unit(*check_matrices(A, B))
    m, n = a.shape
    if min(m, n) == 1:  # qhull needs two dimensions; one player has nothing to choose
        return _one_strategy(a, b)
    p, q = _polytopes(a, b)
    degenerate = _degenerate(p, q, m, n)
    # Both origins are left out: together they are the artificial, completely labelled pair.
    missing_p = (~p.labels).astype(np.int32)
    missing_q = (~q.labels).astype(np.int32)
    pairs: list[Pair] = []
    chunk = max(1, 4_000_000 // max(1, q.labels.shape[0]))
    for start in range(0, missing_p.shape[0], chunk):
        both_missing = missing_p[start : start + chunk] @ missing_q.T
        for i, j in zip(*np.nonzero(both_missing == 0), strict=True):
            x = p.vertices[start + i]
            y = q.vertices[j]
            pairs.append((x / x.sum(), y / y.sum()))
    return pairs, degenerate


# ---------------------------------------------------------------------------------- supports
def _indifferent(M: Array, rows: tuple[int, ...], columns: tuple[int, ...]) -> Array | None:
    """The mix over `columns` making every row in `rows` equally good under `M`, or None."""
    k = len(rows)
    system = np.zeros((k + 1, k + 1))
    system[:k, :k] = M[np.ix_(rows, columns)]
    system[:k, k] = -1.0
    system[k, :k] = 1.0
    rhs = np.zeros(k + 1)
    rhs[k] = 1.0
    try:
        solution = np.linalg.solve(system, rhs)
    except np.linalg.LinAlgError:
        return None
    if not np.all(np.isfinite(solution)):
        return None
    out: Array = solution[:k].astype(np.float64)
    return out


def support_enumeration(A: ArrayLike, B: ArrayLike) -> list[Pair]:
    """Equilibria from every pair of supports of equal size (complete if non-degenerate)."""
    a, b = _unit(*check_matrices(A, B))
    m, n = a.shape
    tol = payoff_tolerance(a, b)
    pairs: list[Pair] = []
    for k in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), k):
            for columns in itertools.combinations(range(n), k):
                yj = _indifferent(a, rows, columns)
                if yj is None or np.any(yj <= _ZERO):
                    continue
                xi = _indifferent(b.T, columns, rows)
                if xi is None or np.any(xi <= _ZERO):
                    continue
                x, y = np.zeros(m), np.zeros(n)
                x[list(rows)], y[list(columns)] = xi, yj
                if _is_equilibrium(a, b, x, y, tol):
                    pairs.append((x, y))
    return pairs


# ---------------------------------------------------------------------------------- Lemke–Howson
def _pivot(tableau: Array, basis: list[int], entering: int, slack: list[int]) -> int:
    """Pivot `entering` into the basis by the lexicographic ratio test; return who leaves."""
    column = tableau[:, entering]
    candidates = np.flatnonzero(column > 1e-12)
    if candidates.size == 0:  # pragma: no cover - the polytopes are bounded
        raise BargainError("Lemke–Howson: unbounded ray (payoffs must be positive)")
    cols = np.array([tableau.shape[1] - 1, *slack], dtype=np.intp)
    keys = tableau[np.ix_(candidates, cols)] / column[candidates, None]
    for c in range(keys.shape[1]):
        if candidates.size == 1:
            break
        best = keys[:, c].min()
        keep = keys[:, c] <= best + 1e-11 * max(1.0, abs(best))
        candidates, keys = candidates[keep], keys[keep]
    row = int(candidates[0])
    tableau[row] /= tableau[row, entering]
    others = np.arange(tableau.shape[0]) != row
    tableau[others] -= np.outer(tableau[others, entering], tableau[row])
    leaving = basis[row]
    basis[row] = entering
    return leaving


def lemke_howson(
    A: ArrayLike, B: ArrayLike, initial_dropped_label: int = 0, *, max_pivots: int = 100_000
) -> Pair | None:
    """The equilibrium at the end of the Lemke–Howson path that drops `initial_dropped_label`.

    Labels ``0 .. m-1`` are the row player's strategies, ``m .. m+n-1`` the column player's.
    Returns ``None`` if the path is longer than `max_pivots` or ends, through rounding, on a
    pair that is not an equilibrium.
    """
    a, b = _unit(*check_matrices(A, B))
    m, n = a.shape
    if not 0 <= initial_dropped_label < m + n:
        raise ScenarioError(
            f"must be in 0..{m + n - 1}, found {initial_dropped_label}", key="initial_dropped_label"
        )
    return _lemke_howson_path(a, b, initial_dropped_label, max_pivots)[0]


def _lemke_howson_path(a: Array, b: Array, label: int, max_pivots: int) -> tuple[Pair | None, int]:
    """The path's equilibrium (or None) and the number of pivots it took."""
    m, n = a.shape
    # Variable index == label in both tableaux. P: B^T x + s = 1 (x: 0..m-1, s: m..m+n-1).
    # Q: r + A y = 1 (r: 0..m-1, y: m..m+n-1).
    tp = np.hstack([_positive(b).T, np.eye(n), np.ones((n, 1))])
    tq = np.hstack([np.eye(m), _positive(a), np.ones((m, 1))])
    basis_p = list(range(m, m + n))
    basis_q = list(range(m))
    slack_p, slack_q = list(range(m, m + n)), list(range(m))
    in_p = label < m
    entering = label
    pivots = 0
    while pivots < max_pivots:
        pivots += 1
        if in_p:
            leaving = _pivot(tp, basis_p, entering, slack_p)
        else:
            leaving = _pivot(tq, basis_q, entering, slack_q)
        if leaving == label:
            break
        entering, in_p = leaving, not in_p
    else:
        return None, pivots
    x, y = np.zeros(m), np.zeros(n)
    for row, var in enumerate(basis_p):
        if var < m:
            x[var] = tp[row, -1]
    for row, var in enumerate(basis_q):
        if var >= m:
            y[var - m] = tq[row, -1]
    if x.sum() <= 0 or y.sum() <= 0:  # pragma: no cover - defensive
        return None, pivots
    x, y = _clean(x / x.sum()), _clean(y / y.sum())
    ok = _is_equilibrium(a, b, x, y, payoff_tolerance(a, b))
    return ((x, y) if ok else None), pivots


def pure_equilibria(A: ArrayLike, B: ArrayLike) -> list[Pair]:
    """Every equilibrium in pure strategies, in one pass over the payoffs.

    Examples
    --------
    >>> A = np.array([[3.0, 0.0], [5.0, 1.0]])  # prisoner's dilemma
    >>> [(x.tolist(), y.tolist()) for x, y in pure_equilibria(A, A.T)]
    [([0.0, 1.0], [0.0, 1.0])]
    """
    a, b = _unit(*check_matrices(A, B))
    m, n = a.shape
    tol = payoff_tolerance(a, b)
    row_best = a >= a.max(axis=0, keepdims=True) - tol[0]
    column_best = b >= b.max(axis=1, keepdims=True) - tol[1]
    rows, columns = np.nonzero(row_best & column_best)
    return [
        (np.eye(m)[i], np.eye(n)[j]) for i, j in zip(rows.tolist(), columns.tolist(), strict=True)
    ]


def _budgeted(a: Array, b: Array) -> list[Pair]:
    """``"auto"`` beyond the enumeration limit: pure equilibria, then paths within the budget."""
    m, n = a.shape
    found = pure_equilibria(a, b)
    per_pivot = (m + n + 1) * max(m, n)  # entries of the tableau updated by one pivot
    left = PIVOT_WORK // per_pivot
    for label in range(m + n):
        if left <= 0:
            break
        pair, pivots = _lemke_howson_path(a, b, label, left)
        left -= pivots
        if pair is not None:
            found.append(pair)
    if not found:  # the budget ran out first: one path to its end (every path has an end)
        pair, _ = _lemke_howson_path(a, b, 0, 10**9)
        if pair is not None:
            found.append(pair)
    return found


# ---------------------------------------------------------------------------------- driver
def _continuum(A: Array, B: Array, pairs: list[Pair]) -> bool:
    tol = payoff_tolerance(A, B)
    for (x1, _), (_, y2) in itertools.permutations(pairs, 2):
        if _is_equilibrium(A, B, x1, y2, tol):
            return True
    return False


def nash_equilibria(A: ArrayLike, B: ArrayLike, *, algorithm: str = "auto") -> Equilibria:
    """All Nash equilibria of the bimatrix game ``(A, B)`` (see the module for `algorithm`).

    Raises
    ------
    ScenarioError
        For matrices of different shapes, non-finite payoffs or an unknown algorithm.
    """
    original = check_matrices(A, B)
    a, b = _unit(*original)  # no overflow in any sum of payoffs, equilibria unchanged
    m, n = a.shape
    ALGORITHMS.lookup(algorithm)
    degenerate: bool | None
    if algorithm == "auto" and m + n > ENUMERATION_LIMIT:
        found, degenerate, complete = _budgeted(a, b), None, False
        algorithm = "lemke-howson"
    elif algorithm in ("auto", "vertex-enumeration"):
        found, degenerate = vertex_enumeration(a, b)
        complete, algorithm = True, "vertex-enumeration"
    elif algorithm == "support-enumeration":
        found = support_enumeration(a, b)
        degenerate = is_degenerate(a, b) if m + n <= ENUMERATION_LIMIT else None
        complete = degenerate is False
    else:
        found = [e for k in range(m + n) if (e := lemke_howson(a, b, k)) is not None]
        degenerate, complete = None, False
    pairs = _canonical(a, b, found)
    if not pairs:  # pragma: no cover - every game has an equilibrium
        raise BargainError(f"{algorithm} found no equilibrium (numerical trouble)")
    continuum = _continuum(a, b, pairs) if complete else None
    xs = np.vstack([x for x, _ in pairs])
    ys = np.vstack([y for _, y in pairs])
    return Equilibria(
        row_strategies=xs,
        column_strategies=ys,
        payoffs=expected_payoffs(*original, xs, ys),
        algorithm=algorithm,
        complete=complete,
        degenerate=degenerate,
        continuum=continuum,
    )


# ---------------------------------------------------------------------------------- zero-sum
def _maximin(M: Array) -> tuple[float, Array]:
    """Maximise over x the minimum over columns of ``x @ M``, by linear programming (HiGHS)."""
    m, n = M.shape
    c = np.zeros(m + 1)
    c[-1] = -1.0
    a_ub = np.hstack([-M.T, np.ones((n, 1))])
    a_eq = np.hstack([np.ones((1, m)), np.zeros((1, 1))])
    res = scipy_optimize().linprog(
        c,
        A_ub=a_ub,
        b_ub=np.zeros(n),
        A_eq=a_eq,
        b_eq=[1.0],
        bounds=[(0.0, None)] * m + [(None, None)],
        method="highs",
        options={"primal_feasibility_tolerance": 1e-10, "dual_feasibility_tolerance": 1e-10},
    )
    if res.status != 0:  # pragma: no cover - always feasible and bounded
        raise BargainError(f"zero-sum game: linear program failed ({res.message})")
    x = _clean(np.asarray(res.x[:m], dtype=np.float64))
    return float(res.x[-1]), x


def game_value(M: ArrayLike) -> float:
    """The value of the zero-sum game in which the row player gets ``M`` and maximises.

    Also each player's security level: ``game_value(A)`` for the row player,
    ``game_value(B.T)`` for the column player.
    """
    matrix = np.asarray(M, dtype=np.float64)
    scale = float(np.abs(matrix).max()) if matrix.size else 0.0
    if scale == 0.0:
        return 0.0
    value = _maximin(matrix / scale)[0]  # the solver's tolerances are absolute
    return 0.0 if math.isclose(value, 0.0, abs_tol=1e-12) else value * scale
