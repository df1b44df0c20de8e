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
from dataclasses import dataclass, field, replace

from fostlog.importers.minutes.read import Block, Cell, Document, Line, Problem, Table

_LABEL = re.compile(
    r"^[\s·•*-]*(?P<label>date|meeting details|meeting date|chair(?:ed by|person)?|"
    r"attendees|attendance|(?:those |members )?present|in attendance|attending|"
    r"apologies(?: received)?(?: from)?|(?:las?|local authorities) not represented|"
    r"not represented)"
    r"(?:\s*[:;]\s*|\s+[–—-]\s+|\s*$)(?P<value>.*)$",
    re.IGNORECASE,
)
# "LAs not represented Brighton and Hove, Medway": the phrase is a label without a colon.
_ABSENT_PHRASE = re.compile(r"^\s*(?P<label>(?:las?|local authorities) not represented)\b"
                            r"\s*[:;–—-]?\s*(?P<value>.*)$", re.IGNORECASE)
# A second label inside a labelled line's value ("Apologies:  LAs not represented X, Y").
_INNER_LABEL = re.compile(
    r"(?:(?<=^)|(?<=[\s.;,]))(?:(?:las?|local authorities) not represented\b|"
    r"(?:not represented|apologies|chair|present|attendees|in attendance)\s*[:;])",
    re.IGNORECASE)
# "Action:", "ACTION:", "Action –", "Actions:", "Action point:" at the start of a line (after
# a bullet) in any case, or in the middle of a paragraph with a capital A.
_ACTION_WORD = r"(?:action(?:s| points?)?)"
_ACTION_LINE = re.compile(rf"^[\s·•\-*▪◦‣]*{_ACTION_WORD}\s*(?:[:;]|[–—-](?=\s))\s*"
                          r"(?P<text>\S.*)$", re.IGNORECASE)
_ACTION_INSIDE = re.compile(r"(?<=[\s.;)])(?:Actions?|ACTIONS?|Action points?)\s*(?:[:;]|"
                            r"[–—-](?=\s))\s*(?=\S)")
_ACTIONS_HEAD = re.compile(rf"^[\s·•\-*]*{_ACTION_WORD}\s*[:;–—-]?\s*$", re.IGNORECASE)
_BULLET = re.compile(r"^\s*[·•\-*▪◦‣]\s+(?P<text>\S.*)$")
_NUMBER_WORDS = ("one two three four five six seven eight nine ten eleven twelve thirteen "
                 "fourteen fifteen sixteen seventeen eighteen nineteen twenty").split()
# A strong item heading ("ITEM 1:", "ITEM SIX", "Agenda item 2 –") and a weak one ("2.").
_ITEM = re.compile(r"^\s*(?P<prefix>(?:agenda\s+)?item\s+(?:\d{1,2}[a-z]?|"
                   + "|".join(_NUMBER_WORDS) + r")\b)", re.IGNORECASE)
_NUMBERED = re.compile(r"^\s*(?P<prefix>\d{1,2}[.)])\s+(?=[A-Za-z])")
# Where a heading's title ends and its notes begin: a colon, a spaced dash or a run of
# spaces followed by a sentence, or a full stop before one.
_TITLE_END = re.compile(r"(?::\s+|\s+[–—]\s+|\s{3,}|(?<=[a-z)])\.\s+)(?=\S)")
# A title ends at a colon followed by two spaces and a few words ("Governance:  RE asked"),
# or by one space and a sentence ("Practice sharing: Oxfordshire, step down" is a title).
_FEW_WORDS, _SENTENCE_WORDS = 1, 10
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
    body: list[Line]  # grown a line at a time: a tuple rebuilt each time is quadratic


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
    due: str = ""  # the Due column, where the log has one


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


# A column is known by its header's words, whatever the order; the first key whose pattern
# matches wins, so "Action No." is the number and "Due date" is not the date issued.
_COLUMNS = {
    "number": re.compile(r"^(?:no\.?|nos?\.?|number|#|ref\.?|reference|id|item(?: no\.?)?|"
                         r"action\s*(?:no\.?|number|#|ref\.?|id))$", re.IGNORECASE),
    "due": re.compile(r"^(?:due|due date|date due|deadline|by when|target(?: date)?|"
                      r"completion date|to be completed by)\b", re.IGNORECASE),
    "text": re.compile(r"^(?:actions?|action point|action agreed|task|description|"
                       r"what|details?)\b", re.IGNORECASE),
    "responsible": re.compile(r"^(?:responsible|owners?|owner\(s\)|action owner|leads?|"
                              r"lead officer|who|by whom|assigned(?: to)?|"
                              r"person responsible)\b", re.IGNORECASE),
    "issued": re.compile(r"^(?:date issued|issued|date raised|raised|date added|added|"
                         r"date opened|opened|date agreed|date set|date|when raised|"
                         r"meeting(?: date)?)\b", re.IGNORECASE),
    "status": re.compile(r"^(?:status|progress|update|rag|comments?|notes?|"
                         r"current status|position)\b", re.IGNORECASE),
}
_ORDER = ("number", "text", "responsible", "issued", "status")
_KEYS = ("number", "due", "text", "responsible", "issued", "status")
_NUMBER = re.compile(r"^\s*(?:no\.?\s*|#\s*|action\s+)?(\d{1,4})\s*\.?\s*$", re.IGNORECASE)


def _columns(header: tuple[Cell, ...]) -> dict[str, int] | None:
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        text = one_line(cell.text).strip(" :*")
        for key in _KEYS:
            if key not in found and _COLUMNS[key].match(text):
                found[key] = index
                break
    if "text" in found and ("status" in found or "number" in found
                            or "responsible" in found):
        return found
    return None


def _numbered(cells: tuple[Cell, ...], index: int) -> bool:
    return index < len(cells) and _NUMBER.match(cells[index].text) is not None


def _place_number(columns: dict[str, int], header: tuple[Cell, ...],
                  body: tuple[tuple[Cell, ...], ...]) -> dict[str, int]:
    """The number column when the header does not name it: an unnamed column whose cells
    are numbers. A header a cell short of its rows (Word's export writes an empty first
    header cell as a stray space) is read as missing its first cell."""
    if "number" in columns:
        return columns
    rows = [row for row in body if any(cell.text.strip() for cell in row)]
    if not rows:
        return columns
    widths = [len(row) for row in rows]
    wide = max(set(widths), key=widths.count)
    named = [index for index, cell in enumerate(header) if cell.text.strip()]
    if (wide == len(header) + 1 or (named and named[-1] < len(header) - 1)) and (
            0 in columns.values()) and sum(_numbered(r, 0) for r in rows) * 2 >= len(rows):
        # The header's words sit a cell to the left of their columns (an empty first
        # header cell dropped, or a last one left empty): the numbers are the first column.
        return {"number": 0, **{key: index + 1 for key, index in columns.items()}}
    taken = set(columns.values())
    for index in range(wide):
        if index not in taken and sum(_numbered(r, index) for r in rows) * 2 >= len(rows):
            return {"number": index, **columns}
    return {"number": 0, **columns} if 0 not in taken else columns


def _cell(cells: tuple[Cell, ...], columns: dict[str, int], key: str) -> Cell | None:
    index = columns.get(key)
    return cells[index] if index is not None and index < len(cells) else None


def _cell_text(cells: tuple[Cell, ...], columns: dict[str, int], key: str) -> str:
    """A cell's text; a cell that ran over several lines is joined with spaces."""
    found = _cell(cells, columns, key)
    if found is None:
        return ""
    return " ".join(part.strip() for part in found.text.split("\n") if part.strip())


def _header(table: Table) -> tuple[int, dict[str, int] | None, Line | None]:
    """(index of the header row, its columns, a title row above it) among the first rows:
    a Word table may carry "Action log: updated ..." as a merged first row."""
    for index, row in enumerate(table.rows[:3]):
        columns = _columns(row)
        if columns is not None:
            title = None
            for above in table.rows[:index]:
                text = " ".join(one_line(c.text) for c in above if c.text.strip())
                if _LOG_TITLE.match(text):
                    title = Line(text, above[0].where if above else table.where)
            return index, columns, title
    return 0, None, None


def _log_from(table: Table, title: Line | None, problems: list[Problem]) -> Log | None:
    if not table.rows:
        return None
    at, columns, inner_title = _header(table)
    title = title or inner_title
    body = table.rows[at + 1:]
    assumed = False
    if columns is None:
        numbered = [row for row in table.rows if row and _NUMBER.match(row[0].text)]
        if title is None or len(numbered) < max(1, len(table.rows) // 2) or any(
                len(row) < len(_ORDER) for row in numbered):
            return None
        columns = {key: index for index, key in enumerate(_ORDER)}
        body, assumed = table.rows, True
    else:
        columns = _place_number(columns, table.rows[at], body)
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
                rows[-1] = replace(rows[-1], text=f"{rows[-1].text} {more}".strip(),
                                   runs_on=(*rows[-1].runs_on, "text"))
                continue
            problems.append(Problem(where, f"an action-log row whose number cell "
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
                           _cell_text(cells, columns, "status"), where, runs_on,
                           _cell_text(cells, columns, "due")))
    return Log(table, title, tuple(rows), assumed)


# --- attendee lists without a label -------------------------------------------------------------

_NOT_NAME = frozenset({"and", "the", "of", "to", "from", "for", "with", "in", "on", "at",
                       "said", "is", "not", "represented", "none", "items", "meeting"})
_PARTICLES = frozenset({"de", "van", "von", "der", "la", "le", "du", "da", "di", "st", "o"})
_ATTENDEE_HEADER = re.compile(r"^(?:name|names|attendee|attendees|who|present|person)\b",
                              re.IGNORECASE)
_PLACE_HEADER = re.compile(r"^(?:organisation|organization|la|local authority|authority|"
                           r"council|representing|agency|service|from|employer|team)\b",
                           re.IGNORECASE)
_ROLE_HEADER = re.compile(r"^(?:role|job title|title|position)\b", re.IGNORECASE)


def name_like(text: str) -> bool:
    """Whether words read as a person's name: two to four capitalised words (a particle
    such as "van" allowed), no digits, nothing that is a sentence."""
    words = text.replace("’", "'").split()
    if not 2 <= len(words) <= 4 or any(ch.isdigit() for ch in text):
        return False
    lower = 0
    for number, word in enumerate(words):
        if word.lower() in _PARTICLES:
            continue
        if not re.fullmatch(r"[^\W\d_][\w'.-]*", word) or (word.isupper() and len(word) > 1):
            return False  # "LAs", "DCS": not a name
        if not word[:1].isupper():
            # "Kelly wilkes": a surname typed in lower case, but not a phrase.
            lower += 1
            if number == 0 or lower > 1 or word in _NOT_NAME:
                return False
    return True


def _entries_line(text: str, where: str) -> list[Entry]:
    """The entries of a line that is a run of people with their place ("Name (LA), Name
    (LA), ..."), or [] when the line is not one."""
    if _ACTION_LINE.match(text) or len(text) < 8:
        return []
    entries = entries_of(text, where)
    if len(entries) < 3:
        return []
    names = sum(name_like(e.name) for e in entries)
    placed = sum(e.affiliation is not None for e in entries)
    if names * 10 >= len(entries) * 8 and placed * 2 >= len(entries):
        return entries
    return []


def _single_entry(text: str, where: str, label_before: bool) -> Entry | None:
    """A line that is one person with their place ("Name (LA)", "Name - LA", "Name, Role,
    LA"), as in a list of attendees one a line; after a label, a bare name too."""
    line = text.strip()
    bullet = _BULLET.match(line)
    if bullet is not None:
        line = bullet["text"]
    if not line or len(line.split()) > 12 or line.endswith((".", "?", ":")):
        return None
    entry = entry_from(line, where)
    if entry is None or not name_like(entry.name):
        return None
    if entry.affiliation is None and not label_before:
        return None
    return entry


def _attendee_table(table: Table) -> list[Entry] | None:
    """The people of a "Name | Organisation" (| Role) table, or None when it is not one."""
    if len(table.rows) < 2:
        return None
    header = [one_line(c.text) for c in table.rows[0]]
    name_at = next((i for i, h in enumerate(header) if _ATTENDEE_HEADER.match(h)), None)
    place_at = next((i for i, h in enumerate(header) if _PLACE_HEADER.match(h)), None)
    role_at = next((i for i, h in enumerate(header) if _ROLE_HEADER.match(h)), None)
    rows = table.rows[1:]
    if name_at is None or place_at is None:
        if len(header) > 3 or not all(len(r) >= 2 and name_like(one_line(r[0].text))
                                      for r in table.rows):
            return None
        name_at, place_at, rows = 0, len(header) - 1, table.rows  # no header row
        role_at = 1 if len(header) == 3 else None
    found: list[Entry] = []
    for row in rows:
        cells = [one_line(c.text) for c in row]
        if name_at >= len(cells) or not cells[name_at]:
            continue
        name = cells[name_at]
        place = cells[place_at] if place_at < len(cells) else ""
        role = cells[role_at] if role_at is not None and role_at < len(cells) else ""
        affiliation = ", ".join(p for p in (role, place) if p) or None
        found.append(Entry(" | ".join(c for c in cells if c), name, affiliation,
                           row[name_at].where))
    return found


# --- the whole document ------------------------------------------------------------------------


def _split_labels(text: str) -> list[tuple[str, str]]:
    """(label, value) for each label of a labelled line, in order: "Apologies:  LAs not
    represented Brighton and Hove, Medway" is two fields, apologies (none given) and the
    LAs not represented."""
    label = _LABEL.match(text) or _ABSENT_PHRASE.match(text)
    if label is None:
        return []
    value = label["value"]
    inner = _INNER_LABEL.search(value)
    if inner is None:
        return [(label["label"].lower(), value)]
    rest = _split_labels(value[inner.start():])
    if not rest:
        return [(label["label"].lower(), value)]
    return [(label["label"].lower(), value[:inner.start()].strip(" .;,")), *rest]


def parse_minutes(document: Document) -> Minutes:
    """The parts of the minutes, in the document's order."""
    minutes = Minutes(document)
    blocks = list(document.blocks)
    strong = any(isinstance(b, Line) and _ITEM.match(b.text) for b in blocks)
    styled = any(isinstance(b, Line) and b.heading for b in blocks)
    last_line: list[Line] = []  # the non-empty lines before the current block
    # Where the last table is, found once: asked at every line, a scan of the rest of the
    # document would make long minutes quadratic.
    last_table = max((i for i, b in enumerate(blocks) if isinstance(b, Table)), default=-1)
    in_log_tail = False
    open_label: str | None = None  # an attendee or apologies label with its list below
    actions_head = False  # "Actions:" alone: the bullets below are actions
    for position, block in enumerate(blocks):
        if isinstance(block, Table):
            open_label = None
            title = next((line for line in reversed(last_line[-3:])
                          if _LOG_TITLE.match(line.text)), None)
            log = _log_from(block, title, minutes.problems)
            if log is not None:
                minutes.logs.append(log)
                in_log_tail = True
                continue
            people = _attendee_table(block) if not minutes.items and not minutes.logs else None
            if people:
                _file_people(minutes, "apologies" if (last_line and _apologies_label(
                    last_line[-1].text)) else "attendees",
                    Labelled("", Line(block.where, block.where)), people)
                continue
            minutes.other_tables.append(block)
            continue
        line = block
        text = line.text
        if not text.strip():
            continue
        if minutes.title is None:
            minutes.title = line
            last_line.append(line)
            continue
        if in_log_tail and position > last_table:
            minutes.after_log.append(line)
            continue
        last_line.append(line)
        header_zone = not minutes.items and not minutes.logs
        if header_zone and open_label is not None:
            entry = _single_entry(text, line.where, True)
            if entry is not None:
                _add_entry(minutes, open_label, line, entry)
                continue
            open_label = None
        labels = _split_labels(text) if not line.lead or _LABEL.match(text) else []
        if labels and all(_labelled(minutes, name, Labelled(value, line))
                          for name, value in labels):
            last = labels[-1]
            if not last[1].strip() and _list_label(last[0]):
                open_label = _list_label(last[0])
            continue
        if header_zone and minutes.attendees is None:
            entries = _entries_line(text, line.where)
            if entries:
                minutes.attendees = Labelled(text, line)
                minutes.entries += entries
                continue
            entry = _single_entry(text, line.where, False)
            if entry is not None and _run_of_entries(blocks, position):
                _add_entry(minutes, "attendees", line, entry)
                open_label = "attendees"
                continue
        if _LOG_TITLE.match(text):
            continue
        minutes.body.append(line)
        found = _actions_in(text)
        bullet = line.bullet or _BULLET.match(text) is not None
        if not found and actions_head and bullet:
            listed = _BULLET.match(text)
            found = [(listed["text"] if listed else text).strip()]
        elif not bullet:
            actions_head = bool(_ACTIONS_HEAD.match(text))
        if found:
            item = len(minutes.items) - 1 if minutes.items else None
            for action in found:
                minutes.action_lines.append(ActionLine(action, line, item))
            _add_to_item(minutes, line)
            continue
        if actions_head and _ACTIONS_HEAD.match(text):
            _add_to_item(minutes, line)
            continue
        if re.match(r"^\s*next meeting\b", text, re.IGNORECASE) and minutes.next_meeting is None:
            minutes.next_meeting = _with_next(line, blocks, position)
            if minutes.items and re.match(r"^\s*(?:\d+[.)]\s*)?(?:aob|any other business)\b",
                                          minutes.items[-1].title, re.IGNORECASE):
                _add_to_item(minutes, line)  # the date of the next meeting, under AOB
                continue
        heading = _heading_of(line, strong, styled)
        if heading is not None:
            minutes.items.append(Item(heading, line, []))
            continue
        _add_to_item(minutes, line)
        if _SUPPORTED.search(text) and not minutes.items:
            # "(supported by Rebecca Eligon, SESLIP)" on a line of its own, in the header.
            minutes.entries += entries_of(text, line.where)
    return minutes


def _with_next(line: Line, blocks: list[Block], position: int) -> Line:
    """"Next meeting dates:" with the dates on the lines below: the line and the next."""
    if re.search(r"\d", line.text):
        return line
    for block in blocks[position + 1:position + 3]:
        if isinstance(block, Line) and block.text.strip():
            return Line(f"{line.text.strip()} {block.text.strip()}", line.where)
    return line


def _apologies_label(text: str) -> bool:
    labels = _split_labels(text)
    return bool(labels) and labels[-1][0].startswith("apologies") and not labels[-1][1].strip()


def _list_label(label: str) -> str | None:
    if label.startswith("apologies"):
        return "apologies"
    if label in ("attendees", "attendance", "present", "those present", "members present",
                 "in attendance", "attending"):
        return "attendees"
    return None


def _run_of_entries(blocks: list[Block], position: int) -> bool:
    """Whether the line at `position` starts a run of at least three one-person lines."""
    count = 0
    for block in blocks[position:position + 8]:
        if isinstance(block, Table):
            break
        if not block.text.strip():
            continue
        if _single_entry(block.text, block.where, False) is None:
            break
        count += 1
    return count >= 3


def _add_entry(minutes: Minutes, label: str, line: Line, entry: Entry) -> None:
    _file_people(minutes, label, Labelled(line.text, line), [entry])


def _file_people(minutes: Minutes, label: str, found: Labelled, entries: list[Entry]) -> None:
    if label == "apologies":
        minutes.apologies = minutes.apologies or found
        minutes.apology_entries += entries
    else:
        minutes.attendees = minutes.attendees or found
        minutes.entries += entries


def _actions_in(text: str) -> list[str]:
    """The actions a line gives: "Action: ..." at its start, or after a sentence in the
    middle of a paragraph; a line may give more than one."""
    start = _ACTION_LINE.match(text)
    cuts: list[int] = []
    if start is not None:
        cuts.append(start.start("text"))
    for match in _ACTION_INSIDE.finditer(text):
        if start is None or match.start() >= start.start("text"):
            cuts.append(match.end())
    found = []
    for index, cut in enumerate(cuts):
        end = len(text)
        if index + 1 < len(cuts):
            following = _ACTION_INSIDE.search(text, cut)
            end = following.start() if following else len(text)
        piece = text[cut:end].strip()
        if piece and not _LOG_TITLE.match(piece):
            found.append(piece)
    if start is not None and re.match(r"^\s*action log\b", text, re.IGNORECASE):
        return []
    return found


def _labelled(minutes: Minutes, label: str, found: Labelled) -> bool:
    """File a labelled line; False when it is not one after all (a second Date: line in
    an item's notes, say)."""
    if label in ("date", "meeting details", "meeting date"):
        part = "date"
    elif label.startswith("chair"):
        part = "chair"
    else:
        part = _list_label(label) or "not_represented"
    if getattr(minutes, part) is not None:
        return False
    setattr(minutes, part, found)
    if part == "attendees":
        minutes.entries += entries_of(found.value, found.line.where)
    elif part == "apologies":
        minutes.apology_entries = entries_of(found.value, found.line.where)
    return True


def _heading_of(line: Line, strong: bool, styled: bool) -> str | None:
    """The item title a line is the heading of, ending where the heading does; None when
    it is not a heading. Headings are "ITEM 1:", "ITEM SIX", "Agenda item 2 –", "2."
    (where the minutes number no items with the word "item"), a Word heading style, a
    bold run-in heading, and the standing items (AOB, Next meeting, ...)."""
    text = line.text
    if line.lead and not _ACTION_LINE.match(line.lead):
        lead = tidy_title(line.lead)
        if lead and len(lead.split()) <= 14 and (len(lead.split()) >= 2 or _ITEM.match(lead)):
            return lead
    if line.heading and not _ACTION_LINE.match(text) and len(text.split()) <= 20:
        return tidy_title(text)
    item = _ITEM.match(text)
    numbered = None if (strong or item) else _NUMBERED.match(text)
    if item is not None or numbered is not None:
        match = item or numbered
        assert match is not None
        rest = text[match.end():]
        opening = re.match(r"^\s*[:.)–—-]?\s*", rest)
        body_start = opening.end() if opening else 0
        title_end = None
        ends = list(_TITLE_END.finditer(rest, body_start))
        wide = [e for e in ends if e.group(0).endswith("  ") or e.group(0).startswith("   ")]
        for end in wide or ends:
            after = len(rest[end.end():].split())
            if after >= (_FEW_WORDS if wide else _SENTENCE_WORDS):
                title_end = end.start()
                break
        title = rest[:title_end] if title_end is not None else rest
        count = len(title.split())
        if item is None and (count > 16 or (title_end is None and count > 12)):
            return None
        if item is not None and title_end is None and count > 16:
            sentence = re.search(r"(?<=[a-z])\.\s", title)
            title = title[:sentence.start()] if sentence else " ".join(title.split()[:12])
        return tidy_title(text[:match.end()] + title)
    words = text.split()
    if _STANDING.match(text) and len(words) <= 10 and not (styled and line.bullet):
        return _heading_title(text)
    return None


def _heading_title(text: str) -> str:
    title = tidy_title(text)
    next_meeting = re.match(r"^(next meeting)\s*[:;-]", title, re.IGNORECASE)
    return next_meeting.group(1) if next_meeting else title


def _add_to_item(minutes: Minutes, line: Line) -> None:
    if minutes.items:
        minutes.items[-1].body.append(line)
