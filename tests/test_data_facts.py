"""The bundled data against facts stated in the minutes (../shared/seeds)."""

from __future__ import annotations

from datetime import date

import pytest

from conftest import DATA
from fostlog import domain
from fostlog.core.models import AttendanceKnown, Status
from fostlog.core.repository import Repository
from fostlog.files.load import load_and_check, load_repository
from fostlog.render.tables import percent_text


@pytest.fixture(scope="module")
def repo() -> Repository:
    repo, diagnostics = load_repository(DATA)
    assert [d for d in diagnostics if d.is_error] == []
    return repo


def test_real_data_lints_with_only_the_explained_kent_warnings() -> None:
    _, diagnostics = load_and_check(DATA)
    assert [d for d in diagnostics if d.is_error] == []
    assert {(d.rule, d.message.split(":")[0]) for d in diagnostics} == {
        ("ratio-over-100", "Kent")
    }


def test_every_file_kind_loads(repo: Repository) -> None:
    assert len(repo.authorities) == 19
    assert {"achieving-for-children", "brighter-futures-for-children",
            "slough-children-first", "seslip"} <= set(repo.organisations)
    assert [m.date.isoformat() for m in repo.meetings] == [
        "2020-07-21", "2021-07-19", "2021-11-05", "2022-01-26", "2025-07-07"]
    assert [b.key for b in repo.benchmarks] == ["2020-21", "ofsted-2018-19"]
    assert [m.key for m in repo.meetings_without_minutes] == [
        "2021-04", "2023-07", "2023-10", "2024-03", "2024-10", "2024-12", "2025-03"]
    numbered = {int(a.id) for a in repo.actions if a.id.isdigit()}
    assert numbered == set(range(1, 11)) | set(range(33, 50))


def test_the_nineteen_authorities(repo: Repository) -> None:
    names = {a.name for a in repo.authorities.values()}
    assert "Windsor and Maidenhead" in names and "Isle of Wight" in names
    assert domain.find_authority("W Sussex", repo) == "west-sussex"
    assert domain.find_authority("West Berks", repo) == "west-berkshire"
    assert domain.find_authority("Bucks", repo) == "buckinghamshire"
    assert domain.find_authority("IoW", repo) == "isle-of-wight"
    assert domain.find_authority("brighton and Hove", repo) == "brighton-and-hove"
    assert repo.organisations["achieving-for-children"].acts_for == ["windsor-and-maidenhead"]


def test_action_49_owned_by_mc_and_complete_in_september_2025(repo: Repository) -> None:
    action = repo.action("49")
    assert action is not None
    assert action.responsible == "MC"
    assert action.owners == ["maria-cordrey"]
    assert "MC" in repo.people["maria-cordrey"].initials
    assert repo.people["maria-cordrey"].authority == "kent"
    observation = domain.observation_as_of(action, date(2025, 9, 17))
    assert observation is not None
    assert (observation.as_of, observation.recorded, observation.status) == (
        date(2025, 9, 17), "complete", Status.done)


def test_status_words_are_kept_beside_the_normalised_status(repo: Repository) -> None:
    dropped = repo.action("42")
    assert dropped is not None and dropped.history[-1].recorded == "No longer relevant"
    assert dropped.history[-1].status is Status.dropped


def test_hampshire_2020_21_counts(repo: Repository) -> None:
    year = repo.benchmark("2020-21")
    assert year is not None
    row = next(r for r in year.authorities if r.authority == "hampshire")
    assert [row.counts[s.key] for s in year.stages] == [255, 145, 93, 61, 29, 26]


def test_blank_cells_are_unknown_not_zero(repo: Repository) -> None:
    year = repo.benchmark("2020-21")
    assert year is not None
    rows = {r.authority: r for r in year.authorities}
    assert rows["kent"].counts["stage_f"] is None  # Kent's sixth count
    assert rows["slough"].counts["stage_c"] is None
    assert rows["windsor-and-maidenhead"].counts["initial_visits"] is None
    assert rows["windsor-and-maidenhead"].counts["applications"] == 5


def test_every_printed_percentage_agrees_with_the_counts(repo: Repository) -> None:
    year = repo.benchmark("2020-21")
    assert year is not None
    checked = 0
    for row in year.authorities:
        for ratio in year.ratios:
            printed = row.printed.get(ratio.key)
            value = domain.ratio_value(row, ratio)
            if printed is None or value is None:
                continue
            assert domain.printed_agrees(printed, value), (row.authority, ratio.key)
            # and the percentage fostlog shows is the one the minutes print
            assert percent_text(float(value * 100)) == f"{printed}%", (row.authority, ratio.key)
            checked += 1
    # 17 rows of five, less the two Windsor and Maidenhead did not print and the three 0%
    # printed over blank cells.
    assert checked == 80


def test_january_2022_not_represented(repo: Repository) -> None:
    meeting = repo.meeting(date(2022, 1, 26))
    assert meeting is not None
    assert meeting.not_represented == ["isle-of-wight", "milton-keynes", "surrey"]
    november = repo.meeting(date(2021, 11, 5))
    assert november is not None
    assert november.attendance is AttendanceKnown.partial and november.attendees is None
    assert november.not_represented == ["isle-of-wight", "milton-keynes", "surrey"]


def test_every_person_is_placed_or_explained(repo: Repository) -> None:
    # People are professionals named in the minutes: each has an LA, an organisation, or a
    # note saying why neither is known.
    for person in repo.people.values():
        assert person.authority or person.organisation or person.note, person.id
