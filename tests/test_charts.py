"""The reconstructed charts: legible on a desktop and a phone, an axis that says it is not to
scale, no level for an event whose level the text does not give, a figure that prints whole.

The first tests read the drawing that figure.py makes of Vinokurov's two charts (the SVG as
data); the browser tests measure what Chromium shows (label sizes in CSS px, scrolling, print).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from browsing import PHONE, axe_script, need, new_reader
from browsing import browser, served  # noqa: F401  (fixtures)
from conftest import ROOT

from glossator.figure import (UNPLACED, axis_breaks, drawing_width, editorial_caption,
                              read_timeline, render_table, render_timeline)
from glossator.model import Where

SOURCE = ROOT / "sources" / "vinokurov-2010.md"
PAGE = "texts/vinokurov-2010"
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
MIN_PHONE_PX, MIN_DESKTOP_PX = 12, 11


def charts() -> list:
    """Vinokurov's two timelines, read as the build reads them."""
    text = SOURCE.read_text(encoding="utf-8")
    found = []
    for match in re.finditer(r"^```timeline\n(.*?)^```$", text, re.M | re.S):
        line = text[:match.start()].count("\n") + 2
        timeline, problems = read_timeline(match.group(1), Where(SOURCE, line))
        assert problems == [], problems
        found.append(timeline)
    assert len(found) == 2
    return found


def drawing(timeline) -> ET.Element:
    """The figure's drawing (not the copy of its lanes' names), as an element tree."""
    html = render_timeline(timeline)
    svg = re.search(r'<svg class="gl-timeline__drawing".*?</svg>', html, re.S).group()
    return ET.fromstring(svg.replace(" data-search-exclude", ""))  # HTML's bare attribute


def texts(svg: ET.Element, cls: str) -> list[tuple[str, float]]:
    """(words, y) of every label of a class, its lines joined."""
    return [(" ".join(t.itertext()), float(t.get("y"))) for t in svg.iter("text")
            if cls in t.get("class").split()]


def axis_y(svg: ET.Element) -> float:
    ys = {float(line.get("y1")) for line in svg.iter("line") if line.get("class") == "gl-tl-axis"
          and line.get("y1") == line.get("y2")}
    assert len(ys) == 1, ys
    return ys.pop()


# --- The axis --------------------------------------------------------------------------------

def test_the_axis_is_broken_exactly_where_years_are_left_out():
    assert axis_breaks(("1991", "1994", "1998", "2003", "2006", "2007", "2010", "2012-2015")) \
        == [0, 1, 2, 3, 5, 6]
    # Damaged labels are read by the editor's reading printed in them.
    assert axis_breaks(("2006", "200 [2007?]", "2008", "201220 [2012-2015?]", "2016")) == [2]
    # A label that names no year cannot be claimed to follow on: the axis is broken there.
    assert axis_breaks(("1989", "1990s", "2000")) == [0, 1]
    assert axis_breaks(("2000",)) == []


@pytest.mark.parametrize("index", [0, 1])
def test_each_break_mark_stands_between_the_two_years_it_separates(index):
    timeline = charts()[index]
    svg = drawing(timeline)
    years = {words: float(t.get("x")) for t in svg.iter("text") if t.get("class") == "gl-tl-year"
             for words in [" ".join(t.itertext())]}
    assert list(years) == list(timeline.years)
    marks = sorted(float(re.match(r"M([\d.]+)", p.get("d")).group(1)) + 4
                   for p in svg.iter("path") if p.get("class") == "gl-tl-break")
    xs = list(years.values())
    between = [next(i for i in range(len(xs) - 1) if xs[i] < m < xs[i + 1]) for m in marks]
    assert between == axis_breaks(timeline.years) == [0, 1, 2, 3, 5, 6]  # not 2006 | 2007


def test_the_caption_says_the_axis_is_not_to_scale_and_where_unplaced_events_stand():
    one, two = charts()
    for timeline in (one, two):
        caption = editorial_caption(timeline)
        assert "The axis is not to scale: its years are evenly spaced, and a break (//) marks " \
               "each place where years are left out." in caption
        assert "stand below the axis, apart from the levels." in caption
        assert "cannot be read" not in caption
    html = render_timeline(one)
    assert html.index("not to scale") < html.index("<svg")  # in the caption, before the drawing


# --- The levels ------------------------------------------------------------------------------

@pytest.mark.parametrize("index", [0, 1])
def test_events_without_a_level_are_drawn_below_the_axis_in_a_lane_of_their_own(index):
    timeline = charts()[index]
    svg = drawing(timeline)
    axis = axis_y(svg)
    levels = {words: y for words, y in texts(svg, "gl-tl-level")}
    assert list(levels) == list(reversed(timeline.levels))  # the highest at the top
    assert max(levels.values()) < axis
    lane = texts(svg, "gl-tl-lane")
    assert [words for words, _ in lane] == [UNPLACED.capitalize()]
    assert lane[0][1] > axis
    labels = dict(texts(svg, "gl-tl-label"))
    for event in timeline.events:
        y = labels[" ".join(event["label"].split())]
        if event.get("level") in timeline.levels:
            assert y < axis, event
        else:
            assert y > lane[0][1], event  # under the lane's name, below the axis


def test_the_unplaced_lane_is_shaded_apart_and_ends_before_the_foreign_policies():
    svg = drawing(charts()[0])
    shade = next(r for r in svg.iter("rect") if r.get("class") == "gl-tl-apart")
    top, bottom = float(shade.get("y")), float(shade.get("y")) + float(shade.get("height"))
    assert top > axis_y(svg)
    assert all(y > bottom for _, y in texts(svg, "gl-tl-policy"))
    boxes = [r for r in svg.iter("rect") if r.get("class", "").startswith("gl-tl-box")]
    inside = [r for r in boxes if top < float(r.get("y")) < bottom]
    assert len(inside) == 1  # Single Economic Space, the only event of Chart 1 with no level


# --- Size and the table ------------------------------------------------------------------------

@pytest.mark.parametrize("index", [0, 1])
def test_the_drawing_is_its_own_size_in_css_px_and_fits_the_reading_measure(index):
    timeline = charts()[index]
    svg = drawing(timeline)
    width = int(svg.get("width"))
    assert svg.get("viewBox").split()[2] == str(width)  # one unit, one CSS px
    assert width == round(drawing_width(timeline))
    assert 600 < width <= 720  # shrunk to the desktop's 640 px by less than 10 %
    assert 'class="gl-timeline gl-timeline--fit"' in render_timeline(timeline)


def test_the_table_has_a_crisis_column_only_for_a_chart_with_crises():
    one, two = charts()
    assert "Crisis from this year" not in render_table(one)
    assert "Crisis from this year" in render_table(two)
    assert render_table(one).count("<th scope=\"col\">") == 3
    assert "Single Economic Space [level not given]" in render_table(one)


def test_the_scrolling_box_is_a_named_region_a_keyboard_reaches():
    html = render_timeline(charts()[1])
    box = re.search(r'<div class="gl-timeline__scroll"[^>]*>', html).group()
    assert 'tabindex="0"' in box and 'role="region"' in box
    assert 'aria-label="Drawing of \u0421hart 2. Kazakhstan\u2019s official position' in box
    assert '<p class="gl-timeline__hint" aria-hidden="true">Scroll sideways' in html


# --- In Chromium -------------------------------------------------------------------------------

# Every label of the drawing that a reader sees: its size on the screen, and its box if it has one.
MEASURE = """figure => [...figure.querySelectorAll('svg text')]
  .filter(t => t.getClientRects().length && getComputedStyle(t).visibility === 'visible')
  .map(t => ({cls: t.getAttribute('class'), words: t.textContent,
              px: parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a,
              height: t.getBoundingClientRect().height / t.querySelectorAll('tspan').length}))"""




@pytest.fixture
def open_page(browser, served):
    """A page of Vinokurov's text, in a context of its own closed after the test."""
    readers = []

    def make(**options):
        reader = new_reader(browser, served, **{**DESKTOP, **options})
        readers.append(reader)
        reader.open(PAGE)
        return reader.page

    yield make
    for reader in readers:
        assert reader.problems == []
        reader.page.context.close()


@pytest.mark.parametrize("device, least", [("desktop", MIN_DESKTOP_PX), ("phone", MIN_PHONE_PX)])
def test_every_label_is_legible_on_a_desktop_and_on_a_phone(open_page, device, least):
    page = open_page(**(PHONE if device == "phone" else {}))
    for figure in page.locator("figure.gl-figure").all():
        labels = figure.evaluate(MEASURE)
        assert len(labels) > 20
        small = [(l["words"], round(l["px"], 1)) for l in labels if l["px"] < least]
        assert small == [], small
        # The glyphs really are that big (a line box is at least the font size).
        assert min(l["height"] for l in labels if l["cls"] == "gl-tl-label") >= least


def test_box_labels_stay_inside_their_boxes(open_page):
    """The layout is made without a browser, from Arial's widths: the browser's text must fit."""
    page = open_page()
    spills = page.evaluate("""() => [...document.querySelectorAll('.gl-timeline__drawing text.gl-tl-label')]
      .map(t => { const box = t.previousElementSibling.getBBox(), b = t.getBBox();
        return {words: t.textContent, left: box.x - b.x, right: b.x + b.width - box.x - box.width,
                below: b.y + b.height - box.y - box.height}; })
      .filter(s => s.left > 0.5 || s.right > 0.5 || s.below > 0.5)""")
    assert spills == []


def test_on_a_phone_the_drawing_scrolls_sideways_and_says_so(open_page):
    page = open_page(**PHONE)
    figure = page.locator("figure.gl-figure").first
    box = figure.locator(".gl-timeline__scroll")
    assert box.evaluate("b => b.scrollWidth > b.clientWidth + 200")
    assert figure.locator(".gl-timeline__hint").is_visible()
    assert box.evaluate("b => getComputedStyle(b).overflowX") == "auto"
    # The lanes' names stay at the left edge while the drawing scrolls.
    box.evaluate("b => b.scrollLeft = 200")
    left = box.evaluate("b => b.getBoundingClientRect().left")
    names = figure.locator(".gl-timeline__names")
    assert names.is_visible() and abs(names.bounding_box()["x"] - left) < 1
    assert figure.locator(".gl-timeline__drawing .gl-tl-name").first.evaluate(
        "t => getComputedStyle(t).visibility") == "hidden"


def test_a_keyboard_scrolls_the_drawing(open_page):
    page = open_page(viewport={"width": 500, "height": 900})
    box = page.locator(".gl-timeline__scroll").first
    box.focus()
    assert box.evaluate("b => document.activeElement === b")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.gl-timeline__scroll').scrollLeft > 0")


def test_on_a_desktop_the_drawing_fits_the_column_without_a_hint(open_page):
    page = open_page()
    for figure in page.locator("figure.gl-figure").all():
        box = figure.locator(".gl-timeline__scroll")
        assert box.evaluate("b => b.scrollWidth <= b.clientWidth + 1")
        assert not figure.locator(".gl-timeline__hint").is_visible()
        assert not figure.locator(".gl-timeline__names").is_visible()


def test_the_table_view_is_a_quiet_disclosure_not_an_admonition(open_page):
    page = open_page()
    details = page.locator("details.gl-timeline__table").first
    style = details.evaluate("""d => { const s = getComputedStyle(d), m = getComputedStyle(
        d.querySelector('summary'), '::before');
      return [s.borderLeftWidth, s.boxShadow, s.backgroundColor, m.display]; }""")
    assert style == ["0px", "none", "rgba(0, 0, 0, 0)", "none"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_labels_keep_their_contrast_in_both_schemes(open_page, scheme):
    page = open_page(color_scheme=scheme)
    if scheme == "dark":
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    ratios = page.evaluate("""() => {
      const rgb = c => c.match(/[\\d.]+/g).map(Number);
      const lum = ([r, g, b]) => [r, g, b].map(v => v / 255)
        .map(v => v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
        .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
      const over = (fg, bg) => { const a = fg.length > 3 ? fg[3] : 1;
        return [0, 1, 2].map(i => fg[i] * a + bg[i] * (1 - a)); };
      const bg = rgb(getComputedStyle(document.body).backgroundColor);
      const out = {};
      for (const t of document.querySelectorAll('.gl-timeline__drawing text')) {
        const s = getComputedStyle(t), fg = over(rgb(s.fill), bg);
        const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
        out[t.getAttribute('class')] = Math.min(out[t.getAttribute('class')] ?? 99, (a + 0.05) / (b + 0.05));
      }
      return out; }""")
    assert ratios and min(ratios.values()) >= 4.5, ratios


@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_figures_have_no_accessibility_violation(open_page, device):
    page = open_page(**(PHONE if device == "phone" else {}))
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("axe.run({include: [['figure.gl-figure']]}, {resultTypes: ['violations']})")
    assert [(v["id"], v["nodes"][0]["target"]) for v in result["violations"]] == []


def test_on_paper_the_figure_keeps_its_caption_and_fits_the_page(open_page):
    page = open_page(viewport={"width": 720, "height": 1000})
    page.emulate_media(media="print")
    for figure in page.locator("figure.gl-figure").all():
        style = figure.evaluate("f => [getComputedStyle(f).breakInside, "
                                "getComputedStyle(f.querySelector('figcaption')).breakAfter]")
        assert style == ["avoid", "avoid"]
        width = figure.evaluate("f => f.getBoundingClientRect().width")
        drawn = figure.locator(".gl-timeline__drawing").bounding_box()
        assert drawn["width"] <= width + 0.5
        for hidden in (".gl-timeline__hint", ".gl-timeline__names", "details.gl-timeline__table"):
            assert not figure.locator(hidden).is_visible(), hidden
        assert figure.locator(".gl-timeline__drawing .gl-tl-name").first.evaluate(
            "t => getComputedStyle(t).visibility") == "visible"


def test_the_pdf_keeps_each_caption_on_the_page_of_its_drawing(open_page, tmp_path: Path):
    pdftotext = shutil.which("pdftotext")
    if not pdftotext:
        need("pdftotext", "apt-get install poppler-utils")
    page = open_page()
    pdf = tmp_path / "vinokurov.pdf"
    page.pdf(path=str(pdf), format="A4")
    pages = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True,
                           check=True).stdout.split("\f")
    for caption, label in (("Chart 1. Evolution", "2012-2015"),
                           ("hart 2. Kazakhstan", "Global financial crisis")):
        holding = [i for i, text in enumerate(pages) if caption in text]
        assert len(holding) == 1, caption
        text = pages[holding[0]]
        assert "Free Trade Area" in text or "Confederation of states" in text
        assert label in text and "Multi-directional foreign policy" in text
        assert "Level not given" in text and "Diversification" in text  # the bottom lanes
