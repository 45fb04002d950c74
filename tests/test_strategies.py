"""The hard-case strategies make what they say (tests/strategies.py: hard_scenarios)."""

from __future__ import annotations

from hypothesis import given, settings

from bargain import Scenario
from bargain.testing import deal_utilities, every_deal, oracle_solution, pareto_set
from tests.strategies import hard_scenarios


def rational(s: Scenario) -> list[tuple[float, ...]]:
    d = [p.disagreement for p in s.parties]
    return [v for v in pareto_set(s) if all(x > y for x, y in zip(v, d, strict=True))]


@settings(max_examples=40)
@given(hard_scenarios(cases=("one-deal",)))
def test_one_deal_leaves_one_rational_utility_vector(s: Scenario) -> None:
    assert len(rational(s)) == 1


@settings(max_examples=40)
@given(hard_scenarios(cases=("no-deal",)))
def test_no_deal_leaves_nothing_rational(s: Scenario) -> None:
    assert rational(s) == [] and not oracle_solution(s, "nash").agreement


@settings(max_examples=40)
@given(hard_scenarios(cases=("symmetric",)))
def test_symmetric_scenarios_are_symmetric(s: Scenario) -> None:
    vectors = {deal_utilities(s, deal) for deal in every_deal(s)}
    rotated = {v[1:] + v[:1] for v in vectors}
    assert rotated == vectors  # a permutation of the parties maps the problem onto itself
    assert len({p.disagreement for p in s.parties}) == 1
    assert len({p.power for p in s.parties}) == 1


@settings(max_examples=40)
@given(hard_scenarios(cases=("ties",)))
def test_ties_are_exact_sums(s: Scenario) -> None:
    for p in s.parties:
        for issue in s.issues:
            for v in p.values[issue.key]:
                assert (v * p.weight(issue.key) * 8).is_integer()  # on a binary grid


@settings(max_examples=30)
@given(hard_scenarios(cases=("many-points",), max_parties=2))
def test_many_points_have_long_frontiers(s: Scenario) -> None:
    assert s.n_deals >= 27 and len(pareto_set(s)) >= 3


@settings(max_examples=30)
@given(hard_scenarios(cases=("bottleneck",)))
def test_bottleneck_party_cares_for_the_first_issue_only(s: Scenario) -> None:
    last = s.parties[-1]
    assert all(set(last.values[k]) <= {0.0} for k in s.issue_keys[1:])
