"""The whole built site against an allow-list (tests/audit.py): the real edition, served and
offline, and a hostile edition whose every field holds markup, scripts and tricks that the
engine accepts as plain text (tests/editions/hostile)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from audit import audit, text_of
from conftest import ROOT
from editions import build, copy_edition

CANARY = "glossator-canary-7f3a"  # in the build's environment: it must reach no file of the site


def test_the_edition_passes_the_audit(site):
    assert audit(site, ROOT) == []


def test_the_offline_edition_passes_the_audit(offline_site):
    assert audit(offline_site, ROOT) == []


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    root = copy_edition("hostile", tmp_path_factory.mktemp("hostile"))
    os.environ["GLOSSATOR_CANARY"] = CANARY
    try:
        built = build(root)
    finally:
        del os.environ["GLOSSATOR_CANARY"]
    assert built.ok, built.log
    return root


def test_the_hostile_edition_passes_the_audit(hostile):
    assert audit(hostile / "site", hostile) == []


def test_nothing_of_the_build_machine_reaches_the_site(hostile):
    for path in (hostile / "site").rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            assert CANARY.encode() not in data and b"root:x:0:0" not in data, path


@pytest.mark.parametrize("page, words", [
    # Each field's words are shown as written, as text: escaped, not dropped.
    ("texts/h-2015/index.html", [
        "The <script>alert('title')</script> & \"Union\" {: autofocus onfocus=alert(1) } ](javascript:alert(1))",
        "<img src=x onerror=alert('subtitle')>", "By <b onmouseover=alert('byline')>Ann</b>",
        "<svg onload=alert('author')> and O'Brien & \"Co\"", "</title><script>alert('publisher')</script>",
        "<script>alert('editorial')</script>", "wrote <script>alert(2)</script> as text",
        "{: autofocus onfocus=alert(5) }",
        "<script>alert('caption')</script>", "<img src=x onerror=alert('event')>",
    ]),
    ("index.html", ["</textarea><script>alert('abstract')</script>", "Another <em>text</em>"]),
    ("glossary/index.html", ["<img src=x onerror=alert('term')> A&B",
                             "Union ](javascript:alert(1)) {#evil}", "</li><script>alert('term source')</script>"]),
    ("crossrefs/index.html", ["{: autofocus onfocus=alert('title') } <script>alert('group')</script> & 'quotes'",
                              "javascript:alert(1) as text"]),
])
def test_hostile_words_are_shown_as_written(hostile, page, words):
    shown = text_of(hostile / "site" / page)
    for written in words:
        assert written in shown, written


def test_the_audit_finds_what_it_must(tmp_path):
    """Negative controls: each of these breaks one rule of the audit."""
    (tmp_path / "docs").mkdir()
    site = tmp_path / "site"
    site.mkdir()
    (site / "a.html").write_text(
        '<p onclick="x">1</p><a href="&#106;avascript&#58;alert(1)">2</a><img src="https://e.org/p.gif">'
        '<iframe src="x.html"></iframe><script>alert(1)</script><a title="&lt;img src=x&gt;" href="#">3</a>'
        '<meta http-equiv="refresh" content="0;url=https://e.org"><script src="missing.js"></script>')
    (site / "secret.txt").write_text("not from the repository\n")
    (site / "search").mkdir()
    (site / "search" / "search_index.json").write_text(
        '{"docs": [{"location": "javascript:x", "title": "<img src=x onerror=y>", "text": ""}]}')
    found = "\n".join(audit(site, tmp_path))
    for broken in ("attribute onclick='x' on <p>", "address 'javascript:alert(1)' in <a href>",
                   "<img> loads 'https://e.org/p.gif' from elsewhere", "element <iframe>",
                   "inline script 'alert(1)'", "title '<img src=x>' on <a> holds markup",
                   "<meta http-equiv='refresh'>", "script 'missing.js' is not a file of the site",
                   "secret.txt: not a file of the repository or the theme",
                   "location 'javascript:x'", "attribute onerror='y' on <img>"):
        assert broken in found, broken
