"""The result of deriving a disagreement point from a threat game: :class:`ThreatResult`.

Examples
--------
>>> mix_text({"strike": 0.25, "work": 0.75})
'strike 0.25, work 0.75'
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bargain._text import text_table
from bargain.solutions.result import Solution

__all__ = ["Equilibrium", "ThreatResult", "mix_text"]


@dataclass(frozen=True, slots=True)
class Equilibrium:
    """One equilibrium of the threat game (or one optimal threat pair).

    Attributes
    ----------
    strategies
        ``{party_key: {strategy_name: probability}}`` for the row then the column party, listing
        the strategies played with positive probability.
    payoffs
        ``{party_key: expected payoff}``.
    pure
        Whether both strategies are pure.
    """

    strategies: Mapping[str, Mapping[str, float]]
    payoffs: Mapping[str, float]
    pure: bool

    def describe(self) -> str:
        """The two strategies in words: ``"escalate / severe sanctions"``."""
        return " / ".join(mix_text(s) for s in self.strategies.values())

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "strategies": {k: dict(v) for k, v in self.strategies.items()},
            "payoffs": dict(self.payoffs),
            "pure": self.pure,
        }


def mix_text(strategy: Mapping[str, float]) -> str:
    """A strategy in words: its name when pure, else each name with its probability."""
    if len(strategy) == 1:
        return next(iter(strategy))
    return ", ".join(f"{name} {p:.3g}" for name, p in strategy.items())


@dataclass(frozen=True, slots=True)
class ThreatResult:
    """The disagreement point derived from a scenario's threat game.

    Attributes
    ----------
    scenario, concept
        The scenario's name and ``"nash-equilibrium"`` or ``"optimal-threats"``.
    row, column
        The two players' party keys.
    equilibria
        Every equilibrium found (for optimal threats: every optimal threat pair), pure before
        mixed; the list is complete when ``complete`` is true.
    chosen
        Index of the equilibrium that sets the disagreement point.
    rule
        Why it was chosen: ``"unique"``, ``"payoff-dominance"``, ``"strictness"``,
        ``"risk-dominance"``, ``"security-nash-product"``, ``"user"`` or (optimal threats)
        ``"minimax"``; see :mod:`bargain.games.selection`.
    ties
        Other equilibria exactly as good under the rule (pick one with ``equilibrium=``).
    strategies
        The chosen pair: ``{party_key: {strategy_name: probability}}``.
    disagreement
        ``{party_key: utility}`` for every party: the chosen payoffs for the two players, the
        fixed ``disagreement`` for the others.
    algorithm, complete, degenerate, continuum
        How the equilibria were found and what is known about them (see
        :class:`bargain.games.equilibria.Equilibria`); ``degenerate`` and ``continuum`` are ``None``
        when not determined.
    slope
        Optimal threats: ``h`` of the zero-sum game ``h A - B`` (``inf``: the game ``A``);
        ``None`` for Nash equilibria.
    solution
        Optimal threats: the Nash bargaining solution over lotteries from the threat point;
        ``None`` for Nash equilibria.
    message
        What happened, in words.
    """

    scenario: str
    concept: str
    row: str
    column: str
    equilibria: tuple[Equilibrium, ...]
    chosen: int
    rule: str
    ties: tuple[int, ...]
    strategies: Mapping[str, Mapping[str, float]]
    disagreement: Mapping[str, float]
    algorithm: str
    complete: bool
    degenerate: bool | None
    continuum: bool | None
    message: str
    slope: float | None = None
    solution: Solution | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form; the schema of ``bargain threat --json``."""
        slope = self.slope
        return {
            "scenario": self.scenario,
            "concept": self.concept,
            "row": self.row,
            "column": self.column,
            "equilibria": [e.to_dict() for e in self.equilibria],
            "chosen": self.chosen,
            "rule": self.rule,
            "ties": list(self.ties),
            "strategies": {k: dict(v) for k, v in self.strategies.items()},
            "disagreement": dict(self.disagreement),
            "algorithm": self.algorithm,
            "complete": self.complete,
            "degenerate": self.degenerate,
            "continuum": self.continuum,
            "slope": None if slope is None else (slope if math.isfinite(slope) else "inf"),
            "solution": None if self.solution is None else self.solution.to_dict(),
            "message": self.message,
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON text of :meth:`to_dict`."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def table(self, party_names: Mapping[str, str] | None = None) -> str:
        """A readable report: the equilibria, the chosen one, the disagreement point."""
        names = party_names or {}
        parts = [f"{self.scenario} — threat game, {self.concept}", self.message, ""]
        what = "optimal threat pair" if self.concept == "optimal-threats" else "equilibrium"
        rows = [
            [
                f"{'*' if e == self.chosen else ' '} {e}",
                mix_text(eq.strategies[self.row]),
                mix_text(eq.strategies[self.column]),
                eq.payoffs[self.row],
                eq.payoffs[self.column],
            ]
            for e, eq in enumerate(self.equilibria)
        ]
        parts.append(
            text_table(
                [
                    what,
                    names.get(self.row, self.row),
                    names.get(self.column, self.column),
                    f"{names.get(self.row, self.row)} gets",
                    f"{names.get(self.column, self.column)} gets",
                ],
                rows,
            )
        )
        parts += [
            "",
            text_table(
                ["party", "disagreement"],
                [[names.get(k, k), v] for k, v in self.disagreement.items()],
            ),
        ]
        if self.solution is not None:
            parts += ["", self.solution.table(party_names=names)]
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.table()
