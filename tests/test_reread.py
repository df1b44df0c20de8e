"""An edited register read from its changed action alone (reread.py) is exactly the
register read whole: the same records (with their origins), the same position for every
key, the same count of values; and wherever that cannot be told line by line, it gives
way to the whole reading. `actions update` checks its edit with it (edit.errors_added)."""

from __future__ import annotations

import dataclasses
import random
import shutil
import sys
from pathlib import Path
from typing import Any

import pytest

from conftest import DATA, ROOT
from fostlog.core.kinds import BY_NAME
from fostlog.edits import append_observation, errors_added
from fostlog.files import cache, load, reread
from fostlog.files.cache import FileEntry

sys.path.insert(0, str(ROOT / "bench"))
import generate  # noqa: E402

KIND = BY_NAME["actions"]
NAME = "data/actions.yaml"


def entry_for(raw: bytes, kind: Any = KIND) -> FileEntry:
    loaded = load._parse(raw, NAME, kind)
    assert loaded.diagnostics == []
    return load._entry_of(loaded, (0, 0, 0, 0, 0), cache.digest(raw), 0)


def whole(raw: bytes) -> tuple[Any, Any, int]:
    loaded = load._parse(raw, NAME, KIND)
    assert loaded.diagnostics == []
    return (dump(loaded.records), cache.unpack_positions(loaded.positions), loaded.values)


def ids_of(raw: bytes) -> list[str]:
    return [str(record.id) for _, record in load._parse(raw, NAME, KIND).records]  # type: ignore[attr-defined]


def dump(records: list[tuple[str, Any]]) -> list[Any]:
    return [(into, record.model_dump(mode="json"), record.origin) for into, record in records]


def entry_of_history(day: str, note: str) -> dict[str, Any]:
    return {"as_of": day, "status": "in_progress", "note": note}


def assert_reread_is_whole(old: bytes, new: bytes) -> None:
    found = reread.changed_action(old, new, entry_for(old), KIND)
    assert found is not None, "not read from the changed action alone"
    records, positions, values = found
    assert (dump(records), positions, values) == whole(new)


def test_each_action_of_the_bundled_register_updated() -> None:
    old = (DATA / "actions.yaml").read_bytes()
    ids = ids_of(old)
    assert len(ids) > 20
    for action_id in ids:
        new = append_observation(old.decode(), action_id,
                                 entry_of_history("2100-01-01", f"update of {action_id}"))
        assert_reread_is_whole(old, new.text.encode())


def test_random_updates_of_a_generated_register(tmp_path: Path) -> None:
    root = tmp_path / "data"
    generate.generate(root, meetings=40, actions=150, years=1, seed=5)
    text = (root / "actions.yaml").read_text()
    chooser = random.Random(16)
    ids = ids_of(text.encode())
    for _ in range(25):  # one after another, each on the last one's text
        action_id = chooser.choice(ids)
        note = chooser.choice(["short", "a note: with a colon", "'quoted' words", "x" * 300])
        new = append_observation(text, action_id, entry_of_history("2100-01-01", note)).text
        assert_reread_is_whole(text.encode(), new.encode())
        text = new


def _replace_lines(text: str, old: str, new: str, count: int = 1) -> bytes:
    assert old in text
    return text.replace(old, new, count).encode()


@pytest.fixture
def register() -> str:
    return (DATA / "actions.yaml").read_text()


def test_two_actions_changed_are_read_whole(register: str) -> None:
    ids = ids_of(register.encode())
    once = append_observation(register, ids[0], entry_of_history("2100-01-01", "a")).text
    twice = append_observation(once, ids[-1], entry_of_history("2100-01-01", "b")).text
    assert reread.changed_action(register.encode(), twice.encode(), entry_for(
        register.encode()), KIND) is None


def test_an_action_added_or_a_value_refused_is_read_whole(register: str) -> None:
    old = register.encode()
    added = register + "  - id: '9999'\n    text: new\n"
    assert reread.changed_action(old, added.encode(), entry_for(old), KIND) is None
    action_id = ids_of(old)[0]
    good = append_observation(register, action_id, entry_of_history("2100-01-01", "b"))
    assert reread.changed_action(old, good.text.encode(), entry_for(old), KIND) is not None
    wrong = append_observation(register, action_id, {"as_of": "2100-01-01",
                                                     "status": "bogus-status"})
    assert reread.changed_action(old, wrong.text.encode(), entry_for(old), KIND) is None


def test_a_register_not_laid_out_plainly_is_read_whole(register: str) -> None:
    old = register.encode()
    action_id = ids_of(old)[0]
    new = append_observation(register, action_id, entry_of_history("2100-01-01", "n")).text
    flowing = new.replace("note: n", 'note: "n\n      continued"', 1)
    assert reread.changed_action(old, flowing.encode(), entry_for(old), KIND) is None
    with_crs = new.replace("\n", "\r", 3)
    assert reread.changed_action(old, with_crs.encode(), entry_for(old), KIND) is None


def test_the_bound_on_values_is_kept(register: str) -> None:
    old = register.encode()
    values = whole(old)[2]
    tight = dataclasses.replace(KIND, max_values=values)
    action_id = ids_of(old)[0]
    new = append_observation(register, action_id, entry_of_history("2100-01-01", "n")).text
    assert reread.changed_action(old, new.encode(), entry_for(old, tight), tight) is None
    roomy = dataclasses.replace(KIND, max_values=values + 10)
    assert reread.changed_action(old, new.encode(), entry_for(old, roomy), roomy) is not None


def test_an_entry_with_problems_is_not_used(register: str) -> None:
    old = register.encode()
    entry = entry_for(old)
    action_id = ids_of(old)[0]
    new = append_observation(register, action_id, entry_of_history("2100-01-01", "n")).text
    assert reread.changed_action(old, new.encode(), entry, KIND) is not None
    troubled = entry._replace(diagnostics=(load._missing(Path("."), KIND),))
    assert reread.changed_action(old, new.encode(), troubled, KIND) is None


@pytest.mark.parametrize("note_date", ["2100-01-01", "1990-01-01"])
def test_errors_added_is_the_same_read_either_way(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                   note_date: str) -> None:
    """An update checked against the register read from its action alone finds what the
    whole reading finds (an observation dated before the action was raised: an error)."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    text = (root / "actions.yaml").read_text()
    action_id = ids_of(text.encode())[3]
    new = append_observation(text, action_id, entry_of_history(note_date, "checked")).text
    used: list[bool] = []
    real = reread.changed_action

    def watched(*args: Any) -> Any:
        found = real(*args)
        used.append(found is not None)
        return found

    monkeypatch.setattr(reread, "changed_action", watched)
    errors_added(root, {"actions.yaml": text})  # fills the cache with the register as it is
    used.clear()
    quick = errors_added(root, {"actions.yaml": new})
    assert used == [True]
    monkeypatch.setenv(cache.ENV_OFF, "1")
    assert quick == errors_added(root, {"actions.yaml": new})
    assert bool(quick) == (note_date == "1990-01-01")


def naive_changed_lines(old: str, new: str) -> tuple[int, int]:
    old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
    shortest = min(len(old_lines), len(new_lines))
    start = 0
    while start < shortest and old_lines[start] == new_lines[start]:
        start += 1
    end = 0
    while end < shortest - start and old_lines[-1 - end] == new_lines[-1 - end]:
        end += 1
    return start, end


def test_the_lines_shared_at_start_and_end_as_a_walk_over_lines_finds_them() -> None:
    """reread._changed_lines compares texts without splitting them into 300,000 lines:
    the lines it says are shared are, and it finds what comparing the lines one by one
    finds for texts ending in a line break (as a saved register does), over random edits
    of random texts."""
    chooser = random.Random(3)
    words = ["a", "b", "- id: 1", "  x: y", "", "a\n", "ab"]
    for _ in range(3000):
        lines = [chooser.choice(words) for _ in range(chooser.randint(0, 8))]
        old = "\n".join(lines) + chooser.choice(["", "\n"])
        edited = list(lines)
        at = chooser.randint(0, len(edited))
        edited[at:at + chooser.randint(0, 2)] = [chooser.choice(words)
                                                 for _ in range(chooser.randint(0, 3))]
        new = "\n".join(edited) + chooser.choice(["", "\n"])
        (start, end), naive = reread._changed_lines(old, new), naive_changed_lines(old, new)
        old_lines, new_lines = old.splitlines(keepends=True), new.splitlines(keepends=True)
        assert start + end <= min(len(old_lines), len(new_lines)), (old, new)
        assert old_lines[:start] == new_lines[:start], (old, new)
        assert old_lines[len(old_lines) - end:] == new_lines[len(new_lines) - end:], (old, new)
        if old.endswith("\n") and new.endswith("\n") and old != new:
            assert (start, end) == naive, (old, new)


def test_errors_added_against_lint_found_before_is_the_same(tmp_path: Path) -> None:
    """An edit command passes what its own lint found (errors_added's `before`) instead
    of linting again: the errors it adds are the same either way, with or without."""
    from fostlog.files.load import load_and_check

    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    text = (root / "actions.yaml").read_text()
    action_id = ids_of(text.encode())[3]
    for day, adds in (("2100-01-01", False), ("1990-01-01", True)):
        new = append_observation(text, action_id, entry_of_history(day, "checked")).text
        found = load_and_check(root)[1]
        given = errors_added(root, {"actions.yaml": new}, before=found)
        assert given == errors_added(root, {"actions.yaml": new})
        assert bool(given) == adds
