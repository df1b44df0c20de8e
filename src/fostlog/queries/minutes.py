"""One meeting's minutes as records ready to lay out: pure function Repository -> record.

Names are resolved here (a person's name from people.yaml, an LA's from
authorities.yaml) so that the renderers only lay text out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fostlog import domain
from fostlog.core.models import AttendanceKnown, Attendee, Meeting
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import Presence
from fostlog.queries.action_log import ActionLog, action_log
from fostlog.queries.actions import responsible_text
from fostlog.queries.attendance import presence_at


@dataclass(frozen=True)
class AttendeeGroup:
    """The attendees who came for one LA (or, for those who represent none, one
    organisation)."""

    heading: str
    is_authority: bool
    names: list[str]


@dataclass(frozen=True)
class ActionRef:
    id: str
    text: str
    responsible: str


@dataclass(frozen=True)
class MinutesItem:
    title: str
    notes: str | None


@dataclass(frozen=True)
class Minutes:
    date: date
    title: str | None
    time: str | None
    venue: str | None
    source: str | None
    chair: str | None
    attendance: AttendanceKnown
    groups: list[AttendeeGroup] | None  # None: the minutes give no attendee list
    not_represented: list[str] | None  # None: not known
    not_represented_worked_out: bool  # True: not in the minutes, worked out from the list
    apologies: list[str] | None  # None: not recorded
    items: list[MinutesItem]
    actions_raised: list[ActionRef]
    actions_mentioned: list[ActionRef]
    note: str | None
    action_log: ActionLog


def _described(
    attendee: Attendee, repo: Repository, *, with_authority: bool, with_organisation: bool = True
) -> str:
    """'Name (role, organisation, LA)' with whatever the minutes give."""
    extra = []
    if attendee.role:
        extra.append(attendee.role)
    if with_organisation and attendee.organisation:
        extra.append(repo.organisation_name(attendee.organisation))
    if with_authority and attendee.authority:
        extra.append(repo.authority_name(attendee.authority))
    name = domain.attendee_name(attendee, repo)
    return f"{name} ({', '.join(extra)})" if extra else name


def attendee_groups(meeting: Meeting, repo: Repository) -> list[AttendeeGroup] | None:
    """Attendees under the LA their presence counts for (domain.attendee_authorities), LAs
    in alphabetical order; then those who represent no LA, under their organisation."""
    if meeting.attendees is None:
        return None
    by_authority: dict[str, list[str]] = {}
    others: dict[str, list[str]] = {}
    for attendee in meeting.attendees:
        authorities = domain.attendee_authorities(attendee, repo.organisations, repo.people)
        text = _described(attendee, repo, with_authority=False)
        for authority in sorted(authorities):
            by_authority.setdefault(authority, []).append(text)
        if not authorities:
            person = repo.people.get(attendee.person) if attendee.person else None
            organisation = attendee.organisation or (person.organisation if person else None)
            heading = repo.organisation_name(organisation) if organisation else "Others"
            others.setdefault(heading, []).append(
                _described(attendee, repo, with_authority=False, with_organisation=False)
            )
    groups = [
        AttendeeGroup(repo.authority_name(a), True, names)
        for a, names in sorted(by_authority.items(), key=lambda i: repo.authority_name(i[0]))
    ]
    groups += [AttendeeGroup(heading, False, names) for heading, names in sorted(others.items())]
    return groups


def not_represented(meeting: Meeting, repo: Repository) -> tuple[list[str] | None, bool]:
    """The LAs the minutes record as not represented, and whether the list was worked out
    (the transcriber's, marked not_represented_inferred; or, where the minutes do not say
    but the attendee list is complete, those the attendance rule finds not represented)."""
    if meeting.not_represented is not None:
        names = sorted(repo.authority_name(a) for a in meeting.not_represented)
        return names, meeting.not_represented_inferred is not None
    if meeting.attendance is AttendanceKnown.full and meeting.attendees is not None:
        cells = presence_at(meeting, repo)
        absent = [a for a, cell in cells.items() if cell.presence is Presence.not_represented]
        return sorted(repo.authority_name(a) for a in absent), True
    return None, False


def _action_ref(repo: Repository, action_id: str) -> ActionRef:
    action = repo.action(action_id)
    if action is None:
        return ActionRef(action_id, "(not in the action register)", "")
    return ActionRef(action_id, action.text, responsible_text(action, repo))


def minutes(repo: Repository, meeting: Meeting, every_action: bool = False) -> Minutes:
    absent, worked_out = not_represented(meeting, repo)
    apologies = None
    if meeting.apologies is not None:
        apologies = [_described(a, repo, with_authority=True) for a in meeting.apologies]
    chair = _described(meeting.chair, repo, with_authority=True) if meeting.chair else None
    return Minutes(
        date=meeting.date,
        title=meeting.title,
        time=meeting.time,
        venue=meeting.venue,
        source=meeting.source,
        chair=chair,
        attendance=meeting.attendance,
        groups=attendee_groups(meeting, repo),
        not_represented=absent,
        not_represented_worked_out=worked_out,
        apologies=apologies,
        items=[MinutesItem(i.title, i.notes) for i in meeting.items],
        actions_raised=[_action_ref(repo, i) for i in meeting.actions_raised],
        actions_mentioned=[_action_ref(repo, i) for i in meeting.actions_mentioned],
        note=meeting.note,
        action_log=action_log(repo, meeting.date, every_action),
    )
