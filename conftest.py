"""Shared by every test, doctest and benchmark: figures never outlive the test that drew them."""

import sys
from collections.abc import Iterator

import pytest


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    """Close every pyplot figure a test (or doctest) opened, so none accumulate."""
    yield
    pyplot = sys.modules.get("matplotlib.pyplot")  # never imported here: tests check imports
    if pyplot is not None:
        pyplot.close("all")
