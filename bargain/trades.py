"""Issue trades (logrolling) between two parties, from a starting deal.

Integrative bargaining moves away from a starting deal by trades that leave both sides better
off (Walton and McKersie 1965; Raiffa 1982; as a protocol between agents, Rosenschein and Zlotkin
1994). A trade works when the parties value issues differently: party A's gain per unit of B's
loss on one issue, ``r_k = dA_k / -dB_k``, against B's gain per unit of A's loss on another,
``r_l = dB_l / -dA_l``; moving both issues together benefits both exactly when the ratios of
marginal values differ, ``r_k * r_l > 1``, and a trade changes nothing in either party's unit of
utility.

Definition
----------
A *trade* changes the levels of two issues (each to any of its levels: one moves in A's
favour, the other pays for it with levels in B's favour, a side payment of levels), or of a
single issue that both parties gain from. It is *mutually beneficial* when both parties gain
strictly (more than a rounding tolerance, ``1e-12`` of the party's utility scale). From the
starting deal, the trade with the most joint gain is made, the joint gain being the product of
the two parties' gains (so that it does not depend on either party's unit; a trade that does not
benefit both is never made); ties go to the trade listed first (issue order, then level order;
single-issue moves before pairs). This repeats until no mutually beneficial trade remains. So:

- no party is ever worse off than before a trade (both utilities rise strictly at each step);
- the process ends (utilities rise strictly, and there are finitely many deals);
- the final deal is one that no trade of one or two issues improves for both.

That final deal can still be off the Pareto frontier (a Pareto improvement may need three
issues to move at once) and, as it depends on the start, far from the Nash deal; the path
result reports both distances. The disagreement point plays no role in the trades themselves.

Arrays: ``tables[i]`` is ``(n_levels_i, 2)`` (:attr:`bargain.Scenario.tables`); ``levels``
``(n_issues,)`` level indices.

Examples
--------
>>> import numpy as np
>>> missiles = np.array([[0.0, 1.0], [0.7, 0.8], [0.8, 0.0]])   # Russia, NATO
>>> exercises = np.array([[0.0, 0.5], [0.5, 0.4], [0.6, 0.0]])
>>> trades = trade_sequence([missiles, exercises], np.array([2, 0]))
>>> [(t.issues, t.levels) for t in trades]
[((0, 1), (1, 1))]
>>> np.round(trades[0].gains, 3)
array([0.4, 0.7])
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargain.methods import TIE_RTOL

__all__ = ["Trade", "best_trade", "trade_sequence", "trade_tolerance"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Trade:
    """One trade: the issues it moves, their new levels, and each party's gain ``(2,)``."""

    issues: tuple[int, ...]
    levels: tuple[int, ...]
    gains: Array


def trade_tolerance(tables: Sequence[Array]) -> Array:
    """Per party, the smallest gain that counts (``1e-12`` of its largest possible utility)."""
    scale = sum((np.abs(np.asarray(t)).max(axis=0) for t in tables), np.zeros(2))
    out: Array = 1e-12 * (1.0 + scale)
    return out


def _moves(
    tables: Sequence[Array], levels: NDArray[np.intp]
) -> tuple[NDArray[np.intp], NDArray[np.intp], Array]:
    """Every single-issue move from `levels`: its issue, new level and utility change ``(K, 2)``."""
    issues, news, deltas = [], [], []
    for i, table in enumerate(tables):
        t = np.asarray(table, dtype=np.float64)
        for b in range(t.shape[0]):
            if b != levels[i]:
                issues.append(i)
                news.append(b)
                deltas.append(t[b] - t[levels[i]])
    delta = np.asarray(deltas, dtype=np.float64).reshape(-1, 2)
    return np.asarray(issues, dtype=np.intp), np.asarray(news, dtype=np.intp), delta


def best_trade(tables: Sequence[Array], levels: NDArray[np.intp]) -> Trade | None:
    """The mutually beneficial trade with the largest product of gains, or ``None``."""
    tol = trade_tolerance(tables)
    issue, new, delta = _moves(tables, np.asarray(levels))
    if delta.shape[0] == 0:
        return None
    single = np.where(np.all(delta > tol, axis=1), delta[:, 0] * delta[:, 1], -np.inf)
    pair = delta[:, None, :] + delta[None, :, :]
    ok = np.all(pair > tol, axis=2) & (issue[:, None] < issue[None, :])
    pair_score = np.where(ok, pair[..., 0] * pair[..., 1], -np.inf).ravel()
    scores = np.concatenate([single, pair_score])
    best = scores.max()
    if not np.isfinite(best):
        return None
    j = int(np.flatnonzero(scores >= best - TIE_RTOL * abs(best))[0])
    k = delta.shape[0]
    if j < k:
        return Trade((int(issue[j]),), (int(new[j]),), delta[j].copy())
    a, b = divmod(j - k, k)
    return Trade((int(issue[a]), int(issue[b])), (int(new[a]), int(new[b])), delta[a] + delta[b])


def trade_sequence(
    tables: Sequence[Array], start: NDArray[np.intp], *, max_trades: int | None = None
) -> list[Trade]:
    """The trades made from `start`, in order, until none is left (or `max_trades` are made)."""
    levels = np.array(start, dtype=np.intp)
    out: list[Trade] = []
    while max_trades is None or len(out) < max_trades:
        trade = best_trade(tables, levels)
        if trade is None:
            break
        for i, lv in zip(trade.issues, trade.levels, strict=True):
            levels[i] = lv
        out.append(trade)
    return out
