"""fostlog render ... --format docx: Word files read back with python-docx (headings,
attendees, the action log as a table with shaded rows, page numbers, properties), a golden
file of the text content, byte-for-byte stable output, hostile text kept as text, and a
LibreOffice conversion where LibreOffice is installed."""

from __future__ import annotations

import io
import json
import os
import re
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from docx.table import Table as WordTable
from docx.text.paragraph import Paragraph as WordParagraph
from typer.testing import CliRunner

from conftest import DATA, MiniRepo
from fostlog.cli import app
from fostlog.cli import render as render_cli
from fostlog.core.escape import xml_text
from fostlog.files.load import load_repository
from fostlog.render.docx_docs import SHADE, render_docx
from fostlog.render.outline import (
    BulletList,
    Document,
    Facts,
    Heading,
    ListItem,
    Paragraph,
    ParagraphStyle,
    Row,
    RowStyle,
    cells_table,
)

GOLDEN = Path(__file__).parent / "golden" / "render"
ENV = {"FOSTLOG_TODAY": "2025-10-01", "NO_COLOR": "1", "FOSTLOG_DATA": str(DATA)}
runner = CliRunner()


def _style(paragraph: WordParagraph) -> str:
    """The name of a paragraph's style ('' when Word would use its default)."""
    return paragraph.style.name if paragraph.style is not None and paragraph.style.name else ""


def run(*args: str) -> Any:
    return runner.invoke(app, list(args), env=ENV)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


def open_docx(data: bytes) -> Any:
    return docx.Document(io.BytesIO(data))


def is_shaded(row: Any) -> bool:
    fills = []
    for cell in row.cells:
        properties = cell._tc.tcPr
        shading = properties.find(qn("w:shd")) if properties is not None else None
        fills.append(shading.get(qn("w:fill")) if shading is not None else None)
    return all(fill == SHADE for fill in fills)


def document_text(document: Any) -> str:
    """What the document says, in order: each paragraph with its style, each table row
    with '#' for a shaded row and '|' for another; then the footer and the properties."""
    lines = []
    for block in document.iter_inner_content():
        if isinstance(block, WordParagraph):
            if block.text:
                lines.append(f"[{_style(block)}] {block.text}")
        else:
            assert isinstance(block, WordTable)
            for row in block.rows:
                mark = "#" if is_shaded(row) else "|"
                lines.append(f"{mark} " + " | ".join(cell.text for cell in row.cells))
    footer = document.sections[0].footer
    lines.append(f"[footer] {' / '.join(p.text for p in footer.paragraphs)}")
    properties = document.core_properties
    lines.append(f"[title] {properties.title}")
    lines.append(f"[created] {properties.created.isoformat()}")
    return "\n".join(lines) + "\n"


def log_table(document: Any) -> Any:
    """The action-log table: the one whose header row is the log's columns."""
    for table in document.tables:
        if [c.text for c in table.rows[0].cells][-1] == "Update":
            return table
    raise AssertionError("no action-log table")


def markdown_log(text: str) -> tuple[list[str], set[str]]:
    """The rows of `render actions` (Markdown): the numbers in order, and those completed."""
    order, completed = [], set()
    for line in text.splitlines():
        cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
        if len(cells) == 6 and cells[0] not in ("No.", "---"):
            order.append(cells[0])
            if not cells[4].startswith(("open", "in progress")):
                completed.add(cells[0])
    return order, completed


@pytest.fixture(scope="module")
def minutes_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("docx") / "m.docx"
    result = run("render", "meeting", "2022-01-26", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and f"Wrote {out}" in result.stderr
    return out


# --- the minutes of 26 January 2022 ------------------------------------------------------------


def test_a_heading_per_item(minutes_docx: Path) -> None:
    document = docx.Document(str(minutes_docx))
    repo, _ = load_repository(DATA)
    meeting = repo.meeting(datetime(2022, 1, 26).date())
    assert meeting is not None
    items = [p.text for p in document.paragraphs if _style(p) == "Heading 3"]
    assert items == [item.title for item in meeting.items]
    sections = [p.text for p in document.paragraphs if _style(p) == "Heading 2"]
    assert sections[:4] == ["Attendees", "LAs not represented", "Apologies", "Items"]
    assert _style(document.paragraphs[0]) == "Heading 1"


def test_the_attendees_as_a_list(minutes_docx: Path) -> None:
    document = docx.Document(str(minutes_docx))
    bullets = [p.text for p in document.paragraphs if _style(p) == "List Bullet"]
    assert "Kent: Mark Vening; Nicola Anthony" in bullets
    assert "Slough: Jo Conlon; Yemi Ukwenu" in bullets
    assert len([b for b in bullets if not b.startswith("SESLIP")]) == 16
    kent = next(p for p in document.paragraphs if p.text.startswith("Kent:"))
    assert kent.runs[0].bold and kent.runs[0].text == "Kent: "


def test_the_action_log_is_a_table_matching_render_actions(minutes_docx: Path) -> None:
    document = docx.Document(str(minutes_docx))
    table = log_table(document)
    header = [c.text for c in table.rows[0].cells]
    assert header == ["No.", "Action", "Responsible", "Date issued", "Status", "Update"]
    rows = table.rows[1:]
    numbers = [row.cells[0].text for row in rows]
    shaded = {row.cells[0].text for row in rows if is_shaded(row)}

    result = run("render", "actions", "--as-of", "2022-01-20")
    assert result.exit_code == 0, result.output
    order, completed = markdown_log(result.stdout)
    assert numbers == order
    assert shaded == completed and shaded == {"9", "6", "5", "3", "1"}
    # The header row repeats on every page.
    header_props = table.rows[0]._tr.trPr
    assert header_props is not None and header_props.find(qn("w:tblHeader")) is not None


def test_page_numbers_and_properties(minutes_docx: Path) -> None:
    document = docx.Document(str(minutes_docx))
    footer = document.sections[0].footer
    instructions = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert footer.paragraphs[0].text == "Page 1 of 1"
    properties = document.core_properties
    assert properties.title == ("Minutes – South East regional fostering leads meeting, "
                                "26 January 2022")
    assert properties.created == datetime(2022, 1, 26, tzinfo=UTC)
    assert properties.modified == datetime(2022, 1, 26, tzinfo=UTC)
    section = document.sections[0]
    assert section.page_width is not None and section.page_height is not None
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_meeting_2022_01_26_docx_golden(minutes_docx: Path) -> None:
    check_golden("meeting-2022-01-26.docx.txt", document_text(docx.Document(str(minutes_docx))))


def test_the_same_data_gives_the_same_bytes(minutes_docx: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.docx"
    result = run("render", "meeting", "2022-01-26", "--format", "docx", "--out", str(again))
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == minutes_docx.read_bytes()


# --- the action log, stdout and failures -------------------------------------------------------


def test_action_log_docx_to_a_pipe() -> None:
    result = run("render", "actions", "--as-of", "2025-09-17", "--format", "docx")
    assert result.exit_code == 0, result.output
    document = open_docx(result.stdout_bytes)
    table = log_table(document)
    shaded = {row.cells[0].text for row in table.rows[1:] if is_shaded(row)}
    assert "49" in shaded and "47" not in shaded
    assert document.core_properties.title == "Action log as of 17 September 2025"
    numbers = [p for p in table.rows[1].cells[0].paragraphs]
    assert numbers[0].alignment is not None  # the No. column is set right, as numbers are


def test_docx_to_a_terminal_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render_cli, "stdout_is_terminal", lambda: True)
    result = run("render", "actions", "--format", "docx")
    assert result.exit_code == 2
    assert "--out FILE" in result.stderr and "Traceback" not in result.output
    assert result.stdout_bytes == b""


def test_docx_into_a_missing_folder_is_a_plain_error(tmp_path: Path) -> None:
    result = run("render", "actions", "--format", "docx", "--out",
                 str(tmp_path / "nope" / "log.docx"))
    assert result.exit_code == 1
    assert "could not be written" in result.stderr and "Traceback" not in result.output
    assert not (tmp_path / "nope").exists()


def test_docx_out_leaves_no_temporary_file(tmp_path: Path) -> None:
    out = tmp_path / "log.docx"
    out.write_bytes(b"old")
    result = run("render", "actions", "--format", "docx", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["log.docx"]
    assert out.read_bytes().startswith(b"PK")


# --- every block, and hostile text -------------------------------------------------------------

EVERY_BLOCK = Document("Title", "Long title", (
    Heading(2, "Section"), Heading(3, "Sub"), Heading(4, "Subsub"),
    Paragraph("Plain.\nSoft break."), Paragraph("Lead.", ParagraphStyle.lead),
    Paragraph("Note.", ParagraphStyle.note), Paragraph("Source.", ParagraphStyle.source),
    Facts((("Date", "1 May 2025"),)),
    BulletList((ListItem("no lead"), ListItem("with lead", lead="Kent:"))),
    cells_table(("No.", "Text"), (Row(("1", "one"), RowStyle.open),
                                  Row(("2", "two"), RowStyle.complete))),
    cells_table(("No.", "Text"), (Row(("3", "three")),)),
))


def test_every_block_in_word() -> None:
    document = open_docx(render_docx(EVERY_BLOCK))
    assert document_text(document) == (
        "[Heading 1] Title\n[Heading 2] Section\n[Heading 3] Sub\n[Heading 4] Subsub\n"
        "[Normal] Plain. Soft break.\n[Normal] Lead.\n[Normal] Note.\n[Normal] Source.\n"
        "[Normal] Date: 1 May 2025\n[List Bullet] no lead\n[List Bullet] Kent: with lead\n"
        "| No. | Text\n| 1 | one\n# 2 | two\n| No. | Text\n| 3 | three\n"
        "[footer] Page 1 of 1\n[title] Long title\n"
        f"[created] {document.core_properties.created.isoformat()}\n"
    )
    assert len(document.tables) == 2  # two tables in a row stay two tables
    lead = next(p for p in document.paragraphs if p.text == "Lead.")
    note = next(p for p in document.paragraphs if p.text == "Note.")
    assert lead.runs[0].bold and note.runs[0].italic


SCRIPT = "<script>alert('x')</script>"
CONTROL = "bell\x07 and escape\x1b[31m"


def test_hostile_text_stays_text(mini: MiniRepo) -> None:
    mini.edit("actions.yaml", "text: MC to share out of hours policy",
              "text: " + json.dumps(f"MC to share {SCRIPT} & {CONTROL} policy"))
    mini.edit("meetings/2025-07-07.yaml", "- title: Out of hours",
              f"- title: {json.dumps(SCRIPT + ' ]]> &amp;')}")
    assert [d for d in mini.lint() if d.is_error] == []
    result = runner.invoke(app, ["render", "meeting", "2025-07-07", "--format", "docx",
                                 "--data", str(mini.root)], env=ENV)
    assert result.exit_code == 0, result.output
    text = document_text(open_docx(result.stdout_bytes))
    assert f"[Heading 3] {SCRIPT} ]]> &amp;" in text
    assert f"MC to share {SCRIPT} & bell\ufffd and escape\ufffd[31m policy" in text


def test_xml_text_replaces_only_controls_and_what_xml_cannot_hold() -> None:
    # A vertical tab is a line break (escape.plain_text), as Word itself writes one.
    assert xml_text("a\tb\nc £ – \x00\x0b\ufffe") == "a\tb\nc £ – \ufffd\n\ufffd"


# --- LibreOffice, where it is installed --------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_converts_it(minutes_docx: Path, tmp_path: Path) -> None:
    assert SOFFICE is not None
    profile = tmp_path / "profile"
    completed = subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(minutes_docx)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert completed.returncode == 0, completed.stderr
    pdf = tmp_path / "m.pdf"
    assert pdf.exists() and pdf.read_bytes().startswith(b"%PDF")
