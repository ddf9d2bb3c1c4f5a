"""Timeline figures: a chart that survives only as labels, redrawn at build time from YAML.

Used as a `pymdownx.superfences` custom fence named `timeline`. The output is a figure with
the original caption, an inline SVG (decorative, hidden from screen readers) and the same
data as a table, marked as an editorial reconstruction.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape
from typing import Any

import yaml

RECONSTRUCTED = (
    "Editorial reconstruction: the original chart survives only as loose labels in the source "
    "file. Every label is shown as printed; where each stands (year, level) is the editor's "
    "reading of the text, not the author's drawing. Dashed boxes are the initiatives that "
    "were not implemented."
)

WIDTH, LEFT, ROW, TOP = 900, 160, 64, 40
WRAP = 17  # characters per line inside a box


@dataclass(frozen=True)
class Timeline:
    caption: str
    note: str
    levels: tuple[str, ...]
    years: tuple[str, ...]
    events: tuple[dict[str, Any], ...]
    policies: tuple[dict[str, Any], ...]
    bands: tuple[dict[str, Any], ...]


def parse_timeline(source: str) -> Timeline:
    data = yaml.safe_load(source) or {}
    if not isinstance(data, dict) or "years" not in data:
        raise ValueError("a timeline needs at least 'years'; see CONTRIBUTING.md")
    return Timeline(
        caption=str(data.get("caption", "")), note=str(data.get("note", "")),
        levels=tuple(map(str, data.get("levels", []))), years=tuple(map(str, data["years"])),
        events=tuple(data.get("events", [])), policies=tuple(data.get("policies", [])),
        bands=tuple(data.get("bands", [])),
    )


def _x(timeline: Timeline, year: str) -> float:
    step = (WIDTH - LEFT - 20) / len(timeline.years)
    index = timeline.years.index(str(year)) if str(year) in timeline.years else 0
    return LEFT + step * (index + 0.5)


def _lines(label: str, width: int = WRAP) -> list[str]:
    return textwrap.wrap(" ".join(str(label).split()), width) or [""]


def _text(x: float, y: float, lines: list[str], cls: str) -> str:
    spans = "".join(
        f'<tspan x="{x:.0f}" dy="{0 if i == 0 else 12}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text class="{cls}" x="{x:.0f}" y="{y:.0f}" text-anchor="middle">{spans}</text>'


def _lanes(spans: tuple[dict[str, Any], ...], timeline: Timeline) -> list[tuple[dict, int]]:
    """Give overlapping spans separate lanes, first come first served."""
    placed: list[tuple[dict, int]] = []
    ends: list[float] = []
    for span in spans:
        start, end = _x(timeline, span.get("from", "")), _x(timeline, span.get("to", ""))
        lane = next((i for i, e in enumerate(ends) if e < start), len(ends))
        ends[lane:lane + 1] = [end + 1]  # replaces the lane's end, or opens a new lane
        placed.append((span, lane))
    return placed


def render_svg(timeline: Timeline) -> str:
    step = (WIDTH - LEFT - 20) / len(timeline.years)
    band_rows = max((lane for _, lane in _lanes(timeline.bands, timeline)), default=-1) + 1
    top = TOP + band_rows * 34
    plot_h = max(1, len(timeline.levels)) * ROW
    policy_lanes = _lanes(timeline.policies, timeline)
    height = top + plot_h + 40 + (max((lane for _, lane in policy_lanes), default=-1) + 1) * 56
    out = [f'<svg viewBox="0 0 {WIDTH} {height:.0f}" aria-hidden="true" focusable="false">']
    for band, lane in _lanes(timeline.bands, timeline):
        x0, x1 = _x(timeline, band.get("from", "")) - step / 2, _x(timeline, band.get("to", "")) + step / 2
        out.append(f'<rect class="gl-tl-band" x="{x0:.0f}" y="{TOP + lane * 34 - 14}" '
                   f'width="{x1 - x0:.0f}" height="{top + plot_h - TOP - lane * 34 + 14:.0f}"/>')
        out.append(_text((x0 + x1) / 2, TOP + lane * 34, _lines(band["label"], 60), "gl-tl-band-label"))
    for i, level in enumerate(timeline.levels):
        y = top + plot_h - (i + 0.5) * ROW
        out.append(f'<line class="gl-tl-grid" x1="{LEFT}" x2="{WIDTH - 20}" y1="{y:.0f}" y2="{y:.0f}"/>')
        out.append(_text(LEFT / 2, y - 4, _lines(level, 24), "gl-tl-level"))
    axis_y = top + plot_h
    out.append(f'<line class="gl-tl-axis" x1="{LEFT}" x2="{WIDTH - 20}" y1="{axis_y}" y2="{axis_y}"/>')
    for year in timeline.years:
        out.append(_text(_x(timeline, year), axis_y + 16, [year], "gl-tl-year"))
    seen: dict[tuple[str, str], int] = {}
    for event in timeline.events:
        if "year" not in event or "level" not in event or event["level"] not in timeline.levels:
            continue
        key = (str(event["year"]), str(event["level"]))
        offset = seen.get(key, 0)
        seen[key] = offset + 1
        lines = _lines(event["label"])
        x = _x(timeline, event["year"])
        y = top + plot_h - (timeline.levels.index(event["level"]) + 0.5) * ROW + offset * 26
        h = 12 * len(lines) + 8
        kind = "gl-tl-box" if event.get("implemented", True) else "gl-tl-box gl-tl-box--planned"
        out.append(f'<rect class="{kind}" x="{x - step / 2 + 3:.0f}" y="{y - h / 2:.0f}" '
                   f'width="{step - 6:.0f}" height="{h:.0f}" rx="3"/>')
        out.append(_text(x, y - h / 2 + 13, lines, "gl-tl-label"))
    for policy, lane in policy_lanes:
        x0, x1 = _x(timeline, policy.get("from", "")), _x(timeline, policy.get("to", ""))
        y = axis_y + 40 + lane * 56
        out.append(f'<line class="gl-tl-span" x1="{x0 - step / 2 + 4:.0f}" x2="{x1 + step / 2 - 4:.0f}" '
                   f'y1="{y}" y2="{y}"/>')
        width = max(WRAP, int((x1 - x0 + step) / 6))
        out.append(_text((x0 + x1) / 2, y + 14, _lines(policy["label"], width), "gl-tl-policy"))
    out.append("</svg>")
    return "".join(out)


def render_table(timeline: Timeline) -> str:
    def cell(items: list[str]) -> str:
        return "<br>".join(escape(" ".join(str(i).split())) for i in items)

    rows = []
    for year in timeline.years:
        events = [
            e["label"] + ("" if e.get("implemented", True) else " (initiative, not implemented)")
            + (f" [{e['level']}]" if e.get("level") else "")
            for e in timeline.events if str(e.get("year", "")) == year
        ]
        policies = [p["label"] for p in timeline.policies if str(p.get("from", "")) == year]
        bands = [b["label"] for b in timeline.bands if str(b.get("from", "")) == year]
        rows.append(f"<tr><th scope=\"row\">{escape(year)}</th><td>{cell(events)}</td>"
                    f"<td>{cell(policies)}</td><td>{cell(bands)}</td></tr>")
    unplaced = [e["label"] for e in timeline.events if "year" not in e]
    extra = f"<p>Not placed: {cell(unplaced)}</p>" if unplaced else ""
    levels = ", ".join(escape(level) for level in timeline.levels)
    return (
        f"<p>Integration levels, lowest first: {levels}.</p>"
        "<table><thead><tr><th scope=\"col\">Year</th><th scope=\"col\">Events and initiatives "
        "[level]</th><th scope=\"col\">Foreign policy from this year</th>"
        "<th scope=\"col\">Crisis from this year</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>{extra}"
    )


def render_timeline(timeline: Timeline) -> str:
    note = f'<span class="gl-figure__note">{escape(timeline.note)}</span>' if timeline.note else ""
    return (
        f'<figure class="gl-figure">'
        f'<figcaption><span class="gl-figure__caption">{escape(timeline.caption)}</span> {note}'
        f'<span class="gl-figure__editorial">{RECONSTRUCTED}</span></figcaption>'
        f'<div class="gl-timeline">{render_svg(timeline)}'
        f"<details><summary>The chart as a table</summary>{render_table(timeline)}</details>"
        f"</div></figure>"
    )


def format_timeline(source: str, language: str, css_class: str, options: dict, md: Any,
                    **kwargs: Any) -> str:
    """pymdownx.superfences custom fence formatter for ```timeline blocks."""
    return render_timeline(parse_timeline(source))
