"""Which LAs have had nobody at recent meetings: pure functions over the meetings.

Meetings known only from a log (meetings-without-minutes.yaml) are meetings too: nobody
can say who came, so every LA's attendance there is unknown, never "not represented".
Meetings are keyed by `MeetingWhen`, ISO text at the precision known ('2023-07').
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fostlog import domain
from fostlog.core.models import Meeting
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import Presence
from fostlog.domain.meetings import MeetingWhen, Occasion, occasions_by


@dataclass(frozen=True)
class Cell:
    presence: Presence
    who: list[str]  # names of those present (or who sent apologies)
    inferred: str | None = None  # how the fact was worked out; None: the minutes state it


@dataclass(frozen=True)
class MatrixRow:
    authority: str
    name: str
    cells: dict[MeetingWhen, Cell]


@dataclass(frozen=True)
class GapRow:
    """An LA with nobody at the last N meetings: "missing" when the minutes record each
    absence, "missing (inferred)" when at least one absence was worked out (from a full
    attendee list, or a not-represented list the minutes do not print), or "unknown" when
    the minutes do not record its attendance at one of them."""

    authority: str
    name: str
    status: str
    absent_at: list[MeetingWhen]
    inferred_at: list[MeetingWhen]  # the absences among absent_at that were inferred
    unknown_at: list[MeetingWhen]
    last_attended: MeetingWhen | None


MISSING = "missing"
MISSING_INFERRED = "missing (inferred)"
UNKNOWN = "unknown"
STATUS_ORDER = (MISSING, MISSING_INFERRED, UNKNOWN)  # the ones to contact first


@dataclass(frozen=True)
class MissingReport:
    meetings: list[MeetingWhen]
    rows: list[GapRow]
    # The meetings among `meetings` known only from an action log: nobody can say who came.
    without_minutes: list[MeetingWhen] = field(default_factory=list)


def _dates(days: list[MeetingWhen]) -> str:
    text = [str(d) for d in days]
    return text[0] if len(text) == 1 else ", ".join(text[:-1]) + " and " + text[-1]


def _names(rows: list[GapRow]) -> str:
    names = [r.name for r in rows]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def first_minutes(repo: Repository) -> date | None:
    """The day of the earliest meeting whose minutes are on file: since when an LA's
    attendance can be known."""
    return min((m.date for m in repo.meetings), default=None)


def missing_answer(report: MissingReport) -> str:
    """The answer of a MissingReport in one sentence: which LAs had nobody at each of
    the meetings, and how many cannot be said to have or not, and why."""
    held = len(report.meetings)
    each = {1: "the meeting", 2: "both meetings"}.get(held, f"all {held} meetings")
    any_of = {1: "the meeting", 2: "either meeting"}.get(held, f"any of the {held}")
    missing = [r for r in report.rows if r.status != UNKNOWN]
    unknown = [r for r in report.rows if r.status == UNKNOWN]
    if not missing:
        said = f"No LA is known to have had nobody at {each}"
    else:
        inferred = sum(r.status == MISSING_INFERRED for r in missing)
        said = (f"{len(missing)} LA{'s' * (len(missing) > 1)} had nobody at {each}: "
                f"{_names(missing)}"
                + (f" ({inferred} of them worked out, not stated in the minutes)"
                   if inferred else ""))
    if unknown:
        days = sorted({d for r in unknown for d in r.unknown_at})
        no_minutes = [d for d in days if d in report.without_minutes]
        unrecorded = [d for d in days if d not in report.without_minutes]
        why = []
        if no_minutes:
            why.append(f"the minutes of {_dates(no_minutes)} are not on file (the meeting "
                       "is known only from an action log)" if len(no_minutes) == 1 else
                       f"the minutes of {_dates(no_minutes)} are not on file (the meetings "
                       "are known only from an action log)")
        if unrecorded:
            why.append(f"the minutes of {_dates(unrecorded)} do not record whether they came")
        count = len(unknown)
        said += (f"; {count} {'is' if count == 1 else 'are'} unknown: nobody from "
                 f"{'it' if count == 1 else 'them'} is recorded at {any_of}, but "
                 f"{' and '.join(why)}")
    return said + "."


@dataclass(frozen=True)
class HistoryRow:
    date: MeetingWhen
    presence: Presence
    who: list[str]
    inferred: str | None


def presence_at(meeting: Meeting, repo: Repository) -> dict[str, Cell]:
    """Each LA's attendance at one meeting (domain.meeting_attendance), with names."""
    return {
        authority: Cell(fact.presence, [domain.attendee_name(a, repo) for a in fact.who],
                        fact.inferred)
        for authority, fact in domain.meeting_attendance(meeting, repo).items()
    }


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


def _gap_status(cells: list[Cell]) -> str:
    if any(cell.presence is Presence.unknown for cell in cells):
        return UNKNOWN
    return MISSING_INFERRED if any(cell.inferred for cell in cells) else MISSING


def missing_authorities(repo: Repository, last: int, as_of: date | None = None,
                        authority: str | None = None) -> MissingReport:
    """LAs not represented at each of the last `last` meetings held by `as_of` (default:
    all), meetings without minutes included; only `authority` when given. An LA whose
    attendance is unknown at one of them is not called missing: it is listed apart, and
    so is one whose absence was inferred rather than recorded."""
    # Only the window's meetings are worked out whole; the last attendance of an LA found
    # missing is looked for backwards from there, meeting by meeting, and the search stops
    # as soon as every such LA has one (on a long record, most meetings are never read).
    held = occasions_by(repo, as_of)
    in_window = held[-last:] if last > 0 else []
    window = [o.when for o in in_window]
    cells_at = {o.when: _cells_of(o, repo) for o in in_window}
    gaps: dict[str, tuple[str, list[Cell]]] = {}
    for a in sorted(repo.authorities.values(), key=lambda a: a.name):
        if authority is not None and a.id != authority:
            continue
        cells = [cells_at[d][a.id] for d in window]
        if window and not any(cell.presence is Presence.present for cell in cells):
            gaps[a.id] = (a.name, cells)
    last_attended: dict[str, MeetingWhen] = {}
    for occasion in reversed(held[: len(held) - len(in_window)]):
        if len(last_attended) == len(gaps):
            break
        if occasion.meeting is None:
            continue  # a meeting known without minutes: nobody is known to have come
        present = domain.present_authorities(occasion.meeting, repo)
        for found_id in gaps.keys() - last_attended.keys():
            if found_id in present:
                last_attended[found_id] = occasion.when
    found = [
        GapRow(
            authority=found_id,
            name=name,
            status=_gap_status(cells),
            absent_at=[d for d, cell in zip(window, cells, strict=True) if cell.presence.absent],
            inferred_at=[d for d, cell in zip(window, cells, strict=True)
                         if cell.presence.absent and cell.inferred],
            unknown_at=[d for d, cell in zip(window, cells, strict=True)
                        if cell.presence is Presence.unknown],
            last_attended=last_attended.get(found_id),
        )
        for found_id, (name, cells) in gaps.items()
    ]
    found.sort(key=lambda r: (STATUS_ORDER.index(r.status), r.name))
    return MissingReport(list(window), found,
                         [o.when for o in in_window if o.meeting is None])


def authority_history(repo: Repository, authority: str,
                      as_of: date | None = None) -> list[HistoryRow]:
    """One LA's attendance at every meeting held by `as_of` (default: all)."""
    dates, rows = attendance_matrix(repo, as_of)
    row = next(r for r in rows if r.authority == authority)
    return [HistoryRow(d, row.cells[d].presence, row.cells[d].who, row.cells[d].inferred)
            for d in dates]
