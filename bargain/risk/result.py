"""The result of a breakdown-risk analysis: :class:`BreakdownResult` (and :class:`RobustDeal`).

An example is in :func:`bargain.risk.run.breakdown`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bargain._results import Labels, Result
from bargain._text import text_table

__all__ = ["BreakdownResult", "RobustDeal"]


@dataclass(frozen=True, slots=True)
class RobustDeal:
    """The deal with the largest expected Nash product under the draws, and who accepts it."""

    deal: Mapping[str, str]
    levels: tuple[int, ...]
    utilities: Mapping[str, float]
    acceptance: Mapping[str, float]
    agreement_probability: float
    expected_nash_product: float

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "deal": dict(self.deal),
            "levels": list(self.levels),
            "utilities": dict(self.utilities),
            "acceptance": dict(self.acceptance),
            "agreement_probability": self.agreement_probability,
            "expected_nash_product": self.expected_nash_product,
        }


@dataclass(frozen=True, slots=True)
class BreakdownResult(Result):
    """How likely each party, and all parties, are to accept a deal when numbers are uncertain.

    Attributes
    ----------
    scenario
        The scenario's name.
    agreement
        Whether the deal is accepted by every party in some draw (its estimated probability of
        agreement is above 0).
    deal, levels
        The deal assessed (``{issue_key: level_name}`` and level indices), ``None`` when there
        is none (no deal is possible, or none is individually rational at the scenario's numbers).
    utilities
        Each party's utility of the deal at the scenario's numbers.
    acceptance, standard_errors
        Each party's Monte Carlo probability of accepting, and its standard error.
    exact
        Each party's probability in closed form, or ``None`` when it has none (see
        :mod:`bargain.risk.acceptance`).
    agreement_probability, agreement_standard_error, agreement_exact
        The same for all parties at once; ``1 - agreement_probability`` is the breakdown risk.
    expected_nash_product
        The mean over draws of the product of positive gains (0 in draws someone rejects).
    robust
        The deal with the largest expected Nash product under the same draws
        (:mod:`bargain.risk.robust`), or ``None`` when no deal is ever accepted.
    uncertainty
        ``{path: distribution}`` as given (distributions as their ``repr``).
    samples, seed
        The number of draws and the seed they were drawn from.
    message
        What was found, in words.
    labels
        The display names of the issues and parties.
    """

    scenario: str
    agreement: bool
    deal: Mapping[str, str] | None
    levels: tuple[int, ...] | None
    utilities: Mapping[str, float]
    acceptance: Mapping[str, float]
    standard_errors: Mapping[str, float]
    exact: Mapping[str, float] | None
    agreement_probability: float
    agreement_standard_error: float
    agreement_exact: float | None
    expected_nash_product: float
    robust: RobustDeal | None
    uncertainty: Mapping[str, str]
    samples: int
    seed: int | None
    message: str
    labels: Labels = field(default_factory=Labels, repr=False, compare=False)

    @property
    def breakdown_probability(self) -> float:
        """The estimated probability that some party rejects the deal."""
        return 1.0 - self.agreement_probability

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "scenario": self.scenario,
            "agreement": self.agreement,
            "deal": None if self.deal is None else dict(self.deal),
            "levels": None if self.levels is None else list(self.levels),
            "utilities": dict(self.utilities),
            "acceptance": dict(self.acceptance),
            "standard_errors": dict(self.standard_errors),
            "exact": None if self.exact is None else dict(self.exact),
            "agreement_probability": self.agreement_probability,
            "agreement_standard_error": self.agreement_standard_error,
            "agreement_exact": self.agreement_exact,
            "breakdown_probability": self.breakdown_probability,
            "expected_nash_product": self.expected_nash_product,
            "robust": None if self.robust is None else self.robust.to_dict(),
            "uncertainty": dict(self.uncertainty),
            "samples": self.samples,
            "seed": self.seed,
            "message": self.message,
        }

    def columns(self) -> list[str]:
        """``party`` (a key, or ``all``), then the deal's and the robust deal's acceptance."""
        return ["party", "acceptance", "standard_error", "exact", "robust.acceptance"]

    def rows(self) -> list[dict[str, Any]]:
        """One row per party, then one for all parties at once."""
        out = []
        robust = self.robust
        for key, p in self.acceptance.items():
            out.append(
                {
                    "party": key,
                    "acceptance": p,
                    "standard_error": self.standard_errors[key],
                    "exact": None if self.exact is None else self.exact[key],
                    "robust.acceptance": None if robust is None else robust.acceptance[key],
                }
            )
        out.append(
            {
                "party": "all",
                "acceptance": self.agreement_probability,
                "standard_error": self.agreement_standard_error,
                "exact": self.agreement_exact,
                "robust.acceptance": None if robust is None else robust.agreement_probability,
            }
        )
        return out

    def table(self, max_rows: int = 20) -> str:
        """A readable report: the deal, each party's acceptance, the robust deal."""
        names = self.labels
        parts = [f"{self.scenario} — breakdown risk ({self.samples:,} draws)", self.message]
        if self.deal is not None:
            parts += [
                "",
                text_table(["issue", "level"], [[names.issue(k), v] for k, v in self.deal.items()]),
            ]
        rows = [
            [
                "all parties" if r["party"] == "all" else names.party(r["party"]),
                r["acceptance"],
                r["standard_error"],
                "" if r["exact"] is None else r["exact"],
                "" if r["robust.acceptance"] is None else r["robust.acceptance"],
            ]
            for r in self.rows()[:max_rows]
        ]
        headers = ["party", "accepts", "± s.e.", "exact", "robust deal"]
        parts += ["", text_table(headers, rows)]
        if self.robust is not None and self.robust.deal != self.deal:
            changed = [
                [names.issue(k), v]
                for k, v in self.robust.deal.items()
                if self.deal is None or self.deal[k] != v
            ]
            parts += ["", "The robust deal differs in:", text_table(["issue", "level"], changed)]
        return "\n".join(parts)
