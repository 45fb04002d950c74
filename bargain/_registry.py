"""Registries of named choices: one per string argument (``method=``, ``protocol=``, ...).

A :class:`Registry` maps each name to a :class:`Choice`: the name, a one-line summary (what the
command line's ``--help`` and the docs print) and the function that implements it, as
``scipy.optimize.minimize(method=)`` keeps one private function per method. Looking up an unknown
name raises a :class:`~bargain.errors.ScenarioError` that suggests the closest names.

Examples
--------
>>> shapes = Registry("shape", [Choice("square", "four equal sides", 4),
...                             Choice("triangle", "three sides", 3)])
>>> shapes.names
('square', 'triangle')
>>> shapes["square"].run
4
>>> shapes.lookup("sqare")
Traceback (most recent call last):
...
bargain.errors.ScenarioError: shape 'sqare' is not a shape; did you mean 'square'?
>>> print(shapes.help())
square: four equal sides; triangle: three sides
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from bargain._checks import suggest
from bargain.errors import ScenarioError

__all__ = ["Choice", "Registry"]

F = TypeVar("F")


@dataclass(frozen=True, slots=True)
class Choice(Generic[F]):
    """One named choice: its `name`, a one-line `summary` and what implements it (`run`)."""

    name: str
    summary: str
    run: F


class Registry(Mapping[str, Choice[F]]):
    """The choices of one string argument, in the order the command line lists them."""

    def __init__(self, what: str, choices: Iterable[Choice[F]]) -> None:
        self.what = what
        self._choices = {c.name: c for c in choices}

    def __getitem__(self, name: str) -> Choice[F]:
        return self._choices[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._choices)

    def __len__(self) -> int:
        return len(self._choices)

    def __repr__(self) -> str:
        return f"Registry({self.what!r}, {list(self._choices)!r})"

    @property
    def names(self) -> tuple[str, ...]:
        """The names, in order."""
        return tuple(self._choices)

    def lookup(self, name: object) -> Choice[F]:
        """The choice called `name`, or a ScenarioError suggesting the closest names."""
        if isinstance(name, str) and name in self._choices:
            return self._choices[name]
        article = "an" if self.what[:1] in "aeiou" else "a"
        raise ScenarioError(
            f"is not {article} {self.what}; {suggest(str(name), self._choices)}",
            key=f"{self.what} {name!r}",
        )

    def help(self) -> str:
        """``name: summary; ...`` for ``--help``."""
        return "; ".join(f"{c.name}: {c.summary}" for c in self._choices.values())
