"""The deal card: the agreed level of each issue against its range, and each party's gain.

Examples
--------
>>> import bargain
>>> from bargain.plot import deal_card_data
>>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
>>> card = deal_card_data(bargain.solve(talks), scenario=talks)
>>> card.issues[4].name[:10], card.issues[4].agreed, card.issues[4].position
('Article 5:', 'verified mutual moratorium in agreed zones', 0.6666666666666666)
>>> card.parties, [round(g, 3) for g in card.gains]
(('Russia', 'NATO'), [0.105, 0.07])
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from mpl_toolkits.axes_grid1 import make_axes_locatable

from bargain.errors import ScenarioError
from bargain.model.scenario import Scenario
from bargain.plot._common import escape, wrap
from bargain.plot.palette import METHOD_STYLE, OKABE_ITO, party_colour
from bargain.solutions.result import Solution

__all__ = ["DealCardData", "IssueRow", "deal_card", "deal_card_data"]


@dataclass(frozen=True, slots=True)
class IssueRow:
    """One issue of the card.

    Attributes
    ----------
    key, name
        The issue.
    levels
        Its level names, in order.
    index, agreed
        The agreed level (the most probable deal's for a lottery): index and name.
    position
        ``index / (n_levels - 1)``: where the agreed level sits in the issue's range, 0 to 1.
    alternatives
        For a lottery: ``(level index, probability)`` of each other level the lottery may give.
    """

    key: str
    name: str
    levels: tuple[str, ...]
    index: int
    agreed: str
    position: float
    alternatives: tuple[tuple[int, float], ...]


@dataclass(frozen=True, slots=True)
class DealCardData:
    """What :func:`deal_card` draws.

    Attributes
    ----------
    scenario, method
        As in the solution.
    title
        A headline in words.
    issues
        One :class:`IssueRow` per issue, in scenario order.
    party_keys, parties
        Party keys and names.
    gains, utilities, disagreement
        Per party, in scenario order.
    best
        Per party, its utility of its own best deal (each party's scale on the card runs from
        its disagreement utility to this).
    probability
        The probability of the deal shown (1 for a pure deal).
    """

    scenario: str
    method: str
    title: str
    issues: tuple[IssueRow, ...]
    party_keys: tuple[str, ...]
    parties: tuple[str, ...]
    gains: tuple[float, ...]
    utilities: tuple[float, ...]
    disagreement: tuple[float, ...]
    best: tuple[float, ...]
    probability: float


def deal_card_data(solution: Solution, *, scenario: Scenario) -> DealCardData:
    """The agreed level of every issue and every party's gain, from a solution.

    Parameters
    ----------
    solution
        A solution with an agreement (``solution.agreement``).
    scenario
        The scenario it solves (for issue names, levels and party names).

    Raises
    ------
    ScenarioError
        Without an agreement, or when the solution is not of this scenario.
    """
    if not isinstance(solution, Solution):
        raise ScenarioError(f"must be a Solution, found {type(solution).__name__}", key="solution")
    if solution.scenario != scenario.name or set(solution.utilities) != set(scenario.party_keys):
        raise ScenarioError(
            f"solves {solution.scenario!r}, not the scenario given ({scenario.name!r})",
            key="solution",
        )
    if not solution.agreement or solution.levels is None:
        raise ScenarioError(
            "has no agreement: there is no deal to show (talks fail, every party gets its "
            "disagreement utility)",
            key="solution",
        )
    levels = solution.levels
    lottery = solution.lottery
    rows = []
    for i, issue in enumerate(scenario.issues):
        j = int(levels[i])
        others: dict[int, float] = {}
        if lottery is not None:
            for deal, p in zip(lottery.levels, lottery.probabilities, strict=True):
                if deal[i] != j:
                    others[int(deal[i])] = others.get(int(deal[i]), 0.0) + float(p)
        rows.append(
            IssueRow(
                key=issue.key,
                name=issue.name,
                levels=issue.levels,
                index=j,
                agreed=issue.levels[j],
                position=j / (issue.n_levels - 1),
                alternatives=tuple(sorted(others.items())),
            )
        )
    keys = scenario.party_keys
    probability = 1.0 if lottery is None else float(lottery.probabilities[0])
    style = METHOD_STYLE.get(solution.method)
    what = style.label if style is not None else solution.method
    title = f"The {what} deal"
    if lottery is not None:
        title = f"The {what} lottery: this deal with probability {probability:.2f}"
    return DealCardData(
        scenario=scenario.name,
        method=solution.method,
        title=title,
        issues=tuple(rows),
        party_keys=keys,
        parties=tuple(p.name for p in scenario.parties),
        gains=tuple(float(solution.gains[k]) for k in keys),
        utilities=tuple(float(solution.utilities[k]) for k in keys),
        disagreement=tuple(float(solution.disagreement[k]) for k in keys),
        best=tuple(sum(float(t[:, j].max()) for t in scenario.tables) for j in range(len(keys))),
        probability=probability,
    )


def deal_card(
    solution: Solution,
    *,
    scenario: Scenario,
    ax: Axes | None = None,
    panel: Axes | None = None,
    title: str | None = None,
    width: int = 34,
    **style: Any,
) -> Axes:
    """Draw the deal card: one row per issue, agreed level marked; gain bars on the right.

    Each issue is a track from its first level (left) to its last (right), every level a tick,
    the agreed level a filled dot named in words; a lottery's other level is a hollow dot with
    its probability. A panel on the right of `ax` shows each party's utility on its own scale
    (utilities of different parties are in different units): a bar from its disagreement
    utility to the deal's utility, on a track that ends at the party's best deal.

    Parameters
    ----------
    solution, scenario
        As in :func:`deal_card_data`.
    ax
        Axes for the tracks (default: a new figure).
    panel
        Axes for the parties' gains (default: carved from the right of `ax`; in a figure laid
        out by matplotlib, pass an Axes of the layout so the panel stays inside the figure).
    title
        Axes title (default: a headline naming the method).
    width
        Characters per line of the level names (wrapped at words, never cut).
    **style
        Passed to the markers of the agreed levels (``color=``, ``s=`` ...).

    Returns
    -------
    matplotlib.axes.Axes
        The axes of the tracks.

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import deal_card
    >>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> ax = deal_card(bargain.solve(talks), scenario=talks)
    >>> ax.get_yticklabels()[0].get_text()[:10]
    'Article 1:'
    """
    data = deal_card_data(solution, scenario=scenario)
    n = len(data.issues)
    if ax is None:
        _, (ax, panel) = plt.subplots(
            1, 2, figsize=(10.0, 0.8 * n + 1.4), width_ratios=[4, 1], layout="constrained"
        )
    elif panel is None:
        panel = make_axes_locatable(ax).append_axes("right", size="26%", pad=0.25)
    _draw_tracks(ax, data, width, style)
    ax.set_title(escape(data.title if title is None else title), fontsize=10, loc="left")
    _draw_gains(panel, data, n)
    return ax


def _draw_tracks(ax: Axes, data: DealCardData, width: int, style: dict[str, Any]) -> None:
    """One track per issue from its first level to its last, the agreed level named."""
    n = len(data.issues)
    ys = np.arange(n)[::-1].astype(float)
    marker = {"s": 70, "color": OKABE_ITO["vermillion"], "zorder": 3, **style}
    for y, row in zip(ys, data.issues, strict=True):
        k = len(row.levels)
        xs = np.linspace(0.0, 1.0, k)
        ax.plot([0, 1], [y, y], color="#BDBDBD", lw=2, zorder=1, solid_capstyle="round")
        ax.scatter(xs, np.full(k, y), marker="|", s=120, color="#757575", zorder=2)
        ax.scatter([row.position], [y], **marker)
        for j, p in row.alternatives:
            ax.scatter([xs[j]], [y], s=70, facecolors="white", edgecolors=marker["color"], zorder=3)
            ax.annotate(
                f"p={p:.2f}",
                (xs[j], y),
                xytext=(0, -11),
                textcoords="offset points",
                ha="center",
                va="top",
                fontsize=7,
                color="#424242",
            )
        ha = "left" if row.position < 0.5 else "right"
        ax.annotate(
            escape(wrap(row.agreed, width)),
            (row.position, y),
            xytext=(7 if ha == "left" else -7, 7),
            textcoords="offset points",
            ha=ha,
            va="bottom",
            fontsize=7.5,
            linespacing=1.05,
        )
    ax.set_yticks(ys)
    ax.set_yticklabels([escape(wrap(r.name, 40)) for r in data.issues], fontsize=8)
    ax.set_ylim(-0.7, n - 0.1)
    ax.set_xlim(-0.06, 1.06)
    ax.set_xticks([0, 1])
    ax.set_xticklabels(["first level", "last level"], fontsize=8)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    ax.tick_params(axis="y", length=0)


def _draw_gains(panel: Axes, data: DealCardData, n: int) -> None:
    """Each party on its own scale: from its disagreement utility (left) to its best (right)."""
    k = len(data.parties)
    yb = np.arange(k)[::-1].astype(float)
    for j, y in enumerate(yb):
        d, u, best = data.disagreement[j], data.utilities[j], data.best[j]
        span = best - d if best > d else 1.0
        share = (u - d) / span
        panel.plot([0, 1], [y, y], color="#E0E0E0", lw=9, solid_capstyle="butt", zorder=1)
        panel.barh(y, share, height=0.22, color=party_colour(j), zorder=2)
        gain = data.gains[j]
        panel.text(
            0,
            y + 0.2,
            escape(wrap(f"{data.parties[j]}: {u:.3f} ({'+' if gain >= 0 else ''}{gain:.3f})", 24)),
            fontsize=7.5,
            va="bottom",
            linespacing=1.05,
        )
        for x, value, ha in ((0, d, "left"), (1, best, "right")):
            panel.text(x, y - 0.2, f"{value:.2f}", fontsize=6.5, va="top", ha=ha, color="#616161")
    top = k + 0.6  # a row above the parties for the caption
    panel.set_ylim(top - max(float(k) + 1.1, 0.5 * n + 0.6), top)
    panel.set_xlim(-0.02, 1.02)
    panel.set_yticks([])
    panel.set_xticks([])
    panel.text(
        0,
        top - 0.1,
        "each party's utility on its own\n"
        "scale: from its disagreement\n"
        "utility (left) to its best deal",
        fontsize=7,
        va="top",
        color="#424242",
        linespacing=1.1,
    )
    for side in ("top", "left", "right", "bottom"):
        panel.spines[side].set_visible(False)
