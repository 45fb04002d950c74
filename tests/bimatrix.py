"""An exact support-enumeration oracle for bimatrix games, independent of nashpy and of bargain.

Payoffs are read as exact rationals (:class:`fractions.Fraction` of the floats); for every pair of
supports of equal size the indifference equations are solved by Gaussian elimination in exact
arithmetic, and a solution is kept when it is a probability vector positive on its support and
each player's support strategies are best responses. In a non-degenerate game this lists every
Nash equilibrium exactly (Nisan et al. 2007, algorithm 3.4).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction

Matrix = list[list[Fraction]]
Strategy = tuple[Fraction, ...]


def exact(m: Sequence[Sequence[float]]) -> Matrix:
    return [[Fraction(float(x)) for x in row] for row in m]


def solve_linear(a: Matrix, b: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of ``a z = b`` (square), or None when ``a`` is singular."""
    n = len(a)
    rows = [[*a[i], b[i]] for i in range(n)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if rows[r][col] != 0), None)
        if pivot is None:
            return None
        rows[col], rows[pivot] = rows[pivot], rows[col]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                f = rows[r][col] / rows[col][col]
                rows[r] = [x - f * y for x, y in zip(rows[r], rows[col], strict=True)]
    return [rows[i][n] / rows[i][i] for i in range(n)]


def indifferent(
    payoff: Matrix, own: tuple[int, ...], other: tuple[int, ...]
) -> tuple[list[Fraction], Fraction] | None:
    """The mix over `other` that makes every strategy in `own` earn the same, and that payoff.

    Unknowns: the probabilities on `other` and the common payoff ``v``;
    ``sum_j payoff[i][j] q_j - v = 0`` for ``i`` in `own`, and ``sum_j q_j = 1``.
    """
    a = [[*(payoff[i][j] for j in other), Fraction(-1)] for i in own]
    a.append([*(Fraction(1) for _ in other), Fraction(0)])
    b = [Fraction(0)] * len(own) + [Fraction(1)]
    z = solve_linear(a, b)
    if z is None:
        return None
    return z[:-1], z[-1]


def support_enumeration(
    a: Sequence[Sequence[float]], b: Sequence[Sequence[float]]
) -> set[tuple[Strategy, Strategy]]:
    """Every equilibrium ``(x, y)`` with supports of equal size, exactly."""
    pa, pb = exact(a), exact(b)
    m, n = len(pa), len(pa[0])
    bt = [[pb[i][j] for i in range(m)] for j in range(n)]  # the column player's, transposed
    found = set()
    for size in range(1, min(m, n) + 1):
        for rows in itertools.combinations(range(m), size):
            for cols in itertools.combinations(range(n), size):
                ys = indifferent(pa, rows, cols)  # y makes the rows indifferent
                xs = indifferent(bt, cols, rows)  # x makes the columns indifferent
                if ys is None or xs is None:
                    continue
                (yq, v), (xq, u) = ys, xs
                if min(yq) <= 0 or min(xq) <= 0:
                    continue
                x = [Fraction(0)] * m
                y = [Fraction(0)] * n
                for i, q in zip(rows, xq, strict=True):
                    x[i] = q
                for j, q in zip(cols, yq, strict=True):
                    y[j] = q
                row_pay = [sum(pa[i][j] * y[j] for j in range(n)) for i in range(m)]
                col_pay = [sum(x[i] * pb[i][j] for i in range(m)) for j in range(n)]
                if max(row_pay) <= v and max(col_pay) <= u:
                    found.add((tuple(x), tuple(y)))
    return found
