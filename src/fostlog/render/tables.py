"""Rows -> table / markdown / csv / json text. No data logic: a renderer never filters.

The CLI picks the columns of a query's rows, wraps them in a `Table` (or a `Record`) and
asks render/output.render for a format. Every format shows the same columns in the same
order; JSON keys are the column keys, CSV neutralises cells a spreadsheet would run as a
formula, and every text is escaped for its format by core/escape.py.

A table for people (plain text or rich) is fitted to a width when it has one (a terminal,
or COLUMNS when piped): numbers, dates and ids are never cut; long text wraps, and is
shortened with "..." where a column says so; headers wrap between words and after hyphens;
columns that still do not fit are left out, the least important first (`Column.priority`),
and a note under the table names them. When even the columns that are never left out do
not fit, each row is shown as a block of "header  value" lines instead.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

from fostlog.core.escape import (
    csv_cell,
    json_text,
    markdown_line,
    markdown_text,
    one_line,
    plain_text,
)


@dataclass(frozen=True)
class Column:
    """One output column: its JSON/CSV key, its header, and how to get the value from a row."""

    key: str
    header: str
    get: Callable[[Any], Any]  # the value; JSON writes it as it is (dates ISO, enums by value)
    numeric: bool = False
    text: Callable[[Any], str] | None = None  # how a known value reads in a table or CSV
    brief: Callable[[Any], str] | None = None  # a shorter form for a table or Markdown
    wrap: int | None = None  # text that wraps: at this width at most, and narrower to fit
    # Which columns a table too narrow for all of them leaves out: the highest number
    # first (and of equals, the rightmost); 0 is never left out.
    priority: int = 0
    lines: int | None = None  # at most this many lines when fitted; the rest shortened "..."
    least: int | None = None  # wrapping text: the narrowest it gets (default MIN_TEXT)
    # Why a row's value is unknown (None), said in its cell in a table or Markdown instead
    # of n/a: a reason the source gives ("suppressed"), or "" where the figure does not
    # apply (a blank cell); None from it: n/a. CSV and JSON leave the cell empty.
    reason: Callable[[Any], str | None] | None = None
    link: Callable[[Any], str | None] | None = None  # where a cell points (the site's HTML)
    # A word that marks a row in a table, Markdown or a document (an overdue action), on a
    # line of its own below the value: so the mark is there whichever columns are shown.
    mark: Callable[[Any], str] | None = None

    def of(self, part: Callable[[Any], Any]) -> Column:
        """The same column over a part of a row (an action story's row, say)."""
        get, reason, mark = self.get, self.reason, self.mark
        return dataclasses.replace(
            self, get=lambda row: get(part(row)),
            reason=None if reason is None else lambda row: reason(part(row)),
            mark=None if mark is None else lambda row: mark(part(row)))


@dataclass(frozen=True)
class Table:
    """Rows under columns, with a title above and a note (a legend) below them in a table
    or Markdown; CSV and JSON carry the rows only. The one table type: a document's table
    (render/outline.py) is one too, its rows shaded in a format that can (`style`)."""

    rows: Sequence[Any]
    columns: Sequence[Column]
    title: str = ""
    note: str = ""
    empty: str = ""  # what no rows means, said instead of an empty table (table, Markdown)
    whole: str = ""  # where a cell shortened with "..." can be read whole
    style: Callable[[Any], str | None] | None = None  # a row's outline.RowStyle


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


def by_key(mapping: str, key: str) -> Callable[[Any], Any]:
    """A getter of one key's entry in the row's mapping named `mapping` (None where the
    row has none): a stage's count, a measure's value, or why either is unknown (for
    Column.reason)."""
    return lambda row: getattr(row, mapping).get(key)


def reasons_text(reasons: Mapping[str, str]) -> str:
    """A row's unknown figures with why, for the Unknown column of CSV: "approved
    suppressed, filled not returned"."""
    return ", ".join(f"{key} {reason}" for key, reason in reasons.items())


def percent_text(value: float) -> str:
    """Whole percent, halves rounded up as the group's spreadsheet does (72.5 -> 73%)."""
    from decimal import ROUND_HALF_UP, Decimal

    return f"{Decimal(value).quantize(Decimal(1), rounding=ROUND_HALF_UP)}%"


def cell_text(row: Any, column: Column, unknown: str = UNKNOWN, in_words: bool = True) -> str:
    """A cell's text, unescaped; `in_words` (a table, Markdown, a record's view, a
    document): the brief form, why an unknown value is unknown where the column says, and
    the row's mark below it."""
    text = _value_text(row, column, unknown, in_words)
    mark = column.mark(row) if in_words and column.mark is not None else ""
    return f"{text}\n{mark}" if text and mark else text or mark


def _value_text(row: Any, column: Column, unknown: str, in_words: bool) -> str:
    value = column.get(row)
    if value is None:
        reason = column.reason(row) if in_words and column.reason else None
        if reason is not None:
            return reason
        return unknown if column.numeric else ""
    if in_words and column.brief:
        return column.brief(value)
    return column.text(value) if column.text else text_value(value)


def keeping(columns: Sequence[Column], keys: Iterable[str]) -> list[Column]:
    """The columns, those `keys` names never left out: what the question is about (the
    due date of `--overdue`, the column sorted by) is kept at any width."""
    kept = set(keys)
    return [dataclasses.replace(c, priority=0) if c.key in kept else c for c in columns]


def _cell(row: Any, column: Column, unknown: str, in_words: bool) -> str:
    return plain_text(cell_text(row, column, unknown, in_words))


def texts(table: Table) -> list[list[str]]:
    """A document's table as text, row by row, for a format to escape its own way."""
    return [[cell_text(row, column) for column in table.columns] for row in table.rows]


def _cells(rows: Sequence[Any], columns: Sequence[Column], unknown: str,
           in_words: bool = True) -> list[list[str]]:
    return [[_cell(row, column, unknown, in_words) for column in columns] for row in rows]


def _filled(record: Record) -> list[Column]:
    """The fields that say something: a detail view leaves out what is not recorded (and
    keeps an unknown whose reason is given)."""
    return [f for f in record.fields if f.get(record.row) not in (None, "", [], ())
            or (f.reason is not None and f.reason(record.row))]


def _part_rows(record: Record) -> Table:
    """A record as a flat table: its part's rows, each led by the record's first field."""
    if record.part is None:
        return Table([record.row], record.fields)
    lead = record.fields[0]
    first = dataclasses.replace(lead, get=lambda _row: lead.get(record.row))
    return Table(record.part.rows, [first, *record.part.columns])


class CsvFormatter:
    """One header row of column keys, then one row per row; unknown is an empty cell."""

    def format(self, content: Output) -> str:
        table = content if isinstance(content, Table) else _part_rows(content)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow([c.key for c in table.columns])
        for cells in _cells(table.rows, table.columns, unknown="", in_words=False):
            writer.writerow([csv_cell(cell) for cell in cells])
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
        return json_text(found, indent=2) + "\n"


class MarkdownFormatter:
    """A pipe table (GitHub-flavoured), the title in bold above it, the note below."""

    def _table(self, table: Table) -> str:
        from tabulate import tabulate

        heading = f"**{markdown_line(table.title)}**\n\n" if table.title else ""
        if not table.rows and table.empty:
            return heading + markdown_text(table.empty) + "\n"
        cells = [[markdown_line(c) for c in row]
                 for row in _cells(table.rows, table.columns, UNKNOWN)]
        align = ["right" if c.numeric else "left" for c in table.columns]
        body = tabulate(cells, headers=[markdown_line(c.header) for c in table.columns],
                        tablefmt="pipe", colalign=align, disable_numparse=True)
        return heading + body + "\n" + (f"\n{markdown_text(table.note)}\n" if table.note
                                        else "")

    def format(self, content: Output) -> str:
        if isinstance(content, Table):
            return self._table(content)
        heading = f"**{markdown_line(content.title)}**\n\n" if content.title else ""
        lines = [f"- **{markdown_line(f.header)}**: "
                 f"{markdown_line(_cell(content.row, f, UNKNOWN, in_words=True))}"
                 for f in _filled(content)]
        part = "\n" + self._table(content.part) if content.part is not None else ""
        return heading + "\n".join(lines) + "\n" + part


# --- fitting a table to a width ----------------------------------------------------------

ELLIPSIS = "..."  # ASCII: a line is as long counted in characters as in bytes
GAP = 2  # spaces between two columns
MIN_TEXT = 10  # the narrowest wrapping text gets before columns are left out
MIN_WIDTH = 24  # a narrower width is taken as this
WIDE_HINT = "--format csv or json gives every column."


def _header_pieces(header: str) -> list[tuple[str, bool]]:
    """A header's unbreakable pieces, each with whether it starts a word: a header breaks
    between words and after a hyphen, so "2021-07-19" can stand as "2021-" over "07-19"."""
    return [(piece, index == 0) for word in plain_text(header).split()
            for index, piece in enumerate(re.findall(r"[^-]+-?|-", word))]


def wrap_header(header: str, width: int) -> list[str]:
    """A header's lines at `width` (a piece longer than that stands alone, whole)."""
    lines: list[str] = []
    line = ""
    for piece, starts_word in _header_pieces(header):
        joined = line + (" " if starts_word and line else "") + piece
        if line and len(joined) > width:
            lines.append(line)
            line = piece
        else:
            line = joined
    return [*lines, line] if line or not lines else lines


_WRAP_CHANGES = re.compile(r"[\t\n\x0b\x0c\r]")  # what textwrap turns into spaces
_OTHER_SPACE = re.compile(r"[^\S ]")  # any white space but a space: textwrap's own way


def fits_unwrapped(text: str, width: int) -> bool:
    """Whether textwrap would give `text` back as its one line: it fits, and has none of
    the whitespace that textwrap replaces, nor a trailing one it drops. Most cells of a
    long table are such, and need not go through textwrap (10% of a table's layout)."""
    return (len(text) <= width and not (text and text[-1].isspace())
            and _WRAP_CHANGES.search(text) is None)


def _words_wrapped(paragraph: str, width: int) -> list[str] | None:
    """What textwrap.wrap gives for plain words, each shorter than `width`, one space
    apart (most cells of a long table), in a quarter of its time; None for anything
    else, which textwrap then wraps."""
    words = paragraph.split(" ")
    if (width <= 0 or _OTHER_SPACE.search(paragraph) is not None or "" in words
            or max(map(len, words)) > width):
        return None
    lines, line = [], words[0]
    for word in words[1:]:
        if len(line) + 1 + len(word) <= width:
            line += " " + word
        else:
            lines.append(line)
            line = word
    lines.append(line)
    return lines


def _wrap_text(text: str, width: int, most: int | None) -> list[str]:
    """Text wrapped at `width`, at most `most` lines (the last ending in "...")."""
    if width > 0 and (most is None or most > 0) and fits_unwrapped(text, width):
        return [text]
    lines: list[str] = []
    for paragraph in text.split("\n") or [""]:
        lines += (_words_wrapped(paragraph, width)
                  or textwrap.wrap(paragraph, width, break_on_hyphens=False) or [""])
    if most is not None and len(lines) > most:
        last = textwrap.shorten(" ".join(lines[most - 1:]), width, placeholder=" " + ELLIPSIS)
        if last.strip() == ELLIPSIS:  # a first word longer than the column
            last = lines[most - 1][: width - 1] + ELLIPSIS
        lines = [*lines[:most - 1], last]
    return lines


@dataclass(frozen=True)
class _Measure:
    least: int  # the narrowest the column can be: a number or date whole, text at MIN_TEXT
    natural: int  # the width it takes with room to spare
    word: int  # wrapping text: its longest word, the narrowest that breaks none
    # Wrapping text: the narrowest it is made to give another column room for a word:
    # room for its own longest word and header pieces, and MIN_TEXT (less if it needs no
    # more), even where `least` is wider.
    floor: int


def _measure(column: Column, cells: list[str]) -> _Measure:
    longest = max((len(line) for cell in cells for line in cell.split("\n")), default=0)
    piece = max((len(p) for p, _ in _header_pieces(column.header)), default=0)
    if column.wrap is None:
        width = max(longest, piece)
        return _Measure(width, max(longest, len(column.header)), width, width)
    least = max(piece, min(longest, column.least or MIN_TEXT))
    word = max((len(w) for cell in cells for w in cell.split()), default=0)
    # Room to spare is room for the longest word too: only a narrow table breaks one.
    natural = max(min(longest, column.wrap), word, piece, min(len(column.header), column.wrap))
    return _Measure(least, natural, word, max(piece, word, min(longest, MIN_TEXT)))


def _choose_widths(columns: Sequence[Column], measures: list[_Measure], width: int | None
                   ) -> dict[int, int] | None:
    """Column index -> width for the columns shown, or None when even those never left out
    do not fit. Columns are left out, the highest priority number first, until the rest
    fit at their narrowest; the room left goes first to wrapping text, then to letting a
    header stand on one line. Wrapping text breaks a word only when there is no other
    way: a column first gets room for its longest word, before any gets more (so "GS
    (unresolved)" wraps at its space, and a column of sentences wraps a little sooner);
    a word longer than all the room there is, is broken."""
    shown = list(range(len(columns)))
    if width is None:
        return {i: measures[i].natural for i in shown}

    def total(indices: list[int]) -> int:
        return sum(measures[i].least for i in indices) + GAP * (len(indices) - 1)

    while total(shown) > width:
        optional = [i for i in shown if columns[i].priority > 0]
        if not optional:
            return None
        shown.remove(max(optional, key=lambda i: (columns[i].priority, i)))
    widths = {i: measures[i].least for i in shown}
    spare = width - total(shown)
    wrapping = [i for i in shown if columns[i].wrap is not None]
    # The columns that need least to break no word first: the most columns kept whole.
    for i in sorted(wrapping, key=lambda i: (measures[i].word - widths[i], i)):
        short = measures[i].word - widths[i]
        if 0 < short <= spare + _room_to_give(wrapping, measures, widths, i):
            spare = _give(short, i, spare, wrapping, measures, widths)
    wanted = {i: measures[i].natural - widths[i] for i in wrapping}
    asked = sum(wanted.values())
    if asked:
        given = min(spare, asked)
        for i in wrapping:
            added = given * wanted[i] // asked
            widths[i] += added
            spare -= added
        for i in sorted(wrapping, key=lambda i: -wanted[i]):  # what rounding left over
            if spare and widths[i] < measures[i].natural:
                widths[i] += 1
                spare -= 1
    fixed = [i for i in shown if columns[i].wrap is None]
    for i in sorted(fixed, key=lambda i: (columns[i].priority, i)):
        need = measures[i].natural - widths[i]
        if 0 < need <= spare:
            widths[i] += need
            spare -= need
    return widths


def _room_to_give(wrapping: list[int], measures: list[_Measure], widths: dict[int, int],
                  taker: int) -> int:
    return sum(max(0, widths[i] - measures[i].floor) for i in wrapping if i != taker)


def _give(short: int, taker: int, spare: int, wrapping: list[int],
          measures: list[_Measure], widths: dict[int, int]) -> int:
    """Widen column `taker` by `short`: from the spare room, then from the columns of
    words with the most room above their floor (_Measure.floor); returns the spare room
    left."""
    from_spare = min(short, spare)
    widths[taker] += from_spare
    short -= from_spare
    while short:
        donor = max((i for i in wrapping if i != taker),
                    key=lambda i: widths[i] - measures[i].floor)
        widths[donor] -= 1
        widths[taker] += 1
        short -= 1
    return spare - from_spare


@dataclass(frozen=True)
class Fitted:
    """A table laid out for a width: the columns shown and their widths, each header and
    cell as its lines, what was left out and whether any text was shortened."""

    columns: list[Column]
    widths: list[int]
    headers: list[list[str]]  # one list of lines per column, bottom-aligned
    rows: list[list[list[str]]]  # row -> column -> lines
    left_out: list[Column]
    shortened: bool

    @property
    def multiline(self) -> bool:
        return any(len(cell) > 1 for row in self.rows for cell in row)


def fit_table(table: Table, width: int | None) -> Fitted | None:
    """Lay a table out in `width` characters (None: as wide as it needs); None when it
    cannot be, even without every column that may be left out."""
    cells = _cells(table.rows, table.columns, UNKNOWN)
    columns = list(table.columns)
    measures = [_measure(c, [row[i] for row in cells]) for i, c in enumerate(columns)]
    widths = _choose_widths(columns, measures, width)
    if widths is None:
        return None
    shown = sorted(widths)
    headers = [wrap_header(columns[i].header, widths[i]) for i in shown]
    height = max((len(h) for h in headers), default=1)
    headers = [[""] * (height - len(h)) + h for h in headers]
    rows = []
    shortened = False
    for row in cells:
        lines = []
        for i in shown:
            column = columns[i]
            if column.wrap is None:
                lines.append(row[i].split("\n"))
                continue
            most = column.lines if width is not None else None
            wrapped = _wrap_text(row[i], widths[i], most)
            shortened |= most is not None and wrapped[-1].endswith(ELLIPSIS) and not (
                row[i].endswith(ELLIPSIS))
            lines.append(wrapped)
        rows.append(lines)
    left_out = [c for i, c in enumerate(columns) if i not in widths]
    return Fitted([columns[i] for i in shown], [widths[i] for i in shown], headers, rows,
                  left_out, shortened)


def fit_notes(table: Table, fitted: Fitted, width: int | None, hint: str) -> list[str]:
    """What a reader of a fitted table needs to know: the table's own note, which columns
    were left out and how to see them, and where shortened text can be read whole."""
    notes = [table.note] if table.note else []
    if fitted.left_out:
        names = ", ".join(c.header for c in fitted.left_out)
        notes.append(f"Left out at {width} columns: {names}. {hint}".rstrip())
    if fitted.shortened:
        notes.append("Text ending in ... is shortened" + (f": {table.whole}" if table.whole
                                                          else "") + ".")
    return notes


def _block_view(table: Table, width: int) -> list[str]:
    """Each row as a block of "header  value" lines: for a width no table fits."""
    label = min(max((len(c.header) for c in table.columns), default=0), width // 3)
    room = max(width - label - GAP, MIN_TEXT)
    out: list[str] = []
    for row in _cells(table.rows, table.columns, UNKNOWN):
        if out:
            out.append("")
        for column, cell in zip(table.columns, row, strict=True):
            if not cell:
                continue  # as in a record's view, what is not recorded is left out
            head = wrap_header(column.header, label)
            value = (_wrap_text(cell, room, None) if column.wrap or len(cell) > room
                     else cell.split("\n"))
            for index in range(max(len(head), len(value))):
                left = head[index] if index < len(head) else ""
                right = value[index] if index < len(value) else ""
                out.append((left.ljust(label) + " " * GAP + right).rstrip())
    return out


def _wrapped(text: str, width: int | None) -> list[str]:
    text = plain_text(text)
    if width is None:
        return text.split("\n")
    return [line for paragraph in text.split("\n")
            for line in (textwrap.wrap(paragraph, width) or [""])]


class _Fitting:
    """A formatter of tables for people, fitted to `width` (None: as wide as they need);
    `hint` says how to see the columns left out."""

    def __init__(self, width: int | None = None, hint: str = WIDE_HINT):
        self.width = None if width is None else max(width, MIN_WIDTH)
        self.hint = hint


class PlainFormatter(_Fitting):
    """Plain text for a pipe or a file: columns aligned, long text wrapped."""

    def _table(self, table: Table) -> str:
        out = _wrapped(table.title, self.width) + [""] if table.title else []
        if not table.rows and table.empty:
            return "\n".join(out + _wrapped(table.empty, self.width)) + "\n"
        fitted = fit_table(table, self.width)
        if fitted is None:
            assert self.width is not None
            out += _block_view(table, self.width)
            notes = [table.note] if table.note else []
        else:
            out += self._grid(fitted)
            notes = fit_notes(table, fitted, self.width, self.hint)
        for note in notes:
            out += ["", *_wrapped(note, self.width)]
        return "\n".join(out) + "\n"

    @staticmethod
    def _grid(fitted: Fitted) -> list[str]:
        gap = " " * GAP
        # How each column's lines are padded: numbers to the right, text to the left.
        pads = [(str.rjust if c.numeric else str.ljust, w)
                for c, w in zip(fitted.columns, fitted.widths, strict=True)]

        def line_of(cells: Sequence[list[str]], line: int) -> str:
            return gap.join(pad(cell[line] if line < len(cell) else "", w)
                            for cell, (pad, w) in zip(cells, pads, strict=True)).rstrip()

        out = [line_of(fitted.headers, line)
               for line in range(len(fitted.headers[0]) if fitted.headers else 0)]
        out.append(gap.join("-" * w for w in fitted.widths))
        multiline = fitted.multiline  # once: asked for each row, it walked every row
        for number, row in enumerate(fitted.rows):
            if number and multiline:
                out.append("")
            out += [line_of(row, line) for line in range(max((len(c) for c in row), default=1))]
        return out

    def format(self, content: Output) -> str:
        if isinstance(content, Table):
            return self._table(content)
        out = _wrapped(content.title, self.width) + [""] if content.title else []
        out += _record_lines(content, self.width)
        text = "\n".join(out) + "\n"
        if content.part is not None:
            text += "\n" + self._table(content.part)
        return text


def _record_lines(record: Record, width: int | None) -> list[str]:
    """A record's fields, one a line: the header, then the value (wrapped beside it)."""
    filled = _filled(record)
    headers = [one_line(f.header) for f in filled]
    label = max((len(h) for h in headers), default=0)
    room = 72 if width is None else max(width - label - GAP, MIN_TEXT)
    out = []
    for field, header in zip(filled, headers, strict=True):
        value = _cell(record.row, field, UNKNOWN, in_words=True)
        lines = (_wrap_text(value, room, None) if field.wrap or len(value) > room
                 else value.split("\n"))
        for index, line in enumerate(lines):
            out.append(((header if index == 0 else "").ljust(label) + " " * GAP
                        + line).rstrip())
    return out


class RichFormatter(_Fitting):
    """A table drawn with rich, as terminal text (ANSI styles)."""

    def format(self, content: Output) -> str:
        from rich import box
        from rich.console import Console
        from rich.table import Table as RichTable
        from rich.text import Text

        tables = [content] if isinstance(content, Table) else (
            [content.part] if content.part is not None else [])
        fits = {id(t): fit_table(t, self.width) for t in tables}
        needed = max((sum(f.widths) + GAP * (len(f.widths) - 1) for f in fits.values()
                      if f is not None), default=80)
        console = Console(file=io.StringIO(), force_terminal=True,
                          width=self.width or max(needed, 80))
        width = console.width

        def draw(table: Table) -> None:
            if table.title:
                console.print(Text(plain_text(table.title), style="bold"))
                console.print()
            if not table.rows and table.empty:
                console.print(Text(plain_text(table.empty)))
                return
            fitted = fits[id(table)]
            if fitted is None:
                console.print(Text("\n".join(_block_view(table, width))))
                notes = [table.note] if table.note else []
            else:
                drawn = RichTable(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False,
                                  padding=(0, GAP - 1, 0, 0),
                                  leading=1 if fitted.multiline else 0,
                                  header_style="bold")
                for column, w, header in zip(fitted.columns, fitted.widths, fitted.headers,
                                             strict=True):
                    # Text() so that a cell such as "[Kent]" is shown, not read as markup.
                    drawn.add_column(Text("\n".join(header)), width=w, no_wrap=True,
                                     justify="right" if column.numeric else "left")
                for row in fitted.rows:
                    drawn.add_row(*(Text("\n".join(cell)) for cell in row))
                console.print(drawn)
                notes = fit_notes(table, fitted, self.width, self.hint)
            for note in notes:
                console.print()
                console.print(Text(plain_text(note), style="dim"))

        with console.capture() as captured:
            if isinstance(content, Table):
                draw(content)
            else:
                if content.title:
                    console.print(Text(plain_text(content.title), style="bold"))
                    console.print()
                grid = RichTable.grid(padding=(0, GAP, 0, 0))
                grid.add_column(style="bold", no_wrap=True)
                grid.add_column()
                for f in _filled(content):
                    grid.add_row(Text(one_line(f.header)),
                                 Text(_cell(content.row, f, UNKNOWN, True)))
                console.print(grid)
                if content.part is not None:
                    console.print()
                    draw(content.part)
        return captured.get()

