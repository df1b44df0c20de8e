"""Each owner's open actions as a short note (blocks, outline.py) to paste into an email:
overdue first, oldest first within each, with its due date and what was last recorded.
A note names its own owner only."""

from __future__ import annotations

from typing import Literal

from fostlog.queries.agenda import CarriedAction
from fostlog.queries.digest import Digest, OwnerDigest
from fostlog.render.outline import (
    Block,
    BulletList,
    Document,
    Heading,
    ListItem,
    Paragraph,
    ParagraphStyle,
    due_text,
    long_date,
    raised_text,
    report_text,
    sentence,
)

GROUP = "the South East regional fostering leads group"


def _item(action: CarriedAction) -> ListItem:
    lead = f"No. {action.id}:" if action.id.isdigit() else f"Action {action.id}:"
    days = "day" if action.age_days == 1 else "days"
    text = (f"{sentence(action.text)} Due: {due_text(action.due)}. Raised "
            f"{raised_text(action)}, open {action.age_days} {days}. Last recorded: "
            f"{report_text(action)}")
    return ListItem(text, lead=lead)


def _summary(note: OwnerDigest, as_of: str) -> str:
    count = len(note.actions)
    overdue = len(note.overdue)
    said = f"{count} open action{'s' if count != 1 else ''} for {note.owner}"
    if overdue:
        said += f", {overdue} of them overdue" if count != 1 else ", overdue"
    return f"On {as_of} the action log of {GROUP} has {said}."


def _note(note: OwnerDigest, as_of: str, sub: Literal[2, 3]) -> list[Block]:
    """One owner's note; `sub` is the level of its Overdue and Open headings."""
    blocks: list[Block] = [Paragraph(_summary(note, as_of), ParagraphStyle.lead)]
    if note.overdue:
        blocks += [Heading(sub, "Overdue"), BulletList(tuple(_item(a) for a in note.overdue))]
    if note.not_overdue:
        heading = "Not yet due, or no due date" if note.overdue else "Open"
        blocks += [Heading(sub, heading),
                   BulletList(tuple(_item(a) for a in note.not_overdue))]
    return blocks


def digest_outline(digest: Digest) -> Document:
    as_of = long_date(digest.as_of)
    if digest.asked_for is not None:
        title = f"{digest.asked_for}: open actions on {as_of}"
        found = (_note(digest.owners[0], as_of, sub=2) if digest.owners else
                 [Paragraph(f"Nothing on the action log of {GROUP} is open for "
                            f"{digest.asked_for} on {as_of}.")])
        return Document(title, title, tuple(found), when=digest.as_of)
    title = f"Open actions by owner on {as_of}"
    blocks: list[Block] = []
    for note in digest.owners:
        blocks.append(Heading(2, note.owner))
        blocks += _note(note, as_of, sub=3)
    if not digest.owners:
        blocks.append(Paragraph(f"Nothing on the action log of {GROUP} is open on {as_of}."))
    return Document(title, title, tuple(blocks), when=digest.as_of)
