"""fostlog render: the group's documents (the action log, a meeting's minutes) written
from the data as Markdown or as one self-contained HTML file."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, assert_never

import typer

from fostlog.cli.common import NEEDS_ACTIONS, DataOption, fail, load_for_query, parse_date, today

if TYPE_CHECKING:
    from fostlog.render.outline import Document
    from fostlog.render.output import Formatter

render_app = typer.Typer(
    help="Write the group's documents from the data: the action log, a meeting's minutes.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


class DocumentFormat(StrEnum):
    markdown = "markdown"
    html = "html"


DocFormatOption = Annotated[
    DocumentFormat,
    typer.Option(
        "--format",
        help="markdown, or html: one self-contained file that reads well on screen and printed.",
    ),
]
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


def document_formatter(output_format: DocumentFormat) -> Formatter[Document]:
    """The formatter for a document format; mypy reports a format added without one."""
    match output_format:
        case DocumentFormat.markdown:
            from fostlog.render.markdown_docs import MarkdownFormatter

            return MarkdownFormatter()
        case DocumentFormat.html:
            from fostlog.render.html_docs import HtmlFormatter

            return HtmlFormatter()
        case _:
            assert_never(output_format)


def _emit(document: str, out: Path | None) -> None:
    if out is None:
        sys.stdout.write(document)
        return
    from fostlog.edit import write_atomic

    try:
        write_atomic(out, document)
    except OSError as error:
        raise fail(f"{out} could not be written ({error.strerror or error}).",
                   "Check that the folder exists and that you may write to it.") from None
    sys.stderr.write(f"Wrote {out}.\n")


@render_app.command("actions")
def render_actions(
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="The log as it stood on DATE, YYYY-MM-DD (default: today)."),
    ] = None,
    output_format: DocFormatOption = DocumentFormat.markdown,
    out: OutOption = None,
    every_action: AllOption = False,
    data: DataOption = None,
) -> None:
    """The action log as the minutes print it: No., action, responsible, date issued,
    status and update, under the line 'Action log: updated DATE'.

    Open actions come first, newest first; then the actions completed since the last
    meeting (shaded in HTML, as in the minutes). Where the log's own wording differs
    from the status it is shown beside it: done ("Closed").

    Examples:

    \b
        fostlog render actions --as-of 2025-09-17
        fostlog render actions --format html --out action-log.html
        fostlog render actions --as-of 2022-01-20 --all
    """
    from fostlog.queries.action_log import action_log
    from fostlog.render.outline import action_log_outline

    when = parse_date(as_of, "--as-of") or today()
    repo = load_for_query(data, NEEDS_ACTIONS)
    log = action_log(repo, when, every_action)
    _emit(document_formatter(output_format).format(action_log_outline(log)), out)


@render_app.command("meeting")
def render_meeting(
    when: Annotated[str, typer.Argument(metavar="DATE", help="The meeting's date, YYYY-MM-DD.")],
    output_format: DocFormatOption = DocumentFormat.markdown,
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
    """
    from fostlog.queries.minutes import minutes
    from fostlog.render.outline import minutes_outline

    day = parse_date(when, "DATE")
    assert day is not None
    repo = load_for_query(data, NEEDS_ACTIONS)
    meeting = repo.meeting(day)
    if meeting is None:
        known = ", ".join(m.date.isoformat() for m in repo.meetings) or "none yet"
        raise fail(f"there is no meeting on {day.isoformat()} in {repo.file_for('meetings')}/.",
                   f"The meetings on file are: {known}.")
    record = minutes(repo, meeting, every_action)
    _emit(document_formatter(output_format).format(minutes_outline(record)), out)
