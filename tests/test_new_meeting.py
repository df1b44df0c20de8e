"""fostlog new meeting: a scaffold that lints clean, lists every LA and the open actions,
and never overwrites a meeting file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from conftest import MiniRepo
from fostlog.cli import app
from fostlog.edits.scaffold import new_meeting_text, open_actions
from fostlog.files.load import load_and_check, load_repository

runner = CliRunner()


def run(*args: str) -> Any:
    return runner.invoke(app, list(args), env={"NO_COLOR": "1"})


def test_scaffold_on_the_real_data_lints_clean(data_copy: Callable[[], Path]) -> None:
    root = data_copy()
    result = run("new", "meeting", "2025-10-14", "--data", str(root))
    assert result.exit_code == 0, result.output
    path = root / "meetings" / "2025-10-14.yaml"
    assert result.stdout.strip().endswith("2025-10-14.yaml")
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/meeting.schema.json\n")
    repo, diagnostics = load_and_check(root)
    assert [d for d in diagnostics if d.is_error] == []
    assert [d for d in diagnostics if d.file.endswith("2025-10-14.yaml")] == []
    meeting = repo.meeting(date(2025, 10, 14))
    assert meeting is not None and meeting.attendees is None  # nothing claimed yet
    for authority in repo.authorities.values():
        assert f"  # {authority.name}" in text
        assert f"authority: {authority.id}}}" in text or "organisation: " in text
    assert "  # - {person: peter-hodges, authority: bracknell-forest}" in text
    assert meeting.actions_mentioned == open_actions(repo, date(2025, 10, 14))
    assert "47" in meeting.actions_mentioned and "49" not in meeting.actions_mentioned


def test_uncommenting_attendees_gives_valid_entries(mini: MiniRepo) -> None:
    repo, _ = load_repository(mini.root)
    text = new_meeting_text(repo, date(2025, 10, 14))
    text = text.replace("  # - {person: maria-cordrey", "  - {person: maria-cordrey")
    text = text.replace("attendance: none", "attendance: full")
    text = text.replace("not_represented: null", "not_represented: [surrey]")
    text = text.replace("  # - {person: holly-clune", "  - {person: holly-clune")
    mini.write("meetings/2025-10-14.yaml", text)
    assert [str(d) for d in mini.lint()] == []
    assert yaml.safe_load(text)["attendees"] == [
        {"person": "maria-cordrey", "authority": "kent"},
        {"person": "holly-clune", "organisation": "achieving-for-children"},
    ]


def test_scaffold_with_attendance_full_warns_about_what_is_left(mini: MiniRepo) -> None:
    repo, _ = load_repository(mini.root)
    text = new_meeting_text(repo, date(2025, 10, 14)).replace(
        "attendance: none", "attendance: full").replace(
        "  # - {person: maria-cordrey", "  - {person: maria-cordrey")
    mini.write("meetings/2025-10-14.yaml", text)
    found = mini.lint()
    assert [d.rule for d in found] == ["attendance-unaccounted"]
    assert "surrey" in found[0].message and "windsor-and-maidenhead" in found[0].message


def test_refuses_to_overwrite(mini: MiniRepo) -> None:
    path = mini.root / "meetings" / "2025-07-07.yaml"
    before = path.read_bytes()
    result = run("new", "meeting", "2025-07-07", "--data", str(mini.root))
    assert result.exit_code == 1
    assert "already exists" in result.stderr
    assert path.read_bytes() == before


def test_bad_date_is_usage_error(mini: MiniRepo) -> None:
    result = run("new", "meeting", "14/10/2025", "--data", str(mini.root))
    assert result.exit_code == 2
    assert not (mini.root / "meetings" / "14").exists()


def test_the_actions_a_new_meeting_lists_are_those_actions_open_lists() -> None:
    """On every day around each month the record knows, including those inside a month
    an action is dated to only by its month, the scaffold's open actions are the ones
    `actions --open --as-of` gives."""
    from datetime import timedelta

    from conftest import DATA
    from fostlog.domain.meetings import occasions
    from fostlog.edits.scaffold import open_actions
    from fostlog.files.load import load_repository
    from fostlog.queries.actions import ActionFilter, action_rows

    repo, _ = load_repository(DATA)
    days = {day + timedelta(days=shift) for o in occasions(repo)
            for day in (o.when.first_day, o.when.last_day) for shift in (-1, 0, 1)}
    days |= {a.raised.replace(day=15) for a in repo.actions}
    for day in sorted(days):
        listed = [r.id for r in action_rows(repo, ActionFilter(open_only=True), day)]
        assert sorted(open_actions(repo, day)) == sorted(listed), day
