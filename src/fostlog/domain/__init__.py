"""Every shared rule about the group's data, once: the checks, the queries and the CLI call these.

Each rule lives here once: which LAs a person, an attendee or an action counts for, who
was at a meeting, what an action's status was on a date and how action ids sort, how a
benchmark ratio is computed and compared with the percentage printed in the minutes, how
LAs are ranked and banded by a measure, and how a name typed by a user finds an LA, a
person or an owner (with "did you mean").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from fostlog.core import rules
from fostlog.core.dates import DayOrMonth
from fostlog.core.models import (
    Action,
    AttendanceKnown,
    Attendee,
    Authority,
    BenchmarkArea,
    BenchmarkRow,
    BenchmarkYear,
    Better,
    DatePrecision,
    Meeting,
    NeighbourSet,
    Observation,
    Organisation,
    Person,
    Ratio,
    Status,
)
from fostlog.core.repository import Repository
from fostlog.core.rules import Rule
from fostlog.core.vocabulary import Presence, closest

# --- which LAs someone counts for ----------------------------------------------------------


def place_authorities(
    authority: str | None, organisation: str | None, organisations: Mapping[str, Organisation]
) -> set[str]:
    """The LAs a place counts for: the LA itself, and the LAs the organisation acts for
    (Achieving for Children counts for Windsor and Maidenhead)."""
    found = {authority} if authority else set()
    if organisation and organisation in organisations:
        found.update(organisations[organisation].acts_for)
    return found


def person_authorities(person: Person, repo: Repository) -> set[str]:
    """The LAs a person counts for: their LA, or those their organisation acts for."""
    return place_authorities(person.authority, person.organisation, repo.organisations)


def attendee_authorities(
    attendee: Attendee,
    organisations: Mapping[str, Organisation],
    people: Mapping[str, Person] | None = None,
) -> set[str]:
    """The LAs an attendee's presence counts for: where the minutes place them, or where
    the people registry does when the minutes do not say."""
    authority, organisation = attendee.authority, attendee.organisation
    person = people.get(attendee.person) if people and attendee.person else None
    if authority is None and organisation is None and person is not None:
        authority, organisation = person.authority, person.organisation
    return place_authorities(authority, organisation, organisations)


def action_authorities(action: Action, repo: Repository) -> set[str]:
    """The LAs an action counts for: the LAs that own it, and those its owners count for."""
    found = set(action.owner_authorities)
    for person_id in action.owners:
        person = repo.people.get(person_id)
        if person is not None:
            found |= person_authorities(person, repo)
    return found


def people_of(authority: str, repo: Repository) -> list[Person]:
    """The people who count for an LA (its own, and those of an organisation acting for
    it), by name."""
    found = [p for p in repo.people.values() if authority in person_authorities(p, repo)]
    return sorted(found, key=lambda p: p.name.casefold())


# --- attendance --------------------------------------------------------------------------


def _by_authority(entries: Iterable[Attendee], repo: Repository) -> dict[str, list[Attendee]]:
    """LA id -> the entries (attendees, apologies) that count for it."""
    found: dict[str, list[Attendee]] = {}
    for entry in entries:
        for authority in attendee_authorities(entry, repo.organisations, repo.people):
            found.setdefault(authority, []).append(entry)
    return found


def present_authorities(meeting: Meeting, repo: Repository) -> dict[str, list[Attendee]]:
    """LA id -> the attendees (chair included) who represented it at the meeting."""
    chair = [meeting.chair] if meeting.chair else []
    return _by_authority([*chair, *(meeting.attendees or [])], repo)


def attendee_name(attendee: Attendee, repo: Repository) -> str:
    """The person's name as the registry spells it, else the entry as the minutes print it."""
    if attendee.person:
        return repo.person_name(attendee.person)
    return attendee.as_written or "(name not recorded)"


def apology_authorities(meeting: Meeting, repo: Repository) -> set[str]:
    return set(_by_authority(meeting.apologies or [], repo))


@dataclass(frozen=True)
class AuthorityAttendance:
    """One LA at one meeting: present, apologies, not represented or unknown, and who
    (those present, or those who sent apologies). `inferred` says how the fact was worked
    out when the minutes do not state it (None: the minutes state it)."""

    presence: Presence
    who: list[Attendee] = field(default_factory=list)
    inferred: str | None = None


REGISTRY_PLACE = "LA not stated in these minutes; taken from people.yaml"
FULL_LIST_ABSENCE = "not in the attendee list, which the minutes give in full"


def attribution_inferred(attendee: Attendee) -> str | None:
    """How an attendee's LA was worked out, when these minutes do not state it."""
    if attendee.inferred:
        return attendee.inferred
    if attendee.authority is None and attendee.organisation is None and attendee.person:
        return REGISTRY_PLACE
    return None


def _by_attendees(presence: Presence, who: list[Attendee]) -> AuthorityAttendance:
    """Stated when any of `who` is placed in the LA by these minutes themselves."""
    reasons = [attribution_inferred(a) for a in who]
    inferred = None if None in reasons else reasons[0]
    return AuthorityAttendance(presence, who, inferred)


def meeting_attendance(meeting: Meeting, repo: Repository) -> dict[str, AuthorityAttendance]:
    """Each LA's attendance at one meeting. An LA represented through an organisation that
    acts for it counts as present; apologies come next; an LA the minutes list as not
    represented, or missing from a full attendee list, was not represented; where the list
    is partial or absent, its attendance is unknown. Each fact says whether the minutes
    state it or how it was inferred."""
    present = present_authorities(meeting, repo)
    apologies = _by_authority(meeting.apologies or [], repo)
    not_represented = set(meeting.not_represented or [])
    found = {}
    for authority in repo.authorities:
        if authority in present:
            found[authority] = _by_attendees(Presence.present, present[authority])
        elif authority in apologies:
            found[authority] = _by_attendees(Presence.apologies, apologies[authority])
        elif authority in not_represented:
            found[authority] = AuthorityAttendance(Presence.not_represented,
                                                   inferred=meeting.not_represented_inferred)
        elif meeting.attendance is AttendanceKnown.full:
            found[authority] = AuthorityAttendance(Presence.not_represented,
                                                   inferred=FULL_LIST_ABSENCE)
        else:
            found[authority] = AuthorityAttendance(Presence.unknown)
    return found


# --- actions -----------------------------------------------------------------------------


def raised_by(action: Action, when: date) -> bool:
    """Whether the action had been raised by `when` (at the precision the log gives)."""
    return DayOrMonth.at(action.raised, action.raised_precision).may_be_by(when)


def observation_last_day(observation: Observation) -> date:
    """The last day the observation may have been made: its day, or for a report dated
    only by its month ("Sept 2025"), the month's last day."""
    if observation.as_of_precision is DatePrecision.day:
        return observation.as_of  # most reports (a 10,000-action view asks 20,000 times)
    return DayOrMonth.at(observation.as_of, observation.as_of_precision).last_day


def observation_date_text(observation: Observation) -> str:
    """The observation's date as ISO text at its precision: 2025-09-17, or 2025-09."""
    return str(DayOrMonth.at(observation.as_of, observation.as_of_precision))


def observed_by(observation: Observation, when: date) -> bool:
    """Whether the observation had surely been made by `when`: a report dated only by its
    month counts once that month is over, so a view inside the month never claims it."""
    return observation_last_day(observation) <= when


def observation_as_of(action: Action, when: date | None) -> Observation | None:
    """The latest observation surely made by `when` (None: the latest of all)."""
    latest = None
    for observation in action.history:
        if when is None or observed_by(observation, when):
            latest = observation
    return latest


def may_be_same_day(observation: Observation, day: date,
                    precision: DatePrecision = DatePrecision.day) -> bool:
    """Whether an observation and a report dated `day` (at `precision`) may be of the
    same day: the same day, or a month-only date whose month holds the other."""
    if DatePrecision.month in (observation.as_of_precision, precision):
        return (observation.as_of.year, observation.as_of.month) == (day.year, day.month)
    return observation.as_of == day


def status_as_of(action: Action, when: date | None) -> Status:
    """An action nobody has reported on since it was raised is open."""
    observation = observation_as_of(action, when)
    return observation.status if observation else Status.open


def id_order(action_id: str) -> tuple[int, str, int]:
    """How action ids sort: numbered actions by number, then unnumbered ones
    (2021-07-19/2) by meeting date and place."""
    if action_id.isdigit():
        return (0, "", int(action_id))
    meeting, _, place = action_id.partition("/")
    return (1, meeting, int(place) if place.isdigit() else 0)


# --- owners ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnerMatch:
    """What an owner typed by a user (--owner) names. An action is that owner's if any
    part matches (see `owned_by`)."""

    typed: str
    people: frozenset[str] = frozenset()  # person ids (several when a first name is shared)
    authorities: frozenset[str] = frozenset()  # LA ids
    whole_group: bool = False  # "All"
    initials: str | None = None  # initials the register keeps unresolved (GS), upper case


def unresolved_initials(repo: Repository) -> set[str]:
    """Initials nobody could resolve: those people.yaml lists, and those actions name."""
    found = {u.initials.upper() for u in repo.unresolved_initials}
    found |= {u.upper() for a in repo.actions for u in a.unresolved_owners}
    return found


def resolve_owner(text: str, repo: Repository) -> OwnerMatch | None:
    """The one rule for what an owner typed by a user means, in this order:
    "All" is the whole group; people match by initials (RE) or by a name, a part of one or
    an alias; failing those, an LA by its id, name or alias (Kent); initials the register
    keeps unresolved (GS) match as written. None when nothing matches."""
    typed = " ".join(text.split())
    if _norm(typed) == "all":
        return OwnerMatch(typed, whole_group=True)
    people = frozenset(find_people(typed, repo))
    authority = None if people else typed_authority(typed, repo)
    initials = typed.upper() if typed.upper() in unresolved_initials(repo) else None
    if not people and authority is None and initials is None:
        return None
    authorities = frozenset({authority}) if authority else frozenset()
    return OwnerMatch(typed, people, authorities, initials=initials)


def owned_by(action: Action, owner: OwnerMatch, repo: Repository) -> bool:
    """Whether an action is the owner's: owned by one of the people, by the whole group
    for "All", by the unresolved initials; for an LA, owned by the LA or by anyone who
    counts for it (as `action_authorities` says)."""
    if owner.whole_group and action.whole_group:
        return True
    if owner.people & set(action.owners):
        return True
    if owner.initials and owner.initials in {u.upper() for u in action.unresolved_owners}:
        return True
    return bool(owner.authorities and owner.authorities & action_authorities(action, repo))


def suggest_owner(text: str, repo: Repository) -> str | None:
    """The name, initials or LA most like an owner nobody matched ("did you mean")."""
    names: dict[str, str] = {"all": "All"}
    for person in repo.people.values():
        names.update({_norm(n): person.name for n in (person.name, *person.aliases)})
        names.update({i.lower(): i for i in person.initials})
    names.update({spelling: repo.authority_name(authority)
                  for spelling, authority in _typed_names(repo).items()})
    return _closest_name(text, names)


def unknown_owner(text: str, repo: Repository) -> tuple[str, str]:
    """The message (with the closest match) and hint for an owner nobody matched, by
    `actions --owner` as by `actions add --owner`."""
    from fostlog.core.vocabulary import OWNER_WORDS

    close = suggest_owner(text, repo)
    return (f"nobody in people.yaml and no LA in authorities.yaml matches --owner '{text}'."
            + (f" Did you mean {close}?" if close else ""),
            OWNER_WORDS + "; add a new person to people.yaml first.")


# --- ranks and quartile bands (the benchmark's funnel, capacity), as DfE's LAIT has them ---

BANDS = "ABCD"


def competition_ranks(values: Mapping[str, float | None], descending: bool) -> dict[str, int]:
    """Each key's rank by its value, 1 the best (the largest when `descending`): tied values
    share the better rank (1, 2, 2, 4; R's ties.method "min", as LAIT ranks); a key whose
    value is unknown has no rank."""
    known = sorted((v for v in values.values() if v is not None), reverse=descending)
    first: dict[float, int] = {}
    for position, value in enumerate(known, start=1):
        first.setdefault(value, position)
    return {key: first[v] for key, v in values.items() if v is not None}


@dataclass(frozen=True)
class QuartilePoints:
    """The 25%, 50% and 75% points of the values of all LAs with one."""

    lower: float
    median: float
    upper: float


def quartile_points(values: Iterable[float | Fraction | None]) -> QuartilePoints | None:
    """The quartiles of the known values as R's default quantile() (type 7, numpy's default)
    works them out, as DfE's LA Interactive Tool does: the point p of n sorted values is
    x[h] + (h - floor h)(x[h + 1] - x[h]) with h = (n - 1)p, counting from 0. None when no
    value is known. Exact: a point that falls on a value (or between equal ones) is that
    value, so a value at a quartile point is seen to be at it."""
    known = sorted(Fraction(v) for v in values if v is not None)
    if not known:
        return None

    def point(quarter: int) -> float:
        h = Fraction((len(known) - 1) * quarter, 4)
        below = int(h)
        above = min(below + 1, len(known) - 1)
        return float(known[below] + (h - below) * (known[above] - known[below]))

    return QuartilePoints(point(1), point(2), point(3))


def lait_band(value: float | Fraction | None, points: QuartilePoints | None,
              better: Better | None) -> str | None:
    """A value's band, A best, as LAIT bands it: where high is good, above the 75% point A,
    above the median B, above the 25% point C, the rest D; where low is good the same from
    the bottom (up to the 25% point A). A value exactly at a quartile point is in the band
    of lower values (where high is good the worse band, where low is good the better). No
    band for an unknown value or a measure with no polarity (`better` None)."""
    if value is None or points is None or better is None:
        return None
    cuts = (points.lower, points.median, points.upper)
    # Compared exactly: the value as the points were worked out from it.
    value = float(Fraction(value))
    if better is Better.higher:
        return BANDS[3 - sum(value > cut for cut in cuts)]
    return BANDS[3 - sum(value <= cut for cut in reversed(cuts))]


# --- statistical neighbours -----------------------------------------------------------------


# The choice neighbour_set makes, in the words every view that shows a neighbours'
# figure gives it.
SET_CHOICE = ("the latest set held, used for every year as DfE's LA Interactive Tool "
              "(LAIT) does, so a trend compares the same LAs throughout")


def neighbour_set(repo: Repository, key: str | None = None) -> NeighbourSet | None:
    """The statistical-neighbour set a comparison uses: the one named by `key`
    (sn-2021-04), or else the latest held, for every year. That is LAIT's choice: it shows
    every year of a measure against an LA's current neighbours, so a trend compares the
    same LAs throughout and a lead sees the neighbours LAIT shows. None when none is held
    (or `key` names none)."""
    if key is not None:
        return next((s for s in repo.neighbour_sets if s.key == key), None)
    return max(repo.neighbour_sets, key=lambda s: s.month, default=None)


def group_faults(la: int, name: str, neighbours: Sequence[int]
                 ) -> Iterator[tuple[int, Rule, str]]:
    """(position in `neighbours`, rule, message) for the LA among its own neighbours and
    for each neighbour listed again."""
    seen: dict[int, int] = {}
    for position, number in enumerate(neighbours):
        if number == la:
            yield position, rules.NEIGHBOURS_SELF, (
                f"{name} ({la}) is listed as its own statistical neighbour "
                f"(SN{position + 1}).")
        elif number in seen:
            yield position, rules.NEIGHBOURS_TWICE, (
                f"{name} ({la}): neighbour {number} is listed twice (SN{seen[number] + 1} "
                f"and SN{position + 1}).")
        seen.setdefault(number, position)


def neighbours_of(neighbours: NeighbourSet, dfe_number: int) -> list[int]:
    """The DfE numbers of an LA's statistical neighbours in a set, closest first; [] when
    the set has no group for the LA."""
    group = next((g for g in neighbours.groups if g.dfe_number == dfe_number), None)
    return [n.dfe_number for n in group.neighbours] if group else []


@dataclass(frozen=True)
class NeighbourMean:
    """The statistical neighbours' figure: the plain mean of the values the neighbours
    have (LAIT's), with how many of them had one."""

    value: float | None
    with_value: int
    neighbours: int


def neighbour_mean(values: Iterable[float | Fraction | None]) -> NeighbourMean:
    given = list(values)
    known = [Fraction(v) for v in given if v is not None]
    mean = float(sum(known, Fraction(0)) / len(known)) if known else None
    return NeighbourMean(mean, len(known), len(given))


# --- benchmarks ----------------------------------------------------------------------------


def ratio_value(row: BenchmarkRow | BenchmarkArea, ratio: Ratio) -> Fraction | None:
    """The exact ratio from the counts (an LA's, or the region's or England's as a source
    publishes them); None when a count is unknown (never 0 for unknown)."""
    numerator = row.counts.get(ratio.numerator)
    denominator = row.counts.get(ratio.denominator)
    if numerator is None or denominator is None or denominator == 0:
        return None
    return Fraction(numerator, denominator)


def stage_words(label: str) -> str:
    """A stage's label as a sentence says it, without what its brackets add: "Initial
    (home) visits" -> "initial visits", "Stage C (header lost)" -> "stage C"."""
    import re

    first, _, rest = (" ".join(re.sub(r"\([^)]*\)", " ", label).split()) or label).partition(" ")
    if first[1:].islower() or len(first) == 1:  # "Stage", not "DfE" or "LA"
        first = first.lower()
    return f"{first} {rest}".strip()


def ratio_words(year: BenchmarkYear, ratio: Ratio, percent: str) -> str:
    """A ratio as the group would say it: "302% of initial visits reached stage C"."""
    labels = {stage.key: stage.label for stage in year.stages}
    return (f"{percent} of {stage_words(labels.get(ratio.denominator, ratio.denominator))} "
            f"reached {stage_words(labels.get(ratio.numerator, ratio.numerator))}")


def printed_agrees(printed: int, value: Fraction) -> bool:
    """A printed whole percentage agrees if it is the exact ratio rounded either way at a
    half (the spreadsheet rounds halves up; Python's round() would round them to even)."""
    return abs(value * 100 - printed) <= Fraction(1, 2)


# --- finding things by the names people type ----------------------------------------------


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("&", " and ").replace("-", " ").split())


def _spellings(record: Authority | Organisation, value: str) -> dict[str, str]:
    """Each normalised spelling of an LA or organisation (id, name, aliases) -> `value`."""
    return {_norm(name): value for name in (record.id, record.name, *record.aliases)}


def _find_by_name(text: str, records: Iterable[Authority | Organisation]) -> str | None:
    wanted = _norm(text)
    return next((record.id for record in records if wanted in _spellings(record, "")), None)


def _closest_name(text: str, names: Mapping[str, str]) -> str | None:
    """The display name whose normalised spelling is most like `text`."""
    found = closest(_norm(text), names)
    return names[found] if found is not None else None


def find_authority(text: str, repo: Repository) -> str | None:
    """An LA id from its id, name or any alias, ignoring case ("W Sussex" -> west-sussex)."""
    return _find_by_name(text, repo.authorities.values())


# Short forms people type for an LA, by the LA's name, that the minutes need not use (so
# authorities.yaml, which keeps the minutes' own spellings, need not list them). They
# count only for what a user types (--authority, --owner), never for reading the data.
TYPED_SHORT_FORMS = {
    "Hants": "Hampshire",
    "Bucks": "Buckinghamshire",
    "Oxon": "Oxfordshire",
    "IoW": "Isle of Wight",
    "MK": "Milton Keynes",
    "RBWM": "Windsor and Maidenhead",
    "W and M": "Windsor and Maidenhead",
    "B and H": "Brighton and Hove",
    "W Berks": "West Berkshire",
    "W Sussex": "West Sussex",
    "E Sussex": "East Sussex",
}


def _typed_names(repo: Repository) -> dict[str, str]:
    """Normalised spelling -> LA id, for every way a user may type an LA: its id, name,
    aliases, a common short form (Hants), or an organisation that acts for that LA alone
    (AfC -> Windsor and Maidenhead)."""
    names: dict[str, str] = {}
    for organisation in repo.organisations.values():
        if len(organisation.acts_for) == 1:
            names.update(_spellings(organisation, organisation.acts_for[0]))
    by_name = {_norm(a.name): a.id for a in repo.authorities.values()}
    names.update({_norm(short): by_name[_norm(name)]
                  for short, name in TYPED_SHORT_FORMS.items() if _norm(name) in by_name})
    for authority in repo.authorities.values():
        names.update(_spellings(authority, authority.id))
    return names


def typed_authority(text: str, repo: Repository) -> str | None:
    """The LA a user means by what they typed: as `find_authority`, or a common short
    form (Hants), or an organisation acting for one LA (AfC), or the start of only one
    LA's name or alias (Brighton: Brighton and Hove); None when nothing matches."""
    found = find_authority(text, repo)
    if found is not None:
        return found
    names = _typed_names(repo)
    if _norm(text) in names:
        return names[_norm(text)]
    starting = authorities_starting(text, repo)
    return starting[0] if len(starting) == 1 else None


def authorities_starting(text: str, repo: Repository) -> list[str]:
    """The LAs (ids, sorted) one of whose typed spellings starts with `text`, of three
    letters or more: one, and it is that LA; several, and the user chooses."""
    wanted = _norm(text)
    if len(wanted) < 3:
        return []
    return sorted({authority for spelling, authority in _typed_names(repo).items()
                   if spelling.startswith(wanted)})


def suggest_authority(text: str, repo: Repository) -> str | None:
    """The name of the LA whose id, name, alias or short form, or the organisation acting
    for it, is most like `text` ("did you mean")."""
    names = {spelling: repo.authority_name(authority)
             for spelling, authority in _typed_names(repo).items()}
    return _closest_name(text, names)


def find_organisation(text: str, repo: Repository) -> str | None:
    return _find_by_name(text, repo.organisations.values())


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
    """The choice most like `text`, as typed ("did you mean")."""
    return closest(text, choices)


def nearest_action_ids(text: str, ids: Iterable[str]) -> list[str]:
    """The action ids nearest one the register does not have ("did you mean"): for a
    number, the numbered actions just below and just above it (999 -> 49; 20 -> 10 or 33);
    otherwise the id spelt most alike (2021-07-19/9 -> 2021-07-19/4)."""
    known = list(ids)
    typed = text.strip()
    if typed.isdigit():
        numbers = sorted(int(i) for i in known if i.isdigit())
        below = [n for n in numbers if n < int(typed)]
        above = [n for n in numbers if n > int(typed)]
        return [str(n) for n in (below[-1:] + above[:1])]
    close = closest(typed, known)
    return [close] if close else []
