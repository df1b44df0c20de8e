"""`fostlog benchmark` over more than the group's own table: Ofsted's funnel year
(benchmarks/ofsted-2018-19.yaml) by its key, with the South East and England as Ofsted
publishes them, a suppressed count shown as such, one LA across every year and source
held, and the refusals that keep two sources' figures from being compared as one."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from conftest import DATA
from fostlog.files.load import load_repository
from fostlog.queries import benchmark as queries

runner = CliRunner()
OFSTED_YEAR = "benchmarks/ofsted-2018-19.yaml"


def invoke(*args: str, columns: int | None = None):  # type: ignore[no-untyped-def]
    from fostlog.cli import app

    env = {"NO_COLOR": "1", "FOSTLOG_DATA": str(DATA),
           "COLUMNS": str(columns) if columns else None}
    return runner.invoke(app, list(args), env=env)


def as_json(*args: str) -> Any:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def percent(numerator: int, denominator: int) -> float:
    return float(Fraction(numerator, denominator) * 100)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    return root


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- Ofsted's year by its key --------------------------------------------------------------


def test_ofsteds_year_sorts_by_conversion_like_the_groups() -> None:
    rows = as_json("benchmark", "ofsted-2018-19", "--sort", "conversion")
    las = [row for row in rows if row["rank"] is not None]
    assert len(las) == 19
    assert [(row["authority"], row["rank"]) for row in las[:3]] == [
        ("East Sussex", 1), ("West Sussex", 2), ("Kent", 3)]
    assert las[0]["conversion"] == percent(260, 265)
    assert las[-1]["authority"] == "Milton Keynes"
    conversions = [row["conversion"] for row in las]
    assert conversions == sorted(conversions, reverse=True)
    year = load_repository(DATA)[0].benchmark("ofsted-2018-19")
    assert year is not None
    if year.others:  # imported with every LA: banded nationally (tested below)
        assert all(row["band"] in tuple("ABCD") for row in las)
    else:  # the region's LAs only: ranked in the region, no band, and the note says why
        assert all(row["band"] is None for row in las)
        table = invoke("benchmark", "ofsted-2018-19", "--sort", "conversion").stdout
        assert "No band: this year holds only the region's LAs" in table


# Three other LAs in England, as a year imported whole would hold them (with the region's
# 19, 22 LAs): Kent's 36.4% conversion ties one of them.
OTHERS = """others:
- level: la
  name: Darlington
  counts: {enquiries: 100, applications: 50, approvals: 5}
- level: la
  name: Durham
  counts: {enquiries: 590, applications: 215, approvals: 10}
- level: la
  name: Gateshead
  counts: {enquiries: 200, applications: null, approvals: 5}
  unknown: {applications: suppressed}
"""


def test_a_year_with_every_la_ranks_and_bands_nationally(data_copy: Path) -> None:
    """LAIT's rules over all LAs with a value (the region's and the others), the rank in
    the region kept beside; an other LA with no value is left out of both."""
    import re
    import statistics

    from fostlog.domain import BANDS

    path = data_copy / OFSTED_YEAR
    text = re.sub(r"^others:\n(?:[ -].*\n)*", "", path.read_text(encoding="utf-8"), flags=re.M)
    path.write_text(text + OTHERS, encoding="utf-8")
    rows = as_json("benchmark", "ofsted-2018-19", "--sort", "conversion", "--data",
                   str(data_copy))
    las = [row for row in rows if row["rank"] is not None]
    # As fostlog holds each value (the float of the exact percentage), so ties are ties.
    values = [Fraction(row["conversion"]) for row in las] + [
        Fraction(percent(50, 100)), Fraction(percent(215, 590))]
    assert len(values) == 21  # Gateshead's is unknown
    q1, q2, q3 = statistics.quantiles(values, n=4, method="inclusive")

    def band(value: Fraction) -> str:
        return BANDS[3 - sum(value > q for q in (q1, q2, q3))]

    for row in las:
        value = Fraction(row["conversion"])
        assert row["rank_all"] == 1 + sum(v > value for v in values), row["authority"]
        assert row["band"] == band(value), row["authority"]
        assert (row["quartile_25"], row["quartile_50"], row["quartile_75"]) == \
            pytest.approx((float(q1), float(q2), float(q3)))
    assert [row["rank"] for row in las] == [1, 2, 3] + [row["rank"] for row in las][3:]
    kent = next(row for row in las if row["authority"] == "Kent")
    assert (kent["rank"], kent["rank_all"]) == (3, 4)  # behind Darlington's 50%; ties Durham
    table = invoke("benchmark", "ofsted-2018-19", "--sort", "conversion", "--data",
                   str(data_copy), columns=100).stdout
    assert "Rank (region)" in table and "Rank (all LAs)" in table
    assert "all 21 LAs in England with a value" in " ".join(table.split())


def test_compare_with_a_year_without_a_stage_says_not_comparable(data_copy: Path) -> None:
    """A year that does not count applications (Ofsted's 2017-18) has no conversion or
    approval rate: those ratios read "not comparable", never 0, and nothing fails."""
    import re

    text = (data_copy / OFSTED_YEAR).read_text(encoding="utf-8")
    text = text.replace("year: 2018-19", "year: 2017-18")
    # No applications stage, so neither ratio (both are over applications).
    text = re.sub(r"- key: applications\n.*?(?=- key: approvals)", "", text, flags=re.S)
    text = re.sub(r"\nratios:\n.*?\nauthorities:", "\nratios: []\nauthorities:", text,
                  flags=re.S)
    text = re.sub(r"applications: (\d+|null), ", "", text)
    (data_copy / "benchmarks" / "ofsted-2017-18.yaml").write_text(text, encoding="utf-8")
    assert invoke("lint", str(data_copy)).exit_code == 0
    result = invoke("benchmark", "ofsted-2018-19", "--compare", "ofsted-2017-18",
                    "--data", str(data_copy), columns=80)
    assert result.exit_code == 0, result.stderr
    kent = next(line for line in result.stdout.splitlines()
                if line.startswith("Kent") and "conversion" in line)
    assert kent.split()[-3:] == ["36%", "not", "comparable"], kent  # no change, never 0
    rows = as_json("benchmark", "ofsted-2018-19", "--compare", "ofsted-2017-18",
                   "--data", str(data_copy))
    conversion = [row for row in rows if row["ratio"] == "conversion"]
    assert len(conversion) == 19
    assert all(row["other_year"] is None and row["change_points"] is None
               and row["comparable"] is False for row in conversion)


def test_the_south_east_and_england_are_ofsteds_own_rows_under_the_las() -> None:
    rows = as_json("benchmark", "ofsted-2018-19", "--sort", "conversion")
    tail = {row["authority"]: row for row in rows[-3:]}
    assert list(tail) == ["Region median", "South East", "England"]
    south_east, england = tail["South East"], tail["England"]
    assert (south_east["enquiries"], south_east["applications"]) == (4615, 1030)
    assert south_east["conversion"] == percent(1030, 4615)
    assert england["approval_rate"] == percent(2415, 9740)
    assert south_east["rank"] is None and england["band"] is None  # beside, not ranked
    # The totals added up from the LAs' rounded counts are not shown beside Ofsted's own.
    assert "Region total" not in {row["authority"] for row in rows}
    table = invoke("benchmark", "ofsted-2018-19", "--sort", "conversion").stdout
    assert table.startswith("Benchmarking ofsted-2018-19, sorted by conversion\n")
    assert "rounded to the nearest 5" in table and "Ofsted, Fostering in England" in table


def test_a_year_only_one_source_holds_is_found_by_the_year_too() -> None:
    result = invoke("benchmark", "2018-19", "--sort", "conversion")
    assert result.exit_code == 0
    assert result.stdout.startswith("Benchmarking ofsted-2018-19, sorted by conversion")
    assert invoke("benchmark", "Ofsted-2018/19").exit_code == 0


def test_the_years_are_listed_by_key_and_source() -> None:
    rows = as_json("benchmark")
    listed = [(row["key"], row["year"], row["series"]) for row in rows]
    assert listed[0] == ("2020-21", "2020-21", "the group")
    assert ("ofsted-2018-19", "2018-19", "Ofsted") in listed  # and 2017-18's, once imported
    listed = invoke("benchmark", columns=80).stdout
    assert "ofsted-2018-19" in listed and max(len(line) for line in listed.splitlines()) <= 80


def test_a_year_two_sources_hold_must_be_named_by_key(data_copy: Path) -> None:
    ofsted = (data_copy / OFSTED_YEAR).read_text(encoding="utf-8")
    other = data_copy / "benchmarks" / "lga-2018-19.yaml"
    other.write_text(ofsted.replace("series: ofsted\n", "series: lga\n"), encoding="utf-8")
    result = invoke("benchmark", "2018-19", "--data", str(data_copy))
    assert result.exit_code == 2
    assert "give one of lga-2018-19, ofsted-2018-19" in result.stderr
    assert invoke("benchmark", "ofsted-2018-19", "--data", str(data_copy)).exit_code == 0
    # The group's own year is keyed by the year alone, so 2018-19 is then the group's.
    other.rename(data_copy / "benchmarks" / "2018-19.yaml")
    edit(data_copy, "benchmarks/2018-19.yaml", "series: lga\n", "")
    rows = as_json("benchmark", "--data", str(data_copy))
    assert {row["key"]: row["series"] for row in rows}["2018-19"] == "the group"
    title = invoke("benchmark", "2018-19", "--data", str(data_copy)).stdout.splitlines()[0]
    assert title == "Benchmarking 2018-19"


def test_an_unknown_year_suggests_a_key() -> None:
    result = invoke("benchmark", "ofsted-2018-91")
    assert result.exit_code == 2
    assert "Did you mean ofsted-2018-19?" in result.stderr
    assert "Years available: 2020-21, " in result.stderr and "ofsted-2018-19." in result.stderr
    compared = invoke("benchmark", "2020-21", "--compare", "2019-20")
    assert compared.exit_code == 2
    assert "--compare: there is no benchmarking year 2019-20" in compared.stderr


def test_benchmark_years_finds_by_key_first_then_by_financial_year(data_copy: Path) -> None:
    repo = load_repository(DATA)[0]
    assert [b.key for b in repo.benchmark_years("2018-19")] == ["ofsted-2018-19"]
    assert [b.key for b in repo.benchmark_years("ofsted-2018-19")] == [
        "ofsted-2018-19"]
    assert [b.key for b in repo.benchmark_years("2017-18")] in ([], ["ofsted-2017-18"])
    ofsted = (data_copy / OFSTED_YEAR).read_text(encoding="utf-8")
    (data_copy / "benchmarks" / "2018-19.yaml").write_text(
        ofsted.replace("series: ofsted\n", ""), encoding="utf-8")
    (data_copy / "benchmarks" / "lga-2018-19.yaml").write_text(
        ofsted.replace("series: ofsted\n", "series: lga\n"), encoding="utf-8")
    repo = load_repository(data_copy)[0]
    # the group's own year is keyed by the year alone: the key wins over the other sources
    assert [b.key for b in repo.benchmark_years("2018-19")] == ["2018-19"]
    assert getattr(repo.benchmark("2018-19"), "key", None) == "2018-19"
    (data_copy / "benchmarks" / "2018-19.yaml").unlink()
    repo = load_repository(data_copy)[0]
    assert [b.key for b in repo.benchmark_years("2018-19")] == [
        "lga-2018-19", "ofsted-2018-19"]
    assert repo.benchmark("2018-19") is None  # two sources: which one, the key must say
    assert getattr(repo.benchmark("lga-2018-19"), "key", None) == "lga-2018-19"


# --- a suppressed count ---------------------------------------------------------------------


@pytest.fixture
def kent_suppressed(data_copy: Path) -> Path:
    edit(data_copy, OFSTED_YEAR,
         "- authority: kent\n  counts: {enquiries: 590, applications: 215, approvals: 10}\n",
         "- authority: kent\n  counts: {enquiries: 590, applications: null, approvals: 10}\n"
         "  unknown: {applications: suppressed}\n")
    return data_copy


def test_a_suppressed_count_is_shown_as_suppressed_never_0(kent_suppressed: Path) -> None:
    data = ("--data", str(kent_suppressed))
    rows = as_json("benchmark", "ofsted-2018-19", "--sort", "conversion", *data)
    kent = next(row for row in rows if row["authority"] == "Kent")
    assert kent["applications"] is None and kent["unknown"] == {"applications": "suppressed"}
    assert kent["conversion"] is None and kent["approval_rate"] is None
    assert kent["rank"] is None and rows.index(kent) == 18  # unranked, after the LAs ranked
    table = invoke("benchmark", "ofsted-2018-19", "--wide", *data).stdout
    kent_line = next(line for line in table.splitlines() if line.startswith("Kent"))
    assert kent_line.split()[1:6] == ["590", "suppressed", "10", "n/a", "n/a"]
    csv_text = invoke("benchmark", "ofsted-2018-19", "--format", "csv", *data).stdout
    kent_csv = next(line for line in csv_text.splitlines() if line.startswith("Kent,"))
    assert kent_csv.startswith("Kent,590,,10,,,")  # conversion, approval rate: empty
    assert "applications suppressed" in kent_csv
    one = as_json("benchmark", "ofsted-2018-19", "--authority", "Kent", *data)
    applications = next(row for row in one if row["key"] == "applications")
    assert applications["value"] is None and applications["unknown"] == "suppressed"
    assert applications["region"] == 1030
    funnel = invoke("benchmark", "ofsted-2018-19", "--authority", "Kent", *data).stdout
    assert "suppressed" in next(line for line in funnel.splitlines()
                                if line.startswith("applications"))


# --- one LA beside the region and England, in every year and source held ---------------------


def test_one_la_in_every_year_and_source_labelled() -> None:
    rows = [row for row in as_json("benchmark", "--authority", "Kent")
            if row["year_key"] in ("ofsted-2018-19", "2020-21")]
    ofsted = sum(row["year_key"] == "ofsted-2018-19" for row in rows)  # 3 stages, its ratios
    assert [row["year_key"] for row in rows] == ["ofsted-2018-19"] * ofsted + ["2020-21"] * 11
    assert {row["year_key"]: row["source"] for row in rows} == {
        "ofsted-2018-19": "Ofsted", "2020-21": "the group"}
    ofsted_applications = rows[1]
    assert (ofsted_applications["key"], ofsted_applications["value"]) == ("applications", 215)
    assert (ofsted_applications["region"], ofsted_applications["england"]) == (1030, 9740)
    assert "Not necessarily the count the group's own table calls applications" in (
        ofsted_applications["definition"])
    group_applications = next(row for row in rows
                              if row["year_key"] == "2020-21" and row["key"] == "applications")
    assert group_applications["value"] == 234
    assert group_applications["region"] is None and group_applications["england"] is None
    group_conversion = rows[-1]
    assert group_conversion["key"] == "conversion"
    assert group_conversion["value"] == percent(234, 619)


def test_one_la_across_years_reads_at_80_columns_and_says_the_sources_differ() -> None:
    text = invoke("benchmark", "--authority", "Kent", columns=80).stdout
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "Ofsted" in text and "the group" in text
    assert "the group's 'applications' and Ofsted's may differ" in " ".join(text.split())
    # A source with no region row leaves its cell blank (not applicable), not n/a.
    group_line = next(line for line in text.splitlines() if line.startswith("2020-21"))
    assert "n/a" not in group_line


def test_an_la_missing_from_a_year_is_listed_in_the_years_that_have_it() -> None:
    rows = as_json("benchmark", "--authority", "Isle of Wight")
    assert "ofsted-2018-19" in {row["year_key"] for row in rows}
    assert "2020-21" not in {row["year_key"] for row in rows}
    result = invoke("benchmark", "2020-21", "--authority", "Isle of Wight")
    assert result.exit_code == 1 and "--authority LA' the years that have it" in result.stderr


def test_one_la_in_ofsteds_year_beside_ofsteds_south_east_and_england() -> None:
    rows = as_json("benchmark", "ofsted-2018-19", "--authority", "Kent")
    conversion = next(row for row in rows if row["key"] == "conversion")
    assert conversion["value"] == percent(215, 590)
    assert conversion["region"] == percent(1030, 4615)
    assert conversion["england"] == percent(9740, 127850)
    assert "region_pooled" not in conversion  # Ofsted's own South East row stands for it
    table = invoke("benchmark", "ofsted-2018-19", "--authority", "Kent").stdout
    assert "South East" in table.splitlines()[2] and "England" in table.splitlines()[2]
    alone = as_json("benchmark", "--authority", "Kent", "--no-region")
    # The statistical neighbours are not the region: --no-region keeps their columns.
    assert set(alone[0]) == {"year_key", "source", "key", "label", "value", "unknown",
                             "neighbours_mean", "neighbours_with_value", "neighbours",
                             "neighbour_set", "definition"}


@pytest.mark.parametrize("args, words", [
    (("benchmark", "ofsted-2018-19", "--compare", "2020-21"), "are from different sources"),
    (("benchmark", "--no-region"), "give a YEAR or --authority LA"),
    (("benchmark", "--authority", "Kent", "--sort", "conversion"), "give a YEAR"),
    (("benchmark", "ofsted-2018-19", "--sort", "visits"), "not a stage or ratio"),
])
def test_bad_usage_is_explained(args: tuple[str, ...], words: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr and "Traceback" not in result.stderr


def test_a_year_compared_with_itself_changes_nothing() -> None:
    rows = as_json("benchmark", "ofsted-2018-19", "--compare", "2018-19")
    assert rows and all(row["change_points"] in (0, None) for row in rows)


# --- the query ----------------------------------------------------------------------------


def test_summary_rows_are_the_sources_own_where_it_publishes_them() -> None:
    repo = load_repository(DATA)[0]
    ofsted = queries.benchmark_table(repo, "ofsted-2018-19")
    assert [r.name for r in queries.summary_rows(ofsted)] == [
        "Region median", "South East", "England"]
    group = queries.benchmark_table(repo, "2020-21")
    assert group.comparators == []
    assert [r.name for r in queries.summary_rows(group)] == [
        r.name for r in queries.region_rows(group)]
    year = repo.benchmark("ofsted-2018-19")
    assert year is not None and queries.series_name(year) == "Ofsted"
