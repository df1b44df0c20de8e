"""The action log as the minutes print it, as of a date: pure function Repository -> rows.

Which actions a log shows is an interpretation of how the group keeps its log (both logs
in the sources: "Shaded lines, actions are complete"):
- only numbered actions: an "Action:" line that never got a log number (2021-07-19/2) was
  never on a log; the log says how many of those are open, so they are not lost;
- every action open on the date, however old, so nothing open drops off unseen;
- actions closed since the last meeting before the date (shaded), as the minutes show
  the actions completed since the group last met; meetings known only from a log count.
`every_action=True` shows all numbered actions raised by the date instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fostlog import domain
from fostlog.core.models import Action, DatePrecision, Status
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import status_words
from fostlog.domain.meetings import last_meeting_before, surely_raised_by
from fostlog.queries.actions import issued_text, responsible_text


@dataclass(frozen=True)
class ActionLogRow:
    id: str
    text: str
    responsible: str
    issued: str
    status: Status
    recorded: str | None  # the wording of the log, only where it differs from the status
    update: str | None  # the note of the latest observation
    reported: date | None  # the date of the latest observation (its 1st for a month)
    stale: bool  # the latest report is older than the log (or there never was one)
    reported_month_only: bool = False  # that report gives only its month ("Oct 2025")

    @property
    def is_open(self) -> bool:
        return self.status.is_open


@dataclass(frozen=True)
class ActionLog:
    updated: date  # the date asked for (today, --as-of, the meeting's day)
    rows: list[ActionLogRow]
    unnumbered_open: list[str]  # open actions that never got a log number
    # The latest report or meeting on or before `updated` that the data holds: what the
    # log is as of (a log drawn up today from reports of last year is last year's news).
    data_as_of: date | None = None


def latest_in_data(repo: Repository, as_of: date) -> date | None:
    """The day of the latest report on an action, or meeting with its minutes, on or
    before `as_of` (a report dated only by its month: its 1st)."""
    days = [m.date for m in repo.meetings if m.date <= as_of]
    days += [o.as_of for a in repo.actions for o in a.history if domain.observed_by(o, as_of)]
    return max(days, default=None)


def wording_differs(recorded: str | None, status: Status) -> str | None:
    if recorded is None:
        return None
    plain = " ".join(recorded.split())
    if plain.casefold() == status_words(status).casefold():
        return None
    return plain


def log_row(action: Action, repo: Repository, updated: date) -> ActionLogRow:
    observation = domain.observation_as_of(action, updated)
    status = domain.status_as_of(action, updated)
    return ActionLogRow(
        id=action.id,
        text=action.text,
        responsible=responsible_text(action, repo),
        issued=issued_text(action),
        status=status,
        recorded=wording_differs(observation.recorded if observation else None, status),
        update=observation.note if observation else None,
        reported=observation.as_of if observation else None,
        reported_month_only=(observation is not None
                             and observation.as_of_precision is DatePrecision.month),
        stale=observation is None or observation.as_of < updated,
    )


def _reported_after(action: Action, as_of: date, since: date) -> bool:
    """Whether the action's latest report by `as_of` may have been made after `since`."""
    observation = domain.observation_as_of(action, as_of)
    return observation is not None and domain.observation_last_day(observation) > since


def action_log(repo: Repository, as_of: date, every_action: bool = False) -> ActionLog:
    """The log 'updated' on `as_of`: open actions first, then closed ones; newest first
    within each, as the minutes list them."""
    since = last_meeting_before(repo, as_of)
    rows: list[ActionLogRow] = []
    unnumbered_open: list[str] = []
    for action in repo.actions:
        if not surely_raised_by(action, repo=repo, when=as_of):
            continue
        row = log_row(action, repo, as_of)
        if not action.id.isdigit():
            if row.is_open:
                unnumbered_open.append(action.id)
            continue
        # A report dated only by its month counts as after the meeting if it may be.
        closed_since = since is None or _reported_after(action, as_of, since)
        if every_action or row.is_open or closed_since:
            rows.append(row)
    rows.sort(key=lambda r: (not r.is_open, -domain.id_order(r.id)[2]))
    unnumbered_open.sort(key=domain.id_order)
    return ActionLog(updated=as_of, rows=rows, unnumbered_open=unnumbered_open,
                     data_as_of=latest_in_data(repo, as_of))
