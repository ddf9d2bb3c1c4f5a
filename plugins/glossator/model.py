"""The edition's data: frozen values that remember the file and line they came from."""

from __future__ import annotations

import functools
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Where:
    path: Path
    line: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, said where, what, and how to fix it."""

    where: Where
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.where}: {self.message}" + (f"\n  hint: {self.hint}" if self.hint else "")


class GlossatorError(Exception):
    """Input the engine cannot use; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Text:
    """One text of the edition: `sources/<id>.md` and its front matter.

    The body is not kept: a build reads it as a page, and `load.read_body` reads it again for
    whoever else needs it. (The bodies of a large edition are megabytes the build holds anyway.)
    """

    id: str
    where: Where
    title: str
    authors: tuple[str, ...]
    date: str  # ISO, possibly partial: "2015", "2010-03", "2013-01-23"
    body_line: int  # line of the source file where the body starts
    body_words: int  # words in the body
    subtitle: str = ""
    byline: str = ""
    rubric: str = ""
    date_note: str = ""
    publication: str = ""
    issue: str = ""
    publisher: str = ""
    url: str = ""
    rights: str = ""
    abstract: str = ""
    witness: str = ""
    editorial: tuple[str, ...] = ()
    glossary: str = ""  # first, all or none: overrides the terms' own choice of links

    @property
    def year(self) -> str:
        return self.date[:4]

    @property
    def label(self) -> str:
        """How a list of passages names the text: 'Laruelle 2015', 'OSW 2013'."""
        if self.authors:
            return f"{self.authors[0].split()[-1]} {self.year}"
        acronym = re.search(r"\(([A-Z]{2,})\)", self.publisher)
        return f"{acronym.group(1) if acronym else self.publisher or self.title} {self.year}"

    @property
    def word_count(self) -> int:
        return len(self.abstract.split()) + self.body_words


@dataclass(frozen=True, slots=True)
class Anchor:
    """Words to find in a text: the quote, and optionally the words just before or after it."""

    text: str  # text id
    quote: str
    where: Where
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True, slots=True)
class Note:
    id: str
    anchor: Anchor
    body: str  # Markdown
    where: Where
    kind: str = ""
    sources: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    forms: tuple[str, ...]
    definition: str  # Markdown
    where: Where
    kind: str = ""
    see: tuple[str, ...] = ()
    link: str = "first"  # first, all or none: which occurrences in a text are linked
    sources: tuple[str, ...] = ()
    texts: tuple[str, ...] = ()  # the texts whose forms mean this term; empty: every text
    sort: str = ""  # where the glossary files the term, when its name is wrong for that

    def applies_to(self, text_id: str) -> bool:
        return not self.texts or text_id in self.texts


@dataclass(frozen=True, slots=True)
class CrossRef:
    id: str
    title: str
    passages: tuple[Anchor, ...]
    where: Where
    summary: str = ""


@dataclass(frozen=True)
class Annotations:
    notes: tuple[Note, ...] = ()
    terms: tuple[Term, ...] = ()
    crossrefs: tuple[CrossRef, ...] = ()

    def notes_of(self, text_id: str) -> tuple[Note, ...]:
        return self._notes_by_text.get(text_id, ())

    def crossrefs_of(self, text_id: str) -> tuple[CrossRef, ...]:
        """The groups with a passage in the text."""
        return self._crossrefs_by_text.get(text_id, ())

    @cached_property  # built once, not once per page
    def crossrefs_by_id(self) -> dict[str, CrossRef]:
        return {group.id: group for group in self.crossrefs}

    @cached_property
    def terms_by_id(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}

    @cached_property
    def _notes_by_text(self) -> dict[str, tuple[Note, ...]]:
        notes: dict[str, list[Note]] = {}
        for note in self.notes:
            notes.setdefault(note.anchor.text, []).append(note)
        return {text_id: tuple(found) for text_id, found in notes.items()}

    @cached_property
    def _crossrefs_by_text(self) -> dict[str, tuple[CrossRef, ...]]:
        groups: dict[str, list[CrossRef]] = {}
        for group in self.crossrefs:
            for text_id in dict.fromkeys(p.text for p in group.passages):
                groups.setdefault(text_id, []).append(group)
        return {text_id: tuple(found) for text_id, found in groups.items()}


@dataclass(frozen=True)
class Edition:
    """What a build reads: the texts and annotations that load, every problem found in them,
    and the ids of the texts whose files could not be read."""

    texts: tuple[Text, ...] = ()
    annotations: Annotations = field(default_factory=Annotations)
    problems: tuple[Problem, ...] = ()
    unreadable: tuple[str, ...] = ()


@dataclass(frozen=True)
class PageLinks:
    """Where the page being converted is and where the pages it links to are, as Markdown
    paths: the links the engine writes are links MkDocs rewrites and checks."""

    here: str = "texts/page.md"  # the page's path among the site's Markdown files
    glossary: str = "glossary.md"
    texts: str = "texts"  # the folder of the texts' pages
    crossrefs: str = "crossrefs.md"

    def to(self, path: str) -> str:
        return _relative(path, posixpath.dirname(self.here) or ".")

    def text(self, text_id: str) -> str:
        return self.to(f"{self.texts}/{text_id}.md")

    def term(self, term_id: str) -> str:
        return f"{self.to(self.glossary)}#term-{term_id}"

    def crossref(self, group_id: str) -> str:
        return f"{self.to(self.crossrefs)}#xref-{group_id}"


@functools.lru_cache(maxsize=4096)  # a page links to the same few pages hundreds of times
def _relative(path: str, folder: str) -> str:
    return posixpath.relpath(path, folder)


@dataclass
class Resolved:
    """What converting the texts found out: where each cross-referenced passage and each
    occurrence of a term is (text id, paragraph), for the pages that list them; and, by text,
    the problems (quotes that do not anchor, Markdown a text may not hold)."""

    passages: dict[tuple[str, int], tuple[str, int]] = field(default_factory=dict)
    occurrences: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    problems: dict[str, list[Problem]] = field(default_factory=dict)

    def all_problems(self) -> list[Problem]:
        return [p for found in self.problems.values() for p in found]
