"""Forecasting a data set: :func:`forecast`, with Monte Carlo intervals.

:func:`forecast` checks the data and the model's options once, runs the model
(:data:`bargain.forecast.models.MODELS`) and returns a :class:`~bargain.forecast.result.Forecast`.

Uncertainty
-----------
With ``samples=N`` and ``noise={"position": ..., "salience": ..., "capability": ...}`` the data
are drawn ``N`` times and forecast each time; the forecast gets the draws' forecasts and their
2.5% and 97.5% quantiles (``lower``, ``upper``). A noise is a number, the standard deviation of a
normal change added to every record (positions in scale points), or a single-number
distribution of :mod:`bargain.sweeps.distributions` (``relative=True``: a change added to the
record; otherwise the record is replaced by the draw). Draws are clipped to their domain:
positions to the issue's scale, saliences and capabilities at 0. ``"fitted"`` keeps the
parameters fitted on the data as given.

Draws follow the sweeps' conventions: they come in blocks of :data:`SAMPLE_BLOCK` samples, block
``b`` drawn by ``np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(b,)))``, one noised
quantity after another (position, salience, capability), one number per record in the data's
order. A sample's numbers therefore depend only on the seed and its number, never on the
executor: the same ``rng`` gives the same forecast serially or with ``executor=`` any
:class:`concurrent.futures.Executor` (a process pool, a Dask cluster's ``client.get_executor()``),
which runs the blocks as tasks and is used, not shut down.

Examples
--------
>>> import bargain
>>> from bargain.forecast.synthetic import synthetic_positions
>>> data = synthetic_positions(n_proposals=3, n_actors=6, rng=0)
>>> f = bargain.forecast(data, "compromise", samples=200, noise={"position": 5.0}, rng=1)
>>> f.samples.shape == (200, data.n_issues), bool((f.lower <= f.upper).all())
(True, True)
>>> bargain.forecast(data, "nash", p=3)
Traceback (most recent call last):
...
bargain.errors.ScenarioError: p must be 1 or 2, found 3
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from bargain._checks import check_count, check_type, kind, seed_of, suggest
from bargain._results import Labels
from bargain.errors import ScenarioError
from bargain.forecast._shared import Array, Output
from bargain.forecast.models import MODELS, check_options, run_model
from bargain.forecast.positions import Positions
from bargain.forecast.result import Forecast
from bargain.sweeps.distributions import Distribution, Normal, as_distribution

__all__ = ["NOISE_KEYS", "SAMPLE_BLOCK", "forecast"]

#: Samples per random block (see the module notes); fixed, so results never depend on chunking.
SAMPLE_BLOCK = 64
#: What can be noised, in the order the draws are taken.
NOISE_KEYS = ("position", "salience", "capability")


@dataclass(frozen=True, slots=True)
class _Plan:
    """Everything a worker needs to forecast any block of samples (picklable)."""

    data: Positions
    model: str
    options: Mapping[str, Any]
    noise: tuple[tuple[str, Distribution], ...]
    seed: int
    samples: int


def _check_noise(noise: object) -> tuple[tuple[str, Distribution], ...]:
    if not isinstance(noise, Mapping) or not noise:
        raise ScenarioError(
            f"must be a mapping such as {{'position': 5.0}}, found {kind(noise)}", key="noise"
        )
    out = []
    for name, value in noise.items():
        if name not in NOISE_KEYS:
            raise ScenarioError(
                f"is not something to noise; {suggest(str(name), NOISE_KEYS)}",
                key=f"noise[{name!r}]",
            )
        where = f"noise[{name!r}]"
        if isinstance(value, int | float) and not isinstance(value, bool):
            if not value >= 0 or value == float("inf"):
                raise ScenarioError(f"must be a standard deviation >= 0, found {value}", key=where)
            if value == 0:
                continue
            dist: Distribution = Normal(0.0, float(value), relative=True)
        elif isinstance(value, Distribution) or type(value).__module__.startswith("scipy.stats"):
            dist = as_distribution(value, where)
            if dist.vector:
                raise ScenarioError(f"must draw single numbers, found {value!r}", key=where)
        else:
            raise ScenarioError(
                f"must be a standard deviation or a distribution, found {kind(value)}", key=where
            )
        out.append((name, dist))
    return tuple(sorted(out, key=lambda kv: NOISE_KEYS.index(kv[0])))


def _draw(plan: _Plan, block: int) -> list[Positions]:
    """The data sets of samples ``block * SAMPLE_BLOCK ...`` (at most SAMPLE_BLOCK of them)."""
    data = plan.data
    present = data.present
    n = int(present.sum())
    rng = np.random.default_rng(np.random.SeedSequence(plan.seed, spawn_key=(block,)))
    draws: dict[str, Array] = {}
    for name, dist in plan.noise:
        current = {"position": data.position, "salience": data.salience}.get(name, data.capability)
        values = dist.sample(rng, SAMPLE_BLOCK * n, 0.0).reshape(SAMPLE_BLOCK, n)
        if getattr(dist, "relative", False):
            values = values + current[present][None, :]
        if name == "position":
            low = np.broadcast_to(data.low[:, None], present.shape)[present]
            high = np.broadcast_to(data.high[:, None], present.shape)[present]
            values = np.clip(values, low, high)
        else:
            values = np.clip(values, 0.0, None)
        draws[name] = values
    first = block * SAMPLE_BLOCK
    out = []
    for k in range(min(SAMPLE_BLOCK, plan.samples - first)):
        changes: dict[str, Array] = {}
        for name, values in draws.items():
            full = np.array(getattr(data, name), copy=True)
            full[present] = values[k]
            changes[name] = full
        out.append(replace(data, **changes))  # type: ignore[arg-type]
    return out


def _run_block(plan: _Plan, block: int) -> tuple[int, Array]:
    """Forecasts of one block of samples: ``(block, (n_in_block, n_issues))``."""
    rows = [run_model(d, plan.model, plan.options).predicted for d in _draw(plan, block)]
    return block, np.array(rows)


def _monte_carlo(plan: _Plan, executor: cf.Executor | None) -> Array:
    blocks = -(-plan.samples // SAMPLE_BLOCK)
    out = np.empty((plan.samples, plan.data.n_issues))

    def store(block: int, rows: Array) -> None:
        out[block * SAMPLE_BLOCK : block * SAMPLE_BLOCK + rows.shape[0]] = rows

    if executor is None:
        for b in range(blocks):
            store(*_run_block(plan, b))
        return out
    futures = [executor.submit(_run_block, plan, b) for b in range(blocks)]
    try:
        for future in cf.as_completed(futures):
            store(*future.result())
    except BaseException:
        for future in futures:
            future.cancel()
        raise
    return out


def forecast(
    data: Positions,
    model: str = "compromise",
    *,
    samples: int = 0,
    noise: Mapping[str, Any] | None = None,
    rng: np.random.Generator | int | None = None,
    executor: cf.Executor | None = None,
    **options: Any,
) -> Forecast:
    """Forecast every issue of `data` with `model`.

    Parameters
    ----------
    data
        The data set (:func:`bargain.read_positions`).
    model
        One of :data:`bargain.forecast.models.MODELS`: ``"compromise"``, ``"median"``,
        ``"nash"``, ``"package-nash"``, ``"exchange"``, ``"expected-utility"``,
        ``"reference"`` or ``"fitted"``, each defined in its module.
    samples, noise, rng, executor
        Monte Carlo intervals (see the module notes): the number of draws, what to noise, the
        seed (an int, a Generator or None for a fresh one, kept in ``result.seed``) and an
        optional executor.
    **options
        The model's options (:mod:`bargain.forecast.models` lists them).

    Returns
    -------
    Forecast
        The forecast of every issue, with the model's details.

    Raises
    ------
    ScenarioError
        An unknown model or option, a bad option value, ``samples`` without ``noise``, a
        reference forecast for issues without a reference point.

    Examples
    --------
    >>> import bargain
    >>> from bargain.forecast import load_positions
    >>> data = load_positions("russia-nato-2022-actors")
    >>> f = bargain.forecast(data, "median")
    >>> f.predictions["consultations"], f.agreement
    (50.0, True)
    >>> bargain.forecast(data, "nash", losers="veto").predicted[:3].round(2).tolist()
    [0.0, 54.71, 0.0]
    """
    check_type(data, Positions, "data")
    MODELS.lookup(model)
    opts = check_options(model, options)
    samples = check_count(samples, "samples", minimum=0)
    if samples and noise is None:
        raise ScenarioError("needs noise= (what to draw), e.g. {'position': 5.0}", key="samples")
    if noise is not None and not samples:
        raise ScenarioError("needs samples= (how many draws) >= 1", key="noise")
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise ScenarioError(
            f"must be a concurrent.futures.Executor, found {type(executor).__name__}",
            key="executor",
        )
    out: Output = run_model(data, model, opts)
    drawn = lower = upper = None
    seed = None
    if samples:
        spec = _check_noise(noise)
        seed = seed_of(rng)
        fixed = dict(opts)
        if model == "fitted":
            fixed["parameters"] = {k: v for k, v in out.parameters.items() if k != "fitted_on"}
        plan = _Plan(data, model, fixed, spec, seed, samples)
        drawn = _monte_carlo(plan, executor)
        lower, upper = np.quantile(drawn, [0.025, 0.975], axis=0)
    n_prop = len(data.proposals)
    agreed = int(np.count_nonzero(out.agreed))
    message = (
        f"{model} forecast of {data.n_issues} issue{'s' if data.n_issues != 1 else ''} in "
        f"{n_prop} proposal{'s' if n_prop != 1 else ''}, {data.n_actors} actors"
    )
    if agreed < data.n_issues:
        message += f"; no agreement on {data.n_issues - agreed}"
    if samples:
        message += f"; 95% intervals from {samples:,} draws (seed {seed})"
    if model == "fitted" and "fitted_on" in out.parameters:
        message += f"; parameters fitted on {out.parameters['fitted_on']}"
    return Forecast(
        model=model,
        options={k: v for k, v in opts.items() if k != "train" or v is not None},
        issues=data.issues,
        proposals=data.proposal,
        predicted=out.predicted,
        agreed=out.agreed,
        reference=data.reference,
        outcome=data.outcome,
        low=data.low,
        high=data.high,
        exchanges=out.exchanges,
        rounds={data.issues[i]: r for i, r in out.rounds.items()},
        parameters=out.parameters,
        samples=drawn,
        lower=lower,
        upper=upper,
        seed=seed,
        message=message + ".",
        labels=Labels(
            issues=dict(zip(data.issues, data.issue_names, strict=True)),
            parties=dict(zip(data.actors, data.actor_names, strict=True)),
        ),
    )
