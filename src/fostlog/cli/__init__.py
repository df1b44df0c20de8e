"""The fostlog command line: a thin layer that parses options, calls the library and
hands rows to a renderer. One module per noun; heavy imports happen inside commands.

Commands are registered in COMMANDS by name and imported only when run (or listed by
--help): a question imports its own module, not every command's, and typer turns only
its parameters into options."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from typing import Annotated, Any

import typer

from fostlog.cli.groups import SuggestingGroup

# Every command: its name, its module in fostlog.cli and the attribute there (a Typer sub-app
# or a command function), in the order they were added. A new command is one line here.
# `actions` is taken from actions_edit, whose import adds `update` and `add` to the actions
# sub-app.
_REGISTERED = """\
lint        lint          lint
actions     actions_edit  actions_app
benchmark   benchmark     benchmark
attendance  attendance    attendance
render      render        render_app
new         new           new_app
schema      schema        schema
import      imports       import_app
capacity    capacity      capacity
digest      digest        digest
calendar    calendar      calendar
site        site          site
export      export        export_app
"""
COMMANDS: dict[str, tuple[str, str]] = {
    name: (f"fostlog.cli.{module}", attribute)
    for name, module, attribute in map(str.split, _REGISTERED.splitlines())}

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


def _command_named(name: str) -> Any:
    """The click command for COMMANDS[name], made the way typer makes a registered one."""
    module, attribute = COMMANDS[name]
    target = getattr(importlib.import_module(module), attribute)
    holder = typer.Typer(rich_markup_mode=None, pretty_exceptions_enable=False,
                         add_completion=False)
    holder.callback()(_nothing)  # a group, even around a single command
    if isinstance(target, typer.Typer):
        holder.add_typer(target, name=name)
    else:
        holder.command(name)(target)
    return typer.main.get_command(holder).commands[name]  # type: ignore[attr-defined]


def _nothing() -> None:
    """The callback of the group _command_named builds and throws away."""


class _LazyCommands(MutableMapping[str, Any]):
    """The top-level commands by name, each made by `make` the first time it is looked up.
    Names and membership are known without importing anything (for --help's order, and
    "did you mean" on a mistyped command)."""

    def __init__(self, names: list[str], make: Callable[[str], Any]):
        self._names = list(names)
        self._make = make
        self._made: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._made:
            if name not in self._names:
                raise KeyError(name)
            self._made[name] = self._make(name)
        return self._made[name]

    def __setitem__(self, name: str, command: Any) -> None:
        if name not in self._names:
            self._names.append(name)
        self._made[name] = command

    def __delitem__(self, name: str) -> None:
        self._names.remove(name)
        self._made.pop(name, None)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._names))

    def __len__(self) -> int:
        return len(self._names)


class FostlogGroup(SuggestingGroup):
    """The top-level command: its commands in COMMAND_ORDER, made only when looked up,
    metavars in words."""

    def __init__(self, **attrs: Any):
        super().__init__(**attrs)
        registered = dict(self.commands)  # any added to `app` directly come after COMMANDS
        self.commands = _LazyCommands([*COMMANDS, *registered], _command_named)
        for name, command in registered.items():
            self.commands[name] = command

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
        os.environ["FOSTLOG_NO_CACHE"] = "1"  # read by fostlog.files.cache, in this process only



def _say_when_interrupted() -> None:
    """Ctrl-C answered in words: Click turns KeyboardInterrupt into a silent exit 130, so
    the words are said as the signal arrives. An edit's files are all written or none
    (safewrite.write_all holds the signal back while it puts them in place)."""
    import signal

    def interrupted(number: int, frame: object) -> None:
        sys.stderr.write("\nfostlog: interrupted (Ctrl-C); a change of the data was either "
                         "made in full or not at all.\n")
        signal.signal(signal.SIGINT, signal.default_int_handler)
        raise KeyboardInterrupt

    with contextlib.suppress(ValueError):  # not the main thread
        signal.signal(signal.SIGINT, interrupted)


def main() -> None:
    """Console-script entry point: never shows a traceback to the user."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal or PYTHONIOENCODING that cannot encode a name in the data (ascii,
        # latin-1) gets it escaped (\xe9) rather than an internal error.
        if hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")
    _say_when_interrupted()
    try:
        app()
    except SystemExit:
        raise
    except KeyboardInterrupt:
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
