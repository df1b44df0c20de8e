"""One output interface for every command: `Format` names what a command writes, and
`render` is the one dispatch from an answer (rows, a document, a calendar, lint's
diagnostics or rules) and a format to text (Word: bytes). Its `match` ends in
`assert_never`, so mypy reports a format added without a formatter (pip-audit's
`_format/interface.py`). A command offers only the formats its answer has a formatter for
(cli/common.format_option).
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum
from typing import Any, Protocol, TypeVar, assert_never

Content = TypeVar("Content", contravariant=True)


class Formatter(Protocol[Content]):
    """Turns one kind of content (rows, diagnostics, a document outline) into text."""

    def format(self, content: Content) -> str: ...


class Format(StrEnum):
    table = "table"  # rows for people: drawn with rich on a terminal, plain when piped
    text = "text"  # a document or a lint report as plain text
    markdown = "markdown"
    csv = "csv"
    json = "json"
    github = "github"  # a lint report as GitHub Actions annotations
    html = "html"
    docx = "docx"  # a Word document: bytes
    ics = "ics"  # iCalendar

    @property
    def in_words(self) -> bool:
        """For people to read (a table, Markdown): an unknown figure's cell says why it is
        unknown; CSV and JSON keep the figure's own cell empty and give reasons apart."""
        return self in (Format.table, Format.markdown)


def _kind(content: Any) -> str:
    """Which formatters an answer takes: rows, rules, diagnostics or a document."""
    from fostlog.core.rules import Rule
    from fostlog.render.tables import Record, Table

    if isinstance(content, (Table, Record)):
        return "rows"
    if isinstance(content, Sequence):
        return "rules" if content and isinstance(content[0], Rule) else "diagnostics"
    return "document"


def render(content: Any, output_format: Format, *, width: int | None = None,
           terminal: bool = False, hint: str | None = None) -> str | bytes:
    """`content` in `output_format`: a table drawn with rich for a terminal, fitted to
    `width` (None: as wide as it needs), `hint` saying how to see what was left out; a
    lint report in text is wrapped to `width` when given."""
    from fostlog.core import diagnostics, rules
    from fostlog.render import tables

    kind = _kind(content)
    formatter: Any
    match output_format:
        case Format.table:
            drawn = tables.RichFormatter if terminal else tables.PlainFormatter
            formatter = drawn(width, hint or tables.WIDE_HINT)
        case Format.text:
            from fostlog.render.text_docs import TextFormatter

            formatter = (diagnostics.TextFormatter(width) if kind == "diagnostics" else
                         {"document": TextFormatter, "rules": rules.RulesTextFormatter}[kind]())
        case Format.markdown:
            from fostlog.render.markdown_docs import MarkdownFormatter

            formatter = {"rows": tables.MarkdownFormatter, "document": MarkdownFormatter,
                         "diagnostics": diagnostics.MarkdownFormatter,
                         "rules": rules.RulesMarkdownFormatter}[kind]()
        case Format.csv:
            formatter = tables.CsvFormatter()
        case Format.json:
            formatter = {"rows": tables.JsonFormatter, "diagnostics": diagnostics.JsonFormatter,
                         "rules": rules.RulesJsonFormatter}[kind]()
        case Format.github:
            formatter = diagnostics.GithubFormatter()
        case Format.html:
            from fostlog.render.html_docs import HtmlFormatter

            formatter = HtmlFormatter()
        case Format.docx:
            from fostlog.render.docx_docs import DocxFormatter

            formatter = DocxFormatter()
        case Format.ics:
            from fostlog.render.ics import IcsFormatter

            formatter = IcsFormatter()
        case _:
            assert_never(output_format)
    written: str | bytes = formatter.format(content)
    return written
