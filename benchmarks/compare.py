"""Side by side on the same seeded problems: bargain, a plain numpy brute force and NegMAS.

Run from the repository root::

    python -m benchmarks.compare            # the problems of issue 8 (NegMAS takes minutes)
    python -m benchmarks.compare --quick    # small problems, seconds (the smoke test)

One run measures every side on every problem and prints the figures, the ratios and whether the
three agree. Each side runs in its own child process, one per problem, so that its peak resident
memory (``VmHWM``) is its own: the child builds the problem, reads its resident memory (the
baseline: interpreter, imports, problem), times the work ``--repeat`` times (min and median
reported; the problem and NegMAS's utility functions are rebuilt before every repetition and
not timed, so nothing is cached between repetitions) and reports its peak.

The sides
---------
(a) ``bargain``: :func:`bargain.pareto_frontier`, then :func:`bargain.solutions.concepts.choose`
    for the Nash, Kalai-Smorodinsky and egalitarian points on that frontier (what NegMAS's
    ``nash_points`` and friends do on its frontier); also one :func:`bargain.solutions.solve` call,
    which computes its own frontier.
(b) a plain numpy brute force, written here to be obviously correct: the utilities of every deal
    in one array, the frontier by a sort and a running maximum (two parties) or by comparing
    against the frontier found so far (three or more), each solution by an argmax over every
    individually rational deal.
(c) NegMAS (the optional extra ``bench``): ``pareto_frontier`` over its outcome space, then
    ``nash_points``, ``ks_points`` and ``kalai_points`` (NegMAS calls the egalitarian solution
    "kalai") on that frontier.

Conventions, reconciled
-----------------------
The problems come from :mod:`benchmarks.problems` (two parties: the ``"opposed"`` value model;
three: ``"simplex"``; seed 0), with disagreement utilities 0. Every deal is worth more than 0 to
every party there, so ``pareto_frontier`` returns the whole frontier, as NegMAS's does. NegMAS
0.16 measures gains from ``max(reserved value, lowest utility)``, here each party's lowest
utility, so (a) and (b) pick the solutions with that disagreement point. Nash and egalitarian then
mean the same thing on all three sides. Kalai-Smorodinsky does not: NegMAS minimises the spread
``max - min`` of the normalised gains, with the ideal point taken over the whole outcome space;
``bargain`` maximises the smallest normalised gain (leximin), with the ideal over the
individually rational deals (Kalai and Smorodinsky's definition). So (b) computes both, (a) is
checked against the one and NegMAS against the other, and the report says whether the two
definitions pick the same point.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import os
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks.problems import random_scenario

ROOT = Path(__file__).resolve().parent.parent

#: name: (parties, issues, levels, value model, repetitions of bargain / brute force / NegMAS).
PROBLEMS: dict[str, tuple[int, int, int, str]] = {
    "2x8x3": (2, 8, 3, "opposed"),
    "2x8x5": (2, 8, 5, "opposed"),
    "2x8x7": (2, 8, 7, "opposed"),
    "3x8x5": (3, 8, 5, "simplex"),
}
QUICK_PROBLEMS: dict[str, tuple[int, int, int, str]] = {
    "2x6x3": (2, 6, 3, "opposed"),
    "3x5x3": (3, 5, 3, "simplex"),
}
SIDES = ("bargain", "numpy", "negmas")
TITLES = {"bargain": "bargain", "numpy": "numpy brute force", "negmas": "NegMAS"}
SOLUTIONS = ("nash", "ks", "egalitarian")
#: Utilities agree when they differ by at most this (sums of the same terms, another order).
ATOL = 1e-9

Array = np.ndarray[Any, np.dtype[np.float64]]


def problem(name: str) -> Any:
    """The seeded scenario called `name` (``"PxIxL"``)."""
    parties, issues, levels, model = {**PROBLEMS, **QUICK_PROBLEMS}[name]
    return random_scenario(issues, levels, parties, model=model, seed=0)


def lowest_utilities(scenario: Any) -> Array:
    """Each party's lowest utility over all deals: NegMAS's baseline for gains."""
    return np.asarray(sum(t.min(axis=0) for t in scenario.tables), dtype=np.float64)


# ----------------------------------------------------------------------------- (b) brute force
def all_utilities(tables: list[Array]) -> Array:
    """Utilities of every deal, ``(n_deals, n_parties)``, summed issue by issue, in C order."""
    u = np.zeros((1, tables[0].shape[1]))
    for t in tables:
        u = (u[:, None, :] + t[None, :, :]).reshape(-1, t.shape[1])
    return u


def frontier_brute(u: Array, chunk: int = 2048) -> Array:
    """The distinct Pareto-optimal rows of `u`, sorted lexicographically ascending.

    Sorted lexicographically descending, a point is dominated (or repeated) exactly when some
    earlier point is at least as good for every party; it suffices to look at the earlier points
    kept (whatever dominates a dropped point dominates through a kept one).
    """
    order = np.lexsort(u.T[::-1])[::-1]
    p = u[order]
    if u.shape[1] == 2:
        best_before = np.maximum.accumulate(np.concatenate([[-np.inf], p[:-1, 1]]))
        return p[p[:, 1] > best_before][::-1].copy()

    def at_least(a: Array, b: Array) -> Array:
        """``out[i, j]``: ``a[j] >= b[i]`` for every party."""
        out = a[None, :, 0] >= b[:, None, 0]
        for j in range(1, a.shape[1]):
            out &= a[None, :, j] >= b[:, None, j]
        return out

    kept = p[:0]
    for a in range(0, p.shape[0], chunk):
        c = p[a : a + chunk]
        by_kept = at_least(kept, c).any(axis=1)
        within = at_least(c, c) & np.tri(c.shape[0], k=-1, dtype=bool)  # only earlier points
        kept = np.concatenate([kept, c[~(by_kept | within.any(axis=1))]])
    return kept[::-1].copy()


def leximin_best(scores: Array) -> int:
    """Row whose ascending-sorted scores are lexicographically largest."""
    s = np.sort(scores, axis=1)
    return int(np.lexsort(s.T[::-1])[-1])


def solutions_brute(u: Array, frontier: Array, base: Array) -> dict[str, list[float]]:
    """Nash, KS (both definitions) and egalitarian utilities, by search over every deal."""
    g = u - base
    rational = (g > 0).all(axis=1)
    gr, ur = g[rational], u[rational]
    ideal = gr.max(axis=0)
    # NegMAS's KS: on the frontier, the smallest spread of gains normalised by the whole range.
    a = (frontier - base) / (u.max(axis=0) - base)
    spread = a.max(axis=1) - a.min(axis=1)
    return {
        "nash": ur[int(np.argmax(gr.prod(axis=1)))].tolist(),
        "ks": ur[leximin_best(gr / ideal)].tolist(),
        "ks_negmas": frontier[int(np.argmin(spread))].tolist(),
        "egalitarian": ur[leximin_best(gr)].tolist(),
    }


# ----------------------------------------------------------------------------- the three sides
Timed = dict[str, list[float]]


def _clock(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def measure_bargain(name: str, repeat: int) -> tuple[Timed, dict[str, Any]]:
    from bargain import pareto_frontier, solve
    from bargain.solutions.concepts import choose

    times: Timed = {k: [] for k in ("frontier", "nash", "ks", "egalitarian", "solve")}
    out: dict[str, Any] = {}
    for _ in range(repeat):
        s = problem(name)
        base = lowest_utilities(s)
        gc.collect()
        t, f = _clock(lambda s=s: pareto_frontier(s))
        times["frontier"].append(t)
        if f.n_deals and len(f) and not (f.utilities > 0).all():
            raise AssertionError("a deal is worth <= 0: the frontier is not the whole frontier")
        for key, method in (("nash", "nash"), ("ks", "kalai-smorodinsky"), ("egalitarian",) * 2):
            t, (best, _) = _clock(lambda f=f, m=method, b=base: choose(m, f.utilities, f.levels, b))
            times[key].append(t)
            out[key] = f.utilities[best].tolist()
        s = problem(name)
        gc.collect()
        t, sol = _clock(lambda s=s, b=base: solve(s, disagreement=b.tolist()))
        times["solve"].append(t)
        if not np.allclose(list(sol.utilities.values()), out["nash"], rtol=0, atol=ATOL):
            raise AssertionError("solve() and the Nash point of pareto_frontier() differ")
        out["frontier"] = f.utilities.tolist()
    return times, out


def measure_numpy(name: str, repeat: int) -> tuple[Timed, dict[str, Any]]:
    times: Timed = {k: [] for k in ("frontier", "nash")}
    out: dict[str, Any] = {}
    for _ in range(repeat):
        s = problem(name)
        tables = [np.array(t) for t in s.tables]
        base = lowest_utilities(s)
        gc.collect()

        def enumerate_and_prune(tables: list[Array] = tables) -> tuple[Array, Array]:
            u = all_utilities(tables)
            return u, frontier_brute(u)

        t, (u, front) = _clock(enumerate_and_prune)
        times["frontier"].append(t)

        def nash(u: Array = u, base: Array = base) -> Array:
            g = u - base
            score = np.where((g > 0).all(axis=1), g.prod(axis=1), -np.inf)
            return u[int(np.argmax(score))]

        t, _ = _clock(nash)
        times["nash"].append(t)
        out = {"frontier": front.tolist(), **solutions_brute(u, front, base)}
        del u, front
    return times, out


def _negmas_ufuns(scenario: Any) -> tuple[list[Any], Any]:
    from negmas.outcomes import make_issue, make_os
    from negmas.preferences import LinearAdditiveUtilityFunction
    from negmas.preferences.value_fun import TableFun

    space = make_os([make_issue(list(i.levels), name=i.key) for i in scenario.issues])
    ufuns = [
        LinearAdditiveUtilityFunction(
            [TableFun(dict(zip(i.levels, p.values[i.key], strict=True))) for i in scenario.issues],
            weights=[p.weights[i.key] for i in scenario.issues],
            outcome_space=space,
            reserved_value=p.disagreement,
        )
        for p in scenario.parties
    ]
    return ufuns, space


def measure_negmas(name: str, repeat: int) -> tuple[Timed, dict[str, Any]]:
    from negmas.preferences import kalai_points, ks_points, nash_points, pareto_frontier

    warnings.simplefilter("ignore")
    times: Timed = {k: [] for k in ("frontier", "nash", "ks", "egalitarian")}
    out: dict[str, Any] = {}
    for _ in range(repeat):
        ufuns, space = _negmas_ufuns(problem(name))
        gc.collect()
        t, (front, _) = _clock(lambda u=ufuns, o=space: pareto_frontier(u, issues=o.issues))
        times["frontier"].append(t)
        for key, fn in (("nash", nash_points), ("ks", ks_points), ("egalitarian", kalai_points)):
            t, points = _clock(lambda f=fn, u=ufuns, fr=front, o=space: f(u, fr, outcome_space=o))
            times[key].append(t)
            out[key] = [list(p) for p, _ in points]
        out["frontier"] = [list(p) for p in front]
        del front
    return times, out


MEASURE = {"bargain": measure_bargain, "numpy": measure_numpy, "negmas": measure_negmas}


def _memory() -> tuple[int, int]:
    """Resident and peak resident memory of this process, in bytes."""
    try:
        fields = dict(
            line.split(":", 1) for line in Path("/proc/self/status").read_text().splitlines()
        )
        return int(fields["VmRSS"].split()[0]) * 1024, int(fields["VmHWM"].split()[0]) * 1024
    except (OSError, KeyError):  # not Linux: the peak only
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        peak *= 1 if sys.platform == "darwin" else 1024
        return peak, peak


def child(side: str, name: str, repeat: int) -> None:
    """Measure one side on one problem; print one JSON line."""
    if side == "negmas":
        import negmas.preferences  # noqa: F401  (imports belong to the baseline)
    else:
        import bargain  # noqa: F401
    problem(name)
    gc.collect()
    base_rss, _ = _memory()
    times, out = MEASURE[side](name, repeat)
    _, peak = _memory()
    print(json.dumps({"times": times, "out": out, "rss": base_rss, "peak": peak}))


# ----------------------------------------------------------------------------- the parent
def run_child(side: str, name: str, repeat: int) -> dict[str, Any]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    cmd = [sys.executable, "-m", "benchmarks.compare", "--child", side, name, str(repeat)]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{side} on {name} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def same_set(a: list[list[float]], b: list[list[float]]) -> bool:
    """Two sets of utility vectors equal within ATOL (each sorted, then compared row by row)."""
    x, y = np.array(a, dtype=float), np.array(b, dtype=float)
    if x.shape != y.shape:
        return False
    if x.size == 0:
        return True
    x, y = x[np.lexsort(x.T[::-1])], y[np.lexsort(y.T[::-1])]
    return bool(np.allclose(x, y, rtol=0, atol=ATOL))


def near(a: list[float], b: list[float]) -> bool:
    return bool(np.allclose(a, b, rtol=0, atol=ATOL))


def agreement(results: dict[str, dict[str, Any]]) -> dict[str, str]:
    """Per quantity: does each side equal the brute force? ``"yes"``, ``"NO"`` or ``"-"``."""
    ref = results["numpy"]["out"]
    verdict: dict[str, str] = {}
    for side in ("bargain", "negmas"):
        if side not in results:
            continue
        out = results[side]["out"]
        checks = {"frontier": same_set(out["frontier"], ref["frontier"])}
        if side == "bargain":
            checks.update({k: near(out[k], ref[k]) for k in SOLUTIONS})
        else:  # NegMAS returns every point within its eps of the best: the reference among them
            ref_of = {"nash": "nash", "ks": "ks_negmas", "egalitarian": "egalitarian"}
            checks.update({k: any(near(p, ref[ref_of[k]]) for p in out[k]) for k in SOLUTIONS})
        for k, ok in checks.items():
            verdict[f"{side}.{k}"] = "yes" if ok else "NO"
    verdict["ks definitions coincide"] = "yes" if near(ref["ks"], ref["ks_negmas"]) else "no"
    return verdict


def fmt_time(seconds: float) -> str:
    if seconds < 1e-3:
        return f"{seconds * 1e6:.0f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.3g} ms"
    return f"{seconds:.3g} s"


def fmt_ratio(x: float) -> str:
    return f"{x:,.0f}×" if x >= 100 else f"{x:.3g}×"


def mib(n: float) -> str:
    return f"{n / 2**20:,.0f} MiB"


def summarise(times: Timed) -> dict[str, tuple[float, float]]:
    """(min, median) of every timed quantity, plus the Pareto + Nash pipeline per repetition."""
    stats = {k: (min(v), float(np.median(v))) for k, v in times.items()}
    pipe = [f + n for f, n in zip(times["frontier"], times["nash"], strict=True)]
    stats["pareto+nash"] = (min(pipe), float(np.median(pipe)))
    return stats


def report(name: str, results: dict[str, dict[str, Any]]) -> dict[str, Any]:
    parties, issues, levels, _ = {**PROBLEMS, **QUICK_PROBLEMS}[name]
    n_deals = levels**issues
    n_front = len(results["numpy"]["out"]["frontier"])
    print(
        f"\n== {parties} parties × {issues} issues × {levels} levels: {n_deals:,} deals, "
        f"frontier {n_front:,} points"
    )
    sides = [s for s in SIDES if s in results]
    stats = {s: summarise(results[s]["times"]) for s in sides}
    rows = [
        ("Pareto frontier", "frontier"),
        ("Nash on the frontier", "nash"),
        ("Pareto + Nash", "pareto+nash"),
        ("KS on the frontier", "ks"),
        ("egalitarian on the frontier", "egalitarian"),
        ("solve() (own frontier)", "solve"),
    ]
    width = 22
    print(f"{'min (median) of repeats':<30}" + "".join(f"{TITLES[s]:>{width}}" for s in sides))
    for label, key in rows:
        cells = []
        for s in sides:
            if key in stats[s]:
                lo, med = stats[s][key]
                cells.append(f"{fmt_time(lo)} ({fmt_time(med)})")
            else:
                cells.append("-" if not (s == "numpy" and key != "solve") else "(over all deals)")
        print(f"{label:<30}" + "".join(f"{c:>{width}}" for c in cells))
    print(
        f"{'repeats':<30}"
        + "".join(f"{len(results[s]['times']['frontier']):>{width}}" for s in sides)
    )
    print(
        f"{'peak RSS (baseline)':<30}"
        + "".join(
            f"{mib(results[s]['peak']) + ' (' + mib(results[s]['rss']) + ')':>{width}}"
            for s in sides
        )
    )
    verdict = agreement(results)
    print("agrees with the brute force: " + ", ".join(f"{k} {v}" for k, v in verdict.items()))
    ours = stats["bargain"]["pareto+nash"][0]
    row: dict[str, Any] = {
        "problem": f"{parties} × {issues} × {levels}",
        "deals": n_deals,
        "frontier": n_front,
        "bargain": ours,
        "numpy": stats["numpy"]["pareto+nash"][0],
        "bargain_peak": results["bargain"]["peak"],
        "numpy_peak": results["numpy"]["peak"],
        "agree": all(v != "NO" for v in verdict.values()),
    }
    print(
        f"ratio numpy brute force / bargain (Pareto + Nash, min): {fmt_ratio(row['numpy'] / ours)}"
    )
    if "negmas" in results:
        row["negmas"] = stats["negmas"]["pareto+nash"][0]
        row["negmas_peak"] = results["negmas"]["peak"]
        print(
            f"ratio NegMAS / bargain (Pareto + Nash, min): {fmt_ratio(row['negmas'] / ours)}; "
            f"peak memory NegMAS / bargain: {row['negmas_peak'] / row['bargain_peak']:.3g}×"
        )
    return row


def headline(rows: list[dict[str, Any]]) -> None:
    """The table RESULTS.md and the README quote (Markdown)."""
    negmas = all("negmas" in r for r in rows)
    head = "| problem | deals | frontier | bargain | numpy brute force |"
    rule = "| --- | ---: | ---: | ---: | ---: |"
    if negmas:
        head += " NegMAS | NegMAS ÷ bargain | peak memory bargain / NegMAS |"
        rule += " ---: | ---: | ---: |"
    print("\nPareto frontier + Nash point, min of repeats (Markdown):\n")
    print(head)
    print(rule)
    for r in rows:
        line = (
            f"| {r['problem']} | {r['deals']:,} | {r['frontier']:,} | {fmt_time(r['bargain'])} "
            f"| {fmt_time(r['numpy'])} |"
        )
        if negmas:
            line += (
                f" {fmt_time(r['negmas'])} | {fmt_ratio(r['negmas'] / r['bargain'])} "
                f"| {mib(r['bargain_peak'])} / {mib(r['negmas_peak'])} |"
            )
        print(line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small problems (a smoke test)")
    parser.add_argument("--repeat", type=int, default=None, help="repeats of bargain (default 20)")
    parser.add_argument("--numpy-repeat", type=int, default=None, help="default 3")
    parser.add_argument("--negmas-repeat", type=int, default=None, help="default 3")
    parser.add_argument("--no-negmas", action="store_true", help="skip NegMAS")
    parser.add_argument("--problems", nargs="*", help="a subset, e.g. 2x8x5 3x8x5")
    parser.add_argument(
        "--child", nargs=3, metavar=("SIDE", "PROBLEM", "REPEAT"), help=argparse.SUPPRESS
    )
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], args.child[1], int(args.child[2]))
        return 0
    problems = QUICK_PROBLEMS if args.quick else PROBLEMS
    names = args.problems or list(problems)
    repeat = {
        "bargain": args.repeat or (3 if args.quick else 20),
        "numpy": args.numpy_repeat or (1 if args.quick else 3),
        "negmas": args.negmas_repeat or (1 if args.quick else 3),
    }
    sides = ["bargain", "numpy"]
    if args.no_negmas:
        print("NegMAS skipped (--no-negmas).")
    elif importlib.util.find_spec("negmas") is None:
        print(
            "NegMAS is not installed, so it is not compared: install the optional extra `bench` "
            "(pip install -e '.[bench]') to include it. Comparing bargain with the numpy brute "
            "force only."
        )
    else:
        from importlib.metadata import version

        sides.append("negmas")
        print(f"NegMAS {version('negmas')}")
    from benchmarks.limits import machine

    print("machine: " + "; ".join(f"{k} {v}" for k, v in machine().items()))
    print(
        "repeats "
        + ", ".join(f"{TITLES[s]} {repeat[s]}" for s in sides)
        + "; each side in its own child process"
    )
    rows = []
    for name in names:
        results = {side: run_child(side, name, repeat[side]) for side in sides}
        rows.append(report(name, results))
    headline(rows)
    if not all(r["agree"] for r in rows):
        print("\nDISAGREEMENT: see the lines marked NO above.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
