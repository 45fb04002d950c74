"""Zeuthen's monotonic concession protocol: it ends at the Nash deal, concessions are monotonic."""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Callable
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargain import Issue, Party, Scenario, concession_path, load_scenario, pareto_frontier, solve
from bargain.protocols.zeuthen import risks, zeuthen_rounds
from bargain.solutions.concepts import TIE_RTOL
from tests.strategies import exact_scenarios, scenarios, two_party_frontiers


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


# ---------------------------------------------------------------- a plain oracle of the rounds
Rows = list[tuple[float, float]]
OracleRound = tuple[tuple[int, int], tuple[bool, bool], tuple[float, float] | None]


def _oracle_rounds(
    rows: Rows, d: tuple[float, float], prefer: Callable[[int, int], int] | None
) -> tuple[list[OracleRound], int]:
    """The protocol as the module docstring states it, in exact fractions, one row at a time.

    Nash products are compared exactly (values on a 1/8 grid: equal products are ties, unequal
    ones differ far beyond the tie tolerance); each risk is the exact ratio rounded once.
    """
    u = [(Fraction(x), Fraction(y)) for x, y in rows]
    g = (Fraction(d[0]), Fraction(d[1]))
    nash = [(x - g[0]) * (y - g[1]) for x, y in u]
    a, b = len(u) - 1, 0
    out: list[OracleRound] = [((a, b), (False, False), None)]
    while a != b:
        risk = (
            float((u[a][0] - u[b][0]) / (u[a][0] - g[0])),
            float((u[b][1] - u[a][1]) / (u[b][1] - g[1])),
        )
        between = range(b + 1, a)
        if nash[a] < nash[b]:  # party 0 concedes to its best row beating b, else to b
            a = max((r for r in between if nash[r] > nash[b]), default=b)
            out.append(((a, b), (True, False), risk))
        elif nash[b] < nash[a]:  # party 1 concedes to its best row beating a, else to a
            b = min((r for r in between if nash[r] > nash[a]), default=a)
            out.append(((a, b), (False, True), risk))
        else:  # a tie: both concede past the common product, or agree by the tie rule
            beating = [r for r in between if nash[r] > nash[a]]
            if beating:
                a, b = max(beating), min(beating)
            else:
                a = b = prefer(a, b) if prefer is not None else b
            out.append(((a, b), (True, True), risk))
    return out, a


@given(two_party_frontiers(), st.sampled_from(["default", "upper", "lower"]), st.data())
def test_rounds_match_a_plain_oracle(
    frontier: tuple[Rows, tuple[float, float]], rule: str, data: st.DataObject
) -> None:
    """Every round (offers, who conceded, both risks to the last bit) and the agreed row.

    Ties between the two offers, rows tied with an offer between them and the tie rule all
    occur often on the strategy's small integer grids; a round limit cuts the same trace.
    """
    rows, d = frontier
    prefer = {"default": None, "upper": max, "lower": min}[rule]
    want, agreed = _oracle_rounds(rows, d, prefer)
    trace = zeuthen_rounds(np.array(rows), np.array(d), prefer=prefer)
    got = [(r.offers, r.conceded, r.risk) for r in trace.rounds]
    assert got == want
    assert trace.agreed == agreed
    limit = data.draw(st.integers(1, len(want)))
    cut = zeuthen_rounds(np.array(rows), np.array(d), max_rounds=limit, prefer=prefer)
    assert [(r.offers, r.conceded, r.risk) for r in cut.rounds] == want[:limit]
    assert cut.agreed == (agreed if limit == len(want) else None)


def test_party_zero_concedes_past_rows_tied_with_the_other_offer() -> None:
    # products 4, 4, 2: party 0 (product 2) concedes; row 1 only ties row 0's product, so
    # party 0 concedes all the way to row 0, in one round.
    u = np.array([[1.0, 4.0], [2.0, 2.0], [4.0, 0.5]])
    trace = zeuthen_rounds(u, np.zeros(2))
    assert [(r.offers, r.conceded) for r in trace.rounds] == [
        ((2, 0), (False, False)),
        ((0, 0), (True, False)),
    ]
    assert trace.agreed == 0
    # mirrored: products 2, 4, 4, party 1 concedes to row 2
    trace = zeuthen_rounds(u[::-1, ::-1].copy(), np.zeros(2))
    assert [(r.offers, r.conceded) for r in trace.rounds] == [
        ((2, 0), (False, False)),
        ((2, 2), (False, True)),
    ]


def test_on_a_tie_rows_tied_with_both_offers_are_not_concessions() -> None:
    # three rows of product 4: the openings tie and nothing between beats them, so the tie
    # rule picks between the two openings (the lower row by default), never the middle row
    u = np.array([[1.0, 4.0], [2.0, 2.0], [4.0, 1.0]])
    assert zeuthen_rounds(u, np.zeros(2)).agreed == 0
    assert zeuthen_rounds(u, np.zeros(2), prefer=max).agreed == 2


def test_products_exactly_the_tolerance_apart_tie() -> None:
    # log(5.000000000005) is log(5) + TIE_RTOL to the last bit: a tie, as in score_ties
    # (within the tolerance, bounds included), so both concede and the lower row is agreed
    near = 5.000000000005
    assert np.log(near) == np.log(5.0) + TIE_RTOL
    trace = zeuthen_rounds(np.array([[1.0, 5.0], [near, 1.0]]), np.zeros(2))
    assert trace.rounds[-1].conceded == (True, True) and trace.agreed == 0
    # twice the tolerance is a clear difference: party 1 (the smaller product) concedes
    far = 5.00000000001
    trace = zeuthen_rounds(np.array([[1.0, 5.0], [far, 1.0]]), np.zeros(2))
    assert trace.rounds[-1].conceded == (False, True) and trace.agreed == 1


def test_risks_beyond_the_largest_float_are_exact_and_silent() -> None:
    # own - other and own - d overflow: the ratio comes from the halved numbers, exactly
    u = np.array([[-1e308, 1.5e308], [1.5e308, -1e308]])
    d = np.array([-1.7e308, -1.2e308])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        r0, r1 = risks(u, d, 1, 0)
    assert r0 == (0.75e308 + 0.5e308) / (0.75e308 + 0.85e308)
    assert r1 == (0.75e308 + 0.5e308) / (0.75e308 + 0.6e308)
    assert (r0, r1) == pytest.approx((1.25 / 1.6, 1.25 / 1.35), rel=1e-15)


def test_risks_compute_in_float64_whatever_the_input_type() -> None:
    # 2**53 + 1 is not a float64: as floats the two offers give party 0 the same utility
    big = 2**53
    ints = np.array([[big, 3], [big + 1, 1]], dtype=np.int64)
    assert risks(ints, np.zeros(2, dtype=np.int64), 1, 0) == (0.0, 2 / 3)
    # float32 utilities: the differences are taken in float64 (float32 would round 1 + 2**-23
    # minus 2**-24 to 1)
    small = np.array([[2.0**-24, 1.0], [1.0 + 2.0**-23, 0.0]], dtype=np.float32)
    r0, _ = risks(small, np.zeros(2), 1, 0)
    assert r0 == (1.0 + 2.0**-23 - 2.0**-24) / (1.0 + 2.0**-23)
