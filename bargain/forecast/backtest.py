"""Honest accuracy: :func:`backtest` cross-validates forecasting models on recorded outcomes.

Folds
-----
The issues with an outcome are scored. With ``group="proposal"`` (the default) whole proposals
are assigned to folds, so the issues of one proposal are never on both sides of a split (they
share actors and are decided together); ``group="issue"`` splits issues. The groups are shuffled
(seeded) and dealt to the folds in turn.

Models that fit nothing (every model but ``"fitted"``) forecast an issue from its own proposal's
data only, never from outcomes, so their out-of-fold forecasts are their forecasts. ``"fitted"``
is fitted once per fold, on the *training* folds' outcomes only (the grid search of
:mod:`bargain.forecast.fitted` runs inside the cross-validation loop), and forecasts the test fold
with the parameters chosen there; ``Backtest.fits`` lists them fold by fold. Changing the
outcomes of a fold therefore changes no parameter used to forecast it.

Scores
------
Errors are points of a 0-100 scale. For every model: the mean absolute error (MAE), the root mean
squared error, the median absolute error and the share of issues within 10 points, each with a
95% percentile-bootstrap interval over issues (``bootstrap`` resamples of the scored issues, with
replacement), and the paired difference of its MAE to the compromise model's on the same
resamples. The folds are drawn from ``SeedSequence(seed, spawn_key=(0,))`` and the resamples from
``spawn_key=(1,)``.

Examples
--------
>>> import bargain
>>> from bargain.forecast.synthetic import synthetic_positions
>>> data = synthetic_positions(n_proposals=30, n_actors=6, model="median", noise=2.0, rng=1)
>>> bt = bargain.backtest(data, models=["compromise", "median", "reference"], folds=5)
>>> [s.model for s in sorted(bt.scores, key=lambda s: s.mae)][0]
'median'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_count, check_type, kind, seed_of
from bargain._results import Labels
from bargain.errors import ScenarioError
from bargain.forecast._shared import Array
from bargain.forecast.fitted import Grid, choose, family, mix_weights
from bargain.forecast.models import MODELS, check_options, run_model
from bargain.forecast.positions import Positions
from bargain.forecast.result import Backtest, ModelScore

__all__ = ["GROUPS", "WITHIN", "backtest", "default_models"]

#: How issues can be grouped into folds.
GROUPS = ("proposal", "issue")
#: The "within" share counts errors of at most this many points.
WITHIN = 10.0


def default_models(data: Positions) -> tuple[str, ...]:
    """Every model; ``"reference"`` only when every issue has a reference point."""
    has_ref = bool(np.all(~np.isnan(data.reference)))
    return tuple(m for m in MODELS.names if m != "reference" or has_ref)


def _folds(groups: list[str], n_folds: int, rng: np.random.Generator) -> dict[str, int]:
    order = rng.permutation(len(groups))
    return {groups[g]: k % n_folds for k, g in enumerate(order.tolist())}


def _interval(values: Array) -> tuple[float, float]:
    lo, hi = np.quantile(values, [0.025, 0.975])
    return float(lo), float(hi)


def _scores(
    models: Sequence[str], errors: Array, resamples: NDArray[np.intp]
) -> tuple[ModelScore, ...]:
    absolute = np.abs(errors)
    boot = absolute[resamples]  # (B, n, M)
    mae_b = boot.mean(axis=1)
    rmse_b = np.sqrt((boot**2).mean(axis=1))
    median_b = np.median(boot, axis=1)
    within_b = (boot <= WITHIN).mean(axis=1)
    base = models.index("compromise")
    out = []
    for m, model in enumerate(models):
        diff = mae_b[:, m] - mae_b[:, base]
        out.append(
            ModelScore(
                model=model,
                mae=float(absolute[:, m].mean()),
                mae_ci=_interval(mae_b[:, m]),
                rmse=float(np.sqrt((absolute[:, m] ** 2).mean())),
                rmse_ci=_interval(rmse_b[:, m]),
                median_ae=float(np.median(absolute[:, m])),
                median_ae_ci=_interval(median_b[:, m]),
                within_10=float((absolute[:, m] <= WITHIN).mean()),
                within_10_ci=_interval(within_b[:, m]),
                vs_compromise=float(absolute[:, m].mean() - absolute[:, base].mean()),
                vs_compromise_ci=_interval(diff),
            )
        )
    return tuple(out)


def backtest(
    data: Positions,
    models: Sequence[str] | None = None,
    folds: int = 10,
    group: str = "proposal",
    rng: np.random.Generator | int | None = 0,
    *,
    bootstrap: int = 2000,
    options: Mapping[str, Mapping[str, Any]] | None = None,
) -> Backtest:
    """Cross-validate forecasting models on the issues of `data` that have an outcome.

    Parameters
    ----------
    data
        A data set with outcomes.
    models
        Model names (default: :func:`default_models`); ``"compromise"`` is added when missing,
        as the baseline of the paired differences.
    folds
        Number of folds (>= 2, at most the number of groups).
    group
        ``"proposal"`` or ``"issue"`` (see the module notes).
    rng
        Seed (int), Generator or None (a fresh seed, kept in ``result.seed``).
    bootstrap
        Bootstrap resamples for the intervals (>= 100).
    options
        Per model, its options: ``{"nash": {"p": 1}, "fitted": {"pulls": [0.0]}}``.

    Returns
    -------
    Backtest
        Scores of every model, out-of-fold forecasts, the fitted parameters of every fold.

    Raises
    ------
    ScenarioError
        Fewer than two issues with an outcome, too many folds, unknown models or options.

    Examples
    --------
    >>> import bargain
    >>> from bargain.forecast import synthetic_positions
    >>> data = synthetic_positions(n_proposals=12, n_actors=5, model="median", noise=2.0, rng=0)
    >>> result = bargain.backtest(data, models=["median", "reference"], folds=4)
    >>> result.models
    ('compromise', 'median', 'reference')
    >>> round(result.score("median").mae, 1) < round(result.score("reference").mae, 1)
    True
    """
    check_type(data, Positions, "data")
    names = _model_names(data, models)
    if group not in GROUPS:
        raise ScenarioError(f"must be 'proposal' or 'issue', found {group!r}", key="group")
    n_folds = check_count(folds, "folds", minimum=2)
    bootstrap = check_count(bootstrap, "bootstrap", minimum=100)
    checked = _model_options(names, options)
    scored = np.flatnonzero(~np.isnan(data.outcome))
    if scored.size < 2:
        raise ScenarioError(
            f"has {scored.size} issue(s) with an outcome; a backtest needs at least 2 "
            "(column 'outcome' of the issue table)",
            key="data",
        )
    keys = [data.proposal[i] if group == "proposal" else data.issues[i] for i in scored]
    unique = list(dict.fromkeys(keys))
    if n_folds > len(unique):
        raise ScenarioError(
            f"is {n_folds}, more than the {len(unique)} {group}s with an outcome", key="folds"
        )
    seed = seed_of(rng)
    fold_rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(0,)))
    boot_rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(1,)))
    fold_of = _folds(unique, n_folds, fold_rng)
    fold = np.array([fold_of[k] for k in keys], dtype=np.intp)

    forecasts: dict[str, Array] = {}
    for name in names:
        if name != "fitted":
            forecasts[name] = run_model(data, name, checked[name]).predicted
    fits: list[dict[str, Any]] = []
    if "fitted" in names:
        forecasts["fitted"], fits = _fitted(
            data, checked["fitted"], forecasts, scored, fold, n_folds
        )

    outcome = data.outcome[scored]
    span = (data.high - data.low)[scored]
    predicted = np.stack([forecasts[m][scored] for m in names], axis=1)
    errors = (predicted - outcome[:, None]) * (100.0 / span[:, None])
    resamples = boot_rng.integers(0, scored.size, size=(bootstrap, scored.size))
    scores = _scores(names, errors, resamples)
    message = (
        f"Backtest of {len(names)} models on {scored.size} issues with an outcome, "
        f"{n_folds} folds by {group} (seed {seed}); errors in points of a 0-100 scale, "
        f"95% intervals from {bootstrap:,} bootstrap resamples of the issues."
    )
    return Backtest(
        models=names,
        scores=scores,
        issues=tuple(data.issues[i] for i in scored),
        proposals=tuple(data.proposal[i] for i in scored),
        folds=fold,
        outcome=outcome,
        predicted=predicted,
        low=data.low[scored],
        span=span,
        fits=tuple(fits),
        n_folds=n_folds,
        group=group,
        seed=seed,
        bootstrap=bootstrap,
        message=message,
        labels=Labels(issues=dict(zip(data.issues, data.issue_names, strict=True))),
    )


def _model_names(data: Positions, models: Any) -> tuple[str, ...]:
    """The models to score, checked against the registry; the compromise model always first."""
    if isinstance(models, str):
        raise ScenarioError(f"must be a list of model names, found {models!r}", key="models")
    names = default_models(data) if models is None else tuple(models)
    for name in names:
        MODELS.lookup(name)
    if len(set(names)) != len(names):
        raise ScenarioError(f"names a model twice: {list(names)}", key="models")
    return names if "compromise" in names else ("compromise", *names)


def _model_options(names: tuple[str, ...], options: Any) -> dict[str, dict[str, Any]]:
    """Each model's options, checked; the fitted model's training is the backtest's own."""
    options = {} if options is None else options
    if not isinstance(options, Mapping):
        raise ScenarioError(
            f"must be a mapping of model -> options, found {kind(options)}", key="options"
        )
    for name in options:
        if name not in names:
            raise ScenarioError(
                f"names {name!r}, which is not among the models {list(names)}", key="options"
            )
    checked = {m: check_options(m, options.get(m, {})) for m in names}
    for key in ("train", "parameters"):
        if "fitted" in checked and checked["fitted"][key] is not None:
            raise ScenarioError(
                "cannot be given in a backtest: the fitted model is fitted on the training folds",
                key=f"options['fitted'][{key!r}]",
            )
    return checked


def _fitted(
    data: Positions,
    options: Mapping[str, Any],
    forecasts: Mapping[str, Array],
    scored: NDArray[np.intp],
    fold: NDArray[np.intp],
    n_folds: int,
) -> tuple[Array, list[dict[str, Any]]]:
    """Out-of-fold forecasts of ``"fitted"``: fitted on the other folds, fold by fold."""
    mix = options["mix"]
    span = data.high - data.low
    if mix is None:
        points, candidates = family(
            data.problem(),
            Grid(
                capability_exponents=options["capability_exponents"],
                salience_exponents=options["salience_exponents"],
                losses=options["losses"],
                pulls=options["pulls"],
            ),
        )
    else:
        weights = mix_weights(options["mix_steps"], len(mix))
        base = np.array(
            [
                forecasts[m]
                if m in forecasts
                else run_model(data, m, check_options(m, {})).predicted
                for m in mix
            ]
        )
        candidates = weights @ base
        points = [{"mix": dict(zip(mix, w.tolist(), strict=True))} for w in weights]
    out = np.full(data.n_issues, np.nan)
    fits = []
    for k in range(n_folds):
        train = np.zeros(data.n_issues, dtype=bool)
        train[scored[fold != k]] = True
        chosen = choose(candidates, data.outcome, train, span)
        test = scored[fold == k]
        out[test] = candidates[chosen, test]
        fits.append({"fold": k, **points[chosen]})
    return out, fits
