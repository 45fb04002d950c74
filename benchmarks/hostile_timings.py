"""Time the inputs that used to hang (issue 13) in one or more checkouts of ``bargain``, in one run.

Run from the repository root::

    python -m benchmarks.hostile_timings                       # this checkout
    python -m benchmarks.hostile_timings OLD_CHECKOUT .        # before and after, side by side
    python -m benchmarks.hostile_timings --quick               # small sizes (the smoke test)

Each case runs in a fresh child process (``PYTHONPATH`` set to the checkout, one BLAS thread) and
times only the computation (inputs are built first); a case over ``--timeout`` seconds is reported
as such. The machine is shared, so compare columns of one run, never figures of different runs.

Cases: the two-party merge with ties (``n`` binary issues valued ``[0, 1]`` against ``[1, 0]``;
11-level linear values), the frontier, Zeuthen's protocol and trades on two parties x ``n`` issues
x 11 levels with values rounded to 3 decimals (the path times include their frontier), the
default equilibrium algorithm on random ``n x n`` threat games, and a 40,000-item GENIUS issue.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

CASE = r"""
import sys, time, warnings, tempfile, pathlib
warnings.simplefilter("ignore")
import numpy as np
import bargain
case, n = sys.argv[1], int(sys.argv[2])
def rounded(n, levels=11):
    rng = np.random.default_rng(0)
    keys = [f"i{i}" for i in range(n)]
    issues = [bargain.Issue(k, k, [f"l{j}" for j in range(levels)]) for k in keys]
    parties = [bargain.Party(p, p, values={k: rng.random(levels).round(3).tolist() for k in keys})
               for p in ("a", "b")]
    return bargain.Scenario(name="rounded", issues=issues, parties=parties)
if case == "binary":
    from bargain.frontier.merge import merge_frontier
    tables = [np.array([[0.0, 1.0], [1.0, 0.0]])] * n
    t0 = time.perf_counter(); merge_frontier(tables)
elif case == "linear":
    from bargain.frontier.merge import merge_frontier
    t = np.linspace(0, 1, 11); tables = [np.stack([t, t[::-1]], axis=1)] * n
    t0 = time.perf_counter(); merge_frontier(tables)
elif case == "frontier":
    s = rounded(n); t0 = time.perf_counter(); bargain.pareto_frontier(s)
elif case in ("zeuthen", "trades"):
    s = rounded(n); t0 = time.perf_counter(); bargain.concession_path(s, case)
elif case == "threat":
    from bargain.games.equilibria import nash_equilibria
    rng = np.random.default_rng(0)
    a, b = rng.random((n, n)).round(3), rng.random((n, n)).round(3)
    t0 = time.perf_counter(); nash_equilibria(a, b)
elif case == "items":
    folder = pathlib.Path(tempfile.mkdtemp())
    values = [f"v{k}" for k in range(n)]
    def issue(evaluations=None):
        items = "".join(
            f'<item index="{k + 1}" value="{v}"'
            + (f' evaluation="{evaluations[k]}"' if evaluations else "") + "/>"
            for k, v in enumerate(values))
        return f'<issue index="1" name="a" type="discrete">{items}</issue>'
    head = '<?xml version="1.0" encoding="UTF-8"?>\n'
    (folder / "d.xml").write_text(head + "<negotiation_template><utility_space>"
        '<objective index="0" name="root">' + issue() + "</objective></utility_space>"
        "</negotiation_template>")
    up, down = [k % 7 for k in range(n)], [(n - k) % 7 for k in range(n)]
    for name, ev in (("d_a.xml", up), ("d_b.xml", down)):
        (folder / name).write_text(head + '<utility_space><objective index="0" name="root">'
            + issue(ev) + '<weight index="1" value="1"/></objective></utility_space>')
    t0 = time.perf_counter(); bargain.load_scenario(folder)
print(f"{time.perf_counter() - t0:.2f}")
"""

FULL = [
    ("binary", 1000),
    ("binary", 2000),
    ("linear", 200),
    ("frontier", 400),
    ("zeuthen", 400),
    ("trades", 400),
    ("threat", 100),
    ("threat", 200),
    ("items", 40_000),
]
QUICK = [
    ("binary", 200),
    ("linear", 30),
    ("frontier", 20),
    ("zeuthen", 20),
    ("trades", 20),
    ("threat", 25),
    ("items", 2000),
]


def time_case(checkout: Path, case: str, n: int, timeout: float) -> str:
    env = dict(os.environ, PYTHONPATH=str(checkout), OPENBLAS_NUM_THREADS="1")
    try:
        done = subprocess.run(
            [sys.executable, "-c", CASE, case, str(n)],
            capture_output=True,
            text=True,
            timeout=timeout,
            env=env,
            cwd=checkout,  # "python -c" puts the working folder first on the import path
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:g}"
    lines = done.stdout.strip().splitlines()
    return lines[-1] if done.returncode == 0 and lines else "error"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hostile_timings")
    parser.add_argument("checkouts", nargs="*", default=["."], help="repository roots to time")
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke test)")
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per case")
    args = parser.parse_args(argv)
    roots = [Path(c).resolve() for c in args.checkouts]
    print("| case | n | " + " | ".join(f"seconds ({r.name})" for r in roots) + " |")
    print("| --- | --- |" + " --- |" * len(roots))
    for case, n in QUICK if args.quick else FULL:
        times = [time_case(root, case, n, args.timeout) for root in roots]
        print(f"| {case} | {n:,} | " + " | ".join(times) + " |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
