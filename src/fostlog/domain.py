"""Every shared rule about the group's data, once: the checks, the queries and the CLI call these.

Each rule lives here once: who counts as representing an LA at a meeting, what an
action's status was on a date, how a benchmark ratio is computed and compared with the
percentage printed in the minutes, how a name typed by a user finds an LA or a person.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from datetime import date
from fractions import Fraction

from fostlog.models import (
    Action,
    Attendee,
    BenchmarkRow,
    DatePrecision,
    Meeting,
    Observation,
    Organisation,
    Person,
    Ratio,
    Status,
)
from fostlog.repository import Repository

# --- attendance --------------------------------------------------------------------------


def attendee_authorities(
    attendee: Attendee,
    organisations: dict[str, Organisation],
    people: dict[str, Person] | None = None,
) -> set[str]:
    """The LAs an attendee's presence counts for: their LA, or those their organisation acts
    for (AfC attending counts as Windsor and Maidenhead being represented)."""
    found: set[str] = set()
    authority, organisation = attendee.authority, attendee.organisation
    if authority is None and organisation is None and people and attendee.person in people:
        # The minutes did not say where this attendee came from; the registry may.
        person = people[attendee.person]
        authority, organisation = person.authority, person.organisation
    if authority:
        found.add(authority)
    if organisation and organisation in organisations:
        found.update(organisations[organisation].acts_for)
    return found


def present_authorities(meeting: Meeting, repo: Repository) -> dict[str, list[Attendee]]:
    """LA id -> the attendees (chair included) who represented it at the meeting."""
    present: dict[str, list[Attendee]] = {}
    people = [meeting.chair] if meeting.chair else []
    people += meeting.attendees or []
    for attendee in people:
        for authority in attendee_authorities(attendee, repo.organisations, repo.people):
            present.setdefault(authority, []).append(attendee)
    return present


def attendee_name(attendee: Attendee, repo: Repository) -> str:
    """The person's name as the registry spells it, else the entry as the minutes print it."""
    if attendee.person:
        return repo.person_name(attendee.person)
    return attendee.as_written or "(name not recorded)"


def apology_authorities(meeting: Meeting, repo: Repository) -> set[str]:
    found: set[str] = set()
    for apology in meeting.apologies or []:
        found |= attendee_authorities(apology, repo.organisations, repo.people)
    return found


# --- actions -----------------------------------------------------------------------------


def raised_by(action: Action, when: date) -> bool:
    """Whether the action had been raised by `when` (at the precision the log gives)."""
    if action.raised_precision is DatePrecision.month:
        return (action.raised.year, action.raised.month) <= (when.year, when.month)
    return action.raised <= when


def observation_as_of(action: Action, when: date | None) -> Observation | None:
    """The latest observation on or before `when` (None: the latest of all)."""
    latest = None
    for observation in action.history:
        if when is None or observation.as_of <= when:
            latest = observation
    return latest


def status_as_of(action: Action, when: date | None) -> Status:
    """An action nobody has reported on since it was raised is open."""
    observation = observation_as_of(action, when)
    return observation.status if observation else Status.open


# --- benchmarks ----------------------------------------------------------------------------


def ratio_value(row: BenchmarkRow, ratio: Ratio) -> Fraction | None:
    """The exact ratio from the counts; None when a count is unknown (never 0 for unknown)."""
    numerator = row.counts.get(ratio.numerator)
    denominator = row.counts.get(ratio.denominator)
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Fraction(numerator, denominator)


def printed_agrees(printed: int, value: Fraction) -> bool:
    """A printed whole percentage agrees if it is the exact ratio rounded either way at a
    half (the spreadsheet rounds halves up; Python's round() would round them to even)."""
    return abs(value * 100 - printed) <= Fraction(1, 2)


# --- finding things by the names people type ----------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("&", " and ").replace("-", " ").split())


def find_authority(text: str, repo: Repository) -> str | None:
    """An LA id from its id, name or any alias, ignoring case ("W Sussex" -> west-sussex)."""
    wanted = _norm(text)
    for authority in repo.authorities.values():
        names = [authority.id, authority.name, *authority.aliases]
        if any(_norm(name) == wanted for name in names):
            return authority.id
    return None


def find_organisation(text: str, repo: Repository) -> str | None:
    wanted = _norm(text)
    for organisation in repo.organisations.values():
        names = [organisation.id, organisation.name, *organisation.aliases]
        if any(_norm(name) == wanted for name in names):
            return organisation.id
    return None


def find_people(text: str, repo: Repository) -> list[str]:
    """People matching initials (exactly, e.g. RE) or a name or part of it (case-insensitive)."""
    wanted = _norm(text)
    matches = []
    for person in repo.people.values():
        if text.strip().upper() in (i.upper() for i in person.initials):
            matches.append(person.id)
            continue
        names = [person.id, person.name, *person.aliases]
        if any(wanted == _norm(name) or wanted in _norm(name).split() for name in names):
            matches.append(person.id)
    return matches


def suggest(text: str, choices: Iterable[str]) -> str | None:
    close = difflib.get_close_matches(text, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None
