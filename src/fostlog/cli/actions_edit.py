"""fostlog actions update / add: edit the action register in place, safely.

Registered on the `actions` group by importing this module (see cli/__init__.py). The
edit itself is fostlog.edit: new lines spliced in, checked, then written atomically.
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
    load_for_query,
    owner_match,
    print_diagnostics_to_stderr,
    status_value,
    today,
)

if TYPE_CHECKING:
    from fostlog.edit import Edited
    from fostlog.repository import Repository


def _actions_file() -> str:
    from fostlog.kinds import BY_NAME

    return BY_NAME["actions"].pattern


DryRunOption = Annotated[
    bool,
    typer.Option("--dry-run", help="Show the lines that would be added; change nothing."),
]


def _data_root(ctx: typer.Context, data: Path | None) -> Path:
    root = default_data_dir(data_dir_of(ctx, data))
    check_data_dir(root)
    return root


def _save(root: Path, old_text: str, edited: Edited, dry_run: bool) -> None:
    """Write the edit unless it would add a lint error (or this is a dry run)."""
    from fostlog.edit import diff, errors_added, write_atomic

    path = root / _actions_file()
    if dry_run:
        sys.stdout.write(diff(old_text, edited.text, str(path)))
        return
    added = errors_added(root, _actions_file(), edited.text)
    if added:
        print_diagnostics_to_stderr(added)
        raise fail(
            f"the change would add {len(added)} error(s) to the data (above), so "
            f"{path} has not been changed."
        )
    try:
        write_atomic(path, edited.text)
    except OSError as error:
        raise fail(
            f"{path} could not be written ({error.strerror or error}); it is unchanged.",
            "Check that the folder exists and that you may write to it.",
        ) from None


def _read(root: Path) -> str:
    path = root / _actions_file()
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"{path} cannot be read ({error}).", "Run 'fostlog lint' first.") from None


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
    note: Annotated[
        str | None, typer.Option("--note", help="What the log's update says, in words.")
    ] = None,
    when: Annotated[
        date | None,
        typer.Option("--date", parser=date_value, metavar="DATE", show_default=False,
                     help="The date of the update, YYYY-MM-DD (default: today)."),
    ] = None,
    recorded: Annotated[
        str | None,
        typer.Option("--recorded", help="The status as the log writes it, e.g. 'Ongoing'."),
    ] = None,
    data: DataOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a new status for an action: adds one dated entry to its history.

    Everything else in actions.yaml stays exactly as it was: comments, order, quoting,
    blank lines. Nothing is written if the change would add an error to the data.

    Examples:

    \b
        fostlog actions update 47 --status done --date 2025-10-14
        fostlog actions update 46 --status ongoing --note "Raised at the DCS group"
        fostlog actions update 42 --status dropped --recorded "No longer relevant"
        fostlog actions update 47 --status done --dry-run
    """
    from fostlog.edit import EditRefused, append_observation, observation_entry

    root = _data_root(ctx, data)
    action_id = action_id.strip()
    normal = status.status
    if recorded is None:
        recorded = status.wording  # keep the wording typed, as the logs keep theirs
    as_of = when or today()
    repo = load_for_query(root, NEEDS_REGISTER)
    if repo.action(action_id) is None:
        raise no_such_action(repo, action_id)
    text = _read(root)
    entry = observation_entry(as_of, normal, recorded, note)
    try:
        edited = append_observation(text, action_id, entry)
    except EditRefused as refused:
        raise fail(refused.message, refused.hint) from None
    _save(root, text, edited, dry_run)
    if not dry_run:
        wording = f' ("{recorded}")' if recorded else ""
        sys.stderr.write(
            f"Action {action_id}: {normal.value}{wording} as of {as_of.isoformat()}, written to "
            f"{repo.file_for(_actions_file())} at line {edited.first_line}.\n"
        )


def _owners(repo: Repository, typed: list[str]) -> dict[str, Any]:
    """--owner values -> owners (people), owner_authorities (LAs) and whole_group ('All'),
    each read as `actions --owner` reads it (domain.resolve_owner); a new action names
    one person per value, so a first name several people share is refused."""
    found: dict[str, Any] = {"owners": [], "owner_authorities": [], "whole_group": False}
    for text in typed:
        match = owner_match(repo, text)
        if len(match.people) > 1:
            names = ", ".join(f"{repo.people[p].name} ({p})" for p in sorted(match.people))
            raise fail_usage(f"--owner '{text}' could be any of: {names}. Give the person's "
                             "id or full name instead.")
        if match.people:
            found["owners"].extend(match.people)
        elif match.authorities:
            found["owner_authorities"].extend(sorted(match.authorities))
        elif match.whole_group:
            found["whole_group"] = True
        else:
            raise fail_usage(
                f"--owner '{text}': these initials are in the register only as initials "
                "nobody could resolve.",
                "Add the person to people.yaml first, then give their initials or name.",
            )
    return found


@actions_app.command("add")
def add_action(
    ctx: typer.Context,
    text: Annotated[str, typer.Option("--text", help="The action, as the minutes word it.")],
    owner: Annotated[
        list[str],
        typer.Option(
            "--owner",
            help="Who is responsible: initials (MC), a name, an LA, or All. Repeat for more.",
        ),
    ],
    raised: Annotated[
        date | None,
        typer.Option("--raised", parser=date_value, metavar="DATE", show_default=False,
                     help="The date it was raised, YYYY-MM-DD (default: today)."),
    ] = None,
    responsible: Annotated[
        str | None,
        typer.Option(
            "--responsible",
            help="The Responsible column as the log writes it (default: the owners as typed).",
        ),
    ] = None,
    meeting: Annotated[
        date | None,
        typer.Option("--meeting", parser=date_value, metavar="DATE", show_default=False,
                     help="The meeting that raised it, YYYY-MM-DD, if any."),
    ] = None,
    data: DataOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add an action to the register with the next free number, and print the number.

    The number is the next after the highest numbered action. Everything already in
    actions.yaml stays exactly as it was; nothing is written if the new action would add
    an error to the data (an unknown meeting, say).

    Examples:

    \b
        fostlog actions add --text "MC to share out of hours policy" --owner MC --raised 2025-07-07
        fostlog actions add --text "All to send carer numbers to RE" --owner All --dry-run
    """
    from fostlog.edit import EditRefused, append_action, next_action_id

    root = _data_root(ctx, data)
    if not text.strip():
        raise fail("--text is empty: say what the action is.")
    raised_on = raised or today()
    repo = load_for_query(root, NEEDS_REGISTER)
    owners = _owners(repo, owner)
    new_id = next_action_id(repo.actions)
    entry: dict[str, Any] = {
        "id": int(new_id),
        "text": " ".join(text.split()),
        "responsible": responsible or " ".join(o.strip() for o in owner),
    }
    for key in ("owners", "owner_authorities"):
        if owners[key]:
            entry[key] = owners[key]
    if owners["whole_group"]:
        entry["whole_group"] = True
    entry["raised"] = raised_on
    if meeting is not None:
        entry["meeting"] = meeting
    old_text = _read(root)
    try:
        edited = append_action(old_text, entry)
    except EditRefused as refused:
        raise fail(refused.message, refused.hint) from None
    _save(root, old_text, edited, dry_run)
    if not dry_run:
        sys.stdout.write(new_id + "\n")
        sys.stderr.write(
            f"Added action {new_id} to {repo.file_for(_actions_file())} at line "
            f"{edited.first_line}.\n"
        )
