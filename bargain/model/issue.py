"""An issue of a negotiation: a key, a name and its ordered levels.

Examples
--------
>>> missiles = Issue("missiles", "Article 5: missiles", ["no limits", "moratorium", "ban"])
>>> missiles.n_levels, missiles.level_index("ban")
(3, 2)
>>> Issue("x", levels=["a", "b"]).name
'x'
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from bargain._checks import check_key, check_text, kind, suggest
from bargain._text import html_table
from bargain.errors import ScenarioError

__all__ = ["Issue"]


@dataclass(frozen=True, slots=True)
class Issue:
    """A negotiable issue with ordered levels.

    Parameters
    ----------
    key
        Identifier used in files, paths and JSON (``"missiles"``).
    name
        Human-readable name; defaults to the key when empty.
    levels
        At least two distinct level names, in order (conventionally from the status quo /
        "rejected" to "fully conceded").
    description
        Optional longer text.
    """

    key: str
    name: str = ""
    levels: tuple[str, ...] = ()
    description: str = ""

    def __post_init__(self) -> None:
        check_key(self.key, "key")
        check_text(self.name, "name")
        check_text(self.description, "description")
        if not self.name:
            object.__setattr__(self, "name", self.key)
        if isinstance(self.levels, str) or not isinstance(self.levels, Sequence):
            raise ScenarioError(
                f"must be a list of level names, found {kind(self.levels)}", key="levels"
            )
        levels = tuple(self.levels)
        for j, level in enumerate(levels):
            if not isinstance(level, str) or not level:
                raise ScenarioError(
                    f"must be a non-empty string, found {kind(level)}", key=f"levels[{j}]"
                )
        if len(levels) < 2:
            raise ScenarioError(f"has {len(levels)} level(s), expected at least 2", key="levels")
        seen: set[str] = set()
        for j, level in enumerate(levels):
            if level in seen:
                raise ScenarioError(f"repeats the level name {level!r}", key=f"levels[{j}]")
            seen.add(level)
        object.__setattr__(self, "levels", levels)

    def __repr__(self) -> str:
        levels = self.levels if len(self.levels) <= 6 else (*self.levels[:5], "...")
        return f"Issue({self.key!r}, {self.name!r}, levels={levels!r})"

    def _repr_html_(self) -> str:
        """Jupyter's view: the issue and its levels, in order."""
        rows = [[j, level] for j, level in enumerate(self.levels)]
        return html_table(["level", "name"], rows, caption=f"{self.key}: {self.name}")

    @property
    def n_levels(self) -> int:
        """Number of levels."""
        return len(self.levels)

    def level_index(self, level: str | int) -> int:
        """Index of the level called `level` (or numbered `level`, from 0).

        Raises
        ------
        ScenarioError
            With the close names as a hint, or every level name in order.

        Examples
        --------
        >>> x = Issue("x", levels=["none", "some", "all"])
        >>> x.level_index("some"), x.level_index(2)
        (1, 2)
        >>> x.level_index("everything")
        Traceback (most recent call last):
        ...
        bargain.errors.ScenarioError: x has no level 'everything'; its levels, in order: 'none', \
'some', 'all' (or a number from 0 to 2)
        """
        last = len(self.levels) - 1
        if isinstance(level, int | np.integer) and not isinstance(level, bool):
            if 0 <= level <= last:
                return int(level)
            raise ScenarioError(
                f"has no level number {level}; levels are numbered 0 to {last}", key=self.key
            )
        if isinstance(level, str) and level in self.levels:
            return self.levels.index(level)
        close = difflib.get_close_matches(str(level), self.levels, n=3, cutoff=0.6)
        if close:
            hint = suggest(str(level), close)
        else:
            names = ", ".join(repr(x) for x in self.levels)
            hint = f"its levels, in order: {names} (or a number from 0 to {last})"
        raise ScenarioError(f"has no level {level!r}; {hint}", key=self.key)
