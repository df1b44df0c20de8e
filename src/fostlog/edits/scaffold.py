"""A new meeting file, ready to fill in: its text (Repository + date -> str), and the
Change that adds it (edits.change.apply makes it; it never replaces a file).

It is valid and lint-clean as written: attendance starts as `none` with every LA's known
people listed as commented-out attendee lines, so nothing is claimed until the
coordinator uncomments who came. The actions open on the day are listed for review.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from fostlog import domain
from fostlog.core.models import Person
from fostlog.core.repository import Repository
from fostlog.core.schema import modeline
from fostlog.domain.meetings import surely_raised_by
from fostlog.edits.change import Change
from fostlog.edits.yamltext import EditRefused, comment_text


def _one_line(text: str, width: int = 80) -> str:
    text = " ".join(comment_text(text).split())
    return text if len(text) <= width else text[: width - 3].rstrip() + "..."


def _attendee_line(person: Person, authority: str) -> str:
    if person.authority == authority:
        return f"  # - {{person: {person.id}, authority: {authority}}}"
    return f"  # - {{person: {person.id}, organisation: {person.organisation}}}"


def _last_chair(repo: Repository, before: date) -> str | None:
    for meeting in sorted(repo.meetings, key=lambda m: m.date, reverse=True):
        if meeting.date < before and meeting.chair and meeting.chair.person:
            where = meeting.chair.authority or meeting.chair.organisation
            inline = f"{{person: {meeting.chair.person}" + (
                f", {'authority' if meeting.chair.authority else 'organisation'}: {where}}}"
                if where else "}"
            )
            name = repo.person_name(meeting.chair.person)
            return f"{inline}   ({name} chaired on {meeting.date.isoformat()})"
    return None


def open_actions(repo: Repository, when: date) -> list[str]:
    """Ids of the actions open on `when`, numbered ones first: those `actions --open
    --as-of` lists (an action dated only to a month counts once surely raised)."""
    found = [
        a.id for a in repo.actions
        if surely_raised_by(a, when, repo) and domain.status_as_of(a, when).is_open
    ]
    return sorted(found, key=domain.id_order)


def new_meeting_text(repo: Repository, when: date) -> str:
    day = when.isoformat()
    chair = _last_chair(repo, when)
    lines = [
        modeline(f"meetings/{day}.yaml") or "",
        "#",
        f"# The meeting of {when.day} {when:%B %Y}, started by 'fostlog new meeting': fill it in",
        "# from the minutes. Run 'fostlog lint' as you go; it names file and line of any slip.",
        f"date: {day}",
        "source: null   # the minutes this is transcribed from, e.g. 005_....txt",
        "title: null    # the title line of the minutes",
        "time: null     # e.g. 10-11.30",
        "venue: null    # e.g. MS Teams",
        "# The chair, written like an attendee, e.g. {person: sarah-daly, authority: portsmouth}."
    ]
    if chair:
        lines.append(f"# Last time: {chair}")
    lines += [
        "chair: null",
        "# What the minutes say about who came: none (nothing yet), partial, or full (every",
        "# attendee is listed). With full, every LA must be among the attendees,",
        "# not_represented or apologies: 'fostlog lint' warns about each LA that is not yet.",
        "attendance: none",
        "# Who came: remove the '# ' before each person who did (first line: '- {person: ...'),",
        "# and add anyone new (put them in people.yaml first). Every LA is listed, with the",
        "# people already known there.",
        "attendees:",
    ]
    for authority in sorted(repo.authorities.values(), key=lambda a: a.name.casefold()):
        people = domain.people_of(authority.id, repo)
        lines.append(f"  # {authority.name}" + ("" if people else ": nobody known yet"))
        if people:
            lines += [_attendee_line(p, authority.id) for p in people]
        else:
            lines.append(f"  # - {{person: ..., authority: {authority.id}}}")
    # People who count for no LA (SESLIP, say) can still attend, under their organisation.
    others = [
        p for p in repo.people.values()
        if p.organisation in repo.organisations and not domain.person_authorities(p, repo)
    ]
    if others:
        lines.append("  # Not from an LA (their presence counts for none)")
        lines += [
            f"  # - {{person: {p.id}, organisation: {p.organisation}}}"
            for p in sorted(others, key=lambda p: p.name.casefold())
        ]
    lines += [
        "# LAs with nobody at the meeting, e.g. [isle-of-wight, surrey]; null if not known.",
        "not_represented: null",
        "# Apologies, one line each like an attendee, e.g. - {person: sarah-smith, authority:",
        "# hampshire}; [] if the minutes say there were none, null if they do not say.",
        "apologies: null",
        "# The agenda items in order, replacing [] with lines such as:",
        '#   - title: "1. Minutes and actions from last meeting"',
        "#     notes: Agreed.",
        "items: []",
        "# The numbers of the actions raised at this meeting, e.g. [\"50\", \"51\"]; add each to",
        f"# the register first: fostlog actions add --text ... --owner RE --raised {day} "
        f"--meeting {day}",
        "actions_raised: []",
    ]
    open_ids = open_actions(repo, when)
    if open_ids:
        lines += [
            "# The actions open on this date, for review: delete those the meeting did not",
            "# discuss, and record each one's new status with:",
            f"#   fostlog actions update NUMBER --status done --date {day}",
            "actions_mentioned:",
        ]
        for action_id in open_ids:
            action = repo.action(action_id)
            about = ""
            if action is not None:
                who = f"{action.responsible}: " if action.responsible else ""
                about = "   # " + _one_line(who + action.text)
            lines.append(f'  - "{action_id}"{about}')
    else:
        lines += ["# No action is open on this date.", "actions_mentioned: []"]
    # Names from the data go into comments: none may end its line early (comment_text).
    lines = [comment_text(line) if line.lstrip().startswith("#") else line for line in lines]
    text = "\n".join(lines) + "\n"
    meant: dict[str, object] = {
        "date": when, "source": None, "title": None, "time": None, "venue": None,
        "chair": None, "attendance": "none", "attendees": None, "not_represented": None,
        "apologies": None, "items": [], "actions_raised": [], "actions_mentioned": open_ids}
    _read_back_as(text, meant, f"meetings/{day}.yaml")
    return text


def _read_back_as(text: str, meant: dict[str, object], relative: str) -> None:
    """The scaffold must read back as exactly what it means: a blank meeting. Else it is
    refused, never written (a name that ended a comment line would make it claim more)."""
    from fostlog.files.yamlsafe import Unreadable, read_back

    try:
        same = read_back(text, relative) == meant
    except Unreadable:
        same = False
    if not same:
        raise EditRefused(f"{relative} could not be written as a blank meeting: a name in the "
                          "data would change what it says, so nothing was written.",
                          "Run 'fostlog lint' and look for unusual characters in names.")


def new_meeting(repo: Repository, root: Path, when: date) -> Change:
    """The file meetings/DATE.yaml, new, in the data folder `root`; refused if there is
    one (or anything else at that path) already."""
    relative = f"meetings/{when.isoformat()}.yaml"
    path = root / relative
    if path.exists() or path.is_symlink():
        raise EditRefused(f"{repo.file_for(relative)} already exists; it has not been changed.",
                          "Edit that file, or delete it first if you mean to start again.")
    return Change({relative: new_meeting_text(repo, when)}, {relative: None}, {relative: 1},
                  f"Wrote {repo.file_for(relative)}")
