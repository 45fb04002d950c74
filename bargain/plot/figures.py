"""Whole figures for a result, as drawn by ``bargain ... --plot FILE`` and in the README.

Each function returns a :class:`matplotlib.figure.Figure` made of the plots of this package;
:func:`bargain.plot.save_figure` writes it as PNG, SVG or PDF. Legends are placed once the
figure is laid out (:func:`bargain.plot.refit_legends`).

- :func:`solve_figure`: the utility space with the solution (every pair of parties with three
  or more), and the deal card.
- :func:`frontier_figure`: the utility space with the Pareto frontier.
- :func:`path_figure`: for two parties, the concession path on the utility plane and utility
  over rounds; for more, one panel per party over the rounds.
- :func:`sweep_figure`: level probabilities; a tornado of sensitivity per party; the agreement
  rate along a one-parameter grid or the heat map of a two-parameter grid.
- :func:`threat_figure`: the threat game's payoff matrix, and the threat point on the utility
  plane.

Examples
--------
>>> import bargain
>>> from bargain.plot.figures import solve_figure
>>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
>>> fig = solve_figure(talks, bargain.solve(talks))
>>> len(fig.axes)
3
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from bargain.frontier.result import Frontier
from bargain.games.result import ThreatResult
from bargain.model.scenario import Scenario
from bargain.plot._common import (
    NO_DEAL_COLOUR,
    headline,
    no_deal_line,
    refit_legends,
    wrap,
)
from bargain.plot.card import deal_card
from bargain.plot.paths import concession_path, rounds_by_party, utility_over_rounds
from bargain.plot.space import pairwise, utility_space
from bargain.plot.sweeps import (
    agreement_rate,
    level_probabilities,
    level_probabilities_height,
    sweep_heatmap,
    tornado,
    tornado_data,
    tornado_legend,
)
from bargain.plot.threats import threat_game, threat_point
from bargain.protocols.result import ConcessionPath
from bargain.solutions.result import Solution
from bargain.sweeps.result import SweepResult

__all__ = [
    "frontier_figure",
    "path_figure",
    "shared_order",
    "solve_figure",
    "sweep_figure",
    "threat_figure",
    "tornado_outcomes",
]


def solve_figure(scenario: Scenario, solution: Solution) -> Figure:
    """The utility space with `solution` marked (zoomed on the rational region), and its card.

    With three or more parties the utility space is the matrix of pairwise planes. Without
    agreement there is no card, and the title says why there is no deal.
    """
    k = scenario.n_parties
    card = solution.agreement
    left_width = 5.5 if k == 2 else 2.4 * (k - 1)
    if not card:
        left_width = max(left_width, 7.0)  # room for the sentence saying why there is no deal
    height = max(4.6, 0.8 * scenario.n_issues + 1.6, 2.4 * (k - 1) if k > 2 else 0)
    width = left_width + (9.5 if card else 0.0)
    fig = plt.figure(figsize=(width, height), layout="constrained")
    if card:
        parts = np.asarray(fig.subfigures(1, 2, width_ratios=[left_width, 9.5])).ravel()
        space, right = parts[0], parts[1]
    else:
        space, right = fig, None
    if k == 2:
        ax = space.add_subplot()
        utility_space(scenario, ax=ax, solutions=[solution], window="rational")
    else:
        axes = np.asarray(space.subplots(k - 1, k - 1, squeeze=False))
        pairwise(scenario, axes=axes, solutions=[solution], window="rational", title="")
    if right is not None:
        tracks, gains = right.subplots(1, 2, width_ratios=[4, 1])
        deal_card(solution, scenario=scenario, ax=tracks, panel=gains, width=30)
    no_deal = None if solution.agreement else no_deal_line(solution.message)
    headline(fig, scenario.title or scenario.name, width=width, no_deal=no_deal)
    refit_legends(fig)
    return fig


def _no_offers(ax: Axes) -> None:
    """Say, in an empty panel over the rounds, that no offer was made."""
    ax.text(
        0.5,
        0.5,
        "no offers: talks end before the first round",
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=9,
        color=NO_DEAL_COLOUR,
    )


def frontier_figure(scenario: Scenario, frontier: Frontier) -> Figure:
    """The utility space with the Pareto frontier (every pair of parties with three or more).

    The frontier drawn is the scenario's own, the one `frontier` lists.
    """
    k = scenario.n_parties
    size = (6.5, 5.0) if k == 2 else (2.6 * (k - 1) + 1.0, 2.6 * (k - 1))
    fig = plt.figure(figsize=size, layout="constrained")
    if k == 2:
        utility_space(scenario, ax=fig.add_subplot(), window="rational")
    else:
        axes = np.asarray(fig.subplots(k - 1, k - 1, squeeze=False))
        pairwise(scenario, axes=axes, window="rational", title="")
    title = scenario.title or scenario.name
    if len(frontier):
        headline(fig, f"{title}\n{frontier.headline()}", width=size[0])
    else:  # red lines leave no deal, or none beats the disagreement point
        no_deal = no_deal_line(scenario.space.message or frontier.message)
        headline(fig, title, width=size[0], no_deal=no_deal)
    refit_legends(fig)
    return fig


def path_figure(scenario: Scenario, path: ConcessionPath, **options: Any) -> Figure:
    """The picture of a concession path, for two parties or more.

    Two parties: the offers on the utility plane, and utility over rounds. More: one panel per
    party, its utility from each proposer's offers, round by round.

    `options` go to :func:`bargain.plot.concession_path` (two parties).
    """
    if scenario.n_parties > 2:
        k = scenario.n_parties
        fig = plt.figure(figsize=(10.0, 1.6 * k + 1.0), layout="constrained")
        axes = fig.subplots(k, 1, sharex=True, squeeze=False)[:, 0]
        rounds_by_party(path, scenario=scenario, axes=list(axes))
        rounds = list(axes)
    else:
        fig, (left, right) = plt.subplots(
            1, 2, figsize=(13.0, 5.2), width_ratios=[1.0, 1.15], layout="constrained"
        )
        concession_path(path, scenario=scenario, ax=left, **options)
        utility_over_rounds(path, scenario=scenario, ax=right)
        rounds = [right]
    if not path.agreement:
        if not path.steps:
            for ax in rounds:
                _no_offers(ax)
        title = scenario.title or scenario.name
        no_deal = no_deal_line(path.message)
        headline(fig, title, width=float(fig.get_figwidth()), no_deal=no_deal)
    refit_legends(fig)
    return fig


def tornado_outcomes(result: SweepResult) -> list[str]:
    """The outcomes of the sweep figure's tornado panels.

    Every party whose utility varies between runs, and the agreement rate when it varies; none
    when no run reaches a deal.
    """
    if not result.parameters or not result.agreement.any():
        return []  # without any deal, a party's utility is only its disagreement utility
    moves = np.ptp(result.utilities, axis=0) > 0 if len(result) else np.zeros(0, dtype=bool)
    outcomes = [p for p, varies in zip(result.parties, moves, strict=True) if varies]
    if 0 < result.agreement.mean() < 1:
        outcomes.append("agreement")
    return outcomes


def shared_order(result: SweepResult, outcomes: Sequence[str], top: int) -> list[str]:
    """The `top` parameters by their widest swing over `outcomes`.

    Each swing is taken relative to the spread of its outcome over the runs, so parties'
    different units compare.
    """
    score: dict[str, float] = {}
    for outcome in outcomes:
        data = tornado_data(result, outcome=outcome)
        values = (
            result.agreement.astype(float)
            if outcome == "agreement"
            else result.utilities[:, result.parties.index(outcome)]
        )
        spread = float(np.std(values)) or 1.0
        for bar in data.bars:
            score[bar.parameter] = max(score.get(bar.parameter, 0.0), bar.swing / spread)
    return sorted(score, key=lambda p: (-score[p], p))[:top]


def sweep_figure(result: SweepResult, scenario: Scenario | None = None) -> Figure:
    """Level probabilities on top, then a tornado per party, then the agreement rate.

    The tornado panels share one parameter order; the last row is the agreement rate along a
    one-parameter grid or the heat map of a two-parameter grid.
    """
    n_grid = len(result.grid_shape)
    outcomes = tornado_outcomes(result)
    top = level_probabilities_height(result, scenario=scenario)
    order = shared_order(result, outcomes, 10) if outcomes else []
    rows = []
    cols = min(len(outcomes), 3)
    if outcomes:
        grid_rows = (len(outcomes) + cols - 1) // cols
        rows.append(grid_rows * max(2.6, 0.42 * len(order) + 1.4) + 0.4)
    if n_grid:
        rows.append(3.6)
    fig = plt.figure(figsize=(11.0, top + sum(rows)), layout="constrained")
    parts = np.asarray(fig.subfigures(1 + len(rows), 1, height_ratios=[top, *rows])).ravel()
    level_probabilities(result, ax=parts[0].add_subplot(), scenario=scenario)
    j = 1
    if outcomes:
        axes = parts[j].subplots(grid_rows, cols, squeeze=False, sharey=True).ravel()
        chars = {1: 60, 2: 44}.get(cols, 34)
        for k, (ax, outcome) in enumerate(zip(axes, outcomes, strict=False)):
            label = tornado_data(result, outcome=outcome, scenario=scenario).label
            tornado(
                result,
                ax=ax,
                outcome=outcome,
                scenario=scenario,
                parameters=order,
                legend=False,
                title=wrap(f"what moves {label}", chars),
            )
            ax.set_xlabel(wrap(ax.get_xlabel(), chars), fontsize=9)
            if k % cols:
                ax.tick_params(labelleft=False)
        for ax in axes[len(outcomes) :]:
            ax.axis("off")
        bars = tornado_data(result, outcome=outcomes[0], parameters=order).bars
        parts[j].legend(
            handles=tornado_legend(bars),
            loc="outside lower center",
            ncols=3,
            fontsize=7,
            frameon=False,
        )
        j += 1
    if n_grid:
        ax = parts[j].add_subplot()
        if n_grid == 1:
            agreement_rate(result, ax=ax)
        else:
            sweep_heatmap(result, ax=ax, scenario=scenario, annotate=False)
    if len(result) and not result.agreement.any():
        reason = ""
        if scenario is not None and scenario.space.empty:
            reason = no_deal_line(scenario.space.message).removeprefix("NO DEAL")
        headline(
            fig,
            scenario.title if scenario is not None and scenario.title else result.scenario,
            width=11.0,
            no_deal=f"NO DEAL in any of the {len(result):,} runs{reason}",
        )
    refit_legends(fig)
    return fig


def threat_figure(scenario: Scenario, result: ThreatResult) -> Figure:
    """The threat game's payoff matrix (left), the threat point on the utility plane (right).

    The figure's title names the scenario and the two players; without agreement from the
    threat point, it says why there is no deal.
    """
    game = scenario.threat_game
    n, m = (2, 2) if game is None else game.shape
    width = 1.9 * m + 2.6
    fig, (left, right) = plt.subplots(
        1,
        2,
        figsize=(width + 9.5, max(5.5, 1.0 * n + 3.5)),
        width_ratios=[width, 9.5],
        layout="constrained",
    )
    concept = "optimal threats" if result.concept == "optimal-threats" else "Nash equilibria"
    threat_game(result, scenario=scenario, ax=left, title=f"the threat game ({concept})")
    threat_point(
        result,
        scenario=scenario,
        ax=right,
        title="the threat point, and the Nash solution it moves",
    )
    names = {p.key: p.name for p in scenario.parties}
    row, column = names[result.row], names[result.column]
    title = f"{scenario.title or scenario.name}: the threat game of {row} and {column}"
    solution = result.solution
    no_deal = None
    if solution is None or not solution.agreement:
        no_deal = no_deal_line(scenario.space.message or result.message)
    headline(fig, title, width=width + 9.5, no_deal=no_deal)
    refit_legends(fig)
    return fig
