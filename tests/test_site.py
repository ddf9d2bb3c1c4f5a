"""Whole build with --strict: text pages, their headers and notes, home, navigation, search."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest
import yaml

from conftest import ENGINE, ROOT, TEXT_IDS, text_page
from editions import copy_edition

def front_matter(text_id: str) -> dict:
    source = (ROOT / "sources" / f"{text_id}.md").read_text(encoding="utf-8")
    return yaml.safe_load(source.split("---\n", 2)[1])


def author_notes(text_id: str) -> list[str]:
    """The labels of the author's notes, as the source defines them (their original numbers)."""
    source = (ROOT / "sources" / f"{text_id}.md").read_text(encoding="utf-8")
    return re.findall(r"^\[\^([^\]]+)\]:", source, re.M)


def test_strict_build_succeeds_without_warnings(build):
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    assert "ERROR" not in build.stderr
    assert "no such anchor" not in build.stderr  # every link to a note, a group or a term lands


def test_every_text_has_a_page(site):
    assert sorted(p.name for p in (site / "texts").iterdir() if p.name != "witnesses") == TEXT_IDS


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_header_shows_the_metadata(site, text_id):
    meta, html = front_matter(text_id), text_page(site, text_id)
    header = html[html.index('<header class="gl-header">'):html.index("</header>", html.index("gl-header"))]
    assert "<h1" in header
    for key in ("title", "subtitle", "byline", "rights", "publication"):
        if meta.get(key):
            assert html_text(meta[key]) in header, key
    for author in meta["authors"]:
        assert author in header
    if meta.get("url"):
        assert f'href="{meta["url"]}"' in header
    assert "Cite this text" in header and "Date" in header
    if meta.get("witness"):
        assert f"../witnesses/{meta['witness'].rsplit('/', 1)[1]}" in header


def html_text(value: str) -> str:
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("'", "&#x27;").strip()


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_author_notes_are_numbered_as_in_the_original(site, text_id):
    html = text_page(site, text_id)
    notes = re.findall(r'<li id="fn:([^"]+)"', html)
    assert notes == author_notes(text_id)
    references = re.findall(r'<sup id="fnref:([^"]+)"', html)
    assert references == notes  # each note referenced once, in order
    if notes:
        assert '<h2 class="gl-notes-title" id="notes">Notes</h2>' in html
        assert html.count('class="footnote-backref"') == len(notes)


@pytest.mark.parametrize("text_id", TEXT_IDS)
def test_paragraphs_are_numbered_permalinks(site, text_id):
    html = text_page(site, text_id)
    ids = [int(n) for n in re.findall(r'id="p(\d+)"', html)]
    assert ids == list(range(1, len(ids) + 1)) and ids
    assert '<a aria-label="Paragraph 1" class="gl-pnum" data-n="1" href="#p1"' in html


def test_witnesses_are_published_unchanged(site):
    for witness in (ROOT / "sources" / "witnesses").iterdir():
        assert (site / "texts" / "witnesses" / witness.name).read_bytes() == witness.read_bytes()


def test_navigation_lists_the_texts_oldest_first(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    nav = re.findall(r'href="texts/([a-z0-9-]+)/"', html)
    dates = {t: str(front_matter(t)["date"]) for t in TEXT_IDS}
    order = list(dict.fromkeys(nav))
    assert order == sorted(TEXT_IDS, key=lambda t: (dates[t], t))


def test_home_page_has_a_card_per_text(site):
    html = (site / "index.html").read_text(encoding="utf-8")
    cards = html[html.index('class="grid cards gl-cards"'):]
    for text_id in TEXT_IDS:
        assert f'href="texts/{text_id}/"' in cards
    assert cards.count("min read") == len(TEXT_IDS)


def test_vinokurov_charts_are_reconstructed_in_place(site):
    html = text_page(site, "vinokurov-2010")
    assert html.count('<figure class="gl-figure">') == 2
    assert html.count("Editorial reconstruction") == 2
    assert html.index("Chart 1. Evolution") < html.index("Chart 1 depicts distinct phases")
    assert "<svg" in html and "<table>" in html


def test_peyrouse_is_marked_as_a_fragment(site):
    html = text_page(site, "peyrouse-2015")
    assert 'class="admonition editorial"' in html and "Fragment" in html


def test_search_index_holds_every_text(site):
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {f"texts/{t}/" for t in TEXT_IDS} <= locations
    assert any("Oralmans" in doc["text"] for doc in index["docs"])


def test_search_reads_the_words_not_the_apparatus(site):
    """Passages with notes read as the text; notes and forms are found; markers and lists are not."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    laruelle = {d["location"].split("#")[-1]: d["text"] for d in index["docs"]
                if d["location"].startswith("texts/laruelle-2015/")}
    body = "".join(v for k, v in laruelle.items() if k not in ("editorial-notes", "glossary-terms"))
    assert "At the Selinger youth camp in August 2014" in body  # a marker used to split it
    assert "<sup>a</sup>" not in body and "⇄" not in body and "(see " not in body
    assert "Read Seliger." in laruelle["editorial-notes"] and "↩" not in laruelle["editorial-notes"]
    assert "Also: " in laruelle["glossary-terms"]
    assert "cross-references" not in laruelle  # excluded from search: its passages are the texts'
    glossary = next(d["text"] for d in index["docs"] if d["location"] == "glossary/#term-eeu")
    assert "Nazarbayev proposed in 1994" in glossary and "¶" not in glossary
    page = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'href="../texts/laruelle-2015/#p' in page.split('id="term-eeu"')[1].split("<h3")[0]
    assert 'markdown="' not in page  # md_in_html's attribute is not the reader's


def tiny_site(tmp_path, text: str):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n\n<!-- glossator:texts -->\n")
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a-2015.md").write_text(text)
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: Tiny\ntheme: {name: material, font: false}\nplugins: [glossator]\n"
        "markdown_extensions: [footnotes, attr_list, md_in_html]\n")
    return strict_build(tmp_path)


def strict_build(folder):
    return mkdocs_build_in(folder, "--strict")


def dirty_build(folder):
    """Not strict: MkDocs warns of every dirty build."""
    return mkdocs_build_in(folder, "--dirty")


def mkdocs_build_in(folder, *options: str):
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", *options],
                          cwd=folder, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": ENGINE, "NO_MKDOCS_2_WARNING": "1"})


def test_a_new_text_needs_no_configuration(tmp_path):
    result = tiny_site(tmp_path, '---\ntitle: "New"\nauthors: []\ndate: "2020"\n---\n\nText.[^1]\n\n[^1]: A note.\n')
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site" / "texts" / "a-2015" / "index.html").read_text()
    assert '<h1 class="gl-title">New</h1>' in page and 'id="fn:1"' in page and 'id="p1"' in page
    assert 'href="texts/a-2015/"' in (tmp_path / "site" / "index.html").read_text()


def test_a_broken_text_fails_the_strict_build_cleanly(tmp_path):
    result = tiny_site(tmp_path, '---\nauthors: []\ndate: "2020"\n---\n\nText.\n')
    assert result.returncode != 0
    assert "sources/a-2015.md:2: missing required key 'title' in front matter" in result.stderr
    assert "hint: add 'title: ...'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "site").exists()  # nothing half-written


KILLER = """
import os, signal

def on_post_page(output, page, config):
    if page.file.src_uri.startswith("texts/"):  # some pages written, the rest not
        os.kill(os.getpid(), signal.SIGKILL)
    return output
"""


def test_the_last_site_survives_a_killed_build_and_a_failed_one(tmp_path):
    root = copy_edition("tiny", tmp_path)
    assert strict_build(root).returncode == 0
    site = {p.relative_to(root / "site"): p.read_bytes() for p in (root / "site").rglob("*") if p.is_file()}
    config = (root / "mkdocs.yml").read_text()
    (root / "killer.py").write_text(KILLER)
    (root / "mkdocs.yml").write_text(config + "hooks: [killer.py]\n")
    (root / "sources" / "b-2016.md").write_text(
        (root / "sources" / "b-2016.md").read_text().replace("Another text", "Changed text"))
    assert strict_build(root).returncode == -9  # killed part-way through writing the pages
    (root / "mkdocs.yml").write_text(config)
    (root / "annotations" / "a-2015.yml").write_text(
        "text: a-2015\nnotes:\n  - id: gone\n    quote: Words not there\n    body: A note.\n")
    failed = strict_build(root)
    assert failed.returncode != 0
    assert "annotations/a-2015.yml:4: quote not found in a-2015: 'Words not there'" in failed.stderr
    assert {p.relative_to(root / "site"): p.read_bytes()
            for p in (root / "site").rglob("*") if p.is_file()} == site  # as it was
    (root / "annotations" / "a-2015.yml").write_text("text: a-2015\nnotes: []\n")
    assert strict_build(root).returncode == 0
    assert "Changed text" in (root / "site" / "texts" / "b-2016" / "index.html").read_text()
    assert not [p.name for p in root.iterdir() if p.name.startswith("site.")]  # nothing left over


def test_a_strict_build_with_warnings_keeps_the_last_site(tmp_path):
    """MkDocs fails a strict build after the last plugin event: the new site is not swapped in."""
    root = copy_edition("tiny", tmp_path)
    assert strict_build(root).returncode == 0
    before = (root / "site" / "index.html").read_bytes()
    (root / "docs" / "index.md").write_text("# Tiny edition\n\n[A missing page](missing.md)\n")
    result = strict_build(root)
    assert result.returncode != 0 and "missing.md" in result.stderr
    assert (root / "site" / "index.html").read_bytes() == before
    assert "still holds the last site that was built" in result.stderr


def test_dirty_builds_rebuild_the_pages_annotations_change(tmp_path):
    root = copy_edition("tiny", tmp_path)
    assert strict_build(root).returncode == 0
    (root / "annotations" / "a-2015.yml").write_text(
        (root / "annotations" / "a-2015.yml").read_text().replace("Context, with", "Changed context, with"))
    (root / "annotations" / "glossary.yml").write_text(
        (root / "annotations" / "glossary.yml").read_text().replace("A union.", "A changed union."))
    result = dirty_build(root)
    assert result.returncode == 0, result.stderr
    assert "--dirty: the texts, the glossary, the cross-references and the home page" in result.stderr
    assert "Changed context" in (root / "site" / "texts" / "a-2015" / "index.html").read_text()
    assert "A changed union." in (root / "site" / "glossary" / "index.html").read_text()
    (root / "annotations" / "a-2015.yml").write_text(
        "text: a-2015\nnotes:\n  - id: gone\n    quote: Words not there\n    body: A note.\n")
    result = dirty_build(root)  # the text page is converted again, so its quotes are resolved
    assert "WARNING -  glossator: annotations/a-2015.yml:4: quote not found in a-2015: 'Words not there'" in result.stderr
    assert "quote not found in a-2015" in (root / "site" / "texts" / "a-2015" / "index.html").read_text()


def test_serve_watches_sources_and_annotations():
    from mkdocs.config import load_config

    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)
    config = config.plugins.on_config(config)
    assert {str(ROOT / "sources"), str(ROOT / "annotations")} <= set(config.watch)
