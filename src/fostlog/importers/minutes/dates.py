"""Dates as minutes write them: "7 July 2025", "January 26", "November 5 2021", "17
September", "Dec 2024", "Sept 2025", "20/01/2022". A year left out is reported as None,
never guessed here: the drafter decides it from the rest of the minutes and says so."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime

MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _name = calendar.month_name[_number].lower()
    MONTHS[_name] = _number
    MONTHS[_name[:3]] = _number
MONTHS["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_DAY_MONTH = re.compile(rf"\b{_DAY}\s+(?:of\s+)?{_MONTH}\b(?:,?\s+{_YEAR}\b)?", re.IGNORECASE)
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+{_DAY}\b(?!\s*(?:%|am|pm|mins?|hours?))(?:,?\s+{_YEAR}\b)?",
                        re.IGNORECASE)
_NUMERIC = re.compile(r"\b(?P<day>[0-3]?\d)/(?P<month>[01]?\d)/(?P<year>(?:19|20)?\d\d)\b")
_ISO = re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s*[-/ ]?\s*(?P<year>(?:19|20)\d\d|\d\d)\b", re.IGNORECASE)
_YEAR_ONLY = re.compile(r"\b(?:19|20)\d\d\b")
_NO_DAY = datetime(1900, 1, 1)
_NUMBERED_DATE = re.compile(r"\b\d{1,2}[./-]\d{1,2}[./-]\d{2,4}\b")


@dataclass(frozen=True)
class DayMonth:
    """A day as written: the year is None when the text gives none."""

    day: int
    month: int
    year: int | None
    as_written: str

    def with_year(self, year: int) -> date | None:
        try:
            return date(year, self.month, self.day)
        except ValueError:
            return None


def _valid(day: int, month: int, year: int | None) -> bool:
    try:
        date(year or 2000, month, day)  # 2000 is a leap year: 29 February is allowed
    except ValueError:
        return False
    return True


def find_day(text: str) -> DayMonth | None:
    """The first day the text names, with its year when it gives one."""
    found: list[tuple[int, DayMonth]] = []
    for match in _ISO.finditer(text):
        day, month, year = int(match["day"]), int(match["month"]), int(match["year"])
        if _valid(day, month, year):
            found.append((match.start(), DayMonth(day, month, year, match.group(0))))
    for match in _NUMERIC.finditer(text):
        day, month = int(match["day"]), int(match["month"])
        year = int(match["year"])
        year = year + 2000 if year < 100 else year
        if 1 <= month <= 12 and _valid(day, month, year):
            found.append((match.start(), DayMonth(day, month, year, match.group(0))))
    for pattern in (_DAY_MONTH, _MONTH_DAY):
        for match in pattern.finditer(text):
            month = MONTHS[match["month"].lower().rstrip(".")]
            day = int(match["day"])
            given = int(match["year"]) if match["year"] else None
            if 1 <= day <= 31 and _valid(day, month, given):
                found.append((match.start(), DayMonth(day, month, given,
                                                      match.group(0).strip())))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def find_month(text: str, near: date | None = None) -> tuple[int, int] | None:
    """(year, month) from a log's date cell: "July 2025", "Dec 2024", "Sept 25", "Oct-23",
    "17/03/2026", "17th March 2026", "2026-03-17"; "March 17" (no year) is placed in the
    year nearest `near`. None otherwise."""
    cleaned = text.strip()
    match = _MONTH_YEAR.search(cleaned)
    day = find_day(cleaned)
    if match is not None:
        year = int(match["year"])
        month = MONTHS[match["month"].lower().rstrip(".")]
        short = year < 100
        year = year + 2000 if short else year
        # "Sept 25" is September 2025, but "March 17" in a 2026 log is 17 March.
        if not (short and near is not None and day is not None and day.year is None
                and abs(year - near.year) > 2):
            return (year, month)
    if day is not None:
        if day.year is not None:
            return (day.year, day.month)
        if near is not None:
            found = closest_year(day, near)
            return (found.year, found.month) if found else None
        return None
    return _parsed_month(cleaned)


def _parsed_month(text: str) -> tuple[int, int] | None:
    """The forms the patterns above do not know, read by dateutil's parser (with the
    group's "Sept" among its month words), only where the text names a year: a date with
    no year is never completed from today's."""
    if not text or not _YEAR_ONLY.search(text) or len(text) > 40:
        return None
    if not (_NUMBERED_DATE.search(text) or any(month_name(w) for w in re.findall(
            r"[A-Za-z]+", text))):
        return None  # "Q1 2026", "Spring 2026": no month named
    from dateutil import parser  # type: ignore[import-untyped]

    try:
        found = parser.parse(text, dayfirst=True, fuzzy=True, parserinfo=_group_words(),
                             default=_NO_DAY)
    except (ValueError, OverflowError):
        return None
    return (found.year, found.month)


def _group_words() -> object:
    """dateutil's month words, with the group's "Sept"."""
    from dateutil import parser

    class GroupWords(parser.parserinfo):  # type: ignore[misc]
        MONTHS = [(*names, *([] if number != 9 else ["Sept"]))
                  for number, names in enumerate(parser.parserinfo.MONTHS, 1)]

    return GroupWords()


def month_name(text: str) -> int | None:
    """The month a word names (January, Jan, Sept), or None."""
    return MONTHS.get(text.lower().rstrip("."))


def years_in(text: str) -> list[int]:
    return [int(y) for y in _YEAR_ONLY.findall(text)]


def last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def closest_year(day: DayMonth, near: date, *, not_after: date | None = None) -> date | None:
    """The day in the year that puts it nearest `near` (and not after `not_after`)."""
    best: date | None = None
    for year in (near.year - 1, near.year, near.year + 1):
        candidate = day.with_year(year)
        if candidate is None or (not_after is not None and candidate > not_after):
            continue
        if best is None or abs((candidate - near).days) < abs((best - near).days):
            best = candidate
    return best
