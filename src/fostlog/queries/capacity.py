"""How full each LA's fostering places are: pure functions over the capacity years.

Utilisation is places filled / places approved; the vacant and not-available shares are
those places / places approved. A share over an unknown figure (suppressed, not returned)
is unknown (None), never 0%.

Ranks and bands are DfE's LA Interactive Tool's (LAIT's) rules, in domain: a share is
ranked among all LAs in the file with a value (domain.competition_ranks: ties share the
best rank, by the measure's polarity), and among the region's LAs beside it; its band
(A best to D) is by value, from the type-7 quartile points of all those LAs' values
(domain.quartile_points, domain.lait_band: a value at a point in the band of lower
values). The counts (places approved, filled, vacant, not available) have no polarity: a
count measures how big an LA's service is, not how well it does, so they get no rank and
no band (LAIT bands no measure without polarity); sorting by one lists the largest first.
An LA with no value has neither rank nor band.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from fractions import Fraction

from fostlog import domain
from fostlog.core.models import AreaLevel, Better, CapacityArea, CapacityMeasure, CapacityYear
from fostlog.core.repository import Repository

DEFAULT_REGION = "E12000008"  # the South East, when authorities.yaml gives no region codes


@dataclass(frozen=True)
class Measure:
    """A figure or a share fostlog shows, and which way is better: None for a count, which
    has no polarity (no rank, no band; it sorts largest first)."""

    key: str
    label: str
    better: Better | None
    numerator: CapacityMeasure | None = None  # for a share of places approved

    @property
    def is_share(self) -> bool:
        return self.numerator is not None


MEASURES: tuple[Measure, ...] = (
    Measure("approved", "Approved", None),
    Measure("filled", "Filled", None),
    Measure("vacant", "Vacant", None),
    Measure("not_available", "Not available", None),
    Measure("utilisation", "Utilisation", Better.higher, CapacityMeasure.filled),
    Measure("vacant_share", "Vacant share", Better.lower, CapacityMeasure.vacant),
    Measure("not_available_share", "Not available share", Better.lower,
            CapacityMeasure.not_available),
)
BY_KEY: dict[str, Measure] = {m.key: m for m in MEASURES}
DEFAULT_MEASURE = "utilisation"


@dataclass(frozen=True)
class CapacityRow:
    """One area: its figures, shares (percent), why any figure is unknown, and its rank by
    the table's measure."""

    area: str  # the LA's id, or the area's name for the region and England
    name: str
    level: AreaLevel
    values: dict[str, float | None]  # by measure key: counts (ints), then shares in percent
    unknown: dict[str, str] = field(default_factory=dict)  # measure -> reason
    parts_gap: int | None = None
    rank_region: int | None = None
    rank_all: int | None = None
    band: str | None = None

    @property
    def flags(self) -> list[str]:
        found = [f"{key.replace('_', ' ')} {reason.replace('_', ' ')}"
                 for key, reason in self.unknown.items()]
        if self.parts_gap:
            # Places filled, vacant and not available add up to fewer (more) than approved.
            found.append(f"parts {'short' if self.parts_gap > 0 else 'over'} by "
                         f"{abs(self.parts_gap):,}")
        return found


@dataclass(frozen=True)
class CapacityTable:
    key: str  # ofsted-2018-19
    year: str
    source: str
    rounding: int | None
    measure: str  # the measure ranked by
    descending: bool
    rows: list[CapacityRow]  # the region's LAs
    # The rows beside the LAs, in the order shown: the region, then England (any further
    # comparator, such as statistical neighbours, goes before the region).
    comparators: list[CapacityRow]
    ranked_region: int  # how many of the region's LAs have a rank by the measure
    ranked_all: int  # how many of the file's LAs have one (0: a count, not ranked)
    points: domain.QuartilePoints | None = None  # of all LAs' values; the bands' cuts

    @property
    def better(self) -> Better | None:
        return BY_KEY[self.measure].better


@dataclass(frozen=True)
class YearRow:
    """A row of one capacity year, for a view across years, with the quartile points its
    band is from."""

    key: str
    year: str
    series: str
    row: CapacityRow
    points: domain.QuartilePoints | None = None


@dataclass(frozen=True)
class Change:
    """One area's change in one measure between two years, with its rank (among all LAs,
    and in the region) and band in each year, as each year's table gives them."""

    area: str
    name: str
    measure: str
    this_year: float | None
    other_year: float | None
    change: float | None  # points for a share, places for a count
    this_rank: int | None = None
    this_band: str | None = None
    other_rank: int | None = None
    other_band: str | None = None
    this_rank_region: int | None = None
    other_rank_region: int | None = None


def _percent(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    # float() of the exact Fraction is correctly rounded.
    return float(Fraction(part, whole) * 100)


def area_values(area: CapacityArea) -> dict[str, float | None]:
    """An area's counts and shares (percent) by measure key; None where unknown."""
    figures = area.values
    values: dict[str, float | None] = {}
    for measure in MEASURES:
        if measure.numerator is None:
            values[measure.key] = figures.get(CapacityMeasure(measure.key))
        else:
            values[measure.key] = _percent(figures.get(measure.numerator),
                                           figures.get(CapacityMeasure.approved))
    return values


def area_row(area: CapacityArea) -> CapacityRow:
    return CapacityRow(
        area=area.authority or area.name,
        name=area.name,
        level=area.level,
        values=area_values(area),
        unknown={str(k): str(v) for k, v in area.unknown.items()
                 if k.value in BY_KEY},
        parts_gap=area.parts_gap,
    )


def group_region(repo: Repository) -> str:
    """The region the group's LAs are in (South East), from their codes."""
    found = Counter(a.region for a in repo.authorities.values() if a.region)
    return found.most_common(1)[0][0] if found else DEFAULT_REGION


def _direction(measure: str, descending: bool | None) -> bool:
    if descending is not None:
        return descending
    return BY_KEY[measure].better is not Better.lower  # a count: largest first


@dataclass(frozen=True)
class Ranking:
    """One measure of one year ranked and banded as LAIT does: ranks by the area's place
    in the file (as text)."""

    rank_all: dict[str, int]
    rank_region: dict[str, int]
    band: dict[str, str | None]
    points: domain.QuartilePoints | None


def rank_measure(capacity: CapacityYear, every: list[CapacityRow], measure: str) -> Ranking:
    """Ranks among all the file's LAs with a value (level la: not England, a region, a
    sub-region or a service reporting for several LAs) and among the region's, by the
    measure's polarity, and the quartile points of all those LAs' values. A count has no
    polarity: no ranks, no points."""
    better = BY_KEY[measure].better
    if better is None:
        return Ranking({}, {}, {}, None)
    descending = better is Better.higher
    las = {str(i): every[i].values[measure] for i, area in enumerate(capacity.areas)
           if area.level is AreaLevel.la}
    mine = {i: value for i, value in las.items()
            if capacity.areas[int(i)].authority is not None}
    points = domain.quartile_points(las.values())
    return Ranking(domain.competition_ranks(las, descending),
                   domain.competition_ranks(mine, descending),
                   {i: domain.lait_band(value, points, better) for i, value in las.items()},
                   points)


def capacity_table(repo: Repository, capacity: CapacityYear, measure: str | None = None,
                   descending: bool | None = None, *, sort: bool = False) -> CapacityTable:
    """The region's LAs with the region and England beside them, each ranked and banded
    by `measure` (default utilisation; rank_measure). `sort`: best first (by the
    measure's direction, or `descending`), unknowns last; otherwise in the file's order."""
    measure = measure or DEFAULT_MEASURE
    if measure not in BY_KEY:
        raise KeyError(measure)
    descending = _direction(measure, descending)
    region = group_region(repo)
    areas = capacity.areas
    every = [area_row(area) for area in areas]  # by the area's place in the file
    ranking = rank_measure(capacity, every, measure)
    rows = [replace(every[i], rank_region=ranking.rank_region.get(str(i)),
                    rank_all=ranking.rank_all.get(str(i)), band=ranking.band.get(str(i)))
            for i, area in enumerate(areas) if area.authority is not None]
    if sort:
        rows = _best_first(rows, lambda r: r.values[measure], descending)
    comparators = [every[i] for i, a in enumerate(areas)
                   if a.level is AreaLevel.region and a.code == region]
    comparators += [every[i] for i, a in enumerate(areas) if a.level is AreaLevel.england]
    return CapacityTable(
        key=capacity.key, year=capacity.year, source=capacity.source,
        rounding=capacity.rounding, measure=measure, descending=descending, rows=rows,
        comparators=comparators, ranked_region=len(ranking.rank_region),
        ranked_all=len(ranking.rank_all), points=ranking.points,
    )


def _best_first(rows: list[CapacityRow], value: Callable[[CapacityRow], float | None],
                descending: bool) -> list[CapacityRow]:
    known = [r for r in rows if value(r) is not None]
    known.sort(key=lambda r: (-(value(r) or 0.0) if descending else value(r) or 0.0, r.name))
    return known + sorted((r for r in rows if value(r) is None), key=lambda r: r.name)


def authority_years(repo: Repository, authority: str, measure: str | None = None
                    ) -> list[YearRow]:
    """One LA in every capacity year held, oldest first, each followed by the rows beside
    it (the region and England), ranked and banded by `measure` in each year."""
    found = []
    for capacity in sorted(repo.capacity, key=lambda c: (c.year, c.key)):
        table = capacity_table(repo, capacity, measure)
        mine = [r for r in table.rows if r.area == authority]
        for row in mine + table.comparators:
            found.append(YearRow(capacity.key, capacity.year, capacity.series, row,
                                 table.points))
    return found


def compare_years(repo: Repository, this: CapacityYear, other: CapacityYear, *,
                  authority: str | None = None, measure: str | None = None,
                  descending: bool | None = None) -> list[Change]:
    """Each area's change in each measure from `other` to `this` (points for a share,
    places for a count), for the region's LAs, the region and England, with each year's
    rank and band. An area or figure one year lacks: no change (None), never 0.
    `measure`: that measure only, the best change first (unknown changes last)."""
    changes = []
    for key in [measure] if measure else BY_KEY:
        now = capacity_table(repo, this, key)
        then = capacity_table(repo, other, key)
        before = {r.area: r for r in then.rows + then.comparators}
        for row in now.rows + now.comparators:
            if authority is not None and row.area != authority:
                continue
            old = before.get(row.area)
            was = old.values[key] if old else None
            is_ = row.values[key]
            changes.append(Change(
                row.area, row.name, key, is_, was,
                None if is_ is None or was is None else is_ - was,
                this_rank=row.rank_all, this_band=row.band,
                other_rank=old.rank_all if old else None, other_band=old.band if old else None,
                this_rank_region=row.rank_region,
                other_rank_region=old.rank_region if old else None))
    if measure is None:
        return changes
    descending = _direction(measure, descending)
    known = [c for c in changes if c.change is not None]
    known.sort(key=lambda c: -(c.change or 0.0) if descending else c.change or 0.0)
    return known + [c for c in changes if c.change is None]
