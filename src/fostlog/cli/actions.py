"""fostlog actions: the action register (list and show; update and add live in actions_edit)."""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
from typer.core import TyperGroup

from fostlog.cli.common import (
    NEEDS_ACTIONS,
    DataOption,
    FormatOption,
    data_dir_of,
    fail,
    fail_usage,
    load_for_query,
    parse_date,
    today,
)
from fostlog.render.tables import Column, OutputFormat, emit
from fostlog.vocabulary import ActionSort, Status

if TYPE_CHECKING:
    from fostlog.queries.actions import ActionFilter
    from fostlog.repository import Repository

class ActionsGroup(TyperGroup):
    """Lets `fostlog actions 47` mean `fostlog actions show 47`."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        if args and args[0] not in self.commands and ACTION_ID.match(args[0]):
            args = ["show", *args]
        return super().resolve_command(ctx, args)


ACTION_ID = re.compile(r"^(\d+|\d{4}-\d{2}-\d{2}/\d+)$")

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


def _owner_filter(repo: Repository, owner: str) -> dict[str, object]:
    from fostlog import domain

    if owner.strip().lower() == "all":
        return {"whole_group": True}
    people = domain.find_people(owner, repo)
    unresolved = {u.upper() for a in repo.actions for u in a.unresolved_owners}
    if not people and owner.strip().upper() not in unresolved:
        raise fail_usage(
            f"nobody in people.yaml matches --owner '{owner}'. Give initials as the logs "
            "write them (e.g. RE) or a name (e.g. 'Rebecca Eligon')."
        )
    return {"owner_people": frozenset(people), "owner_initials": owner.strip()}


def _authority_filter(repo: Repository, authority: str) -> str:
    from fostlog import domain

    found = domain.find_authority(authority, repo)
    if found is None:
        raise fail_usage(
            f"'{authority}' is not an LA in authorities.yaml (try its name, e.g. 'West Sussex', "
            "or an alias such as 'W Sussex')."
        )
    return found


@actions_app.callback()
def list_actions(
    ctx: typer.Context,
    data: DataOption = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only actions still open or in progress.")
    ] = False,
    status: Annotated[
        Status | None, typer.Option("--status", help="Only actions with this status.")
    ] = None,
    owner: Annotated[
        str | None,
        typer.Option("--owner", help="Only this owner's actions: initials (RE), a name, or All."),
    ] = None,
    authority: Annotated[
        str | None,
        typer.Option("--authority", help="Only actions owned by people from this LA."),
    ] = None,
    raised_since: Annotated[
        str | None, typer.Option("--raised-since", help="Only actions raised on or after DATE.")
    ] = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="The register as it stood on DATE (YYYY-MM-DD); ages count to it. "
            "Default: today.",
        ),
    ] = None,
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

    Filters combine: every one given must hold. An action nobody has reported on since
    it was raised counts as open. Dates are YYYY-MM-DD.

    Examples:

    \b
        fostlog actions --open
        fostlog actions --owner RE --sort age
        fostlog actions --authority "West Sussex" --status done --format csv
        fostlog actions --as-of 2022-01-20 --open
        fostlog actions --stale 180
        fostlog actions show 47    (or simply: fostlog actions 47)
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"data": data}
        return
    from fostlog.queries.actions import ActionFilter, action_rows

    when = parse_date(as_of, "--as-of") or today()
    since = parse_date(raised_since, "--raised-since")
    repo = load_for_query(data, NEEDS_ACTIONS)
    options: dict[str, object] = {
        "open_only": open_only,
        "status": status,
        "raised_since": since,
        "stale_days": stale,
    }
    if owner is not None:
        options.update(_owner_filter(repo, owner))
    if authority is not None:
        options["authority"] = _authority_filter(repo, authority)
    wanted: ActionFilter = ActionFilter(**options)  # type: ignore[arg-type]
    rows = action_rows(repo, wanted, when, sort)
    emit(rows, ACTION_COLUMNS, output_format, title=f"Actions as of {when.isoformat()}")
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


STORY_COLUMNS = [
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
    import json

    from fostlog.queries.actions import action_story
    from fostlog.render.tables import json_value

    repo = load_for_query(data_dir_of(ctx, data), NEEDS_ACTIONS)
    story = action_story(repo, action_id.strip(), today())
    if story is None:
        raise no_such_action(repo, action_id)
    row = story.row
    if output_format is OutputFormat.json:
        detail = {c.key: json_value(c.get(row)) for c in ACTION_COLUMNS}
        detail["meeting"] = json_value(story.meeting)
        detail["note"] = story.note
        detail["history"] = [
            {c.key: json_value(c.get(o)) for c in STORY_COLUMNS} for o in story.history
        ]
        sys.stdout.write(json.dumps(detail, indent=2, ensure_ascii=False) + "\n")
        return
    header = [
        f"Action {row.id}: {row.text}",
        f"Responsible: {row.responsible or '-'} ({', '.join(row.owner_names) or 'no owner named'})",
        f"Raised: {row.issued}"
        + (f" at the {story.meeting.isoformat()} meeting" if story.meeting else ""),
        f"Status now: {row.status.value}"
        + (f" (recorded '{row.recorded}')" if row.recorded else " (no update since raised)"),
    ]
    if story.note:
        header.append(f"Note: {story.note}")
    sys.stdout.write("\n".join(header) + "\n\n")
    emit(story.history, STORY_COLUMNS, output_format, title="History")
