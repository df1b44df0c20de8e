"""fostlog actions update / add: edit the action register in place, safely.

Registered on the `actions` group by importing this module (see cli/__init__.py). The
edit itself is fostlog.edits.actions (a Change), made by fostlog.edits.change.apply.
"""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from fostlog.cli.actions import actions_app, no_such_action
from fostlog.cli.common import (
    NEEDS_REGISTER,
    STATUS_HELP,
    DataOption,
    StatusWord,
    check_data_dir,
    data_dir_of,
    date_value,
    default_data_dir,
    fail,
    fail_usage,
    hold_edit_lock,
    load_checked,
    option,
    print_diagnostics_to_stderr,
    status_value,
    today,
)
from fostlog.core.dates import DayOrMonth
from fostlog.core.diagnostics import Diagnostic

if TYPE_CHECKING:
    from collections.abc import Callable

    from fostlog.core.repository import Repository
    from fostlog.edits.change import Change

DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Show the lines that would be added; change nothing."),
]


def _data_root(ctx: typer.Context, data: Path | None, edit: bool) -> Path:
    """The data folder; for an edit (not a dry run), locked until the command ends."""
    root = default_data_dir(data_dir_of(ctx, data))
    check_data_dir(root)
    if edit:
        hold_edit_lock(ctx, root)
    return root


def _change(make: Callable[..., Change], *args: Any, **kwargs: Any) -> Change:
    """The change `make` builds; a refusal said as the command's (exit 1, or 2 for a
    request that is itself wrong)."""
    from fostlog.edits.yamltext import EditRefused

    try:
        return make(*args, **kwargs)
    except EditRefused as refused:
        raise fail(refused.message, refused.hint, code=2 if refused.usage else 1) from None


def _save(root: Path, change: Change, dry_run: bool, before: list[Diagnostic]) -> None:
    """Make the change (edits.change.apply), or show it as a diff on a dry run; a
    refusal or a failure said plainly, naming the files left unchanged."""
    from fostlog.edits.change import AddsErrors, apply
    from fostlog.files.safewrite import ChangedMeanwhile, NotUndone, UnsafeTarget

    paths = [root / relative for relative in change.texts]
    if dry_run:
        sys.stdout.write(change.diff({r: str(root / r) for r in change.texts}))
        return
    unchanged = " and ".join(str(path) for path in paths)
    try:
        apply(root, change, before)
    except AddsErrors as adds:
        print_diagnostics_to_stderr(adds.added)
        raise fail(
            f"the change would add {len(adds.added)} error(s) to the data (above), so "
            f"{unchanged} {'has' if len(paths) == 1 else 'have'} not been changed."
        ) from None
    except NotUndone as error:
        raise fail(str(error), "Run 'fostlog lint' to see what to put right by hand.") from None
    except OSError as error:
        # A link, a special file or someone else's save already says what to do.
        refused = isinstance(error, (UnsafeTarget, ChangedMeanwhile))
        raise fail(
            f"{error.filename or paths[0]} could not be written ({error.strerror or error}); "
            f"{unchanged} {'is' if len(paths) == 1 else 'are'} unchanged.",
            "" if refused else "Check that the folder exists and that you may write to it.",
        ) from None


def day_or_month_value(text: str) -> DayOrMonth:
    """The parser of --date and --meeting: YYYY-MM-DD or YYYY-MM; else bad usage."""
    try:
        return DayOrMonth.parse(text)
    except ValueError:
        raise typer.BadParameter(
            f"a date written YYYY-MM-DD (2025-09-17), or YYYY-MM for a month (2025-09), "
            f"is wanted, not '{text}'."
        ) from None


@actions_app.command("update")
def update_action(
    ctx: typer.Context,
    action_id: Annotated[str, typer.Argument(help="The action's number, e.g. 47.")],
    status: Annotated[
        StatusWord,
        typer.Option(
            "--status",
            parser=status_value,
            metavar="STATUS",
            help=f"The new status. {STATUS_HELP} A wording of the logs (complete) is kept "
            "as the recorded wording.",
        ),
    ],
    note: Annotated[str | None, typer.Option(
        "--note", help="What the log's update says, in words.")] = None,
    when: Annotated[DayOrMonth | None, option(
        "--date", parser=day_or_month_value, metavar="DATE",
        help="The date of the update, YYYY-MM-DD, or YYYY-MM when the log gives only the "
        "month (default: today).")] = None,
    recorded: Annotated[str | None, typer.Option(
        "--recorded", help="The status as the log writes it, e.g. 'Ongoing'.")] = None,
    source: Annotated[str | None, typer.Option(
        "--source", help="Where the update comes from: the minutes' file in minutes/, or in "
        "words ('email from RE').")] = None,
    same_day: Annotated[bool, typer.Option(
        "--same-day", help="Add the update even though the action already has one dated that "
        "day (it goes after it, so it is the later of the two).")] = False,
    data: DataOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a new status for an action: adds one dated entry to its history.

    Everything else in actions.yaml stays exactly as it was: comments, order, quoting,
    blank lines. Nothing is written if the change would add an error to the data, nor
    when the action already has an entry that day (unless --same-day says to add it).

    Examples:

    \b
        fostlog actions update 47 --status done --date 2026-05-12
        fostlog actions update 46 --status ongoing --note "Raised at the DCS group"
        fostlog actions update 42 --status dropped --recorded "No longer relevant"
        fostlog actions update 46 --status open --date 2026-04 --source "action log, Apr 2026"
        fostlog actions update 47 --status done --dry-run
    """
    from fostlog.edits.actions import ACTIONS, update_action

    root = _data_root(ctx, data, edit=not dry_run)
    action_id = action_id.strip()
    if recorded is None:
        recorded = status.wording  # keep the wording typed, as the logs keep theirs
    if source is not None and not source.strip():
        raise fail_usage("--source is empty: say where the update comes from, or leave it out.")
    repo, found = load_checked(root, NEEDS_REGISTER)
    if repo.action(action_id) is None:
        raise no_such_action(repo, action_id)
    change = _change(update_action, repo, root, action_id, status.status,
                     when or DayOrMonth.of(today()), recorded=recorded, note=note,
                     source=source, same_day=same_day)
    written_to = repo.file_for(ACTIONS)
    del repo  # checking the edit loads the folder again: one copy held at a time
    _save(root, change, dry_run, found)
    if not dry_run:
        sys.stderr.write(f"{change.said}, written to {written_to} at line "
                         f"{change.lines[ACTIONS]}.\n")


@actions_app.command("add")
def add_action(
    ctx: typer.Context,
    text: Annotated[str, typer.Option("--text", help="The action, as the minutes word it.")],
    owner: Annotated[list[str], typer.Option(
        "--owner", help="Who is responsible: initials (MC), a name, an LA, or All. Repeat for "
        "more.")],
    raised: Annotated[date | None, option(
        "--raised", parser=date_value, metavar="DATE",
        help="The date it was raised, YYYY-MM-DD (default: the meeting's date with "
        "--meeting, else today).")] = None,
    responsible: Annotated[str | None, typer.Option(
        "--responsible",
        help="The Responsible column as the log writes it (default: the owners as typed).")
    ] = None,
    meeting: Annotated[DayOrMonth | None, option(
        "--meeting", parser=day_or_month_value, metavar="DATE",
        help="The meeting that raised it, YYYY-MM-DD (YYYY-MM for a meeting known only by "
        "its month). The action is also listed in that meeting's file.")] = None,
    data: DataOption = None,
    dry_run: DryRunOption = False,
    again: Annotated[bool, typer.Option(
        "--again", help="Add it even though the same meeting already raised an action with "
        "the same or nearly the same text.")] = False,
) -> None:
    """Add an action to the register with the next free number, and print the number.

    The number is the next after the highest numbered action. Everything already in
    actions.yaml stays exactly as it was; nothing is written if the new action would add
    an error to the data. With --meeting the action is also added to that meeting's
    actions_raised, and both files are written or neither. A meeting without minutes
    (meetings-without-minutes.yaml) has no file: the action is then recorded in
    actions.yaml only, raised on that meeting's day or in its month. An action the same
    meeting (or day) already raised, in nearly the same words, is refused (exit 1) as
    typed twice: --again adds it all the same. In the same words it is one action, and
    is refused even with --again.

    Examples:

    \b
        fostlog actions add --text "MC to share the OOH rota" --owner MC --raised 2025-07-07
        fostlog actions add --text "RE to convene a design meeting" --owner RE --meeting 2025-07-07
        fostlog actions add --text "PH to share the police protocol" --owner PH --meeting 2024-10
        fostlog actions add --text "All to send carer numbers to RE" --owner All --dry-run
    """
    from fostlog.edits.actions import ACTIONS, add_action

    root = _data_root(ctx, data, edit=not dry_run)
    if not text.strip():
        raise fail("--text is empty: say what the action is.")
    repo, found = load_checked(root, NEEDS_REGISTER)
    change = _change(add_action, repo, root, text, owner, today=today(), raised=raised,
                     responsible=responsible, meeting=meeting, again=again)
    new_id = change.said
    _save(root, change, dry_run, found)
    if meeting is not None and len(change.texts) == 1:
        _say_not_listed(repo, meeting)
    if not dry_run:
        sys.stdout.write(new_id + "\n")
        also = ""
        for relative in list(change.texts)[1:]:
            also = (f", and to actions_raised in {repo.file_for(relative)} at line "
                    f"{change.lines[relative]}")
        sys.stderr.write(f"Added action {new_id} to {repo.file_for(ACTIONS)} at line "
                         f"{change.lines[ACTIONS]}{also}.\n")


def _say_not_listed(repo: Repository, meeting: DayOrMonth) -> None:
    """An action raised at a meeting that has no file is in the register only: say so."""
    from fostlog.domain.meetings import occasion_named
    from fostlog.edits.actions import ACTIONS
    from fostlog.render.outline import when_text

    held = occasion_named(repo, meeting)
    assert held is not None
    sys.stderr.write(
        f"The meeting of {when_text(held.when)} has no minutes on file (it is in "
        "meetings-without-minutes.yaml), so no meeting file lists the action: it is "
        f"recorded in {repo.file_for(ACTIONS)} only, raised {held.when}, as "
        "that meeting was.\n"
    )
