"""data/ -> (Repository, [Diagnostic]).

Reads every file of the data repository safely (see yamlsafe), validates each against its
pydantic model, and turns validation errors into Diagnostics at the line of the offending
key, in plain words. A record that fails validation is left out; the rest of its file
is still loaded so that one typo does not hide every other problem.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from fostlog import models
from fostlog.diagnostics import Diagnostic, Severity
from fostlog.models import (
    Action,
    ActionsFile,
    AuthoritiesFile,
    Authority,
    BenchmarkYear,
    Meeting,
    Organisation,
    Origin,
    PeopleFile,
    Person,
    Record,
    UnresolvedInitials,
)
from fostlog.yamlsafe import KeyPath, ParsedFile, read_yaml_file

AUTHORITIES_FILE = "authorities.yaml"
PEOPLE_FILE = "people.yaml"
ACTIONS_FILE = "actions.yaml"
MEETINGS_DIR = "meetings"
BENCHMARKS_DIR = "benchmarks"
MAX_REPORTED = 100  # schema problems listed per file; more are counted, not listed


@dataclass
class Repository:
    """Everything in one data directory, with the positions needed to point back into it."""

    root: Path
    authorities: dict[str, Authority] = field(default_factory=dict)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)
    unresolved_initials: list[UnresolvedInitials] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    benchmarks: list[BenchmarkYear] = field(default_factory=list)
    files: dict[str, ParsedFile] = field(default_factory=dict)

    def file_of(self, record: Record) -> str:
        """The file a record was read from (cheaper than where(): no line needed)."""
        return record.origin.file if record.origin else "<unknown>"

    def where(self, record: Record, *subpath: Any) -> tuple[str, int, int]:
        """File, line and column of `record` (or of a key path inside it)."""
        origin = record.origin
        if origin is None:
            return ("<unknown>", 1, 1)
        parsed = self.files.get(origin.file)
        if parsed is None:
            return (origin.file, 1, 1)
        line, column = parsed.position((*origin.path, *subpath))
        return (origin.file, line, column)

    def file_for(self, name: str) -> str:
        return _display(self.root, self.root / name)

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

    def benchmark(self, year: str) -> BenchmarkYear | None:
        return next((b for b in self.benchmarks if b.year == year), None)

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


def _display(root: Path, path: Path) -> str:
    """The path as the user would type it: relative to the current directory if possible."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


# --- turning pydantic errors into plain words -------------------------------------------

_PATTERN_WORDS = {
    models.ACTION_ID_PATTERN.pattern: (
        "an action number such as 47, or a meeting date and number such as 2021-07-19/2"
    ),
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "a lower-case id with dashes, such as west-sussex",
    models.YEAR_PATTERN: "a financial year such as 2020-21",
    r"^[a-z][a-z0-9_]*$": "a lower-case key with underscores, such as conversion",
}


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    found: list[type[BaseModel]] = []
    for arg in typing.get_args(annotation):
        found.extend(_models_in(arg))
    return found


def _model_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class that describes the mapping at `loc` (for listing allowed keys)."""
    current: type[BaseModel] | None = model
    for part in loc:
        if current is None:
            return None
        if isinstance(part, int):
            continue
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        inner = _models_in(info.annotation)
        current = inner[0] if inner else None
    return current


def _explain(error: Any, model: type[BaseModel]) -> tuple[str, str, str]:
    """(rule, message, hint) for one pydantic error, in the coordinator's words."""
    loc = tuple(error["loc"])
    kind = error["type"]
    name = str(loc[-1]) if loc else "this file"
    got = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return (
            "schema-missing-key",
            f"'{name}' is missing here.",
            f"Add a line '{name}: ...' to this entry (use null if the minutes do not say).",
        )
    if kind == "extra_forbidden":
        parent = _model_at(model, loc[:-1])
        allowed = sorted(parent.model_fields) if parent else []
        close = difflib.get_close_matches(name, allowed, n=1)
        hint = f"Did you mean '{close[0]}'? " if close else ""
        hint += "Allowed keys here: " + ", ".join(allowed) + "." if allowed else ""
        return ("schema-unknown-key", f"'{name}' is not a key this file uses.", hint.strip())
    if kind.startswith("date") or kind.startswith("datetime"):
        return (
            "schema-date",
            f"'{name}' should be a date, but it is {got!r}.",
            "Write dates as YYYY-MM-DD, e.g. 2022-01-26, and check the day exists.",
        )
    if kind == "enum":
        return (
            "schema-value",
            f"'{name}' cannot be {got!r}.",
            f"Use one of: {ctx.get('expected', '')}.",
        )
    if kind == "string_pattern_mismatch":
        words = _PATTERN_WORDS.get(str(ctx.get("pattern")), f"text matching {ctx.get('pattern')}")
        return ("schema-value", f"'{name}' cannot be {got!r}.", f"Write {words}.")
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return (
            "schema-type",
            f"'{name}' should be a mapping of keys and values, but it is {_describe(got)}.",
            "Write it as indented 'key: value' lines.",
        )
    if kind == "list_type":
        return (
            "schema-type",
            f"'{name}' should be a list, but it is {_describe(got)}.",
            "Write it as lines starting with '- ', or [a, b] on one line ([] for none).",
        )
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return (
            "schema-type",
            f"'{name}' should be a whole number, but it is {_describe(got)}.",
            "Write digits only, or null if the number is not known.",
        )
    if kind in ("string_type",):
        return (
            "schema-type",
            f"'{name}' should be text, but it is {_describe(got)}.",
            "Put the value in quotes if it looks like a number, date or yes/no.",
        )
    if kind in ("bool_type", "bool_parsing"):
        return (
            "schema-type",
            f"'{name}' should be true or false, but it is {_describe(got)}.",
            "Write true or false.",
        )
    return ("schema-value", f"'{name}': {error['msg']}.", "Check this value against the README.")


def _describe(value: Any) -> str:
    if value is None:
        return "empty (null)"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return f"the yes/no value {str(value).lower()}"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, date):
        return f"the date {value.isoformat()}"
    return f"{str(value)!r}"


def _validation_diagnostics(
    parsed: ParsedFile, error: ValidationError, model: type[BaseModel], prefix: KeyPath = ()
) -> list[Diagnostic]:
    total = error.error_count()
    if total > MAX_REPORTED:
        # Listing every error of a file broken wholesale (a 5 MB list of wrong items)
        # takes pydantic and us minutes; the file cut short finds the first ones as well.
        try:
            model.model_validate(_cut_short(parsed.data, MAX_REPORTED))
        except ValidationError as fewer:
            error = fewer
    found = []
    for item in error.errors(include_url=False)[:MAX_REPORTED]:
        loc = (*prefix, *item["loc"])
        # Unions report one error per branch; the loc then carries the branch name.
        loc = _without_branch_labels(loc, model)
        item = {**item, "loc": loc}
        rule, message, hint = _explain(item, model)
        line, column = parsed.position(loc)
        found.append(Diagnostic(parsed.file, line, column, Severity.error, rule, message, hint))
    if total > MAX_REPORTED:
        found.append(Diagnostic(
            parsed.file, found[-1].line, found[-1].column, Severity.error,
            "file-too-many-problems",
            f"This file has {total} problems; only the first {MAX_REPORTED} are shown.",
            "Fix those (often one mistake repeated, such as the wrong indentation) and run "
            "lint again.",
        ))
    return found


def _cut_short(value: Any, limit: int) -> Any:
    """`value` with every list cut to its first `limit` items, so positions still hold."""
    if isinstance(value, list):
        return [_cut_short(item, limit) for item in value[:limit]]
    if isinstance(value, dict):
        return {key: _cut_short(item, limit) for key, item in value.items()}
    return value


_BRANCH = re.compile(r"^(function-|list\[|dict\[|date$|int$|str$|constrained-str$|none$)")


def _is_branch_label(part: Any) -> bool:
    return isinstance(part, str) and bool(_BRANCH.match(part))


def _without_branch_labels(loc: tuple[Any, ...], model: type[BaseModel]) -> tuple[Any, ...]:
    # A key the model has is never a branch label: a meeting's own 'date' must stay.
    kept: list[Any] = []
    for part in loc:
        parent = _model_at(model, tuple(kept))
        if _is_branch_label(part) and not (parent and part in parent.model_fields):
            continue
        kept.append(part)
    return tuple(kept)


# --- reading each file kind ----------------------------------------------------------------

_RECORD_LISTS: dict[type[BaseModel], dict[str, type[Record]]] = {
    AuthoritiesFile: {"authorities": models.Authority, "organisations": models.Organisation},
    PeopleFile: {"people": models.Person, "unresolved_initials": models.UnresolvedInitials},
    ActionsFile: {"actions": models.Action},
}


def _validate_file(parsed: ParsedFile, model: type[Record]) -> Any:
    """Validate a parsed file; on failure keep the records that are valid on their own."""
    if parsed.data is None:
        parsed.diagnostics.append(
            Diagnostic(
                parsed.file,
                1,
                1,
                Severity.error,
                "file-empty",
                "This file is empty.",
                "Fill it in (see the README for what it holds) or delete it.",
            )
        )
        return None
    try:
        return model.model_validate(parsed.data)
    except ValidationError as error:
        errors = _validation_diagnostics(parsed, error, model)
        parsed.diagnostics.extend(errors)
    lists = _RECORD_LISTS.get(model)
    if not lists or not isinstance(parsed.data, dict):
        return None
    salvaged: dict[str, list[Record]] = {}
    for key, item_model in lists.items():
        items = parsed.data.get(key)
        salvaged[key] = []
        for item in items if isinstance(items, list) else []:
            try:
                salvaged[key].append(item_model.model_validate(item))
            except ValidationError:
                continue  # already reported by the whole-file validation above
    return model.model_construct(None, **salvaged)


def _set_origins(records: list[Any], file: str, key: str) -> None:
    for index, record in enumerate(records):
        record.set_origin(Origin(file=file, path=(key, index)))


def _yaml_files(directory: Path) -> list[Path]:
    try:
        return sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml"))
    except OSError:
        return []


def load_repository(root: Path) -> tuple[Repository, list[Diagnostic]]:
    """Read the whole data directory. Never raises for anything in the data."""
    repo = Repository(root=root)
    diagnostics: list[Diagnostic] = []
    if not root.is_dir():
        diagnostics.append(
            Diagnostic(
                _display(root, root),
                1,
                1,
                Severity.error,
                "file-missing",
                f"There is no data folder at {root}.",
                "Give the path of the data folder, e.g. 'fostlog lint data'.",
            )
        )
        return repo, diagnostics

    def read(path: Path) -> ParsedFile:
        name = _display(root, path)
        parsed = read_yaml_file(path, name)
        repo.files[name] = parsed
        return parsed

    def read_required(name: str, model: type[Record]) -> Any:
        path = root / name
        if not path.exists() and not path.is_symlink():
            diagnostics.append(
                Diagnostic(
                    _display(root, path),
                    1,
                    1,
                    Severity.error,
                    "file-missing",
                    f"The data folder has no {name}.",
                    f"Create {name} (see the README), or check the data folder is the right one.",
                )
            )
            return None
        parsed = read(path)
        if parsed.ok:
            return _validate_file(parsed, model)
        return None

    authorities = read_required(AUTHORITIES_FILE, AuthoritiesFile)
    if authorities is not None:
        file = repo.file_for(AUTHORITIES_FILE)
        _set_origins(authorities.authorities, file, "authorities")
        _set_origins(authorities.organisations, file, "organisations")
        for authority in authorities.authorities:
            repo.authorities.setdefault(authority.id, authority)
        for organisation in authorities.organisations:
            repo.organisations.setdefault(organisation.id, organisation)

    people = read_required(PEOPLE_FILE, PeopleFile)
    if people is not None:
        file = repo.file_for(PEOPLE_FILE)
        _set_origins(people.people, file, "people")
        _set_origins(people.unresolved_initials, file, "unresolved_initials")
        for person in people.people:
            repo.people.setdefault(person.id, person)
        repo.unresolved_initials = list(people.unresolved_initials)

    actions = read_required(ACTIONS_FILE, ActionsFile)
    if actions is not None:
        _set_origins(actions.actions, repo.file_for(ACTIONS_FILE), "actions")
        repo.actions = list(actions.actions)

    for path in _yaml_files(root / MEETINGS_DIR):
        parsed = read(path)
        if parsed.ok:
            meeting = _validate_file(parsed, Meeting)
            parsed.data = None  # the records hold it now; keeping both doubles the memory
            if not parsed.diagnostics:
                parsed.forget_positions()
            if meeting is not None:
                meeting.set_origin(Origin(file=parsed.file))
                repo.meetings.append(meeting)
    repo.meetings.sort(key=lambda m: m.date)

    for path in _yaml_files(root / BENCHMARKS_DIR):
        parsed = read(path)
        if parsed.ok:
            year = _validate_file(parsed, BenchmarkYear)
            if year is not None:
                year.set_origin(Origin(file=parsed.file))
                repo.benchmarks.append(year)
    repo.benchmarks.sort(key=lambda b: b.year)

    for parsed in repo.files.values():
        diagnostics.extend(parsed.diagnostics)
    return repo, diagnostics

