"""fostlog benchmark: the recruitment funnel per LA for one benchmarking year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from fostlog.cli.common import (
    NEEDS_BENCHMARK,
    DataOption,
    FormatOption,
    fail,
    fail_usage,
    load_for_query,
)
from fostlog.render.tables import Column, OutputFormat, emit, percent_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from fostlog.queries.benchmark import BenchmarkTable, FunnelRow
    from fostlog.repository import Repository


def _count_of(stage: str) -> Callable[[FunnelRow], int | None]:
    return lambda row: row.counts.get(stage)


def _ratio_of(key: str) -> Callable[[FunnelRow], float | None]:
    return lambda row: row.ratios.get(key)


def _funnel_columns(table: BenchmarkTable) -> list[Column]:
    columns = [Column("authority", "LA", lambda r: r.name)]
    if table.sort_key:
        columns += [Column("rank", "Rank", lambda r: r.rank),
                    Column("band", "Band", lambda r: r.band)]
    for stage in table.stages:
        columns.append(Column(stage, table.stage_labels[stage], _count_of(stage), numeric=True))
    for ratio in table.ratios:
        columns.append(Column(ratio.key, ratio.label, _ratio_of(ratio.key), numeric=True,
                              text=percent_text))
    columns.append(Column("flags", "Flags", lambda r: r.flags, wrap=30))
    return columns


def _one_place(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _resolve_year(repo: Repository, year: str | None) -> str | None:
    years = [b.year for b in repo.benchmarks]
    if year is None:
        return None
    if year not in years:
        raise fail_usage(
            f"there is no benchmarking year {year}. Years available: "
            + (", ".join(years) or "none") + "."
        )
    return year


def benchmark(
    year: Annotated[
        str | None,
        typer.Argument(help="Financial year, e.g. 2020-21. Leave out to list the years.",
                       show_default=False),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option("--sort", help="Sort by a stage or ratio key (e.g. conversion), best "
                     "first; unknowns last. Adds rank and quartile band (A = best quarter)."),
    ] = None,
    ascending: Annotated[
        bool | None,
        typer.Option("--ascending/--descending",
                     help="Override the direction of --sort.", show_default=False),
    ] = None,
    authority: Annotated[
        str | None,
        typer.Option("--authority", help="One LA's funnel, stage by stage, beside the region."),
    ] = None,
    compare: Annotated[
        str | None,
        typer.Option("--compare", help="Show each ratio's change from OTHER_YEAR to YEAR."),
    ] = None,
    region: Annotated[
        bool, typer.Option("--region/--no-region", help="Add the region's rows (totals, "
                           "median and pooled ratios) under the LAs.")
    ] = True,
    data: DataOption = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """The recruitment funnel per LA for one benchmarking year: counts and ratios.

    Ratios are computed from the counts; a blank count in the minutes is unknown, and a
    ratio over it shows as n/a, never 0%. Flags mark a ratio over 100% and a percentage
    printed in the minutes that disagrees with the counts.

    Examples:

    \b
        fostlog benchmark
        fostlog benchmark 2020-21 --sort conversion
        fostlog benchmark 2020-21 --sort enquiries --ascending --format csv
        fostlog benchmark 2020-21 --authority Kent
        fostlog benchmark 2021-22 --compare 2020-21
    """
    from fostlog import domain
    from fostlog.queries import benchmark as queries

    repo = load_for_query(data, NEEDS_BENCHMARK)
    chosen = _resolve_year(repo, year)
    if chosen is None:
        emit(repo.benchmarks, [Column("year", "Year", lambda b: b.year),
                               Column("authorities", "LAs", lambda b: len(b.authorities),
                                      numeric=True),
                               Column("source", "Source", lambda b: b.source)],
             output_format, title="Benchmarking years")
        return
    year_record = repo.benchmark(chosen)
    assert year_record is not None
    keys = queries.sort_keys(year_record)
    if sort is not None and sort not in keys:
        raise fail_usage(f"--sort must be one of: {', '.join(keys)} (not '{sort}').")
    descending = None if ascending is None else not ascending

    if compare is not None:
        other = _resolve_year(repo, compare)
        assert other is not None
        changes = queries.compare_years(repo, chosen, other)
        emit(changes, [
            Column("authority", "LA", lambda r: r.name),
            Column("ratio", "Ratio", lambda r: r.ratio),
            Column("this_year", chosen, lambda r: r.this_year, numeric=True, text=percent_text),
            Column("other_year", other, lambda r: r.other_year, numeric=True,
                   text=percent_text),
            Column("change_points", "Change (points)", lambda r: r.change_points,
                   numeric=True, text=lambda v: f"{v:+.0f}"),
        ], output_format, title=f"Change in each ratio, {other} to {chosen}")
        return

    if authority is not None:
        found = domain.find_authority(authority, repo)
        if found is None:
            raise fail_usage(f"'{authority}' is not an LA in authorities.yaml.")
        try:
            funnel = queries.authority_funnel(repo, chosen, found)
        except LookupError:
            raise fail(f"{repo.authority_name(found)} has no row in {chosen}.") from None

        emit(funnel, [
            Column("key", "Key", lambda r: r.key),
            Column("label", "Stage or ratio", lambda r: r.label),
            Column("value", repo.authorities[found].name, lambda r: r.value, numeric=True,
                   text=_one_place),
            Column("region_median", "Region median", lambda r: r.region_median, numeric=True,
                   text=_one_place),
            Column("region_pooled", "Region pooled", lambda r: r.region_pooled, numeric=True,
                   text=_one_place),
        ], output_format, title=f"{repo.authorities[found].name}, {chosen} (ratios in %)")
        return

    table = queries.benchmark_table(repo, chosen, sort, descending)
    rows = table.rows + (queries.region_rows(table) if region else [])
    title = f"Benchmarking {chosen}" + (f", sorted by {sort}" if sort else "")
    emit(rows, _funnel_columns(table), output_format, title=title)
