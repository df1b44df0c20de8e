"""The group's calendar as iCalendar (RFC 5545) text, with the icalendar library, which
escapes the text (commas, semicolons, new lines) and folds long lines.

Re-importing must update events, never duplicate them, so each UID is derived from what
the event is, not from when it was written: `meeting-2021-11-05@fostlog` for a meeting,
`action-7-due@fostlog` for an action's due date. DTSTAMP is the latest date the data
records, not the clock, so the same data always gives the same bytes. Meeting times are
Europe/London, with the VTIMEZONE the file needs; due dates are all-day events that do
not mark anyone busy.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from fostlog.core.escape import one_line, plain_text
from fostlog.queries.calendar import ActionDue, AnnouncedMeeting, GroupCalendar
from fostlog.render.outline import DEFAULT_TITLE, due_text, long_date, report_text

LONDON = ZoneInfo("Europe/London")
DOMAIN = "fostlog"
PRODID = "-//fostlog//South East regional fostering leads group//EN"
GROUP = "South East regional fostering leads group"
SUMMARY_LENGTH = 100
_UID_UNSAFE = re.compile(r"[^A-Za-z0-9.-]+")


def _short(text: str) -> str:
    flat = one_line(text)
    return flat if len(flat) <= SUMMARY_LENGTH else flat[: SUMMARY_LENGTH - 1].rstrip() + "…"


def meeting_uid(day: date) -> str:
    return f"meeting-{day.isoformat()}@{DOMAIN}"


def due_uid(action_id: str) -> str:
    return f"action-{_UID_UNSAFE.sub('-', action_id)}-due@{DOMAIN}"


def _clock(day: date, hh_mm: str) -> datetime:
    hours, minutes = hh_mm.split(":")
    return datetime.combine(day, time(int(hours), int(minutes)), tzinfo=LONDON)


def _meeting_event(meeting: AnnouncedMeeting, stamp: datetime) -> icalendar.Event:
    event = icalendar.Event()
    event.add("uid", meeting_uid(meeting.day))
    event.add("dtstamp", stamp)
    event.add("summary", DEFAULT_TITLE)
    if meeting.start:
        event.add("dtstart", _clock(meeting.day, meeting.start))
        if meeting.end:
            event.add("dtend", _clock(meeting.day, meeting.end))
    else:  # no time given: the day itself
        event.add("dtstart", meeting.day)
        event.add("dtend", meeting.day + timedelta(days=1))
    if meeting.venue:
        event.add("location", plain_text(meeting.venue))
    lines = [f'Announced in the minutes of {long_date(meeting.announced_in)}: '
             f'"{meeting.as_written}"']
    if not meeting.start:
        lines.append("The minutes give no time.")
    if meeting.focus:
        lines.append(f"To take: {meeting.focus}")
    event.add("description", plain_text("\n".join(lines)))
    return event


def _due_event(due: ActionDue, stamp: datetime) -> icalendar.Event:
    action = due.action
    owner = f" ({action.responsible})" if action.responsible else ""
    event = icalendar.Event()
    event.add("uid", due_uid(action.id))
    event.add("dtstamp", stamp)
    event.add("summary", _short(f"Action {action.id} due{owner}: {action.text}"))
    event.add("dtstart", due.day)
    event.add("dtend", due.day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")
    lines = [action.text, f"Responsible: {action.responsible or 'not named'}",
             f"Due: {due_text(action.due)}", f"Last recorded: {report_text(action)}"]
    event.add("description", plain_text("\n".join(lines)))
    return event


class IcsFormatter:
    """Formatter[GroupCalendar]: the calendar as iCalendar text."""

    def format(self, content: GroupCalendar) -> str:
        stamp = datetime.combine(content.stamp, time(), tzinfo=UTC)
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        name = GROUP if content.owner is None else f"{GROUP}: {plain_text(content.owner)}"
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/London")
        days = [m.day for m in content.meetings] + [d.day for d in content.dues]
        for meeting in content.meetings:
            calendar.add_component(_meeting_event(meeting, stamp))
        for due in content.dues:
            calendar.add_component(_due_event(due, stamp))
        if any(m.start for m in content.meetings):
            # Only the years the events fall in: the smallest VTIMEZONE that is right.
            calendar.add_missing_timezones(first_date=date(min(days).year, 1, 1),
                                           last_date=date(max(days).year + 1, 1, 1))
        written: bytes = calendar.to_ical()
        return written.decode("utf-8")
