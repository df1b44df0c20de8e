"""fostlog actions update / add: edit the action register in place, safely.

Registered on the `actions` group by importing this module (see cli/__init__.py). The
edit itself is fostlog.edits: new lines spliced in, checked, then written atomically.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
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
    load_for_edit,
    owner_match,
    print_diagnostics_to_stderr,
    status_value,
    today,
)
from fostlog.core.dates import DayOrMonth
from fostlog.core.diagnostics import Diagnostic

if TYPE_CHECKING:
    from fostlog.core.models import Action, Observation
    from fostlog.core.repository import Repository
    from fostlog.domain.meetings import Occasion
    from fostlog.edits import Edited


def _actions_file() -> str:
    from fostlog.core.kinds import BY_NAME

    return BY_NAME["actions"].pattern


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


@dataclass(frozen=True)
class Change:
    """One data file's edit: its name inside the data folder, its text before and after."""

    name: str
    old: str
    edited: Edited


def _save(root: Path, changes: Sequence[Change], dry_run: bool,
          before: list[Diagnostic]) -> None:
    """Write the edits, all or none, unless together they would add a lint error to
    `before`, what lint found (or this is a dry run, which shows them)."""
    from fostlog.edits import diff, errors_added, write_together
    from fostlog.files.safewrite import ChangedMeanwhile, NotUndone, UnsafeTarget

    paths = [root / change.name for change in changes]
    if dry_run:
        for path, change in zip(paths, changes, strict=True):
            sys.stdout.write(diff(change.old, change.edited.text, str(path)))
        return
    added = errors_added(root, {change.name: change.edited.text for change in changes},
                         before=before)
    unchanged = " and ".join(str(path) for path in paths)
    if added:
        print_diagnostics_to_stderr(added)
        raise fail(
            f"the change would add {len(added)} error(s) to the data (above), so "
            f"{unchanged} {'has' if len(paths) == 1 else 'have'} not been changed."
        )
    try:
        write_together([(path, change.old, change.edited.text)
                        for path, change in zip(paths, changes, strict=True)])
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


def _read(root: Path, name: str | None = None) -> str:
    from fostlog.files.safefiles import read_regular

    path = root / (name or _actions_file())
    try:
        return read_regular(str(path)).decode("utf-8")  # never a FIFO swapped in
    except (OSError, UnicodeDecodeError) as error:
        raise fail(f"{path} cannot be read ({error}).", "Run 'fostlog lint' first.") from None


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
    note: Annotated[
        str | None, typer.Option("--note", help="What the log's update says, in words.")
    ] = None,
    when: Annotated[
        DayOrMonth | None,
        typer.Option("--date", parser=day_or_month_value, metavar="DATE", show_default=False,
                     help="The date of the update, YYYY-MM-DD, or YYYY-MM when the log gives "
                     "only the month (default: today)."),
    ] = None,
    recorded: Annotated[
        str | None,
        typer.Option("--recorded", help="The status as the log writes it, e.g. 'Ongoing'."),
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", help="Where the update comes from: the minutes' file in "
                     "minutes/, or in words ('email from RE')."),
    ] = None,
    same_day: Annotated[
        bool,
        typer.Option("--same-day", help="Add the update even though the action already has "
                     "one dated that day (it goes after it, so it is the later of the two)."),
    ] = False,
    data: DataOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Record a new status for an action: adds one dated entry to its history.

    Everything else in actions.yaml stays exactly as it was: comments, order, quoting,
    blank lines. Nothing is written if the change would add an error to the data, nor
    when the action already has an entry that day (unless --same-day says to add it).

    Examples:

    \b
        fostlog actions update 47 --status done --date 2025-10-14
        fostlog actions update 46 --status ongoing --note "Raised at the DCS group"
        fostlog actions update 42 --status dropped --recorded "No longer relevant"
        fostlog actions update 46 --status open --date 2025-10 --source "action log, Oct 2025"
        fostlog actions update 47 --status done --dry-run
    """
    from fostlog.edits import EditRefused, append_observation, observation_entry, same_day_entries

    root = _data_root(ctx, data, edit=not dry_run)
    action_id = action_id.strip()
    normal = status.status
    if recorded is None:
        recorded = status.wording  # keep the wording typed, as the logs keep theirs
    if source is not None and not source.strip():
        raise fail_usage("--source is empty: say where the update comes from, or leave it out.")
    when = when or DayOrMonth.of(today())
    as_of, precision = when.first_day, when.precision
    repo, found = load_for_edit(root, NEEDS_REGISTER)
    action = repo.action(action_id)
    if action is None:
        raise no_such_action(repo, action_id)
    that_day = same_day_entries(action, as_of, precision)
    if that_day and not same_day:
        raise _same_day_refusal(repo, action, that_day, when)
    text = _read(root)
    entry = observation_entry(as_of, normal, recorded, note,
                              source=" ".join(source.split()) if source else None,
                              precision=precision)
    try:
        edited = append_observation(text, action_id, entry)
    except EditRefused as refused:
        raise fail(refused.message, refused.hint) from None
    written_to = repo.file_for(_actions_file())
    del repo, action  # checking the edit loads the folder again: one copy held at a time
    _save(root, [Change(_actions_file(), text, edited)], dry_run, found)
    if not dry_run:
        wording = f' ("{recorded}")' if recorded else ""
        sys.stderr.write(
            f"Action {action_id}: {normal.value}{wording} as of {when}, written to "
            f"{written_to} at line {edited.first_line}.\n"
        )


def _same_day_refusal(repo: Repository, action: Action, entries: list[Observation],
                      typed: DayOrMonth) -> typer.Exit:
    """Exit 1: the action has an entry that day already; say which, where, and the way on."""
    from fostlog.core.models import DatePrecision
    from fostlog.domain import observation_date_text

    described = []
    for observation in entries:
        file, line, _ = repo.where(action, "history", action.history.index(observation))
        wording = f', recorded "{observation.recorded}"' if observation.recorded else ""
        described.append(f"{observation_date_text(observation)} ({observation.status.value}"
                         f"{wording}; {file}, line {line})")
    by_day = typed.day_known and all(o.as_of_precision is DatePrecision.day for o in entries)
    span = "day" if by_day else "month"
    return fail(
        f"action {action.id} already has an entry dated {' and '.join(described)}. A "
        f"second entry for {typed} would leave unclear which status held that {span}, so "
        "nothing has been written.",
        f"If the log really reports something new that {span}, add --same-day: the update "
        "goes after the one there, as the later of the two. To correct that entry, edit it "
        "at the line above.",
    )


def _owners(repo: Repository, typed: list[str]) -> dict[str, Any]:
    """--owner values -> owners (people), owner_authorities (LAs) and whole_group ('All'),
    each read as `actions --owner` reads it (domain.resolve_owner); a new action names
    one person per value, so a value that could be several people, or a person and
    initials nobody could resolve, is refused, naming each."""
    found: dict[str, Any] = {"owners": [], "owner_authorities": [], "whole_group": False}
    for text in typed:
        match = owner_match(repo, text)
        candidates = [f"{repo.people[p].name} ({p})" for p in sorted(match.people)]
        if match.people and match.initials:
            candidates.append(f"the {match.initials} nobody could resolve "
                              f"({_where_unresolved(repo, match.initials)})")
        if len(candidates) > 1:
            raise fail_usage(
                f"--owner '{text}' is ambiguous: it could be {' or '.join(candidates)}.",
                "Give the person's id or full name instead (--owner "
                f"{sorted(match.people)[0]})"
                + ("; if it is someone else, add them to people.yaml first, then give their "
                   "name." if match.initials else "."),
            )
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


def _where_unresolved(repo: Repository, initials: str) -> str:
    """Where the register keeps `initials` unresolved: people.yaml's seen_in, the actions."""
    seen = [u.seen_in for u in repo.unresolved_initials if u.initials.upper() == initials]
    seen += [f"action {a.id}" for a in repo.actions
             if initials in (u.upper() for u in a.unresolved_owners)]
    return "; ".join(dict.fromkeys(seen)) or "people.yaml"


def _find_meeting(repo: Repository, wanted: DayOrMonth) -> Occasion:
    """The meeting --meeting names: one with a file, or one known only from the log (by
    its day, or by its month when only the month is known). Not found: exit 1 with the
    nearest meetings."""
    from fostlog.domain.meetings import meetings_near, occasion_named

    found = occasion_named(repo, wanted)
    if found is not None:
        return found
    near = meetings_near(repo, wanted.first_day)
    raise fail(
        f"there is no meeting of {wanted}: no file meetings/{wanted}.yaml, and "
        "meetings-without-minutes.yaml does not list it."
        + (f" Did you mean {' or '.join(near)}?" if near else ""),
        "Give the date of a meeting the data has (the files in meetings/, the months in "
        "meetings-without-minutes.yaml), or add the meeting first (fostlog new meeting).",
    )


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
                     help="The date it was raised, YYYY-MM-DD (default: the meeting's date "
                     "with --meeting, else today)."),
    ] = None,
    responsible: Annotated[
        str | None,
        typer.Option(
            "--responsible",
            help="The Responsible column as the log writes it (default: the owners as typed).",
        ),
    ] = None,
    meeting: Annotated[
        DayOrMonth | None,
        typer.Option("--meeting", parser=day_or_month_value, metavar="DATE",
                     show_default=False,
                     help="The meeting that raised it, YYYY-MM-DD (YYYY-MM for a meeting "
                     "known only by its month). The action is also listed in that "
                     "meeting's file."),
    ] = None,
    data: DataOption = None,
    dry_run: DryRunOption = False,
) -> None:
    """Add an action to the register with the next free number, and print the number.

    The number is the next after the highest numbered action. Everything already in
    actions.yaml stays exactly as it was; nothing is written if the new action would add
    an error to the data. With --meeting the action is also added to that meeting's
    actions_raised, and both files are written or neither. A meeting without minutes
    (meetings-without-minutes.yaml) has no file: the action is then recorded in
    actions.yaml only, raised on that meeting's day or in its month.

    Examples:

    \b
        fostlog actions add --text "MC to share out of hours policy" --owner MC --raised 2025-07-07
        fostlog actions add --text "RE to convene a design meeting" --owner RE --meeting 2025-07-07
        fostlog actions add --text "PH to share the police protocol" --owner PH --meeting 2024-10
        fostlog actions add --text "All to send carer numbers to RE" --owner All --dry-run
    """
    from fostlog.edits import (
        EditRefused,
        append_action,
        append_raised,
        next_action_id,
        relative_name,
    )

    root = _data_root(ctx, data, edit=not dry_run)
    if not text.strip():
        raise fail("--text is empty: say what the action is.")
    repo, found = load_for_edit(root, NEEDS_REGISTER)
    owners = _owners(repo, owner)
    held = _find_meeting(repo, meeting) if meeting is not None else None
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
    entry.update(_raised_fields(held, raised))
    old_text = _read(root)
    changes = []
    try:
        edited = append_action(old_text, entry)
        changes.append(Change(_actions_file(), old_text, edited))
        if held is not None and held.meeting is not None:
            name = repo.file_of(held.meeting)
            relative = relative_name(name, root)
            meeting_text = _read(root, relative)
            listed = append_raised(meeting_text, new_id, name)
            changes.append(Change(relative, meeting_text, listed))
    except EditRefused as refused:
        raise fail(refused.message, refused.hint) from None
    _save(root, changes, dry_run, found)
    if held is not None and held.meeting is None:
        from fostlog.render.outline import when_text

        sys.stderr.write(
            f"The meeting of {when_text(held.when)} has no minutes on file (it is in "
            "meetings-without-minutes.yaml), so no meeting file lists the action: it is "
            f"recorded in {repo.file_for(_actions_file())} only, raised {held.when}, as "
            "that meeting was.\n"
        )
    if not dry_run:
        sys.stdout.write(new_id + "\n")
        also = ""
        if len(changes) > 1:
            also = (f", and to actions_raised in {repo.file_for(changes[1].name)} at line "
                    f"{changes[1].edited.first_line}")
        sys.stderr.write(
            f"Added action {new_id} to {repo.file_for(_actions_file())} at line "
            f"{edited.first_line}{also}.\n"
        )


def _raised_fields(held: Occasion | None, raised: date | None) -> dict[str, Any]:
    """`raised` (and `raised_precision`, `meeting`) for a new action: the meeting's date
    when it was raised at one (a --raised on another day is bad usage), else the day given
    or today."""
    if held is None:
        return {"raised": raised or today()}
    when = held.when
    if raised is not None and not (when.day_known and raised == when.first_day):
        raise fail_usage(
            f"--raised {raised.isoformat()} and --meeting {when} disagree: an action raised at "
            "a meeting is raised on the meeting's day.",
            "Leave out --raised."
            + ("" if when.day_known else " (If you know the day of that meeting, add it as "
               "'day:' to its entry in meetings-without-minutes.yaml first.)"),
        )
    if held.meeting is not None:
        return {"raised": held.meeting.date, "meeting": held.meeting.date}
    if when.day_known:
        return {"raised": when.first_day}
    # A meeting known by its month: the action is dated as the log dates such actions.
    return {"raised": when.first_day, "raised_precision": "month"}

