"""Pictures of forecasts and backtests (:class:`bargain.Forecast`, :class:`bargain.Backtest`).

- :func:`backtest`: every model's out-of-fold forecast against the recorded outcome, one marker
  shape and colour per model, the diagonal where forecasts are right.
- :func:`backtest_errors`: the distribution of each model's absolute errors (box plots, best
  model on top), with the mean absolute error and its bootstrap 95% interval marked.
- :func:`forecast_positions`: per issue, the actors' positions (marker area ∝ capability ×
  salience), the reference point, the forecast (with its Monte Carlo interval) and the outcome.
- :func:`backtest_figure`: both backtest panels side by side, as ``bargain backtest --plot``
  draws them.

Examples
--------
>>> import bargain
>>> from bargain.forecast import synthetic_positions
>>> from bargain.plot import backtest_data
>>> data = synthetic_positions(n_proposals=12, n_actors=5, model="median", noise=2.0, rng=2)
>>> result = bargain.backtest(data, models=["compromise", "median"], folds=3)
>>> d = backtest_data(result)
>>> d.models[0].model, d.models[0].predicted.shape == d.models[0].actual.shape
('median', True)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import NDArray

from bargain.errors import ScenarioError
from bargain.forecast.positions import Positions
from bargain.forecast.result import Backtest, Forecast
from bargain.plot._common import background, escape, get_ax, place_legend, wrap
from bargain.plot.palette import PALETTE

__all__ = [
    "BacktestData",
    "IssuePositions",
    "ModelPoints",
    "PositionsData",
    "backtest",
    "backtest_data",
    "backtest_errors",
    "backtest_figure",
    "forecast_positions",
    "forecast_positions_data",
]

Array = NDArray[np.float64]
_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*", "h", "<")
#: Horizontal box plots: ``orientation=`` from matplotlib 3.10 (``vert=`` is deprecated there).
_HORIZONTAL: dict[str, Any] = (
    {"orientation": "horizontal"}
    if tuple(int(v) for v in mpl.__version__.split(".")[:2]) >= (3, 10)
    else {"vert": False}
)


@dataclass(frozen=True, slots=True, eq=False)
class ModelPoints:
    """One model of a backtest: its forecasts and errors, points of a 0-100 scale.

    Attributes
    ----------
    model
        The model's name.
    predicted, actual
        ``(n_issues,)`` out-of-fold forecasts and outcomes, rescaled to 0-100.
    absolute_errors
        ``|predicted - actual|``.
    mae, mae_ci
        Mean absolute error and its bootstrap 95% interval.
    colour, marker
        How the model is drawn.
    """

    model: str
    predicted: Array
    actual: Array
    absolute_errors: Array
    mae: float
    mae_ci: tuple[float, float]
    colour: str
    marker: str


@dataclass(frozen=True, slots=True)
class BacktestData:
    """What the backtest plots draw: one :class:`ModelPoints` per model, best MAE first."""

    title: str
    models: tuple[ModelPoints, ...]


def _check(result: object) -> Backtest:
    if not isinstance(result, Backtest):
        raise ScenarioError(f"must be a Backtest, found {type(result).__name__}", key="result")
    return result


def backtest_data(result: Backtest) -> BacktestData:
    """The forecasts, outcomes and errors of every model of a backtest, on a 0-100 scale."""
    result = _check(result)
    scale = 100.0 / result.span
    order = sorted(range(len(result.models)), key=lambda m: result.scores[m].mae)
    points = []
    for rank, m in enumerate(order):
        score = result.scores[m]
        colour_index = result.models.index(score.model)
        predicted = np.asarray((result.predicted[:, m] - result.low) * scale, dtype=np.float64)
        actual = np.asarray((result.outcome - result.low) * scale, dtype=np.float64)
        points.append(
            ModelPoints(
                model=score.model,
                predicted=predicted,
                actual=actual,
                absolute_errors=np.abs(result.errors[:, m]),
                mae=score.mae,
                mae_ci=score.mae_ci,
                colour=PALETTE[(colour_index + 1) % len(PALETTE)],
                marker=_MARKERS[rank % len(_MARKERS)],
            )
        )
    title = f"Backtest: {len(result.issues)} issues, {result.n_folds} folds by {result.group}"
    return BacktestData(title=title, models=tuple(points))


def backtest(result: Backtest, *, ax: Axes | None = None, **style: Any) -> Axes:
    """Draw every model's forecast against the outcome (points of a 0-100 scale).

    Parameters
    ----------
    result
        The backtest.
    ax
        Axes to draw on (default: a new figure).
    **style
        Passed to ``scatter`` (``s=``, ``alpha=`` ...).

    Examples
    --------
    >>> import bargain
    >>> from bargain.forecast import synthetic_positions
    >>> data = synthetic_positions(n_proposals=9, n_actors=4, rng=2)
    >>> ax = bargain.plot.backtest(bargain.backtest(data, models=["median"], folds=3))
    >>> ax.get_xlabel(), ax.get_ylabel()
    ('outcome', 'forecast')
    """
    data = backtest_data(result)
    ax = get_ax(ax, size=(5.6, 5.2))
    options = {"s": 22, "alpha": 0.75, "linewidths": 0.4, **style}
    (diagonal,) = ax.plot([0, 100], [0, 100], color="#999999", lw=1, ls="--", zorder=0)
    background(diagonal)
    handles = []
    for row in data.models:
        handles.append(
            ax.scatter(
                row.actual,
                row.predicted,
                color=row.colour,
                marker=row.marker,
                edgecolors="white",
                label=escape(f"{row.model} (MAE {row.mae:.1f})"),
                **options,
            )
        )
    ax.set_xlim(-3, 103)
    ax.set_ylim(-3, 103)
    ax.set_aspect("equal")
    ax.set_xlabel("outcome")
    ax.set_ylabel("forecast")
    place_legend(ax, handles, corners=("upper left", "lower right"))
    ax.set_title(data.title, fontsize=10, loc="left")
    return ax


def backtest_errors(result: Backtest, *, ax: Axes | None = None) -> Axes:
    """Draw each model's absolute errors as a box plot, best model on top, MAE ± interval marked.

    Examples
    --------
    >>> import bargain
    >>> from bargain.forecast import synthetic_positions
    >>> data = synthetic_positions(n_proposals=9, n_actors=4, rng=2)
    >>> ax = bargain.plot.backtest_errors(bargain.backtest(data, models=["median"], folds=3))
    >>> ax.get_xlabel()
    'absolute error (points of a 0-100 scale)'
    """
    data = backtest_data(result)
    n = len(data.models)
    ax = get_ax(ax, size=(6.0, 0.55 * n + 1.6))
    ys = np.arange(n)[::-1]
    box = ax.boxplot(
        [row.absolute_errors for row in data.models],
        positions=ys,
        **_HORIZONTAL,
        widths=0.55,
        patch_artist=True,
        showfliers=True,
        flierprops={"markersize": 3, "alpha": 0.5},
        medianprops={"color": "black"},
    )
    for patch, row in zip(box["boxes"], data.models, strict=True):
        patch.set_facecolor(row.colour)
        patch.set_alpha(0.55)
    for y, row in zip(ys, data.models, strict=True):
        ax.errorbar(
            row.mae,
            y + 0.36,
            xerr=[[row.mae - row.mae_ci[0]], [row.mae_ci[1] - row.mae]],
            fmt=row.marker,
            color=row.colour,
            markersize=5,
            capsize=2,
        )
    ax.set_yticks(ys)
    ax.set_yticklabels([escape(row.model) for row in data.models], fontsize=8)
    ax.set_xlabel("absolute error (points of a 0-100 scale)")
    ax.set_xlim(left=0)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title("Errors (marker: MAE with its 95% interval)", fontsize=10, loc="left")
    return ax


def backtest_figure(result: Backtest) -> Figure:
    """Both backtest panels side by side (what ``bargain backtest --plot`` writes)."""
    n = len(_check(result).models)
    fig, (left, right) = plt.subplots(1, 2, figsize=(12.0, max(5.2, 0.55 * n + 1.6)))
    backtest(result, ax=left)
    backtest_errors(result, ax=right)
    fig.tight_layout()
    return fig


# --------------------------------------------------------------------------- forecast positions
@dataclass(frozen=True, slots=True, eq=False)
class IssuePositions:
    """One row of :func:`forecast_positions`.

    Attributes
    ----------
    key, name
        The issue.
    positions, weights, actors
        The positions of the actors that take part, their capability × salience and keys.
    forecast, lower, upper
        The forecast and its Monte Carlo interval (None without samples).
    reference, outcome
        From the data (None: none).
    low, high
        The issue's scale.
    """

    key: str
    name: str
    positions: Array
    weights: Array
    actors: tuple[str, ...]
    forecast: float
    lower: float | None
    upper: float | None
    reference: float | None
    outcome: float | None
    low: float
    high: float


@dataclass(frozen=True, slots=True)
class PositionsData:
    """What :func:`forecast_positions` draws: one :class:`IssuePositions` per issue."""

    title: str
    issues: tuple[IssuePositions, ...]


def _number(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def forecast_positions_data(result: Forecast, data: Positions) -> PositionsData:
    """Per issue, the actors' positions and weights, and the forecast (see below).

    Parameters
    ----------
    result
        The forecast.
    data
        The data set it forecasts (the same issues, in the same order).
    """
    if not isinstance(result, Forecast):
        raise ScenarioError(f"must be a Forecast, found {type(result).__name__}", key="result")
    if not isinstance(data, Positions) or data.issues != result.issues:
        raise ScenarioError(
            "must be the Positions data set that was forecast (same issues in the same order)",
            key="data",
        )
    rows = []
    present = data.present
    for i, key in enumerate(data.issues):
        cols = np.flatnonzero(present[i])
        rows.append(
            IssuePositions(
                key=key,
                name=data.issue_names[i],
                positions=np.asarray(data.position[i, cols], dtype=np.float64),
                weights=np.asarray(data.capability[i, cols] * data.salience[i, cols]),
                actors=tuple(data.actors[a] for a in cols),
                forecast=float(result.predicted[i]),
                lower=None if result.lower is None else float(result.lower[i]),
                upper=None if result.upper is None else float(result.upper[i]),
                reference=_number(float(data.reference[i])),
                outcome=_number(float(data.outcome[i])),
                low=float(data.low[i]),
                high=float(data.high[i]),
            )
        )
    return PositionsData(title=f"{result.model} forecast", issues=tuple(rows))


def forecast_positions(
    result: Forecast,
    data: Positions,
    *,
    ax: Axes | None = None,
    max_issues: int = 30,
) -> Axes:
    """Draw each issue as a row: actors' positions, the reference, the forecast and the outcome.

    Positions are shown as shares of each issue's scale (0 = low, 100 = high).

    Examples
    --------
    >>> import bargain
    >>> from bargain.forecast import synthetic_positions
    >>> data = synthetic_positions(n_proposals=2, n_actors=4, rng=2)
    >>> ax = bargain.plot.forecast_positions(bargain.forecast(data, "median"), data)
    >>> ax.get_xlabel()
    'position (share of the scale, %)'
    """
    shown = forecast_positions_data(result, data).issues[:max_issues]
    n = len(shown)
    ax = get_ax(ax, size=(8.0, 0.45 * n + 1.6))
    ys = np.arange(n)[::-1]
    first: dict[str, Any] = {}  # the legend: the first artist of each kind
    top = max((float(r.weights.max()) for r in shown if r.weights.size), default=1.0) or 1.0
    for y, row in zip(ys, shown, strict=True):
        scale = 100.0 / (row.high - row.low)

        def at(v: float, row: IssuePositions = row, scale: float = scale) -> float:
            return (v - row.low) * scale

        background(ax.plot([0, 100], [y, y], color="#DDDDDD", lw=1, zorder=0)[0])
        drawn: dict[str, Artist] = {
            "actors (area ∝ capability × salience)": ax.scatter(
                (row.positions - row.low) * scale,
                np.full(row.positions.shape, y),
                s=20 + 180 * row.weights / top,
                color=PALETTE[5],
                alpha=0.45,
                edgecolors="white",
                linewidths=0.5,
            ),
            "forecast": ax.scatter(
                at(row.forecast),
                y,
                marker="D",
                s=46,
                color=PALETTE[6],
                edgecolors="black",
                linewidths=0.5,
                zorder=3,
            ),
        }
        if row.lower is not None and row.upper is not None:
            drawn["95% interval"] = ax.plot(
                [at(row.lower), at(row.upper)], [y, y], color=PALETTE[6], lw=3, alpha=0.5
            )[0]
        if row.reference is not None:
            drawn["reference"] = ax.scatter(at(row.reference), y, marker="|", s=160, color="black")
        if row.outcome is not None:
            drawn["outcome"] = ax.scatter(
                at(row.outcome),
                y,
                marker="*",
                s=90,
                color=PALETTE[3],
                edgecolors="black",
                linewidths=0.5,
                zorder=4,
            )
        for label, artist in drawn.items():
            if label not in first:
                artist.set_label(label)
                first[label] = artist
    ax.set_yticks(ys)
    ax.set_yticklabels([escape(wrap(r.name, 40)) for r in shown], fontsize=8)
    ax.set_xlim(-3, 103)
    ax.set_xlabel("position (share of the scale, %)")
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)
    place_legend(ax, list(first.values()), corners=(), outside="below", ncols=3)
    ax.set_title(escape(f"{result.model} forecast"), fontsize=10, loc="left")
    return ax
