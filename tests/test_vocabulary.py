"""vocabulary.py: one set of status words for every command, the action-id pattern,
and both importable without pydantic."""

from __future__ import annotations

import subprocess
import sys

import pytest

from fostlog.core.vocabulary import (
    ACTION_ID_PATTERN,
    STATUS_WORDS,
    Status,
    closest_status_word,
    is_status_name,
    parse_status,
    status_vocabulary,
    status_words,
)


def test_status_words() -> None:
    assert status_words(Status.in_progress) == "in progress"
    assert [status_words(s) for s in Status] == ["open", "in progress", "done", "dropped"]


@pytest.mark.parametrize(("typed", "status"), [
    ("open", Status.open), ("in_progress", Status.in_progress),
    ("In  Progress", Status.in_progress), ("Ongoing", Status.in_progress),
    ("complete", Status.done), ("Closed", Status.done), ("completed", Status.done),
    ("No longer relevant", Status.dropped), ("dropped", Status.dropped),
])
def test_parse_status_takes_names_and_the_logs_wordings(typed: str, status: Status) -> None:
    assert parse_status(typed) is status


def test_status_names_are_told_from_wordings() -> None:
    assert is_status_name("in_progress") and is_status_name("In progress")
    assert not is_status_name("ongoing") and not is_status_name("Closed")
    assert not is_status_name("finished")
    assert parse_status("finished") is None


def test_the_vocabulary_text_lists_every_word() -> None:
    text = status_vocabulary()
    assert all(word in text for word in STATUS_WORDS)
    assert text.startswith("open; in_progress (in progress, ongoing); done (")


def test_closest_status_word() -> None:
    assert closest_status_word("compelte") == "complete"
    assert closest_status_word("in-progres") == "in progress"
    assert closest_status_word("xyz") is None


def test_action_id_pattern_is_the_models_own() -> None:
    from fostlog.core import models

    assert models.ACTION_ID_PATTERN is ACTION_ID_PATTERN
    assert ACTION_ID_PATTERN.match("47") and ACTION_ID_PATTERN.match("2021-07-19/2")
    assert not ACTION_ID_PATTERN.match("show") and not ACTION_ID_PATTERN.match("2021-07-19")


def test_importable_without_pydantic() -> None:
    code = ("import sys, fostlog.core.vocabulary; "
            "print(any(m.startswith('pydantic') for m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == "False"
