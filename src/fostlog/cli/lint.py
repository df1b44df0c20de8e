"""fostlog lint: check the whole data folder, for people and for CI."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, assert_never

import typer

from fostlog.cli.common import check_data_dir, default_data_dir, fail_usage

if TYPE_CHECKING:
    from fostlog.core.diagnostics import Diagnostic
    from fostlog.core.rules import Rule
    from fostlog.render.output import Formatter


class LintFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    markdown = "markdown"


def diagnostics_formatter(output_format: LintFormat) -> Formatter[Sequence[Diagnostic]]:
    """The formatter that writes a lint report in `output_format`."""
    from fostlog.core import diagnostics

    match output_format:
        case LintFormat.text:
            return diagnostics.TextFormatter()
        case LintFormat.json:
            return diagnostics.JsonFormatter()
        case LintFormat.github:
            return diagnostics.GithubFormatter()
        case LintFormat.markdown:
            return diagnostics.MarkdownFormatter()
        case _:
            assert_never(output_format)


def rules_formatter(output_format: LintFormat) -> Formatter[Sequence[Rule]]:
    """The formatter that writes the rule list in `output_format` (not github: a rule is not
    a problem to annotate)."""
    from fostlog.core import rules

    match output_format:
        case LintFormat.text:
            return rules.RulesTextFormatter()
        case LintFormat.json:
            return rules.RulesJsonFormatter()
        case LintFormat.markdown:
            return rules.RulesMarkdownFormatter()
        case LintFormat.github:
            raise fail_usage("--list-rules prints text, json or markdown, not github.")
        case _:
            assert_never(output_format)


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
            "(the default when GITHUB_ACTIONS=true), markdown for an issue or pull request.",
            show_default=False,
        ),
    ] = None,
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

        sys.stdout.write(rules_formatter(output_format or LintFormat.text).format(RULES))
        raise typer.Exit(0)

    from fostlog.core.diagnostics import has_errors, summary
    from fostlog.files.load import load_and_check

    root = data_dir if data_dir is not None else default_data_dir()
    check_data_dir(root, how="'fostlog lint DIR'")
    if output_format is None:
        github = os.environ.get("GITHUB_ACTIONS") == "true"
        output_format = LintFormat.github if github else LintFormat.text
    repo, diagnostics = load_and_check(root)
    sys.stdout.write(diagnostics_formatter(output_format).format(diagnostics))
    sys.stderr.write(summary(diagnostics, len(repo.files)) + "\n")
    failed = has_errors(diagnostics) or (strict and bool(diagnostics))
    raise typer.Exit(1 if failed else 0)
