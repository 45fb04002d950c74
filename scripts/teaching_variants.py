"""Write the teaching variants of the flagship scenarios: the same files without red lines.

Run from anywhere: ``python scripts/teaching_variants.py``. For each flagship scenario ``NAME``
writes ``scenarios/NAME-no-red-lines.toml``: every number, link, note and the threat game as in
``NAME``, but no red lines (:meth:`bargain.Scenario.without_red_lines`). A test checks that the
files on disk are what this script writes, so the variants never drift from the flagships.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import bargain
from bargain._files import write_text

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIPS = ("russia-nato-2022", "russia-us-2021")
HEADER = """\
# {name}: {flagship} WITHOUT its red lines (a teaching variant).
#
# Written by scripts/teaching_variants.py from scenarios/{flagship}.toml: do not edit
# it, edit the flagship and run the script. Every number, link and note is the flagship's; only
# the red lines are gone, so every level may be traded, as in a purely additive model. Use it to
# learn solution concepts and protocols on a problem with deals; use {flagship} for what the
# sources say.

"""


def variant(flagship: bargain.Scenario) -> bargain.Scenario:
    """The teaching variant of a flagship scenario."""
    name = f"{flagship.name}-no-red-lines"
    notes = dict(flagship.without_red_lines().notes)
    notes["scenario"] = (
        f"Teaching variant of {flagship.name} without its red lines: the additive view, in "
        f"which every level can be traded. " + notes.get("scenario", "")
    )
    return dataclasses.replace(
        flagship.without_red_lines(),
        name=name,
        title=f"{flagship.title} (teaching variant, no red lines)",
        description=f"{flagship.description} This teaching variant has no red lines.",
        notes=notes,
    )


def variant_text(flagship: bargain.Scenario) -> str:
    """The file text of the teaching variant."""
    return HEADER.format(name=variant(flagship).name, flagship=flagship.name) + bargain.to_toml(
        variant(flagship)
    )


def main() -> None:
    """Write every teaching variant next to its flagship."""
    for name in FLAGSHIPS:
        flagship = bargain.read_toml(ROOT / "scenarios" / f"{name}.toml")
        path = ROOT / "scenarios" / f"{name}-no-red-lines.toml"
        write_text(path, variant_text(flagship), key="path")
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
