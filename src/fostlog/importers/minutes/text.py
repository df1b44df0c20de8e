"""A draft -> the new text of each data file it changes, with every guess as a `# check:`
comment just above the line it is about. Pure: the files' current texts in, new texts out.

- The meeting file is new: written whole, in the order the hand-made files use, led by its
  schema modeline.
- actions.yaml, people.yaml and authorities.yaml are only added to: new entries are
  spliced in as whole lines after the last entry of their list (or into one entry's
  `aliases`, `initials`, `history` or `wordings`), so every comment and line the
  coordinator wrote stays as it was. Each result is read back and must equal the old data
  plus the additions, or nothing is returned (a bug in fostlog, never half a file).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from enum import Enum
from typing import Any

import yaml

from fostlog.core.kinds import BY_NAME
from fostlog.core.models import Action, Meeting, Observation, Person, Record, UnresolvedInitials
from fostlog.core.schema import modeline
from fostlog.domain import id_order
from fostlog.edits import (
    EditRefused,
    after_own_comments,
    append_observation,
    dash_column,
    last_line,
    mapping_entry,
)
from fostlog.files.yamlsafe import Unreadable, read_back
from fostlog.importers.minutes.records import ACTIONS, AUTHORITIES, MEETING, PEOPLE, Check, Draft

Path_ = tuple[str | int, ...]
CHECK = "# check: "


class DraftNotWritable(Exception):
    """A file the draft adds to is not laid out so that lines can be added to it."""


def relative_path(kind: str, when: date | None = None) -> str:
    """The path of a kind's file inside the data folder, from the registry of kinds."""
    pattern = BY_NAME[kind].pattern
    if "*" in pattern:
        assert when is not None
        return pattern.replace("*", when.isoformat())
    return pattern


# --- a small block-YAML writer ---------------------------------------------------------------


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**9)
    return text.removesuffix("\n").removesuffix("\n...").rstrip("\n")


def _comment_lines(comments: Mapping[Path_, list[str]], path: Path_, column: int) -> list[str]:
    return [" " * column + line for line in comments.get(path, [])]


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.model_dump(mode="python")
    return value


def emit(value: Mapping[str, Any], column: int, comments: Mapping[Path_, list[str]],
         path: Path_ = (), first_prefix: str = "") -> list[str]:
    """A mapping as block YAML at `column`; `first_prefix` ("- ") starts its first line
    (a list item). Comment lines for a key's path go just above it."""
    lines: list[str] = []
    for number, (key, item) in enumerate(value.items()):
        here = (*path, key)
        pad = " " * column
        lead = pad
        if number == 0 and first_prefix:
            lead = " " * (column - len(first_prefix)) + first_prefix
        above = _comment_lines(comments, here, column)
        if number == 0 and first_prefix:
            above = _comment_lines(comments, here, column - len(first_prefix))
        lines += above
        item = _plain(item)
        if isinstance(item, Mapping):
            lines.append(f"{lead}{key}:")
            lines += emit(item, column + 2, comments, here)
        elif isinstance(item, list) and item:
            lines.append(f"{lead}{key}:")
            for index, element in enumerate(item):
                element = _plain(element)
                lines += _comment_lines(comments, (*here, index), column + 2)
                if isinstance(element, Mapping):
                    lines += emit(element, column + 4, comments, (*here, index), "- ")
                else:
                    lines.append(f"{pad}  - {_scalar(element)}")
        elif isinstance(item, list):
            lines.append(f"{lead}{key}: []")
        elif key == "id" and isinstance(item, str) and item.isdigit():
            lines.append(f"{lead}{key}: {item}")  # a log number, as the register writes it
        else:
            lines.append(f"{lead}{key}: {_scalar(item)}")
    return lines


def _fields(record: Record, always: Sequence[str] = ()) -> dict[str, Any]:
    """The record's fields that say something, in the model's order (and `always`)."""
    found: dict[str, Any] = {}
    for name, spec in type(record).model_fields.items():
        value = getattr(record, name)
        if name in always or not (value is None or value == [] or (
                not spec.is_required() and value == spec.default)):
            found[name] = _clean(value)
    return found


def _clean(value: Any) -> Any:
    if isinstance(value, Record):
        return _fields(value)
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


def _by_target(checks: Sequence[Check], file: str) -> dict[Path_, list[str]]:
    found: dict[Path_, list[str]] = {}
    for check in checks:
        if check.file == file:
            prefix = CHECK if check.check else "# "
            found.setdefault(check.target, []).append(prefix + check.text())
    return found


# --- the meeting file ------------------------------------------------------------------------

MEETING_ALWAYS = ("source", "chair", "attendance", "attendees", "not_represented", "apologies")


def meeting_text(draft: Draft) -> str:
    meeting = draft.meeting
    assert meeting is not None
    relative = relative_path(MEETING, meeting.date)
    comments = _by_target(draft.checks, MEETING)
    data = _fields(meeting, MEETING_ALWAYS)
    lines = [modeline(relative) or "", "#",
             f"# Drafted by 'fostlog import minutes' from {draft.source}. Review each",
             "# '# check:' line (what the importer guessed, and why), correct what it got",
             "# wrong, then delete the line. 'fostlog lint' checks the rest."]
    lines += emit(data, 0, comments)
    text = "\n".join(lines) + "\n"
    again = Meeting.model_validate(read_back(text, relative))
    if again.model_dump() != meeting.model_dump():  # pragma: no cover - a bug in fostlog
        raise AssertionError(f"{relative}: the YAML written does not read back as the draft")
    return text


# --- splicing into a registry file -------------------------------------------------------------


Step = str | tuple[str, str]  # a key, or (key, value) picking a list item by a field


def _compose(text: str, name: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise DraftNotWritable(f"{name} cannot be read ({error}).") from None
    if node is None:
        raise DraftNotWritable(f"{name} is empty.")
    return node


def _data_at(data: Any, steps: Sequence[Step]) -> Any:
    for number, step in enumerate(steps):
        if isinstance(step, tuple):
            key, value = step
            data = next(item for item in data if str(item.get(key)) == value)
        elif number == len(steps) - 1 and data.get(step) is None:
            data[step] = []
            data = data[step]
        else:
            data = data[step]
    return data


def append_items(text: str, name: str, steps: Sequence[Step], items: Sequence[Any],
                 render: Any, lead: Sequence[str] = ()) -> tuple[str, int]:
    """Add `items` at the end of the block list at `steps` ("people", or ("people",
    ("id", "x"), "aliases")); `render(item, dash_column)` gives each item's lines and
    `lead` comment lines go before the first. Returns the text and the 0-based index of
    the first added line. Everything else in the text is kept as it is."""
    lines = text.splitlines()
    newline = "\r\n" if "\r\n" in text else "\n"
    node: yaml.Node = _compose(text, name)
    parent = node
    for step in steps[:-1]:
        if isinstance(step, tuple):
            key, value = step
            if not isinstance(node, yaml.SequenceNode):
                raise DraftNotWritable(f"{name}: expected a list at {steps}.")
            found = next((item for item in node.value if (pair := mapping_entry(item, key))
                          and isinstance(pair[1], yaml.ScalarNode) and pair[1].value == value),
                         None)
            if found is None:
                raise DraftNotWritable(f"{name}: no entry with {key} {value}.")
            node = found
        else:
            hit = mapping_entry(node, step)
            if hit is None:
                raise DraftNotWritable(f"{name}: no '{step}' in it.")
            node = hit[1]
        parent = node
    last = steps[-1]
    assert isinstance(last, str)
    hit = mapping_entry(parent, last)
    replace: dict[int, str] = {}
    if hit is None:
        if not isinstance(parent, yaml.MappingNode) or not parent.value:
            raise DraftNotWritable(f"{name}: cannot add '{last}' here.")
        column = parent.value[0][0].start_mark.column
        after = after_own_comments(last_line(parent, lines), lines, column)
        dash = column + 2
        new = [" " * column + f"{last}:"]
    else:
        key_node, held = hit
        column = key_node.start_mark.column
        if isinstance(held, yaml.SequenceNode) and held.value and not held.flow_style:
            dash = dash_column(held.value[0], lines)
            after = after_own_comments(last_line(held, lines), lines, dash)
            new = []
        elif (isinstance(held, yaml.SequenceNode) and not held.value) or (
                isinstance(held, yaml.ScalarNode) and held.tag.endswith(":null")):
            row = lines[key_node.start_mark.line]
            if held.start_mark.line == key_node.start_mark.line and held.end_mark.line == \
                    key_node.start_mark.line:
                start, end = held.start_mark.column, held.end_mark.column
                replace[key_node.start_mark.line] = (row[:start].rstrip() + row[end:]).rstrip()
            after = key_node.start_mark.line
            dash = column + 2
            new = []
        else:
            raise DraftNotWritable(f"{name}: '{last}' is written on one line ([...]); write "
                                   "it as a list of '- ' lines and import again.")
    new += [" " * dash + c for c in lead]
    for item in items:
        new += render(item, dash)
    for index, row in replace.items():
        lines[index] = row
    result = lines[: after + 1] + new + lines[after + 1:]
    joined = newline.join(result) + newline
    expect = _read(text, name)
    target = _data_at(expect, steps)
    target.extend(_as_loaded(item) for item in items)
    if _read(joined, name) != expect:
        raise DraftNotWritable(f"{name}: the lines fostlog would add do not read back as "
                               "meant, so nothing was changed (a bug in fostlog: please "
                               "report it).")
    return joined, after + 1


def _read(text: str, name: str) -> Any:
    """A data file's text as fostlog's own reader (yamlsafe) reads it, as lint will."""
    try:
        return read_back(text, name)
    except Unreadable as unreadable:
        problem = unreadable.problem
        where = f" (line {problem.line}: {problem.message})" if problem else ""
        raise DraftNotWritable(f"{name} cannot be read{where}; put it right ('fostlog lint' "
                               "shows what to do) and import again.") from None


def _as_loaded(item: Any) -> Any:
    """An item as PyYAML reads it back from what `emit` writes."""
    if isinstance(item, Record):
        return _as_loaded(_fields_for(item))
    if isinstance(item, Mapping):
        return {k: int(v) if k == "id" and isinstance(v, str) and v.isdigit()
                else _as_loaded(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_as_loaded(v) for v in item]
    if isinstance(item, Enum):
        return item.value
    return item


def _fields_for(record: Record) -> dict[str, Any]:
    if isinstance(record, Action):
        return _fields(record, ACTION_ALWAYS)
    if isinstance(record, Person):
        return _fields(record, PERSON_ALWAYS)
    return _fields(record)


ACTION_ALWAYS = ("owners", "owner_authorities", "whole_group", "unresolved_owners",
                 "raised_precision", "history")
PERSON_ALWAYS = ("aliases", "initials", "authority", "organisation")


def _render_record(comments: Mapping[Path_, list[str]], path_of: Any) -> Any:
    def render(record: Record, dash: int) -> list[str]:
        path = path_of(record)
        lines = _comment_lines(comments, path, dash)
        return lines + emit(_fields_for(record), dash + 2, comments, path, "- ")
    return render


def _render_scalar(item: Any, dash: int) -> list[str]:
    return [" " * dash + "- " + _scalar(item)]


# --- the three registries ------------------------------------------------------------------------


def actions_text(draft: Draft, text: str) -> str:
    name = relative_path(ACTIONS)
    comments = _by_target(draft.checks, ACTIONS)
    # Field checks of a new action are keyed ("action", id, field); emit wants the path
    # of the field inside the item: ("action", id) + (field,) is just that.
    if draft.new_actions:
        lead = [f"# === {draft.date or ''} ({draft.source}): drafted by 'fostlog import "
                "minutes'", *comments.get(("log",), [])]
        ordered = sorted(draft.new_actions, key=lambda a: id_order(a.id))
        text, _ = append_items(text, name, ["actions"], ordered,
                               _render_record(comments, lambda a: ("action", a.id)), lead)
    by_action: dict[str, list[Observation]] = {}
    for ident, observation in draft.observations:
        by_action.setdefault(ident, []).append(observation)
    for ident, observations in by_action.items():
        for observation in sorted(observations, key=lambda o: o.as_of):
            try:
                edited = append_observation(text, ident, _as_loaded(_fields(observation)))
            except EditRefused as refused:
                raise DraftNotWritable(f"{name}: action {ident}: {refused.message}") from None
            text = _comment_above(edited.text, edited.first_line - 1,
                                  comments.get(("observation", ident), []))
            comments.pop(("observation", ident), None)
    for ident, wording in draft.wordings:
        text, first = append_items(text, name, ["actions", ("id", ident), "wordings"],
                                   [wording], _render_record(comments,
                                                             lambda _, i=ident: ("wording", i)))
        comments.pop(("wording", ident), None)
    return text


def _comment_above(text: str, index: int, comments: Sequence[str]) -> str:
    if not comments:
        return text
    lines = text.splitlines(keepends=True)
    newline = "\r\n" if "\r\n" in text else "\n"
    row = lines[index]
    column = len(row) - len(row.lstrip(" "))
    added = [" " * column + c + newline for c in comments]
    return "".join(lines[:index] + added + lines[index:])


def people_text(draft: Draft, text: str) -> str:
    name = relative_path(PEOPLE)
    comments = _by_target(draft.checks, PEOPLE)
    if draft.new_people:
        text, _ = append_items(text, name, ["people"], draft.new_people,
                               _render_record(comments, lambda p: ("person", p.id)),
                               lead=[f"# --- added by 'fostlog import minutes' from "
                                     f"{draft.source}"])
    for person, key, value in draft.person_additions:
        text, first = append_items(text, name, ["people", ("id", person), key], [value],
                                   _render_scalar)
        text = _comment_above(text, first, comments.pop(("person", person, key), []))
    if draft.unresolved:
        text, _ = append_items(text, name, ["unresolved_initials"], draft.unresolved,
                               _render_record(comments, _unresolved_path))
    return text


def _unresolved_path(record: UnresolvedInitials) -> Path_:
    return ("unresolved", record.initials)


def authorities_text(draft: Draft, text: str) -> str:
    name = relative_path(AUTHORITIES)
    comments = _by_target(draft.checks, AUTHORITIES)
    for home, ident, alias in draft.place_aliases:
        text, first = append_items(text, name, [home, ("id", ident), "aliases"], [alias],
                                   _render_scalar)
        kind = "authority" if home == "authorities" else "organisation"
        text = _comment_above(text, first, comments.pop((kind, ident), []))
    return text


def draft_texts(draft: Draft, current: Mapping[str, str]) -> dict[str, str]:
    """Path inside the data folder -> the new text of each file the draft changes;
    `current` holds the present text of actions.yaml, people.yaml and authorities.yaml."""
    changed: dict[str, str] = {}
    if draft.meeting is not None:
        changed[relative_path(MEETING, draft.meeting.date)] = meeting_text(draft)
    for kind, write in ((ACTIONS, actions_text), (PEOPLE, people_text),
                        (AUTHORITIES, authorities_text)):
        path = relative_path(kind)
        before = current[path]
        after = write(draft, before)
        if after != before:
            changed[path] = after
    return changed
