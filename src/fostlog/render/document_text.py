"""Wording shared by the Markdown and HTML documents: dates, status and update cells.

Plain text in, plain text out; each format escapes the result its own way.
"""

from __future__ import annotations

from datetime import date

from fostlog.models import AttendanceKnown
from fostlog.queries.action_log import ActionLog, ActionLogRow

COLUMNS = ("No.", "Action", "Responsible", "Date issued", "Status", "Update")


def long_date(when: date) -> str:
    """17 September 2025, as the minutes write dates."""
    return f"{when.day} {when:%B %Y}"


def status_text(row: ActionLogRow) -> str:
    """The normalised status, with the log's own wording beside it where they differ."""
    status = row.status.value.replace("_", " ")
    return f'{status} ("{row.recorded}")' if row.recorded else status


def update_text(row: ActionLogRow) -> str:
    parts = [row.update] if row.update else []
    if row.reported is None:
        parts.append("No report since it was raised.")
    elif row.stale:
        parts.append(f"Last reported {long_date(row.reported)}.")
    return " ".join(parts)


def log_cells(row: ActionLogRow) -> tuple[str, str, str, str, str, str]:
    return (row.id, row.text, row.responsible, row.issued, status_text(row), update_text(row))


def updated_line(log: ActionLog) -> str:
    return f"Action log: updated {long_date(log.updated)}."


def unnumbered_line(log: ActionLog) -> str | None:
    if not log.unnumbered_open:
        return None
    count = len(log.unnumbered_open)
    many = count != 1
    return (
        f"{count} open action{'s' if many else ''} never got a number in a log and "
        f"{'are' if many else 'is'} not listed: {', '.join(log.unnumbered_open)} "
        "('fostlog actions --open' lists every open action)."
    )


ATTENDANCE_NOTES = {
    AttendanceKnown.full: None,
    AttendanceKnown.partial: "The minutes give only part of who attended.",
    AttendanceKnown.none: "The minutes do not say who attended.",
}
