"""fostlog attendance: who came to which meeting, and which LAs have had nobody lately."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fostlog.cli.common import (
    NEEDS_ATTENDANCE,
    AsOfOption,
    AuthorityOption,
    DataOption,
    FormatOption,
    authority_id,
    load_for_query,
    refuse_with,
    today,
    write_output,
)
from fostlog.render.tables import Column, OutputFormat, Table

if TYPE_CHECKING:
    from fostlog.queries.attendance import MatrixRow

# One letter per cell so the matrix fits a screen; the legend is the table's note.
_MARK = {"present": "P", "apologies": "A", "not represented": "-", "unknown": "?"}
LEGEND = ("P present   A apologies   - not represented   ? unknown (not recorded). "
          "Who came: --authority LA, or --format json.")


def _cell_of(when: Any) -> Callable[[MatrixRow], Any]:
    return lambda row: row.cells[when]


def matrix_column(when: Any) -> Column:
    """One meeting's column of the matrix: JSON has the whole cell (presence and who), CSV
    the presence word, a table or Markdown its one-letter mark."""
    return Column(str(when), str(when), _cell_of(when),
                  text=lambda cell: str(cell.presence.value),
                  brief=lambda cell: _MARK[str(cell.presence.value)])


def attendance(
    missing: Annotated[
        int | None,
        typer.Option("--missing", min=1, metavar="N",
                     help="LAs with nobody at each of the last N meetings."),
    ] = None,
    as_of: AsOfOption = None,
    authority: AuthorityOption = None,
    data: DataOption = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Attendance of each LA at each meeting: present (with who), apologies, not
    represented, or unknown (the minutes do not record it).

    An LA represented through an organisation acting for it (AfC for Windsor and
    Maidenhead) counts as present. With --missing N, an LA whose attendance is unknown at
    one of those meetings is not called missing: it is listed as unknown. --as-of DATE
    counts back from the last meeting on or before DATE. --authority LA gives one LA's
    attendance at every meeting, on its own.

    Examples:

    \b
        fostlog attendance
        fostlog attendance --missing 2
        fostlog attendance --missing 2 --as-of 2022-01-26
        fostlog attendance --authority "Isle of Wight" --format csv
    """
    from fostlog.queries import attendance as queries

    # One LA's history is of every meeting; narrowing it by date or to the last N
    # meetings is not something the query can do yet, so say so rather than ignore it.
    refuse_with("--authority", authority is not None,
                {"--missing": missing is not None, "--as-of": as_of is not None},
                "it lists one LA at every meeting. Use --missing N (with --as-of) and look "
                "for the LA there, or --authority alone.")
    when = as_of or today()
    repo = load_for_query(data, NEEDS_ATTENDANCE)
    if not repo.meetings:
        sys.stderr.write("No meetings in meetings/ yet.\n")
        return

    if authority is not None:
        found = authority_id(repo, authority)
        history = queries.authority_history(repo, found)
        write_output(Table(history, [
            Column("date", "Meeting", lambda r: r.date),
            Column("presence", "Attendance", lambda r: r.presence),
            Column("who", "Who", lambda r: r.who),
        ], title=f"Attendance of {repo.authority_name(found)}"), output_format)
        return

    if missing is not None:
        report = queries.missing_authorities(repo, missing, when)
        if len(report.meetings) < missing:
            sys.stderr.write(f"Only {len(report.meetings)} meeting(s) up to that date.\n")
        meetings = ", ".join(str(d) for d in report.meetings)
        write_output(Table(report.rows, [
            Column("authority", "LA", lambda r: r.name),
            Column("status", "Status", lambda r: r.status),
            Column("absent_at", "Nobody at", lambda r: r.absent_at),
            Column("unknown_at", "Not recorded at", lambda r: r.unknown_at),
            Column("last_attended", "Last attended", lambda r: r.last_attended),
        ], title=f"LAs with nobody at the last {len(report.meetings)} meetings ({meetings})"),
            output_format)
        if not report.rows:
            sys.stderr.write("Every LA was represented at one of those meetings at least.\n")
        return

    dates, rows = queries.attendance_matrix(repo, when)
    columns = [Column("authority", "LA", lambda r: r.name)]
    columns += [matrix_column(d) for d in dates]
    write_output(Table(rows, columns, title="Attendance by meeting", note=LEGEND),
                 output_format)
