"""edits.change: a Change is checked in memory and written all or none, from the library
alone (no command line)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import MiniRepo
from fostlog.core.dates import DayOrMonth
from fostlog.core.models import Status
from fostlog.edits.actions import add_action, update_action
from fostlog.edits.change import AddsErrors, apply
from fostlog.files import safewrite
from fostlog.files.load import load_and_check


def test_a_library_call_adds_an_action_at_a_meeting(mini: MiniRepo) -> None:
    repo, before = load_and_check(mini.root)
    change = add_action(repo, mini.root, "MC to share", ["MC"], today=dt.date(2025, 10, 14),
                        meeting=DayOrMonth.parse("2025-07-07"))
    assert change.said == "3" and set(change.texts) == {"actions.yaml",
                                                        "meetings/2025-07-07.yaml"}
    assert apply(mini.root, change, before) is not None
    repo, _ = load_and_check(mini.root)
    action = repo.action("3")
    assert action is not None and action.owners == ["maria-cordrey"]
    assert "3" in repo.meetings[0].actions_raised


def test_a_change_that_adds_an_error_is_refused(mini: MiniRepo) -> None:
    repo, _ = load_and_check(mini.root)
    before = (mini.root / "actions.yaml").read_bytes()
    # before the 2025-09-17 entry: the history would be out of date order
    change = update_action(repo, mini.root, "1", Status.open, DayOrMonth.parse("2025-07-10"))
    with pytest.raises(AddsErrors) as refused:
        apply(mini.root, change)
    assert [d.rule for d in refused.value.added] == ["history-order"]
    assert (mini.root / "actions.yaml").read_bytes() == before


def test_every_file_or_none(mini: MiniRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = load_and_check(mini.root)
    change = add_action(repo, mini.root, "x", ["All"], today=dt.date(2025, 10, 14),
                        meeting=DayOrMonth.parse("2025-07-07"))
    files = [mini.root / relative for relative in change.texts]
    before = [path.read_bytes() for path in files]
    real = safewrite.Staged.commit

    def second_fails(self: safewrite.Staged, *args: Any) -> None:
        if self.target == files[1]:
            self.discard()
            raise OSError(28, "No space left on device")
        real(self)

    monkeypatch.setattr(safewrite.Staged, "commit", second_fails)
    with pytest.raises(OSError, match="No space"):
        apply(mini.root, change)
    assert [path.read_bytes() for path in files] == before
