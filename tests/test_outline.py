"""render/outline.py and its serialisers, fed by small records built here: the outline says
every word once, and Markdown and HTML lay out the same blocks (same paragraphs, same
preamble, same rows), each escaping the data its own way."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

import html5lib
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt  # installed with rich

from fostlog.core.models import AttendanceKnown, Status
from fostlog.queries.action_log import ActionLog, ActionLogRow
from fostlog.queries.minutes import ActionRef, AttendeeGroup, Minutes, MinutesItem
from fostlog.render.html_docs import render_html
from fostlog.render.markdown_docs import render_markdown
from fostlog.render.outline import (
    LOG_COLUMNS,
    Block,
    BulletList,
    Document,
    Facts,
    Heading,
    ListItem,
    Paragraph,
    ParagraphStyle,
    Row,
    RowStyle,
    action_log_outline,
    cells_table,
    minutes_outline,
    split_paragraphs,
)
from fostlog.render.output import Format, render
from fostlog.render.tables import Table

NS = "{http://www.w3.org/1999/xhtml}"
UPDATED = date(2025, 9, 17)
PREAMBLE = ("Action log: as of 17 September 2025, the latest report or meeting it holds.\n"
            "Open actions first; completed actions after them.")


def log_row(id: str, status: Status = Status.open, **changes: Any) -> ActionLogRow:
    row = ActionLogRow(id=id, text=f"Action {id}", responsible="RE", issued="July 2025",
                       status=status, recorded=None, update=None, reported=UPDATED, stale=False)
    return replace(row, **changes)


def action_log(*rows: ActionLogRow, unnumbered: tuple[str, ...] = ()) -> ActionLog:
    return ActionLog(updated=UPDATED, rows=list(rows), unnumbered_open=list(unnumbered),
                     data_as_of=UPDATED)


def meeting(**changes: Any) -> Minutes:
    record = Minutes(
        date=date(2025, 7, 7), title=None, time=None, venue=None, source=None, chair=None,
        attendance=AttendanceKnown.full,
        groups=[AttendeeGroup("Kent", True, ["Maria Cordrey", "Mark Vening"])],
        not_represented=["Surrey"], not_represented_worked_out=False, apologies=None,
        items=[], actions_raised=[], actions_mentioned=[], note=None,
        action_log=action_log(log_row("2")),
    )
    return replace(record, **changes)


def parse(text: str) -> Any:
    return html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=True)


def texts(tree: Any, tag: str) -> list[str]:
    return ["".join(e.itertext()) for e in tree.iter(f"{NS}{tag}")]


def paragraphs(blocks: tuple[Block, ...]) -> list[str]:
    return [b.text for b in blocks if isinstance(b, Paragraph)]


def headings(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks if isinstance(b, Heading)]


# --- the outline -----------------------------------------------------------------------------


def test_action_log_outline_has_the_preamble_then_one_row_per_action() -> None:
    doc = action_log_outline(action_log(
        log_row("47"),
        log_row("46", Status.in_progress, reported=None, stale=True),
        log_row("10", update="Waiting.", reported=date(2022, 1, 20), stale=True),
        log_row("9", Status.done, recorded="Closed"),
    ))
    assert doc.title == "Action log"
    assert doc.long_title == "Action log as of 17 September 2025"
    lead, table = doc.blocks
    assert lead == Paragraph(PREAMBLE, ParagraphStyle.lead)
    assert isinstance(table, Table) and tuple(c.header for c in table.columns) == LOG_COLUMNS
    assert [row.cells[4:] for row in table.rows] == [
        ("open", ""),
        ("in progress", "No report since it was raised."),
        ("open", "Waiting. Last reported 20 January 2022."),
        ('done ("Closed")', ""),
    ]
    assert [row.style for row in table.rows] == [RowStyle.open] * 3 + [RowStyle.complete]
    assert table.rows[0].cells[:4] == ("47", "Action 47", "RE", "July 2025")


def test_an_empty_log_says_so_and_counts_unnumbered_actions() -> None:
    one = action_log_outline(action_log(unnumbered=("2021-07-19/2",)))
    assert paragraphs(one.blocks)[1:] == [
        "No numbered actions had been raised by this date.",
        "1 open action never got a number in a log and is not listed: 2021-07-19/2 "
        "('fostlog actions --open' lists every open action).",
    ]
    assert one.blocks[-1] == Paragraph(paragraphs(one.blocks)[-1], ParagraphStyle.note)
    two = action_log_outline(action_log(unnumbered=("a", "b")))
    assert paragraphs(two.blocks)[-1].startswith("2 open actions never got a number in a log "
                                                 "and are not listed: a, b ")


def test_minutes_outline_sections_in_the_minutes_order() -> None:
    doc = minutes_outline(meeting(
        time="10.30-12 noon", chair="Rebecca Eligon (SESLIP)", apologies=[],
        items=[MinutesItem("1. Minutes", "Agreed."), MinutesItem("AOB", None)],
        actions_mentioned=[ActionRef("4", "Website", "All")],
        note="Transcribed by hand.", source="minutes.txt",
    ))
    assert doc.title == "South East regional fostering leads meeting"
    assert doc.long_title == "South East regional fostering leads meeting, 7 July 2025"
    assert doc.blocks[0] == Facts((("Date", "7 July 2025"), ("Time", "10.30-12 noon"),
                                   ("Chair", "Rebecca Eligon (SESLIP)")))
    assert headings(doc) == [
        "Attendees", "LAs not represented", "Apologies", "Items", "1. Minutes", "AOB",
        "Actions raised", "Earlier actions discussed", "Action log as of the meeting", "Note",
    ]
    assert BulletList((ListItem("Maria Cordrey; Mark Vening", lead="Kent:"),)) in doc.blocks
    assert paragraphs(doc.blocks)[:5] == ["Surrey", "None.", "Agreed.", "None.", PREAMBLE]
    assert doc.blocks[-1] == Paragraph("Transcribed from minutes.txt.", ParagraphStyle.source)


@pytest.mark.parametrize(("changes", "expected"), [
    ({"not_represented": None}, "Not recorded."),
    ({"not_represented": []}, "None: every LA came."),
    ({"not_represented": ["Surrey"], "not_represented_worked_out": True},
     "Surrey (worked out from the attendee list; the minutes do not list them)"),
])
def test_las_not_represented_wording(changes: dict[str, Any], expected: str) -> None:
    doc = minutes_outline(meeting(**changes))
    at = doc.blocks.index(Heading(2, "LAs not represented"))
    assert doc.blocks[at + 1] == Paragraph(expected)


def test_what_the_minutes_do_not_say_is_said() -> None:
    doc = minutes_outline(meeting(attendance=AttendanceKnown.none, groups=None, apologies=None))
    assert Paragraph("The minutes do not say who attended.", ParagraphStyle.note) in doc.blocks
    assert Facts((("Date", "7 July 2025"), ("Chair", "not recorded"))) in doc.blocks
    assert not any(isinstance(b, BulletList) for b in doc.blocks)
    listed = minutes_outline(meeting(groups=[], apologies=["Jo (Slough)", "Liz (Bucks)"]))
    assert Paragraph("Nobody is listed.") in listed.blocks
    assert Paragraph("Jo (Slough); Liz (Bucks)") in listed.blocks
    assert "Note" not in headings(minutes_outline(meeting(note=" \n \n")))


def test_a_blank_line_holding_spaces_still_ends_a_paragraph() -> None:
    assert split_paragraphs("One,\nstill one.\n \t \nTwo.\n\n\n\nThree.\n") == [
        "One,\nstill one.", "Two.", "Three."]
    assert split_paragraphs("  \n ") == []


# --- the serialisers ---------------------------------------------------------------------------

NOTES = "First paragraph,\ncontinued.\n   \nSecond paragraph.\n\t\nThird."


def test_notes_give_the_same_paragraphs_in_markdown_and_html() -> None:
    """Markdown used to split at a blank line holding spaces and HTML did not."""
    doc = minutes_outline(meeting(items=[MinutesItem("Out of hours", NOTES)]))
    expected = ["First paragraph,\ncontinued.", "Second paragraph.", "Third."]

    section = render_markdown(doc).split("### Out of hours\n\n", 1)[1].split("\n## ", 1)[0]
    assert section.strip().split("\n\n") == expected

    tree = parse(render_html(doc))
    body = list(tree.find(f".//{NS}body"))
    title = next(i for i, e in enumerate(body) if e.tag == f"{NS}h3")
    after = [e for e in body[title + 1:title + 4]]
    assert [e.tag for e in after] == [f"{NS}p"] * 3
    assert ["".join(e.itertext()) for e in after] == expected


def test_both_formats_carry_the_same_preamble() -> None:
    doc = action_log_outline(action_log(log_row("1")))
    assert render_markdown(doc).startswith(f"# Action log\n\n{PREAMBLE}\n\n| No. |")
    tree = parse(render_html(doc))
    lead = tree.find(f".//{NS}p[@class='lead']")
    assert lead is not None and "".join(lead.itertext()) == PREAMBLE
    assert tree.find(f".//{NS}title").text == "Action log as of 17 September 2025"


def test_html_table_shades_completed_rows_and_numbers_the_first_column() -> None:
    doc = action_log_outline(action_log(
        log_row("47"), log_row("49", Status.done, recorded="complete"),
        log_row("42", Status.dropped, recorded="No longer relevant"),
    ))
    tree = parse(render_html(doc))
    assert texts(tree, "th") == list(LOG_COLUMNS)
    rows = [tr for tr in tree.iter(f"{NS}tr") if tr.find(f"{NS}td") is not None]
    assert [(tr.find(f"{NS}td").text, tr.get("class")) for tr in rows] == [
        ("47", "open"), ("49", "complete"), ("42", "complete")]
    assert all(tr.find(f"{NS}td").get("class") == "num" for tr in rows)
    assert [td.text for td in rows[2]][4] == 'dropped ("No longer relevant")'
    style = tree.find(f".//{NS}style")
    assert style is not None and "tr.complete td { background" in (style.text or "")


def test_markdown_table_keeps_rows_whole() -> None:
    doc = Document("T", "T", (cells_table(("No.", "Text"), (
        Row(("1", "a | b\nsecond line")), Row(("2", "- not a list"), RowStyle.complete))),))
    assert render_markdown(doc) == (
        "# T\n\n| No. | Text |\n|---|---|\n| 1 | a \\| b second line |\n| 2 | \\- not a list |\n")


SCRIPT = "<script>alert('x')</script>"
IMAGE = '"><img src=x onerror=alert(1)>'
MARKUP = f"**bold** [link](http://x) `code` {SCRIPT} | {IMAGE} &lt;"


def hostile_minutes() -> Minutes:
    return meeting(
        title=f"# {SCRIPT}", chair=IMAGE, venue=MARKUP,
        groups=[AttendeeGroup(f"{SCRIPT}", True, [IMAGE, MARKUP])],
        items=[MinutesItem(SCRIPT, f"{MARKUP}\n# not a heading\n- not a list\n~~~\n\n{IMAGE}")],
        actions_raised=[ActionRef("1", MARKUP, IMAGE)],
        action_log=action_log(log_row("1", text=MARKUP, update=SCRIPT)),
        source=MARKUP,
    )


def test_markup_in_data_stays_text_in_html() -> None:
    page = render_html(minutes_outline(hostile_minutes()))
    tree = parse(page)
    for tag in ("script", "img", "a", "code", "strong"):
        found = [e for e in tree.iter(f"{NS}{tag}") if tag != "strong" or e.text != f"{SCRIPT}:"]
        assert found == [], tag
    for element in tree.iter():
        assert not any(name.startswith("on") for name in element.attrib), element.tag
    text = "".join(tree.find(f".//{NS}body").itertext())
    assert SCRIPT in text and IMAGE in text and MARKUP in text
    assert "&quot;&gt;&lt;img" in page and "alert(&#x27;x&#x27;)" in page  # quotes too


def test_markup_in_data_is_escaped_in_markdown() -> None:
    doc = minutes_outline(hostile_minutes())
    text = render_markdown(doc)
    assert re.search(r"(?<!\\)[<>`\[\]]", text) is None
    assert "\\&lt;" in text  # an entity in the data stays the characters typed
    assert "\n\\# not a heading\n\\- not a list\n\\~~~\n" in text
    # Read back by a CommonMark parser (with GitHub's tables), the data is text again.
    page = MarkdownIt("commonmark").enable("table").render(text)
    tree = parse(page)
    for tag in ("script", "img", "a", "code", "em", "pre"):
        assert tree.find(f".//{NS}{tag}") is None, tag
    assert texts(tree, "strong") == ["Date:", "Venue:", "Chair:", f"{SCRIPT}:"]
    assert texts(tree, "h1") == [doc.title]
    shown = ["".join(e.itertext()) for e in tree.iter() if e.tag in (f"{NS}h2", f"{NS}h3")]
    assert shown == headings(doc)
    assert len(texts(tree, "li")) == 1  # the one attendee group
    assert [len(tr) for tr in tree.iter(f"{NS}tr")] == [3, 3] + [6, 6]
    body = "".join(tree.find(f".//{NS}body").itertext())
    assert SCRIPT in body and IMAGE in body and MARKUP in body


# --- every block, every format -----------------------------------------------------------------

EVERY_BLOCK = Document("Title", "Long title", (
    Heading(2, "Section"), Heading(3, "Sub"), Heading(4, "Subsub"),
    Paragraph("Plain."), Paragraph("Lead.", ParagraphStyle.lead),
    Paragraph("Note.", ParagraphStyle.note), Paragraph("Source.", ParagraphStyle.source),
    Facts((("Date", "1 May 2025"),)),
    BulletList((ListItem("no lead"), ListItem("with lead", lead="Kent:"))),
    cells_table(("No.", "Text"), (Row(("1", "one"), RowStyle.open), Row(("2", "two")))),
))


@pytest.mark.parametrize("output_format", [Format.markdown, Format.html, Format.text])
def test_every_format_writes_every_block(output_format: Format) -> None:
    text = render(EVERY_BLOCK, output_format)
    assert isinstance(text, str)
    for words in ("Title", "Section", "Subsub", "Plain.", "Lead.", "Note.", "Source.",
                  "1 May 2025", "no lead", "Kent:", "with lead", "two"):
        assert words in text, (output_format, words)


def test_every_block_in_markdown() -> None:
    assert render_markdown(EVERY_BLOCK) == (
        "# Title\n\n## Section\n\n### Sub\n\n#### Subsub\n\nPlain.\n\nLead.\n\nNote.\n\n"
        "---\n\nSource.\n\n**Date:** 1 May 2025\n\n- no lead\n- **Kent:** with lead\n\n"
        "| No. | Text |\n|---|---|\n| 1 | one |\n| 2 | two |\n"
    )


def test_every_block_in_html() -> None:
    page = render_html(EVERY_BLOCK)
    assert page.startswith("<!DOCTYPE html>\n") and "<title>Long title</title>" in page
    assert "default-src 'none'" in page
    body = page.split("<body>\n", 1)[1].split("</body>", 1)[0]
    assert body == (
        "<h1>Title</h1>\n<h2>Section</h2>\n<h3>Sub</h3>\n<h4>Subsub</h4>\n"
        '<p>Plain.</p>\n<p class="lead">Lead.</p>\n<p class="note">Note.</p>\n'
        '<p class="source">Source.</p>\n'
        '<dl class="facts">\n<dt>Date</dt><dd>1 May 2025</dd>\n</dl>\n'
        "<ul>\n<li>no lead</li>\n<li><strong>Kent:</strong> with lead</li>\n</ul>\n"
        '<table>\n<thead><tr><th scope="col">No.</th><th scope="col">Text</th></tr></thead>\n'
        '<tbody>\n<tr class="open"><td class="num">1</td><td>one</td></tr>\n'
        '<tr><td class="num">2</td><td>two</td></tr>\n</tbody>\n</table>\n'
    )


# --- any note: Markdown read back gives the paragraphs HTML shows ------------------------------

# Words, the pieces Markdown gives meaning to, and the white space that ends lines.
PIECES = ["a", "b c", "1.", "2)", "#", "##", " ", "  ", "\t", "\n", "\n\n", "\n \n", "*", "**",
          "_", "-", "---", "+", "=", "===", ">", "|", "<b>", "<!--", "&amp;", "&#1;", "&copy;",
          "`", "```", "~~~", "[x](y)", "![i](s)", "\\", "<http://x>", "www.x.org"]
NOTE_TEXT = st.lists(st.sampled_from(PIECES), max_size=24).map("".join)


@settings(max_examples=300, deadline=None)
@given(NOTE_TEXT)
def test_markdown_read_back_shows_the_paragraphs_html_shows(note: str) -> None:
    doc = Document("T", "T", tuple(Paragraph(p) for p in split_paragraphs(note)))
    from_markdown = parse(MarkdownIt("commonmark").render(render_markdown(doc)))
    from_html = parse(render_html(doc))

    def shown(tree: Any) -> list[str]:
        return [" ".join(p.split()) for p in texts(tree, "p")]

    assert shown(from_markdown) == shown(from_html)
    assert [e.tag for e in from_markdown.find(f".//{NS}body")] == [f"{NS}h1"] + [f"{NS}p"] * len(
        doc.blocks)
