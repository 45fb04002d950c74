"""Time-based concession tactics: a simulated negotiation against a deadline, any number of parties.

This is the family of time-dependent agents of the automated-negotiation field (Faratin, Sierra
and Jennings 1998; the GENIUS ``TimeDependentAgent``; NegMAS' aspiration negotiators), run on the
individually rational Pareto frontier so that results can be compared with theirs.

Definition
----------
There are ``T`` rounds. In round ``t = 1..T`` the relative time is ``tau = (t - 1) / T`` and party
``i`` demands its *aspiration*

    a_i(tau) = best_i - (best_i - d_i) * tau ** e_i,

falling from ``best_i``, its largest utility on the individually rational frontier, towards its
disagreement utility ``d_i``, which it would reach at the deadline ``tau = 1``, just after the
last round. The concession exponent ``e_i`` sets the tactic: Boulware ``e > 1`` (holds out,
concedes late), linear ``e = 1``, conceder ``e < 1`` (concedes early). The names ``"boulware"``,
``"linear"`` and ``"conceder"`` stand for 4, 1 and 1/4, NegMAS' polynomial aspiration presets;
GENIUS writes the same curves with ``1 / e`` (its Boulware has ``e = 0.2``).

Proposers take turns in party order from the first proposer. The proposer offers, among the
frontier deals that meet its own aspiration, the one best for the others: the largest product of
the other parties' gains over their disagreement utilities (with two parties, simply the other's
best). With ``rng`` given it instead offers one of those deals uniformly at random (NegMAS'
stochastic aspiration negotiators). Every other party accepts when the offer meets its own
current aspiration; the offer is agreed when all of them accept. No agreement after round ``T``
means no agreement.

Every round is a step of the result, so ``T`` is at most :data:`MAX_ROUNDS` (100,000): larger
values are refused rather than run until memory runs out. Aspirations are formed without
overflow and the proposer's offer compares products of gains as sums of logarithms, so the path
does not depend on the unit of the values.

Arrays: ``utilities`` ``(m, n)`` the individually rational frontier; ``disagreement`` and
``exponents`` ``(n,)``.

Examples
--------
>>> import numpy as np
>>> u = np.array([[0.2, 0.8], [0.5, 0.5], [0.8, 0.2]])
>>> trace = time_based_rounds(u, np.zeros(2), np.ones(2), rounds=4)
>>> [(r.proposer, r.row, r.accepted) for r in trace]
[(0, 2, False), (1, 0, False), (0, 1, True)]
>>> np.round(trace[-1].aspiration, 3)
array([0.4, 0.4])
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import as_generator, check_number, per_party, suggest
from bargain.errors import ScenarioError
from bargain.model.scenario import Scenario
from bargain.protocols._shared import Context, Index, check_first, check_rounds, log_gains
from bargain.protocols.result import ConcessionPath

__all__ = [
    "DEFAULT_ROUNDS",
    "EXPONENTS",
    "MAX_ROUNDS",
    "OFFERS",
    "TimeBasedRound",
    "aspirations",
    "run",
    "time_based_rounds",
]

Array = NDArray[np.float64]

#: Named concession exponents (NegMAS' polynomial aspiration presets).
EXPONENTS = {"boulware": 4.0, "linear": 1.0, "conceder": 0.25}
#: Rounds before the deadline, by default.
DEFAULT_ROUNDS = 20
#: The most rounds a path may have: every round is a step of the result, kept in memory.
MAX_ROUNDS = 100_000
#: How a proposer picks its offer among the deals meeting its aspiration.
OFFERS = ("best-for-others", "random")


@dataclass(frozen=True, slots=True)
class TimeBasedRound:
    """One round: who proposed which frontier row, whether all accepted, and every aspiration."""

    proposer: int
    row: int
    accepted: bool
    aspiration: Array


def aspirations(tau: float, best: Array, disagreement: Array, exponents: Array) -> Array:
    """Every party's aspiration at relative time `tau` in ``[0, 1]``.

    Examples
    --------
    >>> import numpy as np
    >>> aspirations(0.5, np.ones(3), np.zeros(3), np.array([4.0, 1.0, 0.25])).round(3)
    array([0.938, 0.5  , 0.159])
    """
    best = np.asarray(best, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    share = tau ** np.asarray(exponents, dtype=np.float64)
    with np.errstate(over="ignore", invalid="ignore"):
        out: Array = best - (best - d) * share
    # best - d overflows for numbers near the largest float: the same point, as a mix
    return np.where(np.isfinite(out), out, best * (1 - share) + d * share)


def time_based_rounds(
    utilities: Array,
    disagreement: Array,
    exponents: Array,
    *,
    rounds: int,
    first: int = 0,
    rng: np.random.Generator | None = None,
) -> list[TimeBasedRound]:
    """Run the time-based negotiation (see the module docstring) until agreement or round `rounds`.

    Parameters
    ----------
    utilities
        ``(m, n)`` the individually rational frontier, ``m >= 1``.
    disagreement, exponents
        ``(n,)`` each; exponents > 0.
    rounds
        The number of rounds ``T`` before the deadline.
    first
        The first proposer.
    rng
        When given, each proposer offers a uniformly random deal meeting its aspiration.

    Returns
    -------
    list of TimeBasedRound
        The last one is accepted exactly when there is agreement.
    """
    u = np.asarray(utilities, dtype=np.float64)
    d = np.asarray(disagreement, dtype=np.float64)
    n = u.shape[1]
    best = u.max(axis=0)
    log_gain = log_gains(u, d)
    out = []
    for t in range(1, rounds + 1):
        a = aspirations((t - 1) / rounds, best, d, exponents)
        p = (first + t - 1) % n
        ok = np.flatnonzero(u[:, p] >= a[p])
        if rng is not None:
            row = int(ok[rng.integers(ok.size)])
        else:
            others = np.delete(log_gain[ok], p, axis=1).sum(axis=1)
            row = int(ok[np.argmax(others)])
        accepted = bool(np.all(np.delete(u[row] >= a, p)))
        out.append(TimeBasedRound(p, row, accepted, a))
        if accepted:
            break
    return out


# --------------------------------------------------------------------------- the driver
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
    for key, x in per_party(scenario.party_keys, value, "exponents"):
        out[scenario.party_keys.index(key)] = _exponent(x, f"exponents[{key!r}]")
    return out


def _tactic(e: float) -> str:
    name = {4.0: "Boulware", 1.0: "linear", 0.25: "conceder"}.get(e)
    if name is None:
        name = "Boulware" if e > 1 else "conceder" if e < 1 else "linear"
    return f"{name} e={e:g}"


def run(ctx: Context, options: Mapping[str, Any]) -> ConcessionPath:
    """The time-based negotiation on the individually rational frontier, round by round."""
    rounds = check_rounds(options.get("rounds"), DEFAULT_ROUNDS, maximum=MAX_ROUNDS)
    assert rounds is not None
    exponents = _exponents(ctx.scenario, options.get("exponents"))
    first = check_first(ctx.scenario, options.get("first"))
    offer = options.get("offer", "best-for-others")
    if offer not in OFFERS:
        raise ScenarioError(f"is not an offer rule; {suggest(str(offer), OFFERS)}", key="offer")
    seed = options.get("rng")
    rng = as_generator(seed)
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
                utilities=u[rnd.row],
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
