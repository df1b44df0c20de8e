"""YAML as text: one emitter of a record's lines and one inserter of items into a block
list, used by every writer of the data files (actions add/update, the importers).

An edit must leave every other byte of a file as the coordinator wrote it: comments, key
order, quoting, blank lines, line endings (LF, CRLF or CR alone). A load-and-dump, even a
round-trip one, re-indents and re-quotes some constructs, so the inserter finds where a
list ends with PyYAML's composer and splices the new lines in there as whole lines. The
result is read back as lint reads it (yamlsafe) and must equal the old data plus the new
items, or nothing is returned (EditRefused).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any

import yaml

from fostlog.files.yamlsafe import Unreadable, read_back

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - libyaml not compiled in
    _Loader = yaml.SafeLoader

Path_ = tuple[str | int, ...]  # where a comment goes: a key's path inside the item
Comments = Mapping[Path_, Sequence[str]]
Step = str | tuple[str, str]  # a key, or (key, value): the list item whose `key` is `value`


class EditRefused(Exception):
    """The edit cannot be made as asked; the message says why in the coordinator's words.
    `usage`: the request itself is wrong (the command exits 2, as for a bad option)."""

    def __init__(self, message: str, hint: str = "", *, usage: bool = False):
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.usage = usage


def comment_text(text: str) -> str:
    """Text from the data made safe for a comment or any one line fostlog writes: every
    line break YAML or an editor honours (CR, LF, NEL, U+2028, U+2029, VT, FF) a space,
    every other control character U+FFFD (escape.plain_text). A name holding a line
    separator must not end a `# Kent` line and start a real attendee."""
    from fostlog.core.escape import plain_text

    return plain_text(text).replace("\n", " ")


# The only line ends fostlog splits its own files at: str.splitlines would also split at
# NEL, U+2028, U+2029, VT and FF, which a quoted value may hold.
_LINE_END = re.compile(r"\r\n|\r|\n")


def lines_of(text: str, keepends: bool = False) -> list[str]:
    """`text` split at CR LF, CR and LF only (as YAML 1.2 does), like str.splitlines."""
    if not text:
        return []
    lines = []
    start = 0
    for end in _LINE_END.finditer(text):
        lines.append(text[start:end.end() if keepends else end.start()])
        start = end.end()
    if start < len(text):
        lines.append(text[start:])
    return lines


# A value holding any of these is written in double quotes, where YAML escapes them
# (\L, \P, \N, \x1b): written raw, a reader would take them for line breaks or drop them.
_ESCAPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]")


class Quoted(str):
    """Text written in double quotes whatever it says: the meeting files quote every
    action number ("47" unquoted would read as a number, "2020-07-21/2" is quoted alike)."""


# --- the emitter ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    """How a file lays out what it holds. `width`: long text is folded (`>-`) at this
    width (None: one line, whatever its length); `flow_keys`: mappings written on one line
    (`values: {approved: 135}`), and lists of mappings one item a line (`- {dfe_number:
    308, closeness: close}`); `list_indent`: how far a list's '-' is indented past its
    key; `quote`: how text that would otherwise read as something else is quoted ("Yes",
    "47")."""

    width: int | None = None
    flow_keys: frozenset[str] = frozenset()
    list_indent: int = 2
    quote: str = '"'


class _Dumper(yaml.SafeDumper):
    fold_over: int | None = None  # a longer text is folded (`>-`)
    quote: str = '"'


def _represent_str(dumper: _Dumper, data: str) -> yaml.Node:
    style = None
    if isinstance(data, Quoted) or _ESCAPED.search(data):
        style = '"'
    elif _needs_quotes(data):
        style = dumper.quote
    elif dumper.fold_over and len(data) > dumper.fold_over and data == data.strip() \
            and "\n" not in data:
        style = ">"  # a long note reads better folded than as one quoted line
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(Quoted, _represent_str)


@functools.cache
def _dumper(layout: Layout) -> type[_Dumper]:
    if layout == Layout():
        return _Dumper
    return type("_LaidOutDumper", (_Dumper,), {
        "fold_over": layout.width - 20 if layout.width else None, "quote": layout.quote})


def _needs_quotes(text: str) -> bool:
    # PyYAML (YAML 1.1) reads yes/no/on/off, 1_000 and 12:30 as non-text: quote whatever
    # it would not read back as this very text, as every reader of the files will agree.
    tag = yaml.resolver.Resolver().resolve(  # type: ignore[no-untyped-call]
        yaml.ScalarNode, text, (True, False))
    return bool(tag != "tag:yaml.org,2002:str")


def _plain(value: Any) -> Any:
    """Model data as YAML's plain types: records as their fields, enums by value."""
    if isinstance(value, Enum):
        return value.value
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="python")
    return value


def _leaf(key: str, value: Any, column: int, lead: str, layout: Layout) -> list[str]:
    """`key: value` for a value PyYAML writes on the key's line (continued below it when
    long), starting with `lead` and continued at `column`."""
    if isinstance(value, Mapping):
        value = {k: _plain(v) for k, v in value.items()}
    elif isinstance(value, list):
        value = [_plain(v) for v in value]
    flow = isinstance(value, list) or key in layout.flow_keys
    text = yaml.dump({key: value}, Dumper=_dumper(layout), sort_keys=False,
                     allow_unicode=True, width=layout.width - column if layout.width else 10**9,
                     default_flow_style=None if flow else False)
    lines = lines_of(text)
    return [lead + lines[0]] + [" " * column + line for line in lines[1:]]


def emit(value: Mapping[str, Any], column: int, comments: Comments | None = None,
         path: Path_ = (), first_prefix: str = "", layout: Layout = Layout()) -> list[str]:
    """A mapping as block YAML lines (no line endings) with its keys at `column`;
    `first_prefix` ("- ") starts its first line, as a list item. The comment lines kept
    in `comments` for a key's path go just above it. A list of plain values is written on
    one line (`owners: [maria-cordrey]`), as the files write short lists, unless one of
    its values has a comment."""
    comments = comments or {}
    lines: list[str] = []
    for number, (key, item) in enumerate(value.items()):
        here = (*path, key)
        first = number == 0 and bool(first_prefix)
        lead = " " * (column - len(first_prefix)) + first_prefix if first else " " * column
        lines += [" " * (column - len(first_prefix) if first else column) + _comment(line)
                  for line in comments.get(here, [])]
        item = _plain(item)
        if isinstance(item, Mapping) and item and key not in layout.flow_keys:
            lines.append(f"{lead}{key}:")
            lines += emit(item, column + 2, comments, here, layout=layout)
        elif isinstance(item, list) and item and key not in layout.flow_keys and any(
                isinstance(_plain(e), Mapping) or (*here, i) in comments
                for i, e in enumerate(item)):
            lines.append(f"{lead}{key}:")
            dash = column + layout.list_indent
            for index, element in enumerate(item):
                lines += item_lines(element, dash, comments, (*here, index), layout)
        else:
            lines += _leaf(str(key), item, column, lead, layout)
    return lines


def item_lines(item: Any, dash: int, comments: Comments | None = None, path: Path_ = (),
               layout: Layout = Layout()) -> list[str]:
    """One block-list item whose '-' is at column `dash`, the comment lines for `path`
    above it."""
    comments = comments or {}
    lines = [" " * dash + _comment(line) for line in comments.get(path, [])]
    item = _plain(item)
    if isinstance(item, Mapping):
        return lines + emit(item, dash + 2, comments, path, "- ", layout)
    return lines + [" " * dash + "- " + scalar(item)]


def _comment(line: str) -> str:
    """A comment line as the emitter writes it: its text on one line, whatever it quotes."""
    return comment_text(line) if line.lstrip().startswith("#") else "# " + comment_text(line)


def scalar(value: Any) -> str:
    """One plain value as YAML text on one line."""
    text = yaml.dump(_plain(value), Dumper=_Dumper, allow_unicode=True, width=10**9,
                     default_flow_style=True)
    return text.removesuffix("\n").removesuffix("\n...").rstrip("\n")


def document(value: Mapping[str, Any], header: Sequence[str] = (),
             comments: Comments | None = None, layout: Layout = Layout()) -> str:
    """A whole file: the `header` lines (the modeline, comments), then `value`."""
    header = [_comment(line) if line else line for line in header]
    return "\n".join([*header, *emit(value, 0, comments, layout=layout)]) + "\n"


# --- the inserter -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Inserted:
    """The new text of a file, and the 1-based line where the new lines start."""

    text: str
    first_line: int


def newline_of(text: str) -> str:
    """The file's own line ending: a CR-only file gets CR lines too."""
    if "\r\n" in text:
        return "\r\n"
    return "\r" if "\r" in text and "\n" not in text else "\n"


def _entry(mapping: yaml.Node, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    """The (key, value) nodes of `key` in a mapping node; None when absent or no mapping."""
    if isinstance(mapping, yaml.MappingNode):
        for key_node, value_node in mapping.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                return key_node, value_node
    return None


def _last_line(node: yaml.Node, lines: Sequence[str]) -> int:
    """The 0-based index of the last line holding part of `node`'s content."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and node.value:
        last = node.value[-1]
        node = last[1] if isinstance(last, tuple) else last
    mark = node.end_mark
    line = mark.line if mark.column > 0 else mark.line - 1
    while line > node.start_mark.line and not lines[line].strip():
        line -= 1
    return line


def _after_own_comments(line: int, lines: Sequence[str], indent: int) -> int:
    """Comment lines right below an entry and indented deeper than `indent` belong to it."""
    while line + 1 < len(lines):
        text = lines[line + 1]
        stripped = text.lstrip(" ")
        if not stripped.startswith("#") or len(text) - len(stripped) <= indent:
            break
        line += 1
    return line


def _dash(item: yaml.Node, lines: Sequence[str]) -> int:
    """The column of the '- ' that starts a block sequence item."""
    row = lines[item.start_mark.line]
    dash = row.rfind("-", 0, item.start_mark.column)
    return dash if dash >= 0 else item.start_mark.column


def _is_block_list(node: yaml.Node) -> bool:
    return isinstance(node, yaml.SequenceNode) and bool(node.value) and not node.flow_style


def _list_indent(root: yaml.Node, key: str, lines: Sequence[str]) -> int:
    """How far this file indents a list's '-' past its key: as the first list under the
    same key does, else as the first list in the file, else 2."""
    found: dict[bool, int] = {}
    todo = [root]
    while todo and True not in found:
        node = todo.pop(0)
        if isinstance(node, yaml.MappingNode):
            for key_node, value in node.value:
                if _is_block_list(value):
                    same = isinstance(key_node, yaml.ScalarNode) and key_node.value == key
                    found.setdefault(same, _dash(value.value[0], lines)
                                     - key_node.start_mark.column)
                todo.append(value)
        elif isinstance(node, yaml.SequenceNode):
            todo += node.value
    return found.get(True, found.get(False, 2))


def _is_empty(key: yaml.Node, value: yaml.Node) -> bool:
    """`key: []`, `key: null` or `key:` with nothing after it."""
    if isinstance(value, yaml.SequenceNode):
        return not value.value and value.start_mark.line == value.end_mark.line
    return isinstance(value, yaml.ScalarNode) and value.tag == "tag:yaml.org,2002:null"


def _read(text: str, name: str) -> Any:
    """A data file's text as fostlog's own reader (yamlsafe) reads it, as lint will."""
    try:
        return read_back(text, name)
    except Unreadable as unreadable:
        problem = unreadable.problem
        where = f"line {problem.line}: {problem.message}" if problem else "it does not read"
        raise EditRefused(f"{name} cannot be read ({where}).",
                          "Run 'fostlog lint' and fix it first.") from None


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


def _node_at(node: yaml.Node, steps: Sequence[Step], name: str) -> yaml.Node:
    for step in steps:
        if isinstance(step, tuple):
            key, value = step
            items = node.value if isinstance(node, yaml.SequenceNode) else []
            found = next((item for item in items if (pair := _entry(item, key))
                          and isinstance(pair[1], yaml.ScalarNode) and pair[1].value == value),
                         None)
            if found is None:
                raise EditRefused(f"There is no {key} {value} in {name}.")
            node = found
        else:
            hit = _entry(node, step)
            if hit is None:
                raise EditRefused(f"{name} has no '{step}:' in it.")
            node = hit[1]
    return node


def insert_items(text: str, name: str, steps: Sequence[Step], items: Sequence[Any], *,
                 lead: Sequence[str] = (), comments: Comments | None = None,
                 paths: Sequence[Path_] = (), before: str | None = None) -> Inserted:
    """Add `items` at the end of the block list at `steps` (["actions"], or ["actions",
    ("id", "47"), "history"]) in the file `name` whose text is `text`; every other byte
    is kept. `lead` comment lines go before the first item; `comments` holds comment lines
    by path, item i's path being `paths[i]`. A list not there yet, or written `key: []`,
    `key: null` or `key:`, starts below its key (a comment after the value stays);
    one written in brackets on one line gets plain values before its ']'. A new key goes
    after the last of its mapping's, or before the key `before` and the comments above it.
    """
    lines = lines_of(text)
    newline = newline_of(text)
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as error:
        raise EditRefused(f"{name} cannot be read ({error}).",
                          "Run 'fostlog lint' and fix it first.") from None
    if not isinstance(root, yaml.MappingNode):
        raise EditRefused(f"{name} does not hold a mapping of keys and values.")
    parent = _node_at(root, steps[:-1], name)
    last = steps[-1]
    assert isinstance(last, str)
    hit = _entry(parent, last)
    replace: dict[int, str] = {}
    head: list[str] = []
    if hit is None:
        if not isinstance(parent, yaml.MappingNode) or not parent.value:
            raise EditRefused(f"{name}: fostlog cannot add '{last}' there.")
        placed = _entry(parent, before) if before else None
        if placed is not None:
            column = placed[0].start_mark.column
            after = placed[0].start_mark.line - 1
            while after >= 0 and lines[after].lstrip().startswith("#"):
                after -= 1  # the comments right above that key are about it
        else:
            column = parent.value[0][0].start_mark.column
            after = _after_own_comments(_last_line(parent, lines), lines, column)
        dash = column + _list_indent(root, last, lines)
        head = [" " * column + f"{last}:"]
    else:
        key, held = hit
        if _is_block_list(held):
            dash = _dash(held.value[0], lines)
            after = _after_own_comments(_last_line(held, lines), lines, dash)
        elif _is_empty(key, held):
            after = key.start_mark.line
            if held.start_mark.line == after == held.end_mark.line:
                row = lines[after]  # the value goes, a comment after it stays
                start, end = held.start_mark.column, held.end_mark.column
                replace[after] = (row[:start].rstrip() + row[end:]).rstrip()
            dash = key.start_mark.column + _list_indent(root, last, lines)
        elif isinstance(held, yaml.SequenceNode) and held.start_mark.line == held.end_mark.line \
                and not (lead or paths) and not any(isinstance(i, Mapping) for i in items):
            after = held.start_mark.line
            row, close = lines[after], held.end_mark.column - 1
            added = ", ".join(scalar(item) for item in items)
            replace[after] = row[:close].rstrip() + ", " + added + row[close:]
            dash = -1
        else:
            lines_used = "on one line" if held.start_mark.line == held.end_mark.line \
                else "over several lines"
            raise EditRefused(
                f"{name} writes {last} {lines_used} in brackets ([...]), which fostlog "
                "cannot extend without rewriting it.",
                "Write it as a list of '- ' lines, one item a line, then run this again.")
    new = head + [" " * dash + _comment(line) for line in lead] if dash >= 0 else []
    if dash >= 0:
        for index, item in enumerate(items):
            new += item_lines(item, dash, comments, paths[index] if paths else ())
    for index, row in replace.items():
        lines[index] = row
    joined = newline.join(lines[: after + 1] + new + lines[after + 1:]) + newline
    expect = _read(text, name)
    _data_at(expect, steps).extend(_as_read(item) for item in items)
    if _read(joined, name) != expect:
        raise EditRefused(
            f"fostlog could not add the new lines to {name} without changing what the rest "
            "of the file says, so it has not changed the file.",
            "Make the change by hand; and please report this (it is a bug in fostlog).")
    return Inserted(joined, after + 2 if new else after + 1)


def _as_read(item: Any) -> Any:
    """An item as the reader gives it back: records and enums as plain data."""
    item = _plain(item)
    if isinstance(item, Mapping):
        return {k: _as_read(v) for k, v in item.items()}
    if isinstance(item, list):
        return [_as_read(v) for v in item]
    return str(item) if isinstance(item, Quoted) else item
