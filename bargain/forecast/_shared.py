"""What the forecasting models share: the data as arrays, their output, weighted means and medians.

A :class:`Problem` holds a data set (:class:`~bargain.forecast.positions.Positions`) as plain
arrays, issues on the first axis and actors on the second: ``x`` (positions), ``s`` (saliences),
``c`` (capabilities), each ``(n_issues, n_actors)`` with 0 where an actor does not take part
(``present`` is False there), and per issue the scale ``low``, ``high``, the ``reference`` point
(NaN: none) and the proposal's index (``group``). The models are kernels on these arrays.

Weighted median, tie rule
-------------------------
:func:`weighted_median` sorts the positions with positive weight and returns the first one at
which the cumulative weight reaches half the total. When the cumulative weight is *exactly* half
there (to a relative 1e-12), every point between that position and the next one is a median; the
rule returns their **midpoint**, so a median never depends on the order in which actors are
listed and mirrored data give mirrored answers. Issues where every weight is 0 use equal weights.

Examples
--------
>>> import numpy as np
>>> x = np.array([[0.0, 40.0, 100.0], [0.0, 40.0, 100.0]])
>>> w = np.array([[1.0, 1.0, 1.0], [1.0, 1.0, 2.0]])
>>> weighted_median(x, w, np.ones_like(x, dtype=bool)).tolist()
[40.0, 70.0]
>>> weighted_mean(x, w, np.ones_like(x, dtype=bool)).round(2).tolist()
[46.67, 60.0]
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "TIE_RTOL",
    "Array",
    "Exchange",
    "Names",
    "Output",
    "Problem",
    "weighted_mean",
    "weighted_median",
]

Array = NDArray[np.float64]

#: Relative tolerance under which a cumulative weight counts as exactly half the total.
TIE_RTOL = 1e-12


@dataclass(frozen=True, slots=True, eq=False)
class Problem:
    """A data set as arrays (see the module notes); built by ``Positions.problem()``.

    Attributes
    ----------
    x, s, c
        ``(n_issues, n_actors)`` positions, saliences and capabilities, 0 where absent.
    present
        ``(n_issues, n_actors)`` True where the actor takes part in the issue.
    low, high, reference
        ``(n_issues,)`` the scale and the reference point (NaN: none).
    group
        ``(n_issues,)`` index of each issue's proposal, in ``0 .. n_groups - 1``.
    n_groups
        Number of proposals.
    """

    x: Array
    s: Array
    c: Array
    present: NDArray[np.bool_]
    low: Array
    high: Array
    reference: Array
    group: NDArray[np.intp]
    n_groups: int

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return int(self.x.shape[0])

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return int(self.x.shape[1])

    @property
    def span(self) -> Array:
        """``high - low`` per issue."""
        return self.high - self.low

    def issues_of(self, group: int) -> NDArray[np.intp]:
        """Indices of the issues of proposal `group`, in order."""
        return np.flatnonzero(self.group == group)


@dataclass(frozen=True, slots=True)
class Names:
    """The keys of a problem's issues, actors and proposals (for reports and messages)."""

    issues: tuple[str, ...]
    actors: tuple[str, ...]
    proposals: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Exchange:
    """One exchange of voting positions (the ``"exchange"`` model).

    Attributes
    ----------
    proposal
        The proposal whose issues are traded.
    actors
        ``(i, j)``: `i` demands on the first issue and supplies on the second, `j` the reverse.
    issues
        ``(p, q)``: the issue on which `j` moves towards `i`, and the one on which `i` moves
        towards `j`.
    shifts
        How far `j` moves its voting position on `p` and `i` on `q`, in scale points.
    outcome_shifts
        How far the outcomes of `p` and `q` move (towards `i` on `p`, towards `j` on `q`).
    gain
        The (equal) utility gain of `i` and `j`: outcome shifts as shares of the scale, weighted
        by saliences.
    externalities
        The utility change of every other actor it touches (positive: it gains).
    """

    proposal: str
    actors: tuple[str, str]
    issues: tuple[str, str]
    shifts: tuple[float, float]
    outcome_shifts: tuple[float, float]
    gain: float
    externalities: Mapping[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form."""
        return {
            "proposal": self.proposal,
            "actors": list(self.actors),
            "issues": list(self.issues),
            "shifts": list(self.shifts),
            "outcome_shifts": list(self.outcome_shifts),
            "gain": self.gain,
            "externalities": dict(self.externalities),
        }


@dataclass(frozen=True, slots=True, eq=False)
class Output:
    """What a model's kernel returns.

    Attributes
    ----------
    predicted
        ``(n_issues,)`` the forecast of every issue.
    agreed
        ``(n_issues,)`` False where the model finds no agreement (the forecast is then the
        reference point).
    exchanges
        The exchanges, in the order they happen (``"exchange"``).
    rounds
        Per issue index, the forecast after each round (``"expected-utility"``).
    parameters
        Fitted parameters (``"fitted"``).
    """

    predicted: Array
    agreed: NDArray[np.bool_]
    exchanges: tuple[Exchange, ...] = ()
    rounds: Mapping[int, tuple[float, ...]] = field(default_factory=dict)
    parameters: Mapping[str, Any] = field(default_factory=dict)


def _weights(w: Array, present: NDArray[np.bool_]) -> Array:
    """Weights with absent actors at 0; an issue with no positive weight gets equal weights."""
    w = np.where(present, w, 0.0)
    empty = w.sum(axis=1) <= 0
    if np.any(empty):
        w[empty] = present[empty].astype(np.float64)
    return w


def weighted_mean(x: Array, w: Array, present: NDArray[np.bool_]) -> Array:
    """Per issue (row), the `w`-weighted mean of the positions of the actors present."""
    w = _weights(w, present)
    return np.asarray((w * np.where(present, x, 0.0)).sum(axis=1) / w.sum(axis=1))


def weighted_median(x: Array, w: Array, present: NDArray[np.bool_]) -> Array:
    """Per issue (row), the `w`-weighted median of the positions present (midpoint tie rule)."""
    w = _weights(w, present)
    positive = w > 0
    key = np.where(positive, x, np.inf)
    order = np.argsort(key, axis=1, kind="stable")
    xs = np.take_along_axis(key, order, axis=1)
    ws = np.take_along_axis(w, order, axis=1)
    cum = np.cumsum(ws, axis=1)
    total = cum[:, -1]
    half = total / 2
    tol = TIE_RTOL * total
    k = np.argmax(cum >= (half - tol)[:, None], axis=1)
    rows = np.arange(x.shape[0])
    lower = xs[rows, k]
    count = positive.sum(axis=1)
    nxt = xs[rows, np.minimum(k + 1, x.shape[1] - 1)]
    exact = (np.abs(cum[rows, k] - half) <= tol) & (k + 1 < count)
    return np.asarray(np.where(exact, (lower + np.where(exact, nxt, lower)) / 2, lower))
