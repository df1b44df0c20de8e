"""A date at the precision the minutes give it: a day, or only a month.

The logs date many things only by their month ("Oct 2021", "Sept 2025"): when an action
was raised, when a report was made, when a meeting known only from a log was held. One
type says such a date everywhere (a meeting held, an action raised, a report, a date
typed on the command line), with the one rule for its first and last possible day.
"""

from __future__ import annotations

import calendar
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # not imported at start-up: the command line's --help needs this class
    from fostlog.core.models import DatePrecision


class DayOrMonth(str):
    """A date as ISO text at the precision known: '2022-01-26', or '2023-07' when only
    the month is known. Text order is date order (a month sorts before its days), and it
    reads the same in a table, CSV and JSON."""

    @classmethod
    def of(cls, day: date | None, month: str | None = None) -> DayOrMonth:
        if day is not None:
            return cls(day.isoformat())
        if month is None:
            raise ValueError("a date needs a day or a month")
        return cls(month)

    @classmethod
    def at(cls, day: date, precision: DatePrecision) -> DayOrMonth:
        """`day` at `precision`: for a month, the month that holds it."""
        text = day.isoformat()
        return cls(text[:7] if precision == "month" else text)

    @classmethod
    def parse(cls, text: str) -> DayOrMonth:
        """YYYY-MM-DD, or YYYY-MM for a month; ValueError for anything else."""
        typed = text.strip()
        if len(typed) == 7:
            date.fromisoformat(typed + "-01")  # a real month, or ValueError
            return cls(typed)
        return cls(date.fromisoformat(typed).isoformat())

    @property
    def day_known(self) -> bool:
        return len(self) == 10

    @property
    def precision(self) -> DatePrecision:
        from fostlog.core.models import DatePrecision

        return DatePrecision.day if self.day_known else DatePrecision.month

    @property
    def first_day(self) -> date:
        return date.fromisoformat(self if self.day_known else f"{self}-01")

    @property
    def last_day(self) -> date:
        if self.day_known:
            return self.first_day
        first = self.first_day
        return first.replace(day=calendar.monthrange(first.year, first.month)[1])

    def isoformat(self) -> str:
        return str(self)

    def may_be_by(self, when: date) -> bool:
        """Whether it may be on or before `when` (a month is, from its first day)."""
        return self.first_day <= when

    def surely_before(self, when: date) -> bool:
        return self.last_day < when
