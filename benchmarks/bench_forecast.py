"""Forecasting benchmarks: ``python -m pytest benchmarks/bench_forecast.py --benchmark-enable``.

- A backtest of every model (compromise, median, nash, package-nash, exchange, expected-utility,
  reference, fitted with its nested grid search) with 10 folds by proposal. The full size of
  issue 14 is 140 proposals of 2-3 issues (about 350 issues) and 30 actors, goal <= 30 s on one
  core; it runs only with ``BARGAIN_BENCH_FULL=1`` in the environment, so the plain ``pytest``
  (which runs every benchmark once) times a small instance: 14 proposals, 10 actors.
- The continuous ``package-nash`` of one proposal of 30 actors and 6 issues, linear and
  quadratic utilities, goal <= 0.5 s; and the discrete one on 3 levels per issue through the
  engine (the engine's frontier of 30 parties grows fast with the levels: 5 levels take seconds).

Data: :func:`bargain.forecast.synthetic_positions` (seeded), built afresh for every round in the
untimed setup.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

import bargain
from bargain.forecast import synthetic_positions

FULL = os.environ.get("BARGAIN_BENCH_FULL") == "1"
SIZES = {"small": (14, 10), "full": (140, 30)}


def run(benchmark: Any, fn: Callable[[Any], Any], make: Callable[[], Any], rounds: int) -> Any:
    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (make(),), {}

    return benchmark.pedantic(fn, setup=setup, rounds=rounds, iterations=1, warmup_rounds=0)


@pytest.mark.parametrize("size", ["small", "full"])
def test_backtest_every_model(benchmark: Any, size: str) -> None:
    if size == "full" and not FULL:
        pytest.skip("set BARGAIN_BENCH_FULL=1 to time the full size (about 10 s)")
    proposals, actors = SIZES[size]

    def make() -> bargain.Positions:
        return synthetic_positions(
            n_proposals=proposals, issues_per_proposal=(2, 3), n_actors=actors, rng=0
        )

    def go(data: bargain.Positions) -> bargain.Backtest:
        return bargain.backtest(data, folds=10, rng=0)

    result = run(benchmark, go, make, rounds=1 if size == "full" else 3)
    assert len(result.models) == 8 and len(result.fits) == 10
    benchmark.extra_info["issues"] = len(result.issues)
    benchmark.extra_info["actors"] = actors


@pytest.mark.parametrize("p", [1, 2])
def test_package_nash_30_actors_6_issues(benchmark: Any, p: int) -> None:
    def make() -> bargain.Positions:
        return synthetic_positions(
            n_proposals=1, issues_per_proposal=(6, 6), n_actors=30, reference=False, rng=0
        )

    bargain.forecast(make(), "package-nash", p=p)  # loads SciPy's linear programs once (p = 1)
    result = run(benchmark, lambda d: bargain.forecast(d, "package-nash", p=p), make, rounds=20)
    assert result.agreement


def test_package_nash_engine_3_levels(benchmark: Any) -> None:
    def make() -> bargain.Positions:
        return synthetic_positions(
            n_proposals=1, issues_per_proposal=(6, 6), n_actors=30, reference=False, rng=0
        )

    result = run(benchmark, lambda d: bargain.forecast(d, "package-nash", levels=3), make, rounds=5)
    assert result.agreement
