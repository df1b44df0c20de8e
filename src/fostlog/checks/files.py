"""File names: each file is one fostlog reads, named after what it holds.

What the data folder and each kind's folder hold comes from the loader
(Repository.folder_names): no check lists a folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from fostlog.checks.common import at
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.kinds import KINDS, kind_of, layout_hint, top_level_names
from fostlog.core.repository import Repository


def check_unexpected_files(repo: Repository) -> Iterator[Diagnostic]:
    """Every file in the data folder is one fostlog reads: anything else would go
    unchecked. (The names are those the loader listed: a kind's folder it could not read,
    or that links out of the data folder, lists nothing.)"""
    rule = rules.FILE_UNEXPECTED
    known = top_level_names()
    for name in repo.folder_names.get("", []):
        if name.startswith(".") or name in known:
            continue
        yield rule.at(
            repo.file_for(name), 1, 1,
            f"'{name}' is not a file fostlog reads, so nothing in it is checked.",
            f"The data folder holds {layout_hint()}; move or delete this file.",
        )
    for kind in KINDS:
        if kind.folder is None:
            continue
        for name in repo.folder_names.get(kind.folder, []):
            relative = f"{kind.folder}/{name}"
            if name.startswith(".") or kind_of(relative) is not None:
                continue
            yield rule.at(
                repo.file_for(relative), 1, 1,
                f"'{relative}' is not read: only .yaml files are.",
                f"Rename it to end in .yaml if it is data, or move it out of {kind.folder}/.",
            )


def check_file_names(repo: Repository) -> Iterator[Diagnostic]:
    """A one-record file is named after its content (meetings/2022-01-26.yaml holds the
    meeting of 26 January 2022), so the folder lists the records in order.

    One invariant for every kind with a `name_field` in kinds.KINDS; each kind reports it
    under its own rule, rules.FILENAME_RULES[kind.name] (meeting-filename, ...)."""
    for kind in KINDS:
        if kind.attribute is None or kind.name_field is None:
            continue
        rule = rules.FILENAME_RULES[kind.name]
        for record in getattr(repo, kind.attribute):
            stem = Path(repo.file_of(record)).stem
            expected = kind.expected_stem(record)
            if stem != expected:
                yield at(
                    repo, rule, record, (kind.name_field,),
                    f"This file is named '{stem}.yaml' but its {kind.name_field} is "
                    f"{expected}.",
                    f"Rename the file to {expected}.yaml, or correct the {kind.name_field}.",
                )
