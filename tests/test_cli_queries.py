"""The three questions as a user runs them: CliRunner on the real data, golden files for
each output format, bad usage and bad data."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA
from fostlog.cli import app

GOLDEN = Path(__file__).parent / "golden" / "queries"
# No COLUMNS: a table piped without it is as wide as it needs (the width tests set it).
ENV = {"FOSTLOG_TODAY": "2026-11-23", "NO_COLOR": "1", "FOSTLOG_DATA": str(DATA),
       "COLUMNS": None}
runner = CliRunner()

HEADLINES = {
    "actions-open": ["actions", "--open"],
    "benchmark-conversion": ["benchmark", "2020-21", "--sort", "conversion"],
    "attendance-missing": ["attendance", "--missing", "2"],
}


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args), env={**ENV, **(env or {})})


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "json"])
@pytest.mark.parametrize("name", sorted(HEADLINES))
def test_headline_commands_match_golden_files(name: str, fmt: str) -> None:
    result = run(*HEADLINES[name], "--format", fmt)
    assert result.exit_code == 0, result.output
    ext = {"table": "txt", "markdown": "md"}.get(fmt, fmt)
    check_golden(f"{name}.{ext}", result.stdout)


# The first screens a fostering lead sees, at the narrowest terminal fostlog promises to
# fit (80 columns) and a common wide one: tables/golden/queries/NAME.COLUMNS.txt.
FITTED = {
    "actions-open": ["actions", "--open"],
    "benchmark-conversion": ["benchmark", "2020-21", "--sort", "conversion"],
    "benchmark-ofsted": ["benchmark", "ofsted-2018-19", "--sort", "conversion"],
    "benchmark-kent": ["benchmark", "--authority", "Kent"],
    "capacity": ["capacity", "2018-19", "--sort", "utilisation"],
    # Two Ofsted years: each change with both years' ranks and bands; one LA's trend.
    "capacity-compare": ["capacity", "2018-19", "--compare", "2017-18", "--sort",
                         "utilisation"],
    # Every measure: both years' rank and band still fit 80 columns.
    "capacity-compare-every-measure": ["capacity", "2018-19", "--compare", "2017-18"],
    "capacity-kent": ["capacity", "--authority", "Kent"],
    "benchmark-ofsted-compare": ["benchmark", "ofsted-2018-19", "--compare", "ofsted-2017-18",
                                 "--authority", "Kent"],
    "attendance": ["attendance"],
    "attendance-missing": ["attendance", "--missing", "2"],
}
DATE_OR_NUMBER_CUT = re.compile(r"(\d|\d-)\.\.\.")


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", sorted(FITTED))
def test_tables_fit_80_and_120_columns(name: str, width: int) -> None:
    result = run(*FITTED[name], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    check_golden(f"{name}.{width}.txt", result.stdout)
    lines = result.stdout.splitlines()
    # No line is wider than the terminal, counted in characters or (as awk does) bytes.
    assert max(len(line.encode("utf-8")) for line in lines) <= width
    assert not DATE_OR_NUMBER_CUT.search(result.stdout)
    # Every number and date of the rows shown is there whole.
    rows = json.loads(run(*FITTED[name], "--format", "json").stdout)
    text = result.stdout
    for row in rows:
        for key in ("id", "age_days", "rank", "conversion", "last_attended"):
            value = row.get(key)
            if isinstance(value, float):
                value = f"{Decimal(value).quantize(Decimal(1), ROUND_HALF_UP)}%"
            if value is not None:
                assert re.search(rf"(^|\s){re.escape(str(value))}(\s|$)", text, re.M), (key, value)


def test_left_out_columns_are_named_with_how_to_see_them() -> None:
    narrow = run("actions", "--open", env={"COLUMNS": "80"}).stdout
    assert "Left out at 80 columns: Responsible" in narrow and "--wide" in narrow
    assert "Text ending in ... is shortened: 'fostlog actions NUMBER'" in narrow
    wide = run("actions", "--open", "--wide", env={"COLUMNS": "80"}).stdout
    assert "Left out" not in wide and "Responsible" in wide and "..." not in wide
    chosen = run("actions", "--open", "--columns", "id,age_days", env={"COLUMNS": "80"})
    assert chosen.stdout.splitlines()[2].split() == ["No.", "Age", "(days)"]
    assert "Left out" not in chosen.stdout
    as_csv = run("actions", "--open", "--columns", "id, age_days", "--format", "csv")
    assert as_csv.stdout.splitlines()[0] == "id,age_days"
    bad = run("actions", "--columns", "id,agge_days")
    assert bad.exit_code == 2 and "Did you mean 'age_days'?" in bad.stderr
    # The benchmark at 80 columns: ranks and key ratios; the counts are left out and named.
    bench = run("benchmark", "2020-21", "--sort", "conversion", env={"COLUMNS": "80"}).stdout
    assert "Rank" in bench and "(conversion)" in bench and "Initial enquiries" not in (
        bench.split("Left out")[0])
    assert "Left out at 80 columns: Initial enquiries" in " ".join(bench.split())
    # ...which --authority shows for one LA
    kent = run("benchmark", "2020-21", "--authority", "Kent", env={"COLUMNS": "80"}).stdout
    assert "619" in kent and max(len(line) for line in kent.splitlines()) <= 80


def test_a_narrow_terminal_gets_a_block_per_row() -> None:
    text = run("actions", "--open", env={"COLUMNS": "40"}).stdout
    assert max(len(line) for line in text.splitlines()) <= 40
    assert re.search(r"^No\.\s+2$", text, re.M) and re.search(r"^Age \(days\)\s+1879$", text, re.M)
    assert not re.search(r"^Due$", text, re.M)  # what is not recorded is left out


def test_json_parses_with_stable_keys_and_iso_dates() -> None:
    result = run("actions", "--format", "json")
    rows = json.loads(result.stdout)
    assert rows and all(list(r) == list(rows[0]) for r in rows)
    row49 = next(r for r in rows if r["id"] == "49")
    assert row49["raised"] == "2025-07-07" and row49["status"] == "done"
    bench = json.loads(run("benchmark", "2020-21", "--format", "json").stdout)
    kent = next(r for r in bench if r["authority"] == "Kent")
    assert kent["stage_f"] is None  # unknown, not 0
    assert kent["conversion"] == pytest.approx(100 * 234 / 619)


def test_missing_as_of_january_2022_names_the_three_las_of_the_minutes() -> None:
    result = run("attendance", "--missing", "2", "--as-of", "2022-01-26", "--format", "json")
    rows = json.loads(result.stdout)
    assert [r["authority"] for r in rows if r["status"] == "missing"] == [
        "Isle of Wight", "Milton Keynes", "Surrey"]


def test_conversion_puts_kent_first() -> None:
    rows = list(csv.DictReader(io.StringIO(
        run("benchmark", "2020-21", "--sort", "conversion", "--format", "csv").stdout)))
    assert rows[0]["authority"] == "Kent" and rows[0]["conversion"] == "38%"
    wam = next(r for r in rows if r["authority"] == "Windsor and Maidenhead")
    assert wam["visit_to_application"] == ""  # unknown is blank, never 0%
    table = run("benchmark", "2020-21").stdout
    assert "n/a" in table


def test_action_story_by_number() -> None:
    result = run("actions", "47")
    assert result.exit_code == 0
    assert "GS and SD to meet with MH" in result.stdout
    assert "2025-09-17" in result.stdout
    assert run("actions", "show", "47").stdout == result.stdout
    missing = run("actions", "470")
    assert missing.exit_code == 1 and "no action 470" in missing.stderr


def test_filters_from_the_command_line() -> None:
    rows = json.loads(run("actions", "--owner", "MC", "--format", "json").stdout)
    assert [r["id"] for r in rows] == ["49", "55", "58"]  # Maria Cordrey's
    rows = json.loads(run("actions", "--authority", "W Sussex", "--format", "json").stdout)
    assert rows and all("James Ball" in r["owner_names"] or "Kelly wilkes" in r["owner_names"]
                        for r in rows)
    rows = json.loads(run("actions", "--as-of", "2022-01-20", "--status", "done",
                          "--format", "json").stdout)
    assert [r["id"] for r in rows] == ["1", "3", "5", "6", "9"]


def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    actions = root / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("text: MC to share out of hours policy",
                                    "text: '=HYPERLINK(\"http://evil.example\",\"x\")'"),
                       encoding="utf-8")
    result = run("actions", "--owner", "MC", "--format", "csv", "--data", str(root))
    assert result.exit_code == 0, result.output
    row = next(csv.DictReader(io.StringIO(result.stdout)))
    assert row["text"].startswith("'=HYPERLINK(")


@pytest.mark.parametrize("args", [
    ["actions", "--as-of", "26/01/2022"],
    ["actions", "--owner", "Nobody Atall"],
    ["actions", "--status", "finished"],
    ["benchmark", "1999-00"],
    ["benchmark", "2020-21", "--sort", "happiness"],
    ["attendance", "--missing", "0"],
    ["attendance", "--authority", "Atlantis"],
    ["lint", "/no/such/folder"],
])
def test_bad_usage_exits_2_with_a_plain_message(args: list[str]) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


def test_errors_in_the_data_stop_a_query_with_file_and_line(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    actions = root / "actions.yaml"
    actions.write_text(actions.read_text(encoding="utf-8").replace(
        "status: done", "status: finished", 1), encoding="utf-8")
    result = run("actions", "--open", "--data", str(root))
    assert result.exit_code == 1
    assert "actions.yaml:" in result.stderr and "schema-value" in result.stderr
    # ...but a query that does not need actions.yaml still answers
    assert run("benchmark", "2020-21", "--data", str(root)).exit_code == 0


def test_lint_cli_formats_and_exit_codes(tmp_path: Path) -> None:
    clean = run("lint", str(DATA))
    assert clean.exit_code == 0 and "ratio-over-100" in clean.stdout
    assert run("lint", str(DATA), "--strict").exit_code == 1  # Kent's warnings
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    (root / "meetings" / "2022-01-26.yaml").rename(root / "meetings" / "2022-01-27.yaml")
    bad = run("lint", str(root), "--format", "json")
    assert bad.exit_code == 1
    found = json.loads(bad.stdout)
    assert any(d["rule"] == "meeting-filename" and d["file"].endswith("2022-01-27.yaml")
               for d in found)
    github = run("lint", str(root), env={"GITHUB_ACTIONS": "true"})
    assert "::error file=" in github.stdout and ",line=6," in github.stdout


def test_every_command_help_has_an_example() -> None:
    for command in (["lint"], ["actions"], ["actions", "show"], ["benchmark"], ["attendance"]):
        result = run(*command, "--help")
        assert result.exit_code == 0
        assert "Example" in result.stdout and "fostlog " in result.stdout


# --- one rule per thing, whichever command asks ----------------------------------------------


def test_owner_an_la_lists_the_actions_of_the_la_and_its_people() -> None:
    # `actions --owner Kent` was an error while `actions add --owner Kent` took the LA.
    result = run("actions", "--owner", "Kent", "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert {"39", "49"} <= {r["id"] for r in rows}  # Mark Vening's and Maria Cordrey's
    by_authority = json.loads(run("actions", "--authority", "Kent", "--format", "json").stdout)
    assert rows == by_authority
    unknown = run("actions", "--owner", "Rebeca Eligon")
    assert unknown.exit_code == 2 and "Did you mean Rebecca Eligon?" in unknown.stderr
    gs = json.loads(run("actions", "--owner", "GS", "--format", "json").stdout)
    assert [r["id"] for r in gs] == ["47"]  # initials the register keeps unresolved


def test_every_status_word_is_accepted_by_every_command(
    data_copy: Callable[[], Path],
) -> None:
    from fostlog.core.vocabulary import STATUS_WORDS

    root = data_copy()
    listed = run("actions", "--help").stdout + run("actions", "update", "--help").stdout
    for word, status in STATUS_WORDS.items():
        assert word.split()[0] in listed
        result = run("actions", "--status", word, "--as-of", "2022-01-20", "--format", "json")
        assert result.exit_code == 0, (word, result.output)
        assert {r["status"] for r in json.loads(result.stdout)} <= {status.value}
        update = run("actions", "update", "47", "--status", word, "--dry-run",
                     "--data", str(root))
        assert update.exit_code == 0, (word, update.output)
    closed = json.loads(run("actions", "--status", "closed", "--format", "json").stdout)
    done = json.loads(run("actions", "--status", "done", "--format", "json").stdout)
    assert closed == done
    for command in (["actions"], ["actions", "update", "47"]):
        bad = run(*command, "--status", "compelte", "--data", str(root))
        assert bad.exit_code == 2 and "Did you mean 'complete'?" in bad.stderr


@pytest.mark.parametrize("command", [
    ["actions"], ["benchmark", "2020-21"], ["attendance"],
])
def test_authority_is_found_the_same_way_by_every_command(command: list[str]) -> None:
    assert run(*command, "--authority", "IoW" if command[0] != "benchmark" else "W Sussex"
               ).exit_code == 0
    result = run(*command, "--authority", "Kentt")
    assert result.exit_code == 2
    assert "'Kentt' is not an LA" in result.stderr and "Did you mean Kent?" in result.stderr


def test_benchmark_options_compose_or_refuse() -> None:
    # --compare with --authority: that LA's changes (--compare used to win silently)
    rows = json.loads(run("benchmark", "2020-21", "--compare", "2020-21", "--authority", "Kent",
                          "--format", "json").stdout)
    assert rows and {r["authority"] for r in rows} == {"Kent"}
    # --compare with --sort: that ratio's changes
    rows = json.loads(run("benchmark", "2020-21", "--compare", "2020-21", "--sort",
                          "conversion", "--format", "json").stdout)
    assert {r["ratio"] for r in rows} == {"conversion"} and len(rows) == 17
    assert run("benchmark", "2020-21", "--compare", "2020-21", "--sort", "enquiries"
               ).exit_code == 2
    # --authority with --no-region: the LA's column alone (and why a count is unknown)
    alone = json.loads(run("benchmark", "2020-21", "--authority", "Kent", "--no-region",
                           "--format", "json").stdout)
    assert list(alone[0]) == ["key", "label", "value", "unknown"]
    # --authority with --sort was silently ignored; now it is refused
    for args, words in [
        (["2020-21", "--authority", "Kent", "--sort", "conversion"], "--authority does not go"),
        (["2020-21", "--compare", "2020-21", "--no-region"], "--compare does not go"),
        (["2020-21", "--ascending"], "give --sort"),
        (["--sort", "conversion"], "give a YEAR"),
    ]:
        result = run("benchmark", *args)
        assert result.exit_code == 2, args
        assert words in result.stderr


def test_attendance_authority_composes_with_missing_and_as_of() -> None:
    # --authority used to ignore --missing and --as-of silently: now they narrow it.
    result = run("attendance", "--authority", "Surrey", "--missing", "2", "--as-of",
                 "2022-01-26", "--format", "json")
    assert result.exit_code == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["authority"] for r in rows] == ["Surrey"]
    assert rows[0]["status"] == "missing"
    history = json.loads(run("attendance", "--authority", "Surrey", "--as-of", "2022-01-26",
                             "--format", "json").stdout)
    assert [r["date"] for r in history][-1] == "2022-01-26"
    assert "2025-07-07" not in [r["date"] for r in history]


def test_attendance_marks_inferred_facts_apart_from_recorded_ones() -> None:
    # July 2025: Kent is recorded present; Reading's absence is worked out from the list.
    cells = {row["authority"]: row["2025-07-07"]
             for row in json.loads(run("attendance", "--format", "json").stdout)}
    assert cells["Kent"]["inferred"] is None and cells["Kent"]["presence"] == "present"
    assert cells["Reading"]["presence"] == "not represented" and cells["Reading"]["inferred"]
    # July 2020: Milton Keynes is present only through an LA taken from later minutes.
    july_2020 = {row["authority"]: row["2020-07-21"]
                 for row in json.loads(run("attendance", "--format", "json").stdout)}
    assert july_2020["Milton Keynes"]["presence"] == "present"
    assert "19 July 2021" in july_2020["Milton Keynes"]["inferred"]
    assert july_2020["Wokingham"]["inferred"] is None  # "Carol Cammiss – Wokingham"
    table = run("attendance", "--as-of", "2025-07-07").stdout  # its last column, July 2025
    reading = next(line for line in table.splitlines() if line.startswith("Reading"))
    assert reading.split()[-1] == "-*" and "* inferred" in table
    csv_rows = list(csv.DictReader(io.StringIO(run("attendance", "--format", "csv").stdout)))
    reading_csv = next(r for r in csv_rows if r["authority"] == "Reading")
    assert reading_csv["2025-07-07"] == "not represented (inferred)"


def test_missing_separates_recorded_inferred_and_unknown() -> None:
    rows = json.loads(run("attendance", "--missing", "1", "--as-of", "2025-07-07",
                          "--format", "json").stdout)
    statuses = {r["authority"]: r["status"] for r in rows}
    assert statuses["Reading"] == "missing (inferred)"
    assert rows[0]["inferred_at"] == ["2025-07-07"]
    january = json.loads(run("attendance", "--missing", "2", "--as-of", "2022-01-26",
                             "--format", "json").stdout)
    assert {r["status"] for r in january} == {"missing"}  # the minutes list them


def test_overdue_as_of_june_2022_lists_the_open_actions_past_their_due_date() -> None:
    rows = json.loads(run("actions", "--overdue", "--as-of", "2022-06-01",
                          "--format", "json").stdout)
    assert {r["id"] for r in rows} == {"7", "2020-07-21/1", "2021-07-19/1"}
    assert all(r["overdue"] and r["due"] < "2022-06-01" for r in rows)
    due = list(csv.DictReader(io.StringIO(run("actions", "--due-before", "2022-02-01",
                                              "--format", "csv").stdout)))
    # 3 is due "at January meeting" (closed, but --due-before keeps closed ones); 5 "at
    # next meeting" after October 2021: the 5 November 2021 meeting.
    assert {r["id"]: r["due"] for r in due} == {
        "2020-07-21/1": "2020-10-31", "2021-07-19/1": "2022-01-31", "3": "2022-01-31",
        "5": "2021-11-05"}


def test_as_of_inside_a_month_does_not_list_that_months_actions_before_their_meeting() -> None:
    # Actions 46-47 are issued "March 2025"; nobody knows the day of the March meeting.
    ids = {r["id"] for r in json.loads(run("actions", "--as-of", "2025-03-15",
                                           "--format", "json").stdout)}
    assert not {"46", "47"} & ids and "45" in ids
    ids = {r["id"] for r in json.loads(run("actions", "--as-of", "2025-04-01",
                                           "--format", "json").stdout)}
    assert {"46", "47"} <= ids
    # Actions 48-49 were raised at the 7 July 2025 meeting: listed from that day.
    ids = {r["id"] for r in json.loads(run("actions", "--as-of", "2025-07-07",
                                           "--format", "json").stdout)}
    assert {"48", "49"} <= ids
    # Action 7 is issued "Jan 2022" and reported on 20 January 2022: raised by then.
    ids = {r["id"] for r in json.loads(run("actions", "--as-of", "2022-01-20",
                                           "--format", "json").stdout)}
    assert "7" in ids


def test_an_action_shows_each_wording_and_the_people_it_names() -> None:
    story = json.loads(run("actions", "49", "--format", "json").stdout)
    assert story["text"] == "MC to share out of hours policy"
    assert story["wordings"] == [{"as_of": "2025-07-07", "text": "MC to share policy.",
                                  "source": "004_e0affe79a15288f1.txt"}]
    named = json.loads(run("actions", "45", "--format", "json").stdout)["named"]
    assert named == [{"role": "requested by", "name": "Sarah Daly"}]
    assert "MC to share policy." in run("actions", "49").stdout


def test_missing_before_any_meeting_says_so() -> None:
    result = run("attendance", "--missing", "2", "--as-of", "1900-01-01")
    assert result.exit_code == 0
    assert "no meeting on or before 1900-01-01" in result.stdout
    assert "represented" not in result.output
    as_json = run("attendance", "--missing", "2", "--as-of", "1900-01-01", "--format", "json")
    assert json.loads(as_json.stdout) == [] and "no meeting" in as_json.stderr


# --- every command through the one output interface ------------------------------------------


def test_action_story_in_every_format() -> None:
    story = json.loads(run("actions", "47", "--format", "json").stdout)
    assert list(story) == ["id", "text", "responsible", "owner_names", "raised", "status",
                           "recorded", "last_update", "due", "age_days", "raised_precision",
                           "due_as_written", "overdue", "ambiguous", "meeting", "wordings", "named",
                           "note",
                           "history"]
    # issued "March 2025": raised to the month, at the one meeting known that month
    assert (story["raised"], story["raised_precision"], story["meeting"]) == (
        "2025-03", "month", "2025-03")
    assert story["history"][0]["as_of"] == "2025-09-17"
    rows = list(csv.DictReader(io.StringIO(run("actions", "47", "--format", "csv").stdout)))
    assert rows and all(r["id"] == "47" for r in rows)  # every line a history row
    assert rows[0]["as_of"] == "2025-09-17"
    markdown = run("actions", "47", "--format", "markdown").stdout
    assert markdown.startswith("**Action 47**") and "| 2025-09-17 |" in markdown


def test_attendance_matrix_cells_in_every_format() -> None:
    args = ("attendance", "--as-of", "2022-01-26")
    table = run(*args).stdout
    assert "P present" in table  # the legend, under the table
    kent = next(line for line in table.splitlines() if line.startswith("Kent"))
    assert set(kent.split()[1:]) <= {"P", "A", "-", "?", "P*", "A*", "-*"}
    assert "P present" in run(*args, "--format", "markdown").stdout
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert rows[0]["2022-01-26"] in {"present", "apologies", "not represented", "unknown"}
    cells = json.loads(run(*args, "--format", "json").stdout)
    assert set(cells[0]["2022-01-26"]) == {"presence", "who", "inferred"}


def test_fostlog_help_imports_no_pydantic_yaml_or_rich() -> None:
    code = (
        "import sys\n"
        "from fostlog.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'pydantic', 'yaml', 'rich', 'ruamel', 'fostlog.core.models'}\n"
        "print(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


# --- forgiving input: "did you mean", one rule for exit codes ---------------------------------


@pytest.mark.parametrize("args, code, words", [
    # a name typed for an option that matches nothing is bad usage (2), with what was meant
    (["actions", "--authority", "West Susex"], 2, "Did you mean West Sussex?"),
    (["attendance", "--authority", "West Susex"], 2, "Did you mean West Sussex?"),
    (["benchmark", "2020-21", "--authority", "West Susex"], 2, "Did you mean West Sussex?"),
    (["actions", "--owner", "Rebeca Eligon"], 2, "Did you mean Rebecca Eligon?"),
    # a word that is not one of those listed is bad usage too
    (["benchmark", "2020-21", "--sort", "convertion"], 2, "Did you mean conversion?"),
    (["benchmark", "2021-22", "--compare", "2020-21", "--sort", "convertion"], 2,
     "no benchmarking year 2021-22"),
    (["benchmark", "2019-20"], 2, "Years available: 2020-21"),
    (["actions", "--status", "compelte"], 2, "Did you mean 'complete'?"),
    (["actions", "--columns", "txt"], 2, "Did you mean 'text'?"),
    # an action the register does not have is not found (1), with the nearest numbers
    (["actions", "999"], 1, "Did you mean 60?"),
    (["actions", "20"], 1, "Did you mean 10 or 33?"),
    (["actions", "show", "2021-07-19/9"], 1, "Did you mean 2021-07-19/5?"),
])
def test_each_misspelling_gets_a_suggestion_and_the_documented_exit_code(
        args: list[str], code: int, words: str) -> None:
    result = run(*args)
    assert result.exit_code == code, result.output
    assert words in result.stderr and "Traceback" not in result.output
    assert result.stdout == ""  # a failure writes nothing a pipe would take for an answer


@pytest.mark.parametrize("typed, name", [
    ("Hants", "Hampshire"), ("Bucks", "Buckinghamshire"), ("IoW", "Isle of Wight"),
    ("AfC", "Windsor and Maidenhead"), ("Brighter Futures", "Reading"), ("oxon", "Oxfordshire"),
])
def test_aliases_and_short_forms_name_the_la(typed: str, name: str) -> None:
    result = run("attendance", "--authority", typed)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Attendance of {name}")
    assert run("actions", "--authority", typed, "--format", "json").exit_code == 0


def test_status_closed_is_done() -> None:
    closed = run("actions", "--status", "closed", "--format", "json")
    assert closed.exit_code == 0
    assert {r["status"] for r in json.loads(closed.stdout)} == {"done"}


def test_an_empty_answer_says_what_it_means() -> None:
    result = run("actions", "--owner", "MC", "--status", "dropped")
    assert result.exit_code == 0
    assert "No action matches --status dropped --owner MC as of 2026-11-23." in result.stdout
    as_json = run("actions", "--owner", "MC", "--status", "dropped", "--format", "json")
    assert json.loads(as_json.stdout) == [] and "No action matches" in as_json.stderr
    before = run("attendance", "--as-of", "1900-01-01")
    assert "The data knows of no meeting on or before 1900-01-01." in before.stdout
    assert "Bracknell Forest" not in before.stdout


# --- every format is pure ------------------------------------------------------------------


def test_one_action_as_csv_or_json_writes_only_csv_or_json() -> None:
    result = run("actions", "47", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["id", "as_of", "status", "recorded", "note", "source", "meeting"]
    assert all(len(row) == len(rows[0]) for row in rows)
    story = json.loads(run("actions", "47", "--format", "json").stdout)  # nothing else
    assert story["id"] == "47" and story["history"][0]["status"] == "open"
    # the table view keeps the header lines, fitted to the terminal
    table = run("actions", "47", env={"COLUMNS": "80"}).stdout
    assert table.startswith("Action 47\n") and max(map(len, table.splitlines())) <= 80


def test_attendance_json_has_the_documented_shape() -> None:
    rows = json.loads(run("attendance", "--format", "json").stdout)
    assert list(rows[0])[:1] == ["authority"]
    for row in rows:
        for key, cell in row.items():
            if key != "authority":
                assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", key)
                assert set(cell) == {"presence", "who", "inferred"}
                assert cell["presence"] in {"present", "apologies", "not represented",
                                            "unknown"}
    documented = (Path(__file__).parent.parent / "docs" / "questions.md").read_text(
        encoding="utf-8")
    assert '"presence"' in documented and '"inferred"' in documented


# --- help that explains itself --------------------------------------------------------------


def _every_command(command: object, path: list[str]) -> list[list[str]]:
    found = [path]
    for name, sub in getattr(command, "commands", {}).items():
        found += _every_command(sub, [*path, name])
    return found


def test_every_command_and_group_has_examples_and_metavars_in_words() -> None:
    import typer.main

    root = typer.main.get_command(app)
    for path in _every_command(root, []):
        result = run(*path, "--help")
        assert result.exit_code == 0, path
        assert "Examples:" in result.stdout and "fostlog " in result.stdout, path
        assert not re.search(r"<[a-z][^>]*>", result.stdout), (path, result.stdout)


def test_commands_are_listed_in_order_and_version_is_printed() -> None:
    from importlib.metadata import version

    listed = run("--help").stdout.split("Commands:")[1].splitlines()
    names = [line.split()[0] for line in listed if line.startswith("  ")]
    assert names[:4] == ["lint", "actions", "attendance", "benchmark"]
    assert names.index("render") < names.index("new") < names.index("schema")
    result = run("--version")
    assert result.exit_code == 0 and result.stdout == f"fostlog {version('fostlog')}\n"


@pytest.mark.parametrize("args", [
    ["benchmark"], ["benchmark", "2020-21", "--authority", "Kent"], ["actions", "47"],
    ["actions"], ["attendance", "--authority", "Kent"], ["attendance", "--as-of", "2022-01-26"],
    ["benchmark", "2020-21", "--compare", "2020-21"],
])
def test_every_query_fits_80_columns(args: list[str]) -> None:
    result = run(*args, env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    # Columns on screen are characters, not bytes: action 50's curly quotes (3 bytes each
    # in UTF-8) take one column each, as the table fitting counts them.
    assert max(len(line) for line in result.stdout.splitlines()) <= 80


# One LA beside its statistical neighbours' mean, the region and England (issue 23), and
# its neighbours one by one: golden at 80 and 120 columns, CSV and JSON.
NEIGHBOUR_VIEWS = {
    "capacity-reading": ["capacity", "2018-19", "--authority", "Reading"],
    "capacity-reading-trend": ["capacity", "--authority", "Reading"],
    "capacity-reading-neighbours": ["capacity", "2018-19", "--authority", "Reading",
                                    "--neighbours"],
    "benchmark-reading": ["benchmark", "ofsted-2018-19", "--authority", "Reading"],
    "benchmark-reading-neighbours": ["benchmark", "ofsted-2018-19", "--authority", "Reading",
                                     "--neighbours"],
}


@pytest.mark.parametrize("width", [80, 120])
@pytest.mark.parametrize("name", sorted(NEIGHBOUR_VIEWS))
def test_neighbour_views_fit_80_and_120_columns(name: str, width: int) -> None:
    result = run(*NEIGHBOUR_VIEWS[name], env={"COLUMNS": str(width)})
    assert result.exit_code == 0, result.output
    check_golden(f"{name}.{width}.txt", result.stdout)
    assert max(len(line) for line in result.stdout.splitlines()) <= width
    # Each view's note names the source file and the set, and what the mean is.
    text = " ".join(result.stdout.split())
    assert "Local_authority_level_fostering_data_2018_to_2019.csv" in text
    assert "sn-2025-05 (data/neighbours/sn-2025-05.yaml, from sn_may_2025.xlsx)" in (
        text.replace(str(DATA), "data"))
    assert "the plain mean of the values" in text


@pytest.mark.parametrize("fmt", ["csv", "json"])
@pytest.mark.parametrize("name", ["capacity-reading-trend", "benchmark-reading",
                                  "benchmark-reading-neighbours"])
def test_neighbour_views_in_csv_and_json(name: str, fmt: str) -> None:
    result = run(*NEIGHBOUR_VIEWS[name], "--format", fmt)
    assert result.exit_code == 0, result.output
    check_golden(f"{name}.{fmt}", result.stdout)


def test_the_neighbours_row_agrees_with_the_query_and_carries_its_counts_and_set() -> None:
    from fostlog.files.load import load_repository
    from fostlog.queries import neighbours

    repo = load_repository(DATA)[0]
    (year,) = repo.capacity_years("ofsted-2018-19")
    mean = neighbours.capacity_beside(repo, year, "reading").mean
    rows = json.loads(run("capacity", "--authority", "Reading", "--format", "json").stdout)
    assert [(r["key"], r["level"]) for r in rows] == [
        (y, level) for y in ("ofsted-2017-18", "ofsted-2018-19")
        for level in ("la", "neighbours", "region", "england")]
    row = rows[5]
    assert row["area"] == "Statistical neighbours" and row["neighbour_set"] == "sn-2025-05"
    assert row["utilisation"] == mean.values["utilisation"]
    assert row["with_value"] == mean.with_value and row["neighbours"] == 10
    assert (rows[4]["rank_all"], rows[4]["band"]) == (142, "D")  # the LA's rank, its row
    # 2017-18: Barnet's places not available suppressed, so 9 of 10 had that share.
    assert rows[1]["with_value"]["not_available_share"] == 9
    table = run("capacity", "--authority", "Reading", env={"COLUMNS": "120"}).stdout
    assert "9-10 of 10" in table and "10 of 10" in table
    listed = run("capacity", "2017-18", "--authority", "Reading", "--neighbours", "--wide")
    barnet = next(line for line in listed.stdout.splitlines() if "Barnet" in line)
    assert "suppressed" in barnet and " 0 " not in barnet
    ratios = list(csv.DictReader(io.StringIO(run(
        "benchmark", "ofsted-2018-19", "--authority", "Reading", "--format", "csv").stdout)))
    conversion = next(r for r in ratios if r["key"] == "conversion")
    assert (conversion["neighbours_with_value"], conversion["neighbours"],
            conversion["neighbour_set"]) == ("10", "10", "sn-2025-05")
    enquiries = next(r for r in ratios if r["key"] == "enquiries")
    assert enquiries["neighbours_mean"] == ""  # a count: no neighbours' mean, not 0


def test_benchmark_ratios_a_year_lacks_are_absent_beside_the_neighbours() -> None:
    rows = json.loads(run("benchmark", "--authority", "Reading", "--neighbours",
                          "--format", "json").stdout)
    older = [r for r in rows if r["key"] == "ofsted-2017-18"]
    assert len(older) == 11 and all(r["conversion"] is None for r in older)
    text = run("benchmark", "--authority", "Reading", "--neighbours", "--wide").stdout
    milton = next(line for line in text.splitlines()
                  if line.startswith("ofsted-2017-18") and "Milton Keynes" in line)
    assert "n/a" not in milton and " 0 " not in milton


def test_the_group_own_year_says_why_it_has_no_neighbours_mean() -> None:
    shown = run("benchmark", "2020-21", "--authority", "Reading", env={"COLUMNS": "80"})
    assert shown.exit_code == 0
    said = " ".join(shown.stdout.split())
    assert ("2020-21 holds only the group's LAs: 2 of Reading's 10 statistical neighbours "
            "are in it, so it gives no neighbours' mean") in said
    assert "Statistical neighbours" not in shown.stdout.split("\n\n")[1]  # no column
    listed = run("benchmark", "2020-21", "--authority", "Reading", "--neighbours")
    assert listed.exit_code == 1 and "holds only the group's LAs" in listed.stderr
    trend = " ".join(run("benchmark", "--authority", "Reading").stdout.split())
    assert "2020-21 holds only the group's LAs" in trend and "sn-2025-05" in trend


def test_neighbour_options_misuse_and_another_set() -> None:
    for args, words in [
        (["capacity", "2018-19", "--neighbours"], "--neighbours: give --authority LA"),
        (["benchmark", "ofsted-2018-19", "--neighbour-set", "sn-2021-04"],
         "--neighbour-set: give --authority LA"),
        (["benchmark", "ofsted-2018-19", "--compare", "ofsted-2017-18", "--authority",
          "Reading", "--neighbours"], "--compare does not go with --neighbours"),
        (["capacity", "--authority", "Reading", "--neighbour-set", "sn-2021-4"],
         "there is no statistical neighbour set sn-2021-4 in the data. Did you mean "
         "sn-2021-04?"),
    ]:
        result = run(*args)
        assert result.exit_code == 2, args
        assert words in result.stderr, result.stderr
        assert "Traceback" not in result.output
    assert "Sets held: sn-2021-04, sn-2025-05." in run(
        "capacity", "--authority", "Reading", "--neighbour-set", "sn-1999-01").stderr
    older = run("capacity", "2018-19", "--authority", "Reading", "--neighbour-set",
                "sn-2021-04", "--format", "json")
    assert {r["neighbour_set"] for r in json.loads(older.stdout)} == {"sn-2021-04"}
    note = " ".join(run("capacity", "2018-19", "--authority", "Reading", "--neighbour-set",
                        "sn-2021-04").stdout.split())
    assert "sn-2021-04" in note and "It is the set --neighbour-set names." in note


def test_with_no_neighbour_set_held_the_note_says_so(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    shutil.rmtree(data / "neighbours")
    result = run("capacity", "2018-19", "--authority", "Reading", "--data", str(data),
                 env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "No statistical neighbour set is held" in " ".join(result.stdout.split())
    rows = json.loads(run("capacity", "2018-19", "--authority", "Reading", "--data",
                          str(data), "--format", "json").stdout)
    assert rows[1]["level"] == "neighbours" and rows[1]["utilisation"] is None
