"""Writing a file without being turned against the writer: every file fostlog writes goes
through here (edits of the data, --out documents, schemas, the site, the SQLite export,
imports). No PyYAML here.

Policy (README, "Files fostlog writes"):
- the new content goes to a temporary file beside the target, is flushed to disk, and is
  renamed over the target: a reader, or a crash, sees the old file or the new one;
- only a regular file is ever replaced. A FIFO, a device, a socket or a folder at the path
  is refused (UnsafeTarget): never written into, never replaced;
- a link is never written through (UnsafeTarget): it would change whatever file it points
  at, which a data repository shared through pull requests could choose;
- a read-only file is left alone, even by root (PermissionError);
- the replaced file keeps its permissions, owner and group;
- with `expected`, the bytes on disk must still be those the edit was made from, checked
  just before the rename (ChangedMeanwhile): an editor's save is never lost;
- an edit of the data folder holds the folder's edit lock (edit_lock) from reading the
  data to writing it, so two edits at once run one after the other;
- a temporary file left by a write that was killed is removed: by the next edit holding
  the lock (no other edit can be writing then), and beside any other target once it is
  an hour old.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from fostlog.files.safefiles import JOURNAL_NAME, read_regular, what_it_is

LOCK_NAME = ".fostlog-edit.lock"
EDIT_WAIT_SECONDS = 30.0  # FOSTLOG_EDIT_WAIT overrides
STALE_AFTER_SECONDS = 3600.0  # a temporary file beside an --out target this old is litter
# tempfile.mkstemp's names: the prefix, eight of these characters, the suffix.
_TEMPORARY = re.compile(r"\..+\.[a-z0-9_]{8}\.tmp")


class UnsafeTarget(OSError):
    """The path holds something fostlog will not replace: a link, a FIFO, a device, a
    socket or a folder. `what` says which; `strerror` says so of 'it'."""

    def __init__(self, path: Path, what: str):
        super().__init__(errno.EINVAL, f"it is {what}: fostlog writes only regular files, "
                         "and leaves anything else as it is", str(path))
        self.what = what


class ChangedMeanwhile(OSError):
    """The file on disk is no longer the text the edit was made from."""

    def __init__(self, path: Path):
        super().__init__(errno.EAGAIN, "it was changed by someone else after fostlog read "
                         "it: their change is kept and this one was not written; run the "
                         "command again", str(path))


class EditBusy(Exception):
    """Someone else holds the data folder's edit lock, or it cannot be taken."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


# --- the target -------------------------------------------------------------------------------


def replaceable(path: Path) -> os.stat_result | None:
    """The stat of the regular file at `path` that may be replaced (None: nothing there
    yet). Raises UnsafeTarget for a link or anything but a regular file, PermissionError
    for a read-only file."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(status.st_mode):
        raise UnsafeTarget(path, f"a link to {os.readlink(path)}")
    if not stat.S_ISREG(status.st_mode):
        raise UnsafeTarget(path, what_it_is(status.st_mode))
    # Root may write anywhere, so the mode is asked too: a file nobody may write to was
    # made read-only on purpose.
    if status.st_mode & 0o222 == 0 or not os.access(path, os.W_OK, follow_symlinks=False):
        raise PermissionError(errno.EACCES, "it is read-only, so fostlog leaves it as it "
                              "is; make it writable first if it is to change", str(path))
    return status


# --- writing ----------------------------------------------------------------------------------


class Staged:
    """A new version of `path` in a temporary file beside it, until commit() puts it in
    place: refused if the file is no longer the bytes `expected` (ChangedMeanwhile) or,
    with overwrite=False, if a file is there by then (FileExistsError)."""

    def __init__(self, path: Path, *, expected: bytes | None = None, overwrite: bool = True):
        self.target = path
        self.expected = expected
        self.overwrite = overwrite
        if overwrite:
            replaceable(path)  # refuse before writing anything
        else:
            _must_be_absent(path)
        _sweep_once(path.parent, path.name)
        descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.",
                                            suffix=".tmp")
        os.close(descriptor)
        self.temporary = Path(name)

    def write(self, data: bytes) -> None:
        flags = os.O_WRONLY | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0)
        descriptor = os.open(self.temporary, flags | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())

    def commit(self) -> None:
        """Put the new version in place in one step, after checking the target again (it
        may have been swapped for a link or a FIFO, or edited, since it was staged)."""
        try:
            status = replaceable(self.target) if self.overwrite else None
            if self.expected is not None and _current_bytes(self.target) != self.expected:
                raise ChangedMeanwhile(self.target)
            _take_mode_and_owner(self.temporary, status)
            if self.overwrite:
                os.replace(self.temporary, self.target)
            else:
                os.link(self.temporary, self.target)  # fails if the file appeared meanwhile
                os.unlink(self.temporary)
        except BaseException:
            self.discard()
            raise
        _fsync_directory(self.target.parent)

    def discard(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


def write_atomic(path: Path, content: str | bytes, *, overwrite: bool = True,
                 expected: bytes | None = None) -> None:
    """Write `content` (text as UTF-8) to `path` as the module's policy says; `overwrite`
    and `expected` as for Staged."""
    data = content.encode("utf-8") if isinstance(content, str) else content
    staged = Staged(path, expected=expected, overwrite=overwrite)
    try:
        staged.write(data)
    except BaseException:
        staged.discard()
        raise
    staged.commit()


class NotUndone(Exception):
    """A write of several files failed part-way and a file already written could not be
    put back: the message names which file holds what."""


def refuse_links_below(root: Path, path: Path) -> None:
    """Refuse (UnsafeTarget) a write to `path` in the data folder `root` that would pass
    through a link, or anything but a folder, on the way below `root`, or land on a link
    or a special file: a data repository reaches everyone through pull requests, so no
    link in it may aim a write outside it. `root` itself may be a link: it is the path
    the user gave. Missing folders are fine (they are made, never followed)."""
    try:
        parts = path.relative_to(root).parts
    except ValueError:
        return  # not below the data folder: the caller's own path
    here = root
    for index, part in enumerate(parts):
        here = here / part
        try:
            status = os.lstat(here)
        except FileNotFoundError:
            return
        _refuse_odd(here, status, folder=index < len(parts) - 1)


def _refuse_odd(path: Path, status: os.stat_result, folder: bool = False) -> None:
    """Refuse (UnsafeTarget) a link at `path`, or anything but a folder (`folder`) or a
    regular file there."""
    if stat.S_ISLNK(status.st_mode):
        raise UnsafeTarget(path, f"a link to {os.readlink(path)}")
    if folder and not stat.S_ISDIR(status.st_mode):
        raise UnsafeTarget(path, f"{what_it_is(status.st_mode)}, not a folder")
    if not folder and not stat.S_ISREG(status.st_mode):
        raise UnsafeTarget(path, what_it_is(status.st_mode))


def _make_folders(root: Path, folder: Path) -> None:
    """The folders from `root` down to `folder`, each made if missing, none followed."""
    here = root
    for part in folder.relative_to(root).parts:
        here = here / part
        with contextlib.suppress(FileExistsError):
            os.mkdir(here)
        refuse_links_below(root, here / "x")  # made by someone else meanwhile: a folder?


def write_all(changes: Sequence[tuple[Path, bytes | None, str | bytes]],
              root: Path | None = None) -> None:
    """Write each (path, the bytes it was read as - None for a new file -, new content),
    all or none: every version is staged first, so a refusal or a full disk stops the
    write before any file changes; when putting one in place fails, those already in
    place get their old bytes back (or are removed), and NotUndone when that fails too.

    With the data folder `root` (held under its edit lock): no path may pass through a
    link or special file below it (refuse_links_below), and the renames are recorded
    first in a journal (JOURNAL_NAME in `root`), so that a write of several files
    stopped part-way - kill -9, a power cut - is finished by the next edit (recover).
    Ctrl-C is held back from the journal's writing to its removal, then acted on."""
    if root is not None:
        for path, _, _ in changes:
            refuse_links_below(root, path)
        for path, old, _ in changes:
            if old is None:
                _make_folders(root, path.parent)
    staged: list[Staged] = []
    try:
        for path, old, new in changes:
            staged.append(Staged(path, expected=old, overwrite=old is not None))
            staged[-1].write(new.encode("utf-8") if isinstance(new, str) else new)
    except BaseException:
        for stage in staged:
            stage.discard()
        raise
    journal = root is not None and len(staged) > 1
    with _interrupts_held(journal):
        try:
            if journal:
                assert root is not None
                _check_all(staged)
                _write_journal(root, staged, changes)
            _commit_all(staged, changes)
        except BaseException:
            for stage in staged:
                stage.discard()
            raise
        finally:
            if journal:
                assert root is not None
                with contextlib.suppress(OSError):
                    os.unlink(root / JOURNAL_NAME)
                _fsync_directory(root)


def _commit_all(staged: list[Staged],
                changes: Sequence[tuple[Path, bytes | None, str | bytes]]) -> None:
    done: list[tuple[Path, bytes | None]] = []
    for index, (stage, (path, old, _)) in enumerate(zip(staged, changes, strict=True)):
        try:
            stage.commit()
        except OSError as error:
            for later in staged[index + 1:]:
                later.discard()
            _put_back(done, path, error)
            raise
        done.append((path, old))


def _check_all(staged: list[Staged]) -> None:
    """Every target still as it was read, checked before the journal commits to them all."""
    for stage in staged:
        if stage.overwrite:
            replaceable(stage.target)
        else:
            _must_be_absent(stage.target)
        if stage.expected is not None and _current_bytes(stage.target) != stage.expected:
            raise ChangedMeanwhile(stage.target)


def _must_be_absent(path: Path) -> None:
    """Nothing at `path` (a new file's): a link there, even a dangling one, is refused as
    a link (UnsafeTarget), anything else as FileExistsError."""
    try:
        status = os.lstat(path)
    except FileNotFoundError:
        return
    _refuse_odd(path, status)
    raise FileExistsError(errno.EEXIST, "it appeared while writing", str(path))


def _digest(data: bytes | None) -> str | None:
    import hashlib

    return None if data is None else hashlib.sha256(data).hexdigest()


def _write_journal(root: Path, staged: list[Staged],
                   changes: Sequence[tuple[Path, bytes | None, str | bytes]]) -> None:
    import json

    entries = [{"target": os.path.relpath(stage.target, root),
                "staged": os.path.relpath(stage.temporary, root),
                "old": _digest(old)}
               for stage, (_, old, _) in zip(staged, changes, strict=True)]
    write_atomic(root / JOURNAL_NAME, json.dumps({"renames": entries}, indent=1) + "\n")


def recover(root: Path) -> list[str]:
    """Finish a write of several files that was stopped after its journal was written
    (run under the edit lock, before any temporary file is swept): each staged file still
    there is renamed over its target if the target is still as the write found it. Returns
    what was done, in words (nothing if there was no journal)."""
    import json

    path = root / JOURNAL_NAME
    try:
        raw = read_regular(str(path), 10_000_000)
    except FileNotFoundError:
        return []
    except OSError as error:
        return [f"{path} cannot be read ({error.strerror or error}); it was left as it is."]
    said: list[str] = []
    try:
        entries = json.loads(raw)["renames"]
        pairs = [(str(e["target"]), str(e["staged"]), e["old"]) for e in entries]
    except (ValueError, KeyError, TypeError):
        pairs = []
        said.append(f"{path} was not a journal fostlog can read; it was removed and no "
                    "file was changed by it.")
    finished, kept = [], []
    for target, temporary, old in pairs:
        target_path, staged_path = root / target, root / temporary
        if not within_folder(root, target_path) or not within_folder(root, staged_path):
            continue
        try:
            refuse_links_below(root, target_path)
            refuse_links_below(root, staged_path)
            if not os.path.lexists(staged_path):
                continue  # already in place
            current = _current_bytes(target_path) if os.path.lexists(target_path) else None
            if _digest(current) != old:
                kept.append(target)
                os.unlink(staged_path)
                continue
            os.replace(staged_path, target_path)
            _fsync_directory(target_path.parent)
            finished.append(target)
        except OSError:
            kept.append(target)
    if finished:
        said.append(f"An edit stopped part-way (killed or interrupted) has been finished: "
                    f"{', '.join(finished)} written as it meant.")
    if kept:
        said.append(f"An edit stopped part-way could not be finished for {', '.join(kept)}, "
                    "changed since or unwritable: check them with 'fostlog lint'.")
    with contextlib.suppress(OSError):
        os.unlink(path)
    _fsync_directory(root)
    return said


def finish_stopped_write(root: Path) -> None:
    """Before any command reads the data: a journalled write a killed command left is
    finished first (under the edit lock, which recovers it and says so), so no command
    reads half of one. One stat when there is none; nothing when the lock cannot be had
    (a read-only checkout: the data is read as it is, and lint names what is amiss)."""
    if not os.path.lexists(root / JOURNAL_NAME):
        return
    with contextlib.suppress(EditBusy, OSError), edit_lock(root, wait=5.0):
        pass


def within_folder(root: Path, path: Path) -> bool:
    return ".." not in Path(os.path.relpath(path, root)).parts and not \
        os.path.isabs(os.path.relpath(path, root))


@contextlib.contextmanager
def _interrupts_held(hold: bool) -> Iterator[None]:
    """SIGINT and SIGTERM held back while the body runs (the few renames of a journalled
    write), then delivered: Ctrl-C stops the command before or after, never in between."""
    import signal
    import threading

    if not hold or threading.current_thread() is not threading.main_thread() \
            or not hasattr(signal, "pthread_sigmask"):
        yield
        return
    signals = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _put_back(done: list[tuple[Path, bytes | None]], failed: Path, error: OSError) -> None:
    for path, old in reversed(done):
        try:
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomic(path, old)
        except OSError as undo_error:
            raise NotUndone(
                f"{failed} could not be written ({error.strerror or error}), and {path} "
                f"could not be put back as it was ({undo_error.strerror or undo_error}): "
                f"{path} has the change, {failed} has not.",
            ) from None


def _current_bytes(path: Path) -> bytes | None:
    try:
        return read_regular(str(path))
    except OSError:
        return None


def _take_mode_and_owner(temporary: Path, status: os.stat_result | None) -> None:
    """The replaced file's permissions, owner and group (root editing a member's file must
    not leave it root's); a new file gets what the umask allows, as any program's would."""
    if status is None:
        os.chmod(temporary, 0o666 & ~_umask())
        return
    if hasattr(os, "chown"):
        mine = os.stat(temporary)
        if (mine.st_uid, mine.st_gid) != (status.st_uid, status.st_gid):
            try:
                os.chown(temporary, status.st_uid, status.st_gid)
            except PermissionError:  # only root may give a file away; keep the group
                with contextlib.suppress(OSError):
                    os.chown(temporary, -1, status.st_gid)
    os.chmod(temporary, stat.S_IMODE(status.st_mode))  # after chown, which may clear bits


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fsync_directory(directory: Path) -> None:
    # Makes the rename itself durable; not possible on every platform or file system.
    with contextlib.suppress(OSError):
        descriptor = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(descriptor)
        finally:
            os.close(descriptor)


# --- litter from a write that was killed ------------------------------------------------------


# Per folder, the temporary files over an hour old found when this process first wrote
# there, by the name of the file each was for.
_stale: dict[str, dict[str, list[str]]] = {}


def _sweep_once(folder: Path, name: str) -> None:
    """Remove the temporary files of `name` that killed writes left in `folder` over an
    hour ago. The folder is listed once a process: a site writes thousands of pages into
    one folder, and listing it before each would make the build quadratic."""
    key = os.path.abspath(folder)
    if key not in _stale:
        try:
            names = os.listdir(folder)
        except OSError:
            names = []
        found: dict[str, list[str]] = {}
        for entry in names:
            if _TEMPORARY.fullmatch(entry):
                found.setdefault(entry[1:-13], []).append(entry)
        _stale[key] = found
    if _stale[key].get(name):
        remove_stale_temporaries(folder, name, older_than=STALE_AFTER_SECONDS)
        del _stale[key][name]


def remove_stale_temporaries(folder: Path, name: str | None = None,
                             older_than: float | None = None,
                             suffixes: tuple[str, ...] = ("",)) -> list[Path]:
    """Remove the temporary files fostlog's writes leave when killed (".NAME.xxxxxxxx.tmp",
    regular files only) in `folder`: those of the file `name` only, if given; of a NAME
    ending in one of `suffixes`; older than `older_than` seconds, if given. Returns what
    was removed."""
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    removed = []
    now = time.time()
    for entry in names:
        if not _TEMPORARY.fullmatch(entry) or not entry[1:-13].endswith(suffixes):
            continue
        if name is not None and not (entry.startswith(f".{name}.")
                                     and len(entry) == len(name) + 14):
            continue
        path = folder / entry
        try:
            status = os.lstat(path)
            if not stat.S_ISREG(status.st_mode):
                continue
            if older_than is not None and now - status.st_mtime < older_than:
                continue
            os.unlink(path)
        except OSError:
            continue
        removed.append(path)
    return removed


# --- one edit of the data folder at a time ----------------------------------------------------


def _wait_seconds() -> float:
    try:
        return max(0.0, float(os.environ.get("FOSTLOG_EDIT_WAIT", EDIT_WAIT_SECONDS)))
    except ValueError:
        return EDIT_WAIT_SECONDS


def _holder(path: Path) -> str:
    """Who holds the lock, as its file says ('maria, process 4242, since 14:05')."""
    try:
        said = read_regular(str(path), 200).decode("utf-8", "replace").split()
    except OSError:
        said = []
    if len(said) >= 3 and said[1].isdigit():
        clock = said[2][11:16] if len(said[2]) >= 16 else said[2]
        printable = "".join(ch for ch in said[0] if ch.isprintable())[:40]
        return f"{printable}, process {said[1]}, since {clock}"
    return "another fostlog command"


def _who() -> str:
    import getpass

    try:
        return getpass.getuser().replace(" ", "_") or "someone"
    except (KeyError, OSError):  # no name for this user id
        return "someone"


def _remove_data_temporaries(root: Path) -> list[Path]:
    """A killed edit's temporary files in the data folder and its folders (the lock is held,
    so no edit is writing one now). Only those of YAML files: nothing else is fostlog's."""
    suffixes = (".yaml", ".yml")
    removed = remove_stale_temporaries(root, suffixes=suffixes)
    with contextlib.suppress(OSError):
        for sub in sorted(os.listdir(root)):
            if not sub.startswith(".") and os.path.isdir(root / sub) \
                    and not os.path.islink(root / sub):
                removed += remove_stale_temporaries(root / sub, suffixes=suffixes)
    return removed


def _tell(line: str) -> None:
    import sys

    sys.stderr.write(f"fostlog: {line}\n")


_held: set[str] = set()  # the data folders (real paths) whose lock this process holds


@contextlib.contextmanager
def edit_lock(root: Path, *, wait: float | None = None,
              waiting: Callable[[str], None] | None = None,
              tell: Callable[[str], None] | None = None) -> Iterator[list[Path]]:
    """Hold the data folder's edit lock (LOCK_NAME in it) while the body reads, checks and
    writes the data. Waits up to `wait` seconds (default FOSTLOG_EDIT_WAIT, else 30) for
    another edit to finish, calling `waiting(holder)` once if it waits over a second;
    then EditBusy. Finishes a journalled write a killed edit left (recover), saying so
    through `tell` (default: stderr). Yields the temporary files of killed edits it
    removed.

    The lock is an flock on the file, so the system releases it when its holder dies,
    even by kill -9: a lock is never stale. The file is removed on release, re-checked
    after locking so that a waiter never holds the lock of a file already removed. Within
    one process the lock is re-entrant: a command holding it from before it read the data
    may hand the change to edits.apply, which takes it again."""
    key = os.path.realpath(root)
    if key in _held:
        yield []
        return
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows: the compare-and-swap guards alone
        yield []
        return
    started = time.monotonic()
    limit = started + (_wait_seconds() if wait is None else wait)
    notice = started + 1.0  # a wait shorter than this is not worth a line
    path = root / LOCK_NAME
    told = False
    while True:
        safe = getattr(os, "O_NOFOLLOW", 0) | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
        try:
            try:
                descriptor = os.open(path, os.O_RDWR | os.O_CREAT | safe, 0o666)
            except PermissionError:  # left by someone else's killed edit: flock it as is
                if not os.path.lexists(path):
                    raise
                descriptor = os.open(path, os.O_RDONLY | safe)
        except OSError as error:
            raise EditBusy(
                f"cannot edit the data in {root}: fostlog could not make its lock file "
                f"{path} ({error.strerror or error}).",
                "Check that the folder exists and that you may write to it (and that "
                f"{LOCK_NAME} in it, if there, is a file).",
            ) from None
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):
                raise EditBusy(f"{path} is not a file fostlog made; it will not edit the "
                               "data while it is there.", f"Remove {path}.")
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                if time.monotonic() >= limit:
                    raise EditBusy(
                        f"someone else is editing the data in {root} ({_holder(path)}); "
                        "nothing was changed.",
                        "Try again when their command has finished (it holds "
                        f"{LOCK_NAME} in the data folder until then).",
                    ) from None
                if not told and waiting is not None and time.monotonic() >= notice:
                    waiting(_holder(path))
                    told = True
                os.close(descriptor)
                time.sleep(0.05)
                continue
            try:
                same = os.path.samestat(os.fstat(descriptor), os.lstat(path))
            except OSError:
                same = False
            if not same:  # released and removed while we waited: lock the new one
                os.close(descriptor)
                continue
        except BaseException:
            with contextlib.suppress(OSError):
                os.close(descriptor)
            raise
        break
    _held.add(key)
    try:
        stamp = time.strftime("%Y-%m-%dT%H:%M:%S")
        with contextlib.suppress(OSError):  # who holds it is for the message only
            os.ftruncate(descriptor, 0)
            os.pwrite(descriptor, f"{_who()} {os.getpid()} {stamp}\n".encode(), 0)
        for line in recover(root):
            (tell or _tell)(line)
        yield _remove_data_temporaries(root)
    finally:
        _held.discard(key)
        with contextlib.suppress(OSError):
            os.unlink(path)
        os.close(descriptor)  # closing releases the flock
