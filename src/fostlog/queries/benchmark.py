"""Which LAs convert enquiries best, stage by stage: pure functions over one benchmarking
year (or two), or over every year held for one LA. Ratios are computed from the counts;
an unknown count gives an unknown ratio (None), never 0%, and keeps the source's reason
(suppressed). A year from a published source (Ofsted's) carries the region's and
England's rows as that source publishes them: shown beside the LAs, never added in.

Sorted by a ratio, the LAs are ranked and banded as DfE's LA Interactive Tool (LAIT) does
(domain.competition_ranks, domain.quartile_points, domain.lait_band), by the ratio's
polarity (`better`): the group's own table among the LAs in it (it has no others); a
source's year that holds every other LA (`others`) nationally, among all LAs with a
value, with the rank in the region beside it; one that holds only the region's LAs is
ranked in the region and not banded (a band among 19 is not the national band LAIT
shows). A stage is a count, with no polarity: sorted largest first, no rank, no band."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field, replace
from enum import StrEnum
from fractions import Fraction

from fostlog import domain
from fostlog.core.models import AreaLevel, BenchmarkArea, BenchmarkYear, Better, Ratio
from fostlog.core.repository import Repository


class RowKind(StrEnum):
    """What a row of the funnel table is: an LA's, one made from the LAs' counts, or one
    the source publishes (its region's or England's)."""

    la = "la"
    region_total = "region_total"
    region_contributors = "region_contributors"  # how many LAs' counts each total adds up
    region_median = "region_median"
    region_pooled = "region_pooled"
    comparator = "comparator"


@dataclass(frozen=True)
class Flag:
    """A ratio that looks wrong: over 100%, or (`printed`) a percentage the minutes print
    that disagrees with the counts."""

    ratio: str  # the ratio's key
    printed: int | None = None  # whole percent

    def words(self, label: str | None = None) -> str:
        """The flag said with the ratio's label (or key): "Conversion over 100%"."""
        name = label or self.ratio
        return f"{name} over 100%" if self.printed is None else (
            f"{name} printed {self.printed}% disagrees")

    def __str__(self) -> str:
        return self.words()


@dataclass(frozen=True)
class FunnelRow:
    """One row of the table (`kind`: an LA's, the region's or the source's own): counts by
    stage key, ratios (percent) by ratio key, rank and flags, and why a count is unknown
    where the source says. `authority`: the LA's id; a comparator's level (region,
    england)."""

    authority: str
    name: str
    counts: dict[str, int | None]
    ratios: dict[str, float | None]
    rank: int | None = None  # among the table's LAs (the region's)
    band: str | None = None
    rank_all: int | None = None  # among all LAs in England, where the year holds them
    flags: list[Flag] = field(default_factory=list)
    unknown: dict[str, str] = field(default_factory=dict)  # stage key -> reason
    kind: RowKind = RowKind.la


@dataclass(frozen=True)
class RegionSummary:
    totals: dict[str, int]
    contributors: dict[str, int]  # how many LAs' counts went into each total
    medians: dict[str, float | None]
    pooled: dict[str, float | None]  # e.g. total applications / total enquiries


@dataclass(frozen=True)
class BenchmarkTable:
    year: str
    stages: list[str]
    stage_labels: dict[str, str]
    ratios: list[Ratio]
    sort_key: str | None
    descending: bool
    rows: list[FunnelRow]
    region: RegionSummary
    # The rows beside the LAs, in the order shown: the region's and England's as the
    # source publishes them (Ofsted's), if it does (a further comparator, such as
    # statistical neighbours, goes first).
    comparators: list[FunnelRow] = field(default_factory=list)
    points: domain.QuartilePoints | None = None  # the bands' cuts, of the values banded
    ranked_all: int = 0  # how many LAs in England are ranked (0: ranked in the table only)
    # Whose values the bands are among, in words ("the 17 LAs in the table"), or None
    # with why there is no band in `unbanded`.
    banded_among: str | None = None
    unbanded: str | None = None


@dataclass(frozen=True)
class StageComparison:
    """One stage or ratio of one LA beside the region: its median and pooled ratio over
    the LAs, and the source's own region and England rows where it publishes them."""

    key: str
    label: str
    kind: str  # "stage" or "ratio"
    value: float | None
    region_median: float | None
    region_pooled: float | None
    unknown: str | None = None  # why the LA's count is unknown, where the source says
    comparators: dict[str, float | None] = field(default_factory=dict)  # by level: region
    note: str | None = None  # what the stage or ratio counts, as the year defines it


@dataclass(frozen=True)
class YearComparison:
    """One stage or ratio of one LA in one year held: which source's, and what it counts."""

    key: str  # the year's key: 2020-21, ofsted-2018-19
    year: str
    source: str  # whose figures, in words: "the group", "Ofsted"
    item: StageComparison


@dataclass(frozen=True)
class RatioChange:
    authority: str
    name: str
    ratio: str
    this_year: float | None
    other_year: float | None
    change_points: float | None
    # False where the other year has no such ratio (a stage it does not count): no
    # figure and no change there, never 0.
    comparable: bool = True


def sort_keys(year: BenchmarkYear) -> list[str]:
    return [s.key for s in year.stages] + [r.key for r in year.ratios]


def series_name(year: BenchmarkYear) -> str:
    """Whose figures a year holds, in words: the group's own table, or a named source."""
    if year.series is None:
        return "the group"
    return {"ofsted": "Ofsted"}.get(year.series, year.series)


def _percent(value: Fraction | None) -> float | None:
    # float() of the exact Fraction is correctly rounded, so 29/40 gives exactly 72.5.
    return None if value is None else float(value * 100)


def _flags(year: BenchmarkYear, index: int) -> list[Flag]:
    row = year.authorities[index]
    flags = []
    for ratio in year.ratios:
        value = domain.ratio_value(row, ratio)
        if value is not None and value > 1:
            flags.append(Flag(ratio.key))
        printed = row.printed.get(ratio.key)
        if value is not None and printed is not None and not domain.printed_agrees(printed, value):
            flags.append(Flag(ratio.key, printed))
    return flags


def _region(year: BenchmarkYear) -> RegionSummary:
    totals: dict[str, int] = {}
    contributors: dict[str, int] = {}
    for stage in year.stages:
        values = [n for r in year.authorities if (n := r.counts.get(stage.key)) is not None]
        totals[stage.key] = sum(values)
        contributors[stage.key] = len(values)
    medians: dict[str, float | None] = {}
    pooled: dict[str, float | None] = {}
    for ratio in year.ratios:
        known = [v for r in year.authorities if (v := domain.ratio_value(r, ratio)) is not None]
        medians[ratio.key] = _percent(statistics.median(known)) if known else None
        # Pooled over the LAs that have both counts, so unknowns do not skew it.
        both = [r for r in year.authorities if domain.ratio_value(r, ratio) is not None]
        numerator = sum(r.counts[ratio.numerator] or 0 for r in both)
        denominator = sum(r.counts[ratio.denominator] or 0 for r in both)
        pooled[ratio.key] = _percent(Fraction(numerator, denominator)) if denominator else None
    return RegionSummary(totals, contributors, medians, pooled)


@dataclass(frozen=True)
class _Ranking:
    rank: dict[str, int]  # in the table, by LA id
    rank_all: dict[str, int]  # in England, by LA id (empty when the year holds no others)
    band: dict[str, str | None]
    points: domain.QuartilePoints | None
    ranked_all: int
    banded_among: str | None
    unbanded: str | None


def _rank_ratio(year: BenchmarkYear, ratio: Ratio) -> _Ranking:
    """Ranks and bands of one ratio, by LAIT's rules (the module's docstring says among
    whom)."""
    descending = ratio.better is Better.higher
    mine = {r.authority: _percent(domain.ratio_value(r, ratio)) for r in year.authorities}
    rank = domain.competition_ranks(mine, descending)
    if year.series is None:
        points = domain.quartile_points(mine.values())
        return _Ranking(rank, {}, {a: domain.lait_band(v, points, ratio.better)
                                   for a, v in mine.items()}, points, 0,
                        f"the {len(rank)} LAs in the table with a value", None)
    if not year.others:
        return _Ranking(rank, {}, {}, None, 0, None,
                        "No band: this year holds only the region's LAs, and a band is "
                        "among all LAs in England (import the year again to get them).")
    others = {f"other {i}": _percent(domain.ratio_value(a, ratio))
              for i, a in enumerate(year.others)}
    every = mine | others
    rank_all = domain.competition_ranks(every, descending)
    points = domain.quartile_points(every.values())
    return _Ranking(rank, {a: n for a, n in rank_all.items() if a in mine},
                    {a: domain.lait_band(v, points, ratio.better) for a, v in mine.items()},
                    points, len(rank_all), f"all {len(rank_all)} LAs in England with a value",
                    None)


def _ranked(rows: list[FunnelRow], descending: bool, value_of: dict[str, float | None],
            ranking: _Ranking | None) -> list[FunnelRow]:
    """Sort best first by `descending` (unknowns last, ties in the file's order), with
    the ranks and bands of `ranking` (none for a stage)."""
    known = [r for r in rows if value_of.get(r.authority) is not None]
    unknown = sorted((r for r in rows if value_of.get(r.authority) is None),
                     key=lambda r: r.name)
    known.sort(key=lambda r: value_of[r.authority] or 0.0, reverse=descending)
    if ranking is None:
        return known + unknown
    return [replace(row, rank=ranking.rank.get(row.authority),
                    rank_all=ranking.rank_all.get(row.authority),
                    band=ranking.band.get(row.authority)) for row in known] + unknown


def benchmark_table(
    repo: Repository, year_key: str, sort_key: str | None = None,
    descending: bool | None = None,
) -> BenchmarkTable:
    """One row per LA with each stage's count and each ratio; sorted by `sort_key` if given
    (best first by the ratio's declared direction, largest first for a stage)."""
    year = repo.benchmark(year_key)
    if year is None:
        raise KeyError(year_key)
    rows = []
    for index, row in enumerate(year.authorities):
        rows.append(FunnelRow(
            authority=row.authority,
            name=repo.authority_name(row.authority),
            counts={s.key: row.counts.get(s.key) for s in year.stages},
            ratios={r.key: _percent(domain.ratio_value(row, r)) for r in year.ratios},
            flags=_flags(year, index),
            unknown={k: str(v) for k, v in row.unknown.items()},
        ))
    ratio_by_key = {r.key: r for r in year.ratios}
    ranking = None
    if sort_key is None:
        descending = True if descending is None else descending
        ordered = rows
    else:
        ratio = ratio_by_key.get(sort_key)
        if descending is None:
            descending = ratio is None or ratio.better is Better.higher
        if ratio is not None:
            values = {r.authority: r.ratios[sort_key] for r in rows}
            ranking = _rank_ratio(year, ratio)
        else:
            values = {r.authority: _as_float(r.counts.get(sort_key)) for r in rows}
        ordered = _ranked(rows, descending, values, ranking)
    return BenchmarkTable(
        year=year.year,
        stages=[s.key for s in year.stages],
        stage_labels={s.key: s.label for s in year.stages},
        ratios=list(year.ratios),
        sort_key=sort_key,
        descending=descending,
        rows=ordered,
        region=_region(year),
        comparators=comparator_rows(year),
        points=ranking.points if ranking else None,
        ranked_all=ranking.ranked_all if ranking else 0,
        banded_among=ranking.banded_among if ranking else None,
        unbanded=ranking.unbanded if ranking else None,
    )


def _comparator_row(year: BenchmarkYear, area: BenchmarkArea) -> FunnelRow:
    return FunnelRow(
        authority=str(area.level), name=area.name,
        counts={s.key: area.counts.get(s.key) for s in year.stages},
        ratios={r.key: _percent(domain.ratio_value(area, r)) for r in year.ratios},
        unknown={k: str(v) for k, v in area.unknown.items()}, kind=RowKind.comparator,
    )


def comparator_rows(year: BenchmarkYear) -> list[FunnelRow]:
    """The region's and England's rows as the year's source publishes them (region first),
    with their ratios; none for the group's own table."""
    order = {AreaLevel.region: 0, AreaLevel.england: 1}
    areas = sorted(year.comparators, key=lambda a: order.get(a.level, 2))
    return [_comparator_row(year, area) for area in areas]


def _as_float(value: int | None) -> float | None:
    return None if value is None else float(value)


def authority_funnel(repo: Repository, year_key: str, authority: str) -> list[StageComparison]:
    """One LA's funnel, stage by stage and ratio by ratio, beside the region (and the
    source's region and England rows, where it publishes them)."""
    year = repo.benchmark(year_key)
    table = benchmark_table(repo, year_key)
    row = next((r for r in table.rows if r.authority == authority), None)
    if row is None or year is None:
        raise LookupError(authority)
    notes = {s.key: s.note for s in year.stages} | {r.key: r.note for r in year.ratios}
    stage_medians = {}
    for stage in table.stages:
        known = [v for r in table.rows if (v := r.counts[stage]) is not None]
        stage_medians[stage] = float(statistics.median(known)) if known else None
    found = [
        StageComparison(stage, table.stage_labels[stage], "stage",
                        _as_float(row.counts[stage]), stage_medians[stage], None,
                        unknown=row.unknown.get(stage),
                        comparators={c.authority: _as_float(c.counts[stage])
                                     for c in table.comparators},
                        note=notes.get(stage))
        for stage in table.stages
    ]
    found += [
        StageComparison(ratio.key, ratio.label, "ratio", row.ratios[ratio.key],
                        table.region.medians[ratio.key], table.region.pooled[ratio.key],
                        comparators={c.authority: c.ratios[ratio.key] for c in table.comparators},
                        note=ratio.note)
        for ratio in table.ratios
    ]
    return found


def authority_years(repo: Repository, authority: str) -> list[YearComparison]:
    """One LA's funnel in every benchmarking year that has a row for it, oldest first (the
    group's table before a source's in the same year), each stage and ratio labelled with
    whose figures it is and what that source counts."""
    years = sorted(repo.benchmarks, key=lambda b: (b.year, b.series is not None, b.key))
    found = []
    for year in years:
        if not any(row.authority == authority for row in year.authorities):
            continue
        for item in authority_funnel(repo, year.key, authority):
            found.append(YearComparison(year.key, year.year, series_name(year), item))
    return found


def ratio_keys(year: BenchmarkYear) -> list[str]:
    return [r.key for r in year.ratios]


def compare_years(
    repo: Repository, year_key: str, other_key: str, *, authority: str | None = None,
    sort_key: str | None = None, descending: bool | None = None,
) -> list[RatioChange]:
    """Each LA's change in each ratio of `year_key` from `other_key`, in points; a ratio
    the other year lacks is not comparable (no figure, no change). `authority`: that LA's
    changes only. `sort_key`, a ratio's key: that ratio's changes only, the best change
    first by the ratio's direction (or `descending`), and unknown changes last."""
    this = benchmark_table(repo, year_key)
    other = benchmark_table(repo, other_key)
    before = {r.authority: r for r in other.rows}
    other_ratios = {r.key for r in other.ratios}
    changes = []
    for row in this.rows:
        if authority is not None and row.authority != authority:
            continue
        for ratio in this.ratios:
            if sort_key not in (None, ratio.key):
                continue
            now = row.ratios[ratio.key]
            then_row = before.get(row.authority)
            then = then_row.ratios.get(ratio.key) if then_row else None
            change = None if now is None or then is None else now - then
            changes.append(RatioChange(row.authority, row.name, ratio.key, now, then, change,
                                       comparable=ratio.key in other_ratios))
    if sort_key is None:
        return changes
    if descending is None:
        sorting = next((r for r in this.ratios if r.key == sort_key), None)
        if sorting is None:
            raise KeyError(sort_key)
        descending = sorting.better is Better.higher
    known = [c for c in changes if c.change_points is not None]
    known.sort(key=lambda c: c.change_points or 0.0, reverse=descending)
    return known + [c for c in changes if c.change_points is None]


def summary_rows(table: BenchmarkTable) -> list[FunnelRow]:
    """The rows to show under the LAs. Where the source publishes the region's and
    England's own rows (Ofsted's, from exact counts), those, after the median of each
    ratio over the LAs; otherwise the region's rows made from the LAs' (region_rows)."""
    if not table.comparators:
        return region_rows(table)
    median = next(r for r in region_rows(table) if r.kind is RowKind.region_median)
    return [median, *table.comparators]


def region_rows(table: BenchmarkTable) -> list[FunnelRow]:
    """The region's rows to show under the LAs: totals (and how many LAs contributed),
    the median of each ratio, and the pooled ratio."""
    region = table.region
    no_ratios: dict[str, float | None] = {r.key: None for r in table.ratios}
    no_counts: dict[str, int | None] = {s: None for s in table.stages}
    return [
        FunnelRow("", "Region total", dict(region.totals), no_ratios,
                  kind=RowKind.region_total),
        FunnelRow("", "LAs with a count", dict(region.contributors), no_ratios,
                  kind=RowKind.region_contributors),
        FunnelRow("", "Region median", no_counts, dict(region.medians),
                  kind=RowKind.region_median),
        FunnelRow("", "Region pooled", no_counts, dict(region.pooled),
                  kind=RowKind.region_pooled),
    ]
