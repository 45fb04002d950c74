"""A forecasting data set: every actor's position, salience and capability on every issue.

:class:`Positions` is what :func:`bargain.read_positions` returns and what the models of
:func:`bargain.forecast` read. It is frozen and validated once, at construction.

Array conventions
-----------------
Issues are rows and actors columns: ``position``, ``salience`` and ``capability`` are
``(n_issues, n_actors)`` arrays, NaN where the actor does not take part in the issue.
``capability`` holds the capability that applies to each record (the actor table's, or the
record's own when the positions table gives one). Per issue: the scale ``low`` .. ``high``, the
``reference`` point (status quo or reversion point) and the recorded ``outcome``, NaN when there
is none, and the ``proposal`` it belongs to (issues of one proposal are decided as one package).

Examples
--------
>>> import numpy as np
>>> data = Positions(
...     issues=("missiles", "exercises"), actors=("russia", "nato"),
...     position=np.array([[100.0, 0.0], [80.0, 10.0]]),
...     salience=np.array([[0.6, 0.3], [0.4, 0.7]]),
...     proposal=("security", "security"))
>>> data.proposals, data.n_issues, data.n_actors
(('security',), 2, 2)
>>> data.issues_of("security")
('missiles', 'exercises')
>>> talks = data.to_scenario("security", levels=3)
>>> talks.issues[0].levels, talks.party_keys
(('0', '50', '100'), ('russia', 'nato'))
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bargain._checks import check_count, kind, suggest
from bargain._files import write_text
from bargain._optional import require
from bargain._results import csv_cell
from bargain.errors import ScenarioError
from bargain.forecast._shared import Array, Problem
from bargain.model.issue import Issue
from bargain.model.party import Party
from bargain.model.scenario import Scenario

__all__ = ["DEFAULT_HIGH", "DEFAULT_LOW", "LOSS_EXPONENTS", "Positions", "identifier"]

#: The scale of an issue when none is given.
DEFAULT_LOW, DEFAULT_HIGH = 0.0, 100.0
#: Loss exponents of the spatial utilities ``-salience * |x - position|**p / range**p``.
LOSS_EXPONENTS = (1, 2)


def identifier(text: str, taken: set[str] | None = None) -> str:
    """`text` as a key of a scenario (letters, digits, ``_``, ``-``), unique among `taken`.

    Examples
    --------
    >>> identifier("COD/2001/0245"), identifier("Art. 5"), identifier("x", {"x"})
    ('COD_2001_0245', 'Art_5', 'x_2')
    """
    key = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_") or "_"
    if not re.match(r"^[A-Za-z_]", key):
        key = "_" + key
    if taken is None:
        return key
    base, n = key, 2
    while key in taken:
        key = f"{base}_{n}"
        n += 1
    taken.add(key)
    return key


def _frozen(values: ArrayLike, shape: tuple[int, ...], name: str) -> Array:
    try:
        array = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ScenarioError(
            f"must be an array of numbers, found {kind(values)}", key=name
        ) from None
    if array.shape != shape:
        raise ScenarioError(f"must have shape {shape}, found shape {array.shape}", key=name)
    array.flags.writeable = False
    return array


def _keys(values: object, name: str) -> tuple[str, ...]:
    if isinstance(values, str) or not isinstance(values, Sequence):
        raise ScenarioError(f"must be a list of names, found {kind(values)}", key=name)
    out = tuple(values)
    seen: dict[str, int] = {}
    for j, key in enumerate(out):
        if not isinstance(key, str) or not key.strip():
            raise ScenarioError(
                f"must be a non-empty string, found {kind(key)}", key=f"{name}[{j}]"
            )
        if key in seen:
            raise ScenarioError(f"repeats {key!r} (also {name}[{seen[key]}])", key=f"{name}[{j}]")
        seen[key] = j
    return out


def _texts(values: object, n: int, name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    if values == ():
        return default
    if isinstance(values, str) or not isinstance(values, Sequence) or len(values) != n:
        raise ScenarioError(f"must be a list of {n} strings, found {kind(values)}", key=name)
    for j, text in enumerate(values):
        if not isinstance(text, str):
            raise ScenarioError(f"must be a string, found {kind(text)}", key=f"{name}[{j}]")
    return tuple(values)


@dataclass(frozen=True, slots=True, eq=False)
class Positions:
    """Positions, saliences and capabilities of actors on issues (see the module notes).

    Parameters
    ----------
    issues, actors
        Issue and actor keys (non-empty, unique), in order.
    position
        ``(n_issues, n_actors)`` positions on each issue's scale; NaN: the actor does not take
        part in that issue. Every issue needs at least one position.
    salience
        Same shape: how much each actor cares (>= 0; NaN exactly where `position` is NaN).
        Default: 1 wherever there is a position.
    capability
        Same shape: the capability that applies to each record (>= 0). Default: the actor's
        `actor_capability`.
    actor_capability
        ``(n_actors,)`` each actor's capability (>= 0), default 1.
    proposal
        The proposal of every issue; default: every issue is a proposal of its own.
    low, high
        The scale of every issue (``low < high``), default 0 and 100.
    reference, outcome
        Per issue, the reference point and the recorded outcome, on the scale; NaN: none.
    issue_names, actor_names
        Display names (default: the keys).
    """

    issues: tuple[str, ...]
    actors: tuple[str, ...]
    position: Array
    salience: Array = None  # type: ignore[assignment]  # filled in by __post_init__
    capability: Array = None  # type: ignore[assignment]  # filled in by __post_init__
    actor_capability: Array = None  # type: ignore[assignment]  # filled in by __post_init__
    proposal: tuple[str, ...] = ()
    low: Array = None  # type: ignore[assignment]  # filled in by __post_init__
    high: Array = None  # type: ignore[assignment]  # filled in by __post_init__
    reference: Array = None  # type: ignore[assignment]  # filled in by __post_init__
    outcome: Array = None  # type: ignore[assignment]  # filled in by __post_init__
    issue_names: tuple[str, ...] = ()
    actor_names: tuple[str, ...] = ()
    _proposals: tuple[str, ...] = field(init=False, repr=False, default=())

    def __post_init__(self) -> None:
        issues = _keys(self.issues, "issues")
        actors = _keys(self.actors, "actors")
        if not issues:
            raise ScenarioError("is empty, expected at least one issue", key="issues")
        if not actors:
            raise ScenarioError("is empty, expected at least one actor", key="actors")
        ni, na = len(issues), len(actors)
        grid = (ni, na)
        position = _frozen(self.position, grid, "position")
        present = ~np.isnan(position)
        salience = (
            _frozen(np.where(present, 1.0, np.nan), grid, "salience")
            if self.salience is None
            else _frozen(self.salience, grid, "salience")
        )
        actor_capability = (
            _frozen(np.ones(na), (na,), "actor_capability")
            if self.actor_capability is None
            else _frozen(self.actor_capability, (na,), "actor_capability")
        )
        capability = (
            _frozen(np.where(present, actor_capability[None, :], np.nan), grid, "capability")
            if self.capability is None
            else _frozen(self.capability, grid, "capability")
        )
        low = _frozen(np.full(ni, DEFAULT_LOW) if self.low is None else self.low, (ni,), "low")
        high = _frozen(np.full(ni, DEFAULT_HIGH) if self.high is None else self.high, (ni,), "high")
        reference = _frozen(
            np.full(ni, np.nan) if self.reference is None else self.reference, (ni,), "reference"
        )
        outcome = _frozen(
            np.full(ni, np.nan) if self.outcome is None else self.outcome, (ni,), "outcome"
        )
        proposal = _texts(self.proposal, ni, "proposal", issues)
        for j, p in enumerate(proposal):
            if not p.strip():
                raise ScenarioError("must be a non-empty string, found ''", key=f"proposal[{j}]")
        object.__setattr__(self, "issues", issues)
        object.__setattr__(self, "actors", actors)
        object.__setattr__(self, "position", position)
        object.__setattr__(self, "salience", salience)
        object.__setattr__(self, "capability", capability)
        object.__setattr__(self, "actor_capability", actor_capability)
        object.__setattr__(self, "proposal", proposal)
        object.__setattr__(self, "low", low)
        object.__setattr__(self, "high", high)
        object.__setattr__(self, "reference", reference)
        object.__setattr__(self, "outcome", outcome)
        object.__setattr__(self, "issue_names", _texts(self.issue_names, ni, "issue_names", issues))
        object.__setattr__(self, "actor_names", _texts(self.actor_names, na, "actor_names", actors))
        object.__setattr__(self, "_proposals", tuple(dict.fromkeys(proposal)))
        self._check(present)

    def _check(self, present: NDArray[np.bool_]) -> None:
        def where(i: int, a: int) -> str:
            return f"[{self.issues[i]!r}, {self.actors[a]!r}]"

        for a, cap in enumerate(self.actor_capability):
            if not (math.isfinite(cap) and cap >= 0):
                raise ScenarioError(f"must be >= 0, found {cap}", key=f"actor_capability[{a}]")
        for i in range(self.n_issues):
            lo, hi = float(self.low[i]), float(self.high[i])
            if not (math.isfinite(lo) and math.isfinite(hi) and lo < hi):
                raise ScenarioError(
                    f"must be a scale with low < high, found low={lo}, high={hi}",
                    key=f"issue {self.issues[i]!r}",
                )
            if not present[i].any():
                raise ScenarioError("has no positions", key=f"issue {self.issues[i]!r}")
            for name, values in (("reference", self.reference), ("outcome", self.outcome)):
                v = float(values[i])
                if not math.isnan(v) and not lo <= v <= hi:
                    raise ScenarioError(
                        f"must be on the scale [{lo:g}, {hi:g}], found {v:g}",
                        key=f"{name}[{self.issues[i]!r}]",
                    )
        for name, values in (
            ("position", self.position),
            ("salience", self.salience),
            ("capability", self.capability),
        ):
            bad = present & ~np.isfinite(values)
            if name != "position" and np.any(~present & ~np.isnan(values)):
                i, a = np.argwhere(~present & ~np.isnan(values))[0]
                raise ScenarioError(
                    "must be NaN where the position is NaN (the actor does not take part)",
                    key=f"{name}{where(i, a)}",
                )
            if np.any(bad):
                i, a = np.argwhere(bad)[0]
                raise ScenarioError(
                    f"must be a finite number, found {values[i, a]}", key=f"{name}{where(i, a)}"
                )
        outside = present & (
            (self.position < self.low[:, None]) | (self.position > self.high[:, None])
        )
        if np.any(outside):
            i, a = np.argwhere(outside)[0]
            raise ScenarioError(
                f"must be on the scale [{self.low[i]:g}, {self.high[i]:g}], "
                f"found {self.position[i, a]:g}",
                key=f"position{where(i, a)}",
            )
        for name, values in (("salience", self.salience), ("capability", self.capability)):
            negative = present & (values < 0)
            if np.any(negative):
                i, a = np.argwhere(negative)[0]
                raise ScenarioError(
                    f"must be >= 0, found {values[i, a]:g}", key=f"{name}{where(i, a)}"
                )

    # ------------------------------------------------------------ sizes and lookups
    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issues)

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actors)

    @property
    def proposals(self) -> tuple[str, ...]:
        """Proposal keys, in the order of their first issue."""
        return self._proposals

    @property
    def present(self) -> NDArray[np.bool_]:
        """``(n_issues, n_actors)``: True where the actor takes part in the issue."""
        return ~np.isnan(self.position)

    def issues_of(self, proposal: str) -> tuple[str, ...]:
        """The issues of `proposal`, in order; ScenarioError with a suggestion if unknown."""
        if proposal not in self._proposals:
            raise ScenarioError(
                f"is not a proposal; {suggest(str(proposal), self._proposals)}",
                key=f"proposal {proposal!r}",
            )
        return tuple(k for k, p in zip(self.issues, self.proposal, strict=True) if p == proposal)

    def select(self, issues: Sequence[int]) -> Positions:
        """The data set restricted to the issues at indices `issues` (actors kept)."""
        idx = np.asarray(issues, dtype=np.intp)
        return Positions(
            issues=tuple(self.issues[i] for i in idx),
            actors=self.actors,
            position=self.position[idx],
            salience=self.salience[idx],
            capability=self.capability[idx],
            actor_capability=self.actor_capability,
            proposal=tuple(self.proposal[i] for i in idx),
            low=self.low[idx],
            high=self.high[idx],
            reference=self.reference[idx],
            outcome=self.outcome[idx],
            issue_names=tuple(self.issue_names[i] for i in idx),
            actor_names=self.actor_names,
        )

    def problem(self) -> Problem:
        """The data as the arrays the models work on (a ``Problem``)."""
        present = self.present
        groups = {p: g for g, p in enumerate(self._proposals)}
        return Problem(
            x=np.where(present, self.position, 0.0),
            s=np.where(present, self.salience, 0.0),
            c=np.where(present, self.capability, 0.0),
            present=present,
            low=np.asarray(self.low, dtype=np.float64),
            high=np.asarray(self.high, dtype=np.float64),
            reference=np.asarray(self.reference, dtype=np.float64),
            group=np.array([groups[p] for p in self.proposal], dtype=np.intp),
            n_groups=len(self._proposals),
        )

    # ------------------------------------------------------------ equality
    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Positions):
            return NotImplemented
        arrays = (
            "position",
            "salience",
            "capability",
            "actor_capability",
            "low",
            "high",
            "reference",
            "outcome",
        )
        texts = ("issues", "actors", "proposal", "issue_names", "actor_names")
        return all(getattr(self, t) == getattr(other, t) for t in texts) and all(
            np.array_equal(getattr(self, a), getattr(other, a), equal_nan=True) for a in arrays
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        k = len(self._proposals)
        return (
            f"Positions({self.n_issues} issue{'s' if self.n_issues != 1 else ''} in {k} "
            f"proposal{'s' if k != 1 else ''}, {self.n_actors} actor"
            f"{'s' if self.n_actors != 1 else ''}, {int(self.present.sum())} positions)"
        )

    # ------------------------------------------------------------ tables
    def _own_capability(self) -> NDArray[np.bool_]:
        """Where a record's capability differs from its actor's (written to positions.csv)."""
        return np.asarray(self.present & (self.capability != self.actor_capability[None, :]))

    def records(self) -> list[dict[str, Any]]:
        """One dictionary per (issue, actor) record, the issue's columns included."""
        rows = []
        for i, issue in enumerate(self.issues):
            for a, actor in enumerate(self.actors):
                if math.isnan(self.position[i, a]):
                    continue
                rows.append(
                    {
                        "issue": issue,
                        "actor": actor,
                        "position": float(self.position[i, a]),
                        "salience": float(self.salience[i, a]),
                        "capability": float(self.capability[i, a]),
                        "proposal": self.proposal[i],
                        "reference": _number(self.reference[i]),
                        "outcome": _number(self.outcome[i]),
                        "low": float(self.low[i]),
                        "high": float(self.high[i]),
                    }
                )
        return rows

    def to_frame(self) -> Any:
        """The records as a pandas DataFrame, one row per (issue, actor) (needs pandas)."""
        pd = require("pandas", "pandas", "Positions.to_frame()")
        columns = ["issue", "actor", "position", "salience", "capability", "proposal"]
        columns += ["reference", "outcome", "low", "high"]
        return pd.DataFrame(self.records(), columns=columns)

    def tables(self) -> dict[str, str]:
        """The CSV text of ``positions.csv``, ``issues.csv`` and ``actors.csv``."""
        own = self._own_capability()
        with_capability = bool(own.any())
        rows: list[list[object]] = []
        for i, issue in enumerate(self.issues):
            for a, actor in enumerate(self.actors):
                if math.isnan(self.position[i, a]):
                    continue
                row: list[object] = [
                    issue,
                    actor,
                    float(self.position[i, a]),
                    float(self.salience[i, a]),
                ]
                if with_capability:
                    row.append(float(self.capability[i, a]) if own[i, a] else None)
                rows.append(row)
        head = ["issue", "actor", "position", "salience"] + (
            ["capability"] if with_capability else []
        )
        issue_rows: list[list[object]] = [
            [
                issue,
                self.proposal[i],
                _number(self.reference[i]),
                _number(self.outcome[i]),
                float(self.low[i]),
                float(self.high[i]),
                self.issue_names[i],
            ]
            for i, issue in enumerate(self.issues)
        ]
        actor_rows: list[list[object]] = [
            [actor, float(self.actor_capability[a]), self.actor_names[a]]
            for a, actor in enumerate(self.actors)
        ]
        return {
            "positions.csv": _csv(head, rows),
            "issues.csv": _csv(
                ["issue", "proposal", "reference", "outcome", "low", "high", "name"], issue_rows
            ),
            "actors.csv": _csv(["actor", "capability", "name"], actor_rows),
        }

    def to_csv(self, folder: str | os.PathLike[str]) -> tuple[Path, Path, Path]:
        """Write ``positions.csv``, ``issues.csv`` and ``actors.csv`` into `folder`.

        The folder is created if needed; each file is written whole or not at all. Reading the
        three files back with :func:`bargain.read_positions` gives an equal data set.

        Returns
        -------
        tuple of Path
            The three files, in that order.
        """
        target = Path(folder)
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ScenarioError(
                f"cannot be created: {exc.strerror or exc}", key="folder", source=str(folder)
            ) from None
        written = [
            write_text(target / name, text, key="folder") for name, text in self.tables().items()
        ]
        return written[0], written[1], written[2]

    # ------------------------------------------------------------ as a bargaining problem
    def to_scenario(
        self,
        proposal: str,
        levels: int = 11,
        *,
        p: int = 2,
        actors: Sequence[str] | None = None,
        disagreement: str = "auto",
    ) -> Scenario:
        """One proposal as a bargaining :class:`~bargain.Scenario`, solvable by the engine.

        Each issue of the proposal becomes an issue with `levels` evenly spaced points of its
        scale (named by their values); each actor that cares about the proposal becomes a party
        whose value of a level is its spatial utility ``-|level - position|**p / range**p``,
        whose weight on the issue is its salience, whose power is its capability, and whose
        disagreement utility is its utility of the reference points (of its worst point of the
        scale on an issue without one). An actor that does not take part in an issue weighs it 0.

        Parameters
        ----------
        proposal
            A key of :attr:`proposals`.
        levels
            Points per issue (>= 2).
        p
            Loss exponent: 1 (linear) or 2 (quadratic).
        actors
            The actors to include (default: every actor with a positive capability and a positive
            salience on some issue of the proposal).
        disagreement
            ``"auto"``: the reference point where the issue has one, else the actor's worst point
            of the scale; ``"worst"``: the worst point everywhere.

        Raises
        ------
        ScenarioError
            An unknown proposal or actor, fewer than two actors left, ``levels < 2``.
        """
        issue_keys = self.issues_of(proposal)
        levels = check_count(levels, "levels", minimum=2)
        if p not in LOSS_EXPONENTS:
            raise ScenarioError(f"must be 1 or 2, found {p!r}", key="p")
        if disagreement not in ("auto", "worst"):
            raise ScenarioError(
                f"must be 'auto' or 'worst', found {disagreement!r}", key="disagreement"
            )
        rows = [self.issues.index(k) for k in issue_keys]
        chosen = self._actors_of(rows, actors)
        if len(chosen) < 2:
            raise ScenarioError(
                f"has {len(chosen)} actor(s) with a positive capability and salience, "
                "a bargaining problem needs at least 2",
                key=f"proposal {proposal!r}",
            )
        taken: set[str] = set()
        issue_objs = []
        grids = []
        for i in rows:
            grid = np.linspace(self.low[i], self.high[i], levels)
            grids.append(grid)
            issue_objs.append(
                Issue(identifier(self.issues[i], taken), self.issue_names[i], _level_names(grid))
            )
        party_keys: set[str] = set()
        parties = [
            self._party(a, rows, issue_objs, grids, p, disagreement, party_keys) for a in chosen
        ]
        return Scenario(
            name=identifier(proposal),
            title=f"Proposal {proposal}: {len(rows)} issue(s), {len(parties)} actors",
            description=(
                f"Spatial utilities (loss exponent {p}) on {levels} levels per issue, from a "
                "positions data set."
            ),
            issues=tuple(issue_objs),
            parties=tuple(parties),
        )

    def _actors_of(self, rows: list[int], actors: Sequence[str] | None) -> list[int]:
        """The actors of a proposal's issues `rows`: those named, or every actor that cares."""
        if actors is None:
            present = self.present[rows]
            s = np.where(present, self.salience[rows], 0.0)
            c = np.where(present, self.capability[rows], 0.0)
            return [a for a in range(self.n_actors) if np.any((s[:, a] > 0) & (c[:, a] > 0))]
        chosen = []
        for name in actors:
            if name not in self.actors:
                raise ScenarioError(
                    f"is not an actor; {suggest(str(name), self.actors)}", key=f"actors {name!r}"
                )
            chosen.append(self.actors.index(name))
        return chosen

    def _party(
        self,
        a: int,
        rows: list[int],
        issues: list[Issue],
        grids: list[NDArray[np.float64]],
        p: int,
        disagreement: str,
        taken: set[str],
    ) -> Party:
        """Actor `a` as a party: spatial values on the grids, saliences, mean capability."""
        values: dict[str, tuple[float, ...]] = {}
        weights: dict[str, float] = {}
        status_quo = 0.0
        present = self.present[rows]
        cap = [float(self.capability[i, a]) for j, i in enumerate(rows) if present[j, a]]
        for issue, i, grid in zip(issues, rows, grids, strict=True):
            span = float(self.high[i] - self.low[i])
            if math.isnan(self.position[i, a]):
                values[issue.key] = (0.0,) * grid.size
                weights[issue.key] = 0.0
                continue
            x = float(self.position[i, a])
            values[issue.key] = tuple((-((np.abs(grid - x) / span) ** p)).tolist())
            weights[issue.key] = float(self.salience[i, a])
            ref = float(self.reference[i])
            worst = max(abs(self.low[i] - x), abs(self.high[i] - x))
            gap = abs(ref - x) if not math.isnan(ref) and disagreement == "auto" else worst
            status_quo -= weights[issue.key] * (gap / span) ** p
        power = float(np.mean(cap)) if cap else 0.0
        if power <= 0:
            raise ScenarioError(
                "must have a positive capability to be a party (its bargaining power)",
                key=f"actor {self.actors[a]!r}",
            )
        return Party(
            identifier(self.actors[a], taken),
            self.actor_names[a],
            values=values,
            weights=weights,
            disagreement=status_quo,
            power=power,
        )


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _level_names(grid: Array) -> tuple[str, ...]:
    names = tuple(f"{v:.10g}" for v in grid)
    if len(set(names)) < len(names):
        names = tuple(repr(float(v)) for v in grid)
    return names


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return buffer.getvalue()
