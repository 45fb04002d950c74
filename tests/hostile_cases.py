"""The reproducers of issue 13, as command lines run in a child process under limits.

Each :class:`Case` builds its input files in a folder and gives the command line; :func:`run_case`
runs it as ``python -m bargain ...`` with an address-space limit (``resource.setrlimit``) and a
time bound, optionally interrupting it (Ctrl-C) after a few seconds, and measures its time and
peak memory. ``tests/test_scale.py`` runs the large ones; ``python -m tests.fuzz_report`` runs
all of them for ``docs/hostile-inputs.md``.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from tests.hostile_inputs import TOY_TOML, range_genius, two_party_genius

#: The address space a case may use (numpy and scipy alone take a few hundred MiB of it).
MEMORY_LIMIT = 2 * 2**30


@dataclass(frozen=True)
class Case:
    """One hostile input: what it stands for, how to build it, what must happen."""

    name: str
    group: str
    finding: str
    build: Callable[[Path], list[str]]
    expect: str  # "answer", "refused" or "interrupted"
    seconds: float = 60.0
    interrupt_after: float | None = None
    large: bool = False


@dataclass(frozen=True)
class Result:
    """What a case did."""

    kind: str
    code: int | None
    seconds: float
    peak_mib: float
    err: str


def _toml(folder: Path, text: str, name: str = "s.toml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _scenario(folder: Path, n_issues: int, n_levels: int, model: str) -> Path:
    """A two-party scenario file: "binary" ([0,1] vs [1,0]) or "rounded" (3-decimal values)."""
    from bargain import Issue, Party, Scenario
    from bargain.io.toml import write_toml

    rng = np.random.default_rng(0)
    keys = [f"i{i}" for i in range(n_issues)]
    issues = [Issue(k, k, [f"l{j}" for j in range(n_levels)]) for k in keys]
    if model == "binary":
        values = [{k: [0.0, 1.0] for k in keys}, {k: [1.0, 0.0] for k in keys}]
    else:
        values = [{k: rng.random(n_levels).round(3).tolist() for k in keys} for _ in range(2)]
    parties = [Party(p, p, values=v) for p, v in zip(("a", "b"), values, strict=True)]
    path = folder / f"{model}-{n_issues}x{n_levels}.toml"
    write_toml(Scenario(name=path.stem, issues=issues, parties=parties), path)
    return path


def _threat(folder: Path, n: int) -> Path:
    import dataclasses

    from bargain import ThreatGame, load_scenario
    from bargain.io.toml import write_toml

    rng = np.random.default_rng(0)
    game = ThreatGame(
        row="russia",
        column="nato",
        row_strategies=[f"r{i}" for i in range(n)],
        column_strategies=[f"c{i}" for i in range(n)],
        row_payoffs=rng.random((n, n)).round(3).tolist(),
        column_payoffs=rng.random((n, n)).round(3).tolist(),
    )
    path = folder / f"threat{n}.toml"
    write_toml(
        dataclasses.replace(load_scenario("russia-nato-2022-no-red-lines"), threat_game=game), path
    )
    return path


def _grocery(folder: Path) -> list[Path]:
    source = Path(__file__).parent / "data" / "genius" / "y2011" / "Grocery"
    out = folder / "grocery"
    out.mkdir()
    names = ["Grocery_domain.xml", "Grocery_domain_mary.xml", "Grocery_domain_sam.xml"]
    for name in names:
        (out / name).write_bytes((source / name).read_bytes())
    return [out / n for n in names]


def _fifo(folder: Path) -> list[str]:
    path = folder / "fifo.toml"
    os.mkfifo(path)
    return ["show", str(path)]


def _huge_file(folder: Path) -> list[str]:
    path = folder / "huge.toml"
    with path.open("wb") as f:
        f.truncate(65 * 2**20)  # 65 MiB of zero bytes (sparse): over the 64 MiB cap
    return ["show", str(path)]


def _checkpoint_forged(folder: Path) -> list[str]:
    import json

    args = ["sweep", "russia-nato-2022-no-red-lines", "--vary", "nato.disagreement=0.5:0.9:40"]
    ckpt, out = folder / "c.ckpt", folder / "runs.csv"
    subprocess.run(
        [sys.executable, "-m", "bargain", *args, "--checkpoint", str(ckpt), "--out", str(out)],
        check=True,
        capture_output=True,
    )
    lines = ckpt.read_text(encoding="utf-8").splitlines()
    data = json.loads(lines[0])
    data["fingerprint"] = 5
    lines[0] = json.dumps(data)
    ckpt.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [*args, "--checkpoint", str(ckpt), "--out", str(folder / "again.csv")]


def _sweep(folder: Path, *extra: str) -> list[str]:
    return [
        "sweep",
        "russia-nato-2022-no-red-lines",
        *extra,
        "--out",
        str(folder / "runs.csv"),
        "--no-progress",
    ]


CASES: list[Case] = [
    # data safety
    Case(
        "import-over-input",
        "data safety",
        "import-genius -o onto its own domain file",
        lambda f: ["import-genius", *map(str, g := _grocery(f)), "-o", str(g[0])],
        "refused",
    ),
    Case(
        "export-into-source",
        "data safety",
        "export-genius into the folder it reads",
        lambda f: ["export-genius", str(_grocery(f)[0].parent), "-o", str(f / "grocery")],
        "refused",
    ),
    Case(
        "forged-checkpoint",
        "data safety",
        'a checkpoint whose header has "fingerprint": 5',
        _checkpoint_forged,
        "refused",
    ),
    # tracebacks
    Case("fifo", "tracebacks", "a FIFO as the scenario file", _fifo, "refused", seconds=20),
    Case(
        "dev-zero",
        "tracebacks",
        "/dev/zero as the scenario file",
        lambda f: ["show", "/dev/zero"],
        "refused",
    ),
    Case("huge-file", "tracebacks", "a 65 MiB scenario file", _huge_file, "refused"),
    Case(
        "deep-toml",
        "tracebacks",
        "TOML nested 5,000 deep",
        lambda f: ["solve", str(_toml(f, "x = " + "[" * 5000 + "]" * 5000 + "\n"))],
        "refused",
    ),
    Case(
        "long-name",
        "tracebacks",
        "a scenario name of 300 bytes",
        lambda f: ["solve", "n" * 300],
        "refused",
    ),
    Case(
        "bom",
        "tracebacks",
        "a scenario file with a UTF-8 byte-order mark",
        lambda f: ["solve", str(_toml(f, "\ufeff" + TOY_TOML))],
        "answer",
    ),
    Case(
        "xml-encoding",
        "tracebacks",
        'GENIUS XML declaring encoding="x-bogus-42"',
        lambda f: ["show", str(two_party_genius(f / "g", encoding="x-bogus-42")[0].parent)],
        "refused",
    ),
    Case(
        "checkpoint-folder",
        "tracebacks",
        "--checkpoint naming a folder",
        lambda f: _sweep(f, "--vary", "nato.disagreement=0.5,0.6", "--checkpoint", str(f)),
        "refused",
    ),
    Case(
        "zeuthen-1e308",
        "tracebacks",
        "zeuthen with disagreement -1e308 for both parties",
        lambda f: [
            "path",
            "russia-nato-2022-no-red-lines",
            "--protocol",
            "zeuthen",
            "--disagreement",
            "nato=-1e308",
            "--disagreement",
            "russia=-1e308",
        ],
        "answer",
    ),
    Case(
        "uniform-1e308",
        "tracebacks",
        "noise uniform(-1e308, 1e308)",
        lambda f: _sweep(
            f,
            "--noise",
            "nato.disagreement=uniform(-1e308,1e308)",
            "--samples",
            "50",
            "--seed",
            "1",
        ),
        "answer",
    ),
    Case(
        "dask-tls",
        "tracebacks",
        "--dask tls://127.0.0.1:8786",
        lambda f: _sweep(
            f, "--vary", "nato.disagreement=0.5,0.6", "--dask", "tls://127.0.0.1:8786"
        ),
        "refused",
    ),
    Case(
        "ctrl-c",
        "tracebacks",
        "Ctrl-C during a long sweep",
        lambda f: _sweep(
            f, "--noise", "*.weights=dirichlet(30)", "--samples", "1000000", "--seed", "1"
        ),
        "interrupted",
        interrupt_after=4,
    ),
    # memory
    Case(
        "integer-range",
        "memory",
        "a GENIUS integer issue 0..1,000,000,000",
        lambda f: ["show", str(range_genius(f / "g", "integer", "0", "1000000000")[0].parent)],
        "refused",
        large=True,
    ),
    Case(
        "real-resolution",
        "memory",
        "--real-resolution 1,000,000,000",
        lambda f: [
            "import-genius",
            *map(str, range_genius(f / "g", "real", "0", "1")),
            "-o",
            str(f / "x.toml"),
            "--real-resolution",
            "1000000000",
        ],
        "refused",
        large=True,
    ),
    Case(
        "items-40k",
        "memory",
        "a discrete GENIUS issue of 40,000 items",
        lambda f: ["show", str(two_party_genius(f / "g", n_values=40_000)[0].parent)],
        "answer",
        large=True,
    ),
    Case(
        "vary-1e8",
        "memory",
        "--vary nato.disagreement=0.5:0.8:100000000 (streamed, then Ctrl-C)",
        lambda f: _sweep(f, "--vary", "nato.disagreement=0.5:0.8:100000000"),
        "interrupted",
        interrupt_after=6,
        large=True,
    ),
    Case(
        "samples-1e9",
        "memory",
        "--samples 1000000000 on 2 workers (streamed, then Ctrl-C)",
        lambda f: _sweep(
            f,
            "--noise",
            "*.weights=dirichlet(30)",
            "--samples",
            "1000000000",
            "--seed",
            "1",
            "--workers",
            "2",
        ),
        "interrupted",
        interrupt_after=5,
        large=True,
    ),
    Case(
        "frontier-json",
        "memory",
        "the 2 x 150 x 11 frontier printed as JSON (streamed)",
        lambda f: ["frontier", str(_scenario(f, 150, 11, "rounded")), "--json"],
        "answer",
        seconds=120,
        large=True,
    ),
    # hangs
    Case(
        "ties-2000",
        "hangs",
        "2,000 binary issues valued [0,1] against [1,0] (ties)",
        lambda f: ["frontier", str(_scenario(f, 2000, 2, "binary")), "--csv"],
        "answer",
        large=True,
    ),
    Case(
        "rounds-1e12",
        "hangs",
        "time-based --rounds 1000000000000",
        lambda f: [
            "path",
            "russia-nato-2022-no-red-lines",
            "--protocol",
            "time-based",
            "--rounds",
            "1000000000000",
        ],
        "refused",
    ),
    Case(
        "zeuthen-200",
        "hangs",
        "zeuthen on the 2 x 150 x 11 frontier",
        lambda f: ["path", str(_scenario(f, 150, 11, "rounded")), "--protocol", "zeuthen"],
        "answer",
        seconds=120,
        large=True,
    ),
    Case(
        "trades-200",
        "hangs",
        "trades on the 2 x 150 x 11 frontier",
        lambda f: ["path", str(_scenario(f, 150, 11, "rounded")), "--protocol", "trades"],
        "answer",
        seconds=120,
        large=True,
    ),
    Case(
        "threat-200",
        "hangs",
        "a 200 x 200 threat game",
        lambda f: ["threat", str(_threat(f, 200))],
        "answer",
        large=True,
    ),
    # smaller
    Case(
        "vary-twice",
        "smaller",
        "--vary given twice for one path",
        lambda f: _sweep(
            f, "--vary", "nato.disagreement=0.1,0.2", "--vary", "nato.disagreement=0.5"
        ),
        "refused",
    ),
    Case(
        "real-1e308",
        "smaller",
        "a GENIUS real range of -1e308..1e308",
        lambda f: ["show", str(range_genius(f / "g", "real", "-1e308", "1e308")[0].parent)],
        "answer",
    ),
]


def run_case(case: Case, folder: Path) -> Result:
    """Run `case` in a child process under :data:`MEMORY_LIMIT` and its time bound."""
    import resource
    import threading

    argv = case.build(folder)

    def limits() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
        # A background job's children inherit an ignored Ctrl-C, and Python then keeps ignoring
        # it: the cases that are interrupted need it back.
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MPLBACKEND="Agg")
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-m", "bargain", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=limits,
        env=env,
        cwd=folder,
    )
    chunks: list[str] = []
    assert process.stderr is not None
    reader = threading.Thread(target=lambda: chunks.append(process.stderr.read()), daemon=True)
    reader.start()
    interrupted = False
    while True:  # wait4 gives this child's own peak memory
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        elapsed = time.monotonic() - start
        if case.interrupt_after is not None and not interrupted and elapsed > case.interrupt_after:
            process.send_signal(signal.SIGINT)
            interrupted = True
        limit = case.seconds + (case.interrupt_after or 0)
        if elapsed > limit:
            process.kill()
            os.wait4(process.pid, 0)
            reader.join(5)
            return Result("hang", None, elapsed, 0.0, "".join(chunks))
        time.sleep(0.02)
    reader.join(10)
    seconds = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    process.returncode = code
    err = "".join(chunks)
    return Result(_kind(code, err), code, seconds, usage.ru_maxrss / 1024, err)


def _kind(code: int, err: str) -> str:
    if "Traceback" in err:
        return "traceback"
    lines = [line for line in err.splitlines() if not line.startswith("warning: ")]
    if code == 0 and not lines:
        return "answer"
    if code == 2 and len(lines) == 1:
        return "refused"
    if code == 130 and lines == ["interrupted"]:
        return "interrupted"
    return "other"
