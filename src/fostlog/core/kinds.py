"""The registry of file kinds: the one place the layout of a data folder is written down.

Each kind says where its files live, which model checks them, which lists of records a
file holds and where those records go in the Repository, and how a file's name relates
to its content. Loading, the file-name, unexpected-file and duplicate-id checks, JSON
Schema generation, the files each query needs, the scaffold and the test and bench
dumps all iterate over KINDS.

Adding a kind: a model in models.py, an entry here, a Repository attribute named by its
`attribute`, and its own queries. Nothing else needs to know the folder layout.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import translate
from functools import cache
from pathlib import PurePosixPath
from typing import Any

from fostlog.core import models
from fostlog.core.models import Record
from fostlog.files.safefiles import MAX_REGISTER_VALUES, MAX_VALUES


@dataclass(frozen=True)
class RecordList:
    """A list of records inside a file (authorities.yaml's `authorities:`)."""

    key: str  # the key in the file
    model: type[Record]  # each item's model: a valid item is kept when its neighbours fail
    attribute: str  # the Repository attribute the records go to
    unique: str | None = None  # the field no two records may share
    duplicate_rule: str = "duplicate-id"


@dataclass(frozen=True)
class FileKind:
    name: str  # "meeting"; also names its JSON Schema (meeting.schema.json)
    pattern: str  # "actions.yaml", or "meetings/*.yaml" for one file per record
    model: type[Record]  # the whole file's model
    description: str  # what the file holds, in the coordinator's words
    lists: tuple[RecordList, ...] = ()  # for a registry file: the record lists in it
    attribute: str | None = None  # a one-record file's: the Repository attribute it goes to
    name_field: str | None = None  # the field a one-record file is named after
    name_example: str = ""  # the file name as the coordinator writes it
    sort_key: Callable[[Any], Any] | None = None  # order of the records in `attribute`
    required: bool = True  # a single file that must exist
    # The most values (scalars, lists, mappings) a file of this kind may hold: a bound on
    # the work one file can cause (a real meeting holds about 500).
    max_values: int = MAX_VALUES

    @property
    def folder(self) -> str | None:
        """The folder of a one-file-per-record kind; None for a single file."""
        parts = PurePosixPath(self.pattern).parts
        return parts[0] if len(parts) == 2 else None

    @property
    def attributes(self) -> list[str]:
        """The Repository attributes its records go to: each record list's, or `attribute`."""
        return [rl.attribute for rl in self.lists] or ([self.attribute] if self.attribute else [])

    def matches(self, relative: str) -> bool:
        """Whether a path inside the data folder (posix, relative) is a file of this kind:
        each of its parts matches the pattern's, as PurePosixPath.match of the whole path
        decides (one compiled expression: ten thousand meeting files are matched on
        every lint, and PurePosixPath took 70 microseconds a file)."""
        if "//" in relative or "./" in relative:
            relative = "/".join(PurePosixPath(relative).parts)
        return (relative.count("/") == self.pattern.count("/")
                and _compiled(self.pattern).fullmatch(relative) is not None)

    def expected_stem(self, record: Any) -> str | None:
        """The file name (without .yaml) a one-record file should have, from its content."""
        if self.name_field is None:
            return None
        value = getattr(record, self.name_field)
        return value.isoformat() if hasattr(value, "isoformat") else str(value)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A kind's path pattern as one expression: each part as fnmatch reads it, joined by
    '/' (matches() first checks the parts are as many: a '*' here would take in a '/')."""
    return re.compile("/".join(translate(part).removesuffix(r"\Z")  # fullmatch anchors
                               for part in pattern.split("/")))


KINDS: tuple[FileKind, ...] = (
    FileKind(
        name="authorities", pattern="authorities.yaml", model=models.AuthoritiesFile,
        description="authorities.yaml: the LAs and organisations",
        lists=(
            RecordList("authorities", models.Authority, "authorities", unique="id"),
            RecordList("organisations", models.Organisation, "organisations", unique="id"),
        ),
    ),
    FileKind(
        name="people", pattern="people.yaml", model=models.PeopleFile,
        description="people.yaml: the people named in the minutes",
        lists=(
            RecordList("people", models.Person, "people", unique="id"),
            RecordList("unresolved_initials", models.UnresolvedInitials, "unresolved_initials"),
        ),
    ),
    FileKind(
        name="actions", pattern="actions.yaml", model=models.ActionsFile,
        description="actions.yaml: the action register",
        lists=(
            RecordList("actions", models.Action, "actions", unique="id",
                       duplicate_rule="duplicate-action"),
        ),
        max_values=MAX_REGISTER_VALUES,
    ),
    FileKind(
        name="meeting", pattern="meetings/*.yaml", model=models.Meeting,
        description="meetings/YYYY-MM-DD.yaml: one meeting",
        attribute="meetings", name_field="date", name_example="YYYY-MM-DD",
        sort_key=lambda meeting: meeting.date,
    ),
    FileKind(
        name="benchmark", pattern="benchmarks/*.yaml", model=models.BenchmarkYear,
        description="benchmarks/YYYY-YY.yaml: one benchmarking year (ofsted-YYYY-YY.yaml: "
        "one year of Ofsted's figures)",
        # Named after its key: the year, led by its series when it is not the group's own.
        attribute="benchmarks", name_field="key", name_example="YYYY-YY",
        # The group's own years first, then each other series's, each in year order.
        sort_key=lambda year: (year.series is not None, year.series or "", year.year),
    ),
    FileKind(
        name="meetings-without-minutes", pattern="meetings-without-minutes.yaml",
        model=models.MeetingsWithoutMinutesFile,
        description="meetings-without-minutes.yaml: meetings known only from a log or a "
        "mention",
        lists=(
            RecordList("meetings", models.MeetingWithoutMinutes, "meetings_without_minutes",
                       unique="key"),
        ),
        required=False,
    ),
    FileKind(
        name="capacity", pattern="capacity/*.yaml", model=models.CapacityYear,
        description="capacity/SOURCE-YYYY-YY.yaml: fostering places approved, filled, vacant "
        "and not available, from one source for one year",
        attribute="capacity", name_field="key", name_example="ofsted-YYYY-YY",
        sort_key=lambda year: (year.year, year.series),
    ),
    FileKind(
        name="neighbours", pattern="neighbours/*.yaml", model=models.NeighbourSet,
        description="neighbours/sn-YYYY-MM.yaml: DfE's statistical neighbours, one "
        "published set",
        attribute="neighbour_sets", name_field="key", name_example="sn-YYYY-MM",
        sort_key=lambda neighbour_set: neighbour_set.month,
    ),
)

BY_NAME: dict[str, FileKind] = {kind.name: kind for kind in KINDS}


def kind_of(relative: str) -> FileKind | None:
    """The kind of a file from its posix path inside the data folder."""
    return next((kind for kind in KINDS if kind.matches(relative)), None)


def top_level_names() -> set[str]:
    """The files and folders a data folder may hold at its top."""
    return {PurePosixPath(kind.pattern).parts[0] for kind in KINDS}


def layout_hint() -> str:
    """Where each kind of file goes, for messages about a file in the wrong place."""
    return "; ".join(kind.description.split(":")[0] for kind in KINDS)


def records_of(repo: Any, attribute: str) -> list[Any]:
    """The records a Repository attribute holds, whether a registry (dict) or a list."""
    home = getattr(repo, attribute)
    return list(home.values()) if isinstance(home, dict) else list(home)


def file_contents(repo: Any) -> dict[str, Any]:
    """What each file of a data folder would hold for `repo`: path inside the folder ->
    plain data, ready for yaml.safe_dump. Used to write a repository out (tests, bench)."""
    files: dict[str, Any] = {}
    for kind in KINDS:
        if kind.lists:
            lists = {rl.key: [r.model_dump(mode="json") for r in records_of(repo, rl.attribute)]
                     for rl in kind.lists}
            if kind.required or any(lists.values()):
                files[kind.pattern] = lists
        elif kind.attribute is not None and kind.folder is not None:
            for record in records_of(repo, kind.attribute):
                files[f"{kind.folder}/{kind.expected_stem(record)}.yaml"] = (
                    record.model_dump(mode="json"))
    return files


def repository_attributes() -> list[str]:
    """Every Repository attribute that holds records, in registry order."""
    return [rl.attribute for kind in KINDS for rl in kind.lists] + [
        kind.attribute for kind in KINDS if kind.attribute is not None]
