"""fostlog render: the group's documents (the action log, a meeting's minutes, the next
agenda) written from the data as Markdown, as one self-contained HTML file, or as Word."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from fostlog.cli.common import (
    NEEDS_ACTIONS,
    DataOption,
    fail,
    fail_usage,
    format_option,
    load_to_answer,
    parse_date,
    today,
    write_out,
)
from fostlog.cli.groups import SuggestingGroup
from fostlog.render.output import Format, render

render_app = typer.Typer(
    cls=SuggestingGroup,
    help="Write the group's documents from the data: the action log, a meeting's minutes, "
    "the next agenda.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


DocFormatOption = Annotated[Format, format_option(
    (Format.markdown, Format.html, Format.docx),
    "markdown; html: one self-contained file that reads well on screen and printed; or "
    "docx: a Word document (give --out FILE, or pipe it to a file).")]
OutOption = Annotated[
    Path | None,
    typer.Option(
        "--out",
        help="Write the document to FILE (replaced in one step) instead of the screen.",
        metavar="FILE",
        dir_okay=False,
    ),
]
AllOption = Annotated[
    bool,
    typer.Option(
        "--all",
        help="Every numbered action raised by then, not only the open ones and those "
        "closed since the last meeting.",
    ),
]


def stdout_is_terminal() -> bool:
    return sys.stdout.isatty()


def emit(document: str | bytes, out: Path | None) -> None:
    """Write a document to --out (replaced in one step) or to stdout. Bytes (a Word file)
    go to stdout only when it is piped: on a terminal they would be noise."""
    if out is None:
        if isinstance(document, str):
            sys.stdout.write(document)
        elif stdout_is_terminal():
            raise fail_usage("a Word document is not text to show on the screen.",
                             "Give --out FILE (e.g. --out minutes.docx), or redirect the "
                             "output to a file (> minutes.docx).")
        else:
            sys.stdout.flush()
            sys.stdout.buffer.write(document)
            sys.stdout.buffer.flush()
        return
    write_out(out, document)
    sys.stderr.write(f"Wrote {out}.\n")


@render_app.command("actions")
def render_actions(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The log as it stood on DATE, YYYY-MM-DD (default: today)."),
    ] = None,
    output_format: DocFormatOption = Format.markdown,
    out: OutOption = None,
    every_action: AllOption = False,
    data: DataOption = None,
) -> None:
    """The action log as the minutes print it: No., action, responsible, date issued,
    status and update, under the line 'Action log: as of DATE': the latest report or
    meeting the log holds, not the day it is rendered.

    Open actions come first, newest first; then the actions completed since the last
    meeting (shaded in HTML and Word, as in the minutes). Where the log's own wording
    differs from the status it is shown beside it: done ("Closed").

    Examples:

    \b
        fostlog render actions --as-of 2025-09-17
        fostlog render actions --format html --out action-log.html
        fostlog render actions --format docx --out action-log.docx
        fostlog render actions --as-of 2022-01-20 --all
    """
    from fostlog.queries.action_log import action_log
    from fostlog.render.outline import action_log_outline

    when = parse_date(as_of, "--as-of") or today()
    repo = load_to_answer(data, NEEDS_ACTIONS)
    log = action_log(repo, when, every_action)
    emit(render(action_log_outline(log), output_format), out)


@render_app.command("meeting")
def render_meeting(
    when: Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date, YYYY-MM-DD.")],
    output_format: DocFormatOption = Format.markdown,
    out: OutOption = None,
    every_action: AllOption = False,
    data: DataOption = None,
) -> None:
    """The minutes of one meeting: date, chair, attendees under their LA, the LAs not
    represented, apologies, items, the actions raised, and the action log as it stood on
    the day.

    Examples:

    \b
        fostlog render meeting 2022-01-26
        fostlog render meeting 2025-07-07 --format html --out minutes-2025-07-07.html
        fostlog render meeting 2022-01-26 --format docx --out minutes-2022-01-26.docx
    """
    from fostlog.queries.minutes import minutes
    from fostlog.render.outline import minutes_outline

    day = parse_date(when, "DATE")
    assert day is not None
    repo = load_to_answer(data, NEEDS_ACTIONS)
    meeting = repo.meeting(day)
    if meeting is None:
        known = ", ".join(m.date.isoformat() for m in repo.meetings) or "none yet"
        raise fail(f"there is no meeting on {day.isoformat()} in {repo.file_for('meetings')}/.",
                   f"The meetings on file are: {known}.")
    record = minutes(repo, meeting, every_action)
    emit(render(minutes_outline(record), output_format), out)


@render_app.command("agenda")
def render_agenda(
    when: Annotated[
        str,
        typer.Argument(metavar="DATE",
                       help="The day the agenda is drawn up, YYYY-MM-DD: the next meeting "
                       "after it, and the action log as it stands that day."),
    ],
    output_format: DocFormatOption = Format.markdown,
    out: OutOption = None,
    data: DataOption = None,
) -> None:
    """The next meeting's agenda: its date, time and place as the last minutes on or
    before DATE announced them; item 1 "Introductions and action log" with the matters
    arising (every action open on DATE with its owner, age in days, due date and last
    update, then those completed since the last meeting); then the items the last minutes
    said the next meeting would take.

    Examples:

    \b
        fostlog render agenda 2025-09-17
        fostlog render agenda 2021-08-01 --format html --out agenda.html
        fostlog render agenda 2025-09-17 --format docx --out agenda.docx
    """
    from fostlog.queries.agenda import agenda
    from fostlog.render.agenda import agenda_outline

    day = parse_date(when, "DATE")
    assert day is not None
    repo = load_to_answer(data, NEEDS_ACTIONS)
    emit(render(agenda_outline(agenda(repo, day)), output_format), out)
