"""Closed vocabularies shared by the models, the queries and the command line.

Kept apart from models.py (which imports pydantic) so the command line can offer these
as choices, and check what a user typed, without paying pydantic's import time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum

# An action's id: the number in the action log (47), or for an "Action:" line that never
# got a number, the meeting date and its place among them (2021-07-19/2). The models
# validate ids with it; the command line tells `fostlog actions 47` from a subcommand.
ACTION_ID_PATTERN = re.compile(r"^(\d+|\d{4}-\d{2}-\d{2}/\d+)$")

def action_words(text: str) -> str:
    """An action's text as words alone (lower case, '&' as 'and', no punctuation): two
    actions whose words are the same are one action written twice."""
    return " ".join(re.findall(r"[a-z0-9]+", text.lower().replace("&", " and ")))


# What an action with no owner says in place of its owners, as the site says it.
# How an owner may be typed (--owner), said wherever an owner is asked for or not found.
OWNER_WORDS = ("Give initials as the logs write them (RE), a name (Rebecca Eligon), an LA "
               "(Kent), or All")
NO_OWNER = "(no owner recorded)"


class Status(StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"

    @property
    def is_open(self) -> bool:
        return self in (Status.open, Status.in_progress)


def status_words(status: Status) -> str:
    """A status as the group would say it: in_progress -> "in progress"."""
    return status.value.replace("_", " ")


def _word_key(word: str) -> str:
    return " ".join(word.replace("_", " ").split()).casefold()


# Every word a command accepts for a status: each status's own name, and the wordings the
# logs use for it (see the header of data/actions.yaml), so that `--status complete` means
# done wherever a status is asked for, and `actions update` keeps "complete" as recorded.
STATUS_WORDS: dict[str, Status] = {
    **{status_words(status): status for status in Status},
    "ongoing": Status.in_progress,
    "complete": Status.done,
    "completed": Status.done,
    "closed": Status.done,
    "no longer relevant": Status.dropped,
}


def parse_status(word: str) -> Status | None:
    """A status from its name (in_progress, "in progress") or a wording the logs use
    (Closed), ignoring case and spacing; None for a word no command accepts."""
    return STATUS_WORDS.get(_word_key(word))


def is_status_name(word: str) -> bool:
    """Whether `word` is a status's own name rather than a wording of the logs ("ongoing"),
    which `actions update` keeps as the recorded wording."""
    status = parse_status(word)
    return status is not None and _word_key(word) == status_words(status)


def status_vocabulary() -> str:
    """Every accepted word, grouped by status, for --help and error messages:
    "open; in_progress (in progress, ongoing); ..."."""
    parts = []
    for status in Status:
        others = [w for w, s in STATUS_WORDS.items() if s is status and w != status.value]
        parts.append(status.value + (f" ({', '.join(others)})" if others else ""))
    return "; ".join(parts)


def closest(text: str, choices: Iterable[str]) -> str | None:
    """The choice most like `text` (for "did you mean"), or None if none is close."""
    import difflib

    close = difflib.get_close_matches(text, list(choices), n=1, cutoff=0.6)
    return close[0] if close else None


def closest_status_word(word: str) -> str | None:
    return closest(_word_key(word), STATUS_WORDS)


class ActionSort(StrEnum):
    id = "id"
    raised = "raised"
    due = "due"
    age = "age"
    owner = "owner"
    status = "status"


class Presence(StrEnum):
    """An LA's attendance at one meeting."""

    present = "present"
    apologies = "apologies"
    not_represented = "not represented"
    unknown = "unknown"  # the minutes do not tell

    @property
    def absent(self) -> bool:
        return self in (Presence.apologies, Presence.not_represented)
