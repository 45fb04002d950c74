"""SciPy modules loaded on first use, so that ``import bargain`` stays quick.

Examples
--------
>>> scipy_optimize().__name__, scipy_special().__name__
('scipy.optimize', 'scipy.special')
"""

from __future__ import annotations

import importlib
from types import ModuleType

__all__ = ["scipy_optimize", "scipy_special"]


def scipy_optimize() -> ModuleType:
    """The :mod:`scipy.optimize` module."""
    return importlib.import_module("scipy.optimize")


def scipy_special() -> ModuleType:
    """The :mod:`scipy.special` module."""
    return importlib.import_module("scipy.special")
