"""fostlog attendance: who came to which meeting, and which LAs have had nobody lately."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Annotated

import typer

from fostlog.cli import common
from fostlog.cli.common import NEEDS_ATTENDANCE, DataOption, FormatOption, fail_usage
from fostlog.render.tables import Column, OutputFormat, emit

if TYPE_CHECKING:
    from fostlog.queries.attendance import MatrixRow

# Short words so the matrix fits a screen; the legend is printed under the table.
_MARK = {"present": "P", "apologies": "A", "not represented": "-", "unknown": "?"}


def _cell_getter(when: date, fmt: OutputFormat) -> Callable[[MatrixRow], object]:
    """A matrix cell: a one-letter mark in a table, the word in CSV, the whole cell in JSON."""

    def get(row: MatrixRow) -> object:
        cell = row.cells[when]
        if fmt is OutputFormat.csv:
            return cell.presence.value
        if fmt is OutputFormat.json:
            return {"presence": cell.presence.value, "who": cell.who}
        return _MARK[cell.presence.value]

    return get


def attendance(
    missing: Annotated[
        int | None,
        typer.Option("--missing", min=1, metavar="N",
                     help="LAs with nobody at each of the last N meetings."),
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Count back from the last meeting on or before DATE "
                     "(default: the latest meeting)."),
    ] = None,
    authority: Annotated[
        str | None, typer.Option("--authority", help="One LA's attendance history.")
    ] = None,
    data: DataOption = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """Attendance of each LA at each meeting: present (with who), apologies, not
    represented, or unknown (the minutes do not record it).

    An LA represented through an organisation acting for it (AfC for Windsor and
    Maidenhead) counts as present. With --missing N, an LA whose attendance is unknown at
    one of those meetings is not called missing: it is listed as unknown.

    Examples:

    \b
        fostlog attendance
        fostlog attendance --missing 2
        fostlog attendance --missing 2 --as-of 2022-01-26
        fostlog attendance --authority "Isle of Wight" --format csv
    """
    from fostlog import domain
    from fostlog.queries import attendance as queries

    when = common.parse_date(as_of, "--as-of")
    repo = common.load_for_query(data, NEEDS_ATTENDANCE)
    if not repo.meetings:
        sys.stderr.write("No meetings in meetings/ yet.\n")
        return

    if authority is not None:
        found = domain.find_authority(authority, repo)
        if found is None:
            raise fail_usage(f"'{authority}' is not an LA in authorities.yaml.")
        history = queries.authority_history(repo, found)
        emit(history, [
            Column("date", "Meeting", lambda r: r.date),
            Column("presence", "Attendance", lambda r: r.presence),
            Column("who", "Who", lambda r: r.who),
        ], output_format, title=f"Attendance of {repo.authorities[found].name}")
        return

    if missing is not None:
        report = queries.missing_authorities(repo, missing, when)
        if len(report.meetings) < missing:
            sys.stderr.write(f"Only {len(report.meetings)} meeting(s) up to that date.\n")
        emit(report.rows, [
            Column("authority", "LA", lambda r: r.name),
            Column("status", "Status", lambda r: r.status),
            Column("absent_at", "Nobody at", lambda r: r.absent_at),
            Column("unknown_at", "Not recorded at", lambda r: r.unknown_at),
            Column("last_attended", "Last attended", lambda r: r.last_attended),
        ], output_format, title="LAs with nobody at the last "
           f"{len(report.meetings)} meetings ({', '.join(d.isoformat() for d in report.meetings)})")
        if not report.rows:
            sys.stderr.write("Every LA was represented at one of those meetings at least.\n")
        return

    dates, rows = queries.attendance_matrix(repo, when)
    columns = [Column("authority", "LA", lambda r: r.name)]
    columns += [Column(d.isoformat(), d.isoformat(), _cell_getter(d, output_format))
                for d in dates]
    emit(rows, columns, output_format, title="Attendance by meeting")
    if output_format in (OutputFormat.table, OutputFormat.markdown):
        sys.stdout.write("\nP present   A apologies   - not represented   ? unknown "
                         "(not recorded). Who came: --authority LA, or --format json.\n")
