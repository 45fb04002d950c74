"""An oracle independent of the engine: utilities, red lines and links from the raw scenario data.

Nothing here uses ``Scenario.utilities``, ``Scenario.tables`` or ``Scenario.space``: every deal is
enumerated with itertools, each party's utility is summed in plain Python from its weights,
values and links, and a deal is allowed when no party red-lines one of its levels. On scenarios
with values on binary grids (``tests.strategies.structured_scenarios``) every sum is exact, so the
engine's utilities must match these bit for bit.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
from numpy.typing import NDArray

from bargain import Scenario

Array = NDArray[np.float64]


def utility(s: Scenario, deal: tuple[int, ...]) -> list[float]:
    """Each party's utility of `deal`: weighted values plus the links the deal satisfies."""
    out = []
    for party in s.parties:
        total = 0.0
        for issue, j in zip(s.issues, deal, strict=True):
            total += party.weights.get(issue.key, 1.0) * party.values[issue.key][j]
        for link in s.links:
            if link.party != party.key:
                continue
            hit = all(
                deal[s.issue_keys.index(k)] == s.issue(k).levels.index(level)
                for k, level in link.levels.items()
            )
            if hit:
                total += link.value
        out.append(total)
    return out


def refused_by(s: Scenario, deal: tuple[int, ...]) -> list[str]:
    """The parties that red-line some level of `deal`."""
    return [
        p.key
        for p in s.parties
        if any(
            issue.levels[j] in p.red_lines.get(issue.key, ())
            for issue, j in zip(s.issues, deal, strict=True)
        )
    ]


def space(s: Scenario) -> tuple[list[tuple[int, ...]], Array]:
    """Every deal no party red-lines, in lexicographic order, and its utilities."""
    deals = [
        deal
        for deal in itertools.product(*(range(i.n_levels) for i in s.issues))
        if not refused_by(s, deal)
    ]
    u = np.array([utility(s, deal) for deal in deals], dtype=np.float64)
    return deals, u.reshape(len(deals), s.n_parties)


def pareto(u: Array) -> list[int]:
    """Rows of `u` no other row dominates (every copy of a repeated vector)."""
    keep = []
    for i in range(u.shape[0]):
        dominated = np.any(np.all(u >= u[i], axis=1) & np.any(u > u[i], axis=1))
        if not dominated:
            keep.append(i)
    return keep


def segment_nash(g: Array, powers: Array) -> float:
    """Two parties: the largest weighted log Nash product over every segment between points.

    In the plane the Pareto boundary of the convex hull of the points is made of segments between
    two of them, so the maximum over all segments is the maximum over lotteries. Returns ``-inf``
    when no lottery is individually rational.
    """
    a, b = float(powers[0]), float(powers[1])
    best = -math.inf
    n = g.shape[0]
    for i in range(n):
        for j in range(i, n):
            p, q = g[i], g[j]
            dx, dy = q[0] - p[0], q[1] - p[1]
            ts = [0.0, 1.0]
            if dx * dy != 0:
                ts.append(-(a * dx * p[1] + b * dy * p[0]) / ((a + b) * dx * dy))
            for t in ts:
                if not 0.0 <= t <= 1.0:
                    continue
                x, y = p[0] + t * dx, p[1] + t * dy
                if x > 0 and y > 0:
                    best = max(best, a * math.log(x) + b * math.log(y))
    return best


def segment_egalitarian(g: Array) -> float:
    """Two parties: the largest smallest expected gain over every segment between points."""
    best = -math.inf
    n = g.shape[0]
    for i in range(n):
        for j in range(i, n):
            p, q = g[i], g[j]
            ts = [0.0, 1.0]
            denom = (q[0] - p[0]) - (q[1] - p[1])
            if denom != 0:
                ts.append((p[1] - p[0]) / denom)
            for t in ts:
                if 0.0 <= t <= 1.0:
                    best = max(best, min(p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return best
