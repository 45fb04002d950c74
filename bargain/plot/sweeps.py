"""Pictures of a sweep (:class:`bargain.SweepResult`).

- :func:`level_probabilities`: per issue, a bar stacked from the probability of each level
  (first level left, last right) and of no agreement.
- :func:`tornado`: for each swept parameter, an outcome (a party's mean utility, or the
  agreement rate) at the parameter's low and high values, the widest swing on top.
- :func:`sweep_heatmap`: an outcome over a two-parameter grid.
- :func:`agreement_rate`: the agreement rate along a one-parameter grid, with its Monte Carlo
  standard error when there are draws.

Outcomes are named as in the sweep's columns: ``"agreement"`` (the agreement rate), a party key
(its mean utility) or, for :func:`sweep_heatmap`, an issue key (the most frequent agreed level).

Examples
--------
>>> import bargain
>>> from bargain.plot import agreement_rate_data, level_probabilities_data
>>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
>>> r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.75, 0.95]}, progress=False)
>>> agreement_rate_data(r).rate.tolist()
[1.0, 1.0, 0.0]
>>> data = level_probabilities_data(r, scenario=s)
>>> issue = data.issues[5]
>>> issue.levels[0], round(issue.probabilities[0], 12), round(issue.no_agreement, 12)
('rejected: open door reaffirmed', 0.666666666667, 0.333333333333)
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from numpy.typing import NDArray

from bargain._checks import suggest
from bargain.errors import ScenarioError
from bargain.model.scenario import Scenario
from bargain.plot._common import escape, get_ax, place_legend, possessive, wrap
from bargain.plot.palette import OKABE_ITO, SEQUENTIAL_CMAP
from bargain.sweeps.result import SweepResult
from bargain.sweeps.sensitivity import bins

__all__ = [
    "AgreementRateData",
    "HeatmapData",
    "IssueLevels",
    "LevelProbabilitiesData",
    "TornadoBar",
    "TornadoData",
    "agreement_rate",
    "agreement_rate_data",
    "level_probabilities",
    "level_probabilities_data",
    "level_probabilities_height",
    "sweep_heatmap",
    "sweep_heatmap_data",
    "tornado",
    "tornado_data",
    "tornado_legend",
]

Array = NDArray[np.float64]
_NO_DEAL = "#D9D9D9"


def _check(result: object) -> SweepResult:
    if not isinstance(result, SweepResult):
        raise ScenarioError(f"must be a SweepResult, found {type(result).__name__}", key="result")
    return result


def _issue_names(result: SweepResult, scenario: Scenario | None) -> list[str]:
    if scenario is None:
        return list(result.issues)
    names = {i.key: i.name for i in scenario.issues}
    return [names.get(k, k) for k in result.issues]


def _party_names(result: SweepResult, scenario: Scenario | None) -> dict[str, str]:
    if scenario is None:
        return {k: k for k in result.parties}
    names = {p.key: p.name for p in scenario.parties}
    return {k: names.get(k, k) for k in result.parties}


def _outcome(
    result: SweepResult, outcome: str | None, scenario: Scenario | None, *, issues: bool = False
) -> tuple[str, str, Array]:
    """``(key, label, per-run values)`` of an outcome; issue levels as indices (-1: none)."""
    key = result.parties[0] if outcome is None else outcome
    if key == "agreement":
        return key, "agreement rate", result.agreement.astype(np.float64)
    if key in result.parties:
        name = _party_names(result, scenario)[key]
        return (
            key,
            f"{possessive(name)} mean utility",
            result.utilities[:, result.parties.index(key)],
        )
    if issues and key in result.issues:
        i = result.issues.index(key)
        return key, _issue_names(result, scenario)[i], result.levels[:, i].astype(np.float64)
    choices = ["agreement", *result.parties, *(result.issues if issues else ())]
    raise ScenarioError(f"is not an outcome; {suggest(str(key), choices)}", key="outcome")


# --------------------------------------------------------------------------- level probabilities
@dataclass(frozen=True, slots=True)
class IssueLevels:
    """One bar of :func:`level_probabilities`: an issue's level probabilities.

    Attributes
    ----------
    key, name
        The issue.
    levels
        Level names, in order.
    probabilities, errors
        Share of runs agreeing on each level, and its Monte Carlo standard error (``None``
        without draws).
    no_agreement
        Share of runs without agreement (the bar's last segment).
    """

    key: str
    name: str
    levels: tuple[str, ...]
    probabilities: tuple[float, ...]
    errors: tuple[float, ...] | None
    no_agreement: float


@dataclass(frozen=True, slots=True)
class LevelProbabilitiesData:
    """What :func:`level_probabilities` draws: one :class:`IssueLevels` per issue."""

    scenario: str
    title: str
    issues: tuple[IssueLevels, ...]


def level_probabilities_data(
    result: SweepResult, *, scenario: Scenario | None = None
) -> LevelProbabilitiesData:
    """The probability of each level of each issue over the runs of a sweep.

    Parameters
    ----------
    result
        The sweep.
    scenario
        The swept scenario, for issue names (default: issue keys).
    """
    result = _check(result)
    summary = result.summary()
    names = _issue_names(result, scenario)
    rows = []
    for key, name, levels in zip(result.issues, names, result.level_names, strict=True):
        p = summary.level_probabilities[key]
        errors = summary.level_standard_errors
        rows.append(
            IssueLevels(
                key=key,
                name=name,
                levels=levels,
                probabilities=tuple(float(p[level]) for level in levels),
                errors=None if errors is None else tuple(float(errors[key][x]) for x in levels),
                no_agreement=1.0 - summary.agreement_rate,
            )
        )
    return LevelProbabilitiesData(
        scenario=result.scenario,
        title=f"{result.scenario}: level probabilities over {len(result):,} runs",
        issues=tuple(rows),
    )


def _text_colour(rgba: Any) -> str:
    r, g, b = (float(x) for x in tuple(rgba)[:3])
    return "#000000" if 0.299 * r + 0.587 * g + 0.114 * b > 0.5 else "#FFFFFF"


@dataclass(frozen=True, slots=True)
class _Row:
    """One row of the level-probability chart: an issue's heading, a level, or no agreement."""

    kind: str  # "heading", "level" or "none"
    text: str
    y: float
    probability: float
    error: float | None


#: Height of one line of text in the level-probability chart, in inches.
LINE = 0.15


def _rows(data: LevelProbabilitiesData, width: int) -> tuple[list[_Row], float]:
    """The chart's rows, top to bottom, and its height in lines (a row per wrapped line)."""
    rows: list[_Row] = []
    y = 0.0
    if any(row.no_agreement > 0 for row in data.issues):
        p = data.issues[0].no_agreement
        rows.append(_Row("none", "no agreement (on every issue)", y + 0.6, p, None))
        y += 1.6
    for issue in data.issues:
        heading = wrap(issue.name, int(1.25 * width))
        lines = heading.count("\n") + 1
        rows.append(_Row("heading", heading, y + 0.5 * lines + 0.3, 0.0, None))
        y += lines + 0.5
        errors = issue.errors or (None,) * len(issue.levels)
        for level, p, e in zip(issue.levels, issue.probabilities, errors, strict=True):
            text = wrap(level, width)
            lines = text.count("\n") + 1
            rows.append(_Row("level", text, y + 0.5 * lines + 0.1, p, e))
            y += lines + 0.25
        y += 0.4
    return rows, y


def level_probabilities_height(
    result: SweepResult, *, scenario: Scenario | None = None, width: int = 48
) -> float:
    """The height in inches that :func:`level_probabilities` needs to name every level.

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-nato-2022")
    >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.95]}, progress=False)
    >>> round(level_probabilities_height(r, scenario=s), 1)
    11.9
    """
    _, lines = _rows(level_probabilities_data(result, scenario=scenario), width)
    return LINE * lines + 0.9


def level_probabilities(
    result: SweepResult,
    *,
    ax: Axes | None = None,
    scenario: Scenario | None = None,
    width: int = 48,
    title: str | None = None,
    legend: bool = True,
    **style: Any,
) -> Axes:
    """Draw the probability of every level of every issue, and of no agreement, one bar each.

    Issues are headings (their names in full); under each, one row per level in order (first
    level on top), named in full (wrapped at words, never cut), with a bar for its probability
    and the probability written at the bar's end (with ± two Monte Carlo standard errors when
    the sweep has draws). The top row is the probability of no agreement, the same for every
    issue.

    Parameters
    ----------
    result, scenario
        As in :func:`level_probabilities_data`.
    ax
        Axes to draw on (default: a new figure of :func:`level_probabilities_height`).
    width
        Characters per line of a level name (issue names get a quarter more).
    title, legend
        Axes title (default: the data's title); whether to explain the error bars in a legend.
    **style
        Passed to ``barh`` (``color=``, ``edgecolor=`` ...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import level_probabilities
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, uncertainty={"nato.weights": bargain.Dirichlet(40)}, samples=200,
    ...                   rng=3, progress=False)
    >>> ax = level_probabilities(r, scenario=s)
    >>> ax.get_xlabel()
    'probability'
    """
    data = level_probabilities_data(result, scenario=scenario)
    rows, lines = _rows(data, width)
    ax = get_ax(ax, size=(8.5, LINE * lines + 0.9))
    options = {"height": 0.8, "color": OKABE_ITO["blue"], "linewidth": 0, **style}
    ticks, labels = [], []
    errors = False
    for row in rows:
        if row.kind == "heading":
            ax.text(
                0,
                row.y,
                escape(row.text),
                fontsize=8,
                fontweight="bold",
                va="center",
                linespacing=1.1,
            )
            continue
        ticks.append(row.y)
        labels.append(escape(row.text))
        if row.kind == "none":
            ax.barh(row.y, row.probability, color=_NO_DEAL, hatch="//", height=0.8, lw=0)
        elif row.probability > 0:
            ax.barh(row.y, row.probability, **options)
        text = f"{100 * row.probability:.0f}%"
        if row.error is not None and row.error > 0:
            errors = True
            ax.plot(
                [max(row.probability - 2 * row.error, 0), min(row.probability + 2 * row.error, 1)],
                [row.y, row.y],
                color="#000000",
                lw=0.8,
                marker="|",
                ms=4,
                label="±2 standard errors",
            )
            text = f"{100 * row.probability:.0f} ± {200 * row.error:.0f}%"
        ax.text(
            min(row.probability + 2 * (row.error or 0.0), 1.0) + 0.015,
            row.y,
            text,
            va="center",
            fontsize=7,
        )
    ax.set_ylim(lines, 0)
    ax.set_yticks(ticks)
    ax.set_yticklabels(labels, fontsize=7, linespacing=1.05)
    ax.set_xlim(0, 1.16)
    ax.set_xticks(np.linspace(0, 1, 6))
    ax.set_xticklabels([f"{p:.0%}" for p in np.linspace(0, 1, 6)], fontsize=7)
    ax.set_xlabel("probability")
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#E0E0E0", lw=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if legend and errors:
        handle = Line2D([], [], color="#000000", lw=0.8, marker="|", label="±2 standard errors")
        place_legend(ax, [handle], corners=("lower right", "upper right"))
    ax.set_title(escape(data.title if title is None else title), fontsize=10, loc="left")
    return ax


# --------------------------------------------------------------------------- tornado
@dataclass(frozen=True, slots=True)
class TornadoBar:
    """One parameter of the tornado.

    Attributes
    ----------
    parameter
        The parameter's path.
    low_value, high_value
        The parameter's mean value over the runs where it is lowest and highest (its smallest
        and largest grid value; or its lowest and highest of up to ten equal-count bins).
    low, high
        The outcome's mean over those runs.
    swing
        ``abs(high - low)``.
    main_effect
        The parameter's share of the deal's variance (see :meth:`SweepResult.summary`).
    kind
        ``"grid"`` (low and high are its smallest and largest grid values) or ``"draw"``
        (low and high are the means of its lowest and highest bin of draws).
    """

    parameter: str
    low_value: float
    high_value: float
    low: float
    high: float
    swing: float
    main_effect: float
    kind: str = "grid"


@dataclass(frozen=True, slots=True)
class TornadoData:
    """What :func:`tornado` draws.

    Attributes
    ----------
    outcome, label
        The outcome (``"agreement"`` or a party key) and its name in words.
    base
        The outcome's mean over all runs (the bars' centre).
    bars
        One :class:`TornadoBar` per parameter, widest swing first.
    """

    scenario: str
    outcome: str
    label: str
    base: float
    bars: tuple[TornadoBar, ...]


def tornado_data(
    result: SweepResult,
    *,
    outcome: str | None = None,
    scenario: Scenario | None = None,
    parameters: Sequence[str] | None = None,
) -> TornadoData:
    """How far an outcome moves between each parameter's low and high values.

    Parameters
    ----------
    result
        A sweep with at least one parameter.
    outcome
        ``"agreement"`` or a party key (default: the first party).
    scenario
        For party names (default: keys).
    parameters
        The parameters to show, in this order (default: every parameter, widest swing first);
        panels of several outcomes share one order this way.

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.6, 0.95],
    ...                            "russia.disagreement": [0.1, 0.4]}, progress=False)
    >>> data = tornado_data(r, outcome="agreement")
    >>> data.base, [(bar.parameter, bar.low, bar.high) for bar in data.bars]
    (0.75, [('nato.disagreement', 1.0, 0.5), ('russia.disagreement', 1.0, 0.5)])
    """
    result = _check(result)
    if not result.parameters:
        raise ScenarioError("has no swept parameter: there is nothing to rank", key="result")
    key, label, y = _outcome(result, outcome, scenario)
    effects = {s.parameter: s.main_effect for s in result.summary().sensitivity}
    out = []
    for c, (path, kind) in enumerate(zip(result.parameters, result.kinds, strict=True)):
        x = result.values[:, c]
        groups = np.unique(x, return_inverse=True)[1] if kind == "grid" else bins(x)
        lo, hi = groups == groups.min(), groups == groups.max()
        low, high = float(y[lo].mean()), float(y[hi].mean())
        out.append(
            TornadoBar(
                parameter=path,
                low_value=float(x[lo][0] if kind == "grid" else x[lo].mean()),
                high_value=float(x[hi][0] if kind == "grid" else x[hi].mean()),
                low=low,
                high=high,
                swing=abs(high - low),
                main_effect=effects.get(path, 0.0),
                kind=kind,
            )
        )
    out.sort(key=lambda b: (-b.swing, -b.main_effect, b.parameter))
    if parameters is not None:
        by_name = {b.parameter: b for b in out}
        for path in parameters:
            if path not in by_name:
                raise ScenarioError(
                    f"is not a swept parameter; {suggest(str(path), result.parameters)}",
                    key="parameters",
                )
        out = [by_name[path] for path in parameters]
    return TornadoData(
        scenario=result.scenario,
        outcome=key,
        label=label,
        base=float(y.mean()),
        bars=tuple(out),
    )


def tornado(
    result: SweepResult,
    *,
    ax: Axes | None = None,
    outcome: str | None = None,
    scenario: Scenario | None = None,
    parameters: Sequence[str] | None = None,
    top: int = 12,
    legend: bool = True,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw a tornado chart: the outcome at each parameter's low and high values.

    Each parameter is a row, widest swing on top, with two bars from the mean over all runs
    (the black line): to the outcome's mean over the runs where the parameter is low (sky
    blue, upper bar) and where it is high (orange, lower bar). Each bar's end says what low or
    high is: the parameter's value there (its smallest or largest grid value; for drawn
    parameters, the mean of its lowest or highest bin of draws: up to ten equal-count bins).

    Parameters
    ----------
    result, outcome, scenario, parameters
        As in :func:`tornado_data`.
    ax
        Axes to draw on (default: a new figure).
    top
        Show at most this many parameters.
    legend
        Draw the legend (in a corner free of bars, or below the axes).
    title
        Axes title.
    **style
        Passed to ``barh``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import tornado
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, uncertainty={"*.disagreement": bargain.Uniform(0.1, 0.8)},
    ...                   samples=300, rng=2, progress=False)
    >>> ax = tornado(r, scenario=s)
    >>> ax.get_xlabel(), [t.get_text() for t in ax.texts][:2]
    ("Russia's mean utility", ['low 0.168', 'high 0.736'])
    """
    data = tornado_data(result, outcome=outcome, scenario=scenario, parameters=parameters)
    bars = data.bars[:top]
    ax = get_ax(ax, size=(7.0, 0.5 * len(bars) + 1.6))
    _draw_tornado(ax, data, bars, dict(style))
    if legend:
        place_legend(
            ax, tornado_legend(bars), corners=("lower right", "lower left"), outside="below"
        )
    head = f"{data.scenario}: what moves {data.label}"
    ax.set_title(escape(head if title is None else title), fontsize=10, loc="left")
    return ax


_LOW, _HIGH = OKABE_ITO["sky blue"], OKABE_ITO["orange"]


def tornado_legend(bars: Sequence[TornadoBar]) -> list[Artist]:
    """The legend entries of a tornado of `bars`: what low and high mean, and the mean line."""
    kinds = {bar.kind for bar in bars}
    low, high = [], []
    if "grid" in kinds:
        low.append("its smallest grid value")
        high.append("its largest grid value")
    if "draw" in kinds:
        low.append("its lowest draws (bottom bin, value = their mean)")
        high.append("its highest draws (top bin, value = their mean)")
    return [
        Patch(color=_LOW, label=f"parameter low: {' / '.join(low)}"),
        Patch(color=_HIGH, label=f"parameter high: {' / '.join(high)}"),
        Line2D([], [], color="#000000", lw=0.8, label="mean over all runs"),
    ]


def _draw_tornado(
    ax: Axes, data: TornadoData, bars: Sequence[TornadoBar], style: dict[str, Any]
) -> None:
    ys = np.arange(len(bars))[::-1]
    options = {"height": 0.34, **style}
    labels = tornado_legend(bars)
    for y, bar in zip(ys, bars, strict=True):
        for dy, which, value, end, colour, label in (
            (0.18, "low", bar.low_value, bar.low, _LOW, labels[0].get_label()),
            (-0.18, "high", bar.high_value, bar.high, _HIGH, labels[1].get_label()),
        ):
            for patch in ax.barh(y + dy, end - data.base, left=data.base, color=colour, **options):
                patch.set_label(label)
            right = end >= data.base
            ax.annotate(
                f"{which} {value:.3g}",
                (end, y + dy),
                xytext=(3 if right else -3, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=6.5,
            )
    ax.axvline(data.base, color="#000000", lw=0.8, label="mean over all runs")
    ax.set_yticks(ys)
    ax.set_yticklabels([escape(b.parameter) for b in bars], fontsize=8)
    ax.set_ylim(-0.8, len(bars) - 0.4)
    ax.set_xlabel(escape(data.label))
    lows = [min(b.low, b.high, data.base) for b in bars]
    highs = [max(b.low, b.high, data.base) for b in bars]
    span = max(highs) - min(lows)
    # a flat outcome still gets a readable window around its mean
    pad = 0.3 * span if span > 1e-12 else 0.05 * max(abs(data.base), 1.0)
    ax.set_xlim(min(lows) - pad, max(highs) + pad)
    ax.ticklabel_format(axis="x", useOffset=False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)


# --------------------------------------------------------------------------- grids
def _axis_parameters(result: SweepResult, axis: int) -> list[str]:
    return [p for p, a in zip(result.parameters, result.axes, strict=True) if a == axis]


def _axis_of(result: SweepResult, path: str | None, taken: int | None) -> int:
    if path is None:
        free = [a for a in range(len(result.grid_shape)) if a != taken]
        return free[0]
    if path not in result.parameters:
        raise ScenarioError(
            f"is not a swept parameter; {suggest(str(path), result.parameters)}", key=repr(path)
        )
    axis = result.axes[result.parameters.index(path)]
    if axis < 0:
        raise ScenarioError("is drawn at random, not on the grid", key=repr(path))
    return axis


def _axis_values(result: SweepResult, axis: int) -> tuple[str, Array, list[str]]:
    """The label, numeric positions and tick labels of one grid axis."""
    names = _axis_parameters(result, axis)
    n_samples = max(result.samples, 1)
    shape = (*result.grid_shape, n_samples)
    first = result.parameters.index(names[0])
    grid = result.values[:, first].reshape(shape)
    index = [0] * len(shape)
    index[axis] = slice(None)  # type: ignore[call-overload]
    values = np.asarray(grid[tuple(index)], dtype=np.float64)
    if len(names) == 1:
        return names[0], values, [f"{v:.3g}" for v in values]
    common = names[0].rsplit(".", 1)[0]
    label = f"{common} (vector of {len(names)})"
    n = result.grid_shape[axis]
    return label, np.arange(n, dtype=np.float64), [f"#{j + 1}" for j in range(n)]


def _per_grid_point(result: SweepResult, y: Array) -> Array:
    n_samples = max(result.samples, 1)
    out: Array = y.reshape(*result.grid_shape, n_samples).mean(axis=-1)
    return out


@dataclass(frozen=True, slots=True)
class AgreementRateData:
    """What :func:`agreement_rate` draws.

    Attributes
    ----------
    parameter
        The grid axis (its parameter's path).
    x, ticks
        The grid values and their labels.
    rate
        The agreement rate at each grid value (over the draws and the other grid axes).
    error
        Its Monte Carlo standard error (``None`` without draws).
    """

    scenario: str
    parameter: str
    x: Array
    ticks: tuple[str, ...]
    rate: Array
    error: Array | None


def agreement_rate_data(result: SweepResult, *, parameter: str | None = None) -> AgreementRateData:
    """The agreement rate along one grid axis of a sweep.

    Parameters
    ----------
    result
        A sweep with a grid.
    parameter
        The grid parameter on the x axis (default: the first grid axis); others are averaged.
    """
    result = _check(result)
    if not result.grid_shape:
        raise ScenarioError("has no grid: an agreement rate along a grid needs one", key="result")
    axis = _axis_of(result, parameter, None)
    label, x, ticks = _axis_values(result, axis)
    per_point = _per_grid_point(result, result.agreement.astype(np.float64))
    others = tuple(a for a in range(per_point.ndim) if a != axis)
    rate = per_point.mean(axis=others) if others else per_point
    error = None
    if result.samples >= 2:
        n = result.samples * int(np.prod([result.grid_shape[a] for a in others]))
        error = np.sqrt(rate * (1 - rate) / max(n - 1, 1))
    return AgreementRateData(
        scenario=result.scenario,
        parameter=label,
        x=x,
        ticks=tuple(ticks),
        rate=np.asarray(rate, dtype=np.float64),
        error=error,
    )


def agreement_rate(
    result: SweepResult,
    *,
    ax: Axes | None = None,
    parameter: str | None = None,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw the agreement rate along one grid axis (a band of ±2 standard errors with draws).

    Parameters
    ----------
    result, parameter
        As in :func:`agreement_rate_data`.
    ax
        Axes to draw on (default: a new figure).
    title
        Axes title.
    **style
        Passed to ``plot``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain, numpy as np
    >>> from bargain.plot import agreement_rate
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, grid={"nato.disagreement": np.linspace(0.6, 0.95, 8)},
    ...                   progress=False)
    >>> agreement_rate(r).get_ylabel()
    'agreement rate'
    """
    data = agreement_rate_data(result, parameter=parameter)
    ax = get_ax(ax, size=(6.4, 3.6))
    colour = OKABE_ITO["blue"]
    options = {"color": colour, "marker": "o", "ms": 4, **style}
    ax.plot(data.x, data.rate, **options)
    if len(data.x) <= 12:
        ax.set_xticks(data.x)
        ax.set_xticklabels(data.ticks, fontsize=8)
    ax.set_ylim(-0.03, 1.03)
    if data.error is not None and bool((data.error > 0).any()):
        band = ax.fill_between(
            data.x,
            np.clip(data.rate - 2 * data.error, 0, 1),
            np.clip(data.rate + 2 * data.error, 0, 1),
            color=options["color"],
            alpha=0.2,
            lw=0,
            label="±2 standard errors",
        )
        place_legend(ax, [band])
    ax.set_xlabel(escape(data.parameter))
    ax.set_ylabel("agreement rate")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    head = f"{data.scenario}: agreement along {data.parameter}"
    ax.set_title(escape(head if title is None else title), fontsize=10, loc="left")
    return ax


@dataclass(frozen=True, slots=True)
class HeatmapData:
    """What :func:`sweep_heatmap` draws.

    Attributes
    ----------
    outcome, label
        The outcome and its name in words.
    x_parameter, y_parameter
        The two grid axes (their parameters' paths).
    x, y, x_ticks, y_ticks
        The grid values and their labels.
    z
        ``(len(y), len(x))``: the agreement rate, a party's mean utility, or an issue's most
        frequent agreed level (its index; NaN where no run agrees).
    levels
        For an issue outcome, its level names (the colour bar's ticks); else empty.
    """

    scenario: str
    outcome: str
    label: str
    x_parameter: str
    y_parameter: str
    x: Array
    y: Array
    x_ticks: tuple[str, ...]
    y_ticks: tuple[str, ...]
    z: Array
    levels: tuple[str, ...]


def sweep_heatmap_data(
    result: SweepResult,
    *,
    outcome: str = "agreement",
    x: str | None = None,
    y: str | None = None,
    scenario: Scenario | None = None,
) -> HeatmapData:
    """An outcome over two grid axes (others, and the draws, averaged; modal level for issues).

    Parameters
    ----------
    result
        A sweep with at least two grid axes.
    outcome
        ``"agreement"``, a party key or an issue key.
    x, y
        The grid parameters on the axes (default: the first two grid axes).
    scenario
        For party and issue names.

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.6, 0.95],
    ...                            "russia.disagreement": [0.1, 0.2, 0.3]}, progress=False)
    >>> data = sweep_heatmap_data(r)
    >>> data.x_parameter, data.y_parameter, data.z.tolist()
    ('nato.disagreement', 'russia.disagreement', [[1.0, 1.0], [1.0, 0.0], [1.0, 0.0]])
    """
    result = _check(result)
    if len(result.grid_shape) < 2:
        raise ScenarioError(
            f"has {len(result.grid_shape)} grid axis, a heat map needs two", key="result"
        )
    ax_x = _axis_of(result, x, None)
    ax_y = _axis_of(result, y, ax_x)
    if ax_x == ax_y:
        raise ScenarioError("and y are on the same grid axis", key="x")
    key, label, values = _outcome(result, outcome, scenario, issues=True)
    n_samples = max(result.samples, 1)
    cube = values.reshape(*result.grid_shape, n_samples)
    cube = np.moveaxis(cube, [ax_y, ax_x], [0, 1])
    cube = cube.reshape(cube.shape[0], cube.shape[1], -1)
    level_names: tuple[str, ...] = ()
    if key in result.issues and key != "agreement":
        i = result.issues.index(key)
        level_names = result.level_names[i]
        counts = np.stack([(cube == j).sum(axis=-1) for j in range(len(level_names))], axis=-1)
        z = np.where(counts.sum(axis=-1) > 0, counts.argmax(axis=-1), np.nan).astype(np.float64)
        label = f"{label}: most frequent level"
    else:
        z = cube.mean(axis=-1)
    x_label, x_values, x_ticks = _axis_values(result, ax_x)
    y_label, y_values, y_ticks = _axis_values(result, ax_y)
    return HeatmapData(
        scenario=result.scenario,
        outcome=key,
        label=label,
        x_parameter=x_label,
        y_parameter=y_label,
        x=x_values,
        y=y_values,
        x_ticks=tuple(x_ticks),
        y_ticks=tuple(y_ticks),
        z=z,
        levels=level_names,
    )


def sweep_heatmap(
    result: SweepResult,
    *,
    ax: Axes | None = None,
    outcome: str = "agreement",
    x: str | None = None,
    y: str | None = None,
    scenario: Scenario | None = None,
    annotate: bool | None = None,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw an outcome over a two-parameter grid as a heat map with a colour bar.

    Parameters
    ----------
    result, outcome, x, y, scenario
        As in :func:`sweep_heatmap_data`.
    ax
        Axes to draw on (default: a new figure).
    annotate
        Write each cell's value (default: for numbers, when the grid has at most 12 x 12
        cells; for an issue, when asked, each cell's level number, named on the colour bar).
    title
        Axes title.
    **style
        Passed to ``imshow`` (``cmap=`` ...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import sweep_heatmap
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.6, 0.8, 0.95],
    ...                            "russia.disagreement": [0.1, 0.3]}, progress=False)
    >>> sweep_heatmap(r, outcome="missiles", scenario=s).get_xlabel()
    'nato.disagreement'
    """
    data = sweep_heatmap_data(result, outcome=outcome, x=x, y=y, scenario=scenario)
    ax = get_ax(ax, size=(7.0, 5.0))
    z = np.ma.masked_invalid(data.z)
    categorical = bool(data.levels)
    cmap = mpl.colormaps[style.pop("cmap", SEQUENTIAL_CMAP)]
    if categorical:
        k = len(data.levels)
        cmap = cmap.resampled(k)
        options = {"vmin": -0.5, "vmax": k - 0.5, **style}
    else:
        options = {"vmin": 0.0, "vmax": 1.0, **style} if data.outcome == "agreement" else style
    image = ax.imshow(z, origin="lower", aspect="auto", cmap=cmap, **options)
    bar = ax.figure.colorbar(image, ax=ax)
    if not categorical:
        bar.set_label(escape(wrap(data.label, 50)), fontsize=8)
    if np.isnan(data.z).any():
        ax.set_facecolor(_NO_DEAL)
        ax.legend(
            handles=[Patch(facecolor=_NO_DEAL, label="no agreement")],
            fontsize=7,
            loc="upper left",
            bbox_to_anchor=(0.0, -0.12),
            frameon=False,
        )
    if categorical:
        bar.set_ticks(list(range(len(data.levels))))
        bar.set_ticklabels(
            [escape(f"{j + 1}: {wrap(level, 34)}") for j, level in enumerate(data.levels)],
            fontsize=7,
            linespacing=1.05,
        )
    ny, nx = data.z.shape
    ax.set_xticks(range(nx))
    ax.set_xticklabels(data.x_ticks, fontsize=7, rotation=45 if nx > 8 else 0)
    ax.set_yticks(range(ny))
    ax.set_yticklabels(data.y_ticks, fontsize=7)
    ax.set_xlabel(escape(data.x_parameter))
    ax.set_ylabel(escape(data.y_parameter))
    if annotate if annotate is not None else (nx * ny <= 144 and not categorical):
        for (r, c), v in np.ndenumerate(data.z):
            if np.isnan(v):
                text = "none"
            elif categorical:
                text = str(int(v) + 1)  # the level's number, named on the colour bar
            else:
                text = f"{v:.2f}"
            rgba = image.to_rgba(np.array([v]))[0] if not np.isnan(v) else (1.0, 1.0, 1.0)
            ax.text(c, r, text, ha="center", va="center", fontsize=6, color=_text_colour(rgba))
    head = f"{data.scenario}: {data.label}"
    ax.set_title(escape(wrap(head, 70) if title is None else title), fontsize=10, loc="left")
    return ax
