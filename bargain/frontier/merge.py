"""The exact Pareto frontier of a package-deal space, by incremental Minkowski merge.

The utility of a deal is a sum over issues, so the set of utility vectors is the Minkowski sum of
the issues' level sets. Start from the single point ``0``; for each issue in turn, add every
level's utility vector to every point kept so far and keep only the Pareto-optimal results
(:func:`bargain.frontier.pareto.pareto_indices`). A point dominated after issue ``i`` stays
dominated whatever the later issues add (rounding is monotone), so nothing optimal is ever lost and
the result is the exact frontier, without enumerating the deals. Each kept point stores a
back-pointer (its parent point and the level it added), from which the deals are rebuilt.

Utilities are summed issue by issue, first to last, exactly as
:meth:`bargain.Scenario.utilities` does, so a frontier point's utilities are bit for bit those of
its deal. When several deals reach exactly the same utilities, the lexicographically smallest
level vector (first issue most significant) among those the merge has not pruned is kept;
this is the smallest of all such deals whenever the partial sums are exact (for instance values
on a binary grid).

What the merge costs by number of parties, and how ties stay cheap: docs/algorithms.md.

Examples
--------
>>> import numpy as np
>>> tables = [np.array([[0.0, 1.0], [1.0, 0.0]]), np.array([[0.0, 1.0], [0.6, 0.6]])]
>>> u, deals = merge_frontier(tables)
>>> u
array([[0. , 2. ],
       [0.6, 1.6],
       [1. , 1. ],
       [1.6, 0.6]])
>>> deals
array([[0, 0],
       [0, 1],
       [1, 0],
       [1, 1]])
"""

from __future__ import annotations

import sys
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import NDArray

from bargain.frontier.pareto import pareto_indices, prune2, prune_k

__all__ = ["merge_frontier"]

Array = NDArray[np.float64]


def _rebuild(
    steps: Sequence[tuple[NDArray[np.int32], NDArray[np.int32]]], rows: NDArray[np.intp]
) -> NDArray[np.intp]:
    """Deals (level indices) of the points `rows` after ``len(steps)`` issues."""
    deals = np.empty((rows.size, len(steps)), dtype=np.intp)
    idx: NDArray[np.integer[Any]] = rows
    for i in range(len(steps) - 1, -1, -1):
        parent, level = steps[i]
        deals[:, i] = level[idx]
        idx = parent[idx]
    return deals


def _next_rank(
    rank: NDArray[np.int64], parent: NDArray[np.intp], level: NDArray[np.intp], n_levels: int
) -> NDArray[np.int64]:
    """Lexicographic rank of the kept deals, from their parents' ranks and their new level.

    A kept deal is its parent's deal followed by one level, so comparing two kept deals
    lexicographically is comparing ``(rank of the parent, level)``: one integer sort of the
    kept points, instead of rebuilding and sorting every deal.
    """
    key = rank[parent] * n_levels + level
    out = np.empty(key.size, dtype=np.int64)
    out[np.argsort(key, kind="stable")] = np.arange(key.size)
    return out


class _Progress:
    """A progress bar on a terminal's stderr, for merges still running after a second."""

    def __init__(self, total: int) -> None:
        self.total, self.done, self.start = total, 0, time.monotonic()
        self.bar: Any = None

    def step(self, points: int) -> None:
        if self.bar is None and time.monotonic() - self.start > 1.0 and sys.stderr.isatty():
            from tqdm.auto import tqdm  # only for long merges: tqdm.auto probes for Jupyter

            self.bar = tqdm(
                total=self.total,
                initial=self.done,
                unit="issue",
                desc="Pareto frontier",
                file=sys.stderr,
                dynamic_ncols=True,
                leave=False,
            )
        if self.bar is not None:
            self.bar.set_postfix_str(f"{points:,} points", refresh=False)
            self.bar.update(1)
        self.done += 1

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def merge_frontier(tables: Sequence[Array]) -> tuple[Array, NDArray[np.intp]]:
    """Every Pareto-optimal utility vector of the deal space, with one deal reaching it.

    Parameters
    ----------
    tables
        Per issue, the ``(n_levels_i, n_parties)`` utilities of its levels.

    Returns
    -------
    utilities, deals
        ``(m, n_parties)`` distinct non-dominated utility vectors, sorted lexicographically
        ascending (for two parties: the first party's utility increasing), and ``(m, n_issues)``
        level indices of a deal reaching each (see the module notes for which one).
    """
    if not tables:
        raise ValueError("at least one issue is needed")
    k = tables[0].shape[1]
    cols = [np.zeros(1) for _ in range(k)]
    steps: list[tuple[NDArray[np.int32], NDArray[np.int32]]] = []
    rank = np.zeros(1, dtype=np.int64)  # lexicographic rank of each kept point's deal
    progress = _Progress(len(tables))
    for table in tables:
        progress.step(cols[0].size)
        t = np.asarray(table, dtype=np.float64)
        n_levels, f = t.shape[0], cols[0].size
        # Candidate c = level * f + parent: n_levels runs, each sorted like the current frontier.
        cand = [(t[:, j, None] + cols[j][None, :]).reshape(-1) for j in range(k)]

        # Among identical candidates, the smallest deal (its parent's rank, then its level).
        tiebreak = (rank[None, :] * n_levels + np.arange(n_levels)[:, None]).reshape(-1)
        if k == 2:
            keep = prune2(cand[0], cand[1], tiebreak)
        elif k >= 3:
            keep = prune_k(cand, tiebreak)
        else:
            keep = pareto_indices(np.stack(cand, axis=1), tiebreak)
        level, parent = np.divmod(keep, f)
        rank = _next_rank(rank, parent, level, n_levels)
        steps.append((parent.astype(np.int32), level.astype(np.int32)))
        cols = [c[keep] for c in cand]
    progress.close()
    m = cols[0].size
    return np.stack(cols, axis=1), _rebuild(steps, np.arange(m))
