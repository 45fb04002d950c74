"""Stokman & Van Oosten's exchange model (equal-gain variant) across the issues of a proposal.

Stokman, F. N. and Van Oosten, R. (1994), "The exchange of voting positions: an
object-oriented model of policy networks", in Bueno de Mesquita & Stokman (eds.), *European
Community Decision Making*, Yale University Press, 105-127.

Actors hold *voting positions*, at first their positions. The expected outcome of an issue is the
compromise of the voting positions, ``O = Σ c s x / Σ c s``, so an actor that moves its voting
position by ``Δ`` moves the outcome by ``Δ c s / W`` (``W = Σ c s``). Distances are shares of each
issue's range.

One exchange
------------
On two issues ``p`` and ``q`` of a proposal, actors ``i`` and ``j`` can trade when they want both
outcomes moved in opposite directions: one of them left of the outcome on an issue and the other
right of it, on both issues. The one with the higher relative salience ``s_p / s_q`` (say ``i``)
*demands* on ``p`` and *supplies* on ``q``: ``j`` moves its voting position on ``p`` towards
``i`` and ``i`` moves on ``q`` towards ``j``. When the outcomes move by ``δ_p`` (towards ``i``)
and ``δ_q`` (towards ``j``), the gains are::

    gain_i = s_ip δ_p - s_iq δ_q,        gain_j = s_jq δ_q - s_jp δ_p,

and equal gain fixes ``δ_q = δ_p (s_ip + s_jp) / (s_iq + s_jq)``, so both gain
``δ_p (s_ip s_jq - s_iq s_jp) / (s_iq + s_jq) > 0``. The shifts are as large as allowed: neither
actor moves past the other's voting position, and no outcome moves past the demanding actor's
voting position.

The process
-----------
Every feasible exchange of every pair of issues and actors is evaluated; the one with the largest
gain is carried out (ties: the first pair of issues in order, then the first actors), voting
positions and outcomes are updated and all exchanges are evaluated again, until no exchange with
a positive gain remains. An actor never moves its voting position on an issue back in the
direction opposite to an earlier shift. The forecast is the compromise of the final voting
positions. Each exchange is reported with its externalities: the utility change, from their
original positions, of the other actors whose outcomes moved. At most ``max_exchanges`` exchanges
happen per proposal (a warning says when the limit stops the process).

Examples
--------
Two actors, two issues, opposite priorities: each concedes where it cares less.

>>> import numpy as np
>>> from bargain.forecast.positions import Positions
>>> from bargain.forecast._shared import Names
>>> data = Positions(issues=("p", "q"), actors=("a", "b"), proposal=("deal", "deal"),
...                  position=np.array([[100.0, 0.0], [100.0, 0.0]]),
...                  salience=np.array([[0.8, 0.2], [0.2, 0.8]]))
>>> out = exchange(data.problem(), Names(data.issues, data.actors, data.proposals))
>>> np.round(out.predicted, 9).tolist()
[100.0, 0.0]
>>> e = out.exchanges[0]
>>> e.actors, e.issues, tuple(round(s, 9) for s in e.shifts), round(e.gain, 3)
(('a', 'b'), ('p', 'q'), (100.0, 100.0), 0.12)
"""

from __future__ import annotations

import itertools
import warnings

import numpy as np

from bargain.errors import BargainWarning
from bargain.forecast._shared import Array, Exchange, Names, Output, Problem

__all__ = ["MIN_GAIN", "exchange"]

#: Exchanges whose gain (salience × share of the range) is at most this are not made.
MIN_GAIN = 1e-12


def exchange(problem: Problem, names: Names, *, max_exchanges: int = 1000) -> Output:
    """The exchange model's forecast and exchanges for every proposal (see the module notes)."""
    predicted = np.empty(problem.n_issues)
    exchanges: list[Exchange] = []
    for group in range(problem.n_groups):
        rows = problem.issues_of(group)
        outcome, made = _proposal(problem, names, group, rows, max_exchanges)
        predicted[rows] = problem.low[rows] + outcome * problem.span[rows]
        exchanges += made
    return Output(predicted, np.ones(problem.n_issues, dtype=bool), tuple(exchanges))


def _proposal(
    problem: Problem, names: Names, group: int, rows: np.ndarray, max_exchanges: int
) -> tuple[Array, list[Exchange]]:
    span = problem.span[rows]
    present = problem.present[rows].T  # (actors, issues)
    x0 = np.where(present, (problem.x[rows].T - problem.low[rows]) / span, 0.0)
    s = np.where(present, problem.s[rows].T, 0.0)
    omega = np.where(present, problem.c[rows].T * s, 0.0)
    total = omega.sum(axis=0)
    plain = np.where(present, x0, 0.0).sum(axis=0) / present.sum(axis=0)
    x = x0.copy()
    moved = np.zeros_like(x)  # the direction of each actor's past shifts on each issue

    def outcomes() -> Array:
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.asarray(np.where(total > 0, (omega * x).sum(axis=0) / total, plain))

    made: list[Exchange] = []
    n_issues = rows.shape[0]
    pairs = [(p, q) for p, q in itertools.combinations(range(n_issues), 2)]
    if not pairs:
        return outcomes(), made
    active = omega > 0
    for _ in range(max_exchanges):
        o = outcomes()
        side = np.where(active, np.sign(x - o[None, :]), 0.0)
        best = (MIN_GAIN, -1, -1, -1, 0.0, 0.0)
        for k, (p, q) in enumerate(pairs):
            found = _best_pair(x, s, omega, total, o, side, moved, p, q)
            if found is not None and found[0] > best[0]:
                best = (found[0], k, found[1], found[2], found[3], found[4])
        gain, k, i, j, dp, dq = best
        if k < 0:
            break
        p, q = pairs[k]
        before = o.copy()
        towards_i = side[i, p]  # j moves on p in i's direction
        towards_j = side[j, q]  # i moves on q in j's direction
        shift_p = dp * total[p] / omega[j, p]
        shift_q = dq * total[q] / omega[i, q]
        x[j, p] = _toward(x[j, p], x[i, p], shift_p)
        x[i, q] = _toward(x[i, q], x[j, q], shift_q)
        moved[j, p] = towards_i
        moved[i, q] = towards_j
        after = outcomes()
        ext = {}
        for a in range(x.shape[0]):
            if a in (i, j):
                continue
            change = float(
                sum(
                    s[a, d] * (abs(before[d] - x0[a, d]) - abs(after[d] - x0[a, d]))
                    for d in (p, q)
                    if present[a, d]
                )
            )
            if abs(change) > 1e-15:
                ext[names.actors[a]] = change
        made.append(
            Exchange(
                proposal=names.proposals[group],
                actors=(names.actors[i], names.actors[j]),
                issues=(names.issues[rows[p]], names.issues[rows[q]]),
                shifts=(float(shift_p * span[p]), float(shift_q * span[q])),
                outcome_shifts=(float(dp * span[p]), float(dq * span[q])),
                gain=float(gain),
                externalities=ext,
            )
        )
    else:
        warnings.warn(
            f"exchange model: proposal {names.proposals[group]!r} stopped after "
            f"{max_exchanges:,} exchanges (max_exchanges); more were possible",
            BargainWarning,
            stacklevel=4,
        )
    return outcomes(), made


def _toward(start: float, target: float, shift: float) -> float:
    """`start` moved `shift` towards `target`, never past it (rounding)."""
    if target >= start:
        return min(start + shift, target)
    return max(start - shift, target)


def _best_pair(
    x: Array,
    s: Array,
    omega: Array,
    total: Array,
    o: Array,
    side: Array,
    moved: Array,
    p: int,
    q: int,
) -> tuple[float, int, int, float, float] | None:
    """The best exchange on issues (p, q): ``(gain, i, j, δ_p, δ_q)`` with `i` demanding on p."""
    sp, sq = side[:, p], side[:, q]
    # i demands on p, j on q: opposite sides on both issues, i's relative salience higher
    valid = (sp[:, None] != 0) & (sq[:, None] != 0) & (sp[:, None] == -sp[None, :])
    valid &= (sp[:, None] == -sp[None, :]) & (sq[:, None] == -sq[None, :])
    cross = s[:, p][:, None] * s[:, q][None, :] - s[:, q][:, None] * s[:, p][None, :]
    valid &= cross > 0
    # no shift back: j moves on p towards i (direction sp[i]), i moves on q towards j (sq[j])
    valid &= moved[:, p][None, :] != -sp[:, None]
    valid &= moved[:, q][:, None] != -sq[None, :]
    if not valid.any():
        return None
    with np.errstate(divide="ignore", invalid="ignore"):
        cap_p = np.minimum(
            np.abs(x[:, p][:, None] - x[:, p][None, :]) * omega[:, p][None, :] / total[p],
            np.abs(x[:, p] - o[p])[:, None],
        )
        cap_q = np.minimum(
            np.abs(x[:, q][:, None] - x[:, q][None, :]) * omega[:, q][:, None] / total[q],
            np.abs(x[:, q] - o[q])[None, :],
        )
        ratio = (s[:, p][:, None] + s[:, p][None, :]) / (s[:, q][:, None] + s[:, q][None, :])
        dp = np.minimum(cap_p, cap_q / ratio)
        gain = dp * cross / (s[:, q][:, None] + s[:, q][None, :])
    gain = np.where(valid, gain, -np.inf)
    flat = int(np.argmax(gain))
    i, j = divmod(flat, gain.shape[1])
    if not gain[i, j] > 0:
        return None
    return float(gain[i, j]), i, j, float(dp[i, j]), float(dp[i, j] * ratio[i, j])
