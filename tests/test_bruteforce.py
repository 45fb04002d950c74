from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from bargain import Scenario
from bargain.errors import BargainError
from bargain.frontier.enumerate import brute_force_frontier
from bargain.testing import (
    MAX_DEALS,
    brute_force_best,
    brute_force_nash,
    check_size,
    nash_objective,
)
from tests.oracle import all_deals, best_value
from tests.strategies import exact_scenarios, scenarios


@settings(max_examples=80)
@given(scenarios(max_parties=3, max_issues=5, max_levels=5))
def test_brute_force_nash_against_the_oracle(s: Scenario) -> None:
    _, u = all_deals(s)
    d = s.disagreement_point
    best = best_value("nash", u, d, s.powers)
    for block_bytes in (64, 4096, 1 << 19):  # small blocks exercise the staircase bookkeeping
        deal, score = brute_force_nash(s.tables, d, block_bytes=block_bytes)
        if best is None or deal is None:
            # Brute force rounds gains as (left - d) + right: only a borderline deal may differ.
            assert max(score, best or 0.0) < 1e-9  # type: ignore[type-var]
            continue
        np.testing.assert_allclose(score, best, rtol=1e-9)
        gains = s.utilities(deal) - d
        np.testing.assert_allclose(np.prod(gains), best, rtol=1e-9)


@settings(max_examples=60)
@given(exact_scenarios(max_parties=2, max_issues=5, max_levels=5))
def test_fast_path_equals_generic_path_exactly(s: Scenario) -> None:
    d = s.disagreement_point
    fast = brute_force_nash(s.tables, d, block_bytes=128)
    slow = brute_force_best(s.tables, nash_objective(d), block_bytes=128)
    assert (fast[0] is None) == (slow[0] is None)
    if fast[0] is not None:
        assert fast[0].tolist() == slow[0].tolist() and fast[1] == slow[1]


@settings(max_examples=40)
@given(scenarios(max_parties=3, max_issues=4, max_levels=4))
def test_weighted_nash_objective(s: Scenario) -> None:
    _, u = all_deals(s)
    best = best_value("asymmetric-nash", u, s.disagreement_point, s.powers)
    deal, score = brute_force_nash(s.tables, s.disagreement_point, powers=s.powers)
    if best is None:
        assert deal is None
    else:
        np.testing.assert_allclose(score, best, rtol=1e-9)


def test_two_losses_never_make_a_gain() -> None:
    tables = [np.array([[0.0, 0.0], [-1.0, -1.0], [0.1, 0.1]])]
    deal, score = brute_force_nash(tables, np.zeros(2))
    assert deal is not None and deal.tolist() == [2]
    assert score == pytest.approx(0.01)


def test_refuses_absurd_sizes_with_a_clear_message() -> None:
    with pytest.raises(BargainError, match=r"would take about .* hours .*use the exact frontier"):
        check_size([11] * 12)
    tables = [np.zeros((11, 2))] * 12
    with pytest.raises(BargainError, match="hours"):
        brute_force_nash(tables, np.zeros(2))
    assert check_size([10] * 11) == MAX_DEALS


def test_memory_is_bounded() -> None:
    import tracemalloc

    rng = np.random.default_rng(0)
    tables = [rng.random((7, 2)) for _ in range(7)]  # 823,543 deals
    tracemalloc.start()
    brute_force_nash(tables, np.zeros(2))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < 8 * 2**20


def test_brute_force_frontier_keeps_lexicographically_smallest() -> None:
    tables = [np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]]), np.array([[0.0, 0.0], [0.0, 0.0]])]
    _, deals = brute_force_frontier(tables)
    assert deals.tolist() == [[2, 0], [0, 0]]
