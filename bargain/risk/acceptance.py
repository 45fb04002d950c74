"""Acceptance of a deal under uncertainty: Monte Carlo estimates and the closed form.

A party accepts a deal when it red-lines none of its levels and the deal's utility to it beats
its disagreement utility, ``u_p(deal) - d_p > 0`` (the *margin*). When some of the party's
numbers are uncertain (to the other parties, or to the analyst), the margin is a random variable
and acceptance a probability.

Monte Carlo: with ``N`` draws the estimate is the share of draws accepted, with standard error
``sqrt(p (1 - p) / N)``; all parties accept in a draw when each does.

Closed form. The margin is affine in each of the party's numbers as long as a weight and the value
it multiplies are not both uncertain: ``m = m0 + sum_j a_j (X_j - x_j)``, with ``a_j = -1`` for the
disagreement utility, the weight ``w_i`` for the value of the deal's level of issue ``i``, that
value for the weight ``w_i`` (values of other levels, powers and discounts do not enter). Then:

- no uncertain number enters: the party accepts with probability 1 if ``m0 > 0``, else 0;
- one does, with distribution function ``F``: ``P = 1 - F(x - m0 / a)`` for ``a > 0`` and
  ``F(x - m0 / a)`` for ``a < 0``;
- all that enter are normal: ``m`` is normal with mean ``m0 + sum_j a_j (E X_j - x_j)`` and
  variance ``sum_j a_j**2 sd_j**2``, and ``P = Phi(mean / sd)``;
- otherwise (a weight vector drawn from a Dirichlet, a weight and its value both uncertain, sums
  of non-normal numbers) there is no closed form here, and ``None`` is returned.

Every number belongs to one party and the distributions are drawn independently, so parties accept
independently: the probability that all accept is the product of theirs.

Arrays: margins ``(n_draws, n_parties)``; refusals ``(n_parties,)``.

Examples
--------
>>> import numpy as np
>>> accept = accepted(np.array([[0.1, 0.2], [-0.1, 0.3], [0.2, 0.1]]), np.zeros(2, bool))
>>> p, se, p_all, se_all = estimates(accept)
>>> p.round(3).tolist(), round(p_all, 3)
([0.667, 1.0], 0.667)
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from bargain._optional import scipy_special
from bargain.model.params import Param
from bargain.model.scenario import Scenario
from bargain.sweeps.distributions import Distribution, Normal

__all__ = ["Uncertain", "accepted", "closed_form", "estimates"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class Uncertain:
    """One uncertain number: its parameter, distribution (``None``: in a vector) and value."""

    param: Param
    distribution: Distribution | None
    current: float


def accepted(margins: Array, refused: NDArray[np.bool_]) -> NDArray[np.bool_]:
    """Who accepts in each draw: no red line in the deal and a margin strictly above 0."""
    out: NDArray[np.bool_] = (np.asarray(margins) > 0) & ~np.asarray(refused)[None, :]
    return out


def estimates(accept: NDArray[np.bool_]) -> tuple[Array, Array, float, float]:
    """Monte Carlo acceptance: each party's share and standard error, all parties' likewise."""
    n = accept.shape[0]
    p = accept.mean(axis=0)
    everyone = float(np.all(accept, axis=1).mean())
    se = np.sqrt(p * (1 - p) / n)
    return p, se, everyone, math.sqrt(everyone * (1 - everyone) / n)


def _coefficient(scenario: Scenario, levels: Sequence[int], u: Uncertain) -> float:
    """``d margin / d number`` for the deal `levels` (0 for numbers that do not enter)."""
    prm = u.param
    party = scenario.parties[prm.party]
    if prm.field == "disagreement":
        return -1.0
    if prm.field == "value":
        if levels[prm.issue] != prm.level:
            return 0.0
        return party.weight(scenario.issues[prm.issue].key)
    if prm.field == "weight":
        return float(party.values[scenario.issues[prm.issue].key][levels[prm.issue]])
    return 0.0  # powers and discounts do not change a margin


def _party_closed_form(
    scenario: Scenario, levels: Sequence[int], margin: float, numbers: Sequence[Uncertain]
) -> float | None:
    entering = []
    for u in numbers:
        a = _coefficient(scenario, levels, u)
        if a == 0.0:
            continue
        if u.distribution is None:
            return None  # part of a weight vector drawn at once
        entering.append((a, u))
    weights = {u.param.issue for a, u in entering if u.param.field == "weight"}
    if any(u.param.field == "value" and u.param.issue in weights for a, u in entering):
        return None  # a weight times its value: not affine
    if not entering:
        return 1.0 if margin > 0 else 0.0
    if len(entering) == 1:
        a, u = entering[0]
        assert u.distribution is not None
        threshold = u.current - margin / a
        below = u.distribution.cdf(threshold, u.current)
        return 1.0 - below if a > 0 else below
    if all(isinstance(u.distribution, Normal) for _, u in entering):
        mean, var = margin, 0.0
        for a, u in entering:
            dist = u.distribution
            assert isinstance(dist, Normal)
            mean += a * (dist.expectation(u.current) - u.current)
            var += (a * dist.sd) ** 2
        return float(scipy_special().ndtr(mean / math.sqrt(var)))
    return None


def closed_form(
    scenario: Scenario,
    levels: Sequence[int],
    margins: Array,
    refused: NDArray[np.bool_],
    numbers: Sequence[Uncertain],
) -> tuple[Array | None, float | None]:
    """Each party's exact acceptance probability, and all parties', when they have a closed form.

    `margins` are the deal's nominal margins ``(n_parties,)``; `numbers` the uncertain numbers.
    Returns ``(None, None)`` unless every party's probability has one (see the module notes).
    """
    out = np.empty(scenario.n_parties)
    for p in range(scenario.n_parties):
        if refused[p]:
            out[p] = 0.0
            continue
        mine = [u for u in numbers if u.param.party == p]
        value = _party_closed_form(scenario, levels, float(margins[p]), mine)
        if value is None:
            return None, None
        out[p] = value
    return out, float(np.prod(out))
