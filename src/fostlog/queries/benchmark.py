"""Which LAs convert enquiries best, stage by stage: pure functions over one benchmarking
year (or two). Ratios are computed from the counts; an unknown count gives an unknown
ratio (None), never 0%."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field
from fractions import Fraction

from fostlog import domain
from fostlog.models import BenchmarkYear, Better, Ratio
from fostlog.repository import Repository

BANDS = "ABCD"


@dataclass(frozen=True)
class FunnelRow:
    """One LA's row: counts by stage key, ratios (percent) by ratio key, rank and flags."""

    authority: str
    name: str
    counts: dict[str, int | None]
    ratios: dict[str, float | None]
    rank: int | None = None
    band: str | None = None
    flags: list[str] = field(default_factory=list)


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


@dataclass(frozen=True)
class StageComparison:
    """One stage or ratio of one LA beside the region."""

    key: str
    label: str
    kind: str  # "stage" or "ratio"
    value: float | None
    region_median: float | None
    region_pooled: float | None


@dataclass(frozen=True)
class RatioChange:
    authority: str
    name: str
    ratio: str
    this_year: float | None
    other_year: float | None
    change_points: float | None


def sort_keys(year: BenchmarkYear) -> list[str]:
    return [s.key for s in year.stages] + [r.key for r in year.ratios]


def _percent(value: Fraction | None) -> float | None:
    # float() of the exact Fraction is correctly rounded, so 29/40 gives exactly 72.5.
    return None if value is None else float(value * 100)


def _flags(year: BenchmarkYear, index: int) -> list[str]:
    row = year.authorities[index]
    flags = []
    for ratio in year.ratios:
        value = domain.ratio_value(row, ratio)
        if value is not None and value > 1:
            flags.append(f"{ratio.key} over 100%")
        printed = row.printed.get(ratio.key)
        if value is not None and printed is not None and not domain.printed_agrees(printed, value):
            flags.append(f"{ratio.key} printed {printed}% disagrees")
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


def _ranked(rows: list[FunnelRow], key: str, descending: bool,
            value_of: dict[str, float | None]) -> list[FunnelRow]:
    """Sort best first (unknowns last), with competition ranks and quartile bands A-D."""
    known = [r for r in rows if value_of[r.authority] is not None]
    unknown = [r for r in rows if value_of[r.authority] is None]
    known.sort(key=lambda r: value_of[r.authority] or 0.0, reverse=descending)
    unknown.sort(key=lambda r: r.name)
    ranked = []
    previous: float | None = None
    rank = 0
    for position, row in enumerate(known, start=1):
        value = value_of[row.authority]
        if value != previous:
            rank, previous = position, value
        band = BANDS[min(3, math.ceil(4 * rank / len(known)) - 1)]
        ranked.append(FunnelRow(row.authority, row.name, row.counts, row.ratios, rank, band,
                                row.flags))
    return ranked + unknown


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
        ))
    ratio_by_key = {r.key: r for r in year.ratios}
    if sort_key is None:
        descending = True if descending is None else descending
        ordered = rows
    else:
        if descending is None:
            ratio = ratio_by_key.get(sort_key)
            descending = ratio is None or ratio.better is Better.higher
        if sort_key in ratio_by_key:
            values = {r.authority: r.ratios[sort_key] for r in rows}
        else:
            values = {r.authority: _as_float(r.counts.get(sort_key)) for r in rows}
        ordered = _ranked(rows, sort_key, descending, values)
    return BenchmarkTable(
        year=year.year,
        stages=[s.key for s in year.stages],
        stage_labels={s.key: s.label for s in year.stages},
        ratios=list(year.ratios),
        sort_key=sort_key,
        descending=descending,
        rows=ordered,
        region=_region(year),
    )


def _as_float(value: int | None) -> float | None:
    return None if value is None else float(value)


def authority_funnel(repo: Repository, year_key: str, authority: str) -> list[StageComparison]:
    """One LA's funnel, stage by stage and ratio by ratio, beside the region."""
    table = benchmark_table(repo, year_key)
    row = next((r for r in table.rows if r.authority == authority), None)
    if row is None:
        raise LookupError(authority)
    stage_medians = {}
    for stage in table.stages:
        known = [v for r in table.rows if (v := r.counts[stage]) is not None]
        stage_medians[stage] = float(statistics.median(known)) if known else None
    found = [
        StageComparison(stage, table.stage_labels[stage], "stage",
                        _as_float(row.counts[stage]), stage_medians[stage], None)
        for stage in table.stages
    ]
    found += [
        StageComparison(ratio.key, ratio.label, "ratio", row.ratios[ratio.key],
                        table.region.medians[ratio.key], table.region.pooled[ratio.key])
        for ratio in table.ratios
    ]
    return found


def ratio_keys(year: BenchmarkYear) -> list[str]:
    return [r.key for r in year.ratios]


def compare_years(
    repo: Repository, year_key: str, other_key: str, *, authority: str | None = None,
    sort_key: str | None = None, descending: bool | None = None,
) -> list[RatioChange]:
    """Each LA's change in each ratio (both years have) from `other_key` to `year_key`, in
    points. `authority`: that LA's changes only. `sort_key`, a ratio's key: that ratio's
    changes only, the best change first by the ratio's direction (or `descending`), and
    unknown changes last."""
    this = benchmark_table(repo, year_key)
    other = benchmark_table(repo, other_key)
    before = {r.authority: r for r in other.rows}
    other_ratios = {r.key for r in other.ratios}
    changes = []
    for row in this.rows:
        if authority is not None and row.authority != authority:
            continue
        for ratio in this.ratios:
            if ratio.key not in other_ratios or sort_key not in (None, ratio.key):
                continue
            now = row.ratios[ratio.key]
            then_row = before.get(row.authority)
            then = then_row.ratios.get(ratio.key) if then_row else None
            change = None if now is None or then is None else now - then
            changes.append(RatioChange(row.authority, row.name, ratio.key, now, then, change))
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


def region_rows(table: BenchmarkTable) -> list[FunnelRow]:
    """The region's rows to show under the LAs: totals (and how many LAs contributed),
    the median of each ratio, and the pooled ratio."""
    region = table.region
    no_ratios: dict[str, float | None] = {r.key: None for r in table.ratios}
    no_counts: dict[str, int | None] = {s: None for s in table.stages}
    return [
        FunnelRow("region-total", "Region total", dict(region.totals), no_ratios),
        FunnelRow("region-contributors", "LAs with a count", dict(region.contributors),
                  no_ratios),
        FunnelRow("region-median", "Region median", no_counts, dict(region.medians)),
        FunnelRow("region-pooled", "Region pooled", no_counts, dict(region.pooled)),
    ]
