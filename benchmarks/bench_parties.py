"""Many parties without the frontier: ``pytest benchmarks/bench_parties.py --benchmark-enable``.

- Nash by branch and bound (:func:`bargain.solve`, three or more parties) over sizes: the goals
  of issue 16 (3 x 40 x 11, 4 x 20 x 6, 6 x 12 x 5, 30 x 6 x 11) and smaller ones. The sizes
  marked ``large`` run only with ``--benchmark-enable`` (``conftest.py``).
- Every method at 3 x 8 x 11 (2.1 x 10**8 deals).
- Lotteries (the relaxation, solved exactly) at the goal sizes.
- The frontier's refusal of a space it cannot hold (4 x 20 x 6).

``extra_info`` records the nodes the branch and bound explored. The ratios to a brute force are
measured by ``python -m benchmarks.parties`` (the brute force takes minutes). Value model:
``"simplex"`` of :mod:`benchmarks.problems` (each level splits one unit among the parties, each
party weighs each issue by its own uniform(0, 1) weight), seed 0; every round builds a fresh
scenario in an untimed setup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from bargain import ScenarioError, pareto_frontier, solve
from bargain.solutions.concepts import METHODS
from benchmarks.problems import random_scenario

LARGE = pytest.mark.large
#: (parties, issues, levels): the goals of issue 16 are large, the rest run in the plain pytest.
SIZES = [
    pytest.param((3, 8, 5), id="3x8x5"),
    pytest.param((4, 8, 4), id="4x8x4"),
    pytest.param((6, 6, 4), id="6x6x4"),
    pytest.param((30, 3, 11), id="30x3x11"),
    pytest.param((3, 40, 11), id="3x40x11", marks=LARGE),
    pytest.param((4, 20, 6), id="4x20x6", marks=LARGE),
    pytest.param((6, 12, 5), id="6x12x5", marks=LARGE),
    pytest.param((30, 6, 11), id="30x6x11", marks=LARGE),
]


def run(benchmark: Any, fn: Callable[[Any], Any], size: tuple[int, int, int], rounds: int) -> Any:
    parties, issues, levels = size

    def setup() -> tuple[tuple[Any, ...], dict[str, Any]]:
        return (random_scenario(issues, levels, parties, model="simplex"),), {}

    return benchmark.pedantic(fn, setup=setup, rounds=rounds, iterations=1, warmup_rounds=1)


@pytest.mark.parametrize("size", SIZES)
def test_nash(benchmark: Any, size: tuple[int, int, int]) -> None:
    sol = run(benchmark, solve, size, rounds=5)
    assert sol.agreement and sol.certificate is not None
    assert sol.certificate.bound == sol.certificate.value
    benchmark.extra_info["nodes"] = sol.certificate.nodes


@pytest.mark.parametrize("method", METHODS.names)
def test_every_method_3x8x11(benchmark: Any, method: str) -> None:
    sol = run(benchmark, lambda s: solve(s, method), (3, 8, 11), rounds=5)
    assert sol.agreement and sol.certificate is not None
    benchmark.extra_info["nodes"] = sol.certificate.nodes


@pytest.mark.parametrize(
    "size",
    [pytest.param((3, 8, 5), id="3x8x5"), pytest.param((3, 40, 11), id="3x40x11", marks=LARGE)],
)
@pytest.mark.parametrize("method", ["nash", "egalitarian", "kalai-smorodinsky"])
def test_lottery(benchmark: Any, method: str, size: tuple[int, int, int]) -> None:
    sol = run(benchmark, lambda s: solve(s, method, lotteries=True), size, rounds=5)
    assert sol.agreement and sol.certificate is not None
    assert sol.certificate.gap <= 1e-9 * max(1.0, abs(sol.certificate.value))


def test_frontier_refusal_4x20x6(benchmark: Any) -> None:
    def refuse(s: Any) -> str:
        try:
            pareto_frontier(s)
        except ScenarioError as exc:
            return str(exc)
        return ""

    message = run(benchmark, refuse, (4, 20, 6), rounds=5)
    assert "bargain.solve" in message
