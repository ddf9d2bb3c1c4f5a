"""Citing the edition, and the text first on its page.

Whole builds: `site_url` (canonical links, a full sitemap, SITE_URL overrides it), the
Highwire Press tags, the citation files of every text (they exist, parse and are linked from
the page), for the real edition and for a hostile one. In Chromium, served and from the disk:
the first paragraph's place on every text page, the header's summaries, the citation with the
reader's date of access, and the paragraph's citation panel, by keyboard and by touch.
"""

from __future__ import annotations

import json
import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from browsing import PHONE, axe_script, shoot
from browsing import browser, on_disk, open_reader, served, where  # noqa: F401  (fixtures)
from conftest import ROOT, TEXT_IDS, mkdocs_build, text_page
from editions import build, copy_edition

TEXT = "laruelle-2015"
SUFFIXES = ("bib", "ris", "csl.json")
RIS_LINE = re.compile(r"^[A-Z][A-Z0-9]  - ")


def front_matter(root: Path, text_id: str) -> dict:
    source = (root / "sources" / f"{text_id}.md").read_text(encoding="utf-8")
    return yaml.safe_load(source.split("---\n", 2)[1])


def full_title(meta: dict) -> str:
    return meta["title"] + (f": {meta['subtitle']}" if meta.get("subtitle") else "")


class _Head(HTMLParser):
    """The page's `<meta name>` tags, its canonical link and the header's citation links."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: list[tuple[str, str]] = []
        self.canonical = ""
        self.downloads: list[str] = []
        self._in_files = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "meta" and a.get("name", "").startswith("citation_"):
            self.meta.append((a["name"], a.get("content") or ""))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical = a["href"] or ""
        elif tag == "p" and a.get("class") == "gl-cite__files":
            self._in_files = True
        elif tag == "a" and self._in_files:
            self.downloads.append(a["href"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._in_files = False


def head_of(html: str) -> _Head:
    parser = _Head()
    parser.feed(html)
    return parser


# --- site_url: canonical links and the sitemap ------------------------------------------------

def test_every_page_has_a_canonical_link_and_the_sitemap_lists_it(site):
    pages = sorted(site.rglob("index.html"))
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locations = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    canonicals = [head_of(p.read_text(encoding="utf-8")).canonical for p in pages]
    assert all(canonicals), [str(p) for p, c in zip(pages, canonicals) if not c]
    assert sorted(locations) == sorted(canonicals)
    for text_id in TEXT_IDS:
        assert any(loc.endswith(f"/texts/{text_id}/") for loc in locations), text_id


def test_site_url_comes_from_the_environment(tmp_path):
    result = mkdocs_build(tmp_path / "site", SITE_URL="https://edition.example.org/kz/")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "texts" / TEXT / "index.html").read_text(encoding="utf-8")
    head = head_of(html)
    assert head.canonical == f"https://edition.example.org/kz/texts/{TEXT}/"
    assert ("citation_public_url", head.canonical) in head.meta
    bib = (tmp_path / "site" / "texts" / TEXT / f"{TEXT}.bib").read_text(encoding="utf-8")
    assert f"https://edition.example.org/kz/texts/{TEXT}/" in bib


# --- Highwire Press tags -----------------------------------------------------------------------

def test_the_highwire_tags_say_what_the_front_matter_says(site):
    meta, head = front_matter(ROOT, TEXT), head_of(text_page(site, TEXT))
    assert head.meta == [
        ("citation_title", full_title(meta)),
        *[("citation_author", author) for author in meta["authors"]],
        ("citation_publication_date", "2015"),
        ("citation_journal_title", meta["publication"]),
        ("citation_publisher", meta["publisher"]),
        ("citation_public_url", head.canonical),
        ("citation_language", "en"),
    ]
    assert head.canonical.endswith(f"/texts/{TEXT}/")


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_text_page_has_its_title_authors_and_date_as_tags(site, text_id):
    meta, head = front_matter(ROOT, text_id), head_of(text_page(site, text_id))
    tags = dict(head.meta)
    assert tags["citation_title"] == full_title(meta)
    assert [v for k, v in head.meta if k == "citation_author"] == meta["authors"]
    assert tags["citation_publication_date"] == str(meta["date"]).replace("-", "/")
    assert re.fullmatch(r"\d{4}(/\d{2}){0,2}", tags["citation_publication_date"])
    assert tags.get("citation_journal_title") == meta.get("publication")
    assert tags.get("citation_publisher") == meta.get("publisher")


# --- The citation files ------------------------------------------------------------------------

def bibtex_fields(entry: str) -> tuple[str, str, dict[str, str]]:
    """A small BibTeX reader: the entry's type, key and fields; every value's braces balance."""
    match = re.match(r"@(\w+)\{([a-z0-9-]+),\n", entry)
    assert match, entry[:80]
    fields, i = {}, match.end()
    while entry[i:i + 2] != "}\n":
        name = re.match(r"  (\w+) = ", entry[i:])
        assert name, entry[i:i + 80]
        i += name.end()
        if entry[i] == "{":
            depth, start = 0, i
            for i in range(start, len(entry)):
                depth += {"{": 1, "}": -1}.get(entry[i], 0)
                if depth == 0:
                    break
            assert depth == 0, f"unbalanced braces in {name.group(1)}"
            value, i = entry[start + 1:i], i + 1
        else:
            value = re.match(r"[a-z]+", entry[i:]).group(0)  # a macro: month = mar
            i += len(value)
        assert entry[i:i + 2] == ",\n", entry[i:i + 40]
        fields[name.group(1)] = value
        i += 2
    assert entry[i + 2:] == "", "something after the entry"
    assert entry.count("{") == entry.count("}")
    return match.group(1), match.group(2), fields


def check_citation_files(root: Path, site: Path, text_id: str) -> None:
    """The three files of a text exist beside its page and read as their formats say."""
    meta = front_matter(root, text_id)
    folder = site / "texts" / text_id
    csl = json.loads((folder / f"{text_id}.csl.json").read_text(encoding="utf-8"))
    assert len(csl) == 1 and csl[0]["id"] == text_id
    assert csl[0]["title"] == full_title(meta)
    assert csl[0]["issued"]["date-parts"] == [[int(p) for p in str(meta["date"]).split("-")]]
    assert len(csl[0].get("author", [])) == len(meta["authors"])

    kind, key, fields = bibtex_fields((folder / f"{text_id}.bib").read_text(encoding="utf-8"))
    assert key == text_id and kind in ("article", "misc")
    assert fields["year"] == str(meta["date"])[:4] and fields["title"]
    assert ("author" in fields) == bool(meta["authors"])
    if meta["authors"]:
        assert len(re.split(r" and ", fields["author"])) == len(meta["authors"])

    ris = (folder / f"{text_id}.ris").read_text(encoding="utf-8")
    lines = ris.splitlines()
    assert all(RIS_LINE.match(line) for line in lines), [l for l in lines if not RIS_LINE.match(l)]
    assert lines[0].startswith("TY  - ") and lines[-1] == "ER  - " and lines.count("ER  - ") == 1
    tags = [line[:2] for line in lines]
    assert tags.count("AU") == len(meta["authors"]) and tags.count("TI") == 1
    assert f"TI  - {' '.join(full_title(meta).split())}" in lines


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_text_has_citation_files_that_parse(site, text_id):
    check_citation_files(ROOT, site, text_id)


@pytest.mark.parametrize("offline", [False, True])
def test_the_citation_area_links_to_the_files(site, offline_site, offline):
    built = offline_site if offline else site
    page = built / "texts" / (f"{TEXT}.html" if offline else f"{TEXT}/index.html")
    links = head_of(page.read_text(encoding="utf-8")).downloads
    targets = [posixpath.normpath(posixpath.join(str(page.parent.relative_to(built)), link))
               for link in links]
    assert targets == [f"texts/{TEXT}/{TEXT}.{suffix}" for suffix in SUFFIXES]
    assert all((built / target).is_file() for target in targets)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The hostile edition (tests/editions/hostile), with a site_url to cite it at."""
    root = copy_edition("hostile", tmp_path_factory.mktemp("hostile-cite"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text() + 'site_url: "https://example.org/a_b%25c&d/"\n')
    built = build(root)
    assert built.ok, built.log
    return root


@pytest.mark.parametrize("text_id", ["h-2015", "o-2016"])
def test_the_citation_files_stay_well_formed_for_a_hostile_edition(hostile, text_id):
    check_citation_files(hostile, hostile / "site", text_id)
    folder = hostile / "site" / "texts" / text_id
    bib = (folder / f"{text_id}.bib").read_text(encoding="utf-8")
    # Whatever the contributor wrote, a TeX special character is escaped, never live.
    assert not re.search(r"(?<!\\)[%&#_$]", bib.replace(bib_urls(bib), "")), bib
    head = head_of((folder / "index.html").read_text(encoding="utf-8"))
    assert ("citation_title", full_title(front_matter(hostile, text_id))) in head.meta


def bib_urls(bib: str) -> str:
    """The `url` field, which BibTeX reads verbatim (left as written but for braces)."""
    match = re.search(r"^  url = \{(.*)\},$", bib, re.M)
    return match.group(1) if match else "\0"


# --- In Chromium -------------------------------------------------------------------------------






DESKTOP = {"viewport": {"width": 1440, "height": 900}}


@pytest.mark.parametrize("device", ["desktop", "phone"])
@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_the_text_comes_first(open_reader, served, text_id, device):
    """1440 x 900: the first paragraph starts within 600 px of the top; 390 x 844: its first
    line is on the first screen."""
    reader = open_reader(served, **(DESKTOP if device == "desktop" else PHONE))
    reader.open(f"texts/{text_id}")
    page = reader.page
    first = page.evaluate("""() => { const p = document.getElementById('p1');
        return {top: p.getBoundingClientRect().top, line: parseFloat(getComputedStyle(p).lineHeight)}; }""")
    height = page.viewport_size["height"]
    if device == "desktop":
        assert first["top"] <= 600, first
    else:
        assert first["top"] + first["line"] <= height, first
    # The header says what the text is before the text, and nothing of it is a second author line.
    assert page.locator(".gl-header h1").is_visible() and page.locator(".gl-byline").is_visible()
    assert not page.locator(".gl-meta").is_visible()  # provenance is one click away
    if text_id in ("ecfr-2016", TEXT):
        shoot(page, f"header-{text_id}-{device}")
    assert reader.problems == []


def cited_address(page) -> str:
    """The address a citation gives: the canonical one, in the hosted edition's layout (an
    offline build's pages end in .html, the hosted edition's in a slash)."""
    return page.locator("link[rel=canonical]").get_attribute("href").replace(f"/{TEXT}.html", f"/{TEXT}/")


def today(page) -> str:
    """The reader's date, as the edition writes dates ("1 December 2026")."""
    return page.evaluate("""() => { const d = new Date();
        return d.getDate() + ' ' + d.toLocaleString('en-GB', {month: 'long'}) + ' ' + d.getFullYear(); }""")


def test_provenance_and_citation_are_one_click_away(open_reader, where):
    reader = open_reader(where)
    page = reader.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    reader.open(f"texts/{TEXT}")
    page.get_by_text("About this text", exact=True).click()
    about = page.locator("details.gl-about")
    for words in ("Published in", "Rights", "Reading time", "The transcription", "the raw source text"):
        assert about.get_by_text(words).first.is_visible(), words
    page.get_by_text("Cite this text", exact=True).click()
    cite = page.locator(".gl-cite__text")
    assert cite.is_visible()
    address = cited_address(page)
    assert address.endswith(f"/texts/{TEXT}/")
    words = cite.inner_text()
    assert words.startswith("Marlene Laruelle. “Kazakhstan’s posture in the Eurasian Union")
    assert words.endswith(f"Annotated edition: Kazakhstan, Russia and Eurasian Integration, "
                          f"{address}, accessed {today(page)}.")
    page.locator(".gl-cite .gl-copy").click()
    assert page.evaluate("navigator.clipboard.readText()") == words
    if where.name == "served":
        shoot(page, "header-cite-open")
    # The files the citation area links to are there, where the page says (from the disk too).
    hrefs = page.locator(".gl-cite__files a").evaluate_all("links => links.map(a => a.href)")
    assert [h.rsplit("/", 1)[-1] for h in hrefs] == [f"{TEXT}.{suffix}" for suffix in SUFFIXES]
    for href in hrefs:
        if where.offline:
            assert Path(href.removeprefix("file://")).is_file(), href
        else:
            assert page.request.get(href).ok, href
    page.goto(hrefs[-1])  # CSL-JSON opens as text
    assert json.loads(page.locator("body").inner_text())[0]["id"] == TEXT
    assert reader.problems == []


def test_without_javascript_the_citation_reads_without_a_date(open_reader, served):
    reader = open_reader(served, java_script_enabled=False)
    reader.open(f"texts/{TEXT}")
    page = reader.page
    page.get_by_text("Cite this text", exact=True).click()
    words = page.locator(".gl-cite__text").inner_text()
    assert words.endswith(f"/texts/{TEXT}/.") and "accessed" not in words
    assert page.locator(".gl-cite__files a").count() == 3


def test_a_paragraph_is_cited_from_its_control_with_the_keyboard(open_reader, where):
    reader = open_reader(where)
    page = reader.page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    reader.open(f"texts/{TEXT}", "#p12")
    control = page.locator("#p12 > button.gl-copylink")
    assert control.get_attribute("aria-expanded") == "false"
    page.locator("#p12 > a.gl-pnum").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.matches('#p12 > button.gl-copylink')")
    page.keyboard.press("Enter")
    panel = page.locator("#p12 .gl-pmenu")
    assert panel.is_visible() and control.get_attribute("aria-expanded") == "true"
    address = cited_address(page)
    citation = (f"Marlene Laruelle, “Kazakhstan’s posture in the Eurasian Union: in search of serene "
                f"sovereignty,” ¶12. Annotated edition: Kazakhstan, Russia and Eurasian Integration, "
                f"{address}#p12, accessed {today(page)}.")
    assert panel.locator(".gl-pmenu__cite").inner_text() == citation
    page.keyboard.press("Tab")  # into the panel: "Copy citation"
    page.keyboard.press("Enter")
    assert page.evaluate("navigator.clipboard.readText()") == citation
    assert panel.locator("[role=status]").inner_text() == "Citation copied"
    if where.name == "served":
        shoot(page, "paragraph-cite-panel")
    page.keyboard.press("Escape")
    assert page.locator(".gl-pmenu").count() == 0
    assert page.evaluate("document.activeElement.matches('#p12 > button.gl-copylink')")
    assert control.get_attribute("aria-expanded") == "false"
    assert reader.problems == []


def test_on_a_phone_the_paragraph_controls_can_be_tapped(open_reader, served):
    reader = open_reader(served, **PHONE)
    reader.open(f"texts/{TEXT}")
    page = reader.page
    small = page.locator("button.gl-copylink").evaluate_all("""controls => controls
        .map(c => c.getBoundingClientRect()).filter(r => r.width < 24 || r.height < 24).length""")
    assert small == 0, f"{small} paragraph controls under 24 x 24 px"
    control = page.locator("#p3 > button.gl-copylink")
    control.scroll_into_view_if_needed()
    control.tap()
    panel = page.locator("#p3 .gl-pmenu")
    assert panel.is_visible()
    box = panel.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"], box
    for button in panel.locator("button").all():
        size = button.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24, size
    shoot(page, "phone-paragraph-cite-panel")
    page.locator("h1").first.tap()  # a tap elsewhere closes it
    assert page.locator(".gl-pmenu").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]
    assert reader.problems == []


def test_the_open_header_and_panel_have_no_serious_accessibility_violation(open_reader, served):
    reader = open_reader(served)
    reader.open(f"texts/{TEXT}")
    page = reader.page
    for summary in ("Abstract", "About this text", "Cite this text"):
        page.get_by_text(summary, exact=True).click()
    page.locator("#p5 > button.gl-copylink").click()
    page.add_script_tag(path=str(axe_script()))
    # What this file tests: the header and the paragraph's panel (test_browser runs the page).
    result = page.evaluate("axe.run({include: [['.gl-header'], ['.gl-pmenu']]}, {resultTypes: ['violations']})")
    serious = [f"{v['id']}: {v['help']} - " + "; ".join(n["target"][0] for n in v["nodes"][:5])
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)
