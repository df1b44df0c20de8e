"""A document's blocks -> the parts of a set of minutes, still as written: the title, the
date, chair and attendee lines, the "LAs not represented" line, the items, the "Action:"
lines and the action log's rows. Nothing is resolved here (no registry is consulted):
each part keeps its text and where it is, for the drafter.

The shape is the one the group's minutes share (see the seeds): a title line; labelled
lines ("Date:", "Meeting details:", "Chair:", "Attendees:", "Apologies:", "LAs not
represented:"); items headed "Item N", "N." or a standing heading; "Action:" lines inside
items; then "Action log: updated ..." and a table Action / Responsible / Date issued /
Status (first column the number). Anything after the log that is not a row of it is
left out and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from fostlog.importers.minutes.read import Cell, Document, Line, Problem, Table

_LABEL = re.compile(
    r"^\s*(?P<label>date|meeting details|meeting date|chair(?:ed by)?|attendees|attendance|"
    r"present|apologies|(?:las?|local authorities) not represented|not represented)"
    r"\s*[:;]\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_ACTION_LINE = re.compile(r"^[\s·•\-*]*actions?\s*[:;]\s*(?P<text>\S.*)$", re.IGNORECASE)
_ITEM = re.compile(r"^\s*(?:item\s+\d+\b|\d{1,2}[.)]\s+[A-Za-z])", re.IGNORECASE)
_STANDING = re.compile(
    r"^\s*(?:review (?:of )?(?:the )?(?:notes|minutes)\b|minutes (?:of|from) (?:the )?last\b|"
    r"standing items?\b|aob\b|any other business\b|funding\s*$|next meeting\b|"
    r"practice sharing\s*:)",
    re.IGNORECASE,
)
_LOG_TITLE = re.compile(r"^\s*action log\b", re.IGNORECASE)
_SUPPORTED = re.compile(r"\(?\s*supported by\s+(?P<name>[^,()]+?)\s*,\s*(?P<org>[^()]*?)\s*"
                        r"(?:\)|$)", re.IGNORECASE)


@dataclass(frozen=True)
class Labelled:
    """A labelled line ("Chair: ..."): its value and where it is."""

    value: str
    line: Line


@dataclass(frozen=True)
class Entry:
    """One person in an attendee (or apologies, or chair) line, as written."""

    as_written: str
    name: str
    affiliation: str | None  # the text that places them, None when nothing does
    where: str
    supporting: bool = False  # "(supported by Rebecca Eligon, SESLIP)"


@dataclass(frozen=True)
class Item:
    title: str
    line: Line
    body: tuple[Line, ...]


@dataclass(frozen=True)
class ActionLine:
    """An "Action:" line, or (prose=True) a sentence of the notes that reads as one
    ("Rebecca to send materials to Lynne.")."""

    text: str
    line: Line
    item: int | None  # the index of the item it is under
    prose: bool = False
    responsible: str | None = None  # who the sentence gives it to, for a prose action


@dataclass(frozen=True)
class LogRow:
    number: str
    text: str
    responsible: str
    issued: str
    status: str
    where: str
    runs_on: tuple[str, ...] = ()  # the columns whose cell ran over more than one line


@dataclass(frozen=True)
class Log:
    table: Table
    title: Line | None  # "Action log: updated 17 September ..."
    rows: tuple[LogRow, ...]
    assumed_columns: bool = False  # no header row: the usual order was assumed


@dataclass
class Minutes:
    document: Document
    title: Line | None = None
    date: Labelled | None = None
    chair: Labelled | None = None
    attendees: Labelled | None = None
    entries: list[Entry] = field(default_factory=list)
    apologies: Labelled | None = None
    apology_entries: list[Entry] = field(default_factory=list)
    not_represented: Labelled | None = None
    items: list[Item] = field(default_factory=list)
    action_lines: list[ActionLine] = field(default_factory=list)
    logs: list[Log] = field(default_factory=list)
    other_tables: list[Table] = field(default_factory=list)
    body: list[Line] = field(default_factory=list)  # every line that is not a labelled one
    after_log: list[Line] = field(default_factory=list)  # text after the last log
    next_meeting: Line | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def recognisable(self) -> bool:
        return bool(self.date or self.chair or self.attendees or self.logs
                    or self.action_lines)


def one_line(text: str) -> str:
    return " ".join(text.split())


def tidy_title(text: str) -> str:
    return one_line(text).rstrip(" .:;,")


# --- entries of an attendee line -------------------------------------------------------------


def _split_top_level(text: str) -> list[tuple[int, int]]:
    """Spans of the parts between commas and semicolons outside brackets."""
    spans = []
    depth = start = 0
    for index, char in enumerate(text):
        if char == "(":
            depth += 1
        elif char == ")":
            depth = max(0, depth - 1)
        elif char in ",;" and depth == 0:
            spans.append((start, index))
            start = index + 1
    spans.append((start, len(text)))
    return spans


_DASH = re.compile(r"\s+[–—-]\s+")
_STRAY = " \t,;:.*·•"


def entry_from(text: str, where: str, supporting: bool = False) -> Entry | None:
    """One person as written: "Name (Affiliation)", "Name, (Affiliation)", "Name – LA",
    "Name" (the affiliation, if any, is left to the drafter to find in the words)."""
    as_written = text.strip(" \t,;")
    if not as_written.strip(_STRAY):
        return None
    name, affiliation = as_written, None
    if "(" in as_written:
        before, _, inside = as_written.partition("(")
        name, affiliation = before, inside.rsplit(")", 1)[0]
        if "," in before.strip(_STRAY):
            # "Deborah Glassbrook, Brighter Futures (Reading)": the name ends at the comma.
            name, more = before.split(",", 1)
            affiliation = f"{more.strip(_STRAY)}/{affiliation}"
    elif _DASH.search(as_written):
        name, affiliation = _DASH.split(as_written, maxsplit=1)
    elif "," in as_written:
        name, affiliation = as_written.split(",", 1)
    name = one_line(name).strip(_STRAY)
    if affiliation is not None:
        affiliation = one_line(affiliation).strip(_STRAY) or None
    return Entry(as_written, name, affiliation, where, supporting)


def entries_of(value: str, where: str) -> list[Entry]:
    """The people in an attendee line, in order; "(supported by X, ORG)" is one of them."""
    found: list[tuple[int, Entry]] = []
    for match in _SUPPORTED.finditer(value):
        entry = entry_from(f"{match['name']} ({match['org']})", where, supporting=True)
        if entry is not None:
            found.append((match.start(), Entry(match.group(0).strip(), entry.name,
                                               entry.affiliation, where, True)))
    rest = _SUPPORTED.sub(lambda m: " " * len(m.group(0)), value)
    spans = _split_top_level(rest)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        part = rest[start:end].strip()
        if merged and part.startswith("(") and rest[merged[-1][0]:merged[-1][1]].strip():
            merged[-1] = (merged[-1][0], end)  # "Cathy Seiderer, (Brighton and Hove)"
        else:
            merged.append((start, end))
    for start, end in merged:
        entry = entry_from(rest[start:end], where)
        if entry is not None and entry.name:
            found.append((start, entry))
    return [entry for _, entry in sorted(found, key=lambda pair: pair[0])]


# --- the action log --------------------------------------------------------------------------


_COLUMNS = {
    "number": re.compile(r"^(?:no\.?|number|#|ref\.?|id)?$", re.IGNORECASE),
    "text": re.compile(r"^(?:actions?|action point|task|description)\b", re.IGNORECASE),
    "responsible": re.compile(r"^(?:responsible|owner|lead|who|by whom)\b", re.IGNORECASE),
    "issued": re.compile(r"^(?:date issued|issued|date raised|raised|date( added)?)\b",
                         re.IGNORECASE),
    "status": re.compile(r"^(?:status|progress|update|rag)\b", re.IGNORECASE),
}
_ORDER = ("number", "text", "responsible", "issued", "status")
_NUMBER = re.compile(r"^\s*#?\s*(\d{1,4})\s*\.?\s*$")


def _columns(header: tuple[Cell, ...]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = one_line(cell.text)
        for key in _ORDER:
            if key not in found and _COLUMNS[key].match(text):
                found[key] = index
                break
    if "text" in found and "status" in found:
        found.setdefault("number", 0)
        return found
    return None


def _cell(cells: tuple[Cell, ...], columns: dict[str, int], key: str) -> Cell | None:
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else None


def _cell_text(cells: tuple[Cell, ...], columns: dict[str, int], key: str) -> str:
    """A cell's text; a cell that ran over several lines is joined with spaces."""
    found = _cell(cells, columns, key)
    if found is None:
        return ""
    return " ".join(part.strip() for part in found.text.split("\n") if part.strip())


def _log_from(table: Table, title: Line | None, problems: list[Problem]) -> Log | None:
    if not table.rows:
        return None
    columns = _columns(table.rows[0])
    body = table.rows[1:]
    assumed = False
    if columns is None:
        numbered = [row for row in table.rows if row and _NUMBER.match(row[0].text)]
        if title is None or len(numbered) < max(1, len(table.rows) // 2) or any(
                len(row) < len(_ORDER) for row in numbered):
            return None
        columns = {key: index for index, key in enumerate(_ORDER)}
        body, assumed = table.rows, True
    rows: list[LogRow] = []
    for cells in body:
        if not any(cell.text.strip() for cell in cells):
            continue
        where = re.sub(r", cell \d+$", "", cells[0].where) if cells else table.where
        number_cell = _cell(cells, columns, "number")
        number = _NUMBER.match(number_cell.text) if number_cell else None
        if number is None:
            shown = one_line(number_cell.text) if number_cell else ""
            more = _cell_text(cells, columns, "text")
            if not shown and rows and more:
                # A row with no number continuing the one above (a row split over a page).
                last = rows[-1]
                rows[-1] = LogRow(last.number, f"{last.text} {more}".strip(),
                                  last.responsible, last.issued, last.status, last.where,
                                  (*last.runs_on, "text"))
                continue
            problems.append(Problem(where, f"an action-log row whose first cell "
                                    f"('{shown[:40]}') is not an action number; the row is "
                                    "not imported.",
                                    "Add it by hand (fostlog actions add), or number it in "
                                    "the document and import again.", fatal=False))
            continue
        runs_on = tuple(key for key in _ORDER[1:]
                        if (found := _cell(cells, columns, key)) is not None
                        and found.lines > 1)
        rows.append(LogRow(number.group(1), _cell_text(cells, columns, "text"),
                           _cell_text(cells, columns, "responsible"),
                           _cell_text(cells, columns, "issued"),
                           _cell_text(cells, columns, "status"), where, runs_on))
    return Log(table, title, tuple(rows), assumed)


# --- the whole document ------------------------------------------------------------------------


def parse_minutes(document: Document) -> Minutes:
    """The parts of the minutes, in the document's order."""
    minutes = Minutes(document)
    blocks = list(document.blocks)
    last_line: list[Line] = []  # the non-empty lines before the current block
    in_log_tail = False
    for position, block in enumerate(blocks):
        if isinstance(block, Table):
            title = next((line for line in reversed(last_line[-3:])
                          if _LOG_TITLE.match(line.text)), None)
            log = _log_from(block, title, minutes.problems)
            if log is None:
                minutes.other_tables.append(block)
            else:
                minutes.logs.append(log)
                in_log_tail = True
            continue
        line = block
        text = line.text
        if not text.strip():
            continue
        if minutes.title is None:
            minutes.title = line
            last_line.append(line)
            continue
        if in_log_tail and not any(isinstance(b, Table) for b in blocks[position:]):
            minutes.after_log.append(line)
            continue
        last_line.append(line)
        label = _LABEL.match(text)
        if label is not None:
            if _labelled(minutes, label["label"].lower(), Labelled(label["value"], line)):
                continue
        if _LOG_TITLE.match(text):
            continue
        minutes.body.append(line)
        action = _ACTION_LINE.match(text)
        if action is not None:
            item = len(minutes.items) - 1 if minutes.items else None
            minutes.action_lines.append(ActionLine(action["text"].strip(), line, item))
            _add_to_item(minutes, line)
            continue
        if re.match(r"^\s*next meeting\b", text, re.IGNORECASE) and minutes.next_meeting is None:
            minutes.next_meeting = line
        if _is_heading(text):
            minutes.items.append(Item(_heading_title(text), line, ()))
            continue
        _add_to_item(minutes, line)
        if _SUPPORTED.search(text) and not minutes.items:
            # "(supported by Rebecca Eligon, SESLIP)" on a line of its own, in the header.
            minutes.entries += entries_of(text, line.where)
    return minutes


def _labelled(minutes: Minutes, label: str, found: Labelled) -> bool:
    """File a labelled line; False when it is not one after all (a second Date: line in
    an item's notes, say)."""
    if label in ("date", "meeting details", "meeting date"):
        if minutes.date is None:
            minutes.date = found
            return True
        return False
    if label.startswith("chair"):
        if minutes.chair is None:
            minutes.chair = found
            return True
        return False
    if label in ("attendees", "attendance", "present"):
        if minutes.attendees is None:
            minutes.attendees = found
            minutes.entries += entries_of(found.value, found.line.where)
            return True
        return False
    if label == "apologies":
        if minutes.apologies is None:
            minutes.apologies = found
            minutes.apology_entries = entries_of(found.value, found.line.where)
            return True
        return False
    if minutes.not_represented is None:
        minutes.not_represented = found
        return True
    return False


def _is_heading(text: str) -> bool:
    words = text.split()
    if _ITEM.match(text):
        return len(words) <= 16
    return bool(_STANDING.match(text)) and len(words) <= 10


def _heading_title(text: str) -> str:
    title = tidy_title(text)
    next_meeting = re.match(r"^(next meeting)\s*[:;-]", title, re.IGNORECASE)
    return next_meeting.group(1) if next_meeting else title


def _add_to_item(minutes: Minutes, line: Line) -> None:
    if minutes.items:
        item = minutes.items[-1]
        minutes.items[-1] = Item(item.title, item.line, (*item.body, line))
