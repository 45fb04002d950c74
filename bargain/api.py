"""The public entry points of the solver: :func:`solve` and :func:`pareto_frontier`.

Each checks the user's arguments once (the scenario, the method or engine by their registries,
the disagreement point and the powers, rules included) and passes arrays down to the kernels of
:mod:`bargain.solutions` and :mod:`bargain.frontier`, which never call back up.

Examples
--------
>>> from bargain import Issue, Party, Scenario, solve
>>> split = Issue("split", "Split", ["all to A", "half", "all to B"])
>>> a = Party("a", "A", values={"split": [1.0, 0.5, 0.0]})
>>> b = Party("b", "B", values={"split": [0.0, 0.5, 1.0]})
>>> cake = Scenario(name="cake", issues=[split], parties=[a, b])
>>> solve(cake).deal
{'split': 'half'}
>>> solve(cake, "nash", disagreement={"a": 0.6}).agreement
False
>>> sol = solve(cake, "nash", disagreement={"a": 0.6}, lotteries=True)
>>> sol.lottery.deals, tuple(round(p, 12) for p in sol.lottery.probabilities)
(({'split': 'all to A'}, {'split': 'all to B'}), (0.8, 0.2))
>>> {party: round(u, 12) for party, u in sol.utilities.items()}
{'a': 0.8, 'b': 0.2}
"""

from __future__ import annotations

from typing import Any

import numpy as np

from bargain._checks import check_bool, check_count, check_type
from bargain._results import Labels
from bargain._text import deal_count, frontier_size
from bargain.disagreement import resolve_disagreement, resolve_powers
from bargain.errors import ScenarioError
from bargain.frontier.engine import ENGINES, frontier_arrays
from bargain.frontier.result import Frontier
from bargain.model.scenario import Scenario
from bargain.solutions.concepts import METHODS, individually_rational
from bargain.solutions.result import Solution
from bargain.solutions.solve import solve_scenario

__all__ = ["pareto_frontier", "solve"]


def solve(
    scenario: Scenario,
    method: str = "nash",
    *,
    lotteries: bool = False,
    disagreement: Any = None,
    powers: Any = None,
    engine: str = "auto",
) -> Solution:
    """Solve `scenario` by the bargaining solution `method`.

    Only individually rational deals (every party strictly above its disagreement utility) are
    considered; when there are none the solution has ``agreement=False`` and says so.

    Parameters
    ----------
    scenario
        The bargaining problem.
    method
        One of :data:`bargain.solutions.concepts.METHODS`, defined precisely in
        :mod:`bargain.solutions.concepts`: ``"nash"``, ``"asymmetric-nash"`` (exponents from each
        party's ``power`` or `powers`), ``"kalai-smorodinsky"``, ``"egalitarian"`` and
        ``"utilitarian"``.
    lotteries
        Allow lotteries over deals (expected utilities). Two parties, Nash: a lottery between
        two deals differing in one issue, from the hull chain. Three or more parties, Nash:
        Newton's method over the issues' level probabilities, exact (with a certificate).
        Egalitarian and Kalai-Smorodinsky: linear programs over the hull, the ideal gains then
        being those of lotteries. Utilitarian: a lottery never beats the best deal, which is
        returned.
    disagreement
        Overrides the disagreement point: ``{party_key: utility}`` (others keep theirs) or one
        number per party. A string names a rule (:data:`bargain.disagreement.RULES`):
        ``"threat-game"`` takes the point from the scenario's threat game, see
        :func:`bargain.threat_point`.
    powers
        Overrides the bargaining powers (``"asymmetric-nash"`` only): a mapping or one number
        per party, each > 0.
    engine
        Frontier engine, see :func:`pareto_frontier`: with two parties, how the frontier is
        computed; with three or more, ``"auto"`` uses no frontier (see the notes) and the
        others pick the solution on the frontier.

    Returns
    -------
    Solution
        The deal (or none), each party's utility and gain, ties and a message.

    Raises
    ------
    ScenarioError
        For an unknown method or engine, or a malformed `disagreement` or `powers`.

    Notes
    -----
    With three or more parties (and ``engine="auto"``) no frontier is built: the optimum comes
    from a branch and bound over issues (:mod:`bargain.solutions.branch`), exact for any size,
    and the solution's ``certificate`` holds its proof (an upper bound equal to the optimum and
    the nodes explored); lotteries come from the same relaxation, solved exactly. An explicit
    ``engine`` picks the solution on the frontier instead (within its ``max_points`` budget).

    Examples
    --------
    >>> from bargain import load_scenario
    >>> talks = load_scenario("russia-nato-2022")
    >>> solve(talks)
    <Solution nash: no agreement, 8 issues, russia 0.200 nato 0.750>
    >>> solve(talks.without_red_lines())
    <Solution nash: agreement, 8 issues, russia 0.305 nato 0.820>
    >>> solve(talks.without_red_lines(), "egalitarian", disagreement={"nato": 0.8}).agreement
    True
    """
    check_type(scenario, Scenario, "scenario")
    METHODS.lookup(method)
    lotteries = check_bool(lotteries, "lotteries")
    ENGINES.lookup(engine)
    if powers is not None and method != "asymmetric-nash":
        raise ScenarioError(f"only apply to method 'asymmetric-nash', not {method!r}", key="powers")
    d = resolve_disagreement(scenario, disagreement)
    p = resolve_powers(scenario, powers) if method == "asymmetric-nash" else np.ones(len(d))
    return solve_scenario(scenario, method, d, p, lotteries=lotteries, engine=engine)


def pareto_frontier(
    scenario: Scenario,
    *,
    disagreement: Any = None,
    engine: str = "auto",
    max_points: int | None = None,
) -> Frontier:
    """Every Pareto-optimal, individually rational deal of `scenario`, exactly.

    Parameters
    ----------
    scenario
        The bargaining problem.
    disagreement
        Overrides the disagreement point: ``{party_key: utility}``, one number per party, or
        a rule name (``"threat-game"``), as in :func:`solve`.
    engine
        ``"auto"`` (enumerate up to :data:`AUTO_ENUMERATE` deals, merge beyond), ``"merge"`` or
        ``"brute-force"`` (enumeration, at most
        :data:`bargain.frontier.enumerate.MAX_ENUMERATED` deals).
    max_points
        With three or more parties the frontier can hold most of the deal space: the merge
        estimates its size as it goes and refuses beyond this many points (default 100,000
        for three parties, 5,000 for more: :data:`bargain.frontier.engine.DEFAULT_MAX_POINTS`).
        :func:`solve` needs no frontier. Two parties have no budget.

    Returns
    -------
    Frontier
        Possibly empty (no deal beats the disagreement point): see its ``message``.

    Examples
    --------
    >>> from bargain import Issue, Party, Scenario
    >>> split = Issue("split", "Split", ["all to A", "half", "all to B"])
    >>> a = Party("a", "A", values={"split": [1.0, 0.5, 0.0]}, disagreement=0.1)
    >>> b = Party("b", "B", values={"split": [0.0, 0.5, 1.0]}, disagreement=-0.1)
    >>> f = pareto_frontier(Scenario(name="cake", issues=[split], parties=[a, b]))
    >>> f.utilities
    array([[0.5, 0.5],
           [1. , 0. ]])
    >>> f[0]
    {'split': 'half'}
    >>> print(f.to_csv(), end="")
    split,utility.a,utility.b
    half,0.5,0.5
    all to A,1.0,0.0
    """
    check_type(scenario, Scenario, "scenario")
    ENGINES.lookup(engine)
    if max_points is not None:
        max_points = check_count(max_points, "max_points", minimum=1)
    d = resolve_disagreement(scenario, disagreement)
    u, deals, used = frontier_arrays(scenario, engine, max_points=max_points)
    keep = individually_rational(u, d)
    u, deals = u[keep], deals[keep]
    u.flags.writeable = False
    deals.flags.writeable = False
    deals_text = deal_count(scenario.space.n_deals, scenario.n_deals)
    if u.shape[0]:
        message = f"{frontier_size(u.shape[0])}, out of {deals_text}"
    elif scenario.space.empty:
        message = scenario.space.message
    else:
        message = f"no deal gives every party more than its disagreement utility ({deals_text})"
    return Frontier(
        scenario=scenario.name,
        issues=scenario.issues,
        party_keys=scenario.party_keys,
        utilities=u,
        levels=deals,
        disagreement=d,
        n_deals=scenario.n_deals,
        engine=used,
        message=message,
        labels=Labels.of(scenario),
    )
