"""Where things are in a data file: a key path and its (line, column).

Kept apart from yamlsafe.py, which imports PyYAML, so that code which only looks up
positions (the Repository, a question answered from the cache) never imports it."""

from __future__ import annotations

from typing import Any

KeyPath = tuple[Any, ...]
Position = tuple[int, int]


def position_in(positions: dict[KeyPath, Position], path: KeyPath) -> Position:
    """The position of `path` in a file's positions, or of its nearest ancestor."""
    for end in range(len(path), -1, -1):
        found = positions.get(tuple(path[:end]))
        if found is not None:
            return found
    return (1, 1)
