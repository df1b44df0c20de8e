"""The command reference, made from the command line itself when the docs are built, so
it cannot drift from it (as sqlite-utils makes its CLI reference with cog).

docs/commands.md holds the marker COMMANDS_MARKER; mkdocs calls `on_page_markdown` (this
file is a hook in mkdocs.yml) and the marker becomes every command's `--help`, in the
order `fostlog --help` lists them. tests/test_examples.py runs every example these texts
give."""

from __future__ import annotations

from typing import Any

COMMANDS_MARKER = "<!-- commands: made from each command's --help by docs/hooks/commands.py -->"
WIDTH = 88  # the help is wrapped as on a terminal of this width


def command_paths() -> list[list[str]]:
    """Every command and group, as the words after `fostlog`, in --help's order."""
    import typer.main

    from fostlog.cli import app

    def walk(command: Any, ctx: Any, path: list[str]) -> list[list[str]]:
        found = [path]
        if hasattr(command, "list_commands"):
            for name in command.list_commands(ctx):
                sub = command.get_command(ctx, name)
                if sub is not None and not getattr(sub, "hidden", False):
                    found += walk(sub, ctx, [*path, name])
        return found

    import click

    root = typer.main.get_command(app)
    with click.Context(root) as ctx:
        return walk(root, ctx, [])


def help_text(path: list[str]) -> str:
    """`fostlog PATH --help` as a terminal WIDTH columns wide shows it."""
    from typer.testing import CliRunner

    from fostlog.cli import app

    result = CliRunner().invoke(app, [*path, "--help"],
                                env={"COLUMNS": str(WIDTH), "NO_COLOR": "1", "TERM": "dumb"})
    if result.exit_code != 0:
        raise RuntimeError(f"fostlog {' '.join(path)} --help failed: {result.output}")
    return result.stdout


def reference() -> str:
    """Markdown: a section per command, its --help in a code block."""
    parts = []
    for path in command_paths():
        name = " ".join(["fostlog", *path])
        level = "##" if len(path) <= 1 else "###"
        parts.append(f"{level} `{name}`\n\n```text\n{help_text(path).rstrip()}\n```\n")
    return "\n".join(parts)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if COMMANDS_MARKER in markdown:
        return markdown.replace(COMMANDS_MARKER, reference())
    return markdown
