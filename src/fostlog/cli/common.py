"""Options and helpers shared by every command."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import typer

from fostlog.diagnostics import Diagnostic


def default_data_dir() -> Path:
    return Path(os.environ.get("FOSTLOG_DATA", "data"))


def fail_usage(message: str) -> typer.Exit:
    """Bad usage (a wrong option value): say so plainly and exit 2, as click does."""
    sys.stderr.write(f"fostlog: {message}\n")
    return typer.Exit(2)


def check_data_dir(data: Path, how: str = "--data DIR") -> None:
    if not data.is_dir():
        raise fail_usage(
            f"there is no data folder at '{data}'. Give its path with {how} "
            "(or set FOSTLOG_DATA)."
        )


def print_diagnostics_to_stderr(diagnostics: list[Diagnostic]) -> None:
    from fostlog.diagnostics import format_text

    sys.stderr.write(format_text(diagnostics))
