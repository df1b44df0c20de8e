"""The three questions as a user runs them: CliRunner on the real data, golden files for
each output format, bad usage and bad data."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA
from fostlog.cli import app

GOLDEN = Path(__file__).parent / "golden" / "queries"
ENV = {"FOSTLOG_TODAY": "2026-11-23", "NO_COLOR": "1", "FOSTLOG_DATA": str(DATA)}
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
    assert [r["id"] for r in rows] == ["49"]
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
    from fostlog.vocabulary import STATUS_WORDS

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
    # --authority with --no-region: the LA's column alone
    alone = json.loads(run("benchmark", "2020-21", "--authority", "Kent", "--no-region",
                           "--format", "json").stdout)
    assert list(alone[0]) == ["key", "label", "value"]
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


def test_attendance_authority_refuses_what_it_cannot_honour() -> None:
    # --authority used to ignore --missing (and --as-of): now it says so and stops.
    for other in (["--missing", "2"], ["--as-of", "2022-01-26"]):
        result = run("attendance", "--authority", "Surrey", *other)
        assert result.exit_code == 2
        assert "--authority does not go with" in result.stderr
    assert run("attendance", "--authority", "Surrey").exit_code == 0


# --- every command through the one output interface ------------------------------------------


def test_action_story_in_every_format() -> None:
    story = json.loads(run("actions", "47", "--format", "json").stdout)
    assert list(story) == ["id", "text", "responsible", "owner_names", "raised", "status",
                           "recorded", "last_update", "age_days", "meeting", "note", "history"]
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
    assert set(kent.split()[1:]) <= {"P", "A", "-", "?"}
    assert "P present" in run(*args, "--format", "markdown").stdout
    rows = list(csv.DictReader(io.StringIO(run(*args, "--format", "csv").stdout)))
    assert rows[0]["2022-01-26"] in {"present", "apologies", "not represented", "unknown"}
    cells = json.loads(run(*args, "--format", "json").stdout)
    assert set(cells[0]["2022-01-26"]) == {"presence", "who"}


def test_fostlog_help_imports_no_pydantic_yaml_or_rich() -> None:
    code = (
        "import sys\n"
        "from fostlog.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "heavy = {'pydantic', 'yaml', 'rich', 'ruamel', 'fostlog.models'}\n"
        "print(sorted(m for m in sys.modules if m in heavy or m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
