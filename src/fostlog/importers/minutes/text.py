"""A draft -> the new text of each data file it changes, with every guess as a `# check:`
comment just above the line it is about. Pure: the files' current texts in, new texts out.

- The meeting file is new: written whole, in the order the hand-made files use, led by its
  schema modeline.
- actions.yaml, people.yaml and authorities.yaml are only added to: new entries are
  spliced in as whole lines after the last entry of their list (or into one entry's
  `aliases`, `initials`, `history` or `wordings`) by edits.yamltext.insert_items, so every
  comment and line the coordinator wrote stays as it was, and the result is read back.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from fostlog.core.kinds import BY_NAME
from fostlog.core.models import Action, Observation, Person, Record
from fostlog.core.schema import modeline
from fostlog.domain import id_order
from fostlog.edits.yamltext import (
    Comments,
    EditRefused,
    Path_,
    Step,
    comment_text,
    document,
    insert_items,
    lines_of,
    newline_of,
)
from fostlog.importers.files import read_back_as
from fostlog.importers.minutes import records
from fostlog.importers.minutes.records import Check, Draft

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
    relative = relative_path(records.MEETING, meeting.date)
    comments = _by_target(draft.checks, records.MEETING)
    data = _fields(meeting, MEETING_ALWAYS)
    return read_back_as(meeting, document(data, [
        modeline(relative) or "", "#",
        f"# Drafted by 'fostlog import minutes' from {draft.source}. Review each",
        "# '# check:' line (what the importer guessed, and why), correct what it got",
        "# wrong, then delete the line. 'fostlog lint' checks the rest."], comments), relative)


# --- splicing into a registry file -------------------------------------------------------------


def append_items(text: str, name: str, steps: Sequence[Step], items: Sequence[Any],
                 comments: Comments | None = None, path_of: Any = None,
                 lead: Sequence[str] = ()) -> tuple[str, int]:
    """Add `items` (records or plain values) at the end of the block list at `steps`
    (edits.yamltext.insert_items), item i's comments under `path_of(item)`; returns the
    text and the 0-based index of the first added line."""
    try:
        done = insert_items(text, name, steps, [_as_loaded(item) for item in items],
                            lead=lead, comments=comments,
                            paths=[path_of(item) for item in items] if path_of else ())
    except EditRefused as refused:
        raise DraftNotWritable(f"{name}: {refused.message}") from None
    return done.text, done.first_line - 1


def _as_loaded(item: Any) -> Any:
    """An item as the reader gives it back: a record by the fields that say something, a
    log number as a number (the register writes `id: 47`)."""
    if isinstance(item, Record):
        return _as_loaded(_fields_for(item))
    if isinstance(item, Mapping):
        return {k: int(v) if k == "id" and isinstance(v, str) and v.isdigit()
                else _as_loaded(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_as_loaded(v) for v in item]
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


# --- the three registries ------------------------------------------------------------------------


def actions_text(draft: Draft, text: str) -> str:
    name = relative_path(records.ACTIONS)
    comments = _by_target(draft.checks, records.ACTIONS)
    # Field checks of a new action are keyed ("action", id, field); yamltext wants the path
    # of the field inside the item: ("action", id) + (field,) is just that.
    if draft.new_actions:
        lead = [f"# === {draft.date or ''} ({draft.source}): drafted by 'fostlog import "
                "minutes'", *comments.get(("log",), [])]
        ordered = sorted(draft.new_actions, key=lambda a: id_order(a.id))
        text, _ = append_items(text, name, ["actions"], ordered, comments,
                               lambda a: ("action", a.id), lead)
    by_action: dict[str, list[Observation]] = {}
    for ident, observation in draft.observations:
        by_action.setdefault(ident, []).append(observation)
    for ident, observations in by_action.items():
        for observation in sorted(observations, key=lambda o: o.as_of):
            text, first = append_items(text, name, ["actions", ("id", ident), "history"],
                                       [_fields(observation)])
            text = _comment_above(text, first, comments.get(("observation", ident), []))
            comments.pop(("observation", ident), None)
    for ident, wording in draft.wordings:
        text, first = append_items(text, name, ["actions", ("id", ident), "wordings"],
                                   [wording], comments, lambda _, i=ident: ("wording", i))
        comments.pop(("wording", ident), None)
    return text


def _comment_above(text: str, index: int, comments: Sequence[str]) -> str:
    if not comments:
        return text
    lines = lines_of(text, keepends=True)
    newline = newline_of(text)
    row = lines[index]
    column = len(row) - len(row.lstrip(" "))
    added = [" " * column + comment_text(c) + newline for c in comments]
    return "".join(lines[:index] + added + lines[index:])


def people_text(draft: Draft, text: str) -> str:
    name = relative_path(records.PEOPLE)
    comments = _by_target(draft.checks, records.PEOPLE)
    if draft.new_people:
        text, _ = append_items(text, name, ["people"], draft.new_people, comments,
                               lambda p: ("person", p.id),
                               lead=[f"# --- added by 'fostlog import minutes' from "
                                     f"{draft.source}"])
    for person, key, value in draft.person_additions:
        text, first = append_items(text, name, ["people", ("id", person), key], [value])
        text = _comment_above(text, first, comments.pop(("person", person, key), []))
    if draft.unresolved:
        text, _ = append_items(text, name, ["unresolved_initials"], draft.unresolved,
                               comments, lambda u: ("unresolved", u.initials))
    return text


def authorities_text(draft: Draft, text: str) -> str:
    name = relative_path(records.AUTHORITIES)
    comments = _by_target(draft.checks, records.AUTHORITIES)
    for home, ident, alias in draft.place_aliases:
        text, first = append_items(text, name, [home, ("id", ident), "aliases"], [alias])
        kind = "authority" if home == "authorities" else "organisation"
        text = _comment_above(text, first, comments.pop((kind, ident), []))
    return text


def held_text(draft: Draft, text: str) -> str:
    """meetings-without-minutes.yaml with the months the log shows meetings in."""
    if not draft.inferred_meetings:
        return text
    comments = _by_target(draft.checks, records.HELD)
    text, _ = append_items(text, relative_path(records.HELD), ["meetings"], draft.inferred_meetings,
                           comments, lambda m: ("meeting", m.month),
                           lead=[f"# --- inferred by 'fostlog import minutes' from "
                                 f"{draft.source}"])
    return text


def draft_texts(draft: Draft, current: Mapping[str, str]) -> dict[str, str]:
    """Path inside the data folder -> the new text of each file the draft changes;
    `current` holds the present text of actions.yaml, people.yaml and authorities.yaml."""
    changed: dict[str, str] = {}
    if draft.meeting is not None:
        changed[relative_path(records.MEETING, draft.meeting.date)] = meeting_text(draft)
    for kind, write in ((records.ACTIONS, actions_text), (records.PEOPLE, people_text),
                        (records.AUTHORITIES, authorities_text), (records.HELD, held_text)):
        path = relative_path(kind)
        if path not in current:
            continue  # a file the caller did not read (meetings-without-minutes.yaml)
        before = current[path]
        after = write(draft, before)
        if after != before:
            changed[path] = after
    return changed
