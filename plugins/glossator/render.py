"""HTML and Markdown the engine adds around a text: page header, citation, home-page cards."""

from __future__ import annotations

import datetime
import functools
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape, unescape
from typing import Any

from markdown.util import AtomicString
from markdown_it import MarkdownIt

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
    """Material grid cards for the home page, one per text; `link` maps id to the page's URL."""
    cards = []
    for text in texts:
        facts = " · ".join(v for v in (format_authors(text), venue(text), format_date(text)) if v)
        summary = " ".join(text.abstract.split())
        cards.append(
            f'<li><p><strong><a href="{escape(link[text.id])}">{escape(text.title)}</a></strong></p>'
            f"<p>{escape(facts)}</p>" + (f"<p>{escape(summary)}</p>" if summary else "")
            + f"<p><em>{reading_minutes(text)} min read</em></p></li>\n"
        )
    return f'<div class="grid cards gl-cards">\n<ul>\n{"".join(cards)}</ul>\n</div>'


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


# --- The apparatus: what the tree processor puts into a text's page -----------------------
# Markers go into the element tree (they sit inside the text). The lists at the end of a page
# are HTML strings, stashed whole: nothing later in the Markdown pipeline needs to walk them.
# Links in those lists are therefore URLs, not Markdown paths.
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


@dataclass(frozen=True)
class Rendered:
    """A contributor's Markdown as HTML, as words (what the search index reads), and what is
    wrong with it (line offset from the first line, message, hint)."""

    html: str
    words: str
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


@functools.lru_cache(maxsize=4096)  # a definition is rendered on every page its term is on
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
    html = _MARKDOWN.renderer.render(tokens, _MARKDOWN.options, {})
    return Rendered(html, _words(tokens), tuple(problems))


def _words(tokens: list) -> str:
    return " ".join(
        "".join(" " if c.type in ("softbreak", "hardbreak") else c.content
                for c in t.children or () if c.type in ("text", "code_inline", "softbreak", "hardbreak"))
        for t in tokens if t.type == "inline"
    )


def _element(tag: str, attrs: dict[str, str] | None = None, text: str = "",
             *children: etree.Element) -> etree.Element:
    el = etree.Element(tag, attrs or {})
    if text:
        el.text = AtomicString(text)
    for child in children:
        el.append(child)
    return el


def _text(value: str) -> str:
    return escape(value, quote=False)


Stash = Callable[..., str]  # stash(html, search=None): a placeholder; `search` is what the index reads


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


def crossref_marker(group: CrossRef, text: Text, links: Any, stash: Stash) -> etree.Element:
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


def _section(css_class: str, heading_id: str, heading: str, html: str, search: str,
             stash: Stash, **attrs: str) -> etree.Element:
    """A heading in the tree (so that it is in the table of contents), its list stashed."""
    return _element("section", {"class": css_class, **attrs}, "",
                    _element("h2", {"id": heading_id}, heading),
                    _element("p", {}, stash(html, search)))


def notes_section(notes: list, letters: Iterator[str], stash: Stash) -> etree.Element:
    items, index = [], []
    for (note, _, _), letter in zip(notes, letters):
        label = _text(f"{letter}. {note.kind or 'note'}")
        body = render_markdown(note.body)
        sources = _text("Sources: " + "; ".join(note.sources)) if note.sources else ""
        items.append(
            f'<li id="gl-note-{note.id}"><p class="gl-note-label">{label}</p>'
            f'<div class="gl-body">{body.html}</div>'
            + (f'<p class="gl-sources">{sources}</p>' if sources else "")
            + f'<p class="gl-back"><a class="gl-backref" href="#gl-noteref-{note.id}" '
            f'aria-label="Back to the text of note {letter}">↩</a></p></li>\n'
        )
        index.append(f"<li>{label}: {_text(body.words)} {sources}</li>")
    return _section("gl-notes", "editorial-notes", "Editorial notes",
                    f'<ol class="gl-notes__list">\n{"".join(items)}</ol>',
                    f"<ol>{''.join(index)}</ol>", stash)


def paragraph_token(group_id: str, index: int) -> str:
    """Stands for '¶n' of a passage until every page is rendered (see pages.fill)."""
    return f"<!--glossator:p:{group_id}:{index}-->"


def crossrefs_section(text: Text, groups: list[CrossRef], links: Any, stash: Stash) -> etree.Element:
    items = []
    for group in dict.fromkeys(groups):
        others = "".join(
            f"<li>“{_text(passage.quote.strip())}” — "
            f'<a href="{escape(links.texts(passage.text))}#x-{group.id}-{index}">'
            f"{_text(links.titles(passage.text))}, {paragraph_token(group.id, index)}</a></li>"
            for index, passage in enumerate(group.passages) if passage.text != text.id
        )
        summary = (f'<div class="gl-xref-summary">{render_markdown(group.summary).html}</div>'
                   if group.summary else "")
        items.append(f'<li id="gl-xref-{group.id}"><p class="gl-xref-title">{_text(group.title)}</p>'
                     f"{summary}<ul>{others}</ul></li>\n")
    return _section("gl-xrefs", "cross-references", "Cross-references",
                    f'<ul class="gl-xrefs__list">\n{"".join(items)}</ul>', "", stash,
                    **{"data-search-exclude": ""})


def terms_section(terms: list[Term], links: Any, stash: Stash) -> etree.Element:
    items, index = [], []
    for term in terms:
        name = _text(term.term + (f" ({term.kind})" if term.kind else ""))
        other_forms = [form for form in term.forms if form != term.term]
        # Searchable: a reader who searches "CSTO" finds the texts that say "OCST".
        forms = _text("Also: " + ", ".join(other_forms)) if other_forms else ""
        items.append(
            f'<li id="term-{term.id}"><p class="gl-term-name">{name}</p>'
            + (f'<p class="gl-term-forms">{forms}</p>' if forms else "")
            + f'<div class="gl-body" data-search-exclude="">{render_markdown(term.definition).html}</div>'
            f'<p class="gl-term-more"><a href="{escape(links.glossary_url)}#term-{term.id}">'
            "Glossary entry</a></p></li>\n"
        )
        index.append(f"<li>{name}. {forms}</li>")
    return _section("gl-terms", "glossary-terms", "Glossary terms in this text",
                    f'<ul class="gl-terms__list">\n{"".join(items)}</ul>',
                    f"<ul>{''.join(index)}</ul>", stash)
