"""Frozen scipy.stats distributions for single numbers; grid sweeps speak of grid points."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

import bargain
from bargain import ScenarioError, Uniform, sweep
from bargain.sweeps.distributions import ScipyDistribution, as_distribution


@pytest.fixture(scope="module")
def talks():
    return bargain.load_scenario("russia-nato-2022-no-red-lines")


def test_a_frozen_scipy_distribution_draws_one_number(talks):
    beta = stats.beta(8, 2)
    runs = sweep(talks, uncertainty={"nato.disagreement": beta}, samples=200, rng=5, progress=False)
    x = runs.values[:, 0]
    assert x.shape == (200,) and np.all((x > 0) & (x < 1))
    again = sweep(
        talks, uncertainty={"nato.disagreement": stats.beta(8, 2)}, samples=200, rng=5,
        progress=False,
    )  # fmt: skip
    assert np.array_equal(again.values, runs.values)  # the seed decides, as for every draw
    assert abs(x.mean() - 0.8) < 0.03


def test_a_scipy_distribution_is_checked_against_the_domain(talks):
    with pytest.raises(ScenarioError) as info:
        sweep(talks, uncertainty={"russia.power": stats.norm(1, 0.1)}, samples=10, progress=False)
    assert str(info.value) == (
        "parameter 'russia.power' must be > 0, but ScipyDistribution(norm(1, 0.1)) can draw "
        "values from -inf to inf"
    )


def test_relative_scipy_distribution_and_its_form():
    d = ScipyDistribution(stats.uniform(-0.1, 0.2), relative=True)
    assert d.support(0.5) == (0.4, 0.6)
    assert d.expectation(0.5) == 0.5
    assert d.to_dict() == {"distribution": "scipy.stats.uniform(-0.1, 0.2)", "relative": True}
    assert d == ScipyDistribution(stats.uniform(-0.1, 0.2), relative=True)
    assert d != ScipyDistribution(stats.uniform(-0.1, 0.3), relative=True)


def test_what_is_not_a_distribution_is_refused(talks):
    with pytest.raises(ScenarioError) as info:
        sweep(talks, uncertainty={"nato.disagreement": 0.5}, samples=10, progress=False)
    assert str(info.value) == (
        "uncertainty['nato.disagreement'] must be a distribution (bargain.Dirichlet, Uniform, "
        "Normal, TruncatedNormal, or a frozen scipy.stats distribution such as "
        "scipy.stats.beta(2, 5)), found 0.5"
    )
    with pytest.raises(ScenarioError) as info:
        as_distribution(stats.dirichlet([1, 1]), "uncertainty['russia.weights']")
    assert str(info.value) == (
        "uncertainty['russia.weights'] must draw single numbers: a multivariate scipy.stats "
        "distribution cannot vary one number (use bargain.Dirichlet for a weight vector)"
    )


def test_forecast_noise_takes_a_scipy_distribution():
    from bargain.forecast.synthetic import synthetic_positions

    data = synthetic_positions(n_proposals=3, n_actors=4, rng=2)
    kwargs = {"samples": 50, "rng": 1}
    scipy_noise = bargain.forecast(
        data, "compromise", noise={"position": stats.norm(0, 5)}, **kwargs
    )
    ours = bargain.forecast(data, "compromise", noise={"position": bargain.Normal(0, 5)}, **kwargs)
    assert scipy_noise.samples.shape == ours.samples.shape == (50, data.n_issues)
    # scipy draws a normal from the same generator as bargain.Normal does: the same numbers
    assert np.array_equal(scipy_noise.samples, ours.samples)
    with pytest.raises(ScenarioError) as info:
        bargain.forecast(data, "compromise", noise={"position": stats.dirichlet([1, 1])}, **kwargs)
    assert str(info.value) == (
        "noise['position'] must draw single numbers: a multivariate scipy.stats distribution "
        "cannot vary one number (use bargain.Dirichlet for a weight vector)"
    )


def test_a_grid_sweep_reports_shares_of_grid_points(talks):
    text = sweep(talks, grid={"nato.disagreement": [0.5, 0.97]}, progress=False).summary().table()
    lines = text.splitlines()
    assert lines[1] == "share of grid points with an agreement 0.500"
    assert lines[3].split("  ")[-1] == "share of grid points"
    assert "probability" not in text
    drawn = sweep(
        talks, uncertainty={"nato.disagreement": Uniform(0.5, 0.6)}, samples=20, rng=1,
        progress=False,
    ).summary().table()  # fmt: skip
    assert drawn.splitlines()[1].startswith("agreement rate 1.000 ± ")
    assert " probability" in drawn.splitlines()[3]
