"""JSON Schema for editors: generated from the models, checked in, named by every file."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, ROOT
from fostlog.cli import app
from fostlog.core.kinds import KINDS, kind_of
from fostlog.core.schema import all_schema_texts, json_schema, modeline

runner = CliRunner()


def test_checked_in_schemas_match_the_models() -> None:
    for name, text in all_schema_texts().items():
        path = ROOT / "schema" / name
        assert path.exists(), f"{path} is missing: run 'make schema'"
        assert path.read_text(encoding="utf-8") == text, f"{name} is stale: run 'make schema'"
    assert sorted(p.name for p in (ROOT / "schema").iterdir()) == sorted(all_schema_texts())


def test_every_data_file_names_its_schema_on_the_first_line() -> None:
    files = sorted(p for p in DATA.rglob("*.yaml"))
    assert len(files) >= 5
    for path in files:
        relative = path.relative_to(DATA).as_posix()
        expected = modeline(relative)
        assert expected is not None, f"{relative} is not a kind of data file"
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == expected, relative
        target = (path.parent / expected.split("$schema=", 1)[1]).resolve()
        assert target.exists(), f"{relative} points at {target}, which does not exist"


@pytest.mark.parametrize("relative, kind", [
    ("authorities.yaml", "authorities"), ("people.yaml", "people"),
    ("actions.yaml", "actions"), ("meetings/2022-01-26.yaml", "meeting"),
    ("benchmarks/2020-21.yaml", "benchmark"), ("notes.yaml", None),
    ("meetings/x/y.yaml", None),
])
def test_kind_of(relative: str, kind: str | None) -> None:
    found = kind_of(relative)
    assert (found.name if found else None) == kind


def test_schema_accepts_numeric_action_ids_and_forbids_unknown_keys() -> None:
    actions = json_schema("actions")
    action = actions["$defs"]["Action"]
    assert {"type": "integer", "minimum": 0} in action["properties"]["id"]["anyOf"]
    assert action["additionalProperties"] is False
    meeting = json_schema("meeting")
    assert meeting["properties"]["date"] == {"format": "date", "title": "Date",
                                             "type": "string"}
    assert {kind.name for kind in KINDS} >= {"authorities", "people", "actions", "meeting",
                                             "benchmark"}


def test_cli_writes_and_checks(tmp_path: Path) -> None:
    out = tmp_path / "schema"
    result = runner.invoke(app, ["schema", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == sorted(all_schema_texts())
    assert runner.invoke(app, ["schema", "--check", "--out", str(out)]).exit_code == 0
    (out / "meeting.schema.json").write_text("{}\n")
    result = runner.invoke(app, ["schema", "--check", "--out", str(out)])
    assert result.exit_code == 1 and "meeting.schema.json" in result.stderr
    printed = json.loads(runner.invoke(app, ["schema"]).stdout)
    assert sorted(printed) == sorted(all_schema_texts())


def test_check_says_when_the_folder_is_missing(tmp_path: Path) -> None:
    result = runner.invoke(app, ["schema", "--check", "--out", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "there is no folder" in result.stderr and "out of date" not in result.stderr
    assert f"fostlog schema --out {tmp_path / 'nowhere'}" in result.stderr
    partial = tmp_path / "schema"
    partial.mkdir()
    (partial / "meeting.schema.json").write_text(all_schema_texts()["meeting.schema.json"])
    result = runner.invoke(app, ["schema", "--check", "--out", str(partial)])
    assert result.exit_code == 1 and "missing from" in result.stderr
    assert "meeting.schema.json" not in result.stderr.split("missing from")[1]


def test_the_package_ships_the_schemas() -> None:
    from fostlog.core.schema import shipped_schema_texts

    assert shipped_schema_texts() == all_schema_texts()
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"schemas/*.json"' in pyproject


def test_a_data_folder_elsewhere_gets_its_schemas_where_its_files_point(tmp_path: Path) -> None:
    from fostlog.core.schema import schema_folder_for

    data = tmp_path / "fostering-data" / "data"
    shutil.copytree(DATA, data)
    out = schema_folder_for(data)
    assert out == tmp_path / "fostering-data" / "schema"
    assert runner.invoke(app, ["schema", "--out", str(out)]).exit_code == 0
    for path in data.rglob("*.yaml"):
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert (path.parent / first.split("$schema=", 1)[1]).resolve().is_file(), path
    # a new meeting says where its schema should be when it is not there
    shutil.rmtree(out)
    result = runner.invoke(app, ["new", "meeting", "2030-01-15", "--data", str(data)],
                           env={"FOSTLOG_TODAY": "2030-01-01"})
    assert result.exit_code == 0, result.output
    assert "which is not there: 'fostlog schema --out" in result.stderr
