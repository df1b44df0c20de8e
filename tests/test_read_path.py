"""Issue 17, the read path: what lint follows and opens, what it refuses (and never caches
as fine), the folders it cannot read, a bound on its output, and the questions and
environment settings that gave an internal error instead of a file:line.

The hostile files themselves are cases in test_hostile.py; the strict reading of scalars
is unit-tested here against yamlsafe directly.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from conftest import MEETING, MiniRepo
from fostlog.checks import MAX_PER_RULE
from fostlog.files import load
from fostlog.files.yamlsafe import parse_yaml_text


def fostlog(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The command line as the coordinator runs it, in a fresh interpreter."""
    command = [sys.executable, "-c", "from fostlog.cli import main; main()", *args]
    full = {**os.environ, "GITHUB_ACTIONS": "false", **(env or {})}
    full.pop("FOSTLOG_DEBUG", None)
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=full,
                          stdin=subprocess.DEVNULL)


def no_internal_error(done: subprocess.CompletedProcess[str]) -> None:
    assert "internal error" not in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert done.returncode != 3


# --- strict scalars ----------------------------------------------------------------------


@pytest.mark.parametrize(("written", "value"), [
    ("26", 26), ("0", 0), ("-26", -26), ("+5", 5), ("1.5", 1.5), ("null", None), ("~", None),
    ("true", True), ("False", False),
    # YAML 1.1 would read these as 22, 255, 255, 31, 1000, true and 1643155200: text here.
    ("026", "026"), ("0377", "0377"), ("4:15", "4:15"), ("0x1F", "0x1F"), ("1_000", "1_000"),
    ("yes", "yes"), ("off", "off"), ("0o17", "0o17"), ("0b101", "0b101"), ("1e5", "1e5"),
])
def test_plain_scalars_are_read_strictly(written: str, value: object) -> None:
    parsed = parse_yaml_text(f"a: {written}\n".encode(), "x.yaml")
    assert parsed.ok
    assert parsed.data["a"] == value and type(parsed.data["a"]) is type(value)


def test_explicit_tags_are_honoured_only_for_text_of_their_form() -> None:
    parsed = parse_yaml_text(b"a: !!int 12\nb: !!int 0x1F\nc: !!str 12\nd: !!bool yes\n", "x")
    assert parsed.data == {"a": 12, "b": "0x1F", "c": "12", "d": "yes"}


def test_long_numbers_are_read_in_linear_time() -> None:
    # Each was quadratic or unbounded in PyYAML's constructor (a megabyte: 26 s).
    # Numbers too long to be a count or a ratio stay text; a timestamp stays a timestamp.
    cases: list[tuple[str, type]] = [
        ("1" + ":59" * 300_000, str), ("0x" + "f" * 1_000_000, str), ("9" * 1_000_000, str),
        ("1." + "5" * 1_000_000, str), ("2022-01-26 10:00:00." + "1" * 1_000_000, datetime),
    ]
    for text, kind in cases:
        started = time.perf_counter()
        parsed = parse_yaml_text(f"a: {text}\n".encode(), "x.yaml")
        assert time.perf_counter() - started < 2.0, text[:20]  # 10 ms here; quadratic: 26 s
        assert parsed.ok and type(parsed.data["a"]) is kind, text[:20]


def test_a_file_of_too_many_values_is_refused_where_the_bound_is_passed() -> None:
    parsed = parse_yaml_text(b"a:\n" + b"- 1\n" * 11, "x.yaml", max_values=10)
    # The eleventh value: the mapping, its key, the list, then the list's eighth item.
    assert [(d.rule, d.line) for d in parsed.diagnostics] == [("file-too-large", 9)]
    assert parse_yaml_text(b"a:\n" + b"- 1\n" * 7, "x.yaml", max_values=10).ok


# --- what lint follows and opens ---------------------------------------------------------


def test_a_link_inside_the_data_folder_is_followed(mini: MiniRepo) -> None:
    (mini.root / "archive").mkdir()
    mini.write("archive/2025-08-01.yaml", MEETING)
    (mini.root / "meetings/2025-08-01.yaml").symlink_to("../archive/2025-08-01.yaml")
    found = mini.lint()
    assert [d.rule for d in found] == ["file-unexpected"]  # archive/ itself
    assert "2025-08-01" in {str(m.date) for m in load.load_repository(mini.root)[0].meetings}


def test_a_refused_file_is_never_cached_as_fine(mini: MiniRepo, tmp_path: Path) -> None:
    path = mini.write("meetings/2025-08-01.yaml", MEETING)
    assert mini.lint() == []  # read and cached
    outside = tmp_path / "outside.yaml"
    outside.write_text(MEETING, encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)  # the same bytes, now from outside the folder
    for _ in range(2):  # the second run may come from the cache: still refused
        assert [d.rule for d in mini.lint()] == ["file-unreadable"]
    path.unlink()
    os.mkfifo(path)
    for _ in range(2):
        assert [(d.rule, d.file) for d in mini.lint()] == [("file-unreadable", str(path))]
    path.unlink()
    path.write_text(MEETING, encoding="utf-8")
    assert mini.lint() == []


def test_every_question_refuses_a_fifo_rather_than_hanging(mini: MiniRepo) -> None:
    os.mkfifo(mini.root / "meetings/2025-08-01.yaml")
    for question in (["actions"], ["attendance"], ["render", "actions"]):
        done = fostlog(*question, "--data", str(mini.root))
        no_internal_error(done)
        assert done.returncode == 1
        assert "2025-08-01.yaml:1:1: error[file-unreadable]" in done.stderr


@pytest.mark.parametrize("make", ["a file", "a link out", "unlistable"])
def test_a_meetings_folder_that_cannot_be_read_is_named(
        mini: MiniRepo, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: str) -> None:
    folder = mini.root / "meetings"
    if make == "unlistable":  # chmod 000 does not stop root, who may run CI
        real = os.listdir

        def listdir(path: str) -> list[str]:
            if Path(path) == folder:
                raise PermissionError(13, "Permission denied")
            return real(path)

        monkeypatch.setattr(os, "listdir", listdir)
    else:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()
        if make == "a file":
            folder.write_text("not a folder\n", encoding="utf-8")
        else:
            (tmp_path / "elsewhere").mkdir()
            (tmp_path / "elsewhere/2025-07-07.yaml").write_text(MEETING, encoding="utf-8")
            (tmp_path / "elsewhere/private-notes.txt").write_text("x\n", encoding="utf-8")
            folder.symlink_to(tmp_path / "elsewhere")
    diagnostics = mini.lint()
    # Nothing of a folder outside is listed either (no 'private-notes.txt' unexpected).
    assert not [d for d in diagnostics if "private-notes" in d.file + d.message], diagnostics
    found = [d for d in diagnostics if d.rule == "file-unreadable"]
    assert len(found) == 1 and found[0].file == str(folder), found
    assert "none of its files were read" in found[0].message


def test_a_yml_file_is_reported_and_not_read(mini: MiniRepo) -> None:
    mini.write("meetings/2025-07-07.yml", MEETING.replace("2025-08-01", "2025-07-07"))
    assert [d.rule for d in mini.lint()] == ["file-unexpected"]
    assert len(load.load_repository(mini.root)[0].meetings) == 1


def test_a_file_name_reaches_the_output_as_data(mini: MiniRepo) -> None:
    # A newline in a name must not start a line of its own that looks like a finding.
    mini.write("meetings/x\nfake.yaml:1:1: error[forged] all is well.yaml", "a: 1\n")
    found = mini.lint()
    assert all("\n" not in d.message for d in found)
    assert any("\n" in d.file for d in found)  # the name is in `file`, for the formatter


# --- a bound on the output ---------------------------------------------------------------


def test_findings_of_one_rule_in_one_file_are_bounded(mini: MiniRepo) -> None:
    mini.write("meetings/2025-08-01.yaml", MEETING.replace(
        "not_represented: null", "not_represented: [" + ", ".join(["nowhere"] * 5000) + "]"))
    found = [d for d in mini.lint() if d.file.endswith("2025-08-01.yaml")]
    assert [d.rule for d in found].count("unknown-authority") == MAX_PER_RULE
    summary = [d for d in found if d.rule == "too-many-findings"]
    assert len(summary) == 1 and "5,000 findings of unknown-authority" in summary[0].message


# --- questions and settings that gave an internal error ----------------------------------


def test_a_count_of_ten_to_the_400_stops_benchmark_with_its_line(mini: MiniRepo) -> None:
    mini.edit("benchmarks/2020-21.yaml", "enquiries: 40,", "enquiries: 1" + "0" * 400 + ",")
    done = fostlog("benchmark", "2020-21", "--data", str(mini.root))
    no_internal_error(done)
    assert done.returncode == 1
    assert "2020-21.yaml:9:14: error[schema-value]" in done.stderr


@pytest.mark.parametrize("question", [["actions"], ["render", "actions"],
                                      ["actions", "add", "--text", "x", "--owner", "MC"]])
def test_an_action_id_of_4401_digits_is_a_finding(mini: MiniRepo, question: list[str]) -> None:
    mini.edit("actions.yaml", "  - id: 2", "  - id: " + "9" * 4401)
    done = fostlog(*question, "--data", str(mini.root))
    no_internal_error(done)
    assert done.returncode == 1
    assert "actions.yaml:15:5: error[schema-value] 'id' cannot be" in done.stderr
    assert "4,401 characters" in done.stderr


def test_fostlog_today_that_is_no_date_is_misuse(mini: MiniRepo) -> None:
    done = fostlog("actions", "--data", str(mini.root), env={"FOSTLOG_TODAY": "garbage"})
    no_internal_error(done)
    assert done.returncode == 2
    assert "FOSTLOG_TODAY must be a date" in done.stderr


def test_an_output_encoding_that_cannot_say_a_name_escapes_it(mini: MiniRepo) -> None:
    mini.edit("actions.yaml", "text: MC to share", "text: Chloé to share")
    done = fostlog("actions", "show", "1", "--data", str(mini.root),
                   env={"PYTHONIOENCODING": "ascii"})
    no_internal_error(done)
    assert done.returncode == 0
    assert "Chlo\\xe9 to share" in done.stdout


def test_line_separators_in_a_note_keep_lines_and_questions_whole(mini: MiniRepo) -> None:
    mini.edit("meetings/2025-07-07.yaml", "  - title: Out of hours",
              "  - title: Out of hours\n    notes: \"one\u0085two\u2028three\"\n"
              "    bogus: 1")
    found = [d for d in mini.lint() if d.file.endswith("2025-07-07.yaml")
             and d.rule != "findings-skipped"]
    assert [(d.rule, d.line) for d in found] == [("schema-unknown-key", 17)]
    mini.edit("meetings/2025-07-07.yaml", "\n    bogus: 1", "")
    for question in (["render", "meeting", "2025-07-07"], ["attendance"]):
        done = fostlog(*question, "--data", str(mini.root))
        no_internal_error(done)
        assert done.returncode == 0, done.stderr


def test_attendance_before_any_meeting_says_there_was_none(mini: MiniRepo) -> None:
    done = fostlog("attendance", "--missing", "2", "--as-of", "1900-01-01", "--data",
                   str(mini.root))
    no_internal_error(done)
    assert "no meeting on or before 1900-01-01" in done.stdout
    assert "Kent" not in done.stdout


def test_lint_json_names_each_refused_file(mini: MiniRepo) -> None:
    os.mkfifo(mini.root / "meetings/2025-08-01.yaml")
    (mini.root / "meetings/2025-08-02.yaml").symlink_to("/etc/passwd")
    done = fostlog("lint", str(mini.root), "--format", "json")
    no_internal_error(done)
    found = {Path(d["file"]).name: d["rule"] for d in json.loads(done.stdout)}
    assert found == {"2025-08-01.yaml": "file-unreadable", "2025-08-02.yaml": "file-unreadable"}
    assert "root:" not in done.stdout + done.stderr
