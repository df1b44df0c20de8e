"""The site's pages about the group's business as document outlines: the home page, the
action log, a page per action, the meetings (minuted, and known only from a log).

The words come from the queries and from render/outline.py and render/agenda.py, where
they are said once; here they are arranged into pages and linked.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from fostlog.core.repository import Repository
from fostlog.core.vocabulary import NO_OWNER, ActionSort
from fostlog.domain.meetings import (
    MeetingWhen,
    Occasion,
    meeting_of_action,
    occasions,
    occasions_by,
)
from fostlog.queries.action_log import action_log, wording_differs
from fostlog.queries.actions import ActionFilter, ActionRow, action_rows, action_story
from fostlog.queries.agenda import agenda
from fostlog.queries.attendance import STATUS_ORDER, missing_authorities
from fostlog.queries.minutes import minutes
from fostlog.render.agenda import announcement, meeting_facts
from fostlog.render.outline import (
    REF_COLUMNS,
    Block,
    BulletList,
    Document,
    Facts,
    Heading,
    Link,
    LinkList,
    ListItem,
    Paragraph,
    ParagraphStyle,
    Row,
    RowStyle,
    action_log_outline,
    cells_table,
    long_date,
    minutes_outline,
    status_with_wording,
    when_text,
)
from fostlog.site import svg
from fostlog.site.links import (
    ACTION_LOG,
    ATTENDANCE,
    AUTHORITIES,
    BENCHMARKS,
    CAPACITY,
    HOME,
    MEETINGS,
    Page,
    action_page,
    meeting_page,
    relative,
    with_action_links,
)

SITE_TITLE = "South East regional fostering leads group"
MISSING_LAST = 2  # "LAs with nobody at the last two meetings", the group's question
# How old an open action is, in the words the group would use; the last has no limit.
AGE_BANDS: tuple[tuple[str, str, int | None], ...] = (
    ("under_6_months", "under 6 months", 183),
    ("6_to_12_months", "6-12 months", 365),
    ("1_to_2_years", "1-2 years", 730),
    ("over_2_years", "over 2 years", None),
)
AGE_PARTS = (
    svg.Part("under_6_months", "under 6 months", "#9ecae1"),
    svg.Part("6_to_12_months", "6-12 months", "#4292c6", "dots"),
    svg.Part("1_to_2_years", "1-2 years", "#2171b5", "lines"),
    svg.Part("over_2_years", "over 2 years", "#08306b"),
)


def _row_links(here: str, *targets: str | None) -> tuple[str | None, ...]:
    return tuple(relative(here, t) if t else None for t in targets)


# --- home ----------------------------------------------------------------------------------


def age_band(days: int) -> str:
    for key, _, limit in AGE_BANDS:
        if limit is None or days < limit:
            return key
    raise AssertionError("the last band has no limit")


def _next_meeting(repo: Repository, as_of: date) -> list[Block]:
    """The agenda's header (render/agenda.py), and the last meeting held."""
    found = agenda(repo, as_of)
    items = meeting_facts(found)
    held = occasions_by(repo, as_of)
    if held:
        items.append(("Last meeting", when_text(held[-1].when)))
    blocks: list[Block] = [Heading(2, "The next meeting"), Facts(tuple(items)),
                           announcement(found)]
    if held:
        blocks.append(LinkList((Link(f"The meeting of {when_text(held[-1].when)}",
                                     meeting_page(held[-1].when)),)))
    return blocks


def owner_ages(rows: list[ActionRow]) -> dict[str, list[ActionRow]]:
    """Open actions by owner name (an action owned by two counts for each), oldest first."""
    by_owner: dict[str, list[ActionRow]] = defaultdict(list)
    for row in rows:
        for name in row.owner_names or [NO_OWNER]:
            by_owner[name].append(row)
    return {name: sorted(found, key=lambda r: -r.age_days)
            for name, found in sorted(by_owner.items(), key=lambda i: (-len(i[1]), i[0]))}


def _open_actions(repo: Repository, as_of: date) -> list[Block]:
    rows = action_rows(repo, ActionFilter(open_only=True), as_of, ActionSort.age)
    blocks: list[Block] = [Heading(2, "Open actions by owner and age")]
    if not rows:
        return blocks + [Paragraph("No action is open.")]
    by_owner = owner_ages(rows)
    stacks = []
    for name, found in by_owner.items():
        counts: dict[str, float | None] = {key: 0.0 for key, _, _ in AGE_BANDS}
        for row in found:
            counts[age_band(row.age_days)] = (counts[age_band(row.age_days)] or 0.0) + 1
        stacks.append(svg.Stack(name, counts, f"{len(found)} open"))
    chart = svg.stacked_bars("open-actions", f"Open actions by owner and age, {long_date(as_of)}",
                             stacks, AGE_PARTS)
    blocks.append(chart.figure(f"{len(rows)} actions are open; an action with two owners "
                               "counts for each. Age counts from the day raised (the 1st of "
                               "the month where the log gives only a month)."))
    table_rows = []
    for name, found in by_owner.items():
        for row in found:
            due = row.due.isoformat() if row.due else "not given"
            table_rows.append(Row((name, row.id, row.text, str(row.age_days),
                                   due + (" (overdue)" if row.overdue else "")),
                                  links=_row_links(HOME, None, action_page(row.id))))
    blocks.append(cells_table(("Owner", "No.", "Action", "Age (days)", "Due"), tuple(table_rows),
                        numeric=frozenset({1, 3})))
    return blocks


def _missing(repo: Repository, as_of: date) -> list[Block]:
    report = missing_authorities(repo, MISSING_LAST, as_of)
    meetings = ", ".join(when_text(w) for w in report.meetings) or "none yet"
    blocks: list[Block] = [
        Heading(2, f"LAs with nobody at the last {MISSING_LAST} meetings"),
        Paragraph(f"The last {len(report.meetings)} meetings: {meetings}. 'unknown': the "
                  "minutes do not record the LA's attendance at one of them (a meeting known "
                  "only from a log has no minutes), so it is not called missing; 'missing "
                  "(inferred)': an absence was worked out rather than recorded.",
                  ParagraphStyle.note),
    ]
    if not report.rows:
        return blocks + [Paragraph("Every LA was represented at one of those meetings at least.")]
    rows = []
    for gap in report.rows:
        rows.append(Row((
            gap.name, gap.status,
            ", ".join(when_text(w) for w in gap.absent_at) or "-",
            ", ".join(when_text(w) for w in gap.inferred_at) or "-",
            ", ".join(when_text(w) for w in gap.unknown_at) or "-",
            when_text(gap.last_attended) if gap.last_attended else "never recorded",
        ), links=_row_links(HOME, None, None, None, None, None,
                            meeting_page(gap.last_attended) if gap.last_attended else None)))
    blocks.append(cells_table(("LA", "Status", "Nobody at", "Inferred at", "Not recorded at",
                         "Last attended"), tuple(rows), numeric=frozenset()))
    counts = {status: sum(r.status == status for r in report.rows) for status in STATUS_ORDER}
    blocks.append(Paragraph("; ".join(f"{status}: {n}" for status, n in counts.items()) + ".",
                            ParagraphStyle.note))
    return blocks


def home_page(repo: Repository, as_of: date, sections: list[tuple[str, str]]) -> Page:
    blocks: list[Block] = [
        Paragraph(f"What the group's minutes, action logs and benchmarking say, as of "
                  f"{long_date(as_of)}: built by fostlog from the data on every change.",
                  ParagraphStyle.lead),
    ]
    blocks += _next_meeting(repo, as_of)
    blocks += _open_actions(repo, as_of)
    blocks += _missing(repo, as_of)
    blocks += [Heading(2, "Everything on this site"),
               LinkList(tuple(Link(title, target) for target, title in sections
                              if target != HOME))]
    return Page(HOME, Document(SITE_TITLE, SITE_TITLE, tuple(blocks), as_of), HOME)


# --- the action log and the actions --------------------------------------------------------


def _every_action(repo: Repository, as_of: date) -> list[Block]:
    rows = action_rows(repo, ActionFilter(), as_of, ActionSort.id)
    table = tuple(
        Row((r.id, r.text, r.responsible or ", ".join(r.owner_names), str(r.raised),
             status_with_wording(r.status, wording_differs(r.recorded, r.status))),
            RowStyle.open if r.status.is_open else RowStyle.complete,
            links=_row_links(ACTION_LOG, action_page(r.id)))
        for r in rows
    )
    return [Heading(2, "Every action"),
            Paragraph("Every action raised by then, numbered or not, with its page: its "
                      "whole story.", ParagraphStyle.note),
            cells_table(("No.", "Action", "Responsible", "Raised", "Status"), table)]


def action_log_page(repo: Repository, as_of: date) -> Page:
    ids = {a.id for a in repo.actions}
    document = with_action_links(action_log_outline(action_log(repo, as_of)), ACTION_LOG, ids)
    blocks = document.blocks + tuple(_every_action(repo, as_of))
    return Page(ACTION_LOG, Document(document.title, document.long_title, blocks,
                                     document.when), ACTION_LOG)


def _due_text(row: ActionRow) -> str:
    if row.due is None:
        return f'not known yet ("{row.due_as_written}")' if row.due_as_written else "not given"
    due = long_date(row.due) + (", overdue" if row.overdue else "")
    return f'{due} ("{row.due_as_written}")' if row.due_as_written else due


def action_pages(repo: Repository, as_of: date) -> list[Page]:
    held = {o.when for o in occasions(repo)}
    pages = []
    for action in repo.actions:
        story = action_story(repo, action.id, as_of)
        assert story is not None  # the id is the register's own
        row = story.row
        here = action_page(action.id)
        facts = [
            ("Action", row.text),
            ("Responsible", row.responsible or "-"),
            ("Owners", ", ".join(row.owner_names) or "-"),
            ("Raised", f"{row.raised} ({row.issued} in the log)"),
            # The log's wording beside the status only where it says something else, as
            # the action log shows it (queries/action_log.py's rule).
            (f"Status on {long_date(as_of)}",
             status_with_wording(row.status, wording_differs(row.recorded, row.status))
             + (" (the wording names two statuses; this is a reading)" if row.ambiguous
                else "")),
            ("Last update", when_text(row.last_update) if row.last_update else "none"),
            ("Due", _due_text(row)),
            ("Age (days)", str(row.age_days)),
        ]
        blocks: list[Block] = [Facts(tuple(facts))]
        links = []
        if story.meeting is not None and story.meeting in held:
            links.append(Link(f"Raised at the meeting of {when_text(story.meeting)}",
                              relative(here, meeting_page(story.meeting))))
        links.append(Link("The action log", relative(here, ACTION_LOG)))
        blocks.append(LinkList(tuple(links)))
        blocks.append(Heading(2, "History"))
        if story.history:
            history = []
            for o in story.history:
                met = MeetingWhen.of(o.meeting) if o.meeting else None
                history.append(Row(
                    (when_text(o.as_of), status_with_wording(o.status, None),
                     o.recorded or "", o.note or "", o.source or "",
                     when_text(met) if met else ""),
                    links=_row_links(here, None, None, None, None, None,
                                     meeting_page(met) if met in held and met else None)))
            blocks.append(cells_table(("Date", "Status", "As recorded", "Note", "Source",
                                 "Meeting"), tuple(history), numeric=frozenset()))
        else:
            blocks.append(Paragraph("No report since it was raised."))
        if story.wordings:
            blocks += [Heading(2, "Other wordings"), BulletList(tuple(
                ListItem(w.text, lead=f"{long_date(w.as_of)}:") for w in story.wordings))]
        if story.named:
            blocks += [Heading(2, "Also named"), BulletList(tuple(
                ListItem(n.name, lead=f"{n.role}:") for n in story.named))]
        if story.unresolved_owners:
            blocks.append(Paragraph("Initials nobody could resolve: "
                                    + ", ".join(story.unresolved_owners) + ".",
                                    ParagraphStyle.note))
        if story.note:
            blocks += [Heading(2, "Note"), Paragraph(story.note, ParagraphStyle.note)]
        title = f"Action {action.id}"
        pages.append(Page(here, Document(title, f"{title}: {row.text[:80]}", tuple(blocks),
                                         as_of), ACTION_LOG))
    return pages


# --- meetings ------------------------------------------------------------------------------


def meetings_index(repo: Repository, as_of: date) -> Page:
    rows = []
    for occasion in occasions(repo):
        if occasion.meeting is not None:
            minutes_text = "on file"
            known = f"attendance {occasion.meeting.attendance.value}"
        else:
            assert occasion.without_minutes is not None
            minutes_text = "none on file"
            how = "worked out" if occasion.without_minutes.inferred else "stated"
            known = f"{occasion.without_minutes.known_from} ({how})"
        rows.append(Row((when_text(occasion.when), minutes_text, known),
                        links=_row_links(MEETINGS, meeting_page(occasion.when))))
    blocks: list[Block] = [
        Paragraph("Every meeting the group is known to have held: those whose minutes are on "
                  "file, and those known only from an action log or a mention in other "
                  "minutes (every LA's attendance there is unknown).", ParagraphStyle.lead),
        cells_table(("Meeting", "Minutes", "How it is known"), tuple(rows), numeric=frozenset()),
    ]
    return Page(MEETINGS, Document("Meetings", "Meetings", tuple(blocks), as_of), MEETINGS)


def _neighbours(held: list[Occasion], index: int, here: str) -> LinkList:
    links = []
    if index > 0:
        earlier = held[index - 1].when
        links.append(Link(f"Earlier: {when_text(earlier)}", relative(here, meeting_page(earlier))))
    if index + 1 < len(held):
        later = held[index + 1].when
        links.append(Link(f"Later: {when_text(later)}", relative(here, meeting_page(later))))
    links += [Link("Every meeting", relative(here, MEETINGS)),
              Link("Attendance at every meeting", relative(here, ATTENDANCE))]
    return LinkList(tuple(links))


def _without_minutes(repo: Repository, occasion: Occasion, here: str,
                     ids: set[str]) -> Document:
    known = occasion.without_minutes
    assert known is not None
    facts = [
        ("Held", when_text(occasion.when)),
        ("Minutes", "none on file"),
        ("Known from", known.known_from),
        ("How it is known", "worked out (inferred) from the dates actions were issued"
         if known.inferred else "a source states that the meeting took place"),
    ]
    blocks: list[Block] = [Facts(tuple(facts))]
    if known.note:
        blocks.append(Paragraph(known.note, ParagraphStyle.note))
    blocks += [Heading(2, "Attendance"),
               Paragraph("Unknown: with no minutes, nobody can say who came. Every LA's "
                         "attendance here is unknown, never 'not represented'.")]
    raised = [a for a in repo.actions
              if (found := meeting_of_action(a, repo)) is not None and found.when == occasion.when]
    blocks.append(Heading(2, "Actions raised"))
    if raised:
        blocks.append(cells_table(REF_COLUMNS, tuple(
            Row((a.id, a.text, a.responsible or "")) for a in raised)))
    else:
        blocks.append(Paragraph("None known."))
    title = f"Meeting of {when_text(occasion.when)}"
    document = Document(title, f"{title} (no minutes on file)", tuple(blocks),
                        occasion.when.first_day)
    return with_action_links(document, here, ids)


def meeting_pages(repo: Repository) -> list[Page]:
    held = occasions(repo)
    ids = {a.id for a in repo.actions}
    pages = []
    for index, occasion in enumerate(held):
        here = meeting_page(occasion.when)
        if occasion.meeting is not None:
            document = with_action_links(minutes_outline(minutes(repo, occasion.meeting)),
                                         here, ids)
        else:
            document = _without_minutes(repo, occasion, here, ids)
        blocks = document.blocks + (_neighbours(held, index, here),)
        pages.append(Page(here, Document(document.title, document.long_title, blocks,
                                         document.when), MEETINGS))
    return pages


def section_links(has_capacity: bool, has_authorities: bool = False
                  ) -> list[tuple[str, str]]:
    """The site's navigation: (page, title), in order."""
    found = [(HOME, "Home"), (ACTION_LOG, "Action log"), (MEETINGS, "Meetings"),
             (ATTENDANCE, "Attendance"), (BENCHMARKS, "Benchmarking")]
    found += [(CAPACITY, "Capacity")] if has_capacity else []
    return found + ([(AUTHORITIES, "Each LA")] if has_authorities else [])

