"""Concession paths: how a deal is reached, by one of four protocols, as a :class:`ConcessionPath`.

:func:`concession_path` validates its arguments, runs the protocol's kernel (a free function on
arrays in its own module) and tells the result in words. The protocols, each defined precisely
in its module:

``"zeuthen"`` (:mod:`bargain.zeuthen`)
    Zeuthen's monotonic concession protocol on the individually rational Pareto frontier (Zeuthen
    1930, Harsanyi 1956, Rosenschein and Zlotkin 1994). It ends at a Nash deal (proved there).
``"alternating-offers"`` (:mod:`bargain.alternating`)
    Rubinstein's (1982) subgame-perfect equilibrium with each party's ``discount``, on the
    convex frontier of lotteries; the first offer is accepted at once. It tends to the
    (asymmetric) Nash solution as offers speed up (Binmore, Rubinstein and Wolinsky 1986).
``"time-based"`` (:mod:`bargain.timebased`)
    A simulated negotiation in which each party concedes along an aspiration curve towards a
    deadline (Boulware, linear or conceder), as the time-dependent agents of GENIUS and NegMAS.
``"trades"`` (:mod:`bargain.trades`)
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
                       named start at their first level (default: every issue at its first level,
                       the status quo).
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
>>> talks = load_scenario("russia-nato-2022")
>>> path = concession_path(talks, "zeuthen")
>>> path.agreement == solve(talks).deal
True
>>> concession_path(talks, "zeuthen", round=3)
Traceback (most recent call last):
...
bargain.errors.ScenarioError: 'round' is not an option of protocol 'zeuthen'; did you mean 'rounds'?
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain.alternating import rubinstein
from bargain.errors import ScenarioError
from bargain.frontier import frontier_arrays
from bargain.hull import hull_chain
from bargain.methods import choose, individually_rational
from bargain.model import Scenario, check_number, suggest
from bargain.overrides import resolve_disagreement
from bargain.path_result import Change, ConcessionPath, Step
from bargain.solution import Lottery
from bargain.solve import solve
from bargain.timebased import EXPONENTS, time_based_rounds
from bargain.trades import trade_sequence, trade_tolerance
from bargain.zeuthen import zeuthen_rounds

__all__ = ["DEFAULT_ROUNDS", "OPTIONS", "PROTOCOLS", "concession_path"]

Array = NDArray[np.float64]
Index = NDArray[np.intp]

#: The protocols, in the order the CLI lists them.
PROTOCOLS = ("zeuthen", "alternating-offers", "time-based", "trades")
#: The options each protocol takes.
OPTIONS: dict[str, tuple[str, ...]] = {
    "zeuthen": ("disagreement", "rounds"),
    "alternating-offers": ("disagreement", "discounts", "first"),
    "time-based": ("disagreement", "rounds", "exponents", "first", "offer", "rng"),
    "trades": ("disagreement", "rounds", "start"),
}
#: Rounds before the deadline of a time-based negotiation, by default.
DEFAULT_ROUNDS = 20
_OFFERS = ("best-for-others", "random")


# --------------------------------------------------------------------------- validation
def _check_options(protocol: str, options: Mapping[str, Any]) -> None:
    allowed = OPTIONS[protocol]
    for name in options:
        if name in allowed:
            continue
        users = [p for p in PROTOCOLS if name in OPTIONS[p]]
        if users:
            hint = f"it applies to {', '.join(repr(p) for p in users)}"
        else:
            hint = suggest(str(name), allowed)
        raise ScenarioError(f"is not an option of protocol {protocol!r}; {hint}", key=repr(name))


def _rounds(value: Any, default: int | None) -> int | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ScenarioError(f"must be a whole number >= 1, found {value!r}", key="rounds")
    if value < 1:
        raise ScenarioError(f"must be >= 1, found {value}", key="rounds")
    return int(value)


def _per_party(scenario: Scenario, value: Any, name: str) -> list[tuple[str, Any]]:
    """``(key, raw value)`` for the parties `value` names: a mapping or one entry per party."""
    keys = scenario.party_keys
    if isinstance(value, Mapping):
        for key in value:
            if key not in keys:
                raise ScenarioError(
                    f"names {key!r}, which is not a party; {suggest(str(key), keys)}", key=name
                )
        return [(str(k), v) for k, v in value.items()]
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise ScenarioError(
            f"must be a mapping of party -> value or one value per party, "
            f"found {type(value).__name__} {value!r}",
            key=name,
        )
    items = list(value)
    if len(items) != len(keys):
        raise ScenarioError(
            f"must have one value per party ({len(keys)}: {', '.join(keys)}), found {len(items)}",
            key=name,
        )
    return list(zip(keys, items, strict=True))


def _discounts(scenario: Scenario, value: Any) -> Array:
    out = scenario.discounts.copy()
    if value is None:
        return out
    for key, x in _per_party(scenario, value, "discounts"):
        where = f"discounts[{key!r}]"
        v = check_number(x, where)
        if not 0 < v <= 1:
            raise ScenarioError(f"must be in (0, 1], found {v}", key=where)
        out[scenario.party_keys.index(key)] = v
    return out


def _exponent(x: Any, key: str) -> float:
    if isinstance(x, str):
        if x not in EXPONENTS:
            raise ScenarioError(
                f"is not a number or a tactic name; {suggest(x, EXPONENTS)}", key=key
            )
        return EXPONENTS[x]
    v = check_number(x, key)
    if v <= 0:
        raise ScenarioError(f"must be > 0, found {v}", key=key)
    return v


def _exponents(scenario: Scenario, value: Any) -> Array:
    out = np.ones(scenario.n_parties)
    if value is None:
        return out
    if isinstance(value, str | int | float | np.integer | np.floating) and not isinstance(
        value, bool
    ):
        return out * _exponent(value, "exponents")
    for key, x in _per_party(scenario, value, "exponents"):
        out[scenario.party_keys.index(key)] = _exponent(x, f"exponents[{key!r}]")
    return out


def _first(scenario: Scenario, value: Any) -> int:
    if value is None:
        return 0
    keys = scenario.party_keys
    if not isinstance(value, str) or value not in keys:
        raise ScenarioError(
            f"must be a party key; {suggest(str(value), keys)}, found {value!r}", key="first"
        )
    return keys.index(value)


def _rng(value: Any) -> np.random.Generator:
    if isinstance(value, np.random.Generator):
        return value
    if value is None or (isinstance(value, int | np.integer) and not isinstance(value, bool)):
        if value is not None and value < 0:
            raise ScenarioError(f"must be a seed >= 0, found {value}", key="rng")
        return np.random.default_rng(value)
    raise ScenarioError(
        f"must be a numpy Generator, an int seed or None, found {type(value).__name__}",
        key="rng",
    )


def _start(scenario: Scenario, value: Any) -> Index:
    levels = np.zeros(scenario.n_issues, dtype=np.intp)
    if value is None:
        return levels
    parsed = scenario.parse_deal(value, partial=True, key="start")
    for key, j in parsed.items():
        levels[scenario.issue_keys.index(key)] = j
    return levels


def _two_parties(scenario: Scenario, protocol: str) -> None:
    if scenario.n_parties != 2:
        raise ScenarioError(
            f"is defined for two parties; this scenario has {scenario.n_parties} "
            f"({', '.join(scenario.party_keys)}): use 'time-based', which supports any number",
            key=f"protocol {protocol!r}",
        )


# --------------------------------------------------------------------------- building blocks
class _Context:
    """What every protocol needs: the scenario, the disagreement point, the full frontier.

    The frontier is computed on first use (alternating offers never needs it).
    """

    def __init__(self, scenario: Scenario, d: Array) -> None:
        self.scenario = scenario
        self.d = d
        self.keys = scenario.party_keys
        self.names = {p.key: p.name for p in scenario.parties}

    @cached_property
    def _frontier(self) -> tuple[Array, Index]:
        u, deals, _ = frontier_arrays(self.scenario)
        return u, deals

    @property
    def all_u(self) -> Array:
        """``(m, n)`` the whole Pareto frontier."""
        return self._frontier[0]

    @property
    def all_deals(self) -> Index:
        """``(m, n_issues)`` its deals."""
        return self._frontier[1]

    @cached_property
    def _rational(self) -> NDArray[np.bool_]:
        return individually_rational(self.all_u, self.d)

    @property
    def u(self) -> Array:
        """The individually rational frontier."""
        return self.all_u[self._rational]

    @property
    def deals(self) -> Index:
        """Its deals."""
        return self.all_deals[self._rational]

    @property
    def tol(self) -> float:
        """Rounding tolerance in utility."""
        return 1e-12 * (1.0 + float(np.abs(self.all_u).max(initial=0.0)))

    def mapping(self, values: Array) -> dict[str, float]:
        return {k: float(x) for k, x in zip(self.keys, values, strict=True)}

    def changes(self, before: Index | None, after: Index) -> tuple[Change, ...]:
        if before is None:
            return ()
        out = []
        for i, (a, b) in enumerate(zip(before.tolist(), after.tolist(), strict=True)):
            if a == b:
                continue
            issue = self.scenario.issues[i]
            table = self.scenario.tables[i]
            delta = table[b] - table[a]
            out.append(
                Change(
                    issue=issue.key,
                    before=issue.levels[a],
                    after=issue.levels[b],
                    gains=self.mapping(delta),
                    favours=tuple(k for k, g in zip(self.keys, delta, strict=True) if g > 0),
                )
            )
        return tuple(out)

    def step(
        self,
        round_: int,
        proposer: int | None,
        levels: Index,
        accepted: bool,
        changes: tuple[Change, ...],
        note: str,
        utilities: Array | None = None,
        **extra: Any,
    ) -> Step:
        if utilities is None:
            utilities = self.scenario.utilities(levels)
        return Step(
            round=round_,
            proposer=self.keys[proposer] if proposer is not None else None,
            offer=self.scenario.describe(levels),
            levels=tuple(int(j) for j in levels),
            utilities=self.mapping(utilities),
            accepted=accepted,
            changes=changes,
            note=note,
            **extra,
        )

    def nash(self) -> Index | None:
        best, _ = choose("nash", self.all_u, self.all_deals, self.d)
        return None if best is None else self.all_deals[best]

    def frontier_distance(self, u_end: Array) -> float:
        above = np.all(self.all_u >= u_end - self.tol, axis=1)
        return float(np.linalg.norm(self.all_u[above] - u_end, axis=1).min(initial=np.inf))

    def finish(
        self,
        protocol: str,
        steps: Sequence[Step],
        final: Index | None,
        agreed: bool,
        rounds: int,
        message: str,
        options: Mapping[str, Any],
    ) -> ConcessionPath:
        """The path, with the Nash comparison and distances for the final deal `final`."""
        nash = self.nash()
        nash_u = None if nash is None else self.scenario.utilities(nash)
        dist_nash = dist_frontier = None
        if final is not None:
            u_end = self.scenario.utilities(final)
            dist_frontier = self.frontier_distance(u_end)
            if nash_u is not None:
                dist_nash = float(np.linalg.norm(u_end - nash_u))
        end_u = self.scenario.utilities(final) if agreed and final is not None else self.d
        return ConcessionPath(
            scenario=self.scenario.name,
            protocol=protocol,
            parties=self.keys,
            steps=tuple(steps),
            agreement=self.scenario.describe(final) if agreed and final is not None else None,
            levels=tuple(int(j) for j in final) if agreed and final is not None else None,
            utilities=self.mapping(end_u),
            disagreement=self.mapping(self.d),
            rounds=rounds,
            message=message,
            options=dict(options),
            nash=self.scenario.describe(nash) if nash is not None else None,
            nash_utilities=self.mapping(nash_u) if nash_u is not None else None,
            distance_to_nash=dist_nash,
            distance_to_frontier=dist_frontier,
        )

    def no_deal(self) -> str:
        return (
            f"No deal gives every party more than its disagreement utility "
            f"({self.scenario.n_deals:,} deals): talks fail and each party gets its "
            f"disagreement utility."
        )

    def utilities_text(self, u: Array) -> str:
        return ", ".join(f"{self.names[k]} {x:.3f}" for k, x in zip(self.keys, u, strict=True))


# --------------------------------------------------------------------------- protocols
def _zeuthen(ctx: _Context, options: Mapping[str, Any]) -> ConcessionPath:
    max_rounds = _rounds(options.get("rounds"), None)
    used = {"rounds": max_rounds}
    if ctx.u.shape[0] == 0:
        return ctx.finish("zeuthen", [], None, False, 0, ctx.no_deal(), used)
    order = np.lexsort(ctx.u.T[::-1])
    u, deals = ctx.u[order], ctx.deals[order]

    def prefer(a: int, b: int) -> int:
        return a if tuple(deals[a]) < tuple(deals[b]) else b

    trace = zeuthen_rounds(u, ctx.d, max_rounds=max_rounds, prefer=prefer)
    steps: list[Step] = []
    conceded = [0, 0]
    previous: tuple[int, int] | None = None
    last = len(trace.rounds)
    for r, rnd in enumerate(trace.rounds, start=1):
        risk = None if rnd.risk is None else ctx.mapping(np.asarray(rnd.risk))
        for p in (0, 1):
            row = rnd.offers[p]
            before = None if previous is None else deals[previous[p]]
            moved = previous is not None and previous[p] != row
            conceded[p] += moved
            if previous is None:
                note = "opening offer: its best individually rational deal"
            elif rnd.risk is None:  # pragma: no cover - only the opening has no risks
                note = ""
            else:
                mine, theirs = rnd.risk[p], rnd.risk[1 - p]
                if rnd.conceded == (True, True):
                    note = f"equal risks ({mine:.3f}): both concede"
                elif rnd.conceded[p]:
                    note = f"lower risk ({mine:.3f} < {theirs:.3f}): concedes"
                else:
                    note = f"stands firm (risk {mine:.3f} > {theirs:.3f})"
            accepted = r == last and trace.agreed == row and (moved or previous is None)
            if accepted:
                note += "; accepted" if previous is not None else "; accepted at once"
            steps.append(
                ctx.step(
                    r, p, deals[row], accepted, ctx.changes(before, deals[row]), note, risk=risk
                )
            )
        previous = rnd.offers
    if trace.agreed is None:
        message = (
            f"Zeuthen's monotonic concession protocol: no agreement within {max_rounds} rounds "
            f"(the limit `rounds`); the offers still differ."
        )
        return ctx.finish("zeuthen", steps, None, False, last, message, used)
    final = deals[trace.agreed]
    nash = ctx.nash()
    same = nash is not None and bool(np.array_equal(nash, final))
    where = (
        "the Nash deal"
        if same
        else "a deal tied with the Nash deal for the largest product of gains"
    )
    message = (
        f"Zeuthen's monotonic concession protocol on the {u.shape[0]:,} individually rational "
        f"frontier deals: agreement in round {last} on {where}. The side less willing to risk "
        f"conflict concedes each round: {ctx.names[ctx.keys[0]]} conceded {conceded[0]} time(s), "
        f"{ctx.names[ctx.keys[1]]} {conceded[1]}."
    )
    return ctx.finish("zeuthen", steps, final, True, last, message, used)


def _lottery(
    ctx: _Context, chain_deal: Any, segment: tuple[int, int, float]
) -> tuple[Index, Array, Lottery | None]:
    """The point `segment` of the chain: its most probable deal, expected utilities, lottery."""
    i, j, t = segment
    if i == j:
        deal = chain_deal(i)
        return deal, ctx.scenario.utilities(deal), None
    pair = [chain_deal(i), chain_deal(j)]
    probs = [1 - t, t]
    order = [0, 1] if probs[0] >= probs[1] else [1, 0]
    u = probs[0] * ctx.scenario.utilities(pair[0]) + probs[1] * ctx.scenario.utilities(pair[1])
    lottery = Lottery(
        deals=tuple(ctx.scenario.describe(pair[o]) for o in order),
        probabilities=tuple(float(probs[o]) for o in order),
        levels=tuple(tuple(int(x) for x in pair[o]) for o in order),
    )
    return pair[order[0]], u, lottery


def _alternating(ctx: _Context, options: Mapping[str, Any]) -> ConcessionPath:
    delta = _discounts(ctx.scenario, options.get("discounts"))
    first = _first(ctx.scenario, options.get("first"))
    used = {"discounts": ctx.mapping(delta), "first": ctx.keys[first]}
    chain = hull_chain(ctx.scenario.tables)
    out = rubinstein(chain.vertices, ctx.d, delta, first)
    nash_sol = solve(ctx.scenario, "nash", lotteries=True, disagreement=ctx.d)
    if out is None:
        message = (
            "No lottery over deals gives both parties more than their disagreement utility: no "
            "offer can be accepted, talks fail and each party gets its disagreement utility."
        )
        return ConcessionPath(
            scenario=ctx.scenario.name,
            protocol="alternating-offers",
            parties=ctx.keys,
            steps=(),
            agreement=None,
            levels=None,
            utilities=ctx.mapping(ctx.d),
            disagreement=ctx.mapping(ctx.d),
            rounds=0,
            message=message,
            options=used,
        )
    deal, u, lottery = _lottery(ctx, chain.deal, out.segments[first])
    other = 1 - first
    proposer, responder = ctx.names[ctx.keys[first]], ctx.names[ctx.keys[other]]
    if out.undiscounted:
        note = "the Nash point (no discounting: the limit of equally patient parties)"
        message = (
            "Alternating offers without discounting (both discount factors are 1) have no unique "
            "equilibrium; reported is the limit as both become patient at the same rate, the "
            "Nash solution on the convex frontier of lotteries."
        )
    else:
        exact = abs(u[other] - out.continuation[other]) <= 1e-9 * (1 + abs(u[other]))
        note = (
            f"offers {responder} {u[other]:.3f}, "
            f"{'exactly' if exact else 'more than'} its continuation value "
            f"{out.continuation[other]:.3f}: accepted at once"
        )
        rates = ", ".join(f"{ctx.names[q]} {x:g}" for q, x in zip(ctx.keys, delta, strict=True))
        message = (
            f"Rubinstein alternating offers (discount factors {rates}; "
            f"{proposer} proposes first) on the convex frontier of lotteries: {proposer}'s "
            f"equilibrium offer is accepted in round 1, giving {ctx.utilities_text(u)}. "
            f"Had {responder} proposed, it would have offered "
            f"{ctx.utilities_text(out.proposals[other])}."
        )
        if np.all(delta < 1):
            powers = 1.0 / -np.log(delta)
            limit = solve(
                ctx.scenario, "asymmetric-nash", lotteries=True, disagreement=ctx.d, powers=powers
            )
            if limit.agreement:
                message += (
                    f" As offers speed up it tends to the asymmetric Nash solution with powers "
                    f"1/-log(discount) ({', '.join(f'{p:.3g}' for p in powers)}): "
                    f"{ctx.utilities_text(np.array(list(limit.utilities.values())))}."
                )
    step = ctx.step(1, first, deal, True, (), note, utilities=u, lottery=lottery)
    nash_u = np.array(list(nash_sol.utilities.values())) if nash_sol.agreement else None
    return ConcessionPath(
        scenario=ctx.scenario.name,
        protocol="alternating-offers",
        parties=ctx.keys,
        steps=(step,),
        agreement=ctx.scenario.describe(deal),
        levels=tuple(int(j) for j in deal),
        utilities=ctx.mapping(u),
        disagreement=ctx.mapping(ctx.d),
        rounds=1,
        message=message,
        options=used,
        nash=dict(nash_sol.deal) if nash_sol.deal is not None else None,
        nash_utilities=dict(nash_sol.utilities) if nash_sol.agreement else None,
        distance_to_nash=None if nash_u is None else float(np.linalg.norm(u - nash_u)),
        distance_to_frontier=0.0,
        continuation=ctx.mapping(out.continuation),
        lottery=lottery,
    )


def _tactic(e: float) -> str:
    name = {4.0: "Boulware", 1.0: "linear", 0.25: "conceder"}.get(e)
    if name is None:
        name = "Boulware" if e > 1 else "conceder" if e < 1 else "linear"
    return f"{name} e={e:g}"


def _time_based(ctx: _Context, options: Mapping[str, Any]) -> ConcessionPath:
    rounds = _rounds(options.get("rounds"), DEFAULT_ROUNDS)
    assert rounds is not None
    exponents = _exponents(ctx.scenario, options.get("exponents"))
    first = _first(ctx.scenario, options.get("first"))
    offer = options.get("offer", "best-for-others")
    if offer not in _OFFERS:
        raise ScenarioError(f"is not an offer rule; {suggest(str(offer), _OFFERS)}", key="offer")
    seed = options.get("rng")
    rng = _rng(seed)
    used: dict[str, Any] = {
        "rounds": rounds,
        "exponents": ctx.mapping(exponents),
        "first": ctx.keys[first],
        "offer": offer,
        "rng": seed if seed is None or isinstance(seed, int) else type(seed).__name__,
    }
    if ctx.u.shape[0] == 0:
        return ctx.finish("time-based", [], None, False, 0, ctx.no_deal(), used)
    order = np.lexsort(ctx.u.T[::-1])
    u, deals = ctx.u[order], ctx.deals[order]
    trace = time_based_rounds(
        u, ctx.d, exponents, rounds=rounds, first=first, rng=rng if offer == "random" else None
    )
    steps = []
    last_offer: dict[int, Index] = {}
    for t, rnd in enumerate(trace, start=1):
        row = deals[rnd.row]
        others = [q for q in range(len(ctx.keys)) if q != rnd.proposer]
        refusing = [q for q in others if u[rnd.row, q] < rnd.aspiration[q]]
        if refusing:
            note = "rejected by " + ", ".join(
                f"{ctx.names[ctx.keys[q]]} ({u[rnd.row, q]:.3f} < {rnd.aspiration[q]:.3f})"
                for q in refusing
            )
        else:
            note = "accepted by all"
        steps.append(
            ctx.step(
                t,
                rnd.proposer,
                row,
                rnd.accepted,
                ctx.changes(last_offer.get(rnd.proposer), row),
                note,
                aspiration=ctx.mapping(rnd.aspiration),
            )
        )
        last_offer[rnd.proposer] = row
    tactics = ", ".join(
        f"{ctx.names[k]} {_tactic(float(e))}" for k, e in zip(ctx.keys, exponents, strict=True)
    )
    done = trace[-1].accepted
    head = f"Time-based concession over {rounds} rounds ({tactics}; offers {offer}): "
    if done:
        final = deals[trace[-1].row]
        message = head + (
            f"agreement in round {len(trace)}, giving "
            f"{ctx.utilities_text(ctx.scenario.utilities(final))}."
        )
        return ctx.finish("time-based", steps, final, True, len(trace), message, used)
    message = head + "no agreement by the deadline; each party gets its disagreement utility."
    return ctx.finish("time-based", steps, None, False, len(trace), message, used)


def _trade_sentence(ctx: _Context, changes: tuple[Change, ...], tol: Array) -> str:
    parts = []
    for c in changes:
        losers = [ctx.names[k] for j, k in enumerate(ctx.keys) if c.gains[k] < -tol[j]]
        if losers:
            parts.append(f"{' and '.join(losers)} accepts '{c.after}' on {c.issue}")
        else:
            parts.append(f"both gain from '{c.after}' on {c.issue}")
    return "; ".join(parts)


def _ratio(gains: Array, changes: tuple[Change, ...], ctx: _Context) -> str:
    """``; marginal-value ratio r`` for a two-issue trade in which each issue costs one side."""
    if len(changes) != 2:
        return ""
    a, b = ctx.keys
    g = [(c.gains[a], c.gains[b]) for c in changes]
    if g[0][0] > 0 > g[0][1] and g[1][1] > 0 > g[1][0]:
        r = (g[0][0] / -g[0][1]) * (g[1][1] / -g[1][0])
    elif g[0][1] > 0 > g[0][0] and g[1][0] > 0 > g[1][1]:
        r = (g[0][1] / -g[0][0]) * (g[1][0] / -g[1][1])
    else:
        return ""
    return f"; marginal-value ratio {r:.2f}"


def _trades(ctx: _Context, options: Mapping[str, Any]) -> ConcessionPath:
    start = _start(ctx.scenario, options.get("start"))
    max_trades = _rounds(options.get("rounds"), None)
    used = {"start": ctx.scenario.describe(start), "rounds": max_trades}
    tables = ctx.scenario.tables
    tol = trade_tolerance(tables)
    trades = trade_sequence(tables, start, max_trades=max_trades)
    steps = []
    levels = start.copy()
    for r, trade in enumerate(trades, start=1):
        new = levels.copy()
        for i, lv in zip(trade.issues, trade.levels, strict=True):
            new[i] = lv
        changes = ctx.changes(levels, new)
        gains = ", ".join(
            f"{ctx.names[k]} {g:+.3f}" for k, g in zip(ctx.keys, trade.gains, strict=True)
        )
        ratio = _ratio(trade.gains, changes, ctx)
        note = f"{_trade_sentence(ctx, changes, tol)} ({gains}{ratio})"
        steps.append(ctx.step(r, None, new, True, changes, note))
        levels = new
    u0, u1 = ctx.scenario.utilities(start), ctx.scenario.utilities(levels)
    rational = bool(np.all(u1 > ctx.d))
    if not trades:
        story = f"From the start ({ctx.utilities_text(u0)}) no trade helps both parties."
    else:
        story = (
            f"From the start ({ctx.utilities_text(u0)}), {len(trades)} trade(s) lead to "
            f"{ctx.utilities_text(u1)}"
        )
        capped = max_trades is not None and len(trades) == max_trades
        story += "; stopped at the limit `rounds`." if capped else "; then no trade helps both."
    path = ctx.finish("trades", steps, levels, rational, len(trades), "", used)
    assert path.distance_to_frontier is not None
    where = (
        "on the Pareto frontier"
        if path.distance_to_frontier <= 1e-9
        else f"{path.distance_to_frontier:.3f} (in utility) from the Pareto frontier"
    )
    story += f" The final deal is {where}"
    if path.distance_to_nash is not None:
        story += f" and {path.distance_to_nash:.3f} from the Nash deal."
    else:
        story += "; no deal is individually rational, so there is no Nash deal."
    if not rational:
        below = [ctx.names[k] for j, k in enumerate(ctx.keys) if u1[j] <= ctx.d[j]]
        story += (
            f" It leaves {' and '.join(below)} at or below the disagreement utility, so it is "
            f"no agreement."
        )
    return replace(path, message=story)


_RUN = {
    "zeuthen": _zeuthen,
    "alternating-offers": _alternating,
    "time-based": _time_based,
    "trades": _trades,
}


def concession_path(scenario: Scenario, protocol: str, **options: Any) -> ConcessionPath:
    """How `protocol` reaches a deal in `scenario`, offer by offer.

    Parameters
    ----------
    scenario
        The bargaining problem.
    protocol
        One of :data:`PROTOCOLS` (see the module docstring and each protocol's module).
    **options
        The protocol's options (see the module docstring); others are refused.

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
    >>> talks = load_scenario("russia-nato-2022")
    >>> path = concession_path(talks, "alternating-offers")
    >>> path.steps[0].accepted, path.rounds
    (True, 1)
    >>> concession_path(talks, "zeuten")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: protocol 'zeuten' is not a protocol; did you mean 'zeuthen'?
    """
    if not isinstance(scenario, Scenario):
        raise ScenarioError(f"must be a Scenario, found {type(scenario).__name__}", key="scenario")
    if protocol not in PROTOCOLS:
        raise ScenarioError(
            f"is not a protocol; {suggest(str(protocol), PROTOCOLS)}", key=f"protocol {protocol!r}"
        )
    _check_options(protocol, options)
    if protocol != "time-based":
        _two_parties(scenario, protocol)
    d = resolve_disagreement(scenario, options.get("disagreement"))
    ctx = _Context(scenario, d)
    path = _RUN[protocol](ctx, options)
    if options.get("disagreement") is not None:
        opts = dict(path.options)
        opts["disagreement"] = ctx.mapping(d)
        path = replace(path, options=opts)
    return path
