from __future__ import annotations

import csv
import io
import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bargain import Frontier, Issue, Party, Scenario, ScenarioError, pareto_frontier
from bargain.errors import BargainError
from bargain.frontier.enumerate import brute_force_frontier
from bargain.frontier.merge import merge_frontier
from bargain.frontier.pareto import pareto_indices, pareto_mask
from tests.oracle import pareto_set
from tests.strategies import exact_scenarios, scenarios


def unrestricted(s: Scenario) -> Frontier:
    """The whole frontier: disagreement far below every utility."""
    low = {k: -1e9 for k in s.party_keys}
    return pareto_frontier(s, disagreement=low, engine="merge")


def check_against_oracle(s: Scenario, *, lexmin: bool) -> None:
    expected = pareto_set(s)
    f = unrestricted(s)
    got = [tuple(row) for row in f.utilities.tolist()]
    assert got == sorted(expected)  # same vectors, bit for bit, sorted ascending
    for row, deal in zip(got, f.levels.tolist(), strict=True):
        assert tuple(deal) in expected[row]  # a deal that reaches it
        if lexmin:
            assert tuple(deal) == expected[row][0]  # the lexicographically smallest one
    np.testing.assert_array_equal(s.utilities(f.levels), f.utilities)


@settings(max_examples=80)
@given(scenarios(max_issues=4, max_levels=4))
def test_frontier_is_the_brute_force_pareto_set(s: Scenario) -> None:
    check_against_oracle(s, lexmin=False)


@settings(max_examples=80)
@given(exact_scenarios())
def test_frontier_keeps_the_smallest_deal_among_equals(s: Scenario) -> None:
    check_against_oracle(s, lexmin=True)


@settings(max_examples=40)
@given(scenarios(max_issues=8, max_levels=6))
def test_merge_equals_enumeration_engine(s: Scenario) -> None:
    if s.n_deals > 200_000:
        s = Scenario(name="cut", issues=s.issues[:4], parties=_cut(s, 4))
    u1, d1 = merge_frontier(s.tables)
    u2, _ = brute_force_frontier(s.tables)
    np.testing.assert_array_equal(u1, u2)
    np.testing.assert_array_equal(s.utilities(d1), u1)


def _cut(s: Scenario, n: int) -> list[Party]:
    keep = s.issue_keys[:n]
    return [
        Party(
            p.key,
            p.name,
            values={k: p.values[k] for k in keep},
            weights={k: w for k, w in p.weights.items() if k in keep},
            disagreement=p.disagreement,
        )
        for p in s.parties
    ]


@settings(max_examples=60)
@given(scenarios(max_issues=4, max_levels=4))
def test_frontier_is_individually_rational_and_pareto(s: Scenario) -> None:
    f = pareto_frontier(s)
    d = s.disagreement_point
    assert np.all(f.utilities > d)
    full = unrestricted(s)
    # Exactly the rational points of the whole frontier.
    rational = full.utilities[np.all(full.utilities > d, axis=1)]
    np.testing.assert_array_equal(f.utilities, rational)
    if len(f) == 0:
        assert "no deal" in f.message


@settings(max_examples=40)
@given(scenarios(max_issues=4, max_levels=4), st.randoms(use_true_random=False))
def test_party_order_does_not_matter(s: Scenario, rnd: object) -> None:
    perm = list(range(s.n_parties))
    rnd.shuffle(perm)  # type: ignore[attr-defined]
    t = Scenario(name=s.name, issues=s.issues, parties=[s.parties[j] for j in perm])
    f, g = pareto_frontier(s), pareto_frontier(t)
    a = {tuple(d): tuple(u) for d, u in zip(f.levels.tolist(), f.utilities.tolist(), strict=True)}
    b = {
        tuple(d): tuple(u[perm.index(j)] for j in range(s.n_parties))
        for d, u in zip(g.levels.tolist(), g.utilities.tolist(), strict=True)
    }
    assert a == b


@settings(max_examples=60)
@given(
    st.integers(2, 4).flatmap(
        lambda k: st.lists(
            st.lists(st.integers(0, 3).map(float), min_size=k, max_size=k), min_size=1, max_size=60
        )
    )
)
def test_pareto_indices_against_definition(rows: list[list[float]]) -> None:
    pts = np.array(rows)
    keep = pareto_indices(pts)
    expected = []
    for i, p in enumerate(pts):
        dominated = np.any(np.all(pts >= p, axis=1) & np.any(pts > p, axis=1))
        first = not np.any(np.all(pts[:i] == p, axis=1))
        if not dominated and first:
            expected.append(i)
    assert sorted(keep.tolist()) == expected
    kept = pts[keep]
    assert [tuple(r) for r in kept.tolist()] == sorted(tuple(r) for r in kept.tolist())
    mask = pareto_mask(pts)
    assert mask.tolist() == [
        not np.any(np.all(pts >= p, axis=1) & np.any(pts > p, axis=1)) for p in pts
    ]


def test_three_party_sweep_on_a_larger_random_space() -> None:
    rng = np.random.default_rng(3)
    tables = [np.round(rng.dirichlet(np.ones(3), size=6) * 64) / 64 for _ in range(5)]
    u1, d1 = merge_frontier(tables)
    u2, d2 = brute_force_frontier(tables)
    np.testing.assert_array_equal(u1, u2)
    np.testing.assert_array_equal(d1, d2)
    assert len(u1) > 500


def test_four_parties() -> None:
    rng = np.random.default_rng(4)
    tables = [np.round(rng.dirichlet(np.ones(4), size=4) * 64) / 64 for _ in range(4)]
    u1, d1 = merge_frontier(tables)
    u2, d2 = brute_force_frontier(tables)
    np.testing.assert_array_equal(u1, u2)
    np.testing.assert_array_equal(d1, d2)


@pytest.fixture
def cake() -> Scenario:
    split = Issue("split", "Split", ["all to A", "half", "all to B"])
    extra = Issue("extra", "Extra", ["no", "yes"])
    a = Party("a", "A", values={"split": [1.0, 0.5, 0.0], "extra": [0.0, 0.25]})
    b = Party("b", "B", values={"split": [0.0, 0.5, 1.0], "extra": [0.0, 0.25]}, disagreement=-1)
    return Scenario(name="cake", issues=[split, extra], parties=[a, b])


def test_frontier_result_type(cake: Scenario) -> None:
    f = pareto_frontier(cake)
    assert len(f) == 3 and f.engine == "brute-force"
    assert f[1] == {"split": "half", "extra": "yes"}
    assert f.utilities.shape == (3, 2) and f.levels.shape == (3, 2)
    with pytest.raises(ValueError):
        f.utilities[0, 0] = 3.0  # read-only
    d = json.loads(f.to_json())
    assert d["parties"] == ["a", "b"] and d["issues"] == ["split", "extra"]
    assert d["points"][2] == {
        "deal": {"split": "all to A", "extra": "yes"},
        "utilities": {"a": 1.25, "b": 0.25},
    }
    rows = list(csv.reader(io.StringIO(f.to_csv())))
    assert rows[0] == ["split", "extra", "utility.a", "utility.b"]
    assert rows[2] == ["half", "yes", "0.75", "0.75"]
    assert "Pareto frontier" in f.table() and "all to A" in str(f)
    np.testing.assert_allclose(f.gains, f.utilities - np.array([0.0, -1.0]))
    assert pareto_frontier(cake, engine="merge").utilities.tolist() == f.utilities.tolist()


def test_empty_frontier_is_a_result(cake: Scenario) -> None:
    f = pareto_frontier(cake, disagreement={"a": 5.0})
    assert len(f) == 0 and "no deal" in f.message and f.to_dict()["points"] == []
    assert f.table().count("\n") == 0


def test_table_shows_a_sample_of_long_frontiers() -> None:
    issues = [Issue(f"i{i}", "", ["a", "b", "c"]) for i in range(6)]
    values = {f"i{i}": [0.0, 0.5, 1.0 + i] for i in range(6)}
    mirror = {f"i{i}": [1.0 + 2 * i, 0.5, 0.0] for i in range(6)}
    s = Scenario(
        name="long",
        issues=issues,
        parties=[Party("p", "", values=values, disagreement=-1), Party("q", "", values=mirror)],
    )
    f = pareto_frontier(s)
    assert len(f) > 20
    assert f"of {len(f)} points shown" in f.table(max_rows=5)


def test_bad_arguments(cake: Scenario) -> None:
    with pytest.raises(ScenarioError, match="engine 'merg' is not an engine; did you mean 'merge'"):
        pareto_frontier(cake, engine="merg")
    with pytest.raises(ScenarioError, match="scenario must be a Scenario, found str"):
        pareto_frontier("cake")  # type: ignore[arg-type]
    with pytest.raises(ScenarioError, match="disagreement names 'c', which is not a party"):
        pareto_frontier(cake, disagreement={"c": 1.0})


def test_brute_force_engine_refuses_huge_spaces() -> None:
    issues = [Issue(f"i{i}", "", [str(j) for j in range(10)]) for i in range(8)]
    vals = {f"i{i}": [float(j) for j in range(10)] for i in range(8)}
    s = Scenario(name="big", issues=issues, parties=[Party("p", "", vals), Party("q", "", vals)])
    with pytest.raises(ScenarioError, match="enumerates every deal and takes at most"):
        pareto_frontier(s, engine="brute-force")
    with pytest.raises(BargainError, match="use the merge engine"):
        brute_force_frontier(s.tables)
    assert len(pareto_frontier(s)) == 1  # the merge takes it in its stride


def _merge_brute(tables: list[np.ndarray]) -> tuple[list[tuple[float, ...]], list[tuple[int, ...]]]:
    """Every deal, its utilities summed in issue order; the non-dominated vectors (ascending)
    each with the lexicographically smallest deal reaching it. Plain Python."""
    best: dict[tuple[float, ...], tuple[int, ...]] = {}
    for deal in itertools.product(*(range(t.shape[0]) for t in tables)):
        u = [0.0] * tables[0].shape[1]
        for t, level in zip(tables, deal, strict=True):
            u = [a + float(b) for a, b in zip(u, t[level], strict=True)]
        key = tuple(u)
        if key not in best or deal < best[key]:
            best[key] = deal
    vectors = [
        v
        for v in best
        if not any(w != v and all(a >= b for a, b in zip(w, v, strict=True)) for w in best)
    ]
    vectors.sort()
    return vectors, [best[v] for v in vectors]


@pytest.mark.parametrize("parties", [1, 2, 3, 4])
def test_merge_keeps_the_smallest_deal_when_a_later_parent_ties(parties: int) -> None:
    """Deals (0, 1) and (1, 0) tie: the merge must keep (0, 1), whose first level is smaller,
    although (1, 0) comes first among the candidates of the second issue."""
    first = np.zeros((2, parties))
    second = np.zeros((2, parties))
    if parties == 1:
        first[:, 0], second[:, 0] = [0.0, 1.0], [1.0, 0.0]  # every deal but two gives 1
    else:
        first[:, :2] = [[0.0, 1.0], [1.0, 0.0]]
        second[:, :2] = [[0.0, 1.0], [1.0, 0.0]]
    tables = [first, second]
    u, deals = merge_frontier(tables)
    vectors, smallest = _merge_brute(tables)
    assert [tuple(row) for row in u.tolist()] == vectors
    assert [tuple(d) for d in deals.tolist()] == smallest


@settings(max_examples=60)
@given(
    st.integers(1, 4).flatmap(
        lambda k: st.lists(
            st.lists(
                st.lists(st.sampled_from([0.0, 0.25, 0.5, 1.0]), min_size=k, max_size=k),
                min_size=1,
                max_size=3,
            ),
            min_size=1,
            max_size=4,
        )
    )
)
def test_merge_equals_brute_force_on_a_coarse_grid(levels: list[list[list[float]]]) -> None:
    """Any number of parties (1 to 4), values on a binary grid: exact sums, many ties."""
    tables = [np.array(t) for t in levels]
    u, deals = merge_frontier(tables)
    vectors, smallest = _merge_brute(tables)
    assert [tuple(row) for row in u.tolist()] == vectors
    assert [tuple(d) for d in deals.tolist()] == smallest
    assert deals.dtype == np.intp


def test_merge_needs_an_issue() -> None:
    with pytest.raises(ValueError, match=r"^at least one issue is needed$"):
        merge_frontier([])


def _dominated_oracle(pts: np.ndarray) -> np.ndarray:
    """The definition, all pairs at once: q dominates p when q >= p everywhere and q != p."""
    ge = np.all(pts[:, None, :] >= pts[None, :, :], axis=2)  # ge[q, p]: q >= p
    ne = np.any(pts[:, None, :] != pts[None, :, :], axis=2)
    return np.any(ge & ne, axis=0)


@pytest.mark.parametrize("parties", [3, 4, 5])
def test_pareto_indices_with_more_survivors_than_blocks(parties: int) -> None:
    """Over a thousand non-dominated points (three blocks of survivors for the blocked 4+ party
    filter), and dominated points each just below one of them, anywhere in the order."""
    rng = np.random.default_rng(parties)
    front = rng.dirichlet(np.ones(parties), size=1300)  # on a simplex: none dominates another
    below = front[rng.integers(0, front.shape[0], 700)] - rng.choice([0.0, 1e-9], (700, parties))
    # points far below one front point in the first coordinate only: far from it in the sorted
    # order, so only a comparison across blocks finds their dominator
    far = front[rng.integers(0, front.shape[0], 40)] - 1e-12
    far[:, 0] *= 0.2
    # the first point of the sorted order, and a point that only it dominates, sorted last
    top = np.full((1, parties), 0.5)
    top[0, 0] = 2.0
    last = np.full((1, parties), 0.5 - 1e-12)
    last[0, 0] = 0.0
    first = front[np.lexsort(front.T[::-1])[-1]] - 1e-12  # below the front's first point
    first[0] = 0.0
    pts = np.concatenate([front, below, far, first[None, :], top, last, front[:5]])
    rng.shuffle(pts)
    keep = pareto_indices(pts)
    dominated = _dominated_oracle(pts)
    _, first = np.unique(pts, axis=0, return_index=True)
    expected = sorted(i for i in first.tolist() if not dominated[i])
    assert sorted(keep.tolist()) == expected
    np.testing.assert_array_equal(pareto_mask(pts), ~dominated)


def test_pareto_points_dominated_by_one_survivor_in_a_given_block() -> None:
    """Four parties; sorted by the first coordinate, rows 0-1099 are non-dominated (i, -i, 0 in
    the other three: three blocks of survivors), rows 1100-1535 lie far below row 0; of the last
    two rows (a fourth chunk), (0, 0, -1) is dominated by row 0 only (the first block of
    survivors, not the last) and (1050, -1050, -1) by row 1050 only (past the first 1023)."""
    rows = [(5000.0 - i, float(i), float(-i), 0.0) for i in range(1100)]
    rows += [(5000.0 - i, -9000.0, -9000.0, -9000.0 - i) for i in range(1100, 1536)]
    rows += [(100.0, 0.0, 0.0, -1.0), (99.0, 1050.0, -1050.0, -1.0)]
    assert pareto_indices(np.array(rows)).tolist() == list(range(1099, -1, -1))  # lexicographic


def test_pareto_of_no_points() -> None:
    for k in (1, 2, 3, 4):
        none = pareto_indices(np.empty((0, k)))
        assert none.dtype == np.intp and none.shape == (0,)
        mask = pareto_mask(np.empty((0, k)))
        assert mask.dtype == bool and mask.shape == (0,)


def test_pareto_tiebreak_function_is_called_only_for_identical_vectors() -> None:
    def refuse() -> np.ndarray:
        raise AssertionError("no identical vectors: the tie-break must not be computed")

    # first coordinates tie, whole vectors do not: 3 parties (prune_k) and 2 (prune2)
    pts = np.array([[1.0, 0.0, 2.0], [1.0, 2.0, 0.0], [0.0, 1.0, 1.0], [1.0, 0.0, 1.0]])
    assert pareto_indices(pts, tiebreak=refuse).tolist() == [2, 0, 1]
    assert pareto_indices(pts[:, :2], tiebreak=refuse).tolist() == [1]  # (1, 0) twice, dominated
    # two parties, two kept, a tie in the first coordinate but no identical vectors
    two = np.array([[1.0, 0.0], [1.0, -1.0], [0.0, 1.0]])
    assert pareto_indices(two, tiebreak=refuse).tolist() == [2, 0]
    # identical vectors: the function is called and its smallest key wins
    assert pareto_indices(
        np.array([[1.0, 1.0, 1.0]] * 3), tiebreak=lambda: np.array([3, 1, 2])
    ).tolist() == [1]


def test_pareto_indices_needs_a_matrix() -> None:
    for bad in (np.zeros(3), np.zeros((2, 0)), np.zeros((2, 2, 2))):
        with pytest.raises(ValueError) as info:
            pareto_indices(bad)
        assert str(info.value) == f"points must have shape (n, k), found {bad.shape}"


def test_pareto_tiebreak_keys_for_one_and_two_parties() -> None:
    one = np.array([[1.0], [0.0], [1.0], [1.0]])
    assert pareto_indices(one).tolist() == [0]
    assert pareto_indices(one, tiebreak=np.array([5, 0, 3, 4])).tolist() == [2]
    assert pareto_indices(one, tiebreak=lambda: np.array([5, 0, 4, 3])).tolist() == [3]
    two = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]])
    assert pareto_indices(two, tiebreak=np.array([2, 0, 1])).tolist() == [1, 2]

    def refuse() -> np.ndarray:
        raise AssertionError("no identical vectors: the tie-break must not be computed")

    assert pareto_indices(np.array([[0.0, 1.0], [1.0, 0.0]]), tiebreak=refuse).tolist() == [0, 1]
