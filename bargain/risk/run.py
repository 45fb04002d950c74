"""Breakdown risk of a deal: :func:`breakdown`.

Draws the uncertain numbers exactly as :func:`bargain.sweep` does (same paths, distributions and
reproducible blocks of draws, so the same seed gives the same draws), evaluates the deal in every
draw (:mod:`bargain.risk.acceptance`) and finds the robust deal (:mod:`bargain.risk.robust`).

Examples
--------
>>> import bargain
>>> from bargain import Issue, Party, Scenario
>>> split = Issue("split", "Split", ["all to A", "half", "all to B"])
>>> a = Party("a", "A", values={"split": [1.0, 0.5, 0.0]}, disagreement=0.2)
>>> b = Party("b", "B", values={"split": [0.0, 0.5, 1.0]}, disagreement=-0.2)
>>> cake = Scenario(name="cake", issues=[split], parties=[a, b])
>>> risk = breakdown(cake, uncertainty={"a.disagreement": bargain.Uniform(0.0, 0.8)},
...                  samples=4000, rng=1)
>>> round(risk.acceptance["a"], 2), risk.exact["a"], risk.agreement_exact
(0.63, 0.625, 0.625)
>>> risk.robust.deal, risk.robust.agreement_probability  # A always accepts everything
({'split': 'all to A'}, 1.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_type
from bargain._results import Labels
from bargain.api import solve
from bargain.errors import ScenarioError
from bargain.frontier.engine import frontier_arrays
from bargain.model.params import batch_arrays
from bargain.model.scenario import Scenario
from bargain.risk.acceptance import Uncertain, accepted, closed_form, estimates
from bargain.risk.result import BreakdownResult, RobustDeal
from bargain.risk.robust import (
    MAX_CANDIDATES,
    best,
    expected_products,
    expected_products_per_draw,
)
from bargain.solutions.concepts import TIE_RTOL
from bargain.solutions.result import Solution
from bargain.sweeps.plan import Plan, make_plan

__all__ = ["breakdown"]

Array = NDArray[np.float64]
Index = NDArray[np.intp]


@dataclass(frozen=True, slots=True)
class _Draws:
    """The draws of a breakdown analysis, as arrays."""

    scenario: Scenario
    plan: Plan
    tables: list[Array]
    disagreement: Array
    numbers: tuple[Uncertain, ...]


@dataclass(frozen=True, slots=True)
class _Assessed:
    """One deal's acceptance under the draws."""

    p: Array
    se: Array
    p_all: float
    se_all: float
    exact: Array | None
    exact_all: float | None
    product: float
    refused: NDArray[np.bool_]


def _draws(scenario: Scenario, uncertainty: object, samples: int, rng: Any) -> _Draws:
    if not isinstance(uncertainty, Mapping) or not uncertainty:
        raise ScenarioError(
            "must name at least one uncertain number: {path: distribution}, e.g. "
            f"{{'{scenario.parties[0].key}.disagreement': bargain.Normal(0, 0.05, relative=True)}}",
            key="uncertainty",
        )
    plan = make_plan(
        scenario,
        grid=None,
        uncertainty=uncertainty,
        samples=samples,
        method="nash",
        rng=rng,
        solve_options={},
    )
    x = plan.values(0, plan.n_runs)
    tables, d = batch_arrays(scenario, plan.params, x)
    numbers = []
    for spec in plan.draws:
        for j, c in enumerate(spec.columns):
            dist = None if spec.distribution.vector else spec.distribution
            numbers.append(Uncertain(plan.params[c], dist, float(spec.current[j])))
    return _Draws(scenario, plan, tables, d, tuple(numbers))


def _levels(scenario: Scenario, deal: object) -> Index | None:
    if deal is None:
        nash = solve(scenario)
        return None if nash.levels is None else np.array(nash.levels, dtype=np.intp)
    if isinstance(deal, Solution):
        return None if deal.levels is None else np.array(deal.levels, dtype=np.intp)
    if not isinstance(deal, Mapping):
        raise ScenarioError(
            f"must be a deal {{issue: level}}, a Solution or None (the Nash deal), found "
            f"{type(deal).__name__}",
            key="deal",
        )
    parsed = scenario.parse_deal(deal)
    return np.array([parsed[k] for k in scenario.issue_keys], dtype=np.intp)


def _assess(draws: _Draws, levels: Index) -> _Assessed:
    s = draws.scenario
    u = s.space.batch_utilities(draws.tables, levels[None, :])[:, 0, :]
    margins = u - draws.disagreement
    refused: NDArray[np.bool_] = np.asarray(s.refusals(levels), dtype=bool)
    accept = accepted(margins, refused)
    p, se, p_all, se_all = estimates(accept)
    nominal = s.utilities(levels) - s.disagreement_point
    exact, exact_all = closed_form(s, levels.tolist(), nominal, refused, draws.numbers)
    everyone: NDArray[np.bool_] = np.all(accept, axis=1)
    gains = np.where(everyone[:, None], margins, 0.0)
    product = float(np.prod(gains, axis=1).mean())
    return _Assessed(p, se, p_all, se_all, exact, exact_all, product, refused)


def _robust(draws: _Draws) -> tuple[Index, Array] | None:
    """The robust deal's levels and nominal utilities, or None when no deal is ever accepted."""
    s = draws.scenario
    space = s.space
    if space.empty:
        return None
    if not any(prm.field in ("weight", "value") for prm in draws.plan.params):
        u, deals, _ = frontier_arrays(s)
        scores = expected_products(u, draws.disagreement)
    else:
        if space.n_deals > MAX_CANDIDATES:
            raise ScenarioError(
                f"with uncertain values or weights, the robust deal is searched among every deal "
                f"draw by draw, at most {MAX_CANDIDATES:,}; this scenario has "
                f"{space.n_deals:,}: make only disagreement utilities uncertain",
                key="uncertainty",
            )
        scores = expected_products_per_draw(space.batch_tables(draws.tables), draws.disagreement)
        flat = np.arange(space.n_deals)
        deals = space.original(np.stack(np.unravel_index(flat, space.shape), axis=1))
    row = best(scores, deals, TIE_RTOL)
    if row is None:
        return None
    return deals[row], s.utilities(deals[row])


def _percent(p: float) -> str:
    return f"{p:.3f}"


def _message(s: Scenario, levels: Index | None, a: _Assessed | None, n: int) -> str:
    names = [p.name for p in s.parties]
    if levels is None or a is None:
        why = s.space.message or (
            "No deal gives every party more than its disagreement utility at the scenario's "
            "numbers, so there is no Nash deal to assess."
        )
        return f"{why} Talks break down with probability 1."
    parts = []
    for k, name in enumerate(names):
        if a.refused[k]:
            red = [
                f"{v!r} on {issue.name!r}"
                for issue, j in zip(s.issues, levels.tolist(), strict=True)
                for v in [issue.levels[j]]
                if v in s.parties[k].red_lines.get(issue.key, ())
            ]
            parts.append(f"{name} refuses it (red line: {'; '.join(red)})")
            continue
        text = f"{name} accepts with probability {_percent(float(a.p[k]))}"
        text += f" (± {a.se[k]:.3f}"
        text += f"; exactly {a.exact[k]:.3f})" if a.exact is not None else ")"
        parts.append(text)
    exact = f" (exactly {a.exact_all:.3f})" if a.exact_all is not None else ""
    return (
        f"Over {n:,} draws of the uncertain numbers: {'; '.join(parts)}. All accept with "
        f"probability {_percent(a.p_all)} ± {a.se_all:.3f}{exact}: talks break down with "
        f"probability {_percent(1 - a.p_all)}."
    )


def breakdown(
    scenario: Scenario,
    deal: Mapping[str, str] | Solution | None = None,
    *,
    uncertainty: Mapping[str, Any],
    samples: int = 10_000,
    rng: np.random.Generator | int | None = None,
) -> BreakdownResult:
    """How likely each party, and all parties, are to accept `deal` when numbers are uncertain.

    Parameters
    ----------
    scenario
        The bargaining problem.
    deal
        ``{issue_key: level_name}`` (every issue), a :class:`~bargain.Solution` (its deal; a
        lottery's most probable deal), or ``None`` for the Nash deal at the scenario's numbers.
    uncertainty
        ``{path: distribution}`` as in :func:`bargain.sweep`: what the other parties (or the
        analyst) do not know, typically disagreement utilities (``"russia.disagreement"``), but
        any value or weight too.
    samples
        Number of draws (>= 1).
    rng
        Seed (int), numpy Generator, or None (a fresh seed, kept in ``result.seed``).

    Returns
    -------
    BreakdownResult
        Each party's and all parties' acceptance probability with Monte Carlo standard errors,
        the closed form when there is one, and the robust deal (the largest expected Nash
        product under the same draws).

    Raises
    ------
    ScenarioError
        For an empty or malformed `uncertainty` (unknown paths, values outside a parameter's
        domain...), ``samples < 1``, or a deal naming unknown issues or levels.

    Examples
    --------
    >>> import bargain
    >>> talks = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> outside = {"russia.disagreement": bargain.Uniform(0.1, 0.4)}
    >>> risk = bargain.breakdown(talks, uncertainty=outside, samples=2000, rng=1)
    >>> {party: round(p, 3) for party, p in risk.exact.items()}
    {'russia': 0.683, 'nato': 1.0}
    >>> bargain.breakdown(bargain.load_scenario("russia-nato-2022"), uncertainty=outside,
    ...                   samples=10, rng=1).breakdown_probability
    1.0
    """
    check_type(scenario, Scenario, "scenario")
    draws = _draws(scenario, uncertainty, samples, rng)
    levels = _levels(scenario, deal)
    keys = scenario.party_keys
    n = draws.plan.n_runs
    a = None if levels is None else _assess(draws, levels)
    found = _robust(draws)
    robust = None
    if found is not None:
        r_levels, r_u = found
        r = _assess(draws, r_levels)
        robust = RobustDeal(
            deal=scenario.describe(r_levels),
            levels=tuple(int(j) for j in r_levels),
            utilities=dict(zip(keys, r_u.tolist(), strict=True)),
            acceptance=dict(zip(keys, r.p.tolist(), strict=True)),
            agreement_probability=r.p_all,
            expected_nash_product=r.product,
        )
    zeros = dict.fromkeys(keys, 0.0)
    u = scenario.disagreement_point if levels is None else scenario.utilities(levels)
    return BreakdownResult(
        scenario=scenario.name,
        agreement=a is not None and a.p_all > 0,
        deal=None if levels is None else scenario.describe(levels),
        levels=None if levels is None else tuple(int(j) for j in levels),
        utilities=dict(zip(keys, u.tolist(), strict=True)),
        acceptance=zeros if a is None else dict(zip(keys, a.p.tolist(), strict=True)),
        standard_errors=zeros if a is None else dict(zip(keys, a.se.tolist(), strict=True)),
        exact=(
            zeros
            if a is None
            else None
            if a.exact is None
            else dict(zip(keys, a.exact.tolist(), strict=True))
        ),
        agreement_probability=0.0 if a is None else a.p_all,
        agreement_standard_error=0.0 if a is None else a.se_all,
        agreement_exact=0.0 if a is None else a.exact_all,
        expected_nash_product=0.0 if a is None else a.product,
        robust=robust,
        uncertainty={path: repr(dist) for path, dist in uncertainty.items()},
        samples=n,
        seed=draws.plan.seed,
        message=_message(scenario, levels, a, n),
        labels=Labels.of(scenario),
    )
