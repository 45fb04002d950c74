"""The frontier of three or more parties within a budget of points (max_points, --max-points)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Issue, Party, Scenario, ScenarioError, load_scenario, pareto_frontier, solve
from bargain.cli.main import main
from bargain.frontier.engine import DEFAULT_MAX_POINTS, default_max_points, frontier_arrays
from bargain.frontier.estimate import TooLarge, extrapolate, merge_within
from bargain.frontier.merge import merge_frontier
from tests.strategies import exact_scenarios, scenarios

REFUSAL = (
    "max_points is 20, but the Pareto frontier of this 3-party scenario would hold about 294 "
    "points (estimated from its first 2 of 6 issues, 33 points so far). For a solution use "
    "bargain.solve(scenario, method): it is exact for any number of parties and needs no "
    "frontier ('bargain solve' on the command line). To compute the frontier anyway, raise "
    "max_points ('--max-points' on the command line)."
)


@settings(max_examples=60)
@given(st.one_of(scenarios(min_parties=3, max_parties=4, max_issues=5), exact_scenarios()))
def test_merging_within_a_budget_is_the_merge_bit_for_bit(s: Scenario) -> None:
    u, deals = merge_frontier(s.tables)
    v, others = merge_within(s.tables, max_points=10**9)
    assert np.array_equal(u, v) and np.array_equal(deals, others)


def test_refusal_names_solve_and_the_estimate() -> None:
    s = load_scenario("russia-us-2021-no-red-lines")  # 145 points in all
    with pytest.raises(ScenarioError) as info:
        pareto_frontier(s, max_points=20)
    assert str(info.value) == REFUSAL
    assert solve(s).agreement  # what the message points to works
    assert len(pareto_frontier(s, max_points=1000)) > 0  # a raised budget computes it


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (0, "max_points must be >= 1, found 0"),
        (2.5, "max_points must be a whole number >= 1, found 2.5"),
        (True, "max_points must be a whole number >= 1, found True"),
    ],
)
def test_bad_budgets(value: object, message: str) -> None:
    s = load_scenario("russia-us-2021-no-red-lines")
    with pytest.raises(ScenarioError) as info:
        pareto_frontier(s, max_points=value)  # type: ignore[arg-type]
    assert str(info.value) == message


def test_the_budget_is_for_three_or_more_parties() -> None:
    assert default_max_points(2) is None
    assert default_max_points(3) == DEFAULT_MAX_POINTS[0] == 100_000
    assert default_max_points(5) == DEFAULT_MAX_POINTS[1] == 5_000
    two = load_scenario("russia-nato-2022-no-red-lines")
    assert len(pareto_frontier(two, max_points=1)) > 1  # two parties: no budget


def test_a_large_four_party_space_is_refused_quickly() -> None:
    """4 parties x 20 issues x 6 levels (3.7e15 deals): refused from its first issues."""
    rng = np.random.default_rng(0)
    issues = [Issue(f"i{i}", "", [f"l{j}" for j in range(6)]) for i in range(20)]
    values = rng.random((20, 6, 4))
    parties = [
        Party(f"p{p}", "", values={f"i{i}": values[i, :, p].tolist() for i in range(20)})
        for p in range(4)
    ]
    s = Scenario(name="big", issues=issues, parties=parties)
    with pytest.raises(ScenarioError, match=r"would hold about [\d,]+ points \(estimated"):
        frontier_arrays(s)
    assert solve(s).agreement


def test_extrapolation() -> None:
    assert extrapolate([5], 3) == 5  # nothing to extrapolate from yet
    assert extrapolate([2, 4, 8], 3) == 8  # every issue merged: exact
    # the geometric mean of the exponential 8 * 2 = 16 and the power law 8 * (4 / 3) ** 1.71
    assert extrapolate([2, 4, 8], 4) == 14
    exc = TooLarge(3, 120, 4000)
    assert (
        str(exc)
        == "the frontier holds 120 points after 3 issues (about 4,000 estimated with every issue)"
    )


def test_cli_max_points(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frontier", "russia-us-2021-no-red-lines", "--max-points", "20"]) == 2
    assert capsys.readouterr().err.strip() == f"ScenarioError: {REFUSAL}"
    assert main(["frontier", "russia-us-2021-no-red-lines", "--max-points", "1000", "--csv"]) == 0
    assert capsys.readouterr().out.startswith("military_activity,")
