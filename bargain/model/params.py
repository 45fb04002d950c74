"""Parameter paths: address a number (or a vector of numbers) inside a scenario, and change it.

A *parameter* is one number of a :class:`~bargain.model.scenario.Scenario` that a sweep may vary.
It is addressed by a dotted path that starts with a party key:

=================================  ======================================  ==========
path                               what                                    domain
=================================  ======================================  ==========
``russia.weights.missiles``        the party's weight on an issue          ``>= 0``
``russia.values.missiles[1]``      its value of level 1 of the issue       any number
``russia.disagreement``            its disagreement utility                any number
``russia.power``                   its bargaining power                    ``> 0``
``russia.discount``                its per-round discount factor           ``(0, 1]``
``russia.weights``                 the weight vector (one per issue)       vector
``russia.values.missiles``         the value vector (one per level)        vector
``links[0].value``                 the value of link 0 (to its party)      any number
``threat_game.row_payoffs[0][1]``  a payoff of the threat game (row 0,     any number
                                   column 1; ``column_payoffs`` too)
``threat_game.row_payoffs``        the whole matrix                        vector
=================================  ======================================  ==========

Red lines are sets of levels, not numbers: they are no parameters (compare a scenario with
:meth:`~bargain.model.scenario.Scenario.without_red_lines` instead). Link values and threat-game
payoffs exist only in scenarios that have links or a threat game.

A ``*`` in any segment is a wildcard: ``"*.weights"`` is every party's weight vector,
``"russia.weights.*"`` each of Russia's weights, ``"*.values.missiles[*]"`` every value of every
level of ``missiles``. A pattern resolves to *targets* (a scalar, or a vector such as a weight
vector); each target expands to scalar :class:`Param` objects, the columns of a sweep.

Examples
--------
>>> from bargain import load_scenario
>>> s = load_scenario("russia-nato-2022")
>>> [t.path for t in resolve(s, "*.disagreement")]
['russia.disagreement', 'nato.disagreement']
>>> len(resolve(s, "russia.weights")[0].params)
8
>>> resolve(s, "russia.weight.missiles")
Traceback (most recent call last):
...
bargain.errors.ScenarioError: parameter 'russia.weight.missiles' is not a parameter of \
russia-nato-2022; did you mean 'russia.weights.missiles'...
>>> changed = apply(s, resolve(s, "nato.disagreement")[0].params, [0.5])
>>> changed.party("nato").disagreement
0.5
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol, TypeVar, cast

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bargain._checks import suggest
from bargain.errors import ScenarioError
from bargain.model.issue import Issue
from bargain.model.link import Link
from bargain.model.party import Party
from bargain.model.threat_game import ThreatGame

__all__ = [
    "DOMAINS",
    "Param",
    "ScenarioParts",
    "Target",
    "apply",
    "batch_arrays",
    "check_domain",
    "current_values",
    "parameter_paths",
    "resolve",
    "set_value",
]


class ScenarioParts(Protocol):
    """What the paths address: a :class:`~bargain.model.scenario.Scenario`, by its parts.

    The scenario module imports this one (for ``Scenario.replace``), so it is not imported here.
    """

    @property
    def name(self) -> str:
        """The scenario's name."""

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Its issues."""

    @property
    def parties(self) -> tuple[Party, ...]:
        """Its parties."""

    @property
    def links(self) -> tuple[Link, ...]:
        """Its links."""

    @property
    def threat_game(self) -> ThreatGame | None:
        """Its threat game, if any."""

    @property
    def party_keys(self) -> tuple[str, ...]:
        """The party keys, in order."""

    @property
    def issue_keys(self) -> tuple[str, ...]:
        """The issue keys, in order."""

    @property
    def n_parties(self) -> int:
        """The number of parties."""

    @property
    def disagreement_point(self) -> NDArray[np.float64]:
        """The disagreement utilities, one per party."""


S = TypeVar("S", bound=ScenarioParts)

Field = Literal["weight", "value", "disagreement", "power", "discount", "link", "payoff"]

#: Per field: (low, high, low included, high included).
DOMAINS: dict[str, tuple[float, float, bool, bool]] = {
    "weight": (0.0, math.inf, True, False),
    "value": (-math.inf, math.inf, False, False),
    "disagreement": (-math.inf, math.inf, False, False),
    "power": (0.0, math.inf, False, False),
    "discount": (0.0, 1.0, False, True),
    "link": (-math.inf, math.inf, False, False),
    "payoff": (-math.inf, math.inf, False, False),
}

_SCALAR_FIELDS: tuple[Field, ...] = ("disagreement", "power", "discount")


@dataclass(frozen=True, slots=True)
class Param:
    """One number of a scenario: ``field`` of party number ``party`` (issue, level when needed).

    A link value has ``issue`` = the link's number; a threat-game payoff has ``party`` = the
    party whose payoff it is, ``issue`` = the row and ``level`` = the column.
    """

    path: str
    party: int
    field: Field
    issue: int = -1
    level: int = -1

    def domain_text(self) -> str:
        """The admissible values in words (``">= 0"``, ``"in (0, 1]"``...)."""
        low, high, low_in, high_in = DOMAINS[self.field]
        if math.isinf(low) and math.isinf(high):
            return "any finite number"
        if math.isinf(high):
            return f"{'>=' if low_in else '>'} {low:g}"
        return f"in {'[' if low_in else '('}{low:g}, {high:g}{']' if high_in else ')'}"


@dataclass(frozen=True, slots=True)
class Target:
    """What a concrete path addresses: one scalar, or a vector (weights, values of an issue)."""

    path: str
    params: tuple[Param, ...]
    vector: bool
    #: ``"weights"`` or ``"values"`` for vectors, the field name for scalars.
    kind: str


def _catalogue(scenario: ScenarioParts) -> dict[str, Target]:
    out: dict[str, Target] = {}
    for p, party in enumerate(scenario.parties):
        weights = []
        for i, issue in enumerate(scenario.issues):
            path = f"{party.key}.weights.{issue.key}"
            weights.append(Param(path, p, "weight", i))
            out[path] = Target(path, (weights[-1],), False, "weight")
        out[f"{party.key}.weights"] = Target(
            f"{party.key}.weights", tuple(weights), True, "weights"
        )
        for i, issue in enumerate(scenario.issues):
            values = []
            for j in range(issue.n_levels):
                path = f"{party.key}.values.{issue.key}[{j}]"
                values.append(Param(path, p, "value", i, j))
                out[path] = Target(path, (values[-1],), False, "value")
            vpath = f"{party.key}.values.{issue.key}"
            out[vpath] = Target(vpath, tuple(values), True, "values")
        for name in _SCALAR_FIELDS:
            path = f"{party.key}.{name}"
            out[path] = Target(path, (Param(path, p, name),), False, name)
    keys = scenario.party_keys
    for j, link in enumerate(scenario.links):
        path = f"links[{j}].value"
        out[path] = Target(path, (Param(path, keys.index(link.party), "link", j),), False, "link")
    game = scenario.threat_game
    if game is not None:
        for attr, owner in (("row_payoffs", game.row), ("column_payoffs", game.column)):
            cells = []
            for r in range(game.shape[0]):
                for c in range(game.shape[1]):
                    path = f"threat_game.{attr}[{r}][{c}]"
                    cells.append(Param(path, keys.index(owner), "payoff", r, c))
                    out[path] = Target(path, (cells[-1],), False, "payoff")
            out[f"threat_game.{attr}"] = Target(
                f"threat_game.{attr}", tuple(cells), True, "payoffs"
            )
    return out


def parameter_paths(scenario: ScenarioParts) -> tuple[str, ...]:
    """Every concrete parameter path of `scenario` (scalars and vectors).

    Examples
    --------
    >>> from bargain import load_scenario
    >>> paths = parameter_paths(load_scenario("russia-nato-2022"))
    >>> "nato.values.missiles[2]" in paths, "nato.weights" in paths
    (True, True)
    """
    return tuple(_catalogue(scenario))


def _pattern(path: str) -> re.Pattern[str]:
    return re.compile("".join(r"[^.\[\]]*" if c == "*" else re.escape(c) for c in path) + r"\Z")


def resolve(scenario: ScenarioParts, path: str) -> tuple[Target, ...]:
    """The targets a path (possibly with ``*`` wildcards) addresses, in scenario order.

    Raises
    ------
    ScenarioError
        For a path that names no parameter (with the closest path as a hint) or a wildcard that
        matches none.
    """
    if not isinstance(path, str) or not path:
        raise ScenarioError(f"must be a non-empty string, found {path!r}", key="parameter path")
    catalogue = _catalogue(scenario)
    if "*" not in path:
        if path in catalogue:
            return (catalogue[path],)
        raise ScenarioError(
            f"is not a parameter of {scenario.name}; {_hint(scenario, path, catalogue)}",
            key=f"parameter {path!r}",
        )
    regex = _pattern(path)
    found = tuple(t for p, t in catalogue.items() if regex.match(p))
    if not found:
        raise ScenarioError(
            f"matches no parameter of {scenario.name} (paths look like "
            f"'{scenario.parties[0].key}.weights.{scenario.issues[0].key}', "
            f"'*.disagreement' or '*.weights')",
            key=f"parameter {path!r}",
        )
    return found


def _hint(scenario: ScenarioParts, path: str, catalogue: dict[str, Target]) -> str:
    """Close matches to `path` only (never the whole list), or what paths look like."""
    if "red_lines" in path:
        return (
            "red lines are sets of levels, not numbers, so they cannot be swept (compare the "
            "scenario with scenario.without_red_lines(), or edit its red lines)"
        )
    close = difflib.get_close_matches(path, list(catalogue), n=3, cutoff=0.6)
    if close:
        return suggest(path, close)
    party, issue = scenario.parties[0].key, scenario.issues[0].key
    examples = [f"{party}.weights.{issue}", f"{party}.values.{issue}[0]", f"{party}.disagreement"]
    examples += [f"{party}.power", f"{party}.discount"]
    if scenario.links:
        examples.append("links[0].value")
    if scenario.threat_game is not None:
        examples.append("threat_game.row_payoffs[0][0]")
    return "paths look like " + ", ".join(repr(e) for e in examples)


def current_values(scenario: ScenarioParts, params: Sequence[Param]) -> NDArray[np.float64]:
    """The values the parameters have in `scenario`, shape ``(len(params),)``."""
    out = np.empty(len(params))
    for c, prm in enumerate(params):
        party = scenario.parties[prm.party]
        if prm.field == "weight":
            out[c] = party.weight(scenario.issues[prm.issue].key)
        elif prm.field == "value":
            out[c] = party.values[scenario.issues[prm.issue].key][prm.level]
        elif prm.field == "link":
            out[c] = scenario.links[prm.issue].value
        elif prm.field == "payoff":
            out[c] = _payoffs(scenario, prm)[prm.issue][prm.level]
        else:
            out[c] = getattr(party, prm.field)
    return out


def _payoffs(scenario: ScenarioParts, prm: Param) -> tuple[tuple[float, ...], ...]:
    game = scenario.threat_game
    assert game is not None  # a payoff parameter exists only with a threat game
    row = scenario.parties[prm.party].key == game.row
    return game.row_payoffs if row else game.column_payoffs


def check_domain(param: Param, low: float, high: float, *, what: str) -> None:
    """ScenarioError unless every number in ``[low, high]`` is admissible for `param`.

    `what` names the source of the numbers in the message (``"grid['x'] has values"``,
    ``"Normal(...) can draw values"``), followed by ``from LOW to HIGH``.
    """
    d_low, d_high, low_in, high_in = DOMAINS[param.field]
    # Infinite ends are open: a normal distribution never draws -inf.
    bad_low = low < d_low or (low == d_low and not low_in and math.isfinite(low))
    bad_high = high > d_high or (high == d_high and not high_in and math.isfinite(high))
    if bad_low or bad_high:
        raise ScenarioError(
            f"must be {param.domain_text()}, but {what} from {low:g} to {high:g}",
            key=f"parameter {param.path!r}",
        )


def apply(scenario: S, params: Sequence[Param], values: ArrayLike) -> S:
    """A copy of `scenario` with each parameter set to the matching number of `values`.

    The scenario is rebuilt with :func:`dataclasses.replace`, so it is validated again.
    """
    numbers = np.asarray(values, dtype=np.float64).reshape(-1)
    if numbers.shape[0] != len(params):
        raise ScenarioError(
            f"has {numbers.shape[0]} numbers, expected {len(params)} (one per parameter)",
            key="values",
        )
    changes: dict[int, list[tuple[Param, float]]] = {}
    links = list(scenario.links)
    payoffs: dict[str, list[list[float]]] = {}
    game = scenario.threat_game
    for prm, x in zip(params, numbers.tolist(), strict=True):
        if prm.field == "link":
            links[prm.issue] = dataclasses.replace(links[prm.issue], value=x)
        elif prm.field == "payoff" and game is not None:
            attr = (
                "row_payoffs" if scenario.parties[prm.party].key == game.row else "column_payoffs"
            )
            matrix = payoffs.setdefault(attr, [list(r) for r in getattr(game, attr)])
            matrix[prm.issue][prm.level] = x
        else:
            changes.setdefault(prm.party, []).append((prm, x))
    parties = list(scenario.parties)
    for p, items in changes.items():
        party = parties[p]
        weights = {i.key: party.weight(i.key) for i in scenario.issues}
        values_ = {k: list(v) for k, v in party.values.items()}
        scalars: dict[str, Any] = {}
        weights_changed = False
        for prm, x in items:
            if prm.field == "weight":
                weights[scenario.issues[prm.issue].key] = x
                weights_changed = True
            elif prm.field == "value":
                values_[scenario.issues[prm.issue].key][prm.level] = x
            else:
                scalars[prm.field] = x
        scalars["values"] = {k: tuple(v) for k, v in values_.items()}
        if weights_changed:
            scalars["weights"] = weights
        parties[p] = dataclasses.replace(party, **scalars)
    fields: dict[str, Any] = {"parties": tuple(parties), "links": tuple(links)}
    if payoffs and game is not None:
        new = {k: tuple(tuple(r) for r in m) for k, m in payoffs.items()}
        fields["threat_game"] = dataclasses.replace(
            game,
            row_payoffs=new.get("row_payoffs", game.row_payoffs),
            column_payoffs=new.get("column_payoffs", game.column_payoffs),
        )
    changed: S = dataclasses.replace(cast(Any, scenario), **fields)
    return changed


def batch_arrays(
    scenario: ScenarioParts, params: Sequence[Param], x: NDArray[np.float64]
) -> tuple[list[NDArray[np.float64]], NDArray[np.float64]]:
    """Per-run issue tables and disagreement points, with ``params`` set to each row of `x`.

    The vectorised form of :func:`apply`: for ``n`` runs (``x`` of shape ``(n, len(params))``)
    returns the tables ``(n, n_parties, n_levels_i)`` of each original issue (weights times
    values, as :attr:`Scenario.tables` but parties before levels) and the disagreement points
    ``(n, n_parties)``. Powers, discount factors, link values and threat-game payoffs do not
    enter either (a sweep of link values solves run by run). Pass the tables through
    :meth:`bargain.model.space.DealSpace.batch_tables` for the effective deal space.

    Examples
    --------
    >>> from bargain import load_scenario
    >>> s = load_scenario("russia-nato-2022")
    >>> tables, d = batch_arrays(s, resolve(s, "nato.disagreement")[0].params, np.array([[0.5]]))
    >>> len(tables), tables[0].shape, d.tolist()
    (8, (1, 2, 4), [[0.2, 0.5]])
    """
    n = x.shape[0]
    weights = np.array([[p.weight(k) for k in scenario.issue_keys] for p in scenario.parties])
    weights = np.broadcast_to(weights, (n, *weights.shape)).copy()
    values: list[NDArray[np.float64]] = [
        np.array([p.values[k] for p in scenario.parties])[None] for k in scenario.issue_keys
    ]
    d = np.broadcast_to(scenario.disagreement_point, (n, scenario.n_parties)).copy()
    for c, prm in enumerate(params):
        if prm.field == "weight":
            weights[:, prm.party, prm.issue] = x[:, c]
        elif prm.field == "value":
            if values[prm.issue].shape[0] != n:
                values[prm.issue] = np.repeat(values[prm.issue], n, axis=0)
            values[prm.issue][:, prm.party, prm.level] = x[:, c]
        elif prm.field == "disagreement":
            d[:, prm.party] = x[:, c]
    tables = [weights[:, :, i, None] * v for i, v in enumerate(values)]
    return tables, d


def set_value(scenario: S, path: str, value: float | Sequence[float]) -> S:
    """A copy of `scenario` with the parameter at `path` set to `value`, validated again.

    A scalar path takes a number; a vector path (``"russia.weights"``) or a wildcard path
    (``"*.disagreement"``) takes one number for every parameter it addresses, or a single number
    for all of them. This is :meth:`bargain.Scenario.replace`.

    Raises
    ------
    ScenarioError
        For an unknown path (with close matches), a value of the wrong length or type, or a
        number outside the parameter's domain.
    """
    params = [prm for target in resolve(scenario, path) for prm in target.params]
    key = f"parameter {path!r}"
    if isinstance(value, bool) or not isinstance(
        value, int | float | np.integer | np.floating | Sequence | np.ndarray
    ):
        raise ScenarioError(f"takes a number or a list of numbers, found {value!r}", key=key)
    try:
        numbers = np.asarray(value, dtype=np.float64).reshape(-1)
    except (TypeError, ValueError):
        raise ScenarioError(
            f"takes a number or a list of numbers, found {value!r}", key=key
        ) from None
    if numbers.size == 1:
        numbers = np.repeat(numbers, len(params))
    if numbers.size != len(params):
        raise ScenarioError(
            f"addresses {len(params)} numbers, found {numbers.size} values", key=key
        )
    for prm, x in zip(params, numbers.tolist(), strict=True):
        if not math.isfinite(x):
            raise ScenarioError(
                f"must be a finite number, found {x}", key=f"parameter {prm.path!r}"
            )
        try:
            check_domain(prm, x, x, what="the value is")
        except ScenarioError:
            raise ScenarioError(
                f"must be {prm.domain_text()}, found {x:g}", key=f"parameter {prm.path!r}"
            ) from None
    return apply(scenario, params, numbers)
