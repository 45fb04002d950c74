"""What every result type shares: one vocabulary for JSON, CSV, files, data frames and tables.

Every result (:class:`~bargain.solutions.result.Solution`,
:class:`~bargain.frontier.result.Frontier`, :class:`~bargain.protocols.result.ConcessionPath`,
:class:`~bargain.games.result.ThreatResult`, :class:`~bargain.sweeps.result.SweepResult`, ...)
derives from :class:`Result` and defines three
things: :meth:`~Result.to_dict` (its JSON-safe form), :meth:`~Result.rows` (its tabular form, one
dictionary per row, the columns named as in :meth:`~Result.columns`) and :meth:`~Result.table`
(a readable report), and :meth:`~Result.headline` (one line). From them it gets
:meth:`~Result.to_json`, :meth:`~Result.to_csv`, :meth:`~Result.to_frame`,
:meth:`~Result.to_parquet` and :meth:`~Result.save`, with the same signatures everywhere, a short
``repr`` (``<Solution nash: agreement, ...>``), ``print()`` as :meth:`~Result.table`, and a
compact HTML table for Jupyter (``_repr_html_``). Columns are named alike in every result: an
issue's column is its key, a party's utility is ``utility.<party>``.

Examples
--------
>>> import bargain
>>> sol = bargain.solve(bargain.load_scenario("russia-nato-2022"))
>>> sol.columns()[:2], sol.columns()[-2:]
(['probability', 'indivisible_security'], ['utility.russia', 'utility.nato'])
>>> print(sol.to_csv().splitlines()[0][:40])
probability,indivisible_security,consult
>>> sol
<Solution nash: no agreement, 8 issues, russia 0.200 nato 0.750>
>>> "<table>" in sol._repr_html_()
True
"""

from __future__ import annotations

import csv
import html
import io
import itertools
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from bargain._checks import check_suffix
from bargain._files import write_bytes, write_chunks
from bargain._optional import require
from bargain._text import html_table, tidy

__all__ = ["Labels", "Result", "csv_cell"]

#: File types :meth:`Result.save` writes, by extension.
SAVE_SUFFIXES = (".json", ".csv", ".parquet")
#: Rows shown by ``_repr_html_`` (Jupyter).
HTML_ROWS = 20
#: First characters that make a spreadsheet read a cell as a formula (OWASP's list).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class _Named(Protocol):
    @property
    def key(self) -> str: ...

    @property
    def name(self) -> str: ...


class _HasParts(Protocol):
    @property
    def issues(self) -> Sequence[_Named]: ...

    @property
    def parties(self) -> Sequence[_Named]: ...


@dataclass(frozen=True, slots=True)
class Labels:
    """Display names of a result's issues and parties (keys stand for themselves otherwise)."""

    issues: Mapping[str, str] = field(default_factory=dict)
    parties: Mapping[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, scenario: _HasParts) -> Labels:
        """The names of a scenario's issues and parties."""
        return cls(
            issues={i.key: i.name for i in scenario.issues},
            parties={p.key: p.name for p in scenario.parties},
        )

    def issue(self, key: str) -> str:
        """The issue's name."""
        return self.issues.get(key, key)

    def party(self, key: str) -> str:
        """The party's name."""
        return self.parties.get(key, key)


def csv_cell(value: object) -> object:
    r"""A value as a CSV cell: floats exactly (``repr``), ``None`` empty, formulas defused.

    Formulas are defused: text that a spreadsheet could run as a formula (starting with ``=``,
    ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading apostrophe. Numbers stay
    numbers.

    Examples
    --------
    >>> csv_cell(0.1), csv_cell(None), csv_cell("=1+1"), csv_cell(-2), csv_cell("\t=1")
    ('0.1', '', "'=1+1", -2, "'\t=1")
    """
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, str) and value[:1] in _FORMULA_START:
        return "'" + value
    return value


class Result:
    """The shared behaviour of every result type (a mixin for frozen dataclasses)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        """The JSON-safe form of the result."""
        raise NotImplementedError

    def rows(self) -> list[dict[str, Any]]:
        """The tabular form: one dictionary per row, keys as in :meth:`columns`."""
        raise NotImplementedError

    def columns(self) -> list[str]:
        """The column names of :meth:`rows`, the CSV file and the data frame."""
        raise NotImplementedError

    def table(self, max_rows: int = 20) -> str:
        """A readable report, at most `max_rows` rows of its longest table."""
        raise NotImplementedError

    def iter_rows(self) -> Iterator[dict[str, Any]]:
        """The rows one at a time (results too large to list override this to stay lazy)."""
        return iter(self.rows())

    def headline(self) -> str:
        """One line saying what the result is (the ``repr`` without its brackets)."""
        n = len(self.rows())
        return f"{n:,} row{'s' if n != 1 else ''}"

    def html_tables(self) -> list[tuple[str, list[str], list[list[object]]]]:
        """The tables of ``_repr_html_``: ``(caption, headers, rows)``, at most 20 rows each."""
        columns = self.columns()
        rows = self.rows()
        shown = [[row[c] for c in columns] for row in rows[:HTML_ROWS]]
        more = len(rows) - len(shown)
        caption = f"first {len(shown)} of {len(rows):,} rows" if more > 0 else ""
        return [(caption, columns, shown)]

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.headline()}>"

    def _repr_html_(self) -> str:
        """Jupyter's view: the headline, the message, compact tables (every cell escaped)."""
        message = getattr(self, "message", "")
        parts = [
            f"<div><strong>{html.escape(type(self).__name__)}</strong> "
            f"{html.escape(self.headline())}</div>"
        ]
        if message:
            parts.append(f"<div>{html.escape(str(message))}</div>")
        for caption, headers, rows in self.html_tables():
            parts.append(html_table(headers, rows, caption=caption))
        parts.append(
            "<div><small>All rows: .to_frame(), .rows(), .save(path); "
            "the text report: print()</small></div>"
        )
        return "\n".join(parts)

    def to_json(self, indent: int | None = None) -> str:
        """The JSON text of :meth:`to_dict` (floats without rounding dust, see ``_text.tidy``)."""
        return json.dumps(tidy(self.to_dict()), indent=indent, ensure_ascii=False)

    def iter_json(self, indent: int | None = None) -> Iterator[str]:
        """:meth:`to_json` in pieces, to write a large result without holding its whole text."""
        encoder = json.JSONEncoder(indent=indent, ensure_ascii=False)
        return encoder.iterencode(tidy(self.to_dict()))

    def to_csv(self) -> str:
        """The rows as CSV text (floats without rounding dust, ``None`` as an empty cell).

        Examples
        --------
        >>> import bargain
        >>> s = bargain.load_scenario("russia-nato-2022-no-red-lines")
        >>> runs = bargain.sweep(s, grid={"nato.disagreement": [0.82]}, progress=False)
        >>> bool(float(runs.to_csv().splitlines()[1].split(",")[-1]) == runs.utilities[0, 1])
        True
        """
        return "".join(self.iter_csv())

    def iter_csv(self, *, header: bool = True) -> Iterator[str]:
        """:meth:`to_csv` one line at a time (every cell through :func:`csv_cell`)."""
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        columns = self.columns()

        def line(cells: list[object]) -> str:
            buffer.seek(0)
            buffer.truncate()
            writer.writerow(cells)
            return buffer.getvalue()

        if header:
            yield line([csv_cell(c) for c in columns])
        for row in self.iter_rows():
            yield line([csv_cell(tidy(row[c])) for c in columns])

    def to_frame(self) -> Any:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra).

        Returns
        -------
        pandas.DataFrame
            One row per row of :meth:`rows`, the columns of :meth:`columns`.
        """
        pd = require("pandas", "pandas", f"{type(self).__name__}.to_frame()")
        return pd.DataFrame(self.rows(), columns=self.columns())

    def to_arrow(self) -> Any:
        """The rows as a :class:`pyarrow.Table` (needs the ``parquet`` extra)."""
        pa = require("pyarrow", "parquet", f"{type(self).__name__}.to_arrow()")
        columns = self.columns()
        rows = self.rows()
        return pa.table({c: [row[c] for row in rows] for c in columns})

    def to_parquet(self) -> bytes:
        """The rows as a Parquet file's bytes (needs the ``parquet`` extra)."""
        pq = require("pyarrow.parquet", "parquet", f"{type(self).__name__}.to_parquet()")
        pa = require("pyarrow", "parquet", f"{type(self).__name__}.to_parquet()")
        sink = pa.BufferOutputStream()
        pq.write_table(self.to_arrow(), sink, compression="zstd")
        data: bytes = sink.getvalue().to_pybytes()
        return data

    def save(self, path: str | os.PathLike[str]) -> Path:
        """Write the result to `path`: JSON, or the rows as CSV or Parquet, by the extension.

        Parameters
        ----------
        path
            A file name ending in ``.json`` (:meth:`to_json`), ``.csv`` (:meth:`to_csv`) or
            ``.parquet`` (:meth:`to_parquet`, needs the ``parquet`` extra).

        Returns
        -------
        pathlib.Path
            The file written, whole or not at all (a temporary file renamed over it), JSON and
            CSV piece by piece (:meth:`iter_json`, :meth:`iter_csv`).
        """
        target = check_suffix(path, SAVE_SUFFIXES, "path")
        suffix = target.suffix.lower()
        if suffix == ".json":
            return write_chunks(target, itertools.chain(self.iter_json(indent=1), "\n"), key="path")
        if suffix == ".parquet":
            return write_bytes(target, self.to_parquet(), key="path")
        return write_chunks(target, self.iter_csv(), key="path")

    def __str__(self) -> str:
        return self.table()
