"""Pictures of a concession path (:class:`bargain.ConcessionPath`).

- :func:`concession_path`: the offers on the utility plane of two parties, over the frontier,
  one arrow per concession, coloured by proposer (trades: one arrow per trade).
- :func:`utility_over_rounds`: each party's utility round by round, from its own offers and
  from the others' offers (and its aspiration, for time-based tactics).
- :func:`rounds_by_party`: small multiples for three or more parties, one panel per party
  with its utility from each proposer's offers, round by round.
- :func:`compare_paths`: several paths on one utility plane.

Examples
--------
>>> import bargain
>>> from bargain.plot import concession_path_data, utility_over_rounds_data
>>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
>>> path = bargain.concession_path(talks, "zeuthen")
>>> data = concession_path_data(path, scenario=talks)
>>> [track.label for track in data.tracks]
["Russia's offers", "NATO's offers"]
>>> data.agreement.tolist() == [path.utilities["russia"], path.utilities["nato"]]
True
>>> [s.label for s in utility_over_rounds_data(path, scenario=talks).series][:2]
["Russia's utility: own offers", "Russia's utility: NATO's offers"]
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from numpy.typing import NDArray

from bargain.errors import ScenarioError
from bargain.model.scenario import Scenario
from bargain.plot._common import background, escape, get_ax, place_legend, possessive, wrap
from bargain.plot.palette import METHOD_STYLE, OKABE_ITO, party_colour
from bargain.plot.space import (
    MARK_ZORDER,
    UtilitySpaceData,
    draw_space,
    party_pair,
    rewindow,
    utility_space_data,
)
from bargain.protocols.result import ConcessionPath

__all__ = [
    "CompareData",
    "Compared",
    "PartyPanel",
    "PathData",
    "Proposer",
    "RoundsByPartyData",
    "RoundsData",
    "Series",
    "Track",
    "compare_paths",
    "compare_paths_data",
    "concession_path",
    "concession_path_data",
    "rounds_by_party",
    "rounds_by_party_data",
    "utility_over_rounds",
    "utility_over_rounds_data",
]

Array = NDArray[np.float64]
_TRADE = OKABE_ITO["reddish purple"]


@dataclass(frozen=True, slots=True, eq=False)
class Track:
    """The successive offers of one proposer (or the successive trades) on the plane.

    Attributes
    ----------
    proposer
        The proposing party's key, or ``None`` for trades.
    label
        In words: ``"Russia's offers"`` or ``"trades"``.
    colour
        The proposer's colour (reddish purple for trades).
    points
        ``(n, 2)`` the utilities of its offers, in order (for trades, the start deal first).
    rounds
        The round of each point (0 for the start deal of trades).
    accepted
        Whether each offer was accepted.
    """

    proposer: str | None
    label: str
    colour: str
    points: Array
    rounds: tuple[int, ...]
    accepted: tuple[bool, ...]


@dataclass(frozen=True, slots=True, eq=False)
class PathData:
    """What :func:`concession_path` draws.

    Attributes
    ----------
    protocol, title
        The protocol and a headline in words.
    space
        The background: the utility plane (deals, frontier, disagreement point, the Nash
        solution), windowed to hold the whole path.
    tracks
        One :class:`Track` per proposer (or one for trades).
    agreement
        ``(2,)`` the agreed utilities, or ``None``.
    """

    protocol: str
    title: str
    space: UtilitySpaceData
    tracks: tuple[Track, ...]
    agreement: Array | None


def _check(path: object, scenario: Scenario) -> ConcessionPath:
    if not isinstance(path, ConcessionPath):
        raise ScenarioError(f"must be a ConcessionPath, found {type(path).__name__}", key="path")
    if path.scenario != scenario.name or tuple(path.parties) != scenario.party_keys:
        raise ScenarioError(
            f"is a path of {path.scenario!r}, not of the scenario given ({scenario.name!r})",
            key="path",
        )
    return path


def _names(scenario: Scenario) -> dict[str, str]:
    return {p.key: p.name for p in scenario.parties}


def _trade_start(path: ConcessionPath, scenario: Scenario) -> Array | None:
    """Trades: the utilities of the start deal (the first trade's deal, undone)."""
    if not path.steps:
        return None
    first = path.steps[0]
    levels = list(first.levels)
    for change in first.changes:
        i = scenario.issue_keys.index(change.issue)
        levels[i] = scenario.issues[i].level_index(change.before)
    return np.asarray(scenario.utilities(levels), dtype=np.float64)


def _tracks(path: ConcessionPath, scenario: Scenario, pair: tuple[int, int]) -> list[Track]:
    a, b = pair
    keys = (scenario.party_keys[a], scenario.party_keys[b])
    names = _names(scenario)
    if path.protocol == "trades":
        start = _trade_start(path, scenario)
        points = [start[[a, b]]] if start is not None else []
        points += [np.array([s.utilities[keys[0]], s.utilities[keys[1]]]) for s in path.steps]
        return [
            Track(
                proposer=None,
                label="trades",
                colour=_TRADE,
                points=np.array(points).reshape(-1, 2),
                rounds=(0, *(s.round for s in path.steps)) if points else (),
                accepted=(True,) * len(points),
            )
        ]
    tracks = []
    for j, key in enumerate(scenario.party_keys):
        steps = [s for s in path.steps if s.proposer == key]
        if steps:
            tracks.append(
                Track(
                    proposer=key,
                    label=f"{possessive(names[key])} offers",
                    colour=party_colour(j),
                    points=np.array([[s.utilities[keys[0]], s.utilities[keys[1]]] for s in steps]),
                    rounds=tuple(s.round for s in steps),
                    accepted=tuple(s.accepted for s in steps),
                )
            )
    return tracks


def space_background(
    scenario: Scenario,
    pair: tuple[int, int],
    disagreement: dict[str, float],
    points: Sequence[Array],
    rng: np.random.Generator | int | None,
) -> UtilitySpaceData:
    """The utility plane with the Nash solution, its window widened to hold `points`."""
    keys = (scenario.party_keys[pair[0]], scenario.party_keys[pair[1]])
    space = utility_space_data(
        scenario,
        parties=keys if scenario.n_parties > 2 else None,
        methods=["nash"],
        disagreement=disagreement,
        window="rational",
        rng=rng,
    )
    every = [p for p in points if len(p)]
    if not every:
        return space
    pts = np.vstack([*every, space.disagreement[None, :]])
    lo = np.minimum(space.limits[:, 0], pts.min(axis=0))
    hi = np.maximum(space.limits[:, 1], pts.max(axis=0))
    pad = 0.05 * np.where(hi > lo, hi - lo, 1.0)
    limits = np.stack([lo - pad, hi + pad], axis=1)
    if np.array_equal(limits, space.limits):
        return space
    return rewindow(space, scenario, pair, limits, rng)


def _end(path: ConcessionPath, keys: tuple[str, str]) -> Array | None:
    if not path.agreement:
        return None
    return np.array([path.utilities[keys[0]], path.utilities[keys[1]]])


def _outcome(path: ConcessionPath) -> str:
    if not path.agreement:
        return "no agreement"
    return f"agreement after {path.rounds} round{'s' if path.rounds != 1 else ''}"


def concession_path_data(
    path: ConcessionPath,
    *,
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    rng: np.random.Generator | int | None = 0,
) -> PathData:
    """The offers of a concession path on the utility plane of two parties.

    Parameters
    ----------
    path
        A concession path of `scenario`.
    scenario
        The scenario (for the frontier, the deals and the names).
    parties
        The x and y parties' keys; required with more than two parties.
    rng
        Seed for sampling deals of astronomically large spaces (see
        :func:`bargain.plot.deal_cloud`).
    """
    path = _check(path, scenario)
    pair = party_pair(scenario, parties)
    keys = (scenario.party_keys[pair[0]], scenario.party_keys[pair[1]])
    tracks = _tracks(path, scenario, pair)
    space = space_background(
        scenario, pair, dict(path.disagreement), [t.points for t in tracks], rng
    )
    protocol = path.protocol.replace("-", " ")
    return PathData(
        protocol=path.protocol,
        title=f"{scenario.name}: {protocol}, {_outcome(path)}",
        space=space,
        tracks=tuple(tracks),
        agreement=_end(path, keys),
    )


def concession_path(
    path: ConcessionPath,
    *,
    scenario: Scenario,
    ax: Axes | None = None,
    parties: Sequence[str] | None = None,
    rng: np.random.Generator | int | None = 0,
    rounds: bool = True,
    legend: bool = True,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw a concession path over the utility plane: an arrow per concession, per proposer.

    The background is :func:`bargain.plot.utility_space` with the Nash solution only (drawn on
    top of everything) and the frontier in grey. Each proposer's offers are joined by arrows in
    its colour (trades: reddish purple arrows from the start deal), numbered by round, the
    first offer a hollow square; the agreement is ringed. The legend goes into a corner free of
    data, or outside on the right.

    Parameters
    ----------
    path, scenario, parties, rng
        As in :func:`concession_path_data`.
    ax
        Axes to draw on (default: a new figure).
    rounds
        Write the round number next to each offer (at most 40 offers).
    legend, title
        Draw the legend; the title (default: the protocol and the outcome).
    **style
        Passed to the arrows (``lw=``, ``alpha=`` ...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import concession_path
    >>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> ax = concession_path(bargain.concession_path(talks, "zeuthen"), scenario=talks)
    >>> ax.get_title()
    'russia-nato-2022-no-red-lines: zeuthen, agreement after 10 rounds'
    """
    data = concession_path_data(path, scenario=scenario, parties=parties, rng=rng)
    ax = get_ax(ax)
    handles = draw_space(ax, data.space, legend=False, labels=False, style={}, quiet=True)
    handles += _draw_tracks(ax, data, rounds=rounds, style=dict(style))
    if legend:
        place_legend(ax, handles)
    ax.set_title(escape(data.title if title is None else title), fontsize=10)
    return ax


#: The first offer of a track: a hollow square in the track's colour.
_START: dict[str, Any] = {"marker": "s", "ms": 7, "mfc": "white", "mew": 1.3, "ls": ""}


def _start_handle() -> Line2D:
    return Line2D([], [], color="#000000", label="first offer (start)", **_START)


def _draw_tracks(ax: Axes, data: PathData, *, rounds: bool, style: dict[str, Any]) -> list[Artist]:
    arrow = {"arrowstyle": "-|>", "lw": 1.3, "mutation_scale": 11, **style}
    n_points = sum(len(t.points) for t in data.tracks)
    handles: list[Artist] = []
    for k, track in enumerate(data.tracks):
        pts = track.points
        label = escape(track.label)
        ax.plot(
            pts[:, 0],
            pts[:, 1],
            ls="",
            marker="o",
            ms=3.5,
            color=track.colour,
            zorder=7,
            label=label,
        )
        for p, q in itertools.pairwise(pts):
            if np.allclose(p, q):
                continue
            ax.annotate(
                "",
                xy=(float(q[0]), float(q[1])),
                xytext=(float(p[0]), float(p[1])),
                arrowprops={"color": track.colour, "shrinkA": 2, "shrinkB": 2, **arrow},
                zorder=7,
            )
        ax.plot(*pts[0], mec=track.colour, zorder=8, label="first offer (start)", **_START)
        handles.append(Line2D([], [], color=track.colour, marker="o", ms=4, lw=1.3, label=label))
        if rounds and n_points <= 40:
            side = 1 if k % 2 == 0 else -1
            for (x, y), r in zip(pts, track.rounds, strict=True):
                ax.annotate(
                    str(r),
                    (float(x), float(y)),
                    xytext=(5 * side, 3 * side),
                    textcoords="offset points",
                    fontsize=6,
                    color=track.colour,
                    ha="left" if side > 0 else "right",
                    zorder=8,
                )
    if data.tracks:
        handles.append(_start_handle())
    if data.agreement is not None:
        ring: dict[str, Any] = {
            "ls": "",
            "marker": "o",
            "ms": 14,
            "mfc": "none",
            "mec": "#000000",
            "mew": 1.2,
        }
        ax.plot(*data.agreement, zorder=MARK_ZORDER - 3, label="agreement", **ring)
        handles.append(Line2D([], [], label="agreement", **ring))
    return handles


# --------------------------------------------------------------------------- comparison
@dataclass(frozen=True, slots=True, eq=False)
class Compared:
    """One path of :func:`compare_paths`.

    Attributes
    ----------
    protocol, label
        The protocol, and its name in words with the outcome (``"zeuthen: agreement after 13
        rounds"``).
    colour, marker
        How the path is drawn.
    tracks
        Its offers, as in :class:`PathData` (each proposer's, or the trades).
    end
        ``(2,)`` the agreed utilities, or ``None`` without agreement.
    """

    protocol: str
    label: str
    colour: str
    marker: str
    tracks: tuple[Track, ...]
    end: Array | None


@dataclass(frozen=True, slots=True, eq=False)
class CompareData:
    """What :func:`compare_paths` draws: one background, one :class:`Compared` per path."""

    title: str
    space: UtilitySpaceData
    paths: tuple[Compared, ...]


_COMPARE = [
    (OKABE_ITO["blue"], "o"),
    (OKABE_ITO["orange"], "s"),
    (OKABE_ITO["bluish green"], "^"),
    (OKABE_ITO["reddish purple"], "D"),
    (OKABE_ITO["sky blue"], "v"),
    (OKABE_ITO["yellow"], "P"),
    (OKABE_ITO["black"], "X"),
]


def compare_paths_data(
    paths: Sequence[ConcessionPath],
    *,
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    rng: np.random.Generator | int | None = 0,
) -> CompareData:
    """Several concession paths of one scenario on one utility plane.

    Parameters
    ----------
    paths
        Paths of `scenario` (any protocols, one disagreement point: the first path's is drawn).
    scenario, parties, rng
        As in :func:`concession_path_data`.
    labels
        A name for each path (default: its protocol); the outcome is added.

    Examples
    --------
    >>> import bargain
    >>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> paths = [bargain.concession_path(talks, p) for p in ("zeuthen", "alternating-offers")]
    >>> [c.label for c in compare_paths_data(paths, scenario=talks).paths]
    ['zeuthen: agreement after 10 rounds', 'alternating offers: agreement after 1 round']
    """
    paths = [_check(p, scenario) for p in paths]
    if not paths:
        raise ScenarioError("is empty, expected at least one concession path", key="paths")
    if labels is not None and len(labels) != len(paths):
        raise ScenarioError(f"has {len(labels)} names for {len(paths)} paths", key="labels")
    pair = party_pair(scenario, parties)
    keys = (scenario.party_keys[pair[0]], scenario.party_keys[pair[1]])
    out = []
    for j, path in enumerate(paths):
        colour, marker = _COMPARE[j % len(_COMPARE)]
        name = labels[j] if labels is not None else path.protocol.replace("-", " ")
        out.append(
            Compared(
                protocol=path.protocol,
                label=f"{name}: {_outcome(path)}",
                colour=colour,
                marker=marker,
                tracks=tuple(_tracks(path, scenario, pair)),
                end=_end(path, keys),
            )
        )
    points = [t.points for c in out for t in c.tracks]
    space = space_background(scenario, pair, dict(paths[0].disagreement), points, rng)
    return CompareData(
        title=f"{scenario.name}: {len(paths)} concession paths",
        space=space,
        paths=tuple(out),
    )


def compare_paths(
    paths: Sequence[ConcessionPath],
    *,
    scenario: Scenario,
    ax: Axes | None = None,
    parties: Sequence[str] | None = None,
    labels: Sequence[str] | None = None,
    rng: np.random.Generator | int | None = 0,
    legend: bool = True,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw several concession paths on one utility plane, one colour and marker per path.

    Each path's offers are thin lines (solid: the first proposer's, dashed: the others') with
    an arrowhead on every step, pointing the way the path moves; its first offer is a hollow
    square and its end a large marker. The Nash solution (drawn on top, so a path ending on it
    leaves it visible) and the disagreement point are drawn as in
    :func:`bargain.plot.utility_space`, the frontier in grey. The legend sits outside the axes,
    on the right.

    Parameters
    ----------
    paths, scenario, parties, labels, rng
        As in :func:`compare_paths_data`.
    ax
        Axes to draw on (default: a new figure).
    legend, title
        Draw the legend; the title.
    **style
        Passed to the lines of the offers.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import compare_paths
    >>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> paths = [bargain.concession_path(talks, p) for p in ("zeuthen", "trades")]
    >>> compare_paths(paths, scenario=talks).get_ylabel()
    "NATO's utility"
    """
    data = compare_paths_data(paths, scenario=scenario, parties=parties, labels=labels, rng=rng)
    ax = get_ax(ax, size=(9.5, 5.0))
    handles = draw_space(ax, data.space, legend=False, labels=False, style={}, quiet=True)
    for c in data.paths:
        label = escape(c.label)
        for k, track in enumerate(c.tracks):
            options = {"lw": 1.2, "alpha": 0.9, **style}
            pts = track.points
            ax.plot(
                pts[:, 0],
                pts[:, 1],
                ls="-" if k == 0 else "--",
                marker=".",
                ms=4,
                color=c.colour,
                zorder=7,
                label=label,
                **options,
            )
            _direction(ax, pts, c.colour)
            ax.plot(*pts[0], mec=c.colour, zorder=8, label="first offer (start)", **_START)
        if c.end is not None:
            end: dict[str, Any] = {
                "marker": c.marker,
                "ms": 12,
                "mfc": c.colour,
                "mec": "#000000",
                "mew": 0.8,
            }
            ax.plot(*c.end, ls="", zorder=MARK_ZORDER - 3, label=label, **end)
        handles.append(
            Line2D(
                [], [], color=c.colour, marker=c.marker, ms=7, mec="#000000", lw=1.2, label=label
            )
        )
    handles.append(_start_handle())
    if legend:
        place_legend(ax, handles, corners=(), outside="right")
    ax.set_title(escape(data.title if title is None else title), fontsize=10)
    return ax


def _direction(ax: Axes, pts: Array, colour: str) -> None:
    """An arrowhead in the middle of each step of a path, pointing the way it moves."""
    for p, q in itertools.pairwise(pts):
        if np.allclose(p, q):
            continue
        mid = (p + q) / 2
        ax.annotate(
            "",
            xy=(float(mid[0] + 0.01 * (q[0] - p[0])), float(mid[1] + 0.01 * (q[1] - p[1]))),
            xytext=(float(mid[0]), float(mid[1])),
            arrowprops={"arrowstyle": "-|>", "color": colour, "lw": 0, "mutation_scale": 10},
            zorder=7,
        )


# --------------------------------------------------------------------------- rounds
@dataclass(frozen=True, slots=True, eq=False)
class Series:
    """One line of :func:`utility_over_rounds`.

    Attributes
    ----------
    party
        Whose utility (key).
    source
        ``"own"`` (the party's own offers), ``"offered"`` (the others' offers), ``"trade"``
        (the deal after each trade) or ``"aspiration"`` (time-based: what it demands).
    label
        In words: ``"Russia's utility: NATO's offers"``.
    colour
        The party's colour.
    rounds, utilities
        The line's points.
    """

    party: str
    source: str
    label: str
    colour: str
    rounds: NDArray[np.int64]
    utilities: Array


@dataclass(frozen=True, slots=True, eq=False)
class RoundsData:
    """What :func:`utility_over_rounds` draws.

    Attributes
    ----------
    title
        A headline in words.
    parties
        Party keys and names, in scenario order.
    series
        The lines.
    disagreement, nash
        ``{party_key: utility}`` reference levels (``nash`` empty when there is no Nash deal).
    agreement_round
        The round of the accepted offer, or ``None``.
    """

    title: str
    parties: tuple[tuple[str, str], ...]
    series: tuple[Series, ...]
    disagreement: dict[str, float]
    nash: dict[str, float]
    agreement_round: int | None


def utility_over_rounds_data(path: ConcessionPath, *, scenario: Scenario) -> RoundsData:
    """Each party's utility round by round, from its own and the others' offers.

    With two parties the "others' offers" line names the other party; with more it reads
    ``"others' offers"``. Trades give one line per party: its utility after each trade.
    """
    path = _check(path, scenario)
    names = _names(scenario)
    series = []
    for j, key in enumerate(scenario.party_keys):
        colour = party_colour(j)
        who = f"{possessive(names[key])} utility"
        if path.protocol == "trades":
            start = _trade_start(path, scenario)
            r = [0, *(s.round for s in path.steps)] if start is not None else []
            u = ([float(start[j])] if start is not None else []) + [
                s.utilities[key] for s in path.steps
            ]
            series.append(
                Series(key, "trade", f"{who} after each trade", colour, np.array(r), np.array(u))
            )
            continue
        own = [s for s in path.steps if s.proposer == key]
        other = [s for s in path.steps if s.proposer not in (key, None)]
        if scenario.n_parties == 2:
            others = possessive(names[scenario.party_keys[1 - j]]) + " offers"
        else:
            others = "others' offers"
        for source, steps, label in (
            ("own", own, f"{who}: own offers"),
            ("offered", other, f"{who}: {others}"),
        ):
            if steps:
                series.append(
                    Series(
                        key,
                        source,
                        label,
                        colour,
                        np.array([s.round for s in steps]),
                        np.array([s.utilities[key] for s in steps]),
                    )
                )
        aspiring = [s for s in path.steps if s.aspiration is not None]
        if aspiring:
            series.append(
                Series(
                    key,
                    "aspiration",
                    f"{possessive(names[key])} aspiration",
                    colour,
                    np.array([s.round for s in aspiring]),
                    np.array([s.aspiration[key] for s in aspiring if s.aspiration is not None]),
                )
            )
    accepted = [s.round for s in path.steps if s.accepted and s.proposer is not None]
    protocol = path.protocol.replace("-", " ")
    return RoundsData(
        title=f"{scenario.name}: {protocol}, utility round by round",
        parties=tuple((p.key, p.name) for p in scenario.parties),
        series=tuple(series),
        disagreement={k: float(v) for k, v in path.disagreement.items()},
        nash={k: float(v) for k, v in (path.nash_utilities or {}).items()},
        agreement_round=accepted[0] if accepted and path.agreement else None,
    )


_LINES = {"own": "-", "offered": "--", "trade": "-", "aspiration": ":"}


def utility_over_rounds(
    path: ConcessionPath,
    *,
    scenario: Scenario,
    ax: Axes | None = None,
    title: str | None = None,
    **style: Any,
) -> Axes:
    """Draw each party's utility over the rounds of a concession path.

    Solid lines: from the party's own offers (what it demands); dashed: from the others' offers
    (what it is offered); dotted: its aspiration (time-based). Thin horizontal lines mark each
    party's disagreement utility (dash-dot) and Nash utility (dotted grey), a vertical line the
    round of agreement.

    Parameters
    ----------
    path, scenario
        As in :func:`utility_over_rounds_data`.
    ax
        Axes to draw on (default: a new figure).
    title
        Axes title.
    **style
        Passed to ``plot`` for every line.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import utility_over_rounds
    >>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> path = bargain.concession_path(talks, "time-based", exponents="boulware")
    >>> utility_over_rounds(path, scenario=talks).get_xlabel()
    'round'
    """
    data = utility_over_rounds_data(path, scenario=scenario)
    ax = get_ax(ax, size=(7.0, 4.2))
    handles: list[Artist] = []
    for s in data.series:
        options = {"marker": "o" if s.source != "aspiration" else "", "ms": 3, "lw": 1.4, **style}
        label = escape(s.label)
        (line,) = ax.plot(
            s.rounds, s.utilities, ls=_LINES[s.source], color=s.colour, label=label, **options
        )
        handles.append(line)
    handles += _references(ax, data, [k for k, _ in data.parties])
    ax.set_xlabel("round")
    ax.set_ylabel("utility")
    ax.xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title(escape(data.title if title is None else title), fontsize=10, loc="left")
    place_legend(ax, handles)
    return ax


def _references(ax: Axes, data: RoundsData, keys: Sequence[str]) -> list[Artist]:
    """Each party's disagreement and Nash utility, and the round of agreement; their handles."""
    handles: list[Artist] = []
    labels = ("disagreement utility", METHOD_STYLE["nash"].label + " utility", "agreement")
    for key in keys:
        j = [k for k, _ in data.parties].index(key)
        colour = party_colour(j) if len(keys) > 1 else "#000000"
        line = ax.axhline(
            data.disagreement[key], color=colour, lw=0.9, ls="-.", alpha=0.8, label=labels[0]
        )
        background(line)
        if key in data.nash:
            line = ax.axhline(data.nash[key], color="#7F7F7F", lw=0.9, ls=":", label=labels[1])
            background(line)
    handles.append(Line2D([], [], color="#555555", lw=0.9, ls="-.", label=labels[0]))
    if data.nash:
        handles.append(Line2D([], [], color="#7F7F7F", lw=0.9, ls=":", label=labels[1]))
    if data.agreement_round is not None:
        line = ax.axvline(data.agreement_round, color="#000000", lw=0.8, alpha=0.6, label=labels[2])
        background(line)
        handles.append(Line2D([], [], color="#000000", lw=0.8, alpha=0.6, label="agreement"))
    return handles


# --------------------------------------------------------------------------- small multiples
@dataclass(frozen=True, slots=True, eq=False)
class Proposer:
    """Who made the offers of one line of :func:`rounds_by_party` (or ``trades``)."""

    key: str | None
    label: str
    colour: str
    marker: str


@dataclass(frozen=True, slots=True, eq=False)
class PartyPanel:
    """One panel of :func:`rounds_by_party`: a party's utility from every proposer's offers.

    Attributes
    ----------
    party, name
        The party whose utility the panel shows.
    lines
        ``{proposer index: (rounds, utilities)}``: this party's utility from the offers of each
        proposer of :attr:`RoundsByPartyData.proposers`, round by round.
    aspiration
        ``(rounds, utilities)`` of the party's aspiration (time-based tactics), or ``None``.
    disagreement, nash
        The party's disagreement utility and Nash utility (``None`` without a Nash deal).
    """

    party: str
    name: str
    lines: dict[int, tuple[NDArray[np.int64], Array]]
    aspiration: tuple[NDArray[np.int64], Array] | None
    disagreement: float
    nash: float | None


@dataclass(frozen=True, slots=True, eq=False)
class RoundsByPartyData:
    """What :func:`rounds_by_party` draws: one :class:`PartyPanel` per party."""

    title: str
    proposers: tuple[Proposer, ...]
    panels: tuple[PartyPanel, ...]
    agreement_round: int | None


_MARKERS = ("o", "s", "^", "D", "v", "P", "X")


def rounds_by_party_data(path: ConcessionPath, *, scenario: Scenario) -> RoundsByPartyData:
    """Every party's utility round by round, from the offers of each proposer.

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-us-2021-no-red-lines")
    >>> data = rounds_by_party_data(bargain.concession_path(s, "time-based"), scenario=s)
    >>> [p.label for p in data.proposers]
    ["Russia's offers", "United States' offers", "European allies' offers"]
    >>> [panel.name for panel in data.panels][:2], sorted(data.panels[0].lines)
    (['Russia', 'United States'], [0, 1, 2])
    """
    path = _check(path, scenario)
    names = _names(scenario)
    proposers: list[Proposer] = []
    by_proposer: list[list[Any]] = []
    if path.protocol == "trades":
        proposers.append(Proposer(None, "after each trade", _TRADE, "o"))
        start = _trade_start(path, scenario)
        by_proposer.append(
            ([(0, start)] if start is not None else [])
            + [
                (s.round, np.array([s.utilities[k] for k in scenario.party_keys]))
                for s in path.steps
            ]
        )
    else:
        for j, key in enumerate(scenario.party_keys):
            steps = [s for s in path.steps if s.proposer == key]
            if steps:
                proposers.append(
                    Proposer(
                        key,
                        f"{possessive(names[key])} offers",
                        party_colour(j),
                        _MARKERS[j % len(_MARKERS)],
                    )
                )
                by_proposer.append(
                    [
                        (s.round, np.array([s.utilities[k] for k in scenario.party_keys]))
                        for s in steps
                    ]
                )
    panels = []
    aspiring = [s for s in path.steps if s.aspiration is not None]
    for j, key in enumerate(scenario.party_keys):
        lines = {
            p: (
                np.array([r for r, _ in offers], dtype=np.int64),
                np.array([u[j] for _, u in offers], dtype=np.float64),
            )
            for p, offers in enumerate(by_proposer)
        }
        aspiration = None
        if aspiring:
            aspiration = (
                np.array([s.round for s in aspiring], dtype=np.int64),
                np.array([s.aspiration[key] for s in aspiring if s.aspiration is not None]),
            )
        nash = (path.nash_utilities or {}).get(key)
        panels.append(
            PartyPanel(
                party=key,
                name=names[key],
                lines=lines,
                aspiration=aspiration,
                disagreement=float(path.disagreement[key]),
                nash=None if nash is None else float(nash),
            )
        )
    accepted = [s.round for s in path.steps if s.accepted and s.proposer is not None]
    protocol = path.protocol.replace("-", " ")
    return RoundsByPartyData(
        title=f"{scenario.name}: {protocol}, {_outcome(path)}",
        proposers=tuple(proposers),
        panels=tuple(panels),
        agreement_round=accepted[0] if accepted and path.agreement else None,
    )


def rounds_by_party(
    path: ConcessionPath,
    *,
    scenario: Scenario,
    axes: Sequence[Axes] | None = None,
    title: str | None = None,
    **style: Any,
) -> list[Axes]:
    r"""Draw one panel per party: its utility round by round, from each proposer's offers.

    The view for three or more parties, where one utility plane cannot show everyone: every
    panel shares the rounds axis; each has its own utility axis (each party's utility is in
    its own unit). In each panel, one line per proposer (in the proposer's colour and marker)
    gives this party's utility from that proposer's offers; a dotted line the party's
    aspiration (time-based tactics); dash-dot and dotted horizontal lines its disagreement and
    Nash utilities; a vertical line the round of agreement. One legend, outside the panels.

    Parameters
    ----------
    path, scenario
        As in :func:`rounds_by_party_data`.
    axes
        One Axes per party (default: a new figure, one panel per party in a column).
    title
        The title over the panels (default: the protocol and the outcome).
    **style
        Passed to ``plot`` for the offers.

    Returns
    -------
    list of matplotlib.axes.Axes

    Examples
    --------
    >>> import bargain
    >>> from bargain.plot import rounds_by_party
    >>> s = bargain.load_scenario("russia-us-2021-no-red-lines")
    >>> axes = rounds_by_party(bargain.concession_path(s, "time-based"), scenario=s)
    >>> [ax.get_ylabel() for ax in axes][:2]
    ["Russia's utility", "United States'\nutility"]
    """
    data = rounds_by_party_data(path, scenario=scenario)
    k = len(data.panels)
    if axes is None:
        fig = plt.figure(figsize=(9.0, 1.55 * k + 0.9), layout="constrained")
        made = fig.subplots(k, 1, sharex=True, squeeze=False)
        axes = list(made[:, 0])
    else:
        axes = list(axes)
        if len(axes) != k:
            raise ScenarioError(f"must be {k} Axes, one per party, found {len(axes)}", key="axes")
    handles: list[Artist] = []
    for j, (ax, panel) in enumerate(zip(axes, data.panels, strict=True)):
        handles = _draw_panel(ax, data, panel, dict(style))
        ax.set_ylabel(escape(wrap(f"{possessive(panel.name)} utility", 20)), fontsize=8)
        ax.tick_params(labelsize=7)
        if j < k - 1:
            ax.tick_params(labelbottom=False)
    axes[-1].set_xlabel("round")
    axes[-1].xaxis.get_major_locator().set_params(integer=True)  # type: ignore[call-arg]
    axes[0].set_title(escape(data.title if title is None else title), fontsize=10, loc="left")
    place_legend(axes[0], handles, corners=(), outside="right")
    return axes


def _draw_panel(
    ax: Axes, data: RoundsByPartyData, panel: PartyPanel, style: dict[str, Any]
) -> list[Artist]:
    handles: list[Artist] = []
    for p, proposer in enumerate(data.proposers):
        rounds, utilities = panel.lines[p]
        options = {"lw": 1.2, "ms": 4, **style}
        label = escape(proposer.label)
        (line,) = ax.plot(
            rounds, utilities, color=proposer.colour, marker=proposer.marker, label=label, **options
        )
        handles.append(line)
    if panel.aspiration is not None:
        label = "own aspiration"
        ax.plot(*panel.aspiration, color="#555555", lw=1.0, ls=(0, (1, 1.5)), label=label)
        handles.append(Line2D([], [], color="#555555", lw=1.0, ls=(0, (1, 1.5)), label=label))
    labels = ("own disagreement utility", "own Nash utility", "agreement")
    background(ax.axhline(panel.disagreement, color="#000000", lw=0.9, ls="-.", label=labels[0]))
    handles.append(Line2D([], [], color="#000000", lw=0.9, ls="-.", label=labels[0]))
    if panel.nash is not None:
        background(
            ax.axhline(panel.nash, color=OKABE_ITO["vermillion"], lw=1.0, ls=":", label=labels[1])
        )
        handles.append(
            Line2D([], [], color=OKABE_ITO["vermillion"], lw=1.0, ls=":", label=labels[1])
        )
    if data.agreement_round is not None:
        background(ax.axvline(data.agreement_round, color="#7F7F7F", lw=0.8, label=labels[2]))
        handles.append(Line2D([], [], color="#7F7F7F", lw=0.8, label=labels[2]))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return handles
