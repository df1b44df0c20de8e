"""A page per LA of the group: the LA beside its statistical neighbours' mean, the South
East and England, over every year held (queries/neighbours.py), with each share's and
ratio's ranks and band (queries/capacity.py, queries/benchmark.py), the band's rule in
render/bands.py's words, the neighbours themselves, and where every figure comes from.

The headline chart is utilisation (places filled / places approved), a group of bars a
year: the chart a lead takes to their director. The rankings of each year and measure are
worked out once for every page (`_Rankings`), not once an LA.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fostlog.core.models import AreaLevel, BenchmarkYear, CapacityYear, NeighbourSet
from fostlog.core.repository import Repository
from fostlog.domain import SET_CHOICE, QuartilePoints, neighbour_set
from fostlog.queries import capacity as capacity_query
from fostlog.queries.benchmark import BenchmarkTable, benchmark_table
from fostlog.queries.neighbours import Beside, RowKind, SideRow, benchmark_trend, capacity_trend
from fostlog.render.bands import BAND_RULE, two_places
from fostlog.render.outline import (
    Block,
    BulletList,
    Document,
    Heading,
    Link,
    LinkList,
    ListItem,
    Paragraph,
    ParagraphStyle,
    Row,
    cells_table,
)
from fostlog.site import svg
from fostlog.site.links import (
    AUTHORITIES,
    Page,
    authority_page,
    benchmark_page,
    capacity_page,
    relative,
)

HEADLINE = capacity_query.DEFAULT_MEASURE  # utilisation
SERIES = "ofsted"  # the benchmarking source with neighbours and England: Ofsted's
NOT_IN_YEAR = "not in that year's data"
UNKNOWN = "unknown"
SHARES = [m for m in capacity_query.MEASURES if m.is_share]
# The four areas of the chart: each named on its bar, and filled so that they differ in
# black and white too (solid dark, dots, lines, light).
AREA_PARTS = {
    RowKind.la: ("#1a3d66", None, "#fff"),
    RowKind.neighbours: ("#c6dbef", "dots", svg.INK),
    RowKind.region: ("#d9d9d9", "lines", svg.INK),
    RowKind.england: ("#f7f7f7", None, svg.INK),
}
def title_of(name: str) -> str:
    return f"{name} beside its neighbours, the region and England, over the years held"


@dataclass(frozen=True)
class _Ranked:
    """One LA's rank and band in one measure and year, and whose values the band is of."""

    rank_region: int | None
    ranked_region: int
    rank_all: int | None
    ranked_all: int
    band: str | None
    points: QuartilePoints | None
    unbanded: str | None = None


class _Rankings:
    """Every capacity share and Ofsted ratio of every year ranked once, for all pages."""

    def __init__(self, repo: Repository) -> None:
        self.capacity: dict[tuple[str, str], capacity_query.CapacityTable] = {
            (c.key, m.key): capacity_query.capacity_table(repo, c, m.key)
            for c in repo.capacity for m in SHARES}
        self.benchmark: dict[tuple[str, str], BenchmarkTable] = {
            (b.key, r.key): benchmark_table(repo, b.key, r.key)
            for b in repo.benchmarks if b.series == SERIES for r in b.ratios}

    def of_capacity(self, key: str, measure: str, authority: str) -> _Ranked:
        table = self.capacity[(key, measure)]
        row = next((r for r in table.rows if r.area == authority), None)
        return _Ranked(row.rank_region if row else None, table.ranked_region,
                       row.rank_all if row else None, table.ranked_all,
                       row.band if row else None, table.points)

    def of_benchmark(self, key: str, ratio: str, authority: str) -> _Ranked:
        table = self.benchmark[(key, ratio)]
        row = next((r for r in table.rows if r.authority == authority), None)
        return _Ranked(row.rank if row else None,
                       sum(r.rank is not None for r in table.rows),
                       row.rank_all if row else None, table.ranked_all,
                       row.band if row else None, table.points, table.unbanded)


# --- the words of a cell -------------------------------------------------------------------


def _value_text(row: SideRow | None, key: str) -> str:
    if row is None:
        return UNKNOWN
    value = row.values.get(key)
    if value is not None:
        return svg.number(value, "%")
    why = row.unknown.get(key)
    return f"unknown ({why.replace('_', ' ')})" if why else UNKNOWN


def _mean_text(beside: Beside, key: str) -> str:
    mean = beside.mean
    if not mean.neighbours:
        return "no neighbours listed"
    had = f"{mean.with_value.get(key, 0)} of {mean.neighbours} had a figure"
    value = mean.values.get(key)
    return f"{svg.number(value, '%')} ({had})" if value is not None else f"unknown ({had})"


def _rank_text(rank: int | None, out_of: int) -> str:
    return f"{rank} of {out_of}" if rank is not None else "none"


def _points_text(points: QuartilePoints | None) -> str:
    if points is None:
        return "none"
    return " / ".join(two_places(p) + "%" for p in (points.lower, points.median, points.upper))


def _row_of(beside: Beside, kind: RowKind) -> SideRow | None:
    return next((r for r in beside.rows if r.kind is kind), None)


# --- the chart -----------------------------------------------------------------------------


def _parts(beside: Beside) -> list[svg.Part]:
    names = {RowKind.la: beside.name, RowKind.neighbours: "Neighbours' mean"}
    parts = []
    for kind, (fill, pattern, ink) in AREA_PARTS.items():
        row = _row_of(beside, kind)
        name = names.get(kind) or (row.name if row else kind.value.title())
        parts.append(svg.Part(kind.value, name, fill, pattern, ink))
    return parts


def _headline_chart(trend: list[Beside], sources: str) -> Block:
    label = capacity_query.BY_KEY[HEADLINE].label
    groups = []
    for beside in trend:
        values: dict[str, float | None] = {}
        unknown: dict[str, str] = {}
        for kind in AREA_PARTS:
            row = _row_of(beside, kind)
            values[kind.value] = row.values.get(HEADLINE) if row else None
            words = _value_text(row, HEADLINE) if kind is not RowKind.neighbours else (
                _mean_text(beside, HEADLINE))
            unknown[kind.value] = words if values[kind.value] is None else ""
        mean = beside.mean
        after = {RowKind.neighbours.value: f" ({mean.with_value.get(HEADLINE, 0)} of "
                                           f"{mean.neighbours})"} if mean.neighbours else {}
        groups.append(svg.Group(beside.year, values, unknown, after))
    name = trend[0].name
    chart = svg.grouped_bars(
        svg.ident(HEADLINE, trend[0].authority),
        f"{label} (places filled / places approved): {name}, its statistical neighbours' "
        "mean, the South East and England, year by year", groups, _parts(trend[0]),
        scale=100.0)
    caption = (f"{label}: places filled as a share of places approved, at 31 March of each "
               "year (higher is fuller). Every bar is named and its value written, so the "
               "chart reads in black and white. The neighbours' bar is the plain mean of "
               "their own shares, with how many of them had a figure. " + sources)
    return chart.figure(caption)


# --- the tables ----------------------------------------------------------------------------


def _headers(name: str, region: str) -> tuple[str, ...]:
    return ("Measure", "Year", name, f"Rank in {region}", "Rank in England", "Band",
            "Band points (25% / median / 75%)", "Statistical neighbours' mean", region,
            "England")


def _figure_row(label: str, beside: Beside, key: str, ranked: _Ranked) -> Row:
    return Row((label, beside.year, _value_text(_row_of(beside, RowKind.la), key),
                _rank_text(ranked.rank_region, ranked.ranked_region),
                _rank_text(ranked.rank_all, ranked.ranked_all), ranked.band or "none",
                _points_text(ranked.points), _mean_text(beside, key),
                _value_text(_row_of(beside, RowKind.region), key),
                _value_text(_row_of(beside, RowKind.england), key)))


def _band_rule() -> Paragraph:
    return Paragraph("Band: " + BAND_RULE.format(
        among="all LAs in England with a figure that year (Rank in England says how many)")
        + " The band points are those quartile points. The neighbours', the region's and "
        "England's figures have no band.", ParagraphStyle.note)


def _capacity_table(trend: list[Beside], rankings: _Rankings, name: str,
                    region: str) -> list[Block]:
    rows = [_figure_row(m.label, beside, m.key,
                        rankings.of_capacity(beside.source, m.key, trend[0].authority))
            for m in SHARES for beside in trend]
    return [cells_table(_headers(name, region), rows, numeric=frozenset({1, 2, 8, 9})),
            _band_rule()]


def _benchmark_table(trend: list[Beside], years: dict[str, BenchmarkYear],
                     rankings: _Rankings, name: str, region: str) -> list[Block]:
    labels: dict[str, str] = {}
    for beside in reversed(trend):  # the latest year's order and labels first
        labels |= {k: v for k, v in beside.measures.items() if k not in labels}
    rows = []
    for key, label in labels.items():
        for beside in trend:
            if key in beside.measures:
                rows.append(_figure_row(label, beside, key, rankings.of_benchmark(
                    beside.source, key, trend[0].authority)))
            else:  # a ratio over a stage the year does not count: absent, never 0
                rows.append(Row((label, beside.year, NOT_IN_YEAR, "", "", "", "",
                                 NOT_IN_YEAR, NOT_IN_YEAR, NOT_IN_YEAR)))
    # Only the year kept on one line: "not in that year's data" wraps in its column.
    blocks: list[Block] = [cells_table(_headers(name, region), rows,
                                       numeric=frozenset({1})), _band_rule()]
    unbanded = {words for b in trend for k in b.measures
                if (words := rankings.benchmark[(b.source, k)].unbanded)}
    blocks += [Paragraph(words, ParagraphStyle.note) for words in sorted(unbanded)]
    notes = []
    for year in years.values():
        stages = {s.key: s.label for s in year.stages}
        notes += [ListItem(f"{stages.get(r.numerator, r.numerator)} / "
                           f"{stages.get(r.denominator, r.denominator)}"
                           + (f". {r.note}" if r.note else ""), lead=f"{r.label} ({year.year}):")
                  for r in year.ratios]
    return blocks + [BulletList(tuple(notes))]


# --- the neighbours ------------------------------------------------------------------------


def _neighbours(repo: Repository, trend: list[Beside], chosen: NeighbourSet | None,
                here: str) -> list[Block]:
    name = trend[0].name
    heading = Heading(2, f"{name}'s statistical neighbours")
    if chosen is None:
        return [heading, Paragraph("No set of statistical neighbours is held (fostlog import "
                                   "neighbours), so there is no neighbours' mean.")]
    about = (f"The set used is {chosen.key}: {chosen.source}, {SET_CHOICE}. DfE lists an "
             "LA's ten neighbours closest first, each with how close it is.")
    listed = trend[0].neighbours
    if not listed:
        return [heading, Paragraph(about), Paragraph(
            f"The set {chosen.key} lists no neighbours for {name}, so there is no "
            "neighbours' mean.")]
    pages = {la.dfe_number: authority_page(la.id) for la in repo.authorities.values()
             if la.dfe_number is not None}
    measure = HEADLINE if HEADLINE in trend[0].measures else next(iter(trend[0].measures))
    label = trend[0].measures[measure]
    rows = []
    for position, neighbour in enumerate(listed):
        figures = [_value_text(_in_year(beside, position), measure) for beside in trend]
        target = pages.get(neighbour.dfe_number)
        rows.append(Row((str(neighbour.position), neighbour.name,
                         neighbour.closeness or "not given", str(neighbour.dfe_number),
                         *figures),
                        links=(None, relative(here, target) if target else None)))
    return [heading, Paragraph(about),
            cells_table(("SN", "LA", "Closeness", "DfE number",
                         *(f"{label} {b.year}" for b in trend)), rows,
                        numeric=frozenset({0, 3, *range(4, 4 + len(trend))})),
            Paragraph("A neighbour with no figure in a year (suppressed by Ofsted, or not in "
                      "that year's file) is left out of that year's mean, which says how many "
                      "had one.", ParagraphStyle.note)]


def _in_year(beside: Beside, position: int) -> SideRow:
    """The neighbour at `position` in one year, as a row _value_text reads."""
    found = beside.neighbours[position]
    return SideRow(found.source, found.year, found.neighbour_set, RowKind.la, found.name,
                   found.values, found.unknown)


# --- the page ------------------------------------------------------------------------------


def _sources(capacity: list[CapacityYear], chosen: NeighbourSet | None) -> str:
    said = "Sources: " + "; ".join(f"{c.year}: {c.source}" for c in capacity) + "."
    if chosen is not None:
        said += (f" Statistical neighbours: {chosen.source}; the set {chosen.key} (of "
                 f"{chosen.month}), for every year.")
    return said


def _words(value: object) -> str:
    return str(getattr(value, "value", value)).replace("_", " ")


def _sources_block(here: str, capacity: list[CapacityYear], years: dict[str, BenchmarkYear],
                   chosen: NeighbourSet | None) -> list[Block]:
    links = [Link(f"Capacity {c.key}", relative(here, capacity_page(c.key)),
                  f"(every LA of the group; {c.source})") for c in capacity]
    links += [Link(f"Benchmarking {y.key}", relative(here, benchmark_page(y.key)),
                   f"(the funnel of every LA of the group; {y.source})")
              for y in years.values()]
    items = [ListItem(f"places {_words(m.numerator)} / places approved, in percent; "
                      f"{_words(m.better)} is better.", lead=f"{m.label}:") for m in SHARES]
    if chosen is not None:
        items.append(ListItem(f"{chosen.source}, {chosen.file} (SHA-256 {chosen.sha256}), "
                              "kept unchanged in reference/lait/.",
                              lead=f"Statistical neighbours ({chosen.key}):"))
    return [Heading(2, "Where the figures come from"),
            Paragraph("Each year's figures are Ofsted's, as its local-authority-level file "
                      "publishes them, every figure rounded to the nearest 5 (a share is of "
                      "the rounded counts); a figure Ofsted suppresses is unknown, never 0. "
                      "The pages below show every LA of the group for each year.",
                      ParagraphStyle.note),
            BulletList(tuple(items)), LinkList(tuple(links)),
            LinkList((Link("Every LA's page", relative(here, AUTHORITIES)),))]


@dataclass(frozen=True)
class _Held:
    capacity: list[CapacityYear]
    benchmarks: dict[str, BenchmarkYear]  # Ofsted's years, oldest first, by key
    chosen: NeighbourSet | None
    region: str
    rankings: _Rankings


def _authority_page(repo: Repository, held: _Held, authority: str, as_of: date) -> Page:
    name = repo.authority_name(authority)
    here = authority_page(authority)
    years = ", ".join(dict.fromkeys([c.year for c in held.capacity]
                                    + [b.year for b in held.benchmarks.values()]))
    blocks: list[Block] = [
        Paragraph(f"How {name}'s fostering compares with its statistical neighbours (the "
                  "ten LAs DfE finds most like it), the South East and England, in every "
                  f"year fostlog holds ({years}).", ParagraphStyle.lead),
        LinkList((Link("Every LA's page", relative(here, AUTHORITIES)),)),
    ]
    capacity = capacity_trend(repo, authority) if held.capacity else []
    if capacity:
        blocks += [Heading(2, "Utilisation, year by year"),
                   _headline_chart(capacity, _sources(held.capacity, held.chosen)),
                   Heading(2, "Places: each share, its ranks and band"),
                   *_capacity_table(capacity, held.rankings, name, held.region)]
    ratios = benchmark_trend(repo, authority, SERIES) if held.benchmarks else []
    if ratios:
        blocks += [Heading(2, "Recruitment: Ofsted's ratios, their ranks and bands"),
                   Paragraph("Ofsted's funnel for each year: a ratio over a stage a year "
                             f"does not count is {NOT_IN_YEAR}, never 0.",
                             ParagraphStyle.note),
                   *_benchmark_table(ratios, held.benchmarks, held.rankings, name,
                                     held.region)]
    blocks += _neighbours(repo, capacity or ratios, held.chosen, here)
    blocks += _sources_block(here, held.capacity, held.benchmarks, held.chosen)
    title = title_of(name)
    return Page(here, Document(title, title, tuple(blocks), as_of), AUTHORITIES)


def authority_pages(repo: Repository, as_of: date) -> list[Page]:
    """A page per LA of the group, and their index; none when no capacity year and no
    Ofsted benchmarking year is held (there is nothing to set an LA beside)."""
    capacity = sorted(repo.capacity, key=lambda c: (c.year, c.series))
    benchmarks = {b.key: b for b in sorted((b for b in repo.benchmarks if b.series == SERIES),
                                           key=lambda b: b.year)}
    if not capacity and not benchmarks:
        return []
    region = next((r.name for c in capacity
                   for r in capacity_query.capacity_table(repo, c, HEADLINE).comparators
                   if r.level is AreaLevel.region), "the region")
    held = _Held(capacity, benchmarks, neighbour_set(repo), region, _Rankings(repo))
    ordered = sorted(repo.authorities.values(), key=lambda la: la.name)
    pages = [_authority_page(repo, held, la.id, as_of) for la in ordered]
    index: list[Block] = [
        Paragraph("Each LA of the group beside its statistical neighbours, the South East "
                  "and England, over every year held: the utilisation of its places, each "
                  "share and recruitment ratio with its ranks and band, and its neighbours.",
                  ParagraphStyle.lead),
        LinkList(tuple(Link(la.name, relative(AUTHORITIES, authority_page(la.id)))
                       for la in ordered)),
    ]
    pages.append(Page(AUTHORITIES, Document("LAs", "Each LA beside its neighbours",
                                            tuple(index), as_of), AUTHORITIES))
    return pages
