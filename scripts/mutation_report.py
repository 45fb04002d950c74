"""Scores of the last mutation run, per module, with docs/mutation.md's classifications.

Run from the repository root after ``scripts/mutation.sh`` (it reads ``mutants/``)::

    python scripts/mutation_report.py

Prints a Markdown table (mutants, checked, killed, survived, equivalent, timeouts, score per
module; score = (killed + timeouts) / (checked - equivalent)) and then every surviving mutant
that docs/mutation.md does not classify as equivalent under its module's heading: those need a
test or a reason. Exit status 1 when there is any.
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from pathlib import Path

KILLED = {1, 3}
TIMEOUT = {36, -24, 24, 152, 255}


def statuses(root: Path) -> dict[str, dict[str, int | None]]:
    """Per module, each mutant's exit code (``None``: not checked) from mutmut's meta files."""
    out: dict[str, dict[str, int | None]] = {}
    for meta in sorted(root.glob("bargain/**/*.py.meta")):
        module = ".".join(meta.relative_to(root).with_suffix("").with_suffix("").parts)
        codes = json.loads(meta.read_text())["exit_code_by_key"]
        out[module] = {key[len(module) + 1 :]: code for key, code in codes.items()}
    return out


def equivalents(doc: Path) -> dict[str, set[str]]:
    """Per module heading of the doc, the mutants listed as *equivalent*."""
    out: dict[str, set[str]] = {}
    module = ""
    for line in doc.read_text().splitlines():
        heading = re.match(r"### `([\w.]+)`", line)
        if heading:
            module = heading.group(1)
            continue
        item = re.match(r"- `(\S+__mutmut_\d+)`: .*\*equivalent", line)
        if item and module:
            out.setdefault(module, set()).add(item.group(1))
    return out


def main() -> int:
    """Print the table and the unclassified survivors; 1 if there are any."""
    found = statuses(Path("mutants"))
    equivalent = equivalents(Path("docs/mutation.md"))
    print("| module | mutants | checked | killed | survived | equivalent | timeouts | score |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    open_survivors: list[str] = []
    for module, codes in found.items():
        count = Counter(
            "unchecked"
            if code is None
            else "killed"
            if code in KILLED
            else "timeout"
            if code in TIMEOUT
            else "survived"
            if code == 0
            else "other"
            for code in codes.values()
        )
        checked = len(codes) - count["unchecked"]
        survivors = [name for name, code in codes.items() if code == 0]
        known = [name for name in survivors if name in equivalent.get(module, set())]
        open_survivors += [f"{module}.{name}" for name in survivors if name not in known]
        denominator = checked - len(known)
        score = (
            f"{100 * (count['killed'] + count['timeout']) / denominator:.1f}%"
            if denominator
            else "-"
        )
        print(
            f"| `{module}` | {len(codes)} | {checked} | {count['killed']} | "
            f"{len(survivors) - len(known)} | {len(known)} | {count['timeout']} | {score} |"
        )
    if open_survivors:
        print(f"\n{len(open_survivors)} survivors not classified as equivalent:")
        print("\n".join(open_survivors))
    return 1 if open_survivors else 0


if __name__ == "__main__":
    sys.exit(main())
