"""A slow, obviously correct oracle for the tests, on top of :mod:`bargain.testing`.

Utilities come from the raw scenario data (:func:`bargain.testing.deal_utilities`: values times
weights, summed issue by issue in plain Python), never from ``Scenario.utilities`` or the tables,
and the Pareto set is filtered by the definition of dominance over every pair
(:func:`bargain.testing.pareto_set`). The floats equal a correct engine's bit for bit, so the
Pareto set can be compared exactly. Only for tiny deal spaces.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from bargain import Scenario
from bargain.testing import deal_utilities, every_deal
from bargain.testing import pareto_set as _pareto_set

Array = NDArray[np.float64]

#: The documented relative tie tolerance of the solution concepts (a rounding allowance).
TIE_RTOL = 1e-12


def all_deals(s: Scenario) -> tuple[NDArray[np.intp], Array]:
    """Every deal in lexicographic order, and its utilities (from the raw data)."""
    deals = every_deal(s)
    u = np.array([deal_utilities(s, deal) for deal in deals], dtype=np.float64)
    return np.array(deals, dtype=np.intp).reshape(len(deals), s.n_issues), u


def pareto_set(s: Scenario) -> dict[tuple[float, ...], list[tuple[int, ...]]]:
    """Each non-dominated utility vector -> every deal reaching it (lexicographic order)."""
    return _pareto_set(s)


def leximin_key(v: Array) -> tuple[float, ...]:
    return tuple(sorted(v.tolist()))


def leximin_best(rows: list[tuple[float, ...]]) -> tuple[float, ...]:
    """The leximin-best sorted row, levels compared up to the documented relative tolerance.

    (An exact tuple comparison would let a last-bit difference in the smallest value outweigh
    any difference in the next one.)
    """
    cand = rows
    for j in range(len(rows[0])):
        top = max(r[j] for r in cand)
        cand = [r for r in cand if r[j] >= top - TIE_RTOL * abs(top)]
    return cand[0]


def best_value(method: str, u: Array, d: Array, powers: Array) -> float | tuple[float, ...] | None:
    """The optimum of `method` over the rows of `u` (every deal), straight from the definitions."""
    g = u - d
    ok = np.all(g > 0, axis=1)
    if not ok.any():
        return None
    g = g[ok]
    if method == "nash":
        return float(max(np.prod(row) for row in g))
    if method == "asymmetric-nash":
        return float(max(np.prod(row**powers) for row in g))
    if method == "utilitarian":
        return float(max(row.sum() for row in g))
    if method == "egalitarian":
        return leximin_best([leximin_key(row) for row in g])
    if method == "kalai-smorodinsky":
        ideal = g.max(axis=0)
        return leximin_best([leximin_key(row / ideal) for row in g])
    raise ValueError(method)


def value_of(
    method: str, u: Array, d: Array, powers: Array, ideal: Array | None = None
) -> float | tuple[float, ...]:
    """The criterion of one deal (utilities `u`), as in :func:`best_value`."""
    g = u - d
    if method == "nash":
        return float(np.prod(g))
    if method == "asymmetric-nash":
        return float(np.prod(g**powers))
    if method == "utilitarian":
        return float(g.sum())
    if method == "egalitarian":
        return leximin_key(g)
    assert ideal is not None
    return leximin_key(g / ideal)


def ideal_gains(u: Array, d: Array) -> Array:
    g = u - d
    return g[np.all(g > 0, axis=1)].max(axis=0)
