"""The data folder given wrongly in the two ways a newcomer does (issue 22): the project
folder (the one holding data/) given as the data folder, and fostlog run from inside
data/. Each gets a hint naming the right folder, not only "Create authorities.yaml" or
"there is no data folder at 'data'"."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA
from fostlog.cli import app

runner = CliRunner()


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project folder holding a copy of the bundled data in data/."""
    shutil.copytree(DATA, tmp_path / "data")
    monkeypatch.delenv("FOSTLOG_DATA", raising=False)
    return tmp_path


@pytest.mark.parametrize("args", [["lint", "."], ["actions", "--open", "--data", "."]])
def test_the_project_folder_as_the_data_folder_names_data(
        project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.chdir(project)
    result = runner.invoke(app, args)
    assert result.exit_code == 1
    assert "error[file-missing] The data folder has no authorities.yaml." in result.output
    assert ("hint: This looks like the project folder: the data is in ./data (give that as "
            "the data folder, e.g. 'fostlog lint ./data')." in result.output)


def test_a_folder_without_data_still_says_create(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    result = runner.invoke(app, ["lint", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert "hint: Create authorities.yaml" in result.output
    assert "project folder" not in result.output


@pytest.mark.parametrize("args", [["lint"], ["actions", "--open"], ["attendance"]])
def test_run_inside_the_data_folder_says_it_is_the_data_folder(
        project: Path, monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    monkeypatch.chdir(project / "data")
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "there is no data folder at 'data'" in result.output
    assert ("hint: The current folder is the data folder itself (it holds authorities.yaml): "
            "give '.' as the data folder, or run fostlog from the folder above it."
            in result.output)
    # and what the hint says works
    assert runner.invoke(app, [*args, "." if args == ["lint"] else "--data=."]).exit_code == 0


def test_a_missing_data_folder_elsewhere_gets_no_such_hint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("FOSTLOG_DATA", raising=False)
    result = runner.invoke(app, ["actions", "--open"])
    assert result.exit_code == 2 and "hint:" not in result.output
