"""Pictures of a threat game (:func:`bargain.threat_point`).

- :func:`threat_game`: the payoff matrix, both players' payoffs in each cell (best responses in
  bold), the equilibria marked (the chosen one in vermillion) and mixed strategies written on
  the margins.
- :func:`threat_point`: the utility plane of the two players with every breakdown outcome of the
  game, the equilibria, the scenario's own disagreement point and the threat point, and the
  Nash solution from each (an arrow from the old to the new).
- :func:`compare_threat_points`: several threat points side by side, in one window.

Examples
--------
>>> import bargain
>>> from bargain.plot import threat_game_data
>>> game = bargain.ThreatGame(row="russia", column="nato",
...                           row_strategies=["escalate", "de-escalate"],
...                           column_strategies=["sanctions", "no sanctions"],
...                           row_payoffs=[[-0.5, 0.1], [0.0, 0.2]],
...                           column_payoffs=[[-0.2, -0.6], [0.1, 0.3]])
>>> import dataclasses
>>> base = bargain.load_scenario("russia-nato-2022-no-red-lines")
>>> talks = dataclasses.replace(base, threat_game=game)
>>> data = threat_game_data(bargain.threat_point(talks), scenario=talks)
>>> data.parties, data.pure_cells, data.chosen
(('Russia', 'NATO'), ((1, 1),), 0)
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from numpy.typing import NDArray

from bargain.api import solve
from bargain.errors import ScenarioError
from bargain.games.result import ThreatResult
from bargain.model.scenario import Scenario
from bargain.model.threat_game import ThreatGame
from bargain.plot._common import escape, get_ax, place_legend, wrap
from bargain.plot.palette import METHOD_STYLE, OKABE_ITO, party_colour
from bargain.plot.paths import space_background
from bargain.plot.space import (
    MARK_ZORDER,
    UtilitySpaceData,
    draw_space,
    rewindow,
    solution_marks,
)
from bargain.solutions.result import Solution

__all__ = [
    "GameData",
    "ThreatPointData",
    "compare_threat_points",
    "threat_game",
    "threat_game_data",
    "threat_point",
    "threat_point_data",
]

Array = NDArray[np.float64]
_CHOSEN = OKABE_ITO["vermillion"]


def _check(result: object, scenario: Scenario) -> tuple[ThreatResult, ThreatGame]:
    if not isinstance(result, ThreatResult):
        raise ScenarioError(f"must be a ThreatResult, found {type(result).__name__}", key="result")
    game = scenario.threat_game
    if result.scenario != scenario.name or game is None:
        raise ScenarioError(
            f"is a threat point of {result.scenario!r}, not of the scenario given "
            f"({scenario.name!r}{'' if game is not None else ', which has no threat game'})",
            key="result",
        )
    return result, game


@dataclass(frozen=True, slots=True, eq=False)
class GameData:
    """What :func:`threat_game` draws.

    Attributes
    ----------
    title
        A headline in words.
    party_keys, parties
        The row and column players (keys and names).
    row_strategies, column_strategies
        Strategy names, in the game's order.
    row_payoffs, column_payoffs
        ``(n_rows, n_columns)`` each player's payoff in each cell.
    row_best, column_best
        ``(n_rows, n_columns)`` booleans: the cell is a best response of the row player to the
        column (a largest entry of its column) / of the column player to the row.
    mixes
        Per equilibrium, ``(row probabilities, column probabilities)`` over every strategy.
    payoffs
        ``(n_equilibria, 2)`` each equilibrium's expected payoffs (row, column).
    labels
        Each equilibrium in words (``"de-escalate / no new sanctions"``).
    pure_cells
        ``(row, column)`` of each pure equilibrium.
    chosen
        Index of the equilibrium (or optimal threat pair) that sets the disagreement point.
    concept
        ``"nash-equilibrium"`` or ``"optimal-threats"``.
    """

    title: str
    party_keys: tuple[str, str]
    parties: tuple[str, str]
    row_strategies: tuple[str, ...]
    column_strategies: tuple[str, ...]
    row_payoffs: Array
    column_payoffs: Array
    row_best: NDArray[np.bool_]
    column_best: NDArray[np.bool_]
    mixes: tuple[tuple[Array, Array], ...]
    payoffs: Array
    labels: tuple[str, ...]
    pure_cells: tuple[tuple[int, int], ...]
    chosen: int
    concept: str


def _vector(names: Sequence[str], mix: Any) -> Array:
    return np.array([float(mix.get(name, 0.0)) for name in names])


def threat_game_data(result: ThreatResult, *, scenario: Scenario) -> GameData:
    """The payoff matrix of a scenario's threat game and the equilibria of `result`.

    Parameters
    ----------
    result
        ``bargain.threat_point(scenario, ...)``.
    scenario
        The scenario (with its ``threat_game``).
    """
    result, game = _check(result, scenario)
    a, b = game.row_matrix, game.column_matrix
    names = {p.key: p.name for p in scenario.parties}
    mixes = []
    payoffs = []
    pure = []
    for eq in result.equilibria:
        x = _vector(game.row_strategies, eq.strategies[game.row])
        y = _vector(game.column_strategies, eq.strategies[game.column])
        mixes.append((x, y))
        payoffs.append([eq.payoffs[game.row], eq.payoffs[game.column]])
        if eq.pure:
            pure.append((int(np.argmax(x)), int(np.argmax(y))))
    what = "optimal threats" if result.concept == "optimal-threats" else "Nash equilibria"
    title = f"{scenario.name}: the threat game of {names[game.row]} and {names[game.column]}"
    return GameData(
        title=f"{title} ({what})",
        party_keys=(game.row, game.column),
        parties=(names[game.row], names[game.column]),
        row_strategies=game.row_strategies,
        column_strategies=game.column_strategies,
        row_payoffs=a,
        column_payoffs=b,
        row_best=a >= a.max(axis=0, keepdims=True) - 1e-12,
        column_best=b >= b.max(axis=1, keepdims=True) - 1e-12,
        mixes=tuple(mixes),
        payoffs=np.array(payoffs, dtype=np.float64).reshape(-1, 2),
        labels=tuple(eq.describe() for eq in result.equilibria),
        pure_cells=tuple(pure),
        chosen=result.chosen,
        concept=result.concept,
    )


def threat_game(
    result: ThreatResult,
    *,
    scenario: Scenario,
    ax: Axes | None = None,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw the payoff matrix with the equilibria marked.

    Each cell shows the row player's payoff (lower left, in its colour) and the column player's
    (upper right); a payoff in bold is a best response. Pure equilibria are framed (the chosen
    one in vermillion, others in black, dashed); the chosen equilibrium's probabilities are
    written next to the strategy names when it is mixed. Every equilibrium is listed below.

    Parameters
    ----------
    result, scenario
        As in :func:`threat_game_data`.
    ax
        Axes to draw on (default: a new figure).
    title
        Axes title.
    **style
        Passed to the frames of the equilibria (``lw=`` ...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import threat_game
    >>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")  # with its threat game
    >>> ax = threat_game(bargain.threat_point(talks), scenario=talks)
    >>> [t.get_text().split()[0] for t in ax.get_yticklabels()]  # the first words of each
    ['use', 'military-technical', 'de-escalate']
    """
    data = threat_game_data(result, scenario=scenario)
    n, m = data.row_payoffs.shape
    ax = get_ax(ax, size=(1.9 * m + 2.6, 1.0 * n + 2.2))
    _draw_cells(ax, data)
    chosen = _chosen_cell(data)
    _frame_equilibria(ax, data, chosen, dict(style))
    _label_strategies(ax, data, chosen)
    _list_equilibria(ax, data)
    text = wrap(data.title if title is None else title, int(12 * (1.9 * m + 2.6)))
    ax.set_title(escape(text), fontsize=10, loc="left", pad=40)
    return ax


def _draw_cells(ax: Axes, data: GameData) -> None:
    """Each cell: the row player's payoff lower left, the column player's upper right."""
    n, m = data.row_payoffs.shape
    row_c, col_c = party_colour(0), party_colour(1)
    for i in range(n):
        for j in range(m):
            ax.add_patch(
                Rectangle((j - 0.5, i - 0.5), 1, 1, facecolor="white", edgecolor="#BDBDBD")
            )
            for x, y, value, best, colour, ha in (
                (j - 0.4, i + 0.3, data.row_payoffs[i, j], data.row_best[i, j], row_c, "left"),
                (
                    j + 0.4,
                    i - 0.3,
                    data.column_payoffs[i, j],
                    data.column_best[i, j],
                    col_c,
                    "right",
                ),
            ):
                ax.text(
                    x,
                    y,
                    f"{value:.3g}",
                    ha=ha,
                    va="center",
                    fontsize=9,
                    color=colour,
                    fontweight="bold" if best else "normal",
                )


def _chosen_cell(data: GameData) -> tuple[int, int] | None:
    """The cell of the chosen equilibrium when it is pure, else ``None``."""
    if not data.mixes or data.chosen >= len(data.mixes):
        return None
    x, y = data.mixes[data.chosen]
    if x.max() == 1.0 and y.max() == 1.0:
        return int(np.argmax(x)), int(np.argmax(y))
    return None


def _frame_equilibria(
    ax: Axes, data: GameData, chosen: tuple[int, int] | None, style: dict[str, Any]
) -> None:
    """Frame the pure equilibria: the chosen one in vermillion, the others dashed black."""
    for cell in data.pure_cells:
        mine = cell == chosen
        options = {
            "lw": 3 if mine else 1.6,
            "edgecolor": _CHOSEN if mine else "#000000",
            "ls": "-" if mine else "--",
            **style,
        }
        ax.add_patch(
            Rectangle(
                (cell[1] - 0.46, cell[0] - 0.46), 0.92, 0.92, facecolor="none", zorder=3, **options
            )
        )


def _label_strategies(ax: Axes, data: GameData, chosen: tuple[int, int] | None) -> None:
    """Strategy names on the margins (with the chosen mixed equilibrium's probabilities)."""
    n, m = data.row_payoffs.shape
    row_c, col_c = party_colour(0), party_colour(1)
    row_labels = list(data.row_strategies)
    column_labels = list(data.column_strategies)
    if data.mixes and chosen is None and data.chosen < len(data.mixes):
        x, y = data.mixes[data.chosen]
        row_labels = [
            f"{s} (p={p:.2f})" if p > 0 else s for s, p in zip(row_labels, x, strict=True)
        ]
        column_labels = [
            f"{s} (p={p:.2f})" if p > 0 else s for s, p in zip(column_labels, y, strict=True)
        ]
    ax.set_xlim(-0.5, m - 0.5)
    ax.set_ylim(n - 0.5, -0.5)
    ax.set_xticks(range(m))
    ax.set_xticklabels([escape(wrap(s, 18)) for s in column_labels], fontsize=8, color=col_c)
    ax.xaxis.tick_top()
    ax.set_yticks(range(n))
    ax.set_yticklabels([escape(wrap(s, 22)) for s in row_labels], fontsize=8, color=row_c)
    ax.set_ylabel(escape(wrap(f"{data.parties[0]} (row)", 12 + 10 * n)), color=row_c)
    ax.set_xlabel(escape(wrap(f"{data.parties[1]} (column)", 12 + 18 * m)), color=col_c)
    ax.xaxis.set_label_position("top")
    ax.tick_params(length=0)
    for spine in ax.spines.values():
        spine.set_visible(False)


def _list_equilibria(ax: Axes, data: GameData) -> None:
    """Every equilibrium in words under the matrix, an arrow at the chosen one.

    Lines are wrapped to the width of the matrix (about 12 characters an inch).
    """
    m = data.row_payoffs.shape[1]
    width = max(36, int(12 * (1.9 * m + 2.6)))
    lines = []
    for k, (label, (pr, pc)) in enumerate(zip(data.labels, data.payoffs, strict=True)):
        star = "→ " if k == data.chosen else "   "
        line = f"{star}{label}: {data.parties[0]} {pr:.3g}, {data.parties[1]} {pc:.3g}"
        lines.append(textwrap.fill(line, width, subsequent_indent="     "))
    kind = "optimal threats" if data.concept == "optimal-threats" else "equilibria"
    listing = "\n".join(lines[:6]) + ("\n   ..." if len(lines) > 6 else "")
    ax.text(
        0.0,
        -0.04,
        escape(f"{kind} (→ sets the disagreement point):\n{listing}"),
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=8,
    )


# --------------------------------------------------------------------------- threat point
@dataclass(frozen=True, slots=True, eq=False)
class ThreatPointData:
    """What :func:`threat_point` draws.

    Attributes
    ----------
    title
        A headline in words.
    space
        The utility plane of the two players, its disagreement point the threat point and its
        mark the Nash solution from there.
    outcomes
        ``(n_rows * n_columns, 2)`` every pure breakdown outcome of the game (row, column).
    equilibria
        ``(n_equilibria, 2)`` the equilibria's (or optimal threats') payoffs.
    fixed
        ``(2,)`` the scenario's own disagreement point.
    threat
        ``(2,)`` the threat point.
    before, after
        ``(2,)`` the Nash solution from the fixed disagreement point and from the threat point
        (``None`` without agreement).
    """

    title: str
    space: UtilitySpaceData
    outcomes: Array
    equilibria: Array
    fixed: Array
    threat: Array
    before: Array | None
    after: Array | None


def _point(solution: Solution, keys: tuple[str, str]) -> Array | None:
    if not solution.agreement:
        return None
    return np.array([solution.utilities[keys[0]], solution.utilities[keys[1]]])


def threat_point_data(
    result: ThreatResult,
    *,
    scenario: Scenario,
    lotteries: bool | None = None,
    rng: np.random.Generator | int | None = 0,
    limits: Any = None,
) -> ThreatPointData:
    """The threat point on the utility plane, and how it moves the Nash solution.

    Parameters
    ----------
    result, scenario
        As in :func:`threat_game_data`.
    lotteries
        Solve over lotteries (default: as the result's own solution does; for optimal threats
        that is over lotteries, for Nash equilibria over pure deals).
    rng
        Seed for sampling deals of astronomically large spaces.
    limits
        ``[[x_low, x_high], [y_low, y_high]]``: the window drawn (default: one that holds the
        game's outcomes, both disagreement points and both solutions). Panels to be compared
        share one window (see :func:`compare_threat_points`).
    """
    result, game = _check(result, scenario)
    keys = (game.row, game.column)
    pair = (scenario.party_keys.index(keys[0]), scenario.party_keys.index(keys[1]))
    if lotteries is None:
        lotteries = result.solution is not None and result.solution.lottery is not None
    fixed_d = {p.key: p.disagreement for p in scenario.parties}
    before = solve(scenario, lotteries=lotteries, disagreement=fixed_d)
    after = solve(scenario, lotteries=lotteries, disagreement=dict(result.disagreement))
    outcomes = np.stack([game.row_matrix.ravel(), game.column_matrix.ravel()], axis=1)
    eq = np.array(
        [[e.payoffs[keys[0]], e.payoffs[keys[1]]] for e in result.equilibria], dtype=np.float64
    ).reshape(-1, 2)
    fixed = np.array([fixed_d[keys[0]], fixed_d[keys[1]]])
    threat = np.array([result.disagreement[keys[0]], result.disagreement[keys[1]]])
    points = [outcomes, fixed[None, :]]
    b = _point(before, keys)
    if b is not None:
        points.append(b[None, :])
    space = space_background(scenario, pair, dict(result.disagreement), points, rng)
    if limits is not None:
        window = np.asarray(limits, dtype=np.float64).reshape(2, 2)
        space = rewindow(space, scenario, pair, window, rng)
    space = _with_solution(space, scenario, after, pair)
    names = {p.key: p.name for p in scenario.parties}
    concept = "optimal threats" if result.concept == "optimal-threats" else "Nash equilibrium"
    return ThreatPointData(
        title=f"{scenario.name}: the threat point ({concept}) of {names[keys[0]]} and "
        f"{names[keys[1]]}",
        space=space,
        outcomes=outcomes,
        equilibria=eq,
        fixed=fixed,
        threat=threat,
        before=b,
        after=_point(after, keys),
    )


def _with_solution(
    space: UtilitySpaceData, scenario: Scenario, solution: Solution, pair: tuple[int, int]
) -> UtilitySpaceData:
    marks, missing = solution_marks(scenario, [solution], pair)
    marks = tuple(replace(m, label=f"{m.label}, from the threat point") for m in marks)
    return replace(space, marks=marks, no_agreement=missing)


def threat_point(
    result: ThreatResult,
    *,
    scenario: Scenario,
    ax: Axes | None = None,
    lotteries: bool | None = None,
    rng: np.random.Generator | int | None = 0,
    limits: Any = None,
    legend: bool = True,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw the threat point on the utility plane and how it moves the Nash solution.

    The game's breakdown outcomes are small diamonds, its equilibria larger ones; the
    scenario's own disagreement point is a hollow cross, the threat point a black cross, with an
    arrow between them; the Nash solution from the scenario's point is a ring, from the threat
    point a filled circle, with an arrow between them. The legend goes into a corner free of
    data, or outside on the right.

    Parameters
    ----------
    result, scenario, lotteries, rng, limits
        As in :func:`threat_point_data`.
    ax
        Axes to draw on (default: a new figure).
    legend, title
        Draw the legend; the title.
    **style
        Passed to the arrows (``lw=`` ...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import threat_point
    >>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")  # with its threat game
    >>> threat_point(bargain.threat_point(talks), scenario=talks).get_xlabel()
    "Russia's utility"
    """
    data = threat_point_data(result, scenario=scenario, lotteries=lotteries, rng=rng, limits=limits)
    ax = get_ax(ax, size=(7.5, 5.5))
    handles = draw_space(
        ax,
        data.space,
        legend=False,
        labels=False,
        style={},
        disagreement_label="threat point",
    )
    handles += _draw_game(ax, data)
    handles += _draw_moves(ax, data, dict(style))
    if legend:
        place_legend(ax, handles)
    ax.set_title(escape(wrap(data.title if title is None else title, 60)), fontsize=10)
    return ax


def _draw_game(ax: Axes, data: ThreatPointData) -> list[Artist]:
    """The game's breakdown outcomes (small grey diamonds) and equilibria (large hollow ones)."""
    grey = "#555555"
    label = "breakdown outcomes of the game"
    small: dict[str, Any] = {"ls": "", "marker": "d", "ms": 4, "color": grey}
    ax.plot(data.outcomes[:, 0], data.outcomes[:, 1], zorder=6, label=label, **small)
    handles: list[Artist] = [Line2D([], [], label=label, **small)]
    if len(data.equilibria):
        what = "optimal threats" if "optimal" in data.title else "equilibria"
        large: dict[str, Any] = {
            "ls": "",
            "marker": "D",
            "ms": 13,
            "mfc": "none",
            "mec": _CHOSEN,
            "mew": 1.4,
        }
        ax.plot(data.equilibria[:, 0], data.equilibria[:, 1], zorder=7, label=what, **large)
        handles.append(Line2D([], [], **{**large, "ms": 8}, label=what))
    return handles


def _draw_moves(ax: Axes, data: ThreatPointData, style: dict[str, Any]) -> list[Artist]:
    """The scenario's disagreement point and the Nash solution from it, with arrows to the new."""
    label = "scenario's disagreement point"
    hollow: dict[str, Any] = {"ls": "", "marker": "X", "ms": 9, "mfc": "white", "mec": "#000000"}
    ax.plot(*data.fixed, zorder=8, label=label, **hollow)
    handles: list[Artist] = [Line2D([], [], label=label, **hollow)]
    arrow = {"arrowstyle": "-|>", "lw": 1.2, "color": "#000000", "shrinkA": 5, "shrinkB": 5}
    arrow.update(style)
    if not np.allclose(data.fixed, data.threat):
        ax.annotate("", xy=tuple(data.threat), xytext=tuple(data.fixed), arrowprops=arrow)
    nash = METHOD_STYLE["nash"]
    if data.before is not None:
        label = "Nash, from the scenario's disagreement point"
        ring: dict[str, Any] = {
            "ls": "",
            "marker": "o",
            "ms": 11,
            "mfc": "none",
            "mec": nash.colour,
            "mew": 1.5,
        }
        ax.plot(*data.before, zorder=MARK_ZORDER - 3, label=label, **ring)
        handles.append(Line2D([], [], label=label, **{**ring, "ms": 8}))
        if data.after is not None and not np.allclose(data.before, data.after):
            ax.annotate(
                "",
                xy=tuple(data.after),
                xytext=tuple(data.before),
                arrowprops={**arrow, "color": nash.colour},
            )
    return handles


def compare_threat_points(
    results: Sequence[ThreatResult],
    *,
    scenario: Scenario,
    axes: Sequence[Axes] | None = None,
    titles: Sequence[str] | None = None,
    lotteries: bool | None = None,
    rng: np.random.Generator | int | None = 0,
) -> list[Axes]:
    """Draw several threat points of one scenario side by side, in one window, each its legend.

    Every panel is :func:`threat_point` with the same axis ranges (the union of the panels'
    own windows), so positions can be compared across panels; each panel has its own legend.

    Parameters
    ----------
    results
        Threat points of `scenario` (e.g. Nash equilibrium and optimal threats).
    scenario, lotteries, rng
        As in :func:`threat_point_data`.
    axes
        One Axes per result (default: a new figure, panels in a row).
    titles
        A title per panel (default: each panel's own).

    Returns
    -------
    list of matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import compare_threat_points
    >>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> results = [bargain.threat_point(talks, c) for c in ("nash-equilibrium", "optimal-threats")]
    >>> left, right = compare_threat_points(results, scenario=talks)
    >>> left.get_xlim() == right.get_xlim() and left.get_ylim() == right.get_ylim()
    True
    """
    results = list(results)
    if not results:
        raise ScenarioError("is empty, expected at least one threat point", key="results")
    if titles is not None and len(titles) != len(results):
        raise ScenarioError(f"has {len(titles)} titles for {len(results)} panels", key="titles")
    windows = [
        threat_point_data(r, scenario=scenario, lotteries=lotteries, rng=rng).space.limits
        for r in results
    ]
    limits = np.stack(
        [np.min([w[:, 0] for w in windows], axis=0), np.max([w[:, 1] for w in windows], axis=0)],
        axis=1,
    )
    if axes is None:
        fig = plt.figure(figsize=(7.0 * len(results), 5.5), layout="constrained")
        axes = list(np.atleast_1d(fig.subplots(1, len(results))))
    else:
        axes = list(axes)
        if len(axes) != len(results):
            raise ScenarioError(
                f"must be {len(results)} Axes, one per result, found {len(axes)}", key="axes"
            )
    for j, (ax, result) in enumerate(zip(axes, results, strict=True)):
        threat_point(
            result,
            scenario=scenario,
            ax=ax,
            lotteries=lotteries,
            rng=rng,
            limits=limits,
            title=None if titles is None else titles[j],
        )
    return axes
