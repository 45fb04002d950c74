"""Backtests: synthetic recovery, folds by proposal, no leakage into fitted parameters, scores."""

from __future__ import annotations

import dataclasses
import itertools
import json

import numpy as np
import pytest

import bargain
from bargain import Positions, ScenarioError
from bargain.forecast import synthetic_positions
from bargain.forecast.fitted import Grid, choose, family, mix_weights


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


# Independent oracles for the "fitted" model's kernel (bargain.forecast.fitted), in plain Python.


def _median_oracle(points: list[tuple[float, float]]) -> float:
    """Weighted median of (position, weight > 0) pairs; the midpoint where the weight is half."""
    pts = sorted(points)
    total = sum(w for _, w in pts)
    cum = 0.0
    for i, (x, w) in enumerate(pts):
        cum += w
        if abs(cum - total / 2) <= 1e-12 * total and i + 1 < len(pts):
            return (x + pts[i + 1][0]) / 2
        if cum >= total / 2:
            return x
    raise AssertionError("unreachable")


def _fitted_oracle(data: Positions, a: float, b: float, loss: int, pull: float) -> list[float]:
    """The fitted family's forecast of every issue, one actor at a time."""
    out = []
    for i in range(data.n_issues):
        actors = [j for j in range(len(data.actors)) if not np.isnan(data.position[i, j])]
        weights = {
            j: (1.0 if a == 0 else float(data.capability[i, j]) ** a)
            * (1.0 if b == 0 else float(data.salience[i, j]) ** b)
            for j in actors
        }
        if sum(weights.values()) <= 0:
            weights = dict.fromkeys(actors, 1.0)
        if loss == 2:
            base = sum(weights[j] * float(data.position[i, j]) for j in actors) / sum(
                weights.values()
            )
        else:
            base = _median_oracle(
                [(float(data.position[i, j]), weights[j]) for j in actors if weights[j] > 0]
            )
        ref = float(data.reference[i])
        out.append(base if np.isnan(ref) else (1 - pull) * base + pull * ref)
    return out


def _oracle_data(seed: int) -> Positions:
    """Positions with unequal capabilities and saliences (so the exponents matter), issues
    without a reference point, absent actors, and scales of different widths."""
    rng = np.random.default_rng(seed)
    n_issues, n_actors = 6, 5
    low = rng.choice([0.0, -50.0, 10.0], n_issues)
    high = low + rng.choice([100.0, 40.0, 250.0], n_issues)
    position = low[:, None] + rng.uniform(0, 1, (n_issues, n_actors)) * (high - low)[:, None]
    position[rng.uniform(size=position.shape) < 0.15] = np.nan
    position[:, 0] = low  # every issue keeps an actor
    reference = np.where(rng.uniform(size=n_issues) < 0.4, np.nan, (low + high) / 2)
    absent = np.isnan(position)
    salience = np.where(absent, np.nan, rng.choice([0.2, 0.5, 1.0, 3.0], position.shape))
    return Positions(
        issues=tuple(f"i{k}" for k in range(n_issues)),
        actors=tuple(f"a{k}" for k in range(n_actors)),
        position=position,
        salience=salience,
        capability=np.where(absent, np.nan, rng.choice([0.3, 1.0, 2.0, 7.0], position.shape)),
        low=low,
        high=high,
        reference=reference,
        outcome=low + rng.uniform(0, 1, n_issues) * (high - low),
    )


@pytest.mark.parametrize("seed", range(6))
def test_fitted_family_equals_an_independent_oracle(seed: int) -> None:
    data = _oracle_data(seed)
    assert np.isnan(data.reference).any() and not np.isnan(data.reference).all()
    grid = Grid()
    params, predictions = family(data.problem(), grid)
    # the compromise model first, then the grid in product order
    product = [
        {"capability_exponent": a, "salience_exponent": b, "loss": p, "pull": lam}
        for a, b, p, lam in itertools.product(
            grid.capability_exponents, grid.salience_exponents, grid.losses, grid.pulls
        )
    ]
    first = {"capability_exponent": 1.0, "salience_exponent": 1.0, "loss": 2, "pull": 0.0}
    assert params == [first, *[p for p in product if p != first]]
    for point, row in zip(params, predictions, strict=True):
        expected = _fitted_oracle(
            data,
            point["capability_exponent"],
            point["salience_exponent"],
            point["loss"],
            point["pull"],
        )
        np.testing.assert_allclose(row, expected, rtol=1e-12, atol=1e-9, err_msg=str(point))


def test_grid_without_the_compromise_model_keeps_product_order() -> None:
    grid = Grid(capability_exponents=(0.0, 2.0), salience_exponents=(1.0,), losses=(1,))
    assert [(p["capability_exponent"], p["pull"]) for p in grid.points()] == [
        (a, lam) for a in (0.0, 2.0) for lam in grid.pulls
    ]


@pytest.mark.parametrize("seed", range(6))
def test_fitted_choice_equals_an_independent_oracle(seed: int) -> None:
    data = _oracle_data(seed)
    _, predictions = family(data.problem(), Grid())
    train = np.random.default_rng(seed).uniform(size=data.n_issues) < 0.6
    train[:2] = True
    span = data.high - data.low
    mae = [
        sum(
            abs(row[i] - data.outcome[i]) * 100.0 / span[i]
            for i in range(data.n_issues)
            if train[i]
        )
        / train.sum()
        for row in predictions
    ]
    best = min(mae)
    assert choose(predictions, data.outcome, train, span) == next(
        k for k, m in enumerate(mae) if m <= best + 1e-12
    )


def test_fitted_choice_small_differences_and_ties() -> None:
    outcome = np.array([50.5, 10.0])
    span = np.array([100.0, 100.0])
    train = np.array([True, False])
    # the second row is better by half a point on the one training issue; issue 2 is not scored
    predictions = np.array([[50.0, 10.0], [50.5, 90.0]])
    assert choose(predictions, outcome, train, span) == 1
    # an exact tie goes to the first row
    assert choose(np.array([[50.0, 0.0], [51.0, 0.0]]), outcome, train, span) == 0
    # errors are points of each issue's own scale: 1 of 10 outweighs 5 of 1000
    wide = np.array([10.0, 1000.0])
    both = np.array([True, True])
    assert choose(np.array([[51.5, 10.0], [50.5, 15.0]]), outcome, both, wide) == 1


@pytest.mark.parametrize(("steps", "n_models"), [(1, 2), (2, 2), (3, 3), (4, 2)])
def test_mix_weights_is_every_grid_point_of_the_simplex(steps: int, n_models: int) -> None:
    expected = sorted(
        (c for c in itertools.product(range(steps + 1), repeat=n_models) if sum(c) == steps),
        reverse=True,
    )
    weights = mix_weights(steps, n_models)
    assert weights.dtype == np.float64
    assert weights.tolist() == [[v / steps for v in c] for c in expected]
