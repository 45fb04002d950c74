"""Frontier and brute-force benchmarks over problem size: ``pytest benchmarks --benchmark-enable``.

Completes ``bench_engine.py`` (which has 8, 64 and 128 issues x 11 levels, three parties at
8 x 11, the brute force at 8 x 11 and the merge at 8 x 11) into the grids of issue 8:

- the utilities of all deals, by brute force (two parties: the Nash kernel; three parties: the
  general blocked path), 8 issues x 5, 7, 9 levels;
- the exact two-party frontier from 8 x 5 to 128 x 11;
- the three-party frontier (``"simplex"`` values) and the four-party frontier (``"simplex"``
  values, and the three-party seed scenario ``russia-us-2021-no-red-lines``).

Every round builds a fresh scenario in the (untimed) setup, so nothing is cached between rounds.
Value models: see ``problems.py``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import pytest

import bargain
from bargain import pareto_frontier
from bargain.testing import brute_force_best, brute_force_nash, nash_objective
from benchmarks.problems import random_scenario
from benchmarks.reference import check_frontier


def run(benchmark: Any, fn: Callable[[Any], Any], make: Callable[[], Any], rounds: int) -> Any:
    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (make(),), {}

    return benchmark.pedantic(fn, setup=setup, rounds=rounds, iterations=1, warmup_rounds=1)


def per_second(benchmark: Any, key: str, count: int) -> None:
    if benchmark.stats is not None:  # None under --benchmark-disable (the smoke run)
        benchmark.extra_info[key] = count / benchmark.stats.stats.min


@pytest.mark.parametrize("n_levels", [5, 7, 9])
def test_brute_force_all_deals_two_parties(benchmark: Any, n_levels: int) -> None:
    def nash(s: Any) -> Any:
        return brute_force_nash(s.tables, s.disagreement_point)

    deal, _ = run(benchmark, nash, lambda: random_scenario(8, n_levels), 10)
    assert (
        deal is not None
        and tuple(deal.tolist()) == bargain.solve(random_scenario(8, n_levels)).levels
    )
    per_second(benchmark, "deals_per_second", n_levels**8)


@pytest.mark.parametrize("n_levels", [3, 5])
def test_brute_force_all_deals_three_parties(benchmark: Any, n_levels: int) -> None:
    def nash(s: Any) -> Any:
        return brute_force_best(s.tables, nash_objective(s.disagreement_point))

    make = lambda: random_scenario(8, n_levels, 3, model="simplex")  # noqa: E731
    deal, _ = run(benchmark, nash, make, 5)
    assert deal is not None and tuple(deal.tolist()) == bargain.solve(make()).levels
    per_second(benchmark, "deals_per_second", n_levels**8)


TWO_PARTY_GRID = [(8, 5), (8, 7), (16, 5), (16, 11), (32, 5), (32, 11), (64, 5), (128, 5)]


@pytest.mark.parametrize(("n_issues", "n_levels"), TWO_PARTY_GRID, ids=lambda v: str(v))
def test_frontier_two_parties_grid(benchmark: Any, n_issues: int, n_levels: int) -> None:
    make = lambda: random_scenario(n_issues, n_levels)  # noqa: E731
    f = run(benchmark, pareto_frontier, make, 20 if n_issues <= 32 else 5)
    benchmark.extra_info["frontier_points"] = len(f)
    check_frontier(make(), f.utilities, f.levels)
    benchmark.extra_info["log10_deals"] = round(n_issues * math.log10(n_levels), 1)


@pytest.mark.parametrize(("n_issues", "n_levels"), [(8, 5), (12, 5), (16, 3), (16, 5)])
def test_frontier_three_parties(benchmark: Any, n_issues: int, n_levels: int) -> None:
    make = lambda: random_scenario(n_issues, n_levels, 3, model="simplex")  # noqa: E731
    f = run(benchmark, pareto_frontier, make, 5)
    benchmark.extra_info["frontier_points"] = len(f)
    check_frontier(make(), f.utilities, f.levels)


@pytest.mark.parametrize(("n_issues", "n_levels"), [(6, 3), (8, 3), (6, 5)])
def test_frontier_four_parties(benchmark: Any, n_issues: int, n_levels: int) -> None:
    make = lambda: random_scenario(n_issues, n_levels, 4, model="simplex")  # noqa: E731
    f = run(benchmark, pareto_frontier, make, 3)
    benchmark.extra_info["frontier_points"] = len(f)
    check_frontier(make(), f.utilities, f.levels)


def test_frontier_three_parties_seed_scenario(benchmark: Any) -> None:
    make = lambda: bargain.load_scenario("russia-us-2021-no-red-lines")  # noqa: E731
    f = run(benchmark, pareto_frontier, make, 20)
    benchmark.extra_info["frontier_points"] = len(f)
    s = make()
    check_frontier(s, f.utilities, f.levels, disagreement=s.disagreement_point)
