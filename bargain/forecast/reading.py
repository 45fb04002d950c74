r"""Reading a positions data set: :func:`read_positions` from CSV files or pandas DataFrames.

Three tables in long (tidy) format, one record per row; columns are found by name, in any order:

- **positions** (required): ``issue``, ``actor``, ``position`` (a number on the issue's scale),
  ``salience`` (>= 0; a blank cell means 0: the actor takes part but does not care) and, optionally,
  ``capability`` (>= 0; a value here overrides the actor table for that issue).
- **issues** (optional): ``issue``, and optionally ``proposal`` (issues of one proposal are decided
  as one package; default: each issue on its own), ``reference`` (status quo or reversion point),
  ``outcome`` (what was decided; backtests need it), ``low`` and ``high`` (the scale, default 0 and
  100) and ``name``. Blank cells mean "none" (or the default).
- **actors** (optional): ``actor``, and optionally ``capability`` (>= 0, default 1) and ``name``.

Issues come in the order of the issue table (else of their first record), actors in the order of
the actor table (else of their first record). Other columns are ignored, with one
:class:`~bargain.errors.BargainWarning` per table naming them.

Errors name the file, the row and the column. Rows are counted as a spreadsheet shows them: the
header is row 1, so the first record is row 2 (for a DataFrame: its first row is row 2 as well).

Examples
--------
>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> _ = (folder / "positions.csv").write_text(
...     "issue,actor,position,salience\n"
...     "missiles,russia,100,0.6\nmissiles,nato,0,0.3\n")
>>> data = read_positions(folder / "positions.csv")
>>> data.issues, data.actors, data.position.tolist()
(('missiles',), ('russia', 'nato'), [[100.0, 0.0]])
>>> _ = (folder / "bad.csv").write_text(
...     "issue,actor,position,salience\nmissiles,russia,100,-1\n")
>>> read_positions(folder / "bad.csv")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
bargain.errors.ScenarioError: .../bad.csv: row 2 column 'salience' must be >= 0, found -1
"""

from __future__ import annotations

import csv
import math
import os
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import suggest
from bargain.errors import BargainWarning, ScenarioError
from bargain.forecast.positions import DEFAULT_HIGH, DEFAULT_LOW, Positions
from bargain.io.catalog import scenario_folder

__all__ = [
    "ACTOR_COLUMNS",
    "ISSUE_COLUMNS",
    "POSITION_COLUMNS",
    "list_positions",
    "load_positions",
    "read_folder",
    "read_positions",
]

#: Columns of each table: (required, optional).
POSITION_COLUMNS = (("issue", "actor", "position", "salience"), ("capability",))
ISSUE_COLUMNS = (("issue",), ("proposal", "reference", "outcome", "low", "high", "name"))
ACTOR_COLUMNS = (("actor",), ("capability", "name"))


@dataclass(frozen=True, slots=True)
class _Table:
    """A table as text cells: its source (for messages), rows and their spreadsheet numbers."""

    source: str
    columns: tuple[str, ...]
    rows: tuple[Mapping[str, str], ...]
    numbers: tuple[int, ...]

    def cell(self, k: int, column: str) -> str:
        return self.rows[k].get(column, "")

    def error(self, k: int, column: str | None, problem: str) -> ScenarioError:
        where = f"row {self.numbers[k]}" + (f" column {column!r}" if column else "")
        return ScenarioError(problem, key=where, source=self.source)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return str(value).strip()


def _load(table: object, name: str) -> _Table:
    """Read a CSV path or a DataFrame (anything with ``columns`` and ``itertuples``)."""
    if isinstance(table, str | os.PathLike):
        source = os.fspath(table)
        path = Path(table)
        if path.is_dir():
            raise ScenarioError("is a folder, expected a CSV file", key="", source=source)
        try:
            with path.open(newline="", encoding="utf-8-sig") as handle:
                reader = csv.reader(handle)
                lines = list(reader)
        except FileNotFoundError:
            raise ScenarioError("does not exist", source=source) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise ScenarioError(f"cannot be read: {exc}", source=source) from None
        except csv.Error as exc:
            raise ScenarioError(f"is not valid CSV: {exc}", source=source) from None
        if not lines:
            raise ScenarioError("is empty, expected a header row", source=source)
        header = tuple(h.strip() for h in lines[0])
        rows = []
        numbers = []
        for number, line in enumerate(lines[1:], start=2):
            if not any(cell.strip() for cell in line):
                continue  # blank line
            if len(line) > len(header):
                raise ScenarioError(
                    f"has {len(line)} cells, the header has {len(header)}",
                    key=f"row {number}",
                    source=source,
                )
            rows.append({h: c.strip() for h, c in zip(header, line, strict=False)})
            numbers.append(number)
        return _Table(source, header, tuple(rows), tuple(numbers))
    columns = getattr(table, "columns", None)
    if columns is None or not callable(getattr(table, "itertuples", None)):
        raise ScenarioError(
            f"must be a CSV file path or a pandas DataFrame, found {type(table).__name__}",
            key=name,
        )
    header = tuple(str(c).strip() for c in columns)
    rows = []
    for values in table.itertuples(index=False, name=None):  # type: ignore[attr-defined]
        rows.append({h: _text(v) for h, v in zip(header, values, strict=True)})
    return _Table(f"{name} (DataFrame)", header, tuple(rows), tuple(range(2, len(rows) + 2)))


def _columns(table: _Table, spec: tuple[tuple[str, ...], tuple[str, ...]]) -> None:
    required, optional = spec
    for column in required:
        if column not in table.columns:
            raise ScenarioError(
                f"is missing the column {column!r} (columns: {', '.join(table.columns) or 'none'})",
                source=table.source,
            )
    seen: set[str] = set()
    for column in table.columns:
        if column in seen and column in required + optional:
            raise ScenarioError(f"has the column {column!r} twice", source=table.source)
        seen.add(column)
    extra = [c for c in table.columns if c not in required + optional]
    if extra:
        listed = ", ".join(repr(c) for c in extra)
        hints = [suggest(c, required + optional) for c in extra]
        close = [h for h in hints if h.startswith("did you mean")]
        warnings.warn(
            f"{table.source}: ignored the column(s) {listed}"
            + (f" ({'; '.join(close)})" if close else ""),
            BargainWarning,
            stacklevel=3,
        )


def _number(
    table: _Table, k: int, column: str, *, blank: float | None, minimum: float | None = None
) -> float:
    """The cell as a finite float; `blank` for an empty cell (None: a number is required)."""
    text = table.cell(k, column)
    if text == "":
        if blank is None:
            raise table.error(k, column, "must be a number, found an empty cell")
        return blank
    try:
        value = float(text)
    except ValueError:
        raise table.error(k, column, f"must be a number, found {text!r}") from None
    if not math.isfinite(value):
        raise table.error(k, column, f"must be a finite number, found {text}")
    if minimum is not None and value < minimum:
        raise table.error(k, column, f"must be >= {minimum:g}, found {text}")
    return value


def _key(table: _Table, k: int, column: str) -> str:
    text = table.cell(k, column)
    if not text:
        raise table.error(k, column, "must not be empty")
    return text


def read_positions(
    positions: Any,
    *,
    issues: Any = None,
    actors: Any = None,
) -> Positions:
    """Read a positions data set from CSV files or pandas DataFrames (see the module notes).

    Parameters
    ----------
    positions
        The positions table: a path to a CSV file or a DataFrame.
    issues, actors
        The optional issue and actor tables, each a path or a DataFrame.

    Returns
    -------
    Positions
        The validated data set.

    Raises
    ------
    ScenarioError
        Naming the file, the row and the column: a missing column, a duplicate (issue, actor) row,
        a position outside its issue's scale, a negative or non-finite salience or capability, an
        actor missing from the actor table, an issue without positions, an outcome or reference
        outside the scale, a repeated issue or actor.

    Examples
    --------
    >>> import bargain
    >>> folder = "scenarios/russia-nato-2022-actors/"
    >>> data = bargain.read_positions(folder + "positions.csv", issues=folder + "issues.csv",
    ...                               actors=folder + "actors.csv")
    >>> data.actors[:3], data.proposals
    (('russia', 'united_states', 'united_kingdom'), ('draft-agreement-nato',))
    """
    ptable = _load(positions, "positions")
    _columns(ptable, POSITION_COLUMNS)
    itable = None if issues is None else _load(issues, "issues")
    atable = None if actors is None else _load(actors, "actors")
    if itable is not None:
        _columns(itable, ISSUE_COLUMNS)
    if atable is not None:
        _columns(atable, ACTOR_COLUMNS)
    actor_list = _Actors() if atable is None else _actor_table(atable)
    issue_row = {} if itable is None else _issue_table(itable)
    issue_keys = list(issue_row)
    seen = _record_keys(ptable, itable, atable, issue_row, issue_keys, actor_list)
    scale = _issue_columns(itable, issue_keys, issue_row)
    position, salience, capability = _records(ptable, seen, issue_keys, actor_list, scale)
    for i, key in enumerate(issue_keys):
        if np.all(np.isnan(position[i])):
            assert itable is not None  # an issue read from positions has a record
            raise itable.error(
                issue_row[key],
                "issue",
                f"has no positions: no row of {ptable.source} names the issue {key!r}",
            )
    return Positions(
        issues=tuple(issue_keys),
        actors=tuple(actor_list.keys),
        position=position,
        salience=salience,
        capability=capability,
        actor_capability=np.array(actor_list.capability),
        proposal=tuple(scale.proposal),
        low=scale.low,
        high=scale.high,
        reference=scale.reference,
        outcome=scale.outcome,
        issue_names=tuple(scale.names),
        actor_names=tuple(actor_list.names),
    )


@dataclass
class _Actors:
    """The actors met so far: keys, the row each came from, capabilities and names."""

    keys: list[str] = field(default_factory=list)
    row: dict[str, int] = field(default_factory=dict)
    capability: list[float] = field(default_factory=list)
    names: list[str] = field(default_factory=list)

    def add(self, key: str, row: int, capability: float, name: str) -> None:
        self.row[key] = row
        self.keys.append(key)
        self.capability.append(capability)
        self.names.append(name)


def _actor_table(atable: _Table) -> _Actors:
    """The actor table: one row per actor, keys unique."""
    found = _Actors()
    for k in range(len(atable.rows)):
        key = _key(atable, k, "actor")
        if key in found.row:
            raise atable.error(
                k, "actor", f"repeats the actor {key!r} of row {atable.numbers[found.row[key]]}"
            )
        capability = _number(atable, k, "capability", blank=1.0, minimum=0)
        found.add(key, k, capability, atable.cell(k, "name") or key)
    if not found.keys:
        raise ScenarioError("has no rows, expected one per actor", source=atable.source)
    return found


def _issue_table(itable: _Table) -> dict[str, int]:
    """The issue table's keys (unique, in order) and the row of each."""
    issue_row: dict[str, int] = {}
    for k in range(len(itable.rows)):
        key = _key(itable, k, "issue")
        if key in issue_row:
            raise itable.error(
                k, "issue", f"repeats the issue {key!r} of row {itable.numbers[issue_row[key]]}"
            )
        issue_row[key] = k
    if not issue_row:
        raise ScenarioError("has no rows, expected one per issue", source=itable.source)
    return issue_row


def _record_keys(
    ptable: _Table,
    itable: _Table | None,
    atable: _Table | None,
    issue_row: dict[str, int],
    issue_keys: list[str],
    actors: _Actors,
) -> dict[tuple[str, str], int]:
    """The (issue, actor) key of every positions row, checked.

    Issues and actors met are added (in order of appearance) when there is no issue or actor
    table.
    """
    seen: dict[tuple[str, str], int] = {}
    for k in range(len(ptable.rows)):
        issue = _key(ptable, k, "issue")
        actor = _key(ptable, k, "actor")
        if (issue, actor) in seen:
            raise ptable.error(
                k,
                None,
                f"repeats issue {issue!r}, actor {actor!r} of row "
                f"{ptable.numbers[seen[issue, actor]]}",
            )
        seen[issue, actor] = k
        if itable is not None and issue not in issue_row:
            raise ptable.error(
                k,
                "issue",
                f"names the issue {issue!r}, which is not in the issue table {itable.source}; "
                + suggest(issue, issue_keys),
            )
        if atable is not None and actor not in actors.row:
            raise ptable.error(
                k,
                "actor",
                f"names the actor {actor!r}, which is not in the actor table {atable.source}; "
                + suggest(actor, actors.keys),
            )
        if itable is None and issue not in issue_row:
            issue_row[issue] = len(issue_keys)
            issue_keys.append(issue)
        if atable is None and actor not in actors.row:
            actors.add(actor, len(actors.keys), 1.0, actor)
    if not seen:
        raise ScenarioError("has no rows, expected one per (issue, actor)", source=ptable.source)
    return seen


@dataclass
class _Scales:
    """Per issue: the scale, the reference point and outcome (NaN: none), proposal and name."""

    low: NDArray[np.float64]
    high: NDArray[np.float64]
    reference: NDArray[np.float64]
    outcome: NDArray[np.float64]
    proposal: list[str]
    names: list[str]


def _issue_columns(
    itable: _Table | None, issue_keys: list[str], issue_row: dict[str, int]
) -> _Scales:
    """The issue table's columns, checked (defaults without an issue table)."""
    ni = len(issue_keys)
    scale = _Scales(
        low=np.full(ni, DEFAULT_LOW),
        high=np.full(ni, DEFAULT_HIGH),
        reference=np.full(ni, np.nan),
        outcome=np.full(ni, np.nan),
        proposal=list(issue_keys),
        names=list(issue_keys),
    )
    if itable is None:
        return scale
    for i, key in enumerate(issue_keys):
        k = issue_row[key]
        low = scale.low[i] = _number(itable, k, "low", blank=DEFAULT_LOW)
        high = scale.high[i] = _number(itable, k, "high", blank=DEFAULT_HIGH)
        if not low < high:
            raise itable.error(k, "high", f"must be above low ({low:g}), found {high:g}")
        for column, target in (("reference", scale.reference), ("outcome", scale.outcome)):
            value = _number(itable, k, column, blank=math.nan)
            if not math.isnan(value) and not low <= value <= high:
                raise itable.error(
                    k, column, f"must be on the issue's scale [{low:g}, {high:g}], found {value:g}"
                )
            target[i] = value
        scale.proposal[i] = itable.cell(k, "proposal") or key
        scale.names[i] = itable.cell(k, "name") or key
    return scale


def _records(
    ptable: _Table,
    seen: dict[tuple[str, str], int],
    issue_keys: list[str],
    actors: _Actors,
    scale: _Scales,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Position, salience and capability of every (issue, actor), NaN where there is no row."""
    ni, na = len(issue_keys), len(actors.keys)
    issue_index = {key: i for i, key in enumerate(issue_keys)}
    actor_index = {key: a for a, key in enumerate(actors.keys)}
    position = np.full((ni, na), np.nan)
    salience = np.full((ni, na), np.nan)
    capability = np.full((ni, na), np.nan)
    for (issue, actor), k in seen.items():
        i, a = issue_index[issue], actor_index[actor]
        low, high = scale.low[i], scale.high[i]
        x = _number(ptable, k, "position", blank=None)
        if not low <= x <= high:
            raise ptable.error(
                k,
                "position",
                f"must be on the scale of issue {issue!r} [{low:g}, {high:g}], found {x:g}",
            )
        position[i, a] = x
        salience[i, a] = _number(ptable, k, "salience", blank=0.0, minimum=0)
        own = actors.capability[a]
        capability[i, a] = _number(ptable, k, "capability", blank=own, minimum=0)
    return position, salience, capability


def read_folder(folder: str | os.PathLike[str]) -> Positions:
    """Read ``positions.csv`` and, when present, ``issues.csv`` and ``actors.csv`` of `folder`.

    Examples
    --------
    >>> data = read_folder(scenario_folder() / "russia-nato-2022-actors")
    >>> data.n_issues, data.n_actors
    (8, 9)
    """
    base = Path(folder)
    issues = base / "issues.csv"
    actors = base / "actors.csv"
    return read_positions(
        base / "positions.csv",
        issues=issues if issues.exists() else None,
        actors=actors if actors.exists() else None,
    )


def list_positions() -> list[str]:
    """Names of the bundled positions data sets (folders of the scenarios with a positions.csv).

    Examples
    --------
    >>> list_positions()
    ['russia-nato-2022-actors']
    """
    folder = scenario_folder()
    if not folder.is_dir():
        return []
    return sorted(p.parent.name for p in folder.glob("*/positions.csv"))


def load_positions(name: str) -> Positions:
    """The bundled positions data set `name` (see :func:`list_positions`).

    Examples
    --------
    >>> load_positions("russia-nato-2022-actors").proposals
    ('draft-agreement-nato',)
    >>> load_positions("russia-nato-2022")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: 'russia-nato-2022' is not a bundled positions data set; \
did you mean 'russia-nato-2022-actors'?
    """
    names = list_positions()
    if name not in names:
        raise ScenarioError(
            f"is not a bundled positions data set; {suggest(name, names)}", key=repr(name)
        )
    return read_folder(scenario_folder() / name)
