"""Which actions are open, whose are they, how long have they been open: pure functions
Repository + filters -> rows. No printing, no file reading."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fostlog import domain
from fostlog.core.models import Action, Observation
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import ActionSort, Status
from fostlog.domain import OwnerMatch, id_order, meetings
from fostlog.domain.meetings import MeetingWhen


@dataclass(frozen=True)
class ActionFilter:
    """Filters that combine (all must hold). Owner and authority are already resolved
    (domain.resolve_owner, domain.find_authority)."""

    open_only: bool = False
    status: Status | None = None
    owner: OwnerMatch | None = None
    authority: str | None = None  # an LA id
    raised_since: date | None = None
    stale_days: int | None = None
    overdue: bool = False  # open, and due before the as-of date
    due_before: date | None = None  # due before this date (open or not)


@dataclass(frozen=True)
class ActionRow:
    id: str
    text: str
    responsible: str
    owners: list[str]
    owner_names: list[str]
    raised: MeetingWhen  # ISO text at the precision the log gives: 2023-07 or 2025-07-07
    raised_precision: str  # "day" or "month"
    issued: str
    status: Status
    recorded: str | None
    ambiguous: bool  # the recorded wording names more than one status; `status` is a reading
    last_update: MeetingWhen | None  # ISO text at the report's precision
    age_days: int  # for an action the log dates to a month, counted from the 1st
    unchanged_days: int
    due: date | None  # the day it is due by (meetings.due_date); None: not known
    due_as_written: str | None
    overdue: bool


@dataclass(frozen=True)
class ObservationRow:
    as_of: MeetingWhen  # ISO text at the precision given: 2025-09-17, or 2025-09
    status: Status
    recorded: str | None
    note: str | None
    source: str | None
    meeting: date | None


@dataclass(frozen=True)
class WordingRow:
    as_of: date
    text: str
    source: str | None


@dataclass(frozen=True)
class NamedRow:
    role: str
    name: str


@dataclass(frozen=True)
class ActionStory:
    row: ActionRow
    meeting: MeetingWhen | None  # the meeting that raised it (meetings.meeting_of_action)
    note: str | None
    unresolved_owners: list[str]
    history: list[ObservationRow] = field(default_factory=list)
    wordings: list[WordingRow] = field(default_factory=list)  # other wordings, dated
    named: list[NamedRow] = field(default_factory=list)  # people named beyond the owners


def issued_text(action: Action) -> str:
    """The Date issued column: as the log wrote it, else the month or the day."""
    if action.issued_as_written:
        return action.issued_as_written
    if action.raised_precision == "month":
        return action.raised.strftime("%b %Y")
    return action.raised.isoformat()


def owner_names(action: Action, repo: Repository) -> list[str]:
    names = [repo.person_name(p) for p in action.owners]
    names += [repo.authority_name(a) for a in action.owner_authorities]
    if action.whole_group:
        names.append("All")
    names += [f"{initials} (unresolved)" for initials in action.unresolved_owners]
    return names


def responsible_text(action: Action, repo: Repository) -> str:
    """The Responsible column: as the log wrote it, else the owners' names."""
    return action.responsible or ", ".join(owner_names(action, repo))


def observed_when(observation: Observation) -> MeetingWhen:
    """When the observation was made, at the precision given (2025-09-17, or 2025-09)."""
    return MeetingWhen.at(observation.as_of, observation.as_of_precision)


def unchanged_since(action: Action, as_of: date) -> date:
    """The date the action's current status was first recorded (raised, if never reported)."""
    since = action.raised
    previous: Status | None = Status.open
    for observation in action.history:
        if not domain.observed_by(observation, as_of):
            continue  # a month-only report may be followed by a day in its month
        if observation.status != previous:
            since, previous = observation.as_of, observation.status
    return since


def action_row(action: Action, repo: Repository, as_of: date) -> ActionRow:
    observation = domain.observation_as_of(action, as_of)
    status = domain.status_as_of(action, as_of)
    due = meetings.due_date(action, repo, as_of)
    raised = MeetingWhen.at(action.raised, action.raised_precision)
    return ActionRow(
        id=action.id,
        text=action.text,
        responsible=action.responsible or "",
        owners=list(action.owners),
        owner_names=owner_names(action, repo),
        raised=raised,
        raised_precision=str(action.raised_precision.value),
        issued=issued_text(action),
        status=status,
        recorded=observation.recorded if observation else None,
        ambiguous=observation.ambiguous if observation else False,
        last_update=observed_when(observation) if observation else None,
        age_days=(as_of - action.raised).days,
        unchanged_days=(as_of - unchanged_since(action, as_of)).days,
        due=due,
        due_as_written=action.due.as_written if action.due else None,
        overdue=status.is_open and due is not None and due < as_of,
    )


def _matches(action: Action, row: ActionRow, repo: Repository, wanted: ActionFilter) -> bool:
    """Every filter but open_only, which action_rows applies before building the row."""
    if wanted.status is not None and row.status != wanted.status:
        return False
    if wanted.owner is not None and not domain.owned_by(action, wanted.owner, repo):
        return False
    if wanted.authority and wanted.authority not in domain.action_authorities(action, repo):
        return False
    if wanted.raised_since and action.raised < wanted.raised_since:
        return False
    if wanted.stale_days is not None:
        if not row.status.is_open or row.unchanged_days < wanted.stale_days:
            return False
    if wanted.overdue and not row.overdue:
        return False
    if wanted.due_before is not None and (row.due is None or row.due >= wanted.due_before):
        return False
    return True


_SORTS = {
    ActionSort.id: lambda r: id_order(r.id),
    ActionSort.raised: lambda r: (r.raised, id_order(r.id)),
    ActionSort.due: lambda r: (r.due is None, r.due or date.max, id_order(r.id)),
    ActionSort.age: lambda r: (-r.age_days, id_order(r.id)),
    ActionSort.owner: lambda r: (r.owner_names[0].lower() if r.owner_names else "~",
                                 id_order(r.id)),
    ActionSort.status: lambda r: (list(Status).index(r.status), id_order(r.id)),
}


def action_rows(
    repo: Repository,
    wanted: ActionFilter,
    as_of: date,
    sort: ActionSort = ActionSort.id,
) -> list[ActionRow]:
    """The register as it stood on `as_of`: actions not surely raised by then are absent
    (an action the log dates to the month of `as_of` only once its meeting has been held
    or a report of it is dated on or before `as_of`)."""
    rows = []
    for action in repo.actions:
        if not meetings.surely_raised_by(action, as_of, repo):
            continue
        if wanted.open_only and not domain.status_as_of(action, as_of).is_open:
            continue  # before the row is built: most of a long register is closed
        row = action_row(action, repo, as_of)
        if _matches(action, row, repo, wanted):
            rows.append(row)
    return sorted(rows, key=_SORTS[sort])


def action_story(repo: Repository, action_id: str, as_of: date) -> ActionStory | None:
    """One action's whole story: every dated observation with its wording and source."""
    action = repo.action(action_id)
    if action is None:
        return None
    history = [
        ObservationRow(observed_when(o), o.status, o.recorded, o.note, o.source, o.meeting)
        for o in action.history
    ]
    raised_at = meetings.meeting_of_action(action, repo)
    return ActionStory(
        row=action_row(action, repo, as_of),
        meeting=raised_at.when if raised_at else None,
        note=action.note,
        unresolved_owners=list(action.unresolved_owners),
        history=history,
        wordings=[WordingRow(w.as_of, w.text, w.source) for w in action.wordings],
        named=[NamedRow(str(n.role.value).replace("_", " "),
                        repo.person_name(n.person) if n.person else n.as_written)
               for n in action.named],
    )
