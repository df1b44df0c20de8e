"""Repository: the records of one data folder and their indexed lookups.

Core types apart from the loader (as beancount keeps `core/data.py` apart from its
loader): checks, queries and renderers depend on this module and the models only. Every
record knows its file and key path (`Record.origin`); the positions of every key were
captured when the files were read, so pointing at a record never reads a file again.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from fostlog.core.models import (
    Action,
    Authority,
    BenchmarkYear,
    CapacityYear,
    Meeting,
    MeetingWithoutMinutes,
    NeighbourSet,
    Organisation,
    Person,
    Record,
    UnresolvedInitials,
)
from fostlog.core.positions import KeyPath, Position, position_in

# The indexes built from the meetings held (the Repository's own, and meetings.py's under
# HELD_INDEX), and the attributes they are built from: a record added to those drops them.
HELD_INDEX = "_held_meetings"
DERIVED_FROM_MEETINGS = (HELD_INDEX, "_meetings_by_date")
MEETINGS_HELD = ("meetings", "meetings_without_minutes")


def display_path(path: Path) -> str:
    """The path as the user would type it: relative to the current directory if possible."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@dataclass
class Repository:
    """Everything in one data directory, with the positions needed to point back into it.

    The attributes named by the file kinds' `attribute` (see kinds.py) hold the records; a
    registry (a dict by id) keeps the first of two records with one id, and `records_read`
    keeps them all so that lint can report the second.
    """

    root: Path
    authorities: dict[str, Authority] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    unresolved_initials: list[UnresolvedInitials] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    benchmarks: list[BenchmarkYear] = field(default_factory=list)
    meetings_without_minutes: list[MeetingWithoutMinutes] = field(default_factory=list)
    capacity: list[CapacityYear] = field(default_factory=list)
    neighbour_sets: list[NeighbourSet] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # every file read, as displayed
    # Each file's key positions; the loader gives them pickled (most files are never
    # pointed into, and bytes cost the cache nothing to keep), unpickled when first asked.
    positions: dict[str, dict[KeyPath, Position] | bytes] = field(default_factory=dict)
    records_read: dict[str, list[Record]] = field(default_factory=dict)
    # The names the loader found in the data folder ("") and in each kind's folder it could
    # read, sorted: what the unexpected-file check looks at, so no check lists a folder.
    folder_names: dict[str, list[str]] = field(default_factory=dict)
    # Each file (as displayed) that could not be read whole: an error when it was read left
    # some of its records out. The position of its first error, where the checks say how
    # many findings elsewhere they skipped because of it (references.py).
    unread: dict[str, tuple[int, int]] = field(default_factory=dict)

    def add(self, attribute: str, record: Record) -> None:
        """File a loaded record under the repository attribute `attribute`."""
        if attribute in MEETINGS_HELD:
            for index in DERIVED_FROM_MEETINGS:  # built again when next asked for
                self.__dict__.pop(index, None)
        self.records_read.setdefault(attribute, []).append(record)
        home = getattr(self, attribute)
        if isinstance(home, dict):
            home.setdefault(record.id, record)  # type: ignore[attr-defined]
        else:
            home.append(record)

    def file_of(self, record: Record) -> str:
        """The file a record was read from."""
        return record.origin.file if record.origin else "<unknown>"

    def where(self, record: Record, *subpath: Any) -> tuple[str, int, int]:
        """File, line and column of `record` (or of a key path inside it)."""
        origin = record.origin
        if origin is None:
            return ("<unknown>", 1, 1)
        line, column = position_in(self.positions_in(origin.file), (*origin.path, *subpath))
        return (origin.file, line, column)

    def positions_in(self, file: str) -> dict[KeyPath, Position]:
        """The position of every key in `file` (as displayed)."""
        found = self.positions.get(file, {})
        if isinstance(found, bytes):
            found = self.positions[file] = pickle.loads(found)  # written by the loader
        return found

    def file_for(self, name: str) -> str:
        """A path inside the data folder as the user would type it."""
        return display_path(self.root / name)

    # Lookups used by checks and queries alike, so each rule lives once. The indexes are
    # built on first use (a Repository is not changed after loading); the first of two
    # records with one id wins, as in the registries, and lint reports the second.
    @cached_property
    def _actions_by_id(self) -> dict[str, Action]:
        return _first_by(self.actions, lambda a: a.id)

    @cached_property
    def _meetings_by_date(self) -> dict[date, Meeting]:
        return _first_by(self.meetings, lambda m: m.date)

    def action(self, action_id: str) -> Action | None:
        return self._actions_by_id.get(action_id)

    def meeting(self, when: date) -> Meeting | None:
        return self._meetings_by_date.get(when)

    def benchmark(self, key: str) -> BenchmarkYear | None:
        """A benchmarking year by its key: 2020-21 (the group's own), ofsted-2018-19;
        failing that, by a financial year that only one source holds."""
        found = self.benchmark_years(key)
        return found[0] if found and (found[0].key == key or len(found) == 1) else None

    def benchmark_years(self, year: str) -> list[BenchmarkYear]:
        """The benchmarking years a YEAR names: the one with that key (2020-21, the
        group's own; ofsted-2018-19), else every source's for that financial year
        (2018-19), as capacity_years finds capacity years. The group's own year is keyed
        by the year alone, so a key match comes first: 2018-19 is then the group's, not
        ambiguous."""
        by_key = [b for b in self.benchmarks if b.key == year]
        return by_key or [b for b in self.benchmarks if b.year == year]

    def capacity_years(self, year: str) -> list[CapacityYear]:
        """The capacity files a YEAR names: one by its key (ofsted-2018-19), or every
        source's for a financial year (2018-19)."""
        return [c for c in self.capacity if year in (c.key, c.year)]

    def person_name(self, person: str) -> str:
        found = self.people.get(person)
        return found.name if found else person

    def authority_name(self, authority: str) -> str:
        found = self.authorities.get(authority)
        return found.name if found else authority

    def organisation_name(self, organisation: str) -> str:
        found = self.organisations.get(organisation)
        return found.name if found else organisation


_K = TypeVar("_K")
_R = TypeVar("_R")


def _first_by(records: list[_R], key: Callable[[_R], _K]) -> dict[_K, _R]:
    found: dict[_K, _R] = {}
    for record in records:
        found.setdefault(key(record), record)
    return found
