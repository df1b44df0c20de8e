"""A document outline as Markdown (CommonMark, with GitHub's pipe tables). Blocks in, text
out; the words are outline.py's.

Every text is escaped (core/escape.py), so a '|' in an action cannot break a table, a
'<script>' in a name stays text wherever the Markdown is turned into HTML, and a line of
a note (after a newline or a lone CR) cannot start a heading or a code block.
"""

from __future__ import annotations

from fostlog.core.escape import markdown_line, markdown_text, one_line
from fostlog.render import outline
from fostlog.render.tables import Table, texts


def _heading_line(level: int, text: str) -> str:
    return f"{'#' * level} {markdown_line(text)}\n"


class MarkdownFormatter(outline.BlockWriter[str]):
    """Formatter[Document] for Markdown, and its BlockWriter: one method per block type."""

    def format(self, content: outline.Document) -> str:
        return outline.text_document(self, content, _heading_line(1, content.title))

    def heading(self, block: outline.Heading) -> str:
        return _heading_line(block.level, block.text)

    def paragraph(self, block: outline.Paragraph) -> str:
        text = markdown_text(block.text) + "\n"
        # Markdown has no class for a paragraph; the source line is set apart by a rule.
        return f"---\n\n{text}" if block.style is outline.ParagraphStyle.source else text

    def facts(self, block: outline.Facts) -> str:
        lines = [f"**{markdown_line(label)}:** {markdown_line(value)}"
                 for label, value in block.items]
        # Two trailing spaces: a hard line break, so each fact stands on its own line.
        return "  \n".join(lines) + "\n"

    def bullet_list(self, block: outline.BulletList) -> str:
        return "".join(f"- {f'**{markdown_line(item.lead)}** ' if item.lead else ''}"
                       f"{markdown_line(item.text)}\n" for item in block.items)

    def table(self, block: Table) -> str:
        lines = ["| " + " | ".join(markdown_line(c.header) for c in block.columns) + " |",
                 "|" + "|".join("---" for _ in block.columns) + "|"]
        lines += ["| " + " | ".join(markdown_line(c) for c in cells) + " |"
                  for cells in texts(block)]
        return "\n".join(lines) + "\n"

    def link_list(self, block: outline.LinkList) -> str:
        lines = []
        for item in block.items:
            note = f" {markdown_line(item.note)}" if item.note else ""
            # The pointy-bracket form takes any address but one with <, > or a newline.
            href = "".join(c for c in one_line(item.href) if c not in "<>")
            lines.append(f"- [{markdown_line(item.text)}](<{href}>){note}\n")
        return "".join(lines)

    def figure(self, block: outline.Figure) -> str:
        # Markdown cannot be relied on to draw an SVG (GitHub strips it): the words.
        caption = f"{markdown_line(block.caption)}: " if block.caption else ""
        return f"*Chart.* {caption}{markdown_text(block.alt)}\n"


def render_markdown(doc: outline.Document) -> str:
    return MarkdownFormatter().format(doc)
