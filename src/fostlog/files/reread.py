"""An edited action register read from its changed action alone.

`fostlog actions update` changes one action's lines. Checking the register it would
write (edit.errors_added) used to parse and validate the whole file: about two seconds
for 10,000 actions, most of the command. When the register as it is on disk was read
without a problem (its cache entry), and the new text differs from it within one
action's lines, both laid out plainly (layout.action_spans), the new register is the old
one with that action read again from its own lines and the positions of everything after
it moved by the lines added. Anything else gives None, and the whole file is read.
"""

from __future__ import annotations

from typing import Any

from fostlog.core.kinds import FileKind
from fostlog.core.models import Origin
from fostlog.core.positions import KeyPath, Position
from fostlog.files import cache
from fostlog.files.cache import FileEntry
from fostlog.files.layout import action_spans, lines_agree

Records = list[tuple[str, Any]]
LIST_KEY = "actions"  # the register's one list (layout.action_spans finds its items)


def _text(raw: bytes) -> str | None:
    """The text, if it is one the line-by-line look may judge: UTF-8 without a byte-order
    mark, a NUL, a line break YAML and Python count differently, or a lone CR."""
    if raw.startswith(b"\xef\xbb\xbf") or b"\x00" in raw:
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return text if lines_agree(text) else None


def _same_at_start(old: str, new: str) -> int:
    """How many characters the two texts share at their start (halving compared views:
    a loop over 300,000 lines and the lists of them cost more than reading the file)."""
    low, high = 0, min(len(old), len(new))
    while low < high:
        middle = (low + high + 1) // 2
        if old[low:middle] == new[low:middle]:
            low = middle
        else:
            high = middle - 1
    return low


def _changed_lines(old: str, new: str) -> tuple[int, int]:
    """How many whole lines the two texts share at their start, and at their end (not
    overlapping)."""
    start = _same_at_start(old, new)
    same_start = old.count("\n", 0, start)  # the lines before the one with the change
    first_changed = old.rfind("\n", 0, start) + 1
    room = min(len(old), len(new)) - first_changed
    end = _same_at_start(old[::-1][:room], new[::-1][:room])
    if not end:
        return same_start, 0
    # Whole lines inside the shared end: each that starts after a line break inside it,
    # and the first if it starts a line in both texts.
    old_start, new_start = len(old) - end, len(new) - end
    same_end = old.count("\n", old_start, len(old) - 1)
    if old[old_start - 1:old_start] in ("", "\n") and new[new_start - 1:new_start] in ("", "\n"):
        same_end += 1
    return same_start, same_end


def _line_count(text: str) -> int:
    """As many lines as str.splitlines() gives (no odd line breaks: see _text)."""
    return text.count("\n") + (0 if not text or text.endswith("\n") else 1)


def _lines(text: str, first: int, after: int) -> str:
    """Lines first..after (0-based) of the text, with their line breaks."""
    start = 0
    for _ in range(first):
        start = text.index("\n", start) + 1
    end = start
    for _ in range(after - first):
        found = text.find("\n", end)
        end = len(text) if found < 0 else found + 1
    return text[start:end]


def _item_alone(whole: str, first: int, after: int, name: str,
                kind: FileKind) -> tuple[Any, dict[KeyPath, Position], int] | None:
    """The one list item on lines first..after read alone (earlier lines blank, so its
    positions are the file's): its value, its positions, the values it holds."""
    from fostlog.files.yamlsafe import parse_yaml_text

    text = "\n" * first + _lines(whole, first, after)
    parsed = parse_yaml_text(text.encode("utf-8"), name, kind.max_values)
    if not parsed.ok or parsed.diagnostics or not isinstance(parsed.data, list) or len(
            parsed.data) != 1:
        return None
    return parsed.data[0], parsed.positions, parsed.values


def changed_action(old_raw: bytes, new_raw: bytes, entry: FileEntry, kind: FileKind
                   ) -> tuple[Records, dict[KeyPath, Position], int] | None:
    """The records, positions and count of values of `new_raw`, the register `old_raw`
    (whose cache entry is `entry`, read without a problem) with one action's lines
    changed; None when that is not what it is, or it cannot be told line by line."""
    from pydantic import ValidationError

    if len(kind.lists) != 1 or kind.lists[0].key != LIST_KEY or entry.diagnostics:
        return None
    old_text, new_text = _text(old_raw), _text(new_raw)
    if old_text is None or new_text is None:
        return None
    spans = action_spans(new_text)
    records = cache.unpack_records(entry.records)
    if spans is None or records is None or len(records) != len(spans):
        return None
    old_count, new_count = _line_count(old_text), _line_count(new_text)
    same_start, same_end = _changed_lines(old_text, new_text)
    changed_end = new_count - same_end
    if changed_end <= same_start:
        return None  # nothing added: a removal, or no change
    mine = [(index, first, after) for index, (first, after, _) in enumerate(spans)
            if first <= same_start and changed_end <= after]
    if len(mine) != 1:
        return None
    index, first, after = mine[0]
    moved = new_count - old_count
    new_item = _item_alone(new_text, first, after, entry.name, kind)
    old_item = _item_alone(old_text, first, after - moved, entry.name, kind)
    if new_item is None or old_item is None:
        return None
    value, item_positions, item_values = new_item
    values = entry.values - old_item[2] + item_values
    if values > kind.max_values:
        return None  # the whole reading says so, at the value past the bound
    try:
        action = kind.lists[0].model.model_validate(value)
    except ValidationError:
        return None  # the whole reading says where and why
    action.set_origin(Origin(file=entry.name, path=(LIST_KEY, index)))
    records = [*records[:index], (kind.lists[0].into, action), *records[index + 1:]]
    positions = cache.unpack_positions(entry.positions)  # changed in place: 300,000 keys
    for path in [path for path in positions if len(path) >= 2 and path[0] == LIST_KEY
                 and isinstance(path[1], int) and path[1] >= index]:
        if path[1] == index:
            del positions[path]  # the changed action's: read again below
        elif moved:
            line, column = positions[path]
            positions[path] = (line + moved, column)
    for path, position in item_positions.items():
        if path:
            positions[(LIST_KEY, index, *path[1:])] = position
    return records, positions, values
