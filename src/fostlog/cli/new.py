"""fostlog new: start a new file, ready to fill in (a meeting)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from fostlog.cli.common import (
    NEEDS_REGISTER,
    DataOption,
    check_data_dir,
    date_value,
    default_data_dir,
    fail,
    hold_edit_lock,
    load_checked,
    print_diagnostics_to_stderr,
)
from fostlog.cli.groups import SuggestingGroup

new_app = typer.Typer(
    cls=SuggestingGroup,
    help="Start a new data file, ready to fill in.\n\n"
    "Examples:\n\n\b\n"
    "    fostlog new meeting 2025-10-14\n"
    "    fostlog new meeting 2025-10-14 --data ./data",
    no_args_is_help=True,
    rich_markup_mode=None,
)


@new_app.command("meeting")
def new_meeting(
    ctx: typer.Context,
    day: Annotated[
        date,
        typer.Argument(metavar="DATE", parser=date_value, help="The meeting's date, YYYY-MM-DD."),
    ],
    data: DataOption = None,
) -> None:
    """Write meetings/DATE.yaml ready to fill in: every LA listed for attendance (with
    the people known there), the actions open on that date listed for review, and
    comments saying what goes where. An existing file is never overwritten.

    Examples:

    \b
        fostlog new meeting 2025-10-14
        fostlog new meeting 2025-10-14 --data ./data
    """
    from fostlog.edits.change import AddsErrors, apply
    from fostlog.edits.scaffold import new_meeting
    from fostlog.edits.yamltext import EditRefused

    root = default_data_dir(data)
    check_data_dir(root)
    hold_edit_lock(ctx, root)  # the open actions it lists are read as no edit is half-done
    repo, found = load_checked(root, NEEDS_REGISTER)
    try:
        change = new_meeting(repo, root, day)
    except EditRefused as refused:
        raise fail(refused.message, refused.hint) from None
    (relative,) = change.texts
    shown = repo.file_for(relative)
    try:
        apply(root, change, found)
    except AddsErrors as refused:
        print_diagnostics_to_stderr(refused.added)
        raise fail(f"the new file would add {len(refused.added)} error(s) to the data "
                   f"(above), so {shown} has not been written.") from None
    except FileExistsError:
        raise fail(f"{shown} appeared while writing; it has not been changed.") from None
    except OSError as error:
        raise fail(f"{shown} could not be written ({error.strerror or error}).") from None
    sys.stdout.write(f"{shown}\n")
    sys.stderr.write(f"{change.said}: fill it in, then run 'fostlog lint'.\n")
    _say_if_no_schema(root)


def _say_if_no_schema(root: Path) -> None:
    """The new file's first line points an editor at a schema beside the data folder;
    say how to put the schemas there when they are not."""
    from fostlog.core.schema import schema_file_name, schema_folder_for

    folder = schema_folder_for(root)
    if not (folder / schema_file_name("meeting")).is_file():
        sys.stderr.write(
            f"Its first line points an editor at {folder}/{schema_file_name('meeting')}, "
            f"which is not there: 'fostlog schema --out {folder}' writes the schemas.\n")
