"""The action log's rows and the "Action:" lines -> new actions, dated observations of
actions already in the register and other wordings, with the owners, named people,
statuses and due dates read from them; every guess a Check."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from fostlog import domain
from fostlog.core.models import (
    Action,
    DatePrecision,
    Due,
    NamedPerson,
    NamedRole,
    Observation,
    UnresolvedInitials,
    Wording,
)
from fostlog.core.vocabulary import Status, closest_status_word, parse_status
from fostlog.importers.minutes import dates
from fostlog.importers.minutes.parse import ActionLine, Log, LogRow, one_line
from fostlog.importers.minutes.records import ACTIONS, PEOPLE, DraftingState
from fostlog.importers.minutes.resolve import ALL_WORDS, is_initials, norm, split_owners, unique


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
SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")
_NEXT_MEETING = re.compile(r"(?:for |at |prior to |before |by )?(?:consideration at )?"
                           r"(?:the )?next (?:regional )?meeting\b", re.IGNORECASE)
_DUE_MONTH = re.compile(
    r"\b(?:at|for|in|by|before)\s+(?:the\s+)?(?P<month>[A-Z][a-z]+)\.?"
    r"(?:\s+(?P<year>(?:19|20)\d\d))?(?P<meeting>\s+(?:regional\s+)?meeting)?", re.IGNORECASE)


# Status wordings of other logs than the group's, beyond what the vocabulary accepts as a
# command's word: read as the status they plainly name.
_MORE_STATUS = {
    "not started": Status.open, "not yet started": Status.open, "to do": Status.open,
    "new": Status.open, "outstanding": Status.open, "open ongoing": Status.in_progress,
    "underway": Status.in_progress, "under way": Status.in_progress,
    "on track": Status.in_progress, "started": Status.in_progress,
    "done": Status.done, "achieved": Status.done, "finished": Status.done,
    "closed complete": Status.done, "closed completed": Status.done,
    "no longer required": Status.dropped, "not required": Status.dropped,
    "closed no longer required": Status.dropped, "closed no longer relevant": Status.dropped,
    "no longer needed": Status.dropped, "withdrawn": Status.dropped,
    "cancelled": Status.dropped, "superseded": Status.dropped, "dropped": Status.dropped,
}


def _extra_status(cleaned: str) -> Status | None:
    """A status worded as other logs word it ("Not started", "Closed – no longer
    required"), the whole cell or its words before a full stop or a dash."""
    key = " ".join(re.findall(r"[a-z]+", cleaned.lower()))
    if key in _MORE_STATUS:
        return _MORE_STATUS[key]
    head = re.split(r"\.\s|\s[–—]\s|:\s", cleaned, maxsplit=1)[0]
    head_key = " ".join(re.findall(r"[a-z]+", head.lower()))
    if head_key != key and head_key in _MORE_STATUS:
        return _MORE_STATUS[head_key]
    return None


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




class ActionDrafting(DraftingState):
    """The drafter's work on the action log and the "Action:" lines (draft.py's _Drafter
    does the meeting and its people)."""

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
                else:
                    names = " or ".join(self.resolver.people[p].name for p in found)
                    unresolved.append(token)
                    self.check(ACTIONS, ("action", ident, "unresolved_owners"),
                               f"{token} could be {names}: left unresolved" if found else
                               f"nobody with the initials {token} is named in these minutes "
                               "or people.yaml", where)
                    if not found:
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
        extra = _extra_status(cleaned)
        if extra is not None:
            return extra, False, None
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

    def due_cell(self, text: str, raised: date, ident: str, where: str) -> Due | None:
        """A log's Due column: a day, a month, or "next meeting"."""
        cleaned = one_line(text)
        if not cleaned or norm(cleaned) in ("", "n a", "na", "tbc", "ongoing"):
            return None
        if _NEXT_MEETING.search(cleaned):
            return Due(next_meeting=True, as_written=cleaned)
        day = dates.find_day(cleaned)
        if day is not None:
            found = day.with_year(day.year) if day.year else dates.closest_year(day, raised)
            if found is not None:
                if not day.year:
                    self.check(ACTIONS, ("action", ident, "due"), f"due '{cleaned}' gives no "
                               f"year: read as {found.isoformat()}", where)
                return Due(date=found, as_written=cleaned)
        month = dates.find_month(cleaned, raised)
        if month is not None:
            return Due(date=dates.last_day(*month), precision=DatePrecision.month,
                       as_written=cleaned)
        self.check(ACTIONS, ("action", ident, "due"), f"the Due column says '{cleaned}', "
                   "which is not a date fostlog can read: no due date recorded", where)
        return None

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
            for sentence in SENTENCE_BREAK.split(line.text.strip()):
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
                rows.append(_Row(row, log, as_of, dates.find_month(row.issued, when)))
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
        elif issued == (when.year, when.month) and item.as_of >= when:
            # A log brought up to date for this meeting issues it in this meeting's month:
            # the meeting raised it, though no "Action:" line words it.
            raised, precision, matched = when, DatePrecision.day, True
            self.check(ACTIONS, ("action", ident, "meeting"), f"issued {row.issued}, the "
                       "month of this meeting, in a log updated for it, with no 'Action:' "
                       "line: taken to be raised at this meeting", row.where)
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
            history=history, due=self.due_cell(row.due, raised, ident, row.where)
            or self.due(row.text, raised, ident, row.where),
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
            same = self._raised_here(line, when)
            if same == ident:
                continue
            if same is not None:
                self.draft.skipped.append(f"{line.line.where}: the 'Action:' line is action "
                                          f"{same}, already in actions.yaml for this meeting")
                ids.pop()
                continue
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

    def _raised_here(self, line: ActionLine, when: date) -> str | None:
        """An action already in actions.yaml, raised at this meeting, that this line words
        (an import of another copy of the same minutes): its id."""
        for action in self.repo.actions:
            if action.meeting != when and action.raised != when:
                continue
            texts = [action.text, *(w.text for w in action.wordings)]
            if any(norm(t) == norm(line.text) or similarity(t, line.text) >= 0.8
                   for t in texts):
                return action.id
        return None

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

