"""One output interface for every command: a format names a Formatter, a Formatter turns
content into text, and only the command line writes that text to stdout.

Each family of formats (tables, lint reports, documents) is a StrEnum whose members map
to a Formatter through one `match` ending in `assert_never`, so mypy reports a format
added without a formatter (the pattern of pip-audit's `_format/interface.py`).
"""

from __future__ import annotations

from typing import Protocol, TypeVar

Content = TypeVar("Content", contravariant=True)


class Formatter(Protocol[Content]):
    """Turns one kind of content (rows, diagnostics, a document outline) into text."""

    def format(self, content: Content) -> str: ...
