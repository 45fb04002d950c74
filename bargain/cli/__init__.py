"""The ``bargain`` command line (see :mod:`bargain.cli.main`)."""

from bargain.cli.main import main

__all__ = ["main"]
