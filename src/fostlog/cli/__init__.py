"""The fostlog command line: a thin layer that parses options, calls the library and
hands rows to a renderer. One module per noun; heavy imports happen inside commands."""

from __future__ import annotations

import os
import sys

import typer

from fostlog.cli import actions as actions_cli
from fostlog.cli import attendance as attendance_cli
from fostlog.cli import benchmark as benchmark_cli
from fostlog.cli import calendar as calendar_cli
from fostlog.cli import capacity as capacity_cli
from fostlog.cli import digest as digest_cli
from fostlog.cli import export as export_cli
from fostlog.cli import imports as imports_cli
from fostlog.cli import lint as lint_cli
from fostlog.cli import new as new_cli
from fostlog.cli import render as render_cli
from fostlog.cli import schema as schema_cli
from fostlog.cli import site as site_cli

app = typer.Typer(
    name="fostlog",
    help=(
        "The South East regional fostering leads group's minutes, action log and "
        "benchmarking, kept as checked plain-text YAML.\n\n"
        "Start with 'fostlog lint data' to check the data folder."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.command("lint")(lint_cli.lint)
app.add_typer(actions_cli.actions_app, name="actions")
app.command("benchmark")(benchmark_cli.benchmark)
app.command("attendance")(attendance_cli.attendance)
# Sub-apps and commands of other nouns are registered below, one line each.
app.add_typer(render_cli.render_app, name="render")
app.add_typer(new_cli.new_app, name="new")
app.command("schema")(schema_cli.schema)
app.add_typer(imports_cli.import_app, name="import")
app.command("capacity")(capacity_cli.capacity)
app.command("digest")(digest_cli.digest)
app.command("calendar")(calendar_cli.calendar)
app.command("site")(site_cli.site)
app.add_typer(export_cli.export_app, name="export")
import fostlog.cli.actions_edit  # noqa: E402, F401  (registers actions update / add)


def main() -> None:
    """Console-script entry point: never shows a traceback to the user."""
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
        sys.stderr.write("fostlog: interrupted\n")
        raise SystemExit(130) from None
    except Exception as error:  # a bug in fostlog, not in the user's data
        if os.environ.get("FOSTLOG_DEBUG"):
            raise
        sys.stderr.write(
            f"fostlog: internal error ({type(error).__name__}: {error}).\n"
            "This is a bug in fostlog, not in your data. Run again with FOSTLOG_DEBUG=1 "
            "set to see the details, and report them.\n"
        )
        raise SystemExit(3) from None
