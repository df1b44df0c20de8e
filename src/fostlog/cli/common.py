"""Options and helpers shared by every command: each option that more than one command
takes is defined here once (an Annotated type, with the function that reads its value),
so `--data`, `--as-of`, `--authority`, `--status` and `--format` mean the same, say the
same in --help and fail the same way everywhere."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Protocol, TypeVar

import typer

from fostlog.core.diagnostics import Diagnostic
from fostlog.core.vocabulary import (
    Status,
    closest_status_word,
    is_status_name,
    parse_status,
    status_vocabulary,
)
from fostlog.render.output import Format

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from fostlog.core.repository import Repository
    from fostlog.domain import OwnerMatch
    from fostlog.files.safewrite import UnsafeTarget
    from fostlog.render.tables import Column, Table


def default_data_dir(given: Path | None = None) -> Path:
    if given is not None:
        return given
    return Path(os.environ.get("FOSTLOG_DATA", "data"))


def fail(message: str, hint: str = "", code: int = 1) -> typer.Exit:
    """Say what is wrong (and what to do) on stderr; the caller raises the returned Exit.
    Exit 1: the data or the file system is in the way. A message quotes what was typed
    or found in the data, so no control character in it reaches the terminal."""
    from fostlog.core.escape import plain_text

    sys.stderr.write(f"fostlog: {plain_text(message)}\n"
                     + (f"    hint: {plain_text(hint)}\n" if hint else ""))
    return typer.Exit(code)


def fail_usage(message: str, hint: str = "") -> typer.Exit:
    """Bad usage (a wrong option value, options that do not go together): exit 2, as
    click does."""
    return fail(message, hint, code=2)


def data_dir_of(ctx: typer.Context, data: Path | None) -> Path | None:
    """--data given to a subcommand, or to its group before it (fostlog actions --data D 47)."""
    if data is None and ctx.obj:
        return ctx.obj.get("data")  # type: ignore[no-any-return]
    return data


def check_data_dir(data: Path, how: str = "--data DIR") -> None:
    if not data.is_dir():
        # Run from inside the data folder, the default ./data is not there but the
        # folder's own files are: say so, rather than only that nothing is at 'data'.
        inside = (data.parent / "authorities.yaml").is_file()
        raise fail_usage(
            f"there is no data folder at '{data}'. Give its path with {how} "
            "(or set FOSTLOG_DATA).",
            ("The current folder" if str(data.parent) == "." else f"'{data.parent}'")
            + f" is the data folder itself (it holds authorities.yaml): give '{data.parent}' "
            "as the data folder, or run fostlog from the folder above it." if inside else "",
        )


def write_out(out: Path, content: str | bytes, option: str = "--out FILE") -> None:
    """Write a file the user named (--out) in one step (safewrite.write_atomic). A link,
    FIFO, device, socket or folder there is never replaced nor written into: exit 2."""
    from fostlog.files.safewrite import UnsafeTarget, write_atomic

    try:
        write_atomic(out, content)
    except UnsafeTarget as unsafe:
        raise unsafe_out(out, unsafe, option) from None
    except OSError as error:
        raise fail(f"{out} could not be written ({error.strerror or error}).",
                   "Check that the folder exists and that you may write to it.") from None


def unsafe_out(out: Path, unsafe: UnsafeTarget, option: str = "--out FILE",
               hint: str = "") -> typer.Exit:
    """Exit 2: what the user named is not a file fostlog may replace, and was left alone."""
    return fail_usage(f"{out} is {unsafe.what}, not a regular file: fostlog writes only "
                      "regular files, and has left it as it is.",
                      hint or f"Give {option} the name of a new file, or of an ordinary file "
                      "to replace.")


def hold_edit_lock(ctx: typer.Context, root: Path) -> None:
    """Hold the data folder's edit lock until the command ends (safewrite.edit_lock): an
    edit started meanwhile waits, then starts from this one's result. Taken before the
    data is read, so a new action's number is read under it too."""
    from fostlog.core.repository import display_path
    from fostlog.files.safewrite import EditBusy, edit_lock

    def waiting(holder: str) -> None:
        sys.stderr.write(f"Someone else is editing the data in {display_path(root)} "
                         f"({holder}); waiting for them to finish...\n")

    try:
        removed = ctx.with_resource(edit_lock(root, waiting=waiting))
    except EditBusy as busy:
        raise fail(busy.message, busy.hint) from None
    for path in removed:
        sys.stderr.write(f"Removed {display_path(path)}, left by an edit that was stopped "
                         "before it finished.\n")


def print_diagnostics_to_stderr(diagnostics: list[Diagnostic]) -> None:
    from fostlog.core.diagnostics import format_text

    sys.stderr.write(format_text(diagnostics))


# Which kinds of file (kinds.py) each question needs: errors elsewhere do not stop it.
NEEDS_ACTIONS = ("authorities", "people", "actions", "meeting")
NEEDS_ATTENDANCE = ("authorities", "people", "meeting")
NEEDS_BENCHMARK = ("authorities", "benchmark")
NEEDS_REGISTER = ("authorities", "people", "actions")  # edits and scaffolds


def _concerns(file: str, root: Path, needs: tuple[str, ...]) -> bool:
    from fostlog.core.kinds import kind_of
    from fostlog.core.repository import display_path

    relative = Path(os.path.relpath(file, display_path(root))).as_posix()
    kind = kind_of(relative)
    return kind is not None and kind.name in needs


def load_checked(data: Path | None, needs: tuple[str, ...]
                 ) -> tuple[Repository, list[Diagnostic]]:
    """Load and check the data folder; stop (exit 1) on errors in the kinds of file `needs`
    names, printing them with file and line (warnings never stop). With what lint found,
    which an edit compares its own check with (the errors it would add)."""
    from fostlog.files.load import load_and_check

    data = default_data_dir(data)
    check_data_dir(data)
    repo, diagnostics = load_and_check(data)
    blocking = [d for d in diagnostics if d.is_error and _concerns(d.file, data, needs)]
    if blocking:
        print_diagnostics_to_stderr(blocking)
        sys.stderr.write(
            f"fostlog: {len(blocking)} error(s) in the data must be fixed before this "
            "question can be answered (run 'fostlog lint' for the full report).\n"
        )
        raise typer.Exit(1)
    return repo, diagnostics


def load_to_answer(data: Path | None, needs: tuple[str, ...]) -> Repository:
    """The data folder, loaded and checked, to answer a question (see load_checked)."""
    repo, _ = load_checked(data, needs)
    return repo


def today() -> date:
    """Today, or FOSTLOG_TODAY when set (so examples and tests are reproducible)."""
    fixed = os.environ.get("FOSTLOG_TODAY")
    if not fixed:
        return date.today()
    try:
        return date.fromisoformat(fixed)
    except ValueError:
        raise fail_usage(f"FOSTLOG_TODAY must be a date such as 2025-09-17, not "
                         f"'{fixed[:40]}'.", "Unset it to use today's date.") from None


# --- output ------------------------------------------------------------------------------


def text_width() -> int | None:
    """The width to wrap a text report (lint's) to: the terminal's, on a terminal only;
    None (one line each, for grep and CI logs) when piped, in CI, or when TERM is dumb."""
    import shutil

    if (not sys.stdout.isatty() or os.environ.get("CI")
            or os.environ.get("TERM") == "dumb"):
        return None
    return shutil.get_terminal_size().columns


def table_width(wide: bool = False) -> tuple[int | None, bool]:
    """(the width to fit a table to, whether stdout is a terminal that takes rich's styles).
    On a terminal: its width; piped: COLUMNS when set, else no limit; --wide: no limit.
    NO_COLOR keeps a terminal's table plain, still fitted to the terminal."""
    import shutil

    terminal = sys.stdout.isatty()
    styled = terminal and "NO_COLOR" not in os.environ
    if wide:
        return None, styled
    if terminal:
        return shutil.get_terminal_size().columns, styled
    columns = os.environ.get("COLUMNS", "").strip()
    return (int(columns) if columns.isdigit() and int(columns) > 0 else None), False


@dataclass(frozen=True)
class View:
    """How much of a table to show: every column however wide (--wide), or only the
    columns named (--columns), in every format."""

    wide: bool = False
    columns: str | None = None


VIEW_HINT = "--wide shows every column; --columns KEY,KEY,... chooses them."


def choose_columns(content: Table, keys: str) -> Table:
    """The table with only the columns `keys` names (their CSV keys, comma-separated), in
    that order; a key the table does not have is bad usage, with the closest one."""
    import dataclasses

    from fostlog.core.vocabulary import closest

    by_key = {column.key: column for column in content.columns}
    chosen = []
    for key in (k.strip() for k in keys.split(",")):
        if not key:
            continue
        if key not in by_key:
            close = closest(key, by_key)
            raise fail_usage(
                f"--columns: this table has no column '{key}'."
                + (f" Did you mean '{close}'?" if close else ""),
                f"Its columns: {', '.join(by_key)}.",
            )
        chosen.append(dataclasses.replace(by_key[key], priority=0))
    if not chosen:
        raise fail_usage("--columns: name at least one column.",
                         f"Its columns: {', '.join(by_key)}.")
    return dataclasses.replace(content, columns=chosen)


def write_output(content: Any, output_format: Format, view: View | None = None) -> None:
    """The one place a command's answer in text is written: rendered (render/output.py),
    then to stdout. A table is fitted to the terminal (or COLUMNS); `view` is the
    command's --wide and --columns."""
    from fostlog.render.output import render
    from fostlog.render.tables import Table

    if view is not None and view.columns is not None and isinstance(content, Table):
        content = choose_columns(content, view.columns)
    width, styled = (table_width(view is not None and view.wide)
                     if output_format is Format.table else (text_width(), False)
                     if output_format is Format.text else (None, False))
    written = render(content, output_format, width=width, terminal=styled,
                     hint=VIEW_HINT if view is not None else None)
    assert isinstance(written, str)  # bytes (Word) go through cli/render.emit
    sys.stdout.write(written)


# --- reading option values ---------------------------------------------------------------

DATE_WORDS = "a date written YYYY-MM-DD (e.g. 2022-01-26)"


def date_value(text: str) -> date:
    """A date typed as YYYY-MM-DD (the parser of every date option); else bad usage."""
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise typer.BadParameter(f"{DATE_WORDS} is wanted, not '{text}'.") from None


_Choice = TypeVar("_Choice")


def one_of(choices: Sequence[str], make: Callable[[str], _Choice]) -> Callable[[str], _Choice]:
    """The parser of an option that takes one of `choices` (--sort, --format): the value
    made by `make`; anything else is bad usage, with the closest choice, in fostlog's
    words (never pydantic's)."""
    from fostlog.core.vocabulary import closest

    def parse(text: Any) -> _Choice:
        if not isinstance(text, str) or text in choices:  # a default is already made
            return make(text)
        typed = text.strip().lower()
        if typed in choices:
            return make(typed)
        close = closest(typed, choices)
        raise typer.BadParameter(f"'{text}' is not one of {', '.join(choices)}."
                                 + (f" Did you mean '{close}'?" if close else ""))

    return parse


def whole_number(option: str, example: int, least: int = 0) -> Callable[[str], int]:
    """The parser of an option that takes a whole number (--missing, --stale): anything
    else is bad usage, said as "--missing takes a whole number, such as 2"."""
    def parse(text: Any) -> int:
        if isinstance(text, int):
            return text
        typed = str(text).strip()
        if typed.isascii() and typed.isdigit() and int(typed) >= least:
            return int(typed)
        more = f" of {least} or more" if least else ""
        raise typer.BadParameter(
            f"{option} takes a whole number{more}, such as {example}, not '{text}'.")

    return parse


def parse_date(text: str | None, option: str) -> date | None:
    """A date option typed as YYYY-MM-DD; anything else is bad usage (exit 2)."""
    if text is None:
        return None
    try:
        return date_value(text)
    except typer.BadParameter:
        raise fail_usage(f"{option} wants {DATE_WORDS}, not '{text}'.") from None


@dataclass(frozen=True)
class StatusWord:
    """A status as typed: the status it means, and the word (which `actions update` keeps
    as the recorded wording when it is one of the logs', such as "complete")."""

    status: Status
    typed: str

    @property
    def wording(self) -> str | None:
        return None if is_status_name(self.typed) else self.typed


def status_value(text: str) -> StatusWord:
    """Any word any command accepts for a status (vocabulary.STATUS_WORDS); else bad usage,
    with the closest word."""
    found = parse_status(text)
    if found is None:
        close = closest_status_word(text)
        raise typer.BadParameter(
            f"'{text}' is not a status."
            + (f" Did you mean '{close}'?" if close else "")
            + f" Use one of: {status_vocabulary()}."
        )
    return StatusWord(found, " ".join(text.split()))


def authority_id(repo: Repository, text: str, option: str = "--authority") -> str:
    """The LA an --authority value names (its id, name or an alias)."""
    from fostlog import domain

    found = domain.typed_authority(text, repo)
    if found is not None:
        return found
    several = [repo.authority_name(a) for a in domain.authorities_starting(text, repo)]
    close = (", ".join(several[:-1]) + " or " + several[-1] if len(several) > 1
             else domain.suggest_authority(text, repo))
    raise fail_usage(
        f"{option} '{text}' is not an LA in {repo.file_for('authorities.yaml')}."
        + (f" Did you mean {close}?" if close else ""),
        "Give an LA's name (West Sussex), its id (west-sussex), an alias the minutes use "
        "(W Sussex) or the start of one name (Brighton).")


class Keyed(Protocol):
    """A year the data holds (a benchmarking year, a capacity year), named by its key."""

    @property
    def key(self) -> str: ...


_Year = TypeVar("_Year", bound=Keyed)


def year_value(text: str, years_named: Callable[[str], Sequence[_Year]],
               held: Sequence[_Year], what: str, command: str,
               option: str = "YEAR") -> _Year:
    """The one year `text` names (by its key, or a financial year only one source holds,
    typed 2018/19 or 2018-19 alike); `years_named` is the query's lookup, `held` every
    year of the kind. None, or a year several sources hold, is bad usage (exit 2), with
    the closest key or the keys to choose from."""
    from fostlog.core.vocabulary import closest

    typed = text.strip().replace("/", "-").lower()
    found = years_named(typed)
    if len(found) == 1:
        return found[0]
    which = "" if option == "YEAR" else f"{option}: "
    if found:
        raise fail_usage(f"{which}several sources have a {what} {typed}: give one of "
                         f"{', '.join(year.key for year in found)}.")
    keys = [year.key for year in held]
    close = closest(typed, keys)
    raise fail_usage(
        f"{which}there is no {what} {text} in the data."
        + (f" Did you mean {close}?" if close else ""),
        "Years available: " + (", ".join(keys) or "none")
        + f". 'fostlog {command}' lists them.",
    )


def owner_match(repo: Repository, text: str) -> OwnerMatch:
    """What an --owner value names (domain.resolve_owner)."""
    from fostlog import domain

    found = domain.resolve_owner(text, repo)
    if found is None:
        raise fail_usage(*domain.unknown_owner(text, repo))
    return found


def refuse_with(option: str, given: bool, others: dict[str, bool], why: str) -> None:
    """An option that does not compose with some others: when it and any of them are
    given, name them, say why and stop (exit 2), rather than ignore one."""
    named = [other for other, present in others.items() if present]
    if given and named:
        raise fail_usage(f"{option} does not go with {' or '.join(named)}: {why}")


# --- the shared options -------------------------------------------------------------------


def option(*names: str, help: str, **more: Any) -> Any:
    """A typer option whose help says what leaving it out means: no default is shown."""
    return typer.Option(*names, help=help, show_default=False, **more)


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="The data folder (default: ./data, or $FOSTLOG_DATA).",
        show_default=False,
    ),
]


def format_option(formats: Sequence[Format], help: str) -> Any:
    """The --format option of a command that writes `formats`, listed in its --help; any
    other is bad usage (exit 2), said as click says a choice is not one of its own."""
    return typer.Option("--format", parser=one_of([f.value for f in formats], Format),
                        metavar="|".join(formats), help=help)


FormatOption = Annotated[Format, format_option(
    (Format.table, Format.markdown, Format.csv, Format.json),
    "table (rich on a terminal, plain when piped or NO_COLOR is set), markdown, csv or json.")]
AsOfOption = Annotated[
    date | None,
    typer.Option(
        "--as-of",
        parser=date_value,
        metavar="DATE",
        help="Answer as things stood on DATE, YYYY-MM-DD: what came later is left out "
        "(default: today).",
        show_default=False,
    ),
]
AuthorityOption = Annotated[
    str | None,
    typer.Option(
        "--authority",
        metavar="LA",
        help="An LA by its name (West Sussex), id (west-sussex) or an alias the minutes "
        "use (W Sussex).",
        show_default=False,
    ),
]
STATUS_HELP = f"Any of: {status_vocabulary()}."
StatusOption = Annotated[
    StatusWord | None,
    typer.Option(
        "--status",
        parser=status_value,
        metavar="STATUS",
        help=f"Only actions with this status. {STATUS_HELP}",
        show_default=False,
    ),
]
WideOption = Annotated[
    bool,
    typer.Option(
        "--wide",
        help="Show every column, however wide the table gets (a table is otherwise "
        "fitted to the terminal, or to COLUMNS when piped, leaving out what does not fit).",
    ),
]
ColumnsOption = Annotated[
    str | None,
    typer.Option(
        "--columns",
        metavar="KEY,KEY,...",
        help="Only these columns, in this order, in every format: the keys of the CSV "
        "header (e.g. id,text,owner_names).",
        show_default=False,
    ),
]


# --- statistical neighbours (capacity and benchmark --authority) --------------------------

NeighboursOption = Annotated[bool, typer.Option(
    "--neighbours",
    help="With --authority LA: its ten statistical neighbours one by one, closest first, "
    "with their DfE numbers, closeness and figures (or why there is none), then their "
    "mean.")]
NeighbourSetOption = Annotated[str | None, typer.Option(
    "--neighbour-set", metavar="SET",
    help="With --authority LA: the statistical neighbour set to compare with, by its key "
    "(sn-2021-04). Default: the latest held, for every year, as DfE's LAIT does.",
    show_default=False)]


def neighbour_options(authority: str | None, neighbours: bool, set_key: str | None) -> None:
    """--neighbours and --neighbour-set are about one LA's neighbours: without
    --authority LA, bad usage (exit 2)."""
    given = [o for o, v in (("--neighbours", neighbours), ("--neighbour-set", set_key))
             if v]
    if given and authority is None:
        raise fail_usage(f"{' and '.join(given)}: give --authority LA as well (its "
                         "statistical neighbours are compared with it).")


def neighbour_set_key(repo: Repository, text: str | None) -> str | None:
    """The set --neighbour-set names (its key), None for the default; a set not held is
    bad usage (exit 2), with the closest key and the keys held."""
    if text is None:
        return None
    from fostlog.core.vocabulary import closest

    keys = sorted(s.key for s in repo.neighbour_sets)
    typed = text.strip().lower()
    if typed in keys:
        return typed
    close = closest(typed, keys)
    raise fail_usage(
        f"--neighbour-set: there is no statistical neighbour set {text} in the data."
        + (f" Did you mean {close}?" if close else ""),
        "Sets held: " + (", ".join(keys) or "none (fostlog import neighbours FILE.xlsx "
                         "--write brings DfE's)") + ".")


def neighbour_note(repo: Repository, authority: str, set_key: str | None,
                   listed: bool = False) -> str:
    """Under a view with a statistical neighbours' figure: what the figure is (LAIT's
    plain mean), the set used and its files, and why that set. `listed`: the view lists
    the neighbours."""
    from fostlog import domain

    chosen = domain.neighbour_set(repo, set_key)
    name = repo.authority_name(authority)
    number = repo.authorities[authority].dfe_number
    counted = len(domain.neighbours_of(chosen, number)) if chosen and number else 0
    if chosen is None:
        return ("No statistical neighbour set is held, so there is no neighbours' figure "
                "('fostlog import neighbours FILE.xlsx --write' brings DfE's).")
    held = (f"DfE's set {chosen.key} ({repo.file_for(f'neighbours/{chosen.key}.yaml')}, "
            f"from {chosen.file})")
    others = [s.key for s in repo.neighbour_sets if s.key != chosen.key]
    why = ("It is the set --neighbour-set names." if set_key is not None else
           f"It is {domain.SET_CHOICE}"
           + (f"; --neighbour-set {others[-1]} picks another." if others else "."))
    if not counted:
        return f"Statistical neighbours: {held} gives {name} none, so no figure. {why}"
    return (f"Statistical neighbours: the plain mean of the values of {name}'s "
            f"{counted} statistical neighbours in {held}, those with none left out; "
            f"N of {counted}: how many had a figure (CSV and JSON give each measure's). "
            + why + ("" if listed else " --neighbours lists them."))


def with_value_text(with_value: dict[str, int], neighbours: int) -> str | None:
    """How many neighbours had a figure, in words: "10 of 10", or "9-10 of 10" where
    the measures differ; None for a row that is not the neighbours'."""
    if not neighbours:
        return None
    low, high = min(with_value.values(), default=0), max(with_value.values(), default=0)
    return f"{low} of {neighbours}" if low == high else f"{low}-{high} of {neighbours}"


def counted_columns(output_format: Format) -> list[Column]:
    """How many neighbours had a figure, on the neighbours' row: "10 of 10" in a table;
    in CSV and JSON each measure's count (`with_value`) and how many the set gives."""
    from fostlog.render.tables import Column

    def mean_row(name: str) -> Callable[[Any], Any]:
        return lambda r: getattr(r, name) if getattr(r, "kind", None) == "neighbours" else None

    if output_format.in_words:
        return [Column("with_value", "With a figure",
                       lambda r: with_value_text(r.with_value, r.neighbours)
                       if getattr(r, "kind", None) == "neighbours" else None, priority=1)]
    return [Column("with_value", "With a figure", mean_row("with_value"),
                   text=lambda counts: ", ".join(f"{k} {n}" for k, n in counts.items())),
            Column("neighbours", "Neighbours", mean_row("neighbours"), numeric=True)]


def neighbour_columns(output_format: Format, measures: Sequence[Column]) -> list[Column]:
    """An LA's neighbours one by one (queries.neighbours.NeighbourRow) and their mean
    after them: the year, the place in the set (SN1 the closest), DfE number, name,
    closeness, how many had a figure (the mean's row), `measures`, the set."""
    from fostlog.render.tables import Column

    def field(name: str) -> Callable[[Any], Any]:
        return lambda r: getattr(r, name, None)

    return [Column("key", "Year", field("source")),
            Column("position", "SN", field("position"), numeric=True,
                   reason=lambda _r: ""),
            Column("dfe_number", "DfE number", field("dfe_number"), priority=2),
            Column("area", "Neighbour", field("name")),
            Column("closeness", "Closeness", field("closeness"), priority=2),
            *counted_columns(output_format), *measures,
            Column("neighbour_set", "Neighbour set", field("neighbour_set"))]
