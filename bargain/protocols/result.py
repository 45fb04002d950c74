"""The result of a concession protocol: :class:`ConcessionPath`, its :class:`Step`, :class:`Change`.

A path is a value: the offers made round by round (who proposed what, what each party would get,
whether it was accepted, which issues moved and in whose favour), the agreement it ends at (or
none) and, in words, what happened (``message``). Protocol-specific numbers are fields that are
``None`` where they do not apply: Zeuthen's willingness to risk conflict (``Step.risk``), the
time-based aspiration levels (``Step.aspiration``), alternating offers' continuation values
(``ConcessionPath.continuation``).

Examples
--------
>>> from bargain import Issue, Party, Scenario, concession_path
>>> split = Issue("split", "Split", ["all to A", "more to A", "half", "more to B", "all to B"])
>>> a = Party("a", "A", values={"split": [1.0, 0.75, 0.5, 0.25, 0.0]})
>>> b = Party("b", "B", values={"split": [0.0, 0.3, 0.5, 0.7, 1.0]})
>>> path = concession_path(Scenario(name="cake", issues=[split], parties=[a, b]), "zeuthen")
>>> path.agreement, path.deal, path.rounds
(True, {'split': 'half'}, 3)
>>> [(s.round, s.proposer, s.offer["split"], s.accepted) for s in path.steps]
... # doctest: +NORMALIZE_WHITESPACE
[(1, 'a', 'more to A', False), (1, 'b', 'more to B', False),
 (2, 'a', 'more to A', False), (2, 'b', 'half', False),
 (3, 'a', 'half', True), (3, 'b', 'half', False)]
>>> path.steps[4].note, path.steps[4].changes[0].favours
('lower risk (0.333 < 0.400): concedes; accepted', ('b',))
>>> sorted(path.to_dict())  # doctest: +NORMALIZE_WHITESPACE
['agreement', 'continuation', 'deal', 'disagreement', 'distance_to_frontier', 'distance_to_nash',
 'levels', 'lottery', 'message', 'nash', 'nash_utilities', 'options', 'parties', 'protocol',
 'rounds', 'scenario', 'steps', 'utilities']
>>> path.columns()[:4]
['round', 'proposer', 'accepted', 'split']
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from bargain._results import Labels, Result
from bargain._text import text_table
from bargain.solutions.result import Lottery

__all__ = ["Change", "ConcessionPath", "Step"]


@dataclass(frozen=True, slots=True)
class Change:
    """One issue moving from one level to another in an offer or a trade.

    Attributes
    ----------
    issue
        The issue's key.
    before, after
        Level names before and after the move.
    gains
        ``{party_key: float}``: each party's utility change from this issue alone.
    favours
        The parties whose utility this move raises (in scenario order); the others lose or are
        indifferent.
    """

    issue: str
    before: str
    after: str
    gains: Mapping[str, float]
    favours: tuple[str, ...]

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "issue": self.issue,
            "before": self.before,
            "after": self.after,
            "gains": dict(self.gains),
            "favours": list(self.favours),
        }

    def text(self) -> str:
        """``issue: level (+party)``, short enough for a table cell."""
        who = ",".join(self.favours) if self.favours else "nobody"
        return f"{self.issue}: {self.after} (+{who})"


@dataclass(frozen=True, slots=True)
class Step:
    """One offer (or, for trades, one trade) on a concession path.

    Attributes
    ----------
    round
        The round it was made in, from 1.
    proposer
        The party making the offer; ``None`` for a trade (both parties agree to it).
    offer
        ``{issue_key: level_name}``: the deal offered (for a lottery, its most probable deal).
    levels
        The offer as level indices.
    utilities
        ``{party_key: float}``: what each party gets from the offer (expected utility for a
        lottery).
    accepted
        Whether every other party accepted it (for trades: always, each trade is agreed).
    changes
        The issues that moved, against the proposer's own previous offer (empty for its first
        offer) or, for trades, against the deal before the trade.
    note
        What happened, in words (for trades, the trade as a sentence).
    risk
        Zeuthen: each party's willingness to risk conflict at the start of the round, given the
        offers then on the table (``None`` in the first round and for other protocols).
    aspiration
        Time-based: each party's aspiration level (the utility it demands) in this round.
    lottery
        Alternating offers: the lottery over two deals that the offer is, when it is not a pure
        deal.
    """

    round: int
    proposer: str | None
    offer: Mapping[str, str]
    levels: tuple[int, ...]
    utilities: Mapping[str, float]
    accepted: bool
    changes: tuple[Change, ...] = ()
    note: str = ""
    risk: Mapping[str, float] | None = None
    aspiration: Mapping[str, float] | None = None
    lottery: Lottery | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "round": self.round,
            "proposer": self.proposer,
            "offer": dict(self.offer),
            "utilities": dict(self.utilities),
            "accepted": self.accepted,
            "changes": [c.to_dict() for c in self.changes],
            "note": self.note,
            "risk": dict(self.risk) if self.risk is not None else None,
            "aspiration": dict(self.aspiration) if self.aspiration is not None else None,
            "lottery": self.lottery.to_dict() if self.lottery is not None else None,
        }


@dataclass(frozen=True, slots=True, repr=False)
class ConcessionPath(Result, Sequence[Step]):
    """How a bargaining protocol reaches (or misses) a deal, step by step.

    A sequence of steps: ``len(path)``, ``path[k]`` (a :class:`Step`; a slice gives a tuple)
    and iteration go over :attr:`steps`.

    Attributes
    ----------
    scenario, protocol
        The scenario's name and the protocol (``"zeuthen"``, ``"alternating-offers"``,
        ``"time-based"``, ``"trades"``).
    parties
        Party keys, in scenario order.
    steps
        The offers (or trades) in order.
    agreement
        Whether the path ends in an agreement.
    deal
        ``{issue_key: level_name}`` agreed, or ``None`` (for a lottery, its most probable deal).
    levels
        The agreed deal as level indices, or ``None``.
    utilities
        ``{party_key: float}``: each party's utility at the end (its disagreement utility
        without agreement).
    disagreement
        ``{party_key: float}``: the disagreement point used.
    rounds
        Rounds played (for trades: trades made).
    message
        What happened, in words.
    options
        The protocol's options as used, defaults filled in (JSON-safe).
    nash, nash_utilities
        The Nash bargaining deal of the same problem (for alternating offers, the Nash lottery's
        most probable deal) and its utilities, for comparison; ``None`` when there is none.
    distance_to_nash
        Euclidean distance, in utility, from the path's final deal to the Nash deal's
        utilities (for trades the final deal is the last deal traded to, agreed or not).
    distance_to_frontier
        Euclidean distance, in utility, from the final deal to the nearest Pareto-optimal deal
        giving every party at least as much: 0 exactly when the final deal is Pareto-optimal
        (for alternating offers, on the convex frontier of lotteries, always 0).
    continuation
        Alternating offers: each party's continuation value, the utility (discounted to now) it
        secures by rejecting the other's offer and proposing next round.
    lottery
        Alternating offers: the agreed lottery when it is not a pure deal.
    labels
        The display names of the issues and parties (for :meth:`table`).
    """

    scenario: str
    protocol: str
    parties: tuple[str, ...]
    steps: tuple[Step, ...]
    agreement: bool
    deal: Mapping[str, str] | None
    levels: tuple[int, ...] | None
    utilities: Mapping[str, float]
    disagreement: Mapping[str, float]
    rounds: int
    message: str
    options: Mapping[str, Any]
    nash: Mapping[str, str] | None = None
    nash_utilities: Mapping[str, float] | None = None
    distance_to_nash: float | None = None
    distance_to_frontier: float | None = None
    continuation: Mapping[str, float] | None = None
    lottery: Lottery | None = None
    labels: Labels = field(default_factory=Labels, repr=False, compare=False)

    def __len__(self) -> int:
        return len(self.steps)

    @overload
    def __getitem__(self, k: int) -> Step: ...

    @overload
    def __getitem__(self, k: slice) -> tuple[Step, ...]: ...

    def __getitem__(self, k: int | slice) -> Step | tuple[Step, ...]:
        return self.steps[k]

    def __iter__(self) -> Iterator[Step]:
        return iter(self.steps)

    def headline(self) -> str:
        """``zeuthen: agreement after 3 rounds, 6 steps, a 0.500 b 0.500``."""
        unit = "trade" if self.protocol == "trades" else "round"
        what = (
            f"agreement after {self.rounds} {unit}{'s' if self.rounds != 1 else ''}"
            if self.agreement
            else "no agreement"
        )
        utilities = " ".join(f"{k} {v:.3f}" for k, v in self.utilities.items())
        return f"{self.protocol}: {what}, {len(self.steps)} steps, {utilities}"

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form; the schema of ``bargain path --json``."""
        return {
            "scenario": self.scenario,
            "protocol": self.protocol,
            "parties": list(self.parties),
            "options": _json_safe(self.options),
            "agreement": self.agreement,
            "deal": dict(self.deal) if self.deal is not None else None,
            "levels": list(self.levels) if self.levels is not None else None,
            "utilities": dict(self.utilities),
            "disagreement": dict(self.disagreement),
            "rounds": self.rounds,
            "message": self.message,
            "nash": dict(self.nash) if self.nash is not None else None,
            "nash_utilities": (
                dict(self.nash_utilities) if self.nash_utilities is not None else None
            ),
            "distance_to_nash": self.distance_to_nash,
            "distance_to_frontier": self.distance_to_frontier,
            "continuation": dict(self.continuation) if self.continuation is not None else None,
            "lottery": self.lottery.to_dict() if self.lottery is not None else None,
            "steps": [s.to_dict() for s in self.steps],
        }

    def columns(self) -> list[str]:
        """``round``, ``proposer``, ``accepted``, the issues, ``utility.<party>``, ``note``."""
        issues = list(self.labels.issues) or list(self.steps[0].offer if self.steps else [])
        utility = [f"utility.{k}" for k in self.parties]
        return ["round", "proposer", "accepted", *issues, *utility, "note"]

    def rows(self) -> list[dict[str, Any]]:
        """One row per step: the offer's levels and utilities."""
        issues = self.columns()[3 : -1 - len(self.parties)]
        return [
            {
                "round": s.round,
                "proposer": s.proposer,
                "accepted": s.accepted,
                **{k: s.offer[k] for k in issues},
                **{f"utility.{k}": s.utilities[k] for k in self.parties},
                "note": s.note,
            }
            for s in self.steps
        ]

    def table(self, max_rows: int = 20) -> str:
        """A round-by-round report: each offer, its utilities, and what changed; then the deal."""
        names = self.labels
        head = f"{self.scenario} — {self.protocol}: " + (
            f"agreement after {self.rounds} {'trade' if self.protocol == 'trades' else 'round'}(s)"
            if self.agreement
            else "no agreement"
        )
        parts = [head, self.message, ""]
        if self.steps:
            rows = []
            shown = self.steps if len(self.steps) <= max_rows else self.steps[-max_rows:]
            for s in shown:
                what = s.note
                if s.changes and self.protocol != "trades":
                    moved = "; ".join(c.text() for c in s.changes)
                    what = f"{what}: {moved}" if what else moved
                rows.append(
                    [
                        s.round,
                        names.party(s.proposer) if s.proposer else "-",
                        *(s.utilities[k] for k in self.parties),
                        "yes" if s.accepted else "no",
                        what,
                    ]
                )
            headers = ["round", "proposer", *self.parties, "accepted", "what happened"]
            parts += [text_table(headers, rows), ""]
            if len(shown) < len(self.steps):
                parts += [f"(the last {len(shown)} of {len(self.steps)} steps shown)", ""]
        if self.deal is not None:
            parts.append(
                text_table(
                    ["issue", "agreed level"], [[names.issue(k), v] for k, v in self.deal.items()]
                )
            )
            parts.append("")
        if self.lottery is not None:
            first = self.lottery.deals[0]
            rows = [
                [
                    p,
                    "; ".join(f"{k}: {v}" for k, v in d.items() if j and first[k] != v)
                    or "the agreed levels above",
                ]
                for j, (d, p) in enumerate(
                    zip(self.lottery.deals, self.lottery.probabilities, strict=True)
                )
            ]
            parts += [text_table(["probability", "lottery: deal"], rows), ""]
        summary: list[list[object]] = []
        for k in self.parties:
            row: list[object] = [names.party(k), self.utilities[k], self.disagreement[k]]
            if self.nash_utilities is not None:
                row.append(self.nash_utilities[k])
            if self.continuation is not None:
                row.append(self.continuation[k])
            summary.append(row)
        headers = ["party", "utility", "disagreement"]
        if self.nash_utilities is not None:
            headers.append("nash")
        if self.continuation is not None:
            headers.append("continuation")
        parts.append(text_table(headers, summary))
        extra = []
        if self.distance_to_frontier is not None:
            extra.append(f"distance to the frontier {self.distance_to_frontier:.3f}")
        if self.distance_to_nash is not None:
            extra.append(f"distance to the Nash deal {self.distance_to_nash:.3f}")
        if extra:
            parts += ["", "; ".join(extra) + " (in utility)."]
        return "\n".join(parts)


def _json_safe(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    return value
