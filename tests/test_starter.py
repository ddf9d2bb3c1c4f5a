"""A new edition: `glossator new` writes one that checks and builds at once, and a six-line
`mkdocs.yml` gives the full reader, because the engine brings its own CSS, JavaScript, theme
features and Markdown extensions."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENGINE, ROOT
from glossator.cli import check, main
from glossator.reader import ASSETS, SCRIPTS, SHIM, STYLESHEETS

TINY = ROOT / "tests" / "editions" / "tiny"
MINIMAL = "site_name: Minimal\ntheme:\n  name: material\nplugins: [search, glossator]\n"
TIMELINE = "\n```timeline\ncaption: Chart 1\nyears: [2000, 2001]\nevents:\n  - {label: Union, year: 2000}\n```\n"
SAMPLE = "This is sample prose, invented for the glossator starter; it quotes no real work."


def build(edition: Path, site: Path) -> subprocess.CompletedProcess:
    """`mkdocs build --strict` of an edition, with this checkout's engine."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
        cwd=edition, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": ENGINE})


def assert_has_the_reader(site: Path, page: str) -> None:
    """The page links the engine's stylesheets and scripts, and the site holds them as shipped."""
    html = (site / page).read_text(encoding="utf-8")
    up = "../" * page.count("/")
    for name in STYLESHEETS:
        assert f'<link rel="stylesheet" href="{up}assets/glossator/{name}">' in html, name
    for name in (*SCRIPTS, SHIM):
        assert f'<script src="{up}assets/glossator/{name}"></script>' in html, name
    for name in (*STYLESHEETS, *SCRIPTS, SHIM):
        assert (site / "assets" / "glossator" / name).read_bytes() == (ASSETS / name).read_bytes()


def features(html: str) -> list[str]:
    config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html)
    return json.loads(config.group(1))["features"]


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    edition = tmp_path_factory.mktemp("new") / "my-edition"
    assert main(["new", str(edition)]) == 0
    return edition


@pytest.fixture(scope="module")
def starter_site(starter: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("starter-site")
    result = build(starter, site)
    assert result.returncode == 0, result.stderr
    return site


def test_new_writes_every_file_of_a_starter_edition(starter):
    written = sorted(str(p.relative_to(starter)) for p in starter.rglob("*") if p.is_file())
    assert written == [
        ".github/workflows/ci.yml", ".gitignore", "CONTRIBUTING.md", "README.md",
        "annotations/crossrefs.yml", "annotations/glossary.yml", "annotations/sample-harbour.yml",
        "docs/index.md", "mkdocs.yml", "requirements.txt",
        "schemas/crossrefs.schema.json", "schemas/glossary.schema.json", "schemas/notes.schema.json",
        "sources/sample-harbour.md", "sources/sample-reply.md",
        "sources/witnesses/sample-harbour.txt", "sources/witnesses/sample-reply.txt",
    ]
    workflow = (starter / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    assert "glossator check" in workflow and "mkdocs build --strict" in workflow
    assert "@VERSION@" not in (starter / "requirements.txt").read_text(encoding="utf-8")


def test_the_sample_texts_say_they_are_samples(starter):
    for text in ("sample-harbour", "sample-reply"):
        source = (starter / "sources" / f"{text}.md").read_text(encoding="utf-8")
        witness = (starter / "sources" / "witnesses" / f"{text}.txt").read_text(encoding="utf-8")
        assert 'title: "Sample text: ' in source
        assert SAMPLE in source and SAMPLE in witness


def test_the_starter_passes_glossator_check(starter, capsys):
    assert check(starter) == []
    assert main(["check", str(starter)]) == 0
    assert capsys.readouterr().err.startswith("ok: texts and annotations check out")


def test_the_starter_builds_strictly_with_the_full_reader(starter_site):
    page = "texts/sample-harbour/index.html"
    html = (starter_site / page).read_text(encoding="utf-8")
    assert 'class="footnote-ref gl-note-ref" href="#gl-note-count"' in html  # the note's marker
    assert 'class="footnote-ref gl-term" href="../../glossary/#term-harbour-board"' in html
    assert 'class="footnote-ref gl-xref-ref" href="#gl-xref-busy-harbour"' in html
    assert '<a class="footnote-ref" href="#fn:1">' in html  # the author's note
    assert 'class="gl-pnum" data-n="3" href="#p3"' in html
    assert_has_the_reader(starter_site, page)
    assert {"toc.integrate", "content.tooltips"} <= set(features(html))
    glossary = (starter_site / "glossary" / "index.html").read_text(encoding="utf-8")
    assert 'id="term-harbour-board"' in glossary


def test_new_refuses_a_folder_that_is_not_empty(tmp_path, capsys):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["new", str(tmp_path)]) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "mine"
    assert capsys.readouterr().err == (
        f"{tmp_path}: the folder is not empty; glossator new writes a starter edition only into "
        "a new or empty folder, and overwrites nothing\n"
        "  hint: name a new folder, for example `glossator new my-edition`\n")


def test_new_refuses_a_file(tmp_path, capsys):
    (tmp_path / "edition").write_text("", encoding="utf-8")
    assert main(["new", str(tmp_path / "edition")]) == 2
    assert "edition: is a file; glossator new writes" in capsys.readouterr().err


def test_new_writes_into_an_empty_folder(tmp_path):
    assert main(["new", str(tmp_path)]) == 0
    assert (tmp_path / "mkdocs.yml").is_file()


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, subprocess.CompletedProcess]:
    """The tiny edition (with a chart) under a mkdocs.yml of site name, theme and plugins, and
    a theme feature that would double the reader's popovers."""
    edition = tmp_path_factory.mktemp("minimal")
    for folder in ("sources", "annotations", "docs"):
        shutil.copytree(TINY / folder, edition / folder)
    with (edition / "sources" / "b-2016.md").open("a", encoding="utf-8") as text:
        text.write(TIMELINE)
    (edition / "mkdocs.yml").write_text(
        MINIMAL.replace("  name: material\n", "  name: material\n  features: [content.footnote.tooltips]\n"),
        encoding="utf-8")
    site = tmp_path_factory.mktemp("minimal-site")
    result = build(edition, site)
    assert result.returncode == 0, result.stderr
    return site, result


def test_a_minimal_mkdocs_yml_gives_the_full_reader(minimal):
    site, result = minimal
    assert "does not contain an anchor" not in result.stderr
    html = (site / "texts" / "a-2015" / "index.html").read_text(encoding="utf-8")
    assert_has_the_reader(site, "texts/a-2015/index.html")
    assert 'class="footnote-ref gl-note-ref" href="#gl-note-grew"' in html
    assert '<a class="footnote-ref" href="#fn:1">' in html
    chart = (site / "texts" / "b-2016" / "index.html").read_text(encoding="utf-8")
    assert '<figure class="gl-figure"' in chart and 'class="gl-tl-box"' in chart
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "This edition: <strong>2 texts</strong>" in home  # Markdown in the counts' HTML
    assert 'id="term-eeu"' in (site / "glossary" / "index.html").read_text(encoding="utf-8")


def test_the_reader_turns_on_what_it_needs_and_off_what_doubles_it(minimal):
    site, result = minimal
    turned = features((site / "texts" / "a-2015" / "index.html").read_text(encoding="utf-8"))
    assert sorted(turned) == ["content.tooltips", "toc.integrate"]
    assert ("theme feature 'content.footnote.tooltips' is turned off: the glossator reader opens "
            "the author's notes in its own popovers") in result.stderr


def test_another_theme_is_refused_with_the_fix(tmp_path):
    for folder in ("sources", "annotations", "docs"):
        shutil.copytree(TINY / folder, tmp_path / folder)
    (tmp_path / "mkdocs.yml").write_text(MINIMAL.replace("material", "mkdocs"), encoding="utf-8")
    result = build(tmp_path, tmp_path / "site")
    assert result.returncode == 1
    assert ("glossator: the reader needs the Material theme, and mkdocs.yml sets theme 'mkdocs'; "
            "fix: in mkdocs.yml, 'theme: {name: material}'") in result.stderr
    assert "Traceback" not in result.stderr


def test_an_edition_file_in_the_readers_place_is_left_out(tmp_path):
    for folder in ("sources", "annotations", "docs"):
        shutil.copytree(TINY / folder, tmp_path / folder)
    (tmp_path / "docs" / "assets" / "glossator").mkdir(parents=True)
    (tmp_path / "docs" / "assets" / "glossator" / "edition.css").write_text("body{}", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text(MINIMAL, encoding="utf-8")
    result = build(tmp_path, tmp_path / "site")
    assert result.returncode == 1  # a warning: the strict build fails
    assert ("docs/assets/glossator/edition.css is left out: the glossator reader's own file has "
            "that path (move it out of docs/assets/glossator/)") in result.stderr


# --- As a reader sees it ------------------------------------------------------------------------

CHROMIUM = os.environ.get("GLOSSATOR_CHROMIUM", "/usr/bin/chromium")


def test_the_starter_text_has_its_note_in_the_margin(starter_site):
    if not shutil.which(CHROMIUM):
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from browsing import ARGS, serve
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.goto(serve(starter_site) + "texts/sample-harbour/")
        page.wait_for_load_state("load")
        note = page.locator(".gl-sidenote").first
        assert page.evaluate("document.documentElement.classList.contains('gl-margin')")
        assert note.is_visible() and "A sample editorial note" in note.inner_text()
        paragraph = page.locator("article .gl-para").first
        text = page.locator("article").bounding_box()
        assert note.bounding_box()["x"] > paragraph.bounding_box()["x"] + paragraph.bounding_box()["width"]
        assert text["x"] < note.bounding_box()["x"]
        browser.close()
