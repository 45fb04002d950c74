"""Equilibria against an exact support-enumeration oracle written here (tests/bimatrix.py).

The threat-game tests compare bargain with nashpy, and bargain's vertex enumeration uses
nashpy's polytopes: an exact oracle that shares no code with either keeps "agrees with nashpy"
from being the code compared with itself.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bargain.games.equilibria import nash_equilibria
from tests.bimatrix import support_enumeration

games = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: st.tuples(
        *[
            arrays(np.float64, shape, elements=st.floats(-1, 1, allow_nan=False, width=32))
            for _ in range(2)
        ]
    )
)


def rounded(pairs: object) -> set[tuple[float, ...]]:
    return {
        tuple(round(float(v), 9) + 0.0 for v in (*x, *y))
        for x, y in pairs  # type: ignore[attr-defined]
    }


def test_oracle_on_classic_games() -> None:
    sexes = support_enumeration([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    third = (Fraction(2, 3), Fraction(1, 3))
    assert sexes == {((1, 0), (1, 0)), ((0, 1), (0, 1)), (third, third[::-1])}
    pennies = support_enumeration([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    half = (Fraction(1, 2), Fraction(1, 2))
    assert pennies == {(half, half)}
    prisoners = support_enumeration([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    assert prisoners == {((0, 1), (0, 1))}


@settings(max_examples=100)
@given(games)
def test_every_algorithm_finds_exactly_the_oracle_equilibria(game: tuple[np.ndarray, ...]) -> None:
    a, b = game
    vertex = nash_equilibria(a, b, algorithm="vertex-enumeration")
    assume(vertex.degenerate is False)  # the oracle is complete for non-degenerate games
    exact = support_enumeration(a.tolist(), b.tolist())
    event(f"{len(exact)} equilibria")
    assert len(exact) % 2 == 1  # a non-degenerate game has an odd number of equilibria
    expected = rounded(exact)
    assert rounded(vertex.pairs()) == expected
    support = nash_equilibria(a, b, algorithm="support-enumeration")
    assert rounded(support.pairs()) == expected
    lemke = nash_equilibria(a, b, algorithm="lemke-howson")
    assert rounded(lemke.pairs()) <= expected and len(lemke) >= 1


@pytest.mark.parametrize("seed", range(5))
def test_random_games_with_mixed_equilibria(seed: int) -> None:
    rng = np.random.default_rng(seed)
    a, b = rng.random((4, 4)), rng.random((4, 4))
    exact = support_enumeration(a.tolist(), b.tolist())
    eq = nash_equilibria(a, b)
    assert eq.degenerate is False and rounded(eq.pairs()) == rounded(exact)
