"""Parsed minutes + the loaded repository -> a draft of the data they add: the meeting,
new actions and dated observations of existing ones, new people, spellings and initials.

Every guess is a `Check` attached to what it is about; the writer puts it in the YAML as a
`# check:` comment and the summary lists it. Nothing is invented to make lint pass: a
person nobody can resolve stays unresolved, a status word fostlog does not know gives no
observation, an LA the minutes do not state is marked as inferred.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from fostlog import domain
from fostlog.importers.minutes import dates
from fostlog.importers.minutes.parse import (
    ActionLine,
    Entry,
    Log,
    LogRow,
    Minutes,
    entry_from,
    one_line,
    tidy_title,
)
from fostlog.importers.minutes.read import Line, Problem
from fostlog.importers.minutes.resolve import (
    ALL_WORDS,
    Resolver,
    is_initials,
    norm,
    slug,
    split_owners,
    unique,
)
from fostlog.models import (
    Action,
    AttendanceKnown,
    Attendee,
    DatePrecision,
    Due,
    Item,
    Meeting,
    NamedPerson,
    NamedRole,
    NextMeeting,
    Observation,
    Person,
    UnresolvedInitials,
    Wording,
)
from fostlog.repository import Repository
from fostlog.vocabulary import Status, closest_status_word, parse_status

Target = tuple[str | int, ...]

# The kinds of file a draft changes (kinds.py names).
MEETING, ACTIONS, PEOPLE, AUTHORITIES = "meeting", "actions", "people", "authorities"


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
    checks: list[Check] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # what was not imported, and why
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.fatal for p in self.problems)

    @property
    def guesses(self) -> list[Check]:
        return [c for c in self.checks if c.check]

    @property
    def empty(self) -> bool:
        return not (self.meeting or self.new_actions or self.observations or self.wordings
                    or self.new_people or self.person_additions or self.place_aliases
                    or self.unresolved)


@dataclass
class _Row:
    """A log row on its way to an action: what the drafter worked out about it."""

    row: LogRow
    log: Log
    as_of: date
    issued: tuple[int, int] | None
    line: ActionLine | None = None  # the "Action:" line it matches, if any


_STOP = frozenset("""a an the to of and or in on at for with from by be is are was were this
that these those it its their they we our as into about any all if so not re please will can
up out do does have has had also then than there which who what when how per via i e eg""".split())
_SUBJECT_END = re.compile(r"\s+(?:(?:has |have )?agreed to|to|will|would)\s+")
_REPORTING = re.compile(r"\b(?:said|says|asked|noted|reported|explained|shared)\b")
_SPEAKER = re.compile(
    r"(?<![\w’'])(?P<who>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z’']+(?:-[A-Z][a-z]+)?)?"
    r"|[A-Z]{2,4})"
    r"(?:\s+(?P<prep>in|from)\s+(?P<where>[A-Z][A-Za-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)*)"
    r"|\s*\((?P<paren>[^)]{2,40})\))?"
    r"(?P<verb>\s+(?:has\s+|had\s+|also\s+)?(?:said|says|asked|asks|noted|notes|reflected|"
    r"introduced|presented|explained|agreed|suggested|provided|thinks|reported|confirmed|"
    r"described|raised|updated|shared)\b)?"
)
_PROSE_ACTION = re.compile(
    r"^(?P<who>[A-Z][a-z]+(?: [A-Z][a-z’'-]+)?|[A-Z]{2,4})"
    r"(?:\s+(?:from|in)\s+[A-Z][A-Za-z]+(?: (?:and )?[A-Z][a-z]+)*)?"
    r"\s+(?:has\s+)?(?:agreed\s+to|to)\s+[a-z]+\b")
_WHO = r"(?P<who>[A-Z][a-z]+(?: [A-Z][a-z’'-]+)?|[A-Z]{2,4})(?![\w-])"
_NAMED = (
    (NamedRole.requested_by, re.compile(rf"^\s*{_WHO}\s+asked\b")),
    (NamedRole.source, re.compile(rf"\bfrom\s+{_WHO}\s+to\s+")),
    (NamedRole.receives, re.compile(
        rf"\b(?:send|sent|circulate|circulated|comments?|materials?|documentation)\b"
        rf"[^.;]*?\bto\s+{_WHO}")),
    (NamedRole.contact, re.compile(rf"\b(?:contact|meet with|meet|speak to|liaise with)\s+"
                                   rf"{_WHO}")),
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_TIME = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)?\s*[-–]\s*\d{1,2}(?:[.:]\d{2})?"
                   r"\s*(?:am|pm|noon)?", re.IGNORECASE)
_VENUE = re.compile(r"\b(?:via|on|at|venue:?)\s+(?P<venue>(?:MS |Microsoft )?Teams|Zoom|"
                    r"[A-Z][\w ]{2,40}?)(?=\s+\d|\s*$|,)", re.IGNORECASE)
_NEXT_MEETING = re.compile(r"(?:for |at |prior to |before |by )?(?:consideration at )?"
                           r"(?:the )?next (?:regional )?meeting\b", re.IGNORECASE)
_DUE_MONTH = re.compile(
    r"\b(?:at|for|in|by|before)\s+(?:the\s+)?(?P<month>[A-Z][a-z]+)\.?"
    r"(?:\s+(?P<year>(?:19|20)\d\d))?(?P<meeting>\s+(?:regional\s+)?meeting)?", re.IGNORECASE)


def _tokens(text: str) -> set[str]:
    words = re.findall(r"[a-z0-9]+", norm(text))
    found = set()
    for word in words:
        month = dates.month_name(word)
        if month is not None and len(word) >= 3:
            found.add(f"month{month}")
            continue
        if word in _STOP or len(word) < 2:
            continue
        found.add(word[:-1] if word.endswith("s") and len(word) > 3 else word)
    return found


def similarity(one: str, other: str) -> float:
    """How much of the shorter text's content words the other has (0 to 1)."""
    a, b = _tokens(one), _tokens(other)
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _subject(text: str) -> str | None:
    """Who an action's text gives it to: the words before its first "to <verb>"."""
    text = re.sub(r"^\s*actions?\s*[:;]\s*", "", text, flags=re.IGNORECASE)
    match = _SUBJECT_END.search(text)
    if match is None or not text[match.end():match.end() + 1].islower():
        return None
    subject = text[: match.start()].strip()
    if not subject or len(subject.split()) > 16 or _REPORTING.search(subject):
        return None
    return subject


def _time_words(text: str) -> tuple[str | None, str | None]:
    """A time range as written and its (start, end) as HH:MM: "1-2.30pm" -> 13:00-14:30."""
    match = re.match(r"\s*(\d{1,2})(?:[.:](\d{2}))?\s*(am|pm)?\s*[-–]\s*(\d{1,2})"
                     r"(?:[.:](\d{2}))?\s*(am|pm|noon)?", text, re.IGNORECASE)
    if match is None:
        return None, None
    h1, m1, s1, h2, m2, s2 = match.groups()
    start, end = int(h1), int(h2)
    suffix = (s2 or "").lower()
    if suffix == "pm":
        if end < 12:
            end += 12
        if (s1 or "").lower() != "am" and start + 12 <= end:
            start += 12
    if (s1 or "").lower() == "pm" and start < 12:
        start += 12
    if not (0 <= start < 24 and 0 <= end < 24):
        return None, None
    return f"{start:02d}:{int(m1 or 0):02d}", f"{end:02d}:{int(m2 or 0):02d}"


class _Drafter:
    def __init__(self, minutes: Minutes, repo: Repository, when: date | None) -> None:
        self.minutes = minutes
        self.repo = repo
        self.given = when
        self.source = minutes.document.name
        self.draft = Draft(self.source)
        self.resolver = Resolver(repo)
        self.chair: Attendee | None = None
        self.attendees: list[Attendee] = []
        self.attendee_written: list[str] = []  # as written, to find them again
        self.speakers_added = 0
        self.new_person_ids: set[str] = set()
        self.initials_used: dict[str, list[tuple[str, str]]] = {}  # person -> (token, where)

    # --- helpers ------------------------------------------------------------------------

    def check(self, file: str, target: Target, message: str, where: str = "",
              check: bool = True) -> None:
        self.draft.checks.append(Check(file, target, message, where, check))

    def meeting_check(self, target: Target, message: str, where: str = "",
                      check: bool = True) -> None:
        self.check(MEETING, target, message, where, check)

    # --- the date -----------------------------------------------------------------------

    def meeting_date(self) -> date | None:
        labelled = self.minutes.date
        found = dates.find_day(labelled.value) if labelled else None
        where = labelled.line.where if labelled else ""
        if self.given is not None:
            if found is not None:
                read = found.with_year(found.year) if found.year else None
                if (found.month, found.day) != (self.given.month, self.given.day) or (
                        read is not None and read != self.given):
                    self.meeting_check(("date",), f"the minutes say '{found.as_written}'; "
                                       f"--date {self.given.isoformat()} is used", where)
            return self.given
        if found is None:
            self.draft.problems.append(Problem(
                where or "the file",
                "no meeting date found: there is no 'Date:' or 'Meeting details:' line with "
                "a day in it." if labelled is None else
                f"the date line ('{one_line(labelled.value)}') gives no day fostlog can read.",
                "Give the date: --date YYYY-MM-DD."))
            return None
        if found.year is not None:
            return found.with_year(found.year)
        return self._year_for(found, where)

    def _year_for(self, found: dates.DayMonth, where: str) -> date | None:
        """The year of a date line that gives none, from the rest of the minutes."""
        for log in self.minutes.logs:
            if log.title is not None:
                day = dates.find_day(log.title.text)
                if day is not None and day.year is not None:
                    near = day.with_year(day.year)
                    chosen = dates.closest_year(found, near) if near else None
                    if chosen is not None:
                        self.meeting_check(("date",), f"the date line gives no year "
                                           f"('{found.as_written}'); {chosen.year} from the "
                                           f"action log's date '{day.as_written}' "
                                           f"({log.title.where})", where)
                        return chosen
        if self.minutes.next_meeting is not None:
            day = dates.find_day(self.minutes.next_meeting.text)
            if day is not None and day.year is not None:
                upcoming = day.with_year(day.year)
                if upcoming is not None:
                    chosen = dates.closest_year(found, upcoming, not_after=upcoming)
                    if chosen is not None:
                        self.meeting_check(("date",), f"the date line gives no year "
                                           f"('{found.as_written}'); {chosen.year} because the "
                                           f"next meeting is '{day.as_written}' "
                                           f"({self.minutes.next_meeting.where})", where)
                        return chosen
        title = self.minutes.title
        years = sorted(set(dates.years_in(title.text))) if title else []
        if title is not None and len(years) == 1:
            chosen = found.with_year(years[0])
            if chosen is not None:
                self.meeting_check(("date",), f"the date line gives no year "
                                   f"('{found.as_written}'); {years[0]} from the title "
                                   f"'{one_line(title.text)}' ({title.where})", where)
                return chosen
        issued = [m for log in self.minutes.logs for row in log.rows
                  if (m := dates.find_month(row.issued)) is not None]
        if issued:
            latest = max(issued)
            chosen = dates.closest_year(found, date(latest[0], latest[1], 15))
            if chosen is not None:
                self.meeting_check(("date",), f"the date line gives no year "
                                   f"('{found.as_written}'); {chosen.year} from the latest "
                                   "'Date issued' in the action log", where)
                return chosen
        self.draft.problems.append(Problem(
            where, f"the date line gives no year ('{found.as_written}') and nothing else in "
            "the minutes settles it.", "Give the date: --date YYYY-MM-DD."))
        return None

    def log_date(self, log: Log, meeting: date) -> date:
        title = log.title
        day = dates.find_day(title.text) if title else None
        if title is None or day is None:
            self.check(ACTIONS, ("log",), "the action log gives no date it was updated: its "
                       f"observations are dated the meeting, {meeting.isoformat()}",
                       log.table.where)
            return meeting
        if day.year is not None:
            found = day.with_year(day.year)
            if found is not None:
                return found
        chosen = dates.closest_year(day, meeting) or meeting
        self.check(ACTIONS, ("log",), f"the action log is 'updated {day.as_written}' with no "
                   f"year: read as {chosen.isoformat()}, the nearest to the meeting",
                   title.where)
        return chosen

    # --- people -------------------------------------------------------------------------

    def split_name(self, entry: Entry) -> Entry:
        """"Sarah Daly DCS Portsmouth" -> the name and the words that place her."""
        words = entry.name.split()
        if entry.affiliation is not None or len(words) < 3:
            return entry
        for size in range(len(words) - 1, 1, -1):
            found, guessed = self.resolver.person_named(" ".join(words[:size]))
            if found and not guessed:
                return Entry(entry.as_written, " ".join(words[:size]),
                             " ".join(words[size:]), entry.where, entry.supporting)
        for index in range(2, len(words)):
            rest = " ".join(words[index:])
            if words[index].isupper() or self.resolver.place_word(rest) is not None or (
                    self.resolver.place_word(words[index]) is not None):
                return Entry(entry.as_written, " ".join(words[:index]), rest, entry.where,
                             entry.supporting)
        return entry

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

    def propose_alias(self, person: str, spelling: str, where: str) -> None:
        known = self.resolver.people[person]
        if norm(spelling) in {norm(n) for n in (known.name, *known.aliases)}:
            return
        if person in self.new_person_ids:
            known.aliases.append(spelling)
        elif (person, "aliases", spelling) not in self.draft.person_additions:
            self.draft.person_additions.append((person, "aliases", spelling))
        self.check(PEOPLE, ("person", person, "aliases"), f"'{spelling}' taken to be "
                   f"{known.name} (a near spelling): added as an alias", where)

    def _place_name_of(self, kind: str, ident: str) -> str:
        return (self.repo.authority_name(ident) if kind == "authority"
                else self.repo.organisation_name(ident))

    def propose_place_alias(self, kind: str, ident: str, spelling: str, where: str) -> None:
        home = "authorities" if kind == "authority" else "organisations"
        entry = (home, ident, spelling)
        if entry not in self.draft.place_aliases:
            self.draft.place_aliases.append(entry)
            self.check(AUTHORITIES, (kind, ident), f"'{spelling}' read as "
                       f"{self._place_name_of(kind, ident)}: added as an alias", where)

    def attendee(self, entry: Entry, index: int, target: str = "attendees") -> Attendee:
        entry = self.split_name(entry)
        place = self.resolver.place(entry.affiliation)
        path: Target = (target, index) if target != "chair" else ("chair",)
        for written, kind, ident in place.guessed:
            self.propose_place_alias(kind, ident, written, entry.where)
            self.meeting_check(path, f"'{written}' read as {self._place_name_of(kind, ident)}",
                               entry.where)
        for words in place.strange:
            self.meeting_check(path, f"'{words}' is not an LA or organisation fostlog knows: "
                               "kept as their role", entry.where)
        found, guessed = self.resolver.person_named(entry.name)
        person: str | None = None
        note = None
        if len(found) == 1:
            person = found[0]
            if guessed:
                self.propose_alias(person, entry.name, entry.where)
                self.meeting_check(path, f"'{entry.name}' taken to be "
                                   f"{self.resolver.people[person].name}", entry.where)
        elif len(found) > 1:
            names = " or ".join(self.resolver.people[p].name for p in found)
            self.meeting_check(path, f"'{entry.name}' could be {names}: left unresolved",
                               entry.where)
        else:
            person = self.new_person(entry.name, place.authority, place.organisation,
                                     place.role, entry.as_written, entry.where)
        authority, organisation, inferred = place.authority, place.organisation, None
        if place.placed and person is not None and person not in self.new_person_ids:
            registered = self.resolver.people[person]
            theirs = domain.place_authorities(registered.authority, registered.organisation,
                                              self.repo.organisations)
            here = domain.place_authorities(authority, organisation, self.repo.organisations)
            if theirs and here and not theirs & here:
                was = self._place_name(registered.authority, registered.organisation)
                now = self._place_name(authority, organisation)
                self.meeting_check(path, f"people.yaml places {registered.name} in {was}; "
                                   f"these minutes say {now} (a move, or a slip in the "
                                   "minutes?)", entry.where)
        if place.unknown_mark:
            note = "Affiliation unknown to the minute-taker ('(?)')."
        if not place.placed and person is not None and person not in self.new_person_ids:
            registered = self.resolver.people[person]
            if registered.authority:
                authority = registered.authority
            elif registered.organisation:
                organisation = registered.organisation
            if authority or organisation:
                inferred = domain.REGISTRY_PLACE
                self.meeting_check(path, "these minutes do not say where "
                                   f"{registered.name} is from: "
                                   f"{self._place_name(authority, organisation)}, from "
                                   "people.yaml", entry.where)
        if person is not None and not (authority or organisation):
            self.meeting_check(path, f"no LA or organisation for {entry.name} in these "
                               "minutes or people.yaml", entry.where)
        if person is not None:
            self.resolver.meeting_people.append(person)
        role = place.role
        if entry.supporting and role is None:
            role = "support"
        return Attendee(person=person, authority=authority, organisation=organisation,
                        role=role, as_written=entry.as_written, inferred=inferred, note=note)

    def _place_name(self, authority: str | None, organisation: str | None) -> str:
        if authority:
            return self.repo.authority_name(authority)
        return self.repo.organisation_name(organisation or "")

    # --- the body: speakers and where people are from -------------------------------------

    def scan_body(self) -> None:
        """People the notes place ("Helen in Southampton"), and people who speak but are
        not in the attendee list ("MV in Kent asked ..."): the first are placed, the second
        added, each with what the minutes say."""
        listed = {a.person for a in self.attendees if a.person}
        for line in self.minutes.body:
            if re.match(r"^\s*actions?\s*[:;]", line.text, re.IGNORECASE):
                continue
            for match in _SPEAKER.finditer(line.text):
                self._speaker(match, line, listed)

    def _speaker(self, match: re.Match[str], line: Line, listed: set[str]) -> None:
        who = match["who"]
        if self.resolver.place_word(who) is not None or who.upper() in {"ALL", "THE"}:
            return
        found, how = self.resolver.who(who, "")
        if len(found) != 1 and " " in who:
            found, how = self.resolver.who(who.split()[-1], "")
        if len(found) != 1:
            return
        person = found[0]
        place_text = match["where"] or match["paren"]
        place = self.resolver.place(place_text) if place_text else None
        if how == "meeting" and is_initials(who) and (match["verb"] or place):
            self.initials_used.setdefault(person, []).append((who, line.where))
        if person in listed:
            if place is not None and place.authority:
                self._placed_by_body(person, place.authority, match, line)
            return
        if not match["verb"] or person in self.new_person_ids and how != "meeting":
            return
        if how not in ("registry", "name", "first-name", "meeting"):
            return
        sentence = one_line(line.text[match.start(): match.start() + 90])
        registered = self.resolver.people[person]
        authority = place.authority if place else None
        organisation = place.organisation if place else None
        inferred = None
        if not (authority or organisation):
            authority, organisation = (registered.authority,
                                       None if registered.authority else registered.organisation)
            inferred = domain.REGISTRY_PLACE if (authority or organisation) else None
        written = one_line(match.group(0)[: len(match.group(0)) - len(match["verb"])])
        self.attendees.append(Attendee(
            person=person, authority=authority, organisation=organisation,
            as_written=written, inferred=inferred,
            note=f"Not in the printed attendee list; added because the minutes record "
            f"\"{sentence}...\" ({line.where})."))
        self.meeting_check(("attendees", len(self.attendees) - 1),
                           f"{registered.name} is not in the attendee list but speaks: added",
                           line.where)
        self.speakers_added += 1
        listed.add(person)
        self.resolver.meeting_people.append(person)

    def _placed_by_body(self, person: str, authority: str, match: re.Match[str],
                        line: Line) -> None:
        for index, attendee in enumerate(self.attendees):
            if attendee.person == person and attendee.inferred == domain.REGISTRY_PLACE and (
                    attendee.authority in (None, authority)):
                self.attendees[index] = attendee.model_copy(update={
                    "authority": authority, "organisation": None, "inferred": None})
                self.draft.checks = [c for c in self.draft.checks if not (
                    c.file == MEETING and c.target == ("attendees", index)
                    and "from people.yaml" in c.message)]
                phrase = one_line(match.group(0)).removesuffix(match["verb"] or "").strip()
                self.meeting_check(("attendees", index), f"these minutes say '{phrase}'",
                                   line.where, check=False)

    # --- who came -------------------------------------------------------------------------

    def attendance(self) -> tuple[AttendanceKnown, list[str] | None, str | None]:
        present: set[str] = set()
        unplaced = []
        stated_all = True
        everyone = ([self.chair] if self.chair else []) + self.attendees
        for attendee in everyone:
            places = domain.place_authorities(attendee.authority, attendee.organisation,
                                              self.repo.organisations)
            present |= places
            if not (attendee.authority or attendee.organisation):
                unplaced.append(attendee.as_written or "?")
            if attendee.inferred:
                stated_all = False
        listed = bool(self.minutes.entries)
        if listed and not unplaced and stated_all and not self.speakers_added:
            attendance = AttendanceKnown.full
            self.meeting_check(("attendance",), "full: every attendee's LA or organisation is "
                               "given and nobody outside the list speaks")
        elif listed or self.chair or self.minutes.not_represented:
            attendance = AttendanceKnown.partial
            why = []
            if unplaced:
                why.append(f"no LA is known for {', '.join(unplaced)}")
            if not stated_all:
                why.append("some attendees' LAs are not stated in these minutes")
            if self.speakers_added:
                why.append("the list misses at least one person who speaks")
            if not listed:
                why.append("the minutes give no attendee list")
            self.meeting_check(("attendance",), f"partial: {'; '.join(why)}", check=False)
        else:
            attendance = AttendanceKnown.none
        stated = self.minutes.not_represented
        if stated is not None:
            return attendance, self._stated_absent(stated.value, stated.line, present), None
        if listed and not unplaced:
            absent = sorted(a for a in self.repo.authorities if a not in present)
            how = ("LAs with nobody in the attendee list (worked out by fostlog import "
                   "minutes); the minutes have no 'not represented' line")
            self.meeting_check(("not_represented",), "worked out from the attendee list: "
                               "the minutes have no 'not represented' line"
                               + (" (and the list misses someone who speaks)"
                                  if self.speakers_added else ""))
            return attendance, absent, how
        if listed:
            self.meeting_check(("not_represented",), "not known: "
                               f"no LA is known for {', '.join(unplaced)}", check=False)
        return attendance, None, None

    def _stated_absent(self, value: str, line: Line, present: set[str]) -> list[str]:
        found: list[str] = []
        remark = re.findall(r"\(([^)]*)\)", value)
        cleaned = re.sub(r"\([^)]*\)", " ", value)
        for part in re.split(r"[,;]|\s+and\s+(?=[A-Z])", cleaned):
            part = part.strip(" .:-–")
            if not part or norm(part) in ("none", "n a", "na"):
                continue
            hit = self.resolver.place_word(part)
            if hit is None or hit[0] != "authority":
                self.meeting_check(("not_represented",), f"'{part}' is not an LA fostlog "
                                   "knows: left out", line.where)
                continue
            kind, ident, guessed = hit
            if guessed:
                self.propose_place_alias(kind, ident, part, line.where)
            if ident in present:
                self.meeting_check(("not_represented",), f"the minutes list "
                                   f"{self.repo.authority_name(ident)} as not represented, "
                                   "but someone from it attended: left out", line.where)
                continue
            found.append(ident)
        for words in remark:
            self.meeting_check(("not_represented",), f"the minutes add: '({one_line(words)})'",
                               line.where, check=False)
        return unique(found)

    # --- actions ---------------------------------------------------------------------------

    def owners(self, responsible: str, text: str, ident: str, where: str
               ) -> tuple[list[str], list[str], bool, list[str]]:
        """(people, LAs, whole group, unresolved) from a Responsible column and the
        action's own subject ("GS and SD to meet ...")."""
        people: list[str] = []
        authorities: list[str] = []
        unresolved: list[str] = []
        whole = False
        tokens = split_owners(responsible) if responsible else []
        spelled: list[str] = []
        subject = _subject(text)
        if subject:
            for kind, place in self._places_named(subject):
                if kind == "authority":
                    authorities.append(place)
            spelled = self.resolver.names_in(subject)
            tokens += [t for t in re.findall(r"(?<![\w-])[A-Z]{2,4}(?![\w-])", subject)
                       if is_initials(t)]
            if norm(subject) in ALL_WORDS:
                whole = True
        for token in unique(tokens):
            if norm(token) in ALL_WORDS:
                whole = True
                continue
            named = self.resolver.place_word(token)
            if named is not None and named[0] == "authority" and not named[2]:
                authorities.append(named[1])
                continue
            if is_initials(token) or token.isupper():
                found, how = self.resolver.initials(token, text)
                if len(found) == 1:
                    people.append(found[0])
                    if how == "meeting":
                        self.initials_used.setdefault(found[0], []).append((token, where))
                elif found:
                    names = " or ".join(self.resolver.people[p].name for p in found)
                    unresolved.append(token)
                    self.check(ACTIONS, ("action", ident, "unresolved_owners"),
                               f"{token} could be {names}: left unresolved", where)
                else:
                    unresolved.append(token)
                    self.check(ACTIONS, ("action", ident, "unresolved_owners"),
                               f"nobody with the initials {token} is named in these minutes "
                               "or people.yaml", where)
                    self._unresolved(token, ident, where)
                continue
            found, how = self.resolver.who(token, text)
            if len(found) == 1:
                people.append(found[0])
                if how == "near":
                    self.check(ACTIONS, ("action", ident, "owners"), f"'{token}' taken to be "
                               f"{self.resolver.people[found[0]].name}", where)
            elif token[:1].isupper():
                unresolved.append(token)
                self.check(ACTIONS, ("action", ident, "unresolved_owners"),
                           f"'{token}' is not a person or LA fostlog knows", where)
        return unique(people + spelled), unique(authorities), whole, unique(unresolved)

    def named(self, text: str, unresolved: list[str], ident: str,
              where: str) -> list[NamedPerson]:
        """People an action names beyond its owners: who asked for it ("SD asked the
        group"), where what is shared comes from ("from Martin Tuck"), who receives it
        ("please send to Rebecca"), whom to contact or meet ("meet with MH")."""
        found: list[NamedPerson] = []
        seen: set[str] = set()
        for role, pattern in _NAMED:
            for match in pattern.finditer(text):
                who = match["who"]
                if who in seen or who in unresolved or self.resolver.place_word(who) or (
                        norm(who) in ALL_WORDS):
                    continue
                people, how = self.resolver.who(who, text)
                if not people and len(who.split()) == 2 and not is_initials(who):
                    # A full name nobody knows yet: someone new, with no affiliation.
                    people = [self.new_person(who, None, None, None, who, where)]
                if len(people) != 1 and not is_initials(who):
                    continue  # a capitalised word that is nobody ("Terms", "Cathy"?)
                seen.add(who)
                person = people[0] if len(people) == 1 else None
                note = None if person else ("Initials nobody could resolve" if not people
                                            else "Could be " + " or ".join(
                                                self.resolver.people[p].name for p in people))
                found.append(NamedPerson(role=role, as_written=who, person=person, note=note))
                self.check(ACTIONS, ("action", ident, "named"), f"'{who}' named as "
                           f"{role.value.replace('_', ' ')}"
                           + (f" ({self.resolver.people[person].name})" if person else
                              ", nobody fostlog knows"), where)
                if person is None and not people:
                    self._unresolved(who, ident, where)
        return found

    def _places_named(self, text: str) -> list[tuple[str, str]]:
        words = re.findall(r"[A-Za-z][A-Za-z'-]*", text)
        used = [False] * len(words)
        found: list[tuple[int, str, str]] = []
        for size in range(min(5, len(words)), 0, -1):
            for start in range(len(words) - size + 1):
                if any(used[start:start + size]):
                    continue
                phrase = " ".join(words[start:start + size])
                if size == 1 and (phrase.isupper() or not phrase[:1].isupper()):
                    continue
                authority = domain.find_authority(phrase, self.repo)
                if authority:
                    found.append((start, "authority", authority))
                    used[start:start + size] = [True] * size
        return [(kind, ident) for _, kind, ident in sorted(found)]

    def _unresolved(self, token: str, ident: str, where: str) -> None:
        known = {u.initials.upper() for u in self.repo.unresolved_initials}
        known |= {u.initials.upper() for u in self.draft.unresolved}
        if token.upper() in known:
            return
        self.draft.unresolved.append(UnresolvedInitials(
            initials=token, seen_in=f"action {ident} ({self.source})",
            note="Nobody with these initials is named in these minutes or people.yaml "
            "(added by 'fostlog import minutes')."))
        self.check(PEOPLE, ("unresolved", token), f"{token} (action {ident}) matches nobody: "
                   "listed as unresolved initials", where)

    def status(self, text: str, ident: str, where: str
               ) -> tuple[Status | None, bool, str | None]:
        """(status, ambiguous, note) for a Status cell as written."""
        cleaned = one_line(text).strip(" .;:,-")
        if not cleaned:
            self.check(ACTIONS, ("action", ident), "the Status column is empty: no "
                       "observation recorded", where)
            return None, False, None
        found = parse_status(cleaned)
        if found is not None:
            return found, False, None
        parts = [p for p in re.split(r"\s*(?:/|\bor\b|&|,|;|\band\b)\s*", cleaned) if p]
        statuses = unique(s.value for p in parts if (s := parse_status(p)) is not None)
        if len(statuses) >= 2:
            # Of two readings, the one that keeps the action open: it stays on the open
            # list, in front of the group, until someone says it is done.
            chosen = next((Status(s) for s in statuses if Status(s).is_open), Status(statuses[0]))
            note = (f"'{cleaned}' names two statuses; read as {chosen.value} so that it stays "
                    "on the open list until the group confirms it")
            self.check(ACTIONS, ("observation", ident), note, where)
            return chosen, True, note[0].upper() + note[1:] + "."
        first = parse_status(" ".join(cleaned.split()[:3])) or (
            parse_status(cleaned.split()[0]) if cleaned.split() else None)
        if first is not None or statuses:
            chosen = first or Status(statuses[0])
            self.check(ACTIONS, ("observation", ident), f"status '{cleaned}' read as "
                       f"{chosen.value} from its first words", where)
            return chosen, False, None
        close = closest_status_word(cleaned)
        if close is not None:
            self.check(ACTIONS, ("observation", ident), f"status '{cleaned}' is not a status "
                       f"word: read as '{close}'", where)
            return parse_status(close), False, None
        self.check(ACTIONS, ("action", ident), f"status '{cleaned}' is not a status word "
                   "fostlog knows: no observation recorded (add one with 'fostlog actions "
                   "update')", where)
        return None, False, None

    def due(self, text: str, raised: date, ident: str, where: str) -> Due | None:
        next_meeting = _NEXT_MEETING.search(text)
        if next_meeting is not None:
            self.check(ACTIONS, ("action", ident, "due"), f"due at the next meeting, from "
                       f"'{next_meeting.group(0).strip()}'", where)
            return Due(next_meeting=True, as_written=next_meeting.group(0).strip())
        for match in _DUE_MONTH.finditer(text):
            month = dates.month_name(match["month"])
            if month is None or not (match["year"] or match["meeting"]):
                continue
            year = int(match["year"]) if match["year"] else (
                raised.year if month > raised.month else raised.year + 1)
            when = dates.last_day(year, month)
            if when < raised:
                continue
            as_written = match.group(0).strip()
            self.check(ACTIONS, ("action", ident, "due"), f"due {when:%B %Y}, from "
                       f"'{as_written}'", where)
            return Due(date=when, precision=DatePrecision.month, as_written=as_written)
        return None

    # --- the action log and the "Action:" lines -------------------------------------------

    def action_lines(self) -> list[ActionLine]:
        """The "Action:" lines and, in document order among them, the sentences of the
        notes that read as actions ("Rebecca to send materials to Lynne.") and say
        something no "Action:" line says."""
        explicit = list(self.minutes.action_lines)
        found: list[ActionLine] = []
        for line in self.minutes.body:
            same = [a for a in explicit if a.line == line]
            if same:
                found += same
                continue
            for sentence in _SENTENCE.split(line.text.strip()):
                match = _PROSE_ACTION.match(sentence.strip(" ·•-*"))
                if match is None or self.resolver.place_word(match["who"]) is not None:
                    continue
                people, _ = self.resolver.who(match["who"])
                if len(people) != 1:
                    continue
                text = sentence.strip(" ·•-*")
                if any(similarity(text, a.text) >= 0.5 for a in explicit):
                    continue  # an "Action:" line says it
                item = next((i for i, it in enumerate(self.minutes.items)
                             if line in it.body), None)
                found.append(ActionLine(text, line, item, prose=True,
                                        responsible=match["who"]))
        return found

    def match_lines(self, rows: list[_Row], when: date) -> tuple[list[ActionLine],
                                                                list[tuple[ActionLine, str]]]:
        """Pair each "Action:" line with the log row it became (issued this meeting's
        month); return the lines left, and the lines that restate an earlier row."""
        this_month = (when.year, when.month)
        pairs: list[tuple[float, int, int]] = []
        lines = self.action_lines()
        for li, line in enumerate(lines):
            for ri, row in enumerate(rows):
                if row.issued != this_month:
                    continue
                score = self._line_score(line, row.row)
                if score >= 0.5:
                    pairs.append((score, li, ri))
        taken_lines: set[int] = set()
        taken_rows: set[int] = set()
        for _score, li, ri in sorted(pairs, key=lambda p: (-p[0], p[1], p[2])):
            if li in taken_lines or ri in taken_rows:
                continue
            taken_lines.add(li)
            taken_rows.add(ri)
            rows[ri].line = lines[li]
        left: list[ActionLine] = []
        mentions: list[tuple[ActionLine, str]] = []
        for li, line in enumerate(lines):
            if li in taken_lines:
                continue
            earlier = [(self._line_score(line, row.row), row.row.number) for row in rows
                       if row.issued != this_month and row.issued is not None
                       and row.issued < this_month]
            best = max(earlier, default=(0.0, ""))
            if best[0] >= 0.6 and not line.prose:
                mentions.append((line, best[1]))
            else:
                left.append(line)
        return left, mentions

    def _line_score(self, line: ActionLine, row: LogRow) -> float:
        if norm(line.text) == norm(row.text):
            return 2.0
        subject = _subject(line.text)
        if subject:
            theirs = {t.upper() for t in split_owners(row.responsible)}
            theirs |= {t.upper() for t in split_owners(_subject(row.text) or "")}
            mine = {t.upper() for t in split_owners(subject) if is_initials(t)}
            if mine and theirs and not mine & theirs and "ALL" not in theirs:
                return 0.0
        leading = re.match(r"\s*([A-Z]{2,4})\b", line.text)
        if leading and is_initials(leading.group(1)) and not subject:
            theirs = {t.upper() for t in split_owners(row.responsible)}
            if theirs and leading.group(1) not in theirs and "ALL" not in theirs:
                return 0.0
        return similarity(line.text, row.text)

    def log_rows(self, when: date) -> list[_Row]:
        rows: list[_Row] = []
        for log in self.minutes.logs:
            if log.assumed_columns:
                self.check(ACTIONS, ("log",), "the action log has no header row: its "
                           "columns are read as number, action, responsible, date issued, "
                           "status", log.table.where)
            as_of = self.log_date(log, when)
            seen: set[str] = set()
            for row in log.rows:
                if row.number in seen:
                    self.draft.skipped.append(f"{row.where}: action {row.number} is in the "
                                              "log twice; only the first row is imported")
                    continue
                seen.add(row.number)
                rows.append(_Row(row, log, as_of, dates.find_month(row.issued)))
        return rows

    def action_from_row(self, item: _Row, when: date) -> None:
        row = item.row
        ident = row.number
        existing = self.repo.action(ident)
        status, ambiguous, note = self.status(row.status, ident, row.where)
        for column in row.runs_on:
            self.check(ACTIONS, ("action", ident), f"the {column} runs over more than one "
                       "line in the document: joined into one", row.where)
        if existing is not None:
            self._existing(existing, item, status, ambiguous, note)
            return
        issued = item.issued
        matched = item.line is not None
        if issued is None:
            raised, precision = when, DatePrecision.day
            self.check(ACTIONS, ("action", ident, "raised"), f"'Date issued' "
                       f"('{row.issued}') is not a month fostlog can read: raised is set to "
                       "the meeting's date", row.where)
        elif matched and item.as_of >= when:
            raised, precision = when, DatePrecision.day
        else:
            raised, precision = date(issued[0], issued[1], 1), DatePrecision.month
        if issued == (when.year, when.month) and not matched:
            self.check(ACTIONS, ("action", ident, "meeting"), f"issued {row.issued}, the month "
                       "of this meeting, but no 'Action:' line in the minutes matches it: its "
                       "meeting is not set", row.where, check=False)
        people, authorities, whole, unresolved = self.owners(row.responsible, row.text,
                                                             ident, row.where)
        history = []
        observation = self._observation(item, status, ambiguous, note)
        if observation is not None:
            probe = Action(id=ident, text=row.text, raised=raised, raised_precision=precision)
            if domain.raised_by(probe, observation.as_of):
                history.append(observation)
            else:
                self.check(ACTIONS, ("action", ident), f"the log is dated "
                           f"{item.as_of.isoformat()}, before the action was issued "
                           f"({row.issued}): no observation recorded", row.where)
        wordings = []
        if item.line is not None and norm(item.line.text) != norm(row.text):
            wordings.append(Wording(as_of=when, text=item.line.text, source=self.source,
                                    meeting=when, note=f"The 'Action:' line "
                                    f"({item.line.line.where}); the log of "
                                    f"{item.as_of.isoformat()} words it as the text."))
            self.check(ACTIONS, ("action", ident, "wordings"), f"the 'Action:' line "
                       f"'{item.line.text}' taken to be this action", item.line.line.where)
        elif item.line is not None:
            self.check(ACTIONS, ("action", ident, "meeting"), "raised at this meeting: its "
                       f"'Action:' line ({item.line.line.where}) has the same words",
                       row.where, check=False)
        action = Action(
            id=ident, text=row.text, responsible=row.responsible or None, owners=people,
            owner_authorities=authorities, whole_group=whole, unresolved_owners=unresolved,
            raised=raised, raised_precision=precision,
            issued_as_written=row.issued or None, meeting=when if matched else None,
            history=history, due=self.due(row.text, raised, ident, row.where),
            wordings=wordings,
            named=self.named(row.text, unresolved, ident, row.where))
        self.draft.new_actions.append(action)

    def _observation(self, item: _Row, status: Status | None, ambiguous: bool,
                     note: str | None) -> Observation | None:
        if status is None:
            return None
        recorded = one_line(item.row.status)
        return Observation(as_of=item.as_of, status=status, recorded=recorded or None,
                           ambiguous=ambiguous, source=self.source, note=note)

    def _existing(self, action: Action, item: _Row, status: Status | None, ambiguous: bool,
                  note: str | None) -> None:
        row = item.row
        ident = action.id
        if similarity(action.text, row.text) < 0.5 and norm(action.text) != norm(row.text):
            self.check(ACTIONS, ("observation", ident), f"actions.yaml words action {ident} "
                       f"'{one_line(action.text)[:70]}': is the log's row "
                       f"'{row.text[:70]}' the same action?", row.where)
        observation = self._observation(item, status, ambiguous, note)
        if observation is not None:
            same = [o for o in action.history if o.as_of == observation.as_of and (
                o.source == observation.source or o.recorded == observation.recorded)]
            later = [o for o in action.history if o.as_of > observation.as_of]
            if same:
                pass  # imported before (or transcribed by hand): nothing to add
            elif later:
                self.draft.skipped.append(
                    f"{row.where}: action {ident}'s status on {observation.as_of.isoformat()} "
                    f"is older than the latest recorded ({later[-1].as_of.isoformat()}): not "
                    "added")
            elif not domain.raised_by(action, observation.as_of):
                self.draft.skipped.append(
                    f"{row.where}: the log's date is before action {ident} was raised: "
                    "not added")
            else:
                self.draft.observations.append((ident, observation))
        texts = {norm(action.text)} | {norm(w.text) for w in action.wordings}
        added = {norm(w.text) for i, w in self.draft.wordings if i == ident}
        for text, when, where in ((row.text, item.as_of, row.where),
                                  (item.line.text if item.line else "", None,
                                   item.line.line.where if item.line else "")):
            if not text or norm(text) in texts | added:
                continue
            as_of = when or self.draft.date or item.as_of
            self.draft.wordings.append((ident, Wording(
                as_of=as_of, text=text, source=self.source,
                meeting=None if when else self.draft.date,
                note="Added by 'fostlog import minutes': "
                + ("the log's wording." if when else "the 'Action:' line."))))
            added.add(norm(text))
            self.check(ACTIONS, ("wording", ident), f"action {ident} is worded differently "
                       "here: kept as another wording (make it the text if it is the newer "
                       "one)", where)

    def unnumbered(self, lines: list[ActionLine], when: date) -> list[str]:
        ids = []
        for number, line in enumerate(lines, 1):
            ident = f"{when.isoformat()}/{number}"
            ids.append(ident)
            existing = self.repo.action(ident)
            if existing is not None:
                if norm(existing.text) != norm(line.text):
                    self.draft.skipped.append(f"{line.line.where}: action {ident} in "
                                              "actions.yaml has other words; left as it is")
                continue
            responsible = line.responsible or self._responsible(line.text)
            if line.prose:
                self.check(ACTIONS, ("action", ident), "not an 'Action:' line but a sentence "
                           "of the notes that reads as one: recorded as an action",
                           line.line.where)
            people, authorities, whole, unresolved = self.owners(
                responsible or "", line.text, ident, line.line.where)
            if not (people or authorities or whole or unresolved):
                self.check(ACTIONS, ("action", ident, "owners"), "the line names no owner",
                           line.line.where)
            self.draft.new_actions.append(Action(
                id=ident, text=line.text, responsible=responsible, owners=people,
                owner_authorities=authorities, whole_group=whole,
                unresolved_owners=unresolved, raised=when, meeting=when,
                due=self.due(line.text, when, ident, line.line.where),
                named=self.named(line.text, unresolved, ident, line.line.where)))
        return ids

    def _responsible(self, text: str) -> str | None:
        subject = _subject(text)
        if subject:
            tokens = split_owners(subject)
            if tokens and all(is_initials(t) or self.resolver.who(t, text)[0]
                              or norm(t) in ALL_WORDS for t in tokens):
                return subject
        for match in re.finditer(r"(?<![\w-])([A-Z][a-z]+|[A-Z]{2,4}) to [a-z]+", text):
            if len(self.resolver.who(match.group(1), text)[0]) == 1:
                return match.group(1)
        leading = re.match(r"\s*([A-Z]{2,4})\s+[a-z]+", text)
        if leading and is_initials(leading.group(1)) and self.resolver.initials(
                leading.group(1), text)[0]:
            return leading.group(1)
        return None

    def mention(self, line: ActionLine, ident: str, when: date) -> None:
        observation = Observation(
            as_of=when, status=Status.open, recorded=f"Action: {line.text}",
            source=self.source, meeting=when,
            note="Restated as an 'Action:' line at this meeting (matched by "
            "'fostlog import minutes').")
        existing = self.repo.action(ident)
        if existing is not None and any(o.as_of == when and o.meeting == when
                                        for o in existing.history):
            return
        self.check(ACTIONS, ("observation", ident), f"the 'Action:' line '{line.text}' is "
                   f"taken to restate action {ident}, still open", line.line.where)
        if existing is not None:
            self.draft.observations.append((ident, observation))
            return
        for action in self.draft.new_actions:
            if action.id == ident:
                action.history.append(observation)

    # --- putting it together ---------------------------------------------------------------

    def run(self) -> Draft:
        minutes = self.minutes
        self.draft.problems += minutes.problems
        if not minutes.recognisable:
            self.draft.problems.append(Problem(
                "the file", "this does not look like minutes of the group: there is no date, "
                "chair or attendee line, no 'Action:' line and no action log.",
                "Check it is the right file; the minutes' labelled lines are 'Date:' (or "
                "'Meeting details:'), 'Chair:' and 'Attendees:'."))
            return self.draft
        when = self.meeting_date()
        if when is None:
            return self.draft
        self.draft.date = when
        existing = self.repo.meeting(when)
        self.draft.meeting_exists = existing is not None
        if minutes.chair is not None:
            entry = entry_from(minutes.chair.value, minutes.chair.line.where)
            if entry is not None and entry.name:
                self.chair = self.attendee(entry, 0, target="chair")
        for index, entry in enumerate(minutes.entries):
            self.attendees.append(self.attendee(entry, index))
        self.scan_body()
        apologies: list[Attendee] | None = None
        if minutes.apologies is not None:
            value = norm(minutes.apologies.value)
            apologies = [] if value in ("", "none", "none received", "nil", "n a") else [
                self.attendee(entry, index, target="apologies")
                for index, entry in enumerate(minutes.apology_entries)]
        attendance, absent, absent_how = self.attendance()
        rows = self.log_rows(when)
        left, mentions = self.match_lines(rows, when)
        for item in rows:
            self.action_from_row(item, when)
        unnumbered = self.unnumbered(left, when)
        for line, ident in mentions:
            self.mention(line, ident, when)
        self._initials()
        for table in minutes.other_tables:
            self.draft.skipped.append(f"{table.where}: a table of {len(table.rows)} rows that "
                                      "is not an action log (a benchmarking table?): not "
                                      "imported")
        if minutes.after_log:
            first, last = minutes.after_log[0].where, minutes.after_log[-1].where
            self.draft.skipped.append(f"{first} to {last}: {len(minutes.after_log)} lines "
                                      "after the action log that are not part of it (slides?): "
                                      "not imported")
        raised = sorted((a.number for r in rows if r.line is not None
                         for a in [r.row]), key=domain.id_order) + unnumbered
        if existing is not None:
            self.draft.skipped.append(f"meetings/{when.isoformat()}.yaml exists: left as it "
                                      "is (delete it to draft it again)")
            return self.draft
        self.draft.meeting = self._meeting(when, attendance, absent, absent_how, apologies,
                                           raised, unique(i for _, i in mentions))
        return self.draft

    def _initials(self) -> None:
        """Initials these minutes use for one of their own people, unambiguously, are
        added to that person in people.yaml."""
        for person, uses in self.initials_used.items():
            registered = self.resolver.people[person]
            for token, where in uses:
                if token.upper() in (i.upper() for i in registered.initials):
                    continue
                if person in self.new_person_ids:
                    registered.initials.append(token)
                elif (person, "initials", token) not in self.draft.person_additions:
                    self.draft.person_additions.append((person, "initials", token))
                else:
                    continue
                self.check(PEOPLE, ("person", person, "initials"), f"{token} read as "
                           f"{registered.name}, the only {token} among this meeting's "
                           "people", where)

    def _meeting(self, when: date, attendance: AttendanceKnown, absent: list[str] | None,
                 absent_how: str | None, apologies: list[Attendee] | None,
                 raised: list[str], mentioned: list[str]) -> Meeting:
        minutes = self.minutes
        labelled = minutes.date
        time = venue = None
        if labelled is not None:
            found = dates.find_day(labelled.value)
            rest = labelled.value.replace(found.as_written, " ") if found else labelled.value
            time_match = _TIME.search(rest)
            time = one_line(time_match.group(0)) if time_match else None
            venue_match = _VENUE.search(rest)
            venue = one_line(venue_match["venue"]) if venue_match else None
        items = []
        for index, item in enumerate(minutes.items):
            items.append(Item(title=item.title))
            lines = [item.line, *item.body]
            span = (lines[0].where if len(lines) == 1
                    else f"{lines[0].where} to {lines[-1].where.split()[-1]}")
            self.meeting_check(("items", index), f"in the minutes: {span}", check=False)
        if items:
            self.meeting_check(("items",), "the notes of each item are left for you to write "
                               "from the minutes (where each is, beside its title); record "
                               "nothing about any child")
        title = tidy_title(minutes.title.text) if minutes.title else None
        if title and dates.years_in(title) and when.year not in dates.years_in(title):
            self.meeting_check(("title",), f"the title says {dates.years_in(title)[0]}; the "
                               f"meeting is dated {when.isoformat()}", minutes.title.where
                               if minutes.title else "")
        return Meeting(
            date=when, source=self.source, title=title, time=time, venue=venue,
            chair=self.chair, attendance=attendance,
            attendees=self.attendees if minutes.entries else None,
            not_represented=absent, not_represented_inferred=absent_how,
            apologies=apologies, items=items, actions_raised=raised,
            actions_mentioned=mentioned, next_meeting=self._next_meeting(when))

    def _next_meeting(self, when: date) -> NextMeeting | None:
        line = self.minutes.next_meeting
        if line is None:
            for body in self.minutes.body:
                for sentence in _SENTENCE.split(body.text.strip()):
                    if re.search(r"\b(?:main|first|focus|only) item\b.*\bnext\b.*meeting|"
                                 r"\bnext\b.*meeting\b.*\b(?:focus|main item)\b",
                                 sentence, re.IGNORECASE):
                        self.meeting_check(("next_meeting",), "the minutes say what the next "
                                           "meeting will take, but give no date: write its "
                                           "focus in your own words", body.where)
                        return NextMeeting(as_written=one_line(sentence))
            return None
        text = re.sub(r"^\s*next meeting\s*[:;-]?\s*", "", line.text, flags=re.IGNORECASE)
        day = dates.find_day(text)
        if day is None:
            return None
        found = day.with_year(day.year) if day.year else dates.closest_year(day, when)
        if found is None or found <= when:
            return None
        rest = text.replace(day.as_written, " ")
        time_match = _TIME.search(rest)
        start, end = _time_words(time_match.group(0)) if time_match else (None, None)
        return NextMeeting(date=found, time=one_line(time_match.group(0)) if time_match
                           else None, start=start, end=end, as_written=one_line(line.text))


def draft_minutes(minutes: Minutes, repo: Repository, when: date | None = None) -> Draft:
    """The data these minutes add to `repo`, with every guess marked. `when` is the
    meeting's date when the coordinator gives it (--date)."""
    return _Drafter(minutes, repo, when).run()
