"""Branch and bound over issues: the best deals of a deal space without its frontier.

A node fixes some issues (a mask over the stacked rows, :mod:`bargain.solutions.stacked`); its
upper bound is the Lagrangian dual of the lottery relaxation (:mod:`bargain.solutions.dual`),
refined by a few Newton steps. The search is depth first, best child first:

1. a node whose bound is below the *floor* (the incumbent's score, less the tie tolerance when
   ties are collected) is pruned;
2. *reduced-cost fixing*: with the node's dual ``w``, a deal using row ``r`` of issue ``i``
   scores at most ``bound - (max_l w . T_il - w . T_r)``, so rows whose reduced cost exceeds
   ``bound - floor`` are dropped for the whole subtree; a node where some party cannot gain
   whatever the undecided issues do is pruned as well;
3. the *Lagrangian deal* (each issue at its best row for ``w``) is scored as a candidate,
   improved by single-issue changes at the root;
4. the undecided issue with the most rows left is branched on; each child's bound starts at
   the parent's bound less the child's reduced cost;
5. a node with few deals left is enumerated instead (:data:`ENUMERATE`): each deal's bound
   from the parent's reduced costs (a sum of scalars) weeds them out first, and the rest are
   scored. When the bounds close almost no node (deals crowd the optimum closer than any
   relaxation can tell apart), larger nodes are enumerated (:data:`DENSE`).

Leaves are scored exactly (utilities summed issue by issue, first to last, as
:meth:`bargain.Scenario.utilities` does). Every pruning test allows for the rounding of the
bound, so nothing within the floor is ever lost: the answer is exact, and every deal scoring at
least the final floor is collected when ``collect`` is set. The search also returns its
certificate: the largest bound among pruned subtrees (below the floor, so below the optimum)
and the number of nodes explored.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from bargain.solutions.dual import Dual, Evaluation, Refined, State, evaluate, refine, start
from bargain.solutions.stacked import Stacked

__all__ = ["Outcome", "Problem", "exact_gains", "search"]

Array = NDArray[np.float64]
Index = NDArray[np.intp]
Mask = NDArray[np.bool_]

#: Newton steps per node (the root runs to convergence).
NODE_ITERATIONS = 6
#: The root's relaxation is refined until bound and lottery differ by this (times the unit).
ROOT_GAP = 1e-9
#: Nodes whose deals number at most this divided by ``n_issues * n_parties`` are enumerated
#: instead of bounded (enumerating them costs about as much as bounding a node).
ENUMERATE = 2**18
#: When bounds hardly close any node, subtrees this many times larger are enumerated.
DENSE = 16
_CROWDED_AFTER = 256
_FIRST_ITERATIONS = 30
_ROOT_ITERATIONS = 300
_LOCAL_SEARCH_ROUNDS = 50


@dataclass(frozen=True, slots=True, eq=False)
class Problem:
    """What to maximise over a stacked deal space.

    Attributes
    ----------
    st, dual
        The rows and the criterion's dual (same units).
    score
        Criterion of exact gains ``(m, n_parties) -> (m,)``, ``-inf`` for deals that are not
        individually rational.
    floor
        The pruning threshold given the incumbent's score (``-inf`` when there is none).
    collect
        Keep every leaf scoring at least the floor (for ties), not only the best.
    prune
        An extra test on a node's mask, given what was found so far: True when no deal of
        the node can be wanted (or None).
    stop_above
        Stop as soon as the incumbent scores above this (a feasibility search), or None.
    feasible
        Called when the root finds no candidate: returns a deal (row numbers) to start from,
        or None when no deal can score (the search then stops).
    seeds
        Deals (row numbers, ``(m, n_issues)``) scored before the search starts.
    enumerate_up_to
        Nodes with at most this many deals are enumerated rather than bounded (default: about
        as many as cost one bound, see :data:`ENUMERATE`; 1 bounds every node).
    """

    st: Stacked
    dual: Dual
    score: Callable[[Array], Array]
    floor: Callable[[float], float]
    collect: bool = False
    prune: Callable[[Mask, Outcome], bool] | None = None
    stop_above: float | None = None
    feasible: Callable[[], Index | None] | None = None
    seeds: Index | None = None
    enumerate_up_to: int | None = None


@dataclass(slots=True)
class Outcome:
    """What a search found: candidate deals (row numbers) with their scores, and its proof.

    ``gains`` holds the candidates' exact gains; ``pruned`` is the largest bound among pruned
    subtrees (``-inf`` if none), ``root`` the bound of the relaxation at the root, ``nodes``
    the nodes explored (``expanded`` of them bounded, ``closed`` of those closed by a bound).
    """

    candidates: dict[tuple[int, ...], float] = field(default_factory=dict)
    gains: dict[tuple[int, ...], Array] = field(default_factory=dict)
    best: float = -math.inf
    best_deal: tuple[int, ...] | None = None
    pruned: float = -math.inf
    root: float = math.inf
    nodes: int = 0
    expanded: int = 0
    closed: int = 0


@dataclass(slots=True)
class _Node:
    """A node: its rows alive, its dual point, its bound.

    A child also carries its parent's bound and reduced costs (``lagrange``): any deal ``x``
    of it scores at most ``parent_bound - sum_i reduced[x_i]`` (with ``margin`` for rounding).
    """

    alive: Mask
    state: State
    bound: float
    lagrange: tuple[float, Array, float] | None = None


def exact_gains(st: Stacked, deals: Index, disagreement: Array) -> Array:
    """Gains of deals given as row numbers ``(m, n_issues)``, summed first issue to last."""
    deals = np.asarray(deals, dtype=np.intp)
    utilities = st.rows[deals[:, 0]]
    for i in range(1, deals.shape[1]):
        utilities += st.rows[deals[:, i]]
    gains: Array = utilities - disagreement
    return gains


def _record(problem: Problem, out: Outcome, deals: Index, scores: Array, gains: Array) -> None:
    """Update the incumbent and the collection with scored deals (row numbers)."""
    for j, (deal, score) in enumerate(zip(deals.tolist(), scores.tolist(), strict=True)):
        if score == -math.inf:
            continue
        key = tuple(deal)
        if score > out.best or (
            score == out.best and (out.best_deal is None or key < out.best_deal)
        ):
            out.best, out.best_deal = score, key
        if problem.collect and score >= problem.floor(out.best):
            out.candidates[key] = score
            out.gains[key] = gains[j]
    if not problem.collect and out.best_deal is not None:
        out.candidates = {out.best_deal: out.best}


def _wanted(problem: Problem, out: Outcome, scores: Array) -> Index:
    """The scores worth recording: at least the floor, and the first of the best."""
    top = float(scores.max()) if scores.size else -math.inf
    wanted = np.flatnonzero(scores >= problem.floor(max(out.best, top)))
    if top > out.best:  # the first of the best deals, the lexicographically smallest
        wanted = np.union1d(wanted, np.flatnonzero(scores == top)[:1])
    return wanted


def _consider(problem: Problem, out: Outcome, deals: Index) -> None:
    """Score candidate deals (row numbers) and update the incumbent and the collection."""
    gains = exact_gains(problem.st, deals, problem.dual.disagreement)
    scores = problem.score(gains)
    wanted = _wanted(problem, out, scores)
    _record(problem, out, deals[wanted], scores[wanted], gains[wanted])


def _broadcast_sum(values: list[Array], width: int) -> Array:
    """Every combination's sum, ``(prod(sizes), width)``, added first to last (C order)."""
    total = np.zeros((1, width))
    for v in values:
        total = (total[:, None, :] + v.reshape(v.shape[0], width)[None, :, :]).reshape(-1, width)
    return total


def _enumerate(problem: Problem, out: Outcome, node: _Node) -> None:
    """Score every deal of a node worth scoring.

    With its parent's reduced costs, deals whose Lagrangian bound is below the floor are
    dropped first (one sum of scalars per deal). The others' utilities are partial sums
    broadcast issue by issue, first to last (the order of :func:`exact_gains`, so the same
    numbers), without gathering rows deal by deal; deals come out in lexicographic order.
    """
    st = problem.st
    rows = np.flatnonzero(node.alive)
    per_issue = np.split(rows, np.searchsorted(rows, st.starts[1:]))
    sizes = [r.size for r in per_issue]
    if node.lagrange is not None:
        bound, reduced, margin = node.lagrange
        total = _broadcast_sum([reduced[r] for r in per_issue], 1)[:, 0]
        keep = np.flatnonzero(bound - total + margin + 1e-13 * total >= problem.floor(out.best))
        picks = np.unravel_index(keep, sizes)
        deals = np.stack([r[j] for r, j in zip(per_issue, picks, strict=True)], axis=1)
        _consider(problem, out, deals.astype(np.intp))
        return
    gains = _broadcast_sum([st.rows[r] for r in per_issue], st.n_parties)
    gains -= problem.dual.disagreement
    scores = problem.score(gains)
    wanted = _wanted(problem, out, scores)
    picks = np.unravel_index(wanted, sizes)
    deals = np.stack([r[j] for r, j in zip(per_issue, picks, strict=True)], axis=1)
    _record(problem, out, deals.astype(np.intp), scores[wanted], gains[wanted])


def _lagrangian_deal(st: Stacked, alive: Mask, ev: Evaluation) -> Index:
    """Each issue at its first row of largest score among the rows alive."""
    top = alive & (ev.scores >= ev.maxima[st.issue])
    rows = np.flatnonzero(top)
    _, first = np.unique(st.issue[rows], return_index=True)
    deal: Index = rows[first]
    return deal


def _local_search(problem: Problem, out: Outcome, alive: Mask, deal: Index) -> None:
    """Change one issue at a time while that improves the score (a heuristic, at the root)."""
    st, d = problem.st, problem.dual.disagreement
    rows = np.flatnonzero(alive)
    for _ in range(_LOCAL_SEARCH_ROUNDS):
        here = problem.score(exact_gains(st, deal[None, :], d))[0]
        u = st.rows[deal].sum(axis=0)
        moved = u[None, :] - st.rows[deal[st.issue[rows]]] + st.rows[rows]
        scores = problem.score(moved - d)
        j = int(np.argmax(scores))
        if not scores[j] > here:
            return
        trial = deal.copy()
        trial[st.issue[rows[j]]] = rows[j]
        _consider(problem, out, trial[None, :])
        if not problem.score(exact_gains(st, trial[None, :], d))[0] > here:
            return
        deal = trial


def _reduce(st: Stacked, alive: Mask, ev: Evaluation, floor: float) -> Mask:
    """Reduced-cost fixing: drop rows that cannot reach `floor` (see the module notes)."""
    reduced = ev.maxima[st.issue] - ev.scores
    keep: Mask = alive & (reduced <= ev.bound - floor + ev.margin)
    return keep


def _can_gain(st: Stacked, alive: Mask, d: Array) -> bool:
    """Whether every party can gain with the rows alive (its best rows summed)."""
    best = np.maximum.reduceat(np.where(alive[:, None], st.rows, -np.inf), st.starts)
    return bool(np.all(best.sum(axis=0) > d))


def _children(st: Stacked, alive: Mask, ev: Evaluation, state: State, floor: float) -> list[_Node]:
    """Branch on the undecided issue with the most rows alive; best child last (popped first)."""
    counts = np.add.reduceat(alive.astype(np.intp), st.starts)
    issue = int(np.argmax(counts))
    a, b = int(st.starts[issue]), int(st.starts[issue] + st.sizes[issue])
    rows = a + np.flatnonzero(alive[a:b])
    every = np.where(alive, ev.maxima[st.issue] - ev.scores, np.inf)
    lagrange = (ev.bound, every, ev.margin)
    reduced = every[rows]
    out = []
    for j in np.argsort(-reduced, kind="stable").tolist():
        bound = ev.bound - float(reduced[j])
        if bound + ev.margin < floor:
            continue
        child = alive.copy()
        child[a:b] = False
        child[rows[j]] = True
        out.append(_Node(child, state, bound, lagrange))
    return out


def _root_refine(problem: Problem, alive: Mask, state: State, iters: int) -> Refined:
    """The root's relaxation, refined until bound and lottery agree to rounding."""
    st, dual = problem.st, problem.dual
    return refine(
        st,
        alive,
        dual,
        state,
        prune_below=-math.inf,
        branch_at=math.inf,
        iters=iters,
        gap=ROOT_GAP * dual.unit,
    )


def _root(problem: Problem, out: Outcome) -> _Node | None:
    """Solve the root's relaxation and find a first incumbent (None: nothing can score)."""
    st, dual = problem.st, problem.dual
    alive = np.ones(st.rows.shape[0], dtype=bool)
    if not _can_gain(st, alive, dual.disagreement):
        return None
    if problem.seeds is not None:
        _consider(problem, out, problem.seeds)
    ref = _root_refine(problem, alive, start(st, dual), _FIRST_ITERATIONS)
    if ref.primal == -math.inf and out.best_deal is None and problem.feasible is not None:
        found = problem.feasible()  # the relaxation may be empty: look for a deal first
        if found is None:
            return None
        _consider(problem, out, found[None, :])
    ref = _root_refine(problem, alive, ref.state, _ROOT_ITERATIONS)
    out.root = ref.evaluation.bound
    deal = _lagrangian_deal(st, alive, ref.evaluation)
    _consider(problem, out, deal[None, :])
    _local_search(problem, out, alive, deal)
    return _Node(alive, ref.state, ref.evaluation.bound)


def _expand(problem: Problem, out: Outcome, node: _Node) -> list[_Node]:
    """Process one node; return its children (none when pruned or decided)."""
    st, dual = problem.st, problem.dual
    floor = problem.floor(out.best)
    state = State(node.state.w, max(node.state.tau, 1e-3 * dual.unit), node.state.mu)
    ref = refine(
        st, node.alive, dual, state, prune_below=floor, branch_at=floor, iters=NODE_ITERATIONS
    )
    ev = ref.evaluation
    out.expanded += 1
    if ev.bound + ev.margin < floor:
        out.pruned = max(out.pruned, ev.bound)
        out.closed += 1
        return []
    alive = _reduce(st, node.alive, ev, floor)
    if not _can_gain(st, alive, dual.disagreement) or (
        problem.prune is not None and problem.prune(alive, out)
    ):
        out.closed += 1
        return []
    _consider(problem, out, _lagrangian_deal(st, alive, ev)[None, :])
    if np.count_nonzero(alive) == st.n_issues:
        return []
    ev = evaluate(st, alive, dual, ref.state.w)
    return _children(st, alive, ev, ref.state, problem.floor(out.best))


def search(problem: Problem) -> Outcome:
    """Run the branch and bound (see the module notes)."""
    out = Outcome()
    st = problem.st
    if math.prod(st.sizes.tolist()) <= _enumerable(
        problem, out
    ):  # small: every deal, no bound needed
        out.nodes = 1
        alive = np.ones(st.rows.shape[0], dtype=bool)
        _enumerate(problem, out, _Node(alive, start(st, problem.dual), math.inf))
        stack = []
    else:
        root = _root(problem, out)
        stack = [] if root is None else [root]
    while stack:
        if problem.stop_above is not None and out.best > problem.stop_above:
            break
        node = stack.pop()
        if node.bound + 1e-13 * (abs(node.bound) + 1.0) < problem.floor(out.best):
            out.pruned = max(out.pruned, node.bound)
            continue
        out.nodes += 1
        stack.extend(_children_or_leaf(problem, out, node))
    final = problem.floor(out.best)
    out.candidates = {k: v for k, v in out.candidates.items() if v >= final}
    out.gains = {k: out.gains[k] for k in out.candidates if k in out.gains}
    return out


def _enumerable(problem: Problem, out: Outcome) -> int:
    """How many deals a node may hold and still be enumerated (see :data:`ENUMERATE`).

    When the bounds have closed almost no node so far (deals crowd around the optimum, closer
    than any relaxation can tell apart), larger subtrees are enumerated (:data:`DENSE`).
    """
    if problem.enumerate_up_to is not None:
        return problem.enumerate_up_to
    st = problem.st
    base = max(16, ENUMERATE // (st.n_issues * st.n_parties))
    crowded = out.expanded >= _CROWDED_AFTER and out.closed < 0.05 * out.expanded
    return base * DENSE if crowded else base


def _children_or_leaf(problem: Problem, out: Outcome, node: _Node) -> list[_Node]:
    """Enumerate a small node, else bound and branch it."""
    counts = np.add.reduceat(node.alive.astype(np.intp), problem.st.starts)
    if math.prod(counts.tolist()) <= _enumerable(problem, out):
        _enumerate(problem, out, node)
        return []
    return _expand(problem, out, node)
