"""Which equilibrium sets the disagreement point: each step of the rule, and its invariance."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bargain.games.equilibria import nash_equilibria
from bargain.games.selection import risk_product, security_levels, select_equilibrium


def choose(a: list[list[float]], b: list[list[float]]) -> tuple[str, list[float], tuple[int, ...]]:
    A, B = np.array(a, dtype=float), np.array(b, dtype=float)
    eq = nash_equilibria(A, B)
    choice = select_equilibrium(A, B, eq)
    return choice.rule, eq.payoffs[choice.index].tolist(), choice.ties


def test_unique() -> None:
    assert choose([[3, 0], [5, 1]], [[3, 5], [0, 1]]) == ("unique", [1.0, 1.0], ())


def test_payoff_dominance_stag_hunt() -> None:
    # (stag, stag) pays (4, 4) and is chosen although (hare, hare) is safer.
    assert choose([[4, 0], [3, 3]], [[4, 3], [0, 3]])[:2] == ("payoff-dominance", [4.0, 4.0])


def test_risk_dominance() -> None:
    # (0, 0) pays (4, 2), (1, 1) pays (2, 3): no payoff dominance; deviation losses 3 * 2 > 2 * 2.
    a, b = [[4, 0], [1, 2]], [[2, 0], [1, 3]]
    assert risk_product(a, b, (0, 0), (1, 1)) == 6.0
    assert risk_product(a, b, (1, 1), (0, 0)) == 4.0
    assert choose(a, b)[:2] == ("risk-dominance", [4.0, 2.0])


def test_strictness() -> None:
    # Degenerate: (top, left) is strict; a segment of weak equilibria pays the row player more.
    a = [[2, 0], [1, 3], [1, 3]]
    b = [[2, 0], [0, 1], [0, 1]]
    rule, payoff, _ = choose(a, b)
    assert rule == "strictness" and payoff == [2.0, 2.0]


def test_battle_of_the_sexes_ties_are_reported() -> None:
    rule, payoff, ties = choose([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    assert rule == "security-nash-product" and payoff == [2.0, 1.0] and ties == (1,)
    np.testing.assert_allclose(security_levels([[2, 0], [0, 1]], [[1, 0], [0, 2]]), [2 / 3, 2 / 3])


def test_chicken_picks_the_symmetric_mixed_equilibrium() -> None:
    # Each pure equilibrium leaves the one who swerves at its security level (-1): a zero gain.
    # The mixed one (straight with probability 1/10) pays both -0.1, a gain of 0.9 each.
    a = [[0, -1], [1, -10]]
    rule, payoff, ties = choose(a, np.array(a).T.tolist())
    assert rule == "security-nash-product" and ties == ()
    np.testing.assert_allclose(payoff, [-0.1, -0.1])


small_games = st.tuples(st.integers(1, 3), st.integers(1, 3)).flatmap(
    lambda shape: st.tuples(
        *[arrays(np.float64, shape, elements=st.integers(-3, 3).map(float)) for _ in range(2)]
    )
)


@given(
    small_games,
    st.sampled_from([0.5, 2.0, 3.0]),
    st.sampled_from([-1.0, 0.0, 4.0]),
    st.sampled_from([0.25, 1.0, 5.0]),
    st.sampled_from([-2.0, 0.5]),
)
def test_choice_is_invariant_under_affine_rescaling(
    game: tuple[np.ndarray, np.ndarray], sa: float, ta: float, sb: float, tb: float
) -> None:
    a, b = game
    eq = nash_equilibria(a, b)
    again = nash_equilibria(sa * a + ta, sb * b + tb)
    np.testing.assert_allclose(eq.row_strategies, again.row_strategies, atol=1e-9)
    np.testing.assert_allclose(eq.column_strategies, again.column_strategies, atol=1e-9)
    first = select_equilibrium(a, b, eq)
    second = select_equilibrium(sa * a + ta, sb * b + tb, again)
    assert (first.index, first.rule, first.ties) == (second.index, second.rule, second.ties)


@given(small_games)
def test_chosen_is_never_payoff_dominated_by_another(game: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = game
    eq = nash_equilibria(a, b)
    choice = select_equilibrium(a, b, eq)
    if choice.rule in ("unique", "payoff-dominance", "security-nash-product"):
        chosen = eq.payoffs[choice.index]
        assert not any(
            np.all(eq.payoffs[e] >= chosen) and np.any(eq.payoffs[e] > chosen + 1e-9)
            for e in range(len(eq))
        )


@pytest.mark.parametrize("swap", [False, True])
def test_swapping_the_players_swaps_the_choice(swap: bool) -> None:
    a, b = np.array([[4.0, 0.0], [1.0, 2.0]]), np.array([[2.0, 0.0], [1.0, 3.0]])
    if swap:
        a, b = b.T, a.T
    eq = nash_equilibria(a, b)
    payoff = sorted(eq.payoffs[select_equilibrium(a, b, eq).index].tolist())
    assert payoff == [2.0, 4.0]
