"""bench/generate.py: deterministic, valid by construction, and plants exactly what it says."""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

import pytest

from fostlog.files.load import load_and_check

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import generate  # noqa: E402


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


def test_same_seed_same_bytes(tmp_path: Path) -> None:
    generate.generate(tmp_path / "a", meetings=40, seed=7, plant={"unknown-person": 2})
    generate.generate(tmp_path / "b", meetings=40, seed=7, plant={"unknown-person": 2})
    generate.generate(tmp_path / "c", meetings=40, seed=8, plant={"unknown-person": 2})
    assert _tree(tmp_path / "a") == _tree(tmp_path / "b")
    assert _tree(tmp_path / "a") != _tree(tmp_path / "c")


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_clean_corpus_has_no_problems(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "corpus"
    generate.generate(root, meetings=60, actions=150, years=2, seed=seed)
    repo, diagnostics = load_and_check(root)
    assert diagnostics == []
    assert len(repo.meetings) == 60
    assert len(repo.actions) == 150
    assert len(repo.benchmarks) == 2
    assert len(repo.authorities) == 19
    kinds = Counter(m.attendance.value for m in repo.meetings)
    assert set(kinds) == {"full", "partial", "none"}  # realistic attendance, all three kinds
    assert any(len(a.history) >= 2 for a in repo.actions)


@pytest.mark.parametrize("seed", [0, 3])
def test_lint_reports_exactly_the_planted_problems(tmp_path: Path, seed: int) -> None:
    root = tmp_path / "corpus"
    plant = {rule: 1 + (index % 3) for index, rule in enumerate(generate.PLANTABLE)}
    planted = generate.generate(root, meetings=300, seed=seed, plant=plant)
    assert planted == plant
    diagnostics = load_and_check(root)[1]
    assert dict(Counter(d.rule for d in diagnostics)) == plant
    manifest = json.loads((root / ".manifest.json").read_text())
    assert manifest["planted"] == plant


def test_every_rule_the_brief_lists_can_be_planted() -> None:
    assert len(generate.PLANTABLE) == len(set(generate.PLANTABLE)) == 26


def test_refuses_to_write_into_data_or_over_a_folder(tmp_path: Path) -> None:
    project = tmp_path / "project"
    (project / "src" / "fostlog").mkdir(parents=True)
    with pytest.raises(ValueError, match="data/"):
        generate.generate(project / "data", meetings=5)
    (tmp_path / "there").mkdir()
    with pytest.raises(ValueError, match="already exists"):
        generate.generate(tmp_path / "there", meetings=5)


def test_too_small_a_corpus_for_the_plants_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        generate.generate(tmp_path / "c", meetings=4, plant={"yaml-syntax": 10})
    with pytest.raises(ValueError, match="cannot plant"):
        generate.generate(tmp_path / "d", meetings=4, plant={"no-such-rule": 1})


def test_command_line(tmp_path: Path) -> None:
    assert generate.main([str(tmp_path / "c"), "--meetings", "20", "--plant", "all=1"]) == 0
    diagnostics = load_and_check(tmp_path / "c")[1]
    assert Counter(d.rule for d in diagnostics) == Counter(generate.PLANTABLE)
