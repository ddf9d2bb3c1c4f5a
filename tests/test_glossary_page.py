"""The glossary page as a reader browses it: an index on the first screen, a filter that works
offline, persons under their surnames, sources as links, the places of a term folded.

The expected order and letters are derived here from annotations/glossary.yml, by the rule
CONTRIBUTING states (a person under the last word of the name unless `sort` says otherwise),
not read back from the engine.
"""

from __future__ import annotations

import html
import re
import shutil
import unicodedata

import pytest
import yaml

from browsing import CHROMIUM, PHONE, axe_script, need, shoot
from browsing import browser, on_disk, open_reader, served, where  # noqa: F401  (fixtures)
from conftest import ROOT
from glossator import pages
from glossator.load import load_annotations
from glossator.model import Annotations, GlossatorError, Term, Where

if not shutil.which(CHROMIUM):
    need(f"Chromium at {CHROMIUM}", "apt-get install chromium")
sync_api = pytest.importorskip("playwright.sync_api")

TERMS = yaml.safe_load((ROOT / "annotations" / "glossary.yml").read_text(encoding="utf-8"))["terms"]
DESKTOP = {"viewport": {"width": 1440, "height": 900}}
READER_OPTIONS = DESKTOP  # this page's readers open at 1440 x 900 unless told otherwise
ADDRESS = re.compile(r"https?://[^\s;,)]+")


def filed_as(term: dict) -> str:
    """How an index files a term: `sort`, else a person's surname (the last word) first."""
    name = term.get("sort") or term["term"]
    if term.get("kind") == "person" and not term.get("sort"):
        *forenames, surname = name.split()
        name = " ".join([surname, *forenames])
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))
    return name.casefold()


def initial(term: dict) -> str:
    first = next(c for c in filed_as(term) if c.isalnum())
    return "0–9" if first.isdigit() else first.upper()







@pytest.fixture(scope="module")
def glossary(site) -> str:
    return (site / "glossary" / "index.html").read_text(encoding="utf-8")


def entry_html(glossary: str, term_id: str) -> str:
    """The HTML of one entry: from its heading to the next heading."""
    return re.split(r"<h[23]", glossary.split(f'id="term-{term_id}"', 1)[1], maxsplit=1)[0]


def headings(glossary: str, section: str = "") -> list[tuple[str, str]]:
    """(id, words) of each entry heading, in page order; of one kind's section if given."""
    if section:
        glossary = glossary.split(f'id="{section}"', 1)[1].split("<h2", 1)[0]
    found = re.findall(r'<h3 id="term-([a-z0-9-]+)">(.*?)</h3>', glossary)
    return [(term_id, html.unescape(words)) for term_id, words in found]


# --- The `sort` key ----------------------------------------------------------------------------

GLOSSARY_FILE = ("terms:\n  - id: xi\n    term: Xi Jinping\n    kind: person\n{sort}"
                 "    forms: [Xi]\n    definition: A leader.\n")


def load_terms(tmp_path, sort_line: str):
    (tmp_path / "glossary.yml").write_text(GLOSSARY_FILE.format(sort=sort_line), encoding="utf-8")
    return load_annotations(tmp_path, ()).terms


def test_sort_is_read_as_plain_text_and_files_the_term(tmp_path):
    (term,) = load_terms(tmp_path, "    sort: Xi Jinping\n")
    assert term.sort == "Xi Jinping" and pages.filed_as(term) == "xi jinping"
    (term,) = load_terms(tmp_path, "")
    assert term.sort == "" and pages.filed_as(term) == "jinping xi"  # the last word first


@pytest.mark.parametrize("line, message", [
    ("    sort: [Xi]\n",
     "glossary.yml:5: 'sort' must be a string, found a list in a term\n  hint: quote the value"),
    ("    sorted: Xi\n",
     "glossary.yml:5: unknown key 'sorted' in a term\n  hint: did you mean 'sort'?"),
])
def test_a_bad_sort_is_reported_where_it_is(tmp_path, line, message):
    with pytest.raises(GlossatorError) as raised:
        load_terms(tmp_path, line)
    assert [str(p).replace(f"{tmp_path}/", "") for p in raised.value.problems] == [message]


def test_a_letter_beyond_z_gets_its_own_place_and_the_sort_never_reaches_the_page():
    terms = (Term("x", "X", ("X",), "A.", Where(ROOT, 1), kind="person", sort="Ωmega <b>&amp;"),)
    annotations = Annotations(terms=terms)
    page = pages.expand(pages.glossary_markdown(annotations), annotations, str, str)
    assert page.endswith("Z</span></li>" '<li><a class="gl-index__link" href="#term-x">Ω</a></li>'
                         '</ul>', 0, page.index('<ul class="gl-index__kinds"'))
    assert "<b>" not in page and "mega" not in page


# --- The page as built --------------------------------------------------------------------

def test_persons_are_filed_under_their_surnames(glossary):
    persons = [t for t in TERMS if t.get("kind") == "person"]
    expected = [t["id"] for t in sorted(persons, key=lambda t: (filed_as(t), t["term"], t["id"]))]
    assert [i for i, _ in headings(glossary, "kind-person")] == expected
    by_first_name = [t["id"] for t in sorted(persons, key=lambda t: t["term"])]
    assert expected != by_first_name  # the rule is doing something


def test_one_heading_per_kind_and_every_term_under_its_kind(glossary):
    kinds = re.findall(r'<h2 id="kind-([a-z]+)">(.*?)</h2>', glossary)
    assert len({k for k, _ in kinds}) == len(kinds) and len({w for _, w in kinds}) == len(kinds)
    assert {k for k, _ in kinds} == {t.get("kind") or "other" for t in TERMS}
    for kind, _ in kinds:
        assert {i for i, _ in headings(glossary, f"kind-{kind}")} == \
            {t["id"] for t in TERMS if (t.get("kind") or "other") == kind}


def test_every_index_link_leads_to_its_place(glossary):
    index = glossary.split('<nav class="gl-index"', 1)[1].split("</nav>", 1)[0]
    ids = re.findall(r'\bid="([^"]+)"', glossary)
    letters = re.findall(r'<a class="gl-index__link" href="#term-([a-z0-9-]+)">(.*?)</a>', index)
    kinds = re.findall(r'<a class="gl-index__link" href="#(kind-[a-z]+)">', index)
    assert letters and kinds
    for target in [f"term-{t}" for t, _ in letters] + kinds:
        assert ids.count(target) == 1, target
    # A letter leads to the page's first entry filed under it; a letter without one is inactive.
    terms, order = {t["id"]: t for t in TERMS}, [i for i, _ in headings(glossary)]
    firsts = {}
    for term_id in order:
        firsts.setdefault(initial(terms[term_id]), term_id)
    assert {html.unescape(letter): term_id for term_id, letter in letters} == firsts
    inactive = re.findall(r'<span class="gl-index__off">(.)</span>', index)
    assert sorted(inactive + [l for l in firsts if len(l) == 1 and "A" <= l <= "Z"]) == \
        [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    counts = dict(re.findall(r'#kind-([a-z]+)">[^<]*<span class="gl-index__count">(\d+)<', index))
    assert {k: int(n) for k, n in counts.items()} == \
        {k: sum((t.get("kind") or "other") == k for t in TERMS) for k in counts}


def test_sources_with_web_addresses_are_links(glossary):
    checked = 0
    for term in TERMS:
        addresses = [a for s in term.get("sources", []) for a in ADDRESS.findall(s)]
        if not addresses:
            continue
        entry = entry_html(glossary, term["id"])
        sources = entry.split('<p class="gl-sources">', 1)[1].split("</p>", 1)[0]
        hrefs = [html.unescape(h) for h in re.findall(r'<a href="([^"]+)" rel="noopener">', sources)]
        assert hrefs and all(re.match(r"https?://", h) for h in hrefs), term["id"]
        outside = re.sub(r"<a .*?</a>", "", sources)
        assert not re.search(r"https?://", outside), (term["id"], "an address left as plain text")
        checked += 1
    assert checked > 50


def test_places_are_folded_under_each_definition_and_counted(glossary):
    folded = 0
    for term_id, _ in headings(glossary):
        entry = entry_html(glossary, term_id)
        assert entry.count('<div class="gl-folds">') == 1 and "Forms in the texts:" in entry
        found = re.search(r'<details class="gl-occurs"[^>]*><summary>Occurs in (\d+) places?</summary>'
                          r'<ul class="gl-occurrences">(.*?)</ul></details>', entry)
        if not found:
            assert "Not found in the texts." in entry, term_id
            continue
        listed = found.group(2)
        places = re.findall(r'#p\d+">¶\d+</a>', listed) + re.findall(r"\bnotes\b", listed)
        assert int(found.group(1)) == len(places) > 0, term_id
        folded += 1
    assert folded >= len(TERMS) * 0.8


# --- In the browser -------------------------------------------------------------------------

@pytest.mark.parametrize("device", ["desktop", "phone"])
def test_the_index_and_the_filter_are_on_the_first_screen(open_reader, served, device):
    reader = open_reader(served, **(PHONE if device == "phone" else {}))
    reader.open("glossary")
    page = reader.page
    height, width = page.viewport_size["height"], page.viewport_size["width"]
    for part in ("nav.gl-index .gl-index__letters", "nav.gl-index .gl-index__kinds", ".gl-filter"):
        box = page.locator(part).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= height, (part, box)
        assert box["x"] >= 0 and box["x"] + box["width"] <= width, (part, box)
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), "it scrolls sideways"
    small = page.evaluate("""() => [...document.querySelectorAll('nav.gl-index a')]
        .map(a => a.getBoundingClientRect()).filter(r => r.width < 24 || r.height < 24).length""")
    assert small == 0, "an index link smaller than 24 x 24 px"
    shoot(page, f"glossary-{device}-top")
    assert reader.problems == []


def test_an_index_letter_leads_to_its_first_entry(open_reader, served):
    reader = open_reader(served)
    reader.open("glossary")
    page = reader.page
    link = page.locator("nav.gl-index .gl-index__letters a", has_text=re.compile(r"^N$"))
    target = link.get_attribute("href")
    link.click()
    page.wait_for_timeout(300)
    assert page.url.endswith(target)
    box = page.locator(target).bounding_box()
    assert 0 <= box["y"] < page.viewport_size["height"] / 2
    assert reader.problems == []


def visible_entries(page) -> list[str]:
    return page.evaluate("""() => [...document.querySelectorAll('article h3[id^="term-"]')]
        .filter(h => h.getClientRects().length && h.nextElementSibling.getClientRects().length)
        .map(h => h.id.slice(5))""")


def test_the_filter_narrows_the_entries_and_clearing_it_restores_them(open_reader, where):
    reader = open_reader(where)
    reader.open("glossary")
    page = reader.page
    box, status = page.get_by_label("Filter the glossary"), page.locator(".gl-filter__status")
    assert status.get_attribute("aria-live") == "polite" and status.get_attribute("role") == "status"
    assert len(visible_entries(page)) == len(TERMS)
    # Another form of a person's name, not in the name itself, typed in lower case.
    person = next(t for t in TERMS if t.get("kind") == "person" and
                  any(f.lower() not in t["term"].lower() for f in t["forms"]))
    form = next(f for f in person["forms"] if f.lower() not in person["term"].lower())
    box.fill(form.lower())
    shown = visible_entries(page)
    assert person["id"] in shown and 0 < len(shown) < len(TERMS)
    verb = "matches" if len(shown) == 1 else "match"
    assert status.inner_text() == f"{len(shown)} of {len(TERMS)} entries {verb}."
    kinds_shown = page.evaluate("""() => [...document.querySelectorAll('article h2[id^="kind-"]')]
        .filter(h => h.getClientRects().length).map(h => h.id)""")
    assert "kind-person" in kinds_shown
    kinds_with_entries = {t.get("kind") or "other" for t in TERMS if t["id"] in shown}
    assert set(kinds_shown) == {f"kind-{k}" for k in kinds_with_entries}, "a kind without a match"
    # Words of a definition, in any order; every entry kept holds them all.
    box.fill("treaty signed")
    shown = visible_entries(page)
    for term_id in shown:
        words = (page.locator(f"#term-{term_id}").inner_text()
                 + page.locator(f"#term-{term_id} + .gl-entry").inner_text())
        assert "treaty" in words.lower() and "signed" in words.lower(), term_id
    assert shown
    box.fill("zzqx")
    assert visible_entries(page) == [] and "No entry matches" in status.inner_text()
    page.locator('nav.gl-index a[href="#kind-person"]').click()  # the index still leads there
    assert box.input_value() == "" and page.locator("#kind-person").is_visible()
    box.fill("zzqx")
    box.fill("")
    assert len(visible_entries(page)) == len(TERMS) and status.inner_text() == ""
    kinds = page.locator('article h2[id^="kind-"]:not([hidden])')
    assert kinds.count() == len({t.get("kind") for t in TERMS})
    assert reader.problems == []


def test_without_javascript_there_is_no_box_and_every_entry(open_reader, served):
    reader = open_reader(served, java_script_enabled=False)
    reader.open("glossary")
    page = reader.page
    assert page.locator(".gl-filter").count() == 0
    assert page.locator("nav.gl-index").is_visible()
    assert len(visible_entries(page)) == len(TERMS)


def test_a_fold_opens_to_the_places_and_the_sources(open_reader, served):
    reader = open_reader(served)
    reader.open("glossary", "#term-eeu")
    page = reader.page
    entry = page.locator("#term-eeu + .gl-entry")
    places = entry.locator("details.gl-occurs")
    assert not places.locator(".gl-occurrences").is_visible()
    places.locator("summary").click()
    link = places.locator(".gl-occurrences a", has_text="¶").first
    assert link.is_visible() and re.search(r"#p\d+$", link.get_attribute("href"))
    entry.locator("details.gl-cited summary").click()
    assert entry.locator(".gl-sources a[href^='http']").first.is_visible()
    shoot(page, "glossary-entry-open")
    assert reader.problems == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_serious_accessibility_violation_while_filtering(open_reader, served, scheme):
    reader = open_reader(served, color_scheme=scheme)
    reader.open("glossary")
    page = reader.page
    page.get_by_label("Filter the glossary").fill("union")
    page.locator("details.gl-occurs summary:visible").first.click()
    page.add_script_tag(path=str(axe_script()))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} - "
               + "; ".join(n["target"][0] for n in v["nodes"][:5])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)
    assert reader.problems == []
