"""The action log and a meeting's minutes as one self-contained HTML file.

Inline CSS only: no script, no font, image or stylesheet fetched from elsewhere (a
Content-Security-Policy in the page forbids them), so the file can be mailed or printed
as it is. Every value from the data goes through `html.escape`, quotes included.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape

from fostlog.queries.action_log import ActionLog
from fostlog.queries.minutes import ActionRef, Minutes
from fostlog.render.document_text import (
    ATTENDANCE_NOTES,
    COLUMNS,
    log_cells,
    long_date,
    unnumbered_line,
    updated_line,
)

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
ul.attendees { padding-left: 1.2rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0; }
th, td { border: 1px solid #999; padding: .3rem .45rem; text-align: left;
         vertical-align: top; }
th { background: #eef1f5; }
td.num { white-space: nowrap; text-align: right; }
tr.complete td { background: #d9d9d9; }
p.updated { font-weight: bold; }
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
        f"<title>{escape(title)}</title>\n<style>\n{STYLE}</style>\n</head>\n"
        f"<body>\n{body}</body>\n</html>\n"
    )


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    row_classes: Iterable[str] | None = None,
) -> str:
    classes = iter(row_classes) if row_classes is not None else None
    head = "".join(f'<th scope="col">{escape(h)}</th>' for h in headers)
    lines = [f"<table>\n<thead><tr>{head}</tr></thead>\n<tbody>"]
    for row in rows:
        css = next(classes, "") if classes is not None else ""
        attr = f' class="{escape(css)}"' if css else ""
        cells = [f'<td class="num">{escape(row[0])}</td>']
        cells += [f"<td>{escape(cell)}</td>" for cell in row[1:]]
        lines.append(f"<tr{attr}>{''.join(cells)}</tr>")
    lines.append("</tbody>\n</table>\n")
    return "\n".join(lines)


def _paragraphs(text: str, css: str | None = None) -> str:
    attr = f' class="{css}"' if css else ""
    blocks = [b.strip() for b in text.strip().split("\n\n") if b.strip()]
    return "".join(f"<p{attr}>{escape(b)}</p>\n" for b in blocks)


def _log_body(log: ActionLog) -> str:
    parts = [
        f'<p class="updated">{escape(updated_line(log))} Shaded lines, actions are complete.'
        "</p>\n"
    ]
    if log.rows:
        parts.append(
            table(
                COLUMNS,
                (log_cells(row) for row in log.rows),
                ("open" if row.is_open else "complete" for row in log.rows),
            )
        )
    else:
        parts.append("<p>No numbered actions had been raised by this date.</p>\n")
    extra = unnumbered_line(log)
    if extra:
        parts.append(f'<p class="note">{escape(extra)}</p>\n')
    return "".join(parts)


def render_action_log(log: ActionLog) -> str:
    title = f"Action log, updated {long_date(log.updated)}"
    return page(title, f"<h1>Action log</h1>\n{_log_body(log)}")


def _action_refs(refs: list[ActionRef]) -> str:
    return table(("No.", "Action", "Responsible"), ((r.id, r.text, r.responsible) for r in refs))


def render_minutes(minutes: Minutes) -> str:
    out: list[str] = []
    title = minutes.title or "South East regional fostering leads meeting"
    out.append(f"<h1>{escape(title)}</h1>\n")
    facts = [("Date", long_date(minutes.date))]
    if minutes.time:
        facts.append(("Time", minutes.time))
    if minutes.venue:
        facts.append(("Venue", minutes.venue))
    facts.append(("Chair", minutes.chair or "not recorded"))
    out.append(
        '<dl class="facts">\n'
        + "".join(f"<dt>{escape(k)}</dt><dd>{escape(v)}</dd>\n" for k, v in facts)
        + "</dl>\n"
    )

    out.append("<h2>Attendees</h2>\n")
    note = ATTENDANCE_NOTES[minutes.attendance]
    if note:
        out.append(f'<p class="note">{escape(note)}</p>\n')
    if minutes.groups:
        out.append('<ul class="attendees">\n')
        for group in minutes.groups:
            names = "; ".join(escape(n) for n in group.names)
            out.append(f"<li><strong>{escape(group.heading)}:</strong> {names}</li>\n")
        out.append("</ul>\n")
    elif minutes.groups is not None:
        out.append("<p>Nobody is listed.</p>\n")

    out.append("<h2>LAs not represented</h2>\n")
    if minutes.not_represented is None:
        out.append("<p>Not recorded.</p>\n")
    else:
        names = ", ".join(escape(n) for n in minutes.not_represented) or "None: every LA came."
        if minutes.not_represented_worked_out:
            names += " (worked out from the attendee list; the minutes do not list them)"
        out.append(f"<p>{names}</p>\n")

    out.append("<h2>Apologies</h2>\n")
    if minutes.apologies is None:
        out.append("<p>Not recorded.</p>\n")
    elif not minutes.apologies:
        out.append("<p>None.</p>\n")
    else:
        out.append(f"<p>{'; '.join(escape(a) for a in minutes.apologies)}</p>\n")

    out.append("<h2>Items</h2>\n")
    if not minutes.items:
        out.append("<p>No items are recorded.</p>\n")
    for item in minutes.items:
        out.append(f"<h3>{escape(item.title)}</h3>\n")
        if item.notes:
            out.append(_paragraphs(item.notes))

    out.append("<h2>Actions raised</h2>\n")
    out.append(_action_refs(minutes.actions_raised) if minutes.actions_raised else "<p>None.</p>\n")
    if minutes.actions_mentioned:
        out.append("<h2>Earlier actions discussed</h2>\n")
        out.append(_action_refs(minutes.actions_mentioned))

    out.append(f"<h2>Action log as of the meeting</h2>\n{_log_body(minutes.action_log)}")
    if minutes.note:
        out.append(f"<h2>Note</h2>\n{_paragraphs(minutes.note)}")
    if minutes.source:
        out.append(f'<p class="source">Transcribed from {escape(minutes.source)}.</p>\n')
    return page(f"{title}, {long_date(minutes.date)}", "".join(out))
