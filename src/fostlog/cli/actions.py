"""fostlog actions: the action register (list, show; update and add live in actions_edit)."""

from __future__ import annotations

import typer

actions_app = typer.Typer(
    help="The action register: which actions are open, whose they are, how old.",
    invoke_without_command=True,
    no_args_is_help=False,
    rich_markup_mode=None,
)


@actions_app.callback()
def list_actions(ctx: typer.Context) -> None:
    """List actions (filled in by the queries work)."""
    if ctx.invoked_subcommand is not None:
        return
