r"""What the commands share: the scenario argument, safe terminal output, outputs that are checked.

Everything a command prints goes through :func:`say` (or :func:`say_chunks` for long output):
text that came from a file (names, levels, notes) may hold terminal control characters, and
those are printed as visible escapes (``\u001b``), never sent to the terminal, which they could
recolour, retitle or make lie. The escape is also a valid JSON escape of the same character, so
JSON output stays equivalent; CSV output is escaped only on a terminal (in a file it is data).

When the reader of stdout goes away (``bargain ... | head -1``), the rest of the output is dropped
quietly and the command carries on, so that the files it was asked for (``--plot``, ``--out``) are
still written; :func:`reader_gone` then tells :func:`bargain.cli.main.main` to exit with 141, as
Unix tools do.

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser()
>>> add_scenario_argument(p)
>>> p.parse_args(["russia-nato-2022"]).scenario
'russia-nato-2022'
>>> print(terminal_safe("\x1b[31mred\x07 and\ttab"))
\u001b[31mred\u0007 and	tab
"""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO

from bargain.errors import ScenarioError

__all__ = [
    "add_force_argument",
    "add_scenario_argument",
    "flush_stdout",
    "input_files",
    "numbers",
    "pairs",
    "reader_gone",
    "reset_output",
    "say",
    "say_chunks",
    "stdout_closed",
    "terminal_safe",
]

# C0 controls but tab and newline, DEL, C1 controls, and the Unicode bidirectional overrides and
# isolates (which can make a terminal show text in another order than it is).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(text: str) -> str:
    r"""`text` with every terminal control character replaced by a visible ``\uXXXX`` escape."""
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class _Stdout:
    """Whether the reader of stdout has gone away during this command."""

    gone = False


def reset_output() -> None:
    """Start a command with stdout assumed open (:func:`reader_gone` is False)."""
    _Stdout.gone = False


def reader_gone() -> bool:
    """True if the reader of stdout went away (a closed pipe) since :func:`reset_output`."""
    return _Stdout.gone


def stdout_closed() -> None:
    """The reader of stdout has gone: drop what is buffered and everything printed later."""
    _Stdout.gone = True
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):  # stdout may be replaced (tests) or closed
        pass


def _write(out: TextIO, text: str) -> bool:
    """Write `text`; False if `out` is stdout and its reader has gone (nothing more to write)."""
    if out is sys.stdout and _Stdout.gone:
        return False
    try:
        out.write(text)
    except BrokenPipeError:
        if out is not sys.stdout:
            raise
        stdout_closed()
        return False
    return True


def say(text: str = "", *, file: TextIO | None = None, end: str = "\n") -> None:
    """Print `text` with control characters escaped (see :func:`terminal_safe`)."""
    out = sys.stdout if file is None else file
    _write(out, terminal_safe(text) + end)


def say_chunks(chunks: Iterable[str], *, escape: bool = True) -> None:
    """Print long output piece by piece (memory holds one piece), escaped if `escape`.

    Stops at the first piece that finds the reader gone (the rest would be thrown away).
    """
    out = sys.stdout
    for chunk in chunks:
        if not _write(out, terminal_safe(chunk) if escape else chunk):
            return
    flush_stdout()


def flush_stdout() -> None:
    """Flush stdout; a reader that has gone is noted (:func:`reader_gone`), not raised."""
    if _Stdout.gone:
        return
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        stdout_closed()


def pairs(items: list[str], flag: str) -> dict[str, str]:
    """``KEY=VALUE`` options as a dictionary (a later key replaces an earlier one)."""
    out = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise ScenarioError(f"must be KEY=VALUE, found {item!r}", key=flag)
        out[key.strip()] = value.strip()
    return out


def numbers(items: list[str], flag: str) -> dict[str, float]:
    """``KEY=NUMBER`` options as a dictionary of floats."""
    out = {}
    for key, value in pairs(items, flag).items():
        try:
            out[key] = float(value)
        except ValueError:
            raise ScenarioError(f"must be a number, found {value!r}", key=f"{flag} {key}") from None
    return out


def add_scenario_argument(parser: argparse.ArgumentParser) -> None:
    """The positional ``SCENARIO``: a bundled name, a ``.toml`` file or a GENIUS folder."""
    parser.add_argument(
        "scenario", metavar="SCENARIO", help="bundled name, .toml file or GENIUS folder"
    )


def add_force_argument(parser: argparse.ArgumentParser) -> None:
    """``--force``: replace existing output files (never an input)."""
    parser.add_argument(
        "--force", action="store_true", help="replace existing output files (never an input)"
    )


def input_files(spec: str) -> list[Path]:
    """The files a ``SCENARIO`` argument reads: the ``.toml`` file, or the GENIUS folder's XML.

    A bundled name reads no file of the user's (an empty list).
    """
    path = Path(spec)
    try:
        if path.is_dir():
            return [path, *sorted(path.glob("*.xml"))]
        return [path] if path.exists() else []
    except OSError:  # a name too long to be a file
        return []
