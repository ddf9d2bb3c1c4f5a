"""Python-Markdown extension: the apparatus of a text page, applied to the element tree.

Numbers the paragraphs of a text (each number a permalink `#pN`) and heads the author's
notes. It knows nothing of MkDocs: whoever renders a page tells it which text that is.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .model import Text

# Containers whose paragraphs are not the text's own: apparatus, editorial boxes, figures.
SKIP_CLASSES = {"footnote", "admonition", "gl-figure", "gl-header"}
NUMBERED = {"p", "li"}


def _skipped(el: etree.Element) -> bool:
    return bool(SKIP_CLASSES & set((el.get("class") or "").split()))


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
        if self.extension.text is None:
            return
        number_paragraphs(root)
        head_notes(root)


class GlossatorExtension(Extension):
    """Set `text` before converting a page of that text; leave it None for other pages."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.text: Text | None = None

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        # After inline patterns (20), so that it sees the text as a reader will, and after
        # footnotes (50) appended the notes list; before toc (5), so that 'Notes' is in the
        # table of contents.
        md.treeprocessors.register(ApparatusProcessor(md, self), "glossator", 12)
