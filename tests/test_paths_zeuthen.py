"""Zeuthen's monotonic concession protocol: it ends at the Nash deal, concessions are monotonic."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given

from bargain import Issue, Party, Scenario, concession_path, load_scenario, pareto_frontier, solve
from bargain.protocols.zeuthen import risks, zeuthen_rounds
from tests.strategies import exact_scenarios, scenarios


def _brute_nash(s: Scenario) -> float | None:
    deals = np.array(list(itertools.product(*map(range, s.shape))))
    g = s.utilities(deals) - s.disagreement_point
    ok = np.all(g > 0, axis=1)
    return float(np.prod(g[ok], axis=1).max()) if ok.any() else None


def _product(s: Scenario, levels: tuple[int, ...]) -> float:
    return float(np.prod(s.utilities(levels) - s.disagreement_point))


@given(exact_scenarios(min_parties=2, max_parties=2))
def test_endpoint_is_a_nash_deal_exactly(s: Scenario) -> None:
    path = concession_path(s, "zeuthen")
    sol = solve(s)
    best = _brute_nash(s)
    if best is None:
        assert not path.agreement and not sol.agreement
        assert "No deal" in path.message
        return
    assert path.agreement and path.levels is not None
    assert _product(s, path.levels) == best  # exact sums: the largest product, no tolerance
    assert dict(path.deal or {}) in [dict(sol.deal or {})] + [dict(t) for t in sol.ties]
    if not sol.ties:
        assert path.deal == sol.deal


@given(scenarios(min_parties=2, max_parties=2, max_issues=5, max_levels=4))
def test_endpoint_is_the_nash_deal_up_to_rounding(s: Scenario) -> None:
    path = concession_path(s, "zeuthen")
    sol = solve(s)
    assert (not path.agreement) == (not sol.agreement)
    if path.levels is None:
        return
    assert sol.nash_product is not None
    assert _product(s, path.levels) >= sol.nash_product * (1 - 4e-12)
    if not sol.ties:
        assert path.deal == sol.deal
    assert path.distance_to_frontier == 0.0


@given(scenarios(min_parties=2, max_parties=2, max_issues=4, max_levels=4))
def test_concessions_are_monotonic_and_follow_the_risk_rule(s: Scenario) -> None:
    path = concession_path(s, "zeuthen")
    if not path.steps:
        return
    f = pareto_frontier(s)
    a, b = s.party_keys
    by_party = {k: [st for st in path.steps if st.proposer == k] for k in (a, b)}
    # openings: each side's best individually rational frontier deal
    assert by_party[a][0].utilities[a] == f.utilities[:, 0].max()
    assert by_party[b][0].utilities[b] == f.utilities[:, 1].max()
    for me, other in ((a, b), (b, a)):
        mine = [st.utilities[me] for st in by_party[me]]
        theirs = [st.utilities[other] for st in by_party[me]]
        assert all(x >= y for x, y in itertools.pairwise(mine))  # never asks for more
        assert all(x <= y for x, y in itertools.pairwise(theirs))  # never offers less
    for r, (sa, sb) in enumerate(zip(by_party[a], by_party[b], strict=True), start=1):
        assert sa.round == sb.round == r
        if r == 1:
            assert sa.risk is None
            continue
        assert sa.risk is not None
        moved_a, moved_b = bool(sa.changes), bool(sb.changes)
        assert moved_a or moved_b
        ra, rb = sa.risk[a], sa.risk[b]
        if abs(ra - rb) > 1e-9:  # clear comparisons: the lower risk concedes, the other stands
            assert moved_a == (ra < rb) and moved_b == (rb < ra)
    last = path.steps[-2:]
    assert any(st.accepted for st in last) == (path.agreement)
    assert not any(st.accepted for st in path.steps[:-2])


def test_risks_match_the_formula() -> None:
    u = np.array([[0.25, 0.7], [0.5, 0.5], [0.75, 0.3]])
    d = np.array([0.1, 0.2])
    r0, r1 = risks(u, d, 2, 0)
    assert np.isclose(r0, (0.75 - 0.25) / (0.75 - 0.1))
    assert np.isclose(r1, (0.7 - 0.3) / (0.7 - 0.2))


def test_tie_both_concede_and_the_tie_rule_picks() -> None:
    # symmetric: the two openings tie, the middle row beats both; then a tie with nothing between
    u = np.array([[0.2, 0.8], [0.5, 0.5], [0.8, 0.2]])
    trace = zeuthen_rounds(u, np.zeros(2))
    assert trace.rounds[1].conceded == (True, True) and trace.agreed == 1
    u = np.array([[0.4, 0.6], [0.6, 0.4]])
    trace = zeuthen_rounds(u, np.zeros(2), prefer=lambda a, b: a)
    assert trace.agreed == 1 and trace.rounds[-1].conceded == (True, True)


def test_flagship_path_reads_sensibly() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    path = concession_path(talks, "zeuthen")
    assert path.deal == solve(talks).deal
    assert path.distance_to_nash == 0.0
    assert path.rounds == len(path.steps) // 2 > 2
    assert "Russia conceded" in path.message and "the Nash deal" in path.message
    # both sides concede; nobody ever offers more than an open door on enlargement
    assert {st.proposer for st in path.steps if st.changes} == {"russia", "nato"}
    assert {st.offer["enlargement"] for st in path.steps} == {"rejected: open door reaffirmed"}
    # Russia opens with no NATO military activity in non-members and gives it up for no
    # permanent bases or combat forces; NATO opens with transparency there and concedes that
    russia, nato = path.steps[0].offer, path.steps[1].offer
    final = path.deal
    assert final is not None
    assert russia["military_activity"] == "no NATO military activity in those states, as drafted"
    assert nato["military_activity"].startswith("mutual notification and transparency")
    assert final["military_activity"].startswith("no permanent bases or combat forces")
    assert final["force_posture_1997"].startswith("mutual notification and limits on exercises")
    assert final["missiles"] == "verified mutual moratorium in agreed zones"
    table = path.table()
    assert "lower risk" in table and "stands firm" in table and "accepted" in table


def test_round_limit_and_no_rational_deal() -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    short = concession_path(talks, "zeuthen", rounds=3)
    assert not short.agreement and short.rounds == 3
    assert "within 3 rounds" in short.message
    assert short.utilities == short.disagreement
    none = concession_path(talks, "zeuthen", disagreement={"nato": 0.99})
    assert not none.agreement and none.steps == () and "No deal" in none.message


def test_one_rational_deal_is_accepted_at_once() -> None:
    x = Issue("x", "", ["a", "b"])
    s = Scenario(
        name="one",
        issues=[x],
        parties=[
            Party("p", "", values={"x": [1.0, 0.0]}),
            Party("q", "", values={"x": [1.0, 0.0]}),
        ],
    )
    path = concession_path(s, "zeuthen")
    assert path.deal == {"x": "a"} and path.rounds == 1
    assert all(st.accepted for st in path.steps)
