"""The edition's editorial notes and cross-references as a W3C Web Annotation collection
(`annotations.jsonld` at the site's root), so that other annotation tools can load them.

A note is an Annotation: its target is its passage on the text's page, its body the note as the
page shows it (HTML) and, when it has one, its kind as a tag. A cross-reference is one
Annotation with a target for each of its passages and a body with its title and summary.

Each target gives its passage twice, as the model allows (both select the same words): a
TextQuoteSelector (the words, and up to 32 characters before and after them) and a
TextPositionSelector (where they start and end). Both are taken from **the page text**:

    the text's body as the engine converts it, that is what the text's page shows after the
    text's header (`header.gl-header`) and before the engine's lists (the sections of class
    `gl-notes`, `gl-xrefs` and `gl-terms`); read as a browser decodes it (tags dropped,
    character references decoded); without the words of the apparatus and of the author's
    note markers (the content of every element of class `gl-pnum`, `gl-marker`,
    `footnote-ref`, `footnote-backref` or `headerlink`, but for a glossary link, class
    `gl-term`, whose words are the text's); where every run of spaces, tabs, line breaks and
    form feeds is one space, where the start and the end of a block element (`anchor.BLOCKS`:
    p, li, div, h1-h6, table cells, br, ...) count as one space too, and which neither starts
    nor ends with a space. Positions count code points (Python's string indexes), as the
    model asks.

This is what `anchor.read_stream` reads, but with the characters as the page shows them
(curly quotes, dashes, escaped characters), so that `exact` is the words as a reader sees them.

Where a passage lies comes from the page as the engine marked it, not from a second search:
it starts where its first mark starts (`mark[data-note=<id>]`, `mark#x-<group>-<n>`) and ends
where its marker stands (`sup#gl-noteref-<id>`, the `sup.gl-xref-marker` that links to
`#gl-xref-<group>`), which the engine puts right after the passage's last word. No browser is
needed: the build hands in the bodies it converted, `glossator export` converts the texts as
the build does. A quote that does not anchor has no mark, and is left out.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from html import escape
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

from .anchor import BLOCKS, NOT_TEXT_CLASSES
from .model import Annotations, CrossRef, Note, Text
from .render import linked_sources, render_markdown

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
COLLECTION = "annotations.jsonld"  # its name at the site's root
TEXTS = "texts"  # the folder of the texts' pages (the plugin's MOUNT)
AROUND = 32  # characters of prefix and suffix (as many as Hypothesis records)

APPARATUS = NOT_TEXT_CLASSES  # what the engine does not read as the text's words either
WORDS = "gl-term"  # a glossary link is also a footnote-ref (for the theme), but holds words
LISTS = {"gl-notes", "gl-xrefs", "gl-terms"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}
_WHITESPACE = re.compile("[ \t\n\r\f]+")

# A note's kind as one of the model's motivations (Web Annotation Data Model, 3.3.5). Every
# editorial note comments on its passage; where the kind says more, the closer one is used.
# The kind itself is kept too, as a tag body, since no motivation is quite an erratum.
MOTIVATIONS = {
    "identification": "identifying",  # says who or what the words name
    "erratum": "editing",  # says what the text should read: the model's own example of editing
    "translation": "describing",  # renders what the words say, rather than judging them
    "context": "commenting",  # the background a reader needs: a commentary on the passage
    "source": "commenting",  # where the words come from: the model has no motivation for that
}
NOTE_MOTIVATION = "commenting"  # a note of no kind
CROSSREF_MOTIVATION = "linking"  # passages of different texts that speak of one matter


@dataclass(frozen=True)
class Site:
    """Where the collection and the texts' pages are published."""

    url: str = ""  # site_url; without one, every address is relative to the site's root
    name: str = ""
    language: str = ""
    directory_urls: bool = True

    def address(self, path: str) -> str:
        return urljoin(self.url, path) if self.url else path

    def page(self, text_id: str) -> str:
        """The address of a text's page, as MkDocs names `texts/<id>.md`."""
        path = f"{TEXTS}/{text_id}/" if self.directory_urls else f"{TEXTS}/{text_id}.html"
        return self.address(path)


@dataclass
class PageText:
    """The page text (see above), where the engine's marks begin and where its markers stand."""

    text: str = ""
    marks: dict[str, int] = field(default_factory=dict)  # "note:<id>" or "x-<group>-<n>"
    markers: dict[str, list[int]] = field(default_factory=dict)  # "note:<id>" or "xref:<group>"

    def note(self, note_id: str) -> tuple[int, int] | None:
        key = f"note:{note_id}"
        if key in self.marks and key in self.markers:
            return self.marks[key], self.markers[key][0]
        return None

    def passages(self, group: CrossRef, text_id: str) -> dict[int, tuple[int, int]]:
        """The group's passages in this text, by index: each starts at its first mark, and the
        group's markers, in the page's order, end them in the order they start."""
        marks = {i: f"x-{group.id}-{i}" for i, passage in enumerate(group.passages)
                 if passage.text == text_id}
        starts = sorted((self.marks[mark], i) for i, mark in marks.items() if mark in self.marks)
        ends = self.markers.get(f"xref:{group.id}", [])
        return {i: (start, end) for (start, i), end in zip(starts, ends)}


class _Reader(HTMLParser):
    """Reads a converted body into a `PageText`."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.size = 0
        self.last = " "  # a space at the start is dropped, like a second one
        self.skipping = 0  # how deep inside an element whose words are not the text's
        self.done = False  # the engine's lists have begun
        self.pending: int | None = None  # where a cross-reference's marker stands, until its link
        self.page = PageText()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        classes = set(found.get("class", "").split())
        if self.done or (tag == "section" and classes & LISTS):
            self.done = True
        elif self.skipping:
            self.skipping += tag not in VOID
            self._marker_link(tag, found)
        else:
            if tag in BLOCKS:
                self._add(" ")
            if classes & APPARATUS and WORDS not in classes:
                self.skipping = int(tag not in VOID)
                self._marker(classes, found)
            elif tag == "mark":
                key = f"note:{found['data-note']}" if "data-note" in found else found.get("id")
                if key:
                    self.page.marks.setdefault(key, self.size)

    def handle_endtag(self, tag: str) -> None:
        if self.done or tag in VOID:
            return
        if self.skipping:
            self.skipping -= 1
        if not self.skipping and tag in BLOCKS:
            self._add(" ")

    def handle_data(self, data: str) -> None:
        if not (self.done or self.skipping):
            self._add(_WHITESPACE.sub(" ", data))

    def _add(self, text: str) -> None:
        if self.last == " " and text.startswith(" "):
            text = text[1:]
        if text:
            self.parts.append(text)
            self.size += len(text)
            self.last = text[-1]

    def _marker(self, classes: set[str], attrs: dict[str, str]) -> None:
        """A note's marker says whose it is by its id; a cross-reference's, by its link."""
        if attrs.get("id", "").startswith("gl-noteref-"):
            note_id = attrs["id"].removeprefix("gl-noteref-")
            self.page.markers.setdefault(f"note:{note_id}", []).append(self.size)
        elif "gl-xref-marker" in classes:
            self.pending = self.size

    def _marker_link(self, tag: str, attrs: dict[str, str]) -> None:
        href = attrs.get("href", "")
        if tag == "a" and href.startswith("#gl-xref-") and self.pending is not None:
            group_id = href.removeprefix("#gl-xref-")
            self.page.markers.setdefault(f"xref:{group_id}", []).append(self.pending)
            self.pending = None

    def read(self, html: str) -> PageText:
        self.feed(html)
        self.close()
        self.page.text = "".join(self.parts).removesuffix(" ")
        return self.page


def read_page(html: str) -> PageText:
    """The page text of a converted body, and where its passages are marked."""
    return _Reader().read(html)


def annotation_collection(texts: tuple[Text, ...], annotations: Annotations,
                          bodies: dict[str, str], site: Site) -> dict:
    """The collection of every note and cross-reference that anchors in the converted `bodies`
    (text id -> the HTML of its body): the notes text by text in reading order, then the
    cross-references in the order of their file."""
    pages = {text.id: read_page(bodies[text.id]) for text in texts if text.id in bodies}
    items = [item for text in texts if text.id in pages
             for item in _notes(annotations.notes_of(text.id), pages[text.id], site.page(text.id),
                                site)]
    items += [item for group in annotations.crossrefs for item in _crossref(group, pages, site)]
    collection = site.address(COLLECTION)
    label = "Editorial notes and cross-references"
    found = {"@context": CONTEXT, "id": collection, "type": "AnnotationCollection",
             "label": f"{site.name}: {label.lower()}" if site.name else label, "total": len(items)}
    if items:  # a page holds one annotation at least
        page = f"{collection}#page-1"
        found |= {"first": {"id": page, "type": "AnnotationPage", "partOf": collection,
                            "startIndex": 0, "items": items}, "last": page}
    return found


def _notes(notes: tuple[Note, ...], page: PageText, address: str, site: Site) -> list[dict]:
    placed = sorted(((place, note) for note in notes if (place := page.note(note.id))),
                    key=lambda found: found[0][0])
    return [_note(note, _target(page, address, *place), site) for place, note in placed]


def _note(note: Note, target: dict, site: Site) -> dict:
    html = render_markdown(note.body).html
    if note.sources:
        html += f"<p>Sources: {linked_sources(note.sources)}</p>\n"
    body = [_body(html, "text/html", site)]
    if note.kind:
        body.append({**_body(note.kind, "text/plain", site), "purpose": "tagging"})
    return {"id": f"{site.address(COLLECTION)}#note-{note.id}", "type": "Annotation",
            "motivation": MOTIVATIONS.get(note.kind, NOTE_MOTIVATION), "body": body,
            "target": [target]}


def _crossref(group: CrossRef, pages: dict[str, PageText], site: Site) -> list[dict]:
    """The group as one annotation, if one of its passages at least anchors."""
    places: dict[int, tuple[int, int]] = {}
    for text_id in dict.fromkeys(passage.text for passage in group.passages):
        if text_id in pages:
            places |= pages[text_id].passages(group, text_id)
    targets = [_target(pages[passage.text], site.page(passage.text), *places[index])
               for index, passage in enumerate(group.passages) if index in places]
    if not targets:
        return []
    html = f"<p>{escape(group.title, quote=False)}</p>\n"
    html += render_markdown(group.summary).html if group.summary else ""
    return [{"id": f"{site.address(COLLECTION)}#xref-{group.id}", "type": "Annotation",
             "motivation": CROSSREF_MOTIVATION, "body": [_body(html, "text/html", site)],
             "target": targets}]


def _body(value: str, media_type: str, site: Site) -> dict:
    body = {"type": "TextualBody", "value": value, "format": media_type}
    return body | {"language": site.language} if site.language else body


def _target(page: PageText, address: str, start: int, end: int) -> dict:
    text = page.text
    return {"type": "SpecificResource", "source": address, "selector": [
        {"type": "TextQuoteSelector", "exact": text[start:end],
         "prefix": text[max(0, start - AROUND):start], "suffix": text[end:end + AROUND]},
        {"type": "TextPositionSelector", "start": start, "end": end},
    ]}


def serialise(collection: dict) -> str:
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def write_collection(site_dir: Path, collection: dict) -> Path:
    """`annotations.jsonld` at the root of the built site, as `serialise` gives it, written as
    it is encoded: held whole, the encoded collection of a large edition is millions of short
    strings (the build's peak memory at the benchmark's 500 texts: 601 MB so, 402 MB not)."""
    path = site_dir / COLLECTION
    with path.open("w", encoding="utf-8") as file:
        json.dump(collection, file, ensure_ascii=False, indent=2)
        file.write("\n")
    return path
