"""fostlog actions: the action register (list and show; update and add live in actions_edit)."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from fostlog.cli.common import (
    NEEDS_ACTIONS,
    AsOfOption,
    AuthorityOption,
    DataOption,
    FormatOption,
    StatusOption,
    authority_id,
    data_dir_of,
    date_value,
    fail,
    load_for_query,
    owner_match,
    today,
    write_output,
)
from fostlog.render.tables import Column, OutputFormat, Record, Table
from fostlog.vocabulary import ACTION_ID_PATTERN, ActionSort

if TYPE_CHECKING:
    from fostlog.repository import Repository


class ActionsGroup(TyperGroup):
    """Lets `fostlog actions 47` mean `fostlog actions show 47`."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and ACTION_ID_PATTERN.match(args[0]):
            args = ["show", *args]
        return super().resolve_command(ctx, args)


actions_app = typer.Typer(
    cls=ActionsGroup,
    invoke_without_command=True,
    rich_markup_mode=None,
)


ACTION_COLUMNS = [
    Column("id", "No.", lambda r: r.id),
    Column("text", "Action", lambda r: r.text, wrap=50),
    Column("responsible", "Responsible", lambda r: r.responsible),
    Column("owner_names", "Owners", lambda r: r.owner_names, wrap=24),
    Column("raised", "Raised", lambda r: r.raised),
    Column("status", "Status", lambda r: r.status),
    Column("recorded", "As recorded", lambda r: r.recorded, wrap=24),
    Column("last_update", "Last update", lambda r: r.last_update),
    Column("age_days", "Age (days)", lambda r: r.age_days, numeric=True),
]


@actions_app.callback()
def list_actions(
    ctx: typer.Context,
    data: DataOption = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only actions still open or in progress.")
    ] = False,
    status: StatusOption = None,
    owner: Annotated[
        str | None,
        typer.Option(
            "--owner",
            help="Only this owner's actions: initials (RE), a name, All (actions for the "
            "whole group), or an LA (Kent: actions the LA owns or anyone from it owns).",
        ),
    ] = None,
    authority: AuthorityOption = None,
    raised_since: Annotated[
        date | None,
        typer.Option("--raised-since", parser=date_value, metavar="DATE",
                     help="Only actions raised on or after DATE.", show_default=False),
    ] = None,
    as_of: AsOfOption = None,
    stale: Annotated[
        int | None,
        typer.Option(
            "--stale", min=0, help="Open actions whose status has not changed for DAYS days."
        ),
    ] = None,
    sort: Annotated[ActionSort, typer.Option("--sort", help="Order of the rows.")] = (
        ActionSort.id
    ),
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """The action register: which actions are open, whose they are, how long open.

    Lists the register, filtered and sorted; 'fostlog actions 47' tells one action's story.

    Filters combine: every one given must hold. --authority LA keeps the actions owned by
    the LA or by anyone who counts for it (its people, or an organisation acting for it).
    An action nobody has reported on since it was raised counts as open. With --as-of the
    register is shown as it stood that day, and ages count to it. Dates are YYYY-MM-DD.

    Examples:

    \b
        fostlog actions --open
        fostlog actions --owner RE --sort age
        fostlog actions --owner Kent --status complete
        fostlog actions --authority "West Sussex" --status done --format csv
        fostlog actions --as-of 2022-01-20 --open
        fostlog actions --stale 180
        fostlog actions show 47    (or simply: fostlog actions 47)
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"data": data}
        return
    from fostlog.queries.actions import ActionFilter, action_rows

    when = as_of or today()
    repo = load_for_query(data, NEEDS_ACTIONS)
    wanted = ActionFilter(
        open_only=open_only,
        status=status.status if status else None,
        owner=owner_match(repo, owner) if owner is not None else None,
        authority=authority_id(repo, authority) if authority is not None else None,
        raised_since=raised_since,
        stale_days=stale,
    )
    rows = action_rows(repo, wanted, when, sort)
    write_output(Table(rows, ACTION_COLUMNS, title=f"Actions as of {when.isoformat()}"),
                 output_format)
    if not rows:
        sys.stderr.write("No actions match.\n")


def no_such_action(repo: Repository, action_id: str) -> typer.Exit:
    from fostlog.domain import suggest
    from fostlog.kinds import BY_NAME

    close = suggest(action_id, [a.id for a in repo.actions])
    return fail(
        f"there is no action {action_id} in {repo.file_for(BY_NAME['actions'].pattern)}.",
        (f"Did you mean {close}? " if close else "")
        + "Run 'fostlog actions' to see the numbers.",
    )


# An action's story: the register's columns (over the story's row), then what only the
# story has. JSON keeps these keys in this order, with the history under "history".
STORY_FIELDS = [
    *(column.of(lambda story: story.row) for column in ACTION_COLUMNS),
    Column("meeting", "Raised at", lambda s: s.meeting),
    Column("note", "Note", lambda s: s.note, wrap=72),
]
HISTORY_COLUMNS = [
    Column("as_of", "Date", lambda o: o.as_of),
    Column("status", "Status", lambda o: o.status),
    Column("recorded", "As recorded", lambda o: o.recorded),
    Column("note", "Note", lambda o: o.note),
    Column("source", "Source", lambda o: o.source),
    Column("meeting", "Meeting", lambda o: o.meeting),
]


@actions_app.command("show")
def show_action(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(help="The action's number, e.g. 47.")],
    data: DataOption = None,
    output_format: FormatOption = OutputFormat.table,
) -> None:
    """One action's whole story: text, owners, and every dated observation.

    Examples:

    \b
        fostlog actions show 47
        fostlog actions show 2021-07-19/3 --format json
    """
    from fostlog.queries.actions import action_story

    repo = load_for_query(data_dir_of(ctx, data), NEEDS_ACTIONS)
    story = action_story(repo, action_id.strip(), today())
    if story is None:
        raise no_such_action(repo, action_id)
    write_output(Record(story, STORY_FIELDS, title=f"Action {story.row.id}",
                        part=Table(story.history, HISTORY_COLUMNS, title="History"),
                        part_key="history"),
                 output_format)

