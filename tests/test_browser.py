"""A reader in Chromium: the site served on 127.0.0.1 and the offline build opened from the disk.

Each test that matters for both ways of reading runs twice (`site` is "served" or "file").
Screenshots go to build/screenshots/ (see tests/browsing.py).
"""

from __future__ import annotations

import io
import re
import shutil

import pytest

from browsing import (CHROMIUM, PHONE, SCREENSHOTS, axe_script, need, shoot, tabbable,
                      browser, on_disk, open_reader, served, where)  # noqa: F401  (fixtures)
from conftest import TEXT_IDS

if not shutil.which(CHROMIUM):
    need(f"Chromium at {CHROMIUM}", "apt-get install chromium")
sync_api = pytest.importorskip("playwright.sync_api")

TEXT = "texts/laruelle-2015"
MARKERS = {  # what each kind of marker must show: a note, a glossary term, a cross-reference
    "note": ('a.gl-note-ref[href="#gl-note-seliger"]', "Seliger"),
    "term": ('a.gl-term[href$="#term-eeu"]', "Eurasian Economic Union"),
    "xref": ('a.gl-xref-ref[href="#gl-xref-economic-not-political"]', "OSW 2013"),
}
PAGES = {"home": "", "text": TEXT, "glossary": "glossary", "crossrefs": "crossrefs"}


@pytest.fixture(scope="module", autouse=True)
def fresh_screenshots():
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)  # this run's screenshots, no stale ones


# --- Pages load, and load nothing from elsewhere -------------------------------------------

@pytest.mark.parametrize("page", ["", *(f"texts/{t}" for t in TEXT_IDS), "glossary", "crossrefs", "about"])
def test_pages_load_without_errors_or_outside_requests(open_reader, where, page):
    reader = open_reader(where)
    reader.open(page)
    assert reader.page.locator("article").count() == 1
    assert reader.problems == []


# Notes, terms and cross-references in the margin, in popovers and in sheets: test_reader.py.


# --- Links land where they say --------------------------------------------------------------

def test_a_cross_reference_lands_on_its_paragraph_and_marks_it(open_reader, where):
    reader = open_reader(where)
    reader.open(TEXT)
    page = reader.page
    page.locator(".gl-xrefs__fold > summary").click()  # the list at the end is folded
    link = page.locator("#gl-xref-economic-not-political a[href*='osw-2013']").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    page.wait_for_load_state("load")
    assert "osw-2013" in page.url and page.url.endswith(f"#{target}")
    paragraph = page.locator(f".gl-para:has(#{target})")
    assert paragraph.count() == 1
    assert paragraph.evaluate("p => getComputedStyle(p).animationName") == "gl-landing"
    header = page.locator(".md-header").bounding_box()
    box = page.locator(f"#{target}").bounding_box()
    assert header["height"] <= box["y"] < page.viewport_size["height"] / 2, "the passage is not in view"
    if where.name == "served":
        shoot(page, "xref-landed")
    assert reader.problems == []


def test_a_paragraph_permalink_opens_there_and_copy_link_copies_it(open_reader, where):
    reader = open_reader(where)
    page = reader.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    reader.open(TEXT, "#p12")
    header = page.locator(".md-header").bounding_box()
    box = page.locator("#p12").bounding_box()
    assert header["height"] <= box["y"] < page.viewport_size["height"] / 2, box
    page.locator("#p12").hover()
    control = page.locator("#p12 > button.gl-copylink")  # opens the paragraph's panel
    assert control.get_attribute("aria-label") == "Cite or copy the link of paragraph 12"
    control.click()
    page.locator("#p12 .gl-pmenu button", has_text="Copy link").click()
    assert page.evaluate("navigator.clipboard.readText()") == where.url(TEXT, "#p12")
    assert page.locator("#p12 .gl-pmenu [role=status]").inner_text() == "Link to paragraph 12 copied"
    assert reader.problems == []


# --- Search -----------------------------------------------------------------------------------

@pytest.mark.parametrize("query, text", [
    ("Oralmans", "laruelle-2015"),  # a term, as the text writes it
    ("OCST", "laruelle-2015"),      # another form of the CSTO: Laruelle writes "CSTO"
    ("Nazarbaev", "ecfr-2016"),     # another spelling: the ECFR essay writes "Nazarbayev"
])
def test_search_finds_a_text_by_a_term_or_another_form(open_reader, where, query, text):
    reader = open_reader(where)
    reader.open()
    page = reader.page
    page.locator(".md-search__input").click()
    page.keyboard.type(query, delay=30)  # Material searches on key events, not on fill()
    page.locator(".md-search-result__item").first.wait_for(timeout=10_000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]
    assert any(f"texts/{text}" in href for href in hrefs), hrefs
    if query == "OCST" and where.name == "served":
        shoot(page, "search-other-form")
    assert reader.problems == []


# --- The reader's controls --------------------------------------------------------------------

def test_the_editorial_layer_can_be_hidden_and_the_choice_holds(open_reader, where):
    reader = open_reader(where)
    reader.open(TEXT)
    page = reader.page
    switch = page.locator("button.gl-layer")
    assert switch.get_attribute("aria-pressed") == "false"
    marker = page.locator("sup.gl-marker").first
    assert marker.is_visible()
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert not marker.is_visible()
    assert page.locator("mark.gl-note-mark").first.evaluate(
        "m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.locator("a.gl-term").first.get_attribute("tabindex") == "-1"
    if where.name == "served":
        shoot(page, "text-plain")
    reader.open("texts/osw-2013")  # the choice holds on the next page
    assert not page.locator("sup.gl-marker").first.is_visible()
    page.locator("button.gl-layer").click()
    assert page.locator("sup.gl-marker").first.is_visible()
    assert reader.problems == []


def test_print_this_text_asks_the_browser_to_print(open_reader, served):
    reader = open_reader(served)
    reader.page.add_init_script("window.print = () => { window.printed = true; };")
    reader.open(TEXT)
    reader.page.locator("button.gl-print-button").click()
    assert reader.page.evaluate("window.printed === true")


def test_a_printed_text_has_its_words_numbers_and_notes_and_no_screen_furniture(open_reader, served):
    pypdf = pytest.importorskip("pypdf")
    reader = open_reader(served)
    reader.open(TEXT)
    page = reader.page
    paragraphs = page.locator(".gl-para").count()
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf(format="A4")))
    words = "\n".join(p.extract_text() for p in pdf.pages)
    flat = " ".join(words.split())
    assert "Kazakhstan’s posture in the Eurasian Union" in flat          # the header
    assert "By Marlene Laruelle" in flat
    assert "Editorial notes" in flat                                     # the editor's notes,
    assert re.search(r"a ¶\d+ .{3,120} \] erratum", flat)              # keyed by ¶ and words
    assert "Notes" in flat and "Tengri News" in flat                     # the author's notes
    assert re.search(r"\(see Shengelia 2015, ¶\d+; ECFR 2016, ¶\d+\)", flat)  # cross-references
    lines = {line.strip() for line in words.splitlines()}
    missing = [n for n in range(1, paragraphs + 1) if str(n) not in lines]
    assert missing == [], f"paragraph numbers missing on paper: {missing}"
    for screen_only in ("Hide the editor", "Print this text", "Copy citation", "Search",
                        "Glossary terms in this text", "Glossary entry", "⇄", "↩"):
        assert screen_only not in flat, screen_only
    # Glossary terms print as plain words: no underline, the colour of the text around them.
    page.emulate_media(media="print")
    term = page.locator("a.gl-term").first
    assert term.evaluate("a => getComputedStyle(a).textDecorationLine") == "none"
    assert term.evaluate("a => getComputedStyle(a).color === getComputedStyle(a.parentElement).color")
    assert reader.problems == []


# --- Accessibility ----------------------------------------------------------------------------

@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation(open_reader, served, page, scheme):
    reader = open_reader(served, color_scheme=scheme)
    reader.open(PAGES[page])
    reader.page.add_script_tag(path=str(axe_script()))
    result = reader.page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} - "
               + "; ".join(n["target"][0] for n in v["nodes"][:5])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)


def test_markers_are_named_links_in_reading_order_with_their_content_in_the_page(open_reader, served):
    reader = open_reader(served)
    reader.open(TEXT)
    page = reader.page
    stops = tabbable(page)
    assert not [s for s in stops if s["tabindex"] not in (None, "0", "-1")], "positive tabindex"
    assert not [s for s in stops if not s["name"]], "a tab stop without an accessible name"
    assert not [s for s in stops if s["width"] == 0], "an invisible tab stop"
    for stop in stops:  # in-page links lead somewhere
        if stop["href"] and stop["href"].startswith("#") and len(stop["href"]) > 1:
            assert page.locator(f"[id='{stop['href'][1:]}']").count() == 1, stop
    names = {"gl-note-ref": r"Editorial note [a-z]+", "gl-term": r"(.+, )?[Gg]lossary: .+",
             "gl-xref-ref": r"Cross-reference: .+"}
    body = [s for s in stops if any(c in s["cls"].split() for c in names)]
    for stop in body:
        kind = next(c for c in names if c in stop["cls"].split())
        assert re.fullmatch(names[kind], stop["name"]), stop
    assert {next(c for c in names if c in s["cls"].split()) for s in body} == set(names)
    assert "Editorial note a" in [s["name"] for s in body]
    tops = [s["top"] for s in body]
    # Reading order: each stop on the same line or below (a raised marker may sit a little higher).
    assert all(b >= a - 12 for a, b in zip(tops, tops[1:])), "markers are not reached in reading order"
    # The content is in the page (not only in a title): each marker links to it.
    for selector, expected in MARKERS.values():
        marker = page.locator(selector).first
        assert marker.get_attribute("title") is None
        target = marker.get_attribute("href").split("#")[1]
        assert expected in page.locator(f"[id='{target}']").text_content()  # folded or not
    # Walking with Tab from the first marker reaches the next marker, not a hidden stop.
    first = page.locator("article a.gl-term, article sup.gl-marker a").first
    first.focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getBoundingClientRect().width") > 0
    assert reader.problems == []


# --- Looking at it ----------------------------------------------------------------------------

@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_screenshots(open_reader, served, scheme):
    """The set a person looks at before a release (build/screenshots/)."""
    desktop = open_reader(served, color_scheme=scheme)
    for name, page in PAGES.items():
        desktop.open(page)
        shoot(desktop.page, f"{name}-{scheme}")
    desktop.open(TEXT, "#p8")
    shoot(desktop.page, f"text-reading-{scheme}")
    phone = open_reader(served, color_scheme=scheme, **PHONE)
    phone.open(TEXT)
    shoot(phone.page, f"text-phone-{scheme}")
    width = phone.page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["viewport"]["width"], "the text page scrolls sideways on a phone"
    phone.open(TEXT, "#p8")
    shoot(phone.page, f"text-phone-reading-{scheme}")
    for name in [*PAGES, "text-reading", "text-phone", "text-phone-reading"]:
        assert (SCREENSHOTS / f"{name}-{scheme}.png").stat().st_size > 10_000, name
    assert desktop.problems == [] and phone.problems == []
