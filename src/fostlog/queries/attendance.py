"""Which LAs have had nobody at recent meetings: pure functions over the meetings.

Meetings known only from a log (meetings-without-minutes.yaml) are meetings too: nobody
can say who came, so every LA's attendance there is unknown, never "not represented".
Meetings are keyed by `MeetingWhen`, ISO text at the precision known ('2023-07').
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from fostlog import domain
from fostlog.meetings import MeetingWhen, Occasion, occasions_by
from fostlog.models import AttendanceKnown, Meeting
from fostlog.repository import Repository


class Presence(StrEnum):
    present = "present"
    apologies = "apologies"
    not_represented = "not represented"
    unknown = "unknown"  # the minutes do not tell

    @property
    def absent(self) -> bool:
        return self in (Presence.apologies, Presence.not_represented)


@dataclass(frozen=True)
class Cell:
    presence: Presence
    who: list[str]  # names of those present (or who sent apologies)


@dataclass(frozen=True)
class MatrixRow:
    authority: str
    name: str
    cells: dict[MeetingWhen, Cell]


@dataclass(frozen=True)
class GapRow:
    """An LA with nobody at the last N meetings (status "missing"), or one that may have
    had nobody but whose attendance the minutes do not record at some of them ("unknown")."""

    authority: str
    name: str
    status: str
    absent_at: list[MeetingWhen]
    unknown_at: list[MeetingWhen]
    last_attended: MeetingWhen | None


@dataclass(frozen=True)
class MissingReport:
    meetings: list[MeetingWhen]
    rows: list[GapRow]


@dataclass(frozen=True)
class HistoryRow:
    date: MeetingWhen
    presence: Presence
    who: list[str]


def presence_at(meeting: Meeting, repo: Repository) -> dict[str, Cell]:
    """Each LA's attendance at one meeting. An LA represented through an organisation that
    acts for it counts as present. At a meeting with a full attendee list an LA that is
    not in it was not represented; where the list is partial or absent, it is unknown."""
    present = domain.present_authorities(meeting, repo)
    apologies: dict[str, list[str]] = {}
    for apology in meeting.apologies or []:
        for authority in domain.attendee_authorities(apology, repo.organisations, repo.people):
            apologies.setdefault(authority, []).append(domain.attendee_name(apology, repo))
    not_represented = set(meeting.not_represented or [])
    cells = {}
    for authority in repo.authorities:
        if authority in present:
            cells[authority] = Cell(Presence.present,
                                    [domain.attendee_name(a, repo) for a in present[authority]])
        elif authority in apologies:
            cells[authority] = Cell(Presence.apologies, apologies[authority])
        elif authority in not_represented or meeting.attendance is AttendanceKnown.full:
            cells[authority] = Cell(Presence.not_represented, [])
        else:
            cells[authority] = Cell(Presence.unknown, [])
    return cells


def _cells_of(occasion: Occasion, repo: Repository) -> dict[str, Cell]:
    if occasion.meeting is not None:
        return presence_at(occasion.meeting, repo)
    return {authority: Cell(Presence.unknown, []) for authority in repo.authorities}


def attendance_matrix(
    repo: Repository, as_of: date | None = None
) -> tuple[list[MeetingWhen], list[MatrixRow]]:
    """LA x meeting, for every meeting that may have been held by `as_of` (default: all),
    minuted or not."""
    held = occasions_by(repo, as_of)
    by_meeting = {o.when: _cells_of(o, repo) for o in held}
    rows = [
        MatrixRow(a.id, a.name, {when: cells[a.id] for when, cells in by_meeting.items()})
        for a in sorted(repo.authorities.values(), key=lambda a: a.name)
    ]
    return [o.when for o in held], rows


def missing_authorities(repo: Repository, last: int, as_of: date | None = None) -> MissingReport:
    """LAs not represented at each of the last `last` meetings up to `as_of` (default: the
    latest meeting). An LA whose attendance is unknown at one of them is not called
    missing: it is listed separately."""
    dates, rows = attendance_matrix(repo, as_of)
    window = dates[-last:] if last > 0 else []
    found = []
    for row in rows:
        presences = [row.cells[d].presence for d in window]
        if not window or Presence.present in presences:
            continue
        attended = [d for d in dates if row.cells[d].presence is Presence.present]
        found.append(GapRow(
            authority=row.authority,
            name=row.name,
            status="unknown" if Presence.unknown in presences else "missing",
            absent_at=[d for d in window if row.cells[d].presence.absent],
            unknown_at=[d for d in window if row.cells[d].presence is Presence.unknown],
            last_attended=attended[-1] if attended else None,
        ))
    # Missing first (the ones to contact), then unknown; by name within each.
    found.sort(key=lambda r: (r.status != "missing", r.name))
    return MissingReport(list(window), found)


def authority_history(repo: Repository, authority: str) -> list[HistoryRow]:
    """One LA's attendance at every meeting."""
    dates, rows = attendance_matrix(repo)
    row = next(r for r in rows if r.authority == authority)
    return [HistoryRow(d, row.cells[d].presence, row.cells[d].who) for d in dates]
