"""Rubinstein alternating offers: closed form, Nash and asymmetric Nash limits, continuations."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargain import (
    Issue,
    Party,
    Scenario,
    ScenarioError,
    concession_path,
    load_scenario,
    solve,
)
from bargain.protocols.alternating import rubinstein
from tests.strategies import scenarios

DELTA = st.floats(min_value=0.05, max_value=0.99)


def _split(weights: list[float], d: tuple[float, float]) -> Scenario:
    """A linear frontier: each issue gives its weight wholly to a or wholly to b."""
    issues = [Issue(f"i{j}", "", ["to a", "to b"]) for j in range(len(weights))]
    a = Party("a", "", values={f"i{j}": [w, 0.0] for j, w in enumerate(weights)}, disagreement=d[0])
    b = Party("b", "", values={f"i{j}": [0.0, w] for j, w in enumerate(weights)}, disagreement=d[1])
    return Scenario(name="split", issues=issues, parties=[a, b])


def _u(path_or_solution: object) -> np.ndarray:
    return np.array(list(path_or_solution.utilities.values()))  # type: ignore[attr-defined]


@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=4),
    st.floats(0.0, 0.3),
    st.floats(0.0, 0.3),
    DELTA,
    DELTA,
    st.sampled_from(["a", "b"]),
)
def test_closed_form_on_a_linear_frontier(
    weights: list[int], d0: float, d1: float, delta0: float, delta1: float, first: str
) -> None:
    w = [float(x) for x in weights]
    total = sum(w)
    s = _split(w, (d0 * total, d1 * total))
    surplus = total - (d0 + d1) * total
    path = concession_path(s, "alternating-offers", discounts=[delta0, delta1], first=first)
    me, other = (0, 1) if first == "a" else (1, 0)
    deltas = (delta0, delta1)
    share = (1 - deltas[other]) / (1 - deltas[0] * deltas[1])
    gains = _u(path) - s.disagreement_point
    np.testing.assert_allclose(gains[me], share * surplus, rtol=1e-9, atol=1e-9)
    np.testing.assert_allclose(gains.sum(), surplus, rtol=1e-9)
    # the responder is offered exactly its continuation value
    assert path.continuation is not None
    np.testing.assert_allclose(
        path.utilities[s.party_keys[other]], path.continuation[s.party_keys[other]], rtol=1e-9
    )
    assert path.rounds == 1 and path.steps[0].accepted and path.steps[0].proposer == first


def _limit_check(s: Scenario, rates: tuple[float, float], eps: float = 1e-6) -> None:
    delta = np.exp(-np.array(rates) * eps)
    path = concession_path(s, "alternating-offers", discounts=list(delta))
    ref = solve(s, "asymmetric-nash", lotteries=True, powers=[1 / rates[0], 1 / rates[1]])
    assert (not path.agreement) == (not ref.agreement)
    if not path.agreement:
        assert "No lottery" in path.message
        return
    scale = 1 + sum(float(np.abs(t).sum()) for t in s.tables)
    np.testing.assert_allclose(_u(path), _u(ref), atol=1e-5 * scale, rtol=0)


@given(scenarios(min_parties=2, max_parties=2, max_issues=5, max_levels=4))
def test_tends_to_the_nash_solution_as_both_discounts_tend_to_one(s: Scenario) -> None:
    _limit_check(s, (1.0, 1.0))


@given(
    scenarios(min_parties=2, max_parties=2, max_issues=4, max_levels=4),
    st.sampled_from([0.5, 1.0, 2.0, 5.0]),
    st.sampled_from([0.5, 1.0, 3.0]),
)
def test_unequal_rates_tend_to_asymmetric_nash_with_powers_one_over_rate(
    s: Scenario, r0: float, r1: float
) -> None:
    _limit_check(s, (r0, r1))


def test_convergence_gets_closer_as_offers_speed_up() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    nash = _u(solve(talks, lotteries=True))
    errors = []
    for eps in (1e-1, 1e-2, 1e-3, 1e-4):
        path = concession_path(
            talks, "alternating-offers", discounts=[np.exp(-eps)] * 2, breakdown_risk=0.0
        )
        errors.append(np.abs(_u(path) - nash).max())
    assert all(a > b for a, b in itertools.pairwise(errors))
    assert errors[-1] < 1e-4


def test_flagship_deadline_threat_favours_the_first_proposer() -> None:
    flagship = concession_path(load_scenario("russia-nato-2022"), "alternating-offers")
    assert not flagship.agreement and flagship.message.startswith("No deal is possible")
    talks = load_scenario("russia-nato-2022-no-red-lines")
    russia_first = concession_path(talks, "alternating-offers")
    nato_first = concession_path(talks, "alternating-offers", first="nato")
    nash = solve(talks, lotteries=True)
    # Equal patience (discounts 1) and a common breakdown risk of 0.1 per rejected offer (the
    # Kremlin's deadline threat): whoever proposes first gets a little more than its Nash share
    assert russia_first.options["breakdown_risk"] == 0.1
    assert russia_first.utilities["russia"] > nash.utilities["russia"]
    assert nato_first.utilities["russia"] < nash.utilities["russia"]
    assert nato_first.utilities["nato"] > nash.utilities["nato"]
    assert russia_first.continuation is not None
    assert russia_first.utilities["nato"] == pytest.approx(russia_first.continuation["nato"])
    assert russia_first.deal is not None
    assert russia_first.deal["missiles"] == "verified mutual moratorium in agreed zones"
    assert "breakdown risk 0.1 per rejected offer" in russia_first.message
    assert russia_first.distance_to_frontier == 0.0
    assert russia_first.lottery is not None and len(russia_first.lottery.deals) == 2
    d0, d1 = russia_first.lottery.deals
    # a lottery over one effective issue: the linked Articles 6 and 7
    assert {k for k in d0 if d0[k] != d1[k]} == {"enlargement", "military_activity"}
    table = russia_first.table()
    assert "continuation" in table and "lottery" in table


def test_no_discounting_reports_the_nash_limit() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    path = concession_path(
        talks, "alternating-offers", discounts={"russia": 1.0, "nato": 1.0}, breakdown_risk=0.0
    )
    np.testing.assert_allclose(_u(path), _u(solve(talks, lotteries=True)), atol=1e-12)
    assert "no unique equilibrium" in path.message


def test_one_patient_party_takes_everything() -> None:
    s = _split([1.0], (0.0, 0.0))
    path = concession_path(s, "alternating-offers", discounts=[0.5, 1.0])
    assert path.utilities["a"] == pytest.approx(0.0, abs=1e-12)
    path = concession_path(s, "alternating-offers", discounts=[1.0, 0.5])
    assert path.utilities["a"] == pytest.approx(1.0)


def test_kernel_directly_and_no_rational_point() -> None:
    v = np.array([[0.0, 1.0], [1.0, 0.0]])
    out = rubinstein(v, np.zeros(2), np.array([0.9, 0.9]), first=1)
    assert out is not None
    np.testing.assert_allclose(out.proposals[1], [0.9 / 1.9, 1 / 1.9])  # proposer: 1 / (1 + delta)
    assert rubinstein(v, np.array([0.6, 0.6]), np.array([0.9, 0.9])) is None
    s = _split([1.0], (0.6, 0.6))
    path = concession_path(s, "alternating-offers")
    assert not path.agreement and path.steps == () and "No lottery" in path.message


@pytest.mark.parametrize(
    ("discounts", "key"),
    [
        ({"russia": 0.0}, "discounts['russia']"),
        ({"russia": 1.5}, "discounts['russia']"),
        ({"nato": -0.2}, "discounts['nato']"),
        ({"russia": "high"}, "discounts['russia']"),
        ({"rusia": 0.9}, "discounts"),
        ([0.9], "discounts"),
        (0.9, "discounts"),
    ],
)
def test_bad_discounts_name_the_argument(discounts: object, key: str) -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    with pytest.raises(ScenarioError) as info:
        concession_path(talks, "alternating-offers", discounts=discounts)
    assert info.value.key == key


def test_three_parties_are_refused() -> None:
    with pytest.raises(ScenarioError, match=r"two parties.*time-based"):
        concession_path(load_scenario("russia-us-2021-no-red-lines"), "alternating-offers")


def test_a_chain_edge_flattened_by_rounding() -> None:
    # 0.125 + 8e-38 == 0.125: the hull chain's last edge is flat in floating point
    issues = [Issue(f"i{j}", "", ["l0", "l1"]) for j in range(2)]
    p0 = Party("p0", "", values={"i0": [8.273397855429367e-38, 0.0], "i1": [0.0, 0.125]})
    p1 = Party("p1", "", values={"i0": [0.0, 0.125], "i1": [0.0, 0.0]})
    s = Scenario(name="flat", issues=issues, parties=[p0, p1])
    _limit_check(s, (0.3, 0.5))
    path = concession_path(s, "alternating-offers", discounts=[0.5, 0.5])
    assert path.deal == {"i0": "l1", "i1": "l1"} and path.lottery is None


@given(
    st.lists(st.integers(1, 4), min_size=1, max_size=4),
    st.floats(0.0, 0.3),
    DELTA,
    DELTA,
    st.floats(0.01, 0.9),
    st.sampled_from(["a", "b"]),
)
def test_breakdown_risk_closed_form_on_a_linear_frontier(
    weights: list[int], d0: float, delta0: float, delta1: float, q: float, first: str
) -> None:
    # Binmore, Rubinstein and Wolinsky (1986): each rejected offer ends the talks with
    # probability q, so the factors are f_i = delta_i (1 - q) and the proposer's share of the
    # surplus is (1 - f_responder) / (1 - f_0 f_1).
    w = [float(x) for x in weights]
    total = sum(w)
    s = _split(w, (d0 * total, 0.0))
    surplus = total - d0 * total
    path = concession_path(
        s, "alternating-offers", discounts=[delta0, delta1], breakdown_risk=q, first=first
    )
    me, other = (0, 1) if first == "a" else (1, 0)
    f = (delta0 * (1 - q), delta1 * (1 - q))
    share = (1 - f[other]) / (1 - f[0] * f[1])
    gains = _u(path) - s.disagreement_point
    np.testing.assert_allclose(gains[me], share * surplus, rtol=1e-9, atol=1e-9)
    assert path.options["breakdown_risk"] == q
    assert f"breakdown risk {q:g} per rejected offer" in path.message


def test_patient_parties_with_breakdown_risk_split_one_over_two_minus_q() -> None:
    s = _split([1.0], (0.0, 0.0))
    for q in (0.5, 0.1, 0.01):
        path = concession_path(s, "alternating-offers", discounts=[1.0, 1.0], breakdown_risk=q)
        assert path.utilities["a"] == pytest.approx(1 / (2 - q), rel=1e-9)


@given(scenarios(min_parties=2, max_parties=2, max_issues=4, max_levels=4))
def test_vanishing_breakdown_risk_tends_to_the_symmetric_nash_solution(s: Scenario) -> None:
    # Whatever the parties' patience, a common breakdown risk q -> 0 per offer (with discounts
    # that also tend to 1 at the same speed) gives powers 1 / (r_i + 1): here equal.
    ref = solve(s, "nash", lotteries=True)
    q = 1e-7
    path = concession_path(s, "alternating-offers", discounts=[1.0, 1.0], breakdown_risk=q)
    assert (not path.agreement) == (not ref.agreement)
    if not path.agreement:
        return
    scale = 1 + sum(float(np.abs(t).sum()) for t in s.tables)
    np.testing.assert_allclose(_u(path), _u(ref), atol=1e-5 * scale, rtol=0)


def test_scenario_breakdown_risk_is_the_default() -> None:
    s = dataclasses.replace(_split([1.0], (0.0, 0.0)), breakdown_risk=0.5)
    path = concession_path(s, "alternating-offers", discounts=[1.0, 1.0])
    assert path.utilities["a"] == pytest.approx(1 / 1.5)
    with pytest.raises(ScenarioError) as info:
        concession_path(s, "alternating-offers", breakdown_risk=1.0)
    assert str(info.value) == "breakdown_risk must be in [0, 1), found 1.0"
