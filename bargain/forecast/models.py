"""The registry of forecasting models, :data:`MODELS`, and the checking of their options.

Each model is a :class:`~bargain._registry.Choice` whose ``run`` is a :class:`Model`: its kernel,
its options with their defaults and a check of each option. :func:`bargain.forecast` looks the
model up here, checks the options once and runs the kernel; the command line builds its help
from :meth:`MODELS.help <bargain._registry.Registry.help>`.

- ``compromise``: ``Σ c·s·x / Σ c·s``; no options.
- ``median``: the capability×salience-weighted median; no options.
- ``nash``: asymmetric Nash on each issue's scale, exact; ``p`` (2), ``losers`` ("exclude"),
  ``disagreement`` ("auto"), ``power`` ("capability").
- ``package-nash``: asymmetric Nash over a proposal's issues; ``p``, ``losers``,
  ``disagreement``, ``levels`` (None: continuous; N: the engine on N levels per issue).
- ``exchange``: Stokman & Van Oosten, equal gain; ``max_exchanges`` (1000).
- ``expected-utility``: Bueno de Mesquita as described by Scholz et al. (2011); ``rounds`` (5),
  ``q`` (1), ``salience_scale`` (None: automatic), ``outcome`` ("median").
- ``reference``: the reference point; no options.
- ``fitted``: parameters fitted on outcomes; see :mod:`bargain.forecast.fitted`.

Examples
--------
>>> MODELS.names[:3]
('compromise', 'median', 'nash')
>>> check_options("nash", {"p": 1})["losers"]
'exclude'
>>> check_options("nash", {"q": 1})
Traceback (most recent call last):
...
bargain.errors.ScenarioError: option 'q' is not an option of model 'nash'; \
expected one of: disagreement, losers, p, power
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain._checks import check_count, check_number, kind, suggest
from bargain._registry import Choice, Registry
from bargain.api import solve
from bargain.errors import ScenarioError
from bargain.forecast._shared import Array, Names, Output, Problem
from bargain.forecast.exchange import exchange
from bargain.forecast.expected_utility import expected_utility
from bargain.forecast.fitted import Grid, choose, family, mix_weights
from bargain.forecast.nash import nash
from bargain.forecast.package import package_nash
from bargain.forecast.positions import Positions
from bargain.forecast.static import compromise, median, reference

__all__ = ["MODELS", "Model", "check_options", "mix_forecasts", "run_model"]

Kernel = Callable[[Positions, Problem, Names, Mapping[str, Any]], Output]
Check = Callable[[Any, str], Any]


@dataclass(frozen=True, slots=True)
class Model:
    """A forecasting model: its kernel, its options' defaults and their checks."""

    kernel: Kernel
    defaults: Mapping[str, Any] = field(default_factory=dict)
    checks: Mapping[str, Check] = field(default_factory=dict)


# --------------------------------------------------------------------------- option checks
def _one_of(*choices: Any) -> Check:
    def check(value: Any, key: str) -> Any:
        if value not in choices or isinstance(value, bool):
            listed = " or ".join(repr(c) for c in choices)
            raise ScenarioError(f"must be {listed}, found {value!r}", key=key)
        return value

    return check


def _levels(value: Any, key: str) -> int | None:
    return None if value is None else check_count(value, key, minimum=2)


def _count(value: Any, key: str) -> int:
    return check_count(value, key, minimum=1)


def _share(value: Any, key: str) -> float:
    x = check_number(value, key)
    if not 0 <= x <= 1:
        raise ScenarioError(f"must be in [0, 1], found {x}", key=key)
    return x


def _scale(value: Any, key: str) -> float | None:
    if value is None:
        return None
    x = check_number(value, key)
    if x <= 0:
        raise ScenarioError(f"must be > 0, found {x}", key=key)
    return x


def _numbers(minimum: float, maximum: float = math.inf) -> Check:
    def check(value: Any, key: str) -> tuple[float, ...]:
        if isinstance(value, str) or not isinstance(value, Sequence) or not value:
            raise ScenarioError(
                f"must be a non-empty list of numbers, found {kind(value)}", key=key
            )
        out = tuple(check_number(v, f"{key}[{j}]") for j, v in enumerate(value))
        for j, v in enumerate(out):
            if not minimum <= v <= maximum:
                raise ScenarioError(
                    f"must be in [{minimum:g}, {maximum:g}], found {v}", key=f"{key}[{j}]"
                )
        return out

    return check


def _losses(value: Any, key: str) -> tuple[int, ...]:
    if isinstance(value, str) or not isinstance(value, Sequence) or not value:
        raise ScenarioError(f"must be a non-empty list of 1 and/or 2, found {kind(value)}", key=key)
    for j, v in enumerate(value):
        if v not in (1, 2) or isinstance(v, bool):
            raise ScenarioError(f"must be 1 or 2, found {v!r}", key=f"{key}[{j}]")
    return tuple(int(v) for v in value)


def _mix(value: Any, key: str) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Sequence) or len(value) < 2:
        raise ScenarioError(f"must be a list of at least two model names, found {value!r}", key=key)
    names = tuple(value)
    for name in names:
        if name == "fitted":
            raise ScenarioError("cannot include 'fitted' itself", key=key)
        MODELS.lookup(name)
    if len(set(names)) != len(names):
        raise ScenarioError(f"names a model twice: {list(names)}", key=key)
    return names


def _train(value: Any, key: str) -> Positions | None:
    if value is not None and not isinstance(value, Positions):
        raise ScenarioError(f"must be a Positions data set, found {type(value).__name__}", key=key)
    return value


def _parameters(value: Any, key: str) -> Mapping[str, Any] | None:
    if value is not None and not isinstance(value, Mapping):
        raise ScenarioError(f"must be a mapping of parameters, found {kind(value)}", key=key)
    return value


_NASH_CHECKS: dict[str, Check] = {
    "p": _one_of(1, 2),
    "losers": _one_of("exclude", "veto"),
    "disagreement": _one_of("auto", "worst"),
}
_NASH_DEFAULTS: dict[str, Any] = {"p": 2, "losers": "exclude", "disagreement": "auto"}


# --------------------------------------------------------------------------- kernels
def _compromise(data: Positions, problem: Problem, names: Names, o: Mapping[str, Any]) -> Output:
    return compromise(problem)


def _median(data: Positions, problem: Problem, names: Names, o: Mapping[str, Any]) -> Output:
    return median(problem)


def _reference(data: Positions, problem: Problem, names: Names, o: Mapping[str, Any]) -> Output:
    return reference(problem, names.issues)


def _nash(data: Positions, problem: Problem, names: Names, o: Mapping[str, Any]) -> Output:
    return nash(
        problem, p=o["p"], losers=o["losers"], disagreement=o["disagreement"], power=o["power"]
    )


def _package(data: Positions, problem: Problem, names: Names, o: Mapping[str, Any]) -> Output:
    levels = o["levels"]
    if levels is None:
        return package_nash(
            problem, names.proposals, p=o["p"], losers=o["losers"], disagreement=o["disagreement"]
        )

    def discrete(group: int, counted: list[int]) -> Array | None:
        proposal = names.proposals[group]
        rows = problem.issues_of(group)
        grids = [np.linspace(problem.low[i], problem.high[i], levels) for i in rows]
        if len(counted) == 1:  # one actor: the level nearest its position
            a = counted[0]
            return np.array(
                [
                    g[int(np.argmin(np.abs(g - problem.x[i, a])))]
                    for g, i in zip(grids, rows, strict=True)
                ]
            )
        scenario = data.to_scenario(
            proposal,
            levels,
            p=o["p"],
            actors=[data.actors[a] for a in counted],
            disagreement=o["disagreement"],
        )
        solution = solve(scenario, "asymmetric-nash")
        if not solution.agreement or solution.levels is None:
            return None
        return np.array([g[int(k)] for g, k in zip(grids, solution.levels, strict=True)])

    return package_nash(
        problem,
        names.proposals,
        p=o["p"],
        losers=o["losers"],
        disagreement=o["disagreement"],
        solve_discrete=discrete,
    )


def _exchange(data: Positions, problem: Problem, names: Names, o: Mapping[str, Any]) -> Output:
    return exchange(problem, names, max_exchanges=o["max_exchanges"])


def _expected_utility(
    data: Positions, problem: Problem, names: Names, o: Mapping[str, Any]
) -> Output:
    return expected_utility(
        problem,
        rounds=o["rounds"],
        q=o["q"],
        salience_scale=o["salience_scale"],
        outcome=o["outcome"],
    )


def _grid(o: Mapping[str, Any]) -> Grid:
    return Grid(
        capability_exponents=o["capability_exponents"],
        salience_exponents=o["salience_exponents"],
        losses=o["losses"],
        pulls=o["pulls"],
    )


def mix_forecasts(data: Positions, models: Sequence[str]) -> Array:
    """``(n_models, n_issues)``: each model's forecast of `data`, default options."""
    return np.array([run_model(data, m, check_options(m, {})).predicted for m in models])


def _fitted(data: Positions, problem: Problem, names: Names, o: Mapping[str, Any]) -> Output:
    chosen = o["parameters"]
    mix = o["mix"]
    if chosen is None:
        train = data if o["train"] is None else o["train"]
        if not np.any(~np.isnan(train.outcome)):
            raise ScenarioError(
                "needs outcomes to fit its parameters: give issues with an 'outcome', or "
                "train= a data set that has some",
                key="model 'fitted'",
            )
        span = train.high - train.low
        train_mask = ~np.isnan(train.outcome)
        if mix is None:
            points, predictions = family(train.problem(), _grid(o))
            chosen = dict(points[choose(predictions, train.outcome, train_mask, span)])
        else:
            weights = mix_weights(o["mix_steps"], len(mix))
            predictions = weights @ mix_forecasts(train, mix)
            k = choose(predictions, train.outcome, train_mask, span)
            chosen = {"mix": dict(zip(mix, weights[k].tolist(), strict=True))}
        chosen["fitted_on"] = (
            f"{int(train_mask.sum())} issue(s) of the same data (in-sample)"
            if o["train"] is None
            else f"{int(train_mask.sum())} issue(s) of another data set"
        )
    return _apply(data, problem, chosen)


def _apply(data: Positions, problem: Problem, parameters: Mapping[str, Any]) -> Output:
    if "mix" in parameters:
        mix = parameters["mix"]
        if not isinstance(mix, Mapping):
            raise ScenarioError(
                f"must be a mapping of model -> weight, found {kind(mix)}", key="parameters['mix']"
            )
        models = list(mix)
        if len(models) > 1:
            _mix(models, "parameters['mix']")
        else:
            MODELS.lookup(models[0] if models else "")
        w = np.array([check_number(mix[m], f"parameters['mix'][{m!r}]") for m in models])
        predicted = w @ mix_forecasts(data, models)
    else:
        try:
            grid = Grid(
                capability_exponents=(float(parameters["capability_exponent"]),),
                salience_exponents=(float(parameters["salience_exponent"]),),
                losses=(int(parameters["loss"]),),
                pulls=(float(parameters["pull"]),),
            )
        except KeyError as exc:
            raise ScenarioError(
                f"is missing {exc.args[0]!r} (expected capability_exponent, salience_exponent, "
                "loss, pull, or mix)",
                key="parameters",
            ) from None
        predicted = family(problem, grid)[1][0]
    return Output(predicted, np.ones(problem.n_issues, dtype=bool), parameters=dict(parameters))


MODELS: Registry[Model] = Registry(
    "model",
    [
        Choice(
            "compromise",
            "Σ c·s·x / Σ c·s per issue (Achen; van den Bos)",
            Model(_compromise),
        ),
        Choice(
            "median",
            "the capability×salience-weighted median position (midpoint on exact ties)",
            Model(_median),
        ),
        Choice(
            "nash",
            "asymmetric Nash bargaining on each issue's scale, powers ∝ capability, exact",
            Model(
                _nash,
                {**_NASH_DEFAULTS, "power": "capability"},
                {**_NASH_CHECKS, "power": _one_of("capability", "capability*salience")},
            ),
        ),
        Choice(
            "package-nash",
            "asymmetric Nash over all issues of a proposal at once (convex; levels=N: the engine)",
            Model(
                _package, {**_NASH_DEFAULTS, "levels": None}, {**_NASH_CHECKS, "levels": _levels}
            ),
        ),
        Choice(
            "exchange",
            "Stokman & Van Oosten's exchange of voting positions, equal gain",
            Model(_exchange, {"max_exchanges": 1000}, {"max_exchanges": _count}),
        ),
        Choice(
            "expected-utility",
            "Bueno de Mesquita's challenge model as described by Scholz, Calbert & Smith (2011)",
            Model(
                _expected_utility,
                {"rounds": 5, "q": 1.0, "salience_scale": None, "outcome": "median"},
                {
                    "rounds": _count,
                    "q": _share,
                    "salience_scale": _scale,
                    "outcome": _one_of("median", "mean"),
                },
            ),
        ),
        Choice("reference", "the reference point (status quo): no change", Model(_reference)),
        Choice(
            "fitted",
            "weights c^α·s^β, loss p and a pull towards the reference fitted on outcomes",
            Model(
                _fitted,
                {
                    "capability_exponents": Grid().capability_exponents,
                    "salience_exponents": Grid().salience_exponents,
                    "losses": Grid().losses,
                    "pulls": Grid().pulls,
                    "mix": None,
                    "mix_steps": 10,
                    "train": None,
                    "parameters": None,
                },
                {
                    "capability_exponents": _numbers(0.0),
                    "salience_exponents": _numbers(0.0),
                    "losses": _losses,
                    "pulls": _numbers(0.0, 1.0),
                    "mix": _mix,
                    "mix_steps": _count,
                    "train": _train,
                    "parameters": _parameters,
                },
            ),
        ),
    ],
)


def check_options(model: str, options: Mapping[str, Any]) -> dict[str, Any]:
    """`options` of `model` checked, with the defaults of the others."""
    spec = MODELS.lookup(model).run
    out = dict(spec.defaults)
    for name, value in options.items():
        if name not in spec.checks:
            allowed = sorted(spec.checks)
            hint = suggest(str(name), allowed) if allowed else "it takes no options"
            raise ScenarioError(
                f"is not an option of model {model!r}; {hint}", key=f"option {name!r}"
            )
        out[name] = spec.checks[name](value, name)
    return out


def run_model(data: Positions, model: str, options: Mapping[str, Any]) -> Output:
    """Run `model` on `data` with checked `options` (see :func:`check_options`)."""
    problem = data.problem()
    names = Names(data.issues, data.actors, data.proposals)
    return MODELS.lookup(model).run.kernel(data, problem, names, options)
