"""fostlog actions update / add: the file changes by exactly the new lines, comments and
everything else survive, writes are atomic, and bad requests change nothing."""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import MiniRepo
from fostlog import domain
from fostlog.cli import app
from fostlog.core.models import DatePrecision, Status
from fostlog.edits import actions as edit
from fostlog.edits import yamltext
from fostlog.files import safewrite
from fostlog.files.load import load_and_check

ENV = {"FOSTLOG_TODAY": "2025-10-14", "NO_COLOR": "1"}
runner = CliRunner()


@pytest.fixture
def data_copy(tmp_path: Path) -> Callable[[], Path]:
    """These edits are made on 14 October 2025 (FOSTLOG_TODAY): on a copy of data/ as the
    register stood then, without the 17 March 2026 minutes (the next number is 50, and no
    observation is dated after October 2025)."""
    import sys

    from conftest import DATA, ROOT

    sys.path.insert(0, str(ROOT / "bench"))
    from import_accuracy import data_without_new_minutes

    def copy() -> Path:
        return data_without_new_minutes(DATA, tmp_path / "data")

    return copy


def run(*args: str) -> Any:
    return runner.invoke(app, list(args), env=ENV)


def changes(old: str, new: str) -> tuple[list[str], list[str]]:
    """(removed lines, added lines) between two texts."""
    removed, added = [], []
    for line in difflib.ndiff(old.splitlines(keepends=True), new.splitlines(keepends=True)):
        if line.startswith("- "):
            removed.append(line[2:])
        elif line.startswith("+ "):
            added.append(line[2:])
    return removed, added


def test_update_adds_exactly_the_new_lines(data_copy: Callable[[], Path]) -> None:
    root = data_copy()
    before = (root / "actions.yaml").read_text(encoding="utf-8")
    result = run("actions", "update", "47", "--status", "done", "--note", "Met in October",
                 "--data", str(root))
    assert result.exit_code == 0, result.output
    after = (root / "actions.yaml").read_text(encoding="utf-8")
    removed, added = changes(before, after)
    assert removed == []
    assert added == [
        "      - as_of: 2025-10-14\n",
        "        status: done\n",
        "        note: Met in October\n",
    ]
    # ... inserted right after 47's last observation, before action 48
    lines = after.splitlines()
    at = lines.index("      - as_of: 2025-10-14")
    assert lines[at + 3] == "  - id: 48"
    assert not [d for d in load_and_check(root)[1] if d.is_error]
    shown = run("render", "actions", "--as-of", "2025-10-14", "--data", str(root))
    assert "| 47 |" in shown.stdout and "| done | Met in October |" in shown.stdout


def test_status_wording_is_kept_as_recorded(mini: MiniRepo) -> None:
    result = run("actions", "update", "2", "--status", "Ongoing", "--date", "2025-08-01",
                 "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((mini.root / "actions.yaml").read_text(encoding="utf-8"))
    assert data["actions"][1]["history"] == [
        {"as_of": dt.date(2025, 8, 1), "status": "in_progress", "recorded": "Ongoing"}
    ]


def test_update_keeps_comments_quoting_and_blank_lines(mini: MiniRepo) -> None:
    path = mini.root / "actions.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("actions:\n", "# The register.\n\nactions:\n  # first action\n")
    text = text.replace("    responsible: MC\n", "    responsible: 'MC'   # as written\n")
    text = text.replace("        recorded: complete\n",
                        "        recorded: complete\n        # shaded in the log\n\n")
    path.write_text(text, encoding="utf-8")
    result = run("actions", "update", "1", "--status", "dropped", "--recorded", "Yes",
                 "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    removed, added = changes(text, after)
    assert removed == []
    # "Yes" would read as true in YAML 1.1: it must be quoted.
    assert added == ["      - as_of: 2025-10-14\n", "        status: dropped\n",
                     '        recorded: "Yes"\n']
    # the comment under the last observation still follows it, before the new one
    assert "        # shaded in the log\n      - as_of: 2025-10-14\n" in after
    assert yaml.safe_load(after)["actions"][0]["history"][-1]["recorded"] == "Yes"


def test_update_of_an_action_without_history(mini: MiniRepo) -> None:
    path = mini.root / "actions.yaml"
    before = path.read_text(encoding="utf-8")
    result = run("actions", "update", "2", "--status", "done", "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    removed, added = changes(before, path.read_text(encoding="utf-8"))
    assert removed == []
    assert added == ["    history:\n", "      - as_of: 2025-10-14\n", "        status: done\n"]


def test_update_of_empty_history_changes_only_that_line(data_copy: Callable[[], Path]) -> None:
    root = data_copy()
    path = root / "actions.yaml"
    before = path.read_text(encoding="utf-8")
    assert '    history: []   # no later log or minutes mention it\n' in before
    result = run("actions", "update", "2020-07-21/2", "--status", "dropped",
                 "--data", str(root))
    assert result.exit_code == 0, result.output
    removed, added = changes(before, path.read_text(encoding="utf-8"))
    assert removed == ["    history: []   # no later log or minutes mention it\n"]
    assert added[0] == "    history:   # no later log or minutes mention it\n"
    assert added[1:] == ["      - as_of: 2025-10-14\n", "        status: dropped\n"]


def test_crlf_file_stays_crlf(mini: MiniRepo) -> None:
    path = mini.root / "actions.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    result = run("actions", "update", "1", "--status", "done", "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    raw = path.read_bytes()
    assert raw.count(b"\n") == raw.count(b"\r\n")


def test_unknown_action_exits_1_and_unknown_status_is_bad_usage(mini: MiniRepo) -> None:
    path = mini.root / "actions.yaml"
    before = path.read_bytes()
    result = run("actions", "update", "99", "--status", "done", "--data", str(mini.root))
    assert result.exit_code == 1
    assert "there is no action 99" in result.stderr
    # A status word no command knows is bad usage (2), as it is for `actions --status`.
    result = run("actions", "update", "1", "--status", "finished", "--data", str(mini.root))
    assert result.exit_code == 2
    assert "'finished' is not a status" in result.stderr and "in_progress" in result.stderr
    result = run("actions", "update", "1", "--status", "compelte", "--data", str(mini.root))
    assert result.exit_code == 2 and "Did you mean 'complete'?" in result.stderr
    assert "Traceback" not in result.output
    assert path.read_bytes() == before


def test_a_status_name_is_not_kept_as_a_wording(mini: MiniRepo) -> None:
    result = run("actions", "update", "2", "--status", "In progress", "--date", "2025-08-01",
                 "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    data = yaml.safe_load((mini.root / "actions.yaml").read_text(encoding="utf-8"))
    assert data["actions"][1]["history"] == [
        {"as_of": dt.date(2025, 8, 1), "status": "in_progress"}
    ]


def test_update_that_would_add_an_error_writes_nothing(mini: MiniRepo) -> None:
    path = mini.root / "actions.yaml"
    before = path.read_bytes()
    # before the 2025-09-17 observation: the history would be out of date order
    result = run("actions", "update", "1", "--status", "open", "--date", "2025-07-10",
                 "--data", str(mini.root))
    assert result.exit_code == 1
    assert "history-order" in result.stderr and "has not been changed" in result.stderr
    assert path.read_bytes() == before


def test_dry_run_shows_the_diff_and_changes_nothing(mini: MiniRepo) -> None:
    path = mini.root / "actions.yaml"
    before = path.read_bytes()
    result = run("actions", "update", "2", "--status", "done", "--dry-run",
                 "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    assert "+      - as_of: 2025-10-14" in result.stdout
    assert path.read_bytes() == before


def test_add_uses_the_next_number_and_adds_only_its_lines(
    data_copy: Callable[[], Path],
) -> None:
    root = data_copy()
    path = root / "actions.yaml"
    before = path.read_text(encoding="utf-8")
    result = run("actions", "add", "--text", "KL to share the OOH rota: weekly", "--owner", "KL",
                 "--owner", "Kent", "--raised", "2025-10-14", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == "50\n"
    removed, added = changes(before, path.read_text(encoding="utf-8"))
    assert removed == []
    assert added == [
        "  - id: 50\n",
        "    text: 'KL to share the OOH rota: weekly'\n",
        "    responsible: KL Kent\n",
        "    owners: [keith-langley]\n",
        "    owner_authorities: [kent]\n",
        "    raised: 2025-10-14\n",
    ]
    assert not [d for d in load_and_check(root)[1] if d.is_error]


def test_add_refuses_an_unknown_owner_or_meeting(mini: MiniRepo) -> None:
    before = (mini.root / "actions.yaml").read_bytes()
    # An owner nobody matches is bad usage (2), as it is for `actions --owner`.
    result = run("actions", "add", "--text", "x", "--owner", "Zebedee", "--data", str(mini.root))
    assert result.exit_code == 2 and "Zebedee" in result.stderr
    result = run("actions", "add", "--text", "x", "--owner", "Rebeca Eligon",
                 "--data", str(mini.root))
    assert result.exit_code == 2 and "Did you mean Rebecca Eligon?" in result.stderr
    result = run("actions", "add", "--text", "x", "--owner", "All", "--meeting", "2025-07-08",
                 "--data", str(mini.root))
    # A meeting the data does not have: not found (1), with the nearest meeting.
    assert result.exit_code == 1 and "no meeting of 2025-07-08" in result.stderr
    assert "Did you mean 2025-07-07?" in result.stderr
    assert (mini.root / "actions.yaml").read_bytes() == before


def test_add_reads_owners_as_the_actions_list_does(data_copy: Callable[[], Path]) -> None:
    root = data_copy()
    # an LA, by an alias: the same resolver as `fostlog actions --owner`
    result = run("actions", "add", "--text", "W Sussex to host", "--owner", "W Sussex",
                 "--raised", "2025-10-14", "--dry-run", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert "+    owner_authorities: [west-sussex]" in result.stdout
    # a first name two people share names nobody in particular
    result = run("actions", "add", "--text", "x", "--owner", "Sarah", "--data", str(root))
    assert result.exit_code == 2
    assert "Sarah Daly" in result.stderr and "Sarah Smith" in result.stderr
    # initials nobody could resolve cannot own a new action
    result = run("actions", "add", "--text", "x", "--owner", "GS", "--data", str(root))
    assert result.exit_code == 2 and "people.yaml" in result.stderr
    result = run("actions", "add", "--text", "x", "--owner", "MC", "--raised", "26/01/2022",
                 "--data", str(root))
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr


def test_next_action_id_ignores_unnumbered_ids(mini: MiniRepo) -> None:
    repo, _ = load_and_check(mini.root)
    assert edit.next_action_id(repo.actions) == "3"
    assert edit.next_action_id([]) == "1"


# --- atomic writes ------------------------------------------------------------------------------


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_failure_mid_write_leaves_the_original(
    mini: MiniRepo, monkeypatch: pytest.MonkeyPatch, failing: str
) -> None:
    path = mini.root / "actions.yaml"
    before = path.read_bytes()
    names = sorted(p.name for p in mini.root.iterdir())

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(f"fostlog.files.safewrite.os.{failing}", broken)
    result = run("actions", "update", "1", "--status", "done", "--data", str(mini.root))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "unchanged" in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in mini.root.iterdir()) == names  # no temporary file left


def test_write_atomic_keeps_the_mode_and_refuses_to_clobber(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("old\n")
    os.chmod(path, 0o640)
    safewrite.write_atomic(path, "new\n")
    assert path.read_text() == "new\n" and (path.stat().st_mode & 0o777) == 0o640
    with pytest.raises(FileExistsError):
        safewrite.write_atomic(path, "newer\n", overwrite=False)
    assert path.read_text() == "new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


# --- any text survives the round trip -----------------------------------------------------------


MINI_ACTIONS = (Path(__file__).parent / "fixtures" / "mini" / "actions.yaml").read_text(
    encoding="utf-8"
)


@settings(max_examples=150, deadline=None)
@given(
    note=st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=60),
    recorded=st.sampled_from(["Yes", "no", "on", "~", "null", "12:30", "1_000", "0x1F",
                              "- x", "a: b", "# c", "'q'", '"d"', "[e]", "{f}", "*g", "&h"]),
)
def test_any_note_and_wording_read_back_exactly(note: str, recorded: str) -> None:
    entry = edit.observation_entry(dt.date(2025, 10, 14), Status.done, recorded, note)
    edited = yamltext.insert_items(MINI_ACTIONS, "actions.yaml",
                                   ["actions", ("id", "1"), "history"], [entry])
    assert yaml.safe_load(edited.text)["actions"][0]["history"][-1] == entry
    removed, _ = changes(MINI_ACTIONS, edited.text)
    assert removed == []


# --- actions add --meeting: the meeting's file lists the action too ------------------------------


def test_add_at_a_meeting_lists_it_in_that_meetings_file(data_copy: Callable[[], Path]) -> None:
    root = data_copy()
    actions, meeting = root / "actions.yaml", root / "meetings" / "2025-07-07.yaml"
    before_actions, before_meeting = (p.read_text(encoding="utf-8") for p in (actions, meeting))
    result = run("actions", "add", "--text", "RE to share the design notes", "--owner", "RE",
                 "--meeting", "2025-07-07", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert result.stdout == "50\n"
    removed, added = changes(before_actions, actions.read_text(encoding="utf-8"))
    # raised on the meeting's day (not today), each date written out (no YAML alias)
    assert removed == [] and added[-2:] == ["    raised: 2025-07-07\n",
                                            "    meeting: 2025-07-07\n"]
    after_meeting = meeting.read_text(encoding="utf-8")
    removed, added = changes(before_meeting, after_meeting)
    assert removed == [] and added == ['  - "50"\n']
    assert '  - "49"\n  - "50"\nactions_mentioned' in after_meeting
    assert "meetings/2025-07-07.yaml at line 97" in result.stderr
    assert not [d for d in load_and_check(root)[1] if d.is_error]
    shown = run("actions", "50", "--format", "json", "--data", str(root))
    assert json.loads(shown.stdout)["meeting"] == "2025-07-07"


def test_add_at_a_meeting_with_an_empty_list(data_copy: Callable[[], Path]) -> None:
    root = data_copy()
    meeting = root / "meetings" / "2021-11-05.yaml"
    before = meeting.read_text(encoding="utf-8")
    result = run("actions", "add", "--text", "All to read the guidance", "--owner", "All",
                 "--meeting", "2021-11-05", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert changes(before, meeting.read_text(encoding="utf-8")) == (
        ["actions_raised: []\n"], ["actions_raised:\n", '  - "50"\n'])
    assert not [d for d in load_and_check(root)[1] if d.is_error]


def test_add_at_a_meeting_with_a_one_line_list(mini: MiniRepo) -> None:
    meeting = mini.root / "meetings" / "2025-07-07.yaml"
    before = meeting.read_text(encoding="utf-8")
    result = run("actions", "add", "--text", "HC to share the rota", "--owner", "HC",
                 "--meeting", "2025-07-07", "--data", str(mini.root))
    assert result.exit_code == 0, result.output
    assert changes(before, meeting.read_text(encoding="utf-8")) == (
        ['actions_raised: ["1"]\n'], ['actions_raised: ["1", "3"]\n'])
    assert not [d for d in mini.lint() if d.is_error]


def append_raised(text: str, action_id: str) -> yamltext.Inserted:
    """The meeting file with `action_id` added to its actions_raised, as actions add does."""
    return yamltext.insert_items(text, "meetings/x.yaml", ["actions_raised"],
                                 [yamltext.Quoted(action_id)], before="actions_mentioned")


def test_append_raised_keeps_the_files_layout() -> None:
    text = ("date: 2025-07-07\nitems: []\nactions_raised:\n    - \"48\"   # item 2\n"
            "      # (its second part)\n\n# about the next key\nactions_mentioned: []\n")
    edited = append_raised(text, "50")
    assert changes(text, edited.text) == ([], ['    - "50"\n'])
    # the comment under the last item stays with it
    assert '      # (its second part)\n    - "50"\n\n# about' in edited.text
    # no list yet: it goes before actions_mentioned and the comment about it
    text = "date: 2025-07-07\nattendees:\n  - person: x\n# mentioned\nactions_mentioned: []\n"
    edited = append_raised(text, "2025-07-07/1")
    assert edited.text == ("date: 2025-07-07\nattendees:\n  - person: x\n"
                           'actions_raised:\n  - "2025-07-07/1"\n# mentioned\n'
                           "actions_mentioned: []\n")
    crlf = append_raised(text.replace("\n", "\r\n"), "50").text
    assert crlf.count("\n") == crlf.count("\r\n")
    with pytest.raises(yamltext.EditRefused, match="several lines in brackets"):
        append_raised('actions_raised: ["1",\n  "2"]\n', "3")


def test_add_at_a_meeting_without_minutes_goes_in_the_log_only(
    data_copy: Callable[[], Path],
) -> None:
    root = data_copy()
    before = {p: p.read_bytes() for p in (root / "meetings").iterdir()}
    result = run("actions", "add", "--text", "PH to share the police protocol", "--owner", "PH",
                 "--meeting", "2024-10", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert "The meeting of October 2024 has no minutes on file" in result.stderr
    assert "recorded in" in result.stderr and "only" in result.stderr
    assert {p: p.read_bytes() for p in (root / "meetings").iterdir()} == before
    action = yaml.safe_load((root / "actions.yaml").read_text(encoding="utf-8"))["actions"][-1]
    assert action["raised"] == dt.date(2024, 10, 1) and action["raised_precision"] == "month"
    assert "meeting" not in action
    assert not [d for d in load_and_check(root)[1] if d.is_error]
    # ... and it is linked to that meeting, the one held in October 2024
    story = json.loads(run("actions", "50", "--format", "json", "--data", str(root)).stdout)
    assert story["meeting"] == "2024-10" and story["raised"] == "2024-10"


def test_add_at_an_unknown_meeting_names_the_nearest(data_copy: Callable[[], Path]) -> None:
    root = data_copy()
    before = (root / "actions.yaml").read_bytes()
    result = run("actions", "add", "--text", "x", "--owner", "RE", "--meeting", "2024-11",
                 "--data", str(root))
    assert result.exit_code == 1
    assert "there is no meeting of 2024-11" in result.stderr
    assert "Did you mean 2024-10 or 2024-12?" in result.stderr
    result = run("actions", "add", "--text", "x", "--owner", "RE", "--meeting", "2022-01-27",
                 "--data", str(root))
    assert result.exit_code == 1 and "Did you mean 2022-01-26?" in result.stderr
    result = run("actions", "add", "--text", "x", "--owner", "RE", "--meeting", "2019-01-01",
                 "--data", str(root))
    assert result.exit_code == 1 and "Did you mean" not in result.stderr
    result = run("actions", "add", "--text", "x", "--owner", "RE", "--meeting", "July 2025",
                 "--data", str(root))
    assert result.exit_code == 2 and "YYYY-MM" in result.stderr
    # raised on another day than the meeting's: misuse
    result = run("actions", "add", "--text", "x", "--owner", "RE", "--meeting", "2025-07-07",
                 "--raised", "2025-07-08", "--data", str(root))
    assert result.exit_code == 2 and "disagree" in result.stderr
    result = run("actions", "add", "--text", "x", "--owner", "RE", "--meeting", "2024-10",
                 "--raised", "2024-10-15", "--data", str(root))
    assert result.exit_code == 2 and "meetings-without-minutes.yaml" in result.stderr
    assert "Traceback" not in result.output
    assert (root / "actions.yaml").read_bytes() == before


def test_add_at_a_meeting_writes_both_files_or_neither(
    data_copy: Callable[[], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = data_copy()
    files = [root / "actions.yaml", root / "meetings" / "2025-07-07.yaml"]
    before = [p.read_bytes() for p in files]
    real = safewrite.Staged.commit

    def meeting_file_fails(self: safewrite.Staged) -> None:
        if self.target.name == "2025-07-07.yaml":  # after actions.yaml is in place
            self.discard()
            raise OSError(28, "No space left on device")
        real(self)

    monkeypatch.setattr(safewrite.Staged, "commit", meeting_file_fails)
    result = run("actions", "add", "--text", "x", "--owner", "RE", "--meeting", "2025-07-07",
                 "--data", str(root))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "are unchanged" in result.stderr
    assert [p.read_bytes() for p in files] == before
    assert "Traceback" not in result.output


def test_write_all_says_which_file_it_could_not_put_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = tmp_path / "a.yaml", tmp_path / "b.yaml"
    first.write_text("a\n")
    second.write_text("b\n")
    real_commit, real_write = safewrite.Staged.commit, safewrite.write_atomic

    def second_fails(self: safewrite.Staged) -> None:
        if self.target == second:
            self.discard()
            raise OSError(5, "Input/output error")
        real_commit(self)

    def put_back_fails(path: Path, content: str | bytes, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(safewrite.Staged, "commit", second_fails)
    with pytest.raises(OSError, match="Input/output error"):  # put back: all or none
        safewrite.write_all([(first, b"a\n", "A\n"), (second, b"b\n", "B\n")])
    assert (first.read_text(), second.read_text()) == ("a\n", "b\n")
    monkeypatch.setattr(safewrite, "write_atomic", put_back_fails)
    with pytest.raises(safewrite.NotUndone, match=r"a\.yaml has the change, .*b\.yaml has not"):
        safewrite.write_all([(first, b"a\n", "A\n"), (second, b"b\n", "B\n")])
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    monkeypatch.setattr(safewrite.Staged, "commit", real_commit)
    monkeypatch.setattr(safewrite, "write_atomic", real_write)
    safewrite.write_all([(first, b"A\n", "a2\n"), (second, b"b\n", "b2\n")])
    assert (first.read_text(), second.read_text()) == ("a2\n", "b2\n")


# --- owners: initials that are a person's and also unresolved ------------------------------------


def test_initials_of_a_person_and_unresolved_initials_are_ambiguous(
    data_copy: Callable[[], Path],
) -> None:
    root = data_copy()
    before = (root / "actions.yaml").read_bytes()
    # JC is Jackie Clark's, and also the JC of 26 January 2022 nobody could resolve.
    result = run("actions", "add", "--text", "JC to share", "--owner", "JC", "--data", str(root))
    assert result.exit_code == 2
    assert "ambiguous" in result.stderr and "Jackie Clark (jackie-clark)" in result.stderr
    assert "the JC nobody could resolve (26 January 2022 minutes" in result.stderr
    assert "--owner jackie-clark" in result.stderr and "people.yaml" in result.stderr
    assert (root / "actions.yaml").read_bytes() == before
    result = run("actions", "add", "--text", "JC to share", "--owner", "jackie-clark",
                 "--dry-run", "--data", str(root))
    assert result.exit_code == 0 and "+    owners: [jackie-clark]" in result.stdout


def test_a_new_person_with_unresolved_initials_is_not_merged_with_them(
    data_copy: Callable[[], Path],
) -> None:
    root = data_copy()
    people = root / "people.yaml"
    text = people.read_text(encoding="utf-8")
    people.write_text(text.replace(
        "\nunresolved_initials:\n",
        "  - id: helen-bright\n    name: Helen Bright\n    initials: [HB]\n"
        "    authority: kent\n\nunresolved_initials:\n", 1), encoding="utf-8")
    assert not [d for d in load_and_check(root)[1] if d.is_error]
    result = run("actions", "add", "--text", "HB to share", "--owner", "HB", "--data", str(root))
    assert result.exit_code == 2
    assert "Helen Bright (helen-bright)" in result.stderr
    assert "the HB nobody could resolve (action 42" in result.stderr
    result = run("actions", "add", "--text", "HB to share", "--owner", "Helen Bright",
                 "--dry-run", "--data", str(root))
    assert result.exit_code == 0 and "+    owners: [helen-bright]" in result.stdout


# --- actions update: the source, a month-only date, a second entry the same day ------------------


def test_update_with_a_source_and_a_month_only_date(data_copy: Callable[[], Path]) -> None:
    root = data_copy()
    path = root / "actions.yaml"
    before = path.read_text(encoding="utf-8")
    result = run("actions", "update", "46", "--status", "complete", "--date", "2025-10",
                 "--source", "action log, October 2025", "--data", str(root))
    assert result.exit_code == 0, result.output
    assert "as of 2025-10," in result.stderr
    removed, added = changes(before, path.read_text(encoding="utf-8"))
    assert removed == []
    assert added == ["      - as_of: 2025-10-01\n", "        as_of_precision: month\n",
                     "        status: done\n", "        recorded: complete\n",
                     "        source: action log, October 2025\n"]
    assert not [d for d in load_and_check(root)[1] if d.is_error]
    # Known once October is over: as of 15 October 46 is still open, on 1 November done.
    def status(as_of: str) -> Any:
        shown = run("actions", "--as-of", as_of, "--format", "json", "--data", str(root))
        return next(row for row in json.loads(shown.stdout) if row["id"] == "46")
    assert status("2025-10-15")["status"] == "open"
    assert status("2025-10-15")["last_update"] == "2025-09-17"
    assert status("2025-11-01")["status"] == "done"
    assert status("2025-11-01")["last_update"] == "2025-10"
    story = json.loads(run("actions", "46", "--format", "json", "--data", str(root)).stdout)
    assert story["history"][-1]["as_of"] == "2025-10"
    # the log, as of a later day, says the month, not a made-up day
    result = run("actions", "update", "46", "--status", "ongoing", "--date", "2025-11",
                 "--data", str(root))
    assert result.exit_code == 0, result.output
    log = run("render", "actions", "--as-of", "2025-12-10", "--data", str(root)).stdout
    row = next(line for line in log.splitlines() if line.startswith("| 46 |"))
    assert "Last reported November 2025." in row and "1 November" not in row
    assert story["history"][-1]["source"] == "action log, October 2025"


def test_update_on_a_day_the_action_has_an_entry_is_refused(
    data_copy: Callable[[], Path],
) -> None:
    root = data_copy()
    path = root / "actions.yaml"
    before = path.read_bytes()
    result = run("actions", "update", "47", "--status", "done", "--date", "2025-09-17",
                 "--data", str(root))
    assert result.exit_code == 1
    lines = before.decode().splitlines()
    line = lines.index("      - as_of: 2025-09-17", lines.index("  - id: 47")) + 1
    assert (f'already has an entry dated 2025-09-17 (open, recorded "open"; '
            f"data/actions.yaml, line {line})") in result.stderr.replace(str(root.parent) + "/", "")
    assert "that day" in result.stderr and "--same-day" in result.stderr
    # a month-only date holding that day is refused too
    result = run("actions", "update", "47", "--status", "done", "--date", "2025-09",
                 "--data", str(root))
    assert result.exit_code == 1 and "that month" in result.stderr
    assert path.read_bytes() == before
    result = run("actions", "update", "47", "--status", "done", "--date", "2025-09-17",
                 "--same-day", "--note", "Met MH later that day", "--data", str(root))
    assert result.exit_code == 0, result.output
    history = yaml.safe_load(path.read_text(encoding="utf-8"))["actions"]
    history = next(a for a in history if a["id"] == 47)["history"]
    assert [(h["as_of"], h["status"]) for h in history] == [
        (dt.date(2025, 9, 17), "open"), (dt.date(2025, 9, 17), "done")]
    shown = run("actions", "--as-of", "2025-09-17", "--format", "json", "--data", str(root))
    assert next(r for r in json.loads(shown.stdout) if r["id"] == "47")["status"] == "done"


def test_month_only_reports_in_lint_and_as_of(mini: MiniRepo) -> None:
    # a report of September after one of 17 September: either order fits in the month
    mini.edit("actions.yaml", "        recorded: complete\n",
              "        recorded: complete\n      - as_of: 2025-09-01\n"
              "        as_of_precision: month\n        status: dropped\n")
    assert not [d for d in mini.lint() if d.is_error]
    repo, _ = load_and_check(mini.root)
    action = repo.action("1")
    assert action is not None
    assert domain.observation_as_of(action, dt.date(2025, 9, 29)) == action.history[1]
    assert domain.observation_as_of(action, dt.date(2025, 9, 30)) == action.history[2]
    assert domain.observation_date_text(action.history[2]) == "2025-09"
    assert [o.as_of for o in edit.same_day_entries(action, dt.date(2025, 9, 3))] == [
        dt.date(2025, 9, 1)]
    assert edit.same_day_entries(action, dt.date(2025, 8, 1), DatePrecision.month) == [
        action.history[0]]
    # ... but a month before the last report's day is out of order
    mini.edit("actions.yaml", "      - as_of: 2025-09-01\n", "      - as_of: 2025-08-01\n")
    found = mini.only("history-order")
    assert len(found) == 1 and "(2025-08) comes after one dated 2025-09-17" in found[0].message


def test_an_edit_is_read_back_as_lint_reads_it() -> None:
    """An edit's text is compared with what was meant as lint would read it (yamlsafe),
    not by PyYAML's YAML 1.1 rules, under which `no` and `on` are booleans."""
    import yaml

    from fostlog.files.yamlsafe import Unreadable
    from fostlog.files.yamlsafe import read_back as _plain

    text = "a: no\nb: on\nc: 1.50\nd: 2025-01-01\ne: 0o17\n"
    assert _plain(text) == {"a": "no", "b": "on", "c": 1.5, "d": dt.date(2025, 1, 1),
                            "e": "0o17"}
    assert yaml.safe_load(text)["a"] is False  # what the edit used to compare with
    with pytest.raises(Unreadable):
        _plain("a: [1, 2\n")
