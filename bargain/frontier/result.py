"""The Pareto frontier of a scenario as a result: :class:`Frontier`.

The frontier holds every Pareto-optimal deal whose utilities are strictly above the disagreement
point for every party, each distinct utility vector once (see :func:`bargain.pareto_frontier`).

How far it goes: with two parties the merge is exact for hundreds of issues (128 issues x 11
levels, 10**133 deals, in about 2 s). With three parties the cost follows the
frontier size: about 10**4 points (8 issues x 11 levels) take under 0.1 s, a few 10**5 points
(32 x 5) several seconds. With four or more parties pruning is pairwise; frontiers beyond a
few thousand points take minutes.

Examples
--------
>>> from bargain import load_scenario, pareto_frontier
>>> f = pareto_frontier(load_scenario("russia-nato-2022"))
>>> len(f) > 0, f.utilities.shape[1]
(True, 2)
>>> sorted(f.deal(0)) == sorted(f.issue_keys)
True
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._text import text_table
from bargain.model.issue import Issue

__all__ = ["Frontier"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class Frontier:
    """The individually rational Pareto frontier of a scenario.

    Attributes
    ----------
    scenario
        The scenario's name.
    issues
        The scenario's issues (to name the levels of a deal).
    party_keys
        Party keys, the columns of `utilities`.
    utilities
        ``(m, n_parties)`` read-only: each Pareto-optimal, individually rational utility
        vector once, sorted lexicographically ascending (first party's utility, then the
        second's, ...; with two parties the second party's utility decreases down the rows).
    deals
        ``(m, n_issues)`` read-only level indices of a deal reaching each row (when several do,
        the lexicographically smallest, first issue most significant).
    disagreement
        ``(n_parties,)`` the disagreement point the frontier is rational against.
    n_deals
        Size of the whole deal space (a Python int).
    engine
        ``"merge"`` or ``"brute-force"``.
    message
        What was computed, in words.
    """

    scenario: str
    issues: tuple[Issue, ...]
    party_keys: tuple[str, ...]
    utilities: Array
    deals: NDArray[np.intp]
    disagreement: Array
    n_deals: int
    engine: str
    message: str

    def __len__(self) -> int:
        return int(self.utilities.shape[0])

    @property
    def issue_keys(self) -> tuple[str, ...]:
        """Issue keys, the columns of `deals`."""
        return tuple(i.key for i in self.issues)

    @property
    def gains(self) -> Array:
        """``(m, n_parties)`` utilities minus the disagreement point (all > 0)."""
        return self.utilities - self.disagreement

    def deal(self, i: int) -> dict[str, str]:
        """Row `i` as ``{issue_key: level_name}``."""
        row = self.deals[i]
        return {issue.key: issue.levels[int(j)] for issue, j in zip(self.issues, row, strict=True)}

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: the scenario, parties, disagreement point and every point."""
        return {
            "scenario": self.scenario,
            "parties": list(self.party_keys),
            "issues": list(self.issue_keys),
            "disagreement": dict(zip(self.party_keys, self.disagreement.tolist(), strict=True)),
            "n_deals": self.n_deals,
            "engine": self.engine,
            "message": self.message,
            "points": [
                {
                    "deal": self.deal(i),
                    "utilities": dict(zip(self.party_keys, row, strict=True)),
                }
                for i, row in enumerate(self.utilities.tolist())
            ],
        }

    def to_json(self, indent: int | None = 2) -> str:
        """The JSON text of :meth:`to_dict`."""
        return json.dumps(self.to_dict(), indent=indent, ensure_ascii=False)

    def to_csv(self) -> str:
        """One row per point: the level name of every issue, then every party's utility."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow([*self.issue_keys, *self.party_keys])
        for i, row in enumerate(self.utilities.tolist()):
            writer.writerow([*self.deal(i).values(), *(repr(x) for x in row)])
        return buf.getvalue()

    def table(self, max_rows: int = 20) -> str:
        """A readable report: each party's utility and the deal, for up to `max_rows` points."""
        head = f"{self.scenario} — Pareto frontier: {self.message}"
        if not len(self):
            return head
        shown = _spread(len(self), max_rows)
        rows = [
            [*(float(x) for x in self.utilities[i]), "; ".join(self.deal(i).values())]
            for i in shown
        ]
        parts = [head, "", text_table([*self.party_keys, "deal"], rows)]
        if len(shown) < len(self):
            parts.append(f"({len(shown)} of {len(self)} points shown, evenly spaced)")
        return "\n".join(parts)

    def __str__(self) -> str:
        return self.table()


def _spread(n: int, k: int) -> Sequence[int]:
    if n <= k:
        return range(n)
    return sorted({round(x) for x in np.linspace(0, n - 1, k)})
