"""The ``bargain`` command line: the parser and :func:`main`.

Every command takes a scenario as a bundled name (``bargain list``), a path to a ``.toml`` file,
or a folder holding one GENIUS domain and its profiles. Each group of commands lives in its own
module and adds itself to the parser (``register``).
Exit codes: 0 success, 2 bad input (one line on stderr, no traceback), 1 any other refusal
(including running out of memory), 130 interrupted (Ctrl-C: one line, no traceback), 143
terminated (SIGTERM, e.g. ``timeout``: one line; files being written are removed, a checkpoint
keeps what was done), 141 the reader of the output went away (``bargain ... | head``: nothing
more is printed, but the files asked for, such as ``--plot``, are still written).

Examples
--------
>>> main(["solve", "russia-nato-2022", "--method", "nash"])  # doctest: +ELLIPSIS
russia-nato-2022 — nash: no agreement
No deal is possible: Russia requires 'legally binding end to enlargement, incl. Ukraine' on ...
...
0
"""

from __future__ import annotations

import argparse
import importlib.metadata
import signal
import sys
import threading
import warnings
from collections.abc import Callable, Sequence
from typing import NoReturn

from bargain.cli import forecast, path, scenarios, solve, sweep
from bargain.cli.common import flush_stdout, reader_gone, reset_output, say, stdout_closed
from bargain.errors import BargainError, BargainWarning, ScenarioError

__all__ = ["Terminated", "build_parser", "main"]

Command = Callable[[argparse.Namespace], int]


def _one_line_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    say(f"warning: {message}", file=sys.stderr)


class Terminated(BaseException):
    """SIGTERM arrived: unwound like Ctrl-C, so that files being written are cleaned up."""


def _terminate(signum: int, frame: object) -> None:
    raise Terminated


class _Parser(argparse.ArgumentParser):
    """argparse, with its errors on one line (no usage block), control characters escaped."""

    def error(self, message: str) -> NoReturn:
        say(f"{self.prog}: error: {message} (see '{self.prog} --help')", file=sys.stderr)
        self.exit(2)


def _version() -> str:
    """The installed distribution's version (the one defined in ``bargain/__init__.py``)."""
    try:
        return importlib.metadata.version("bargain-sim")
    except importlib.metadata.PackageNotFoundError:  # run from a source tree, not installed
        return "(not installed)"


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``bargain`` command."""
    parser = _Parser(
        prog="bargain",
        description="Model a negotiation as a bargaining problem and solve it.",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {_version()}", help="print the version"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (scenarios, solve, path, sweep, forecast):
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    reset_output()
    previous = signal.getsignal(signal.SIGTERM)
    try:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, _terminate)
        args = parser.parse_args(argv)
        run: Command = args.run
        with warnings.catch_warnings():
            warnings.simplefilter("always", BargainWarning)
            warnings.showwarning = _one_line_warning
            code = run(args)
        flush_stdout()
        return 141 if reader_gone() else code
    except ScenarioError as exc:
        say(f"ScenarioError: {exc}", file=sys.stderr)
        return 2
    except BargainError as exc:
        say(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        say("interrupted", file=sys.stderr)
        return 130
    except Terminated:
        say("terminated", file=sys.stderr)
        return 143
    except MemoryError:
        say(
            "MemoryError: out of memory: the answer does not fit in the memory available; "
            "try a smaller problem (fewer issues, levels, runs or rounds)",
            file=sys.stderr,
        )
        return 1
    except BrokenPipeError:  # printed outside say(): e.g. by argparse's --help
        stdout_closed()
        return 141
    finally:
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGTERM, previous)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
