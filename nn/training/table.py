"""`Table`: rows of named values, pandas-free: iteration, columns, CSV and notebook display.

The results of `cross_validate` and `search` are Tables (one row per fit, or per
candidate). ``pandas.DataFrame(table.rows)`` turns one into a DataFrame where pandas is
installed.
"""

from __future__ import annotations

import ast
import csv
import html
import io
import math
import numbers
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

__all__ = ["Table"]

_SHOWN = 20  # rows shown by repr before eliding the middle


class Table:
    """Rows (dicts) with an ordered set of columns; a missing value is ``None``.

    ``table.rows`` is the list of rows, ``table.columns`` their names; iterating gives the
    rows, ``table[i]`` row i and ``table["name"]`` a column as a list. `to_csv` and
    `from_csv` round-trip numbers exactly (floats are written with ``repr``).
    """

    def __init__(self, rows: Iterable[Mapping[str, Any]] = (), columns: Iterable[str] = ()):
        self.rows: list[dict[str, Any]] = [dict(r) for r in rows]
        cols = list(dict.fromkeys(columns))
        for r in self.rows:
            cols.extend(k for k in r if k not in cols)
        self.columns: list[str] = cols
        for r in self.rows:
            for c in cols:
                r.setdefault(c, None)

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.rows)

    def __getitem__(self, key: int | str):
        if isinstance(key, str):
            if key not in self.columns:
                raise KeyError(f"no column {key!r}; the columns are {self.columns}")
            return [r[key] for r in self.rows]
        return self.rows[key]

    def __eq__(self, other) -> bool:
        if not isinstance(other, Table):
            return NotImplemented
        return (
            self.columns == other.columns
            and len(self) == len(other)
            and all(_same(a[c], b[c]) for a, b in zip(self.rows, other.rows) for c in self.columns)
        )

    __hash__ = None  # mutable, compared by value

    def select(self, columns: Iterable[str]) -> Table:
        """A Table with only ``columns``, in that order."""
        columns = list(columns)
        for c in columns:
            self[c]  # noqa: B018 (raises KeyError naming the columns)
        return Table(({c: r[c] for c in columns} for r in self.rows), columns)

    def where(self, **equal: Any) -> Table:
        """The rows whose columns equal the given values (``table.where(status="failed")``)."""
        for c in equal:
            self[c]  # noqa: B018
        rows = [r for r in self.rows if all(_same(r[c], v) for c, v in equal.items())]
        return Table(rows, self.columns)

    def sort(self, column: str, descending: bool = False) -> Table:
        """The rows ordered by ``column`` (missing values and NaN last)."""
        values = self[column]
        present = [i for i, v in enumerate(values) if not _missing(v)]
        present.sort(key=lambda i: values[i], reverse=descending)
        missing = [i for i, v in enumerate(values) if _missing(v)]
        return Table((self.rows[i] for i in present + missing), self.columns)

    def to_csv(self, path: str | os.PathLike | None = None) -> str | None:
        """Write the table as CSV to ``path``, or return the CSV text when ``path`` is None."""
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\n")
        writer.writerow(self.columns)
        for r in self.rows:
            writer.writerow([_csv_cell(r[c]) for c in self.columns])
        if path is None:
            return buf.getvalue()
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(buf.getvalue(), encoding="utf-8")
        return None

    @classmethod
    def from_csv(cls, path_or_text: str | os.PathLike) -> Table:
        """Read a table written by `to_csv` (a path, or CSV text with a newline in it).

        Empty cells are ``None``; integers, floats (nan, inf), True/False and Python literals
        (tuples, lists) come back as values, anything else as text.
        """
        text = str(path_or_text)
        if "\n" not in text:
            text = Path(path_or_text).read_text(encoding="utf-8")
        reader = csv.reader(io.StringIO(text))
        try:
            columns = next(reader)
        except StopIteration:
            raise ValueError("Table.from_csv: no header line") from None
        rows = []
        for i, cells in enumerate(reader, start=2):
            if len(cells) != len(columns):
                raise ValueError(
                    f"Table.from_csv: line {i} has {len(cells)} cells, the header {len(columns)}"
                )
            rows.append({c: _parse(v) for c, v in zip(columns, cells)})
        return cls(rows, columns)

    def __repr__(self) -> str:
        if not self.columns:
            return "Table(empty)"
        rows = self.rows
        elided = len(rows) > _SHOWN
        if elided:
            rows = rows[: _SHOWN // 2] + rows[-_SHOWN // 2 :]
        cells = [[_text(r[c]) for c in self.columns] for r in rows]
        widths = [
            max([len(c)] + [len(row[j]) for row in cells]) for j, c in enumerate(self.columns)
        ]
        numeric = [all(_is_number(r[c]) or r[c] is None for r in rows) for c in self.columns]

        def line(values):
            return "  ".join(
                v.rjust(w) if num else v.ljust(w) for v, w, num in zip(values, widths, numeric)
            ).rstrip()

        out = [line(self.columns)]
        body = [line(row) for row in cells]
        if elided:
            body.insert(_SHOWN // 2, f"... ({len(self.rows) - _SHOWN} more rows)")
        out.extend(body)
        out.append(f"[{len(self.rows)} rows x {len(self.columns)} columns]")
        return "\n".join(out)

    def _repr_html_(self) -> str:
        numeric = [all(_is_number(r[c]) or r[c] is None for r in self.rows) for c in self.columns]
        kind = ['class="num"' if n else 'class="txt"' for n in numeric]
        head = "".join(f"<th {k}>{html.escape(c)}</th>" for c, k in zip(self.columns, kind))
        body = "".join(
            "<tr>"
            + "".join(
                f"<td {k}>{html.escape(_text(r[c]))}</td>" for c, k in zip(self.columns, kind)
            )
            + "</tr>"
            for r in self.rows
        )
        return (
            _HTML_STYLE
            + f'<table class="graphgrad-table"><thead><tr>{head}</tr></thead>'
            + f"<tbody>{body}</tbody></table>"
            + f'<p class="graphgrad-table-size">{len(self.rows)} rows x '
            + f"{len(self.columns)} columns</p>"
        )


# Readable without a notebook's own table style, and consistent with one (numbers right,
# text left; the selectors outrank JupyterLab's `td` rules).
_HTML_STYLE = (
    "<style>"
    ".graphgrad-table{border-collapse:collapse;font-size:0.9em}"
    ".graphgrad-table th,.graphgrad-table td{padding:0.25em 0.7em}"
    ".graphgrad-table thead th{border-bottom:1px solid #999}"
    ".graphgrad-table .num{text-align:right;font-variant-numeric:tabular-nums}"
    ".graphgrad-table .txt{text-align:left}"
    ".graphgrad-table-size{color:#777;font-size:0.85em}"
    "</style>"
)


def _is_number(v) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool)


def _missing(v) -> bool:
    return v is None or (isinstance(v, float) and math.isnan(v))


def _same(a, b) -> bool:
    if isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b):
        return True
    return a == b


def _text(v) -> str:
    """A cell as shown: 4 significant digits for floats, nothing for None."""
    if v is None:
        return ""
    if isinstance(v, float):
        return f"{v:.4g}"
    text = str(v)
    return text if len(text) <= 60 else text[:57] + "..."


def _csv_cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float):
        return repr(v)
    return str(v)


def _parse(text: str):
    if text == "":
        return None
    if text in ("True", "False"):
        return text == "True"
    try:
        return int(text)
    except ValueError:
        pass
    try:
        return float(text)
    except ValueError:
        pass
    if text[0] in "([{":
        try:
            return ast.literal_eval(text)
        except (ValueError, SyntaxError):
            pass
    return text
