"""Build the site: every page from the data, then the files written into OUT_DIR.

Writing is careful because OUT_DIR is a folder the user names:
- a path that is a file, or a folder holding files that fostlog did not write (no
  manifest), is refused: fostlog never writes over, or deletes, what it did not make;
- every file is written atomically (safewrite.write_atomic), and only when its content
  changed, so an unchanged input rewrites no page (a static host or rsync sees no change);
- the manifest is written before the pages too, listing every page this build may write,
  so a build that failed part-way (a full disk) is finished by the next one;
- a page fostlog wrote before and no longer makes (an action renumbered) is removed, if
  the manifest lists it and it is inside OUT_DIR; nothing else is ever deleted;
- no file is written through a symbolic link, which could lead outside OUT_DIR.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

from fostlog.core.repository import Repository
from fostlog.site.links import Page, authority_page, with_authority_links

MANIFEST = ".fostlog-site.json"


class SiteError(Exception):
    """OUT_DIR cannot be written as asked: the message says why, for the user."""


@dataclass
class BuildReport:
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return len(self.written) + len(self.unchanged)


def site_pages(repo: Repository, as_of: date) -> tuple[list[Page], list[tuple[str, str]]]:
    """Every page of the site, and its navigation."""
    from fostlog.site import authorities, charts, pages

    capacity = charts.capacity_pages(repo, as_of)
    beside = authorities.authority_pages(repo, as_of)
    sections = pages.section_links(bool(capacity), bool(beside))
    found = [pages.home_page(repo, as_of, sections), pages.action_log_page(repo, as_of)]
    found += pages.action_pages(repo, as_of)
    found.append(pages.meetings_index(repo, as_of))
    found += pages.meeting_pages(repo)
    found.append(charts.attendance_page(repo, as_of))
    found += charts.benchmark_pages(repo, as_of)
    found += capacity
    found += beside
    if beside:  # an LA named in a table (capacity, attendance, the home page) links to its page
        named = _authority_names(repo)
        found = [replace(p, document=with_authority_links(p.document, p.path, named))
                 for p in found]
    return found, sections


def _authority_names(repo: Repository) -> dict[str, str]:
    """Each LA's page by the names the tables write: the group's own, and the capacity
    files' (as Ofsted spells them)."""
    named = {la.name: authority_page(la.id) for la in repo.authorities.values()}
    for capacity in repo.capacity:
        named |= {a.name: authority_page(a.authority) for a in capacity.areas
                  if a.authority in repo.authorities and a.name not in named}
    return named


def render_site(repo: Repository, as_of: date) -> dict[str, str]:
    """The site as {path inside the site: HTML}."""
    from fostlog.site.layout import page_html

    found, sections = site_pages(repo, as_of)
    files: dict[str, str] = {}
    for page in found:
        if page.path in files:
            raise AssertionError(f"two pages at {page.path}")
        files[page.path] = page_html(page, sections)
    return files


def _previous(out: Path) -> list[str] | None:
    """The files the last build wrote, from the manifest; None when there is none."""
    manifest = out / MANIFEST
    if not manifest.is_file():
        return None
    try:
        listed = json.loads(manifest.read_text(encoding="utf-8")).get("files", [])
    except (ValueError, OSError, AttributeError):
        raise SiteError(f"{manifest} is not a manifest fostlog wrote; remove it, or give "
                        "another folder.") from None
    return [str(p) for p in listed if isinstance(p, str)]


def _inside(out: Path, path: Path) -> bool:
    try:
        path.resolve().relative_to(out.resolve())
    except ValueError:
        return False
    return True


def _check_folder(out: Path) -> list[str]:
    if out.exists() and not out.is_dir():
        raise SiteError(f"{out} is a file, not a folder: give a folder for the site.")
    previous = _previous(out) if out.is_dir() else None
    if previous is None and out.is_dir() and any(out.iterdir()):
        raise SiteError(f"{out} holds files fostlog did not write (it has no {MANIFEST}); "
                        "fostlog will not write over them. Give an empty or new folder.")
    return previous or []


def write_site(files: dict[str, str], out: Path) -> BuildReport:
    """Write the site's files into `out`, each only when it changed."""
    from fostlog.files.safewrite import UnsafeTarget, write_atomic

    previous = _check_folder(out)
    out.mkdir(parents=True, exist_ok=True)
    # The manifest is written first, naming every file this build may write as well as
    # the last build's: a build stopped part-way (a full disk) leaves a folder the next
    # build knows as fostlog's, and finishes or cleans.
    _write_manifest(out, sorted(set(previous) | set(files)), complete=False)
    report = BuildReport()
    for relative_path, content in sorted(files.items()):
        target = out / relative_path
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_symlink():  # refused before it is read, as write_atomic refuses it
            raise UnsafeTarget(target, "a link")
        if not _inside(out, target.parent):  # a link to a folder elsewhere, on the way
            raise UnsafeTarget(target, f"inside a link that leads outside {out}")
        data = content.encode("utf-8")
        if target.is_file() and target.read_bytes() == data:
            report.unchanged.append(relative_path)
            continue
        write_atomic(target, content)
        report.written.append(relative_path)
    for stale in sorted(set(previous) - set(files)):
        target = out / stale
        if ".." in Path(stale).parts or not _inside(out, target.parent):
            continue  # a hand-edited manifest cannot make fostlog delete elsewhere
        if target.is_file() or target.is_symlink():
            os.unlink(target)
            report.removed.append(stale)
    _write_manifest(out, sorted(files))
    return report


def _write_manifest(out: Path, files: list[str], complete: bool = True) -> None:
    """The manifest listing `files`, written only when it changes (a complete build's is
    the same text as before, so an unchanged site rewrites nothing)."""
    from fostlog.files.safewrite import write_atomic

    said: dict[str, object] = {"written_by": "fostlog site", "files": files}
    if not complete:
        said["complete"] = False
    manifest = json.dumps(said, indent=1) + "\n"
    manifest_path = out / MANIFEST
    if not manifest_path.is_file() or manifest_path.read_text(encoding="utf-8") != manifest:
        write_atomic(manifest_path, manifest)


def build_site(repo: Repository, out: Path, as_of: date) -> BuildReport:
    return write_site(render_site(repo, as_of), out)
