"""This machine's limits, and how close the brute-force kernel gets to them.

Run from the repository root::

    python -m benchmarks.limits            # full sizes, about a minute
    python -m benchmarks.limits --quick    # small sizes, seconds (the smoke test)

Measured, each in a fresh child process so that the thread settings take effect before numpy is
imported (``OMP_NUM_THREADS``, ``OPENBLAS_NUM_THREADS``, ``MKL_NUM_THREADS`` set to 1, or to the
number of cores for "all threads"). The machine is shared, so every measurement runs in
``--rounds`` interleaved rounds (default 3) of ``--repeat`` runs each (default 5), and each figure
is its best run, the one least disturbed; the bounds and the kernel are thus measured under the
same conditions:

- memory bandwidth: copying a large float64 array (256 MiB) with ``np.copyto``, counting the
  bytes read and written (2 x the array, as STREAM's "copy" does); and the same for an array of the
  brute force's block size (512 KiB), which stays in the cache;
- floating-point rate: a float64 matrix product (2048 x 2048), ``2 n**3`` flops, on one thread
  and on all of them;
- the brute-force kernel: :func:`bargain.frontier.enumerate.brute_force_nash` on the two-party
  problem 8 issues x 11 levels (214,358,881 deals; :mod:`benchmarks.problems`, ``"opposed"``, seed
  0), on one thread (numpy's element-wise operations use one).

Per deal the kernel does 3 flops (two additions forming both parties' gains, one multiplication
forming the Nash product) and one comparison (the argmax), in four numpy passes over 8-byte
block buffers: 48 bytes through the cache (write x, write y, read x and y and write the product,
read it for the argmax). Its inputs are two small tables reused across each block, so almost no
bytes per deal come from main memory. The report gives the deals per second each bound allows and
the fraction the kernel reaches. The matrix product's rate counts a fused multiply-add as two
flops, as usual.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
FLOPS_PER_DEAL = 3
BYTES_PER_DEAL = 48
BLOCK_BYTES = 512 * 1024
#: (figure, child measurement, threads)
MEASUREMENTS = (
    ("memory", "copy-memory", "one"),
    ("cache", "copy-cache", "one"),
    ("flops-1", "matmul", "one"),
    ("flops-all", "matmul", "all"),
    ("brute-force", "brute-force", "one"),
)

FULL = {"copy_mib": 256, "matmul_n": 2048, "issues": 8, "levels": 11, "repeat": 5}
QUICK = {"copy_mib": 16, "matmul_n": 384, "issues": 5, "levels": 11, "repeat": 2}


# ----------------------------------------------------------------------------- children
def copy_rate(n_bytes: int, repeat: int) -> float:
    """Best copy bandwidth, bytes per second (read + write counted)."""
    import numpy as np

    src = np.random.default_rng(0).random(n_bytes // 8)
    dst = np.empty_like(src)
    loops = max(1, (64 << 20) // n_bytes)  # small arrays: many copies per timing
    np.copyto(dst, src)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        for _ in range(loops):
            np.copyto(dst, src)
        best = min(best, (time.perf_counter() - t) / loops)
    return 2 * src.nbytes / best


def matmul_rate(n: int, repeat: int) -> float:
    """Best float64 matrix-product rate, flops per second."""
    import numpy as np

    rng = np.random.default_rng(0)
    a, b = rng.random((n, n)), rng.random((n, n))
    out = np.empty((n, n))
    np.matmul(a, b, out=out)
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        np.matmul(a, b, out=out)
        best = min(best, time.perf_counter() - t)
    return 2 * n**3 / best


def brute_force_rate(n_issues: int, n_levels: int, repeat: int) -> tuple[float, int]:
    """Best deals per second of bargain's two-party brute-force Nash kernel, and the deals."""
    import math

    from bargain.testing import brute_force_nash
    from benchmarks.problems import random_scenario

    best = float("inf")
    n = n_levels**n_issues
    for _ in range(repeat):
        s = random_scenario(n_issues, n_levels)  # rebuilt: nothing cached between runs
        tables, d = [t.copy() for t in s.tables], s.disagreement_point
        t = time.perf_counter()
        deal, _ = brute_force_nash(tables, d)
        best = min(best, time.perf_counter() - t)
        assert deal is not None and n == math.prod(s.shape)
    return n / best, n


def child(kind: str, sizes: dict[str, int]) -> None:
    r = sizes["repeat"]
    out: dict[str, Any]
    if kind == "copy-memory":
        out = {"rate": copy_rate(sizes["copy_mib"] << 20, r)}
    elif kind == "copy-cache":
        out = {"rate": copy_rate(BLOCK_BYTES, r)}
    elif kind == "matmul":
        out = {"rate": matmul_rate(sizes["matmul_n"], r)}
    elif kind == "brute-force":
        rate, n = brute_force_rate(sizes["issues"], sizes["levels"], r)
        out = {"rate": rate, "deals": n}
    else:
        raise ValueError(kind)
    print(json.dumps(out))


def run_child(kind: str, sizes: dict[str, int], threads: int) -> dict[str, Any]:
    env = dict(os.environ)
    env.update({v: str(threads) for v in THREAD_VARIABLES})
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])
    cmd = [sys.executable, "-m", "benchmarks.limits", "--child", kind, json.dumps(sizes)]
    done = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{kind} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


# ----------------------------------------------------------------------------- the machine
def machine() -> dict[str, str]:
    """CPU model, cores, memory, Python, numpy and its BLAS."""
    import numpy as np

    cpu = platform.processor() or platform.machine()
    memory = "?"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 2**20:.1f} GiB"
    except OSError:
        pass
    blas = "?"
    try:
        config = np.show_config(mode="dicts")
        info = config["Build Dependencies"]["blas"]
        blas = f"{info.get('name', '?')} {info.get('version', '')}".strip()
    except (TypeError, KeyError, AttributeError):
        pass
    return {
        "CPU": cpu,
        "cores": str(os.cpu_count()),
        "memory": memory,
        "Python": platform.python_version(),
        "numpy": np.__version__,
        "BLAS": blas,
        "OS": f"{platform.system()} {platform.release()}",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke test)")
    parser.add_argument("--repeat", type=int, default=None, help="runs per figure, best kept")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (3)")
    parser.add_argument("--child", nargs=2, metavar=("KIND", "SIZES"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child[0], json.loads(args.child[1]))
        return 0
    sizes = dict(QUICK if args.quick else FULL)
    if args.repeat:
        sizes["repeat"] = args.repeat
    cores = os.cpu_count() or 1
    rounds = args.rounds or (1 if args.quick else 3)
    info = machine()
    print("machine: " + "; ".join(f"{k} {v}" for k, v in info.items()))
    print(
        f"each figure the best of {rounds} rounds x {sizes['repeat']} runs; every round runs every "
        "measurement once, in a fresh process\n"
    )

    # Rounds of every measurement, interleaved, so that the bounds and the kernel are measured
    # under the same load; each figure is its best over all rounds.
    best: dict[str, dict[str, Any]] = {}
    for _ in range(rounds):
        for key, kind, threads in MEASUREMENTS:
            got = run_child(kind, sizes, cores if threads == "all" else 1)
            if key not in best or got["rate"] > best[key]["rate"]:
                best[key] = got
    memory_bw, cache_bw = best["memory"]["rate"], best["cache"]["rate"]
    flops_1, flops_all = best["flops-1"]["rate"], best["flops-all"]["rate"]
    bf = best["brute-force"]
    n = sizes["matmul_n"]
    print(
        f"memory bandwidth, copy of {sizes['copy_mib']} MiB, one thread: {memory_bw / 1e9:.1f} GB/s"
    )
    print(
        f"cache bandwidth, copy of {BLOCK_BYTES >> 10} KiB (the block), one thread: "
        f"{cache_bw / 1e9:.1f} GB/s"
    )
    print(
        f"float64 matrix product {n} x {n}: {flops_1 / 1e9:.1f} GFLOP/s on one thread, "
        f"{flops_all / 1e9:.1f} GFLOP/s on all {cores} threads"
    )
    rate = bf["rate"]
    print(
        f"\nbrute force (bargain.bruteforce.brute_force_nash), 2 parties, {sizes['issues']} issues "
        f"x {sizes['levels']} levels = {bf['deals']:,} deals, one thread: "
        f"{rate / 1e6:,.0f} M deals/s ({bf['deals'] / rate:.3g} s)"
    )
    print(
        f"per deal: {FLOPS_PER_DEAL} flops + 1 comparison; {BYTES_PER_DEAL} bytes through the "
        "cache; ~0 bytes from memory"
    )
    bounds = [
        ("floating point, one thread", flops_1 / FLOPS_PER_DEAL),
        ("floating point, all threads", flops_all / FLOPS_PER_DEAL),
        ("cache bandwidth, one thread", cache_bw / BYTES_PER_DEAL),
        ("memory bandwidth, one thread (if every pass went to memory)", memory_bw / BYTES_PER_DEAL),
    ]
    for label, bound in bounds:
        print(
            f"  {label}: bound {bound / 1e6:,.0f} M deals/s; the kernel reaches {rate / bound:.1%}"
        )
    print(
        f"\nsummary: brute force {rate / 1e6:,.0f} M deals/s = {rate * FLOPS_PER_DEAL / 1e9:.2f} "
        f"GFLOP/s, {rate * FLOPS_PER_DEAL / flops_1:.1%} of one thread's floating-point bound "
        f"and {rate * BYTES_PER_DEAL / cache_bw:.1%} of its cache bandwidth"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
