"""render/tables.py: every output format fed the same in-memory rows; each formatter
returns text and writes nothing."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

import pytest

from fostlog.core.escape import csv_cell
from fostlog.render.output import Format, render
from fostlog.render.tables import (
    ELLIPSIS,
    Column,
    CsvFormatter,
    Fitted,
    JsonFormatter,
    MarkdownFormatter,
    PlainFormatter,
    Record,
    RichFormatter,
    Table,
    by_key,
    fit_table,
    percent_text,
    reasons_text,
    wrap_header,
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


def test_render_maps_every_table_format_to_its_formatter() -> None:
    assert render(TABLE, Format.table) == PlainFormatter().format(TABLE)
    assert render(TABLE, Format.table, width=100, terminal=True) == (
        RichFormatter(100).format(TABLE))
    assert render(TABLE, Format.table, width=100) == PlainFormatter(100).format(TABLE)
    assert render(TABLE, Format.markdown) == MarkdownFormatter().format(TABLE)
    assert render(TABLE, Format.csv) == CsvFormatter().format(TABLE)
    assert render(TABLE, Format.json) == JsonFormatter().format(TABLE)


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
    assert csv_cell("@x") == "'@x" and csv_cell("x=1") == "x=1"


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


@dataclass(frozen=True)
class Figures:
    name: str
    counts: dict[str, int | None]
    unknown: dict[str, str]


FIGURES = [Figures("Kent", {"enquiries": None, "approvals": None},
                   {"enquiries": "suppressed"}),
           Figures("Medway", {"enquiries": 40, "approvals": 3}, {})]
FIGURE_COLUMNS = [
    Column("name", "LA", lambda r: r.name),
    *[Column(key, key.title(), by_key("counts", key), numeric=True,
             text=lambda v: f"{v:,}", reason=by_key("unknown", key))
      for key in ("enquiries", "approvals")],
    Column("unknown", "Unknown", lambda r: r.unknown, text=reasons_text),
]


def test_an_unknown_figure_shows_its_reason_for_people_and_an_empty_cell_in_data() -> None:
    table = Table(FIGURES, FIGURE_COLUMNS)
    plain = PlainFormatter().format(table).splitlines()
    assert plain[2].split() == ["Kent", "suppressed", "n/a", "enquiries", "suppressed"]
    assert plain[3].split() == ["Medway", "40", "3"]
    assert "| Kent | suppressed | n/a |" in " ".join(MarkdownFormatter().format(table).split())
    rows = list(csv.reader(io.StringIO(CsvFormatter().format(table))))
    assert rows[1] == ["Kent", "", "", "enquiries suppressed"]
    assert json.loads(JsonFormatter().format(table))[0]["enquiries"] is None
    # the reason follows a column taken over a part of a row, and keeps a record's field
    over_part = [c.of(lambda pair: pair[1]) for c in FIGURE_COLUMNS]
    alone = PlainFormatter().format(Table([(0, FIGURES[0])], over_part)).splitlines()
    assert alone[2].split() == plain[2].split()
    record = PlainFormatter().format(Record(FIGURES[0], FIGURE_COLUMNS[:3]))
    assert "Enquiries  suppressed" in record and "Approvals" not in record


def test_a_blank_reason_says_the_figure_does_not_apply() -> None:
    column = Column("pooled", "Pooled", lambda r: None, numeric=True, reason=lambda r: "")
    assert PlainFormatter().format(Table([1], [column])).splitlines()[2] == ""
    assert Format.table.in_words and Format.markdown.in_words
    assert not Format.csv.in_words and not Format.json.in_words


def test_percent_text_rounds_halves_up() -> None:
    assert percent_text(72.5) == "73%" and percent_text(0.5) == "1%"
    assert percent_text(37.49) == "37%"


# --- fitting a table to a width ------------------------------------------------------------

LONG = ("GS and SD to meet with MH to discuss how this group can be used moving forward to "
        "help provide a space for LAs to provide feedback and identify key issues.")


@dataclass(frozen=True)
class Wide:
    id: str
    text: str
    raised: date
    note: str
    age: int


WIDE_ROWS = [Wide("2020-07-21/1", LONG, date(2020, 7, 21), "open at the last log", 2316),
             Wide("47", "Short.", date(2025, 3, 1), "", 632)]
WIDE_COLUMNS = [
    Column("id", "No.", lambda r: r.id),
    Column("text", "Action", lambda r: r.text, wrap=50, least=20, lines=2),
    Column("raised", "Raised", lambda r: r.raised, priority=2),
    Column("note", "Note about it", lambda r: r.note, wrap=30, priority=1),
    Column("age", "Age (days)", lambda r: r.age, numeric=True),
]
WIDE = Table(WIDE_ROWS, WIDE_COLUMNS, title="Actions", note="A note.",
             whole="'show ID' shows it whole")


def _lines(text: str) -> list[str]:
    """The lines as a terminal shows them (rich's styles taken out)."""
    import re

    return re.sub(r"\x1b\[[0-9;]*m", "", text).splitlines()


@pytest.mark.parametrize("width", [40, 50, 60, 80, 100, 120, 200])
def test_no_line_is_wider_than_asked_and_nothing_numeric_is_cut(width: int) -> None:
    for formatter in (PlainFormatter(width), RichFormatter(width)):
        text = formatter.format(WIDE)
        assert max(len(line) for line in _lines(text)) <= width, (formatter, width)
        for whole in ("2020-07-21/1", "2316", "632", "47"):
            assert whole in text
        if "Raised" in text.split("Left out")[0]:
            assert "2020-07-21" in text and "2025-03-01" in text


def test_columns_are_left_out_highest_priority_first_and_named() -> None:
    fitted = fit_table(WIDE, 50)
    assert fitted is not None
    assert [c.key for c in fitted.left_out] == ["raised", "note"]  # raised (2) went first
    text = PlainFormatter(50).format(WIDE)
    assert "Left out at 50 columns: Raised, Note about it." in " ".join(text.split())
    fitted = fit_table(WIDE, 60)
    assert fitted is not None and [c.key for c in fitted.left_out] == ["raised"]
    fitted = fit_table(WIDE, 80)
    assert fitted is not None and fitted.left_out == []
    unlimited = fit_table(WIDE, None)
    assert unlimited is not None and unlimited.left_out == []


def test_long_text_wraps_and_is_shortened_where_the_column_says() -> None:
    fitted = fit_table(WIDE, 60)
    assert fitted is not None
    action = fitted.rows[0][1]
    assert len(action) == 2 and action[-1].endswith("...")
    text = PlainFormatter(60).format(WIDE)
    assert "Text ending in ... is shortened: 'show ID' shows it whole." in " ".join(text.split())
    # with no width (--wide, or piped without COLUMNS) nothing is shortened
    assert "..." not in PlainFormatter().format(WIDE) and "Left out" not in (
        PlainFormatter().format(WIDE))


def _words_split(table: Table, fitted: Fitted, longer_than: int = 0) -> list[str]:
    """The cells of a fitted table whose lines split a word (but one of more than
    `longer_than` characters, if given): as "cell text -> lines"."""
    from fostlog.render.tables import UNKNOWN, _cells

    split = []
    for cells, fitted_row in zip(_cells(table.rows, fitted.columns, UNKNOWN), fitted.rows,
                                 strict=True):
        for cell, lines in zip(cells, fitted_row, strict=True):
            words = " ".join(lines).split()
            if words and words[-1] == ELLIPSIS:  # shortened: the words before it, whole
                words = words[:-1]
            whole = [w for w in cell.split() if not longer_than or len(w) <= longer_than]
            kept = [w for w in words if w in whole]
            if kept != whole[:len(kept)] or (not longer_than and words != whole[:len(words)]):
                split.append(f"{cell!r} -> {lines!r}")
    return split


OWNERS = Table([Wide("47", LONG, date(2025, 3, 1), "Sarah Daly, GS (unresolved)", 200)], [
    Column("id", "No.", lambda r: r.id),
    Column("text", "Action", lambda r: r.text, wrap=50, least=20, lines=4),
    Column("note", "Owners", lambda r: r.note, wrap=20),
    Column("age", "Age (days)", lambda r: r.age, numeric=True),
])


@pytest.mark.parametrize("width", [45, 46, 47, 48, 52, 60, 80])
def test_text_wraps_at_spaces_and_a_word_is_never_split_while_there_is_room(
        width: int) -> None:
    fitted = fit_table(OWNERS, width)
    assert fitted is not None
    assert _words_split(OWNERS, fitted) == []
    assert "(unresolved)" in fitted.rows[0][2]  # the owners' column widened for it
    if width < 47:  # by narrowing the action's column, whose words are short
        assert fitted.widths[1] < 20 and fitted.widths[2] == len("(unresolved)")


def test_a_word_longer_than_all_the_room_there_is_is_broken() -> None:
    fitted = fit_table(OWNERS, 24)  # too narrow for the 12-letter word beside the others
    if fitted is not None:
        owners = fitted.rows[0][fitted.columns.index(OWNERS.columns[2])]
        assert max(len(line) for line in owners) <= fitted.widths[2]
    # With no width, nothing need be broken: a word longer than `wrap` widens its column.
    url = Table([Wide("1", "see https://example.org/a-long-path-to-a-page/x.html", date(
        2025, 1, 1), "", 1)], [Column("text", "Action", lambda r: r.text, wrap=20)])
    unlimited = fit_table(url, None)
    assert unlimited is not None and _words_split(url, unlimited) == []


# Every table view of the bundled data, as a fostering lead sees it at 80 columns.
VIEWS = [["actions"], ["actions", "--open"], ["actions", "--open", "--sort", "owner"],
         ["actions", "--status", "done"], ["attendance"],
         ["attendance", "--missing", "2"], ["benchmark"], ["benchmark", "2020-21"],
         ["benchmark", "2020-21", "--sort", "conversion"], ["benchmark", "ofsted-2018-19"],
         ["benchmark", "--authority", "Kent"], ["benchmark", "2020-21", "--authority", "Kent"],
         ["benchmark", "ofsted-2018-19", "--authority", "Kent"], ["capacity"],
         ["capacity", "2018-19", "--sort", "utilisation"], ["capacity", "--authority", "Kent"]]


@pytest.mark.parametrize("args", VIEWS, ids=" ".join)
def test_no_word_of_the_bundled_data_is_split_at_80_columns(
        args: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from typer.testing import CliRunner

    from fostlog.cli import app
    from fostlog.render import tables

    laid_out: list[tuple[Table, Fitted]] = []

    def recording(table: Table, width: int | None) -> Fitted | None:
        fitted = fit_table(table, width)
        if fitted is not None:
            laid_out.append((table, fitted))
        return fitted

    monkeypatch.setattr(tables, "fit_table", recording)
    result = CliRunner().invoke(app, args, env={"COLUMNS": "80", "NO_COLOR": "1",
                                                 "FOSTLOG_TODAY": "2026-11-23"})
    assert result.exit_code == 0, result.output
    assert laid_out and all(f.widths for _, f in laid_out)
    # Only a word longer than half the terminal is broken: a file name in a source, which
    # no column beside others could hold.
    assert [split for table, fitted in laid_out
            for split in _words_split(table, fitted, longer_than=40)] == []
    if args == ["actions", "--open", "--sort", "owner"]:  # the Owners column kept
        assert "(unresolved)" in result.stdout and "(unresol\n" not in result.stdout


def test_headers_wrap_between_words_and_after_hyphens() -> None:
    assert wrap_header("Age (days)", 6) == ["Age", "(days)"]
    assert wrap_header("2021-07-19", 5) == ["2021-", "07-19"]
    assert wrap_header("2021-07-19", 10) == ["2021-07-19"]
    assert wrap_header("Enquiry to application (conversion)", 12) == [
        "Enquiry to", "application", "(conversion)"]


def test_too_narrow_for_any_table_gives_a_block_per_row() -> None:
    assert fit_table(WIDE, 30) is None
    text = PlainFormatter(30).format(WIDE)
    assert max(len(line) for line in _lines(text)) <= 30
    assert "No.         2020-07-21/1" in text and "Age (days)  2316" in text
    assert "Note about" in text  # in a block every column is there


def test_an_empty_table_says_what_it_means() -> None:
    empty = Table([], COLUMNS, title="Found", empty="Nothing matches --owner RE.")
    assert PlainFormatter(80).format(empty) == "Found\n\nNothing matches --owner RE.\n"
    assert "Nothing matches" in RichFormatter(80).format(empty)
    assert MarkdownFormatter().format(empty) == "**Found**\n\nNothing matches --owner RE.\n"
    assert json.loads(JsonFormatter().format(empty)) == []


_WRAP_ALPHABET = ["a", "bc", "-", " ", "\t", "\n", "\r", "\x0b", "\x0c", "\xa0", "\u2003",
                  "é", "...", "wordy"]


def test_text_that_fits_unwrapped_is_what_textwrap_gives_back(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The shortcut past textwrap (a cell that fits as it is) agrees with textwrap on
    every string it takes, and tables laid out with and without it are the same."""
    import random
    import textwrap

    from fostlog.render import tables

    chance = random.Random(16)
    taken = 0
    for _ in range(20000):
        text = "".join(chance.choice(_WRAP_ALPHABET) for _ in range(chance.randint(0, 7)))
        width = chance.randint(1, 14)
        if tables.fits_unwrapped(text, width):
            taken += 1
            assert (textwrap.wrap(text, width, break_on_hyphens=False) or [""]) == [text], (
                repr(text), width)
    assert taken > 1000
    assert not tables.fits_unwrapped("fits ", 10) and not tables.fits_unwrapped("a\tb", 10)
    assert not tables.fits_unwrapped("too long", 7) and tables.fits_unwrapped("", 1)

    @dataclass
    class Line:
        text: str

    rows = [Line("".join(chance.choice(_WRAP_ALPHABET) for _ in range(chance.randint(0, 12))))
            for _ in range(300)]
    table = Table(rows, [Column("text", "Text", lambda r: r.text, wrap=12, lines=2)])
    fast = [PlainFormatter(width).format(table) for width in (None, 30)]
    monkeypatch.setattr(tables, "fits_unwrapped", lambda text, width: False)
    assert [PlainFormatter(width).format(table) for width in (None, 30)] == fast


def test_plain_words_wrapped_as_textwrap_wraps_them() -> None:
    """The quick wrap of plain words (render.tables._words_wrapped) gives what textwrap
    gives on every paragraph it takes, and declines the rest."""
    import random
    import textwrap

    from fostlog.render import tables

    chance = random.Random(23)
    taken = 0
    plain_words = ["a", "bc", "defgh", " ", " ", "-", "x.y"]
    for turn in range(20000):
        alphabet = _WRAP_ALPHABET if turn % 2 else plain_words
        text = "".join(chance.choice(alphabet) for _ in range(chance.randint(0, 30)))
        width = chance.randint(1, 14)
        quick = tables._words_wrapped(text, width)
        if quick is not None:
            taken += 1
            assert quick == (textwrap.wrap(text, width, break_on_hyphens=False) or [""]), (
                repr(text), width)
    assert taken > 800
    assert tables._words_wrapped("two  spaces", 20) is None
    assert tables._words_wrapped("a longword", 4) is None
    assert tables._words_wrapped("tab\there", 20) is None
    assert tables._words_wrapped("the cat sat", 7) == ["the cat", "sat"]


def test_a_long_table_asks_once_whether_any_cell_runs_over_lines(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Whether rows are set apart by a blank line is asked once per table: asked for each
    row, it walked every row (quadratic in a table without a multi-line cell)."""
    from fostlog.render import tables

    asked: list[bool] = []
    real = tables.Fitted.multiline

    def counted(self: Any) -> bool:
        asked.append(True)
        return bool(real.fget(self))  # type: ignore[attr-defined]

    monkeypatch.setattr(tables.Fitted, "multiline", property(counted))

    @dataclass
    class Line:
        text: str

    table = Table([Line(f"row {n}") for n in range(200)], [Column("text", "Text",
                                                                  lambda r: r.text)])
    text = PlainFormatter(80).format(table)
    assert "row 199" in text and len(asked) == 1
