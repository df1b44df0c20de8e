"""A document outline as one self-contained HTML file. Blocks in, text out; the words are
outline.py's.

Inline CSS only: no script, no font, image or stylesheet fetched from elsewhere (a
Content-Security-Policy in the page forbids them), so the file can be mailed or printed
as it is. Every text goes through `escape.html_text` (entities, quotes included, and no
control character).
"""

from __future__ import annotations

from fostlog.core.escape import html_text
from fostlog.render import outline
from fostlog.render.tables import Table, texts

STYLE = """\
:root { color-scheme: light; }
body { font: 11pt/1.45 "Segoe UI", Arial, Helvetica, sans-serif; color: #1a1a1a;
       max-width: 60rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin-bottom: .5rem; }
h2 { font-size: 1.2rem; margin-top: 1.8rem; border-bottom: 1px solid #bbb; }
h3 { font-size: 1.05rem; margin: 1.2rem 0 .3rem; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
dl.facts dt { font-weight: bold; }
dl.facts dd { margin: 0; }
ul { padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
th, td { border: 1px solid #999; padding: .3rem .45rem; text-align: left;
         vertical-align: top; }
th { background: #eef1f5; }
td.num { white-space: nowrap; text-align: right; }
tr.complete td { background: #d9d9d9; }
p.lead { font-weight: bold; }
p.note, p.source { color: #444; font-size: .92em; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  thead { display: table-header-group; }
  tr, h2, h3 { break-inside: avoid; break-after: avoid-page; }
  tr.complete td, th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

_CSP = "default-src 'none'; style-src 'unsafe-inline'"


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(title)}</title>\n<style>\n{STYLE}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def _class(name: str | None) -> str:
    return f' class="{html_text(name)}"' if name else ""


class HtmlFormatter(outline.BlockWriter[str]):
    """Formatter[Document] for HTML, and its BlockWriter: one method per block type."""

    def format(self, content: outline.Document) -> str:
        body = [f"<h1>{html_text(content.title)}</h1>\n"]
        body += [outline.write_block(self, block) for block in content.blocks]
        return page(content.long_title, "".join(body))

    def heading(self, block: outline.Heading) -> str:
        return f"<h{block.level}>{html_text(block.text)}</h{block.level}>\n"

    def paragraph(self, block: outline.Paragraph) -> str:
        css = None if block.style is outline.ParagraphStyle.plain else block.style.value
        return f"<p{_class(css)}>{html_text(block.text)}</p>\n"

    def facts(self, block: outline.Facts) -> str:
        pairs = "".join(f"<dt>{html_text(k)}</dt><dd>{html_text(v)}</dd>\n"
                        for k, v in block.items)
        return f'<dl class="facts">\n{pairs}</dl>\n'

    def bullet_list(self, block: outline.BulletList) -> str:
        items = "".join(f"<li>{_strong(item.lead)}{html_text(item.text)}</li>\n"
                        for item in block.items)
        return f"<ul>\n{items}</ul>\n"

    def table(self, block: Table) -> str:
        head = "".join(f'<th scope="col">{html_text(c.header)}</th>' for c in block.columns)
        lines = [f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>"]
        for row, texts_of_row in zip(block.rows, texts(block), strict=True):
            cells = "".join(
                f"<td{_class('num' if c.numeric else None)}>"
                f"{_linked(text, c.link(row) if c.link else None)}</td>"
                for c, text in zip(block.columns, texts_of_row, strict=True)
            )
            lines.append(f"<tr{_class(block.style(row) if block.style else None)}>{cells}</tr>")
        lines.append("</tbody>\n</table>\n")
        return "\n".join(lines)

    def link_list(self, block: outline.LinkList) -> str:
        items = "".join(f"<li>{_linked(item.text, item.href)}"
                        + (f" {html_text(item.note)}" if item.note else "") + "</li>\n"
                        for item in block.items)
        return f'<ul class="links">\n{items}</ul>\n'

    def figure(self, block: outline.Figure) -> str:
        # The SVG is markup made by fostlog's chart code, which escapes what it draws and
        # carries the alternative text as its <title> and <desc> (outline.Figure).
        caption = (f"<figcaption>{html_text(block.caption)}</figcaption>\n" if block.caption
                   else "")
        return f'<figure class="chart {block.style.value}">\n{block.svg}\n{caption}</figure>\n'


def _strong(lead: str | None) -> str:
    return f"<strong>{html_text(lead)}</strong> " if lead else ""


def _linked(text: str, href: str | None) -> str:
    return f'<a href="{html_text(href)}">{html_text(text)}</a>' if href else html_text(text)


def render_html(doc: outline.Document) -> str:
    return HtmlFormatter().format(doc)
