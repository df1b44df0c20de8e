"""A cache of what loading each data file produced, so that a question does not parse and
validate every file on every run (beancount keeps a pickle of its loaded ledger, and mypy
and ruff keep caches, for the same reason).

What is kept, for one data folder: per file, its validated records (with their origins),
the positions of its keys and its diagnostics, under the file's key: its size,
modification and change times in nanoseconds, inode and device, and a hash of its bytes.
An entry is used while the file's key is unchanged. The change time cannot be set by a
program, so a file rewritten with its old size and its modification time put back is
still seen to change. A file changed within MARGIN_NS of being read is "racy" (a second
write within one tick of a coarse file-system clock leaves every timestamp as it was):
its entry is used only once its bytes are found unchanged, as git does with its index.
A file whose key changed but whose bytes did not (touched, or written as an edit being
checked said it would be: a "spare" entry) is not validated again. The cross-file
checks' findings are kept under a hash of every file's bytes and the folder listings,
so they are reused when nothing at all changed (the last two states are kept: the
folder as it is and as a checked edit will leave it); and each check's own findings
under a hash of the bytes of only the kinds it reads (checks.reads), so after an edit
only the checks that read the edited kind run again. The checks that look at one meeting
at a time (checks.by_meeting) keep theirs meeting by meeting (MeetingChecks), so an edited
meeting is checked again alone; and each meeting file's entry keeps the meeting's day and
actions raised, which is all the checks across meetings and most questions need of it.

Where: $FOSTLOG_CACHE_DIR, else $XDG_CACHE_HOME/fostlog, else ~/.cache/fostlog; one file
per data folder and working directory (diagnostics name files as they were typed).
Bypassed when FOSTLOG_NO_CACHE is set (`fostlog --no-cache` sets it).

Trust: the cache is a pickle, and unpickling runs code. So a cache file is read only when
it is a regular file (not a link) owned by the current user and writable by nobody else;
its header must carry this very fostlog's fingerprint (its source files, Python, pydantic
and PyYAML), and every frame its length and checksum (a file's records, in a frame of
their own, are checked when a question first reads them, from the same open file; damaged,
the data file is read again). Anything else is ignored and the cache rebuilt: a cache is
never a reason to fail. It is written to a temporary file
(mode 0600) and renamed into place, so a reader sees an old cache or a new one, never
half of one; two processes filling it at once each write a whole one, and the last
rename wins.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import pickle
import stat
import struct
import sys
import time
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from fostlog.core.diagnostics import CheckFindings, Diagnostic
from fostlog.files.gcpause import collector_paused

ENV_OFF = "FOSTLOG_NO_CACHE"
ENV_DIR = "FOSTLOG_CACHE_DIR"

FORMAT = 5  # bump when the layout of an entry changes
MAGIC = b"fostlog-cache\n"
_FRAME = struct.Struct("<IIB")  # a frame's length, CRC-32 and kind
_ITEMS, _RECORDS = 0, 1  # a pickled batch of items; one file's pickled records
# Timestamps come from a coarse clock (a few ms; a second or two on some file systems,
# and a file server's clock may differ from ours): within this of the read, trust bytes.
MARGIN_NS = 3_000_000_000
# Racy entries found unchanged (by their bytes) that make the cache worth rewriting just
# to record when they were verified; fewer are simply verified again next time.
VERIFIED_BEFORE_SAVING = 100
MAX_AGE_S = 30 * 24 * 3600  # a cache file unused this long (another folder, say) is removed

FileKey = tuple[int, int, int, int, int]  # size, mtime_ns, ctime_ns, inode, device


class RecordsAt(NamedTuple):
    """Where a file's pickled records are in the cache file, and their CRC-32."""

    offset: int
    length: int
    crc: int


class _OpenCache:
    """A cache file as opened and trusted, kept open while an entry read from it may
    still need its records (closed when the last such entry is gone)."""

    def __init__(self, descriptor: int):
        self.descriptor = descriptor

    def read(self, where: RecordsAt) -> bytes | None:
        try:
            found = os.pread(self.descriptor, where.length, where.offset)
        except (OSError, ValueError):
            return None
        if len(found) != where.length or zlib.crc32(found) != where.crc:
            return None  # damaged since: the file is read again
        return found

    def __del__(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.descriptor)


class LazyRecords:
    """A file's pickled records still in the cache file: a question that never asks for
    a kind's records reads none of them (at 10,000 meetings, 30 MB not read at all)."""

    __slots__ = ("opened", "where")

    def __init__(self, opened: _OpenCache, where: RecordsAt):
        self.opened = opened
        self.where = where

    def read(self) -> bytes | None:
        return self.opened.read(self.where)

    def __len__(self) -> int:
        return self.where.length


class FileEntry(NamedTuple):
    """What loading one file produced, and the key of the file it was loaded from."""

    key: FileKey
    digest: bytes  # a hash of the bytes read, checked when the entry is racy
    checked_at: int  # time.time_ns() just before the file was stat'ed (or last verified)
    name: str  # the file as displayed (and as records' origins name it)
    # pickle of [(Repository attribute, record), ...]; from a cache file, read from it
    # when first asked for
    records: bytes | LazyRecords
    positions: bytes  # see pack_positions
    diagnostics: tuple[Diagnostic, ...]
    # Each meeting among the records, in order, as (its day, the actions it raised): what
    # questions and cross-file checks need of the meetings held without unpickling them
    # (repository.MinutesIndex, load._DeferredRepository).
    meetings: tuple[tuple[date, tuple[str, ...]], ...] = ()
    values: int = -1  # the values the file holds (yamlsafe.ParsedFile.values): -1, unknown

    @property
    def racy(self) -> bool:
        return max(self.key[1], self.key[2]) >= self.checked_at - MARGIN_NS


def enabled() -> bool:
    # Pickles are trusted only by owner and mode, which need POSIX users.
    return not os.environ.get(ENV_OFF) and hasattr(os, "geteuid")


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


def pack_records(records: list[tuple[str, Any]]) -> bytes:
    return pickle.dumps(records, protocol=pickle.HIGHEST_PROTOCOL)


def unpack_records(blob: bytes | LazyRecords) -> list[tuple[str, Any]] | None:
    """The records of an entry; None if they cannot be read back (the file is re-read)."""
    raw = blob.read() if isinstance(blob, LazyRecords) else blob
    if raw is None:
        return None
    try:
        found = pickle.loads(raw)
    except Exception:
        return None
    return found if isinstance(found, list) else None


def pack_positions(positions: dict[Any, Any]) -> bytes:
    """Positions as bytes: marshal for keys of text and numbers (fast), else pickle (a
    YAML key can be a date), compressed: they are a quarter of the size, and at 10,000
    meetings that is 18 MB less to hold for files that nothing points into."""
    try:
        return b"m" + zlib.compress(marshal.dumps(positions), 1)
    except ValueError:
        return b"p" + zlib.compress(pickle.dumps(positions, protocol=pickle.HIGHEST_PROTOCOL), 1)


def unpack_positions(blob: bytes) -> dict[Any, Any]:
    try:
        raw = zlib.decompress(blob[1:])
        found = marshal.loads(raw) if blob[:1] == b"m" else pickle.loads(raw)
    except Exception:
        return {}
    return found if isinstance(found, dict) else {}


class DeferredPositions(dict[Any, Any]):
    """A file's positions, kept as bytes until first asked for: most files are never
    pointed at, and the bytes take a fraction of the memory of the dict."""

    def __init__(self, blob: bytes):
        super().__init__()
        self._blob: bytes | None = blob

    def _fill(self) -> None:
        if self._blob is not None:
            blob, self._blob = self._blob, None
            self.update(unpack_positions(blob))

    def __missing__(self, key: Any) -> Any:
        if self._blob is None:
            raise KeyError(key)
        self._fill()
        return self[key]

    def get(self, key: Any, default: Any = None) -> Any:
        self._fill()
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self._fill()
        return super().__contains__(key)

    def __iter__(self) -> Iterator[Any]:
        self._fill()
        return super().__iter__()

    def __len__(self) -> int:
        self._fill()
        return super().__len__()

    def keys(self) -> Any:
        self._fill()
        return super().keys()

    def values(self) -> Any:
        self._fill()
        return super().values()

    def items(self) -> Any:
        self._fill()
        return super().items()

    def __eq__(self, other: object) -> bool:
        self._fill()
        return super().__eq__(other)

    __hash__ = None

    def __repr__(self) -> str:
        self._fill()
        return super().__repr__()

    def __reduce__(self) -> Any:
        self._fill()
        return (dict, (dict(self),))


# Objects made by one load (or one kind filled in from the cache: 10,000 actions make
# 195,000) above which they are frozen; see gc_paused. Loads of a small folder, as in the
# tests, stay below it.
FREEZE_ABOVE = 100_000


def gc_paused() -> contextlib.AbstractContextManager[None]:
    """The collector paused while loading, and a large load's objects frozen after."""
    return collector_paused(freeze_above=FREEZE_ABOVE)


# --- the fingerprint of this fostlog -------------------------------------------------------

_code: bytes | None = None


def code_fingerprint() -> bytes:
    """What decides what loading a file produces: fostlog's own source files and bundled
    data (the models, so their schemas, and the wording of every diagnostic among them),
    each by its path, size, times and inode (any edit, install or checkout changes one;
    reading them all would cost more than the rest of a warm start), and the cache
    format, Python, pydantic and PyYAML (found, not imported)."""
    global _code
    if _code is not None:
        return _code
    import importlib.util

    import pydantic_core
    from pydantic.version import VERSION

    hasher = hashlib.sha256()
    hasher.update(f"{FORMAT}\0{sys.version}\0{VERSION}\0{pydantic_core.__version__}\0"
                  .encode())
    package = Path(__file__).resolve().parent
    for folder, dirs, files in sorted(os.walk(package)):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith((".py", ".csv")):
                with contextlib.suppress(OSError):
                    hasher.update(f"{folder}/{name}\0{key_of(os.stat(Path(folder, name)))}\0"
                                  .encode("utf-8", "surrogateescape"))
    with contextlib.suppress(Exception):
        spec = importlib.util.find_spec("yaml")
        if spec is not None and spec.origin:
            hasher.update(f"{spec.origin}\0{key_of(os.stat(spec.origin))}".encode())
    _code = hasher.digest()
    return _code


# --- one data folder's cache ---------------------------------------------------------------


Checks = tuple[bytes, tuple[Diagnostic, ...]]
CHECKS_KEPT = 2  # the findings for the folder as it is, and as an edit being checked leaves it
# Entries of single checks kept: the 32 checks' findings for about three states of the
# folder (as it is, as an edit being checked leaves it, and before).
CHECK_ENTRIES_KEPT = 100


class MeetingChecks(NamedTuple):
    """The findings of the checks that look at one meeting at a time (checks.by_meeting),
    meeting by meeting, for the folder as last checked: each check's name and the key of
    what it read besides the meeting (its context), and per meeting file its digest and
    each check's findings in it."""

    names: tuple[bytes, ...]
    contexts: tuple[bytes, ...]
    files: dict[str, tuple[bytes, tuple[CheckFindings, ...]]]


class Store:
    """The cache of one data folder: read once, updated as files are loaded, written back
    at the end when anything changed.

    The file is the header (MAGIC, then the fingerprint) and frames, each its length, its
    CRC-32, its kind and either one file's pickled records (skipped on opening) or a
    pickle of a batch of items: ("file", path, entry, RecordsAt), ("spare", path, entry,
    RecordsAt) (the entry without its records, and where they are), ("checks", key,
    diagnostics), ("check", key, one check's findings), ("by-meeting", MeetingChecks)
    and, last, ("end",). Entries of
    files read afresh are written out as they come (so a first run on a large folder
    holds no second copy of its records), to a temporary file that replaces the cache at
    the end.

    A spare entry is what a file's text given instead of the file (an edit being
    checked) gave: when the file is then found with exactly those bytes, it is used."""

    def __init__(self, path: Path, fingerprint: bytes, files: dict[str, FileEntry],
                 spares: dict[str, FileEntry], checks: list[Checks],
                 each: dict[bytes, CheckFindings] | None = None,
                 meeting_checks: MeetingChecks | None = None):
        self.path = path
        self.fingerprint = fingerprint
        self._old = files
        self._kept: dict[str, FileEntry | None] = {}  # None: already written out
        self._digests: dict[str, bytes] = {}  # of each file as found in this run
        self._spares = spares
        self._checks = checks
        self._each_old = each or {}  # one check's findings, by the key of what it read
        self._each_used: dict[bytes, CheckFindings] = {}  # used or found in this run
        self._dirty = False
        self._verified = 0  # racy entries whose bytes were found unchanged in this run
        self._out: _Writer | None = None
        self._meeting_checks = meeting_checks
        self._unwritable = False  # the cache cannot be written: do not try for each file

    @classmethod
    def open(cls, root: Path) -> Store | None:
        """The cache of `root` as read from disk (empty if there is none or it cannot be
        trusted); None when the cache is off."""
        if not enabled():
            return None
        try:
            where = f"{root.resolve()}\0{root}\0{os.getcwd()}"
        except (OSError, RuntimeError):
            return None
        fingerprint = hashlib.sha256(
            code_fingerprint() + where.encode("utf-8", "surrogateescape")).digest()
        path = cache_dir() / f"{fingerprint.hex()[:32]}.pickle"
        return cls(path, fingerprint, *_read(path, fingerprint))

    def entry(self, relative: str, path: str, checked_at: int,
              status: os.stat_result) -> FileEntry | None:
        """The entry for a file whose stat is `status`, if it still describes the file."""
        old = self._old.get(relative)
        if old is None or old.key != key_of(status):
            return None
        if old.racy:
            try:
                with open(path, "rb") as handle:
                    same = digest(handle.read(status.st_size + 1)) == old.digest
            except OSError:
                return None
            if not same:
                return None
            old = old._replace(checked_at=checked_at)  # verified now: perhaps no longer racy
            self._verified += 1
        self._kept[relative] = old
        self._digests[relative] = old.digest
        return old

    def entry_of(self, relative: str) -> FileEntry | None:
        """The entry the cache held for a file when it was opened, whatever the file is now."""
        return self._old.get(relative)

    def has_bytes_of(self, relative: str) -> bool:
        """Whether some entry might hold what this file's bytes give, if it changed."""
        return relative in self._old or relative in self._spares

    def same_bytes(self, relative: str, name: str, found: bytes, key: FileKey,
                   checked_at: int) -> FileEntry | None:
        """An entry for exactly these bytes (`found` is their digest), taken over for the
        file as it is now: a file touched, or written as an edit said it would be."""
        for entry in (self._old.get(relative), self._spares.get(relative)):
            if entry is not None and entry.digest == found and entry.name == name:
                entry = entry._replace(key=key, checked_at=checked_at)
                self.keep(relative, entry)
                return entry
        return None

    def keep(self, relative: str, entry: FileEntry) -> None:
        """A new entry: written out at once (a failure to write only drops the cache)."""
        self._dirty = True
        self._digests[relative] = entry.digest
        if self._unwritable:
            return
        self._kept[relative] = entry
        try:
            if self._out is None:
                self._out = _Writer(self.path, self.fingerprint)
            self._out.add(("file", relative, entry))
            self._kept[relative] = None
        except OSError:
            if self._out is not None:
                self._out.abandon()
            self._out, self._unwritable = None, True

    def keep_spare(self, relative: str, entry: FileEntry) -> None:
        self._spares[relative] = entry
        self._dirty = True

    def checks(self, key: bytes) -> list[Diagnostic] | None:
        for kept, found in self._checks:
            if kept == key:
                return list(found)
        return None

    def keep_checks(self, key: bytes, found: list[Diagnostic]) -> None:
        others = [kept for kept in self._checks if kept[0] != key]
        self._checks = [(key, tuple(found)), *others][:CHECKS_KEPT]
        self._dirty = True

    def check_findings(self, key: bytes) -> CheckFindings | None:
        """One check's findings, kept under the key of exactly what it reads."""
        found = self._each_used.get(key)
        if found is None:
            found = self._each_old.pop(key, None)
            if found is not None:
                self._each_used[key] = found
        return found

    def keep_check_findings(self, key: bytes, found: CheckFindings) -> None:
        self._each_used[key] = found
        self._dirty = True

    def meeting_checks(self) -> MeetingChecks | None:
        return self._meeting_checks

    def keep_meeting_checks(self, found: MeetingChecks) -> None:
        if found != self._meeting_checks:
            self._meeting_checks = found
            self._dirty = True

    def save(self) -> None:
        """Write the cache back if anything changed; a failure to write is ignored (the
        next run rebuilds what it needs)."""
        # Racy entries verified alone are saved (with the time they were verified) only
        # when many: rewriting a 37 MB cache costs more than hashing a few files again.
        dirty = self._dirty or self._verified > VERIFIED_BEFORE_SAVING
        if self._unwritable or (not dirty and self._kept.keys() == self._old.keys()):
            if self._out is not None:
                self._out.abandon()
            return
        spares = {relative: entry for relative, entry in self._spares.items()
                  if self._digests.get(relative) != entry.digest}  # else no longer spare
        try:
            out = self._out or _Writer(self.path, self.fingerprint)
            self._out = None
            try:
                for relative, entry in self._kept.items():
                    if entry is not None:
                        out.add(("file", relative, entry))
                for relative, entry in spares.items():
                    out.add(("spare", relative, entry))
                for checks in reversed(self._checks):
                    out.add(("checks", *checks))
                each = [*self._each_used.items(), *self._each_old.items()]
                for key, found in each[:CHECK_ENTRIES_KEPT]:
                    out.add(("check", key, found))
                if self._meeting_checks is not None:
                    out.add(("by-meeting", self._meeting_checks))
                out.finish()
            except BaseException:
                out.abandon()
                raise
            _prune(self.path.parent, keep=self.path)
        except OSError:
            return
        self._old = {}  # saved: a second save writes only what changes after this
        self._kept, self._dirty, self._verified = {}, False, 0
        self._each_old = dict(each[:CHECK_ENTRIES_KEPT])
        self._each_used = {}


class _Writer:
    """A new cache file being written: frames to a private temporary file, renamed over
    the cache by finish()."""

    BATCH = 1 << 20  # bytes of pickled entries per frame

    def __init__(self, path: Path, fingerprint: bytes):
        import tempfile

        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, self.temporary = tempfile.mkstemp(  # mode 0600
            dir=path.parent, prefix=f".{path.stem}.", suffix=".tmp")
        self.handle = os.fdopen(descriptor, "wb")
        self.handle.write(MAGIC + fingerprint)
        self.batch: list[Any] = []
        self.size = 0

    def add(self, item: Any) -> None:
        """Add an item; a file's records are written at once, in a frame of their own
        that a reader skips until they are asked for (an entry whose records can no
        longer be read from the old cache is left out: its file is read again)."""
        if item[0] in ("file", "spare"):
            entry = item[2]
            records = entry.records
            if isinstance(records, LazyRecords):
                records = records.read()
            if not isinstance(records, bytes):
                return
            self.handle.write(_FRAME.pack(len(records), 0, _RECORDS))
            where = RecordsAt(self.handle.tell(), len(records), zlib.crc32(records))
            self.handle.write(records)
            item = (item[0], item[1], entry._replace(records=b""), where)
            self.size += len(entry.positions)
        self.batch.append(item)
        if self.size >= self.BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.batch:
            frame = pickle.dumps(self.batch, protocol=pickle.HIGHEST_PROTOCOL)
            self.handle.write(_FRAME.pack(len(frame), zlib.crc32(frame), _ITEMS) + frame)
            self.batch, self.size = [], 0

    def finish(self) -> None:
        self.batch.append(("end",))
        self._flush()
        self.handle.close()
        os.replace(self.temporary, self.path)

    def abandon(self) -> None:
        with contextlib.suppress(OSError):
            self.handle.close()
        with contextlib.suppress(OSError):
            os.unlink(self.temporary)


def trusted(status: os.stat_result) -> bool:
    """A file only this user could have written: a regular file, ours, not writable by
    group or others."""
    return (stat.S_ISREG(status.st_mode) and status.st_uid == os.geteuid()
            and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH))


Found = tuple[dict[str, FileEntry], dict[str, FileEntry], list[Checks],
              dict[bytes, CheckFindings], MeetingChecks | None]


def _nothing() -> Found:
    return {}, {}, [], {}, None


def _read(path: Path, fingerprint: bytes) -> Found:
    """The entries, spare entries and checks' findings of the cache file at `path`, if
    it can be trusted and is whole and of this fostlog; else nothing. The file stays open
    while an entry's records, not yet read, are in it."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError:
        return _nothing()
    opened = _OpenCache(descriptor)  # closes the descriptor once nothing needs it
    try:
        status = os.fstat(descriptor)
        if not trusted(status):
            return _nothing()
        if time.time() - status.st_mtime > 24 * 3600:
            with contextlib.suppress(OSError):
                os.utime(descriptor)  # in use: not to be pruned as unused
        with os.fdopen(descriptor, "rb", closefd=False) as handle, gc_paused():
            return _frames(handle, fingerprint, opened)
    except Exception:  # damaged, truncated, from elsewhere: start afresh
        return _nothing()


def _frames(handle: Any, fingerprint: bytes, opened: _OpenCache) -> Found:
    if handle.read(len(MAGIC) + len(fingerprint)) != MAGIC + fingerprint:
        return _nothing()
    files: dict[str, FileEntry] = {}
    spares: dict[str, FileEntry] = {}
    checks: list[Checks] = []
    each: dict[bytes, CheckFindings] = {}
    by_meeting: MeetingChecks | None = None
    while True:
        head = handle.read(_FRAME.size)
        if len(head) != _FRAME.size:
            return _nothing()  # no end: a cache cut short
        length, crc, kind = _FRAME.unpack(head)
        if kind == _RECORDS:
            handle.seek(length, os.SEEK_CUR)  # read when asked for, and checked then
            continue
        frame = handle.read(length)
        if kind != _ITEMS or len(frame) != length or zlib.crc32(frame) != crc:
            return _nothing()
        for item in pickle.loads(frame):
            if (item[0] in ("file", "spare") and len(item) == 4
                    and isinstance(item[2], FileEntry) and isinstance(item[3], RecordsAt)):
                entry = item[2]._replace(records=LazyRecords(opened, item[3]))
                (files if item[0] == "file" else spares)[item[1]] = entry
            elif item[0] == "checks":
                checks.insert(0, (item[1], tuple(item[2])))
            elif item[0] == "check" and isinstance(item[2], tuple) and len(item[2]) == 2:
                each[item[1]] = item[2]
            elif item[0] == "by-meeting" and isinstance(item[1], MeetingChecks):
                by_meeting = item[1]
            elif item[0] == "end":
                return files, spares, checks, each, by_meeting
            else:
                return _nothing()


def _prune(folder: Path, keep: Path) -> None:
    """Remove cache files not used for MAX_AGE_S (another data folder, a moved one) and
    temporary files a killed process left behind."""
    now = time.time()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            name = entry.name
            if entry.path == str(keep) or not name.endswith((".pickle", ".tmp")):
                continue
            with contextlib.suppress(OSError):
                age = now - entry.stat(follow_symlinks=False).st_mtime
                if age > (MAX_AGE_S if name.endswith(".pickle") else 3600):
                    os.unlink(entry.path)


def clear() -> int:
    """Remove every cache file; the number removed."""
    removed = 0
    folder = cache_dir()
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.endswith((".pickle", ".tmp")):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
                    removed += 1
    return removed
