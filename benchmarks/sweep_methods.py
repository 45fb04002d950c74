"""Time a Monte Carlo sweep of the flagship, each method, in one or more checkouts, in one run.

Run from the repository root::

    python -m benchmarks.sweep_methods                      # this checkout
    python -m benchmarks.sweep_methods OLD_CHECKOUT .       # before and after, side by side
    python -m benchmarks.sweep_methods --quick              # 200 runs (the smoke test)

The sweep is that of issue 16's goal: 10,000 runs of ``russia-nato-2022-no-red-lines`` (the
flagship's red lines leave no deal, so its teaching variant is timed), Dirichlet(50) noise on
every party's weights and NATO's disagreement utility uniform on [0.6, 0.9], seed 1. Each method
runs in a fresh child process per checkout (``PYTHONPATH`` set to it, one BLAS thread); the
figure is the minimum of ``--repeat`` sweeps. Besides the time it prints how many runs the screen
left to be solved alone, and whether every checkout chose the same levels in every run. The
machine is shared, so compare columns of one run, never figures of different runs.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

METHODS = ("nash", "asymmetric-nash", "kalai-smorodinsky", "egalitarian", "utilitarian")

CASE = r"""
import hashlib, sys, time
import numpy as np
import bargain
method, runs, repeat = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
noise = {"*.weights": bargain.Dirichlet(50), "nato.disagreement": bargain.Uniform(0.6, 0.9)}
best = float("inf")
for _ in range(repeat):
    t0 = time.perf_counter()
    result = bargain.sweep(talks, uncertainty=noise, samples=runs, rng=1, method=method,
                           progress=False)
    best = min(best, time.perf_counter() - t0)
digest = hashlib.sha256(np.ascontiguousarray(result.levels).tobytes()).hexdigest()[:12]
print(best, result.fallbacks, digest)
"""


def time_one(checkout: Path, method: str, runs: int, repeat: int) -> tuple[float, int, str]:
    env = {**os.environ, "PYTHONPATH": str(checkout), "OPENBLAS_NUM_THREADS": "1"}
    done = subprocess.run(
        [sys.executable, "-c", CASE, method, str(runs), str(repeat)],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, fallbacks, digest = done.stdout.split()
    return float(seconds), int(fallbacks), digest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("checkouts", nargs="*", type=Path, default=[Path(".")])
    parser.add_argument("--quick", action="store_true", help="200 runs, one repeat")
    parser.add_argument("--repeat", type=int, default=3, help="sweeps per method and checkout")
    args = parser.parse_args(argv)
    runs, repeat = (200, 1) if args.quick else (10_000, args.repeat)
    checkouts = [c.resolve() for c in args.checkouts]
    print(f"{runs:,} runs, minimum of {repeat}; load average {os.getloadavg()[0]:.1f}\n")
    head = " | ".join(f"{c.name} (s)" for c in checkouts)
    print(f"| method | {head} | solved alone | same levels |")
    print("| --- |" + " ---: |" * len(checkouts) + " ---: | --- |")
    for method in METHODS:
        timed = [time_one(c, method, runs, repeat) for c in checkouts]
        seconds = " | ".join(f"{t[0]:.2f}" for t in timed)
        alone = " / ".join(str(t[1]) for t in timed)
        same = "yes" if len({t[2] for t in timed}) == 1 else "NO"
        print(f"| {method} | {seconds} | {alone} | {same} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
