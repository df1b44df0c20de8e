"""Which LAs have had nobody at recent meetings: pure functions over the meeting files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from fostlog import domain
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
    cells: dict[date, Cell]


@dataclass(frozen=True)
class GapRow:
    """An LA with nobody at the last N meetings (status "missing"), or one that may have
    had nobody but whose attendance the minutes do not record at some of them ("unknown")."""

    authority: str
    name: str
    status: str
    absent_at: list[date]
    unknown_at: list[date]
    last_attended: date | None


@dataclass(frozen=True)
class MissingReport:
    meetings: list[date]
    rows: list[GapRow]


@dataclass(frozen=True)
class HistoryRow:
    date: date
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


def attendance_matrix(repo: Repository, as_of: date | None = None) -> tuple[list[date],
                                                                             list[MatrixRow]]:
    """LA x meeting, for every meeting up to `as_of` (default: all)."""
    meetings = [m for m in repo.meetings if as_of is None or m.date <= as_of]
    by_meeting = {m.date: presence_at(m, repo) for m in meetings}
    rows = [
        MatrixRow(a.id, a.name, {when: cells[a.id] for when, cells in by_meeting.items()})
        for a in sorted(repo.authorities.values(), key=lambda a: a.name)
    ]
    return [m.date for m in meetings], rows


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
