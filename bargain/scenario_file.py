"""The scenario file format: TOML text and JSON-safe dictionaries, both ways.

Reading uses the standard library's :mod:`tomllib`; writing uses a small emitter for the subset
of TOML that scenario files use (strings, numbers, lists, tables and arrays of tables).

Layout (every key but those marked *optional* is required)::

    name = "example"
    title = "A short title"                  # optional
    description = "What is negotiated."      # optional
    sources = ["Outlet, 'Headline', date"]   # optional
    notes = "Modelling choices."             # optional

    [[issues]]
    key = "missiles"
    name = "Article 5: missiles"             # optional, defaults to the key
    levels = ["no limits", "moratorium", "binding ban"]
    description = "..."                      # optional

    [[parties]]
    key = "russia"
    name = "Russia"                          # optional, defaults to the key
    disagreement = 0.3                       # optional, default 0
    power = 1.0                              # optional, default 1
    discount = 1.0                           # optional, default 1
    [parties.weights]                        # optional, each issue defaults to 1
    missiles = 0.15
    [parties.values]
    missiles = [0.0, 0.7, 1.0]

    [threat_game]                            # optional: the game played if talks fail
    row = "russia"                           # two party keys
    column = "nato"
    row_strategies = ["escalate", "de-escalate"]
    column_strategies = ["sanctions", "no sanctions"]
    row_payoffs = [[-0.5, 0.1], [0.0, 0.2]]  # one row per row strategy
    column_payoffs = [[-0.2, -0.6], [0.1, 0.3]]
    concept = "nash-equilibrium"             # optional, or "optimal-threats"

Examples
--------
>>> from bargain import load_scenario
>>> s = load_scenario("russia-nato-2022")
>>> Scenario.from_dict(s.to_dict()) == s
True
>>> import tomllib
>>> scenario_from_dict(tomllib.loads(scenario_to_toml(s))) == s
True
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from bargain.errors import ScenarioError
from bargain.model import Issue, Party, Scenario, suggest
from bargain.threat_game import ThreatGame

__all__ = ["read_toml", "scenario_from_dict", "scenario_to_dict", "scenario_to_toml"]

TOP_LEVEL_KEYS = (
    "name",
    "title",
    "description",
    "sources",
    "notes",
    "issues",
    "parties",
    "threat_game",
)
ISSUE_KEYS = ("key", "name", "levels", "description")
PARTY_KEYS = ("key", "name", "disagreement", "power", "discount", "weights", "values")
THREAT_GAME_KEYS = (
    "row",
    "column",
    "row_strategies",
    "column_strategies",
    "row_payoffs",
    "column_payoffs",
    "concept",
)


def read_toml(path: str | Path) -> Scenario:
    """Read a scenario file; every error names the file."""
    where = str(path)
    file = Path(path)
    if not file.exists():
        raise ScenarioError("does not exist (expected a scenario .toml file)", source=where)
    if file.is_dir():
        raise ScenarioError("is a folder, expected a scenario .toml file", source=where)
    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScenarioError(f"cannot be read: {exc}", source=where) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"is not valid TOML: {exc}", source=where) from None
    return scenario_from_dict(data, source=where)


def scenario_from_dict(data: Mapping[str, Any], *, source: str | None = None) -> Scenario:
    """Build a :class:`Scenario` from the file layout; errors name `source` and the key path."""
    try:
        return _from_dict(data)
    except ScenarioError as exc:
        raise (exc.with_source(source) if source else exc) from None


def _check_keys(
    table: Mapping[str, Any], allowed: Sequence[str], where: str, required: Sequence[str]
) -> None:
    for key in table:
        if key not in allowed:
            prefix = f"{where}." if where else ""
            raise ScenarioError(
                f"is not a known key; {suggest(str(key), allowed)}", key=f"{prefix}{key}"
            )
    for key in required:
        if key not in table:
            raise ScenarioError(f"is missing the required key {key!r}", key=where or "scenario")


def _table(value: object, where: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise ScenarioError(f"must be a table, found {type(value).__name__}", key=where)
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list | tuple):
        raise ScenarioError(f"must be a list, found {type(value).__name__}", key=where)
    return list(value)


def _from_dict(data: Mapping[str, Any]) -> Scenario:
    data = _table(data, "scenario")
    _check_keys(data, TOP_LEVEL_KEYS, "", ("name", "issues", "parties"))
    issues = []
    for j, raw in enumerate(_list(data["issues"], "issues")):
        where = f"issues[{j}]"
        table = _table(raw, where)
        _check_keys(table, ISSUE_KEYS, where, ("key", "levels"))
        try:
            issues.append(
                Issue(
                    table["key"],
                    table.get("name", ""),
                    table["levels"],
                    table.get("description", ""),
                )
            )
        except ScenarioError as exc:
            raise exc.within(where) from None
    parties = []
    for j, raw in enumerate(_list(data["parties"], "parties")):
        where = f"parties[{j}]"
        table = _table(raw, where)
        _check_keys(table, PARTY_KEYS, where, ("key", "values"))
        try:
            parties.append(
                Party(
                    table["key"],
                    table.get("name", ""),
                    values=_table(table["values"], "values"),
                    weights=_table(table.get("weights", {}), "weights"),
                    disagreement=table.get("disagreement", 0.0),
                    power=table.get("power", 1.0),
                    discount=table.get("discount", 1.0),
                )
            )
        except ScenarioError as exc:
            raise exc.within(where) from None
    return Scenario(
        name=data["name"],
        title=data.get("title", ""),
        description=data.get("description", ""),
        sources=tuple(_list(data.get("sources", []), "sources")),
        notes=data.get("notes", ""),
        issues=tuple(issues),
        parties=tuple(parties),
        threat_game=_threat_game(data["threat_game"]) if "threat_game" in data else None,
    )


def _threat_game(raw: object) -> ThreatGame:
    table = _table(raw, "threat_game")
    _check_keys(table, THREAT_GAME_KEYS, "threat_game", THREAT_GAME_KEYS[:-1])
    try:
        return ThreatGame(**table)
    except ScenarioError as exc:
        raise exc.within("threat_game") from None


def scenario_to_dict(scenario: Scenario) -> dict[str, Any]:
    """A JSON-safe dictionary in the file layout."""
    return {
        "name": scenario.name,
        "title": scenario.title,
        "description": scenario.description,
        "sources": list(scenario.sources),
        "notes": scenario.notes,
        "issues": [
            {
                "key": i.key,
                "name": i.name,
                "levels": list(i.levels),
                **({"description": i.description} if i.description else {}),
            }
            for i in scenario.issues
        ],
        "parties": [
            {
                "key": p.key,
                "name": p.name,
                "disagreement": p.disagreement,
                "power": p.power,
                "discount": p.discount,
                "weights": dict(p.weights),
                "values": {k: list(v) for k, v in p.values.items()},
            }
            for p in scenario.parties
        ],
        **({"threat_game": scenario.threat_game.to_dict()} if scenario.threat_game else {}),
    }


_ESCAPES = {
    "\\": "\\\\",
    '"': '\\"',
    "\b": "\\b",
    "\t": "\\t",
    "\n": "\\n",
    "\f": "\\f",
    "\r": "\\r",
}


def toml_string(text: str) -> str:
    r"""A TOML basic string; multi-line (triple-quoted) when `text` holds a newline.

    Examples
    --------
    >>> print(toml_string('say "hi"\\now'))
    "say \"hi\"\\now"
    >>> tomllib.loads("x = " + toml_string("a\nb\\"))["x"] == "a\nb\\"
    True
    """
    multiline = "\n" in text
    out = []
    for ch in text:
        if multiline and ch == "\n":
            out.append("\n")
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    body = "".join(out)
    return f'"""\n{body}"""' if multiline else f'"{body}"'


def _value(value: Any) -> str:
    if isinstance(value, str):
        return toml_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(float(value))
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {type(value).__name__} to TOML")  # pragma: no cover


def _key(key: str) -> str:
    return (
        key
        if key and all(c.isalnum() or c in "_-" for c in key) and key.isascii()
        else json.dumps(key)
    )


def scenario_to_toml(scenario: Scenario) -> str:
    """The scenario as TOML text, in the documented layout."""
    data = scenario_to_dict(scenario)
    lines = [f"{_key(k)} = {_value(data[k])}" for k in TOP_LEVEL_KEYS[:5]]
    for issue in data["issues"]:
        lines += ["", "[[issues]]"] + [f"{_key(k)} = {_value(v)}" for k, v in issue.items()]
    for party in data["parties"]:
        lines += ["", "[[parties]]"]
        lines += [
            f"{_key(k)} = {_value(v)}" for k, v in party.items() if k not in ("weights", "values")
        ]
        for sub in ("weights", "values"):
            lines.append(f"[parties.{sub}]")
            lines += [f"{_key(k)} = {_value(v)}" for k, v in party[sub].items()]
    if "threat_game" in data:
        lines += ["", "[threat_game]"]
        lines += [f"{_key(k)} = {_value(v)}" for k, v in data["threat_game"].items()]
    return "\n".join(lines) + "\n"
