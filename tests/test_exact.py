"""Exact solutions for 3 to 6 parties without the frontier, against an independent brute force.

Every deal's utilities are computed here from the raw scenario data (values and weights) with
plain Python and itertools, not by the library; the answers are checked against
bargain.testing.solution_reference (plain Python, the methods' definitions and the tie rule).
"""

from __future__ import annotations

import itertools
import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Issue, Party, Scenario, solve
from bargain.solutions.concepts import METHODS
from bargain.solutions.exact import best_deals
from bargain.solutions.relaxation import couple
from bargain.solutions.stacked import stack
from bargain.testing import (
    ideal_lottery_reference,
    lottery_gap,
    ray_lottery_reference,
    solution_reference,
)
from tests.strategies import exact_scenarios, scenarios

MANY = scenarios(min_parties=3, max_parties=6, max_issues=4, max_levels=4)
GRID = exact_scenarios(min_parties=3, max_parties=6, max_issues=4, max_levels=4)
Deals = list[tuple[int, ...]]
Points = list[tuple[float, ...]]


def raw(s: Scenario) -> tuple[Deals, Points]:
    """Every deal (lexicographic order) and its utilities, from the raw values and weights."""
    deals = list(itertools.product(*(range(len(issue.levels)) for issue in s.issues)))
    points = []
    for deal in deals:
        row = []
        for party in s.parties:
            total = 0.0
            for issue, level in zip(s.issues, deal, strict=True):
                total += party.weight(issue.key) * party.values[issue.key][level]
            row.append(total)
        points.append(tuple(row))
    return deals, points


def disagreement(s: Scenario) -> list[float]:
    return [p.disagreement for p in s.parties]


def criterion(method: str, s: Scenario, point: tuple[float, ...], points: Points) -> float:
    """The criterion the certificate bounds, from the definitions."""
    d = disagreement(s)
    g = [u - x for u, x in zip(point, d, strict=True)]
    if method == "nash":
        return math.fsum(math.log(x) for x in g)
    if method == "asymmetric-nash":
        top = max(p.power for p in s.parties)
        return math.fsum(p.power / top * math.log(x) for p, x in zip(s.parties, g, strict=True))
    if method == "utilitarian":
        return math.fsum(g)
    if method == "egalitarian":
        return min(g)
    rational = [[u - x for u, x in zip(q, d, strict=True)] for q in points]
    rational = [r for r in rational if min(r) > 0]
    ideal = [max(r[j] for r in rational) for j in range(len(d))]
    return min(x / i for x, i in zip(g, ideal, strict=True))


def expected(s: Scenario, method: str) -> tuple[tuple[int, ...] | None, Deals]:
    deals, points = raw(s)
    powers = [p.power for p in s.parties]
    best, ties = solution_reference(method, points, disagreement(s), powers)
    if best is None:
        return None, []
    return deals[best], [deals[t] for t in ties]


def levels(s: Scenario, deal: dict[str, str]) -> tuple[int, ...]:
    return tuple(s.parse_deal(deal).values())


def check_solution(s: Scenario, method: str) -> None:
    best, ties = expected(s, method)
    sol = solve(s, method)
    assert sol.agreement == (best is not None)
    if best is None:
        assert sol.certificate is None and sol.log_nash_product is None
        return
    assert sol.deal is not None and sol.certificate is not None
    assert levels(s, sol.deal) == best
    assert [levels(s, t) for t in sol.ties] == ties
    check_certificate(s, method, sol.certificate, best)


def check_certificate(s: Scenario, method: str, cert: object, best: tuple[int, ...]) -> None:
    deals, points = raw(s)
    value = criterion(method, s, points[deals.index(best)], points)
    bound, got = cert.bound, cert.value  # type: ignore[attr-defined]
    scale = 1.0 if "log" in cert.criterion else max(abs(value), 1e-300)  # type: ignore[attr-defined]
    assert got == pytest.approx(value, rel=1e-9, abs=1e-9 * scale)
    assert bound >= got and bound - got <= 1e-12 * scale
    assert cert.nodes >= 1  # type: ignore[attr-defined]
    rational = [q for q in points if all(u > x for u, x in zip(q, disagreement(s), strict=True))]
    top = max(criterion(method, s, q, points) for q in rational)
    assert bound >= top - 1e-12 * max(1.0, abs(top))  # nothing beats the bound


@settings(max_examples=100)
@given(MANY, st.sampled_from(METHODS.names))
def test_every_method_equals_the_brute_force(s: Scenario, method: str) -> None:
    check_solution(s, method)


@settings(max_examples=100)
@given(GRID, st.sampled_from(METHODS.names))
def test_ties_on_a_coarse_grid_equal_the_brute_force(s: Scenario, method: str) -> None:
    check_solution(s, method)


@settings(max_examples=100)
@given(st.one_of(MANY, GRID), st.sampled_from(METHODS.names))
def test_branching_down_to_every_leaf_equals_the_brute_force(s: Scenario, method: str) -> None:
    """With no subtree enumerated, every bound, fixing and pruning rule is exercised."""
    best, ties = expected(s, method)
    found = best_deals(method, s.tables, s.disagreement_point, s.powers, enumerate_up_to=1)
    if best is None:
        assert found.deal is None and not found.ties
        return
    assert found.deal is not None
    assert tuple(found.deal.tolist()) == best
    assert [tuple(t.tolist()) for t in found.ties] == ties
    check_certificate(s, method, found, best)


@st.composite
def hopeless(draw: st.DrawFn) -> Scenario:
    """A scenario where some party's disagreement utility is at least its best utility."""
    s = draw(MANY)
    _, points = raw(s)
    who = draw(st.integers(0, s.n_parties - 1))
    top = max(q[who] for q in points)
    parties = list(s.parties)
    parties[who] = replace(parties[who], disagreement=top + draw(st.sampled_from([0.0, 0.5])))
    return Scenario(name=s.name, issues=s.issues, parties=parties)


@settings(max_examples=40)
@given(hopeless(), st.sampled_from(METHODS.names), st.booleans())
def test_no_agreement_is_a_result(s: Scenario, method: str, lotteries: bool) -> None:
    sol = solve(s, method, lotteries=lotteries)
    assert not sol.agreement and sol.deal is None and sol.certificate is None
    assert sol.utilities == dict(zip(s.party_keys, disagreement(s), strict=True))
    assert "No " in sol.message


def scaled(s: Scenario, c: float) -> Scenario:
    parties = [
        replace(
            p,
            values={k: tuple(c * x for x in v) for k, v in p.values.items()},
            disagreement=c * p.disagreement,
        )
        for p in s.parties
    ]
    return Scenario(name=s.name, issues=s.issues, parties=parties)


@settings(max_examples=60)
@given(
    scenarios(min_parties=2, max_parties=6, max_issues=4, max_levels=4),
    st.sampled_from(METHODS.names),
    st.sampled_from([1e-150, 1e150]),
)
def test_values_in_any_unit_give_the_same_deal(s: Scenario, method: str, c: float) -> None:
    a, b = solve(s, method), solve(scaled(s, c), method)
    assert a.deal == b.deal and a.ties == b.ties
    if a.log_nash_product is not None:
        k = s.n_parties
        assert b.log_nash_product == pytest.approx(a.log_nash_product + k * math.log(c))


@pytest.mark.parametrize("n_parties", [2, 3])
@pytest.mark.parametrize("c", [1.0, 1e-200, 1e200])
def test_extreme_units_issue_13(n_parties: int, c: float) -> None:
    """Values [c, 2c, 3c] against [3c, 2.5c, c]: deal y in every unit, and no crash."""
    issue = Issue("i", "", ["x", "y", "z"])
    parties = [
        Party("a", "", values={"i": [c, 2 * c, 3 * c]}),
        Party("b", "", values={"i": [3 * c, 2.5 * c, c]}),
        Party("c", "", values={"i": [c, c, c]}, disagreement=0.5 * c),
    ][:n_parties]
    s = Scenario(name="units", issues=[issue], parties=parties)
    sol = solve(s)
    assert sol.deal == {"i": "y"} and not sol.ties
    assert sol.log_nash_product == pytest.approx(
        math.log(2 * c) + math.log(2.5 * c) + (n_parties - 2) * math.log(0.5 * c)
    )
    for method in METHODS:
        for lotteries in (False, True):
            assert solve(s, method, lotteries=lotteries).agreement
    if c > 1:
        assert math.isinf(sol.nash_product or 0.0)
        assert sol.to_dict()["nash_product"] is None  # JSON has no infinity


def test_three_party_lottery_regression_issue_13() -> None:
    """The best deal gives (1, 0.5, 1); a lottery must do at least as well, not fail."""
    x = Issue("x", "", ["a", "b", "c"])
    s = Scenario(
        name="issue-13",
        issues=[x],
        parties=[
            Party("p0", "", values={"x": [0, 1, -1000]}),
            Party("p1", "", values={"x": [0, 0.5, 1000]}),
            Party("p2", "", values={"x": [0, 1, 0]}),
        ],
    )
    pure = solve(s)
    assert pure.deal == {"x": "b"}
    lot = solve(s, lotteries=True)
    assert lot.agreement and lot.lottery is not None
    assert lot.lottery.deals == ({"x": "b"}, {"x": "c"})
    # The optimum mixes c with t solving -1001/(1-1001t) + 999.5/(0.5+999.5t) - 1/(1-t) = 0.
    assert lot.lottery.probabilities[1] == pytest.approx(2.490943976179953e-4, rel=1e-9)
    assert lot.log_nash_product is not None and pure.log_nash_product is not None
    assert lot.log_nash_product > pure.log_nash_product
    assert lot.certificate is not None and lot.certificate.lotteries
    assert lot.certificate.bound - lot.certificate.value <= 1e-12


def lottery_utilities(s: Scenario, sol: object) -> list[float]:
    _, points = raw(s)
    deals, _ = raw(s)
    lot = sol.lottery  # type: ignore[attr-defined]
    if lot is None:
        chosen = [levels(s, sol.deal)]  # type: ignore[attr-defined]
        weights = [1.0]
    else:
        chosen, weights = [tuple(x) for x in lot.levels], list(lot.probabilities)
    rows = [points[deals.index(c)] for c in chosen]
    return [
        math.fsum(w * r[j] for w, r in zip(weights, rows, strict=True)) for j in range(s.n_parties)
    ]


@settings(max_examples=60)
@given(
    scenarios(min_parties=3, max_parties=5, max_issues=4, max_levels=4),
    st.sampled_from(["nash", "asymmetric-nash"]),
)
def test_nash_lotteries_are_optimal_over_every_deal(s: Scenario, method: str) -> None:
    _, points = raw(s)
    d = disagreement(s)
    powers = [p.power for p in s.parties] if method == "asymmetric-nash" else [1.0] * s.n_parties
    pure, lot = solve(s, method), solve(s, method, lotteries=True)
    reach = ray_lottery_reference(points, d)  # > 0: some lottery gains for every party
    if reach < -1e-9 or (reach <= 1e-9 and not lot.agreement):
        assert not lot.agreement and not pure.agreement
        return
    assert lot.agreement
    u = lottery_utilities(s, lot)
    top = max(powers)
    assert lottery_gap(points, d, [p / top for p in powers], u) <= 1e-9
    assert lot.certificate is not None and lot.certificate.gap <= 1e-12
    if pure.agreement:
        assert pure.certificate is not None
        assert lot.certificate.value >= pure.certificate.value - 1e-12


@settings(max_examples=40)
@given(
    scenarios(min_parties=3, max_parties=5, max_issues=3, max_levels=4),
    st.sampled_from(["egalitarian", "kalai-smorodinsky"]),
)
def test_max_min_lotteries_equal_a_linear_program_over_every_deal(s: Scenario, method: str) -> None:
    _, points = raw(s)
    d = disagreement(s)
    direction = None
    sol = solve(s, method, lotteries=True)
    if method == "kalai-smorodinsky":
        direction = ideal_lottery_reference(points, d)
        if min(direction) <= 1e-9:  # some party cannot gain (or barely)
            assert not sol.agreement or min(direction) > 0
            return
    best = ray_lottery_reference(points, d, direction)
    if best <= 1e-9:  # no lottery gains for everyone, or barely: at the edge of rationality
        assert not sol.agreement or best > 0
        return
    assert sol.agreement
    u = lottery_utilities(s, sol)
    e = [1.0] * s.n_parties if direction is None else direction
    reached = min((x - y) / z for x, y, z in zip(u, d, e, strict=True))
    assert reached == pytest.approx(best, rel=1e-7, abs=1e-9)


def test_solution_reports_its_certificate() -> None:
    s = Scenario(
        name="three",
        issues=[Issue("x", "", ["a", "b", "c"]), Issue("y", "", ["a", "b"])],
        parties=[
            Party("p", "", values={"x": [1, 0, 0], "y": [0, 1]}),
            Party("q", "", values={"x": [0, 1, 0], "y": [1, 0]}),
            Party("r", "", values={"x": [0, 0, 1], "y": [0.5, 0.5]}),
        ],
    )
    sol = solve(s)
    assert sol.certificate is not None
    data = sol.to_dict()["certificate"]
    assert set(data) == {"criterion", "value", "bound", "relaxation", "nodes", "lotteries"}
    assert data["criterion"] == "sum of log gains" and data["bound"] == data["value"]
    assert "Certificate: no deal scores above" in sol.table()
    assert "branch and bound" in sol.message
    assert solve(s, engine="merge").certificate is None  # picked on the whole frontier


@settings(max_examples=60)
@given(st.lists(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4), min_size=1, max_size=5))
def test_coupling_keeps_every_issue_s_marginal(raw_probabilities: list[list[float]]) -> None:
    parts = [np.array(q) + 1e-3 for q in raw_probabilities]
    parts = [q / q.sum() for q in parts]
    st_ = stack([np.arange(q.size, dtype=float)[:, None] * [1.0, -1.0] for q in parts])
    deals, weights = couple(st_, np.concatenate(parts))
    assert weights.sum() == pytest.approx(1.0) and np.all(weights > 0)
    assert deals.shape[0] <= 1 + sum(q.size - 1 for q in parts)
    for i, q in enumerate(parts):
        marginal = np.zeros(q.size)
        np.add.at(marginal, deals[:, i] - st_.starts[i], weights)
        np.testing.assert_allclose(marginal, q, atol=1e-12)


@pytest.mark.parametrize("n_parties", [2, 3])
@pytest.mark.parametrize(("power", "deal"), [(1e308, "9"), (1e-308, "1"), (2.0, "7")])
def test_extreme_powers_issue_13(n_parties: int, power: float, deal: str) -> None:
    """A party with power 1e308 gets its largest rational gain (it once got its smallest)."""
    x = Issue("x", "", [str(j) for j in range(11)])
    parties = [
        Party("a", "", values={"x": [j / 10 for j in range(11)]}),
        Party("b", "", values={"x": [1 - j / 10 for j in range(11)]}),
        Party("c", "", values={"x": [1.0] * 11}, disagreement=0.5),
    ][:n_parties]
    s = Scenario(name="powers", issues=[x], parties=parties)
    sol = solve(s, "asymmetric-nash", powers={"a": power})
    assert sol.deal == {"x": deal}
