"""edit.append_observation finds the action from its own lines when the register is laid
out plainly (a large register is not composed whole), and takes the whole-file way for
anything else. Either way the edit is the one the whole-file way makes, or the same
refusal: these tests compare the two on the real register and on layouts built to
mislead a line-by-line look."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml

from conftest import DATA
from fostlog import edits as edit
from fostlog.core.models import Status
from fostlog.files import yamlsafe

ENTRY = edit.observation_entry(dt.date(2030, 1, 2), Status.in_progress, note="Met: yes")


def whole_file_way(text: str, action_id: str, monkeypatch: pytest.MonkeyPatch) -> Any:
    with monkeypatch.context() as patched:
        patched.setattr(edit, "_action_alone", lambda *args: None)
        return outcome(text, action_id)


def outcome(text: str, action_id: str) -> Any:
    try:
        return edit.append_observation(text, action_id, ENTRY)
    except edit.EditRefused as refused:
        return ("refused", refused.message)


def test_every_action_of_the_real_register_is_found_alone_and_edited_the_same(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = (DATA / "actions.yaml").read_text(encoding="utf-8")
    ids = [str(action["id"]) for action in yaml.safe_load(text)["actions"]]
    assert len(ids) > 20
    for action_id in ids:
        assert edit._action_alone(text, action_id) is not None, action_id
        assert outcome(text, action_id) == whole_file_way(text, action_id, monkeypatch)


PLAIN = """\
# the register
actions:
  - id: 1
    text: First, with "quotes" inside and Kent's plan
    history:
      - as_of: 2021-01-01
        status: open
      # a comment under 1's history
  - text: Second, id not first
    id: '2'
    owners: [rebecca-eligon]
    history: []  # none yet
  - id: 3
    text: >
      Folded text that
      runs over lines
  # a comment between actions
  - id: "4"
    text: last in the list
    history:
      - as_of: 2021-02-02
        status: open
people_note: after the list
"""

# (why, the text, the ids not to be found alone there: all of them where the layout
# itself is not plain): each also checked to give what the whole-file way gives.
EVERY = ("1", "3", "4", "9")
MISLEADING = [
    ("a quoted text running over lines, hiding an item",
     PLAIN.replace('  - id: 3\n', '  - id: 5\n    text: "begins\n  - id: 3\n    ends"\n'
                   '  - id: 3\n'), EVERY),
    ("the list's key inside a quoted text above it",
     'note: "x\nactions:\n  - id: 9\n    history: []\n"\n' + PLAIN.replace(
         "actions:\n", "actions: \n"), EVERY),
    ("two documents", PLAIN + "---\nactions: []\n", EVERY),
    ("a flow list", "actions: [{id: 1, history: []}]\n", EVERY),
    ("two actions with one id", PLAIN.replace('  - id: "4"', "  - id: 1"), ("1",)),
    ("an id not as written (03 is read as a number)", PLAIN.replace("id: 3", "id: 03"),
     ("3",)),
    ("a tab in the indentation", PLAIN.replace("    text: last", "\ttext: last"), EVERY),
    ("an anchor", PLAIN.replace("status: open\n      # a", "status: &s open\n      # a"),
     EVERY),
    ("a line less indented than the items", PLAIN.replace(" - id: 3", "- id: 3"), EVERY),
    ("carriage returns alone", PLAIN.replace("\n", "\r"), EVERY),
    ("a line break YAML does not count", PLAIN.replace("Folded text", "Folded\x0btext"),
     EVERY),
    ("a byte-order mark", "\ufeff" + PLAIN, EVERY),
]


@pytest.mark.parametrize("action_id", ["1", "2", "3", "4"])
def test_a_plain_register_is_found_alone(action_id: str,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    for text in (PLAIN, PLAIN.replace("\n", "\r\n"), PLAIN.rstrip("\n"),
                 PLAIN.replace("\n  ", "\n")):  # CRLF, no last newline, items at column 0
        assert edit._action_alone(text, action_id) is not None
        assert outcome(text, action_id) == whole_file_way(text, action_id, monkeypatch)


@pytest.mark.parametrize("why, text, not_alone", MISLEADING,
                         ids=[why for why, _, _ in MISLEADING])
def test_anything_else_takes_the_whole_file_way(why: str, text: str, not_alone: tuple[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    for action_id in EVERY:
        if action_id in not_alone:
            assert edit._action_alone(text, action_id) is None, (why, action_id)
        else:  # found alone: the quick way must give what the whole-file way gives
            listed = {str(action["id"]) for action in yaml.safe_load(text)["actions"]}
            found = edit._action_alone(text, action_id) is not None
            assert found == (action_id in listed), (why, action_id)  # taken where it is there
            assert outcome(text, action_id) == whole_file_way(text, action_id, monkeypatch)


def test_the_indentation_of_a_new_history_is_copied_from_the_first_action_with_one(
        monkeypatch: pytest.MonkeyPatch) -> None:
    text = PLAIN.replace("      - as_of: 2021-01-01\n        status: open\n",
                         "        - as_of: 2021-01-01\n          status: open\n")
    found = outcome(text, "3")
    assert found == whole_file_way(text, "3", monkeypatch)
    assert "        - as_of: 2030-01-02\n" in found.added


def test_only_the_actions_lines_are_read_back(monkeypatch: pytest.MonkeyPatch) -> None:
    # A large register is never loaded whole: the text read back is the action's lines.
    many = "".join(f"  - id: {n}\n    history: []\n" for n in range(10, 2000))
    text = PLAIN.replace("people_note:", many + "people_note:")
    read: list[int] = []
    real = yamlsafe.read_back

    def counting(given: str) -> Any:
        read.append(len(given.strip()))
        return real(given)

    monkeypatch.setattr(edit, "read_back", counting)
    monkeypatch.setattr(edit, "_compose", lambda *args: pytest.fail("composed whole"))
    edited = edit.append_observation(text, "1500", ENTRY)
    assert read and max(read) < 200
    assert edited.text.count("as_of: 2030-01-02") == 1
