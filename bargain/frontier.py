"""The Pareto frontier of a scenario as a result: :class:`Frontier` and :func:`pareto_frontier`.

The frontier holds every Pareto-optimal deal whose utilities are strictly above the disagreement
point for every party, each distinct utility vector once. It is computed exactly, by one of two
engines (see :mod:`bargain.merge` and :func:`bargain.bruteforce.brute_force_frontier`), which
return identical utilities; ``engine="auto"`` enumerates small spaces and merges the rest.

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

from bargain.bruteforce import MAX_ENUMERATED, brute_force_frontier
from bargain.errors import ScenarioError
from bargain.merge import merge_frontier
from bargain.methods import individually_rational
from bargain.model import Issue, Scenario, suggest
from bargain.overrides import resolve_disagreement
from bargain.textable import text_table

__all__ = ["AUTO_ENUMERATE", "ENGINES", "Frontier", "frontier_arrays", "pareto_frontier"]

#: Frontier engines: ``"auto"``, the Minkowski ``"merge"``, ``"brute-force"`` enumeration.
ENGINES = ("auto", "merge", "brute-force")
#: ``engine="auto"`` enumerates spaces up to this many deals (measured: faster there).
AUTO_ENUMERATE = 2048

Array = NDArray[np.float64]


def frontier_arrays(
    scenario: Scenario, engine: str = "auto"
) -> tuple[Array, NDArray[np.intp], str]:
    """The whole Pareto frontier (not restricted to rational deals) as arrays.

    Returns ``(utilities, deals, engine_used)``; see :func:`bargain.merge.merge_frontier`.
    """
    if engine not in ENGINES:
        raise ScenarioError(f"is not an engine; {suggest(str(engine), ENGINES)}", key="engine")
    if engine == "auto":
        engine = "brute-force" if scenario.n_deals <= AUTO_ENUMERATE else "merge"
    if engine == "brute-force":
        if scenario.n_deals > MAX_ENUMERATED:
            raise ScenarioError(
                f"'brute-force' enumerates every deal and takes at most {MAX_ENUMERATED:,}; "
                f"this scenario has {scenario.n_deals:,}: use engine='merge'",
                key="engine",
            )
        u, deals = brute_force_frontier(scenario.tables)
    else:
        u, deals = merge_frontier(scenario.tables)
    return u, deals, engine


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


def pareto_frontier(
    scenario: Scenario, *, disagreement: Any = None, engine: str = "auto"
) -> Frontier:
    """Every Pareto-optimal, individually rational deal of `scenario`, exactly.

    Parameters
    ----------
    scenario
        The bargaining problem.
    disagreement
        Overrides the disagreement point: ``{party_key: utility}`` or one number per party.
    engine
        ``"auto"`` (enumerate up to :data:`AUTO_ENUMERATE` deals, merge beyond), ``"merge"`` or
        ``"brute-force"`` (enumeration, at most :data:`bargain.bruteforce.MAX_ENUMERATED` deals).

    Returns
    -------
    Frontier
        Possibly empty (no deal beats the disagreement point): see its ``message``.

    Examples
    --------
    >>> from bargain import Issue, Party, Scenario
    >>> split = Issue("split", "Split", ["all to A", "half", "all to B"])
    >>> a = Party("a", "A", values={"split": [1.0, 0.5, 0.0]}, disagreement=0.1)
    >>> b = Party("b", "B", values={"split": [0.0, 0.5, 1.0]}, disagreement=-0.1)
    >>> f = pareto_frontier(Scenario(name="cake", issues=[split], parties=[a, b]))
    >>> f.utilities
    array([[0.5, 0.5],
           [1. , 0. ]])
    >>> f.deal(0)
    {'split': 'half'}
    >>> print(f.to_csv(), end="")
    split,a,b
    half,0.5,0.5
    all to A,1.0,0.0
    """
    if not isinstance(scenario, Scenario):
        raise ScenarioError(f"must be a Scenario, found {type(scenario).__name__}", key="scenario")
    d = resolve_disagreement(scenario, disagreement)
    u, deals, used = frontier_arrays(scenario, engine)
    keep = individually_rational(u, d)
    u, deals = u[keep], deals[keep]
    u.flags.writeable = False
    deals.flags.writeable = False
    if u.shape[0]:
        message = (
            f"{u.shape[0]:,} Pareto-optimal deal(s) beat the disagreement point, "
            f"out of {scenario.n_deals:,} deals"
        )
    else:
        message = (
            f"no deal gives every party more than its disagreement utility "
            f"({scenario.n_deals:,} deals)"
        )
    return Frontier(
        scenario=scenario.name,
        issues=scenario.issues,
        party_keys=scenario.party_keys,
        utilities=u,
        deals=deals,
        disagreement=d,
        n_deals=scenario.n_deals,
        engine=used,
        message=message,
    )
