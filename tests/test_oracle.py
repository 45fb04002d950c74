"""The independent oracles of bargain.testing: hand-checked answers, and no engine code inside."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest

import bargain.frontier.engine
import bargain.frontier.enumerate
import bargain.frontier.merge
import bargain.frontier.pareto
import bargain.solutions.concepts
import bargain.solutions.lottery
import bargain.testing
from bargain import Issue, Party, Scenario
from bargain.errors import BargainError
from bargain.testing import (
    criterion,
    deal_utilities,
    dominates,
    every_deal,
    lottery_ideal,
    lottery_max_min,
    nash_lottery_bound,
    oracle_solution,
    pareto_optimal,
    pareto_set,
)


def cake(n: int = 5, d: tuple[float, float] = (0.0, 0.0)) -> Scenario:
    split = Issue("split", "", [str(j) for j in range(n)])
    return Scenario(
        name="cake",
        issues=[split],
        parties=[
            Party("a", "", values={"split": [j / (n - 1) for j in range(n)]}, disagreement=d[0]),
            Party(
                "b", "", values={"split": [1 - j / (n - 1) for j in range(n)]}, disagreement=d[1]
            ),
        ],
    )


def two_issues() -> Scenario:
    return Scenario(
        name="two",
        issues=[Issue("x", "", ["0", "1"]), Issue("y", "", ["0", "1", "2"])],
        parties=[
            Party("p", "", values={"x": [0, 1], "y": [0, 2, 4]}, weights={"y": 0.5}),
            Party("q", "", values={"x": [3, 0], "y": [2, 1, 0]}, power=2.0),
            Party("r", "", values={"x": [1, 1], "y": [0, 0, 3]}, weights={"x": 0.0}),
        ],
    )


def test_utilities_come_from_values_and_weights() -> None:
    s = two_issues()
    assert every_deal(s) == [(0, 0), (0, 1), (0, 2), (1, 0), (1, 1), (1, 2)]
    assert deal_utilities(s, (1, 2)) == (1 + 0.5 * 4, 0 + 0, 0 * 1 + 3)
    assert deal_utilities(s, (0, 1)) == (1.0, 4.0, 0.0)


def test_dominance_and_pareto_by_definition() -> None:
    assert dominates((1, 1), (1, 0)) and not dominates((1, 0), (0, 1))
    assert not dominates((1, 1), (1, 1))
    assert pareto_optimal([(0, 0), (1, 1), (1, 1), (2, 0), (0, 2), (1, 0)]) == [
        False, True, True, True, True, False
    ]  # fmt: skip
    s = two_issues()
    front = pareto_set(s)
    assert list(front) == sorted(front)
    assert all(not dominates(v, w) for v in front for w in front)
    for deal in every_deal(s):
        u = deal_utilities(s, deal)
        assert u in front or any(dominates(v, u) for v in front)


def test_each_method_on_a_hand_solved_cake() -> None:
    s = cake()  # utilities (j/4, 1 - j/4)
    assert oracle_solution(s, "nash").optimal == ((2,),)
    assert oracle_solution(s, "egalitarian").optimal == ((2,),)
    assert oracle_solution(s, "kalai-smorodinsky").optimal == ((2,),)
    # Every interior deal sums to 1: all tie, the smallest is chosen.
    util = oracle_solution(s, "utilitarian")
    assert util.optimal == ((1,), (2,), (3,)) and util.chosen == (1,) and util.ties == ((2,), (3,))
    # x**3 (1 - x) is largest at x = 3/4.
    assert oracle_solution(s, "asymmetric-nash", powers=[3.0, 1.0]).chosen == (3,)
    assert oracle_solution(s, "asymmetric-nash", powers=[1.0, 3.0]).chosen == (1,)
    assert not oracle_solution(cake(d=(0.9, 0.0)), "nash").agreement


def test_kalai_smorodinsky_is_leximin_of_ratios() -> None:
    s = Scenario(
        name="ks",
        issues=[Issue("x", "", ["a", "b", "c", "d", "e"])],
        parties=[
            Party("p", "", values={"x": [1, 4, 3, 12, 5]}),
            Party("q", "", values={"x": [9, 4, 5.5, 0.5, 3.6]}),
        ],
    )
    sol = oracle_solution(s, "kalai-smorodinsky")
    assert sol.ideal == (Fraction(12), Fraction(9))
    assert sol.chosen == (4,)  # min(5/12, 3.6/9) = 0.4 beats 1/3, 1/4, 1/24, 1/12
    assert oracle_solution(s, "egalitarian").chosen == (1,)  # min gain 4
    assert oracle_solution(s, "utilitarian").chosen == (3,)  # 12.5


def test_leximin_looks_beyond_the_smallest_gain() -> None:
    s = Scenario(
        name="lex",
        issues=[Issue("x", "", ["a", "b"])],
        parties=[
            Party("p", "", values={"x": [1, 1]}),
            Party("q", "", values={"x": [1, 2]}),
            Party("r", "", values={"x": [3, 1]}),
        ],
    )
    # Both deals give a smallest gain of 1; (1, 2, 1) sorts to (1, 1, 2) < (1, 1, 3).
    assert oracle_solution(s, "egalitarian").optimal == ((0,),)


def test_criterion_is_exact() -> None:
    third = Fraction(1, 3)
    assert criterion("nash", [third, Fraction(3)]) == 1
    assert criterion("utilitarian", [0.1, 0.2]) == Fraction(0.1) + Fraction(0.2)
    assert isinstance(criterion("asymmetric-nash", [2.0, 3.0], powers=[1 / 3, 1.0]), float)
    with pytest.raises(ValueError, match="unknown method"):
        criterion("nashh", [1.0])
    with pytest.raises(ValueError, match="needs the ideal gains"):
        criterion("kalai-smorodinsky", [1.0])


def test_lottery_oracles_on_a_hand_solved_case() -> None:
    s = cake(2, d=(0.6, 0.0))  # deals (0, 1) and (1, 0): only lotteries can be rational
    assert not oracle_solution(s, "nash").agreement
    # Nash: maximise (x - 0.6)(1 - x): x = 0.8.
    bound = nash_lottery_bound(s)
    assert bound is not None and math.isclose(bound, 2 * math.log(0.2), rel_tol=1e-9)
    found = lottery_max_min(s, [1.0, 1.0])
    assert found is not None
    t, total, gains = found
    assert math.isclose(t, 0.2) and math.isclose(total, 0.4)
    np.testing.assert_allclose(gains, [0.2, 0.2])
    ideal = lottery_ideal(s)
    assert ideal is not None
    np.testing.assert_allclose(ideal, [0.4, 0.4])
    assert nash_lottery_bound(cake(2, d=(0.6, 0.5))) is None
    assert lottery_max_min(cake(2, d=(0.6, 0.5)), [1.0, 1.0]) is None


def test_oracles_refuse_large_spaces() -> None:
    issues = [Issue(f"i{i}", "", [str(j) for j in range(10)]) for i in range(5)]
    vals = {f"i{i}": [0.0] * 10 for i in range(5)}
    s = Scenario(name="big", issues=issues, parties=[Party("p", "", vals), Party("q", "", vals)])
    with pytest.raises(BargainError, match="the oracles enumerate at most 50,000 deals"):
        oracle_solution(s, "nash")


ENGINE = [
    (bargain.frontier.pareto, "pareto_indices"),
    (bargain.frontier.pareto, "pareto_mask"),
    (bargain.frontier.merge, "merge_frontier"),
    (bargain.frontier.enumerate, "brute_force_frontier"),
    (bargain.frontier.enumerate, "combination_table"),
    (bargain.frontier.engine, "frontier_arrays"),
    (bargain.solutions.concepts, "choose"),
    (bargain.solutions.concepts, "method_scores"),
    (bargain.solutions.lottery, "nash_lottery"),
    (bargain.solutions.lottery, "ray_lottery"),
    (bargain.solutions.lottery, "ideal_gains"),
    (Scenario, "utilities"),
    (Scenario, "tables"),
    # What the brute force of bargain.testing borrows from the engine.
    (bargain.testing, "combination_table"),
    (bargain.testing, "split_point"),
    (bargain.testing, "brute_force_best"),
    (bargain.testing, "brute_force_nash"),
]


def test_the_oracles_run_no_engine_code(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise AssertionError("the oracle called the engine")

    s = two_issues()
    expected = {m: oracle_solution(s, m).optimal for m in ("nash", "kalai-smorodinsky")}
    for owner, name in ENGINE:
        monkeypatch.setattr(owner, name, property(broken) if name == "tables" else broken)
    for method, optimal in expected.items():
        assert oracle_solution(s, method).optimal == optimal
    assert pareto_set(s)
    assert nash_lottery_bound(s) is not None and lottery_ideal(s) is not None
