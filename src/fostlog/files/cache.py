"""One plain cache of a data folder as loaded, as beancount keeps its ledger in one pickle.

What is kept, for one data folder: per file, what loading it gave (its validated records
with their origins, the positions of its keys, its diagnostics) under the file's key (its
size, modification and change times in nanoseconds, inode and device) and a hash of its
bytes; and the cross-file checks' findings under a hash of every file's bytes and the
folder listings. A file whose key is unchanged is not read again; one whose key changed
is read, and validated again only if its bytes changed. The checks run again over the
whole repository when any file changed. A file changed within MARGIN_NS of being looked
at is "racy" (a second write within one tick of a coarse clock leaves its times as they
were): its entry is used only once its bytes are found unchanged, as git does.

Where: $FOSTLOG_CACHE_DIR, else $XDG_CACHE_HOME/fostlog, else ~/.cache/fostlog; one file
per data folder as typed. Bypassed when FOSTLOG_NO_CACHE is set (`fostlog --no-cache`).

Trust: unpickling runs code. So a cache file is read only when it is a regular file (not
a link) owned by this user and writable by nobody else, carries this very fostlog's
fingerprint (its source files, Python, pydantic and PyYAML) and a SHA-256 of its content.
Anything else is ignored and the cache rebuilt: a cache is never a reason to fail. It is
written to a private temporary file and renamed into place, so a reader sees an old cache
or a new one, never half of one.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import pickle
import stat
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from fostlog.core.diagnostics import Diagnostic

ENV_OFF = "FOSTLOG_NO_CACHE"
ENV_DIR = "FOSTLOG_CACHE_DIR"
FORMAT = 6  # bump when the layout of the cache changes
MAGIC = b"fostlog-cache\n"
# Timestamps come from a coarse clock (a second or two on some file systems, and a file
# server's clock may differ from ours): a file changed within this of the look is racy.
MARGIN_NS = 3_000_000_000
MAX_AGE_S = 30 * 24 * 3600  # a cache file unused this long (another folder, say) is removed
FINDINGS_KEPT = 2  # the folder as it is, and as an edit being checked will leave it

FileKey = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


@dataclass(frozen=True)
class FileEntry:
    """What loading one file gave, and the key and bytes' hash of the file it came from."""

    key: FileKey
    digest: bytes
    checked_at: int  # time.time_ns() just before the file was looked at
    name: str  # the file as displayed, as its records' origins and diagnostics name it
    # Both pickled apart from the cache's own pickle, so that writing the cache after one
    # file changed copies the others' bytes instead of pickling every record again:
    # [(Repository attribute, record), ...] in file order; a file just read holds them
    # as they are, and keep() pickles them for the cache
    records: bytes | list[tuple[str, Any]]
    positions: bytes  # see Repository.positions
    diagnostics: tuple[Diagnostic, ...]

    @property
    def racy(self) -> bool:
        return max(self.key[1], self.key[2]) >= self.checked_at - MARGIN_NS


def cache_dir() -> Path:
    """$FOSTLOG_CACHE_DIR, else $XDG_CACHE_HOME/fostlog, else ~/.cache/fostlog."""
    given = os.environ.get(ENV_DIR)
    if given:
        return Path(given)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "fostlog"


def key_of(status: os.stat_result) -> FileKey:
    return (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino,
            status.st_dev)


def digest(raw: bytes) -> bytes:
    return hashlib.blake2b(raw, digest_size=16).digest()


def trusted(status: os.stat_result) -> bool:
    """A file only this user could have written: regular, ours, not writable by others."""
    return (stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid()
            and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


_fingerprint: bytes | None = None


def code_fingerprint() -> bytes:
    """What decides what loading a file gives: fostlog's own source files and bundled data
    (each by path, size, times and inode: any edit, install or checkout changes one), the
    cache format, Python, pydantic and PyYAML."""
    global _fingerprint
    if _fingerprint is None:
        import importlib.util

        import pydantic_core
        from pydantic.version import VERSION

        hasher = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{VERSION}\0"
                                f"{pydantic_core.__version__}\0".encode())
        package = Path(__file__).resolve().parent.parent
        for folder, dirs, files in sorted(os.walk(package)):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for name in sorted(files):
                if name.endswith((".py", ".csv")):
                    with contextlib.suppress(OSError):
                        hasher.update(f"{folder}/{name}\0{key_of(os.stat(Path(folder, name)))}"
                                      .encode("utf-8", "surrogateescape"))
        spec = importlib.util.find_spec("yaml")
        if spec is not None and spec.origin:
            with contextlib.suppress(OSError):
                hasher.update(f"{spec.origin}\0{key_of(os.stat(spec.origin))}".encode())
        _fingerprint = hasher.digest()
    return _fingerprint


@dataclass
class Cache:
    """The cache of one data folder: read whole once, changed as files are loaded, written
    back whole at the end if anything changed."""

    path: Path
    files: dict[str, FileEntry] = field(default_factory=dict)  # by path inside the folder
    findings: dict[bytes, tuple[Diagnostic, ...]] = field(default_factory=dict)
    changed: bool = False

    @classmethod
    def open(cls, root: Path) -> Cache | None:
        """The cache of the data folder `root` (empty if there is none to trust), or None
        when caching is off."""
        if os.environ.get(ENV_OFF) or not hasattr(os, "geteuid"):
            return None  # off; or no POSIX users, by which pickles are trusted
        where = os.path.realpath(root) + "\0" + str(root)
        name = hashlib.sha256(where.encode("utf-8", "surrogateescape")).hexdigest()[:32]
        found = cls(cache_dir() / f"{name}.pickle")
        content = _read_trusted(found.path)
        if content is not None:
            found.files, found.findings = content
        return found

    def entry(self, relative: str, name: str) -> FileEntry | None:
        entry = self.files.get(relative)
        return entry if entry is not None and entry.name == name else None

    def keep(self, relative: str, entry: FileEntry) -> None:
        if not isinstance(entry.records, bytes):
            entry = replace(entry, records=pickle.dumps(entry.records,
                                                        protocol=pickle.HIGHEST_PROTOCOL))
        self.files[relative] = entry
        self.changed = True

    def verified(self, relative: str, entry: FileEntry, key: FileKey, checked_at: int
                 ) -> FileEntry:
        """`entry`, found to hold for the file's bytes as they are, kept under its new key."""
        entry = replace(entry, key=key, checked_at=checked_at)
        self.keep(relative, entry)
        return entry

    def keep_findings(self, key: bytes, found: list[Diagnostic]) -> None:
        self.findings.pop(key, None)
        self.findings[key] = tuple(found)
        while len(self.findings) > FINDINGS_KEPT:
            del self.findings[next(iter(self.findings))]
        self.changed = True

    def forget(self, present: set[str]) -> None:
        """Drop the entries of files no longer in the folder."""
        for relative in [r for r in self.files if r not in present]:
            del self.files[relative]
            self.changed = True

    def save(self) -> None:
        """Write the cache if it changed; a cache that cannot be written is no failure."""
        if not self.changed:
            return
        payload = pickle.dumps((self.files, self.findings), protocol=pickle.HIGHEST_PROTOCOL)
        header = MAGIC + code_fingerprint() + hashlib.sha256(payload).digest()
        temporary = None
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp",
                                                 dir=self.path.parent)  # mode 0600
            with os.fdopen(handle, "wb") as out:
                out.write(header + payload)
            os.replace(temporary, self.path)
            temporary = None
            self.changed = False
            _prune(self.path.parent, self.path)
        except OSError:
            pass
        finally:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused while many objects are made and few freed
    (loading a folder, unpickling the cache): its passes over them cost a third of a cold
    load (bench/RESULTS.md)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _read_trusted(path: Path) -> tuple[dict[str, FileEntry], dict[bytes, Any]] | None:
    """The content of the cache file at `path`, if it can be trusted and is whole and of
    this fostlog; else None."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return None
    try:
        with os.fdopen(descriptor, "rb") as handle:
            status = os.fstat(handle.fileno())
            if not trusted(status):
                return None
            raw = handle.read()
        if time.time() - status.st_mtime > 24 * 3600:
            with contextlib.suppress(OSError):
                os.utime(path)  # in use: not to be pruned as unused
        header = MAGIC + code_fingerprint()
        payload = raw[len(header) + 32:]
        if (not raw.startswith(header)
                or raw[len(header):len(header) + 32] != hashlib.sha256(payload).digest()):
            return None
        with collector_paused():  # unpickling makes many objects and frees none (4x as fast)
            files, findings = pickle.loads(payload)
        if isinstance(files, dict) and isinstance(findings, dict):
            return files, findings
    except Exception:  # damaged, truncated, from elsewhere: start afresh
        pass
    return None


def _prune(folder: Path, keep: Path) -> None:
    """Remove cache files unused for MAX_AGE_S (another data folder, a moved one) and
    temporary files a killed process left behind."""
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.path == str(keep) or not entry.name.endswith((".pickle", ".tmp")):
                continue
            with contextlib.suppress(OSError):
                age = now - entry.stat(follow_symlinks=False).st_mtime
                if age > (MAX_AGE_S if entry.name.endswith(".pickle") else 3600):
                    os.unlink(entry.path)


def clear() -> int:
    """Remove every cache file; the number removed."""
    removed = 0
    with contextlib.suppress(OSError), os.scandir(cache_dir()) as entries:
        for entry in entries:
            if entry.name.endswith((".pickle", ".tmp")):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed
