"""Cross-file rules: one function per rule, Repository -> Iterable[Diagnostic], registered
once in REGISTRY with the rules it reports.

The checks are split by subject: files (file names, unexpected files), references (unknown
people, LAs, organisations, actions, meetings, stages, ratios; LA codes), meetings
(attendance, the meetings held), actions, benchmarks, capacity, neighbours
(statistical neighbours' numbers and groups), and import_slips (what an
import of minutes can let through). Each function's docstring states the invariant it
checks; the rule it reports (id, severity, summary) is a constant in core/rules.py, so the
README and `fostlog lint --list-rules` describe it. A check reads the Repository alone
(what the loader found, the folder names included: Repository.folder_names), never a file
or folder of the data; the one thing read besides is DfE's list of LAs shipped with
fostlog (reference.la_list). A check that raises is a bug in fostlog: run_checks reports
it as a `check-failed` diagnostic and runs the other checks.

Adding a rule: a constant in core/rules.py (and in its RULES), a function in the module of
its subject whose docstring states the invariant, a line in REGISTRY below naming the
function and its rule, and a case in CASES in tests/test_lint_rules.py.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Iterable
from pathlib import Path

from fostlog.checks import (
    actions,
    benchmarks,
    capacity,
    files,
    import_slips,
    meetings,
    neighbours,
    references,
)
from fostlog.checks.common import MAX_PER_RULE, Check
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.repository import Repository
from fostlog.core.rules import Rule

__all__ = ["CHECKS", "MAX_PER_RULE", "REGISTRY", "Check", "run_checks"]

# Every cross-file check, in the order they run, with the rules it reports.
REGISTRY: list[tuple[Check, tuple[Rule, ...]]] = [
    (files.check_unexpected_files, (rules.FILE_UNEXPECTED,)),
    (files.check_file_names, tuple(rules.FILENAME_RULES.values())),
    (actions.check_duplicate_actions, (rules.DUPLICATE_ACTION,)),
    (actions.check_duplicate_ids, (rules.DUPLICATE_ID,)),
    (references.check_unknown_people, (rules.UNKNOWN_PERSON,)),
    (references.check_unknown_authorities, (rules.UNKNOWN_AUTHORITY,)),
    (references.check_unknown_organisations, (rules.UNKNOWN_ORGANISATION,)),
    (references.check_unknown_actions, (rules.UNKNOWN_ACTION,)),
    (references.check_unknown_meetings, (rules.UNKNOWN_MEETING,)),
    (references.check_unknown_stages, (rules.UNKNOWN_STAGE,)),
    (references.check_unknown_ratios, (rules.UNKNOWN_RATIO,)),
    (meetings.check_present_and_absent, (rules.PRESENT_AND_ABSENT,)),
    (meetings.check_attendance_full_has_list, (rules.ATTENDANCE_FULL_WITHOUT_LIST,)),
    (meetings.check_attendance_accounted, (rules.ATTENDANCE_UNACCOUNTED,)),
    (actions.check_meeting_action_links, (rules.ACTION_MEETING_LINK,)),
    (actions.check_history_order, (rules.HISTORY_ORDER,)),
    (actions.check_observations_after_raised, (rules.OBSERVATION_BEFORE_RAISED,)),
    (meetings.check_meetings_without_minutes_have_none, (rules.MEETING_HAS_MINUTES,)),
    (meetings.check_inferred_lists_exist, (rules.INFERRED_WITHOUT_LIST,)),
    (actions.check_ambiguous_statuses_are_marked, (rules.STATUS_AMBIGUOUS,)),
    (actions.check_due_dates, (rules.DUE_DATE, rules.DUE_BEFORE_RAISED)),
    (benchmarks.check_benchmark_arithmetic, (rules.BENCHMARK_ARITHMETIC,)),
    (benchmarks.check_benchmark_verifiable, (rules.BENCHMARK_UNVERIFIABLE,)),
    (benchmarks.check_ratios_at_most_100, (rules.RATIO_OVER_100,)),
    (references.check_authority_codes, (rules.AUTHORITY_CODES, rules.REFERENCE_MISSING)),
    (capacity.check_capacity_measures, (rules.UNKNOWN_MEASURE,)),
    (capacity.check_unknown_reasons, (rules.UNKNOWN_REASON,)),
    (capacity.check_capacity_parts, (rules.CAPACITY_PARTS_GAP,)),
    (capacity.check_duplicate_areas, (rules.DUPLICATE_AREA,)),
    (neighbours.check_neighbour_numbers, (rules.NEIGHBOURS_UNKNOWN_NUMBER,)),
    (neighbours.check_neighbour_groups, (rules.NEIGHBOURS_SELF, rules.NEIGHBOURS_TWICE)),
    (neighbours.check_duplicate_groups, (rules.NEIGHBOURS_DUPLICATE_GROUP,)),
    (meetings.check_duplicate_meetings, (rules.DUPLICATE_MEETING,)),
    (benchmarks.check_duplicate_rows, (rules.DUPLICATE_ROW,)),
    (meetings.check_attendees_name_someone, (rules.EMPTY_ATTENDEE,)),
    (import_slips.check_people_named_as_places, (rules.PERSON_IS_A_PLACE,)),
    (import_slips.check_apologies_and_not_represented, (rules.APOLOGIES_AND_NOT_REPRESENTED,)),
    (import_slips.check_actions_raised_twice, (rules.ACTION_RAISED_TWICE,)),
]
CHECKS: list[Check] = [check for check, _ in REGISTRY]  # what run_checks runs


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


def run_checks(repo: Repository, checks: Iterable[Check] | None = None) -> list[Diagnostic]:
    """Run every check (or `checks`) over a loaded repository. At most MAX_PER_RULE
    findings of one rule are listed per file; the rest are counted in one
    too-many-findings finding, so a hostile file cannot flood the output. A check that
    raises is reported as a check-failed finding, keeping what it found before;
    FOSTLOG_DEBUG=1 lets the exception through instead, with its traceback."""
    found: list[Diagnostic] = []
    listed: dict[tuple[str, str], int] = {}
    skipped: dict[str, dict[str, int]] = {}  # unread file -> rule -> findings skipped

    def keep(diagnostic: Diagnostic) -> None:
        if diagnostic.rule == rules.FINDINGS_SKIPPED.id:
            by_rule = skipped.setdefault(diagnostic.file, {})
            by_rule[diagnostic.message] = by_rule.get(diagnostic.message, 0) + 1
            return
        key = (diagnostic.file, diagnostic.rule)
        listed[key] = listed.get(key, 0) + 1
        if listed[key] <= MAX_PER_RULE:
            found.append(diagnostic)

    for check in CHECKS if checks is None else checks:
        try:
            for diagnostic in check(repo):
                keep(diagnostic)
        except Exception as error:  # a bug in fostlog: say so, and carry on with the rest
            if os.environ.get("FOSTLOG_DEBUG"):
                raise
            keep(_check_failed(repo, check, error))
    for (file, rule), count in listed.items():
        if count > MAX_PER_RULE:
            found.append(rules.TOO_MANY_FINDINGS.at(
                file, 1, 1, f"This file has {count:,} findings of {rule}; only the first "
                f"{MAX_PER_RULE} are listed."))
    for file, by_rule in skipped.items():
        count = sum(by_rule.values())
        line, column = repo.unread.get(file, (1, 1))
        found.append(rules.FINDINGS_SKIPPED.at(
            file, line, column,
            f"{count:,} finding{'s' if count != 1 else ''} elsewhere "
            f"({', '.join(sorted(by_rule))}) {'were' if count != 1 else 'was'} skipped "
            "because this file could not be read: what they name may be in it."))
    return found
