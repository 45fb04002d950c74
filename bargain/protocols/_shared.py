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

__all__ = [
    "Array",
    "Context",
    "Index",
    "RangeMax",
    "check_first",
    "check_rounds",
    "distances",
    "log_gains",
    "unit_scaled",
]

Array = NDArray[np.float64]
Index = NDArray[np.intp]

#: Magnitudes above ``2**_BIG_EXPONENT`` are scaled down before gains are formed (no overflow).
_BIG_EXPONENT = 1000


def _exponents(u: Array, d: Array, below: int) -> NDArray[np.int64]:
    """Per party, the power of two that brings every |utility| and |d| below ``2**below``."""
    scale = np.maximum(np.abs(u).max(axis=0, initial=0.0), np.abs(d))
    exponent: NDArray[np.int64] = np.frexp(scale)[1].astype(np.int64) - below
    return exponent


def log_gains(utilities: Array, disagreement: Array) -> Array:
    """``log(u - d)`` per row and party, without overflow or underflow; ``-inf`` where ``u <= d``.

    Products of gains are compared as sums of these logarithms, so the answer does not depend on
    the unit of the values (a scenario scaled by ``1e-200`` or ``1e200`` gives the same path).
    Gains that would overflow (``u - d`` beyond the largest float) are formed from both numbers
    scaled by the same power of two, and the power added back as a logarithm.

    Examples
    --------
    >>> log_gains(np.array([[1.0, 1e308]]), np.array([0.0, -1e308])).round(2)  # log(2e308)
    array([[  0.  , 709.89]])
    """
    u = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    exponent = np.maximum(_exponents(u.reshape(-1, d.shape[-1]), d, _BIG_EXPONENT), 0)
    g = np.ldexp(u, -exponent) - np.ldexp(d, -exponent)
    with np.errstate(divide="ignore"):
        out: Array = np.log(np.where(g > 0, g, 0.0)) + exponent * np.log(2.0)
    return out


def unit_scaled(utilities: Array, disagreement: Array) -> tuple[Array, Array]:
    """``(u, d)`` with each party's numbers divided by one power of two, the largest below 1.

    Gains are then below 2, so products of gains cannot overflow. A positive rescaling of a
    party's utilities changes none of the bargaining solutions (and a power of two changes no
    digit, except below the smallest normal float), so solvers may be given these instead.
    """
    u = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    exponent = _exponents(u.reshape(-1, d.shape[-1]), d, 0)
    return np.ldexp(u, -exponent), np.ldexp(d, -exponent)


def distances(points: Array, to: Array) -> Array:
    """Euclidean distance of each row of `points` to the point `to`, without overflow.

    Examples
    --------
    >>> d = distances(np.array([[1e308, 1e308], [3.0, 4.0]]), np.zeros(2))
    >>> round(float(d[0]) / 1e308, 12), round(float(d[1]), 12)  # sqrt(2) * 1e308, not inf
    (1.414213562373, 5.0)
    """
    p = np.asarray(points, dtype=np.float64)
    q = np.asarray(to, dtype=np.float64)
    half = p / 2 - q / 2  # cannot overflow
    scale = np.abs(half).max(axis=-1, initial=0.0)
    safe = np.where(scale > 0, scale, 1.0)
    with np.errstate(over="ignore"):
        out: Array = 2 * scale * np.linalg.norm(half / safe[..., None], axis=-1)
    return out


class RangeMax:
    """The last or first index of a range whose value exceeds a threshold, in ``O(sqrt(m))``.

    The values are cut into blocks whose maxima are kept, so a query scans one block maximum per
    block and two partial blocks, each as one numpy comparison: a concession protocol asks one
    query per round instead of comparing every row between the offers.

    Examples
    --------
    >>> r = RangeMax(np.array([3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0]), block=2)
    >>> r.last_above(0, 8, 4.5), r.first_above(0, 8, 3.5), r.last_above(0, 4, 5.0)
    (7, 2, -1)
    """

    def __init__(self, values: Array, block: int | None = None) -> None:
        self.values = np.asarray(values, dtype=np.float64)
        m = self.values.size
        self.block = block or max(32, int(np.sqrt(m)))
        n_blocks = -(-m // self.block)
        padded = np.full(n_blocks * self.block, -np.inf)
        padded[:m] = self.values
        self.block_max = padded.reshape(n_blocks, self.block).max(axis=1, initial=-np.inf)

    def last_above(self, lo: int, hi: int, threshold: float) -> int:
        """The largest ``r`` in ``[lo, hi)`` with ``values[r] > threshold``, or -1."""
        v, size = self.values, self.block
        if lo >= hi:
            return -1
        tail = max(lo, (hi - 1) // size * size)
        found = np.flatnonzero(v[tail:hi] > threshold)
        if found.size:
            return tail + int(found[-1])
        if tail <= lo:
            return -1
        first = -(-lo // size)
        blocks = np.flatnonzero(self.block_max[first : tail // size] > threshold)
        if blocks.size:
            j = (first + int(blocks[-1])) * size
            return j + int(np.flatnonzero(v[j : j + size] > threshold)[-1])
        found = np.flatnonzero(v[lo : first * size] > threshold)
        return lo + int(found[-1]) if found.size else -1

    def first_above(self, lo: int, hi: int, threshold: float) -> int:
        """The smallest ``r`` in ``[lo, hi)`` with ``values[r] > threshold``, or -1."""
        v, size = self.values, self.block
        if lo >= hi:
            return -1
        head = min(hi, (lo // size + 1) * size)
        found = np.flatnonzero(v[lo:head] > threshold)
        if found.size:
            return lo + int(found[0])
        if head >= hi:
            return -1
        last = (hi - 1) // size  # the block holding hi - 1: scanned last, partly
        blocks = np.flatnonzero(self.block_max[head // size : last] > threshold)
        if blocks.size:
            j = (head // size + int(blocks[0])) * size
            return j + int(np.flatnonzero(v[j : j + size] > threshold)[0])
        start = max(head, last * size)
        found = np.flatnonzero(v[start:hi] > threshold)
        return start + int(found[0]) if found.size else -1


def check_rounds(value: Any, default: int | None, *, maximum: int | None = None) -> int | None:
    """The ``rounds`` option: a whole number >= 1 (and <= `maximum`), or `default` if not given.

    Examples
    --------
    >>> check_rounds(10**12, 20, maximum=100_000)
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: rounds must be <= 100,000 (each round is a step of the path), \
found 1000000000000
    """
    if value is None:
        return default
    rounds = check_count(value, "rounds", minimum=1)
    if maximum is not None and rounds > maximum:
        raise ScenarioError(
            f"must be <= {maximum:,} (each round is a step of the path), found {rounds}",
            key="rounds",
        )
    return rounds


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
        # One offer dictionary and level tuple per distinct deal, shared by the steps offering
        # it: a long path repeats offers (the firm side's), and each is n_issues entries.
        self._offers: dict[bytes, tuple[dict[str, str], tuple[int, ...]]] = {}

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
        """Rounding tolerance in utility (relative to the largest utility: unit-free)."""
        return 1e-12 * float(np.abs(self.all_u).max(initial=0.0))

    def describe(self, levels: Index) -> dict[str, str]:
        """``{issue_key: level_name}`` of a deal the protocol reached (valid by construction)."""
        return self._offer(levels)[0]

    def _offer(self, levels: Index) -> tuple[dict[str, str], tuple[int, ...]]:
        key = np.asarray(levels, dtype=np.intp).tobytes()
        found = self._offers.get(key)
        if found is None:
            indices = tuple(np.asarray(levels).tolist())
            offer = {i.key: i.levels[j] for i, j in zip(self.scenario.issues, indices, strict=True)}
            found = self._offers[key] = (offer, indices)
        return found

    def mapping(self, values: Array) -> dict[str, float]:
        return {k: float(x) for k, x in zip(self.keys, values, strict=True)}

    def changes(self, before: Index | None, after: Index) -> tuple[Change, ...]:
        if before is None:
            return ()
        out = []
        for i in np.flatnonzero(np.asarray(before) != np.asarray(after)).tolist():
            a, b = int(before[i]), int(after[i])
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
        offer, indices = self._offer(levels)
        return Step(
            round=round_,
            proposer=self.keys[proposer] if proposer is not None else None,
            offer=offer,
            levels=indices,
            utilities=self.mapping(utilities),
            accepted=accepted,
            changes=changes,
            note=note,
            **extra,
        )

    def nash(self) -> Index | None:
        u, d = unit_scaled(self.all_u, self.d)  # gains of 1e308 - (-1e308) cannot overflow
        best, _ = choose("nash", u, self.all_deals, d)
        return None if best is None else self.all_deals[best]

    def frontier_distance(self, u_end: Array) -> float:
        above = np.all(self.all_u >= u_end - self.tol, axis=1)
        return float(distances(self.all_u[above], u_end).min(initial=np.inf))

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
                dist_nash = float(distances(u_end, nash_u))
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
