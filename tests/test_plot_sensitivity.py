"""The Sobol tornado: its data (checked against the summary) and its drawing."""

from __future__ import annotations

import matplotlib.pyplot as plt
import pytest

import bargain
from bargain.errors import ScenarioError
from bargain.plot import sobol_tornado, sobol_tornado_data, sobol_tornadoes


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


@pytest.fixture(scope="module")
def result(talks):
    return bargain.sweep(
        talks,
        uncertainty={
            "*.weights": bargain.Dirichlet(50),
            "nato.disagreement": bargain.Uniform(0.6, 0.9),
        },
        samples=200,
        rng=3,
        progress=False,
        design="saltelli",
    )


def test_the_data_are_the_summary_drivers(talks, result):
    summary = result.summary()
    data = sobol_tornado_data(summary, "missiles", scenario=talks, top=2)
    drivers = summary.drivers("missiles")
    assert [(b.parameter, b.first_order, b.total_order) for b in data.bars] == [
        (d.parameter, d.first_order, d.total_order) for d in drivers[:2]
    ]
    assert data.hidden == len(drivers) - 2 == 1
    assert data.title == f"What decides {talks.issue('missiles').name}"
    assert sobol_tornado_data(result, "nato", scenario=talks).title == "What decides NATO's utility"
    assert sobol_tornado_data(result, "agreement").title == "What decides the agreement"


def test_the_drawing_has_one_row_per_parameter(talks, result):
    ax = sobol_tornado(result, "missiles", scenario=talks)
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == [b.parameter for b in sobol_tornado_data(result, "missiles").bars]
    # a light total-order bar and a dark first-order bar per parameter
    assert len(ax.patches) == 2 * len(labels)
    widths = sorted(round(p.get_width(), 9) for p in ax.patches)
    expected = sorted(
        round(x, 9)
        for b in sobol_tornado_data(result, "missiles").bars
        for x in (b.first_order, b.total_order)
    )
    assert widths == expected
    plt.close(ax.figure)


def test_one_panel_per_issue(talks, result):
    fig = sobol_tornadoes(result, scenario=talks, top=3)
    assert len(fig.axes) == talks.n_issues
    titles = [ax.get_title(loc="left") for ax in fig.axes]
    assert all(t.startswith("What decides Article") for t in titles)
    plt.close(fig)


def test_bad_input(talks, result):
    with pytest.raises(ScenarioError) as err:
        sobol_tornado_data(talks, "missiles")
    assert str(err.value) == "result must be a SweepResult or a SweepSummary, found Scenario"
    with pytest.raises(ScenarioError) as err:
        sobol_tornado_data(result, "misiles")
    assert str(err.value) == "output is not an output; did you mean 'missiles'?"
    single = bargain.sweep(talks, progress=False)  # one run, nothing swept
    with pytest.raises(ScenarioError) as err:
        sobol_tornado_data(single, "missiles")
    assert str(err.value) == "result has no swept parameter: there is nothing to rank"
