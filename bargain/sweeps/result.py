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
agreement rate 0.500
...
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain._optional import require
from bargain._results import Result
from bargain._text import text_table
from bargain.sweeps.sensitivity import agreement_share, bins, flips, level_shares, main_effect

__all__ = ["Sensitivity", "SweepResult", "SweepSummary"]


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
        The swept parameters, the one that moves the deal most first.
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
        """A readable report (the sensitivity ranking cut at `max_rows` parameters)."""
        what = [f"{self.samples:,} draws"] if self.samples else []
        if self.grid_points > 1 or not self.samples:
            what.append(f"{self.grid_points:,} grid point{'s' if self.grid_points != 1 else ''}")
        head = f"{self.scenario} — {self.method}: {self.n_runs:,} runs ({' × '.join(what)})"
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
        headers = ["issue", "level", "probability"]
        if self.level_standard_errors is not None:
            headers.append("std. error")
        parts.append(text_table(headers, rows))
        if self.sensitivity:
            parts += ["", "Sensitivity (main effect: share of the deal's variance explained):"]
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


def _frozen(array: NDArray[Any]) -> NDArray[Any]:
    out = np.array(array, copy=True)
    out.flags.writeable = False
    return out


@dataclass(frozen=True, slots=True, eq=False)
class SweepResult(Result):
    """One row per run of a sweep; see the module notes for the columns.

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
        Draws per grid point (0: no draws). Run ``g * max(samples, 1) + s`` is draw ``s`` at grid
        point ``g``.
    seed
        The seed the draws came from (``None`` without draws): ``rng=seed`` repeats the sweep.
    fallbacks
        Runs that the vectorised screen left to the solver (ties, near ties, other methods).
    message
        What happened, in words.
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

    def __post_init__(self) -> None:
        for name in ("values", "agreement", "levels", "utilities"):
            object.__setattr__(self, name, _frozen(getattr(self, name)))

    def __len__(self) -> int:
        return int(self.agreement.shape[0])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SweepResult):
            return NotImplemented
        plain: tuple[str, ...] = ("scenario", "method", "parameters", "kinds", "issues")
        plain = (*plain, "level_names", "parties", "grid_shape", "axes", "samples", "seed")
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
        """Agreement rate, level probabilities with standard errors, sensitivity ranking."""
        n_samples = max(self.samples, 1)
        rate, rate_se = agreement_share(self.agreement, n_samples)
        n_levels = tuple(len(names) for names in self.level_names)
        shares, errors = level_shares(self.levels, n_levels, n_samples=n_samples)
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
        )

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
            "message": self.message,
            "summary": self.summary().to_dict(),
            "columns": self.columns(),
            "runs": self.rows(),
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

    def table(self, max_rows: int = 20) -> str:
        """The first `max_rows` rows as a text table (level indices, to keep it narrow)."""
        utility = [f"utility.{p}" for p in self.parties]
        headers = [*self.parameters, "agreement", *self._issue_columns(), *utility]
        rows: list[list[object]] = []
        for k in range(min(len(self), max_rows)):
            levels = ["-" if j < 0 else int(j) for j in self.levels[k]]
            rows.append(
                [
                    *self.values[k].tolist(),
                    "yes" if self.agreement[k] else "no",
                    *levels,
                    *self.utilities[k].tolist(),
                ]
            )
        text = f"{self.message}\n\n{text_table(headers, rows)}"
        if len(self) > max_rows:
            text += f"\n... {len(self) - max_rows:,} more runs"
        return text
