import itertools

import numpy as np
import pytest

from bargain.plot.palette import (
    METHOD_STYLE,
    OKABE_ITO,
    PALETTE,
    PARTY_COLOURS,
    SEQUENTIAL_CMAP,
    hex_to_rgb,
    simulate_cvd,
)
from bargain.solutions.concepts import METHODS

# Okabe & Ito (2008), "Color Universal Design": the published 8-colour set.
PUBLISHED = {
    (0, 0, 0),
    (230, 159, 0),
    (86, 180, 233),
    (0, 158, 115),
    (240, 228, 66),
    (0, 114, 178),
    (213, 94, 0),
    (204, 121, 167),
}


def test_palette_is_okabe_ito():
    assert isinstance(PALETTE, list) and len(PALETTE) == 8
    assert {tuple(round(x * 255) for x in hex_to_rgb(c)) for c in PALETTE} == PUBLISHED
    assert set(PARTY_COLOURS) <= set(PALETTE)
    assert len(set(PARTY_COLOURS)) == len(PARTY_COLOURS)
    assert SEQUENTIAL_CMAP == "cividis"


def test_every_method_has_a_distinct_colour_and_marker():
    assert set(METHOD_STYLE) == set(METHODS)
    styles = list(METHOD_STYLE.values())
    assert len({s.colour for s in styles}) == len(styles)
    assert len({s.marker for s in styles}) == len(styles)
    assert all(s.colour in PALETTE for s in styles)


@pytest.mark.parametrize("kind", ["protanopia", "deuteranopia", "tritanopia"])
def test_method_and_party_colours_stay_apart_under_colour_blindness(kind):
    for colours in ([s.colour for s in METHOD_STYLE.values()], PARTY_COLOURS[:4], PALETTE):
        seen = simulate_cvd(colours, kind)
        gaps = [np.linalg.norm(a - b) for a, b in itertools.combinations(seen, 2)]
        assert min(gaps) > 0.1, (kind, colours)


def test_simulation_keeps_greys():
    greys = ["#000000", "#777777", "#FFFFFF"]
    for kind in ("protanopia", "deuteranopia", "tritanopia"):
        np.testing.assert_allclose(
            simulate_cvd(greys, kind), np.stack([hex_to_rgb(g) for g in greys]), atol=2e-3
        )


def test_okabe_ito_names():
    assert OKABE_ITO["blue"] == "#0072B2"
