"""Slow, simple reference implementations: the oracles the tests compare the engine against.

Nothing in the engine calls these. Two families:

- **Brute force on the engine's arrays** (used by the benchmarks): enumerate every deal of a
  scenario's tables (in blocks, so memory stays bounded whatever the size of the space) and pick
  the best by a plain objective: the Nash bargaining solution (:func:`brute_force_nash`), or any
  objective (:func:`brute_force_best`). Functions here work on plain arrays: ``tables`` is a
  sequence of ``(n_levels_i, n_parties)`` arrays and ``disagreement`` a ``(n_parties,)`` array.
  Deals are numbered in C order over the level indices (the first issue most significant), which
  is also the lexicographic order of the level vectors.
- **Independent oracles** (used by the tests): they read the *raw* scenario data (each party's
  values, weights, disagreement utility and power) and share no code with the engine (nothing
  from :mod:`bargain.frontier`, :mod:`bargain.solutions`, nor ``Scenario.tables`` or
  ``Scenario.utilities``). :func:`deal_utilities` sums ``weight * value`` issue by issue in plain
  Python; :func:`pareto_set` filters every deal by the definition of dominance, comparing all
  pairs; :func:`oracle_solution` applies the definition of each solution concept to every deal in
  exact rational arithmetic (:class:`fractions.Fraction` on the floats), so ties are exact; the
  lottery oracles solve linear programs formulated here (:func:`lottery_max_min`,
  :func:`lottery_ideal`) and bound the Nash product of every lottery from above by convex
  duality (:func:`nash_lottery_bound`), so optimality is checked, not only a lower bound.
- **References for many parties** (used by the branch-and-bound tests):
  :func:`solution_reference` applies every method's definition and the tie rule to a plain list
  of every deal's utilities, and :func:`lottery_gap` checks a Nash lottery's optimality against
  every deal; both are plain Python and use nothing from :mod:`bargain.solutions`;
  :func:`ray_lottery_reference` and :func:`ideal_lottery_reference` solve the egalitarian and
  Kalai-Smorodinsky lotteries as linear programs over every deal; :func:`brute_force_solution`
  applies every method to every deal for the benchmarks.

Examples
--------
>>> import numpy as np
>>> tables = [np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[0.0, 1.0], [0.6, 0.6]])]
>>> brute_force_nash(tables, np.zeros(2))
(array([1, 0]), 1.0)
>>> from bargain import Issue, Party, Scenario
>>> split = Issue("split", "", ["A", "half", "B"])
>>> cake = Scenario(
...     name="cake",
...     issues=[split],
...     parties=[
...         Party("a", "", values={"split": [1.0, 0.5, 0.0]}),
...         Party("b", "", values={"split": [0.0, 0.5, 1.0]}),
...     ],
... )
>>> oracle_solution(cake, "nash").chosen
(1,)
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

import numpy as np
from numpy.typing import NDArray

from bargain._optional import scipy_optimize
from bargain.errors import BargainError
from bargain.frontier.enumerate import combination_table, split_point
from bargain.frontier.pareto import pareto_indices
from bargain.model.scenario import Scenario
from bargain.solutions.concepts import choose

__all__ = [
    "BLOCK_BYTES",
    "MAX_DEALS",
    "ORACLE_MAX_DEALS",
    "ORACLE_METHODS",
    "REFERENCE_METHODS",
    "REFERENCE_TIE",
    "OracleSolution",
    "brute_force_best",
    "brute_force_nash",
    "brute_force_solution",
    "check_size",
    "criterion",
    "deal_utilities",
    "dominates",
    "every_deal",
    "ideal_lottery_reference",
    "iter_blocks",
    "lottery_gap",
    "lottery_ideal",
    "lottery_max_min",
    "nash_lottery_bound",
    "nash_objective",
    "oracle_solution",
    "pareto_optimal",
    "pareto_set",
    "ray_lottery_reference",
    "solution_reference",
]

#: Bytes of utilities formed per block (fits the L2 cache of common CPUs).
BLOCK_BYTES = 512 * 1024
#: The largest deal space brute force accepts (a few minutes at ~5e8 deals/s).
MAX_DEALS = 10**11
_DEALS_PER_SECOND = 5e8

Array = NDArray[np.float64]
Objective = Callable[[Array], Array]


def check_size(shape: Sequence[int]) -> int:
    """Number of deals, or BargainError if brute force over them would run too long."""
    n = math.prod(shape)
    if n > MAX_DEALS:
        hours = n / _DEALS_PER_SECOND / 3600
        raise BargainError(
            f"brute force over {n:.3g} deals would take about {hours:.3g} hours "
            f"(limit {MAX_DEALS:.0e} deals); use the exact frontier engine instead"
        )
    return n


def iter_blocks(
    tables: Sequence[Array], *, block_bytes: int = BLOCK_BYTES
) -> Iterator[tuple[int, int, int, int, int, Array]]:
    """Yield the utilities of all deals, block by block.

    Yields
    ------
    a0, a1, b0, b1, n_right, block
        ``block[x, y]`` (shape ``(a1 - a0, b1 - b0, n_parties)``) holds the utilities of deal
        number ``(a0 + x) * n_right + (b0 + y)``.
    """
    shape = [t.shape[0] for t in tables]
    check_size(shape)
    n_parties = tables[0].shape[1]
    h = split_point(shape)
    left = combination_table(tables[:h], n_parties)
    right = combination_table(tables[h:], n_parties)
    n_left, n_right = left.shape[0], right.shape[0]
    row_bytes = 8 * n_parties
    cols = max(1, min(n_right, block_bytes // row_bytes))
    rows = max(1, min(n_left, block_bytes // (row_bytes * cols)))
    for a0 in range(0, n_left, rows):
        a1 = min(a0 + rows, n_left)
        for b0 in range(0, n_right, cols):
            b1 = min(b0 + cols, n_right)
            yield a0, a1, b0, b1, n_right, left[a0:a1, None, :] + right[None, b0:b1, :]


def brute_force_best(
    tables: Sequence[Array], objective: Objective, *, block_bytes: int = BLOCK_BYTES
) -> tuple[NDArray[np.intp] | None, float]:
    """The deal that maximises `objective`, by enumeration.

    Parameters
    ----------
    tables
        Per issue, ``(n_levels, n_parties)`` utilities.
    objective
        Maps utilities ``(..., n_parties)`` to scores ``(...)``; ``-inf`` marks an excluded deal.
    block_bytes
        Size of the blocks of utilities formed at once.

    Returns
    -------
    deal, score
        The level indices of the best deal (``None`` when every deal scores ``-inf``) and its score.
        Ties are broken towards the lexicographically smallest level vector.
    """
    shape = tuple(t.shape[0] for t in tables)
    best_index, best_score = -1, -math.inf
    for a0, _a1, b0, _b1, n_right, block in iter_blocks(tables, block_bytes=block_bytes):
        scores = objective(block)
        flat = int(np.argmax(scores))
        score = float(scores.flat[flat])
        if score == -math.inf:
            continue
        x, y = divmod(flat, scores.shape[1])
        index = (a0 + x) * n_right + (b0 + y)
        if score > best_score or (score == best_score and index < best_index):
            best_index, best_score = index, score
    if best_index < 0:
        return None, -math.inf
    return np.array(np.unravel_index(best_index, shape), dtype=np.intp), best_score


def nash_objective(disagreement: Array, powers: Array | None = None) -> Objective:
    """The (weighted) Nash product of gains, ``-inf`` unless every party gains strictly.

    Irrational deals are masked *before* the product, so two losses never multiply into a gain.
    With `powers`, the product of ``gain_i ** powers[i]``.
    """
    d = np.asarray(disagreement, dtype=np.float64)
    p = None if powers is None else np.asarray(powers, dtype=np.float64)

    def objective(utilities: Array) -> Array:
        gains = utilities - d
        rational = np.all(gains > 0, axis=-1)
        if p is not None:
            gains = np.abs(gains) ** p
        return np.where(rational, np.prod(gains, axis=-1), -np.inf)

    return objective


def _nash2(
    tables: Sequence[Array], d: Array, block_bytes: int
) -> tuple[NDArray[np.intp] | None, float]:
    """Two parties: the Nash deal with one add, one add, one multiply and one argmax per deal.

    The left half's gains ``left - d`` are precomputed (so a deal's gain is ``left_gain + right``,
    rounded once). The right half is sorted by party 0's utility and the left half by the first
    column where party 0 gains, so the deals where party 0 does not gain form a staircase that is
    skipped block by block (and masked on the few rows that cross a block). Where party 0 gains
    and party 1 does not, the product is ``<= 0`` and loses to any rational deal; a maximum
    ``<= 0`` therefore means no rational deal.
    """
    shape = [t.shape[0] for t in tables]
    h = split_point(shape)
    left = combination_table(tables[:h], 2)
    right = combination_table(tables[h:], 2)
    n_right = right.shape[0]
    r_order = np.argsort(right[:, 0], kind="stable")
    r0 = np.ascontiguousarray(right[r_order, 0])
    r1 = np.ascontiguousarray(right[r_order, 1])
    g0_all = left[:, 0] - d[0]
    start_all = np.searchsorted(r0, -g0_all, side="right")
    l_order = np.argsort(start_all, kind="stable")
    start = start_all[l_order]
    g0 = np.ascontiguousarray(g0_all[l_order])
    g1 = np.ascontiguousarray(left[l_order, 1] - d[1])
    n_rows = int(np.searchsorted(start, n_right, side="left"))  # rows with some gain for party 0
    cells = max(1, block_bytes // 8)
    buf0 = np.empty(cells)
    buf1 = np.empty(cells)
    best_score, best_index = 0.0, -1
    a0 = 0
    while a0 < n_rows:
        c_lo = int(start[a0])
        cols = min(n_right - c_lo, cells)
        rows = max(1, min(n_rows - a0, cells // cols))
        a1 = a0 + rows
        for b0 in range(c_lo, n_right, cols):
            b1 = min(b0 + cols, n_right)
            # Rows whose first gaining column is at or beyond b1 have nothing here.
            r_hi = a0 + int(np.searchsorted(start[a0:a1], b1, side="left"))
            if r_hi == a0:
                break
            nr, nc = r_hi - a0, b1 - b0
            x = buf0[: nr * nc].reshape(nr, nc)
            y = buf1[: nr * nc].reshape(nr, nc)
            np.add(g0[a0:r_hi, None], r0[None, b0:b1], out=x)
            np.add(g1[a0:r_hi, None], r1[None, b0:b1], out=y)
            np.multiply(x, y, out=x)
            r_mid = a0 + int(np.searchsorted(start[a0:r_hi], b0, side="right"))
            if r_mid < r_hi:  # rows that start gaining inside this block
                cut = start[r_mid:r_hi, None] > np.arange(b0, b1)[None, :]
                np.putmask(x[r_mid - a0 :], cut, -np.inf)
            flat = int(np.argmax(x))
            score = float(x.flat[flat])
            if score > 0 and score >= best_score:
                rr, cc = np.divmod(np.flatnonzero(x == score), nc)
                index = int((l_order[a0 + rr] * n_right + r_order[b0 + cc]).min())
                if score > best_score or index < best_index:
                    best_score, best_index = score, index
        a0 = a1
    if best_index < 0:
        return None, -math.inf
    return np.array(np.unravel_index(best_index, shape), dtype=np.intp), best_score


def brute_force_nash(
    tables: Sequence[Array],
    disagreement: Array,
    *,
    powers: Array | None = None,
    block_bytes: int = BLOCK_BYTES,
) -> tuple[NDArray[np.intp] | None, float]:
    """The Nash bargaining deal over individually rational deals, by enumeration.

    Returns the deal's level indices and its Nash product (with `powers`, the product of
    ``gain_i ** powers[i]``), or ``(None, -inf)`` when no deal gives every party strictly more
    than its disagreement utility. Ties go to the lexicographically smallest level vector.
    Two parties without powers take a specialised path (about 5e8 deals/s on one core); gains are
    then rounded as ``(left - d) + right``, which may differ in the last bit from
    ``utilities - d``.
    """
    d = np.asarray(disagreement, dtype=np.float64)
    check_size([t.shape[0] for t in tables])
    if powers is None and tables and tables[0].shape[1] == 2:
        return _nash2(tables, d, block_bytes)
    return brute_force_best(tables, nash_objective(d, powers), block_bytes=block_bytes)


# =============================================================================== oracles
# Everything below reads only the raw data of the model (values, weights, disagreement, power)
# and uses no engine code: no tables, no Scenario.utilities, nothing from bargain.frontier or
# bargain.solutions.

#: The largest deal space the independent oracles enumerate (they are plain Python).
ORACLE_MAX_DEALS = 50_000
#: The solution concepts :func:`oracle_solution` knows, by their definitions.
ORACLE_METHODS = ("nash", "asymmetric-nash", "kalai-smorodinsky", "egalitarian", "utilitarian")

Deal = tuple[int, ...]
Vector = tuple[float, ...]


def every_deal(scenario: Scenario) -> list[Deal]:
    """Every deal (one level index per issue), in lexicographic order.

    Examples
    --------
    >>> from bargain import load_scenario
    >>> every_deal(load_scenario("russia-nato-2022"))[:2]
    [(0, 0, 0, 0, 0, 0, 0, 0), (0, 0, 0, 0, 0, 0, 0, 1)]
    """
    n = math.prod(len(issue.levels) for issue in scenario.issues)
    if n > ORACLE_MAX_DEALS:
        raise BargainError(
            f"the oracles enumerate at most {ORACLE_MAX_DEALS:,} deals; this space has {n:,}"
        )
    return list(itertools.product(*(range(len(issue.levels)) for issue in scenario.issues)))


def deal_utilities(scenario: Scenario, deal: Sequence[int]) -> Vector:
    """Each party's utility of `deal`, from the raw values and weights.

    ``u_p = sum_i weight[p][i] * values[p][i][deal[i]]`` in plain Python floats, issue by issue,
    first to last: the definition of the model, in the order the model documents, so a correct
    engine gives the same floats bit for bit.

    Examples
    --------
    >>> from bargain import Issue, Party, Scenario
    >>> s = Scenario(
    ...     name="x",
    ...     issues=[Issue("a", levels=["0", "1"]), Issue("b", levels=["0", "1"])],
    ...     parties=[
    ...         Party("p", "", values={"a": [0, 1], "b": [0, 2]}, weights={"b": 0.5}),
    ...         Party("q", "", values={"a": [3, 0], "b": [1, 0]}),
    ...     ],
    ... )
    >>> deal_utilities(s, (1, 1))
    (2.0, 0.0)
    """
    out = []
    for party in scenario.parties:
        total = 0.0
        for issue, level in zip(scenario.issues, deal, strict=True):
            weight = float(party.weights.get(issue.key, 1.0))
            total += weight * float(party.values[issue.key][level])
        out.append(total)
    return tuple(out)


def dominates(a: Sequence[float], b: Sequence[float]) -> bool:
    """Whether `a` Pareto-dominates `b`: at least as good for everyone, better for someone.

    Examples
    --------
    >>> dominates((1.0, 2.0), (1.0, 1.0)), dominates((1.0, 1.0), (1.0, 1.0))
    (True, False)
    """
    pairs = list(zip(a, b, strict=True))
    return all(x >= y for x, y in pairs) and any(x > y for x, y in pairs)


def pareto_optimal(points: Sequence[Sequence[float]]) -> list[bool]:
    """For each point: does no point of `points` dominate it? Every pair is compared.

    Examples
    --------
    >>> pareto_optimal([(1.0, 0.0), (0.0, 1.0), (0.0, 0.5), (1.0, 0.0)])
    [True, True, False, True]
    """
    pts = np.asarray(points, dtype=np.float64)
    out = []
    for p in pts:
        ge = np.all(pts >= p, axis=1)
        gt = np.any(pts > p, axis=1)
        out.append(not bool(np.any(ge & gt)))
    return out


def pareto_set(scenario: Scenario) -> dict[Vector, list[Deal]]:
    """Each Pareto-optimal utility vector -> every deal reaching it (lexicographic order).

    Vectors are listed in increasing lexicographic order.

    Examples
    --------
    >>> from bargain import Issue, Party, Scenario
    >>> s = Scenario(
    ...     name="x",
    ...     issues=[Issue("a", levels=["0", "1", "2"])],
    ...     parties=[
    ...         Party("p", "", values={"a": [0, 1, 0]}),
    ...         Party("q", "", values={"a": [1, 0, 0]}),
    ...     ],
    ... )
    >>> pareto_set(s)
    {(0.0, 1.0): [(0,)], (1.0, 0.0): [(1,)]}
    """
    reach: dict[Vector, list[Deal]] = {}
    for deal in every_deal(scenario):
        reach.setdefault(deal_utilities(scenario, deal), []).append(deal)
    vectors = sorted(reach)
    keep = pareto_optimal(vectors) if vectors else []
    return {v: reach[v] for v, ok in zip(vectors, keep, strict=True) if ok}


def _disagreement(scenario: Scenario, disagreement: Sequence[float] | None) -> Vector:
    if disagreement is None:
        return tuple(float(p.disagreement) for p in scenario.parties)
    return tuple(float(x) for x in disagreement)


def _powers(scenario: Scenario, method: str, powers: Sequence[float] | None) -> Vector:
    if method != "asymmetric-nash":
        return tuple(1.0 for _ in scenario.parties)
    if powers is None:
        return tuple(float(p.power) for p in scenario.parties)
    return tuple(float(x) for x in powers)


def _integer_exponents(powers: Sequence[float]) -> tuple[int, ...] | None:
    """``powers * D`` as integers for the smallest ``D <= 64`` that makes them so, else None."""
    fractions = [Fraction(p) for p in powers]
    d = math.lcm(*(f.denominator for f in fractions))
    if d > 64:
        return None
    return tuple(int(f * d) for f in fractions)


def criterion(
    method: str,
    gains: Sequence[Fraction],
    *,
    ideal: Sequence[Fraction] | None = None,
    powers: Sequence[float] | None = None,
) -> object:
    """The value `method` maximises for a deal with (positive, exact) `gains`.

    ``"nash"``: the product of the gains; ``"asymmetric-nash"``: the product of
    ``gain_i ** powers[i]``, exactly as ``prod(gain_i ** (powers[i] * D))`` when the powers are
    fractions with a common denominator ``D <= 64`` (an increasing transform), else the float
    ``sum(powers[i] * log(gain_i))``; ``"utilitarian"``: the sum of the gains;
    ``"egalitarian"``: the gains sorted ascending (a tuple, compared lexicographically: leximin);
    ``"kalai-smorodinsky"``: the ratios ``gain_i / ideal_i`` sorted ascending. Larger is better.

    Examples
    --------
    >>> from fractions import Fraction as F
    >>> criterion("egalitarian", [F(3), F(1), F(2)])
    (Fraction(1, 1), Fraction(2, 1), Fraction(3, 1))
    >>> criterion("asymmetric-nash", [F(4), F(9)], powers=[0.5, 1.0])
    Fraction(324, 1)
    """
    g = [Fraction(x) for x in gains]
    if method == "nash":
        return math.prod(g, start=Fraction(1))
    if method == "asymmetric-nash":
        p = [1.0] * len(g) if powers is None else list(powers)
        exps = _integer_exponents(p)
        if exps is None:
            return math.fsum(pi * math.log(gi) for pi, gi in zip(p, g, strict=True))
        return math.prod((gi**e for gi, e in zip(g, exps, strict=True)), start=Fraction(1))
    if method == "utilitarian":
        return sum(g, start=Fraction(0))
    if method == "egalitarian":
        return tuple(sorted(g))
    if method == "kalai-smorodinsky":
        if ideal is None:
            raise ValueError("kalai-smorodinsky needs the ideal gains")
        return tuple(sorted(gi / Fraction(ii) for gi, ii in zip(g, ideal, strict=True)))
    raise ValueError(f"unknown method {method!r}; expected one of {ORACLE_METHODS}")


@dataclass(frozen=True, slots=True)
class OracleSolution:
    """The optimum of a solution concept over every deal, by definition.

    Attributes
    ----------
    method
        The solution concept.
    optimal
        Every deal attaining the optimum, in lexicographic order (empty: no individually
        rational deal).
    value
        The optimal criterion (see :func:`criterion`), ``None`` without agreement.
    exact
        Whether values were compared exactly (``False`` only for asymmetric Nash with powers
        that are not small fractions: then ``optimal`` holds the single float maximiser).
    utilities
        Each optimal deal's utilities.
    ideal
        The ideal gains (Kalai-Smorodinsky), else ``None``.
    """

    method: str
    optimal: tuple[Deal, ...]
    value: object
    exact: bool
    utilities: Mapping[Deal, Vector] = field(default_factory=dict)
    ideal: tuple[Fraction, ...] | None = None

    @property
    def agreement(self) -> bool:
        """Whether some deal is individually rational."""
        return bool(self.optimal)

    @property
    def chosen(self) -> Deal | None:
        """The deal the tie rule picks: the lexicographically smallest optimal deal."""
        return self.optimal[0] if self.optimal else None

    @property
    def ties(self) -> tuple[Deal, ...]:
        """The smallest deal of each other optimal utility vector, in lexicographic order."""
        if not self.optimal:
            return ()
        first: dict[Vector, Deal] = {}
        for deal in self.optimal:
            first.setdefault(self.utilities[deal], deal)
        chosen = self.optimal[0]
        return tuple(sorted(d for v, d in first.items() if d != chosen))


def oracle_solution(
    scenario: Scenario,
    method: str,
    *,
    disagreement: Sequence[float] | None = None,
    powers: Sequence[float] | None = None,
) -> OracleSolution:
    """The solution `method` picks among every deal, by the definition of the method.

    Only individually rational deals count (every party strictly above its disagreement
    utility). Gains are the exact differences of the floats (:class:`fractions.Fraction`), the
    criterion is :func:`criterion`; for Kalai-Smorodinsky the ideal gain of each party is its
    largest gain over the individually rational deals. The tie rule: the lexicographically
    smallest optimal deal is chosen (:attr:`OracleSolution.chosen`).

    Parameters
    ----------
    scenario
        At most :data:`ORACLE_MAX_DEALS` deals.
    method
        One of :data:`ORACLE_METHODS`.
    disagreement, powers
        One number per party; by default the parties' own (powers: ``"asymmetric-nash"`` only,
        all 1 otherwise).

    Examples
    --------
    >>> from bargain import Issue, Party, Scenario
    >>> s = Scenario(
    ...     name="x",
    ...     issues=[Issue("a", levels=["0", "1", "2", "3"])],
    ...     parties=[
    ...         Party("p", "", values={"a": [1, 2, 3, 4]}),
    ...         Party("q", "", values={"a": [4, 3, 2, 1]}),
    ...     ],
    ... )
    >>> sol = oracle_solution(s, "nash")
    >>> sol.optimal, sol.value, sol.ties
    (((1,), (2,)), Fraction(6, 1), ((2,),))
    """
    if method not in ORACLE_METHODS:
        raise ValueError(f"unknown method {method!r}; expected one of {ORACLE_METHODS}")
    d = _disagreement(scenario, disagreement)
    p = _powers(scenario, method, powers)
    exact = method != "asymmetric-nash" or _integer_exponents(p) is not None
    rational: list[tuple[Deal, Vector, tuple[Fraction, ...]]] = []
    for deal in every_deal(scenario):
        u = deal_utilities(scenario, deal)
        if all(ui > di for ui, di in zip(u, d, strict=True)):
            gains = tuple(Fraction(ui) - Fraction(di) for ui, di in zip(u, d, strict=True))
            rational.append((deal, u, gains))
    if not rational:
        return OracleSolution(method, (), None, exact)
    ideal = None
    if method == "kalai-smorodinsky":
        ideal = tuple(max(g[i] for _, _, g in rational) for i in range(len(d)))
    values = [criterion(method, g, ideal=ideal, powers=p) for _, _, g in rational]
    best = max(values)  # type: ignore[type-var]
    optimal = [(deal, u) for (deal, u, _), v in zip(rational, values, strict=True) if v == best]
    if not exact:
        optimal = optimal[:1]
    return OracleSolution(
        method,
        tuple(deal for deal, _ in optimal),
        best,
        exact,
        dict(optimal),
        ideal,
    )


# ------------------------------------------------------------------------------ lotteries
def _gain_points(
    scenario: Scenario, disagreement: Sequence[float] | None
) -> tuple[Array, Array] | None:
    """The gains of the Pareto-optimal deals (enough for every monotone lottery problem).

    Returned divided by each party's largest absolute gain, with those scales: the linear
    programs below are unchanged by a positive scale per party, and solvers' absolute
    tolerances then mean the same for every party.
    """
    d = _disagreement(scenario, disagreement)
    front = pareto_set(scenario)
    if not front:
        return None
    g = np.array(list(front), dtype=np.float64) - np.array(d)
    scale = np.abs(g).max(axis=0)
    scale[scale == 0] = 1.0
    return g / scale, scale


def lottery_max_min(
    scenario: Scenario,
    direction: Sequence[float],
    *,
    disagreement: Sequence[float] | None = None,
) -> tuple[float, float, Array] | None:
    """The lottery whose expected gains go furthest along `direction`, by two linear programs.

    First the largest ``t`` such that some lottery's expected gains are all at least
    ``t * direction[i]``, solved as its dual zero-sum game (``min`` over weights ``mu`` on the
    parties of ``max`` over deals of ``sum_i mu_i gain_i / direction_i``); then the largest total
    expected gain of a lottery reaching ``t * (1 - 1e-9)``. ``direction`` all ones gives the
    egalitarian lottery, the ideal gains (:func:`lottery_ideal`) the Kalai-Smorodinsky one.

    Returns
    -------
    (t, total, gains) or None
        ``t``, the total expected gain at ``t`` and the expected gains of that lottery; ``None``
        when no lottery is individually rational (``t <= 0``). A single deal is a lottery too:
        ``t`` is at least the best single deal's, which the linear program's tolerances may not
        see when one party's gains are tiny beside another's; when the second stage cannot
        reach ``t`` within ``1e-6`` (relative) that deal is returned.

    Examples
    --------
    >>> from bargain import Issue, Party, Scenario
    >>> s = Scenario(
    ...     name="x",
    ...     issues=[Issue("a", levels=["0", "1"])],
    ...     parties=[Party("p", "", values={"a": [1, 0]}), Party("q", "", values={"a": [0, 1]})],
    ... )
    >>> t, total, gains = lottery_max_min(s, [1.0, 1.0])
    >>> round(t, 6), round(total, 6), np.round(gains, 6).tolist()  # linear programs: 1e-9
    (0.5, 1.0, [0.5, 0.5])
    """
    found = _gain_points(scenario, disagreement)
    if found is None:
        return None
    g, scale = found
    m, k = g.shape
    r = g / (np.asarray(direction, dtype=np.float64) / scale)
    opt = scipy_optimize()
    # Dual: variables (mu_1..mu_k, s): minimise s, r_j . mu <= s for every deal j, sum mu = 1.
    res = opt.linprog(
        np.r_[np.zeros(k), 1.0],
        A_ub=np.hstack([r, -np.ones((m, 1))]),
        b_ub=np.zeros(m),
        A_eq=np.r_[np.ones(k), 0.0][None, :],
        b_eq=[1.0],
        bounds=[(0.0, None)] * k + [(None, None)],
        method="highs",
    )
    if res.status != 0:
        raise BargainError(f"the oracle's max-min LP failed: {res.message}")
    t = float(res.fun)
    # A single deal is a lottery too: the LP's absolute tolerances cannot see a party whose
    # gains are 1e-10 of another's, the deals themselves can.
    pure = r.min(axis=1)
    best = int(np.argmax(pure))
    t = max(t, float(pure[best]))
    if t <= 0:
        return None
    # Primal, second stage: maximise the total gain over lotteries with r . lam >= t (1 - 1e-9).
    res = opt.linprog(
        -(g * scale).sum(axis=1),
        A_ub=-r.T,
        b_ub=-np.full(k, t * (1 - 1e-9)),
        A_eq=np.ones((1, m)),
        b_eq=[1.0],
        bounds=[(0.0, None)] * m,
        method="highs",
    )
    x = g[best] * scale
    if res.status == 0:
        lam = np.asarray(res.x, dtype=np.float64)
        if (r.T @ lam).min() >= t * (1 - 1e-6):  # else the LP's tolerances were too coarse
            x = lam @ (g * scale)
    return t, float(x.sum()), x


def _best_expected_gain(g: Array, i: int) -> float | None:
    """Party `i`'s largest expected gain over lotteries on gains `g`, ``None`` if the LP fails.

    A linear program over the probabilities of the rows of `g` ``(m, k)``, with no party's
    expected gain below 0.
    """
    m, k = g.shape
    res = scipy_optimize().linprog(
        -g[:, i],
        A_ub=-g.T,
        b_ub=np.zeros(k),
        A_eq=np.ones((1, m)),
        b_eq=[1.0],
        bounds=[(0.0, None)] * m,
        method="highs",
    )
    return -float(res.fun) if res.status == 0 else None


def lottery_ideal(
    scenario: Scenario, *, disagreement: Sequence[float] | None = None
) -> Array | None:
    """Each party's largest expected gain over lotteries that leave no party below disagreement.

    One linear program per party (maximise its expected gain subject to every expected gain
    ``>= 0``); ``None`` when some party cannot gain at all (beyond ``1e-9`` times its own largest
    absolute gain: rounding).

    Examples
    --------
    >>> from bargain import Issue, Party, Scenario
    >>> s = Scenario(
    ...     name="x",
    ...     issues=[Issue("a", levels=["0", "1"])],
    ...     parties=[Party("p", "", values={"a": [2, 0]}), Party("q", "", values={"a": [0, 1]})],
    ... )
    >>> lottery_ideal(s).tolist()
    [2.0, 1.0]
    """
    found = _gain_points(scenario, disagreement)
    if found is None:
        return None
    g, scale = found
    k = g.shape[1]
    out = np.empty(k)
    for i in range(k):
        best = _best_expected_gain(g, i)
        if best is None:
            return None
        out[i] = best
    # A party whose best is within rounding of nothing (its gains are scaled to at most 1)
    # cannot gain: no ideal point.
    return out * scale if bool(np.all(out > 1e-9)) else None


def nash_lottery_bound(
    scenario: Scenario,
    *,
    disagreement: Sequence[float] | None = None,
    powers: Sequence[float] | None = None,
) -> float | None:
    """An upper bound on ``sum_i p_i log(gain_i)`` over every lottery, tight at the optimum.

    Convex duality: for any weights ``w > 0`` on the parties, every lottery with expected gains
    ``x > 0`` satisfies ``sum_i p_i log x_i <= max_j w . g_j + sum_i p_i (log(p_i / w_i) - 1)``,
    the maximum over the deals ``j`` (since ``p_i log x_i - w_i x_i <= p_i log(p_i / w_i) - p_i``
    and ``w . x <= max_j w . g_j``). The bound is minimised over ``w`` (SLSQP on the epigraph
    form, from the weights ``p / x`` of the best individually rational deal or max-min lottery);
    whatever the minimiser returns, the value reported is recomputed from its ``w`` and so is
    a valid bound. At the optimal lottery the bound is attained, so a lottery whose value is
    within rounding of it is optimal.

    Returns ``None`` when no lottery is individually rational.

    Examples
    --------
    >>> from bargain import Issue, Party, Scenario
    >>> s = Scenario(
    ...     name="x",
    ...     issues=[Issue("a", levels=["0", "1"])],
    ...     parties=[Party("p", "", values={"a": [1, 0]}), Party("q", "", values={"a": [0, 1]})],
    ... )
    >>> round(nash_lottery_bound(s), 9) == round(2 * math.log(0.5), 9)
    True
    """
    found = _gain_points(scenario, disagreement)
    if found is None:
        return None
    g, gain_scale = found
    k = g.shape[1]
    p = np.asarray([1.0] * k if powers is None else [float(x) for x in powers], dtype=np.float64)
    # Start from the lottery that is best for the worst-off party, each party's gains in units
    # of its largest gain (the direction of the scales).
    start = lottery_max_min(scenario, gain_scale.tolist(), disagreement=disagreement)
    if start is None:
        return None
    x0 = np.asarray(start[2], dtype=np.float64) / gain_scale
    rational = np.all(g > 0, axis=1)
    if rational.any():
        scores = np.log(g[rational]) @ p
        if scores.max() > p @ np.log(np.maximum(x0, 1e-300)):
            x0 = g[rational][int(np.argmax(scores))]
    x0 = np.maximum(x0, 1e-300)

    def bound(w: Array) -> float:
        return float((g @ w).max() + p @ (np.log(p / w) - 1.0))

    w0 = p / x0
    scale = float(w0.max())
    # Epigraph form in scaled weights v = w / scale: minimise t - p . log v subject to
    # t >= g_j . v * scale for every deal j (smooth, convex, linear constraints).
    gs = g * scale

    def objective(z: Array) -> tuple[float, Array]:
        v, t = z[:k], z[k]
        grad = np.r_[-p / v, 1.0]
        return float(t - p @ np.log(v)), grad

    z = np.r_[w0 / scale, float((gs @ (w0 / scale)).max())]
    best = bound(w0)
    for _ in range(2):  # a restart from the first answer polishes it
        res = scipy_optimize().minimize(
            objective,
            z,
            jac=True,
            method="SLSQP",
            bounds=[(1e-12, None)] * k + [(None, None)],
            constraints=[
                {
                    "type": "ineq",
                    "fun": lambda z: z[k] - gs @ z[:k],
                    "jac": lambda z: np.hstack([-gs, np.ones((gs.shape[0], 1))]),
                }
            ],
            options={"ftol": 1e-15, "maxiter": 1000},
        )
        v = np.asarray(res.x[:k], dtype=np.float64)
        if not (np.all(v > 0) and np.all(np.isfinite(v))):
            break
        best = min(best, bound(v * scale))
        z = np.r_[v, float((gs @ v).max())]
    return best + float(p @ np.log(gain_scale))  # undo the scaling of the gains


# --------------------------------------------------------------------------------------------
# References for the exact solutions of any number of parties (every method, ties, lotteries).
# Plain Python over a list of every deal's utilities: slow, and independent of the engine
# (nothing from bargain.solutions is used).
# --------------------------------------------------------------------------------------------

#: The tie tolerance of the references (the documented rule of bargain.solutions.concepts).
REFERENCE_TIE = 1e-12
#: Methods the references know.
REFERENCE_METHODS = ("nash", "asymmetric-nash", "kalai-smorodinsky", "egalitarian", "utilitarian")

Point = tuple[float, ...]


def _dominates(a: Point, b: Point) -> bool:
    return all(x >= y for x, y in zip(a, b, strict=True)) and a != b


def _criteria(
    method: str, gains: Point, powers: Sequence[float], ideal: Point | None
) -> tuple[float, ...]:
    """A deal's criteria: one score, or the sorted leximin vector."""
    if method == "nash":
        return (math.fsum(math.log(g) for g in gains),)
    if method == "asymmetric-nash":
        top = max(powers)
        return (math.fsum(p / top * math.log(g) for p, g in zip(powers, gains, strict=True)),)
    if method == "utilitarian":
        return (math.fsum(gains),)
    if method == "egalitarian":
        return tuple(sorted(gains))
    if method == "kalai-smorodinsky":
        assert ideal is not None
        return tuple(sorted(g / i for g, i in zip(gains, ideal, strict=True)))
    raise ValueError(f"unknown method {method!r}; expected one of {REFERENCE_METHODS}")


def _tied(method: str, scores: dict[int, tuple[float, ...]]) -> list[int]:
    """Rows tied with the best, level by level (absolute on logarithms, else relative)."""
    rows = list(scores)
    absolute = method in ("nash", "asymmetric-nash")
    for level in range(len(next(iter(scores.values())))):
        top = max(scores[r][level] for r in rows)
        slack = REFERENCE_TIE * (1.0 if absolute else abs(top))
        rows = [r for r in rows if scores[r][level] >= top - slack]
    return rows


def solution_reference(
    method: str,
    utilities: Sequence[Sequence[float]],
    disagreement: Sequence[float],
    powers: Sequence[float] | None = None,
) -> tuple[int | None, list[int]]:
    """The deal `method` chooses and the deals tied with it, straight from the definitions.

    Parameters
    ----------
    method
        One of :data:`REFERENCE_METHODS`.
    utilities
        Every deal's utilities, in lexicographic order of the deals (row ``r`` is deal ``r``).
    disagreement, powers
        One number per party (`powers` for ``"asymmetric-nash"``, default all 1).

    Returns
    -------
    best, ties
        The chosen row (None when no deal gives every party strictly more than its
        disagreement utility) and the other optimal rows, in order. The rules: only rational,
        Pareto-optimal deals count, one per utility vector (the first row reaching it); scores
        within :data:`REFERENCE_TIE` of the best tie (absolutely for the logarithms of the Nash
        methods, relatively otherwise, level by level for the leximin methods); the first tied
        row is chosen.

    Examples
    --------
    >>> solution_reference("nash", [(1.0, 2.0, 3.0), (3.0, 2.0, 1.0), (1.0, 1.0, 1.0)], (0, 0, 0))
    (0, [1])
    """
    d = tuple(float(x) for x in disagreement)
    p = [1.0] * len(d) if powers is None else [float(x) for x in powers]
    points = [tuple(float(x) for x in row) for row in utilities]
    rational = [r for r, u in enumerate(points) if all(x > y for x, y in zip(u, d, strict=True))]
    if not rational:
        return None, []
    first: dict[Point, int] = {}
    for r in rational:
        first.setdefault(points[r], r)
    frontier = [r for u, r in first.items() if not any(_dominates(v, u) for v in first)]
    gains = {r: tuple(x - y for x, y in zip(points[r], d, strict=True)) for r in rational}
    ideal = tuple(max(gains[r][j] for r in rational) for j in range(len(d)))
    scores = {r: _criteria(method, gains[r], p, ideal) for r in sorted(frontier)}
    tied = sorted(_tied(method, scores))
    return tied[0], tied[1:]


def lottery_gap(
    utilities: Sequence[Sequence[float]],
    disagreement: Sequence[float],
    powers: Sequence[float],
    expected: Sequence[float],
) -> float:
    """How far a lottery with expected utilities `expected` is from the best (weighted) Nash one.

    ``max_deal w . g_deal / sum(p) - 1`` with ``w = p / g`` at the lottery's gains ``g``: the
    first-order gain of moving towards the best deal, over every deal. Since ``sum p log g`` is
    concave, it is ``<= 0`` (up to rounding) exactly at the optimum, and it bounds how much
    ``sum p log g`` can still improve (relative to ``sum p``).

    Examples
    --------
    >>> lottery_gap([(1.0, 0.0), (0.0, 1.0)], (0.0, 0.0), (1.0, 1.0), (0.5, 0.5))
    0.0
    """
    g = [e - x for e, x in zip(expected, disagreement, strict=True)]
    w = [p / x for p, x in zip(powers, g, strict=True)]
    best = max(
        math.fsum(a * (u - x) for a, u, x in zip(w, row, disagreement, strict=True))
        for row in utilities
    )
    return best / math.fsum(powers) - 1.0


def ray_lottery_reference(
    utilities: Sequence[Sequence[float]],
    disagreement: Sequence[float],
    direction: Sequence[float] | None = None,
) -> float:
    """The largest ``t`` such that some lottery over every deal gains at least ``t * direction``.

    A linear program over the probabilities of every deal (``scipy.optimize.linprog``); with
    `direction` all 1 (the default), the egalitarian lottery's smallest expected gain; with the
    ideal gains over lotteries (:func:`ideal_lottery_reference`), Kalai-Smorodinsky's ratio.
    ``-inf`` when the program fails.

    Examples
    --------
    >>> round(ray_lottery_reference([(1.0, 0.0), (0.0, 1.0)], (0.0, 0.0)), 9)
    0.5
    """
    g = np.asarray(utilities, dtype=np.float64) - np.asarray(disagreement, dtype=np.float64)
    m, k = g.shape
    e = np.ones(k) if direction is None else np.asarray(direction, dtype=np.float64)
    cost = np.zeros(m + 1)
    cost[-1] = -1.0
    res = scipy_optimize().linprog(
        cost,
        A_ub=np.hstack([-g.T, e[:, None]]),
        b_ub=np.zeros(k),
        A_eq=np.hstack([np.ones((1, m)), np.zeros((1, 1))]),
        b_eq=[1.0],
        bounds=[(0.0, None)] * m + [(None, None)],
        method="highs",
    )
    return float(res.x[-1]) if res.status == 0 else -math.inf


def ideal_lottery_reference(
    utilities: Sequence[Sequence[float]], disagreement: Sequence[float]
) -> list[float]:
    """Each party's largest expected gain over lotteries leaving no party below disagreement.

    Linear programs over the probabilities of every deal; ``-inf`` where one fails.
    """
    g = np.asarray(utilities, dtype=np.float64) - np.asarray(disagreement, dtype=np.float64)
    k = g.shape[1]
    out = []
    for j in range(k):
        best = _best_expected_gain(g, j)
        out.append(-math.inf if best is None else best)
    return out


def _criterion(method: str, gains: Array, p: Array, ideal: Array | None) -> Array:
    """The first criterion of `method` for gains ``(..., k)``, ``-inf`` unless all are > 0."""
    rational = np.all(gains > 0, axis=-1)
    safe = np.where(rational[..., None], gains, 1.0)
    if method in ("nash", "asymmetric-nash"):
        score = np.log(safe) @ (p / p.max())
    elif method == "utilitarian":
        score = safe.sum(axis=-1)
    elif method == "egalitarian":
        score = safe.min(axis=-1)
    else:
        assert ideal is not None
        score = (safe / ideal).min(axis=-1)
    out: Array = np.where(rational, score, -np.inf)
    return out


def brute_force_solution(
    method: str,
    tables: Sequence[Array],
    disagreement: Array,
    powers: Array | None = None,
    *,
    block_bytes: int = BLOCK_BYTES,
) -> tuple[NDArray[np.intp] | None, list[NDArray[np.intp]]]:
    """Any method's solution and ties by enumerating every deal (in blocks, bounded memory).

    Kalai-Smorodinsky first finds the ideal gains (one pass). One pass then keeps every deal
    whose first criterion is within twice the tie tolerance of the best so far; the answer is
    picked among them by :func:`bargain.solutions.concepts.choose` after a Pareto filter
    (only deals that tie can be chosen, and every deal dominating one of them ties too). For
    the benchmarks; the tests use :func:`solution_reference`, which shares nothing with the
    library.

    Returns
    -------
    deal, ties
        Level indices of the chosen deal (None without a rational deal) and of its ties.
    """
    d = np.asarray(disagreement, dtype=np.float64)
    p = np.ones(d.shape) if powers is None else np.asarray(powers, dtype=np.float64)
    shape = tuple(t.shape[0] for t in tables)
    ideal = None
    if method == "kalai-smorodinsky":
        ideal = np.full(d.shape, -np.inf)
        for *_, block in iter_blocks(tables, block_bytes=block_bytes):
            g = block - d
            ok = np.all(g > 0, axis=-1)
            if ok.any():
                ideal = np.maximum(ideal, g[ok].max(axis=0))
        if not np.all(np.isfinite(ideal)):
            return None, []
    best, rows, points = -math.inf, [], []
    absolute = method in ("nash", "asymmetric-nash")
    for a0, _a1, b0, _b1, n_right, block in iter_blocks(tables, block_bytes=block_bytes):
        score = _criterion(method, block - d, p, ideal)
        best = max(best, float(score.max()))
        slack = 2 * REFERENCE_TIE * (1.0 if absolute else abs(best)) + 1e-14 * (1 + abs(best))
        x, y = np.nonzero(score >= best - slack)
        rows.append((a0 + x) * n_right + (b0 + y))
        points.append(block[x, y])
    if best == -math.inf:
        return None, []
    flat = np.concatenate(rows)
    u = np.concatenate(points)
    deals = np.stack(np.unravel_index(flat, shape), axis=1).astype(np.intp)
    order = np.argsort(flat)
    deals, u = deals[order], u[order]
    keep = pareto_indices(u, tiebreak=np.arange(u.shape[0], dtype=np.int64))
    chosen, ties = choose(method, u[keep], deals[keep], d, p, ideal=ideal)
    if chosen is None:
        return None, []
    return deals[keep][chosen], [deals[keep][t] for t in ties]
