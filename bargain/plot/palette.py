"""The colours of every plot: the Okabe–Ito palette, safe for colour-blind readers.

Okabe and Ito (2008, "Color Universal Design") chose eight colours that stay distinct under the
three common colour-vision deficiencies. Every categorical colour in :mod:`bargain.plot` comes
from :data:`OKABE_ITO`; ordered quantities (levels of an issue, densities, rates) use
``cividis``, a sequential colour map designed to read the same with and without colour-vision
deficiency, and diverging ones (a party's payoff in a game) use ``PuOr``. Markers differ in
shape as well as colour, so no distinction rests on colour alone.

:func:`simulate_cvd` approximates how a colour looks under protanopia, deuteranopia or
tritanopia (Machado, Oliveira and Fernandes 2009, severity 1), which the tests use to check that
the palette stays distinguishable.

Examples
--------
>>> OKABE_ITO["vermillion"]
'#D55E00'
>>> party_colour(0), party_colour(1)
('#0072B2', '#E69F00')
>>> METHOD_STYLE["nash"].label
'Nash'
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "DENSITY_COLOURS",
    "METHOD_STYLE",
    "OKABE_ITO",
    "PALETTE",
    "PARTY_COLOURS",
    "SEQUENTIAL_CMAP",
    "MethodStyle",
    "hex_to_rgb",
    "party_colour",
    "simulate_cvd",
]

#: The eight Okabe–Ito colours, by name.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}
#: The Okabe–Ito colours as a list, in their usual order.
PALETTE: list[str] = list(OKABE_ITO.values())
#: One colour per party, in scenario order (cycled beyond seven parties).
PARTY_COLOURS: list[str] = [
    OKABE_ITO[name]
    for name in (
        "blue",
        "orange",
        "bluish green",
        "reddish purple",
        "sky blue",
        "vermillion",
        "yellow",
    )
]
#: Sequential colour map for ordered quantities (level rank, rates, utilities).
SEQUENTIAL_CMAP = "cividis"
#: The density of deals runs from light to mid grey, so the coloured marks stand out.
DENSITY_COLOURS = ("#EFEFEF", "#7A7A7A")


@dataclass(frozen=True, slots=True)
class MethodStyle:
    """How a bargaining solution is drawn: its name in words, colour and marker."""

    label: str
    colour: str
    marker: str


#: The style of each solution concept of :data:`bargain.solutions.solve.METHODS`.
METHOD_STYLE: dict[str, MethodStyle] = {
    "nash": MethodStyle("Nash", OKABE_ITO["vermillion"], "o"),
    "asymmetric-nash": MethodStyle("asymmetric Nash", OKABE_ITO["orange"], "p"),
    "kalai-smorodinsky": MethodStyle("Kalai–Smorodinsky", OKABE_ITO["blue"], "s"),
    "egalitarian": MethodStyle("egalitarian", OKABE_ITO["bluish green"], "^"),
    "utilitarian": MethodStyle("utilitarian", OKABE_ITO["reddish purple"], "D"),
}


def party_colour(index: int) -> str:
    """The colour of the party at position `index` of the scenario."""
    return PARTY_COLOURS[index % len(PARTY_COLOURS)]


def hex_to_rgb(colour: str) -> NDArray[np.float64]:
    """``"#RRGGBB"`` as three floats in [0, 1].

    Examples
    --------
    >>> hex_to_rgb("#FF8000").tolist()
    [1.0, 0.5019607843137255, 0.0]
    """
    text = colour.lstrip("#")
    return np.array([int(text[k : k + 2], 16) / 255 for k in (0, 2, 4)], dtype=np.float64)


# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB.
_CVD = {
    "protanopia": np.array(
        [
            [0.152286, 1.052583, -0.204868],
            [0.114503, 0.786281, 0.099216],
            [-0.003882, -0.048116, 1.051998],
        ]
    ),
    "deuteranopia": np.array(
        [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ]
    ),
    "tritanopia": np.array(
        [
            [1.255528, -0.076749, -0.178779],
            [-0.078411, 0.930809, 0.147602],
            [0.004733, 0.691367, 0.303900],
        ]
    ),
}


def _to_linear(rgb: NDArray[np.float64]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    return out


def _to_srgb(lin: NDArray[np.float64]) -> NDArray[np.float64]:
    lin = np.clip(lin, 0.0, 1.0)
    out: NDArray[np.float64] = np.where(
        lin <= 0.0031308, 12.92 * lin, 1.055 * lin ** (1 / 2.4) - 0.055
    )
    return out


def simulate_cvd(colours: list[str], kind: str) -> NDArray[np.float64]:
    """How `colours` look under a colour-vision deficiency: ``(n, 3)`` sRGB in [0, 1].

    Parameters
    ----------
    colours
        ``"#RRGGBB"`` strings.
    kind
        ``"protanopia"``, ``"deuteranopia"`` or ``"tritanopia"``.

    Examples
    --------
    >>> simulate_cvd(["#000000", "#FFFFFF"], "deuteranopia").round(2).tolist()
    [[0.0, 0.0, 0.0], [1.0, 1.0, 1.0]]
    """
    matrix = _CVD[kind]
    rgb = np.stack([hex_to_rgb(c) for c in colours])
    return _to_srgb(_to_linear(rgb) @ matrix.T)
