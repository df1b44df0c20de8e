"""Actions: one number each (and one id per registry entry), a history in date order and
after the action was raised, statuses read as written, due dates that say when, and the
meeting that raised an action agreeing with it."""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from operator import attrgetter
from typing import Any

from fostlog import domain
from fostlog.checks.common import at, repeated
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.kinds import KINDS, RecordList
from fostlog.core.models import DatePrecision, Record
from fostlog.core.repository import Repository
from fostlog.core.rules import Rule
from fostlog.core.vocabulary import parse_status


def _duplicates(
    repo: Repository, rule: Rule
) -> Iterator[tuple[RecordList, Record, Record, Any]]:
    """(record list, first record, later record, id) for each record whose id an earlier
    one of its registry has, in the record lists (kinds.KINDS) that report `rule`."""
    for kind in KINDS:
        for record_list in kind.lists:
            if record_list.unique is None or record_list.duplicate_rule != rule.id:
                continue
            # A registry (dict) keeps only the first of two records with one id:
            # `records_read` has both. A list has every record, in its kind's order.
            home = getattr(repo, record_list.attribute)
            records = (repo.records_read.get(record_list.attribute, []) if isinstance(home, dict)
                       else home)
            unique = record_list.unique
            for first, record in repeated(records, attrgetter(unique)):
                yield record_list, first, record, getattr(record, unique)


def check_duplicate_actions(repo: Repository) -> Iterator[Diagnostic]:
    """No two actions in the register share a number (the first is the one used)."""
    for _, first, action, ident in _duplicates(repo, rules.DUPLICATE_ACTION):
        line = repo.where(first, "id")[1]
        yield at(repo, rules.DUPLICATE_ACTION, action, ("id",),
                 f"Action {ident} is already in the register (line {line}).")


def check_duplicate_ids(repo: Repository) -> Iterator[Diagnostic]:
    """No two records of a registry (LAs, organisations, people) share an id (the first is
    the one used)."""
    for record_list, first, record, ident in _duplicates(repo, rules.DUPLICATE_ID):
        key = record_list.unique or "id"
        line = repo.where(first, key)[1]
        yield at(repo, rules.DUPLICATE_ID, record, (key,),
                 f"The id '{ident}' is used twice in {record_list.key} (first at line "
                 f"{line}).")


def check_meeting_action_links(repo: Repository) -> Iterator[Diagnostic]:
    """An action's `meeting` and that meeting's `actions_raised` agree, both ways."""
    rule = rules.ACTION_MEETING_LINK
    for action in repo.actions:
        if action.meeting is None:
            continue
        meeting = repo.meeting(action.meeting)
        if meeting is not None and action.id not in meeting.actions_raised:
            yield at(
                repo, rule, action, ("meeting",),
                f"Action {action.id} says it was raised at the {action.meeting.isoformat()} "
                "meeting, but that meeting's actions_raised does not list it.",
                f"Add '{action.id}' to actions_raised in that meeting's file, or correct "
                "the action's meeting.",
            )
    for held in repo.meetings:
        for index, action_id in enumerate(held.actions_raised):
            raised = repo.action(action_id)
            if raised is not None and raised.meeting != held.date:
                yield at(
                    repo, rule, held, ("actions_raised", index),
                    f"This meeting lists action {action_id} as raised here, but the action "
                    "gives a different meeting.",
                    f"Set 'meeting: {held.date.isoformat()}' on action {action_id} in "
                    "actions.yaml, or remove it from this list.",
                )


def check_history_order(repo: Repository) -> Iterator[Diagnostic]:
    """An action's history is in date order, oldest first (a report dated only by its
    month fits anywhere in that month)."""
    for action in repo.actions:
        for index in range(1, len(action.history)):
            before, observation = action.history[index - 1], action.history[index]
            # A report dated only by its month may come before or after a day in it.
            if domain.observation_last_day(observation) < before.as_of:
                yield at(
                    repo, rules.HISTORY_ORDER, action, ("history", index, "as_of"),
                    f"Action {action.id}: this observation "
                    f"({domain.observation_date_text(observation)}) comes after one dated "
                    f"{domain.observation_date_text(before)}.",
                )


def check_observations_after_raised(repo: Repository) -> Iterator[Diagnostic]:
    """No observation of an action is dated before the action was raised (within the
    month, for an action the log dates only by month)."""
    for action in repo.actions:
        for index, observation in enumerate(action.history):
            if not domain.raised_by(action, domain.observation_last_day(observation)):
                yield at(
                    repo, rules.OBSERVATION_BEFORE_RAISED, action,
                    ("history", index, "as_of"),
                    f"Action {action.id}: this observation "
                    f"({domain.observation_date_text(observation)}) is dated before the "
                    f"action was raised ({action.raised.isoformat()}).",
                )


def _statuses_named(wording: str) -> set[str]:
    """The statuses a recorded wording names, reading each part split at '/', ',' or
    ' or ' (Ongoing/complete names in_progress and done)."""
    parts = re.split(r"/|,|\bor\b|\band\b", wording)
    return {str(found) for part in parts if (found := parse_status(part)) is not None}


def check_ambiguous_statuses_are_marked(repo: Repository) -> Iterator[Diagnostic]:
    """A recorded wording that names two statuses is marked ambiguous, so lists can say
    that the status shown is a reading, not what the log says."""
    for action in repo.actions:
        for index, observation in enumerate(action.history):
            if observation.ambiguous or not observation.recorded:
                continue
            named = _statuses_named(observation.recorded)
            if len(named) > 1:
                yield at(repo, rules.STATUS_AMBIGUOUS, action, ("history", index, "recorded"),
                         f"Action {action.id}: '{observation.recorded}' can be read as "
                         + " or ".join(sorted(named)) + ".")


def check_due_dates(repo: Repository) -> Iterator[Diagnostic]:
    """A due date says when: a date (for a month, the month's last day), or the next
    meeting; and an action is not due before it was raised."""
    for action in repo.actions:
        due = action.due
        if due is None:
            continue
        if due.date is None and not due.next_meeting:
            yield at(repo, rules.DUE_DATE, action, ("due",),
                     f"Action {action.id}: the due date gives neither a date nor the next "
                     "meeting.")
            continue
        if due.date is None:
            continue
        if due.precision is DatePrecision.month:
            last = calendar.monthrange(due.date.year, due.date.month)[1]
            if due.date.day != last:
                yield at(repo, rules.DUE_DATE, action, ("due", "date"),
                         f"Action {action.id}: due to the month, but {due.date.isoformat()} "
                         "is not the month's last day.",
                         f"Write {due.date.replace(day=last).isoformat()} (the last day of "
                         "the month it is due in).")
        if not domain.raised_by(action, due.date):
            yield at(repo, rules.DUE_BEFORE_RAISED, action, ("due", "date"),
                     f"Action {action.id} is due {due.date.isoformat()}, before it was "
                     f"raised ({action.raised.isoformat()}).")
