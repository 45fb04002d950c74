"""The results of the forecasting layer: :class:`Forecast` and :class:`Backtest`.

A :class:`Forecast` holds one model's forecast of every issue of a data set, with what the model
says about how it got there (exchanges, rounds, fitted parameters) and, with ``samples=``, Monte
Carlo intervals. Its rows are one per issue: ``issue``, ``proposal``, ``predicted``, ``lower``
and ``upper`` (the 95% interval; empty without samples), ``reference``, ``outcome``, ``error``
(``predicted - outcome``) and ``agreed``.

A :class:`Backtest` holds the cross-validated accuracy of several models. Errors are points of a
0-100 scale (``100 · (predicted - outcome) / (high - low)``, so issues on other scales count
alike). Its rows are one per scored issue: ``issue``, ``proposal``, ``fold``, ``outcome`` and
``predicted.<model>`` for every model.

Examples
--------
>>> import bargain
>>> from bargain.forecast.synthetic import synthetic_positions
>>> data = synthetic_positions(n_proposals=4, n_actors=5, rng=1)
>>> f = bargain.forecast(data, "compromise")
>>> f.columns()[:4]
['issue', 'proposal', 'predicted', 'lower']
>>> len(f.rows()) == data.n_issues
True
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._results import Labels, Result
from bargain._text import text_table
from bargain.forecast._shared import Array, Exchange

__all__ = ["Backtest", "Forecast", "ModelScore"]


def _number(value: float) -> float | None:
    return None if math.isnan(value) else float(value)


def _frozen(values: NDArray[Any]) -> NDArray[Any]:
    out = np.array(values, copy=True)
    out.flags.writeable = False
    return out


def _fmt(value: float | None, digits: int = 1) -> str:
    return "" if value is None or math.isnan(value) else f"{value:.{digits}f}"


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Forecast(Result):
    """One model's forecast of every issue (see the module notes for the rows).

    Attributes
    ----------
    model, options
        The model's name and the options it ran with.
    issues, proposals
        Issue keys and, per issue, its proposal.
    predicted
        ``(n_issues,)`` the forecast of every issue, on its scale.
    agreed
        ``(n_issues,)`` False where the model finds no agreement (Nash models: no point that every
        counted actor prefers to the reference); the forecast is then the reference point.
    reference, outcome, low, high
        ``(n_issues,)`` from the data (NaN: none).
    exchanges
        ``"exchange"``: the exchanges, in order.
    rounds
        ``"expected-utility"``: per issue, the forecast after each round.
    parameters
        ``"fitted"``: the parameters chosen, and on which issues (``"fitted_on"``).
    samples
        With Monte Carlo: ``(n_samples, n_issues)`` the forecast of every draw.
    lower, upper
        With Monte Carlo: the 2.5% and 97.5% quantiles of the draws' forecasts.
    seed
        The seed of the draws (None without samples).
    message
        One sentence on what was forecast.
    labels
        Display names of the issues (and actors).
    """

    model: str
    options: Mapping[str, Any]
    issues: tuple[str, ...]
    proposals: tuple[str, ...]
    predicted: Array
    agreed: NDArray[np.bool_]
    reference: Array
    outcome: Array
    low: Array
    high: Array
    exchanges: tuple[Exchange, ...] = ()
    rounds: Mapping[str, tuple[float, ...]] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)
    samples: Array | None = None
    lower: Array | None = None
    upper: Array | None = None
    seed: int | None = None
    message: str = ""
    labels: Labels = field(default_factory=Labels)

    def __post_init__(self) -> None:
        for name in ("predicted", "agreed", "reference", "outcome", "low", "high"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        for name in ("samples", "lower", "upper"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, _frozen(getattr(self, name)))

    def __len__(self) -> int:
        return len(self.issues)

    @property
    def agreement(self) -> bool:
        """True when the model finds an agreement on every issue."""
        return bool(np.all(self.agreed))

    def headline(self) -> str:
        """One line: the model, the issues, agreement and draws."""
        n, k = len(self.issues), len(set(self.proposals))
        text = (
            f"{self.model}: {n} issue{'s' if n != 1 else ''} in {k} proposal{'s' if k != 1 else ''}"
        )
        missing = int(np.count_nonzero(~self.agreed))
        text += f", no agreement on {missing}" if missing else ", agreement"
        if self.samples is not None:
            text += f", {self.samples.shape[0]:,} draws"
        return text

    @property
    def predictions(self) -> dict[str, float]:
        """``{issue: forecast}``."""
        return {k: float(v) for k, v in zip(self.issues, self.predicted, strict=True)}

    @property
    def errors(self) -> Array:
        """``predicted - outcome`` per issue (NaN without an outcome)."""
        return np.asarray(self.predicted - self.outcome)

    def columns(self) -> list[str]:
        """The column names of :meth:`rows` (see the module notes)."""
        return [
            "issue",
            "proposal",
            "predicted",
            "lower",
            "upper",
            "reference",
            "outcome",
            "error",
            "agreed",
        ]

    def rows(self) -> list[dict[str, Any]]:
        """One row per issue."""
        out = []
        for i, issue in enumerate(self.issues):
            out.append(
                {
                    "issue": issue,
                    "proposal": self.proposals[i],
                    "predicted": float(self.predicted[i]),
                    "lower": None if self.lower is None else float(self.lower[i]),
                    "upper": None if self.upper is None else float(self.upper[i]),
                    "reference": _number(self.reference[i]),
                    "outcome": _number(self.outcome[i]),
                    "error": _number(self.errors[i]),
                    "agreed": bool(self.agreed[i]),
                }
            )
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON-safe form."""
        return {
            "model": self.model,
            "options": {k: _jsonable(v) for k, v in self.options.items()},
            "agreement": self.agreement,
            "predictions": self.predictions,
            "issues": self.rows(),
            "exchanges": [e.to_dict() for e in self.exchanges],
            "rounds": {k: list(v) for k, v in self.rounds.items()},
            "parameters": {k: _jsonable(v) for k, v in self.parameters.items()},
            "samples": 0 if self.samples is None else int(self.samples.shape[0]),
            "seed": self.seed,
            "message": self.message,
        }

    def table(self, max_rows: int = 20) -> str:
        """A readable report: the forecast of every issue, then exchanges or parameters."""
        head = [self.message, ""]
        with_interval = self.lower is not None and self.upper is not None
        headers = ["issue", "forecast"]
        if with_interval:
            headers.append("95% interval")
        headers += ["reference", "outcome", "error"]
        body = []
        for i, issue in enumerate(self.issues[:max_rows]):
            row: list[object] = [issue, _fmt(float(self.predicted[i]))]
            if with_interval:
                assert self.lower is not None and self.upper is not None
                row.append(f"{self.lower[i]:.1f} – {self.upper[i]:.1f}")
            row += [
                _fmt(float(self.reference[i])),
                _fmt(float(self.outcome[i])),
                _fmt(float(self.errors[i])),
            ]
            if not self.agreed[i]:
                row[1] = f"{row[1]} (no agreement)"
            body.append(row)
        parts = [*head, text_table(headers, body)]
        if len(self.issues) > max_rows:
            parts.append(f"... {len(self.issues) - max_rows:,} more issues")
        if self.exchanges:
            parts += ["", f"{len(self.exchanges):,} exchange(s) of voting positions:"]
            rows = [
                [
                    f"{e.actors[0]} ↔ {e.actors[1]}",
                    f"{e.issues[0]} / {e.issues[1]}",
                    f"{e.shifts[0]:.1f} / {e.shifts[1]:.1f}",
                    f"{e.gain:.4f}",
                ]
                for e in self.exchanges[:max_rows]
            ]
            parts.append(text_table(["actors", "issues (demand / supply)", "shifts", "gain"], rows))
            if len(self.exchanges) > max_rows:
                parts.append(f"... {len(self.exchanges) - max_rows:,} more exchanges")
        if self.parameters:
            parts += [
                "",
                "parameters: " + ", ".join(f"{k}={v}" for k, v in self.parameters.items()),
            ]
        return "\n".join(parts)


def _jsonable(value: Any) -> Any:
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, tuple | list):
        return [_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return repr(value)


@dataclass(frozen=True, slots=True)
class ModelScore:
    """One model's cross-validated accuracy, each figure with its bootstrap 95% interval.

    Attributes
    ----------
    model
        The model's name.
    mae, rmse, median_ae, within_10
        Mean absolute error, root mean squared error, median absolute error (points of a 0-100
        scale) and the share of issues forecast within 10 points of the outcome.
    mae_ci, rmse_ci, median_ae_ci, within_10_ci
        Their 95% intervals (percentile bootstrap over issues).
    vs_compromise, vs_compromise_ci
        The paired difference of mean absolute errors, this model's minus the compromise
        model's, on the same issues and resamples (negative: better than compromise), and its
        interval; an interval that contains 0 is no evidence of a difference.
    """

    model: str
    mae: float
    mae_ci: tuple[float, float]
    rmse: float
    rmse_ci: tuple[float, float]
    median_ae: float
    median_ae_ci: tuple[float, float]
    within_10: float
    within_10_ci: tuple[float, float]
    vs_compromise: float
    vs_compromise_ci: tuple[float, float]

    def to_dict(self) -> dict[str, Any]:
        """The JSON-safe form."""
        return {
            "mae": self.mae,
            "rmse": self.rmse,
            "median_ae": self.median_ae,
            "within_10": self.within_10,
            "mae_ci": list(self.mae_ci),
            "rmse_ci": list(self.rmse_ci),
            "median_ae_ci": list(self.median_ae_ci),
            "within_10_ci": list(self.within_10_ci),
            "mae_vs_compromise": self.vs_compromise,
            "mae_vs_compromise_ci": list(self.vs_compromise_ci),
        }


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Backtest(Result):
    """Cross-validated accuracy of several models (see the module notes for the rows).

    Attributes
    ----------
    models
        The models' names; ``"compromise"`` always among them (the baseline of the paired
        differences).
    scores
        One :class:`ModelScore` per model, in the same order.
    issues, proposals
        The scored issues (those with an outcome) and their proposals.
    folds
        ``(n_scored,)`` the fold of each scored issue (0-based).
    outcome, predicted, low, span
        ``(n_scored,)`` outcomes, ``(n_scored, n_models)`` out-of-fold forecasts, and each
        issue's ``low`` end and range (``high - low``).
    fits
        ``"fitted"``: per fold, the parameters chosen on the other folds.
    n_folds, group, seed, bootstrap
        Number of folds, how issues were grouped into folds, the seed and the number of
        bootstrap resamples.
    message
        One sentence on what was compared.
    labels
        Display names of the issues.
    """

    models: tuple[str, ...]
    scores: tuple[ModelScore, ...]
    issues: tuple[str, ...]
    proposals: tuple[str, ...]
    folds: NDArray[np.intp]
    outcome: Array
    predicted: Array
    low: Array
    span: Array
    fits: tuple[Mapping[str, Any], ...]
    n_folds: int
    group: str
    seed: int
    bootstrap: int
    message: str = ""
    labels: Labels = field(default_factory=Labels)

    def __post_init__(self) -> None:
        for name in ("folds", "outcome", "predicted", "low", "span"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def __len__(self) -> int:
        return len(self.issues)

    def headline(self) -> str:
        """One line: models, issues, folds and the best mean absolute error."""
        best = min(self.scores, key=lambda s: s.mae)
        return (
            f"{len(self.models)} models on {len(self.issues)} issues, {self.n_folds} folds: "
            f"best {best.model} (MAE {best.mae:.1f})"
        )

    def html_tables(self) -> list[tuple[str, list[str], list[list[object]]]]:
        """The scores (best first), then the first out-of-fold forecasts."""
        order = sorted(self.scores, key=lambda s: s.mae)
        scores: list[list[object]] = [
            [
                s.model,
                round(s.mae, 2),
                f"{s.mae_ci[0]:.1f} – {s.mae_ci[1]:.1f}",
                round(s.rmse, 2),
                round(s.median_ae, 2),
                round(s.within_10, 3),
                "" if s.model == "compromise" else round(s.vs_compromise, 2),
            ]
            for s in order
        ]
        headers = ["model", "MAE", "95% CI", "RMSE", "median AE", "within 10", "MAE - compromise"]
        return [("Scores (points of a 0-100 scale)", headers, scores), *Result.html_tables(self)]

    def score(self, model: str) -> ModelScore:
        """The score of `model`."""
        return self.scores[self.models.index(model)]

    @property
    def errors(self) -> Array:
        """``(n_scored, n_models)`` errors, points of a 0-100 scale (predicted - outcome)."""
        return np.asarray((self.predicted - self.outcome[:, None]) * (100.0 / self.span[:, None]))

    def columns(self) -> list[str]:
        """``issue``, ``proposal``, ``fold``, ``outcome``, ``predicted.<model>`` per model."""
        return ["issue", "proposal", "fold", "outcome"] + [f"predicted.{m}" for m in self.models]

    def rows(self) -> list[dict[str, Any]]:
        """One row per scored issue."""
        out = []
        for i, issue in enumerate(self.issues):
            row: dict[str, Any] = {
                "issue": issue,
                "proposal": self.proposals[i],
                "fold": int(self.folds[i]),
                "outcome": float(self.outcome[i]),
            }
            for m, model in enumerate(self.models):
                row[f"predicted.{model}"] = float(self.predicted[i, m])
            out.append(row)
        return out

    def to_dict(self) -> dict[str, Any]:
        """The JSON-safe form: ``{"models": {name: {"mae", "rmse", ...}}, "issues": N, ...}``."""
        return {
            "models": {s.model: s.to_dict() for s in self.scores},
            "issues": len(self.issues),
            "folds": self.n_folds,
            "group": self.group,
            "seed": self.seed,
            "bootstrap": self.bootstrap,
            "fits": [{k: _jsonable(v) for k, v in fit.items()} for fit in self.fits],
            "message": self.message,
        }

    def table(self, max_rows: int = 20) -> str:
        """The models' scores, best mean absolute error first."""
        order = sorted(range(len(self.scores)), key=lambda m: self.scores[m].mae)
        rows = []
        for m in order[:max_rows]:
            s = self.scores[m]
            diff = (
                ""
                if s.model == "compromise"
                else f"{s.vs_compromise:+.1f} [{s.vs_compromise_ci[0]:+.1f}, "
                f"{s.vs_compromise_ci[1]:+.1f}]"
            )
            rows.append(
                [
                    s.model,
                    f"{s.mae:.1f} [{s.mae_ci[0]:.1f}, {s.mae_ci[1]:.1f}]",
                    f"{s.rmse:.1f}",
                    f"{s.median_ae:.1f}",
                    f"{s.within_10:.2f}",
                    diff,
                ]
            )
        headers = ["model", "MAE [95% CI]", "RMSE", "median AE", "within 10", "MAE - compromise"]
        return "\n".join([self.message, "", text_table(headers, rows)])
