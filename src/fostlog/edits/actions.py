"""Adding an action to the register, and a dated status to an action's history, as a
Change (edits.change.apply makes it). The repository given is the data as loaded under
the edit lock, so the next number is the next free one; the messages of a refusal
(EditRefused) name the command's options, as the coordinator typed them."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fostlog import domain
from fostlog.core.dates import DayOrMonth
from fostlog.core.kinds import BY_NAME
from fostlog.core.models import Action, DatePrecision, Observation, Status
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import action_words
from fostlog.domain.meetings import Occasion
from fostlog.edits.change import Change, read_text, relative_name
from fostlog.edits.yamltext import EditRefused, Quoted, insert_items

ACTIONS = BY_NAME["actions"].pattern


def observation_entry(
    as_of: dt.date, status: Status, recorded: str | None = None, note: str | None = None,
    *, source: str | None = None, precision: DatePrecision = DatePrecision.day,
) -> dict[str, Any]:
    """One history entry, keys in the register's order. A month-only date is the month's
    first day with `as_of_precision: month`, as `raised` is for a month."""
    month = precision is DatePrecision.month
    entry = {"as_of": as_of.replace(day=1) if month else as_of,
             "as_of_precision": precision.value if month else None, "status": status.value,
             "recorded": recorded, "source": source, "note": note}
    return {key: value for key, value in entry.items() if value}


def same_day_entries(action: Action, as_of: dt.date,
                     precision: DatePrecision = DatePrecision.day) -> list[Observation]:
    """The action's observations that may be of the same day as a new one dated `as_of`
    (for a month-only date, any in that month): a second entry that day leaves unclear
    which status held on it."""
    return [o for o in action.history if domain.may_be_same_day(o, as_of, precision)]


def next_action_id(actions: Sequence[Action]) -> str:
    """The next integer after the highest numbered action."""
    numbers = [int(a.id) for a in actions if a.id.isdigit()]
    return str(max(numbers, default=0) + 1)


def update_action(repo: Repository, root: Path, action_id: str, status: Status,
                  when: DayOrMonth, *, recorded: str | None = None, note: str | None = None,
                  source: str | None = None, same_day: bool = False) -> Change:
    """A new dated entry at the end of the action's history. Refused when the action
    already has one that day (unless `same_day`)."""
    action = repo.action(action_id)
    if action is None:
        raise EditRefused(f"There is no action {action_id} in actions.yaml.")
    that_day = same_day_entries(action, when.first_day, when.precision)
    if that_day and not same_day:
        raise _same_day_refusal(repo, action, that_day, when)
    entry = observation_entry(when.first_day, status, recorded, note,
                              source=" ".join(source.split()) if source else None,
                              precision=when.precision)
    text, raw = read_text(root, ACTIONS)
    done = insert_items(text, ACTIONS, ["actions", ("id", action_id), "history"], [entry])
    wording = f' ("{recorded}")' if recorded else ""
    return Change({ACTIONS: done.text}, {ACTIONS: raw}, {ACTIONS: done.first_line},
                  f"Action {action_id}: {status.value}{wording} as of {when}")


def _same_day_refusal(repo: Repository, action: Action, entries: list[Observation],
                      typed: DayOrMonth) -> EditRefused:
    """The action has an entry that day already: say which, where, and the way on."""
    described = []
    for observation in entries:
        file, line, _ = repo.where(action, "history", action.history.index(observation))
        wording = f', recorded "{observation.recorded}"' if observation.recorded else ""
        described.append(f"{domain.observation_date_text(observation)} "
                         f"({observation.status.value}{wording}; {file}, line {line})")
    by_day = typed.day_known and all(o.as_of_precision is DatePrecision.day for o in entries)
    span = "day" if by_day else "month"
    return EditRefused(
        f"action {action.id} already has an entry dated {' and '.join(described)}. A "
        f"second entry for {typed} would leave unclear which status held that {span}, so "
        "nothing has been written.",
        f"If the log really reports something new that {span}, add --same-day: the update "
        "goes after the one there, as the later of the two. To correct that entry, edit it "
        "at the line above.",
    )


# How alike two actions' texts must be (difflib's ratio, over their words) to be taken as
# one action typed twice: "PH to share the police protocol" and "PH to share the police
# protocols" are; "PH to share the police protocol" and "PH to share the fostering
# protocol" (0.84) are not.
SAME_TEXT_RATIO = 0.9


def same_actions(repo: Repository, text: str, fields: dict[str, Any],
                 held: Occasion | None) -> list[Action]:
    """The actions already raised at the same meeting (or on the same day) as a new one
    with `fields`, whose text is the same or nearly the same."""
    import difflib

    from fostlog.domain.meetings import meeting_of_action

    wanted = action_words(text)
    found = []
    for action in repo.actions:
        if held is not None:
            same = (getattr(meeting_of_action(action, repo), "when", None) == held.when
                    or action.raised == fields["raised"])
        else:
            same = action.raised == fields["raised"]
        if not same:
            continue
        theirs = action_words(action.text)
        # Texts that differ in a number are two actions (the 2024 figures, the 2025 ones).
        if theirs == wanted or (re.findall(r"\d+", theirs) == re.findall(r"\d+", wanted)
                                and difflib.SequenceMatcher(None, theirs, wanted).ratio()
                                >= SAME_TEXT_RATIO):
            found.append(action)
    return found


def add_action(repo: Repository, root: Path, text: str, owners: Sequence[str], *,
               today: dt.date, raised: dt.date | None = None, responsible: str | None = None,
               meeting: DayOrMonth | None = None, again: bool = False) -> Change:
    """A new action with the next free number, owned by `owners` (each read as `actions
    --owner` reads it), raised at `meeting` (then also listed in that meeting's file, if
    it has one) or on `raised` (default `today`). Refused when that meeting (or day)
    already raised an action with the same or nearly the same text, unless `again`."""
    owned = resolve_owners(repo, owners)
    held = find_meeting(repo, meeting) if meeting is not None else None
    new_id = next_action_id(repo.actions)
    dated = _raised_fields(held, raised, today)
    repeated = same_actions(repo, text, dated, held)
    # The same words are one action (lint's action-raised-twice): --again does not add it.
    same = [a for a in repeated if action_words(a.text) == action_words(text)]
    if same or (repeated and not again):
        raise EditRefused(
            "; ".join(f"action {a.id}, raised {a.raised.isoformat()}, already says "
                      f'"{a.text}"' for a in same or repeated)
            + ": the same meeting raising it again is most likely the same action typed "
            "twice, so nothing has been written.",
            f"To record news of it, use 'fostlog actions update {(same or repeated)[0].id}'."
            + ("" if same else " If it really is a second action, add --again."))
    entry: dict[str, Any] = {
        "id": int(new_id),
        "text": " ".join(text.split()),
        "responsible": responsible or " ".join(o.strip() for o in owners),
        **owned,
        **dated,
    }
    actions_text, raw = read_text(root, ACTIONS)
    done = insert_items(actions_text, ACTIONS, ["actions"], [entry])
    change = Change({ACTIONS: done.text}, {ACTIONS: raw}, {ACTIONS: done.first_line}, new_id)
    if held is not None and held.meeting is not None:
        name = repo.file_of(held.meeting)
        relative = relative_name(name, root)
        meeting_text, raw = read_text(root, relative)
        listed = insert_items(meeting_text, name, ["actions_raised"], [Quoted(new_id)],
                              before="actions_mentioned")
        change.texts[relative], change.read[relative] = listed.text, raw
        change.lines[relative] = listed.first_line
    return change


def resolve_owners(repo: Repository, typed: Sequence[str]) -> dict[str, Any]:
    """Owner words -> owners (people), owner_authorities (LAs) and whole_group ('All'),
    each read as `actions --owner` reads it (domain.resolve_owner), the keys that say
    something only. A new action names one person per word: a word that could be several
    people, or a person and initials nobody could resolve, is refused, naming each."""
    people: list[str] = []
    authorities: list[str] = []
    whole_group = False
    for text in typed:
        match = domain.resolve_owner(text, repo)
        if match is None:
            raise EditRefused(*domain.unknown_owner(text, repo), usage=True)
        candidates = [f"{repo.people[p].name} ({p})" for p in sorted(match.people)]
        if match.people and match.initials:
            candidates.append(f"the {match.initials} nobody could resolve "
                              f"({_where_unresolved(repo, match.initials)})")
        if len(candidates) > 1:
            raise EditRefused(
                f"--owner '{text}' is ambiguous: it could be {' or '.join(candidates)}.",
                "Give the person's id or full name instead (--owner "
                f"{sorted(match.people)[0]})"
                + ("; if it is someone else, add them to people.yaml first, then give their "
                   "name." if match.initials else "."), usage=True)
        if match.people:
            people.extend(match.people)
        elif match.authorities:
            authorities.extend(sorted(match.authorities))
        elif match.whole_group:
            whole_group = True
        else:
            raise EditRefused(
                f"--owner '{text}': these initials are in the register only as initials "
                "nobody could resolve.",
                "Add the person to people.yaml first, then give their initials or name.",
                usage=True)
    found: dict[str, Any] = {"owners": people, "owner_authorities": authorities}
    return {key: value for key, value in found.items() if value} | (
        {"whole_group": True} if whole_group else {})


def _where_unresolved(repo: Repository, initials: str) -> str:
    """Where the register keeps `initials` unresolved: people.yaml's seen_in, the actions."""
    seen = [u.seen_in for u in repo.unresolved_initials if u.initials.upper() == initials]
    seen += [f"action {a.id}" for a in repo.actions
             if initials in (u.upper() for u in a.unresolved_owners)]
    return "; ".join(dict.fromkeys(seen)) or "people.yaml"


def find_meeting(repo: Repository, wanted: DayOrMonth) -> Occasion:
    """The meeting `wanted` names: one with a file, or one known only from the log (by
    its day, or by its month when only the month is known); else refused, naming the
    nearest meetings."""
    from fostlog.domain.meetings import meetings_near, occasion_named

    found = occasion_named(repo, wanted)
    if found is not None:
        return found
    near = meetings_near(repo, wanted.first_day)
    raise EditRefused(
        f"there is no meeting of {wanted}: no file meetings/{wanted}.yaml, and "
        "meetings-without-minutes.yaml does not list it."
        + (f" Did you mean {' or '.join(near)}?" if near else ""),
        "Give the date of a meeting the data has (the files in meetings/, the months in "
        "meetings-without-minutes.yaml), or add the meeting first (fostlog new meeting).",
    )


def _raised_fields(held: Occasion | None, raised: dt.date | None,
                   today: dt.date) -> dict[str, Any]:
    """`raised` (and `raised_precision`, `meeting`) for a new action: the meeting's date
    when it was raised at one (a `raised` on another day is refused), else the day given
    or today."""
    if held is None:
        return {"raised": raised or today}
    when = held.when
    if raised is not None and not (when.day_known and raised == when.first_day):
        raise EditRefused(
            f"--raised {raised.isoformat()} and --meeting {when} disagree: an action raised at "
            "a meeting is raised on the meeting's day.",
            "Leave out --raised."
            + ("" if when.day_known else " (If you know the day of that meeting, add it as "
               "'day:' to its entry in meetings-without-minutes.yaml first.)"), usage=True)
    if held.meeting is not None:
        return {"raised": held.meeting.date, "meeting": held.meeting.date}
    if when.day_known:
        return {"raised": when.first_day}
    # A meeting known by its month: the action is dated as the log dates such actions.
    return {"raised": when.first_day, "raised_precision": "month"}
