"""edits.yamltext: the one block-list inserter keeps every other byte (comments, line
endings LF, CRLF or CR alone), starts a list written `key: []` or `key:` below its key,
and is the one every writer uses (the minutes importer's too)."""

from __future__ import annotations

import pytest

from fostlog.edits.yamltext import EditRefused, Quoted, insert_items

TEXT = ("# the register\npeople:\n  - id: a   # first\n    name: A\n    # about A\n\n"
        "# next\nother: 1\n")


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_an_item_goes_after_the_last_with_the_files_line_endings(newline: str) -> None:
    text = TEXT.replace("\n", newline)
    done = insert_items(text, "people.yaml", ["people"], [{"id": "b", "name": "B"}])
    assert done.text == text.replace(
        f"    # about A{newline}", f"    # about A{newline}  - id: b{newline}    name: B{newline}")
    assert done.first_line == 6


@pytest.mark.parametrize("written", ["aliases: []   # none yet", "aliases:   # none yet",
                                     "aliases: null   # none yet"])
def test_an_empty_list_starts_below_its_key_and_keeps_its_comment(written: str) -> None:
    text = f"people:\n  - id: a\n    {written}\n  - id: b\n"
    done = insert_items(text, "people.yaml", ["people", ("id", "a"), "aliases"], ["Al"])
    assert done.text == "people:\n  - id: a\n    aliases:   # none yet\n      - Al\n  - id: b\n"


def test_a_key_not_there_yet_and_a_one_line_list() -> None:
    text = "date: 2025-07-07\n# mentioned\nactions_mentioned: []\n"
    done = insert_items(text, "m.yaml", ["actions_raised"], [Quoted("5")],
                        before="actions_mentioned")
    assert done.text == ('date: 2025-07-07\nactions_raised:\n  - "5"\n# mentioned\n'
                         "actions_mentioned: []\n")
    done = insert_items('actions_raised: ["1"]  # x\r', "m.yaml", ["actions_raised"],
                        [Quoted("2")])
    assert done.text == 'actions_raised: ["1", "2"]  # x\r'


def test_what_cannot_be_extended_is_refused() -> None:
    with pytest.raises(EditRefused, match="several lines in brackets"):
        insert_items("a: [1,\n  2]\n", "x.yaml", ["a"], [3])
    with pytest.raises(EditRefused, match="no 'b:'"):
        insert_items("a: 1\n", "x.yaml", ["b", "c"], [3])
    with pytest.raises(EditRefused, match="cannot be read"):
        insert_items("a: [\n", "x.yaml", ["a"], [3])


def test_the_minutes_importer_keeps_a_cr_only_registry_cr_only() -> None:
    """It used to write LF lines into a file with CR line endings (its own copy of the
    inserter knew only LF and CRLF)."""
    from fostlog.importers.minutes.text import append_items

    text = "people:\r  - id: a\r    name: A\r"
    new, first = append_items(text, "people.yaml", ["people", ("id", "a"), "aliases"], ["Al"])
    assert new == "people:\r  - id: a\r    name: A\r    aliases:\r      - Al\r"
    assert first == 3
