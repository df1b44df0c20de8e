"""Rows -> table / markdown / csv / json text. No data logic: a renderer never filters.

A query returns rows (dataclasses); the CLI picks the columns to show and a format. Every
format shows the same columns in the same order; JSON uses the column keys as stable
object keys and ISO dates, CSV neutralises cells a spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import io
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import Any


class OutputFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    csv = "csv"
    json = "json"


@dataclass(frozen=True)
class Column:
    """One output column: its JSON/CSV key, its header, and how to get the value from a row."""

    key: str
    header: str
    get: Callable[[Any], Any]
    numeric: bool = False
    text: Callable[[Any], str] | None = None  # how a known value reads in a table or CSV
    wrap: int | None = None  # wrap long text at this width in a plain table


UNKNOWN = "n/a"
# Cells starting with these are run as formulas by spreadsheets (OWASP "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def json_value(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (list, tuple)):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


def text_value(value: Any) -> str:
    """How a value reads in a table, Markdown or CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(text_value(v) for v in value)
    if isinstance(value, (date, Enum)):
        return str(json_value(value))
    return str(value)


def percent_text(value: float) -> str:
    """Whole percent, halves rounded up as the group's spreadsheet does (72.5 -> 73%)."""
    from decimal import ROUND_HALF_UP, Decimal

    return f"{Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def _cells(rows: Sequence[Any], columns: Sequence[Column], unknown: str) -> list[list[str]]:
    table = []
    for row in rows:
        cells = []
        for column in columns:
            value = column.get(row)
            if value is None:
                cells.append(unknown if column.numeric else "")
            else:
                cells.append(column.text(value) if column.text else text_value(value))
        table.append(cells)
    return table


def neutralise_csv_cell(cell: str) -> str:
    """Prefix a quote so a spreadsheet shows the cell as text instead of running it."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def render_csv(rows: Sequence[Any], columns: Sequence[Column]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([c.key for c in columns])
    for cells in _cells(rows, columns, unknown=""):
        writer.writerow([neutralise_csv_cell(cell) for cell in cells])
    return out.getvalue()


def render_json(rows: Sequence[Any], columns: Sequence[Column]) -> str:
    objects = [{c.key: json_value(c.get(row)) for c in columns} for row in rows]
    return json.dumps(objects, indent=2, ensure_ascii=False) + "\n"


def _markdown_escape(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def render_markdown(rows: Sequence[Any], columns: Sequence[Column], title: str = "") -> str:
    from tabulate import tabulate

    cells = [[_markdown_escape(c) for c in row] for row in _cells(rows, columns, UNKNOWN)]
    align = ["right" if c.numeric else "left" for c in columns]
    body = tabulate(cells, headers=[c.header for c in columns], tablefmt="pipe",
                    colalign=align, disable_numparse=True)
    heading = f"**{_markdown_escape(title)}**\n\n" if title else ""
    return heading + body + "\n"


def use_rich(stream: Any = None) -> bool:
    """Rich tables on a terminal; plain text when piped or when NO_COLOR is set."""
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and "NO_COLOR" not in os.environ


def render_plain_table(rows: Sequence[Any], columns: Sequence[Column], title: str = "") -> str:
    from tabulate import tabulate

    align = ["right" if c.numeric else "left" for c in columns]
    body = tabulate(_cells(rows, columns, UNKNOWN), headers=[c.header for c in columns],
                    tablefmt="simple", colalign=align, disable_numparse=True,
                    maxcolwidths=[c.wrap for c in columns])
    return (f"{title}\n\n" if title else "") + body + "\n"


def print_rich_table(rows: Sequence[Any], columns: Sequence[Column], title: str = "") -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title or None, title_justify="left")
    for column in columns:
        table.add_column(column.header, justify="right" if column.numeric else "left")
    for cells in _cells(rows, columns, UNKNOWN):
        table.add_row(*cells)
    Console().print(table)


def emit(rows: Sequence[Any], columns: Sequence[Column], fmt: OutputFormat,
         title: str = "") -> None:
    """Write rows to stdout in the chosen format (the one place the CLI calls)."""
    if fmt is OutputFormat.table and use_rich():
        print_rich_table(rows, columns, title)
        return
    text = {
        OutputFormat.table: lambda: render_plain_table(rows, columns, title),
        OutputFormat.markdown: lambda: render_markdown(rows, columns, title),
        OutputFormat.csv: lambda: render_csv(rows, columns),
        OutputFormat.json: lambda: render_json(rows, columns),
    }[fmt]()
    sys.stdout.write(text)
