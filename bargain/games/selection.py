"""Which equilibrium of the threat game sets the disagreement point.

A breakdown game often has several equilibria, and the disagreement point, hence the deal,
depends on which one is played. :func:`select_equilibrium` applies these criteria in order and
stops at the first that singles out one equilibrium (the *rule* it reports):

1. ``"unique"``: the game has one equilibrium.
2. ``"payoff-dominance"``: one equilibrium gives *both* players at least as much as every other
   (Harsanyi and Selten 1988, the first criterion of their theory of equilibrium selection).
   When talks have failed, neither side has any reason to expect the other to aim for a worse
   equilibrium for both.
3. ``"strictness"`` / ``"risk-dominance"``: among the *strict* pure equilibria (every deviation
   strictly loses), the only one, or the one that risk-dominates each of the others (Harsanyi
   and Selten 1988): in the 2 x 2 game restricted to the two equilibria's strategies, the one
   with the larger product of the two players' losses from deviating to the other's strategy.
   A side that is unsure what the other will do after a breakdown plays the strategy that is
   safer against that uncertainty; mixed and weak equilibria are not stable under such doubt,
   and in 2 x 2 games with two strict equilibria Harsanyi and Selten never select the mixed one.
4. ``"security-nash-product"``: the equilibrium with the largest product of the two players'
   gains over their security levels (what each can guarantee itself, the maximin value): the
   Nash bargaining solution applied to the choice among the equilibria, which is where the
   sides would end up if they could only agree on how to fail. In chicken it picks the mixed
   equilibrium: each pure one leaves the side that swerves at its security level.
5. Remaining ties (for example the two pure equilibria of the battle of the sexes, which are
   mirror images) are broken by the order of the list (pure before mixed, then by strategy
   index) and reported in ``ties``: the user should pick one by index if it matters.

Every criterion depends only on each player's payoff differences, so the choice does not change
when a player's payoffs are rescaled or shifted (a positive affine transformation), the same
invariance as the Nash bargaining solution itself.

Examples
--------
>>> import numpy as np
>>> from bargain.games.equilibria import nash_equilibria
>>> A = np.array([[4.0, 0.0], [3.0, 2.0]])  # stag hunt: (stag, stag) is payoff-dominant
>>> eq = nash_equilibria(A, A.T)
>>> select_equilibrium(A, A.T, eq).rule
'payoff-dominance'
>>> A, B = np.array([[4.0, 0.0], [1.0, 2.0]]), np.array([[2.0, 0.0], [1.0, 3.0]])
>>> eq = nash_equilibria(A, B)  # (0, 0) pays (4, 2), (1, 1) pays (2, 3): no payoff dominance
>>> choice = select_equilibrium(A, B, eq)
>>> choice.rule, eq.payoffs[choice.index].tolist()  # losses from deviating: 3 * 2 > 2 * 2
('risk-dominance', [4.0, 2.0])
>>> bos_a, bos_b = np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 2.0]])
>>> choice = select_equilibrium(bos_a, bos_b, nash_equilibria(bos_a, bos_b))
>>> choice.rule, choice.index, choice.ties
('security-nash-product', 0, (1,))
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bargain.games.equilibria import Equilibria, game_value, payoff_tolerance

__all__ = ["Selection", "risk_product", "security_levels", "select_equilibrium"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Selection:
    """The chosen equilibrium: its index, the rule that chose it and the equally good others."""

    index: int
    rule: str
    ties: tuple[int, ...] = ()


def security_levels(A: ArrayLike, B: ArrayLike) -> Array:
    """``(2,)``: what the row and the column player can each guarantee (maximin values)."""
    a, b = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    return np.array([game_value(a), game_value(b.T)])


def _pure(eq: Equilibria, e: int) -> tuple[int, int] | None:
    if not eq.is_pure(e):
        return None
    return int(np.argmax(eq.row_strategies[e])), int(np.argmax(eq.column_strategies[e]))


def _strict(A: Array, B: Array, cell: tuple[int, int], tol: Array) -> bool:
    i, j = cell
    others_i = np.delete(A[:, j], i)
    others_j = np.delete(B[i, :], j)
    return bool(np.all(A[i, j] - others_i > tol[0]) and np.all(B[i, j] - others_j > tol[1]))


def risk_product(
    A: ArrayLike, B: ArrayLike, first: tuple[int, int], other: tuple[int, int]
) -> float:
    """Product of both players' losses from deviating from `first` to their `other` strategy.

    `first` risk-dominates `other` when its product is the larger (Harsanyi and Selten 1988).
    """
    a, b = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    (i, j), (i_other, j_other) = first, other
    return float((a[i, j] - a[i_other, j]) * (b[i, j] - b[i, j_other]))


def _best(scores: Array, candidates: list[int], tol: float) -> list[int]:
    top = max(float(scores[c]) for c in candidates)
    return [c for c in candidates if float(scores[c]) >= top - tol]


def select_equilibrium(A: ArrayLike, B: ArrayLike, eq: Equilibria) -> Selection:
    """Choose one of `eq`'s equilibria by the rule of this module's docstring."""
    a, b = np.asarray(A, dtype=np.float64), np.asarray(B, dtype=np.float64)
    k = len(eq)
    if k == 1:
        return Selection(0, "unique")
    tol = payoff_tolerance(a, b)
    pay = eq.payoffs
    everyone = list(range(k))
    dominant = [e for e in everyone if np.all(pay[e] >= pay - tol)]  # for both, vs every other
    if dominant:
        return Selection(dominant[0], "payoff-dominance", tuple(dominant[1:]))
    cells = {e: c for e in everyone if (c := _pure(eq, e)) is not None and _strict(a, b, c, tol)}
    if len(cells) == 1:
        return Selection(next(iter(cells)), "strictness")
    if len(cells) > 1:
        winners = [
            e
            for e in cells
            if all(
                risk_product(a, b, cells[e], cells[f])
                > risk_product(a, b, cells[f], cells[e]) + tol[0] * tol[1]
                for f in cells
                if f != e
            )
        ]
        if winners:  # at most one equilibrium can beat every other
            return Selection(winners[0], "risk-dominance")
    gains = pay - security_levels(a, b)
    gains[gains < 100 * tol] = 0.0  # at the security level, up to the linear programs' rounding
    products = gains[:, 0] * gains[:, 1]
    best = _best(products, everyone, 1e-9 * float(products.max()))
    return Selection(best[0], "security-nash-product", tuple(best[1:]))
