"""Reference lists published by others, shipped with fostlog unchanged (see PROVENANCE.md).

las.csv is the Department for Education's list of local authorities: each LA's GSS code
(`new_la_code`) with the dates it was in use, its region and its three-digit DfE number
(`old_la_code`). Lint checks the codes in authorities.yaml against it, and the Ofsted
importer names regions by it. Reading it is the only I/O here; the parsing is pure, so a
test can give its own text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from importlib import resources

LAS_FILE = "las.csv"
REGIONS_FILE = "regions.csv"


@dataclass(frozen=True)
class LaEntry:
    """One row of DfE's list. A few rows stand for two LAs at once ("E06000061 /
    E06000062", "940 / 941"): their codes are kept as lists."""

    line: int  # in las.csv, counting the header as line 1
    gss_codes: tuple[str, ...]
    name: str
    since: date | None
    until: date | None
    region: str
    status: str
    dfe_numbers: tuple[int, ...]


def _date(text: str) -> date | None:
    # DfE writes dates day first: 01/04/2020.
    return datetime.strptime(text, "%d/%m/%Y").date() if text.strip() else None


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split("/") if part.strip()]


def parse_las(text: str) -> list[LaEntry]:
    """The rows of las.csv as text. An old_la_code that is not a number ('x', for an LA
    that never had one) gives no DfE number."""
    entries = []
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        entries.append(LaEntry(
            line=line,
            gss_codes=tuple(_split(row["new_la_code"])),
            name=row["la_name"],
            since=_date(row["date_of_operation"]),
            until=_date(row["date_of_termination"]),
            region=row["parent_geography_code"],
            status=row["status"],
            dfe_numbers=tuple(int(p) for p in _split(row["old_la_code"]) if p.isdigit()),
        ))
    return entries


def parse_regions(text: str) -> dict[str, str]:
    """regions.csv as text: region code -> region name."""
    return {row["region_code"]: row["region_name"]
            for row in csv.DictReader(io.StringIO(text))}


def _shipped(name: str) -> str | None:
    try:
        return resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    except OSError:
        return None


@cache
def la_list() -> list[LaEntry] | None:
    """DfE's list of LAs as shipped with fostlog; None if this installation lacks it."""
    text = _shipped(LAS_FILE)
    return None if text is None else parse_las(text)


@cache
def region_names() -> dict[str, str] | None:
    """Region code -> name, as shipped; None if this installation lacks the file."""
    text = _shipped(REGIONS_FILE)
    return None if text is None else parse_regions(text)


def known_numbers(entries: Sequence[LaEntry]) -> set[int]:
    """Every DfE number DfE's list gives an LA, at any date."""
    return {number for entry in entries for number in entry.dfe_numbers}


def number_named(entries: Sequence[LaEntry], name: str, on: date | None = None) -> int | None:
    """The DfE number of the one-LA rows of DfE's list named `name` (capitals and spaces
    aside), operating `on` that date where given (Dorset: 835 until 31 March 2019, 838
    after); None if no row, or rows of several numbers, have that name."""
    wanted = " ".join(name.split()).casefold()
    numbers = {e.dfe_numbers[0] for e in entries
               if len(e.dfe_numbers) == 1 and " ".join(e.name.split()).casefold() == wanted
               and (on is None or ((e.since is None or e.since <= on)
                                   and (e.until is None or on <= e.until)))}
    return numbers.pop() if len(numbers) == 1 else None


def entries_for(entries: list[LaEntry], dfe_number: int) -> list[LaEntry]:
    """The single-LA rows with this DfE number, oldest first (a combined row such as
    'Kingston upon Thames / Richmond upon Thames' is not one LA's code)."""
    found = [e for e in entries if e.dfe_numbers == (dfe_number,)]
    return sorted(found, key=lambda e: (e.since or date.min, e.gss_codes))
