"""What goes in the group's calendar: pure functions Repository -> records. No printing.

- The meetings the minutes announce with a day ("Next meeting: November 5 2021
  11-12.30"); an announcement that gives only a month (October 2020) has no day to put
  in a calendar. Every announcement is kept, past ones too: a calendar imported again
  then updates the same events rather than losing them.
- The due dates of actions open on the date, where a day is known then
  (queries/agenda.due_by): an action closed since drops out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from fostlog import domain
from fostlog.core.repository import Repository
from fostlog.domain import OwnerMatch
from fostlog.domain.meetings import surely_raised_by
from fostlog.queries.agenda import CarriedAction, carried_action
from fostlog.queries.digest import owner_label


@dataclass(frozen=True)
class AnnouncedMeeting:
    day: date
    start: str | None  # HH:MM, as read from the minutes
    end: str | None
    time_as_written: str | None
    venue: str | None
    focus: str | None
    as_written: str
    announced_in: date  # the minutes that announced it


class ActionDue(NamedTuple):
    """An action's due date as an event: only an action whose day is known has one."""

    day: date
    action: CarriedAction


@dataclass(frozen=True)
class GroupCalendar:
    meetings: list[AnnouncedMeeting]
    dues: list[ActionDue]
    as_of: date
    stamp: date  # the latest date the data records: the calendar is as new as its data
    owner: str | None = None  # whose due dates, in words (None: everyone's)


def latest_date(repo: Repository) -> date:
    """The latest date the data records: a meeting, a report, an action raised."""
    dates = [m.date for m in repo.meetings]
    dates += [a.raised for a in repo.actions]
    dates += [o.as_of for a in repo.actions for o in a.history]
    return max(dates, default=date(1970, 1, 1))


def announced_meetings(repo: Repository, as_of: date) -> list[AnnouncedMeeting]:
    """The meetings announced with a day by minutes on or before `as_of`; where two
    minutes announce the same day, the later announcement."""
    found: dict[date, AnnouncedMeeting] = {}
    for meeting in sorted(repo.meetings, key=lambda m: m.date):
        announced = meeting.next_meeting
        if meeting.date > as_of or announced is None or announced.date is None:
            continue
        found[announced.date] = AnnouncedMeeting(
            day=announced.date, start=announced.start, end=announced.end,
            time_as_written=announced.time, venue=announced.venue, focus=announced.focus,
            as_written=announced.as_written, announced_in=meeting.date,
        )
    return [found[day] for day in sorted(found)]


def action_dues(repo: Repository, as_of: date, owner: OwnerMatch | None) -> list[ActionDue]:
    dues = []
    for action in repo.actions:
        if not surely_raised_by(action, as_of, repo) or action.due is None:
            continue
        if owner is not None and not domain.owned_by(action, owner, repo):
            continue
        carried = carried_action(action, repo, as_of)
        if carried.is_open and carried.due is not None and carried.due.day is not None:
            dues.append(ActionDue(carried.due.day, carried))
    return sorted(dues, key=lambda d: (d.day, domain.id_order(d.action.id)))


def group_calendar(repo: Repository, as_of: date,
                   owner: OwnerMatch | None = None) -> GroupCalendar:
    return GroupCalendar(
        meetings=announced_meetings(repo, as_of),
        dues=action_dues(repo, as_of, owner),
        as_of=as_of,
        stamp=latest_date(repo),
        owner=owner_label(owner, repo) if owner is not None else None,
    )
