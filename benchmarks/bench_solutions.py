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
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from bargain import solve
from bargain.frontier.engine import frontier_arrays
from bargain.solutions.concepts import METHODS, choose
from benchmarks.problems import random_scenario

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
    assert best is not None
    benchmark.extra_info["frontier_points"] = frontier(n_issues)[0].shape[0]


@pytest.mark.parametrize("n_issues", [8, 32])
def test_lottery_nash(benchmark: Any, n_issues: int) -> None:
    sol = run(
        benchmark, lambda s: solve(s, lotteries=True), lambda: (random_scenario(n_issues, 11),), 50
    )
    assert sol.agreement


@pytest.mark.parametrize("method", [m for m in METHODS if m != "utilitarian"])
def test_lottery_each_method_8x11(benchmark: Any, method: str) -> None:
    def go(s: Any) -> Any:
        return solve(s, method, lotteries=True)

    sol = run(benchmark, go, lambda: (random_scenario(8, 11),), 20)
    assert sol.agreement


def test_lottery_nash_three_parties_8x5(benchmark: Any) -> None:
    def go(s: Any) -> Any:
        return solve(s, lotteries=True)

    sol = run(benchmark, go, lambda: (random_scenario(8, 5, 3, model="simplex"),), 10)
    assert sol.agreement
