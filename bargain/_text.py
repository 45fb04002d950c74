"""Plain text for results and the command line: aligned tables and the shared sentences.

Examples
--------
>>> print(text_table(["party", "utility"], [["Russia", 0.5], ["NATO", 0.25]]))
party   utility
------  -------
Russia    0.500
NATO      0.250
>>> html_table(["party", "utility"], [["<b>", 0.35000000000000003]])  # doctest: +ELLIPSIS
'<table><thead><tr><th ...>party</th><th ...>utility</th></tr></thead><tbody><tr><td \
...>&lt;b&gt;</td><td style="...;text-align:right">0.350</td></tr></tbody></table>'
"""

from __future__ import annotations

import html
import math
from collections.abc import Sequence

__all__ = ["NO_DEAL", "NO_LOTTERY", "html_table", "short", "text_table"]

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


def short(value: object) -> str:
    """A cell as short text: floats to 3 decimals (3 significant digits when tiny or huge).

    Examples
    --------
    >>> short(0.35000000000000003), short(1.3e-08), short(2.5e7), short(None), short(True)
    ('0.350', '1.3e-08', '2.5e+07', '', 'True')
    """
    if value is None:
        return ""
    if isinstance(value, float):
        if value != 0 and math.isfinite(value) and not 1e-3 <= abs(value) < 1e6:
            return f"{value:.3g}"
        return f"{value:.3f}"
    return str(value)


def html_table(
    headers: Sequence[str], rows: Sequence[Sequence[object]], *, caption: str = ""
) -> str:
    """Rows as a compact HTML table, every cell escaped; numbers right-aligned."""
    pad = "padding:0.1em 0.6em"
    head = "".join(f'<th style="{pad}">{html.escape(str(h))}</th>' for h in headers)
    body = []
    for row in rows:
        cells = []
        for value in row:
            number = isinstance(value, int | float) and not isinstance(value, bool)
            style = f"{pad};text-align:right" if number else pad
            cells.append(f'<td style="{style}">{html.escape(short(value))}</td>')
        body.append(f"<tr>{''.join(cells)}</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
