from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from fostlog.core.diagnostics import Diagnostic
from fostlog.files.load import load_and_check

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
MINI = FIXTURES / "mini"

# The smallest valid meeting file, for tests that plant one.
MEETING = """\
date: 2025-08-01
source: minutes.txt
attendance: none
attendees: null
not_represented: null
apologies: null
"""


class MiniRepo:
    """A copy of tests/fixtures/mini that a test breaks in one place."""

    def __init__(self, root: Path):
        self.root = root

    def edit(self, name: str, old: str, new: str) -> int:
        """Replace `old` by `new` in a file; return the line number where `new` starts."""
        path = self.root / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        start = text.index(old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return text.count("\n", 0, start) + 1

    def write(self, name: str, content: str | bytes) -> Path:
        path = self.root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    def lint(self) -> list[Diagnostic]:
        return load_and_check(self.root)[1]

    def only(self, rule: str) -> list[Diagnostic]:
        return [d for d in self.lint() if d.rule == rule]


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test's cache goes to a fresh folder of its own, never the user's cache."""
    folder = tmp_path_factory.mktemp("cache")
    monkeypatch.setenv("FOSTLOG_CACHE_DIR", str(folder))
    monkeypatch.delenv("FOSTLOG_NO_CACHE", raising=False)
    return folder


@pytest.fixture
def mini(tmp_path: Path) -> MiniRepo:
    root = tmp_path / "data"
    shutil.copytree(MINI, root)
    return MiniRepo(root)


@pytest.fixture
def data_copy(tmp_path: Path) -> Callable[[], Path]:
    def copy() -> Path:
        root = tmp_path / "data"
        shutil.copytree(DATA, root)
        return root

    return copy
