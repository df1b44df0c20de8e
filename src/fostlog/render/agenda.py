"""The next meeting's agenda as blocks (outline.py): the meeting as announced, item 1
"Introductions and action log" with the matters arising, then the items the last
minutes said the next meeting would take. The wording is here and in outline.py; the
formats lay it out."""

from __future__ import annotations

from fostlog.core.models import NextMeeting
from fostlog.queries.agenda import Agenda, CarriedAction, announced_when
from fostlog.render.outline import (
    DEFAULT_TITLE,
    Block,
    Document,
    Facts,
    Heading,
    Paragraph,
    ParagraphStyle,
    Row,
    RowStyle,
    cells_table,
    due_text,
    long_date,
    month_year,
    report_text,
)

CARRIED_COLUMNS = ("No.", "Action", "Responsible", "Age (days)", "Due", "Last update")
COMPLETED_COLUMNS = ("No.", "Action", "Responsible", "Last update")
FIRST_ITEM = "Introductions and action log"
NOT_ANNOUNCED = "not yet announced"


def meeting_date_text(announced: NextMeeting | None) -> str:
    """5 November 2021; October 2020 when only the month was announced."""
    when = announced_when(announced) if announced else None
    if when is None:
        return NOT_ANNOUNCED
    return long_date(when.first_day) if when.day_known else month_year(when.first_day)


def meeting_time_text(announced: NextMeeting) -> str | None:
    """11:00–12:30 where the start and end were read from the minutes, else as written."""
    if announced.start and announced.end:
        return f"{announced.start}–{announced.end}"
    return announced.start or announced.time


def meeting_facts(agenda: Agenda) -> list[tuple[str, str]]:
    """The next meeting's date, time and place as announced: the agenda's header, and the
    site's home page."""
    announced = agenda.next_meeting
    items = [("Date", meeting_date_text(announced))]
    if announced is not None:
        time = meeting_time_text(announced)
        if time:
            items.append(("Time", time))
        if announced.venue:
            items.append(("Venue", announced.venue))
    return items


def announcement(agenda: Agenda) -> Paragraph:
    """Where the next meeting's date comes from: the words of the minutes announcing it,
    or why there are none (the agenda's header, and the site's home page)."""
    if agenda.last_minutes is None:
        return Paragraph(f"No minutes on file by {long_date(agenda.as_of)} announce the next "
                         "meeting.", ParagraphStyle.note)
    minutes = f"the minutes of {long_date(agenda.last_minutes)}"
    announced = agenda.announced
    if announced is None:
        return Paragraph(f"The last minutes on file, {minutes}, do not announce the next "
                         "meeting.", ParagraphStyle.note)
    if agenda.spent:
        return Paragraph(f"The last minutes on file, {minutes}, announced a meeting in "
                         f"{meeting_date_text(announced)}, which has passed; the minutes of "
                         "that meeting are not on file.", ParagraphStyle.note)
    return Paragraph(f'As {minutes} announce it: "{announced.as_written}"',
                     ParagraphStyle.note)


def _carried_row(action: CarriedAction) -> Row:
    return Row((action.id, action.text, action.responsible, str(action.age_days),
                due_text(action.due), report_text(action)), RowStyle.open)


def _completed_row(action: CarriedAction) -> Row:
    return Row((action.id, action.text, action.responsible, report_text(action)),
               RowStyle.complete)


def _matters_arising(agenda: Agenda) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, f"1. {FIRST_ITEM}"),
        Paragraph(f"Matters arising: the action log as it stands on {long_date(agenda.as_of)}.",
                  ParagraphStyle.lead),
        Heading(3, "Open actions carried forward"),
    ]
    if agenda.carried:
        blocks.append(cells_table(CARRIED_COLUMNS, tuple(_carried_row(a) for a in agenda.carried),
                            numeric=frozenset({0, 3})))
    else:
        blocks.append(Paragraph("No action is open."))
    since = f" ({long_date(agenda.since)})" if agenda.since else ""
    blocks.append(Heading(3, f"Completed since the last meeting{since}"))
    if agenda.completed:
        blocks.append(cells_table(COMPLETED_COLUMNS,
                            tuple(_completed_row(a) for a in agenda.completed)))
    else:
        blocks.append(Paragraph("None."))
    return blocks


def _next_items(agenda: Agenda) -> list[Block]:
    focus = agenda.focus
    if not focus:
        minutes = (f"The minutes of {long_date(agenda.last_minutes)}"
                   if agenda.last_minutes else "No minutes on file")
        return [Paragraph(f"{minutes} do not say what the next meeting will take; add its "
                          "items here.", ParagraphStyle.note)]
    blocks: list[Block] = [Heading(2, f"{number}. {item}")
                           for number, item in enumerate(focus, start=2)]
    assert agenda.next_meeting is not None and agenda.last_minutes is not None
    blocks.append(Paragraph(
        f"Items 2 to {len(focus) + 1} are what the minutes of "
        f"{long_date(agenda.last_minutes)} said the next meeting would take."
        if len(focus) > 1 else
        f"Item 2 is what the minutes of {long_date(agenda.last_minutes)} said the next "
        "meeting would take.", ParagraphStyle.note))
    return blocks


def agenda_outline(agenda: Agenda) -> Document:
    when = meeting_date_text(agenda.next_meeting)
    long_title = "Agenda, next meeting" if when == NOT_ANNOUNCED else f"Agenda, {when}"
    facts = Facts((("Meeting", DEFAULT_TITLE), *meeting_facts(agenda),
                   ("Agenda drawn up", long_date(agenda.as_of))))
    blocks: list[Block] = [facts, announcement(agenda)]
    blocks += _matters_arising(agenda)
    blocks += _next_items(agenda)
    return Document(title="Agenda", long_title=long_title, blocks=tuple(blocks),
                    when=agenda.as_of)
