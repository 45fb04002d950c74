"""Parameter sweeps and uncertainty: solve a scenario for many parameter values at once.

:func:`sweep` varies numbers of a scenario, addressed by path (:mod:`bargain.model.params`), over a
grid (every combination of the listed values) and/or draws from distributions
(:mod:`bargain.sweeps.distributions`), solves every run, and returns a :class:`SweepResult`;
:func:`sweep_to_file` writes the runs to a file instead, as they come.

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

Memory
------
Chunks are solved in a window of at most four per worker and passed on in run order, so memory
holds a window of chunks, never the sweep. :func:`sweep` keeps every run (a
:class:`SweepResult`) and refuses, before any run, a result over :data:`MAX_RESULT_BYTES`;
:func:`sweep_to_file` writes each chunk to the file as its turn comes and keeps only counts
(:mod:`bargain.sweeps.tally`), whatever the number of runs. The pieces: the plan of work and its
window (:func:`_run`), the pool (:mod:`bargain.sweeps.workers`), the checkpoint
(:mod:`bargain.sweeps.checkpoint`), the output (:mod:`bargain.sweeps.output`).

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
import contextlib
import math
import os
import sys
from collections.abc import Iterator, Mapping
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._checks import check_count, check_suffix
from bargain._files import check_output, write_chunks
from bargain.api import solve
from bargain.disagreement import resolve_powers
from bargain.errors import ScenarioError
from bargain.frontier.engine import pick_engine, tables_frontier
from bargain.model.params import apply, batch_arrays
from bargain.model.scenario import Scenario
from bargain.solutions.concepts import choose
from bargain.solutions.result import Solution
from bargain.sweeps.checkpoint import Checkpoint, Chunk, Done, missing_ranges
from bargain.sweeps.distributions import Distribution
from bargain.sweeps.output import (
    RUN_SUFFIXES,
    axis_of_parameters,
    file_pieces,
    message_of,
    result_of,
)
from bargain.sweeps.plan import Plan, make_plan
from bargain.sweeps.result import SweepResult, SweepSummary
from bargain.sweeps.screen import batch_best
from bargain.sweeps.tally import Tally
from bargain.sweeps.workers import (
    MAX_WORKERS,
    as_executor,
    broken_pool_error,
    check_main_guarded,
    process_pool,
)

__all__ = ["MAX_RESULT_BYTES", "result_bytes", "solve_chunk", "sweep", "sweep_to_file"]

#: The most memory an in-memory :class:`SweepResult` may take; larger sweeps go to a file
#: (:func:`sweep_to_file`), whose memory is one window of chunks whatever the number of runs.
MAX_RESULT_BYTES = 2**30

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


def _solve_frontier(
    plan: Plan,
    tables: list[NDArray[np.float64]],
    d: NDArray[np.float64],
    powers: NDArray[np.float64],
) -> tuple[bool, NDArray[np.intp], NDArray[np.float64]]:
    """One two-party run as :func:`bargain.solve` solves it, without building its scenario.

    The same steps on the same numbers: the frontier of the run's effective tables ``(n_levels,
    n_parties)`` by the engine ``solve`` would use, deals as original levels, then
    :func:`bargain.solutions.concepts.choose` with its tie rule. Returns agreement, levels
    (``-1`` without agreement) and utilities.
    """
    space = plan.scenario.space
    engine = pick_engine(dict(plan.options).get("engine", "auto"), space.n_deals)
    u, deals = tables_frontier(tables, engine)
    original = space.original(deals)
    best, _ = choose(plan.method, u, original, d, powers)
    if best is None:
        return False, np.full(plan.scenario.n_issues, -1, dtype=np.intp), d
    return True, original[best], u[best]


def solve_chunk(plan: Plan, start: int, stop: int) -> Chunk:
    """Solve runs ``start <= run < stop`` of `plan` (a module-level function, for executors)."""
    s = plan.scenario
    x = plan.values(start, stop)
    n = stop - start
    agreement = np.zeros(n, dtype=bool)
    levels = np.full((n, s.n_issues), -1, dtype=np.intp)
    utilities = np.empty((n, s.n_parties))
    todo: NDArray[np.intp] = np.arange(n)
    fallbacks = n  # runs not decided by the screen, each solved alone
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
        fallbacks = len(todo)
        if s.n_parties == 2:  # the runs the screen left: solve's own steps, on the run's arrays
            for k in todo.tolist():
                agreement[k], levels[k], utilities[k] = _solve_frontier(
                    plan, [t[min(k, t.shape[0] - 1)].T for t in tables], d[k], batch.powers[k]
                )
            todo = todo[:0]
    for k in todo.tolist():
        solution = _solve_one(plan, x[k])
        agreement[k] = solution.agreement
        if solution.levels is not None:
            levels[k] = solution.levels
        utilities[k] = [solution.utilities[p] for p in s.party_keys]
    return Chunk(start, stop, agreement, levels, utilities, fallbacks)


# --------------------------------------------------------------------------- sizes
def _default_chunk(plan: Plan, parallel: int) -> int:
    """Runs per chunk: about a quarter of a second of work, several chunks per worker."""
    deals = plan.scenario.space.n_deals
    per_run = 3e-9 * deals + 2e-6 if plan.vectorised else 1e-4 + 1e-7 * min(deals, 10**6)
    size = int(_CHUNK_SECONDS / per_run)
    if parallel > 1:
        size = min(size, math.ceil(plan.n_runs / (4 * parallel)))
    return max(1, min(size, 8192))


def result_bytes(plan: Plan) -> int:
    """About how much memory the :class:`SweepResult` of `plan` takes (twice its arrays)."""
    s = plan.scenario
    per_run = 8 * len(plan.params) + 1 + 8 * s.n_issues + 8 * s.n_parties
    return 2 * per_run * plan.n_runs


def _check_fits(plan: Plan) -> None:
    need = result_bytes(plan)
    if need > MAX_RESULT_BYTES:
        raise ScenarioError(
            f"has {plan.n_runs:,} runs, about {need / 2**30:,.1f} GiB as a result in memory "
            f"(the limit is {MAX_RESULT_BYTES / 2**30:g} GiB): write the runs to a file as they "
            "come with bargain.sweep_to_file (the command line does so by itself)",
            key="sweep",
        )


# --------------------------------------------------------------------------- running
@dataclass(frozen=True, slots=True)
class _Options:
    """How to run a plan: where, in what chunks, with what checkpoint and progress bar."""

    executor: cf.Executor | None
    workers: int
    checkpoint: str | os.PathLike[str] | None
    progress: bool
    chunk_size: int


def _options(
    plan: Plan,
    executor: cf.Executor | None,
    workers: int | None,
    checkpoint: str | os.PathLike[str] | None,
    progress: bool,
    chunk_size: int | None,
) -> _Options:
    if executor is not None and workers not in (None, 1):
        raise ScenarioError("give executor= or workers=, not both", key="workers")
    n_workers = 1 if workers is None else check_count(workers, "workers", minimum=1)
    if n_workers > MAX_WORKERS:
        raise ScenarioError(f"must be <= {MAX_WORKERS:,}, found {n_workers}", key="workers")
    if executor is not None:
        executor = as_executor(executor)
    parallel = n_workers if executor is None else 8  # an executor's size is unknown
    size = (
        _default_chunk(plan, parallel)
        if chunk_size is None
        else check_count(chunk_size, "chunk_size", minimum=1)
    )
    return _Options(executor, n_workers, checkpoint, progress, size)


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


def _computed(
    plan: Plan, todo: Iterator[tuple[int, int]], pool: cf.Executor | None, window: int
) -> Iterator[Chunk]:
    """The chunks of the ranges `todo`, as they finish (at most `window` in flight on a pool)."""
    if pool is None:
        for start, stop in todo:
            yield solve_chunk(plan, start, stop)
        return
    running: set[cf.Future[Chunk]] = set()
    try:
        while True:
            for start, stop in todo:
                running.add(pool.submit(solve_chunk, plan, start, stop))
                if len(running) >= window:
                    break
            if not running:
                return
            finished, running = cf.wait(running, return_when=cf.FIRST_COMPLETED)
            for future in finished:
                yield future.result()
    except BrokenProcessPool:
        raise broken_pool_error() from None
    finally:
        for future in running:
            future.cancel()


def _in_order(
    plan: Plan, done: list[Done], store: Checkpoint | None, computed: Iterator[Chunk], size: int
) -> Iterator[Chunk]:
    """Every chunk of the sweep in run order: those of the checkpoint and the computed ones.

    Computed chunks come in any order; they wait (at most a window of them) until their turn.
    """
    waiting: dict[int, Chunk] = {}
    pending = sorted(done, key=lambda d: d.start)
    at, k = 0, 0
    while at < plan.n_runs:
        if k < len(pending) and pending[k].start == at:
            assert store is not None
            chunk = store.load(pending[k])
            _check_consistent(plan, chunk, pending[k].line, store)
            k += 1
        else:
            while at not in waiting:
                new = next(computed)
                waiting[new.start] = new
            chunk = waiting.pop(at)
        yield chunk
        at = chunk.stop


def _check_consistent(plan: Plan, chunk: Chunk, line: int, store: Checkpoint) -> None:
    """Refuse a checkpoint line whose utilities are not those of its levels (or disagreement).

    Skipped with solver options that change what a run's utilities are (lotteries, a
    disagreement rule).
    """
    if any(name != "engine" for name, _ in plan.options):
        return
    space = plan.scenario.space
    batch = _batch_arrays(plan, plan.values(chunk.start, chunk.stop))
    tables, d = space.batch_tables(batch.tables), batch.disagreement  # links included
    n = chunk.stop - chunk.start
    rows = np.arange(n)
    expected = d.copy()
    agreed = np.flatnonzero(chunk.agreement)
    deals = space.effective(chunk.levels[agreed])
    red = np.flatnonzero(np.any(deals < 0, axis=1))
    if red.size:
        raise ScenarioError(
            f"line {line} is corrupt (run {chunk.start + int(agreed[red[0]])}: its levels cross "
            f"a red line)",
            key=f"checkpoint {store.path}",
        )
    if agreed.size:
        u = np.zeros((agreed.size, plan.scenario.n_parties))
        for e, table in enumerate(tables):  # summed in issue order, as every solver does
            u += table[np.minimum(rows[agreed], table.shape[0] - 1), :, deals[:, e]]
        expected[agreed] = u
    scale = np.abs(d) + sum(np.abs(t).max(axis=2) for t in batch.tables if t.shape[2])
    bad = np.abs(chunk.utilities - expected) > 1e-9 * scale
    if np.any(bad):
        r = int(np.flatnonzero(bad.any(axis=1))[0])
        raise ScenarioError(
            f"line {line} is corrupt (run {chunk.start + r}: its utilities are not those of its "
            f"{'levels' if chunk.agreement[r] else 'disagreement point'})",
            key=f"checkpoint {store.path}",
        )


@contextlib.contextmanager
def _pool(options: _Options, needed: bool) -> Iterator[cf.Executor | None]:
    if options.executor is not None:
        yield options.executor
    elif options.workers > 1 and needed:
        check_main_guarded(options.workers)
        with process_pool(options.workers) as pool:
            yield pool
    else:
        yield None


def _run(plan: Plan, options: _Options) -> Iterator[Chunk]:
    """Run `plan`: every chunk in run order, checkpointed, with a progress bar.

    Resumes from the checkpoint's chunks, appends each new chunk to it as soon as it is
    solved, and holds at most a window of chunks (four per worker) whatever the number of runs.
    """
    store: Checkpoint | None = None
    done: list[Done] = []
    if options.checkpoint is not None:
        s = plan.scenario
        store, done = Checkpoint.open(
            options.checkpoint,
            plan.fingerprint(),
            n_runs=plan.n_runs,
            shape=s.shape,
            n_parties=s.n_parties,
        )
    try:
        todo = missing_ranges(plan.n_runs, done, options.chunk_size)
        initial = sum(d.stop - d.start for d in done)
        window = 4 * (options.workers if options.executor is None else 8)
        with (
            _pool(options, initial < plan.n_runs) as pool,
            _progress_bar(plan.n_runs, initial, options.progress, plan.scenario.name) as bar,
        ):

            def saved() -> Iterator[Chunk]:
                for chunk in _computed(plan, todo, pool, window):
                    if store is not None:
                        store.append(chunk)
                    bar.update(chunk.stop - chunk.start)
                    yield chunk

            yield from _in_order(plan, done, store, saved(), options.chunk_size)
    finally:
        if store is not None:
            store.close()


def _check_checkpoint_seed(
    checkpoint: object, uncertainty: Mapping[str, Distribution] | None, rng: object
) -> None:
    if checkpoint is not None and uncertainty and not isinstance(rng, int | np.integer):
        raise ScenarioError(
            "needs a fixed integer seed (rng=SEED) when there are draws, or a rerun could not "
            "resume it",
            key="checkpoint",
        )


# --------------------------------------------------------------------------- the entry points
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
        same values. :class:`bargain.sweeps.plan.Linspace` gives evenly spaced values without
        listing them.
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
        Any :class:`concurrent.futures.Executor`, or a ``dask.distributed.Client`` (local or
        connected to a cluster by address); it is used, not shut down.
    workers
        Without `executor`: the number of local worker processes (None or 1: in this process;
        at most 1,024). Starting them takes a second or more, so they pay off for sweeps of many
        seconds. They exit when this process does, even if it is killed. They import the
        script that runs the sweep again, so in a script the lines that run it must be under
        ``if __name__ == "__main__":`` (a script without one is refused with that advice).
    checkpoint
        A file to write results to chunk by chunk. Calling the same sweep again after a crash or
        a kill resumes from the chunks already written; a file written by a different sweep is
        refused, and so is a second sweep on a file in use (it is locked). Needs a reproducible
        `rng` (an int seed) when there are draws.
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
        another sweep, or a sweep whose result would take more than :data:`MAX_RESULT_BYTES`
        of memory (checked before any run: use :func:`sweep_to_file`).

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
    _check_checkpoint_seed(checkpoint, uncertainty, rng)
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
    options = _options(plan, executor, workers, checkpoint, progress, chunk_size)
    _check_fits(plan)
    s = plan.scenario
    agreement = np.zeros(plan.n_runs, dtype=bool)
    levels = np.full((plan.n_runs, s.n_issues), -1, dtype=np.intp)
    utilities = np.zeros((plan.n_runs, s.n_parties))
    fallbacks = 0
    for chunk in _run(plan, options):
        agreement[chunk.start : chunk.stop] = chunk.agreement
        levels[chunk.start : chunk.stop] = chunk.levels
        utilities[chunk.start : chunk.stop] = chunk.utilities
        fallbacks += chunk.fallbacks
    message = message_of(plan, int(np.count_nonzero(agreement)))
    values = plan.values(0, plan.n_runs)
    return result_of(plan, values, agreement, levels, utilities, fallbacks, message)


def sweep_to_file(
    scenario: Scenario,
    path: str | os.PathLike[str],
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
) -> SweepSummary:
    """Run the same sweep as :func:`sweep`, writing its runs to `path` as they come.

    Memory holds a window of chunks (four per worker, each about a quarter of a second of
    work), whatever the number of runs, so a sweep of a billion runs needs no more of it than
    one of a thousand. The file (``.csv`` or ``.json``) has the same columns, rows and layout as
    :meth:`SweepResult.save` writes, and is written whole or not at all (a temporary file
    renamed over `path` at the end; with a `checkpoint`, an interrupted sweep resumes there).

    Parameters
    ----------
    path
        The file to write, ending in ``.csv`` or ``.json``; never the checkpoint.
    scenario, grid, uncertainty, samples, method, rng
        What to sweep, as for :func:`sweep`.
    executor, workers, checkpoint, progress, chunk_size
        How to run it, as for :func:`sweep`.
    design
        ``"independent"`` only: the Sobol indices of the ``"saltelli"`` design compare whole
        matrices of runs, so that design needs :func:`sweep`.
    **solve_options
        Passed to :func:`bargain.solve`, as for :func:`sweep`.

    Returns
    -------
    SweepSummary
        Counted as the runs pass (:class:`bargain.sweeps.tally.Tally`): exact agreement rate and
        level probabilities; standard errors where bounded counts give them; the main effect of
        each grid parameter (no flips, no ranking of drawn parameters).

    Examples
    --------
    >>> import bargain, tempfile, os
    >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
    >>> out = os.path.join(tempfile.mkdtemp(), "runs.csv")
    >>> summary = sweep_to_file(s, out, grid={"nato.disagreement": [0.5, 0.75, 0.95]},
    ...                         progress=False)
    >>> summary.n_runs, round(summary.agreement_rate, 3)
    (3, 0.667)
    >>> open(out).read().splitlines()[0][:40]
    'nato.disagreement,agreement,indivisible_'
    """
    target = check_suffix(path, RUN_SUFFIXES, "path")
    if design != "independent":
        raise ScenarioError(
            f"is {design!r}, which needs every run in memory (its Sobol indices compare whole "
            "matrices of runs): use bargain.sweep on a sweep that fits",
            key="design",
        )
    inputs = [checkpoint] if checkpoint is not None else []
    check_output(target, inputs=inputs, key="path")
    _check_checkpoint_seed(checkpoint, uncertainty, rng)
    plan = make_plan(
        scenario,
        grid=grid,
        uncertainty=uncertainty,
        samples=samples,
        method=method,
        rng=rng,
        solve_options=solve_options,
    )
    options = _options(plan, executor, workers, checkpoint, progress, chunk_size)
    s = plan.scenario
    tally = Tally(
        n_runs=plan.n_runs,
        samples=plan.samples,
        grid_shape=plan.grid_shape,
        shape=s.shape,
        axis_columns=tuple(a.columns for a in plan.axes),
    )

    def count(chunk: Chunk, values: NDArray[np.float64]) -> None:
        tally.add(chunk.start, values, chunk.agreement, chunk.levels)

    def summary() -> SweepSummary:
        return _tally_summary(plan, tally)

    def tail() -> tuple[str, SweepSummary]:
        return message_of(plan, int(tally.counts[0])), summary()

    pieces = file_pieces(
        plan, _run(plan, options), target.suffix.lower(), on_chunk=count, tail=tail
    )
    write_chunks(target, pieces, key="path", inputs=inputs)
    return summary()


def _tally_summary(plan: Plan, tally: Tally) -> SweepSummary:
    s = plan.scenario
    shares = tally.level_shares()
    errors = tally.standard_errors()
    names = [i.levels for i in s.issues]
    probabilities = {
        issue: dict(zip(level_names, p.tolist(), strict=True))
        for issue, level_names, p in zip(s.issue_keys, names, shares, strict=True)
    }
    standard_errors = (
        None
        if errors is None
        else {
            issue: dict(zip(level_names, e.tolist(), strict=True))
            for issue, level_names, e in zip(s.issue_keys, names, errors[1], strict=True)
        }
    )
    ranking = tally.grid_sensitivity(tuple(p.path for p in plan.params), axis_of_parameters(plan))
    ranking.sort(key=lambda x: -x.main_effect)
    return SweepSummary(
        scenario=s.name,
        method=plan.method,
        n_runs=plan.n_runs,
        samples=plan.samples,
        grid_points=math.prod(plan.grid_shape),
        agreement_rate=tally.agreement_rate(),
        agreement_se=None if errors is None else errors[0],
        level_probabilities=probabilities,
        level_standard_errors=standard_errors,
        sensitivity=tuple(ranking),
    )
