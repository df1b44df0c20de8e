"""Options and helpers shared by every command."""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from fostlog.diagnostics import Diagnostic
from fostlog.render.tables import OutputFormat

if TYPE_CHECKING:
    from fostlog.repository import Repository


def default_data_dir(given: Path | None = None) -> Path:
    if given is not None:
        return given
    return Path(os.environ.get("FOSTLOG_DATA", "data"))


def fail(message: str, hint: str = "", code: int = 1) -> typer.Exit:
    """Say what is wrong (and what to do) on stderr; the caller raises the returned Exit.
    Exit 1: the data or the file system is in the way."""
    sys.stderr.write(f"fostlog: {message}\n" + (f"    hint: {hint}\n" if hint else ""))
    return typer.Exit(code)


def fail_usage(message: str) -> typer.Exit:
    """Bad usage (a wrong option value): exit 2, as click does."""
    return fail(message, code=2)


def data_dir_of(ctx: typer.Context, data: Path | None) -> Path | None:
    """--data given to a subcommand, or to its group before it (fostlog actions --data D 47)."""
    if data is None and ctx.obj:
        return ctx.obj.get("data")  # type: ignore[no-any-return]
    return data


def check_data_dir(data: Path, how: str = "--data DIR") -> None:
    if not data.is_dir():
        raise fail_usage(
            f"there is no data folder at '{data}'. Give its path with {how} "
            "(or set FOSTLOG_DATA)."
        )


def print_diagnostics_to_stderr(diagnostics: list[Diagnostic]) -> None:
    from fostlog.diagnostics import format_text

    sys.stderr.write(format_text(diagnostics))


# Which kinds of file (kinds.py) each question needs: errors elsewhere do not stop it.
NEEDS_ACTIONS = ("authorities", "people", "actions", "meeting")
NEEDS_ATTENDANCE = ("authorities", "people", "meeting")
NEEDS_BENCHMARK = ("authorities", "benchmark")
NEEDS_REGISTER = ("authorities", "people", "actions")  # edits and scaffolds


def _concerns(file: str, root: Path, needs: tuple[str, ...]) -> bool:
    from fostlog.kinds import kind_of
    from fostlog.repository import display_path

    relative = Path(os.path.relpath(file, display_path(root))).as_posix()
    kind = kind_of(relative)
    return kind is not None and kind.name in needs


def load_for_query(data: Path | None, needs: tuple[str, ...]) -> Repository:
    """Load and check the data; stop (exit 1) on errors in the files this query needs,
    printing them with file and line. Warnings never stop a query."""
    from fostlog.checks import lint_repository

    data = default_data_dir(data)
    check_data_dir(data)
    repo, diagnostics = lint_repository(data)
    blocking = [d for d in diagnostics if d.is_error and _concerns(d.file, data, needs)]
    if blocking:
        print_diagnostics_to_stderr(blocking)
        sys.stderr.write(
            f"fostlog: {len(blocking)} error(s) in the data must be fixed before this "
            "question can be answered (run 'fostlog lint' for the full report).\n"
        )
        raise typer.Exit(1)
    return repo


def parse_date(text: str | None, option: str) -> date | None:
    """A date option typed as YYYY-MM-DD; anything else is bad usage (exit 2)."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail_usage(
            f"{option} wants a date written YYYY-MM-DD (e.g. 2022-01-26), not '{text}'."
        ) from None


def today() -> date:
    """Today, or FOSTLOG_TODAY when set (so examples and tests are reproducible)."""
    fixed = os.environ.get("FOSTLOG_TODAY")
    return date.fromisoformat(fixed) if fixed else date.today()


DataOption = Annotated[
    Path | None,
    typer.Option(
        "--data",
        help="The data folder (default: ./data, or $FOSTLOG_DATA).",
        show_default=False,
    ),
]
FormatOption = Annotated[
    OutputFormat,
    typer.Option(
        "--format",
        help="table (rich on a terminal, plain when piped or NO_COLOR is set), markdown, "
        "csv or json.",
    ),
]
