"""The edition's data: frozen values that remember the file and line they came from."""

from __future__ import annotations

from dataclasses import dataclass
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
        return self._by_text[0].get(text_id, ())

    def crossrefs_of(self, text_id: str) -> tuple[CrossRef, ...]:
        """The groups with a passage in the text."""
        return self._by_text[1].get(text_id, ())

    @cached_property  # built once, not once per page
    def crossrefs_by_id(self) -> dict[str, CrossRef]:
        return {group.id: group for group in self.crossrefs}

    @cached_property
    def terms_by_id(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}

    @cached_property  # one pass over all annotations, not one per text
    def _by_text(self) -> tuple[dict[str, tuple[Note, ...]], dict[str, tuple[CrossRef, ...]]]:
        notes: dict[str, list[Note]] = {}
        for note in self.notes:
            notes.setdefault(note.anchor.text, []).append(note)
        groups: dict[str, list[CrossRef]] = {}
        for group in self.crossrefs:
            for text_id in dict.fromkeys(p.text for p in group.passages):
                groups.setdefault(text_id, []).append(group)
        return ({k: tuple(v) for k, v in notes.items()}, {k: tuple(v) for k, v in groups.items()})
