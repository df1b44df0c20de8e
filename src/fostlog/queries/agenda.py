"""The next meeting's agenda as of a date, and the way the agenda and an owner's digest
carry an action forward: pure functions Repository -> records. No printing.

How the agenda reads the data (an interpretation of how the group runs its meetings):
- DATE is the day the agenda is drawn up. The next meeting is the one the last minutes on
  or before DATE announced; an announcement of a meeting already past by DATE is spent
  (that meeting's minutes are not on file), so neither its date nor its items are
  repeated.
- Item 1, "Introductions and action log", carries the action log as it stands on DATE
  (queries/action_log.py decides which actions that is): every action open on DATE, and
  those completed since the last meeting before DATE. An open action that never got a log
  number is carried too: it is still open, and the agenda is where it would be lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fostlog import domain
from fostlog.core.models import Action, DatePrecision, Meeting, NextMeeting
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import Status
from fostlog.domain.meetings import MeetingWhen, due_date, last_meeting_before, occasions
from fostlog.queries.action_log import action_log, log_row
from fostlog.queries.actions import action_row


@dataclass(frozen=True)
class DueBy:
    """When an action is due, as known on a date."""

    day: date | None  # the day it is due by, once known (None: "at the next meeting" not yet held)
    month_only: bool  # the minutes give only a month; `day` is its last day
    as_written: str  # the words the minutes use
    overdue: bool  # still open after `day`


@dataclass(frozen=True)
class CarriedAction:
    """An action as the agenda and an owner's digest carry it forward on a date."""

    id: str
    text: str
    responsible: str
    issued: str
    raised: date
    raised_month_only: bool  # the log dates it only by month ("Oct 2021")
    age_days: int
    status: Status
    recorded: str | None  # the log's wording, where it differs from the status
    update: str | None  # the note of the latest report
    reported: date | None  # the date of the latest report (None: never reported on)
    due: DueBy | None
    reported_month_only: bool = False  # the latest report gives only its month

    @property
    def is_open(self) -> bool:
        return self.status.is_open

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due.overdue


def due_by(action: Action, repo: Repository, as_of: date) -> DueBy | None:
    """The due date as known on `as_of` (meetings.due_date). "At the next meeting" has a
    day only once a later meeting has been held by `as_of`; before that the day is not
    known then, however much later data says."""
    due = action.due
    if due is None:
        return None
    day = due_date(action, repo, as_of)
    open_then = domain.status_as_of(action, as_of).is_open
    if due.date is not None:
        month_only = due.precision is DatePrecision.month
    else:  # due at a meeting: as precise as that meeting's date is known
        month_only = day is not None and any(
            o.when.last_day == day and not o.when.day_known for o in occasions(repo))
    return DueBy(day, month_only, due.as_written,
                 overdue=open_then and day is not None and day < as_of)


def carried_action(action: Action, repo: Repository, as_of: date) -> CarriedAction:
    row = log_row(action, repo, as_of)
    return CarriedAction(
        id=action.id,
        text=action.text,
        raised=action.raised,
        raised_month_only=action.raised_precision is DatePrecision.month,
        responsible=row.responsible,
        issued=row.issued,
        status=row.status,
        due=due_by(action, repo, as_of),
        recorded=row.recorded,
        update=row.update,
        reported=row.reported,
        reported_month_only=row.reported_month_only,
        age_days=action_row(action, repo, as_of).age_days,
    )


@dataclass(frozen=True)
class Agenda:
    as_of: date
    last_minutes: date | None  # the last minutes on or before `as_of`
    announced: NextMeeting | None  # the next meeting as those minutes announce it
    spent: bool  # the meeting announced was surely held (or missed) before `as_of`
    since: date | None  # the last meeting before `as_of` (completed actions count from it)
    carried: list[CarriedAction]  # open on `as_of`, in the log's order
    completed: list[CarriedAction]  # completed since `since`

    @property
    def next_meeting(self) -> NextMeeting | None:
        """The next meeting as announced; None when it is not, or the announcement is spent."""
        return None if self.spent else self.announced

    @property
    def focus(self) -> list[str]:
        """The items the last minutes said the next meeting would take, one per part of
        the focus the minutes list (the transcription separates them with ';')."""
        if self.next_meeting is None or not self.next_meeting.focus:
            return []
        return [part.strip() for part in self.next_meeting.focus.split(";") if part.strip()]


def announced_when(announced: NextMeeting) -> MeetingWhen | None:
    """The day (or month) an announcement gives, if it gives one."""
    if announced.date is None and announced.month is None:
        return None
    return MeetingWhen.of(announced.date, announced.month)


def _last_minutes(repo: Repository, as_of: date) -> Meeting | None:
    held = [m for m in repo.meetings if m.date <= as_of]
    return max(held, key=lambda m: m.date) if held else None


def is_spent(announced: NextMeeting, as_of: date) -> bool:
    """Whether the meeting an announcement gives was surely held before `as_of`."""
    when = announced_when(announced)
    return when is not None and when.surely_before(as_of)


def agenda(repo: Repository, as_of: date) -> Agenda:
    last = _last_minutes(repo, as_of)
    announced = last.next_meeting if last else None
    log = action_log(repo, as_of)
    carried: list[CarriedAction] = []
    completed: list[CarriedAction] = []
    for action_id, is_open in [(row.id, row.is_open) for row in log.rows] + [
        (action_id, True) for action_id in log.unnumbered_open
    ]:
        action = repo.action(action_id)
        assert action is not None, action_id  # the log is built from the register
        (carried if is_open else completed).append(carried_action(action, repo, as_of))
    return Agenda(
        as_of=as_of,
        last_minutes=last.date if last else None,
        announced=announced,
        spent=announced is not None and is_spent(announced, as_of),
        since=last_meeting_before(repo, as_of),
        carried=carried,
        completed=completed,
    )
