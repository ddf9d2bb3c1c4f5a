"""Python-Markdown extension: the apparatus of a text page, applied to the element tree.

Numbers the paragraphs of a text (each number a permalink `#pN`) and heads the author's
notes. It knows nothing of MkDocs: whoever renders a page tells it which text that is.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from html import escape

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from . import guard
from .apparatus import Links, Record, TermMatcher, annotate
from .model import Annotations, Problem, Text, Where

# Containers whose paragraphs are not the text's own: apparatus, editorial boxes, figures.
UNNUMBERED_CLASSES = {"footnote", "admonition", "gl-figure", "gl-header"}
NUMBERED = {"p", "li"}
# What the search index should not read: paragraph links, markers (their letters and arrows),
# the back links of the editorial notes, and the cross-reference lists (excluded anyway).
# Marked passages and term links are read as the words they hold.
SEARCH_DROPPED = {"gl-pnum", "gl-marker", "gl-back", "gl-xrefs"}
SEARCH_UNWRAPPED = {"gl-note-mark", "gl-xref-mark", "gl-term"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr"}


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


def search_view(root: etree.Element, stashed: dict[str, str]) -> str:
    """The page as its search index should read it: the text's words, the editorial notes and
    the glossary forms, without the apparatus's links and markers.

    Serialised from the finished tree, still holding Python-Markdown's placeholders; a paragraph
    that holds only a placeholder found in `stashed` is read as the value there. The search
    index parses every tag it is given, so what it need not read is left out here.
    """
    out: list[str] = [escape(root.text, quote=False)] if root.text else []

    def walk(parent: etree.Element) -> None:
        for el in parent:
            classes = set((el.get("class") or "").split())
            if not isinstance(el.tag, str) or classes & SEARCH_DROPPED or "data-search-exclude" in el.attrib:
                pass  # a comment, or left out: only its tail is read
            elif el.tag == "p" and el.text in stashed and not len(el):
                out.append(stashed[el.text])
            elif classes & SEARCH_UNWRAPPED:
                if el.text:
                    out.append(escape(el.text, quote=False))
                walk(el)
            else:
                attributes = "".join(f' {k}="{escape(v)}"' for k, v in el.items())
                out.append(f"<{el.tag}{attributes}>")
                if el.text:
                    out.append(escape(el.text, quote=False))
                walk(el)
                if el.tag not in VOID:
                    out.append(f"</{el.tag}>")
            if el.tail:
                out.append(escape(el.tail, quote=False))

    walk(root)
    return "".join(out)


class _EditionProcessor(Treeprocessor):
    """A tree processor that reads and leaves its state on the edition's extension."""

    def __init__(self, md: Markdown, extension: GlossatorExtension) -> None:
        super().__init__(md)
        self.extension = extension


class ApparatusProcessor(_EditionProcessor):
    def run(self, root: etree.Element) -> None:
        ext = self.extension
        if ext.text is None:
            return
        number_paragraphs(root)
        head_notes(root)
        ext.search_stash = {}
        ext.list_ids = annotate(root, ext.text, ext.annotations, ext.matcher, ext.links,
                                self.stash, ext.record, resolve_only=ext.resolve_only)

    def stash(self, html: str, search: str | None = None) -> str:
        """A placeholder for `html`; the search index will read `search` there instead."""
        placeholder = self.md.htmlStash.store(html)
        if search is not None:
            self.extension.search_stash[placeholder] = search
        return placeholder


class SearchViewProcessor(_EditionProcessor):
    """Keeps `search_view` of a text's finished page on the extension, placeholders resolved."""

    def run(self, root: etree.Element) -> None:
        ext = self.extension
        if ext.text is None or ext.resolve_only:
            ext.search_view = None
            return
        view = search_view(root, ext.search_stash)
        for postprocessor in self.md.postprocessors:  # what `Markdown.convert` does to the page
            view = postprocessor.run(view)
        ext.search_view = view


class SourceProcessor(Preprocessor):
    """Keeps the Markdown of a text as written, so that problems can say on which line."""

    def __init__(self, md: Markdown, extension: GlossatorExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension.source = "\n".join(lines)
        return lines


class GlossatorExtension(Extension):
    """Converts the pages of one edition.

    Before converting a page of a text, set `text` (None for other pages) and `links`; what
    the pages resolve accumulates in `record`.
    """

    def __init__(self, annotations: Annotations | None = None, *, resolve_only: bool = False,
                 **kwargs) -> None:
        super().__init__(**kwargs)
        self.annotations = annotations or Annotations()
        # resolve_only: find the quotes and add nothing (what `glossator check` needs); the
        # processors after this one still see the page (an attribute list is found there).
        self.resolve_only = resolve_only
        self.matcher = TermMatcher(() if resolve_only else self.annotations.terms)
        self.record = Record()
        self.text: Text | None = None
        self.links = Links("", "", lambda text_id: "", lambda text_id: text_id)
        self.search_view: str | None = None  # the last text page as its search index should read it
        self.search_stash: dict[str, str] = {}  # placeholder -> what the index reads there
        self.list_ids: set[str] = set()  # ids in the last text page's stashed lists
        self.source = ""  # the Markdown of the page being converted

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
        self.record.problems.append(Problem(self.where(written), message, hint))

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.glossator = self  # how a fence formatter (figure.format_timeline) reports its problems
        # First of all, before whitespace is normalised: the lines as the file has them.
        md.preprocessors.register(SourceProcessor(md, self), "glossator-source", 40)
        guard.install(md, guard.Guarded(lambda: self.text is not None, self.report))
        # After inline patterns (20), so that it sees the text as a reader will, and after
        # footnotes (50) appended the notes list; before toc (5), so that 'Notes' is in the
        # table of contents.
        md.treeprocessors.register(ApparatusProcessor(md, self), "glossator", 12)
        # Last of all (toc and attr_list set the heading ids the index links to; unescape is 0).
        md.treeprocessors.register(SearchViewProcessor(md, self), "glossator-search", -10)
