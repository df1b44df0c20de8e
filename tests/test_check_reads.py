"""Each check reads only the kinds its @reads declares (checks.reads): the cache keeps a
check's findings under the bytes of those kinds alone (load.Loaded.run_checks), so a
check that read another kind would keep stale findings after that kind is edited.

Every check runs on a repository that refuses the record homes of the kinds it does not
declare (through its own methods too) and must find what it finds on the whole one: on
the bundled data, on a generated record, and after every case of test_lint_rules.

The checks that look at one meeting at a time (checks.by_meeting) must also find, run
meeting by meeting, what they find run once over everything: the cache keeps their
findings per meeting file. Each runs on the other files alone (no meeting), then on each
meeting file alone with only the kinds it declares (every other kind empty; for
ACTION_IDS, actions that refuse to be read past their id), on the same repositories."""

from __future__ import annotations

import inspect
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, ROOT, MiniRepo
from fostlog import checks
from fostlog.core.diagnostics import CheckFindings
from fostlog.core.kinds import BY_NAME, KINDS
from fostlog.core.repository import Repository
from fostlog.files import cache
from fostlog.files.load import load_repository
from test_lint_rules import CASES

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

HOMES = {kind.name: set(kind.homes) for kind in KINDS}


class Refused(AssertionError):
    pass


class Guarded:
    """A Repository's stand-in that refuses the homes of the kinds not `allowed`: its
    methods and cached lookups run against the stand-in, so what they read is refused
    too; `every` holds only the allowed homes, and `files` (every kind's) is refused."""

    def __init__(self, repo: Repository, allowed: frozenset[str]):
        self._repo = repo
        self._refused = set().union(*(HOMES[kind] for kind in HOMES if kind not in allowed))

    def __getattr__(self, name: str) -> Any:
        if name in self._refused or (name == "files" and self._refused):
            raise Refused(f"reads {name}, a kind it does not declare")
        if name == "every":
            return {into: found for into, found in self._repo.every.items()
                    if into not in self._refused}
        static = inspect.getattr_static(Repository, name, None)
        if static is not None and hasattr(static, "__get__"):
            return static.__get__(self, Repository)  # a method or cached lookup, on us
        return getattr(self._repo, name)


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


def assert_meeting_by_meeting_is_the_whole(repo: Repository) -> None:
    for check in checks.BY_MEETING:
        parts = meeting_by_meeting(repo, check)
        assert not [d.message for d in parts[0] if d.rule == "check-failed"], check.__name__
        assert counted(parts) == counted(checks.run_check(repo, check)), check.__name__


def assert_each_check_reads_what_it_declares(root: Path) -> None:
    repo, _ = load_repository(root)
    assert_meeting_by_meeting_is_the_whole(repo)
    for check in checks.CHECKS:
        allowed = checks.reads_of(check)
        if allowed == checks.EVERYTHING:
            continue
        try:
            guarded = list(check(Guarded(repo, allowed)))  # type: ignore[arg-type]
        except Refused as refused:
            raise AssertionError(f"{check.__name__} {refused}") from None
        assert guarded == list(check(repo)), check.__name__


@pytest.fixture(autouse=True)
def no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")


def test_the_guard_refuses_an_undeclared_kind() -> None:
    repo, _ = load_repository(DATA)

    @checks.reads("actions")
    def reads_meetings_unsaid(repo: Repository) -> Any:
        """Looks up a meeting, which it does not declare."""
        return [repo.meeting(action.raised) for action in repo.actions]

    with pytest.raises(Refused):
        reads_meetings_unsaid(Guarded(repo, checks.reads_of(reads_meetings_unsaid)))  # type: ignore[arg-type]
    del checks.READS[reads_meetings_unsaid]
    assert Guarded(repo, checks.EVERYTHING).meeting(repo.meetings[0].date) is repo.meetings[0]


def test_every_registered_check_declares_what_it_reads() -> None:
    assert [c.__name__ for c in checks.CHECKS if c not in checks.READS] == []
    with pytest.raises(ValueError, match="names no kind"):
        checks.reads("meetings")  # the kind is "meeting"; "meetings" is its home


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
    assert load_repository(DATA)[0].meetings  # so the checks run meeting by meeting too
    assert_each_check_reads_what_it_declares(DATA)


def test_on_a_generated_record() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "data"
        generate.generate(root, meetings=30, actions=40, years=2, seed=11)
        assert load_repository(root)[0].meetings
        assert_each_check_reads_what_it_declares(root)


@pytest.mark.parametrize("rule", list(CASES), ids=lambda rule: rule.id)
def test_after_each_lint_rule_case(mini: MiniRepo, monkeypatch: pytest.MonkeyPatch,
                                   rule: Any) -> None:
    CASES[rule](mini, monkeypatch)
    assert_each_check_reads_what_it_declares(mini.root)
