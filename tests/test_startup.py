"""Start-up: a question answered from a warm cache imports what it uses and no more (no
PyYAML, no checks, no other command's module, no model schema built), and registering
commands lazily still lists, finds and suggests every one.

Timings are never asserted here: `make bench` measures them (bench/RESULTS.md)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA
from fostlog.cli import COMMANDS, app

# Runs fostlog as the console script does, then says which modules were imported and
# whether the models' validators were built.
_REPORT = """
import json, sys
from fostlog.cli import main
sys.argv = ["fostlog", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
from fostlog.core import models
sys.stderr.write("\\nREPORT " + json.dumps({
    "modules": sorted(sys.modules),
    "built": sorted(name for name, kind in vars(models).items()
                    if isinstance(kind, type) and issubclass(kind, models.Record)
                    and kind.__pydantic_complete__),
}) + "\\n")
"""


def _report(*args: str, cache_dir: Path) -> dict[str, list[str]]:
    env = {**os.environ, "FOSTLOG_CACHE_DIR": str(cache_dir), "FOSTLOG_TODAY": "2025-10-01"}
    env.pop("FOSTLOG_NO_CACHE", None)
    done = subprocess.run([sys.executable, "-c", _REPORT, *args], capture_output=True,
                          text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    line = done.stderr.rsplit("REPORT ", 1)[1]
    found: dict[str, list[str]] = json.loads(line)
    return found


@pytest.fixture
def data(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return root


def test_a_warm_question_imports_no_yaml_checks_or_other_commands(
        data: Path, private_cache: Path) -> None:
    args = ("actions", "--open", "--data", str(data))
    cold = _report(*args, cache_dir=private_cache)
    assert "yaml" in cold["modules"] and cold["built"]  # the first run reads and validates
    warm = _report(*args, cache_dir=private_cache)
    if "yaml" in warm["modules"]:
        # fostlog's own source changed between the two runs (the cache is keyed by it):
        # once more, now that the cache is of this source.
        warm = _report(*args, cache_dir=private_cache)
    modules = set(warm["modules"])
    heavy = {"yaml", "fostlog.files.yamlsafe", "fostlog.checks", "fostlog.files.explain", "rich",
             "multiprocessing", "ruamel"}
    assert not {m for m in modules if m in heavy or m.split(".")[0] in heavy}
    others = {f"fostlog.cli.{name}" for name in ("render", "lint", "benchmark", "attendance",
                                                  "capacity", "site", "export", "imports")}
    assert not modules & others
    assert warm["built"] == []  # no model's validator built: records come from the cache


def test_help_lists_every_registered_command_in_order() -> None:
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    listed = result.stdout.split("Commands:")[1].splitlines()
    names = [line.split()[0] for line in listed if line.startswith("  ")]
    assert sorted(names) == sorted(COMMANDS)
    assert names[:4] == ["lint", "actions", "attendance", "benchmark"]


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_every_command_is_found_when_run(name: str) -> None:
    result = CliRunner().invoke(app, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert f"fostlog {name}" in result.stdout


def test_a_mistyped_command_is_misuse_with_a_suggestion() -> None:
    result = CliRunner().invoke(app, ["atendance"])
    assert result.exit_code == 2
    assert "Did you mean 'attendance'?" in result.output


def test_actions_subcommands_registered_by_actions_edit_are_there() -> None:
    for words in (["actions", "update", "--help"], ["actions", "add", "--help"],
                  ["actions", "show", "--help"]):
        result = CliRunner().invoke(app, words)
        assert result.exit_code == 0, (words, result.output)


def test_help_imports_no_models() -> None:
    """`fostlog --help` and a command's --help build the commands' options, so every type
    they name is imported: none of them may bring in the models (typer itself imports
    pydantic for a command's options; fostlog --help imports it not at all)."""
    script = ("import sys\nfrom fostlog.cli import main\nsys.argv = sys.argv[1:]\n"
              "try:\n    main()\nexcept SystemExit:\n    pass\n"
              "sys.stderr.write('\\nLOADED ' + ' '.join(m for m in ('fostlog.core.models', "
              "'pydantic', 'yaml') if m in sys.modules) + '\\n')\n")
    for args, allowed in ((["fostlog", "--help"], ""),
                          (["fostlog", "actions", "update", "--help"], "pydantic")):
        done = subprocess.run([sys.executable, "-c", script, *args], capture_output=True,
                              text=True, timeout=300)
        assert "Usage" in done.stdout, done.stderr
        assert done.stderr.rsplit("LOADED ", 1)[1].strip() == allowed, args
