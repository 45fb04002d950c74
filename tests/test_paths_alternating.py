"""Rubinstein alternating offers: closed form, Nash and asymmetric Nash limits, continuations."""

from __future__ import annotations

import dataclasses
import itertools
import warnings
from fractions import Fraction

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
    ("discounts", "message"),
    [
        ({"russia": 0.0}, "discounts['russia'] must be in (0, 1], found 0.0"),
        ({"russia": 1.5}, "discounts['russia'] must be in (0, 1], found 1.5"),
        ({"nato": -0.2}, "discounts['nato'] must be in (0, 1], found -0.2"),
        ({"russia": "high"}, "discounts['russia'] must be a number, found the string 'high'"),
        ({"rusia": 0.9}, "discounts names 'rusia', which is not a party; did you mean 'russia'?"),
        ([0.9], "discounts must have one value per party (2: russia, nato), found 1"),
        (
            0.9,
            "discounts must be a mapping of party -> value or one value per party, found float 0.9",
        ),
    ],
)
def test_bad_discounts_name_the_argument(discounts: object, message: str) -> None:
    talks = load_scenario("russia-nato-2022-no-red-lines")
    with pytest.raises(ScenarioError) as info:
        concession_path(talks, "alternating-offers", discounts=discounts)
    assert str(info.value) == message
    assert info.value.key == message.split(" ")[0]


@pytest.mark.parametrize(
    ("risk", "message"),
    [
        (-0.1, "breakdown_risk must be in [0, 1), found -0.1"),
        (1.0, "breakdown_risk must be in [0, 1), found 1.0"),
        ("x", "breakdown_risk must be a number, found the string 'x'"),
        (float("nan"), "breakdown_risk must be a finite number, found nan"),
    ],
)
def test_bad_breakdown_risk_names_the_argument(risk: object, message: str) -> None:
    s = _split([1.0], (0.0, 0.0))
    with pytest.raises(ScenarioError) as info:
        concession_path(s, "alternating-offers", breakdown_risk=risk)
    assert str(info.value) == message
    assert info.value.key == "breakdown_risk"


def test_discounts_given_for_one_party_keep_the_other_partys() -> None:
    # the scenario's discounts (a 0.5, b 0.25) are the defaults; a mapping replaces some of them
    s = _split([1.0], (0.0, 0.0))
    a, b = s.parties
    s = dataclasses.replace(
        s, parties=[dataclasses.replace(a, discount=0.5), dataclasses.replace(b, discount=0.25)]
    )
    assert concession_path(s, "alternating-offers").options["discounts"] == {"a": 0.5, "b": 0.25}
    path = concession_path(s, "alternating-offers", discounts={"b": 0.5})
    assert path.options["discounts"] == {"a": 0.5, "b": 0.5}
    np.testing.assert_allclose(_u(path), [2 / 3, 1 / 3], rtol=1e-12)  # 1 / (1 + 1/2)
    path = concession_path(s, "alternating-offers", discounts={"a": 1.0})
    assert path.options["discounts"] == {"a": 1.0, "b": 0.25}
    np.testing.assert_allclose(_u(path), [1.0, 0.0], atol=1e-12)
    assert s.discounts.tolist() == [0.5, 0.25]  # the scenario is not changed


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


# --------------------------------------------------------------------------- an exact oracle
# Rubinstein's equilibrium on a chain, in exact rational arithmetic and plain Python: the
# frontier phi (party 1's gain when party 0 gains x, flat left of the top vertex), its end
# x_max, the root of phi(x) = f1 phi(f0 x) solved exactly on the pieces where phi(x) and
# phi(f0 x) are both linear, and the Nash point of the chain for undiscounted talks.
Point = tuple[Fraction, Fraction]


def _interp(x: Fraction, xs: list[Fraction], ys: list[Fraction]) -> Fraction:
    """Linear interpolation through (xs, ys), xs strictly increasing, constant outside."""
    if x <= xs[0]:
        return ys[0]
    if x >= xs[-1]:
        return ys[-1]
    j = max(i for i in range(len(xs) - 1) if xs[i] <= x)
    return ys[j] + (ys[j + 1] - ys[j]) * (x - xs[j]) / (xs[j + 1] - xs[j])


def _nash_point(g: list[Point]) -> tuple[Fraction, Point] | None:
    """The chain's point (position, gains) with the largest product of positive gains."""
    best: tuple[Fraction, Fraction, Point] | None = None
    for i in range(len(g) - 1):
        (a, b), (c, e) = g[i], g[i + 1]
        dx, dy = c - a, e - b
        # (a + t dx)(b + t dy) is concave in t (dx > 0 > dy): its top, clipped to the edge
        t = min(max((dx * b + dy * a) / (-2 * dx * dy), Fraction(0)), Fraction(1))
        for cand in (Fraction(0), Fraction(1), t):
            x, y = a + cand * dx, b + cand * dy
            if x > 0 and y > 0 and (best is None or x * y > best[0]):
                best = (x * y, i + cand, (x, y))
    return None if best is None else (best[1], best[2])


def _oracle_first_proposer(
    g: list[Point], f: tuple[Fraction, Fraction]
) -> tuple[list[Point], Point] | None:
    """Party 0 proposes first on the gains chain g: both proposals and the continuations."""
    xs, ys = [p[0] for p in g], [p[1] for p in g]
    if len(g) == 1:
        if xs[0] > 0 and ys[0] > 0:
            return [g[0], g[0]], (f[0] * xs[0], f[1] * ys[0])
        return None
    if ys[0] <= 0 or xs[-1] <= 0:
        return None
    if ys[-1] >= 0:
        x_max = xs[-1]
    else:  # where the chain crosses y = 0
        j = min(i for i in range(len(g)) if ys[i] < 0)
        x_max = xs[j - 1] + (xs[j] - xs[j - 1]) * ys[j - 1] / (ys[j - 1] - ys[j])
    if x_max <= 0:
        return None
    lo = max(Fraction(0), xs[0])

    def excess(x: Fraction) -> Fraction:
        return _interp(x, xs, ys) - f[1] * _interp(f[0] * x, xs, ys)

    if excess(x_max) >= 0:
        x = x_max
    else:  # excess is linear between consecutive breakpoints: solve on the one with the root
        cuts = sorted({lo, x_max} | {c for c in xs if lo < c < x_max})
        cuts = sorted(set(cuts) | {c / f[0] for c in xs if lo < c / f[0] < x_max})
        j = max(i for i in range(len(cuts)) if excess(cuts[i]) >= 0)
        a, b = cuts[j], cuts[j + 1]
        x = a + (b - a) * excess(a) / (excess(a) - excess(b))
    y1 = _interp(f[0] * x, xs, ys)
    proposals = [(x, _interp(x, xs, ys)), (max(f[0] * x, xs[0]), y1)]
    return proposals, (f[0] * x, f[1] * y1)


def _position(point: Point, chain: list[Point]) -> Fraction:
    """The fractional index of a point on the chain (found by its first coordinate)."""
    xs = [p[0] for p in chain]
    if len(xs) == 1:
        return Fraction(0)
    return _interp(point[0], xs, [Fraction(i) for i in range(len(xs))])


def _oracle(
    chain: list[Point], d: Point, f: tuple[Fraction, Fraction], first: int
) -> tuple[list[Point], Point, bool, list[Fraction]] | None:
    """Proposals (utilities), continuations, undiscounted, positions on the chain."""
    g = [(a - d[0], b - d[1]) for a, b in chain]
    undiscounted = f == (1, 1)
    if undiscounted and len(g) > 1:
        if g[0][1] <= 0 or g[-1][0] <= 0:
            return None
        nash = _nash_point(g)
        if nash is None:
            return None
        s, (x, y) = nash
        point = (x + d[0], y + d[1])
        return [point, point], point, True, [s, s]
    if first == 1:  # party 1 proposes: the same game with the parties' roles swapped
        swapped = [(b, a) for a, b in reversed(g)]
        found = _oracle_first_proposer(swapped, (f[1], f[0]))
        if found is None:
            return None
        (p1, p0), (c1, c0) = found[0], found[1]
        gains = [(p0[1], p0[0]), (p1[1], p1[0])]
        cont = (c0, c1)
    else:
        found = _oracle_first_proposer(g, f)
        if found is None:
            return None
        gains, cont = found
    proposals = [(x + d[0], y + d[1]) for x, y in gains]
    positions = [_position(p, chain) for p in proposals]
    return proposals, (cont[0] + d[0], cont[1] + d[1]), undiscounted, positions


def _segment(s: Fraction) -> tuple[int, int, float]:
    j = int(s)
    return (j, j, 0.0) if s == j else (j, j + 1, float(s - j))


@st.composite
def _chains(draw: st.DrawFn) -> list[Point]:
    """Concave, strictly decreasing chains with small integer vertices (exact in floats)."""
    n_edges = draw(st.integers(0, 4))
    edges = draw(
        st.lists(
            st.tuples(st.integers(1, 4), st.integers(-4, -1)),
            min_size=n_edges,
            max_size=n_edges,
            unique_by=lambda e: Fraction(e[1], e[0]),
        )
    )
    edges.sort(key=lambda e: Fraction(e[1], e[0]), reverse=True)  # slopes decreasing: concave
    x, y = draw(st.integers(-3, 3)), draw(st.integers(2, 12))
    chain = [(Fraction(x), Fraction(y))]
    for dx, dy in edges:
        x, y = x + dx, y + dy
        chain.append((Fraction(x), Fraction(y)))
    return chain


# Factors exact in binary, so that the float kernel and the oracle see the same numbers.
FACTORS = st.sampled_from([0.25, 0.5, 0.75, 0.875, 0.9375, 1.0, 1.0])


@given(
    _chains(),
    st.tuples(st.integers(-2, 3), st.integers(-2, 3)),
    FACTORS,
    FACTORS,
    st.sampled_from([0.0, 0.0, 0.5]),
    st.integers(0, 1),
)
def test_kernel_against_an_exact_oracle(
    chain: list[Point],
    d: tuple[int, int],
    delta0: float,
    delta1: float,
    q: float,
    first: int,
) -> None:
    # The chains have every shape the kernel branches on: one vertex, a top vertex left or right
    # of d, an end above or below d (the root x_max inside an edge), offers at a vertex or inside
    # an edge, the responder's offer on the flat extension, no rational point, and undiscounted
    # talks (the Nash point).
    f = (Fraction(delta0) * (1 - Fraction(q)), Fraction(delta1) * (1 - Fraction(q)))
    dd = (Fraction(d[0]), Fraction(d[1]))
    want = _oracle(chain, dd, f, first)
    v = np.array(chain, dtype=np.float64).reshape(-1, 2)
    out = rubinstein(v, np.array(d, dtype=np.float64), np.array([delta0, delta1]), first, q)
    if want is None:
        assert out is None
        return
    proposals, cont, undiscounted, positions = want
    assert out is not None
    np.testing.assert_allclose(out.proposals, np.array(proposals, dtype=float), atol=1e-12)
    np.testing.assert_allclose(out.continuation, np.array(cont, dtype=float), atol=1e-12)
    assert out.undiscounted is undiscounted
    assert [seg[:2] for seg in out.segments] == [_segment(s)[:2] for s in positions]
    np.testing.assert_allclose(
        [seg[2] for seg in out.segments], [_segment(s)[2] for s in positions], atol=1e-12
    )


def test_the_offer_as_a_lottery_and_the_message() -> None:
    # x + y = 1 with factors 1/2 and 1/4: a proposes (6/7, 1/7), b would propose (3/7, 4/7); the
    # limit as offers speed up is asymmetric Nash with powers 1/log 2 and 1/log 4: (2/3, 1/3).
    s = _split([1.0], (0.0, 0.0))
    path = concession_path(s, "alternating-offers", discounts=[0.5, 0.25])
    assert path.message == (
        "Rubinstein alternating offers (discount factors a 0.5, b 0.25; a proposes first) on the "
        "convex frontier of lotteries: a's equilibrium offer is accepted in round 1, giving "
        "a 0.857, b 0.143. Had b proposed, it would have offered a 0.429, b 0.571. As offers "
        "speed up it tends to the asymmetric Nash solution with powers 1/-log(discount x "
        "(1 - breakdown risk)) (1.44, 0.721): a 0.667, b 0.333."
    )
    assert path.deal == {"i0": "to a"} and path.levels == (0,)
    np.testing.assert_allclose(_u(path), [6 / 7, 1 / 7], rtol=1e-12)
    assert path.lottery is not None
    assert path.lottery.deals == ({"i0": "to a"}, {"i0": "to b"})
    np.testing.assert_allclose(path.lottery.probabilities, [6 / 7, 1 / 7], rtol=1e-12)
    assert path.lottery.levels == ((0,), (1,))
    assert path.lottery.utilities == ({"a": 1.0, "b": 0.0}, {"a": 0.0, "b": 1.0})
    assert path.steps[0].lottery == path.lottery
    # b first: the more probable deal is now the chain's first vertex ("to b")
    path = concession_path(s, "alternating-offers", discounts=[0.5, 0.25], first="b")
    assert path.deal == {"i0": "to b"} and path.levels == (1,)
    np.testing.assert_allclose(_u(path), [3 / 7, 4 / 7], rtol=1e-12)
    assert path.lottery is not None
    assert path.lottery.deals == ({"i0": "to b"}, {"i0": "to a"})
    np.testing.assert_allclose(path.lottery.probabilities, [4 / 7, 3 / 7], rtol=1e-12)
    assert path.lottery.levels == ((1,), (0,))
    assert path.lottery.utilities == ({"a": 0.0, "b": 1.0}, {"a": 1.0, "b": 0.0})
    assert "Had a proposed, it would have offered a 0.857, b 0.143." in path.message
    # breakdown risk 1/2 with discounts 1: factors 1/2 each, powers 1/log 2, limit (1/2, 1/2)
    path = concession_path(s, "alternating-offers", discounts=[1.0, 1.0], breakdown_risk=0.5)
    assert path.message.endswith(
        "; breakdown risk 0.5 per rejected offer; a proposes first) on the convex frontier of "
        "lotteries: a's equilibrium offer is accepted in round 1, giving a 0.667, b 0.333. Had b "
        "proposed, it would have offered a 0.333, b 0.667. As offers speed up it tends to the "
        "asymmetric Nash solution with powers 1/-log(discount x (1 - breakdown risk)) "
        "(1.44, 1.44): a 0.500, b 0.500."
    )


def test_no_limit_is_told_when_a_party_is_perfectly_patient() -> None:
    # a factor of 1 has no finite power 1/-log(factor): no limit is computed (nor any warning)
    s = _split([1.0], (0.0, 0.0))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = concession_path(s, "alternating-offers", discounts=[0.5, 1.0])
    assert path.message == (
        "Rubinstein alternating offers (discount factors a 0.5, b 1; a proposes first) on the "
        "convex frontier of lotteries: a's equilibrium offer is accepted in round 1, giving "
        "a 0.000, b 1.000. Had b proposed, it would have offered a 0.000, b 1.000."
    )


def test_undiscounted_talks_offer_an_even_lottery_listing_the_first_vertex_first() -> None:
    # The Nash point of x + y = 1 is the lottery (1/2, 1/2): on a tie the chain's first
    # vertex (b's best deal) is listed first and is the path's deal.
    s = _split([1.0], (0.0, 0.0))
    path = concession_path(s, "alternating-offers", discounts=[1.0, 1.0])
    assert path.deal == {"i0": "to b"} and path.levels == (1,)
    assert path.lottery is not None
    assert path.lottery.deals == ({"i0": "to b"}, {"i0": "to a"})
    assert path.lottery.probabilities == (0.5, 0.5)
    assert path.utilities == {"a": 0.5, "b": 0.5}
    assert path.continuation == {"a": 0.5, "b": 0.5}


def test_failed_talks_report_the_disagreement_point() -> None:
    s = _split([1.0], (0.6, 0.7))
    path = concession_path(s, "alternating-offers", discounts=[0.5, 0.25], first="b")
    assert path.to_dict() == {
        "scenario": "split",
        "protocol": "alternating-offers",
        "parties": ["a", "b"],
        "options": {"discounts": {"a": 0.5, "b": 0.25}, "breakdown_risk": 0.0, "first": "b"},
        "agreement": False,
        "deal": None,
        "levels": None,
        "utilities": {"a": 0.6, "b": 0.7},
        "disagreement": {"a": 0.6, "b": 0.7},
        "rounds": 0,
        "message": (
            "No lottery over deals gives both parties more than their disagreement utility: no "
            "offer can be accepted, talks fail and each party gets its disagreement utility."
        ),
        "nash": None,
        "nash_utilities": None,
        "distance_to_nash": None,
        "distance_to_frontier": None,
        "continuation": None,
        "lottery": None,
        "steps": [],
    }
    assert path.labels.parties == {"a": "a", "b": "b"}
    # red lines that leave no deal: the space's own message
    flagship = concession_path(load_scenario("russia-nato-2022"), "alternating-offers")
    assert flagship.message == (
        "No deal is possible: Russia requires 'legally binding end to enlargement, incl. "
        "Ukraine' on 'Article 6: no further NATO enlargement, including Ukraine'; NATO refuses it."
    )
    assert flagship.utilities == flagship.disagreement == {"russia": 0.2, "nato": 0.75}
    assert flagship.options == {
        "discounts": {"russia": 1.0, "nato": 1.0},
        "breakdown_risk": 0.1,
        "first": "russia",
    }


def test_offers_at_a_vertex_are_found_exactly() -> None:
    # The chain (0, 3), (1, 2), (2, 0) with f1 = phi(1) / phi(f0): the proposer's equilibrium
    # offer is the vertex (1, 2), exactly representable, and the kernel finds it exactly.
    v = np.array([[0.0, 3.0], [1.0, 2.0], [2.0, 0.0]])
    out = rubinstein(v, np.zeros(2), np.array([0.5, 0.8]))  # party 0 proposes by default
    assert out is not None and out.proposals[0].tolist() == [1.0, 2.0]
    assert out.proposals[1].tolist() == [0.5, 2.5] and out.continuation.tolist() == [0.5, 2.0]
    assert out.segments == ((1, 1, 0.0), (0, 1, 0.5))
    out = rubinstein(v, np.zeros(2), np.array([0.875, 2 / 2.125]))
    assert out is not None and out.proposals[0].tolist() == [1.0, 2.0]
    # the same game seen from the other side: party 1 proposes, its offer is the vertex (2, 1)
    mirrored = v[::-1, ::-1].copy()
    out = rubinstein(mirrored, np.zeros(2), np.array([2 / 2.125, 0.875]), first=1)
    assert out is not None and out.proposals[1].tolist() == [2.0, 1.0]
    # an offer that rounding puts a hair before or after a vertex is reported as that vertex
    out = rubinstein(v, np.zeros(2), np.array([0.875, 2 / 2.125]), first=1)
    assert out is not None and out.segments[0] == (1, 1, 0.0)
    np.testing.assert_allclose(out.proposals[0], [1.0, 2.0], rtol=1e-14)
    out = rubinstein(v, np.zeros(2), np.array([0.9, 2 / 2.1]))
    assert out is not None and out.segments[0] == (1, 1, 0.0)
    np.testing.assert_allclose(out.proposals[0], [1.0, 2.0], rtol=1e-14)
    # the tolerance is inclusive: an offer exactly 1e-12 of the edge from a vertex is the vertex
    # (factors found by search so that the position is exactly 1e-12, or 1 - 1e-12)
    line = np.array([[0.0, 1.0], [1.0, 0.0]])
    out = rubinstein(line, np.zeros(2), np.array([1.9999999999980003e-12, 0.5]))
    assert out is not None and out.segments[1] == (0, 0, 0.0)
    assert out.proposals[1, 0] == 1e-12
    out = rubinstein(line, np.zeros(2), np.array([0.5, 1.99974e-12]))
    assert out is not None and out.segments[0] == (1, 1, 0.0)
    assert out.proposals[0, 0] == 1 - 1e-12
    # the end of the chain: a perfectly patient proposer, or a responder content with it
    out = rubinstein(line, np.zeros(2), np.array([1.0, 0.5]))
    assert out is not None and out.proposals.tolist() == [[1.0, 0.0], [1.0, 0.0]]
    assert out.segments == ((1, 1, 0.0), (1, 1, 0.0))
    short = np.array([[0.0, 2.0], [1.0, 1.0]])  # a responder's worst deal still gives it 1
    out = rubinstein(short, np.zeros(2), np.array([0.5, 0.25]))  # 1 > 0.25 phi(0.5) = 0.375
    assert out is not None and out.proposals.tolist() == [[1.0, 1.0], [0.5, 1.5]]
    assert out.segments == ((1, 1, 0.0), (0, 1, 0.5))


def test_a_one_deal_chain() -> None:
    # Integer input: the answer is still in floats.
    one = np.array([[2, 3]])
    out = rubinstein(one, np.array([1, 1]), np.array([0.5, 0.25]))
    assert out is not None and out.proposals.dtype == np.float64
    assert out.proposals.tolist() == [[2.0, 3.0], [2.0, 3.0]]
    assert out.continuation.tolist() == [1.5, 1.5]  # 1 + 0.5 * 1, 1 + 0.25 * 2
    assert out.segments == ((0, 0, 0.0), (0, 0, 0.0)) and out.undiscounted is False
    out = rubinstein(one, np.array([1, 1]), np.array([1.0, 1.0]))
    assert out is not None and out.undiscounted is True
    assert out.continuation.tolist() == [2.0, 3.0]
    out = rubinstein(one, np.array([1, 1]), np.array([1.0, 0.5]))
    assert out is not None and out.undiscounted is False
    # a deal giving a party exactly its disagreement utility is no offer
    assert rubinstein(one, np.array([2, 1]), np.array([0.5, 0.5])) is None
    assert rubinstein(one, np.array([1, 3]), np.array([0.5, 0.5])) is None


def test_no_offer_when_no_point_gives_both_more_than_d() -> None:
    v = np.array([[0.0, 3.0], [1.0, 2.0], [2.0, 0.0]])
    half = np.array([0.5, 0.5])
    assert rubinstein(v, np.array([-1.0, 3.0]), half) is None  # the top vertex gives 1 nothing
    assert rubinstein(v, np.array([2.0, -1.0]), half) is None  # the last vertex gives 0 nothing
    # the chain passes through d: every point gives a party d or less
    assert rubinstein(v, np.array([1.0, 2.0]), half) is None
    assert rubinstein(v, np.array([1.0, 2.0]), np.ones(2)) is None


def test_undiscounted_talks_give_the_nash_point_of_the_chain() -> None:
    # max (x - 1/2)(y - 1/4) on (0, 3), (1, 2), (2, 0): on the second edge y = 4 - 2x, at
    # x = 19/16, y = 13/8 (product 0.945, above the vertex (1, 2): 0.875)
    v = np.array([[0.0, 3.0], [1.0, 2.0], [2.0, 0.0]])
    for first in (0, 1):
        out = rubinstein(v, np.array([0.5, 0.25]), np.ones(2), first)
        assert out is not None and out.undiscounted is True
        np.testing.assert_allclose(out.proposals, [[1.1875, 1.625]] * 2, rtol=1e-14)
        np.testing.assert_allclose(out.continuation, [1.1875, 1.625], rtol=1e-14)
        assert [seg[:2] for seg in out.segments] == [(1, 2), (1, 2)]
        np.testing.assert_allclose([seg[2] for seg in out.segments], [0.1875] * 2, rtol=1e-12)
