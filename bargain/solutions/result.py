"""The result of solving a bargaining problem: :class:`Solution` (and :class:`Lottery`).

A solution is a value: it says whether there is an agreement, which deal, what each party gets,
which other deals were equally good (``ties``) and, in words, what happened (``message``). "No
deal beats the disagreement point" is a solution with ``agreement=False``, not an exception.

Examples
--------
>>> from bargain import load_scenario, solve
>>> sol = solve(load_scenario("russia-nato-2022-no-red-lines"))
>>> sol.agreement
True
>>> sorted(sol.to_dict())  # doctest: +NORMALIZE_WHITESPACE
['agreement', 'certificate', 'deal', 'disagreement', 'gains', 'levels', 'log_nash_product',
 'lottery', 'message', 'method', 'nash_product', 'scenario', 'ties', 'utilities']
>>> sol.rows()[0]["utility.nato"] == sol.utilities["nato"]
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bargain._results import Labels, Result
from bargain._text import text_table

__all__ = ["Certificate", "Lottery", "Solution"]


@dataclass(frozen=True, slots=True)
class Certificate:
    """The proof that a solution is optimal over every deal (or every lottery).

    Attributes
    ----------
    criterion
        What `value` and `bound` measure, in words: ``"sum of log gains"`` (Nash), ``"sum of
        log gains weighted by the powers (largest power 1)"``, ``"smallest gain"``
        (egalitarian), ``"smallest gain relative to the ideal gain"`` (Kalai-Smorodinsky),
        ``"sum of gains"`` (utilitarian).
    value
        The criterion of the answer.
    bound
        A proven upper bound on the criterion over every deal (with a lottery: every lottery)
        at termination. It equals `value` up to rounding: within ``1e-12`` relative (for the
        logarithms of the Nash methods, ``1e-12`` absolute: products within ``1e-12``
        relative).
    relaxation
        The bound at the root of the search, which no lottery over deals can beat; ``None``
        when the space was small enough to enumerate without it.
    nodes
        Nodes of the branch and bound explored (over all its passes).
    lotteries
        Whether the bound is over lotteries (the answer is a lottery) rather than deals.
    """

    criterion: str
    value: float
    bound: float
    relaxation: float | None
    nodes: int
    lotteries: bool = False

    @property
    def gap(self) -> float:
        """``bound - value`` (0 up to rounding)."""
        return self.bound - self.value

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "criterion": self.criterion,
            "value": self.value,
            "bound": self.bound,
            "relaxation": self.relaxation,
            "nodes": self.nodes,
            "lotteries": self.lotteries,
        }

    def sentence(self) -> str:
        """The certificate in words."""
        nodes = f"{self.nodes:,} node{'s' if self.nodes != 1 else ''}"
        what = "lottery" if self.lotteries else "deal"
        return (
            f"Certificate: no {what} scores above {self.bound:.10g} ({self.criterion}); "
            f"this one scores {self.value:.10g} ({nodes} explored)."
        )


@dataclass(frozen=True, slots=True)
class Lottery:
    """A randomisation over deals: deal ``deals[j]`` is implemented with ``probabilities[j]``.

    Deals are listed from the most to the least probable; ``levels[j]`` is ``deals[j]`` as level
    indices and ``utilities[j]`` what each party gets from it.
    """

    deals: tuple[Mapping[str, str], ...]
    probabilities: tuple[float, ...]
    levels: tuple[tuple[int, ...], ...] = ()
    utilities: tuple[Mapping[str, float], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "deals": [dict(d) for d in self.deals],
            "probabilities": list(self.probabilities),
            "utilities": [dict(u) for u in self.utilities],
        }


@dataclass(frozen=True, slots=True, repr=False)
class Solution(Result):
    """A bargaining solution.

    Attributes
    ----------
    scenario, method
        The scenario's name and the solution concept (``"nash"``, ...).
    agreement
        Whether some individually rational deal was found.
    deal
        ``{issue_key: level_name}``, or ``None`` without agreement; with a lottery, its most
        probable deal.
    levels
        The deal as level indices, or ``None``.
    utilities, gains, disagreement
        ``{party_key: float}``: utility of the outcome (expected utility for a lottery; the
        disagreement utility without agreement), gain over disagreement, disagreement utility.
    nash_product
        Product of the gains, unweighted whatever the method (``None`` without agreement). It
        can overflow to ``inf`` or underflow to 0 for values in extreme units (its JSON form is
        then ``null``); compare `log_nash_product` instead.
    log_nash_product
        Sum of the natural logarithms of the gains (``None`` without agreement): the logarithm
        of `nash_product`, which never overflows.
    certificate
        The proof of optimality (:class:`Certificate`) when the answer comes from the branch
        and bound (three or more parties) or from the lottery relaxation; ``None`` when it was
        picked from the whole Pareto frontier (two parties), which is exhaustive.
    ties
        Other deals exactly as good under the method, up to rounding (see
        :mod:`bargain.solutions.concepts` for the tie rule); empty for lotteries.
    lottery
        The lottery implementing the solution, when lotteries are allowed and one is better.
    message
        What happened, in words.
    labels
        The display names of the issues and parties (for :meth:`table`).
    """

    scenario: str
    method: str
    agreement: bool
    deal: Mapping[str, str] | None
    levels: tuple[int, ...] | None
    utilities: Mapping[str, float]
    gains: Mapping[str, float]
    disagreement: Mapping[str, float]
    nash_product: float | None
    message: str
    ties: tuple[Mapping[str, str], ...] = ()
    lottery: Lottery | None = None
    log_nash_product: float | None = None
    certificate: Certificate | None = None
    labels: Labels = field(default_factory=Labels, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form; the schema of ``bargain solve --json``."""
        return {
            "scenario": self.scenario,
            "method": self.method,
            "agreement": self.agreement,
            "deal": dict(self.deal) if self.deal is not None else None,
            "levels": list(self.levels) if self.levels is not None else None,
            "utilities": dict(self.utilities),
            "gains": dict(self.gains),
            "disagreement": dict(self.disagreement),
            "nash_product": _finite(self.nash_product),
            "log_nash_product": self.log_nash_product,
            "ties": [dict(t) for t in self.ties],
            "lottery": self.lottery.to_dict() if self.lottery is not None else None,
            "certificate": self.certificate.to_dict() if self.certificate is not None else None,
            "message": self.message,
        }

    def headline(self) -> str:
        """``nash: agreement, 8 issues, russia 0.333 nato 0.870``."""
        what = "agreement" if self.agreement else "no agreement"
        if self.lottery is not None:
            what = f"lottery over {len(self.lottery.deals)} deals"
        n = len(self.labels.issues) or len(self.deal or {})
        issues = f", {n} issue{'s' if n != 1 else ''}" if n else ""
        utilities = " ".join(f"{k} {v:.3f}" for k, v in self.utilities.items())
        return f"{self.method}: {what}{issues}, {utilities}"

    def columns(self) -> list[str]:
        """``probability``, one column per issue, then ``utility.<party>``."""
        return ["probability", *self.labels.issues, *(f"utility.{k}" for k in self.utilities)]

    def rows(self) -> list[dict[str, Any]]:
        """One row per deal of the outcome (a lottery's deals, most probable first).

        Without agreement: one row with no levels and the disagreement utilities.
        """
        issues = list(self.labels.issues) or list(self.deal or {})
        outcomes: list[tuple[float | None, Mapping[str, str | None], Mapping[str, float]]]
        if self.lottery is not None:
            outcomes = list(
                zip(
                    self.lottery.probabilities,
                    self.lottery.deals,
                    self.lottery.utilities,
                    strict=True,
                )
            )
        elif self.deal is not None:
            outcomes = [(1.0, self.deal, self.utilities)]
        else:
            outcomes = [(None, dict.fromkeys(issues), self.utilities)]
        return [
            {
                "probability": p,
                **{k: deal[k] for k in issues},
                **{f"utility.{k}": float(v) for k, v in u.items()},
            }
            for p, deal, u in outcomes
        ]

    def table(self, max_rows: int = 20) -> str:
        """A readable report: the agreed level of each issue, and each party's outcome."""
        names = self.labels
        head = f"{self.scenario} — {self.method}: " + (
            "agreement" if self.agreement else "no agreement"
        )
        parts = [head, self.message, ""]
        if self.deal is not None:
            parts.append(
                text_table(
                    ["issue", "agreed level"],
                    [[names.issue(k), v] for k, v in self.deal.items()],
                )
            )
            parts.append("")
        if self.lottery is not None:
            deals = self.lottery.deals
            differ = [k for k in deals[0] if len({d[k] for d in deals}) > 1]
            rows = [
                [f"{p:.3f}", *(d[k] for k in differ)]
                for d, p in zip(deals[:max_rows], self.lottery.probabilities, strict=False)
            ]
            headers = ["probability", *(names.issue(k) for k in differ)]
            parts += [
                "A lottery: the deal above, with these issues drawn at random.",
                text_table(headers, rows),
                "",
            ]
        parts.append(
            text_table(
                ["party", "utility", "disagreement", "gain"],
                [
                    [names.party(k), u, self.disagreement[k], self.gains[k]]
                    for k, u in self.utilities.items()
                ],
            )
        )
        if self.ties:
            parts += ["", f"{len(self.ties)} other deal(s) are exactly as good (see ties)."]
        if self.certificate is not None:
            parts += ["", self.certificate.sentence()]
        return "\n".join(parts)


def _finite(x: float | None) -> float | None:
    return x if x is None or math.isfinite(x) else None
