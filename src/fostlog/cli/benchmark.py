"""fostlog benchmark: the recruitment funnel per LA for one benchmarking year (the group's
own table, or a published source's such as Ofsted's), or one LA across every year held."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fostlog.cli import common
from fostlog.cli.common import (
    NEEDS_BENCHMARK,
    authority_id,
    fail,
    fail_usage,
    load_to_answer,
    write_output,
)
from fostlog.render.output import Format
from fostlog.render.tables import Column, Table, percent_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from fostlog.core.models import BenchmarkYear
    from fostlog.core.repository import Repository
    from fostlog.queries.benchmark import (
        RatioChange,
        StageComparison,
        YearComparison,
    )
    from fostlog.queries.neighbours import Beside, SideRow


def _one_place(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _benchmark_year(repo: Repository, text: str, option: str = "YEAR") -> BenchmarkYear:
    return common.year_value(text, repo.benchmark_years, repo.benchmarks,
                      "benchmarking year", "benchmark", option)


def _sort_key(text: str, keys: list[str], labels: dict[str, str], option: str) -> str:
    """A --sort value: a stage or ratio key, or its label, in any case; else bad usage with
    the closest key."""
    from fostlog.core.vocabulary import closest

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
    from fostlog.queries.benchmark import series_name

    return Table(repo.benchmarks, [
        Column("key", "Key", lambda b: b.key),
        Column("year", "Year", lambda b: b.year, priority=2),
        Column("series", "Whose", series_name, priority=1),
        Column("authorities", "LAs", lambda b: len(b.authorities), numeric=True),
        Column("source", "Source", lambda b: b.source, wrap=60, least=20, priority=3),
    ], title="Benchmarking years", note="'fostlog benchmark KEY' shows one; a year only one "
        "source holds can be given as the year (2020-21).",
        empty="The data has no benchmarking years yet.")


def _changes_table(changes: list[RatioChange], year: str, other: str, title: str,
                   in_words: bool) -> Table:
    """A ratio the other year lacks reads "not comparable", its change blank (CSV and
    JSON: comparable false), never 0."""
    def lacking(row: RatioChange) -> str | None:
        return None if row.comparable else "not comparable"

    def no_change(row: RatioChange) -> str | None:
        return None if row.comparable else ""

    columns = [
        Column("authority", "LA", lambda r: r.name),
        Column("ratio", "Ratio", lambda r: r.ratio),
        Column("this_year", year, lambda r: r.this_year, numeric=True, text=percent_text),
        Column("other_year", other, lambda r: r.other_year, numeric=True, text=percent_text,
               reason=lacking),
        Column("change_points", "Change (points)", lambda r: r.change_points,
               numeric=True, text=lambda v: f"{round(v):+d}", reason=no_change),
    ]
    if not in_words:
        columns.append(Column("comparable", "Comparable", lambda r: r.comparable))
    lacked = sorted({r.ratio for r in changes if not r.comparable})
    note = (f"Not comparable: {other} has no {', '.join(lacked)} (a stage it does not "
            "count); no figure, no change, never 0." if lacked else "")
    return Table(changes, columns, title=title, note=note)


def _comparator_of(level: str) -> Callable[[StageComparison], float | None]:
    """The source's own figure for the area (n/a where it is unknown)."""
    return lambda item: item.comparators.get(level)


def _no_comparator(level: str) -> Callable[[StageComparison], str | None]:
    """Blank in a year whose source publishes no such row: not applicable, not unknown."""
    return lambda item: "" if level not in item.comparators else None


def _comparison_columns(name: str, comparators: dict[str, str], region: bool,
                        in_words: bool, pooled: bool,
                        mean: Callable[[Any], Mean | None] | None = None) -> list[Column]:
    """The LA's figure, then its statistical neighbours' mean (`mean`: of a row, None
    where there is none to give), then (`region`) the median over the region's LAs, the
    pooled ratio (`pooled`: blank for a stage, where it does not apply) and the source's
    own rows (`comparators`: level -> the area's name). A count the source did not give
    shows its reason ("suppressed") in a table or Markdown, and in a column of its own in
    CSV."""
    columns = [Column("value", name, lambda r: r.value, numeric=True, text=_one_place,
                      reason=lambda r: r.unknown)]
    if not in_words:  # a table shows the reason in the value's cell
        columns.append(Column("unknown", "Unknown", lambda r: r.unknown))
    if mean is not None:
        columns += _mean_columns(mean, in_words)
    if not region:
        return columns
    columns.append(Column("region_median", "Region median", lambda r: r.region_median,
                          numeric=True, text=_one_place, priority=3))
    if pooled:
        columns.append(Column("region_pooled", "Region pooled", lambda r: r.region_pooled,
                              numeric=True, text=_one_place, priority=4,
                              reason=lambda r: "" if r.kind == "stage" else None))
    columns += [Column(level, area, _comparator_of(level), numeric=True, text=_one_place,
                       priority=2, reason=_no_comparator(level))
                for level, area in comparators.items()]
    return columns


@dataclass(frozen=True)
class Mean:
    """The statistical neighbours' mean of one ratio, for a row of the funnel."""

    row: SideRow
    measure: str

    @property
    def value(self) -> float | None:
        return self.row.values.get(self.measure)

    @property
    def with_value(self) -> int:
        return self.row.with_value.get(self.measure, 0)


def _mean_columns(mean: Callable[[Any], Mean | None], in_words: bool) -> list[Column]:
    """The neighbours' mean, and how many of them had a figure ("10 of 10" in a table;
    CSV and JSON: the count, of how many, and the set). Blank where it does not apply
    (a stage, a year without every LA); n/a where none of them had one."""
    def get(part: Callable[[Mean], Any]) -> Callable[[Any], Any]:
        return lambda r: None if (m := mean(r)) is None else part(m)

    def blank(r: Any) -> str | None:
        return "" if mean(r) is None else None

    value = Column("neighbours_mean", "Statistical neighbours", get(lambda m: m.value),
                   numeric=True, text=_one_place, reason=blank, priority=1)
    if in_words:
        return [value, Column("neighbours_with_value", "With a figure",
                              get(lambda m: f"{m.with_value} of {m.row.neighbours}"),
                              priority=3)]
    return [value,
            Column("neighbours_with_value", "With a figure", get(lambda m: m.with_value),
                   numeric=True),
            Column("neighbours", "Neighbours", get(lambda m: m.row.neighbours),
                   numeric=True),
            Column("neighbour_set", "Neighbour set", get(lambda m: m.row.neighbour_set))]


def _means(besides: list[Beside]) -> Callable[[str, str], Mean | None]:
    """The neighbours' mean of a ratio in a year (by the year's key and the ratio's):
    None for a stage, a year with no neighbours' figure, or an LA the set gives none."""
    by_year = {b.source: b.mean for b in besides}

    def find(year: str, key: str) -> Mean | None:
        row = by_year.get(year)
        if row is None or not row.neighbours or key not in row.values:
            return None
        return Mean(row, key)

    return find


def _comparators(year: BenchmarkYear) -> dict[str, str]:
    """The source's own rows beside the LAs: level -> the area's name (South East)."""
    from fostlog.queries.benchmark import comparator_rows

    return {row.authority: row.name for row in comparator_rows(year)}


def _funnel_table(funnel: list[StageComparison], year: BenchmarkYear, name: str,
                  region: bool, in_words: bool, title: str,
                  beside: tuple[Beside | None, str]) -> Table:
    """One LA's funnel stage by stage, beside its neighbours' mean (`beside`: the
    comparison, None where the year cannot give one, and the note on the neighbours),
    the region and England."""
    comparators = _comparators(year)
    comparison, said = beside
    mean = _means([comparison] if comparison else [])
    columns = [
        # Beside the neighbours, a narrow table keeps the labels whole, leaving out the keys.
        Column("key", "Key", lambda r: r.key, priority=4 if comparison else 1),
        Column("label", "Stage or ratio", lambda r: r.label),
        *_comparison_columns(name, comparators, region, in_words, pooled=not comparators,
                             mean=(lambda r: mean(year.key, r.key)) if comparison else None),
    ]
    note = (f"{year.source}. Ratios in %, from the counts. Region median: over the LAs "
            "in the table; " + ", ".join(comparators.values()) + ": as the source "
            "publishes them. Suppressed: a count the source suppressed; n/a: unknown, "
            "never 0." if comparators and region else "")
    return Table(funnel, columns, title=title, note=" ".join(t for t in (note, said) if t))


def _years_of_authority_table(rows: list[YearComparison], name: str, region: bool,
                              in_words: bool, beside: tuple[list[Beside], str]) -> Table:
    """One LA in every year held, each row labelled with whose figure it is and what that
    source counts, its ratios beside its neighbours' mean where the year gives one
    (`beside`: those years' comparisons, and the note on the neighbours)."""
    besides, said = beside
    mean = _means(besides)
    def part(row: YearComparison) -> StageComparison:
        return row.item

    levels = {level: "Region (source)" if level == "region" else "England (source)"
              for row in rows for level in row.item.comparators}
    columns = [
        Column("year_key", "Year", lambda r: r.key),
        Column("source", "Whose", lambda r: r.source, priority=1, wrap=12),
        Column("key", "Key", lambda r: r.item.key, priority=6),
        Column("label", "Stage or ratio", lambda r: r.item.label, wrap=24, least=14),
        *[c.of(part) for c in _comparison_columns(name, levels, region, in_words,
                                                   pooled=True)][:1 if in_words else 2],
        *_mean_columns(lambda r: mean(r.key, r.item.key), in_words),
        *[c.of(part) for c in _comparison_columns(name, levels, region, in_words,
                                                   pooled=True)][1 if in_words else 2:],
        Column("definition", "What it counts", lambda r: r.item.note, wrap=48, least=32,
               priority=5),
    ]
    note = (
        "Each row is one source's figure for one year: the group's own table (collected "
        "from the LAs at its meetings) or Ofsted's published data. They need not count the "
        "same things (the group's 'applications' and Ofsted's may differ), so compare a "
        "year with another of the same source; 'What it counts' gives each definition "
        "(--wide, or --format csv). Ratios in %. Region median: over the LAs in that "
        "year's table; Region pooled: the LAs' counts added up; Region and England "
        "(source): as the source publishes them. Suppressed: a count the source "
        "suppressed; n/a: unknown, never 0. " + said
    )
    return Table(rows, columns, title=f"{name}: every benchmarking year held",
                 note=note if in_words else "",
                 empty=f"No benchmarking year has a row for {name}.")


def _besides(repo: Repository, authority: str, years: list[BenchmarkYear],
             set_key: str | None, listed: bool) -> tuple[list[Beside], str]:
    """The LA beside its neighbours in each of `years` that can give a neighbours' mean
    (oldest first), and the note on them: the set, and why a year has no mean."""
    from fostlog.queries import neighbours as queries

    name = repo.authority_name(authority)
    ordered = sorted(years, key=lambda b: (b.year, b.key))
    besides = [queries.benchmark_beside(repo, b, authority, set_key)
               for b in ordered if queries.has_neighbours(b)]
    lacking = []
    for year in ordered:
        if queries.has_neighbours(year):
            continue
        own = queries.benchmark_beside(repo, year, authority, set_key)
        inside = sum(n.in_file for n in own.neighbours)
        lacking.append(
            f"{year.key} holds only the group's LAs: {inside} of {name}'s "
            f"{len(own.neighbours)} statistical neighbours are in it, so it gives no "
            "neighbours' mean (one of those few would not be the neighbours').")
    if listed and not besides:
        raise fail(" ".join(lacking) or f"No benchmarking year held has {name}.",
                   "--neighbours lists them in a year of Ofsted's: 'fostlog benchmark "
                   "ofsted-2018-19 --authority LA --neighbours'.")
    said = [f"Figures: {b.source}, {y.source}." for b, y in zip(besides, (
        y for y in ordered if queries.has_neighbours(y)), strict=True) if listed]
    if besides:
        said.append(common.neighbour_note(repo, authority, set_key, listed))
    said += lacking
    return besides, " ".join(said)


def _neighbours_table(besides: list[Beside], name: str, said: str,
                      output_format: Format) -> Table:
    """The LA's neighbours one by one in each year, with each ratio (absent in a year
    that lacks it, never 0), then their mean."""
    measures: dict[str, str] = {}
    for beside in reversed(besides):  # the latest year's order
        measures |= beside.measures

    def value(key: str) -> Callable[[Any], float | None]:
        return lambda r: r.values.get(key)

    def reason(key: str) -> Callable[[Any], str | None]:
        # A ratio the year lacks (a stage it does not count) is absent: blank, never 0.
        return lambda r: "" if key not in r.values else r.unknown.get(key)

    columns = [Column(key, label, value(key), numeric=True, text=_one_place,
                      reason=reason(key)) for key, label in measures.items()]
    rows: list[Any] = [r for b in besides for r in [*b.neighbours, b.mean]]
    shown = common.neighbour_columns(output_format, columns)
    if output_format.in_words:
        shown = [c for c in shown if c.key != "neighbour_set"
                 and (c.key != "key" or len(besides) > 1)]
    when = besides[0].source if len(besides) == 1 else "every Ofsted year held"
    return Table(rows, shown, title=f"{name}'s statistical neighbours, {when} (ratios in %)",
                 note=said, empty=f"No benchmarking year held can give {name}'s "
                 "neighbours' figures.")


def benchmark(
    year: Annotated[
        str | None,
        typer.Argument(metavar="YEAR", show_default=False,
                       help="A benchmarking year by its key: 2020-21 (the group's own "
                       "table), ofsted-2018-19 (Ofsted's figures); a year only one source "
                       "holds also by the year alone. Leave out to list the years."),
    ] = None,
    sort: Annotated[str | None, common.option(
        "--sort", metavar="KEY",
        help="Sort by a stage or ratio key (e.g. conversion), best first; unknowns last. A "
        "ratio adds its rank and band A-D (as DfE's LAIT: by the quartiles of the LAs' "
        "values); a stage is a count, sorted largest first with no rank or band. With "
        "--compare: that ratio's changes only, the biggest gain first.")] = None,
    ascending: Annotated[bool | None, common.option(
        "--ascending/--descending", help="Override the direction of --sort.")] = None,
    authority: common.AuthorityOption = None,
    neighbours: common.NeighboursOption = False,
    neighbour_set: common.NeighbourSetOption = None,
    compare: Annotated[str | None, common.option(
        "--compare", metavar="OTHER_YEAR",
        help="Show each ratio's change from OTHER_YEAR to YEAR (both of one source).")] = None,
    region: Annotated[bool | None, common.option(
        "--region/--no-region",
        help="Show the region beside the LAs: its rows (totals, median and pooled ratios, or "
        "the source's own region and England rows) under the table, or its columns beside "
        "one LA's funnel. Default: shown.")] = None,
    data: common.DataOption = None,
    output_format: common.FormatOption = Format.table,
    wide: common.WideOption = False,
    columns: common.ColumnsOption = None,
) -> None:
    """The recruitment funnel per LA for one benchmarking year: counts and ratios.

    A year is the group's own table (2020-21, collected from the LAs) or a published
    source's (ofsted-2018-19: Ofsted's enquiries, applications and approvals, with the
    South East and England as Ofsted publishes them). The sources need not count the same
    things: each stage says what it counts.

    Ratios are computed from the counts; a blank count in the minutes is unknown, a count
    the source suppressed shows as suppressed, and a ratio over either shows as n/a, never
    0%. Flags mark a ratio over 100% and a percentage printed in the minutes that
    disagrees with the counts.

    Sorted by a ratio, the LAs are ranked and banded as DfE's LA Interactive Tool (LAIT)
    does: ties share the best rank, by the ratio's better way; a band is by value, from
    the quartile points (R's type 7) of the LAs' values: where higher is better, above
    the 75% point A, above the median B, above the 25% point C, the rest D (where lower is
    better, the same from the bottom); a value exactly at a point is in the band of lower
    values. The group's own table is banded among the LAs in it; a source's year that
    holds every LA in England (Ofsted's, imported whole) among all of them, with the rank
    in the region beside the national one; one that holds only the region's LAs is ranked
    in the region, not banded. The points are in the note, and on each LA's row in CSV
    and JSON (quartile_25, quartile_50, quartile_75). A stage is a count: no rank or band.
    With --compare, a ratio the other year lacks (a stage it does not count) shows as not
    comparable.

    The options compose: --authority LA alone lists that LA in every year and source
    held; with a YEAR, its funnel stage by stage beside the region; with --compare, its
    changes.

    With --authority LA, each ratio of a year that holds every LA in England (Ofsted's)
    stands beside the LA's statistical neighbours' mean, as DfE's LAIT shows it: the plain
    mean of the values its ten neighbours have (those with none left out), with how many
    had one ("10 of 10"). --neighbours lists the ten with their ratios, then the mean.
    The set is the latest held, for every year, as LAIT uses it; --neighbour-set picks
    another. The group's own table holds only its LAs, so it gives no neighbours' mean
    (the note says how many of the neighbours it has). --sort orders the LAs, so it goes
    with the whole table or with --compare (then it takes a ratio key), not with
    --authority.

    On a terminal narrower than the whole table, the ratios and ranks are shown and the
    counts left out (a note under the table says what was): --authority LA gives one LA's
    counts, --wide every column.

    Examples:

    \b
        fostlog benchmark
        fostlog benchmark 2020-21 --sort conversion
        fostlog benchmark 2020-21 --sort conversion --wide
        fostlog benchmark 2020-21 --sort enquiries --ascending --format csv
        fostlog benchmark ofsted-2018-19 --sort conversion
        fostlog benchmark 2020-21 --authority Kent
        fostlog benchmark --authority Kent
        fostlog benchmark ofsted-2018-19 --authority Reading
        fostlog benchmark ofsted-2018-19 --authority Reading --neighbours
        fostlog benchmark --authority Reading --neighbour-set sn-2021-04 --format csv
        fostlog benchmark ofsted-2018-19 --compare ofsted-2017-18
        fostlog benchmark 2021-22 --compare 2020-21 --sort conversion    (exit 2: no 2021-22 yet)
    """
    from fostlog.queries import benchmark as queries
    from fostlog.render.benchmark import funnel_table

    given = {"--sort": sort, "--ascending/--descending": ascending,
             "--compare": compare}
    needing_year = [option for option, value in given.items() if value is not None]
    if year is None and needing_year:
        raise fail_usage(f"{', '.join(needing_year)}: give a YEAR as well (e.g. 'fostlog "
                         "benchmark 2020-21 ...'); without one, benchmark lists the years "
                         "(or, with --authority LA, that LA in every year).")
    if ascending is not None and sort is None:
        raise fail_usage("--ascending/--descending set the direction of --sort: give --sort "
                         "KEY too.")
    if compare is None:
        common.refuse_with("--authority", authority is not None, {"--sort": sort is not None},
                           "--sort orders the LAs, and --authority shows one LA's funnel. To "
                           "see where it ranks, sort the whole table and find it there.")
    common.refuse_with("--compare", compare is not None,
                       {"--region/--no-region": region is not None,
                        "--neighbours": neighbours, "--neighbour-set": bool(neighbour_set)},
                       "the changes are per LA; the region and neighbours have no rows "
                       "there.")
    common.neighbour_options(authority, neighbours, neighbour_set)
    if year is None and authority is None and region is not None:
        raise fail_usage("--region/--no-region: give a YEAR or --authority LA as well; "
                         "without them, benchmark lists the years.")

    view = common.View(wide, columns)
    repo = load_to_answer(data, NEEDS_BENCHMARK + (("neighbours",) if authority else ()))
    in_words = output_format.in_words
    found = authority_id(repo, authority) if authority is not None else None
    set_key = common.neighbour_set_key(repo, neighbour_set)
    if year is None:
        if found is None:
            write_output(_years_table(repo), output_format, view)
            return
        besides, said = _besides(repo, found, repo.benchmarks, set_key, neighbours)
        if neighbours:
            write_output(_neighbours_table(besides, repo.authority_name(found), said,
                                           output_format), output_format, view)
            return
        held = queries.authority_years(repo, found)
        write_output(_years_of_authority_table(held, repo.authority_name(found),
                                               region is not False, in_words,
                                               (besides, said)),
                     output_format, view)
        return
    year_record = _benchmark_year(repo, year)
    chosen = year_record.key
    descending = None if ascending is None else not ascending

    if compare is not None:
        other_record = _benchmark_year(repo, compare, "--compare")
        other = other_record.key
        if other_record.series != year_record.series:
            raise fail_usage(
                f"--compare: {chosen} and {other} are from different sources "
                f"({queries.series_name(year_record)}, {queries.series_name(other_record)}), "
                "whose stages need not count the same things.",
                "Compare a year with another of the same source; 'fostlog benchmark "
                "--authority LA' shows an LA in every year and source, each labelled.")
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
        write_output(_changes_table(changes, chosen, other, title, in_words),
                     output_format, view)
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
                       "'fostlog benchmark " + chosen + "' lists the LAs it has; "
                       "'fostlog benchmark --authority LA' the years that have it.") from None
        name = repo.authority_name(found)
        besides, said = _besides(repo, found, [year_record], set_key, neighbours)
        if neighbours:
            write_output(_neighbours_table(besides, name, said, output_format),
                         output_format, view)
            return
        write_output(_funnel_table(funnel, year_record, name, region is not False, in_words,
                                   f"{name}, {chosen} (ratios in %)",
                                   (besides[0] if besides else None, said)),
                     output_format, view)
        return

    table = queries.benchmark_table(repo, chosen, sort, descending)
    title = f"Benchmarking {chosen}" + (f", sorted by {sort}" if sort else "")
    write_output(funnel_table(table, year_record, in_words, region is not False, title),
                 output_format, view)
