"""What an import of minutes can let slip through: words of the minutes taken for a person
("LAs not represented", "Medway"), one LA recorded both as sending apologies and as not
represented, and one action raised twice at a meeting (the "Action:" line and the log's
numbered row of it)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from fostlog import domain
from fostlog.checks.common import at
from fostlog.core import rules
from fostlog.core.diagnostics import Diagnostic
from fostlog.core.repository import Repository
from fostlog.core.vocabulary import action_words

# Words the minutes use for LAs, never a person's name.
_PHRASE = re.compile(r"\b(?:las?|local authorities|not represented|apologies|all members)\b",
                     re.IGNORECASE)


def check_people_named_as_places(repo: Repository) -> Iterator[Diagnostic]:
    """No person's name (or alias) is the name or an alias of an LA or organisation, or a
    phrase of the minutes about LAs ("LAs not represented")."""
    for person in repo.people.values():
        for name in (person.name, *person.aliases):
            authority = domain.find_authority(name, repo)
            organisation = None if authority else domain.find_organisation(name, repo)
            if authority or organisation:
                what = (f"the LA {repo.authority_name(authority)}" if authority else
                        f"the organisation {repo.organisation_name(organisation or '')}")
                yield at(repo, rules.PERSON_IS_A_PLACE, person, ("name",),
                         f"The person '{person.id}' is named '{name}', which is {what}.")
                break
            if _PHRASE.search(name):
                yield at(repo, rules.PERSON_IS_A_PLACE, person, ("name",),
                         f"The person '{person.id}' is named '{name}', words the minutes "
                         "use about LAs, not a person's name.")
                break


def check_apologies_and_not_represented(repo: Repository) -> Iterator[Diagnostic]:
    """No LA is both under `apologies` (as the LA, or through the person who sent them)
    and under `not_represented` at one meeting."""
    for meeting in repo.meetings:
        absent = set(meeting.not_represented or [])
        for index, apology in enumerate(meeting.apologies or []):
            places = domain.place_authorities(apology.authority, apology.organisation,
                                              repo.organisations)
            both = sorted(places & absent)
            if both:
                yield at(repo, rules.APOLOGIES_AND_NOT_REPRESENTED, meeting,
                         ("apologies", index),
                         f"'{both[0]}' sent apologies and is also recorded as not "
                         "represented at this meeting.")


def check_actions_raised_twice(repo: Repository) -> Iterator[Diagnostic]:
    """No two actions raised at one meeting have the same text (an "Action:" line and the
    numbered row of the log it became are one action)."""
    seen: dict[tuple[object, str], str] = {}
    for action in repo.actions:
        if action.meeting is None:
            continue
        key = (action.meeting, action_words(action.text))
        first = seen.setdefault(key, action.id)
        if first != action.id:
            yield at(repo, rules.ACTION_RAISED_TWICE, action, ("text",),
                     f"Action {action.id} has the same text as action {first}, raised at "
                     f"the same meeting ({action.meeting}).")
