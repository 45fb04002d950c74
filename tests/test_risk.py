"""Breakdown risk: acceptance probabilities against closed forms, the robust deal by brute force."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain import (
    Dirichlet,
    Issue,
    Normal,
    Party,
    Scenario,
    ScenarioError,
    TruncatedNormal,
    Uniform,
    breakdown,
)
from tests.independent import refused_by, utility
from tests.strategies import structured_scenarios


def _phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def _cake(d_a: float = 0.2, d_b: float = -0.2) -> Scenario:
    split = Issue("split", "Split", ["all to A", "half", "all to B"])
    extra = Issue("extra", "Extra", ["none", "some"])
    a = Party("a", "A", values={"split": [1.0, 0.5, 0.0], "extra": [0.0, 0.2]}, disagreement=d_a)
    b = Party("b", "B", values={"split": [0.0, 0.5, 1.0], "extra": [0.1, 0.0]}, disagreement=d_b)
    return Scenario(name="cake", issues=[split, extra], parties=[a, b])


DEAL = {"split": "half", "extra": "some"}  # A gets 0.7, B 0.5


def _within(result: bargain.BreakdownResult, exact: dict[str, float]) -> None:
    for key, p in exact.items():
        se = max(result.standard_errors[key], 1e-3)
        assert abs(result.acceptance[key] - p) <= 5 * se


@pytest.mark.parametrize(
    ("distribution", "expected"),
    [
        (Uniform(0.0, 1.0), 0.7),
        (Uniform(-0.5, 0.5, relative=True), 0.7 - (0.2 - 0.5)),  # U(-0.3, 0.7): always below 0.7
        (Normal(0.6, 0.2), _phi((0.7 - 0.6) / 0.2)),
        (Normal(0.0, 0.1, relative=True), _phi(0.5 / 0.1)),
        (TruncatedNormal(0.6, 0.2, 0.0, 1.0), None),
    ],
)
def test_one_uncertain_disagreement(distribution: object, expected: float | None) -> None:
    s = _cake()
    risk = breakdown(s, DEAL, uncertainty={"a.disagreement": distribution}, samples=20_000, rng=3)
    assert risk.exact is not None and risk.agreement_exact is not None
    if expected is None:  # a truncated normal: its own distribution function
        z = [(x - 0.6) / 0.2 for x in (0.0, 0.7, 1.0)]
        expected = (_phi(z[1]) - _phi(z[0])) / (_phi(z[2]) - _phi(z[0]))
    assert risk.exact["a"] == pytest.approx(min(expected, 1.0), abs=1e-12)
    assert risk.exact["b"] == 1.0
    assert risk.agreement_exact == pytest.approx(risk.exact["a"])
    _within(risk, dict(risk.exact))
    assert risk.breakdown_probability == pytest.approx(1 - risk.agreement_probability)


def test_several_normal_numbers_add_up() -> None:
    s = _cake()
    uncertainty = {
        "a.disagreement": Normal(0.5, 0.1),
        "a.values.split[1]": Normal(0.0, 0.2, relative=True),
        "a.values.split[0]": Normal(0.0, 5.0, relative=True),  # not in the deal: no effect
        "b.weights.split": Uniform(0.5, 1.5),  # B: u = w * 0.5 + 0.0 > -0.2 always
    }
    risk = breakdown(s, DEAL, uncertainty=uncertainty, samples=20_000, rng=5)
    # margin_a = 0.7 - 0.5 with sd sqrt(0.1**2 + 0.2**2)
    p_a = _phi(0.2 / math.sqrt(0.05))
    assert risk.exact == pytest.approx({"a": p_a, "b": 1.0})
    _within(risk, {"a": p_a, "b": 1.0})


def test_weight_and_value_both_uncertain_have_no_closed_form() -> None:
    s = _cake()
    uncertainty = {
        "a.weights.split": Uniform(0.5, 1.5),
        "a.values.split[1]": Uniform(0.0, 1.0),
    }
    risk = breakdown(s, DEAL, uncertainty=uncertainty, samples=2000, rng=1)
    assert risk.exact is None and risk.agreement_exact is None
    assert "exactly" not in risk.message
    risk = breakdown(s, DEAL, uncertainty={"*.weights": Dirichlet(20)}, samples=500, rng=1)
    assert risk.exact is None


def test_independent_parties_multiply() -> None:
    s = _cake(d_b=0.0)
    uncertainty = {"a.disagreement": Uniform(0.0, 1.0), "b.disagreement": Uniform(0.0, 1.0)}
    risk = breakdown(s, DEAL, uncertainty=uncertainty, samples=40_000, rng=11)
    assert risk.exact == pytest.approx({"a": 0.7, "b": 0.5})
    assert risk.agreement_exact == pytest.approx(0.35)
    assert abs(risk.agreement_probability - 0.35) <= 5 * risk.agreement_standard_error


@settings(max_examples=30)
@given(structured_scenarios(max_parties=2, max_issues=3, max_levels=3), st.integers(0, 1000))
def test_robust_deal_is_the_brute_force_best(s: Scenario, seed: int) -> None:
    uncertainty = {f"{k}.disagreement": Uniform(-0.5, 0.5, relative=True) for k in s.party_keys}
    risk = breakdown(s, uncertainty=uncertainty, samples=200, rng=seed)
    best, best_deal = 0.0, None
    for deal in itertools.product(*(range(i.n_levels) for i in s.issues)):
        named = s.describe(np.array(deal))
        value = breakdown(s, named, uncertainty=uncertainty, samples=200, rng=seed)
        product = value.expected_nash_product
        if refused_by(s, deal):
            assert product == 0.0 and value.agreement_probability == 0.0
        if product > best * (1 + 1e-9):
            best, best_deal = product, deal
    if best_deal is None:
        assert risk.robust is None
        return
    assert risk.robust is not None
    assert risk.robust.expected_nash_product == pytest.approx(best, rel=1e-9)
    assert list(risk.robust.utilities.values()) == utility(s, risk.robust.levels)


def test_robust_deal_with_uncertain_values_enumerates_every_deal() -> None:
    s = _cake()
    uncertainty = {"a.values.split": Uniform(-0.3, 0.3, relative=True)}
    risk = breakdown(s, uncertainty=uncertainty, samples=300, rng=2)
    assert risk.robust is not None
    products = {
        deal: breakdown(
            s,
            dict(zip(s.issue_keys, deal, strict=True)),
            uncertainty=uncertainty,
            samples=300,
            rng=2,
        ).expected_nash_product
        for deal in itertools.product(*(i.levels for i in s.issues))
    }
    assert risk.robust.expected_nash_product == pytest.approx(max(products.values()))


def test_default_deal_is_the_nash_deal_and_results_serialise() -> None:
    s = _cake()
    risk = breakdown(s, uncertainty={"a.disagreement": Uniform(0.0, 1.0)}, samples=100, rng=0)
    assert risk.deal == bargain.solve(s).deal and risk.seed == 0
    data = json.loads(risk.to_json())
    assert data["agreement_probability"] == risk.agreement_probability
    assert risk.columns() == ["party", "acceptance", "standard_error", "exact", "robust.acceptance"]
    assert risk.to_csv().splitlines()[0] == ",".join(risk.columns())
    assert "breakdown risk (100 draws)" in risk.table()
    again = breakdown(s, uncertainty={"a.disagreement": Uniform(0.0, 1.0)}, samples=100, rng=0)
    assert again == risk


def test_bad_arguments() -> None:
    s = _cake()
    with pytest.raises(ScenarioError) as info:
        breakdown(s, uncertainty={})
    assert str(info.value).startswith("uncertainty must name at least one uncertain number")
    with pytest.raises(ScenarioError, match=r"parameter 'a.disagrement' is not a parameter"):
        breakdown(s, uncertainty={"a.disagrement": Uniform(0, 1)})
    with pytest.raises(ScenarioError, match=r"samples must be >= 1"):
        breakdown(s, uncertainty={"a.disagreement": Uniform(0, 1)}, samples=0)
    with pytest.raises(ScenarioError) as info:
        breakdown(s, {"split": "half"}, uncertainty={"a.disagreement": Uniform(0, 1)})
    assert str(info.value) == "deal is missing issue(s) extra"
    with pytest.raises(ScenarioError) as info:
        breakdown(s, "half", uncertainty={"a.disagreement": Uniform(0, 1)})  # type: ignore[arg-type]
    assert str(info.value) == (
        "deal must be a deal {issue: level}, a Solution or None (the Nash deal), found str"
    )
