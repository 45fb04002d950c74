"""The utility space: every deal, the exact frontier, the disagreement point and the solutions.

:func:`utility_space_data` computes what :func:`utility_space` draws for two parties (or two
parties of a larger scenario, projected); :func:`pairwise_data` and :func:`pairwise` do it for
every pair of parties, as a matrix of panels.

How deals are shown
-------------------
Up to ``max_points`` deals are drawn one by one (a scatter). Larger spaces are drawn as a 2-D
density (a histogram of deals on a grid of bins): exactly, over every deal, up to
:data:`MAX_ENUMERATE` deals; beyond that over ``samples`` deals drawn uniformly at random with
the seeded ``rng``, and the legend says so. Nothing else is sampled: the frontier, the
disagreement point and the solutions are exact.

Examples
--------
>>> import bargain
>>> from bargain.plot import utility_space_data
>>> data = utility_space_data(bargain.load_scenario("russia-nato-2022-no-red-lines"))
>>> data.axis_labels
("Russia's utility", "NATO's utility")
>>> data.deals.mode, data.deals.n_deals, data.deals.sampled
('density', 27648, False)
>>> [mark.label for mark in data.marks]
['Nash', 'Kalai–Smorodinsky', 'egalitarian', 'utilitarian']
"""

from __future__ import annotations

import math
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.colors import LinearSegmentedColormap
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from numpy.typing import NDArray

from bargain._checks import suggest
from bargain.api import pareto_frontier, solve
from bargain.disagreement import resolve_disagreement
from bargain.errors import ScenarioError
from bargain.frontier.merge import merge_frontier
from bargain.model.scenario import Scenario
from bargain.plot._common import background, escape, get_ax, place_legend, possessive, wrap
from bargain.plot.palette import DENSITY_COLOURS, METHOD_STYLE, OKABE_ITO
from bargain.solutions.concepts import METHODS
from bargain.solutions.result import Solution

__all__ = [
    "DEFAULT_METHODS",
    "MARK_ZORDER",
    "MAX_ENUMERATE",
    "MAX_POINTS",
    "MIN_PROBABILITY",
    "SAMPLES",
    "DealCloud",
    "Mark",
    "PairwiseData",
    "UtilitySpaceData",
    "deal_cloud",
    "pairwise",
    "pairwise_data",
    "party_pair",
    "rewindow",
    "utility_bounds",
    "utility_space",
    "utility_space_data",
]

Array = NDArray[np.float64]

#: The solutions marked by default.
DEFAULT_METHODS = ("nash", "kalai-smorodinsky", "egalitarian", "utilitarian")
#: Deal spaces up to this size are drawn deal by deal (a scatter).
MAX_POINTS = 5_000
#: Deal spaces up to this size are binned exactly, every deal counted; larger ones are sampled.
MAX_ENUMERATE = 2**20
#: Deals drawn (uniformly, seeded) from spaces larger than :data:`MAX_ENUMERATE`.
SAMPLES = 100_000
#: Bins per axis of the density.
BINS = 60
#: Lottery deals less probable than this (solver round-off) are not drawn.
MIN_PROBABILITY = 1e-6


@dataclass(frozen=True, slots=True, eq=False)
class DealCloud:
    """The deals of a scenario in the utility plane of two parties: all of them, or a sample.

    Attributes
    ----------
    mode
        ``"scatter"`` (`points` holds every deal) or ``"density"`` (`counts` holds deals per bin).
    points
        ``(n, 2)`` utilities of every deal in scatter mode; ``(0, 2)`` in density mode.
    counts, xedges, yedges
        Density mode: deals per bin, shape ``(len(yedges) - 1, len(xedges) - 1)`` (rows are the
        second party's utility), and the bin edges. Empty in scatter mode.
    n_deals
        Size of the whole deal space (a Python int).
    n_used
        Deals counted: `n_deals`, or the number sampled.
    sampled
        Whether the deals are a uniform random sample.
    seed
        The seed of the sample (``None`` when nothing was sampled).
    label
        The legend entry, in words.
    """

    mode: str
    points: Array
    counts: NDArray[np.int64]
    xedges: Array
    yedges: Array
    n_deals: int
    n_used: int
    sampled: bool
    seed: int | None
    label: str


@dataclass(frozen=True, slots=True, eq=False)
class Mark:
    """One marked solution (several methods when they agree on the same point).

    Attributes
    ----------
    label
        The methods' names in words, joined by ``" = "``.
    methods
        The methods (keys of :data:`bargain.solutions.solve.METHODS`).
    point
        ``(2,)`` the solution's (expected) utilities.
    deal
        The agreed deal ``{issue_key: level_name}`` (the most probable deal of a lottery).
    lottery
        ``(n, 2)`` the utilities of the deals a lottery mixes (``(0, 2)`` for a pure deal);
        deals drawn with a probability below :data:`MIN_PROBABILITY` are left out.
    probabilities
        The lottery's probabilities (empty for a pure deal).
    """

    label: str
    methods: tuple[str, ...]
    point: Array
    deal: dict[str, str]
    lottery: Array
    probabilities: tuple[float, ...]


@dataclass(frozen=True, slots=True, eq=False)
class UtilitySpaceData:
    """What :func:`utility_space` draws.

    Attributes
    ----------
    scenario
        The scenario's name.
    party_keys, parties
        The two parties (keys, and names in words): x axis first.
    axis_labels
        ``("Russia's utility", "NATO's utility")``.
    deals
        Every deal, or a sample, as a :class:`DealCloud`.
    pareto
        ``(m, 2)`` the exact Pareto frontier of the two parties' utilities, ascending in x.
    frontier
        ``(r, 2)`` the individually rational Pareto frontier of the scenario (every party above
        its disagreement utility; with more parties, projected), ascending in x.
    disagreement
        ``(2,)`` the disagreement point.
    best
        ``(2,)`` each party's best utility over all deals; with `disagreement`, the corners of
        the individually rational region.
    marks
        The solutions, one :class:`Mark` per distinct point, in method order.
    no_agreement
        Methods whose solution is "no agreement" (not marked).
    limits
        ``[[x_low, x_high], [y_low, y_high]]``: the window drawn.
    projected
        Whether other parties' utilities are projected away (three or more parties).
    window
        ``"all"`` or ``"rational"`` (see :func:`utility_space_data`).
    """

    scenario: str
    party_keys: tuple[str, str]
    parties: tuple[str, str]
    axis_labels: tuple[str, str]
    deals: DealCloud
    pareto: Array
    frontier: Array
    disagreement: Array
    best: Array
    marks: tuple[Mark, ...]
    no_agreement: tuple[str, ...]
    limits: Array
    projected: bool
    window: str = "all"


# --------------------------------------------------------------------------- data
def party_pair(scenario: Scenario, parties: Sequence[str] | None) -> tuple[int, int]:
    """The positions of the x and y `parties` (keys) of `scenario`; both parties of two."""
    if parties is None:
        if scenario.n_parties != 2:
            raise ScenarioError(
                f"must name two of the {scenario.n_parties} parties "
                f"({', '.join(scenario.party_keys)}), or use bargain.plot.pairwise",
                key="parties",
            )
        return 0, 1
    keys = list(parties)
    if len(keys) != 2 or keys[0] == keys[1]:
        raise ScenarioError(f"must name two different parties, found {keys!r}", key="parties")
    out = []
    for key in keys:
        if key not in scenario.party_keys:
            raise ScenarioError(
                f"names no party: {key!r}; {suggest(str(key), scenario.party_keys)}",
                key="parties",
            )
        out.append(scenario.party_keys.index(key))
    return out[0], out[1]


def searched_tables(scenario: Scenario) -> tuple[Array, ...]:
    """The tables of the deals the engines search, or of every deal when red lines leave none."""
    space = scenario.space
    return space.full if space.empty else space.tables


def utility_bounds(tables: Sequence[Array], cols: Sequence[int]) -> tuple[Array, Array]:
    """The lowest and highest utility of columns `cols` over every deal of issue `tables`.

    Examples
    --------
    >>> tables = [np.array([[0.0, 1.0], [0.5, 0.0]]), np.array([[0.2, 0.3]])]
    >>> lo, hi = utility_bounds(tables, (0, 1))
    >>> lo.tolist(), hi.tolist()
    ([0.2, 0.3], [0.7, 1.3])
    """
    lo = np.array([sum(float(t[:, c].min()) for t in tables) for c in cols])
    hi = np.array([sum(float(t[:, c].max()) for t in tables) for c in cols])
    return lo, hi


def _all_utilities(tables: Sequence[Array]) -> Array:
    """Every deal's utilities, by outer sums issue by issue (first issue slowest)."""
    u = np.zeros((1, tables[0].shape[1]))
    for table in tables:
        u = (u[:, None, :] + table[None, :, :]).reshape(-1, table.shape[1])
    return u


def deal_cloud(
    scenario: Scenario,
    parties: tuple[int, int] = (0, 1),
    *,
    max_points: int = MAX_POINTS,
    samples: int = SAMPLES,
    rng: np.random.Generator | int | None = 0,
    bins: int = BINS,
    limits: Array | None = None,
) -> DealCloud:
    """The deals of `scenario` in the plane of two `parties` (positions), for drawing.

    Parameters
    ----------
    scenario
        The scenario.
    parties
        Positions of the x and y parties.
    max_points
        Up to this many deals: a scatter of every deal. Beyond: a density on `bins` x `bins`
        bins, of every deal up to :data:`MAX_ENUMERATE`, of `samples` random deals beyond.
    samples, rng
        Sample size and seed (a Generator or an int) for spaces beyond :data:`MAX_ENUMERATE`.
    bins
        Most bins per axis of the density (fewer in a window holding few deals: about eight
        deals per bin, at least 12 bins).
    limits
        ``[[x_low, x_high], [y_low, y_high]]``: the window drawn (default: every deal). When at
        most `max_points` deals fall in it (and the space is enumerated), those deals are drawn
        one by one; else the density's bins cover this window only.

    Examples
    --------
    >>> import bargain
    >>> cloud = deal_cloud(bargain.load_scenario("russia-nato-2022-no-red-lines"))
    >>> int(cloud.counts.sum()) == cloud.n_deals, cloud.label
    (True, 'all 27,648 deals (density)')
    >>> teaching = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> deal_cloud(teaching, limits=[[0.2, 0.45], [0.75, 1]]).label
    'the 1,679 of 27,648 deals in view'
    >>> deal_cloud(bargain.load_scenario("russia-nato-2022")).label  # red lines leave no deal
    'all 27,648 deals (density), each crossing a red line'
    """
    cloud = _deal_cloud(scenario, parties, max_points, samples, rng, bins, limits)
    if scenario.space.empty:  # red lines leave no deal: the deals drawn are all forbidden
        return replace(cloud, label=f"{cloud.label}, each crossing a red line")
    return cloud


def rewindow(
    space: UtilitySpaceData,
    scenario: Scenario,
    pair: tuple[int, int],
    limits: Array,
    rng: np.random.Generator | int | None,
) -> UtilitySpaceData:
    """`space` (of `scenario`'s parties at positions `pair`) drawn in the window `limits`.

    The deals are shown again for the window (see :func:`deal_cloud`): scattered when few
    fall in it, else binned over it.

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> window = np.array([[0.2, 0.45], [0.75, 1.0]])
    >>> rewindow(utility_space_data(s), s, (0, 1), window, rng=0).deals.label
    'the 1,679 of 27,648 deals in view'
    """
    return replace(space, deals=deal_cloud(scenario, pair, limits=limits, rng=rng), limits=limits)


def _deal_cloud(
    scenario: Scenario,
    parties: tuple[int, int],
    max_points: int,
    samples: int,
    rng: np.random.Generator | int | None,
    bins: int,
    limits: Array | None,
) -> DealCloud:
    tables = [t[:, list(parties)] for t in searched_tables(scenario)]
    n = math.prod(t.shape[0] for t in tables)
    lo, hi = utility_bounds(tables, (0, 1))
    if n <= max_points:
        return _scatter(_all_utilities(tables), n, f"all {n:,} deals")
    seed: int | None = None
    if n <= MAX_ENUMERATE:
        u = _all_utilities(tables)
        label = f"all {n:,} deals (density)"
        if limits is not None:
            window = np.asarray(limits, dtype=np.float64)
            inside = ((u >= window[:, 0]) & (u <= window[:, 1])).all(axis=1)
            if int(inside.sum()) <= max_points:
                # few deals in view: each one drawn, not a sparse checkerboard of bins
                return _scatter(u[inside], n, f"the {int(inside.sum()):,} of {n:,} deals in view")
    else:
        if isinstance(rng, np.random.Generator):
            generator = rng
        else:
            seed = int(rng) if rng is not None else secrets.randbits(32)
            generator = np.random.default_rng(seed)
        levels = np.stack(
            [generator.integers(0, t.shape[0], size=samples) for t in tables], axis=-1
        )
        u = np.zeros((samples, 2))
        for i, table in enumerate(tables):
            u += table[levels[:, i]]
        size = f"{n:,}" if n < 10**9 else f"~10^{math.floor(math.log10(n))}"
        label = f"{samples:,} of {size} deals, sampled" + (
            f" (seed {seed})" if seed is not None else ""
        )
    if limits is not None:
        lo, hi = np.asarray(limits, dtype=np.float64).T
        inside = ((u >= lo) & (u <= hi)).all(axis=1)
        # about eight deals per bin on average, so sparse windows do not break into a checkerboard
        bins = int(np.clip(np.sqrt(max(int(inside.sum()), 1) / 8), 12, bins))
    span = np.where(hi > lo, hi - lo, 1.0)
    xedges = np.linspace(lo[0], lo[0] + span[0], bins + 1)
    yedges = np.linspace(lo[1], lo[1] + span[1], bins + 1)
    counts, _, _ = np.histogram2d(u[:, 0], u[:, 1], bins=[xedges, yedges])
    return DealCloud(
        mode="density",
        points=np.zeros((0, 2)),
        counts=counts.T.astype(np.int64),
        xedges=xedges,
        yedges=yedges,
        n_deals=n,
        n_used=int(u.shape[0]),
        sampled=n > MAX_ENUMERATE,
        seed=seed,
        label=label,
    )


def _scatter(points: Array, n: int, label: str) -> DealCloud:
    empty = np.zeros(0)
    return DealCloud(
        mode="scatter",
        points=points,
        counts=np.zeros((0, 0), dtype=np.int64),
        xedges=empty,
        yedges=empty,
        n_deals=n,
        n_used=int(points.shape[0]),
        sampled=False,
        seed=None,
        label=label,
    )


def _solutions(
    scenario: Scenario,
    methods: Sequence[str],
    lotteries: bool,
    disagreement: Any,
    solutions: Sequence[Solution] | None,
) -> list[Solution]:
    if solutions is not None:
        return list(solutions)
    for m in methods:
        if m not in METHODS:
            raise ScenarioError(f"is not a method; {suggest(str(m), METHODS)}", key="methods")
    return [solve(scenario, m, lotteries=lotteries, disagreement=disagreement) for m in methods]


def solution_marks(
    scenario: Scenario, solutions: Sequence[Solution], pair: tuple[int, int]
) -> tuple[tuple[Mark, ...], tuple[str, ...]]:
    keys = [scenario.party_keys[pair[0]], scenario.party_keys[pair[1]]]
    groups: list[tuple[Array, list[Solution]]] = []
    missing = []
    for sol in solutions:
        if not sol.agreement:
            missing.append(sol.method)
            continue
        point = np.array([sol.utilities[k] for k in keys])
        for where, members in groups:
            if np.allclose(where, point, rtol=0, atol=1e-9) and (
                (sol.lottery is None) == (members[0].lottery is None)
            ):
                members.append(sol)
                break
        else:
            groups.append((point, [sol]))
    marks = []
    for point, members in groups:
        first = members[0]
        if first.lottery is not None and first.lottery.levels:
            shown = [j for j, p in enumerate(first.lottery.probabilities) if p >= MIN_PROBABILITY]
            levels = np.array([first.lottery.levels[j] for j in shown])
            lottery = scenario.utilities(levels)[:, list(pair)]
            probabilities = tuple(first.lottery.probabilities[j] for j in shown)
        else:
            lottery, probabilities = np.zeros((0, 2)), ()
        names = [
            METHOD_STYLE[s.method].label if s.method in METHOD_STYLE else s.method for s in members
        ]
        marks.append(
            Mark(
                label=" = ".join(dict.fromkeys(names)),
                methods=tuple(s.method for s in members),
                point=point,
                deal=dict(first.deal or {}),
                lottery=lottery,
                probabilities=tuple(probabilities),
            )
        )
    return tuple(marks), tuple(missing)


WINDOWS = ("all", "rational")


def _limits(
    scenario: Scenario, pair: tuple[int, int], window: str, d: Array, front: Array
) -> Array:
    if window not in WINDOWS:
        raise ScenarioError(f"is not a window; {suggest(str(window), WINDOWS)}", key="window")
    lo, hi = utility_bounds(searched_tables(scenario), pair)
    if window == "rational" and len(front):
        top = np.maximum(front.max(axis=0), d)
        span = np.where(top > d, top - d, 1.0)
        lo, hi = d - 0.12 * span, top + 0.12 * span
    else:
        span = np.where(hi > lo, hi - lo, 1.0)
        lo, hi = lo - 0.02 * span, hi + 0.02 * span
    return np.stack([lo, hi], axis=1)


def _space(
    scenario: Scenario,
    pair: tuple[int, int],
    sols: Sequence[Solution],
    d_all: Array,
    rational: Array,
    options: dict[str, Any],
) -> UtilitySpaceData:
    a, b = pair
    pareto, _ = merge_frontier([t[:, [a, b]] for t in searched_tables(scenario)])
    front = rational[:, [a, b]]
    front = front[np.lexsort((front[:, 1], front[:, 0]))]
    d = d_all[[a, b]]
    _, best = utility_bounds(searched_tables(scenario), pair)
    window = options.pop("window")
    limits = _limits(scenario, pair, window, d, front)
    cloud = deal_cloud(scenario, pair, limits=limits, **options)
    marks, missing = solution_marks(scenario, sols, pair)
    names = (scenario.parties[a].name, scenario.parties[b].name)
    return UtilitySpaceData(
        scenario=scenario.name,
        party_keys=(scenario.party_keys[a], scenario.party_keys[b]),
        parties=names,
        axis_labels=(f"{possessive(names[0])} utility", f"{possessive(names[1])} utility"),
        deals=cloud,
        pareto=pareto,
        frontier=front,
        disagreement=d,
        best=best,
        marks=marks,
        no_agreement=missing,
        limits=limits,
        projected=scenario.n_parties > 2,
        window=window,
    )


def _check_scenario(scenario: Any) -> None:
    if not isinstance(scenario, Scenario):
        raise ScenarioError(f"must be a Scenario, found {type(scenario).__name__}", key="scenario")


def _solved(
    scenario: Scenario,
    methods: Sequence[str],
    solutions: Sequence[Solution] | None,
    lotteries: bool,
    disagreement: Any,
) -> tuple[Array, list[Solution], Array]:
    """The disagreement point, the solutions and the individually rational frontier to draw.

    The disagreement point is `disagreement`, else that of the first of `solutions` given.
    """
    if disagreement is None and solutions:
        disagreement = dict(solutions[0].disagreement)
    d = resolve_disagreement(scenario, disagreement)
    sols = _solutions(scenario, methods, lotteries, disagreement, solutions)
    rational = pareto_frontier(scenario, disagreement=d).utilities
    return d, sols, rational


def utility_space_data(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    methods: Sequence[str] = DEFAULT_METHODS,
    solutions: Sequence[Solution] | None = None,
    lotteries: bool = False,
    disagreement: Any = None,
    max_points: int = MAX_POINTS,
    samples: int = SAMPLES,
    rng: np.random.Generator | int | None = 0,
    window: str = "all",
) -> UtilitySpaceData:
    """Everything :func:`utility_space` draws, as arrays and words.

    Parameters
    ----------
    scenario
        The bargaining problem.
    parties
        Keys of the x and y party; required with more than two parties (the other parties'
        utilities are projected away).
    methods
        Solutions to compute and mark (default: Nash, Kalai–Smorodinsky, egalitarian,
        utilitarian).
    solutions
        Solutions already computed, marked instead of `methods` (e.g. one from
        ``solve(..., disagreement="threat-game")``); their disagreement point is drawn unless
        `disagreement` is given.
    lotteries, disagreement
        Passed to :func:`bargain.solve`; `disagreement` also moves the drawn disagreement point
        and the individually rational frontier.
    max_points, samples, rng
        How deals are shown (see :func:`deal_cloud`).
    window
        ``"all"``: every deal; ``"rational"``: the disagreement point and the individually
        rational frontier, with a margin (the density is then binned in that window).

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> data = utility_space_data(s, methods=["nash"], lotteries=True, window="rational")
    >>> (mark,) = data.marks
    >>> mark.label, mark.probabilities
    ('Nash', (0.8142781875658588, 0.18572181243414118))
    >>> bool(np.allclose(mark.point, list(bargain.solve(s, lotteries=True).utilities.values())))
    True
    """
    _check_scenario(scenario)
    pair = party_pair(scenario, parties)
    d, sols, rational = _solved(scenario, methods, solutions, lotteries, disagreement)
    options = {"max_points": max_points, "samples": samples, "rng": rng, "window": window}
    return _space(scenario, pair, sols, d, rational, options)


@dataclass(frozen=True, slots=True, eq=False)
class PairwiseData:
    """What :func:`pairwise` draws: one :class:`UtilitySpaceData` per pair of parties.

    Attributes
    ----------
    party_keys, parties
        Every party (keys and names), in scenario order.
    panels
        ``{(row, column): data}`` for ``row > column``: party ``column`` on the x axis, party
        ``row`` on the y axis.
    """

    party_keys: tuple[str, ...]
    parties: tuple[str, ...]
    panels: dict[tuple[int, int], UtilitySpaceData]


def pairwise_data(
    scenario: Scenario,
    *,
    methods: Sequence[str] = DEFAULT_METHODS,
    solutions: Sequence[Solution] | None = None,
    lotteries: bool = False,
    disagreement: Any = None,
    max_points: int = MAX_POINTS,
    samples: int = SAMPLES,
    rng: np.random.Generator | int | None = 0,
    window: str = "all",
) -> PairwiseData:
    """Every pair of parties' utility plane (see :func:`utility_space_data`), solved once.

    The arguments are those of :func:`utility_space_data`. In each panel the frontier is the
    scenario's individually rational frontier projected on the pair (points, not a curve), and
    `pareto` the best trade-off between the two parties alone.

    Examples
    --------
    >>> import bargain
    >>> data = pairwise_data(bargain.load_scenario("russia-us-2021-no-red-lines"), methods=["nash"])
    >>> sorted(data.panels)[:2], data.panels[1, 0].parties
    ([(1, 0), (2, 0)], ('Russia', 'United States'))
    """
    _check_scenario(scenario)
    d, sols, rational = _solved(scenario, methods, solutions, lotteries, disagreement)
    if isinstance(rng, np.random.Generator):
        rng = int(rng.integers(2**32))
    panels = {}
    k = scenario.n_parties
    for row in range(k):
        for col in range(row):
            options = {"max_points": max_points, "samples": samples, "rng": rng, "window": window}
            panels[row, col] = _space(scenario, (col, row), sols, d, rational, options)
    return PairwiseData(
        party_keys=scenario.party_keys,
        parties=tuple(p.name for p in scenario.parties),
        panels=panels,
    )


# --------------------------------------------------------------------------- drawing
_DENSITY = LinearSegmentedColormap.from_list("bargain-deals", list(DENSITY_COLOURS))
_GREY = "#A6A6A6"


def spread(positions: Sequence[float], gap: float) -> list[float]:
    """Move sorted-or-not label positions apart to at least `gap`, keeping their mean.

    Examples
    --------
    >>> spread([0.0, 1.0, 1.5], 2.0)
    [-1.1666666666666667, 0.8333333333333333, 2.833333333333333]
    """
    order = sorted(range(len(positions)), key=lambda j: positions[j])
    placed = [float(positions[j]) for j in order]
    for j in range(1, len(placed)):
        placed[j] = max(placed[j], placed[j - 1] + gap)
    shift = (sum(float(positions[j]) for j in order) - sum(placed)) / max(len(placed), 1)
    out = [0.0] * len(placed)
    for rank, j in enumerate(order):
        out[j] = placed[rank] + shift
    return out


def _label_marks(ax: Axes, marks: Sequence[Mark]) -> None:
    """Name each solution to the right of its marker, labels pushed apart vertically."""
    if not marks:
        return
    to_px = ax.transData
    px = np.array([to_px.transform(m.point) for m in marks])
    dpi_scale = ax.figure.dpi / 72
    ys = spread(px[:, 1].tolist(), 11 * dpi_scale)
    to_axes = ax.transAxes.inverted()
    for mark, y0, y in zip(marks, px[:, 1], ys, strict=True):
        st = METHOD_STYLE.get(mark.methods[0], METHOD_STYLE["nash"])
        # labels go towards the middle of the axes, so they stay inside it
        right = float(to_axes.transform(to_px.transform(mark.point))[0]) < 0.55
        ax.annotate(
            escape(wrap(mark.label, 26)),
            (float(mark.point[0]), float(mark.point[1])),
            xytext=(10 if right else -10, (y - y0) / dpi_scale),
            textcoords="offset points",
            va="center",
            ha="left" if right else "right",
            fontsize=7.5,
            color=st.colour,
            fontweight="bold",
            zorder=10,
            arrowprops={
                "arrowstyle": "-",
                "color": st.colour,
                "lw": 0.5,
                "shrinkA": 0,
                "shrinkB": 4,
            },
        )


#: Solutions are drawn above every other mark of the plane (paths, ends, rings).
MARK_ZORDER = 20


def _draw_deals(ax: Axes, cloud: DealCloud, style: dict[str, Any]) -> Artist:
    label = escape(cloud.label)
    if cloud.mode == "scatter":
        size = 10 if cloud.n_used <= 1000 else 3
        alpha = 0.6 if cloud.n_used <= 1000 else 0.45
        options = {"s": size, "color": _GREY, "alpha": alpha, "linewidths": 0, **style}
        ax.scatter(cloud.points[:, 0], cloud.points[:, 1], zorder=1, label=label, **options)
        return Line2D([], [], ls="", marker="o", ms=4, color=_GREY, label=label)
    counts = np.ma.masked_equal(cloud.counts, 0)
    options = {"cmap": _DENSITY, **style}
    ax.pcolormesh(
        cloud.xedges, cloud.yedges, counts, zorder=1, rasterized=True, label=label, **options
    )
    return Patch(color=DENSITY_COLOURS[1], alpha=0.6, label=label)


def _draw_region(ax: Axes, d: Array, best: Array) -> Artist:
    sky = OKABE_ITO["sky blue"]
    label = "individually rational region"
    region = ax.fill_between(
        [d[0], best[0]], d[1], best[1], color=sky, alpha=0.15, lw=0, zorder=0, label=label
    )
    lines = [
        ax.axvline(d[0], color=sky, lw=1, ls="--", zorder=0.5),
        ax.axhline(d[1], color=sky, lw=1, ls="--", zorder=0.5),
    ]
    background(region, *lines)
    return Patch(facecolor=sky, alpha=0.3, label=label)


def _draw_frontiers(ax: Axes, data: UtilitySpaceData, quiet: bool) -> list[Artist]:
    handles: list[Artist] = []
    if len(data.pareto) > 1:
        label = (
            "best trade-off of these two parties alone"
            if data.projected
            else "Pareto frontier of all deals"
        )
        style: dict[str, Any] = {"color": "#000000", "lw": 0.8, "alpha": 0.45}
        ax.plot(data.pareto[:, 0], data.pareto[:, 1], zorder=2, label=label, **style)
        handles.append(Line2D([], [], label=label, **style))
    if len(data.frontier):
        label = "Pareto frontier, rational deals" + (" (projected)" if data.projected else "")
        colour = "#7F7F7F" if quiet else "#000000"
        dots: dict[str, Any] = {
            "color": colour,
            "lw": 0 if data.projected else (0.8 if quiet else 1.2),
            "marker": ".",
            "ms": 4 if data.projected or quiet else 5,
        }
        ax.plot(data.frontier[:, 0], data.frontier[:, 1], zorder=3, label=label, **dots)
        handles.append(Line2D([], [], label=label, **dots))
    return handles


def _draw_marks(ax: Axes, marks: Sequence[Mark]) -> list[Artist]:
    handles: list[Artist] = []
    for j, mark in enumerate(marks):
        st = METHOD_STYLE.get(mark.methods[0], METHOD_STYLE["nash"])
        text = escape(mark.label + (" (lottery)" if len(mark.lottery) > 1 else ""))
        if len(mark.lottery) > 1:
            # each deal of the lottery joined to the expected point: with two deals, the segment
            for deal in mark.lottery:
                ax.plot(
                    [deal[0], mark.point[0]],
                    [deal[1], mark.point[1]],
                    color=st.colour,
                    lw=3,
                    alpha=0.7,
                    zorder=MARK_ZORDER - 1,
                    solid_capstyle="round",
                    label=text,
                )
        style: dict[str, Any] = {
            "marker": st.marker,
            "ms": 8,
            "mfc": st.colour,
            "mec": "white",
            "mew": 0.8,
        }
        ax.plot(*mark.point, ls="", zorder=MARK_ZORDER + j, label=text, **style)
        handles.append(Line2D([], [], ls="", label=text, **style))
    return handles


def draw_space(
    ax: Axes,
    data: UtilitySpaceData,
    *,
    legend: bool,
    labels: bool,
    style: dict[str, Any],
    quiet: bool = False,
    disagreement_label: str = "disagreement point",
) -> list[Artist]:
    """Draw one utility plane on `ax`; returns the legend handles.

    With `quiet`, the frontier is drawn in grey, as a background for paths drawn over it. The
    legend (when drawn) goes into a corner free of data, or outside on the right.
    """
    d = data.disagreement
    handles = [_draw_deals(ax, data.deals, style), _draw_region(ax, d, data.best)]
    handles += _draw_frontiers(ax, data, quiet)
    label = disagreement_label
    cross: dict[str, Any] = {"marker": "X", "ms": 9, "mec": "white", "mew": 0.6, "color": "#000000"}
    ax.plot(*d, ls="", zorder=MARK_ZORDER - 2, label=label, **cross)
    handles.append(Line2D([], [], ls="", label=label, **cross))
    handles += _draw_marks(ax, data.marks)
    ax.set_xlim(*data.limits[0])
    ax.set_ylim(*data.limits[1])
    ax.set_xlabel(escape(data.axis_labels[0]))
    ax.set_ylabel(escape(data.axis_labels[1]))
    if labels:
        _label_marks(ax, data.marks)
    if legend:
        place_legend(ax, handles)
    return handles


def utility_space(
    scenario: Scenario,
    *,
    ax: Axes | None = None,
    parties: Sequence[str] | None = None,
    methods: Sequence[str] = DEFAULT_METHODS,
    solutions: Sequence[Solution] | None = None,
    lotteries: bool = False,
    disagreement: Any = None,
    max_points: int = MAX_POINTS,
    samples: int = SAMPLES,
    rng: np.random.Generator | int | None = 0,
    window: str = "all",
    legend: bool = True,
    labels: bool = True,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw the utility space of two parties: deals, frontier, disagreement point, solutions.

    Parameters
    ----------
    scenario, parties, methods, solutions, lotteries, disagreement, max_points, samples, rng, window
        As in :func:`utility_space_data`.
    ax
        Axes to draw on (default: a new figure).
    legend, labels
        Draw the legend, and each solution's name next to it.
    title
        Axes title (default: the scenario's name).
    **style
        Passed to the artist drawing the deals (``scatter`` or ``pcolormesh``), e.g. ``cmap=``.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import utility_space
    >>> ax = utility_space(bargain.load_scenario("russia-nato-2022-no-red-lines"), lotteries=True)
    >>> ax.get_xlabel(), ax.get_ylabel()
    ("Russia's utility", "NATO's utility")
    """
    data = utility_space_data(
        scenario,
        parties=parties,
        methods=methods,
        solutions=solutions,
        lotteries=lotteries,
        disagreement=disagreement,
        max_points=max_points,
        samples=samples,
        rng=rng,
        window=window,
    )
    ax = get_ax(ax)
    draw_space(ax, data, legend=legend, labels=labels, style=dict(style))
    ax.set_title(escape(data.scenario if title is None else title))
    return ax


def pairwise(
    scenario: Scenario,
    *,
    axes: NDArray[Any] | None = None,
    methods: Sequence[str] = DEFAULT_METHODS,
    solutions: Sequence[Solution] | None = None,
    lotteries: bool = False,
    disagreement: Any = None,
    max_points: int = MAX_POINTS,
    samples: int = SAMPLES,
    rng: np.random.Generator | int | None = 0,
    window: str = "all",
    title: str | None = None,
    **style: Any,
) -> NDArray[Any]:
    """Draw every pair of parties' utility plane as the lower triangle of a matrix of panels.

    With ``k`` parties the matrix has ``k - 1`` rows and columns: panel ``[i - 1, j]`` (for
    ``i > j``) has party ``j`` on the x axis and party ``i`` on the y axis. The legend sits in
    the top right corner.

    Parameters
    ----------
    scenario, methods, solutions, lotteries, disagreement, max_points, samples, rng, window
        As in :func:`pairwise_data`.
    axes
        A ``(k - 1, k - 1)`` array of Axes to draw on (default: a new figure).
    title
        The figure's title (default: the scenario's name).
    **style
        As in :func:`utility_space`.

    Returns
    -------
    numpy.ndarray
        The ``(k - 1, k - 1)`` array of Axes.

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import pairwise
    >>> axes = pairwise(bargain.load_scenario("russia-us-2021-no-red-lines"), methods=["nash"])
    >>> axes.shape, axes[0, 0].get_ylabel()
    ((2, 2), "United States' utility")
    """
    data = pairwise_data(
        scenario,
        methods=methods,
        solutions=solutions,
        lotteries=lotteries,
        disagreement=disagreement,
        max_points=max_points,
        samples=samples,
        rng=rng,
        window=window,
    )
    n = len(data.parties) - 1
    new = axes is None
    if axes is None:
        size = max(3.2, 2.7 * n)
        _, axes = plt.subplots(n, n, figsize=(size, size), squeeze=False)
    else:
        axes = np.asarray(axes)
        if axes.shape != (n, n):
            raise ScenarioError(
                f"must be a ({n}, {n}) array of Axes, found shape {axes.shape}", key="axes"
            )
    entries: dict[str, Any] = {}  # every panel's entries: a panel may lack a frontier
    for (row, col), panel in data.panels.items():
        ax = axes[row - 1, col]
        for handle in draw_space(ax, panel, legend=False, labels=False, style=dict(style)):
            entries.setdefault(str(handle.get_label()), handle)
        ax.tick_params(labelsize=7)
        ax.xaxis.label.set_size(8)
        ax.yaxis.label.set_size(8)
        if row - 1 != n - 1:
            ax.set_xlabel("")
        if col != 0:
            ax.set_ylabel("")
    for r in range(n):
        for c in range(r + 1, n):
            axes[r, c].axis("off")
    fig = axes[0, 0].figure
    fig.suptitle(escape(scenario.name if title is None else title))
    if new:
        fig.tight_layout()
    handles = list(entries.values())
    if n > 1:
        # the empty upper triangle holds the legend
        axes[0, n - 1].legend(handles=handles, loc="upper right", fontsize=7, frameon=False)
    else:
        place_legend(axes[0, 0], handles)
    return axes
