"""What a draft of the minutes is: the records to add and every guess about them (a
`Check`), and the state the drafter keeps while it works: the registry as it grows, the
people and guesses found so far."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fostlog.core.models import (
    Action,
    Attendee,
    Meeting,
    MeetingWithoutMinutes,
    Observation,
    Person,
    UnresolvedInitials,
    Wording,
)
from fostlog.core.repository import Repository
from fostlog.importers.minutes.parse import Minutes
from fostlog.importers.minutes.read import Problem
from fostlog.importers.minutes.resolve import Resolver, slug

Target = tuple[str | int, ...]

# The kinds of file a draft changes (kinds.py names).
MEETING, ACTIONS, PEOPLE, AUTHORITIES = "meeting", "actions", "people", "authorities"
HELD = "meetings-without-minutes"


@dataclass(frozen=True)
class Check:
    """A guess (or, with check=False, a plain remark) about one thing in the draft.

    `target` says what it is about, inside its file: ("attendees", 3) in the meeting,
    ("action", "47", "owners"), ("observation", "47"), ("person", "sarah-daly"),
    ("unresolved", "GS"), ("authority", "portsmouth")."""

    file: str
    target: Target
    message: str
    where: str = ""  # where in the minutes the evidence is
    check: bool = True

    def text(self) -> str:
        return self.message + (f" ({self.where})" if self.where else "")


@dataclass
class Draft:
    source: str
    read_as: str = ""  # "plain text" or "a Word document", and how, when that was a guess
    date: date | None = None
    meeting: Meeting | None = None
    meeting_exists: bool = False
    new_actions: list[Action] = field(default_factory=list)
    observations: list[tuple[str, Observation]] = field(default_factory=list)
    wordings: list[tuple[str, Wording]] = field(default_factory=list)
    new_people: list[Person] = field(default_factory=list)
    # (person id, "aliases" or "initials", value) for people already in people.yaml
    person_additions: list[tuple[str, str, str]] = field(default_factory=list)
    # ("authorities" or "organisations", id, alias)
    place_aliases: list[tuple[str, str, str]] = field(default_factory=list)
    unresolved: list[UnresolvedInitials] = field(default_factory=list)
    # months the log issues actions in with no meeting on file: meetings without minutes
    inferred_meetings: list[MeetingWithoutMinutes] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what was not imported, and why
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.fatal for p in self.problems)

    @property
    def guesses(self) -> list[Check]:
        return [c for c in self.checks if c.check]


class DraftingState:
    """What the drafter knows while it works, and the two things every part of it does:
    note a guess, and add a person."""

    def __init__(self, minutes: Minutes, repo: Repository, when: date | None) -> None:
        self.minutes = minutes
        self.repo = repo
        self.given = when
        self.source = minutes.document.name
        self.draft = Draft(self.source)
        self.resolver = Resolver(repo)
        self.chair: Attendee | None = None
        self.attendees: list[Attendee] = []
        self.speakers_added = 0
        self.new_person_ids: set[str] = set()
        self.initials_used: dict[str, list[tuple[str, str]]] = {}  # person -> (token, where)

    def check(self, file: str, target: Target, message: str, where: str = "",
              check: bool = True) -> None:
        self.draft.checks.append(Check(file, target, message, where, check))

    def meeting_check(self, target: Target, message: str, where: str = "",
                      check: bool = True) -> None:
        self.check(MEETING, target, message, where, check)


    def new_person(self, name: str, authority: str | None, organisation: str | None,
                   role: str | None, as_written: str, where: str) -> str:
        ident = base = slug(name)
        number = 2
        while ident in self.resolver.people:
            ident = f"{base}-{number}"
            number += 1
        if ident != base:
            self.check(PEOPLE, ("person", ident), f"another person already has the id "
                       f"'{base}': is '{name}' someone new?", where)
        person = Person(id=ident, name=name, aliases=[], initials=[], authority=authority,
                        organisation=organisation, role=role,
                        note=f"First named in {self.source} ({as_written!r}); added by "
                        "'fostlog import minutes'.")
        self.resolver.people[ident] = person
        self.new_person_ids.add(ident)
        self.draft.new_people.append(person)
        if not (authority or organisation):
            self.check(PEOPLE, ("person", ident), f"'{name}' is new, and these minutes give "
                       "no LA or organisation for them", where)
        else:
            self.check(PEOPLE, ("person", ident), f"'{name}' is new: added with the "
                       f"{'LA' if authority else 'organisation'} the minutes give", where)
        return ident

