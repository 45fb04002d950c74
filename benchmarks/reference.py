"""Reference answers for the benchmarked problems, computed without the engine's algorithms.

Each benchmark asserts that the answer it timed equals the reference answer for its problem:

- :func:`check_frontier`: a frontier is a set of mutually non-dominated points (two parties:
  strictly increasing first utility, strictly decreasing second), each the raw-data utility of its
  deal (:func:`bargain.testing.deal_utilities`, on a sample), and it reaches the same maximum of
  every linear function as the whole deal space. That maximum is separable over issues (a linear
  function of a sum is the sum of the per-issue maxima), so it is computed exactly from the raw
  values for spaces far too large to enumerate: this pins the frontier's extreme points.
- :func:`nash_lottery_log_bound`: an upper bound on the log Nash product of every lottery (two
  parties), by convex duality with the same separable maximum; a lottery within rounding of it is
  optimal.
- :func:`best_rows`: the rows of given utilities that a solution concept picks, by its
  definition in plain Python (products, sums and sorted tuples).
"""

from __future__ import annotations

import math

import numpy as np

from bargain import Scenario
from bargain.testing import deal_utilities

DIRECTIONS = np.array(
    [[1.0, 0.0], [0.0, 1.0], [1.0, 1.0], [1.0, 3.0], [3.0, 1.0], [0.2, 0.7], [0.9, 0.1]]
)


def raw_tables(s: Scenario) -> list[np.ndarray]:
    """Per issue, each level's weighted values for every party, from the raw data."""
    return [
        np.array([[p.weights.get(i.key, 1.0) * v for v in p.values[i.key]] for p in s.parties]).T
        for i in s.issues
    ]


def support(tables: list[np.ndarray], w: np.ndarray) -> float:
    """The largest ``w . u`` over every deal: the sum over issues of the best level's."""
    return float(sum((t @ w).max() for t in tables))


def directions(k: int) -> np.ndarray:
    if k == 2:
        return DIRECTIONS
    rng = np.random.default_rng(0)
    return np.vstack([np.eye(k), np.ones((1, k)), rng.random((20, k))])


def check_frontier(
    s: Scenario,
    u: np.ndarray,
    deals: np.ndarray,
    *,
    sample: int = 50,
    disagreement: np.ndarray | None = None,
) -> None:
    """Assert that `u` (with `deals`) is the Pareto frontier of `s` (see the module notes).

    With `disagreement`, `u` is the frontier's individually rational part: only directions whose
    best deal (the best level of every issue) is rational are checked, at least three.
    """
    assert u.shape == (deals.shape[0], s.n_parties) and u.shape[0] > 0
    if s.n_parties == 2:
        order = np.argsort(u[:, 0], kind="stable")
        a, b = u[order, 0], u[order, 1]
        assert np.all(np.diff(a) > 0) and np.all(np.diff(b) < 0), "points dominate each other"
    rng = np.random.default_rng(1)
    for j in rng.choice(u.shape[0], size=min(sample, u.shape[0]), replace=False):
        assert deal_utilities(s, tuple(int(x) for x in deals[j])) == tuple(u[j].tolist())
    tables = raw_tables(s)
    checked = 0
    for w in directions(s.n_parties):
        if disagreement is not None:
            best = tuple(int(np.argmax(t @ w)) for t in tables)
            if not np.all(np.array(deal_utilities(s, best)) > disagreement):
                continue
        top = support(tables, w)
        got = float((u @ w).max())
        assert math.isclose(got, top, rel_tol=1e-12, abs_tol=1e-12), (w, got, top)
        checked += 1
    assert checked >= 3


def nash_lottery_log_bound(s: Scenario, d: np.ndarray) -> float:
    """Upper bound on ``log(g0) + log(g1)`` over every lottery (two parties), by duality.

    For ``w = (a, 1 - a)`` scaled by the best ``s > 0``: ``2 log M(a) - log a - log(1 - a) -
    2 log 2`` with ``M(a)`` the largest ``w . gain`` over every deal; every ``a`` gives a bound
    (minimised on a grid, then refined).
    """

    tables = raw_tables(s)

    def bound(a: float) -> float:
        w = np.array([a, 1.0 - a])
        m = support(tables, w) - float(w @ d)
        if m <= 0:
            return math.inf
        return 2 * math.log(m) - math.log(a) - math.log(1 - a) - 2 * math.log(2)

    grid = np.linspace(1e-4, 1 - 1e-4, 801)
    values = [bound(float(a)) for a in grid]
    j = int(np.argmin(values))
    lo, hi = float(grid[max(j - 1, 0)]), float(grid[min(j + 1, grid.size - 1)])
    for _ in range(100):  # golden-section search on the bracket (every value is a bound)
        m1, m2 = lo + 0.382 * (hi - lo), hi - 0.382 * (hi - lo)
        if bound(m1) < bound(m2):
            hi = m2
        else:
            lo = m1
    return min(values[j], bound((lo + hi) / 2))


def best_rows(method: str, u: np.ndarray, d: np.ndarray) -> set[int]:
    """Rows of `u` optimal for `method` among the rational ones (ties within 1e-12, relative)."""
    rows = [j for j in range(u.shape[0]) if all(u[j, i] > d[i] for i in range(u.shape[1]))]
    gains = {j: [float(x) for x in u[j] - d] for j in rows}
    if method in ("egalitarian", "kalai-smorodinsky"):
        ideal = [max(gains[j][i] for j in rows) for i in range(u.shape[1])]
        scale = ideal if method == "kalai-smorodinsky" else [1.0] * len(ideal)
        keys = {j: sorted(g / s for g, s in zip(gains[j], scale, strict=True)) for j in rows}
        alive = rows
        for level in range(u.shape[1]):
            top = max(keys[j][level] for j in alive)
            alive = [j for j in alive if keys[j][level] >= top - 1e-12 * abs(top)]
        return set(alive)
    score = {
        "nash": lambda g: math.prod(g),
        "asymmetric-nash": lambda g: math.prod(g),
        "utilitarian": lambda g: sum(g),
    }[method]
    scores = {j: score(gains[j]) for j in rows}
    top = max(scores.values())
    return {j for j in rows if scores[j] >= top - 1e-12 * abs(top)}


def max_min_gain(s: Scenario, d: np.ndarray) -> float:
    """The largest smallest expected gain of a lottery (two parties), by duality.

    ``max_lottery min_i gain_i = min over a in [0, 1] of max_deal (a g0 + (1 - a) g1)``, a convex
    piecewise-linear function of ``a`` computed with the separable maximum.
    """
    tables = raw_tables(s)

    def value(a: float) -> float:
        w = np.array([a, 1.0 - a])
        return support(tables, w) - float(w @ d)

    lo, hi = 0.0, 1.0
    for _ in range(200):
        m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
        if value(m1) <= value(m2):
            hi = m2
        else:
            lo = m1
    return value((lo + hi) / 2)


def ideal_ratio(s: Scenario, d: np.ndarray) -> float:
    """Ideal gain of party 0 over party 1's, over lotteries leaving no one below `d` (two
    parties), by duality: ``max {g_i : g_other >= 0} = min over mu >= 0 of max_deal
    (g_i + mu g_other)``, convex in ``mu``.
    """
    tables = raw_tables(s)

    def ideal(i: int) -> float:
        def value(mu: float) -> float:
            w = np.array([1.0, mu] if i == 0 else [mu, 1.0])
            return support(tables, w) - float(w @ d)

        lo, hi = 0.0, 1e4
        for _ in range(300):
            m1, m2 = lo + (hi - lo) / 3, hi - (hi - lo) / 3
            if value(m1) <= value(m2):
                hi = m2
            else:
                lo = m1
        return value((lo + hi) / 2)

    return ideal(0) / ideal(1)
