"""fostlog lint: check the whole data folder, for people and for CI."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from fostlog.cli.common import (
    check_data_dir,
    default_data_dir,
    fail_usage,
    format_option,
    write_output,
)
from fostlog.render.output import Format


def lint(
    data_dir: Annotated[
        Path | None,
        typer.Argument(
            help="The data folder to check (default: ./data, or $FOSTLOG_DATA).",
            show_default=False,
        ),
    ] = None,
    output_format: Annotated[Format | None, format_option(
        (Format.text, Format.json, Format.github, Format.markdown),
        "text for people, json for tools, github for GitHub Actions annotations (the "
        "default when GITHUB_ACTIONS=true), markdown for an issue or pull request.")] = None,
    strict: Annotated[
        bool, typer.Option("--strict", help="Exit 1 on warnings as well as errors.")
    ] = False,
    list_rules: Annotated[
        bool,
        typer.Option(
            "--list-rules",
            help="List every rule (id, severity, what it finds) instead of checking; "
            "--format text, json or markdown.",
        ),
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
        fostlog lint --list-rules
        fostlog lint --list-rules --format json | jq -r '.[].id'
    """
    if list_rules:
        from fostlog.core.rules import RULES

        if output_format is Format.github:  # a rule is not a problem to annotate
            raise fail_usage("--list-rules prints text, json or markdown, not github.")
        write_output(RULES, output_format or Format.text)
        raise typer.Exit(0)

    from fostlog.core.diagnostics import has_errors, summary
    from fostlog.files.load import load_and_check

    root = data_dir if data_dir is not None else default_data_dir()
    check_data_dir(root, how="'fostlog lint DIR'")
    if output_format is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        output_format = Format.github if github else Format.text
    repo, diagnostics = load_and_check(root)
    write_output(diagnostics, output_format)
    sys.stderr.write(summary(diagnostics, len(repo.files)) + "\n")
    failed = has_errors(diagnostics) or (strict and bool(diagnostics))
    raise typer.Exit(1 if failed else 0)
