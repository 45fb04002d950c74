"""The scenario file format: TOML text and JSON-safe dictionaries, both ways.

Reading uses the standard library's :mod:`tomllib` and :meth:`Scenario.from_dict
<bargain.model.scenario.Scenario.from_dict>` (which checks the layout below); writing uses a small
emitter for the subset of TOML that scenario files use (strings, numbers, lists, tables and arrays
of tables).

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
>>> import tomllib
>>> Scenario.from_dict(tomllib.loads(to_toml(s))) == s
True
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path
from typing import Any

from bargain.errors import ScenarioError
from bargain.model.scenario import TOP_LEVEL_KEYS, Scenario

__all__ = ["read_toml", "to_toml", "toml_string", "write_toml"]


def read_toml(path: str | Path) -> Scenario:
    """Read a scenario file; every error names the file.

    Parameters
    ----------
    path
        A ``.toml`` file in the scenario layout (see the README's "Scenario files").

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ScenarioError
        A missing or unreadable file, invalid TOML, or an invalid scenario, naming the file and
        the key path.

    Examples
    --------
    >>> import tempfile, pathlib, bargain
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "talks.toml"
    >>> _ = write_toml(bargain.load_scenario("russia-nato-2022"), path)
    >>> read_toml(path).name
    'russia-nato-2022'
    """
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
    return Scenario.from_dict(data, source=where)


def write_toml(scenario: Scenario, path: str | Path) -> Path:
    """Write `scenario` to the file `path` as TOML (see :func:`to_toml`).

    Parameters
    ----------
    scenario
        The scenario to write.
    path
        The file to write (a ``.toml`` name by convention).

    Returns
    -------
    pathlib.Path
        The file written.

    Examples
    --------
    >>> import tempfile, pathlib, bargain
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "talks.toml"
    >>> write_toml(bargain.load_scenario("russia-nato-2022"), path).name
    'talks.toml'
    """
    out = Path(path)
    try:
        out.write_text(to_toml(scenario), encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"cannot be written: {exc}", source=str(path)) from None
    return out


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


def to_toml(scenario: Scenario) -> str:
    """The scenario as TOML text, in the documented layout; :func:`read_toml` reads it back.

    Parameters
    ----------
    scenario
        The scenario to write.

    Returns
    -------
    str
        The TOML text (UTF-8, ending in a newline).

    Examples
    --------
    >>> import bargain
    >>> print(to_toml(bargain.load_scenario("russia-nato-2022")).splitlines()[0])
    name = "russia-nato-2022"
    """
    data = scenario.to_dict()
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
