"""fostlog benchmark: the recruitment funnel per LA for one benchmarking year."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from fostlog.cli.common import (
    NEEDS_BENCHMARK,
    AuthorityOption,
    ColumnsOption,
    DataOption,
    FormatOption,
    View,
    WideOption,
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

    from fostlog.models import BenchmarkYear
    from fostlog.queries.benchmark import BenchmarkTable, FunnelRow, RatioChange, StageComparison
    from fostlog.repository import Repository


def _count_of(stage: str) -> Callable[[FunnelRow], int | None]:
    return lambda row: row.counts.get(stage)


def _ratio_of(key: str) -> Callable[[FunnelRow], float | None]:
    return lambda row: row.ratios.get(key)


def _uncertain(year: BenchmarkYear) -> set[str]:
    """The stages whose label could not be recovered (the header the export lost)."""
    return {s.key for s in year.stages if str(s.confidence) == "unknown"}


def _funnel_columns(table: BenchmarkTable, year: BenchmarkYear, flags: bool) -> list[Column]:
    """The LA, its rank and band, then the counts and the ratios. On a narrow terminal the
    counts are left out first (--authority LA shows one LA's): those of a stage whose label
    was lost, then those the sorted ratio is not made of; then the ratios over a stage
    whose label was lost, then the other ratios from the right; never what is sorted by.
    A table lists the flags in words under it; CSV and JSON have them as a column."""
    uncertain = _uncertain(year)
    ratio_by_key = {r.key: r for r in table.ratios}
    sorted_by = ratio_by_key.get(table.sort_key or "")
    feeding = {sorted_by.numerator, sorted_by.denominator} if sorted_by else set()
    columns = [Column("authority", "LA", lambda r: r.name)]
    if table.sort_key:
        columns += [Column("rank", "Rank", lambda r: r.rank),
                    Column("band", "Band", lambda r: r.band)]
    for stage in table.stages:
        priority = (0 if stage == table.sort_key else 6 if stage in uncertain
                    else 4 if stage in feeding else 5)
        columns.append(Column(stage, table.stage_labels[stage], _count_of(stage), numeric=True,
                              priority=priority))
    for ratio in table.ratios:
        over_uncertain = {ratio.numerator, ratio.denominator} & uncertain
        priority = 0 if ratio.key == table.sort_key else 3 if over_uncertain else 2
        columns.append(Column(ratio.key, ratio.label, _ratio_of(ratio.key), numeric=True,
                              text=percent_text, priority=priority))
    if flags:
        labels = {r.key: r.label for r in table.ratios}
        columns.append(Column("flags", "Flags", lambda r: r.flags, wrap=30, priority=1,
                              text=lambda found: ", ".join(_flag_label(f, labels)
                                                           for f in found)))
    return columns


def _flag_label(flag: str, labels: dict[str, str]) -> str:
    """A query's flag ("visit_to_stage_c over 100%") with the ratio's label for its key."""
    key, _, rest = flag.partition(" ")
    return f"{labels.get(key, key)} {rest}"


def _flag_words(row: FunnelRow, year: BenchmarkYear) -> str:
    """One LA's flags as a sentence: "Kent: 302% of initial visits reached stage C (over
    100%); ..."."""
    from fostlog import domain

    ratios = {r.key: r for r in year.ratios}
    said = []
    for flag in row.flags:
        key, _, rest = flag.partition(" ")
        ratio = ratios.get(key)
        value = row.ratios.get(key)
        if ratio is not None and value is not None and rest == "over 100%":
            said.append(f"{domain.ratio_words(year, ratio, percent_text(value))} (over 100%)")
        elif ratio is not None:
            said.append(f"{ratio.label} {rest} with the counts ({percent_text(value)})"
                        if value is not None and rest.endswith("disagrees")
                        else f"{ratio.label} {rest}")
        else:
            said.append(flag)
    return f"{row.name}: " + "; ".join(said) + "."


def _funnel_note(rows: list[FunnelRow], year: BenchmarkYear) -> str:
    flagged = [_flag_words(row, year) for row in rows if row.flags]
    return "\n".join([*flagged, "n/a: not known (a count the minutes leave blank, or a ratio "
                      "that needs one), or not applicable in the region's rows; never 0%."])


def _one_place(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _resolve_year(repo: Repository, year: str | None) -> str | None:
    """The year asked for; one the data does not have is bad usage (exit 2, as a sort key
    or a status word is), with the closest and the years available."""
    from fostlog.vocabulary import closest

    years = [b.year for b in repo.benchmarks]
    if year is None:
        return None
    typed = year.strip().replace("/", "-")
    if typed not in years:
        close = closest(typed, years)
        raise fail_usage(
            f"there is no benchmarking year {year} in the data."
            + (f" Did you mean {close}?" if close else ""),
            "Years available: " + (", ".join(years) or "none")
            + ". 'fostlog benchmark' lists them.",
        )
    return typed


def _sort_key(text: str, keys: list[str], labels: dict[str, str], option: str) -> str:
    """A --sort value: a stage or ratio key, or its label, in any case; else bad usage with
    the closest key."""
    from fostlog.vocabulary import closest

    def norm(word: str) -> str:
        return "_".join(word.replace("-", " ").lower().split())

    by_name = {norm(k): k for k in keys} | {norm(labels[k]): k for k in keys if k in labels}
    found = by_name.get(norm(text))
    if found is None:
        close = closest(norm(text), by_name)
        raise fail_usage(
            f"{option} '{text}' is not a stage or ratio of this year."
            + (f" Did you mean {by_name[close]}?" if close else ""),
            f"Use one of: {', '.join(keys)}.",
        )
    return found


def _years_table(repo: Repository) -> Table:
    return Table(repo.benchmarks, [
        Column("year", "Year", lambda b: b.year),
        Column("authorities", "LAs", lambda b: len(b.authorities), numeric=True),
        Column("source", "Source", lambda b: b.source, wrap=60, least=20),
    ], title="Benchmarking years", empty="The data has no benchmarking years yet.")


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
        typer.Argument(metavar="YEAR", show_default=False,
                       help="Financial year, e.g. 2020-21. Leave out to list the years."),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option("--sort", metavar="KEY", show_default=False,
                     help="Sort by a stage or ratio key (e.g. conversion), best "
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
                     help="Show each ratio's change from OTHER_YEAR to YEAR.",
                     show_default=False),
    ] = None,
    region: Annotated[
        bool | None, typer.Option("--region/--no-region", show_default=False,
                                  help="Show the region beside the LAs: its rows (totals, "
                                  "median and pooled ratios) under the table, or its "
                                  "columns beside one LA's funnel. Default: shown.")
    ] = None,
    data: DataOption = None,
    output_format: FormatOption = OutputFormat.table,
    wide: WideOption = False,
    columns: ColumnsOption = None,
) -> None:
    """The recruitment funnel per LA for one benchmarking year: counts and ratios.

    Ratios are computed from the counts; a blank count in the minutes is unknown, and a
    ratio over it shows as n/a, never 0%. Flags mark a ratio over 100% and a percentage
    printed in the minutes that disagrees with the counts.

    The options compose: --authority LA alone gives that LA's funnel stage by stage beside
    the region; with --compare, that LA's changes. --sort orders the LAs, so it goes with
    the whole table or with --compare (then it takes a ratio key), not with --authority.

    On a terminal narrower than the whole table, the ratios and ranks are shown and the
    counts left out (a note under the table says what was): --authority LA gives one LA's
    counts, --wide every column.

    Examples:

    \b
        fostlog benchmark
        fostlog benchmark 2020-21 --sort conversion
        fostlog benchmark 2020-21 --sort conversion --wide
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

    view = View(wide, columns)
    repo = load_for_query(data, NEEDS_BENCHMARK)
    chosen = _resolve_year(repo, year)
    if chosen is None:
        write_output(_years_table(repo), output_format, view)
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
        if sort is not None:
            stages = [s.key for s in year_record.stages]
            labels = {r.key: r.label for r in year_record.ratios}
            sort = _sort_key(sort, keys + stages, labels, "--sort")
            if sort not in keys:
                raise fail_usage(f"with --compare, --sort takes a ratio both years have: "
                                 f"{', '.join(keys)} (not '{sort}').")
        changes = queries.compare_years(repo, chosen, other, authority=found, sort_key=sort,
                                        descending=descending)
        title = f"Change in each ratio, {other} to {chosen}"
        if found is not None:
            title += f", {repo.authority_name(found)}"
        write_output(_changes_table(changes, chosen, other, title), output_format, view)
        return

    if sort is not None:
        labels = {r.key: r.label for r in year_record.ratios}
        labels |= {s.key: s.label for s in year_record.stages}
        sort = _sort_key(sort, queries.sort_keys(year_record), labels, "--sort")

    if found is not None:
        try:
            funnel = queries.authority_funnel(repo, chosen, found)
        except LookupError:
            raise fail(f"{repo.authority_name(found)} has no row in {chosen}: the data "
                       "does not give its counts that year.",
                       "'fostlog benchmark " + chosen + "' lists the LAs it has.") from None
        name = repo.authority_name(found)
        write_output(_funnel_table(funnel, name, region is not False,
                                   f"{name}, {chosen} (ratios in %)"), output_format, view)
        return

    table = queries.benchmark_table(repo, chosen, sort, descending)
    rows = table.rows + (queries.region_rows(table) if region is not False else [])
    title = f"Benchmarking {chosen}" + (f", sorted by {sort}" if sort else "")
    in_words = output_format in (OutputFormat.table, OutputFormat.markdown)
    write_output(Table(rows, _funnel_columns(table, year_record, flags=not in_words),
                       title=title, note=_funnel_note(table.rows, year_record) if in_words
                       else "", empty=f"No LA has a row in {chosen}."),
                 output_format, view)
