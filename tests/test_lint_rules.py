"""Every lint rule, on a small bad fixture: the rule list, one case per rule, and the
file, line and wording each cross-file rule reports.

CASES maps every rule in rules.RULES to a case: a change to a copy of tests/fixtures/mini
(the `mini` fixture) after which lint must report that rule. A rule without a case fails
test_each_rule_has_a_case_that_reports_it. The details of reading YAML and of schema
problems are in test_yamlsafe.py and test_explain.py.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import MEETING, ROOT, MiniRepo
from fostlog import checks, reference
from fostlog.checks.common import Check
from fostlog.cli import app
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic, Severity
from fostlog.core.kinds import KINDS
from fostlog.core.repository import Repository
from fostlog.core.rules import Rule
from fostlog.files.explain import MAX_REPORTED
from fostlog.files.load import load_and_check
from fostlog.files.yamlsafe import MAX_DEPTH, MAX_FILE_BYTES

# A case breaks a copy of the mini repository (or, for a bug in fostlog, fostlog itself).
Case = Callable[[MiniRepo, pytest.MonkeyPatch], object]



def edit(name: str, *changes: tuple[str, str]) -> Case:
    """Replace each (old, new) in the file `name`."""

    def case(mini: MiniRepo, _: pytest.MonkeyPatch) -> None:
        for old, new in changes:
            mini.edit(name, old, new)

    return case


def write(name: str, content: str | bytes) -> Case:
    return lambda mini, _: mini.write(name, content)


def rename(name: str, new_name: str) -> Case:
    return lambda mini, _: (mini.root / name).rename(mini.root / new_name)


def remove(name: str) -> Case:
    return lambda mini, _: (mini.root / name).unlink()


def too_large(mini: MiniRepo, _: pytest.MonkeyPatch) -> None:
    # A sparse file: over the limit at once, without writing megabytes.
    with (mini.root / "meetings/2025-08-01.yaml").open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)


def link_to_itself(mini: MiniRepo, _: pytest.MonkeyPatch) -> None:
    (mini.root / "meetings/2025-08-01.yaml").symlink_to("2025-08-01.yaml")


def check_that_raises(repo: Repository) -> Iterator[Diagnostic]:
    """A check with a bug in it."""
    raise RuntimeError("a bug in a check")


def a_check_that_raises(mini: MiniRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("FOSTLOG_DEBUG", raising=False)
    monkeypatch.setattr(checks, "CHECKS", [check_that_raises, *checks.CHECKS])


ATTENDEES = """\
attendees:
  - person: maria-cordrey
    authority: kent
  - person: holly-clune
    organisation: achieving-for-children
"""

# A capacity file whose figures add up; the cases for the capacity rules change it.
NEIGHBOURS = """\
month: 2025-05
source: DfE, statistical neighbours
file: sn_may_2025.xlsx
sha256: 0000000000000000000000000000000000000000000000000000000000000000
groups:
  - dfe_number: 870
    name: Reading
    neighbours:
      - {dfe_number: 826, closeness: very close}
"""

CAPACITY = """\
series: ofsted
year: 2018-19
source: Ofsted
rounding: 5
measures:
  - {key: approved, label: Approved places}
  - {key: filled, label: Filled places}
  - {key: vacant, label: Vacant places}
  - {key: not_available, label: Places not available}
areas:
  - level: la
    name: Kent
    authority: kent
    values: {approved: 100, filled: 60, vacant: 20, not_available: 20}
"""
# Kent with its DfE number (886), as DfE's list gives it.
KENT_NUMBERED = ("  - id: kent\n    name: Kent\n",
                 "  - id: kent\n    name: Kent\n    dfe_number: 886\n")


def no_reference_list(mini: MiniRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    mini.edit("authorities.yaml", *KENT_NUMBERED)
    monkeypatch.setattr(reference, "la_list", lambda: None)


CASES: dict[Rule, Case] = {
    rules.YAML_SYNTAX: edit("actions.yaml", ("    text: RE to convene", "    text: [RE to")),
    rules.YAML_DUPLICATE_KEY: edit("meetings/2025-07-07.yaml",
                                   ("apologies: null", "apologies: null\nchair: null")),
    rules.YAML_ANCHOR: edit("people.yaml", ("initials: [MC]", "initials: &mc [MC]")),
    rules.YAML_ALIAS: edit("people.yaml", ("initials: [HC]", "initials: *mc")),
    rules.YAML_TAG: edit("people.yaml", ("name: Holly Clune", "name: !person Holly Clune")),
    rules.YAML_TOO_DEEP: write("meetings/2025-08-01.yaml", "items: " + "[" * 100 + "]" * 100),
    rules.FILE_MISSING: remove("people.yaml"),
    rules.FILE_EMPTY: write("meetings/2025-08-01.yaml", "# to do: transcribe\n"),
    rules.FILE_TOO_LARGE: too_large,
    rules.FILE_ENCODING: write("meetings/2025-08-01.yaml",
                               MEETING.encode().replace(b"minutes", b"min\xffutes")),
    rules.FILE_BINARY: write("meetings/2025-08-01.yaml", b"\x89PNG\r\n\x1a\n\x00\x00"),
    rules.FILE_UNREADABLE: link_to_itself,
    rules.FILE_UNEXPECTED: write("notes.txt", "remember to chase MC\n"),
    rules.SCHEMA_UNKNOWN_KEY: edit("actions.yaml", ("responsible: MC", "responsable: MC")),
    rules.SCHEMA_MISSING_KEY: edit("people.yaml", ("    name: Holly Clune\n", "")),
    rules.SCHEMA_TYPE: edit("benchmarks/2020-21.yaml", ("enquiries: 40,", "enquiries: forty,")),
    rules.SCHEMA_DATE: edit("actions.yaml", ("as_of: 2025-09-17", "as_of: 2025-09-31")),
    rules.SCHEMA_VALUE: edit("actions.yaml", ("status: done", "status: finished")),
    rules.FILE_TOO_MANY_PROBLEMS: write("meetings/2025-08-01.yaml",
                                        MEETING + "items:\n" + "- a\n" * (MAX_REPORTED + 1)),
    rules.MEETING_FILENAME: rename("meetings/2025-07-07.yaml", "meetings/2025-07-08.yaml"),
    rules.BENCHMARK_FILENAME: rename("benchmarks/2020-21.yaml", "benchmarks/2021-22.yaml"),
    rules.UNKNOWN_PERSON: edit("meetings/2025-07-07.yaml",
                               ("person: holly-clune", "person: holly-clunes")),
    rules.UNKNOWN_AUTHORITY: edit("meetings/2025-07-07.yaml",
                                  ("[surrey]", "[surrey, w-and-m]")),
    rules.UNKNOWN_ORGANISATION: edit("people.yaml",
                                     ("organisation: seslip", "organisation: seslips")),
    rules.UNKNOWN_ACTION: edit("meetings/2025-07-07.yaml",
                               ('actions_raised: ["1"]', 'actions_raised: ["1"]\n'
                                'actions_mentioned: [99]')),
    rules.UNKNOWN_MEETING: edit("actions.yaml", ("    raised: 2025-07-01\n",
                                                 "    raised: 2025-07-01\n"
                                                 "    meeting: 2025-07-02\n")),
    rules.UNKNOWN_STAGE: edit("benchmarks/2020-21.yaml",
                              ("counts: {enquiries: 36,", "counts: {enquirys: 36,")),
    rules.UNKNOWN_RATIO: edit("benchmarks/2020-21.yaml",
                              ("printed: {conversion: 0}", "printed: {convert: 0}")),
    rules.DUPLICATE_ACTION: edit("actions.yaml", ("  - id: 2", "  - id: 1")),
    rules.DUPLICATE_ID: edit("people.yaml", ("  - id: holly-clune", "  - id: maria-cordrey")),
    rules.PRESENT_AND_ABSENT: edit("meetings/2025-07-07.yaml",
                                   ("apologies: null", "apologies:\n  - person: maria-cordrey")),
    rules.ATTENDANCE_UNACCOUNTED: edit("meetings/2025-07-07.yaml",
                                       ("not_represented: [surrey]", "not_represented: []")),
    rules.ATTENDANCE_FULL_WITHOUT_LIST: edit("meetings/2025-07-07.yaml",
                                             (ATTENDEES, "attendees: null\n")),
    rules.HISTORY_ORDER: edit("actions.yaml", ("as_of: 2025-09-17", "as_of: 2025-07-30")),
    rules.OBSERVATION_BEFORE_RAISED: edit("actions.yaml",
                                          ("as_of: 2025-08-01", "as_of: 2025-07-06")),
    rules.ACTION_MEETING_LINK: edit("meetings/2025-07-07.yaml",
                                    ('actions_raised: ["1"]', "actions_raised: []")),
    rules.BENCHMARK_ARITHMETIC: edit("benchmarks/2020-21.yaml",
                                     ("printed: {conversion: 73}", "printed: {conversion: 71}")),
    rules.RATIO_OVER_100: edit("benchmarks/2020-21.yaml",
                               ("applications: 29}", "applications: 41}"),
                               ("printed: {conversion: 73}", "printed: {conversion: 103}")),
    rules.BENCHMARK_UNVERIFIABLE: edit("benchmarks/2020-21.yaml",
                                       ("printed: {conversion: 0}", "printed: {conversion: 5}")),
    rules.MEETING_HAS_MINUTES: write("meetings-without-minutes.yaml",
                                     "meetings:\n  - month: 2025-07\n    known_from: a log\n"
                                     "    inferred: true\n"),
    rules.INFERRED_WITHOUT_LIST: edit("meetings/2025-07-07.yaml",
                                      ("not_represented: [surrey]",
                                       "not_represented: null\n"
                                       "not_represented_inferred: from the list")),
    rules.STATUS_AMBIGUOUS: edit("actions.yaml", ("recorded: complete",
                                                  "recorded: Ongoing/complete")),
    rules.DUE_DATE: edit("actions.yaml", ("    raised: 2025-07-01\n",
                                          "    raised: 2025-07-01\n    due:\n"
                                          "      as_written: soon\n")),
    rules.DUE_BEFORE_RAISED: edit("actions.yaml", ("    raised: 2025-07-01\n",
                                                   "    raised: 2025-07-01\n    due:\n"
                                                   "      date: 2025-06-30\n"
                                                   "      as_written: by June\n")),
    rules.CAPACITY_FILENAME: write("capacity/ofsted-2019-20.yaml", CAPACITY),
    rules.NEIGHBOURS_FILENAME: write("neighbours/sn-2025-06.yaml", NEIGHBOURS),
    rules.NEIGHBOURS_UNKNOWN_NUMBER: write("neighbours/sn-2025-05.yaml",
                                           NEIGHBOURS.replace("826", "123")),
    rules.NEIGHBOURS_SELF: write("neighbours/sn-2025-05.yaml",
                                 NEIGHBOURS.replace("826", "870")),
    rules.NEIGHBOURS_TWICE: write("neighbours/sn-2025-05.yaml", NEIGHBOURS
                                  + "      - {dfe_number: 826, closeness: close}\n"),
    rules.NEIGHBOURS_DUPLICATE_GROUP: write("neighbours/sn-2025-05.yaml", NEIGHBOURS
                                            + NEIGHBOURS[NEIGHBOURS.index("  - dfe"):]),
    rules.AUTHORITY_CODES: edit("authorities.yaml",
                                (KENT_NUMBERED[0], KENT_NUMBERED[1].replace("886", "936"))),
    rules.REFERENCE_MISSING: no_reference_list,
    rules.UNKNOWN_MEASURE: write("capacity/ofsted-2018-19.yaml",
                                CAPACITY.replace("{approved", "{respite: 5, approved")),
    rules.UNKNOWN_REASON: write("capacity/ofsted-2018-19.yaml",
                                CAPACITY.replace("filled: 60", "filled: null")),
    rules.CAPACITY_PARTS_GAP: write("capacity/ofsted-2018-19.yaml",
                                    CAPACITY.replace("filled: 60", "filled: 30")),
    rules.DUPLICATE_AREA: write("capacity/ofsted-2018-19.yaml",
                                CAPACITY + CAPACITY[CAPACITY.index("  - level"):]),
    rules.CHECK_FAILED: a_check_that_raises,
    rules.DUPLICATE_MEETING: write("meetings/2025-07-07b.yaml",
                                   MEETING.replace("2025-08-01", "2025-07-07")),
    rules.DUPLICATE_ROW: edit("benchmarks/2020-21.yaml",
                              ("  - authority: surrey", "  - authority: kent")),
    rules.EMPTY_ATTENDEE: edit("meetings/2025-07-07.yaml",
                               ("apologies: null", "apologies:\n  - {}")),
    rules.FINDINGS_SKIPPED: edit("meetings/2025-07-07.yaml",
                                 ("date: 2025-07-07", "date: 07/07/2025")),
    rules.TOO_MANY_FINDINGS: edit("meetings/2025-07-07.yaml",
                                  ("[surrey]", "[" + ", ".join(["nowhere"] * 101) + "]")),
    # What an import of minutes let slip: "Apologies:  LAs not represented Medway" read
    # as a person; an LA in both lists; the "Action:" line beside the log's row of it.
    rules.PERSON_IS_A_PLACE: edit("people.yaml",
                                  ("name: Holly Clune", "name: LAs not represented")),
    rules.APOLOGIES_AND_NOT_REPRESENTED: edit("meetings/2025-07-07.yaml",
                                              ("apologies: null",
                                               "apologies:\n  - authority: surrey")),
    rules.ACTION_RAISED_TWICE: lambda mini, _: (
        mini.edit("actions.yaml", "  - id: 2\n", "  - id: 2025-07-07/1\n    text: MC to share "
                  "out of hours policy.\n    raised: 2025-07-07\n    meeting: 2025-07-07\n"
                  "  - id: 2\n"),
        mini.edit("meetings/2025-07-07.yaml", 'actions_raised: ["1"]',
                  'actions_raised: ["1", 2025-07-07/1]')),
}


def _one(mini: MiniRepo, rule: str):  # type: ignore[no-untyped-def]
    found = mini.only(rule)
    assert len(found) == 1, [str(d) for d in mini.lint()]
    return found[0]


def test_mini_fixture_is_clean(mini: MiniRepo) -> None:
    assert mini.lint() == []


# --- every rule, one case each ---------------------------------------------------------------


@pytest.mark.parametrize("rule", rules.RULES, ids=lambda rule: rule.id)
def test_each_rule_has_a_case_that_reports_it(
    mini: MiniRepo, monkeypatch: pytest.MonkeyPatch, rule: Rule
) -> None:
    assert rule in CASES, f"add a case for {rule.id} to CASES in {Path(__file__).name}"
    CASES[rule](mini, monkeypatch)
    found = mini.lint()
    reported = [d for d in found if d.rule == rule.id]
    assert reported, [str(d) for d in found]
    for d in reported:
        assert d.severity is rule.severity
        assert d.message and d.hint, d
        assert d.line >= 1 and d.column >= 1
    unregistered = {d.rule for d in found} - set(rules.BY_ID)
    assert not unregistered, f"emitted but not in rules.RULES: {unregistered}"


def test_every_case_is_for_a_rule_in_the_list() -> None:
    assert set(CASES) <= set(rules.RULES)


# --- the rule list ---------------------------------------------------------------------------

# The ids fostlog has reported: users and CI rely on them, so none may change or go.
STABLE_IDS = """
    yaml-syntax yaml-duplicate-key yaml-anchor yaml-alias yaml-tag yaml-too-deep
    file-missing file-empty file-too-large file-encoding file-binary file-unreadable
    file-unexpected schema-unknown-key schema-missing-key schema-type schema-date schema-value
    file-too-many-problems meeting-filename benchmark-filename unknown-person
    unknown-authority unknown-organisation unknown-action unknown-meeting unknown-stage
    unknown-ratio duplicate-action duplicate-id present-and-absent history-order
    observation-before-raised benchmark-arithmetic ratio-over-100 benchmark-unverifiable
    attendance-unaccounted attendance-full-without-list action-meeting-link check-failed
""".split()


def test_rule_ids_are_stable_unique_and_lower_case() -> None:
    ids = [rule.id for rule in rules.RULES]
    assert len(ids) == len(set(ids))
    assert set(STABLE_IDS) <= set(ids)
    for rule in rules.RULES:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", rule.id), rule.id
        assert rule.summary and "\n" not in rule.summary, rule.id
        assert rules.BY_ID[rule.id] is rule


def test_every_kind_named_after_its_content_has_its_file_name_rule() -> None:
    named = {kind.name for kind in KINDS if kind.name_field is not None}
    assert set(rules.FILENAME_RULES) == named
    for name, rule in rules.FILENAME_RULES.items():
        assert rule.id == f"{name}-filename"


def test_every_duplicate_rule_the_kinds_name_has_a_check() -> None:
    named = {record_list.duplicate_rule for kind in KINDS for record_list in kind.lists
             if record_list.unique is not None}
    assert named <= {rules.DUPLICATE_ACTION.id, rules.DUPLICATE_ID.id}


def test_summaries_quote_the_limits_in_force() -> None:
    assert f"{MAX_DEPTH} levels" in rules.YAML_TOO_DEEP.summary
    assert f"{MAX_FILE_BYTES // 2**20} MB" in rules.FILE_TOO_LARGE.summary
    assert f"first {MAX_REPORTED} " in rules.FILE_TOO_MANY_PROBLEMS.summary


def test_every_rule_written_is_listed() -> None:
    written = {value for value in vars(rules).values() if isinstance(value, Rule)}
    assert written == set(rules.RULES) | set(rules.IMPORT_RULES)


def test_a_rule_is_registered_with_one_check_at_most() -> None:
    registered = [rule for _, reported in checks.REGISTRY for rule in reported]
    assert len(registered) == len(set(registered))
    assert set(registered) <= set(rules.RULES)


@pytest.mark.parametrize(("check", "rule"), [
    (check, rule) for check, reported in checks.REGISTRY for rule in reported
], ids=lambda each: getattr(each, "id", getattr(each, "__name__", "")))
def test_a_rule_is_reported_by_the_check_it_is_registered_with(
    mini: MiniRepo, monkeypatch: pytest.MonkeyPatch, check: Check, rule: Rule
) -> None:
    from fostlog.files.load import load_repository

    CASES[rule](mini, monkeypatch)
    found = {d.rule for d in check(load_repository(mini.root)[0])}
    assert rule.id in found
    assert found <= {rule.id for rule in dict(checks.REGISTRY)[check]}


def test_every_check_states_its_invariant() -> None:
    for check in checks.CHECKS:
        assert check.__doc__ and check.__doc__.strip(), check


def test_a_rule_without_a_hint_gives_its_fix() -> None:
    d = rules.HISTORY_ORDER.at("actions.yaml", 3, 5, "out of order")
    assert (d.rule, d.severity, d.hint) == ("history-order", Severity.error,
                                            rules.HISTORY_ORDER.fix)
    assert rules.HISTORY_ORDER.at("a.yaml", 1, 1, "m", "own hint").hint == "own hint"


def test_the_too_large_rule_names_the_bounds_that_are_kept() -> None:
    from fostlog.files.safefiles import MAX_FILE_BYTES, MAX_REGISTER_VALUES, MAX_VALUES

    summary = rules.FILE_TOO_LARGE.summary
    assert f"{MAX_FILE_BYTES // 2**20} MB" in summary
    assert f"({MAX_VALUES:,}; {MAX_REGISTER_VALUES:,} in actions.yaml)" in summary


def test_rules_module_imports_nothing_else_of_fostlog() -> None:
    # yamlsafe, explain and load import the constants: rules.py must not import them back.
    code = ("import sys, fostlog.core.rules; "
            "print(' '.join(sorted(m for m in sys.modules if m.startswith('fostlog'))))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    assert done.stdout.split() == [
        "fostlog", "fostlog.core", "fostlog.core.diagnostics", "fostlog.core.rules"]


def invoke(*args: str):  # type: ignore[no-untyped-def]
    """Run the command line in-process; GITHUB_ACTIONS set shows it does not change the
    rule list's default format."""
    from fostlog.cli import app  # here, so the rest of this file runs if the CLI does not

    return CliRunner().invoke(app, list(args), env={"GITHUB_ACTIONS": "true"})


# --- a check that raises ---------------------------------------------------------------------


def test_a_check_that_raises_is_reported_and_the_others_still_run(
    mini: MiniRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_check_that_raises(mini, monkeypatch)
    line = mini.edit("meetings/2025-07-07.yaml", "person: holly-clune", "person: nobody-known")
    found = mini.lint()
    failed = [d for d in found if d.rule == "check-failed"]
    assert len(failed) == 1 and failed[0].is_error
    assert "check_that_raises" in failed[0].message
    assert "RuntimeError: a bug in a check" in failed[0].message
    assert "bug in fostlog" in failed[0].hint
    assert [d.line for d in found if d.rule == "unknown-person"] == [line]


def test_what_a_check_found_before_it_raised_is_kept(
    mini: MiniRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    def finds_one_then_raises(repo: Repository) -> Iterator[Diagnostic]:
        """Finds one problem, then fails."""
        yield rules.HISTORY_ORDER.at("actions.yaml", 1, 1, "found first")
        raise KeyError("oops")

    monkeypatch.delenv("FOSTLOG_DEBUG", raising=False)
    monkeypatch.setattr(checks, "CHECKS", [finds_one_then_raises])
    assert sorted(d.rule for d in mini.lint()) == ["check-failed", "history-order"]


def test_fostlog_debug_lets_the_exception_through(
    mini: MiniRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "CHECKS", [check_that_raises])
    monkeypatch.setenv("FOSTLOG_DEBUG", "1")
    with pytest.raises(RuntimeError):
        mini.lint()


def test_a_check_that_raises_fails_lint_without_a_traceback(
    mini: MiniRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    a_check_that_raises(mini, monkeypatch)
    result = invoke("lint", str(mini.root), "--format", "json")
    assert result.exit_code == 1
    assert [d["rule"] for d in json.loads(result.stdout)] == ["check-failed"]
    assert "Traceback" not in result.output


# --- fostlog lint --list-rules and the docs' page of rules (docs/rules.md) --------------------


def list_rules(*args: str):  # type: ignore[no-untyped-def]
    return invoke("lint", "--list-rules", *args)


def test_list_rules_as_text_names_every_rule() -> None:
    result = list_rules()
    assert result.exit_code == 0
    for rule in rules.RULES:
        assert re.search(rf"^{rule.id} +{rule.severity} +", result.stdout, re.MULTILINE)


def test_list_rules_as_json_has_stable_keys() -> None:
    result = list_rules("--format", "json")
    assert result.exit_code == 0
    found = json.loads(result.stdout)
    assert [row["id"] for row in found] == [rule.id for rule in rules.RULES]
    assert all(set(row) == {"id", "severity", "summary"} for row in found)
    assert {"id": "ratio-over-100", "severity": "warning",
            "summary": rules.RATIO_OVER_100.summary} in found


def test_list_rules_as_markdown_is_the_readme_table() -> None:
    result = list_rules("--format", "markdown")
    assert result.exit_code == 0
    assert result.stdout.startswith("| rule | severity | what it finds |\n|---|---|---|\n")
    assert "| `unknown-person` | error | " in result.stdout
    assert result.stdout in (ROOT / rules.RULES_PAGE).read_text(encoding="utf-8")


def test_list_rules_refuses_github() -> None:
    assert list_rules("--format", "github").exit_code == 2


def test_readme_rule_table_is_up_to_date() -> None:
    readme = (ROOT / rules.RULES_PAGE).read_text(encoding="utf-8")
    assert rules.readme_with_rules(readme) == readme, (
        f"{rules.RULES_PAGE}'s rule table is out of date: run `make readme-rules`"
    )


def test_readme_rules_script_rewrites_only_the_table(tmp_path: Path) -> None:
    readme = tmp_path / "README.md"
    readme.write_text(f"# Title\n\nprose\n{rules.README_START}\n| old |\n{rules.README_END}\n"
                      "more prose\n", encoding="utf-8")
    command = [sys.executable, "-m", "fostlog.core.rules", "--readme", str(readme)]
    subprocess.run(command, check=True, capture_output=True, env=dict(os.environ))
    text = readme.read_text(encoding="utf-8")
    assert text.startswith(f"# Title\n\nprose\n{rules.README_START}\n| rule |")
    assert "| old |" not in text and text.endswith(f"{rules.README_END}\nmore prose\n")
    assert rules.readme_with_rules(text) == text


# --- each cross-file rule: where it points and what it says ----------------------------------


def test_a_broken_action_does_not_hide_the_others(mini: MiniRepo) -> None:
    mini.edit("actions.yaml", "status: done", "status: finished")
    mini.edit("actions.yaml", "owners: [rebecca-eligon]", "owners: [nobody-here]")
    reported = {d.rule for d in mini.lint()}
    assert {"schema-value", "unknown-person"} <= reported


def test_meeting_file_name_must_match_date(mini: MiniRepo) -> None:
    (mini.root / "meetings/2025-07-07.yaml").rename(mini.root / "meetings/2025-07-08.yaml")
    d = _one(mini, "meeting-filename")
    assert Path(d.file).name == "2025-07-08.yaml"
    assert d.line == 1


def test_meeting_file_named_not_a_date(mini: MiniRepo) -> None:
    (mini.root / "meetings/2025-07-07.yaml").rename(mini.root / "meetings/not-a-date.yaml")
    d = _one(mini, "meeting-filename")
    assert Path(d.file).name == "not-a-date.yaml"


def test_benchmark_file_name_must_match_year(mini: MiniRepo) -> None:
    (mini.root / "benchmarks/2020-21.yaml").rename(mini.root / "benchmarks/2021-22.yaml")
    d = _one(mini, "benchmark-filename")
    assert Path(d.file).name == "2021-22.yaml"
    assert d.line == 1  # the year: line
    assert "2020-21.yaml" in d.hint


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


def test_full_attendance_needs_an_attendee_list(mini: MiniRepo) -> None:
    line = mini.edit("meetings/2025-07-07.yaml", "attendance: full", "attendance: full")
    mini.edit("meetings/2025-07-07.yaml", ATTENDEES, "attendees: null\n")
    d = _one(mini, "attendance-full-without-list")
    assert d.line == line
    assert mini.only("attendance-unaccounted") == []  # nothing to account with no list
    mini.edit("meetings/2025-07-07.yaml", "attendance: full", "attendance: none")
    assert mini.lint() == []


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
    from fostlog.files.load import load_repository

    line = mini.edit("meetings/2025-07-07.yaml", "person: holly-clune", "person: nobody-known")
    repo, _ = load_repository(mini.root)
    (mini.root / "meetings" / "2025-07-07.yaml").unlink()
    assert repo.where(repo.meetings[0], "attendees", 1, "person")[1] == line
    found = [d for d in run_checks(repo) if d.rule == "unknown-person"]
    assert [d.line for d in found] == [line]


def test_a_due_month_is_written_as_its_last_day(mini: MiniRepo) -> None:
    mini.edit("actions.yaml", "    raised: 2025-07-01\n",
              "    raised: 2025-07-01\n    due:\n      date: 2025-10-01\n"
              "      precision: month\n      as_written: in October\n")
    found = _one(mini, "due-date")
    assert "2025-10-31" in found.hint


def test_a_person_named_by_an_action_is_in_the_registry(mini: MiniRepo) -> None:
    mini.edit("actions.yaml", "    raised: 2025-07-01\n",
              "    raised: 2025-07-01\n    named:\n      - role: receives\n"
              "        as_written: Rebeca\n        person: rebeca-eligon\n")
    assert "rebecca-eligon" in _one(mini, "unknown-person").hint


# --- root cause first: a file that cannot be read (issue 22) ------------------------------

BROKEN_MEETING = "meetings/2022-01-26.yaml"


@pytest.mark.parametrize(("old", "new"), [
    ("venue: MS Teams", "venue MS Teams"),  # a missing colon
    ("  person: deborah-glassbrook", "\tperson: deborah-glassbrook"),  # a tab
    ("  person: deborah-glassbrook", "   person: deborah-glassbrook"),  # a bad indent
    ("date: 2022-01-26", "date: 26/01/2022"),  # a date in the wrong form loses the record
], ids=["missing-colon", "tab", "bad-indent", "date-form"])
def test_an_unreadable_file_comes_first_and_what_it_defines_is_not_missing(
        data_copy: Callable[[], Path], old: str, new: str) -> None:
    root = data_copy()
    path = root / BROKEN_MEETING
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    found = load_and_check(root)[1]
    broken = str(path.relative_to(Path.cwd())) if path.is_relative_to(Path.cwd()) else str(path)
    assert found[0].file == broken and found[0].is_error, [str(d) for d in found[:3]]
    assert not [d for d in found if d.rule == rules.UNKNOWN_MEETING.id], \
        "the meeting is there: its file could not be read"
    skipped = [d for d in found if d.rule == rules.FINDINGS_SKIPPED.id]
    assert len(skipped) == 1 and skipped[0].file == broken
    assert re.match(r"\d+ findings elsewhere \(unknown-meeting\) were skipped because this "
                    r"file could not be read", skipped[0].message)
    own = [d for d in found if d.file == broken]
    assert found[:len(own)] == own and own[-1] == skipped[0]
    # The question stops on the file's own error alone.
    result = CliRunner().invoke(app, ["actions", "--open", "--data", str(root)])
    assert result.exit_code == 1
    assert "unknown-meeting" not in result.stderr and broken in result.stderr
