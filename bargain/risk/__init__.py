"""Breakdown risk: how likely each party is to accept a deal when numbers are uncertain.

:func:`breakdown` draws the uncertain numbers of a scenario (disagreement utilities, values,
weights: any parameter path), and counts who accepts the deal in each draw; the robust deal is the
one with the largest expected Nash product under the same draws (:mod:`bargain.risk.robust`).
"""

from bargain.risk.result import BreakdownResult, RobustDeal
from bargain.risk.run import breakdown

__all__ = ["BreakdownResult", "RobustDeal", "breakdown"]
