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
>>> data.issues[5].levels[0], data.issues[5].probabilities[0], data.issues[5].no_agreement
('rejected: open door reaffirmed', 0.6666666666666666, 0.3333333333333333)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib as mpl
import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Patch
from numpy.typing import NDArray

from bargain._checks import suggest
from bargain.errors import ScenarioError
from bargain.model.scenario import Scenario
from bargain.plot._common import get_ax, possessive, shorten
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
    "sweep_heatmap",
    "sweep_heatmap_data",
    "tornado",
    "tornado_data",
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


def level_probabilities(
    result: SweepResult,
    *,
    ax: Axes | None = None,
    scenario: Scenario | None = None,
    min_label: float = 0.14,
    width: int = 30,
    title: str | None = None,
    legend: bool = True,
    **style: Any,
) -> Axes:
    """Draw one stacked bar per issue: the probability of each of its levels, and of no deal.

    Segments are coloured by level rank (``cividis``: first level dark, last light) and named
    in words when at least `min_label` wide.

    Parameters
    ----------
    result, scenario
        As in :func:`level_probabilities_data`.
    ax
        Axes to draw on (default: a new figure).
    min_label
        Smallest probability whose segment carries the level's name.
    width
        Characters of a level name shown in a segment (the rest is cut with an ellipsis).
    title, legend
        Axes title (default: the data's title) and whether to draw the legend.
    **style
        Passed to ``barh`` (``height=``, ``edgecolor=`` ...).

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
    n = len(data.issues)
    ax = get_ax(ax, size=(10.0, 0.55 * n + 1.5))
    cmap = mpl.colormaps[SEQUENTIAL_CMAP]
    options = {"height": 0.7, "edgecolor": "white", "linewidth": 0.6, **style}
    ys = np.arange(n)[::-1]
    for y, row in zip(ys, data.issues, strict=True):
        left = 0.0
        k = len(row.levels)
        for j, (level, p) in enumerate(zip(row.levels, row.probabilities, strict=True)):
            colour = cmap(0.1 + 0.85 * j / max(k - 1, 1))
            if p > 0:
                ax.barh(y, p, left=left, color=colour, **options)
            if p >= min_label:
                ax.text(
                    left + p / 2,
                    y,
                    shorten(level, max(6, min(width, int(p * 95)))),
                    ha="center",
                    va="center",
                    fontsize=7,
                    color=_text_colour(colour),
                )
            left += p
        if row.no_agreement > 0:
            ax.barh(y, row.no_agreement, left=left, color=_NO_DEAL, hatch="//", **options)
    ax.set_yticks(ys)
    ax.set_yticklabels([shorten(r.name, 42) for r in data.issues], fontsize=8)
    ax.set_xlim(0, 1)
    ax.set_xlabel("probability")
    ax.tick_params(axis="y", length=0)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    if legend:
        handles = [
            Patch(color=cmap(0.1), label="first level"),
            Patch(color=cmap(0.525), label="middle levels"),
            Patch(color=cmap(0.95), label="last level"),
            Patch(facecolor=_NO_DEAL, hatch="//", label="no agreement"),
        ]
        ax.legend(
            handles=handles,
            ncols=4,
            fontsize=7,
            loc="upper center",
            bbox_to_anchor=(0.5, -0.12 if n > 3 else -0.25),
            frameon=False,
        )
    ax.set_title(data.title if title is None else title, fontsize=10, loc="left")
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
    """

    parameter: str
    low_value: float
    high_value: float
    low: float
    high: float
    swing: float
    main_effect: float


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
    result: SweepResult, *, outcome: str | None = None, scenario: Scenario | None = None
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
            )
        )
    out.sort(key=lambda b: (-b.swing, -b.main_effect, b.parameter))
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
    top: int = 12,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw a tornado chart: the outcome at each parameter's low and high values.

    Each parameter is a row, widest swing on top, with two bars from the overall mean: to the
    outcome at the parameter's low values (sky blue, upper) and at its high values (orange,
    lower); the parameter's values are written at the bar ends.

    Parameters
    ----------
    result, outcome, scenario
        As in :func:`tornado_data`.
    ax
        Axes to draw on (default: a new figure).
    top
        Show at most this many parameters.
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
    >>> tornado(r, scenario=s).get_xlabel()
    "Russia's mean utility"
    """
    data = tornado_data(result, outcome=outcome, scenario=scenario)
    bars = data.bars[:top]
    ax = get_ax(ax, size=(7.0, 0.45 * len(bars) + 1.5))
    ys = np.arange(len(bars))[::-1]
    options = {"height": 0.34, **style}
    low_c, high_c = OKABE_ITO["sky blue"], OKABE_ITO["orange"]
    for y, bar in zip(ys, bars, strict=True):
        for dy, value, end, colour in (
            (0.17, bar.low_value, bar.low, low_c),
            (-0.17, bar.high_value, bar.high, high_c),
        ):
            ax.barh(y + dy, end - data.base, left=data.base, color=colour, **options)
            right = end >= data.base
            ax.annotate(
                f"{value:.3g}",
                (end, y + dy),
                xytext=(3 if right else -3, 0),
                textcoords="offset points",
                ha="left" if right else "right",
                va="center",
                fontsize=6.5,
            )
    ax.axvline(data.base, color="#000000", lw=0.8)
    ax.set_yticks(ys)
    ax.set_yticklabels([b.parameter for b in bars], fontsize=8)
    ax.set_xlabel(data.label)
    lows = [min(b.low, b.high, data.base) for b in bars]
    highs = [max(b.low, b.high, data.base) for b in bars]
    pad = 0.15 * max(max(highs) - min(lows), 1e-6)
    ax.set_xlim(min(lows) - pad, max(highs) + pad)
    ax.legend(
        handles=[
            Patch(color=low_c, label="parameter low"),
            Patch(color=high_c, label="parameter high"),
        ],
        fontsize=7,
        loc="lower right",
    )
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    head = f"{data.scenario}: what moves {data.label}"
    ax.set_title(head if title is None else title, fontsize=10, loc="left")
    return ax


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
    if data.error is not None:
        ax.fill_between(
            data.x,
            np.clip(data.rate - 2 * data.error, 0, 1),
            np.clip(data.rate + 2 * data.error, 0, 1),
            color=options["color"],
            alpha=0.2,
            lw=0,
            label="±2 standard errors",
        )
        ax.legend(fontsize=7)
    if len(data.x) <= 12:
        ax.set_xticks(data.x)
        ax.set_xticklabels(data.ticks, fontsize=8)
    ax.set_ylim(-0.03, 1.03)
    ax.set_xlabel(data.parameter)
    ax.set_ylabel("agreement rate")
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    head = f"{data.scenario}: agreement along {data.parameter}"
    ax.set_title(head if title is None else title, fontsize=10, loc="left")
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
        cells; never for levels, which the colour bar names).
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
        bar.set_label(shorten(data.label, 60), fontsize=8)
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
        bar.set_ticklabels([shorten(level, 30) for level in data.levels], fontsize=7)
    ny, nx = data.z.shape
    ax.set_xticks(range(nx))
    ax.set_xticklabels(data.x_ticks, fontsize=7, rotation=45 if nx > 8 else 0)
    ax.set_yticks(range(ny))
    ax.set_yticklabels(data.y_ticks, fontsize=7)
    ax.set_xlabel(data.x_parameter)
    ax.set_ylabel(data.y_parameter)
    if annotate if annotate is not None else (nx * ny <= 144 and not categorical):
        for (r, c), v in np.ndenumerate(data.z):
            if np.isnan(v):
                text = "none"
            elif categorical:
                text = shorten(data.levels[int(v)], 12)
            else:
                text = f"{v:.2f}"
            rgba = image.to_rgba(np.array([v]))[0] if not np.isnan(v) else (1.0, 1.0, 1.0)
            ax.text(c, r, text, ha="center", va="center", fontsize=6, color=_text_colour(rgba))
    head = f"{data.scenario}: {data.label}"
    ax.set_title(shorten(head, 70) if title is None else title, fontsize=10, loc="left")
    return ax
