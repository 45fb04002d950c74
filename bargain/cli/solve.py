"""Commands that solve a scenario: ``solve``, ``frontier`` and ``threat``.

Their choices (methods, disagreement rules, threat concepts, equilibrium algorithms) and the help
text for them come from the library's registries, so the command line always offers exactly what
the library does.

Examples
--------
>>> from bargain.cli.main import main
>>> main(["solve", "russia-nato-2022", "--json"])  # doctest: +ELLIPSIS
{
  "scenario": "russia-nato-2022",
  "method": "nash",
  "agreement": false,
...
0
"""

from __future__ import annotations

import argparse
import itertools
import sys
from typing import Any

from bargain.api import pareto_frontier, solve
from bargain.cli.common import add_scenario_argument, numbers, say, say_chunks
from bargain.cli.plotting import add_plot_argument, save_plot
from bargain.disagreement import RULES
from bargain.errors import ScenarioError
from bargain.games.equilibria import ALGORITHMS
from bargain.games.threat_point import threat_point
from bargain.io.catalog import load_scenario
from bargain.model.threat_game import CONCEPTS
from bargain.solutions.concepts import METHODS

__all__ = ["register"]


def _disagreement(items: list[str] | None) -> str | dict[str, float] | None:
    """``--disagreement``: one rule, or ``PARTY=U`` overrides (repeatable), as ``path`` takes."""
    if not items:
        return None
    rules = [item for item in items if "=" not in item]
    if not rules:
        return numbers(items, "--disagreement")
    if len(items) > 1:
        raise ScenarioError(
            f"takes one rule or PARTY=U overrides, not both or two rules, found {items}",
            key="--disagreement",
        )
    return rules[0]


def _cmd_solve(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    powers = numbers(args.powers, "--powers") if args.powers else None
    solution = solve(
        scenario,
        method=args.method,
        lotteries=args.lotteries,
        disagreement=_disagreement(args.disagreement),
        powers=powers,
    )
    say(solution.to_json(indent=2) if args.json else solution.table())
    save_plot(args, "solve", solution, scenario)
    return 0


def _cmd_threat(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    result = threat_point(
        scenario, args.concept, equilibrium=args.equilibrium, algorithm=args.algorithm
    )
    say(result.to_json(indent=2) if args.json else result.table())
    save_plot(args, "threat", result, scenario)
    return 0


def _cmd_frontier(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    frontier = pareto_frontier(scenario, max_points=args.max_points)
    if args.json:  # streamed: a frontier of 10**5 deals over 400 issues is gigabytes as one text
        say_chunks(itertools.chain(frontier.iter_json(indent=2), "\n"))
    elif args.csv:  # CSV is data: escaped only when shown on a terminal
        say_chunks(frontier.iter_csv(), escape=sys.stdout.isatty())
    else:
        say(frontier.table())
    save_plot(args, "frontier", frontier, scenario)
    return 0


def register(commands: Any) -> None:
    """Add ``solve``, ``threat`` and ``frontier`` to the ``bargain`` parser's subcommands."""
    p = commands.add_parser("solve", help="solve a scenario")
    add_scenario_argument(p)
    p.add_argument(
        "--method",
        default="nash",
        metavar="M",
        help="solution concept (default nash): " + METHODS.help(),
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    p.add_argument(
        "--lotteries", action="store_true", help="allow lotteries over deals (expected utilities)"
    )
    p.add_argument(
        "--disagreement",
        action="append",
        metavar="RULE|PARTY=U",
        help="override a party's disagreement utility (PARTY=U, repeatable), or take the whole "
        "point from a rule: " + RULES.help(),
    )
    p.add_argument(
        "--powers",
        action="append",
        metavar="PARTY=P",
        help="override a party's bargaining power (> 0; asymmetric-nash); repeatable",
    )
    add_plot_argument(p)
    p.set_defaults(run=_cmd_solve)

    p = commands.add_parser(
        "threat", help="the disagreement point set by the scenario's threat game"
    )
    add_scenario_argument(p)
    p.add_argument(
        "--concept",
        default=None,
        metavar="C",
        help="how the game sets the point (default: the game's own 'concept'): " + CONCEPTS.help(),
    )
    p.add_argument(
        "--equilibrium", type=int, default=None, metavar="I", help="use equilibrium number I"
    )
    p.add_argument(
        "--algorithm",
        default="auto",
        metavar="A",
        help="how the equilibria are found (default auto): " + ALGORITHMS.help(),
    )
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_plot_argument(p)
    p.set_defaults(run=_cmd_threat)

    p = commands.add_parser(
        "frontier", help="every Pareto-optimal deal that beats the disagreement point"
    )
    add_scenario_argument(p)
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument("--json", action="store_true", help="print one JSON object")
    fmt.add_argument("--csv", action="store_true", help="print CSV: one row per deal")
    p.add_argument(
        "--max-points",
        type=int,
        default=None,
        metavar="N",
        help=(
            "with 3 or more parties, refuse a frontier estimated to hold more than N points "
            "(default 100000 for 3 parties, 5000 for more; 'bargain solve' needs no frontier)"
        ),
    )
    add_plot_argument(p)
    p.set_defaults(run=_cmd_frontier)
