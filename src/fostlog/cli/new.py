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
    load_for_query,
)

new_app = typer.Typer(
    help="Start a new data file, ready to fill in.\n\n"
    "Examples:\n\n\b\n"
    "    fostlog new meeting 2025-10-14\n"
    "    fostlog new meeting 2025-10-14 --data ../fostering-data",
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
        fostlog new meeting 2025-10-14 --data ../fostering-data
    """
    from fostlog.edits.scaffold import new_meeting_text
    from fostlog.files.safewrite import write_atomic

    root = default_data_dir(data)
    check_data_dir(root)
    hold_edit_lock(ctx, root)  # the open actions it lists are read as no edit is half-done
    repo = load_for_query(root, NEEDS_REGISTER)
    path = root / "meetings" / f"{day.isoformat()}.yaml"
    shown = repo.file_for(f"meetings/{day.isoformat()}.yaml")
    if path.exists() or path.is_symlink():
        raise fail(f"{shown} already exists; it has not been changed.",
                   "Edit that file, or delete it first if you mean to start again.")
    try:
        path.parent.mkdir(exist_ok=True)
        write_atomic(path, new_meeting_text(repo, day), overwrite=False)
    except FileExistsError:
        raise fail(f"{shown} appeared while writing; it has not been changed.") from None
    except OSError as error:
        raise fail(f"{shown} could not be written ({error.strerror or error}).") from None
    sys.stdout.write(f"{shown}\n")
    sys.stderr.write(f"Wrote {shown}: fill it in, then run 'fostlog lint'.\n")
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
