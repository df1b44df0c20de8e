"""Ofsted's local-authority-level fostering data (the CSV as published) -> a capacity year
and an Ofsted recruitment funnel as a benchmark year. Pure: bytes and the registry in,
records and problems out.

The file, as Ofsted publishes it (see shared/data/README.md):
- Windows-1252 text; row 1 names the areas (England, each region followed by its LAs, blank
  separator columns), row 2 gives Ofsted URNs and the headers Topic, Sub-topic, Data;
- a topic or sub-topic is often written only on the first row of its block, so each
  inherits down blank cells; footnote markers (`*`, `**`, `^`, `°`, `~`, `"`, `?`) are glued
  to labels, and the footnotes follow the data rows;
- figures carry thousands separators (`4,985`), are rounded to the nearest 5, and `..`
  marks a figure suppressed or not available: unknown, never zero.

Which row holds which figure is written once, in LABELS: a later year whose labels change
needs new entries there, not new code. A row under an imported topic whose label is not
in the table is reported, never guessed at.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fostlog import domain
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.models import (
    MAX_COUNT,
    AreaLevel,
    BenchmarkArea,
    BenchmarkRow,
    BenchmarkYear,
    Better,
    CapacityArea,
    CapacityMeasure,
    CapacityMeasureSource,
    CapacityYear,
    Confidence,
    Ratio,
    Stage,
    UnknownReason,
)
from fostlog.core.repository import Repository
from fostlog.core.rules import Rule

SERIES = "ofsted"
ROUNDING = 5  # Ofsted rounds every figure in the file to the nearest 5
GROUP_REGION = "E12000008"  # the South East: the group's region
ENCODING = "cp1252"  # Windows-1252, as Ofsted publishes the file


# --- the one table of row labels ----------------------------------------------------------


@dataclass(frozen=True)
class RowLabel:
    """A row Ofsted's file has: under `topic`, labelled `label` (compared without case,
    footnote markers or repeated spaces), holding a capacity `measure`, a funnel `stage`,
    or neither (a row fostlog knows and does not import)."""

    topic: str
    label: str
    measure: CapacityMeasure | None = None
    stage: str | None = None


_HOUSEHOLDS = "Fostering households"
_PLACES = "Places"
_RECRUITMENT = "Recruitment and Retention"

LABELS: tuple[RowLabel, ...] = (
    # 2018-19
    RowLabel(_HOUSEHOLDS, "Total approved households", CapacityMeasure.households),
    RowLabel(_HOUSEHOLDS, "Permanent foster care"),
    RowLabel(_HOUSEHOLDS, "Non-permanent foster care"),
    RowLabel(_HOUSEHOLDS, "Emergency", CapacityMeasure.emergency_households),
    RowLabel(_HOUSEHOLDS, "Family and Friends"),
    RowLabel(_HOUSEHOLDS, "Parent and child"),
    RowLabel(_HOUSEHOLDS, "Multi-dimensional treatment"),
    RowLabel(_HOUSEHOLDS, "Remand"),
    RowLabel(_HOUSEHOLDS, "Other"),
    RowLabel(_HOUSEHOLDS, "Fostering to adopt"),
    RowLabel(_HOUSEHOLDS, "Short breaks", CapacityMeasure.short_break_households),
    RowLabel(_HOUSEHOLDS, "Shared care"),
    RowLabel(_HOUSEHOLDS, "Not known"),
    RowLabel(_HOUSEHOLDS, "Number of households with exemptions to the usual fostering "
             "limit in place at any time during the year"),
    RowLabel(_HOUSEHOLDS, "Number of households approved for one CYP"),
    RowLabel(_HOUSEHOLDS, "Number of households approved for two CYP"),
    RowLabel(_HOUSEHOLDS, "Number of households approved for three CYP"),
    RowLabel(_HOUSEHOLDS, "Number of households approved for four or more CYP"),
    RowLabel(_PLACES, "Number of approved foster places", CapacityMeasure.approved),
    RowLabel(_PLACES, "Number of filled places", CapacityMeasure.filled),
    RowLabel(_PLACES, "Number of vacant places", CapacityMeasure.vacant),
    RowLabel(_PLACES, "Number of places not available", CapacityMeasure.not_available),
    RowLabel(_RECRUITMENT, "Number of initial enquiries from new prospective fostering "
             "households", stage="enquiries"),
    RowLabel(_RECRUITMENT, "Total number of applications received from prospective "
             "fostering households between 1 April and 31 March", stage="applications"),
    RowLabel(_RECRUITMENT, "Number of applications approved", stage="approvals"),
    RowLabel(_RECRUITMENT, "Number of applications withdrawn by applicants"),
    RowLabel(_RECRUITMENT, "Number of applications withdrawn by services"),
    RowLabel(_RECRUITMENT, "Number of applications rejected after being presented to panel"),
    RowLabel(_RECRUITMENT, "Number of applications which remained in progress on 31 March"),
    RowLabel(_RECRUITMENT, "Total number of households approved in year"),
    RowLabel(_RECRUITMENT, "Of which, number of family and friends households approved in "
             "year"),
    RowLabel(_RECRUITMENT, "Deregistered to facilitate a transfer to a local authority"),
    RowLabel(_RECRUITMENT, "Deregistered to facilitate a transfer to an independent "
             "fostering agency"),
    RowLabel(_RECRUITMENT, "Deregistration initiated by the fostering service"),
    RowLabel(_RECRUITMENT, "Deregistration initiated by the foster carer"),
    RowLabel(_RECRUITMENT, "Deregistration for unknown reason"),
    RowLabel(_RECRUITMENT, "Total households deregistered between 1 April and 31 March"),
    RowLabel(_RECRUITMENT, "Number of applications for a review to the IRM"),
    RowLabel(_RECRUITMENT, "Number of which resulted in a recommendation being made to "
             "review the decision"),
)

# Topics none of whose rows fostlog imports: their labels are not checked.
NOT_IMPORTED_TOPICS: tuple[str, ...] = (
    "Children and Young People",
    "Placements",
    "Foster carers (at 31 March)",
    "Allegations of abuse & Complaints",
)

# Figures an Ofsted file must have; the others are imported where the file has them.
REQUIRED_MEASURES = (CapacityMeasure.approved, CapacityMeasure.filled,
                     CapacityMeasure.vacant, CapacityMeasure.not_available)


@dataclass(frozen=True)
class StageDefinition:
    key: str
    label: str
    note: str


STAGES: tuple[StageDefinition, ...] = (
    StageDefinition(
        "enquiries", "Initial enquiries",
        "Ofsted: initial enquiries from new prospective fostering households in the year.",
    ),
    StageDefinition(
        "applications", "Applications received",
        "Ofsted: applications received from prospective fostering households between 1 "
        "April and 31 March. Not necessarily the count the group's own table calls "
        "applications.",
    ),
    StageDefinition(
        "approvals", "Applications approved",
        "Ofsted: those of the year's applications that were approved by 31 March; not the "
        "households approved in the year, which include earlier years' applications.",
    ),
)
RATIOS: tuple[Ratio, ...] = (
    Ratio(key="conversion", label="Enquiry to application (conversion)",
          numerator="applications", denominator="enquiries", better=Better.higher,
          note="Ofsted's conversion rate: applications / initial enquiries."),
    Ratio(key="approval_rate", label="Application to approval (approval rate)",
          numerator="approvals", denominator="applications", better=Better.higher,
          note="Applications approved / applications received, both in the year."),
)

_MARKERS = "*^°~\"?"
_TRAILING_MARKERS = re.compile(r"[\s" + re.escape(_MARKERS) + r"]+$")
_FOOTNOTE = re.compile(r"^([" + re.escape(_MARKERS) + r"]+)\s+(.*)$", re.DOTALL)
_NUMBER = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)$")
_FILE_YEARS = re.compile(r"(\d{4})_to_(\d{4})")
_YEAR = re.compile(r"^(\d{4})-(\d{2})$")
SUPPRESSED = ".."


def normal(text: str) -> str:
    """A label as compared: curly quotes straight, footnote markers and repeated spaces
    gone, no case."""
    text = text.replace("\u2018", "'").replace("\u2019", "'")
    return " ".join(_TRAILING_MARKERS.sub("", text).split()).casefold()


def _markers(text: str) -> str:
    """The footnote marker glued to the end of a label or sub-topic ('**', '°'), if any."""
    found = re.search(r"([" + re.escape(_MARKERS) + r"]+)\s*$", text.rstrip())
    return found.group(1) if found else ""


def _clean(text: str) -> str:
    return " ".join(_TRAILING_MARKERS.sub("", text.replace("\u2019", "'")).split())


_BY_LABEL: dict[tuple[str, str], RowLabel] = {
    (normal(entry.topic), normal(entry.label)): entry for entry in LABELS}
_IGNORED_TOPICS = {normal(topic) for topic in NOT_IMPORTED_TOPICS}


# --- reading the file ---------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """One area column: where it is, what row 1 and row 2 say, and what kind of area."""

    column: int  # 0-based
    name: str
    urn: str | None
    level: AreaLevel
    code: str | None  # a region's or subregion's GSS code
    region: str | None  # the region an LA's column is under


@dataclass(frozen=True)
class DataRow:
    line: int
    topic: str
    subtopic: str  # the first sub-topic of its block
    label: str
    markers: tuple[str, ...]  # footnote markers on its block's topics and sub-topics, and label
    cells: tuple[str, ...]


@dataclass
class OfstedTable:
    areas: list[Area]
    rows: list[DataRow]
    footnotes: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class OfstedImport:
    """What an import proposes: the two records (None when errors stop it), the problems,
    and the areas kept without a registry id (outside the region, with --all)."""

    capacity: CapacityYear | None
    benchmark: BenchmarkYear | None
    diagnostics: list[Diagnostic]
    outside_registry: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


class _Problems:
    """The problems found in one file, each a finding of one of rules.IMPORT_RULES."""

    def __init__(self, file: str):
        self.file = file
        self.found: list[Diagnostic] = []

    def report(self, rule: Rule, line: int, column: int, message: str,
               hint: str | None = None) -> None:
        self.found.append(rule.at(self.file, line, column, message, hint))


def decode(data: bytes, problems: _Problems) -> str | None:
    """The file's text, read as Windows-1252. A file saved again as UTF-8 is refused rather
    than read as mojibake ('Â°'), with the line where it shows."""
    if data.startswith(b"\xef\xbb\xbf") or (not data.isascii() and _is_utf8(data)):
        first = next((i for i, b in enumerate(data) if b > 0x7F), 0)
        problems.report(
            rules.OFSTED_ENCODING, data.count(b"\n", 0, first) + 1, 1,
            "This file is UTF-8 text, but Ofsted publishes its fostering data in "
            "Windows-1252: it has been converted since it was downloaded.",
            "Import the file as downloaded from Ofsted, or convert it back "
            "(iconv -f UTF-8 -t WINDOWS-1252).",
        )
        return None
    try:
        return data.decode(ENCODING)
    except UnicodeDecodeError as error:
        problems.report(
            rules.OFSTED_ENCODING, data.count(b"\n", 0, error.start) + 1, 1,
            f"Byte 0x{data[error.start]:02x} is not Windows-1252 text: this is not the CSV "
            "as Ofsted publishes it.",
        )
        return None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _level_of(name: str, regions: dict[str, str]) -> tuple[AreaLevel, str | None]:
    code = next((c for c, n in regions.items() if normal(n) == normal(name)), None)
    if normal(name) == "england":
        return AreaLevel.england, None
    if code is not None:
        return (AreaLevel.region if code.startswith("E12") else AreaLevel.subregion), code
    if "tri-borough" in normal(name):  # one service reporting for three London boroughs
        return AreaLevel.la_group, None
    return AreaLevel.la, None


# Bounds on what the importer reads (Ofsted's file has about 180 columns and 200 rows):
# the work and memory of an import stay proportionate to a real file.
MAX_COLUMNS = 1_000
MAX_ROWS = 10_000
MAX_CELL = 2_000  # characters; Ofsted's longest label is under 200


def read_table(text: str, regions: dict[str, str], problems: _Problems) -> OfstedTable | None:
    """The areas, data rows and footnotes of the file's text; None if its first two rows
    are not Ofsted's (area names, then URNs under Topic, Sub-topic, Data)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    lines: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            longest = max(map(len, row), default=0)
            if longest > MAX_CELL:
                problems.report(rules.OFSTED_LAYOUT, reader.line_num, 1,
                                f"A cell in this row holds {longest:,} characters; the "
                                f"importer reads at most {MAX_CELL:,}: this is not Ofsted's "
                                "fostering data as published.")
                return None
            if len(row) > MAX_COLUMNS or len(lines) >= MAX_ROWS:
                many = (f"{len(row):,} columns; Ofsted's has one an area (about 180), and the "
                        f"importer reads at most {MAX_COLUMNS:,}" if len(row) > MAX_COLUMNS
                        else f"over {MAX_ROWS:,} rows; Ofsted's has about 200")
                problems.report(rules.OFSTED_LAYOUT, reader.line_num, 1,
                                f"This row has {many}: this is not Ofsted's fostering data "
                                "as published." if len(row) > MAX_COLUMNS else
                                f"This file has {many}: this is not Ofsted's fostering data "
                                "as published.")
                return None
            lines.append((reader.line_num, row))
    except csv.Error as error:
        problems.report(rules.OFSTED_LAYOUT, reader.line_num, 1, f"This is not CSV: {error}.")
        return None
    if len(lines) < 3 or [c.strip() for c in lines[1][1][:3]] != ["Topic", "Sub-topic", "Data"]:
        line = lines[1][0] if len(lines) > 1 else 1
        problems.report(
            rules.OFSTED_LAYOUT, line, 1,
            "Row 2 should begin Topic, Sub-topic, Data (under the area names of row 1): "
            "this is not Ofsted's local-authority-level fostering data as published.",
            "Check the file; the importer reads the CSV exactly as Ofsted publishes it.",
        )
        return None
    names, urns = lines[0][1], lines[1][1]
    areas = []
    region: str | None = None
    for column in range(3, len(names)):
        name = names[column].strip()
        if not name:
            continue
        level, code = _level_of(name, regions)
        if level is AreaLevel.region:
            region = code
        urn = urns[column].strip() if column < len(urns) else ""
        areas.append(Area(column, name, urn or None, level, code,
                          region if level in (AreaLevel.la, AreaLevel.la_group) else None))
    table = OfstedTable(areas, [])
    # A block is the rows between blank rows: its first sub-topic names it, and a footnote
    # marker on any topic or sub-topic written in it applies to all its rows.
    topic = subtopic = block_subtopic = ""
    block_markers: dict[str, None] = {}  # in order, once each: a block may be long
    for line, row in lines[2:]:
        cells = [*row, *[""] * max(0, 3 - len(row))]
        if not any(c.strip() for c in cells):
            block_subtopic, block_markers = "", {}
            continue
        if cells[0].strip():
            topic = cells[0]
            block_markers[_markers(topic)] = None
        if cells[1].strip():
            subtopic = cells[1]
            block_markers[_markers(subtopic)] = None
        block_subtopic = block_subtopic or subtopic
        label = cells[2]
        figures = [c for c in cells[3:] if c.strip()]
        if not label.strip():
            footnote = _FOOTNOTE.match(cells[1].strip())
            if footnote and not figures:
                table.footnotes.setdefault(footnote.group(1), []).append(footnote.group(2))
            elif figures:
                problems.report(rules.OFSTED_LAYOUT, line, 3,
                               "This row has figures but no label in the Data column.")
            continue
        markers = tuple(dict.fromkeys(m for m in (*block_markers, _markers(label)) if m))
        table.rows.append(DataRow(line, topic, block_subtopic, label, markers, tuple(cells)))
    return table


def _shortened(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[:width] + "..."


def _value(cell: str) -> tuple[int | None, UnknownReason | None] | None:
    """A figure: a number (thousands separators allowed), `..` (suppressed) or blank; None
    for anything else."""
    text = cell.strip()
    if text == SUPPRESSED:
        return None, UnknownReason.suppressed
    if not text:
        return None, UnknownReason.blank
    digits = text.replace(",", "")
    # At most 10 digits before int(): a count is at most MAX_COUNT, and int() of 4,300
    # digits or more is refused by Python itself.
    if _NUMBER.match(text) and len(digits) <= 10 and int(digits) <= MAX_COUNT:
        return int(digits), None
    return None


# --- rows to figures ----------------------------------------------------------------------


@dataclass
class _Found:
    """The rows the label table maps, each by the measure or stage it holds."""

    measures: dict[CapacityMeasure, DataRow] = field(default_factory=dict)
    stages: dict[str, DataRow] = field(default_factory=dict)


def _map_rows(table: OfstedTable, problems: _Problems) -> _Found:
    found = _Found()
    for row in table.rows:
        topic = normal(row.topic)
        if topic in _IGNORED_TOPICS:
            continue
        entry = _BY_LABEL.get((topic, normal(row.label)))
        if entry is None:
            problems.report(
                rules.OFSTED_LABEL, row.line, 3,
                f"Row {row.line} is labelled '{_clean(row.label)}' (topic "
                f"'{_clean(row.topic)}'), which the importer does not know: it will not "
                "guess which figure that is.",
            )
            continue
        if entry.measure is not None:
            _keep_once(found.measures, entry.measure, row, problems)
        elif entry.stage is not None:
            _keep_once(found.stages, entry.stage, row, problems)
    wanted = [(str(m), _PLACES) for m in REQUIRED_MEASURES] + [
        (s.key, _RECRUITMENT) for s in STAGES]
    for key, topic in wanted:
        if key in found.measures or key in found.stages:
            continue
        labels = [e.label for e in LABELS if str(e.measure or e.stage) == key]
        near = next((r.line for r in table.rows if normal(r.topic) == normal(topic)), 1)
        problems.report(
            rules.OFSTED_MISSING_ROW, near, 3,
            f"No row gives {key.replace('_', ' ')} (labelled "
            + " or ".join(f"'{label}'" for label in labels)
            + f", under '{topic}'): the row is missing or its label has changed.",
        )
    return found


def _keep_once(home: dict[Any, DataRow], key: Any, row: DataRow, problems: _Problems) -> None:
    if key in home:
        problems.report(
            rules.OFSTED_LABEL, row.line, 3,
            f"Row {row.line} gives {key} again (row {home[key].line} gave it already).",
            "Check the file: each figure should have one row.",
        )
    else:
        home[key] = row


def _figures(rows: dict[str, DataRow], area: Area, problems: _Problems
             ) -> tuple[dict[str, int | None], dict[str, UnknownReason]]:
    values: dict[str, int | None] = {}
    unknown: dict[str, UnknownReason] = {}
    for key, row in rows.items():
        cell = row.cells[area.column] if area.column < len(row.cells) else ""
        parsed = _value(cell)
        if parsed is None:
            problems.report(
                rules.OFSTED_VALUE, row.line, area.column + 1,
                f"{area.name}, row {row.line} ('{_clean(row.label)}'): '{_shortened(cell)}' "
                f"is not a figure (a number up to {MAX_COUNT:,}, or '..' for one "
                "suppressed).",
            )
            values[key] = None
            continue
        value, reason = parsed
        values[key] = value
        if reason is not None:
            unknown[key] = reason
            if reason is UnknownReason.blank:
                problems.report(
                    rules.OFSTED_ODD_VALUE, row.line, area.column + 1,
                    f"{area.name}, row {row.line} ('{_clean(row.label)}'): the cell is empty; "
                    "kept as unknown.",
                )
        elif value is not None and value % ROUNDING:
            problems.report(
                rules.OFSTED_ODD_VALUE, row.line, area.column + 1,
                f"{area.name}, row {row.line}: {value} is not rounded to the nearest "
                f"{ROUNDING}, as Ofsted says every figure is.",
            )
    return values, unknown


# --- areas to the registry ----------------------------------------------------------------


def _map_areas(areas: list[Area], repo: Repository, problems: _Problems
               ) -> dict[int, str]:
    """Column -> LA id for the LA columns of the registry's LAs, by name (or alias) or URN.
    An LA column under the region that maps to no LA, and a registry LA with no column,
    are errors."""
    by_urn = {a.ofsted_urn: a.id for a in repo.authorities.values() if a.ofsted_urn}
    mapped: dict[int, str] = {}
    for area in areas:
        if area.level not in (AreaLevel.la, AreaLevel.la_group):
            continue
        by_name = domain.find_authority(area.name, repo)
        by_number = by_urn.get(area.urn) if area.urn else None
        where = (2 if by_number and not by_name else 1, area.column + 1)
        if by_name and by_number and by_name != by_number:
            problems.report(
                rules.OFSTED_AREA, *where,
                f"Column {area.column + 1} is '{area.name}' ({by_name} in authorities.yaml) "
                f"but its URN {area.urn} is {by_number}'s there.",
                "Check the column, and each LA's ofsted_urn in authorities.yaml.",
            )
            continue
        found = by_name or by_number
        if found is None:
            if area.region == GROUP_REGION:
                close = domain.suggest_authority(area.name, repo)
                problems.report(
                    rules.OFSTED_AREA, 1, area.column + 1,
                    f"Column {area.column + 1}, '{area.name}' (URN {area.urn or 'none'}), is "
                    "under the South East but is no LA in authorities.yaml, by name or URN."
                    + (f" Did you mean {close}?" if close else ""),
                    "Add the name as an alias (or the URN as ofsted_urn) of its LA in "
                    "authorities.yaml.",
                )
            continue
        if by_number is None and area.urn and repo.authorities[found].ofsted_urn:
            problems.report(
                rules.OFSTED_URN_CHANGED, 2, area.column + 1,
                f"'{area.name}' has URN {area.urn} here, but "
                f"{repo.authorities[found].ofsted_urn} in authorities.yaml: its fostering "
                "service may have changed hands.",
            )
        mapped[area.column] = found
    for authority in repo.authorities.values():
        if authority.id not in mapped.values():
            problems.report(
                rules.OFSTED_AREA, 1, 1,
                f"No column of this file is {authority.name} ({authority.id}): by name, "
                f"alias{' or URN ' + authority.ofsted_urn if authority.ofsted_urn else ''}.",
                "Check row 1 of the file, or add the name Ofsted uses as an alias in "
                "authorities.yaml.",
            )
    return mapped


# --- the records --------------------------------------------------------------------------


def _year_end(year: str, file: str, problems: _Problems) -> date | None:
    found = _YEAR.match(year)
    if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
        problems.report(rules.OFSTED_YEAR, 1, 1,
                       f"'{year}' is not a financial year written YYYY-YY (e.g. 2018-19).")
        return None
    start = int(found.group(1))
    named = _FILE_YEARS.search(file)
    if named and (int(named.group(1)), int(named.group(2))) != (start, start + 1):
        problems.report(
            rules.OFSTED_YEAR, 1, 1,
            f"The file's name says {named.group(1)} to {named.group(2)}, but the year given "
            f"is {year}.",
            "Give the year the file is for, or check that this is the right file.",
        )
        return None
    return date(start + 1, 3, 31)


def _footnotes(rows: Iterable[DataRow], footnotes: dict[str, list[str]]) -> list[str]:
    """Ofsted's footnotes on these rows: each marker that names exactly one footnote."""
    found: list[str] = []
    for row in rows:
        for marker in row.markers:
            texts = footnotes.get(marker, [])
            if len(texts) == 1 and texts[0].strip() not in found:
                found.append(texts[0].strip())
    return found


def _measure_sources(found: _Found) -> list[CapacityMeasureSource]:
    measures = []
    for measure in CapacityMeasure:
        row = found.measures.get(measure)
        if row is None:
            continue
        measures.append(CapacityMeasureSource(
            key=measure, label=f"{_clean(row.subtopic)}: {_clean(row.label)}"))
    return measures


def import_ofsted(
    data: bytes, file: str, year: str, repo: Repository, regions: dict[str, str], *,
    all_areas: bool = False,
) -> OfstedImport:
    """Read Ofsted's LA-level fostering CSV (`data`, named `file` in messages) for `year`
    (2018-19): a capacity year with England, the South East and its LAs (`all_areas`: every
    area in the file), and Ofsted's funnel (enquiries, applications, approvals) for the
    region's LAs as a benchmark year, with the South East and England beside them.
    `regions`: region code -> name (reference/regions.csv)."""
    problems = _Problems(file)
    file_name = re.split(r"[\\/]", file)[-1]
    end = _year_end(year, file_name, problems)
    text = decode(data, problems)
    table = read_table(text, regions, problems) if text is not None else None
    if table is None or end is None:
        return OfstedImport(None, None, problems.found)
    found = _map_rows(table, problems)
    mapped = _map_areas(table.areas, repo, problems)
    if any(d.is_error for d in problems.found):
        return OfstedImport(None, None, problems.found)
    return _records(table, found, mapped, year, end, file_name, all_areas, problems)


def _records(table: OfstedTable, found: _Found, mapped: dict[int, str], year: str, end: date,
             file_name: str, all_areas: bool, problems: _Problems) -> OfstedImport:
    measure_rows = {str(k): found.measures[k] for k in CapacityMeasure if k in found.measures}
    keep: list[Area] = []
    outside: list[str] = []
    for area in table.areas:
        in_group = (area.level is AreaLevel.england or area.code == GROUP_REGION
                    or area.column in mapped)
        if in_group or all_areas:
            keep.append(area)
        if all_areas and area.level is AreaLevel.la and area.column not in mapped:
            outside.append(area.name)
    capacity_areas = []
    comparators = []
    rows = []
    for area in keep:
        values, unknown = _figures(measure_rows, area, problems)
        authority = mapped.get(area.column)
        capacity_area = CapacityArea(
            level=area.level, name=area.name, authority=authority, code=area.code,
            region=area.region, urn=area.urn,
            values={CapacityMeasure(k): v for k, v in values.items()},
            unknown={CapacityMeasure(k): r for k, r in unknown.items()},
        )
        capacity_area.parts_gap = capacity_area.gap_beyond_rounding(ROUNDING)
        capacity_areas.append(capacity_area)
        in_funnel = authority is not None or area.level is AreaLevel.england or (
            area.code == GROUP_REGION)
        if not in_funnel:
            continue
        counts, count_unknown = _figures({s.key: found.stages[s.key] for s in STAGES}, area,
                                         problems)
        if authority is not None:
            rows.append(BenchmarkRow(authority=authority, counts=counts, unknown=count_unknown))
        else:
            comparators.append(BenchmarkArea(level=area.level, name=area.name, code=area.code,
                                             counts=counts, unknown=count_unknown))
    if any(d.is_error for d in problems.found):
        return OfstedImport(None, None, problems.found)
    source = (f"Ofsted, Fostering in England 1 April {end.year - 1} to 31 March {end.year}: "
              f"local-authority-level data ({file_name})")
    note = (f"Ofsted's figures at {end.day} March {end.year} for each LA's fostering "
            "service, from the England, region and LA columns of its local-authority-level "
            f"file. Every figure is rounded to the nearest {ROUNDING}, so places filled, "
            "vacant and not available need not add up to places approved; where they differ "
            "by more than rounding explains, the area's parts_gap records it. A null is a "
            "figure Ofsted marks '..' (suppressed or not available): unknown, never zero.")
    capacity = CapacityYear(
        series=SERIES, year=year, as_at=end, source=source, rounding=ROUNDING,
        note=" ".join([note, *(
            f"Ofsted's footnote: {n}" for n in _footnotes(found.measures.values(),
                                                          table.footnotes))]),
        measures=_measure_sources(found), areas=capacity_areas,
    )
    stage_notes = {key: _footnotes([row], table.footnotes) for key, row in found.stages.items()}
    benchmark = BenchmarkYear(
        year=year, series=SERIES, source=source,
        note=(
            "Ofsted's recruitment figures for the year, for each of the region's LAs, with "
            "the South East and England as Ofsted publishes them (comparators). Every "
            f"figure is rounded to the nearest {ROUNDING}; a null is a figure Ofsted marks "
            "'..': unknown, never zero. Ofsted counts no initial visits: its funnel has "
            "three stages where the group's has more, and its applications need not be "
            "the group's."
        ),
        stages=[Stage(key=s.key, label=s.label, confidence=Confidence.certain,
                      note=" ".join([f"Row '{_clean(found.stages[s.key].label)}'.", s.note,
                                     *(f"Ofsted's footnote: {n}"
                                       for n in stage_notes[s.key])]))
                for s in STAGES],
        ratios=list(RATIOS),
        authorities=rows,
        comparators=comparators,
    )
    return OfstedImport(capacity, benchmark, problems.found, outside)
