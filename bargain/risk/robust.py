"""The robust deal: the largest expected Nash product when numbers are uncertain.

A deal any party rejects in a draw gains nothing in that draw (talks break down: every party gets
its disagreement utility). The robust deal maximises the expected Nash product

    E[ prod_p max(u_p(deal) - d_p, 0) ]        (0 when a party red-lines the deal)

estimated by the mean over the draws. It trades a little of the nominal Nash product for a
higher chance that everyone accepts: with certain numbers it is the Nash deal. Ties (up to the
solver's :data:`~bargain.solutions.concepts.TIE_RTOL`) go to the lexicographically smallest deal.

Candidates, exactly:

- when only disagreement utilities (or powers, discounts) are uncertain, every deal's utilities are
  fixed and the objective is nondecreasing in each of them draw by draw, so the maximum is on the
  Pareto frontier of the deal space: the frontier's deals are the candidates;
- when values or weights are uncertain, the utilities move with the draws, so every deal no red
  line excludes is a candidate, evaluated draw by draw; this is refused beyond
  :data:`MAX_CANDIDATES` deals.

Arrays: ``utilities`` ``(m, n_parties)``; ``disagreement`` ``(n_draws, n_parties)``; per-draw
``tables`` ``(n_draws, n_parties, n_levels_e)`` of the effective issues.

Examples
--------
>>> import numpy as np
>>> u = np.array([[0.0, 1.0], [0.5, 0.5], [0.8, 0.3]])
>>> d = np.array([[0.1, 0.1], [0.6, 0.1]])  # party 0's outside option is uncertain
>>> expected_products(u, d).round(3).tolist()
[0.0, 0.08, 0.09]
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from bargain.frontier.enumerate import combination_table

__all__ = ["BLOCK", "MAX_CANDIDATES", "best", "expected_products", "expected_products_per_draw"]

#: The most deals evaluated draw by draw (values or weights uncertain).
MAX_CANDIDATES = 2**16
#: Cells (draws x deals x parties) formed at once.
BLOCK = 2**21

Array = NDArray[np.float64]


def expected_products(utilities: Array, disagreement: Array) -> Array:
    """Mean over draws of the product of positive gains, for fixed utilities ``(m, k)``."""
    u = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    m, k = u.shape
    total = np.zeros(m)
    step = max(1, BLOCK // max(1, m * k))
    for a in range(0, d.shape[0], step):
        gains = np.maximum(u[None, :, :] - d[a : a + step, None, :], 0.0)
        total += np.prod(gains, axis=2).sum(axis=0)
    out: Array = total / d.shape[0]
    return out


def expected_products_per_draw(tables: Sequence[Array], disagreement: Array) -> Array:
    """Mean over draws of the product of positive gains of every deal of the effective space.

    `tables` are per-draw effective tables ``(n_draws, n_parties, n_levels_e)``; the deals are
    numbered in C order over the effective levels.
    """
    d = np.asarray(disagreement, dtype=np.float64)
    n_draws, k = d.shape
    n_deals = int(np.prod([t.shape[2] for t in tables]))
    total = np.zeros(n_deals)
    step = max(1, BLOCK // max(1, n_deals * k))
    for a in range(0, n_draws, step):
        b = min(a + step, n_draws)
        product = np.ones((b - a, n_deals))
        for p in range(k):
            u = combination_table([t[a:b, p, :].T for t in tables], b - a)  # (n_deals, b - a)
            product *= np.maximum(u.T - d[a:b, p, None], 0.0)
        total += product.sum(axis=0)
    out: Array = total / n_draws
    return out


def best(scores: Array, deals: NDArray[np.intp], rtol: float) -> int | None:
    """Row of the largest positive score; ties within `rtol` to the smallest deal."""
    top = float(scores.max(initial=0.0))
    if not top > 0:
        return None
    rows = np.flatnonzero(scores >= top - rtol * top)
    rows = rows[np.lexsort(np.asarray(deals)[rows].T[::-1])]
    return int(rows[0])
