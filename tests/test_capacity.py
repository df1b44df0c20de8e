"""`fostlog capacity` and the capacity file kind: the query on the bundled Ofsted year (the
issue's "done when" figures), ranks and bands, unknowns, --authority, --compare, every
format; the lint rules of LA codes and capacity files, with file and line."""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conftest import DATA, MiniRepo
from fostlog import domain, reference
from fostlog.core.kinds import BY_NAME
from fostlog.core.models import Better, CapacityArea, CapacityMeasure
from fostlog.files.load import load_repository

runner = CliRunner()


def invoke(*args: str):  # type: ignore[no-untyped-def]
    from fostlog.cli import app

    return runner.invoke(app, list(args), env={"NO_COLOR": "1"})


def as_json(*args: str) -> list[dict[str, object]]:
    result = invoke(*args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    found: list[dict[str, object]] = json.loads(result.stdout)
    return found


# A second year, made from the real one: every LA's filled places 10 up, Kent's approved
# suppressed. Only for --compare and --authority across years.
def second_year(root: Path) -> Path:
    text = (root / "capacity" / "ofsted-2018-19.yaml").read_text(encoding="utf-8")
    text = text.replace("year: 2018-19", "year: 2019-20").replace("2019-03-31", "2020-03-31")
    text = text.replace("{approved: 1380,", "{approved: null,").replace(
        "  urn: SC062007\n", "  urn: SC062007\n  unknown: {approved: suppressed}\n")
    text = text.replace("  parts_gap: 15\n", "", 1)  # Kent's: unknown now
    lines = []
    for line in text.splitlines(keepends=True):
        if "filled: " in line and "  values:" in line:
            head, rest = line.split("filled: ", 1)
            number, tail = rest.split(",", 1)
            if number != "null":
                line = f"{head}filled: {int(number) + 10},{tail}"
        lines.append(line)
    path = root / "capacity" / "ofsted-2019-20.yaml"
    path.write_text("".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def two_years(tmp_path: Path) -> Path:
    """The data with 2018-19 and the made-up 2019-20 as its only capacity years."""
    root = tmp_path / "data"
    shutil.copytree(DATA, root)
    for path in (root / "capacity").glob("*.yaml"):
        if path.name != "ofsted-2018-19.yaml":
            path.unlink()
    second_year(root)
    return root


# --- done when ---------------------------------------------------------------------------------


def test_south_east_and_england_as_the_issue_gives_them() -> None:
    rows = as_json("capacity", "2018-19")
    by_area = {row["area"]: row for row in rows}
    south_east = by_area["South East"]
    assert (south_east["approved"], south_east["filled"]) == (7565, 4985)
    assert round(south_east["utilisation"], 1) == 65.9  # type: ignore[call-overload]
    assert round(by_area["England"]["utilisation"], 1) == 62.1  # type: ignore[call-overload]
    las = [row for row in rows if row["level"] == "la"]
    assert len(las) == 19
    by_utilisation = sorted(las, key=lambda row: row["utilisation"])  # type: ignore[arg-type,return-value]
    assert (by_utilisation[0]["area"], by_utilisation[-1]["area"]) == ("Reading", "Hampshire")


def test_the_region_and_england_come_last_unranked() -> None:
    rows = as_json("capacity", "ofsted-2018-19")
    assert [row["area"] for row in rows[-2:]] == ["South East", "England"]
    assert all(row["rank_region"] is None and row["band"] is None for row in rows[-2:])
    assert [row["authority"] for row in rows[-2:]] == [None, None]


def test_sort_ranks_among_the_region_and_all_las_with_bands() -> None:
    rows = as_json("capacity", "2018-19", "--sort", "utilisation")
    las = [row for row in rows if row["level"] == "la"]
    assert [row["area"] for row in las[:2]] == ["Hampshire", "Windsor and Maidenhead"]
    assert [row["rank_region"] for row in las] == list(range(1, 20))
    hampshire, reading = las[0], las[-1]
    # Among the 145 of England's 152 LAs with figures (7 suppressed).
    assert (hampshire["rank_all"], hampshire["band"]) == (24, "A")
    assert (reading["area"], reading["rank_all"], reading["band"]) == ("Reading", 142, "D")


def test_a_share_sorts_by_its_declared_direction() -> None:
    rows = as_json("capacity", "2018-19", "--sort", "vacant_share")
    assert rows[0]["area"] == "East Sussex"  # lower is better: 35 of 565
    flipped = as_json("capacity", "2018-19", "--sort", "vacant_share", "--descending")
    assert flipped[0]["area"] == "Reading"  # 75 of 165


# --- ranks, bands and unknowns ------------------------------------------------------------------


def test_ties_share_the_better_rank_and_unknowns_have_none() -> None:
    ranks = domain.competition_ranks({"a": 70.0, "b": 75.0, "c": 70.0, "d": None, "e": 60.0},
                                      descending=True)
    assert ranks == {"b": 1, "a": 2, "c": 2, "e": 4}
    assert domain.competition_ranks({"a": 1.0, "b": 2.0}, descending=False) == {"a": 1, "b": 2}


def test_a_count_has_no_polarity_so_no_rank_or_band() -> None:
    """Places approved says how big a service is, not how well it does: sorted largest
    first, unranked, unbanded, and the note says why."""
    rows = as_json("capacity", "2018-19", "--sort", "approved")
    las = [row for row in rows if row["level"] == "la"]
    assert las[0]["area"] == "Kent"  # 1,380 places, the most
    assert all(row["rank_all"] is None and row["rank_region"] is None and row["band"] is None
               and row["quartile_50"] is None for row in las)
    note = invoke("capacity", "2018-19", "--sort", "approved", "--format", "markdown").stdout
    assert "Approved has no better way" in note and "no rank or band" in note


def test_the_funnel_and_capacity_rank_and_band_by_one_rule() -> None:
    """The benchmark's bands (and export/sqlite.py's) and capacity's are domain's: LAIT's
    ranks and bands by value. The group's own table is banded among its own LAs."""
    funnel = json.loads(invoke("benchmark", "2020-21", "--sort", "conversion",
                               "--format", "json").stdout)
    las = [row for row in funnel if row["rank"] is not None]
    values = {row["authority"]: row["conversion"] for row in las}
    ranks = domain.competition_ranks(values, descending=True)
    points = domain.quartile_points(values.values())
    assert points is not None
    assert [(row["rank"], row["band"]) for row in las] == [
        (ranks[row["authority"]], domain.lait_band(values[row["authority"]], points,
                                                   Better.higher)) for row in las]
    assert {(row["quartile_25"], row["quartile_50"], row["quartile_75"]) for row in las} == {
        (points.lower, points.median, points.upper)}
    # 17 LAs: the points fall on the 5th, 9th and 13th best, each in the band below.
    assert [row["band"] for row in las].count("A") == 4


def test_no_share_is_computed_over_a_suppressed_figure(two_years: Path) -> None:
    rows = as_json("capacity", "2019-20", "--data", str(two_years))
    kent = next(row for row in rows if row["area"] == "Kent")
    assert kent["approved"] is None and kent["unknown"] == {"approved": "suppressed"}
    assert kent["utilisation"] is None and kent["vacant_share"] is None
    assert kent["rank_region"] is None and kent["band"] is None
    assert "approved suppressed" in kent["flags"]  # type: ignore[operator]
    table = invoke("capacity", "2019-20", "--data", str(two_years)).stdout
    kent_line = next(line for line in table.splitlines() if line.startswith("Kent"))
    assert "n/a" in kent_line and "0.0%" not in kent_line
    assert kent_line.split()[1] == "suppressed"  # approved; unranked, so no rank or band


def test_parts_gap_beyond_rounding() -> None:
    def area(approved: int | None, filled: int, vacant: int, unavailable: int) -> CapacityArea:
        return CapacityArea(level="la", name="X", values={
            CapacityMeasure.approved: approved, CapacityMeasure.filled: filled,
            CapacityMeasure.vacant: vacant, CapacityMeasure.not_available: unavailable})

    assert area(7565, 4985, 1070, 1395).gap_beyond_rounding(5) == 115
    assert area(100, 60, 20, 10).gap_beyond_rounding(5) is None  # 10: rounding explains it
    assert area(100, 60, 20, 10).gap_beyond_rounding(None) == 10  # exact counts
    assert area(985, 750, 125, 130).gap_beyond_rounding(5) == -20
    assert area(None, 1, 1, 1).gap_beyond_rounding(5) is None


# --- --authority, --compare, years ---------------------------------------------------------------


def test_one_la_beside_the_region_and_england_in_every_year(two_years: Path) -> None:
    rows = as_json("capacity", "--authority", "W Sussex", "--data", str(two_years))
    assert [(row["key"], row["area"]) for row in rows] == [
        (key, area) for key in ("ofsted-2018-19", "ofsted-2019-20")
        for area in ("West Sussex", "Statistical neighbours", "South East", "England")]
    assert rows[0]["filled"] == 310 and rows[4]["filled"] == 320
    one = as_json("capacity", "2019-20", "--authority", "Kent", "--data", str(two_years))
    assert [row["key"] for row in one] == ["ofsted-2019-20"] * 4


def test_compare_gives_each_measures_change(two_years: Path) -> None:
    rows = as_json("capacity", "2019-20", "--compare", "2018-19", "--data", str(two_years))
    change = {(row["area"], row["measure"]): row["change"] for row in rows}
    assert change[("West Sussex", "filled")] == 10
    assert change[("Kent", "utilisation")] is None  # approved suppressed in 2019-20
    assert change[("Reading", "utilisation")] == pytest.approx(100 * 90 / 165 - 100 * 80 / 165)
    best = as_json("capacity", "2019-20", "--compare", "2018-19", "--sort", "utilisation",
                   "--data", str(two_years))
    assert {row["measure"] for row in best} == {"utilisation"}
    assert best[0]["area"] == "Windsor and Maidenhead"  # 10 more of only 80 places
    assert best[-1]["change"] is None


def test_years_are_listed_and_named_by_key_or_year(two_years: Path) -> None:
    listed = as_json("capacity", "--data", str(two_years))
    assert [row["key"] for row in listed] == ["ofsted-2018-19", "ofsted-2019-20"]
    repo = load_repository(two_years)[0]
    assert [c.key for c in repo.capacity_years("2019-20")] == ["ofsted-2019-20"]
    assert [c.key for c in repo.capacity_years("ofsted-2018-19")] == ["ofsted-2018-19"]


def test_a_year_is_found_typed_with_a_slash_or_in_capitals() -> None:
    for typed in ("2018/19", "OFSTED-2018-19", " 2018-19 "):
        result = invoke("capacity", typed, "--format", "json")
        assert result.exit_code == 0, result.stderr
        assert json.loads(result.stdout)[0]["area"] == "Bracknell Forest"


def test_a_year_two_sources_hold_must_be_named_by_key(two_years: Path) -> None:
    path = two_years / "capacity" / "group-2019-20.yaml"
    path.write_text((two_years / "capacity" / "ofsted-2019-20.yaml").read_text(
        encoding="utf-8").replace("series: ofsted", "series: group"), encoding="utf-8")
    result = invoke("capacity", "2019-20", "--data", str(two_years))
    assert result.exit_code == 2
    assert ("several sources have a capacity year 2019-20: give one of group-2019-20, "
            "ofsted-2019-20.") in result.stderr


@pytest.mark.parametrize("args, words", [
    (("capacity", "2016-17"), "there is no capacity year 2016-17 in the data."),
    (("capacity", "2016-17"), "ofsted-2018-19. 'fostlog capacity' lists"),
    # as benchmark says it (cli/common.year_value): the closest key, and which option
    (("capacity", "ofsted-2018-91"), "Did you mean ofsted-2018-19?"),
    (("capacity", "2018-19", "--compare", "2016-17"), "--compare: there is no capacity year"),
    (("capacity", "2018-19", "--sort", "fullness"), "not a measure"),
    (("capacity", "2018-19", "--compare", "2018-19", "--authority", "Kent"),
     "--compare does not go with --authority"),
    (("capacity", "--compare", "2018-19"), "give a YEAR"),
    (("capacity", "--authority", "Kentt"), "Did you mean Kent"),
])
def test_bad_usage_is_explained(args: tuple[str, ...], words: str) -> None:
    result = invoke(*args)
    assert result.exit_code == 2, result.stdout
    assert words in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("output_format", ["table", "markdown", "csv", "json"])
def test_every_format(output_format: str) -> None:
    result = invoke("capacity", "2018-19", "--format", output_format)
    assert result.exit_code == 0, result.stderr
    if output_format == "csv":
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert rows[-2]["area"] == "South East" and rows[-2]["utilisation"] == "65.9%"
        assert list(rows[0])[:3] == ["area", "authority", "level"]
    elif output_format in ("table", "markdown"):
        assert "65.9%" in result.stdout and "7,565" in result.stdout
        assert "parts short by 115" in result.stdout
        assert "never 0" in result.stdout  # the note under the table


def test_help_has_examples() -> None:
    result = invoke("capacity", "--help")
    assert result.exit_code == 0
    assert "Examples" in result.stdout and "fostlog capacity 2018-19 --sort" in result.stdout


def test_cli_registration_keeps_pydantic_out_of_help() -> None:
    import subprocess
    import sys

    code = ("import sys; from fostlog.cli import app; "
            "assert 'pydantic' not in sys.modules, sorted(m for m in sys.modules "
            "if m.startswith('fostlog'))")
    subprocess.run([sys.executable, "-c", code], check=True)


# --- the file kinds -----------------------------------------------------------------------------


def test_files_are_named_by_source_and_year() -> None:
    repo = load_repository(DATA)[0]
    assert [BY_NAME["capacity"].expected_stem(c) for c in repo.capacity] == [
        c.key for c in repo.capacity]
    assert "ofsted-2018-19" in [c.key for c in repo.capacity]
    assert [b.key for b in repo.benchmarks][0] == "2020-21"
    assert repo.benchmark("ofsted-2018-19") is next(
        b for b in repo.benchmarks if b.key == "ofsted-2018-19")
    assert repo.benchmark("2020-21") is repo.benchmarks[0]
    # A year only one source holds is found by the year alone; two would need the key.
    assert repo.benchmark("2018-19") is repo.benchmark("ofsted-2018-19")
    assert repo.benchmark("ofsted-2020-21") is None


def test_the_bundled_data_lints_clean() -> None:
    result = invoke("lint", str(DATA))
    assert result.exit_code == 0, result.stdout
    assert "authority-codes" not in result.stdout and "capacity" not in result.stdout


# --- lint: LA codes ------------------------------------------------------------------------

SURREY = """\
  - id: surrey
    name: Surrey
    dfe_number: 936
    gss_codes:
      - {code: E10000030, since: 2009-01-01}
    region: E12000008
"""


def test_codes_as_dfe_gives_them_are_clean(mini: MiniRepo) -> None:
    mini.edit("authorities.yaml", "  - id: surrey\n    name: Surrey\n", SURREY)
    assert [d for d in mini.lint() if d.rule == "authority-codes"] == []


@pytest.mark.parametrize("change, where, words", [
    (("E10000030", "E10000031"), "gss_codes", "but DfE's list gives 936 E10000030 (since "
     "2009-01-01)"),
    (("since: 2009-01-01}", "since: 2010-01-01}"), "gss_codes", "E10000030 (since "
     "2010-01-01)"),
    (("region: E12000008", "region: E12000009"), "region", "puts it in E12000008"),
    (("dfe_number: 936", "dfe_number: 886"), "dfe_number", "gives 886 to Kent"),
    (("dfe_number: 936", "dfe_number: 999"), "dfe_number", "has no LA numbered 999"),
])
def test_codes_that_disagree_with_dfe_are_errors(
        mini: MiniRepo, change: tuple[str, str], where: str, words: str) -> None:
    start = mini.edit("authorities.yaml", "  - id: surrey\n    name: Surrey\n", SURREY)
    mini.edit("authorities.yaml", *change)
    [found] = mini.only("authority-codes")
    assert found.is_error and words in found.message, found.message
    lines = SURREY.splitlines()
    offset = next(i for i, line in enumerate(lines) if line.strip().startswith(where))
    assert found.line == start + offset


def test_buckinghamshires_two_codes_in_the_bundled_data() -> None:
    repo = load_repository(DATA)[0]
    bucks = repo.authorities["buckinghamshire"]
    assert bucks.dfe_number == 825
    assert [(c.code, c.until and c.until.isoformat()) for c in bucks.gss_codes] == [
        ("E10000002", "2020-03-31"), ("E06000060", None)]
    assert all(a.region == "E12000008" for a in repo.authorities.values())
    assert all(a.dfe_number and a.ofsted_urn for a in repo.authorities.values())


def test_a_missing_reference_list_is_said_not_hidden(
        mini: MiniRepo, monkeypatch: pytest.MonkeyPatch) -> None:
    mini.edit("authorities.yaml", "  - id: surrey\n    name: Surrey\n", SURREY)
    monkeypatch.setattr(reference, "la_list", lambda: None)
    [found] = mini.only("reference-missing")
    assert not found.is_error and "not checked" in found.message


# --- lint: capacity files ----------------------------------------------------------------------

CAPACITY = """\
series: ofsted
year: 2018-19
source: Ofsted
rounding: 5
measures:
  - {key: approved, label: Approved places}
  - {key: filled, label: Filled places}
  - {key: vacant, label: Vacant places}
  - {key: not_available, label: Places not available}
areas:
  - level: region
    name: South East
    code: E12000008
    values: {approved: 7565, filled: 4985, vacant: 1070, not_available: 1395}
    parts_gap: 115
  - level: la
    name: Kent
    authority: kent
    values: {approved: 100, filled: 60, vacant: 20, not_available: 20}
"""


@pytest.fixture
def capacity_file(mini: MiniRepo) -> Callable[[str], MiniRepo]:
    def write(text: str) -> MiniRepo:
        mini.write("capacity/ofsted-2018-19.yaml", text)
        return mini

    return write


def test_a_capacity_file_with_its_gap_recorded_is_clean(
        capacity_file: Callable[[str], MiniRepo]) -> None:
    assert capacity_file(CAPACITY).lint() == []


@pytest.mark.parametrize("change, rule, line, words", [
    (("    parts_gap: 115\n", ""), "capacity-parts-gap", 14,
     "come to +115 places from places approved"),
    (("parts_gap: 115", "parts_gap: 100"), "capacity-parts-gap", 15, "parts_gap says 100"),
    (("filled: 60", "filled: null"), "unknown-reason", 19, "filled is null, with no reason"),
    (("authority: kent", "authority: kentt"), "unknown-authority", 18, "'kentt' is not an LA"),
    (("{approved: 100,", "{respite: 5, approved: 100,"), "unknown-measure", 19,
     "'respite' is not one of this file's measures"),
    (("    values: {approved: 100, filled: 60, vacant: 20, not_available: 20}\n",
      "    values: {approved: 100, filled: 60, vacant: 20, not_available: 20}\n"
      "    unknown: {vacant: suppressed}\n"), "unknown-reason", 20, "but a figure (20)"),
])
def test_capacity_rules_point_at_the_line(
        capacity_file: Callable[[str], MiniRepo], change: tuple[str, str], rule: str,
        line: int, words: str) -> None:
    mini = capacity_file(CAPACITY.replace(*change))
    [found] = mini.only(rule)
    assert found.file.endswith("capacity/ofsted-2018-19.yaml")
    assert (found.line, words in found.message) == (line, True), found


def test_an_area_twice_is_an_error(capacity_file: Callable[[str], MiniRepo]) -> None:
    kent = CAPACITY[CAPACITY.index("  - level: la"):]
    [found] = capacity_file(CAPACITY + kent).only("duplicate-area")
    assert found.line == 20 and "first as area 2" in found.message


def test_a_capacity_file_named_otherwise_is_an_error(mini: MiniRepo) -> None:
    mini.write("capacity/ofsted-2019-20.yaml", CAPACITY)
    [found] = mini.only("capacity-filename")
    assert "ofsted-2018-19" in found.message


def test_a_reason_beside_a_benchmark_count_is_an_error(mini: MiniRepo) -> None:
    text = (mini.root / "benchmarks/2020-21.yaml").read_text(encoding="utf-8")
    first_counts = text.index("counts:")
    end = text.index("\n", first_counts)
    indent = text[text.rindex("\n", 0, first_counts) + 1:first_counts]
    mini.write("benchmarks/2020-21.yaml",
               text[:end + 1] + f"{indent}unknown: {{enquiries: suppressed}}\n"
               + text[end + 1:])
    [found] = mini.only("unknown-reason")
    assert "has a reason for being unknown, but a count" in found.message
