"""data/ -> (Repository, [Diagnostic]).

Reads every file of the data repository safely (see yamlsafe), validates each against its
pydantic model, and turns validation errors into Diagnostics at the line of the offending
key, in plain words. A record that fails validation is left out; the rest of its file
is still loaded so that one typo does not hide every other problem.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from fostlog import rules
from fostlog.diagnostics import Diagnostic
from fostlog.explain import validation_diagnostics
from fostlog.kinds import KINDS, FileKind
from fostlog.models import Origin, Record
from fostlog.repository import Repository, display_path
from fostlog.yamlsafe import ParsedFile, read_yaml_file


def _validate_file(parsed: ParsedFile, kind: FileKind) -> Any:
    """Validate a parsed file; on failure keep the records that are valid on their own."""
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


def _file_into(repo: Repository, kind: FileKind, value: Any, file: str) -> None:
    """File a validated file's records where the kind says they live, with their origins."""
    if kind.lists:
        for record_list in kind.lists:
            for index, record in enumerate(getattr(value, record_list.key)):
                record.set_origin(Origin(file=file, path=(record_list.key, index)))
                repo.add(record_list.into, record)
    elif kind.into is not None:
        value.set_origin(Origin(file=file))
        repo.add(kind.into, value)


def _missing(root: Path, kind: FileKind) -> Diagnostic:
    return rules.FILE_MISSING.at(
        display_path(root / kind.pattern), 1, 1,
        f"The data folder has no {kind.pattern}.",
        f"Create {kind.pattern} (see the README), or check the data folder is the right one.",
    )


def _files_of(root: Path, kind: FileKind) -> list[Path]:
    if kind.folder is None:
        path = root / kind.pattern
        return [path] if path.exists() or path.is_symlink() else []
    try:
        return sorted(p for p in (root / kind.folder).iterdir() if kind.matches(
            f"{kind.folder}/{p.name}"))
    except OSError:
        return []


def load_repository(root: Path) -> tuple[Repository, list[Diagnostic]]:
    """Read the whole data directory, kind by kind. Never raises for anything in the data."""
    repo = Repository(root=root)
    diagnostics: list[Diagnostic] = []
    if not root.is_dir():
        diagnostics.append(rules.FILE_MISSING.at(
            display_path(root), 1, 1,
            f"There is no data folder at {root}.",
            "Give the path of the data folder, e.g. 'fostlog lint data'.",
        ))
        return repo, diagnostics
    for kind in KINDS:
        paths = _files_of(root, kind)
        if not paths and kind.folder is None and kind.required:
            diagnostics.append(_missing(root, kind))
        for path in paths:
            name = display_path(path)
            parsed = read_yaml_file(path, name)
            repo.files.append(name)
            if parsed.ok:
                value = _validate_file(parsed, kind)
                if value is not None:
                    _file_into(repo, kind, value, name)
            repo.positions[name] = parsed.positions
            diagnostics.extend(parsed.diagnostics)
        if kind.into is not None and kind.sort_key is not None:
            getattr(repo, kind.into).sort(key=kind.sort_key)
    return repo, diagnostics
