"""`fostlog import minutes`: each of the four seed minutes (minutes/, as .txt and as a Word
document built from it) imported into a copy of data/ without that meeting's own facts,
compared field by field with the hand transcription; the command line's preview, write,
lint and idempotence; and what real documents do to it (damaged files, odd spellings,
split cells, text after the log)."""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from conftest import DATA, ROOT
from fostlog.core.models import Action, Meeting, Status
from fostlog.core.repository import Repository
from fostlog.files.load import load_and_check, load_repository
from fostlog.importers.minutes import import_minutes
from fostlog.importers.minutes.draft import Draft
from fostlog.importers.minutes.text import draft_texts

# The measurement is benchmarking code (bench/import_accuracy.py): it does not ship.
sys.path.insert(0, str(ROOT / "bench"))
from import_accuracy import (  # noqa: E402
    FIELDS,
    HEADLINE,
    NEW_MINUTES,
    SEEDS,
    SeedImport,
    Tally,
    data_without_new_minutes,
    docx_from_text,
    measure_report,
    measure_seeds,
    strip_meeting,
)

# The seed minutes, shipped unchanged beside data/ (minutes/README.md says which is which).
SEEDS_DIR = ROOT / "minutes"
CURRENT = "004_e0affe79a15288f1.txt"

runner = CliRunner()


def invoke(*args: str) -> Any:
    from fostlog.cli import app

    return runner.invoke(app, list(args))


@pytest.fixture(scope="module")
def hand() -> Repository:
    return load_repository(DATA)[0]


@pytest.fixture(scope="module")
def before_march(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """data/ as it stood before the 17 March 2026 minutes were transcribed into it: the
    register of October 2025, into which these tests import the July 2025 minutes (as they
    were imported, before March 2026) and minutes of October 2025 with actions 50-53."""
    return data_without_new_minutes(DATA, tmp_path_factory.mktemp("before-march") / "data")


@pytest.fixture(scope="module")
def before(before_march: Path) -> Repository:
    return load_repository(before_march)[0]


@pytest.fixture(scope="module")
def measured(tmp_path_factory: pytest.TempPathFactory
             ) -> tuple[dict[str, Tally], list[SeedImport]]:
    return measure_seeds(DATA, SEEDS_DIR, tmp_path_factory.mktemp("measure"))


@pytest.fixture
def stripped(tmp_path: Path, before_march: Path) -> Iterator[Path]:
    """A copy of data/ without the 7 July 2025 meeting's facts, as it stood before those
    minutes were transcribed (nor, then, the later March 2026 ones)."""
    copy = tmp_path / "data"
    strip_meeting(before_march, copy, SEEDS[CURRENT], CURRENT,
                  (SEEDS_DIR / CURRENT).read_text(encoding="utf-8"))
    yield copy


def draft_of(text: str | bytes, repo: Repository, name: str = "minutes.txt",
             when: date | None = None) -> Draft:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return import_minutes(content, name, repo, when)


# --- the seeds are the shipped copies ------------------------------------------------------------


def test_the_seeds_are_shipped_with_their_readme() -> None:
    assert (SEEDS_DIR / "README.md").is_file()
    # The four the importer was built on, and the March 2026 minutes it never saw.
    assert sorted(p.name for p in SEEDS_DIR.glob("*.txt")) == sorted([*SEEDS, NEW_MINUTES])


def test_the_shipped_seeds_match_the_shared_originals_where_present() -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("shared/seeds is not beside this checkout (as in CI)")
    for name in [*SEEDS, NEW_MINUTES]:
        assert (SEEDS_DIR / name).read_bytes() == (shared / name).read_bytes()


# --- the measurement over the four seeds, both formats ------------------------------------------


def test_every_seed_imports_in_both_formats_and_lints_without_errors(
        measured: tuple[dict[str, Tally], list[SeedImport]]) -> None:
    _, imports = measured
    assert len(imports) == 2 * len(SEEDS)
    for result in imports:
        assert result.draft.ok, (result.seed, result.kind, result.draft.problems)
        assert result.lint_errors == [], (result.seed, result.kind, result.lint_errors)
        assert result.draft.date == result.when  # found in the minutes, no --date


@pytest.mark.parametrize("field", HEADLINE)
def test_headline_fields_agree_with_the_hand_transcription(
        measured: tuple[dict[str, Tally], list[SeedImport]], field: str) -> None:
    tally = measured[0][field]
    assert tally.hand > 0
    assert tally.recall >= 0.95 and tally.precision >= 0.95, tally.differences


def test_every_field_is_reported_with_recall_and_precision(
        measured: tuple[dict[str, Tally], list[SeedImport]]) -> None:
    tallies = measured[0]
    assert set(tallies) == set(FIELDS)
    for field, tally in tallies.items():
        assert 0 <= tally.agreed <= min(tally.hand, tally.imported), field
    # Fields beyond the headline: the few differences are judgement calls of the
    # transcriber (contact or receives), shown in bench/IMPORT.md.
    assert tallies["observations"].recall >= 0.95
    assert tallies["Action: lines"].recall >= 0.95
    assert tallies["owners"].recall >= 0.95


def test_bench_import_md_is_current(tmp_path: Path) -> None:
    """bench/IMPORT.md holds the figures this very code measures (run
    python bench/import_accuracy.py after changing the importer or the data)."""
    report = measure_report(DATA, SEEDS_DIR, tmp_path)
    assert (ROOT / "bench" / "IMPORT.md").read_text(encoding="utf-8") == report


def test_bench_results_md_carries_the_issue_measure_from_import_md() -> None:
    """bench/RESULTS.md repeats IMPORT.md's headline rows (the fields the issue measures,
    with the registry as it is) word for word."""
    imported = (ROOT / "bench" / "IMPORT.md").read_text(encoding="utf-8")
    as_it_is = imported.split("## With the registry as it is")[1].split("Differences:")[0]
    headline = [line for line in as_it_is.splitlines() if line.startswith("| **")]
    assert len(headline) >= 8
    results = (ROOT / "bench" / "RESULTS.md").read_text(encoding="utf-8").splitlines()
    assert [line for line in results if line.startswith("| **")] == headline


def _normalised(draft: Draft, source: str) -> Any:
    """A draft's records as data, with the document's name and the places in it (line
    12, paragraph 9, table 1, row 3, ...) taken out: what both formats must agree on."""
    data = {
        "meeting": draft.meeting.model_dump(mode="json") if draft.meeting else None,
        "actions": [a.model_dump(mode="json") for a in draft.new_actions],
        "observations": [(i, o.model_dump(mode="json")) for i, o in draft.observations],
        "people": [p.model_dump(mode="json") for p in draft.new_people],
        "additions": draft.person_additions, "aliases": draft.place_aliases,
        "unresolved": [u.model_dump(mode="json") for u in draft.unresolved],
        "checks": [(c.file, c.target, c.message, c.check) for c in draft.checks],
    }
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=True, width=10**9)
    text = text.replace(source, "SOURCE").replace(Path(source).stem + ".docx", "SOURCE")
    return re.sub(r"(line|paragraph|table) \d+(, row \d+)?(, cell \d+)?( to (line |paragraph )?"
                  r"\d+)?", "WHERE", text)


@pytest.mark.parametrize("seed", sorted(SEEDS))
def test_both_formats_give_the_same_draft(
        measured: tuple[dict[str, Tally], list[SeedImport]], seed: str) -> None:
    by_kind = {r.kind: r for r in measured[1] if r.seed == seed}
    assert _normalised(by_kind["txt"].draft, seed) == _normalised(by_kind["docx"].draft, seed)


def test_the_word_versions_have_real_tables() -> None:
    import io

    import docx

    for name, rows in (("004_e0affe79a15288f1.txt", 18), ("000_abba8f8619d19848.txt", 17)):
        document = docx.Document(io.BytesIO(docx_from_text(
            (SEEDS_DIR / name).read_text(encoding="utf-8"))))
        assert [len(t.rows) for t in document.tables] == [rows]


# --- the issue's example: 7 July 2025 with --date -----------------------------------------------


def _place(attendee: Any) -> tuple[str | None, str | None, str | None]:
    return (attendee.person, attendee.authority, attendee.organisation)


def _log_row(action: Action) -> tuple[Any, ...]:
    return (action.id, action.text, action.responsible, action.issued_as_written,
            action.raised, action.raised_precision, sorted(action.owners),
            sorted(action.owner_authorities), action.whole_group,
            sorted(action.unresolved_owners),
            [(o.as_of, o.status, o.recorded, o.source) for o in action.history])


def _checked_above(lines: list[str], index: int) -> bool:
    """Whether a '# check:' comment sits just above line `index` (among comment lines)."""
    index -= 1
    while index >= 0 and lines[index].lstrip().startswith("#"):
        if lines[index].lstrip().startswith("# check:"):
            return True
        index -= 1
    return False


def _line_of(lines: list[str], pattern: str, start: int = 0) -> int:
    return next(i for i in range(start, len(lines)) if re.match(pattern, lines[i]))


def test_the_july_2025_minutes_reproduce_the_hand_transcription(before: Repository,
                                                               stripped: Path) -> None:
    hand = before  # the hand transcription as it stood before the March 2026 log's reports
    seed = SEEDS_DIR / CURRENT
    result = invoke("import", "minutes", str(seed), "--date", "2025-07-07", "--data",
                    str(stripped), "--write")
    assert result.exit_code == 0, result.output
    imported, diagnostics = load_and_check(stripped)
    assert [d for d in diagnostics if d.is_error] == []
    mine = imported.meeting(date(2025, 7, 7))
    theirs = hand.meeting(date(2025, 7, 7))
    assert mine is not None and theirs is not None
    # Attendees, chair and all 17 rows of the log exactly.
    assert [_place(a) for a in mine.attendees or []] == [
        _place(a) for a in theirs.attendees or []]
    assert mine.chair == theirs.chair
    for number in range(33, 50):
        mine_action, hand_action = imported.action(str(number)), hand.action(str(number))
        assert mine_action is not None and hand_action is not None
        assert _log_row(mine_action) == _log_row(hand_action), number
    # Everything else that differs from the hand transcription is marked '# check:'.
    text = (stripped / "meetings" / "2025-07-07.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    for key in Meeting.model_fields:
        if getattr(mine, key) == getattr(theirs, key) or key == "attendees":
            continue
        index = _line_of(lines, rf"^{key}:")
        if key == "not_represented_inferred":  # its list, just above, is checked
            index = _line_of(lines, r"^not_represented:")
        assert _checked_above(lines, index), key
    for index, (a, b) in enumerate(zip(mine.attendees or [], theirs.attendees or [],
                                       strict=True)):
        if a != b:
            item = [i for i, line in enumerate(lines) if line.startswith("  - person:")][index]
            assert _checked_above(lines, item), a
    actions_text = (stripped / "actions.yaml").read_text(encoding="utf-8").splitlines()
    for number in range(33, 50):
        mine_action, hand_action = imported.action(str(number)), hand.action(str(number))
        assert mine_action is not None and hand_action is not None
        start = _line_of(actions_text, rf"^  - id: {number}$")
        for key in Action.model_fields:
            if key == "note" or getattr(mine_action, key) == getattr(hand_action, key):
                continue  # a note is the transcriber's interpretation: never drafted
            index = _line_of(actions_text, rf"^    {key}:", start)
            assert _checked_above(actions_text, index), (number, key)


def test_the_preview_writes_nothing_and_shows_the_summary_and_diff(stripped: Path) -> None:
    before = {p: p.read_bytes() for p in stripped.rglob("*.yaml")}
    result = invoke("import", "minutes", str(SEEDS_DIR / CURRENT), "--date", "2025-07-07",
                    "--data", str(stripped))
    assert result.exit_code == 0, result.output
    assert {p: p.read_bytes() for p in stripped.rglob("*.yaml")} == before
    out = result.stdout
    assert out.startswith("Minutes of 7 July 2025 (004_e0affe79a15288f1.txt, read as plain")
    assert "actions.yaml: 17 new action(s) (33-49)" in out
    assert "To check (" in out and "Mark Vening is not in the attendee list" in out
    assert "+++ " in out and "+  - person: sarah-daly" not in out  # a diff, of each file
    assert "+- id: sarah-daly" not in out and "+  - id: sarah-daly" in out
    assert "would change (--write to write them); lint would then report 0 error(s)" in (
        result.stderr)


def test_a_second_identical_import_changes_nothing(stripped: Path) -> None:
    args = ["import", "minutes", str(SEEDS_DIR / CURRENT), "--date", "2025-07-07",
            "--data", str(stripped), "--write"]
    assert invoke(*args).exit_code == 0
    after_first = {p: p.read_bytes() for p in stripped.rglob("*.yaml")}
    second = invoke(*args)
    assert second.exit_code == 0, second.output
    assert "Nothing to change" in second.stderr
    assert {p: p.read_bytes() for p in stripped.rglob("*.yaml")} == after_first


def test_the_word_document_writes_what_the_text_writes(tmp_path: Path) -> None:
    texts: dict[str, dict[str, str]] = {}
    for kind in ("txt", "docx"):
        copy = tmp_path / kind / "data"
        seed_text = (SEEDS_DIR / CURRENT).read_text(encoding="utf-8")
        strip_meeting(DATA, copy, SEEDS[CURRENT], CURRENT, seed_text)
        file = tmp_path / kind / f"{Path(CURRENT).stem}.{kind}"
        file.write_bytes(docx_from_text(seed_text) if kind == "docx"
                         else (SEEDS_DIR / CURRENT).read_bytes())
        result = invoke("import", "minutes", str(file), "--data", str(copy), "--write")
        assert result.exit_code == 0, result.output
        texts[kind] = {p.relative_to(copy).as_posix(): re.sub(
            r"(line|paragraph|table \d+, row) \d+", "WHERE", p.read_text(encoding="utf-8").replace(
                f"{Path(CURRENT).stem}.docx", CURRENT)) for p in copy.rglob("*.yaml")}
    assert texts["txt"] == texts["docx"]


def test_minutes_already_transcribed_change_nothing() -> None:
    result = invoke("import", "minutes", str(SEEDS_DIR / CURRENT), "--data", str(DATA))
    assert result.exit_code == 0, result.output
    assert "Nothing to change: these minutes are already in the data." in result.stderr
    assert "meetings/2025-07-07.yaml exists: left as it is" in result.stdout


def test_the_written_yaml_keeps_every_comment_of_the_registries(stripped: Path) -> None:
    before = {name: (stripped / name).read_text(encoding="utf-8")
              for name in ("actions.yaml", "people.yaml", "authorities.yaml")}
    assert invoke("import", "minutes", str(SEEDS_DIR / CURRENT), "--data", str(stripped),
                  "--write").exit_code == 0
    for name, old in before.items():
        new = (stripped / name).read_text(encoding="utf-8").splitlines()
        kept = iter(new)
        assert all(line in kept for line in old.splitlines()), name  # old lines, in order


# --- a later log: observations of actions already in the register ---------------------------


def _later_log(text: str) -> str:
    text = text.replace("Action log: updated 17 September", "Action log: updated 14 October 2025")
    rows = text.split("\n\t47\n", 1)
    head, rest = rows[0], rows[1]
    rest = rest.replace("\topen\n", "\tOngoing/\ncomplete\n", 1)  # 47, split over two lines
    return head + "\n\t47\n" + rest


def test_a_later_log_adds_dated_observations(tmp_path: Path, before_march: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(before_march, copy)
    later = tmp_path / "later.txt"
    later.write_text(_later_log((SEEDS_DIR / CURRENT).read_text(encoding="utf-8")),
                     encoding="utf-8")
    result = invoke("import", "minutes", str(later), "--data", str(copy), "--write")
    assert result.exit_code == 0, result.output
    assert "17 observation(s) of actions already there (33-49)" in result.stdout
    repo, diagnostics = load_and_check(copy)
    assert [d for d in diagnostics if d.is_error] == []
    action = repo.action("47")
    assert action is not None and action.latest is not None
    latest = action.latest
    assert (latest.as_of, latest.recorded, latest.ambiguous) == (
        date(2025, 10, 14), "Ongoing/ complete", True)
    assert latest.status is Status.in_progress  # the reading that keeps it on the open list
    text = (copy / "actions.yaml").read_text(encoding="utf-8")
    assert "# check: 'Ongoing/ complete' names two statuses" in text
    again = invoke("import", "minutes", str(later), "--data", str(copy), "--write")
    assert "Nothing to change" in again.stderr


# --- real documents ------------------------------------------------------------------------------


MINI_MINUTES = """Minutes – South East regional fostering leads meeting
Date: 14 Oct 2025 via MS Teams 10-11.30
Chair: Sarah Daly DCS Portsmouth
Attendees: ; Maria Cordrey (kent),, ;Keith Langley (W Sussex). , Holly Clune (AfC),  \
Zed Quill (Brighter Futures/Reading);  Rebecca Eligon (SESLIP)
Item 1: Out of hours
MC said it works. ZQ asked about rotas.
Action: MC to share policy with Zed Quill.
Action log: updated 20 October 2025
\t
\tAction
\tResponsible
\tDate issued
\tStatus

\t50
\tMC to share policy with Zed Quill, the text of which
runs on to a second line
\tMC
\tOctober 2025
\tCOMPLETE

\t51
\tZQ to check rotas
\tZQ
\tSept 2025
\tNo longer
relevant

\tfifty-two
\tA row with no number
\tRE
\tOct 2025
\tOpen

\t53
\tRE to think
\tRE
\tSeptember 2025
\tpending sign-off
Slides: the presentation follows.
"""


@pytest.fixture(scope="module")
def mini_draft(before: Repository) -> Draft:
    return draft_of(MINI_MINUTES, before)


def test_stray_punctuation_aliases_and_organisations_in_the_attendee_list(
        mini_draft: Draft) -> None:
    meeting = mini_draft.meeting
    assert meeting is not None and meeting.attendees is not None
    assert [_place(a) for a in meeting.attendees] == [
        ("maria-cordrey", "kent", None), ("keith-langley", "west-sussex", None),
        ("holly-clune", None, "achieving-for-children"),
        ("zed-quill", "reading", "brighter-futures-for-children"),
        ("rebecca-eligon", None, "seslip")]
    assert meeting.venue == "MS Teams" and meeting.time == "10-11.30"
    assert [p.id for p in mini_draft.new_people] == ["zed-quill"]
    assert mini_draft.new_people[0].initials == ["ZQ"]  # "ZQ asked", unambiguous here


def test_status_words_in_any_case_split_over_lines_or_unknown(mini_draft: Draft) -> None:
    by_id = {a.id: a for a in mini_draft.new_actions}
    assert by_id["50"].history[0].status is Status.done
    assert by_id["50"].history[0].recorded == "COMPLETE"
    assert by_id["51"].history[0].status is Status.dropped
    assert by_id["53"].history == []  # "pending sign-off": no status fostlog knows
    assert any("pending sign-off" in c.message and c.check for c in mini_draft.checks)


def test_month_names_abbreviated_or_not(mini_draft: Draft) -> None:
    by_id = {a.id: a for a in mini_draft.new_actions}
    assert (by_id["51"].raised, by_id["53"].raised) == (date(2025, 9, 1), date(2025, 9, 1))


def test_a_row_that_runs_on_is_joined_and_checked(mini_draft: Draft) -> None:
    action = next(a for a in mini_draft.new_actions if a.id == "50")
    assert action.text.endswith("the text of which runs on to a second line")
    assert any(c.target == ("action", "50") and "runs over more than one line" in c.message
               for c in mini_draft.checks)


def test_a_row_without_a_number_and_the_text_after_the_log_are_not_imported(
        mini_draft: Draft) -> None:
    assert [p.where for p in mini_draft.problems] == ["line 29"]
    assert not mini_draft.problems[0].fatal and "not an action number" in (
        mini_draft.problems[0].message)
    assert {a.id for a in mini_draft.new_actions} == {"50", "51", "53"}
    assert any("after the action log" in s for s in mini_draft.skipped)


def test_the_action_line_is_matched_to_its_row(mini_draft: Draft) -> None:
    action = next(a for a in mini_draft.new_actions if a.id == "50")
    assert action.meeting == date(2025, 10, 14) and action.raised == date(2025, 10, 14)
    assert mini_draft.meeting is not None and mini_draft.meeting.actions_raised == ["50"]
    assert [w.text for w in action.wordings] == ["MC to share policy with Zed Quill."]


def test_every_guess_is_a_check_comment_in_the_written_files(before_march: Path,
                                                            mini_draft: Draft) -> None:
    current = {name: (before_march / name).read_text(encoding="utf-8")
               for name in ("actions.yaml", "people.yaml", "authorities.yaml")}
    texts = draft_texts(mini_draft, current)
    written = "\n".join(texts.values())
    for check in mini_draft.guesses:
        assert f"# check: {check.text()}" in written, check


def test_the_same_draft_from_a_word_document(before: Repository, mini_draft: Draft) -> None:
    from_word = draft_of(docx_from_text(MINI_MINUTES), before, "minutes.docx")
    assert _normalised(from_word, "minutes.txt") == _normalised(mini_draft, "minutes.txt")


def test_a_word_table_without_a_header_row(before: Repository) -> None:
    text = MINI_MINUTES.replace("\t\n\tAction\n\tResponsible\n\tDate issued\n\tStatus\n\n", "")
    draft = draft_of(docx_from_text(text), before, "minutes.docx")
    assert {a.id for a in draft.new_actions} >= {"50", "51", "53"}
    assert any("no header row" in c.message for c in draft.checks)


@pytest.mark.parametrize(("content", "name", "where", "says"), [
    (b"hello\x00world", "a.txt", "line 1", "binary data"),
    (b"%PDF-1.4 ...", "a.pdf", "the file", "PDF"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "a.doc", "the file", "old Word document"),
    (b"PK\x03\x04not really a zip", "a.docx", "the file", "cannot be opened"),
    (b"plain words", "a.docx", "the file", "not a Word document"),
    (b"", "a.txt", "the file", "empty"),
    (b"some notes\nwith nothing in them\n", "a.txt", "the file", "does not look like minutes"),
    (b"Minutes\nChair: Sarah Daly\nAttendees: Maria Cordrey (Kent)\n", "a.txt", "the file",
     "no meeting date"),
    (b"Minutes\nDate: 5 May\nAttendees: Maria Cordrey (Kent)\n", "a.txt", "line 2",
     "gives no year"),
    ("Minutes\nDate: 7 July 2025\nAttendees: Caf\xe9 Person (Kent)\n".encode("cp1252") +
     b"\xff\xfe\x00", "a.txt", "line 4", "binary data"),
])
def test_unreadable_input_is_a_clear_problem(hand: Repository, content: bytes, name: str,
                                             where: str, says: str) -> None:
    draft = draft_of(content, hand, name)
    assert not draft.ok
    assert [(p.where, says in p.message) for p in draft.problems if p.fatal] == [(where, True)]


def test_windows_1252_text_is_read_and_said(hand: Repository) -> None:
    text = "Minutes\nDate: 7 July 2025\nAttendees: Maria Cordrey (Kent) \u2013 ok\n"
    draft = draft_of(text.encode("cp1252"), hand)
    assert draft.ok and "Windows-1252" in draft.read_as


def test_the_command_says_where_and_exits_1_without_a_traceback(tmp_path: Path) -> None:
    broken = tmp_path / "minutes.docx"
    broken.write_bytes(b"PK\x03\x04broken")
    result = invoke("import", "minutes", str(broken), "--data", str(DATA))
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "the Word document cannot be opened" in result.stderr
    assert "nothing was written" in result.stderr
    missing = invoke("import", "minutes", str(tmp_path / "nope.txt"), "--data", str(DATA))
    assert missing.exit_code == 1 and "cannot read" in missing.stderr
    no_date = tmp_path / "no-date.txt"
    no_date.write_text("Minutes\nChair: Sarah Daly\nAttendees: Maria Cordrey (Kent)\n",
                       encoding="utf-8")
    result = invoke("import", "minutes", str(no_date), "--data", str(DATA))
    assert result.exit_code == 1 and "--date YYYY-MM-DD" in result.stderr
    bad = invoke("import", "minutes", str(no_date), "--date", "7/7/25", "--data", str(DATA))
    assert bad.exit_code == 2


def test_a_given_date_that_disagrees_with_the_minutes_is_checked(hand: Repository) -> None:
    draft = draft_of((SEEDS_DIR / CURRENT).read_bytes(), hand, CURRENT, date(2025, 7, 8))
    assert draft.date == date(2025, 7, 8)
    assert any(c.target == ("date",) and "7 July 2025" in c.message for c in draft.checks)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([
    "Date: 7 July 2025", "Chair: Sarah Daly DCS Portsmouth", "Attendees: A B (Kent), (",
    "Action: RE to do", "Action log: updated 1 Aug", "\t", "\t49", "\tAction", "\tStatus",
    "\tcomplete", "", "Item 1: x", "LAs not represented: Kent, ,", "\tOngoing/", "x y z",
    "MV in Kent asked", "Next meeting: 32 July", "Apologies: none",
]) | st.text(max_size=30), max_size=30))
def test_any_text_gives_a_draft_or_a_problem_never_an_exception(lines: list[str]) -> None:
    repo = load_repository(DATA)[0]
    draft = draft_of("\n".join(lines), repo)
    if draft.ok and draft.date is not None:
        current = {name: (DATA / name).read_text(encoding="utf-8")
                   for name in ("actions.yaml", "people.yaml", "authorities.yaml")}
        draft_texts(draft, current)


@settings(max_examples=40, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_give_a_draft_or_a_problem(content: bytes) -> None:
    repo = load_repository(DATA)[0]
    draft_of(content, repo, "x.docx")
    draft_of(content, repo, "x.txt")


def test_the_command_lists_what_it_left_out_and_writes_a_clean_draft(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    minutes = tmp_path / "minutes.txt"
    minutes.write_text(MINI_MINUTES, encoding="utf-8")
    result = invoke("import", "minutes", str(minutes), "--data", str(copy), "--write")
    assert result.exit_code == 0, result.output
    assert "Not imported:\n  - line 29: an action-log row whose number cell ('fifty-two')" in (
        result.stdout)
    assert "people.yaml places Keith Langley in West Berkshire; these minutes say West " \
        "Sussex" in result.stdout
    assert "lint: 0 error(s)" in result.stderr
    assert "zed-quill" in (copy / "people.yaml").read_text(encoding="utf-8")


def test_what_lint_would_warn_about_is_checked(hand: Repository) -> None:
    text = MINI_MINUTES.replace("Date: 14 Oct 2025", "Date: 12 March 2025").replace(
        "Item 1:", "LAs not represented: Surrey\nItem 1:")
    draft = draft_of(text, hand)
    assert draft.meeting is not None and draft.meeting.attendance.value == "full"
    messages = [c.message for c in draft.guesses]
    assert any(m.startswith("meetings-without-minutes.yaml lists 2025-03") for m in messages)
    assert any("neither among the attendees nor in the minutes' not-represented line" in m
               and "Isle of Wight" in m for m in messages)


def test_write_is_all_or_none(stripped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    before = {p: p.read_bytes() for p in stripped.rglob("*") if p.is_file()}
    real = os.replace
    calls: list[str] = []

    def failing(source: Any, target: Any) -> None:
        if str(target).startswith(str(stripped)):  # not the cache's files
            calls.append(str(target))
            if len(calls) == 2:  # the second data file: the first is already in place
                raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(os, "replace", failing)
    result = invoke("import", "minutes", str(SEEDS_DIR / CURRENT), "--data", str(stripped),
                    "--write")
    assert result.exit_code == 1, result.output
    assert "nothing was changed" in result.stderr and "Traceback" not in result.stderr
    monkeypatch.setattr(os, "replace", real)
    after = {p: p.read_bytes() for p in stripped.rglob("*") if p.is_file()}
    assert after == before  # every file as it was, and no temporary file left


def test_near_spellings_become_aliases_in_the_registries(tmp_path: Path) -> None:
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    minutes = tmp_path / "minutes.txt"
    minutes.write_text("Minutes\nDate: 3 November 2025\nChair: Sarah Daly DCS Portsmouth\n"
                       "Attendees: Jackie Clarke (Portsmuoth), Maria Cordrey (Kent)\n"
                       "Item 1: Anything\nJC said nothing much.\n", encoding="utf-8")
    result = invoke("import", "minutes", str(minutes), "--data", str(copy), "--write")
    assert result.exit_code == 0, result.output
    assert "lint: 0 error(s)" in result.stderr
    repo = load_repository(copy)[0]
    assert "Jackie Clarke" in repo.people["jackie-clark"].aliases
    assert "Portsmuoth" in repo.authorities["portsmouth"].aliases
    meeting = repo.meeting(date(2025, 11, 3))
    assert meeting is not None and meeting.attendees is not None
    assert _place(meeting.attendees[0]) == ("jackie-clark", "portsmouth", None)
    people = (copy / "people.yaml").read_text(encoding="utf-8")
    assert "# check: 'Jackie Clarke' taken to be Jackie Clark (a near spelling)" in people
    authorities = (copy / "authorities.yaml").read_text(encoding="utf-8")
    assert "# check: 'Portsmuoth' read as Portsmouth: added as an alias" in authorities
    again = invoke("import", "minutes", str(minutes), "--data", str(copy), "--write")
    assert "Nothing to change" in again.stderr


def test_write_keeps_an_editors_save_made_after_the_draft(
        stripped: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The draft is written only over the bytes it was made from: a save in an editor
    between drafting and writing is kept, and nothing is written."""
    from fostlog.edits import change

    people = stripped / "people.yaml"
    real_check = change.check

    def an_editor_saves(*args: Any) -> Any:
        found = real_check(*args)
        people.write_text(people.read_text(encoding="utf-8") + "# saved meanwhile\n",
                          encoding="utf-8")
        return found

    monkeypatch.setattr(change, "check", an_editor_saves)
    saved_before = {p: p.read_bytes() for p in stripped.rglob("*.yaml") if p != people}
    result = invoke("import", "minutes", str(SEEDS_DIR / CURRENT), "--data", str(stripped),
                    "--write")
    assert result.exit_code == 1, result.output
    assert "changed by someone else" in result.stderr
    assert people.read_text(encoding="utf-8").endswith("# saved meanwhile\n")
    assert {p: p.read_bytes() for p in stripped.rglob("*.yaml") if p != people} == saved_before
