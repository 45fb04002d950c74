"""Hostile inputs that used to hang: each costs what its answer costs, and still answers right.

Speed is measured in ``benchmarks/bench_hostile.py``; here, the answers at the sizes that hung.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Issue, Party, Scenario
from bargain.frontier.merge import merge_frontier
from bargain.frontier.pareto import pareto_indices
from bargain.games.equilibria import (
    best_response_gaps,
    nash_equilibria,
    payoff_tolerance,
    pure_equilibria,
)
from tests.oracle import pareto_set

TIED = st.sampled_from([0.0, 0.5, 1.0])


def test_binary_issues_against_each_other_keep_the_smallest_deals() -> None:
    # Reproducer: n binary issues valued [0, 1] by one party and [1, 0] by the other; every
    # frontier point is reached by many deals (the tie-break used to cost n**3).
    n = 400
    u, deals = merge_frontier([np.array([[0.0, 1.0], [1.0, 0.0]])] * n)
    assert u.shape == (n + 1, 2)
    np.testing.assert_array_equal(u[:, 0], np.arange(n + 1))
    for k, deal in enumerate(deals):  # k ones, the lexicographically smallest: zeros first
        np.testing.assert_array_equal(deal, [0] * (n - k) + [1] * k)


def test_linear_eleven_level_issues_answer() -> None:
    t = np.linspace(0.0, 1.0, 11)
    tables = [np.stack([t, t[::-1]], axis=1)] * 60
    u, deals = merge_frontier(tables)
    summed = sum(table[deals[:, i]] for i, table in enumerate(tables))
    np.testing.assert_array_equal(summed, u)
    assert np.all(np.diff(u[:, 0]) > 0) and np.all(np.diff(u[:, 1]) < 0)


@st.composite
def tied_scenarios(draw: st.DrawFn) -> Scenario:
    """Two parties, up to 10 issues of 2-3 levels, values in {0, 1/2, 1}: ties everywhere."""
    shape = draw(st.lists(st.integers(2, 3), min_size=1, max_size=10))
    while np.prod(shape) > 1024:
        shape = shape[:-1]
    issues = [Issue(f"i{i}", "", [f"l{j}" for j in range(n)]) for i, n in enumerate(shape)]
    parties = [
        Party(
            key,
            "",
            values={
                f"i{i}": draw(st.lists(TIED, min_size=n, max_size=n)) for i, n in enumerate(shape)
            },
        )
        for key in ("a", "b")
    ]
    return Scenario(name="tied", issues=issues, parties=parties)


@settings(max_examples=60)
@given(tied_scenarios())
def test_tied_frontier_is_the_oracle_with_the_smallest_deals(s: Scenario) -> None:
    expected = pareto_set(s)
    u, deals = merge_frontier(s.tables)
    assert [tuple(r) for r in u.tolist()] == sorted(expected)
    for row, deal in zip(u.tolist(), deals.tolist(), strict=True):
        assert tuple(deal) == expected[tuple(row)][0]


@settings(max_examples=100)
@given(
    st.lists(st.tuples(TIED, TIED), min_size=1, max_size=40),
    st.randoms(use_true_random=False),
)
def test_two_column_pruning_keeps_the_smallest_key_among_equals(points, random) -> None:
    pts = np.array(points)
    key = np.array([random.randrange(5) for _ in points], dtype=np.int64)
    got = pareto_indices(pts, tiebreak=key)
    dominated = [bool(np.any(np.all(pts >= p, axis=1) & np.any(pts > p, axis=1))) for p in pts]
    vectors = sorted({tuple(p) for p, dom in zip(points, dominated, strict=True) if not dom})
    assert [tuple(pts[i]) for i in got] == vectors
    for i in got:  # the kept one has the smallest key (then the smallest index) among equals
        same = np.flatnonzero(np.all(pts == pts[i], axis=1))
        assert (key[i], i) == min((key[j], j) for j in same)


# ----------------------------------------------------------------------------- threat games
def random_game(n: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.random((n, n)).round(3), rng.random((n, n)).round(3)


def test_a_100_by_100_threat_game_is_solved_within_a_budget() -> None:
    # Reproducer: 100 x 100 took 31 s, 200 x 200 over a minute (every Lemke-Howson path).
    a, b = random_game(100)
    eq = nash_equilibria(a, b)
    assert eq.algorithm == "lemke-howson" and eq.complete is False and len(eq) >= 1
    for x, y in eq.pairs():
        assert np.all(best_response_gaps(a, b, x, y) <= payoff_tolerance(a, b))
    pure = {(int(np.argmax(x)), int(np.argmax(y))) for x, y in pure_equilibria(a, b)}
    listed = {
        (int(np.argmax(x)), int(np.argmax(y)))
        for e, (x, y) in enumerate(eq.pairs())
        if eq.is_pure(e)
    }
    assert pure == listed  # every pure equilibrium is listed


@settings(max_examples=60)
@given(st.integers(1, 7), st.integers(1, 7), st.data())
def test_pure_equilibria_are_the_brute_force(m, n, data) -> None:
    cell = st.integers(0, 3).map(float)
    a = np.array(
        data.draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    )
    b = np.array(
        data.draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    )
    got = {(int(np.argmax(x)), int(np.argmax(y))) for x, y in pure_equilibria(a, b)}
    expected = {
        (i, j)
        for i in range(m)
        for j in range(n)
        if a[i, j] == a[:, j].max() and b[i, j] == b[i, :].max()
    }
    assert got == expected


@settings(max_examples=30)
@given(st.integers(1, 4), st.integers(1, 4), st.data(), st.sampled_from([-1000, -500, 500, 1020]))
def test_equilibria_do_not_depend_on_the_payoffs_unit(m, n, data, k) -> None:
    cell = st.integers(-4, 4).map(float)
    a = np.array(
        data.draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    )
    b = np.array(
        data.draw(st.lists(st.lists(cell, min_size=n, max_size=n), min_size=m, max_size=m))
    )
    eq = nash_equilibria(a, b)
    scaled = nash_equilibria(np.ldexp(a, k), np.ldexp(b, k))
    assert len(scaled) == len(eq)
    np.testing.assert_allclose(scaled.row_strategies, eq.row_strategies, atol=1e-9)
    np.testing.assert_allclose(scaled.column_strategies, eq.column_strategies, atol=1e-9)


@pytest.mark.parametrize("command", [["threat"], ["threat", "--concept", "optimal-threats"]])
def test_threat_payoffs_of_plus_minus_1e308(capsys, tmp_path, command) -> None:
    # Reproducer: a linprog ValueError (the payoffs' span overflowed).
    import dataclasses

    from bargain import ThreatGame, load_scenario
    from bargain.cli.main import main
    from bargain.io.toml import write_toml

    big = [[1e308, -1e308], [-1e308, 1e308]]
    game = ThreatGame(
        row="russia",
        column="nato",
        row_strategies=["a", "b"],
        column_strategies=["x", "y"],
        row_payoffs=big,
        column_payoffs=[[-v for v in row] for row in big],
    )
    path = tmp_path / "big.toml"
    write_toml(
        dataclasses.replace(load_scenario("russia-nato-2022-no-red-lines"), threat_game=game), path
    )
    code = main([command[0], str(path), *command[1:]])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert "Traceback" not in err and "0.5" in out  # matching pennies: each mixes half and half
