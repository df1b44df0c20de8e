"""Capacity: each figure is for a declared measure, null exactly when a reason is given
(a benchmark count too), its parts add up or the gap is recorded, and each area is
listed once."""

from __future__ import annotations

from collections.abc import Iterator

from fostlog.checks.common import at, repeated
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.models import BenchmarkArea, BenchmarkRow
from fostlog.core.repository import Repository


def check_capacity_measures(repo: Repository) -> Iterator[Diagnostic]:
    """Every figure in a capacity file is for a measure its `measures` list declares, with
    the source's label for it."""
    for capacity in repo.capacity:
        declared = sorted(str(m.key) for m in capacity.measures)
        for index, area in enumerate(capacity.areas):
            for part in ("values", "unknown"):
                for key in getattr(area, part):
                    if str(key) not in declared:
                        yield at(
                            repo, rules.UNKNOWN_MEASURE, capacity,
                            ("areas", index, part, str(key)),
                            f"{area.name}: '{key}' is not one of this file's measures.",
                            f"Declare it under measures (with the source's label), or use one "
                            f"of: {', '.join(declared)}.",
                        )


def check_unknown_reasons(repo: Repository) -> Iterator[Diagnostic]:
    """A capacity figure is null exactly when `unknown` gives the reason (suppressed, not
    returned, blank); a benchmark count has a reason only when it is null."""
    rule = rules.UNKNOWN_REASON
    for capacity in repo.capacity:
        for index, area in enumerate(capacity.areas):
            for key, value in area.values.items():
                if value is None and key not in area.unknown:
                    yield at(repo, rule, capacity, ("areas", index, "values", str(key)),
                             f"{area.name}: {key} is null, with no reason under unknown.")
            for key in area.unknown:
                if area.values.get(key) is not None:
                    yield at(repo, rule, capacity, ("areas", index, "unknown", str(key)),
                             f"{area.name}: {key} has a reason for being unknown, but a "
                             f"figure ({area.values[key]}).")
    for year in repo.benchmarks:
        rows: list[tuple[str, int, str, BenchmarkRow | BenchmarkArea]] = [
            ("authorities", i, row.authority, row) for i, row in enumerate(year.authorities)]
        rows += [("comparators", i, area.name, area) for i, area in enumerate(year.comparators)]
        for part, index, name, row in rows:
            for stage in row.unknown:
                if row.counts.get(stage) is not None:
                    yield at(repo, rule, year, (part, index, "unknown", stage),
                             f"{name}: {stage} has a reason for being unknown, but a count "
                             f"({row.counts[stage]}).")


def check_capacity_parts(repo: Repository) -> Iterator[Diagnostic]:
    """Where places filled, vacant and not available differ from places approved by more
    than the source's rounding explains, the file records that gap (parts_gap), so the
    gap reads as the source's and not as a typo; and a recorded gap is the figures' gap."""
    for capacity in repo.capacity:
        for index, area in enumerate(capacity.areas):
            gap = area.gap_beyond_rounding(capacity.rounding)
            if gap == area.parts_gap:
                continue
            rounding = (f"rounding to the nearest {capacity.rounding}" if capacity.rounding
                        else "exact counts")
            if gap is None:
                message = (f"{area.name}: parts_gap is {area.parts_gap}, but the figures "
                           f"differ by no more than {rounding} explains (or one is unknown).")
            else:
                message = (f"{area.name}: places filled, vacant and not available come to "
                           f"{gap:+} places from places approved, more than {rounding} "
                           "explains" + (f"; parts_gap says {area.parts_gap}." if
                                          area.parts_gap is not None else "."))
            yield at(repo, rules.CAPACITY_PARTS_GAP, capacity,
                     ("areas", index, "parts_gap" if area.parts_gap is not None
                       else "values"), message)


def check_duplicate_areas(repo: Repository) -> Iterator[Diagnostic]:
    """A capacity file lists each area once (an LA by its id, another area by its level
    and name)."""
    for capacity in repo.capacity:
        areas = list(enumerate(capacity.areas))
        for (first, _), (index, area) in repeated(areas, lambda each: (
                ("la", each[1].authority) if each[1].authority
                else (str(each[1].level), each[1].name))):
            yield at(repo, rules.DUPLICATE_AREA, capacity, ("areas", index),
                     f"{area.name} is listed twice in this file (first as area {first + 1}).")
