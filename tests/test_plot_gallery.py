"""Every picture of the gallery: nothing in a legend hidden, no legend over data, and the same
image as its reviewed baseline.

The baselines are ``tests/baseline/<name>.png``; after a reviewed change to a picture (or to a
seed scenario), regenerate them all with one command::

    BARGAIN_BASELINES=write pytest tests/test_plot_gallery.py

and look at the new images before committing them.
"""

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.legend import Legend
from matplotlib.testing.compare import compare_images

from bargain.plot._common import BACKGROUND
from tests.plot_gallery import FIGURES, fixed_style, render, save

BASELINES = Path(__file__).parent / "baseline"
#: Largest root-mean-square difference of pixel values (0-255) between a picture and its
#: baseline: anti-aliasing and font rasterisation may differ a little between machines.
TOLERANCE = 3.0
WRITE = os.environ.get("BARGAIN_BASELINES") == "write"

_rendered: dict[str, object] = {}


def figure(name):
    if name not in _rendered:
        _rendered[name] = render(name)
    return _rendered[name]


@pytest.fixture(scope="module", autouse=True)
def _close_all():
    yield
    _rendered.clear()
    plt.close("all")


@pytest.fixture(autouse=True)
def _nothing_left_open():
    """The figures of the gallery are kept by the tests, not by pyplot: none stays open."""
    yield
    assert plt.get_fignums() == []


def test_a_figure_left_open_is_an_error():
    """More than 20 open figures is an error in the tests (pyproject filterwarnings)."""
    with pytest.raises(RuntimeWarning, match="More than 20 figures have been opened"):
        for _ in range(21):
            plt.figure()
    plt.close("all")


def test_a_collapsed_layout_is_an_error():
    """A constrained layout that collapses is an error in the tests (pyproject filterwarnings)."""
    fig = Figure(figsize=(0.5, 0.5), layout="constrained")
    ax = fig.add_subplot()
    ax.set_title("a title far wider than the figure " * 3)
    with pytest.raises(UserWarning, match="constrained_layout not applied"):
        fig.draw_without_rendering()


def _pixels(fig):
    with fixed_style():
        fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba())[..., :3].astype(int)


def _drawn(fig):
    """Every data artist of every axes (lines, collections, patches, texts, images)."""
    for ax in fig.axes:
        yield from (*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images)


def _legends(fig):
    return [legend for legend in fig.findobj(Legend) if legend.get_visible()]


def _box_mask(fig, legend, shape, shrink=2):
    box = legend.get_window_extent()
    height = shape[0]
    x0, x1 = int(np.ceil(box.x0)) + shrink, int(np.floor(box.x1)) - shrink
    y0, y1 = height - int(np.floor(box.y1)) + shrink, height - int(np.ceil(box.y0)) - shrink
    mask = np.zeros(shape[:2], dtype=bool)
    mask[max(y0, 0) : max(y1, 0), max(x0, 0) : max(x1, 0)] = True
    return mask


def _axes_pixels(fig, ax):
    """The pixels of `ax` alone (its artists and legend; not its tick labels), drawn again."""
    renderer = fig.canvas.get_renderer()
    renderer.clear()
    hidden = [axis for axis in (ax.xaxis, ax.yaxis) if axis.get_visible()]
    for axis in hidden:
        axis.set_visible(False)
    with fixed_style():
        ax.draw(renderer)
    for axis in hidden:
        axis.set_visible(True)
    return np.asarray(renderer.buffer_rgba())[..., :3].astype(int)


@pytest.mark.parametrize("name", list(FIGURES))
def test_every_legend_entry_is_drawn_and_visible(name):
    """Each legend entry names drawn artists, and hiding them changes some pixels.

    Pixels inside any legend's box do not count: an artist must show outside the legends.
    """
    fig = figure(name)
    legends = _legends(fig)
    shape = _pixels(fig).shape
    inside_legends = np.zeros(shape[:2], dtype=bool)
    for legend in legends:
        inside_legends |= _box_mask(fig, legend, shape, shrink=-2)
    base = {}
    for legend in legends:
        for text in legend.get_texts():
            label = text.get_text()
            artists = [a for a in _drawn(fig) if a.get_visible() and a.get_label() == label]
            assert artists, f"{name}: legend entry {label!r} names nothing drawn"
            changed = 0
            for ax in {id(a.axes): a.axes for a in artists}.values():
                if id(ax) not in base:
                    base[id(ax)] = _axes_pixels(fig, ax)
                mine = [a for a in artists if a.axes is ax]
                for artist in mine:
                    artist.set_visible(False)
                try:
                    hidden = _axes_pixels(fig, ax)
                finally:
                    for artist in mine:
                        artist.set_visible(True)
                diff = np.abs(base[id(ax)] - hidden).max(axis=-1) > 6
                changed += int((diff & ~inside_legends).sum())
            assert changed >= 3, f"{name}: {label!r} is hidden (no visible pixel)"


@pytest.mark.parametrize("name", list(FIGURES))
def test_no_legend_covers_data(name):
    """Inside every legend's box, no pixel belongs to a data artist (background excepted)."""
    fig = figure(name)
    legends = _legends(fig)
    if not legends:
        return
    for legend in legends:
        legend.set_visible(False)
    without_legends = _pixels(fig)
    data = [a for a in _drawn(fig) if a.get_visible() and a.get_gid() != BACKGROUND]
    for artist in data:
        artist.set_visible(False)
    empty = _pixels(fig)
    for artist in data:
        artist.set_visible(True)
    for legend in legends:
        legend.set_visible(True)
    occupied = np.abs(without_legends - empty).max(axis=-1) > 6
    for legend in legends:
        covered = occupied & _box_mask(fig, legend, occupied.shape)
        labels = [t.get_text() for t in legend.get_texts()][:3]
        assert covered.sum() == 0, f"{name}: the legend {labels}... covers data"


@pytest.mark.parametrize("name", list(FIGURES))
def test_matches_baseline(name, tmp_path):
    fig = figure(name)
    baseline = BASELINES / f"{name}.png"
    if WRITE:
        BASELINES.mkdir(exist_ok=True)
        save(fig, baseline)
        return
    assert baseline.exists(), (
        f"no baseline for {name}: run BARGAIN_BASELINES=write pytest tests/test_plot_gallery.py"
    )
    actual = tmp_path / f"{name}.png"
    save(fig, actual)
    result = compare_images(str(baseline), str(actual), tol=TOLERANCE)
    assert result is None, result


def test_every_baseline_has_a_figure():
    assert {p.stem for p in BASELINES.glob("*.png")} <= set(FIGURES)
