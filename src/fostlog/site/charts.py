"""The site's pages of charts: attendance as a heat-map, each benchmarking year's funnels
and ranked ratios, each capacity year's utilisation and shares. Each chart has the table
it is drawn from beneath it, so every figure can be read as a number too.

Unknown is never zero: a blank count, a suppressed figure or an unrecorded attendance is
drawn as unknown (svg.py) and written "unknown" in the tables (n/a or the source's reason
in the benchmark table, which is the command line's).
"""

from __future__ import annotations

from datetime import date

from fostlog.core.models import BenchmarkYear, CapacityYear
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import Presence
from fostlog.queries.attendance import Cell, attendance_matrix
from fostlog.queries.benchmark import BenchmarkTable, benchmark_table
from fostlog.render.bands import band_note
from fostlog.render.benchmark import funnel_table, ranking_note
from fostlog.render.outline import (
    Block,
    Document,
    Facts,
    FigureStyle,
    Heading,
    Link,
    LinkList,
    Paragraph,
    ParagraphStyle,
    Row,
    cells_table,
    long_date,
    when_text,
)
from fostlog.site import svg
from fostlog.site.links import (
    ATTENDANCE,
    BENCHMARKS,
    CAPACITY,
    Page,
    benchmark_page,
    capacity_page,
    meeting_page,
    relative,
)

UNKNOWN = "unknown"

# --- attendance ----------------------------------------------------------------------------

# The attendance command's legend (cli/attendance.py), letter for letter: P present,
# A apologies, - not represented, ? unknown (not recorded), * inferred. A test holds the
# two to the same letters.
SHADES: dict[str, svg.Shade] = {
    "present": svg.Shade("P", "present", "#1b7837", "#fff"),
    "apologies": svg.Shade("A", "apologies", "#f1b24a"),
    "not_represented": svg.Shade("-", "not represented", "#d6604d"),
    "unknown": svg.Shade("?", "unknown (not recorded)", "#f2f2f2", hatched=True),
}
INFERRED_WORDS = "inferred, not stated in the minutes"
LEGEND = ("P present   A apologies   - not represented   ? unknown (not recorded)   "
          f"* {INFERRED_WORDS}.")


def shade_of(presence: Presence) -> str:
    return str(presence.name)


def cell_mark(cell: Cell) -> str:
    return SHADES[shade_of(cell.presence)].mark + ("*" if cell.inferred else "")


def _cell_tip(name: str, when: str, cell: Cell) -> str:
    tip = f"{name}, {when}: {cell.presence.value}"
    if cell.who:
        tip += f" ({'; '.join(cell.who)})"
    if cell.inferred:
        tip += f". Inferred: {cell.inferred}"
    return tip


def attendance_page(repo: Repository, as_of: date) -> Page:
    dates, rows = attendance_matrix(repo, as_of)
    columns = [str(d) for d in dates]
    heat_rows = [
        svg.HeatRow(row.authority, row.name, [
            svg.HeatCell(shade_of(row.cells[d].presence), bool(row.cells[d].inferred),
                         _cell_tip(row.name, when_text(d), row.cells[d]))
            for d in dates])
        for row in rows
    ]
    chart = svg.heat_map(
        "attendance", "Attendance of each LA at each meeting", columns, heat_rows, SHADES,
        inferred_words=INFERRED_WORDS,
        summary=f"Attendance of each LA at each meeting held by {long_date(as_of)}, "
        "meetings known only from a log included.")
    table_rows = tuple(
        Row((row.name, *(cell_mark(row.cells[d]) for d in dates))) for row in rows)
    blocks: list[Block] = [
        Paragraph("Who came to which meeting: present (someone for the LA came), apologies, "
                  "not represented, or unknown (the minutes do not record it; every LA is "
                  "unknown at a meeting known only from a log). A fact worked out rather "
                  "than stated in the minutes is marked inferred.", ParagraphStyle.lead),
        chart.figure("Rows: the LAs; columns: the meetings, in date order. Hover "
                     "over a cell to see who came."),
        Heading(2, "The same as a table"),
        Paragraph(LEGEND, ParagraphStyle.note),
        cells_table(("LA", *columns), table_rows, numeric=frozenset()),
        Heading(2, "The meetings"),
        LinkList(tuple(Link(when_text(d), relative(ATTENDANCE, meeting_page(d)))
                       for d in dates)),
    ]
    return Page(ATTENDANCE, Document("Attendance", "Attendance at the group's meetings",
                                     tuple(blocks), as_of), ATTENDANCE)


# --- benchmarking --------------------------------------------------------------------------


def _count_text(value: float | None) -> str:
    return UNKNOWN if value is None else svg.number(value)


def _percent_text(value: float | None) -> str:
    return UNKNOWN if value is None else svg.number(value, "%")


def _unknown_words(reason: object | None) -> str:
    return f"unknown ({str(reason).replace('_', ' ')})" if reason else UNKNOWN


def _region_funnels(year: BenchmarkYear, table: BenchmarkTable) -> list[Block]:
    region = table.region
    present = len(table.rows)
    stages = []
    for key in table.stages:
        label = table.stage_labels[key]
        counted = region.contributors[key]
        if counted < present:
            label += f" ({counted} of {present} LAs)"
        stages.append(svg.Stage(label, float(region.totals[key]) if counted else None, key))
    blocks: list[Block] = [
        Heading(2, "The region's funnel"),
        svg.funnel(svg.ident("funnel", year.key, "region"),
                   f"The region's funnel, {year.key}: totals over the LAs with a count",
                   stages).figure(
            "Totals of the LAs' counts at each stage; where some LAs' counts are unknown, "
            "the stage says how many LAs it adds up."),
    ]
    for area in year.comparators:
        area_stages = [svg.Stage(table.stage_labels[key], _float(area.counts.get(key)), key,
                                 _unknown_words(area.unknown.get(key)))
                       for key in table.stages]
        blocks.append(svg.funnel(svg.ident("funnel", year.key, area.name),
                                 f"{area.name}'s funnel, {year.key}, as the source publishes it",
                                 area_stages).figure(f"{area.name}, as published."))
    return blocks


def _float(value: int | None) -> float | None:
    return None if value is None else float(value)


def _ratio_charts(repo: Repository, year: BenchmarkYear) -> list[Block]:
    blocks: list[Block] = [
        Heading(2, "Each ratio, ranked"),
        Paragraph("Best first; letters A to D are the bands (A best), worked out as DfE's "
                  "LA Interactive Tool does, from the quartile points of the LAs' values "
                  "(each chart's caption says among which LAs, and gives the points). "
                  "The dashed line marks the region's median, the dotted one the pooled "
                  "ratio (the region's total over its total). An LA with a stage unknown "
                  "has its ratio unknown, listed last.", ParagraphStyle.note),
    ]
    for ratio in year.ratios:
        ranked = benchmark_table(repo, year.key, ratio.key)
        bars = [svg.Bar(r.name, r.ratios[ratio.key], r.band, r.rank, r.authority)
                for r in ranked.rows]
        references = [
            svg.Reference("Region median", ranked.region.medians[ratio.key]),
            svg.Reference("Pooled", ranked.region.pooled[ratio.key], "2 2"),
        ]
        chart = svg.ranked_bars(svg.ident("ratio", year.key, ratio.key),
                                f"{ratio.label}, {year.key}", bars, references=references,
                                order_words="best first" if ranked.descending
                                else "lowest (best) first")
        caption = (f"{ratio.label}: {ratio.numerator} / {ratio.denominator}. "
                   + ranking_note(ranked))
        blocks += [Heading(3, ratio.label), chart.figure(caption)]
    return blocks


def _authority_funnels(year: BenchmarkYear, table: BenchmarkTable) -> list[Block]:
    reasons = {row.authority: row.unknown for row in year.authorities}
    blocks: list[Block] = [
        Heading(2, "Each LA's funnel"),
        Paragraph("Each LA's stages against its own largest count. A blank count is unknown, "
                  "drawn hatched and saying so, never as zero.", ParagraphStyle.note),
    ]
    for row in sorted(table.rows, key=lambda r: r.name):
        stages = [svg.Stage(table.stage_labels[key], _float(row.counts[key]), key,
                            _unknown_words(reasons.get(row.authority, {}).get(key)))
                  for key in table.stages]
        chart = svg.funnel(svg.ident("funnel", year.key, row.authority),
                           f"{row.name}'s funnel, {year.key}", stages)
        blocks.append(chart.figure(row.name, FigureStyle.small))
    return blocks


def benchmark_pages(repo: Repository, as_of: date) -> list[Page]:
    pages = []
    for year in repo.benchmarks:
        here = benchmark_page(year.key)
        table = benchmark_table(repo, year.key)
        facts = [("Year", year.year), ("Source", year.source or "not recorded")]
        if year.meeting:
            facts.append(("Shared at", long_date(year.meeting)))
        blocks: list[Block] = [Facts(tuple(facts))]
        if year.meeting:
            blocks.append(LinkList((Link(f"The meeting of {long_date(year.meeting)}",
                                         relative(here, meeting_page(year.meeting.isoformat()))),
                                    )))
        if year.note:
            blocks.append(Paragraph(year.note, ParagraphStyle.note))
        blocks += _region_funnels(year, table)
        blocks += _ratio_charts(repo, year)
        blocks += _authority_funnels(year, table)
        absent = sorted(a.name for a in repo.authorities.values()
                        if a.id not in {r.authority for r in table.rows})
        # The command line's table (render/benchmark.py), its flags and legend beneath.
        shown = funnel_table(table, year, in_words=True)
        blocks += [Heading(2, "The table"), shown]
        blocks += [Paragraph(line, ParagraphStyle.note) for line in shown.note.split("\n")]
        if absent:
            blocks.append(Paragraph(f"No row for: {', '.join(absent)}.", ParagraphStyle.note))
        title = f"Benchmarking {year.key}"
        pages.append(Page(here, Document(title, title, tuple(blocks), as_of), BENCHMARKS))
    index: list[Block] = [Paragraph(
        "The recruitment funnel per LA, year by year and source by source: how many "
        "enquiries become applications and approvals.", ParagraphStyle.lead)]
    if repo.benchmarks:
        index.append(LinkList(tuple(
            Link(f"Benchmarking {year.key}", relative(BENCHMARKS, benchmark_page(year.key)),
                 f"({len(year.authorities)} LAs; {year.source or 'source not recorded'})")
            for year in repo.benchmarks)))
    else:
        index.append(Paragraph("No benchmarking year is held yet."))
    pages.append(Page(BENCHMARKS, Document("Benchmarking", "Benchmarking", tuple(index),
                                           as_of), BENCHMARKS))
    return pages


# --- capacity ------------------------------------------------------------------------------

SHARE_PARTS = (
    svg.Part("utilisation", "filled", "#3b6ea5"),
    svg.Part("vacant_share", "vacant", "#c6dbef", "dots", svg.INK),
    svg.Part("not_available_share", "not available", "#d9d9d9", "lines", svg.INK),
)


def _capacity_page(repo: Repository, capacity: CapacityYear, as_of: date) -> Page:
    from fostlog.queries import capacity as queries

    table = queries.capacity_table(repo, capacity, "utilisation", sort=True)
    here = capacity_page(capacity.key)
    references = [svg.Reference(row.name, row.values["utilisation"],
                                "5 3" if i == 0 else "2 2")
                  for i, row in enumerate(table.comparators)]
    bars = [svg.Bar(r.name, r.values["utilisation"], r.band, r.rank_region, r.area)
            for r in table.rows]
    utilisation = svg.ranked_bars(svg.ident("utilisation", capacity.key),
                                  f"Utilisation (places filled / approved), {capacity.key}",
                                  bars, references=references)
    stacks = [svg.Stack(r.name, {p.key: r.values[p.key] for p in SHARE_PARTS},
                        f"{_count_text(r.values['approved'])} approved")
              for r in [*table.rows, *table.comparators]]
    shares = svg.stacked_bars(svg.ident("shares", capacity.key),
                              f"Places approved: filled, vacant, not available, {capacity.key}",
                              stacks, SHARE_PARTS, unit="%")
    labels = [queries.BY_KEY[key].label for key in queries.BY_KEY]
    rows = []
    for row in [*table.rows, *table.comparators]:
        values = [(_percent_text(row.values[m.key]) if m.is_share
                   else _count_text(row.values[m.key])) for m in queries.MEASURES]
        rank = str(row.rank_region) if row.rank_region is not None else ""
        rows.append(Row((row.name, *values, rank, row.band or "", "; ".join(row.flags))))
    facts = [("Year", capacity.year), ("Source", capacity.source)]
    if capacity.as_at:
        facts.append(("As at", long_date(capacity.as_at)))
    if capacity.rounding:
        facts.append(("Rounding", f"every figure to the nearest {capacity.rounding}"))
    blocks: list[Block] = [Facts(tuple(facts))]
    if capacity.note:
        blocks.append(Paragraph(capacity.note, ParagraphStyle.note))
    blocks += [
        Heading(2, "Utilisation"),
        Paragraph("Best first, with each LA's rank in the region. The lines mark the region "
                  "and England. " + band_note(table.points, table.better, "utilisation",
                                              f"all {table.ranked_all} LAs in the file with "
                                              "a figure"), ParagraphStyle.note),
        utilisation.figure(),
        Heading(2, "Shares of places approved"),
        shares.figure("Each area's places approved, as filled, vacant and not available; a "
                      "suppressed figure makes the area's shares unknown. Figures are "
                      "rounded, so the parts need not add up to 100%."),
        Heading(2, "The table"),
        cells_table(("Area", *labels, "Rank in region", "Band", "Flags"), tuple(rows),
              numeric=frozenset(range(1, len(labels) + 2))),
    ]
    title = f"Capacity {capacity.key}"
    return Page(here, Document(title, title, tuple(blocks), as_of), CAPACITY)


def capacity_pages(repo: Repository, as_of: date) -> list[Page]:
    """Pages for the capacity years held; none when none is."""
    years = list(repo.capacity)
    if not years:
        return []
    pages = [_capacity_page(repo, capacity, as_of) for capacity in years]
    index: list[Block] = [
        Paragraph("How full each LA's fostering places are, beside the region and England.",
                  ParagraphStyle.lead),
        LinkList(tuple(Link(f"Capacity {c.key}", relative(CAPACITY, capacity_page(c.key)),
                            f"({c.source})") for c in years)),
    ]
    pages.append(Page(CAPACITY, Document("Capacity", "Capacity", tuple(index), as_of),
                      CAPACITY))
    return pages
