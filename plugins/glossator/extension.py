"""Python-Markdown extension: the apparatus of a text page, applied to the element tree.

Numbers the paragraphs of a text (each number a permalink `#pN`), heads the author's notes,
anchors the annotations (apparatus.annotate) and guards what a text's Markdown may hold
(guard). It knows nothing of MkDocs: whoever converts a page says which text it is (`begin`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import HTML_PLACEHOLDER_RE

from . import guard
from .apparatus import TermMatcher, annotate
from .load import read_body
from .model import Annotations, PageLinks, Problem, Resolved, Text, Where

# Containers whose paragraphs are not the text's own: apparatus, editorial boxes, figures.
UNNUMBERED_CLASSES = {"footnote", "admonition", "gl-figure", "gl-header"}
NUMBERED = {"p", "li"}


def _skipped(el: etree.Element) -> bool:
    """Not a paragraph of the text: an editorial container, or a block of HTML alone in its
    paragraph (a chart: the paragraph is dropped around it, and a number would mark nothing)."""
    stashed_block = (el.tag == "p" and len(el) == 0
                     and HTML_PLACEHOLDER_RE.fullmatch((el.text or "").strip()) is not None)
    return stashed_block or bool(UNNUMBERED_CLASSES & set((el.get("class") or "").split()))


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
        annotate(root, ext.text, ext.annotations, ext.matcher, ext.links, ext.label,
                 self.md.htmlStash.store, ext.resolved, resolve_only=ext.resolve_only)


class SourceProcessor(Preprocessor):
    """Keeps the Markdown of a text as written, so that problems can say on which line."""

    def __init__(self, md: Markdown, extension: GlossatorExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.source = "\n".join(lines)
        return lines


class GlossatorExtension(Extension):
    """Converts the pages of one edition: before each page, `begin` says which text it is
    (None for the other pages) and where it is; what the texts resolve gathers in `resolved`."""

    def __init__(self, annotations: Annotations | None = None, texts: tuple[Text, ...] = (), *,
                 resolve_only: bool = False, **kwargs) -> None:
        super().__init__(**kwargs)
        self.annotations = annotations or Annotations()
        self.labels = {t.id: t.label for t in texts}
        # resolve_only: find the quotes and add nothing (what `glossator check` needs); the
        # processors after this one still see the page (an attribute list is found there).
        self.resolve_only = resolve_only
        self.matcher = TermMatcher(() if resolve_only else self.annotations.terms)
        self.resolved = Resolved()
        self.text: Text | None = None
        self.links = PageLinks()
        self.source = ""  # the Markdown of the page being converted

    def begin(self, text: Text | None, links: PageLinks) -> None:
        self.text, self.links, self.source = text, links, ""

    def label(self, text_id: str) -> str:
        return self.labels.get(text_id, text_id)

    def where(self, written: str) -> Where:
        """The line of the current text that holds `written` (the body's first line if none does)."""
        assert self.text is not None
        index = self.source.find(written) if written else -1
        if index < 0 and written.strip():
            index = self.source.find(written.strip().splitlines()[0])
        offset = self.source.count("\n", 0, index) if index >= 0 else 0
        return Where(self.text.where.path, self.text.body_line + offset)

    def report(self, written: str, message: str, hint: str) -> None:
        """A problem of the current text, at the line where `written` stands."""
        assert self.text is not None
        self.resolved.problems.setdefault(self.text.id, []).append(
            Problem(self.where(written), message, hint))

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.glossator = self  # how a fence formatter (figure.format_timeline) reports its problems
        # First of all, before whitespace is normalised: the lines as the file has them.
        md.preprocessors.register(SourceProcessor(md, self), "glossator-source", 40)
        guard.install(md, guard.Guarded(lambda: self.text is not None, self.report))
        # After inline patterns (20), so that it sees the text as a reader will, and after
        # footnotes (50) appended the notes list; before toc (5), so that 'Notes' is in the
        # table of contents, and before MkDocs' link rewriting, which checks the links it adds.
        md.treeprocessors.register(ApparatusProcessor(md, self), "glossator", 12)


def convert_texts(texts: tuple[Text, ...], extension: GlossatorExtension, extensions: list,
                  configs: dict) -> dict[str, str]:
    """Each text's body converted as the build converts it (text id -> HTML), outside MkDocs:
    `glossator check`, `export` and `--fix` (which adds an extension of its own)."""
    md = Markdown(extensions=[*extensions, extension], extension_configs=configs)
    bodies = {}
    for text in texts:
        extension.begin(text, PageLinks(f"texts/{text.id}.md"))
        md.reset()
        bodies[text.id] = md.convert(read_body(text))
    return bodies
