"""Cross-file rules: plain functions Repository -> Iterable[Diagnostic], listed in CHECKS.

Each rule has an id (shown as error[rule-id]) that the README documents and the tests
exercise with a small bad fixture.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from fostlog import domain
from fostlog.diagnostics import Diagnostic, Severity
from fostlog.kinds import KINDS, kind_of, layout_hint, top_level_names
from fostlog.models import AttendanceKnown, Record
from fostlog.repository import Repository

Check = Callable[[Repository], Iterable[Diagnostic]]


def _at(
    repo: Repository,
    record: Record,
    path: tuple[Any, ...],
    severity: Severity,
    rule: str,
    message: str,
    hint: str,
) -> Diagnostic:
    file, line, column = repo.where(record, *path)
    return Diagnostic(file, line, column, severity, rule, message, hint)


def _error(repo: Repository, record: Record, path: tuple[Any, ...], rule: str, message: str,
           hint: str) -> Diagnostic:
    return _at(repo, record, path, Severity.error, rule, message, hint)


def _warning(repo: Repository, record: Record, path: tuple[Any, ...], rule: str, message: str,
             hint: str) -> Diagnostic:
    return _at(repo, record, path, Severity.warning, rule, message, hint)


# --- file names ----------------------------------------------------------------------------


def check_file_names(repo: Repository) -> Iterator[Diagnostic]:
    """A one-record file is named after its content (meetings/2022-01-26.yaml holds the
    meeting of 26 January 2022), so the folder lists the records in order."""
    for kind in KINDS:
        if kind.into is None or kind.name_field is None:
            continue
        for record in getattr(repo, kind.into):
            stem = Path(repo.file_of(record)).stem
            expected = kind.expected_stem(record)
            if stem != expected:
                yield _error(
                    repo, record, (kind.name_field,), f"{kind.name}-filename",
                    f"This file is named '{stem}.yaml' but its {kind.name_field} is "
                    f"{expected}.",
                    f"Rename the file to {expected}.yaml, or correct the {kind.name_field}.",
                )


def check_unexpected_files(repo: Repository) -> Iterator[Diagnostic]:
    """Every file in the data folder is one fostlog reads: anything else would go
    unchecked."""
    known = top_level_names()
    try:
        entries = sorted(repo.root.iterdir())
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith(".") or entry.name in known:
            continue
        yield Diagnostic(
            repo.file_for(entry.name), 1, 1, Severity.warning, "file-unexpected",
            f"'{entry.name}' is not a file fostlog reads, so nothing in it is checked.",
            f"The data folder holds {layout_hint()}; move or delete this file.",
        )
    for kind in KINDS:
        if kind.folder is None:
            continue
        try:
            inside = sorted((repo.root / kind.folder).iterdir())
        except OSError:
            continue
        for entry in inside:
            relative = f"{kind.folder}/{entry.name}"
            if entry.name.startswith(".") or kind_of(relative) is not None:
                continue
            yield Diagnostic(
                repo.file_for(relative), 1, 1, Severity.warning, "file-unexpected",
                f"'{relative}' is not read: only .yaml files are.",
                f"Rename it to end in .yaml if it is data, or move it out of {kind.folder}/.",
            )


# --- duplicates ----------------------------------------------------------------------------


def check_duplicate_ids(repo: Repository) -> Iterator[Diagnostic]:
    """No two records of a registry share an id (the first is the one used)."""
    for kind in KINDS:
        for record_list in kind.lists:
            if record_list.unique is None:
                continue
            seen: dict[Any, Record] = {}
            for record in repo.every.get(record_list.into, []):
                ident = getattr(record, record_list.unique)
                first = seen.setdefault(ident, record)
                if first is record:
                    continue
                line = repo.where(first, record_list.unique)[1]
                if record_list.duplicate_rule == "duplicate-action":
                    yield _error(
                        repo, record, ("id",), "duplicate-action",
                        f"Action {ident} is already in the register (line {line}).",
                        "Each action appears once: add what this entry says to the first "
                        "one's history, or give this action the next free number.",
                    )
                else:
                    yield _error(
                        repo, record, (record_list.unique,), record_list.duplicate_rule,
                        f"The id '{ident}' is used twice in {record_list.key} (first at line "
                        f"{line}).",
                        "Give each entry its own id, or merge the two entries.",
                    )


# --- references ----------------------------------------------------------------------------


def _unknown_authority(repo: Repository, record: Record, path: tuple[Any, ...],
                       value: str) -> Diagnostic | None:
    if value in repo.authorities:
        return None
    meant = domain.find_authority(value, repo) or domain.suggest(value, repo.authorities)
    hint = f"Did you mean '{meant}'? " if meant else ""
    hint += "LAs are written by their id in authorities.yaml."
    return _error(repo, record, path, "unknown-authority",
                  f"'{value}' is not an LA in authorities.yaml.", hint)


def _unknown_organisation(repo: Repository, record: Record, path: tuple[Any, ...],
                          value: str) -> Diagnostic | None:
    if value in repo.organisations:
        return None
    meant = domain.find_organisation(value, repo) or domain.suggest(value, repo.organisations)
    hint = f"Did you mean '{meant}'? " if meant else ""
    hint += "Organisations are written by their id in authorities.yaml."
    return _error(repo, record, path, "unknown-organisation",
                  f"'{value}' is not an organisation in authorities.yaml.", hint)


def _unknown_person(repo: Repository, record: Record, path: tuple[Any, ...],
                    value: str) -> Diagnostic | None:
    if value in repo.people:
        return None
    meant = domain.find_people(value, repo)
    close = meant[0] if meant else domain.suggest(value, repo.people)
    hint = f"Did you mean '{close}'? " if close else ""
    hint += "Add the person to people.yaml, or use their id from it."
    return _error(repo, record, path, "unknown-person",
                  f"'{value}' is not a person in people.yaml.", hint)


def _unknown_action(repo: Repository, record: Record, path: tuple[Any, ...],
                    value: str) -> Diagnostic | None:
    if repo.action(value) is not None:
        return None
    return _error(repo, record, path, "unknown-action",
                  f"There is no action {value} in actions.yaml.",
                  "Check the number, or add the action to actions.yaml.")


def _unknown_meeting(repo: Repository, record: Record, path: tuple[Any, ...],
                     value: Any) -> Diagnostic | None:
    if value is None or repo.meeting(value) is not None:
        return None
    return _error(repo, record, path, "unknown-meeting",
                  f"There is no meeting file for {value.isoformat()} in meetings/.",
                  f"Check the date, or add meetings/{value.isoformat()}.yaml.")


def _attendee_references(repo: Repository, record: Record, path: tuple[Any, ...],
                         attendee: Any) -> Iterator[Diagnostic | None]:
    if attendee.person:
        yield _unknown_person(repo, record, (*path, "person"), attendee.person)
    if attendee.authority:
        yield _unknown_authority(repo, record, (*path, "authority"), attendee.authority)
    if attendee.organisation:
        yield _unknown_organisation(repo, record, (*path, "organisation"), attendee.organisation)


def _references(repo: Repository) -> Iterator[Diagnostic | None]:
    for person in repo.people.values():
        if person.authority:
            yield _unknown_authority(repo, person, ("authority",), person.authority)
        if person.organisation:
            yield _unknown_organisation(repo, person, ("organisation",), person.organisation)
    for organisation in repo.organisations.values():
        for index, authority in enumerate(organisation.acts_for):
            yield _unknown_authority(repo, organisation, ("acts_for", index), authority)
    for meeting in repo.meetings:
        if meeting.chair:
            yield from _attendee_references(repo, meeting, ("chair",), meeting.chair)
        for key in ("attendees", "apologies"):
            for index, attendee in enumerate(getattr(meeting, key) or []):
                yield from _attendee_references(repo, meeting, (key, index), attendee)
        for index, authority in enumerate(meeting.not_represented or []):
            yield _unknown_authority(repo, meeting, ("not_represented", index), authority)
        for key in ("actions_raised", "actions_mentioned"):
            for index, action_id in enumerate(getattr(meeting, key)):
                yield _unknown_action(repo, meeting, (key, index), action_id)
    for action in repo.actions:
        for index, owner in enumerate(action.owners):
            yield _unknown_person(repo, action, ("owners", index), owner)
        for index, authority in enumerate(action.owner_authorities):
            yield _unknown_authority(repo, action, ("owner_authorities", index), authority)
        yield _unknown_meeting(repo, action, ("meeting",), action.meeting)
        for index, observation in enumerate(action.history):
            yield _unknown_meeting(repo, action, ("history", index, "meeting"),
                                   observation.meeting)
    for year in repo.benchmarks:
        stages = {stage.key for stage in year.stages}
        ratios = {ratio.key for ratio in year.ratios}
        yield _unknown_meeting(repo, year, ("meeting",), year.meeting)
        for index, ratio in enumerate(year.ratios):
            for end in ("numerator", "denominator"):
                key = getattr(ratio, end)
                if key not in stages:
                    yield _error(repo, year, ("ratios", index, end), "unknown-stage",
                                 f"The ratio '{ratio.key}' uses '{key}', which is not a stage.",
                                 "Use one of the stage keys: " + ", ".join(sorted(stages)) + ".")
        for index, row in enumerate(year.authorities):
            yield _unknown_authority(repo, year, ("authorities", index, "authority"),
                                     row.authority)
            for key in row.counts:
                if key not in stages:
                    yield _error(repo, year, ("authorities", index, "counts", key),
                                 "unknown-stage", f"'{key}' is not one of this year's stages.",
                                 "Use one of: " + ", ".join(sorted(stages)) + ".")
            for key in row.printed:
                if key not in ratios:
                    yield _error(repo, year, ("authorities", index, "printed", key),
                                 "unknown-ratio", f"'{key}' is not one of this year's ratios.",
                                 "Use one of: " + ", ".join(sorted(ratios)) + ".")


def check_references(repo: Repository) -> Iterator[Diagnostic]:
    return (d for d in _references(repo) if d is not None)


# --- meetings ------------------------------------------------------------------------------


def check_present_and_absent(repo: Repository) -> Iterator[Diagnostic]:
    for meeting in repo.meetings:
        present = domain.present_authorities(meeting, repo)
        for index, authority in enumerate(meeting.not_represented or []):
            if authority in present:
                yield _error(
                    repo, meeting, ("not_represented", index), "present-and-absent",
                    f"'{authority}' is recorded as not represented, but an attendee "
                    "represents it.",
                    "Remove it from not_represented, or correct the attendee's LA.",
                )
        attending = {a.person for a in meeting.attendees or [] if a.person}
        if meeting.chair and meeting.chair.person:
            attending.add(meeting.chair.person)
        for index, apology in enumerate(meeting.apologies or []):
            if apology.person and apology.person in attending:
                yield _error(
                    repo, meeting, ("apologies", index), "present-and-absent",
                    f"'{apology.person}' is both an attendee and sent apologies.",
                    "Keep them in one of the two lists.",
                )
            elif not apology.person and apology.authority in present:
                yield _error(
                    repo, meeting, ("apologies", index), "present-and-absent",
                    f"'{apology.authority}' sent apologies, but an attendee represents it.",
                    "Name the person who sent apologies, or remove the entry.",
                )


def check_attendance_accounted(repo: Repository) -> Iterator[Diagnostic]:
    for meeting in repo.meetings:
        if meeting.attendance is not AttendanceKnown.full:
            continue
        if meeting.attendees is None:
            yield _error(
                repo, meeting, ("attendance",), "attendance-full-without-list",
                "attendance is 'full' but there is no attendee list.",
                "List the attendees, or set attendance to partial or none.",
            )
            continue
        accounted = set(domain.present_authorities(meeting, repo))
        accounted |= set(meeting.not_represented or [])
        accounted |= domain.apology_authorities(meeting, repo)
        missing = sorted(set(repo.authorities) - accounted)
        if missing:
            yield _warning(
                repo, meeting, ("attendance",), "attendance-unaccounted",
                "With a full attendee list every LA should be present, not represented or "
                "sending apologies; these are none of the three: " + ", ".join(missing) + ".",
                "Add them to not_represented (or apologies), or set attendance to partial.",
            )


def check_meeting_action_links(repo: Repository) -> Iterator[Diagnostic]:
    for action in repo.actions:
        if action.meeting is None:
            continue
        meeting = repo.meeting(action.meeting)
        if meeting is not None and action.id not in meeting.actions_raised:
            yield _warning(
                repo, action, ("meeting",), "action-meeting-link",
                f"Action {action.id} says it was raised at the {action.meeting.isoformat()} "
                "meeting, but that meeting's actions_raised does not list it.",
                f"Add '{action.id}' to actions_raised in that meeting's file, or correct "
                "the action's meeting.",
            )
    for meeting in repo.meetings:
        for index, action_id in enumerate(meeting.actions_raised):
            raised = repo.action(action_id)
            if raised is not None and raised.meeting != meeting.date:
                yield _warning(
                    repo, meeting, ("actions_raised", index), "action-meeting-link",
                    f"This meeting lists action {action_id} as raised here, but the action "
                    "gives a different meeting.",
                    f"Set 'meeting: {meeting.date.isoformat()}' on action {action_id} in "
                    "actions.yaml, or remove it from this list.",
                )


# --- actions -------------------------------------------------------------------------------


def check_history_order(repo: Repository) -> Iterator[Diagnostic]:
    for action in repo.actions:
        previous = None
        for index, observation in enumerate(action.history):
            if previous is not None and observation.as_of < previous:
                yield _error(
                    repo, action, ("history", index, "as_of"), "history-order",
                    f"Action {action.id}: this observation ({observation.as_of.isoformat()}) "
                    f"comes after one dated {previous.isoformat()}.",
                    "Keep each action's history in date order, oldest first.",
                )
            previous = observation.as_of
            if not domain.raised_by(action, observation.as_of):
                yield _error(
                    repo, action, ("history", index, "as_of"), "observation-before-raised",
                    f"Action {action.id}: this observation ({observation.as_of.isoformat()}) "
                    f"is dated before the action was raised ({action.raised.isoformat()}).",
                    "Check both dates against the minutes.",
                )


# --- benchmarks ----------------------------------------------------------------------------


def check_benchmark_arithmetic(repo: Repository) -> Iterator[Diagnostic]:
    for year in repo.benchmarks:
        ratios = {ratio.key: ratio for ratio in year.ratios}
        for index, row in enumerate(year.authorities):
            for key, printed in row.printed.items():
                ratio = ratios.get(key)
                if ratio is None or printed is None:
                    continue
                value = domain.ratio_value(row, ratio)
                path = ("authorities", index, "printed", key)
                if value is None:
                    # A 0% printed over a blank cell is the spreadsheet's artefact.
                    if printed != 0:
                        yield _warning(
                            repo, year, path, "benchmark-unverifiable",
                            f"{row.authority}: {printed}% is printed for {key}, but a count "
                            "it needs is unknown, so it cannot be checked.",
                            "Fill in the missing count if the minutes give it.",
                        )
                    continue
                if not domain.printed_agrees(printed, value):
                    yield _error(
                        repo, year, path, "benchmark-arithmetic",
                        f"{row.authority}: {key} is printed as {printed}%, but the counts give "
                        f"{float(value * 100):.1f}% ({ratio.numerator} {value.numerator}"
                        f"/{ratio.denominator} {value.denominator} in lowest terms).",
                        "Check the counts and the percentage against the minutes.",
                    )
            for ratio in year.ratios:
                value = domain.ratio_value(row, ratio)
                if value is not None and value > 1:
                    yield _warning(
                        repo, year, ("authorities", index, "counts", ratio.numerator),
                        "ratio-over-100",
                        f"{row.authority}: {ratio.key} is {float(value * 100):.0f}% "
                        f"({ratio.numerator} exceeds {ratio.denominator}).",
                        "If the minutes print it so, it is real data: leave it, with a comment.",
                    )


CHECKS: list[Check] = [
    check_unexpected_files,
    check_file_names,
    check_duplicate_ids,
    check_references,
    check_present_and_absent,
    check_attendance_accounted,
    check_meeting_action_links,
    check_history_order,
    check_benchmark_arithmetic,
]


def run_checks(repo: Repository) -> list[Diagnostic]:
    found: list[Diagnostic] = []
    for check in CHECKS:
        found.extend(check(repo))
    return found


def lint_repository(root: Path) -> tuple[Repository, list[Diagnostic]]:
    """Load a data directory and run every check: the whole of `fostlog lint`."""
    from fostlog.diagnostics import sort_diagnostics
    from fostlog.load import load_repository

    repo, diagnostics = load_repository(root)
    if root.is_dir():
        diagnostics += run_checks(repo)
    return repo, sort_diagnostics(diagnostics)
