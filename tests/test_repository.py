"""repository.py: records filed by kind, first of two ids kept, positions from load time."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fostlog.core.models import Authority, Meeting, Origin
from fostlog.core.repository import Repository


def _authority(ident: str, name: str) -> Authority:
    return Authority(id=ident, name=name)


def test_a_registry_keeps_the_first_of_two_ids_and_every_keeps_both() -> None:
    repo = Repository(root=Path("."))
    repo.add("authorities", _authority("kent", "Kent"))
    repo.add("authorities", _authority("kent", "Kent again"))
    assert repo.authorities["kent"].name == "Kent"
    every = repo.records_read["authorities"]
    assert all(isinstance(a, Authority) for a in every)
    assert [a.name for a in every if isinstance(a, Authority)] == ["Kent", "Kent again"]
    assert repo.authority_name("kent") == "Kent" and repo.authority_name("nowhere") == "nowhere"


def test_where_uses_positions_captured_at_load() -> None:
    repo = Repository(root=Path("."))
    meeting = Meeting(date=date(2022, 1, 26), source=None, attendance="none", attendees=None,
                      not_represented=None, apologies=None)
    meeting.set_origin(Origin(file="meetings/2022-01-26.yaml"))
    repo.add("meetings", meeting)
    repo.positions["meetings/2022-01-26.yaml"] = {(): (1, 1), ("date",): (4, 1),
                                                  ("items",): (9, 1), ("items", 0): (10, 3)}
    assert repo.where(meeting, "date") == ("meetings/2022-01-26.yaml", 4, 1)
    # A path without a position of its own points at its nearest ancestor.
    assert repo.where(meeting, "items", 0, "title") == ("meetings/2022-01-26.yaml", 10, 3)
    assert repo.where(meeting, "venue") == ("meetings/2022-01-26.yaml", 1, 1)
    assert repo.meeting(date(2022, 1, 26)) is meeting


def test_a_record_without_origin_is_unknown() -> None:
    repo = Repository(root=Path("."))
    assert repo.where(_authority("kent", "Kent")) == ("<unknown>", 1, 1)
