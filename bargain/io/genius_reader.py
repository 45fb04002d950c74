"""Reading GENIUS XML: a domain file and its profiles as a :class:`~bargain.Scenario`.

How GENIUS maps onto the model, and what is read with a warning or refused, is described in
:mod:`bargain.io.genius`. Reading is bounded: files are read as
:func:`bargain._files.read_bytes` reads them (regular files, at most 64 MiB), an issue may have
at most :data:`MAX_LEVELS` levels (integer ranges and ``real_resolution`` are checked before any
level is made, with an estimate of the memory they would take), item look-ups are hashed (linear
time in the number of items) and objective trees are walked without recursion.

Examples
--------
>>> s = read_genius_folder("tests/data/genius/y2010/ItexvsCypress")
>>> s.issue_keys
('price', 'delivery', 'payment', 'returns')
"""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bargain._files import read_bytes
from bargain.errors import BargainWarning, ScenarioError
from bargain.model.issue import Issue
from bargain.model.party import Party
from bargain.model.scenario import Scenario

__all__ = [
    "DEFAULT_REAL_RESOLUTION",
    "DOMAIN_ROOTS",
    "IMPORTED",
    "MAX_LEVELS",
    "PROFILE_ROOT",
    "check_real_resolution",
    "find_genius_files",
    "genius_key",
    "read_genius",
    "read_genius_folder",
]

DEFAULT_REAL_RESOLUTION = 11
"""Number of evenly spaced levels a real (continuous) GENIUS issue is read as."""

WEIGHT_SUM_TOLERANCE = 1e-6
DOMAIN_ROOTS = ("negotiation_template", "domain")
PROFILE_ROOT = "utility_space"
_SEPARATORS = "_- ."
_IGNORED_WHY = {
    "similarity_function": "a similarity model, not part of a linear additive utility",
    "criteria_function": "a similarity model, not part of a linear additive utility",
}

#: The most levels an issue may have (an integer range of a million values is already a lot).
MAX_LEVELS = 1_000_000
#: Bytes of memory a level takes, about (its name, its number, a value per party): for the
#: estimate given when an issue is refused.
_BYTES_PER_LEVEL = 100

PathLike = str | Path
#: How the description of a scenario read from GENIUS files begins.
IMPORTED = "Imported from GENIUS XML"


# --------------------------------------------------------------------------- names and keys
def genius_key(name: str, prefix: str = "i") -> str:
    """Turn a GENIUS name into a key: ASCII letters, digits, ``_`` and ``-``, lower case.

    Accents are dropped, other runs of characters become ``_``; a key that would start with a
    digit or ``-`` (or be empty) gets `prefix` in front.

    Examples
    --------
    >>> genius_key("Size of Fund"), genius_key("0000-0300"), genius_key("Café crème")
    ('size_of_fund', 'i_0000-0300', 'cafe_creme')
    """
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9_-]+", "_", text).strip("_-").lower()
    if not text:
        return prefix
    if not (text[0].isalpha() or text[0] == "_"):
        text = f"{prefix}_{text}"
    return text


def _unique_keys(names: Sequence[str], prefix: str) -> list[str]:
    keys: list[str] = []
    seen: set[str] = set()
    for name in names:
        base = genius_key(name, prefix)
        key, n = base, 1
        while key in seen:
            n += 1
            key = f"{base}_{n}"
        seen.add(key)
        keys.append(key)
    return keys


def _strip_prefix(stem: str, prefixes: Sequence[str]) -> str:
    for prefix in prefixes:
        for sep in _SEPARATORS:
            head = prefix + sep
            if len(stem) > len(head) and stem.lower().startswith(head.lower()):
                return stem[len(head) :]
    return stem


def _scenario_name(domain: Path) -> str:
    stem = domain.stem
    for sep in _SEPARATORS:
        suffix = f"{sep}domain"
        if stem.lower().endswith(suffix) and len(stem) > len(suffix):
            return stem[: -len(suffix)]
    return stem


def _number_text(x: float) -> str:
    return f"{x:.12g}"


# --------------------------------------------------------------------------- reading XML
class _XmlFile:
    """One XML file being read: its root, its name in messages, what was ignored."""

    def __init__(self, path: PathLike) -> None:
        self.label = str(path)
        self.path = Path(path)
        self.warnings: list[str] = []
        self._ignored: Counter[tuple[str, str]] = Counter()
        data = read_bytes(path, what="a GENIUS XML file")
        try:
            parser = ET.XMLParser()
            parser.feed(data)
            self.root = parser.close()
        except ET.ParseError as exc:
            raise ScenarioError(f"is not well-formed XML: {exc}", source=self.label) from None
        except LookupError as exc:  # an encoding Python does not know
            raise ScenarioError(
                f"declares an unknown text encoding ({exc}); GENIUS files are UTF-8",
                source=self.label,
            ) from None
        except ValueError as exc:  # e.g. a multi-byte encoding expat cannot read
            raise ScenarioError(f"cannot be read as XML: {exc}", source=self.label) from None

    def error(self, element: ET.Element, problem: str) -> ScenarioError:
        return ScenarioError(problem, key=_describe(element), source=self.label)

    def warn(self, message: str) -> None:
        self.warnings.append(f"{self.label}: {message}")

    def ignore(self, element: ET.Element, parent: ET.Element) -> None:
        self._ignored[(element.tag, parent.tag)] += 1

    def flush(self) -> list[str]:
        for (tag, parent), n in self._ignored.items():
            why = _IGNORED_WHY.get(tag, "not part of a GENIUS linear additive utility space")
            self.warn(f"ignored {n} <{tag}> element{'s' if n > 1 else ''} in <{parent}>: {why}")
        self._ignored.clear()
        return self.warnings

    def number(self, element: ET.Element, attribute: str = "value") -> float:
        text = element.get(attribute)
        if text is None:
            raise self.error(element, f"has no {attribute!r} attribute")
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            raise self.error(element, f"has {attribute}={text!r}, expected a number")
        return value


def _describe(element: ET.Element) -> str:
    order = ("index", "value") if element.tag == "weight" else ("name", "value", "index")
    for attribute in order:
        if element.get(attribute) is not None:
            return f"<{element.tag} {attribute}={element.get(attribute)!r}>"
    return f"<{element.tag}>"


@dataclass(frozen=True, slots=True)
class _DomainIssue:
    """An issue of the domain file: identity, type and levels (with their numbers for ranges)."""

    index: str | None
    name: str
    kind: str  # "discrete", "integer" or "real"
    levels: tuple[str, ...]
    points: NDArray[np.float64] | None  # the number of each level, for integer and real issues
    lower: float
    description: str


@dataclass(frozen=True, slots=True)
class _Profile:
    label: str
    values: tuple[tuple[float, ...], ...]  # per domain issue, per level
    weights: tuple[float, ...]
    reservation: float | None
    discount: float


def _issue_kind(file: _XmlFile, element: ET.Element) -> str:
    kind = (
        element.get("type") or element.get("etype") or element.get("vtype") or "discrete"
    ).lower()
    if kind not in ("discrete", "integer", "real"):
        raise file.error(element, f"has type {kind!r}; supported: discrete, integer, real")
    return kind


def _objective_tree(
    file: _XmlFile, objective: ET.Element
) -> tuple[list[ET.Element], list[ET.Element], set[str]]:
    """Issues and weights of an objective tree, and the indices of its objectives."""
    issues: list[ET.Element] = []
    weights: list[ET.Element] = []
    objectives: set[str] = set()
    # Depth first, in document order, without recursion (a tree may be thousands deep).
    todo: list[tuple[ET.Element, list[ET.Element], int]] = [(objective, list(objective), 0)]
    while todo:
        node, children, start = todo.pop()
        if start == 0 and node.get("index") is not None:
            objectives.add(str(node.get("index")))
        for k in range(start, len(children)):
            child = children[k]
            if child.tag == "issue":
                issues.append(child)
            elif child.tag == "weight":
                weights.append(child)
            elif child.tag == "objective":
                file.warn(
                    f"{_describe(child)} is nested in {_describe(node)}: its issues are read as "
                    "issues of the domain, weighted by their own <weight>"
                )
                todo += [(node, children, k + 1), (child, list(child), 0)]
                break
            else:
                file.ignore(child, node)
    return issues, weights, objectives


def _root_objective(file: _XmlFile, space: ET.Element) -> ET.Element:
    objectives = [c for c in space if c.tag == "objective"]
    if not objectives:
        raise file.error(space, "has no <objective> holding the issues")
    if len(objectives) > 1:
        raise file.error(space, f"has {len(objectives)} root <objective> elements, expected 1")
    return objectives[0]


def _range_bounds(file: _XmlFile, element: ET.Element, kind: str) -> tuple[float, float]:
    holder = element
    if element.get("lowerbound") is None:
        ranges = [c for c in element if c.tag == "range"]
        if not ranges:
            raise file.error(element, f"is a {kind} issue without lowerbound/upperbound")
        holder = ranges[0]
    lower = file.number(holder, "lowerbound")
    upper = file.number(holder, "upperbound")
    if kind == "integer" and (lower != int(lower) or upper != int(upper)):
        raise file.error(element, f"is an integer issue with bounds {lower:g}..{upper:g}")
    if upper <= lower:
        raise file.error(
            element, f"has upperbound {upper:g} ≤ lowerbound {lower:g}, expected at least 2 values"
        )
    return lower, upper


def _bound(x: float) -> str:
    """An integer bound as text: all its digits up to 15 of them, else ``1e+308`` style."""
    return str(int(x)) if abs(x) < 1e15 else f"{x:g}"


def _too_many_levels(file: _XmlFile, element: ET.Element, count: int, what: str) -> ScenarioError:
    need = count * _BYTES_PER_LEVEL
    return file.error(
        element,
        f"{what}: {count:,} levels would need about {need / 2**30:,.1f} GiB of memory; an issue "
        f"may have at most {MAX_LEVELS:,} levels",
    )


def _discrete_levels(file: _XmlFile, element: ET.Element) -> tuple[str, ...]:
    """The values of a discrete issue, once each, in file order (hashed: linear time)."""
    levels: dict[str, None] = {}
    indices: Counter[str] = Counter()
    repeated: list[str] = []
    for child in element:
        if child.tag != "item":
            file.ignore(child, element)
            continue
        value = child.get("value")
        if value is None or value == "":
            raise file.error(child, f"in {_describe(element)} has no value")
        indices[str(child.get("index"))] += 1
        if value in levels:
            repeated.append(value)
        else:
            levels[value] = None
    if repeated:
        file.warn(
            f"{_describe(element)} lists the value(s) {', '.join(map(repr, repeated))} more "
            "than once; each is read once"
        )
    again = sorted(i for i, n in indices.items() if n > 1 and i != "None")
    if again:
        file.warn(
            f"{_describe(element)} repeats item index {', '.join(again)}; items are identified "
            "by their value, in file order"
        )
    if len(levels) < 2:
        raise file.error(element, f"has {len(levels)} value(s), expected at least 2")
    if len(levels) > MAX_LEVELS:
        raise _too_many_levels(file, element, len(levels), "lists too many values")
    return tuple(levels)


def _range_levels(
    file: _XmlFile, element: ET.Element, kind: str, real_resolution: int
) -> tuple[tuple[str, ...], NDArray[np.float64], float]:
    """Level names, their numbers and the lower bound of an integer or real issue."""
    for child in element:
        if child.tag not in ("range", "evaluator"):
            file.ignore(child, element)
    lower, upper = _range_bounds(file, element, kind)
    if kind == "integer":
        count = int(upper) - int(lower) + 1
        if count > MAX_LEVELS:
            what = f"is an integer range {_bound(lower)}..{_bound(upper)}"
            raise _too_many_levels(file, element, count, what)
        points = np.arange(count, dtype=np.float64) + lower
        return tuple(str(int(x)) for x in points), points, lower
    if math.isfinite(upper - lower):
        points = np.linspace(lower, upper, real_resolution)
    else:  # a range wider than the largest float: the same points, as mixes of the bounds
        t = np.linspace(0.0, 1.0, real_resolution)
        points = lower * (1.0 - t) + upper * t
    names = tuple(_number_text(float(x)) for x in points)
    if len(set(names)) < len(names):
        names = tuple(repr(float(x)) for x in points)
    file.warn(
        f"{_describe(element)} is a real range [{lower:g}, {upper:g}]: read as "
        f"{real_resolution} evenly spaced levels (real_resolution={real_resolution})"
    )
    return names, points, lower


def _domain_issue(file: _XmlFile, element: ET.Element, real_resolution: int) -> _DomainIssue:
    name = element.get("name")
    if not name or not name.strip():
        raise file.error(element, "has no name")
    kind = _issue_kind(file, element)
    points: NDArray[np.float64] | None = None
    lower = 0.0
    if kind == "discrete":
        names = _discrete_levels(file, element)
    else:
        names, points, lower = _range_levels(file, element, kind, real_resolution)
    return _DomainIssue(
        index=element.get("index"),
        name=name,
        kind=kind,
        levels=names,
        points=points,
        lower=lower,
        description=element.get("description") or "",
    )


def _read_domain(path: PathLike, real_resolution: int) -> tuple[list[_DomainIssue], str, list[str]]:
    file = _XmlFile(path)
    root = file.root
    if root.tag == PROFILE_ROOT:
        raise file.error(
            root, "is a party's utility space (a profile), expected the domain (template) file"
        )
    if root.tag not in DOMAIN_ROOTS:
        raise file.error(root, "is not a GENIUS domain file (expected <negotiation_template>)")
    spaces = [c for c in root if c.tag == PROFILE_ROOT]
    if len(spaces) != 1:
        raise file.error(root, f"has {len(spaces)} <utility_space> elements, expected 1")
    for child in root:
        if child.tag not in (PROFILE_ROOT, "agent"):  # <agent> names programs to run, not issues
            file.ignore(child, root)
    for child in spaces[0]:
        if child.tag != "objective":
            file.ignore(child, spaces[0])
    objective = _root_objective(file, spaces[0])
    elements, weights, _ = _objective_tree(file, objective)
    if weights:
        file.warn(f"ignored {len(weights)} <weight> element(s): weights belong in the profiles")
    if not elements:
        raise file.error(objective, "has no <issue>")
    issues = [_domain_issue(file, e, real_resolution) for e in elements]
    seen: dict[str, str] = {}
    for issue, element in zip(issues, elements, strict=True):
        if issue.index is not None:
            if issue.index in seen:
                raise file.error(
                    element, f"repeats issue index {issue.index} of issue {seen[issue.index]!r}"
                )
            seen[issue.index] = issue.name
    title = objective.get("name") or ""
    return issues, ("" if title.lower() == "root" else title), file.flush()


def _match_issue(
    file: _XmlFile, element: ET.Element, domain: list[_DomainIssue], domain_label: str
) -> int:
    index, name = element.get("index"), element.get("name")
    hint = f"in the domain file {domain_label}: is this a profile for another domain?"
    if index is not None and any(d.index is not None for d in domain):
        for j, d in enumerate(domain):
            if d.index == index:
                if name is not None and name != d.name:
                    raise file.error(
                        element, f"has index {index}, which is the issue {d.name!r} {hint}"
                    )
                return j
        raise file.error(element, f"has index {index}, which is no issue {hint}")
    matches = [j for j, d in enumerate(domain) if d.name == name]
    if len(matches) != 1:
        found = "no issue" if not matches else "more than one issue"
        raise file.error(element, f"names {found} {hint}")
    return matches[0]


def _listed(values: Sequence[str], most: int = 10) -> str:
    """Up to `most` values, quoted; how many more there are."""
    shown = ", ".join(map(repr, values[:most]))
    return shown + (f" and {len(values) - most:,} more" if len(values) > most else "")


def _discrete_values(
    file: _XmlFile, element: ET.Element, issue: _DomainIssue, domain_label: str
) -> NDArray[np.float64]:
    known = set(issue.levels)
    evaluations: dict[str, float] = {}
    repeated: list[str] = []
    for child in element:
        if child.tag != "item":
            file.ignore(child, element)
            continue
        value = child.get("value")
        if value is None:
            raise file.error(child, f"in {_describe(element)} has no value")
        if value not in known:
            raise file.error(
                child,
                f"in {_describe(element)} is not a value of the issue in the domain file "
                f"{domain_label} (values: {_listed(issue.levels)})",
            )
        evaluation = file.number(child, "evaluation")
        if evaluation < 0:
            raise file.error(child, f"has evaluation {evaluation:g}, expected ≥ 0")
        if value in evaluations:
            if evaluations[value] != evaluation:
                raise file.error(
                    child,
                    f"in {_describe(element)} is evaluated twice, as {evaluations[value]:g} "
                    f"and {evaluation:g}",
                )
            repeated.append(value)
        evaluations[value] = evaluation
    if repeated:
        file.warn(f"{_describe(element)} evaluates {_listed(repeated)} twice alike")
    missing = [v for v in issue.levels if v not in evaluations]
    if missing:
        raise file.error(element, f"gives no evaluation for the value(s) {_listed(missing)}")
    raw = np.array([evaluations[v] for v in issue.levels], dtype=np.float64)
    top = float(raw.max())
    if top == 0:
        file.warn(
            f"{_describe(element)}: every evaluation is 0, so the issue adds nothing to this "
            "party's utility"
        )
        return np.zeros_like(raw)
    return raw / top


def _range_values(file: _XmlFile, element: ET.Element, issue: _DomainIssue) -> NDArray[np.float64]:
    assert issue.points is not None
    evaluators = [c for c in element if c.tag == "evaluator"]
    for child in element:
        if child.tag not in ("evaluator", "range"):
            file.ignore(child, element)
    if not evaluators:
        raise file.error(element, f"is a {issue.kind} issue without an <evaluator>")
    ev = evaluators[0]
    ftype = (ev.get("ftype") or "linear").lower()
    x = issue.points
    with np.errstate(over="ignore", invalid="ignore"):  # overflows clip to 0 or 1 below
        if ftype == "linear":
            if ev.get("slope") is not None:
                offset, slope = file.number(ev, "offset"), file.number(ev, "slope")
                raw = offset + 2 * slope * (x / 2 - issue.lower / 2)
            else:
                raw = file.number(ev, "parameter0") + file.number(ev, "parameter1") * x
        elif ftype == "constant":
            name = "offset" if ev.get("offset") is not None else "parameter0"
            raw = np.full_like(x, file.number(ev, name))
        else:
            raise file.error(ev, f"has ftype {ftype!r}; supported: linear, constant")
    if np.any(np.isnan(raw)):
        raise file.error(ev, "evaluates to an undefined number (infinity minus infinity)")
    return np.clip(raw, 0.0, 1.0)


def _open_profile(path: PathLike) -> _XmlFile:
    file = _XmlFile(path)
    if file.root.tag in DOMAIN_ROOTS:
        raise file.error(file.root, "is a domain (template) file, expected a party's utility space")
    if file.root.tag != PROFILE_ROOT:
        raise file.error(file.root, "is not a GENIUS utility space (expected <utility_space>)")
    return file


def _reservation_and_discount(file: _XmlFile) -> tuple[float | None, float]:
    """The ``<reservation>`` (None if absent) and ``<discount_factor>`` (1 if absent or 0)."""
    root = file.root
    reservation: float | None = None
    discount = 1.0
    for tag in ("reservation", "discount_factor"):
        found = [c for c in root if c.tag == tag]
        numbers = {file.number(c) for c in found}
        if len(numbers) > 1:
            raise file.error(found[1], f"contradicts an earlier <{tag}>")
        if len(found) > 1:
            file.warn(f"repeats <{tag}> with the same value")
        if found and tag == "reservation":
            reservation = numbers.pop()
        elif found:
            d = numbers.pop()
            if not 0 <= d <= 1:
                raise file.error(found[0], f"is {d:g}, expected a discount factor in [0, 1]")
            discount = d if d > 0 else 1.0
    for child in root:
        if child.tag not in ("objective", "reservation", "discount_factor"):
            file.ignore(child, root)
    return reservation, discount


def _profile_values(
    file: _XmlFile,
    objective: ET.Element,
    elements: list[ET.Element],
    domain: list[_DomainIssue],
    domain_label: str,
) -> tuple[list[NDArray[np.float64]], dict[str, int]]:
    """Each domain issue's values, and the domain issue of each profile issue index."""
    values: list[NDArray[np.float64] | None] = [None] * len(domain)
    index_of: dict[str, int] = {}
    for element in elements:
        j = _match_issue(file, element, domain, domain_label)
        if values[j] is not None:
            raise file.error(element, "evaluates an issue a second time")
        issue = domain[j]
        kind = _issue_kind(file, element)
        if kind != issue.kind:
            raise file.error(element, f"is {kind}, but {issue.kind} in the domain file")
        if issue.kind == "discrete":
            values[j] = _discrete_values(file, element, issue, domain_label)
        else:
            values[j] = _range_values(file, element, issue)
        index_of[element.get("index") or issue.index or ""] = j
    out = []
    for issue, v in zip(domain, values, strict=True):
        if v is None:
            raise file.error(
                objective, f"has no evaluation of the issue {issue.name!r} of the domain file"
            )
        out.append(v)
    return out, index_of


def _profile_weights(
    file: _XmlFile,
    objective: ET.Element,
    elements: list[ET.Element],
    index_of: dict[str, int],
    objective_indices: set[str],
    domain: list[_DomainIssue],
) -> tuple[float, ...]:
    """Each domain issue's ``<weight>`` (``1 / n`` each when the profile has none)."""
    weights: list[float | None] = [None] * len(domain)
    ignored: list[str] = []
    for element in elements:
        index = element.get("index")
        if index is None:
            raise file.error(element, "has no index (which issue does it weigh?)")
        w = file.number(element)
        if w < 0:
            raise file.error(element, f"has value {w:g}, expected a weight ≥ 0")
        if index not in index_of:
            kind = "an objective" if index in objective_indices else "no issue"
            ignored.append(f"{index} ({kind})")
            continue
        j = index_of[index]
        previous = weights[j]
        if previous is not None and previous != w:
            raise file.error(element, f"weighs issue {domain[j].name!r} again, differently")
        if previous is not None:
            file.warn(f"{_describe(element)} is repeated with the same value")
        weights[j] = w
    if ignored:
        file.warn(f"ignored <weight> with index {', '.join(ignored)}")
    if all(x is None for x in weights):
        file.warn(f"has no <weight>: every issue weighs 1/{len(domain)}")
        weights = [1.0 / len(domain)] * len(domain)
    final = []
    for issue, weight in zip(domain, weights, strict=True):
        if weight is None:
            raise file.error(
                objective, f"has no <weight> for the issue {issue.name!r} (index {issue.index})"
            )
        final.append(float(weight))
    try:
        total = math.fsum(final)
    except OverflowError:
        raise file.error(
            objective, "has weights summing to more than the largest float; GENIUS weights sum to 1"
        ) from None
    if abs(total - 1) > WEIGHT_SUM_TOLERANCE:
        file.warn(f"weights sum to {total:.10g}, not 1; kept as given (utilities not rescaled)")
    return tuple(final)


def _read_profile(
    path: PathLike, domain: list[_DomainIssue], domain_label: str, label: str
) -> tuple[_Profile, list[str]]:
    file = _open_profile(path)
    reservation, discount = _reservation_and_discount(file)
    objective = _root_objective(file, file.root)
    elements, weight_elements, objective_indices = _objective_tree(file, objective)
    values, index_of = _profile_values(file, objective, elements, domain, domain_label)
    weights = _profile_weights(
        file, objective, weight_elements, index_of, objective_indices, domain
    )
    profile = _Profile(
        label=label,
        values=tuple(tuple(v.tolist()) for v in values),
        weights=weights,
        reservation=reservation,
        discount=discount,
    )
    return profile, file.flush()


# --------------------------------------------------------------------------- public readers
def check_real_resolution(value: object, key: str = "real_resolution") -> int:
    """`value` if it is a whole number of levels for a real issue: 2 to :data:`MAX_LEVELS`.

    Examples
    --------
    >>> check_real_resolution(10**9, "--real-resolution")
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: --real-resolution is 1,000,000,000: that many levels per real \
issue would need about 93.1 GiB of memory; at most 1,000,000
    """
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(f"must be an integer, found {value!r}", key=key)
    if value < 2:
        raise ScenarioError(f"must be ≥ 2, found {value}", key=key)
    if value > MAX_LEVELS:
        need = value * _BYTES_PER_LEVEL / 2**30
        raise ScenarioError(
            f"is {value:,}: that many levels per real issue would need about {need:,.1f} GiB of "
            f"memory; at most {MAX_LEVELS:,}",
            key=key,
        )
    return value


def read_genius(
    domain_path: PathLike,
    profile_paths: Iterable[PathLike],
    *,
    real_resolution: int = DEFAULT_REAL_RESOLUTION,
) -> Scenario:
    """Read a GENIUS domain file and its profiles (one per party) as a :class:`Scenario`.

    Parameters
    ----------
    domain_path
        The domain (template) file, root ``<negotiation_template>``.
    profile_paths
        One utility-space file (root ``<utility_space>``) per party, at least two.
    real_resolution
        Number of evenly spaced levels each real (continuous) issue is read as (≥ 2).

    Returns
    -------
    Scenario
        Issues in domain order; parties in the order of `profile_paths`.

    Raises
    ------
    ScenarioError
        For what cannot be read, naming the file and the element.

    Warns
    -----
    BargainWarning
        For what was read with a caveat or ignored (see the module documentation).

    Examples
    --------
    >>> import tempfile, bargain
    >>> x = bargain.Issue("x", levels=["a", "b"])
    >>> toy = bargain.Scenario(name="toy", issues=[x], parties=[
    ...     bargain.Party("p", "P", values={"x": [0.0, 1.0]}),
    ...     bargain.Party("q", "Q", values={"x": [1.0, 0.0]})])
    >>> domain, *profiles = bargain.write_genius(toy, tempfile.mkdtemp())
    >>> read_genius(domain, profiles).party_keys
    ('p', 'q')
    """
    if isinstance(profile_paths, str | Path):
        raise ScenarioError(
            "must be a list of profile files (one per party), found one path", key="profile_paths"
        )
    profiles = [Path(p) for p in profile_paths]
    real_resolution = check_real_resolution(real_resolution)
    if len(profiles) < 2:
        raise ScenarioError(
            f"has {len(profiles)} profile(s), expected one per party (at least 2)",
            key="profile_paths",
        )
    domain_file = Path(domain_path)
    domain, title, messages = _read_domain(domain_path, real_resolution)
    name = _scenario_name(domain_file)
    party_labels = [_strip_prefix(p.stem, (domain_file.stem, name)) for p in profiles]
    party_keys = _unique_keys(party_labels, "p")
    read: list[_Profile] = []
    for path, label in zip(profiles, party_labels, strict=True):
        profile, notes = _read_profile(path, domain, str(domain_path), label)
        read.append(profile)
        messages += notes
    issue_keys = _unique_keys([d.name for d in domain], "i")
    try:
        issues = [
            Issue(key, d.name, d.levels, d.description)
            for key, d in zip(issue_keys, domain, strict=True)
        ]
    except ScenarioError as exc:
        raise exc.with_source(str(domain_path)) from None
    parties = []
    notes = []
    for key, profile, path in zip(party_keys, read, profiles, strict=True):
        if profile.reservation is None:
            notes.append(f"{path.name} has no reservation value: disagreement utility 0.")
        try:
            parties.append(
                Party(
                    key,
                    profile.label,
                    values=dict(zip(issue_keys, profile.values, strict=True)),
                    weights=dict(zip(issue_keys, profile.weights, strict=True)),
                    disagreement=profile.reservation or 0.0,
                    discount=profile.discount,
                )
            )
        except ScenarioError as exc:
            raise exc.with_source(str(path)) from None
    for d in domain:
        if d.kind == "real":
            notes.append(
                f"Real issue {d.name!r} discretised into {real_resolution} evenly spaced levels."
            )
    scenario = Scenario(
        name=name,
        title=title or name,
        description=(
            f"{IMPORTED}: domain {domain_file.name}, "
            f"profiles {', '.join(p.name for p in profiles)}."
        ),
        sources=(f"GENIUS XML files {domain_file.name}, {', '.join(p.name for p in profiles)}",),
        notes={"scenario": " ".join(notes)} if notes else {},
        issues=tuple(issues),
        parties=tuple(parties),
    )
    for message in messages:
        warnings.warn(message, BargainWarning, stacklevel=2)
    return scenario


def find_genius_files(folder: PathLike) -> tuple[Path, list[Path]]:
    """The domain file and the profiles (sorted by file name) among a folder's ``*.xml`` files.

    The domain is the file whose root is ``<negotiation_template>``; profiles have the root
    ``<utility_space>``. Other XML files are skipped with a warning.

    Raises
    ------
    ScenarioError
        If the folder holds no domain or more than one, fewer than two profiles, or an XML file
        that is not well formed.
    """
    where = str(folder)
    path = Path(folder)
    if not path.is_dir():
        raise ScenarioError("is not a folder (expected GENIUS XML files)", source=where)
    domains: list[Path] = []
    profiles: list[Path] = []
    for file in sorted(path.glob("*.xml")):
        tag = _XmlFile(file).root.tag
        if tag in DOMAIN_ROOTS:
            domains.append(file)
        elif tag == PROFILE_ROOT:
            profiles.append(file)
        else:
            warnings.warn(
                f"{file}: skipped, root <{tag}> is neither a GENIUS domain nor a utility space",
                BargainWarning,
                stacklevel=2,
            )
    if len(domains) != 1:
        found = ", ".join(p.name for p in domains) or "none"
        raise ScenarioError(
            f"must hold exactly one GENIUS domain file (root <negotiation_template>), "
            f"found {len(domains)}: {found}",
            source=where,
        )
    if len(profiles) < 2:
        raise ScenarioError(
            f"must hold at least two GENIUS profiles (root <utility_space>), found {len(profiles)}",
            source=where,
        )
    return domains[0], profiles


def read_genius_folder(
    folder: PathLike, *, real_resolution: int = DEFAULT_REAL_RESOLUTION
) -> Scenario:
    """Read the GENIUS domain and profiles a folder holds (see :func:`find_genius_files`)."""
    domain, profiles = find_genius_files(folder)
    return read_genius(domain, profiles, real_resolution=real_resolution)
