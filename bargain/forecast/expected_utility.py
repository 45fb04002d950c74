"""Bueno de Mesquita's expected-utility ("challenge") model, as described by Scholz et al.

The description followed, equation by equation, is Scholz, J. B., Calbert, G. J. and Smith,
G. A. (2011), "Unravelling Bueno De Mesquita's group decision model", *Journal of Theoretical
Politics* 23(4), 510-531 (also in the proceedings of ICAART 2011), which reconstructs the model of
Bueno de Mesquita (1994), "Political forecasting: an expected utility method", in Bueno de
Mesquita & Stokman (eds.), *European Community Decision Making*, Yale UP, 71-104. Equation
numbers below are Scholz et al.'s. One issue at a time; ``n`` actors with positions ``x``,
capabilities ``c`` and saliences ``s`` (as shares: divided by ``salience_scale``).

One round
---------
1. ``R = x_max - x_min``, the range of the current positions, and the median position ``μ``,
   the Condorcet winner of the votes ``v^{jk} = Σ_i c_i s_i (|x_i - x_k| - |x_i - x_j|) / R``
   (the capability×salience-weighted median, midpoint tie rule as in ``"median"``).
2. Probability that ``i`` prevails over ``j`` (eq. 31): third parties vote by distance,
   ``P^i = Σ_{k: a_k > 0} c_k s_k a_k / Σ_k c_k s_k |a_k|`` with ``a_k = |x_k - x_j| -
   |x_k - x_i|`` (0.5 when ``i`` and ``j`` stand together).
3. Utilities (eqs. 15, 16, 22-24), with ``δ = |x_i - x_j| / R`` and risk exponent ``r_i``:
   success ``U_s = 2 - 4 (0.5 - 0.5 δ)**r_i``, failure ``U_f = 2 - 4 (0.5 + 0.5 δ)**r_i``,
   better ``U_b = 2 - 4 (0.5 - 0.25 (|x_i - μ| + |x_i - x_j|) / R)**r_i``, worse ``U_w`` the same
   with ``+``, status quo ``U_sq = 2 - 4 (0.5)**r_i``.
4. Expected utility of ``i`` challenging ``j`` (eqs. 5-7):
   ``E^i(U_ij) = s_j (P^i U_s + (1 - P^i) U_f) + (1 - s_j) U_s - Q U_sq -
   (1 - Q)(T U_b + (1 - T) U_w)``, with ``T = 1`` when ``μ`` is nearer ``i`` than ``j`` is
   (``|x_i - μ| < |x_i - x_j|``) and ``T = 0`` otherwise (cases 1, 3A and 2, 3B of Scholz et al.).
5. Risk (eqs. 32-34): the expected utilities are first computed with ``r_i = 1``; actor ``i``'s
   security is what its adversaries expect from challenging it, ``Sec_i = Σ_{j≠i} E^j(U_ji)``;
   ``R_i = (2 Sec_i - max Sec - min Sec) / (max Sec - min Sec)`` and ``r_i = (1 - R_i / 3) /
   (1 + R_i / 3)`` (from 0.5 to 2); the expected utilities are computed again with these ``r_i``.
6. Offers (section 6): for every ordered pair, ``a = E^i(U_ij)``, ``b = E^j(U_ji)``. When
   ``a > 0 > b``: if ``|a| > |b|`` ``i`` has the upper hand and ``j`` is offered a compromise,
   moving part way, ``x_j + (x_i - x_j)|b / a|`` (eq. 35); otherwise ``j`` capitulates to
   ``x_i``. Both positive: conflict, whose outcome is uncertain, so nobody moves; both negative:
   stalemate. Each actor takes, of the offers made to it, the one from the proposer with the
   highest expected utility (the most enforceable; ties: the smallest move), and all move at
   once.

Rounds repeat ``rounds`` times, or stop earlier when no position changes (a round that moves
nobody repeats for ever). The forecast is the median ``μ`` after the last round
(``outcome="mean"``: the capability×salience-weighted mean).

Choices where the description is ambiguous
------------------------------------------
- ``R`` is the range of the current positions, as eq. 14 prints ``x_max - x_min``.
- Security uses the adversaries' expected utilities, as the text of section 5 defines it (the
  appendix's ``E^i(U_ji)`` would use i's own).
- Conflict moves nobody (Bueno de Mesquita 1997, p. 244: conflict "has an uncertain outcome");
  the compromise of ``j`` having the upper hand is the mirror of eq. 35 (figure 6; the text's
  sign is a misprint).
- Offer selection: most enforceable first, then least movement (section 6.2).
- ``Q = 1`` by default, the value Scholz et al. chose for the published example.
- Saliences are shares: divided by ``salience_scale`` (default: 1 when no salience exceeds 1,
  else 100 when none exceeds 100, else the largest salience of the data set).

How it compares with the published example (it does not reproduce it exactly): docs/algorithms.md.

Examples
--------
>>> import numpy as np
>>> from bargain.forecast.positions import Positions
>>> data = Positions(issues=("year",), actors=("a", "b", "c"),
...                  position=np.array([[4.0, 7.0, 10.0]]), low=np.array([4.0]),
...                  high=np.array([10.0]), salience=np.array([[80.0, 40.0, 60.0]]),
...                  actor_capability=np.array([0.16, 0.08, 0.16]))
>>> out = expected_utility(data.problem(), rounds=3)
>>> [round(m, 2) for m in out.rounds[0]]
[5.59, 5.66, 5.72]
"""

from __future__ import annotations

import numpy as np

from bargain.forecast._shared import Array, Output, Problem

__all__ = ["RISK_PASSES", "challenge_round", "expected_utility", "salience_scale_of"]

#: Expected utilities are computed twice per round: with r = 1, then with the risk exponents.
RISK_PASSES = 2


def salience_scale_of(saliences: Array) -> float:
    """The default ``salience_scale``: 1, 100 or the largest salience (see the module notes)."""
    top = float(np.max(saliences)) if saliences.size else 0.0
    if top <= 1:
        return 1.0
    if top <= 100:
        return 100.0
    return top


def _median(x: Array, w: Array) -> float:
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    keep = ws > 0
    if not keep.any():
        xs, ws = x[order], np.ones_like(ws)
    else:
        xs, ws = xs[keep], ws[keep]
    cum = np.cumsum(ws)
    half = cum[-1] / 2
    tol = 1e-12 * cum[-1]
    k = int(np.argmax(cum >= half - tol))
    if abs(cum[k] - half) <= tol and k + 1 < xs.shape[0]:
        return float((xs[k] + xs[k + 1]) / 2)
    return float(xs[k])


def _expected(x: Array, s: Array, prob: Array, mu: float, span: float, r: Array, q: float) -> Array:
    """``E[i, j] = E^i(U_ij)`` for risk exponents `r` (eqs. 5-7, 15, 16, 22-24)."""
    dist = np.abs(x[:, None] - x[None, :])
    delta = dist / span
    ri = r[:, None]
    u_s = 2 - 4 * (0.5 - 0.5 * delta) ** ri
    u_f = 2 - 4 * (0.5 + 0.5 * delta) ** ri
    around = (np.abs(x - mu)[:, None] + dist) / span
    u_b = 2 - 4 * np.clip(0.5 - 0.25 * around, 0.0, None) ** ri
    u_w = 2 - 4 * (0.5 + 0.25 * around) ** ri
    u_sq = 2 - 4 * 0.5**ri
    t = (np.abs(x - mu)[:, None] < dist).astype(np.float64)
    sj = s[None, :]
    e = sj * (prob * u_s + (1 - prob) * u_f) + (1 - sj) * u_s
    e = e - q * u_sq - (1 - q) * (t * u_b + (1 - t) * u_w)
    np.fill_diagonal(e, 0.0)
    return np.asarray(e)


def challenge_round(
    x: Array, c: Array, s: Array, *, q: float = 1.0
) -> tuple[Array, Array, Array, float]:
    """One round for actors at `x`: new positions, the expected utilities, risk exponents, ``μ``.

    Parameters
    ----------
    x, c, s
        Positions, capabilities and saliences (shares in [0, 1]) of the actors of one issue.
    q
        The probability ``Q`` that the status quo holds when ``i`` does not challenge.

    Returns
    -------
    tuple
        ``(new x, E with r_i, r, μ)``; ``E[i, j] = E^i(U_ij)``.
    """
    n = x.shape[0]
    w = c * s
    mu = _median(x, w)
    span = float(x.max() - x.min())
    if n < 2 or span <= 0:
        return x.copy(), np.zeros((n, n)), np.ones(n), mu
    a = np.abs(x[:, None, None] - x[None, None, :]) - np.abs(x[:, None, None] - x[None, :, None])
    # a[k, i, j] = |x_k - x_j| - |x_k - x_i|: > 0 when k is nearer i (supports i against j)
    num = np.einsum("k,kij->ij", w, np.clip(a, 0.0, None))
    den = np.einsum("k,kij->ij", w, np.abs(a))
    prob = np.divide(num, den, out=np.full((n, n), 0.5), where=den > 0)
    r = np.ones(n)
    e = _expected(x, s, prob, mu, span, r, q)
    security = e.sum(axis=0)  # Sec_i = Σ_j E^j(U_ji): column i
    top, bottom = float(security.max()), float(security.min())
    risk = (2 * security - top - bottom) / (top - bottom) if top > bottom else np.zeros(n)
    r = (1 - risk / 3) / (1 + risk / 3)
    e = _expected(x, s, prob, mu, span, r, q)
    # offers to each receiver j: (enforceability, new position)
    best_force = np.full(n, -np.inf)
    new = x.copy()
    first, second = e, e.T  # a = E^i(U_ij), b = E^j(U_ji) for proposer i, receiver j
    for i in range(n):
        for j in range(n):
            ai, bj = first[i, j], second[i, j]
            if i == j or not (ai > 0 > bj):
                continue
            target = x[j] + (x[i] - x[j]) * abs(bj / ai) if abs(ai) > abs(bj) else x[i]
            move = abs(target - x[j])
            if ai > best_force[j] or (ai == best_force[j] and move < abs(new[j] - x[j])):
                best_force[j] = ai
                new[j] = target
    return new, e, r, mu


def expected_utility(
    problem: Problem,
    *,
    rounds: int = 5,
    q: float = 1.0,
    salience_scale: float | None = None,
    outcome: str = "median",
) -> Output:
    """The expected-utility model's forecast of every issue (see the module notes)."""
    scale = (
        salience_scale_of(problem.s[problem.present])
        if salience_scale is None
        else float(salience_scale)
    )
    predicted = np.empty(problem.n_issues)
    trace: dict[int, tuple[float, ...]] = {}
    for i in range(problem.n_issues):
        cols = np.flatnonzero(problem.present[i])
        x = problem.x[i, cols].astype(np.float64)
        c = problem.c[i, cols]
        s = np.clip(problem.s[i, cols] / scale, 0.0, 1.0)
        w = c * s
        medians = []
        for _ in range(rounds):
            new, _, _, _ = challenge_round(x, c, s, q=q)
            changed = not np.array_equal(new, x)
            x = new
            medians.append(_median(x, w))
            if not changed:
                break
        trace[i] = tuple(medians)
        if outcome == "mean":
            total = w.sum()
            predicted[i] = float((w * x).sum() / total) if total > 0 else float(x.mean())
        else:
            predicted[i] = _median(x, w)
    return Output(predicted, np.ones(problem.n_issues, dtype=bool), rounds=trace)
