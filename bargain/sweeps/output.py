"""A sweep's runs as a result or as a file: :class:`SweepResult` built from a plan's chunks.

:func:`result_of` builds the in-memory :class:`~bargain.sweeps.result.SweepResult` of a whole
sweep; :func:`file_pieces` writes the same rows, chunk by chunk, as the text of a CSV or JSON
file, without ever holding more than one chunk: each chunk is formatted by a
:class:`SweepResult` of its own runs, so a file written this way has the same columns, cells and
layout as :meth:`SweepResult.save` writes (its summary comes from a
:class:`~bargain.sweeps.tally.Tally`, see there for what it leaves out).
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._text import tidy
from bargain.sweeps.checkpoint import Chunk
from bargain.sweeps.plan import Plan
from bargain.sweeps.result import SweepResult, SweepSummary

__all__ = ["RUN_SUFFIXES", "file_pieces", "message_of", "result_of"]

#: The file types runs are written as, by extension.
RUN_SUFFIXES = (".csv", ".json")


def message_of(plan: Plan, agreed: int) -> str:
    """What a sweep did, in words."""
    n_runs = plan.n_runs
    return (
        f"{n_runs:,} run{'s' if n_runs != 1 else ''} of {plan.scenario.name} ({plan.method}): "
        f"{agreed:,} with an agreement, {n_runs - agreed:,} without."
    )


def axis_of_parameters(plan: Plan) -> tuple[int, ...]:
    """Each parameter's grid axis (``-1`` for drawn parameters)."""
    axis_of = [-1] * len(plan.params)
    for a, axis in enumerate(plan.axes):
        for c in axis.columns:
            axis_of[c] = a
    return tuple(axis_of)


def factor_of_parameters(plan: Plan) -> tuple[int, ...]:
    """Each parameter's drawn factor (``-1`` for grid parameters)."""
    out = [-1] * len(plan.params)
    for f, spec in enumerate(plan.draws):
        for c in spec.columns:
            out[c] = f
    return tuple(out)


def result_of(
    plan: Plan,
    values: NDArray[np.float64],
    agreement: NDArray[np.bool_],
    levels: NDArray[np.intp],
    utilities: NDArray[np.float64],
    fallbacks: int,
    message: str,
) -> SweepResult:
    """A :class:`SweepResult` of `plan` holding the given runs (all of them, or one chunk)."""
    s = plan.scenario
    return SweepResult(
        scenario=s.name,
        method=plan.method,
        parameters=tuple(p.path for p in plan.params),
        kinds=plan.kinds,
        issues=s.issue_keys,
        level_names=tuple(i.levels for i in s.issues),
        parties=s.party_keys,
        values=values,
        agreement=agreement,
        levels=levels,
        utilities=utilities,
        grid_shape=plan.grid_shape,
        axes=axis_of_parameters(plan),
        samples=plan.per_point if plan.draws else 0,
        seed=plan.seed,
        fallbacks=fallbacks,
        message=message,
        design=plan.design,
        factors=factor_of_parameters(plan),
    )


def _chunk_result(plan: Plan, chunk: Chunk, values: NDArray[np.float64]) -> SweepResult:
    return result_of(
        plan, values, chunk.agreement, chunk.levels, chunk.utilities, chunk.fallbacks, ""
    )


def _json_head(plan: Plan) -> str:
    """The JSON text of a result up to its runs (``indent=1``, as ``SweepResult.save``)."""
    empty = _chunk_result(plan, _empty_chunk(plan), _no_values(plan))
    head = {
        "scenario": empty.scenario,
        "method": empty.method,
        "parameters": [
            {"path": p, "kind": k} for p, k in zip(empty.parameters, empty.kinds, strict=True)
        ],
        "grid_shape": list(empty.grid_shape),
        "samples": empty.samples,
        "seed": empty.seed,
        "columns": empty.columns(),
    }
    text = json.dumps(tidy(head), indent=1, ensure_ascii=False)
    return text[:-2] + ',\n "runs": ['


def file_pieces(
    plan: Plan,
    chunks: Iterable[Chunk],
    suffix: str,
    *,
    on_chunk: Callable[[Chunk, NDArray[np.float64]], None],
    tail: Callable[[], tuple[str, SweepSummary]],
) -> Iterator[str]:
    """The text of a ``.csv`` or ``.json`` file of every run, one chunk at a time.

    `on_chunk` sees each chunk and its parameter values as they pass (to count them);
    `tail` gives the message and the summary once every chunk has passed (JSON only).
    """
    first = True
    if suffix == ".json":
        yield _json_head(plan)
    for chunk in chunks:
        values = plan.values(chunk.start, chunk.stop)
        on_chunk(chunk, values)
        part = _chunk_result(plan, chunk, values)
        if suffix == ".csv":
            yield from part.iter_csv(header=first)
        else:
            for row in part.rows():
                text = json.dumps(tidy(row), indent=1, ensure_ascii=False)
                yield ("\n" if first else ",\n") + textwrap.indent(text, "  ", lambda _: True)
                first = False
        first = False
    if suffix == ".csv":
        if first:  # no run at all: the header alone
            yield from _chunk_result(plan, _empty_chunk(plan), _no_values(plan)).iter_csv()
        return
    message, summary = tail()
    rest: dict[str, Any] = {"message": message, "summary": summary.to_dict()}
    end = json.dumps(tidy(rest), indent=1, ensure_ascii=False)
    yield ("\n ],\n" if not first else "],\n") + end[2:] + "\n"


def _empty_chunk(plan: Plan) -> Chunk:
    s = plan.scenario
    return Chunk(
        0,
        0,
        np.empty(0, dtype=bool),
        np.empty((0, s.n_issues), dtype=np.intp),
        np.empty((0, s.n_parties)),
        0,
    )


def _no_values(plan: Plan) -> NDArray[np.float64]:
    return np.empty((0, len(plan.params)))
