"""Text from the data made safe for each output format: the one place fostlog escapes.

The data comes through git and pull requests, so any text in it may be hostile: written
to start a formula in a spreadsheet, a heading or raw HTML in Markdown, markup in a web
page, or an escape sequence that rewrites a terminal. Every renderer and command sends
the text it did not write itself through the function here for its format:

- every format: a line break of any kind (CR LF, CR, VT, FF, NEL, U+2028, U+2029) is a
  newline, and every other character that acts instead of being shown (C0 controls but
  tab, DEL, C1 controls such as CSI, bidi embeddings, overrides and isolates, lone
  surrogates) is shown as U+FFFD (`plain_text`);
- a terminal, or a line of a report: `plain_text`, or `terminal_line` where a newline
  would forge a line of its own (a lint report's FILE:LINE:COL lines);
- Markdown: `markdown_text` / `markdown_line` escape what could start markup, inline and
  at the start of every line (CommonMark also starts a line after a CR);
- HTML and XML: `html_text` (entities, quotes included), `xml_text` (python-docx);
- CSV: `csv_cell`: a text cell a spreadsheet would run as a formula gets a leading quote;
  a number stays a number;
- JSON: `json_text`: the characters json.dumps leaves raw (DEL, C1, U+2028/2029, bidi
  controls, lone surrogates) as \\u escapes, so the data is kept and nothing acts.
"""

from __future__ import annotations

import json
import re
from html import escape as _html_escape
from typing import Any

REPLACEMENT = "\ufffd"

# What readers and programs may take for the end of a line; CommonMark and spreadsheets
# break at a lone CR, Python's splitlines and some terminals at the others.
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x85\u2028\u2029]")
# What acts instead of being shown: C0 but tab and newline, DEL, C1 (\x9b is a CSI on its
# own), bidi embeddings/overrides/isolates (they reorder what is shown around them), and
# lone surrogates (no encoding can write them).
_ACTING = "\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_CONTROL = re.compile(f"[{_ACTING}]")


def plain_text(text: str) -> str:
    """The text as lines: every line break a newline, every other control character
    U+FFFD, tabs kept."""
    return _CONTROL.sub(REPLACEMENT, _LINE_BREAK.sub("\n", text))


def one_line(text: str) -> str:
    """`plain_text` on one line: each run of white space (line breaks included) one space."""
    return " ".join(plain_text(text).split())


def terminal_line(text: str) -> str:
    """Text for one line of a report: a line break or tab is U+FFFD too, so a file name or
    a key holding one cannot forge a line (or a column) of its own."""
    return plain_text(text).replace("\n", REPLACEMENT).replace("\t", REPLACEMENT)


# --- Markdown ----------------------------------------------------------------------------

# CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones
# that could start markup (emphasis, links, images, code, raw HTML, table cells) inside a
# line, and '&' where it would start an entity ("&lt;" must not turn into "<").
_INLINE = re.compile(r"([\\`*_\[\]<>|]|&(?=#?\w+;))")
# ...and these only at the start of a line (headings, lists, quotes, rules, ~~~ fences).
_LINE_START = re.compile(
    r"^(#{1,6}(?=\s|$)|[+](?=\s|$)|-(?=[\s-]|$)|>|\d+[.)](?=\s|$)|=+\s*$|~~~)",
    re.MULTILINE,
)
# Indentation would make a line after a blank one an indented code block.
_INDENT = re.compile(r"^[ \t]+", re.MULTILINE)


def _escape_marker(found: re.Match[str]) -> str:
    marker = found.group(1)
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def markdown_text(text: str) -> str:
    """Text for a Markdown paragraph: its lines kept, nothing in it read as markup."""
    text = _INDENT.sub("", plain_text(text))
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(_escape_marker, text)


def markdown_line(text: str) -> str:
    """Text for a heading, a list item or a table cell, where a newline would end it."""
    return " ".join(markdown_text(text).split())


# --- HTML and XML ------------------------------------------------------------------------

# XML 1.0 cannot hold these at all (the controls are gone after plain_text).
_NOT_XML = re.compile("[\ufffe\uffff]")


def xml_text(text: str) -> str:
    """Text XML 1.0 can hold (python-docx escapes the markup itself)."""
    return _NOT_XML.sub(REPLACEMENT, plain_text(text))


def html_text(text: str) -> str:
    """Text for HTML (or SVG) content or a quoted attribute value."""
    return _html_escape(xml_text(text), quote=True)


# --- CSV ---------------------------------------------------------------------------------

# Cells starting with these are run as formulas by spreadsheets (OWASP "CSV injection"),
# the full-width forms included (some spreadsheets read them as the ASCII ones); a tab or
# line break first is how the guard was once got round.
_FORMULA_STARTS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_BLANK_STARTS = ("\t", "\n")
# A plain number is never a harmful formula, and must stay a number: -3, +0, 1.5e3, 40%.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?%?")


def csv_cell(text: str) -> str:
    """A cell for csv.writer: line breaks as newlines (which make the writer quote the
    cell), controls U+FFFD, and a quote before a text cell a spreadsheet would run -
    including one whose formula follows white space or a line break."""
    text = plain_text(text)
    if _NUMBER.fullmatch(text):
        return text
    risky = text.startswith(_BLANK_STARTS) or text.lstrip().startswith(_FORMULA_STARTS)
    return "'" + text if risky else text


# --- JSON --------------------------------------------------------------------------------

# json.dumps(ensure_ascii=False) escapes C0 and quotes but writes these as they are.
_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def json_text(value: Any, **options: Any) -> str:
    """json.dumps, with what json.dumps leaves raw written as \\u escapes (they can only
    be inside strings, so the data reads back the same)."""
    dumped = json.dumps(value, ensure_ascii=False, **options)
    return _JSON_RAW.sub(lambda found: f"\\u{ord(found.group()):04x}", dumped)


# --- GitHub workflow commands ------------------------------------------------------------


def github_command(value: str, *, property_value: bool = False) -> str:
    """A value in a GitHub Actions workflow command: `plain_text` (every line break a
    newline, controls U+FFFD), then GitHub's encoding: % and newlines always (GitHub ends
    a command at one); ':' and ',' in properties. No CR is left to encode."""
    value = plain_text(value).replace("%", "%25").replace("\n", "%0A")
    if property_value:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value
