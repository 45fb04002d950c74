"""Scenarios in and out: TOML files, GENIUS XML, and the bundled catalogue."""

from bargain.io.catalog import list_scenarios, load_scenario
from bargain.io.genius import read_genius, write_genius
from bargain.io.toml import read_toml, to_toml, write_toml

__all__ = [
    "list_scenarios",
    "load_scenario",
    "read_genius",
    "read_toml",
    "to_toml",
    "write_genius",
    "write_toml",
]
