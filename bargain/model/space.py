"""The effective deal space of a scenario: red-lined levels dropped, linked issues compounded.

Every engine (frontier, solutions, lotteries, threats, protocols, sweeps) works on the tables of a
:class:`DealSpace` instead of the scenario's per-issue tables, and maps its answers back to the
original level indices with :meth:`DealSpace.original`. This is the one place where red lines and
links turn into arrays:

- **Red lines.** A level that some party red-lines is dropped from its issue: no deal holding it is
  individually rational for that party, so none can be a solution, a frontier point or part of a
  lottery. Dropping levels is exact and makes the engines faster, never slower.
- **Links.** The issues a link ties (and, transitively, every issue linked to those) form one
  *compound issue* whose levels are the combinations of their levels (C order: the first issue most
  significant) and whose table is the sum of the members' tables plus the value of every link the
  combination satisfies. Utilities stay a sum over (compound) issues, so the merge, the hull chain
  and every solution remain exact.

Cost of links: a compound issue has as many levels as the product of its members' levels (red-lined
ones left out). Linking two issues of four levels gives one issue of 16 levels: the exact merge
handles that as easily as four more levels on an issue. Linking ``m`` issues of ``L`` levels gives
``L**m`` levels in one issue, which the merge treats as one long table: keep groups small (a
compound issue is limited to :data:`MAX_COMPOUND` combinations, checked when the scenario is
built). Without red lines and links the space *is* the scenario's tables (same arrays, nothing
copied).

Effective issues are ordered by their first original issue. When the linked issues are adjacent
(as in the bundled scenarios) the lexicographic order of effective deals is that of the original
level vectors, so every tie rule ("the lexicographically smallest deal") means the same in both;
otherwise ties between deals of *identical* utilities are broken in the effective order.

Arrays: ``tables[e]`` is ``(n_levels_e, n_parties)``; an effective deal is ``(..., n_effective)``
level indices, an original deal ``(..., n_issues)``.

Examples
--------
>>> from bargain import Issue, Party, Scenario
>>> from bargain.model.link import Link
>>> a, b = Issue("a", levels=["no", "yes"]), Issue("b", levels=["no", "yes"])
>>> p = Party("p", "P", values={"a": [0, 1], "b": [0, 1]}, red_lines={"a": ["no"]})
>>> q = Party("q", "Q", values={"a": [1, 0], "b": [1, 0]})
>>> s = Scenario(name="s", issues=[a, b], parties=[p, q],
...              links=[Link("q", {"a": "yes", "b": "yes"}, 0.5)])
>>> space = s.space
>>> space.groups, space.shape
(((0, 1),), (2,))
>>> space.tables[0]  # combinations (yes, no) and (yes, yes); q's link adds 0.5 to the second
array([[1. , 1. ],
       [2. , 0.5]])
>>> space.original([1]).tolist()
[1, 1]
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from bargain.errors import ScenarioError
from bargain.model.issue import Issue
from bargain.model.link import Link
from bargain.model.party import Party

__all__ = ["MAX_COMPOUND", "DealSpace", "build_space"]

#: The most combinations one compound issue (a group of linked issues) may have.
MAX_COMPOUND = 2**20

Array = NDArray[np.float64]
Index = NDArray[np.intp]


@dataclass(frozen=True, slots=True, eq=False)
class DealSpace:
    """The deals the engines search: red-lined levels dropped, linked issues compounded.

    Attributes
    ----------
    groups
        Per effective issue, the original issue indices it stands for (one, or several linked).
    combos
        Per effective issue, ``(n_levels_e, len(group))``: the original levels of each of its
        levels.
    tables
        Per effective issue, ``(n_levels_e, n_parties)`` read-only utilities (link values
        included). Empty when :attr:`empty`.
    full
        Per effective issue, the ``(prod(n_levels of the group), n_parties)`` table of *every*
        combination, red-lined ones included (what :meth:`bargain.Scenario.utilities` sums).
    kept
        Per effective issue, the row of :attr:`full` of each of its levels.
    n_issues
        Number of original issues.
    trivial
        No red line and no link: the effective issues are the original ones.
    collisions
        One sentence per issue whose every level some party red-lines (then no deal exists).
    """

    groups: tuple[tuple[int, ...], ...]
    combos: tuple[Index, ...]
    tables: tuple[Array, ...]
    full: tuple[Array, ...]
    kept: tuple[Index, ...]
    n_issues: int
    trivial: bool
    collisions: tuple[str, ...]
    _strides: tuple[Index, ...]
    _inverse: tuple[Index, ...]
    _extra: tuple[Array | None, ...]

    @property
    def empty(self) -> bool:
        """Whether the red lines leave no deal at all."""
        return bool(self.collisions)

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of levels of each effective issue."""
        return tuple(int(t.shape[0]) for t in self.tables)

    @property
    def n_deals(self) -> int:
        """Number of deals no red line excludes (an exact Python int)."""
        return 0 if self.empty else math.prod(self.shape)

    @property
    def message(self) -> str:
        """Why there is no deal (the colliding red lines), or ``""``."""
        if not self.empty:
            return ""
        return "No deal is possible: " + " ".join(self.collisions)

    def original(self, deals: ArrayLike) -> Index:
        """Effective deals ``(..., n_effective)`` as original level indices ``(..., n_issues)``."""
        eff = np.asarray(deals, dtype=np.intp)
        if self.trivial:
            return eff
        out = np.empty((*eff.shape[:-1], self.n_issues), dtype=np.intp)
        for e, group in enumerate(self.groups):
            out[..., list(group)] = self.combos[e][eff[..., e]]
        return out

    def flat(self, deals: ArrayLike, e: int) -> Index:
        """Row of ``full[e]`` of original deals ``(..., n_issues)`` (every level allowed)."""
        idx = np.asarray(deals, dtype=np.intp)
        group = self.groups[e]
        if len(group) == 1:
            return idx[..., group[0]]
        out: Index = idx[..., list(group)] @ self._strides[e]
        return out

    def effective(self, deals: ArrayLike) -> Index:
        """Original deals ``(..., n_issues)`` as effective ones; ``-1`` where a level is dropped."""
        idx = np.asarray(deals, dtype=np.intp)
        if self.trivial:
            return idx
        out = np.empty((*idx.shape[:-1], len(self.groups)), dtype=np.intp)
        for e in range(len(self.groups)):
            out[..., e] = self._inverse[e][self.flat(idx, e)]
        return out

    def allowed(self, deals: ArrayLike) -> NDArray[np.bool_]:
        """Whether each original deal ``(..., n_issues)`` avoids every red line."""
        idx = np.asarray(deals, dtype=np.intp)
        if self.trivial:
            return np.ones(idx.shape[:-1], dtype=bool)
        mask: NDArray[np.bool_] = np.all(self.effective(idx) >= 0, axis=-1)
        return mask

    def batch_utilities(self, tables: Sequence[Array], deals: ArrayLike) -> Array:
        """Utilities ``(n_runs, m, n_parties)`` of original deals ``(m, n_issues)``.

        `tables` are per-run original tables ``(n_runs, n_parties, n_levels_i)``
        (:func:`bargain.model.params.batch_arrays`); link values are included and every sum is
        formed as :meth:`bargain.Scenario.utilities` forms it. Red-lined deals have utilities too.
        """
        idx = np.asarray(deals, dtype=np.intp).reshape(-1, self.n_issues)
        n_runs, k = tables[0].shape[:2]
        out = np.zeros((n_runs, idx.shape[0], k))
        for e, group in enumerate(self.groups):
            t = tables[group[0]][:, :, idx[:, group[0]]]
            for i in group[1:]:
                t = t + tables[i][:, :, idx[:, i]]
            extra = self._extra[e]
            if extra is not None:
                t = t + extra[self.flat(idx, e)].T[None, :, :]
            out += t.transpose(0, 2, 1)
        return out

    def batch_tables(self, tables: Sequence[Array]) -> list[Array]:
        """Per-run original tables ``(n_runs, n_parties, n_levels_i)`` as effective ones.

        Each effective table ``(n_runs, n_parties, n_levels_e)`` is computed with the same
        additions, in the same order, as :attr:`tables` (link values included), so the numbers
        agree bit for bit.
        """
        if self.trivial:
            return list(tables)
        out = []
        for e, group in enumerate(self.groups):
            combo = self.combos[e]
            t = tables[group[0]][:, :, combo[:, 0]]
            for j, i in enumerate(group[1:], start=1):
                t = t + tables[i][:, :, combo[:, j]]
            extra = self._extra[e]
            if extra is not None:
                t = t + extra[self.kept[e]].T[None, :, :]
            out.append(t)
        return out


# --------------------------------------------------------------------------- building
def _union(n: int, links: Sequence[tuple[int, ...]]) -> list[tuple[int, ...]]:
    """Groups of issues connected by links, each sorted, ordered by their first issue."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for issues in links:
        root = find(issues[0])
        for i in issues[1:]:
            other = find(i)
            if other != root:
                parent[max(other, root)] = min(other, root)
                root = min(other, root)
    groups: dict[int, list[int]] = {}
    for i in range(n):
        groups.setdefault(find(i), []).append(i)
    return sorted((tuple(g) for g in groups.values()), key=lambda g: g[0])


def _quote(levels: Sequence[str]) -> str:
    quoted = [repr(x) for x in levels]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _collision(issue: Issue, parties: Sequence[Party], refused: list[set[int]]) -> str:
    """Why every level of `issue` is red-lined, in words: who requires what, who refuses it."""
    who = [(p, refused[k]) for k, p in enumerate(parties) if refused[k]]
    who.sort(key=lambda item: -len(item[1]))
    first, first_refused = who[0]
    allowed = [j for j in range(issue.n_levels) if j not in first_refused]
    if not allowed:
        return f"{first.name} refuses every level of {issue.name!r}."
    names = [issue.levels[j] for j in allowed]
    verb = "requires" if len(names) == 1 else "accepts only"
    parts = [f"{first.name} {verb} {_quote(names)} on {issue.name!r}"]
    refusers: dict[tuple[str, ...], list[str]] = {}  # the levels refused -> who refuses them
    for party, refuses in who[1:]:
        hit = tuple(issue.levels[j] for j in allowed if j in refuses)
        if hit:
            refusers.setdefault(hit, []).append(party.name)
    for hit, who_names in refusers.items():
        subject = (
            " and ".join(who_names)
            if len(who_names) < 3
            else (", ".join(who_names[:-1]) + " and " + who_names[-1])
        )
        verb = "refuses" if len(who_names) == 1 else "refuse"
        what = ("it" if len(hit) == 1 else "them") if list(hit) == names else _quote(hit)
        parts.append(f"{subject} {verb} {what}")
    return "; ".join(parts) + "."


def build_space(
    issues: Sequence[Issue],
    parties: Sequence[Party],
    links: Sequence[Link],
    tables: Sequence[Array],
) -> DealSpace:
    """The deal space of validated issues, parties (red lines) and links, from the issue tables.

    Raises
    ------
    ScenarioError
        When linked issues would form a compound issue of more than :data:`MAX_COMPOUND`
        combinations.
    """
    n = len(issues)
    refused = [
        [{issue.level_index(x) for x in p.red_lines.get(issue.key, ())} for p in parties]
        for issue in issues
    ]
    dropped = [set().union(*r) for r in refused]
    if not links and not any(dropped):
        return _trivial_space(tables)
    collisions = tuple(
        _collision(issues[i], parties, refused[i])
        for i in range(n)
        if len(dropped[i]) == issues[i].n_levels
    )
    keys = [i.key for i in issues]
    link_issues = [tuple(sorted(keys.index(i) for i in link.levels)) for link in links]
    groups = _union(n, link_issues)
    parts = [
        _compound(group, issues, parties, links, link_issues, tables, dropped) for group in groups
    ]
    return DealSpace(
        groups=tuple(groups),
        combos=tuple(p.combos for p in parts),
        tables=tuple(p.table for p in parts),
        full=tuple(p.full for p in parts),
        kept=tuple(p.kept for p in parts),
        n_issues=n,
        trivial=False,
        collisions=collisions,
        _strides=tuple(p.stride for p in parts),
        _inverse=tuple(p.inverse for p in parts),
        _extra=tuple(p.extra for p in parts),
    )


def _trivial_space(tables: Sequence[Array]) -> DealSpace:
    """No red line, no link: the scenario's own issues and tables."""
    combos = tuple(np.arange(t.shape[0], dtype=np.intp)[:, None] for t in tables)
    kept = tuple(np.arange(t.shape[0], dtype=np.intp) for t in tables)
    return DealSpace(
        groups=tuple((i,) for i in range(len(tables))),
        combos=combos,
        tables=tuple(tables),
        full=tuple(tables),
        kept=kept,
        n_issues=len(tables),
        trivial=True,
        collisions=(),
        _strides=tuple(np.ones(1, dtype=np.intp) for _ in tables),
        _inverse=kept,
        _extra=(None,) * len(tables),
    )


@dataclass(frozen=True, slots=True, eq=False)
class _Compound:
    """One effective issue: its combinations, tables (kept rows and full), and index maps."""

    combos: Index
    table: Array
    full: Array
    kept: Index
    stride: Index
    inverse: Index
    extra: Array | None


def _compound(
    group: tuple[int, ...],
    issues: Sequence[Issue],
    parties: Sequence[Party],
    links: Sequence[Link],
    link_issues: Sequence[tuple[int, ...]],
    tables: Sequence[Array],
    dropped: Sequence[set[int]],
) -> _Compound:
    """The effective issue made of the original issues `group`.

    Every combination of their levels, the links among them added to the party's values, the
    combinations holding a red-lined level dropped.
    """
    keys = [i.key for i in issues]
    sizes = [issues[i].n_levels for i in group]
    total = math.prod(sizes)
    if total > MAX_COMPOUND:
        names = ", ".join(keys[i] for i in group)
        raise ScenarioError(
            f"tie issues {names} into one compound issue of {total:,} combinations (at "
            f"most {MAX_COMPOUND:,}): link fewer issues, or issues with fewer levels",
            key="links",
        )
    grid = np.indices(sizes).reshape(len(group), -1).T.astype(np.intp)  # C order
    full = tables[group[0]][grid[:, 0]]
    for j, member in enumerate(group[1:], start=1):
        full = full + tables[member][grid[:, j]]
    extra: Array | None = None
    if len(group) > 1:
        extra = np.zeros((total, len(parties)))
        party_keys = [p.key for p in parties]
        for link, issues_of in zip(links, link_issues, strict=True):
            if not set(issues_of) <= set(group):
                continue
            hit = np.ones(total, dtype=bool)
            for issue_key, name in link.levels.items():
                i = keys.index(issue_key)
                hit &= grid[:, group.index(i)] == issues[i].level_index(name)
            extra[hit, party_keys.index(link.party)] += link.value
        full = full + extra
    ok = np.ones(total, dtype=bool)
    for j, i in enumerate(group):
        for dropped_level in dropped[i]:
            ok &= grid[:, j] != dropped_level
    rows = np.flatnonzero(ok).astype(np.intp)
    inverse = np.full(total, -1, dtype=np.intp)
    inverse[rows] = np.arange(rows.size)
    stride = np.array([math.prod(sizes[j + 1 :]) for j in range(len(sizes))], dtype=np.intp)
    table = np.ascontiguousarray(full[rows])
    for array in (full, table):
        array.flags.writeable = False
    return _Compound(grid[rows], table, full, rows, stride, inverse, extra)
