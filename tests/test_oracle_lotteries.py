"""Lotteries against independent optimality checks: one property test per method.

The expected utilities of the engine's lottery are recomputed from the raw scenario data. Nash
and asymmetric Nash: the value must reach :func:`bargain.testing.nash_lottery_bound`, an upper
bound on every lottery by convex duality (so the lottery is optimal, not merely better than the
best deal). Egalitarian and Kalai-Smorodinsky: the smallest (relative) expected gain must equal
the optimum of :func:`bargain.testing.lottery_max_min`'s linear program, the total the optimum
of its second stage, with the ideal point of :func:`bargain.testing.lottery_ideal`. Each test
asserts (:func:`tests.branches.run_property`) that its branches were reached.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import strategies as st

from bargain import Issue, Party, Scenario, Solution, solve
from bargain.testing import (
    deal_utilities,
    every_deal,
    lottery_ideal,
    lottery_max_min,
    nash_lottery_bound,
    oracle_solution,
)
from tests.branches import run_property
from tests.strategies import hard_scenarios

LOTTERY_CASES = (
    "lottery-only",
    "bottleneck",
    "ties",
    "symmetric",
    "degenerate",
    "one-deal",
    "no-deal",
    "many-points",
    "many-points",
    "lottery-only",
    "floats",
)
TOL = 1e-7


def expected_gains(s: Scenario, sol: Solution) -> np.ndarray:
    """The solution's expected gains, from the raw data; checks the lottery is a lottery."""
    d = np.array([p.disagreement for p in s.parties])
    assert sol.levels is not None
    if sol.lottery is None:
        u = np.array(deal_utilities(s, sol.levels))
    else:
        probs = np.array(sol.lottery.probabilities)
        assert np.all(probs > 0) and math.isclose(probs.sum(), 1.0, rel_tol=1e-12)
        u = probs @ np.array([deal_utilities(s, levels) for levels in sol.lottery.levels])
    np.testing.assert_allclose(list(sol.utilities.values()), u, rtol=1e-12, atol=1e-15)
    return u - d


def shape_labels(s: Scenario, sol: Solution) -> list[str]:
    labels = [f"case: {s.name}", f"{s.n_parties} parties"]
    if sol.lottery is not None:
        labels.append("a lottery of several deals")
    elif sol.agreement:
        labels.append("one deal is best")
    if sol.agreement and not oracle_solution(s, "egalitarian").agreement:
        labels.append("no rational deal, a rational lottery")
    return labels


def rational_room(s: Scenario) -> float:
    """How far into the rational region lotteries reach, each party's gains in units of its
    largest absolute gain (1: a deal gives everyone its best; 1e-6: a sliver)."""
    d = np.array([p.disagreement for p in s.parties])
    u = np.array([deal_utilities(s, deal) for deal in every_deal(s)])
    scale = np.abs(u - d).max(axis=0)
    found = lottery_max_min(s, np.where(scale > 0, scale, 1.0).tolist())
    return 0.0 if found is None else found[0]


def check_nash(s: Scenario, method: str) -> list[str]:
    p = s.powers if method == "asymmetric-nash" else np.ones(s.n_parties)
    sol = solve(s, method, lotteries=True)
    labels = shape_labels(s, sol)
    bound = nash_lottery_bound(s, powers=p.tolist())
    if bound is None:
        assert not sol.agreement
        return [*labels, "no rational lottery"]
    if not sol.agreement:
        found = lottery_max_min(s, [1.0] * s.n_parties)
        assert found is not None and found[0] < 1e-9, "a rational lottery exists"
        return [*labels, "borderline: no lottery within rounding"]
    x = expected_gains(s, sol)
    assert np.all(x > 0)
    value = float(p @ np.log(x))
    assert value <= bound + 1e-9  # sanity of the bound: no lottery is above it
    if rational_room(s) < SLIVER:
        labels.append("a sliver of rational lotteries")
    assert value >= bound - TOL, f"not optimal: log product {value} < bound {bound}"
    if method == "asymmetric-nash" and len(set(p.tolist())) > 1:
        swapped = nash_lottery_bound(s, powers=p[::-1].tolist())
        if swapped is not None and abs(float(p[::-1] @ np.log(x)) - swapped) > 1e-6:
            labels.append("swapped powers give another lottery")
    return labels


def check_ray(s: Scenario, method: str, *, second_stage: bool = False) -> list[str]:
    sol = solve(s, method, lotteries=True)
    labels = shape_labels(s, sol)
    if method == "egalitarian":
        direction = np.ones(s.n_parties)
    else:
        ideal = lottery_ideal(s)
        if ideal is None:
            assert not sol.agreement
            return [*labels, "no rational lottery"]
        direction = ideal
    found = lottery_max_min(s, direction.tolist())
    if found is None:
        assert not sol.agreement
        return [*labels, "no rational lottery"]
    t, total, _ = found
    if not sol.agreement:
        assert t < 1e-9, f"a lottery reaches {t} along the direction"
        return [*labels, "borderline: no lottery within rounding"]
    x = expected_gains(s, sol)
    reach = float((x / direction).min())
    assert abs(reach - t) <= TOL * max(1.0, t), f"smallest relative gain {reach}, optimum {t}"
    if s.n_parties > 2 and abs(total - (direction * t).sum()) > 1e-6:
        labels.append("the second stage raises the total")
    if second_stage:
        assert x.sum() >= total - TOL * max(1.0, abs(total)), f"total {x.sum()} < {total}"
    return labels


#: Below this reach into the rational region (see rational_room), the three-party Nash lottery
#: is not optimal (an engine bug: test_nash_lottery_in_a_sliver).
SLIVER = 1e-4
LOTTERIES = hard_scenarios(cases=LOTTERY_CASES)
COMMON = {
    "a lottery of several deals": 20,
    "one deal is best": 10,
    "no rational lottery": 5,
    "no rational deal, a rational lottery": 5,
    "3 parties": 20,
    "case: many-points": 5,
}


def test_nash_lottery_reaches_the_duality_bound() -> None:
    run_property(LOTTERIES, lambda s: check_nash(s, "nash"), examples=200, required=COMMON)


def test_asymmetric_nash_lottery_reaches_the_duality_bound() -> None:
    run_property(
        st.one_of(
            hard_scenarios(cases=LOTTERY_CASES, unequal_powers=True),
            hard_scenarios(cases=LOTTERY_CASES, max_parties=2, unequal_powers=True),
        ),
        lambda s: check_nash(s, "asymmetric-nash"),
        examples=250,
        required={
            **COMMON,
            "no rational deal, a rational lottery": 3,
            "swapped powers give another lottery": 20,
        },
    )


def test_kalai_smorodinsky_lottery_is_the_lp_optimum() -> None:
    run_property(
        LOTTERIES, lambda s: check_ray(s, "kalai-smorodinsky"), examples=200, required=COMMON
    )


def test_egalitarian_lottery_is_the_lp_optimum() -> None:
    run_property(
        LOTTERIES,
        lambda s: check_ray(s, "egalitarian"),
        examples=200,
        required={**COMMON, "the second stage raises the total": 3},
    )


# Found by these tests: with three or more parties, nash_lottery stopped short of the optimum
# when the rational lotteries are a sliver (16% below it in the reproducer); the exact relaxation
# of the branch and bound now solves three-party lotteries.


def test_sliver_reproducer() -> None:
    # Only lotteries of deals l1 and l2 with P(l1) in (1/2, 0.500004) are rational. The optimum
    # puts P(l1) = 1/2 + 2.67e-6: gains of about 3.33e-7 each, log product -44.742.
    s = Scenario(
        name="sliver",
        issues=[Issue("i0", levels=["l0", "l1", "l2"])],
        parties=[
            Party("p0", "", values={"i0": [0, 0.125, 0]}, disagreement=0.0625),
            Party("p1", "", values={"i0": [0, 0.125, 0]}, disagreement=0.0625),
            Party("p2", "", values={"i0": [0, 2e-6, 0.25]}, disagreement=0.125),
        ],
    )
    sol = solve(s, lotteries=True)
    assert sol.nash_product is not None
    bound = nash_lottery_bound(s)
    assert bound is not None and abs(bound - -44.742) < 1e-3
    assert math.log(sol.nash_product) >= bound - TOL


# Found by these tests: bargain.solutions.lottery._max_min fell back to the best single deal
# whenever the second stage's lottery was below that deal's max-min by the LP's rounding, so the
# total was not maximised when a single deal attains the max-min (test_second_stage_reproducer,
# on the relaxation and on the frontier path).


def test_egalitarian_lottery_maximises_the_total_at_the_max_min() -> None:
    run_property(
        hard_scenarios(cases=("bottleneck",), min_parties=3),
        lambda s: check_ray(s, "egalitarian", second_stage=True),
        examples=200,
        required={"a lottery of several deals": 5},
        shrink=False,
    )


def test_kalai_smorodinsky_lottery_maximises_the_total_at_the_max_min() -> None:
    # The same fallback, but the ideal point is a lottery's, so a single deal rarely attains the
    # max-min of the ratios: no example here meets the bug.
    run_property(
        LOTTERIES,
        lambda s: check_ray(s, "kalai-smorodinsky", second_stage=True),
        examples=200,
        required={"a lottery of several deals": 5},
    )


@pytest.mark.parametrize("engine", ["auto", "merge"])
def test_second_stage_reproducer(engine: str) -> None:
    # Party 2 gains 5/32 at best, in every deal with i1 = l0: the max-min is 5/32. Mixing deal
    # (0, 0, 0) (gains 10/32, 8/32, 5/32) with (0, 0, 1) (gains 2/32, 20/32, 5/32) at 3/8 keeps
    # everyone at 5/32 or more and raises the total from 23/32 to 51/64.
    issues = [Issue(f"i{i}", levels=["l0", "l1"]) for i in range(3)]
    s = Scenario(
        name="second-stage",
        issues=issues,
        parties=[
            Party(
                "p0", "", values={"i0": [0, 0], "i1": [0, 0], "i2": [0.25, 0]}, disagreement=-1 / 16
            ),
            Party(
                "p1",
                "",
                values={"i0": [0, 0], "i1": [0.125, 0], "i2": [0, 0.375]},
                disagreement=-1 / 8,
            ),
            Party(
                "p2",
                "",
                values={"i0": [0, 0], "i1": [0.125, 0], "i2": [0, 0]},
                disagreement=-1 / 32,
            ),
        ],
    )
    sol = solve(s, "egalitarian", lotteries=True, engine=engine)
    assert min(sol.gains.values()) == pytest.approx(5 / 32)
    assert sum(sol.gains.values()) == pytest.approx(51 / 64)


def test_utilitarian_lottery_is_the_best_deal() -> None:
    def check(s: Scenario) -> list[str]:
        sol = solve(s, "utilitarian", lotteries=True)
        oracle = oracle_solution(s, "utilitarian")
        assert sol.lottery is None and sol.agreement == oracle.agreement
        if not oracle.agreement:
            return ["no rational deal"]
        assert sol.levels is not None and tuple(sol.levels) == oracle.chosen
        return ["tie rule" if oracle.ties else "unique", f"case: {s.name}"]

    run_property(
        hard_scenarios(cases=("symmetric", "ties", "symmetric", "no-deal", "many-points")),
        check,
        examples=150,
        required={"tie rule": 5, "no rational deal": 5},
    )
