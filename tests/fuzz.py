"""The fuzz suite's machinery: run the command line on hostile input, classify what it did.

Every example must end in one of two ways: an **answer** (exit 0; stderr holds at most
``warning:`` lines; the answer checked where an oracle exists) or a **refusal** (exit 2, one line
on stderr naming what is wrong). Anything else is a finding: a **traceback**, a **hang** (longer
than :data:`SECONDS`), or **another** exit. Used by ``tests/test_fuzz.py`` (a bounded number of
examples in CI) and ``python -m tests.fuzz_report`` (the table in ``docs/hostile-inputs.md``).

Strategies
----------
- :func:`scenario_files`: scenario TOML text, valid scenarios mutated (hostile numbers and
  strings, lines deleted or doubled, text cut short, a byte-order mark, deep nesting, bytes that
  are not UTF-8);
- :func:`genius_folders`: a GENIUS domain and two profiles with hostile attributes (numbers,
  types, bounds, encodings, entities, missing parts);
- :func:`checkpoint_edits`: one value of a valid checkpoint replaced by a hostile JSON value;
- :func:`argument_lists`: command lines, each option given hostile values.
"""

from __future__ import annotations

import contextlib
import io
import json
import signal
import time
import tomllib
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from hypothesis import strategies as st

from bargain import read_toml
from bargain._text import tidy
from bargain.cli.main import main
from bargain.io.toml import to_toml
from tests.hostile_inputs import TOY_TOML, discrete_issue, domain_xml, profile_xml
from tests.oracle import all_deals
from tests.strategies import scenarios

#: An example taking longer than this (seconds) is a hang.
SECONDS = 20.0

HOSTILE_NUMBERS = [
    "1e308",
    "-1e308",
    "1.7976931348623157e308",
    "1e-320",
    "-0.0",
    "0",
    "nan",
    "inf",
    "-inf",
    "9" * 400,
    "-" + "9" * 30,
    "1e999",
    "0x10",
    "1_000",
    "true",
    '"0.5"',
    "[]",
]
HOSTILE_TEXT = [
    "",
    " ",
    "\\u001b[31mred\\u001b[0m",
    "\\u0007\\u0008",
    "\\u202eevil",
    "$\\\\frac{$",
    "=HYPERLINK(1)",
    "x" * 3000,
    "\\\\",
    "a\\nb",
    "é" * 50,
    "../../etc/passwd",
    "0",
]


class Hang(BaseException):
    """An example ran past its time (raised by a timer, caught by :func:`run_cli`)."""


@dataclass(frozen=True)
class Outcome:
    """What one command line did."""

    kind: str  # "answer", "refused", "other", "traceback" or "hang"
    code: int | None
    out: str
    err: str
    seconds: float

    def ok(self) -> bool:
        """An answer or a clear refusal."""
        return self.kind in ("answer", "refused")


def _alarm(signum: int, frame: object) -> None:
    raise Hang


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if not line.startswith("warning: ")]


def classify(code: int | None, out: str, err: str) -> str:
    """Sort an exit into answer / refused / traceback / other (see the module notes)."""
    if "Traceback (most recent call last)" in err:
        return "traceback"
    errors = _errors(err)
    if code == 0 and not errors:
        return "answer"
    if code == 2 and len(errors) == 1 and ": " in errors[0]:
        return "refused"
    return "other"


def run_cli(argv: Sequence[str], *, seconds: float = SECONDS) -> Outcome:
    """Run ``bargain ARGV`` in this process, its output captured, under a time limit."""
    out, err = io.StringIO(), io.StringIO()
    start = time.monotonic()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    code: int | None = None
    kind = ""
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                code = main(list(argv))
            except SystemExit as exc:  # argparse
                code = exc.code if isinstance(exc.code, int) else 2
    except Hang:
        kind = "hang"
    except Exception:
        err.write(traceback.format_exc())
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    text_out, text_err = out.getvalue(), err.getvalue()
    return Outcome(
        kind or classify(code, text_out, text_err),
        code,
        text_out,
        text_err,
        time.monotonic() - start,
    )


# ----------------------------------------------------------------------------- scenario files
def _numbers(text: str) -> list[tuple[int, int]]:
    """Spans of the numbers after ``=`` or in lists (what a mutation may replace)."""
    import re

    return [m.span(1) for m in re.finditer(r"(?<=[=\[,] )(-?[0-9][0-9.e+-]*)", text)]


def _strings(text: str) -> list[tuple[int, int]]:
    import re

    return [m.span(1) for m in re.finditer(r'"([^"\\\n]*)"', text)]


@st.composite
def scenario_files(draw: st.DrawFn) -> bytes:
    """A scenario file: a valid one, then zero to three hostile mutations (see the module)."""
    base = draw(
        st.one_of(
            st.just(TOY_TOML),
            scenarios(max_parties=3, max_issues=3, max_levels=4, threat_game=True).map(to_toml),
        )
    )
    text = base
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(
            st.sampled_from(["number", "string", "delete", "double", "cut", "deep", "bom", "bytes"])
        )
        lines = text.splitlines(keepends=True)
        if kind == "number" and _numbers(text):
            a, b = draw(st.sampled_from(_numbers(text)))
            text = text[:a] + draw(st.sampled_from(HOSTILE_NUMBERS)) + text[b:]
        elif kind == "string" and _strings(text):
            a, b = draw(st.sampled_from(_strings(text)))
            text = text[:a] + draw(st.sampled_from(HOSTILE_TEXT)) + text[b:]
        elif kind == "delete" and lines:
            del lines[draw(st.integers(0, len(lines) - 1))]
            text = "".join(lines)
        elif kind == "double" and lines:
            k = draw(st.integers(0, len(lines) - 1))
            lines.insert(k, lines[k])
            text = "".join(lines)
        elif kind == "cut":
            text = text[: draw(st.integers(0, len(text)))]
        elif kind == "deep":
            depth = draw(st.sampled_from([10, 900, 5000]))
            text += "\ndeep = " + "[" * depth + "]" * depth + "\n"
        elif kind == "bom":
            text = "\ufeff" + text
    data = text.encode("utf-8")
    if draw(st.booleans()) and draw(st.booleans()):  # now and then, bytes that are not UTF-8
        at = draw(st.integers(0, len(data)))
        data = (
            data[:at]
            + draw(st.sampled_from([b"\xff", b"\xc3", b"\x00", b"\xed\xa0\x80"]))
            + data[at:]
        )
    return data


def check_solution(path: Path, outcome: Outcome) -> None:
    """An answer of ``solve --json`` is the Nash deal of the file (brute force), or a tie of it."""
    scenario = read_toml(path)
    data = json.loads(outcome.out)
    d = scenario.disagreement_point
    if scenario.n_deals > 20_000:
        return
    deals, u = all_deals(scenario)
    with np.errstate(all="ignore"):
        g = u - d
        rational = np.all(g > 0, axis=1) & np.all(np.isfinite(g), axis=1)
    if not data["agreement"]:
        assert not rational.any() or not np.all(np.isfinite(u)), "a deal beats disagreement"
        return
    levels = [scenario.issue(k).level_index(v) for k, v in data["deal"].items()]
    reported = u[np.flatnonzero(np.all(deals == levels, axis=1))[0]]
    # JSON drops the dust of sums (at most two ulps): compare with the numbers as written
    assert [data["utilities"][p] for p in scenario.party_keys] == tidy(reported.tolist())
    with np.errstate(all="ignore"):
        logs = np.where(rational[:, None], np.log(np.where(g > 0, g, 1.0)), -np.inf).sum(axis=1)
    assert np.all(reported > d), "the agreed deal is not individually rational"
    own = float(np.log(reported - d).sum())
    best = float(logs.max())
    assert own >= best - 1e-9 * max(1.0, abs(best)), (own, best)


def is_valid_toml(data: bytes) -> bool:
    try:
        tomllib.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return False
    return True


# ----------------------------------------------------------------------------- GENIUS
GENIUS_NUMBERS = ["0", "1", "0.5", "-1", "1e308", "-1e308", "nan", "inf", "1e-320", "abc", ""]


def _genius_number() -> st.SearchStrategy[str]:
    """Mostly ordinary numbers (so that some files are valid), now and then a hostile one."""
    return st.one_of(
        st.sampled_from(["0", "1", "0.5", "2", "0.25"]),
        st.sampled_from(["0", "1", "0.5", "3"]),
        st.sampled_from(["0.1", "1", "4", "0.75"]),
        st.sampled_from(GENIUS_NUMBERS),
    )


@st.composite
def genius_folders(draw: st.DrawFn) -> tuple[bytes, bytes, bytes]:
    """A GENIUS domain and two profiles (bytes), with hostile parts."""
    n_issues = draw(st.integers(1, 3))
    domain_issues, profiles_issues = [], [[], []]
    for i in range(1, n_issues + 1):
        kind = draw(st.sampled_from(["discrete", "discrete", "integer", "real", "bogus"]))
        if kind == "discrete":
            values = draw(
                st.lists(
                    st.sampled_from(["a", "b", "c", "a", "&amp;", "x" * 300]),
                    min_size=0,
                    max_size=5,
                )
            )
            domain_issues.append(discrete_issue(i, values))
            for p in range(2):
                evaluations = [draw(st.sampled_from(GENIUS_NUMBERS)) for _ in values]
                profiles_issues[p].append(discrete_issue(i, values, evaluations))
        else:
            lower = draw(st.sampled_from(["0", "0", "-1e308", "5", "1.5", "x"]))
            upper = draw(st.sampled_from(["10", "10", "1e308", "1000000000", "0", "1e6"]))
            domain_issues.append(
                f'<issue index="{i}" name="r{i}" type="{kind}" lowerbound="{lower}" '
                f'upperbound="{upper}"/>'
            )
            for p in range(2):
                slope = draw(_genius_number())
                profiles_issues[p].append(
                    f'<issue index="{i}" name="r{i}" type="{kind}"><evaluator ftype="linear" '
                    f'slope="{slope}" offset="0" parameter0="0" parameter1="{slope}"/></issue>'
                )
    encoding = draw(st.sampled_from(["UTF-8"] * 12 + ["x-bogus-42", "utf-16", "latin-1"]))
    weights = [[draw(_genius_number()) for _ in range(n_issues)] for _ in range(2)]
    domain = domain_xml("".join(domain_issues), encoding)
    profiles = [profile_xml("".join(profiles_issues[p]), weights[p], encoding) for p in range(2)]
    if draw(st.booleans()) and draw(st.booleans()):
        entity = '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        domain = domain.replace("\n<negotiation_template>", f"\n{entity}<negotiation_template>")
    texts = [domain, *profiles]
    if draw(st.booleans()) and draw(st.booleans()):
        k = draw(st.integers(0, 2))
        texts[k] = texts[k][: draw(st.integers(0, len(texts[k])))]
    codec = "utf-8" if encoding.lower() in ("x-bogus-42",) else encoding
    try:
        out = [t.encode(codec) for t in texts]
    except (LookupError, UnicodeEncodeError):
        out = [t.encode("utf-8") for t in texts]
    return out[0], out[1], out[2]


# ----------------------------------------------------------------------------- checkpoints
HOSTILE_JSON = [
    None,
    True,
    "no",
    -5,
    99,
    0.5,
    1e308,
    10**400,
    [],
    [[]],
    {},
    "NaN",
    -1,
    [True],
]


@st.composite
def checkpoint_edits(draw: st.DrawFn, lines: Sequence[str]) -> tuple[int, str]:
    """One line of a checkpoint (its index and new text) with one hostile change."""
    k = draw(st.integers(0, len(lines) - 1))
    data = json.loads(lines[k])
    key = draw(st.sampled_from(sorted(data)))
    value = draw(st.sampled_from(HOSTILE_JSON))
    target = data
    if isinstance(data[key], list) and data[key] and draw(st.booleans()):
        target, key = data[key], draw(st.integers(0, len(data[key]) - 1))
        if isinstance(target[key], list) and target[key] and draw(st.booleans()):
            target, key = target[key], draw(st.integers(0, len(target[key]) - 1))
    target[key] = value
    text = json.dumps(data, allow_nan=True)
    if draw(st.booleans()) and draw(st.booleans()):
        text = text.replace("1e+308", "NaN", 1).replace("0.5", "Infinity", 1)
    return k, text


# ----------------------------------------------------------------------------- arguments
def _value() -> st.SearchStrategy[str]:
    return st.sampled_from(
        ["1", "0", "-1", "2", "1e308", "-1e308", "nan", "inf", "9" * 400, "", "x", "\x1b[31m"]
    )


@st.composite
def argument_lists(draw: st.DrawFn, folder: str) -> list[str]:
    """A command line: a command, a scenario, and options with hostile values."""
    command = draw(st.sampled_from(["solve", "frontier", "path", "threat", "sweep", "show"]))
    scenario = draw(
        st.sampled_from(
            [
                "russia-nato-2022-no-red-lines",
                "russia-us-2021",
                "nope",
                "/dev/null",
                folder,
                "x" * 300,
            ]
        )
    )
    argv = [command, scenario]
    if command == "solve":
        argv += draw(st.sampled_from([[], ["--json"], ["--lotteries"]]))
        if draw(st.booleans()):
            argv += ["--method", draw(st.sampled_from(["nash", "egalitarian", "bogus", ""]))]
        if draw(st.booleans()):
            argv += ["--disagreement", draw(st.sampled_from(["threat-game", "x", ""]))]
    elif command == "frontier":
        argv += draw(st.sampled_from([[], ["--json"], ["--csv"], ["--json", "--csv"]]))
    elif command == "path":
        argv += ["--protocol", draw(st.sampled_from(["zeuthen", "time-based", "trades", "x"]))]
        for option in ("--rounds", "--seed"):
            if draw(st.booleans()):
                argv += [option, draw(_value())]
        for option in ("--disagreement", "--exponent", "--start"):
            if draw(st.booleans()):
                key = draw(st.sampled_from(["nato", "russia", "x", "missiles"]))
                argv += [option, f"{key}={draw(_value())}"]
    elif command == "threat":
        for option, values in (
            ("--equilibrium", _value()),
            ("--algorithm", st.sampled_from(["auto", "lemke-howson", "x"])),
            ("--concept", st.sampled_from(["nash-equilibrium", "optimal-threats", "x"])),
        ):
            if draw(st.booleans()):
                argv += [option, draw(values)]
    elif command == "sweep":
        argv += ["--out", f"{folder}/{draw(st.sampled_from(['runs.csv', 'runs.json', 'x.txt']))}"]
        argv += ["--no-progress"]
        path = draw(st.sampled_from(["nato.disagreement", "*.weights", "x.y", "russia.power"]))
        if draw(st.booleans()):
            start, stop = draw(_value()), draw(_value())
            steps = draw(st.sampled_from(["3", "0", "-1", "1e3", "9" * 30]))
            argv += ["--vary", f"{path}={start}:{stop}:{steps}"]
        if draw(st.booleans()):
            dist = draw(
                st.sampled_from(
                    [
                        "uniform(0,1)",
                        "uniform(-1e308,1e308)",
                        "normal(0,1e308)",
                        "dirichlet(0)",
                        "dirichlet(30)",
                        "bogus(1)",
                        "uniform(1,0)",
                    ]
                )
            )
            argv += ["--noise", f"{path}={dist}", "--samples", draw(st.sampled_from(["5", "0"]))]
            argv += ["--seed", draw(st.sampled_from(["1", "-1", "9" * 40]))]
        if draw(st.booleans()):
            argv += [
                "--checkpoint",
                draw(st.sampled_from([folder, "/dev/null", f"{folder}/c.ckpt"])),
            ]
    return argv
