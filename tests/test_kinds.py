"""kinds.py: the registry of file kinds is the one description of a data folder's layout."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import DATA, MINI
from fostlog.core.kinds import (
    BY_NAME,
    KINDS,
    file_contents,
    kind_of,
    records_of,
    repository_attributes,
)
from fostlog.core.repository import Repository
from fostlog.files.load import load_repository


def test_every_bundled_data_file_is_of_a_kind() -> None:
    for path in DATA.rglob("*"):
        if path.is_file():
            relative = path.relative_to(DATA).as_posix()
            assert kind_of(relative) is not None, relative


@pytest.mark.parametrize("relative, kind", [
    ("authorities.yaml", "authorities"), ("meetings/2022-01-26.yaml", "meeting"),
    ("benchmarks/2020-21.yaml", "benchmark"),
    ("meetings-without-minutes.yaml", "meetings-without-minutes"),
    ("meetings/2022-01-26.yml", None), ("meetings/x/2022-01-26.yaml", None),
    ("benchmarks.yaml", None), ("actions.yaml/x.yaml", None),
])
def test_kind_of(relative: str, kind: str | None) -> None:
    found = kind_of(relative)
    assert (found.name if found else None) == kind


def test_each_home_is_a_repository_attribute() -> None:
    repo = Repository(root=Path("."))
    for into in repository_attributes():
        assert isinstance(getattr(repo, into), (list, dict)), into
    assert len(repository_attributes()) == len(set(repository_attributes()))


@pytest.mark.parametrize("source", [DATA, MINI], ids=["data", "mini"])
def test_file_contents_name_exactly_the_files_that_were_read(source: Path) -> None:
    repo, _ = load_repository(source)
    written = set(file_contents(repo))
    read = {p.relative_to(source).as_posix() for p in source.rglob("*.yaml")}
    assert written == read


def test_file_names_come_from_the_content() -> None:
    repo, _ = load_repository(DATA)
    meeting = BY_NAME["meeting"]
    assert [meeting.expected_stem(m) for m in records_of(repo, "meetings")][:2] == [
        "2020-07-21", "2021-07-19"]
    assert BY_NAME["benchmark"].expected_stem(repo.benchmarks[0]) == "2020-21"


def test_optional_kinds_are_not_required_and_single_files_are() -> None:
    assert [k.name for k in KINDS if k.folder is None and k.required] == [
        "authorities", "people", "actions"]
    _, diagnostics = load_repository(MINI)  # the mini fixture has no meetings-without-minutes
    assert not [d for d in diagnostics if d.rule == "file-missing"]
