"""A sweep's plan: the validated arguments of :func:`bargain.sweep`, and the numbers of any run.

A :class:`Plan` holds the scenario, the swept parameters (:mod:`bargain.model.params`), the grid
axes and the distributions; :meth:`Plan.values` gives the parameters of any range of runs,
identically wherever it is called (see :mod:`bargain.sweeps.run` for the numbering of runs and
the seeding of draws). :func:`make_plan` checks every argument with the library's own words.

Examples
--------
>>> import bargain
>>> s = bargain.load_scenario("russia-nato-2022")
>>> plan = make_plan(s, grid={"nato.disagreement": [0.5, 0.7]}, uncertainty=None, samples=0,
...                  method="nash", rng=None, solve_options={})
>>> plan.n_runs, plan.values(0, 2).tolist()
(2, [[0.5], [0.7]])
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_count, check_type, seed_of, suggest
from bargain.api import solve
from bargain.errors import ScenarioError
from bargain.model.params import Param, Target, check_domain, current_values, resolve
from bargain.model.scenario import Scenario
from bargain.sweeps.checkpoint import digest
from bargain.sweeps.design import DESIGNS, runs_per_point, saltelli_sources
from bargain.sweeps.distributions import Distribution, as_distribution
from bargain.sweeps.screen import METHODS as SCREEN_METHODS

__all__ = ["DRAW_BLOCK", "MAX_RUNS", "VECTOR_MAX_DEALS", "Linspace", "Plan", "make_plan"]

#: Draws per random block (see :mod:`bargain.sweeps.run`); fixed, so results never depend on
#: chunking.
DRAW_BLOCK = 1024
#: The largest deal space solved by the vectorised screen (larger ones run ``solve`` per run).
VECTOR_MAX_DEALS = 2**17
#: The most runs a sweep may have: runs are numbered with 64-bit integers (and counted exactly as
#: floats); at a million runs a second, this many would take 285 years.
MAX_RUNS = 2**53


@dataclass(frozen=True, slots=True)
class Linspace:
    """``numpy.linspace(start, stop, steps)`` as grid values, never held in memory.

    A grid axis of a hundred million values is a hundred million runs; its values are computed
    when a chunk of runs needs them, bit for bit those of :func:`numpy.linspace`.

    Examples
    --------
    >>> axis = Linspace(0.5, 0.8, 1001)
    >>> np.array_equal(axis.take(np.arange(1001)), np.linspace(0.5, 0.8, 1001))
    True
    >>> Linspace(0.5, 0.8, 100_000_000).take(np.array([99_999_999])).tolist()
    [0.8]
    """

    start: float
    stop: float
    steps: int

    def __post_init__(self) -> None:
        for name in ("start", "stop"):
            value = getattr(self, name)
            if not math.isfinite(value):
                raise ScenarioError(f"must be a finite number, found {value}", key=name)
        if self.steps < 1:
            raise ScenarioError(f"must be >= 1, found {self.steps}", key="steps")

    def take(self, index: NDArray[np.intp]) -> NDArray[np.float64]:
        """The values at `index` (as :func:`numpy.linspace` computes them)."""
        i = np.asarray(index, dtype=np.float64)
        if self.steps == 1:
            return np.full(i.shape, self.start)
        span = self.stop - self.start
        if not math.isfinite(span):  # numpy gives inf and nan here; mixes of the ends do not
            t = i / (self.steps - 1)
            out: NDArray[np.float64] = self.start * (1 - t) + self.stop * t
        else:
            step = span / (self.steps - 1)
            # numpy's way, also for spans too small for a step
            out = i * step + self.start if step != 0 else i / (self.steps - 1) * span + self.start
        return np.where(index == self.steps - 1, self.stop, out)


@dataclass(frozen=True, slots=True)
class _Axis:
    """A grid axis: the columns it sets and its values, ``(n_values, n_columns)`` or lazy."""

    path: str
    columns: tuple[int, ...]
    values: NDArray[np.float64] | Linspace

    @property
    def size(self) -> int:
        """Number of values."""
        return self.values.steps if isinstance(self.values, Linspace) else self.values.shape[0]

    def take(self, index: NDArray[np.intp]) -> NDArray[np.float64]:
        """``(len(index), n_columns)`` the values at `index`."""
        if isinstance(self.values, Linspace):
            return self.values.take(index)[:, None]
        out: NDArray[np.float64] = self.values[index]
        return out

    def digest_form(self) -> list[Any]:
        """What the checkpoint fingerprint digests."""
        if isinstance(self.values, Linspace):
            v = self.values
            return [self.path, {"linspace": [v.start, v.stop, v.steps]}]
        return [self.path, self.values.tolist()]


@dataclass(frozen=True, slots=True)
class _Draw:
    """A distribution and the columns it fills (one, or a weight vector's)."""

    path: str
    distribution: Distribution
    columns: tuple[int, ...]
    current: NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False)
class Plan:
    """Everything a worker needs to solve any range of runs of a sweep (picklable)."""

    scenario: Scenario
    params: tuple[Param, ...]
    kinds: tuple[str, ...]
    axes: tuple[_Axis, ...]
    draws: tuple[_Draw, ...]
    samples: int
    seed: int | None
    method: str
    options: tuple[tuple[str, Any], ...]
    vectorised: bool
    design: str = "independent"

    @property
    def grid_shape(self) -> tuple[int, ...]:
        """Number of values of each grid axis."""
        return tuple(a.size for a in self.axes)

    @property
    def n_runs(self) -> int:
        """Number of runs."""
        return math.prod(self.grid_shape) * self.per_point

    @property
    def per_point(self) -> int:
        """Runs per grid point (see :mod:`bargain.sweeps.design`)."""
        return runs_per_point(self.design, self.samples, len(self.draws))

    def values(self, start: int, stop: int) -> NDArray[np.float64]:
        """The parameters of runs ``start <= run < stop``, shape ``(stop - start, n_params)``."""
        runs = np.arange(start, stop)
        per_point = self.per_point
        out = np.empty((runs.shape[0], len(self.params)))
        if self.axes:
            point = np.unravel_index(runs // per_point, self.grid_shape)
            for axis, index in zip(self.axes, point, strict=True):
                out[:, list(axis.columns)] = axis.take(index)
        if self.draws:
            draw = runs % per_point
            if self.design == "saltelli":
                source = saltelli_sources(draw, self.samples, len(self.draws))
            else:
                source = np.repeat(draw[:, None], len(self.draws), axis=1)
            block = source // DRAW_BLOCK
            for b in np.unique(block).tolist():
                rng = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(b,)))
                for j, spec in enumerate(self.draws):
                    x = spec.distribution.sample(rng, DRAW_BLOCK, spec.current)
                    rows = np.flatnonzero(block[:, j] == b)
                    at = source[rows, j] % DRAW_BLOCK
                    columns = np.array(spec.columns, dtype=np.intp)
                    out[np.ix_(rows, columns)] = x.reshape(DRAW_BLOCK, -1)[at]
        return out

    def fingerprint(self) -> dict[str, str]:
        """A digest of each argument that determines the results (for checkpoints)."""
        return {
            "scenario": digest(self.scenario.to_dict()),
            "grid": digest([a.digest_form() for a in self.axes]),
            "uncertainty": digest(
                [[d.path, d.distribution.to_dict(), d.current.tolist()] for d in self.draws]
            ),
            "samples": digest(self.samples),
            "seed": digest(self.seed),
            "method": digest(self.method),
            "solver options": digest([list(kv) for kv in self.options]),
            **({"design": digest(self.design)} if self.design != "independent" else {}),
        }


def _count(n: int) -> str:
    """A count as text: with separators, or as a power of ten when it has many digits."""
    return f"{n:,}" if n < 10**15 else f"about 10^{len(str(n)) - 1}"


def _targets(scenario: Scenario, path: object, where: str) -> tuple[Target, ...]:
    if not isinstance(path, str):
        raise ScenarioError(f"keys must be parameter paths (strings), found {path!r}", key=where)
    return resolve(scenario, path)


def _has_text(value: object) -> bool:
    if isinstance(value, str | bytes):
        return True
    if isinstance(value, list | tuple):
        return any(_has_text(v) for v in value)
    return isinstance(value, np.ndarray) and value.dtype.kind in "OUS" and _has_text(value.tolist())


def _grid_axes(
    scenario: Scenario, grid: Mapping[str, Any], first_column: int
) -> tuple[list[_Axis], list[Param]]:
    if not isinstance(grid, Mapping):
        raise ScenarioError(
            f"must be a mapping of parameter path -> values, found {type(grid).__name__}",
            key="grid",
        )
    axes: list[_Axis] = []
    params: list[Param] = []
    for path, raw in grid.items():
        where = f"grid[{path!r}]"
        for target in _targets(scenario, path, "grid"):
            k = len(target.params)
            if isinstance(raw, Linspace):
                if target.vector:
                    raise ScenarioError(
                        f"is a Linspace, which gives numbers; {target.path} is a vector",
                        key=where,
                    )
                low, high = sorted((raw.start, raw.stop))
                check_domain(target.params[0], low, high, what=f"{where} has values")
                axes.append(_Axis(target.path, (first_column + len(params),), raw))
                params.extend(target.params)
                continue
            try:
                if _has_text(raw):  # numpy would read "0.5" as a number
                    raise TypeError
                values = np.array(raw, dtype=np.float64)
            except (TypeError, ValueError):
                raise ScenarioError(
                    f"must be a list of numbers, found {raw!r}", key=where
                ) from None
            if values.ndim == 0:
                raise ScenarioError(f"must be a list of values, found {raw!r}", key=where)
            if values.size == 0:
                raise ScenarioError("is empty: give at least one value", key=where)
            if target.vector:
                if values.ndim != 2 or values.shape[1] != k:
                    raise ScenarioError(
                        f"must be a list of vectors of {k} numbers ({target.path} is a vector), "
                        f"found shape {values.shape}",
                        key=where,
                    )
            elif values.ndim != 1:
                raise ScenarioError(
                    f"must be a list of numbers, found shape {values.shape}", key=where
                )
            if not np.all(np.isfinite(values)):
                raise ScenarioError("must hold finite numbers only", key=where)
            values = values.reshape(values.shape[0], k)
            for j, prm in enumerate(target.params):
                column = values[:, j]
                check_domain(
                    prm, float(column.min()), float(column.max()), what=f"{where} has values"
                )
            columns = tuple(range(first_column + len(params), first_column + len(params) + k))
            axes.append(_Axis(target.path, columns, values))
            params.extend(target.params)
    return axes, params


def _draws(
    scenario: Scenario, uncertainty: Mapping[str, Any], first_column: int
) -> tuple[list[_Draw], list[Param]]:
    if not isinstance(uncertainty, Mapping):
        raise ScenarioError(
            f"must be a mapping of parameter path -> distribution, found "
            f"{type(uncertainty).__name__}",
            key="uncertainty",
        )
    draws: list[_Draw] = []
    params: list[Param] = []
    for path, dist in uncertainty.items():
        where = f"uncertainty[{path!r}]"
        dist = as_distribution(dist, where)
        for target in _targets(scenario, path, "uncertainty"):
            if dist.vector:
                if target.kind != "weights":
                    raise ScenarioError(
                        f"is a {type(dist).__name__}, which draws a whole weight vector; "
                        f"{target.path} is not one (use a path such as "
                        f"'{scenario.parties[0].key}.weights')",
                        key=where,
                    )
                pieces = [target.params]
            else:
                pieces = [(prm,) for prm in target.params]
            for piece in pieces:
                current = current_values(scenario, piece)
                if not dist.vector:
                    low, high = dist.support(float(current[0]))
                    check_domain(piece[0], low, high, what=f"{dist!r} can draw values")
                else:
                    try:
                        dist.expectation(current)
                    except ScenarioError as exc:
                        raise ScenarioError(exc.problem, key=f"{where} {target.path}") from None
                columns = tuple(
                    range(first_column + len(params), first_column + len(params) + len(piece))
                )
                name = target.path if len(piece) > 1 else piece[0].path
                draws.append(_Draw(name, dist, columns, current))
                params.extend(piece)
    return draws, params


def _solve_options(options: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    signature = inspect.signature(solve)
    allowed = [
        name
        for name, p in signature.parameters.items()
        if name not in ("scenario", "method") and p.kind is not p.VAR_KEYWORD
    ]
    out = []
    for name, value in options.items():
        if name not in allowed:
            raise ScenarioError(
                f"is neither an argument of sweep nor an option of solve; {suggest(name, allowed)}",
                key=f"argument {name!r}",
            )
        default = signature.parameters[name].default
        same = default is not inspect.Parameter.empty and _equal(value, default)
        if not same:
            out.append((name, value))
    return tuple(out)


def _equal(a: object, b: object) -> bool:
    try:
        return bool(a is b or a == b)
    except (ValueError, TypeError):
        return False


def make_plan(
    scenario: Scenario,
    *,
    grid: Mapping[str, Any] | None,
    uncertainty: Mapping[str, Distribution] | None,
    samples: int,
    method: str,
    rng: np.random.Generator | int | None,
    solve_options: Mapping[str, Any],
    design: str = "independent",
) -> Plan:
    """Validate the arguments of :func:`sweep` and turn them into a :class:`Plan`."""
    check_type(scenario, Scenario, "scenario")
    design = DESIGNS.lookup(design).name
    samples = check_count(samples, "samples", minimum=0)
    axes, grid_params = _grid_axes(scenario, grid or {}, 0)
    draws, draw_params = _draws(scenario, uncertainty or {}, len(grid_params))
    if draws and samples == 0:
        raise ScenarioError(
            "must be >= 1 when uncertainty is given (draws per grid point)", key="samples"
        )
    if samples and not draws:
        raise ScenarioError(
            f"is {samples} but no uncertainty is given: there is nothing to draw", key="samples"
        )
    per_point = runs_per_point(design, samples, len(draws))
    n_runs = math.prod(a.size for a in axes) * per_point
    if n_runs > MAX_RUNS:
        points = " x ".join(_count(a.size) for a in axes) or "1"
        raise ScenarioError(
            f"would have {_count(n_runs)} runs ({points} grid points x {_count(per_point)} "
            f"draws); at most {MAX_RUNS:,} can be numbered",
            key="sweep",
        )
    params = grid_params + draw_params
    seen: dict[str, int] = {}
    for c, prm in enumerate(params):
        if prm.path in seen:
            raise ScenarioError(
                "is swept twice (by two grid or uncertainty entries); give it once",
                key=f"parameter {prm.path!r}",
            )
        seen[prm.path] = c
    options = _solve_options(solve_options)
    solve(scenario, method, **dict(options))  # validates the method and options, with its words
    # The frontier engine changes how solve() finds the answer, never the answer.
    vectorised = (
        method in SCREEN_METHODS
        and all(name in ("engine", "powers") for name, _ in options)
        and 0 < scenario.space.n_deals <= VECTOR_MAX_DEALS
        and not any(prm.field == "link" for prm in params)  # the deal space's links are fixed
    )
    return Plan(
        scenario=scenario,
        params=tuple(params),
        kinds=("grid",) * len(grid_params) + ("draw",) * len(draw_params),
        axes=tuple(axes),
        draws=tuple(draws),
        samples=samples,
        seed=seed_of(rng) if draws else None,
        method=method,
        options=options,
        vectorised=vectorised,
        design=design,
    )
