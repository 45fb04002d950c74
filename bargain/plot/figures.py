"""Whole figures for a result, as drawn by ``bargain ... --plot FILE`` and in the README.

Each function returns a :class:`matplotlib.figure.Figure` made of the plots of this package;
:func:`bargain.plot.save_figure` writes it as PNG or SVG.

- :func:`solve_figure`: the utility space with the solution (every pair of parties with three
  or more), and the deal card.
- :func:`path_figure`: the concession path on the utility plane, and utility over rounds.
- :func:`sweep_figure`: level probabilities; the tornado of sensitivity; the agreement rate
  along a one-parameter grid or the heat map of a two-parameter grid.
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

from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from bargain.games.result import ThreatResult
from bargain.model.scenario import Scenario
from bargain.plot.card import deal_card
from bargain.plot.paths import concession_path, utility_over_rounds
from bargain.plot.space import pairwise, utility_space
from bargain.plot.sweeps import agreement_rate, level_probabilities, sweep_heatmap, tornado
from bargain.plot.threats import threat_game, threat_point
from bargain.protocols.result import ConcessionPath
from bargain.solutions.result import Solution
from bargain.sweeps.result import SweepResult

__all__ = ["path_figure", "solve_figure", "sweep_figure", "threat_figure"]


def solve_figure(scenario: Scenario, solution: Solution) -> Figure:
    """The utility space with `solution` marked (zoomed on the rational region), and its card.

    With three or more parties the utility space is the matrix of pairwise planes. Without
    agreement there is no card.
    """
    k = scenario.n_parties
    card = solution.agreement
    left_width = 5.5 if k == 2 else 2.4 * (k - 1)
    height = max(4.6, 0.62 * scenario.n_issues + 1.6, 2.4 * (k - 1) if k > 2 else 0)
    width = left_width + (9.0 if card else 0.0)
    fig = plt.figure(figsize=(width, height), layout="constrained")
    if card:
        parts = np.asarray(fig.subfigures(1, 2, width_ratios=[left_width, 9.0])).ravel()
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
        deal_card(solution, scenario=scenario, ax=right.add_subplot(), width=30)
    fig.suptitle(f"{scenario.title or scenario.name}", fontsize=11)
    return fig


def path_figure(scenario: Scenario, path: ConcessionPath, **options: Any) -> Figure:
    """The path's offers on the utility plane (the first two parties), and utility over rounds.

    `options` go to :func:`bargain.plot.concession_path` (``parties=`` ...).
    """
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(13.0, 5.2), width_ratios=[1.0, 1.15], layout="constrained"
    )
    if scenario.n_parties > 2:
        options.setdefault("parties", scenario.party_keys[:2])
    concession_path(path, scenario=scenario, ax=left, **options)
    utility_over_rounds(path, scenario=scenario, ax=right)
    return fig


def sweep_figure(result: SweepResult, scenario: Scenario | None = None) -> Figure:
    """Level probabilities on top; below, the tornado and the agreement rate or heat map."""
    n_grid = len(result.grid_shape)
    has_tornado = bool(result.parameters)
    has_grid = n_grid >= 1
    n_issues = len(result.issues)
    top = 0.55 * n_issues + 1.2
    bottom = (
        0.0
        if not (has_tornado or has_grid)
        else max(3.4, 0.32 * min(len(result.parameters), 12) + 1.5)
    )
    fig = plt.figure(figsize=(11.0, top + bottom), layout="constrained")
    if bottom:
        parts = np.asarray(fig.subfigures(2, 1, height_ratios=[top, bottom])).ravel()
        upper, lower = parts[0], parts[1]
    else:
        upper, lower = fig, None
    level_probabilities(result, ax=upper.add_subplot(), scenario=scenario)
    if lower is not None:
        panels = [has_tornado, has_grid]
        axes = lower.subplots(1, sum(panels), squeeze=False)[0]
        j = 0
        if has_tornado:
            tornado(result, ax=axes[j], scenario=scenario, top=10)
            j += 1
        if has_grid:
            if n_grid == 1:
                agreement_rate(result, ax=axes[j])
            else:
                sweep_heatmap(result, ax=axes[j], scenario=scenario, annotate=False)
    return fig


def threat_figure(scenario: Scenario, result: ThreatResult) -> Figure:
    """The threat game's payoff matrix (left), the threat point on the utility plane (right)."""
    game = scenario.threat_game
    n, m = (2, 2) if game is None else game.shape
    width = 1.9 * m + 2.6
    fig, (left, right) = plt.subplots(
        1,
        2,
        figsize=(width + 9.5, max(5.5, 1.0 * n + 3.0)),
        width_ratios=[width, 9.5],
        layout="constrained",
    )
    threat_game(result, scenario=scenario, ax=left)
    threat_point(result, scenario=scenario, ax=right)
    return fig
