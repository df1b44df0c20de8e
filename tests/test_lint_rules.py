"""Each lint rule on a small bad fixture: the file, line and rule reported."""

from __future__ import annotations

from pathlib import Path

from conftest import MiniRepo
from fostlog.diagnostics import Severity


def _one(mini: MiniRepo, rule: str):  # type: ignore[no-untyped-def]
    found = mini.only(rule)
    assert len(found) == 1, [str(d) for d in mini.lint()]
    return found[0]


def test_mini_fixture_is_clean(mini: MiniRepo) -> None:
    assert mini.lint() == []


def test_yaml_syntax_error_names_file_and_line(mini: MiniRepo) -> None:
    line = mini.edit("actions.yaml", "    text: RE to convene", "    text: [RE to convene")
    d = _one(mini, "yaml-syntax")
    assert Path(d.file).name == "actions.yaml"
    assert d.line in (line, line + 1)
    assert d.severity is Severity.error


def test_tabs_get_a_hint_about_spaces(mini: MiniRepo) -> None:
    line = mini.edit("people.yaml", "    initials: [HC]", "\tinitials: [HC]")
    d = _one(mini, "yaml-syntax")
    assert d.line == line
    assert "tab" in d.hint


def test_duplicate_key_is_reported_not_silently_dropped(mini: MiniRepo) -> None:
    line = mini.edit("meetings/2025-07-07.yaml", "apologies: null", "apologies: null\nchair: null")
    d = _one(mini, "yaml-duplicate-key")
    assert d.line == line + 1
    assert "first at line 3" in d.message


def test_anchor_and_alias_are_refused(mini: MiniRepo) -> None:
    line = mini.edit("people.yaml", "    initials: [MC]", "    initials: &mc [MC]")
    d = _one(mini, "yaml-anchor")
    assert d.line == line


def test_unknown_key_suggests_the_right_one(mini: MiniRepo) -> None:
    line = mini.edit("actions.yaml", "    responsible: MC", "    responsable: MC")
    d = _one(mini, "schema-unknown-key")
    assert (Path(d.file).name, d.line, d.column) == ("actions.yaml", line, 5)
    assert "responsible" in d.hint


def test_missing_key(mini: MiniRepo) -> None:
    mini.edit("people.yaml", "    name: Holly Clune\n", "")
    d = _one(mini, "schema-missing-key")
    assert "'name' is missing" in d.message
    assert d.line == 6  # the '- id: holly-clune' entry


def test_wrong_type(mini: MiniRepo) -> None:
    line = mini.edit("benchmarks/2020-21.yaml", "enquiries: 40,", "enquiries: forty,")
    d = _one(mini, "schema-type")
    assert d.line == line
    assert "whole number" in d.message


def test_bad_date(mini: MiniRepo) -> None:
    line = mini.edit("actions.yaml", "as_of: 2025-09-17", "as_of: 2025-09-31")
    d = _one(mini, "schema-date")
    assert d.line == line
    assert "YYYY-MM-DD" in d.hint


def test_bad_enum_value_lists_the_choices(mini: MiniRepo) -> None:
    line = mini.edit("actions.yaml", "status: done", "status: finished")
    d = _one(mini, "schema-value")
    assert d.line == line
    assert "'done'" in d.hint and "'dropped'" in d.hint


def test_a_broken_action_does_not_hide_the_others(mini: MiniRepo) -> None:
    mini.edit("actions.yaml", "status: done", "status: finished")
    mini.edit("actions.yaml", "owners: [rebecca-eligon]", "owners: [nobody-here]")
    rules = {d.rule for d in mini.lint()}
    assert {"schema-value", "unknown-person"} <= rules


def test_meeting_file_name_must_match_date(mini: MiniRepo) -> None:
    (mini.root / "meetings/2025-07-07.yaml").rename(mini.root / "meetings/2025-07-08.yaml")
    d = _one(mini, "meeting-filename")
    assert Path(d.file).name == "2025-07-08.yaml"
    assert d.line == 1


def test_meeting_file_named_not_a_date(mini: MiniRepo) -> None:
    (mini.root / "meetings/2025-07-07.yaml").rename(mini.root / "meetings/not-a-date.yaml")
    d = _one(mini, "meeting-filename")
    assert Path(d.file).name == "not-a-date.yaml"


def test_unknown_person(mini: MiniRepo) -> None:
    line = mini.edit("meetings/2025-07-07.yaml", "person: holly-clune", "person: holly-clunes")
    d = _one(mini, "unknown-person")
    assert (Path(d.file).name, d.line) == ("2025-07-07.yaml", line)
    assert "holly-clune" in d.hint


def test_unknown_authority_suggests_id_from_alias(mini: MiniRepo) -> None:
    line = mini.edit("meetings/2025-07-07.yaml", "not_represented: [surrey]",
                     "not_represented: [surrey, w-and-m]")
    d = _one(mini, "unknown-authority")
    assert d.line == line
    assert "windsor-and-maidenhead" in d.hint


def test_unknown_organisation(mini: MiniRepo) -> None:
    line = mini.edit("people.yaml", "organisation: seslip", "organisation: seslips")
    d = _one(mini, "unknown-organisation")
    assert d.line == line


def test_unknown_action_in_a_meeting(mini: MiniRepo) -> None:
    line = mini.edit("meetings/2025-07-07.yaml", 'actions_raised: ["1"]',
                     'actions_raised: ["1"]\nactions_mentioned: [99]')
    d = _one(mini, "unknown-action")
    assert d.line == line + 1


def test_unknown_meeting(mini: MiniRepo) -> None:
    line = mini.edit("actions.yaml", "    raised: 2025-07-01\n",
                     "    raised: 2025-07-01\n    meeting: 2025-07-02\n")
    d = _one(mini, "unknown-meeting")
    assert d.line == line + 1


def test_unknown_stage_and_ratio(mini: MiniRepo) -> None:
    line = mini.edit("benchmarks/2020-21.yaml", "counts: {enquiries: 36,", "counts: {enquirys: 36,")
    d = _one(mini, "unknown-stage")
    assert d.line == line
    line = mini.edit("benchmarks/2020-21.yaml", "printed: {conversion: 0}", "printed: {convert: 0}")
    d = _one(mini, "unknown-ratio")
    assert d.line == line


def test_duplicate_action_id(mini: MiniRepo) -> None:
    line = mini.edit("actions.yaml", "  - id: 2", "  - id: 1")
    d = _one(mini, "duplicate-action")
    assert d.line == line
    assert "line 2" in d.message


def test_duplicate_person_id(mini: MiniRepo) -> None:
    line = mini.edit("people.yaml", "  - id: holly-clune", "  - id: maria-cordrey")
    d = _one(mini, "duplicate-id")
    assert d.line == line


def test_present_and_not_represented(mini: MiniRepo) -> None:
    line = mini.edit("meetings/2025-07-07.yaml", "not_represented: [surrey]",
                     "not_represented: [surrey, windsor-and-maidenhead]")
    d = _one(mini, "present-and-absent")  # AfC attending counts for Windsor and Maidenhead
    assert d.line == line


def test_person_present_and_sending_apologies(mini: MiniRepo) -> None:
    line = mini.edit("meetings/2025-07-07.yaml", "apologies: null",
                     "apologies:\n  - person: maria-cordrey")
    d = _one(mini, "present-and-absent")
    assert d.line == line + 1


def test_history_out_of_order(mini: MiniRepo) -> None:
    line = mini.edit("actions.yaml", "as_of: 2025-09-17", "as_of: 2025-07-30")
    d = _one(mini, "history-order")
    assert d.line == line


def test_observation_before_raised(mini: MiniRepo) -> None:
    line = mini.edit("actions.yaml", "as_of: 2025-08-01", "as_of: 2025-07-06")
    d = _one(mini, "observation-before-raised")
    assert d.line == line


def test_month_precision_allows_an_observation_in_the_same_month(mini: MiniRepo) -> None:
    mini.edit("actions.yaml", "    raised_precision: month\n",
              "    raised_precision: month\n    history:\n"
              "      - {as_of: 2025-07-01, status: open}\n")
    assert mini.only("observation-before-raised") == []


def test_benchmark_arithmetic_disagreement(mini: MiniRepo) -> None:
    line = mini.edit("benchmarks/2020-21.yaml", "printed: {conversion: 73}",
                     "printed: {conversion: 71}")
    d = _one(mini, "benchmark-arithmetic")
    assert d.line == line
    assert "72.5%" in d.message


def test_benchmark_half_rounds_up_is_not_an_error(mini: MiniRepo) -> None:
    # 29/40 = 72.5% printed 73% (the spreadsheet rounds halves up): fine, as is 72.
    assert mini.only("benchmark-arithmetic") == []
    mini.edit("benchmarks/2020-21.yaml", "printed: {conversion: 73}", "printed: {conversion: 72}")
    assert mini.only("benchmark-arithmetic") == []


def test_zero_printed_over_blank_is_an_artefact_not_an_error(mini: MiniRepo) -> None:
    assert [d for d in mini.lint() if "surrey" in d.message] == []
    mini.edit("benchmarks/2020-21.yaml", "printed: {conversion: 0}", "printed: {conversion: 5}")
    d = _one(mini, "benchmark-unverifiable")
    assert d.severity is Severity.warning


def test_ratio_over_100_is_a_warning(mini: MiniRepo) -> None:
    line = mini.edit("benchmarks/2020-21.yaml", "applications: 29}", "applications: 41}")
    mini.edit("benchmarks/2020-21.yaml", "printed: {conversion: 73}", "printed: {conversion: 103}")
    d = _one(mini, "ratio-over-100")
    assert d.severity is Severity.warning
    assert d.line == line
    assert mini.only("benchmark-arithmetic") == []


def test_full_attendance_with_an_lA_unaccounted(mini: MiniRepo) -> None:
    line = mini.edit("meetings/2025-07-07.yaml", "not_represented: [surrey]", "not_represented: []")
    d = _one(mini, "attendance-unaccounted")
    assert d.severity is Severity.warning
    assert "surrey" in d.message
    assert d.line == line - 6  # the attendance: line


def test_partial_attendance_is_not_warned(mini: MiniRepo) -> None:
    mini.edit("meetings/2025-07-07.yaml", "not_represented: [surrey]", "not_represented: null")
    mini.edit("meetings/2025-07-07.yaml", "attendance: full", "attendance: partial")
    assert mini.lint() == []


def test_action_meeting_link(mini: MiniRepo) -> None:
    mini.edit("meetings/2025-07-07.yaml", 'actions_raised: ["1"]', "actions_raised: []")
    d = _one(mini, "action-meeting-link")
    assert Path(d.file).name == "actions.yaml"


def test_missing_required_file(mini: MiniRepo) -> None:
    (mini.root / "people.yaml").unlink()
    d = _one(mini, "file-missing")
    assert Path(d.file).name == "people.yaml"


def test_unexpected_file_is_a_warning(mini: MiniRepo) -> None:
    mini.write("meetings/2025-09-01.yml", "date: 2025-09-01\n")
    d = _one(mini, "file-unexpected")
    assert d.severity is Severity.warning


def test_positions_are_captured_at_load_so_checks_never_read_files(mini: MiniRepo) -> None:
    # A cross-file rule reporting in a clean file names the right line even when the
    # file is gone by the time the check runs: nothing is read again from disk.
    from fostlog.checks import run_checks
    from fostlog.load import load_repository

    line = mini.edit("meetings/2025-07-07.yaml", "person: holly-clune", "person: nobody-known")
    repo, _ = load_repository(mini.root)
    (mini.root / "meetings" / "2025-07-07.yaml").unlink()
    assert repo.where(repo.meetings[0], "attendees", 1, "person")[1] == line
    found = [d for d in run_checks(repo) if d.rule == "unknown-person"]
    assert [d.line for d in found] == [line]
