"""The generated pages (glossary, cross-references) and the late filling of their lists.

The pages' Markdown holds headings (so that they are in the table of contents) and comment
tokens. A contributor's words reach that Markdown only as `markdown_text`, which no Markdown
can come out of. A glossary entry's or a summary's HTML takes the place of its token as soon
as the page is converted (`expand`): as raw HTML in the Markdown it would be parsed twice
more, by md_in_html and by MkDocs, for nothing. What depends on every text (where a term
occurs, which paragraph a passage is in) is filled in once all pages are rendered (`fill`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

from .apparatus import Record
from .model import Annotations, Term, Text
from .render import render_markdown

GLOSSARY = "glossary.md"
CROSSREFS = "crossrefs.md"
TOKEN = re.compile(r"<!--glossator:(\w+):([^>]*?)-->")

KIND_HEADINGS = {
    "organisation": "Organisations", "treaty": "Treaties and agreements",
    "concept": "Policies and concepts", "currency": "Currencies", "person": "People",
    "place": "Places", "event": "Events",
}


def markdown_text(value: str) -> str:
    """Plain text as Markdown that renders as exactly these words, on one line: every character
    but letters, digits and spaces is written as a character reference, so none can start
    emphasis, a link, an attribute list or raw HTML."""
    return "".join(c if c.isalnum() or c == " " else f"&#{ord(c)};" for c in " ".join(value.split()))


def token(kind: str, key: str) -> str:
    return f"<!--glossator:{kind}:{key}-->"


def short_label(text: Text) -> str:
    """How a list of passages names a text: 'Laruelle 2015', 'OSW 2013'."""
    if text.authors:
        return f"{text.authors[0].split()[-1]} {text.year}"
    acronym = re.search(r"\(([A-Z]{2,})\)", text.publisher)
    return f"{acronym.group(1) if acronym else text.publisher or text.title} {text.year}"


def glossary_markdown(annotations: Annotations) -> str:
    lines = ["# Glossary", "",
             "Every organisation, agreement, concept, person and place the texts name that a "
             "reader may not know. Each entry lists the words the texts use for it and every "
             "place it occurs, by text and paragraph.", ""]
    if not annotations.terms:
        lines.append("No terms yet.")
    kinds = sorted({t.kind for t in annotations.terms}, key=lambda k: (k not in KIND_HEADINGS, k))
    for kind in kinds:
        heading = KIND_HEADINGS.get(kind, kind.capitalize() or "Other terms")
        lines += [f"## {markdown_text(heading)}", ""]
        for term in sorted((t for t in annotations.terms if t.kind == kind), key=lambda t: t.term):
            lines += [f"### {markdown_text(term.term)} {{#term-{term.id}}}", "",
                      token("entry", term.id), ""]
    return "\n".join(lines) + "\n"


def expand(html: str, annotations: Annotations) -> str:
    """A converted generated page with each glossary entry and each cross-reference summary in
    place of its token (the places of terms and passages are left as tokens, for `fill`)."""
    terms, groups = annotations.terms_by_id, annotations.crossrefs_by_id

    def replace(match: re.Match) -> str:
        kind, key = match.groups()
        if kind == "entry":
            return _entry(terms[key], terms)
        if kind == "summary":
            return f'<div class="gl-xref-summary">{render_markdown(groups[key].summary).html}</div>'
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


def fill(html: str, record: Record, annotations: Annotations, texts: dict[str, Text],
         href: Callable[[str], str]) -> str:
    """Replace the tokens of a rendered page; `href` gives the page of a text id."""
    groups = annotations.crossrefs_by_id

    def paragraph(text_id: str, number: int) -> str:
        return f"¶{number}" if number else "notes"

    def replace(match: re.Match) -> str:
        kind, key = match.groups()
        if kind == "p":
            group_id, index = key.rsplit(":", 1)
            return paragraph(*record.passages.get((group_id, int(index)), ("", 0)))
        if kind == "occurrences":
            places = record.occurrences.get(key, [])
            if not places:
                return "<p>Not found in the texts.</p>"
            by_text: dict[str, list[int]] = {}
            for text_id, number in places:
                by_text.setdefault(text_id, []).append(number)
            items = "".join(
                f'<li><a href="{href(text_id)}">{escape(short_label(texts[text_id]))}</a>: '
                + ", ".join(f'<a href="{href(text_id)}#p{n}">¶{n}</a>' if n else "notes"
                            for n in dict.fromkeys(numbers))
                + "</li>"
                for text_id, numbers in by_text.items()
            )
            return f'<ul class="gl-occurrences">{items}</ul>'
        if kind == "group":
            group = groups[key]
            cells = []
            for index, passage in enumerate(group.passages):
                text_id, number = record.passages.get((group.id, index), (passage.text, 0))
                label = f"{short_label(texts[passage.text])}, {paragraph(text_id, number)}"
                cells.append(
                    f'<blockquote class="gl-xref-passage"><p>“{escape(passage.quote.strip())}”</p>'
                    f'<p><a href="{href(passage.text)}#x-{group.id}-{index}">{escape(label)}</a>'
                    f"</p></blockquote>"
                )
            return f'<div class="gl-xref-grid">{"".join(cells)}</div>'
        return match.group()

    return TOKEN.sub(replace, html)
