"""Plain text for results and the command line: aligned tables and the shared sentences.

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

__all__ = ["NO_DEAL", "NO_LOTTERY", "text_table"]

#: What every result says when no deal beats the disagreement point.
NO_DEAL = (
    "No deal gives every party more than its disagreement utility: "
    "talks fail and each party gets its disagreement utility."
)
#: The same, when lotteries over deals are allowed.
NO_LOTTERY = (
    "No lottery over deals gives every party more than its disagreement utility in "
    "expectation: talks fail and each party gets its disagreement utility."
)


def _cell(value: object, digits: int) -> str:
    if isinstance(value, float):
        if abs(value) >= 1e12:  # a fixed-point 1e308 would be 300 digits wide
            return f"{value:.{digits}e}"
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
