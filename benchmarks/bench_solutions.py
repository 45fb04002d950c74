"""Solution benchmarks: ``python -m pytest benchmarks/bench_solutions.py --benchmark-enable``.

- Each solution method of :data:`bargain.solutions.concepts.METHODS` picked on a given frontier
  (:func:`bargain.solutions.concepts.choose`, what :func:`bargain.solutions.solve` does once the
  frontier is known), on frontiers of two sizes: 8 x 11 (about 600 points) and 64 x 11 (about 2 x
  10**4). The frontier is computed once per size; every round gets fresh copies of its arrays
  (untimed setup).
- The lottery solutions (``solve(..., lotteries=True)``): Nash over sizes (128 x 11 is in
  ``bench_engine.py``), every method at 8 x 11, and three parties (scipy over the hull).

Every round builds its input afresh in the setup; nothing is cached between rounds. Value models:
see ``problems.py``.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from bargain import solve
from bargain.frontier.engine import frontier_arrays
from bargain.solutions.concepts import METHODS, choose
from benchmarks.problems import random_scenario
from benchmarks.reference import best_rows, ideal_ratio, max_min_gain, nash_lottery_log_bound

Frontier = tuple[np.ndarray[Any, Any], np.ndarray[Any, Any], np.ndarray[Any, Any]]


@functools.cache
def frontier(n_issues: int) -> Frontier:
    s = random_scenario(n_issues, 11)
    u, deals, _ = frontier_arrays(s)
    return u, deals, s.disagreement_point


def run(benchmark: Any, fn: Callable[..., Any], make: Callable[[], Any], rounds: int) -> Any:
    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        return make(), {}

    return benchmark.pedantic(fn, setup=setup, rounds=rounds, iterations=1, warmup_rounds=1)


@pytest.mark.parametrize("n_issues", [8, 64])
@pytest.mark.parametrize("method", METHODS)
def test_method_on_given_frontier(benchmark: Any, method: str, n_issues: int) -> None:
    def make() -> tuple[Any, ...]:
        u, deals, d = frontier(n_issues)
        return method, u.copy(), deals.copy(), d.copy()

    best, _ = run(benchmark, choose, make, 50)
    u, _, d = frontier(n_issues)
    assert best is not None and int(best) in best_rows(method, u, d)
    benchmark.extra_info["frontier_points"] = frontier(n_issues)[0].shape[0]


@pytest.mark.parametrize("n_issues", [8, 32])
def test_lottery_nash(benchmark: Any, n_issues: int) -> None:
    sol = run(
        benchmark, lambda s: solve(s, lotteries=True), lambda: (random_scenario(n_issues, 11),), 50
    )
    s = random_scenario(n_issues, 11)
    assert sol.nash_product is not None
    bound = nash_lottery_log_bound(s, s.disagreement_point)
    assert math.log(sol.nash_product) == pytest.approx(bound, abs=1e-7)


@pytest.mark.parametrize("method", [m for m in METHODS if m != "utilitarian"])
def test_lottery_each_method_8x11(benchmark: Any, method: str) -> None:
    def go(s: Any) -> Any:
        return solve(s, method, lotteries=True)

    sol = run(benchmark, go, lambda: (random_scenario(8, 11),), 20)
    s = random_scenario(8, 11)
    d = s.disagreement_point
    assert sol.agreement and sol.nash_product is not None
    if method in ("nash", "asymmetric-nash"):  # powers are all 1 here
        assert math.log(sol.nash_product) == pytest.approx(nash_lottery_log_bound(s, d), abs=1e-7)
    elif method == "egalitarian":
        # The engine's second stage keeps the max-min to within 1e-9 (relative).
        assert min(sol.gains.values()) == pytest.approx(max_min_gain(s, d), rel=1e-8)
    else:  # Kalai-Smorodinsky: on the ray of the ideal point, from the disagreement point
        g = np.array(list(sol.gains.values()))
        assert g[0] / g[1] == pytest.approx(ideal_ratio(s, d), rel=1e-7)


def test_lottery_nash_three_parties_8x5(benchmark: Any) -> None:
    def go(s: Any) -> Any:
        return solve(s, lotteries=True)

    sol = run(benchmark, go, lambda: (random_scenario(8, 5, 3, model="simplex"),), 10)
    assert sol.agreement
