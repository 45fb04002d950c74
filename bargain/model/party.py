"""A negotiating party: its values, weights, red lines, disagreement utility, power and patience.

Examples
--------
>>> russia = Party("russia", "Russia", values={"missiles": [0.0, 0.7, 1.0]}, disagreement=0.2,
...                red_lines={"missiles": ["no limits"]})
>>> russia.values["missiles"], russia.weight("missiles"), russia.red_lines["missiles"]
((0.0, 0.7, 1.0), 1.0, ('no limits',))
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from bargain._checks import check_key, check_number, check_text, kind
from bargain._text import html_table
from bargain.errors import ScenarioError

__all__ = ["FrozenMap", "Party"]


class FrozenMap(Mapping[str, Any]):
    """An immutable, hashable, picklable mapping from keys to values, kept in insertion order.

    Examples
    --------
    >>> m = FrozenMap({"a": 1.0})
    >>> m["a"], m == {"a": 1.0}, hash(m) == hash(FrozenMap({"a": 1.0}))
    (1.0, True, True)
    """

    __slots__ = ("_data",)
    _data: dict[str, Any]

    def __init__(self, data: Mapping[str, Any] | Iterable[tuple[str, Any]] = ()) -> None:
        object.__setattr__(self, "_data", dict(data))

    def __getitem__(self, key: str) -> Any:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(tuple(self._data.items()))

    def __repr__(self) -> str:
        return f"FrozenMap({self._data!r})"

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("FrozenMap is immutable")

    def __reduce__(self) -> tuple[object, ...]:
        return (FrozenMap, (self._data,))


@dataclass(frozen=True, slots=True)
class Party:
    """A negotiating party: its value for every level of every issue, and its outside option.

    Parameters
    ----------
    key
        Identifier (``"russia"``).
    name
        Human-readable name; defaults to the key when empty.
    values
        ``{issue_key: [value per level]}``; the scenario checks that every issue is covered.
    weights
        ``{issue_key: weight}``, each ≥ 0; issues not listed weigh 1.
    disagreement
        Utility when talks fail (same unit as the values).
    power
        Bargaining power, the exponent in the asymmetric Nash product (> 0).
    discount
        Per-round discount factor in (0, 1], used by alternating-offers bargaining.
    red_lines
        ``{issue_key: [level names]}``: levels the party refuses in any deal. A deal holding one
        of them is never individually rational for the party, whatever its utility; the
        scenario checks that the issues and levels exist.
    """

    key: str
    name: str
    values: Mapping[str, tuple[float, ...]]
    weights: Mapping[str, float] = field(default_factory=FrozenMap)
    disagreement: float = 0.0
    power: float = 1.0
    discount: float = 1.0
    red_lines: Mapping[str, tuple[str, ...]] = field(default_factory=FrozenMap)

    def __post_init__(self) -> None:
        check_key(self.key, "key")
        check_text(self.name, "name")
        if not self.name:
            object.__setattr__(self, "name", self.key)
        if not isinstance(self.values, Mapping):
            raise ScenarioError(
                f"must be a table of issue -> list of numbers, found {kind(self.values)}",
                key="values",
            )
        values: dict[str, tuple[float, ...]] = {}
        for issue_key, numbers in self.values.items():
            where = f"values.{issue_key}"
            check_key(issue_key, where)
            if isinstance(numbers, str) or not isinstance(numbers, Sequence | np.ndarray):
                raise ScenarioError(
                    f"must be a list of numbers (one per level), found {kind(numbers)}",
                    key=where,
                )
            values[issue_key] = tuple(
                check_number(x, f"{where}[{j}]") for j, x in enumerate(numbers)
            )
        if not isinstance(self.weights, Mapping):
            raise ScenarioError(
                f"must be a table of issue -> number, found {kind(self.weights)}", key="weights"
            )
        weights: dict[str, float] = {}
        for issue_key, weight in self.weights.items():
            check_key(issue_key, f"weights.{issue_key}")
            w = check_number(weight, f"weights.{issue_key}")
            if w < 0:
                raise ScenarioError(f"must be ≥ 0, found {w}", key=f"weights.{issue_key}")
            weights[issue_key] = w
        object.__setattr__(self, "values", FrozenMap(values))
        object.__setattr__(self, "weights", FrozenMap(weights))
        object.__setattr__(self, "disagreement", check_number(self.disagreement, "disagreement"))
        power = check_number(self.power, "power")
        if power <= 0:
            raise ScenarioError(f"must be > 0, found {power}", key="power")
        object.__setattr__(self, "power", power)
        discount = check_number(self.discount, "discount")
        if not 0 < discount <= 1:
            raise ScenarioError(f"must be in (0, 1], found {discount}", key="discount")
        object.__setattr__(self, "discount", discount)
        object.__setattr__(self, "red_lines", _red_lines(self.red_lines))

    def __repr__(self) -> str:
        extra = "".join(
            f", {name}={getattr(self, name)!r}"
            for name, default in (("power", 1.0), ("discount", 1.0))
            if getattr(self, name) != default
        )
        red = f", red lines on {', '.join(self.red_lines)}" if self.red_lines else ""
        return (
            f"Party({self.key!r}, {self.name!r}, disagreement={self.disagreement!r}{extra}, "
            f"{len(self.values)} issues{red})"
        )

    def _repr_html_(self) -> str:
        """Jupyter's view: each issue's weight and values."""
        rows = [
            [k, self.weight(k), " ".join(f"{v:.3g}" for v in values)]
            for k, values in self.values.items()
        ]
        caption = (
            f"{self.key}: {self.name} (disagreement {self.disagreement:.3g}, power "
            f"{self.power:.3g}, discount {self.discount:.3g})"
        )
        return html_table(["issue", "weight", "values"], rows, caption=caption)

    def weight(self, issue_key: str) -> float:
        """The weight of an issue (1 when not listed)."""
        return float(self.weights.get(issue_key, 1.0))


def _red_lines(raw: object) -> FrozenMap:
    """``{issue_key: (level name, ...)}`` checked: keys, non-empty distinct level names."""
    if not isinstance(raw, Mapping):
        raise ScenarioError(
            f"must be a table of issue -> list of level names, found {kind(raw)}", key="red_lines"
        )
    out: dict[str, tuple[str, ...]] = {}
    for issue_key, names in raw.items():
        where = f"red_lines.{issue_key}"
        check_key(issue_key, where)
        if isinstance(names, str) or not isinstance(names, Sequence):
            raise ScenarioError(f"must be a list of level names, found {kind(names)}", key=where)
        levels: list[str] = []
        for j, name in enumerate(names):
            if not isinstance(name, str) or not name:
                raise ScenarioError(
                    f"must be a level name (a non-empty string), found {kind(name)}",
                    key=f"{where}[{j}]",
                )
            if name in levels:
                raise ScenarioError(f"repeats the level {name!r}", key=f"{where}[{j}]")
            levels.append(name)
        out[issue_key] = tuple(levels)
    return FrozenMap(out)
