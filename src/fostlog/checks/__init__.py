"""Cross-file rules: one function per rule, Repository -> Iterable[Diagnostic], in CHECKS.

Each function's docstring states the invariant it checks; the rule it reports (id,
severity, summary) is a constant in rules.py, so the README and `fostlog lint --list-rules`
describe it. A check that raises is a bug in fostlog: run_checks reports it as a
`check-failed` diagnostic and runs the other checks.

Adding a rule: a constant in rules.py, a function here whose docstring states the
invariant and whose @reads names the kinds it reads, an entry in CHECKS, and a case in
CASES in tests/test_lint_rules.py.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterable, Iterator
from operator import attrgetter
from pathlib import Path
from typing import Any, TypeVar

from fostlog import domain, reference
from fostlog.core import rules
from fostlog.core.diagnostics import CheckFindings, Diagnostic
from fostlog.core.kinds import (
    BY_NAME,
    FOLDER_LISTING,
    KINDS,
    RecordList,
    kind_of,
    layout_hint,
    top_level_names,
)
from fostlog.core.models import (
    AttendanceKnown,
    Authority,
    BenchmarkArea,
    BenchmarkRow,
    BenchmarkYear,
    GssCode,
    Meeting,
    Ratio,
    Record,
)
from fostlog.core.repository import Repository
from fostlog.core.rules import Rule
from fostlog.files.safefiles import within

Check = Callable[[Repository], Iterable[Diagnostic]]

MAX_PER_RULE = rules.MAX_LISTED  # findings of one rule listed per file

# A value some record names, and where: (the record, the key path inside it, the value).
Reference = tuple[Record, tuple[Any, ...], Any]

# What a check reads besides records: the names in the data folder and its kinds' folders.
EVERYTHING = frozenset({*BY_NAME, FOLDER_LISTING})
READS: dict[Check, frozenset[str]] = {}
_C = TypeVar("_C", bound=Check)


def reads(*what: str) -> Callable[[_C], _C]:
    """Declare what a check reads: the kinds (kinds.KINDS names) whose records it looks
    at, and FOLDER_LISTING if it lists folders. The cache keeps each check's findings
    under the bytes of these files only, so an edit to another kind does not run the
    check again (load.lint); tests run each check on a repository that refuses the
    rest. A check without @reads is taken to read everything."""
    unknown = set(what) - EVERYTHING
    if unknown:
        raise ValueError(f"@reads names no kind: {sorted(unknown)}")

    def declare(check: _C) -> _C:
        READS[check] = frozenset(what)
        return check

    return declare


def reads_of(check: Check) -> frozenset[str]:
    return READS.get(check, EVERYTHING)


# What a check that looks at one meeting at a time reads besides that meeting (see
# by_meeting). ACTION_IDS: only which action ids exist (an update to an action leaves it).
ACTION_IDS = "actions:ids"
BY_MEETING: dict[Check, frozenset[str]] = {}


def by_meeting(*what: str) -> Callable[[_C], _C]:
    """Declare that a check looks at each meeting on its own: what it finds in a meeting's
    file depends on that meeting and the kinds `what` alone (ACTION_IDS: the action ids),
    and what it finds in any other file does not depend on the meetings. The cache then
    keeps its findings meeting by meeting (load.Loaded.run_checks), so an edited meeting
    is checked again alone; tests/test_check_reads.py runs each such check meeting
    by meeting, every other kind empty, and compares with one run over everything."""
    unknown = set(what) - EVERYTHING - {ACTION_IDS}
    if unknown or "meeting" in what:
        raise ValueError(f"@by_meeting names no other kind: {sorted(unknown) or 'meeting'}")

    def declare(check: _C) -> _C:
        BY_MEETING[check] = frozenset(what)
        return check

    return declare


def meeting_view(repo: Repository, meetings: list[Meeting], keep: Iterable[str]
                 ) -> Repository:
    """The repository as a check run on `meetings` alone sees it: of the other kinds
    only those in `keep` (ACTION_IDS: the action ids, for Repository.action), every
    other kind empty."""
    view = Repository(root=repo.root, files=repo.files, positions=repo.positions)
    for kind in KINDS:
        if kind.name in keep and kind.name != "meeting":  # the meetings are `meetings`
            for home in kind.homes:
                setattr(view, home, getattr(repo, home))
    if ACTION_IDS in keep and "actions" not in keep:  # Repository.action, for its ids
        view.__dict__["_actions_by_id"] = repo.actions_by_id()
    view.meetings = list(meetings)
    return view


def in_files(found: CheckFindings, files: set[str]) -> CheckFindings:
    """A check's findings in `files` only (and a failure of the check, wherever)."""
    kept, counts = found
    return (tuple(d for d in kept if d.file in files or d.rule == rules.CHECK_FAILED.id),
            tuple(c for c in counts if c[0] in files or c[1] == rules.CHECK_FAILED.id))


def merged(parts: Iterable[CheckFindings]) -> CheckFindings:
    """One check's findings run in parts over files apart, as one run gives them (the
    cap on findings listed is per file, so no part changes another's)."""
    kept: list[Diagnostic] = []
    counts: list[tuple[str, str, int]] = []
    for part_kept, part_counts in parts:
        kept += part_kept
        counts += part_counts
    return tuple(kept), tuple(counts)


def _at(repo: Repository, rule: Rule, record: Record, path: tuple[Any, ...], message: str,
        hint: str | None = None) -> Diagnostic:
    """A finding of `rule` at the key `path` inside `record` (hint None: the rule's fix)."""
    return rule.at(*repo.where(record, *path), message, hint)


# --- file names ----------------------------------------------------------------------------


@reads(*(kind.name for kind in KINDS if kind.into and kind.name_field))
@by_meeting()
def check_file_names(repo: Repository) -> Iterator[Diagnostic]:
    """A one-record file is named after its content (meetings/2022-01-26.yaml holds the
    meeting of 26 January 2022), so the folder lists the records in order.

    One invariant for every kind with a `name_field` in kinds.KINDS; each kind reports it
    under its own rule, rules.FILENAME_RULES[kind.name] (meeting-filename, ...)."""
    for kind in KINDS:
        if kind.into is None or kind.name_field is None:
            continue
        rule = rules.FILENAME_RULES[kind.name]
        for record in getattr(repo, kind.into):
            stem = Path(repo.file_of(record)).stem
            expected = kind.expected_stem(record)
            if stem != expected:
                yield _at(
                    repo, rule, record, (kind.name_field,),
                    f"This file is named '{stem}.yaml' but its {kind.name_field} is "
                    f"{expected}.",
                    f"Rename the file to {expected}.yaml, or correct the {kind.name_field}.",
                )


@reads(FOLDER_LISTING)
def check_unexpected_files(repo: Repository) -> Iterator[Diagnostic]:
    """Every file in the data folder is one fostlog reads: anything else would go
    unchecked."""
    rule = rules.FILE_UNEXPECTED
    known = top_level_names()
    # Names, not Paths: a folder of 10,000 meetings made and sorted 10,000 Path objects.
    try:
        names = sorted(os.listdir(repo.root))
    except OSError:
        return
    for name in names:
        if name.startswith(".") or name in known:
            continue
        yield rule.at(
            repo.file_for(name), 1, 1,
            f"'{name}' is not a file fostlog reads, so nothing in it is checked.",
            f"The data folder holds {layout_hint()}; move or delete this file.",
        )
    data_folder = os.path.realpath(repo.root)
    for kind in KINDS:
        if kind.folder is None:
            continue
        folder = repo.root / kind.folder
        if not within(os.path.realpath(folder), data_folder):
            continue  # a link out of the data folder: the loader says so, and lists nothing
        try:
            inside = sorted(os.listdir(folder))
        except OSError:
            continue
        for name in inside:
            relative = f"{kind.folder}/{name}"
            if name.startswith(".") or kind_of(relative) is not None:
                continue
            yield rule.at(
                repo.file_for(relative), 1, 1,
                f"'{relative}' is not read: only .yaml files are.",
                f"Rename it to end in .yaml if it is data, or move it out of {kind.folder}/.",
            )


# --- duplicates ----------------------------------------------------------------------------


_T = TypeVar("_T")


def _repeated(items: Iterable[_T], key: Callable[[_T], Any]) -> Iterator[tuple[_T, _T]]:
    """(first, later) for each item whose key an earlier item has: the first is the one
    used, and each later one is reported."""
    seen: dict[Any, _T] = {}
    for item in items:
        first = seen.setdefault(key(item), item)
        if first is not item:
            yield first, item


def _duplicates(
    repo: Repository, rule: Rule
) -> Iterator[tuple[RecordList, Record, Record, Any]]:
    """(record list, first record, later record, id) for each record whose id an earlier
    one of its registry has, in the record lists (kinds.KINDS) that report `rule`."""
    for kind in KINDS:
        for record_list in kind.lists:
            if record_list.unique is None or record_list.duplicate_rule != rule.id:
                continue
            # A registry (dict) keeps only the first of two records with one id: `every`
            # has both. A list has every record, and reading it leaves other kinds unread
            # (`every` would take every kind out of the cache).
            home = getattr(repo, record_list.into)
            records = repo.every.get(record_list.into, []) if isinstance(home, dict) else home
            unique = record_list.unique
            for first, record in _repeated(records, attrgetter(unique)):
                yield record_list, first, record, getattr(record, unique)


@reads("actions")
def check_duplicate_actions(repo: Repository) -> Iterator[Diagnostic]:
    """No two actions in the register share a number (the first is the one used)."""
    for _, first, action, ident in _duplicates(repo, rules.DUPLICATE_ACTION):
        line = repo.where(first, "id")[1]
        yield _at(repo, rules.DUPLICATE_ACTION, action, ("id",),
                  f"Action {ident} is already in the register (line {line}).")


@reads("authorities", "people", "meetings-without-minutes")
def check_duplicate_ids(repo: Repository) -> Iterator[Diagnostic]:
    """No two records of a registry (LAs, organisations, people) share an id (the first is
    the one used)."""
    for record_list, first, record, ident in _duplicates(repo, rules.DUPLICATE_ID):
        key = record_list.unique or "id"
        line = repo.where(first, key)[1]
        yield _at(repo, rules.DUPLICATE_ID, record, (key,),
                  f"The id '{ident}' is used twice in {record_list.key} (first at line "
                  f"{line}).")


# --- references ----------------------------------------------------------------------------


def _unknown(
    repo: Repository,
    rule: Rule,
    references: Iterable[Reference],
    known: Callable[[Any], bool],
    message: Callable[[Any], str],
    hint: Callable[[Any], str],
    meant: Callable[[Any], str | None] = lambda value: None,
) -> Iterator[Diagnostic]:
    """A finding of `rule` for each reference that is not `known`, its hint starting with
    "Did you mean ...?" when `meant` finds what was probably meant. Past MAX_PER_RULE in
    one file a finding is only a placeholder, for run_checks to count: a file of a million
    unknown references costs no million suggestions."""
    per_file: dict[str, int] = {}
    for record, path, value in references:
        if known(value):
            continue
        file = repo.file_of(record)
        per_file[file] = per_file.get(file, 0) + 1
        if per_file[file] > MAX_PER_RULE:
            yield rule.at(file, 1, 1, "", "")
            continue
        close = meant(value)
        did_you_mean = f"Did you mean '{close}'? " if close else ""
        yield _at(repo, rule, record, path, message(value), did_you_mean + hint(value))


def _attendee_references(repo: Repository, field: str) -> Iterator[Reference]:
    """Each `field` (person, authority, organisation) given for a meeting's chair,
    attendees and apologies."""
    for meeting in repo.meetings:
        if meeting.chair and getattr(meeting.chair, field):
            yield meeting, ("chair", field), getattr(meeting.chair, field)
        for key in ("attendees", "apologies"):
            for index, attendee in enumerate(getattr(meeting, key) or []):
                if getattr(attendee, field):
                    yield meeting, (key, index, field), getattr(attendee, field)


def _person_references(repo: Repository) -> Iterator[Reference]:
    yield from _attendee_references(repo, "person")
    for action in repo.actions:
        for index, owner in enumerate(action.owners):
            yield action, ("owners", index), owner
        for index, named in enumerate(action.named):
            if named.person is not None:
                yield action, ("named", index, "person"), named.person


def _authority_references(repo: Repository) -> Iterator[Reference]:
    for person in repo.people.values():
        if person.authority:
            yield person, ("authority",), person.authority
    for organisation in repo.organisations.values():
        for index, authority in enumerate(organisation.acts_for):
            yield organisation, ("acts_for", index), authority
    yield from _attendee_references(repo, "authority")
    for meeting in repo.meetings:
        for index, authority in enumerate(meeting.not_represented or []):
            yield meeting, ("not_represented", index), authority
    for action in repo.actions:
        for index, authority in enumerate(action.owner_authorities):
            yield action, ("owner_authorities", index), authority
    for year in repo.benchmarks:
        for index, row in enumerate(year.authorities):
            yield year, ("authorities", index, "authority"), row.authority
    for capacity in repo.capacity:
        for index, area in enumerate(capacity.areas):
            if area.authority is not None:
                yield capacity, ("areas", index, "authority"), area.authority


def _organisation_references(repo: Repository) -> Iterator[Reference]:
    for person in repo.people.values():
        if person.organisation:
            yield person, ("organisation",), person.organisation
    yield from _attendee_references(repo, "organisation")


def _action_references(repo: Repository) -> Iterator[Reference]:
    for meeting in repo.meetings:
        for key in ("actions_raised", "actions_mentioned"):
            for index, action_id in enumerate(getattr(meeting, key)):
                yield meeting, (key, index), action_id


def _meeting_references(repo: Repository) -> Iterator[Reference]:
    for action in repo.actions:
        if action.meeting is not None:
            yield action, ("meeting",), action.meeting
        for index, observation in enumerate(action.history):
            if observation.meeting is not None:
                yield action, ("history", index, "meeting"), observation.meeting
        for index, wording in enumerate(action.wordings):
            if wording.meeting is not None:
                yield action, ("wordings", index, "meeting"), wording.meeting
    for year in repo.benchmarks:
        if year.meeting is not None:
            yield year, ("meeting",), year.meeting


@reads("people", "meeting", "actions")
@by_meeting("people")
def check_unknown_people(repo: Repository) -> Iterator[Diagnostic]:
    """Every person named (chair, attendee, apology, action owner) is an id in people.yaml."""

    def meant(value: str) -> str | None:
        found = domain.find_people(value, repo)
        return found[0] if found else domain.suggest(value, repo.people)

    return _unknown(
        repo, rules.UNKNOWN_PERSON, _person_references(repo), repo.people.__contains__,
        lambda value: f"'{value}' is not a person in people.yaml.",
        lambda value: "Add the person to people.yaml, or use their id from it.",
        meant,
    )


@reads("authorities", "people", "meeting", "actions", "benchmark", "capacity")
@by_meeting("authorities", "people")
def check_unknown_authorities(repo: Repository) -> Iterator[Diagnostic]:
    """Every LA named (a person's, one an organisation acts for, at a meeting, owning an
    action, a benchmarking row) is an id in authorities.yaml."""
    return _unknown(
        repo, rules.UNKNOWN_AUTHORITY, _authority_references(repo),
        repo.authorities.__contains__,
        lambda value: f"'{value}' is not an LA in authorities.yaml.",
        lambda value: "LAs are written by their id in authorities.yaml.",
        lambda value: domain.find_authority(value, repo)
        or domain.suggest(value, repo.authorities),
    )


@reads("authorities", "people", "meeting")
@by_meeting("authorities", "people")
def check_unknown_organisations(repo: Repository) -> Iterator[Diagnostic]:
    """Every organisation named (a person's, at a meeting) is an id in authorities.yaml."""
    return _unknown(
        repo, rules.UNKNOWN_ORGANISATION, _organisation_references(repo),
        repo.organisations.__contains__,
        lambda value: f"'{value}' is not an organisation in authorities.yaml.",
        lambda value: "Organisations are written by their id in authorities.yaml.",
        lambda value: domain.find_organisation(value, repo)
        or domain.suggest(value, repo.organisations),
    )


@reads("meeting", "actions")
@by_meeting(ACTION_IDS)
def check_unknown_actions(repo: Repository) -> Iterator[Diagnostic]:
    """Every action a meeting raised or mentioned is in actions.yaml."""
    return _unknown(
        repo, rules.UNKNOWN_ACTION, _action_references(repo),
        lambda value: repo.action(value) is not None,
        lambda value: f"There is no action {value} in actions.yaml.",
        lambda value: "Check the number, or add the action to actions.yaml.",
    )


@reads("meeting", "actions", "benchmark")
def check_unknown_meetings(repo: Repository) -> Iterator[Diagnostic]:
    """Every meeting named by date (where an action was raised or reported on, where a
    benchmarking year was presented) has its file in meetings/."""
    return _unknown(
        repo, rules.UNKNOWN_MEETING, _meeting_references(repo),
        lambda value: repo.minutes_of(value) is not None,
        lambda value: f"There is no meeting file for {value.isoformat()} in meetings/.",
        lambda value: f"Check the date, or add meetings/{value.isoformat()}.yaml.",
    )


def _unknown_key(repo: Repository, rule: Rule, references: Iterable[Reference],
                 keys: Iterable[str], what: str) -> Iterator[Diagnostic]:
    """A finding of `rule` for each reference that is not one of a year's `keys` (its
    stages or its ratios: `what`)."""
    choices = sorted(keys)
    return _unknown(
        repo, rule, references, set(choices).__contains__,
        lambda value: f"'{value}' is not one of this year's {what}.",
        lambda value: f"Use one of: {', '.join(choices)}.",
        lambda value: domain.suggest(value, choices),
    )


def _stage_references(year: BenchmarkYear) -> Iterator[Reference]:
    for index, ratio in enumerate(year.ratios):
        for end in ("numerator", "denominator"):
            yield year, ("ratios", index, end), getattr(ratio, end)
    for index, row in enumerate(year.authorities):
        for key in row.counts:
            yield year, ("authorities", index, "counts", key), key
        for key in row.unknown:
            yield year, ("authorities", index, "unknown", key), key
    for index, area in enumerate(year.comparators):
        for part in ("counts", "unknown"):
            for key in getattr(area, part):
                yield year, ("comparators", index, part, key), key


@reads("benchmark")
def check_unknown_stages(repo: Repository) -> Iterator[Diagnostic]:
    """Every stage a benchmarking year uses (a ratio's numerator and denominator, the key
    of a count) is one of that year's stages."""
    for year in repo.benchmarks:
        stages = [stage.key for stage in year.stages]
        yield from _unknown_key(repo, rules.UNKNOWN_STAGE, _stage_references(year), stages,
                                "stages")


@reads("benchmark")
def check_unknown_ratios(repo: Repository) -> Iterator[Diagnostic]:
    """Every percentage printed for an LA is for one of that year's ratios."""
    for year in repo.benchmarks:
        printed = (
            (year, ("authorities", index, "printed", key), key)
            for index, row in enumerate(year.authorities)
            for key in row.printed
        )
        ratios = [ratio.key for ratio in year.ratios]
        yield from _unknown_key(repo, rules.UNKNOWN_RATIO, printed, ratios, "ratios")


# --- meetings ------------------------------------------------------------------------------


@reads("meeting", "authorities", "people")
@by_meeting("authorities", "people")
def check_present_and_absent(repo: Repository) -> Iterator[Diagnostic]:
    """No LA or person is both present at a meeting and recorded absent from it (not
    represented, or sending apologies)."""
    rule = rules.PRESENT_AND_ABSENT
    for meeting in repo.meetings:
        present = domain.present_authorities(meeting, repo)
        for index, authority in enumerate(meeting.not_represented or []):
            if authority in present:
                yield _at(
                    repo, rule, meeting, ("not_represented", index),
                    f"'{authority}' is recorded as not represented, but an attendee "
                    "represents it.",
                    "Remove it from not_represented, or correct the attendee's LA.",
                )
        attending = {a.person for a in meeting.attendees or [] if a.person}
        if meeting.chair and meeting.chair.person:
            attending.add(meeting.chair.person)
        for index, apology in enumerate(meeting.apologies or []):
            if apology.person and apology.person in attending:
                yield _at(
                    repo, rule, meeting, ("apologies", index),
                    f"'{apology.person}' is both an attendee and sent apologies.",
                    "Keep them in one of the two lists.",
                )
            elif not apology.person and apology.authority in present:
                yield _at(
                    repo, rule, meeting, ("apologies", index),
                    f"'{apology.authority}' sent apologies, but an attendee represents it.",
                    "Name the person who sent apologies, or remove the entry.",
                )


@reads("meeting")
@by_meeting()
def check_attendance_full_has_list(repo: Repository) -> Iterator[Diagnostic]:
    """A meeting whose attendance is `full` has an attendee list: `full` says the list is
    complete."""
    for meeting in repo.meetings:
        if meeting.attendance is AttendanceKnown.full and meeting.attendees is None:
            yield _at(repo, rules.ATTENDANCE_FULL_WITHOUT_LIST, meeting, ("attendance",),
                      "attendance is 'full' but there is no attendee list.")


@reads("meeting", "authorities", "people")
@by_meeting("authorities", "people")
def check_attendance_accounted(repo: Repository) -> Iterator[Diagnostic]:
    """At a meeting with a full attendee list, every LA is present, not represented or
    sending apologies (a warning: the minutes may simply not say)."""
    for meeting in repo.meetings:
        if meeting.attendance is not AttendanceKnown.full or meeting.attendees is None:
            continue
        accounted = set(domain.present_authorities(meeting, repo))
        accounted |= set(meeting.not_represented or [])
        accounted |= domain.apology_authorities(meeting, repo)
        missing = sorted(set(repo.authorities) - accounted)
        if missing:
            yield _at(
                repo, rules.ATTENDANCE_UNACCOUNTED, meeting, ("attendance",),
                "With a full attendee list every LA should be present, not represented or "
                "sending apologies; these are none of the three: " + ", ".join(missing) + ".",
            )


@reads("meeting", "actions")
def check_meeting_action_links(repo: Repository) -> Iterator[Diagnostic]:
    """An action's `meeting` and that meeting's `actions_raised` agree, both ways."""
    rule = rules.ACTION_MEETING_LINK
    for action in repo.actions:
        if action.meeting is None:
            continue
        meeting = repo.minutes_of(action.meeting)  # its actions raised, without its record
        if meeting is not None and action.id not in meeting.actions_raised:
            yield _at(
                repo, rule, action, ("meeting",),
                f"Action {action.id} says it was raised at the {action.meeting.isoformat()} "
                "meeting, but that meeting's actions_raised does not list it.",
                f"Add '{action.id}' to actions_raised in that meeting's file, or correct "
                "the action's meeting.",
            )
    for held in repo.minutes_index():
        for index, action_id in enumerate(held.actions_raised):
            raised = repo.action(action_id)
            if raised is not None and raised.meeting != held.day:
                yield _at(
                    repo, rule, held.record(), ("actions_raised", index),
                    f"This meeting lists action {action_id} as raised here, but the action "
                    "gives a different meeting.",
                    f"Set 'meeting: {held.day.isoformat()}' on action {action_id} in "
                    "actions.yaml, or remove it from this list.",
                )


# --- actions -------------------------------------------------------------------------------


@reads("actions")
def check_history_order(repo: Repository) -> Iterator[Diagnostic]:
    """An action's history is in date order, oldest first (a report dated only by its
    month fits anywhere in that month)."""
    for action in repo.actions:
        for index in range(1, len(action.history)):
            before, observation = action.history[index - 1], action.history[index]
            # A report dated only by its month may come before or after a day in it.
            if domain.observation_last_day(observation) < before.as_of:
                yield _at(
                    repo, rules.HISTORY_ORDER, action, ("history", index, "as_of"),
                    f"Action {action.id}: this observation "
                    f"({domain.observation_date_text(observation)}) comes after one dated "
                    f"{domain.observation_date_text(before)}.",
                )


@reads("actions")
def check_observations_after_raised(repo: Repository) -> Iterator[Diagnostic]:
    """No observation of an action is dated before the action was raised (within the
    month, for an action the log dates only by month)."""
    for action in repo.actions:
        for index, observation in enumerate(action.history):
            if not domain.raised_by(action, domain.observation_last_day(observation)):
                yield _at(
                    repo, rules.OBSERVATION_BEFORE_RAISED, action,
                    ("history", index, "as_of"),
                    f"Action {action.id}: this observation "
                    f"({domain.observation_date_text(observation)}) is dated before the "
                    f"action was raised ({action.raised.isoformat()}).",
                )


# --- benchmarks ----------------------------------------------------------------------------


def _printed_percentages(
    year: BenchmarkYear,
) -> Iterator[tuple[tuple[Any, ...], BenchmarkRow, Ratio, int]]:
    """(key path, row, ratio, percentage) for each percentage printed for a known ratio."""
    ratios = {ratio.key: ratio for ratio in year.ratios}
    for index, row in enumerate(year.authorities):
        for key, printed in row.printed.items():
            ratio = ratios.get(key)
            if ratio is not None and printed is not None:
                yield ("authorities", index, "printed", key), row, ratio, printed


@reads("benchmark", "authorities")
def check_benchmark_arithmetic(repo: Repository) -> Iterator[Diagnostic]:
    """Each percentage printed over known counts agrees with them, rounded as the group's
    spreadsheet rounds (halves up)."""
    for year in repo.benchmarks:
        for path, row, ratio, printed in _printed_percentages(year):
            value = domain.ratio_value(row, ratio)
            if value is not None and not domain.printed_agrees(printed, value):
                name = repo.authority_name(row.authority)
                yield _at(
                    repo, rules.BENCHMARK_ARITHMETIC, year, path,
                    f"{name}: {ratio.label} is printed as {printed}%, but the counts give "
                    f"{domain.ratio_words(year, ratio, f'{float(value * 100):.1f}%')} "
                    f"({row.counts[ratio.numerator]} of {row.counts[ratio.denominator]}).",
                )


@reads("benchmark", "authorities")
def check_benchmark_verifiable(repo: Repository) -> Iterator[Diagnostic]:
    """Each printed percentage can be checked: the counts it needs are known. A 0% printed
    over a blank cell is the spreadsheet's artefact, not a claim, and passes."""
    for year in repo.benchmarks:
        for path, row, ratio, printed in _printed_percentages(year):
            if printed != 0 and domain.ratio_value(row, ratio) is None:
                yield _at(
                    repo, rules.BENCHMARK_UNVERIFIABLE, year, path,
                    f"{repo.authority_name(row.authority)}: {printed}% is printed for "
                    f"{ratio.label}, but a count it needs is unknown, so it cannot be checked.",
                )


@reads("benchmark", "authorities")
def check_ratios_at_most_100(repo: Repository) -> Iterator[Diagnostic]:
    """No LA's ratio is above 100% (a later stage outnumbering an earlier one): a warning,
    since the minutes can print it so."""
    for year in repo.benchmarks:
        for index, row in enumerate(year.authorities):
            for ratio in year.ratios:
                value = domain.ratio_value(row, ratio)
                if value is not None and value > 1:
                    name = repo.authority_name(row.authority)
                    labels = {stage.key: stage.label for stage in year.stages}
                    yield _at(
                        repo, rules.RATIO_OVER_100, year,
                        ("authorities", index, "counts", ratio.numerator),
                        f"{name}: {domain.ratio_words(year, ratio, f'{float(value * 100):.0f}%')} "
                        f"({name} counted more at "
                        f"{domain.stage_words(labels.get(ratio.numerator, ratio.numerator))} "
                        "than "
                        f"{domain.stage_words(labels.get(ratio.denominator, ratio.denominator))}).",
                    )


# --- LA codes and capacity -----------------------------------------------------------------


def _codes_text(codes: Iterable[GssCode | reference.LaEntry]) -> str:
    found = []
    for entry in codes:
        code = entry.code if isinstance(entry, GssCode) else "/".join(entry.gss_codes)
        dates = (f"{entry.since.isoformat() if entry.since else '?'} to "
                 f"{entry.until.isoformat()}" if entry.until else
                 f"since {entry.since.isoformat() if entry.since else '?'}")
        found.append(f"{code} ({dates})")
    return ", ".join(found) or "none"


def _code_problems(repo: Repository, authority: Authority,
                   entries: list[reference.LaEntry]) -> Iterator[Diagnostic]:
    rule = rules.AUTHORITY_CODES
    where = reference.LAS_FILE
    if authority.dfe_number is None:
        known = {code for entry in entries for code in entry.gss_codes}
        for index, code in enumerate(authority.gss_codes):
            if code.code not in known:
                yield _at(repo, rule, authority, ("gss_codes", index, "code"),
                          f"{authority.name}: {code.code} is not a GSS code in DfE's list "
                          f"({where}).")
        return
    listed = reference.entries_for(entries, authority.dfe_number)
    if not listed:
        yield _at(repo, rule, authority, ("dfe_number",),
                  f"{authority.name}: DfE's list ({where}) has no LA numbered "
                  f"{authority.dfe_number}.")
        return
    latest = listed[-1]
    if all(domain.find_authority(e.name, repo) != authority.id for e in listed):
        yield _at(repo, rule, authority, ("dfe_number",),
                  f"{authority.name}: DfE's list gives {authority.dfe_number} to "
                  f"{latest.name} (line {latest.line} of {where}).",
                  f"Correct the dfe_number, or add '{latest.name}' to the LA's aliases if it "
                  "is the same LA.")
        return
    given = [(c.code, c.since, c.until) for c in authority.gss_codes]
    expected = [(e.gss_codes[0], e.since, e.until) for e in listed]
    if authority.gss_codes and given != expected:
        yield _at(repo, rule, authority, ("gss_codes",),
                  f"{authority.name}: its GSS codes are {_codes_text(authority.gss_codes)}, "
                  f"but DfE's list gives {authority.dfe_number} "
                  f"{_codes_text(listed)}.",
                  f"Copy them from lines {', '.join(str(e.line) for e in listed)} of "
                  f"src/fostlog/reference/{where}.")
    if authority.region is not None and authority.region != latest.region:
        yield _at(repo, rule, authority, ("region",),
                  f"{authority.name}: its region is {authority.region}, but DfE's list puts "
                  f"it in {latest.region}.")


@reads("authorities")
def check_authority_codes(repo: Repository) -> Iterator[Diagnostic]:
    """Each LA's DfE number, GSS codes (with their dates) and region are those DfE's list of
    LAs gives it (reference/las.csv, shipped with fostlog), and the number is the LA's (its
    name or an alias is the list's name for it)."""
    coded = [a for a in repo.authorities.values()
             if a.dfe_number is not None or a.gss_codes or a.region is not None]
    if not coded:
        return
    entries = reference.la_list()
    if entries is None:
        yield rules.REFERENCE_MISSING.at(
            repo.file_for("authorities.yaml"), 1, 1,
            f"DfE's list of LAs ({reference.LAS_FILE}) is not installed with fostlog, so the "
            "LA codes in authorities.yaml were not checked.")
        return
    for authority in coded:
        yield from _code_problems(repo, authority, entries)


@reads("capacity")
def check_capacity_measures(repo: Repository) -> Iterator[Diagnostic]:
    """Every figure in a capacity file is for a measure its `measures` list declares, with
    the source's label for it."""
    for capacity in repo.capacity:
        declared = sorted(str(m.key) for m in capacity.measures)
        for index, area in enumerate(capacity.areas):
            for part in ("values", "unknown"):
                for key in getattr(area, part):
                    if str(key) not in declared:
                        yield _at(
                            repo, rules.UNKNOWN_MEASURE, capacity,
                            ("areas", index, part, str(key)),
                            f"{area.name}: '{key}' is not one of this file's measures.",
                            f"Declare it under measures (with the source's label), or use one "
                            f"of: {', '.join(declared)}.",
                        )


@reads("capacity", "benchmark")
def check_unknown_reasons(repo: Repository) -> Iterator[Diagnostic]:
    """A capacity figure is null exactly when `unknown` gives the reason (suppressed, not
    returned, blank); a benchmark count has a reason only when it is null."""
    rule = rules.UNKNOWN_REASON
    for capacity in repo.capacity:
        for index, area in enumerate(capacity.areas):
            for key, value in area.values.items():
                if value is None and key not in area.unknown:
                    yield _at(repo, rule, capacity, ("areas", index, "values", str(key)),
                              f"{area.name}: {key} is null, with no reason under unknown.")
            for key in area.unknown:
                if area.values.get(key) is not None:
                    yield _at(repo, rule, capacity, ("areas", index, "unknown", str(key)),
                              f"{area.name}: {key} has a reason for being unknown, but a "
                              f"figure ({area.values[key]}).")
    for year in repo.benchmarks:
        rows: list[tuple[str, int, str, BenchmarkRow | BenchmarkArea]] = [
            ("authorities", i, row.authority, row) for i, row in enumerate(year.authorities)]
        rows += [("comparators", i, area.name, area) for i, area in enumerate(year.comparators)]
        for part, index, name, row in rows:
            for stage in row.unknown:
                if row.counts.get(stage) is not None:
                    yield _at(repo, rule, year, (part, index, "unknown", stage),
                              f"{name}: {stage} has a reason for being unknown, but a count "
                              f"({row.counts[stage]}).")


@reads("capacity")
def check_capacity_parts(repo: Repository) -> Iterator[Diagnostic]:
    """Where places filled, vacant and not available differ from places approved by more
    than the source's rounding explains, the file records that gap (parts_gap), so the
    gap reads as the source's and not as a typo; and a recorded gap is the figures' gap."""
    for capacity in repo.capacity:
        for index, area in enumerate(capacity.areas):
            gap = area.gap_beyond_rounding(capacity.rounding)
            if gap == area.parts_gap:
                continue
            rounding = (f"rounding to the nearest {capacity.rounding}" if capacity.rounding
                        else "exact counts")
            if gap is None:
                message = (f"{area.name}: parts_gap is {area.parts_gap}, but the figures "
                           f"differ by no more than {rounding} explains (or one is unknown).")
            else:
                message = (f"{area.name}: places filled, vacant and not available come to "
                           f"{gap:+} places from places approved, more than {rounding} "
                           "explains" + (f"; parts_gap says {area.parts_gap}." if
                                          area.parts_gap is not None else "."))
            yield _at(repo, rules.CAPACITY_PARTS_GAP, capacity,
                      ("areas", index, "parts_gap" if area.parts_gap is not None
                       else "values"), message)


@reads("capacity")
def check_duplicate_areas(repo: Repository) -> Iterator[Diagnostic]:
    """A capacity file lists each area once (an LA by its id, another area by its level
    and name)."""
    for capacity in repo.capacity:
        areas = list(enumerate(capacity.areas))
        for (first, _), (index, area) in _repeated(areas, lambda each: (
                ("la", each[1].authority) if each[1].authority
                else (str(each[1].level), each[1].name))):
            yield _at(repo, rules.DUPLICATE_AREA, capacity, ("areas", index),
                      f"{area.name} is listed twice in this file (first as area {first + 1}).")


# Every cross-file check, each reporting one rule (check_file_names: each kind's own).
# --- what the minutes know ----------------------------------------------------------------


@reads("meeting")
def check_duplicate_meetings(repo: Repository) -> Iterator[Diagnostic]:
    """One meeting file per date: two would each be counted (attendance, actions raised)."""
    # The days alone: only a duplicate's record is read.
    for first, held in _repeated(repo.minutes_index(), lambda m: m.day):
        meeting, earlier = held.record(), first.record()
        yield _at(repo, rules.DUPLICATE_MEETING, meeting, ("date",),
                  f"The meeting of {meeting.date.isoformat()} is also in "
                  f"{repo.file_of(earlier)} (line {repo.where(earlier, 'date')[1]}).")


@reads("benchmark")
def check_duplicate_rows(repo: Repository) -> Iterator[Diagnostic]:
    """A benchmarking year has one row per LA (two would be ranked and totalled twice)."""
    for year in repo.benchmarks:
        rows = list(enumerate(year.authorities))
        for (first, _), (index, row) in _repeated(rows, lambda each: each[1].authority):
            line = repo.where(year, "authorities", first)[1]
            yield _at(repo, rules.DUPLICATE_ROW, year, ("authorities", index, "authority"),
                      f"{row.authority} already has a row in this year (line {line}).")


@reads("meeting")
@by_meeting()
def check_attendees_name_someone(repo: Repository) -> Iterator[Diagnostic]:
    """Every chair, attendee and apology names someone: a person, an LA, an organisation
    or the entry as the minutes print it (an empty entry counts nobody and says nothing)."""
    for meeting in repo.meetings:
        entries: list[tuple[tuple[str | int, ...], Any]] = (
            [(("chair",), meeting.chair)] if meeting.chair is not None else [])
        for key in ("attendees", "apologies"):
            entries += [((key, index), entry)
                        for index, entry in enumerate(getattr(meeting, key) or [])]
        for path, entry in entries:
            if not (entry.person or entry.authority or entry.organisation
                    or entry.as_written):
                what = {"chair": "chair", "attendees": "attendee", "apologies": "apology"}
                yield _at(repo, rules.EMPTY_ATTENDEE, meeting, path,
                          f"This {what[str(path[0])]} names nobody.")


@reads("meeting", "meetings-without-minutes")
def check_meetings_without_minutes_have_none(repo: Repository) -> Iterator[Diagnostic]:
    """A meeting listed as having no minutes has no meeting file: none on its day, and for
    an entry known only by its month, none in that month (it would count twice)."""
    minuted = [m.day for m in repo.minutes_index()]
    for entry in repo.meetings_without_minutes:
        if entry.day is not None:
            clash = [d for d in minuted if d == entry.day]
        else:
            clash = [d for d in minuted if d.isoformat()[:7] == entry.month]
        if clash:
            yield _at(
                repo, rules.MEETING_HAS_MINUTES, entry, ("day" if entry.day else "month",),
                f"The meeting of {entry.key} is listed as having no minutes, but "
                f"meetings/{clash[0].isoformat()}.yaml holds minutes of "
                f"{'that day' if entry.day else 'that month'}.",
            )


@reads("meeting")
@by_meeting()
def check_inferred_lists_exist(repo: Repository) -> Iterator[Diagnostic]:
    """not_represented_inferred explains a not_represented list, so the list is there."""
    for meeting in repo.meetings:
        if meeting.not_represented_inferred is not None and meeting.not_represented is None:
            yield _at(repo, rules.INFERRED_WITHOUT_LIST, meeting,
                      ("not_represented_inferred",),
                      "not_represented_inferred is given, but not_represented is null.")


def _statuses_named(wording: str) -> set[str]:
    """The statuses a recorded wording names, reading each part split at '/', ',' or
    ' or ' (Ongoing/complete names in_progress and done)."""
    import re

    from fostlog.core.vocabulary import parse_status

    parts = re.split(r"/|,|\bor\b|\band\b", wording)
    return {str(found) for part in parts if (found := parse_status(part)) is not None}


@reads("actions")
def check_ambiguous_statuses_are_marked(repo: Repository) -> Iterator[Diagnostic]:
    """A recorded wording that names two statuses is marked ambiguous, so lists can say
    that the status shown is a reading, not what the log says."""
    for action in repo.actions:
        for index, observation in enumerate(action.history):
            if observation.ambiguous or not observation.recorded:
                continue
            named = _statuses_named(observation.recorded)
            if len(named) > 1:
                yield _at(repo, rules.STATUS_AMBIGUOUS, action, ("history", index, "recorded"),
                          f"Action {action.id}: '{observation.recorded}' can be read as "
                          + " or ".join(sorted(named)) + ".")


@reads("actions")
def check_due_dates(repo: Repository) -> Iterator[Diagnostic]:
    """A due date says when: a date (for a month, the month's last day), or the next
    meeting; and an action is not due before it was raised."""
    import calendar

    from fostlog.core.models import DatePrecision

    for action in repo.actions:
        due = action.due
        if due is None:
            continue
        if due.date is None and not due.next_meeting:
            yield _at(repo, rules.DUE_DATE, action, ("due",),
                      f"Action {action.id}: the due date gives neither a date nor the next "
                      "meeting.")
            continue
        if due.date is None:
            continue
        if due.precision is DatePrecision.month:
            last = calendar.monthrange(due.date.year, due.date.month)[1]
            if due.date.day != last:
                yield _at(repo, rules.DUE_DATE, action, ("due", "date"),
                          f"Action {action.id}: due to the month, but {due.date.isoformat()} "
                          "is not the month's last day.",
                          f"Write {due.date.replace(day=last).isoformat()} (the last day of "
                          "the month it is due in).")
        if not domain.raised_by(action, due.date):
            yield _at(repo, rules.DUE_BEFORE_RAISED, action, ("due", "date"),
                      f"Action {action.id} is due {due.date.isoformat()}, before it was "
                      f"raised ({action.raised.isoformat()}).")


CHECKS: list[Check] = [
    check_unexpected_files,
    check_file_names,
    check_duplicate_actions,
    check_duplicate_ids,
    check_unknown_people,
    check_unknown_authorities,
    check_unknown_organisations,
    check_unknown_actions,
    check_unknown_meetings,
    check_unknown_stages,
    check_unknown_ratios,
    check_present_and_absent,
    check_attendance_full_has_list,
    check_attendance_accounted,
    check_meeting_action_links,
    check_history_order,
    check_observations_after_raised,
    check_meetings_without_minutes_have_none,
    check_inferred_lists_exist,
    check_ambiguous_statuses_are_marked,
    check_due_dates,
    check_benchmark_arithmetic,
    check_benchmark_verifiable,
    check_ratios_at_most_100,
    check_authority_codes,
    check_capacity_measures,
    check_unknown_reasons,
    check_capacity_parts,
    check_duplicate_areas,
    check_duplicate_meetings,
    check_duplicate_rows,
    check_attendees_name_someone,
]


def _check_failed(repo: Repository, check: Check, error: Exception) -> Diagnostic:
    """The finding that says a check crashed: where, so that it can be reported."""
    name = getattr(check, "__name__", repr(check))
    frame = traceback.extract_tb(error.__traceback__)[-1:]
    where = f" at {Path(frame[0].filename).name}:{frame[0].lineno}" if frame else ""
    return rules.CHECK_FAILED.at(
        repo.file_for("."), 1, 1,
        f"The check {name} failed with {type(error).__name__}: {error}{where}; what it "
        "checks was not checked.",
    )




def run_check(repo: Repository, check: Check) -> CheckFindings:
    """Run one check. One that raises is reported as a check-failed diagnostic, keeping
    what it found before; FOSTLOG_DEBUG=1 lets the exception through instead, with its
    traceback."""
    found: list[Diagnostic] = []
    listed: dict[tuple[str, str], int] = {}
    try:
        for diagnostic in check(repo):
            key = (diagnostic.file, diagnostic.rule)
            listed[key] = listed.get(key, 0) + 1
            if listed[key] <= MAX_PER_RULE:
                found.append(diagnostic)
    except Exception as error:  # a bug in fostlog: say so, and carry on with the rest
        if os.environ.get("FOSTLOG_DEBUG"):
            raise
        failed = _check_failed(repo, check, error)
        key = (failed.file, failed.rule)
        listed[key] = listed.get(key, 0) + 1
        if listed[key] <= MAX_PER_RULE:
            found.append(failed)
    return tuple(found), tuple((file, rule, count) for (file, rule), count in listed.items())


def combine(results: Iterable[CheckFindings]) -> list[Diagnostic]:
    """The findings of checks run one by one, as if run together: at most MAX_PER_RULE
    findings of one rule are listed per file; the rest are counted in one
    too-many-findings finding, so a hostile file cannot flood the output."""
    found: list[Diagnostic] = []
    listed: dict[tuple[str, str], int] = {}
    for kept, counts in results:
        seen: dict[tuple[str, str], int] = {}  # in this check
        for diagnostic in kept:
            key = (diagnostic.file, diagnostic.rule)
            seen[key] = seen.get(key, 0) + 1
            if listed.get(key, 0) + seen[key] <= MAX_PER_RULE:
                found.append(diagnostic)
        for file, rule, count in counts:
            listed[(file, rule)] = listed.get((file, rule), 0) + count
    for (file, rule), count in listed.items():
        if count > MAX_PER_RULE:
            found.append(rules.TOO_MANY_FINDINGS.at(
                file, 1, 1, f"This file has {count:,} findings of {rule}; only the first "
                f"{MAX_PER_RULE} are listed."))
    return found


def run_checks(repo: Repository, checks: Iterable[Check] | None = None) -> list[Diagnostic]:
    """Run every check (or `checks`) over a loaded repository (see run_check, combine)."""
    return combine(run_check(repo, check) for check in (CHECKS if checks is None else checks))
