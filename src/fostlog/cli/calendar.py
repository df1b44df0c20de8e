"""fostlog calendar: the group's announced meetings and the actions' due dates as an
iCalendar file, to import into Outlook, Google or Apple calendars."""

from __future__ import annotations

from typing import Annotated

from fostlog.cli.common import (
    NEEDS_ACTIONS,
    AsOfOption,
    DataOption,
    load_to_answer,
    option,
    owner_match,
    today,
)
from fostlog.cli.render import OutOption, emit
from fostlog.core.vocabulary import OWNER_WORDS


def calendar(
    owner: Annotated[str | None, option(
        "--owner", help=f"Only this owner's due dates (the meetings stay). {OWNER_WORDS}.")
    ] = None,
    as_of: AsOfOption = None,
    out: OutOption = None,
    data: DataOption = None,
) -> None:
    """The group's calendar as an iCalendar (.ics) file: the meetings the minutes
    announce with a day (time and place where given, Europe/London), and, as all-day
    events, the due dates of the actions open on the date.

    Each event's UID comes from what it is (meeting-2021-11-05@fostlog,
    action-7-due@fostlog), so importing a newer file updates the events rather than
    adding copies; the same data always gives the same file.

    Examples:

    \b
        fostlog calendar --out group.ics
        fostlog calendar --owner RE --out rebecca.ics
        fostlog calendar --as-of 2022-01-26
    """
    from fostlog.queries.calendar import group_calendar
    from fostlog.render.output import Format, render

    when = as_of or today()
    repo = load_to_answer(data, NEEDS_ACTIONS)
    match = owner_match(repo, owner) if owner is not None else None
    emit(render(group_calendar(repo, when, match), Format.ics), out)
