"""Output escaping (issue 17): text from the data cannot run as a formula in a spreadsheet,
start markup in Markdown or HTML, or act on a terminal, whatever command writes it; and
numbers in a CSV stay numbers. Every document is read back the way its reader would: csv
for CSV, markdown-it for Markdown, html5lib for HTML."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import html5lib
import pytest
from markdown_it import MarkdownIt
from markdown_it.token import Token
from typer.testing import CliRunner

from conftest import MiniRepo
from fostlog.cli import app
from fostlog.core.diagnostics import (
    Diagnostic,
    GithubFormatter,
    MarkdownFormatter,
    Severity,
    TextFormatter,
)
from fostlog.core.escape import (
    csv_cell,
    github_command,
    json_text,
    markdown_line,
    markdown_text,
    plain_text,
)
from fostlog.render import outline
from fostlog.render.html_docs import render_html
from fostlog.render.markdown_docs import render_markdown
from fostlog.render.tables import Column, CsvFormatter, RichFormatter, Table

ENV = {"FOSTLOG_TODAY": "2025-10-01", "NO_COLOR": "1", "COLUMNS": "200"}
runner = CliRunner()

FORMULA = "Chased\r=cmd|' /C calc'!A0"  # the CR started a new spreadsheet row
HEADING = "Teams\r# Meeting cancelled"
FENCE = "Heading only.\r~~~\rswallowed"
MARKUP = "<script>alert(1)</script> ![pixel](http://evil.example/x.png) <img src=x>"
TERMINAL = "x\x1b[2J\x1b]0;pwned\x07 \x9b31m \u202eevil\u202c \u2028line \x85next"
# What must never reach a terminal raw: C0 but tab and newline, DEL, C1, the line and
# paragraph separators, bidi embeddings/overrides/isolates.
ACTING = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# ...and what a terminal acts on in rich's output, whose own styles are ESC sequences.
PAYLOAD_SEQUENCES = ("\x1b[2J", "\x1b]0;", "\x07", "\x9b", "\u202e", "\u2028", "\x85")


def run(*args: str) -> Any:
    return runner.invoke(app, list(args), env=ENV)


def quoted(text: str) -> str:
    """A YAML double-quoted scalar that reads back as `text` exactly."""
    return json.dumps(text)


def tokens(markdown: str) -> list[Token]:
    """Every token markdown-it reads in the text, inline ones included (GFM tables on)."""
    found = []
    for token in MarkdownIt("commonmark").enable("table").parse(markdown):
        found.append(token)
        found += token.children or []
    return found


def shown(inline: Token) -> str:
    """The text an inline token shows, escapes undone."""
    return "".join(child.content for child in inline.children or [] if child.type == "text")


def assert_inert_markdown(markdown: str, headings: int) -> None:
    """No code block, raw HTML or image came from the data, and only fostlog's own
    headings are headings."""
    kinds = {t.type for t in tokens(markdown)}
    assert not kinds & {"fence", "code_block", "html_block", "html_inline", "image"}, kinds
    assert sum(t.type == "heading_open" for t in tokens(markdown)) == headings
    assert not ACTING.search(markdown)


# --- CSV ---------------------------------------------------------------------------------


def test_a_note_with_a_carriage_return_cannot_start_a_formula(mini: MiniRepo) -> None:
    added = run("actions", "update", "1", "--status", "done", "--date", "2025-09-20",
                "--note", FORMULA, "--data", str(mini.root))
    assert added.exit_code == 0, added.output
    shown = run("actions", "show", "1", "--format", "csv", "--data", str(mini.root))
    assert shown.exit_code == 0, shown.output
    rows = list(csv.reader(io.StringIO(shown.stdout)))
    assert all(len(row) == len(rows[0]) for row in rows)  # no row started at the CR
    assert not any(cell.startswith("=") for row in rows for cell in row)
    notes = [row[rows[0].index("note")] for row in rows[1:]]
    assert "Chased\n=cmd|' /C calc'!A0" in notes  # kept whole, in one quoted cell


@pytest.mark.parametrize(("cell", "written"), [
    ("=1+1", "'=1+1"),
    ("@SUM(A1)", "'@SUM(A1)"),
    ("\r=cmd", "'\n=cmd"),
    (" =cmd", "' =cmd"),
    ("\t=cmd", "'\t=cmd"),
    ("\uff1dcmd", "'\uff1dcmd"),  # a full-width equals sign
    ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
    ("a\x1bb", "a\ufffdb"),
    # numbers stay numbers: a spreadsheet reads them as numbers, and they run nothing
    ("-3", "-3"), ("+0", "+0"), ("38%", "38%"), ("1.5", "1.5"), ("2e3", "2e3"),
    ("x=1", "x=1"), ("Kent", "Kent"),
])
def test_csv_cell(cell: str, written: str) -> None:
    assert csv_cell(cell) == written


def test_benchmark_changes_are_numbers_in_csv(mini: MiniRepo) -> None:
    year = (mini.root / "benchmarks" / "2020-21.yaml").read_text(encoding="utf-8")
    mini.write("benchmarks/2021-22.yaml", year.replace("year: 2020-21", "year: 2021-22")
               .replace("enquiries: 40, applications: 29", "enquiries: 40, applications: 20")
               .replace("printed: {conversion: 73}", "printed: {conversion: 50}"))
    result = run("benchmark", "2021-22", "--compare", "2020-21", "--format", "csv",
                 "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    column = rows[0].index("change_points")
    changes = [row[column] for row in rows[1:]]
    assert "-22" in changes  # 72.5% -> 50%: was written '-22, text to a spreadsheet
    assert all(re.fullmatch(r"[+-]?\d+|", change) for change in changes), changes


def test_a_csv_number_column_stays_numbers() -> None:
    change = Column("change", "Change", lambda r: r, numeric=True, text=lambda v: f"{v:+d}")
    text = CsvFormatter().format(Table([0, -3, 12], [change]))
    assert list(csv.reader(io.StringIO(text))) == [["change"], ["+0"], ["-3"], ["+12"]]


# --- Markdown ----------------------------------------------------------------------------


@pytest.fixture
def hostile_meeting(mini: MiniRepo) -> MiniRepo:
    """The mini repository with the payloads in a meeting's fields, an item's title and
    notes, an action's text and its history's note and wording."""
    mini.edit("meetings/2025-07-07.yaml", "source: minutes.txt",
              f"source: minutes.txt\nvenue: {quoted(HEADING)}\ntime: {quoted(FENCE)}\n"
              f"title: {quoted(MARKUP)}\nnote: {quoted(TERMINAL)}")
    mini.edit("meetings/2025-07-07.yaml", "- title: Out of hours",
              f"- title: {quoted(HEADING)}\n    notes: {quoted(FENCE + MARKUP + TERMINAL)}")
    mini.edit("actions.yaml", "text: MC to share out of hours policy",
              f"text: {quoted('MC to share ' + FENCE + HEADING)}")
    mini.edit("actions.yaml", "recorded: Ongoing",
              f"recorded: Ongoing\n        note: {quoted(FORMULA + MARKUP + TERMINAL)}")
    assert [d for d in mini.lint() if d.is_error] == []
    return mini


def test_minutes_in_markdown_take_nothing_from_the_data_as_markup(
        hostile_meeting: MiniRepo) -> None:
    result = run("render", "meeting", "2025-07-07", "--data", str(hostile_meeting.root))
    assert result.exit_code == 0, result.output
    parsed = tokens(result.stdout)
    kinds = {t.type for t in parsed}
    assert not kinds & {"fence", "code_block", "html_block", "html_inline", "image"}, kinds
    assert not ACTING.search(result.stdout)
    # The item's title is a heading of its own, shown whole; a line of the venue or of a
    # note (after a CR) never becomes one.
    headings = [shown(parsed[i + 1]) for i, t in enumerate(parsed) if t.type == "heading_open"]
    assert "Teams # Meeting cancelled" in headings
    assert not any(h.startswith(("Meeting cancelled", "swallowed")) for h in headings), headings
    text = " ".join(t.content for t in parsed if t.type == "text")
    assert "Meeting cancelled" in text and "swallowed" in text and "<script>" in text


def every_block(text: str) -> outline.Document:
    """A document with `text` in every place a block holds text."""
    return outline.Document(
        title=text, long_title=text,
        blocks=(
            outline.Heading(2, text),
            outline.Paragraph(text),
            outline.Paragraph(text, outline.ParagraphStyle.source),
            outline.Facts(((text, text),)),
            outline.BulletList((outline.ListItem(text, lead=text),)),
            outline.cells_table((text, text), (outline.Row((text, text)),)),
            outline.LinkList((outline.Link(text, "a.html", note=text),)),
            outline.Figure("<svg></svg>", alt=text, caption=text),
        ))


@pytest.mark.parametrize("payload", [HEADING, FENCE, MARKUP, TERMINAL, FORMULA,
                                     "    indented\n\n    code", "a\n\n<div>x</div>",
                                     "x\n===", "x\r---", "1) one\r- two\r> quote",
                                     "[a]: http://evil.example", "&lt;script&gt;"])
def test_every_markdown_block_keeps_text_as_text(payload: str) -> None:
    markdown = render_markdown(every_block(payload))
    # fostlog's own: the title and the one heading block
    assert_inert_markdown(markdown, headings=2)
    links = [t for t in tokens(markdown) if t.type == "link_open"]
    assert [t.attrs["href"] for t in links] == ["a.html"]
    tables = [t for t in tokens(markdown) if t.type == "tr_open"]
    assert len(tables) == 2  # the header and one row: nothing broke the table


def test_query_markdown_escapes_a_record_and_its_table(hostile_meeting: MiniRepo) -> None:
    result = run("actions", "show", "1", "--format", "markdown",
                 "--data", str(hostile_meeting.root))
    assert result.exit_code == 0, result.output
    assert_inert_markdown(result.stdout, headings=0)
    rows = [t for t in tokens(result.stdout) if t.type == "tr_open"]
    assert len(rows) == 1 + 2  # the header and the action's two observations
    listed = run("actions", "--format", "markdown", "--data", str(hostile_meeting.root))
    assert_inert_markdown(listed.stdout, headings=0)
    assert len([t for t in tokens(listed.stdout) if t.type == "tr_open"]) == 1 + 2


def test_markdown_text_keeps_ordinary_words() -> None:
    assert markdown_text("10.30-12 noon, £13k; B&H") == "10.30-12 noon, £13k; B&H"
    assert markdown_line("Teams\r# Meeting cancelled") == "Teams \\# Meeting cancelled"


# --- HTML --------------------------------------------------------------------------------


def test_minutes_in_html_are_inert(hostile_meeting: MiniRepo) -> None:
    result = run("render", "meeting", "2025-07-07", "--format", "html",
                 "--data", str(hostile_meeting.root))
    assert result.exit_code == 0, result.output
    assert not ACTING.search(result.stdout)
    tree = html5lib.parse(result.stdout)
    ns = "{http://www.w3.org/1999/xhtml}"
    assert tree.find(f".//{ns}script") is None and tree.find(f".//{ns}img") is None
    assert "Meeting cancelled" in "".join(tree.itertext())


def test_every_html_block_is_inert() -> None:
    page = render_html(every_block(MARKUP + TERMINAL + '" onmouseover="x'))
    assert not ACTING.search(page)
    tree = html5lib.parse(page)
    for element in tree.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.tag
        assert not element.tag.endswith(("script", "img"))


def test_site_pages_hold_no_control_character(hostile_meeting: MiniRepo, tmp_path: Path
                                              ) -> None:
    out = tmp_path / "site"
    result = run("site", str(out), "--data", str(hostile_meeting.root))
    assert result.exit_code == 0, result.output
    pages = list(out.rglob("*.html"))
    assert pages
    for page in pages:
        assert not ACTING.search(page.read_text(encoding="utf-8")), page.name


# --- terminal ----------------------------------------------------------------------------


def test_actions_show_writes_no_control_character(hostile_meeting: MiniRepo) -> None:
    result = run("actions", "show", "1", "--data", str(hostile_meeting.root))
    assert result.exit_code == 0, result.output
    assert not ACTING.search(result.stdout)
    assert "pwned" in result.stdout  # the rest of the note is still shown


def test_a_rich_table_and_record_act_only_with_rich_own_styles() -> None:
    columns = [Column("note", "Note", lambda r: r, wrap=30)]
    table = Table([TERMINAL, FORMULA], columns, title=TERMINAL, note=TERMINAL)
    drawn = RichFormatter(80).format(table)
    assert not any(sequence in drawn for sequence in PAYLOAD_SEQUENCES)


def test_json_keeps_the_data_and_writes_nothing_that_acts(hostile_meeting: MiniRepo) -> None:
    result = run("actions", "show", "1", "--format", "json", "--data",
                 str(hostile_meeting.root))
    assert result.exit_code == 0, result.output
    assert not ACTING.search(result.stdout)
    notes = [o["note"] for o in json.loads(result.stdout)["history"]]
    assert FORMULA + MARKUP + TERMINAL in notes  # every character kept, escaped
    assert json.loads(json_text(["\ud800\x85"])) == ["\ud800\x85"]


def test_lint_text_names_a_hostile_key_and_file_on_one_line_each(mini: MiniRepo) -> None:
    meeting = mini.root / "meetings" / "2025-07-07.yaml"
    meeting.write_text(meeting.read_text(encoding="utf-8")
                       + f"{quoted('clear' + TERMINAL)}: 1\n", encoding="utf-8")
    forged = "2025-07-08.yaml\nmeetings/fake.yaml:1:1: error[forged] all fine"
    (mini.root / "meetings" / forged.replace("/", "\u2215")).write_text("date: 2025-07-08\n")
    result = run("lint", str(mini.root))
    assert result.exit_code == 1
    assert not ACTING.search(result.stdout)
    assert "clear" in result.stdout
    for line in result.stdout.splitlines():
        assert line.startswith("    hint: ") or re.match(
            r".+:\d+:\d+: (error|warning)\[[a-z0-9-]+\] ", line), line
        assert not line.startswith("meetings\u2215fake.yaml")


def test_diagnostic_formats_escape_what_the_data_put_in_them() -> None:
    awkward = Diagnostic(file="a\nb.yaml", line=1, column=1, severity=Severity.error,
                         rule="schema-unknown-key", message=f"'{TERMINAL}' <b>is</b> odd",
                         hint=FORMULA)
    text = TextFormatter().format([awkward])
    assert len(text.splitlines()) == 2 and not ACTING.search(text)
    markdown = MarkdownFormatter().format([awkward])
    assert_inert_markdown(markdown, headings=0)
    assert len([t for t in tokens(markdown) if t.type == "tr_open"]) == 2
    github = GithubFormatter().format([awkward])
    assert len(github.splitlines()) == 1 and not ACTING.search(github.replace("\n", ""))


@pytest.mark.parametrize("text", [
    "a\r\nb\rc\x0bd\x0ce\x85f\u2028g\u2029h", TERMINAL, FORMULA, "50% done,\tkept: 1",
    "\ud800 lone \x7f \u2066isolate\u2069 \r"])
def test_a_github_command_is_plain_text_in_githubs_encoding(text: str) -> None:
    """One rule for what acts: a workflow command's value is `plain_text` (every line break
    one newline, as in every format), then only GitHub's encoding of % and newlines."""
    for as_property in (False, True):
        encoded = github_command(text, property_value=as_property)
        assert not ACTING.search(encoded) and "\r" not in encoded and "\n" not in encoded
        decoded = encoded.replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",")
        assert decoded.replace("%25", "%") == plain_text(text)
    assert github_command("a\r\nb\rc") == "a%0Ab%0Ac"  # a CRLF is one line break, not two


def test_plain_text_turns_every_line_break_into_a_newline() -> None:
    assert plain_text("a\r\nb\rc\x0bd\x0ce\x85f\u2028g\u2029h") == "a\nb\nc\nd\ne\nf\ng\nh"
    assert plain_text("tab\tkept \x1b \x9b \u202e \ud800") == (
        "tab\tkept \ufffd \ufffd \ufffd \ufffd")


def test_an_empty_answer_said_on_stderr_is_escaped(mini: MiniRepo) -> None:
    """CSV and JSON answers with no rows also say so in words on stderr; those words
    carry names from the registry, so they are escaped like every other output."""
    mini.edit("authorities.yaml", "name: Kent", f"name: {quoted('Kent' + TERMINAL)}")
    for args in (["attendance", "--missing", "2", "--authority", "kent"],
                 ["actions", "--open", "--status", "done", "--owner", "kent"]):
        result = run(*args, "--format", "json", "--data", str(mini.root))
        assert result.exit_code in (0, 1), result.output
        assert json.loads(result.stdout) == []
        assert result.stderr.strip() and not ACTING.search(result.stderr), result.stderr
