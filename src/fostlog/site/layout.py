"""A site page as HTML: the document's blocks through the HTML writer (render/html_docs.py),
inside the site's navigation and footer, with the HTML documents' styles and the site's.

No script, no font, image or stylesheet from anywhere: the Content-Security-Policy in
every page says so, and the browser tests hold the site to it. Links are relative.
"""

from __future__ import annotations

from fostlog.core.escape import html_text
from fostlog.render import outline
from fostlog.render.html_docs import STYLE, HtmlFormatter
from fostlog.site.links import Page, relative

# default-src 'none' forbids every fetch (scripts, images, fonts, frames, connections);
# inline styles are the only thing allowed. base-uri and form-action are not covered by
# default-src, so they are shut too.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"

SITE_STYLE = """\
nav.site { border-bottom: 2px solid #3b6ea5; margin: 0 0 1.2rem; padding: .4rem 0; }
nav.site ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap;
              gap: .3rem 1.2rem; }
nav.site a { color: #1a3d66; text-decoration: none; font-weight: 600; }
nav.site a[aria-current="page"] { text-decoration: underline; }
nav.site .site-name { color: #444; font-weight: normal; }
a { color: #1a4f8a; }
ul.links li { margin: .2rem 0; }
figure.chart { margin: 1rem 0 1.4rem; overflow-x: auto; }
figure.chart svg { max-width: 100%; height: auto; display: block; }
figure.chart.small { display: inline-block; vertical-align: top; width: 25rem;
                     max-width: 100%; margin: .4rem 1rem .8rem 0; }
figcaption { color: #444; font-size: .9em; margin-top: .3rem; max-width: 45rem; }
@media (max-width: 40rem) {
  /* A wide table scrolls on its own on a phone, not the whole page. */
  main table { display: block; overflow-x: auto; max-width: 100%; }
}
footer.site { margin-top: 2.5rem; border-top: 1px solid #bbb; color: #444;
              font-size: .9em; padding-top: .4rem; }
@media print {
  nav.site { display: none; }
  figure.chart { break-inside: avoid; overflow: visible; }
  figure.chart svg { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  a { color: inherit; text-decoration: none; }
}
"""


def _nav(page: Page, sections: list[tuple[str, str]]) -> str:
    items = []
    for target, title in sections:
        current = ' aria-current="page"' if target == page.section else ""
        items.append(f'<li><a href="{html_text(relative(page.path, target))}"{current}>'
                     f"{html_text(title)}</a></li>")
    return ('<nav class="site" aria-label="Site">\n<ul>'
            '<li class="site-name">Fostering leads group</li>'
            f'{"".join(items)}</ul>\n</nav>\n')


def page_html(page: Page, sections: list[tuple[str, str]]) -> str:
    writer = HtmlFormatter()
    document = page.document
    body = [_nav(page, sections), "<main>\n", f"<h1>{html_text(document.title)}</h1>\n"]
    body += [outline.write_block(writer, block) for block in document.blocks]
    body.append("</main>\n")
    # The footer gives no date: a page whose content does not depend on the day (a
    # meeting's minutes, a benchmarking year) stays the same, byte for byte, from one
    # build to the next; a page that does says its date in its text.
    body.append('<footer class="site">Built by fostlog from the group\'s data files. '
                "Unknown is never shown as zero.</footer>\n")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html_text(document.long_title)}</title>\n"
        f"<style>\n{STYLE}{SITE_STYLE}</style>\n</head>\n"
        f"<body>\n{''.join(body)}</body>\n</html>\n"
    )
