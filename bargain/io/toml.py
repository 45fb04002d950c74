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
    breakdown_risk = 0.05                    # optional, default 0: P(talks end) per rejected offer

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
    [parties.red_lines]                      # optional: levels the party refuses in any deal
    missiles = ["no limits"]

    [[links]]                                # optional: extra value for a combination of levels
    party = "russia"
    levels = { missiles = "binding ban", exercises = "cap" }   # two or more issues
    value = 0.05                             # added when a deal holds all these levels; may be < 0

    [threat_game]                            # optional: the game played if talks fail
    row = "russia"                           # two party keys
    column = "nato"
    row_strategies = ["escalate", "de-escalate"]
    column_strategies = ["sanctions", "no sanctions"]
    row_payoffs = [[-0.5, 0.1], [0.0, 0.2]]  # one row per row strategy
    column_payoffs = [[-0.2, -0.6], [0.1, 0.3]]
    concept = "nash-equilibrium"             # optional, or "optimal-threats"

    [notes]                                  # optional: the argument for each number, by path
    scenario = "Modelling choices."
    "russia.values.missiles" = "Why these values."

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

from bargain._files import read_text, write_text
from bargain.errors import ScenarioError
from bargain.model.scenario import TOP_LEVEL_KEYS, Scenario

__all__ = ["read_toml", "to_toml", "toml_string", "write_toml"]


def read_toml(path: str | Path) -> Scenario:
    """Read a scenario file; every error names the file.

    The file must be a regular file of at most 64 MiB (:func:`bargain._files.read_text`); a
    leading UTF-8 byte-order mark is ignored.

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
    text = read_text(path, what="a scenario .toml file")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"is not valid TOML: {exc}", source=where) from None
    except RecursionError:
        raise ScenarioError(
            "is not a scenario file: its arrays or tables are nested too deeply to read",
            source=where,
        ) from None
    return Scenario.from_dict(data, source=where)


def write_toml(scenario: Scenario, path: str | Path, *, force: bool = True) -> Path:
    """Write `scenario` to the file `path` as TOML (see :func:`to_toml`).

    Parameters
    ----------
    scenario
        The scenario to write.
    path
        The file to write (a ``.toml`` name by convention), whole or not at all (a temporary
        file renamed over it).
    force
        Replace an existing file (the default); ``False`` refuses it instead.

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
    return write_text(path, to_toml(scenario), force=force)


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


def _inline(table: dict[str, Any]) -> str:
    return "{ " + ", ".join(f"{_key(k)} = {_value(v)}" for k, v in table.items()) + " }"


def to_toml(scenario: Scenario) -> str:
    """The scenario as TOML text, in the documented layout; :func:`read_toml` reads it back.

    Everything is kept: red lines, links and the notes (the argument for each number).

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
    subs = ("weights", "values", "red_lines")
    for party in data["parties"]:
        lines += ["", "[[parties]]"]
        lines += [f"{_key(k)} = {_value(v)}" for k, v in party.items() if k not in subs]
        for sub in subs:
            if party[sub] or sub != "red_lines":
                lines.append(f"[parties.{sub}]")
                lines += [f"{_key(k)} = {_value(v)}" for k, v in party[sub].items()]
    for link in data["links"]:
        lines += ["", "[[links]]", f"party = {_value(link['party'])}"]
        lines += [f"levels = {_inline(link['levels'])}", f"value = {_value(link['value'])}"]
    if "threat_game" in data:
        lines += ["", "[threat_game]"]
        lines += [f"{_key(k)} = {_value(v)}" for k, v in data["threat_game"].items()]
    if data["notes"]:
        lines += ["", "[notes]"] + [f"{_key(k)} = {_value(v)}" for k, v in data["notes"].items()]
    return "\n".join(lines) + "\n"
