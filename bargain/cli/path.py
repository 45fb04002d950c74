"""The ``bargain path`` command: a concession path, as a round-by-round table or JSON.

Options are passed to :func:`bargain.concession_path` only when given, so a protocol refuses an
option it does not use with the library's own message (exit code 2).

Examples
--------
>>> from bargain.cli.main import main
>>> main(["path", "russia-nato-2022", "--protocol", "zeuthen", "--json"])  # doctest: +ELLIPSIS
{
  "scenario": "russia-nato-2022",
  "protocol": "zeuthen",
...
0
"""

from __future__ import annotations

import argparse
import itertools
from typing import Any

from bargain.cli.common import add_scenario_argument, numbers, pairs, say, say_chunks
from bargain.cli.plotting import add_plot_argument, save_plot
from bargain.io.catalog import load_scenario
from bargain.model.scenario import Scenario
from bargain.protocols.path import PROTOCOLS, concession_path

__all__ = ["register", "run"]


def register(commands: Any) -> None:
    """Add ``bargain path`` to the parser's subcommands."""
    p = commands.add_parser("path", help="how a protocol reaches a deal, round by round")
    add_scenario_argument(p)
    p.add_argument(
        "--protocol",
        required=True,
        metavar="P",
        help="the protocol: " + PROTOCOLS.help(),
    )
    p.add_argument("--rounds", type=int, metavar="N", help="rounds (time-based deadline, limits)")
    p.add_argument(
        "--seed", type=int, metavar="S", help="seed of random offers (time-based; rng= in Python)"
    )
    p.add_argument(
        "--start",
        action="append",
        metavar="ISSUE=LEVEL",
        help="trades: starting level of an issue, by name or number from 0 (others: first "
        "level); repeatable",
    )
    p.add_argument(
        "--exponent",
        action="append",
        metavar="PARTY=E",
        help="time-based: concession exponent (number, boulware, linear, conceder); "
        "E alone for every party; repeatable",
    )
    p.add_argument(
        "--discount",
        action="append",
        metavar="PARTY=D",
        help="alternating offers: discount factor in (0, 1]; repeatable",
    )
    p.add_argument(
        "--breakdown-risk",
        type=float,
        metavar="Q",
        help="alternating offers: probability in [0, 1) that talks end after a rejected offer "
        "(default: the scenario's)",
    )
    p.add_argument(
        "--disagreement",
        action="append",
        metavar="PARTY=U",
        help="override a party's disagreement utility; repeatable",
    )
    p.add_argument("--first", metavar="PARTY", help="the party proposing first")
    p.add_argument("--offer", metavar="RULE", help="time-based: best-for-others or random")
    p.add_argument("--json", action="store_true", help="print one JSON object")
    add_plot_argument(p)
    p.set_defaults(run=run)


def _exponents(items: list[str], parties: tuple[str, ...]) -> dict[str, float | str]:
    out: dict[str, float | str] = {}
    for item in items:  # a bare E sets every party; PARTY=E one party (later ones win)
        if "=" not in item:
            out.update(dict.fromkeys(parties, _number_or_name(item.strip())))
        else:
            out.update({k: _number_or_name(v) for k, v in pairs([item], "--exponent").items()})
    return out


def _number_or_name(text: str) -> float | str:
    try:
        return float(text)
    except ValueError:
        return text


def _levels(scenario: Scenario, given: dict[str, str]) -> dict[str, str | int]:
    """``ISSUE=LEVEL`` values: a level's name, or its number (from 0) when no level is so named."""
    out: dict[str, str | int] = {}
    for key, level in given.items():
        names = scenario.issue(key).levels if key in scenario.issue_keys else ()
        out[key] = int(level) if level.isdigit() and level not in names else level
    return out


def run(args: argparse.Namespace) -> int:
    """Run ``bargain path``; returns the exit code."""
    scenario = load_scenario(args.scenario)
    options: dict[str, Any] = {}
    if args.rounds is not None:
        options["rounds"] = args.rounds
    if args.seed is not None:
        options["rng"] = args.seed
    if args.start:
        options["start"] = _levels(scenario, pairs(args.start, "--start"))
    if args.exponent:
        options["exponents"] = _exponents(args.exponent, scenario.party_keys)
    if args.discount:
        options["discounts"] = numbers(args.discount, "--discount")
    if args.breakdown_risk is not None:
        options["breakdown_risk"] = args.breakdown_risk
    if args.disagreement:
        options["disagreement"] = numbers(args.disagreement, "--disagreement")
    if args.first is not None:
        options["first"] = args.first
    if args.offer is not None:
        options["offer"] = args.offer
    path = concession_path(scenario, args.protocol, **options)
    if args.json:
        say_chunks(itertools.chain(path.iter_json(indent=2), "\n"))
    else:
        say(path.table())
    save_plot(args, "path", path, scenario)
    return 0
