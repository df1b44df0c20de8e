"""fostlog export: the data in another shape for other tools (SQLite for Datasette)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from fostlog.cli import common
from fostlog.cli.common import fail, load_to_answer, today, unsafe_out
from fostlog.cli.groups import SuggestingGroup

export_app = typer.Typer(
    cls=SuggestingGroup,
    help="Write the data in another shape for other tools: 'fostlog export sqlite OUT.db'.",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def metadata_path(out: Path) -> Path:
    """fostlog.db -> fostlog.metadata.json, beside it."""
    return out.with_name(f"{out.stem}.metadata.json")


@export_app.command("sqlite")
def export_sqlite(
    out: Annotated[
        Path,
        typer.Argument(metavar="OUT.db", help="The database to write (replaced whole, in one "
                       "step, if it exists).", dir_okay=False, show_default=False),
    ],
    metadata: Annotated[
        Path | None,
        typer.Option("--metadata", metavar="FILE", dir_okay=False, show_default=False,
                     help="Where to write Datasette's metadata (default: OUT.metadata.json "
                     "beside the database)."),
    ] = None,
    as_of: common.AsOfOption = None,
    data: common.DataOption = None,
) -> None:
    """The data as one SQLite database, with a metadata.json for Datasette.

    Tables: authorities, organisations, people, meetings (those known only from a log
    too), attendance (one row per LA per meeting, with its status and how it is known),
    actions, observations, action_owners, benchmark years, stages, ratios, counts and
    ratio values, comparators, and capacity when it is held; with foreign keys and
    indexes. Unknown is NULL, never 0.

    Views answer the group's three questions as of --as-of (default today):
    open_actions (actions --open), benchmark_by_conversion and benchmark_ranked
    (benchmark YEAR --sort KEY), missing_last_two (attendance --missing 2).

    Examples:

    \b
        fostlog export sqlite fostlog.db
        sqlite3 fostlog.db "select id, status, age_days from open_actions"
        datasette fostlog.db -m fostlog.metadata.json     (pip install 'fostlog[explore]')
    """
    from fostlog.cli.site import every_kind
    from fostlog.export.metadata import datasette_metadata
    from fostlog.export.sqlite import export_sqlite as write
    from fostlog.files.safewrite import UnsafeTarget, replaceable, write_atomic

    repo = load_to_answer(data, every_kind())
    if out.is_dir():
        raise fail(f"{out} is a folder: give the database's file name (e.g. {out}/fostlog.db).")
    metadata = metadata or metadata_path(out)
    try:
        for target in (out, metadata):  # both refused before either is written
            replaceable(target)
        export = write(repo, out, as_of or today())
        text = json.dumps(datasette_metadata(export, out.stem), indent=2, ensure_ascii=False)
        write_atomic(metadata, text + "\n")
    except UnsafeTarget as unsafe:
        raise unsafe_out(Path(unsafe.filename), unsafe, "OUT.db and --metadata") from None
    except OSError as error:
        raise fail(f"{out} could not be written ({error.strerror or error}).",
                   "Check that the folder exists and that you may write to it.") from None
    rows = sum(len(t.rows) for t in export.tables)
    sys.stderr.write(f"Wrote {out} ({len(export.tables)} tables, {rows} rows, "
                     f"{len(export.views)} views) and {metadata}.\n")
