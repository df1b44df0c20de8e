"""render/tables.py: every output format fed the same in-memory rows; each formatter
returns text and writes nothing."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

import pytest

from fostlog.render.tables import (
    Column,
    CsvFormatter,
    JsonFormatter,
    MarkdownFormatter,
    OutputFormat,
    PlainFormatter,
    Record,
    RichFormatter,
    Table,
    formatter_for,
    neutralise_csv_cell,
    percent_text,
)


class Mood(StrEnum):
    good = "good"
    in_doubt = "in_doubt"


@dataclass(frozen=True)
class Cell:
    mark: str
    who: list[str]


@dataclass(frozen=True)
class Row:
    name: str
    when: date | None
    count: int | None
    share: float | None
    mood: Mood
    cell: Cell


ROWS = [
    Row("Kent", date(2025, 7, 7), 619, 37.8, Mood.good, Cell("present", ["Maria Cordrey"])),
    Row("=SUM(A1) | [bold]x[/bold]", None, None, None, Mood.in_doubt, Cell("unknown", [])),
]
COLUMNS = [
    Column("name", "LA", lambda r: r.name),
    Column("when", "Date", lambda r: r.when),
    Column("count", "Count", lambda r: r.count, numeric=True),
    Column("share", "Share", lambda r: r.share, numeric=True, text=percent_text),
    Column("mood", "Mood", lambda r: r.mood),
    Column("cell", "Cell", lambda r: r.cell, text=lambda c: c.mark,
           brief=lambda c: c.mark[0].upper()),
]
TABLE = Table(ROWS, COLUMNS, title="Title here", note="A legend.")


@dataclass(frozen=True)
class Story:
    id: str
    text: str
    note: str | None
    history: list[Row]


STORY = Story("47", "Meet with MH", None, ROWS)
RECORD = Record(STORY, [Column("id", "No.", lambda s: s.id),
                        Column("text", "Action", lambda s: s.text),
                        Column("note", "Note", lambda s: s.note)],
                title="Action 47", part=Table(STORY.history, COLUMNS[:3], title="History"),
                part_key="history")


def test_formatter_for_maps_every_format() -> None:
    assert isinstance(formatter_for(OutputFormat.table), PlainFormatter)
    assert isinstance(formatter_for(OutputFormat.table, terminal_width=100), RichFormatter)
    assert isinstance(formatter_for(OutputFormat.markdown), MarkdownFormatter)
    assert isinstance(formatter_for(OutputFormat.csv), CsvFormatter)
    assert isinstance(formatter_for(OutputFormat.json), JsonFormatter)
    for fmt in OutputFormat:  # each returns text and writes nothing
        assert isinstance(formatter_for(fmt).format(TABLE), str)


def test_plain_table(capsys: pytest.CaptureFixture[str]) -> None:
    text = PlainFormatter().format(TABLE)
    assert capsys.readouterr().out == ""
    lines = text.splitlines()
    assert lines[0] == "Title here" and lines[1] == ""
    assert lines[2].split() == ["LA", "Date", "Count", "Share", "Mood", "Cell"]
    assert lines[4].split() == ["Kent", "2025-07-07", "619", "38%", "good", "P"]
    # unknown: n/a for a number, blank otherwise; the brief form of a cell
    assert lines[5].split()[-4:] == ["n/a", "n/a", "in_doubt", "U"]
    assert text.endswith("\nA legend.\n")


def test_plain_table_wraps_long_text() -> None:
    wrapped = Table([{"t": "word " * 30}], [Column("t", "Text", lambda r: r["t"], wrap=20)])
    assert max(len(line) for line in PlainFormatter().format(wrapped).splitlines()) <= 20


def test_markdown_table() -> None:
    text = MarkdownFormatter().format(TABLE)
    assert text.startswith("**Title here**\n\n| LA ")
    assert "\\|" in text  # a pipe in a cell is escaped
    assert "| Kent " in text and "38%" in text and " P " in text
    assert text.endswith("\nA legend.\n")


def test_csv() -> None:
    text = CsvFormatter().format(TABLE)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["name", "when", "count", "share", "mood", "cell"]
    assert rows[1] == ["Kent", "2025-07-07", "619", "38%", "good", "present"]  # not brief
    # no title, no note; unknown is an empty cell; a formula is neutralised
    assert rows[2] == ["'=SUM(A1) | [bold]x[/bold]", "", "", "", "in_doubt", "unknown"]
    assert len(rows) == 3
    assert neutralise_csv_cell("@x") == "'@x" and neutralise_csv_cell("x=1") == "x=1"


def test_json() -> None:
    objects = json.loads(JsonFormatter().format(TABLE))
    assert objects[0] == {"name": "Kent", "when": "2025-07-07", "count": 619, "share": 37.8,
                          "mood": "good", "cell": {"mark": "present", "who": ["Maria Cordrey"]}}
    assert objects[1]["when"] is None and objects[1]["count"] is None
    assert all(list(o) == list(objects[0]) for o in objects)


def test_rich_shows_cells_as_text_not_markup() -> None:
    text = RichFormatter(width=200).format(TABLE)
    assert "Title here" in text and "A legend." in text and "38%" in text
    assert "[bold]x[/bold]" in text


def test_an_empty_table() -> None:
    empty = Table([], COLUMNS)
    assert json.loads(JsonFormatter().format(empty)) == []
    assert CsvFormatter().format(empty) == "name,when,count,share,mood,cell\n"
    assert PlainFormatter().format(empty).splitlines()[0].split()[0] == "LA"


def test_a_record_in_every_format() -> None:
    plain = PlainFormatter().format(RECORD)
    assert plain.startswith("Action 47\n\nNo.     47\nAction  Meet with MH\n\nHistory\n")
    assert "Note" not in plain.split("History")[0]  # nothing recorded: left out
    markdown = MarkdownFormatter().format(RECORD)
    assert "- **Action**: Meet with MH" in markdown and "**History**" in markdown
    found = json.loads(JsonFormatter().format(RECORD))
    assert list(found) == ["id", "text", "note", "history"]
    assert found["note"] is None and found["history"][0]["name"] == "Kent"
    rows = list(csv.reader(io.StringIO(CsvFormatter().format(RECORD))))
    assert rows[0] == ["id", "name", "when", "count"]
    assert [r[0] for r in rows[1:]] == ["47", "47"]  # each history row led by the id
    assert "Meet with MH" in RichFormatter(width=100).format(RECORD)


def test_a_record_without_a_part_is_one_csv_row() -> None:
    alone = Record(STORY, RECORD.fields)
    assert CsvFormatter().format(alone) == "id,text,note\n47,Meet with MH,\n"


def test_column_of_a_part_of_a_row() -> None:
    column = Column("name", "LA", lambda r: r.name).of(lambda story: story.history[0])
    assert column.get(STORY) == "Kent" and column.header == "LA"


def test_percent_text_rounds_halves_up() -> None:
    assert percent_text(72.5) == "73%" and percent_text(0.5) == "1%"
    assert percent_text(37.49) == "37%"
