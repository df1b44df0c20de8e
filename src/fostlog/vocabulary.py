"""Closed vocabularies shared by the models, the queries and the command line.

Kept apart from models.py (which imports pydantic) so the command line can offer these
as choices without paying pydantic's import time for `--help`.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    open = "open"
    in_progress = "in_progress"
    done = "done"
    dropped = "dropped"

    @property
    def is_open(self) -> bool:
        return self in (Status.open, Status.in_progress)


# The words the logs use for each status (see the header of data/actions.yaml), so that
# `--status complete` means done and keeps "complete" as the recorded wording.
STATUS_WORDS: dict[str, Status] = {
    "open": Status.open,
    "in progress": Status.in_progress,
    "ongoing": Status.in_progress,
    "done": Status.done,
    "complete": Status.done,
    "completed": Status.done,
    "closed": Status.done,
    "dropped": Status.dropped,
    "no longer relevant": Status.dropped,
}


def parse_status(word: str) -> Status | None:
    """A status from its name (in_progress) or a wording the logs use (Closed)."""
    key = " ".join(word.replace("_", " ").split()).casefold()
    return STATUS_WORDS.get(key)


class ActionSort(StrEnum):
    id = "id"
    raised = "raised"
    age = "age"
    owner = "owner"
    status = "status"
