"""Parsed minutes + the loaded repository -> a draft of the data they add: the meeting,
new actions and dated observations of existing ones, new people, spellings and initials.

Every guess is a `Check` attached to what it is about; the writer puts it in the YAML as a
`# check:` comment and the summary lists it. Nothing is invented to make lint pass: a
person nobody can resolve stays unresolved, a status word fostlog does not know gives no
observation, an LA the minutes do not state is marked as inferred.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from fostlog import domain
from fostlog.core.models import (
    AttendanceKnown,
    Attendee,
    Item,
    Meeting,
    MeetingWithoutMinutes,
    NextMeeting,
)
from fostlog.core.repository import Repository
from fostlog.importers.minutes import dates
from fostlog.importers.minutes.actions import SENTENCE_BREAK, ActionDrafting, _Row
from fostlog.importers.minutes.parse import Entry, Minutes, entry_from, one_line, tidy_title
from fostlog.importers.minutes.read import Line, Problem
from fostlog.importers.minutes.records import (
    ACTIONS,
    AUTHORITIES,
    HELD,
    MEETING,
    PEOPLE,
    Check,
    Draft,
    Target,
)
from fostlog.importers.minutes.resolve import is_initials, norm, unique

__all__ = ["ACTIONS", "AUTHORITIES", "MEETING", "PEOPLE", "Check", "Draft", "Target",
           "draft_minutes"]

_SPEAKER = re.compile(
    r"(?<![\w’'])(?P<who>[A-Z][a-z]+(?:-[A-Z][a-z]+)?(?: [A-Z][a-z’']+(?:-[A-Z][a-z]+)?)?"
    r"|[A-Z]{2,4})"
    r"(?:\s+(?P<prep>in|from)\s+(?P<where>[A-Z][A-Za-z]+(?:\s+(?:and\s+)?[A-Z][a-z]+)*)"
    r"|\s*\((?P<paren>[^)]{2,40})\))?"
    r"(?P<verb>\s+(?:has\s+|had\s+|also\s+)?(?:said|says|asked|asks|noted|notes|reflected|"
    r"introduced|presented|explained|agreed|suggested|provided|thinks|reported|confirmed|"
    r"described|raised|updated|shared)\b)?"
)
_TIME = re.compile(r"\b\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm)?\s*[-–]\s*\d{1,2}(?:[.:]\d{2})?"
                   r"\s*(?:am|pm|noon)?", re.IGNORECASE)
_VENUE = re.compile(r"\b(?:via|on|at|venue:?)\s+(?P<venue>(?:MS |Microsoft )?Teams|Zoom|"
                    r"[A-Z][\w ]{2,40}?)(?=\s+\d|\s*$|,)", re.IGNORECASE)


# Words no person's name is made of: a phrase of the minutes read as an entry ("LAs not
# represented", "None received") is not a person.
_NOT_NAME_WORDS = frozenset({"not", "represented", "las", "la", "all", "apologies", "none",
                             "received", "the", "members", "authorities", "absent", "tbc"})


def _not_a_name(name: str) -> bool:
    words = norm(name).split()
    return len(words) > 5 or any(w in _NOT_NAME_WORDS for w in words)


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



class _Drafter(ActionDrafting):
    """Parsed minutes -> the draft: the meeting and its people here, the actions in
    ActionDrafting."""

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
        for chosen, because in self._years_said(found):
            if chosen is not None:
                self.meeting_check(("date",), f"the date line gives no year "
                                   f"('{found.as_written}'); {chosen.year} {because}", where)
                return chosen
        self.draft.problems.append(Problem(
            where, f"the date line gives no year ('{found.as_written}') and nothing else in "
            "the minutes settles it.", "Give the date: --date YYYY-MM-DD."))
        return None

    def _years_said(self, found: dates.DayMonth) -> Iterator[tuple[date | None, str]]:
        """The day of `found` in a year the minutes suggest, and why, most telling first:
        the action log's date, the next meeting's, the title's one year, the latest
        'Date issued'."""
        for log in self.minutes.logs:
            if (dated := _dated(log.title)) is not None:
                yield (dates.closest_year(found, dated[0]), f"from the action log's date "
                       f"'{dated[1]}' ({dated[2]})")
        if (dated := _dated(self.minutes.next_meeting)) is not None:
            yield (dates.closest_year(found, dated[0], not_after=dated[0]),
                   f"because the next meeting is '{dated[1]}' ({dated[2]})")
        title = self.minutes.title
        years = sorted(set(dates.years_in(title.text))) if title else []
        if title is not None and len(years) == 1:
            yield (found.with_year(years[0]),
                   f"from the title '{one_line(title.text)}' ({title.where})")
        issued = [m for log in self.minutes.logs for row in log.rows
                  if (m := dates.find_month(row.issued)) is not None]
        if issued:
            latest = max(issued)
            yield (dates.closest_year(found, date(latest[0], latest[1], 15)),
                   "from the latest 'Date issued' in the action log")

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
        return self._place_name(ident if kind == "authority" else None, ident)

    def propose_place_alias(self, kind: str, ident: str, spelling: str, where: str) -> None:
        home = "authorities" if kind == "authority" else "organisations"
        entry = (home, ident, spelling)
        if entry not in self.draft.place_aliases:
            self.draft.place_aliases.append(entry)
            self.check(AUTHORITIES, (kind, ident), f"'{spelling}' read as "
                       f"{self._place_name_of(kind, ident)}: added as an alias", where)

    def attendee(self, entry: Entry, index: int, target: str = "attendees") -> Attendee:
        path: Target = (target, index) if target != "chair" else ("chair",)
        named_place = self.resolver.place_word(entry.name) if entry.affiliation is None else None
        if named_place is not None and not named_place[2]:
            # "Apologies: Kent, Medway": an LA (or organisation) is never a person.
            kind, ident, _ = named_place
            self.meeting_check(path, f"'{entry.name}' is an "
                               f"{'LA' if kind == 'authority' else 'organisation'}, not a "
                               "person: recorded without one", entry.where, check=False)
            return Attendee(authority=ident if kind == "authority" else None,
                            organisation=ident if kind == "organisation" else None,
                            as_written=entry.as_written)
        if _not_a_name(entry.name):
            # "LAs not represented": words, not a name; nobody is added for them.
            self.meeting_check(path, f"'{entry.name}' does not read as a person's name: "
                               "no person recorded", entry.where)
            return Attendee(as_written=entry.as_written)
        entry = self.split_name(entry)
        place = self.resolver.place(entry.affiliation)
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
        listed = {a.person for a in [self.chair, *self.attendees] if a and a.person}
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
            absent = self._stated_absent(stated.value, stated.line, present)
            left = sorted(self.repo.authority_name(a) for a in self.repo.authorities
                          if a not in present and a not in absent)
            if attendance is AttendanceKnown.full and left:
                self.meeting_check(("not_represented",), f"{', '.join(left)}: neither among "
                                   "the attendees nor in the minutes' not-represented line, "
                                   "so lint warns about each (add them, or make attendance "
                                   "partial)", stated.line.where)
            return attendance, absent, None
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
        parts: list[str] = []
        for piece in re.split(r"[,;]", cleaned):
            # "Brighton and Hove" is one LA; "Kent and Medway" two.
            whole = self.resolver.place_word(piece.strip(" .:-–"))
            parts += [piece] if whole is not None else re.split(r"\s+and\s+(?=[A-Z])", piece)
        for part in parts:
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
        self.infer_meetings(rows, when)
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
        raised = sorted((a.id for a in self.draft.new_actions
                         if a.meeting == when and a.id.isdigit()),
                        key=domain.id_order) + unnumbered
        if existing is not None:
            self.draft.skipped.append(f"meetings/{when.isoformat()}.yaml exists: left as it "
                                      "is (delete it to draft it again)")
            for action in self.draft.new_actions:
                if action.meeting == when and action.id not in existing.actions_raised:
                    self.check(ACTIONS, ("action", action.id, "meeting"), "raised at this "
                               f"meeting: add it to actions_raised in meetings/{when}.yaml "
                               "(lint warns until then)")
            return self.draft
        for known in self.repo.meetings_without_minutes:
            if known.day == when or (known.day is None and known.month == when.isoformat()[:7]):
                self.meeting_check(("date",), f"meetings-without-minutes.yaml lists "
                                   f"{known.key} ({known.known_from}): if that is this "
                                   "meeting, remove it from there (lint warns until then)")
        self.draft.meeting = self._meeting(when, attendance, absent, absent_how, apologies,
                                           raised, unique(i for _, i in mentions))
        return self.draft

    def infer_meetings(self, rows: list[_Row], when: date) -> None:
        """Months before this meeting in which the log issues actions but no meeting is on
        file (with or without minutes): meetings the group held, drafted as inferred. A
        month next to a meeting on file is left out (a log's month may be loose)."""
        held = {(m.date.year, m.date.month) for m in self.repo.meetings}
        held |= {(int(k.month[:4]), int(k.month[5:7])) for k in self.repo.meetings_without_minutes}
        held.add((when.year, when.month))

        def index(month: tuple[int, int]) -> int:
            return month[0] * 12 + month[1]

        months = sorted({r.issued for r in rows if r.issued is not None
                         and r.issued < (when.year, when.month) and r.issued not in held})
        for month in months:
            issued = sorted((r for r in rows if r.issued == month),
                            key=lambda r: domain.id_order(r.row.number))
            ids = ", ".join(r.row.number for r in issued)
            key = f"{month[0]:04d}-{month[1]:02d}"
            near = [m for m in held if abs(index(m) - index(month)) <= 1]
            if near:
                self.draft.skipped.append(
                    f"{issued[0].row.where}: actions {ids} are issued '{issued[0].row.issued}', "
                    f"next to a meeting on file ({min(near)[0]}-{min(near)[1]:02d}): no "
                    "meeting without minutes drafted for that month")
                continue
            as_of = issued[0].as_of
            self.draft.inferred_meetings.append(MeetingWithoutMinutes(
                month=key, inferred=True,
                known_from=f"action log of {as_of.isoformat()} ({self.source}), "
                f"action{'s' if len(issued) > 1 else ''} {ids} issued "
                f"\"{issued[0].row.issued}\""))
            self.check(HELD, ("meeting", key), f"no meeting is on file for {key}, when the "
                       f"log issues action{'s' if len(issued) > 1 else ''} {ids}: drafted as "
                       "a meeting without minutes (inferred)", issued[0].row.where)

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
                for sentence in SENTENCE_BREAK.split(body.text.strip()):
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


def _dated(line: Line | None) -> tuple[date, str, str] | None:
    """The day a line gives with its year: (the day, as written, where the line is)."""
    day = dates.find_day(line.text) if line is not None else None
    if line is None or day is None or day.year is None:
        return None
    found = day.with_year(day.year)
    return (found, day.as_written, line.where) if found is not None else None
