"""The generated pages (glossary, cross-references), the home page's cards and counts, and the
filling of what depends on every text.

The generated pages' Markdown holds headings (so that they are in the table of contents) and
comment tokens. A contributor's words reach that Markdown only as `markdown_text`, which no
Markdown can come out of. The HTML of a glossary entry, a summary or a group of passages takes
the place of its token as soon as the page is converted (`expand`). What depends on every text
(where a term occurs, which paragraph a passage is in) is filled in once every page is
converted (`fill`, in the plugin's `on_env`), as the lists of places, which the search index
does not read.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from .header import format_authors, format_date, reading_minutes, venue
from .model import Annotations, CrossRef, Resolved, Term, Text
from .render import Label, render_markdown, token

GLOSSARY = "glossary.md"
CROSSREFS = "crossrefs.md"
TOKEN = re.compile(r"<!--glossator:(\w+):([^>]*?)-->")

KIND_HEADINGS = {  # in this order; the kinds are load.TERM_KINDS
    "organisation": "Organisations", "treaty": "Treaties and agreements",
    "concept": "Policies and concepts", "currency": "Currencies", "person": "People",
    "group": "Peoples and groups", "place": "Places", "event": "Events", "": "Other terms",
}


def markdown_text(value: str) -> str:
    """Plain text as Markdown that renders as exactly these words, on one line: every character
    but letters, digits and spaces is written as a character reference, so none can start
    emphasis, a link, an attribute list or raw HTML."""
    return "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in " ".join(value.split()))


def glossary_markdown(annotations: Annotations) -> str:
    lines = ["# Glossary", "",
             "Every organisation, agreement, concept, person and place the texts name that a "
             "reader may not know. Each entry lists the words the texts use for it and every "
             "place it occurs, by text and paragraph.", ""]
    if not annotations.terms:
        lines.append("No terms yet.")
    for kind, heading in KIND_HEADINGS.items():
        if not any(t.kind == kind for t in annotations.terms):
            continue
        lines += [f"## {markdown_text(heading)}", ""]
        for term in sorted((t for t in annotations.terms if t.kind == kind), key=lambda t: t.term):
            lines += [f"### {markdown_text(term.term)} {{#term-{term.id}}}", "",
                      token("entry", term.id), ""]
    return "\n".join(lines) + "\n"


def expand(html: str, annotations: Annotations, label: Label, href: Callable[[str], str]) -> str:
    """A converted generated page with each glossary entry, summary and group of passages in
    place of its token; `label` names a text and `href` gives its page, by id."""
    terms, groups = annotations.terms_by_id, annotations.crossrefs_by_id

    def replace(match: re.Match) -> str:
        kind, key = match.groups()
        if kind == "entry":
            return _entry(terms[key], terms)
        if kind == "summary":
            return f'<div class="gl-xref-summary">{render_markdown(groups[key].summary).html}</div>'
        if kind == "group":
            return _grid(groups[key], label, href)
        return match.group()

    return TOKEN.sub(replace, html)


def _entry(term: Term, terms: dict[str, Term]) -> str:
    facts = [f"<p><strong>Forms in the texts:</strong> {escape(', '.join(term.forms))}</p>"]
    if term.see:
        see = ", ".join(f'<a href="#term-{s}">{escape(terms[s].term)}</a>' for s in term.see)
        facts.append(f"<p><strong>See also:</strong> {see}</p>")
    if term.sources:
        facts.append(f'<p class="gl-sources">Sources: {escape("; ".join(term.sources))}</p>')
    facts.append(f"<p><strong>Occurs in:</strong></p>{token('occurrences', term.id)}")
    return f'<div class="gl-entry">{render_markdown(term.definition).html}{"".join(facts)}</div>'


def crossrefs_markdown(annotations: Annotations) -> str:
    lines = ["# Cross-references", "",
             "Passages of different texts that speak of the same event, statement or claim, "
             "side by side. Follow a link to read a passage in its text.", ""]
    if not annotations.crossrefs:
        lines.append("No cross-references yet.")
    for group in annotations.crossrefs:
        lines += [f"## {markdown_text(group.title)} {{#xref-{group.id}}}", ""]
        if group.summary:
            lines += [token("summary", group.id), ""]
        lines += [token("group", group.id), ""]
    return "\n".join(lines) + "\n"


def _grid(group: CrossRef, label: Label, href: Callable[[str], str]) -> str:
    cells = []
    for index, passage in enumerate(group.passages):
        place = f"{escape(label(passage.text))}, {token('p', f'{group.id}:{index}')}"
        cells.append(
            f'<blockquote class="gl-xref-passage"><p>“{escape(passage.quote.strip())}”</p>'
            f'<p><a href="{href(passage.text)}#x-{group.id}-{index}">{place}</a></p></blockquote>')
    return f'<div class="gl-xref-grid" data-search-exclude="">{"".join(cells)}</div>'


def fill(html: str, resolved: Resolved, label: Label, href: Callable[[str], str]) -> str:
    """A converted page with what depends on every text in place of its tokens: the paragraph
    of a passage, the places where a term occurs. `label` names a text and `href` gives its
    page, by id."""

    def replace(match: re.Match) -> str:
        kind, key = match.groups()
        if kind == "p":
            group_id, index = key.rsplit(":", 1)
            number = resolved.passages.get((group_id, int(index)), ("", 0))[1]
            return f"¶{number}" if number else "notes"
        if kind == "occurrences":
            return _occurrences(resolved.occurrences.get(key, []), label, href)
        return match.group()

    return TOKEN.sub(replace, html)


def _occurrences(places: list[tuple[str, int]], label: Label, href: Callable[[str], str]) -> str:
    if not places:
        return "<p>Not found in the texts.</p>"
    by_text: dict[str, list[int]] = {}
    for text_id, number in places:
        by_text.setdefault(text_id, []).append(number)
    items = "".join(
        f'<li><a href="{href(text_id)}">{escape(label(text_id))}</a>: '
        + ", ".join(f'<a href="{href(text_id)}#p{n}">¶{n}</a>' if n else "notes"
                    for n in dict.fromkeys(numbers))
        + "</li>"
        for text_id, numbers in by_text.items()
    )
    return f'<ul class="gl-occurrences" data-search-exclude="">{items}</ul>'


def render_problems(problems: list) -> str:
    """What a page cannot show yet, and why, at its top (a preview under `mkdocs serve`)."""
    items = "".join(f"<li><code>{escape(str(p.where))}</code> {escape(p.message)}"
                    + (f"<br>hint: {escape(p.hint)}" if p.hint else "") + "</li>" for p in problems)
    count = f"{len(problems)} problem{'s' if len(problems) > 1 else ''}"
    return (f'<div class="admonition failure gl-problems" role="alert" data-search-exclude="">'
            f'<p class="admonition-title">{count} to fix before this page is published</p>'
            f"<ul>{items}</ul></div>")


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


def render_counts(texts: int, annotations: Annotations, glossary: str, crossrefs: str) -> str:
    """The size of the edition, as counted in this build (Markdown for the home page)."""
    notes = _count(len(annotations.notes), "editorial note", "editorial notes")
    terms = _count(len(annotations.terms), "glossary term", "glossary terms")
    groups = _count(len(annotations.crossrefs), "cross-reference group", "cross-reference groups")
    return (f'<p class="gl-counts" markdown="span">This edition: **{_count(texts, "text", "texts")}**, '
            f"**{notes}**, **[{terms}]({glossary})** and **[{groups}]({crossrefs})** "
            "(counted when this site was built).</p>\n")
