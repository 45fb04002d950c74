from __future__ import annotations

import importlib
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bargain import Issue, Party, Scenario, solve
from bargain.frontier.hull import hull_chain, issue_chain
from bargain.frontier.merge import merge_frontier
from bargain.solutions.lottery import edge_nash, nash_lottery, nash_on_chain, ray_lottery
from tests.oracle import all_deals
from tests.strategies import scenarios

TWO = scenarios(max_parties=2, max_issues=5, max_levels=5)


def weighted_product(sol: object, powers: np.ndarray) -> float:
    gains = np.array(list(sol.gains.values()))  # type: ignore[attr-defined]
    return float(np.prod(gains**powers))


@settings(max_examples=80)
@given(
    scenarios(max_parties=3, max_issues=4, max_levels=4),
    st.sampled_from(["nash", "asymmetric-nash"]),
)
def test_lottery_nash_product_at_least_pure(s: Scenario, method: str) -> None:
    pure = solve(s, method)
    lot = solve(s, method, lotteries=True)
    if pure.agreement:
        assert lot.agreement
    if not lot.agreement:
        return
    p = s.powers if method == "asymmetric-nash" else np.ones(s.n_parties)
    assert all(g > 0 for g in lot.gains.values())
    if pure.agreement:
        assert weighted_product(lot, p) >= weighted_product(pure, p) * (1 - 1e-9)


@settings(max_examples=80)
@given(TWO)
def test_two_party_lottery_mixes_two_deals_differing_in_one_issue(s: Scenario) -> None:
    sol = solve(s, lotteries=True)
    if sol.lottery is None:
        return
    a, b = sol.lottery.levels
    assert len(sol.lottery.deals) == 2 and sum(x != y for x, y in zip(a, b, strict=True)) == 1
    p = sol.lottery.probabilities
    assert 0 < p[1] <= p[0] < 1 and p[0] + p[1] == pytest.approx(1.0)
    expected = p[0] * s.utilities(np.array(a)) + p[1] * s.utilities(np.array(b))
    np.testing.assert_allclose(list(sol.utilities.values()), expected)


@settings(max_examples=60)
@given(TWO)
def test_chain_closed_form_matches_the_general_solver(s: Scenario) -> None:
    sol = solve(s, lotteries=True)
    u, _ = merge_frontier(s.tables)
    found = nash_lottery(u, s.disagreement_point, np.ones(2))
    assert sol.agreement == (found is not None)
    if found is None:
        return
    rows, w = found
    gains = w @ u[rows] - s.disagreement_point
    np.testing.assert_allclose(sol.nash_product, np.prod(gains), rtol=1e-7)


@settings(max_examples=40)
@given(TWO)
def test_symmetric_problem_gives_equal_expected_gains(s: Scenario) -> None:
    a = s.parties[0]
    b = Party(
        "b",
        "",
        values={k: tuple(reversed(v)) for k, v in a.values.items()},
        weights=a.weights,
        disagreement=a.disagreement,
    )
    m = Scenario(name="mirror", issues=s.issues, parties=[a, b])
    sol = solve(m, lotteries=True)
    if sol.agreement:
        gains = list(sol.gains.values())
        np.testing.assert_allclose(gains[0], gains[1], rtol=1e-9, atol=1e-12)


@settings(max_examples=40)
@given(scenarios(max_parties=3, max_issues=4, max_levels=4))
def test_egalitarian_and_ks_lotteries(s: Scenario) -> None:
    pure = solve(s, "egalitarian")
    lot = solve(s, "egalitarian", lotteries=True)
    if pure.agreement:
        assert lot.agreement
        assert min(lot.gains.values()) >= min(pure.gains.values()) * (1 - 1e-7)
    ks = solve(s, "kalai-smorodinsky", lotteries=True)
    assert ks.agreement == lot.agreement
    if ks.agreement:
        assert all(g > 0 for g in ks.gains.values())


def test_utilitarian_lottery_is_the_best_deal() -> None:
    split = Issue("split", "", ["A", "half", "B"])
    s = Scenario(
        name="cake",
        issues=[split],
        parties=[
            Party("a", "", values={"split": [1, 0.6, 0]}),
            Party("b", "", values={"split": [0, 0.6, 1]}),
        ],
    )
    sol = solve(s, "utilitarian", lotteries=True)
    assert sol.lottery is None and sol.deal == {"split": "half"}
    assert "lottery never beats" in sol.message


def test_lottery_beats_every_deal_when_deals_are_lopsided() -> None:
    split = Issue("split", "Split", ["all to A", "all to B"])
    s = Scenario(
        name="cake",
        issues=[split],
        parties=[
            Party("a", "", values={"split": [1, 0]}),
            Party("b", "", values={"split": [0, 1]}),
        ],
    )
    assert not solve(s).agreement
    sol = solve(s, lotteries=True)
    assert sol.lottery is not None and sol.lottery.probabilities == pytest.approx((0.5, 0.5))
    assert sol.utilities == pytest.approx({"a": 0.5, "b": 0.5})
    assert "probability" in sol.table() and sol.to_dict()["lottery"]["deals"][0] == sol.deal
    three = Scenario(
        name="three",
        issues=[Issue("x", "", ["a", "b", "c"])],
        parties=[
            Party(k, "", values={"x": [float(i == j) for j in range(3)]})
            for i, k in enumerate("pqr")
        ],
    )
    sol = solve(three, lotteries=True)
    assert sol.lottery is not None and len(sol.lottery.deals) == 3
    assert sol.utilities == pytest.approx({"p": 1 / 3, "q": 1 / 3, "r": 1 / 3}, rel=1e-6)
    sol = solve(three, "egalitarian", lotteries=True)
    assert sol.utilities == pytest.approx({"p": 1 / 3, "q": 1 / 3, "r": 1 / 3}, rel=1e-6)


@settings(max_examples=60)
@given(TWO)
def test_hull_chain_bounds_every_deal(s: Scenario) -> None:
    chain = hull_chain(s.tables)
    _, u = all_deals(s)
    v = chain.vertices
    # Right and down along the chain (weakly: a tiny edge can vanish in the running sum).
    assert np.all(np.diff(v[:, 0]) >= 0) and np.all(np.diff(v[:, 1]) <= 0)
    for j in range(len(v)):
        np.testing.assert_allclose(s.utilities(chain.deal(j)), v[j], atol=1e-9)
    for w in np.random.default_rng(0).random((20, 2)):
        assert (v @ w).max() >= (u @ w).max() - 1e-9


def test_issue_chain_drops_interior_and_dominated_levels() -> None:
    t = np.array([[0.0, 1.0], [0.5, 0.5], [1.0, 0.0], [0.6, 0.6], [0.2, 0.2], [0.0, 1.0]])
    assert issue_chain(t) == [0, 3, 2]


def test_ray_lottery_infeasible() -> None:
    assert ray_lottery(np.array([[1.0, 0.0]]), np.array([0.0, 0.0]), np.ones(2)) is None
    assert nash_lottery(np.array([[1.0, 0.0]]), np.array([0.0, 0.0]), np.ones(2)) is None


@settings(max_examples=20)
@given(st.integers(0, 2**32 - 1))
def test_three_party_lottery_kkt(seed: int) -> None:
    rng = np.random.default_rng(seed)
    pts = rng.dirichlet(np.ones(3), size=30)
    d = np.full(3, 0.1)
    found = nash_lottery(pts, d, np.ones(3))
    assume(found is not None)
    assert found is not None
    rows, w = found
    assert len(rows) <= 3 and w.sum() == pytest.approx(1.0)
    x = w @ pts[rows] - d
    grad = 1 / x
    # No point improves the Nash product to first order: the optimality (KKT) condition.
    assert ((pts - d) @ grad).max() <= 3 * (1 + 1e-6)


# --------------------------------------------------------------------------- hand-computed cases
# The two-party closed form: on the edge from gains (g0, g1) by (dx, dy), the weighted product
# (g0 + t dx)**a (g1 + t dy)**b. From (0, 1) to (1, 0): t**a (1 - t)**b, maximal at a / (a + b).
@pytest.mark.parametrize("scale", [1.0, 1e-200, 1e200])
def test_edge_nash_by_hand(scale: float) -> None:
    def one(g0: float, g1: float, dx: float, dy: float, a: float, b: float) -> float:
        arrays = (np.array([v * scale]) for v in (g0, g1, dx, dy))
        return float(edge_nash(*arrays, a, b)[0])

    assert one(0.0, 1.0, 1.0, -1.0, 1.0, 1.0) == 0.5
    assert one(0.0, 1.0, 1.0, -1.0, 1.0, 3.0) == 0.25
    assert one(0.0, 1.0, 1.0, -1.0, 0.75, 0.25) == 0.75  # only the ratio of the powers counts
    # from (1, 1) by (2, -1): (1 + 2t)(1 - t) is largest at t = 1/4
    assert one(1.0, 1.0, 2.0, -1.0, 1.0, 1.0) == 0.25
    # the stationary point (t = 1/2) has both gains negative, -1.5 and -1.5, and no point of
    # the edge from (-2, -1) by (1, -1) is rational: t = 0
    assert one(-2.0, -1.0, 1.0, -1.0, 1.0, 1.0) == 0.0
    # rational only for t in (0.5, 1): from (-1, 2) by (2, -1), (2t - 1)(2 - t): t = 1
    assert one(-1.0, 2.0, 2.0, -1.0, 1.0, 1.0) == 1.0


def test_edge_nash_at_zero_gains_warns_nothing() -> None:
    """No floating-point warning: an end with a gain of exactly 0 (or below) is not scored (no log
    of 0 or of a negative), and degenerate edges (0/0, x/0, overflow) give t = 0."""
    g0, g1 = np.array([0.0, 0.0, -1.0, 1.0]), np.array([1.0, 1.0, 1.0, 1.0])
    dx, dy = np.array([1.0, 0.0, 1.0, 1e-310]), np.array([-1.0, -1.0, 0.0, -1.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        t = edge_nash(g0, g1, dx, dy, 1.0, 1.0)
    # 1/2; a vertical edge at gain 0 (0/0: nothing rational, 0); from (-1, 1) by (1, 0): no
    # t < 1 is rational and t = 1 has gain 0: 0; an edge of width 1e-310 (the stationary point
    # overflows to -inf): 0
    assert t.tolist() == [0.5, 0.0, 0.0, 0.0]


def test_nash_on_chain_by_hand() -> None:
    d = np.zeros(2)
    assert nash_on_chain(np.array([[0.0, 1.0], [1.0, 0.0]]), d, np.ones(2)) == (0, 0.5)
    # edges (0, 2)-(1, 1)-(2, 0) with d = (0.5, 0): the optimum (1.25, 0.75) on the second edge
    v = np.array([[0.0, 2.0], [1.0, 1.0], [2.0, 0.0]])
    assert nash_on_chain(v, np.array([0.5, 0.0]), np.ones(2)) == (1, 0.25)
    # one vertex: rational or not (a gain of exactly 0 is not)
    assert nash_on_chain(np.array([[1.0, 2.0]]), d, np.ones(2)) == (0, 0.0)
    assert nash_on_chain(np.array([[1.0, 0.0]]), d, np.ones(2)) is None
    # a vertical edge at gain 0 for party 0, a horizontal one at gain 0 for party 1
    assert nash_on_chain(np.array([[0.0, 2.0], [0.0, 1.0]]), d, np.ones(2)) is None
    assert nash_on_chain(np.array([[1.0, 0.0], [2.0, 0.0]]), d, np.ones(2)) is None


def test_nash_lottery_in_tiny_units() -> None:
    """The same lottery with every utility multiplied by 1e-200: (1, 0) and (0, 1) half each."""
    pts = np.array([[1.0, 0.0], [0.0, 1.0], [0.25, 0.25]])
    for scale in (1.0, 1e-200, 1e200):
        rows, w = nash_lottery(pts * scale, np.zeros(2), np.ones(2))  # type: ignore[misc]
        assert rows.tolist() == [0, 1] and np.round(w, 12).tolist() == [0.5, 0.5]


def test_nash_lottery_mixes_at_most_k_deals() -> None:
    """Found by a search (bug fixed): Newton's method (bargain.solutions.relaxation) left a
    weight of 2**-53 on a third deal off the optimal edge; that weight capped every later
    Newton step, so the search stopped short of the optimum (seed 7, 10th case: log product
    -1.28734 instead of -1.28727) and reported three deals for two parties. At most two deals,
    and optimal: the first-order condition, no deal improves sum log g."""
    rng = np.random.default_rng(7)
    for _ in range(40):
        pts = rng.dirichlet(np.ones(2), size=11) * rng.uniform(0.5, 1, size=(11, 1))
        d = rng.uniform(-0.2, 0.1, size=2)
        found = nash_lottery(pts, d, np.array([3.0, 3.0]))
        assert found is not None
        rows, w = found
        assert len(rows) <= 2 and np.all(w > 0) and w.sum() == pytest.approx(1.0, abs=1e-15)
        x = w @ pts[rows] - d
        assert ((pts - d) @ (1 / x)).max() <= 2 * (1 + 1e-9)


# ------------------------------------------------------------------- ray_lottery's fallbacks
# The linear programs' answers are scripted, to reach the branches that only the solver's
# rounding reaches otherwise (a lost best deal, an infeasible second stage, a gain of exactly
# 0). Gains (d = 0) and direction (1, 2); each deal's smallest relative gain in the comment.
V = 0.5 * (1 - 1e-9)  # just at the tolerance below the best deal's 0.5
RAY_GAINS = np.array(
    [
        [0.5, 0.5],  # 0.25
        [2.0, 1.0],  # 0.5: the best deal
        [0.1, 3.0],  # 0.1
        [4.0, 0.0],  # 0: not rational
        [V, 2 * V],  # V
    ]
)
HALF_12 = [0.0, 0.5, 0.5, 0.0, 0.0]  # deals 1 and 2: expected gains (1.05, 2), relative 1


def scripted_lp(
    monkeypatch: pytest.MonkeyPatch,
    first: tuple[list[float], float] | None,
    second: list[float] | None,
) -> list[float | None]:
    """Stage 1 answers `first` (weights, t); stage 2 `second`, or None (infeasible) when asked
    for a floor above t. Returns the floors asked for."""
    floors: list[float | None] = []

    def fake(gains: np.ndarray, direction: np.ndarray, floor: float | None) -> object:
        floors.append(floor)
        if floor is None:
            return None if first is None else (np.array(first[0]), first[1])
        if second is None or first is None or floor > first[1]:
            return None
        return np.array(second), 0.0

    monkeypatch.setattr(importlib.import_module("bargain.solutions.lottery"), "_lp", fake)
    return floors


def ray(gains: np.ndarray = RAY_GAINS) -> tuple[list[int], list[float]] | None:
    direction = np.array([1.0, 2.0]) if gains is RAY_GAINS else np.ones(gains.shape[1])
    found = ray_lottery(gains, np.zeros(gains.shape[1]), direction)
    return None if found is None else (found[0].tolist(), np.round(found[1], 15).tolist())


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        # the first LP fails, or finds nothing rational: the best single deal
        (None, None, ([1], [1.0])),
        ((HALF_12, 0.0), HALF_12, ([1], [1.0])),
        # the second stage is infeasible: the first stage's lottery
        ((HALF_12, 1.0), None, ([1, 2], [0.5, 0.5])),
        # the second stage's lottery, at a floor just below t (weights of 1e-12 dropped)
        (([0.0, 1.0, 0.0, 0.0, 0.0], 0.5), HALF_12, ([1, 2], [0.5, 0.5])),
        ((HALF_12, 1.0), [1e-12, 0.5, 0.5, 0.0, 0.0], ([1, 2], [0.5, 0.5])),
        # the second stage leaves party 1 at exactly 0: the first stage's lottery, its weights
        # of 1e-12 or less dropped and the rest renormalised (0.6, 0.3 -> 2/3, 1/3)
        (([1e-12, 0.6, 0.3, 0.0, 0.0], 0.75), [0.0, 0.0, 0.0, 1.0, 0.0], ([1, 2], [2 / 3, 1 / 3])),
        # a lottery clearly below the best deal (0.25 < 0.5) gives way to it; one at the
        # tolerance (V) does not
        (([1.0, 0.0, 0.0, 0.0, 0.0], 0.25), [1.0, 0.0, 0.0, 0.0, 0.0], ([1], [1.0])),
        (([0.0, 0.0, 0.0, 0.0, 1.0], V), [0.0, 0.0, 0.0, 0.0, 1.0], ([4], [1.0])),
    ],
)
def test_ray_lottery_fallbacks(
    monkeypatch: pytest.MonkeyPatch,
    first: tuple[list[float], float] | None,
    second: list[float] | None,
    expected: tuple[list[int], list[float]],
) -> None:
    floors = scripted_lp(monkeypatch, first, second)
    assert ray() == (expected[0], np.round(expected[1], 15).tolist())
    if first is not None and first[1] > 0:
        assert floors == [None, first[1] * (1 - 1e-12)]


def test_ray_lottery_without_a_rational_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    """No deal is rational and both stages answer a lottery leaving party 1 at exactly 0."""
    scripted_lp(monkeypatch, ([1.0, 0.0], 0.1), [1.0, 0.0])
    assert ray(np.array([[1.0, 0.0], [0.0, 1.0]])) is None


def test_nash_lottery_reduces_a_support_of_k_plus_one(monkeypatch: pytest.MonkeyPatch) -> None:
    """Column generation may end with k + 1 deals (here three collinear ones, weights 1/4, 1/2,
    1/4, expected gains (1/2, 1/2)): the answer mixes at most k = 2 of them, same gains."""
    pts = np.array([[1.0, 0.0], [0.5, 0.5], [0.0, 1.0], [0.2, 0.2]])

    def scripted(*_: object) -> tuple[np.ndarray, list[tuple[int, ...]], np.ndarray, float]:
        return pts[:3], [(0,), (1,), (2,)], np.array([0.25, 0.5, 0.25]), 0.0

    module = importlib.import_module("bargain.solutions.lottery")
    monkeypatch.setattr(module, "column_generation", scripted)
    found = nash_lottery(pts, np.zeros(2), np.ones(2))
    assert found is not None
    rows, w = found
    assert 1 <= len(rows) <= 2 and np.all(w > 0) and set(rows.tolist()) <= {0, 1, 2}
    np.testing.assert_allclose(w @ pts[rows], [0.5, 0.5], rtol=1e-12)
