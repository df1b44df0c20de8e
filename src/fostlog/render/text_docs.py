"""A document outline as plain text to paste into an email: no markup at all, lines
wrapped at 78 characters, headings underlined. Blocks in, text out; the words are
outline.py's.

Plain text needs no escaping, but a terminal or a mail program acts on control
characters (an escape sequence can recolour or rewrite the screen), so every control
character is shown as U+FFFD (escape.one_line).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

from fostlog.core.escape import one_line
from fostlog.render import outline
from fostlog.render.tables import Table, texts

WIDTH = 78
_UNDERLINE = {1: "=", 2: "-"}


def _wrapped(text: str, first: str = "", rest: str = "") -> str:
    return textwrap.fill(one_line(text), WIDTH, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False) or first.rstrip()


def _heading(level: int, text: str) -> str:
    line = one_line(text)
    mark = _UNDERLINE.get(level)
    return f"{line}\n{mark * min(len(line), WIDTH)}\n" if mark else f"{line}\n"


def _items(entries: Iterable[str]) -> str:
    """Each entry as a list item, wrapped under its dash."""
    return "".join(_wrapped(entry, first="- ", rest="  ") + "\n" for entry in entries)


class TextFormatter(outline.BlockWriter[str]):
    """Formatter[Document] for plain text, and its BlockWriter: one method per block type."""

    def format(self, content: outline.Document) -> str:
        return outline.text_document(self, content, _heading(1, content.title))

    def heading(self, block: outline.Heading) -> str:
        return _heading(block.level, block.text)

    def paragraph(self, block: outline.Paragraph) -> str:
        return _wrapped(block.text) + "\n"

    def facts(self, block: outline.Facts) -> str:
        return "".join(_wrapped(f"{label}: {value}", rest="    ") + "\n"
                       for label, value in block.items)

    def bullet_list(self, block: outline.BulletList) -> str:
        return _items(f"{item.lead} {item.text}" if item.lead else item.text
                      for item in block.items)

    def table(self, block: Table) -> str:
        # A table does not survive a mail program's proportional font: each row becomes
        # an entry of "header: cell" pairs.
        return _items("; ".join(f"{c.header}: {text}"
                                for c, text in zip(block.columns, cells, strict=True))
                      for cells in texts(block))

    def link_list(self, block: outline.LinkList) -> str:
        return _items(f"{item.text}: {item.href}" + (f" {item.note}" if item.note else "")
                      for item in block.items)

    def figure(self, block: outline.Figure) -> str:
        caption = f"{block.caption}: " if block.caption else ""
        return _wrapped(f"Chart. {caption}{block.alt}") + "\n"


def render_text(doc: outline.Document) -> str:
    return TextFormatter().format(doc)
