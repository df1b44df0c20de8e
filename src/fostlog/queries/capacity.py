"""How full each LA's fostering places are: pure functions over the capacity years.

Utilisation is places filled / places approved; the vacant and not-available shares are
those places / places approved. A share over an unknown figure (suppressed, not returned)
is unknown (None), never 0%. Ranks are competition ranks (ties share the better rank)
among the LAs with a value: among the region's LAs, and among all LAs in the file. The
band (A best to D) is the quarter of all the file's LAs the rank falls in, as DfE's LA
Interactive Tool bands LAs; an LA with no value has neither rank nor band. Ranks and bands
are domain.competition_ranks and domain.quartile_band, as the benchmark's are.
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
    """A figure or a share fostlog shows, and which way is better. A count has no better
    way: it sorts largest first."""

    key: str
    label: str
    better: Better
    numerator: CapacityMeasure | None = None  # for a share of places approved

    @property
    def is_share(self) -> bool:
        return self.numerator is not None


MEASURES: tuple[Measure, ...] = (
    Measure("approved", "Approved", Better.higher),
    Measure("filled", "Filled", Better.higher),
    Measure("vacant", "Vacant", Better.higher),
    Measure("not_available", "Not available", Better.higher),
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
    comparators: list[CapacityRow]  # the region, then England
    ranked_region: int  # how many of the region's LAs have a value of the measure
    ranked_all: int  # how many of the file's LAs have one


@dataclass(frozen=True)
class YearRow:
    """A row of one capacity year, for a view across years."""

    key: str
    year: str
    series: str
    row: CapacityRow


@dataclass(frozen=True)
class Change:
    area: str
    name: str
    measure: str
    this_year: float | None
    other_year: float | None
    change: float | None  # points for a share, places for a count


def _percent(part: int | None, whole: int | None) -> float | None:
    if part is None or not whole:
        return None
    # float() of the exact Fraction is correctly rounded.
    return float(Fraction(part, whole) * 100)


def _values(area: CapacityArea) -> dict[str, float | None]:
    figures = area.values
    values: dict[str, float | None] = {}
    for measure in MEASURES:
        if measure.numerator is None:
            values[measure.key] = figures.get(CapacityMeasure(measure.key))
        else:
            values[measure.key] = _percent(figures.get(measure.numerator),
                                           figures.get(CapacityMeasure.approved))
    return values


def _row(area: CapacityArea) -> CapacityRow:
    return CapacityRow(
        area=area.authority or area.name,
        name=area.name,
        level=area.level,
        values=_values(area),
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
    return BY_KEY[measure].better is Better.higher


def capacity_table(repo: Repository, capacity: CapacityYear, measure: str | None = None,
                   descending: bool | None = None, *, sort: bool = False) -> CapacityTable:
    """The region's LAs with the region and England beside them, each ranked by `measure`
    (default utilisation). `sort`: best first (by the measure's direction, or
    `descending`), unknowns last; otherwise in the file's order."""
    measure = measure or DEFAULT_MEASURE
    if measure not in BY_KEY:
        raise KeyError(measure)
    descending = _direction(measure, descending)
    region = group_region(repo)
    areas = capacity.areas
    every = [_row(area) for area in areas]  # by the area's place in the file

    def ranks(wanted: Callable[[CapacityArea], bool]) -> dict[str, int]:
        return domain.competition_ranks({str(i): every[i].values[measure]
                                  for i, area in enumerate(areas) if wanted(area)}, descending)

    rank_all = ranks(lambda area: area.level is AreaLevel.la)
    rank_region = ranks(lambda area: area.authority is not None)
    ranked_all = len(rank_all)
    rows = []
    for i, area in enumerate(areas):
        if area.authority is None:
            continue
        overall = rank_all.get(str(i))
        rows.append(replace(
            every[i], rank_region=rank_region.get(str(i)), rank_all=overall,
            band=domain.quartile_band(overall, ranked_all) if overall is not None else None))
    if sort:
        rows = _best_first(rows, lambda r: r.values[measure], descending)
    comparators = [every[i] for i, a in enumerate(areas)
                   if a.level is AreaLevel.region and a.code == region]
    comparators += [every[i] for i, a in enumerate(areas) if a.level is AreaLevel.england]
    return CapacityTable(
        key=capacity.key, year=capacity.year, source=capacity.source,
        rounding=capacity.rounding, measure=measure, descending=descending, rows=rows,
        comparators=comparators, ranked_region=len(rank_region), ranked_all=ranked_all,
    )


def _best_first(rows: list[CapacityRow], value: Callable[[CapacityRow], float | None],
                descending: bool) -> list[CapacityRow]:
    known = [r for r in rows if value(r) is not None]
    known.sort(key=lambda r: (-(value(r) or 0.0) if descending else value(r) or 0.0, r.name))
    return known + sorted((r for r in rows if value(r) is None), key=lambda r: r.name)


def authority_years(repo: Repository, authority: str, measure: str | None = None
                    ) -> list[YearRow]:
    """One LA in every capacity year held, each followed by the region and England."""
    found = []
    for capacity in repo.capacity:
        table = capacity_table(repo, capacity, measure)
        mine = [r for r in table.rows if r.area == authority]
        for row in mine + table.comparators:
            found.append(YearRow(capacity.key, capacity.year, capacity.series, row))
    return found


def compare_years(repo: Repository, this: CapacityYear, other: CapacityYear, *,
                  authority: str | None = None, measure: str | None = None,
                  descending: bool | None = None) -> list[Change]:
    """Each area's change in each measure from `other` to `this` (points for a share,
    places for a count), for the region's LAs, the region and England. `measure`: that
    measure only, the best change first (unknown changes last)."""
    now = capacity_table(repo, this)
    then = capacity_table(repo, other)
    before = {r.area: r for r in then.rows + then.comparators}
    changes = []
    for row in now.rows + now.comparators:
        if authority is not None and row.area != authority:
            continue
        for key in [measure] if measure else BY_KEY:
            old = before.get(row.area)
            was = old.values[key] if old else None
            is_ = row.values[key]
            changes.append(Change(row.area, row.name, key, is_, was,
                                  None if is_ is None or was is None else is_ - was))
    if measure is None:
        return changes
    descending = _direction(measure, descending)
    known = [c for c in changes if c.change is not None]
    known.sort(key=lambda c: -(c.change or 0.0) if descending else c.change or 0.0)
    return known + [c for c in changes if c.change is None]
