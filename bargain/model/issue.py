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

from collections.abc import Sequence
from dataclasses import dataclass

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

    def level_index(self, level: str) -> int:
        """Index of the level called `level`; ScenarioError with a suggestion if there is none."""
        try:
            return self.levels.index(level)
        except ValueError:
            raise ScenarioError(
                f"has no level {level!r}; {suggest(level, self.levels)}", key=self.key
            ) from None
