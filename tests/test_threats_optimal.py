"""Nash's optimal threats: the closed form on a line, and no better threat by enumeration."""

from __future__ import annotations

import dataclasses
import itertools

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from bargain import Issue, Party, Scenario, ThreatGame, solve, threat_point
from bargain.frontier.hull import hull_chain
from bargain.games.optimal_threats import optimal_threats, threat_outcome
from tests.strategies import VALUES, scenarios


def line_scenario(game: ThreatGame) -> Scenario:
    """One issue whose deals lie on the line u_b = 2 - 2 u_a (h = 2, c = 2)."""
    split = Issue("split", "", [f"{k}/4" for k in range(5)])
    a = Party("a", "", values={"split": [0.0, 0.25, 0.5, 0.75, 1.0]})
    b = Party("b", "", values={"split": [2.0, 1.5, 1.0, 0.5, 0.0]})
    return Scenario(name="line", issues=[split], parties=[a, b], threat_game=game)


def game(
    a: list[list[float]], b: list[list[float]], row: str = "a", column: str = "b"
) -> ThreatGame:
    return ThreatGame(
        row=row,
        column=column,
        row_strategies=[f"r{i}" for i in range(len(a))],
        column_strategies=[f"c{j}" for j in range(len(a[0]))],
        row_payoffs=a,
        column_payoffs=b,
        concept="optimal-threats",
    )


def test_linear_frontier_matches_the_closed_form_of_h_a_minus_b() -> None:
    A = [[0.1, 0.6], [0.5, 0.2]]
    B = [[0.3, 0.1], [0.2, 0.6]]
    # M = 2A - B = [[-0.1, 1.1], [0.8, -0.2]] has no saddle point; 2 x 2 closed form:
    p, q, r, s = -0.1, 1.1, 0.8, -0.2
    value = (p * s - q * r) / (p + s - q - r)
    x = (s - r) / (p + s - q - r)  # row plays r0 with probability x
    y = (s - q) / (p + s - q - r)  # column plays c0 with probability y
    result = threat_point(line_scenario(game(A, B)))
    assert result.slope == pytest.approx(2.0)
    assert result.strategies["a"] == pytest.approx({"r0": x, "r1": 1 - x})
    assert result.strategies["b"] == pytest.approx({"c0": y, "c1": 1 - y})
    d = result.disagreement
    assert 2 * d["a"] - d["b"] == pytest.approx(value)
    assert result.solution is not None and result.solution.agreement
    assert result.solution.utilities["a"] == pytest.approx((2 + value) / 4)
    assert result.solution.utilities["b"] == pytest.approx((2 - value) / 2)


def test_saddle_point_on_a_line() -> None:
    A = [[0.0, 0.2], [0.1, 0.3]]
    B = [[0.0, 0.1], [-0.2, 0.2]]
    result = threat_point(line_scenario(game(A, B)))
    # 2A - B = [[0, 0.3], [0.4, 0.4]]: saddle at (r1, c0), value 0.4.
    assert result.strategies == {"a": {"r1": 1.0}, "b": {"c0": 1.0}}
    assert result.solution is not None
    assert result.solution.utilities["a"] == pytest.approx(0.6)


def test_row_party_second_in_the_scenario_gives_the_same_answer() -> None:
    A = [[0.1, 0.6], [0.5, 0.2]]
    B = [[0.3, 0.1], [0.2, 0.6]]
    first = threat_point(line_scenario(game(A, B)))
    second = threat_point(
        line_scenario(game(np.array(B).T.tolist(), np.array(A).T.tolist(), "b", "a"))
    )
    assert second.disagreement == pytest.approx(dict(first.disagreement))
    assert first.solution is not None and second.solution is not None
    assert second.solution.utilities == pytest.approx(dict(first.solution.utilities))


def test_no_room_for_a_deal() -> None:
    # The column party can guarantee itself 3, more than any deal gives it (2).
    result = threat_point(line_scenario(game([[0.0, 0.0]], [[3.0, 4.0]])))
    assert result.solution is not None and not result.solution.agreement
    assert "no threat point leaves room for a deal" in result.message


def test_several_optimal_threat_pairs_give_one_solution() -> None:
    scenario = line_scenario(game([[0.0, 0.3], [0.1, 0.4]], [[0.0, -0.2], [0.2, 0.3]]))
    first = threat_point(scenario)
    assert len(first.equilibria) >= 2
    for e in range(len(first.equilibria)):
        other = threat_point(scenario, equilibrium=e)
        assert other.rule == "user" and other.chosen == e
        assert other.solution is not None and first.solution is not None
        assert other.solution.utilities == pytest.approx(dict(first.solution.utilities))


def mixes(n: int) -> list[np.ndarray]:
    """Every pure strategy and a grid of mixed ones (steps of 1/4)."""
    grid = [np.array(c) / 4 for c in itertools.product(range(5), repeat=n) if sum(c) == 4]
    return [np.eye(n)[i] for i in range(n)] + grid


@given(
    scenarios(min_parties=2, max_parties=2, max_issues=3, max_levels=4),
    st.integers(1, 3),
    st.integers(1, 3),
    st.data(),
)
def test_no_player_can_improve_its_threat(
    scenario: Scenario, m: int, n: int, data: st.DataObject
) -> None:
    matrix = st.lists(st.lists(VALUES, min_size=n, max_size=n), min_size=m, max_size=m)
    A, B = np.array(data.draw(matrix)), np.array(data.draw(matrix))
    vertices = hull_chain(scenario.tables).vertices
    ot = optimal_threats(A, B, vertices)
    scale = 1e-7 * max(1.0, float(np.abs(vertices).max()))
    for e, (x, y) in enumerate(ot.threats.pairs()):
        d = np.array([x @ A @ y, x @ B @ y])
        u = threat_outcome(vertices, d)
        if not ot.agreement:
            assert u is None or e > 0
            continue
        if u is None:  # this optimal threat point lies on the frontier itself
            assert e > 0 and not np.all(ot.point - d > scale)
            continue
        np.testing.assert_allclose(u, ot.point, atol=scale)
        for other in mixes(m):
            better = threat_outcome(vertices, [other @ A @ y, other @ B @ y])
            assert better is None or better[0] <= u[0] + scale
        for other in mixes(n):
            better = threat_outcome(vertices, [x @ A @ other, x @ B @ other])
            assert better is None or better[1] <= u[1] + scale


@given(scenarios(min_parties=2, max_parties=2, max_issues=3, max_levels=4), st.data())
def test_solution_is_the_predicted_point(scenario: Scenario, data: st.DataObject) -> None:
    matrix = st.lists(st.lists(VALUES, min_size=2, max_size=2), min_size=2, max_size=2)
    g = game(data.draw(matrix), data.draw(matrix), *scenario.party_keys)
    result = threat_point(dataclasses.replace(scenario, threat_game=g))
    vertices = hull_chain(scenario.tables).vertices
    ot = optimal_threats(g.row_matrix, g.column_matrix, vertices)
    assert result.solution is not None
    assert result.solution.agreement == ot.agreement
    if ot.agreement:
        got = [result.solution.utilities[k] for k in scenario.party_keys]
        np.testing.assert_allclose(got, ot.point, atol=1e-7 * max(1.0, np.abs(vertices).max()))
        again = solve(scenario, lotteries=True, disagreement=dict(result.disagreement))
        assert again.utilities == pytest.approx(dict(result.solution.utilities))


@given(
    scenarios(min_parties=2, max_parties=2, max_issues=3, max_levels=4),
    st.data(),
    st.sampled_from([1e-38, 1e-12, 1e12, 1e38]),
)
def test_each_players_unit_changes_nothing(
    scenario: Scenario, data: st.DataObject, scale: float
) -> None:
    """Rescaling one player's utilities (frontier and threat payoffs) rescales the answer only."""
    matrix = st.lists(st.lists(VALUES, min_size=2, max_size=2), min_size=2, max_size=2)
    A, B = np.array(data.draw(matrix)), np.array(data.draw(matrix))
    vertices = hull_chain(scenario.tables).vertices
    ot = optimal_threats(A, B, vertices)
    scaled = optimal_threats(A * scale, B, vertices * np.array([scale, 1.0]))
    assert scaled.agreement == ot.agreement and scaled.piece == ot.piece
    np.testing.assert_allclose(
        scaled.point / np.array([scale, 1.0]), ot.point, rtol=1e-6, atol=1e-9
    )


# ---------------------------------------------------------- every piece, computed by hand
# Two edges: (0, 3) - (1, 2) of slope -1, (1, 2) - (2, 0) of slope -2. A 1 x 1 game's threat
# point is its only payoff pair d, and the answer is the Nash solution from d: on edge 1
# (y = 4 - 2x) it maximises (x - d_1)(4 - 2x - d_2) at x = (4 - d_2 + 2 d_1) / 4; at a vertex
# the slope is that of the line from d to the vertex, within the two edges' slopes (0 and
# infinity beyond the ends).
CHAIN = np.array([[0.0, 3.0], [1.0, 2.0], [2.0, 0.0]])


@pytest.mark.parametrize(
    ("d", "piece", "index", "slope", "point"),
    [
        ((1.0, 0.0), "edge", 1, 2.0, (1.5, 1.0)),
        ((0.5, 0.0), "edge", 1, 2.0, (1.25, 1.5)),
        ((0.0, 0.5), "vertex", 1, 1.5, (1.0, 2.0)),  # edge 0's optimum x = 1.25 > 1
        ((-1.0, 2.9), "vertex", 0, 0.1, (0.0, 3.0)),  # (3 - 2.9) / (0 + 1)
        ((1.9, -1.0), "vertex", 2, 10.0, (2.0, 0.0)),  # (0 + 1) / (2 - 1.9)
        # A shallow slope at vertex 0: (3 - 2.9375) / (0 + 0.9375). The root search stops
        # within 1e-14 (1 + angle) of the angle, in the search's units (x / 2, y / 3, slope
        # 2 / 45): a slope within 2.4e-13 relative; scipy's default xtol (2e-12) gives 1e-11.
        ((-0.9375, 2.9375), "vertex", 0, 1 / 15, (0.0, 3.0)),
    ],
)
def test_each_piece_of_a_two_edge_chain(
    d: tuple[float, float], piece: str, index: int, slope: float, point: tuple[float, float]
) -> None:
    ot = optimal_threats([[d[0]]], [[d[1]]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == (piece, index)
    assert ot.slope == pytest.approx(slope, rel=1e-12, abs=0)
    assert ot.angle == pytest.approx(np.arctan(slope), rel=1e-12, abs=0)
    assert ot.value == pytest.approx((slope * d[0] - d[1]) / np.hypot(1.0, slope), rel=1e-12)
    np.testing.assert_allclose(ot.point, point, rtol=0, atol=1e-12)
    assert ot.threats.payoffs.tolist() == [list(d)]


@pytest.mark.parametrize(
    ("d", "slope"),
    [
        ((3.0, 0.0), np.inf),  # the row player guarantees 3 > 2, its best: the vertical line
        ((0.0, 4.0), 0.0),  # the column player guarantees 4 > 3: the horizontal line
        ((2.0, 0.0), 2.0),  # the threat point is the frontier's end on edge 1: no gain
        ((1.0, 2.0), 1.0),  # the threat point is vertex 1, found on edge 0: no gain
    ],
)
def test_no_agreement_reports_the_threat_point(d: tuple[float, float], slope: float) -> None:
    ot = optimal_threats([[d[0]]], [[d[1]]], CHAIN)
    assert not ot.agreement and (ot.piece, ot.index) == ("none", -1)
    assert ot.point.tolist() == list(d)
    assert ot.slope == pytest.approx(slope, rel=1e-12)
    angle = np.arctan(slope)
    assert ot.value == pytest.approx(np.sin(angle) * d[0] - np.cos(angle) * d[1], rel=1e-12)


@pytest.mark.parametrize("algorithm", ["support-enumeration", "lemke-howson"])
def test_the_threats_come_from_the_algorithm_asked_for(algorithm: str) -> None:
    A, B = [[0.0, 0.3], [0.1, 0.4]], [[0.0, -0.2], [0.2, 0.3]]
    ot = optimal_threats(A, B, [[0.0, 2.0], [1.0, 0.0]], algorithm=algorithm)
    assert ot.threats.algorithm == algorithm
    np.testing.assert_allclose(ot.point, [0.5, 1.0], rtol=0, atol=1e-12)


def test_integer_vertices_are_floats() -> None:
    # One deal (1, 1): both spans are the payoffs' (0.5), so the unit must not be rounded to an
    # integer. In those units the column's payoff 0.5 above the row's is a slope of 1/2.
    ot = optimal_threats([[0.0, 0.5]], [[0.5, 0.0]], [[1, 1]])
    assert ot.agreement and (ot.piece, ot.index) == ("vertex", 0)
    assert ot.point.dtype == np.float64 and ot.point.tolist() == [1.0, 1.0]
    assert ot.slope == pytest.approx(0.5, rel=1e-9)
    assert ot.threats.payoffs.tolist() == [[0.0, 0.5]]
    outcome = threat_outcome([[1, 1]], [0, 0])
    assert outcome is not None and outcome.dtype == np.float64 and outcome.tolist() == [1.0, 1.0]


@pytest.mark.parametrize(
    ("e", "piece", "index"), [(3.4e-8, "edge", 0), (3.8e-8, "vertex", 1), (0.0, "edge", 0)]
)
def test_a_threat_line_within_the_tolerance_of_a_vertex_stays_on_the_edge(
    e: float, piece: str, index: int
) -> None:
    # d = (0.5, 1.5 - e): the Nash solution is vertex 1, (1, 2); the line of edge 0's slope
    # through d passes e beyond it. In the units where the frontier spans [0, 1] (x / 2, y / 3)
    # edge 0's direction is (2, 3) / sqrt(13), so the game value exceeds the level of vertex 1
    # by e / sqrt(13), against the tolerance 1e-8: on edge 0 up to e = 3.606e-8, clamped to
    # its end; beyond, at vertex 1 with a slope just above 1.
    ot = optimal_threats([[0.5]], [[1.5 - e]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == (piece, index)
    assert ot.point.tolist() == [1.0, 2.0]
    if piece == "edge":
        assert ot.slope == pytest.approx(1.0, rel=1e-15)


def test_the_tolerance_grows_with_the_largest_payoff() -> None:
    # The column never plays its second column (row payoff 50, its own -10); the row payoff
    # 50 is 25 in the search's units, so the tolerance is 25 * 1e-8 and the line 5e-7 beyond
    # vertex 1 (1.4e-7 in level) still counts as on edge 0.
    e = 5e-7
    ot = optimal_threats([[0.5, 50.0]], [[1.5 - e, -10.0]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == ("edge", 0)
    assert ot.point.tolist() == [1.0, 2.0]
    assert ot.threats.payoffs.tolist() == [[0.5, 1.5 - e]]


def test_security_levels_within_the_tolerance_of_a_single_deal() -> None:
    # One deal (0, 0). Payoffs spanning 1 (largest 0.6): the tolerance is its floor, 1e-8.
    # The row's security level 8e-9 and the column's -5e-9 both count as at the deal: the
    # search stops at the vertex on the column's line (slope 0), and the row's threat still
    # leaves it 8e-9 above the deal: no agreement, the threat point reported.
    A = [[8e-9, 0.6], [-0.4, -0.4]]
    B = [[-5e-9, -0.4], [0.6, -0.4]]
    ot = optimal_threats(A, B, [[0.0, 0.0]])
    assert not ot.agreement and (ot.piece, ot.index) == ("none", -1)
    assert (ot.slope, ot.angle, ot.value) == (0.0, 0.0, 5e-9)
    assert ot.point.tolist() == [8e-9, -5e-9]
    # Constant payoffs: each unit is max(1, |payoff|) = 1, so the row's 1.5e-8 is beyond the
    # tolerance: it guarantees itself more than the deal (the vertical line, slope infinity).
    ot = optimal_threats([[1.5e-8]], [[-5e-9]], [[0.0, 0.0]])
    assert not ot.agreement and (ot.piece, ot.index) == ("none", -1)
    assert (ot.slope, ot.angle, ot.value) == (np.inf, np.pi / 2, 1.5e-8)
    assert ot.point.tolist() == [1.5e-8, -5e-9]


def test_the_tolerance_grows_with_the_largest_column_payoff() -> None:
    # As above with the players' roles swapped: the row never plays its second row (its own
    # payoff -10, the column's 50: 50 / 3 in the search's units), so the line 4e-7 beyond
    # vertex 1 (1.1e-7 in level, under 50 / 3 * 1e-8) still counts as on edge 0.
    e = 4e-7
    ot = optimal_threats([[0.5], [-10.0]], [[1.5 - e], [50.0]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == ("edge", 0)
    assert ot.point.tolist() == [1.0, 2.0]


def test_a_security_level_at_a_best_point_leaves_room_for_a_deal() -> None:
    # The column's security level 3 - 1e-9 is below its best point (0, 3) by less than the
    # tolerance: there is still room, and the deal is that vertex, 1e-9 above the threat.
    ot = optimal_threats([[-1.0]], [[3.0 - 1e-9]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == ("vertex", 0)
    assert ot.point.tolist() == [0.0, 3.0]
    # Security levels exactly the tolerance above a best point (to the last bit, in the
    # search's units: 3.0000000300000003 / 3 == 1 + 1e-8 * scale) are not "more than its best"
    # yet: the search goes on to an edge, where the threat leaves no room. Beyond, each
    # player guarantees itself more than its best point: the horizontal or vertical line.
    for A, B, slope in [
        (0.5, 3.0000000300000003, 1.0),
        (0.5, 3.000000031, 0.0),
        (2.0000000200000003, 0.5, 2.0),
        (2.000000021, 0.5, np.inf),
    ]:
        ot = optimal_threats([[A]], [[B]], CHAIN)
        assert not ot.agreement and ot.point.tolist() == [A, B]
        assert ot.slope == pytest.approx(slope, rel=1e-12)


def test_a_threat_line_within_the_tolerance_before_an_edge_stays_on_it() -> None:
    # d = (0.5, 1 + 2e-8): the line of edge 1's slope (2) through d passes 2e-8 above vertex
    # 1, its left end; in the search's units (x / 2, y / 3, edge 1's direction (0.8, 0.6)) the
    # game value is 4e-9 below the level of vertex 1: within the tolerance, on edge 1, clamped
    # to its start. The Nash solution from d is vertex 1 (edge 1's optimum x = 1 - 5e-9).
    ot = optimal_threats([[0.5]], [[1.0 + 2e-8]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == ("edge", 1)
    assert ot.point.tolist() == [1.0, 2.0]
    assert ot.slope == pytest.approx(2.0, rel=1e-15)


@pytest.mark.parametrize(
    ("d", "index", "slope"),
    [((-1.0, 3.0 - 2.25e-8), 0, 0.0), ((2.0 - 1.5e-8, -1.0), 2, np.inf)],
)
def test_an_end_vertex_within_the_tolerance_of_a_security_line(
    d: tuple[float, float], index: int, slope: float
) -> None:
    # The column's threat payoff 2.25e-8 below its best point (0, 3) is 0.75e-8 in the
    # search's units (y / 3): within the tolerance, so the solution is vertex 0 on the
    # horizontal line itself (slope 0, no root search). Likewise the row's, 1.5e-8 left of
    # (2, 0) (x / 2): vertex 2 on the vertical line.
    ot = optimal_threats([[d[0]]], [[d[1]]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == ("vertex", index)
    assert ot.point.tolist() == CHAIN[index].tolist()
    assert ot.slope == slope


def test_a_game_value_exactly_the_tolerance_beyond_an_edge_end_is_on_the_edge() -> None:
    # Vertex 1 case of the test above at its boundary: with the column's payoff
    # 1.4999999639444872 the game value of edge 0's direction is, to the last bit, the level
    # of vertex 1 plus the tolerance (1e-8): still edge 0, bounds included.
    ot = optimal_threats([[0.5]], [[1.4999999639444872]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == ("edge", 0)
    assert ot.point.tolist() == [1.0, 2.0]


def test_a_game_value_exactly_the_tolerance_before_an_edge_start_is_on_the_edge() -> None:
    # The line of edge 0's slope (1) through d = (-1, 2 + 3.6e-8) passes 3.6e-8 above vertex
    # 0; in the search's units (x / 2, y / 3, edge 0's direction (2, 3) / sqrt(13)) the game
    # value is 3.6e-8 / sqrt(13) below the level of vertex 0. With the column's payoff
    # 2.000000036055513 it is, to the last bit, that level minus the tolerance (1e-8): still
    # edge 0, bounds included, clamped to its start. One more bit: vertex 0, on the line from
    # d to it.
    ot = optimal_threats([[-1.0]], [[2.000000036055513]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == ("edge", 0)
    assert ot.point.tolist() == [0.0, 3.0]
    assert ot.slope == pytest.approx(1.0, rel=1e-15)
    ot = optimal_threats([[-1.0]], [[2.0000000360555137]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == ("vertex", 0)
    assert ot.point.tolist() == [0.0, 3.0]
    assert ot.slope == pytest.approx(3.0 - 2.0000000360555137, rel=1e-12)


@pytest.mark.parametrize(
    ("d", "slope"),
    [
        ((-2.9802322387695312, 3.0000000447034836), 0.0),
        ((2.0000000298023224, -4.470348358154297), np.inf),
    ],
)
def test_a_security_level_exactly_the_tolerance_beyond_an_end_vertex(
    d: tuple[float, float], slope: float
) -> None:
    # The other player's payoff (the row's -2.98, the column's -4.47) is -1.4901161193847656 in
    # the search's units (x / 2, y / 3): the tolerance is 1e-8 times that, 2**-26 exactly, and
    # the security level is the best point plus 2**-26 to the last bit (3 (1 + 2**-26) / 3,
    # 2 (1 + 2**-26) / 2): not "more than its best". No edge is consistent (each line through
    # d passes far beyond the chain), and the end vertex is, bounds included, on the security
    # line itself (slope 0 or infinity), where the threat leaves no room: the threat point.
    ot = optimal_threats([[d[0]]], [[d[1]]], CHAIN)
    assert not ot.agreement and (ot.piece, ot.index) == ("none", -1)
    assert ot.point.tolist() == list(d)
    assert ot.slope == slope


def test_a_threat_beyond_the_frontier_does_not_stop_the_search() -> None:
    # The row has one strategy; the column threatens (0, 0.5) or (2.5, 2.5), beyond the
    # frontier. Its security level 2.5 is below its best point (3), so the search goes on:
    # on every line of slope h >= 1 the column's smaller level h d_1 - d_2 is that of (0, 0.5)
    # (-0.5 against 2.5 h - 2.5); no edge is consistent (edge 0's line through (0, 0.5)
    # passes below vertex 1, edge 1's above it) and vertex 1 is, on the line from (0, 0.5)
    # (slope 1.5). The vertex's bracket is its two edges' slopes: from slope 0 (where the
    # column's level is that of (2.5, 2.5), above vertex 1) no vertex would be consistent.
    # The search reads the game only through its values (docs/algorithms.md): that carrying
    # out (2.5, 2.5) would give both players more than this deal is not its concern.
    ot = optimal_threats([[0.0, 2.5]], [[0.5, 2.5]], CHAIN)
    assert ot.agreement and (ot.piece, ot.index) == ("vertex", 1)
    assert ot.point.tolist() == [1.0, 2.0]
    assert ot.slope == pytest.approx(1.5, rel=1e-12, abs=0)
    assert ot.threats.payoffs.tolist() == [[0.0, 0.5]]
    assert ot.value == pytest.approx(-0.5 / np.hypot(1.0, 1.5), rel=1e-12)
