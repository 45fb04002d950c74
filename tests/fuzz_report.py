"""Regenerate ``docs/hostile-inputs.md``: what hostile inputs do to the ``bargain`` command.

Run from the repository root::

    python -m tests.fuzz_report                  # 300 fuzz examples per class, a few minutes
    python -m tests.fuzz_report --examples 2000  # the long run
    python -m tests.fuzz_report --quick          # 20 examples per class, no large reproducers

Two tables: the fuzz classes of ``tests/fuzz.py`` (how many inputs were tried and how each
ended), and the reproducers of issue 13 (``tests/hostile_cases.py``), each run as a child process
under a 2 GiB address-space limit with its time and peak memory. A traceback is listed with the
file and line it was raised at, so that it can be traced to the code it belongs to.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import tempfile
import traceback
from collections import Counter
from collections.abc import Callable
from importlib import metadata
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bargain._files import write_text
from tests import fuzz
from tests.hostile_cases import CASES, MEMORY_LIMIT, run_case

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("answer", "refused", "other", "traceback", "hang")


class Tally:
    """How the examples of one class ended, and where each traceback came from."""

    def __init__(self) -> None:
        self.kinds: Counter[str] = Counter()
        self.where: Counter[str] = Counter()
        self.wrong = 0

    def add(self, outcome: fuzz.Outcome) -> None:
        self.kinds[outcome.kind] += 1
        if outcome.kind == "traceback":
            self.where[_origin(outcome.err)] += 1


def _origin(err: str) -> str:
    """``file:line ExceptionType`` of the innermost frame of bargain in a traceback."""
    frames = [line.strip() for line in err.splitlines() if line.strip().startswith('File "')]
    inside = [f for f in frames if "/bargain/" in f] or frames or ["?"]
    last = inside[-1]
    path = last.split('"')[1] if '"' in last else last
    line = last.split("line ")[1].split(",")[0] if "line " in last else "?"
    short = path[path.rfind("bargain/") :] if "bargain/" in path else Path(path).name
    kind = err.strip().splitlines()[-1].split(":")[0] if err.strip() else "?"
    return f"{short}:{line} {kind}"


def _explore(strategy: st.SearchStrategy[object], body: Callable[[object], None], n: int) -> None:
    @settings(
        max_examples=n,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(example: object) -> None:
        body(example)

    run()


def scenario_files(n: int) -> Tally:
    tally = Tally()
    commands = [
        ["solve", "{f}", "--json"],
        ["show", "{f}"],
        ["frontier", "{f}", "--csv"],
        ["path", "{f}", "--protocol", "time-based"],
        ["path", "{f}", "--protocol", "zeuthen"],
        ["threat", "{f}"],
    ]

    def body(example: object) -> None:
        data, command = example  # type: ignore[misc]
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "s.toml"
            path.write_bytes(data)
            outcome = fuzz.run_cli([part.format(f=path) for part in command])
            tally.add(outcome)
            if outcome.kind == "answer" and command[0] == "solve":
                try:
                    fuzz.check_solution(path, outcome)
                except AssertionError:
                    tally.wrong += 1

    _explore(st.tuples(fuzz.scenario_files(), st.sampled_from(commands)), body, n)
    return tally


def genius_folders(n: int) -> Tally:
    tally = Tally()

    def body(example: object) -> None:
        files, command = example  # type: ignore[misc]
        with tempfile.TemporaryDirectory() as folder:
            root = Path(folder) / "g"
            root.mkdir()
            names = ["dom.xml", "dom_a.xml", "dom_b.xml"]
            for name, data in zip(names, files, strict=True):
                (root / name).write_bytes(data)
            if command == "import":
                argv = ["import-genius", *(str(root / m) for m in names), "-o", f"{folder}/s.toml"]
            else:
                argv = [command, str(root)]
            tally.add(fuzz.run_cli(argv))

    _explore(
        st.tuples(fuzz.genius_folders(), st.sampled_from(["show", "solve", "import"])), body, n
    )
    return tally


def checkpoints(n: int) -> Tally:
    from tests.test_fuzz import clean_checkpoint

    tally = Tally()
    lines, clean = clean_checkpoint()

    def body(example: object) -> None:
        k, text = example  # type: ignore[misc]
        edited = list(lines)
        edited[k] = text
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "c.ckpt"
            path.write_text("\n".join(edited) + "\n", encoding="utf-8")
            out = Path(folder) / "runs.csv"
            argv = ["sweep", "russia-nato-2022-no-red-lines", "--noise", "*.weights=dirichlet(30)"]
            argv += ["--samples", "60", "--seed", "4", "--checkpoint", str(path)]
            argv += ["--out", str(out), "--no-progress"]
            outcome = fuzz.run_cli(argv)
            tally.add(outcome)
            if outcome.kind == "answer" and out.read_text("utf-8") != clean.to_csv():  # type: ignore[attr-defined]
                tally.wrong += 1

    _explore(fuzz.checkpoint_edits(lines), body, n)
    return tally


def argument_lists(n: int) -> Tally:
    tally = Tally()

    def body(example: object) -> None:
        with tempfile.TemporaryDirectory() as folder:
            argv = [a.replace("{folder}", folder) for a in example]  # type: ignore[attr-defined]
            outcome = fuzz.run_cli(argv)
            tally.add(outcome)
            if outcome.kind == "answer" and "--json" in argv:
                try:
                    json.loads(outcome.out)
                except ValueError:
                    tally.wrong += 1

    _explore(fuzz.argument_lists("{folder}"), body, n)
    return tally


CLASSES: list[tuple[str, str, Callable[[int], Tally]]] = [
    (
        "scenario files",
        "valid scenarios mutated: numbers such as 1e308, nan, 400 digits; strings with control "
        "characters, 3,000 characters, formulas; lines deleted or doubled; cut short; deep "
        "nesting; byte-order marks; bytes that are not UTF-8. Commands: solve, show, frontier, "
        "path (time-based, zeuthen), threat",
        scenario_files,
    ),
    (
        "GENIUS XML",
        "a domain and two profiles: discrete, integer, real and unknown issues; evaluations, "
        "weights and bounds such as -1, 1e308, nan, text; bogus and multi-byte encodings; "
        "entities; files cut short. Commands: show, solve, import-genius",
        genius_folders,
    ),
    (
        "checkpoints",
        "a valid checkpoint with one value replaced: null, true, 'no', -5, 99, 1e308, 10**400, "
        "[], {}, NaN, Infinity. Command: sweep --checkpoint (answer compared with the clean run)",
        checkpoints,
    ),
    (
        "command lines",
        "every command with options given 1e308, nan, 400 digits, empty, control characters; "
        "scenarios that are missing, /dev/null, a folder, 300 characters long",
        argument_lists,
    ),
]


def _fuzz_table(examples: int) -> list[str]:
    rows = [
        "| class | inputs tried | answered | refused (exit 2, one line) | other exit | "
        "traceback | hang | wrong answer |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    notes = []
    for name, what, run in CLASSES:
        print(f"fuzzing {name} ({examples} examples)...", file=sys.stderr, flush=True)
        tally = run(examples)
        k = tally.kinds
        total = sum(k.values())
        rows.append(
            f"| {name} | {total:,}: {what} | {k['answer']:,} | {k['refused']:,} | "
            f"{k['other']:,} | {k['traceback']:,} | {k['hang']:,} | {tally.wrong:,} |"
        )
        for where, count in tally.where.most_common():
            notes.append(f"- {name}: {count:,} traceback(s) at `{where}`")
    return rows + (["", *notes] if notes else [])


def _case_table(large: bool) -> list[str]:
    rows = [
        "| group | input | expected | outcome | seconds | peak MiB (the command's process) |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for case in CASES:
        if case.large and not large:
            continue
        print(f"running {case.name}...", file=sys.stderr, flush=True)
        with tempfile.TemporaryDirectory() as folder:
            try:
                result = run_case(case, Path(folder))
                outcome, seconds, peak = (
                    result.kind,
                    f"{result.seconds:.1f}",
                    f"{result.peak_mib:.0f}",
                )
                if result.kind != case.expect:
                    last = result.err.strip().splitlines()[-1:] or [""]
                    outcome += f" ({last[0][:80]})"
            except Exception as exc:  # a broken case must not stop the report
                outcome, seconds, peak = f"could not run: {exc}", "", ""
                traceback.print_exc()
        rows.append(
            f"| {case.group} | {case.finding} | {case.expect} | {outcome} | {seconds} | {peak} |"
        )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz_report", description=__doc__)
    parser.add_argument("--examples", type=int, default=300, help="fuzz examples per class")
    parser.add_argument("--quick", action="store_true", help="20 examples, no large reproducers")
    parser.add_argument("--out", default=str(ROOT / "docs" / "hostile-inputs.md"))
    args = parser.parse_args(argv)
    examples = 20 if args.quick else args.examples
    text = [
        "# Hostile inputs: what they do",
        "",
        "Regenerated by `python -m tests.fuzz_report` (options: `--examples N`, `--quick`); the "
        "same inputs are tested in CI by `tests/test_fuzz.py` (a bounded number of examples), "
        "`tests/test_scale.py` (the large reproducers, under a memory limit) and the regression "
        "tests `tests/test_hostile_*.py`.",
        "",
        f"bargain-sim {metadata.version('bargain-sim')}, Python "
        f"{platform.python_version()}, {platform.system()}; every example runs the command line "
        f"(`bargain ...`) with a {fuzz.SECONDS:g} s limit; reproducers run as child processes "
        f"limited to {MEMORY_LIMIT // 2**30} GiB of address space.",
        "",
        "An example must end in an **answer** (exit 0, checked against a brute-force oracle "
        "where there is one) or a **refusal** (exit 2, one line naming what is wrong). Anything "
        "else is a finding.",
        "",
        "## Fuzzing",
        "",
        *_fuzz_table(examples),
        "",
        "## The reproducers of issue 13",
        "",
        *_case_table(large=not args.quick),
        "",
    ]
    write_text(args.out, "\n".join(text))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
