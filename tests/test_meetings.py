"""meetings.py: meetings with minutes and meetings known only from a log, counted alike."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import DATA
from fostlog.core.models import MeetingWithoutMinutes
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import Presence
from fostlog.domain.meetings import (
    MeetingWhen,
    last_meeting_before,
    meeting_of_action,
    occasions,
    occasions_by,
)
from fostlog.files.load import load_repository
from fostlog.queries.attendance import attendance_matrix, missing_authorities

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import generate  # noqa: E402


@pytest.fixture(scope="module")
def repo() -> Repository:
    loaded, diagnostics = load_repository(DATA)
    assert not [d for d in diagnostics if d.is_error]
    return loaded


def test_meeting_when_orders_months_before_their_days() -> None:
    whens = [MeetingWhen.of(date(2023, 7, 12)), MeetingWhen.of(None, "2023-07"),
             MeetingWhen.of(date(2023, 6, 30))]
    assert sorted(whens) == ["2023-06-30", "2023-07", "2023-07-12"]
    month = MeetingWhen.of(None, "2024-02")
    assert (month.first_day, month.last_day) == (date(2024, 2, 1), date(2024, 2, 29))
    assert not month.day_known and MeetingWhen.of(date(2024, 2, 3)).day_known


def test_a_month_may_be_by_a_day_inside_it_but_is_surely_before_only_after_it() -> None:
    month = MeetingWhen.of(None, "2025-03")
    assert month.may_be_by(date(2025, 3, 1)) and not month.may_be_by(date(2025, 2, 28))
    assert not month.surely_before(date(2025, 3, 31))
    assert month.surely_before(date(2025, 4, 1))


def test_the_bundled_record_holds_every_meeting_the_minutes_show(repo: Repository) -> None:
    whens = [o.when for o in occasions(repo)]
    assert whens == ["2020-07-21", "2021-04", "2021-07-19", "2021-11-05", "2022-01-26",
                     "2023-07", "2023-10", "2024-03", "2024-10", "2024-12", "2025-03",
                     "2025-07-07", "2025-09", "2025-12", "2026-03-17"]
    without = [o for o in occasions(repo) if not o.has_minutes]
    assert all(o.without_minutes and o.without_minutes.known_from for o in without)
    # April 2021 is stated by the July 2021 minutes; the rest are worked out from the log.
    assert [o.when for o in without if o.without_minutes and not o.without_minutes.inferred] \
        == ["2021-04"]


def test_last_two_meetings_before_july_2025_are_march_and_july(repo: Repository) -> None:
    report = missing_authorities(repo, 2, date(2025, 7, 7))
    assert report.meetings == ["2025-03", "2025-07-07"]
    assert not [r for r in report.rows if r.status == "missing"]
    unknown = {r.authority: r for r in report.rows if r.status == "unknown"}
    assert unknown["isle-of-wight"].unknown_at == ["2025-03"]
    assert unknown["milton-keynes"].absent_at == ["2025-07-07"]


def test_january_2022_answer_is_unchanged(repo: Repository) -> None:
    report = missing_authorities(repo, 2, date(2022, 1, 26))
    assert [r.authority for r in report.rows if r.status == "missing"] == [
        "isle-of-wight", "milton-keynes", "surrey"]


def test_attendance_at_a_meeting_without_minutes_is_unknown(repo: Repository) -> None:
    whens, rows = attendance_matrix(repo)
    assert "2024-10" in whens
    assert {row.cells[MeetingWhen("2024-10")].presence for row in rows} == {Presence.unknown}


def test_a_month_meeting_counts_from_the_first_of_its_month(repo: Repository) -> None:
    assert occasions_by(repo, date(2025, 3, 1))[-1].when == "2025-03"
    assert occasions_by(repo, date(2025, 2, 28))[-1].when == "2024-12"


def test_last_meeting_before_counts_meetings_without_minutes(repo: Repository) -> None:
    assert last_meeting_before(repo, date(2025, 5, 1)) == date(2025, 3, 31)
    assert last_meeting_before(repo, date(2025, 9, 17)) == date(2025, 7, 7)
    # Inside March 2025 nobody can say whether the March meeting had been held yet.
    assert last_meeting_before(repo, date(2025, 3, 20)) == date(2024, 12, 31)
    assert last_meeting_before(repo, date(2020, 1, 1)) is None


@pytest.mark.parametrize("action_id, expected", [
    ("33", "2023-07"),  # issued "July 2023": the one meeting that month
    ("47", "2025-03"),
    ("7", "2022-01-26"),  # issued "Jan 2022": the January meeting has minutes
    ("48", "2025-07-07"),  # the register names the meeting
    ("1", None),  # "Oct 2021": no meeting is known in October 2021
])
def test_an_action_issued_in_a_month_links_to_that_months_only_meeting(
    repo: Repository, action_id: str, expected: str | None
) -> None:
    action = repo.action(action_id)
    assert action is not None
    found = meeting_of_action(action, repo)
    assert (found.when if found else None) == expected


def test_two_meetings_in_a_month_leave_a_month_only_action_unlinked() -> None:
    repo = Repository(root=Path("."))
    for day in (date(2023, 7, 3), date(2023, 7, 24)):
        repo.add("meetings_without_minutes", MeetingWithoutMinutes(
            month="2023-07", day=day, known_from="test", inferred=True))
    loaded, _ = load_repository(DATA)
    action = loaded.action("33")
    assert action is not None
    assert meeting_of_action(action, repo) is None


@pytest.mark.parametrize("action_id, expected", [
    ("7", date(2022, 4, 30)),  # "Discuss at April meeting": April 2022, to the month
    ("2022-01-26/1", date(2023, 7, 31)),  # "prior to next meeting": the July 2023 meeting
    ("5", date(2021, 11, 5)),  # issued Oct 2021, "at next meeting": 5 November 2021
    ("48", date(2025, 9, 30)),  # "the next regional meeting": September 2025, to the month
    ("10", None),  # no due date in the minutes
])
def test_due_dates_as_the_minutes_give_them(
    repo: Repository, action_id: str, expected: date | None
) -> None:
    from fostlog.domain.meetings import due_date

    action = repo.action(action_id)
    assert action is not None
    assert due_date(action, repo) == expected


def _missing_from_the_whole_matrix(repo: Repository, last: int,
                                   as_of: date) -> list[tuple[str, list[str], str | None]]:
    """The definition, worked out from every LA's cell at every meeting held by as_of."""
    dates, rows = attendance_matrix(repo, as_of)
    window = dates[-last:]
    answer = []
    for row in rows:
        if window and all(row.cells[d].presence is not Presence.present for d in window):
            attended = [d for d in dates if row.cells[d].presence is Presence.present]
            absent = [str(d) for d in window if row.cells[d].presence.absent]
            answer.append((row.authority, absent, str(attended[-1]) if attended else None))
    return sorted(answer)


@pytest.mark.parametrize("seed", [None, 21, 22])
def test_missing_reads_back_only_as_far_as_it_needs_and_agrees_with_the_matrix(
    seed: int | None, repo: Repository, tmp_path: Path,
) -> None:
    """missing_authorities works out only the window and searches backwards for the last
    attendance; at every date a meeting was held, for windows of 1 to 4, its answer is
    the one the whole attendance matrix gives (the bundled data, and generated records)."""
    if seed is not None:
        generate.generate(tmp_path / "data", meetings=60, actions=20, years=1, seed=seed)
        repo, _ = load_repository(tmp_path / "data")
    days = sorted({o.when.last_day for o in occasions(repo)})
    assert len(days) >= 10
    for as_of in days:
        for last in (1, 2, 3, 4):
            report = missing_authorities(repo, last, as_of)
            got = sorted((r.authority, [str(d) for d in r.absent_at],
                          str(r.last_attended) if r.last_attended else None)
                         for r in report.rows)
            assert got == _missing_from_the_whole_matrix(repo, last, as_of), (as_of, last)
