"""The result of deriving a disagreement point from a threat game: :class:`ThreatResult`.

Examples
--------
>>> mix_text({"strike": 0.25, "work": 0.75})
'strike 0.25, work 0.75'
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bargain._results import Labels, Result
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


@dataclass(frozen=True, slots=True, repr=False)
class ThreatResult(Result):
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
        The Nash bargaining solution from the threat point: over lotteries for optimal threats
        (the solution Nash's theory predicts), over deals for Nash equilibria.
    agreement, deal
        The solution's: whether some deal beats the threat point, and which (see `solution`).
    message
        What happened, in words.
    labels
        The display names of the issues and parties (for :meth:`table`).
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
    solution: Solution
    slope: float | None = None
    labels: Labels = field(default_factory=Labels, repr=False, compare=False)

    @property
    def agreement(self) -> bool:
        """Whether some deal gives every party more than its threat-point utility."""
        return self.solution.agreement

    @property
    def deal(self) -> Mapping[str, str] | None:
        """The Nash deal from the threat point (``None`` without agreement)."""
        return self.solution.deal

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
            "agreement": self.agreement,
            "deal": None if self.deal is None else dict(self.deal),
            "solution": self.solution.to_dict(),
            "message": self.message,
        }

    def headline(self) -> str:
        """``nash-equilibrium: 1 equilibrium, threat point russia 0.200 nato 0.750``."""
        n = len(self.equilibria)
        point = " ".join(f"{k} {v:.3f}" for k, v in self.disagreement.items())
        what = "agreement" if self.agreement else "no agreement"
        return (
            f"{self.concept}: {n} equilibri{'a' if n != 1 else 'um'}, threat point {point}, {what}"
        )

    def columns(self) -> list[str]:
        """``equilibrium``, ``chosen``, each player's ``strategy.<party>``, ``utility.<party>``."""
        players = (self.row, self.column)
        return [
            "equilibrium",
            "chosen",
            *(f"strategy.{k}" for k in players),
            *(f"utility.{k}" for k in players),
        ]

    def rows(self) -> list[dict[str, Any]]:
        """One row per equilibrium (optimal threat pair): the strategies and the payoffs."""
        return [
            {
                "equilibrium": e,
                "chosen": e == self.chosen,
                **{f"strategy.{k}": mix_text(eq.strategies[k]) for k in (self.row, self.column)},
                **{f"utility.{k}": eq.payoffs[k] for k in (self.row, self.column)},
            }
            for e, eq in enumerate(self.equilibria)
        ]

    def table(self, max_rows: int = 20) -> str:
        """A readable report: the equilibria, the chosen one, the disagreement point."""
        names = self.labels
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
            if e < max_rows or e == self.chosen
        ]
        parts.append(
            text_table(
                [
                    what,
                    names.party(self.row),
                    names.party(self.column),
                    f"{names.party(self.row)} gets",
                    f"{names.party(self.column)} gets",
                ],
                rows,
            )
        )
        parts += [
            "",
            text_table(
                ["party", "disagreement"],
                [[names.party(k), v] for k, v in self.disagreement.items()],
            ),
        ]
        parts += ["", self.solution.table(max_rows)]
        return "\n".join(parts)
