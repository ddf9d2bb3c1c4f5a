"""Anchor a text's notes, cross-references and glossary terms in its page, and add the lists.

One pass per page: read the tree into a stream, resolve every quote in it, find every
glossary form with one pattern, then splice all ranges into the tree at once.
"""

from __future__ import annotations

import bisect
import re
import xml.etree.ElementTree as etree

from .anchor import Stream, anchor_quote, normalise, read_stream
from .model import Annotations, CrossRef, Note, PageLinks, Problem, Resolved, Term, Text
from .render import (
    Label, Stash, crossref_mark, crossref_marker, crossrefs_section, note_mark, note_marker,
    notes_section, term_link, terms_section,
)
from .splice import Span, splice


HYPHENS = "-\u2010\u2011"  # dashes (– —) fold to "-" too, but a form may touch them


class TermMatcher:
    """All glossary forms in one pattern: whole words, longest first."""

    def __init__(self, terms: tuple[Term, ...]) -> None:
        self.by_form: dict[str, list[Term]] = {}
        for term in terms:
            for form in term.forms:  # matched as the page's words are: quote marks folded
                self.by_form.setdefault(normalise(form), []).append(term)
        forms = sorted(self.by_form, key=len, reverse=True)
        body = "|".join(re.escape(f) for f in forms) or r"(?!x)x"
        self.pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")

    def find(self, stream: Stream, text_id: str) -> list[tuple[int, int, Term]]:
        """Each form found, with the term it means in this text (forms meaning none are left)."""
        found = []
        for m in self.pattern.finditer(stream.text):
            term = next((t for t in self.by_form[m.group()] if t.applies_to(text_id)), None)
            if term and not _hyphenated(stream, m.start(), m.end()):
                found.append((m.start(), m.end(), term))
        return found


def _hyphenated(stream: Stream, start: int, end: int) -> bool:
    """Part of a compound ("EEU-related"): a hyphen, not a dash, touches the form."""
    text = stream.text
    return (start > 0 and text[start - 1] == "-" and stream.original_at(start - 1) in HYPHENS) \
        or (end < len(text) and text[end] == "-" and stream.original_at(end) in HYPHENS)


def annotate(root: etree.Element, text: Text, annotations: Annotations, matcher: TermMatcher,
             links: PageLinks, label: Label, stash: Stash, resolved: Resolved, *,
             resolve_only: bool = False) -> None:
    """Resolve the text's quotes into `resolved`; unless `resolve_only`, mark everything in
    the tree and add the lists at its end."""
    stream = read_stream(root)
    problems = resolved.problems.setdefault(text.id, [])
    notes = _resolve_notes(stream, annotations.notes_of(text.id), problems)
    groups = _resolve_crossrefs(stream, text, annotations.crossrefs_of(text.id), resolved, problems)
    if resolve_only:
        return
    spans = [Span(start, end, note_mark(note), lambda n=note, l=letter: note_marker(n, l))
             for letter, (note, start, end) in zip(_letters(), notes)]
    spans += [Span(start, end, crossref_mark(group, index),
                   lambda g=group: crossref_marker(g, text, label, stash))
              for group, index, start, end in groups]
    term_spans, linked_terms = _find_terms(stream, text, matcher, spans, links, resolved)
    splice(stream, spans + term_spans)
    if notes:
        keyed = [(note, stream.paragraph_at(start), letter)
                 for (note, start, _), letter in zip(notes, _letters())]
        root.append(notes_section(keyed, stash))
    if groups:
        root.append(crossrefs_section(text, [g for g, *_ in groups], links, label, stash))
    if linked_terms:
        root.append(terms_section(linked_terms, links, stash))


def _letters():
    """a, b, ..., z, aa, bb, ..., zz, aaa, ...: counted apart from the author's numbered notes,
    and never a word of two letters ("an", "as")."""
    n = 0
    while True:
        yield chr(97 + n % 26) * (n // 26 + 1)
        n += 1


def _resolve_notes(stream: Stream, notes: tuple[Note, ...],
                   problems: list[Problem]) -> list[tuple[Note, int, int]]:
    found = []
    for note in notes:
        place = anchor_quote(stream, note.anchor)
        if isinstance(place, Problem):
            problems.append(place)
        else:
            found.append((note, *place))
    return sorted(found, key=lambda f: f[1])


def _resolve_crossrefs(stream: Stream, text: Text, groups: tuple[CrossRef, ...],
                       resolved: Resolved, problems: list[Problem]) -> list[tuple[CrossRef, int, int, int]]:
    found = []
    for group in groups:
        for index, passage in enumerate(group.passages):
            if passage.text != text.id:
                continue
            place = anchor_quote(stream, passage)
            if isinstance(place, Problem):
                problems.append(place)
                continue
            resolved.passages[(group.id, index)] = (text.id, stream.paragraph_at(place[0]))
            found.append((group, index, *place))
    return sorted(found, key=lambda f: f[2])


def _link_mode(text: Text, term: Term) -> str:
    """none wins over all, all over first: a text or a term may ask for either."""
    modes = (text.glossary, term.link)
    return "none" if "none" in modes else "all" if "all" in modes else "first"


def _find_terms(stream: Stream, text: Text, matcher: TermMatcher, spans: list[Span],
                links: PageLinks, resolved: Resolved) -> tuple[list[Span], list[Term]]:
    """Links for the glossary forms found, and the terms linked, in order of appearance."""
    linked: list[Span] = []
    seen: dict[str, Term] = {}  # term id -> term, in order of first appearance
    # A form cuts across a passage when one of the passage's ends falls inside the form.
    ends = sorted({p for s in spans for p in (s.start, s.end)})
    for start, end, term in matcher.find(stream, text.id):
        segment = stream.segment_at(start)
        if not segment.terms_allowed or segment.in_notes or segment is not stream.segment_at(end - 1):
            continue
        after = bisect.bisect_right(ends, start)
        if after < len(ends) and ends[after] < end:
            continue  # would cut across a noted or cross-referenced passage
        resolved.occurrences.setdefault(term.id, []).append((text.id, segment.paragraph))
        mode = _link_mode(text, term)
        if mode == "all" or (mode == "first" and term.id not in seen):
            shown = term.term if stream.text[start:end] == normalise(term.term) else stream.original(start, end)
            linked.append(Span(start, end, lambda first, t=term, w=shown: term_link(t, w, links)))
        seen.setdefault(term.id, term)
    return linked, [t for t in seen.values() if _link_mode(text, t) != "none"]
