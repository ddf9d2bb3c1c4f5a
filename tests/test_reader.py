"""Reading the notes where they are: margin notes on wide screens, popovers beside the markers,
sheets on phones, marks that can be told apart, markers a finger can hit, lists that say what
they annotate. Every text of sources/ is checked where a check is about the texts.
"""

from __future__ import annotations

import re
import shutil

import pytest

from browsing import CHROMIUM, PHONE, need, shoot
from conftest import TEXT_IDS

if not shutil.which(CHROMIUM):
    need(f"Chromium at {CHROMIUM}", "apt-get install chromium")
pytest.importorskip("playwright.sync_api")

from browsing import browser, on_disk, open_reader, served, where  # noqa: E402,F401  (fixtures)

WIDE = {"viewport": {"width": 1440, "height": 900}}
NARROW_DESKTOP = {"viewport": {"width": 900, "height": 900}}
TEXT = "texts/laruelle-2015"
MARKERS = {  # a marker of each kind on TEXT, and words its content holds
    "note": ('article a.gl-note-ref[href="#gl-note-seliger"]', "Seliger"),
    "term": ('article p a.gl-term[href$="#term-eeu"]', "Eurasian Economic Union"),
    "xref": ('article a.gl-xref-ref[href="#gl-xref-economic-not-political"]', "OSW 2013"),
    "footnote": ('article a.footnote-ref[href="#fn:1"]', "Tengri News"),
}

MARGIN_NOTES = """() => [...document.querySelectorAll('article a.gl-note-ref')]
  .filter(a => !a.closest('.gl-notes'))
  .map(a => {
    const id = a.getAttribute('href').slice('#gl-note-'.length);
    const note = document.querySelector(`.gl-sidenote[data-note="${id}"]`);
    const body = note && note.querySelector('.gl-body');
    const box = note && note.getBoundingClientRect();
    return {id, marker: a.getBoundingClientRect().top + scrollY,
            top: box ? box.top + scrollY : null, bottom: box ? box.bottom + scrollY : null,
            left: box ? box.left : null, visible: !!(box && box.width && box.height),
            folded: !!(note && note.classList.contains('gl-folded')),
            whole: body ? body.scrollHeight <= body.clientHeight + 1 : false,
            fontSize: body ? parseFloat(getComputedStyle(body).fontSize) : 0,
            words: body ? body.textContent.trim() : '',
            listed: document.querySelector('#gl-note-' + id + ' .gl-body').textContent.trim()};
  })"""


def text_right(page) -> float:
    return page.evaluate("Math.max(...[...document.querySelectorAll('article .gl-para')]"
                         ".map(p => p.getBoundingClientRect().right))")


# --- Notes in the margin ---------------------------------------------------------------------

@pytest.mark.parametrize("text", TEXT_IDS)
def test_on_a_wide_screen_every_note_is_in_the_margin_beside_its_passage(open_reader, served, text):
    reader = open_reader(served, **WIDE)
    reader.open(f"texts/{text}")
    page = reader.page
    notes = page.evaluate(MARGIN_NOTES)
    if not notes:
        pytest.skip(f"{text} has no editorial notes")
    right = text_right(page)
    for note in notes:
        assert note["visible"], f"note {note['id']} is not in the margin"
        assert note["left"] >= right, f"note {note['id']} covers the text"
        assert note["words"] == note["listed"], f"note {note['id']} is not the note"
        assert note["top"] >= note["marker"] - 12, f"note {note['id']} starts above its passage"
        assert note["top"] - note["marker"] < 0.9 * 900, f"note {note['id']} is a screen away"
        assert note["fontSize"] >= 14, f"note {note['id']} is in small print"
        assert note["whole"] or note["folded"], f"note {note['id']} is cut off without a fold"
    for a, b in zip(notes, notes[1:]):
        assert a["bottom"] <= b["top"], f"notes {a['id']} and {b['id']} overlap"
    # Most notes are read whole, without any interaction; the others are folded visibly.
    whole = sum(n["whole"] and not n["folded"] for n in notes)
    assert whole / len(notes) >= 0.3, f"only {whole} of {len(notes)} notes read whole"
    # The end list is not repeated on screen beside the margin.
    assert not page.locator(".gl-notes").is_visible()
    assert reader.problems == []


def test_a_folded_margin_note_reads_on_and_a_marker_leads_to_its_note(open_reader, served):
    reader = open_reader(served, **WIDE)
    reader.open(TEXT)
    page = reader.page
    assert page.locator(".gl-sidenote.gl-folded").count() >= 1, "expected a folded note on this dense text"
    note_id = page.locator(".gl-sidenote.gl-folded").first.get_attribute("data-note")
    folded = page.locator(f'.gl-sidenote[data-note="{note_id}"]')
    more = folded.locator(".gl-sidenote__more")
    assert more.is_visible() and more.inner_text() == "Read on"
    more.click()
    page.wait_for_timeout(100)
    body = folded.locator(".gl-body")
    assert body.evaluate("b => b.scrollHeight <= b.clientHeight + 1"), "the note is still cut off"
    notes = page.evaluate(MARGIN_NOTES)
    assert all(a["bottom"] <= b["top"] for a, b in zip(notes, notes[1:])), "notes overlap once opened"
    # A note's marker leads to its margin note, not to the end of the page.
    url = page.url
    marker = page.locator(MARKERS["note"][0]).first
    marker.click()
    assert page.url == url
    assert page.evaluate("document.activeElement.matches('.gl-sidenote[data-note=\"seliger\"]')")
    shoot(page, "margin-notes-wide")
    assert reader.problems == []


FOLDS = """() => [...document.querySelectorAll('.gl-sidenote.gl-folded')].map(note => {
  const body = note.querySelector('.gl-body');
  return {id: note.dataset.note, shut: note.classList.contains('gl-shut'),
          hides: body.scrollHeight > body.clientHeight + 1,
          more: note.querySelector('.gl-sidenote__more').getBoundingClientRect().height};
})"""


@pytest.mark.parametrize("text", ["ecfr-2016", "laruelle-2015"])
def test_where_notes_crowd_each_fold_hides_words_and_offers_them(open_reader, served, text):
    # The authors' own notes are short lines, many of them noted: there a note is folded to
    # two lines, or to its label, so that the next ones stay near their passages.
    reader = open_reader(served, **WIDE)
    reader.open(f"texts/{text}")
    folds = reader.page.evaluate(FOLDS)
    assert folds, f"expected folded notes on {text}"
    for fold in folds:
        assert fold["shut"] or fold["hides"], f"note {fold['id']} is folded but hides nothing"
        assert fold["more"] >= 24, f"note {fold['id']} has no 'Read on' to open it"
    assert reader.problems == []

def test_a_note_and_its_passage_light_up_together(open_reader, served):
    reader = open_reader(served, **WIDE)
    reader.open(TEXT)
    page = reader.page
    page.locator('.gl-sidenote[data-note="seliger"]').hover()
    assert page.locator('mark.gl-note-mark[data-note="seliger"].gl-lit').count() >= 1


# --- Popovers (wide) and sheets (narrow, phone) -----------------------------------------------

def open_panel(open_reader, where, kind: str, viewport: dict, gesture: str):
    """The reader, its page, the marker of `kind` and the panel it opened by `gesture` (click
    or tap), after checking that the marker opened its content instead of following its link."""
    reader = open_reader(where, **viewport)
    reader.open(TEXT)
    page = reader.page
    marker = page.locator(MARKERS[kind][0]).first
    marker.scroll_into_view_if_needed()
    url = page.url
    getattr(marker, gesture)()
    assert page.url == url, "the marker followed its link instead of opening its content"
    return reader, page, marker, page.locator(".gl-panel")


@pytest.mark.parametrize("kind", ["term", "xref", "footnote"])
def test_on_a_wide_screen_a_marker_opens_a_popover_sized_to_its_content(open_reader, where, kind):
    selector, expected = MARKERS[kind]
    reader, page, marker, panel = open_panel(open_reader, where, kind, WIDE, "click")
    assert panel.is_visible() and "gl-panel--popover" in panel.get_attribute("class")
    assert expected in panel.inner_text()
    box, size = panel.bounding_box(), page.viewport_size
    assert 0 <= box["x"] and box["x"] + box["width"] <= size["width"], "cut off at the side"
    assert 0 <= box["y"] and box["y"] + box["height"] <= size["height"], "cut off at the foot"
    body = panel.locator(".gl-panel__body")
    if body.evaluate("b => b.scrollHeight > b.clientHeight"):  # what scrolls says so
        assert "gl-more-below" in body.get_attribute("class")
    assert page.evaluate("document.querySelector('.gl-panel').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert not panel.is_visible()
    assert page.evaluate("s => document.activeElement.matches(s)", selector), "focus did not return"
    # The keyboard opens it too.
    marker.focus()
    page.keyboard.press("Enter")
    assert panel.is_visible() and expected in panel.inner_text()
    if where.name == "served":
        shoot(page, f"popover-{kind}")
    page.locator("h1").first.click()
    assert not panel.is_visible(), "a click elsewhere closes the popover"
    assert reader.problems == []


@pytest.mark.parametrize("kind", MARKERS)
def test_on_a_phone_a_tap_opens_a_sheet_that_scrolls_and_closes(open_reader, where, kind):
    selector, expected = MARKERS[kind]
    reader, page, marker, sheet = open_panel(open_reader, where, kind, PHONE, "tap")
    assert sheet.is_visible() and "gl-panel--sheet" in sheet.get_attribute("class")
    assert sheet.get_attribute("role") == "dialog" and sheet.get_attribute("aria-modal") == "true"
    assert expected in sheet.inner_text()
    box, size = sheet.bounding_box(), page.viewport_size
    assert box["x"] == 0 and box["width"] == size["width"], "the sheet is not full width"
    assert abs(box["y"] + box["height"] - size["height"]) <= 1, "the sheet is not at the foot"
    body = sheet.locator(".gl-panel__body")
    text = body.evaluate("b => b.textContent")
    if body.evaluate("b => b.scrollHeight > b.clientHeight + 1"):
        assert "gl-more-below" in body.get_attribute("class"), "more words below, not shown"
        body.evaluate("b => b.scrollTo(0, b.scrollHeight)")
        page.wait_for_timeout(100)
        assert "gl-more-below" not in body.get_attribute("class")
        assert "gl-more-above" in body.get_attribute("class")
    assert text.strip(), "the sheet is empty"
    assert page.evaluate("document.querySelector('.gl-panel').contains(document.activeElement)")
    if where.name == "served":
        shoot(page, f"sheet-{kind}")
    sheet.locator(".gl-panel__close").tap()
    assert not sheet.is_visible()
    assert page.evaluate("s => document.activeElement.matches(s)", selector), "focus did not return"
    marker.tap()
    assert sheet.is_visible()
    page.keyboard.press("Escape")
    assert not sheet.is_visible()
    assert reader.problems == []


def test_following_a_paragraph_link_in_a_sheet_closes_it(open_reader, served):
    reader = open_reader(served, **PHONE)
    reader.open(TEXT)
    page = reader.page
    note_id = page.evaluate("""() => { const a = document.querySelector('.gl-notes li .gl-body a[href^="#p"]');
                                       return a && a.closest('li').id.slice('gl-note-'.length); }""")
    if not note_id:
        pytest.skip("no note on this text links to a paragraph")
    marker = page.locator(f'article a.gl-note-ref[href="#gl-note-{note_id}"]').first
    marker.scroll_into_view_if_needed()
    marker.tap()
    sheet = page.locator(".gl-panel")
    link = sheet.locator('.gl-body a[href^="#p"]').first
    target = link.get_attribute("href")
    link.scroll_into_view_if_needed()
    link.tap()
    assert page.url.endswith(target)
    assert not sheet.is_visible(), "the sheet stays open over the paragraph it led to"


def test_on_a_narrow_desktop_a_note_opens_in_a_sheet_whose_focus_stays_in_it(open_reader, served):
    reader = open_reader(served, **NARROW_DESKTOP)
    reader.open(TEXT)
    page = reader.page
    assert not page.locator(".gl-sidenote").first.is_visible(), "no room for a margin"
    marker = page.locator(MARKERS["note"][0]).first
    marker.focus()
    page.keyboard.press("Enter")
    sheet = page.locator(".gl-panel.gl-panel--sheet")
    assert sheet.is_visible() and "Seliger" in sheet.inner_text()
    for _ in range(12):  # Tab goes round the sheet's controls, never back into the page
        page.keyboard.press("Tab")
        assert page.evaluate("document.querySelector('.gl-panel').contains(document.activeElement)")
    page.keyboard.press("Escape")
    assert page.evaluate("document.activeElement.matches('a.gl-note-ref')")


# --- Marks and markers ---------------------------------------------------------------------------

def test_noted_cross_referenced_and_glossary_words_each_look_different(open_reader, served):
    reader = open_reader(served, **WIDE)
    reader.open(TEXT)
    looks = reader.page.evaluate("""() => Object.fromEntries(
      [['note', 'mark.gl-note-mark'], ['xref', 'mark.gl-xref-mark'], ['term', 'article p a.gl-term']]
      .map(([k, s]) => { const c = getComputedStyle(document.querySelector(s));
        return [k, [c.backgroundColor, c.textDecorationLine, c.textDecorationStyle,
                    c.textDecorationColor].join(' | ')]; }))""")
    assert len(set(looks.values())) == 3, looks
    assert "rgba(0, 0, 0, 0)" not in looks["note"].split(" | ")[0], "a noted passage is not washed"
    assert looks["xref"].split(" | ")[1:3] == ["underline", "solid"]
    assert looks["term"].split(" | ")[1:3] == ["underline", "dotted"]


@pytest.mark.parametrize("text", TEXT_IDS)
def test_on_a_phone_every_marker_is_a_target_of_24_px_of_its_own(open_reader, served, text):
    reader = open_reader(served, **PHONE)
    reader.open(f"texts/{text}")
    misses = reader.page.evaluate("""() => {
      const misses = [];
      for (const a of document.querySelectorAll('article sup a.gl-note-ref, article sup a.gl-xref-ref, article a.footnote-ref:not(.gl-term)')) {
        if (a.closest('.gl-notes, .gl-xrefs, .gl-terms')) continue;
        a.scrollIntoView({block: 'center'});
        const r = a.getBoundingClientRect(), x = r.left + r.width / 2, y = r.top + r.height / 2;
        for (const [dx, dy] of [[-11, -11], [11, -11], [-11, 11], [11, 11], [0, 0]]) {
          const hit = document.elementFromPoint(x + dx, y + dy);
          if (!hit || !(hit === a || a.contains(hit))) {
            misses.push(`${a.getAttribute('href')} at (${dx}, ${dy}): ${hit && hit.outerHTML.slice(0, 60)}`);
            break;
          }
        }
      }
      return misses;
    }""")
    assert misses == [], "\n".join(misses[:10])


def test_note_sigla_are_never_words_of_two_letters():
    sys_path_engine = pytest.importorskip("glossator.apparatus")
    letters = sys_path_engine._letters()
    sigla = [next(letters) for _ in range(80)]
    assert sigla[:3] == ["a", "b", "c"] and sigla[26:28] == ["aa", "bb"] and sigla[52] == "aaa"
    assert all(len(set(s)) == 1 for s in sigla), "a siglum mixes letters"
    assert len(set(sigla)) == len(sigla)


def test_every_highlight_is_in_the_sites_accent(open_reader, served):
    reader = open_reader(served, **WIDE)
    reader.open(TEXT, "#p3")
    page = reader.page
    colour = page.evaluate("getComputedStyle(document.querySelector('#p3')).backgroundColor")
    red, green, blue = (int(v) for v in re.findall(r"\d+", colour)[:3])
    assert red > blue, f"the landing highlight is not the sienna accent: {colour}"


# --- The lists at the end ---------------------------------------------------------------------

def test_each_listed_note_gives_its_paragraph_and_its_words(site):
    from conftest import text_page
    key = re.compile(r'<li id="gl-note-([^"]+)">\s*<p class="gl-note-label"><span class="gl-siglum">'
                     r'[a-z]+</span><a class="gl-place" href="#(p\d+|gl-noteref-[^"]+)">[^<]+</a>'
                     r'<span class="gl-lemma">[^<]+ \]</span>')
    for text in TEXT_IDS:
        html = text_page(site, text)
        listed = html.count('<li id="gl-note-')
        keys = key.findall(html)
        assert len(keys) == listed, f"{text}: {listed - len(keys)} notes without ¶ and words"
        for note_id, place in keys:
            if place.startswith("p"):  # the paragraph given holds the note's marker
                start = html.index(f'id="{place}"')
                end = html.find(' id="p', start + 5)
                assert f'id="gl-noteref-{note_id}"' in html[start:end if end > 0 else None], (text, note_id)


def test_the_terms_list_links_to_the_glossary_and_repeats_no_definition_on_screen(open_reader, served):
    reader = open_reader(served, **WIDE)
    reader.open(TEXT)
    page = reader.page
    terms = page.locator(".gl-terms__list > li")
    assert terms.count() > 5
    for i in range(terms.count()):
        item = terms.nth(i)
        link = item.locator("a.gl-term-name")
        assert "glossary/#term-" in link.get_attribute("href")
        assert not item.locator(".gl-body").is_visible()
    height = page.locator(".gl-terms").bounding_box()["height"]
    assert height < 900, f"the terms list is {height:.0f} px tall"


@pytest.mark.parametrize("text", TEXT_IDS)
def test_on_a_desktop_a_text_page_is_mostly_its_text(open_reader, served, text):
    reader = open_reader(served, **WIDE)
    reader.open(f"texts/{text}")
    share = reader.page.evaluate("""() => {
      const words = [...document.querySelectorAll('article > .gl-para, article > ul, article > ol, article > blockquote, article > h2, article > h3, article > figure, article > .footnote')]
        .filter(el => !el.closest('.gl-notes, .gl-xrefs, .gl-terms'));
      const top = Math.min(...words.map(el => el.getBoundingClientRect().top));
      const bottom = Math.max(...words.map(el => el.getBoundingClientRect().bottom));
      return (bottom - top) / document.documentElement.scrollHeight;
    }""")
    assert share >= 0.5, f"{text}: the text is {share:.0%} of the page"


def test_a_chart_is_not_a_numbered_paragraph(site):
    from conftest import text_page
    for text in TEXT_IDS:
        empty = re.findall(r'<p [^>]*id="(p\d+)"[^>]*><a [^>]*gl-pnum[^>]*></a>\s*</p>',
                           text_page(site, text))
        assert empty == [], (text, empty)


# --- Paragraph numbers -------------------------------------------------------------------------

CONTRAST = """() => {
  const rgba = c => { const v = c.match(/[\\d.]+/g).map(Number); return [v[0], v[1], v[2], v.length > 3 ? v[3] : 1]; };
  const lum = ([r, g, b]) => { const f = x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const back = rgba(getComputedStyle(document.querySelector('.md-main')).backgroundColor === 'rgba(0, 0, 0, 0)'
    ? getComputedStyle(document.body).backgroundColor : getComputedStyle(document.querySelector('.md-main')).backgroundColor);
  const fore = rgba(getComputedStyle(document.querySelector('article a.gl-pnum'), '::before').color);
  const mixed = fore.slice(0, 3).map((c, i) => c * fore[3] + back[i] * (1 - fore[3]));
  const [a, b] = [lum(mixed), lum(back)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""

BASELINES = """() => [...document.querySelectorAll('article .gl-para')].slice(0, 30).map(p => {
  const number = p.querySelector('a.gl-pnum');
  const probe = () => Object.assign(document.createElement('span'),
    {style: 'display:inline-block;width:0;height:0;vertical-align:baseline'});
  const inNumber = number.appendChild(probe()), inText = number.after(probe()) || number.nextSibling;
  const offset = inNumber.getBoundingClientRect().top - inText.getBoundingClientRect().top;
  inNumber.remove(); inText.remove();
  return offset;
})"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_paragraph_numbers_are_readable_and_stand_on_the_first_line(open_reader, served, scheme, device):
    reader = open_reader(served, color_scheme=scheme, **(PHONE if device == "phone" else WIDE))
    reader.open("texts/ecfr-2016")
    page = reader.page
    contrast = page.evaluate(CONTRAST)
    assert contrast >= 4.5, f"paragraph numbers at {contrast:.2f}:1"
    offsets = page.evaluate(BASELINES)
    assert offsets and max(abs(o) for o in offsets) <= 1, f"numbers off the baseline by {offsets}"
