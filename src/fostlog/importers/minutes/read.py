"""A document of minutes, as bytes -> its blocks in order: lines of text and tables.

Two inputs, one shape:
- a Word document (.docx), read with python-docx: each paragraph is a line (a soft line
  break starts a new one) and each table keeps its rows and cells;
- the plain-text export of one (.txt, as the seeds are), where Word flattened every table:
  a row became a run of lines each led by a tab (one cell a line), rows are separated by
  blank lines, and a cell that ran over several lines continues on lines with no tab.

Every line and cell keeps where it came from ("line 57", "paragraph 12", "table 1, row 3,
cell 2") so that anything the importer reports can be found in the document. Pure: bytes
in, blocks and problems out.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field

from fostlog.core.vocabulary import parse_status


@dataclass(frozen=True)
class Problem:
    """Something in the document the importer could not read. `fatal` stops the import."""

    where: str  # "line 57", "paragraph 12", "table 1, row 3", "the file"
    message: str
    hint: str = ""
    fatal: bool = True


@dataclass(frozen=True)
class Line:
    """A line of text. A Word paragraph also says how it is set: `heading` (a Heading or
    Title style, or a short paragraph all in bold), `lead` (the bold words a paragraph
    starts with: a run-in heading) and `bullet` (a list paragraph)."""

    text: str
    where: str
    heading: bool = False
    lead: str = ""
    bullet: bool = False


@dataclass(frozen=True)
class Cell:
    text: str
    where: str
    lines: int = 1  # how many lines of the export the cell ran over


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    where: str


Block = Line | Table


@dataclass(frozen=True)
class Document:
    name: str  # the file name, as the meeting's `source:` gives it
    kind: str  # "text" or "docx"
    blocks: tuple[Block, ...]
    notes: tuple[str, ...] = field(default=())  # how it was read, when that was a guess

    def lines(self) -> list[Line]:
        return [block for block in self.blocks if isinstance(block, Line)]


# Minutes over this size are refused before they are read: real minutes are under 100 KB,
# and every stage is linear, but a 20 MB "minutes" file is a mistake, not minutes.
MAX_BYTES = 2 * 1024 * 1024
# Bounds on what a document may hold (real minutes: about 300 lines of under 1,000
# characters; a .docx of a dozen parts and under 1 MB unpacked): the work and memory of an
# import stay proportionate to a real file, whatever the file claims.
MAX_LINES = 50_000
MAX_LINE_CHARS = 20_000
MAX_DOCX_ENTRIES = 1_000
MAX_DOCX_UNPACKED = 50 * 1024 * 1024
# What no name or note in the minutes can mean: C0 (but tab) and C1 controls, DEL. Said
# at the minutes' line rather than found later as a file fostlog would write wrongly.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Every line break Word or an editor may leave inside a paragraph or a line.
_BREAKS = re.compile("\r\n|[\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")

# Word's export marks a few things in brackets that are not text of the minutes.
_MARKERS = re.compile(r"\[(?:image|bookmark|picture)[^\]]*\]", re.IGNORECASE)


def clean(text: str) -> str:
    """A line as the minutes say it: export markers gone, no-break spaces as spaces."""
    return _MARKERS.sub("", text).replace("\u00a0", " ").replace("\ufeff", "")


def read_document(content: bytes, name: str) -> tuple[Document | None, list[Problem]]:
    """The document's blocks, by what the bytes are (not only by the name's ending)."""
    lowered = name.lower()
    if len(content) > MAX_BYTES:
        return None, [Problem("the file", f"the file is {len(content) / 1024 / 1024:.1f} MB, "
                              f"over the {MAX_BYTES // (1024 * 1024)} MB limit for minutes "
                              "(real minutes are under 100 KB).",
                              "Check it is the minutes; import the Word document or its "
                              "plain-text export, without pictures if need be.")]
    if not content.strip():
        return None, [Problem("the file", "the file is empty.",
                              "Check it is the right file, and that it was saved.")]
    if content.startswith(b"PK\x03\x04"):
        return _read_docx(content, name)
    if content.startswith(b"\xd0\xcf\x11\xe0"):
        return None, [Problem("the file", "this is an old Word document (.doc), which "
                              "fostlog cannot read.",
                              "Open it in Word and save it as .docx (or as plain text).")]
    if content.startswith(b"%PDF"):
        return None, [Problem("the file", "this is a PDF, which fostlog cannot read.",
                              "Import the Word document the PDF was made from, or its "
                              "plain-text export.")]
    if lowered.endswith(".docx"):
        return None, [Problem("the file", "the file is named .docx but is not a Word "
                              "document (a .docx file is a zip archive).",
                              "Check that the download or copy finished.")]
    return _read_text(content, name)


# --- plain text ---------------------------------------------------------------------------


def _utf16(content: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' (or 'utf-16' with its byte-order mark) when the bytes
    read as UTF-16 text: a byte-order mark, or a NUL byte in every other place at the
    start, as Notepad's "Unicode" saves plain English."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    start = content[:400]
    if len(start) >= 4 and len(content) % 2 == 0:
        if start[1::2].count(0) == len(start) // 2 and 0 not in start[0::2]:
            return "utf-16-le"
        if start[0::2].count(0) == len(start) // 2 and 0 not in start[1::2]:
            return "utf-16-be"
    return None


def _decode(content: bytes) -> tuple[str | None, list[str], list[Problem]]:
    encoding = _utf16(content)
    if encoding is not None:
        try:
            return content.decode(encoding).removeprefix("\ufeff"), ["read as UTF-16"], []
        except UnicodeDecodeError as error:
            return None, [], [Problem("the file", "the file looks like UTF-16 text (as "
                                      "Notepad's 'Unicode' saves it) but is not valid UTF-16 "
                                      f"(near byte {error.start:,}), so it cannot be read.",
                                      "Save the minutes as plain text (UTF-8) and try again.")]
    if b"\x00" in content:
        offset = content.index(b"\x00")
        line = content.count(b"\n", 0, offset) + 1
        return None, [], [Problem(f"line {line}", "the file holds binary data (a NUL byte), "
                                  "so it is not a plain-text export of minutes.",
                                  "Import the .docx itself, or save the minutes as plain "
                                  "text.")]
    try:
        return content.decode("utf-8-sig"), [], []
    except UnicodeDecodeError as error:
        bad = error.start
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError:
        line = content.count(b"\n", 0, bad) + 1
        return None, [], [Problem(f"line {line}", "the file is neither UTF-8 nor Windows-1252 "
                                  "text, so it cannot be read.",
                                  "Save the minutes as plain text (UTF-8) and try again.")]
    line = content.count(b"\n", 0, bad) + 1
    return text, [f"not UTF-8 (first at line {line}): read as Windows-1252"], []


def _is_status_continuation(cell: str, more: str) -> bool:
    """Whether a line after a row's last cell finishes a status split over two lines
    ("Ongoing/" + "complete", "No longer" + "relevant")."""
    head = cell.strip()
    if not head:
        return False
    if head.endswith(("/", "-", "&")):
        return True
    return parse_status(head) is None and parse_status(f"{head} {more.strip()}") is not None


def _read_text(content: bytes, name: str) -> tuple[Document | None, list[Problem]]:
    text, notes, problems = _decode(content)
    if text is None:
        return None, problems
    raw = text.splitlines()
    problem = _unreadable_lines(raw, "line {}")
    if problem is not None:
        return None, [problem]
    blocks: list[Block] = []
    index = 0
    while index < len(raw):
        line = raw[index]
        if not _tab_led(line):
            blocks.append(Line(clean(line), f"line {index + 1}"))
            index += 1
            continue
        table, index = flattened_table(raw, index)
        if len(table.rows) < 2 or max(len(row) for row in table.rows) < 2:
            # One tab-led line is an indented paragraph, not a table.
            for row in table.rows:
                for cell in row:
                    blocks.append(Line(cell.text, cell.where))
        else:
            blocks.append(table)
    return Document(name, "text", tuple(blocks), tuple(notes)), []


_TAB_LED = re.compile(r"^ {0,3}\t")


def _tab_led(line: str) -> bool:
    """A cell of a flattened table: led by a tab, after at most a few stray spaces (Word
    writes an empty first header cell as a space before the tab)."""
    return bool(_TAB_LED.match(line))


def _cell_text(line: str) -> str:
    return clean(line.lstrip(" ")[1:])


def flattened_table(raw: list[str], start: int) -> tuple[Table, int]:
    """Rows of tab-led lines from `start`; returns the table and the index after it.

    A line with no tab inside a row continues the cell above it when more cells of the
    row follow it, when the row has fewer cells than the header, or when it finishes a
    status word; otherwise it is the text after the table."""
    rows: list[list[Cell]] = []
    current: list[Cell] = []
    width = 0  # the header row's cell count, once known
    index = start
    while index < len(raw):
        line = raw[index]
        if _tab_led(line):
            current.append(Cell(_cell_text(line), f"line {index + 1}"))
        elif not line.strip():
            if current:
                rows.append(current)
                width = width or len(current)
                current = []
            elif rows and not _more_rows_follow(raw, index):
                break
        elif current and (_row_goes_on(raw, index) or len(current) < (width or 2) or
                          _is_status_continuation(current[-1].text, line) or
                          _runs_on(raw, index)):
            # A cell that runs over more than one line of the export.
            last = current[-1]
            current[-1] = Cell(f"{last.text}\n{clean(line)}", last.where, last.lines + 1)
        else:
            break
        index += 1
    if current:
        rows.append(current)
    where = rows[0][0].where if rows and rows[0] else f"line {start + 1}"
    return Table(tuple(tuple(row) for row in rows), where), index


def _row_goes_on(raw: list[str], index: int) -> bool:
    """Whether another cell of the same row (a tab-led line, before any blank line)
    follows the line at `index`."""
    for line in raw[index + 1:]:
        if _tab_led(line):
            return True
        if not line.strip():
            return False
    return False


def _runs_on(raw: list[str], index: int) -> bool:
    """Whether the untabbed line at `index`, just after a row's last cell, is more of that
    cell: more rows follow within a few lines ("an update cell over three lines"), or it is
    a few words closing the table ("Closed – no longer" + "required")."""
    for offset, line in enumerate(raw[index + 1:index + 8]):
        if _tab_led(line):
            return True
        if not line.strip():
            following = next((x for x in raw[index + offset + 2:] if x.strip()), "")
            if _tab_led(following):
                return True
            return offset == 0 and _fragment(raw[index])
    return index + 1 >= len(raw) and _fragment(raw[index])


def _fragment(line: str) -> bool:
    """The end of a cell's text, not a sentence of its own: a few words in lower case."""
    words = line.split()
    return 0 < len(words) <= 3 and line.strip()[:1].islower()


def _more_rows_follow(raw: list[str], index: int) -> bool:
    """After a blank line: does another tab-led row come before any text?"""
    for line in raw[index:]:
        if line.strip():
            return _tab_led(line)
    return False


# --- Word ------------------------------------------------------------------------------------


def _unreadable_lines(lines: list[str], where: str) -> Problem | None:
    """The first of the bounds or characters that stop an import, said at its line."""
    if len(lines) > MAX_LINES:
        return Problem("the file", f"the file has {len(lines):,} lines, over the {MAX_LINES:,} "
                       "fostlog reads (real minutes have a few hundred).",
                       "Check it is the minutes.")
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            return Problem(where.format(number), f"this line is {len(line):,} characters "
                           f"long, over the {MAX_LINE_CHARS:,} fostlog reads.",
                           "Check it is the minutes.")
        found = _CONTROL.search(line)
        if found:
            return Problem(where.format(number), "this line holds a control character "
                           f"(U+{ord(found.group()):04X}), which no name or note in the "
                           "minutes can mean.", "Delete it from the minutes (it is "
                           "invisible in most editors) and import them again.")
    return None


def _docx_too_large(content: bytes) -> Problem | None:
    """A .docx is a zip: refused before it is unpacked if it has too many parts or would
    unpack to too much (a zip bomb). zipfile never yields more than a part declares."""
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        return Problem("the file", f"the Word document cannot be opened ({error}).",
                       "Open it in Word and save it again as .docx, or import its "
                       "plain-text export.")
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_DOCX_ENTRIES or unpacked > MAX_DOCX_UNPACKED:
        return Problem("the file", f"the Word document has {len(parts):,} parts that unpack "
                       f"to {unpacked / 1024 / 1024:,.0f} MB, over the {MAX_DOCX_ENTRIES:,} "
                       f"parts and {MAX_DOCX_UNPACKED // 1024 // 1024} MB fostlog reads "
                       "(real minutes unpack to under 1 MB).",
                       "Check it is the minutes; save it again without pictures if need be.")
    return None


def _read_docx(content: bytes, name: str) -> tuple[Document | None, list[Problem]]:
    refused = _docx_too_large(content)
    if refused is not None:
        return None, [refused]
    try:
        import docx
        from docx.table import Table as DocxTable

        document = docx.Document(io.BytesIO(content))
        inner = list(document.iter_inner_content())
    except Exception as error:  # python-docx raises many kinds on a damaged file
        return None, [Problem("the file", f"the Word document cannot be opened ({error}).",
                              "Open it in Word and save it again as .docx, or import its "
                              "plain-text export.")]
    blocks: list[Block] = []
    paragraphs = tables = 0
    for item in inner:
        try:
            if isinstance(item, DocxTable):
                tables += 1
                blocks.append(_docx_table(item, tables))
                continue
            paragraphs += 1
            heading, lead, bullet = _paragraph_setting(item)
            parts = _BREAKS.split(item.text)
            problem = _unreadable_lines(parts, f"paragraph {paragraphs}")
            if problem is not None:
                return None, [problem]
            for number, part in enumerate(parts):
                blocks.append(Line(clean(part), f"paragraph {paragraphs}",
                                   heading and number == 0, lead if number == 0 else "",
                                   bullet))
        except _Stop as stop:
            return None, [stop.problem]
        except Exception as error:  # a malformed paragraph or table in the XML
            where = f"table {tables}" if isinstance(item, DocxTable) else (
                f"paragraph {paragraphs}")
            return None, [Problem(where, f"this part of the Word document cannot be read "
                                  f"({error}).", "Open it in Word and save it again.")]
    return Document(name, "docx", tuple(blocks)), []


def _paragraph_setting(paragraph: object) -> tuple[bool, str, bool]:
    """(heading, bold lead, bullet) for a Word paragraph."""
    from docx.text.paragraph import Paragraph

    assert isinstance(paragraph, Paragraph)
    style = (paragraph.style.name or "") if paragraph.style is not None else ""
    properties = paragraph._p.pPr
    bullet = "List" in style or (properties is not None and properties.numPr is not None)
    heading = style.startswith(("Heading", "Title"))
    lead: list[str] = []
    rest = False
    for run in paragraph.runs:
        if not run.text:
            continue
        if run.bold and not rest:
            lead.append(run.text)
        elif run.text.strip():
            rest = True
            break
        elif lead:
            lead.append(run.text)
    bold = clean("".join(lead)).strip()
    text = clean(paragraph.text).strip()
    if bold and not rest and len(text.split()) <= 14:
        heading = True  # a short paragraph all in bold: a heading in all but style
    return heading, bold if rest else "", bullet


class _Stop(Exception):
    """A problem found deep in a Word table, said as it is."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _docx_table(table: object, number: int) -> Table:
    from docx.table import Table as DocxTable

    assert isinstance(table, DocxTable)
    rows: list[tuple[Cell, ...]] = []
    for row_number, row in enumerate(table.rows, 1):
        cells: list[Cell] = []
        seen: set[int] = set()
        for cell_number, cell in enumerate(row.cells, 1):
            if id(cell._tc) in seen:  # a merged cell repeats
                continue
            seen.add(id(cell._tc))
            where = f"table {number}, row {row_number}, cell {cell_number}"
            parts = _BREAKS.split(clean(cell.text))
            problem = _unreadable_lines(parts, where)
            if problem is not None:
                raise _Stop(problem)
            text = "\n".join(parts)
            cells.append(Cell(text, where, text.count("\n") + 1))
        rows.append(tuple(cells))
    return Table(tuple(rows), f"table {number}")
