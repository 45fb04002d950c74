"""Commands about scenarios themselves: ``list``, ``show``, ``import-genius``, ``export-genius``.

Examples
--------
>>> from bargain import load_scenario
>>> print(show_text(load_scenario("russia-nato-2022")).splitlines()[0])
Russia–NATO security talks, January 2022: Russia's draft agreement (russia-nato-2022)
"""

from __future__ import annotations

import argparse
import textwrap
from typing import Any

from bargain._text import text_table
from bargain.cli.common import add_scenario_argument
from bargain.errors import ScenarioError
from bargain.io.catalog import list_scenarios, load_scenario
from bargain.io.genius import read_genius, write_genius
from bargain.io.toml import write_toml
from bargain.model.scenario import Scenario

__all__ = ["register", "show_text"]


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
        for issue_key, levels in p.red_lines.items():
            parts.append(f"red line on {issue_key}: refuses " + " | ".join(levels))
    parts += _structure_text(scenario)
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
    if scenario.notes:
        parts += ["", "Notes (the argument for each number, by path):"]
        for key, text in scenario.notes.items():
            parts += ["", f"[{key}]", *textwrap.wrap(" ".join(text.split()), 96)]
    return "\n".join(parts)


def _structure_text(scenario: Scenario) -> list[str]:
    """Links, the effective deal space and the breakdown risk, in words (nothing if none)."""
    parts: list[str] = []
    names = {p.key: p.name for p in scenario.parties}
    if scenario.links:
        parts += ["", "Links (extra value when a deal holds all these levels):"]
        rows = [
            [
                names[link.party],
                f"{link.value:+g}",
                "; ".join(f"{k} = {v}" for k, v in link.levels.items()),
            ]
            for link in scenario.links
        ]
        parts.append(text_table(["party", "value", "levels"], rows))
    space = scenario.space
    if not space.trivial:
        parts.append("")
        parts.append(
            space.message
            or f"{space.n_deals:,} of the {scenario.n_deals:,} deals avoid every red line."
        )
    if scenario.breakdown_risk:
        parts += ["", f"Breakdown risk per rejected offer: {scenario.breakdown_risk:g}"]
    return parts


def _cmd_show(args: argparse.Namespace) -> int:
    print(show_text(load_scenario(args.scenario)))
    return 0


def _cmd_import_genius(args: argparse.Namespace) -> int:
    scenario = read_genius(args.domain, args.profiles, real_resolution=args.real_resolution)
    write_toml(scenario, args.output)
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


def register(commands: Any) -> None:
    """Add the scenario commands to the ``bargain`` parser's subcommands."""
    p = commands.add_parser("list", help="list the bundled scenarios")
    p.set_defaults(run=_cmd_list)

    p = commands.add_parser("show", help="show a scenario's issues, levels and parties")
    add_scenario_argument(p)
    p.set_defaults(run=_cmd_show)

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
    add_scenario_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="DIRECTORY", help="folder to write")
    p.set_defaults(run=_cmd_export_genius)
