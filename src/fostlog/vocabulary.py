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


class ActionSort(StrEnum):
    id = "id"
    raised = "raised"
    age = "age"
    owner = "owner"
    status = "status"
