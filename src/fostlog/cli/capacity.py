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
    from fostlog.queries.capacity import CapacityTable

NEEDS_CAPACITY = ("authorities", "capacity")
MEASURE_WORDS = ("approved, filled, vacant, not_available, utilisation, vacant_share, "
                 "not_available_share")


def _share_text(value: float) -> str:
    return f"{value:.1f}%"


# Counts read with thousands separators (1,380) in a table or Markdown (Column.brief); CSV
# has plain numbers (1380), which a spreadsheet reads as numbers.
def _count_text(value: float) -> str:
    return f"{value:.0f}"


def _count_words(value: float) -> str:
    return f"{value:,.0f}"


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


def _ranked_columns(part: Callable[[Any], Any] | None = None) -> list[Column]:
    # Not numeric: the region and England have no rank, and show nothing there, not n/a.
    columns = [Column("rank_region", "Rank (region)", lambda r: r.rank_region),
               Column("rank_all", "Rank (all LAs)", lambda r: r.rank_all, priority=2),
               Column("band", "Band", lambda r: r.band)]
    return [c.of(part) for c in columns] if part is not None else columns


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
    from fostlog.queries.capacity import BY_KEY

    measure = BY_KEY[table.measure]
    rounding = (f" The source rounds every figure to the nearest {table.rounding}, so "
                "parts (filled, vacant, not available) need not add up to places approved; "
                "a flag gives a gap rounding does not explain." if table.rounding else "")
    return (
        "Utilisation = filled / approved places; vacant and not-available shares are of "
        "approved places. A figure the source did not give shows why (suppressed, not "
        f"returned); a share over one is n/a; never 0.{rounding} "
        f"Ranked by {measure.label.lower()} ({'highest' if table.descending else 'lowest'} "
        f"first) among the region's {table.ranked_region} LAs with a figure and all "
        f"{table.ranked_all} LAs in the file; band A is the best quarter of all LAs."
    )


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

    Each LA is ranked among the region's LAs and among all LAs in the file (ties share the
    better rank), and banded A-D by the quarter of all LAs its rank falls in, as DfE's LA
    Interactive Tool does. A figure the source suppressed is unknown: no share is computed
    over it and it has no rank. --authority LA shows one LA beside the region and England
    in every year held.

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
        fostlog capacity 2019-20 --compare 2018-19 --sort utilisation    (exit 2: no 2019-20 yet)
    """
    from fostlog.queries import capacity as queries

    measure = _measure(sort)
    descending = None if ascending is None else not ascending
    common.refuse_with("--compare", compare is not None, {"--authority": authority is not None},
                "it compares every LA. Use --authority LA alone to see one LA across years.")
    if year is None and compare is not None:
        raise fail_usage("--compare: give a YEAR as well (e.g. 'fostlog capacity 2019-20 "
                         "--compare 2018-19').")
    view = common.View(wide, columns)
    repo = load_to_answer(data, NEEDS_CAPACITY)

    if authority is not None:
        found = authority_id(repo, authority)
        rows = queries.authority_years(repo, found, measure)
        if year is not None:
            key = _year(repo, year).key
            rows = [r for r in rows if r.key == key]
        shown = [Column("key", "Year", lambda r: r.key),
                 *_area_columns(lambda r: r.row),
                 *_ranked_columns(lambda r: r.row),
                 *measure_columns(lambda r: r.row, measure or queries.DEFAULT_MEASURE)]
        name = repo.authority_name(found)
        write_output(Table(rows, _shown(shown, output_format),
                           title=f"Fostering places: {name} beside the region and England",
                           empty=f"No capacity year held has figures for {name}."),
                     output_format, view)
        return

    if year is None:
        write_output(_years_table(repo), output_format, view)
        return

    chosen = _year(repo, year)
    if compare is not None:
        other = _year(repo, compare, "--compare")
        changes = queries.compare_years(repo, chosen, other, measure=measure,
                                        descending=descending)
        write_output(Table(changes, [
            Column("area", "Area", lambda c: c.name),
            Column("measure", "Measure", lambda c: c.measure),
            Column("this_year", chosen.key, lambda c: c.this_year, numeric=True,
                   text=_number_text(""), brief=_number_text(",")),
            Column("other_year", other.key, lambda c: c.other_year, numeric=True,
                   text=_number_text(""), brief=_number_text(",")),
            Column("change", "Change", lambda c: c.change, numeric=True,
                   text=_number_text("+"), brief=_number_text("+,")),
        ], title=f"Change from {other.key} to {chosen.key} (shares in points, counts in "
            "places)"), output_format, view)
        return

    table = queries.capacity_table(repo, chosen, measure, descending, sort=sort is not None)
    shown = [*_area_columns(), *_ranked_columns(),
             *measure_columns(ranked_by=table.measure)]
    write_output(Table([*table.rows, *table.comparators], _shown(shown, output_format),
                       title=f"Fostering places at {chosen.as_at or chosen.year} "
                       f"({chosen.key})", note=_note(table)), output_format, view)


def _number_text(spec: str) -> Callable[[float], str]:
    """A number to one place (none when whole), formatted by `spec` ("+" for a sign, ","
    for thousands separators): 1,380, 65.9, +2.5."""
    return lambda value: format(value, f"{spec}.1f").removesuffix(".0")


def _shown(columns: list[Column], output_format: Format) -> list[Column]:
    """A table or Markdown shows the area's name and the flags (which name the unknowns);
    JSON and CSV also keep its id and level, and each unknown's reason by measure."""
    if output_format in (Format.json, Format.csv):
        return columns
    return [c for c in columns if c.key not in ("unknown", "authority", "level")]
