"""Nash equilibria of threat games: agreement with nashpy, between algorithms, and the flags."""

from __future__ import annotations

import warnings

import nashpy
import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from bargain import ScenarioError
from bargain.games.equilibria import (
    ENUMERATION_LIMIT,
    Equilibria,
    best_response_gaps,
    game_value,
    is_degenerate,
    lemke_howson,
    nash_equilibria,
)

PRISONERS = (np.array([[3.0, 0.0], [5.0, 1.0]]), np.array([[3.0, 5.0], [0.0, 1.0]]))
SEXES = (np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([[1.0, 0.0], [0.0, 2.0]]))
PENNIES = (np.array([[1.0, -1.0], [-1.0, 1.0]]), np.array([[-1.0, 1.0], [1.0, -1.0]]))
# The degenerate game of nashpy's documentation (von Stengel's example): the top row gives the
# column player two best responses, and the equilibria include a segment.
DEGENERATE = (
    np.array([[3.0, 3.0], [2.0, 5.0], [0.0, 6.0]]),
    np.array([[3.0, 3.0], [2.0, 6.0], [3.0, 1.0]]),
)
CLASSIC = {"prisoners": PRISONERS, "sexes": SEXES, "pennies": PENNIES, "degenerate": DEGENERATE}


def as_set(pairs: list[tuple[np.ndarray, np.ndarray]]) -> set[tuple[float, ...]]:
    return {tuple(np.round(np.concatenate([x, y]), 9) + 0.0) for x, y in pairs}


def nashpy_equilibria(a: np.ndarray, b: np.ndarray, how: str) -> set[tuple[float, ...]]:
    game = nashpy.Game(a, b)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns about degenerate games
        pairs = list(getattr(game, how)())
    return as_set(pairs)


@pytest.mark.parametrize("name", sorted(CLASSIC))
def test_classic_games_agree_with_nashpy_vertex_enumeration(name: str) -> None:
    a, b = CLASSIC[name]
    eq = nash_equilibria(a, b)
    assert eq.algorithm == "vertex-enumeration" and eq.complete
    assert as_set(eq.pairs()) == nashpy_equilibria(a, b, "vertex_enumeration")
    for x, y in eq.pairs():
        np.testing.assert_allclose(best_response_gaps(a, b, x, y), 0.0, atol=1e-10)


@pytest.mark.parametrize("name", ["prisoners", "sexes", "pennies"])
def test_non_degenerate_classics_agree_with_nashpy_support_enumeration(name: str) -> None:
    a, b = CLASSIC[name]
    ours = nash_equilibria(a, b, algorithm="support-enumeration")
    assert ours.complete and ours.degenerate is False
    assert as_set(ours.pairs()) == nashpy_equilibria(a, b, "support_enumeration")


def test_classic_answers() -> None:
    pd = nash_equilibria(*PRISONERS)
    assert len(pd) == 1 and pd.payoffs.tolist() == [[1.0, 1.0]]
    bos = nash_equilibria(*SEXES)
    assert len(bos) == 3 and [bos.is_pure(e) for e in range(3)] == [True, True, False]
    np.testing.assert_allclose(bos.payoffs, [[2, 1], [1, 2], [2 / 3, 2 / 3]])
    pennies = nash_equilibria(*PENNIES)
    np.testing.assert_allclose(pennies.row_strategies, [[0.5, 0.5]])
    assert game_value(PENNIES[0]) == 0.0


def test_degenerate_game_is_reported_with_its_continuum() -> None:
    eq = nash_equilibria(*DEGENERATE)
    assert eq.degenerate is True and eq.continuum is True and eq.complete
    # Extreme equilibria: (top, left), (top, 2/3 left), and one fully mixed pair.
    np.testing.assert_allclose(eq.column_strategies[:2], [[1, 0], [2 / 3, 1 / 3]])
    # nashpy's support enumeration misses the second (supports of unequal size) and says so
    # only through a warning; our result says it with `complete`.
    support = nash_equilibria(*DEGENERATE, algorithm="support-enumeration")
    assert len(support) == 2 and support.complete is False and support.continuum is None
    with pytest.warns(RuntimeWarning, match="even number"):
        assert len(list(nashpy.Game(*DEGENERATE).support_enumeration())) == 2
    assert is_degenerate(*DEGENERATE) and not is_degenerate(*SEXES)


def test_result_is_a_list_not_a_generator() -> None:
    eq = nash_equilibria(*SEXES)
    assert isinstance(eq, Equilibria) and len(eq) == 3
    assert isinstance(eq.pairs(), list) and len(eq.pairs()) == len(eq.pairs()) == 3


def test_one_strategy_games() -> None:
    tie = nash_equilibria([[1.0, 2.0, 2.0]], [[0.0, 3.0, 3.0]])
    assert len(tie) == 2 and tie.degenerate and tie.continuum
    single = nash_equilibria([[1.0], [3.0], [2.0]], [[5.0], [1.0], [0.0]])
    assert single.row_strategies.tolist() == [[0.0, 1.0, 0.0]] and single.degenerate is False


games = st.tuples(st.integers(2, 4), st.integers(2, 4)).flatmap(
    lambda shape: st.tuples(
        *[
            arrays(np.float64, shape, elements=st.floats(-1, 1, allow_nan=False, width=32))
            for _ in range(2)
        ]
    )
)


@given(games)
def test_algorithms_agree_on_random_games(game: tuple[np.ndarray, np.ndarray]) -> None:
    a, b = game
    vertex = nash_equilibria(a, b, algorithm="vertex-enumeration")
    found = as_set(vertex.pairs())
    for x, y in vertex.pairs():
        assert np.all(best_response_gaps(a, b, x, y) <= 1e-9)
    if vertex.degenerate is False:
        support = nash_equilibria(a, b, algorithm="support-enumeration")
        assert as_set(support.pairs()) == found
        assert len(vertex) % 2 == 1  # a non-degenerate game has an odd number of equilibria
        assert not vertex.continuum
    lh = nash_equilibria(a, b, algorithm="lemke-howson")
    assert lh.complete is False and len(lh) >= 1
    for x, y in lh.pairs():
        assert np.all(best_response_gaps(a, b, x, y) <= 1e-9)
        if vertex.degenerate is False:
            assert as_set([(x, y)]) <= found


def test_lemke_howson_follows_nashpy_path() -> None:
    rng = np.random.default_rng(7)
    differ = 0
    for _ in range(30):
        m, n = rng.integers(2, 6, size=2)
        a, b = rng.random((m, n)), rng.random((m, n))
        for label in range(m + n):
            ours = lemke_howson(a, b, label)
            assert ours is not None
            assert np.all(best_response_gaps(a, b, *ours) <= 1e-9)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                theirs = nashpy.Game(a, b).lemke_howson(initial_dropped_label=label)
            same = np.allclose(ours[0], theirs[0]) and np.allclose(ours[1], theirs[1])
            if m == n:
                assert same  # the same path, the same end
            elif not same:
                # nashpy 0.0.43 mislabels non-square games: its answer is then no equilibrium.
                assert np.any(best_response_gaps(a, b, *theirs) > 1e-6)
                differ += 1
    assert differ > 0


def test_finds_what_nashpy_support_enumeration_misses() -> None:
    rng = np.random.default_rng(101)
    a, b = rng.random((3, 3)), rng.random((3, 3))
    ours = nash_equilibria(a, b, algorithm="support-enumeration")
    assert len(ours) == 1 and as_set(ours.pairs()) == as_set(nash_equilibria(a, b).pairs())
    # nashpy 0.0.43 rejects the equilibrium: a probability forced to 0 comes out as -1e-17.
    assert nashpy_equilibria(a, b, "support_enumeration") == set()


def test_large_games_use_lemke_howson() -> None:
    rng = np.random.default_rng(1)
    a, b = rng.random((12, 12)), rng.random((12, 12))
    assert ENUMERATION_LIMIT < 24
    eq = nash_equilibria(a, b)
    assert eq.algorithm == "lemke-howson" and not eq.complete and eq.degenerate is None
    for x, y in eq.pairs():
        assert np.all(best_response_gaps(a, b, x, y) <= 1e-9)
    big = nash_equilibria(rng.random((30, 25)), rng.random((30, 25)))
    assert len(big) >= 1


def test_bad_input() -> None:
    with pytest.raises(ScenarioError, match="one shape"):
        nash_equilibria([[1.0, 2.0]], [[1.0], [2.0]])
    with pytest.raises(ScenarioError, match="finite"):
        nash_equilibria([[np.nan]], [[1.0]])
    with pytest.raises(ScenarioError, match="did you mean 'lemke-howson'"):
        nash_equilibria([[1.0]], [[1.0]], algorithm="lemke_howson")
    with pytest.raises(ScenarioError, match="initial_dropped_label"):
        lemke_howson([[1.0]], [[1.0]], 2)


int_games = st.tuples(st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda shape: st.tuples(
        *[arrays(np.float64, shape, elements=st.integers(-3, 3).map(float)) for _ in range(2)]
    )
)


@given(int_games, st.sampled_from([1e-4, 1e-3, 1.0, 1e3]), st.sampled_from([1e-3, 1.0, 1e4]))
def test_payoff_scale_does_not_matter(
    game: tuple[np.ndarray, np.ndarray], sa: float, sb: float
) -> None:
    # Found by fuzzing: a 3 x 4 game with payoffs of order 1e-3 against 1e3 lost its vertices.
    a, b = game
    eq = nash_equilibria(a, b)
    scaled = nash_equilibria(sa * a, sb * b)
    assert as_set(scaled.pairs()) == as_set(eq.pairs())
    assert (scaled.degenerate, scaled.continuum) == (eq.degenerate, eq.continuum)
