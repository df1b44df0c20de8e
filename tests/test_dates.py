"""A date at the precision the minutes give it (dates.DayOrMonth): one rule for a
month's first and last day, used for meetings held, actions raised, reports and dates
typed on the command line."""

from __future__ import annotations

from datetime import date

import pytest

from fostlog.core.dates import DayOrMonth
from fostlog.core.models import DatePrecision


def test_a_day_and_a_month() -> None:
    day = DayOrMonth.at(date(2024, 2, 10), DatePrecision.day)
    month = DayOrMonth.at(date(2024, 2, 10), DatePrecision.month)
    assert (day, month) == ("2024-02-10", "2024-02")
    assert day.precision is DatePrecision.day and month.precision is DatePrecision.month
    assert (month.first_day, month.last_day) == (date(2024, 2, 1), date(2024, 2, 29))
    assert DayOrMonth.at(date(2023, 2, 10), DatePrecision.month).last_day == date(2023, 2, 28)
    assert day.first_day == day.last_day == date(2024, 2, 10)
    assert sorted([day, month, DayOrMonth("2024-01-31")]) == ["2024-01-31", "2024-02",
                                                              "2024-02-10"]


@pytest.mark.parametrize(("typed", "read"), [("2025-09-17", "2025-09-17"),
                                             (" 2025-09 ", "2025-09"),
                                             ("20250917", "2025-09-17")])
def test_typed_dates_are_read(typed: str, read: str) -> None:
    assert DayOrMonth.parse(typed) == read


@pytest.mark.parametrize("typed", ["2025-13", "2025-02-30", "Sept 2025", "", "2025"])
def test_what_is_no_date_is_refused(typed: str) -> None:
    with pytest.raises(ValueError):
        DayOrMonth.parse(typed)


def test_a_month_may_be_by_a_day_in_it_but_is_surely_before_only_after_it() -> None:
    month = DayOrMonth("2025-03")
    assert month.may_be_by(date(2025, 3, 1)) and not month.may_be_by(date(2025, 2, 28))
    assert month.surely_before(date(2025, 4, 1)) and not month.surely_before(date(2025, 3, 31))
