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
from pathlib import Path
from typing import Any

from bargain._files import check_output, same_file
from bargain._text import text_table
from bargain.cli.common import add_force_argument, add_scenario_argument, input_files, say
from bargain.errors import ScenarioError
from bargain.io.catalog import list_scenarios, load_scenario
from bargain.io.genius_reader import check_real_resolution, read_genius
from bargain.io.genius_writer import genius_paths, write_genius
from bargain.io.toml import write_toml
from bargain.model.scenario import Scenario

__all__ = ["register", "show_text"]


def _cmd_list(args: argparse.Namespace) -> int:
    rows = []
    for name in list_scenarios():
        s = load_scenario(name)
        rows.append([name, s.title, s.n_issues, s.n_parties, s.n_deals])
    say(text_table(["name", "title", "issues", "parties", "deals"], rows))
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
    say(show_text(load_scenario(args.scenario)))
    return 0


def _cmd_import_genius(args: argparse.Namespace) -> int:
    inputs = [args.domain, *args.profiles]
    out = check_output(args.output, inputs=inputs, force=args.force, key="-o")
    resolution = check_real_resolution(args.real_resolution, "--real-resolution")
    scenario = read_genius(args.domain, args.profiles, real_resolution=resolution)
    write_toml(scenario, out, force=args.force)
    say(
        f"wrote {out}: {scenario.n_issues} issues, {scenario.n_parties} parties, "
        f"{scenario.n_deals:,} deals"
    )
    return 0


def _check_genius_folder(
    folder: Path, sources: list[Path], planned: list[Path], force: bool
) -> None:
    """Refuse to write GENIUS files where the folder would no longer load or an input would go."""
    where = str(folder)
    for source in sources:
        if same_file(folder, source) or (
            same_file(folder, source.parent) and source.suffix == ".xml"
        ):
            raise ScenarioError(
                f"is the folder the scenario is read from ({source}); its files are inputs and "
                "are never overwritten: give another folder",
                key=f"-o {where}",
            )
    try:
        present = sorted(folder.glob("*.xml")) if folder.is_dir() else []
    except OSError:
        present = []
    others = [p.name for p in present if not any(same_file(p, q) for q in planned)]
    if others:
        shown = ", ".join(others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        raise ScenarioError(
            f"already holds other XML files ({shown}): with the new ones it would hold two "
            "GENIUS domains and no longer load; give a new or empty folder",
            key=f"-o {where}",
        )
    for path in planned:
        check_output(path, inputs=sources, force=force, key="-o")


def _cmd_export_genius(args: argparse.Namespace) -> int:
    scenario = load_scenario(args.scenario)
    folder = Path(args.output)
    planned = genius_paths(scenario, folder)
    _check_genius_folder(folder, input_files(args.scenario), planned, args.force)
    for path in write_genius(scenario, folder):
        say(f"wrote {path}")
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
    add_force_argument(p)
    p.set_defaults(run=_cmd_import_genius)

    p = commands.add_parser("export-genius", help="write a scenario as GENIUS XML files")
    add_scenario_argument(p)
    p.add_argument("-o", "--output", required=True, metavar="DIRECTORY", help="folder to write")
    add_force_argument(p)
    p.set_defaults(run=_cmd_export_genius)
