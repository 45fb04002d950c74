"""Optional and heavy dependencies, imported on first use so that ``import bargain`` stays quick.

:func:`require` imports an optional extra (pandas, dask, ...) or raises
:class:`~bargain.errors.MissingExtraError` naming the extra to install; :func:`scipy_optimize` and
:func:`scipy_special` load SciPy (a core dependency, but 0.3 s to import) only when an algorithm
needs it.

Examples
--------
>>> require("json", "none", "a doctest").__name__
'json'
>>> require("not_installed_pkg", "pandas", "to_frame()")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
bargain.errors.MissingExtraError: to_frame() needs ... pip install "bargain-sim[pandas]"
>>> scipy_optimize().__name__, scipy_special().__name__
('scipy.optimize', 'scipy.special')
"""

from __future__ import annotations

import importlib
from types import ModuleType

from bargain.errors import MissingExtraError

__all__ = ["require", "scipy_optimize", "scipy_special"]


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import `module`, or raise :class:`MissingExtraError` naming the `extra` that provides it."""
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(module.split(".")[0], extra, feature) from exc


def scipy_optimize() -> ModuleType:
    """The :mod:`scipy.optimize` module."""
    return importlib.import_module("scipy.optimize")


def scipy_special() -> ModuleType:
    """The :mod:`scipy.special` module."""
    return importlib.import_module("scipy.special")
