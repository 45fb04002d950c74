"""The bargaining model: issues, parties, and the scenario that binds them.

A *deal* (a package) picks one level of every issue. Party ``p`` values a deal at

    u_p(deal) = sum_i weights[p][i] * values[p][i][deal[i]] + sum of the values of p's links
                                                               whose levels the deal all holds

and gets its ``disagreement`` utility if talks fail. Values and disagreement share a unit of the
party's own choosing; no solution in this library depends on that unit. A deal holding a level
that some party red-lines (``Party.red_lines``) is never individually rational for that party:
the engines leave such deals out (see :mod:`bargain.model.space`, whose :class:`DealSpace` every
engine works on). ``notes`` hold the argument for each number, keyed by its path.

Array conventions
-----------------
- A deal is an integer array of level indices, shape ``(n_issues,)``; many deals
  ``(..., n_issues)``.
- Utilities put the parties on the last axis: ``(..., n_parties)``.
- ``Scenario.tables[i]`` has shape ``(n_levels_i, n_parties)``: the weighted value of each level of
  issue ``i`` for each party, so without links ``u(deal) = sum_i tables[i][deal[i]]``. With links
  or red lines the engines use ``Scenario.space.tables`` (:class:`~bargain.model.space.DealSpace`).

The scenario, its issues and parties are immutable and validate themselves once, at
construction; invalid input raises :class:`~bargain.errors.ScenarioError` naming the key path,
what was expected and what was found.

Examples
--------
>>> from bargain import Issue, Party
>>> missiles = Issue("missiles", "Article 5: missiles", ["no limits", "moratorium", "ban"])
>>> russia = Party("russia", "Russia", values={"missiles": [0.0, 0.7, 1.0]}, disagreement=0.2)
>>> nato = Party("nato", "NATO", values={"missiles": [1.0, 0.6, 0.0]}, disagreement=0.3)
>>> s = Scenario(name="toy", issues=[missiles], parties=[russia, nato])
>>> s.utilities([[1], [2]])
array([[0.7, 0.6],
       [1. , 0. ]])
>>> s.describe([1])
{'missiles': 'moratorium'}
>>> Scenario.from_dict(s.to_dict()) == s
True
"""

from __future__ import annotations

import dataclasses
import html
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bargain._checks import check_number, check_text, kind, suggest
from bargain._text import html_table
from bargain.errors import ScenarioError
from bargain.model.issue import Issue
from bargain.model.link import LINK_KEYS, Link
from bargain.model.params import set_value
from bargain.model.party import FrozenMap, Party
from bargain.model.space import DealSpace, build_space
from bargain.model.threat_game import ThreatGame

__all__ = [
    "ISSUE_KEYS",
    "LINK_KEYS",
    "PARTY_KEYS",
    "THREAT_GAME_KEYS",
    "TOP_LEVEL_KEYS",
    "Scenario",
    "note_paths",
]


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
    title, description
        Free text.
    sources
        Where the modelling comes from: outlet, headline, date.
    notes
        The argument for the numbers, as data: ``{path: text}``, keyed by the path of what each
        note argues (``"russia.values.missiles[1]"``, ``"nato.red_lines.enlargement"``,
        ``"links[0]"``, ``"issues.missiles"``, ``"threat_game"``; ``"scenario"`` for the whole;
        see :func:`note_paths`). A string is read as ``{"scenario": text}``.
    links
        Extra values for combinations of levels on two or more issues (:class:`Link`).
    breakdown_risk
        Probability in ``[0, 1)`` that the talks break down after each rejected offer, for a
        reason outside the offers (a deadline threat); used by alternating offers (Binmore,
        Rubinstein and Wolinsky 1986). Default 0.
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
    notes: Mapping[str, str] = field(default_factory=FrozenMap)
    links: tuple[Link, ...] = ()
    breakdown_risk: float = 0.0
    threat_game: ThreatGame | None = None
    _tables: tuple[NDArray[np.float64], ...] = field(
        init=False, repr=False, compare=False, default=()
    )
    _space: DealSpace | None = field(init=False, repr=False, compare=False, default=None)
    _red: tuple[NDArray[np.bool_], ...] = field(init=False, repr=False, compare=False, default=())

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ScenarioError(f"must be a non-empty string, found {kind(self.name)}", key="name")
        for attr in ("title", "description"):
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
            _check_red_lines(party, issues, f"parties[{j}]")
        links = _as_tuple(self.links, "links")
        for j, link in enumerate(links):
            _check_link(link, issues, parties, f"links[{j}]")
        risk = check_number(self.breakdown_risk, "breakdown_risk")
        if not 0 <= risk < 1:
            raise ScenarioError(f"must be in [0, 1), found {risk}", key="breakdown_risk")
        if self.threat_game is not None:
            _check_threat_game(self.threat_game, parties)
        object.__setattr__(self, "sources", sources)
        object.__setattr__(self, "issues", issues)
        object.__setattr__(self, "parties", parties)
        object.__setattr__(self, "links", links)
        object.__setattr__(self, "breakdown_risk", risk)
        notes = _notes(self.notes)
        paths = None
        for key in notes:
            paths = paths or note_paths(self)
            if key not in paths:
                raise ScenarioError(
                    f"is not a path of this scenario; {suggest(key, paths)}", key=f"notes[{key!r}]"
                )
        object.__setattr__(self, "notes", notes)
        tables = []
        for issue in issues:
            table = np.array(
                [[p.weight(issue.key) * v for v in p.values[issue.key]] for p in parties],
                dtype=np.float64,
            ).T.copy()
            table.flags.writeable = False
            tables.append(table)
        object.__setattr__(self, "_tables", tuple(tables))
        object.__setattr__(self, "_space", build_space(issues, parties, links, tables))
        if any(p.red_lines for p in parties):
            red = []
            for issue in issues:
                mask = np.zeros((issue.n_levels, len(parties)), dtype=bool)
                for k, p in enumerate(parties):
                    for level in p.red_lines.get(issue.key, ()):
                        mask[issue.level_index(level), k] = True
                red.append(mask)
            object.__setattr__(self, "_red", tuple(red))

    def __repr__(self) -> str:
        parties = ", ".join(self.party_keys)
        game = ", threat game" if self.threat_game is not None else ""
        links = f", {len(self.links)} links" if self.links else ""
        allowed = self.space.n_deals
        red = f" ({allowed:,} free of red lines)" if allowed != self.n_deals else ""
        return (
            f"<Scenario {self.name}: {self.n_issues} issues, {self.n_parties} parties "
            f"({parties}), {self.n_deals:,} deals{red}{links}{game}>"
        )

    def _repr_html_(self) -> str:
        """Jupyter's view: the title, then each issue's levels and each party's numbers."""
        head = html.escape(f"{self.name}: {self.title}" if self.title else self.name)
        issues = html_table(
            ["issue", "name", "levels"],
            [[i.key, i.name, " | ".join(i.levels)] for i in self.issues],
        )
        parties = html_table(
            ["party", "name", "disagreement", "power", "discount", "weights"],
            [
                [
                    p.key,
                    p.name,
                    p.disagreement,
                    p.power,
                    p.discount,
                    " ".join(f"{k} {p.weight(k):.3g}" for k in self.issue_keys),
                ]
                for p in self.parties
            ],
        )
        return f"<div><strong>Scenario</strong> {head}</div>\n{issues}\n{parties}"

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
        """Per issue, the ``(n_levels, n_parties)`` weighted values (read-only arrays).

        The additive part of the utilities: link values and red lines are in :attr:`space`.
        """
        return self._tables

    @property
    def space(self) -> DealSpace:
        """The effective deal space every engine searches (see :mod:`bargain.model.space`)."""
        assert self._space is not None
        return self._space

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
            Shape ``(..., n_parties)``, link values included. Issues are summed in order, first
            to last; linked issues count as one compound issue at the place of the first of them
            (as the engines sum them, so a frontier point's utilities are bit for bit its deal's).
            Deals holding red-lined levels have utilities too: see :meth:`refusals`.
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
        space = self.space
        if space.trivial:
            for i, table in enumerate(self._tables):
                out += table[idx[..., i]]
            return out
        for e, full in enumerate(space.full):
            out += full[space.flat(idx, e)]
        return out

    def refusals(self, deals: ArrayLike) -> NDArray[np.bool_]:
        """Whether each party red-lines some level of each deal, shape ``(..., n_parties)``.

        A deal a party refuses is never individually rational for it.

        Examples
        --------
        >>> from bargain import Issue, Party
        >>> x = Issue("x", levels=["a", "b"])
        >>> s = Scenario(name="s", issues=[x], parties=[
        ...     Party("p", "P", values={"x": [0, 1]}, red_lines={"x": ["a"]}),
        ...     Party("q", "Q", values={"x": [1, 0]})])
        >>> s.refusals([[0], [1]]).tolist()
        [[True, False], [False, False]]
        """
        idx = np.asarray(deals)
        self.utilities(idx)  # validates shape and range
        out = np.zeros((*idx.shape[:-1], self.n_parties), dtype=bool)
        for i, mask in enumerate(self._red):
            out |= mask[idx[..., i]]
        return out

    def replace(self, path: str, value: float | Sequence[float]) -> Scenario:
        """A copy with one number (or vector) changed, addressed by a sweep's parameter path.

        Paths are those of :mod:`bargain.model.params` (``"russia.weights.missiles"``,
        ``"nato.disagreement"``, ``"russia.values.missiles[1]"``, ``"links[0].value"``,
        ``"threat_game.row_payoffs[0][1]"``, ``"russia.weights"`` with one number per issue,
        ``"*.disagreement"``...). The copy is validated again.

        Raises
        ------
        ScenarioError
            For an unknown path (naming close matches), a value of the wrong length, or a number
            outside the parameter's domain.

        Examples
        --------
        >>> from bargain import load_scenario
        >>> talks = load_scenario("russia-nato-2022")
        >>> talks.replace("russia.weights.missiles", 0.3).party("russia").weight("missiles")
        0.3
        >>> talks.replace("nato.disagreement", 0.5).party("nato").disagreement
        0.5
        >>> talks.replace("russia.weight.missiles", 0.3)
        Traceback (most recent call last):
        ...
        bargain.errors.ScenarioError: parameter 'russia.weight.missiles' is not a parameter of \
russia-nato-2022; did you mean 'russia.weights.missiles' or ...
        """
        return set_value(self, path, value)

    def without_red_lines(self) -> Scenario:
        """The same scenario with no red lines (and no notes arguing them).

        What the model says when every level may be traded, the additive view the red lines
        correct; the bundled ``*-no-red-lines`` teaching variants are written from it.

        Examples
        --------
        >>> from bargain import load_scenario
        >>> talks = load_scenario("russia-nato-2022")
        >>> talks.space.empty, talks.without_red_lines().space.empty
        (True, False)
        """
        parties = tuple(dataclasses.replace(p, red_lines={}) for p in self.parties)
        notes = {k: v for k, v in self.notes.items() if ".red_lines" not in k}
        return dataclasses.replace(self, parties=parties, notes=notes)

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
        self, deal: Mapping[str, str | int], *, partial: bool = False, key: str = "deal"
    ) -> dict[str, int]:
        """Turn ``{issue_key: level_name}`` into ``{issue_key: level_index}``, validated.

        A level is given by name or by number (from 0). With ``partial=False`` every issue must
        be named.
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
            if not isinstance(level, str | int | np.integer) or isinstance(level, bool):
                raise ScenarioError(
                    f"must be a level name or number, found {kind(level)}",
                    key=f"{key}[{issue_key!r}]",
                )
            try:
                out[issue.key] = issue.level_index(level)
            except ScenarioError as exc:
                raise ScenarioError(exc.problem, key=f"{key}[{issue_key!r}]") from None
        missing = [k for k in self.issue_keys if k not in out]
        if missing and not partial:
            raise ScenarioError(f"is missing issue(s) {', '.join(missing)}", key=key)
        return out

    # ----------------------------------------------------------------- dictionaries
    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str | None = None) -> Scenario:
        """Build a scenario from a dictionary of the file layout (see :mod:`bargain.io.toml`).

        `source` names the origin in error messages.
        """
        try:
            return _from_dict(data)
        except ScenarioError as exc:
            raise (exc.with_source(source) if source else exc) from None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-safe dictionary of the file layout; ``Scenario.from_dict(s.to_dict()) == s``."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "sources": list(self.sources),
            "breakdown_risk": self.breakdown_risk,
            "issues": [
                {
                    "key": i.key,
                    "name": i.name,
                    "levels": list(i.levels),
                    **({"description": i.description} if i.description else {}),
                }
                for i in self.issues
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
                    "red_lines": {k: list(v) for k, v in p.red_lines.items()},
                }
                for p in self.parties
            ],
            "links": [link.to_dict() for link in self.links],
            **({"threat_game": self.threat_game.to_dict()} if self.threat_game else {}),
            "notes": dict(self.notes),
        }


def _check_threat_game(game: object, parties: tuple[Party, ...]) -> None:
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


def _notes(raw: object) -> FrozenMap:
    if isinstance(raw, str):
        return FrozenMap({"scenario": raw} if raw.strip() else {})
    if not isinstance(raw, Mapping):
        raise ScenarioError(f"must be a table of path -> text, found {kind(raw)}", key="notes")
    out: dict[str, str] = {}
    for key, text in raw.items():
        if not isinstance(key, str) or not key:
            raise ScenarioError(f"keys must be non-empty paths, found {key!r}", key="notes")
        out[key] = check_text(text, f"notes[{key!r}]")
    return FrozenMap(out)


def note_paths(scenario: Scenario) -> tuple[str, ...]:
    """Every path a note may be keyed by: what each argues for.

    ``"scenario"``, ``"breakdown_risk"``, ``"sources[j]"``, ``"issues.<issue>"`` (and
    ``".levels[j]"``), ``"<party>"`` with ``.disagreement``, ``.power``, ``.discount``,
    ``.weights``, ``.weights.<issue>``, ``.values.<issue>``, ``.values.<issue>[j]``,
    ``.red_lines``, ``.red_lines.<issue>``; ``"links"``, ``"links[j]"``; ``"threat_game"`` and
    ``"threat_game.<key>"``.

    Examples
    --------
    >>> from bargain import load_scenario
    >>> paths = note_paths(load_scenario("russia-nato-2022"))
    >>> "russia.values.missiles[1]" in paths, "links" in paths
    (True, True)
    """
    out = ["scenario", "breakdown_risk", "links", "sources"]
    out += [f"sources[{j}]" for j in range(len(scenario.sources))]
    for issue in scenario.issues:
        out.append(f"issues.{issue.key}")
        out += [f"issues.{issue.key}.levels[{j}]" for j in range(issue.n_levels)]
    for party in scenario.parties:
        out += [party.key] + [
            f"{party.key}.{f}"
            for f in ("name", "disagreement", "power", "discount", "weights", "values", "red_lines")
        ]
        for issue in scenario.issues:
            out += [f"{party.key}.{f}.{issue.key}" for f in ("weights", "values", "red_lines")]
            out += [f"{party.key}.values.{issue.key}[{j}]" for j in range(issue.n_levels)]
    out += [f"links[{j}]" for j in range(len(scenario.links))]
    if scenario.threat_game is not None:
        out += ["threat_game"] + [f"threat_game.{k}" for k in THREAT_GAME_KEYS]
    return tuple(out)


def _check_red_lines(party: Party, issues: tuple[Issue, ...], where: str) -> None:
    by_key = {i.key: i for i in issues}
    for issue_key, levels in party.red_lines.items():
        key = f"{where}.red_lines.{issue_key}"
        if issue_key not in by_key:
            raise ScenarioError(f"is not an issue; {suggest(issue_key, by_key)}", key=key)
        issue = by_key[issue_key]
        for j, level in enumerate(levels):
            if level not in issue.levels:
                raise ScenarioError(
                    f"is not a level of {issue_key!r}; {suggest(level, issue.levels)}",
                    key=f"{key}[{j}] {level!r}",
                )


def _check_link(
    link: object, issues: tuple[Issue, ...], parties: tuple[Party, ...], where: str
) -> None:
    if not isinstance(link, Link):
        raise ScenarioError(f"must be a Link, found {kind(link)}", key=where)
    keys = [p.key for p in parties]
    if link.party not in keys:
        raise ScenarioError(
            f"is not a party; {suggest(link.party, keys)}", key=f"{where}.party {link.party!r}"
        )
    by_key = {i.key: i for i in issues}
    for issue_key, level in link.levels.items():
        key = f"{where}.levels.{issue_key}"
        if issue_key not in by_key:
            raise ScenarioError(f"is not an issue; {suggest(issue_key, by_key)}", key=key)
        if level not in by_key[issue_key].levels:
            raise ScenarioError(
                f"is not a level of {issue_key!r}; {suggest(level, by_key[issue_key].levels)}",
                key=f"{key} {level!r}",
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


# --------------------------------------------------------------------------- the dictionary layout
#: The keys of each table of the layout, in the order files are written.
TOP_LEVEL_KEYS = (
    "name",
    "title",
    "description",
    "sources",
    "breakdown_risk",
    "issues",
    "parties",
    "links",
    "threat_game",
    "notes",
)
ISSUE_KEYS = ("key", "name", "levels", "description")
PARTY_KEYS = (
    "key",
    "name",
    "disagreement",
    "power",
    "discount",
    "weights",
    "values",
    "red_lines",
)
THREAT_GAME_KEYS = (
    "row",
    "column",
    "row_strategies",
    "column_strategies",
    "row_payoffs",
    "column_payoffs",
    "concept",
)


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


T = TypeVar("T")


def _items(
    data: Mapping[str, Any],
    key: str,
    allowed: Sequence[str],
    required: Sequence[str],
    build: Callable[[Mapping[str, Any]], T],
) -> list[T]:
    """Each table of the list ``data[key]``, checked and built; errors name ``key[j]``."""
    out = []
    for j, raw in enumerate(_list(data.get(key, []), key)):
        where = f"{key}[{j}]"
        table = _table(raw, where)
        _check_keys(table, allowed, where, required)
        try:
            out.append(build(table))
        except ScenarioError as exc:
            raise exc.within(where) from None
    return out


def _issue(table: Mapping[str, Any]) -> Issue:
    return Issue(table["key"], table.get("name", ""), table["levels"], table.get("description", ""))


def _party(table: Mapping[str, Any]) -> Party:
    return Party(
        table["key"],
        table.get("name", ""),
        values=_table(table["values"], "values"),
        weights=_table(table.get("weights", {}), "weights"),
        disagreement=table.get("disagreement", 0.0),
        power=table.get("power", 1.0),
        discount=table.get("discount", 1.0),
        red_lines=_table(table.get("red_lines", {}), "red_lines"),
    )


def _link(table: Mapping[str, Any]) -> Link:
    return Link(table["party"], _table(table["levels"], "levels"), table["value"])


def _from_dict(data: Mapping[str, Any]) -> Scenario:
    data = _table(data, "scenario")
    _check_keys(data, TOP_LEVEL_KEYS, "", ("name", "issues", "parties"))
    issues = _items(data, "issues", ISSUE_KEYS, ("key", "levels"), _issue)
    parties = _items(data, "parties", PARTY_KEYS, ("key", "values"), _party)
    links = _items(data, "links", LINK_KEYS, LINK_KEYS, _link)
    return Scenario(
        name=data["name"],
        title=data.get("title", ""),
        description=data.get("description", ""),
        sources=tuple(_list(data.get("sources", []), "sources")),
        notes=data.get("notes", {}),
        issues=tuple(issues),
        parties=tuple(parties),
        links=tuple(links),
        breakdown_risk=data.get("breakdown_risk", 0.0),
        threat_game=_threat_game(data["threat_game"]) if "threat_game" in data else None,
    )


def _threat_game(raw: object) -> ThreatGame:
    table = _table(raw, "threat_game")
    _check_keys(table, THREAT_GAME_KEYS, "threat_game", THREAT_GAME_KEYS[:-1])
    try:
        return ThreatGame(**table)
    except ScenarioError as exc:
        raise exc.within("threat_game") from None
