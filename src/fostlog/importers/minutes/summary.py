"""A draft -> the summary the coordinator reads before writing it: what each file gets,
every guess (each also a `# check:` line in the files), and what was not imported."""

from __future__ import annotations

from collections.abc import Mapping

from fostlog.core.repository import Repository
from fostlog.importers.minutes import records
from fostlog.importers.minutes.records import Check, Draft
from fostlog.importers.minutes.text import relative_path


def _ids(ids: list[str]) -> str:
    """Action ids as a reader takes them in: runs of numbers as 33-49, then the others."""
    runs: list[list[int]] = []
    for number in sorted(int(i) for i in ids if i.isdigit()):
        if runs and runs[-1][1] == number - 1:
            runs[-1][1] = number
        else:
            runs.append([number, number])
    return ", ".join([f"{a}-{b}" if a != b else str(a) for a, b in runs]
                     + [i for i in ids if not i.isdigit()])


def _where(check: Check, draft: Draft) -> str:
    file = relative_path(check.file, draft.date) if check.file == records.MEETING else \
        relative_path(check.file)
    target = check.target
    if check.file == records.MEETING:
        what = str(target[0]) + (f" {int(target[1]) + 1}" if len(target) > 1 else "")
    elif target[0] in ("action", "observation", "wording"):
        what = f"action {target[1]}" + (f" {target[2]}" if len(target) > 2 else "")
    elif target[0] == "log":
        what = "action log"
    else:
        what = " ".join(str(t) for t in target)
    return f"{file}, {what}"


def summary_text(draft: Draft, changed: Mapping[str, str], repo: Repository) -> str:
    lines = []
    when = draft.date.strftime("%-d %B %Y") if draft.date else "an unknown date"
    lines.append(f"Minutes of {when} ({draft.source}, read as {draft.read_as or 'text'}):")
    meeting = draft.meeting
    names = {p.id: p.name for p in draft.new_people}
    if meeting is not None:
        chair = "no chair named"
        if meeting.chair is not None and meeting.chair.person:
            chair = "chair " + names.get(meeting.chair.person,
                                         repo.person_name(meeting.chair.person))
        absent = ("not known" if meeting.not_represented is None
                  else str(len(meeting.not_represented)))
        lines.append(f"  {relative_path(records.MEETING, meeting.date)}: new; {chair}; "
                     f"{len(meeting.attendees or [])} attendees (attendance "
                     f"{meeting.attendance.value}); LAs not represented: {absent}; "
                     f"{len(meeting.items)} items; actions raised: "
                     f"{_ids(meeting.actions_raised) or 'none'}")
    new = [a.id for a in draft.new_actions]
    actions = []
    if new:
        actions.append(f"{len(new)} new action(s) ({_ids(new)})")
    if draft.observations:
        actions.append(f"{len(draft.observations)} observation(s) of actions already there "
                       f"({_ids([i for i, _ in draft.observations])})")
    if draft.wordings:
        actions.append(f"{len(draft.wordings)} other wording(s)")
    people = []
    if draft.new_people:
        people.append(f"{len(draft.new_people)} new ("
                      + ", ".join(p.name for p in draft.new_people) + ")")
    additions = [f"{value} for {repo.person_name(person)}"
                 for person, key, value in draft.person_additions]
    if additions:
        people.append("spellings and initials: " + ", ".join(additions))
    if draft.unresolved:
        people.append("unresolved initials: " + ", ".join(u.initials for u in draft.unresolved))
    places = [f"'{alias}' for {ident}" for _, ident, alias in draft.place_aliases]
    for kind, parts in ((records.ACTIONS, actions), (records.PEOPLE, people),
                        (records.AUTHORITIES, places)):
        path = relative_path(kind)
        state = "; ".join(parts) if path in changed and parts else "unchanged"
        lines.append(f"  {path}: {state}")
    if draft.inferred_meetings:
        lines.append(f"  {relative_path(records.HELD)}: " + (
            ", ".join(f"{m.month} (inferred)" for m in draft.inferred_meetings)
            if relative_path(records.HELD) in changed else "unchanged"))
    # The count is of the '# check:' lines the files will hold: a guess about something
    # that is not written (a meeting file already there, say) is listed apart.
    written = "\n".join(changed.values())
    guesses = [c for c in draft.guesses if c.text() in written]
    unwritten = [c for c in draft.guesses if c.text() not in written]
    if guesses:
        lines.append(f"To check ({len(guesses)}), each a '# check:' line in the files:")
        width = len(str(len(guesses)))
        for number, check in enumerate(guesses, 1):
            lines.append(f"  {number:>{width}}. {_where(check, draft)}: {check.text()}")
    else:
        lines.append("Nothing to check: the importer guessed nothing.")
    if unwritten:
        lines.append(f"Also noted ({len(unwritten)}), not in the files:")
        lines += [f"  - {_where(check, draft)}: {check.text()}" for check in unwritten]
    left_out = [f"{p.where}: {p.message}" for p in draft.problems if not p.fatal]
    left_out += draft.skipped
    if left_out:
        lines.append("Not imported:")
        lines += [f"  - {item}" for item in left_out]
    return "\n".join(lines) + "\n"
