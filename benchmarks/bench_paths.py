"""Concession-path benchmarks: ``python -m pytest benchmarks/bench_paths.py --benchmark-enable``.

One path per protocol of :func:`bargain.concession_path`, over problem size (two parties,
``"opposed"`` values: 8 x 5, 8 x 11, 32 x 11), and the one protocol that takes any number of
parties (``"time-based"``) with three. ``"trades"`` starts from the middle level of every issue
(from the first level every move of an ``"opposed"`` issue favours the same party, so there would
be nothing to trade). Every round builds a fresh scenario in the (untimed) setup: the path's lazily
computed frontier is never reused. Value models: see ``problems.py``.
"""

from __future__ import annotations

from typing import Any

import pytest

from bargain import concession_path, pareto_frontier, solve
from benchmarks.problems import random_scenario

PROTOCOLS = ("zeuthen", "alternating-offers", "time-based", "trades")
SIZES = [(8, 5), (8, 11), (32, 11)]


def options(scenario: Any, protocol: str) -> dict[str, Any]:
    if protocol == "trades":
        return {"start": {i.key: i.levels[i.n_levels // 2] for i in scenario.issues}}
    return {}


@pytest.mark.parametrize(("n_issues", "n_levels"), SIZES, ids=lambda v: str(v))
@pytest.mark.parametrize("protocol", PROTOCOLS)
def test_concession_path(benchmark: Any, protocol: str, n_issues: int, n_levels: int) -> None:
    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        s = random_scenario(n_issues, n_levels)
        return (s, protocol), options(s, protocol)

    rounds = 3 if (n_issues, protocol) == (32, "zeuthen") else 10
    path = benchmark.pedantic(
        concession_path, setup=setup, rounds=rounds, iterations=1, warmup_rounds=1
    )
    benchmark.extra_info["rounds"] = path.rounds
    s = random_scenario(n_issues, n_levels)
    if protocol in ("zeuthen", "alternating-offers"):
        # Zeuthen's concessions end at the Nash deal (Harsanyi 1956); so do alternating offers
        # without discounting (Binmore, Rubinstein and Wolinsky 1986).
        assert path.agreement and path.deal == solve(s).deal
    elif protocol == "time-based":  # no closed form: the agreement is Pareto-optimal
        assert path.agreement and path.deal in list(pareto_frontier(s))


def test_time_based_three_parties(benchmark: Any) -> None:
    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (random_scenario(8, 5, 3, model="simplex"), "time-based"), {}

    path = benchmark.pedantic(
        concession_path, setup=setup, rounds=10, iterations=1, warmup_rounds=1
    )
    benchmark.extra_info["rounds"] = path.rounds
    assert path.agreement and path.deal in list(
        pareto_frontier(random_scenario(8, 5, 3, model="simplex"))
    )
