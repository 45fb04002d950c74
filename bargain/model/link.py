"""A link between issues: a party's extra value for a combination of levels on two or more issues.

Additive utilities treat issues as independent: what a party gets from one article does not depend
on the others. A :class:`Link` says otherwise for one combination: when a deal holds *all* its
levels, the party's utility is its additive utility plus ``value`` (which may be negative, for
levels that undercut each other). Complements ("a binding text on one article is worth more with
a binding text on the next") and substitutes are both written this way, one link per combination.

The scenario checks that the party, issues and levels exist; the engine groups linked issues into
compound issues (see :mod:`bargain.model.space`).

Examples
--------
>>> link = Link("russia", {"enlargement": "binding end", "activity": "no activity"}, 0.1)
>>> link.issue_keys, link.value
(('enlargement', 'activity'), 0.1)
>>> Link("russia", {"enlargement": "binding end"}, 0.1)
Traceback (most recent call last):
...
bargain.errors.ScenarioError: levels names 1 issue (enlargement), expected at least 2: a link ties \
levels of two or more issues
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bargain._checks import check_key, check_number, kind
from bargain.errors import ScenarioError
from bargain.model.party import FrozenMap

__all__ = ["LINK_KEYS", "Link"]

#: The keys of a ``[[links]]`` table, in the order files are written.
LINK_KEYS = ("party", "levels", "value")


@dataclass(frozen=True, slots=True)
class Link:
    """A party's extra value when a deal holds every level of `levels`.

    Parameters
    ----------
    party
        The key of the party whose utility the link changes.
    levels
        ``{issue_key: level_name}`` on at least two issues.
    value
        Added to the party's utility of every deal holding all these levels; any finite number.
    """

    party: str
    levels: Mapping[str, str]
    value: float

    def __post_init__(self) -> None:
        check_key(self.party, "party")
        if not isinstance(self.levels, Mapping):
            raise ScenarioError(
                f"must be a table of issue -> level name, found {kind(self.levels)}", key="levels"
            )
        levels: dict[str, str] = {}
        for issue_key, level in self.levels.items():
            check_key(issue_key, f"levels.{issue_key}")
            if not isinstance(level, str) or not level:
                raise ScenarioError(
                    f"must be a level name (a non-empty string), found {kind(level)}",
                    key=f"levels.{issue_key}",
                )
            levels[issue_key] = level
        if len(levels) < 2:
            raise ScenarioError(
                f"names {len(levels)} issue{'' if len(levels) == 1 else 's'}"
                f"{' (' + ', '.join(levels) + ')' if levels else ''}, expected at least 2: a link "
                f"ties levels of two or more issues",
                key="levels",
            )
        object.__setattr__(self, "levels", FrozenMap(levels))
        object.__setattr__(self, "value", check_number(self.value, "value"))

    @property
    def issue_keys(self) -> tuple[str, ...]:
        """The linked issues, in the order given."""
        return tuple(self.levels)

    def to_dict(self) -> dict[str, Any]:
        """The ``[[links]]`` table of a scenario file, JSON-safe."""
        return {"party": self.party, "levels": dict(self.levels), "value": self.value}
