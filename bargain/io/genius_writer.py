"""Writing GENIUS XML: a scenario as a domain file and one utility-space file per party.

How the model maps onto GENIUS (exactly where GENIUS can hold the utilities, translated or
normalised where it cannot) is described in :mod:`bargain.io.genius`. Every file is written
atomically (:func:`bargain._files.write_text`).

Examples
--------
>>> import tempfile
>>> from bargain.io.genius_reader import read_genius_folder
>>> s = read_genius_folder("tests/data/genius/y2010/ItexvsCypress")
>>> with tempfile.TemporaryDirectory() as out:
...     [p.name for p in write_genius(s, out)]
['ItexvsCypress.xml', 'ItexvsCypress_Cypress.xml', 'ItexvsCypress_Itex.xml']
"""

from __future__ import annotations

import math
import re
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from bargain._files import write_text
from bargain.errors import BargainWarning, ScenarioError
from bargain.io.genius_reader import IMPORTED, genius_key
from bargain.model.issue import Issue
from bargain.model.party import Party
from bargain.model.scenario import Scenario

__all__ = ["genius_paths", "losses", "write_genius"]

PathLike = str | Path
# Characters XML 1.0 cannot hold, even escaped.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


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
    text = ET.tostring(element, encoding="utf-8", xml_declaration=True).decode("utf-8")
    write_text(path, text)


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


def _stem(scenario: Scenario) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", scenario.name).strip("_.-")[:100] or "scenario"


def _profile_label(party: Party) -> str:
    """A profile's file names its party: by name when reading it back gives the key, else key."""
    if re.fullmatch(r"[A-Za-z0-9_-]+", party.name) and genius_key(party.name, "p") == party.key:
        return party.name
    return party.key


def genius_paths(scenario: Scenario, directory: PathLike) -> list[Path]:
    """The files :func:`write_genius` writes: the domain first, then one profile per party."""
    folder, stem = Path(directory), _stem(scenario)
    profiles = [folder / f"{stem}_{_profile_label(p)}.xml" for p in scenario.parties]
    return [folder / f"{stem}.xml", *profiles]


def _issue_element(root: ET.Element, index: int, issue: Issue) -> ET.Element:
    """A discrete ``<issue>`` element, named by the issue's name (its key when it has none)."""
    return ET.SubElement(
        root,
        "issue",
        index=str(index),
        name=issue.name if issue.name.strip() else issue.key,
        type="discrete",
        etype="discrete",
        vtype="discrete",
    )


def _check_additive(scenario: Scenario) -> None:
    """GENIUS profiles are linear additive, with no refusals: refuse links and red lines."""
    if scenario.links:
        raise ScenarioError(
            f"has {len(scenario.links)} link(s) between issues, which a GENIUS linear additive "
            f"profile cannot express (a link adds value to a combination of levels); remove "
            f"them to export",
            key=f"scenario {scenario.name!r} links",
        )
    for j, party in enumerate(scenario.parties):
        if party.red_lines:
            raise ScenarioError(
                f"has red lines ({', '.join(party.red_lines)}), which a GENIUS profile cannot "
                f"express (it has no levels a party refuses outright); remove them to export",
                key=f"parties[{j}].red_lines",
            )


def _listed(items: list[str], limit: int = 3) -> str:
    shown = ", ".join(items[:limit])
    return shown + (f" and {len(items) - limit} more" if len(items) > limit else "")


def losses(scenario: Scenario) -> list[str]:
    """What GENIUS XML cannot carry of `scenario` (besides utilities it translates), in words.

    Examples
    --------
    >>> import bargain
    >>> lost = losses(bargain.load_scenario("russia-nato-2022-no-red-lines"))
    >>> lost[:2], lost[-2:]
    (['the threat game (russia against nato)', 'the breakdown risk (0.1 per rejected offer)'], \
['the notes (46)', 'the description and sources'])
    """
    out = []
    game = scenario.threat_game
    if game is not None:
        out.append(f"the threat game ({game.row} against {game.column})")
    if scenario.breakdown_risk:
        out.append(f"the breakdown risk ({scenario.breakdown_risk:g} per rejected offer)")
    powers = [f"{p.key} {p.power:g}" for p in scenario.parties if p.power != 1]
    if powers:
        out.append(f"bargaining powers ({_listed(powers)})")
    names = [f"{p.key!r} is {p.name!r}" for p in scenario.parties if p.name != _profile_label(p)]
    if names:
        out.append(f"party names (a profile's file is named by its party's key: {_listed(names)})")
    keys = [
        f"{i.key!r} comes back as {genius_key(i.name or i.key)!r}"
        for i in scenario.issues
        if genius_key(i.name or i.key) != i.key
    ]
    if keys:
        out.append(f"issue keys (an issue is written by its name: {_listed(keys)})")
    if scenario.description.startswith(IMPORTED):
        return out  # notes, description and sources made by reading GENIUS files: made again
    if scenario.notes:
        out.append(f"the notes ({len(scenario.notes)})")
    if scenario.description or scenario.sources:
        out.append("the description and sources")
    return out


def write_genius(scenario: Scenario, directory: PathLike, *, normalize: bool = False) -> list[Path]:
    """Write `scenario` as a GENIUS domain file and one utility-space file per party.

    Files are ``NAME.xml`` (the domain) and ``NAME_PARTY.xml`` (each party's profile), with ``NAME``
    the scenario's name with characters other than letters, digits, ``_``, ``-`` and ``.`` replaced
    by ``_``, and ``PARTY`` the party's name when reading the file back gives its key (``Russia``
    for ``russia``: the name is carried), else its key. The folder is
    created if needed; existing files of those names are replaced, each atomically (a temporary
    file renamed over it).

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

    Raises
    ------
    ScenarioError
        For a scenario with links or red lines, which GENIUS profiles cannot express.

    Warns
    -----
    BargainWarning
        Once, listing everything the files cannot carry (:func:`losses`: the threat game, the
        breakdown risk, bargaining powers, party names and issue keys that differ from what is
        read back, notes, description and sources) and every party whose utilities had to be
        translated (some deal is worth less than 0 to it).

    Examples
    --------
    >>> import tempfile, bargain
    >>> x = bargain.Issue("x", levels=["a", "b"])
    >>> toy = bargain.Scenario(name="toy", issues=[x], parties=[
    ...     bargain.Party("p", "P", values={"x": [0.0, 1.0]}),
    ...     bargain.Party("q", "Q", values={"x": [1.0, 0.0]})])
    >>> files = write_genius(toy, tempfile.mkdtemp())
    >>> [f.name for f in files]
    ['toy.xml', 'toy_P.xml', 'toy_Q.xml']
    >>> write_genius(bargain.load_scenario("russia-nato-2022"), tempfile.mkdtemp())
    Traceback (most recent call last):
    ...
    bargain.errors.ScenarioError: scenario 'russia-nato-2022' links has 3 link(s) between ...
    """
    if not isinstance(scenario, Scenario):
        raise ScenarioError(f"must be a Scenario, found {type(scenario).__name__}", key="scenario")
    _check_additive(scenario)
    for j, issue in enumerate(scenario.issues):
        _check_xml_text(issue.name, f"issues[{j}].name")
        _check_xml_text(issue.description, f"issues[{j}].description")
        for k, level in enumerate(issue.levels):
            _check_xml_text(level, f"issues[{j}].levels[{k}]")
    folder = Path(directory)
    try:
        if folder.exists() and not folder.is_dir():
            raise ScenarioError("is a file, expected a folder to write into", source=str(directory))
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScenarioError(
            f"cannot be created: {exc.strerror or exc}", source=str(directory)
        ) from None
    stem = _stem(scenario)

    template = ET.Element("negotiation_template")
    space = ET.SubElement(template, "utility_space", number_of_issues=str(scenario.n_issues))
    root = _objective(space, scenario.title or scenario.name)
    _check_xml_text(root.get("name") or "", "title")
    for i, issue in enumerate(scenario.issues, start=1):
        element = _issue_element(root, i, issue)
        if issue.description:
            element.set("description", issue.description)
        for k, level in enumerate(issue.levels, start=1):
            ET.SubElement(element, "item", index=str(k), value=level)
    paths = [folder / f"{stem}.xml"]
    _write(template, paths[0])

    shifted = []
    for party in scenario.parties:
        evaluations, weights, reservation, shift = _evaluations(scenario, party, normalize)
        if shift > 0:
            shifted.append(
                f"party {party.key!r}: some deal is worth less than 0 to it, which GENIUS cannot "
                f"hold; its utilities and reservation value are written raised by {shift:.12g} "
                "(gains, rankings and solutions unchanged)"
            )
        profile = ET.Element("utility_space", number_of_issues=str(scenario.n_issues))
        root = _objective(profile, scenario.title or scenario.name)
        for i, (issue, e) in enumerate(zip(scenario.issues, evaluations, strict=True), start=1):
            element = _issue_element(root, i, issue)
            for k, (level, x) in enumerate(zip(issue.levels, e, strict=True), start=1):
                ET.SubElement(element, "item", index=str(k), value=level, evaluation=repr(float(x)))
        for i, w in enumerate(weights, start=1):
            ET.SubElement(root, "weight", index=str(i), value=repr(float(w)))
        ET.SubElement(profile, "reservation", value=repr(float(reservation)))
        ET.SubElement(profile, "discount_factor", value=repr(float(party.discount)))
        path = folder / f"{stem}_{_profile_label(party)}.xml"
        _write(profile, path)
        paths.append(path)
    lost = losses(scenario)
    if lost or shifted:
        parts = [f"GENIUS XML cannot carry {'; '.join(lost)}"] if lost else []
        warnings.warn(". ".join([*parts, *shifted]) + ".", BargainWarning, stacklevel=2)
    return paths
