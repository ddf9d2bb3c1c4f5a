"""The generated pages (glossary, cross-references), the home page's cards and counts, and the
filling of what depends on every text.

The generated pages' Markdown holds headings (so that they are in the table of contents) and
comment tokens. A contributor's words reach that Markdown only as `markdown_text`, which no
Markdown can come out of. The HTML of the glossary's index, a glossary entry, a summary or a
group of passages takes the place of its token as soon as the page is converted (`expand`).
What depends on every text (where a term occurs, which paragraph a passage is in) is filled in
once every page is converted (`fill`, in the plugin's `on_env`), as the lists of places, which
the search index does not read.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from html import escape
from string import ascii_uppercase

from .header import format_authors, format_date, reading_minutes, venue
from .model import Annotations, CrossRef, Resolved, Term, Text
from .render import Label, linked_sources, render_markdown, token

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
    lines += [token("index", ""), ""] if annotations.terms else ["No terms yet."]
    for kind, heading, terms in _kinds(annotations.terms):
        lines += [f"## {markdown_text(heading)} {{#{_kind_id(kind)}}}", ""]
        for term in terms:
            lines += [f"### {markdown_text(term.term)} {{#term-{term.id}}}", "",
                      token("entry", term.id), ""]
    return "\n".join(lines) + "\n"


def _kinds(terms: tuple[Term, ...]) -> list[tuple[str, str, list[Term]]]:
    """The glossary's sections in page order: kind, heading and the kind's terms as filed."""
    sections = []
    for kind, heading in KIND_HEADINGS.items():
        members = sorted((t for t in terms if t.kind == kind),
                         key=lambda t: (filed_as(t), t.term, t.id))
        if members:
            sections.append((kind, heading, members))
    return sections


def _kind_id(kind: str) -> str:
    return f"kind-{kind or 'other'}"


def filed_as(term: Term) -> str:
    """Where an index files a term: its `sort` if given, a person under the surname (taken to
    be the last word of the name, then the forenames), anything else under its name; folded, so
    that case and accents do not reorder it."""
    if term.sort:
        name = term.sort
    elif term.kind == "person":
        *forenames, surname = term.term.split()
        name = " ".join([surname, *forenames])
    else:
        name = term.term
    decomposed = unicodedata.normalize("NFKD", name)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _initial(term: Term) -> str:
    """The letter of the A-Z bar a term is filed under ("0–9" for a digit, "" for none)."""
    first = next((c for c in filed_as(term) if c.isalnum()), "")
    return "0–9" if first.isdigit() else first.upper()


def _index(terms: tuple[Term, ...]) -> str:
    """The glossary's first screen: an A-Z bar and one link per kind, with its count."""
    sections = _kinds(terms)
    kinds = "".join(f'<li><a class="gl-index__link" href="#{_kind_id(kind)}">{escape(heading)} '
                    f'<span class="gl-index__count">{len(members)}</span></a></li>'
                    for kind, heading, members in sections)
    return (f'<nav class="gl-index" aria-label="Glossary index" data-search-exclude="">'
            f'<ul class="gl-index__letters" aria-label="By letter">{_letters(sections)}</ul>'
            f'<ul class="gl-index__kinds" aria-label="By kind">{kinds}</ul></nav>')


def _letters(sections: list[tuple[str, str, list[Term]]]) -> str:
    """A-Z (with 0–9 before and other letters after, if terms are filed there): a letter that
    files a term links to the first such term on the page; the others are shown, inactive, so
    that the bar keeps its shape."""
    first: dict[str, str] = {}
    for _, _, members in sections:
        for term in members:
            first.setdefault(_initial(term), term.id)
    others = sorted(set(first) - set(ascii_uppercase) - {"0–9", ""})
    letters = (["0–9"] if "0–9" in first else []) + list(ascii_uppercase) + others
    return "".join(
        f'<li><a class="gl-index__link" href="#term-{first[letter]}">{escape(letter)}</a></li>'
        if letter in first else f'<li><span class="gl-index__off">{escape(letter)}</span></li>'
        for letter in letters)


def expand(html: str, annotations: Annotations, label: Label, href: Callable[[str], str]) -> str:
    """A converted generated page with each glossary entry, summary and group of passages in
    place of its token; `label` names a text and `href` gives its page, by id."""
    terms, groups = annotations.terms_by_id, annotations.crossrefs_by_id

    def replace(match: re.Match) -> str:
        kind, key = match.groups()
        if kind == "entry":
            return _entry(terms[key], terms)
        if kind == "index":
            return _index(annotations.terms)
        if kind == "summary":
            return f'<div class="gl-xref-summary">{render_markdown(groups[key].summary).html}</div>'
        if kind == "group":
            return _grid(groups[key], label, href)
        return match.group()

    return TOKEN.sub(replace, html)


def _entry(term: Term, terms: dict[str, Term]) -> str:
    """A term's entry: its definition, then its forms and related terms, then, folded, the
    places it occurs and the sources of the definition (often longer than the definition)."""
    forms = escape(", ".join(term.forms))
    facts = [f'<p class="gl-forms"><strong>Forms in the texts:</strong> {forms}</p>']
    if term.see:
        see = ", ".join(f'<a href="#term-{s}">{escape(terms[s].term)}</a>' for s in term.see)
        facts.append(f'<p class="gl-see"><strong>See also:</strong> {see}</p>')
    folds = token("occurrences", term.id)
    if term.sources:
        count = _count(len(term.sources), "source", "sources")
        folds += (f'<details class="gl-cited"><summary>{count}</summary>'
                  f'<p class="gl-sources">{linked_sources(term.sources)}</p></details>')
    facts.append(f'<div class="gl-folds">{folds}</div>')
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
    """Where a term occurs, folded under its definition: the page is the definitions first."""
    if not places:
        return '<p class="gl-occurs">Not found in the texts.</p>'
    by_text: dict[str, list[int]] = {}
    for text_id, number in places:
        by_text.setdefault(text_id, []).append(number)
    lists = {text_id: list(dict.fromkeys(numbers)) for text_id, numbers in by_text.items()}
    items = "".join(
        f'<li><a href="{href(text_id)}">{escape(label(text_id))}</a>: '
        + ", ".join(f'<a href="{href(text_id)}#p{n}">¶{n}</a>' if n else "notes" for n in numbers)
        + "</li>"
        for text_id, numbers in lists.items()
    )
    count = _count(sum(len(numbers) for numbers in lists.values()), "place", "places")
    return (f'<details class="gl-occurs" data-search-exclude="">'
            f'<summary>Occurs in {count}</summary><ul class="gl-occurrences">{items}</ul></details>')


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
