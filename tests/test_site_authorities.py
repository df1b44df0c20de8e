"""The site's page per LA (site/authorities.py), read back with html5lib from the site built
from the bundled data: Reading's utilisation chart carries the figures queries/neighbours.py
and queries/capacity.py give, and a neighbours' mean worked out here from the data files;
the tables give ranks, bands and the band's rule, a ratio a year lacks as not in that
year's data; the neighbours are listed; every LA has a page, linked from the site."""

from __future__ import annotations

import dataclasses
import posixpath
import xml.etree.ElementTree as ET
from datetime import date
from fractions import Fraction
from typing import Any

import html5lib
import pytest
import yaml

from conftest import DATA
from fostlog.core.repository import Repository
from fostlog.files.load import load_repository
from fostlog.queries import capacity as capacity_query
from fostlog.queries import neighbours as neighbours_query
from fostlog.render.bands import two_places
from fostlog.site import authorities, svg
from fostlog.site.build import render_site
from fostlog.site.links import AUTHORITIES, authority_page

AS_OF = date(2025, 9, 17)
SVG = "{http://www.w3.org/2000/svg}"
HTML = "{http://www.w3.org/1999/xhtml}"
READING = authority_page("reading")


@pytest.fixture(scope="module")
def repo() -> Repository:
    return load_repository(DATA)[0]


@pytest.fixture(scope="module")
def site(repo: Repository) -> dict[str, str]:
    return render_site(repo, AS_OF)


@pytest.fixture(scope="module")
def reading(site: dict[str, str]) -> Any:
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=True).parse(site[READING])


def _text(element: Any) -> str:
    return " ".join("".join(element.itertext()).split())


def _chart(tree: Any) -> Any:
    return next(s for s in tree.iter(f"{SVG}svg") if s.get("id") == "utilisation-reading")


def _bars(chart: Any) -> dict[tuple[str, str], Any]:
    """(year, series) -> the bar's row, as the chart draws it."""
    found = {}
    for group in chart.iter(f"{SVG}g"):
        if group.get("class") == "group":
            for row in group.iter(f"{SVG}g"):
                if "bar-row" in (row.get("class") or ""):
                    found[(group.get("data-group"), row.get("data-series"))] = row
    return found


def _tables(tree: Any) -> list[list[list[str]]]:
    return [[[_text(cell) for cell in row if cell.tag in (f"{HTML}td", f"{HTML}th")]
             for row in table.iter(f"{HTML}tr")] for table in tree.iter(f"{HTML}table")]


def test_every_la_has_a_page_linked_from_the_index(repo: Repository,
                                                   site: dict[str, str]) -> None:
    index = site[AUTHORITIES]
    for la in repo.authorities.values():
        page = authority_page(la.id)
        assert page in site
        assert f"<h1>{authorities.title_of(la.name)}</h1>" in site[page].replace("&#x27;", "'")
        assert f'href="{posixpath.relpath(page, "authorities")}"' in index
        assert 'href="index.html">Every LA&#x27;s page</a>' in site[page]  # and back
    assert len(repo.authorities) == 19
    # In the site's navigation, so the home page lists it too.
    assert 'href="authorities/index.html"' in site["index.html"]


def test_readings_chart_carries_the_queries_figures_in_both_years(
        repo: Repository, reading: Any) -> None:
    chart = _chart(reading)
    bars = _bars(chart)
    trend = neighbours_query.capacity_trend(repo, "reading")
    assert [b.year for b in trend] == ["2017-18", "2018-19"]
    kinds = {"la": "Reading", "neighbours": "Neighbours' mean", "region": "South East",
             "england": "England"}
    for beside in trend:
        table = capacity_query.capacity_table(repo, next(
            c for c in repo.capacity if c.key == beside.source))
        own = next(r for r in table.rows if r.area == "reading").values["utilisation"]
        assert own == beside.rows[0].values["utilisation"]
        for row in beside.rows:
            drawn = bars[(beside.year, row.kind.value)]
            value = row.values["utilisation"]
            assert value is not None
            assert float(drawn.get("data-value")) == value
            words = _text(drawn)
            assert words.startswith(kinds[row.kind.value])
            assert svg.number(value, "%") in words
            bar = next(r for r in drawn.iter(f"{SVG}rect") if r.get("class") == "bar")
            assert float(bar.get("width")) == pytest.approx(300 * value / 100, abs=0.06)
        assert f"({beside.mean.with_value['utilisation']} of 10)" in _text(
            bars[(beside.year, "neighbours")])
    title = _text(next(chart.iter(f"{SVG}title")))
    assert "Utilisation" in title and "Reading" in title
    desc = _text(next(chart.iter(f"{SVG}desc")))
    assert "2017-18: Reading 45.7%" in desc and "2018-19: Reading 48.5%" in desc


def test_a_neighbours_mean_recomputed_from_the_data_files(reading: Any) -> None:
    """Reading's 2017-18 neighbours' utilisation from the YAML files read here: each
    neighbour's own filled / approved, those without a figure left out."""
    capacity = yaml.safe_load((DATA / "capacity" / "ofsted-2017-18.yaml").read_text("utf-8"))
    sets = yaml.safe_load((DATA / "neighbours" / "sn-2025-05.yaml").read_text("utf-8"))
    group = next(g for g in sets["groups"] if g["dfe_number"] == 870)
    areas = {a["dfe_number"]: a["values"] for a in capacity["areas"]
             if a["level"] == "la" and a.get("dfe_number")}
    shares = [Fraction(v["filled"] * 100, v["approved"])
              for n in group["neighbours"] if (v := areas.get(n["dfe_number"]))
              and v.get("filled") is not None and v.get("approved")]
    drawn = _bars(_chart(reading))[("2017-18", "neighbours")]
    assert float(drawn.get("data-value")) == pytest.approx(float(sum(shares) / len(shares)),
                                                           rel=1e-12)
    assert f"({len(shares)} of {len(group['neighbours'])})" in _text(drawn)


def test_the_chart_reads_in_black_and_white_and_names_its_sources(site: dict[str, str],
                                                                  reading: Any) -> None:
    chart = _chart(reading)
    fills = {r.get("fill") for r in chart.iter(f"{SVG}rect") if r.get("class") == "bar"}
    assert len(fills) == 4  # each area its own fill, two of them patterns
    assert sum(f.startswith("url(#") for f in fills) == 2
    figure = next(f for f in reading.iter(f"{HTML}figure"))
    caption = _text(next(figure.iter(f"{HTML}figcaption")))
    for words in ("Fostering_in_England_2017-18_dataset.csv",
                  "Local_authority_level_fostering_data_2018_to_2019.csv",
                  "sn-2025-05 (of 2025-05)", "places filled as a share of places approved"):
        assert words in caption


def test_the_places_table_gives_ranks_bands_points_and_the_rule(repo: Repository,
                                                                 reading: Any) -> None:
    places = _tables(reading)[0]
    assert places[0][:3] == ["Measure", "Year", "Reading"]
    rows = {(r[0], r[1]): r for r in places[1:]}
    assert len(rows) == 6  # three shares, two years
    for capacity in repo.capacity:
        for measure in authorities.SHARES:
            table = capacity_query.capacity_table(repo, capacity, measure.key)
            own = next(r for r in table.rows if r.area == "reading")
            cells = rows[(measure.label, capacity.year)]
            assert cells[3] == f"{own.rank_region} of {table.ranked_region}"
            assert cells[4] == f"{own.rank_all} of {table.ranked_all}"
            assert cells[5] == own.band
            assert table.points is not None
            assert cells[6] == f"{two_places(table.points.lower)}% / " \
                f"{two_places(table.points.median)}% / {two_places(table.points.upper)}%"
    assert rows[("Utilisation", "2018-19")][2:6] == ["48.5%", "19 of 19", "142 of 145", "D"]
    assert rows[("Utilisation", "2018-19")][7] == "62% (10 of 10 had a figure)"
    assert rows[("Not available share", "2017-18")][7] == "21.2% (9 of 10 had a figure)"
    notes = [_text(p) for p in reading.iter(f"{HTML}p") if p.get("class") == "note"]
    rule = [n for n in notes if n.startswith("Band: Ranks and bands are as DfE's LA")]
    assert len(rule) == 2  # under each table that shows a band
    assert "a value exactly at a point is in the band of lower values" in rule[0]


def test_a_ratio_a_year_lacks_is_not_in_that_years_data_never_0(reading: Any) -> None:
    ratios = _tables(reading)[1]
    rows = {(r[0], r[1]): r for r in ratios[1:]}
    lacking = rows[("Enquiry to application (conversion)", "2017-18")]
    assert lacking[2] == lacking[7] == lacking[8] == lacking[9] == "not in that year's data"
    assert "0" not in "".join(lacking[2:])
    assert rows[("Enquiry to application (conversion)", "2018-19")][2] == "10.3%"
    # 2017-18's one ratio is ranked and banded among all LAs in England that year.
    assert rows[("Enquiry to approval", "2017-18")][2:6] == ["3%", "17 of 18", "117 of 137",
                                                            "D"]


def test_the_neighbours_are_listed_closest_first_with_the_set_and_why(
        repo: Repository, reading: Any) -> None:
    listed = _tables(reading)[2]
    assert listed[0][:4] == ["SN", "LA", "Closeness", "DfE number"]
    beside = neighbours_query.capacity_trend(repo, "reading")[-1]
    assert [r[1] for r in listed[1:]] == [n.name for n in beside.neighbours]
    assert listed[1][:3] == ["1", "Milton Keynes", "very close"]
    words = _text(reading)
    assert "The set used is sn-2025-05" in words and "used for every year" in words
    # A neighbour in the group links to its own page.
    links = {_text(a): a.get("href") for a in reading.iter(f"{HTML}a")}
    assert links["Milton Keynes"] == "milton-keynes.html"
    assert links["Capacity ofsted-2018-19"] == "../capacity/ofsted-2018-19.html"
    assert links["Benchmarking ofsted-2017-18"] == "../benchmarks/ofsted-2017-18.html"


def test_an_la_named_in_a_table_links_to_its_page(site: dict[str, str]) -> None:
    assert '<a href="../authorities/reading.html">Reading</a>' in site[
        "capacity/ofsted-2018-19.html"]
    assert '<a href="authorities/reading.html">Reading</a>' in site["attendance.html"]


def test_without_a_neighbour_set_the_page_says_so(repo: Repository) -> None:
    bare = dataclasses.replace(repo, neighbour_sets=[])
    pages = {p.path: p for p in authorities.authority_pages(bare, AS_OF)}
    from fostlog.render.html_docs import render_html

    page = render_html(pages[READING].document)
    assert "No set of statistical neighbours is held" in page
    assert "no neighbours listed" in page


def test_grouped_bars_draw_to_scale_and_an_unknown_as_unknown() -> None:
    parts = [svg.Part("la", "Kent", "#000"), svg.Part("england", "England", "#eee", "dots")]
    chart = svg.grouped_bars("g", "Utilisation", [
        svg.Group("2017-18", {"la": 50.0, "england": None}, {"england": "not in file"}),
        svg.Group("2018-19", {"la": 25.0, "england": 60.0}, after={"england": " (x)"}),
    ], parts, scale=100)
    root = ET.fromstring(chart.svg)
    ns = {"s": "http://www.w3.org/2000/svg"}
    assert root.get("role") == "img"
    assert chart.alt == ("Utilisation. 2017-18: Kent 50%; England not in file. "
                         "2018-19: Kent 25%; England 60% (x).")
    rows = root.findall(".//s:g[@data-series]", ns)
    widths = [float(r.find("s:rect[@class='bar']", ns).get("width", ""))  # type: ignore[union-attr]
              for r in rows if "known" in (r.get("class") or "").split()]
    assert widths == [150.0, 75.0, 180.0]
    unknown = next(r for r in rows if "unknown" in (r.get("class") or "").split())
    assert unknown.find("s:rect[@class='bar']", ns) is None
    assert "not in file" in "".join(unknown.itertext())
