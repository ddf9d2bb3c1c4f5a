"""The real apparatus in the built site: cross-reference targets, print text, glossary occurrences."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import ROOT, TEXT_IDS, text_page
from glossator.anchor import normalise
from glossator.load import load_annotations, load_texts

TEXTS = load_texts(ROOT / "sources")
ANNOTATIONS = load_annotations(ROOT / "annotations", TEXTS)
LABELS = {t.label: t.id for t in TEXTS}
PARAGRAPH = re.compile(r'<(?:p|li)[^>]*\bid="p(\d+)"(.*?)</(?:p|li)>', re.S)


def paragraphs(html: str) -> dict[int, str]:
    return {int(n): body for n, body in PARAGRAPH.findall(html)}


def passage_paragraphs(site: Path) -> dict[str, tuple[str, int]]:
    """Where each cross-referenced passage landed: anchor id -> (text id, paragraph)."""
    found = {}
    for text_id in TEXT_IDS:
        for number, body in paragraphs(text_page(site, text_id)).items():
            for anchor in re.findall(r'id="(x-[a-z0-9-]+-\d+)"', body):
                found[anchor] = (text_id, number)
    return found


def test_every_passage_of_every_group_is_anchored_once(site):
    found = passage_paragraphs(site)
    expected = {f"x-{g.id}-{i}" for g in ANNOTATIONS.crossrefs for i in range(len(g.passages))}
    assert set(found) == expected


def test_printed_cross_references_name_the_right_paragraphs(site):
    found = passage_paragraphs(site)
    by_text: dict[tuple[str, int], set[str]] = {}
    for anchor, place in found.items():
        by_text.setdefault(place, set()).add(anchor)
    checked = 0
    for text_id in TEXT_IDS:
        html = text_page(site, text_id)
        for group, printed in re.findall(r'href="#gl-xref-([a-z0-9-]+)">⇄</a>'
                                         r'<span class="gl-print"[^>]*> \(see (.*?)\)</span>', html):
            for place in printed.split("; "):
                label, number = place.rsplit(", ¶", 1)
                anchors = by_text.get((LABELS[label], int(number)), set())
                assert any(a.startswith(f"x-{group}-") for a in anchors), (text_id, group, place)
                checked += 1
    assert checked >= sum(len(g.passages) for g in ANNOTATIONS.crossrefs)


def test_glossary_occurrences_point_at_paragraphs_holding_a_form(site):
    glossary = (site / "glossary" / "index.html").read_text(encoding="utf-8")
    pages = {t: paragraphs(text_page(site, t)) for t in TEXT_IDS}
    checked = 0
    for term in ANNOTATIONS.terms:
        entry = glossary.split(f'id="term-{term.id}"', 1)[1].split('<h3', 1)[0]
        for text_id, number in re.findall(r'href="\.\./texts/([a-z0-9-]+)/#p(\d+)"', entry):
            markers_out = re.sub(r"<sup.*?</sup>", "", pages[text_id][int(number)])
            words = normalise(html.unescape(re.sub(r"<[^>]+>", "", markers_out)))
            assert any(re.search(rf"(?<!\w){re.escape(normalise(f))}(?!\w)", words) for f in term.forms), \
                (term.id, text_id, number)
            checked += 1
    assert checked >= len(ANNOTATIONS.terms)


def test_the_apparatus_is_broad():
    """Edition-wide commitments (a new text needs no annotations to pass)."""
    assert len(ANNOTATIONS.notes) > 100
    assert len(ANNOTATIONS.terms) > 80 and all(term.kind for term in ANNOTATIONS.terms)
    assert len(ANNOTATIONS.crossrefs) >= 20


def test_home_page_states_the_size_of_the_apparatus(site):
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f"<strong>{len(TEXTS)} texts</strong>" in home
    assert f"<strong>{len(ANNOTATIONS.notes)} editorial notes</strong>" in home
    assert f'{len(ANNOTATIONS.terms)} glossary terms</a>' in home
    assert f'{len(ANNOTATIONS.crossrefs)} cross-reference groups</a>' in home
