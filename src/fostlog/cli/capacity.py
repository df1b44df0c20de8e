"""fostlog capacity: fostering places approved, filled, vacant and not available per LA,
beside the region and England."""

from __future__ import annotations

from operator import attrgetter
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fostlog.cli import common
from fostlog.cli.common import (
    authority_id,
    fail_usage,
    load_to_answer,
    write_output,
)
from fostlog.render.output import Format
from fostlog.render.tables import Column, Table, by_key, reasons_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from fostlog.core.models import CapacityYear
    from fostlog.core.repository import Repository
    from fostlog.domain import QuartilePoints
    from fostlog.queries.capacity import CapacityTable, Change
    from fostlog.queries.neighbours import Beside

NEEDS_CAPACITY = ("authorities", "capacity")
MEASURE_WORDS = ("approved, filled, vacant, not_available, utilisation, vacant_share, "
                 "not_available_share")


def _share_text(value: float) -> str:
    return f"{value:.1f}%"


# Counts read with thousands separators (1,380) in a table or Markdown (Column.brief); CSV
# has plain numbers (1380), which a spreadsheet reads as numbers.
def _count_text(value: float) -> str:
    # A neighbours' mean need not be whole (213.5): CSV keeps its half.
    return f"{value:.1f}".removesuffix(".0")


def _count_words(value: float) -> str:
    return f"{value:,.1f}".removesuffix(".0")


def _measure_priority(key: str, ranked_by: str | None) -> int:
    """Which measures a narrow table leaves out first: the counts (vacant and not
    available before approved and filled), then the shares, then utilisation; never the
    measure the table is ranked by."""
    if key == ranked_by:
        return 0
    return {"utilisation": 1, "vacant_share": 3, "not_available_share": 3, "approved": 5,
            "filled": 5}.get(key, 6)


def measure_columns(part: Callable[[Any], Any] | None = None,
                    ranked_by: str | None = None) -> list[Column]:
    """A column for each count and share; `part` picks the CapacityRow out of a row;
    `ranked_by`, the measure ranks are by, is never left out of a narrow table. In a
    table or Markdown, a figure the source gives a reason for not knowing shows the
    reason ("suppressed"), never 0 (a share over it shows n/a)."""
    from fostlog.queries.capacity import MEASURES

    columns = [Column(m.key, m.label, by_key("values", m.key), numeric=True,
                      text=_share_text if m.is_share else _count_text,
                      brief=None if m.is_share else _count_words,
                      priority=_measure_priority(m.key, ranked_by),
                      reason=by_key("unknown", m.key)) for m in MEASURES]
    columns.append(Column("unknown", "Unknown", attrgetter("unknown"), text=reasons_text))
    columns.append(Column("flags", "Flags", lambda r: r.flags, wrap=28, least=20, priority=4))
    return [c.of(part) for c in columns] if part is not None else columns


def _area_columns(part: Callable[[Any], Any] | None = None) -> list[Column]:
    """The area's name; JSON and CSV also carry its id (an LA's) and level."""
    from fostlog.core.models import AreaLevel

    columns = [Column("area", "Area", lambda r: r.name),
               Column("authority", "LA id", lambda r: r.area if r.level is AreaLevel.la
                      else None),
               Column("level", "Level", lambda r: r.level)]
    return [c.of(part) for c in columns] if part is not None else columns


def _ranked_columns(points: Callable[[Any], QuartilePoints | None],
                    part: Callable[[Any], Any] | None = None) -> list[Column]:
    """Ranks and band; CSV and JSON also give the quartile points the band is from, on
    each LA's row (`points`: of a row as given)."""
    from fostlog.core.models import AreaLevel
    from fostlog.render.bands import point_columns

    # Not numeric: the region and England have no rank, and show nothing there, not n/a.
    columns = [Column("rank_region", "Rank (region)", lambda r: r.rank_region),
               Column("rank_all", "Rank (all LAs)", lambda r: r.rank_all, priority=2),
               Column("band", "Band", lambda r: r.band)]
    if part is not None:
        columns = [c.of(part) for c in columns]
    pick = part or (lambda r: r)
    return columns + point_columns(
        lambda r: points(r) if pick(r).level is AreaLevel.la else None)


def _years_table(repo: Repository) -> Table:
    return Table(repo.capacity, [
        Column("key", "Key", lambda c: c.key),
        Column("year", "Year", lambda c: c.year, priority=2),
        Column("series", "Source", lambda c: c.series, priority=1),
        Column("as_at", "As at", lambda c: c.as_at),
        Column("areas", "Areas", lambda c: len(c.areas), numeric=True),
        Column("source", "Publication", lambda c: c.source, wrap=50, least=20, priority=3),
    ], title="Capacity years held", empty="The data has no capacity figures yet: 'fostlog "
        "import ofsted FILE --year YYYY-YY --write' brings Ofsted's.")


def _note(table: CapacityTable) -> str:
    rounding = (f" The source rounds every figure to the nearest {table.rounding}, so "
                "parts (filled, vacant, not available) need not add up to places approved; "
                "a flag gives a gap rounding does not explain." if table.rounding else "")
    return (
        "Utilisation = filled / approved places; vacant and not-available shares are of "
        "approved places. A figure the source did not give shows why (suppressed, not "
        f"returned); a share over one is n/a; never 0.{rounding} "
        + _ranking_words(table)
    )


def _ranking_words(table: CapacityTable) -> str:
    from fostlog.queries.capacity import BY_KEY
    from fostlog.render.bands import band_note

    measure = BY_KEY[table.measure]
    label = measure.label.lower()
    if measure.better is None:
        return (f"Sorted by {label}, largest first. "
                + band_note(None, None, measure.label, ""))
    return (f"Ranked by {label} ({'highest' if measure.better.value == 'higher' else 'lowest'}"
            f" is better) among the region's {table.ranked_region} LAs with a figure and all "
            f"{table.ranked_all} LAs in the file. "
            + band_note(table.points, measure.better, label,
                        f"all {table.ranked_all} LAs in the file with a figure"))


def _trend_note(trend: list[Beside], measure: str) -> str:
    """Under one LA's years: how a band is worked out, and each year's points."""
    from fostlog.queries.capacity import BY_KEY
    from fostlog.render.bands import BAND_RULE, NO_POLARITY, two_places

    chosen = BY_KEY[measure]
    if chosen.better is None:
        return NO_POLARITY.format(label=chosen.label)
    points = {b.source: p for b in trend if (p := b.rows[0].points) is not None}
    said = "; ".join(f"{key}: 25% {two_places(p.lower)}%, median {two_places(p.median)}%, "
                     f"75% {two_places(p.upper)}%" for key, p in points.items())
    return (f"Ranks and bands by {chosen.label.lower()}, each year among all LAs in that "
            "year's file (Rank (all LAs)) and the region's. "
            + BAND_RULE.format(among="all LAs in the year's file with a figure")
            + (f" The points: {said}." if said else ""))


def _sources(repo: Repository, trend: list[Beside]) -> str:
    """Where each year's figures come from, and what the shares are."""
    held = {c.key: c.source for c in repo.capacity}
    return ("Figures: " + "; ".join(f"{b.source}, {held[b.source]}" for b in trend)
            + ". Utilisation = filled / approved places; vacant and not-available shares "
            "are of approved places. A figure the source did not give shows why "
            "(suppressed, not returned, not in file); never 0.")


def _beside(repo: Repository, authority: str, year: str | None, measure: str | None,
            set_key: str | None, listed: bool, output_format: Format,
            view: common.View) -> None:
    """One LA beside its statistical neighbours' mean, the region and England, in one
    year or every year held; `listed`: its neighbours one by one instead."""
    from fostlog.queries import capacity as capacity_query
    from fostlog.queries import neighbours as queries

    ranked_by = measure or capacity_query.DEFAULT_MEASURE
    if year is None:
        trend = queries.capacity_trend(repo, authority, set_key, measure)
    else:
        trend = [queries.capacity_beside(repo, _year(repo, year), authority, set_key,
                                         measure)]
    name = repo.authority_name(authority)
    note = " ".join([_sources(repo, trend),
                     common.neighbour_note(repo, authority, set_key, listed)])
    when = trend[0].source if year is not None else "every year held"
    if listed:
        rows: list[Any] = [r for b in trend for r in [*b.neighbours, b.mean]]
        content = Table(rows, _shown(_neighbour_columns(output_format, ranked_by),
                                     output_format, one_year=year is not None),
                        title=f"Fostering places: {name}'s statistical neighbours, {when}",
                        note=note, empty=f"No capacity year is held for {name}.")
    else:
        rows = [r for b in trend for r in b.rows]
        columns = [Column("key", "Year", lambda r: r.source),
                   Column("area", "Area", lambda r: r.name),
                   Column("authority", "LA id",
                          lambda r: authority if r.kind == "la" else None),
                   Column("level", "Level", lambda r: r.kind),
                   *_side_ranks(),
                   *common.counted_columns(output_format),
                   *measure_columns(ranked_by=ranked_by),
                   *_set_columns()]
        content = Table(rows, _shown(columns, output_format, one_year=year is not None),
                        title=f"Fostering places: {name} beside its statistical "
                        f"neighbours, the region and England, {when}",
                        note=f"{note} {_trend_note(trend, ranked_by)}",
                        empty=f"No capacity year is held for {name}.")
    write_output(content, output_format, view)


def _side_ranks() -> list[Column]:
    """The LA's ranks and band (and in CSV and JSON the quartile points they are from)."""
    from fostlog.render.bands import point_columns

    return [Column("rank_region", "Rank (region)", lambda r: r.rank_region),
            Column("rank_all", "Rank (all LAs)", lambda r: r.rank_all, priority=2),
            Column("band", "Band", lambda r: r.band),
            *point_columns(lambda r: r.points)]


def _set_columns() -> list[Column]:
    return [Column("neighbour_set", "Neighbour set", lambda r: r.neighbour_set)]


def _neighbour_columns(output_format: Format, ranked_by: str) -> list[Column]:
    measures = [c for c in measure_columns(ranked_by=ranked_by) if c.key != "flags"]
    return common.neighbour_columns(output_format, measures)


def _year(repo: Repository, text: str, option: str = "YEAR") -> CapacityYear:
    return common.year_value(text, repo.capacity_years, repo.capacity, "capacity year", "capacity",
                      option)


def _measure(sort: str | None) -> str | None:
    from fostlog.queries.capacity import BY_KEY

    if sort is not None and sort not in BY_KEY:
        from fostlog.core.vocabulary import closest

        close = closest(sort.strip().lower(), list(BY_KEY))
        raise fail_usage(f"--sort {sort} is not a measure."
                         + (f" Did you mean {close}?" if close else ""),
                         f"Use one of: {MEASURE_WORDS}.")
    return sort


def capacity(
    year: Annotated[
        str | None,
        typer.Argument(help="A year (2018-19), or one source's year (ofsted-2018-19). Leave "
                       "out to list the years held.", show_default=False),
    ] = None,
    sort: Annotated[
        str | None,
        typer.Option("--sort", metavar="MEASURE",
                     help=f"Best first by a measure ({MEASURE_WORDS}), unknowns last; ranks "
                     "and bands are by it (default: utilisation). With --compare: that "
                     "measure's changes only, the best first."),
    ] = None,
    ascending: Annotated[bool | None, common.option(
        "--ascending/--descending",
        help="Override the direction of --sort (utilisation: higher is better; the shares: "
        "lower is better; a count: largest first).")] = None,
    authority: common.AuthorityOption = None,
    neighbours: common.NeighboursOption = False,
    neighbour_set: common.NeighbourSetOption = None,
    compare: Annotated[
        str | None,
        typer.Option("--compare", metavar="OTHER_YEAR",
                     help="Each measure's change from OTHER_YEAR to YEAR."),
    ] = None,
    data: common.DataOption = None,
    output_format: common.FormatOption = Format.table,
    wide: common.WideOption = False,
    columns: common.ColumnsOption = None,
) -> None:
    """Fostering places per LA: approved, filled, vacant, not available; utilisation
    (filled / approved) and the vacant and not-available shares, beside the South East and
    England.

    Ranks and bands are as DfE's LA Interactive Tool (LAIT) works them out. Each LA's
    share is ranked among all LAs in the file with a figure, and among the region's (ties
    share the best rank). Its band is by value: the quartile points (R's type 7) of all
    those LAs' figures cut them into four; where higher is better, above the 75% point is
    A, above the median B, above the 25% point C, the rest D (where lower is better, the
    same from the bottom); a figure exactly at a point is in the band of lower values.
    The points are under the table, and in every LA's row in CSV and JSON
    (quartile_25, quartile_50, quartile_75). The counts (approved, filled, vacant, not
    available) have no better way: no rank or band. A figure the source suppressed is
    unknown: no share is computed over it and it has no rank.

    --authority LA shows one LA beside its statistical neighbours, the region and England
    in every year held (with a YEAR, that year), with its rank and band each year, as
    LAIT does. The neighbours' figure is the plain mean of the values DfE's ten
    statistical neighbours of the LA have (those with none left out), with how many had
    one ("10 of 10"); --neighbours lists the ten with their figures. The set is the
    latest held, for every year, as LAIT uses it; --neighbour-set picks another.
    --compare OTHER_YEAR gives each measure's change, with the ranks and bands of both
    years.

    On a terminal narrower than the whole table, the counts are left out first, then the
    shares (a note under the table says which): --wide shows every column, --columns
    chooses them, and --format csv or json always has them all.

    Examples:

    \b
        fostlog capacity
        fostlog capacity 2018-19
        fostlog capacity 2018-19 --sort utilisation
        fostlog capacity 2018-19 --sort not_available_share --format csv
        fostlog capacity 2018-19 --wide
        fostlog capacity --authority Kent
        fostlog capacity 2018-19 --authority Reading
        fostlog capacity 2018-19 --authority Reading --neighbours
        fostlog capacity --authority Reading --neighbour-set sn-2021-04 --format csv
        fostlog capacity 2018-19 --compare 2017-18
        fostlog capacity 2018-19 --compare 2017-18 --sort utilisation
    """
    from fostlog.queries import capacity as queries

    measure = _measure(sort)
    descending = None if ascending is None else not ascending
    common.refuse_with("--compare", compare is not None, {"--authority": authority is not None},
                "it compares every LA. Use --authority LA alone to see one LA across years.")
    common.neighbour_options(authority, neighbours, neighbour_set)
    if year is None and compare is not None:
        raise fail_usage("--compare: give a YEAR as well (e.g. 'fostlog capacity 2019-20 "
                         "--compare 2018-19').")
    view = common.View(wide, columns)
    repo = load_to_answer(data, NEEDS_CAPACITY + (("neighbours",) if authority else ()))

    if authority is not None:
        found = authority_id(repo, authority)
        _beside(repo, found, year, measure, common.neighbour_set_key(repo, neighbour_set),
                neighbours, output_format, view)
        return

    if year is None:
        write_output(_years_table(repo), output_format, view)
        return

    chosen = _year(repo, year)
    if compare is not None:
        other = _year(repo, compare, "--compare")
        changes = queries.compare_years(repo, chosen, other, measure=measure,
                                        descending=descending)
        write_output(_changes_table(changes, chosen, other, output_format.in_words),
                     output_format, view)
        return

    table = queries.capacity_table(repo, chosen, measure, descending, sort=sort is not None)
    shown = [*_area_columns(), *_ranked_columns(lambda _row: table.points),
             *measure_columns(ranked_by=table.measure)]
    write_output(Table([*table.rows, *table.comparators], _shown(shown, output_format),
                       title=f"Fostering places at {chosen.as_at or chosen.year} "
                       f"({chosen.key})", note=_note(table)), output_format, view)


def _changes_table(changes: list[Change], chosen: CapacityYear, other: CapacityYear,
                   in_words: bool) -> Table:
    """Each change with both years' figures, ranks and bands. A table or Markdown gives a
    year's national rank and band in one cell after its figure ("62 B", so both years
    fit 80 columns); CSV and JSON give the rank among all LAs, the rank in the region
    and the band, each in a column of its own."""
    from fostlog.queries.capacity import BY_KEY

    def year_columns(which: str, year: CapacityYear) -> list[Column]:
        value = Column(f"{which}_year", year.year, attrgetter(f"{which}_year"), numeric=True,
                       text=_number_text(""), brief=_number_text(","))
        rank, band = attrgetter(f"{which}_rank"), attrgetter(f"{which}_band")
        if in_words:
            return [value, Column(f"{which}_rank_band", "Rank, band",
                                  lambda c: f"{rank(c)} {band(c)}" if band(c) else None,
                                  priority=1)]
        return [value, Column(f"{which}_rank", "Rank (all LAs)", rank),
                Column(f"{which}_rank_region", "Rank (region)",
                       attrgetter(f"{which}_rank_region")),
                Column(f"{which}_band", "Band", band)]

    note = ("Rank, band: each year's rank among all LAs in that year's file and its band, "
            "A best, by LAIT's rule (from the quartile points of all LAs' values that year; "
            "a value at a point is in the band of lower values; 'fostlog capacity YEAR "
            "--sort MEASURE' gives the points). The counts have no rank or band. n/a: a "
            "figure one year lacks; never 0.")
    return Table(changes, [
        Column("area", "Area", lambda c: c.name),
        # The key in CSV and JSON; its label in a table.
        # "Not available %" for "Not available share": both years' rank and band fit 80
        # columns.
        Column("measure", "Measure", attrgetter("measure"),
               brief=lambda key: BY_KEY[key].label.replace(" share", " %")),
        *year_columns("other", other),
        *year_columns("this", chosen),
        Column("change", "Change", lambda c: c.change, numeric=True,
               text=_number_text("+"), brief=_number_text("+,")),
    ], title=f"Change from {other.key} to {chosen.key} (shares in points, counts in "
        "places)", note=note)


def _number_text(spec: str) -> Callable[[float], str]:
    """A share to one place, a count whole (the counts are ints), formatted by `spec` ("+"
    for a sign, "," for thousands separators): 1,380, 65.0, +2.5."""
    return lambda value: format(value, f"{spec}.1f" if isinstance(value, float) else
                                f"{spec}d")


def _shown(columns: list[Column], output_format: Format, one_year: bool = False
           ) -> list[Column]:
    """A table or Markdown shows the area's name and the flags (which name the unknowns);
    JSON and CSV also keep its id and level, each unknown's reason by measure, the
    quartile points (which the note gives in a table) and the neighbour set (which the
    note names). A view of one year gives the year in its title, not a column."""
    from fostlog.render.bands import POINT_KEYS

    if output_format in (Format.json, Format.csv):
        return columns
    hidden = ("unknown", "authority", "level", "neighbour_set", *POINT_KEYS,
              *(("key",) if one_year else ()))
    return [c for c in columns if c.key not in hidden]
