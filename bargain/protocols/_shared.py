"""What every protocol's driver shares: the :class:`Context` of a run and the common options.

A driver (``run`` in each protocol's module) turns the scenario and the resolved disagreement
point into a :class:`~bargain.protocols.result.ConcessionPath`: it plays the protocol's kernel on
arrays, then tells each step in words through the context.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_count, suggest
from bargain._results import Labels
from bargain._text import NO_DEAL
from bargain.errors import ScenarioError
from bargain.frontier.engine import frontier_arrays
from bargain.model.scenario import Scenario
from bargain.protocols.result import Change, ConcessionPath, Step
from bargain.solutions.concepts import choose, individually_rational

__all__ = ["Array", "Context", "Index", "check_first", "check_rounds"]

Array = NDArray[np.float64]
Index = NDArray[np.intp]


def check_rounds(value: Any, default: int | None) -> int | None:
    """The ``rounds`` option: a whole number >= 1, or `default` when not given."""
    if value is None:
        return default
    return check_count(value, "rounds", minimum=1)


def check_first(scenario: Scenario, value: Any) -> int:
    """The ``first`` option: the index of the party proposing first (default the first party)."""
    if value is None:
        return 0
    keys = scenario.party_keys
    if not isinstance(value, str) or value not in keys:
        raise ScenarioError(
            f"must be a party key; {suggest(str(value), keys)}, found {value!r}", key="first"
        )
    return keys.index(value)


class Context:
    """What every protocol needs: the scenario, the disagreement point, the full frontier.

    The frontier is computed on first use (alternating offers never needs it).
    """

    def __init__(self, scenario: Scenario, d: Array) -> None:
        self.scenario = scenario
        self.d = d
        self.keys = scenario.party_keys
        self.names = {p.key: p.name for p in scenario.parties}
        self.labels = Labels.of(scenario)

    @cached_property
    def _frontier(self) -> tuple[Array, Index]:
        u, deals, _ = frontier_arrays(self.scenario)
        return u, deals

    @property
    def all_u(self) -> Array:
        """``(m, n)`` the whole Pareto frontier."""
        return self._frontier[0]

    @property
    def all_deals(self) -> Index:
        """``(m, n_issues)`` its deals."""
        return self._frontier[1]

    @cached_property
    def _rational(self) -> NDArray[np.bool_]:
        return individually_rational(self.all_u, self.d)

    @property
    def u(self) -> Array:
        """The individually rational frontier."""
        return self.all_u[self._rational]

    @property
    def deals(self) -> Index:
        """Its deals."""
        return self.all_deals[self._rational]

    @property
    def tol(self) -> float:
        """Rounding tolerance in utility."""
        return 1e-12 * (1.0 + float(np.abs(self.all_u).max(initial=0.0)))

    def mapping(self, values: Array) -> dict[str, float]:
        return {k: float(x) for k, x in zip(self.keys, values, strict=True)}

    def changes(self, before: Index | None, after: Index) -> tuple[Change, ...]:
        if before is None:
            return ()
        out = []
        for i, (a, b) in enumerate(zip(before.tolist(), after.tolist(), strict=True)):
            if a == b:
                continue
            issue = self.scenario.issues[i]
            table = self.scenario.tables[i]
            delta = table[b] - table[a]
            out.append(
                Change(
                    issue=issue.key,
                    before=issue.levels[a],
                    after=issue.levels[b],
                    gains=self.mapping(delta),
                    favours=tuple(k for k, g in zip(self.keys, delta, strict=True) if g > 0),
                )
            )
        return tuple(out)

    def step(
        self,
        round_: int,
        proposer: int | None,
        levels: Index,
        accepted: bool,
        changes: tuple[Change, ...],
        note: str,
        utilities: Array | None = None,
        **extra: Any,
    ) -> Step:
        if utilities is None:
            utilities = self.scenario.utilities(levels)
        return Step(
            round=round_,
            proposer=self.keys[proposer] if proposer is not None else None,
            offer=self.scenario.describe(levels),
            levels=tuple(int(j) for j in levels),
            utilities=self.mapping(utilities),
            accepted=accepted,
            changes=changes,
            note=note,
            **extra,
        )

    def nash(self) -> Index | None:
        best, _ = choose("nash", self.all_u, self.all_deals, self.d)
        return None if best is None else self.all_deals[best]

    def frontier_distance(self, u_end: Array) -> float:
        above = np.all(self.all_u >= u_end - self.tol, axis=1)
        return float(np.linalg.norm(self.all_u[above] - u_end, axis=1).min(initial=np.inf))

    def finish(
        self,
        protocol: str,
        steps: Sequence[Step],
        final: Index | None,
        agreed: bool,
        rounds: int,
        message: str,
        options: Mapping[str, Any],
    ) -> ConcessionPath:
        """The path, with the Nash comparison and distances for the final deal `final`."""
        nash = self.nash()
        nash_u = None if nash is None else self.scenario.utilities(nash)
        dist_nash = dist_frontier = None
        if final is not None:
            u_end = self.scenario.utilities(final)
            dist_frontier = self.frontier_distance(u_end)
            if nash_u is not None:
                dist_nash = float(np.linalg.norm(u_end - nash_u))
        end_u = self.scenario.utilities(final) if agreed and final is not None else self.d
        return ConcessionPath(
            scenario=self.scenario.name,
            protocol=protocol,
            parties=self.keys,
            steps=tuple(steps),
            agreement=agreed and final is not None,
            deal=self.scenario.describe(final) if agreed and final is not None else None,
            levels=tuple(int(j) for j in final) if agreed and final is not None else None,
            utilities=self.mapping(end_u),
            disagreement=self.mapping(self.d),
            rounds=rounds,
            message=message,
            options=dict(options),
            nash=self.scenario.describe(nash) if nash is not None else None,
            nash_utilities=self.mapping(nash_u) if nash_u is not None else None,
            distance_to_nash=dist_nash,
            distance_to_frontier=dist_frontier,
            labels=self.labels,
        )

    def no_deal(self) -> str:
        return self.scenario.space.message or NO_DEAL

    def utilities_text(self, u: Array) -> str:
        return ", ".join(f"{self.names[k]} {x:.3f}" for k, x in zip(self.keys, u, strict=True))
