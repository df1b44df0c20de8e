"""fostlog digest: each owner's open actions as a short note to paste into an email."""

from __future__ import annotations

from typing import Annotated

from fostlog.cli.common import (
    NEEDS_ACTIONS,
    AsOfOption,
    DataOption,
    format_option,
    load_to_answer,
    option,
    owner_match,
    today,
)
from fostlog.cli.render import OutOption, emit
from fostlog.core.vocabulary import OWNER_WORDS
from fostlog.render.output import Format, render


def digest(
    owner: Annotated[str | None, option(
        "--owner", help=f"Only this owner's note. {OWNER_WORDS}. An LA's note holds the "
        "actions it owns and those anyone from it owns.")] = None,
    as_of: AsOfOption = None,
    output_format: Annotated[Format, format_option(
        (Format.text, Format.markdown),
        "text (plain, to paste into an email) or markdown.")] = Format.text,
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
    repo = load_to_answer(data, NEEDS_ACTIONS)
    match = owner_match(repo, owner) if owner is not None else None
    document = digest_outline(owner_digests(repo, when, match))
    emit(render(document, output_format), out)
