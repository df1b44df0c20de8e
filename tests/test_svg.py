"""site/svg.py: each chart is well-formed SVG with its words, draws what it is given to
scale, and draws an unknown value as unknown, never as a bar of length 0."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from fostlog.site import svg

NS = {"s": "http://www.w3.org/2000/svg"}


def parsed(chart: svg.Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def _bar(group: ET.Element, attribute: str) -> float:
    """A number from the bar drawn in this group; fails the test when there is none."""
    bar = group.find("s:rect[@class='bar']", NS)
    assert bar is not None, ET.tostring(group)
    return float(bar.get(attribute, "nan"))


def text_alternative(root: ET.Element) -> tuple[str, str]:
    title = root.find("s:title", NS)
    desc = root.find("s:desc", NS)
    assert title is not None and desc is not None
    labelled = root.get("aria-labelledby", "").split()
    assert labelled == [title.get("id"), desc.get("id")]
    assert root.get("role") == "img"
    return title.text or "", desc.text or ""


def test_funnel_draws_each_known_stage_to_scale_and_an_unknown_one_as_unknown() -> None:
    chart = svg.funnel("f", "Kent", [svg.Stage("Enquiries", 600, "a"),
                                     svg.Stage("Applications", 150, "b"),
                                     svg.Stage("Stage F", None, "f")])
    root = parsed(chart)
    title, desc = text_alternative(root)
    assert title == "Kent"
    assert desc == chart.alt == "Kent. Enquiries: 600; Applications: 150; Stage F: unknown."
    stages = {g.get("data-stage"): g for g in root.iter(f"{{{NS['s']}}}g")
              if "stage" in (g.get("class") or "")}
    widths = {key: _bar(g, "width")
              for key, g in stages.items() if key != "f"}
    assert widths["a"] == pytest.approx(4 * widths["b"])
    unknown = stages["f"]
    assert "unknown" in (unknown.get("class") or "").split()
    assert unknown.find("s:rect[@class='bar']", NS) is None
    track = unknown.find("s:rect[@class='unknown-track']", NS)
    assert track is not None and float(track.get("width", "0")) > 100
    assert track.get("fill") == "url(#f-unknown)"
    assert "unknown" in "".join(unknown.itertext())


def test_a_zero_count_is_a_known_zero_not_unknown() -> None:
    root = parsed(svg.funnel("f", "Zero", [svg.Stage("A", 10), svg.Stage("B", 0)]))
    groups = [g for g in root.iter(f"{{{NS['s']}}}g") if "stage" in (g.get("class") or "")]
    assert [g.get("class") for g in groups] == ["stage known", "stage known"]
    assert "0" in "".join(groups[1].itertext())


def test_ranked_bars_mark_bands_references_and_unknowns() -> None:
    bars = [svg.Bar("Kent", 40.0, "A", 1), svg.Bar("Surrey", 20.0, "B", 2),
            svg.Bar("Reading", None)]
    chart = svg.ranked_bars("r", "Conversion", bars,
                            references=[svg.Reference("Region median", 20.0),
                                        svg.Reference("Nothing", None)])
    root = parsed(chart)
    _, desc = text_alternative(root)
    assert "1. Kent 40% (band A)" in desc and "Reading unknown" in desc
    assert "Region median 20%" in desc and "Nothing" not in desc
    rows = [g for g in root.iter(f"{{{NS['s']}}}g") if "bar-row" in (g.get("class") or "")]
    assert [g.get("data-band") for g in rows] == ["A", "B", ""]
    lengths = [_bar(r, "width")
               for r in rows[:2]]
    assert lengths[0] == pytest.approx(2 * lengths[1])
    assert rows[2].find("s:rect[@class='unknown-track']", NS) is not None
    references = [g for g in root.iter(f"{{{NS['s']}}}g") if g.get("class") == "reference"]
    assert len(references) == 1
    line = references[0].find("s:line", NS)
    assert line is not None
    # The median is half Kent's value: its line is half-way along Kent's bar.
    start = _bar(rows[0], "x")
    assert float(line.get("x1", "0")) == pytest.approx(start + lengths[0] / 2)


def test_stacked_bars_put_parts_side_by_side_and_an_unknown_part_makes_the_row_unknown() -> None:
    parts = [svg.Part("a", "filled", "#000"), svg.Part("b", "vacant", "#888", "dots")]
    chart = svg.stacked_bars("s", "Shares", [
        svg.Stack("Kent", {"a": 60.0, "b": 40.0}, "100 approved"),
        svg.Stack("Slough", {"a": 50.0, "b": None}),
    ], parts, unit="%")
    root = parsed(chart)
    _, desc = text_alternative(root)
    assert "Kent: filled 60%, vacant 40% (100 approved)" in desc
    assert "Slough: unknown" in desc
    stacks = [g for g in root.iter(f"{{{NS['s']}}}g") if "stack" in (g.get("class") or "")]
    kent = stacks[0].findall("s:rect", NS)
    assert [float(r.get("width", "0")) for r in kent] == pytest.approx([180.0, 120.0])
    assert float(kent[1].get("x", "0")) == pytest.approx(float(kent[0].get("x", "0")) + 180)
    assert kent[1].get("fill") == "url(#s-b)"
    assert root.find(".//s:pattern[@id='s-b']", NS) is not None
    assert stacks[1].get("class") == "stack unknown"


def test_heat_map_has_a_lettered_cell_per_row_and_column() -> None:
    shades = {"present": svg.Shade("P", "present", "#0a0", "#fff"),
              "unknown": svg.Shade("?", "unknown", "#eee", hatched=True)}
    rows = [svg.HeatRow("kent", "Kent", [svg.HeatCell("present", tip="Kent: A Person"),
                                         svg.HeatCell("unknown")]),
            svg.HeatRow("surrey", "Surrey", [svg.HeatCell("present", inferred=True),
                                             svg.HeatCell("unknown")])]
    chart = svg.heat_map("h", "Attendance", ["2021-07", "2022-01-26"], rows, shades,
                         inferred_words="inferred", summary="Who came.")
    root = parsed(chart)
    _, desc = text_alternative(root)
    assert desc.startswith("Who came. 2 rows by 2 columns: present 2, unknown 2; 1 inferred.")
    cells = [g for g in root.iter(f"{{{NS['s']}}}g")
             if (g.get("class") or "").startswith("cell ")]
    assert [(c.get("data-row"), c.get("data-column")) for c in cells] == [
        ("kent", "2021-07"), ("kent", "2022-01-26"), ("surrey", "2021-07"),
        ("surrey", "2022-01-26")]
    marks = ["".join(c.find("s:text", NS).itertext()) for c in cells]  # type: ignore[union-attr]
    assert marks == ["P", "?", "P*", "?"]
    assert cells[0].find("s:title", NS).text == "Kent: A Person"  # type: ignore[union-attr]
    assert cells[1].find("s:rect", NS).get("fill") == "url(#h-unknown)"  # type: ignore[union-attr]
    assert "inferred" in (cells[2].get("class") or "")


def test_text_is_escaped_and_characters_xml_cannot_hold_are_replaced() -> None:
    hostile = 'Kent <script>alert("x")</script> & \x07'
    chart = svg.funnel("x", hostile, [svg.Stage(hostile, 1)])
    root = parsed(chart)  # well-formed despite the label
    assert "<script>" not in chart.svg
    assert root.find(".//s:script", NS) is None
    title, _ = text_alternative(root)
    assert title == 'Kent <script>alert("x")</script> & \ufffd'


def test_ident_makes_safe_unique_ids() -> None:
    assert svg.ident("funnel", "ofsted-2018-19", "South East") == "funnel-ofsted-2018-19-south-east"
    assert svg.ident("", "") == "chart"


@pytest.mark.parametrize(("value", "unit", "shown"), [
    (1234, "", "1,234"), (37.80290, "%", "37.8%"), (14.0, "%", "14%"), (2.5, "", "2.5"),
])
def test_numbers_read_as_the_cli_shows_them(value: float, unit: str, shown: str) -> None:
    assert svg.number(value, unit) == shown


def test_empty_charts_are_still_well_formed() -> None:
    for chart in (svg.funnel("a", "None", []), svg.ranked_bars("b", "None", []),
                  svg.stacked_bars("c", "None", [], []),
                  svg.heat_map("d", "None", [], [], {}, inferred_words="i", summary="s")):
        root = parsed(chart)
        text_alternative(root)
        assert chart.width > 0 and chart.height > 0
