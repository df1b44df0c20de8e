"""data/ -> (Repository, [Diagnostic]).

Reads every file of the data repository safely (see yamlsafe), validates each against its
pydantic model, and turns validation errors into Diagnostics at the line of the offending
key, in plain words. A record that fails validation is left out; the rest of its file
is still loaded so that one typo does not hide every other problem.

What loading each file gave is kept in the cache (cache.py) while the file is unchanged,
and so are the cross-file checks' findings while no file changed. `load_and_check` is the
whole of `fostlog lint`, and what every question and edit starts from.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import pickle
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass
from fnmatch import fnmatchcase
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.kinds import KINDS, FileKind
from fostlog.core.models import Origin, Record
from fostlog.core.repository import Repository, display_path
from fostlog.files.cache import Cache, FileEntry, collector_paused, digest, key_of
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
                found.append((record_list.attribute, record))
    elif kind.attribute is not None:
        value.set_origin(Origin(file=file))
        found.append((kind.attribute, value))
    return found


def _from_parsed(parsed: ParsedFile, kind: FileKind) -> FileEntry:
    """What a parsed file gives, as a cache entry not yet keyed to a file on disk."""
    records: Records = []
    if parsed.ok:
        value = _validate_file(parsed, kind)
        if value is not None:
            records = _records_of(kind, value, parsed.file)
    return FileEntry((0, 0, 0, 0, 0), b"", 0, parsed.file, records,
                     pickle.dumps(parsed.positions, protocol=pickle.HIGHEST_PROTOCOL),
                     tuple(parsed.diagnostics))


def _parse(raw: bytes, name: str, kind: FileKind) -> FileEntry:
    from fostlog.files.yamlsafe import parse_yaml_text

    return _from_parsed(parse_yaml_text(raw, name, kind.max_values), kind)


def _read_refused(path: str, name: str, kind: FileKind, inside: str) -> FileEntry:
    """A file that cannot be read in one go (missing, too large, unreadable, not a regular
    file, a link out of the folder `inside`): the safe reader says why."""
    from fostlog.files.yamlsafe import read_yaml_file

    return _from_parsed(read_yaml_file(Path(path), name, inside=inside,
                                       max_values=kind.max_values), kind)


def _missing(root: Path, kind: FileKind) -> Diagnostic:
    inner = root / "data"
    if (inner / kind.pattern).is_file():  # the project folder given for its data folder
        shown = display_path(inner)
        shown = shown if "/" in shown else f"./{shown}"
        hint = (f"This looks like the project folder: the data is in {shown} (give that as "
                f"the data folder, e.g. 'fostlog lint {shown}').")
    else:
        hint = (f"Create {kind.pattern} (see the documentation, docs/data.md), or check the "
                "data folder is the right one.")
    return rules.FILE_MISSING.at(
        display_path(root / kind.pattern), 1, 1, f"The data folder has no {kind.pattern}.", hint)


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
        self.done = 0
        self.start = time.monotonic()
        self.bar: Any = None
        self.task: Any = None
        self.on = (total >= 200 and sys.stderr.isatty() and not os.environ.get("CI")
                   and os.environ.get("TERM") != "dumb")

    def advance(self) -> None:
        self.done += 1
        done = self.done
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
    cross-file checks' findings are kept: a hash of every file's bytes and the folder
    listings (None when a file could not be read whole)."""

    repo: Repository
    diagnostics: list[Diagnostic]
    cache: Cache | None = None
    checks_key: bytes | None = None


def load(root: Path, replace: Mapping[str, bytes] | None = None) -> Loaded:
    """Read the whole data folder, kind by kind, through the cache. `replace` gives the
    text of some files (posix paths inside the folder) instead of what is on disk: how an
    edit is checked before it is written. Never raises for anything in the data."""
    replace = replace or {}
    repo = Repository(root=root)
    if not root.is_dir():
        return Loaded(repo, [rules.FILE_MISSING.at(
            display_path(root), 1, 1,
            f"There is no data folder at {root}.",
            "Give the path of the data folder, e.g. 'fostlog lint data'.",
        )])
    cache = Cache.open(root)
    listing = _Listing(root)
    name_of = _namer(root)
    plan = [(kind, listing.files_of(kind, replace)) for kind in KINDS]
    diagnostics = listing.problems(name_of)
    repo.folder_names = {"": listing.top or [], **{
        folder: names for folder, names in listing.folders.items() if names is not None}}
    checks_key: Any = hashlib.sha256(repr((name_of(""), listing.top, sorted(
        listing.folders.items()))).encode("utf-8", "surrogateescape"))
    progress = _Progress(sum(len(relatives) for _, relatives in plan))
    with collector_paused():
        for kind, relatives in plan:
            if not relatives and kind.folder is None and kind.required:
                diagnostics.append(_missing(root, kind))
            for relative in relatives:
                name, path = name_of(relative), f"{root}/{relative}"
                if relative in replace:
                    loaded = _parse(replace[relative], name, kind)
                    bytes_digest: bytes | None = digest(replace[relative])
                else:
                    loaded, bytes_digest = _load_file(cache, kind, relative, name, path,
                                                      listing.inside)
                if checks_key is not None and bytes_digest is not None:
                    checks_key.update(f"{relative}\0".encode("utf-8", "surrogateescape")
                                      + bytes_digest)
                else:
                    checks_key = None
                repo.files.append(name)
                repo.positions[name] = loaded.positions
                diagnostics.extend(loaded.diagnostics)
                errors = sorted((d.line, d.column) for d in loaded.diagnostics if d.is_error)
                if errors:
                    repo.unread[name] = errors[0]
                records = loaded.records
                for attribute, record in (pickle.loads(records) if isinstance(records, bytes)
                                          else records):
                    repo.add(attribute, record)
                progress.advance()
            if kind.attribute is not None and kind.sort_key is not None:
                getattr(repo, kind.attribute).sort(key=kind.sort_key)
    progress.close()
    if cache is not None:
        cache.forget({relative for _, relatives in plan for relative in relatives})
    return Loaded(repo, diagnostics, cache,
                  checks_key.digest() if checks_key is not None else None)


def _load_file(cache: Cache | None, kind: FileKind, relative: str, name: str, path: str,
               inside: str) -> tuple[FileEntry, bytes | None]:
    """One file as loaded, and a hash of its bytes (None when it could not be read in one
    go: missing, too large, not a regular file, a link out of the folder; never cached)."""
    checked_at = time.time_ns()
    status = regular_status(path, inside)[0]
    if status is None or status.st_size > MAX_FILE_BYTES:
        return _read_refused(path, name, kind, inside), None
    key = key_of(status)
    entry = cache.entry(relative, name) if cache is not None else None
    if entry is not None and entry.key == key and not entry.racy:
        return entry, entry.digest
    try:
        raw = read_regular(path)
    except OSError:
        return _read_refused(path, name, kind, inside), None
    found = digest(raw)
    if cache is not None and entry is not None and entry.digest == found:
        return cache.verified(relative, entry, key, checked_at), found
    loaded = dataclasses.replace(_parse(raw, name, kind), key=key, digest=found,
                                 checked_at=checked_at)
    if cache is not None:
        cache.keep(relative, loaded)
    return loaded, found


def load_and_check(root: Path, replace: Mapping[str, bytes] | None = None
                   ) -> tuple[Repository, list[Diagnostic]]:
    """Load a data folder and run every cross-file check (checks.CHECKS): the whole of
    `fostlog lint`. The checks' findings come from the cache when not one file changed
    since they were found (the checks are not even imported then). `replace` gives the
    text of some files instead of what is on disk (see load)."""
    from fostlog.core.diagnostics import sort_diagnostics
    from fostlog.files.safefiles import JOURNAL_NAME

    if os.path.lexists(root / JOURNAL_NAME):  # a several-file write a killed command left
        from fostlog.files.safewrite import finish_stopped_write

        finish_stopped_write(root)
    loaded = load(root, replace)
    diagnostics = loaded.diagnostics
    if root.is_dir():
        cache, key = loaded.cache, loaded.checks_key
        found = cache.findings.get(key) if cache is not None and key is not None else None
        if found is None or os.environ.get("FOSTLOG_DEBUG"):
            from fostlog.checks import run_checks

            found = tuple(run_checks(loaded.repo))
            if cache is not None and key is not None:
                cache.keep_findings(key, list(found))
        diagnostics += found
    if loaded.cache is not None:
        loaded.cache.save()
    # Root cause first: a file that could not be read, with its own errors, before what
    # the rest of the data says.
    unread = loaded.repo.unread
    ordered = sort_diagnostics(diagnostics)
    return loaded.repo, ([d for d in ordered if d.file in unread]
                         + [d for d in ordered if d.file not in unread])


def load_repository(root: Path) -> tuple[Repository, list[Diagnostic]]:
    """Read the whole data folder, kind by kind, without the cross-file checks. Never
    raises for anything in the data."""
    loaded = load(root)
    if loaded.cache is not None:
        loaded.cache.save()
    return loaded.repo, loaded.diagnostics
