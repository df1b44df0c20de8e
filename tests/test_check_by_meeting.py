"""The checks that look at one meeting at a time (checks.by_meeting) find, run meeting by
meeting, what they find run once over everything: the cache keeps their findings per
meeting file (load.Loaded.run_checks), so a wrong declaration would leave stale or
missing findings after an edit.

Each such check runs on the other files alone (no meeting), then on each meeting file
alone with only the kinds it declares (every other kind empty; for ACTION_IDS, actions
that refuse to be read past their id); the findings are compared with one run over the
whole repository: on the bundled data, on a generated record, and after every case of
test_lint_rules."""

from __future__ import annotations

import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, ROOT, MiniRepo
from fostlog import cache, checks
from fostlog.diagnostics import CheckFindings
from fostlog.kinds import BY_NAME
from fostlog.load import load_repository
from fostlog.repository import Repository
from test_lint_rules import CASES

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402


class Refused(AssertionError):
    pass


class IdOnly:
    """An action known only by its id: reading anything of it is refused."""

    def __getattr__(self, name: str) -> Any:
        raise Refused(f"reads an action's {name}, but declares only the action ids")


def meeting_by_meeting(repo: Repository, check: Any) -> CheckFindings:
    keep = checks.BY_MEETING[check]
    outside = checks.run_check(checks.meeting_view(repo, [], BY_NAME), check)
    files = sorted({repo.file_of(m) for m in repo.meetings})
    assert not [d for d in outside[0] if d.file in files], "found in a meeting's file"
    parts = [outside]
    for file in files:
        view = checks.meeting_view(repo, repo.meetings_in(file), keep)
        if checks.ACTION_IDS in keep:
            view.__dict__["_actions_by_id"] = {i: IdOnly() for i in repo.actions_by_id()}
        parts.append(checks.in_files(checks.run_check(view, check), {file}))
    return checks.merged(parts)


def counted(found: CheckFindings) -> tuple[list[Any], Counter[tuple[str, str]]]:
    kept, counts = found
    total: Counter[tuple[str, str]] = Counter()
    for file, rule, count in counts:
        total[(file, rule)] += count
    return sorted(kept), total


def assert_meeting_by_meeting_is_the_whole(root: Path) -> None:
    repo, _ = load_repository(root)
    assert repo.meetings
    for check in checks.BY_MEETING:
        parts = meeting_by_meeting(repo, check)
        assert not [d.message for d in parts[0] if d.rule == "check-failed"], check.__name__
        assert counted(parts) == counted(checks.run_check(repo, check)), check.__name__


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")


def test_each_check_run_meeting_by_meeting_declares_what_it_reads() -> None:
    assert set(checks.BY_MEETING) <= set(checks.CHECKS)
    assert all("meeting" in checks.reads_of(check) for check in checks.BY_MEETING)
    with pytest.raises(ValueError, match="names no other kind"):
        checks.by_meeting("meeting")


def test_a_wrong_declaration_is_found() -> None:
    """A check that declares the action ids but reads an action's meeting is refused."""
    repo, _ = load_repository(DATA)

    @checks.by_meeting(checks.ACTION_IDS)
    def reads_more_than_ids(repo: Repository) -> Any:
        return [repo.action(a).meeting for m in repo.meetings  # type: ignore[union-attr]
                for a in m.actions_raised if repo.action(a) is not None]

    try:  # run_check reports the refusal as the check failing
        kept, _ = meeting_by_meeting(repo, reads_more_than_ids)
        assert {d.rule for d in kept if "Refused" in d.message} == {"check-failed"}
    finally:
        del checks.BY_MEETING[reads_more_than_ids]


def test_on_the_bundled_data() -> None:
    assert_meeting_by_meeting_is_the_whole(DATA)


def test_on_a_generated_record() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "data"
        generate.generate(root, meetings=30, actions=40, years=2, seed=11)
        assert_meeting_by_meeting_is_the_whole(root)


@pytest.mark.parametrize("rule", list(CASES), ids=lambda rule: rule.id)
def test_after_each_lint_rule_case(mini: MiniRepo, monkeypatch: pytest.MonkeyPatch,
                                   rule: Any) -> None:
    CASES[rule](mini, monkeypatch)
    repo, _ = load_repository(mini.root)
    if repo.meetings:
        assert_meeting_by_meeting_is_the_whole(mini.root)
