"""fostlog import: documents published elsewhere -> data files. Preview by default; --write
writes each file atomically, and importing the same document again changes nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fostlog.cli.common import DataOption, default_data_dir, fail, load_for_query

if TYPE_CHECKING:
    from fostlog.models import Record

import_app = typer.Typer(
    help="Read documents published elsewhere into data files: print what would be written, "
    "or write it with --write.",
    no_args_is_help=True,
    rich_markup_mode=None,
)

NEEDS_IMPORT = ("authorities",)

WriteOption = Annotated[
    bool,
    typer.Option("--write", help="Write the files (each in one step). Without it, print "
                 "what would be written and change nothing."),
]


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except OSError as error:
        raise fail(f"cannot read {file}: {error.strerror or error}.",
                   "Give the path of the file as downloaded.") from None


def _propose(data: Path, files: list[tuple[str, Record, list[str]]], write: bool) -> None:
    """Print (or write) each proposed file: new, changed (a diff) or unchanged."""
    import difflib

    from fostlog.edit import write_atomic
    from fostlog.importers.files import file_text
    from fostlog.repository import display_path

    for relative, record, header in files:
        path = data / relative
        shown = display_path(path)
        text = file_text(relative, record, header)
        try:
            before = path.read_text(encoding="utf-8") if path.exists() else None
        except (OSError, UnicodeDecodeError) as error:
            raise fail(f"cannot read {shown}: {error}.") from None
        state = "new" if before is None else "unchanged" if before == text else "changed"
        if state == "unchanged":
            sys.stderr.write(f"{shown}: unchanged.\n")
            continue
        if not write:
            sys.stderr.write(f"{shown}: would be {'written' if before is None else 'changed'}"
                             " (--write to write it).\n")
            if before is None:
                sys.stdout.write(text)
            else:
                sys.stdout.writelines(difflib.unified_diff(
                    before.splitlines(keepends=True), text.splitlines(keepends=True),
                    fromfile=shown, tofile=shown))
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(path, text)
        except OSError as error:
            raise fail(f"cannot write {shown}: {error.strerror or error}.") from None
        sys.stderr.write(f"{shown}: {'written' if before is None else 'updated'}.\n")


@import_app.command("ofsted")
def ofsted(
    file: Annotated[
        Path,
        typer.Argument(help="Ofsted's local-authority-level fostering data (CSV), as "
                       "downloaded.", show_default=False),
    ],
    year: Annotated[
        str,
        typer.Option("--year", metavar="YYYY-YY",
                     help="The year the file is for, e.g. 2018-19.", show_default=False),
    ],
    data: DataOption = None,
    write: WriteOption = False,
    all_areas: Annotated[
        bool,
        typer.Option("--all", help="Keep every area in England in the capacity file, not "
                     "only England, the South East and its LAs."),
    ] = False,
) -> None:
    """Import Ofsted's fostering data for one year: capacity (places approved, filled,
    vacant, not available) and its recruitment funnel (enquiries, applications, approvals).

    Writes capacity/ofsted-YEAR.yaml (England, the South East and its 19 LAs; --all: every
    area in the file) and benchmarks/ofsted-YEAR.yaml (the funnel for the 19 LAs, with the
    South East and England beside them). Each column is matched to an LA in authorities.yaml
    by name, alias or Ofsted URN. A label, area or figure the importer does not know is
    reported with its row and column, and nothing is written.

    Examples:

    \b
        fostlog import ofsted Local_authority_level_fostering_data_2018_to_2019.csv --year 2018-19
        fostlog import ofsted FILE.csv --year 2018-19 --all --write
    """
    from fostlog.cli.common import print_diagnostics_to_stderr
    from fostlog.importers.ofsted import import_ofsted
    from fostlog.reference import REGIONS_FILE, region_names
    from fostlog.repository import display_path

    content = _read(file)
    data_dir = default_data_dir(data)
    repo = load_for_query(data_dir, NEEDS_IMPORT)
    regions = region_names()
    if regions is None:
        raise fail(f"fostlog's list of regions ({REGIONS_FILE}) is not installed with it.",
                   "Reinstall fostlog from its repository.")
    result = import_ofsted(content, display_path(file), year, repo, regions,
                           all_areas=all_areas)
    print_diagnostics_to_stderr(result.diagnostics)
    if result.capacity is None or result.benchmark is None:
        errors = sum(d.is_error for d in result.diagnostics)
        raise fail(f"{display_path(file)}: {errors} problem(s) stop the import; nothing was "
                   "written.")
    if result.outside_registry:
        sys.stderr.write(f"{len(result.outside_registry)} LA(s) outside the South East are "
                         "kept by their name and URN (they are not in authorities.yaml).\n")
    header = [f"Ofsted's fostering data for {year}, written by 'fostlog import ofsted' from",
              f"{file.name}.", "Import the file again rather than editing this one."]
    key = result.capacity.key
    _propose(data_dir, [
        (f"capacity/{key}.yaml", result.capacity, header),
        (f"benchmarks/{result.benchmark.key}.yaml", result.benchmark, header),
    ], write)
