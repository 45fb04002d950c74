"""What decides each outcome of a sweep: tornado charts of Sobol indices, one per issue.

- :func:`sobol_tornado`: for one outcome (an issue, ``"agreement"`` or a party's utility), each
  swept parameter's total-order index (a light bar) with its first-order index inside it (a dark
  bar), the strongest on top. See :mod:`bargain.sweeps.sensitivity` for the indices.
- :func:`sobol_tornadoes`: a figure with one such tornado per issue.

Examples
--------
>>> import bargain
>>> from bargain.plot import sobol_tornado_data
>>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
>>> r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.7, 0.95],
...                            "russia.discount": [0.5, 0.9]}, progress=False)
>>> data = sobol_tornado_data(r, "missiles", scenario=s)
>>> data.title
'What decides Article 5: no land-based intermediate- and short-range missiles adjacent to...'
>>> [(b.parameter, b.first_order, b.total_order) for b in data.bars]
[('nato.disagreement', 1.0, 1.0), ('russia.discount', 0.0, 0.0)]
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from bargain.errors import ScenarioError
from bargain.model.scenario import Scenario
from bargain.plot._common import escape, get_ax, place_legend, possessive, wrap
from bargain.plot.palette import OKABE_ITO
from bargain.sweeps.result import SweepResult, SweepSummary

__all__ = [
    "SobolBar",
    "SobolTornadoData",
    "sobol_legend",
    "sobol_tornado",
    "sobol_tornado_data",
    "sobol_tornadoes",
]


@dataclass(frozen=True, slots=True)
class SobolBar:
    """One parameter of a Sobol tornado.

    Attributes
    ----------
    parameter
        The parameter's path (or the common path of a vector factor).
    first_order, total_order
        Its Sobol indices for the outcome (``total_order`` is ``None`` when the sweep's design
        cannot estimate it).
    """

    parameter: str
    first_order: float
    total_order: float | None


@dataclass(frozen=True, slots=True)
class SobolTornadoData:
    """What :func:`sobol_tornado` draws.

    Attributes
    ----------
    scenario, output
        The scenario's name and the outcome (an issue key, ``"agreement"``, ``"utility.<party>"``).
    title
        ``"What decides <outcome in words>"``.
    bars
        The parameters, strongest first (by first order, then total order), at most `top`.
    hidden
        How many weaker parameters were left out.
    """

    scenario: str
    output: str
    title: str
    bars: tuple[SobolBar, ...]
    hidden: int


def _summary(result: object) -> SweepSummary:
    if isinstance(result, SweepSummary):
        return result
    if isinstance(result, SweepResult):
        return result.summary()
    raise ScenarioError(
        f"must be a SweepResult or a SweepSummary, found {type(result).__name__}", key="result"
    )


def _output_name(output: str, scenario: Scenario | None) -> str:
    if scenario is not None:
        issues = {i.key: i.name for i in scenario.issues}
        parties = {p.key: p.name for p in scenario.parties}
        if output in issues:
            return issues[output]
        if output.startswith("utility.") and output[8:] in parties:
            return f"{possessive(parties[output[8:]])} utility"
    if output == "agreement":
        return "the agreement"
    return output


def sobol_tornado_data(
    result: SweepResult | SweepSummary,
    output: str,
    *,
    scenario: Scenario | None = None,
    top: int = 10,
) -> SobolTornadoData:
    """The Sobol indices of every swept parameter for one outcome, strongest first.

    Parameters
    ----------
    result
        A sweep with at least one parameter, or its summary (to avoid computing it again).
    output
        An issue key, ``"agreement"`` or ``"utility.<party>"`` (a bare party key works too).
    scenario
        For issue and party names in the title (default: keys).
    top
        Keep at most this many parameters.

    Returns
    -------
    SobolTornadoData

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.97]}, progress=False)
    >>> sobol_tornado_data(r, "nato").bars[0].first_order
    1.0
    """
    summary = _summary(result)
    if not summary.indices:
        raise ScenarioError("has no swept parameter: there is nothing to rank", key="result")
    drivers = summary.drivers(output)
    key = drivers[0].output
    bars = tuple(SobolBar(d.parameter, d.first_order, d.total_order) for d in drivers[:top])
    return SobolTornadoData(
        scenario=summary.scenario,
        output=key,
        title=f"What decides {_output_name(key, scenario)}",
        bars=bars,
        hidden=max(0, len(drivers) - top),
    )


def sobol_tornado(
    result: SweepResult | SweepSummary,
    output: str,
    *,
    ax: Axes | None = None,
    scenario: Scenario | None = None,
    top: int = 10,
    title: str | None = None,
    legend: bool = True,
    width: int = 70,
    **style: Any,
) -> Axes:
    """Draw what decides one outcome: total-order (light) and first-order (dark) Sobol indices.

    Parameters
    ----------
    result, output, scenario, top
        As in :func:`sobol_tornado_data`.
    ax
        Axes to draw on (default: a new figure).
    title
        Axes title (default: ``"What decides <outcome>"``).
    legend
        Draw the legend (in a corner free of bars, or outside on the right).
    width
        Characters per line of the title (wrapped at words).
    **style
        Passed to ``barh``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import sobol_tornado
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.97]}, progress=False)
    >>> sobol_tornado(r, "missiles", scenario=s).get_xlabel()
    "share of the outcome's variance"
    """
    data = sobol_tornado_data(result, output, scenario=scenario, top=top)
    bars = data.bars
    ax = get_ax(ax, size=(6.0, 0.4 * len(bars) + 1.4))
    ys = np.arange(len(bars))[::-1]
    light, dark = OKABE_ITO["sky blue"], OKABE_ITO["blue"]
    total, first = (str(h.get_label()) for h in _legend_entries(True))
    for y, bar in zip(ys, bars, strict=True):
        if bar.total_order is not None:
            for patch in ax.barh(y, bar.total_order, height=0.7, color=light, **style):
                patch.set_label(total)  # named as in the legend
        for patch in ax.barh(y, bar.first_order, height=0.38, color=dark, **style):
            patch.set_label(first)
        end = max(bar.first_order, bar.total_order or 0.0)
        label = f"{bar.first_order:.2f}"
        if bar.total_order is not None:
            label += f" / {bar.total_order:.2f}"
        ax.annotate(
            label,
            (end, y),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
        )
    ax.set_yticks(ys)
    ax.set_yticklabels([escape(wrap(b.parameter, 34)) for b in bars], fontsize=8)
    ax.set_xlim(0.0, 1.15)
    ax.set_xlabel("share of the outcome's variance")
    if legend:
        place_legend(ax, handles=sobol_legend(data), fontsize=7)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    head = data.title if title is None else title
    if data.hidden:
        head += f" ({data.hidden} weaker parameters not shown)"
    ax.set_title(escape(wrap(head, width)), fontsize=10, loc="left")
    return ax


def sobol_legend(data: SobolTornadoData) -> list[Patch]:
    """The legend entries of a Sobol tornado: first order, and total order when estimated.

    Parameters
    ----------
    data
        What the tornado draws (:func:`sobol_tornado_data`).

    Returns
    -------
    list of matplotlib.patches.Patch
        One patch per kind of bar, labelled as the bars are.

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.97]}, progress=False)
    >>> [h.get_label() for h in sobol_legend(sobol_tornado_data(r, "nato"))]
    ['total order (with interactions)', 'first order (alone)']
    """
    return _legend_entries(any(b.total_order is not None for b in data.bars))


def _legend_entries(total: bool) -> list[Patch]:
    first = Patch(color=OKABE_ITO["blue"], label="first order (alone)")
    if not total:
        return [first]
    return [Patch(color=OKABE_ITO["sky blue"], label="total order (with interactions)"), first]


def sobol_tornadoes(
    result: SweepResult | SweepSummary,
    *,
    scenario: Scenario | None = None,
    outputs: list[str] | None = None,
    top: int = 5,
    columns: int = 2,
) -> Figure:
    """A figure with one :func:`sobol_tornado` per issue (or per outcome of `outputs`).

    The panels share one legend, under them.

    Parameters
    ----------
    result, scenario
        As in :func:`sobol_tornado_data`.
    outputs
        The outcomes to draw (default: every issue).
    top
        Parameters per tornado.
    columns
        Panels per row.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import sobol_tornadoes
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.97]}, progress=False)
    >>> len(sobol_tornadoes(r, scenario=s).axes)
    8
    """
    summary = _summary(result)
    chosen = (
        list(outputs)
        if outputs is not None
        else [o for o in summary.outputs if o != "agreement" and not o.startswith("utility.")]
    )
    rows = max(1, math.ceil(len(chosen) / columns))
    n_bars = min(top, len({i.parameter for i in summary.indices}) or 1)
    fig, axes = plt.subplots(
        rows,
        columns,
        figsize=(6.0 * columns, (0.35 * n_bars + 1.3) * rows),
        layout="constrained",
        squeeze=False,
    )
    flat = axes.ravel()
    entries: dict[str, Patch] = {}
    for ax, output in zip(flat, chosen, strict=False):
        sobol_tornado(summary, output, ax=ax, scenario=scenario, top=top, legend=False, width=48)
        data = sobol_tornado_data(summary, output, scenario=scenario, top=top)
        entries.update({str(h.get_label()): h for h in sobol_legend(data)})
    for ax in flat[len(chosen) :]:
        fig.delaxes(ax)
    # one legend for every panel, under them
    fig.legend(
        handles=list(entries.values()),
        loc="outside lower center",
        ncols=len(entries),
        fontsize=8,
        frameon=False,
    )
    return fig
