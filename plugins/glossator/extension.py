"""Python-Markdown extension: the apparatus of a text page, applied to the element tree.

Numbers the paragraphs of a text (each number a permalink `#pN`) and heads the author's
notes. It knows nothing of MkDocs: whoever renders a page tells it which text that is.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .apparatus import Links, Record, TermMatcher, annotate
from .model import Annotations, Text

# Containers whose paragraphs are not the text's own: apparatus, editorial boxes, figures.
UNNUMBERED_CLASSES = {"footnote", "admonition", "gl-figure", "gl-header"}
NUMBERED = {"p", "li"}


def _skipped(el: etree.Element) -> bool:
    return bool(UNNUMBERED_CLASSES & set((el.get("class") or "").split()))


def number_paragraphs(root: etree.Element) -> int:
    """Give every paragraph (and every list item without paragraphs) an id `pN` and a margin link."""
    count = 0

    def walk(parent: etree.Element) -> None:
        nonlocal count
        for el in parent:
            if _skipped(el):
                continue
            if el.tag in NUMBERED and not (el.tag == "li" and el.find("p") is not None):
                count += 1
                mark_paragraph(el, count)
            walk(el)

    walk(root)
    return count


def mark_paragraph(el: etree.Element, n: int) -> None:
    el.set("id", f"p{n}")
    el.set("class", " ".join(filter(None, [el.get("class"), "gl-para"])))
    # The number is drawn by CSS from data-n, so it stays out of the text, its search index and
    # copied quotations; screen readers get the label.
    link = etree.Element("a", {"class": "gl-pnum", "href": f"#p{n}", "data-n": str(n),
                               "aria-label": f"Paragraph {n}", "title": f"Link to paragraph {n}"})
    link.tail, el.text = el.text, None
    el.insert(0, link)


def head_notes(root: etree.Element) -> None:
    """Put a 'Notes' heading over the author's notes (the footnotes list)."""
    for div in root.iter("div"):
        if "footnote" in (div.get("class") or "").split():
            heading = etree.Element("h2", {"id": "notes", "class": "gl-notes-title"})
            heading.text = "Notes"
            div.insert(0, heading)
            return


class ApparatusProcessor(Treeprocessor):
    def __init__(self, md: Markdown, extension: GlossatorExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        ext = self.extension
        if ext.text is None:
            return
        number_paragraphs(root)
        head_notes(root)
        annotate(root, ext.text, ext.annotations, ext.matcher, ext.links,
                 self.md.htmlStash.store, ext.record, resolve_only=ext.resolve_only)


class GlossatorExtension(Extension):
    """Converts the pages of one edition.

    Before converting a page of a text, set `text` (None for other pages) and `links`; what
    the pages resolve accumulates in `record`.
    """

    def __init__(self, annotations: Annotations | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self.annotations = annotations or Annotations()
        self.matcher = TermMatcher(self.annotations.terms)
        self.record = Record()
        self.text: Text | None = None
        self.links = Links("", lambda text_id: "", lambda text_id: text_id)
        self.resolve_only = False  # True: only find the quotes (what `glossator check` needs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline patterns (20), so that it sees the text as a reader will, and after
        # footnotes (50) appended the notes list; before toc (5), so that 'Notes' is in the
        # table of contents.
        md.treeprocessors.register(ApparatusProcessor(md, self), "glossator", 12)
