"""The HTML the engine adds to a text's page: its contributors' Markdown, rendered and checked
by one renderer, and the apparatus (marks, markers, and the lists at the end of the page).

The apparatus is made of elements, so that MkDocs rewrites and checks their links (Markdown
paths, from `PageLinks`) and finds their ids; a rendered body or definition is stashed whole
in its element. What depends on every text (the paragraph of another text's passage) is a
`token`, filled in once every page is converted (`pages.fill`).
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from dataclasses import dataclass
from html import escape, unescape
from typing import Any

from markdown.util import AtomicString
from markdown_it import MarkdownIt

from .model import CrossRef, Note, PageLinks, Term, Text

SAFE_SCHEMES = ("http", "https", "mailto")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
_IGNORED_IN_URLS = re.compile("[\t\n\r]")  # a browser drops these wherever they are


def link_scheme(url: str) -> str:
    """The scheme a browser sees in an address ('' for a relative one): character references
    decoded, the characters it ignores dropped."""
    url = _IGNORED_IN_URLS.sub("", unescape(url)).lstrip("".join(map(chr, range(33))))
    match = _SCHEME.match(url)
    return match.group(1).lower() if match else ""


LINKS_HINT = "links may go to http://, https://, mailto: or a #place on the same page"


def unsafe_link(url: str) -> tuple[str, str] | None:
    """(message, hint) if a contributor's link may not go where `url` points. A path is not
    allowed either: a note is shown on pages at different depths, and a text's paths would be
    checked against the site's files only by the build, not by `glossator check`."""
    scheme = link_scheme(url)
    if scheme and scheme not in SAFE_SCHEMES:
        return f"link with an unsafe scheme '{scheme}:' ({url[:40]!r})", LINKS_HINT
    if not scheme and not url.strip().startswith("#"):
        return f"link to a path, not an address: {url[:40]!r}", LINKS_HINT
    return None


_ADDRESS = re.compile(r"https?://[^\s<>\"']+[^\s<>\"'.,;:)\]]")


def linked_sources(sources: tuple[str, ...]) -> str:
    """A note's or term's sources as HTML: each source escaped, its web addresses made links."""
    def one(source: str) -> str:
        out, last = [], 0
        for m in _ADDRESS.finditer(source):
            url = m.group()
            out += [escape(source[last:m.start()]),
                    f'<a href="{escape(url)}" rel="noopener">{escape(url)}</a>']
            last = m.end()
        return "".join(out) + escape(source[last:])
    return "; ".join(one(s) for s in sources)


@dataclass(frozen=True)
class Rendered:
    """A contributor's Markdown as HTML, and what is wrong with it (line offset from the first
    line, message, hint)."""

    html: str
    problems: tuple[tuple[int, str, str], ...] = ()


def _as_text(renderer: Any, tokens: list, index: int, options: Any, env: Any) -> str:
    return escape(tokens[index].content, quote=False)


# One CommonMark parser renders every note body, definition and summary, and the same parse
# says what is wrong: raw HTML is parsed (so that it is seen) and written out as text; every
# link is parsed (so that it is judged) and one that may not be followed loses its address.
_MARKDOWN = MarkdownIt("commonmark", {"html": True})
_MARKDOWN.validateLink = lambda url: True
_MARKDOWN.add_render_rule("html_inline", _as_text)
_MARKDOWN.add_render_rule("html_block", _as_text)


def _judge(token: Any) -> tuple[str, str] | None:
    """What is wrong with one token, which is made harmless on the way."""
    if token.type in ("html_inline", "html_block"):
        tag = token.content.strip().splitlines()[0][:40] if token.content.strip() else "<"
        return (f"raw HTML is not allowed: {tag!r}",
                "use Markdown instead (**bold**, *italic*, [text](https://...))")
    if token.type == "image":
        token.type = "text"  # its words (the alt text) stay; nothing is loaded
        return ("images are not allowed", "describe the image in words, or link to it")
    if token.type == "link_open":
        problem = unsafe_link(str(token.attrs.get("href", "")))
        if problem:
            token.attrs.pop("href", None)
            return problem
        if token.attrs.pop("title", None) is not None:
            # The theme shows a title as a tooltip, as HTML.
            return ("link titles are not allowed", 'write [words](https://...) without "a title"')
    return None


# Rendered when loading checks it, again on every page its note or term is on: kept from the
# first time (tens of thousands of bodies at the most, a few megabytes).
@functools.lru_cache(maxsize=None)
def render_markdown(source: str) -> Rendered:
    """A note body, definition or summary: CommonMark, raw HTML shown as text, no image, links
    only http, https, mailto or relative."""
    tokens = _MARKDOWN.parse(source)
    problems = []
    for token in tokens:
        for child in [token, *(token.children or ())]:
            problem = _judge(child)
            if problem:
                problems.append((token.map[0] if token.map else 0, *problem))
    return Rendered(_MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {}), tuple(problems))


# --- The apparatus --------------------------------------------------------------------------

Stash = Callable[[str], str]  # raw HTML -> the placeholder that stands for it in the tree
Label = Callable[[str], str]  # text id -> how a list names the text ('Laruelle 2015')
NOT_SEARCHED = {"data-search-exclude": ""}  # what the search index does not read


def token(kind: str, key: str) -> str:
    """Stands for what depends on every page until all are converted (see pages.fill)."""
    return f"<!--glossator:{kind}:{key}-->"


def _element(tag: str, attrs: dict[str, str] | None = None, text: str = "",
             *children: etree.Element) -> etree.Element:
    el = etree.Element(tag, attrs or {})
    if text:
        el.text = AtomicString(text)
    for child in children:
        el.append(child)
    return el


def _stashed(tag: str, attrs: dict[str, str], html: str, stash: Stash) -> etree.Element:
    """An element that holds rendered HTML."""
    el = etree.Element(tag, attrs)
    el.text = stash(html)
    return el


def note_mark(note: Note) -> Callable[[bool], etree.Element]:
    return lambda first: _element("mark", {"class": "gl-note-mark", "data-note": note.id})


def note_marker(note: Note, letter: str) -> etree.Element:
    link = _element("a", {"class": "footnote-ref gl-note-ref", "href": f"#gl-note-{note.id}",
                          "aria-label": f"Editorial note {letter}"}, letter)
    return _element("sup", {"class": "gl-marker", "id": f"gl-noteref-{note.id}", **NOT_SEARCHED},
                    "", link)


def crossref_mark(group: CrossRef, index: int) -> Callable[[bool], etree.Element]:
    """The passage's first piece carries the id that other pages link to."""
    def wrap(first: bool) -> etree.Element:
        mark = _element("mark", {"class": "gl-xref-mark"})
        if first:
            mark.set("id", f"x-{group.id}-{index}")
        return mark
    return wrap


def crossref_marker(group: CrossRef, text: Text, label: Label, stash: Stash) -> etree.Element:
    """The ⇄ link on screen; on paper, "see <text>, ¶n" for each other passage."""
    link = _element("a", {"class": "footnote-ref gl-xref-ref", "href": f"#gl-xref-{group.id}",
                          "aria-label": f"Cross-reference: {group.title}"}, "⇄")
    others = "; ".join(f"{label(p.text)}, {stash(token('p', f'{group.id}:{i}'))}"
                       for i, p in enumerate(group.passages) if p.text != text.id)
    on_paper = _element("span", {"class": "gl-print"}, f" (see {others})")
    return _element("sup", {"class": "gl-marker gl-xref-marker", **NOT_SEARCHED}, "", link, on_paper)


def term_link(term: Term, shown: str, links: PageLinks) -> etree.Element:
    """The name a screen reader gives starts with the words shown (so voice control finds it)."""
    shown = " ".join(shown.split())
    label = f"Glossary: {term.term}" if shown == term.term else f"{shown}, glossary: {term.term}"
    return _element("a", {"class": "footnote-ref gl-term", "href": links.term(term.id),
                          "aria-label": label})


def _section(css_class: str, heading_id: str, heading: str, items: list[etree.Element],
             list_tag: str, **attrs: str) -> etree.Element:
    """A list at the end of the page, under a heading of the table of contents."""
    return _element("section", {"class": css_class, **attrs}, "",
                    _element("h2", {"id": heading_id, **attrs}, heading),
                    _element(list_tag, {"class": f"{css_class}__list"}, "", *items))


LEMMA_WORDS = 12  # a longer quote is shortened to its first and last words


def lemma(quote: str) -> str:
    """The quoted words a note is about, as a printed apparatus gives them: "first … last"."""
    words = quote.split()
    if len(words) <= LEMMA_WORDS:
        return " ".join(words)
    return " ".join(words[:LEMMA_WORDS // 2]) + " … " + " ".join(words[-(LEMMA_WORDS // 2 - 2):])


def _place(paragraph: int, back: str) -> etree.Element:
    """Where the annotated words stand: their paragraph, or their marker if no paragraph is
    numbered there (the author's notes)."""
    if paragraph:
        return _element("a", {"class": "gl-place", "href": f"#p{paragraph}"}, f"¶{paragraph}")
    return _element("a", {"class": "gl-place", "href": back}, "in the notes")


def notes_section(notes: list[tuple[Note, int, str]], stash: Stash) -> etree.Element:
    """Each note keyed as a printed edition keys it: siglum, ¶, the quoted words ], kind."""
    items = []
    for note, paragraph, letter in notes:
        key = _element("p", {"class": "gl-note-label"}, "",
                       _element("span", {"class": "gl-siglum"}, letter),
                       _place(paragraph, f"#gl-noteref-{note.id}"),
                       _element("span", {"class": "gl-lemma"}, f"{lemma(note.anchor.quote)} ]"),
                       _element("span", {"class": "gl-note-kind"}, note.kind or "note"))
        item = _element("li", {"id": f"gl-note-{note.id}"}, "", key,
                        _stashed("div", {"class": "gl-body"}, render_markdown(note.body).html, stash))
        if note.sources:
            item.append(_stashed("p", {"class": "gl-sources"},
                                 "Sources: " + linked_sources(note.sources), stash))
        back = _element("a", {"class": "gl-backref", "href": f"#gl-noteref-{note.id}",
                              "aria-label": f"Back to the text of note {letter}"}, "↩")
        item.append(_element("p", {"class": "gl-back", **NOT_SEARCHED}, "", back))
        items.append(item)
    return _section("gl-notes", "editorial-notes", "Editorial notes", items, "ol")


def crossrefs_section(text: Text, groups: list[CrossRef], links: PageLinks, label: Label,
                      stash: Stash) -> etree.Element:
    """Each group of the text on one line: its title, a link to it on the cross-references
    page, and the other texts' passages. Its summary and the other passages' words are kept
    hidden for the popover or sheet its ⇄ opens (apparatus.js); the words are the texts',
    which the search index reads on their own pages."""
    items = []
    for group in dict.fromkeys(groups):
        places, quotes = [], _element("ul", {"class": "gl-xref-quotes"})
        for index, passage in enumerate(group.passages):
            if passage.text == text.id:
                continue
            href = f"{links.text(passage.text)}#x-{group.id}-{index}"
            where = f"{label(passage.text)}, {stash(token('p', f'{group.id}:{index}'))}"
            places.append(_element("a", {"href": href}, where))
            quotes.append(_element("li", {}, f"“{passage.quote.strip()}” — ",
                                   _element("a", {"href": href}, where)))
        for place in places[:-1]:
            place.tail = "; "
        line = _element("p", {"class": "gl-xref-title"}, "",
                        _element("a", {"class": "gl-xref-name", "href": links.crossref(group.id)},
                                 group.title),
                        _element("span", {"class": "gl-xref-places"}, "", *places))
        card = _element("div", {"class": "gl-xref-card", "hidden": ""})
        if group.summary:
            card.append(_stashed("div", {"class": "gl-xref-summary"},
                                 render_markdown(group.summary).html, stash))
        card.append(quotes)
        items.append(_element("li", {"id": f"gl-xref-{group.id}"}, "", line, card))
    section = _section("gl-xrefs", "cross-references", "Cross-references", items, "ul", **NOT_SEARCHED)
    # Folded: the ⇄ in the text opens each; the list is an index (a browser unfolds it to
    # follow a link into it).
    listed = section[1]
    fold = _element("details", {"class": "gl-xrefs__fold"}, "",
                    _element("summary", {}, f"{len(items)} matter{'s' * (len(items) != 1)} the other "
                                            "texts also speak of"), listed)
    section.remove(listed)
    section.append(fold)
    return section


def terms_section(terms: list[Term], links: PageLinks, stash: Stash) -> etree.Element:
    """A compact list of the terms linked in the text, each a link to its glossary entry. The
    definition is kept hidden for the sheet or popover that opens on the term (apparatus.js);
    the other forms are kept for search: a reader who searches "CSTO" finds the texts that
    say "OCST"."""
    items = []
    for term in terms:
        item = _element("li", {"id": f"term-{term.id}"}, "",
                        _element("a", {"class": "gl-term-name", "href": links.term(term.id)}, term.term))
        other_forms = [form for form in term.forms if form != term.term]
        hidden = {"hidden": "", "class": "gl-term-card"}
        card = _element("div", hidden, "", _element("p", {"class": "gl-term-head"},
                        term.term + (f" ({term.kind})" if term.kind else "")))
        if other_forms:
            card.append(_element("p", {"class": "gl-term-forms"}, "Also: " + ", ".join(other_forms)))
        card.append(_stashed("div", {"class": "gl-body", **NOT_SEARCHED},
                             render_markdown(term.definition).html, stash))
        item.append(card)
        items.append(item)
    return _section("gl-terms", "glossary-terms", "Glossary terms in this text", items, "ul")
