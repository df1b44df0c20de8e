"""Every file fostlog writes (safewrite.py; README "Files fostlog writes"): never a link,
FIFO, device or socket replaced or written into, a read-only file left alone, the owner
kept, two edits at once serialised (the lock) and an editor's save never lost (the
compare-and-swap), a killed edit's temporary files removed, a CR-only file kept CR-only.

Special files are made here only with mkfifo/mknod in a temporary folder, never the real
/dev/null or /dev/full."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import DATA, ROOT, MiniRepo
from fostlog.cli import app
from fostlog.files import safewrite

ENV = {"FOSTLOG_TODAY": "2025-10-14", "NO_COLOR": "1"}
FOSTLOG = Path(sys.executable).with_name("fostlog")  # the console script, as a user runs it
runner = CliRunner()
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def run(*args: str, **env: str) -> Any:
    return runner.invoke(app, list(args), env={**ENV, **env})


def run_process(*args: str, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(FOSTLOG), *args], capture_output=True, text=True,
                          timeout=timeout, env={**os.environ, **ENV})


def plainly_refused(result: Any, code: int) -> str:
    """The refusal's message, having checked it is one: the exit code, no traceback."""
    stderr: str = result.stderr
    exit_code = result.exit_code if hasattr(result, "exit_code") else result.returncode
    assert exit_code == code, stderr
    assert "Traceback" not in stderr and "internal error" not in stderr
    return stderr


# --- what is at the path: never replaced unless it is a regular file -----------------------------


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    if not IS_ROOT:
        pytest.skip("making a device node needs root")
    os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))  # in tmp_path, never /dev


def _socket(path: Path) -> None:
    listening = socket.socket(socket.AF_UNIX)
    listening.bind(str(path))
    listening.close()


def _link(path: Path) -> None:
    (path.parent / "victim.txt").write_text("keep me\n")
    path.symlink_to("victim.txt")


def _folder(path: Path) -> None:
    path.mkdir()


SPECIAL: dict[str, Callable[[Path], None]] = {
    "fifo": _fifo, "device": _device, "socket": _socket, "link": _link, "folder": _folder}


def _identity(path: Path) -> tuple[int, int, int]:
    status = os.lstat(path)
    return stat.S_IFMT(status.st_mode), status.st_ino, status.st_rdev


@pytest.mark.parametrize("kind", sorted(SPECIAL))
def test_render_out_never_replaces_what_is_not_a_regular_file(
    mini: MiniRepo, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "out" / "log.md"
    target.parent.mkdir()
    SPECIAL[kind](target)
    before = _identity(target)
    # A subprocess with a timeout: a FIFO written into would hang until read.
    result = run_process("render", "actions", "--data", str(mini.root), "--out", str(target))
    stderr = plainly_refused(result, 2)
    assert _identity(target) == before
    if kind == "link":
        assert (tmp_path / "out" / "victim.txt").read_text() == "keep me\n"
    if kind != "folder":
        assert "not a regular file" in stderr and "left it as it is" in stderr
    assert not [p for p in target.parent.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", ["fifo", "device", "link"])
def test_a_word_document_is_never_written_over_a_special_file(
    mini: MiniRepo, tmp_path: Path, kind: str
) -> None:
    target = tmp_path / "log.docx"
    SPECIAL[kind](target)
    before = _identity(target)
    result = run("render", "actions", "--data", str(mini.root), "--format", "docx",
                 "--out", str(target))
    assert "not a regular file" in plainly_refused(result, 2)
    assert _identity(target) == before


def test_schema_out_refuses_before_writing_any_schema(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    out.mkdir()
    os.mkfifo(out / "meeting.schema.json")
    result = run("schema", "--out", str(out))
    stderr = plainly_refused(result, 2)
    assert "meeting.schema.json is a named pipe (FIFO)" in stderr
    assert stat.S_ISFIFO(os.lstat(out / "meeting.schema.json").st_mode)
    assert sorted(p.name for p in out.iterdir()) == ["meeting.schema.json"]  # none written
    # and --check does not wait on it either
    assert plainly_refused(run("schema", "--check", "--out", str(out)), 1)


def test_schema_check_does_not_read_a_link_as_the_schema(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    assert run("schema", "--out", str(out)).exit_code == 0
    os.symlink("actions.schema.json", out / "link.schema.json")
    target = out / "meeting.schema.json"
    target.unlink()
    target.symlink_to("actions.schema.json")
    result = run("schema", "--out", str(out))
    assert "is a link" in plainly_refused(result, 2)
    assert target.is_symlink()


@pytest.mark.parametrize("which", ["database", "metadata"])
def test_export_sqlite_refuses_a_fifo_for_either_file(
    mini: MiniRepo, tmp_path: Path, which: str
) -> None:
    database, metadata = tmp_path / "f.db", tmp_path / "f.metadata.json"
    os.mkfifo(database if which == "database" else metadata)
    result = run_process("export", "sqlite", str(database), "--data", str(mini.root))
    assert "named pipe" in plainly_refused(result, 2)
    for path in (database, metadata):
        assert not path.exists() or stat.S_ISFIFO(os.lstat(path).st_mode)
    assert not list(tmp_path.glob(".*.tmp"))


def test_site_build_leaves_a_fifo_in_its_folder(mini: MiniRepo, tmp_path: Path) -> None:
    out = tmp_path / "site"
    assert run("site", str(out), "--data", str(mini.root)).exit_code == 0
    (out / "index.html").unlink()
    os.mkfifo(out / "index.html")
    result = run_process("site", str(out), "--data", str(mini.root))
    assert "index.html is a named pipe (FIFO)" in plainly_refused(result, 2)
    assert stat.S_ISFIFO(os.lstat(out / "index.html").st_mode)


# --- the edits of the data ----------------------------------------------------------------------


def test_a_read_only_register_is_left_alone_even_by_root(mini: MiniRepo) -> None:
    path = mini.root / "actions.yaml"
    before = path.read_bytes()
    path.chmod(0o444)
    result = run("actions", "update", "1", "--status", "open", "--data", str(mini.root))
    assert "read-only" in plainly_refused(result, 1)
    assert path.read_bytes() == before and stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_read_only_data_folder_is_said_plainly(mini: MiniRepo) -> None:
    if IS_ROOT:
        pytest.skip("root may write into a read-only folder")
    mini.root.chmod(0o555)
    try:
        result = run("actions", "update", "1", "--status", "open", "--data", str(mini.root))
    finally:
        mini.root.chmod(0o755)
    assert "may write" in plainly_refused(result, 1)


def test_the_register_behind_a_link_is_not_written_through(mini: MiniRepo) -> None:
    """The reader follows a link inside the data folder; no write goes through one."""
    real = mini.root / "register" / "actions.yaml"
    real.parent.mkdir()
    (mini.root / "actions.yaml").rename(real)
    (mini.root / "actions.yaml").symlink_to("register/actions.yaml")
    before = real.read_bytes()
    for args in (["update", "1", "--status", "open"], ["add", "--text", "x", "--owner", "All"]):
        result = run("actions", *args, "--data", str(mini.root))
        assert "is a link to register/actions.yaml" in plainly_refused(result, 1)
        assert real.read_bytes() == before and (mini.root / "actions.yaml").is_symlink()


def test_a_link_out_of_the_data_folder_is_neither_read_nor_written(
    mini: MiniRepo, tmp_path: Path
) -> None:
    outside = tmp_path / "elsewhere.yaml"
    (mini.root / "actions.yaml").rename(outside)
    before = outside.read_bytes()
    (mini.root / "actions.yaml").symlink_to("../elsewhere.yaml")  # relative, out of it
    result = run("actions", "update", "1", "--status", "open", "--data", str(mini.root))
    assert "outside the data folder" in plainly_refused(result, 1)
    assert outside.read_bytes() == before


@pytest.fixture
def stripped(tmp_path: Path) -> Iterator[Path]:
    """data/ without the 7 July 2025 meeting's facts, with actions.yaml a link to a file
    inside the folder: `import minutes` has an actions.yaml to change."""
    sys.path.insert(0, str(ROOT / "bench"))
    from import_accuracy import SEEDS, strip_meeting

    current = "004_e0affe79a15288f1.txt"
    copy = tmp_path / "data"
    strip_meeting(DATA, copy, SEEDS[current], current,
                  (ROOT / "minutes" / current).read_text(encoding="utf-8"))
    (copy / "register").mkdir()
    (copy / "actions.yaml").rename(copy / "register" / "actions.yaml")
    # absolute: a copy of the folder (links kept as links) still points at this file
    (copy / "actions.yaml").symlink_to(copy / "register" / "actions.yaml")
    yield copy


def test_import_minutes_checks_and_writes_nothing_through_a_link(stripped: Path) -> None:
    """The check before writing used to copy the folder (links as links) and write the
    draft into the copy: through the link, into the real register."""
    seed = str(ROOT / "minutes" / "004_e0affe79a15288f1.txt")
    before = {p: p.read_bytes() for p in stripped.rglob("*.yaml") if not p.is_symlink()}
    preview = run("import", "minutes", seed, "--date", "2025-07-07", "--data", str(stripped))
    assert preview.exit_code == 0, preview.stderr
    written = run("import", "minutes", seed, "--date", "2025-07-07", "--data", str(stripped),
                  "--write")
    assert "is a link" in plainly_refused(written, 1)
    assert "nothing was changed" in written.stderr
    assert {p: p.read_bytes() for p in stripped.rglob("*.yaml") if not p.is_symlink()} == before
    assert not list(stripped.rglob("*.tmp")) and not list(stripped.rglob(".fostlog*"))


@pytest.mark.skipif(not IS_ROOT, reason="only root can give a file to another owner")
def test_an_edit_keeps_the_files_owner_group_and_mode(mini: MiniRepo) -> None:
    path = mini.root / "actions.yaml"
    os.chown(path, 4242, 4343)
    path.chmod(0o640)
    result = run("actions", "update", "2", "--status", "done", "--data", str(mini.root))
    assert result.exit_code == 0, result.stderr
    status = path.stat()
    assert (status.st_uid, status.st_gid, stat.S_IMODE(status.st_mode)) == (4242, 4343, 0o640)
    assert "status: done" in path.read_text()


def test_a_cr_only_register_gets_cr_lines(mini: MiniRepo) -> None:
    path = mini.root / "actions.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r"))
    result = run("actions", "update", "2", "--status", "done", "--note", "Chased",
                 "--data", str(mini.root))
    assert result.exit_code == 0, result.stderr
    after = path.read_bytes()
    assert b"\n" not in after and b"      - as_of: 2025-10-14\r" in after
    added = run("actions", "add", "--text", "New", "--owner", "All", "--data", str(mini.root))
    assert added.exit_code == 0, added.stderr
    assert b"\n" not in path.read_bytes() and b"text: New\r" in path.read_bytes()


def test_an_editors_save_during_the_check_is_never_lost(
    mini: MiniRepo, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Compare-and-swap: the file on disk must still be the bytes the edit was made from."""
    from fostlog.edits import change

    path = mini.root / "actions.yaml"
    saved = path.read_text() + "# a comment saved from an editor meanwhile\n"
    checking = change.check

    def an_editor_saves(*args: Any, **kwargs: Any) -> Any:
        path.write_text(saved)
        return checking(*args, **kwargs)

    monkeypatch.setattr(change, "check", an_editor_saves)
    result = run("actions", "update", "2", "--status", "done", "--data", str(mini.root))
    stderr = plainly_refused(result, 1)
    assert "changed by someone else" in stderr and "run the command again" in stderr
    assert path.read_text() == saved


def test_compare_and_swap_in_the_writer(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_bytes(b"old\n")
    with pytest.raises(safewrite.ChangedMeanwhile):
        safewrite.write_atomic(path, "new\n", expected=b"older\n")
    assert path.read_bytes() == b"old\n"
    safewrite.write_atomic(path, b"new\n", expected=b"old\n")  # bytes as well as text
    assert path.read_bytes() == b"new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["a.yaml"]


# --- two edits at once --------------------------------------------------------------------------


def test_two_updates_and_two_adds_at_once_lose_nothing(mini: MiniRepo) -> None:
    """20 trials of four real processes editing one register at once: every update and
    every new action is there afterwards, and no number is given twice."""
    import yaml

    path = mini.root / "actions.yaml"
    for trial in range(20):
        children = [
            subprocess.Popen([str(FOSTLOG), *args, "--data", str(mini.root)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, **ENV})
            for args in (
                ["actions", "update", "1", "--status", "done", "--note", f"one {trial}",
                 "--same-day"],
                ["actions", "update", "2", "--status", "open", "--note", f"two {trial}",
                 "--same-day"],
                ["actions", "add", "--text", f"first {trial}", "--owner", "All"],
                ["actions", "add", "--text", f"second {trial}", "--owner", "All"],
            )
        ]
        outputs = [child.communicate(timeout=60) for child in children]
        for child, (_, stderr) in zip(children, outputs, strict=True):
            assert child.returncode == 0, stderr
            assert "Traceback" not in stderr
        numbers = [outputs[2][0].strip(), outputs[3][0].strip()]
        assert numbers[0] != numbers[1], f"trial {trial}: both added as {numbers[0]}"
    actions = yaml.safe_load(path.read_text())["actions"]
    ids = [str(action["id"]) for action in actions]
    assert len(ids) == len(set(ids)) == 2 + 40
    texts = {action["text"] for action in actions}
    assert all({f"first {t}", f"second {t}"} <= texts for t in range(20))
    notes = [entry.get("note") for action in actions for entry in action.get("history", [])]
    assert all(f"one {t}" in notes and f"two {t}" in notes for t in range(20))
    assert not list(mini.root.glob(".*"))  # no lock file, no temporary file left
    assert not [d for d in mini.lint() if d.is_error]


_HOLD_THE_LOCK = """
import sys, time
from pathlib import Path
from fostlog.files.safewrite import edit_lock
with edit_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(60)
"""


@contextlib.contextmanager
def held_elsewhere(root: Path) -> Iterator[int]:
    """The data folder's edit lock held by another process (its id) for the body: within
    one process the lock is re-entrant."""
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_THE_LOCK, str(root)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        yield holder.pid
    finally:
        holder.kill()
        holder.wait(timeout=10)
        (root / safewrite.LOCK_NAME).unlink(missing_ok=True)  # as its holder would have


def test_an_edit_waits_then_says_who_holds_the_lock(mini: MiniRepo) -> None:
    before = (mini.root / "actions.yaml").read_bytes()
    with held_elsewhere(mini.root) as holder:
        started = time.monotonic()
        result = run("actions", "update", "2", "--status", "done", "--data", str(mini.root),
                     FOSTLOG_EDIT_WAIT="1.5")
        waited = time.monotonic() - started
    stderr = plainly_refused(result, 1)
    assert f"someone else is editing the data in {mini.root}" in stderr
    assert f"process {holder}, since {time.strftime('%H:')}" in stderr
    assert "waiting for them to finish" in stderr  # said once the wait passed a second
    assert 1.4 < waited < 10
    assert (mini.root / "actions.yaml").read_bytes() == before


def test_the_lock_is_re_entrant_within_a_process_and_removed_by_its_holder(
        mini: MiniRepo) -> None:
    with safewrite.edit_lock(mini.root, wait=0), safewrite.edit_lock(mini.root, wait=0):
        assert (mini.root / safewrite.LOCK_NAME).exists()
    assert not (mini.root / safewrite.LOCK_NAME).exists()


def test_a_new_meeting_waits_for_an_edit_under_way(mini: MiniRepo) -> None:
    """fostlog new meeting lists the open actions: it reads them under the edit lock, so
    never from a register half-way through another edit."""
    with held_elsewhere(mini.root):
        result = run("new", "meeting", "2031-01-15", "--data", str(mini.root),
                     FOSTLOG_EDIT_WAIT="0")
    assert "someone else is editing the data" in plainly_refused(result, 1)
    assert not (mini.root / "meetings" / "2031-01-15.yaml").exists()
    result = run("new", "meeting", "2031-01-15", "--data", str(mini.root))
    assert result.exit_code == 0, result.stderr
    assert (mini.root / "meetings" / "2031-01-15.yaml").is_file()
    assert not (mini.root / safewrite.LOCK_NAME).exists()


def test_a_dry_run_takes_no_lock(mini: MiniRepo) -> None:
    with held_elsewhere(mini.root):
        result = run("actions", "update", "2", "--status", "done", "--dry-run",
                     "--data", str(mini.root), FOSTLOG_EDIT_WAIT="0")
    assert result.exit_code == 0, result.stderr


def test_a_lock_holder_killed_with_kill_9_leaves_no_lock(mini: MiniRepo) -> None:
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_THE_LOCK, str(mini.root)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "locked\n"
        assert (mini.root / safewrite.LOCK_NAME).exists()
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(timeout=10)
    # The file is left behind, but its flock went with the process.
    result = run("actions", "update", "2", "--status", "done", "--data", str(mini.root),
                 FOSTLOG_EDIT_WAIT="0")
    assert result.exit_code == 0, result.stderr
    assert not (mini.root / safewrite.LOCK_NAME).exists()


def test_a_killed_edits_temporary_files_are_removed_by_the_next_edit(mini: MiniRepo) -> None:
    litter = [mini.root / ".actions.yaml.k9xq2m_a.tmp",
              mini.root / "meetings" / ".2025-07-07.yaml.abcd1234.tmp"]
    for path in litter:
        path.write_text("half an edit")
    kept = [mini.root / ".notes.txt.abcd1234.tmp", mini.root / "meetings" / "x.tmp"]
    for path in kept:
        path.write_text("not fostlog's")
    result = run("actions", "update", "2", "--status", "done", "--data", str(mini.root))
    assert result.exit_code == 0, result.stderr
    assert not any(path.exists() for path in litter)
    assert all(path.exists() for path in kept)
    assert result.stderr.count("left by an edit that was stopped before it finished") == 2


def test_an_out_targets_old_temporary_files_go_and_fresh_ones_stay(tmp_path: Path) -> None:
    old, fresh = tmp_path / ".log.md.aaaaaaaa.tmp", tmp_path / ".log.md.bbbbbbbb.tmp"
    other = tmp_path / ".other.md.cccccccc.tmp"
    for path in (old, fresh, other):
        path.write_text("x")
    long_ago = time.time() - 2 * safewrite.STALE_AFTER_SECONDS
    os.utime(old, (long_ago, long_ago))
    os.utime(other, (long_ago, long_ago))
    safewrite.write_atomic(tmp_path / "log.md", "new\n")
    assert not old.exists() and fresh.exists() and other.exists()


def test_a_lock_file_that_is_not_a_file_is_named(mini: MiniRepo) -> None:
    os.mkfifo(mini.root / safewrite.LOCK_NAME)
    result = run("actions", "update", "2", "--status", "done", "--data", str(mini.root))
    assert safewrite.LOCK_NAME in plainly_refused(result, 1)
    assert stat.S_ISFIFO(os.lstat(mini.root / safewrite.LOCK_NAME).st_mode)


def test_a_folder_is_listed_for_old_temporary_files_once_per_process(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Writing many files into one folder (a site's pages) lists it once, not per file."""
    listed: list[str] = []
    real = os.listdir

    def listdir(path: Any) -> list[str]:
        listed.append(str(path))
        return real(path)

    monkeypatch.setattr(os, "listdir", listdir)
    for number in range(5):
        safewrite.write_atomic(tmp_path / f"page-{number}.html", "x\n")
    assert listed.count(str(tmp_path)) == 1
