"""Time-based concession tactics: a simulated negotiation against a deadline, any number of parties.

This is the family of time-dependent agents of the automated-negotiation field (Faratin, Sierra
and Jennings 1998; the GENIUS ``TimeDependentAgent``; NegMAS' aspiration negotiators), run on the
individually rational Pareto frontier so that results can be compared with theirs.

Definition
----------
There are ``T`` rounds. In round ``t = 1..T`` the relative time is ``tau = (t - 1) / T`` and party
``i`` demands its *aspiration*

    a_i(tau) = best_i - (best_i - d_i) * tau ** e_i,

falling from ``best_i``, its largest utility on the individually rational frontier, towards its
disagreement utility ``d_i``, which it would reach at the deadline ``tau = 1``, just after the
last round. The concession exponent ``e_i`` sets the tactic: Boulware ``e > 1`` (holds out,
concedes late), linear ``e = 1``, conceder ``e < 1`` (concedes early). The names ``"boulware"``,
``"linear"`` and ``"conceder"`` stand for 4, 1 and 1/4, NegMAS' polynomial aspiration presets;
GENIUS writes the same curves with ``1 / e`` (its Boulware has ``e = 0.2``).

Proposers take turns in party order from the first proposer. The proposer offers, among the
frontier deals that meet its own aspiration, the one best for the others: the largest product of
the other parties' gains over their disagreement utilities (with two parties, simply the other's
best). With ``rng`` given it instead offers one of those deals uniformly at random (NegMAS'
stochastic aspiration negotiators). Every other party accepts when the offer meets its own
current aspiration; the offer is agreed when all of them accept. No agreement after round ``T``
means no agreement.

Arrays: ``utilities`` ``(m, n)`` the individually rational frontier; ``disagreement`` and
``exponents`` ``(n,)``.

Examples
--------
>>> import numpy as np
>>> u = np.array([[0.2, 0.8], [0.5, 0.5], [0.8, 0.2]])
>>> trace = time_based_rounds(u, np.zeros(2), np.ones(2), rounds=4)
>>> [(r.proposer, r.row, r.accepted) for r in trace]
[(0, 2, False), (1, 0, False), (0, 1, True)]
>>> np.round(trace[-1].aspiration, 3)
array([0.4, 0.4])
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["EXPONENTS", "TimeBasedRound", "aspirations", "time_based_rounds"]

Array = NDArray[np.float64]

#: Named concession exponents (NegMAS' polynomial aspiration presets).
EXPONENTS = {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}


@dataclass(frozen=True, slots=True)
class TimeBasedRound:
    """One round: who proposed which frontier row, whether all accepted, and every aspiration."""

    proposer: int
    row: int
    accepted: bool
    aspiration: Array


def aspirations(tau: float, best: Array, disagreement: Array, exponents: Array) -> Array:
    """Every party's aspiration at relative time `tau` in ``[0, 1]``.

    Examples
    --------
    >>> import numpy as np
    >>> aspirations(0.5, np.ones(3), np.zeros(3), np.array([4.0, 1.0, 0.25])).round(3)
    array([0.938, 0.5  , 0.159])
    """
    best = np.asarray(best, dtype=np.float64)
    out: Array = best - (best - disagreement) * tau ** np.asarray(exponents, dtype=np.float64)
    return out


def time_based_rounds(
    utilities: Array,
    disagreement: Array,
    exponents: Array,
    *,
    rounds: int,
    first: int = 0,
    rng: np.random.Generator | None = None,
) -> list[TimeBasedRound]:
    """Run the time-based negotiation (see the module docstring) until agreement or round `rounds`.

    Parameters
    ----------
    utilities
        ``(m, n)`` the individually rational frontier, ``m >= 1``.
    disagreement, exponents
        ``(n,)`` each; exponents > 0.
    rounds
        The number of rounds ``T`` before the deadline.
    first
        The first proposer.
    rng
        When given, each proposer offers a uniformly random deal meeting its aspiration.

    Returns
    -------
    list of TimeBasedRound
        The last one is accepted exactly when there is agreement.
    """
    u = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    n = u.shape[1]
    best = u.max(axis=0)
    log_gains = np.log(u - d)
    out = []
    for t in range(1, rounds + 1):
        a = aspirations((t - 1) / rounds, best, d, exponents)
        p = (first + t - 1) % n
        ok = np.flatnonzero(u[:, p] >= a[p])
        if rng is not None:
            row = int(ok[rng.integers(ok.size)])
        else:
            others = np.delete(log_gains[ok], p, axis=1).sum(axis=1)
            row = int(ok[np.argmax(others)])
        accepted = bool(np.all(np.delete(u[row] >= a, p)))
        out.append(TimeBasedRound(p, row, accepted, a))
        if accepted:
            break
    return out
