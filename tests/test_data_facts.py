"""The bundled data against facts stated in the minutes (../shared/seeds)."""

from __future__ import annotations

import re
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
        "2020-07-21", "2021-07-19", "2021-11-05", "2022-01-26", "2025-07-07", "2026-03-17"]
    assert [b.key for b in repo.benchmarks] == ["2020-21", "ofsted-2017-18", "ofsted-2018-19"]
    assert [m.key for m in repo.meetings_without_minutes] == [
        "2021-04", "2023-07", "2023-10", "2024-03", "2024-10", "2024-12", "2025-03",
        "2025-09", "2025-12"]
    numbered = {int(a.id) for a in repo.actions if a.id.isdigit()}
    assert numbered == set(range(1, 11)) | set(range(33, 61))


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


# --- 17 March 2026 (003_b45d4cf36aa2068f.txt) -----------------------------------------------

MARCH_2026 = date(2026, 3, 17)
MARCH_SOURCE = "003_b45d4cf36aa2068f.txt"


def test_march_2026_who_came(repo: Repository) -> None:
    meeting = repo.meeting(MARCH_2026)
    assert meeting is not None
    assert meeting.source == MARCH_SOURCE and meeting.venue == "Microsoft Teams"
    assert meeting.chair is not None
    assert (meeting.chair.person, meeting.chair.authority) == ("sarah-daly", "portsmouth")
    # 23 names on the attendee line; all but Sarah Keenan with an LA or organisation.
    assert meeting.attendees is not None and len(meeting.attendees) == 23
    unplaced = [a.person for a in meeting.attendees if not (a.authority or a.organisation)]
    assert unplaced == ["sarah-keenan"]
    assert meeting.attendance is AttendanceKnown.partial
    # "Apologies:  LAs not represented Brighton and Hove, Medway, Milton Keynes"
    assert meeting.apologies == []
    assert meeting.not_represented == ["brighton-and-hove", "medway", "milton-keynes"]
    assert meeting.not_represented_inferred is None
    present = set(domain.present_authorities(meeting, repo))
    # Reading is neither present nor recorded absent; every other LA is one or the other
    # (Windsor and Maidenhead through Matthew Edwards of AfC, Portsmouth through the chair).
    assert "reading" not in present and "reading" not in meeting.not_represented
    assert present | set(meeting.not_represented) == set(repo.authorities) - {"reading"}
    assert {"windsor-and-maidenhead", "hampshire", "isle-of-wight"} <= present
    by_person = {a.person: a for a in meeting.attendees}
    assert by_person["sam-horton"].authority == "hampshire"  # "(Hants)"
    assert by_person["matthew-edwards"].organisation == "achieving-for-children"
    assert by_person["siobhan-edwards"].authority == "east-sussex"
    assert [i.title for i in meeting.items][-3:] == [
        "ITEM SIX: Mileage question from Hants", "ITEM 7: Fostering community project", "AOB"]
    assert len(meeting.items) == 8
    assert meeting.next_meeting is not None and meeting.next_meeting.date == date(2026, 6, 22)


def test_march_2026_actions(repo: Repository) -> None:
    meeting = repo.meeting(MARCH_2026)
    assert meeting is not None
    assert meeting.actions_raised == ["56", "57", "58", "59", "60"]
    for number in range(56, 61):
        action = repo.action(str(number))
        assert action is not None
        assert (action.meeting, action.raised) == (MARCH_2026, MARCH_2026), number
    issued = {str(n): repo.action(str(n)) for n in range(50, 56)}
    assert {n: (a.raised.isoformat()[:7], a.raised_precision.value, a.meeting)
            for n, a in issued.items() if a is not None} == {
        "50": ("2025-09", "month", None), "51": ("2025-09", "month", None),
        "52": ("2025-09", "month", None), "53": ("2025-09", "month", None),
        "54": ("2025-12", "month", None), "55": ("2025-12", "month", None)}
    council_tax = repo.action("57")
    assert council_tax is not None and council_tax.responsible == "CA HB ME"
    assert council_tax.owners == ["carly-arnold", "holli-blackburn", "matthew-edwards"]
    mileage = repo.action("59")
    assert mileage is not None and mileage.whole_group and mileage.owners == []
    step_across = repo.action("58")
    assert step_across is not None
    assert [(o.as_of, o.recorded, o.status) for o in step_across.history] == [
        (MARCH_2026, "complete", Status.done)]
    # The log updates 45-49, each observed once more, from these minutes.
    for number in range(45, 50):
        action = repo.action(str(number))
        assert action is not None
        assert action.history[-1].as_of == MARCH_2026, number
        assert action.history[-1].source == MARCH_SOURCE, number
    hub = repo.action("47")
    assert hub is not None
    last = hub.history[-1]
    assert (last.recorded, last.status, last.ambiguous) == (
        "Ongoing/ complete", Status.in_progress, True)
    assert hub.wordings[-1].text.endswith(
        "NB: The hub is likely moving aligning with direction of travel with RCC")
    assert [w.as_of for w in hub.wordings] == [MARCH_2026]
    medicals = repo.action("46")
    assert medicals is not None and medicals.history[-1].status is Status.done


def test_march_2026_meetings_without_minutes_and_people(repo: Repository) -> None:
    inferred = {m.key: m for m in repo.meetings_without_minutes}
    for month in ("2025-09", "2025-12"):
        assert inferred[month].inferred is True
        assert MARCH_SOURCE in inferred[month].known_from
    new = ["holli-blackburn", "sam-horton", "selina-rattu", "nicola-sankey",
           "carol-norrington-beard", "george-mathew", "kimberley-showell", "matthew-edwards",
           "rachel-farrell", "sam-howard", "hannah-forrest", "hannah-pycock", "sarah-keenan",
           "ashley-schofield", "charlotte-davey", "siobhan-edwards"]
    assert len(new) == 16 and set(new) <= set(repo.people)
    assert repo.people["sarah-keenan"].authority is None
    assert repo.people["sarah-keenan"].organisation is None
    assert repo.people["selina-rattu"].organisation == "seslip"
    assert domain.find_authority("Hants", repo) == "hampshire"
    # Named only in the log's rows, not in the attendee line.
    assert {"mac-heath", "colin"} <= set(repo.people)


def test_march_2026_attendees_in_the_order_and_places_of_the_attendee_line(
        repo: Repository) -> None:
    """Read independently of the importer: the unlabelled attendee line, one "Name (LA)"
    after another ("Siobhan Edwards, (East Sussex)" with a stray comma), against the record:
    the same names in the same order, each with the LA or organisation the line gives."""
    text = (DATA.parent / "minutes" / MARCH_SOURCE).read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.startswith("Holli Blackburn ("))
    written = [(name.strip(), place) for name, place in re.findall(
        r"([^,()]+?)\s*(?:\(([^)]*)\))?\s*(?:,|$)", line.replace(", (", " (")) if name.strip()]
    assert len(written) == 23

    def place(words: str) -> str | None:
        if not words:
            return None
        words = words.removesuffix(" consultant")
        return domain.find_authority(words, repo) or domain.find_organisation(words, repo)

    meeting = repo.meeting(MARCH_2026)
    assert meeting is not None and meeting.attendees is not None
    assert [(repo.people[a.person or ""].name.lower(), a.authority or a.organisation)
            for a in meeting.attendees] == [(name.lower(), place(words))
                                            for name, words in written]
    # ... and the log's Kent presentation (action 55), given as item 4, with its figures.
    kent = repo.action("55")
    assert kent is not None and kent.owner_authorities == ["kent"]
    assert kent.due is not None and kent.due.date == date(2026, 3, 31)
    step_across = next(i for i in meeting.items if i.title.startswith("ITEM 4:"))
    assert [(f.value, f.authority) for f in step_across.figures][:4] == [
        (14, "kent"), (None, "kent"), (11, "kent"), (3, "kent")]
