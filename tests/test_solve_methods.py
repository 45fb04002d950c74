from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bargain import Issue, Party, Scenario, ScenarioError, Solution, solve
from bargain.solutions.concepts import (
    METHODS,
    TIE_RTOL,
    choose,
    leximin_ties,
    log_gains,
    method_scores,
    score_ties,
)
from tests.oracle import all_deals, best_value, ideal_gains, pareto_set, value_of
from tests.strategies import exact_scenarios, scenarios

SMALL = scenarios(max_issues=4, max_levels=4)


def criterion(s: Scenario, sol: Solution, method: str, ideal: np.ndarray | None = None) -> object:
    assert sol.levels is not None
    u = s.utilities(np.array(sol.levels))
    return value_of(method, u, np.array(list(sol.disagreement.values())), s.powers, ideal)


def assert_same_value(a: object, b: object) -> None:
    np.testing.assert_allclose(np.asarray(a), np.asarray(b), rtol=1e-9, atol=0)


@settings(max_examples=60)
@given(SMALL, st.sampled_from(METHODS.names))
def test_each_solution_is_the_brute_force_optimum(s: Scenario, method: str) -> None:
    _, u = all_deals(s)
    d = s.disagreement_point
    best = best_value(method, u, d, s.powers)
    sol = solve(s, method)
    assert sol.agreement == (best is not None)
    if best is None:
        return
    ideal = ideal_gains(u, d) if method == "kalai-smorodinsky" else None
    assert_same_value(criterion(s, sol, method, ideal), best)
    frontier = pareto_set(s)
    assert sol.levels is not None
    chosen = tuple(s.utilities(np.array(sol.levels)).tolist())
    assert chosen in frontier  # Pareto-optimal
    assert all(g > 0 for g in sol.gains.values())  # individually rational
    for tie in sol.ties:  # every tie is optimal too, and Pareto-optimal
        levels = np.array(list(s.parse_deal(tie).values()))
        assert tuple(s.utilities(levels).tolist()) in frontier
        assert_same_value(value_of(method, s.utilities(levels), d, s.powers, ideal), best)


@settings(max_examples=40)
@given(exact_scenarios(max_parties=3), st.sampled_from(METHODS.names))
def test_tie_rule_smallest_deal_wins(s: Scenario, method: str) -> None:
    sol = solve(s, method)
    if not sol.agreement:
        return
    order = [tuple(s.parse_deal(t).values()) for t in (sol.deal, *sol.ties)]  # type: ignore[arg-type]
    assert order == sorted(order) and len(set(order)) == len(order)


def mirrored(s: Scenario) -> Scenario:
    """Two parties where B values level j as A values level L-1-j: a symmetric problem."""
    a = s.parties[0]
    b_values = {k: tuple(reversed(v)) for k, v in a.values.items()}
    b = Party(
        "b", "", values=b_values, weights=a.weights, disagreement=a.disagreement, power=a.power
    )
    return Scenario(name="mirror", issues=s.issues, parties=[a, b])


@settings(max_examples=50)
@given(SMALL, st.sampled_from(METHODS.names))
def test_symmetry(s: Scenario, method: str) -> None:
    m = mirrored(s)
    sol = solve(m, method)
    if not sol.agreement:
        return
    optimal = {tuple(sol.utilities.values())}
    for t in sol.ties:
        optimal.add(tuple(m.utilities(np.array(list(m.parse_deal(t).values()))).tolist()))
    assert {(y, x) for x, y in optimal} == optimal


@settings(max_examples=50)
@given(SMALL, st.sampled_from(METHODS.names), st.randoms(use_true_random=False))
def test_swapping_parties_swaps_utilities(s: Scenario, method: str, rnd: object) -> None:
    perm = list(range(s.n_parties))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    t = Scenario(name=s.name, issues=s.issues, parties=[s.parties[j] for j in perm])
    a, b = solve(s, method), solve(t, method)
    assert a.deal == b.deal
    assert a.utilities == b.utilities  # mappings keyed by party


def rescale(s: Scenario, who: int, a: float, b: float) -> Scenario:
    p = s.parties[who]
    values = {k: tuple(a * x + b for x in v) for k, v in p.values.items()}
    total = sum(p.weight(k) for k in s.issue_keys)
    q = Party(
        p.key, "", values=values, weights=p.weights, disagreement=a * p.disagreement + b * total
    )
    parties = list(s.parties)
    parties[who] = q
    return Scenario(name=s.name, issues=s.issues, parties=parties)


@settings(max_examples=60)
@given(
    SMALL,
    st.sampled_from(["nash", "kalai-smorodinsky"]),
    st.data(),
    st.sampled_from([0.5, 2.0, 3.0, 0.1]),
    st.sampled_from([0.0, -1.0, 0.75]),
)
def test_affine_invariance(
    s: Scenario, method: str, data: st.DataObject, a: float, b: float
) -> None:
    who = data.draw(st.integers(0, s.n_parties - 1))
    t = rescale(s, who, a, b)
    _, u = all_deals(s)
    _, v = all_deals(t)
    # Only where rounding cannot flip a deal's rationality.
    assume(
        np.array_equal(
            np.all(u > s.disagreement_point, axis=1), np.all(v > t.disagreement_point, axis=1)
        )
    )
    gap = np.abs((u - s.disagreement_point)[:, who])
    assume(gap.min() > 1e-9)
    d = s.disagreement_point
    best = best_value(method, u, d, s.powers)
    sol = solve(t, method)
    assert sol.agreement == (best is not None)
    if best is None:
        return
    ideal = ideal_gains(u, d) if method == "kalai-smorodinsky" else None
    assert sol.levels is not None
    got = value_of(method, s.utilities(np.array(sol.levels)), d, s.powers, ideal)
    np.testing.assert_allclose(np.asarray(got), np.asarray(best), rtol=1e-7, atol=1e-12)


def drop_level(s: Scenario, issue: int, level: int) -> Scenario:
    old = s.issues[issue]
    new = Issue(old.key, old.name, [x for j, x in enumerate(old.levels) if j != level])
    issues = [new if i == issue else x for i, x in enumerate(s.issues)]
    parties = []
    for p in s.parties:
        values = dict(p.values)
        values[old.key] = tuple(x for j, x in enumerate(values[old.key]) if j != level)
        parties.append(
            Party(p.key, "", values=values, weights=p.weights, disagreement=p.disagreement)
        )
    return Scenario(name=s.name, issues=issues, parties=parties)


@settings(max_examples=60)
@given(scenarios(max_issues=4, max_levels=5), st.data())
def test_independence_of_irrelevant_alternatives(s: Scenario, data: st.DataObject) -> None:
    sol = solve(s, "nash")
    assume(sol.agreement and sol.levels is not None)
    options = [
        (i, j)
        for i, issue in enumerate(s.issues)
        for j in range(issue.n_levels)
        if issue.n_levels > 2 and j != sol.levels[i]
    ]
    assume(options)
    i, j = data.draw(st.sampled_from(options))
    smaller = drop_level(s, i, j)
    again = solve(smaller, "nash")
    assert again.agreement
    assert again.nash_product is not None and sol.nash_product is not None
    np.testing.assert_allclose(again.nash_product, sol.nash_product, rtol=1e-9)
    if not sol.ties:
        assert again.deal == sol.deal
    else:
        assert again.deal in [sol.deal, *sol.ties]


@pytest.mark.parametrize("method", METHODS)
def test_no_rational_deal_means_no_agreement(method: str) -> None:
    s = Scenario(
        name="x",
        issues=[Issue("a", "A", ["x", "y"])],
        parties=[
            Party("p", "P", values={"a": [0, 1]}, disagreement=0.5),
            Party("q", "Q", values={"a": [1, 0]}, disagreement=0.5),
        ],
    )
    for lotteries in (False, True):
        sol = solve(s, method, lotteries=lotteries)
        assert not sol.agreement and sol.deal is None and sol.nash_product is None
        assert sol.utilities == {"p": 0.5, "q": 0.5} and sol.gains == {"p": 0.0, "q": 0.0}
        assert "No deal" in sol.message or "No lottery" in sol.message


@settings(max_examples=25)
@given(SMALL, st.booleans())
def test_contract_every_method(s: Scenario, lotteries: bool) -> None:
    assume(s.n_parties <= 3 or not lotteries)
    for method in METHODS:
        sol = solve(s, method, lotteries=lotteries)
        assert isinstance(sol, Solution)
        assert sol.method == method and sol.scenario == s.name and sol.message
        assert list(sol.utilities) == list(s.party_keys) == list(sol.gains)
        assert sol.disagreement == dict(
            zip(s.party_keys, s.disagreement_point.tolist(), strict=True)
        )
        for k in s.party_keys:
            np.testing.assert_allclose(sol.gains[k], sol.utilities[k] - sol.disagreement[k])
        assert sol.agreement == (sol.deal is not None) == (sol.levels is not None)
        if sol.agreement:
            assert sol.levels is not None and sol.deal is not None and sol.nash_product is not None
            assert all(g > 0 for g in sol.gains.values())
            assert s.describe(np.array(sol.levels)) == sol.deal
            np.testing.assert_allclose(sol.nash_product, np.prod(list(sol.gains.values())))
            assert sol.deal not in sol.ties
            if sol.lottery is not None:
                assert lotteries and len(sol.lottery.deals) >= 2 and not sol.ties
                np.testing.assert_allclose(sum(sol.lottery.probabilities), 1.0)
                assert sol.lottery.deals[0] == sol.deal
        else:
            assert sol.nash_product is None and not sol.ties and sol.lottery is None
        data = json.loads(sol.to_json())
        assert set(data) == {
            "scenario", "method", "agreement", "deal", "levels", "utilities", "gains",
            "disagreement", "nash_product", "log_nash_product", "ties", "lottery",
            "certificate", "message",
        }  # fmt: skip
        assert s.name in sol.table()


@settings(max_examples=30)
@given(scenarios(max_issues=6, max_levels=5))
def test_engines_agree(s: Scenario) -> None:
    for method in METHODS:
        a = solve(s, method, engine="merge")
        b = solve(s, method, engine="brute-force")
        # Same utilities bit for bit; the deal too, except that where rounding makes two deals'
        # sums coincide the engines may keep different deals (see bargain.merge).
        assert a.utilities == b.utilities and len(a.ties) == len(b.ties)


def test_asymmetric_nash_uses_powers() -> None:
    split = Issue("split", "", [str(j) for j in range(11)])
    a = Party("a", "", values={"split": [j / 10 for j in range(11)]}, power=3.0)
    b = Party("b", "", values={"split": [1 - j / 10 for j in range(11)]})
    s = Scenario(name="cake", issues=[split], parties=[a, b])
    assert solve(s, "nash").deal == {"split": "5"}
    assert solve(s, "asymmetric-nash").deal == {"split": "7"}  # maximises x**3 (1 - x): x = 3/4
    assert solve(s, "asymmetric-nash", powers={"a": 1.0}).deal == {"split": "5"}
    assert solve(s, "asymmetric-nash", powers=[1.0, 3.0]).deal == {"split": "3"}


def test_methods_differ_where_they_should() -> None:
    issues = [Issue("x", "", ["a", "b", "c", "d", "e"])]
    p = Party("p", "", values={"x": [1, 4, 3, 12, 5]}, power=3.0)
    q = Party("q", "", values={"x": [9, 4, 5.5, 0.5, 3.6]})
    s = Scenario(name="s", issues=issues, parties=[p, q])
    expected = {
        "nash": "e",  # 5 * 3.6 = 18 beats 16.5, 16, 9, 6
        "asymmetric-nash": "d",  # 12**3 * 0.5
        "kalai-smorodinsky": "e",  # ideal (12, 9): min(5/12, 3.6/9) = 0.4
        "egalitarian": "b",  # min gain 4
        "utilitarian": "d",  # 12.5
    }
    assert {m: solve(s, m).deal["x"] for m in METHODS} == expected  # type: ignore[index]


def test_choose_reports_ties_in_deal_order() -> None:
    u = np.array([[1.0, 2.0], [2.0, 1.0], [1.5, 1.0]])
    deals = np.array([[2, 0], [0, 1], [1, 1]])
    best, ties = choose("nash", u, deals, np.zeros(2))
    assert best == 1 and ties.tolist() == [0]
    near = u.copy()
    near[0, 0] *= 1 + TIE_RTOL / 10  # equal up to rounding: still a tie
    best, ties = choose("nash", near, deals, np.zeros(2))
    assert best == 1 and ties.tolist() == [0]


@pytest.fixture
def cake() -> Scenario:
    split = Issue("split", "Split", ["all to A", "half", "all to B"])
    a = Party("a", "A", values={"split": [1.0, 0.5, 0.0]})
    b = Party("b", "B", values={"split": [0.0, 0.5, 1.0]})
    return Scenario(name="cake", issues=[split], parties=[a, b])


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"method": "nsh"}, "method 'nsh' is not a method; did you mean 'nash'"),
        (
            {"disagreement": "threat-games"},
            "disagreement rule 'threat-games' is not a disagreement rule; "
            "did you mean 'threat-game'",
        ),
        ({"disagreement": "threat-game"}, "scenario 'cake' has no threat game"),
        (
            {"disagreement": [0.0]},
            r"disagreement must have one value per party \(2: a, b\), found 1",
        ),
        ({"disagreement": {"c": 0.0}}, "disagreement names 'c', which is not a party"),
        (
            {"disagreement": {"a": "x"}},
            r"disagreement\['a'\] must be a number, found the string 'x'",
        ),
        (
            {"disagreement": [0.0, float("nan")]},
            r"disagreement\['b'\] must be a finite number, found nan",
        ),
        (
            {"disagreement": 3.0},
            "disagreement must be a mapping of party -> value or one value per party",
        ),
        ({"powers": [1.0, 1.0]}, "powers only apply to method 'asymmetric-nash', not 'nash'"),
        (
            {"method": "asymmetric-nash", "powers": {"b": 0.0}},
            "powers must be > 0, found 0.0 for 'b'",
        ),
        ({"engine": "fast"}, "engine 'fast' is not an engine"),
        ({"lotteries": "yes"}, "lotteries must be True or False"),
    ],
)
def test_bad_input_messages(cake: Scenario, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ScenarioError, match=message):
        solve(cake, **kwargs)  # type: ignore[arg-type]


def test_disagreement_override(cake: Scenario) -> None:
    sol = solve(cake, disagreement={"a": 0.2})
    assert sol.disagreement == {"a": 0.2, "b": 0.0}
    assert sol.deal == {"split": "half"}
    sol = solve(cake, disagreement=np.array([0.6, -1.0]))
    assert sol.deal == {"split": "all to A"}


def test_seed_scenario_every_method() -> None:
    from bargain import load_scenario

    s = load_scenario("russia-nato-2022-no-red-lines")
    for method in METHODS:
        sol = solve(s, method)
        assert sol.agreement, method


def test_log_gains_are_unit_free_per_party() -> None:
    """Each party's gains are divided by a power of two near its largest: multiplying one party's
    gains by a power of two changes no logarithm at all, and they stay near 0."""
    g = np.array([[3.0, 4.0], [2.0, 7.0], [0.5, 1.0]])
    base = log_gains(g)
    for scale in ([2.0**-600, 1.0], [1.0, 2.0**700], [2.0**-900, 2.0**900]):
        np.testing.assert_array_equal(log_gains(g * np.array(scale)), base)
    assert np.abs(base).max() < 2.0
    assert log_gains(np.empty((0, 3))).shape == (0, 3)


def test_leximin_ties_are_relative_to_the_best() -> None:
    near = 1.0 - 5e-13  # within TIE_RTOL, relatively
    big = np.array([[1e6, 2e6], [1e6 * near, 2e6], [0.5e6, 3e6]])
    assert leximin_ties(big).tolist() == [0, 1]
    small = np.array([[1e-6, 2e-6], [1e-6 * near, 2e-6], [0.5e-6, 3e-6]])
    assert leximin_ties(small).tolist() == [0, 1]
    assert leximin_ties(np.array([[1e-6, 1.0], [0.5e-6, 2.0]])).tolist() == [0]


def test_log_gains_scale_each_party_into_one_octave() -> None:
    """Divided by 2**(e - 1) where the largest gain is f * 2**e (0.5 <= f < 1): the largest
    scaled gain of every party lies in [1, 2), its logarithm in [0, log 2)."""
    g = np.array([[3.0, 1e-300, 0.7], [2.0, 4e-301, 0.01], [0.5, 1e-301, 0.5]])
    top = log_gains(g).max(axis=0)
    assert np.all((top >= 0) & (top < np.log(2)))


def test_asymmetric_nash_powers_default_to_equal_and_are_scaled() -> None:
    g = np.array([[3.0, 4.0], [2.0, 7.0]])
    np.testing.assert_array_equal(method_scores("asymmetric-nash", g), method_scores("nash", g))
    huge = method_scores("asymmetric-nash", g, np.array([1e308, 1e308]))
    np.testing.assert_array_equal(huge, method_scores("nash", g))
    with pytest.raises(ValueError) as info:
        method_scores("nahs", g)
    assert str(info.value) == f"unknown method 'nahs'; expected one of {METHODS.names}"


def test_ties_absolute_on_logarithms_relative_otherwise() -> None:
    scores = np.array([100.0, 100.0 - 5e-11])  # relatively 5e-13 apart, absolutely 5e-11
    assert score_ties(scores).tolist() == [0, 1]
    assert score_ties(scores, log=False).tolist() == [0, 1]
    assert score_ties(scores, log=True).tolist() == [0]
    logs = np.array([0.0, -1.5e-12])
    assert score_ties(logs, log=True).tolist() == [0]
    assert score_ties(np.array([0.0, -0.5e-12]), log=True).tolist() == [0, 1]


def test_nash_ties_are_absolute_on_the_log_scale() -> None:
    """Products 5e-13 apart relatively tie (absolute 1e-12 on logarithms near 0.19), although
    1e-12 of that logarithm is less: the lexicographically smallest deal wins."""
    u = np.array([[0.55 * (1 + 5e-13), 0.55], [0.55, 0.55]])
    best, ties = choose("nash", u, np.array([[1], [0]]), np.zeros(2))
    assert int(best) == 1 and ties.tolist() == [0]


def test_no_rational_candidate() -> None:
    best, ties = choose("nash", np.array([[0.1, 0.2]]), np.array([[0]]), np.array([0.5, 0.5]))
    assert best is None and ties.dtype == np.intp and ties.shape == (0,)
