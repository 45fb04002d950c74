"""Hostile inputs that used to hang: each costs what its answer costs, and still answers right.

Speed is measured in ``benchmarks/bench_hostile.py``; here, the answers at the sizes that hung.
"""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Issue, Party, Scenario
from bargain.frontier.merge import merge_frontier
from bargain.frontier.pareto import pareto_indices
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
