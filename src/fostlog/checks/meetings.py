"""Meetings: who was there and who was not, and which meetings were held (one file a
date, none for a meeting listed as having no minutes)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from fostlog import domain
from fostlog.checks.common import at, repeated
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.models import AttendanceKnown
from fostlog.core.repository import Repository


def check_present_and_absent(repo: Repository) -> Iterator[Diagnostic]:
    """No LA or person is both present at a meeting and recorded absent from it (not
    represented, or sending apologies)."""
    rule = rules.PRESENT_AND_ABSENT
    for meeting in repo.meetings:
        present = domain.present_authorities(meeting, repo)
        for index, authority in enumerate(meeting.not_represented or []):
            if authority in present:
                yield at(
                    repo, rule, meeting, ("not_represented", index),
                    f"'{authority}' is recorded as not represented, but an attendee "
                    "represents it.",
                    "Remove it from not_represented, or correct the attendee's LA.",
                )
        attending = {a.person for a in meeting.attendees or [] if a.person}
        if meeting.chair and meeting.chair.person:
            attending.add(meeting.chair.person)
        for index, apology in enumerate(meeting.apologies or []):
            if apology.person and apology.person in attending:
                yield at(
                    repo, rule, meeting, ("apologies", index),
                    f"'{apology.person}' is both an attendee and sent apologies.",
                    "Keep them in one of the two lists.",
                )
            elif not apology.person and apology.authority in present:
                yield at(
                    repo, rule, meeting, ("apologies", index),
                    f"'{apology.authority}' sent apologies, but an attendee represents it.",
                    "Name the person who sent apologies, or remove the entry.",
                )


def check_attendance_full_has_list(repo: Repository) -> Iterator[Diagnostic]:
    """A meeting whose attendance is `full` has an attendee list: `full` says the list is
    complete."""
    for meeting in repo.meetings:
        if meeting.attendance is AttendanceKnown.full and meeting.attendees is None:
            yield at(repo, rules.ATTENDANCE_FULL_WITHOUT_LIST, meeting, ("attendance",),
                     "attendance is 'full' but there is no attendee list.")


def check_attendance_accounted(repo: Repository) -> Iterator[Diagnostic]:
    """At a meeting with a full attendee list, every LA is present, not represented or
    sending apologies (a warning: the minutes may simply not say)."""
    for meeting in repo.meetings:
        if meeting.attendance is not AttendanceKnown.full or meeting.attendees is None:
            continue
        accounted = set(domain.present_authorities(meeting, repo))
        accounted |= set(meeting.not_represented or [])
        accounted |= domain.apology_authorities(meeting, repo)
        missing = sorted(set(repo.authorities) - accounted)
        if missing:
            yield at(
                repo, rules.ATTENDANCE_UNACCOUNTED, meeting, ("attendance",),
                "With a full attendee list every LA should be present, not represented or "
                "sending apologies; these are none of the three: " + ", ".join(missing) + ".",
            )


def check_attendees_name_someone(repo: Repository) -> Iterator[Diagnostic]:
    """Every chair, attendee and apology names someone: a person, an LA, an organisation
    or the entry as the minutes print it (an empty entry counts nobody and says nothing)."""
    for meeting in repo.meetings:
        entries: list[tuple[tuple[str | int, ...], Any]] = (
            [(("chair",), meeting.chair)] if meeting.chair is not None else [])
        for key in ("attendees", "apologies"):
            entries += [((key, index), entry)
                        for index, entry in enumerate(getattr(meeting, key) or [])]
        for path, entry in entries:
            if not (entry.person or entry.authority or entry.organisation
                    or entry.as_written):
                what = {"chair": "chair", "attendees": "attendee", "apologies": "apology"}
                yield at(repo, rules.EMPTY_ATTENDEE, meeting, path,
                         f"This {what[str(path[0])]} names nobody.")


def check_inferred_lists_exist(repo: Repository) -> Iterator[Diagnostic]:
    """not_represented_inferred explains a not_represented list, so the list is there."""
    for meeting in repo.meetings:
        if meeting.not_represented_inferred is not None and meeting.not_represented is None:
            yield at(repo, rules.INFERRED_WITHOUT_LIST, meeting,
                     ("not_represented_inferred",),
                     "not_represented_inferred is given, but not_represented is null.")


def check_duplicate_meetings(repo: Repository) -> Iterator[Diagnostic]:
    """One meeting file per date: two would each be counted (attendance, actions raised)."""
    for earlier, meeting in repeated(repo.meetings, lambda m: m.date):
        yield at(repo, rules.DUPLICATE_MEETING, meeting, ("date",),
                 f"The meeting of {meeting.date.isoformat()} is also in "
                 f"{repo.file_of(earlier)} (line {repo.where(earlier, 'date')[1]}).")


def check_meetings_without_minutes_have_none(repo: Repository) -> Iterator[Diagnostic]:
    """A meeting listed as having no minutes has no meeting file: none on its day, and for
    an entry known only by its month, none in that month (it would count twice)."""
    minuted = [m.date for m in repo.meetings]
    for entry in repo.meetings_without_minutes:
        if entry.day is not None:
            clash = [d for d in minuted if d == entry.day]
        else:
            clash = [d for d in minuted if d.isoformat()[:7] == entry.month]
        if clash:
            yield at(
                repo, rules.MEETING_HAS_MINUTES, entry, ("day" if entry.day else "month",),
                f"The meeting of {entry.key} is listed as having no minutes, but "
                f"meetings/{clash[0].isoformat()}.yaml holds minutes of "
                f"{'that day' if entry.day else 'that month'}.",
            )
