"""Builders of hostile inputs shared by the regression tests, the fuzz suite and its report.

Small GENIUS XML files (a domain and two profiles) and scenario TOML text, each with a knob for
the hostile part.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

TOY_TOML = """\
name = "toy"
title = "Toy"

[[issues]]
key = "x"
levels = ["a", "b", "c"]

[[parties]]
key = "p"
disagreement = 0.0
[parties.values]
x = [0.0, 0.5, 1.0]

[[parties]]
key = "q"
disagreement = 0.0
[parties.values]
x = [1.0, 0.5, 0.0]
"""


def domain_xml(issues: str, encoding: str = "UTF-8") -> str:
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<negotiation_template><utility_space>'
        f'<objective index="0" name="root">{issues}</objective></utility_space>'
        "</negotiation_template>"
    )


def profile_xml(issues: str, weights: Sequence[object], encoding: str = "UTF-8") -> str:
    w = "".join(f'<weight index="{i + 1}" value="{x}"/>' for i, x in enumerate(weights))
    return (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<utility_space>'
        f'<objective index="0" name="root">{issues}{w}</objective></utility_space>'
    )


def discrete_issue(index: int, values: Sequence[str], evaluations: Sequence[object] = ()) -> str:
    items = "".join(
        f'<item index="{k + 1}" value="{v}"'
        + (f' evaluation="{evaluations[k]}"' if evaluations else "")
        + "/>"
        for k, v in enumerate(values)
    )
    return f'<issue index="{index}" name="issue {index}" type="discrete">{items}</issue>'


def write_genius_files(folder: Path, domain: str, profiles: Sequence[str]) -> list[Path]:
    """Write ``dom.xml`` and ``dom_a.xml``, ``dom_b.xml``... into `folder`; return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "dom.xml"]
    paths[0].write_text(domain, encoding="utf-8")
    for k, text in enumerate(profiles):
        path = folder / f"dom_{'abcdefgh'[k]}.xml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def two_party_genius(
    folder: Path,
    *,
    weights: Sequence[object] = (1,),
    encoding: str = "UTF-8",
    n_values: int = 2,
) -> list[Path]:
    """One discrete issue of `n_values` values, evaluated in opposite orders by two profiles."""
    values = [f"v{k}" for k in range(n_values)]
    up = [k % 7 for k in range(n_values)]
    down = [(n_values - k) % 7 for k in range(n_values)]
    return write_genius_files(
        folder,
        domain_xml(discrete_issue(1, values), encoding),
        [
            profile_xml(discrete_issue(1, values, up), weights, encoding),
            profile_xml(discrete_issue(1, values, down), weights, encoding),
        ],
    )


def range_genius(folder: Path, kind: str, lower: str, upper: str) -> list[Path]:
    """One integer or real issue with the given bounds and a linear evaluator."""
    issue = f'<issue index="1" name="a" type="{kind}" lowerbound="{lower}" upperbound="{upper}"/>'
    evaluator = (
        '<evaluator ftype="linear" slope="1e-9" offset="0"/>'
        if kind == "integer"
        else '<evaluator ftype="linear" parameter0="0.5" parameter1="1e-309"/>'
    )
    profile = f'<issue index="1" name="a" type="{kind}">{evaluator}</issue>'
    return write_genius_files(
        folder, domain_xml(issue), [profile_xml(profile, [1]), profile_xml(profile, [1])]
    )
