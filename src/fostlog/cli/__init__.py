"""The fostlog command line: a thin layer that parses options, calls the library and
hands rows to a renderer. One module per noun; heavy imports happen inside commands."""

from __future__ import annotations

import os
import sys
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

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

# The order --help lists the commands in: check the data, ask the group's questions, write
# its documents, then change the data and set up an editor. Commands not named here (a new
# one) follow, in the order they are registered.
COMMAND_ORDER = ["lint", "actions", "attendance", "benchmark", "capacity", "render", "digest",
                 "calendar", "site", "export", "new", "import", "schema"]

# What an option's value is, in words, where its definition does not say (--owner NAME,
# not <str>): by the option's name first, then by the kind of value.
_METAVARS = {"owner": "NAME", "text": "TEXT", "note": "TEXT", "recorded": "WORDS",
             "responsible": "WORDS", "as_of": "DATE", "data": "DIR", "out": "FILE"}


def _name_metavars(command: Any) -> None:
    """Give every argument and option of `command` (and of its subcommands) a metavar in
    words: an argument by its name (ACTION_ID), an option by _METAVARS or its kind
    (FILE, DIR, N, the choices a|b|c)."""
    from pathlib import Path

    for param in command.params:
        if param.param_type_name == "argument":
            # Typer adds the type (<path>, <str>) after an argument's name; the name says it.
            param.display_type_rich = lambda ctx: None
        if param.metavar is not None or getattr(param, "is_flag", False):
            continue
        name = param.name or ""
        descriptor = getattr(param, "type_descriptor", None)
        kind = getattr(descriptor, "annotation", None)
        if param.param_type_name == "argument":
            param.metavar = name.upper()
        elif name in _METAVARS:
            param.metavar = _METAVARS[name]
        elif descriptor is not None and descriptor.is_choice and descriptor.choices:
            param.metavar = "|".join(str(getattr(c, "value", c)) for c in descriptor.choices)
        elif kind is Path:
            param.metavar = "PATH"
        elif kind is int:
            param.metavar = "N"
        else:
            param.metavar = name.upper()
    for sub in getattr(command, "commands", {}).values():
        _name_metavars(sub)
    _give_examples(command)


def _first_example(help_text: str) -> str | None:
    """The first example a command's help gives (the first line under "Examples:")."""
    _, found, rest = help_text.partition("Examples:")
    lines = [line.strip() for line in rest.splitlines()]
    return next((line for line in lines if line.startswith("fostlog ")), None) if found else None


def _give_examples(command: Any) -> None:
    """A group whose help has no examples gets its commands' first ones, so every level
    of --help shows how a command is typed."""
    subcommands = getattr(command, "commands", None)
    if not subcommands or "Examples:" in (command.help or ""):
        return
    examples = [e for sub in subcommands.values() if (e := _first_example(sub.help or ""))]
    if examples:
        command.help = ((command.help or "").rstrip() + "\n\nExamples:\n\n\b\n"
                        + "\n".join(f"    {example}" for example in examples))


class FostlogGroup(TyperGroup):
    """The top-level command: its commands in COMMAND_ORDER, metavars in words."""

    def list_commands(self, ctx: Any) -> list[str]:
        known = list(self.commands)
        return [n for n in COMMAND_ORDER if n in known] + [
            n for n in known if n not in COMMAND_ORDER]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            _name_metavars(command)
        return command


app = typer.Typer(
    name="fostlog",
    cls=FostlogGroup,
    help=(
        "The South East regional fostering leads group's minutes, action log and "
        "benchmarking, kept as checked plain-text YAML.\n\n"
        "Start with 'fostlog lint data' to check the data folder; every command explains "
        "itself with --help. Exit status: 0 answered, 1 the data is in the way (errors in "
        "it, or an action or meeting it does not have), 2 the command line is wrong (with "
        "what was meant, where fostlog can tell), 3 a bug in fostlog.\n\n"
        "Examples:\n\n"
        "\b\n"
        "    fostlog lint data\n"
        "    fostlog actions --open\n"
        "    fostlog actions 47\n"
        "    fostlog attendance --missing 2\n"
        "    fostlog benchmark 2020-21 --sort conversion\n"
        "    fostlog render actions --format html --out action-log.html\n"
        "    fostlog new meeting 2025-10-14"
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            found = version("fostlog")
        except PackageNotFoundError:  # run from a source tree that was never installed
            found = "(not installed)"
        sys.stdout.write(f"fostlog {found}\n")
        raise typer.Exit()


@app.callback()
def _top(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_print_version, is_eager=True,
                     help="Print fostlog's version and stop."),
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option("--no-cache",
                     help="Read and check every data file afresh, neither using nor "
                     "updating the cache (as FOSTLOG_NO_CACHE=1 does)."),
    ] = False,
) -> None:
    if no_cache:
        os.environ["FOSTLOG_NO_CACHE"] = "1"  # read by fostlog.cache, in this process only


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
