import dataclasses
import sys

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

import bargain
from bargain.plot import deal_cloud, pairwise, pairwise_data, utility_space, utility_space_data
from bargain.plot.space import MAX_ENUMERATE, spread


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def big_scenario(n_issues=12, n_levels=5):
    issues = [
        bargain.Issue(f"i{k}", f"Issue {k}", [f"level {j}" for j in range(n_levels)])
        for k in range(n_issues)
    ]
    rng = np.random.default_rng(0)
    parties = [
        bargain.Party(
            key,
            key.title(),
            values={i.key: sorted(rng.random(n_levels).round(3), reverse=rev) for i in issues},
            disagreement=0.3 * n_issues,
        )
        for key, rev in (("a", False), ("b", True))
    ]
    return bargain.Scenario(name="big", issues=issues, parties=parties)


def test_import_bargain_does_not_import_matplotlib():
    code = "import bargain, sys; assert 'matplotlib' not in sys.modules; bargain.plot.utility_space"
    import subprocess

    subprocess.run([sys.executable, "-c", code], check=True)


def test_labels_are_names_not_indices(talks):
    data = utility_space_data(talks)
    assert data.parties == ("Russia", "NATO")
    assert data.party_keys == ("russia", "nato")
    assert data.axis_labels == ("Russia's utility", "NATO's utility")
    assert all(isinstance(m.label, str) and not m.label.isdigit() for m in data.marks)
    for mark in data.marks:
        assert set(mark.deal) == set(talks.issue_keys)
        for key, level in mark.deal.items():
            assert level in talks.issue(key).levels


def test_frontier_and_disagreement_are_exact(talks):
    data = utility_space_data(talks)
    frontier = bargain.pareto_frontier(talks)
    np.testing.assert_allclose(
        data.frontier[np.lexsort(data.frontier.T[::-1])],
        frontier.utilities[np.lexsort(frontier.utilities.T[::-1])],
    )
    np.testing.assert_allclose(data.disagreement, talks.disagreement_point)
    # the rational frontier lies on the whole frontier of the two parties
    for point in data.frontier:
        assert np.min(np.abs(data.pareto - point).sum(axis=1)) < 1e-12
    best = [sum(float(t[:, c].max()) for t in talks.space.tables) for c in (0, 1)]
    np.testing.assert_allclose(data.best, best)


@pytest.mark.parametrize("lotteries", [False, True])
def test_marks_equal_solution_utilities(talks, lotteries):
    data = utility_space_data(talks, lotteries=lotteries)
    marked = {m: mark for mark in data.marks for m in mark.methods}
    assert set(marked) == {"nash", "kalai-smorodinsky", "egalitarian", "utilitarian"}
    for method, mark in marked.items():
        sol = bargain.solve(talks, method, lotteries=lotteries)
        np.testing.assert_allclose(mark.point, [sol.utilities["russia"], sol.utilities["nato"]])
        if method != mark.methods[0]:
            continue  # same point as the group's first method, which supplies the lottery
        if sol.lottery is not None:
            assert mark.probabilities == sol.lottery.probabilities
            expected = talks.utilities(np.array(sol.lottery.levels))
            np.testing.assert_allclose(mark.lottery, expected)
            # the expected point lies on the lottery segment
            np.testing.assert_allclose(np.array(mark.probabilities) @ mark.lottery, mark.point)
        else:
            assert mark.lottery.shape == (0, 2)


def test_coinciding_solutions_share_one_label(talks):
    data = utility_space_data(talks, disagreement={"russia": 0.25})
    assert next(m.label for m in data.marks) == "Nash = Kalai–Smorodinsky"
    assert data.marks[0].methods == ("nash", "kalai-smorodinsky")


def test_given_solutions_and_their_disagreement_point(talks):
    sol = bargain.solve(talks, disagreement={"nato": 0.6})
    data = utility_space_data(talks, solutions=[sol])
    np.testing.assert_allclose(data.disagreement, [0.2, 0.6])
    assert [m.label for m in data.marks] == ["Nash"]
    none = bargain.solve(talks, disagreement={"nato": 0.99})
    assert utility_space_data(talks, solutions=[none]).no_agreement == ("nash",)


def test_small_space_is_a_scatter_of_every_deal():
    s = bargain.load_scenario("russia-us-2021-no-red-lines")
    cloud = deal_cloud(s, (0, 1))
    assert cloud.mode == "scatter" and not cloud.sampled
    assert cloud.points.shape == (s.n_deals, 2)
    levels = np.stack(np.unravel_index(np.arange(s.n_deals), s.shape), axis=-1)
    np.testing.assert_allclose(cloud.points, s.utilities(levels)[:, :2])


def test_large_space_is_binned_exactly(talks):
    cloud = deal_cloud(talks)
    assert cloud.mode == "density" and not cloud.sampled and cloud.seed is None
    assert int(cloud.counts.sum()) == talks.n_deals == cloud.n_used
    assert cloud.counts.shape == (len(cloud.yedges) - 1, len(cloud.xedges) - 1)
    assert "27,648" in cloud.label


def test_astronomical_space_is_sampled_seeded_and_bounded():
    big = big_scenario(n_issues=40, n_levels=5)  # 5**40 deals
    assert big.n_deals > MAX_ENUMERATE
    a = deal_cloud(big, samples=5_000, rng=7)
    b = deal_cloud(big, samples=5_000, rng=7)
    c = deal_cloud(big, samples=5_000, rng=8)
    assert a.sampled and a.seed == 7 and a.n_used == 5_000
    assert int(a.counts.sum()) == 5_000  # every sample falls in the (exact) range of all deals
    np.testing.assert_array_equal(a.counts, b.counts)
    assert not np.array_equal(a.counts, c.counts)
    assert "sampled" in a.label and "seed 7" in a.label and "10^27" in a.label
    data = utility_space_data(big, methods=["nash"], samples=2_000, rng=1)
    assert data.deals.sampled and data.deals.n_used == 2_000


def test_rational_window(talks):
    data = utility_space_data(talks, window="rational", methods=["nash"])
    (lo_x, hi_x), (lo_y, hi_y) = data.limits
    assert lo_x < 0.2 < data.frontier[:, 0].max() < hi_x < 1
    assert lo_y < 0.75 < data.frontier[:, 1].max() < hi_y
    # few deals in the window: each drawn, not binned into a sparse checkerboard
    assert data.deals.mode == "scatter" and data.deals.n_used < talks.n_deals
    inside = (data.deals.points >= data.limits[:, 0]) & (data.deals.points <= data.limits[:, 1])
    assert inside.all()
    assert data.deals.label == f"the {data.deals.n_used:,} of 27,648 deals in view"


def test_more_parties_need_a_pair():
    s = bargain.load_scenario("russia-us-2021-no-red-lines")
    with pytest.raises(bargain.ScenarioError, match="must name two of the 3 parties"):
        utility_space_data(s)
    with pytest.raises(bargain.ScenarioError, match="did you mean 'european_allies'"):
        utility_space_data(s, parties=["russia", "european_ally"])
    data = utility_space_data(s, parties=["european_allies", "russia"], methods=["nash"])
    assert data.parties == ("European allies", "Russia") and data.projected
    nash = bargain.solve(s)
    np.testing.assert_allclose(
        data.marks[0].point, [nash.utilities["european_allies"], nash.utilities["russia"]]
    )


def test_bad_method_and_window(talks):
    with pytest.raises(bargain.ScenarioError, match="methods"):
        utility_space_data(talks, methods=["nassh"])
    with pytest.raises(bargain.ScenarioError, match="window"):
        utility_space_data(talks, window="zoom")


def test_pairwise_panels():
    s = bargain.load_scenario("russia-us-2021-no-red-lines")
    data = pairwise_data(s, methods=["nash", "utilitarian"])
    assert sorted(data.panels) == [(1, 0), (2, 0), (2, 1)]
    assert data.parties == ("Russia", "United States", "European allies")
    nash = bargain.solve(s)
    for (row, col), panel in data.panels.items():
        assert panel.party_keys == (s.party_keys[col], s.party_keys[row])
        point = [nash.utilities[s.party_keys[col]], nash.utilities[s.party_keys[row]]]
        np.testing.assert_allclose(panel.marks[0].point, point)


def test_drawing_returns_axes_and_uses_given_ax(talks):
    ax = utility_space(talks, lotteries=True)
    assert isinstance(ax, Axes)
    _fig, given = plt.subplots()
    assert utility_space(talks, ax=given, window="rational", title="t") is given
    assert given.get_title() == "t"
    texts = [t.get_text() for t in given.texts]
    assert "Nash" in texts and "Kalai–Smorodinsky" in texts
    legend = [t.get_text() for t in given.get_legend().get_texts()]
    assert "the 2,538 of 27,648 deals in view" in legend and "disagreement point" in legend


def test_pairwise_draws_on_given_axes():
    s = bargain.load_scenario("russia-us-2021-no-red-lines")
    _fig, axes = plt.subplots(2, 2)
    out = pairwise(s, axes=axes, methods=["nash"], window="rational")
    assert out.shape == (2, 2) and out[1, 0] is axes[1, 0]
    assert axes[1, 0].get_xlabel() == "Russia's utility"
    with pytest.raises(bargain.ScenarioError, match="axes"):
        pairwise(s, axes=axes[:1, :1], methods=["nash"])


def test_spread_keeps_order_and_gap():
    out = spread([5.0, 0.0, 0.5], 2.0)
    assert out[1] < out[2] < out[0]
    assert min(np.diff(sorted(out))) >= 2.0 - 1e-12


def test_a_scenario_with_a_replaced_party(talks):
    proud = dataclasses.replace(talks.party("nato"), disagreement=1.5)
    s = dataclasses.replace(talks, parties=[talks.parties[0], proud])
    data = utility_space_data(s)
    assert data.marks == () and len(data.frontier) == 0
    assert set(data.no_agreement) == {"nash", "kalai-smorodinsky", "egalitarian", "utilitarian"}
    assert isinstance(utility_space(s, window="rational"), Axes)


def test_lottery_of_many_parties_is_drawn_to_its_expected_point():
    s = bargain.load_scenario("russia-us-2021-no-red-lines")
    data = utility_space_data(s, parties=["russia", "european_allies"], lotteries=True)
    for mark in data.marks:
        if len(mark.lottery):
            assert min(mark.probabilities) >= 1e-6
            expected = np.array(mark.probabilities) @ mark.lottery / sum(mark.probabilities)
            np.testing.assert_allclose(expected, mark.point, atol=1e-6)
