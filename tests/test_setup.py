"""The set-up a new user meets: `make demo` checks the Python first and rebuilds a broken
.venv; the pre-commit hook and CI run the repository's own fostlog; the data's sources
and schemas are where the data says. The Makefile is run in a scratch folder with
stand-in Pythons (shell scripts that answer --version), so no real Python is installed."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import DATA, ROOT

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="needs make")

# A stand-in Python: answers --version, makes a "venv" holding a copy of itself, and
# installs nothing. VERSION is replaced per test.
STAND_IN = """#!/bin/sh
case "$1" in
  --version) echo "Python VERSION" ;;
  -m) if [ "$2" = venv ]; then mkdir -p "$3/bin" && cp "$0" "$3/bin/python"; fi ;;
esac
exit 0
"""


def stand_in(folder: Path, name: str, version: str) -> Path:
    path = folder / name
    path.write_text(STAND_IN.replace("VERSION", version), encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    """A folder with the Makefile and pyproject.toml, and a bin/ of stand-in Pythons."""
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "bin").mkdir()
    stand_in(tmp_path / "bin", "python3.10", "3.10.12")
    stand_in(tmp_path / "bin", "python3.12", "3.12.3")
    return tmp_path


def make(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PATH": f"{folder / 'bin'}{os.pathsep}{os.environ['PATH']}"}
    env.pop("MAKEFLAGS", None)
    return subprocess.run(["make", "--no-print-directory", *args], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("python, said", [
    ("python3.10", "'python3.10' is Python 3.10.12"),
    ("python-that-is-not-there", "'python-that-is-not-there' is not installed"),
])
def test_demo_stops_on_an_old_or_missing_python_before_creating_anything(
        scratch: Path, python: str, said: str) -> None:
    result = make(scratch, "demo", f"PYTHON={python}")
    assert result.returncode != 0
    ours = [line for line in result.stderr.splitlines() if not line.startswith("make")]
    assert len(ours) == 1, result.stderr  # one line, then make's own "Error 1"
    assert "needs Python 3.11 or newer" in ours[0] and said in ours[0]
    assert "PYTHON=python3.12 make demo" in ours[0]
    assert result.stdout == ""
    assert not (scratch / ".venv").exists()


def test_a_venv_from_an_old_python_or_a_failed_install_is_made_again(scratch: Path) -> None:
    # left by an earlier attempt with Python 3.10 (no stamp: the install never finished)
    (scratch / ".venv" / "bin").mkdir(parents=True)
    stand_in(scratch / ".venv" / "bin", "python", "3.10.12")
    result = make(scratch, "venv", "PYTHON=python3.12")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Removing .venv, left from an install that failed")
    assert lines[1].startswith("Installing fostlog and what it uses into .venv")
    assert len(lines) == 2  # the install says what it is doing, in one line
    assert "3.12.3" in (scratch / ".venv" / "bin" / "python").read_text(encoding="utf-8")
    assert (scratch / ".venv" / ".installed").exists()
    # made and installed: used as it is, silently
    again = make(scratch, "venv", "PYTHON=python3.12")
    assert again.returncode == 0 and again.stdout == ""
    # an install that stopped half-way (no stamp) is not reused either, whichever way the
    # venv is asked for (CI scripts ask for the stamp itself)
    (scratch / ".venv" / ".installed").unlink()
    assert make(scratch, "venv", "PYTHON=python3.12").stdout.startswith("Removing .venv")
    (scratch / ".venv" / ".installed").unlink()
    assert make(scratch, ".venv/.installed", "PYTHON=python3.12").stdout.startswith(
        "Removing .venv")


def test_the_makefile_asks_for_the_python_pyproject_requires() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    minimum = re.search(r"^MIN_PYTHON := (\S+)$", makefile, re.M)
    assert minimum and f'requires-python = ">={minimum.group(1)}"' in pyproject
    for target in ("demo", "test", "lint", "bench", "fuzz", "schema", "lint-data", "explore"):
        assert re.search(rf"^{target}: venv$", makefile, re.M), target


# --- checked on every commit, in this repository too ------------------------------------------


def test_the_pre_commit_hook_runs_this_repositorys_fostlog() -> None:
    # pre-commit never installs the repository it runs in, so a `language: python` hook
    # cannot find fostlog there: the hook runs the Makefile's lint-data, which installs
    # fostlog into .venv first if need be.
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hook = config["repos"][0]["hooks"][0]
    assert hook["language"] == "system"
    assert hook["entry"].split()[0] == "make" and hook["entry"].split()[-1] == "lint-data"
    assert hook["pass_filenames"] is False and re.match(hook["files"], "data/actions.yaml")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert ci.index("make test") < ci.index("pre-commit run --all-files")


# --- what the data names is there ------------------------------------------------------------


def _sources(node: object) -> list[str]:
    if isinstance(node, dict):
        found = [v for k, v in node.items() if k == "source" and isinstance(v, str)]
        return found + [s for v in node.values() for s in _sources(v)]
    if isinstance(node, list):
        return [s for v in node for s in _sources(v)]
    return []


def test_every_source_the_data_names_is_in_minutes() -> None:
    named = {source for path in DATA.rglob("*.yaml")
             for source in _sources(yaml.safe_load(path.read_text(encoding="utf-8")))}
    files = {s for s in named if re.fullmatch(r"[\w.-]+\.txt", s)}
    assert len(files) >= 4
    for name in files:
        assert (ROOT / "minutes" / name).is_file(), f"source {name} is not in minutes/"
    # a source that is not a file of minutes says whose publication it is (Ofsted's data,
    # DfE's statistical neighbours)
    publishers = ("Ofsted", "Department for Education")
    assert all(any(p in s for p in publishers) for s in named - files), named - files
    assert (ROOT / "minutes" / "README.md").is_file()
