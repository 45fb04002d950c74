"""Bargaining solutions: the registry of concepts, lotteries, and solving a resolved problem.

- :mod:`~bargain.solutions.concepts`: the solution concepts (:data:`METHODS`) and the tie rule.
- :mod:`~bargain.solutions.lottery`: solutions over lotteries (the convex hull of the deals).
- :mod:`~bargain.solutions.solve`: a scenario solved from arrays (disagreement point, powers).
- :mod:`~bargain.solutions.result`: :class:`Solution` and :class:`Lottery`.
"""

from bargain.solutions.concepts import METHODS
from bargain.solutions.result import Lottery, Solution

__all__ = ["METHODS", "Lottery", "Solution"]
