"""A document outline as Markdown (CommonMark, with GitHub's pipe tables). Blocks in, text
out; the words are outline.py's.

Every text is escaped, so a '|' in an action cannot break a table and a '<script>' in a
name stays text wherever the Markdown is turned into HTML.
"""

from __future__ import annotations

import re

from fostlog.render import outline

# CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones
# that could start markup (emphasis, links, code, raw HTML, table cells) inside a line,
# and '&' where it would start an entity ("&lt;" must not turn into "<").
_INLINE = re.compile(r"([\\`*_\[\]<>|]|&(?=#?\w+;))")
# ...and these only at the start of a line (headings, lists, quotes, rules, ~~~ fences).
_LINE_START = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|[+](?=\s|$)|-(?=[\s-]|$)|>|\d+[.)](?=\s|$)|=+\s*$|~~~)",
    re.MULTILINE,
)


def escape(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def _one_line(text: str) -> str:
    """Escaped text on one line, for a heading or a table cell, where a newline would end
    the construct."""
    return " ".join(escape(text).split())


def _heading_line(level: int, text: str) -> str:
    return f"{'#' * level} {_one_line(text)}\n"


class MarkdownFormatter(outline.BlockWriter[str]):
    """Formatter[Document] for Markdown, and its BlockWriter: one method per block type."""

    def format(self, content: outline.Document) -> str:
        blocks = [outline.write_block(self, block) for block in content.blocks]
        return "\n".join([_heading_line(1, content.title), *blocks])

    def heading(self, block: outline.Heading) -> str:
        return _heading_line(block.level, block.text)

    def paragraph(self, block: outline.Paragraph) -> str:
        text = escape(block.text) + "\n"
        # Markdown has no class for a paragraph; the source line is set apart by a rule.
        return f"---\n\n{text}" if block.style is outline.ParagraphStyle.source else text

    def facts(self, block: outline.Facts) -> str:
        lines = [f"**{_one_line(label)}:** {_one_line(value)}" for label, value in block.items]
        # Two trailing spaces: a hard line break, so each fact stands on its own line.
        return "  \n".join(lines) + "\n"

    def bullet_list(self, block: outline.BulletList) -> str:
        lines = []
        for item in block.items:
            lead = f"**{_one_line(item.lead)}** " if item.lead else ""
            lines.append(f"- {lead}{_one_line(item.text)}\n")
        return "".join(lines)

    def table(self, block: outline.Table) -> str:
        lines = ["| " + " | ".join(_one_line(h) for h in block.headers) + " |",
                 "|" + "|".join("---" for _ in block.headers) + "|"]
        lines += ["| " + " | ".join(_one_line(c) for c in row.cells) + " |" for row in block.rows]
        return "\n".join(lines) + "\n"

    def link_list(self, block: outline.LinkList) -> str:
        lines = []
        for item in block.items:
            note = f" {_one_line(item.note)}" if item.note else ""
            # The pointy-bracket form takes any address but one with <, > or a newline.
            href = "".join(c for c in item.href if c not in "<>\n\r")
            lines.append(f"- [{_one_line(item.text)}](<{href}>){note}\n")
        return "".join(lines)

    def figure(self, block: outline.Figure) -> str:
        # Markdown cannot be relied on to draw an SVG (GitHub strips it): the words.
        caption = f"{_one_line(block.caption)}: " if block.caption else ""
        return f"*Chart.* {caption}{escape(block.alt)}\n"


def render_markdown(doc: outline.Document) -> str:
    return MarkdownFormatter().format(doc)
