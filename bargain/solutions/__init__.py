"""Bargaining solutions: the registry of concepts, lotteries, and solving a resolved problem.

- :mod:`~bargain.solutions.concepts`: the solution concepts (:data:`METHODS`) and the tie rule.
- :mod:`~bargain.solutions.exact`: every method's optimum for any number of parties, exactly,
  without the frontier, by branch and bound over issues (:mod:`~bargain.solutions.branch`)
  with Lagrangian bounds (:mod:`~bargain.solutions.dual`) on stacked levels
  (:mod:`~bargain.solutions.stacked`).
- :mod:`~bargain.solutions.relaxation`: lotteries for any number of parties (the branch and
  bound's relaxation, solved exactly).
- :mod:`~bargain.solutions.lottery`: lotteries over given points (two parties: the hull chain).
- :mod:`~bargain.solutions.solve`: a scenario solved from arrays (disagreement point, powers).
- :mod:`~bargain.solutions.result`: :class:`Solution`, :class:`Lottery`, :class:`Certificate`.
"""

from bargain.solutions.concepts import METHODS
from bargain.solutions.result import Certificate, Lottery, Solution

__all__ = ["METHODS", "Certificate", "Lottery", "Solution"]
