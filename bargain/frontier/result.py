"""The Pareto frontier of a scenario as a result: :class:`Frontier`.

The frontier holds every Pareto-optimal deal whose utilities are strictly above the disagreement
point for every party, each distinct utility vector once (see :func:`bargain.pareto_frontier`).

How far it goes: with two parties the merge is exact for hundreds of issues (128 issues x 11
levels, 10**133 deals, in about 2 s). With three or more parties the frontier can hold most of
the deal space and the cost follows its size: about 10**4 points (3 parties, 8 issues x 11
levels) take under 0.1 s; with four or more parties pruning is pairwise. So the merge
estimates the size as it goes and refuses beyond a budget (``max_points``: 100,000 points for
three parties, 5,000 for more), pointing to :func:`bargain.solve`, which finds every method's
solution exactly for any number of parties without the frontier.

Examples
--------
>>> from bargain import load_scenario, pareto_frontier
>>> f = pareto_frontier(load_scenario("russia-nato-2022-no-red-lines"))
>>> len(f) > 0, f.utilities.shape[1]
(True, 2)
>>> sorted(f[0]) == sorted(f.issue_keys)
True
>>> f.agreement, f.columns()[-2:]
(True, ['utility.russia', 'utility.nato'])
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

from bargain._results import Labels, Result
from bargain._text import frontier_size, text_table, tidy
from bargain.model.issue import Issue

__all__ = ["Frontier"]

Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True, eq=False, repr=False)
class Frontier(Result, Sequence[dict[str, str]]):
    """The individually rational Pareto frontier of a scenario: a sequence of deals.

    ``frontier[i]`` is the deal of row ``i`` as ``{issue_key: level_name}``; ``len(frontier)``
    the number of points; iterating gives the deals in row order.

    Attributes
    ----------
    scenario
        The scenario's name.
    issues
        The scenario's issues (to name the levels of a deal).
    party_keys
        Party keys, the columns of `utilities`.
    utilities
        ``(m, n_parties)`` read-only: each Pareto-optimal, individually rational utility
        vector once, sorted lexicographically ascending (first party's utility, then the
        second's, ...; with two parties the second party's utility decreases down the rows).
    levels
        ``(m, n_issues)`` read-only level indices of a deal reaching each row (when several do,
        the lexicographically smallest, first issue most significant).
    disagreement
        ``(n_parties,)`` the disagreement point the frontier is rational against.
    n_deals
        Size of the whole deal space (a Python int).
    engine
        ``"merge"`` or ``"brute-force"``.
    message
        What was computed, in words.
    labels
        The display names of the issues and parties.
    """

    scenario: str
    issues: tuple[Issue, ...]
    party_keys: tuple[str, ...]
    utilities: Array
    levels: NDArray[np.intp]
    disagreement: Array
    n_deals: int
    engine: str
    message: str
    labels: Labels = field(default_factory=Labels, repr=False)

    def __len__(self) -> int:
        return int(self.utilities.shape[0])

    @overload
    def __getitem__(self, i: int) -> dict[str, str]: ...

    @overload
    def __getitem__(self, i: slice) -> list[dict[str, str]]: ...

    def __getitem__(self, i: int | slice) -> dict[str, str] | list[dict[str, str]]:
        if isinstance(i, slice):
            return [self._deal(j) for j in range(len(self))[i]]
        return self._deal(range(len(self))[i])

    def __iter__(self) -> Iterator[dict[str, str]]:
        return (self._deal(i) for i in range(len(self)))

    def _deal(self, i: int) -> dict[str, str]:
        row = self.levels[i]
        return {issue.key: issue.levels[int(j)] for issue, j in zip(self.issues, row, strict=True)}

    @property
    def agreement(self) -> bool:
        """Whether some deal gives every party more than its disagreement utility."""
        return len(self) > 0

    @property
    def issue_keys(self) -> tuple[str, ...]:
        """Issue keys, the columns of `levels`."""
        return tuple(i.key for i in self.issues)

    @property
    def gains(self) -> Array:
        """``(m, n_parties)`` utilities minus the disagreement point (all > 0)."""
        return self.utilities - self.disagreement

    def _head(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "parties": list(self.party_keys),
            "issues": list(self.issue_keys),
            "disagreement": dict(zip(self.party_keys, self.disagreement.tolist(), strict=True)),
            "n_deals": self.n_deals,
            "engine": self.engine,
            "agreement": self.agreement,
            "message": self.message,
        }

    def _points(self) -> Iterator[dict[str, Any]]:
        for i in range(len(self)):
            row = self.utilities[i].tolist()
            yield {"deal": self._deal(i), "utilities": dict(zip(self.party_keys, row, strict=True))}

    def to_dict(self) -> dict[str, Any]:
        """JSON-safe form: the scenario, parties, disagreement point and every point."""
        return {**self._head(), "points": list(self._points())}

    def iter_json(self, indent: int | None = None) -> Iterator[str]:
        """:meth:`to_json` in pieces, one point at a time: memory holds one point's text.

        Examples
        --------
        >>> from bargain import load_scenario, pareto_frontier
        >>> f = pareto_frontier(load_scenario("russia-nato-2022"))
        >>> "".join(f.iter_json(indent=2)) == f.to_json(indent=2)
        True
        """
        head = json.dumps(tidy(self._head()), indent=indent, ensure_ascii=False)
        if indent is None:
            yield head[:-1] + ', "points": ['
            for k, point in enumerate(self._points()):
                yield (", " if k else "") + json.dumps(tidy(point), ensure_ascii=False)
            yield "]}"
            return
        pad = " " * indent
        if not len(self):
            yield head[:-2] + f',\n{pad}"points": []\n}}'
            return
        yield head[:-2] + f',\n{pad}"points": [\n'
        for k, point in enumerate(self._points()):
            text = json.dumps(tidy(point), indent=indent, ensure_ascii=False)
            yield (",\n" if k else "") + textwrap.indent(text, pad * 2, lambda _: True)
        yield f"\n{pad}]\n}}"

    def iter_rows(self) -> Iterator[dict[str, Any]]:
        """The rows of :meth:`rows`, one at a time."""
        utility = [f"utility.{k}" for k in self.party_keys]
        for i in range(len(self)):
            yield {**self._deal(i), **dict(zip(utility, self.utilities[i].tolist(), strict=True))}

    def headline(self) -> str:
        """``russia-nato-2022: 28 Pareto-optimal deals that beat the ..., of 27,648 deals``."""
        return f"{self.scenario}: {frontier_size(len(self))}, of {self.n_deals:,} deals"

    def columns(self) -> list[str]:
        """One column per issue, then ``utility.<party>``."""
        return [*self.issue_keys, *(f"utility.{k}" for k in self.party_keys)]

    def rows(self) -> list[dict[str, Any]]:
        """One row per point: the level of every issue, then every party's utility."""
        return list(self.iter_rows())

    def table(self, max_rows: int = 20) -> str:
        """A readable report: each party's utility and the deal, for up to `max_rows` points."""
        head = f"{self.scenario} — Pareto frontier: {self.message}"
        if not len(self):
            return head
        shown = _spread(len(self), max_rows)
        rows = [
            [*(float(x) for x in self.utilities[i]), "; ".join(self._deal(i).values())]
            for i in shown
        ]
        headers = [*(f"utility.{k}" for k in self.party_keys), "deal"]
        parts = [head, "", text_table(headers, rows)]
        if len(shown) < len(self):
            parts.append(f"({len(shown)} of {len(self)} points shown, evenly spaced)")
        return "\n".join(parts)


def _spread(n: int, k: int) -> Sequence[int]:
    if n <= k:
        return range(n)
    return sorted({round(x) for x in np.linspace(0, n - 1, k)})
