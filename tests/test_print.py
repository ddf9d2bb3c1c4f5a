"""A text printed as an edition: Chromium's PDF of a served text page, read back with pypdf.

Page numbers on every page, running heads (the edition, the text) after the first, and on the
first page the imprint: the edition's name, the page's address, the date of printing (which the
reader's script writes; without it the imprint has no date). Also the one inline style that
carries the running heads, and the audit's rule for it.
"""

from __future__ import annotations

import io
import shutil
import subprocess

import pytest

from audit import RUNNING_HEADS, Audit
from browsing import Site, new_reader
from browsing import browser, served  # noqa: F401  (fixtures)
from conftest import ROOT, TEXT_IDS, text_page

pypdf = pytest.importorskip("pypdf")

TEXT = "laruelle-2015"
EDITION = "Kazakhstan, Russia and Eurasian Integration"
RUNNING_TITLE = "Kazakhstan’s posture in the Eurasian Union"  # the title, up to its colon




def printed(browser, served: Site, **options) -> tuple[list[list[str]], str, str]:
    """The lines of each printed page of the text, its canonical address and the reader's date."""
    reader = new_reader(browser, served, **options)
    try:
        reader.open(f"texts/{TEXT}")
        page = reader.page
        address = page.locator("link[rel=canonical]").get_attribute("href")
        today = page.evaluate("""() => { const d = new Date();
            return d.getDate() + ' ' + d.toLocaleString('en-GB', {month: 'long'}) + ' ' + d.getFullYear(); }""")
        pdf = page.pdf(format="A4")
        (ROOT / "build").mkdir(exist_ok=True)
        (ROOT / "build" / "printed-text.pdf").write_bytes(pdf)  # to look at: pdftoppm -r 50 -png
        assert reader.problems == []
    finally:
        reader.page.context.close()
    pages = [[line.strip() for line in p.extract_text().splitlines()]
             for p in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    return pages, address, today


@pytest.fixture(scope="module")
def paper(browser, served):
    return printed(browser, served)


def test_every_printed_page_is_numbered(paper):
    pages, _, _ = paper
    assert len(pages) > 2
    missing = [n for n, lines in enumerate(pages, 1) if str(n) not in lines]
    assert missing == [], f"pages without their number: {missing}"


def test_the_running_heads_name_the_edition_and_the_text_after_the_first_page(paper):
    pages, _, _ = paper
    for lines in pages[1:]:
        head = " ".join(lines[:2])  # the margin boxes come first in the page's text
        assert EDITION in head and RUNNING_TITLE in head, lines[:3]
    assert not any(line == f"{EDITION} {RUNNING_TITLE}" for line in pages[0])


def test_the_first_page_names_the_edition_its_address_and_the_date_of_printing(paper):
    pages, address, today = paper
    first = " ".join(pages[0])
    assert f"{EDITION} · {address} · Printed on {today}" in first
    assert "reproduced for study and research" in first  # the rights
    assert "By Marlene Laruelle, Washington DC" in first and "Among all post-Soviet states" in first
    assert "ABSTRACT" in first  # the author's abstract is printed; the summaries are not
    for screen_only in ("About this text", "Cite this text", "Plain text", "Copy citation",
                        "For a reference manager", "Cite this paragraph"):
        assert screen_only not in first, screen_only
    assert "Print" not in pages[0]  # the button (as a line of its own)


def test_without_javascript_the_imprint_has_no_date(browser, served):
    pages, address, _ = printed(browser, served, java_script_enabled=False)
    first = " ".join(pages[0])
    assert f"{EDITION} · {address}" in first and "Printed on" not in first


def test_the_printed_pages_look_like_an_edition(paper):
    """The first two pages as images (build/printed-text-1.png, -2.png), to look at."""
    if not shutil.which("pdftoppm"):
        pytest.skip("no pdftoppm (apt-get install poppler-utils)")
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "2",
                    str(ROOT / "build" / "printed-text.pdf"), str(ROOT / "build" / "printed-text")],
                   check=True)
    images = sorted((ROOT / "build").glob("printed-text-*.png"))
    assert len(images) == 2 and all(image.stat().st_size > 5_000 for image in images)


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_every_text_page_carries_its_running_heads(site, text_id):
    html = text_page(site, text_id)
    style = html.split('<style media="print">', 1)[1].split("</style>", 1)[0]
    assert RUNNING_HEADS.match(style)
    assert html.count("<style") == 1


def test_the_audit_accepts_the_running_heads_and_nothing_else_inline(tmp_path):
    (tmp_path / "docs").mkdir()
    site = tmp_path / "site"
    site.mkdir()
    good = ':root{--gl-running-edition:"\\000041";--gl-running-title:"\\000042\\000043"}'
    (site / "good.html").write_text(f'<style media="print">{good}</style>')
    (site / "bad.html").write_text(
        '<style media="print">:root{--gl-running-title:"x"}</style>'  # an unescaped character
        f'<style>{good}</style>'                                      # not for print only
        '<style media="print">@import url(https://e.org/x.css);</style>'
        f'<style media="print">{good}</style><style media="print">{good}}}body{{x:y}}</style>')
    problems = Audit(site, tmp_path).run()
    assert not [p for p in problems if p.startswith("good.html")]
    assert len([p for p in problems if p.startswith("bad.html")]) == 4, problems
