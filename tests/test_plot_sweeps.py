import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.axes import Axes

import bargain
from bargain.plot import (
    agreement_rate,
    agreement_rate_data,
    level_probabilities,
    level_probabilities_data,
    sweep_heatmap,
    sweep_heatmap_data,
    tornado,
    tornado_data,
)


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


@pytest.fixture(scope="module")
def draws(talks):
    return bargain.sweep(
        talks,
        uncertainty={
            "*.weights": bargain.Dirichlet(40),
            "nato.disagreement": bargain.Uniform(0.6, 0.95),
        },
        samples=400,
        rng=5,
        progress=False,
    )


@pytest.fixture(scope="module")
def grid(talks):
    return bargain.sweep(
        talks,
        grid={"nato.disagreement": [0.6, 0.8, 0.9, 0.95], "russia.disagreement": [0.1, 0.3, 0.45]},
        progress=False,
    )


@pytest.fixture(autouse=True)
def _close():
    yield
    plt.close("all")


def test_level_probabilities_match_the_summary(talks, draws):
    summary = draws.summary()
    data = level_probabilities_data(draws, scenario=talks)
    assert [r.key for r in data.issues] == list(talks.issue_keys)
    for row, issue in zip(data.issues, talks.issues, strict=True):
        assert row.name == issue.name and row.levels == issue.levels
        assert row.probabilities == tuple(summary.level_probabilities[issue.key].values())
        assert row.errors is not None
        assert sum(row.probabilities) + row.no_agreement == pytest.approx(1.0)
    assert data.issues[0].no_agreement == pytest.approx(1 - summary.agreement_rate)
    keys_only = level_probabilities_data(draws)
    assert keys_only.issues[0].name == "indivisible_security"


def test_level_probabilities_without_draws(grid):
    data = level_probabilities_data(grid)
    assert data.issues[0].errors is None


def test_tornado_low_and_high(talks, grid):
    data = tornado_data(grid, outcome="agreement")
    assert data.label == "agreement rate"
    by = {b.parameter: b for b in data.bars}
    nato = by["nato.disagreement"]
    assert (nato.low_value, nato.high_value) == (0.6, 0.95)
    agree = grid.agreement.reshape(4, 3)
    assert nato.low == agree[0].mean() and nato.high == agree[-1].mean()
    assert data.base == grid.agreement.mean()
    swings = [b.swing for b in data.bars]
    assert swings == sorted(swings, reverse=True)
    utility = tornado_data(grid, scenario=talks)
    assert utility.outcome == "russia" and utility.label == "Russia's mean utility"
    with pytest.raises(bargain.ScenarioError, match="did you mean 'nato'"):
        tornado_data(grid, outcome="natoo")


def test_tornado_of_draws_uses_bins(draws):
    data = tornado_data(draws, outcome="nato")
    assert len(data.bars) == len(draws.parameters)
    bar = next(b for b in data.bars if b.parameter == "nato.disagreement")
    assert 0.6 <= bar.low_value < bar.high_value <= 0.95
    assert 0 <= bar.main_effect <= 1


def test_heatmap_values_are_the_grid(talks, grid):
    data = sweep_heatmap_data(grid)
    assert (data.x_parameter, data.y_parameter) == ("nato.disagreement", "russia.disagreement")
    np.testing.assert_allclose(data.x, [0.6, 0.8, 0.9, 0.95])
    np.testing.assert_allclose(data.y, [0.1, 0.3, 0.45])
    np.testing.assert_array_equal(data.z, grid.agreement.reshape(4, 3).T.astype(float))
    swapped = sweep_heatmap_data(grid, x="russia.disagreement", y="nato.disagreement")
    np.testing.assert_array_equal(swapped.z, data.z.T)
    level = sweep_heatmap_data(grid, outcome="missiles", scenario=talks)
    assert level.levels == talks.issue("missiles").levels
    assert level.label.startswith("Article 5")
    cells = grid.levels[:, talks.issue_keys.index("missiles")].reshape(4, 3).T
    np.testing.assert_array_equal(np.where(cells >= 0, cells, -1), np.nan_to_num(level.z, nan=-1))
    utility = sweep_heatmap_data(grid, outcome="nato")
    np.testing.assert_allclose(utility.z, grid.utilities[:, 1].reshape(4, 3).T)


def test_heatmap_and_rate_need_grids(draws, grid):
    with pytest.raises(bargain.ScenarioError, match="needs two"):
        sweep_heatmap_data(draws)
    with pytest.raises(bargain.ScenarioError, match="has no grid"):
        agreement_rate_data(draws)
    with pytest.raises(bargain.ScenarioError, match="not a swept parameter"):
        sweep_heatmap_data(grid, x="nato.power")


def test_agreement_rate_along_a_grid_with_draws(talks):
    r = bargain.sweep(
        talks,
        grid={"nato.disagreement": [0.7, 0.9, 0.95]},
        uncertainty={"russia.weights": bargain.Dirichlet(30)},
        samples=50,
        rng=1,
        progress=False,
    )
    data = agreement_rate_data(r)
    np.testing.assert_allclose(data.x, [0.7, 0.9, 0.95])
    np.testing.assert_allclose(data.rate, r.agreement.reshape(3, 50).mean(axis=1))
    assert data.error is not None and data.error.shape == (3,)
    assert data.ticks == ("0.7", "0.9", "0.95")


def test_drawings_return_axes_and_use_ax(talks, draws, grid):
    for draw, result, options in (
        (level_probabilities, draws, {"scenario": talks}),
        (tornado, draws, {}),
        (sweep_heatmap, grid, {"outcome": "enlargement", "scenario": talks}),
        (sweep_heatmap, grid, {}),
        (agreement_rate, grid, {}),
    ):
        assert isinstance(draw(result, **options), Axes)
        _fig, ax = plt.subplots()
        assert draw(result, ax=ax, title="x", **options) is ax
        assert ax.get_title(loc="left") == "x"
