"""GENIUS XML, the interchange format of automated negotiation: read it and write it.

GENIUS (TU Delft), the ANAC competitions and NegMAS keep a negotiation in one *domain* (template)
file, which lists the issues and their values, and one *utility space* (profile) file per party.
:func:`read_genius` turns such files into a :class:`~bargain.model.scenario.Scenario`;
:func:`write_genius` writes a scenario back as such files.

How GENIUS maps onto the model
------------------------------
A GENIUS party's utility of an outcome is (linear additive)
``sum_i weight_i * evaluation_i(value) / max evaluation_i``. So each issue becomes an
:class:`~bargain.model.scenario.Issue` and each profile a :class:`~bargain.model.scenario.Party`
with

- ``values[issue] = evaluation / max evaluation`` per level, ``weights[issue] =`` the GENIUS weight.
  Weights are kept **as given**, never rescaled, because the GENIUS utility uses them as given;
  weights that do not sum to 1 (within 1e-6) are reported with a
  :class:`~bargain.errors.BargainWarning`.
  A profile without any ``<weight>`` weighs every issue ``1 / n_issues`` (and says so).
- ``disagreement = <reservation value=…>``; **0 when the profile has none** (the lowest GENIUS
  utility: no agreement is worth nothing; NegMAS reads a missing reservation value as 0 too).
- ``discount = <discount_factor value=…>``. GENIUS writes 0 (or nothing) for "no discount", so 0
  and a missing factor become ``1.0``. GENIUS discounts over normalised time (``u * d**t``,
  ``t`` in [0, 1]) while ``Party.discount`` is per round: the number is copied, its time unit is
  the modeller's to set.
- Discrete issues keep their values, in file order, as levels. Integer issues (a range with a
  linear evaluator) become one level per integer. Real issues become ``real_resolution`` evenly
  spaced levels from the lower to the upper bound (default :data:`DEFAULT_REAL_RESOLUTION`), and
  the import warns that it discretised them. A range evaluator's value is used the way GENIUS
  uses it: the linear function clipped to [0, 1] (it is already a per-issue utility, so it is not
  divided by its maximum). ``slope``/``offset`` evaluators are measured from the lower bound (GENIUS
  integer issues); ``parameter1``/``parameter0`` evaluators from zero (older files, real issues).
- GENIUS names become keys (``"Size of Fund"`` -> ``"size_of_fund"``, see :func:`genius_key`); the
  original name stays ``Issue.name``. Party keys come from the profile file names, without the
  domain's name as a prefix (``ItexvsCypress_Itex.xml`` -> ``"itex"``).

Irregular files
---------------
What can be read meaningfully is read, and what is ignored is reported once per file as a
:class:`~bargain.errors.BargainWarning`: repeated item indices (items are identified by their value,
as in GENIUS), an item or weight repeated with the same number, extra elements
(``<similarity_function>``, ...), weights of objectives rather than issues, objectives nested in
objectives (their issues are read as issues of the domain, weighted by their own ``<weight>``), an
issue whose evaluations are all 0 (it adds nothing to that party's utility). What cannot be read
raises a :class:`~bargain.errors.ScenarioError` naming the file and the element: a file that is not
well-formed XML, a missing issue or evaluation, an evaluation for a value the domain does not have,
a non-numeric or negative weight or evaluation, conflicting repeats, a profile for a different
domain, an unsupported issue or evaluator type.

Writing
-------
GENIUS utilities are sums of non-negative terms. A party whose values are all ≥ 0 is written
exactly: evaluations are its values, and the weight of an issue is ``weight * max value``, so
reading the files back reproduces every utility (bit for bit when each issue's maximum value is 1,
to rounding otherwise). A party with negative values is written as per-issue translations that add
up to zero whenever its lowest utility over all deals is ≥ 0 (utilities reproduced to rounding).
Only when some deal is worth less than 0 to a party can GENIUS not hold its utilities: they are
all raised by the same constant, and so is its reservation value, with a warning. A translation
of one party's utility and disagreement leaves every gain ``u - d`` unchanged, hence the party's
ranking of deals, the Pareto frontier, and the Nash, Kalai-Smorodinsky and egalitarian solutions.
``normalize=True`` writes the GENIUS canonical form instead: each party's utility mapped
affinely onto [0, 1] (weights summing to 1) with its reservation value mapped alike; that keeps
the rankings, the Pareto frontier and the Nash and Kalai-Smorodinsky solutions (invariant under a
positive affine map of each party's utility), not the egalitarian solution nor the utilities.
Bargaining power and the scenario's texts have no place in GENIUS XML and are not written.

Compared with NegMAS (0.16): its GENIUS reader keeps the raw evaluations (no division by the
issue's maximum) and its ``nash_points`` measures gains from ``max(reservation value, lowest
utility)``. Divided per issue and solved from that baseline, the ANAC 2010/2011 domains give the
same Pareto frontier and Nash point here and there (``tests/test_genius.py``).

XML is parsed with :mod:`xml.etree.ElementTree` from the standard library. It does not fetch
external entities, and the bundled expat limits entity expansion; the files are local files the
user chose, so we do not add a hardened-parser dependency.

Examples
--------
>>> import tempfile
>>> s = read_genius_folder("tests/data/genius/y2010/ItexvsCypress")
>>> s.issue_keys, s.party_keys
(('price', 'delivery', 'payment', 'returns'), ('cypress', 'itex'))
>>> s.issue("price").levels[:2], s.party("itex").values["price"][:2]
(('$4.37', '$4.12'), (1.0, 0.6666666666666666))
>>> with tempfile.TemporaryDirectory() as out:
...     paths = write_genius(s, out)
...     back = read_genius(paths[0], paths[1:])
>>> [p.name for p in paths]
['ItexvsCypress.xml', 'ItexvsCypress_cypress.xml', 'ItexvsCypress_itex.xml']
>>> deals = [[0, 0, 0, 0], [4, 3, 2, 2]]
>>> bool(abs(back.utilities(deals) - s.utilities(deals)).max() < 1e-12)
True
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

from bargain.errors import BargainWarning, ScenarioError
from bargain.model.issue import Issue
from bargain.model.party import Party
from bargain.model.scenario import Scenario

__all__ = [
    "DEFAULT_REAL_RESOLUTION",
    "find_genius_files",
    "genius_key",
    "read_genius",
    "read_genius_folder",
    "write_genius",
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
# Characters XML 1.0 cannot hold, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

PathLike = str | Path


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
        if not self.path.exists():
            raise ScenarioError("does not exist (expected a GENIUS XML file)", source=self.label)
        if self.path.is_dir():
            raise ScenarioError("is a folder, expected a GENIUS XML file", source=self.label)
        try:
            self.root = ET.parse(self.path).getroot()
        except ET.ParseError as exc:
            raise ScenarioError(f"is not well-formed XML: {exc}", source=self.label) from None
        except OSError as exc:
            raise ScenarioError(f"cannot be read: {exc}", source=self.label) from None

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

    def walk(node: ET.Element) -> None:
        if node.get("index") is not None:
            objectives.add(str(node.get("index")))
        for child in node:
            if child.tag == "issue":
                issues.append(child)
            elif child.tag == "weight":
                weights.append(child)
            elif child.tag == "objective":
                file.warn(
                    f"{_describe(child)} is nested in {_describe(node)}: its issues are read as "
                    "issues of the domain, weighted by their own <weight>"
                )
                walk(child)
            else:
                file.ignore(child, node)

    walk(objective)
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


def _domain_issue(file: _XmlFile, element: ET.Element, real_resolution: int) -> _DomainIssue:
    name = element.get("name")
    if not name or not name.strip():
        raise file.error(element, "has no name")
    kind = _issue_kind(file, element)
    points: NDArray[np.float64] | None = None
    lower = 0.0
    if kind == "discrete":
        levels: list[str] = []
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
                levels.append(value)
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
        names = tuple(levels)
    else:
        for child in element:
            if child.tag not in ("range", "evaluator"):
                file.ignore(child, element)
        lower, upper = _range_bounds(file, element, kind)
        if kind == "integer":
            points = np.arange(int(lower), int(upper) + 1, dtype=np.float64)
            names = tuple(str(int(x)) for x in points)
        else:
            points = np.linspace(lower, upper, real_resolution)
            names = tuple(_number_text(float(x)) for x in points)
            if len(set(names)) < len(names):
                names = tuple(repr(float(x)) for x in points)
            file.warn(
                f"{_describe(element)} is a real range [{lower:g}, {upper:g}]: read as "
                f"{real_resolution} evenly spaced levels (real_resolution={real_resolution})"
            )
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


def _discrete_values(
    file: _XmlFile, element: ET.Element, issue: _DomainIssue, domain_label: str
) -> NDArray[np.float64]:
    evaluations: dict[str, float] = {}
    repeated: list[str] = []
    for child in element:
        if child.tag != "item":
            file.ignore(child, element)
            continue
        value = child.get("value")
        if value is None:
            raise file.error(child, f"in {_describe(element)} has no value")
        if value not in issue.levels:
            raise file.error(
                child,
                f"in {_describe(element)} is not a value of the issue in the domain file "
                f"{domain_label} (values: {', '.join(map(repr, issue.levels))})",
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
        file.warn(f"{_describe(element)} evaluates {', '.join(map(repr, repeated))} twice alike")
    missing = [v for v in issue.levels if v not in evaluations]
    if missing:
        raise file.error(
            element, f"gives no evaluation for the value(s) {', '.join(map(repr, missing))}"
        )
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
    if ftype == "linear":
        if ev.get("slope") is not None:
            raw = file.number(ev, "offset") + file.number(ev, "slope") * (x - issue.lower)
        else:
            raw = file.number(ev, "parameter0") + file.number(ev, "parameter1") * x
    elif ftype == "constant":
        name = "offset" if ev.get("offset") is not None else "parameter0"
        raw = np.full_like(x, file.number(ev, name))
    else:
        raise file.error(ev, f"has ftype {ftype!r}; supported: linear, constant")
    return np.clip(raw, 0.0, 1.0)


def _read_profile(
    path: PathLike, domain: list[_DomainIssue], domain_label: str, label: str
) -> tuple[_Profile, list[str]]:
    file = _XmlFile(path)
    root = file.root
    if root.tag in DOMAIN_ROOTS:
        raise file.error(root, "is a domain (template) file, expected a party's utility space")
    if root.tag != PROFILE_ROOT:
        raise file.error(root, "is not a GENIUS utility space (expected <utility_space>)")
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
    objective = _root_objective(file, root)
    elements, weight_elements, objective_indices = _objective_tree(file, objective)

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
    for j, issue in enumerate(domain):
        if values[j] is None:
            raise file.error(
                objective, f"has no evaluation of the issue {issue.name!r} of the domain file"
            )

    weights: list[float | None] = [None] * len(domain)
    ignored: list[str] = []
    for element in weight_elements:
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
    for issue, weight in zip(domain, weights, strict=True):
        if weight is None:
            raise file.error(
                objective, f"has no <weight> for the issue {issue.name!r} (index {issue.index})"
            )
    final = [float(x) for x in weights if x is not None]
    total = math.fsum(final)
    if abs(total - 1) > WEIGHT_SUM_TOLERANCE:
        file.warn(f"weights sum to {total:.10g}, not 1; kept as given (utilities not rescaled)")
    profile = _Profile(
        label=label,
        values=tuple(tuple(float(x) for x in v) for v in values if v is not None),
        weights=tuple(final),
        reservation=reservation,
        discount=discount,
    )
    return profile, file.flush()


# --------------------------------------------------------------------------- public readers
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
    >>> folder = tempfile.mkdtemp()
    >>> domain, *profiles = write_genius(bargain.load_scenario("russia-nato-2022"), folder)
    >>> read_genius(domain, profiles).party_keys
    ('russia', 'nato')
    """
    if isinstance(profile_paths, str | Path):
        raise ScenarioError(
            "must be a list of profile files (one per party), found one path", key="profile_paths"
        )
    profiles = [Path(p) for p in profile_paths]
    if isinstance(real_resolution, bool) or not isinstance(real_resolution, int):
        raise ScenarioError(f"must be an integer, found {real_resolution!r}", key="real_resolution")
    if real_resolution < 2:
        raise ScenarioError(f"must be ≥ 2, found {real_resolution}", key="real_resolution")
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
            f"Imported from GENIUS XML: domain {domain_file.name}, "
            f"profiles {', '.join(p.name for p in profiles)}."
        ),
        sources=(f"GENIUS XML files {domain_file.name}, {', '.join(p.name for p in profiles)}",),
        notes=" ".join(notes),
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


# --------------------------------------------------------------------------- writing
def _check_xml_text(text: str, key: str) -> None:
    bad = _XML_ILLEGAL.search(text)
    if bad:
        raise ScenarioError(
            f"cannot be written to XML: it holds the character U+{ord(bad.group()):04X}", key=key
        )


def _evaluations(
    scenario: Scenario, party: Party, normalize: bool
) -> tuple[list[NDArray[np.float64]], list[float], float, float]:
    """Per issue GENIUS evaluations and weights, the reservation value, and the shift applied."""
    values = [np.asarray(party.values[k], dtype=np.float64) for k in scenario.issue_keys]
    weights = [party.weight(k) for k in scenario.issue_keys]
    if not normalize and all(float(v.min()) >= 0 for v in values):
        evaluations, out = [], []
        for v, w in zip(values, weights, strict=True):
            top = float(v.max())
            if top == 0:
                evaluations.append(np.ones_like(v))
                out.append(0.0)
            else:
                evaluations.append(v)
                out.append(w * top)
        return evaluations, out, party.disagreement, 0.0
    contributions = [w * v for v, w in zip(values, weights, strict=True)]
    lows = [float(c.min()) for c in contributions]
    shifted = [c - low for c, low in zip(contributions, lows, strict=True)]
    lowest = math.fsum(lows)  # the party's lowest utility over all deals
    if normalize:
        span = math.fsum(float(c.max()) for c in shifted)
        scale = 1.0 / span if span > 0 else 1.0
        shifted = [c * scale for c in shifted]
        reservation = (party.disagreement - lowest) * scale
        if span == 0:  # an indifferent party: utility 1 everywhere
            shifted = [np.full_like(c, 1.0 / len(shifted)) for c in shifted]
            reservation += 1.0
        shift = math.nan
    else:
        shift = max(-lowest, 0.0)
        if lowest > 0:
            shifted[0] = shifted[0] + lowest
        reservation = party.disagreement + shift
    evaluations, out = [], []
    for c in shifted:
        top = float(c.max())
        if top == 0:
            evaluations.append(np.ones_like(c))
            out.append(0.0)
        else:
            evaluations.append(c)
            out.append(top)
    return evaluations, out, reservation, shift


def _write(element: ET.Element, path: Path) -> None:
    ET.indent(element)
    ET.ElementTree(element).write(path, encoding="utf-8", xml_declaration=True)


def _objective(parent: ET.Element, name: str) -> ET.Element:
    return ET.SubElement(
        parent,
        "objective",
        index="0",
        description="",
        name=name,
        type="objective",
        etype="objective",
    )


def write_genius(scenario: Scenario, directory: PathLike, *, normalize: bool = False) -> list[Path]:
    """Write `scenario` as a GENIUS domain file and one utility-space file per party.

    Files are ``NAME.xml`` (the domain) and ``NAME_PARTY.xml`` (each party's profile), with ``NAME``
    the scenario's name with characters other than letters, digits, ``_``, ``-`` and ``.`` replaced
    by ``_``, and ``PARTY`` the party key. The folder is
    created if needed; existing files of those names are replaced.

    Parameters
    ----------
    scenario
        The scenario to write.
    directory
        The folder to write into.
    normalize
        ``False`` (default): reproduce utilities exactly where GENIUS can (see the module
        documentation). ``True``: GENIUS canonical form, each party's utility mapped affinely
        onto [0, 1] with weights summing to 1.

    Returns
    -------
    list of Path
        The domain file first, then the profiles in party order.

    Warns
    -----
    BargainWarning
        When a party's utilities had to be translated (some deal is worth less than 0 to it),
        or a bargaining power other than 1 could not be written.

    Examples
    --------
    >>> import tempfile, bargain
    >>> files = write_genius(bargain.load_scenario("russia-nato-2022"), tempfile.mkdtemp())
    >>> [f.name for f in files]
    ['russia-nato-2022.xml', 'russia-nato-2022_russia.xml', 'russia-nato-2022_nato.xml']
    """
    if not isinstance(scenario, Scenario):
        raise ScenarioError(f"must be a Scenario, found {type(scenario).__name__}", key="scenario")
    for j, issue in enumerate(scenario.issues):
        _check_xml_text(issue.name, f"issues[{j}].name")
        _check_xml_text(issue.description, f"issues[{j}].description")
        for k, level in enumerate(issue.levels):
            _check_xml_text(level, f"issues[{j}].levels[{k}]")
    folder = Path(directory)
    if folder.exists() and not folder.is_dir():
        raise ScenarioError("is a file, expected a folder to write into", source=str(directory))
    folder.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "_", scenario.name).strip("_.-") or "scenario"

    template = ET.Element("negotiation_template")
    space = ET.SubElement(template, "utility_space", number_of_issues=str(scenario.n_issues))
    root = _objective(space, scenario.title or scenario.name)
    _check_xml_text(root.get("name") or "", "title")
    for i, issue in enumerate(scenario.issues, start=1):
        element = ET.SubElement(
            root,
            "issue",
            index=str(i),
            name=issue.name if issue.name.strip() else issue.key,
            type="discrete",
            etype="discrete",
            vtype="discrete",
        )
        if issue.description:
            element.set("description", issue.description)
        for k, level in enumerate(issue.levels, start=1):
            ET.SubElement(element, "item", index=str(k), value=level)
    paths = [folder / f"{stem}.xml"]
    _write(template, paths[0])

    for party in scenario.parties:
        evaluations, weights, reservation, shift = _evaluations(scenario, party, normalize)
        if shift > 0:
            warnings.warn(
                f"party {party.key!r}: some deal is worth less than 0 to it, which GENIUS cannot "
                f"hold; its utilities and reservation value are written raised by {shift:.12g} "
                "(gains, rankings and solutions unchanged)",
                BargainWarning,
                stacklevel=2,
            )
        if party.power != 1:
            warnings.warn(
                f"party {party.key!r}: GENIUS XML has no bargaining power; power "
                f"{party.power:g} is not written",
                BargainWarning,
                stacklevel=2,
            )
        profile = ET.Element("utility_space", number_of_issues=str(scenario.n_issues))
        root = _objective(profile, scenario.title or scenario.name)
        for i, (issue, e) in enumerate(zip(scenario.issues, evaluations, strict=True), start=1):
            element = ET.SubElement(
                root,
                "issue",
                index=str(i),
                name=issue.name if issue.name.strip() else issue.key,
                type="discrete",
                etype="discrete",
                vtype="discrete",
            )
            for k, (level, x) in enumerate(zip(issue.levels, e, strict=True), start=1):
                ET.SubElement(element, "item", index=str(k), value=level, evaluation=repr(float(x)))
        for i, w in enumerate(weights, start=1):
            ET.SubElement(root, "weight", index=str(i), value=repr(float(w)))
        ET.SubElement(profile, "reservation", value=repr(float(reservation)))
        ET.SubElement(profile, "discount_factor", value=repr(float(party.discount)))
        path = folder / f"{stem}_{party.key}.xml"
        _write(profile, path)
        paths.append(path)
    return paths
