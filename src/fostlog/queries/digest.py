"""Each owner's open actions as of a date, for a note to them: pure functions Repository ->
records. No printing.

An owner is whoever the register names as owning an action: a person, an LA, the whole
group ("All"), or initials nobody could resolve. An owner's actions are those
domain.owned_by gives for them, the one rule `--owner` means everywhere, so an LA's note
holds its own actions and those of its people, as `fostlog actions --owner Kent` does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fostlog import domain
from fostlog.core.repository import Repository
from fostlog.domain import OwnerMatch
from fostlog.domain.meetings import surely_raised_by
from fostlog.queries.agenda import CarriedAction, carried_action


@dataclass(frozen=True)
class OwnerDigest:
    owner: str  # who the note is for, as a reader knows them: "Rebecca Eligon (RE)", "Kent"
    actions: list[CarriedAction]  # open on the date: overdue first, oldest first within each

    @property
    def overdue(self) -> list[CarriedAction]:
        return [a for a in self.actions if a.overdue]

    @property
    def not_overdue(self) -> list[CarriedAction]:
        return [a for a in self.actions if not a.overdue]


@dataclass(frozen=True)
class Digest:
    as_of: date
    owners: list[OwnerDigest]
    asked_for: str | None = None  # the owner asked for (--owner), as the reader knows them


def owner_label(owner: OwnerMatch, repo: Repository) -> str:
    """Who an owner is, in words: people by name with their initials, LAs by name."""
    labels = []
    for person_id in sorted(owner.people, key=repo.person_name):
        person = repo.people.get(person_id)
        initials = f" ({', '.join(person.initials)})" if person and person.initials else ""
        labels.append(repo.person_name(person_id) + initials)
    labels += sorted(repo.authority_name(a) for a in owner.authorities)
    if owner.whole_group:
        labels.append("All")
    if owner.initials:
        labels.append(f"{owner.initials} (initials not resolved)")
    return ", ".join(labels) or owner.typed


def _order(action: CarriedAction) -> tuple[bool, date, tuple[int, str, int]]:
    """Overdue first; oldest first within the overdue and the rest."""
    return (not action.overdue, action.raised, domain.id_order(action.id))


def owner_digest(repo: Repository, owner: OwnerMatch, as_of: date) -> OwnerDigest:
    actions = [
        carried_action(action, repo, as_of)
        for action in repo.actions
        if surely_raised_by(action, as_of, repo)
        and domain.status_as_of(action, as_of).is_open
        and domain.owned_by(action, owner, repo)
    ]
    return OwnerDigest(owner_label(owner, repo), sorted(actions, key=_order))


def owners_of_open_actions(repo: Repository, as_of: date) -> list[OwnerMatch]:
    """Everyone the register names as owning an action open on `as_of`: people by name,
    then LAs by name, then "All", then unresolved initials."""
    people: set[str] = set()
    authorities: set[str] = set()
    whole_group = False
    initials: set[str] = set()
    for action in repo.actions:
        if not surely_raised_by(action, as_of, repo) or not domain.status_as_of(
            action, as_of).is_open:
            continue
        people.update(action.owners)
        authorities.update(action.owner_authorities)
        whole_group = whole_group or action.whole_group
        initials.update(i.upper() for i in action.unresolved_owners)
    found = [OwnerMatch(p, people=frozenset({p}))
             for p in sorted(people, key=lambda p: repo.person_name(p).casefold())]
    found += [OwnerMatch(a, authorities=frozenset({a}))
              for a in sorted(authorities, key=lambda a: repo.authority_name(a).casefold())]
    if whole_group:
        found.append(OwnerMatch("All", whole_group=True))
    found += [OwnerMatch(i, initials=i) for i in sorted(initials)]
    return found


def digest(repo: Repository, as_of: date, owner: OwnerMatch | None = None) -> Digest:
    """One note per owner with open actions; with `owner`, only theirs (empty when nothing
    of theirs is open)."""
    if owner is not None:
        found = owner_digest(repo, owner, as_of)
        return Digest(as_of, [found] if found.actions else [], owner_label(owner, repo))
    owners = owners_of_open_actions(repo, as_of)
    return Digest(as_of, [owner_digest(repo, o, as_of) for o in owners])
