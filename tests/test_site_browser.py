"""The site in a real browser: headless Chromium (Debian's, /usr/bin/chromium) driven by
Playwright opens every page of the site built from the bundled data, served on loopback,
and checks what a reader would meet: no console errors (a CSP violation is one), no
request outside the site, every chart drawn with a size and with its text alternative,
a heat-map cell per LA per meeting, every link leading to a page, an LA's chart inside
its box at a phone's width. Screenshots of the home page, a funnel page, the heat-map and
Reading's chart on a phone go to tests/artifacts/.

Playwright's own browser download does not work here; it drives the system Chromium
(`executable_path`). Without Chromium these tests are skipped with the reason, except
where FOSTLOG_BROWSER_TESTS=required (.ci/run installs Chromium and sets it): there a
missing browser is a failure.
"""

from __future__ import annotations

import functools
import os
import shutil
import threading
from collections.abc import Iterator
from datetime import date
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from fostlog.domain.meetings import occasions
from fostlog.files.load import load_repository
from fostlog.site.build import build_site

CHROMIUM = os.environ.get("FOSTLOG_CHROMIUM", "/usr/bin/chromium")
# As this machine needs Chromium started: no background fetches (the network is closed,
# and they would be requests outside the site), no sandbox (CI runs as root).
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
DATA = Path(__file__).resolve().parents[1] / "data"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
AS_OF = date(2025, 9, 17)


def _why_not() -> str | None:
    if not Path(CHROMIUM).exists() and shutil.which("chromium") is None:
        return (f"Chromium is not installed ({CHROMIUM} is missing): apt-get install -y "
                "chromium (.ci/run does so in CI)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright's Python package is not installed: pip install -e '.[test]'"
    return None


_MISSING = _why_not()
# .ci/run installs Chromium and sets this, so there a missing browser fails the run
# rather than skipping the tests unseen.
if _MISSING and os.environ.get("FOSTLOG_BROWSER_TESTS") == "required":
    raise RuntimeError(f"the browser tests are required but cannot run: {_MISSING}")
pytestmark = pytest.mark.skipif(_MISSING is not None, reason=_MISSING or "")


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    repo, _ = load_repository(DATA)
    out = tmp_path_factory.mktemp("site") / "site"
    build_site(repo, out, AS_OF)
    pages = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.html"))
    return out, pages


@pytest.fixture(scope="module")
def base_url(built: tuple[Path, list[str]]) -> Iterator[str]:
    """The site served on loopback, under a path (as GitHub Pages serves a project), so a
    link that assumed the host's root would fail."""
    root = built[0].parent
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 functools.partial(_Quiet, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/site/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives the browser a new, empty profile (--user-data-dir) of its own.
        found = playwright.chromium.launch(
            executable_path=CHROMIUM if Path(CHROMIUM).exists() else shutil.which("chromium"),
            args=CHROMIUM_ARGS)
        yield found
        found.close()


class Visit:
    """One page opened in a fresh page of the browser, with what it logged and asked for."""

    def __init__(self, context: Any, url: str) -> None:
        self.page = context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error"
                     else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        response = self.page.goto(url, wait_until="load")
        self.status = response.status if response else None

    def close(self) -> None:
        self.page.close()


@pytest.fixture(scope="module")
def context(browser: Any) -> Iterator[Any]:
    found = browser.new_context(viewport={"width": 1200, "height": 900})
    yield found
    found.close()


@pytest.fixture(scope="module")
def visits(context: Any, base_url: str, built: tuple[Path, list[str]]
           ) -> Iterator[dict[str, Visit]]:
    opened = {path: Visit(context, base_url + path) for path in built[1]}
    yield opened
    for visit in opened.values():
        visit.close()


def test_every_page_opens_without_console_errors(visits: dict[str, Visit]) -> None:
    assert len(visits) > 40
    for path, visit in visits.items():
        assert visit.status == 200, path
        assert visit.errors == [], path


def test_no_request_leaves_the_site(visits: dict[str, Visit], base_url: str) -> None:
    for path, visit in visits.items():
        outside = [url for url in visit.requests if not url.startswith(base_url)]
        assert outside == [], path
        assert visit.requests == [base_url + path], path  # the page itself, nothing else


def test_every_chart_has_a_size_and_a_text_alternative(visits: dict[str, Visit]) -> None:
    charts = 0
    for path, visit in visits.items():
        found = visit.page.evaluate("""() => Array.from(document.querySelectorAll('svg'))
            .map(svg => {
              const box = svg.getBoundingClientRect();
              const words = (svg.getAttribute('aria-labelledby') || '').split(/\\s+/)
                .filter(Boolean).map(id => (document.getElementById(id) || {}).textContent);
              return {id: svg.id, width: box.width, height: box.height,
                      role: svg.getAttribute('role'), words: words};
            })""")
        for chart in found:
            charts += 1
            assert chart["width"] > 0 and chart["height"] > 0, (path, chart["id"])
            assert chart["role"] == "img", (path, chart["id"])
            assert len(chart["words"]) == 2 and all(chart["words"]), (path, chart["id"])
    assert charts > 20


def test_heat_map_has_one_cell_per_la_per_meeting(visits: dict[str, Visit]) -> None:
    repo, _ = load_repository(DATA)
    page = visits["attendance.html"].page
    cells = page.evaluate("""() => Array.from(document.querySelectorAll('svg#attendance g.cell'))
        .map(g => { const b = g.getBoundingClientRect();
                    return [g.dataset.row, g.dataset.column, b.width, b.height,
                            g.textContent]; })""")
    # The meetings held by AS_OF (one known only by its month counts from its first day).
    expected = {(a, str(o.when)) for a in repo.authorities for o in occasions(repo)
                if str(o.when) <= AS_OF.isoformat()}
    assert len(cells) == len(expected)
    assert {(c[0], c[1]) for c in cells} == expected
    assert all(c[2] > 0 and c[3] > 0 for c in cells)
    legend = page.evaluate("""() => Array.from(
        document.querySelectorAll('svg#attendance g.legend-item')).map(g => g.textContent)""")
    assert legend == ["Ppresent", "Aapologies", "-not represented", "?unknown (not recorded)",
                      "*inferred, not stated in the minutes"]


def test_kents_unknown_stage_is_drawn_across_its_track(visits: dict[str, Visit]) -> None:
    page = visits["benchmarks/2020-21.html"].page
    sizes = page.evaluate("""() => {
        const chart = document.getElementById('funnel-2020-21-kent');
        const stage = chart.querySelector('g.stage[data-stage="stage_f"]');
        const track = stage.querySelector('rect.unknown-track').getBoundingClientRect();
        const first = chart.querySelector('g.stage[data-stage="enquiries"] rect.bar')
                        .getBoundingClientRect();
        return {cls: stage.getAttribute('class'), track: track.width, first: first.width,
                text: stage.textContent, bars: stage.querySelectorAll('rect.bar').length};
    }""")
    assert sizes["cls"] == "stage unknown" and sizes["bars"] == 0
    assert sizes["track"] >= sizes["first"] * 0.95  # as wide as the largest stage's bar
    assert "unknown" in sizes["text"]


def test_every_link_resolves(visits: dict[str, Visit], base_url: str) -> None:
    checked: dict[str, int] = {}
    request = visits["index.html"].page.context.request
    for path, visit in visits.items():
        for href in visit.page.evaluate("() => Array.from(document.links).map(a => a.href)"):
            assert href.startswith(base_url), (path, href)
            url = href.split("#")[0]
            if url not in checked:
                checked[url] = request.get(url).status
            assert checked[url] == 200, (path, href)
    assert len(checked) == len(visits)  # and every page is linked from somewhere


def test_the_site_works_from_disk(context: Any, built: tuple[Path, list[str]]) -> None:
    out, _ = built
    visit = Visit(context, (out / "index.html").as_uri())
    try:
        assert visit.errors == []
        assert all(url.startswith(out.as_uri()) for url in visit.requests)
        visit.page.get_by_role("link", name="Attendance").first.click()
        visit.page.wait_for_load_state()
        assert visit.page.url == (out / "attendance.html").as_uri()
        assert visit.page.locator("svg#attendance g.cell").count() > 0
    finally:
        visit.close()


def test_pages_print_without_the_navigation(visits: dict[str, Visit]) -> None:
    page = visits["actions/index.html"].page
    page.emulate_media(media="print")
    try:
        assert page.locator("nav.site").is_hidden()
        assert page.locator("table").first.is_visible()
    finally:
        page.emulate_media(media="screen")


def test_screenshots(context: Any, base_url: str) -> None:
    """Home, a funnel page and the heat-map, for a person to look at (tests/artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {
        "home.png": ("index.html", None),
        "funnel-2020-21.png": ("benchmarks/2020-21.html", None),
        "funnel-kent-2020-21.png": ("benchmarks/2020-21.html", "#funnel-2020-21-kent"),
        "ratio-conversion-2020-21.png": ("benchmarks/2020-21.html",
                                         "#ratio-2020-21-conversion"),
        "heat-map.png": ("attendance.html", "figure.chart"),
    }
    for name, (path, selector) in shots.items():
        visit = Visit(context, base_url + path)
        try:
            target = ARTIFACTS / name
            if selector:
                visit.page.locator(selector).first.screenshot(path=str(target))
            else:
                visit.page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 1000
        finally:
            visit.close()


def test_an_las_page_at_a_phone_width(browser: Any, base_url: str) -> None:
    """Reading's page on a phone: the chart is drawn, within the page's width, and every
    label of it (names, values, years) inside the chart, none cut off at its edge."""
    phone = browser.new_context(viewport={"width": 375, "height": 800})
    visit = Visit(phone, base_url + "authorities/reading.html")
    try:
        assert visit.errors == []
        chart = visit.page.locator("svg#utilisation-reading")
        assert chart.is_visible()
        found = visit.page.evaluate("""() => {
            const svg = document.getElementById('utilisation-reading');
            const box = svg.getBoundingClientRect();
            const labels = Array.from(svg.querySelectorAll('text')).map(t => {
              const b = t.getBoundingClientRect();
              return {text: t.textContent, left: b.left, right: b.right, top: b.top,
                      bottom: b.bottom};
            });
            return {box: {left: box.left, right: box.right, top: box.top,
                          bottom: box.bottom, width: box.width, height: box.height},
                    labels: labels, view: window.innerWidth,
                    bars: svg.querySelectorAll('g.bar-row.known rect.bar').length};
        }""")
        box = found["box"]
        assert box["width"] > 250 and box["height"] > 100
        assert box["right"] <= found["view"]  # scaled to the phone, not cut off
        assert found["bars"] == 8  # four areas, two years
        assert len(found["labels"]) == 2 + 8 * 2  # the years, each bar's name and value
        for label in found["labels"]:
            assert label["left"] >= box["left"] - 0.5, label
            assert label["right"] <= box["right"] + 0.5, label
            assert label["top"] >= box["top"] - 0.5 and label["bottom"] <= box["bottom"] + 0.5
        ARTIFACTS.mkdir(exist_ok=True)
        chart.screenshot(path=str(ARTIFACTS / "reading-phone.png"))
        visit.page.emulate_media(media="print")
        assert chart.is_visible()
    finally:
        visit.close()
        phone.close()
