"""Ranks, quartile points and bands as DfE's LA Interactive Tool (LAIT) works them out
(shared/data/README.md), computed here without fostlog's code from Ofsted's 2018-19 CSV
itself, and checked against `fostlog capacity` (the JSON a user gets, and the query) for
every one of the group's 19 LAs; and a constructed case with values exactly at each
quartile point, where LAIT puts a value in the band of lower values."""

from __future__ import annotations

import csv
import json
import statistics
from collections.abc import Sequence
from fractions import Fraction

import pytest
from typer.testing import CliRunner

from conftest import DATA, ROOT
from fostlog import domain
from fostlog.core.models import Better, CapacityYear
from fostlog.files.load import load_repository
from fostlog.queries.capacity import capacity_table

# Ofsted's file and DfE's regions as published: the shared originals where they are beside
# the checkout, else the byte-for-byte copies the repository keeps (reference/README.md
# gives their SHA-256), so the check never depends on where the tests run.
SHARED = ROOT.parent / "shared" / "data"
NAME_2018_19 = "Local_authority_level_fostering_data_2018_to_2019.csv"
CSV_2018_19 = next(p for p in (SHARED / "ofsted" / NAME_2018_19,
                               ROOT / "reference" / "ofsted" / NAME_2018_19) if p.exists())
REGIONS = next(p for p in (SHARED / "reference" / "regions.csv",
                           ROOT / "src" / "fostlog" / "reference" / "regions.csv")
               if p.exists())
BANDS = "ABCD"

# The measure, the row of its part, and which way is better (the places block's rows).
MEASURES = {
    "utilisation": ("Number of filled places", Better.higher),
    "vacant_share": ("Number of vacant places", Better.lower),
    "not_available_share": ("Number of places not available", Better.lower),
}


def lait_band(value: Fraction, points: Sequence[Fraction | float], better: Better) -> str:
    """LAIT's rule as the README gives it: where high is good above the 75% point A,
    above the median B, above the 25% point C, the rest D; where low is good, up to the
    25% point A, up to the median B, up to the 75% point C, the rest D."""
    q1, q2, q3 = points
    if better is Better.higher:
        return "A" if value > q3 else "B" if value > q2 else "C" if value > q1 else "D"
    return "A" if value <= q1 else "B" if value <= q2 else "C" if value <= q3 else "D"


def independent(measure: str) -> tuple[dict[str, Fraction | None], list[str]]:
    """Every LA's share of approved places from the CSV (None where a count is '..'), and
    the South East's LAs. An LA's column is one whose row-1 name is not England, a region
    or sub-region in DfE's list, nor the Tri-borough (a service for three LAs)."""
    with REGIONS.open(encoding="utf-8", newline="") as file:
        regions = {row["region_name"] for row in csv.DictReader(file)}
    with CSV_2018_19.open(encoding="cp1252", newline="") as file:
        rows = list(csv.reader(file))
    names = [name.strip() for name in rows[0]]
    not_las = regions | {"England", "London Tri-borough", ""}
    columns = {i: name for i, name in enumerate(names) if i >= 3 and name not in not_las}

    def row(label: str) -> list[str]:
        return next(r for r in rows if r[2].strip() == label)

    def count(cell: str) -> int | None:
        cell = cell.strip().replace(",", "")
        return None if cell == ".." else int(cell)

    approved = row("Number of approved foster places")
    part = row(MEASURES[measure][0])
    values: dict[str, Fraction | None] = {}
    for i, name in columns.items():
        whole, some = count(approved[i]), count(part[i])
        values[name] = None if whole is None or some is None or whole == 0 else (
            Fraction(some, whole) * 100)
    start = names.index("South East")
    end = next(i for i in range(start + 1, len(names)) if names[i] in regions)
    south_east = [names[i] for i in range(start + 1, end) if i in columns]
    return values, south_east


@pytest.mark.parametrize("measure", list(MEASURES))
def test_ranks_points_and_bands_match_lait_computed_from_the_csv(measure: str) -> None:
    values, south_east = independent(measure)
    assert len(south_east) == 19
    better = MEASURES[measure][1]
    # As fostlog holds a share (the float of the exact fraction); ties stay ties.
    known = {name: Fraction(float(v)) for name, v in values.items() if v is not None}
    points = statistics.quantiles(known.values(), n=4, method="inclusive")  # R's type 7
    expected = {}
    for name in south_east:
        value = known[name]
        ahead = sum((v > value) if better is Better.higher else (v < value)
                    for v in known.values())
        expected[name] = (1 + ahead, lait_band(value, points, better))

    from fostlog.cli import app

    result = CliRunner().invoke(app, ["capacity", "2018-19", "--sort", measure, "--format",
                                      "json", "--data", str(DATA)])
    assert result.exit_code == 0, result.stderr
    rows = [row for row in json.loads(result.stdout) if row["level"] == "la"]
    assert {row["area"]: (row["rank_all"], row["band"]) for row in rows} == expected
    for row in rows:
        assert [row["quartile_25"], row["quartile_50"], row["quartile_75"]] == pytest.approx(
            [float(p) for p in points], rel=1e-12)

    repo = load_repository(DATA)[0]
    year = next(c for c in repo.capacity if c.key == "ofsted-2018-19")
    table = capacity_table(repo, year, measure)
    assert table.ranked_all == len(known)
    assert {r.name: (r.rank_all, r.band) for r in table.rows} == expected
    assert table.points is not None
    assert [table.points.lower, table.points.median, table.points.upper] == pytest.approx(
        [float(p) for p in points], rel=1e-12)


def test_west_sussex_is_at_the_median_of_utilisation_so_in_c() -> None:
    """310 of 465 places filled is 2/3, exactly the median of all LAs' utilisation: LAIT
    puts it in C, the band of lower values (a band by rank put it in B)."""
    values, _ = independent("utilisation")
    known = [v for v in values.values() if v is not None]
    assert statistics.quantiles(known, n=4, method="inclusive")[1] == Fraction(2, 3) * 100
    assert values["West Sussex"] == Fraction(200, 3)
    repo = load_repository(DATA)[0]
    year = next(c for c in repo.capacity if c.key == "ofsted-2018-19")
    row = next(r for r in capacity_table(repo, year).rows if r.name == "West Sussex")
    assert row.band == "C"


# --- values exactly at each quartile point ----------------------------------------------------

FIVE = [10, 20, 30, 40, 50]  # type 7 of five values: the points are 20, 30 and 40 themselves


def test_type_7_points_fall_on_values() -> None:
    points = domain.quartile_points(FIVE)
    assert points == domain.QuartilePoints(20.0, 30.0, 40.0)
    assert [float(p) for p in statistics.quantiles(FIVE, n=4, method="inclusive")] == [
        20.0, 30.0, 40.0]


@pytest.mark.parametrize("better, bands", [
    # Higher is better: 40 at the 75% point is B, 30 at the median C, 20 at the 25% point D.
    (Better.higher, ["D", "D", "C", "B", "A"]),
    # Lower is better: 20 at the 25% point is A, 30 at the median B, 40 at the 75% point C.
    (Better.lower, ["A", "A", "B", "C", "D"]),
])
def test_a_value_at_a_point_is_in_the_band_of_lower_values(better: Better,
                                                            bands: list[str]) -> None:
    points = domain.quartile_points(FIVE)
    assert [domain.lait_band(v, points, better) for v in FIVE] == bands
    exact = statistics.quantiles(FIVE, n=4, method="inclusive")
    assert [lait_band(Fraction(v), exact, better) for v in FIVE] == bands
    assert domain.lait_band(30, points, None) is None  # no polarity, no band


def constructed_year(filled: list[int]) -> CapacityYear:
    """Five LAs (the group's first five) with 100 places each, `filled` of them filled."""
    repo = load_repository(DATA)[0]
    ids = sorted(repo.authorities)[:5]
    return CapacityYear.model_validate({
        "series": "test", "year": "2018-19", "source": "constructed",
        "measures": [{"key": key, "label": key}
                     for key in ("approved", "filled", "vacant", "not_available")],
        "areas": [{"level": "la", "name": repo.authority_name(a), "authority": a,
                   "values": {"approved": 100, "filled": n, "vacant": 100 - n,
                              "not_available": 0}}
                  for a, n in zip(ids, filled, strict=True)],
    })


def test_the_capacity_query_bands_ties_at_each_point_by_lait() -> None:
    """Utilisation (higher is better) and the vacant share (lower) of five LAs whose values
    sit exactly on the quartile points; and three LAs tied at all three points (each point
    is 30), who share a rank and, where higher is better, are in D with the lowest."""
    repo = load_repository(DATA)[0]
    year = constructed_year(FIVE)
    util = {r.values["utilisation"]: (r.rank_all, r.band)
            for r in capacity_table(repo, year, "utilisation").rows}
    assert util == {50.0: (1, "A"), 40.0: (2, "B"), 30.0: (3, "C"), 20.0: (4, "D"),
                    10.0: (5, "D")}
    vacant = {r.values["vacant_share"]: (r.rank_all, r.band)
              for r in capacity_table(repo, year, "vacant_share").rows}
    # Vacant is 100 - filled: points 60, 70, 80, and 60 at the 25% point is in A.
    assert vacant == {50.0: (1, "A"), 60.0: (2, "A"), 70.0: (3, "B"), 80.0: (4, "C"),
                      90.0: (5, "D")}
    tied = capacity_table(repo, constructed_year([30, 30, 30, 10, 50]), "utilisation")
    assert sorted((r.values["utilisation"], r.rank_all, r.band) for r in tied.rows) == [
        (10.0, 5, "D"), (30.0, 2, "D"), (30.0, 2, "D"), (30.0, 2, "D"), (50.0, 1, "A")]
