"""Names, places and initials in the minutes -> ids in the registry, or an honest "not
known". The rules, in the order they are tried:

- An LA or organisation: its id, name or an alias (authorities.yaml), ignoring case; then a
  common short form or a near spelling ("Portsmsouth"), which is a guess: it comes back
  with `guessed` set, so the drafter marks it and proposes the spelling as an alias.
- A person: a name or alias in people.yaml, ignoring case; then a near spelling of one
  ("Catherine Siederer" for Cathy Seiderer: same first three letters of the first name and
  a surname spelt nearly alike), a guess; otherwise nobody, and the drafter adds them.
- Initials (RE, JM, ALT): a name spelled out beside them in the same text first
  ("Portsmouth (Jackie Clark)" for JC); then the initials people.yaml records and the
  initials of this meeting's own chair and attendees. One person: resolved. Two or more:
  ambiguous, left unresolved. None: unresolved.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher

from fostlog import domain
from fostlog.core.models import Person
from fostlog.core.repository import Repository

# Upper-case words in the minutes that are not anyone's initials.
NOT_INITIALS = frozenset({
    "LA", "LAS", "DCS", "AD", "TM", "ATM", "EDT", "EDS", "OOH", "CP", "DBS", "ICB", "SG",
    "UASC", "IFA", "IFAS", "NFA", "DFE", "SSW", "SW", "ALL", "AOB", "MS", "NB", "EG", "RE",
    "UK", "BF", "BH", "MK", "AFC", "SCS", "SESLIP", "PA", "HR", "IT", "ID", "NA", "TBC",
})
# ... though MS, NB, RE and IT are the initials of people in the minutes: they count as
# initials where the minutes use them so (an owner, "MS noted"), never as words.
WORD_INITIALS = frozenset({"MS", "NB", "RE", "IT"})
ALL_WORDS = frozenset({"all", "all las", "everyone", "all members", "group", "the group"})


def norm(text: str) -> str:
    """A name compared without case, accents, punctuation or repeated spaces."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("&", " and ").replace("’", "'")
    text = re.sub(r"[^\w' ]+", " ", text.lower())
    return " ".join(text.split())


def slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", norm(text).replace("'", ""))) or "person"


def initials_of(name: str) -> set[str]:
    """The initials a name can be written as: every part (Alitha Lee-Townsend: ALT) and
    first and last name only (AL)."""
    words = [w for w in re.split(r"[\s]+", name.strip()) if w]
    parts = [p for w in words for p in w.split("-") if p]
    found = set()
    if len(parts) >= 2:
        found.add("".join(p[0] for p in parts).upper())
    if len(words) >= 2:
        found.add((words[0][0] + words[-1][0]).upper())
    return found


def is_initials(token: str) -> bool:
    return bool(re.fullmatch(r"[A-Z]{2,4}", token)) and (
        token not in NOT_INITIALS or token in WORD_INITIALS)


@dataclass(frozen=True)
class Place:
    """Where an affiliation puts someone."""

    authority: str | None = None
    organisation: str | None = None
    role: str | None = None
    unknown_mark: bool = False  # "(?)": the minute-taker did not know
    guessed: tuple[tuple[str, str, str], ...] = ()  # (as written, kind, id): near spellings
    strange: tuple[str, ...] = ()  # words that look like a place fostlog does not know

    @property
    def placed(self) -> bool:
        return bool(self.authority or self.organisation)


@dataclass
class Resolver:
    """The registry as the drafter sees it: people.yaml plus the people these minutes add."""

    repo: Repository
    people: dict[str, Person] = field(default_factory=dict)
    meeting_people: list[str] = field(default_factory=list)  # chair and attendees, in order

    def __post_init__(self) -> None:
        self.people = dict(self.repo.people)

    # --- LAs and organisations -------------------------------------------------------------

    def place_word(self, text: str) -> tuple[str, str, bool] | None:
        """(kind, id, guessed) for words naming an LA or organisation."""
        if not norm(text):
            return None
        exact = self._exact_place(text)
        if exact is not None:
            return (*exact, False)
        short = domain.typed_authority(text, self.repo)
        if short:
            return ("authority", short, True)
        return self._near_place(text)

    def _near_place(self, text: str) -> tuple[str, str, bool] | None:
        wanted = norm(text)
        if len(wanted) < 5:
            return None
        best: tuple[float, str, str] | None = None
        for kind, records in (("authority", self.repo.authorities.values()),
                              ("organisation", self.repo.organisations.values())):
            for record in records:
                for name in (record.name, *record.aliases):
                    score = SequenceMatcher(None, wanted, norm(name)).ratio()
                    if score >= 0.88 and (best is None or score > best[0]):
                        best = (score, kind, record.id)
        return (best[1], best[2], True) if best else None

    def place(self, affiliation: str | None) -> Place:
        """An affiliation as written -> LA, organisation, role: "Brighter Futures/Reading",
        "data, East Sussex", "SESLIP support", "DCS Portsmouth", "?"."""
        if affiliation is None:
            return Place()
        authority = organisation = None
        roles: list[str] = []
        guessed: list[tuple[str, str, str]] = []
        strange: list[str] = []
        unknown = False
        for part in re.split(r"[/,()]|\s+[–—-]\s+|\s+and\s+(?=[A-Z]{2,})", affiliation):
            part = part.strip(" .;:-–")
            if not part:
                continue
            if part.strip("? ") == "":
                unknown = True
                continue
            for kind, ident, near, written in self._places_in(part, roles, strange):
                if kind == "authority" and authority is None:
                    authority = ident
                elif kind == "organisation" and organisation is None:
                    organisation = ident
                if near:
                    guessed.append((written, kind, ident))
        return Place(authority, organisation, " ".join(roles) or None, unknown,
                     tuple(guessed), tuple(strange))

    def _places_in(self, part: str, roles: list[str], strange: list[str]
                   ) -> list[tuple[str, str, bool, str]]:
        """The LAs and organisations named in `part`, longest spelling first; the words
        left over are a role ("DCS", "support", "data")."""
        whole = self.place_word(part)
        if whole is not None:
            return [(whole[0], whole[1], whole[2], part)]
        words = part.split()
        found: list[tuple[str, str, bool, str]] = []
        used = [False] * len(words)
        for size in range(min(len(words), 5), 0, -1):
            for start in range(0, len(words) - size + 1):
                if any(used[start:start + size]):
                    continue
                phrase = " ".join(words[start:start + size])
                hit = self._exact_place(phrase)
                if hit is not None:
                    found.append((hit[0], hit[1], False, phrase))
                    used[start:start + size] = [True] * size
        left = [w for w, u in zip(words, used, strict=True) if not u]
        if left:
            role = " ".join(left)
            roles.append(role)
            if not found and any(w[:1].isupper() and not w.isupper() for w in left):
                strange.append(role)
        return found

    def _exact_place(self, text: str) -> tuple[str, str] | None:
        authority = domain.find_authority(text, self.repo)
        if authority:
            return ("authority", authority)
        organisation = domain.find_organisation(text, self.repo)
        return ("organisation", organisation) if organisation else None

    # --- people ----------------------------------------------------------------------------

    def person_named(self, name: str) -> tuple[list[str], bool]:
        """(person ids, guessed) for a name as written: exact names and aliases first,
        then near spellings of a full name."""
        wanted = norm(name)
        if not wanted:
            return [], False
        exact = [p.id for p in self.people.values()
                 if any(norm(n) == wanted for n in (p.name, *p.aliases))]
        if exact:
            return exact, False
        words = wanted.split()
        if len(words) < 2:
            return [], False
        near = []
        for person in self.people.values():
            theirs = norm(person.name).split()
            if len(theirs) < 2:
                continue
            same_first = theirs[0][:3] == words[0][:3]
            surname = SequenceMatcher(None, theirs[-1], words[-1]).ratio()
            if same_first and surname >= 0.8 and theirs != words:
                near.append(person.id)
        return near, bool(near)

    def first_name_in_meeting(self, name: str) -> list[str]:
        """This meeting's people whose first name (or an alias) is `name`."""
        wanted = norm(name)
        return [pid for pid in dict.fromkeys(self.meeting_people)
                if pid in self.people and (
                    norm(self.people[pid].name).split()[:1] == [wanted]
                    or any(norm(a) == wanted for a in self.people[pid].aliases))]

    def initials(self, token: str, text: str = "") -> tuple[list[str], str]:
        """(person ids, how) for initials: "named" (spelled out in `text`), "registry" (in
        people.yaml), "meeting" (the initials of this meeting's chair or an attendee)."""
        token = token.upper()
        if text:
            named = [pid for pid in self.names_in(text)
                     if token in initials_of(self.people[pid].name)]
            if len(set(named)) == 1:
                return named[:1], "named"
        registry = [p.id for p in self.people.values()
                    if token in (i.upper() for i in p.initials)]
        meeting = [pid for pid in dict.fromkeys(self.meeting_people)
                   if pid in self.people and token in initials_of(self.people[pid].name)]
        found = list(dict.fromkeys(registry + meeting))
        if len(found) == 1:
            return found, ("registry" if registry else "meeting")
        return found, "ambiguous" if found else "none"

    def names_in(self, text: str) -> list[str]:
        """People whose full name (or an alias of two words or more) `text` spells out."""
        lowered = norm(text)
        found = []
        for person in self.people.values():
            for name in (person.name, *person.aliases):
                spelled = norm(name)
                if len(spelled.split()) >= 2 and re.search(
                        rf"(?<![\w']){re.escape(spelled)}(?![\w'])", lowered):
                    found.append(person.id)
                    break
        return found

    def who(self, text: str, context: str = "") -> tuple[list[str], str]:
        """A person referred to as initials, a full name or a first name."""
        text = text.strip()
        if is_initials(text):
            return self.initials(text, context)
        found, guessed = self.person_named(text)
        if found:
            return found, "near" if guessed else "name"
        if len(text.split()) == 1:
            first = self.first_name_in_meeting(text)
            if first:
                return first, "first-name"
        return [], "none"


def split_owners(text: str) -> list[str]:
    """The owners a Responsible cell or an action's subject names, as written: "JM SS CS
    JC", "JB and MS", "RE/AMA", "PH, KL and SA", "Mark Vening and Peter Hodges"."""
    parts = re.split(r"\s*(?:,|/|&|;|\band\b|\+)\s*", text.strip())
    found: list[str] = []
    for part in parts:
        part = part.strip(" .:()")
        if not part:
            continue
        words = part.split()
        if len(words) > 1 and all(is_initials(w) or w.upper() == w and w.isalpha()
                                  for w in words):
            found += words  # "JM SS CS JC"
        else:
            found.append(part)
    return found


def unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(values))
