import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.axes import Axes

import bargain
from bargain.plot import deal_card, deal_card_data


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_card_names_every_agreed_level(talks):
    sol = bargain.solve(talks)
    card = deal_card_data(sol, scenario=talks)
    assert [r.key for r in card.issues] == list(talks.issue_keys)
    for row, issue in zip(card.issues, talks.issues, strict=True):
        assert row.name == issue.name
        assert row.levels == issue.levels
        assert row.agreed == sol.deal[issue.key] == issue.levels[row.index]
        assert row.position == row.index / (issue.n_levels - 1)
        assert row.alternatives == ()
    assert card.parties == ("Russia", "NATO")
    assert card.gains == (sol.gains["russia"], sol.gains["nato"])
    assert card.probability == 1.0
    assert card.title == "The Nash deal"


def test_card_of_a_lottery(talks):
    sol = bargain.solve(talks, lotteries=True)
    card = deal_card_data(sol, scenario=talks)
    assert card.probability == sol.lottery.probabilities[0]
    changed = [r for r in card.issues if r.alternatives]
    # the two deals differ in one effective issue: here the linked Articles 6 and 7
    assert [r.key for r in changed] == ["enlargement", "military_activity"]
    for row in changed:
        ((j, p),) = row.alternatives
        assert p == pytest.approx(sol.lottery.probabilities[1])
        assert row.levels[j] == sol.lottery.deals[1][row.key]
    assert "lottery" in card.title


def test_card_refuses_no_agreement_and_another_scenario(talks):
    none = bargain.solve(talks, disagreement={"nato": 0.99})
    with pytest.raises(bargain.ScenarioError, match="no agreement"):
        deal_card_data(none, scenario=talks)
    other = bargain.load_scenario("russia-us-2021-no-red-lines")
    with pytest.raises(bargain.ScenarioError, match="russia-nato-2022-no-red-lines"):
        deal_card_data(bargain.solve(talks), scenario=other)
    with pytest.raises(bargain.ScenarioError, match="must be a Solution"):
        deal_card_data(talks, scenario=talks)


def test_card_draws(talks):
    sol = bargain.solve(talks, "egalitarian", lotteries=True)
    ax = deal_card(sol, scenario=talks)
    assert isinstance(ax, Axes)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[0].startswith("Article 1")
    fig, given = plt.subplots()
    assert deal_card(sol, scenario=talks, ax=given, title="card") is given
    assert given.get_title(loc="left") == "card"
    assert len(fig.axes) == 2  # the tracks and the gain bars
    # each party on its own scale: its utility and gain, its disagreement and best utilities
    bar_labels = [t.get_text().replace("\n", " ") for t in fig.axes[1].texts]
    u, g = sol.utilities, sol.gains
    assert f"Russia: {u['russia']:.3f} (+{g['russia']:.3f})" in bar_labels
    assert f"NATO: {u['nato']:.3f} (+{g['nato']:.3f})" in bar_labels
    card = deal_card_data(sol, scenario=talks)
    for d, best in zip(card.disagreement, card.best, strict=True):
        assert f"{d:.2f}" in bar_labels and f"{best:.2f}" in bar_labels
