"""forecast(): options, Monte Carlo intervals (seeded, executor-independent), the result type."""

from __future__ import annotations

import concurrent.futures as cf
import json
import multiprocessing
from pathlib import Path

import numpy as np
import pytest

import bargain
from bargain import Forecast, ScenarioError
from bargain.forecast import MODELS, load_positions, synthetic_positions
from bargain.forecast.run import SAMPLE_BLOCK


@pytest.fixture(scope="module")
def data() -> bargain.Positions:
    return synthetic_positions(n_proposals=5, n_actors=6, rng=9)


@pytest.mark.parametrize("model", MODELS.names)
def test_every_model_gives_a_forecast_of_the_result_vocabulary(
    model: str, data: bargain.Positions
) -> None:
    f = bargain.forecast(data, model)
    assert isinstance(f, Forecast)
    assert f.predicted.shape == (data.n_issues,)
    assert np.all((f.predicted >= data.low) & (f.predicted <= data.high))
    assert isinstance(f.agreement, bool)
    payload = json.loads(f.to_json())
    assert payload["model"] == model
    assert set(payload["predictions"]) == set(data.issues)
    assert [r["issue"] for r in f.rows()] == list(data.issues)
    assert f.to_csv().splitlines()[0] == ",".join(f.columns())
    assert f.message in f.table()
    frame = f.to_frame()
    assert list(frame.columns) == f.columns() and len(frame) == data.n_issues


def test_reprs_and_html() -> None:
    data = load_positions("russia-nato-2022-actors")
    f = bargain.forecast(data, "nash", losers="veto")
    assert repr(f) == "<Forecast nash: 8 issues in 1 proposal, no agreement on 7>"
    assert "<table>" in f._repr_html_() and "consultations" in f._repr_html_()
    synthetic = synthetic_positions(n_proposals=8, n_actors=4, rng=0)
    bt = bargain.backtest(synthetic, models=["median"], folds=3)
    assert repr(bt) == "<Backtest 2 models on 12 issues, 3 folds: best compromise (MAE 4.3)>"
    assert "Scores (points of a 0-100 scale)" in bt._repr_html_()
    assert repr(data) == "Positions(8 issues in 1 proposal, 9 actors, 72 positions)"


def test_fitted_says_it_is_in_sample(data: bargain.Positions) -> None:
    f = bargain.forecast(data, "fitted")
    assert f.parameters["fitted_on"] == f"{data.n_issues} issue(s) of the same data (in-sample)"
    assert "in-sample" in f.message
    other = synthetic_positions(n_proposals=6, n_actors=6, rng=10)
    g = bargain.forecast(data, "fitted", train=other)
    assert g.parameters["fitted_on"] == f"{other.n_issues} issue(s) of another data set"
    fixed = bargain.forecast(
        data, "fitted", parameters={k: v for k, v in g.parameters.items() if k != "fitted_on"}
    )
    np.testing.assert_array_equal(fixed.predicted, g.predicted)
    no_outcome = load_positions("russia-nato-2022-actors")
    with pytest.raises(ScenarioError) as info:
        bargain.forecast(no_outcome, "fitted")
    assert str(info.value) == (
        "model 'fitted' needs outcomes to fit its parameters: give issues with an 'outcome', "
        "or train= a data set that has some"
    )


def test_monte_carlo_is_seeded_and_nested(data: bargain.Positions) -> None:
    noise = {"position": 5.0, "salience": bargain.Uniform(-0.05, 0.05, relative=True)}
    a = bargain.forecast(data, "median", samples=150, noise=noise, rng=3)
    b = bargain.forecast(data, "median", samples=150, noise=noise, rng=3)
    np.testing.assert_array_equal(a.samples, b.samples)
    assert a.seed == 3
    small = bargain.forecast(data, "median", samples=SAMPLE_BLOCK + 5, noise=noise, rng=3)
    np.testing.assert_array_equal(small.samples, a.samples[: SAMPLE_BLOCK + 5])
    assert a.lower is not None and a.upper is not None
    assert np.all(a.lower <= a.upper)
    np.testing.assert_allclose(a.lower, np.quantile(a.samples, 0.025, axis=0))
    c = bargain.forecast(data, "median", samples=150, noise=noise, rng=4)
    assert not np.array_equal(c.samples, a.samples)
    assert "95% intervals from 150 draws (seed 3)" in a.message


def test_no_noise_gives_no_spread(data: bargain.Positions) -> None:
    f = bargain.forecast(data, "compromise", samples=10, noise={"position": 0.0}, rng=1)
    assert f.samples is not None
    np.testing.assert_allclose(f.samples, np.broadcast_to(f.predicted, f.samples.shape))


def test_serial_equals_executors(data: bargain.Positions) -> None:
    noise = {"position": 3.0, "capability": 0.2}
    serial = bargain.forecast(data, "nash", samples=2 * SAMPLE_BLOCK + 7, noise=noise, rng=8)
    with cf.ThreadPoolExecutor(max_workers=3) as pool:
        threads = bargain.forecast(
            data, "nash", samples=2 * SAMPLE_BLOCK + 7, noise=noise, rng=8, executor=pool
        )
    np.testing.assert_array_equal(threads.samples, serial.samples)


@pytest.mark.slow
def test_serial_equals_process_pool(data: bargain.Positions) -> None:
    noise = {"salience": 0.1}
    serial = bargain.forecast(data, "exchange", samples=SAMPLE_BLOCK + 1, noise=noise, rng=2)
    context = multiprocessing.get_context("spawn")
    with cf.ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        parallel = bargain.forecast(
            data, "exchange", samples=SAMPLE_BLOCK + 1, noise=noise, rng=2, executor=pool
        )
    np.testing.assert_array_equal(parallel.samples, serial.samples)


def test_fitted_keeps_its_parameters_across_draws(data: bargain.Positions) -> None:
    f = bargain.forecast(data, "fitted", samples=20, noise={"position": 2.0}, rng=0)
    assert f.samples is not None and f.samples.shape == (20, data.n_issues)


def test_bad_forecasts(data: bargain.Positions, tmp_path: Path) -> None:
    cases = [
        (dict(model="compromis"), "model 'compromis' is not a model; did you mean 'compromise'?"),
        (dict(model="nash", p=3), "p must be 1 or 2, found 3"),
        (dict(model="nash", losers="drop"), "losers must be 'exclude' or 'veto', found 'drop'"),
        (
            dict(model="median", p=1),
            "option 'p' is not an option of model 'median'; it takes no options",
        ),
        (dict(model="package-nash", levels=1), "levels must be >= 2, found 1"),
        (dict(samples=10), "samples needs noise= (what to draw), e.g. {'position': 5.0}"),
        (dict(noise={"position": 1.0}), "noise needs samples= (how many draws) >= 1"),
        (
            dict(samples=5, noise={"positon": 1.0}),
            "noise['positon'] is not something to noise; did you mean 'position'?",
        ),
        (
            dict(samples=5, noise={"salience": -1.0}),
            "noise['salience'] must be a standard deviation >= 0, found -1.0",
        ),
        (
            dict(samples=5, noise={"salience": bargain.Dirichlet(10)}),
            "noise['salience'] must draw single numbers, found Dirichlet(concentration=10.0)",
        ),
        (dict(samples=-1, noise={"position": 1.0}), "samples must be >= 0, found -1"),
        (dict(executor="pool"), "executor must be a concurrent.futures.Executor, found str"),
        (
            dict(model="fitted", mix=["median"]),
            "mix must be a list of at least two model names, found ['median']",
        ),
        (dict(model="fitted", pulls=[2]), "pulls[0] must be in [0, 1], found 2.0"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ScenarioError) as info:
            bargain.forecast(data, **kwargs)  # type: ignore[arg-type]
        assert str(info.value) == message
    with pytest.raises(ScenarioError) as info:
        bargain.forecast(str(tmp_path), "median")  # type: ignore[arg-type]
    assert str(info.value) == "data must be a Positions, found str"


def test_russia_nato_data_set() -> None:
    data = load_positions("russia-nato-2022-actors")
    assert data.proposals == ("draft-agreement-nato",)
    s = data.to_scenario("draft-agreement-nato", levels=4)
    assert s.party_keys == data.actors
    talks = bargain.load_scenario("russia-nato-2022")
    assert [i.key for i in s.issues] == [i.key for i in talks.issues]  # the same eight articles
    package = bargain.forecast(data, "package-nash")
    assert package.agreement
    assert package.predicted[1] == max(package.predicted)  # consultations move most
    readme = (
        Path(bargain.__file__).parent.parent / "scenarios" / "russia-nato-2022-actors" / "README.md"
    )
    if readme.exists():  # a source checkout: every actor and issue is argued there
        text = readme.read_text(encoding="utf-8")
        for key in (*data.actors, *data.issues):
            assert f"`{key}`" in text
