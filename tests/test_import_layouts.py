"""`fostlog import minutes` on minutes it was not built on: a corpus of layouts made from
every meeting in data/ (bench/import_accuracy.py), the March 2026 minutes (never seen while
the importer was built), a second copy of the same minutes, and the forms of attendee lists,
apologies, headings, action lines, logs, dates and statuses real minutes use."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from conftest import DATA, ROOT
from fostlog import domain
from fostlog.core.repository import Repository
from fostlog.files.load import load_and_check, load_repository
from fostlog.importers.minutes import dates, import_minutes
from fostlog.importers.minutes.read import MAX_BYTES
from fostlog.importers.minutes.records import Draft
from fostlog.importers.minutes.text import draft_texts, relative_path

sys.path.insert(0, str(ROOT / "bench"))
from import_accuracy import (  # noqa: E402
    CORPUS_FIELDS,
    LAYOUTS,
    NEW_EXPECTED,
    NEW_MINUTES_PATH,
    Tally,
    data_without_new_minutes,
    docx_from_text,
    measure_corpus,
    new_minutes_found,
)

KINDS = ("actions", "people", "authorities", "meetings-without-minutes")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[dict[str, Tally], dict[str, dict[str, Tally]]]:
    return measure_corpus(DATA, tmp_path_factory.mktemp("corpus"))


@pytest.fixture(scope="module")
def repo() -> Repository:
    return load_repository(DATA)[0]


@pytest.fixture(scope="module")
def before_march(tmp_path_factory: pytest.TempPathFactory) -> Repository:
    """data/ as it was before the March 2026 minutes were transcribed into it."""
    into = tmp_path_factory.mktemp("before-march") / "data"
    return load_repository(data_without_new_minutes(DATA, into))[0]


def write_draft(draft: Draft, data: Path) -> None:
    current = {relative_path(k): (data / relative_path(k)).read_text(encoding="utf-8")
               for k in KINDS}
    for relative, text in draft_texts(draft, current).items():
        (data / relative).write_text(text, encoding="utf-8")


# --- the corpus of layouts -----------------------------------------------------------------------


def test_the_corpus_has_eight_layouts_of_every_meeting_with_minutes(
        corpus: tuple[dict[str, Tally], dict[str, dict[str, Tally]]],
        repo: Repository) -> None:
    pooled, per_layout = corpus
    assert len(per_layout) == len(LAYOUTS) >= 8
    with_minutes = [m for m in repo.meetings if m.source]
    assert pooled["date"].hand == len(with_minutes) * len(LAYOUTS) * 2


@pytest.mark.parametrize("field", CORPUS_FIELDS)
def test_every_field_is_right_in_every_layout(
        corpus: tuple[dict[str, Tally], dict[str, dict[str, Tally]]], field: str) -> None:
    pooled, per_layout = corpus
    assert pooled[field].recall >= 0.95 and pooled[field].precision >= 0.95, (
        pooled[field].differences[:10])
    for name, tallies in per_layout.items():
        tally = tallies[field]
        assert tally.recall >= 0.95 and tally.precision >= 0.95, (name, tally.differences[:5])


# --- the March 2026 minutes ----------------------------------------------------------------------


def test_the_new_minutes_fixture_is_the_shared_seed() -> None:
    shared = ROOT.parent / "shared" / "seeds" / "003_b45d4cf36aa2068f.txt"
    if not shared.is_file():
        pytest.skip("shared/seeds is not beside this checkout (as in CI)")
    assert NEW_MINUTES_PATH.read_bytes() == shared.read_bytes()


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_the_march_2026_minutes_import_right_in_both_formats(kind: str) -> None:
    found = new_minutes_found(DATA, NEW_MINUTES_PATH, kind)
    for field in NEW_EXPECTED:
        tally = found[field]
        assert tally.agreed == tally.hand == tally.imported, (field, tally.differences)


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_no_person_is_made_of_an_la(before_march: Repository, kind: str) -> None:
    text = NEW_MINUTES_PATH.read_text(encoding="utf-8")
    content = NEW_MINUTES_PATH.read_bytes() if kind == "txt" else docx_from_text(text)
    draft = import_minutes(content, f"m.{kind}", before_march)
    assert len(draft.new_people) == 16
    for person in draft.new_people:
        assert domain.find_authority(person.name, before_march) is None, person.name
        assert "represented" not in person.name.lower()
    meeting = draft.meeting
    assert meeting is not None
    assert meeting.apologies == []
    assert not set(meeting.not_represented or []) & {
        a.authority for a in meeting.apologies or []}


def test_the_text_then_the_word_file_leave_no_duplicate(tmp_path: Path) -> None:
    """Importing the plain-text export, writing it, then importing the Word file of the
    same meeting changes nothing: no second action for an 'Action:' line the log numbers,
    no second observation, no new person; lint finds nothing raised twice."""
    data = data_without_new_minutes(DATA, tmp_path / "data")
    text = NEW_MINUTES_PATH.read_text(encoding="utf-8")
    first = import_minutes(NEW_MINUTES_PATH.read_bytes(), NEW_MINUTES_PATH.name,
                           load_repository(data)[0])
    write_draft(first, data)
    (data / "meetings" / "2026-03-17.yaml").write_text(
        draft_texts(first, {})["meetings/2026-03-17.yaml"], encoding="utf-8")
    errors = [d for d in load_and_check(data)[1] if d.is_error]
    assert errors == [], [str(d) for d in errors]
    second = import_minutes(docx_from_text(text), "minutes-2026-03-17.docx",
                            load_repository(data)[0])
    assert second.meeting_exists
    assert second.new_actions == []
    assert second.observations == []
    assert second.new_people == []
    assert second.inferred_meetings == []
    before = {p: p.read_bytes() for p in data.rglob("*.yaml")}
    write_draft(second, data)
    assert {p: p.read_bytes() for p in data.rglob("*.yaml")} == before
    assert not [d for d in load_and_check(data)[1] if d.rule == "action-raised-twice"]


def test_minutes_over_the_size_limit_are_refused_naming_it(repo: Repository) -> None:
    draft = import_minutes(b"Minutes\n" * (MAX_BYTES // 8 + 1), "big.txt", repo)
    assert not draft.ok
    assert len(draft.problems) == 1
    assert f"{MAX_BYTES // 2**20} MB limit" in draft.problems[0].message


# --- the forms real minutes use ----------------------------------------------------------------

HEADER = "Regional fostering group\nMeeting details: 14 October 2025 10-12 Teams\n" \
         "Chair: Sarah Daly (Portsmouth)\n"


@pytest.mark.parametrize(("lines", "apologies", "absent"), [
    ("Apologies:  LAs not represented Brighton and Hove, Medway, Milton Keynes",
     [], ["brighton-and-hove", "medway", "milton-keynes"]),
    ("Apologies: Maria Cordrey (Kent). Not represented: Medway, Surrey",
     [("maria-cordrey", "kent")], ["medway", "surrey"]),
    ("Apologies: Kent, Medway\nLAs not represented: Surrey",
     [(None, "kent"), (None, "medway")], ["surrey"]),
])
def test_apologies_and_not_represented_are_split_and_an_la_is_never_a_person(
        repo: Repository, lines: str, apologies: list[tuple[str | None, str]],
        absent: list[str]) -> None:
    text = HEADER + "Rebecca Eligon (SESLIP), Kelly Wilkes (West Sussex), Holly Clune (AfC)\n" \
        + lines + "\nItem 1: Welcome\nAction: RE to circulate the notes\n"
    draft = import_minutes(text.encode(), "m.txt", repo)
    meeting = draft.meeting
    assert meeting is not None, draft.problems
    assert [(a.person, a.authority) for a in meeting.apologies or []] == apologies
    assert meeting.not_represented == absent
    assert [a.person for a in meeting.attendees or []] == [
        "rebecca-eligon", "kelly-wilkes", "holly-clune"]
    assert draft.new_people == []


@pytest.mark.parametrize(("line", "title"), [
    ("ITEM 3: Fostering utilisation deep dive:   SR presented the findings of the research",
     "ITEM 3: Fostering utilisation deep dive"),
    ("ITEM SIX: Mileage question from Hants", "ITEM SIX: Mileage question from Hants"),
    ("Agenda item 2 – Recruitment campaign", "Agenda item 2 – Recruitment campaign"),
    ("3. Mystery shopping: Reading.", "3. Mystery shopping: Reading"),
])
def test_an_item_title_ends_where_its_heading_does(repo: Repository, line: str,
                                                   title: str) -> None:
    text = HEADER + f"Attendees: Kelly Wilkes (West Sussex)\n{line}\nNotes of the item.\n"
    draft = import_minutes(text.encode(), "m.txt", repo)
    assert draft.meeting is not None and [i.title for i in draft.meeting.items] == [title]


@pytest.mark.parametrize("line", [
    "Action: RE to circulate the notes",
    "ACTION – RE to circulate the notes",
    "· Action: RE to circulate the notes",
    "The group agreed this was useful. Action:  RE to circulate the notes",
])
def test_an_action_line_in_any_common_form(repo: Repository, line: str) -> None:
    text = HEADER + f"Attendees: Kelly Wilkes (West Sussex)\nItem 1: Welcome\n{line}\n"
    draft = import_minutes(text.encode(), "m.txt", repo)
    assert [a.text for a in draft.new_actions] == ["RE to circulate the notes"]


def test_a_log_in_another_column_order_with_other_words(repo: Repository) -> None:
    """Action No. | Date raised | Description | Owner(s) | Due | RAG / Update, rows
    descending, "17/03/2026", "Not started", "Closed – no longer required", an update
    cell over two lines."""
    rows = [["Action No.", "Date raised", "Description", "Owner(s)", "Due", "RAG / Update"],
            ["91", "14/10/2025", "RE to circulate the notes", "RE", "30/11/2025",
             "Not started"],
            ["90", "Sept 25", "KW to share the policy", "KW", "", "Closed – no longer\n"
             "required"]]
    table = "".join("".join(f"\t{c.split(chr(10))[0]}\n" + "".join(
        f"{more}\n" for more in c.split("\n")[1:]) for c in row) + "\n" for row in rows)
    text = HEADER + "Attendees: Kelly Wilkes (West Sussex)\nItem 1: Welcome\n" \
        "Action: RE to circulate the notes\nAction log: updated 14 October 2025\n" + table
    draft = import_minutes(text.encode(), "m.txt", repo)
    found = {a.id: a for a in draft.new_actions}
    assert set(found) == {"90", "91"}
    assert found["91"].meeting is not None and found["91"].history[0].status.value == "open"
    assert found["91"].due is not None and str(found["91"].due.date) == "2025-11-30"
    assert found["90"].raised.isoformat() == "2025-09-01"
    assert found["90"].history[0].status.value == "dropped"
    assert draft.meeting is not None and draft.meeting.actions_raised == ["91"]


@pytest.mark.parametrize(("written", "month"), [
    ("Sept 25", (2025, 9)), ("17/03/2026", (2026, 3)), ("17th March 2026", (2026, 3)),
    ("Mar 2026", (2026, 3)), ("March 17", (2026, 3)), ("Q1 2026", None),
])
def test_the_dates_a_log_writes(written: str, month: tuple[int, int] | None) -> None:
    from datetime import date

    assert dates.find_month(written, date(2026, 3, 17)) == month
