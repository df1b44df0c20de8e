"""Which meetings the group held: those with minutes on file and those known only from a
log or a mention (meetings-without-minutes.yaml). Every question that counts meetings
("the last two meetings", "completed since the last meeting") counts them all, here.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date

from fostlog.core.dates import DayOrMonth
from fostlog.core.models import Action, DatePrecision, Meeting, MeetingWithoutMinutes
from fostlog.core.repository import HELD_INDEX, Repository
from fostlog.domain import observed_by

# When a meeting was held: its day, or the month a log gives (dates.py).
MeetingWhen = DayOrMonth


@dataclass(frozen=True)
class Occasion:
    """One meeting the group held: its minutes (`meeting`), or only what a log or a
    mention says of it (`without_minutes`)."""

    when: MeetingWhen
    without_minutes: MeetingWithoutMinutes | None = None
    meeting: Meeting | None = field(default=None, compare=False, repr=False)

    @property
    def has_minutes(self) -> bool:
        return self.meeting is not None


@dataclass(frozen=True)
class _Held:
    """The meetings held, indexed once per repository: `occasions` builds 10,000 objects
    on a long record, and an action's meeting was looked for by a walk over all of them."""

    in_order: list[Occasion]
    first_days: list[date]  # in_order's first days: never decreasing, as text order is date order
    by_when: dict[str, Occasion]  # the first meeting at each MeetingWhen
    by_month: dict[str, list[Occasion]]  # YYYY-MM -> the meetings in it, month-only ones too


def _held(repo: Repository) -> _Held:
    """The index of the meetings held, built at the first question, and again after a
    meeting is added (Repository.add drops it)."""
    held: _Held | None = repo.__dict__.get(HELD_INDEX)
    if held is not None:
        return held
    found = [Occasion(MeetingWhen.of(m.date), meeting=m) for m in repo.meetings]
    found += [Occasion(MeetingWhen.of(m.day, m.month), without_minutes=m)
              for m in repo.meetings_without_minutes]
    found.sort(key=lambda o: o.when)
    by_when: dict[str, Occasion] = {}
    by_month: dict[str, list[Occasion]] = {}
    for occasion in found:
        by_when.setdefault(occasion.when, occasion)
        by_month.setdefault(occasion.when[:7], []).append(occasion)
    held = _Held(found, [o.when.first_day for o in found], by_when, by_month)
    repo.__dict__[HELD_INDEX] = held
    return held


def occasions(repo: Repository) -> list[Occasion]:
    """Every meeting the group is known to have held, in date order."""
    return list(_held(repo).in_order)


def occasions_by(repo: Repository, when: date | None) -> list[Occasion]:
    """The meetings that may have been held by `when` (None: all of them). A meeting
    known only by its month counts from the first of that month: its attendance is
    unknown, so counting it can only make an answer less certain, never wrongly sure."""
    if when is None:
        return occasions(repo)
    held = _held(repo)
    return held.in_order[:bisect_right(held.first_days, when)]  # those with first_day <= when


def last_meeting_before(repo: Repository, when: date) -> date | None:
    """The last day of the latest meeting surely held before `when`."""
    earlier = [o.when.last_day for o in _held(repo).in_order if o.when.surely_before(when)]
    return max(earlier) if earlier else None


def meeting_of_action(action: Action, repo: Repository) -> Occasion | None:
    """The meeting that raised an action: the one the register names, or, for an action
    the log dates only to a month, the one meeting held in that month (None when there
    is none or more than one)."""
    held = _held(repo)
    if action.meeting is not None:
        return held.by_when.get(MeetingWhen.of(action.meeting))
    if action.raised_precision is not DatePrecision.month:
        return held.by_when.get(MeetingWhen.of(action.raised))
    return _only_one(held.by_month.get(action.raised.isoformat()[:7], []))


def occasion_named(repo: Repository, typed: str) -> Occasion | None:
    """The meeting a date names as typed: YYYY-MM-DD, the meeting on that day (with a
    file, or known only from the log); YYYY-MM, the one held that month, known by its
    month alone or the only one in it. None when there is none (or more than one)."""
    held = _held(repo)
    found = held.by_when.get(typed)
    if found is None and len(typed) == 7:
        return _only_one(held.by_month.get(typed, []))
    return found


def _only_one(in_month: list[Occasion]) -> Occasion | None:
    return in_month[0] if len(in_month) == 1 else None


def meetings_near(repo: Repository, day: date, within_days: int = 62, count: int = 2
                  ) -> list[MeetingWhen]:
    """The `count` meetings held nearest `day`, within `within_days` of it, in date order:
    what a mistyped meeting date probably meant."""
    def distance(occasion: Occasion) -> int:
        return abs((occasion.when.first_day - day).days)

    nearest = sorted(_held(repo).in_order, key=distance)[:count]
    return sorted(o.when for o in nearest if distance(o) <= within_days)


def next_meeting_after(repo: Repository, when: date) -> Occasion | None:
    """The first meeting surely held after `when` (a month-only meeting counts when its
    month is later than the month of `when`)."""
    held = _held(repo)
    after = bisect_right(held.first_days, when)  # the first with first_day > when
    return held.in_order[after] if after < len(held.in_order) else None


def due_date(action: Action, repo: Repository, as_of: date | None = None) -> date | None:
    """The day an action is due by: the date the minutes give (a month's last day for a
    month), or for an action due "at the next meeting", the last day of the first meeting
    held after it was raised, once that meeting is known - as of `as_of`, once it had
    been held by then (later data does not tell a view of that day). None when no due
    date is known."""
    due = action.due
    if due is None:
        return None
    if due.date is not None:
        return due.date
    if due.next_meeting:
        raised = DayOrMonth.at(action.raised, action.raised_precision).last_day
        following = next_meeting_after(repo, raised)
        if following is None or (as_of is not None and following.when.last_day > as_of):
            return None
        return following.when.last_day
    return None


def surely_raised_by(action: Action, when: date, repo: Repository) -> bool:
    """Whether the action had surely been raised by `when`. An action the log dates only
    to a month was raised by a day in that month once the meeting that raised it had been
    held, or once a report of it is dated on or before that day; otherwise not yet known
    (a view as of that day does not list it)."""
    if action.raised_precision is not DatePrecision.month:
        return action.raised <= when
    month = DayOrMonth.at(action.raised, DatePrecision.month)
    if month.last_day <= when:
        return True
    if month.first_day > when:
        return False
    if any(observed_by(observation, when) for observation in action.history):
        return True  # asked first: the action's own reports need no meeting read
    raised_at = meeting_of_action(action, repo)
    return (raised_at is not None and raised_at.when.day_known
            and raised_at.when.first_day <= when)
