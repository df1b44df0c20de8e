"""Charts as static SVG: a funnel, a ranked bar chart, stacked bars, a heat-map and grouped
bars (an LA beside its neighbours, region and England, a group a year).

Small and fostlog's own (see the README: a plotting library would bring a JavaScript
runtime or a large dependency for five shapes). Each chart:
- is one <svg> element with role="img", and its text alternative as <title> and <desc>
  (aria-labelledby), so a screen reader reads the chart in words;
- reads without colour: every value is written beside its bar, every heat-map cell
  carries its letter, quartile bands their letter;
- draws an unknown value as unknown: a hatched, dashed-outline track that says
  "unknown", never a bar of length 0 (a blank count in the minutes is not zero);
- fetches nothing (no fonts, no images, no script): the page's CSP forbids it anyway.

Every text drawn goes through core/escape.py's `html_text`, which escapes it
for XML and replaces control characters and what XML cannot hold. Numbers are laid out
by an estimate of text width (no font metrics are available offline), generous enough
for the labels the data has.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from fostlog.core.escape import html_text
from fostlog.render.outline import Figure, FigureStyle

FONT = "font-family:'Segoe UI',Arial,Helvetica,sans-serif"
CHAR = 6.6  # the width of a character at 11px, generously
ROW = 22  # the height of a bar's row
BAR = 14  # the height of a bar
INK = "#1a1a1a"
MUTED = "#555"
BAR_FILL = "#3b6ea5"
UNKNOWN_FILL = "#f2f2f2"
BAND_FILLS = {"A": "#e8f1e4", "B": "#f4f8f1", "C": "#fbf3ea", "D": "#f8ebe4"}

_ID = re.compile(r"[^a-z0-9-]+")


def ident(*parts: str) -> str:
    """An id for a chart, unique on its page when its parts are (ids of <title>, <desc>
    and the hatch pattern hang off it)."""
    return _ID.sub("-", "-".join(parts).lower()).strip("-") or "chart"


def number(value: float, unit: str = "") -> str:
    """12, 1,234, 37.8%: counts whole, ratios to one place, as the CLI shows them."""
    if unit == "%":
        return f"{value:.1f}".removesuffix(".0") + "%"
    if float(value).is_integer():
        return f"{int(value):,}"
    return f"{value:,.1f}"


def text_width(label: str, size: float = 11) -> float:
    return len(label) * CHAR * size / 11


@dataclass(frozen=True)
class Chart:
    """A chart and its words: `alt` is also the SVG's <desc>."""

    svg: str
    alt: str
    width: float
    height: float

    def figure(self, caption: str | None = None,
               style: FigureStyle = FigureStyle.wide) -> Figure:
        return Figure(self.svg, self.alt, caption, style)


def _open(chart_id: str, kind: str, title: str, alt: str, width: float, height: float) -> str:
    w, h = f"{width:.0f}", f"{height:.0f}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart-svg {kind}" '
        f'data-chart="{kind}" id="{chart_id}" viewBox="0 0 {w} {h}" width="{w}" height="{h}" '
        f'role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'style="{FONT};font-size:11px">'
        f'<title id="{chart_id}-title">{html_text(title)}</title>'
        f'<desc id="{chart_id}-desc">{html_text(alt)}</desc>'
        f"<defs>{_hatch(chart_id)}</defs>"
    )


def _closed(parts: list[str], alt: str, width: float, height: float) -> Chart:
    return Chart("".join(parts) + "</svg>", alt, width, height)


def _hatch(chart_id: str) -> str:
    return (
        f'<pattern id="{chart_id}-unknown" width="6" height="6" '
        'patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        f'<rect width="6" height="6" fill="{UNKNOWN_FILL}"/>'
        '<line x1="0" y1="0" x2="0" y2="6" stroke="#9a9a9a" stroke-width="1.5"/></pattern>'
    )


def _unknown_track(chart_id: str, x: float, y: float, width: float, height: float,
                   words: str = "unknown") -> str:
    """An unknown value: the whole track hatched and outlined, saying so in words."""
    return (
        f'<rect class="unknown-track" x="{x:.1f}" y="{y:.1f}" width="{width:.1f}" '
        f'height="{height:.1f}" fill="url(#{chart_id}-unknown)" stroke="#777" '
        'stroke-dasharray="3 2"/>'
        f'<text x="{x + width / 2:.1f}" y="{y + height / 2 + 4:.1f}" text-anchor="middle" '
        f'fill="{INK}" font-style="italic">{html_text(words)}</text>'
    )


def _label(x: float, y: float, words: str, anchor: str = "end", fill: str = INK,
           extra: str = "") -> str:
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}"{extra}>'
            f"{html_text(words)}</text>")


def _name_label(x: float, y: float, words: str, room: float) -> str:
    """A name at the left of a row, right-aligned at `x` within `room` pixels: a longer one
    is cut short with an ellipsis, the whole name in its <title> (a tooltip, and what a
    screen reader reads), so it never runs off the chart or over the band letters."""
    if text_width(words) <= room:
        return _label(x, y, words)
    fits = max(1, int(room / CHAR) - 1)
    return (f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="end" fill="{INK}">'
            f"<title>{html_text(words)}</title>{html_text(words[:fits].rstrip())}…</text>")


# --- a funnel ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stage:
    label: str
    value: float | None  # None: unknown (a blank cell), drawn as unknown
    key: str = ""
    unknown_words: str = "unknown"


def funnel(chart_id: str, title: str, stages: Sequence[Stage], *,
           scale: float | None = None, unit: str = "") -> Chart:
    """Stage by stage, each bar centred so the stages narrow as a funnel does; its length
    is its count against the largest (or `scale`). An unknown stage fills its track with
    hatching and says "unknown"."""
    label_w = min(max((text_width(s.label) for s in stages), default=60) + 8, 190)
    track_w = 240.0
    value_w = 64.0
    width = label_w + track_w + value_w + 8
    height = len(stages) * ROW + 8
    top = max((s.value for s in stages if s.value is not None), default=0.0)
    scale = scale or top or 1.0
    said = [f"{s.label}: {number(s.value, unit) if s.value is not None else s.unknown_words}"
            for s in stages]
    alt = f"{title}. " + "; ".join(said) + "."
    parts = [_open(chart_id, "funnel", title, alt, width, height)]
    for index, stage in enumerate(stages):
        y = 4 + index * ROW
        middle = y + ROW / 2 + 4
        parts.append(f'<g class="stage {"known" if stage.value is not None else "unknown"}" '
                     f'data-stage="{html_text(stage.key or stage.label)}" '
                     f'data-value="{"" if stage.value is None else stage.value}">')
        parts.append(_name_label(label_w - 6, middle, stage.label, label_w - 8))
        bar_y = y + (ROW - BAR) / 2
        if stage.value is None:
            parts.append(_unknown_track(chart_id, label_w, bar_y, track_w, BAR,
                                        stage.unknown_words))
            parts.append(_label(label_w + track_w + 6, middle, stage.unknown_words, "start",
                                MUTED))
        else:
            length = max(track_w * min(stage.value / scale, 1.0), 1.0)
            x = label_w + (track_w - length) / 2
            parts.append(f'<rect class="bar" x="{x:.1f}" y="{bar_y:.1f}" width="{length:.1f}" '
                         f'height="{BAR}" fill="{BAR_FILL}"/>')
            parts.append(_label(label_w + track_w + 6, middle, number(stage.value, unit),
                                "start"))
        parts.append("</g>")
    return _closed(parts, alt, width, height)


# --- a ranked bar chart --------------------------------------------------------------------


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    band: str | None = None  # the quartile band (A best); drawn as a shaded, lettered row
    rank: int | None = None
    key: str = ""


@dataclass(frozen=True)
class Reference:
    """A value marked across every bar: the region's median, England's figure."""

    label: str
    value: float | None
    dash: str = "5 3"


def ranked_bars(chart_id: str, title: str, bars: Sequence[Bar], *,
                references: Sequence[Reference] = (), unit: str = "%",
                order_words: str = "best first") -> Chart:
    """One bar per row in the order given (ranked), the value written at its end; rows
    shaded and lettered by quartile band; each reference a dashed line across all rows,
    named at the top. An unknown value is a hatched track that says "unknown"."""
    band_w = 18.0
    label_w = min(max((text_width(b.label) for b in bars), default=60) + 8, 190)
    track_w = 300.0
    value_w = 60.0
    ref_rows = len([r for r in references if r.value is not None])
    head = 6 + ref_rows * 14
    width = band_w + label_w + track_w + value_w
    height = head + len(bars) * ROW + 8
    known = [b.value for b in bars if b.value is not None]
    known += [r.value for r in references if r.value is not None]
    scale = max(known, default=0.0) or 1.0
    x0 = band_w + label_w
    said = []
    for bar in bars:
        value = number(bar.value, unit) if bar.value is not None else "unknown"
        place = f"{bar.rank}. " if bar.rank is not None else ""
        band = f" (band {bar.band})" if bar.band else ""
        said.append(f"{place}{bar.label} {value}{band}")
    marks = [f"{r.label} {number(r.value, unit)}" for r in references if r.value is not None]
    alt = (f"{title}, {order_words}: " + "; ".join(said) + "."
           + (" Marked: " + "; ".join(marks) + "." if marks else ""))
    parts = [_open(chart_id, "ranked", title, alt, width, height)]
    for index, bar in enumerate(bars):
        if bar.band:  # under everything else
            parts.append(f'<rect class="band" x="0" y="{head + index * ROW:.1f}" '
                         f'width="{width:.1f}" height="{ROW}" '
                         f'fill="{BAND_FILLS.get(bar.band, "#fff")}"/>')
    parts += _reference_lines(references, x0, track_w, scale, height, unit)
    for index, bar in enumerate(bars):
        y = head + index * ROW
        middle = y + ROW / 2 + 4
        parts.append(f'<g class="bar-row {"known" if bar.value is not None else "unknown"}" '
                     f'data-key="{html_text(bar.key or bar.label)}" data-band="{bar.band or ""}">')
        if bar.band:
            parts.append(_label(band_w / 2, middle, bar.band, "middle", MUTED,
                                ' font-weight="bold"'))
        parts.append(_name_label(x0 - 6, middle, bar.label, label_w - 8))
        bar_y = y + (ROW - BAR) / 2
        if bar.value is None:
            parts.append(_unknown_track(chart_id, x0, bar_y, track_w, BAR))
        else:
            length = max(track_w * max(bar.value, 0.0) / scale, 1.0)
            parts.append(f'<rect class="bar" x="{x0:.1f}" y="{bar_y:.1f}" '
                         f'width="{length:.1f}" height="{BAR}" fill="{BAR_FILL}"/>')
            parts.append(_label(x0 + length + 4, middle, number(bar.value, unit), "start"))
        parts.append("</g>")
    return _closed(parts, alt, width, height)


def _reference_lines(references: Sequence[Reference], x0: float, track_w: float,
                     scale: float, height: float, unit: str) -> list[str]:
    """Each known reference as a line down the chart, named on a line of its own at the
    top (towards the chart's middle, so the words stay inside it)."""
    found = []
    line = 0
    for reference in references:
        if reference.value is None:
            continue
        x = x0 + track_w * reference.value / scale
        label_y = 6 + line * 14 + 9
        line += 1
        left = x < x0 + track_w * 0.6
        found.append(
            f'<g class="reference" data-value="{reference.value}">'
            f'<line x1="{x:.1f}" y1="{label_y + 2:.1f}" x2="{x:.1f}" y2="{height - 4:.1f}" '
            f'stroke="{INK}" stroke-width="1.5" stroke-dasharray="{reference.dash}"/>'
            + _label(x + 3 if left else x - 3, label_y,
                     f"{reference.label} {number(reference.value, unit)}",
                     "start" if left else "end")
            + "</g>")
    return found


# --- stacked bars --------------------------------------------------------------------------


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    fill: str
    pattern: str | None = None  # "dots" or "lines": so the parts differ without colour
    ink: str = "#fff"  # the colour of a value written inside the part


@dataclass(frozen=True)
class Stack:
    label: str
    values: dict[str, float | None]  # by part key; a None part makes the whole bar unknown
    total_words: str = ""  # what is written after the bar ("12 open")
    unknown_words: str = "unknown"


def _part_patterns(chart_id: str, parts: Sequence[Part]) -> str:
    found = []
    for part in parts:
        if part.pattern == "dots":
            found.append(
                f'<pattern id="{chart_id}-{part.key}" width="5" height="5" '
                f'patternUnits="userSpaceOnUse"><rect width="5" height="5" fill="{part.fill}"/>'
                '<circle cx="2.5" cy="2.5" r="1" fill="#6b8fb5"/></pattern>')
        elif part.pattern == "lines":
            found.append(
                f'<pattern id="{chart_id}-{part.key}" width="5" height="5" '
                'patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">'
                f'<rect width="5" height="5" fill="{part.fill}"/>'
                '<line x1="0" y1="0" x2="0" y2="5" stroke="#999" stroke-width="1.2"/></pattern>')
    return "".join(found)


def _fill(chart_id: str, part: Part) -> str:
    return f"url(#{chart_id}-{part.key})" if part.pattern else part.fill


def stacked_bars(chart_id: str, title: str, stacks: Sequence[Stack], parts: Sequence[Part], *,
                 unit: str = "", scale: float | None = None) -> Chart:
    """One bar per row made of parts side by side, each part's value written inside it
    when it fits; a legend of the parts on top. A row with an unknown part is drawn
    unknown as a whole (its parts cannot be placed)."""
    label_w = min(max((text_width(s.label) for s in stacks), default=60) + 8, 200)
    track_w = 300.0
    after_w = max((text_width(s.total_words) for s in stacks), default=0) + 12
    legend_h = 22.0
    width = label_w + track_w + max(after_w, 40)
    height = legend_h + len(stacks) * ROW + 8
    totals = [sum(v or 0.0 for v in s.values.values()) for s in stacks
              if all(s.values.get(p.key) is not None for p in parts)]
    scale = scale or max(totals, default=0.0) or 1.0
    said = []
    for stack in stacks:
        if any(stack.values.get(p.key) is None for p in parts):
            said.append(f"{stack.label}: {stack.unknown_words}")
        else:
            inner = ", ".join(f"{p.label} {number(stack.values[p.key] or 0.0, unit)}"
                              for p in parts)
            said.append(f"{stack.label}: {inner}"
                        + (f" ({stack.total_words})" if stack.total_words else ""))
    alt = f"{title}. " + "; ".join(said) + "."
    svg = [_open(chart_id, "stacked", title, alt, width, height)]
    svg[0] = svg[0].replace("</defs>", _part_patterns(chart_id, parts) + "</defs>")
    x = 0.0
    for part in parts:
        svg.append(f'<g class="legend-item"><rect x="{x:.1f}" y="4" width="14" height="12" '
                   f'fill="{_fill(chart_id, part)}" stroke="{INK}" stroke-width=".5"/>'
                   + _label(x + 18, 14, part.label, "start") + "</g>")
        x += 18 + text_width(part.label) + 14
    for index, stack in enumerate(stacks):
        y = legend_h + index * ROW
        middle = y + ROW / 2 + 4
        bar_y = y + (ROW - BAR) / 2
        unknown = any(stack.values.get(p.key) is None for p in parts)
        svg.append(f'<g class="stack {"unknown" if unknown else "known"}">')
        svg.append(_name_label(label_w - 6, middle, stack.label, label_w - 8))
        if unknown:
            svg.append(_unknown_track(chart_id, label_w, bar_y, track_w, BAR,
                                      stack.unknown_words))
        else:
            at = label_w
            for part in parts:
                value = stack.values[part.key] or 0.0
                length = track_w * value / scale
                if length <= 0:
                    continue
                svg.append(f'<rect class="part {part.key}" x="{at:.1f}" y="{bar_y:.1f}" '
                           f'width="{length:.1f}" height="{BAR}" fill="{_fill(chart_id, part)}" '
                           f'stroke="#fff" stroke-width=".5"><title>{html_text(part.label)}: '
                           f"{html_text(number(value, unit))}</title></rect>")
                words = number(value, unit)
                if text_width(words, 10) + 6 < length:
                    svg.append(f'<text x="{at + length / 2:.1f}" y="{middle - 1:.1f}" '
                               f'text-anchor="middle" fill="{part.ink}" font-size="10" '
                               f'font-weight="bold">{html_text(words)}</text>')
                at += length
        if stack.total_words:
            svg.append(_label(label_w + track_w + 6, middle, stack.total_words, "start"))
        svg.append("</g>")
    return _closed(svg, alt, width, height)


# --- a heat-map ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Shade:
    """One kind of heat-map cell: its letter (the CLI's), its words and its fill."""

    mark: str
    words: str
    fill: str
    ink: str = INK
    hatched: bool = False


@dataclass(frozen=True)
class HeatCell:
    shade: str  # a key of the chart's shades
    inferred: bool = False  # worked out, not stated: a dashed outline and '*'
    tip: str = ""  # a tooltip: who came, how it is known


@dataclass(frozen=True)
class HeatRow:
    key: str
    label: str
    cells: list[HeatCell] = field(default_factory=list)


def heat_map(chart_id: str, title: str, columns: Sequence[str], rows: Sequence[HeatRow],
             shades: dict[str, Shade], *, inferred_words: str, summary: str) -> Chart:
    """A grid of rows x columns, each cell filled and lettered by its shade (so it reads
    in grey too), an inferred cell outlined in dashes with '*' after its letter; the
    legend underneath. `summary` is the text alternative's opening."""
    cell_w, cell_h = 44.0, 20.0
    label_w = min(max((text_width(r.label) for r in rows), default=60) + 10, 190)
    head = max((text_width(c) for c in columns), default=40) * 0.72 + 16
    legend_h = 2 * 20 + 10
    width = max(label_w + cell_w * len(columns) + 40, 560)
    height = head + cell_h * len(rows) + legend_h
    counts: dict[str, int] = {}
    for row in rows:
        for cell in row.cells:
            counts[cell.shade] = counts.get(cell.shade, 0) + 1
    inferred = sum(cell.inferred for row in rows for cell in row.cells)
    tally = ", ".join(f"{shades[k].words} {n}" for k, n in counts.items())
    alt = (f"{summary} {len(rows)} rows by {len(columns)} columns: {tally}; "
           f"{inferred} {inferred_words}. The table below gives every cell.")
    svg = [_open(chart_id, "heatmap", title, alt, width, height)]
    for index, column in enumerate(columns):
        x = label_w + index * cell_w + cell_w / 2
        svg.append(f'<text class="column" x="{x:.1f}" y="{head - 6:.1f}" '
                   f'transform="rotate(-45 {x:.1f} {head - 6:.1f})" fill="{INK}">'
                   f"{html_text(column)}</text>")
    for r, row in enumerate(rows):
        y = head + r * cell_h
        svg.append(_name_label(label_w - 6, y + cell_h / 2 + 4, row.label, label_w - 8))
        for c, cell in enumerate(row.cells):
            shade = shades[cell.shade]
            x = label_w + c * cell_w
            fill = f"url(#{chart_id}-unknown)" if shade.hatched else shade.fill
            outline = ('stroke="#000" stroke-width="1.5" stroke-dasharray="3 2"' if cell.inferred
                       else 'stroke="#fff" stroke-width="1"')
            mark = shade.mark + ("*" if cell.inferred else "")
            tip = f"<title>{html_text(cell.tip)}</title>" if cell.tip else ""
            svg.append(
                f'<g class="cell {cell.shade}{" inferred" if cell.inferred else ""}" '
                f'data-row="{html_text(row.key)}" data-column="{html_text(columns[c])}">{tip}'
                f'<rect x="{x + 1:.1f}" y="{y + 1:.1f}" width="{cell_w - 2:.1f}" '
                f'height="{cell_h - 2:.1f}" fill="{fill}" {outline}/>'
                f'<text x="{x + cell_w / 2:.1f}" y="{y + cell_h / 2 + 4:.1f}" '
                f'text-anchor="middle" fill="{shade.ink}" font-weight="bold">'
                f"{html_text(mark)}</text>"
                "</g>")
    y = head + cell_h * len(rows) + 14
    x = 0.0
    for key, shade in shades.items():
        fill = f"url(#{chart_id}-unknown)" if shade.hatched else shade.fill
        svg.append(f'<g class="legend-item" data-shade="{key}">'
                   f'<rect x="{x:.1f}" y="{y:.1f}" width="26" height="16" fill="{fill}" '
                   f'stroke="{INK}" stroke-width=".5"/>'
                   f'<text x="{x + 13:.1f}" y="{y + 12:.1f}" text-anchor="middle" '
                   f'fill="{shade.ink}" font-weight="bold">{html_text(shade.mark)}</text>'
                   + _label(x + 30, y + 12, shade.words, "start") + "</g>")
        x += 30 + text_width(shade.words) + 14
    y += 22
    svg.append('<g class="legend-item" data-shade="inferred">'
               f'<rect x="0" y="{y:.1f}" width="26" height="16" fill="#fff" stroke="#000" '
               'stroke-width="1.5" stroke-dasharray="3 2"/>'
               f'<text x="13" y="{y + 12:.1f}" text-anchor="middle" font-weight="bold">*</text>'
               + _label(30, y + 12, inferred_words, "start") + "</g>")
    return _closed(svg, alt, width, height)


# --- grouped bars --------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    """One group of bars (a year): a value per series key, None unknown; `unknown_words`
    says why, where known ("not in file"); `after` is written after a value (how many
    neighbours had a figure)."""

    label: str
    values: dict[str, float | None]
    unknown_words: dict[str, str] = field(default_factory=dict)
    after: dict[str, str] = field(default_factory=dict)


def grouped_bars(chart_id: str, title: str, groups: Sequence[Group], series: Sequence[Part], *,
                 unit: str = "%", scale: float | None = None) -> Chart:
    """A group of bars per group (a year) under its label, a bar per series (an area) in
    the order given, each named at its left and its value written at its end, so the
    chart reads in black and white; each series also has its own fill or pattern. An
    unknown value is a hatched track that says why. Bars are to `scale` (100 for a share
    of places), else to the largest value."""
    label_w = min(max((text_width(p.label) for p in series), default=60) + 10, 190)
    track_w = 300.0
    words = [number(v, unit) + g.after.get(p.key, "") for g in groups for p in series
             if (v := g.values.get(p.key)) is not None]
    value_w = max((text_width(w) for w in words), default=40) + 10
    head = ROW  # the group's label, on a line of its own
    gap = 8.0
    block = head + len(series) * ROW + gap
    width = label_w + track_w + value_w
    height = len(groups) * block + 4
    known = [v for g in groups for v in g.values.values() if v is not None]
    scale = scale or max(known, default=0.0) or 1.0
    said = []
    for group in groups:
        items = []
        for part in series:
            value = group.values.get(part.key)
            items.append(f"{part.label} " + (
                number(value, unit) + group.after.get(part.key, "") if value is not None
                else group.unknown_words.get(part.key, "unknown")))
        said.append(f"{group.label}: " + "; ".join(items))
    alt = f"{title}. " + ". ".join(said) + "."
    svg = [_open(chart_id, "grouped", title, alt, width, height)]
    svg[0] = svg[0].replace("</defs>", _part_patterns(chart_id, series) + "</defs>")
    for g_index, group in enumerate(groups):
        top = g_index * block
        svg.append(f'<g class="group" data-group="{html_text(group.label)}">')
        svg.append(_label(0, top + ROW / 2 + 5, group.label, "start", INK,
                          ' font-weight="bold" font-size="12"'))
        for index, part in enumerate(series):
            y = top + head + index * ROW
            middle = y + ROW / 2 + 4
            bar_y = y + (ROW - BAR) / 2
            value = group.values.get(part.key)
            svg.append(f'<g class="bar-row {"known" if value is not None else "unknown"}" '
                       f'data-series="{html_text(part.key)}" '
                       f'data-value="{"" if value is None else value}">')
            svg.append(_name_label(label_w - 6, middle, part.label, label_w - 8))
            if value is None:
                why = group.unknown_words.get(part.key, "unknown")
                svg.append(_unknown_track(chart_id, label_w, bar_y, track_w, BAR, why))
            else:
                length = max(track_w * min(max(value, 0.0) / scale, 1.0), 1.0)
                svg.append(f'<rect class="bar" x="{label_w:.1f}" y="{bar_y:.1f}" '
                           f'width="{length:.1f}" height="{BAR}" '
                           f'fill="{_fill(chart_id, part)}" stroke="{INK}" '
                           'stroke-width=".5"/>')
                svg.append(_label(label_w + length + 4, middle,
                                  number(value, unit) + group.after.get(part.key, ""),
                                  "start"))
            svg.append("</g>")
        svg.append("</g>")
    return _closed(svg, alt, width, height)
