"""Ofsted's local-authority-level fostering data (the CSV as published) -> a capacity year
and an Ofsted recruitment funnel as a benchmark year. Pure: bytes and the registry in,
records and problems out.

Ofsted's file has changed shape between years, so each shape is declared once, in LAYOUTS
(see shared/data/README.md and reference/README.md):
- 2018-19: Windows-1252; row 1 names the areas (England, each region followed by its LAs,
  blank separator columns), row 2 gives Ofsted URNs under the headings Topic, Sub-topic,
  Data; a topic or sub-topic is often written only on the first row of its block, so each
  inherits down; footnote markers (`*`, `^`, `°`, `~`, `"`, `?`) are glued to labels and the
  footnotes follow the data rows; thousands separators (`4,985`).
- 2017-18: UTF-8 (this copy lost its curly quotes to U+FFFD, reported, never guessed); one
  label column, row 1 the area names after a blank cell, no URN row, no topics: a row is
  known by its label within its block, each block declared by the label that opens it
  ("Not known" is a row of several blocks).
Both: every figure rounded to the nearest 5; `..` marks a figure suppressed or not
available: unknown, never zero.

The importer recognises a file's layout from its header, then reads it by that layout's
table of labels: a new year's shape is a new Layout, not new code. A row of an imported
block whose label is not in its table is reported, never guessed at; a stage a year does
not have is absent, never filled from another row.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from fostlog import domain, reference
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
from fostlog.importers import Problems
from fostlog.reference import LaEntry

SERIES = "ofsted"
ROUNDING = 5  # Ofsted rounds every figure in the file to the nearest 5
GROUP_REGION = "E12000008"  # the South East: the group's region
LOST = "\ufffd"  # the replacement character: a character this copy of the file lost


# --- the layouts and their tables of row labels ----------------------------------------------


@dataclass(frozen=True)
class RowLabel:
    """A row of a block, labelled `label` (compared without case, footnote markers or
    repeated spaces), holding a capacity `measure`, a funnel `stage`, or neither (a row
    fostlog knows and does not import)."""

    label: str
    measure: CapacityMeasure | None = None
    stage: str | None = None


@dataclass(frozen=True)
class Block:
    """A block of rows. Where the file has a topic column, `name` is the topic as Ofsted
    writes it; where it has none, the block begins at the row labelled `opens_at` and
    `name` is fostlog's. A block with no `labels` is one fostlog does not import: its
    rows are not checked."""

    name: str
    labels: tuple[RowLabel, ...] = ()
    opens_at: str | None = None


@dataclass(frozen=True)
class StageDefinition:
    key: str
    label: str
    note: str


@dataclass(frozen=True)
class Layout:
    """One shape of Ofsted's file. Its header is recognised by `heading`, the cells of row
    `heading_row` before the areas, and row 1 naming England first after them; a URN row
    where there is one; the topic, sub-topic and label columns; its blocks of labels, the
    funnel's stages it has, and what its funnel lacks."""

    name: str
    encoding: str
    heading: tuple[str, ...]
    heading_row: int
    urn_row: int | None
    topic_column: int | None
    subtopic_column: int | None
    label_column: int
    blocks: tuple[Block, ...]
    stages: tuple[StageDefinition, ...]
    funnel_note: str = ""

    @property
    def first_data_line(self) -> int:
        return max(self.heading_row, self.urn_row or 0) + 1

    def described(self) -> str:
        heading = ", ".join(h for h in self.heading if h) or "a blank cell"
        return f"{self.name}'s (row {self.heading_row}: {heading}, then England and the areas)"


_HOUSEHOLDS = "Fostering households"
_PLACES = "Places"
_RECRUITMENT = "Recruitment and Retention"

# The households and places rows are labelled alike in both years.
_HOUSEHOLD_LABELS = (
    RowLabel("Total approved households", CapacityMeasure.households),
    RowLabel("Permanent foster care"),
    RowLabel("Non-permanent foster care"),
    RowLabel("Emergency", CapacityMeasure.emergency_households),
    RowLabel("Family and Friends"),
    RowLabel("Parent and child"),
    RowLabel("Multi-dimensional treatment"),
    RowLabel("Remand"),
    RowLabel("Other"),
    RowLabel("Fostering to adopt"),
    RowLabel("Short breaks", CapacityMeasure.short_break_households),
    RowLabel("Shared care"),
    RowLabel("Not known"),
    RowLabel("Number of households with exemptions to the usual fostering limit in place at "
             "any time during the year"),
    RowLabel("Number of households approved for one CYP"),
    RowLabel("Number of households approved for two CYP"),
    RowLabel("Number of households approved for three CYP"),
    RowLabel("Number of households approved for four or more CYP"),
)
_PLACE_LABELS = (
    RowLabel("Number of approved foster places", CapacityMeasure.approved),
    RowLabel("Number of filled places", CapacityMeasure.filled),
    RowLabel("Number of vacant places", CapacityMeasure.vacant),
    RowLabel("Number of places not available", CapacityMeasure.not_available),
)
_ENQUIRIES = "Number of initial enquiries from new prospective fostering households"

ENQUIRIES = StageDefinition(
    "enquiries", "Initial enquiries",
    "Ofsted: initial enquiries from new prospective fostering households in the year.")

LAYOUT_2018_19 = Layout(
    name="2018-19", encoding="cp1252", heading=("Topic", "Sub-topic", "Data"),
    heading_row=2, urn_row=2, topic_column=0, subtopic_column=1, label_column=2,
    blocks=(
        Block("Children and Young People"),
        Block("Placements"),
        Block("Foster carers (at 31 March)"),
        Block(_HOUSEHOLDS, _HOUSEHOLD_LABELS),
        Block(_PLACES, _PLACE_LABELS),
        Block(_RECRUITMENT, (
            RowLabel(_ENQUIRIES, stage="enquiries"),
            RowLabel("Total number of applications received from prospective fostering "
                     "households between 1 April and 31 March", stage="applications"),
            RowLabel("Number of applications approved", stage="approvals"),
            RowLabel("Number of applications withdrawn by applicants"),
            RowLabel("Number of applications withdrawn by services"),
            RowLabel("Number of applications rejected after being presented to panel"),
            RowLabel("Number of applications which remained in progress on 31 March"),
            RowLabel("Total number of households approved in year"),
            RowLabel("Of which, number of family and friends households approved in year"),
            RowLabel("Deregistered to facilitate a transfer to a local authority"),
            RowLabel("Deregistered to facilitate a transfer to an independent fostering "
                     "agency"),
            RowLabel("Deregistration initiated by the fostering service"),
            RowLabel("Deregistration initiated by the foster carer"),
            RowLabel("Deregistration for unknown reason"),
            RowLabel("Total households deregistered between 1 April and 31 March"),
            RowLabel("Number of applications for a review to the IRM"),
            RowLabel("Number of which resulted in a recommendation being made to review the "
                     "decision"),
        )),
        Block("Allegations of abuse & Complaints"),
    ),
    stages=(
        ENQUIRIES,
        StageDefinition(
            "applications", "Applications received",
            "Ofsted: applications received from prospective fostering households between 1 "
            "April and 31 March. Not necessarily the count the group's own table calls "
            "applications."),
        StageDefinition(
            "approvals", "Applications approved",
            "Ofsted: those of the year's applications that were approved by 31 March; not "
            "the households approved in the year, which include earlier years' "
            "applications."),
    ),
)

LAYOUT_2017_18 = Layout(
    name="2017-18", encoding="utf-8", heading=("",), heading_row=1, urn_row=None,
    topic_column=None, subtopic_column=None, label_column=0,
    blocks=(
        Block("Children and young people",
              opens_at="Number of children/young people in placements (at 31 March)"),
        Block("Placements", opens_at="Number of young people in foster care who became 18"),
        Block("Foster carers", opens_at="Total approved carers"),
        Block(_HOUSEHOLDS, _HOUSEHOLD_LABELS, opens_at="Total approved households"),
        Block(_PLACES, _PLACE_LABELS, opens_at="Number of approved foster places"),
        Block(_RECRUITMENT, (
            RowLabel(_ENQUIRIES, stage="enquiries"),
            RowLabel("Number of applications approved", stage="approvals"),
            RowLabel("Number of applications withdrawn by applicants"),
            RowLabel("Number of applications withdrawn by services"),
            RowLabel("Number of applications rejected after being presented to panel"),
            RowLabel("Number of applications which remained in progress on 31 March"),
            # The sum of the four rows above (the year's outcomes and those in progress),
            # not the applications received in the year: no stage.
            RowLabel("Total applications concluded or in progress at 31 March"),
            RowLabel("Number of family and friends households approved in year"),
            RowLabel("De-registered to facilitate a transfer to a local authority"),
            RowLabel("De-registered to facilitate a transfer to an independent fostering "
                     "agency"),
            RowLabel("De-registration initiated by the fostering service"),
            RowLabel("De-registration initiated by the foster carer"),
            RowLabel("De-registration for unknown reason"),
            RowLabel("Total households de-registered between 1 April and 31 March"),
            RowLabel("Number of applications for a review to the IRM"),
            RowLabel("Number of which resulted in a recommendation being made to review the "
                     "decision"),
        ), opens_at=_ENQUIRIES),
        Block("Allegations and complaints",
              opens_at="Number of allegations against foster carers by fostered children"),
    ),
    stages=(
        ENQUIRIES,
        StageDefinition(
            "approvals", "Applications approved",
            "Ofsted: applications approved in the year, one of the outcomes that with those "
            "withdrawn, rejected and still in progress at 31 March make up the year's "
            "'Total applications concluded or in progress at 31 March'. Unlike 2018-19's, "
            "the file does not say whether only applications received in the year are "
            "counted."),
    ),
    funnel_note=(
        "Ofsted's 2017-18 data has no count of applications received in the year, so this "
        "year has no applications stage and no ratio over one: its 'Total applications "
        "concluded or in progress at 31 March' is the sum of the year's outcomes, a "
        "different count, and is not used in its place."),
)

LAYOUTS: tuple[Layout, ...] = (LAYOUT_2018_19, LAYOUT_2017_18)

# Figures an Ofsted file must have; the others are imported where the file has them.
REQUIRED_MEASURES = (CapacityMeasure.approved, CapacityMeasure.filled,
                     CapacityMeasure.vacant, CapacityMeasure.not_available)

# Every ratio of Ofsted's funnel; a year declares those whose two stages it has.
RATIOS: tuple[Ratio, ...] = (
    Ratio(key="conversion", label="Enquiry to application (conversion)",
          numerator="applications", denominator="enquiries", better=Better.higher,
          note="Ofsted's conversion rate: applications / initial enquiries."),
    Ratio(key="approval_rate", label="Application to approval (approval rate)",
          numerator="approvals", denominator="applications", better=Better.higher,
          note="Applications approved / applications received, both in the year."),
    Ratio(key="enquiry_to_approval", label="Enquiry to approval",
          numerator="approvals", denominator="enquiries", better=Better.higher,
          note="Applications approved / initial enquiries, both in the year: the ratio "
          "every Ofsted year has, so years can be compared."),
)

# Ofsted's names of LAs that DfE's list spells otherwise (beyond case): Ofsted's -> DfE's.
DFE_SPELLINGS: dict[str, str] = {
    "Bedford Borough": "Bedford",
    "Bristol": "Bristol, City of",
    "Durham": "County Durham",
    "Herefordshire": "Herefordshire, County of",
    "Kingston Upon Hull": "Kingston upon Hull, City of",
}

_MARKERS = "*^°~\"?+"
_TRAILING_MARKERS = re.compile(r"[\s" + re.escape(_MARKERS) + r"]+$")
_FOOTNOTE = re.compile(r"^([" + re.escape(_MARKERS) + r"]+)\s+(.*)$", re.DOTALL)
_NUMBER = re.compile(r"^(\d{1,3}(,\d{3})+|\d+)$")
# A file's name gives its year as 2018_to_2019 or 2017-18.
_FILE_YEARS = re.compile(r"(?<!\d)(\d{4})(?:_to_(\d{4})|-(\d{2}))(?!\d)")
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


# --- reading the file ---------------------------------------------------------------------


@dataclass(frozen=True)
class Area:
    """One area column: where it is, what row 1 and the URN row say, and what kind of
    area."""

    column: int  # 0-based
    name: str
    urn: str | None
    level: AreaLevel
    code: str | None  # a region's or subregion's GSS code
    region: str | None  # the region an LA's column is under


@dataclass(frozen=True)
class DataRow:
    line: int
    block: Block | None  # None: a topic no block of the layout has
    within: str  # the block as the file gives it: its topic, or the block's name
    subtopic: str  # the first sub-topic of its block ('' where the file has none)
    label: str
    markers: tuple[str, ...]  # footnote markers on its block's topics and sub-topics, and label
    cells: tuple[str, ...]


@dataclass
class OfstedTable:
    layout: Layout
    areas: list[Area]
    rows: list[DataRow]
    footnotes: dict[str, list[str]] = field(default_factory=dict)
    lost: list[int] = field(default_factory=list)  # the column of each cell holding U+FFFD


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


def recognise(data: bytes, problems: Problems) -> Layout | None:
    """The layout whose header the file's first rows are (read as Latin-1 for this only:
    the headers are plain ASCII in every layout); None, reported, if none."""
    try:
        first = list(itertools.islice(csv.reader(io.StringIO(
            # A byte-order mark (a spreadsheet's "CSV UTF-8") is not part of the header.
            data.removeprefix(_BOM)[:MAX_CELL * MAX_COLUMNS].decode("latin-1"),
            newline="")), 2))
    except csv.Error:
        first = []
    for layout in LAYOUTS:
        if len(first) < layout.heading_row:
            continue
        at = len(layout.heading)
        heading = [c.strip() for c in first[layout.heading_row - 1][:at]]
        if heading == list(layout.heading) and len(first[0]) > at and (
                first[0][at].strip() == "England"):
            return layout
    problems.report(
        rules.OFSTED_LAYOUT, 1, 1,
        "The file's first rows are none of the layouts of Ofsted's local-authority-level "
        "fostering data the importer knows: " + " or ".join(
            layout.described() for layout in LAYOUTS) + ".",
        "Check the file; the importer reads the CSV exactly as Ofsted publishes it. A new "
        "year's layout is a new entry in LAYOUTS in src/fostlog/importers/ofsted.py.",
    )
    return None


def decode(data: bytes, layout: Layout, problems: Problems) -> str | None:
    """The file's text, read in its layout's encoding. A Windows-1252 file saved again as
    UTF-8 is refused rather than read as mojibake ('Â°'), with the line where it shows."""
    if layout.encoding == "cp1252" and (
            data.startswith(_BOM) or (not data.isascii() and _is_utf8(data))):
        first = next((i for i, b in enumerate(data) if b > 0x7F), 0)
        problems.report(
            rules.OFSTED_ENCODING, data.count(b"\n", 0, first) + 1, 1,
            f"This file is UTF-8 text, but Ofsted published its {layout.name} fostering data "
            "in Windows-1252: it has been converted since it was downloaded.",
            "Import the file as downloaded from Ofsted, or convert it back "
            "(iconv -f UTF-8 -t WINDOWS-1252).",
        )
        return None
    try:
        # A UTF-8 layout's file saved with a byte-order mark reads the same without it.
        return data.decode("utf-8-sig" if layout.encoding == "utf-8" else layout.encoding)
    except UnicodeDecodeError as error:
        problems.report(
            rules.OFSTED_ENCODING, data.count(b"\n", 0, error.start) + 1, 1,
            f"Byte 0x{data[error.start]:02x} is not {_ENCODING_NAMES[layout.encoding]} "
            f"text, as the {layout.name} layout is: this is not the CSV as Ofsted published "
            "it.",
        )
        return None


_BOM = b"\xef\xbb\xbf"
_ENCODING_NAMES = {"cp1252": "Windows-1252", "utf-8": "UTF-8"}


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


def _rows(text: str, problems: Problems) -> list[tuple[int, list[str]]] | None:
    """The file's CSV rows with their lines; None, reported, past the bounds or not CSV."""
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
    return lines


def _report_lost(lines: list[tuple[int, list[str]]], problems: Problems) -> list[int]:
    """Each cell holding U+FFFD, reported with its line and column: the characters are
    gone from this copy, and no guess puts them back. The columns of those cells."""
    lost = []
    for line, row in lines:
        for column, cell in enumerate(row, start=1):
            if LOST in cell:
                lost.append(column)
                problems.report(
                    rules.OFSTED_LOST_CHARACTERS, line, column,
                    f"'{_shortened(cell.strip(), 60)}' has lost {cell.count(LOST)} "
                    "character(s), shown as U+FFFD (in this file, curly quotes): kept as it "
                    "is, never guessed.",
                    rules.OFSTED_LOST_CHARACTERS.fix,
                )
    return lost


def read_table(text: str, layout: Layout, regions: dict[str, str], problems: Problems
               ) -> OfstedTable | None:
    """The areas, data rows and footnotes of the file's text, read by its layout."""
    lines = _rows(text, problems)
    if lines is None:
        return None
    lost = _report_lost(lines, problems)
    by_line = dict(lines)
    names = by_line.get(1, [])
    urns = by_line.get(layout.urn_row, []) if layout.urn_row else []
    areas = []
    region: str | None = None
    for column in range(len(layout.heading), len(names)):
        name = names[column].strip()
        if not name:
            continue
        level, code = _level_of(name, regions)
        if level is AreaLevel.region:
            region = code
        urn = urns[column].strip() if column < len(urns) else ""
        areas.append(Area(column, name, urn or None, level, code,
                          region if level in (AreaLevel.la, AreaLevel.la_group) else None))
    table = OfstedTable(layout, areas, [], lost=lost)
    blocks = {normal(b.name): b for b in layout.blocks}
    openers = {normal(b.opens_at): b for b in layout.blocks if b.opens_at}
    # A block is the rows between blank rows (or from the label that opens it): its first
    # sub-topic names it, and a footnote marker on any topic or sub-topic written in it
    # applies to all its rows.
    topic = subtopic = block_subtopic = ""
    block_markers: dict[str, None] = {}  # in order, once each: a block may be long
    opened: Block | None = None
    seen: set[str] = set()
    width = len(layout.heading)
    for line, row in lines:
        if line < layout.first_data_line:
            continue
        cells = [*row, *[""] * max(0, width - len(row))]
        if not any(c.strip() for c in cells):
            block_subtopic, block_markers = "", {}
            continue
        written = [cells[c] if c is not None and cells[c].strip() else ""
                   for c in (layout.topic_column, layout.subtopic_column)]
        for text in written:
            if text:
                block_markers[_markers(text)] = None
        topic, subtopic = written[0] or topic, written[1] or subtopic
        block_subtopic = block_subtopic or subtopic
        label = cells[layout.label_column]
        figures = [c for c in cells[width:] if c.strip()]
        if not label.strip():
            note = cells[layout.subtopic_column] if layout.subtopic_column is not None else ""
            footnote = _FOOTNOTE.match(note.strip())
            if footnote and not figures:
                table.footnotes.setdefault(footnote.group(1), []).append(footnote.group(2))
            elif figures:
                problems.report(rules.OFSTED_LAYOUT, line, layout.label_column + 1,
                                "This row has figures but no label in the label column.")
            continue
        if layout.topic_column is None:
            # Each block opens once, at its first row; a later row of that label is a
            # row of the block it is in.
            opener = openers.get(normal(label))
            if opener is not None and opener.name not in seen:
                opened = opener
                seen.add(opener.name)
            block, within = opened, opened.name if opened else ""
        else:
            block, within = blocks.get(normal(topic)), topic
        markers = tuple(dict.fromkeys(m for m in (*block_markers, _markers(label)) if m))
        table.rows.append(DataRow(line, block, within, block_subtopic, label, markers,
                                  tuple(cells)))
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


def _map_rows(table: OfstedTable, problems: Problems) -> _Found:
    found = _Found()
    layout = table.layout
    column = layout.label_column + 1
    known = {b.name: {normal(e.label): e for e in b.labels} for b in layout.blocks}
    for row in table.rows:
        if row.block is not None and not row.block.labels:
            continue  # a block fostlog does not import
        entry = known[row.block.name].get(normal(row.label)) if row.block else None
        if entry is None:
            problems.report(
                rules.OFSTED_LABEL, row.line, column,
                f"Row {row.line} is labelled '{_clean(row.label)}' (under "
                f"'{_clean(row.within) or 'no block'}'), which the importer does not know "
                f"there in the {layout.name} layout: it will not guess which figure that is.",
            )
            continue
        if entry.measure is not None:
            _keep_once(found.measures, entry.measure, row, column, problems)
        elif entry.stage is not None:
            _keep_once(found.stages, entry.stage, row, column, problems)
    wanted = [(str(m), _PLACES) for m in REQUIRED_MEASURES] + [
        (s.key, _RECRUITMENT) for s in layout.stages]
    for key, block in wanted:
        if key in found.measures or key in found.stages:
            continue
        labels = [e.label for b in layout.blocks for e in b.labels
                  if str(e.measure or e.stage) == key]
        near = next((r.line for r in table.rows if r.block and r.block.name == block), 1)
        problems.report(
            rules.OFSTED_MISSING_ROW, near, column,
            f"No row gives {key.replace('_', ' ')} (labelled "
            + " or ".join(f"'{label}'" for label in labels)
            + f", under '{block}'): the row is missing or its label has changed.",
        )
    return found


def _keep_once(home: dict[Any, DataRow], key: Any, row: DataRow, column: int,
               problems: Problems) -> None:
    if key in home:
        problems.report(
            rules.OFSTED_LABEL, row.line, column,
            f"Row {row.line} gives {key} again (row {home[key].line} gave it already).",
            "Check the file: each figure should have one row.",
        )
    else:
        home[key] = row


def _figures(rows: dict[str, DataRow], area: Area, problems: Problems
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


def _map_areas(areas: list[Area], urn_line: int, repo: Repository, problems: Problems
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
        where = (urn_line if by_number and not by_name else 1, area.column + 1)
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
                rules.OFSTED_URN_CHANGED, urn_line, area.column + 1,
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


def _year_end(year: str, file: str, problems: Problems) -> date | None:
    found = _YEAR.match(year)
    if not found or (int(found.group(1)) + 1) % 100 != int(found.group(2)):
        problems.report(rules.OFSTED_YEAR, 1, 1,
                       f"'{year}' is not a financial year written YYYY-YY (e.g. 2018-19).")
        return None
    start = int(found.group(1))
    named = _FILE_YEARS.search(file)
    if named:
        first = int(named.group(1))
        second = int(named.group(2)) if named.group(2) else first // 100 * 100 + int(
            named.group(3))
        if (first, second) != (start, start + 1):
            problems.report(
                rules.OFSTED_YEAR, 1, 1,
                f"The file's name says {named.group(0)}, {first} to {second}, but the year "
                f"given is {year}.",
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
        label = _clean(row.label)
        measures.append(CapacityMeasureSource(
            key=measure, label=f"{_clean(row.subtopic)}: {label}" if row.subtopic else label))
    return measures


def _dfe_numbers(areas: Iterable[Area], mapped: dict[int, str], repo: Repository, end: date,
                 las: list[LaEntry], problems: Problems) -> dict[int, int]:
    """Column -> DfE's three-digit number for each LA column: a registry LA's from
    authorities.yaml; any other, the one LA of DfE's list operating at the year's end whose
    name is Ofsted's (or its DFE_SPELLINGS entry). One with none is reported, never
    guessed; a group of LAs (London Tri-borough) has none."""
    spelled = {normal(ofsted): normal(dfe) for ofsted, dfe in DFE_SPELLINGS.items()}
    numbers: dict[int, int] = {}
    for area in areas:
        if area.level is not AreaLevel.la:
            continue
        authority = mapped.get(area.column)
        number = repo.authorities[authority].dfe_number if authority else None
        if number is None:
            number = reference.number_named(
                las, spelled.get(normal(area.name), normal(area.name)), on=end)
        if number is None:
            problems.report(
                rules.OFSTED_DFE_NUMBER, 1, area.column + 1,
                f"Column {area.column + 1}, '{area.name}', is no LA of authorities.yaml, and "
                f"DfE's list of LAs has no one LA by that name at {end:%-d %B %Y}: it is "
                "kept with no DfE number (so no statistical neighbours).",
            )
        else:
            numbers[area.column] = number
    return numbers


def import_ofsted(
    data: bytes, file: str, year: str, repo: Repository, regions: dict[str, str], *,
    all_areas: bool = False, las: list[LaEntry] | None = None,
) -> OfstedImport:
    """Read Ofsted's LA-level fostering CSV (`data`, named `file` in messages) for `year`
    (2018-19), in whichever of LAYOUTS its header shows: a capacity year with England, the
    South East and its LAs (`all_areas`: every area in the file), and Ofsted's funnel (the
    stages the year has) for the region's LAs as a benchmark year, with the South East and
    England beside them (`all_areas`: every other LA in `others`). Every LA carries its DfE
    number. `regions`: region code -> name (reference/regions.csv); `las`: DfE's list of
    LAs (reference/las.csv, the one shipped with fostlog when not given)."""
    problems = Problems(file)
    file_name = re.split(r"[\\/]", file)[-1]
    end = _year_end(year, file_name, problems)
    layout = recognise(data, problems)
    text = decode(data, layout, problems) if layout is not None else None
    table = (read_table(text, layout, regions, problems)
             if text is not None and layout is not None else None)
    if table is None or end is None:
        return OfstedImport(None, None, problems.found)
    found = _map_rows(table, problems)
    mapped = _map_areas(table.areas, table.layout.urn_row or 1, repo, problems)
    if any(d.is_error for d in problems.found):
        return OfstedImport(None, None, problems.found)
    las = (reference.la_list() or []) if las is None else las
    return _records(table, found, mapped, year, end, file_name, all_areas, repo, las,
                    problems)


def header(year: str, file_name: str, all_areas: bool) -> list[str]:
    """The comment at the top of both files an import writes: the command that wrote
    them."""
    return [f"Ofsted's fostering data for {year}, written by",
            f"  fostlog import ofsted {file_name} --year {year}"
            + (" --all" if all_areas else "") + " --write",
            "from the file as published. Import the file again rather than editing this one."]


def _records(table: OfstedTable, found: _Found, mapped: dict[int, str], year: str, end: date,
             file_name: str, all_areas: bool, repo: Repository, las: list[LaEntry],
             problems: Problems) -> OfstedImport:
    layout = table.layout
    measure_rows = {str(k): found.measures[k] for k in CapacityMeasure if k in found.measures}
    stage_rows = {s.key: found.stages[s.key] for s in layout.stages}
    keep: list[Area] = []
    outside: list[str] = []
    for area in table.areas:
        in_group = (area.level is AreaLevel.england or area.code == GROUP_REGION
                    or area.column in mapped)
        if in_group or all_areas:
            keep.append(area)
        if all_areas and area.level is AreaLevel.la and area.column not in mapped:
            outside.append(area.name)
    numbers = _dfe_numbers(keep, mapped, repo, end, las, problems)
    capacity_areas = []
    comparators = []
    others = []
    rows = []
    for area in keep:
        values, unknown = _figures(measure_rows, area, problems)
        authority = mapped.get(area.column)
        number = numbers.get(area.column)
        capacity_area = CapacityArea(
            level=area.level, name=area.name, authority=authority, code=area.code,
            region=area.region, urn=area.urn, dfe_number=number,
            values={CapacityMeasure(k): v for k, v in values.items()},
            unknown={CapacityMeasure(k): r for k, r in unknown.items()},
        )
        capacity_area.parts_gap = capacity_area.gap_beyond_rounding(ROUNDING)
        capacity_areas.append(capacity_area)
        comparator = area.level is AreaLevel.england or area.code == GROUP_REGION
        if authority is None and not comparator and area.level is not AreaLevel.la:
            continue  # other regions, London's parts and the Tri-borough: no funnel
        counts, count_unknown = _figures(stage_rows, area, problems)
        if authority is not None:
            rows.append(BenchmarkRow(authority=authority, counts=counts, unknown=count_unknown))
        elif comparator:
            comparators.append(BenchmarkArea(level=area.level, name=area.name, code=area.code,
                                             counts=counts, unknown=count_unknown))
        else:
            others.append(BenchmarkArea(level=area.level, name=area.name, dfe_number=number,
                                        counts=counts, unknown=count_unknown))
    if any(d.is_error for d in problems.found):
        return OfstedImport(None, None, problems.found)
    source = (f"Ofsted, Fostering in England 1 April {end.year - 1} to 31 March {end.year}: "
              f"local-authority-level data ({file_name})")
    # A figure the import keeps cannot have lost one: it would not be a number.
    labels = all(c == layout.label_column + 1 for c in table.lost)
    lost = (f" This copy of Ofsted's file lost characters (shown as U+FFFD, the replacement "
            f"character) in {len(table.lost)} {'label' if labels else 'cell'}(s), never "
            "guessed; the figures imported are unaffected." if table.lost else "")
    note = (f"Ofsted's figures at {end.day} March {end.year} for each LA's fostering "
            "service, from the England, region and LA columns of its local-authority-level "
            f"file. Every figure is rounded to the nearest {ROUNDING}, so places filled, "
            "vacant and not available need not add up to places approved; where they differ "
            "by more than rounding explains, the area's parts_gap records it. A null is a "
            "figure Ofsted marks '..' (suppressed or not available): unknown, never zero."
            + lost)
    capacity = CapacityYear(
        series=SERIES, year=year, as_at=end, source=source, rounding=ROUNDING,
        note=" ".join([note, *(
            f"Ofsted's footnote: {n}" for n in _footnotes(found.measures.values(),
                                                          table.footnotes))]),
        measures=_measure_sources(found), areas=capacity_areas,
    )
    stage_notes = {key: _footnotes([row], table.footnotes) for key, row in stage_rows.items()}
    keys = {s.key for s in layout.stages}
    count = ("no", "one", "two", "three", "four")[min(len(keys), 4)]
    benchmark = BenchmarkYear(
        year=year, series=SERIES, source=source,
        note=" ".join(part for part in (
            "Ofsted's recruitment figures for the year, for each of the region's LAs, with "
            "the South East and England as Ofsted publishes them (comparators)"
            + (" and every other LA in England (others)" if all_areas else "") + ". Every "
            f"figure is rounded to the nearest {ROUNDING}; a null is a figure Ofsted marks "
            "'..': unknown, never zero. Ofsted counts no initial visits: its funnel has "
            f"{count} stages where the group's has more"
            + (", and its applications need not be the group's." if "applications" in keys
               else "."), layout.funnel_note) if part),
        stages=[Stage(key=s.key, label=s.label, confidence=Confidence.certain,
                      note=" ".join([f"Row '{_clean(stage_rows[s.key].label)}'.", s.note,
                                     *(f"Ofsted's footnote: {n}"
                                       for n in stage_notes[s.key])]))
                for s in layout.stages],
        ratios=[r for r in RATIOS if {r.numerator, r.denominator} <= keys],
        authorities=rows,
        comparators=comparators,
        others=others,
    )
    return OfstedImport(capacity, benchmark, problems.found, outside)
