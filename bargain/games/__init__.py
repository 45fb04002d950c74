"""The non-cooperative side: the threat game played if talks fail, and the point it sets.

- :mod:`~bargain.games.equilibria`: Nash equilibria of a bimatrix game, as a list you can question.
- :mod:`~bargain.games.selection`: which equilibrium sets the disagreement point.
- :mod:`~bargain.games.optimal_threats`: Nash's (1953) optimal threats.
- :mod:`~bargain.games.threat_point`: :func:`threat_point`, from a scenario's threat game.
- :mod:`~bargain.games.result`: :class:`ThreatResult`.
"""

from bargain.games.result import ThreatResult
from bargain.games.threat_point import threat_point

__all__ = ["ThreatResult", "threat_point"]
