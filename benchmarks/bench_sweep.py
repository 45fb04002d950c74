"""Sweep benchmarks: ``pytest benchmarks/bench_sweep.py --benchmark-enable --benchmark-only``.

Monte Carlo sweeps of ``russia-nato-2022-no-red-lines`` (27,648 deals, two parties; the flagship
itself has red lines that leave no deal): 1,000 and 10,000 runs,
each drawing both parties' weight vectors (``Dirichlet(50)``) and NATO's disagreement utility,
on one core, for every method (10,000 runs only with ``--benchmark-enable``: ``conftest.py``);
a grid sweep; and one :func:`bargain.solutions.solve` of the same scenario, for the per-run ratio
(``extra_info["per_run_ms"]`` of a sweep against the mean of the solve benchmark). Each round
loads a fresh scenario (not timed), so nothing is cached between rounds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

import bargain
from bargain import Dirichlet, Uniform, solve, sweep
from bargain.solutions.concepts import METHODS
from bargain.testing import brute_force_nash

NAME = "russia-nato-2022-no-red-lines"
UNCERTAINTY = {"*.weights": Dirichlet(50), "nato.disagreement": Uniform(0.6, 0.9)}


def run(benchmark: Any, fn: Callable[[Any], Any], rounds: int) -> Any:
    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (bargain.load_scenario(NAME),), {}

    return benchmark.pedantic(fn, setup=setup, rounds=rounds, iterations=1, warmup_rounds=1)


@pytest.mark.parametrize("samples", [1_000, pytest.param(10_000, marks=pytest.mark.large)])
@pytest.mark.parametrize("method", METHODS.names)
def test_monte_carlo_sweep(benchmark: Any, method: str, samples: int) -> None:
    def go(scenario: Any) -> Any:
        return sweep(
            scenario,
            uncertainty=UNCERTAINTY,
            samples=samples,
            rng=1,
            method=method,
            progress=False,
        )

    result = run(benchmark, go, rounds=3 if samples > 1_000 else 5)
    assert len(result) == samples
    benchmark.extra_info["runs"] = samples
    benchmark.extra_info["fallbacks"] = result.fallbacks
    if benchmark.stats is not None:
        benchmark.extra_info["per_run_ms"] = benchmark.stats.stats.mean / samples * 1e3


def test_grid_sweep(benchmark: Any) -> None:
    """Kalai-Smorodinsky over a grid of 200 disagreement utilities (vectorised too)."""

    def go(scenario: Any) -> Any:
        grid = {"nato.disagreement": [0.6 + 0.3 * k / 199 for k in range(200)]}
        return sweep(scenario, grid=grid, method="kalai-smorodinsky", progress=False)

    result = run(benchmark, go, rounds=3)
    # The screen certifies most runs; the rest (ratios within its margin) are solved one by one.
    assert len(result) == 200 and result.fallbacks <= 40
    benchmark.extra_info["fallbacks"] = result.fallbacks
    s = bargain.load_scenario(NAME)
    for k in (0, 100, 199):  # each run is the solution of its scenario
        row = result[k]
        sol = solve(s, "kalai-smorodinsky", disagreement={"nato": row["nato.disagreement"]})
        assert sol.deal is not None and all(row[key] == sol.deal[key] for key in sol.deal)
    if benchmark.stats is not None:
        benchmark.extra_info["per_run_ms"] = benchmark.stats.stats.mean / 200 * 1e3


def test_one_solve(benchmark: Any) -> None:
    solution = run(benchmark, solve, rounds=100)
    s = bargain.load_scenario(NAME)
    deal, _ = brute_force_nash(s.tables, s.disagreement_point)  # all 27,648 deals
    assert deal is not None and solution.levels == tuple(deal.tolist())
