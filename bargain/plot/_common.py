"""Helpers shared by the plots: axes, short labels, saving figures."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from bargain._checks import FIGURE_SUFFIXES, check_suffix

__all__ = ["check_plot_path", "get_ax", "possessive", "save_figure", "shorten", "wrap"]


def get_ax(ax: Axes | None, size: tuple[float, float] = (6.4, 4.8)) -> Axes:
    """`ax`, or the axes of a new figure of `size` inches."""
    if ax is not None:
        return ax
    _, new = plt.subplots(figsize=size)
    return new


def shorten(text: str, width: int = 40) -> str:
    """`text` cut to `width` characters with an ellipsis.

    Examples
    --------
    >>> shorten("verified mutual moratorium in agreed zones", 20)
    'verified mutual mor…'
    """
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def wrap(text: str, width: int = 28, lines: int = 3) -> str:
    """`text` wrapped to `width` columns, at most `lines` lines (the last shortened).

    Examples
    --------
    >>> print(wrap("mutual notification and limits on exercises", 20, 2))
    mutual notification
    and limits on exerc…
    """
    parts = textwrap.wrap(text, width) or [""]
    if len(parts) > lines:
        parts = [*parts[: lines - 1], shorten(" ".join(parts[lines - 1 :]), width)]
    return "\n".join(parts)


def possessive(name: str) -> str:
    """``"Russia's"``, ``"United States'"``.

    Examples
    --------
    >>> possessive("NATO"), possessive("European allies")
    ("NATO's", "European allies'")
    """
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def check_plot_path(path: str | Path) -> Path:
    """`path` as a Path if it ends in ``.png`` or ``.svg``, else a ScenarioError.

    Examples
    --------
    >>> check_plot_path("out.svg").suffix
    '.svg'
    >>> check_plot_path("out.jpg")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: path must end in .png or .svg, found 'out.jpg'
    """
    return check_suffix(path, FIGURE_SUFFIXES, "path")


def save_figure(fig: Figure, path: str | Path, **options: Any) -> Path:
    """Save `fig` as PNG or SVG (by the extension of `path`), deterministically, and close it.

    PNG files carry no creation date or software version, SVG files no date and a fixed id
    salt, so the same figure gives the same bytes.
    """
    p = check_plot_path(path)
    if p.suffix.lower() == ".png":
        metadata: dict[str, Any] = {"Software": None}
    else:
        metadata = {"Date": None, "Creator": None}
    with plt.rc_context({"svg.hashsalt": "bargain"}):
        fig.savefig(p, bbox_inches="tight", metadata=metadata, **{"dpi": 100, **options})
    plt.close(fig)
    return p
