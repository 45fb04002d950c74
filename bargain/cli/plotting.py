"""``--plot FILE`` (PNG, SVG or PDF) for ``solve``, ``frontier``, ``path``, ``sweep``, ``threat``.

:func:`add_plot_argument` adds the option; its file name is checked when the arguments are
parsed, so a bad extension stops the command before any work (exit code 2, one line naming the
option). :func:`save_plot` draws the result with :mod:`bargain.plot.figures` and writes the file;
matplotlib is imported only then, never by ``bargain`` without ``--plot``.

Examples
--------
>>> import argparse
>>> parser = argparse.ArgumentParser(prog="bargain solve")
>>> add_plot_argument(parser)
>>> parser.parse_args(["--plot", "deal.svg"]).plot
'deal.svg'
>>> plot_file("deal.jpg")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: must end in .png, .svg or .pdf, found 'deal.jpg'
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from bargain._checks import FIGURE_SUFFIXES, check_suffix
from bargain._optional import require
from bargain.cli.common import say
from bargain.errors import ScenarioError

__all__ = ["add_plot_argument", "plot_file", "save_plot"]


def plot_file(text: str) -> str:
    """The argparse type of ``--plot``: a file name ending in ``.png``, ``.svg`` or ``.pdf``."""
    try:
        check_suffix(text, FIGURE_SUFFIXES, "--plot")
    except ScenarioError as exc:
        raise argparse.ArgumentTypeError(exc.problem) from None
    return text


def add_plot_argument(parser: argparse.ArgumentParser) -> None:
    """Add ``--plot FILE.png|FILE.svg|FILE.pdf`` to a command."""
    parser.add_argument(
        "--plot",
        type=plot_file,
        metavar="FILE.png|FILE.svg|FILE.pdf",
        help="also draw the result to a PNG, SVG or PDF file",
    )


def save_plot(args: argparse.Namespace, kind: str, result: Any, scenario: Any) -> None:
    """If ``--plot`` was given, draw `result` (a `kind` of result) and write the file.

    Parameters
    ----------
    args
        The parsed arguments (``args.plot``: the file, or None).
    kind
        ``"solve"``, ``"frontier"``, ``"path"``, ``"sweep"`` or ``"threat"``.
    result
        The command's result: a Solution, Frontier, ConcessionPath, SweepResult or ThreatResult.
    scenario
        The scenario it belongs to.

    Says ``wrote FILE`` on stderr (stdout may be JSON).
    """
    path = getattr(args, "plot", None)
    if not path:
        return
    # matplotlib loads only when a picture is asked for (it takes a second to import)
    require("matplotlib", "plot", "--plot")  # MissingExtraError: pip install bargain-sim[plot]
    if "matplotlib.pyplot" not in sys.modules:
        import matplotlib

        matplotlib.use("Agg")  # files only: no window, no display needed
    from bargain.plot import figures, save_figure  # matplotlib, only when a picture is asked for

    if kind == "solve":
        fig = figures.solve_figure(scenario, result)
    elif kind == "path":
        fig = figures.path_figure(scenario, result)
    elif kind == "sweep":
        fig = figures.sweep_figure(result, scenario)
    elif kind == "threat":
        fig = figures.threat_figure(scenario, result)
    elif kind == "frontier":
        fig = figures.frontier_figure(scenario, result)
    else:
        raise ValueError(f"unknown kind of result {kind!r}")
    try:
        save_figure(fig, path)
    except OSError as exc:
        raise ScenarioError(f"cannot be written: {exc}", key="--plot") from None
    say(f"wrote {path}", file=sys.stderr)
