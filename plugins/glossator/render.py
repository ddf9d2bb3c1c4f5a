"""HTML and Markdown the engine adds around a text: page header, citation, home-page cards."""

from __future__ import annotations

import datetime
import functools
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from html import escape
from typing import Any

from markdown.util import AtomicString

from .model import CrossRef, Note, Term, Text

WORDS_PER_MINUTE = 230


def format_date(text: Text) -> str:
    """The date as a reader reads it; a qualified date says how sure it is."""
    if text.date_note:
        return text.date_note
    parts = [int(p) for p in text.date.split("-")]
    if len(parts) == 1:
        return text.date
    day = datetime.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    return day.strftime("%B %Y") if len(parts) == 2 else f"{day.day} {day:%B %Y}"


def format_authors(text: Text) -> str:
    if not text.authors:
        return "Author not named in the source"
    if len(text.authors) == 1:
        return text.authors[0]
    return ", ".join(text.authors[:-1]) + " and " + text.authors[-1]


def venue(text: Text) -> str:
    return ", ".join(v for v in (text.publication, text.issue, text.publisher) if v)


def reading_minutes(text: Text) -> int:
    return max(1, round(text.word_count / WORDS_PER_MINUTE))


def citation(text: Text, page_url: str = "") -> str:
    """A full citation in plain text, as a reader would paste it into a bibliography."""
    title = text.title + (f": {text.subtitle}" if text.subtitle else "")
    authors = format_authors(text) if text.authors else ""
    parts = [f"{authors}." if authors else "", f"“{title}.”", f"{venue(text)}," if venue(text) else "",
             f"{format_date(text)}."]
    if text.url:
        parts.append(f"{text.url}.")
    if page_url:
        parts.append(f"Annotated edition: {page_url}.")
    return " ".join(p for p in parts if p)


def _row(label: str, value_html: str) -> str:
    return f"<dt>{label}</dt><dd>{value_html}</dd>" if value_html else ""


def render_header(text: Text, *, page_url: str = "", witness_href: str = "") -> str:
    """The header of a text page: what the text is, where it comes from, how to cite it."""
    rubric = f'<p class="gl-rubric">{escape(text.rubric)}</p>' if text.rubric else ""
    subtitle = f'<p class="gl-subtitle">{escape(text.subtitle)}</p>' if text.subtitle else ""
    byline = escape(text.byline) if text.byline else escape(format_authors(text))
    original = (f'<a href="{escape(text.url)}" rel="noopener">{escape(text.url)}</a>'
                if text.url else "not known")
    abstract = (f'<div class="gl-abstract"><h2 class="gl-abstract__title">Abstract</h2>'
                f"<p>{escape(text.abstract)}</p></div>") if text.abstract else ""
    editorial = "".join(f"<li>{escape(e)}</li>" for e in text.editorial)
    witness = (f'<p>Transcribed from <a href="{escape(witness_href)}">the raw source text</a> '
               f"(the witness).</p>") if witness_href else ""
    return (
        f'<header class="gl-header">{rubric}<h1 class="gl-title">{escape(text.title)}</h1>'
        f'{subtitle}<p class="gl-byline">{byline}</p>'
        f'<dl class="gl-meta">'
        f"{_row('Author', escape(format_authors(text)))}"
        f"{_row('Published in', escape(venue(text)))}"
        f"{_row('Date', escape(format_date(text)))}"
        f"{_row('Original', original)}"
        f"{_row('Rights', escape(text.rights))}"
        f"{_row('Reading time', f'{reading_minutes(text)} min')}"
        f"</dl>"
        f'<details class="gl-cite"><summary>Cite this text</summary>'
        f'<p class="gl-cite__text">{escape(citation(text, page_url))}</p></details>'
        f'<details class="gl-editorial"><summary>About this transcription</summary>'
        f"{witness}<ul>{editorial}</ul></details>"
        f"{abstract}</header>"
    )


def render_cards(texts: tuple[Text, ...], link: dict[str, str]) -> str:
    """Material grid cards (Markdown) for the home page, one per text; `link` maps id to page path."""
    cards = []
    for text in texts:
        facts = " · ".join(v for v in (format_authors(text), venue(text), format_date(text)) if v)
        summary = " ".join(text.abstract.split()) if text.abstract else ""
        cards.append(
            f"-   **[{text.title}]({link[text.id]})**\n\n"
            f"    {facts}\n\n"
            + (f"    {summary}\n\n" if summary else "")
            + f"    *{reading_minutes(text)} min read*\n"
        )
    return '<div class="grid cards gl-cards" markdown>\n\n' + "\n".join(cards) + "\n</div>\n"


def _count(n: int, one: str, many: str) -> str:
    return f"{n:,} {one if n == 1 else many}"


def render_counts(annotations: Any, glossary: str, crossrefs: str) -> str:
    """The size of the apparatus, as counted in this build (Markdown for the home page)."""
    notes = _count(len(annotations.notes), "editorial note", "editorial notes")
    terms = _count(len(annotations.terms), "glossary term", "glossary terms")
    groups = _count(len(annotations.crossrefs), "cross-reference group", "cross-reference groups")
    return (f'<p class="gl-counts" markdown="span">The apparatus of this edition: **{notes}**, '
            f"**[{terms}]({glossary})** and **[{groups}]({crossrefs})** "
            "(counted when this site was built).</p>\n")


# --- The apparatus: elements the tree processor puts into a text's page -------------------

_MARKDOWN = None


@functools.lru_cache(maxsize=4096)  # a definition is rendered on every page its term is on
def render_markdown(source: str) -> str:
    """A note body or definition as HTML: CommonMark, raw HTML off, safe links only."""
    global _MARKDOWN
    if _MARKDOWN is None:
        from markdown_it import MarkdownIt

        _MARKDOWN = MarkdownIt("commonmark", {"html": False})
    return _MARKDOWN.render(source)


def _element(tag: str, attrs: dict[str, str] | None = None, text: str = "",
             *children: etree.Element) -> etree.Element:
    el = etree.Element(tag, attrs or {})
    if text:
        el.text = AtomicString(text)
    for child in children:
        el.append(child)
    return el


def _stashed(html: str, stash: Callable[[str], str], **attrs: str) -> etree.Element:
    return _element("div", {"class": "gl-body", **attrs}, stash(html))


def note_mark(note: Note) -> Callable[[bool], etree.Element]:
    return lambda first: _element("mark", {"class": "gl-note-mark", "data-note": note.id})


def note_marker(note: Note, letter: str) -> etree.Element:
    link = _element("a", {"class": "footnote-ref gl-note-ref", "href": f"#gl-note-{note.id}",
                          "aria-label": f"Editorial note {letter}"}, letter)
    return _element("sup", {"class": "gl-marker", "id": f"gl-noteref-{note.id}"}, "", link)


def crossref_mark(group: CrossRef, index: int) -> Callable[[bool], etree.Element]:
    """The passage's first piece carries the id that other pages link to."""
    def wrap(first: bool) -> etree.Element:
        mark = _element("mark", {"class": "gl-xref-mark"})
        if first:
            mark.set("id", f"x-{group.id}-{index}")
        return mark
    return wrap


def crossref_marker(group: CrossRef, text: Text, links: Any,
                    stash: Callable[[str], str]) -> etree.Element:
    """The ⇄ link on screen; on paper, "see <text>, ¶n" for each other passage."""
    link = _element("a", {"class": "footnote-ref gl-xref-ref", "href": f"#gl-xref-{group.id}",
                          "aria-label": f"Cross-reference: {group.title}"}, "⇄")
    others = "; ".join(f"{links.titles(p.text)}, {stash(paragraph_token(group.id, i))}"
                       for i, p in enumerate(group.passages) if p.text != text.id)
    on_paper = _element("span", {"class": "gl-print", "data-search-exclude": ""}, f" (see {others})")
    return _element("sup", {"class": "gl-marker gl-xref-marker"}, "", link, on_paper)


def term_link(term: Term, shown: str, links: Any) -> etree.Element:
    """The name a screen reader gives starts with the words shown (so voice control finds it)."""
    shown = " ".join(shown.split())
    label = f"Glossary: {term.term}" if shown == term.term else f"{shown}, glossary: {term.term}"
    return _element("a", {"class": "footnote-ref gl-term", "href": f"{links.glossary}#term-{term.id}",
                          "aria-label": label})


def sources_paragraph(sources: tuple[str, ...]) -> etree.Element:
    return _element("p", {"class": "gl-sources"}, "Sources: " + "; ".join(sources))


def notes_section(notes: list, letters: Iterator[str], stash: Callable[[str], str]) -> etree.Element:
    items = []
    for (note, _, _), letter in zip(notes, letters):
        label = _element("p", {"class": "gl-note-label"}, f"{letter}. " + (note.kind or "note"))
        parts = [label, _stashed(render_markdown(note.body), stash)]
        if note.sources:
            parts.append(sources_paragraph(note.sources))
        back = _element("a", {"class": "gl-backref", "href": f"#gl-noteref-{note.id}",
                              "aria-label": f"Back to the text of note {letter}"}, "↩")
        parts.append(_element("p", {"class": "gl-back"}, "", back))
        items.append(_element("li", {"id": f"gl-note-{note.id}"}, "", *parts))
    heading = _element("h2", {"id": "editorial-notes"}, "Editorial notes")
    return _element("section", {"class": "gl-notes"}, "", heading,
                    _element("ol", {"class": "gl-notes__list"}, "", *items))


def paragraph_token(group_id: str, index: int) -> str:
    """Stands for '¶n' of a passage until every page is rendered (see pages.fill)."""
    return f"<!--glossator:p:{group_id}:{index}-->"


def crossrefs_section(text: Text, groups: list[CrossRef], links: Any,
                      stash: Callable[[str], str]) -> etree.Element:
    items = []
    for group in dict.fromkeys(groups):
        others = []
        for index, passage in enumerate(group.passages):
            if passage.text == text.id:
                continue
            href = f"{links.texts(passage.text)}#x-{group.id}-{index}"
            target = _element("a", {"href": href}, f"{links.titles(passage.text)}, "
                              + stash(paragraph_token(group.id, index)))
            others.append(_element("li", {}, f"“{passage.quote.strip()}” — ", target))
        parts = [_element("p", {"class": "gl-xref-title"}, group.title)]
        if group.summary:
            parts.append(_element("p", {"class": "gl-xref-summary"}, group.summary))
        parts.append(_element("ul", {}, "", *others))
        items.append(_element("li", {"id": f"gl-xref-{group.id}"}, "", *parts))
    heading = _element("h2", {"id": "cross-references"}, "Cross-references")
    return _element("section", {"class": "gl-xrefs", "data-search-exclude": ""}, "", heading,
                    _element("ul", {"class": "gl-xrefs__list"}, "", *items))


def terms_section(terms: list[Term], links: Any, stash: Callable[[str], str]) -> etree.Element:
    items = []
    for term in terms:
        name = _element("p", {"class": "gl-term-name"}, term.term + (f" ({term.kind})" if term.kind else ""))
        parts = [name]
        other_forms = [form for form in term.forms if form != term.term]
        if other_forms:  # searchable: a reader who searches "CSTO" finds the texts that say "OCST"
            parts.append(_element("p", {"class": "gl-term-forms"}, "Also: " + ", ".join(other_forms)))
        entry = _element("a", {"href": f"{links.glossary}#term-{term.id}"}, "Glossary entry")
        parts += [_stashed(render_markdown(term.definition), stash, **{"data-search-exclude": ""}),
                  _element("p", {"class": "gl-term-more"}, "", entry)]
        items.append(_element("li", {"id": f"term-{term.id}"}, "", *parts))
    heading = _element("h2", {"id": "glossary-terms"}, "Glossary terms in this text")
    return _element("section", {"class": "gl-terms"}, "", heading,
                    _element("ul", {"class": "gl-terms__list"}, "", *items))
