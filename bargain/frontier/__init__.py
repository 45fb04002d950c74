"""The exact Pareto frontier of a package-deal space: engines on arrays, and the result.

- :mod:`~bargain.frontier.pareto`: which of many utility vectors no other dominates.
- :mod:`~bargain.frontier.merge`: the frontier by incremental Minkowski merge (exact, fast).
- :mod:`~bargain.frontier.enumerate`: every deal of a small space, and its frontier.
- :mod:`~bargain.frontier.hull`: two parties, the boundary of the convex hull (lotteries).
- :mod:`~bargain.frontier.engine`: which engine a scenario's frontier is computed by.
- :mod:`~bargain.frontier.result`: :class:`Frontier`, the result of :func:`bargain.pareto_frontier`.
"""

from bargain.frontier.result import Frontier

__all__ = ["Frontier"]
