"""Timeline figures: a chart that survives only as labels, redrawn at build time from YAML.

Used as a `pymdownx.superfences` custom fence named `timeline`. The output is a figure with
the original caption, an inline SVG (decorative, hidden from screen readers) in a box that
scrolls sideways when the column is too narrow for it, and the same data as a table, marked
as an editorial reconstruction.

The drawing is laid out here, without a browser: labels are wrapped with the advance widths
of Arial (which Liberation Sans and Helvetica share, and which the stylesheet asks for), at
SIZE units, and the SVG's own width is its width in CSS pixels, so that at its own size every
label is SIZE px. The years are columns of one width, in the order given: the axis is not to
scale, and says so (a break in the axis wherever years are left out, and the caption).
"""

from __future__ import annotations

import re
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
NOT_TO_SCALE = "The axis is not to scale: its years are evenly spaced"
BROKEN_AXIS = "and a break (//) marks each place where years are left out"
UNREAD_YEAR = "or where a year label cannot be read as a year"
APART = "Events whose level the text does not give stand below the axis, apart from the levels."
UNPLACED = "level not given"  # the lane below the axis, outside the ordered levels
HIDDEN = 'aria-hidden="true" focusable="false" data-search-exclude'
HINT = "Scroll sideways to see the whole chart, or open the table below it."

SIZE, LINE = 12, 15  # labels' size and line height, in SVG units (CSS px at the SVG's own size)
INSET, GAP, PAD = 2, 3, 4  # room beside the widest word in a box, between boxes, around all
BOX_PAD = 4  # room above and below the lines of a box
STRIP = 20  # the line that names a level or a lane, above its boxes
MIN_COLUMN = 64
# A drawing this wide or narrower is shrunk to a column of 600 px or more (labels still
# >= 10 px, 11.5 px on the edition's 640 px measure) instead of scrolling on a desktop.
FIT_FROM, FIT_UP_TO = 600, 720


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


# --- The drawing ---------------------------------------------------------------------------

# Advance widths of Arial's glyphs, in thousandths of an em; any other character counts as 556.
_ADVANCE = {ch: width for width, chars in (
    (191, "'"), (222, "ijl\u2018\u2019"), (260, "|"), (278, " !,./:;I[\\]ft"),
    (333, "-()`r\u201c\u201d"), (355, '"'), (389, "*"), (469, "^"), (500, "Jcksvxyz"),
    (556, "#$0123456789?_abdeghnopqu\u2013"), (584, "+<=>~"), (611, "FTZ"),
    (667, "&ABEKPSVXY"), (722, "CDHNRUw"), (778, "GOQ"), (833, "Mm"), (889, "%"), (944, "W"),
    (1000, "\u2014"), (1015, "@"),
) for ch in chars}
BOLD = 1.08  # Arial Bold is about this much wider than Arial
_YEAR = re.compile(r"\b\d{4}\b")  # "1990s" is not a year


def _width(text: str, *, bold: bool = False) -> float:
    """The width of `text` set at SIZE, in SVG units."""
    return sum(_ADVANCE.get(ch, 556) for ch in text) * SIZE / 1000 * (BOLD if bold else 1)


def _lines(label: Any, width: float, *, bold: bool = False) -> list[str]:
    """`label` wrapped to `width`; a word wider than that stands on a line of its own."""
    lines: list[str] = []
    for word in str(label).split():
        if lines and _width(f"{lines[-1]} {word}", bold=bold) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, lines: list[str], cls: str, anchor: str = "middle") -> str:
    spans = "".join(f'<tspan x="{x:.1f}" dy="{0 if i == 0 else LINE}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f'<text class="{cls}" x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}">{spans}</text>'


def _years_of(label: str) -> tuple[int, int] | None:
    """The first and last year that a year label names: "2012-2015" is 2012 to 2015, the
    damaged "200 [2007?]" is read by the editor's reading in it, 2007; "1990s" names none."""
    years = [int(year) for year in _YEAR.findall(label)]
    return (years[0], years[-1]) if years else None


def axis_breaks(years: tuple[str, ...]) -> list[int]:
    """The columns after which the axis is broken: where the next label's year does not follow
    on, or where either label cannot be read as a year (the axis cannot claim it is unbroken)."""
    read = [_years_of(year) for year in years]
    return [i for i, (this, after) in enumerate(zip(read, read[1:]))
            if this is None or after is None or after[0] - this[1] > 1]


def _column(timeline: Timeline) -> float:
    """One year's width: room for the widest word in any box, and for every year label."""
    words = [w for e in timeline.events if "year" in e for w in str(e["label"]).split()]
    box = max((_width(w) for w in words), default=0) + 2 * INSET + GAP
    year = max((_width(w, bold=True) for y in timeline.years for w in y.split()), default=0) + GAP
    return max(MIN_COLUMN, box, year)


def drawing_width(timeline: Timeline) -> float:
    """The drawing's own width: its width in CSS px, at which labels are SIZE px."""
    return 2 * PAD + _column(timeline) * len(timeline.years)


def _unleveled(timeline: Timeline) -> list[dict[str, Any]]:
    """The events drawn apart from the levels: a year but no level."""
    return [e for e in timeline.events if "year" in e and e.get("level") not in timeline.levels]


class _Drawing:
    """The SVG, drawn from the top down: each part is laid at the cursor `y`, which then moves
    past it. Crisis bands lie under everything, lines under boxes, boxes under nothing."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.column = _column(timeline)
        self.width = drawing_width(timeline)
        self.y: float = PAD
        self.names: list[tuple[float, str, str]] = []  # the top, name and class of each lane
        self.under: list[str] = []
        self.back: list[str] = []
        self.front: list[str] = []

    def x(self, year: Any) -> float:
        """The centre of the year's column."""
        return PAD + self.column * (self.timeline.years.index(str(year)) + 0.5)

    def rule(self, y: float, cls: str) -> None:
        self.back.append(f'<line class="{cls}" x1="{PAD}" x2="{self.width - PAD:.1f}" '
                         f'y1="{y:.1f}" y2="{y:.1f}"/>')

    def box_lines(self, event: dict[str, Any]) -> list[str]:
        return _lines(event["label"], self.column - GAP - 2 * INSET)

    def boxes(self, events: list[dict[str, Any]], top: float) -> float:
        """The events of one year in one lane, one box under another from `top`; the height."""
        y = top
        for event in events:
            lines = self.box_lines(event)
            height, x = len(lines) * LINE + 2 * BOX_PAD, self.x(event["year"])
            kind = "gl-tl-box" if event.get("implemented", True) else "gl-tl-box gl-tl-box--planned"
            self.front.append(f'<rect class="{kind}" x="{x - (self.column - GAP) / 2:.1f}" '
                              f'y="{y:.1f}" width="{self.column - GAP:.1f}" height="{height}" '
                              'rx="3"/>')
            self.front.append(_text(x, y + BOX_PAD + 11, lines, "gl-tl-label"))
            y += height + GAP
        return y - top

    def lane(self, name: str, events: list[dict[str, Any]], cls: str) -> None:
        """A level (or the lane apart): its name on a line of its own, then its boxes by year."""
        top = self.y
        self.names.append((top, name, cls))
        by_year: dict[str, list[dict[str, Any]]] = {}
        for event in events:
            by_year.setdefault(str(event["year"]), []).append(event)
        heights = [self.boxes(group, top + STRIP) for group in by_year.values()]
        self.y = top + STRIP + max(heights, default=0) + GAP

    def levels(self) -> None:
        """The ordered levels, the highest at the top, each a lane closed by a line."""
        for level in reversed(self.timeline.levels):
            placed = [e for e in self.timeline.events if "year" in e and e.get("level") == level]
            self.lane(level, placed, "gl-tl-level")
            self.rule(self.y, "gl-tl-grid")

    def axis(self) -> None:
        """The axis, broken where years are left out; a tick and a label under each year."""
        y, breaks = self.y, [PAD + self.column * (i + 1) for i in axis_breaks(self.timeline.years)]
        edges = [PAD - 4.0, *breaks, self.width - PAD + 4]
        for x0, x1 in zip(edges, edges[1:]):
            self.back.append(f'<line class="gl-tl-axis" x1="{x0 + 4:.1f}" x2="{x1 - 4:.1f}" '
                             f'y1="{y:.1f}" y2="{y:.1f}"/>')
        for x in breaks:
            self.back.append(f'<path class="gl-tl-break" d="M{x - 6:.1f} {y + 6:.1f}L{x - 2:.1f} '
                             f'{y - 6:.1f}M{x + 2:.1f} {y + 6:.1f}L{x + 6:.1f} {y - 6:.1f}"/>')
        tallest = 1
        for year in self.timeline.years:
            x, lines = self.x(year), _lines(year, self.column - GAP, bold=True)
            self.back.append(f'<line class="gl-tl-axis" x1="{x:.1f}" x2="{x:.1f}" '
                             f'y1="{y:.1f}" y2="{y + 5:.1f}"/>')
            self.front.append(_text(x, y + 20, lines, "gl-tl-year"))
            tallest = max(tallest, len(lines))
        self.y = y + 20 + (tallest - 1) * LINE + 10

    def apart(self) -> None:
        """Events with a year but no level: a lane of their own below the axis, named as such
        and shaded, so that it cannot be read as one more level."""
        events = _unleveled(self.timeline)
        if not events:
            return
        top = self.y = self.y + 6
        self.lane(UNPLACED.capitalize(), events, "gl-tl-lane")
        self.under.append(f'<rect class="gl-tl-apart" x="{PAD}" y="{top:.1f}" rx="3" '
                          f'width="{self.width - 2 * PAD:.1f}" height="{self.y - top:.1f}"/>')
        self.y += 4

    def extent(self, span: dict[str, Any], *, whole: bool) -> tuple[float, float]:
        """Where a period runs: whole columns, or from the centre of one to the centre of
        another (so that "1994 to 1998" and "1998 to 2003" meet at 1998, not overlap)."""
        start, end = sorted((self.x(span["from"]), self.x(span["to"])))
        if whole or end - start < 1:
            return start - self.column / 2, end + self.column / 2
        return start, end

    def spans(self, spans: tuple[dict[str, Any], ...], *, whole: bool,
              top: float) -> list[tuple[float, float, float, float, list[str]]]:
        """Periods laid in lanes from `top` so that neither bars nor labels overlap (a label is
        at least two columns wide); each period's bar (a band or a line) is left to the caller."""
        ends: list[float] = []
        placed = []
        for span in spans:
            x0, x1 = self.extent(span, whole=whole)
            half = max(x1 - x0, 2 * self.column) / 2
            left = max(PAD, (x0 + x1) / 2 - half)
            right = min(self.width - PAD, left + 2 * half)
            lane = next((i for i, end in enumerate(ends) if end <= left + 1), len(ends))
            ends[lane:lane + 1] = [right]
            lines = _lines(span["label"], right - left - 2 * GAP)
            placed.append((x0, x1, (left + right) / 2, lane, lines))
        heights: dict[int, int] = {}
        for *_, lane, lines in placed:
            heights[lane] = max(heights.get(lane, 0), len(lines))
        tops = [top + sum(heights[i] * LINE + 14 for i in range(lane))
                for lane in range(len(heights) + 1)]
        self.y = tops[-1]
        return [(x0, x1, middle, tops[lane], lines) for x0, x1, middle, lane, lines in placed]

    def bands(self) -> list[tuple[float, float, float]]:
        """Crisis bands' labels at the top, in lanes; each band's edges and top, for later."""
        laid = self.spans(self.timeline.bands, whole=True, top=self.y)
        for _, _, middle, top, lines in laid:
            self.front.append(_text(middle, top + 14, lines, "gl-tl-band-label"))
        self.y += 4 if laid else 0
        return [(x0, x1, top) for x0, x1, _, top, _ in laid]

    def band_rects(self, bands: list[tuple[float, float, float]]) -> None:
        """Each crisis band from its label down to the axis (the cursor)."""
        for x0, x1, top in bands:
            self.under.append(f'<rect class="gl-tl-band" x="{x0:.1f}" y="{top:.1f}" '
                              f'width="{x1 - x0:.1f}" height="{self.y - top:.1f}"/>')

    def policies(self) -> None:
        """The foreign-policy periods at the bottom: a line from year to year, its label under."""
        for x0, x1, middle, top, lines in self.spans(self.timeline.policies, whole=False,
                                                      top=self.y + 10):
            self.back.append(f'<line class="gl-tl-span" x1="{x0 + 3:.1f}" x2="{x1 - 3:.1f}" '
                             f'y1="{top:.1f}" y2="{top:.1f}"/>')
            self.front.append(_text(middle, top + LINE + 2, lines, "gl-tl-policy"))

    def name(self, top: float, name: str, cls: str) -> str:
        return _text(PAD + 2, top + 14, [name], f"{cls} gl-tl-name", anchor="start")

    def svg(self) -> str:
        width, height = round(self.width), round(self.y + PAD)
        names = [self.name(*lane) for lane in self.names]
        # The table beside the drawing is what screen readers and search read.
        return (f'<svg class="gl-timeline__drawing" width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}" {HIDDEN}>'
                + "".join(self.under + self.back + self.front + names) + "</svg>")

    def names_svg(self) -> str:
        """The lanes' names again, alone, to stay at the left while the drawing scrolls
        sideways (the stylesheet shows this copy or the drawing's). Nothing passes under a
        name but lines and shading: boxes start below their lane's name."""
        bold = {name: cls == "gl-tl-level" for _, name, cls in self.names}
        width = round(max((_width(n, bold=b) for n, b in bold.items()), default=0) + 2 * PAD + 2)
        height = round(self.y + PAD)
        return (f'<svg class="gl-timeline__names" width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}" {HIDDEN}>'
                + "".join(self.name(*lane) for lane in self.names) + "</svg>")


def render_svg(timeline: Timeline) -> str:
    """The drawing from the top: crisis bands' labels, the levels (the highest first) with the
    bands behind them, the axis, the events whose level is not given, the foreign policies."""
    drawing = _Drawing(timeline)
    bands = drawing.bands()
    drawing.levels()
    drawing.band_rects(bands)
    drawing.axis()
    drawing.apart()
    drawing.policies()
    return drawing.svg() + (drawing.names_svg() if drawing.names else "")


# --- The figure ----------------------------------------------------------------------------

def _cell(items: list[str]) -> str:
    return "<br>".join(escape(" ".join(str(i).split())) for i in items)


def _events_of(timeline: Timeline, year: str) -> list[str]:
    return [event["label"]
            + ("" if event.get("implemented", True) else " (initiative, not implemented)")
            + f" [{event.get('level', UNPLACED)}]"
            for event in timeline.events if str(event.get("year", "")) == year]


def render_table(timeline: Timeline) -> str:
    """The chart's data by year; a column for policies or crises only if the chart has them."""
    columns = [("Events and initiatives [level]", lambda year: _events_of(timeline, year))]
    for title, spans in (("Foreign policy from this year", timeline.policies),
                         ("Crisis from this year", timeline.bands)):
        if spans:
            columns.append((title, lambda year, spans=spans: [s["label"] for s in spans
                                                             if str(s["from"]) == year]))
    head = "".join(f'<th scope="col">{title}</th>' for title, _ in columns)
    rows = "".join(f'<tr><th scope="row">{escape(year)}</th>'
                   + "".join(f"<td>{_cell(cells(year))}</td>" for _, cells in columns) + "</tr>"
                   for year in timeline.years)
    levels = (f"<p>Integration levels, lowest first: {', '.join(map(escape, timeline.levels))}.</p>"
              if timeline.levels else "")
    return (f'{levels}<table><thead><tr><th scope="col">Year</th>{head}</tr></thead>'
            f"<tbody>{rows}</tbody></table>")


def editorial_caption(timeline: Timeline) -> str:
    """What the editor says of the drawing: a reconstruction, on an axis not to scale (broken
    where years are left out), with a lane apart for the events whose level is not given."""
    axis = NOT_TO_SCALE
    if axis_breaks(timeline.years):
        axis += ", " + BROKEN_AXIS
        if any(_years_of(year) is None for year in timeline.years):
            axis += ", " + UNREAD_YEAR
    return " ".join([RECONSTRUCTED, axis + "."] + ([APART] if _unleveled(timeline) else []))


def render_timeline(timeline: Timeline) -> str:
    """The figure: caption, the drawing in a box that scrolls sideways, the table under it.

    A drawing wider than a phone's column keeps its own size there (labels SIZE px) and says
    that it scrolls; one a little wider than the reading column is shrunk to fit it instead."""
    note = f'<span class="gl-figure__note">{escape(timeline.note)}</span>' if timeline.note else ""
    width = drawing_width(timeline)
    fit = " gl-timeline--fit" if FIT_FROM < width <= FIT_UP_TO else ""
    hint = f'<p class="gl-timeline__hint" aria-hidden="true">{HINT}</p>' if width > FIT_FROM else ""
    name = f"Drawing of {timeline.caption}" if timeline.caption else "Drawing of the chart"
    unplaced = [e["label"] for e in timeline.events if "year" not in e]
    unplaced_note = (f'<p class="gl-timeline__unplaced">Not placed in the drawing: '
                     f"{_cell(unplaced)}</p>" if unplaced else "")
    return (
        '<figure class="gl-figure">'
        f'<figcaption><span class="gl-figure__caption">{escape(timeline.caption)}</span> {note}'
        f'<span class="gl-figure__editorial">{editorial_caption(timeline)}</span></figcaption>'
        f'<div class="gl-timeline{fit}">{hint}'
        f'<div class="gl-timeline__scroll" tabindex="0" role="region" aria-label="{escape(name)}">'
        f"{render_svg(timeline)}</div>{unplaced_note}"
        '<details class="gl-timeline__table"><summary>The chart as a table</summary>'
        f"{render_table(timeline)}</details></div></figure>"
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
