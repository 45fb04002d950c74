"""The result of a sweep: :class:`SweepResult` (one row per run) and :class:`SweepSummary`.

A row holds the parameters of the run, whether there was an agreement, the agreed level of every
issue (``None`` without agreement) and every party's utility (its disagreement utility without
agreement). Runs without agreement are rows like any other, never dropped.

Columns, in order: the swept parameters (their paths, e.g. ``nato.disagreement``), ``agreement``,
one column per issue (its key; ``level.agreement`` for an issue whose key is ``agreement``) and
one per party, ``utility.<party>``.

Examples
--------
>>> import bargain
>>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
>>> result = bargain.sweep(s, grid={"nato.disagreement": [0.7, 0.95]}, progress=False)
>>> result.columns()[:3]
['nato.disagreement', 'agreement', 'indivisible_security']
>>> [row["agreement"] for row in result.rows()]
[True, False]
>>> print(result.summary().table())  # doctest: +ELLIPSIS
russia-nato-2022-no-red-lines — nash: 2 runs (2 grid points)
share of grid points with an agreement 0.500
...
>>> result[1]["agreement"], len(list(result))
(False, 2)
>>> [round(d.first_order, 3) for d in result.summary().drivers("missiles")]
[1.0]
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from bargain._checks import suggest
from bargain._optional import require
from bargain._results import Result
from bargain._text import text_table
from bargain.errors import ScenarioError
from bargain.sweeps.design import saltelli_blocks
from bargain.sweeps.sensitivity import (
    agreement_share,
    binned_first_order,
    bins,
    factorial_indices,
    flips,
    index,
    indicators,
    level_shares,
    main_effect,
    saltelli_indices,
)

__all__ = ["Sensitivity", "SobolIndex", "SweepResult", "SweepSummary"]

#: Parameters shown per output in :meth:`SweepSummary.table`.
DRIVERS_SHOWN = 3
#: Parameter columns shown by :meth:`SweepResult.table` (those that move the deal most).
PARAMETERS_SHOWN = 6


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """How much one swept parameter moves the deal (see :mod:`bargain.sweeps.sensitivity`).

    Attributes
    ----------
    parameter
        The parameter's path.
    kind
        ``"grid"`` or ``"draw"``.
    main_effect
        Share of the outcome's variance explained by this parameter alone, in [0, 1].
    flips
        Grid parameters: share of steps between neighbouring grid values at which the deal
        changes (``None`` for drawn parameters and one-value grids).
    """

    parameter: str
    kind: str
    main_effect: float
    flips: float | None

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "parameter": self.parameter,
            "kind": self.kind,
            "main_effect": self.main_effect,
            "flips": self.flips,
        }


@dataclass(frozen=True, slots=True)
class SobolIndex:
    """How much one swept parameter (a factor) moves one output: Sobol indices.

    See :mod:`bargain.sweeps.sensitivity` for the definitions and the estimators.

    Attributes
    ----------
    output
        An issue key (its agreed level, "no agreement" counting as an outcome), ``"agreement"``
        or ``"utility.<party>"``.
    parameter
        The factor: a parameter path, or the common path of the parameters that vary together
        (a grid axis over a vector, a Dirichlet weight vector).
    kind
        ``"grid"`` or ``"draw"``.
    first_order
        Share of the output's variance the parameter explains alone, in [0, 1].
    total_order
        Share explained with all its interactions, in [0, 1]; ``None`` when the design cannot
        tell (independent draws: use ``design="saltelli"``).
    estimator
        ``"grid"`` (variance decomposition over the grid), ``"saltelli"`` (Saltelli's and
        Jansen's estimators) or ``"bins"`` (first order from bins of independent draws).
    """

    output: str
    parameter: str
    kind: str
    first_order: float
    total_order: float | None
    estimator: str

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "output": self.output,
            "parameter": self.parameter,
            "kind": self.kind,
            "first_order": self.first_order,
            "total_order": self.total_order,
            "estimator": self.estimator,
        }


@dataclass(frozen=True, slots=True, repr=False)
class SweepSummary(Result):
    """What a sweep says overall: agreement rate, level probabilities, sensitivity ranking.

    Attributes
    ----------
    scenario, method
        As in the sweep.
    n_runs, samples, grid_points
        Number of runs, of draws per grid point (0: none), of grid points (1: no grid).
    agreement_rate, agreement_se
        Share of runs with an agreement and its Monte Carlo standard error (``None`` with fewer
        than two draws).
    level_probabilities, level_standard_errors
        ``{issue: {level: share}}`` of runs agreeing on each level (the shares of an issue sum to
        the agreement rate), and their standard errors (``None`` with fewer than two draws).
    sensitivity
        The whole-deal ranking: the swept parameters, the one that moves the deal (all issues
        together) most first.
    indices
        Sobol indices of every parameter for every output (each issue, ``"agreement"``, each
        ``"utility.<party>"``); :meth:`drivers` sorts them for one output.
    design
        ``"independent"`` or ``"saltelli"`` (see :mod:`bargain.sweeps.design`).
    """

    scenario: str
    method: str
    n_runs: int
    samples: int
    grid_points: int
    agreement_rate: float
    agreement_se: float | None
    level_probabilities: Mapping[str, Mapping[str, float]]
    level_standard_errors: Mapping[str, Mapping[str, float]] | None
    sensitivity: tuple[Sensitivity, ...]
    indices: tuple[SobolIndex, ...] = ()
    design: str = "independent"

    @property
    def outputs(self) -> tuple[str, ...]:
        """The outputs of :attr:`indices`, in order: the issues, agreement, the utilities."""
        return tuple(dict.fromkeys(i.output for i in self.indices))

    def drivers(self, output: str) -> tuple[SobolIndex, ...]:
        """What decides `output`: its Sobol indices, the largest first-order index first.

        Parameters
        ----------
        output
            An issue key, ``"agreement"`` or ``"utility.<party>"`` (a bare party key works too).

        Returns
        -------
        tuple of SobolIndex
            One per swept parameter, by first-order index then total-order index, descending.

        Examples
        --------
        >>> import bargain
        >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
        >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.95],
        ...                            "russia.discount": [0.5, 0.9]}, progress=False)
        >>> [(d.parameter, d.first_order, d.total_order) for d in r.summary().drivers("nato")]
        [('nato.disagreement', 1.0, 1.0), ('russia.discount', 0.0, 0.0)]
        """
        outputs = self.outputs
        key = output
        if key not in outputs and f"utility.{key}" in outputs:
            key = f"utility.{key}"
        if key not in outputs:
            raise ScenarioError(f"is not an output; {suggest(str(output), outputs)}", key="output")
        found = [i for i in self.indices if i.output == key]
        return tuple(sorted(found, key=lambda i: (-i.first_order, -(i.total_order or 0.0))))

    def headline(self) -> str:
        """One line: the sweep's size and agreement rate."""
        rate = self.agreement_rate
        return f"{self.scenario} {self.method}: {self.n_runs:,} runs, agreement {rate:.3f}"

    def html_tables(self) -> list[tuple[str, list[str], list[list[object]]]]:
        """The level probabilities, then each output's three strongest drivers."""
        tables = super(SweepSummary, self).html_tables()
        rows: list[list[object]] = []
        for output in self.outputs:
            for j, d in enumerate(self.drivers(output)[:DRIVERS_SHOWN]):
                rows.append([output if j == 0 else "", d.parameter, d.first_order, d.total_order])
        if rows:
            tables.append(
                (
                    "What decides each outcome (Sobol indices)",
                    ["output", "parameter", "first order", "total order"],
                    rows,
                )
            )
        return tables

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        errors = self.level_standard_errors
        return {
            "scenario": self.scenario,
            "method": self.method,
            "n_runs": self.n_runs,
            "samples": self.samples,
            "grid_points": self.grid_points,
            "agreement_rate": self.agreement_rate,
            "agreement_se": self.agreement_se,
            "level_probabilities": {k: dict(v) for k, v in self.level_probabilities.items()},
            "level_standard_errors": (
                None if errors is None else {k: dict(v) for k, v in errors.items()}
            ),
            "sensitivity": [s.to_dict() for s in self.sensitivity],
            "design": self.design,
            "indices": [i.to_dict() for i in self.indices],
        }

    def columns(self) -> list[str]:
        """``issue``, ``level``, ``probability``, ``std_error``."""
        return ["issue", "level", "probability", "std_error"]

    def rows(self) -> list[dict[str, Any]]:
        """One row per level of every issue: the share of runs agreeing on it."""
        errors = self.level_standard_errors
        return [
            {
                "issue": issue,
                "level": level,
                "probability": p,
                "std_error": None if errors is None else errors[issue][level],
            }
            for issue, shares in self.level_probabilities.items()
            for level, p in shares.items()
        ]

    def table(self, max_rows: int = 20) -> str:
        """A readable report: agreement, level probabilities, what decides each outcome.

        A sweep without draws (a grid alone) reports shares of grid points, not probabilities.

        Each output lists its three strongest drivers (all of them: :meth:`drivers`); the
        whole-deal ranking is cut at `max_rows` parameters.
        """
        what = [f"{self.samples:,} draws"] if self.samples else []
        if self.grid_points > 1 or not self.samples:
            what.append(f"{self.grid_points:,} grid point{'s' if self.grid_points != 1 else ''}")
        head = f"{self.scenario} — {self.method}: {self.n_runs:,} runs ({' × '.join(what)})"
        grid_only = not self.samples  # no draws: shares of grid points, not probabilities
        if grid_only:
            rate = f"share of grid points with an agreement {self.agreement_rate:.3f}"
        else:
            rate = f"agreement rate {self.agreement_rate:.3f}"
        if self.agreement_se is not None:
            rate += f" ± {self.agreement_se:.3f} (Monte Carlo standard error)"
        parts = [head, rate, ""]
        rows: list[list[object]] = []
        for issue, shares in self.level_probabilities.items():
            for j, (level, p) in enumerate(shares.items()):
                row: list[object] = [issue if j == 0 else "", level, p]
                if self.level_standard_errors is not None:
                    row.append(self.level_standard_errors[issue][level])
                rows.append(row)
        headers = ["issue", "level", "share of grid points" if grid_only else "probability"]
        if self.level_standard_errors is not None:
            headers.append("std. error")
        parts.append(text_table(headers, rows))
        if self.indices:
            parts += ["", *self._drivers_text()]
        if self.sensitivity:
            parts += [
                "",
                "Sensitivity of the whole deal (main effect: share of its variance explained):",
            ]
            parts.append(
                text_table(
                    ["parameter", "kind", "main effect", "flips"],
                    [
                        [s.parameter, s.kind, s.main_effect, "" if s.flips is None else s.flips]
                        for s in self.sensitivity[:max_rows]
                    ],
                )
            )
            if len(self.sensitivity) > max_rows:
                parts.append(f"... {len(self.sensitivity) - max_rows:,} more parameters")
        return "\n".join(parts)

    def _drivers_text(self) -> list[str]:
        totals = any(i.total_order is not None for i in self.indices)
        rows: list[list[object]] = []
        for output in self.outputs:
            drivers = self.drivers(output)
            if all(d.first_order == 0 and not d.total_order for d in drivers):
                rows.append([output, "(does not vary)", "", *([""] if totals else [])])
                continue
            for j, d in enumerate(drivers[:DRIVERS_SHOWN]):
                row: list[object] = [output if j == 0 else "", d.parameter, d.first_order]
                if totals:
                    row.append("" if d.total_order is None else d.total_order)
                rows.append(row)
        headers = ["outcome", "parameter", "first order"] + (["total order"] if totals else [])
        intro = (
            "Sensitivity: what decides each outcome (Sobol indices: first order = share of the "
            "outcome's "
            "variance the parameter explains alone"
            + ("; total order = with its interactions" if totals else "")
            + f"; top {DRIVERS_SHOWN}, all with summary.drivers(outcome)):"
        )
        lines = [intro, text_table(headers, rows)]
        if not totals and any(i.kind == "draw" for i in self.indices):
            lines.append('(total-order indices of drawn parameters need design="saltelli")')
        return lines


def _frozen(array: NDArray[Any]) -> NDArray[Any]:
    out = np.array(array, copy=True)
    out.flags.writeable = False
    return out


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class SweepResult(Result, Sequence[dict[str, Any]]):
    """One row per run of a sweep; see the module notes for the columns.

    A sequence of rows: ``result[k]`` is run ``k`` as a dictionary (as in :meth:`rows`),
    ``result[a:b]`` a list of them, and iterating gives every row in run order.

    Attributes
    ----------
    scenario, method
        The scenario's name and the solution concept.
    parameters, kinds
        The swept parameters' paths and, for each, ``"grid"`` or ``"draw"``.
    issues, level_names, parties
        Issue keys, each issue's level names, party keys.
    values
        ``(n_runs, n_parameters)`` the parameters of each run.
    agreement
        ``(n_runs,)`` whether the run reached an agreement.
    levels
        ``(n_runs, n_issues)`` the agreed level indices, ``-1`` without agreement.
    utilities
        ``(n_runs, n_parties)`` each party's utility.
    grid_shape, axes
        Number of values of each grid axis (first axis slowest), and each parameter's grid axis
        (``-1`` for drawn parameters).
    samples
        Runs per grid point with draws (0: no draws). Run ``g * max(samples, 1) + s`` is draw
        ``s`` at grid point ``g``. With the Saltelli design, ``samples = N (k + 2)``.
    seed
        The seed the draws came from (``None`` without draws): ``rng=seed`` repeats the sweep.
    fallbacks
        Runs that the vectorised screen left to the solver (ties, near ties, other methods).
    message
        What happened, in words.
    design
        ``"independent"`` or ``"saltelli"`` (see :mod:`bargain.sweeps.design`).
    factors
        Per parameter, the drawn factor it belongs to (one per distribution entry: a scalar, or
        a whole Dirichlet weight vector), ``-1`` for grid parameters; empty: each drawn
        parameter its own factor.
    """

    scenario: str
    method: str
    parameters: tuple[str, ...]
    kinds: tuple[str, ...]
    issues: tuple[str, ...]
    level_names: tuple[tuple[str, ...], ...]
    parties: tuple[str, ...]
    values: NDArray[np.float64]
    agreement: NDArray[np.bool_]
    levels: NDArray[np.intp]
    utilities: NDArray[np.float64]
    grid_shape: tuple[int, ...]
    axes: tuple[int, ...]
    samples: int
    seed: int | None
    fallbacks: int
    message: str
    design: str = "independent"
    factors: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        for name in ("values", "agreement", "levels", "utilities"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def __len__(self) -> int:
        return int(self.agreement.shape[0])

    @overload
    def __getitem__(self, k: int) -> dict[str, Any]: ...

    @overload
    def __getitem__(self, k: slice) -> list[dict[str, Any]]: ...

    def __getitem__(self, k: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(k, slice):
            return [self._row(j) for j in range(len(self))[k]]
        return self._row(range(len(self))[k])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return (self._row(k) for k in range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SweepResult):
            return NotImplemented
        plain: tuple[str, ...] = ("scenario", "method", "parameters", "kinds", "issues")
        plain = (*plain, "level_names", "parties", "grid_shape", "axes", "samples", "seed")
        plain = (*plain, "design")
        arrays = ("values", "agreement", "levels", "utilities")
        return all(getattr(self, k) == getattr(other, k) for k in plain) and all(
            np.array_equal(getattr(self, k), getattr(other, k)) for k in arrays
        )

    __hash__ = None  # type: ignore[assignment]

    # ----------------------------------------------------------------- rows
    def _issue_columns(self) -> list[str]:
        return [f"level.{k}" if k == "agreement" else k for k in self.issues]

    def columns(self) -> list[str]:
        """The column names of :meth:`rows`, the CSV file and the data frame."""
        utility = [f"utility.{p}" for p in self.parties]
        return [*self.parameters, "agreement", *self._issue_columns(), *utility]

    def _row(self, k: int) -> dict[str, Any]:
        names = [
            self.level_names[i][j] if j >= 0 else None
            for i, j in enumerate(self.levels[k].tolist())
        ]
        cells = [*self.values[k].tolist(), bool(self.agreement[k]), *names]
        return dict(zip(self.columns(), [*cells, *self.utilities[k].tolist()], strict=True))

    def rows(self) -> list[dict[str, Any]]:
        """One dictionary per run (level names, ``None`` without agreement)."""
        columns = self.columns()
        values, agreement = self.values.tolist(), self.agreement.tolist()
        levels, utilities = self.levels.tolist(), self.utilities.tolist()
        out = []
        for k in range(len(self)):
            names = [self.level_names[i][j] if j >= 0 else None for i, j in enumerate(levels[k])]
            out.append(
                dict(zip(columns, [*values[k], agreement[k], *names, *utilities[k]], strict=True))
            )
        return out

    # ----------------------------------------------------------------- summary
    @property
    def grid_points(self) -> int:
        """Number of grid points (1 without a grid)."""
        return math.prod(self.grid_shape)

    def summary(self) -> SweepSummary:
        """Agreement rate, level probabilities with standard errors, and what decides each outcome.

        Returns
        -------
        SweepSummary
            With Sobol indices of every swept parameter for every issue, the agreement and every
            party's utility (:meth:`SweepSummary.drivers`), and the whole-deal ranking
            (:attr:`SweepSummary.sensitivity`). With the Saltelli design the shares and their
            standard errors come from the ``A`` and ``B`` runs (independent draws).

        Examples
        --------
        >>> import bargain
        >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
        >>> r = bargain.sweep(s, grid={"nato.disagreement": [0.5, 0.97]}, progress=False)
        >>> r.summary().agreement_rate
        0.5
        """
        agreement, levels, n_samples = self.agreement, self.levels, max(self.samples, 1)
        if self.design == "saltelli" and self.samples:
            keep = self._independent_runs()
            agreement, levels = agreement[keep], levels[keep]
            n_samples = 2 * self._n_base()
        rate, rate_se = agreement_share(agreement, n_samples)
        n_levels = tuple(len(names) for names in self.level_names)
        shares, errors = level_shares(levels, n_levels, n_samples=n_samples)
        probabilities = {
            issue: dict(zip(names, p.tolist(), strict=True))
            for issue, names, p in zip(self.issues, self.level_names, shares, strict=True)
        }
        standard_errors = (
            None
            if errors is None
            else {
                issue: dict(zip(names, e.tolist(), strict=True))
                for issue, names, e in zip(self.issues, self.level_names, errors, strict=True)
            }
        )
        ranking = []
        for c, (path, kind, axis) in enumerate(
            zip(self.parameters, self.kinds, self.axes, strict=True)
        ):
            x = self.values[:, c]
            groups = np.unique(x, return_inverse=True)[1] if kind == "grid" else bins(x)
            effect = main_effect(self.levels, x, groups=groups)
            flip = flips(self.levels, self.grid_shape, axis) if kind == "grid" else None
            ranking.append(Sensitivity(path, kind, effect, flip))
        ranking.sort(key=lambda s: (-s.main_effect, -(s.flips or 0.0)))
        return SweepSummary(
            scenario=self.scenario,
            method=self.method,
            n_runs=len(self),
            samples=self.samples,
            grid_points=self.grid_points,
            agreement_rate=rate,
            agreement_se=rate_se,
            level_probabilities=probabilities,
            level_standard_errors=standard_errors,
            sensitivity=tuple(ranking),
            indices=self._sobol(),
            design=self.design,
        )

    # ----------------------------------------------------------------- Sobol indices
    def _n_factors(self) -> int:
        drawn = [f for f, kind in zip(self.factors, self.kinds, strict=False) if kind == "draw"]
        return (max(drawn) + 1) if drawn else self.kinds.count("draw")

    def _n_base(self) -> int:
        return self.samples // (self._n_factors() + 2)

    def _independent_runs(self) -> NDArray[np.intp]:
        """Saltelli design: the runs of the ``A`` and ``B`` blocks (independent draws)."""
        per, n = self.samples, 2 * self._n_base()
        out: NDArray[np.intp] = (
            np.arange(self.grid_points)[:, None] * per + np.arange(n)[None, :]
        ).ravel()
        return out

    def _outputs(self) -> Iterator[tuple[str, NDArray[np.float64]]]:
        """Each output and its columns ``(n_runs, m)``, one at a time (to keep memory small)."""
        for i, issue in enumerate(self.issues):
            yield issue, indicators(self.levels[:, i], len(self.level_names[i]))
        yield "agreement", self.agreement.astype(np.float64)[:, None]
        for p, party in enumerate(self.parties):
            yield f"utility.{party}", self.utilities[:, p, None]

    def _factor_name(self, columns: list[int]) -> str:
        paths = [self.parameters[c] for c in columns]
        if len(paths) == 1:
            return paths[0]
        common: list[str] = []
        for parts in zip(*(p.split(".") for p in paths), strict=False):
            if len(set(parts)) > 1:
                break
            common.append(parts[0])
        return ".".join(common) if common else " + ".join(paths)

    def _sobol(self) -> tuple[SobolIndex, ...]:
        """Sobol indices of every factor for every output (see bargain.sweeps.sensitivity)."""
        if not self.parameters or not len(self):
            return ()
        drawn = [c for c, kind in enumerate(self.kinds) if kind == "draw"]
        saltelli = self.design == "saltelli" and self.samples > 0
        groups = {} if saltelli else {c: bins(self.values[:, c]) for c in drawn}
        out = []
        for name, y in self._outputs():
            for parameter, kind, estimator, first, total, var in self._estimates(y, groups):
                total_index = None if total is None else float(index(total[None], var)[0])
                first_index = float(index(first[None], var)[0])
                out.append(SobolIndex(name, parameter, kind, first_index, total_index, estimator))
        return tuple(out)

    def _estimates(
        self, y: NDArray[np.float64], groups: Mapping[int, NDArray[np.intp]]
    ) -> list[tuple[str, str, str, Any, Any, Any]]:
        """Per factor: name, kind, estimator, first and total partial variances, variance."""
        m = y.shape[1]
        saltelli = self.design == "saltelli" and self.samples > 0
        per = max(self.samples, 1)
        found: list[tuple[str, str, str, Any, Any, Any]] = []
        if self.grid_shape:
            cube = y.reshape(self.grid_points, per, m)
            if saltelli:
                cube = cube[:, : 2 * self._n_base()]
            first, total, var = factorial_indices(
                cube.reshape(-1, m), (*self.grid_shape, cube.shape[1])
            )
            for a in range(len(self.grid_shape)):
                columns = [c for c, axis in enumerate(self.axes) if axis == a]
                found.append((self._factor_name(columns), "grid", "grid", first[a], total[a], var))
        drawn = [c for c, kind in enumerate(self.kinds) if kind == "draw"]
        if drawn and saltelli:
            k, n = self._n_factors(), self._n_base()
            f_a, f_b, f_ab = saltelli_blocks(y.reshape(self.grid_points, per, m), n, k)
            first, _, _ = saltelli_indices(f_a.mean(axis=0), f_b.mean(axis=0), f_ab.mean(axis=1))
            _, total, var = saltelli_indices(
                f_a.reshape(-1, m), f_b.reshape(-1, m), f_ab.reshape(k, -1, m)
            )
            for f in range(k):
                columns = [c for c in drawn if self.factors[c] == f]
                found.append(
                    (self._factor_name(columns), "draw", "saltelli", first[f], total[f], var)
                )
        else:
            for c in drawn:
                first_c, var = binned_first_order(y, groups[c])
                found.append((self.parameters[c], "draw", "bins", first_c, None, var))
        return found

    # ----------------------------------------------------------------- output
    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: the sweep's description, its summary and every row."""
        return {
            "scenario": self.scenario,
            "method": self.method,
            "parameters": [
                {"path": p, "kind": k} for p, k in zip(self.parameters, self.kinds, strict=True)
            ],
            "grid_shape": list(self.grid_shape),
            "samples": self.samples,
            "seed": self.seed,
            "columns": self.columns(),
            "runs": self.rows(),
            "message": self.message,
            "summary": self.summary().to_dict(),
        }

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra).

        Issue columns are ordered categoricals of the level names (missing without agreement).
        """
        pd = require("pandas", "pandas", "SweepResult.to_frame()")
        data: dict[str, Any] = {}
        for c, path in enumerate(self.parameters):
            data[path] = self.values[:, c]
        data["agreement"] = self.agreement
        for i, column in enumerate(self._issue_columns()):
            data[column] = pd.Categorical.from_codes(
                self.levels[:, i], categories=list(self.level_names[i]), ordered=True
            )
        for p, party in enumerate(self.parties):
            data[f"utility.{party}"] = self.utilities[:, p]
        return pd.DataFrame(data)

    def to_arrow(self) -> Any:
        """The rows as a :class:`pyarrow.Table` (needs the ``parquet`` extra).

        Issue columns are dictionary-encoded level names (null without agreement), so a
        million-run sweep stays small on disk.
        """
        pa = require("pyarrow", "parquet", "SweepResult.to_arrow()")
        data: dict[str, Any] = {}
        for c, path in enumerate(self.parameters):
            data[path] = pa.array(self.values[:, c])
        data["agreement"] = pa.array(self.agreement)
        for i, column in enumerate(self._issue_columns()):
            codes = self.levels[:, i].astype(np.int32)
            indices = pa.array(codes, mask=codes < 0)
            data[column] = pa.DictionaryArray.from_arrays(
                indices, pa.array(list(self.level_names[i]), type=pa.string())
            )
        for p, party in enumerate(self.parties):
            data[f"utility.{party}"] = pa.array(self.utilities[:, p])
        return pa.table(data)

    def headline(self) -> str:
        """One line: runs, parameters, agreements."""
        agreed = int(np.count_nonzero(self.agreement))
        n = len(self.parameters)
        return (
            f"{self.scenario} {self.method}: {len(self):,} runs, {n} parameter"
            f"{'s' if n != 1 else ''}, {agreed:,} with an agreement"
        )

    def _shown(self) -> tuple[list[int], list[int]]:
        """The parameter columns and issues worth showing: those that move, those that vary."""
        params = list(range(len(self.parameters)))
        if len(params) > PARAMETERS_SHOWN:
            effect = [
                main_effect(
                    self.levels,
                    self.values[:, c],
                    groups=(
                        np.unique(self.values[:, c], return_inverse=True)[1]
                        if kind == "grid"
                        else bins(self.values[:, c])
                    ),
                )
                for c, kind in enumerate(self.kinds)
            ]
            params = sorted(sorted(params, key=lambda c: -effect[c])[:PARAMETERS_SHOWN])
        issues = [i for i in range(len(self.issues)) if len(np.unique(self.levels[:, i])) > 1]
        return params, issues

    def _hidden_note(self, params: list[int], issues: list[int]) -> str:
        hidden = []
        if len(params) < len(self.parameters):
            hidden.append(f"{len(self.parameters) - len(params)} parameters that move it less")
        if len(issues) < len(self.issues):
            n = len(self.issues) - len(issues)
            hidden.append(f"{n} issue{'s' if n != 1 else ''} that never change")
        return ("Not shown: " + ", ".join(hidden) + ". ") if hidden else ""

    def html_tables(self) -> list[tuple[str, list[str], list[list[object]]]]:
        """The first 20 runs, in the columns that matter (as in :meth:`table`)."""
        headers, rows, params, issues = self._table_rows(20, names=True)
        note = self._hidden_note(params, issues)
        caption = f"first {len(rows)} of {len(self):,} runs" if len(self) > len(rows) else ""
        caption = (caption + ". " if caption else "") + note
        return [(caption.strip(), headers, rows)]

    def _table_rows(
        self, max_rows: int, *, names: bool
    ) -> tuple[list[str], list[list[object]], list[int], list[int]]:
        params, issues = self._shown()
        issue_columns = self._issue_columns()
        utility = [f"utility.{p}" for p in self.parties]
        headers = [
            *(self.parameters[c] for c in params),
            "agreement",
            *(issue_columns[i] for i in issues),
            *utility,
        ]
        rows: list[list[object]] = []
        for k in range(min(len(self), max_rows)):
            levels = self.levels[k]
            shown: list[object] = [
                (self.level_names[i][levels[i]] if names else int(levels[i]))
                if levels[i] >= 0
                else "-"
                for i in issues
            ]
            rows.append(
                [
                    *(float(self.values[k, c]) for c in params),
                    "yes" if self.agreement[k] else "no",
                    *shown,
                    *self.utilities[k].tolist(),
                ]
            )
        return headers, rows, params, issues

    def table(self, max_rows: int = 20) -> str:
        """The first `max_rows` runs as a text table, in the columns that matter.

        The swept parameters (at most six: those that move the deal most), the agreement, the
        issues whose level varies (as level indices, to keep it narrow) and the utilities; a
        last line says what is not shown and how to get everything.
        """
        headers, rows, params, issues = self._table_rows(max_rows, names=False)
        text = f"{self.message}\n\n{text_table(headers, rows)}"
        if len(self) > max_rows:
            text += f"\n... {len(self) - max_rows:,} more runs"
        note = self._hidden_note(params, issues)
        text += (
            f"\n{note}Every column: result.to_frame(), result.rows() or "
            "result.save('runs.csv' / '.json' / '.parquet')."
        )
        return text
