"""Figures of scenarios without a deal say so in their title, and why; nothing empty is left
to be read as an answer."""

import matplotlib

matplotlib.use("Agg")

from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import same_color

import bargain
import bargain.plot
from bargain.plot import deal_card
from bargain.plot._common import NO_DEAL_COLOUR
from bargain.plot.figures import (
    frontier_figure,
    path_figure,
    solve_figure,
    sweep_figure,
    threat_figure,
    tornado_outcomes,
)

THREE = Path(__file__).parent / "data" / "plots" / "three-parties.toml"
NATO_WHY = (
    "NO DEAL: Russia requires 'legally binding end to enlargement, incl. Ukraine' on "
    "'Article 6: no further NATO enlargement, including Ukraine'; NATO refuses it."
)


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def _title(fig):
    """The figure's title on one line, and whether it is drawn in the no-deal colour."""
    text = fig.get_suptitle().replace("\n", " ")
    red = same_color(fig._suptitle.get_color(), NO_DEAL_COLOUR)
    return text, red


def test_solve_figure_of_the_flagship_says_no_deal_and_why():
    talks = bargain.load_scenario("russia-nato-2022")
    text, red = _title(solve_figure(talks, bargain.solve(talks)))
    assert text == f"Russia–NATO security talks, January 2022: Russia's draft agreement {NATO_WHY}"
    assert red


def test_solve_figure_with_a_deal_has_a_plain_title():
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    text, red = _title(solve_figure(talks, bargain.solve(talks)))
    assert "NO DEAL" not in text and not red


def test_frontier_figure_of_the_flagship_says_no_deal_and_why():
    talks = bargain.load_scenario("russia-nato-2022")
    text, red = _title(frontier_figure(talks, bargain.pareto_frontier(talks)))
    assert text == f"Russia–NATO security talks, January 2022: Russia's draft agreement {NATO_WHY}"
    assert red


def test_frontier_figure_with_deals_counts_them_in_a_plain_title():
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    text, red = _title(frontier_figure(talks, bargain.pareto_frontier(talks)))
    assert text.endswith(
        "russia-nato-2022-no-red-lines: 17 Pareto-optimal deals that beat the disagreement "
        "point, of 27,648 deals"
    )
    assert not red


@pytest.mark.parametrize("name", ["russia-nato-2022", "russia-us-2021"])
def test_path_figure_without_offers_says_so_in_every_rounds_panel(name):
    talks = bargain.load_scenario(name)
    path = bargain.concession_path(talks, "time-based")
    assert not path.agreement and not path.steps
    fig = path_figure(talks, path)
    text, red = _title(fig)
    assert text.startswith(f"{talks.title} NO DEAL: Russia requires") and red
    notes = [
        ax
        for ax in fig.axes
        if any(t.get_text() == "no offers: talks end before the first round" for t in ax.texts)
    ]
    assert len(notes) == (1 if talks.n_parties == 2 else talks.n_parties)


def test_sweep_figure_without_any_deal_has_no_tornado_and_says_why():
    talks = bargain.load_scenario("russia-nato-2022")
    result = bargain.sweep(talks, grid={"nato.disagreement": [0.6, 0.9]}, progress=False)
    assert tornado_outcomes(result) == []
    fig = sweep_figure(result, talks)
    text, red = _title(fig)
    why = NATO_WHY.removeprefix("NO DEAL")
    title = "Russia–NATO security talks, January 2022: Russia's draft agreement"
    assert text == f"{title} NO DEAL in any of the 2 runs{why}"
    assert red
    assert not any(ax.get_title().startswith("what moves") for ax in fig.axes)


def test_tornado_panels_only_for_parties_whose_utility_moves():
    talks = bargain.load_scenario(THREE)
    result = bargain.sweep(talks, grid={"midstream.weights.data": [0.25, 0.3]}, progress=False)
    np.testing.assert_allclose(np.ptp(result.utilities, axis=0), [0.0, 0.05, 0.0], atol=1e-12)
    assert tornado_outcomes(result) == ["midstream"]


def test_threat_figure_of_the_flagship_says_no_deal():
    talks = bargain.load_scenario("russia-nato-2022")
    fig = threat_figure(talks, bargain.threat_point(talks))
    text, red = _title(fig)
    assert text.endswith(NATO_WHY) and red


def test_deal_card_draws_its_gains_on_the_panel_given():
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    fig, (tracks, panel) = plt.subplots(1, 2, layout="constrained")
    deal_card(bargain.solve(talks), scenario=talks, ax=tracks, panel=panel)
    assert len(fig.axes) == 2
    assert any(t.get_text().startswith("Russia: ") for t in panel.texts)


def test_the_explorer_says_no_deal_once_a_slider_leaves_none():
    talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    explorer = bargain.plot.explore(talks)
    assert "NO DEAL" not in explorer.draw().axes[0].get_title()
    explorer.set("nato.disagreement", 0.95)
    title = explorer.draw().axes[0].get_title()
    assert title.splitlines()[0] == "russia-nato-2022-no-red-lines: nash"
    assert " ".join(title.splitlines()[1:]).startswith("NO DEAL: no deal gives every party")
