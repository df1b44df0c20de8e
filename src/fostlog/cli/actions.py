"""fostlog actions: the action register (list and show; update and add live in actions_edit)."""

from __future__ import annotations

import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fostlog.cli.common import (
    NEEDS_ACTIONS,
    AsOfOption,
    AuthorityOption,
    ColumnsOption,
    DataOption,
    FormatOption,
    StatusOption,
    View,
    WideOption,
    authority_id,
    data_dir_of,
    date_value,
    fail,
    load_to_answer,
    one_of,
    option,
    owner_match,
    today,
    whole_number,
    write_output,
)
from fostlog.cli.groups import SuggestingGroup
from fostlog.core.vocabulary import ACTION_ID_PATTERN, NO_OWNER, ActionSort
from fostlog.render.output import Format
from fostlog.render.tables import Column, Record, Table, keeping

if TYPE_CHECKING:
    from fostlog.core.repository import Repository


class ActionsGroup(SuggestingGroup):
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


# On a narrow terminal the columns with the highest priority number are left out first:
# the Responsible column as written (Owners says who), then the log's wording, the due
# date, the date raised (the age says how long), the owners and the last report. What a
# question is about is never left out (_ASKED); an overdue row says so under its status.
ACTION_COLUMNS = [
    Column("id", "No.", lambda r: r.id),
    Column("text", "Action", lambda r: r.text, wrap=50, least=30, lines=4),
    Column("responsible", "Responsible", lambda r: r.responsible, priority=6,
           brief=lambda text: text or NO_OWNER),
    Column("owner_names", "Owners", lambda r: r.owner_names, wrap=24, priority=2,
           brief=lambda names: ", ".join(names) or NO_OWNER),
    Column("raised", "Raised", lambda r: r.raised, priority=3),
    Column("status", "Status", lambda r: r.status,
           mark=lambda r: "overdue" if r.overdue else ""),
    Column("recorded", "As recorded", lambda r: r.recorded, wrap=24, least=16, priority=5),
    Column("last_update", "Last report", lambda r: r.last_update, priority=1,
           reason=lambda r: "never"),
    Column("due", "Due", lambda r: r.due, priority=4),
    Column("age_days", "Age (days)", lambda r: r.age_days, numeric=True),
]
# In JSON and CSV only (a table has no room): the precision of `raised`, the due date's
# wording, and whether the action is overdue.
DETAIL_COLUMNS = [
    Column("raised_precision", "Raised to the", lambda r: r.raised_precision),
    Column("due_as_written", "Due (as written)", lambda r: r.due_as_written),
    Column("overdue", "Overdue", lambda r: r.overdue),
    Column("ambiguous", "Status is a reading", lambda r: r.ambiguous),
]


@actions_app.callback()
def list_actions(
    ctx: typer.Context,
    data: DataOption = None,
    open_only: Annotated[
        bool, typer.Option("--open", help="Only actions still open or in progress.")
    ] = False,
    status: StatusOption = None,
    owner: Annotated[str | None, option(
        "--owner", metavar="NAME",
        help="Only this owner's actions: initials (RE), a name, All (actions for the whole "
        "group), or an LA (Kent: actions the LA owns or anyone from it owns).")] = None,
    authority: AuthorityOption = None,
    raised_since: Annotated[date | None, option(
        "--raised-since", parser=date_value, metavar="DATE",
        help="Only actions raised on or after DATE.")] = None,
    as_of: AsOfOption = None,
    stale: Annotated[int | None, option(
        "--stale", parser=whole_number("--stale", 180), metavar="DAYS",
        help="Open actions whose status has not changed for DAYS days.")] = None,
    overdue: Annotated[
        bool, typer.Option("--overdue", help="Only open actions whose due date has passed.")
    ] = False,
    due_before: Annotated[date | None, option(
        "--due-before", parser=date_value, metavar="DATE",
        help="Only actions due before DATE.")] = None,
    sort: Annotated[ActionSort, typer.Option(
        "--sort", metavar="ORDER", parser=one_of([s.value for s in ActionSort], ActionSort),
        help=f"Order of the rows: {', '.join(s.value for s in ActionSort)}.")] = ActionSort.id,
    output_format: FormatOption = Format.table,
    wide: WideOption = False,
    columns: ColumnsOption = None,
) -> None:
    """The action register: which actions are open, whose they are, how long open.

    Lists the register, filtered and sorted; 'fostlog actions 47' tells one action's story.

    Filters combine: every one given must hold. --authority LA keeps the actions owned by
    the LA or by anyone who counts for it (its people, or an organisation acting for it).
    An action nobody has reported on since it was raised counts as open. With --as-of the
    register is shown as it stood that day, and ages count to it; an action the log dates
    only to a month (Raised 2023-07) appears once its month is over, or once its meeting
    was held. Due dates are the minutes' ("at the next meeting" becomes that meeting's
    date once it is known); --overdue lists the open actions past theirs. Dates are
    YYYY-MM-DD.

    Examples:

    \b
        fostlog actions --open
        fostlog actions --owner RE --sort age
        fostlog actions --owner Kent --status complete
        fostlog actions --authority "West Sussex" --status done --format csv
        fostlog actions --as-of 2022-01-20 --open
        fostlog actions --stale 180
        fostlog actions --overdue --as-of 2022-06-01
        fostlog actions --due-before 2022-12-31 --sort due
        fostlog actions show 47    (or simply: fostlog actions 47)
    """
    if ctx.invoked_subcommand is not None:
        ctx.obj = {"data": data}
        return
    from fostlog.queries.actions import ActionFilter, action_rows

    when = as_of or today()
    repo = load_to_answer(data, NEEDS_ACTIONS)
    wanted = ActionFilter(
        open_only=open_only,
        status=status.status if status else None,
        owner=owner_match(repo, owner) if owner is not None else None,
        authority=authority_id(repo, authority) if authority is not None else None,
        raised_since=raised_since,
        stale_days=stale,
        overdue=overdue,
        due_before=due_before,
    )
    rows = action_rows(repo, wanted, when, sort)
    shown = keeping(ACTION_COLUMNS, _asked(sort, overdue, due_before, stale))
    if output_format in (Format.json, Format.csv):
        shown = [*ACTION_COLUMNS, *DETAIL_COLUMNS]
    filters = _filters_given(ctx)
    empty = (f"No action matches {' '.join(filters)} as of {when.isoformat()}."
             if filters else f"The register has no actions as of {when.isoformat()}.")
    write_output(Table(rows, shown, title=f"Actions as of {when.isoformat()}", empty=empty,
                       whole="'fostlog actions NUMBER' shows one action whole"),
                 output_format, View(wide, columns))
    if not rows and output_format in (Format.csv, Format.json):
        from fostlog.core.escape import plain_text

        sys.stderr.write(plain_text(empty) + "\n")  # it quotes what was typed


# The column each --sort order sorts by.
_SORTED_BY = {ActionSort.id: "id", ActionSort.raised: "raised", ActionSort.due: "due",
              ActionSort.age: "age_days", ActionSort.owner: "owner_names",
              ActionSort.status: "status"}


def _asked(sort: ActionSort, overdue: bool, due_before: date | None,
           stale: int | None) -> list[str]:
    """The columns a question is about, which a narrow table keeps: the one sorted by,
    the due date of --overdue and --due-before, the last report of --stale."""
    asked = [_SORTED_BY[sort]] if sort is not ActionSort.id else []
    if overdue or due_before is not None:
        asked.append("due")
    if stale is not None:
        asked.append("last_update")
    return asked


_FILTERS = ("open_only", "status", "owner", "authority", "raised_since", "stale", "overdue",
            "due_before")


def _filters_given(ctx: typer.Context) -> list[str]:
    """The filters on the command line, as typed (--open --owner RE), to say what an empty
    answer means."""
    found = []
    for param in ctx.command.params:
        value = ctx.params.get(param.name or "")
        if param.name in _FILTERS and value not in (None, False):
            option = max(param.opts, key=len) if param.opts else param.name
            shown = getattr(value, "typed", value)
            shown = shown.isoformat() if isinstance(shown, date) else shown
            found.append(option if value is True else f"{option} {shown}")
    return found


def no_such_action(repo: Repository, action_id: str) -> typer.Exit:
    """Not found (exit 1), with the nearest numbers the register has."""
    from fostlog.core.kinds import BY_NAME
    from fostlog.domain import nearest_action_ids

    near = nearest_action_ids(action_id, [a.id for a in repo.actions])
    return fail(
        f"there is no action {action_id} in {repo.file_for(BY_NAME['actions'].pattern)}.",
        (f"Did you mean {' or '.join(near)}? " if near else "")
        + "Run 'fostlog actions' to see the numbers.",
    )


# An action's story: the register's columns (over the story's row), then what only the
# story has. JSON keeps these keys in this order, with the history under "history".
STORY_FIELDS = [
    *(column.of(lambda story: story.row) for column in ACTION_COLUMNS),
    *(column.of(lambda story: story.row) for column in DETAIL_COLUMNS),
    Column("meeting", "Raised at", lambda s: s.meeting),
    Column("wordings", "Other wordings", lambda s: s.wordings, wrap=72,
           text=lambda ws: "; ".join(f"{w.as_of.isoformat()}: {w.text}" for w in ws)),
    Column("named", "Also named", lambda s: s.named, wrap=72,
           text=lambda ns: "; ".join(f"{n.name} ({n.role})" for n in ns)),
    Column("note", "Note", lambda s: s.note, wrap=72),
]
HISTORY_COLUMNS = [
    Column("as_of", "Date", lambda o: o.as_of),
    Column("status", "Status", lambda o: o.status),
    Column("recorded", "As recorded", lambda o: o.recorded, wrap=24, priority=3),
    Column("note", "Note", lambda o: o.note, wrap=60, least=20, priority=1),
    Column("source", "Source", lambda o: o.source, priority=4),
    Column("meeting", "Meeting", lambda o: o.meeting, priority=2),
]


@actions_app.command("show")
def show_action(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(help="The action's number, e.g. 47.")],
    data: DataOption = None,
    output_format: FormatOption = Format.table,
) -> None:
    """One action's whole story: text, owners, and every dated observation.

    Examples:

    \b
        fostlog actions show 47
        fostlog actions show 2021-07-19/3 --format json
    """
    from fostlog.queries.actions import action_story

    repo = load_to_answer(data_dir_of(ctx, data), NEEDS_ACTIONS)
    story = action_story(repo, action_id.strip(), today())
    if story is None:
        raise no_such_action(repo, action_id)
    write_output(Record(story, STORY_FIELDS, title=f"Action {story.row.id}",
                        part=Table(story.history, HISTORY_COLUMNS, title="History"),
                        part_key="history"),
                 output_format)

