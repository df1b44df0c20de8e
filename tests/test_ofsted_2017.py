"""Ofsted's 2017-18 file, in its own layout (one label column, no URN row, UTF-8 whose
curly quotes this copy lost to U+FFFD), read by the same importer as 2018-19 through its
declared Layout; and what both years share: a DfE number on every LA column."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, ROOT
from fostlog import reference
from fostlog.core import rules
from fostlog.core.models import AreaLevel, CapacityMeasure, CapacityYear
from fostlog.core.repository import Repository
from fostlog.files.load import load_repository
from fostlog.importers import Problems, ofsted
from fostlog.importers.ofsted import OfstedImport, import_ofsted

OFSTED_2017 = ROOT / "reference" / "ofsted" / "Fostering_in_England_2017-18_dataset.csv"
OFSTED_2018 = (ROOT / "reference" / "ofsted"
               / "Local_authority_level_fostering_data_2018_to_2019.csv")
YEARS = {OFSTED_2018: "2018-19", OFSTED_2017: "2017-18"}

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
               year: str = "2017-18", path: Path = OFSTED_2017,
               all_areas: bool = True) -> OfstedImport:
    content = path.read_bytes() if data is None else data
    return import_ofsted(content, path.name, year, repo, regions, all_areas=all_areas)


def damaged(old: bytes, new: bytes) -> bytes:
    data = OFSTED_2017.read_bytes()
    assert data.count(old) == 1
    return data.replace(old, new)


# --- the real file ---------------------------------------------------------------------------


def test_the_header_says_which_layout(repo: Repository, regions: dict[str, str]) -> None:
    for path, layout in ((OFSTED_2017, ofsted.LAYOUT_2017_18),
                         (OFSTED_2018, ofsted.LAYOUT_2018_19)):
        assert ofsted.recognise(path.read_bytes(), Problems(path.name)) is layout


def test_the_real_file_imports_with_only_its_lost_characters_reported(
        repo: Repository, regions: dict[str, str]) -> None:
    result = run_import(repo, regions)
    assert result.ok and result.capacity is not None and result.benchmark is not None
    # Two labels lost their curly quotes ("went 'missing'"): reported where they are.
    assert [(d.rule, d.line, d.column) for d in result.diagnostics] == [
        (rules.OFSTED_LOST_CHARACTERS.id, 12, 1), (rules.OFSTED_LOST_CHARACTERS.id, 13, 1)]
    assert all(not d.is_error and "never guessed" in d.message for d in result.diagnostics)
    note = result.capacity.note or ""
    assert "lost characters" in note and "2 label(s)" in note and "unaffected" in note


def test_a_copy_saved_with_a_byte_order_mark_reads_the_same(
        repo: Repository, regions: dict[str, str]) -> None:
    # A spreadsheet's "CSV UTF-8" starts the file with one; it is not part of the header.
    plain = run_import(repo, regions)
    marked = run_import(repo, regions, b"\xef\xbb\xbf" + OFSTED_2017.read_bytes())
    assert marked.ok and marked.capacity == plain.capacity
    assert marked.benchmark == plain.benchmark


def test_its_areas_are_englands_regions_and_las(repo: Repository,
                                               regions: dict[str, str]) -> None:
    result = run_import(repo, regions)
    assert result.capacity is not None
    levels = [a.level for a in result.capacity.areas]
    assert levels.count(AreaLevel.la) == 152 and levels.count(AreaLevel.region) == 9
    assert levels.count(AreaLevel.subregion) == 2 and levels.count(AreaLevel.la_group) == 1
    by_name = {a.name: a for a in result.capacity.areas}
    # 'East Midlands ' is written with a trailing space; it is still the region.
    assert by_name["East Midlands"].code == "E12000004"
    assert by_name["Derby"].region == "E12000004"
    assert all(a.urn is None for a in result.capacity.areas)  # no URN row this year
    assert {a.authority for a in result.capacity.areas if a.authority} == set(repo.authorities)


def test_england_utilisation_is_53205_of_87120(repo: Repository,
                                               regions: dict[str, str]) -> None:
    result = run_import(repo, regions)
    assert result.capacity is not None
    england = result.capacity.areas[0]
    assert (england.name, england.values[CapacityMeasure.filled],
            england.values[CapacityMeasure.approved]) == ("England", 53205, 87120)


def test_the_bundled_2017_18_capacity_year_and_the_cli_give_53205_of_87120() -> None:
    repo = load_repository(DATA)[0]
    [year] = repo.capacity_years("ofsted-2017-18")
    assert isinstance(year, CapacityYear) and year.as_at == date(2018, 3, 31)
    england = next(a for a in year.areas if a.level is AreaLevel.england)
    assert (england.values[CapacityMeasure.filled],
            england.values[CapacityMeasure.approved]) == (53205, 87120)
    from fostlog.cli import app

    result = runner.invoke(app, ["capacity", "ofsted-2017-18", "--format", "json"])
    assert result.exit_code == 0, result.stderr
    row = next(r for r in json.loads(result.stdout) if r["area"] == "England")
    assert (row["filled"], row["approved"]) == (53205, 87120)
    assert row["utilisation"] == pytest.approx(100 * 53205 / 87120)


def test_the_quirky_labels_are_known(repo: Repository, regions: dict[str, str]) -> None:
    """'+' glued to two labels, '...31 March""' quoted, 'Total approved carers ' with a
    space, and the stray 'X,2150' row inside a block fostlog does not import."""
    table = ofsted.read_table(OFSTED_2017.read_text(encoding="utf-8"),
                              ofsted.LAYOUT_2017_18, regions, Problems("x"))
    assert table is not None
    blocks = {r.line: (r.block.name if r.block else None) for r in table.rows}
    assert blocks[46] == "Placements"  # X,2150: not imported, not checked
    assert blocks[81] == blocks[92] == "Recruitment and Retention"
    assert (blocks[57], blocks[75], blocks[95]) == (
        "Fostering households", "Places", "Allegations and complaints")
    # "Not known" and "Reason unknown" are rows of several blocks.
    assert {blocks[9], blocks[53], blocks[69]} == {
        "Children and young people", "Foster carers", "Fostering households"}


# --- the funnel: the stages the year has --------------------------------------------------


def test_the_2017_18_funnel_has_no_applications_stage(repo: Repository,
                                                      regions: dict[str, str]) -> None:
    year = run_import(repo, regions).benchmark
    assert year is not None
    assert [s.key for s in year.stages] == ["enquiries", "approvals"]
    assert [r.key for r in year.ratios] == ["enquiry_to_approval"]  # none over applications
    assert "no count of applications received" in (year.note or "")
    said = year.stages[1].note or ""
    assert "Row 'Number of applications approved'" in said
    assert "Total applications concluded or in progress" in said
    # The counts are the file's rows 79 and 80, read here on their own.
    rows = list(csv.reader(io.StringIO(OFSTED_2017.read_text(encoding="utf-8"))))
    enquiries, approvals = rows[78], rows[79]
    assert (enquiries[0], approvals[0]) == (ofsted._ENQUIRIES, "Number of applications approved")

    def counts(name: str) -> dict[str, int | None]:
        column = [c.strip() for c in rows[0]].index(name)
        return {key: None if row[column] == ".." else int(row[column])
                for key, row in (("enquiries", enquiries), ("approvals", approvals))}

    kent = next(r for r in year.authorities if r.authority == "kent")
    assert kent.counts == counts("Kent") == {"enquiries": 605, "approvals": 50}
    assert [(a.name, a.counts) for a in year.comparators] == [
        ("England", counts("England")), ("South East", counts("South East"))]
    assert all(a.counts == counts(a.name) for a in year.others)
    assert len(year.others) == 152 - 19


def test_the_bundled_benchmark_years_share_a_ratio() -> None:
    repo = load_repository(DATA)[0]
    years = {b.key: b for b in repo.benchmarks if b.series == "ofsted"}
    assert set(years) == {"ofsted-2017-18", "ofsted-2018-19"}
    assert "applications" not in {s.key for s in years["ofsted-2017-18"].stages}
    shared = {r.key for r in years["ofsted-2017-18"].ratios} & {
        r.key for r in years["ofsted-2018-19"].ratios}
    assert shared == {"enquiry_to_approval"}


# --- DfE numbers, both years ---------------------------------------------------------------


@pytest.mark.parametrize("path", list(YEARS), ids=lambda p: YEARS[p])
def test_every_la_column_has_a_dfe_number_but_the_tri_borough(
        repo: Repository, regions: dict[str, str], path: Path) -> None:
    result = run_import(repo, regions, year=YEARS[path], path=path)
    assert result.capacity is not None and result.benchmark is not None
    assert not [d for d in result.diagnostics if d.rule == rules.OFSTED_DFE_NUMBER.id]
    las = [a for a in result.capacity.areas if a.level is AreaLevel.la]
    assert len(las) == 152 and all(a.dfe_number is not None for a in las)
    assert len({a.dfe_number for a in las}) == 152
    assert [a.dfe_number for a in result.capacity.areas
            if a.level is not AreaLevel.la] == [None] * 13  # England, regions, the Tri-borough
    # The registry's LAs by authorities.yaml; the funnel's others by DfE's list.
    kent = next(a for a in las if a.authority == "kent")
    assert kent.dfe_number == repo.authorities["kent"].dfe_number == 886
    others = {a.name: a.dfe_number for a in result.benchmark.others}
    assert others["Camden"] == 202 and None not in others.values()
    # Dorset is DfE's 835 until 31 March 2019 (838 after): the year's end decides.
    assert others["Dorset"] == 835


def test_the_spellings_ofsted_and_dfe_differ_on(repo: Repository,
                                                regions: dict[str, str]) -> None:
    """The LA columns of the 2018-19 file found through DFE_SPELLINGS, each by DfE's name."""
    result = run_import(repo, regions, year="2018-19", path=OFSTED_2018)
    assert result.benchmark is not None
    others = {a.name: a.dfe_number for a in result.benchmark.others}
    assert {name: others[name] for name in ofsted.DFE_SPELLINGS} == {
        "Bedford Borough": 822,  # Bedford
        "Bristol": 801,  # Bristol, City of
        "Durham": 840,  # County Durham
        "Herefordshire": 884,  # Herefordshire, County of
        "Kingston Upon Hull": 810,  # Kingston upon Hull, City of
    }
    entries = reference.la_list() or []
    for number, name in ((822, "Bedford"), (801, "Bristol, City of"), (840, "County Durham"),
                         (884, "Herefordshire, County of"),
                         (810, "Kingston upon Hull, City of")):
        assert name in {e.name for e in reference.entries_for(entries, number)}


def test_an_la_column_dfe_does_not_know_is_a_warning_not_a_guess(
        repo: Repository, regions: dict[str, str]) -> None:
    result = run_import(repo, regions, damaged(b",Camden,", b",Camdenn,"))
    assert result.ok and result.benchmark is not None
    [warning] = [d for d in result.diagnostics if d.rule == rules.OFSTED_DFE_NUMBER.id]
    assert (warning.line, warning.column) == (1, 95) and "'Camdenn'" in warning.message
    camden = next(a for a in result.benchmark.others if a.name == "Camdenn")
    assert camden.dfe_number is None


# --- damaged copies ------------------------------------------------------------------------


def test_an_unknown_label_in_the_places_block_is_reported(
        repo: Repository, regions: dict[str, str]) -> None:
    result = run_import(repo, regions, damaged(b"Number of vacant places",
                                               b"Number of spare places"))
    assert not result.ok and result.capacity is None
    found = [(d.rule, d.line, d.column) for d in result.diagnostics if d.is_error]
    assert (rules.OFSTED_LABEL.id, 77, 1) in found
    label = next(d for d in result.diagnostics if d.rule == rules.OFSTED_LABEL.id)
    assert "'Number of spare places'" in label.message and "'Places'" in label.message
    assert "2017-18" in label.message
    # ... so the vacant places have no row, said at the places block.
    assert (rules.OFSTED_MISSING_ROW.id, 75, 1) in found


def test_a_label_of_another_block_is_not_taken_for_a_row_of_this_one(
        repo: Repository, regions: dict[str, str]) -> None:
    """'Not known' is a row of the households block; in the recruitment block it is no
    row the importer knows, and a block's opening label seen again opens nothing."""
    data = damaged(b"Number of applications withdrawn by services+",
                   b"Not known").replace(
        b"Number of family and friends households approved in year",
        b"Number of approved foster places", 1)
    result = run_import(repo, regions, data)
    assert not result.ok
    found = {(d.line, d.column): d for d in result.diagnostics
             if d.rule == rules.OFSTED_LABEL.id}
    assert set(found) == {(82, 1), (86, 1)}
    assert "'Not known'" in found[82, 1].message
    assert "Recruitment and Retention" in found[82, 1].message
    # The places block opened at row 75; its opening label later is a row of the block
    # it is in, unknown there, not the places block again.
    assert "'Number of approved foster places'" in found[86, 1].message
    assert "Recruitment and Retention" in found[86, 1].message


def test_a_wrong_year_is_refused(repo: Repository, regions: dict[str, str]) -> None:
    result = run_import(repo, regions, year="2018-19")
    [problem] = [d for d in result.diagnostics if d.is_error]
    assert (problem.rule, problem.line, problem.column) == (rules.OFSTED_YEAR.id, 1, 1)
    assert "2017-18, 2017 to 2018" in problem.message and "2018-19" in problem.message
    assert result.capacity is None


def test_a_byte_that_is_not_utf8_is_named_with_its_line(
        repo: Repository, regions: dict[str, str]) -> None:
    result = run_import(repo, regions, damaged(b"Number of filled places",
                                               b"Number of filled places\xe9"))
    [problem] = result.diagnostics
    assert (problem.rule, problem.line) == (rules.OFSTED_ENCODING.id, 76)
    assert "0xe9 is not UTF-8" in problem.message


def test_a_figure_that_is_not_a_number_is_named(repo: Repository,
                                                regions: dict[str, str]) -> None:
    rows = list(csv.reader(io.StringIO(OFSTED_2017.read_text(encoding="utf-8"))))
    column = rows[0].index("Kent")
    assert rows[74][0] == "Number of approved foster places"
    rows[74][column] = "1,38O"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    result = run_import(repo, regions, out.getvalue().encode("utf-8"))
    [problem] = [d for d in result.diagnostics if d.is_error]
    assert (problem.rule, problem.line, problem.column) == (
        rules.OFSTED_VALUE.id, 75, column + 1)
