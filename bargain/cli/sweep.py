"""The ``bargain sweep`` command: reading its arguments, connecting to Dask, writing the runs.

``--vary PATH=START:STOP:STEPS`` is ``numpy.linspace(START, STOP, STEPS)`` (``PATH=A,B,C`` lists
the values); ``--noise PATH=DIST(ARGS)`` draws the parameter from a distribution (see
:func:`bargain.sweeps.distributions.parse_distribution`), and ``--noise PATH+=DIST(ARGS)`` adds the
draw to the parameter's current value. Each path may be given once.

A sweep whose runs fit in memory (:data:`bargain.sweeps.run.MAX_RESULT_BYTES`) is solved with
:func:`bargain.sweep` and saved whole; a larger one is written to ``--out`` as its runs come
(:func:`bargain.sweeps.run.sweep_to_file`), in memory one window of chunks whatever the number
of runs; its summary then ranks the grid parameters only, and ``--plot`` is refused. Either way
``--out`` is checked before any run: never the scenario file or the checkpoint.

Examples
--------
>>> key, values = parse_vary("nato.disagreement=0.5:0.8:4")
>>> key, [round(v, 12) for v in values]
('nato.disagreement', [0.5, 0.6, 0.7, 0.8])
>>> parse_vary("nato.disagreement=0.5:0.8:100000000")
('nato.disagreement', Linspace(start=0.5, stop=0.8, steps=100000000))
>>> parse_vary("russia.power=0.5,1,2")
('russia.power', [0.5, 1.0, 2.0])
>>> parse_noise("nato.disagreement+=normal(0, 0.05)")
('nato.disagreement', Normal(mean=0.0, sd=0.05, relative=True))
>>> parse_vary("nato.disagreement=0.5:0.8:0")
Traceback (most recent call last):
...
bargain.errors.ScenarioError: --vary 'nato.disagreement=0.5:0.8:0' gives an empty grid: \
STEPS must be >= 1
"""

from __future__ import annotations

import argparse
import contextlib
import math
import re
import socket
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path
from typing import Any

import numpy as np

from bargain._files import check_output
from bargain._optional import require
from bargain.cli.common import add_scenario_argument, input_files, say
from bargain.cli.plotting import add_plot_argument, save_plot
from bargain.errors import ScenarioError
from bargain.io.catalog import load_scenario
from bargain.solutions.concepts import METHODS
from bargain.sweeps.distributions import Distribution, parse_distribution
from bargain.sweeps.output import RUN_SUFFIXES
from bargain.sweeps.plan import Linspace, make_plan
from bargain.sweeps.run import MAX_RESULT_BYTES, result_bytes, sweep, sweep_to_file

__all__ = ["dask_executor", "parse_noise", "parse_vary", "register", "run"]

#: Draws per grid point when ``--noise`` is given without ``--samples``.
DEFAULT_SAMPLES = 1000
#: ``--vary START:STOP:STEPS`` with more steps than this is not listed but computed as needed.
LISTED_STEPS = 2**16
_ASSIGN = re.compile(r"^\s*([^=+\s]+)\s*(\+?=)\s*(.*?)\s*$")


def _split(text: str, option: str, example: str) -> tuple[str, str, str]:
    match = _ASSIGN.match(text)
    if match is None:
        raise ScenarioError(f"must look like {example}", key=f"{option} {text!r}")
    return match.group(1), match.group(2), match.group(3)


def parse_vary(text: str) -> tuple[str, list[float] | Linspace]:
    """``PATH=START:STOP:STEPS`` or ``PATH=A,B,...`` as a path and its grid values."""
    key = f"--vary {text!r}"
    path, op, body = _split(text, "--vary", "PATH=START:STOP:STEPS or PATH=A,B,C")
    if op != "=":
        raise ScenarioError("takes '=', not '+=' (a grid lists absolute values)", key=key)
    parts = [p.strip() for p in body.split(":")] if ":" in body else None
    if parts is not None and len(parts) != 3:
        raise ScenarioError(f"must be START:STOP:STEPS, found {body!r}", key=key)
    try:
        if parts is not None:
            start, stop, steps = float(parts[0]), float(parts[1]), int(parts[2])
        else:
            values = [float(v) for v in body.split(",") if v.strip()]
    except ValueError:
        raise ScenarioError(
            f"must hold numbers (START:STOP:STEPS, STEPS an integer), found {body!r}", key=key
        ) from None
    if parts is not None:
        if steps < 1:
            raise ScenarioError("gives an empty grid: STEPS must be >= 1", key=key)
        if not (math.isfinite(start) and math.isfinite(stop)):
            raise ScenarioError(f"must have finite START and STOP, found {body!r}", key=key)
        if steps > LISTED_STEPS:
            return path, Linspace(start, stop, steps)
        values = Linspace(start, stop, steps).take(np.arange(steps)).tolist()
    if not values:
        raise ScenarioError("gives an empty grid: list at least one value", key=key)
    return path, values


def parse_noise(text: str) -> tuple[str, Distribution]:
    """``PATH=DIST(ARGS)`` (absolute) or ``PATH+=DIST(ARGS)`` (relative) as path, distribution."""
    path, op, body = _split(text, "--noise", "PATH=DIST(ARGS), e.g. 'russia.weights=dirichlet(50)'")
    try:
        return path, parse_distribution(body, relative=op == "+=")
    except ScenarioError as exc:
        raise ScenarioError(exc.problem, key=f"--noise {text!r}:") from None


def _check_reachable(address: str) -> None:
    """Fail fast, with a clear message, when a TCP scheduler address does not answer."""
    match = re.match(r"^(?:tcp://)?\[?([^\[\]/]+?)\]?:(\d+)/?$", address)
    if match is None:
        if "://" in address and not address.startswith("tcp://"):
            return  # another protocol (tls, ucx, ...): let Dask connect
        raise ScenarioError(
            "must be 'local' or a scheduler address such as tcp://10.0.0.5:8786",
            key=f"--dask {address!r}",
        )
    host, port = match.group(1), int(match.group(2))
    try:
        with socket.create_connection((host, port), timeout=5):
            pass
    except OSError as exc:
        raise ScenarioError(
            f"is unreachable ({exc.strerror or exc}); is a Dask scheduler running there?",
            key=f"--dask {address!r}",
        ) from None


@contextlib.contextmanager
def dask_executor(address: str, workers: int | None) -> Iterator[Executor]:
    """An executor on a Dask cluster: ``"local"`` starts a ``LocalCluster`` for the sweep."""
    distributed = require("distributed", "dask", "bargain sweep --dask")
    if address == "local":
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, dashboard_address=None
        )
        with cluster, distributed.Client(cluster) as client:
            yield client.get_executor()
        return
    if workers is not None:
        raise ScenarioError(
            "sets the size of a local pool; the Dask cluster at --dask has its own workers",
            key="--workers",
        )
    _check_reachable(address)
    try:
        client = distributed.Client(address, timeout="10s")
    except (OSError, TimeoutError) as exc:
        raise ScenarioError(f"cannot be reached: {exc}", key=f"--dask {address!r}") from None
    except (TypeError, ValueError) as exc:  # e.g. tls:// without TLS settings in Dask's config
        raise ScenarioError(
            f"cannot be used: {exc} (set the protocol up in Dask's configuration, or give a "
            "tcp:// address)",
            key=f"--dask {address!r}",
        ) from None
    with client:
        yield client.get_executor()


def _once(pairs: list[tuple[str, Any]], option: str) -> dict[str, Any]:
    """The pairs as a dictionary, refusing a path given twice (the first would be dropped)."""
    out: dict[str, Any] = {}
    for path, value in pairs:
        if path in out:
            raise ScenarioError(
                f"is given more than once for {path!r}; give each path once", key=option
            )
        out[path] = value
    return out


def _check_out(args: argparse.Namespace) -> Path | None:
    """``--out``: a .csv or .json file that is neither the scenario file nor the checkpoint."""
    inputs = [*input_files(args.scenario)]
    if args.checkpoint is not None:
        inputs.append(Path(args.checkpoint))
    if args.out is None:
        if args.plot is not None:
            check_output(args.plot, inputs=inputs, key="--plot")
        return None
    out = Path(args.out)
    if out.suffix.lower() not in RUN_SUFFIXES:
        raise ScenarioError(
            f"must end in .csv or .json, found {out.suffix or 'no extension'}", key="--out"
        )
    check_output(out, inputs=inputs, key="--out")
    if args.plot is not None:
        check_output(args.plot, inputs=[*inputs, out], key="--plot")
    return out


def run(args: argparse.Namespace) -> int:
    """Run ``bargain sweep`` with parsed arguments (see ``bargain sweep --help``)."""
    out = _check_out(args)
    grid = _once([parse_vary(v) for v in args.vary or []], "--vary")
    uncertainty = _once([parse_noise(v) for v in args.noise or []], "--noise")
    samples = args.samples if args.samples is not None else DEFAULT_SAMPLES if uncertainty else 0
    if args.checkpoint is not None and uncertainty and args.seed is None:
        raise ScenarioError(
            "needs --seed when there are draws (--noise), or a rerun could not resume it",
            key="--checkpoint",
        )
    scenario = load_scenario(args.scenario)
    plan = make_plan(
        scenario,
        grid=grid,
        uncertainty=uncertainty,
        samples=samples,
        method=args.method,
        rng=args.seed,
        solve_options={},
    )
    streamed = result_bytes(plan) > MAX_RESULT_BYTES
    if streamed and out is None:
        raise ScenarioError(
            f"is needed: this sweep has {plan.n_runs:,} runs (about "
            f"{result_bytes(plan) / 2**30:,.1f} GiB), more than memory holds, so they are "
            "written to a file as they come",
            key="--out",
        )
    if streamed and args.plot is not None:
        raise ScenarioError(
            f"needs every run in memory, and this sweep has {plan.n_runs:,} (about "
            f"{result_bytes(plan) / 2**30:,.1f} GiB): plot a smaller sweep",
            key="--plot",
        )
    options: dict[str, Any] = {
        "grid": grid,
        "uncertainty": uncertainty,
        "samples": samples,
        "method": args.method,
        "rng": plan.seed if plan.seed is not None else args.seed,
        "checkpoint": args.checkpoint,
        "progress": not args.no_progress,
    }
    with contextlib.ExitStack() as stack:
        if args.dask is not None:
            options["executor"] = stack.enter_context(dask_executor(args.dask, args.workers))
        else:
            options["workers"] = args.workers
        if streamed:
            assert out is not None  # refused above
            summary = sweep_to_file(scenario, out, **options)
            say(summary.table())
            say()
            say("(a streamed sweep: the sensitivity ranks the grid parameters, without flips)")
        else:
            result = sweep(scenario, **options)
            if out is not None:
                try:
                    result.save(out)
                except ScenarioError as exc:
                    raise ScenarioError(exc.problem, key="--out", source=exc.source) from None
            say(result.summary().table())
    say()
    seed = f" (seed {plan.seed})" if plan.seed is not None else ""
    if out is not None:
        say(f"wrote {out}: {plan.n_runs:,} runs{seed}")
    else:
        say(f"{plan.n_runs:,} runs{seed}; --out FILE.csv|FILE.json writes one row per run")
    if not streamed:
        save_plot(args, "sweep", result, scenario)
    return 0


def register(commands: Any) -> None:
    """Add ``bargain sweep`` to the parser's subcommands."""
    p = commands.add_parser(
        "sweep", help="solve a scenario over a grid and/or random draws of its numbers"
    )
    add_scenario_argument(p)
    p.add_argument(
        "--vary",
        action="append",
        metavar="PATH=START:STOP:STEPS",
        help="grid axis, e.g. nato.disagreement=0.5:0.8:7 (or PATH=A,B,C); repeatable",
    )
    p.add_argument(
        "--noise",
        action="append",
        metavar="PATH=DIST(ARGS)",
        help="random parameter: dirichlet(C) on weight vectors, uniform(LOW,HIGH), normal(MEAN,SD),"
        " truncnormal(MEAN,SD,LOW,HIGH); PATH+=DIST adds the draw to the current value; repeatable",
    )
    p.add_argument(
        "--samples", type=int, metavar="N", help="draws per grid point (default 1000 with --noise)"
    )
    p.add_argument(
        "--seed", type=int, metavar="S", help="seed of the draws (default: fresh; rng= in Python)"
    )
    p.add_argument(
        "--method",
        default="nash",
        metavar="M",
        help="solution concept (default nash): " + METHODS.help(),
    )
    p.add_argument("--workers", type=int, metavar="W", help="local worker processes")
    p.add_argument(
        "--dask", metavar="ADDRESS|local", help="run on a Dask scheduler (or a local cluster)"
    )
    p.add_argument("--checkpoint", metavar="PATH", help="write chunks here; rerun to resume")
    p.add_argument(
        "--out",
        metavar="FILE.csv|FILE.json",
        help="write one row per run (without it: the summary only)",
    )
    p.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    add_plot_argument(p)
    p.set_defaults(run=run)
