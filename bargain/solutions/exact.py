"""Every method's exact optimum on a deal space of any size: :func:`best_deals`.

The drivers here set up the branch and bound (:mod:`bargain.solutions.branch`) for each method
and pick the answer:

- ``"nash"``, ``"asymmetric-nash"``: maximise ``sum_j p_j log g_j`` (powers scaled so that the
  largest is 1; each party's numbers scaled by a power of two near its own size, which is
  exact and leaves the argmax unchanged). When no candidate is individually rational at the
  root, a max-min search looks for one first (or proves there is none).
- ``"egalitarian"``: maximise ``min_j g_j`` (a first pass finds the optimum, a second collects
  every deal within the tie tolerance of it, pruning those that lose on the second smallest
  gain).
- ``"kalai-smorodinsky"``: the ideal gains first (one search per party, maximising its gain over
  individually rational deals), then as egalitarian on gains divided by the ideal gains.
- ``"utilitarian"``: maximise the sum of gains over individually rational deals (with no
  disagreement constraint binding this is each issue's best level, found at the root).

Each search collects a superset of the deals within the tie tolerance (twice the tolerance, plus
rounding); the answer is then picked among them by :func:`bargain.solutions.concepts.choose`
on their exact utilities (summed issue by issue, first to last, as
:meth:`bargain.Scenario.utilities` does), after keeping only the Pareto-optimal ones (one deal,
the lexicographically smallest, per utility vector). So the chosen deal and its ties are those
the whole frontier would give, whatever the size of the space.

Arrays: ``tables`` is a sequence of ``(n_levels_i, n_parties)`` arrays, ``disagreement`` and
``powers`` are ``(n_parties,)``.

Examples
--------
>>> import numpy as np
>>> t = [np.array([[1.0, 2.0, 3.0], [3.0, 2.0, 1.0], [1.0, 1.0, 1.0]]), np.eye(3)]
>>> found = best_deals("nash", t, np.zeros(3), np.ones(3))
>>> found.deal.tolist(), [tie.tolist() for tie in found.ties]
([0, 0], [[1, 2]])
>>> found.criterion, round(found.value, 6), found.bound == found.value
('sum of log gains', 2.484907, True)
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargain.frontier.pareto import pareto_indices
from bargain.solutions.branch import Outcome, Problem, search
from bargain.solutions.concepts import TIE_RTOL, choose, log_gains
from bargain.solutions.dual import Dual
from bargain.solutions.stacked import Stacked, party_scales, stack

__all__ = ["CRITERIA", "ENUMERATE_ALL", "Found", "best_deals", "deal_utilities"]

Array = NDArray[np.float64]
Index = NDArray[np.intp]
Mask = NDArray[np.bool_]

#: What each method's certificate bounds, in words.
CRITERIA = {
    "nash": "sum of log gains",
    "asymmetric-nash": "sum of log gains weighted by the powers (largest power 1)",
    "egalitarian": "smallest gain",
    "kalai-smorodinsky": "smallest gain relative to the ideal gain",
    "utilitarian": "sum of gains",
}
#: How far below the best the searches collect (the tie rule's tolerance, doubled).
_SLACK = 2 * TIE_RTOL


@dataclass(frozen=True, slots=True, eq=False)
class Found:
    """The exact answer of a search.

    Attributes
    ----------
    deal
        Level indices of the chosen deal, or ``None`` when no deal is individually rational.
    ties
        Level indices of the other optimal deals (the tie rule of
        :mod:`bargain.solutions.concepts`), in lexicographic order.
    criterion
        What `value` and `bound` measure (:data:`CRITERIA`).
    value
        The chosen deal's criterion (``-inf`` without a deal).
    bound
        The proven upper bound of the criterion over every deal at termination: the largest of
        the deals' scores and the bounds of the pruned subtrees.
    relaxation
        The bound at the root: no lottery over deals does better (``inf`` when not computed).
    nodes
        Nodes explored, over every pass of the search.
    """

    deal: Index | None
    ties: tuple[Index, ...]
    criterion: str
    value: float
    bound: float
    relaxation: float
    nodes: int


def deal_utilities(tables: Sequence[Array], deals: Index) -> Array:
    """Utilities of deals (level indices, ``(m, n_issues)``), summed first issue to last."""
    deals = np.asarray(deals, dtype=np.intp)
    out = np.zeros((deals.shape[0], tables[0].shape[1]))
    for i, table in enumerate(tables):
        out += table[deals[:, i]]
    return out


def _relaxed(best: float, absolute: bool) -> float:
    """The collection floor: a little more than twice the tie tolerance below `best`."""
    if best == -math.inf:
        return -math.inf
    size = 1.0 if absolute else abs(best)
    return best - _SLACK * size - 1e-14 * (abs(best) + size)


def _levels(st: Stacked, candidates: dict[tuple[int, ...], float]) -> Index:
    rows = np.array(sorted(candidates), dtype=np.intp).reshape(-1, st.n_issues)
    return st.levels_of(rows)


def _pick(
    method: str,
    tables: Sequence[Array],
    d: Array,
    powers: Array,
    levels: Index,
    ideal: Array | None = None,
) -> tuple[Index | None, tuple[Index, ...]]:
    """The method's choice among candidate deals, by the library's tie rule."""
    if levels.shape[0] == 0:
        return None, ()
    u = deal_utilities(tables, levels)
    order = np.lexsort(levels.T[::-1])
    rank = np.empty(order.size, dtype=np.int64)
    rank[order] = np.arange(order.size)
    keep = pareto_indices(u, tiebreak=rank)
    best, ties = choose(method, u[keep], levels[keep], d, powers, ideal=ideal)
    if best is None:
        return None, ()
    return levels[keep][best], tuple(levels[keep][t] for t in ties)


def _none(method: str, outs: Sequence[Outcome]) -> Found:
    nodes = sum(o.nodes for o in outs)
    return Found(None, (), CRITERIA[method], -math.inf, -math.inf, -math.inf, nodes)


def _found(
    method: str,
    picked: tuple[Index | None, tuple[Index, ...]],
    value: float,
    bounds: tuple[float, float],
    outs: Sequence[Outcome],
) -> Found:
    """The answer, with `bounds` = (largest pruned bound, root bound) in the value's units."""
    deal, ties = picked
    if deal is None:
        return _none(method, outs)
    nodes = sum(o.nodes for o in outs)
    return Found(deal, ties, CRITERIA[method], value, max(value, bounds[0]), bounds[1], nodes)


def _unit_scale(tables: Sequence[Array], d: Array) -> float:
    """One power of two near the size of every party's numbers (exact to divide by)."""
    return float(party_scales(tables, d).max())


def _unit(st: Stacked) -> float:
    """The largest range of one party's total utility (1 when nothing varies)."""
    lo = np.minimum.reduceat(st.rows, st.starts).sum(axis=0)
    hi = np.maximum.reduceat(st.rows, st.starts).sum(axis=0)
    size = float((hi - lo).max())
    return size if size > 0 and math.isfinite(size) else 1.0


def _positive(gains: Array) -> NDArray[np.bool_]:
    ok: NDArray[np.bool_] = np.all(gains > 0, axis=1)
    return ok


def _at_least_zero(best: float) -> float:
    """The floor of a pure maximisation over rational deals of a positive criterion."""
    return max(best, 0.0)


def _min_score(gains: Array) -> Array:
    return np.where(_positive(gains), gains.min(axis=1), -np.inf)


def _feasible(st: Stacked, d: Array, enum: int | None) -> Callable[[], Index | None]:
    """A search for any individually rational deal (row numbers), or None if there is none."""

    def find() -> Index | None:
        dual = Dual("max-min", np.zeros(st.n_parties), d, _unit(st))
        floor = _at_least_zero
        problem = Problem(st, dual, _min_score, floor, stop_above=0.0, enumerate_up_to=enum)
        out = search(problem)
        return None if out.best_deal is None else np.array(out.best_deal, dtype=np.intp)

    return find


def _nash(method: str, tables: Sequence[Array], d: Array, powers: Array, enum: int | None) -> Found:
    scale = party_scales(tables, d)
    st = stack([t / scale for t in tables])
    dn = d / scale
    p = powers / powers.max()

    def score(gains: Array) -> Array:
        ok = _positive(gains)
        return np.where(ok, np.log(np.where(ok[:, None], gains, 1.0)) @ p, -np.inf)

    problem = Problem(
        st,
        Dual("log", p, dn, float(p.sum())),
        score,
        lambda best: _relaxed(best, True),
        collect=True,
        feasible=_feasible(st, dn, enum),
        enumerate_up_to=enum,
    )
    out = search(problem)
    picked = _pick(method, tables, d, powers, _levels(st, out.candidates))
    if picked[0] is None:
        return _none(method, [out])
    offset = float(p @ np.log(scale))
    value = float(score((deal_utilities(tables, picked[0][None]) - d) / scale)[0])
    return _found(method, picked, value + offset, (out.pruned + offset, out.root + offset), [out])


def _linear(
    st: Stacked,
    d: Array,
    c: Array,
    *,
    collect: bool,
    enum: int | None,
    seeds: Index | None = None,
) -> Outcome:
    """Maximise ``c . g`` over individually rational deals (``c >= 0``, not all 0)."""

    def score(gains: Array) -> Array:
        return np.where(_positive(gains), gains @ c, -np.inf)

    def floor(best: float) -> float:
        return max(_relaxed(best, False) if collect else best, 0.0)

    return search(
        Problem(
            st,
            Dual("linear", c, d, _unit(st)),
            score,
            floor,
            collect=collect,
            seeds=seeds,
            enumerate_up_to=enum,
        )
    )


def _utilitarian(tables: Sequence[Array], d: Array, powers: Array, enum: int | None) -> Found:
    size = _unit_scale(tables, d)
    st = stack([t / size for t in tables])
    out = _linear(st, d / size, np.ones(st.n_parties), collect=True, enum=enum)
    picked = _pick("utilitarian", tables, d, powers, _levels(st, out.candidates))
    if picked[0] is None:
        return _none("utilitarian", [out])
    value = float((deal_utilities(tables, picked[0][None]) - d).sum())
    return _found("utilitarian", picked, value, (out.pruned * size, out.root * size), [out])


def _ideal(
    tables: Sequence[Array], d: Array, enum: int | None
) -> tuple[Array | None, list[Outcome]]:
    """Each party's largest gain over individually rational deals (None if there is none)."""
    size = _unit_scale(tables, d)
    st = stack([t / size for t in tables])
    outs: list[Outcome] = []
    ideal = np.empty(st.n_parties)
    for j in range(st.n_parties):
        seeds = None if not outs else np.array([outs[-1].best_deal], dtype=np.intp)
        out = _linear(st, d / size, np.eye(st.n_parties)[j], collect=False, enum=enum, seeds=seeds)
        outs.append(out)
        if out.best_deal is None:
            return None, outs
        ideal[j] = out.best * size
    return ideal, outs


def _second_smallest(st: Stacked, d: Array, best: float) -> Callable[[Mask, Outcome], bool]:
    """Prune nodes whose second smallest gain cannot tie with a deal tied at the first level.

    Only deals certainly tied at the first level (a smallest gain within the tie tolerance of
    `best`, by more than rounding) set the mark, so a deal the tie rule keeps is never pruned.
    """
    sure = best - TIE_RTOL * abs(best) + 1e-14 * abs(best)
    seen = [0, -math.inf]

    def prune(alive: Mask, out: Outcome) -> bool:
        if st.n_parties < 2:
            return False
        if seen[0] != len(out.gains):
            tied = [np.sort(g)[1] for g in out.gains.values() if g.min() >= sure]
            seen[:] = [len(out.gains), max(tied, default=-math.inf)]
        top = np.maximum.reduceat(np.where(alive[:, None], st.rows, -np.inf), st.starts)
        return bool(np.sort(top.sum(axis=0) - d)[1] < _relaxed(seen[1], False))

    return prune


def _leximin(
    method: str, tables: Sequence[Array], d: Array, powers: Array, enum: int | None
) -> Found:
    """Egalitarian and Kalai-Smorodinsky: max-min, then the ties at the first level."""
    outs: list[Outcome] = []
    ideal: Array | None = None
    if method == "kalai-smorodinsky":
        ideal, outs = _ideal(tables, d, enum)
        if ideal is None:
            return _none(method, outs)
        divisor = ideal
    else:
        divisor = np.full(d.shape, _unit_scale(tables, d))
    st = stack([t / divisor for t in tables])
    dn = d / divisor
    dual = Dual("max-min", np.zeros(st.n_parties), dn, _unit(st))
    first = search(Problem(st, dual, _min_score, _at_least_zero, enumerate_up_to=enum))
    outs.append(first)
    if first.best_deal is None:
        return _none(method, outs)
    theta = _relaxed(first.best, False)
    second = search(
        Problem(
            st,
            dual,
            _min_score,
            lambda best: theta,
            collect=True,
            prune=_second_smallest(st, dn, first.best),
            seeds=np.array([first.best_deal], dtype=np.intp),
            enumerate_up_to=enum,
        )
    )
    outs.append(second)
    picked = _pick(method, tables, d, powers, _levels(st, second.candidates), ideal=ideal)
    if picked[0] is None:
        return _none(method, outs)
    gains = deal_utilities(tables, picked[0][None])[0] - d
    value = float((gains / ideal).min() if ideal is not None else gains.min())
    unit = 1.0 if ideal is not None else float(divisor[0])
    pruned = max(first.pruned, second.pruned) * unit
    return _found(method, picked, value, (pruned, first.root * unit), outs)


#: Spaces with at most this many numbers (deals times parties) are enumerated outright.
ENUMERATE_ALL = 2**18


def _broadcast_utilities(tables: Sequence[Array]) -> Array:
    """Every deal's utilities ``(n_deals, k)`` in C order, summed first issue to last."""
    k = tables[0].shape[1]
    total = np.zeros((1, k))
    for t in tables:
        total = (total[:, None, :] + t[None, :, :]).reshape(-1, k)
    return total


def _first_criterion(method: str, gains: Array, p: Array, ideal: Array | None) -> Array:
    """Each rational row's first criterion (``-inf`` for the others)."""
    ok = _positive(gains)
    safe = np.where(ok[:, None], gains, 1.0)
    if method in ("nash", "asymmetric-nash"):
        score = log_gains(safe) @ (p / p.max())
    elif method == "utilitarian":
        score = safe.sum(axis=1)
    else:
        score = (safe if ideal is None else safe / ideal).min(axis=1)
    out: Array = np.where(ok, score, -np.inf)
    return out


def _enumerated(method: str, tables: Sequence[Array], d: Array, p: Array) -> Found:
    """A small space: every deal scored at once, the near-ties picked by the tie rule."""
    u = _broadcast_utilities(tables)
    gains = u - d
    ideal = None
    if method == "kalai-smorodinsky":
        rational = _positive(gains)
        if not rational.any():
            return Found(None, (), CRITERIA[method], -math.inf, -math.inf, -math.inf, 1)
        ideal = gains[rational].max(axis=0)
    score = _first_criterion(method, gains, p, ideal)
    best = float(score.max())
    if best == -math.inf:
        return Found(None, (), CRITERIA[method], -math.inf, -math.inf, -math.inf, 1)
    near = np.flatnonzero(score >= _relaxed(best, method in ("nash", "asymmetric-nash")))
    levels = np.stack(np.unravel_index(near, [t.shape[0] for t in tables]), axis=1)
    picked = _pick(method, tables, d, p, levels.astype(np.intp), ideal=ideal)
    if picked[0] is None:
        return Found(None, (), CRITERIA[method], -math.inf, -math.inf, -math.inf, 1)
    value = _value(method, tables, d, p, picked[0], ideal)
    return Found(picked[0], picked[1], CRITERIA[method], value, value, math.inf, 1)


def _value(
    method: str, tables: Sequence[Array], d: Array, p: Array, deal: Index, ideal: Array | None
) -> float:
    """The chosen deal's criterion in the scenario's units (see :data:`CRITERIA`)."""
    g = deal_utilities(tables, deal[None])[0] - d
    if method in ("nash", "asymmetric-nash"):
        return float(np.log(g) @ (p / p.max()))
    if method == "utilitarian":
        return float(g.sum())
    return float((g if ideal is None else g / ideal).min())


def best_deals(
    method: str,
    tables: Sequence[Array],
    disagreement: Array,
    powers: Array | None = None,
    *,
    enumerate_up_to: int | None = None,
) -> Found:
    """The exact solution of `method` over every deal of `tables`, with its certificate.

    Parameters
    ----------
    method
        One of :data:`bargain.solutions.concepts.METHODS`.
    tables
        Per issue, ``(n_levels_i, n_parties)`` utilities (any number of levels per issue).
    disagreement
        ``(n_parties,)`` disagreement utilities.
    powers
        ``(n_parties,)`` bargaining powers, > 0 (``"asymmetric-nash"``; default all 1).
    enumerate_up_to
        Subtrees with at most this many deals are enumerated (default: as many as cost about one
        bound, and a space of at most :data:`ENUMERATE_ALL` numbers is enumerated outright; 1
        bounds every node). The answer does not depend on it.

    Returns
    -------
    Found
        The chosen deal (or none), its ties and the certificate.
    """
    tables = [np.asarray(t, dtype=np.float64) for t in tables]
    d = np.asarray(disagreement, dtype=np.float64)
    k = d.shape[0]
    p = np.ones(k) if powers is None or method != "asymmetric-nash" else np.asarray(powers, float)
    if method not in CRITERIA:
        raise ValueError(f"unknown method {method!r}; expected one of {tuple(CRITERIA)}")
    small = math.prod(t.shape[0] for t in tables) * k <= ENUMERATE_ALL
    if small and enumerate_up_to is None:
        return _enumerated(method, tables, d, p)
    if method in ("nash", "asymmetric-nash"):
        return _nash(method, tables, d, p, enumerate_up_to)
    if method == "utilitarian":
        return _utilitarian(tables, d, p, enumerate_up_to)
    return _leximin(method, tables, d, p, enumerate_up_to)
