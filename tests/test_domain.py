"""domain.py, rule by rule, on a small repository built here from the models: which LAs
someone counts for, who was at a meeting, action status and id order, owners and LAs
found from what a user types (with "did you mean"), and the benchmark arithmetic."""

from __future__ import annotations

from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest

from fostlog import domain
from fostlog.core.models import (
    Action,
    AttendanceKnown,
    Attendee,
    Authority,
    BenchmarkRow,
    DatePrecision,
    Meeting,
    Observation,
    Organisation,
    OrganisationKind,
    Person,
    Ratio,
    Status,
    UnresolvedInitials,
)
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import Presence


def build_repo() -> Repository:
    authorities = [
        Authority(id="kent", name="Kent", aliases=["KCC"]),
        Authority(id="west-sussex", name="West Sussex", aliases=["W Sussex"]),
        Authority(id="windsor-and-maidenhead", name="Windsor and Maidenhead",
                  aliases=["RBWM", "Windsor & Maidenhead"]),
        Authority(id="surrey", name="Surrey"),
    ]
    organisations = [
        Organisation(id="achieving-for-children", name="Achieving for Children",
                     kind=OrganisationKind.childrens_company, aliases=["AfC"],
                     acts_for=["windsor-and-maidenhead"]),
        Organisation(id="seslip", name="SESLIP", kind=OrganisationKind.improvement_programme),
    ]
    people = [
        Person(id="maria-cordrey", name="Maria Cordrey", initials=["MC"], authority="kent"),
        Person(id="mark-vening", name="Mark Vening", initials=["MV"], authority="kent"),
        Person(id="mark-smith", name="Mark Smith", initials=["MS"], authority="west-sussex"),
        Person(id="holly-clune", name="Holly Clune", initials=["HC"],
               organisation="achieving-for-children"),
        Person(id="rebecca-eligon", name="Rebecca Eligon", aliases=["Becky Eligon"],
               initials=["RE"], organisation="seslip"),
    ]
    actions = [
        Action(id="10", text="MC to share the policy", owners=["maria-cordrey"],
               raised=date(2025, 7, 7),
               history=[Observation(as_of=date(2025, 9, 17), status=Status.done,
                                    recorded="complete")]),
        Action(id="2", text="Kent to host", owner_authorities=["kent"],
               raised=date(2021, 10, 1), raised_precision=DatePrecision.month),
        Action(id="3", text="HC and GS to meet", owners=["holly-clune"],
               unresolved_owners=["GS"], raised=date(2022, 1, 26),
               history=[Observation(as_of=date(2022, 3, 1), status=Status.in_progress),
                        Observation(as_of=date(2022, 6, 1), status=Status.dropped)]),
        Action(id="2021-07-19/2", text="All to send numbers", whole_group=True,
               raised=date(2021, 7, 19)),
        Action(id="2021-07-19/10", text="MS to report", owners=["mark-smith"],
               raised=date(2021, 7, 19)),
    ]
    repo = Repository(root=Path("data"))
    repo.authorities = {a.id: a for a in authorities}
    repo.organisations = {o.id: o for o in organisations}
    repo.people = {p.id: p for p in people}
    repo.unresolved_initials = [UnresolvedInitials(initials="JC", seen_in="a meeting")]
    repo.actions = actions
    return repo


@pytest.fixture
def repo() -> Repository:
    return build_repo()


def meeting(attendance: AttendanceKnown, attendees: list[Attendee] | None,
            apologies: list[Attendee] | None = None,
            not_represented: list[str] | None = None,
            chair: Attendee | None = None,
            not_represented_inferred: str | None = None) -> Meeting:
    return Meeting(date=date(2025, 7, 7), source=None, attendance=attendance, chair=chair,
                   attendees=attendees, apologies=apologies, not_represented=not_represented,
                   not_represented_inferred=not_represented_inferred)


# --- which LAs someone counts for ----------------------------------------------------------


def test_a_place_counts_for_its_la_and_those_its_organisation_acts_for(
    repo: Repository,
) -> None:
    assert domain.place_authorities("kent", None, repo.organisations) == {"kent"}
    assert domain.place_authorities(None, "achieving-for-children", repo.organisations) == {
        "windsor-and-maidenhead"}
    assert domain.place_authorities("surrey", "achieving-for-children",
                                    repo.organisations) == {"surrey", "windsor-and-maidenhead"}
    assert domain.place_authorities(None, "seslip", repo.organisations) == set()
    assert domain.place_authorities(None, "no-such-organisation", repo.organisations) == set()


def test_person_authorities(repo: Repository) -> None:
    assert domain.person_authorities(repo.people["maria-cordrey"], repo) == {"kent"}
    assert domain.person_authorities(repo.people["holly-clune"], repo) == {
        "windsor-and-maidenhead"}
    assert domain.person_authorities(repo.people["rebecca-eligon"], repo) == set()


def test_attendee_authorities_fall_back_on_the_registry(repo: Repository) -> None:
    placed = Attendee(person="holly-clune", authority="surrey")
    assert domain.attendee_authorities(placed, repo.organisations, repo.people) == {"surrey"}
    unplaced = Attendee(person="holly-clune")
    assert domain.attendee_authorities(unplaced, repo.organisations, repo.people) == {
        "windsor-and-maidenhead"}
    assert domain.attendee_authorities(unplaced, repo.organisations) == set()
    assert domain.attendee_authorities(Attendee(as_written="Someone"), repo.organisations,
                                       repo.people) == set()


def test_action_authorities_are_its_las_and_its_owners_las(repo: Repository) -> None:
    by_id = {a.id: a for a in repo.actions}
    assert domain.action_authorities(by_id["10"], repo) == {"kent"}
    assert domain.action_authorities(by_id["2"], repo) == {"kent"}
    assert domain.action_authorities(by_id["3"], repo) == {"windsor-and-maidenhead"}
    assert domain.action_authorities(by_id["2021-07-19/2"], repo) == set()


def test_people_of_an_la_include_those_of_an_organisation_acting_for_it(
    repo: Repository,
) -> None:
    assert [p.id for p in domain.people_of("kent", repo)] == ["maria-cordrey", "mark-vening"]
    assert [p.id for p in domain.people_of("windsor-and-maidenhead", repo)] == ["holly-clune"]
    assert domain.people_of("surrey", repo) == []


# --- attendance --------------------------------------------------------------------------


def test_present_authorities_count_the_chair_and_organisations(repo: Repository) -> None:
    held = meeting(AttendanceKnown.partial, [Attendee(person="holly-clune")],
                   chair=Attendee(person="maria-cordrey", authority="kent"))
    present = domain.present_authorities(held, repo)
    assert set(present) == {"kent", "windsor-and-maidenhead"}
    assert [a.person for a in present["kent"]] == ["maria-cordrey"]


def test_meeting_attendance_with_a_full_list(repo: Repository) -> None:
    held = meeting(AttendanceKnown.full,
                   [Attendee(person="maria-cordrey"), Attendee(person="holly-clune")],
                   apologies=[Attendee(person="mark-smith")])
    found = domain.meeting_attendance(held, repo)
    assert found["kent"].presence is Presence.present
    assert found["windsor-and-maidenhead"].presence is Presence.present
    assert found["west-sussex"].presence is Presence.apologies
    assert [a.person for a in found["west-sussex"].who] == ["mark-smith"]
    # with a full list, an LA not on it was not represented: worked out, so inferred
    assert found["surrey"] == domain.AuthorityAttendance(
        Presence.not_represented, inferred=domain.FULL_LIST_ABSENCE)
    # the attendees are placed by people.yaml, not by these minutes: inferred as well
    assert found["kent"].inferred == domain.REGISTRY_PLACE
    assert domain.apology_authorities(held, repo) == {"west-sussex"}


def test_presence_is_stated_when_any_attendee_is_placed_by_the_minutes(
    repo: Repository,
) -> None:
    held = meeting(AttendanceKnown.partial, [
        Attendee(person="maria-cordrey", authority="kent", inferred="LA from later minutes"),
        Attendee(person="mark-vening", authority="kent"),
    ], not_represented=["surrey"])
    found = domain.meeting_attendance(held, repo)
    assert found["kent"].inferred is None
    assert found["surrey"].inferred is None  # the minutes list it
    alone = meeting(AttendanceKnown.partial, [
        Attendee(person="maria-cordrey", authority="kent", inferred="LA from later minutes"),
    ], not_represented=["surrey"], not_represented_inferred="worked out from the list")
    found = domain.meeting_attendance(alone, repo)
    assert found["kent"].inferred == "LA from later minutes"
    assert found["surrey"].inferred == "worked out from the list"


def test_meeting_attendance_with_a_partial_list_is_unknown_unless_said(
    repo: Repository,
) -> None:
    held = meeting(AttendanceKnown.partial, [Attendee(person="maria-cordrey")],
                   not_represented=["surrey"])
    found = domain.meeting_attendance(held, repo)
    assert found["kent"].presence is Presence.present
    assert found["surrey"].presence is Presence.not_represented
    assert found["west-sussex"].presence is Presence.unknown
    assert Presence.apologies.absent and not Presence.unknown.absent


def test_attendee_name(repo: Repository) -> None:
    assert domain.attendee_name(Attendee(person="maria-cordrey"), repo) == "Maria Cordrey"
    assert domain.attendee_name(Attendee(as_written="Jo (Slough)"), repo) == "Jo (Slough)"
    assert domain.attendee_name(Attendee(), repo) == "(name not recorded)"


# --- actions -----------------------------------------------------------------------------


def test_raised_by_respects_a_month_precision(repo: Repository) -> None:
    by_month = next(a for a in repo.actions if a.id == "2")
    assert domain.raised_by(by_month, date(2021, 10, 1))
    assert domain.raised_by(by_month, date(2021, 10, 31))
    assert not domain.raised_by(by_month, date(2021, 9, 30))
    by_day = next(a for a in repo.actions if a.id == "10")
    assert not domain.raised_by(by_day, date(2025, 7, 6))


def test_status_as_of_a_date(repo: Repository) -> None:
    action = next(a for a in repo.actions if a.id == "3")
    assert domain.status_as_of(action, date(2022, 2, 1)) is Status.open  # nobody reported
    assert domain.status_as_of(action, date(2022, 3, 1)) is Status.in_progress
    assert domain.status_as_of(action, None) is Status.dropped
    observed = domain.observation_as_of(action, date(2022, 5, 31))
    assert observed is not None and observed.as_of == date(2022, 3, 1)
    assert domain.observation_as_of(action, date(2022, 1, 1)) is None


def test_id_order_numbers_first_then_by_meeting_and_place(repo: Repository) -> None:
    ids = sorted((a.id for a in repo.actions), key=domain.id_order)
    assert ids == ["2", "3", "10", "2021-07-19/2", "2021-07-19/10"]


# --- owners ------------------------------------------------------------------------------


def test_resolve_owner_by_initials_name_alias_and_all(repo: Repository) -> None:
    assert domain.resolve_owner("mc", repo) == domain.OwnerMatch(
        "mc", people=frozenset({"maria-cordrey"}))
    found = domain.resolve_owner("Becky Eligon", repo)
    assert found is not None and found.people == {"rebecca-eligon"}
    assert domain.resolve_owner(" all ", repo) == domain.OwnerMatch("all", whole_group=True)
    shared = domain.resolve_owner("Mark", repo)  # a first name two people share
    assert shared is not None and shared.people == {"mark-vening", "mark-smith"}


def test_resolve_owner_finds_an_la_when_no_person_matches(repo: Repository) -> None:
    for typed in ("Kent", "KCC", "kent"):
        found = domain.resolve_owner(typed, repo)
        assert found is not None
        assert (found.people, found.authorities) == (frozenset(), frozenset({"kent"}))
    found = domain.resolve_owner("Windsor & Maidenhead", repo)
    assert found is not None and found.authorities == {"windsor-and-maidenhead"}


def test_resolve_owner_keeps_unresolved_initials(repo: Repository) -> None:
    # GS appears in an action, JC in people.yaml's unresolved_initials
    assert domain.unresolved_initials(repo) == {"GS", "JC"}
    found = domain.resolve_owner("gs", repo)
    assert found == domain.OwnerMatch("gs", initials="GS")
    assert domain.resolve_owner("Zebedee", repo) is None


def test_owned_by(repo: Repository) -> None:
    def owned(typed: str) -> list[str]:
        found = domain.resolve_owner(typed, repo)
        assert found is not None
        return [a.id for a in repo.actions if domain.owned_by(a, found, repo)]

    assert owned("MC") == ["10"]
    # an LA: actions the LA owns, or anyone who counts for it owns
    assert owned("Kent") == ["10", "2"]
    assert owned("RBWM") == ["3"]
    assert owned("GS") == ["3"]
    assert owned("All") == ["2021-07-19/2"]
    assert owned("Mark") == ["2021-07-19/10"]


def test_suggest_owner(repo: Repository) -> None:
    assert domain.suggest_owner("Rebeca Eligon", repo) == "Rebecca Eligon"
    assert domain.suggest_owner("Kentt", repo) == "Kent"
    assert domain.suggest_owner("Zebedee", repo) is None


# --- finding LAs, organisations and people -----------------------------------------------


def test_find_authority_by_id_name_or_alias(repo: Repository) -> None:
    assert domain.find_authority("W Sussex", repo) == "west-sussex"
    assert domain.find_authority("west-sussex", repo) == "west-sussex"
    assert domain.find_authority("  WEST   sussex ", repo) == "west-sussex"
    assert domain.find_authority("windsor and maidenhead", repo) == "windsor-and-maidenhead"
    assert domain.find_authority("Atlantis", repo) is None


def test_suggest_authority_looks_at_ids_names_and_aliases(repo: Repository) -> None:
    assert domain.suggest_authority("Kentt", repo) == "Kent"
    assert domain.suggest_authority("W Susex", repo) == "West Sussex"  # an alias, misspelt
    assert domain.suggest_authority("west-susex", repo) == "West Sussex"  # an id
    assert domain.suggest_authority("RBW", repo) == "Windsor and Maidenhead"
    assert domain.suggest_authority("Atlantis", repo) is None


def test_find_organisation_and_people(repo: Repository) -> None:
    assert domain.find_organisation("AfC", repo) == "achieving-for-children"
    assert domain.find_organisation("Nobody Ltd", repo) is None
    assert domain.find_people("RE", repo) == ["rebecca-eligon"]
    assert domain.find_people("cordrey", repo) == ["maria-cordrey"]
    assert domain.find_people("Cord", repo) == []  # parts of a name are whole words
    assert domain.suggest("47", ["46", "470", "12"]) in {"46", "470"}


# --- benchmarks ----------------------------------------------------------------------------


def test_ratio_value_is_exact_and_unknown_over_a_blank() -> None:
    conversion = Ratio(key="conversion", label="Conversion", numerator="applications",
                       denominator="enquiries")
    row = BenchmarkRow(authority="kent", counts={"enquiries": 40, "applications": 29})
    assert domain.ratio_value(row, conversion) == Fraction(29, 40)
    blank = BenchmarkRow(authority="kent", counts={"enquiries": None, "applications": 29})
    assert domain.ratio_value(blank, conversion) is None
    zero = BenchmarkRow(authority="kent", counts={"enquiries": 0, "applications": 0})
    assert domain.ratio_value(zero, conversion) is None


def test_printed_agrees_within_half_a_point() -> None:
    assert domain.printed_agrees(73, Fraction(29, 40))  # 72.5 printed rounded up
    assert domain.printed_agrees(72, Fraction(29, 40))
    assert not domain.printed_agrees(74, Fraction(29, 40))
