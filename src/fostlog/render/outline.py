"""A document as blocks, and the two documents the group keeps: the action log and a
meeting's minutes (the agenda and an owner's digest are built in agenda.py and digest.py
from the same blocks and wording).

Every word a document says, and how a note is cut into paragraphs, is decided here once;
a serialiser (markdown_docs, html_docs, docx_docs, text_docs) only lays the blocks out
and escapes the text its own way, one function per block type. Text in a block is
plain: never pre-escaped, never markup. A single newline inside a paragraph is a
soft break (it reads as a space); paragraphs are separate blocks.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from operator import attrgetter
from typing import Literal, Protocol, TypeVar, assert_never

from fostlog.core.dates import DayOrMonth
from fostlog.core.models import AttendanceKnown
from fostlog.core.vocabulary import Status, status_words
from fostlog.queries.action_log import ActionLog, ActionLogRow
from fostlog.queries.agenda import CarriedAction, DueBy
from fostlog.queries.minutes import ActionRef, Minutes
from fostlog.render.tables import Column, Table

# --- the blocks ----------------------------------------------------------------------------


class ParagraphStyle(StrEnum):
    """What a paragraph is for; each format decides how that looks."""

    plain = "plain"
    lead = "lead"  # the line a section opens with (the log's "updated" line): stands out
    note = "note"  # an aside about the data (what the minutes do not say): subdued
    source = "source"  # where the document comes from, at its foot: set apart


class RowStyle(StrEnum):
    open = "open"
    complete = "complete"  # shaded, as the minutes shade completed actions


@dataclass(frozen=True)
class Heading:
    level: Literal[2, 3, 4]  # the document's title is the only level 1
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: ParagraphStyle = ParagraphStyle.plain


@dataclass(frozen=True)
class Facts:
    """Labelled values, such as a meeting's date and chair. Labels carry no colon; a
    format that runs label and value together punctuates them."""

    items: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ListItem:
    text: str
    lead: str | None = None  # set in bold before the text, punctuation included ("Kent:")


@dataclass(frozen=True)
class BulletList:
    items: tuple[ListItem, ...]


@dataclass(frozen=True)
class Row:
    """A row of a document's table (`cells_table`), as text."""

    cells: tuple[str, ...]
    style: RowStyle | None = None
    # Where each cell points, for a format that links (the site's HTML): a relative
    # address or None, cell by cell; empty for a document that stands alone.
    links: tuple[str | None, ...] = ()


def _nth_cell(index: int) -> Callable[[Row], str]:
    return lambda row: row.cells[index] if index < len(row.cells) else ""


def _nth_link(index: int) -> Callable[[Row], str | None]:
    return lambda row: row.links[index] if index < len(row.links) else None


def cells_table(headers: Sequence[str], rows: Sequence[Row],
                numeric: frozenset[int] = frozenset({0})) -> Table:
    """A document's table of text cells (render/tables.Table, the one table type): a
    column per header, right-aligned where `numeric` (an action's No.), each row keeping
    its style and links."""
    return Table(rows, [Column(header, header, _nth_cell(index), numeric=index in numeric,
                               link=_nth_link(index)) for index, header in enumerate(headers)],
                 style=attrgetter("style"))


@dataclass(frozen=True)
class Link:
    text: str
    href: str  # a relative address (the site's pages link to each other this way)
    note: str | None = None  # plain text after the link


@dataclass(frozen=True)
class LinkList:
    """Links to other documents: a site's index, the way on to the next page. A format
    that cannot link shows each text with its address."""

    items: tuple[Link, ...]


class FigureStyle(StrEnum):
    wide = "wide"  # across the page
    small = "small"  # one of several side by side (a funnel per LA)


@dataclass(frozen=True)
class Figure:
    """A chart. The one block whose content is markup: `svg` is a whole <svg> element
    made by fostlog's own chart code (site/svg.py), which escapes every text it draws
    and carries `alt` as its <title>/<desc>. `alt` is the chart in words, what a format
    that cannot draw it shows instead (and a screen reader reads)."""

    svg: str
    alt: str
    caption: str | None = None
    style: FigureStyle = FigureStyle.wide


Block = Heading | Paragraph | Facts | BulletList | Table | LinkList | Figure


@dataclass(frozen=True)
class Document:
    title: str  # the heading the document opens with
    long_title: str  # the title a window, a file list or a print header shows
    blocks: tuple[Block, ...]
    when: date | None = None  # the day the document is of (a file format's properties)


Written = TypeVar("Written", covariant=True)


class BlockWriter(Protocol[Written]):
    """What a format provides: one function per block type. A text format returns each
    block's text; a format that builds a file as it goes (Word) may return None.

    A format subclasses it (`class MarkdownFormatter(BlockWriter[str])`). A block type
    added to `Block` fails mypy in `write_block` until it is dispatched there; its method
    added here, mypy then names every format that lacks it ("Cannot instantiate abstract
    class")."""

    def heading(self, block: Heading) -> Written: ...
    def paragraph(self, block: Paragraph) -> Written: ...
    def facts(self, block: Facts) -> Written: ...
    def bullet_list(self, block: BulletList) -> Written: ...
    def table(self, block: Table) -> Written: ...
    def link_list(self, block: LinkList) -> Written: ...
    def figure(self, block: Figure) -> Written: ...


def write_block(writer: BlockWriter[Written], block: Block) -> Written:
    """The one dispatch from a block to the function its format has for it."""
    match block:
        case Heading():
            return writer.heading(block)
        case Paragraph():
            return writer.paragraph(block)
        case Facts():
            return writer.facts(block)
        case BulletList():
            return writer.bullet_list(block)
        case Table():
            return writer.table(block)
        case LinkList():
            return writer.link_list(block)
        case Figure():
            return writer.figure(block)
        case _:
            assert_never(block)


def text_document(writer: BlockWriter[str], content: Document, title: str) -> str:
    """A text format's document: its title line, then each block, a blank line apart."""
    return "\n".join([title, *(write_block(writer, block) for block in content.blocks)])


# --- the wording ---------------------------------------------------------------------------

LOG_COLUMNS = ("No.", "Action", "Responsible", "Date issued", "Status", "Update")
REF_COLUMNS = ("No.", "Action", "Responsible")
LOG_ORDER = "Open actions first; completed actions after them."
DEFAULT_TITLE = "South East regional fostering leads meeting"
ATTENDANCE_NOTES = {
    AttendanceKnown.full: None,
    AttendanceKnown.partial: "The minutes give only part of who attended.",
    AttendanceKnown.none: "The minutes do not say who attended.",
}

# A blank line ends a paragraph, even one holding spaces or tabs (an editor leaves those).
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def long_date(when: date) -> str:
    """17 September 2025, as the minutes write dates."""
    return f"{when.day} {when:%B %Y}"


def split_paragraphs(text: str) -> list[str]:
    """A note's paragraphs: cut at blank lines, each stripped, empty ones dropped."""
    return [p.strip() for p in _PARAGRAPH_BREAK.split(text) if p.strip()]


def status_with_wording(status: Status, recorded: str | None) -> str:
    """The normalised status, with the log's own wording beside it where they differ."""
    words = status_words(status)
    return f'{words} ("{recorded}")' if recorded else words


def status_text(row: ActionLogRow) -> str:
    return status_with_wording(row.status, row.recorded)


def month_year(when: date) -> str:
    """April 2022, for a date the minutes give only to the month."""
    return f"{when:%B %Y}"


def when_text(when: DayOrMonth) -> str:
    """21 July 2020; July 2023 for a date known only by its month."""
    return long_date(when.first_day) if when.day_known else month_year(when.first_day)


def due_text(due: DueBy | None) -> str:
    """When an action is due, with the minutes' words beside it: 'April 2022, overdue
    ("Discuss at April meeting")'."""
    if due is None:
        return "not given"
    if due.day is None:
        return f'at the next meeting ("{due.as_written}")'
    day = month_year(due.day) if due.month_only else long_date(due.day)
    return f'{day}{", overdue" if due.overdue else ""} ("{due.as_written}")'


def raised_text(action: CarriedAction) -> str:
    """21 July 2020; October 2021 where the log gives only the month."""
    return month_year(action.raised) if action.raised_month_only else long_date(action.raised)


def sentence(text: str) -> str:
    """Text that ends as a sentence does, so that another can follow it."""
    text = text.strip()
    return text if not text or text[-1] in ".!?" else text + "."


def report_text(action: CarriedAction) -> str:
    """What was last recorded of an action: when, its status then, and the note."""
    if action.reported is None:
        return "No report since it was raised."
    when = (month_year(action.reported) if action.reported_month_only
            else long_date(action.reported))
    text = f"{when}: {status_with_wording(action.status, action.recorded)}."
    return f"{text} {action.update}" if action.update else text


def update_text(row: ActionLogRow) -> str:
    parts = [row.update] if row.update else []
    if row.reported is None:
        parts.append("No report since it was raised.")
    elif row.stale:
        when = month_year(row.reported) if row.reported_month_only else long_date(row.reported)
        parts.append(f"Last reported {when}.")
    return " ".join(parts)


def unnumbered_line(log: ActionLog) -> str | None:
    if not log.unnumbered_open:
        return None
    count = len(log.unnumbered_open)
    many = count != 1
    return (
        f"{count} open action{'s' if many else ''} never got a number in a log and "
        f"{'are' if many else 'is'} not listed: {', '.join(log.unnumbered_open)} "
        "('fostlog actions --open' lists every open action)."
    )


# --- the action log ------------------------------------------------------------------------


def _log_row(row: ActionLogRow) -> Row:
    cells = (row.id, row.text, row.responsible, row.issued, status_text(row), update_text(row))
    return Row(cells, RowStyle.open if row.is_open else RowStyle.complete)


def _log_dated(log: ActionLog) -> str:
    """What the log is as of: the latest report or meeting it holds, not the day it was
    drawn up (a log rendered today from last year's reports says last year)."""
    if log.data_as_of is None:
        return f"as of {long_date(log.updated)}, before any report or meeting on file"
    return f"as of {long_date(log.data_as_of)}, the latest report or meeting it holds"


def action_log_blocks(log: ActionLog) -> list[Block]:
    """The log under its 'as of' line, where the minutes print 'updated'."""
    blocks: list[Block] = [
        Paragraph(f"Action log: {_log_dated(log)}.\n{LOG_ORDER}", ParagraphStyle.lead)
    ]
    if log.rows:
        blocks.append(cells_table(LOG_COLUMNS, tuple(_log_row(row) for row in log.rows)))
    else:
        blocks.append(Paragraph("No numbered actions had been raised by this date."))
    extra = unnumbered_line(log)
    if extra:
        blocks.append(Paragraph(extra, ParagraphStyle.note))
    return blocks


def action_log_outline(log: ActionLog) -> Document:
    return Document(
        title="Action log",
        long_title=f"Action log as of {long_date(log.data_as_of or log.updated)}",
        blocks=tuple(action_log_blocks(log)),
        when=log.data_as_of or log.updated,
    )


# --- the minutes ---------------------------------------------------------------------------


def _facts(minutes: Minutes) -> Facts:
    items = [("Date", long_date(minutes.date))]
    if minutes.time:
        items.append(("Time", minutes.time))
    if minutes.venue:
        items.append(("Venue", minutes.venue))
    items.append(("Chair", minutes.chair or "not recorded"))
    return Facts(tuple(items))


def _attendees(minutes: Minutes) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Attendees")]
    note = ATTENDANCE_NOTES[minutes.attendance]
    if note:
        blocks.append(Paragraph(note, ParagraphStyle.note))
    if minutes.groups:
        blocks.append(BulletList(tuple(
            ListItem("; ".join(group.names), lead=f"{group.heading}:") for group in minutes.groups
        )))
    elif minutes.groups is not None:
        blocks.append(Paragraph("Nobody is listed."))
    return blocks


def _not_represented(minutes: Minutes) -> list[Block]:
    if minutes.not_represented is None:
        text = "Not recorded."
    else:
        text = ", ".join(minutes.not_represented) or "None: every LA came."
        if minutes.not_represented_worked_out:
            text += " (worked out from the attendee list; the minutes do not list them)"
    return [Heading(2, "LAs not represented"), Paragraph(text)]


def _apologies(minutes: Minutes) -> list[Block]:
    if minutes.apologies is None:
        text = "Not recorded."
    else:
        text = "; ".join(minutes.apologies) or "None."
    return [Heading(2, "Apologies"), Paragraph(text)]


def _items(minutes: Minutes) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Items")]
    if not minutes.items:
        blocks.append(Paragraph("No items are recorded."))
    for item in minutes.items:
        blocks.append(Heading(3, item.title))
        blocks += [Paragraph(p) for p in split_paragraphs(item.notes or "")]
    return blocks


def _refs(refs: list[ActionRef]) -> Table:
    return cells_table(REF_COLUMNS, tuple(Row((r.id, r.text, r.responsible)) for r in refs))


def _actions(minutes: Minutes) -> list[Block]:
    blocks: list[Block] = [Heading(2, "Actions raised")]
    blocks.append(_refs(minutes.actions_raised) if minutes.actions_raised else Paragraph("None."))
    if minutes.actions_mentioned:
        blocks += [Heading(2, "Earlier actions discussed"), _refs(minutes.actions_mentioned)]
    blocks.append(Heading(2, "Action log as of the meeting"))
    return blocks + action_log_blocks(minutes.action_log)


def minutes_outline(minutes: Minutes) -> Document:
    """The minutes in the order the group's own minutes use."""
    title = minutes.title or DEFAULT_TITLE
    blocks: list[Block] = [_facts(minutes)]
    blocks += _attendees(minutes)
    blocks += _not_represented(minutes)
    blocks += _apologies(minutes)
    blocks += _items(minutes)
    blocks += _actions(minutes)
    note = split_paragraphs(minutes.note or "")
    if note:
        blocks.append(Heading(2, "Note"))
        blocks += [Paragraph(p) for p in note]
    if minutes.source:
        blocks.append(Paragraph(f"Transcribed from {minutes.source}.", ParagraphStyle.source))
    return Document(title=title, long_title=f"{title}, {long_date(minutes.date)}",
                    blocks=tuple(blocks), when=minutes.date)
