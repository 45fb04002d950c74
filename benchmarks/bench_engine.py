"""Engine benchmarks: ``python -m pytest benchmarks/bench_engine.py --benchmark-only``.

Every benchmarked call gets a freshly built scenario (``pedantic`` setup, not timed), so no
result can be cached between rounds. See ``problems.py`` for the value models.
"""

from __future__ import annotations

import math
import tracemalloc
from collections.abc import Callable
from typing import Any

import pytest

from bargain import pareto_frontier, solve
from bargain.frontier.merge import merge_frontier
from bargain.testing import brute_force_nash
from benchmarks.problems import random_scenario
from benchmarks.reference import check_frontier, nash_lottery_log_bound


def run(benchmark: Any, fn: Callable[..., Any], make: Callable[[], Any], rounds: int) -> Any:
    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (make(),), {}

    return benchmark.pedantic(fn, setup=setup, rounds=rounds, iterations=1, warmup_rounds=1)


def test_frontier_and_nash_8x7(benchmark: Any) -> None:
    sol = run(benchmark, lambda s: solve(s, "nash"), lambda: random_scenario(8, 7), 50)
    s = random_scenario(8, 7)
    deal, _ = brute_force_nash(s.tables, s.disagreement_point)  # every one of 5.8e6 deals
    assert deal is not None and sol.levels == tuple(deal.tolist())


@pytest.mark.parametrize("n_issues", [8, 64, 128])
def test_frontier_two_parties(benchmark: Any, n_issues: int) -> None:
    rounds = {8: 50, 64: 5, 128: 3}[n_issues]
    f = run(benchmark, pareto_frontier, lambda: random_scenario(n_issues, 11), rounds)
    benchmark.extra_info["frontier_points"] = len(f)
    check_frontier(random_scenario(n_issues, 11), f.utilities, f.levels)


def test_frontier_two_parties_simplex_64x11(benchmark: Any) -> None:
    make = lambda: random_scenario(64, 11, model="simplex")  # noqa: E731
    f = run(benchmark, pareto_frontier, make, 3)
    benchmark.extra_info["frontier_points"] = len(f)
    check_frontier(make(), f.utilities, f.levels)


def test_lottery_nash_128x11(benchmark: Any) -> None:
    sol = run(benchmark, lambda s: solve(s, lotteries=True), lambda: random_scenario(128, 11), 50)
    s = random_scenario(128, 11)
    bound = nash_lottery_log_bound(s, s.disagreement_point)
    assert sol.nash_product is not None
    assert math.log(sol.nash_product) == pytest.approx(bound, abs=1e-7)


def test_brute_force_8x11(benchmark: Any) -> None:
    def make() -> Any:
        s = random_scenario(8, 11)
        return s

    deal, _ = run(benchmark, lambda s: brute_force_nash(s.tables, s.disagreement_point), make, 5)
    assert deal is not None and tuple(deal.tolist()) == solve(make()).levels
    n = math.prod(make().shape)
    benchmark.extra_info["deals"] = n
    if benchmark.stats is not None:  # None under --benchmark-disable (the smoke run)
        benchmark.extra_info["deals_per_second"] = n / benchmark.stats.stats.mean
    s = make()
    tracemalloc.start()
    brute_force_nash(s.tables, s.disagreement_point)
    benchmark.extra_info["peak_bytes"] = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()


def test_merge_8x11(benchmark: Any) -> None:
    """The other side of the brute force / merge ratio: the frontier alone, same problem."""
    u, deals = run(
        benchmark, lambda s: merge_frontier(s.tables), lambda: random_scenario(8, 11), 50
    )
    check_frontier(random_scenario(8, 11), u, deals)


@pytest.mark.parametrize("model", ["simplex"])
def test_frontier_three_parties_8x11(benchmark: Any, model: str) -> None:
    f = run(benchmark, pareto_frontier, lambda: random_scenario(8, 11, 3, model=model), 10)
    benchmark.extra_info["frontier_points"] = len(f)
    check_frontier(random_scenario(8, 11, 3, model=model), f.utilities, f.levels)
