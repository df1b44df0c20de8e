"""The query functions on the real data and on small synthetic additions, without the CLI."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from conftest import DATA
from fostlog.core.models import Status
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import ActionSort, Presence
from fostlog.domain import OwnerMatch
from fostlog.files.load import load_repository
from fostlog.queries.actions import ActionFilter, action_rows, action_story
from fostlog.queries.attendance import missing_authorities, presence_at
from fostlog.queries.benchmark import authority_funnel, benchmark_table, compare_years


@pytest.fixture(scope="module")
def repo() -> Repository:
    return load_repository(DATA)[0]


def ids(rows: list) -> list[str]:  # type: ignore[type-arg]
    return [r.id for r in rows]


# --- actions -------------------------------------------------------------------------


def test_register_as_of_september_2025_has_the_log_statuses(repo: Repository) -> None:
    rows = action_rows(repo, ActionFilter(), date(2025, 9, 17))
    by_id = {r.id: r for r in rows}
    assert by_id["49"].status is Status.done and by_id["49"].recorded == "complete"
    assert by_id["47"].status is Status.open
    assert by_id["42"].status is Status.dropped


def test_as_of_hides_later_actions_and_later_statuses(repo: Repository) -> None:
    rows = action_rows(repo, ActionFilter(), date(2022, 1, 20))
    assert not any(r.id in {"33", "49"} for r in rows)
    assert "2022-01-26/1" not in ids(rows)
    by_id = {r.id: r for r in rows}
    assert by_id["6"].status is Status.done and by_id["6"].recorded == "Closed"
    # action 4 was only observed again at the 26 January meeting
    assert by_id["4"].last_update == "2022-01-20"  # text at the report's precision
    later = {r.id: r for r in action_rows(repo, ActionFilter(), date(2022, 2, 1))}
    assert later["4"].last_update == "2022-01-26"


def test_open_filter_and_age(repo: Repository) -> None:
    rows = action_rows(repo, ActionFilter(open_only=True), date(2025, 9, 17))
    assert {"46", "47"} <= set(ids(rows))
    assert all(r.status in (Status.open, Status.in_progress) for r in rows)
    row47 = next(r for r in rows if r.id == "47")
    assert row47.age_days == (date(2025, 9, 17) - date(2025, 3, 1)).days


def test_owner_and_authority_filters_combine(repo: Repository) -> None:
    mc = action_rows(repo, ActionFilter(owner=OwnerMatch("MC", frozenset({"maria-cordrey"}))),
                     date(2025, 9, 17))
    assert ids(mc) == ["49"]
    kent_owned = action_rows(repo, ActionFilter(owner=OwnerMatch(
        "Kent", authorities=frozenset({"kent"}))), date(2025, 9, 17))
    assert ids(kent_owned) == ids(action_rows(repo, ActionFilter(authority="kent"),
                                              date(2025, 9, 17)))
    kent = action_rows(repo, ActionFilter(authority="kent"), date(2025, 9, 17))
    assert "49" in ids(kent)
    kent_open = action_rows(repo, ActionFilter(authority="kent", open_only=True),
                            date(2025, 9, 17))
    assert "49" not in ids(kent_open)


def test_raised_since_and_status(repo: Repository) -> None:
    rows = action_rows(repo, ActionFilter(raised_since=date(2025, 1, 1), status=Status.done),
                       date(2025, 9, 17))
    assert ids(rows) == ["48", "49"]


def test_stale_counts_days_since_the_status_last_changed(repo: Repository) -> None:
    when = date(2025, 9, 17)
    stale = action_rows(repo, ActionFilter(stale_days=180), when)
    assert "47" in ids(stale)  # open since March 2025 (raised), still open in September
    assert all(r.status.is_open and r.unchanged_days >= 180 for r in stale)
    assert next(r for r in stale if r.id == "47").unchanged_days == 200  # since 1 March
    assert "47" not in ids(action_rows(repo, ActionFilter(stale_days=201), when))


def test_sort_by_age_puts_the_oldest_first(repo: Repository) -> None:
    rows = action_rows(repo, ActionFilter(open_only=True), date(2025, 9, 17), ActionSort.age)
    ages = [r.age_days for r in rows]
    assert ages == sorted(ages, reverse=True)


def test_story_keeps_every_observation(repo: Repository) -> None:
    story = action_story(repo, "4", date(2025, 9, 17))
    assert story is not None
    assert [o.as_of for o in story.history] == ["2022-01-20", "2022-01-26"]
    assert action_story(repo, "999", date(2025, 9, 17)) is None


# --- benchmark ---------------------------------------------------------------------


def test_conversion_sort_puts_kent_first_as_the_july_2021_minutes_say(repo: Repository) -> None:
    table = benchmark_table(repo, "2020-21", "conversion")
    assert table.rows[0].authority == "kent"
    assert (table.rows[0].rank, table.rows[0].band) == (1, "A")
    assert table.rows[-1].band == "D"
    values = [r.ratios["conversion"] for r in table.rows]
    assert values == sorted(values, key=lambda v: -(v or 0))


def test_unknown_ratios_sort_last_and_stay_unknown(repo: Repository) -> None:
    table = benchmark_table(repo, "2020-21", "visit_to_application")
    tail = [r.authority for r in table.rows[-1:]]
    assert tail == ["windsor-and-maidenhead"]
    assert table.rows[-1].ratios["visit_to_application"] is None
    assert table.rows[-1].rank is None
    ascending = benchmark_table(repo, "2020-21", "visit_to_application", descending=False)
    assert ascending.rows[-1].authority == "windsor-and-maidenhead"
    assert ascending.rows[0].ratios["visit_to_application"] == pytest.approx(100 * 5 / 29)


def test_flags_and_region(repo: Repository) -> None:
    table = benchmark_table(repo, "2020-21")
    kent = next(r for r in table.rows if r.authority == "kent")
    assert "visit_to_stage_c over 100%" in map(str, kent.flags)
    assert table.region.totals["enquiries"] == sum(
        r.counts["enquiries"] or 0 for r in table.rows)
    assert table.region.contributors["stage_c"] == 14
    assert table.region.contributors["enquiries"] == 17
    # pooled conversion = total applications / total enquiries over LAs with both
    assert table.region.pooled["conversion"] == pytest.approx(100 * 732 / 3865)


def test_authority_funnel_beside_region(repo: Repository) -> None:
    funnel = {c.key: c for c in authority_funnel(repo, "2020-21", "hampshire")}
    assert funnel["enquiries"].value == 255
    assert funnel["conversion"].value == pytest.approx(100 * 61 / 255)
    assert funnel["conversion"].region_median is not None


def test_compare_years_with_a_synthetic_second_year(tmp_path: Path) -> None:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    source = (root / "benchmarks" / "2020-21.yaml").read_text(encoding="utf-8")
    # A synthetic 2021-22 (test only, never in data/): Hampshire's applications 61 -> 77.
    synthetic = source.replace('year: "2020-21"', 'year: "2021-22"').replace(
        "applications: 61", "applications: 77")
    (root / "benchmarks" / "2021-22.yaml").write_text(synthetic, encoding="utf-8")
    repo = load_repository(root)[0]
    changes = {(c.authority, c.ratio): c for c in compare_years(repo, "2021-22", "2020-21")}
    hampshire = changes[("hampshire", "conversion")]
    assert hampshire.change_points == pytest.approx(100 * 16 / 255)
    assert changes[("kent", "conversion")].change_points == 0
    assert changes[("windsor-and-maidenhead", "enquiry_to_visit")].change_points is None
    # --compare composes with --authority and --sort
    kent = compare_years(repo, "2021-22", "2020-21", authority="kent")
    assert {c.authority for c in kent} == {"kent"}
    assert [c.ratio for c in kent] == [r.key for r in repo.benchmarks[0].ratios]
    by_conversion = compare_years(repo, "2021-22", "2020-21", sort_key="conversion")
    assert {c.ratio for c in by_conversion} == {"conversion"}
    assert by_conversion[0].authority == "hampshire"  # the one gain, first
    worst_first = compare_years(repo, "2021-22", "2020-21", sort_key="conversion",
                                descending=False)
    assert worst_first[-1].authority == "hampshire"
    by_visits = compare_years(repo, "2021-22", "2020-21", sort_key="enquiry_to_visit")
    assert by_visits[-1].authority == "windsor-and-maidenhead"  # unknown changes last
    assert by_visits[-1].change_points is None


# --- attendance ----------------------------------------------------------------------


def test_missing_two_as_of_january_2022(repo: Repository) -> None:
    report = missing_authorities(repo, 2, date(2022, 1, 26))
    assert report.meetings == ["2021-11-05", "2022-01-26"]
    missing = [r.authority for r in report.rows if r.status == "missing"]
    assert missing == ["isle-of-wight", "milton-keynes", "surrey"]
    surrey = next(r for r in report.rows if r.authority == "surrey")
    assert surrey.last_attended == "2021-07-19"


def test_unknown_attendance_is_not_called_missing(repo: Repository) -> None:
    # July 2021's list is partial (one attendee's LA is "?"), so Isle of Wight is unknown there.
    report = missing_authorities(repo, 2, date(2021, 11, 5))
    rows = {r.authority: r for r in report.rows}
    assert rows["isle-of-wight"].status == "unknown"
    assert rows["isle-of-wight"].unknown_at == ["2021-07-19"]
    assert "surrey" not in rows  # Surrey attended in July 2021


def test_afc_counts_as_windsor_and_maidenhead(repo: Repository) -> None:
    meeting = repo.meeting(date(2025, 7, 7))
    assert meeting is not None
    cell = presence_at(meeting, repo)["windsor-and-maidenhead"]
    assert cell.presence is Presence.present and cell.who == ["Holly Clune"]


def test_latest_meeting_is_the_default(repo: Repository, ) -> None:
    report = missing_authorities(repo, 2)
    # The last two meetings are December 2025 (known only from the March 2026 action log,
    # so nobody's attendance is known) and 17 March 2026: nobody is certainly missing.
    assert report.meetings == ["2025-12", "2026-03-17"]
    assert [r.authority for r in report.rows if r.status == "missing"] == []
    unknown = {r.authority for r in report.rows if r.status == "unknown"}
    # Not represented in March 2026 (or, for Reading, not recorded either way).
    assert {"brighton-and-hove", "medway", "milton-keynes", "reading"} <= unknown




def test_a_due_at_the_next_meeting_is_known_only_once_that_meeting_was_held(
    repo: Repository,
) -> None:
    """Action 5 was due at the next meeting (5 November 2021): a view of the day before
    does not know that day yet, in the action list as in the agenda."""
    from fostlog.queries.actions import action_row
    from fostlog.queries.agenda import due_by

    action = repo.action("5")
    assert action is not None and action.due is not None and action.due.next_meeting
    for as_of, known in ((date(2021, 11, 4), None), (date(2021, 11, 5), date(2021, 11, 5)),
                         (date(2022, 6, 1), date(2021, 11, 5))):
        assert action_row(action, repo, as_of).due == known, as_of
        found = due_by(action, repo, as_of)
        assert found is not None and found.day == known, as_of
