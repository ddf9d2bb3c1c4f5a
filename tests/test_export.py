"""annotations.jsonld, the W3C Web Annotation collection of the notes and cross-references that
the build publishes and `glossator export` writes: the model's required fields, one annotation
per note and per cross-reference, and every selector checked against the built page. The page
text is computed here from the built HTML, as glossator/export.py's docstring defines it, with
code of its own."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import ROOT
from editions import build, copy_edition, patch

from glossator.anchor import normalise
from glossator.cli import main
from glossator.export import Site, annotation_collection
from glossator.model import Annotations

# The Web Annotation Data Model's motivations (section 3.3.5).
MOTIVATIONS = {"assessing", "bookmarking", "classifying", "commenting", "describing", "editing",
               "highlighting", "identifying", "linking", "moderating", "questioning", "replying",
               "tagging"}
TINY_URL = "https://example.org/tiny/"


# --- The page text, as the docstring of glossator/export.py defines it ----------------------

LEFT_OUT = {"gl-pnum", "gl-marker", "footnote-ref", "footnote-backref", "headerlink"}
LISTS = {"gl-notes", "gl-xrefs", "gl-terms"}
BLOCKS = {"p", "li", "div", "section", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
          "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "pre", "figure", "figcaption", "hr",
          "br", "header", "footer", "aside", "details", "summary"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class _PageText(HTMLParser):
    """The words of a built text page between its header and the engine's lists."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.where = "before"  # the text's header ends it; then "body"; the lists end "body"
        self.depth = 0  # in the header, or in an element left out
        self.chunks: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        opens = tag not in VOID
        if self.where == "before":
            if self.depth or (tag == "header" and "gl-header" in classes):
                self.depth += opens
        elif self.where == "body":
            if tag == "section" and classes & LISTS:
                self.where = "after"
            elif self.depth:
                self.depth += opens
            else:
                self.chunks.append(" " if tag in BLOCKS else "")
                if classes & LEFT_OUT and "gl-term" not in classes:
                    self.depth = int(opens)

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.where == "before" and self.depth:
            self.depth -= 1
            self.where = "body" if not self.depth else "before"
        elif self.where == "body":
            if tag == "article":
                self.where = "after"
            elif self.depth:
                self.depth -= 1
                self.chunks.append(" " if not self.depth and tag in BLOCKS else "")
            elif tag in BLOCKS:
                self.chunks.append(" ")

    def handle_data(self, data):
        if self.where == "body" and not self.depth:
            self.chunks.append(data)


def page_text(path: Path) -> str:
    parser = _PageText()
    parser.feed(path.read_text(encoding="utf-8"))
    parser.close()
    assert parser.where != "before", f"no text header in {path}"
    return re.sub("[ \t\n\r\f]+", " ", "".join(parser.chunks)).strip(" ")


# --- Fixtures ------------------------------------------------------------------------------

def built_edition(factory, name: str, case: dict | None = None) -> Path:
    root = copy_edition(name, factory.mktemp(name))
    patch(root, case or {})
    built = build(root)
    assert built.ok, built.log
    return root


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    """The tiny edition at a site address, with a passage that crosses markup and curly quotes."""
    root = copy_edition("tiny", tmp_path_factory.mktemp("tiny"))
    config = (root / "mkdocs.yml").read_text(encoding="utf-8")
    source = (root / "sources" / "a-2015.md").read_text(encoding="utf-8")
    patch(root, {"write": {
        "mkdocs.yml": f"site_url: {TINY_URL}\n{config}",
        "sources/a-2015.md": source.replace(
            "In 2016 the Union shrank.",
            "In 2016 the “Union” *shrank* by half[^2] & more.\n\n[^2]: Said the report."),
        "annotations/a-2015.yml": (root / "annotations" / "a-2015.yml").read_text(encoding="utf-8")
        + '  - id: shrank\n    quote: \'"Union" shrank by half & more\'\n    kind: erratum\n'
          '    body: Halved.\n',
    }})
    built = build(root)
    assert built.ok, built.log
    return root


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    return built_edition(tmp_path_factory, "hostile")


def collection_of(site: Path) -> dict:
    return json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))


def items(collection: dict) -> list[dict]:
    return collection["first"]["items"] if collection["total"] else []


def page_of(site: Path, source: str, site_url: str) -> Path:
    """The built file of a text page's address: `<site_url>texts/<id>/`."""
    path = source.removeprefix(site_url)
    assert re.fullmatch(r"texts/[a-z0-9-]+/", path), source
    return site / path / "index.html"


def real_notes() -> dict[str, dict]:
    """The notes of this edition's annotation files, read with PyYAML."""
    notes = {}
    for path in sorted((ROOT / "annotations").glob("*.yml")):
        if path.stem not in ("glossary", "crossrefs"):
            notes |= {note["id"]: note for note in yaml.safe_load(path.read_text(encoding="utf-8"))["notes"]}
    return notes


def real_crossrefs() -> dict[str, dict]:
    data = yaml.safe_load((ROOT / "annotations" / "crossrefs.yml").read_text(encoding="utf-8"))
    return {group["id"]: group for group in data["crossrefs"]}


# --- The model's fields ----------------------------------------------------------------------

def assert_model(collection: dict, site_url: str) -> None:
    """The fields the Web Annotation Data Model requires (MUST), and those it asks for (SHOULD)
    where the engine gives them."""
    here = f"{site_url}annotations.jsonld"
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["id"] == here and collection["type"] == "AnnotationCollection"
    assert isinstance(collection["label"], str) and collection["label"]
    assert collection["total"] == len(items(collection)) > 0
    page = collection["first"]
    assert page["type"] == "AnnotationPage" and page["id"].startswith(here + "#")
    assert page["partOf"] == here and page["startIndex"] == 0 and "@context" not in page
    assert collection["last"] == page["id"]
    ids = [annotation["id"] for annotation in page["items"]]
    assert len(set(ids)) == len(ids)
    for annotation in page["items"]:
        assert annotation["type"] == "Annotation"
        assert re.fullmatch(re.escape(here) + r"#(note|xref)-[a-z0-9-]+", annotation["id"])
        assert annotation["motivation"] in MOTIVATIONS
        assert annotation["body"] and annotation["target"]
        for body in annotation["body"]:
            assert body["type"] == "TextualBody" and isinstance(body["value"], str)
            assert body["format"] in ("text/html", "text/plain")
            assert body.get("purpose", "tagging") in MOTIVATIONS
        for target in annotation["target"]:
            assert target["type"] == "SpecificResource" and target["source"].startswith(site_url)
            quote, position = target["selector"]
            assert quote["type"] == "TextQuoteSelector" and quote["exact"]
            assert isinstance(quote["prefix"], str) and isinstance(quote["suffix"], str)
            assert position["type"] == "TextPositionSelector"
            assert 0 <= position["start"] < position["end"]
            assert all(type(position[key]) is int for key in ("start", "end"))


def test_the_collection_has_the_models_fields(tiny, site):
    assert_model(collection_of(tiny / "site"), TINY_URL)
    assert_model(collection_of(site), "http://127.0.0.1:8000/")


# --- One annotation per note and cross-reference ---------------------------------------------

def test_one_annotation_per_note_and_per_cross_reference(site):
    found = {a["id"].split("#")[1]: a for a in items(collection_of(site))}
    notes, groups = real_notes(), real_crossrefs()
    assert sorted(found) == sorted([f"note-{i}" for i in notes] + [f"xref-{i}" for i in groups])
    for note_id, note in notes.items():
        annotation = found[f"note-{note_id}"]
        assert len(annotation["target"]) == 1
        assert normalise(annotation["target"][0]["selector"][0]["exact"]) == normalise(note["quote"]).strip()
        if note.get("kind"):
            assert {"value": note["kind"], "purpose": "tagging"}.items() <= annotation["body"][1].items()
    for group_id, group in groups.items():
        annotation = found[f"xref-{group_id}"]
        assert annotation["motivation"] == "linking"
        assert [t["source"] for t in annotation["target"]] == \
            [f"http://127.0.0.1:8000/texts/{p['text']}/" for p in group["passages"]]
        assert [normalise(t["selector"][0]["exact"]) for t in annotation["target"]] == \
            [normalise(p["quote"]).strip() for p in group["passages"]]


def test_motivations_follow_the_kinds(site):
    by_kind = {}
    for note_id, note in real_notes().items():
        by_kind.setdefault(note.get("kind", ""), set()).add(note_id)
    motivations = {a["id"].split("#note-")[1]: a["motivation"] for a in items(collection_of(site))
                   if "#note-" in a["id"]}
    expected = {"identification": "identifying", "erratum": "editing", "translation": "describing",
                "context": "commenting", "source": "commenting", "": "commenting"}
    for kind, note_ids in by_kind.items():
        assert {motivations[i] for i in note_ids} == {expected[kind]}, kind


# --- Every selector finds its words ----------------------------------------------------------

def assert_selectors_find_their_words(site: Path, site_url: str) -> int:
    texts: dict[Path, str] = {}
    checked = 0
    for annotation in items(collection_of(site)):
        for target in annotation["target"]:
            path = page_of(site, target["source"], site_url)
            text = texts.setdefault(path, page_text(path))
            quote, position = target["selector"]
            start, end = position["start"], position["end"]
            where = f"{annotation['id']} in {path}"
            assert text[start:end] == quote["exact"], where
            assert text[:start].endswith(quote["prefix"]), where
            assert text[end:].startswith(quote["suffix"]), where
            assert len(quote["prefix"]) == min(start, 32) and len(quote["suffix"]) == min(len(text) - end, 32)
            checked += 1
    return checked


def test_every_selector_finds_its_words_in_the_edition(site):
    assert assert_selectors_find_their_words(site, "http://127.0.0.1:8000/") == \
        len(real_notes()) + sum(len(g["passages"]) for g in real_crossrefs().values())


def test_every_selector_finds_its_words_in_the_tiny_edition(tiny):
    assert assert_selectors_find_their_words(tiny / "site", TINY_URL) == 4


def test_a_quote_is_the_words_as_the_page_shows_them(tiny):
    """Curly quotes kept, emphasis and the author's note marker dropped, the entity decoded."""
    found = {a["id"].split("#")[1]: a for a in items(collection_of(tiny / "site"))}
    quote, position = found["note-shrank"]["target"][0]["selector"]
    assert quote["exact"] == "“Union” shrank by half & more"
    assert quote["prefix"].endswith("Later In 2016 the ") and quote["suffix"].startswith(". Notes ")
    assert found["note-shrank"]["motivation"] == "editing"
    assert found["note-grew"]["body"][0]["value"] == (
        '<p>Context, with a <a href="https://example.org">link</a>.</p>\n<p>Sources: A source.</p>\n')
    assert found["xref-growth"]["body"][0]["value"] == \
        "<p>The Union's growth</p>\n<p>Both texts say it <em>grew</em>.</p>\n"
    assert [t["source"] for t in found["xref-growth"]["target"]] == \
        [f"{TINY_URL}texts/a-2015/", f"{TINY_URL}texts/b-2016/"]


def test_hostile_input_gives_valid_json_whose_selectors_find_their_words(hostile):
    collection = collection_of(hostile / "site")
    assert_model(collection, "")
    assert assert_selectors_find_their_words(hostile / "site", "") == 4
    for annotation in items(collection):
        for body in annotation["body"]:
            assert_harmless(body["value"])
    grew = next(a for a in items(collection) if a["id"].endswith("#note-grew"))
    assert "&lt;script&gt;alert(4)&lt;/script&gt;" in grew["body"][0]["value"]


class _Markup(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: set[str] = set()
        self.attributes: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.attributes += [(name, value or "") for name, value in attrs]


def assert_harmless(html: str) -> None:
    """A body holds the markup of CommonMark without raw HTML or images, and safe links only."""
    markup = _Markup()
    markup.feed(html)
    markup.close()
    assert markup.tags <= {"p", "a", "em", "strong", "code", "br", "ul", "ol", "li", "blockquote",
                           "pre", "h1", "h2", "h3", "h4", "h5", "h6", "hr"}, html
    for name, value in markup.attributes:
        assert name in ("href", "rel"), html
        assert name != "href" or re.match(r"(https?:|mailto:|#)", value), html


def test_the_audit_reads_the_collection(tmp_path):
    """Negative control of the audit's part that judges annotations.jsonld (tests/audit.py)."""
    from audit import audit

    (tmp_path / "docs").mkdir()
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "annotations.jsonld").write_text(json.dumps({"first": {"items": [{
        "id": "javascript:alert(1)", "target": [{"source": "data:text/html,x"}],
        "body": [{"value": "<p onclick=\"x\">a</p><script>alert(2)</script>"}]}]}}))
    found = "\n".join(audit(tmp_path / "site", tmp_path))
    for broken in ("address 'javascript:alert(1)'", "address 'data:text/html,x'",
                   "attribute onclick='x' on <p>", "inline script 'alert(2)'"):
        assert broken in found, broken
    assert "annotations.jsonld: not a file" not in found


# --- `glossator export` ----------------------------------------------------------------------

def test_glossator_export_writes_what_the_build_writes(tiny, site, tmp_path, capsys):
    for root, built in ((tiny, tiny / "site"), (ROOT, site)):
        out = tmp_path / f"{root.name}.jsonld"
        assert main(["export", str(root), "--out", str(out)]) == 0
        assert out.read_bytes() == (built / "annotations.jsonld").read_bytes(), root
    assert main(["export", str(tiny)]) == 0
    assert capsys.readouterr().out == (tiny / "site" / "annotations.jsonld").read_text(encoding="utf-8")


def test_glossator_export_says_what_does_not_anchor(tiny, tmp_path, capsys):
    root = copy_edition("tiny", tmp_path)
    patch(root, {"write": {"annotations/a-2015.yml":
                           "text: a-2015\nnotes:\n  - id: gone\n    quote: Union vanished\n    body: x\n"}})
    out = tmp_path / "out.jsonld"
    assert main(["export", str(root), "--out", str(out)]) == 1
    assert "quote not found in a-2015: 'Union vanished'" in capsys.readouterr().err
    assert [a["id"] for a in items(json.loads(out.read_text(encoding="utf-8")))] == \
        ["annotations.jsonld#xref-growth"]


def test_an_edition_without_annotations_is_an_empty_collection():
    collection = annotation_collection((), Annotations(), {}, Site("https://example.org/"))
    assert collection == {"@context": "http://www.w3.org/ns/anno.jsonld",
                          "id": "https://example.org/annotations.jsonld",
                          "type": "AnnotationCollection",
                          "label": "Editorial notes and cross-references", "total": 0}
