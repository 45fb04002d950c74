"""The ``bargain`` command line.

Every command takes a scenario as a bundled name (``bargain list``), a path to a ``.toml`` file,
or a folder holding one GENIUS domain and its profiles.
Exit codes: 0 success, 2 bad input (one line on stderr, no traceback), 1 any other refusal.

Examples
--------
>>> main(["solve", "russia-nato-2022", "--json"])  # doctest: +ELLIPSIS
{
  "scenario": "russia-nato-2022",
  "method": "nash",
  "agreement": true,
...
0
"""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

from bargain.catalog import list_scenarios, load_scenario
from bargain.cli_plot import add_plot_argument, save_plot
from bargain.errors import BargainError, BargainWarning, ScenarioError
from bargain.frontier import pareto_frontier
from bargain.genius import read_genius, write_genius
from bargain.model import Scenario
from bargain.solve import METHODS, solve
from bargain.textable import text_table

__all__ = ["main"]

Command = Callable[[argparse.Namespace], int]


def _cmd_list(args: argparse.Namespace) -> int:
    rows = []
    for name in list_scenarios():
        s = load_scenario(name)
        rows.append([name, s.title, s.n_issues, s.n_parties, s.n_deals])
    print(text_table(["name", "title", "issues", "parties", "deals"], rows))
    return 0


def show_text(scenario: Scenario) -> str:
    """A readable description of a scenario: its issues and levels, each party's numbers."""
    parts = [f"{scenario.title or scenario.name} ({scenario.name})"]
    if scenario.description:
        parts.append(scenario.description)
    parts.append(
        f"{scenario.n_issues} issues, {scenario.n_parties} parties, "
        f"{scenario.n_deals:,} possible deals."
    )
    parts.append("")
    parts.append(
        text_table(
            ["issue", "name", "levels (0, 1, ...)"],
            [[i.key, i.name, " | ".join(i.levels)] for i in scenario.issues],
        )
    )
    for p in scenario.parties:
        parts += [
            "",
            f"{p.name} ({p.key}): disagreement {p.disagreement:g}, power {p.power:g}, "
            f"discount {p.discount:g}",
        ]
        parts.append(
            text_table(
                ["issue", "weight", "values per level"],
                [
                    [i.key, p.weight(i.key), " | ".join(f"{v:g}" for v in p.values[i.key])]
                    for i in scenario.issues
                ],
            )
        )
    game = scenario.threat_game
    if game is not None:
        parts += [
            "",
            f"Threat game ({game.concept}): rows {game.row}, columns {game.column}; "
            "cells are (row payoff, column payoff)",
        ]
        parts.append(
            text_table(
                ["", *game.column_strategies],
                [
                    [r, *(f"({a:g}, {b:g})" for a, b in zip(ra, rb, strict=True))]
                    for r, ra, rb in zip(
                        game.row_strategies, game.row_payoffs, game.column_payoffs, strict=True
                    )
                ],
            )
        )
    if scenario.sources:
        parts += ["", "Sources:"] + [f"  - {s}" for s in scenario.sources]
    return "\n".join(parts)


def _cmd_show(args: argparse.Namespace) -> int:
    print(show_text(load_scenario(args.scenario)))
    return 0


def _cmd_solve(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    solution = solve(
        scenario, method=args.method, lotteries=args.lotteries, disagreement=args.disagreement
    )
    if args.json:
        print(solution.to_json())
    else:
        print(
            solution.table(
                issue_names={i.key: i.name for i in scenario.issues},
                party_names={p.key: p.name for p in scenario.parties},
            )
        )
    save_plot(args, "solve", solution, scenario)
    return 0


def _cmd_threat(args: argparse.Namespace) -> int:
    from bargain.threats import threat_point

    scenario = load_scenario(args.scenario)
    result = threat_point(
        scenario, args.concept, equilibrium=args.equilibrium, algorithm=args.algorithm
    )
    if args.json:
        print(result.to_json())
    else:
        print(result.table(party_names={p.key: p.name for p in scenario.parties}))
    save_plot(args, "threat", result, scenario)
    return 0


def _cmd_frontier(args: argparse.Namespace) -> int:
    frontier = pareto_frontier(load_scenario(args.scenario))
    if args.json:
        print(frontier.to_json())
    elif args.csv:
        print(frontier.to_csv(), end="")
    else:
        print(frontier.table())
    return 0


def _cmd_import_genius(args: argparse.Namespace) -> int:
    scenario = read_genius(args.domain, args.profiles, real_resolution=args.real_resolution)
    try:
        Path(args.output).write_text(scenario.to_toml(), encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot be written: {exc}", source=args.output) from None
    print(
        f"wrote {args.output}: {scenario.n_issues} issues, {scenario.n_parties} parties, "
        f"{scenario.n_deals:,} deals"
    )
    return 0


def _cmd_export_genius(args: argparse.Namespace) -> int:
    try:
        paths = write_genius(load_scenario(args.scenario), args.output)
    except OSError as exc:
        raise ScenarioError(f"cannot be written: {exc}", source=args.output) from None
    for path in paths:
        print(f"wrote {path}")
    return 0


def _cmd_sweep(args: argparse.Namespace) -> int:
    from bargain.sweep_cli import run

    return run(args)


def _cmd_path(args: argparse.Namespace) -> int:
    from bargain.path_cli import run

    return run(args)


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

    p = commands.add_parser("list", help="list the bundled scenarios")
    p.set_defaults(run=_cmd_list)

    p = commands.add_parser("show", help="show a scenario's issues, levels and parties")
    p.add_argument("scenario", metavar="SCENARIO", help="bundled name or path to a .toml file")
    p.set_defaults(run=_cmd_show)

    p = commands.add_parser("solve", help="solve a scenario")
    p.add_argument("scenario", metavar="SCENARIO", help="bundled name or path to a .toml file")
    p.add_argument("--method", default="nash", choices=METHODS, help="solution concept")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--lotteries", action="store_true", help="allow lotteries over deals (expected utilities)"
    )
    p.add_argument(
        "--disagreement",
        choices=["threat-game"],
        default=None,
        help="take the disagreement point from the scenario's [threat_game] (see 'bargain threat')",
    )
    add_plot_argument(p)
    p.set_defaults(run=_cmd_solve)

    p = commands.add_parser(
        "threat", help="the disagreement point set by the scenario's threat game"
    )
    p.add_argument("scenario", metavar="SCENARIO", help="bundled name or path to a .toml file")
    p.add_argument(
        "--concept",
        choices=["nash-equilibrium", "optimal-threats"],
        default=None,
        help="how the game sets the point (default: the game's own 'concept')",
    )
    p.add_argument(
        "--equilibrium", type=int, default=None, metavar="I", help="use equilibrium number I"
    )
    p.add_argument(
        "--algorithm",
        choices=["auto", "vertex-enumeration", "support-enumeration", "lemke-howson"],
        default="auto",
        help="how the equilibria are found (default: auto)",
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_plot_argument(p)
    p.set_defaults(run=_cmd_threat)

    p = commands.add_parser(
        "frontier", help="every Pareto-optimal deal that beats the disagreement point"
    )
    p.add_argument("scenario", metavar="SCENARIO", help="bundled name or path to a .toml file")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON object")
    fmt.add_argument("--csv", action="store_true", help="print CSV: one row per deal")
    p.set_defaults(run=_cmd_frontier)

    p = commands.add_parser("import-genius", help="convert GENIUS XML files to a scenario file")
    p.add_argument("domain", metavar="DOMAIN.xml", help="the GENIUS domain (template) file")
    p.add_argument("profiles", metavar="PROFILE.xml", nargs="+", help="one profile per party")
    p.add_argument("-o", "--output", required=True, metavar="SCENARIO.toml", help="file to write")
    p.add_argument(
        "--real-resolution",
        type=int,
        default=11,
        metavar="N",
        help="levels per real (continuous) issue (default 11)",
    )
    p.set_defaults(run=_cmd_import_genius)

    p = commands.add_parser("export-genius", help="write a scenario as GENIUS XML files")
    p.add_argument("scenario", metavar="SCENARIO", help="bundled name, .toml file or folder")
    p.add_argument("-o", "--output", required=True, metavar="DIRECTORY", help="folder to write")
    p.set_defaults(run=_cmd_export_genius)

    p = commands.add_parser(
        "sweep", help="solve a scenario over a grid and/or random draws of its numbers"
    )
    p.add_argument("scenario", metavar="SCENARIO", help="bundled name, .toml file or folder")
    p.add_argument(
        "--vary",
        action="append",
        metavar="PATH=START:STOP:STEPS",
        help="grid axis, e.g. nato.disagreement=0.5:0.8:7 (or PATH=A,B,C); repeatable",
    )
    p.add_argument(
        "--noise",
        action="append",
        metavar="PATH=DIST(ARGS)",
        help="random parameter: dirichlet(C) on weight vectors, uniform(LOW,HIGH), normal(MEAN,SD),"
        " truncnormal(MEAN,SD,LOW,HIGH); PATH+=DIST adds the draw to the current value; repeatable",
    )
    p.add_argument(
        "--samples", type=int, metavar="N", help="draws per grid point (default 1000 with --noise)"
    )
    p.add_argument("--seed", type=int, metavar="S", help="seed of the draws (default: fresh)")
    p.add_argument("--method", default="nash", choices=METHODS, help="solution concept")
    p.add_argument("--workers", type=int, metavar="W", help="local worker processes")
    p.add_argument(
        "--dask", metavar="ADDRESS|local", help="run on a Dask scheduler (or a local cluster)"
    )
    p.add_argument("--checkpoint", metavar="PATH", help="write chunks here; rerun to resume")
    p.add_argument("--out", required=True, metavar="FILE.csv|FILE.json", help="one row per run")
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    add_plot_argument(p)
    p.set_defaults(run=_cmd_sweep)

    from bargain.path_cli import add_arguments as add_path_arguments

    p = commands.add_parser("path", help="how a protocol reaches a deal, round by round")
    add_path_arguments(p)
    add_plot_argument(p)
    p.set_defaults(run=_cmd_path)
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
