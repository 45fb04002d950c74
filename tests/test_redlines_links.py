"""Red lines and links against an independent brute force (tests/independent.py).

Random scenarios with red lines and links, values on binary grids so every sum is exact: the
utilities, the frontier, every solution concept, lotteries, concession paths and sweeps must agree
with plain-Python enumeration of the deals no party red-lines.
"""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import bargain
from bargain import Scenario, concession_path, pareto_frontier, solve
from bargain.frontier.engine import frontier_arrays
from bargain.solutions.concepts import METHODS, TIE_RTOL
from tests.independent import (
    pareto,
    refused_by,
    segment_egalitarian,
    segment_nash,
    space,
    utility,
)
from tests.oracle import best_value, value_of
from tests.strategies import structured_scenarios

ANY = structured_scenarios()
ADJACENT = structured_scenarios(adjacent=True)
TWO = structured_scenarios(max_parties=2, max_issues=4, max_levels=4)


def _rational(u: np.ndarray, d: np.ndarray) -> np.ndarray:
    return np.all(u > d, axis=1) if u.size else np.zeros(0, dtype=bool)


@given(ANY, st.data())
def test_utilities_are_the_independent_sums(s: Scenario, data: st.DataObject) -> None:
    deal = tuple(data.draw(st.integers(0, i.n_levels - 1)) for i in s.issues)
    assert s.utilities(np.array(deal)).tolist() == utility(s, deal)
    refusing = s.refusals(np.array(deal))
    assert [k for k, r in zip(s.party_keys, refusing, strict=True) if r] == refused_by(s, deal)
    assert bool(s.space.allowed(np.array(deal))) == (not refused_by(s, deal))


@settings(max_examples=100)
@given(ANY)
def test_frontier_is_the_independent_pareto_set(s: Scenario) -> None:
    deals, u = space(s)
    d = s.disagreement_point
    front = pareto_frontier(s)
    if not deals:
        assert s.space.empty and not front.agreement
        assert front.message.startswith("No deal is possible:")
        return
    assert s.space.n_deals == len(deals)
    keep = [i for i in pareto(u) if np.all(u[i] > d)]
    expected = {tuple(u[i].tolist()) for i in keep}
    assert {tuple(row) for row in front.utilities.tolist()} == expected
    for row, levels in zip(front.utilities.tolist(), front.levels.tolist(), strict=True):
        assert not refused_by(s, tuple(levels))
        assert utility(s, tuple(levels)) == row


@settings(max_examples=80)
@given(ADJACENT)
def test_frontier_keeps_the_smallest_deal_among_equals(s: Scenario) -> None:
    deals, u = space(s)
    if not deals:
        return
    for engine in ("merge", "brute-force"):
        got, levels, _ = frontier_arrays(s, engine)
        for row, deal in zip(got.tolist(), levels.tolist(), strict=True):
            first = next(deals[i] for i in range(len(deals)) if u[i].tolist() == row)
            assert tuple(deal) == first


@settings(max_examples=100)
@given(ANY, st.sampled_from(METHODS.names))
def test_every_solution_concept_against_the_brute_force(s: Scenario, method: str) -> None:
    deals, u = space(s)
    d = s.disagreement_point
    sol = solve(s, method)
    best = best_value(method, u, d, s.powers) if deals else None
    assert sol.agreement == (best is not None)
    if best is None:
        if s.space.empty:
            assert sol.message == s.space.message
        return
    assert sol.levels is not None and not refused_by(s, sol.levels)
    ideal = u[_rational(u, d)].max(axis=0) - d if method == "kalai-smorodinsky" else None
    got = value_of(method, np.array(utility(s, sol.levels)), d, s.powers, ideal)
    np.testing.assert_allclose(np.asarray(got), np.asarray(best), rtol=1e-9)
    for tie in sol.ties:
        levels = tuple(s.parse_deal(tie).values())
        assert not refused_by(s, levels)


@settings(max_examples=80)
@given(TWO, st.sampled_from(["nash", "asymmetric-nash", "egalitarian"]))
def test_two_party_lotteries_against_every_segment(s: Scenario, method: str) -> None:
    deals, u = space(s)
    d = s.disagreement_point
    sol = solve(s, method, lotteries=True)
    if not deals:
        assert not sol.agreement and sol.message == s.space.message
        return
    g = u - d
    if method == "egalitarian":
        best = segment_egalitarian(g)
        if best <= 1e-12:
            assert not sol.agreement or min(sol.gains.values()) <= 1e-9
            return
        assert sol.agreement
        assert min(sol.gains.values()) >= best * (1 - 1e-7) - 1e-12
        return
    powers = s.powers if method == "asymmetric-nash" else np.ones(2)
    best = segment_nash(g, powers)
    if best == -math.inf:
        assert not sol.agreement
        return
    if not sol.agreement:  # rational only at the very edge: rounding may lose it
        assert best < -20
        return
    gains = np.array(list(sol.gains.values()))
    np.testing.assert_allclose(float(powers @ np.log(gains)), best, rtol=1e-7, atol=1e-9)
    for levels in sol.lottery.levels if sol.lottery else [sol.levels]:
        assert levels is not None and not refused_by(s, tuple(levels))


@settings(max_examples=40)
@given(structured_scenarios(min_parties=3, max_parties=3, max_issues=3, max_levels=3))
def test_three_party_lotteries_use_allowed_deals_and_beat_pure(s: Scenario) -> None:
    pure = solve(s)
    lot = solve(s, lotteries=True)
    if s.space.empty:
        assert not lot.agreement and lot.message == s.space.message
        return
    if pure.agreement:
        assert lot.agreement
        assert lot.nash_product is not None and pure.nash_product is not None
        assert lot.nash_product >= pure.nash_product * (1 - 1e-9)
    if lot.lottery is not None:
        for levels in lot.lottery.levels:
            assert not refused_by(s, levels)


@settings(max_examples=60)
@given(TWO)
def test_paths_stay_within_the_red_lines(s: Scenario) -> None:
    deals, u = space(s)
    d = s.disagreement_point
    zeuthen = concession_path(s, "zeuthen")
    best = best_value("nash", u, d, s.powers) if deals else None
    assert zeuthen.agreement == (best is not None)
    if best is not None:
        assert zeuthen.levels is not None
        product = float(np.prod(np.array(utility(s, zeuthen.levels)) - d))
        np.testing.assert_allclose(product, best, rtol=4 * TIE_RTOL)
    for protocol in ("time-based", "trades", "alternating-offers"):
        path = concession_path(s, protocol)
        if s.space.empty:
            assert not path.agreement and path.message.startswith("No deal is possible")
            continue
        for step in path.steps:
            assert not refused_by(s, step.levels)
            if step.lottery is None:
                assert list(step.utilities.values()) == utility(s, step.levels)
        if path.agreement and path.levels is not None:
            assert not refused_by(s, path.levels)


@settings(max_examples=60)
@given(TWO)
def test_undiscounted_alternating_offers_is_the_nash_lottery(s: Scenario) -> None:
    deals, u = space(s)
    path = concession_path(s, "alternating-offers", discounts=[1.0, 1.0], breakdown_risk=0.0)
    if not deals:
        assert not path.agreement
        return
    best = segment_nash(u - s.disagreement_point, np.ones(2))
    if not path.agreement:
        assert best < -20 or best == -math.inf
        return
    gains = np.array(list(path.utilities.values())) - s.disagreement_point
    np.testing.assert_allclose(float(np.log(gains).sum()), best, rtol=1e-7, atol=1e-9)


@settings(max_examples=25)
@given(structured_scenarios(max_parties=2, max_issues=3, max_levels=4), st.integers(0, 2**16))
def test_vectorised_sweep_equals_solve_run_by_run(s: Scenario, seed: int) -> None:
    result = bargain.sweep(
        s,
        uncertainty={f"{s.party_keys[0]}.disagreement": bargain.Normal(0, 0.25, relative=True)},
        samples=40,
        rng=seed,
        progress=False,
    )
    for row, x in zip(result.rows()[:40], result.values, strict=True):
        changed = bargain.model.params.apply(
            s, bargain.model.params.resolve(s, f"{s.party_keys[0]}.disagreement")[0].params, x
        )
        sol = solve(changed)
        assert row["agreement"] == sol.agreement
        if sol.agreement:
            assert sol.deal is not None
            assert all(row[k] == v for k, v in sol.deal.items())


def test_colliding_red_lines_name_who_requires_and_who_refuses() -> None:
    enlargement = bargain.Issue(
        "enlargement", "Article 6", ["open door", "moratorium", "binding end"]
    )
    missiles = bargain.Issue("missiles", "Article 5", ["no limits", "moratorium"])
    russia = bargain.Party(
        "russia",
        "Russia",
        values={"enlargement": [0, 0.5, 1], "missiles": [0, 1]},
        red_lines={"enlargement": ["open door", "moratorium"]},
    )
    nato = bargain.Party(
        "nato",
        "NATO",
        values={"enlargement": [1, 0.3, 0], "missiles": [1, 0.5]},
        red_lines={"enlargement": ["moratorium", "binding end"]},
    )
    s = Scenario(name="talks", issues=[enlargement, missiles], parties=[russia, nato])
    expected = "No deal is possible: Russia requires 'binding end' on 'Article 6'; NATO refuses it."
    assert s.space.message == expected
    assert solve(s).message == expected
    assert solve(s, lotteries=True).message == expected
    assert pareto_frontier(s).message == expected
    assert concession_path(s, "alternating-offers").message == expected
    assert concession_path(s, "zeuthen").message == expected
    risk = bargain.breakdown(
        s, uncertainty={"russia.disagreement": bargain.Uniform(0, 1)}, samples=10, rng=0
    )
    assert not risk.agreement and risk.robust is None
    assert risk.message == expected + " Talks break down with probability 1."
    offer = {"enlargement": "open door", "missiles": "moratorium"}
    risk = bargain.breakdown(
        s, offer, uncertainty={"nato.disagreement": bargain.Uniform(0, 1)}, samples=100, rng=0
    )
    assert risk.acceptance["russia"] == 0.0 and risk.exact is not None
    assert risk.exact["russia"] == 0.0 and risk.agreement_exact == 0.0
    assert "Russia refuses it (red line: 'open door' on 'Article 6')" in risk.message


def test_three_parties_colliding() -> None:
    x = bargain.Issue("x", "X", ["a", "b", "c"])
    parties = [
        bargain.Party("p", "P", values={"x": [0, 1, 2]}, red_lines={"x": ["a", "b"]}),
        bargain.Party("q", "Q", values={"x": [2, 1, 0]}, red_lines={"x": ["c"]}),
        bargain.Party("r", "R", values={"x": [1, 1, 1]}),
    ]
    s = Scenario(name="three", issues=[x], parties=parties)
    assert s.space.message == "No deal is possible: P requires 'c' on 'X'; Q refuses it."
    parties[2] = bargain.Party("r", "R", values={"x": [1, 1, 1]}, red_lines={"x": ["a", "b", "c"]})
    s = Scenario(name="three", issues=[x], parties=parties)
    assert s.space.message == "No deal is possible: R refuses every level of 'X'."


@settings(max_examples=60)
@given(structured_scenarios(exact=False), st.data())
def test_batch_tables_and_utilities_are_the_space_bit_for_bit(
    s: Scenario, data: st.DataObject
) -> None:
    # the sweep screen and breakdown risk form utilities from per-run tables: with the scenario's
    # own numbers they must be the engine's, to the last bit
    raw = [t.T[None, :, :] for t in s.tables]
    if not s.space.empty:
        for batch, table in zip(s.space.batch_tables(raw), s.space.tables, strict=True):
            assert np.array_equal(batch[0].T, table)
    deals = np.array(
        [
            [data.draw(st.integers(0, i.n_levels - 1)) for i in s.issues]
            for _ in range(data.draw(st.integers(1, 5)))
        ]
    )
    assert np.array_equal(s.space.batch_utilities(raw, deals)[0], s.utilities(deals))


def test_a_sweep_of_colliding_red_lines_has_no_agreement_and_the_drawn_outside_options() -> None:
    talks = bargain.load_scenario("russia-nato-2022")
    result = bargain.sweep(
        talks,
        uncertainty={
            "nato.disagreement": bargain.Uniform(0.5, 0.9),
            "*.weights": bargain.Dirichlet(9),
        },
        samples=50,
        rng=3,
        progress=False,
    )
    assert not result.agreement.any() and result.fallbacks == 0
    column = result.parameters.index("nato.disagreement")
    np.testing.assert_array_equal(result.utilities[:, 1], result.values[:, column])
    assert (result.levels == -1).all()


def test_cli_breakdown_risk(capsys: pytest.CaptureFixture[str]) -> None:
    from bargain.cli.main import main

    argv = ["path", "russia-nato-2022-no-red-lines", "--protocol", "alternating-offers", "--json"]
    assert main([*argv, "--breakdown-risk", "0.5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["options"]["breakdown_risk"] == 0.5
    assert main([*argv, "--breakdown-risk", "1.5"]) == 2
    assert capsys.readouterr().err.strip() == (
        "ScenarioError: breakdown_risk must be in [0, 1), found 1.5"
    )
    assert main(["path", "russia-nato-2022-no-red-lines", "--protocol", "zeuthen",
                 "--breakdown-risk", "0.1"]) == 2  # fmt: skip
    assert "'breakdown_risk' is not an option of protocol 'zeuthen'" in capsys.readouterr().err
