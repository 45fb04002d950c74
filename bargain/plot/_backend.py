"""matplotlib, or a :class:`~bargain.errors.MissingExtraError` naming the ``plot`` extra.

Imported first by :mod:`bargain.plot`, so that a missing matplotlib says what to install.
"""

from bargain._optional import require

__all__ = ["matplotlib"]

matplotlib = require("matplotlib", "plot", "bargain.plot (pictures)")
