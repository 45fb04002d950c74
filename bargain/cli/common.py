"""What the commands share: the scenario argument and the output of a result.

Examples
--------
>>> import argparse
>>> p = argparse.ArgumentParser()
>>> add_scenario_argument(p)
>>> p.parse_args(["russia-nato-2022"]).scenario
'russia-nato-2022'
"""

from __future__ import annotations

import argparse

__all__ = ["add_scenario_argument"]


def add_scenario_argument(parser: argparse.ArgumentParser) -> None:
    """The positional ``SCENARIO``: a bundled name, a ``.toml`` file or a GENIUS folder."""
    parser.add_argument(
        "scenario", metavar="SCENARIO", help="bundled name, .toml file or GENIUS folder"
    )
