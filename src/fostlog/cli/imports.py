"""fostlog import: documents published elsewhere -> data files. Preview by default; --write
writes each file atomically, and importing the same document again changes nothing."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fostlog.cli.common import (
    DataOption,
    default_data_dir,
    fail,
    hold_edit_lock,
    load_to_answer,
    option,
)

if TYPE_CHECKING:
    from fostlog.core.models import Record

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


def _document(help: str) -> Any:
    return typer.Argument(help=help, show_default=False)


# The largest document an import reads: minutes as Word run to about 100 KB and Ofsted's
# CSV to 80 KB, so this is generous, and bounds the memory and time before any parsing.
MAX_INPUT_BYTES = 10 * 1024 * 1024


def _read(file: Path) -> bytes:
    """The document's bytes: refused at once if it is not a regular file (a FIFO would
    block the read for ever, a device never end) or is over MAX_INPUT_BYTES."""
    import os
    import stat

    from fostlog.core.escape import terminal_line
    from fostlog.files.safefiles import read_regular, what_it_is

    shown = terminal_line(str(file))
    try:
        status = os.stat(file)  # a link the user gave is the path they meant
        if not stat.S_ISREG(status.st_mode):
            raise fail(f"{shown} is {what_it_is(status.st_mode)}, not a file: fostlog reads "
                       "only a document saved as a file.", "Give the path of the file as "
                       "downloaded.", code=2)
        content = read_regular(str(file), MAX_INPUT_BYTES)
    except OSError as error:
        raise fail(f"cannot read {shown}: {error.strerror or error}.",
                   "Give the path of the file as downloaded.") from None
    if len(content) > MAX_INPUT_BYTES:
        raise fail(f"{shown} is over {MAX_INPUT_BYTES // 1024 // 1024} MB, more than any "
                   "minutes or Ofsted file; it was not read.",
                   "Check that this is the document meant.")
    return content


def _data_bytes(path: Path) -> bytes | None:
    """A data file's bytes as they are (line endings included), read as the loader reads
    (never a FIFO); None when there is none. What an import drafts from is what it
    writes over: the write is refused if the file has changed since (an editor's save)."""
    from fostlog.core.repository import display_path
    from fostlog.files.safefiles import read_regular

    try:
        return read_regular(str(path))
    except FileNotFoundError:
        return None
    except OSError as error:
        raise fail(f"cannot read {display_path(path)}: {error.strerror or error}.") from None


def _propose(data: Path, files: list[tuple[str, Record, list[str]]], write: bool) -> None:
    """Print each proposed file (new: its text; changed: a diff; unchanged: said so), or
    write them as one Change (edits.change.apply): checked by lint in memory first, all
    written or none, refused if lint would find an error it does not find now."""
    from fostlog.core.escape import plain_text
    from fostlog.core.repository import display_path
    from fostlog.edits.change import Change
    from fostlog.edits.yamltext import EditRefused
    from fostlog.importers.files import file_text

    texts: dict[str, str] = {}
    read: dict[str, bytes | None] = {}
    for relative, record, header in files:
        path = data / relative
        shown = display_path(path)
        try:
            text = file_text(relative, record, header)
        except EditRefused as refused:
            raise fail(refused.message, refused.hint) from None
        raw = _data_bytes(path)
        try:
            before = None if raw is None else raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise fail(f"cannot read {shown}: {error}.") from None
        if before == text:
            sys.stderr.write(f"{shown}: unchanged.\n")
            continue
        texts[relative], read[relative] = text, raw
        if not write:
            sys.stderr.write(f"{shown}: would be {'written' if before is None else 'changed'}"
                             " (--write to write it).\n")
    if not texts:
        return
    change = Change(texts, read)
    if not write:  # the data's text, escaped as every other output (a name may hold U+202E)
        shown_as = {r: display_path(data / r) for r in texts}
        sys.stdout.write(plain_text("".join(
            texts[r] if read[r] is None else Change({r: texts[r]}, {r: read[r]}).diff(shown_as)
            for r in texts)))
        return
    _apply(data, change)
    for relative in texts:
        sys.stderr.write(f"{display_path(data / relative)}: "
                         f"{'written' if read[relative] is None else 'updated'}.\n")


def _apply(data: Path, change: Any) -> list[Any]:
    """edits.change.apply, its refusals said as the command's (exit 1, nothing written)."""
    from fostlog.cli.common import print_diagnostics_to_stderr
    from fostlog.core.repository import display_path
    from fostlog.edits.change import AddsErrors, apply
    from fostlog.files.safewrite import NotUndone

    try:
        return apply(data, change)
    except AddsErrors as refused:
        print_diagnostics_to_stderr(refused.added)
        raise fail(f"writing this would add {len(refused.added)} lint error(s) (above), so "
                   "nothing was written.") from None
    except NotUndone as error:
        raise fail(str(error), "Run 'fostlog lint' to see what to put right by hand.") from None
    except OSError as error:
        where = display_path(Path(error.filename)) if error.filename else display_path(data)
        raise fail(f"cannot write {where}: {error.strerror or error}; nothing was "
                   "changed.") from None


@import_app.command("ofsted")
def ofsted(
    ctx: typer.Context,
    file: Annotated[Path, _document("Ofsted's local-authority-level fostering data (CSV), "
                                    "as downloaded.")],
    year: Annotated[str, option("--year", metavar="YYYY-YY",
                                help="The year the file is for, e.g. 2018-19.")],
    data: DataOption = None,
    write: WriteOption = False,
    all_areas: Annotated[bool, typer.Option(
        "--all", help="Keep every area in England in the capacity file, and every other "
        "LA's funnel in the benchmark file (for national ranks and neighbours), not only "
        "England, the South East and its LAs.")] = False,
) -> None:
    """Import Ofsted's fostering data for one year: capacity (places approved, filled,
    vacant, not available) and its recruitment funnel (the stages the year has: 2018-19
    enquiries, applications, approvals; 2017-18 enquiries and approvals, as it counts no
    applications received).

    Reads the 2018-19 layout (Topic, Sub-topic, Data; URNs in row 2) and the 2017-18 one (one
    label column), recognised from the file's header; the year given must be the one the
    file's name gives. Writes capacity/ofsted-YEAR.yaml (England, the South East and its 19
    LAs; --all: every area in the file) and benchmarks/ofsted-YEAR.yaml (the funnel for the
    19 LAs, with the South East and England beside them; --all: every other LA too). Each
    column is matched to an LA in authorities.yaml by name, alias or Ofsted URN, and every LA
    given its DfE number. A label, area or figure the importer does not know is reported with
    its row and column, and nothing is written; characters a copy lost (U+FFFD) are
    reported, never guessed.

    Examples:

    \b
        fostlog import ofsted reference/ofsted/*2018_to_2019.csv --year 2018-19
        fostlog import ofsted reference/ofsted/*2018_to_2019.csv --year 2018-19 --all --write
        fostlog import ofsted reference/ofsted/*2017-18_dataset.csv --year 2017-18 --all --write
    """
    from fostlog.cli.common import print_diagnostics_to_stderr
    from fostlog.core.repository import display_path
    from fostlog.importers.ofsted import header as ofsted_header
    from fostlog.importers.ofsted import import_ofsted
    from fostlog.reference import REGIONS_FILE, region_names

    content = _read(file)
    data_dir = default_data_dir(data)
    if write and data_dir.is_dir():
        hold_edit_lock(ctx, data_dir)  # from reading the data to writing it
    repo = load_to_answer(data_dir, NEEDS_IMPORT)
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
                         "kept by their name and DfE number (they are not in authorities.yaml).\n")
    header = ofsted_header(year, file.name, all_areas)
    key = result.capacity.key
    _propose(data_dir, [
        (f"capacity/{key}.yaml", result.capacity, header),
        (f"benchmarks/{result.benchmark.key}.yaml", result.benchmark, header),
    ], write)


@import_app.command("neighbours")
def neighbours(
    ctx: typer.Context,
    file: Annotated[Path, _document("DfE's statistical neighbours workbook (.xlsx), as "
                                    "downloaded.")],
    month: Annotated[str | None, option(
        "--month", metavar="YYYY-MM",
        help="The month DfE published the set, when the file's name does not say (as "
        "sn_may_2025.xlsx does).")] = None,
    data: DataOption = None,
    write: WriteOption = False,
) -> None:
    """Import DfE's statistical neighbours: for each LA, the ten LAs most like it, closest
    first, with how close each is (the SNP column), as DfE's LA Interactive Tool uses them.

    Writes neighbours/sn-YYYY-MM.yaml, one set, with the workbook's file name and SHA-256:
    keep the workbook unchanged in reference/lait/. The sheet 'LA SN Groups' is read by its
    header (LA num, LA Name, ..., SN1, SNP, ..., SN10, SNP); every LA and neighbour must be
    a DfE number in DfE's list of LAs. A cell the importer cannot read is reported with
    its row and column, and nothing is written. Importing the same file again changes
    nothing.

    Examples:

    \b
        fostlog import neighbours reference/lait/sn_may_2025.xlsx
        fostlog import neighbours reference/lait/sn_may_2025.xlsx --write
        fostlog import neighbours reference/lait/sn_april_2021.xlsx --month 2021-04
    """
    from fostlog.cli.common import fail_usage, print_diagnostics_to_stderr
    from fostlog.core.repository import display_path
    from fostlog.importers.neighbours import (
        header,
        import_neighbours,
        is_month,
        month_in_name,
    )
    from fostlog.reference import LAS_FILE, la_list

    if month is not None and not is_month(month):
        raise fail_usage(f"--month takes a month written YYYY-MM, such as 2025-05, not "
                         f"'{month[:40]}'.")
    if month is None and month_in_name(file.name) is None:
        raise fail_usage(f"the file's name ({file.name}) gives no month, as DfE's names do "
                         "(sn_may_2025.xlsx).",
                         "Give the month DfE published the set: --month YYYY-MM.")
    content = _read(file)
    data_dir = default_data_dir(data)
    if write and data_dir.is_dir():
        hold_edit_lock(ctx, data_dir)
    entries = la_list()
    if entries is None:
        raise fail(f"fostlog's list of LAs ({LAS_FILE}) is not installed with it.",
                   "Reinstall fostlog from its repository.")
    result = import_neighbours(content, display_path(file), entries, month)
    print_diagnostics_to_stderr(result.diagnostics)
    if result.neighbour_set is None:
        errors = sum(d.is_error for d in result.diagnostics)
        raise fail(f"{display_path(file)}: {errors} problem(s) stop the import; nothing was "
                   "written.")
    found = result.neighbour_set
    sys.stderr.write(f"{display_path(file)}: {len(found.groups)} LAs and their statistical "
                     f"neighbours, the set of {found.month}.\n")
    _propose(data_dir, [(f"neighbours/{found.key}.yaml", found, header(found))], write)


# --- minutes -------------------------------------------------------------------------------

NEEDS_MINUTES = ("authorities", "people", "actions", "meeting", "meetings-without-minutes")


@import_app.command("minutes")
def minutes(
    ctx: typer.Context,
    file: Annotated[Path, _document("The minutes: a Word document (.docx) or its plain-text "
                                    "export (.txt).")],
    when: Annotated[str | None, option(
        "--date", metavar="YYYY-MM-DD",
        help="The meeting's date, when the minutes do not give it in full (or give it "
        "wrongly).")] = None,
    data: DataOption = None,
    write: Annotated[bool, typer.Option(
        "--write", help="Write the files, all of them or none, then run lint. Without it, "
        "print what would be written and change nothing.")] = False,
) -> None:
    """Draft the data a meeting's minutes add: the meeting file (date, chair, attendees
    with their LA, LAs not represented, items, "Action:" lines), every row of the action
    log as a new action or a dated observation of one already there, and new people,
    spellings and initials.

    Without --write it prints a summary and the diff of every file it would change. With
    --write it writes them all or none, then runs lint. Everything the importer had to
    guess is listed in the summary and marked '# check:' in the files, just above the
    line it is about: review those, then delete the '# check:' lines. Importing the same
    minutes again changes nothing; a meeting file already there is never overwritten.

    Examples:

    \b
        fostlog import minutes minutes/004_e0affe79a15288f1.txt --date 2025-07-07
        fostlog import minutes minutes/004_e0affe79a15288f1.txt --write
        fostlog import minutes minutes/004_e0affe79a15288f1.txt --data ./data --write
    """
    from fostlog.cli.common import parse_date
    from fostlog.core.escape import plain_text
    from fostlog.core.repository import display_path
    from fostlog.edits.yamltext import EditRefused
    from fostlog.importers.minutes import import_minutes
    from fostlog.importers.minutes.summary import summary_text
    from fostlog.importers.minutes.text import DraftNotWritable, draft_texts, relative_path

    day = parse_date(when, "--date")
    content = _read(file)
    data_dir = default_data_dir(data)
    if write and data_dir.is_dir():
        hold_edit_lock(ctx, data_dir)  # from reading the data to writing it
    repo = load_to_answer(data_dir, NEEDS_MINUTES)
    draft = import_minutes(content, file.name, repo, day)
    shown = display_path(file)
    for problem in (p for p in draft.problems if p.fatal):  # the others are in the summary
        where = "" if problem.where == "the file" else f"{problem.where}: "
        # The minutes are someone else's document: no control character in them acts.
        sys.stderr.write(plain_text(f"fostlog: {shown}: {where}{problem.message}\n"
                                    + (f"    hint: {problem.hint}\n" if problem.hint else "")))
    if not draft.ok:
        raise fail(f"{shown} could not be imported; nothing was written.")
    current: dict[str, str] = {}
    drafted_from: dict[str, bytes] = {}
    for kind in ("actions", "people", "authorities", "meetings-without-minutes"):
        relative = relative_path(kind)
        raw, shown_file = _data_bytes(data_dir / relative), display_path(data_dir / relative)
        if raw is None and kind == "meetings-without-minutes":
            continue  # an older data folder without one: no inferred meetings are drafted
        if raw is None:
            raise fail(f"cannot read {shown_file}: there is no such file.")
        try:
            current[relative], drafted_from[relative] = raw.decode("utf-8"), raw
        except UnicodeDecodeError as error:
            raise fail(f"cannot read {shown_file}: {error}.") from None
    try:
        texts = draft_texts(draft, current)
    except DraftNotWritable as error:
        raise fail(str(error), "Nothing was written.") from None
    except EditRefused as refused:
        raise fail(refused.message, refused.hint) from None
    sys.stdout.write(plain_text(summary_text(draft, texts, repo)))
    if not texts:
        sys.stderr.write("Nothing to change: these minutes are already in the data.\n")
        return
    from fostlog.cli.common import print_diagnostics_to_stderr
    from fostlog.edits.change import Change, check

    # The new texts are given to the check as those files' texts: nothing is written
    # anywhere while checking (a copy of the folder would write through its links).
    change = Change(texts, {relative: drafted_from.get(relative) for relative in texts})
    if not write:
        after = check(data_dir, change)[1]
        errors = sum(d.is_error for d in after)
        sys.stdout.write(plain_text(change.diff({r: display_path(data_dir / r) for r in texts},
                                                "\n")))
        sys.stderr.write(f"{len(texts)} file(s) would change (--write to write them); "
                         f"lint would then report {errors} error(s), {len(after) - errors} "
                         "warning(s).\n")
        return
    diagnostics = _apply(data_dir, change)
    for relative in texts:
        sys.stderr.write(f"{display_path(data_dir / relative)}: "
                         f"{'written' if relative not in current else 'updated'}.\n")
    print_diagnostics_to_stderr(diagnostics)
    errors = sum(d.is_error for d in diagnostics)
    sys.stderr.write(f"lint: {errors} error(s), {len(diagnostics) - errors} warning(s). "
                     f"Now review the {len(draft.guesses)} '# check:' line(s).\n")
    if errors:
        raise typer.Exit(1)
