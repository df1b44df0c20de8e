"""Where each action lies in a register laid out plainly, found with regular expressions
over its text instead of by reading the YAML: an edit to one action (edit.py) and the
checking of an edited register (load.py) then read that action's lines alone."""

from __future__ import annotations

import bisect
import re

# A line break PyYAML counts where str.splitlines() does not, or the other way round: a
# file with one is left to the full reading, whose positions agree with the lines.
_ODD_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"
_TOP_KEY = re.compile(r"[A-Za-z_][\w-]*:(?: |$)")
_ID_VALUE = re.compile(
    r" +(?:'(?P<single>[^'\n]*)'|\"(?P<double>[^\"\\\n]*)\"|(?P<plain>[^\s#'\"]\S*))"
    r" *(?:#.*)?")
# A value that may run on over lines whatever their indentation (a quoted text, a flow
# list), or a construct this quick look does not follow (tags, anchors, complex keys).
_MAY_RUN_ON = re.compile(r"[\"'\[{!&*?]")
_VALUE = re.compile(r"(?:- +)*(?:[A-Za-z_][\w-]*: +)?(?P<value>.*)")
_WHOLE_ON_ITS_LINE = re.compile(
    r"(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'|\[[^\"'\[\]{}]*\]|\{[^\"'\[\]{}]*\})"
    r" *(?:#.*)?")
# Each pattern below starts at the newline before a line and runs over "\n" + the text:
# a literal first character lets the search skip to newlines, where "^" would be tried
# at every character of the file.
_TAB_INDENT = re.compile(r"\n *\t")
_TOP_LINE = re.compile(r"\n([^ #\r\n][^\r\n]*)")
_FIRST_CONTENT = re.compile(r"\n( *)[^ #\r\n]")


def lines_agree(text: str) -> bool:
    """Whether YAML and Python count the same lines in the text (no line break only one of
    them counts, no CR alone): only then can its lines be judged one by one."""
    return not any(odd in text for odd in _ODD_BREAKS) and (
        text.count("\r") == text.count("\r\n"))


def _list_layout(dash: int) -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """For a list whose '-' is at column `dash`: its items' first lines (the group is up
    to the keys' column), the lines of an `id:` key (the indentation before the key, the
    value), and lines that belong to no item (less indented, or a non-item at the dash's
    column)."""
    return (re.compile(rf"\n( {{{dash}}}- +)(?=[^ \r\n#])"),
            re.compile(r"\n( *(?:- +)?)id:([^\r\n]*)"),
            re.compile(rf"\n(?: {{0,{dash - 1}}}[^ #\r\n]| {{{dash}}}(?!- +[^ \r\n#])[^ #\r\n])"
                       if dash else r"\n(?!- +[^ \r\n#])[^ #\r\n]"))


# Registers indent their list by a few columns: patterns made once for each.
_LIST_LAYOUT = [_list_layout(dash) for dash in range(9)]


def _line_is_whole(stripped: str) -> bool:
    """The line holds no start of a value that may run on to later lines: every quoted
    text and flow list on it closes on it (else the lines cannot be judged one by one)."""
    if not _MAY_RUN_ON.search(stripped):
        return True
    value = _VALUE.fullmatch(stripped)
    rest = value["value"] if value else stripped
    if not rest or rest[0] not in "\"'[{!&*?":
        return True  # plain text (Kent's plan): it ends where its indentation does
    return rest[0] in "\"'[{" and _WHOLE_ON_ITS_LINE.fullmatch(rest) is not None


def _id_of(rest: str | None) -> str | None:
    """The id written after `id:` (a plain, single- or double-quoted number), or None."""
    found = _ID_VALUE.fullmatch(rest or "")
    if found is None:
        return None
    for group in ("single", "double", "plain"):
        if found[group] is not None:
            return str(found[group])
    return None  # pragma: no cover - one of the three always matched


def action_spans(text: str) -> list[tuple[int, int, str]] | None:
    """(first line, line after, id) of every item of the top-level `actions:` block list,
    when the register is laid out plainly: each item a block mapping with one readable
    `id:` at its keys' column, no value running on over lines, every top-level line a
    plain key. Else None (flow style, several documents, tabs, anchors...): the slow,
    certain way is taken. Regular expressions over the whole text, not a loop over its
    lines: a 50,000-action register has hundreds of thousands."""
    body = "\n" + text  # see _TAB_INDENT
    if _TAB_INDENT.search(body):
        return None
    checked = -1  # the end of the last line checked
    for risky in _MAY_RUN_ON.finditer(text):
        if risky.start() < checked:
            continue
        start = text.rfind("\n", 0, risky.start()) + 1
        checked = text.find("\n", risky.start())
        checked = len(text) if checked < 0 else checked
        line = text[start:checked].rstrip("\r").lstrip(" ")
        if not line.startswith("#") and not _line_is_whole(line):
            return None
    heads = []
    for top in _TOP_LINE.finditer(body):
        line = top[1]
        if line[0] == "-" and not line.startswith("---"):
            continue
        if not _TOP_KEY.match(line):
            return None  # `---`, `%YAML`, a quoted or flow key, a byte-order mark
        if line.startswith("actions:"):
            heads.append(top)
    if len(heads) != 1 or heads[0][1][len("actions:"):].strip(" ")[:1] not in ("", "#"):
        return None
    begin = heads[0].end()
    after_list = next((top.start() for top in _TOP_LINE.finditer(body, begin)
                       if top[1][0] != "-"), len(body))
    first = _FIRST_CONTENT.search(body, begin, after_list)
    if first is None or len(first[1]) >= len(_LIST_LAYOUT):
        return None
    items, id_lines, stray = _LIST_LAYOUT[len(first[1])]
    if stray.search(body, begin, after_list):
        return None  # a line less indented than the items, or at their column but no item
    starts = [(item.start(), len(item[1])) for item in items.finditer(body, begin, after_list)]
    ids: list[list[str | None]] = [[] for _ in starts]
    offsets = [offset for offset, _ in starts]
    for found in id_lines.finditer(body, begin, after_list):
        index = bisect.bisect_right(offsets, found.start()) - 1
        if index >= 0 and len(found[1]) == starts[index][1]:
            ids[index].append(_id_of(found[2]))
    if not starts or any(len(each) != 1 or each[0] is None for each in ids):
        return None
    # A match starts at the newline before its line: the newlines before it number the line.
    number = body.count("\n", 0, offsets[0])
    ends = [*offsets[1:], after_list]
    lines = body.count("\n") - text.endswith("\n")  # as many as text.splitlines() gives
    spans = []
    for offset, following, each in zip(offsets, ends, ids, strict=True):
        after = min(number + body.count("\n", offset, following), lines)
        spans.append((number, after, str(each[0])))
        number = after
    return spans
