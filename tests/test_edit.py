"""fostlog actions update / add: the file changes by exactly the new lines, comments and
everything else survive, writes are atomic, and bad requests change nothing."""

from __future__ import annotations

import datetime as dt
import difflib
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
from fostlog import edit
from fostlog.checks import lint_repository
from fostlog.cli import app
from fostlog.models import Status

ENV = {"FOSTLOG_TODAY": "2025-10-14", "NO_COLOR": "1"}
runner = CliRunner()


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
    assert not [d for d in lint_repository(root)[1] if d.is_error]
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
    assert not [d for d in lint_repository(root)[1] if d.is_error]


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
    repo, _ = lint_repository(mini.root)
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

    monkeypatch.setattr(f"fostlog.edit.os.{failing}", broken)
    result = run("actions", "update", "1", "--status", "done", "--data", str(mini.root))
    assert result.exit_code == 1
    assert "No space left on device" in result.stderr and "unchanged" in result.stderr
    assert path.read_bytes() == before
    assert sorted(p.name for p in mini.root.iterdir()) == names  # no temporary file left


def test_write_atomic_keeps_the_mode_and_refuses_to_clobber(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text("old\n")
    os.chmod(path, 0o640)
    edit.write_atomic(path, "new\n")
    assert path.read_text() == "new\n" and (path.stat().st_mode & 0o777) == 0o640
    with pytest.raises(FileExistsError):
        edit.write_atomic(path, "newer\n", overwrite=False)
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
    edited = edit.append_observation(MINI_ACTIONS, "1", entry)
    assert yaml.safe_load(edited.text)["actions"][0]["history"][-1] == entry
    removed, _ = changes(MINI_ACTIONS, edited.text)
    assert removed == []
