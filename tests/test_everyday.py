"""What the coordinator meets in everyday use (issue 22): tables that keep what the
question is about, documents dated by their data, answers in words, a repeated action
refused, did-you-mean everywhere, plain CSV numbers."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA
from fostlog.cli import app

ENV = {"FOSTLOG_TODAY": "2026-11-23", "NO_COLOR": "1", "FOSTLOG_DATA": str(DATA),
       "COLUMNS": None}
runner = CliRunner()


def run(*args: str, columns: int | None = None):  # type: ignore[no-untyped-def]
    return runner.invoke(app, list(args),
                         env={**ENV, "COLUMNS": str(columns) if columns else None})


def left_out(text: str) -> str:
    """The "Left out at N columns: ..." note, on one line."""
    found = re.search(r"Left out at \d+ columns: (.*?)\.", " ".join(text.split()))
    return found.group(1) if found else ""


# --- 4. tables keep what the question is about -------------------------------------------


@pytest.mark.parametrize(("args", "header"), [
    (("--overdue", "--as-of", "2022-06-01"), "Due"),
    (("--sort", "due"), "Due"),
    (("--due-before", "2022-12-31"), "Due"),
    (("--sort", "raised"), "Raised"),
    (("--sort", "owner"), "Owners"),
    (("--stale", "180"), "Last report"),
    (("--columns", "id,text,recorded,due"), "Due"),
])
@pytest.mark.parametrize("width", [80, 100])
def test_a_column_asked_for_is_never_left_out(args: tuple[str, ...], header: str,
                                              width: int) -> None:
    result = run("actions", *args, columns=width)
    assert result.exit_code == 0, result.output
    assert header not in left_out(result.stdout).split(", ")
    assert all(len(line) <= width for line in result.stdout.splitlines())


@pytest.mark.parametrize("width", [24, 40, 60, 80, 100, 160])
def test_an_overdue_row_is_marked_at_every_width(width: int) -> None:
    overdue = run("actions", "--overdue", "--as-of", "2022-06-01", "--format", "json")
    count = overdue.stdout.count('"overdue": true')
    assert count > 1
    text = run("actions", "--overdue", "--as-of", "2022-06-01", columns=width).stdout
    assert len(re.findall(r"\boverdue\b", text)) >= count, text


def test_open_actions_at_80_columns_keep_the_last_report_and_name_no_owner() -> None:
    text = run("actions", "--open", columns=80).stdout
    assert "report" in text.split("------")[0]  # the header: "Last report"
    assert "Last report" not in left_out(text)
    assert re.search(r"\d{4}-\d{2}-\d{2}\s+\d+$", text, re.M)  # a last report beside its age
    never = run("actions", "--columns", "id,last_update", columns=80).stdout
    assert "never" in never
    for column in ("owner_names", "responsible"):
        owners = run("actions", "--columns", f"id,{column}", columns=80).stdout
        assert re.search(r"^2022-01-26/1 +\(no owner recorded\)$", owners, re.M), owners
    # JSON and CSV keep the values as they are.
    assert "(no owner recorded)" not in run("actions", "--format", "json").stdout


# --- 5. documents dated by their data -----------------------------------------------------


@pytest.mark.parametrize("fmt", ["markdown", "html", "docx"])
def test_the_action_log_is_as_of_its_latest_report_not_the_render_date(fmt: str) -> None:
    """Rendered on 23 November 2026 from reports no later than 17 September 2025 (or
    the March 2026 meeting, once it is in the data), the log says the data's date."""
    import io

    from fostlog.files.load import load_repository
    from fostlog.queries.action_log import latest_in_data

    latest = latest_in_data(load_repository(DATA)[0], date(2026, 11, 23))
    assert latest is not None and latest < date(2026, 11, 23)
    day = f"{latest.day} {latest:%B %Y}"
    result = run("render", "actions", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "docx":
        import docx

        document = docx.Document(io.BytesIO(result.stdout_bytes))
        text = "\n".join(p.text for p in document.paragraphs)
        assert document.core_properties.title == f"Action log as of {day}"
    else:
        text = result.stdout
    assert f"as of {day}, the latest report or meeting it holds" in text
    assert "23 November 2026" not in text


def test_the_minutes_log_is_as_of_the_meeting() -> None:
    text = run("render", "meeting", "2022-01-26").stdout
    assert ("Action log: as of 26 January 2022, the latest report or meeting it holds."
            in text)


# --- 6. attendance --missing answers in words ---------------------------------------------


@pytest.mark.parametrize("width", [80, None])
def test_missing_ends_with_a_legend_and_the_answer_in_one_sentence(width: int | None) -> None:
    text = run("attendance", "--missing", "2", "--as-of", "2025-07-08", columns=width).stdout
    words = " ".join(text.split())
    assert "Nobody at: the meetings with nobody from the LA" in words  # the legend
    assert "Last attended: the latest earlier meeting" in words
    last = " ".join(text.strip().split("\n\n")[-1].split())  # the last paragraph
    assert last.startswith("No LA is known to have had nobody at both meetings; ")
    assert re.search(r"; \d+ are unknown: nobody from them is recorded at either meeting, "
                     r"but the minutes of 2025-03 are not on file", last)
    assert last.endswith(".") and last.count(". ") == 0  # one sentence


def test_missing_names_the_las_that_missed_and_gives_a_reason_for_every_blank() -> None:
    text = run("attendance", "--missing", "2", "--as-of", "2022-01-26", columns=120).stdout
    words = " ".join(text.split())
    assert words.endswith("3 LAs had nobody at both meetings: Isle of Wight, Milton Keynes "
                          "and Surrey.")
    # Isle of Wight came to no meeting on record: said, not a blank cell.
    assert "at no meeting on record (from 2020-07-21)" in words
    rows = [line for line in text.splitlines() if re.match(r"(Isle|Milton|Surrey)", line)]
    assert rows and all(len(line.split()) >= 5 for line in rows)
    # CSV keeps the data as it is: blank where there is none.
    csv_text = run("attendance", "--missing", "2", "--as-of", "2022-01-26",
                   "--format", "csv").stdout
    assert "Isle of Wight,missing,\"2021-11-05, 2022-01-26\",,," in csv_text


# --- 7. actions add refuses an action the same meeting already raised ---------------------


def test_actions_add_refuses_the_same_action_twice(
        data_copy: Callable[[], Path]) -> None:
    root = str(data_copy())
    add = ["actions", "add", "--owner", "PH", "--meeting", "2025-07-07", "--data", root]
    first = run(*add, "--text", "PH to share the police protocol")
    assert first.exit_code == 0, first.output
    number = first.stdout.strip()
    for text in ("PH to share the police protocol", "PH to share the police protocol.",
                 "ph to  share the Police protocol"):
        again = run(*add, "--text", text)
        assert again.exit_code == 1, again.output
        assert f"action {number}, raised 2025-07-07, already says" in again.stderr
        assert "nothing has been written" in again.stderr
        assert "--again" not in again.stderr  # the same words are one action
    nearly = run(*add, "--text", "PH to share the police protocols")
    assert nearly.exit_code == 1 and "add --again" in nearly.stderr
    forced = run(*add, "--text", "PH to share the police protocols", "--again")
    assert forced.exit_code == 0, forced.output
    other = run(*add, "--text", "PH to share the fostering protocol")
    assert other.exit_code == 0, other.output
    # Another meeting may raise the same words.
    elsewhere = run("actions", "add", "--owner", "PH", "--meeting", "2022-01-26",
                    "--data", root, "--text", "PH to share the police protocol")
    assert elsewhere.exit_code == 0, elsewhere.output


# --- 8. did-you-mean everywhere -----------------------------------------------------------


@pytest.mark.parametrize(("args", "said"), [
    (("actions", "--sort", "ownr"), "'ownr' is not one of id, raised, due, age, owner, "
                                    "status. Did you mean 'owner'?"),
    (("actions", "--format", "jsn"), "Did you mean 'json'?"),
    (("render", "actions", "--format", "htm"), "Did you mean 'html'?"),
    (("actions", "--status", "closd"), "Did you mean 'closed'?"),
    (("actions", "--columns", "id,ownr_names"), "Did you mean 'owner_names'?"),
    (("capacity", "2018-19", "--sort", "vacnt"), "Did you mean vacant?"),
    (("attendance", "--missing", "two"), "--missing takes a whole number of 1 or more, "
                                         "such as 2, not 'two'."),
    (("actions", "--stale", "a year"), "--stale takes a whole number, such as 180"),
    (("render", "minutes"), "No such command 'minutes'. Did you mean 'meeting'?"),
    (("actoins",), "Did you mean 'actions'?"),
    (("attendance", "--authority", "West"), "Did you mean West Berkshire or West Sussex?"),
])
def test_every_mistake_gets_a_did_you_mean_in_fostlogs_words(args: tuple[str, ...],
                                                              said: str) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    words = " ".join(result.stderr.split())
    assert said in words, words
    assert "Value error" not in words and "Input should be" not in words


def test_a_unique_start_of_an_la_name_is_that_la() -> None:
    result = run("attendance", "--authority", "Brighton")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Attendance of Brighton and Hove")
    owned = run("actions", "--authority", "brighton", "--format", "json")
    assert owned.exit_code == 0, owned.output


def test_a_status_misspelt_in_a_data_file_gets_a_did_you_mean(
        data_copy: Callable[[], Path]) -> None:
    from fostlog.files.load import load_and_check

    root = data_copy()
    actions = root / "actions.yaml"
    text = actions.read_text(encoding="utf-8")
    actions.write_text(text.replace("status: done", "status: closd", 1), encoding="utf-8")
    found = [d for d in load_and_check(root)[1] if "closd" in d.message]
    assert len(found) == 1
    assert found[0].hint.startswith("Did you mean 'done' (closed)? Use one of: ")


# --- 10. plain CSV numbers; lint wrapped on a terminal only -------------------------------


@pytest.mark.parametrize("args", [
    ("capacity", "2018-19"), ("capacity", "2018-19", "--compare", "2018-19"),
    ("benchmark", "2020-21"), ("benchmark", "ofsted-2018-19"), ("actions",),
    ("attendance", "--missing", "2"),
])
def test_csv_numbers_are_plain(args: tuple[str, ...]) -> None:
    result = run(*args, "--format", "csv")
    assert result.exit_code == 0, result.output
    import csv
    import io

    separated = [cell for row in csv.reader(io.StringIO(result.stdout)) for cell in row
                 if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?%?", cell)]
    assert not separated


def test_capacity_keeps_thousands_separators_for_people() -> None:
    csv_text = run("capacity", "2018-19", "--format", "csv").stdout
    assert "Kent,kent,la,6,62,B," in csv_text and ",1380,945," in csv_text
    assert "1,380" in run("capacity", "2018-19", columns=200).stdout
    assert "1,380" in run("capacity", "2018-19", "--format", "markdown").stdout


def test_lint_wraps_to_the_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from fostlog.cli import common
    from fostlog.core.diagnostics import Diagnostic, Severity, TextFormatter

    long = Diagnostic("data/benchmarks/2020-21.yaml", 116, 7, Severity.warning,
                      "ratio-over-100", "Kent: 302% of initial visits reached stage C " * 3,
                      "If the minutes print it so, it is real data: leave it. " * 3)
    wrapped = TextFormatter(60).format([long]).splitlines()
    assert len(wrapped) > 2 and all(len(line) <= 60 for line in wrapped)
    assert wrapped[0].startswith("data/benchmarks/2020-21.yaml:116:7: warning")
    assert wrapped[1].startswith("    ") and not wrapped[1].startswith("     ")
    assert any(line.startswith("    hint: ") for line in wrapped)
    assert len(TextFormatter().format([long]).splitlines()) == 2  # piped: one line each

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(sys, "stdout", Terminal())
    monkeypatch.setenv("COLUMNS", "70")
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert common.text_width() == 70
    monkeypatch.setenv("CI", "true")
    assert common.text_width() is None
    # Piped (CliRunner's stdout is no terminal), with COLUMNS set: not wrapped.
    monkeypatch.undo()
    result = runner.invoke(app, ["lint", str(DATA)], env={"COLUMNS": "60", "CI": None})
    assert any(len(line) > 60 for line in result.stdout.splitlines())


def test_actions_that_differ_in_a_number_are_two(data_copy: Callable[[], Path]) -> None:
    root = str(data_copy())
    add = ["actions", "add", "--owner", "All", "--meeting", "2025-07-07", "--data", root]
    assert run(*add, "--text", "All to send the 2024 figures").exit_code == 0
    assert run(*add, "--text", "All to send the 2025 figures").exit_code == 0
