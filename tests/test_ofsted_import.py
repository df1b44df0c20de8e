"""`fostlog import ofsted`: the importer on Ofsted's real 2018-19 file (the copy shipped in
reference/ofsted/, byte for byte the published one), on damaged copies of it, and the
command line's preview, write and idempotence. The 2017-18 file's own layout is tested in
test_ofsted_2017.py; what both years share (the shipped copies, the data they import to,
one damaged case of each import rule) is here."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from conftest import DATA, ROOT
from fostlog import reference
from fostlog.core import rules
from fostlog.core.diagnostics import Severity
from fostlog.core.models import AreaLevel, CapacityMeasure, UnknownReason
from fostlog.core.repository import Repository
from fostlog.files.load import load_repository
from fostlog.files.yamlsafe import Unreadable, read_back
from fostlog.importers import ofsted
from fostlog.importers.files import file_text
from fostlog.importers.ofsted import import_ofsted, normal

OFSTED_NAME = "Local_authority_level_fostering_data_2018_to_2019.csv"
OFSTED = ROOT / "reference" / "ofsted" / OFSTED_NAME
OFSTED_2017_NAME = "Fostering_in_England_2017-18_dataset.csv"
OFSTED_2017 = ROOT / "reference" / "ofsted" / OFSTED_2017_NAME
# Each shipped Ofsted file and the year it is for.
YEARS = {OFSTED: "2018-19", OFSTED_2017: "2017-18"}
PACKAGE_REFERENCE = ROOT / "src" / "fostlog" / "reference"
SHARED = ROOT.parent / "shared" / "data"
# The published files, as downloaded (shared/data/README.md, reference/README.md).
SHA256 = {
    OFSTED: "e9ba0ff846c5cca7ef68f228861e46aa48e9aa79af2d00632c3853a423f06393",
    OFSTED_2017: "9d10b6f5b51c802cbff24589405b8499d860cb1ffc259ade09dd1ae3172755c7",
    PACKAGE_REFERENCE / "las.csv":
        "8440ae06cc5ddef0df73520b35d09576397e365ee0f7b2397016ddd7303b6eea",
    PACKAGE_REFERENCE / "regions.csv":
        "04924d637fe32fcc9e9a340f89e1816cc07a0209f08e5ed8103a616c74bf47ad",
}

runner = CliRunner()


@pytest.fixture(scope="module")
def repo() -> Repository:
    return load_repository(DATA)[0]


@pytest.fixture(scope="module")
def regions() -> dict[str, str]:
    found = reference.region_names()
    assert found is not None
    return found


def run_import(repo: Repository, regions: dict[str, str], data: bytes | None = None,
               year: str = "2018-19", all_areas: bool = False, path: Path = OFSTED
               ) -> ofsted.OfstedImport:
    content = path.read_bytes() if data is None else data
    return import_ofsted(content, path.name, year, repo, regions, all_areas=all_areas)


def invoke(*args: str):  # type: ignore[no-untyped-def]
    from fostlog.cli import app

    return runner.invoke(app, list(args))


# --- the shipped copies -------------------------------------------------------------------


@pytest.mark.parametrize("path", list(SHA256), ids=lambda p: p.name)
def test_shipped_copies_are_the_published_files_byte_for_byte(path: Path) -> None:
    assert hashlib.sha256(path.read_bytes()).hexdigest() == SHA256[path]


@pytest.mark.parametrize("name", ["ofsted/" + OFSTED_NAME, "ofsted/" + OFSTED_2017_NAME,
                                  "reference/las.csv", "reference/regions.csv"])
def test_shipped_copies_match_the_shared_originals_where_present(name: str) -> None:
    original = SHARED / name
    if not original.exists():
        pytest.skip("shared/data is not beside this checkout (as in CI)")
    copy = (ROOT / "reference" / name if name.startswith("ofsted")
            else PACKAGE_REFERENCE / Path(name).name)
    assert copy.read_bytes() == original.read_bytes()


def test_the_la_list_reads_with_its_quirks() -> None:
    entries = reference.la_list()
    assert entries is not None
    bucks = reference.entries_for(entries, 825)
    assert [(e.gss_codes, e.until) for e in bucks] == [
        (("E10000002",), date(2020, 3, 31)), (("E06000060",), None)]
    combined = next(e for e in entries if len(e.gss_codes) == 2)
    assert combined.dfe_numbers and len(combined.dfe_numbers) == 2
    assert reference.entries_for(entries, combined.dfe_numbers[0]) != [combined]
    assert any(e.dfe_numbers == () for e in entries)  # 'x': an LA with no number


# --- the label table ------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ofsted.LAYOUTS, ids=lambda layout: layout.name)
def test_each_label_is_in_its_block_once_and_each_block_named_once(
        layout: ofsted.Layout) -> None:
    names = [normal(b.name) for b in layout.blocks]
    assert len(names) == len(set(names))
    for block in layout.blocks:
        labels = [normal(e.label) for e in block.labels]
        assert len(labels) == len(set(labels)), block.name
    # Without a topic column every block is declared by the label that opens it, and an
    # imported block's opening row is one of its labels.
    openers = [b.opens_at for b in layout.blocks]
    assert (None in openers) is (layout.topic_column is not None)
    for block in layout.blocks:
        if block.opens_at and block.labels:
            assert normal(block.opens_at) in {normal(e.label) for e in block.labels}


@pytest.mark.parametrize("layout", ofsted.LAYOUTS, ids=lambda layout: layout.name)
def test_every_required_figure_and_stage_has_a_label(layout: ofsted.Layout) -> None:
    labels = [e for b in layout.blocks for e in b.labels]
    for measure in ofsted.REQUIRED_MEASURES:
        assert [e.measure for e in labels].count(measure) == 1
    assert {e.stage for e in labels if e.stage} == {s.key for s in layout.stages}


def test_labels_compare_without_markers_case_or_curly_quotes() -> None:
    assert normal("Applications received in-year **") == "applications received in-year"
    assert normal("Fostering places (at 31 March) °") == "fostering places (at 31 march)"
    assert normal("went \u2018missing\u2019  while") == "went 'missing' while"
    assert normal('between 1 April and 31 March"') == "between 1 april and 31 march"
    assert normal("withdrawn by applicants+") == "withdrawn by applicants"  # 2017-18


# --- the real file ---------------------------------------------------------------------------


def test_the_real_file_imports_without_a_problem(repo: Repository,
                                                  regions: dict[str, str]) -> None:
    result = run_import(repo, regions)
    assert result.ok and result.diagnostics == []
    assert result.capacity is not None and result.benchmark is not None
    names = [a.name for a in result.capacity.areas]
    assert names[:2] == ["England", "South East"] and len(names) == 21
    assert {a.authority for a in result.capacity.areas[2:]} == set(repo.authorities)


def test_the_south_east_and_england_places_are_ofsteds(repo: Repository,
                                                      regions: dict[str, str]) -> None:
    result = run_import(repo, regions)
    assert result.capacity is not None
    by_name = {a.name: a for a in result.capacity.areas}
    south_east = by_name["South East"]
    assert (south_east.level, south_east.code) == (AreaLevel.region, "E12000008")
    assert south_east.values == {
        CapacityMeasure.approved: 7565, CapacityMeasure.filled: 4985,
        CapacityMeasure.vacant: 1070, CapacityMeasure.not_available: 1395,
        CapacityMeasure.households: 4115, CapacityMeasure.emergency_households: 15,
        CapacityMeasure.short_break_households: 125}
    # Parts 7,450 against 7,565 approved: more than rounding, recorded as Ofsted's.
    assert south_east.parts_gap == 115
    england = by_name["England"]
    assert england.values[CapacityMeasure.approved] == 88370
    assert england.values[CapacityMeasure.filled] == 54870
    kent = by_name["Kent"]
    assert (kent.authority, kent.urn, kent.region) == ("kent", "SC062007", "E12000008")
    assert by_name["Slough"].urn == "1183495"  # as Ofsted writes it, no SC
    assert by_name["Bracknell Forest"].parts_gap is None  # 135 = 85 + 25 + 25


def test_measures_keep_ofsteds_labels_and_its_footnote(repo: Repository,
                                                      regions: dict[str, str]) -> None:
    result = run_import(repo, regions)
    assert result.capacity is not None
    labels = {m.key: m.label for m in result.capacity.measures}
    assert labels[CapacityMeasure.vacant] == (
        "Fostering places (at 31 March): Number of vacant places")
    assert labels[CapacityMeasure.emergency_households].endswith(": Emergency")
    assert result.capacity.rounding == 5
    assert "exemptions" in (result.capacity.note or "")  # the footnote marked °


def test_every_suppressed_cell_is_null_with_its_reason(repo: Repository,
                                                       regions: dict[str, str]) -> None:
    result = run_import(repo, regions, all_areas=True)
    assert result.capacity is not None
    rows = list(csv.reader(io.StringIO(OFSTED.read_bytes().decode("cp1252"))))
    line = {normal(r[2]): r for r in rows if len(r) > 2 and r[2].strip()}
    raw = {CapacityMeasure.approved: line["number of approved foster places"],
           CapacityMeasure.filled: line["number of filled places"]}
    suppressed = 0
    for area in result.capacity.areas:
        column = rows[0].index(area.name)
        for measure, row in raw.items():
            if row[column] == "..":
                suppressed += 1
                assert area.values[measure] is None
                assert area.unknown[measure] is UnknownReason.suppressed
            else:
                assert area.values[measure] == int(row[column].replace(",", ""))
    # Birmingham, Sandwell, City of London, the three Tri-borough LAs and Isles of Scilly.
    assert suppressed == 2 * 7


def test_all_keeps_every_area_and_names_those_outside_the_registry(
        repo: Repository, regions: dict[str, str]) -> None:
    result = run_import(repo, regions, all_areas=True)
    assert result.capacity is not None and result.ok
    levels = [a.level for a in result.capacity.areas]
    assert levels.count(AreaLevel.la) == 152
    assert levels.count(AreaLevel.region) == 9 and levels.count(AreaLevel.subregion) == 2
    assert levels.count(AreaLevel.la_group) == 1  # London Tri-borough
    assert len(result.outside_registry) == 152 - 19
    camden = next(a for a in result.capacity.areas if a.name == "Camden")
    assert (camden.authority, camden.region) == (None, "E12000007")  # under London
    # The funnel's rows are the region's LAs; every other LA is in `others`, not a row.
    assert result.benchmark is not None and len(result.benchmark.authorities) == 19
    assert [a.name for a in result.benchmark.others] == result.outside_registry
    assert {a.level for a in result.benchmark.others} == {AreaLevel.la}
    assert run_import(repo, regions).benchmark.others == []  # type: ignore[union-attr]


def test_the_funnel_is_ofsteds_with_the_region_and_england_beside_it(
        repo: Repository, regions: dict[str, str]) -> None:
    result = run_import(repo, regions)
    year = result.benchmark
    assert year is not None
    assert (year.key, year.series, year.year) == ("ofsted-2018-19", "ofsted", "2018-19")
    assert [s.key for s in year.stages] == ["enquiries", "applications", "approvals"]
    assert {r.key: (r.numerator, r.denominator) for r in year.ratios} == {
        "conversion": ("applications", "enquiries"),
        "approval_rate": ("approvals", "applications"),
        "enquiry_to_approval": ("approvals", "enquiries")}
    kent = next(r for r in year.authorities if r.authority == "kent")
    assert kent.counts == {"enquiries": 590, "applications": 215, "approvals": 10}
    assert [(a.name, a.counts["enquiries"]) for a in year.comparators] == [
        ("England", 127850), ("South East", 4615)]


@pytest.mark.parametrize("path", list(YEARS), ids=lambda p: YEARS[p])
def test_the_bundled_data_is_what_the_importer_writes(
        repo: Repository, regions: dict[str, str], path: Path) -> None:
    """data/ holds the import of each shipped file with --all, unchanged: importing again
    would change nothing; the files' header says the command that wrote them."""
    year = YEARS[path]
    result = run_import(repo, regions, year=year, all_areas=True, path=path)
    assert result.capacity is not None and result.benchmark is not None
    header = ofsted.header(year, path.name, all_areas=True)
    assert f"fostlog import ofsted {path.name} --year {year} --all --write" in header[1]
    for relative, record in ((f"capacity/ofsted-{year}.yaml", result.capacity),
                             (f"benchmarks/ofsted-{year}.yaml", result.benchmark)):
        assert (DATA / relative).read_text(encoding="utf-8") == file_text(
            relative, record, header)


# --- damaged copies ----------------------------------------------------------------------------


def damaged(old: bytes, new: bytes) -> bytes:
    data = OFSTED.read_bytes()
    assert old in data
    return data.replace(old, new, 1)


def test_an_unknown_label_is_reported_not_guessed(repo: Repository,
                                                 regions: dict[str, str]) -> None:
    result = run_import(repo, regions, damaged(b"Number of vacant places",
                                               b"Number of spare places"))
    assert not result.ok and result.capacity is None
    label = next(d for d in result.diagnostics if d.rule == rules.OFSTED_LABEL.id)
    assert (label.file, label.line, label.column) == (OFSTED_NAME, 96, 3)
    assert "'Number of spare places'" in label.message and "Places" in label.message
    assert "src/fostlog/importers/ofsted.py" in label.hint
    # ... and so the vacant places have no row.
    assert any(d.rule == rules.OFSTED_MISSING_ROW.id and "vacant" in d.message
               for d in result.diagnostics)


def test_a_label_under_a_topic_not_imported_is_not_checked(
        repo: Repository, regions: dict[str, str]) -> None:
    result = run_import(repo, regions, damaged(b"Physical abuse", b"Physical harm"))
    assert result.ok


def test_a_missing_row_is_named(repo: Repository, regions: dict[str, str]) -> None:
    data = OFSTED.read_bytes()
    lines = data.split(b"\r\n")
    kept = [line for line in lines if b"Number of filled places" not in line]
    result = run_import(repo, regions, b"\r\n".join(kept))
    assert not result.ok
    [missing] = [d for d in result.diagnostics if d.rule == rules.OFSTED_MISSING_ROW.id]
    assert "filled" in missing.message and "'Number of filled places'" in missing.message
    assert missing.line == 94  # the Places block, where the row belongs


def test_an_unmappable_area_in_the_region_is_named(repo: Repository,
                                                    regions: dict[str, str]) -> None:
    data = damaged(b",Kent,", b",Kentish Weald,")
    data = data.replace(b"SC062007", b"SC999999", 1)
    result = run_import(repo, regions, data)
    assert not result.ok
    area = [d for d in result.diagnostics if d.rule == rules.OFSTED_AREA.id]
    assert any("'Kentish Weald'" in d.message and d.column == 147 and d.line == 1
               for d in area)
    assert any("No column of this file is Kent" in d.message for d in area)


def test_an_area_renamed_is_still_found_by_its_urn(repo: Repository,
                                                    regions: dict[str, str]) -> None:
    result = run_import(repo, regions, damaged(b",Kent,", b",Kent County Council,"))
    assert result.ok and result.capacity is not None
    assert any(a.authority == "kent" for a in result.capacity.areas)


def test_utf8_instead_of_windows_1252_is_refused(repo: Repository,
                                                 regions: dict[str, str]) -> None:
    data = OFSTED.read_bytes().decode("cp1252").encode("utf-8")
    result = run_import(repo, regions, data)
    [problem] = result.diagnostics
    assert problem.rule == rules.OFSTED_ENCODING.id and problem.is_error
    assert problem.line == 15  # the first curly quote: went ‘missing’
    assert "UTF-8" in problem.message and "Windows-1252" in problem.message


def test_a_figure_that_is_not_a_number_is_named(repo: Repository,
                                                regions: dict[str, str]) -> None:
    result = run_import(repo, regions, kents_places(OFSTED.read_bytes(), "1,38O"))
    [problem] = [d for d in result.diagnostics if d.is_error]
    assert (problem.rule, problem.line, problem.column) == (rules.OFSTED_VALUE.id, 94, 147)
    assert "Kent" in problem.message and "'1,38O'" in problem.message


def test_the_year_must_be_the_files(repo: Repository, regions: dict[str, str]) -> None:
    result = run_import(repo, regions, year="2019-20")
    assert [d.rule for d in result.diagnostics] == [rules.OFSTED_YEAR.id]
    assert run_import(repo, regions, year="2018-20").diagnostics[0].rule == (
        rules.OFSTED_YEAR.id)


def test_a_file_that_is_not_ofsteds_layout_is_refused(repo: Repository,
                                                      regions: dict[str, str]) -> None:
    result = run_import(repo, regions, b"a,b,c\r\n1,2,3\r\n4,5,6\r\n")
    [problem] = result.diagnostics
    assert (problem.rule, problem.line) == (rules.OFSTED_LAYOUT.id, 1)
    # It names the layouts it knows, each by its header.
    assert "2018-19's (row 2: Topic, Sub-topic, Data" in problem.message
    assert "2017-18's (row 1: a blank cell, then England" in problem.message


# Each of the importer's rules, on a copy of the real file damaged to break it (as lint's
# rules each have a case in test_lint_rules.py).
def kents_places(data: bytes, cell: str) -> bytes:
    """The file with Kent's places approved (row 94, column 147) written as `cell`."""
    rows = list(csv.reader(io.StringIO(data.decode("cp1252"))))
    assert (rows[0][146], rows[93][146]) == ("Kent", "1,380")
    rows[93][146] = cell
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("cp1252")


# Each case: the shipped file damaged, the year given (and every column kept, --all).
IMPORT_CASES: dict[rules.Rule, tuple[Path, Callable[[bytes], bytes], str]] = {
    rules.OFSTED_ENCODING: (OFSTED, lambda data: data.decode("cp1252").encode("utf-8"),
                            "2018-19"),
    rules.OFSTED_LAYOUT: (OFSTED, lambda data: b"a,b,c\r\n1,2,3\r\n4,5,6\r\n", "2018-19"),
    rules.OFSTED_LABEL: (OFSTED, lambda data: data.replace(b"Number of vacant places",
                                                            b"Number of spare places"),
                         "2018-19"),
    rules.OFSTED_MISSING_ROW: (OFSTED, lambda data: b"\r\n".join(
        line for line in data.split(b"\r\n") if b"Number of filled places" not in line),
        "2018-19"),
    rules.OFSTED_VALUE: (OFSTED, lambda data: kents_places(data, "1,38O"), "2018-19"),
    rules.OFSTED_ODD_VALUE: (OFSTED, lambda data: kents_places(data, "1,381"), "2018-19"),
    rules.OFSTED_AREA: (OFSTED, lambda data: data.replace(
        b",Kent,", b",Kentish Weald,", 1).replace(b"SC062007", b"SC999999", 1), "2018-19"),
    rules.OFSTED_URN_CHANGED: (OFSTED, lambda data: data.replace(b"SC062007", b"SC999999",
                                                                  1), "2018-19"),
    rules.OFSTED_YEAR: (OFSTED, lambda data: data, "2019-20"),
    # The shipped 2017-18 copy is itself the damaged one: its curly quotes are U+FFFD.
    rules.OFSTED_LOST_CHARACTERS: (OFSTED_2017, lambda data: data, "2017-18"),
    rules.OFSTED_DFE_NUMBER: (OFSTED, lambda data: data.replace(b",Camden,", b",Camdenn,", 1),
                              "2018-19"),
}


OFSTED_RULES = [rule for rule in rules.IMPORT_RULES if rule.id.startswith("ofsted-")]


@pytest.mark.parametrize("rule", OFSTED_RULES, ids=lambda rule: rule.id)
def test_each_import_rule_has_a_damaged_copy_that_reports_it(
        repo: Repository, regions: dict[str, str], rule: rules.Rule) -> None:
    assert rule in IMPORT_CASES, f"add a case for {rule.id} to IMPORT_CASES"
    path, damage, year = IMPORT_CASES[rule]
    result = run_import(repo, regions, damage(path.read_bytes()), year=year, path=path,
                        all_areas=True)
    reported = [d for d in result.diagnostics if d.rule == rule.id]
    assert reported, [str(d) for d in result.diagnostics]
    for found in reported:
        assert found.severity is rule.severity and found.message and found.hint
        assert found.file == path.name and found.line >= 1 and found.column >= 1
    # An error stops the import; a warning alone does not.
    assert result.ok is (rule.severity is not Severity.error)
    assert {d.rule for d in result.diagnostics} <= {r.id for r in OFSTED_RULES}


def test_the_import_rules_are_not_lints_and_the_docs_list_them() -> None:
    assert not set(rules.IMPORT_RULES) & set(rules.RULES)
    assert not {r.id for r in rules.IMPORT_RULES} & set(rules.BY_ID)
    listed = invoke("lint", "--list-rules").stdout
    assert not any(line.startswith(rule.id) for rule in rules.IMPORT_RULES
                   for line in listed.splitlines())
    readme = (ROOT / rules.RULES_PAGE).read_text(encoding="utf-8")
    assert rules.IMPORT_README_START in readme  # so make readme-rules keeps it current
    table = readme.split(rules.IMPORT_README_START)[1].split(rules.IMPORT_README_END)[0]
    assert [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")] == [
        r.id for r in rules.IMPORT_RULES]
    assert rules.readme_with_rules(readme) == readme


def test_an_unrounded_figure_and_a_changed_urn_are_warnings_that_still_import(
        repo: Repository, regions: dict[str, str]) -> None:
    data = kents_places(OFSTED.read_bytes(), "1,381")
    result = run_import(repo, regions, data.replace(b"SC062007", b"SC999999", 1))
    assert result.ok and result.capacity is not None
    said = {d.rule: d for d in result.diagnostics}
    assert set(said) == {rules.OFSTED_ODD_VALUE.id, rules.OFSTED_URN_CHANGED.id}
    assert "1381 is not rounded to the nearest 5" in said[rules.OFSTED_ODD_VALUE.id].message
    assert "SC999999" in said[rules.OFSTED_URN_CHANGED.id].message
    assert (said[rules.OFSTED_URN_CHANGED.id].line,
            said[rules.OFSTED_URN_CHANGED.id].column) == (2, 147)


# --- the command line -----------------------------------------------------------------------


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    shutil.rmtree(root / "capacity")
    for ofsted_year in root.glob("benchmarks/ofsted-*.yaml"):
        ofsted_year.unlink()
    return root


@pytest.mark.parametrize("path", list(YEARS), ids=lambda p: YEARS[p])
def test_the_shared_original_imports_to_the_bundled_data(tmp_path: Path, path: Path) -> None:
    """The file in shared/data as published, not the shipped copy, gives data/ unchanged."""
    original = SHARED / "ofsted" / path.name
    if not original.exists():
        pytest.skip("shared/data is not beside this checkout (as in CI)")
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    year = YEARS[path]
    result = invoke("import", "ofsted", str(original), "--year", year, "--all",
                    "--data", str(root), "--write")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.count("unchanged") == 2
    for relative in (f"capacity/ofsted-{year}.yaml", f"benchmarks/ofsted-{year}.yaml"):
        assert (root / relative).read_bytes() == (DATA / relative).read_bytes()


def test_preview_prints_and_writes_nothing(data_dir: Path) -> None:
    result = invoke("import", "ofsted", str(OFSTED), "--year", "2018-19",
                    "--data", str(data_dir))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(
        "# yaml-language-server: $schema=../../schema/capacity.schema.json\n")
    assert "would be written" in result.stderr
    assert not (data_dir / "capacity").exists()


def test_write_is_atomic_idempotent_and_lints_clean(data_dir: Path) -> None:
    args = ["import", "ofsted", str(OFSTED), "--year", "2018-19", "--data", str(data_dir),
            "--write", "--all"]
    first = invoke(*args)
    assert first.exit_code == 0, first.stderr
    written = data_dir / "capacity" / "ofsted-2018-19.yaml"
    before = written.read_bytes()
    assert "written" in first.stderr and first.stdout == ""
    second = invoke(*args)
    assert second.exit_code == 0 and second.stderr.count("unchanged") == 2
    assert written.read_bytes() == before
    assert not list(data_dir.rglob(".*.tmp"))  # no temporary file left behind
    lint = invoke("lint", str(data_dir))
    assert lint.exit_code == 0, lint.stdout


def test_preview_of_a_changed_file_is_a_diff(data_dir: Path) -> None:
    invoke("import", "ofsted", str(OFSTED), "--year", "2018-19", "--data", str(data_dir),
           "--write")
    result = invoke("import", "ofsted", str(OFSTED), "--year", "2018-19",
                    "--data", str(data_dir), "--all")
    assert result.exit_code == 0
    assert result.stdout.startswith("---") and "+  name: Darlington\n" in result.stdout


@pytest.mark.parametrize("change", [
    (b"Number of vacant places", b"Number of spare places", "ofsted-label", ":96:3:"),
    (b",Kent,", b",Kentish Weald,", "ofsted-area", ":1:147:"),
])
def test_damaged_files_fail_with_file_and_line_and_no_traceback(
        tmp_path: Path, data_dir: Path, change: tuple[bytes, bytes, str, str]) -> None:
    old, new, rule, where = change
    broken = tmp_path / OFSTED_NAME
    broken.write_bytes(damaged(old, new).replace(b"SC062007", b"SC999999"))
    result = invoke("import", "ofsted", str(broken), "--year", "2018-19",
                    "--data", str(data_dir), "--write")
    assert result.exit_code == 1
    assert f"{broken}{where} error[{rule}]" in result.stderr
    assert "nothing was written" in result.stderr and "Traceback" not in result.stderr
    assert not (data_dir / "capacity").exists()


def test_utf8_copy_fails_on_the_command_line(tmp_path: Path, data_dir: Path) -> None:
    broken = tmp_path / OFSTED_NAME
    broken.write_bytes(OFSTED.read_bytes().decode("cp1252").encode("utf-8"))
    result = invoke("import", "ofsted", str(broken), "--year", "2018-19",
                    "--data", str(data_dir))
    assert result.exit_code == 1
    assert f"{broken}:15:1: error[ofsted-encoding]" in result.stderr


def test_a_file_that_cannot_be_read_is_a_plain_error(tmp_path: Path, data_dir: Path) -> None:
    result = invoke("import", "ofsted", str(tmp_path / "nowhere.csv"), "--year", "2018-19",
                    "--data", str(data_dir))
    assert result.exit_code == 1 and "cannot read" in result.stderr
    assert "Traceback" not in result.stderr


def test_import_is_a_group_with_examples_in_its_help() -> None:
    result = invoke("import", "--help")
    assert result.exit_code == 0 and "ofsted" in result.stdout
    help_text = invoke("import", "ofsted", "--help").stdout
    assert "--write" in help_text and "--all" in help_text and "Examples" in help_text


def test_an_importers_text_is_read_back_as_lint_reads_it() -> None:
    """The read-back check uses fostlog's reader, not PyYAML's YAML 1.1 one: 026, yes
    and 4:15 stay the text lint sees (PyYAML makes them 22, True and 255)."""
    text = "a: 026\nb: yes\nc: 4:15\nd: 12\n"
    assert read_back(text, "x.yaml") == {"a": "026", "b": "yes", "c": "4:15", "d": 12}
    assert yaml.safe_load(text) == {"a": 22, "b": True, "c": 255, "d": 12}
    with pytest.raises(Unreadable, match="x.yaml"):
        read_back("a: [\n", "x.yaml")


def test_write_replaces_a_file_saved_with_windows_line_endings(data_dir: Path) -> None:
    """A file saved with CRLF is replaced (the import compares its very bytes), not
    refused as if someone had changed it meanwhile."""
    args = ["import", "ofsted", str(OFSTED), "--year", "2018-19", "--data", str(data_dir),
            "--write"]
    assert invoke(*args).exit_code == 0
    written = data_dir / "capacity" / "ofsted-2018-19.yaml"
    lf = written.read_bytes()
    written.write_bytes(lf.replace(b"\n", b"\r\n").replace(b"name: Kent", b"name: Kentish"))
    result = invoke(*args)
    assert result.exit_code == 0, result.stderr
    assert "updated" in result.stderr and written.read_bytes() == lf
