"""The bargaining model: issues, parties, and the scenario that binds them.

A *deal* (a package) picks one level of every issue. Party ``p`` values a deal at

    u_p(deal) = sum_i weights[p][i] * values[p][i][deal[i]]

and gets its ``disagreement`` utility if talks fail. Values and disagreement share a unit of the
party's own choosing; no solution in this library depends on that unit.

Array conventions
-----------------
- A deal is an integer array of level indices, shape ``(n_issues,)``; many deals
  ``(..., n_issues)``.
- Utilities put the parties on the last axis: ``(..., n_parties)``.
- ``Scenario.tables[i]`` has shape ``(n_levels_i, n_parties)``: the weighted value of each level of
  issue ``i`` for each party, so ``u(deal) = sum_i tables[i][deal[i]]``.

All three classes are immutable and validate themselves once, at construction; invalid input raises
:class:`~bargain.errors.ScenarioError` naming the key path, what was expected and what was found.

Examples
--------
>>> missiles = Issue("missiles", "Article 5: missiles", ["no limits", "moratorium", "ban"])
>>> russia = Party("russia", "Russia", values={"missiles": [0.0, 0.7, 1.0]}, disagreement=0.2)
>>> nato = Party("nato", "NATO", values={"missiles": [1.0, 0.6, 0.0]}, disagreement=0.3)
>>> s = Scenario(name="toy", issues=[missiles], parties=[russia, nato])
>>> s.utilities([[1], [2]])
array([[0.7, 0.6],
       [1. , 0. ]])
>>> s.describe([1])
{'missiles': 'moratorium'}
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bargain.errors import ScenarioError

if TYPE_CHECKING:
    from bargain.threat_game import ThreatGame

__all__ = ["FrozenMap", "Issue", "Party", "Scenario"]

KEY_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")


class FrozenMap(Mapping[str, Any]):
    """An immutable, hashable, picklable mapping from keys to values, kept in insertion order.

    Examples
    --------
    >>> m = FrozenMap({"a": 1.0})
    >>> m["a"], m == {"a": 1.0}, hash(m) == hash(FrozenMap({"a": 1.0}))
    (1.0, True, True)
    """

    __slots__ = ("_data",)
    _data: dict[str, Any]

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FrozenMap is immutable")

    def __reduce__(self) -> tuple[object, ...]:
        return (FrozenMap, (self._data,))


def check_key(value: object, key: str) -> str:
    """Return `value` if it is a valid identifier key, else raise ScenarioError."""
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        raise ScenarioError(
            f"must be an identifier (letters, digits, '_' or '-', not starting with a digit), "
            f"found {value!r}",
            key=key,
        )
    return value


def check_text(value: object, key: str) -> str:
    """Return `value` if it is a string, else raise ScenarioError."""
    if not isinstance(value, str):
        raise ScenarioError(f"must be a string, found {kind(value)}", key=key)
    return value


def check_number(value: object, key: str) -> float:
    """Return `value` as a float if it is a finite real number, else raise ScenarioError."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ScenarioError(f"must be a number, found {kind(value)}", key=key)
    number = float(value)
    if not math.isfinite(number):
        raise ScenarioError(f"must be a finite number, found {number}", key=key)
    return number


def kind(value: object) -> str:
    """Describe what `value` is, for an error message (``"the string 'x'"``, ``"a list"``)."""
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def suggest(name: str, choices: Iterable[str]) -> str:
    """Return a hint naming the choices closest to `name` (or all of them).

    Examples
    --------
    >>> suggest("missile", ["missiles", "exercises"])
    "did you mean 'missiles'?"
    """
    options = sorted(choices)
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return "expected one of: " + ", ".join(options) if options else "there are none"


@dataclass(frozen=True, slots=True)
class Issue:
    """A negotiable issue with ordered levels.

    Parameters
    ----------
    key
        Identifier used in files, paths and JSON (``"missiles"``).
    name
        Human-readable name; defaults to the key when empty.
    levels
        At least two distinct level names, in order (conventionally from the status quo /
        "rejected" to "fully conceded").
    description
        Optional longer text.
    """

    key: str
    name: str
    levels: tuple[str, ...]
    description: str = ""

    def __post_init__(self) -> None:
        check_key(self.key, "key")
        check_text(self.name, "name")
        check_text(self.description, "description")
        if not self.name:
            object.__setattr__(self, "name", self.key)
        if isinstance(self.levels, str) or not isinstance(self.levels, Sequence):
            raise ScenarioError(
                f"must be a list of level names, found {kind(self.levels)}", key="levels"
            )
        levels = tuple(self.levels)
        for j, level in enumerate(levels):
            if not isinstance(level, str) or not level:
                raise ScenarioError(
                    f"must be a non-empty string, found {kind(level)}", key=f"levels[{j}]"
                )
        if len(levels) < 2:
            raise ScenarioError(f"has {len(levels)} level(s), expected at least 2", key="levels")
        seen: set[str] = set()
        for j, level in enumerate(levels):
            if level in seen:
                raise ScenarioError(f"repeats the level name {level!r}", key=f"levels[{j}]")
            seen.add(level)
        object.__setattr__(self, "levels", levels)

    @property
    def n_levels(self) -> int:
        """Number of levels."""
        return len(self.levels)

    def level_index(self, level: str) -> int:
        """Index of the level called `level`; ScenarioError with a suggestion if there is none."""
        try:
            return self.levels.index(level)
        except ValueError:
            raise ScenarioError(
                f"has no level {level!r}; {suggest(level, self.levels)}", key=self.key
            ) from None


@dataclass(frozen=True, slots=True)
class Party:
    """A negotiating party: its value for every level of every issue, and its outside option.

    Parameters
    ----------
    key
        Identifier (``"russia"``).
    name
        Human-readable name; defaults to the key when empty.
    values
        ``{issue_key: [value per level]}``; the scenario checks that every issue is covered.
    weights
        ``{issue_key: weight}``, each ≥ 0; issues not listed weigh 1.
    disagreement
        Utility when talks fail (same unit as the values).
    power
        Bargaining power, the exponent in the asymmetric Nash product (> 0).
    discount
        Per-round discount factor in (0, 1], used by alternating-offers bargaining.
    """

    key: str
    name: str
    values: Mapping[str, tuple[float, ...]]
    weights: Mapping[str, float] = field(default_factory=FrozenMap)
    disagreement: float = 0.0
    power: float = 1.0
    discount: float = 1.0

    def __post_init__(self) -> None:
        check_key(self.key, "key")
        check_text(self.name, "name")
        if not self.name:
            object.__setattr__(self, "name", self.key)
        if not isinstance(self.values, Mapping):
            raise ScenarioError(
                f"must be a table of issue -> list of numbers, found {kind(self.values)}",
                key="values",
            )
        values: dict[str, tuple[float, ...]] = {}
        for issue_key, numbers in self.values.items():
            where = f"values.{issue_key}"
            check_key(issue_key, where)
            if isinstance(numbers, str) or not isinstance(numbers, Sequence | np.ndarray):
                raise ScenarioError(
                    f"must be a list of numbers (one per level), found {kind(numbers)}",
                    key=where,
                )
            values[issue_key] = tuple(
                check_number(x, f"{where}[{j}]") for j, x in enumerate(numbers)
            )
        if not isinstance(self.weights, Mapping):
            raise ScenarioError(
                f"must be a table of issue -> number, found {kind(self.weights)}", key="weights"
            )
        weights: dict[str, float] = {}
        for issue_key, weight in self.weights.items():
            check_key(issue_key, f"weights.{issue_key}")
            w = check_number(weight, f"weights.{issue_key}")
            if w < 0:
                raise ScenarioError(f"must be ≥ 0, found {w}", key=f"weights.{issue_key}")
            weights[issue_key] = w
        object.__setattr__(self, "values", FrozenMap(values))
        object.__setattr__(self, "weights", FrozenMap(weights))
        object.__setattr__(self, "disagreement", check_number(self.disagreement, "disagreement"))
        power = check_number(self.power, "power")
        if power <= 0:
            raise ScenarioError(f"must be > 0, found {power}", key="power")
        object.__setattr__(self, "power", power)
        discount = check_number(self.discount, "discount")
        if not 0 < discount <= 1:
            raise ScenarioError(f"must be in (0, 1], found {discount}", key="discount")
        object.__setattr__(self, "discount", discount)

    def weight(self, issue_key: str) -> float:
        """The weight of an issue (1 when not listed)."""
        return float(self.weights.get(issue_key, 1.0))


def _as_tuple(items: object, key: str) -> tuple[Any, ...]:
    if isinstance(items, str | Mapping) or not isinstance(items, Iterable):
        raise ScenarioError(f"must be a list, found {kind(items)}", key=key)
    return tuple(items)


@dataclass(frozen=True, slots=True, kw_only=True)
class Scenario:
    """A bargaining problem: issues, parties and where they come from.

    Parameters
    ----------
    name
        Short identifier (the bundled scenarios are loaded by it).
    issues, parties
        At least one issue and at least two parties, keys unique. Every party gives one value per
        level for every issue.
    title, description, notes
        Free text.
    sources
        Where the modelling comes from: outlet, headline, date.
    threat_game
        Optional: the game two of the parties play if talks fail, from which
        :func:`bargain.threat_point` derives their disagreement utilities.
    """

    name: str
    issues: tuple[Issue, ...]
    parties: tuple[Party, ...]
    title: str = ""
    description: str = ""
    sources: tuple[str, ...] = ()
    notes: str = ""
    threat_game: ThreatGame | None = None
    _tables: tuple[NDArray[np.float64], ...] = field(
        init=False, repr=False, compare=False, default=()
    )

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ScenarioError(f"must be a non-empty string, found {kind(self.name)}", key="name")
        for attr in ("title", "description", "notes"):
            check_text(getattr(self, attr), attr)
        sources = _as_tuple(self.sources, "sources")
        for j, source in enumerate(sources):
            check_text(source, f"sources[{j}]")
        issues = _as_tuple(self.issues, "issues")
        parties = _as_tuple(self.parties, "parties")
        for j, issue in enumerate(issues):
            if not isinstance(issue, Issue):
                raise ScenarioError(f"must be an Issue, found {kind(issue)}", key=f"issues[{j}]")
        for j, party in enumerate(parties):
            if not isinstance(party, Party):
                raise ScenarioError(f"must be a Party, found {kind(party)}", key=f"parties[{j}]")
        if not issues:
            raise ScenarioError("is empty, expected at least one issue", key="issues")
        if len(parties) < 2:
            raise ScenarioError(f"has {len(parties)} party, expected at least 2", key="parties")
        _check_unique([i.key for i in issues], "issues")
        _check_unique([p.key for p in parties], "parties")
        for j, party in enumerate(parties):
            _check_party_covers(party, issues, f"parties[{j}]")
        if self.threat_game is not None:
            _check_threat_game(self.threat_game, parties)
        object.__setattr__(self, "sources", sources)
        object.__setattr__(self, "issues", issues)
        object.__setattr__(self, "parties", parties)
        tables = []
        for issue in issues:
            table = np.array(
                [[p.weight(issue.key) * v for v in p.values[issue.key]] for p in parties],
                dtype=np.float64,
            ).T.copy()
            table.flags.writeable = False
            tables.append(table)
        object.__setattr__(self, "_tables", tuple(tables))

    # ----------------------------------------------------------------- sizes and keys
    @property
    def n_parties(self) -> int:
        """Number of parties."""
        return len(self.parties)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issues)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of levels of each issue."""
        return tuple(i.n_levels for i in self.issues)

    @property
    def n_deals(self) -> int:
        """Number of distinct deals (an exact Python int; it can be astronomically large)."""
        return math.prod(self.shape)

    @property
    def issue_keys(self) -> tuple[str, ...]:
        """Issue keys, in order."""
        return tuple(i.key for i in self.issues)

    @property
    def party_keys(self) -> tuple[str, ...]:
        """Party keys, in order."""
        return tuple(p.key for p in self.parties)

    def issue(self, key: str) -> Issue:
        """The issue called `key`; ScenarioError with a suggestion if there is none."""
        for issue in self.issues:
            if issue.key == key:
                return issue
        raise ScenarioError(f"is not an issue; {suggest(key, self.issue_keys)}", key=repr(key))

    def party(self, key: str) -> Party:
        """The party called `key`; ScenarioError with a suggestion if there is none."""
        for party in self.parties:
            if party.key == key:
                return party
        raise ScenarioError(f"is not a party; {suggest(key, self.party_keys)}", key=repr(key))

    # ----------------------------------------------------------------- arrays
    @property
    def tables(self) -> tuple[NDArray[np.float64], ...]:
        """Per issue, the ``(n_levels, n_parties)`` weighted values (read-only arrays)."""
        return self._tables

    @property
    def disagreement_point(self) -> NDArray[np.float64]:
        """Each party's disagreement utility, shape ``(n_parties,)``."""
        return np.array([p.disagreement for p in self.parties], dtype=np.float64)

    @property
    def powers(self) -> NDArray[np.float64]:
        """Each party's bargaining power, shape ``(n_parties,)``."""
        return np.array([p.power for p in self.parties], dtype=np.float64)

    @property
    def discounts(self) -> NDArray[np.float64]:
        """Each party's per-round discount factor, shape ``(n_parties,)``."""
        return np.array([p.discount for p in self.parties], dtype=np.float64)

    def utilities(self, deals: ArrayLike) -> NDArray[np.float64]:
        """Utilities of many deals at once.

        Parameters
        ----------
        deals
            Level indices, shape ``(..., n_issues)``.

        Returns
        -------
        ndarray
            Shape ``(..., n_parties)``; issues are summed in order, first to last.
        """
        idx = np.asarray(deals)
        if idx.ndim == 0 or idx.shape[-1] != self.n_issues:
            raise ScenarioError(
                f"must have shape (..., {self.n_issues}) (one level index per "
                f"issue), found shape {idx.shape}",
                key="deals",
            )
        if idx.size and not np.issubdtype(idx.dtype, np.integer):
            raise ScenarioError(
                f"must hold integer level indices, found dtype {idx.dtype}", key="deals"
            )
        shape = np.asarray(self.shape)
        if idx.size and (np.any(idx < 0) or np.any(idx >= shape)):
            raise ScenarioError(
                f"has a level index outside 0..n_levels-1 (levels per issue: {list(self.shape)})",
                key="deals",
            )
        out = np.zeros((*idx.shape[:-1], self.n_parties))
        for i, table in enumerate(self._tables):
            out += table[idx[..., i]]
        return out

    # ----------------------------------------------------------------- deals in words
    def describe(self, deal: ArrayLike) -> dict[str, str]:
        """Turn one deal (level indices) into ``{issue_key: level_name}``."""
        idx = np.asarray(deal)
        self.utilities(idx)  # validates shape and range
        if idx.shape != (self.n_issues,):
            raise ScenarioError(
                f"must be one deal, shape ({self.n_issues},), found shape {idx.shape}", key="deal"
            )
        return {i.key: i.levels[int(j)] for i, j in zip(self.issues, idx, strict=True)}

    def parse_deal(
        self, deal: Mapping[str, str], *, partial: bool = False, key: str = "deal"
    ) -> dict[str, int]:
        """Turn ``{issue_key: level_name}`` into ``{issue_key: level_index}``, validated.

        With ``partial=False`` every issue must be named.
        """
        if not isinstance(deal, Mapping):
            raise ScenarioError(
                f"must be a mapping of issue -> level name, found {kind(deal)}", key=key
            )
        out: dict[str, int] = {}
        for issue_key, level in deal.items():
            try:
                issue = self.issue(str(issue_key))
            except ScenarioError as exc:
                raise ScenarioError(exc.problem, key=f"{key}[{issue_key!r}]") from None
            if not isinstance(level, str):
                raise ScenarioError(
                    f"must be a level name, found {kind(level)}", key=f"{key}[{issue_key!r}]"
                )
            try:
                out[issue.key] = issue.level_index(level)
            except ScenarioError as exc:
                raise ScenarioError(exc.problem, key=f"{key}[{issue_key!r}]") from None
        missing = [k for k in self.issue_keys if k not in out]
        if missing and not partial:
            raise ScenarioError(f"is missing issue(s) {', '.join(missing)}", key=key)
        return out

    # ----------------------------------------------------------------- files and dicts
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> Scenario:
        """Build a scenario from a dictionary of the TOML layout (see the README).

        `source` names the origin in error messages.
        """
        from bargain.scenario_file import scenario_from_dict

        return scenario_from_dict(data, source=source)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dictionary; ``Scenario.from_dict(s.to_dict()) == s``."""
        from bargain.scenario_file import scenario_to_dict

        return scenario_to_dict(self)

    @classmethod
    def from_toml(cls, path: str | Path) -> Scenario:
        """Read a scenario file (TOML); errors name the file and the key."""
        from bargain.scenario_file import read_toml

        return read_toml(path)

    @classmethod
    def from_genius(
        cls,
        domain_path: str | Path,
        profile_paths: Iterable[str | Path],
        *,
        real_resolution: int = 11,
    ) -> Scenario:
        """Read a GENIUS domain file and one profile per party (see :func:`bargain.read_genius`)."""
        from bargain.genius import read_genius

        return read_genius(domain_path, profile_paths, real_resolution=real_resolution)

    def to_toml(self) -> str:
        """The scenario as TOML text; ``from_toml`` of it gives back an equal scenario."""
        from bargain.scenario_file import scenario_to_toml

        return scenario_to_toml(self)


def _check_threat_game(game: object, parties: tuple[Party, ...]) -> None:
    from bargain.threat_game import ThreatGame

    if not isinstance(game, ThreatGame):
        raise ScenarioError(f"must be a ThreatGame, found {kind(game)}", key="threat_game")
    keys = [p.key for p in parties]
    for side in ("row", "column"):
        key = getattr(game, side)
        if key not in keys:
            raise ScenarioError(
                f"{key!r} is not a party; {suggest(key, keys)}", key=f"threat_game.{side}"
            )
    if game.concept == "optimal-threats" and len(parties) != 2:
        raise ScenarioError(
            f"'optimal-threats' needs a two-party scenario (Nash 1953), found {len(parties)} "
            f"parties: use 'nash-equilibrium'",
            key="threat_game.concept",
        )


def _check_unique(keys: list[str], where: str) -> None:
    seen: dict[str, int] = {}
    for j, key in enumerate(keys):
        if key in seen:
            raise ScenarioError(
                f"repeats the key {key!r} of {where}[{seen[key]}]", key=f"{where}[{j}].key"
            )
        seen[key] = j


def _check_party_covers(party: Party, issues: tuple[Issue, ...], where: str) -> None:
    by_key = {i.key: i for i in issues}
    for issue_key in party.values:
        if issue_key not in by_key:
            raise ScenarioError(
                f"is not an issue; {suggest(issue_key, by_key)}", key=f"{where}.values.{issue_key}"
            )
    for issue_key in party.weights:
        if issue_key not in by_key:
            raise ScenarioError(
                f"is not an issue; {suggest(issue_key, by_key)}", key=f"{where}.weights.{issue_key}"
            )
    for issue in issues:
        if issue.key not in party.values:
            raise ScenarioError(
                f"is missing issue {issue.key!r} (one number per level: {', '.join(issue.levels)})",
                key=f"{where}.values",
            )
        n = len(party.values[issue.key])
        if n != issue.n_levels:
            raise ScenarioError(
                f"has {n} number{'s' if n != 1 else ''}, expected {issue.n_levels} (one per level)",
                key=f"{where}.values.{issue.key}",
            )
