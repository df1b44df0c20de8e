"""TO DELETE (issue 21): what the old cache (files/load.py, Loaded.run_checks) keys each
check's findings on: the kinds each check reads, and the checks run one meeting at a time.

Kept only while files/load.py still imports these names from fostlog.checks; once it no
longer does, delete this module, its import in checks/__init__.py and
tests/test_check_reads.py. No check depends on it."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from fostlog.checks import actions, benchmarks, capacity, files, meetings, references
from fostlog.checks.common import Check
from fostlog.core import rules
from fostlog.core.diagnostics import CheckFindings, Diagnostic
from fostlog.core.kinds import BY_NAME, FOLDER_LISTING, KINDS
from fostlog.core.models import Meeting
from fostlog.core.repository import Repository

# What a check reads besides records: the names in the data folder and its kinds' folders.
EVERYTHING = frozenset({*BY_NAME, FOLDER_LISTING})
# What a check that looks at one meeting at a time reads besides that meeting.
# ACTION_IDS: only which action ids exist (an update to an action leaves it).
ACTION_IDS = "actions:ids"

# The kinds (kinds.KINDS names) whose records each check looks at, and FOLDER_LISTING if
# it looks at the folders' names. A check not here is taken to read everything.
READS: dict[Check, frozenset[str]] = {check: frozenset(what) for check, what in [
    (files.check_unexpected_files, [FOLDER_LISTING]),
    (files.check_file_names, [kind.name for kind in KINDS if kind.into and kind.name_field]),
    (actions.check_duplicate_actions, ["actions"]),
    (actions.check_duplicate_ids, ["authorities", "people", "meetings-without-minutes"]),
    (references.check_unknown_people, ["people", "meeting", "actions"]),
    (references.check_unknown_authorities,
     ["authorities", "people", "meeting", "actions", "benchmark", "capacity"]),
    (references.check_unknown_organisations, ["authorities", "people", "meeting"]),
    (references.check_unknown_actions, ["meeting", "actions"]),
    (references.check_unknown_meetings, ["meeting", "actions", "benchmark"]),
    (references.check_unknown_stages, ["benchmark"]),
    (references.check_unknown_ratios, ["benchmark"]),
    (meetings.check_present_and_absent, ["meeting", "authorities", "people"]),
    (meetings.check_attendance_full_has_list, ["meeting"]),
    (meetings.check_attendance_accounted, ["meeting", "authorities", "people"]),
    (actions.check_meeting_action_links, ["meeting", "actions"]),
    (actions.check_history_order, ["actions"]),
    (actions.check_observations_after_raised, ["actions"]),
    (meetings.check_meetings_without_minutes_have_none, ["meeting", "meetings-without-minutes"]),
    (meetings.check_inferred_lists_exist, ["meeting"]),
    (actions.check_ambiguous_statuses_are_marked, ["actions"]),
    (actions.check_due_dates, ["actions"]),
    (benchmarks.check_benchmark_arithmetic, ["benchmark", "authorities"]),
    (benchmarks.check_benchmark_verifiable, ["benchmark", "authorities"]),
    (benchmarks.check_ratios_at_most_100, ["benchmark", "authorities"]),
    (references.check_authority_codes, ["authorities"]),
    (capacity.check_capacity_measures, ["capacity"]),
    (capacity.check_unknown_reasons, ["capacity", "benchmark"]),
    (capacity.check_capacity_parts, ["capacity"]),
    (capacity.check_duplicate_areas, ["capacity"]),
    (meetings.check_duplicate_meetings, ["meeting"]),
    (benchmarks.check_duplicate_rows, ["benchmark"]),
    (meetings.check_attendees_name_someone, ["meeting"]),
]}

# The checks whose findings in a meeting's file depend on that meeting and the kinds
# given alone, and whose findings elsewhere do not depend on the meetings.
BY_MEETING: dict[Check, frozenset[str]] = {check: frozenset(what) for check, what in [
    (files.check_file_names, []),
    (references.check_unknown_people, ["people"]),
    (references.check_unknown_authorities, ["authorities", "people"]),
    (references.check_unknown_organisations, ["authorities", "people"]),
    (references.check_unknown_actions, [ACTION_IDS]),
    (meetings.check_present_and_absent, ["authorities", "people"]),
    (meetings.check_attendance_full_has_list, []),
    (meetings.check_attendance_accounted, ["authorities", "people"]),
    (meetings.check_attendees_name_someone, []),
    (meetings.check_inferred_lists_exist, []),
]}


def reads(*what: str) -> Callable[[Check], Check]:
    """Declare what a check reads (tests/test_check_reads.py only)."""
    unknown = set(what) - EVERYTHING
    if unknown:
        raise ValueError(f"@reads names no kind: {sorted(unknown)}")

    def declare(check: Check) -> Check:
        READS[check] = frozenset(what)
        return check

    return declare


def by_meeting(*what: str) -> Callable[[Check], Check]:
    """Declare a check run one meeting at a time (tests/test_check_reads.py only)."""
    unknown = set(what) - EVERYTHING - {ACTION_IDS}
    if unknown or "meeting" in what:
        raise ValueError(f"@by_meeting names no other kind: {sorted(unknown) or 'meeting'}")

    def declare(check: Check) -> Check:
        BY_MEETING[check] = frozenset(what)
        return check

    return declare


def reads_of(check: Check) -> frozenset[str]:
    return READS.get(check, EVERYTHING)


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
    """One check's findings run in parts over files apart, as one run gives them."""
    kept: list[Diagnostic] = []
    counts: list[tuple[str, str, int]] = []
    for part_kept, part_counts in parts:
        kept += part_kept
        counts += part_counts
    return tuple(kept), tuple(counts)
