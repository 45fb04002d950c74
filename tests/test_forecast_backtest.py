"""Backtests: synthetic recovery, folds by proposal, no leakage into fitted parameters, scores."""

from __future__ import annotations

import dataclasses
import json

import numpy as np
import pytest

import bargain
from bargain import Positions, ScenarioError
from bargain.forecast import synthetic_positions


@pytest.mark.parametrize(
    ("truth", "options"),
    [
        ("compromise", {}),
        ("median", {}),
        ("nash", {"disagreement": "worst"}),
        ("package-nash", {"disagreement": "worst"}),
        ("exchange", {}),
        ("expected-utility", {}),
    ],
)
def test_synthetic_recovery(truth: str, options: dict[str, str]) -> None:
    """Outcomes from a known model plus noise: the backtest ranks that model first."""
    data = synthetic_positions(
        n_proposals=40, n_actors=6, model=truth, options=options, noise=2.0, rng=11
    )
    models = ["compromise", "median", "nash", "package-nash", "exchange", "expected-utility"]
    bt = bargain.backtest(
        data, models=models, folds=5, rng=0, options={truth: options} if options else None
    )
    best = min(bt.scores, key=lambda s: s.mae)
    assert best.model == truth
    assert best.mae < 3.0  # the noise: E|N(0, 2)| = 1.6, clipping at the ends lowers it
    if truth != "compromise":
        assert best.vs_compromise_ci[1] < 0  # better than compromise, and surely so


def test_folds_never_split_a_proposal() -> None:
    data = synthetic_positions(n_proposals=30, issues_per_proposal=(1, 4), n_actors=4, rng=2)
    bt = bargain.backtest(data, models=["compromise"], folds=7, rng=5)
    fold_of: dict[str, int] = {}
    for proposal, fold in zip(bt.proposals, bt.folds.tolist(), strict=True):
        assert fold_of.setdefault(proposal, fold) == fold
    assert sorted(set(bt.folds.tolist())) == list(range(7))
    by_issue = bargain.backtest(data, models=["compromise"], folds=7, group="issue", rng=5)
    assert by_issue.group == "issue"
    again = bargain.backtest(data, models=["compromise"], folds=7, rng=5)
    np.testing.assert_array_equal(again.folds, bt.folds)


def test_no_leakage_into_fitted_parameters() -> None:
    """Changing a test fold's outcomes changes no parameter used to forecast that fold."""
    data = synthetic_positions(n_proposals=40, n_actors=5, model="median", noise=3.0, rng=4)
    bt = bargain.backtest(data, models=["fitted"], folds=5, rng=1)
    scored = np.flatnonzero(~np.isnan(data.outcome))
    rng = np.random.default_rng(0)
    for k in range(5):
        test = scored[bt.folds == k]
        outcome = data.outcome.copy()
        outcome[test] = rng.uniform(0, 100, test.size)  # anything at all
        changed = dataclasses.replace(data, outcome=outcome)
        other = bargain.backtest(changed, models=["fitted"], folds=5, rng=1)
        np.testing.assert_array_equal(other.folds, bt.folds)
        assert other.fits[k] == bt.fits[k]
        m = bt.models.index("fitted")
        np.testing.assert_array_equal(
            other.predicted[bt.folds == k, m], bt.predicted[bt.folds == k, m]
        )
    # ...while the training folds' outcomes do matter: moving them all to the reference
    # points pulls every fold's fit to the reference
    pulled = dataclasses.replace(data, outcome=data.reference.copy())
    fits = bargain.backtest(pulled, models=["fitted"], folds=5, rng=1).fits
    assert all(fit["pull"] == 0.5 for fit in fits)


def test_fitted_finds_the_generating_family() -> None:
    data = synthetic_positions(n_proposals=40, n_actors=6, model="median", noise=1.0, rng=8)
    bt = bargain.backtest(data, models=["fitted", "median"], folds=4, rng=0)
    assert all(fit["loss"] == 1 and fit["pull"] == 0.0 for fit in bt.fits)
    assert bt.score("fitted").mae == pytest.approx(bt.score("median").mae, abs=0.5)
    mix = bargain.backtest(
        data,
        models=["fitted"],
        folds=4,
        rng=0,
        options={"fitted": {"mix": ["compromise", "median"]}},
    )
    assert all(fit["mix"]["median"] >= 0.8 for fit in mix.fits)


def test_scores_and_intervals() -> None:
    data = synthetic_positions(n_proposals=25, n_actors=5, rng=3)
    bt = bargain.backtest(data, models=["median", "reference"], folds=5, rng=2, bootstrap=500)
    assert bt.models == ("compromise", "median", "reference")  # the baseline is added
    errors = np.abs(bt.errors)
    for m, score in enumerate(bt.scores):
        assert score.mae == pytest.approx(errors[:, m].mean())
        assert score.rmse == pytest.approx(np.sqrt((errors[:, m] ** 2).mean()))
        assert score.median_ae == pytest.approx(np.median(errors[:, m]))
        assert score.within_10 == pytest.approx((errors[:, m] <= 10).mean())
        for name in ("mae", "rmse", "median_ae", "within_10"):
            lo, hi = getattr(score, f"{name}_ci")
            assert lo <= getattr(score, name) <= hi
        assert score.vs_compromise == pytest.approx(score.mae - bt.score("compromise").mae)
    assert bt.score("compromise").vs_compromise_ci == (0.0, 0.0)
    payload = json.loads(bt.to_json())
    assert payload["issues"] == len(bt.issues) == data.n_issues
    assert set(payload["models"]["median"]) >= {"mae", "rmse", "median_ae", "within_10", "mae_ci"}
    assert bt.columns() == [
        "issue",
        "proposal",
        "fold",
        "outcome",
        "predicted.compromise",
        "predicted.median",
        "predicted.reference",
    ]
    assert len(bt.rows()) == data.n_issues
    assert "MAE [95% CI]" in bt.table()


def test_issues_without_outcomes_are_not_scored() -> None:
    data = synthetic_positions(n_proposals=12, n_actors=4, rng=6)
    outcome = data.outcome.copy()
    outcome[:3] = np.nan
    bt = bargain.backtest(dataclasses.replace(data, outcome=outcome), models=["median"], folds=3)
    assert len(bt.issues) == data.n_issues - 3
    assert data.issues[0] not in bt.issues


def test_bad_backtests() -> None:
    data = synthetic_positions(n_proposals=4, n_actors=3, rng=0)
    cases = [
        (dict(folds=9), "folds is 9, more than the 4 proposals with an outcome"),
        (dict(folds=1), "folds must be >= 2, found 1"),
        (dict(models=["compromise", "nahs"]), "model 'nahs' is not a model; did you mean 'nash'?"),
        (dict(models=["median", "median"]), "models names a model twice: ['median', 'median']"),
        (dict(group="actor"), "group must be 'proposal' or 'issue', found 'actor'"),
        (
            dict(models=["fitted"], options={"fitted": {"train": data}}),
            "options['fitted']['train'] cannot be given in a backtest: the fitted model is "
            "fitted on the training folds",
        ),
        (
            dict(models=["median"], options={"nash": {"p": 1}}),
            "options names 'nash', which is not among the models ['compromise', 'median']",
        ),
    ]
    for kwargs, message in cases:
        with pytest.raises(ScenarioError) as info:
            bargain.backtest(data, **kwargs)  # type: ignore[arg-type]
        assert str(info.value) == message
    no_outcomes = Positions(issues=("a",), actors=("x",), position=np.array([[1.0]]))
    with pytest.raises(ScenarioError) as info:
        bargain.backtest(no_outcomes)
    assert str(info.value) == (
        "data has 0 issue(s) with an outcome; a backtest needs at least 2 (column 'outcome' of "
        "the issue table)"
    )
