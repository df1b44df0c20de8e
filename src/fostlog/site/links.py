"""Where each page of the site lives, and links between pages as relative addresses, so the
site works from file:// and under any path of any host (a GitHub Pages project site is
served under /REPOSITORY/)."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from fostlog.domain.meetings import MeetingWhen
from fostlog.render import outline
from fostlog.render.tables import Table

HOME = "index.html"
ACTION_LOG = "actions/index.html"
MEETINGS = "meetings/index.html"
ATTENDANCE = "attendance.html"
BENCHMARKS = "benchmarks/index.html"
CAPACITY = "capacity/index.html"
AUTHORITIES = "authorities/index.html"

_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class Page:
    """One page: where it goes in the site (a relative POSIX path), its document, and the
    section of the site's navigation it belongs to."""

    path: str
    document: outline.Document
    section: str


def file_name(key: str) -> str:
    """A key as a file name: an action id's '/' (2021-07-19/2) and anything else that is
    not a plain character becomes '-'."""
    return _UNSAFE.sub("-", key).strip("-") or "page"


def action_page(action_id: str) -> str:
    return f"actions/{file_name(action_id)}.html"


def meeting_page(when: MeetingWhen | str) -> str:
    return f"meetings/{file_name(str(when))}.html"


def benchmark_page(key: str) -> str:
    return f"benchmarks/{file_name(key)}.html"


def capacity_page(key: str) -> str:
    return f"capacity/{file_name(key)}.html"


def authority_page(authority: str) -> str:
    return f"authorities/{file_name(authority)}.html"


def relative(here: str, target: str) -> str:
    """The address of `target` as seen from the page at `here` (both site paths)."""
    return posixpath.relpath(target, posixpath.dirname(here) or ".")


def with_cell_links(table: Table, column: int,
                    href_of: Callable[[str], str | None]) -> Table:
    """The table with one column's cells linked where `href_of` gives an address."""
    rows = []
    for row in table.rows:
        links = list(row.links) + [None] * (len(row.cells) - len(row.links))
        if column < len(row.cells):
            links[column] = href_of(row.cells[column])
        rows.append(replace(row, links=tuple(links)))
    return replace(table, rows=tuple(rows))


def with_action_links(document: outline.Document, here: str,
                      actions: set[str]) -> outline.Document:
    """The document with every action number in a "No." column linked to that action's
    page: the action log and the minutes' action tables, as outline.py writes them."""
    def href_of(action_id: str) -> str | None:
        return relative(here, action_page(action_id)) if action_id in actions else None

    blocks: list[outline.Block] = []
    for block in document.blocks:
        if isinstance(block, Table) and block.columns and block.columns[0].header == "No.":
            block = with_cell_links(block, 0, href_of)
        blocks.append(block)
    return replace(document, blocks=tuple(blocks))


def with_authority_links(document: outline.Document, here: str,
                         pages: dict[str, str]) -> outline.Document:
    """The document with each LA named in the first column of an "LA" or "Area" table
    linked to its page (`pages`: page by the name as the table writes it), so a lead finds
    their LA's page from wherever it is listed."""
    def href_of(name: str) -> str | None:
        return relative(here, pages[name]) if name in pages else None

    blocks: list[outline.Block] = []
    for block in document.blocks:
        if (isinstance(block, Table) and block.columns
                and block.columns[0].header in ("LA", "Area")
                and all(isinstance(row, outline.Row) for row in block.rows)):
            block = with_cell_links(block, 0, href_of)
        blocks.append(block)
    return replace(document, blocks=tuple(blocks))
