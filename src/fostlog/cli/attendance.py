"""fostlog attendance: who came to which meeting, and which LAs have had nobody lately."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fostlog.cli import common
from fostlog.cli.common import NEEDS_ATTENDANCE, authority_id, load_to_answer, today, write_output
from fostlog.render.output import Format
from fostlog.render.tables import Column, Table

if TYPE_CHECKING:
    from fostlog.queries.attendance import Cell, MatrixRow

# One letter per cell so the matrix fits a screen; the legend is the table's note. A fact
# the minutes do not state but that was worked out is marked with '*'.
_MARK = {"present": "P", "apologies": "A", "not represented": "-", "unknown": "?"}
INFERRED_MARK = "*"
LEGEND = ("P present   A apologies   - not represented   ? unknown (not recorded)\n"
          "* inferred, not stated in the minutes. "
          "Who came and how it is known: --authority LA, or --format json.")


# What each column of --missing says; a blank list reads "none" in a table.
MISSING_LEGEND = (
    "Nobody at: the meetings with nobody from the LA (Inferred at: those absences worked "
    "out, not stated in the minutes). Not recorded at: the meetings whose minutes do not "
    "say whether it came, which make its status unknown rather than missing. Last "
    "attended: the latest earlier meeting whose minutes have someone from it.")


def _or_none(days: list[Any]) -> str:
    return ", ".join(str(d) for d in days) or "none"


def _cell_of(when: Any) -> Callable[[MatrixRow], Any]:
    return lambda row: row.cells[when]


def _cell_word(cell: Cell) -> str:
    return str(cell.presence.value) + (" (inferred)" if cell.inferred else "")


def _cell_mark(cell: Cell) -> str:
    return _MARK[str(cell.presence.value)] + (INFERRED_MARK if cell.inferred else "")


def matrix_column(when: Any, priority: int = 0) -> Column:
    """One meeting's column of the matrix: JSON has the whole cell (presence, who, and how
    it was inferred), CSV the presence word ("not represented (inferred)"), a table or
    Markdown its mark ("-*")."""
    return Column(str(when), str(when), _cell_of(when), text=_cell_word, brief=_cell_mark,
                  priority=priority)


def attendance(
    missing: Annotated[
        int | None,
        typer.Option("--missing", parser=common.whole_number("--missing", 2, least=1),
                     metavar="N",
                     help="LAs with nobody at each of the last N meetings."),
    ] = None,
    as_of: common.AsOfOption = None,
    authority: common.AuthorityOption = None,
    data: common.DataOption = None,
    output_format: common.FormatOption = Format.table,
    wide: common.WideOption = False,
    columns: common.ColumnsOption = None,
) -> None:
    """Attendance of each LA at each meeting: present (with who), apologies, not
    represented, or unknown (the minutes do not record it).

    An LA represented through an organisation acting for it (AfC for Windsor and
    Maidenhead) counts as present. Meetings known only from an action log count as
    meetings, with every LA's attendance unknown. A fact the minutes do not state but
    that was worked out (an LA taken from later minutes, a not-represented list derived
    from the attendee list) is marked inferred ('*').

    With --missing N, an LA whose attendance is unknown at one of those meetings is not
    called missing: it is listed as unknown; one whose absence was inferred is listed as
    "missing (inferred)". --as-of DATE counts back from DATE. --authority LA gives one
    LA's attendance at every meeting, or with --missing, that LA's line only.

    On a terminal too narrow for every meeting, the latest meetings are shown and the
    earliest left out (a note under the table names them; --wide shows them all). The
    JSON gives each LA's row with, per meeting, {"presence", "who", "inferred"}.

    Examples:

    \b
        fostlog attendance
        fostlog attendance --missing 2
        fostlog attendance --missing 2 --as-of 2022-01-26
        fostlog attendance --authority "Isle of Wight" --format csv
        fostlog attendance --authority Surrey --missing 2 --as-of 2022-01-26
    """
    from fostlog.queries import attendance as queries

    when = as_of or today()
    view = common.View(wide, columns)
    repo = load_to_answer(data, NEEDS_ATTENDANCE)

    if authority is not None:
        found = authority_id(repo, authority)
        if missing is None:
            history = queries.authority_history(repo, found, when)
            name = repo.authority_name(found)
            _write(Table(history, [
                Column("date", "Meeting", lambda r: r.date),
                Column("presence", "Attendance", lambda r: r.presence),
                Column("who", "Who", lambda r: r.who, wrap=40, least=16),
                Column("inferred", "Inferred from", lambda r: r.inferred, wrap=60, least=20,
                       priority=1),
            ], title=f"Attendance of {name}",
                empty=f"The data knows of no meeting on or before {when.isoformat()}."),
                output_format, view)
            return

    if missing is not None:
        only = authority_id(repo, authority) if authority is not None else None
        report = queries.missing_authorities(repo, missing, when, only)
        first_meeting = queries.first_minutes(repo)
        held = len(report.meetings)
        meetings = ", ".join(str(d) for d in report.meetings)
        if held in (0, missing):
            title = f"LAs with nobody at the last {missing} meetings" + (
                f" ({meetings})" if held else f" by {when.isoformat()}")
        else:
            title = (f"LAs with nobody at the {held} meeting{'s' * (held > 1)} held by "
                     f"{when.isoformat()} ({meetings}), fewer than the {missing} asked for")
        if not held:
            empty = (f"The data knows of no meeting on or before {when.isoformat()}, so no "
                     "LA can have missed one.")
        else:
            empty = ("Every LA" if only is None else repo.authority_name(only)) + (
                " was represented at one of those meetings at least.")
        _write(Table(report.rows, [
            Column("authority", "LA", lambda r: r.name),
            Column("status", "Status", lambda r: r.status),
            Column("absent_at", "Nobody at", lambda r: r.absent_at, wrap=22, least=10,
                   brief=_or_none),
            Column("inferred_at", "Inferred at", lambda r: r.inferred_at, wrap=22, least=10,
                   priority=2, brief=_or_none),
            Column("unknown_at", "Not recorded at", lambda r: r.unknown_at, wrap=22,
                   least=10, priority=1, brief=_or_none),
            Column("last_attended", "Last attended", lambda r: r.last_attended, wrap=22,
                   least=10, reason=lambda r: "at no meeting on record"
                   + (f" (from {first_meeting})" if first_meeting else "")),
        ], title=title, empty=empty,
            note=f"{MISSING_LEGEND}\n\n{queries.missing_answer(report)}" if report.rows
            else ""), output_format, view)
        return

    dates, rows = queries.attendance_matrix(repo, when)
    # On a narrow terminal the earliest meetings are left out first; the latest stays.
    shown = [Column("authority", "LA", lambda r: r.name)]
    shown += [matrix_column(d, priority=len(dates) - 1 - i) for i, d in enumerate(dates)]
    _write(Table(rows if dates else [], shown, title="Attendance by meeting", note=LEGEND,
                 empty=f"The data knows of no meeting on or before {when.isoformat()}."),
           output_format, view)


def _write(table: Table, output_format: Format, view: common.View) -> None:
    """Write the answer; an empty one in CSV or JSON is also said in words on stderr."""
    write_output(table, output_format, view)
    if not table.rows and output_format in (Format.csv, Format.json):
        from fostlog.core.escape import plain_text

        sys.stderr.write(plain_text(table.empty) + "\n")  # it quotes what was typed
