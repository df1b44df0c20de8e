"""fostlog benchmark: the recruitment funnel per LA for one benchmarking year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from fostlog.cli.common import (
    NEEDS_BENCHMARK,
    AuthorityOption,
    DataOption,
    FormatOption,
    authority_id,
    fail,
    fail_usage,
    load_for_query,
    refuse_with,
    write_output,
)
from fostlog.render.tables import Column, OutputFormat, Table, percent_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from fostlog.queries.benchmark import BenchmarkTable, FunnelRow, RatioChange, StageComparison
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


def _years_table(repo: Repository) -> Table:
    return Table(repo.benchmarks, [
        Column("year", "Year", lambda b: b.year),
        Column("authorities", "LAs", lambda b: len(b.authorities), numeric=True),
        Column("source", "Source", lambda b: b.source),
    ], title="Benchmarking years")


def _changes_table(changes: list[RatioChange], year: str, other: str, title: str) -> Table:
    return Table(changes, [
        Column("authority", "LA", lambda r: r.name),
        Column("ratio", "Ratio", lambda r: r.ratio),
        Column("this_year", year, lambda r: r.this_year, numeric=True, text=percent_text),
        Column("other_year", other, lambda r: r.other_year, numeric=True, text=percent_text),
        Column("change_points", "Change (points)", lambda r: r.change_points,
               numeric=True, text=lambda v: f"{v:+.0f}"),
    ], title=title)


def _funnel_table(funnel: list[StageComparison], name: str, region: bool, title: str
                  ) -> Table:
    columns = [
        Column("key", "Key", lambda r: r.key),
        Column("label", "Stage or ratio", lambda r: r.label),
        Column("value", name, lambda r: r.value, numeric=True, text=_one_place),
    ]
    if region:
        columns += [
            Column("region_median", "Region median", lambda r: r.region_median,
                   numeric=True, text=_one_place),
            Column("region_pooled", "Region pooled", lambda r: r.region_pooled,
                   numeric=True, text=_one_place),
        ]
    return Table(funnel, columns, title=title)


def benchmark(
    year: Annotated[
        str | None,
        typer.Argument(help="Financial year, e.g. 2020-21. Leave out to list the years.",
                       show_default=False),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option("--sort", help="Sort by a stage or ratio key (e.g. conversion), best "
                     "first; unknowns last. Adds rank and quartile band (A = best quarter). "
                     "With --compare: that ratio's changes only, the biggest gain first."),
    ] = None,
    ascending: Annotated[
        bool | None,
        typer.Option("--ascending/--descending",
                     help="Override the direction of --sort.", show_default=False),
    ] = None,
    authority: AuthorityOption = None,
    compare: Annotated[
        str | None,
        typer.Option("--compare", metavar="OTHER_YEAR",
                     help="Show each ratio's change from OTHER_YEAR to YEAR."),
    ] = None,
    region: Annotated[
        bool | None, typer.Option("--region/--no-region", show_default=False,
                                  help="Show the region beside the LAs: its rows (totals, "
                                  "median and pooled ratios) under the table, or its "
                                  "columns beside one LA's funnel. Default: shown.")
    ] = None,
    data: DataOption = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """The recruitment funnel per LA for one benchmarking year: counts and ratios.

    Ratios are computed from the counts; a blank count in the minutes is unknown, and a
    ratio over it shows as n/a, never 0%. Flags mark a ratio over 100% and a percentage
    printed in the minutes that disagrees with the counts.

    The options compose: --authority LA alone gives that LA's funnel stage by stage beside
    the region; with --compare, that LA's changes. --sort orders the LAs, so it goes with
    the whole table or with --compare (then it takes a ratio key), not with --authority.

    Examples:

    \b
        fostlog benchmark
        fostlog benchmark 2020-21 --sort conversion
        fostlog benchmark 2020-21 --sort enquiries --ascending --format csv
        fostlog benchmark 2020-21 --authority Kent
        fostlog benchmark 2021-22 --compare 2020-21 --sort conversion
        fostlog benchmark 2021-22 --compare 2020-21 --authority Kent
    """
    from fostlog.queries import benchmark as queries

    given = {"--sort": sort, "--ascending/--descending": ascending,
             "--authority": authority, "--compare": compare, "--region/--no-region": region}
    needing_year = [option for option, value in given.items() if value is not None]
    if year is None and needing_year:
        raise fail_usage(f"{', '.join(needing_year)}: give a YEAR as well (e.g. 'fostlog "
                         "benchmark 2020-21 ...'); without one, benchmark lists the years.")
    if ascending is not None and sort is None:
        raise fail_usage("--ascending/--descending set the direction of --sort: give --sort "
                         "KEY too.")
    if compare is None:
        refuse_with("--authority", authority is not None, {"--sort": sort is not None},
                    "--sort orders the LAs, and --authority shows one LA's funnel. To see "
                    "where it ranks, sort the whole table and find it there.")
    refuse_with("--compare", compare is not None, {"--region/--no-region": region is not None},
                "the changes are per LA; the region has no rows there.")

    repo = load_for_query(data, NEEDS_BENCHMARK)
    chosen = _resolve_year(repo, year)
    if chosen is None:
        write_output(_years_table(repo), output_format)
        return
    year_record = repo.benchmark(chosen)
    assert year_record is not None
    found = authority_id(repo, authority) if authority is not None else None
    descending = None if ascending is None else not ascending

    if compare is not None:
        other = _resolve_year(repo, compare)
        assert other is not None
        other_record = repo.benchmark(other)
        assert other_record is not None
        keys = [k for k in queries.ratio_keys(year_record)
                if k in queries.ratio_keys(other_record)]
        if sort is not None and sort not in keys:
            raise fail_usage(f"with --compare, --sort takes a ratio both years have: "
                             f"{', '.join(keys)} (not '{sort}').")
        changes = queries.compare_years(repo, chosen, other, authority=found, sort_key=sort,
                                        descending=descending)
        title = f"Change in each ratio, {other} to {chosen}"
        if found is not None:
            title += f", {repo.authority_name(found)}"
        write_output(_changes_table(changes, chosen, other, title), output_format)
        return

    keys = queries.sort_keys(year_record)
    if sort is not None and sort not in keys:
        raise fail_usage(f"--sort must be one of: {', '.join(keys)} (not '{sort}').")

    if found is not None:
        try:
            funnel = queries.authority_funnel(repo, chosen, found)
        except LookupError:
            raise fail(f"{repo.authority_name(found)} has no row in {chosen}.") from None
        name = repo.authority_name(found)
        write_output(_funnel_table(funnel, name, region is not False,
                                   f"{name}, {chosen} (ratios in %)"), output_format)
        return

    table = queries.benchmark_table(repo, chosen, sort, descending)
    rows = table.rows + (queries.region_rows(table) if region is not False else [])
    title = f"Benchmarking {chosen}" + (f", sorted by {sort}" if sort else "")
    write_output(Table(rows, _funnel_columns(table), title=title), output_format)
