"""Many parties, exactly: the branch and bound against a brute force, in one run, on one core.

Run from the repository root::

    python -m benchmarks.parties            # the goals of issue 16 (the brute force takes minutes)
    python -m benchmarks.parties --quick    # small sizes, seconds (the smoke test)

For each problem (seeded ``"simplex"`` scenarios of :mod:`benchmarks.problems`, seed 0) it times
:func:`bargain.solve` (the minimum of ``--repeat`` runs, each on a freshly built scenario), reads
the nodes the branch and bound explored from the solution's certificate, and, where the space has
at most ``--brute-limit`` deals, times :func:`bargain.testing.brute_force_solution` once and
checks that both give the same deal and ties. Then it times Monte Carlo sweeps of
``russia-nato-2022`` for every method. numpy runs single-threaded (set before it is imported).
The output is Markdown, pasted into ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import os

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"

import argparse  # noqa: E402 - after the thread settings, which numpy reads on import
import math  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

import bargain  # noqa: E402
from bargain import Dirichlet, Uniform, solve, sweep  # noqa: E402
from bargain.solutions.concepts import METHODS  # noqa: E402
from bargain.testing import brute_force_solution  # noqa: E402
from benchmarks.problems import random_scenario  # noqa: E402

FULL = [
    ("nash", 3, 40, 11),
    ("nash", 4, 20, 6),
    ("nash", 6, 12, 5),
    ("nash", 30, 6, 11),
    *((m, 3, 8, 11) for m in METHODS.names),
]
QUICK = [
    ("nash", 3, 8, 5),
    ("nash", 6, 5, 4),
    ("nash", 30, 3, 6),
    *((m, 3, 5, 5) for m in METHODS.names),
]
GOALS = {
    ("nash", 3, 40, 11): "≤ 1 s",
    ("nash", 4, 20, 6): "≤ 2 s",
    ("nash", 6, 12, 5): "≤ 1 s, = brute force",
    ("nash", 30, 6, 11): "≤ 0.2 s, = brute force",
    **{(m, 3, 8, 11): "≤ 0.1 s, = brute force" for m in METHODS.names},
}


def best_of(fn: Callable[[], Any], repeat: int, setup: Callable[[], Any]) -> tuple[float, Any]:
    """The fastest of `repeat` timed calls ``fn(setup())`` (setup untimed), and the last result."""
    best, out = math.inf, None
    for _ in range(repeat):
        arg = setup()
        start = time.perf_counter()
        out = fn(arg)
        best = min(best, time.perf_counter() - start)
    return best, out


def fmt_time(seconds: float) -> str:
    if seconds >= 1:
        return f"{seconds:.2f} s"
    if seconds >= 1e-3:
        return f"{seconds * 1e3:.1f} ms"
    return f"{seconds * 1e6:.0f} µs"


def levels_of(s: Any, sol: Any) -> tuple[tuple[int, ...] | None, list[tuple[int, ...]]]:
    """A solution's deal and ties as level indices."""
    if sol.levels is None:
        return None, []
    return sol.levels, [tuple(s.parse_deal(t).values()) for t in sol.ties]


def one_problem(problem: tuple[str, int, int, int], repeat: int, limit: float) -> str:
    method, k, n, levels = problem

    def make() -> Any:
        return random_scenario(n, levels, k, model="simplex")

    s = make()
    engine, sol = best_of(lambda x: solve(x, method), repeat, make)
    nodes = sol.certificate.nodes if sol.certificate is not None else 0
    deals = s.n_deals
    brute, ratio, equal = "—", "—", "—"
    if deals <= limit:
        start = time.perf_counter()
        deal, ties = brute_force_solution(method, s.tables, s.disagreement_point, s.powers)
        seconds = time.perf_counter() - start
        mine = levels_of(s, sol)
        theirs = (
            None if deal is None else tuple(int(x) for x in deal),
            [tuple(int(x) for x in t) for t in ties],
        )
        brute, ratio = fmt_time(seconds), f"{seconds / engine:,.3g}×"
        equal = "yes" if mine == theirs else "NO"
    else:
        rate = 1.5e7 / k  # deals per second of the blocked brute force, roughly
        years = deals / rate / 3.15e7
        brute = f"~{years:.1e} years" if years > 1 else "—"
    goal = GOALS.get(problem, "")
    return (
        f"| {method} | {k} × {n} × {levels} | {deals:.2g} | {fmt_time(engine)} | {nodes:,} | "
        f"{brute} | {ratio} | {equal} | {goal} |"
    )


def sweeps(runs: int, repeat: int) -> list[str]:
    uncertainty = {"*.weights": Dirichlet(50), "nato.disagreement": Uniform(0.6, 0.9)}
    rows = []
    for method in METHODS.names:

        def go(s: Any, method: str = method) -> Any:
            return sweep(
                s, uncertainty=uncertainty, samples=runs, rng=1, method=method, progress=False
            )

        seconds, result = best_of(
            go, repeat, lambda: bargain.load_scenario("russia-nato-2022-no-red-lines")
        )
        rows.append(
            f"| {method} | {runs:,} | {fmt_time(seconds)} | {seconds / runs * 1e6:.0f} µs | "
            f"{result.fallbacks} |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (seconds)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per problem")
    parser.add_argument("--brute-limit", type=float, default=3e8, help="largest brute force")
    args = parser.parse_args(argv)
    problems = QUICK if args.quick else FULL
    repeat = 2 if args.quick else args.repeat
    print(f"numpy {np.__version__}, one thread; load average {os.getloadavg()[0]:.1f}\n")
    print(
        "| method | parties × issues × levels | deals | bargain (min) | nodes | brute force | "
        "ratio | same deal and ties | goal |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | --- | --- |")
    for problem in problems:
        print(one_problem(problem, repeat, args.brute_limit), flush=True)
    print("\n| method | runs | sweep (min) | per run | solved one by one |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for row in sweeps(200 if args.quick else 10_000, 1 if args.quick else 3):
        print(row, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
