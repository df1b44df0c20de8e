"""Safe edits of the data files: new lines spliced into the file's own text, atomic writes.

An edit must leave every other byte of the file as the coordinator wrote it: comments,
key order, quoting, blank lines. A full load-and-dump, even with ruamel.yaml's round-trip
mode, re-indents and re-quotes some constructs (and ruamel writes YAML 1.2, where PyYAML
reads YAML 1.1: `Yes` unquoted is text to one and true to the other). So:
- PyYAML's composer (the fast reader) finds where the action and its history start and
  end in the text;
- ruamel.yaml's round-trip emitter writes only the new entry, which is indented like
  its neighbours and inserted as whole lines;
- the result is read back and must equal the old data plus the new entry, or nothing
  is written.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from fostlog import domain
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.models import Action, DatePrecision, Observation, Status
from fostlog.files.layout import action_spans, lines_agree
from fostlog.files.safewrite import write_all
from fostlog.files.yamlsafe import Unreadable, read_back

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml not compiled in
    _Loader = yaml.SafeLoader

class EditRefused(Exception):
    """The edit cannot be made as asked; the message says why in the coordinator's words."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.message = message
        self.hint = hint


# --- finding things in the text -------------------------------------------------------------


def _compose(text: str, name: str = "actions.yaml") -> yaml.MappingNode:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise EditRefused(
            f"{name} cannot be read ({error}).", "Run 'fostlog lint' and fix it first."
        ) from None
    if not isinstance(node, yaml.MappingNode):
        raise EditRefused(f"{name} does not hold a mapping of keys and values.")
    return node


# mapping_entry, last_line, after_own_comments and dash_column find where to insert a
# line in any block list of a YAML file; the minutes importer uses them too.
def mapping_entry(mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of `key` in a mapping node; None when absent or no mapping."""
    if not isinstance(mapping, yaml.MappingNode):
        return None
    for key_node, value_node in mapping.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _actions_node(root: yaml.MappingNode) -> yaml.SequenceNode:
    found = mapping_entry(root, "actions")
    if found is None or not isinstance(found[1], yaml.SequenceNode):
        raise EditRefused("actions.yaml has no 'actions:' list.")
    return found[1]


def _action_node(actions: yaml.SequenceNode, action_id: str) -> yaml.MappingNode | None:
    for item in actions.value:
        if isinstance(item, yaml.MappingNode):
            found = mapping_entry(item, "id")
            if found and isinstance(found[1], yaml.ScalarNode) and found[1].value == action_id:
                return item
    return None


def last_line(node: yaml.Node, lines: Sequence[str]) -> int:
    """The 0-based index of the last line holding part of `node`'s content."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    mark = node.end_mark
    line = mark.line if mark.column > 0 else mark.line - 1
    while line > node.start_mark.line and not lines[line].strip():
        line -= 1
    return line


def after_own_comments(line: int, lines: Sequence[str], indent: int) -> int:
    """Comment lines right below an entry and indented deeper than `indent` belong to it."""
    while line + 1 < len(lines):
        text = lines[line + 1]
        stripped = text.lstrip(" ")
        if not stripped.startswith("#") or len(text) - len(stripped) <= indent:
            break
        line += 1
    return line


def dash_column(item: yaml.Node, lines: Sequence[str]) -> int:
    """The column of the '- ' that starts a block sequence item."""
    row = lines[item.start_mark.line]
    dash = row.rfind("-", 0, item.start_mark.column)
    return dash if dash >= 0 else item.start_mark.column


def _history_indent(actions: yaml.SequenceNode, lines: Sequence[str]) -> int:
    """How far this file indents history items past the action's keys (2 if none to copy)."""
    for item in actions.value:
        if not isinstance(item, yaml.MappingNode):
            continue
        found = mapping_entry(item, "history")
        if found and isinstance(found[1], yaml.SequenceNode) and found[1].value:
            if not found[1].flow_style:
                return dash_column(found[1].value[0], lines) - found[0].start_mark.column
    return 2


# --- writing the new entry ------------------------------------------------------------------


def _needs_quotes(text: str) -> bool:
    # PyYAML (YAML 1.1) reads yes/no/on/off, 1_000 and 12:30 as non-text; ruamel (1.2) does
    # not quote them, so quote whatever PyYAML would not read back as this very text.
    tag = yaml.resolver.Resolver().resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, text, (True, False)
    )
    return bool(tag != "tag:yaml.org,2002:str")


def _prepared(value: Any) -> Any:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, str):
        return DoubleQuotedScalarString(value) if _needs_quotes(value) else value
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = _prepared(item)
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq(_prepared(v) for v in value)
        seq.fa.set_flow_style()  # owners: [maria-cordrey], as the files write short lists
        return seq
    return value


def emit_item(entry: Mapping[str, Any], dash_column: int, newline: str = "\n") -> list[str]:
    """`entry` as the lines of one block-sequence item whose '-' is at `dash_column`."""
    from ruamel.yaml import YAML

    writer = YAML(typ="rt")
    writer.width = 100_000  # never fold a long text over lines
    writer.indent(mapping=2, sequence=2, offset=0)
    # One date used twice (raised and meeting) would become an anchor and alias, which
    # the loader refuses: write every value out in full.
    writer.representer.ignore_aliases = lambda *args: True
    buffer = io.StringIO()
    writer.dump([_prepared(entry)], buffer)
    pad = " " * dash_column
    return [pad + line + newline for line in buffer.getvalue().splitlines()]


@dataclass(frozen=True)
class Edited:
    """The new text of a file, and the lines that were added to it (1-based start)."""

    text: str
    first_line: int
    added: list[str]
    replaced: dict[int, tuple[str, str]]  # line number -> (old, new), for `history: []`


def _splice(
    text: str, after: int, new_lines: list[str], replace: dict[int, str] | None = None
) -> Edited:
    lines = text.splitlines(keepends=True)
    newline = _newline(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += newline
    replaced = {}
    for index, new in (replace or {}).items():
        replaced[index + 1] = (lines[index], new)
        lines[index] = new
    result = lines[: after + 1] + new_lines + lines[after + 1 :]
    return Edited("".join(result), after + 2, new_lines, replaced)


def _verify(edited: Edited, expect: Any, name: str = "actions.yaml") -> Edited:
    """The edited text must read back as exactly the data we meant to write."""
    try:
        got = read_back(edited.text)
    except Unreadable:
        got = None
    if got != expect:
        raise EditRefused(
            f"fostlog could not add the new lines to {name} without changing what "
            "the rest of the file says, so it has not changed the file.",
            "Make the change by hand; and please report this (it is a bug in fostlog).",
        )
    return edited


def _newline(text: str) -> str:
    """The file's own line ending: a CR-only file gets CR lines too."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def observation_entry(
    as_of: dt.date, status: Status, recorded: str | None = None, note: str | None = None,
    *, source: str | None = None, precision: DatePrecision = DatePrecision.day,
) -> dict[str, Any]:
    """One history entry, keys in the register's order. A month-only date is the month's
    first day with `as_of_precision: month`, as `raised` is for a month."""
    if precision is DatePrecision.month:
        as_of = as_of.replace(day=1)
    entry: dict[str, Any] = {"as_of": as_of}
    if precision is DatePrecision.month:
        entry["as_of_precision"] = precision.value
    entry["status"] = status.value
    if recorded:
        entry["recorded"] = recorded
    if source:
        entry["source"] = source
    if note:
        entry["note"] = note
    return entry


def same_day_entries(action: Action, as_of: dt.date,
                     precision: DatePrecision = DatePrecision.day) -> list[Observation]:
    """The action's observations that may be of the same day as a new one dated `as_of`
    (for a month-only date, any in that month): a second entry that day leaves unclear
    which status held on it."""
    return [o for o in action.history if domain.may_be_same_day(o, as_of, precision)]


# --- one action found without reading the whole register ------------------------------------

def _compose_lines(lines: Sequence[str], start: int, end: int) -> yaml.MappingNode | None:
    """The one block-list item on lines start..end composed alone (earlier lines blank,
    so its marks are the file's), or None if those lines are not exactly one item."""
    try:
        node = yaml.compose("\n" * start + "\n".join(lines[start:end]) + "\n", Loader=_Loader)
    except yaml.YAMLError:
        return None
    if (not isinstance(node, yaml.SequenceNode) or node.flow_style or len(node.value) != 1
            or not isinstance(node.value[0], yaml.MappingNode)):
        return None
    return node.value[0]


@dataclass(frozen=True)
class _Alone:
    """An action composed from its own lines, and as `actions` a list holding the first
    action in the file with a history to copy the indentation of (as _history_indent
    looks for it), if there is one."""

    action: yaml.MappingNode
    actions: yaml.SequenceNode
    start: int  # the action's first line, 0-based
    end: int  # the line after its own: the next action's first, or the end of the list


def _action_alone(text: str, action_id: str) -> _Alone | None:
    """The action's own lines composed alone, when the register is laid out plainly and
    exactly one action has the id; else None, and the whole file is composed (on a
    50,000-action register that took seconds, and most of `actions update`'s memory)."""
    if not lines_agree(text):
        return None
    spans = action_spans(text)
    if spans is None:
        return None
    mine = [(first, after) for first, after, found in spans if found == action_id]
    if len(mine) != 1:
        return None
    start, end = mine[0]
    lines = text.splitlines()
    action = _compose_lines(lines, start, end)
    found = mapping_entry(action, "id") if action is not None else None
    if action is None or found is None or not isinstance(found[1], yaml.ScalarNode) or (
            found[1].value != action_id):
        return None
    copied: list[yaml.Node] = []
    for first, after, _ in spans:
        if any("history" in line for line in lines[first:after]):
            node = action if first == start else _compose_lines(lines, first, after)
            if node is None:
                return None
            history = mapping_entry(node, "history")
            if history and isinstance(history[1], yaml.SequenceNode) and history[1].value \
                    and not history[1].flow_style:
                copied.append(node)
                break
    return _Alone(action, yaml.SequenceNode("tag:yaml.org,2002:seq", copied), start, end)


def _only_the_action_changed(edited: Edited, text: str, alone: _Alone,
                             entry: Mapping[str, Any]) -> bool:
    """_verify for an action found alone: the new lines are among the action's own, every
    other line is as it was, and the action's lines read back as the action with `entry`
    at the end of its history."""
    old = text.splitlines(keepends=True)
    if old and not old[-1].endswith(("\n", "\r")):
        old[-1] += _newline(text)  # as _splice ends the file
    new = edited.text.splitlines(keepends=True)
    grown = len(new) - len(old)
    after = edited.first_line - 2  # the line the new ones follow
    if grown != len(edited.added) or not alone.start <= after < alone.end:
        return False
    end = alone.end + grown
    if new[:alone.start] != old[:alone.start] or new[end:] != old[alone.end:]:
        return False
    try:
        before = read_back("\n" * alone.start + "".join(old[alone.start:alone.end]))
        now = read_back("\n" * alone.start + "".join(new[alone.start:end]))
    except Unreadable:
        return False
    if not (isinstance(before, list) and len(before) == 1 and isinstance(before[0], dict)):
        return False
    before[0]["history"] = [*(before[0].get("history") or []), dict(entry)]
    return bool(now == before)


def append_observation(text: str, action_id: str, entry: Mapping[str, Any]) -> Edited:
    """Add `entry` at the end of the action's history; every other line is kept as it is.
    The action is found from its own lines where the register is laid out plainly (and
    only they are read back), else by composing the whole file."""
    alone = _action_alone(text, action_id)
    if alone is not None:
        edited = _observation_spliced(text, alone.actions, alone.action, action_id, entry)
        if _only_the_action_changed(edited, text, alone, entry):
            return edited
    root = _compose(text)
    actions = _actions_node(root)
    action = _action_node(actions, action_id)
    if action is None:
        raise EditRefused(f"There is no action {action_id} in actions.yaml.")
    edited = _observation_spliced(text, actions, action, action_id, entry)
    expect = read_back(text)
    for item in expect["actions"]:
        if isinstance(item, dict) and str(item.get("id")) == action_id:
            item["history"] = [*(item.get("history") or []), dict(entry)]
    return _verify(edited, expect)


def _observation_spliced(text: str, actions: yaml.SequenceNode, action: yaml.MappingNode,
                         action_id: str, entry: Mapping[str, Any]) -> Edited:
    """The text with `entry` added as the last line(s) of `action`'s history."""
    lines = text.splitlines()
    newline = _newline(text)
    found = mapping_entry(action, "history")
    replace: dict[int, str] = {}
    if found is None:
        key_column = action.value[0][0].start_mark.column
        after = after_own_comments(last_line(action, lines), lines, key_column)
        dash = key_column + _history_indent(actions, lines)
        new_lines = [" " * key_column + "history:" + newline, *emit_item(entry, dash, newline)]
    else:
        key, history = found
        if isinstance(history, yaml.SequenceNode) and history.value and not history.flow_style:
            dash = dash_column(history.value[0], lines)
            after = after_own_comments(last_line(history, lines), lines, dash)
            new_lines = emit_item(entry, dash, newline)
        elif _is_empty_on_key_line(key, history):
            # `history: []` or `history:` (null): the value goes, its comment stays.
            row = lines[key.start_mark.line]
            start, end = history.start_mark.column, history.end_mark.column
            kept = (row[:start].rstrip() + row[end:]).rstrip()
            after = key.start_mark.line
            replace[after] = kept + newline
            dash = key.start_mark.column + _history_indent(actions, lines)
            new_lines = emit_item(entry, dash, newline)
        else:
            raise EditRefused(
                f"Action {action_id}'s history is written on one line ([...]), which fostlog "
                "cannot extend without rewriting it.",
                "Write the history as a list of '- as_of: ...' entries, then run this again.",
            )
    return _splice(text, after, new_lines, replace)


def _is_empty_on_key_line(key: yaml.Node, value: yaml.Node) -> bool:
    same_line = value.start_mark.line == key.start_mark.line == value.end_mark.line
    if isinstance(value, yaml.SequenceNode):
        return same_line and not value.value
    return (
        isinstance(value, yaml.ScalarNode)
        and value.tag == "tag:yaml.org,2002:null"
        and (same_line or value.start_mark.line == key.start_mark.line)
    )


def append_action(text: str, entry: Mapping[str, Any]) -> Edited:
    """Add a whole action at the end of the register."""
    root = _compose(text)
    actions = _actions_node(root)
    lines = text.splitlines()
    newline = _newline(text)
    if not actions.value or actions.flow_style:
        raise EditRefused(
            "actions.yaml has no actions written as a list yet, so fostlog cannot tell how "
            "to lay out a new one.",
            "Add the first action by hand (see tests/fixtures/mini/actions.yaml).",
        )
    dash = dash_column(actions.value[0], lines)
    after = after_own_comments(last_line(actions, lines), lines, dash)
    expect = read_back(text)
    expect["actions"].append(dict(entry))
    return _verify(_splice(text, after, emit_item(entry, dash, newline)), expect)


def _block_indent(root: yaml.MappingNode, lines: Sequence[str]) -> int:
    """How far this file indents a top-level list's items past their key (2 if none)."""
    for key, value in root.value:
        if isinstance(value, yaml.SequenceNode) and value.value and not value.flow_style:
            return int(dash_column(value.value[0], lines) - key.start_mark.column)
    return 2


def _before_key(key: yaml.Node, lines: Sequence[str]) -> int:
    """The line after which to insert something that goes before `key`: above the
    comment lines right over the key (they are about it)."""
    line = key.start_mark.line - 1
    while line >= 0 and lines[line].lstrip().startswith("#"):
        line -= 1
    return line


def _id_item(action_id: str, dash_column: int, newline: str) -> str:
    # Quoted as the meeting files quote every id: "47" unquoted would read as a number.
    return f'{" " * dash_column}- "{action_id}"{newline}'


def append_raised(text: str, action_id: str, name: str) -> Edited:
    """Add `action_id` at the end of a meeting file's `actions_raised` list; every other
    line is kept as it is. `name` is the file as the coordinator knows it, for messages."""
    root = _compose(text, name)
    lines = text.splitlines()
    newline = _newline(text)
    found = mapping_entry(root, "actions_raised")
    replace: dict[int, str] = {}
    if found is None:
        # No list yet: it goes where the files keep it, before actions_mentioned.
        mentioned = mapping_entry(root, "actions_mentioned")
        after = _before_key(mentioned[0], lines) if mentioned else len(lines) - 1
        new_lines = ["actions_raised:" + newline,
                     _id_item(action_id, _block_indent(root, lines), newline)]
    else:
        key, raised = found
        if isinstance(raised, yaml.SequenceNode) and raised.value and not raised.flow_style:
            dash = dash_column(raised.value[0], lines)
            after = after_own_comments(last_line(raised, lines), lines, dash)
            new_lines = [_id_item(action_id, dash, newline)]
        elif _is_empty_on_key_line(key, raised):
            # `actions_raised: []` (or nothing): the value goes, a comment after it stays.
            row = lines[key.start_mark.line]
            start, end = raised.start_mark.column, raised.end_mark.column
            after = key.start_mark.line
            replace[after] = (row[:start].rstrip() + row[end:]).rstrip() + newline
            dash = key.start_mark.column + _block_indent(root, lines)
            new_lines = [_id_item(action_id, dash, newline)]
        elif isinstance(raised, yaml.SequenceNode) and (
            raised.start_mark.line == raised.end_mark.line
        ):
            # `actions_raised: ["1"]`: the new id goes before the closing bracket.
            at = raised.start_mark.line
            row = lines[at]
            close = raised.end_mark.column - 1
            row = row[:close].rstrip() + f', "{action_id}"' + row[close:]
            expect = read_back(text)
            expect["actions_raised"] = [*expect["actions_raised"], action_id]
            edited = _splice(text, at, [], {at: row + newline})
            return _verify(Edited(edited.text, at + 1, [], edited.replaced), expect, name)
        else:
            raise EditRefused(
                f"{name} writes actions_raised over several lines in brackets ([...]), "
                "which fostlog cannot extend without rewriting it.",
                "Write it as a list of '- \"47\"' lines, then run this again.",
            )
    expect = read_back(text)
    expect["actions_raised"] = [*(expect.get("actions_raised") or []), action_id]
    return _verify(_splice(text, after, new_lines, replace), expect, name)


def next_action_id(actions: Sequence[Action]) -> str:
    """The next integer after the highest numbered action."""
    numbers = [int(a.id) for a in actions if a.id.isdigit()]
    return str(max(numbers, default=0) + 1)


def diff(old: str, new: str, name: str) -> str:
    return "".join(
        difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), name, name
        )
    )


# --- checking an edit against the whole repository -------------------------------------------


def relative_name(file: str, root: Path) -> str:
    """A file as loaded (a display path) as its name inside the data folder `root`."""
    path = Path(file)
    if not path.is_absolute():
        path = Path.cwd() / path
    try:
        return path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return file


def lint_edit(root: Path, texts: Mapping[str, str],
              before: Sequence[Diagnostic] | None = None
              ) -> tuple[list[Diagnostic], list[Diagnostic]]:
    """What lint would find with each file named (a path inside the data folder) given
    the new text: (the errors it does not find now, compared by file, rule and message
    since lines move in an edit; everything it would find). `before`: what lint found, if
    the caller has just run it (at worst an older state, whose errors count as added:
    refusing, never letting one through).

    The new state is the cache (every other file as last read) plus the new texts given
    as the files' texts, so the check costs in proportion to the change, and nothing is
    written anywhere in the data folder while checking."""
    from fostlog.files.load import load_and_check

    def keyed(diagnostics: Sequence[Diagnostic]) -> dict[tuple[str, str, str], Diagnostic]:
        return {
            (relative_name(d.file, root), d.rule, d.message): d for d in diagnostics if d.is_error
        }

    found_before = keyed(before if before is not None else load_and_check(root)[1])
    replace = {file: text.encode("utf-8") for file, text in texts.items()}
    after = load_and_check(root, replace=replace)[1]
    added = [d for key, d in sorted(keyed(after).items()) if key not in found_before]
    return added, after


def errors_added(root: Path, texts: Mapping[str, str],
                 before: Sequence[Diagnostic] | None = None) -> list[Diagnostic]:
    """The lint errors the data would have with `texts` (see lint_edit) that it has not
    now."""
    return lint_edit(root, texts, before)[0]


# --- writing ----------------------------------------------------------------------------------


def write_together(changes: Sequence[tuple[Path, str, str]]) -> None:
    """Write each (path, old text, new text), all or none (safewrite.write_all): refused
    for a file that is no longer the old text."""
    write_all([(path, old.encode("utf-8"), new) for path, old, new in changes])
