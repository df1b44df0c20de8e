"""fostlog site: the structure of the site built from the bundled data (every page parses
as HTML5, has its CSP, fetches nothing, its links resolve; blank benchmark counts are
drawn as unknown), and how the site is written into OUT_DIR."""

from __future__ import annotations

import json
import posixpath
import re
from datetime import date
from pathlib import Path
from typing import Any

import html5lib
import pytest
from typer.testing import CliRunner

from fostlog.cli import app
from fostlog.core.repository import Repository
from fostlog.domain.meetings import occasions
from fostlog.files.load import load_repository
from fostlog.files.safewrite import UnsafeTarget
from fostlog.render import outline
from fostlog.render.docx_docs import render_docx
from fostlog.render.html_docs import render_html
from fostlog.render.markdown_docs import render_markdown
from fostlog.render.text_docs import render_text
from fostlog.site import charts
from fostlog.site.build import MANIFEST, SiteError, build_site, render_site
from fostlog.site.links import action_page, meeting_page, relative

DATA = Path(__file__).resolve().parents[1] / "data"
AS_OF = date(2025, 9, 17)
SVG = "{http://www.w3.org/2000/svg}"
HTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture(scope="module")
def repo() -> Repository:
    found, _ = load_repository(DATA)
    return found


@pytest.fixture(scope="module")
def site(repo: Repository) -> dict[str, str]:
    return render_site(repo, AS_OF)


@pytest.fixture(scope="module")
def trees(site: dict[str, str]) -> dict[str, Any]:
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=True)
    return {path: parser.parse(html) for path, html in site.items()}


def test_every_page_is_valid_html5(trees: dict[str, Any]) -> None:
    assert len(trees) > 40  # strict parsing raised on the first error, had there been one


def test_every_page_has_its_csp_and_fetches_nothing(site: dict[str, str],
                                                    trees: dict[str, Any]) -> None:
    for path, tree in trees.items():
        metas = [m for m in tree.iter(f"{HTML}meta")
                 if m.get("http-equiv") == "Content-Security-Policy"]
        assert len(metas) == 1, path
        assert metas[0].get("content").startswith("default-src 'none'"), path
        assert not list(tree.iter(f"{HTML}script")), path
        for element in tree.iter():
            for attribute in ("src", "srcset", "poster", "data"):
                assert element.get(attribute) is None, (path, element.tag)
        assert not re.search(r"(https?:)?//[^\s\"'<]*\.(css|js|woff2?|png|svg)", site[path])
        assert "@import" not in site[path] and "url(http" not in site[path]


def _links(tree: Any) -> list[str]:
    return [a.get("href") for a in tree.iter(f"{HTML}a") if a.get("href") is not None]


def test_every_link_is_relative_and_resolves(site: dict[str, str],
                                             trees: dict[str, Any]) -> None:
    for path, tree in trees.items():
        for href in _links(tree):
            assert not re.match(r"^[a-z]+:|^/", href), (path, href)
            target = posixpath.normpath(posixpath.join(posixpath.dirname(path), href))
            assert target in site, (path, href)


def test_every_page_is_reachable_from_home(site: dict[str, str], trees: dict[str, Any]) -> None:
    seen, todo = set(), ["index.html"]
    while todo:
        path = todo.pop()
        if path in seen:
            continue
        seen.add(path)
        todo += [posixpath.normpath(posixpath.join(posixpath.dirname(path), h))
                 for h in _links(trees[path])]
    assert seen == set(site)


def test_every_chart_has_a_text_alternative(trees: dict[str, Any]) -> None:
    charts_seen = 0
    for path, tree in trees.items():
        for chart in tree.iter(f"{SVG}svg"):
            charts_seen += 1
            assert chart.get("role") == "img", path
            ids = chart.get("aria-labelledby").split()
            words = {e.get("id"): "".join(e.itertext()) for e in chart.iter()
                     if e.tag in (f"{SVG}title", f"{SVG}desc")}
            assert all(words.get(i) for i in ids), path
    assert charts_seen > 20


def test_ids_are_unique_on_each_page(trees: dict[str, Any]) -> None:
    for path, tree in trees.items():
        ids = [e.get("id") for e in tree.iter() if e.get("id")]
        assert len(ids) == len(set(ids)), path


def _chart(tree: Any, chart_id: str) -> Any:
    return next(svg for svg in tree.iter(f"{SVG}svg") if svg.get("id") == chart_id)


def test_kents_unknown_sixth_stage_is_drawn_as_unknown(trees: dict[str, Any]) -> None:
    kent = _chart(trees["benchmarks/2020-21.html"], "funnel-2020-21-kent")
    stages = [g for g in kent.iter(f"{SVG}g") if "stage" in (g.get("class") or "").split()]
    assert [g.get("data-stage") for g in stages] == [
        "enquiries", "initial_visits", "stage_c", "applications", "approvals", "stage_f"]
    sixth = stages[5]
    assert sixth.get("class") == "stage unknown" and sixth.get("data-value") == ""
    assert not [r for r in sixth.iter(f"{SVG}rect") if r.get("class") == "bar"]
    track = next(r for r in sixth.iter(f"{SVG}rect") if r.get("class") == "unknown-track")
    assert float(track.get("width")) > 100  # the whole track, not a bar of length 0
    assert "unknown" in "".join(sixth.itertext())
    assert "Stage F (header lost): unknown" in "".join(
        next(kent.iter(f"{SVG}desc")).itertext())
    for known in stages[:5]:
        assert known.get("class") == "stage known"


def test_every_blank_count_is_drawn_unknown_in_every_funnel(repo: Repository,
                                                            trees: dict[str, Any]) -> None:
    for year in repo.benchmarks:
        tree = trees[f"benchmarks/{year.key}.html"]
        for row in year.authorities:
            funnel = _chart(tree, f"funnel-{year.key}-{row.authority}")
            drawn = {g.get("data-stage"): g.get("class") for g in funnel.iter(f"{SVG}g")
                     if "stage" in (g.get("class") or "").split()}
            for stage, count in row.counts.items():
                assert drawn[stage] == ("stage unknown" if count is None else "stage known")


def test_ratio_charts_mark_the_region_median_and_bands(repo: Repository,
                                                       trees: dict[str, Any]) -> None:
    tree = trees["benchmarks/2020-21.html"]
    chart = _chart(tree, "ratio-2020-21-conversion")
    rows = [g for g in chart.iter(f"{SVG}g") if "bar-row" in (g.get("class") or "")]
    assert rows[0].get("data-key") == "kent" and rows[0].get("data-band") == "A"
    assert {g.get("data-band") for g in rows} == {"A", "B", "C", "D"}
    desc = "".join(next(chart.iter(f"{SVG}desc")).itertext())
    assert "Region median 13.9%" in desc
    # The table is beneath, the command line's: unknown written n/a, as it writes it.
    cells = ["".join(td.itertext()) for td in tree.iter(f"{HTML}td")]
    assert "n/a" in cells


def test_heat_map_has_a_cell_per_la_per_meeting(repo: Repository,
                                                trees: dict[str, Any]) -> None:
    chart = _chart(trees["attendance.html"], "attendance")
    cells = [g for g in chart.iter(f"{SVG}g") if (g.get("class") or "").startswith("cell ")]
    # The meetings held by AS_OF (one known only by its month counts from its first day).
    held = [o for o in occasions(repo) if str(o.when) <= AS_OF.isoformat()]
    assert len(cells) == len(repo.authorities) * len(held)
    assert {(c.get("data-row"), c.get("data-column")) for c in cells} == {
        (a, str(o.when)) for a in repo.authorities for o in held}
    # A meeting known only from a log: every LA unknown there.
    assert {c.get("class") for c in cells if c.get("data-column") == "2023-07"} == {
        "cell unknown"}
    assert any("inferred" in (c.get("class") or "") for c in cells)


def test_heat_map_uses_the_attendance_commands_legend() -> None:
    from fostlog.cli.attendance import _MARK, INFERRED_MARK, LEGEND

    assert {s.words.split(" (")[0]: s.mark for s in charts.SHADES.values()} == _MARK
    assert INFERRED_MARK == "*"
    assert " ".join(LEGEND.split()).startswith(" ".join(charts.LEGEND.rstrip(".").split()))


def test_a_page_per_action_and_per_meeting_even_without_minutes(repo: Repository,
                                                                 site: dict[str, str]) -> None:
    for action in repo.actions:
        assert action_page(action.id) in site
    for occasion in occasions(repo):
        assert meeting_page(occasion.when) in site
    assert "no minutes on file" in site["meetings/2023-07.html"]
    assert "Unknown: with no minutes" in site["meetings/2025-03.html"]


def test_meeting_pages_are_the_minutes_with_action_links(site: dict[str, str]) -> None:
    page = site["meetings/2022-01-26.html"]
    assert "<h2>Attendees</h2>" in page and "<h2>Actions raised</h2>" in page
    assert f'href="{relative("meetings/2022-01-26.html", "actions/2022-01-26-1.html")}"' in page


def test_home_page_answers_the_groups_questions(site: dict[str, str],
                                                trees: dict[str, Any]) -> None:
    home = site["index.html"]
    for heading in ("The next meeting", "Open actions by owner and age",
                    "LAs with nobody at the last 2 meetings"):
        assert f"<h2>{heading}</h2>" in home
    assert _chart(trees["index.html"], "open-actions") is not None
    # Unknown stays unknown: nobody knows who came in September 2025 (known from a log).
    assert "<td>unknown</td>" in home and "September 2025" in home


def test_action_log_shades_completed_actions_and_lists_open_first(site: dict[str, str]) -> None:
    log = site["actions/index.html"]
    assert '<tr class="open">' in log
    table = log.split("<h2>Every action</h2>")[0]
    classes = re.findall(r'<tr class="(open|complete)">', table)
    assert classes == sorted(classes, key=lambda c: c != "open")


def test_a_source_publishing_its_own_region_rows_shows_them(trees: dict[str, Any]) -> None:
    """Ofsted's year: its own South East and England rows (from exact counts) under the
    LAs, not totals summed from its rounded LA counts; the group's year: the sums."""
    def first_cells(page: str) -> list[str]:
        rows = trees[page].iter("{http://www.w3.org/1999/xhtml}tr")
        return ["".join(next(iter(row)).itertext()).strip() for row in rows]

    ofsted = first_cells("benchmarks/ofsted-2018-19.html")
    assert ofsted[-3:] == ["Region median", "South East", "England"]
    assert "Region total" not in ofsted
    assert "Region total" in first_cells("benchmarks/2020-21.html")


def test_capacity_pages_when_capacity_is_held(repo: Repository, site: dict[str, str]) -> None:
    if not repo.capacity:
        assert "capacity/index.html" not in site
        return
    for year in repo.capacity:
        page = site[f"capacity/{year.key}.html"]
        assert f'id="utilisation-{year.key}"' in page and f'id="shares-{year.key}"' in page
        assert "England" in page


# --- writing the site ----------------------------------------------------------------------


def test_an_unchanged_input_rewrites_no_page(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    first = build_site(repo, out, AS_OF)
    assert first.written and not first.unchanged
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    second = build_site(repo, out, AS_OF)
    assert not second.written and len(second.unchanged) == len(first.written)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.html")} == stamps
    later = build_site(repo, out, date(2025, 9, 18))  # ages and footers change
    assert later.written and later.unchanged  # a minuted meeting's page does not


def test_a_page_no_longer_made_is_removed_and_nothing_else(repo: Repository,
                                                           tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(repo, out, AS_OF)
    stale = out / "actions" / "999.html"
    stale.write_text("old")
    manifest = json.loads((out / MANIFEST).read_text())
    outside = tmp_path / "precious.txt"
    outside.write_text("keep")
    manifest["files"] += ["actions/999.html", "../precious.txt"]
    (out / MANIFEST).write_text(json.dumps(manifest))
    report = build_site(repo, out, AS_OF)
    assert report.removed == ["actions/999.html"]
    assert not stale.exists() and outside.read_text() == "keep"


def test_refuses_a_file_and_a_folder_of_other_files(repo: Repository, tmp_path: Path) -> None:
    a_file = tmp_path / "site.html"
    a_file.write_text("x")
    with pytest.raises(SiteError, match="is a file"):
        build_site(repo, a_file, AS_OF)
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine")
    with pytest.raises(SiteError, match="did not write"):
        build_site(repo, folder, AS_OF)
    assert (folder / "notes.txt").read_text() == "mine"
    assert list(folder.iterdir()) == [folder / "notes.txt"]


def test_never_writes_through_a_link(repo: Repository, tmp_path: Path) -> None:
    out = tmp_path / "site"
    build_site(repo, out, AS_OF)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (out / "index.html").unlink()
    (out / "index.html").symlink_to(elsewhere / "index.html")
    with pytest.raises(UnsafeTarget, match="link"):
        build_site(repo, out, AS_OF)
    assert not (elsewhere / "index.html").exists()
    # from the command line: misuse of the site folder (exit 2), as any --out link is
    result = CliRunner().invoke(app, ["site", str(out), "--data", str(DATA)])
    assert result.exit_code == 2, result.output
    assert "is a link" in result.stderr and "Traceback" not in result.output
    assert not (elsewhere / "index.html").exists()
    (out / "index.html").unlink()  # a folder of the site that leads elsewhere: the same
    (out / "actions").rename(elsewhere / "actions")
    (out / "actions").symlink_to(elsewhere / "actions", target_is_directory=True)
    with pytest.raises(UnsafeTarget, match="leads outside"):
        build_site(repo, out, AS_OF)


def test_cli_builds_the_site(tmp_path: Path) -> None:
    out = tmp_path / "public"
    result = CliRunner().invoke(app, ["site", str(out), "--data", str(DATA),
                                      "--as-of", "2025-09-17"])
    assert result.exit_code == 0, result.output
    assert (out / "index.html").is_file() and (out / "attendance.html").is_file()
    assert "Built" in result.stderr and "pages" in result.stderr


def test_cli_refuses_a_file(tmp_path: Path) -> None:
    a_file = tmp_path / "x"
    a_file.write_text("")
    result = CliRunner().invoke(app, ["site", str(a_file), "--data", str(DATA)])
    assert result.exit_code == 1
    assert "is a file" in result.stderr and "Traceback" not in result.output


# --- the new blocks in every format ---------------------------------------------------------


def test_every_format_writes_figures_and_links() -> None:
    figure = outline.Figure('<svg xmlns="http://www.w3.org/2000/svg" role="img"></svg>',
                            "Kent 40%, Surrey 20%.", "Conversion")
    links = outline.LinkList((outline.Link("Action 47", "actions/47.html", "(open)"),))
    table = outline.cells_table(("No.", "Action"), (outline.Row(("47", "Meet"),
                                                                 links=("actions/47.html", None)),))
    document = outline.Document("T", "T", (figure, links, table))
    html = render_html(document)
    assert '<figure class="chart wide">' in html and "<figcaption>Conversion</figcaption>" in html
    assert '<a href="actions/47.html">Action 47</a> (open)' in html
    assert '<td class="num"><a href="actions/47.html">47</a></td>' in html
    assert "Kent 40%, Surrey 20%." in render_markdown(document)
    assert "[Action 47](<actions/47.html>) (open)" in render_markdown(document)
    assert "Chart. Conversion: Kent 40%, Surrey 20%." in render_text(document)
    assert "Action 47: actions/47.html (open)" in render_text(document)
    assert render_docx(document)[:2] == b"PK"
