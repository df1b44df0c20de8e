"""DfE's statistical neighbours workbook (as its LA Interactive Tool uses them) -> a
NeighbourSet. Pure: the workbook's bytes and DfE's list of LAs in, the set and problems out.

The workbook, as DfE publishes it (see shared/data/README.md):
- an Excel workbook (.xlsx) whose sheet "LA SN Groups" has two rows of column letters and
  numbers, then the header `LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, ..., SN10,
  SNP`, then one row per LA: its three-digit DfE number, its name, its region, and its ten
  neighbours closest first, each with its closeness (SNP);
- SNP is capitalised inconsistently ("Very close", "Very Close"); `-` or a blank cell is
  no neighbour (the 2021 set has Cumberland's row all `-`);
- below the current LAs, a heading row ("Old SNs:") and the rows of LAs since reorganised
  (Poole (Pre LG), Northamptonshire), kept with the heading as their note.

Columns are found by their header, never by position; an LA's row given twice is kept once
when the two are the same, an error when they differ.
"""

from __future__ import annotations

import difflib
import hashlib
import io
import re
import warnings
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fostlog import domain, reference
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.models import Closeness, Neighbour, NeighbourGroup, NeighbourSet
from fostlog.importers import Problems
from fostlog.reference import LaEntry

SHEET = "LA SN Groups"
NEIGHBOURS = 10  # SN1 to SN10
HEADER_SEARCH = 10  # rows in which the header is looked for (DfE's is row 3)
NONE = "-"  # DfE's mark for no neighbour

# Bounds on what the importer reads (DfE's workbooks: about 40 KB, 20 parts, 170 rows of
# 26 columns): the work and memory of an import stay proportionate to a real file.
MAX_PARTS = 1_000
MAX_UNPACKED = 20 * 1024 * 1024
MAX_ROWS = 10_000
MAX_COLUMNS = 1_000
MAX_CELL = 200  # characters; DfE's longest name is under 40
MAX_ERRORS = 100  # a file with more is not DfE's: the rest would say nothing new

_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december")
# A month as a file's name writes it: in full or cut to three letters (sn_april_2021).
_MONTH_WORDS = {word: number for number, name in enumerate(_MONTHS, 1)
                for word in (name, name[:3], *(["sept"] if number == 9 else []))}
_MONTH_IN_NAME = re.compile(
    r"(?<![a-z])(" + "|".join(sorted(_MONTH_WORDS, key=len, reverse=True))
    + r")[_\- ]?(\d{4})(?!\d)", re.IGNORECASE)
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class NeighboursImport:
    """What an import proposes: the set (None when errors stop it) and the problems."""

    neighbour_set: NeighbourSet | None
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(d.is_error for d in self.diagnostics)


# --- the month ------------------------------------------------------------------------------


def month_in_name(file_name: str) -> str | None:
    """The month a DfE file's name gives (sn_may_2025 -> 2025-05), or None."""
    found = _MONTH_IN_NAME.search(file_name)
    if found is None:
        return None
    return f"{found.group(2)}-{_MONTH_WORDS[found.group(1).casefold()]:02d}"


def is_month(text: str) -> bool:
    """YYYY-MM, as --month takes it."""
    return _MONTH.match(text) is not None


def _month(file_name: str, given: str | None, problems: Problems) -> str | None:
    named = month_in_name(file_name)
    if given is not None and not is_month(given):
        problems.report(rules.NEIGHBOURS_MONTH, 1, 1,
                        f"--month {given!r} is not a month written YYYY-MM (e.g. 2025-05).")
        return None
    if given is not None and named is not None and given != named:
        problems.report(rules.NEIGHBOURS_MONTH, 1, 1,
                        f"The file's name says {named}, but --month gives {given}.",
                        "Give the month the set was published, or check that this is the "
                        "right file.")
        return None
    if given is None and named is None:
        problems.report(rules.NEIGHBOURS_MONTH, 1, 1,
                        f"The file's name ({file_name}) gives no month, as DfE's names do "
                        "(sn_may_2025.xlsx).",
                        "Give the month DfE published the set as --month YYYY-MM.")
        return None
    return given or named


def _month_words(month: str) -> str:
    year, number = month.split("-")
    return f"{_MONTHS[int(number) - 1].capitalize()} {year}"


# --- opening the workbook ---------------------------------------------------------------------


def _what_it_is(data: bytes) -> str:
    if not data:
        return "empty"
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return ("an Excel 97-2003 workbook (.xls), which fostlog does not read: open it in "
                "Excel and save it as .xlsx")
    head = data[:4096]
    if head and b"\0" not in head:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            return "not a workbook"
        return "text (a CSV saved with the name .xlsx?), not a workbook"
    return "not a workbook"


def _open_sheet(data: bytes, problems: Problems) -> Any | None:
    """The read-only workbook, refused before it is unpacked if it is no zip, has too many
    parts or would unpack to too much (a zip bomb), or lacks DfE's sheet."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except Exception:  # not a zip, or one Python cannot open (BadZipFile, NotImplementedError)
        problems.report(rules.NEIGHBOURS_WORKBOOK, 1, 1,
                        f"This file is {_what_it_is(data)}: DfE publishes its statistical "
                        "neighbours as an Excel workbook (.xlsx).")
        return None
    unpacked = sum(part.file_size for part in parts)
    if len(parts) > MAX_PARTS or unpacked > MAX_UNPACKED:
        problems.report(rules.NEIGHBOURS_WORKBOOK, 1, 1,
                        f"This workbook has {len(parts):,} parts that unpack to "
                        f"{unpacked / 1024 / 1024:,.0f} MB, over the {MAX_PARTS:,} parts and "
                        f"{MAX_UNPACKED // 1024 // 1024} MB fostlog reads (DfE's unpacks to "
                        "under 1 MB): it is not DfE's statistical neighbours workbook.")
        return None
    try:
        import openpyxl

        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        problems.report(rules.NEIGHBOURS_WORKBOOK, 1, 1,
                        f"This zip file cannot be read as an Excel workbook ({error}).")
        return None
    sheet = next((book[n] for n in book.sheetnames if n.strip().casefold() ==
                  SHEET.casefold()), None)
    if sheet is None:
        book.close()
        problems.report(rules.NEIGHBOURS_LAYOUT, 1, 1,
                        f"The workbook has no sheet '{SHEET}' (its sheets: "
                        f"{', '.join(repr(n) for n in book.sheetnames)}): this is not DfE's "
                        "statistical neighbours workbook as published.")
        return None
    return sheet


def _rows(sheet: Any, problems: Problems) -> list[tuple[Any, ...]] | None:
    """The sheet's rows (at most MAX_ROWS of at most MAX_COLUMNS cells), or None."""
    rows: list[tuple[Any, ...]] = []
    try:
        columns = sheet.max_column or MAX_COLUMNS  # as the sheet declares its size, if it does
        if columns > MAX_COLUMNS:
            problems.report(rules.NEIGHBOURS_LAYOUT, 1, 1,
                            f"Sheet '{SHEET}' has {columns:,} columns; DfE's has 26, and the "
                            f"importer reads at most {MAX_COLUMNS:,}.")
            return None
        for row in sheet.iter_rows(values_only=True, max_col=columns):
            if len(rows) == MAX_ROWS:
                problems.report(rules.NEIGHBOURS_LAYOUT, MAX_ROWS + 1, 1,
                                f"Sheet '{SHEET}' has over {MAX_ROWS:,} rows; DfE's has "
                                "about 170: this is not DfE's statistical neighbours "
                                "workbook as published.")
                return None
            rows.append(tuple(row))
    except Exception as error:  # a damaged sheet inside a sound zip
        problems.report(rules.NEIGHBOURS_WORKBOOK, len(rows) + 1, 1,
                        f"Sheet '{SHEET}' cannot be read from row {len(rows) + 1} ({error}).")
        return None
    finally:
        sheet.parent.close()
    return rows


# --- the header and the cells -----------------------------------------------------------------


def _word(cell: Any) -> str:
    return " ".join(str(cell).split()).casefold() if cell is not None else ""


@dataclass(frozen=True)
class _Columns:
    """Where each column is (0-based), found by its header."""

    la: int
    name: int
    la_again: int | None  # "LA number", which repeats "LA num"
    region: int | None
    neighbours: tuple[tuple[int, int], ...]  # (SNk, its SNP)


_HEADER = ("LA num, LA Name, LA number, GOInd, GOReg, SN1, SNP, SN2, SNP, ..., SN10, SNP")


def _header(rows: list[tuple[Any, ...]], problems: Problems) -> tuple[int, _Columns] | None:
    """The header's row index and its columns; None (reported) if there is none or it
    lacks a column the import needs."""
    index = next((i for i, row in enumerate(rows[:HEADER_SEARCH])
                  if {"la num", "la name", "sn1"} <= {_word(c) for c in row}), None)
    if index is None:
        problems.report(rules.NEIGHBOURS_LAYOUT, 1, 1,
                        f"No row of the first {HEADER_SEARCH} in sheet '{SHEET}' is DfE's "
                        f"header ({_HEADER}): this is not DfE's statistical neighbours "
                        "workbook as published.")
        return None
    words = [_word(c) for c in rows[index]]

    def column(name: str) -> int | None:
        return words.index(name.casefold()) if name.casefold() in words else None

    missing = [n for n in ("LA num", "LA Name") if column(n) is None]
    pairs: list[tuple[int, int]] = []
    for k in range(1, NEIGHBOURS + 1):
        at = column(f"SN{k}")
        if at is None or at + 1 >= len(words) or words[at + 1] != "snp":
            missing.append(f"SN{k}" if at is None else f"SNP after SN{k}")
        else:
            pairs.append((at, at + 1))
    la, name = column("LA num"), column("LA Name")
    if missing or la is None or name is None:
        problems.report(rules.NEIGHBOURS_LAYOUT, index + 1, 1,
                        f"The header (row {index + 1}) has no column {', '.join(missing)}; "
                        f"DfE's is {_HEADER}.")
        return None
    return index, _Columns(la, name, column("LA number"), column("GOReg"), tuple(pairs))


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and cell.strip() in ("", NONE))


def _number(cell: Any) -> int | None:
    """A whole number as a cell holds it: 870, 870.0 or '870'; None for anything else."""
    if isinstance(cell, bool):
        return None
    if isinstance(cell, float) and cell.is_integer():
        cell = int(cell)
    if isinstance(cell, int):
        return cell
    if isinstance(cell, str) and cell.strip().isascii() and cell.strip().isdigit():
        return int(cell.strip()) if len(cell.strip()) <= 6 else None
    return None


def _shown(cell: Any) -> str:
    text = str(cell)
    return repr(text if len(text) <= 40 else text[:40] + "...")


def _closeness(cell: Any) -> Closeness | None:
    try:
        return Closeness(_word(cell))
    except ValueError:
        return None


def _letter(column: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(column + 1))


# --- rows to groups ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Row:
    line: int  # 1-based, as Excel numbers rows
    cells: tuple[Any, ...]
    group: NeighbourGroup


class _Reader:
    """The rows under the header, each to a group, with the problems found."""

    def __init__(self, columns: _Columns, known: set[int], entries: Sequence[LaEntry],
                 problems: Problems):
        self.columns, self.known, self.entries = columns, known, entries
        self.problems = problems
        self.heading: str | None = None  # the heading row the rows are under ("Old SNs:")

    def cell(self, cells: tuple[Any, ...], column: int) -> Any:
        return cells[column] if column < len(cells) else None

    def where(self, line: int, column: int, header: str) -> str:
        return f"Row {line}, {header} (column {_letter(column)})"

    def number(self, line: int, cells: tuple[Any, ...], column: int, header: str,
               name: str) -> int | None:
        """The DfE number in a cell: a whole number DfE's list gives an LA (reported, and
        None, otherwise)."""
        cell = self.cell(cells, column)
        number = _number(cell)
        where = self.where(line, column, header)
        if number is None:
            self.problems.report(rules.NEIGHBOURS_VALUE, line, column + 1,
                                 f"{where}: {_shown(cell)} is not an LA's three-digit DfE "
                                 "number.")
        elif number not in self.known:
            close = reference.number_named(self.entries, name) if header == "LA num" else None
            self.problems.report(
                rules.NEIGHBOURS_UNKNOWN_NUMBER, line, column + 1,
                f"{where}: {number} is no LA's number in DfE's list of LAs."
                + (f" Did you mean {close}, DfE's number for {name}?" if close else ""),
                "Check the cell against DfE's published workbook; fostlog's list of LAs is "
                "src/fostlog/reference/las.csv.")
            return None
        return number

    def read(self, line: int, cells: tuple[Any, ...]) -> NeighbourGroup | None:
        """The row's group; None for a heading row, or one with errors (reported)."""
        columns = self.columns
        name_cell = self.cell(cells, columns.name)
        used = [columns.la, *(c for pair in columns.neighbours for c in pair)]
        if _blank(self.cell(cells, columns.la)):
            if all(_blank(self.cell(cells, c)) for c in used) and not _blank(name_cell):
                self.heading = " ".join(str(name_cell).split())[:MAX_CELL]
            else:
                self.problems.report(rules.NEIGHBOURS_LAYOUT, line, columns.la + 1,
                                     f"Row {line} has neighbours but no LA number in LA num "
                                     f"(column {_letter(columns.la)}).")
            return None
        errors = self.problems.errors
        name = " ".join(str(name_cell).split()) if not _blank(name_cell) else ""
        if not name or len(name) > MAX_CELL:
            self.problems.report(rules.NEIGHBOURS_VALUE, line, columns.name + 1,
                                 f"{self.where(line, columns.name, 'LA Name')}: "
                                 + ("no LA name." if not name else
                                    f"the name is over {MAX_CELL} characters."))
        la = self.number(line, cells, columns.la, "LA num", name)
        if columns.la_again is not None and la is not None:
            again = _number(self.cell(cells, columns.la_again))
            if again != la:
                self.problems.report(
                    rules.NEIGHBOURS_VALUE, line, columns.la_again + 1,
                    f"{self.where(line, columns.la_again, 'LA number')}: "
                    f"{_shown(self.cell(cells, columns.la_again))}, but LA num gives {la}.")
        neighbours: list[Neighbour] = []
        at: list[int] = []  # each neighbour's column
        for k, (sn, snp) in enumerate(columns.neighbours, 1):
            number_cell, word = self.cell(cells, sn), self.cell(cells, snp)
            if _blank(number_cell):
                if not _blank(word):
                    self.problems.report(rules.NEIGHBOURS_CLOSENESS, line, snp + 1,
                                         f"{self.where(line, snp, f'SNP after SN{k}')}: "
                                         f"{_shown(word)}, but SN{k} gives no neighbour.")
                continue
            number = self.number(line, cells, sn, f"SN{k}", name)
            closeness = _closeness(word)
            if closeness is None and not _blank(word):
                close = difflib.get_close_matches(_word(word)[:40], [str(c) for c in Closeness],
                                                  1)
                self.problems.report(
                    rules.NEIGHBOURS_CLOSENESS, line, snp + 1,
                    f"{self.where(line, snp, f'SNP after SN{k}')}: {_shown(word)} is not "
                    "one of DfE's closeness words ("
                    + ", ".join(str(c) for c in Closeness) + ")."
                    + (f" Did you mean '{close[0]}'?" if close else ""))
            if number is not None:
                neighbours.append(Neighbour(dfe_number=number, closeness=closeness))
                at.append(sn)
        if la is not None:
            for position, rule, message in domain.group_faults(
                    la, name, [n.dfe_number for n in neighbours]):
                self.problems.report(rule, line, at[position] + 1,
                                     f"{self.where(line, at[position], f'SN{position + 1}')}"
                                     f": {message}")
        if la is None or self.problems.errors > errors:
            return None
        region = self.cell(cells, columns.region) if columns.region is not None else None
        notes = []
        if self.heading:
            notes.append(f"Listed under the workbook's heading '{self.heading}'.")
        if not neighbours:
            notes.append("The workbook gives this LA no neighbours.")
        return NeighbourGroup(
            dfe_number=la, name=name,
            region=None if _blank(region) else " ".join(str(region).split())[:MAX_CELL],
            neighbours=neighbours, note=" ".join(notes) or None)


def _groups(rows: list[tuple[Any, ...]], start: int, reader: _Reader,
            problems: Problems) -> list[NeighbourGroup]:
    """The groups of the rows from index `start`, an LA's repeated row kept once."""
    kept: dict[int, _Row] = {}
    for index in range(start, len(rows)):
        line, cells = index + 1, rows[index]
        if all(_blank(c) for c in cells):
            continue
        group = reader.read(line, cells)
        if problems.errors >= MAX_ERRORS:
            problems.report(rules.NEIGHBOURS_LAYOUT, line, 1,
                            f"Over {MAX_ERRORS} problems by row {line}: the rest of the sheet "
                            "was not read. This is not DfE's statistical neighbours workbook "
                            "as published.")
            break
        if group is None:
            continue
        first = kept.get(group.dfe_number)
        if first is None:
            kept[group.dfe_number] = _Row(line, cells, group)
        elif first.cells == cells:
            problems.report(rules.NEIGHBOURS_REPEATED_ROW, line, reader.columns.la + 1,
                            f"Row {line} repeats row {first.line} ({group.name}, "
                            f"{group.dfe_number}) cell for cell: kept once.")
        else:
            problems.report(rules.NEIGHBOURS_CONFLICT, line, reader.columns.la + 1,
                            f"Row {line} gives {group.name} ({group.dfe_number}) again, but "
                            f"not as row {first.line} does: which is DfE's group cannot be "
                            "told.")
    return [row.group for row in kept.values()]


# --- the set ----------------------------------------------------------------------------------


def header(neighbour_set: NeighbourSet) -> list[str]:
    """The comment lines at the head of a set's data file: what wrote it, from what."""
    return [f"DfE's statistical neighbours, the set of {neighbour_set.month}, written by",
            f"'fostlog import neighbours {neighbour_set.file} --write' (the workbook's",
            "SHA-256 below). Import the file again rather than editing this one."]


def import_neighbours(data: bytes, file: str, entries: Sequence[LaEntry],
                      month: str | None = None) -> NeighboursImport:
    """Read DfE's statistical neighbours workbook (`data`, named `file` in messages) into a
    set for `month` (YYYY-MM; by default the month the file's name gives), every LA and
    neighbour checked against DfE's list of LAs (`entries`)."""
    problems = Problems(file)
    file_name = re.split(r"[\\/]", file)[-1]
    set_month = _month(file_name, month, problems)
    with warnings.catch_warnings():  # openpyxl warns of what it skips; nothing it skips is read
        warnings.simplefilter("ignore")
        sheet = _open_sheet(data, problems)
        rows = _rows(sheet, problems) if sheet is not None else None
    header = _header(rows, problems) if rows is not None else None
    if header is None or set_month is None:
        return NeighboursImport(None, problems.found)
    index, columns = header
    reader = _Reader(columns, reference.known_numbers(entries), entries, problems)
    groups = _groups(rows or [], index + 1, reader, problems)
    if problems.errors:
        return NeighboursImport(None, problems.found)
    words = _month_words(set_month)
    neighbour_set = NeighbourSet(
        month=set_month,
        source=f"Department for Education, statistical neighbours as used by the LA "
        f"Interactive Tool (LAIT), the {words} set ({file_name})",
        file=file_name,
        sha256=hashlib.sha256(data).hexdigest(),
        note=(
            "DfE's ten statistical neighbours of each LA (the LAs most like it), closest "
            "first (SN1 to SN10), as its workbook lists them; closeness is its SNP column "
            "(extremely close, very close, close, somewhat close, not close), its varying "
            "capitals made one spelling. LAs are DfE's three-digit numbers, each in DfE's "
            "list of LAs. The workbook is kept unchanged in reference/lait/ with this "
            "SHA-256."
        ),
        groups=groups,
    )
    return NeighboursImport(neighbour_set, problems.found)
