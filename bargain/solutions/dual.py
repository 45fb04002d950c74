"""Upper bounds for the branch and bound: the Lagrangian dual of the lottery relaxation.

At a node of the search (a mask ``alive`` over the stacked rows, see
:mod:`bargain.solutions.stacked`) let each undecided issue take any lottery over its allowed
levels. The expected gains ``g = sum_i E[T_i] - d`` then range over a convex set, and each
criterion has a dual function whose value at *any* admissible ``w`` bounds every deal of the
node from above (with ``lin(w) = sum_i max_{alive l} w . T_il - w . d``):

``"log"``
    Nash and asymmetric Nash (powers ``p > 0``), criterion ``sum_j p_j log g_j``:
    ``B(w) = sum_j p_j (log p_j - log w_j - 1) + lin(w)`` for ``w > 0``, since
    ``p log g <= p log(p / w) - p + w g``.
``"max-min"``
    Egalitarian, and Kalai-Smorodinsky after dividing by the ideal gains; criterion
    ``min_j g_j``: ``B(w) = lin(w)`` for ``w >= 0`` with ``sum w = 1``.
``"linear"``
    Utilitarian and the ideal gains; criterion ``c . g`` over rational deals (``g > 0``):
    ``B(w) = lin(w)`` for ``w >= c``.

The best ``w`` is found by Newton's method on a smoothed dual: each ``max`` is replaced by
``tau log sum exp(. / tau)`` (never smaller, so the smoothed value is a bound too) and the
constraint on ``w`` by a barrier ``-sum_j m_j log(w_j - lo_j)`` (for ``"log"`` that term *is*
the objective, with ``m = p``); ``tau`` and the barrier weight ``mu`` shrink as the steps get
small. The smoothed optimum's softmax weights are a lottery over the levels (a *primal* point),
whose criterion bounds the relaxation from below: once it reaches the pruning threshold, no
bound can prune the node and refining stops. Only the exact ``B(w)`` is ever used to prune.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from bargain.solutions.stacked import Stacked

__all__ = ["KINDS", "Dual", "Evaluation", "Refined", "State", "evaluate", "refine", "start"]

Array = NDArray[np.float64]
Mask = NDArray[np.bool_]

#: The dual kinds (see the module docstring).
KINDS = ("log", "max-min", "linear")
#: Smallest temperature, relative to the problem's unit (see :attr:`Dual.unit`).
TAU_MIN = 1e-14
_SHRINK = 0.1
_HALVINGS = 30


@dataclass(frozen=True, slots=True, eq=False)
class Dual:
    """A criterion's dual on one stacked deal space.

    Attributes
    ----------
    kind
        One of :data:`KINDS`.
    weights
        ``"log"``: the powers ``p`` (largest 1); ``"linear"``: the objective ``c >= 0``;
        ``"max-min"``: unused (zeros).
    disagreement
        ``(n_parties,)`` in the units of the stacked rows.
    unit
        A typical size of the criterion's changes (sets the smoothing temperature).
    lower
        Where ``w`` must stay above: ``c`` for ``"linear"``, else 0.
    """

    kind: str
    weights: Array
    disagreement: Array
    unit: float
    lower: Array = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown dual kind {self.kind!r}; expected one of {KINDS}")
        lower = self.weights if self.kind == "linear" else np.zeros_like(self.weights)
        object.__setattr__(self, "lower", lower)

    def barrier(self, mu: float) -> Array:
        """The barrier weights ``m``: the powers for ``"log"``, else ``mu``."""
        return self.weights if self.kind == "log" else np.full(self.weights.shape, mu)

    def bound(self, w: Array, lin: float) -> float:
        """``B(w)`` given ``lin(w)``."""
        if self.kind != "log":
            return lin
        p = self.weights
        return float(np.sum(p * (np.log(p) - np.log(w) - 1.0))) + lin

    def primal(self, gains: Array) -> float:
        """The criterion of expected gains (``-inf`` outside the relaxation's domain)."""
        if self.kind == "max-min":
            return float(gains.min())
        if not np.all(gains > 0 if self.kind == "log" else gains >= 0):
            return -math.inf
        if self.kind == "log":
            return float(self.weights @ np.log(gains))
        return float(self.weights @ gains)


@dataclass(frozen=True, slots=True)
class State:
    """A dual point and its smoothing: ``w``, temperature ``tau``, barrier weight ``mu``."""

    w: Array
    tau: float
    mu: float


@dataclass(frozen=True, slots=True, eq=False)
class Evaluation:
    """The dual at one ``w`` on one node.

    ``scores`` are ``w . T_r`` (``-inf`` on dead rows), ``maxima`` their largest per issue;
    ``bound`` is ``B(w)``, ``margin`` an upper bound on its rounding error.
    """

    scores: Array
    maxima: Array
    bound: float
    margin: float


@dataclass(frozen=True, slots=True)
class Refined:
    """The result of :func:`refine`: the best bound found, and the lottery's criterion."""

    state: State
    evaluation: Evaluation
    primal: float


def evaluate(st: Stacked, alive: Mask, dual: Dual, w: Array) -> Evaluation:
    """The exact bound ``B(w)`` of the node `alive`, with the scores behind it."""
    scores = np.where(alive, st.rows @ w, -np.inf)
    maxima = np.maximum.reduceat(scores, st.starts)
    wd = float(w @ dual.disagreement)
    lin = float(maxima.sum()) - wd
    bound = dual.bound(w, lin)
    size = float(np.abs(maxima).sum()) + abs(wd) + abs(bound - lin)
    margin = 1e-13 * size + 1e-300
    return Evaluation(scores=scores, maxima=maxima, bound=bound, margin=margin)


def start(st: Stacked, dual: Dual) -> State:
    """A first dual point for the root."""
    k = st.n_parties
    if dual.kind == "log":
        top = np.maximum.reduceat(st.rows, st.starts).sum(axis=0) - dual.disagreement
        size = np.maximum(np.abs(st.rows).max(axis=0), 1e-300)
        w = dual.weights / np.where(top > 0, top, size)
    elif dual.kind == "max-min":
        w = np.full(k, 1.0 / k)
    else:
        w = dual.weights + np.full(k, max(float(dual.weights.sum()), 1.0) / k)
    return State(w=w, tau=1e-2 * dual.unit, mu=1e-2 * dual.unit)


def _smoothed(
    st: Stacked, alive: Mask, dual: Dual, w: Array, tau: float, mu: float
) -> tuple[float, Array, Array, Array]:
    """Smoothed dual value, the expected gains under its softmax, and the softmax itself."""
    scores = np.where(alive, st.rows @ w, -np.inf)
    maxima = np.maximum.reduceat(scores, st.starts)
    z = np.exp((scores - maxima[st.issue]) / tau)
    total = np.add.reduceat(z, st.starts)
    pi = z / total[st.issue]
    means = np.add.reduceat(pi[:, None] * st.rows, st.starts)
    gains = means.sum(axis=0) - dual.disagreement
    y = w - dual.lower
    value = float(maxima.sum() + tau * np.log(total).sum() - w @ dual.disagreement)
    value -= float(dual.barrier(mu) @ np.log(y))
    return value, gains, pi, means


def _value(st: Stacked, alive: Mask, dual: Dual, w: Array, tau: float, mu: float) -> float:
    """The smoothed dual alone (for line searches); ``inf`` outside the domain."""
    y = w - dual.lower
    if np.any(y <= 0):
        return math.inf
    scores = np.where(alive, st.rows @ w, -np.inf)
    maxima = np.maximum.reduceat(scores, st.starts)
    total = np.add.reduceat(np.exp((scores - maxima[st.issue]) / tau), st.starts)
    value = float(maxima.sum() + tau * np.log(total).sum() - w @ dual.disagreement)
    return value - float(dual.barrier(mu) @ np.log(y))


def _direction(
    st: Stacked, dual: Dual, w: Array, tau: float, mu: float, gains: Array, pi: Array, means: Array
) -> tuple[Array, float]:
    """Newton direction and decrement of the smoothed dual."""
    y = w - dual.lower
    m = dual.barrier(mu)
    grad = gains - m / y
    centred = st.rows - means[st.issue]
    hess = (centred.T * pi) @ centred / tau + np.diag(m / np.maximum(y * y, 1e-300))
    k = w.shape[0]
    try:
        if dual.kind == "max-min":
            kkt = np.zeros((k + 1, k + 1))
            kkt[:k, :k] = hess
            kkt[:k, k] = kkt[k, :k] = 1.0
            dw = np.linalg.solve(kkt, np.concatenate([-grad, [0.0]]))[:k]
        else:
            dw = -np.linalg.solve(hess, grad)
    except np.linalg.LinAlgError:
        return np.zeros(k), 0.0
    return dw, float(-grad @ dw)


def _step(
    st: Stacked,
    alive: Mask,
    dual: Dual,
    w: Array,
    dw: Array,
    value: float,
    dec: float,
    tau: float,
    mu: float,
) -> Array | None:
    """Backtracking line search along `dw` inside the domain; None when no step decreases."""
    y = w - dual.lower
    step = 1.0
    shrinking = dw < 0
    if shrinking.any():
        step = min(1.0, 0.99 * float(np.min(-y[shrinking] / dw[shrinking])))
    noise = 1e-15 * (abs(value) + dual.unit)
    for _ in range(_HALVINGS):
        trial = w + step * dw
        if _value(st, alive, dual, trial, tau, mu) <= value - 1e-2 * step * dec + noise:
            return trial
        step *= 0.5
    return None


def refine(
    st: Stacked,
    alive: Mask,
    dual: Dual,
    state: State,
    *,
    prune_below: float,
    branch_at: float,
    iters: int,
    gap: float = 0.0,
) -> Refined:
    """Improve the node's bound by up to `iters` Newton steps on the smoothed dual.

    Stops early once the bound is below `prune_below` (the node can be pruned), once the
    smoothed lottery's criterion reaches `branch_at` (no bound can prune it), once bound and
    lottery are within `gap`, or at convergence for the smallest temperature. The temperature
    (and barrier weight) shrink whenever the Newton decrement falls below them. (A node whose
    relaxation is empty has a dual unbounded below: its steps may overflow, and its bound then
    only falls.)
    """
    with np.errstate(over="ignore", under="ignore", divide="ignore", invalid="ignore"):
        return _refine(st, alive, dual, state, prune_below, branch_at, iters, gap)


def _refine(
    st: Stacked,
    alive: Mask,
    dual: Dual,
    state: State,
    prune_below: float,
    branch_at: float,
    iters: int,
    gap: float,
) -> Refined:
    w, tau, mu = state.w, state.tau, state.mu
    tau_min = TAU_MIN * dual.unit
    best = evaluate(st, alive, dual, w)
    best_w, primal = w, -math.inf
    for _ in range(iters):
        value, gains, pi, means = _smoothed(st, alive, dual, w, tau, mu)
        primal = max(primal, dual.primal(gains))
        if best.bound + best.margin < prune_below or primal >= branch_at:
            break
        if best.bound - primal <= gap:
            break
        dw, dec = _direction(st, dual, w, tau, mu, gains, pi, means)
        trial = None if dec <= tau else _step(st, alive, dual, w, dw, value, dec, tau, mu)
        if trial is None:
            if tau <= tau_min:
                break
            tau, mu = max(tau * _SHRINK, tau_min), max(mu * _SHRINK, tau_min)
            continue
        w = trial
        ev = evaluate(st, alive, dual, w)
        if ev.bound < best.bound:
            best, best_w = ev, w
    return Refined(state=State(w=best_w, tau=tau, mu=mu), evaluation=best, primal=primal)
