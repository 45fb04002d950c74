"""The threat game: what two parties can do to each other if talks fail.

A :class:`ThreatGame` is a two-player normal-form (bimatrix) game between two parties of a
scenario. The *row* party picks one of ``row_strategies``, the *column* party one of
``column_strategies``; entry ``[i][j]`` of ``row_payoffs`` and ``column_payoffs`` is what each
gets when talks have failed and they play ``(i, j)``, in the same units as their utilities.
:func:`bargain.threat_point` turns the game into the disagreement point of the bargaining
problem, by one of :data:`CONCEPTS`:

- ``"nash-equilibrium"``: the breakdown game is played non-cooperatively; the disagreement point
  is the payoff of one of its Nash equilibria (:mod:`bargain.games.equilibria`).
- ``"optimal-threats"``: Nash's (1953) variable-threat game; each side commits to the threat
  that serves it best once the Nash bargaining solution is applied
  (:mod:`bargain.games.optimal_threats`).

Array conventions: :attr:`ThreatGame.row_matrix` and :attr:`ThreatGame.column_matrix` are
``(n_row_strategies, n_column_strategies)``; a mixed strategy is a probability vector over one
party's strategies.

Examples
--------
>>> game = ThreatGame(row="russia", column="nato",
...                   row_strategies=["escalate", "de-escalate"],
...                   column_strategies=["sanctions", "no sanctions"],
...                   row_payoffs=[[-0.5, 0.1], [0.0, 0.2]],
...                   column_payoffs=[[-0.2, -0.6], [0.1, 0.3]])
>>> game.shape, game.concept
((2, 2), 'nash-equilibrium')
>>> game.column_matrix
array([[-0.2, -0.6],
       [ 0.1,  0.3]])
>>> ThreatGame(row="russia", column="nato", row_strategies=["a", "b"], column_strategies=["c"],
...            row_payoffs=[[1.0], [2.0]], column_payoffs=[[1.0, 2.0]])
Traceback (most recent call last):
...
bargain.errors.ScenarioError: column_payoffs has 1 row, expected 2 (one per row strategy: a, b)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_key, check_number, kind, suggest
from bargain._registry import Choice, Registry
from bargain.errors import ScenarioError

__all__ = ["CONCEPTS", "ThreatGame"]

#: The ways to turn a threat game into a disagreement point (see :func:`bargain.threat_point`).
CONCEPTS: Registry[None] = Registry(
    "concept",
    [
        Choice("nash-equilibrium", "the breakdown game is played; one equilibrium is chosen", None),
        Choice(
            "optimal-threats",
            "Nash (1953): each side commits to its best threat (two parties)",
            None,
        ),
    ],
)


def _is_list(value: object) -> bool:
    return not isinstance(value, str | bytes | Mapping) and isinstance(value, Sequence | np.ndarray)


def _strategies(value: object, key: str) -> tuple[str, ...]:
    if not _is_list(value):
        raise ScenarioError(f"must be a list of strategy names, found {kind(value)}", key=key)
    names: tuple[object, ...] = tuple(value)  # type: ignore[arg-type]
    if not names:
        raise ScenarioError("is empty, expected at least one strategy", key=key)
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        if not isinstance(name, str) or not name.strip():
            raise ScenarioError(
                f"must be a non-empty string, found {kind(name)}", key=f"{key}[{j}]"
            )
        if name in seen:
            raise ScenarioError(
                f"repeats the strategy name {name!r} of {key}[{seen[name]}]", key=f"{key}[{j}]"
            )
        seen[name] = j
    return tuple(seen)


def _matrix(
    value: object, key: str, rows: tuple[str, ...], columns: tuple[str, ...]
) -> tuple[tuple[float, ...], ...]:
    if not _is_list(value):
        raise ScenarioError(
            f"must be a list of rows (one list of numbers per row strategy), found {kind(value)}",
            key=key,
        )
    table = list(value)  # type: ignore[call-overload]
    if len(table) != len(rows):
        raise ScenarioError(
            f"has {len(table)} row{'s' if len(table) != 1 else ''}, expected {len(rows)} "
            f"(one per row strategy: {', '.join(rows)})",
            key=key,
        )
    out = []
    for i, row in enumerate(table):
        where = f"{key}[{i}]"
        if not _is_list(row):
            raise ScenarioError(
                f"must be a list of numbers (one per column strategy), found {kind(row)}",
                key=where,
            )
        numbers = list(row)
        if len(numbers) != len(columns):
            raise ScenarioError(
                f"has {len(numbers)} number{'s' if len(numbers) != 1 else ''}, expected "
                f"{len(columns)} (one per column strategy: {', '.join(columns)})",
                key=where,
            )
        out.append(tuple(check_number(x, f"{where}[{j}]") for j, x in enumerate(numbers)))
    return tuple(out)


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreatGame:
    """A bimatrix game between two parties, played if talks fail.

    Parameters
    ----------
    row, column
        Keys of the two parties (distinct); the scenario checks that they are its parties.
    row_strategies, column_strategies
        At least one distinct, non-empty name each.
    row_payoffs, column_payoffs
        One list per row strategy, each with one finite number per column strategy: the row and
        the column party's payoff, in the units of their utilities.
    concept
        The default way to get the disagreement point, one of :data:`CONCEPTS`.
    """

    row: str
    column: str
    row_strategies: tuple[str, ...]
    column_strategies: tuple[str, ...]
    row_payoffs: tuple[tuple[float, ...], ...]
    column_payoffs: tuple[tuple[float, ...], ...]
    concept: str = "nash-equilibrium"

    def __post_init__(self) -> None:
        check_key(self.row, "row")
        check_key(self.column, "column")
        if self.row == self.column:
            raise ScenarioError(
                f"is the row party too ({self.row!r}); the game needs two different parties",
                key="column",
            )
        rows = _strategies(self.row_strategies, "row_strategies")
        columns = _strategies(self.column_strategies, "column_strategies")
        object.__setattr__(self, "row_strategies", rows)
        object.__setattr__(self, "column_strategies", columns)
        for attr in ("row_payoffs", "column_payoffs"):
            object.__setattr__(self, attr, _matrix(getattr(self, attr), attr, rows, columns))
        if not isinstance(self.concept, str):
            raise ScenarioError(
                f"must be one of {', '.join(CONCEPTS.names)}, found {kind(self.concept)}",
                key="concept",
            )
        if self.concept not in CONCEPTS:
            raise ScenarioError(
                f"{self.concept!r} is not a concept; {suggest(self.concept, CONCEPTS)}",
                key="concept",
            )

    @property
    def shape(self) -> tuple[int, int]:
        """``(n_row_strategies, n_column_strategies)``."""
        return len(self.row_strategies), len(self.column_strategies)

    @property
    def parties(self) -> tuple[str, str]:
        """``(row, column)`` party keys."""
        return self.row, self.column

    @property
    def row_matrix(self) -> NDArray[np.float64]:
        """The row party's payoffs, shape ``(n_row_strategies, n_column_strategies)``."""
        return np.array(self.row_payoffs, dtype=np.float64)

    @property
    def column_matrix(self) -> NDArray[np.float64]:
        """The column party's payoffs, shape ``(n_row_strategies, n_column_strategies)``."""
        return np.array(self.column_payoffs, dtype=np.float64)

    def to_dict(self) -> dict[str, Any]:
        """The ``[threat_game]`` table of a scenario file, JSON-safe."""
        return {
            "row": self.row,
            "column": self.column,
            "row_strategies": list(self.row_strategies),
            "column_strategies": list(self.column_strategies),
            "row_payoffs": [list(r) for r in self.row_payoffs],
            "column_payoffs": [list(r) for r in self.column_payoffs],
            "concept": self.concept,
        }
