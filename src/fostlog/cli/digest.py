"""fostlog digest: each owner's open actions as a short note to paste into an email."""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, assert_never

import typer

from fostlog.cli.common import (
    NEEDS_ACTIONS,
    OWNER_WORDS,
    AsOfOption,
    DataOption,
    load_for_query,
    owner_match,
    today,
)
from fostlog.cli.render import OutOption, emit

if TYPE_CHECKING:
    from fostlog.render.outline import Document
    from fostlog.render.output import Formatter


class DigestFormat(StrEnum):
    text = "text"
    markdown = "markdown"


def digest_formatter(output_format: DigestFormat) -> Formatter[Document]:
    """The formatter for a digest format; mypy reports a format added without one."""
    match output_format:
        case DigestFormat.text:
            from fostlog.render.text_docs import TextFormatter

            return TextFormatter()
        case DigestFormat.markdown:
            from fostlog.render.markdown_docs import MarkdownFormatter

            return MarkdownFormatter()
        case _:
            assert_never(output_format)


def digest(
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            help=f"Only this owner's note. {OWNER_WORDS}. An LA's note holds the actions it "
            "owns and those anyone from it owns.",
            show_default=False,
        ),
    ] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[
        DigestFormat,
        typer.Option("--format", help="text (plain, to paste into an email) or markdown."),
    ] = DigestFormat.text,
    out: OutOption = None,
    data: DataOption = None,
) -> None:
    """For each person (or LA) with open actions, a short note ready to paste into an
    email: their open actions, overdue first, oldest first within each, with the due date
    and what was last recorded. A note says nothing about anyone else's actions.

    Without --owner there is one note for each person, LA, "All" and unresolved initials
    that owns an action open on the date.

    Examples:

    \b
        fostlog digest --owner RE
        fostlog digest --owner RE --as-of 2022-01-26
        fostlog digest --owner Kent --format markdown --out kent.md
        fostlog digest --as-of 2025-09-17
    """
    from fostlog.queries.digest import digest as owner_digests
    from fostlog.render.digest import digest_outline

    when = as_of or today()
    repo = load_for_query(data, NEEDS_ACTIONS)
    match = owner_match(repo, owner) if owner is not None else None
    document = digest_outline(owner_digests(repo, when, match))
    emit(digest_formatter(output_format).format(document), out)
