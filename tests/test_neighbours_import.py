"""`fostlog import neighbours`: the importer on DfE's real statistical neighbours workbooks
(the copies in reference/lait/, byte for byte the published ones), checked row by row
against the workbooks read here independently; damaged copies; the data files; the
command line's preview, write and idempotence; and lint's neighbours checks."""

from __future__ import annotations

import hashlib
import io
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from conftest import DATA, ROOT, MiniRepo
from fostlog import reference
from fostlog.core import rules
from fostlog.core.diagnostics import Severity
from fostlog.core.models import Closeness
from fostlog.core.repository import display_path
from fostlog.files.load import load_repository
from fostlog.importers import neighbours
from fostlog.importers.files import file_text
from fostlog.importers.neighbours import NeighboursImport, import_neighbours
from fostlog.reference import LaEntry

LAIT = ROOT / "reference" / "lait"
MAY_2025 = LAIT / "sn_may_2025.xlsx"
APRIL_2021 = LAIT / "sn_april_2021.xlsx"
SHARED = ROOT.parent / "shared" / "data" / "lait"
# The published files, as downloaded (shared/data/README.md, reference/README.md).
SHA256 = {
    MAY_2025: "8741494be7bbced69706589b7064b57d33737fc42ebbb3e778770f6bb78b1739",
    APRIL_2021: "e9594202bbf624f3328bd042ae0cf18d0df747d4320146449804dfe3133aa219",
}
MONTHS = {MAY_2025: "2025-05", APRIL_2021: "2021-04"}
WORKBOOKS = list(MONTHS)

runner = CliRunner()


@pytest.fixture(scope="module")
def entries() -> list[LaEntry]:
    found = reference.la_list()
    assert found is not None
    return found


def run_import(entries: list[LaEntry], path: Path = MAY_2025, data: bytes | None = None,
               month: str | None = None, name: str | None = None) -> NeighboursImport:
    content = path.read_bytes() if data is None else data
    return import_neighbours(content, name or path.name, entries, month)


def invoke(*args: str):  # type: ignore[no-untyped-def]
    from fostlog.cli import app

    return runner.invoke(app, list(args))


# --- the shipped copies -----------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_shipped_copies_are_the_published_files_byte_for_byte(path: Path) -> None:
    assert hashlib.sha256(path.read_bytes()).hexdigest() == SHA256[path]
    assert SHA256[path] in (ROOT / "reference" / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_shipped_copies_match_the_shared_originals_where_present(path: Path) -> None:
    original = SHARED / path.name
    if not original.exists():
        pytest.skip("shared/data is not beside this checkout (as in CI)")
    assert original.read_bytes() == path.read_bytes()


# --- the workbook, read independently ----------------------------------------------------------


def workbook_rows(path: Path) -> list[tuple[int, list[Any]]]:
    """Every row of sheet 'LA SN Groups' whose first cell is an LA number, with its Excel
    row number: read here without the importer, by the positions DfE's header gives."""
    book = openpyxl.load_workbook(path, data_only=True)
    sheet = book["LA SN Groups"]
    assert [c.value for c in sheet[3]][:7] == ["LA num", "LA Name", "LA number", "GOInd",
                                               "GOReg", "SN1", "SNP"]
    assert [c.value for c in sheet[3]][23:25] == ["SN10", "SNP"]
    return [(row[0].row, [c.value for c in row]) for row in sheet.iter_rows(min_row=4)
            if isinstance(row[0].value, int)]


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_every_group_is_the_workbooks_row_by_row(entries: list[LaEntry], path: Path) -> None:
    """Each LA's row gives one group, in the workbook's order: its number, name, region and
    its ten neighbours in order, each with its closeness (SNP, in one spelling); `-` is
    no neighbour."""
    result = run_import(entries, path)
    assert result.ok and result.neighbour_set is not None, result.diagnostics
    rows = workbook_rows(path)
    groups = result.neighbour_set.groups
    assert len(groups) == len(rows) == 158
    for (line, cells), group in zip(rows, groups, strict=True):
        assert (group.dfe_number, group.name, group.region) == (cells[0], cells[1],
                                                                cells[4]), line
        assert cells[2] == cells[0]  # LA number repeats LA num
        expected = [(cells[c], cells[c + 1].strip().lower()) for c in range(5, 25, 2)
                    if cells[c] != "-"]
        assert [(n.dfe_number, str(n.closeness)) for n in group.neighbours] == expected, line


def test_the_real_workbooks_import_without_a_problem(entries: list[LaEntry]) -> None:
    for path in WORKBOOKS:
        result = run_import(entries, path)
        assert result.diagnostics == [], [str(d) for d in result.diagnostics]


def test_closeness_in_either_capitals_is_one_spelling(entries: list[LaEntry]) -> None:
    written = {str(c[c_index + 1]) for path in WORKBOOKS for _, c in workbook_rows(path)
               for c_index in range(5, 25, 2) if c[c_index] != "-"}
    assert {"Very close", "Very Close", "Extremely close", "Extremely Close"} <= written
    imported = {n.closeness for path in WORKBOOKS
                for g in run_import(entries, path).neighbour_set.groups  # type: ignore[union-attr]
                for n in g.neighbours}
    assert imported == set(Closeness)


def test_the_sets_keep_what_the_workbooks_say_about_their_rows(entries: list[LaEntry]) -> None:
    """The LAs under DfE's heading 'Old SNs:' keep it as their note; the 2021 set gives
    Cumberland and Westmorland and Furness no neighbours; the set says where it is from."""
    set_2025 = run_import(entries, MAY_2025).neighbour_set
    set_2021 = run_import(entries, APRIL_2021).neighbour_set
    assert set_2025 is not None and set_2021 is not None
    old = [g.name for g in set_2025.groups if g.note and "'Old SNs:'" in g.note]
    assert old == ["Dorset (Pre LG)", "Poole (Pre LG)", "Bournemouth (Pre LG)",
                   "Northamptonshire", "Cumbria"]
    empty = [(g.dfe_number, g.name) for g in set_2021.groups if not g.neighbours]
    assert empty == [(942, "Cumberland"), (943, "Westmorland and Furness")]
    assert (set_2025.month, set_2025.file, set_2025.sha256) == (
        "2025-05", "sn_may_2025.xlsx", SHA256[MAY_2025])
    assert set_2025.key == "sn-2025-05" and set_2021.key == "sn-2021-04"
    assert "LA Interactive Tool" in set_2025.source and "May 2025" in set_2025.source
    assert set_2025.note is not None and "SNP" in set_2025.note
    assert "reference/lait/" in set_2025.note


def test_poole_is_one_row_in_each_real_workbook() -> None:
    """shared/data/README.md's rows for LAs since reorganised: Poole (Pre LG) is there
    once in each set, so its repeat is tested on a copy below."""
    for path in WORKBOOKS:
        assert [c[1] for _, c in workbook_rows(path)].count("Poole (Pre LG)") == 1


# --- the data files ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", WORKBOOKS, ids=lambda p: p.name)
def test_the_data_files_are_what_the_importer_writes(entries: list[LaEntry],
                                                     path: Path) -> None:
    """data/neighbours/ holds the import of each shipped workbook: importing again would
    change nothing, and the loader reads back the same set."""
    found = run_import(entries, path).neighbour_set
    assert found is not None
    relative = f"neighbours/sn-{MONTHS[path]}.yaml"
    assert (DATA / relative).read_text(encoding="utf-8") == file_text(
        relative, found, neighbours.header(found))
    loaded = {s.key: s for s in load_repository(DATA)[0].neighbour_sets}
    assert loaded[found.key].model_dump() == found.model_dump()


# --- damaged copies ---------------------------------------------------------------------------


def edited(change: Callable[[Any], object], path: Path = MAY_2025) -> bytes:
    """The workbook, changed by `change(sheet)` and saved again."""
    book = openpyxl.load_workbook(path)
    change(book["LA SN Groups"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row_of(sheet: Any, name: str) -> int:
    return int(next(row[0].row for row in sheet.iter_rows(min_row=4)
                    if row[1].value == name))


def no_header(sheet: Any) -> None:
    for cell in sheet[3]:
        cell.value = None


READING = 102  # Reading's row in the May 2025 workbook


def test_reading_is_where_the_tests_say() -> None:
    book = openpyxl.load_workbook(MAY_2025)
    assert row_of(book["LA SN Groups"], "Reading") == READING


def errors_of(result: NeighboursImport, rule: rules.Rule) -> list[tuple[int, int, str]]:
    return [(d.line, d.column, d.message) for d in result.diagnostics if d.rule == rule.id]


def test_an_unknown_neighbour_is_named_at_its_row_and_column(entries: list[LaEntry]) -> None:
    data = edited(lambda sheet: setattr(sheet.cell(READING, 10), "value", 123))
    result = run_import(entries, data=data)
    assert result.neighbour_set is None
    assert errors_of(result, rules.NEIGHBOURS_UNKNOWN_NUMBER) == [
        (READING, 10, f"Row {READING}, SN3 (column J): 123 is no LA's number in DfE's list "
         "of LAs.")]


def test_an_unknown_la_number_gets_the_number_dfe_gives_its_name(
        entries: list[LaEntry]) -> None:
    def damage(sheet: Any) -> None:
        sheet.cell(READING, 1).value = 863
        sheet.cell(READING, 3).value = 863

    result = run_import(entries, data=edited(damage))
    [(line, column, message)] = errors_of(result, rules.NEIGHBOURS_UNKNOWN_NUMBER)
    assert (line, column) == (READING, 1)
    assert message.endswith("Did you mean 870, DfE's number for Reading?")


def test_an_unknown_closeness_is_named_with_the_nearest_word(entries: list[LaEntry]) -> None:
    data = edited(lambda sheet: setattr(sheet.cell(READING, 11), "value", "Very clsoe"))
    result = run_import(entries, data=data)
    assert result.neighbour_set is None
    [(line, column, message)] = errors_of(result, rules.NEIGHBOURS_CLOSENESS)
    assert (line, column) == (READING, 11)
    assert "'Very clsoe' is not one of DfE's closeness words" in message
    assert message.endswith("Did you mean 'very close'?")


def append_copy_of(name: str, change: Callable[[list[Any]], object] = lambda _: None
                   ) -> Callable[[Any], object]:
    def damage(sheet: Any) -> None:
        values = [c.value for c in sheet[row_of(sheet, name)]]
        change(values)
        sheet.append(values)

    return damage


def test_an_identical_repeat_is_kept_once_with_a_warning(entries: list[LaEntry]) -> None:
    book = openpyxl.load_workbook(MAY_2025)
    poole = row_of(book["LA SN Groups"], "Poole (Pre LG)")
    result = run_import(entries, data=edited(append_copy_of("Poole (Pre LG)")))
    assert result.ok and result.neighbour_set is not None
    assert [g.name for g in result.neighbour_set.groups].count("Poole (Pre LG)") == 1
    assert len(result.neighbour_set.groups) == 158
    [warning] = result.diagnostics
    assert (warning.rule, warning.severity) == (rules.NEIGHBOURS_REPEATED_ROW.id,
                                                Severity.warning)
    assert warning.message == (f"Row 170 repeats row {poole} (Poole (Pre LG), 836) cell for "
                               "cell: kept once.")


def test_a_differing_repeat_is_an_error(entries: list[LaEntry]) -> None:
    def other_first_neighbour(values: list[Any]) -> None:
        values[5] = 850

    result = run_import(entries, data=edited(append_copy_of("Poole (Pre LG)",
                                                            other_first_neighbour)))
    assert result.neighbour_set is None
    [(line, column, message)] = errors_of(result, rules.NEIGHBOURS_CONFLICT)
    assert (line, column) == (170, 1) and "Poole (Pre LG) (836) again" in message


def test_a_missing_header_is_refused_saying_what_the_file_should_be(
        entries: list[LaEntry]) -> None:
    result = run_import(entries, data=edited(no_header))
    [(line, column, message)] = errors_of(result, rules.NEIGHBOURS_LAYOUT)
    assert (line, column) == (1, 1) and "is DfE's header (LA num, LA Name" in message


def test_a_header_without_a_column_names_it(entries: list[LaEntry]) -> None:
    result = run_import(entries, data=edited(lambda sheet: setattr(sheet["N3"], "value",
                                                                   "SN 5")))
    [(line, column, message)] = errors_of(result, rules.NEIGHBOURS_LAYOUT)
    assert (line, column) == (3, 1) and "has no column SN5;" in message


def test_columns_are_found_by_their_header_not_their_position(
        entries: list[LaEntry]) -> None:
    """A column inserted before the neighbours changes nothing."""
    result = run_import(entries, data=edited(lambda sheet: sheet.insert_cols(5)))
    original = run_import(entries).neighbour_set
    assert result.ok and result.neighbour_set is not None and original is not None
    assert result.neighbour_set.groups == original.groups


def test_a_wrong_sheet_is_refused(entries: list[LaEntry]) -> None:
    result = run_import(entries, data=edited(lambda sheet: setattr(sheet, "title", "Sheet1")))
    [(_, _, message)] = errors_of(result, rules.NEIGHBOURS_LAYOUT)
    assert message.startswith("The workbook has no sheet 'LA SN Groups' (its sheets: "
                              "'Sheet1')")


def test_an_la_among_its_own_neighbours_or_a_neighbour_twice_is_named(
        entries: list[LaEntry]) -> None:
    def damage(sheet: Any) -> None:
        sheet.cell(READING, 8).value = 870  # SN2 is Reading itself
        sheet.cell(READING, 12).value = sheet.cell(READING, 6).value  # SN4 repeats SN1

    result = run_import(entries, data=edited(damage))
    assert result.neighbour_set is None
    [(_, column, message)] = errors_of(result, rules.NEIGHBOURS_SELF)
    assert column == 8 and "Reading (870) is listed as its own statistical neighbour" in message
    [(_, column, message)] = errors_of(result, rules.NEIGHBOURS_TWICE)
    assert column == 12 and "listed twice (SN1 and SN4)" in message


def test_a_cell_that_is_not_a_number_and_numbers_that_disagree(entries: list[LaEntry]) -> None:
    def damage(sheet: Any) -> None:
        sheet.cell(READING, 6).value = "eight"
        sheet.cell(READING, 3).value = 871

    result = run_import(entries, data=edited(damage))
    messages = errors_of(result, rules.NEIGHBOURS_VALUE)
    assert (READING, 6, f"Row {READING}, SN1 (column F): 'eight' is not an LA's three-digit "
            "DfE number.") in messages
    assert (READING, 3, f"Row {READING}, LA number (column C): '871', but LA num gives "
            "870.") in messages


def test_a_closeness_without_a_neighbour(entries: list[LaEntry]) -> None:
    result = run_import(entries, data=edited(lambda sheet: setattr(sheet.cell(READING, 6),
                                                                   "value", "-")))
    [(_, column, message)] = errors_of(result, rules.NEIGHBOURS_CLOSENESS)
    assert column == 7 and "SN1 gives no neighbour" in message


@pytest.mark.parametrize(("data", "said"), [
    (b"LA num,LA Name,LA number\n870,Reading,870\n", "text (a CSV saved with the name "
     ".xlsx?)"),
    (b"\xd0\xcf\x11\xe0" + bytes(600), "an Excel 97-2003 workbook (.xls)"),
    (bytes(range(256)) * 4, "not a workbook"),
    (b"", "empty"),
], ids=["csv", "xls", "binary", "empty"])
def test_a_file_that_is_not_a_workbook_is_said_so(entries: list[LaEntry], data: bytes,
                                                  said: str) -> None:
    result = run_import(entries, data=data)
    [diagnostic] = result.diagnostics
    assert diagnostic.rule == rules.NEIGHBOURS_WORKBOOK.id
    assert diagnostic.message.startswith(f"This file is {said}")
    assert "DfE publishes its statistical neighbours as an Excel workbook" in diagnostic.message


def test_a_zip_that_is_no_workbook_is_said_so(entries: list[LaEntry]) -> None:
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "hello")
    [diagnostic] = run_import(entries, data=out.getvalue()).diagnostics
    assert diagnostic.rule == rules.NEIGHBOURS_WORKBOOK.id
    assert diagnostic.message.startswith("This zip file cannot be read as an Excel workbook")


def test_bounds_on_size(entries: list[LaEntry], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(neighbours, "MAX_UNPACKED", 1000)
    [diagnostic] = run_import(entries).diagnostics
    assert diagnostic.rule == rules.NEIGHBOURS_WORKBOOK.id and "unpack to" in diagnostic.message
    monkeypatch.undo()
    monkeypatch.setattr(neighbours, "MAX_ROWS", 100)
    [diagnostic] = run_import(entries).diagnostics
    assert diagnostic.rule == rules.NEIGHBOURS_LAYOUT.id
    assert "over 100 rows" in diagnostic.message and diagnostic.line == 101
    monkeypatch.setattr(neighbours, "MAX_COLUMNS", 20)
    [diagnostic] = run_import(entries).diagnostics
    assert "has 26 columns" in diagnostic.message
    monkeypatch.undo()
    monkeypatch.setattr(neighbours, "MAX_ERRORS", 2)

    def damage(sheet: Any) -> None:
        for row in (4, 5, 6):
            sheet.cell(row, 6).value = 123

    *_, last = run_import(entries, data=edited(damage)).diagnostics
    assert last.rule == rules.NEIGHBOURS_LAYOUT.id and last.line == 5
    assert last.message.startswith("Over 2 problems by row 5: the rest of the sheet was not read")


def test_every_rule_the_importer_reports_is_an_import_or_neighbours_rule() -> None:
    ours = [r for r in rules.IMPORT_RULES if r.id.startswith("neighbours-")]
    assert len(ours) == 7
    assert {rules.NEIGHBOURS_UNKNOWN_NUMBER, rules.NEIGHBOURS_SELF,
            rules.NEIGHBOURS_TWICE} <= set(rules.RULES)


# --- the month --------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "month"), [
    ("sn_may_2025.xlsx", "2025-05"), ("sn_april_2021.xlsx", "2021-04"),
    ("SN_Sept2019.xlsx", "2019-09"), ("sn_dec_2020.xlsx", "2020-12"),
    ("statistical-neighbours.xlsx", None), ("mayday_2025.xlsx", None),
    ("sn_may_20255.xlsx", None),
])
def test_the_month_a_name_gives(name: str, month: str | None) -> None:
    assert neighbours.month_in_name(name) == month


def test_the_month_given_and_the_names_must_agree(entries: list[LaEntry]) -> None:
    assert run_import(entries, month="2025-05").ok
    [(_, _, message)] = errors_of(run_import(entries, month="2025-06"), rules.NEIGHBOURS_MONTH)
    assert message == "The file's name says 2025-05, but --month gives 2025-06."
    renamed = run_import(entries, name="neighbours.xlsx", month="2025-05")
    assert renamed.neighbour_set is not None and renamed.neighbour_set.month == "2025-05"
    assert renamed.neighbour_set.file == "neighbours.xlsx"
    [(_, _, message)] = errors_of(run_import(entries, name="neighbours.xlsx"),
                                  rules.NEIGHBOURS_MONTH)
    assert "gives no month" in message


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    shutil.rmtree(root / "neighbours")
    return root


def test_preview_prints_and_writes_nothing(data_dir: Path) -> None:
    result = invoke("import", "neighbours", str(MAY_2025), "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "# yaml-language-server: $schema=../../schema/neighbours.schema.json\n")
    assert "  name: Reading\n" in result.stdout
    assert result.stderr == (
        f"{display_path(MAY_2025)}: 158 LAs and their statistical neighbours, the set of "
        f"2025-05.\n{data_dir / 'neighbours' / 'sn-2025-05.yaml'}: would be written (--write "
        "to write it).\n")
    assert not (data_dir / "neighbours").exists()


def test_write_is_idempotent_and_lints_clean(data_dir: Path) -> None:
    args = ["import", "neighbours", str(MAY_2025), "--data", str(data_dir), "--write"]
    first = invoke(*args)
    assert first.exit_code == 0, first.stderr
    written = data_dir / "neighbours" / "sn-2025-05.yaml"
    assert first.stdout == "" and first.stderr.endswith(f"{written}: written.\n")
    assert written.read_bytes() == (DATA / "neighbours" / "sn-2025-05.yaml").read_bytes()
    second = invoke(*args)
    assert second.exit_code == 0 and second.stderr.endswith(f"{written}: unchanged.\n")
    assert not list(data_dir.rglob(".*.tmp"))
    lint = invoke("lint", str(data_dir))
    assert lint.exit_code == 0, lint.stdout


def test_the_shared_originals_import_to_the_bundled_data(tmp_path: Path) -> None:
    if not SHARED.is_dir():
        pytest.skip("shared/data is not beside this checkout (as in CI)")
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    for path in WORKBOOKS:
        result = invoke("import", "neighbours", str(SHARED / path.name), "--data", str(root),
                        "--write")
        assert result.exit_code == 0 and result.stderr.endswith("unchanged.\n"), result.stderr


@pytest.mark.parametrize(("damage", "rule", "where"), [
    (lambda sheet: setattr(sheet.cell(READING, 10), "value", 123),
     "neighbours-unknown-number", f":{READING}:10:"),
    (lambda sheet: setattr(sheet.cell(READING, 11), "value", "Near"),
     "neighbours-closeness", f":{READING}:11:"),
    (append_copy_of("Poole (Pre LG)", lambda values: values.__setitem__(5, 850)),
     "neighbours-conflict", ":170:1:"),
    (no_header, "neighbours-layout", ":1:1:"),
], ids=["unknown-neighbour", "unknown-snp", "differing-repeat", "no-header"])
def test_damaged_copies_fail_with_row_and_column_and_write_nothing(
        tmp_path: Path, data_dir: Path, damage: Callable[[Any], object], rule: str,
        where: str) -> None:
    broken = tmp_path / MAY_2025.name
    broken.write_bytes(edited(damage))
    result = invoke("import", "neighbours", str(broken), "--data", str(data_dir), "--write")
    assert result.exit_code == 1
    assert f"{broken}{where} error[{rule}]" in result.stderr
    assert result.stderr.endswith(f"fostlog: {broken}: 1 problem(s) stop the import; nothing "
                                  "was written.\n")
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert not (data_dir / "neighbours").exists()


@pytest.mark.parametrize(("content", "said"), [
    (b"LA num,LA Name\n870,Reading\n", "text (a CSV saved with the name .xlsx?)"),
    (b"%PDF-1.4\n\x00\x01\x02", "not a workbook"),
], ids=["csv-renamed", "not-a-workbook"])
def test_a_file_that_is_no_workbook_fails_plainly(tmp_path: Path, data_dir: Path,
                                                  content: bytes, said: str) -> None:
    broken = tmp_path / "sn_may_2025.xlsx"
    broken.write_bytes(content)
    result = invoke("import", "neighbours", str(broken), "--data", str(data_dir), "--write")
    assert result.exit_code == 1
    assert f"{broken}:1:1: error[neighbours-workbook] This file is {said}" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (data_dir / "neighbours").exists()


def test_month_misuse_is_exit_2_and_a_clash_exit_1(tmp_path: Path, data_dir: Path) -> None:
    bad = invoke("import", "neighbours", str(MAY_2025), "--month", "May 2025",
                 "--data", str(data_dir))
    assert bad.exit_code == 2
    assert "--month takes a month written YYYY-MM, such as 2025-05, not 'May 2025'" in bad.stderr
    unnamed = tmp_path / "neighbours.xlsx"
    shutil.copyfile(MAY_2025, unnamed)
    missing = invoke("import", "neighbours", str(unnamed), "--data", str(data_dir))
    assert missing.exit_code == 2 and "gives no month" in missing.stderr
    assert "--month YYYY-MM" in missing.stderr
    given = invoke("import", "neighbours", str(unnamed), "--month", "2025-05",
                   "--data", str(data_dir))
    assert given.exit_code == 0 and "file: neighbours.xlsx\n" in given.stdout
    clash = invoke("import", "neighbours", str(MAY_2025), "--month", "2021-04",
                   "--data", str(data_dir))
    assert clash.exit_code == 1 and "error[neighbours-month]" in clash.stderr


def test_a_file_that_cannot_be_read_is_a_plain_error(tmp_path: Path, data_dir: Path) -> None:
    result = invoke("import", "neighbours", str(tmp_path / "sn_may_2025.xlsx"),
                    "--data", str(data_dir))
    assert result.exit_code == 1 and "cannot read" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_has_examples() -> None:
    result = invoke("import", "--help")
    assert result.exit_code == 0 and "neighbours" in result.stdout
    help_text = invoke("import", "neighbours", "--help").stdout
    assert "--write" in help_text and "--month" in help_text and "Examples" in help_text
    assert "fostlog import neighbours reference/lait/sn_may_2025.xlsx --write" in help_text


# --- lint's checks, their wording -------------------------------------------------------------

SET = """\
month: 2025-05
source: DfE, statistical neighbours
file: sn_may_2025.xlsx
sha256: 0000000000000000000000000000000000000000000000000000000000000000
groups:
  - dfe_number: 870
    name: Reading
    neighbours:
      - {dfe_number: 826, closeness: very close}
      - {dfe_number: 872, closeness: close}
"""


def test_lint_names_the_group_and_the_fix(mini: MiniRepo) -> None:
    mini.write("neighbours/sn-2025-05.yaml", SET.replace("870", "863"))
    found = {d.rule: d for d in mini.lint()}
    unknown = found[rules.NEIGHBOURS_UNKNOWN_NUMBER.id]
    assert (unknown.file.endswith("neighbours/sn-2025-05.yaml"), unknown.line) == (True, 6)
    assert unknown.message == ("Reading: 863 is no LA's number in DfE's list of LAs. DfE's "
                               "list gives Reading 870.")
    assert "fostlog import neighbours" in unknown.hint


def test_lint_of_the_bundled_sets_is_clean() -> None:
    from fostlog.checks import neighbours as checks

    repo = load_repository(DATA)[0]
    assert len(repo.neighbour_sets) == 2
    for check in (checks.check_neighbour_numbers, checks.check_neighbour_groups,
                  checks.check_duplicate_groups):
        assert list(check(repo)) == []
