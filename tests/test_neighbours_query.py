"""queries/neighbours.py: an LA beside its statistical neighbours' mean, the region and
England (a capacity year, an Ofsted benchmarking year), its neighbours one by one, and the
trend; on small in-memory repositories, then on the bundled data."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import DATA
from fostlog.core.models import Authority, BenchmarkYear, CapacityYear, NeighbourSet
from fostlog.core.repository import Repository
from fostlog.files.load import load_repository
from fostlog.queries import neighbours as q
from fostlog.queries.neighbours import RowKind

SE = "E12000008"


def _la(name: str, number: int, filled: int | None, approved: int | None = 100,
        **extra: Any) -> dict[str, Any]:
    return {"level": "la", "name": name, "region": extra.pop("region", "E12000007"),
            "dfe_number": number, "values": {"approved": approved, "filled": filled,
                                             "vacant": 10, "not_available": 5}, **extra}


def capacity_year(year: str, shift: int = 0) -> CapacityYear:
    return CapacityYear.model_validate({
        "series": "ofsted", "year": year, "source": "Ofsted, a test year",
        "measures": [{"key": "approved", "label": "Approved places"}],
        "areas": [
            {"level": "england", "name": "England",
             "values": {"approved": 1000, "filled": 600, "vacant": 200, "not_available": 200}},
            {"level": "region", "name": "South East", "code": SE,
             "values": {"approved": 400, "filled": 300, "vacant": 50, "not_available": 50}},
            # Reading is found by authorities.yaml's id, its DfE number not written here.
            {**_la("Reading", 870, 70 + shift, region=SE, authority="reading"),
             "dfe_number": None},
            _la("Bristol, City of", 801, 61 + shift, approved=90),
            _la("Camden", 202, 45 + shift, approved=60),
            _la("Ealing", 307, None, unknown={"filled": "suppressed"}),
            _la("Not a neighbour", 999, 5),
        ]})


def neighbour_set(month: str, neighbours: list[int]) -> NeighbourSet:
    return NeighbourSet.model_validate({
        "month": month, "source": "DfE, a test set", "file": f"sn_{month}.xlsx",
        "sha256": "0" * 64, "groups": [
            {"dfe_number": 870, "name": "Reading", "neighbours": [
                {"dfe_number": n, "closeness": "close"} for n in neighbours]},
            {"dfe_number": 308, "name": "Enfield", "neighbours": []},
        ]})


def repo(*capacity: CapacityYear, benchmarks: tuple[BenchmarkYear, ...] = ()) -> Repository:
    found = Repository(root=Path("data"))
    found.authorities = {a.id: a for a in [
        Authority(id="reading", name="Reading", dfe_number=870, region=SE),
        Authority(id="kent", name="Kent", dfe_number=886, region=SE),
        Authority(id="surrey", name="Surrey")]}
    found.capacity = list(capacity) or [capacity_year("2018-19")]
    found.benchmarks = list(benchmarks)
    # 308 (Enfield) has a group but no figures anywhere: a neighbour not in the year's file.
    found.neighbour_sets = [neighbour_set("2021-04", [801, 202]),
                            neighbour_set("2025-05", [801, 202, 307, 308])]
    return found


def test_the_mean_is_of_the_neighbours_own_shares_those_without_left_out() -> None:
    data = repo()
    beside = q.capacity_beside(data, data.capacity[0], "reading")
    assert beside.neighbour_set == "sn-2025-05"  # the latest set, when none is named
    assert [r.kind for r in beside.rows] == list(RowKind)
    mean = beside.mean
    # Bristol 61/90, Camden 45/60; Ealing's filled is suppressed, Enfield not in the file.
    expected = (Fraction(61 * 100, 90) + Fraction(45 * 100, 60)) / 2
    assert mean.values["utilisation"] == pytest.approx(float(expected), rel=1e-15)
    assert (mean.with_value["utilisation"], mean.neighbours) == (2, 4)
    assert [n.name for n in beside.without("utilisation")] == ["Ealing", "Enfield"]
    assert mean.values["approved"] == (90 + 60 + 100) / 3  # Ealing has its approved places
    assert mean.with_value["approved"] == 3
    la, _, region, england = beside.rows
    assert (la.name, la.values["utilisation"]) == ("Reading", 70.0)
    assert (region.name, region.values["utilisation"]) == ("South East", 75.0)
    assert (england.name, england.values["filled"]) == ("England", 600)
    assert {(r.source, r.year, r.neighbour_set) for r in beside.rows} == {
        ("ofsted-2018-19", "2018-19", "sn-2025-05")}


def test_the_neighbours_one_by_one_say_why_a_figure_is_unknown() -> None:
    data = repo()
    listed = q.capacity_beside(data, data.capacity[0], "reading").neighbours
    assert [(n.position, n.dfe_number, n.name, n.closeness) for n in listed] == [
        (1, 801, "Bristol, City of", "close"), (2, 202, "Camden", "close"),
        (3, 307, "Ealing", "close"), (4, 308, "Enfield", "close")]  # Enfield: the set's name
    ealing, enfield = listed[2], listed[3]
    assert ealing.values["filled"] is None and ealing.values["approved"] == 100
    assert ealing.unknown == {"filled": "suppressed", "utilisation": "suppressed"}
    assert set(enfield.values.values()) == {None}
    assert set(enfield.unknown.values()) == {q.NOT_IN_FILE}
    assert listed[0].source == "ofsted-2018-19" and listed[0].neighbour_set == "sn-2025-05"


def test_a_named_set_an_unknown_set_and_an_la_with_no_group() -> None:
    data = repo()
    older = q.capacity_beside(data, data.capacity[0], "reading", "sn-2021-04")
    assert [n.dfe_number for n in older.neighbours] == [801, 202]
    with pytest.raises(KeyError):
        q.capacity_beside(data, data.capacity[0], "reading", "sn-2019-01")
    with pytest.raises(KeyError):
        q.capacity_beside(data, data.capacity[0], "nowhere")
    for authority in ("kent", "surrey"):  # no group in the set; no DfE number at all
        beside = q.capacity_beside(data, data.capacity[0], authority)
        assert beside.neighbours == [] and beside.mean.neighbours == 0
        assert set(beside.mean.values.values()) == {None}
        assert beside.rows[0].unknown["approved"] == q.NOT_IN_FILE  # nor in the file


def test_the_trend_uses_one_set_for_every_year_and_long_rows_carry_their_sources() -> None:
    data = repo(capacity_year("2018-19", 10), capacity_year("2017-18"))
    trend = q.capacity_trend(data, "reading")
    assert [(b.year, b.neighbour_set) for b in trend] == [
        ("2017-18", "sn-2025-05"), ("2018-19", "sn-2025-05")]
    assert trend[1].mean.values["filled"] == (71 + 55) / 2
    long = q.figures(trend)
    assert len(long) == 2 * 4 * len(trend[0].measures)
    first = long[len(trend[0].measures)]  # 2017-18's neighbours' approved places
    assert (first.source, first.kind, first.measure, first.with_value, first.neighbours) == (
        "ofsted-2017-18", RowKind.neighbours, "approved", 3, 4)


def benchmark_year(year: str, stages: list[str]) -> BenchmarkYear:
    counts = {"enquiries": 100, "applications": 20, "approvals": 5}

    def of(scale: int) -> dict[str, int]:
        return {s: counts[s] * scale for s in stages}

    return BenchmarkYear.model_validate({
        "year": year, "series": "ofsted", "source": "Ofsted, a test year",
        "stages": [{"key": s, "label": s.title(), "confidence": "certain"} for s in stages],
        "ratios": [
            {"key": "conversion", "label": "Conversion", "numerator": "applications",
             "denominator": "enquiries"},
            {"key": "approval_rate", "label": "Approval rate", "numerator": "approvals",
             "denominator": "enquiries"}],
        "authorities": [{"authority": "reading", "counts": of(1)},
                        {"authority": "kent", "counts": of(2)}],
        "others": [
            {"level": "la", "name": "Bristol", "dfe_number": 801,
             "counts": {**of(1), "approvals": 3}},
            {"level": "la", "name": "Camden", "dfe_number": 202,
             "counts": {**of(1), "approvals": None}, "unknown": {"approvals": "suppressed"}},
            {"level": "la", "name": "Ealing", "dfe_number": 307, "counts": of(3)}],
        "comparators": [{"level": "england", "name": "England", "counts": of(50)},
                        {"level": "region", "name": "South East", "code": SE,
                         "counts": of(10)}]})


def test_a_benchmark_year_beside_neighbours_from_its_others_and_a_stage_it_lacks() -> None:
    full = benchmark_year("2018-19", ["enquiries", "applications", "approvals"])
    lacking = benchmark_year("2017-18", ["enquiries", "approvals"])
    data = repo(benchmarks=(full, lacking))
    data.neighbour_sets[1].groups[0].neighbours[3].dfe_number = 886  # Kent, a group LA
    beside = q.benchmark_beside(data, full, "reading")
    assert [n.name for n in beside.neighbours] == ["Bristol", "Camden", "Ealing", "Kent"]
    assert beside.neighbours[1].unknown == {"approval_rate": "suppressed"}
    # Bristol 3%, Ealing 15/300 = 5%, Kent 10/200 = 5%; Camden's approvals suppressed.
    assert beside.mean.values["approval_rate"] == pytest.approx((3 + 5 + 5) / 3)
    assert beside.mean.with_value == {"conversion": 4, "approval_rate": 3}
    assert [(r.name, r.values["conversion"]) for r in beside.rows] == [
        ("Reading", 20.0), ("Statistical neighbours", 20.0), ("South East", 20.0),
        ("England", 20.0)]
    trend = q.benchmark_trend(data, "reading")
    assert [b.source for b in trend] == ["ofsted-2017-18", "ofsted-2018-19"]
    # 2017-18 has no applications: its conversion is absent, not 0 and not None.
    assert list(trend[0].measures) == ["approval_rate"]
    assert all("conversion" not in r.values for r in trend[0].rows + trend[0].neighbours)


def test_reading_2018_19_utilisation_beside_its_neighbours_on_the_bundled_data() -> None:
    """The neighbours' mean from the bundled files read directly: each neighbour's own
    filled / approved, those without either left out."""
    capacity = yaml.safe_load((DATA / "capacity" / "ofsted-2018-19.yaml").read_text("utf-8"))
    sets = yaml.safe_load((DATA / "neighbours" / "sn-2025-05.yaml").read_text("utf-8"))
    group = next(g for g in sets["groups"] if g["dfe_number"] == 870)
    areas = {a["dfe_number"]: a["values"] for a in capacity["areas"]
             if a["level"] == "la" and a.get("dfe_number")}
    shares = [Fraction(v["filled"] * 100, v["approved"])
              for n in group["neighbours"] if (v := areas.get(n["dfe_number"]))
              and v.get("filled") is not None and v.get("approved")]
    data = load_repository(DATA)[0]
    (year,) = data.capacity_years("ofsted-2018-19")
    beside = q.capacity_beside(data, year, "reading", "sn-2025-05")
    mean = beside.mean
    assert mean.values["utilisation"] == pytest.approx(float(sum(shares) / len(shares)),
                                                       rel=1e-15)
    assert (mean.with_value["utilisation"], mean.neighbours) == (len(shares), 10)
    assert [n.dfe_number for n in beside.neighbours] == [
        n["dfe_number"] for n in group["neighbours"]]
    assert [r.name for r in beside.rows] == [
        "Reading", "Statistical neighbours", "South East", "England"]


def test_reading_beside_its_neighbours_in_ofsted_funnels_on_the_bundled_data() -> None:
    """Neighbours found among the region's LAs (by authorities.yaml) and every other LA;
    2017-18 has no applications received, so no conversion."""
    def read(path: str) -> Any:
        return yaml.safe_load((DATA / path).read_text("utf-8"))

    numbers = {a["id"]: a["dfe_number"] for a in read("authorities.yaml")["authorities"]}
    year = read("benchmarks/ofsted-2018-19.yaml")
    counts = {numbers[r["authority"]]: r["counts"] for r in year["authorities"]}
    counts |= {a["dfe_number"]: a["counts"] for a in year["others"]}
    group = next(g for g in read("neighbours/sn-2025-05.yaml")["groups"]
                 if g["dfe_number"] == 870)
    found = [counts[n["dfe_number"]] for n in group["neighbours"]]
    rates = [Fraction(c["applications"] * 100, c["enquiries"]) for c in found
             if c["applications"] is not None and c["enquiries"]]
    data = load_repository(DATA)[0]
    older, latest = q.benchmark_trend(data, "reading")
    assert (older.source, latest.source) == ("ofsted-2017-18", "ofsted-2018-19")
    assert latest.mean.values["conversion"] == pytest.approx(
        float(sum(rates) / len(rates)), rel=1e-15)
    assert latest.mean.with_value["conversion"] == len(rates)
    assert "conversion" not in older.measures and "conversion" not in older.mean.values


def test_the_la_row_carries_capacity_s_rank_and_band_and_a_neighbour_not_in_the_file() -> None:
    data = load_repository(DATA)[0]
    (year,) = data.capacity_years("ofsted-2018-19")
    from fostlog.queries import capacity

    table = capacity.capacity_table(data, year, "vacant_share")
    ranked = next(r for r in table.rows if r.area == "reading")
    la = q.capacity_beside(data, year, "reading", measure="vacant_share").rows[0]
    assert (la.rank_region, la.rank_all, la.band, la.points) == (
        ranked.rank_region, ranked.rank_all, ranked.band, table.points)
    assert all(r.rank_all is None for r in q.capacity_beside(data, year, "reading").rows[1:])
    small = repo()
    listed = q.capacity_beside(small, small.capacity[0], "reading").neighbours
    assert [n.in_file for n in listed] == [True, True, True, False]  # Enfield: no figures
