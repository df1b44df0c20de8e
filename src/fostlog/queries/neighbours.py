"""An LA beside its statistical neighbours, its region and England, as DfE's LA Interactive
Tool (LAIT) shows it: pure functions over a capacity year or an Ofsted benchmarking year and
a neighbour set. The neighbours' figure is domain.neighbour_mean, the plain mean of the
values the neighbours have: for a share or ratio, the mean of each neighbour's own share
(LAIT averages the neighbours' values), a neighbour with none left out and counted. Which
set applies is domain.neighbour_set: the one named, else the latest held, for every year.
Every row names the file its figures come from and the set, so a view can cite both."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from enum import StrEnum

from fostlog import domain
from fostlog.core.models import (
    AreaLevel,
    BenchmarkArea,
    BenchmarkRow,
    BenchmarkYear,
    CapacityArea,
    CapacityMeasure,
    CapacityYear,
    NeighbourSet,
    Ratio,
)
from fostlog.core.repository import Repository
from fostlog.queries import capacity as capacity_query

NOT_IN_FILE = "not in file"  # why a figure is unknown: the year's file has no such LA
NEIGHBOURS_NAME = "Statistical neighbours"


class RowKind(StrEnum):
    la = "la"
    neighbours = "neighbours"
    region = "region"
    england = "england"


@dataclass(frozen=True)
class SideRow:
    """One row of the comparison. `values` by measure key (counts; shares and ratios in
    percent); `unknown`: why a value is None, where known (suppressed, not in file); for
    the neighbours' row, `with_value` says how many of its `neighbours` had each figure."""

    source: str  # the capacity or benchmark file's key: ofsted-2018-19
    year: str
    neighbour_set: str | None  # the set's key, sn-2025-05; None when none is held
    kind: RowKind
    name: str
    values: dict[str, float | None]
    unknown: dict[str, str] = field(default_factory=dict)
    with_value: dict[str, int] = field(default_factory=dict)
    neighbours: int = 0
    # The LA's row of a capacity year: its rank and band by the measure ranked
    # (queries/capacity's LAIT ranking), the quartile points the band is from, its flags.
    rank_region: int | None = None
    rank_all: int | None = None
    band: str | None = None
    points: domain.QuartilePoints | None = None
    flags: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class NeighbourRow:
    """One of an LA's statistical neighbours in one year, with its figures."""

    source: str
    year: str
    neighbour_set: str
    position: int  # closeness order: 1 is SN1, the closest
    dfe_number: int
    name: str  # as the year's file names the LA, else as the set does
    closeness: str | None
    values: dict[str, float | None]
    unknown: dict[str, str]
    in_file: bool = True  # the year's file has the LA


@dataclass(frozen=True)
class Beside:
    """An LA in one year beside its neighbours' mean, its region and England (`rows`, those
    the file holds, in that order), and its neighbours one by one (`neighbours`, [] when
    the set has no group for the LA)."""

    authority: str
    name: str
    dfe_number: int | None
    source: str
    year: str
    neighbour_set: str | None
    measures: dict[str, str]  # key -> label, in the order shown
    rows: list[SideRow]
    neighbours: list[NeighbourRow]

    @property
    def mean(self) -> SideRow:
        return next(r for r in self.rows if r.kind is RowKind.neighbours)

    def without(self, measure: str) -> list[NeighbourRow]:
        """The neighbours left out of the mean of `measure`, having no figure of it (their
        `unknown` says why, where known)."""
        return [n for n in self.neighbours if n.values.get(measure) is None]


@dataclass(frozen=True)
class _Figures:
    name: str
    values: dict[str, float | None]
    unknown: dict[str, str]


def _beside(repo: Repository, authority: str, key: str | None, source: str, year: str,
            measures: dict[str, str], figures: dict[int, _Figures],
            own: _Figures | None, region: _Figures | None, england: _Figures | None) -> Beside:
    """The comparison, given each area's figures (`figures` by DfE number, for the LAs)."""
    la = repo.authorities[authority]
    chosen = _set(repo, key)
    set_key = chosen.key if chosen else None
    missing = _Figures("", dict.fromkeys(measures), dict.fromkeys(measures, NOT_IN_FILE))
    group = next((g for g in chosen.groups if g.dfe_number == la.dfe_number), None) \
        if chosen and la.dfe_number else None
    names = {g.dfe_number: g.name for g in chosen.groups} if chosen else {}
    listed = []
    for position, neighbour in enumerate(group.neighbours if group else [], start=1):
        found = figures.get(neighbour.dfe_number, missing)
        listed.append(NeighbourRow(
            source, year, set_key or "", position, neighbour.dfe_number,
            found.name or names.get(neighbour.dfe_number, str(neighbour.dfe_number)),
            neighbour.closeness.value if neighbour.closeness else None,
            found.values, found.unknown, neighbour.dfe_number in figures))
    means = {m: domain.neighbour_mean(n.values[m] for n in listed) for m in measures}
    rows = [SideRow(source, year, set_key, RowKind.la, la.name,
                    (own or missing).values, (own or missing).unknown),
            SideRow(source, year, set_key, RowKind.neighbours, NEIGHBOURS_NAME,
                    {m: mean.value for m, mean in means.items()},
                    with_value={m: mean.with_value for m, mean in means.items()},
                    neighbours=len(listed))]
    rows += [SideRow(source, year, set_key, kind, area.name, area.values, area.unknown)
             for kind, area in ((RowKind.region, region), (RowKind.england, england)) if area]
    return Beside(authority, la.name, la.dfe_number, source, year, set_key, measures, rows,
                  listed)


def _set(repo: Repository, key: str | None) -> NeighbourSet | None:
    chosen = domain.neighbour_set(repo, key)
    if key is not None and chosen is None:
        raise KeyError(key)  # the CLI says which sets are held
    return chosen


def _region_code(repo: Repository, authority: str) -> str:
    return repo.authorities[authority].region or capacity_query.group_region(repo)


def _capacity_figures(area: CapacityArea) -> _Figures:
    # capacity's own shares, so both views show one figure.
    values = capacity_query.area_values(area)
    unknown = {}
    for measure in capacity_query.MEASURES:
        parts = [CapacityMeasure(measure.key)] if measure.numerator is None else [
            measure.numerator, CapacityMeasure.approved]
        why = next((area.unknown[p] for p in parts if p in area.unknown), None)
        if values[measure.key] is None and why is not None:
            unknown[measure.key] = why.value
    return _Figures(area.name, values, unknown)


def capacity_beside(repo: Repository, capacity: CapacityYear, authority: str,
                    set_key: str | None = None, measure: str | None = None) -> Beside:
    """An LA's places and shares in a capacity year beside its statistical neighbours'
    mean, its region and England; the LA's row ranked and banded by `measure` (default
    utilisation) as capacity's table ranks it. KeyError: an LA or set key not held."""
    if authority not in repo.authorities:
        raise KeyError(authority)
    region = _region_code(repo, authority)
    figures: dict[int, _Figures] = {}
    own = region_row = england = None
    for area in capacity.areas:
        if area.level is AreaLevel.la:
            found = _capacity_figures(area)
            la = repo.authorities.get(area.authority or "")
            number = area.dfe_number or (la.dfe_number if la else None)
            if number is not None:
                figures[number] = found
            if area.authority == authority:
                own = found
        elif area.level is AreaLevel.region and area.code == region:
            region_row = _capacity_figures(area)
        elif area.level is AreaLevel.england:
            england = _capacity_figures(area)
    measures = {m.key: m.label for m in capacity_query.MEASURES}
    beside = _beside(repo, authority, set_key, capacity.key, capacity.year, measures,
                     figures, own, region_row, england)
    table = capacity_query.capacity_table(repo, capacity, measure)
    ranked = next((r for r in table.rows if r.area == authority), None)
    if ranked is None:
        return beside
    mine = replace(beside.rows[0], rank_region=ranked.rank_region,
                   rank_all=ranked.rank_all, band=ranked.band, points=table.points,
                   flags=ranked.flags)
    return replace(beside, rows=[mine, *beside.rows[1:]])


def _benchmark_figures(name: str, row: BenchmarkRow | BenchmarkArea,
                       year: BenchmarkYear) -> _Figures:
    values: dict[str, float | None] = {}
    unknown = {}
    for ratio in _ratios(year):
        value = domain.ratio_value(row, ratio)
        values[ratio.key] = None if value is None else float(value * 100)
        why = row.unknown.get(ratio.numerator) or row.unknown.get(ratio.denominator)
        if value is None and why is not None:
            unknown[ratio.key] = why.value
    return _Figures(name, values, unknown)


def _ratios(year: BenchmarkYear) -> list[Ratio]:
    # A ratio over a stage the year lacks is absent, never 0.
    stages = {s.key for s in year.stages}
    return [r for r in year.ratios if {r.numerator, r.denominator} <= stages]


def has_neighbours(year: BenchmarkYear) -> bool:
    """Whether a benchmarking year can give a neighbours' mean: it holds every other LA
    in England (`others`, Ofsted's imported whole). The group's own table holds only its
    LAs, so most neighbours (outside the region) have no figure there, and a mean of the
    few inside it would not be the neighbours'."""
    return bool(year.others)


def benchmark_beside(repo: Repository, year: BenchmarkYear, authority: str,
                     set_key: str | None = None) -> Beside:
    """An LA's funnel ratios (percent, from the counts) in a benchmarking year beside its
    statistical neighbours' mean, and the region's and England's rows as the source
    publishes them. Neighbours are found among the year's LAs (`authorities`, by
    authorities.yaml's DfE number) and `others`. KeyError: an LA or set key not held."""
    if authority not in repo.authorities:
        raise KeyError(authority)
    figures: dict[int, _Figures] = {}
    own = None
    for row in year.authorities:
        la = repo.authorities.get(row.authority)
        found = _benchmark_figures(repo.authority_name(row.authority), row, year)
        if la and la.dfe_number:
            figures[la.dfe_number] = found
        if row.authority == authority:
            own = found
    for area in year.others:
        if area.dfe_number is not None:
            figures[area.dfe_number] = _benchmark_figures(area.name, area, year)
    region = _region_code(repo, authority)
    regions = [a for a in year.comparators if a.level is AreaLevel.region]
    region_area = next((a for a in regions if a.code in (region, None)), None)
    england = next((a for a in year.comparators if a.level is AreaLevel.england), None)

    def published(area: BenchmarkArea | None) -> _Figures | None:
        return _benchmark_figures(area.name, area, year) if area else None

    return _beside(repo, authority, set_key, year.key, year.year,
                   {r.key: r.label for r in _ratios(year)}, figures, own,
                   published(region_area), published(england))


def capacity_trend(repo: Repository, authority: str, set_key: str | None = None,
                   measure: str | None = None) -> list[Beside]:
    """capacity_beside for every capacity year held, oldest first, all with one set."""
    years = sorted(repo.capacity, key=lambda c: (c.year, c.series))
    return [capacity_beside(repo, c, authority, set_key, measure) for c in years]


def benchmark_trend(repo: Repository, authority: str, series: str = "ofsted",
                    set_key: str | None = None) -> list[Beside]:
    """benchmark_beside for every benchmarking year of one source held, oldest first."""
    years = sorted((b for b in repo.benchmarks if b.series == series), key=lambda b: b.year)
    return [benchmark_beside(repo, b, authority, set_key) for b in years]


@dataclass(frozen=True)
class Figure:
    """One figure of one row, for a long table (SQLite, a chart over the years)."""

    source: str
    year: str
    neighbour_set: str | None
    authority: str
    kind: RowKind
    name: str
    measure: str
    value: float | None
    unknown: str | None
    with_value: int | None  # the neighbours' row: how many had a figure
    neighbours: int | None


def figures(comparisons: Iterable[Beside]) -> list[Figure]:
    """Every figure of the comparisons' rows, one a row."""
    return [Figure(row.source, row.year, row.neighbour_set, c.authority, row.kind, row.name,
                   key, row.values.get(key), row.unknown.get(key),
                   row.with_value.get(key) if row.kind is RowKind.neighbours else None,
                   row.neighbours if row.kind is RowKind.neighbours else None)
            for c in comparisons for row in c.rows for key in c.measures]
