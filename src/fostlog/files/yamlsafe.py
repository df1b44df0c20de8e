"""Safe YAML reading that remembers where every key and item was.

PyYAML's own loaders build objects without positions, silently keep the last of two
duplicate keys and expand aliases (a "billion laughs" file can exhaust memory). Here the
C parser's event stream is turned into plain Python values by a small builder that:
- records the (line, column) of every mapping key and sequence item, by key path;
- refuses anchors, aliases and non-standard tags;
- reports duplicate keys and nesting deeper than MAX_DEPTH;
- never raises: every problem becomes a Diagnostic.
"""

from __future__ import annotations

import bisect
import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.positions import KeyPath, Position, position_in
from fostlog.core.rules import Rule
from fostlog.files import safefiles
from fostlog.files.safefiles import read_regular, regular_status

MAX_FILE_BYTES = safefiles.MAX_FILE_BYTES
MAX_DEPTH = 64
MAX_VALUES = safefiles.MAX_VALUES

try:
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # libyaml not compiled in: the pure-Python parser is slower, as safe
    _Loader = yaml.SafeLoader

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


@dataclass
class ParsedFile:
    """A YAML file's value, the position of each key path in it, and its problems."""

    file: str
    data: Any = None
    positions: dict[KeyPath, Position] = field(default_factory=dict)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    ok: bool = False
    values: int = -1  # how many it holds (scalars, lists, mappings); -1 when not all read

    def position(self, path: KeyPath) -> Position:
        """The position of `path`, or of its nearest ancestor that has one."""
        return position_in(self.positions, path)


class _Refused(Exception):
    """A file the builder will not go on reading (a Diagnostic explains why)."""

    def __init__(self, diagnostic: Diagnostic):
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


_STR = "tag:yaml.org,2002:str"
_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL_WORDS = {"true": True, "True": True, "TRUE": True,
               "false": False, "False": False, "FALSE": False}
# Decimal only, no leading zero: 026 is not read as octal 22, nor 4:15 as sexagesimal 255.
_DECIMAL = re.compile(r"[-+]?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")
_SPECIAL_FLOATS = {".inf": float("inf"), ".Inf": float("inf"), ".INF": float("inf"),
                   "+.inf": float("inf"), "+.Inf": float("inf"), "+.INF": float("inf"),
                   "-.inf": float("-inf"), "-.Inf": float("-inf"), "-.INF": float("-inf"),
                   ".nan": float("nan"), ".NaN": float("nan"), ".NAN": float("nan")}
# Python refuses to convert longer decimal text (and the conversion is quadratic).
_MAX_INT_DIGITS = 4300
_MAX_FLOAT_CHARS = 1000


class _ScalarMaker:
    """Turns scalar events into Python values: strictly, and in time linear in their text.

    PyYAML's resolver follows YAML 1.1, which reads 026 as octal 22, 4:15 as 255 and yes
    as true, silently; its sexagesimal and hex conversions are quadratic or unbounded on a
    long number. Here a plain scalar is null, true/false, a decimal integer, a float with
    a decimal point, or a date or timestamp (as YAML 1.1 writes them); anything else is
    text, so a count written any other way is a schema error that names what was written.
    An explicit standard tag (!!int, ...) is honoured only for text of that form."""

    # Plain scalars repeat a great deal (keys, ids, dates, null); their values are
    # immutable, so each is resolved once. Bounded, so a hostile file cannot grow it.
    _MEMO_LIMIT = 100_000

    def __init__(self) -> None:
        self._constructor = yaml.constructor.SafeConstructor()
        self._timestamp = yaml.resolver.Resolver.yaml_implicit_resolvers["0"]
        self._plain: dict[str, Any] = {}

    def make(self, event: yaml.ScalarEvent) -> Any:
        if event.tag is None:
            if event.style:  # quoted or block scalars are always text
                return event.value
            found = self._plain.get(event.value, _NO_KEY)
            if found is _NO_KEY:
                found = self.resolve(event.value)
                if len(self._plain) >= self._MEMO_LIMIT:
                    self._plain.clear()
                self._plain[event.value] = found
            return found
        if event.tag in ("!", _STR):
            return event.value
        found = self.resolve(event.value)
        kind = _TAG_OF.get(type(found), _STR)
        return found if kind == event.tag else event.value

    def resolve(self, text: str) -> Any:
        """The value of a plain scalar."""
        if text in _NULL_WORDS:
            return None
        if text in _BOOL_WORDS:
            return _BOOL_WORDS[text]
        if not text or text[0] not in "0123456789+-.":
            return text
        if _DECIMAL.fullmatch(text):
            return int(text) if len(text) <= _MAX_INT_DIGITS else text
        if text in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[text]
        if len(text) <= _MAX_FLOAT_CHARS and _FLOAT.fullmatch(text):
            return float(text)
        for tag, pattern in self._timestamp:
            if tag == "tag:yaml.org,2002:timestamp" and pattern.match(text):
                try:
                    return self._constructor.construct_yaml_timestamp(
                        yaml.ScalarNode(tag, text))
                except (ValueError, OverflowError):
                    # e.g. 2022-02-30 looks like a date but is not one: keep the text, so
                    # the schema check reports it at its own key as "not a valid date".
                    return text
        return text


_TAG_OF: dict[type, str] = {
    type(None): "tag:yaml.org,2002:null", bool: "tag:yaml.org,2002:bool",
    int: "tag:yaml.org,2002:int", float: "tag:yaml.org,2002:float",
    datetime.date: "tag:yaml.org,2002:timestamp",
    datetime.datetime: "tag:yaml.org,2002:timestamp",
}


_scalars = _ScalarMaker()


_ODD_BREAKS = re.compile("[\r\x85\u2028\u2029]")


class _Lines:
    """Positions as an editor counts lines: at each newline and nowhere else.

    libyaml also starts a line at CR, U+0085, U+2028 and U+2029, and puts the end of a
    file that lacks a final newline on a line of its own; then its line numbers point
    past the line meant, or past the end of the file. Its character index is exact.
    """

    def __init__(self, text: str):
        self._text = text
        self._starts: list[int] | None = None
        if _ODD_BREAKS.search(text):
            self._starts = self._line_starts()

    def _line_starts(self) -> list[int]:
        return [0] + [found.end() for found in re.finditer("\n", self._text)]

    def position(self, mark: Any, exact: bool = False) -> Position:
        """Where `mark` is; `exact` for an error mark, which may lie at the very end."""
        if self._starts is None and not exact:
            return (mark.line + 1, mark.column + 1)
        if self._starts is None:
            self._starts = self._line_starts()
        index = min(max(mark.index, 0), len(self._text))
        line = bisect.bisect_right(self._starts, index)
        return (line, index - self._starts[line - 1] + 1)


def _diag(file: str, pos: Position, rule: Rule, message: str,
          hint: str | None = None) -> Diagnostic:
    return rule.at(file, pos[0], pos[1], message, hint)


def _refuse(file: str, pos: Position, rule: Rule, message: str,
            hint: str | None = None) -> _Refused:
    return _Refused(_diag(file, pos, rule, message, hint))


def _key_not_scalar(file: str, pos: Position) -> _Refused:
    return _refuse(file, pos, rules.YAML_SYNTAX, "A key here is itself a list or mapping.",
                   "Keys must be plain words, e.g. 'date:'.")


def _too_deep(file: str, pos: Position) -> Diagnostic:
    return _diag(file, pos, rules.YAML_TOO_DEEP,
                 f"Values are nested more than {MAX_DEPTH} levels deep here.")


def _line_of_offset(raw: bytes, offset: int) -> Position:
    line = raw.count(b"\n", 0, offset) + 1
    column = offset - (raw.rfind(b"\n", 0, offset) + 1) + 1
    return (line, column)


def _check_node_event(file: str, event: Any, pos: Position) -> None:
    if event.anchor is None and event.tag is None:
        return  # the common case, checked first because every node passes here
    if event.anchor is not None:
        raise _refuse(file, pos, rules.YAML_ANCHOR,
                      f"YAML anchor '&{event.anchor}' is not allowed.")
    tag = getattr(event, "tag", None)
    if tag is not None and tag != "!" and tag not in _STANDARD_TAGS:
        raise _refuse(file, pos, rules.YAML_TAG, f"The YAML tag '{tag}' is not allowed.")


def _build(file: str, events: Any, parsed: ParsedFile, lines: _Lines,
           max_values: int = MAX_VALUES) -> Any:
    """Build the single document's value from the event stream, refusing a file of more
    than `max_values` values (scalars, lists and mappings): a bound on the work of reading
    one file, whatever it holds."""
    # Each frame: [container, path, pending_key, key_position, seen_keys]
    stack: list[list[Any]] = []
    root: Any = None
    have_root = False
    documents = 0

    def attach(value: Any, start_pos: Position) -> bool:
        """Attach a finished value to its parent; True if it was used as a mapping key."""
        nonlocal root, have_root
        if not stack:
            root, have_root = value, True
            return False
        frame = stack[-1]
        container, path = frame[0], frame[1]
        if isinstance(container, list):
            parsed.positions[(*path, len(container))] = start_pos
            container.append(value)
            return False
        if frame[2] is _NO_KEY:
            if isinstance(value, (dict, list)):
                raise _key_not_scalar(file, start_pos)
            if value in frame[4]:
                first = parsed.positions.get((*path, value), start_pos)
                parsed.diagnostics.append(_diag(
                    file, start_pos, rules.YAML_DUPLICATE_KEY,
                    f"The key '{value}' appears twice in this mapping "
                    f"(first at line {first[0]}); YAML would silently keep only the last."))
                frame[2] = _DUPLICATE
            else:
                frame[4].add(value)
                frame[2] = value
                parsed.positions[(*path, value)] = start_pos
            return True
        key = frame[2]
        if key is not _DUPLICATE:
            container[key] = value
        frame[2] = _NO_KEY
        return False

    values = 0
    for event in events:
        if isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent,
                              yaml.SequenceStartEvent)):
            pos = lines.position(event.start_mark)
            _check_node_event(file, event, pos)
            values += 1
            if values > max_values:
                raise _refuse(
                    file, pos, rules.FILE_TOO_LARGE,
                    f"This file holds more than {max_values:,} values (this is the next "
                    "one); no file of its kind needs so many, so it is not read.",
                    "Check what was saved here: it is usually a list repeated by mistake or "
                    "a file that is not the group's data.")
        if isinstance(event, yaml.ScalarEvent):
            attach(_scalars.make(event), pos)
        elif isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise _Refused(_too_deep(file, pos))
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is _NO_KEY:
                raise _key_not_scalar(file, pos)
            if stack:
                parent = stack[-1]
                if isinstance(parent[0], list):
                    path = (*parent[1], len(parent[0]))
                    parsed.positions[path] = pos
                else:
                    path = (*parent[1], parent[2])
            else:
                path = ()
                parsed.positions[()] = pos
            container: Any = {} if isinstance(event, yaml.MappingStartEvent) else []
            stack.append([container, path, _NO_KEY, pos, set()])
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frame = stack.pop()
            attach(frame[0], frame[3])
        elif isinstance(event, yaml.AliasEvent):
            raise _refuse(file, lines.position(event.start_mark), rules.YAML_ALIAS,
                          f"YAML alias '*{event.anchor}' is not allowed.")
        elif isinstance(event, yaml.DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise _refuse(
                    file, lines.position(event.start_mark), rules.YAML_SYNTAX,
                    "This file holds more than one YAML document (a second '---').",
                    "Keep one document per file: remove the extra '---' line.")
    parsed.values = values
    return root if have_root else None


_NO_KEY = object()
_DUPLICATE = object()


def _reader_diagnostic(file: str, raw: bytes, text: str, error: Any) -> Diagnostic:
    """A character YAML refuses (a control character pasted in from elsewhere)."""
    # libyaml counts the offset in UTF-8 bytes, the pure-Python reader in characters.
    offset = error.position
    if _Loader is not yaml.SafeLoader:
        offset = len(raw[:offset].decode("utf-8", errors="replace"))
    line = text.count("\n", 0, offset) + 1
    pos = (line, offset - (text.rfind("\n", 0, offset) + 1) + 1)
    return _diag(
        file, pos, rules.YAML_SYNTAX,
        f"This file contains a character YAML does not allow (U+{error.character:04X}, "
        "a control character).",
        "Delete it: it is usually an invisible character pasted in from another program.")


def parse_yaml_text(raw: bytes, file: str, max_values: int = MAX_VALUES) -> ParsedFile:
    """Parse bytes already read from `file`, of at most `max_values` values. Never
    raises."""
    parsed = ParsedFile(file=file)
    if b"\x00" in raw[:8192]:
        return _failed(file, _line_of_offset(raw, raw.index(b"\x00")), rules.FILE_BINARY,
                       "This file is not text (it contains NUL bytes).")
    if raw.startswith(b"\xef\xbb\xbf"):
        # Some Windows editors add a byte-order mark; it is harmless, so read past it.
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return _failed(file, _line_of_offset(raw, error.start), rules.FILE_ENCODING,
                       "This file is not valid UTF-8 text "
                       f"(byte 0x{raw[error.start]:02x} at offset {error.start}).")
    lines = _Lines(text)
    try:
        parsed.data = _build(file, yaml.parse(text, Loader=_Loader), parsed, lines,
                             max_values)
    except _Refused as refused:
        parsed.diagnostics.append(refused.diagnostic)
        return parsed
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        pos = lines.position(mark, exact=True) if mark is not None else (1, 1)
        problem = (error.problem or "the YAML could not be read").strip()
        hint = "Check the indentation and punctuation on this line and the one before it."
        text_lines = text.split("\n")
        if 0 < pos[0] <= len(text_lines) and "\t" in text_lines[pos[0] - 1]:
            hint = "YAML does not allow tab characters for indentation: use spaces."
        # libyaml (PyYAML 6.0.4 on) stops deep nesting itself, before MAX_DEPTH does.
        parsed.diagnostics.append(
            _too_deep(file, pos) if "nesting depth" in problem else
            _diag(file, pos, rules.YAML_SYNTAX, f"YAML syntax error: {problem}.", hint))
        return parsed
    except yaml.reader.ReaderError as error:
        parsed.diagnostics.append(_reader_diagnostic(file, raw, text, error))
        return parsed
    except yaml.YAMLError as error:
        return _failed(file, (1, 1), rules.YAML_SYNTAX, f"YAML could not be read: {error}.",
                       "Check the file is a YAML document of keys and values.")
    parsed.ok = not any(d.is_error for d in parsed.diagnostics)
    return parsed


# Reading back a text fostlog itself is about to write: no bound a real register could reach.
READ_BACK_VALUES = 10_000_000


class Unreadable(ValueError):
    """A text fostlog wrote that does not read back; `problem` is its first error."""

    def __init__(self, name: str, problem: Diagnostic | None):
        super().__init__(f"{name}: the YAML written does not read back"
                         + (f": {problem.message}" if problem else ""))
        self.problem = problem


def read_back(text: str, name: str = "<text>") -> Any:
    """What fostlog's own reader (YAML 1.2 plain scalars, strict numbers) makes of a text
    fostlog is about to write, as lint will read it; PyYAML's YAML 1.1 reading would check
    another reading than lint's (026 as 22, `no` as false). Unreadable if it does not
    read."""
    parsed = parse_yaml_text(text.encode("utf-8"), name, max_values=READ_BACK_VALUES)
    if not parsed.ok:
        raise Unreadable(name, next((d for d in parsed.diagnostics if d.is_error), None))
    return parsed.data


def read_yaml_file(path: Path, file: str, max_bytes: int = MAX_FILE_BYTES,
                   inside: str | None = None, max_values: int = MAX_VALUES) -> ParsedFile:
    """Read and parse one YAML file, refusing what is too large, what is not a regular
    file, and a link out of the folder `inside` (resolved). Never raises."""
    status, why_not = regular_status(str(path), inside)
    if status is None:
        return _failed(file, (1, 1), rules.FILE_UNREADABLE, why_not)
    if status.st_size > max_bytes:
        return _failed(file, (1, 1), rules.FILE_TOO_LARGE,
                       f"This file is {status.st_size / 1024 / 1024:.1f} MB; the limit is "
                       f"{max_bytes / 1024 / 1024:.0f} MB per file.")
    try:
        raw = read_regular(str(path), max_bytes)
    except OSError as error:
        return _failed(file, (1, 1), rules.FILE_UNREADABLE,
                       f"This file cannot be read: {error.strerror or error}.")
    return parse_yaml_text(raw, file, max_values)


def _failed(file: str, pos: Position, rule: Rule, message: str,
            hint: str | None = None) -> ParsedFile:
    """A file not read, for the one reason given."""
    return ParsedFile(file=file, diagnostics=[_diag(file, pos, rule, message, hint)])
