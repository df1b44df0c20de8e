"""The action log and a meeting's minutes as Markdown. Records in, text out.

Every value from the data is escaped, so a '|' in an action cannot break a table and a
'<script>' in a name stays text wherever the Markdown is turned into HTML.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

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

# CommonMark lets any ASCII punctuation be escaped with a backslash; these are the ones
# that could start markup (emphasis, links, code, raw HTML, table cells) inside a line.
_INLINE = re.compile(r"([\\`*_\[\]<>|])")
# ...and these only at the start of a line (headings, lists, quotes, rules).
_LINE_START = re.compile(
    r"^(\s*)(#{1,6}(?=\s|$)|[+](?=\s|$)|-(?=[\s-]|$)|>|\d+[.)](?=\s|$)|=+\s*$)",
    re.MULTILINE,
)


def escape(text: str) -> str:
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + _escape_marker(m.group(2)), text)


def _escape_marker(marker: str) -> str:
    if marker[0].isdigit():
        return marker[:-1] + "\\" + marker[-1]
    return "\\" + marker


def _cell(text: str) -> str:
    return " ".join(escape(text).split())


def table(headers: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    for row in rows:
        lines.append("| " + " | ".join(_cell(cell) for cell in row) + " |")
    return "\n".join(lines) + "\n"


def _log_body(log: ActionLog) -> str:
    parts = [updated_line(log), "Open actions first; completed actions after them.", ""]
    if log.rows:
        parts.append(table(COLUMNS, (log_cells(row) for row in log.rows)))
    else:
        parts.append("No numbered actions had been raised by this date.\n")
    extra = unnumbered_line(log)
    if extra:
        parts += [escape(extra), ""]
    return "\n".join(parts).rstrip("\n") + "\n"


def render_action_log(log: ActionLog) -> str:
    return f"# Action log\n\n{_log_body(log)}"


def _action_refs(refs: list[ActionRef]) -> str:
    return table(("No.", "Action", "Responsible"), ((r.id, r.text, r.responsible) for r in refs))


def _paragraphs(text: str) -> str:
    return "\n\n".join(escape(p.strip()) for p in re.split(r"\n\s*\n", text.strip()))


def render_minutes(minutes: Minutes) -> str:
    out: list[str] = []
    title = minutes.title or "South East regional fostering leads meeting"
    out.append(f"# {escape(title)}\n")
    facts_lines = [f"**Date:** {long_date(minutes.date)}"]
    if minutes.time:
        facts_lines.append(f"**Time:** {escape(minutes.time)}")
    if minutes.venue:
        facts_lines.append(f"**Venue:** {escape(minutes.venue)}")
    facts_lines.append(f"**Chair:** {escape(minutes.chair) if minutes.chair else 'not recorded'}")
    out.append("  \n".join(facts_lines) + "\n")

    out.append("## Attendees\n")
    note = ATTENDANCE_NOTES[minutes.attendance]
    if note:
        out.append(note + "\n")
    if minutes.groups:
        out.append(
            "\n".join(
                f"- **{escape(g.heading)}:** " + "; ".join(escape(n) for n in g.names)
                for g in minutes.groups
            )
            + "\n"
        )
    elif minutes.groups is not None:
        out.append("Nobody is listed.\n")

    out.append("## LAs not represented\n")
    if minutes.not_represented is None:
        out.append("Not recorded.\n")
    else:
        names = ", ".join(escape(n) for n in minutes.not_represented) or "None: every LA came."
        if minutes.not_represented_worked_out:
            names += " (worked out from the attendee list; the minutes do not list them)"
        out.append(names + "\n")

    out.append("## Apologies\n")
    if minutes.apologies is None:
        out.append("Not recorded.\n")
    else:
        out.append("; ".join(escape(a) for a in minutes.apologies) + "\n" if minutes.apologies
                   else "None.\n")

    out.append("## Items\n")
    if not minutes.items:
        out.append("No items are recorded.\n")
    for item in minutes.items:
        out.append(f"### {escape(item.title)}\n")
        if item.notes:
            out.append(_paragraphs(item.notes) + "\n")

    out.append("## Actions raised\n")
    out.append(_action_refs(minutes.actions_raised) if minutes.actions_raised else "None.\n")
    if minutes.actions_mentioned:
        out.append("## Earlier actions discussed\n")
        out.append(_action_refs(minutes.actions_mentioned))

    out.append(f"## Action log as of the meeting\n\n{_log_body(minutes.action_log)}")
    if minutes.note:
        out.append(f"## Note\n\n{_paragraphs(minutes.note)}\n")
    if minutes.source:
        out.append(f"---\n\nTranscribed from {escape(minutes.source)}.\n")
    return "\n".join(out)
