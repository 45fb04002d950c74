"""Plain text for results and the command line: aligned tables and the shared sentences.

Tables and reprs show floats to 3 decimals (:func:`short`). JSON and CSV files carry the numbers,
written by :func:`tidy`: a float whose 15-significant-digit form is within two units in the last
place of it is written in that form (``0.35000000000000003`` from a sum becomes ``0.35``,
``0.9999999999999999`` becomes ``1.0``), any other float exactly. Only the text is rounded; the
numbers in a result never are.

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
from typing import Any

__all__ = [
    "NO_DEAL",
    "NO_LOTTERY",
    "deal_count",
    "frontier_size",
    "html_table",
    "short",
    "text_table",
    "tidy",
    "tidy_float",
]

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


def deal_count(allowed: int, total: int) -> str:
    """``"27,648 deals"``, or ``"1,152 deals that no red line excludes, 27,648 in all"``."""
    if allowed == total:
        return f"{total:,} deals"
    return f"{allowed:,} deals that no red line excludes, {total:,} in all"


def frontier_size(n: int) -> str:
    """The size of a Pareto frontier, said the same way by every result and command.

    The frontier is the Pareto-optimal deals that beat the disagreement point: what
    ``bargain frontier`` lists, ``len(pareto_frontier(s))`` counts and ``bargain solve`` chooses
    from.

    Examples
    --------
    >>> frontier_size(28), frontier_size(1)
    ('28 Pareto-optimal deals that beat the disagreement point', \
'1 Pareto-optimal deal that beats the disagreement point')
    """
    if n == 1:
        return "1 Pareto-optimal deal that beats the disagreement point"
    return f"{n:,} Pareto-optimal deals that beat the disagreement point"


def tidy_float(value: float) -> float:
    """`value` without the dust of rounding: its 15-digit form if within two ulps, else itself.

    Examples
    --------
    >>> tidy_float(0.1 + 0.25), tidy_float(0.7 + 0.2 + 0.1), tidy_float(2 / 3), tidy_float(1e-300)
    (0.35, 1.0, 0.6666666666666666, 1e-300)
    """
    if not math.isfinite(value) or value == 0:
        return value
    rounded = float(f"{value:.15g}")
    return rounded if abs(rounded - value) <= 2 * math.ulp(value) else value


def tidy(value: Any) -> Any:
    """`value` (dicts, lists, tuples, numbers) with every float through :func:`tidy_float`.

    Examples
    --------
    >>> tidy({"p": [0.1 + 0.25, 1], "q": (0.9099999999999999, "x", None, True)})
    {'p': [0.35, 1], 'q': [0.91, 'x', None, True]}
    """
    if isinstance(value, float):
        return tidy_float(value)
    if isinstance(value, dict):
        return {k: tidy(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [tidy(v) for v in value]
    return value


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
