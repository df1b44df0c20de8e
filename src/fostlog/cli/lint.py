"""fostlog lint: check the whole data folder, for people and for CI."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from fostlog.cli.common import check_data_dir, default_data_dir


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


def lint(
    data_dir: Annotated[
        Path | None,
        typer.Argument(
            help="The data folder to check (default: ./data, or $FOSTLOG_DATA).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[
        LintFormat | None,
        typer.Option(
            "--format",
            help="text for people, json for tools, github for GitHub Actions annotations "
            "(the default when GITHUB_ACTIONS=true).",
            show_default=False,
        ),
    ] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings as well as errors.")
    ] = False,
) -> None:
    """Check every file in the data folder and report every problem in one pass.

    Each problem is reported as FILE:LINE:COL: severity[rule] message, with a hint on
    how to fix it. Exit status: 0 when there are no errors (warnings alone pass unless
    --strict), 1 when there are errors, 2 on bad usage.

    Examples:

    \b
        fostlog lint data
        fostlog lint data --format json | jq '.[] | select(.severity == "error")'
    """
    from fostlog.checks import lint_repository
    from fostlog.diagnostics import format_github, format_json, format_text, has_errors, summary

    root = data_dir if data_dir is not None else default_data_dir()
    check_data_dir(root, how="'fostlog lint DIR'")
    if output_format is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        output_format = LintFormat.github if github else LintFormat.text
    repo, diagnostics = lint_repository(root)
    formatter = {
        LintFormat.text: format_text,
        LintFormat.json: format_json,
        LintFormat.github: format_github,
    }[output_format]
    sys.stdout.write(formatter(diagnostics))
    sys.stderr.write(summary(diagnostics, len(repo.files)) + "\n")
    failed = has_errors(diagnostics) or (strict and bool(diagnostics))
    raise typer.Exit(1 if failed else 0)
