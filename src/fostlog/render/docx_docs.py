"""A document outline as a Word file (python-docx). Blocks in, bytes out; the words are
outline.py's.

Word's own styles carry the structure (Title, Heading 2-4, List Bullet, Table Grid), so
the navigation pane, a table of contents and the group's own template all work on it.
The action log is a real table whose header row repeats on each page, and a completed
row is shaded with cell shading (w:shd), as the group's log shades it. The footer
numbers the pages with PAGE and NUMPAGES fields; the title and the document's date are
in its core properties. The page is A4.

Text goes into the XML through python-docx, which escapes it; control characters and
what XML 1.0 cannot hold are replaced with U+FFFD first (escape.xml_text), since
python-docx refuses them. The file is byte-for-byte the same for the same data: the date is the
document's own and the zip entries carry a fixed time.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime, time
from typing import assert_never

import docx
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table as WordTable
from docx.table import _Cell
from docx.text.paragraph import Paragraph as WordParagraph

from fostlog.core.escape import xml_text
from fostlog.render import outline
from fostlog.render.tables import Table, texts

SHADE = "D9D9D9"  # the grey the HTML log uses for a completed row
HEADER_FILL = "EEF1F5"
SUBDUED = RGBColor(0x44, 0x44, 0x44)
PAGE = (Cm(21.0), Cm(29.7))  # A4
MARGIN = Cm(2.0)
TEXT_WIDTH = PAGE[0] - 2 * MARGIN
TABLE_TEXT = Pt(9)
CHAR = Cm(0.19)  # a character of TABLE_TEXT, generously (bold headers are wider)
CELL_PADDING = Cm(0.45)  # the cell's left and right margins, and some air
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no clock in the file

def _flowing(text: str) -> str:
    """A paragraph's text on one line: a single newline is a soft break that reads as a
    space (outline.py), as HTML and Markdown show it."""
    return " ".join(xml_text(text).split())


def _add_field(paragraph: WordParagraph, instruction: str, shown: str) -> None:
    """A Word field (PAGE, NUMPAGES) as the begin/instruction/separate/result/end runs
    Word writes itself; `shown` is what a reader sees before the field is updated."""
    def run_with(child: str, **attributes: str) -> None:
        run = OxmlElement("w:r")
        element = OxmlElement(child)
        for name, value in attributes.items():
            element.set(qn(name), value)
        run.append(element)
        paragraph._p.append(run)

    run_with("w:fldChar", **{"w:fldCharType": "begin"})
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run = OxmlElement("w:r")
    run.append(instr)
    paragraph._p.append(run)
    run_with("w:fldChar", **{"w:fldCharType": "separate"})
    paragraph.add_run(shown)
    run_with("w:fldChar", **{"w:fldCharType": "end"})


def _shade(cell: _Cell, fill: str) -> None:
    properties = cell._tc.get_or_add_tcPr()
    for old in properties.findall(qn("w:shd")):
        properties.remove(old)
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    properties.append(shading)


def _repeat_as_header(table: WordTable) -> None:
    row_properties = table.rows[0]._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row_properties.append(header)


def _column_widths(headers: list[str], cells: list[list[str]]) -> list[int]:
    """Widths that never break a word (a No. column fits "10", "Responsible" fits its
    header), with the rest of the text width shared by how much more each column holds,
    so the action's text and its update get the room."""
    def words(index: int) -> list[str]:
        column = [headers[index]] + [row[index] for row in cells]
        return [word for text in column for word in text.split()] or [""]

    def longest_text(index: int) -> int:
        return max(len(text) for text in [headers[index]] + [row[index] for row in cells])

    columns = range(len(headers))
    longest_word = [min(max(len(w) for w in words(i)), 16) for i in columns]
    least = [int(CHAR * n + CELL_PADDING) for n in longest_word]
    if sum(least) >= TEXT_WIDTH:
        return [int(TEXT_WIDTH * w / sum(least)) for w in least]
    wants = [max(min(longest_text(i), 80) - longest_word[i], 0) for i in columns]
    spare = TEXT_WIDTH - sum(least)
    if not sum(wants):
        return [w + int(spare / len(least)) for w in least]
    return [w + int(spare * want / sum(wants)) for w, want in zip(least, wants, strict=True)]


class DocxFormatter(outline.BlockWriter[None]):
    """A Word file from a document outline: one method per block type, each adding to the
    document being built; `format` returns the file's bytes."""

    _doc: WordDocument  # the document `format` is building

    def format(self, content: outline.Document) -> bytes:
        self._doc = docx.Document()
        self._page_setup()
        self._properties(content)
        self._doc.add_heading(_flowing(content.title), level=1)
        for block in content.blocks:
            outline.write_block(self, block)
        buffer = io.BytesIO()
        self._doc.save(buffer)
        return _fixed_zip(buffer.getvalue())

    def _page_setup(self) -> None:
        section = self._doc.sections[0]
        section.page_width, section.page_height = PAGE
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, MARGIN)
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        footer.add_run("Page ")
        _add_field(footer, "PAGE", "1")
        footer.add_run(" of ")
        _add_field(footer, "NUMPAGES", "1")

    def _properties(self, content: outline.Document) -> None:
        properties = self._doc.core_properties
        properties.title = xml_text(content.long_title)[:255]
        properties.author = "fostlog"
        properties.last_modified_by = "fostlog"
        properties.comments = "Written by fostlog from the group's data."
        properties.language = "en-GB"
        properties.revision = 1
        if content.when is not None:
            stamp = datetime.combine(content.when, time(), tzinfo=UTC)
            properties.created = stamp
            properties.modified = stamp

    # --- one method per block -------------------------------------------------------------

    def heading(self, block: outline.Heading) -> None:
        self._doc.add_heading(_flowing(block.text), level=block.level)

    def paragraph(self, block: outline.Paragraph) -> None:
        paragraph = self._doc.add_paragraph()
        run = paragraph.add_run(_flowing(block.text))
        match block.style:
            case outline.ParagraphStyle.plain:
                pass
            case outline.ParagraphStyle.lead:
                run.bold = True
            case outline.ParagraphStyle.note:
                run.italic = True
                run.font.color.rgb = SUBDUED
            case outline.ParagraphStyle.source:
                run.font.size = Pt(9)
                run.font.color.rgb = SUBDUED
                paragraph.paragraph_format.space_before = Pt(18)
            case _:
                assert_never(block.style)

    def facts(self, block: outline.Facts) -> None:
        for label, value in block.items:
            paragraph = self._doc.add_paragraph()
            paragraph.paragraph_format.space_after = Pt(2)
            paragraph.add_run(f"{_flowing(label)}: ").bold = True
            paragraph.add_run(_flowing(value))

    def bullet_list(self, block: outline.BulletList) -> None:
        for item in block.items:
            paragraph = self._doc.add_paragraph(style="List Bullet")
            if item.lead:
                paragraph.add_run(f"{_flowing(item.lead)} ").bold = True
            paragraph.add_run(_flowing(item.text))

    def table(self, block: Table) -> None:
        headers = [c.header for c in block.columns]
        cells_of = texts(block)
        table = self._doc.add_table(rows=1 + len(block.rows), cols=len(headers))
        table.style = self._doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        table.autofit = False
        widths = _column_widths(headers, cells_of)
        for index, header in enumerate(headers):
            cell = table.rows[0].cells[index]
            run = cell.paragraphs[0].add_run(_flowing(header))
            run.bold = True
            run.font.size = TABLE_TEXT
            _shade(cell, HEADER_FILL)
        _repeat_as_header(table)
        for row, row_texts, cells in zip(block.rows, cells_of, table.rows[1:], strict=True):
            shaded = block.style is not None and block.style(row) is outline.RowStyle.complete
            for index, text in enumerate(row_texts):
                cell = cells.cells[index]
                paragraph = cell.paragraphs[0]
                paragraph.add_run(_flowing(text)).font.size = TABLE_TEXT
                if block.columns[index].numeric:
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                if shaded:
                    _shade(cell, SHADE)
        for index, width in enumerate(widths):
            table.columns[index].width = width  # the grid, which LibreOffice reads
            for cells in table.rows:
                cells.cells[index].width = width  # each cell, which Word reads
        # Word joins two tables that touch into one, and wants a paragraph after a table
        # that ends the document: an empty one, small, keeps them apart.
        spacer = self._doc.add_paragraph()
        spacer.paragraph_format.space_after = Pt(0)

    def link_list(self, block: outline.LinkList) -> None:
        # The addresses are a site's relative ones: shown, since nothing in a Word file
        # could follow them.
        for item in block.items:
            paragraph = self._doc.add_paragraph(style="List Bullet")
            paragraph.add_run(_flowing(item.text))
            paragraph.add_run(f" ({_flowing(item.href)})").font.color.rgb = SUBDUED
            if item.note:
                paragraph.add_run(f" {_flowing(item.note)}")

    def figure(self, block: outline.Figure) -> None:
        # A chart in Word would be a picture that needs a renderer: the words instead.
        paragraph = self._doc.add_paragraph()
        paragraph.add_run("Chart. ").bold = True
        if block.caption:
            paragraph.add_run(f"{_flowing(block.caption)}: ")
        run = paragraph.add_run(_flowing(block.alt))
        run.italic = True


def _fixed_zip(data: bytes) -> bytes:
    """The same file with every zip entry dated ZIP_TIME, so the same data always gives
    the same bytes (python-docx dates each entry with the clock)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


def render_docx(doc: outline.Document) -> bytes:
    return DocxFormatter().format(doc)
