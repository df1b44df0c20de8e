"""yamlsafe: YAML read safely, with the position of every key and item, and every problem
a Diagnostic at the line an editor shows. Unit tests of parse_yaml_text and read_yaml_file;
hostile whole files through the command line are in test_hostile.py."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.files.yamlsafe import MAX_DEPTH, ParsedFile, parse_yaml_text, read_yaml_file


def parse(text: str | bytes) -> ParsedFile:
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return parse_yaml_text(raw, "x.yaml")


def problem(text: str | bytes) -> Diagnostic:
    """The one problem found in `text`."""
    parsed = parse(text)
    assert not parsed.ok
    assert len(parsed.diagnostics) == 1, parsed.diagnostics
    found = parsed.diagnostics[0]
    assert found.file == "x.yaml" and found.message and found.hint
    return found


# --- values and positions --------------------------------------------------------------------


def test_values_are_plain_python_as_safe_load_gives_them() -> None:
    parsed = parse("date: 2025-07-07\ncount: 3\nshare: 0.5\nok: true\nnone: null\n"
                   "quoted: '2025-07-07'\nitems: [a, b]\n")
    assert parsed.ok and parsed.diagnostics == []
    assert parsed.data == {
        "date": datetime.date(2025, 7, 7), "count": 3, "share": 0.5, "ok": True,
        "none": None, "quoted": "2025-07-07", "items": ["a", "b"],
    }


def test_every_key_and_item_has_its_line_and_column() -> None:
    parsed = parse("date: 2025-07-07\nattendees:\n  - person: mc\n    authority: kent\n"
                   "  - person: hc\n")
    assert parsed.positions[("date",)] == (1, 1)
    assert parsed.positions[("attendees",)] == (2, 1)
    assert parsed.positions[("attendees", 0)] == (3, 5)
    assert parsed.positions[("attendees", 0, "authority")] == (4, 5)
    assert parsed.positions[("attendees", 1, "person")] == (5, 5)


def test_a_path_without_a_position_takes_its_nearest_ancestors() -> None:
    parsed = parse("items:\n  - title: Out of hours\n")
    assert parsed.position(("items", 0, "notes", 3)) == (2, 5)
    assert parsed.position(("elsewhere",)) == (1, 1)


def test_an_impossible_date_is_kept_as_text_for_the_schema_to_report() -> None:
    assert parse("date: 2022-02-30\n").data == {"date": "2022-02-30"}


def test_an_empty_document_is_none_and_not_a_problem_here() -> None:
    parsed = parse("# only a comment\n")
    assert parsed.ok and parsed.data is None


def test_unusual_line_breaks_do_not_shift_line_numbers() -> None:
    # libyaml starts a new line at U+2028 and a lone CR; editors do not.
    parsed = parse('source: "minutes\u2028 two\r three"\nattendance: mostly\n')
    assert parsed.positions[("attendance",)] == (2, 1)
    found = problem('source: "minutes\u2028 two\r three"\nattendance: [x\n')
    assert found.rule == "yaml-syntax" and found.line <= 3


def test_an_error_at_the_end_of_a_file_without_final_newline_is_on_its_last_line() -> None:
    found = problem("date: 2025-08-01\nitems: [unclosed")
    assert (found.rule, found.line) == ("yaml-syntax", 2)


# --- syntax ----------------------------------------------------------------------------------


def test_a_syntax_error_names_its_line() -> None:
    found = problem("actions:\n  - id: 1\n    text: [RE to convene\n  - id: 2\n")
    assert found.rule == rules.YAML_SYNTAX.id and found.is_error
    assert found.line in (3, 4)
    assert found.message.startswith("YAML syntax error")


def test_tabs_get_a_hint_about_spaces() -> None:
    found = problem("people:\n  - id: hc\n\tinitials: [HC]\n")
    assert (found.rule, found.line) == ("yaml-syntax", 3)
    assert "tab" in found.hint


def test_a_second_document_is_refused() -> None:
    found = problem("date: 2025-08-01\n---\ndate: 2025-08-02\n")
    assert (found.rule, found.line) == ("yaml-syntax", 2)


@pytest.mark.parametrize("text", ["? [a, b]\n: c\n", "{[a]: b}\n", "? {a: b}\n: c\n"])
def test_a_key_that_is_a_list_or_mapping_is_refused(text: str) -> None:
    assert problem(text).rule == "yaml-syntax"


def test_a_control_character_is_placed_by_character_not_byte() -> None:
    found = problem("people:\n  - name: Hélène\x07 Clune\n")
    assert (found.rule, found.line, found.column) == ("yaml-syntax", 2, 17)
    assert "U+0007" in found.message


# --- duplicate keys --------------------------------------------------------------------------


def test_a_duplicate_key_is_reported_not_silently_dropped() -> None:
    parsed = parse("date: 2025-07-07\nchair: null\napologies: null\nchair: mc\n")
    [found] = parsed.diagnostics
    assert (found.rule, found.line, found.column) == ("yaml-duplicate-key", 4, 1)
    assert "'chair'" in found.message and "first at line 2" in found.message
    assert found.hint == rules.YAML_DUPLICATE_KEY.fix
    assert not parsed.ok
    assert parsed.data["chair"] is None  # the first is kept, and the reading goes on


def test_the_same_key_in_two_mappings_is_not_a_duplicate() -> None:
    assert parse("- id: a\n- id: b\n").ok


# --- anchors, aliases and tags ---------------------------------------------------------------


def test_an_anchor_is_refused() -> None:
    found = problem("people:\n  - initials: &mc [MC]\n")
    assert (found.rule, found.line) == ("yaml-anchor", 2)
    assert "&mc" in found.message


def test_an_alias_is_refused_even_without_its_anchor() -> None:
    found = problem("a: 1\nb: *mc\n")
    assert (found.rule, found.line, found.column) == ("yaml-alias", 2, 4)


def test_a_billion_laughs_stops_at_the_first_anchor() -> None:
    lines = ['lol0: &a0 ["lol", "lol", "lol"]']
    lines += [f"lol{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 9)}]" for n in range(1, 10)]
    found = problem("\n".join(lines) + "\n")
    assert (found.rule, found.line) == ("yaml-anchor", 1)


@pytest.mark.parametrize("text", ["name: !person Holly\n", "x: !!python/object:os.system {}\n",
                                  "x: !!binary aGVsbG8=\n", "!custom\na: 1\n"])
def test_a_non_standard_tag_is_refused(text: str) -> None:
    found = problem(text)
    assert found.rule == rules.YAML_TAG.id
    assert found.hint == rules.YAML_TAG.fix


def test_standard_tags_are_read() -> None:
    parsed = parse("a: !!str 5\nb: !!int '7'\n")
    assert parsed.ok and parsed.data == {"a": "5", "b": 7}


# --- depth -----------------------------------------------------------------------------------


def test_nesting_up_to_the_limit_is_read() -> None:
    assert parse("[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n").ok  # the file's own list counts


@pytest.mark.parametrize("text", [
    "[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1) + "\n",
    "items:\n" + "- " * 10_000 + "deep\n",
    "a: {" * 10_000 + "}" * 10_000 + "\n",
])
def test_nesting_beyond_the_limit_is_refused(text: str) -> None:
    found = problem(text)
    assert found.rule == "yaml-too-deep" and found.line <= 2


# --- bytes that are not UTF-8 YAML text ------------------------------------------------------


def test_invalid_utf8_names_the_byte_and_its_line() -> None:
    found = problem(b"date: 2025-08-01\nsource: minutes \xff.txt\n")
    assert (found.rule, found.line, found.column) == ("file-encoding", 2, 17)
    assert "0xff" in found.message


def test_a_byte_order_mark_is_read_past_and_lines_still_count() -> None:
    parsed = parse(b"\xef\xbb\xbfdate: 2025-08-01\nsource: x\n")
    assert parsed.ok and parsed.positions[("source",)] == (2, 1)


def test_nul_bytes_make_a_file_binary() -> None:
    found = problem(b"date: 2025-08-01\n\x89PNG\x00\x00")
    assert (found.rule, found.line) == ("file-binary", 2)


# --- reading a file --------------------------------------------------------------------------


def test_a_file_over_the_limit_is_not_read(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: 1\n" * 100, encoding="utf-8")
    parsed = read_yaml_file(path, "big.yaml", max_bytes=100)
    assert [d.rule for d in parsed.diagnostics] == ["file-too-large"]
    assert parsed.data is None and not parsed.ok


@pytest.mark.parametrize("make", ["missing", "loop", "folder"])
def test_a_file_that_cannot_be_read(tmp_path: Path, make: str) -> None:
    path = tmp_path / "x.yaml"
    if make == "loop":
        path.symlink_to("x.yaml")
    elif make == "folder":
        path.mkdir()
    parsed = read_yaml_file(path, "x.yaml")
    assert [d.rule for d in parsed.diagnostics] == ["file-unreadable"]
    assert parsed.diagnostics[0].hint == rules.FILE_UNREADABLE.fix
