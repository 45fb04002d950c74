"""Concession paths: how a deal is reached, by one of four protocols, as a :class:`ConcessionPath`.

:func:`concession_path` validates its arguments, runs the protocol's kernel (a free function on
arrays in its own module) and tells the result in words. The protocols, each defined precisely
in its module:

``"zeuthen"`` (:mod:`bargain.protocols.zeuthen`)
    Zeuthen's monotonic concession protocol on the individually rational Pareto frontier (Zeuthen
    1930, Harsanyi 1956, Rosenschein and Zlotkin 1994). It ends at a Nash deal (proved there).
``"alternating-offers"`` (:mod:`bargain.protocols.alternating`)
    Rubinstein's (1982) subgame-perfect equilibrium with each party's ``discount`` and the
    scenario's ``breakdown_risk`` per rejected offer, on the convex frontier of lotteries; the
    first offer is accepted at once. It tends to the (asymmetric) Nash solution as offers speed
    up (Binmore, Rubinstein and Wolinsky 1986).
``"time-based"`` (:mod:`bargain.protocols.timebased`)
    A simulated negotiation in which each party concedes along an aspiration curve towards a
    deadline (Boulware, linear or conceder), as the time-dependent agents of GENIUS and NegMAS.
``"trades"`` (:mod:`bargain.protocols.trades`)
    Logrolling from a starting deal: trades of two issues (or one) that both parties gain from,
    the most joint gain first, until none is left.

Parties. ``"time-based"`` supports any number of parties (an offer is agreed when all others
accept it). The other three are two-party constructions and refuse three or more parties with a
:class:`~bargain.errors.ScenarioError`: Zeuthen's risk comparison is between two offers;
Rubinstein's equilibrium is unique only for two (with three or more, Shaked's example gives a
continuum of equilibria); a trade is between two sides.

Options (each protocol refuses options it does not use, naming them):

=====================  ==========================================================================
``disagreement``       all: overrides the disagreement point (``{party: utility}`` or one number
                       per party), as in :func:`bargain.solve`.
``rounds``             ``"zeuthen"``: stop without agreement after this many rounds (default: no
                       limit); ``"time-based"``: rounds before the deadline (default 20);
                       ``"trades"``: at most this many trades (default: no limit). An int >= 1.
``discounts``          ``"alternating-offers"``: per-round discount factors in (0, 1] (a mapping
                       or one number per party; default each party's ``discount``).
``first``              ``"alternating-offers"``, ``"time-based"``: the party proposing first
                       (default the first party).
``exponents``          ``"time-based"``: concession exponent per party, a number > 0 or
                       ``"boulware"`` (4), ``"linear"`` (1), ``"conceder"`` (1/4); one value for
                       all, a mapping or one per party (default 1).
``offer``              ``"time-based"``: ``"best-for-others"`` (default) or ``"random"`` (a
                       uniformly random deal meeting the proposer's aspiration, drawn from
                       ``rng``).
``rng``                ``"time-based"``: ``np.random.Generator``, int seed or ``None``; used by
                       ``offer="random"`` only.
``start``              ``"trades"``: the starting deal ``{issue_key: level_name}``; issues not
                       named start at their first level no party red-lines (default: every issue
                       so, the status quo when nothing is red-lined). A red-lined level is refused.
``breakdown_risk``     ``"alternating-offers"``: probability in [0, 1) that talks break down after
                       each rejected offer (default the scenario's ``breakdown_risk``).
=====================  ==========================================================================

No individually rational deal: the path ends without agreement and its message says so.

References
----------
- F. Zeuthen (1930), *Problems of Monopoly and Economic Warfare*, Routledge.
- J. C. Harsanyi (1956), "Approaches to the bargaining problem before and after the theory of
  games: a critical discussion of Zeuthen's, Hicks' and Nash's theories", *Econometrica* 24(2).
- A. Rubinstein (1982), "Perfect equilibrium in a bargaining model", *Econometrica* 50(1).
- K. Binmore, A. Rubinstein and A. Wolinsky (1986), "The Nash bargaining solution in economic
  modelling", *RAND Journal of Economics* 17(2).
- J. S. Rosenschein and G. Zlotkin (1994), *Rules of Encounter: Designing Conventions for
  Automated Negotiation among Computers*, MIT Press.
- P. Faratin, C. Sierra and N. R. Jennings (1998), "Negotiation decision functions for autonomous
  agents", *Robotics and Autonomous Systems* 24(3-4).
- M. J. Osborne and A. Rubinstein (1990), *Bargaining and Markets*, Academic Press (Shaked's
  three-player example).

Examples
--------
>>> from bargain import load_scenario, solve
>>> talks = load_scenario("russia-nato-2022-no-red-lines")
>>> path = concession_path(talks, "zeuthen")
>>> path.deal == solve(talks).deal
True
>>> concession_path(talks, "zeuthen", round=3)
Traceback (most recent call last):
...
bargain.errors.ScenarioError: 'round' is not an option of protocol 'zeuthen'; did you mean 'rounds'?
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from bargain._checks import check_type, suggest
from bargain._registry import Choice, Registry
from bargain.disagreement import resolve_disagreement
from bargain.errors import ScenarioError
from bargain.model.scenario import Scenario
from bargain.protocols import alternating, timebased, trades, zeuthen
from bargain.protocols._shared import Context
from bargain.protocols.result import ConcessionPath

__all__ = ["PROTOCOLS", "Protocol", "concession_path"]


@dataclass(frozen=True, slots=True)
class Protocol:
    """A protocol's driver, the options it takes and whether it needs exactly two parties."""

    run: Callable[[Context, Mapping[str, Any]], ConcessionPath]
    options: tuple[str, ...]
    two_parties: bool


#: The protocols, in the order the command line lists them.
PROTOCOLS: Registry[Protocol] = Registry(
    "protocol",
    [
        Choice(
            "zeuthen",
            "monotonic concession: the side less willing to risk conflict concedes",
            Protocol(zeuthen.run, ("disagreement", "rounds"), two_parties=True),
        ),
        Choice(
            "alternating-offers",
            "Rubinstein's subgame-perfect equilibrium with each party's discount",
            Protocol(
                alternating.run,
                ("disagreement", "discounts", "breakdown_risk", "first"),
                two_parties=True,
            ),
        ),
        Choice(
            "time-based",
            "aspiration curves towards a deadline (Boulware, linear, conceder); any parties",
            Protocol(
                timebased.run,
                ("disagreement", "rounds", "exponents", "first", "offer", "rng"),
                two_parties=False,
            ),
        ),
        Choice(
            "trades",
            "logrolling: trades of two issues that both parties gain from",
            Protocol(trades.run, ("disagreement", "rounds", "start"), two_parties=True),
        ),
    ],
)


def _check_options(protocol: str, options: Mapping[str, Any]) -> None:
    allowed = PROTOCOLS[protocol].run.options
    for name in options:
        if name in allowed:
            continue
        users = [p for p in PROTOCOLS if name in PROTOCOLS[p].run.options]
        if users:
            hint = f"it applies to {', '.join(repr(p) for p in users)}"
        else:
            hint = suggest(str(name), allowed)
        raise ScenarioError(f"is not an option of protocol {protocol!r}; {hint}", key=repr(name))


def _two_parties(scenario: Scenario, protocol: str) -> None:
    if scenario.n_parties != 2:
        raise ScenarioError(
            f"is defined for two parties; this scenario has {scenario.n_parties} "
            f"({', '.join(scenario.party_keys)}): use 'time-based', which supports any number",
            key=f"protocol {protocol!r}",
        )


def concession_path(scenario: Scenario, protocol: str, **options: Any) -> ConcessionPath:
    """How `protocol` reaches a deal in `scenario`, offer by offer.

    Parameters
    ----------
    scenario
        The bargaining problem.
    protocol
        ``"zeuthen"`` (monotonic concession on the Pareto frontier; two parties; ends at a Nash
        deal), ``"alternating-offers"`` (Rubinstein's equilibrium with each party's discount;
        two parties), ``"time-based"`` (aspiration curves towards a deadline; any number of
        parties) or ``"trades"`` (logrolling from a starting deal; two parties). Each is defined
        precisely in its module (:mod:`bargain.protocols.zeuthen`, ...).
    **options
        The protocol's options; one it does not use is refused, naming the protocols it
        applies to.

        - ``disagreement`` (all): overrides the disagreement point, ``{party: utility}`` or one
          number per party, as in :func:`bargain.solve`.
        - ``rounds``: ``"zeuthen"``, stop without agreement after this many rounds (default: no
          limit); ``"time-based"``, rounds before the deadline (default 20); ``"trades"``, at
          most this many trades (default: no limit). An int >= 1.
        - ``discounts`` (``"alternating-offers"``): per-round discount factors in (0, 1], a
          mapping or one number per party (default: each party's ``discount``).
        - ``first`` (``"alternating-offers"``, ``"time-based"``): the party proposing first
          (default: the first party).
        - ``exponents`` (``"time-based"``): concession exponent per party, a number > 0 or
          ``"boulware"`` (4), ``"linear"`` (1), ``"conceder"`` (1/4); one value for all, a
          mapping or one per party (default 1).
        - ``offer`` (``"time-based"``): ``"best-for-others"`` (default) or ``"random"`` (a
          uniformly random deal meeting the proposer's aspiration, drawn from ``rng``).
        - ``rng`` (``"time-based"``): a ``numpy.random.Generator``, an int seed or ``None``;
          used by ``offer="random"`` only.
        - ``start`` (``"trades"``): the starting deal ``{issue_key: level_name}``; issues not
          named start at their first level (default: every issue at its first level).

    Returns
    -------
    ConcessionPath
        Its ``steps``, ``agreement`` (or ``None``), ``rounds`` and ``message``.

    Raises
    ------
    ScenarioError
        For an unknown protocol or option, a malformed option value (discount factors outside
        (0, 1], rounds < 1, a start deal naming unknown issues or levels, ...), or a two-party
        protocol on three or more parties.

    Examples
    --------
    >>> from bargain import load_scenario
    >>> talks = load_scenario("russia-nato-2022-no-red-lines")
    >>> path = concession_path(talks, "alternating-offers")
    >>> path.steps[0].accepted, path.rounds
    (True, 1)
    >>> concession_path(talks, "zeuten")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: protocol 'zeuten' is not a protocol; did you mean 'zeuthen'?
    """
    check_type(scenario, Scenario, "scenario")
    spec = PROTOCOLS.lookup(protocol).run
    _check_options(protocol, options)
    if spec.two_parties:
        _two_parties(scenario, protocol)
    d = resolve_disagreement(scenario, options.get("disagreement"))
    ctx = Context(scenario, d)
    path = spec.run(ctx, options)
    if options.get("disagreement") is not None:
        opts = dict(path.options)
        opts["disagreement"] = ctx.mapping(d)
        path = replace(path, options=opts)
    return path
