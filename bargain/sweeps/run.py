"""Parameter sweeps and uncertainty: solve a scenario for many parameter values at once.

:func:`sweep` varies numbers of a scenario, addressed by path (:mod:`bargain.model.params`), over a
grid (every combination of the listed values) and/or draws from distributions
(:mod:`bargain.sweeps.distributions`), solves every run, and returns a :class:`SweepResult`.

Runs
----
With grid axes of lengths ``n_1, ..., n_k`` (the first slowest) and ``samples = N`` draws, there
are ``G * N`` runs (``G = n_1 ... n_k``; ``N`` counts as 1 without draws), run ``g * N + s`` being
draw ``s`` at grid point ``g``. Every grid point sees the same ``N`` draws (common random numbers),
so differences between grid points are never Monte Carlo noise.

Reproducibility
---------------
Draws come in blocks of :data:`DRAW_BLOCK` = 1024: block ``b`` is drawn by
``np.random.default_rng(np.random.SeedSequence(seed).spawn(b + 1)[b])``, one distribution after
another in the order given. A run's numbers therefore depend only on the seed and the run's
number, never on the executor, the number of workers or the chunk size, and the first ``N`` draws
of a larger sweep are those of a smaller one. Results do not depend on how runs are grouped either:
the same ``rng`` gives an identical :class:`SweepResult` serially, on a process pool or on a Dask
cluster.

Speed
-----
For small deal spaces (up to :data:`VECTOR_MAX_DEALS` deals), every method, a chunk of runs is
solved at once by :func:`bargain.sweeps.screen.batch_best` (every deal of a few runs at a time, in
cache; per-run powers for asymmetric Nash, per-run ideal gains for Kalai-Smorodinsky); the runs
it cannot certify (exact or near ties) are solved one by one by :func:`bargain.solve`, so every
run's deal is exactly the one ``solve`` gives (same tie rule). Other sweeps (larger deal spaces,
where the exact engines are faster; ``lotteries=`` or ``disagreement=``) call ``solve`` run by
run. With lotteries a
row's levels are those of the lottery's most probable deal and its utilities are expected
utilities.

Examples
--------
>>> import bargain
>>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
>>> result = bargain.sweep(s, uncertainty={"russia.weights": bargain.Dirichlet(50)},
...                        samples=200, rng=1, progress=False)
>>> len(result), result.parameters[0]
(200, 'russia.weights.indivisible_security')
>>> 0 < result.summary().agreement_rate <= 1
True
"""

from __future__ import annotations

import concurrent.futures as cf
import math
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_count
from bargain.api import solve
from bargain.disagreement import resolve_powers
from bargain.errors import ScenarioError
from bargain.model.params import apply, batch_arrays
from bargain.model.scenario import Scenario
from bargain.solutions.result import Solution
from bargain.sweeps.checkpoint import Checkpoint, Chunk
from bargain.sweeps.distributions import Distribution
from bargain.sweeps.plan import Plan, make_plan
from bargain.sweeps.result import SweepResult
from bargain.sweeps.screen import batch_best

__all__ = ["solve_chunk", "sweep"]

#: Seconds of work aimed at per chunk (progress and checkpoint granularity).
_CHUNK_SECONDS = 0.25


# --------------------------------------------------------------------------- solving a chunk
@dataclass(frozen=True, slots=True, eq=False)
class _Batch:
    """Per-run arrays of a chunk.

    Tables ``(n, n_parties, n_levels_i)``, disagreement and powers ``(n, n_parties)``.
    """

    tables: list[NDArray[np.float64]]
    disagreement: NDArray[np.float64]
    powers: NDArray[np.float64]


def _batch_arrays(plan: Plan, x: NDArray[np.float64]) -> _Batch:
    """The numbers of each run of a chunk, from the plan's parameters `x` (one row per run)."""
    s = plan.scenario
    tables, d = batch_arrays(s, plan.params, x)
    powers = np.broadcast_to(s.powers, d.shape).copy()
    for c, prm in enumerate(plan.params):
        if prm.field == "power":
            powers[:, prm.party] = x[:, c]
    options = dict(plan.options)
    if "powers" in options:  # solve's powers= overrides the parties' own
        powers[:] = resolve_powers(s, options["powers"])
    return _Batch(tables, d, powers)


def _solve_one(plan: Plan, x: NDArray[np.float64]) -> Solution:
    return solve(apply(plan.scenario, plan.params, x), plan.method, **dict(plan.options))


def solve_chunk(plan: Plan, start: int, stop: int) -> Chunk:
    """Solve runs ``start <= run < stop`` of `plan` (a module-level function, for executors)."""
    s = plan.scenario
    x = plan.values(start, stop)
    n = stop - start
    agreement = np.zeros(n, dtype=bool)
    levels = np.full((n, s.n_issues), -1, dtype=np.intp)
    utilities = np.empty((n, s.n_parties))
    todo: NDArray[np.intp] = np.arange(n)
    if s.space.empty:  # red lines are no parameters: no run has a deal, none needs solving
        utilities[:] = _batch_arrays(plan, x).disagreement
        return Chunk(start, stop, agreement, levels, utilities, 0)
    if plan.vectorised:
        batch = _batch_arrays(plan, x)
        # red-lined levels dropped, linked issues compounded
        tables, d = s.space.batch_tables(batch.tables), batch.disagreement
        deal, certain = batch_best(tables, d, method=plan.method, powers=batch.powers)
        agreed = certain & (deal >= 0)
        rows = np.flatnonzero(agreed)
        index = np.unravel_index(deal[rows], s.space.shape)
        u = np.zeros((rows.shape[0], s.n_parties))
        for i, table in enumerate(tables):  # summed in issue order, as Scenario.utilities does
            u += table[rows, :, index[i]]
        agreement[rows] = True
        levels[rows] = s.space.original(np.stack(index, axis=1))
        utilities[rows] = u
        failed = certain & (deal < 0)
        utilities[failed] = d[failed]
        todo = np.flatnonzero(~certain)
    for k in todo.tolist():
        solution = _solve_one(plan, x[k])
        agreement[k] = solution.agreement
        if solution.levels is not None:
            levels[k] = solution.levels
        utilities[k] = [solution.utilities[p] for p in s.party_keys]
    return Chunk(start, stop, agreement, levels, utilities, len(todo))


# --------------------------------------------------------------------------- running
def _default_chunk(plan: Plan, parallel: int) -> int:
    """Runs per chunk: about a quarter of a second of work, several chunks per worker."""
    deals = plan.scenario.space.n_deals
    per_run = 3e-9 * deals + 2e-6 if plan.vectorised else 1e-4 + 1e-7 * min(deals, 10**6)
    size = int(_CHUNK_SECONDS / per_run)
    if parallel > 1:
        size = min(size, math.ceil(plan.n_runs / (4 * parallel)))
    return max(1, min(size, 8192))


def _ranges(n_runs: int, done: Sequence[Chunk], size: int) -> Iterator[tuple[int, int]]:
    """The runs not yet done, in chunks of at most `size`."""
    covered = np.zeros(n_runs, dtype=bool)
    for chunk in done:
        covered[chunk.start : chunk.stop] = True
    missing = np.flatnonzero(~covered)
    if missing.size == 0:
        return
    breaks = np.flatnonzero(np.diff(missing) > 1)
    starts = np.concatenate([[missing[0]], missing[breaks + 1]])
    stops = np.concatenate([missing[breaks] + 1, [missing[-1] + 1]])
    for a, b in zip(starts.tolist(), stops.tolist(), strict=True):
        for start in range(a, b, size):
            yield start, min(start + size, b)


def _progress_bar(total: int, initial: int, enabled: bool, name: str) -> Any:
    from tqdm.auto import tqdm  # loaded with the first bar: tqdm.auto probes for Jupyter

    return tqdm(
        total=total,
        initial=initial,
        disable=not enabled,
        delay=1.0,
        file=sys.stderr,
        unit="run",
        desc=f"sweep {name}",
        dynamic_ncols=True,
    )


def _run(
    plan: Plan,
    ranges: list[tuple[int, int]],
    executor: cf.Executor | None,
    on_done: Callable[[Chunk], None],
) -> None:
    if executor is None:
        for start, stop in ranges:
            on_done(solve_chunk(plan, start, stop))
        return
    futures = [executor.submit(solve_chunk, plan, start, stop) for start, stop in ranges]
    try:
        for future in cf.as_completed(futures):
            on_done(future.result())
    except BaseException:
        for future in futures:
            future.cancel()
        raise


def sweep(
    scenario: Scenario,
    *,
    grid: Mapping[str, Any] | None = None,
    uncertainty: Mapping[str, Distribution] | None = None,
    samples: int = 0,
    method: str = "nash",
    rng: np.random.Generator | int | None = None,
    executor: cf.Executor | None = None,
    workers: int | None = None,
    checkpoint: str | os.PathLike[str] | None = None,
    progress: bool = True,
    chunk_size: int | None = None,
    design: str = "independent",
    **solve_options: Any,
) -> SweepResult:
    """Solve `scenario` for every combination of grid values and every draw.

    Parameters
    ----------
    scenario
        The base scenario; each run changes only the swept parameters.
    grid
        ``{path: values}``: every combination of the listed values (the first path varies
        slowest). A vector path (``"russia.weights"``) takes a list of vectors; a wildcard path
        (``"*.disagreement"``) is shorthand for one axis per matching parameter, each with the
        same values.
    uncertainty
        ``{path: distribution}``, drawn `samples` times (at every grid point, the same draws).
        :class:`~bargain.Dirichlet` takes a weight vector path (``"russia.weights"``,
        ``"*.weights"``); single-number distributions take scalar paths, or a vector or wildcard
        path meaning each of its numbers drawn independently. See
        :mod:`bargain.sweeps.distributions` for distributions relative to the current value.
    samples
        Draws per grid point; required (>= 1) with `uncertainty`, 0 without.
    method
        The solution concept, as in :func:`bargain.solve`.
    rng
        Seed (int), numpy Generator, or None (a fresh seed, kept in ``result.seed``).
    executor
        Any :class:`concurrent.futures.Executor`, e.g. ``client.get_executor()`` of a
        ``dask.distributed.Client``; it is used, not shut down.
    workers
        Without `executor`: the number of local worker processes (None or 1: in this process).
        Starting them takes a second or more, so they pay off for sweeps of many seconds.
    checkpoint
        A file to write results to chunk by chunk. Calling the same sweep again after a crash or
        a kill resumes from the chunks already written; a file written by a different sweep is
        refused. Needs a reproducible `rng` (an int seed) when there are draws.
    progress
        Show a progress bar on stderr (after the sweep has run for a second).
    chunk_size
        Runs per task (default: about a quarter of a second of work). Results do not depend on it.
    design
        How draws are laid out: ``"independent"`` (`samples` draws per grid point) or
        ``"saltelli"`` (``samples * (k + 2)`` runs per grid point for ``k`` drawn factors, so that
        :meth:`SweepResult.summary` gives total-order Sobol indices of the drawn parameters too;
        see :mod:`bargain.sweeps.design`).
    **solve_options
        Passed to :func:`bargain.solve` (``lotteries=``, ``disagreement=``, ``powers=``,
        ``engine=``): fixed for the whole sweep; the swept parameters change the scenario itself.

    Returns
    -------
    SweepResult
        One row per run, in run order; runs without agreement included.

    Raises
    ------
    ScenarioError
        Unknown paths (with the closest as a hint), empty grids, values outside a parameter's
        domain (a weight drawn below 0, a discount above 1...), ``samples < 0``, a checkpoint of
        another sweep.

    Examples
    --------
    >>> import bargain
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> r = sweep(s, grid={"nato.disagreement": [0.5, 0.75, 0.95]}, progress=False)
    >>> r.agreement.tolist()
    [True, True, False]
    >>> sweep(s, grid={"nato.disagrement": [0.5]})
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: parameter 'nato.disagrement' is not a parameter of \
russia-nato-2022-no-red-lines; did you mean 'nato.disagreement'...
    """
    if checkpoint is not None and uncertainty and not isinstance(rng, int | np.integer):
        raise ScenarioError(
            "needs a fixed integer seed (rng=SEED) when there are draws, or a rerun could not "
            "resume it",
            key="checkpoint",
        )
    plan = make_plan(
        scenario,
        grid=grid,
        uncertainty=uncertainty,
        samples=samples,
        method=method,
        rng=rng,
        solve_options=solve_options,
        design=design,
    )
    if executor is not None and workers not in (None, 1):
        raise ScenarioError("give executor= or workers=, not both", key="workers")
    n_workers = 1 if workers is None else check_count(workers, "workers", minimum=1)
    if executor is not None and not callable(getattr(executor, "submit", None)):
        raise ScenarioError(
            f"must be a concurrent.futures.Executor, found {type(executor).__name__}",
            key="executor",
        )
    parallel = n_workers if executor is None else 8  # an executor's size is unknown
    size = (
        _default_chunk(plan, parallel)
        if chunk_size is None
        else check_count(chunk_size, "chunk_size", minimum=1)
    )

    n_runs = plan.n_runs
    n_issues, n_parties = plan.scenario.n_issues, plan.scenario.n_parties
    agreement = np.zeros(n_runs, dtype=bool)
    levels = np.full((n_runs, n_issues), -1, dtype=np.intp)
    utilities = np.zeros((n_runs, n_parties))
    fallbacks = 0

    def store(chunk: Chunk) -> None:
        nonlocal fallbacks
        if chunk.levels.shape[1:] != (n_issues,) or chunk.utilities.shape[1:] != (n_parties,):
            raise ScenarioError("holds chunks of another shape", key=f"checkpoint {checkpoint}")
        agreement[chunk.start : chunk.stop] = chunk.agreement
        levels[chunk.start : chunk.stop] = chunk.levels
        utilities[chunk.start : chunk.stop] = chunk.utilities
        fallbacks += chunk.fallbacks

    saved: Checkpoint | None = None
    done: list[Chunk] = []
    if checkpoint is not None:
        saved, done = Checkpoint.open(checkpoint, plan.fingerprint(), n_runs=n_runs)
    pool: cf.Executor | None = executor
    own_pool = executor is None and n_workers > 1
    try:
        for chunk in done:
            store(chunk)
        ranges = list(_ranges(n_runs, done, size))
        if own_pool and ranges:
            pool = cf.ProcessPoolExecutor(
                max_workers=n_workers, mp_context=multiprocessing.get_context("spawn")
            )
        initial = sum(c.stop - c.start for c in done)
        with _progress_bar(n_runs, initial, progress, plan.scenario.name) as bar:

            def on_done(chunk: Chunk) -> None:
                store(chunk)
                if saved is not None:
                    saved.append(chunk)
                bar.update(chunk.stop - chunk.start)

            _run(plan, ranges, pool, on_done)
    finally:
        if saved is not None:
            saved.close()
        if own_pool and pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
    return _result(plan, agreement, levels, utilities, fallbacks)


def _result(
    plan: Plan,
    agreement: NDArray[np.bool_],
    levels: NDArray[np.intp],
    utilities: NDArray[np.float64],
    fallbacks: int,
) -> SweepResult:
    s = plan.scenario
    n_runs = plan.n_runs
    axis_of = [-1] * len(plan.params)
    for a, axis in enumerate(plan.axes):
        for c in axis.columns:
            axis_of[c] = a
    agreed = int(np.count_nonzero(agreement))
    message = (
        f"{n_runs:,} run{'s' if n_runs != 1 else ''} of {s.name} ({plan.method}): {agreed:,} "
        f"with an agreement, {n_runs - agreed:,} without."
    )
    return SweepResult(
        scenario=s.name,
        method=plan.method,
        parameters=tuple(p.path for p in plan.params),
        kinds=plan.kinds,
        issues=s.issue_keys,
        level_names=tuple(i.levels for i in s.issues),
        parties=s.party_keys,
        values=plan.values(0, n_runs),
        agreement=agreement,
        levels=levels,
        utilities=utilities,
        grid_shape=plan.grid_shape,
        axes=tuple(axis_of),
        samples=plan.per_point if plan.draws else 0,
        seed=plan.seed,
        fallbacks=fallbacks,
        message=message,
        design=plan.design,
        factors=tuple(_factor_of(plan)),
    )


def _factor_of(plan: Plan) -> list[int]:
    """Per parameter column, the drawn factor it belongs to (-1 for grid columns)."""
    out = [-1] * len(plan.params)
    for f, spec in enumerate(plan.draws):
        for c in spec.columns:
            out[c] = f
    return out
