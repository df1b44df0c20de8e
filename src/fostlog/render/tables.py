"""Rows -> table / markdown / csv / json text. No data logic: a renderer never filters.

A query returns rows (dataclasses); the CLI picks the columns to show, wraps them in a
`Table` (or a `Record`: one thing in detail, with a table of its own under it) and asks
`formatter_for` for the format's Formatter (render/output.py), whose `format` returns the
text; only the CLI writes it. Every format shows the same columns in the same order; JSON
uses the column keys as stable object keys and ISO dates, CSV neutralises cells a
spreadsheet would run as a formula.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum, StrEnum
from typing import Any, assert_never

from fostlog.render.output import Formatter


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
    get: Callable[[Any], Any]  # the value; JSON writes it as it is (dates ISO, enums by value)
    numeric: bool = False
    text: Callable[[Any], str] | None = None  # how a known value reads in a table or CSV
    brief: Callable[[Any], str] | None = None  # a shorter form for a table or Markdown
    wrap: int | None = None  # wrap long text at this width in a plain table

    def of(self, part: Callable[[Any], Any]) -> Column:
        """The same column over a part of a row (an action story's row, say)."""
        get = self.get
        return dataclasses.replace(self, get=lambda row: get(part(row)))


@dataclass(frozen=True)
class Table:
    """Rows under columns, with a title above and a note (a legend) below them in a table
    or Markdown; CSV and JSON carry the rows only."""

    rows: Sequence[Any]
    columns: Sequence[Column]
    title: str = ""
    note: str = ""


@dataclass(frozen=True)
class Record:
    """One thing in detail: its fields, one a line, and optionally a table of its own
    below them (an action and its history). JSON gives one object with the table's rows
    under `part_key`; CSV gives the table's rows, each led by the record's first field."""

    row: Any
    fields: Sequence[Column]
    title: str = ""
    part: Table | None = None
    part_key: str = "rows"


Output = Table | Record

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
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: json_value(getattr(value, f.name)) for f in dataclasses.fields(value)}
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


def _cell(row: Any, column: Column, unknown: str, brief: bool) -> str:
    value = column.get(row)
    if value is None:
        return unknown if column.numeric else ""
    if brief and column.brief:
        return column.brief(value)
    return column.text(value) if column.text else text_value(value)


def _cells(rows: Sequence[Any], columns: Sequence[Column], unknown: str,
           brief: bool = True) -> list[list[str]]:
    return [[_cell(row, column, unknown, brief) for column in columns] for row in rows]


def _filled(record: Record) -> list[Column]:
    """The fields that say something: a detail view leaves out what is not recorded."""
    return [f for f in record.fields if f.get(record.row) not in (None, "", [], ())]


def _part_rows(record: Record) -> Table:
    """A record as a flat table: its part's rows, each led by the record's first field."""
    if record.part is None:
        return Table([record.row], record.fields)
    lead = record.fields[0]
    first = dataclasses.replace(lead, get=lambda _row: lead.get(record.row))
    return Table(record.part.rows, [first, *record.part.columns])


def neutralise_csv_cell(cell: str) -> str:
    """Prefix a quote so a spreadsheet shows the cell as text instead of running it."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


class CsvFormatter:
    """One header row of column keys, then one row per row; unknown is an empty cell."""

    def format(self, content: Output) -> str:
        table = content if isinstance(content, Table) else _part_rows(content)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.key for c in table.columns])
        for cells in _cells(table.rows, table.columns, unknown="", brief=False):
            writer.writerow([neutralise_csv_cell(cell) for cell in cells])
        return out.getvalue()


class JsonFormatter:
    """A table as a list of objects keyed by column key; a record as one object."""

    @staticmethod
    def _objects(table: Table) -> list[dict[str, Any]]:
        return [{c.key: json_value(c.get(row)) for c in table.columns} for row in table.rows]

    def format(self, content: Output) -> str:
        found: Any
        if isinstance(content, Table):
            found = self._objects(content)
        else:
            found = {c.key: json_value(c.get(content.row)) for c in content.fields}
            if content.part is not None:
                found[content.part_key] = self._objects(content.part)
        return json.dumps(found, indent=2, ensure_ascii=False) + "\n"


def _markdown_escape(cell: str) -> str:
    return cell.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


class MarkdownFormatter:
    """A pipe table (GitHub-flavoured), the title in bold above it, the note below."""

    def _table(self, table: Table) -> str:
        from tabulate import tabulate

        cells = [[_markdown_escape(c) for c in row]
                 for row in _cells(table.rows, table.columns, UNKNOWN)]
        align = ["right" if c.numeric else "left" for c in table.columns]
        body = tabulate(cells, headers=[c.header for c in table.columns], tablefmt="pipe",
                        colalign=align, disable_numparse=True)
        heading = f"**{_markdown_escape(table.title)}**\n\n" if table.title else ""
        return heading + body + "\n" + (f"\n{table.note}\n" if table.note else "")

    def format(self, content: Output) -> str:
        if isinstance(content, Table):
            return self._table(content)
        heading = f"**{_markdown_escape(content.title)}**\n\n" if content.title else ""
        lines = [f"- **{_markdown_escape(f.header)}**: "
                 f"{_markdown_escape(_cell(content.row, f, UNKNOWN, brief=True))}"
                 for f in _filled(content)]
        part = "\n" + self._table(content.part) if content.part is not None else ""
        return heading + "\n".join(lines) + "\n" + part


class PlainFormatter:
    """Plain text for a pipe or a file: columns aligned, long text wrapped."""

    def _table(self, table: Table) -> str:
        from tabulate import tabulate

        align = ["right" if c.numeric else "left" for c in table.columns]
        body = tabulate(_cells(table.rows, table.columns, UNKNOWN),
                        headers=[c.header for c in table.columns], tablefmt="simple",
                        colalign=align, disable_numparse=True,
                        maxcolwidths=[c.wrap for c in table.columns])
        return ((f"{table.title}\n\n" if table.title else "") + body + "\n"
                + (f"\n{table.note}\n" if table.note else ""))

    def format(self, content: Output) -> str:
        from tabulate import tabulate

        if isinstance(content, Table):
            return self._table(content)
        lines = [[f.header, _cell(content.row, f, UNKNOWN, brief=True)]
                 for f in _filled(content)]
        body = tabulate(lines, tablefmt="plain", disable_numparse=True,
                        maxcolwidths=[None, 72])
        heading = f"{content.title}\n\n" if content.title else ""
        part = "\n" + self._table(content.part) if content.part is not None else ""
        return heading + body + "\n" + part


class RichFormatter:
    """A table drawn with rich, as terminal text (ANSI styles) `width` characters wide."""

    def __init__(self, width: int | None = None):
        self.width = width

    def format(self, content: Output) -> str:
        from rich.console import Console
        from rich.table import Table as RichTable
        from rich.text import Text

        console = Console(file=io.StringIO(), force_terminal=True, width=self.width)

        def draw(table: Table) -> None:
            # Text() so that a cell such as "[Kent]" is shown, not read as rich markup.
            drawn = RichTable(title=Text(table.title) if table.title else None,
                              title_justify="left",
                              caption=Text(table.note) if table.note else None,
                              caption_justify="left")
            for column in table.columns:
                drawn.add_column(Text(column.header),
                                 justify="right" if column.numeric else "left")
            for cells in _cells(table.rows, table.columns, UNKNOWN):
                drawn.add_row(*(Text(cell) for cell in cells))
            console.print(drawn)

        with console.capture() as captured:
            if isinstance(content, Table):
                draw(content)
            else:
                if content.title:
                    console.print(Text(content.title, style="bold"))
                grid = RichTable.grid(padding=(0, 2))
                grid.add_column(style="bold")
                grid.add_column()
                for f in _filled(content):
                    grid.add_row(Text(f.header), Text(_cell(content.row, f, UNKNOWN, True)))
                console.print(grid)
                if content.part is not None:
                    console.print()
                    draw(content.part)
        return captured.get()


def formatter_for(output_format: OutputFormat, *, terminal_width: int | None = None
                  ) -> Formatter[Output]:
    """The formatter for a format; mypy reports a format added without one. A table is
    drawn with rich when the CLI says it is going to a terminal (`terminal_width`)."""
    match output_format:
        case OutputFormat.table:
            if terminal_width is not None:
                return RichFormatter(terminal_width)
            return PlainFormatter()
        case OutputFormat.markdown:
            return MarkdownFormatter()
        case OutputFormat.csv:
            return CsvFormatter()
        case OutputFormat.json:
            return JsonFormatter()
        case _:
            assert_never(output_format)
