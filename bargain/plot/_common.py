"""Helpers shared by the plots: axes, labels in words, legends that hide nothing, saving.

Labels: every name from a scenario goes through :func:`escape` (a ``$`` is drawn as a dollar
sign, never read as mathtext) and long names are wrapped at word boundaries by :func:`wrap`,
never cut. Legends: :func:`place_legend` puts a legend in a corner of the axes that holds no
data (computed from the drawn extents of the artists, see :func:`occupancy`), or outside the
axes when no corner is empty; artists a legend may cover (shaded regions, reference lines) are
marked with :func:`background`.
"""

from __future__ import annotations

import io
import itertools
import re
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.collections import Collection, LineCollection, PathCollection, QuadMesh
from matplotlib.figure import Figure
from matplotlib.image import AxesImage
from matplotlib.legend import Legend
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.text import Text
from matplotlib.transforms import Bbox
from numpy.typing import NDArray

from bargain._checks import FIGURE_SUFFIXES, check_suffix

__all__ = [
    "BACKGROUND",
    "CORNERS",
    "NO_DEAL_COLOUR",
    "background",
    "check_plot_path",
    "escape",
    "get_ax",
    "headline",
    "no_deal_line",
    "occupancy",
    "place_legend",
    "possessive",
    "refit_legends",
    "save_figure",
    "wrap",
]

#: The gid of artists a legend may cover (shaded regions, reference lines).
BACKGROUND = "bargain-background"
#: The corners tried for a legend inside the axes, in order of preference.
CORNERS = ("upper right", "upper left", "lower left", "lower right")
#: Cells per side of the occupancy grid of an axes.
GRID = 100


def get_ax(ax: Axes | None, size: tuple[float, float] = (6.4, 4.8)) -> Axes:
    """`ax`, or the axes of a new figure of `size` inches (laid out: legends outside fit)."""
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=size, layout="constrained")
    return new


def escape(text: str) -> str:
    r"""`text` with every ``$`` escaped, so matplotlib draws it as written (no mathtext).

    Examples
    --------
    >>> escape(r"$\frac{$ party")
    '\\$\\frac{\\$ party'
    """
    return text.replace("$", "\\$")


def wrap(text: str, width: int = 28) -> str:
    """`text` wrapped at word boundaries to lines of about `width` characters, never cut.

    A word longer than `width` stays whole on its own line.

    Examples
    --------
    >>> print(wrap("mutual notification and limits on exercises", 20))
    mutual notification
    and limits on
    exercises
    """
    lines = textwrap.wrap(text, width, break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines) or text


def possessive(name: str) -> str:
    """``"Russia's"``, ``"United States'"``.

    Examples
    --------
    >>> possessive("NATO"), possessive("European allies")
    ("NATO's", "European allies'")
    """
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def background(*artists: Artist) -> None:
    """Mark `artists` as background: a legend may cover them (see :func:`place_legend`)."""
    for artist in artists:
        artist.set_gid(BACKGROUND)


#: Colour of a headline that says there is no deal (a dark red; the words carry the meaning).
NO_DEAL_COLOUR = "#B2182B"


def no_deal_line(message: str) -> str:
    """``"NO DEAL: "`` and why, from a result's `message`.

    Examples
    --------
    >>> no_deal_line("No deal is possible: Russia requires 'x' on 'y'; NATO refuses it.")
    "NO DEAL: Russia requires 'x' on 'y'; NATO refuses it."
    >>> no_deal_line("No deal gives every party more than its disagreement utility.")
    'NO DEAL: no deal gives every party more than its disagreement utility.'
    """
    reason = message.removeprefix("No deal is possible: ").strip()
    if reason.startswith("No "):  # "No deal gives every party ...": a clause, after the colon
        reason = "n" + reason[1:]
    return f"NO DEAL: {reason}" if reason else "NO DEAL"


def headline(fig: Any, title: str, *, width: float, no_deal: str | None = None) -> None:
    r"""The title of a figure `width` inches wide, wrapped; with `no_deal`, a second part in red.

    `no_deal` is the sentence saying why there is no deal (see :func:`no_deal_line`): the
    title and the sentence are wrapped to the figure's width, and drawn in
    :data:`NO_DEAL_COLOUR`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure(figsize=(4, 3))
    >>> headline(fig, "talks", width=4, no_deal="NO DEAL: the red lines collide.")
    >>> fig.get_suptitle()
    'talks\nNO DEAL: the red lines collide.'
    """
    chars = max(30, int(width * 10))
    text = wrap(title, chars)
    if no_deal is None:
        fig.suptitle(escape(text), fontsize=11)
        return
    text = f"{text}\n{wrap(no_deal, chars)}"
    fig.suptitle(escape(text), fontsize=11, color=NO_DEAL_COLOUR, fontweight="bold")


# --------------------------------------------------------------------------- occupancy
Grid = NDArray[np.bool_]


def _cells(grid: Grid, fraction: NDArray[np.float64], pad: float = 0.0) -> None:
    """Mark the cells of points given in axes fraction ``(n, 2)``, each with a square of `pad`."""
    n = grid.shape[0]
    fraction = fraction[np.isfinite(fraction).all(axis=1)]
    if not len(fraction):
        return
    reach = int(np.ceil(pad * n))
    base = np.floor(fraction * n).astype(int)
    for dx in range(-reach, reach + 1):
        for dy in range(-reach, reach + 1):
            index = base + np.array([dx, dy])
            inside = ((index >= 0) & (index < n)).all(axis=1)
            grid[index[inside, 1], index[inside, 0]] = True


def _box(grid: Grid, ax: Axes, box: Bbox) -> None:
    corners = ax.transAxes.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    n = grid.shape[0]
    (x0, y0), (x1, y1) = np.floor(np.sort(corners, axis=0) * n).astype(int)
    if x1 < 0 or y1 < 0 or x0 >= n or y0 >= n:
        return
    grid[max(y0, 0) : min(y1, n - 1) + 1, max(x0, 0) : min(x1, n - 1) + 1] = True


def _dense(display: NDArray[np.float64], ax: Axes) -> NDArray[np.float64]:
    """The points of a polyline (display coordinates) every ~half cell, in axes fraction."""
    pts = ax.transAxes.inverted().transform(display)
    out = [pts]
    for p, q in itertools.pairwise(pts):
        steps = int(min(np.abs(q - p).max() * GRID * 2, 4 * GRID))
        if steps > 1 and np.isfinite(p).all() and np.isfinite(q).all():
            t = np.linspace(0, 1, steps)[:, None]
            out.append(p + t * (q - p))
    return np.vstack(out)


def _filled(grid: Grid, ax: Axes, path_display: Any) -> None:
    """Mark the cells whose centres lie inside a closed path given in display coordinates."""
    n = grid.shape[0]
    centres = (np.arange(n) + 0.5) / n
    xx, yy = np.meshgrid(centres, centres)
    display = ax.transAxes.transform(np.column_stack([xx.ravel(), yy.ravel()]))
    inside = path_display.contains_points(display).reshape(n, n)
    grid[inside] = True


def _points_per_fraction(ax: Axes) -> NDArray[np.float64]:
    box = ax.get_window_extent()
    dpi = ax.figure.dpi
    return np.array([box.width, box.height]) * 72 / dpi


def _mark_artist(grid: Grid, ax: Axes, artist: Artist) -> None:
    size = _points_per_fraction(ax)
    if isinstance(artist, Line2D):
        xy = artist.get_transform().transform(np.asarray(artist.get_xydata(), dtype=float))
        xy = xy[np.isfinite(xy).all(axis=1)]
        if not len(xy):
            return
        if artist.get_linestyle() not in ("None", "", " ", "none"):
            _cells(grid, _dense(xy, ax))
        if artist.get_marker() not in ("None", "", " ", "none", None):
            radius = float(artist.get_markersize()) / 2
            pad = float(radius / size.min())
            _cells(grid, ax.transAxes.inverted().transform(xy), pad)
    elif isinstance(artist, QuadMesh):
        coords = np.asarray(artist.get_coordinates())
        values = np.ma.getmaskarray(np.ma.asarray(artist.get_array()))
        shown = ~values.reshape(coords.shape[0] - 1, coords.shape[1] - 1)
        corner = artist.get_transform().transform(coords.reshape(-1, 2)).reshape(coords.shape)
        frac = ax.transAxes.inverted().transform(corner.reshape(-1, 2)).reshape(coords.shape)
        lo, hi = frac[:-1, :-1][shown], frac[1:, 1:][shown]
        if len(lo):
            _cells(grid, (lo + hi) / 2, float(np.abs(hi - lo).max() / 2))
    elif isinstance(artist, PathCollection):
        offsets = artist.get_offset_transform().transform(artist.get_offsets())
        sizes = artist.get_sizes()
        radius = float(np.sqrt(sizes.max()) / 2) if len(sizes) else 3.0
        _cells(grid, ax.transAxes.inverted().transform(offsets), float(radius / size.min()))
    elif isinstance(artist, LineCollection):
        transform = artist.get_transform()
        for segment in artist.get_segments():
            if len(segment):
                _cells(grid, _dense(transform.transform(segment), ax))
    elif isinstance(artist, Collection):
        transform = artist.get_transform()
        for path in artist.get_paths():
            _filled(grid, ax, path.transformed(transform))
    elif isinstance(artist, Patch):
        _box(grid, ax, artist.get_window_extent())
    elif isinstance(artist, Text):
        if artist.get_text() or getattr(artist, "arrow_patch", None) is not None:
            _box(grid, ax, artist.get_window_extent())
    elif isinstance(artist, AxesImage):
        _box(grid, ax, artist.get_window_extent())


def occupancy(ax: Axes, grid: int = GRID) -> Grid:
    """Which cells of a `grid` x `grid` division of `ax` hold data, from the drawn extents.

    Rows run bottom to top. Counted: lines (and their markers), scatters, meshes (cells with a
    value), filled collections, patches, texts and images drawn in `ax`; not counted: legends,
    invisible artists and those marked with :func:`background`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> _, ax = plt.subplots()
    >>> _ = ax.plot([0, 1], [0, 0.2], marker="o")
    >>> cells = occupancy(ax, 10)
    >>> bool(cells[0, 0]), bool(cells[-1, -1])
    (True, False)
    """
    cells = np.zeros((grid, grid), dtype=bool)
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images]:
        if not artist.get_visible() or artist.get_gid() == BACKGROUND:
            continue
        if isinstance(artist, Legend):
            continue
        sub = np.zeros((GRID, GRID), dtype=bool)
        _mark_artist(sub, ax, artist)
        if grid != GRID:
            step = GRID // grid
            sub = sub[: step * grid, : step * grid]
            sub = np.asarray(sub.reshape(grid, step, grid, step).any(axis=(1, 3)), dtype=bool)
        cells |= sub
    return cells


# --------------------------------------------------------------------------- legends
def _legend_cells(ax: Axes, legend: Legend, margin: float) -> tuple[slice, slice] | None:
    box = legend.get_window_extent()
    corners = ax.transAxes.inverted().transform([[box.x0, box.y0], [box.x1, box.y1]])
    lo, hi = corners.min(axis=0) - margin, corners.max(axis=0) + margin
    if (lo < -1e-9).any() or (hi > 1 + 1e-9).any():
        return None  # larger than the axes
    x0, y0 = np.floor(np.clip(lo, 0, 1) * GRID).astype(int)
    x1, y1 = np.ceil(np.clip(hi, 0, 1) * GRID).astype(int)
    return slice(y0, y1), slice(x0, x1)


def place_legend(
    ax: Axes,
    handles: Sequence[Artist],
    *,
    corners: Sequence[str] = CORNERS,
    outside: str = "right",
    **options: Any,
) -> Legend:
    """Put a legend of `handles` in the first of `corners` of `ax` that holds no data.

    The free corner is computed from the drawn extents of the artists (:func:`occupancy`), with
    a margin; when every corner holds data the legend goes outside the axes (``"right"`` or
    ``"below"``). A legend inside finds its free corner again each time it is drawn (after the
    figure's layout has set the size of the axes); :func:`refit_legends` redoes the choice
    between inside and outside once a figure is complete.

    Parameters
    ----------
    ax
        The axes.
    handles
        The legend's entries (each with a label).
    corners
        Locations inside the axes to try, in order (an empty sequence: always outside).
    outside
        ``"right"`` or ``"below"``: where the legend goes when no corner is free.
    **options
        Passed to :meth:`matplotlib.axes.Axes.legend` (``fontsize=``, ``ncols=`` ...).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> _, ax = plt.subplots()
    >>> (line,) = ax.plot([0, 1], [1, 0], label="falling")
    >>> legend = place_legend(ax, [line])
    >>> box = legend.get_window_extent().transformed(ax.transAxes.inverted())
    >>> bool(box.x0 > 0.5 and box.y0 > 0.5)  # the empty corner: upper right
    True
    """
    settings = {"fontsize": 7, "framealpha": 0.9, **options}
    where = _free_corner(ax, list(handles), corners, settings)
    if where is not None:
        legend: Legend = ax.legend(handles=list(handles), **{"loc": where, **settings})
        legend.__class__ = _PlacedLegend  # finds its corner again when drawn (after layout)
    elif outside == "below":
        legend = ax.legend(
            handles=list(handles),
            loc="upper center",
            bbox_to_anchor=(0.5, -0.14),
            **{"frameon": False, **settings},
        )
    else:
        legend = ax.legend(
            handles=list(handles),
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            borderaxespad=0.0,
            **{"frameon": False, **settings},
        )
    setattr(legend, _PLACED, (list(handles), tuple(corners), outside, dict(options)))
    return legend


_PLACED = "_bargain_placement"


def _free_corner(
    ax: Axes, handles: list[Artist], corners: Sequence[str], settings: dict[str, Any]
) -> str | None:
    """The first of `corners` where a legend of `handles` covers no data, or ``None``."""
    if not corners:
        return None
    occupied = occupancy(ax)
    previous = ax.get_legend()
    for where in corners:
        legend = ax.legend(handles=handles, **{"loc": where, **settings})
        cells = _legend_cells(ax, legend, margin=0.02)
        legend.remove()
        if cells is not None and not occupied[cells].any():
            return where
    if previous is not None:
        ax.legend_ = previous
    return None


class _PlacedLegend(Legend):
    """A legend inside the axes that moves, when drawn, to the first corner free of data.

    The axes' size is final only when the figure is drawn (its layout runs first), and with it
    how much of the axes the legend covers: so the corner is chosen again then.
    """

    def draw(self, renderer: Any) -> None:
        placement = getattr(self, _PLACED, None)
        ax = self.axes
        if placement is not None and ax is not None:
            corners = placement[1]
            occupied = occupancy(ax)
            for where in corners:
                self.set_loc(where)
                cells = _legend_cells(ax, self, margin=0.02)
                if cells is not None and not occupied[cells].any():
                    break
            else:
                self.set_loc(corners[0])
        super().draw(renderer)


def refit_legends(fig: Figure) -> None:
    """Lay `fig` out, then place again every legend drawn by :func:`place_legend`.

    The figure's layout (``layout="constrained"``) changes the size of its axes, and so how
    much of an axes a legend covers: call this once a figure is complete.
    """
    fig.draw_without_rendering()
    for ax in fig.axes:
        legend = ax.get_legend()
        placement = getattr(legend, _PLACED, None)
        if legend is not None and placement is not None:
            handles, corners, outside, options = placement
            legend.remove()
            place_legend(ax, handles, corners=corners, outside=outside, **options)
    fig.draw_without_rendering()


# --------------------------------------------------------------------------- files
def check_plot_path(path: str | Path) -> Path:
    """`path` as a Path if it ends in ``.png``, ``.svg`` or ``.pdf``, else a ScenarioError.

    Examples
    --------
    >>> check_plot_path("out.pdf").suffix
    '.pdf'
    >>> check_plot_path("out.jpg")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: path must end in .png, .svg or .pdf, found 'out.jpg'
    """
    return check_suffix(path, FIGURE_SUFFIXES, "path")


#: Metadata written into each kind of file: nothing that changes from run to run.
_METADATA: dict[str, dict[str, Any]] = {
    ".png": {"Software": None},
    ".svg": {"Date": None, "Creator": None},
    ".pdf": {"CreationDate": None, "ModDate": None, "Creator": None, "Producer": None},
}


def save_figure(fig: Figure, path: str | Path, **options: Any) -> Path:
    """Save `fig` as PNG, SVG or PDF (by the extension of `path`), deterministically; close it.

    The files carry no creation date or software version (SVG: a fixed id salt), so the same
    figure gives the same bytes.
    """
    p = check_plot_path(path)
    suffix = p.suffix.lower()
    buffer = io.BytesIO()
    with plt.rc_context({"svg.hashsalt": "bargain"}):
        fig.savefig(
            buffer,
            format=suffix[1:],
            bbox_inches="tight",
            metadata=_METADATA[suffix],
            **{"dpi": 100, **options},
        )
    plt.close(fig)
    data = buffer.getvalue()
    p.write_bytes(_stable_ids(data) if suffix == ".svg" else data)
    return p


#: The ids matplotlib gives clip paths and markers in SVG: a letter and ten hex digits of a hash.
_HASHED_ID = re.compile(rb'id="([a-z][0-9a-f]{10})"')


def _stable_ids(svg: bytes) -> bytes:
    """`svg` with its hashed ids numbered in order of appearance.

    matplotlib hashes a clip rectangle's coordinates at full precision, which can differ in the
    last bits between two renders of the same figure (the file prints six decimals); numbered
    ids make the bytes depend only on what the file shows.
    """
    found = dict.fromkeys(_HASHED_ID.findall(svg))
    names = {old: old[:1] + b"id%d" % n for n, old in enumerate(found)}
    if not names:
        return svg
    pattern = re.compile(rb"\b(" + b"|".join(names) + rb")\b")
    return pattern.sub(lambda m: names[m.group(1)], svg)
