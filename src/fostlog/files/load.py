"""data/ -> (Repository, [Diagnostic]).

Reads every file of the data repository safely (see yamlsafe), validates each against its
pydantic model, and turns validation errors into Diagnostics at the line of the offending
key, in plain words. A record that fails validation is left out; the rest of its file
is still loaded so that one typo does not hide every other problem.

What loading a file produced (its records, positions and diagnostics) is kept in the
cache (cache.py) under the file's key, and used instead of reading the file again while
the file is unchanged: a question on an unchanged folder neither parses YAML nor
validates a record, and the records of a kind stay in the cache until a query reads
them. `lint` ties loading and the cross-file checks together, and takes the checks'
findings from the cache when not one file changed; after an edit, each check's own from
the cache when none of the kinds it reads (checks.reads) changed.
"""

from __future__ import annotations

import hashlib
import os
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fnmatch import fnmatchcase
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, NamedTuple

from fostlog.core import rules
from fostlog.core.diagnostics import CheckFindings, Diagnostic
from fostlog.core.kinds import BY_NAME, FOLDER_LISTING, KINDS, FileKind
from fostlog.core.models import Meeting, Origin, Record
from fostlog.core.repository import (
    INDEXES_OF_MEETINGS_HELD,
    MinutesIndex,
    Repository,
    display_path,
)
from fostlog.files import cache
from fostlog.files.cache import DeferredPositions, FileEntry, Store
from fostlog.files.safefiles import MAX_FILE_BYTES, read_regular, regular_status, within

if TYPE_CHECKING:
    from fostlog.files.yamlsafe import ParsedFile

# (Repository attribute, record) for each record a file holds, in file order.
Records = list[tuple[str, Record]]


def _validate_file(parsed: ParsedFile, kind: FileKind) -> Any:
    """Validate a parsed file; on failure keep the records that are valid on their own."""
    from pydantic import ValidationError

    from fostlog.files.explain import validation_diagnostics

    if parsed.data is None:
        parsed.diagnostics.append(rules.FILE_EMPTY.at(parsed.file, 1, 1, "This file is empty."))
        return None
    try:
        return kind.model.model_validate(parsed.data)
    except ValidationError as error:
        parsed.diagnostics.extend(validation_diagnostics(parsed, error, kind.model))
    if not kind.lists or not isinstance(parsed.data, dict):
        return None
    salvaged: dict[str, list[Record]] = {}
    for record_list in kind.lists:
        items = parsed.data.get(record_list.key)
        salvaged[record_list.key] = []
        for item in items if isinstance(items, list) else []:
            try:
                salvaged[record_list.key].append(record_list.model.model_validate(item))
            except ValidationError:
                continue  # already reported by the whole-file validation above
    return kind.model.model_construct(None, **salvaged)


def _records_of(kind: FileKind, value: Any, file: str) -> Records:
    """A validated file's records, where the kind says they live, with their origins."""
    found: Records = []
    if kind.lists:
        for record_list in kind.lists:
            for index, record in enumerate(getattr(value, record_list.key)):
                record.set_origin(Origin(file=file, path=(record_list.key, index)))
                found.append((record_list.into, record))
    elif kind.into is not None:
        value.set_origin(Origin(file=file))
        found.append((kind.into, value))
    return found


@dataclass
class _File:
    """What loading one file gave."""

    name: str
    records: Records
    positions: bytes  # cache.pack_positions: a tenth of the memory of the dict
    diagnostics: list[Diagnostic]
    values: int = -1  # yamlsafe.ParsedFile.values


def _from_parsed(parsed: ParsedFile, kind: FileKind) -> _File:
    records: Records = []
    if parsed.ok:
        value = _validate_file(parsed, kind)
        if value is not None:
            records = _records_of(kind, value, parsed.file)
    return _File(parsed.file, records, cache.pack_positions(parsed.positions),
                 parsed.diagnostics, parsed.values)


def _parse(raw: bytes, name: str, kind: FileKind) -> _File:
    from fostlog.files.yamlsafe import parse_yaml_text

    return _from_parsed(parse_yaml_text(raw, name, kind.max_values), kind)


def _read_uncached(path: str, name: str, kind: FileKind, inside: str | None = None) -> _File:
    """A file that cannot be read in one go (missing, too large, unreadable, not a regular
    file, a link out of the folder `inside`): the safe reader says why, and nothing is
    cached."""
    from fostlog.files.yamlsafe import read_yaml_file

    return _from_parsed(read_yaml_file(Path(path), name, inside=inside,
                                       max_values=kind.max_values), kind)


def _missing(root: Path, kind: FileKind) -> Diagnostic:
    return rules.FILE_MISSING.at(
        display_path(root / kind.pattern), 1, 1,
        f"The data folder has no {kind.pattern}.",
        f"Create {kind.pattern} (see the README), or check the data folder is the right one.",
    )


class _Listing:
    """The names in the data folder and in each kind's folder, read once: they decide
    which files are loaded, and (as part of the checks' key) what the unexpected-file
    check finds."""

    def __init__(self, root: Path):
        self.root = root
        self.inside = os.path.realpath(root)  # no link out of it is followed
        self.folders: dict[str, list[str] | None] = {}
        self.refused: dict[str, str] = {}  # a kind's folder that is there, and why unread
        self.top = self._names(str(root))

    @staticmethod
    def _names(folder: str) -> list[str] | None:
        try:
            return sorted(os.listdir(folder))
        except OSError:
            return None

    def files_of(self, kind: FileKind, extra: Mapping[str, bytes]) -> list[str]:
        """The files of `kind`, as posix paths inside the data folder, in order."""
        folder = kind.folder
        if folder is None:
            present = self.top is not None and kind.pattern in self.top
            return [kind.pattern] if present or kind.pattern in extra else []
        if folder not in self.folders:
            self.folders[folder] = self._folder(folder)
        names = self.folders[folder] or []
        pattern = PurePosixPath(kind.pattern).name
        if any(ch in folder for ch in "*?["):
            found = [f"{folder}/{name}" for name in names if kind.matches(f"{folder}/{name}")]
        else:  # what kind.matches says, for a plain folder name, without a path per file
            found = [f"{folder}/{name}" for name in names if fnmatchcase(name, pattern)]
        added = [name for name in extra if name not in found and kind.matches(name)]
        return sorted(found + added) if added else found

    def _folder(self, folder: str) -> list[str] | None:
        """The names in a kind's folder; None, with the reason kept, when it is there but
        cannot be listed, is not a folder, or is a link out of the data folder."""
        path = str(self.root / folder)
        if not os.path.lexists(path):
            return None
        if not within(os.path.realpath(path), self.inside):
            self.refused[folder] = ("is a link to a folder outside the data folder; fostlog "
                                    "does not follow it")
            return None
        try:
            return sorted(os.listdir(path))
        except OSError as error:
            self.refused[folder] = f"cannot be read as a folder ({error.strerror or error})"
            return None

    def problems(self, name_of: Any) -> list[Diagnostic]:
        """A kind's folder that is there but was not read: said, since none of its files
        are checked."""
        return [rules.FILE_UNREADABLE.at(
            name_of(folder), 1, 1, f"{folder}/ {why}, so none of its files were read.",
            f"Make {folder} a folder of .yaml files inside the data folder that you may "
            "read.") for folder, why in sorted(self.refused.items())]

    def key(self) -> bytes:
        hasher = hashlib.sha256()
        hasher.update(repr((self.top, sorted(self.folders.items()))).encode(
            "utf-8", "surrogateescape"))
        return hasher.digest()


def _namer(root: Path) -> Any:
    """How each file is displayed: display_path(root / relative), worked out once for the
    folder (it costs a getcwd and a relative_to per file otherwise)."""
    base = display_path(root)
    if os.sep != "/" or base.endswith("/"):
        return lambda relative: display_path(root / relative)
    if base == ".":
        return lambda relative: relative
    return lambda relative: f"{base}/{relative}"


class _Progress:
    """A progress bar on stderr for a load that takes more than a second, on a terminal
    only: silent when stderr is piped, in CI, or when TERM is dumb."""

    def __init__(self, total: int):
        self.total = total
        self.start = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.on = (total >= 200 and sys.stderr.isatty() and not os.environ.get("CI")
                   and os.environ.get("TERM") != "dumb")

    def advance(self, done: int) -> None:
        if not self.on or done % 50:
            return
        if self.bar is None:
            if time.monotonic() - self.start < 1.0:
                return
            from rich.console import Console
            from rich.progress import Progress

            self.bar = Progress(console=Console(stderr=True), transient=True)
            self.bar.start()
            self.task = self.bar.add_task("reading the data files", total=self.total)
        self.bar.update(self.task, completed=done)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


@dataclass
class Loaded:
    """A loaded data folder, the cache it was loaded with, and the key under which the
    cross-file checks' findings can be kept: a hash of every file's bytes and the folder
    listings (None without a cache, or when a file could not be read whole). `parts`
    holds the same by kind name (and kinds.FOLDER_LISTING): each check's findings are
    kept under the parts it reads."""

    repo: Repository
    diagnostics: list[Diagnostic]
    store: Store | None = None
    checks_key: bytes | None = None
    parts: dict[str, bytes] | None = None
    meeting_files: list[tuple[str, str, bytes]] | None = None  # (relative, name, digest)

    def cached_checks(self) -> list[Diagnostic] | None:
        """The cross-file checks' findings from a run on exactly these files, if any."""
        if self.store is None or self.checks_key is None or os.environ.get("FOSTLOG_DEBUG"):
            return None
        return self.store.checks(self.checks_key)

    def run_checks(self) -> list[Diagnostic]:
        """Every check's findings: from the cache for a check none of whose kinds
        changed since it ran, else by running it (and kept)."""
        from fostlog import checks

        store, parts = self.store, self.parts
        if store is None or parts is None or os.environ.get("FOSTLOG_DEBUG"):
            return checks.run_checks(self.repo)
        by_meeting = self._by_meeting(store, parts)
        results = []
        for check in checks.CHECKS:
            outside = check in by_meeting  # its findings outside the meetings' files
            reads = checks.reads_of(check) - ({"meeting"} if outside else set())
            key = _key(_name(check), "outside" if outside else "", parts[""],
                       *(part.encode() + b"\0" + parts[part] for part in sorted(reads)))
            found = store.check_findings(key)
            if found is None:
                repo = checks.meeting_view(self.repo, [], BY_NAME) if outside else self.repo
                found = checks.run_check(repo, check)
                store.keep_check_findings(key, found)
            results.append(checks.merged([found, *by_meeting.get(check, [])]))
        return checks.combine(results)

    def _by_meeting(self, store: Store, parts: dict[str, bytes]
                    ) -> dict[Any, list[CheckFindings]]:
        """The findings of each check that looks at one meeting at a time, meeting by
        meeting: from the cache for a meeting file whose bytes, and a check whose context
        (the other kinds it reads), are as they were; else by running it on that meeting
        alone. An edited meeting is checked again alone, unpickling no other meeting."""
        from fostlog import checks

        if self.meeting_files is None:
            return {}
        split = [check for check in checks.CHECKS if check in checks.BY_MEETING]
        names = tuple(_name(check) for check in split)
        contexts = tuple(_key(parts[""], *(self._part(part, parts) for part in
                                           sorted(checks.BY_MEETING[check])))
                         for check in split)
        old = store.meeting_checks()
        still = [old is not None and old.names == names and old.contexts[at] == contexts[at]
                 for at in range(len(split))]
        files: dict[str, tuple[bytes, tuple[CheckFindings, ...]]] = {}
        for relative, name, digest in self.meeting_files:
            was = old.files.get(relative) if old is not None else None
            kept = was[1] if was is not None and was[0] == digest else None
            if kept is not None and all(still):
                files[relative] = (digest, kept)
                continue
            meetings = self.repo.meetings_in(name)
            found = []
            for at, check in enumerate(split):
                if kept is not None and still[at]:
                    found.append(kept[at])
                    continue
                view = checks.meeting_view(self.repo, meetings, checks.BY_MEETING[check])
                found.append(checks.in_files(checks.run_check(view, check), {name}))
            files[relative] = (digest, tuple(found))
        store.keep_meeting_checks(cache.MeetingChecks(names, contexts, files))
        return {check: [files[relative][1][at] for relative, _, _ in self.meeting_files]
                for at, check in enumerate(split)}

    def _part(self, part: str, parts: dict[str, bytes]) -> bytes:
        from fostlog.checks import ACTION_IDS

        if part == ACTION_IDS:
            return _key(*(action_id.encode() for action_id in self.repo.actions_by_id()))
        return part.encode() + b"\0" + parts[part]

    def keep_checks(self, found: list[Diagnostic]) -> None:
        if self.store is not None and self.checks_key is not None:
            self.store.keep_checks(self.checks_key, found)

    def save(self) -> None:
        if self.store is not None:
            self.store.save()


def _name(check: Any) -> bytes:
    return f"{check.__module__}.{check.__qualname__}".encode()


def _key(*parts: bytes | str) -> bytes:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update((part.encode() if isinstance(part, str) else part) + b"\0")
    return hasher.digest()


def load(root: Path, replace: Mapping[str, bytes] | None = None) -> Loaded:
    """Read the whole data directory, kind by kind, through the cache. `replace` gives
    the text of some files (posix paths inside the folder) instead of what is on disk:
    how an edit is checked before it is written. Never raises for anything in the data."""
    with cache.gc_paused():
        return _load(root, replace or {})


def _load(root: Path, replace: Mapping[str, bytes]) -> Loaded:
    repo = _DeferredRepository(root=root)
    diagnostics: list[Diagnostic] = []
    if not root.is_dir():
        diagnostics.append(rules.FILE_MISSING.at(
            display_path(root), 1, 1,
            f"There is no data folder at {root}.",
            "Give the path of the data folder, e.g. 'fostlog lint data'.",
        ))
        return Loaded(repo, diagnostics)
    store = Store.open(root)
    listing = _Listing(root)
    inside = listing.inside
    name_of = _namer(root)
    plan = [(kind, listing.files_of(kind, replace)) for kind in KINDS]
    diagnostics += listing.problems(name_of)
    repo.folder_names = {"": listing.top or [], **{
        folder: names for folder, names in listing.folders.items() if names is not None}}
    # First what each file is: its cache entry while it is unchanged, else a job.
    found: dict[str, _File | FileEntry] = {}
    digests: dict[str, bytes | None] = {}  # of each file's bytes: the checks' key
    jobs: list[_Job] = []
    for kind, relatives in plan:
        for relative in relatives:
            name, path = name_of(relative), f"{root}/{relative}"
            if relative in replace:
                found[relative], digests[relative] = _given(store, replace[relative],
                                                            relative, name, kind, path)
                continue
            checked_at, status = time.time_ns(), _stat(path, inside)
            if store is not None and status is not None:
                entry = store.entry(relative, path, checked_at, status)
                if entry is not None and entry.name == name:
                    found[relative], digests[relative] = entry, entry.digest
                    continue
            job = _Job(kind.name, relative, path, name, checked_at, status, inside=inside)
            known = _same_bytes(store, job)
            if isinstance(known, FileEntry):
                found[relative], digests[relative] = known, known.digest
            else:
                jobs.append(job._replace(raw=known))  # the bytes, if read to compare
    # Then read and validate the rest, in more than one process when there are many.
    for job, (loaded, digest) in zip(jobs, _read_all(jobs, store), strict=True):
        found[job.relative], digests[job.relative] = loaded, digest
    # And file the records kind by kind, in order, as if every file had been read now.
    for kind, relatives in plan:
        if not relatives and kind.folder is None and kind.required:
            diagnostics.append(_missing(root, kind))
        files = [(found.pop(relative), f"{root}/{relative}") for relative in relatives]
        for loaded, _ in files:
            repo.files.append(loaded.name)
            repo.positions[loaded.name] = DeferredPositions(loaded.positions)
            diagnostics.extend(loaded.diagnostics)
        if files and (kind.name == "meeting" or all(isinstance(f, FileEntry) for f, _ in files)):
            repo.defer(kind, files)  # the meetings wait even when some were read afresh
            continue
        files.reverse()
        while files:  # each file's pickled records go as soon as they are unpacked
            loaded, path = files.pop()
            records = (loaded.records if isinstance(loaded, _File)
                       else _unpacked(loaded, path, kind))
            for into, record in records:
                repo.add(into, record)
        _sort(repo, kind)
    checks_key = parts = None
    if store is not None and None not in digests.values():
        # By the files' bytes, not their stats: an edit checked before it is written (see
        # edit.errors_added) leaves the findings for the folder as the edit makes it.
        # "": where the folder is (findings name files as typed); then each kind's files.
        parts = {"": name_of("").encode("utf-8", "surrogateescape"),
                 FOLDER_LISTING: listing.key()}
        for kind, relatives in plan:
            part = hashlib.sha256()
            for relative in relatives:
                part.update(relative.encode("utf-8", "surrogateescape") + b"\0"
                            + (digests[relative] or b""))
            parts[kind.name] = part.digest()
        checks_key = hashlib.sha256(b"".join(parts.values())).digest()
        meeting_files = [(relative, name_of(relative), digests[relative] or b"")
                         for kind, relatives in plan if kind.name == "meeting"
                         for relative in relatives]
        return Loaded(repo, diagnostics, store, checks_key, parts, meeting_files)
    return Loaded(repo, diagnostics, store, checks_key, parts)




def _stat(path: str, inside: str) -> os.stat_result | None:
    """The stat of a regular file in the data folder (through links that stay inside it);
    None for anything else, which the safe reader then refuses, saying why, and which is
    never cached."""
    return regular_status(path, inside)[0]


def _given(store: Store | None, raw: bytes, relative: str, name: str,
           kind: FileKind, path: str) -> tuple[_File, bytes]:
    """A file's text given instead of the file: parsed (an edited register from the
    changed action alone, when it can be: reread.py), and kept as a spare entry, to be
    used if the file is then written with exactly this text."""
    loaded = _reread(store, raw, relative, name, kind, path) or _parse(raw, name, kind)
    found = cache.digest(raw)
    if store is not None:
        store.keep_spare(relative, _entry_of(loaded, (0, 0, 0, 0, 0), found, 0))
    return loaded, found


def _reread(store: Store | None, raw: bytes, relative: str, name: str, kind: FileKind,
            path: str) -> _File | None:
    """The file's new text read from the old one's cache entry and the changed action's
    lines (reread.py), if the entry holds for the bytes on disk; else None."""
    entry = store.entry_of(relative) if store is not None else None
    if entry is None or entry.name != name or entry.diagnostics or entry.values < 0:
        return None
    from fostlog.files import reread

    try:
        old = read_regular(path)
    except OSError:
        return None
    if cache.digest(old) != entry.digest:
        return None
    found = reread.changed_action(old, raw, entry, kind)
    if found is None:
        return None
    records, positions, values = found
    return _File(name, records, cache.pack_positions(positions), [], values)


def _entry_of(loaded: _File, key: cache.FileKey, found: bytes, checked_at: int) -> FileEntry:
    """What loading a file gave, as a cache entry for the file whose key is `key`."""
    return FileEntry(key, found, checked_at, loaded.name, cache.pack_records(loaded.records),
                     loaded.positions, tuple(loaded.diagnostics), _meetings_of(loaded.records),
                     loaded.values)


def _meetings_of(records: Records) -> tuple[tuple[date, tuple[str, ...]], ...]:
    """What FileEntry.meetings keeps of a file's meetings."""
    return tuple((record.date, tuple(record.actions_raised))  # type: ignore[attr-defined]
                 for into, record in records if into == "meetings")


def _same_bytes(store: Store | None, job: _Job) -> FileEntry | bytes | None:
    """For a file whose stat changed: an entry for its very bytes (it was touched, or
    written as an edit said it would be). Else its bytes, if they had to be read to find
    that out, or None."""
    status = job.status
    if (store is None or status is None or not store.has_bytes_of(job.relative)
            or status.st_size > MAX_FILE_BYTES):
        return None
    try:
        raw = read_regular(job.path)
    except OSError:
        return None
    return store.same_bytes(job.relative, job.name, cache.digest(raw), cache.key_of(status),
                            job.checked_at) or raw


def _sort(repo: Repository, kind: FileKind) -> None:
    if kind.into is not None and kind.sort_key is not None:
        getattr(repo, kind.into).sort(key=kind.sort_key)


def _unpacked(entry: FileEntry | _File, path: str, kind: FileKind) -> Records:
    """A cached file's records; if they cannot be read back, the file's, read again."""
    if isinstance(entry, _File):
        return entry.records
    records = cache.unpack_records(entry.records)
    if records is None:
        records = _read_uncached(path, entry.name, kind).records
    return records


class _Job(NamedTuple):
    """A file to read and validate, and what was known of it before: its stat (None when
    even that failed), the time just before it was taken, and its bytes if read."""

    kind: str
    relative: str
    path: str
    name: str
    checked_at: int
    status: os.stat_result | None
    raw: bytes | None = None
    inside: str | None = None  # the data folder, resolved: no link out of it is followed


Read = tuple[_File | FileEntry, bytes | None]


def _read(job: _Job, store: Store | None, pack: bool = False) -> Read:
    """Read and validate one file; keep its entry in the cache. The digest of its bytes
    is None when the file could not be read in one go (nothing is cached then). With
    `pack`, the result is an entry (records as bytes) even without a cache, to be sent
    between processes."""
    kind = BY_NAME[job.kind]
    if job.status is None or job.status.st_size > MAX_FILE_BYTES:
        return _read_uncached(job.path, job.name, kind, job.inside), None
    raw = job.raw
    if raw is None:
        try:
            raw = read_regular(job.path)
        except OSError:
            return _read_uncached(job.path, job.name, kind, job.inside), None
    found = _parse(raw, job.name, kind)
    digest = cache.digest(raw)
    if store is None and not pack:
        return found, digest
    entry = _entry_of(found, cache.key_of(job.status), digest, job.checked_at)
    if store is not None:
        store.keep(job.relative, entry)
    return (entry if pack else found), digest


def _read_share(jobs: list[_Job]) -> list[Read]:
    """A worker process's share of the files (the parent keeps them in the cache)."""
    return [_read(job, None, pack=True) for job in jobs]


PROCESS_MIN_FILES = 250  # files to read for a second process to pay for its start


def _processes(files: int) -> int:
    """How many processes read `files` files: FOSTLOG_JOBS (default 1), and each only
    for PROCESS_MIN_FILES files or more; only where processes start by fork, which is
    cheap and needs no re-import. One by default because it was measured not to pay on
    the machine of bench/RESULTS.md, whose two virtual CPUs run two processes at about
    1.2x the speed of one, while a second process costs 40 MB more at 10,000 meetings."""
    import multiprocessing

    wanted = os.environ.get("FOSTLOG_JOBS", "")
    count = min(int(wanted), os.cpu_count() or 1) if wanted.isdigit() else 1
    if count <= 1 or "fork" not in multiprocessing.get_all_start_methods() or (
            sys.platform == "darwin"):
        return 1
    return max(1, min(count, files // PROCESS_MIN_FILES))


def _shares(jobs: list[_Job], count: int) -> list[list[_Job]]:
    """The jobs in `count` shares of about equal bytes, each in order."""
    shares: list[list[_Job]] = [[] for _ in range(count)]
    sizes = [0] * count
    for job in jobs:
        least = sizes.index(min(sizes))
        shares[least].append(job)
        sizes[least] += job.status.st_size if job.status is not None else 0
    return shares


def _read_all(jobs: list[_Job], store: Store | None) -> list[Read]:
    """Every job's result, in order: the parsing and validating that dominates a first
    run on a large folder is shared among the cores (measured in bench/RESULTS.md)."""
    count = _processes(len(jobs)) if len(jobs) >= 2 * PROCESS_MIN_FILES else 1
    progress = _Progress(len(jobs))
    if count == 1:
        results = []
        for done, job in enumerate(jobs, 1):
            results.append(_read(job, store))
            progress.advance(done)
        progress.close()
        return results
    import multiprocessing

    shares = _shares(jobs, count)
    got: dict[str, Read] = {}
    try:
        pool = multiprocessing.get_context("fork").Pool(count - 1)
    except (OSError, ValueError):
        pool = None
    if pool is None:
        return [_read(job, store) for job in jobs]
    with pool:  # started before any progress thread: fork only a one-thread process
        asked = [pool.apply_async(_read_share, (share,)) for share in shares[1:]]
        for done, job in enumerate(shares[0], 1):
            got[job.relative] = _read(job, store)
            progress.advance(done * count)
        for share, answer in zip(shares[1:], asked, strict=True):
            try:
                results = answer.get()
            except Exception:  # a worker failed: read its share here
                results = [_read(job, None, pack=True) for job in share]
            for job, (loaded, digest) in zip(share, results, strict=True):
                if store is not None and isinstance(loaded, FileEntry):
                    store.keep(job.relative, loaded)
                got[job.relative] = (loaded, digest)
    progress.close()
    return [got[job.relative] for job in jobs]


Deferred = tuple[FileKind, list[tuple[FileEntry | _File, str]]]


class _DeferredRepository(Repository):
    """A Repository some of whose kinds are still in the cache: their records are
    unpickled the first time one of their attributes (or `every`) is read, so that a
    question about benchmarks does not pay for ten thousand meetings. To its users it is
    an ordinary Repository; nothing in it changes once read."""

    def defer(self, kind: FileKind, entries: list[tuple[FileEntry | _File, str]]) -> None:
        homes = kind.homes
        pending: dict[str, Deferred] = self.__dict__.setdefault("_pending", {})
        self.__dict__.setdefault("_every", self.__dict__.get("every"))
        if any(into in pending or into not in self.__dict__ for into in homes):
            for entry, path in entries:  # a home two kinds share: fill it now, in order
                for into, record in _unpacked(entry, path, kind):
                    self.add(into, record)
            _sort(self, kind)
            return
        for into in homes:
            pending[into] = (kind, entries)
            self.__dict__[f"_empty_{into}"] = self.__dict__.pop(into)
        self.__dict__.pop("every", None)

    def add(self, into: str, record: Record) -> None:
        if "every" in self.__dict__ or "_every" not in self.__dict__:
            super().add(into, record)
            return
        self.__dict__["every"] = self.__dict__["_every"]  # without filling what waits
        try:
            super().add(into, record)
        finally:
            del self.__dict__["every"]

    def __getattr__(self, name: str) -> Any:
        pending: dict[str, Deferred] | None = self.__dict__.get("_pending")
        if pending and (name in pending or name == "every"):
            for into in [name] if name in pending else list(pending):
                if into in pending:
                    self._materialize(*pending[into])
            return getattr(self, name)
        raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")

    def _index_minutes(self) -> list[MinutesIndex]:
        pending: dict[str, Deferred] | None = self.__dict__.get("_pending")
        if not pending or "meetings" not in pending:
            return super()._index_minutes()
        kind, entries = pending["meetings"]
        return [MinutesIndex(day, raised, partial(self._minutes_of, kind, number, day))
                for number, (entry, _) in enumerate(entries)
                for day, raised in (entry.meetings if isinstance(entry, FileEntry)
                                    else _meetings_of(entry.records))]

    def _minutes_of(self, kind: FileKind, number: int, day: date) -> Meeting:
        """The meeting of `day` in the kind's `number`th file, unpickling only that file
        (while the kind waits; after, the record the repository holds)."""
        pending: dict[str, Deferred] = self.__dict__["_pending"]
        if pending.get("meetings", (None,))[0] is kind:
            for into, record in self._file_records(kind, number, *pending["meetings"][1][number]):
                if into == "meetings" and record.date == day:  # type: ignore[attr-defined]
                    return record  # type: ignore[return-value]
        found = self.meeting(day)
        if found is None:  # the file changed as it was read: nothing sensible to give
            raise LookupError(f"no meeting of {day} in the data folder")
        return found

    def meetings_in(self, file: str) -> list[Meeting]:
        pending: dict[str, Deferred] | None = self.__dict__.get("_pending")
        if not pending or "meetings" not in pending:
            return super().meetings_in(file)
        kind, entries = pending["meetings"]
        numbers: dict[str, int] | None = self.__dict__.get("_meeting_file_numbers")
        if numbers is None:
            numbers = {entry.name: n for n, (entry, _) in enumerate(entries)}
            self.__dict__["_meeting_file_numbers"] = numbers
        if file not in numbers:
            return []
        records = self._file_records(kind, numbers[file], *entries[numbers[file]])
        return [record for into, record in records if isinstance(record, Meeting)]

    def _file_records(self, kind: FileKind, number: int, entry: FileEntry | _File,
                      path: str) -> Records:
        """One waiting file's records, unpickled once: the same objects when the whole kind
        is filled in later."""
        unpacked: dict[tuple[str, int], Records] = self.__dict__.setdefault("_unpacked", {})
        found = unpacked.get((kind.name, number))
        if found is None:
            found = unpacked[kind.name, number] = _unpacked(entry, path, kind)
        return found

    def _materialize(self, kind: FileKind, entries: list[tuple[FileEntry | _File, str]]
                     ) -> None:
        pending: dict[str, Deferred] = self.__dict__["_pending"]
        for into in [into for into, (other, _) in pending.items() if other is kind]:
            del pending[into]
            self.__dict__[into] = self.__dict__.pop(f"_empty_{into}")
        self.__dict__["every"] = self.__dict__["_every"]
        unpacked: dict[tuple[str, int], Records] = self.__dict__.get("_unpacked", {})
        # The indexes of the meetings held: their records are the ones filled in here.
        held = {name: self.__dict__[name] for name in INDEXES_OF_MEETINGS_HELD
                if name in self.__dict__}
        with cache.gc_paused():
            for number, (entry, path) in enumerate(entries):
                records = unpacked.pop((kind.name, number), None)
                for into, record in records or _unpacked(entry, path, kind):
                    self.add(into, record)
        self.__dict__.update(held)
        _sort(self, kind)
        if pending:
            del self.__dict__["every"]


def load_and_check(root: Path, replace: Mapping[str, bytes] | None = None
         ) -> tuple[Repository, list[Diagnostic]]:
    """Load a data directory and run every cross-file check (checks.CHECKS): the whole of
    `fostlog lint`, and what every question starts from. The checks' findings come from
    the cache when not one file has changed since they were found (then the checks are
    not even imported). `replace` gives the text of some files instead of what is on
    disk (see load)."""
    from fostlog.core.diagnostics import sort_diagnostics

    loaded = load(root, replace)
    diagnostics = loaded.diagnostics
    if root.is_dir():
        found = loaded.cached_checks()
        if found is None:
            found = loaded.run_checks()
            loaded.keep_checks(found)
        diagnostics += found
    loaded.save()
    return loaded.repo, sort_diagnostics(diagnostics)


def load_repository(root: Path) -> tuple[Repository, list[Diagnostic]]:
    """Read the whole data directory, kind by kind. Never raises for anything in the data."""
    loaded = load(root)
    loaded.save()
    return loaded.repo, loaded.diagnostics
