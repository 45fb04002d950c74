"""The ``bargain`` command line: the parser and :func:`main`.

Every command takes a scenario as a bundled name (``bargain list``), a path to a ``.toml`` file,
or a folder holding one GENIUS domain and its profiles. Each group of commands lives in its own
module and adds itself to the parser (``register``).
Exit codes: 0 success, 2 bad input (one line on stderr, no traceback), 1 any other refusal.

Examples
--------
>>> main(["solve", "russia-nato-2022", "--method", "nash"])  # doctest: +ELLIPSIS
russia-nato-2022 — nash: agreement
...
0
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence

from bargain.cli import forecast, path, scenarios, solve, sweep
from bargain.errors import BargainError, BargainWarning, ScenarioError

__all__ = ["build_parser", "main"]

Command = Callable[[argparse.Namespace], int]


def _one_line_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: object = None,
    line: str | None = None,
) -> None:
    print(f"warning: {message}", file=sys.stderr)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the ``bargain`` command."""
    parser = argparse.ArgumentParser(
        prog="bargain",
        description="Model a negotiation as a bargaining problem and solve it.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for group in (scenarios, solve, path, sweep, forecast):
        group.register(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Command = args.run
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always", BargainWarning)
            warnings.showwarning = _one_line_warning
            return run(args)
    except ScenarioError as exc:
        print(f"ScenarioError: {exc}", file=sys.stderr)
        return 2
    except BargainError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
