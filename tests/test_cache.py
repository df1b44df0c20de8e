"""The cache of loaded files (cache.py, used by load.py): whatever happens to the data
files or to the cache itself, a run with the cache gives the answers a run without it
gives, never trusts a cache another user could have written, and never fails because
of the cache.

Every test runs with its own empty cache folder (conftest.private_cache)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import DATA, ROOT
from fostlog import checks
from fostlog.core.kinds import records_of, repository_attributes
from fostlog.core.repository import display_path
from fostlog.files import cache, load
from fostlog.files.load import load_and_check

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

MEETING = "meetings/2022-01-26.yaml"


# --- helpers -------------------------------------------------------------------------------


def answers(root: Path) -> dict[str, Any]:
    """Everything lint and a query can see of a folder: diagnostics, every record with
    its origin, `every`, the files read and every file's positions."""
    repo, diagnostics = load_and_check(root)
    return {
        "diagnostics": diagnostics,
        "records": {home: [(r.model_dump(mode="json"), r.origin) for r in records_of(repo, home)]
                    for home in repository_attributes()},
        "every": {into: [r.model_dump(mode="json") for r in found]
                  for into, found in sorted(repo.records_read.items())},
        "files": list(repo.files),
        "positions": {name: repo.positions_in(name) for name in repo.files},
    }


def uncached(root: Path) -> dict[str, Any]:
    os.environ[cache.ENV_OFF] = "1"
    try:
        return answers(root)
    finally:
        del os.environ[cache.ENV_OFF]


def same_answers(root: Path) -> None:
    """The cache's answers are the uncached ones, cold (as the cache is now) and warm."""
    expected = uncached(root)
    assert answers(root) == expected
    assert answers(root) == expected


def cache_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.pickle"))


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return root


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The files parsed from their text (not taken from the cache), by name."""
    seen: list[str] = []
    real = load._parse

    def counting(raw: bytes, name: str, kind: Any) -> Any:
        seen.append(name)
        return real(raw, name, kind)

    monkeypatch.setattr(load, "_parse", counting)
    return seen


@pytest.fixture
def check_runs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each run of the cross-file checks (not taken from the cache)."""
    runs: list[str] = []
    real = checks.run_checks

    def counting(repo: Any, *args: Any) -> Any:
        runs.append("checks")
        return real(repo, *args)

    monkeypatch.setattr(checks, "run_checks", counting)
    return runs


# --- the cache is used, and only while it holds -----------------------------------------------


def test_a_warm_run_reads_no_file_and_runs_no_check(data: Path, parses: list[str],
                                                    check_runs: list[str]) -> None:
    expected = uncached(data)
    parses.clear()
    check_runs.clear()
    assert answers(data) == expected  # cold: fills the cache
    assert len(parses) == len(expected["files"]) and check_runs == ["checks"]
    parses.clear()
    check_runs.clear()
    assert answers(data) == expected  # warm
    assert parses == [] and check_runs == []


def test_one_edited_file_is_read_again_and_the_checks_rerun(
        data: Path, parses: list[str], check_runs: list[str]) -> None:
    answers(data)
    path = data / MEETING
    path.write_text(path.read_text().replace("attendance: full", "attendance: partial", 1))
    parses.clear()
    check_runs.clear()
    got = answers(data)
    assert parses == [display_path(path)]
    assert check_runs == ["checks"]  # over the whole repository, as the issue asks
    assert got == uncached(data)
    check_runs.clear()
    (data / "notes.txt").write_text("x")  # a new name in the folder: its listing changed
    got = answers(data)
    assert check_runs == ["checks"]
    assert got == uncached(data)


def test_edit_that_breaks_a_file_and_its_repair(data: Path) -> None:
    same_answers(data)
    path = data / MEETING
    good = path.read_text()
    path.write_text(good.replace("attendance:", "attendance: [", 1))
    same_answers(data)
    path.write_text(good)
    same_answers(data)


def test_touch(data: Path, parses: list[str], check_runs: list[str]) -> None:
    """A file touched (or written again unchanged) is not read again: its bytes are."""
    answers(data)
    os.utime(data / MEETING, ns=(time.time_ns(), time.time_ns() + 5_000_000_000))
    parses.clear()
    check_runs.clear()
    got = answers(data)
    assert parses == [] and check_runs == []
    assert got == uncached(data)


def test_same_size_rewrite_at_once(data: Path) -> None:
    """Written again within the same clock tick, the size and every time may be as they
    were: the bytes are compared (the entry is racy)."""
    answers(data)
    path = data / MEETING
    text = path.read_text()
    assert "attendance: full" in text
    path.write_text(text.replace("attendance: full", "attendance: fule", 1))
    assert path.stat().st_size == len(text.encode())
    same_answers(data)


def test_same_size_rewrite_with_the_old_modification_time(data: Path) -> None:
    """The clock going backwards, or a tool that puts the old time back (touch -r, rsync
    -t): size and modification time as before, but the change time moves."""
    answers(data)
    path = data / MEETING
    before = path.stat()
    text = path.read_text()
    path.write_text(text.replace("attendance: full", "attendance: fule", 1))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert path.stat().st_mtime_ns == before.st_mtime_ns
    same_answers(data)


def test_modification_time_in_the_past(data: Path) -> None:
    answers(data)
    path = data / MEETING
    path.write_text(path.read_text().replace("attendance: full", "attendance: partial", 1))
    os.utime(path, (946684800, 946684800))  # 2000-01-01
    same_answers(data)
    os.utime(path, (4102444800, 4102444800))  # and in the future (2100)
    same_answers(data)


def test_file_removed_added_renamed(data: Path) -> None:
    answers(data)
    (data / MEETING).unlink()
    same_answers(data)
    shutil.copy(data / "meetings/2025-07-07.yaml", data / "meetings/2025-07-08.yaml")
    same_answers(data)
    (data / "meetings/2025-07-08.yaml").rename(data / "meetings/2025-07-09.yaml")
    same_answers(data)
    (data / "notes.txt").write_text("not data\n")  # only the unexpected-file check sees it
    same_answers(data)
    (data / "meetings-without-minutes.yaml").unlink()
    same_answers(data)


def test_a_racy_entry_is_used_only_if_the_bytes_are_the_same(
        data: Path, parses: list[str]) -> None:
    """An entry whose key matches but which was made within MARGIN_NS of the file's last
    change (what a second write within one tick of a coarse clock leaves) is used only
    once the file's bytes are found to be the ones it was made from."""
    answers(data)
    store = cache.Cache.open(data)
    assert store is not None
    path = data / MEETING
    entry = store.files[MEETING]
    assert entry.racy and entry.key == cache.key_of(path.stat())
    store.files[MEETING] = dataclasses.replace(entry, digest=cache.digest(b"other bytes"))
    store.changed = True
    store.save()
    expected = uncached(data)
    parses.clear()
    assert answers(data) == expected
    assert parses == [display_path(path)]  # the bytes differ from the entry's: read again
    parses.clear()
    answers(data)
    assert parses == []  # the bytes are the entry's: used, though still racy
    store = cache.Cache.open(data)
    assert store is not None
    not_racy = dataclasses.replace(store.files[MEETING], checked_at=time.time_ns()
                                   + 2 * cache.MARGIN_NS, digest=b"ignored once old enough")
    assert not not_racy.racy
    store.files[MEETING] = not_racy
    store.changed = True
    store.save()
    answers(data)
    assert parses == []


def test_another_working_directory(data: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Diagnostics name files as typed, relative to where fostlog runs."""
    (data / MEETING).write_text((data / MEETING).read_text().replace("kent", "kentt", 1))
    same_answers(data)
    monkeypatch.chdir(data.parent)
    same_answers(Path("data"))
    monkeypatch.chdir(data)
    same_answers(Path("."))


# --- the cache itself --------------------------------------------------------------------------


def test_no_cache_when_off(data: Path, private_cache: Path,
                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(cache.ENV_OFF, "1")
    load_and_check(data)
    assert cache_files(private_cache) == []


def test_no_cache_option(data: Path, private_cache: Path) -> None:
    from fostlog.cli import app

    result = CliRunner().invoke(app, ["--no-cache", "lint", str(data)])
    assert result.exit_code == 0, result.output
    assert cache_files(private_cache) == []
    os.environ.pop(cache.ENV_OFF)  # set for the rest of the process, as the option says
    result = CliRunner().invoke(app, ["lint", str(data)])
    assert result.exit_code == 0
    assert len(cache_files(private_cache)) == 1


def test_where_the_cache_is(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv(cache.ENV_DIR, str(tmp_path / "a"))
    assert cache.cache_dir() == tmp_path / "a"
    monkeypatch.delenv(cache.ENV_DIR)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "fostlog"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == tmp_path / "home" / ".cache" / "fostlog"


def test_the_cache_file_is_private(data: Path, private_cache: Path) -> None:
    load_and_check(data)
    [found] = cache_files(private_cache)
    assert found.stat().st_mode & 0o777 == 0o600
    assert not list(private_cache.glob("*.tmp"))


@pytest.mark.parametrize("damage", [
    lambda raw: raw[: len(raw) // 2],
    lambda raw: raw[:-1],
    lambda raw: raw[:10],
    lambda raw: b"",
    lambda raw: raw[:100] + bytes([raw[100] ^ 0xFF]) + raw[101:],
    lambda raw: raw[:-20] + bytes(20),
    lambda raw: os.urandom(len(raw)),
    lambda raw: raw + b"trailing",
], ids=["half", "last-byte", "header-only", "empty", "flipped", "zeroed-end", "random",
        "trailing"])
def test_a_damaged_cache_is_ignored_and_rebuilt(data: Path, private_cache: Path,
                                                damage: Any) -> None:
    expected = uncached(data)
    answers(data)
    [found] = cache_files(private_cache)
    found.write_bytes(damage(found.read_bytes()))
    assert answers(data) == expected
    store = cache.Cache.open(data)
    assert store is not None and store.files  # rebuilt whole
    assert answers(data) == expected


def test_a_cache_from_another_version_is_ignored(data: Path, private_cache: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    expected = uncached(data)
    answers(data)
    [old] = cache_files(private_cache)
    monkeypatch.setattr(cache, "_fingerprint", b"another fostlog".ljust(32))
    assert cache.Cache.open(data).files == {}  # type: ignore[union-attr]
    assert answers(data) == expected
    assert cache.Cache.open(data).files  # type: ignore[union-attr]


def _planted(private_cache: Path, data: Path, marker: Path) -> Path:
    """A cache file that would run code (create `marker`) if it were unpickled."""

    class Boom:
        def __reduce__(self) -> Any:
            return (os.mkdir, (str(marker),))

    store = cache.Cache.open(data)
    assert store is not None
    payload = pickle.dumps(Boom())
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_bytes(cache.MAGIC + cache.code_fingerprint()
                           + hashlib.sha256(payload).digest() + payload)
    return store.path


def test_a_cache_writable_by_others_is_never_unpickled(data: Path, private_cache: Path,
                                                       tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    planted = _planted(private_cache, data, marker)
    expected = uncached(data)
    for mode in (0o620, 0o602, 0o666):
        planted.chmod(mode)
        assert cache.Cache.open(data).files == {}  # type: ignore[union-attr]
        assert not marker.exists()
    planted.chmod(0o600)  # the control: owned and private, it would be trusted
    cache.Cache.open(data)
    assert marker.exists()
    assert answers(data) == expected  # and the planted file was replaced by a real cache


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
def test_a_cache_owned_by_someone_else_is_never_unpickled(data: Path, private_cache: Path,
                                                          tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    planted = _planted(private_cache, data, marker)
    planted.chmod(0o600)
    os.chown(planted, 4242, 4242)
    assert cache.Cache.open(data).files == {}  # type: ignore[union-attr]
    assert not marker.exists()
    assert answers(data) == uncached(data)


def test_trusted_by_owner_and_mode(tmp_path: Path) -> None:
    mine = os.stat(tmp_path)
    fake = list(mine)
    fake[0] = 0o100600  # a regular file, rw for its owner only
    assert cache.trusted(os.stat_result(fake))
    fake[4] = os.geteuid() + 1
    assert not cache.trusted(os.stat_result(fake))
    fake[4], fake[0] = os.geteuid(), 0o100660
    assert not cache.trusted(os.stat_result(fake))
    fake[0] = 0o040700  # a folder
    assert not cache.trusted(os.stat_result(fake))


def test_a_link_in_place_of_the_cache_is_not_followed(data: Path, private_cache: Path,
                                                      tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    planted = _planted(private_cache, data, marker)
    target = tmp_path / "elsewhere.pickle"
    planted.rename(target)
    target.chmod(0o600)
    planted.symlink_to(target)
    assert cache.Cache.open(data).files == {}  # type: ignore[union-attr]
    assert not marker.exists()


def test_a_cache_that_cannot_be_written_is_no_failure(data: Path,
                                                      monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(cache.ENV_DIR, str(blocker / "cache"))
    assert answers(data) == uncached(data)


_CHILD = """
import json, sys
from pathlib import Path
from fostlog.files.load import load_and_check
repo, found = load_and_check(Path(sys.argv[1]))
print(json.dumps([[d.file, d.line, d.rule, d.message] for d in found]
                 + [[m.origin.file, str(m.date)] for m in repo.meetings]))
"""


def test_two_processes_filling_the_cache_at_once(data: Path, private_cache: Path) -> None:
    (data / MEETING).write_text((data / MEETING).read_text().replace("kent", "kentt", 1))
    env = {**os.environ, cache.ENV_DIR: str(private_cache)}

    def run_two() -> list[Any]:
        children = [subprocess.Popen([sys.executable, "-c", _CHILD, str(data)], env=env,
                                     stdout=subprocess.PIPE, text=True) for _ in range(2)]
        return [json.loads(child.communicate(timeout=120)[0]) for child in children]

    off = subprocess.run([sys.executable, "-c", _CHILD, str(data)], check=True, text=True,
                         env={**env, cache.ENV_OFF: "1"}, capture_output=True).stdout
    expected = json.loads(off)
    for _ in range(3):
        assert run_two() == [expected, expected]
        # Every cache left is whole. Each is read with the fingerprint in its own header,
        # not with this process's: fostlog's source may have changed since the children
        # started (an editor saving a file), and that must not decide this test.
        written = cache_files(private_cache)
        assert written and not list(private_cache.glob(".*.tmp"))
        for path in written:
            raw = path.read_bytes()
            at = len(cache.MAGIC) + 32  # past the fingerprint in its own header
            assert raw[at:at + 32] == hashlib.sha256(raw[at + 32:]).digest(), path


def test_unused_cache_files_are_pruned(data: Path, private_cache: Path) -> None:
    stale, fresh = private_cache / "0.pickle", private_cache / "1.pickle"
    for path in (stale, fresh):
        path.write_bytes(b"x")
    old = time.time() - cache.MAX_AGE_S - 10
    os.utime(stale, (old, old))
    load_and_check(data)
    assert not stale.exists() and fresh.exists()
    assert cache.clear() == 2
    assert cache_files(private_cache) == []


def test_the_listing_finds_what_the_kinds_match(tmp_path: Path) -> None:
    """load._Listing matches names with fnmatch instead of a path per file: the same."""
    from fostlog.core.kinds import KINDS

    names = ["2022-01-26.yaml", ".hidden.yaml", "a.YAML", "b.yml", "c.yaml.bak", "d .yaml",
             "[x].yaml", "e*.yaml", "f?.yaml", "yaml", ".yaml", "g.yaml~", "sub.yaml"]
    for folder in (kind.folder for kind in KINDS if kind.folder is not None):
        (tmp_path / folder).mkdir()
        for name in names:
            (tmp_path / folder / name).write_text("x")
    listing = load._Listing(tmp_path)
    for kind in KINDS:
        if kind.folder is not None:
            expected = [f"{kind.folder}/{name}" for name in sorted(names)
                        if kind.matches(f"{kind.folder}/{name}")]
            assert listing.files_of(kind, {}) == expected



def test_a_kinds_pattern_matches_as_purepath_match_would() -> None:
    """kinds.FileKind.matches compiles its pattern (PurePosixPath.match cost 70 us a file,
    on every lint of every file): the same answers, odd names included."""
    from pathlib import PurePosixPath

    from fostlog.core.kinds import KINDS

    names = ["actions.yaml", "Actions.yaml", "./actions.yaml", "/actions.yaml", "x",
             "meetings", "meetings/", "meetings/2022-01-26.yaml", "meetings/.x.yaml",
             "meetings/a/b.yaml", "meetings//x.yaml", "meetings/x.txt", "meetings/[a].yaml",
             "meetings/*.yaml", "meetings/x.yaml\n", "meetings/a\nb.yaml", "a/../people.yaml",
             "benchmarks/ofsted-2020-21.yaml", "capacity/x.yaml", "meetings-without-minutes.yaml"]
    for kind in KINDS:
        for name in names:
            path = PurePosixPath(name)
            expected = path.match(kind.pattern) and (
                len(path.parts) == len(PurePosixPath(kind.pattern).parts))
            assert kind.matches(name) == expected, (kind.name, name)
    assert sum(kind.matches(name) for kind in KINDS for name in names) >= 6

class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("terminal", [True, False])
def test_progress_only_on_a_terminal_and_only_for_a_long_run(
        terminal: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    stderr = _Terminal() if terminal else io.StringIO()
    monkeypatch.setattr(sys, "stderr", stderr)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("TERM", "xterm")
    clock = iter(float(second) for second in range(10_000))
    monkeypatch.setattr("fostlog.files.load.time.monotonic", lambda: next(clock))
    progress = load._Progress(500)
    for _ in range(500):
        progress.advance()
    progress.close()
    assert ("reading the data files" in stderr.getvalue()) is terminal
    short = load._Progress(100)  # too few files to be worth a bar
    for _ in range(100):
        short.advance()
    short.close()
    assert short.bar is None


# --- edits checked before they are written ---------------------------------------------


def test_an_edit_checked_as_text_then_written_is_not_checked_again(
        data: Path, parses: list[str], check_runs: list[str]) -> None:
    """The checks' findings for the folder as an edit leaves it are kept when the edit is
    checked, so once it is written as checked the next question runs no check."""
    load_and_check(data)
    before = {p: p.stat().st_mtime_ns for p in data.rglob("*")}
    text = (data / "actions.yaml").read_text()
    edited = text.replace("    owners:\n", "    # checked\n    owners:\n", 1)
    assert edited != text
    load_and_check(data, {"actions.yaml": edited.encode()})
    assert {p: p.stat().st_mtime_ns for p in data.rglob("*")} == before  # nothing written
    (data / "actions.yaml").write_text(edited)
    parses.clear()
    check_runs.clear()
    got = answers(data)
    assert [Path(name).name for name in parses] == ["actions.yaml"] and check_runs == []
    assert got == uncached(data)


def test_a_new_file_given_as_text(data: Path) -> None:
    """A file not on disk yet, checked as if it were (a new meeting, say)."""
    text = (data / "meetings/2025-07-07.yaml").read_text().replace("2025-07-07", "2025-07-08")
    repo, found = load_and_check(data, replace={"meetings/2025-07-08.yaml": text.encode()})
    assert any(m.date.isoformat() == "2025-07-08" for m in repo.meetings)
    assert not (data / "meetings/2025-07-08.yaml").exists()


# --- random edit sequences -------------------------------------------------------------------


PROFILES = {
    "ci": settings(max_examples=12, deadline=None, derandomize=True, database=None,
                   suppress_health_check=[HealthCheck.too_slow]),
    "long": settings(max_examples=400, deadline=None,
                     suppress_health_check=[HealthCheck.too_slow]),
}

# Changes of meaning, not only of bytes: an LA, a status, an attendance swapped for another
# (or for an id nobody has), so that the checks' findings change with the kinds edited.
_WORDS = [("kent", "medway"), ("medway", "nowhere"), ("surrey", "kent"), ("full", "partial"),
          ("open", "done"), ("2", "3")]

_EDIT = st.one_of(
    st.tuples(st.just("word"), st.integers(0, 10**6), st.integers(0, len(_WORDS) - 1)),
    st.tuples(st.just("checked"), st.integers(0, 10**6), st.integers(0, len(_WORDS) - 1)),
    st.tuples(st.just("byte"), st.integers(0, 10**6), st.sampled_from(list(b"a0: -\n#["))),
    st.tuples(st.just("append"), st.integers(0, 10**6), st.sampled_from(["# note\n", "x: 1\n"])),
    st.tuples(st.just("truncate"), st.integers(0, 10**6), st.just(0)),
    st.tuples(st.just("touch"), st.integers(0, 10**6), st.integers(-10**9, 10**9)),
    st.tuples(st.just("past"), st.integers(0, 10**6), st.sampled_from(list(b"bz9"))),
    st.tuples(st.just("remove"), st.integers(0, 10**6), st.just(0)),
    st.tuples(st.just("copy"), st.integers(0, 10**6), st.integers(1, 28)),
    st.tuples(st.just("rename"), st.integers(0, 10**6), st.integers(1, 28)),
    st.tuples(st.just("restore"), st.just(0), st.just(0)),
)

_TEMPLATE: list[Path] = []


def _template() -> Path:
    if not _TEMPLATE:
        folder = Path(tempfile.mkdtemp(prefix="fostlog-cache-template-")) / "data"
        generate.generate(folder, meetings=6, actions=6, years=1, seed=5)
        _TEMPLATE.append(folder)
    return _TEMPLATE[0]


def _apply(root: Path, edit: tuple[str, int, int]) -> None:
    what, pick, value = edit
    files = sorted(p for p in root.rglob("*.yaml"))
    if what == "restore":
        shutil.rmtree(root)
        shutil.copytree(_template(), root)
        return
    if not files:
        return
    path = files[pick % len(files)]
    raw = path.read_bytes()
    if what in ("byte", "past"):
        if raw:
            at = pick % len(raw)
            before = path.stat()
            path.write_bytes(raw[:at] + bytes([value]) + raw[at + 1:])
            if what == "past":  # same size, and the modification time put back
                os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    elif what == "append":
        path.write_bytes(raw + str(value).encode())
    elif what in ("word", "checked"):
        text = raw.decode("utf-8", "replace")
        old, new = _WORDS[value]
        at = text.find(old, pick % (len(text) + 1))
        at = text.find(old) if at < 0 else at
        if at >= 0:
            text = text[:at] + new + text[at + len(old):]
        if what == "checked":  # as an edit does: checked as text, then written
            load_and_check(root, {path.relative_to(root).as_posix(): text.encode()})
        path.write_text(text, encoding="utf-8")
    elif what == "truncate":
        path.write_bytes(raw[: len(raw) // 2])
    elif what == "touch":
        now = time.time_ns() + value
        os.utime(path, ns=(now, now))
    elif what == "remove":
        path.unlink()
    elif what in ("copy", "rename"):
        target = root / "meetings" / f"2099-02-{value:02d}.yaml"
        target.parent.mkdir(exist_ok=True)
        if what == "copy":
            shutil.copy(path, target)
        else:
            path.rename(target)


@PROFILES[os.environ.get("HYPOTHESIS_PROFILE", "ci")]
@given(st.lists(_EDIT, min_size=1, max_size=6))
def test_cached_and_uncached_answers_agree_over_random_edits(
        edits: list[tuple[str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch) / "data"
        shutil.copytree(_template(), root)
        os.environ[cache.ENV_DIR] = str(Path(scratch) / "cache")
        answers(root)
        for edit in edits:
            _apply(root, edit)
            assert answers(root) == uncached(root), edit
