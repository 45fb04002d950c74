"""Inputs that used to hang (issue 13): ``pytest benchmarks/bench_hostile.py --benchmark-enable``.

- the two-party merge when many deals tie: ``n`` binary issues valued ``[0, 1]`` by one party and
  ``[1, 0]`` by the other (every frontier point is reached by many deals), and 11-level issues with
  linear values (``t`` against ``1 - t``);
- Zeuthen's protocol and trades on a two-party frontier of ``n`` issues x 11 levels, values drawn
  uniformly and rounded to 3 decimals (``rounded_scenario``: about 4 x 10**4 frontier points at
  400 issues, the size of the issue's reproducer);

The plain ``pytest`` runs each once at the small sizes (a smoke test); the large sizes of the
issue are in ``SIZES`` too and run with ``--benchmark-enable``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from bargain import Issue, Party, Scenario, concession_path
from bargain.frontier.merge import merge_frontier


def binary_tables(n: int) -> list[Any]:
    return [np.array([[0.0, 1.0], [1.0, 0.0]])] * n


def linear_tables(n: int) -> list[Any]:
    t = np.linspace(0.0, 1.0, 11)
    return [np.stack([t, t[::-1]], axis=1)] * n


def rounded_scenario(n_issues: int, n_levels: int = 11, seed: int = 0) -> Scenario:
    """Two parties, values uniform in [0, 1] rounded to 3 decimals (many near ties), weight 1."""
    rng = np.random.default_rng(seed)
    keys = [f"i{i}" for i in range(n_issues)]
    issues = [Issue(k, k, [f"l{j}" for j in range(n_levels)]) for k in keys]
    parties = [
        Party(p, p, values={k: rng.random(n_levels).round(3).tolist() for k in keys})
        for p in ("a", "b")
    ]
    return Scenario(name=f"rounded-{n_issues}x{n_levels}", issues=issues, parties=parties)


def large(benchmark: Any, is_large: bool) -> None:
    """Skip a large size in the smoke run (``--benchmark-disable``)."""
    if is_large and benchmark.disabled:
        pytest.skip("large size: run with --benchmark-enable")


def run(benchmark: Any, fn: Any, make: Any, rounds: int) -> Any:
    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (make(),), {}

    return benchmark.pedantic(fn, setup=setup, rounds=rounds, iterations=1, warmup_rounds=0)


@pytest.mark.parametrize("n_issues", [200, 1000, 2000])
def test_merge_binary_ties(benchmark: Any, n_issues: int) -> None:
    u, _ = run(benchmark, merge_frontier, lambda: binary_tables(n_issues), 3)
    assert len(u) == n_issues + 1


@pytest.mark.parametrize("n_issues", [50, 200, 400])
def test_merge_linear_ties(benchmark: Any, n_issues: int) -> None:
    large(benchmark, n_issues > 50)
    u, _ = run(benchmark, merge_frontier, lambda: linear_tables(n_issues), 1)
    assert np.all(np.diff(u[:, 0]) > 0)


@pytest.mark.parametrize("n_issues", [32, 400])
@pytest.mark.parametrize("protocol", ["zeuthen", "trades"])
def test_paths_on_a_large_frontier(benchmark: Any, protocol: str, n_issues: int) -> None:
    large(benchmark, n_issues > 32)

    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (rounded_scenario(n_issues), protocol), {}

    path = benchmark.pedantic(concession_path, setup=setup, rounds=1, iterations=1)
    benchmark.extra_info["rounds"] = path.rounds
    assert path.rounds >= 1
