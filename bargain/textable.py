"""Plain-text tables for results and the command line.

Examples
--------
>>> print(text_table(["party", "utility"], [["Russia", 0.5], ["NATO", 0.25]]))
party   utility
------  -------
Russia    0.500
NATO      0.250
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["text_table"]


def _cell(value: object, digits: int) -> str:
    if isinstance(value, float):
        return f"{value:.{digits}f}"
    return str(value)


def text_table(headers: Sequence[str], rows: Sequence[Sequence[object]], *, digits: int = 3) -> str:
    """Render rows as an aligned text table; numbers right-aligned, text left-aligned."""
    cells = [[_cell(v, digits) for v in row] for row in rows]
    numeric = [
        all(isinstance(row[j], int | float) for row in rows) if rows else False
        for j in range(len(headers))
    ]
    widths = [max([len(h)] + [len(r[j]) for r in cells]) for j, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        parts = [
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ]
        return "  ".join(parts).rstrip()

    out = [line(list(headers)), "  ".join("-" * w for w in widths)]
    out += [line(r) for r in cells]
    return "\n".join(out)
