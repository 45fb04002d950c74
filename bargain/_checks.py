"""Input checks shared by every layer: keys, numbers, counts, per-party values, seeds, choices.

Each check returns the value it accepts (converted where useful) or raises
:class:`~bargain.errors.ScenarioError` naming the key, what was expected and what was found.
They depend on nothing in `bargain` but the errors, so every layer may use them.

Examples
--------
>>> check_number(0.5, "power")
0.5
>>> check_number(float("nan"), "power")
Traceback (most recent call last):
...
bargain.errors.ScenarioError: power must be a finite number, found nan
>>> suggest("missile", ["missiles", "exercises"])
"did you mean 'missiles'?"
>>> per_party(("russia", "nato"), {"nato": 0.8}, "disagreement")
[('nato', 0.8)]
>>> check_count(0, "rounds", minimum=1)
Traceback (most recent call last):
...
bargain.errors.ScenarioError: rounds must be >= 1, found 0
"""

from __future__ import annotations

import difflib
import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

import numpy as np

from bargain.errors import ScenarioError

__all__ = [
    "FIGURE_SUFFIXES",
    "KEY_PATTERN",
    "as_generator",
    "check_bool",
    "check_count",
    "check_key",
    "check_number",
    "check_suffix",
    "check_text",
    "check_type",
    "kind",
    "per_party",
    "seed_of",
    "suggest",
]

KEY_PATTERN = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
#: The file types a figure can be saved as (by extension).
FIGURE_SUFFIXES = (".png", ".svg", ".pdf")

T = TypeVar("T")


def kind(value: object) -> str:
    """Describe what `value` is, for an error message (``"the string 'x'"``, ``"a list"``)."""
    if isinstance(value, str):
        return f"the string {value!r}"
    if isinstance(value, Mapping):
        return "a table"
    if isinstance(value, list | tuple):
        return "a list"
    return f"{type(value).__name__} {value!r}"


def suggest(name: str, choices: Iterable[str]) -> str:
    """A hint naming the choices closest to `name` (or all of them)."""
    options = sorted(choices)
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.5)
    if close:
        return "did you mean " + " or ".join(repr(c) for c in close) + "?"
    return "expected one of: " + ", ".join(options) if options else "there are none"


def check_key(value: object, key: str) -> str:
    """`value` if it is a valid identifier key (letters, digits, ``_``, ``-``)."""
    if not isinstance(value, str) or not KEY_PATTERN.match(value):
        raise ScenarioError(
            f"must be an identifier (letters, digits, '_' or '-', not starting with a digit), "
            f"found {value!r}",
            key=key,
        )
    return value


def check_text(value: object, key: str) -> str:
    """`value` if it is a string."""
    if not isinstance(value, str):
        raise ScenarioError(f"must be a string, found {kind(value)}", key=key)
    return value


def check_number(value: object, key: str) -> float:
    """`value` as a float if it is a finite real number (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ScenarioError(f"must be a number, found {kind(value)}", key=key)
    try:
        number = float(value)
    except OverflowError:  # an int too large for a float
        raise ScenarioError(
            f"must be a finite number, found an integer of {len(str(value))} digits", key=key
        ) from None
    if not math.isfinite(number):
        raise ScenarioError(f"must be a finite number, found {number}", key=key)
    return number


def check_bool(value: object, key: str) -> bool:
    """`value` if it is True or False (numpy booleans included)."""
    if not isinstance(value, bool | np.bool_):
        raise ScenarioError(f"must be True or False, found {value!r}", key=key)
    return bool(value)


def check_count(value: object, key: str, *, minimum: int = 1) -> int:
    """`value` as an int if it is a whole number ``>= minimum`` (not a bool)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ScenarioError(f"must be a whole number >= {minimum}, found {value!r}", key=key)
    if value < minimum:
        raise ScenarioError(f"must be >= {minimum}, found {value}", key=key)
    return int(value)


def check_type(value: object, cls: type[T], key: str) -> T:
    """`value` if it is an instance of `cls` (the guard at every public entry point).

    Examples
    --------
    >>> check_type("x", dict, "table")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: table must be a dict, found str
    """
    if not isinstance(value, cls):
        raise ScenarioError(f"must be a {cls.__name__}, found {type(value).__name__}", key=key)
    return value


def per_party(keys: Sequence[str], value: object, name: str) -> list[tuple[str, Any]]:
    """``(party_key, raw value)`` pairs from a mapping or a sequence of one value per party.

    A mapping may name some parties only; a sequence must have one entry per party, in order.
    Each value is left to the caller to check, with the key ``f"{name}[{party!r}]"``.
    """
    if isinstance(value, Mapping):
        for key in value:
            if key not in keys:
                raise ScenarioError(
                    f"names {key!r}, which is not a party; {suggest(str(key), keys)}", key=name
                )
        return [(str(k), v) for k, v in value.items()]
    if isinstance(value, str | bytes) or not isinstance(value, Sequence | np.ndarray):
        raise ScenarioError(
            f"must be a mapping of party -> value or one value per party, "
            f"found {type(value).__name__} {value!r}",
            key=name,
        )
    items = list(value)
    if len(items) != len(keys):
        raise ScenarioError(
            f"must have one value per party ({len(keys)}: {', '.join(keys)}), found {len(items)}",
            key=name,
        )
    return list(zip(keys, items, strict=True))


def as_generator(rng: object, key: str = "rng") -> np.random.Generator:
    """A numpy Generator from ``rng``: a Generator, an int seed >= 0 or None (fresh entropy)."""
    if isinstance(rng, np.random.Generator):
        return rng
    return np.random.default_rng(seed_of(rng, key) if rng is not None else None)


def seed_of(rng: object, key: str = "rng") -> int:
    """An int seed from ``rng``: the seed itself, one drawn from a Generator, or fresh entropy.

    Examples
    --------
    >>> seed_of(7)
    7
    >>> seed_of(-1)
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: rng must be a seed >= 0, found -1
    """
    if rng is None:
        entropy = np.random.SeedSequence().entropy
        assert isinstance(entropy, int)
        return entropy
    if isinstance(rng, np.random.Generator):
        return int(rng.integers(0, 2**63))
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        if rng < 0:
            raise ScenarioError(f"must be a seed >= 0, found {rng}", key=key)
        return int(rng)
    raise ScenarioError(
        f"must be a numpy Generator, an int seed or None, found {type(rng).__name__}", key=key
    )


def check_suffix(path: str | os.PathLike[str], suffixes: Sequence[str], key: str) -> Path:
    """`path` as a Path if its extension is one of `suffixes` (any case).

    Examples
    --------
    >>> check_suffix("deal.jpg", FIGURE_SUFFIXES, "path")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: path must end in .png, .svg or .pdf, found 'deal.jpg'
    """
    p = Path(path)
    if p.suffix.lower() not in suffixes:
        listed = (
            ", ".join(suffixes[:-1]) + " or " + suffixes[-1] if len(suffixes) > 1 else suffixes[0]
        )
        raise ScenarioError(f"must end in {listed}, found {str(path)!r}", key=key)
    return p
