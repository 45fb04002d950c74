"""Lazy import of optional dependencies, with a message that names the extra to install."""

from __future__ import annotations

import importlib
from types import ModuleType

from bargain.errors import MissingExtraError

__all__ = ["require"]


def require(module: str, extra: str, feature: str) -> ModuleType:
    """Import `module`, or raise :class:`MissingExtraError` naming the `extra` that provides it.

    Examples
    --------
    >>> require("json", "none", "a doctest").__name__
    'json'
    >>> require("not_installed_pkg", "pandas", "to_frame()")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    bargain.errors.MissingExtraError: to_frame() needs ... pip install "bargain-sim[pandas]"
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(module.split(".")[0], extra, feature) from exc
