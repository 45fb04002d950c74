"""The ``bargain`` command line.

Every command takes a scenario as a bundled name (``bargain list``) or a path to a ``.toml`` file.
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
from collections.abc import Callable, Sequence

from bargain.catalog import list_scenarios, load_scenario
from bargain.errors import BargainError, ScenarioError
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
    if scenario.sources:
        parts += ["", "Sources:"] + [f"  - {s}" for s in scenario.sources]
    return "\n".join(parts)


def _cmd_show(args: argparse.Namespace) -> int:
    print(show_text(load_scenario(args.scenario)))
    return 0


def _cmd_solve(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    solution = solve(scenario, method=args.method)
    if args.json:
        print(solution.to_json())
    else:
        print(
            solution.table(
                issue_names={i.key: i.name for i in scenario.issues},
                party_names={p.key: p.name for p in scenario.parties},
            )
        )
    return 0


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
    p.set_defaults(run=_cmd_solve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    run: Command = args.run
    try:
        return run(args)
    except ScenarioError as exc:
        print(f"ScenarioError: {exc}", file=sys.stderr)
        return 2
    except BargainError as exc:
        print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
