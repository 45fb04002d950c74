"""Zeuthen's monotonic concession protocol on a two-party discrete Pareto frontier.

The protocol (Zeuthen 1930; Harsanyi 1956; as a protocol for agents, Rosenschein and Zlotkin
1994): both parties open with their best individually rational frontier deal. While neither offer
gives the other side at least what its own offer gives it, each party's *willingness to risk
conflict* is

    risk_i = (u_i(own offer) - u_i(other's offer)) / (u_i(own offer) - d_i),

and the party with the lower risk concedes (both do on a tie), by the smallest concession that
reverses the comparison. Harsanyi observed that ``risk_0 <= risk_1`` exactly when the Nash
product of party 0's offer is at most that of party 1's offer, ``N(x_0) <= N(x_1)`` with
``N(x) = (u_0(x) - d_0)(u_1(x) - d_1)``; that is how it is evaluated here, as the sum of the
logarithms of the gains (:func:`bargain.protocols._shared.log_gains`), so the comparison is exact
where the two ratios would round differently and does not depend on the unit of the values (no
product overflows or underflows).

The discrete variant implemented
--------------------------------
Frontier rows are sorted by party 0's utility, so party 0's offer row ``a`` lies above party
1's offer row ``b`` until they meet. With ``c`` the larger of the two offers' Nash products:

1. If ``N(a) < N(b)`` party 0 concedes: it moves to the row ``r`` with ``b < r < a`` and
   ``N(r) > N(b)`` that is best for it (largest ``r``): its smallest concession after which
   party 1 has the lower risk. If there is none, party 0 concedes to ``b``: agreement on
   ``b``. Symmetrically when ``N(b) < N(a)``.
2. On a tie (``N(a) = N(b)``) both concede, each to its best row strictly between with
   ``N(r) > c``; if they meet, that is the agreement. If no row between beats ``c``, both
   offers are Nash deals and the parties agree on the one the library's tie rule picks (the
   lexicographically smallest deal, as :func:`bargain.solve` does).

"Equal" and "greater" use the library's tie tolerance (:data:`bargain.solutions.concepts.TIE_RTOL`,
relative on products, so absolute on their logarithms).

Why the endpoint is a Nash deal, and what a round costs: docs/algorithms.md.

Arrays: ``utilities`` ``(m, 2)`` sorted by the first column ascending, the second strictly
descending (as :attr:`bargain.Frontier.utilities`), every row individually rational.

Examples
--------
>>> import numpy as np
>>> u = np.array([[0.25, 0.7], [0.5, 0.5], [0.75, 0.3]])
>>> trace = zeuthen_rounds(u, np.zeros(2))
>>> [r.offers for r in trace.rounds], trace.agreed
([(2, 0), (2, 1), (1, 1)], 1)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain.protocols._shared import Context, RangeMax, check_rounds, log_gains
from bargain.protocols.result import ConcessionPath, Step
from bargain.solutions.concepts import TIE_RTOL

__all__ = ["ZeuthenRound", "ZeuthenTrace", "risks", "run", "zeuthen_rounds"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class ZeuthenRound:
    """One round: the frontier rows both parties offer after it, and who conceded in it.

    ``risk`` holds both parties' willingness to risk conflict given the offers at the start of
    the round (``None`` in the opening round).
    """

    offers: tuple[int, int]
    conceded: tuple[bool, bool]
    risk: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class ZeuthenTrace:
    """The rounds played and the agreed row (``None`` when stopped by the round limit)."""

    rounds: tuple[ZeuthenRound, ...]
    agreed: int | None


def _risk(own: float, other: float, d: float) -> float:
    """``(own - other) / (own - d)``, with the three numbers halved first if that overflows."""
    with np.errstate(over="ignore", invalid="ignore"):
        ratio = (own - other) / (own - d)
        if not np.isfinite(ratio):
            ratio = (own / 2 - other / 2) / (own / 2 - d / 2)
    return float(ratio)


def risks(utilities: Array, disagreement: Array, a: int, b: int) -> tuple[float, float]:
    """Both parties' willingness to risk conflict when 0 offers row `a` and 1 offers row `b`."""
    u = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    return _risk(u[a, 0], u[b, 0], d[0]), _risk(u[b, 1], u[a, 1], d[1])


def _greater(x: float, y: float) -> bool:
    """``x > y`` beyond the tie tolerance, for logarithms of products."""
    return x > y + TIE_RTOL


def zeuthen_rounds(
    utilities: Array,
    disagreement: Array,
    *,
    max_rounds: int | None = None,
    prefer: Callable[[int, int], int] | None = None,
) -> ZeuthenTrace:
    """Play the monotonic concession protocol with Zeuthen's rule (see the module docstring).

    Parameters
    ----------
    utilities
        ``(m, 2)`` the individually rational frontier, ``m >= 1``, sorted as described above.
    disagreement
        ``(2,)``.
    max_rounds
        Stop without agreement after this many rounds (the opening counts as round 1).
    prefer
        Tie rule between two rows that are both Nash deals: returns the row to agree on
        (default: the lower row).

    Returns
    -------
    ZeuthenTrace
    """
    u = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    nash = log_gains(u, d).sum(axis=1)  # the logarithm of each row's Nash product
    rows = RangeMax(nash)
    a, b = u.shape[0] - 1, 0
    rounds = [ZeuthenRound(offers=(a, b), conceded=(False, False), risk=None)]
    if a == b:
        return ZeuthenTrace(tuple(rounds), a)
    while max_rounds is None or len(rounds) < max_rounds:
        risk = risks(u, d, a, b)
        if _greater(nash[b], nash[a]):  # party 0 has the lower risk: it concedes
            better = rows.last_above(b + 1, a, nash[b] + TIE_RTOL)
            new_a = better if better >= 0 else b
            rounds.append(ZeuthenRound((new_a, b), (True, False), risk))
            a = new_a
        elif _greater(nash[a], nash[b]):  # party 1 concedes
            better = rows.first_above(b + 1, a, nash[a] + TIE_RTOL)
            new_b = better if better >= 0 else a
            rounds.append(ZeuthenRound((a, new_b), (False, True), risk))
            b = new_b
        else:  # equal risks: both concede
            c = max(nash[a], nash[b]) + TIE_RTOL
            last = rows.last_above(b + 1, a, c)
            if last >= 0:
                a, b = last, rows.first_above(b + 1, a, c)
            else:
                pick = prefer(a, b) if prefer is not None else b
                a = b = pick
            rounds.append(ZeuthenRound((a, b), (True, True), risk))
        if a == b:
            return ZeuthenTrace(tuple(rounds), a)
    return ZeuthenTrace(tuple(rounds), None)


# --------------------------------------------------------------------------- the driver
def run(ctx: Context, options: Mapping[str, Any]) -> ConcessionPath:
    """Zeuthen's protocol on the scenario's individually rational frontier, told step by step."""
    max_rounds = check_rounds(options.get("rounds"), None)
    used = {"rounds": max_rounds}
    if ctx.u.shape[0] == 0:
        return ctx.finish("zeuthen", [], None, False, 0, ctx.no_deal(), used)
    order = np.lexsort(ctx.u.T[::-1])
    u, deals = ctx.u[order], ctx.deals[order]

    def prefer(a: int, b: int) -> int:
        return a if tuple(deals[a]) < tuple(deals[b]) else b

    trace = zeuthen_rounds(u, ctx.d, max_rounds=max_rounds, prefer=prefer)
    steps: list[Step] = []
    conceded = [0, 0]
    previous: tuple[int, int] | None = None
    last = len(trace.rounds)
    for r, rnd in enumerate(trace.rounds, start=1):
        risk = None if rnd.risk is None else ctx.mapping(np.asarray(rnd.risk))
        for p in (0, 1):
            row = rnd.offers[p]
            before = None if previous is None else deals[previous[p]]
            moved = previous is not None and previous[p] != row
            conceded[p] += moved
            if previous is None:
                note = "opening offer: its best individually rational deal"
            elif rnd.risk is None:  # pragma: no cover - only the opening has no risks
                note = ""
            else:
                mine, theirs = rnd.risk[p], rnd.risk[1 - p]
                if rnd.conceded == (True, True):
                    note = f"equal risks ({mine:.3f}): both concede"
                elif rnd.conceded[p]:
                    note = f"lower risk ({mine:.3f} < {theirs:.3f}): concedes"
                else:
                    note = f"stands firm (risk {mine:.3f} > {theirs:.3f})"
            accepted = r == last and trace.agreed == row and (moved or previous is None)
            if accepted:
                note += "; accepted" if previous is not None else "; accepted at once"
            steps.append(
                ctx.step(
                    r,
                    p,
                    deals[row],
                    accepted,
                    ctx.changes(before, deals[row]),
                    note,
                    utilities=u[row],
                    risk=risk,
                )
            )
        previous = rnd.offers
    if trace.agreed is None:
        message = (
            f"Zeuthen's monotonic concession protocol: no agreement within {max_rounds} rounds "
            f"(the limit `rounds`); the offers still differ."
        )
        return ctx.finish("zeuthen", steps, None, False, last, message, used)
    final = deals[trace.agreed]
    nash = ctx.nash()
    same = nash is not None and bool(np.array_equal(nash, final))
    where = (
        "the Nash deal"
        if same
        else "a deal tied with the Nash deal for the largest product of gains"
    )
    message = (
        f"Zeuthen's monotonic concession protocol on the {u.shape[0]:,} individually rational "
        f"frontier deals: agreement in round {last} on {where}. The side less willing to risk "
        f"conflict concedes each round: {ctx.names[ctx.keys[0]]} conceded {conceded[0]} time(s), "
        f"{ctx.names[ctx.keys[1]]} {conceded[1]}."
    )
    return ctx.finish("zeuthen", steps, final, True, last, message, used)
