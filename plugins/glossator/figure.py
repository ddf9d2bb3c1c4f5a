"""Timeline figures: a chart that survives only as labels, redrawn at build time from YAML.

Used as a `pymdownx.superfences` custom fence named `timeline`. The output is a figure with
the original caption, an inline SVG (decorative, hidden from screen readers) and the same
data as a table, marked as an editorial reconstruction.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import Any

from pymdownx.superfences import SuperFencesException

from .load import LineMap, check_keys, parse_yaml
from .model import GlossatorError, Problem, Where

RECONSTRUCTED = (
    "Editorial reconstruction: the original chart survives only as loose labels in the source "
    "file. Every label is shown as printed; where each stands (year, level) is the editor's "
    "reading of the text, not the author's drawing. Dashed boxes are the initiatives that "
    "were not implemented."
)

WIDTH, LEFT, RIGHT, ROW, TOP = 720, 118, 8, 58, 24
LINE = 13  # line height of labels, in SVG units
UNPLACED = "(level not given)"


@dataclass(frozen=True)
class Timeline:
    caption: str
    note: str
    levels: tuple[str, ...]
    years: tuple[str, ...]
    events: tuple[dict[str, Any], ...]  # label, year?, level?, implemented
    policies: tuple[dict[str, Any], ...]  # label, from, to
    bands: tuple[dict[str, Any], ...]  # label, from, to


TOP_KEYS = ("caption", "note", "levels", "years", "events", "policies", "bands")
EVENT_KEYS = ("label", "year", "level", "implemented")
SPAN_KEYS = ("label", "from", "to")


class _Reader:
    """Reads the figure's YAML, collecting problems at the lines of the file."""

    def __init__(self, path: Path) -> None:
        self.path, self.problems = path, []

    def fail(self, line: int, message: str, hint: str = "see 'Charts' in CONTRIBUTING.md") -> None:
        self.problems.append(Problem(Where(self.path, line), f"timeline: {message}", hint))

    def words(self, value: Any, line: int, what: str) -> str:
        """A label, caption or year: written as a string or a number."""
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            return str(value)
        self.fail(line, f"{what} must be words or a number, found {type(value).__name__}")
        return ""

    def entries(self, data: LineMap, key: str, known: tuple[str, ...],
                required: tuple[str, ...]) -> list[LineMap]:
        items = data.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, LineMap) for i in items):
            self.fail(data.key_lines.get(key, data.line), f"'{key}' must be a list of mappings")
            return []
        for item in items:
            self.problems += [Problem(p.where, f"timeline: {p.message}", p.hint)
                              for p in check_keys(item, self.path, known, required, f"'{key}'")]
        return items


def read_timeline(source: str, where: Where) -> tuple[Timeline | None, list[Problem]]:
    """The figure of a fence whose first line is `where`, or the problems that prevent it."""
    try:
        data = parse_yaml(source, where.path, first_line=where.line)
    except GlossatorError as error:
        return None, list(error.problems)
    reader = _Reader(where.path)
    if not isinstance(data, LineMap):
        reader.fail(where.line, "the figure must be a mapping with 'years:' and 'events:'")
        return None, reader.problems
    reader.problems += [Problem(p.where, f"timeline: {p.message}", p.hint)
                        for p in check_keys(data, where.path, TOP_KEYS, ("years",), "the figure")]
    lists = {}
    for key in ("levels", "years"):
        value = data.get(key, [])
        if not isinstance(value, list):
            reader.fail(data.key_lines.get(key, data.line), f"'{key}' must be a list")
            value = []
        lists[key] = tuple(reader.words(v, data.key_lines.get(key, data.line), f"an item of '{key}'")
                           for v in value)
    if "years" in data and not lists["years"]:
        reader.fail(data.key_lines["years"], "'years' is empty")
    events = []
    for event in reader.entries(data, "events", EVENT_KEYS, ("label",)):
        out = {"label": reader.words(event.get("label", ""), event.line, "'label'"),
               "implemented": event.get("implemented", True)}
        if not isinstance(out["implemented"], bool):
            reader.fail(event.key_lines["implemented"], "'implemented' must be true or false")
        if "year" in event:
            out["year"] = reader.words(event["year"], event.key_lines["year"], "'year'")
            if out["year"] not in lists["years"]:
                reader.fail(event.key_lines["year"], f"year {out['year']!r} is not in 'years'")
        if "level" in event:
            out["level"] = reader.words(event["level"], event.key_lines["level"], "'level'")
            if out["level"] not in lists["levels"]:
                reader.fail(event.key_lines["level"], f"level {out['level']!r} is not in 'levels'")
        events.append(out)
    spans: dict[str, list[dict[str, str]]] = {}
    for key in ("policies", "bands"):
        spans[key] = []
        for span in reader.entries(data, key, SPAN_KEYS, SPAN_KEYS):
            out = {k: reader.words(span.get(k, ""), span.key_lines.get(k, span.line), f"'{k}'")
                   for k in SPAN_KEYS}
            for k in ("from", "to"):
                if k in span and out[k] not in lists["years"]:
                    reader.fail(span.key_lines[k], f"year {out[k]!r} is not in 'years'")
            spans[key].append(out)
    caption, note = (reader.words(data.get(k, ""), data.key_lines.get(k, data.line), f"'{k}'")
                     for k in ("caption", "note"))
    if reader.problems:
        return None, reader.problems
    return Timeline(caption, note, lists["levels"], lists["years"], tuple(events),
                    tuple(spans["policies"]), tuple(spans["bands"])), []


def _step(timeline: Timeline) -> float:
    return (WIDTH - LEFT - RIGHT) / len(timeline.years)


def _x(timeline: Timeline, year: Any) -> float:
    """Centre of the year's column (the first column for a year not on the axis)."""
    index = timeline.years.index(str(year)) if str(year) in timeline.years else 0
    return LEFT + _step(timeline) * (index + 0.5)


def _lines(label: Any, width: int) -> list[str]:
    words = " ".join(str(label).split())
    return textwrap.wrap(words, max(width, 6), break_long_words=False) or [""]


def _text(x: float, y: float, lines: list[str], cls: str, anchor: str = "middle") -> str:
    spans = "".join(
        f'<tspan x="{x:.0f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text class="{cls}" x="{x:.0f}" y="{y:.0f}" text-anchor="{anchor}">{spans}</text>'


def _extent(timeline: Timeline, span: dict[str, Any], *, whole_columns: bool) -> tuple[float, float]:
    """Where a period runs: whole columns, or from the centre of one to the centre of another
    (so that "1994 to 1998" and "1998 to 2003" meet at 1998 instead of overlapping)."""
    start, end = _x(timeline, span.get("from")), _x(timeline, span.get("to"))
    if whole_columns or end - start < 1:
        return start - _step(timeline) / 2, end + _step(timeline) / 2
    return start, end


def _spans(timeline: Timeline, spans: tuple[dict[str, Any], ...], *,
           whole_columns: bool) -> list[tuple[dict, int, list[str]]]:
    """Lay periods (`from`..`to`) in lanes so that neither bars nor labels overlap."""
    ends: list[float] = []
    placed = []
    for span in spans:
        start, end = _extent(timeline, span, whole_columns=whole_columns)
        # A label may be wider than its period (at least two columns), so lanes go by labels.
        half = max(end - start, 2 * _step(timeline)) / 2
        start, end = (start + end) / 2 - half, (start + end) / 2 + half
        lane = next((i for i, e in enumerate(ends) if e <= start + 1), len(ends))
        ends[lane:lane + 1] = [end]  # the lane's new end, or a new lane
        placed.append((span, lane, _lines(span["label"], int((end - start - 6) / 5.6))))
    return placed


def _lane_tops(placed: list[tuple[dict, int, list[str]]], top: float) -> list[float]:
    """The y of each lane, each as tall as its tallest label."""
    heights: dict[int, int] = {}
    for _, lane, lines in placed:
        heights[lane] = max(heights.get(lane, 0), len(lines))
    tops, y = [], top
    for lane in range(len(heights)):
        tops.append(y)
        y += heights[lane] * LINE + 16
    return tops + [y]


def render_svg(timeline: Timeline) -> str:
    step = _step(timeline)
    levels = list(timeline.levels)
    if any(e.get("level") not in timeline.levels for e in timeline.events if "year" in e):
        levels.append(UNPLACED)
    bands = _spans(timeline, timeline.bands, whole_columns=True)
    band_tops = _lane_tops(bands, TOP)
    plot_top = band_tops[-1] + 6
    stacked: dict[tuple[str, str], int] = {}
    for event in timeline.events:
        key = (str(event.get("year")), str(event.get("level", UNPLACED)))
        stacked[key] = stacked.get(key, 0) + 1
    row = max([ROW] + [n * 40 + 10 for n in stacked.values()])
    axis_y = plot_top + len(levels) * row
    policies = _spans(timeline, timeline.policies, whole_columns=False)
    policy_tops = _lane_tops(policies, axis_y + 34)
    # The table below the drawing is what screen readers and search read.
    out = [f'<svg viewBox="0 0 {WIDTH} {policy_tops[-1]:.0f}" aria-hidden="true" focusable="false" '
           'data-search-exclude>']
    for band, lane, lines in bands:
        x0, x1 = _extent(timeline, band, whole_columns=True)
        y = band_tops[lane]
        out.append(f'<rect class="gl-tl-band" x="{x0:.0f}" y="{y:.0f}" width="{x1 - x0:.0f}" '
                   f'height="{axis_y - y:.0f}"/>')
        out.append(_text((x0 + x1) / 2, y + LINE, lines, "gl-tl-band-label"))
    for i, level in enumerate(levels):
        y = axis_y - (i + 0.5) * row
        out.append(f'<line class="gl-tl-grid" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{y:.0f}" y2="{y:.0f}"/>')
        out.append(_text(LEFT - 8, y + 4, _lines(level, 18), "gl-tl-level", anchor="end"))
    out.append(f'<line class="gl-tl-axis" x1="{LEFT}" x2="{WIDTH - RIGHT}" y1="{axis_y:.0f}" '
               f'y2="{axis_y:.0f}"/>')
    for year in timeline.years:
        out.append(_text(_x(timeline, year), axis_y + 18, _lines(year, 10), "gl-tl-year"))
    drawn: dict[tuple[str, str], int] = {}
    for event in timeline.events:
        if "year" not in event:
            continue
        level = event.get("level") if event.get("level") in timeline.levels else UNPLACED
        key = (str(event["year"]), str(level))
        nth, count = drawn.get(key, 0), stacked.get(key, 1)
        drawn[key] = nth + 1
        centre = axis_y - (levels.index(level) + 0.5) * row
        lines = _lines(event["label"], int((step - 6) / 5.0))
        h = LINE * len(lines) + 8
        y = centre + (nth - (count - 1) / 2) * (h + 4) - h / 2
        x = _x(timeline, event["year"])
        kind = "gl-tl-box" if event.get("implemented", True) else "gl-tl-box gl-tl-box--planned"
        out.append(f'<rect class="{kind}" x="{x - step / 2 + 3:.0f}" y="{y:.0f}" '
                   f'width="{step - 6:.0f}" height="{h:.0f}" rx="3"/>')
        out.append(_text(x, y + LINE + 1, lines, "gl-tl-label"))
    for policy, lane, lines in policies:
        x0, x1 = _extent(timeline, policy, whole_columns=False)
        x0, x1, y = x0 + 3, x1 - 3, policy_tops[lane]
        out.append(f'<line class="gl-tl-span" x1="{x0:.0f}" x2="{x1:.0f}" y1="{y:.0f}" y2="{y:.0f}"/>')
        out.append(_text((x0 + x1) / 2, y + LINE + 2, lines, "gl-tl-policy"))
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
    """pymdownx.superfences custom fence formatter for ```timeline blocks.

    A figure that cannot be drawn is a problem of its text, at the figure's lines (superfences
    would show any other exception as a code block, silently); outside a text it is an error.
    """
    edition = getattr(md, "glossator", None)
    on_a_text = edition is not None and edition.text is not None
    where = edition.where(source) if on_a_text else Where(Path("timeline"), 1)
    timeline, problems = read_timeline(source, where)
    if timeline is not None:
        return render_timeline(timeline)
    if not on_a_text:
        raise SuperFencesException("\n".join(str(p) for p in problems))
    for problem in problems:
        edition.resolved.problems.setdefault(edition.text.id, []).append(problem)
    return ('<p class="gl-figure-error">This figure could not be drawn; '
            "<code>glossator check</code> says why.</p>")
