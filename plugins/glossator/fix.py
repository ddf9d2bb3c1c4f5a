"""`glossator check --fix`: repair the quotes that no longer anchor, where the repair is sure.

A transcription corrected by a letter leaves a quote that is found nowhere; words added to a
text can make a quote occur twice. Each such quote is looked for again in the text as a reader
sees it (the stream the build reads): a stale quote takes the words of the one passage clearly
closest to it; an ambiguous one gets the shortest prefix or suffix that picks out its first
occurrence. What is less sure is left alone, and `check` gives its hint as before. Only those
values change in the YAML files (`edit.set_values`).
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from .anchor import Stream, anchor_quote, find_all, normalise, read_stream
from .closest import WORD, closest_passage
from .edit import set_values
from .extension import GlossatorExtension, convert_texts
from .load import read_edition
from .model import Anchor, Edition, Problem

if TYPE_CHECKING:
    from .cli import Conversion

MAX_CONTEXT = 6  # words of prefix or suffix tried
REACH = 2000  # characters around an occurrence where its prefix or suffix is looked for


@dataclass(frozen=True)
class Change:
    """A value to write into the mapping of an anchor: its quote, or a prefix or suffix."""

    anchor: Anchor
    key: str  # quote, prefix or suffix
    value: str
    reason: str

    def __str__(self) -> str:
        if self.key == "quote":
            return f"{self.anchor.where}: quote {self.anchor.quote!r} -> {self.value!r} ({self.reason})"
        return f"{self.anchor.where}: {self.key} {self.value!r} added ({self.reason})"


def repair(root: Path, setup: Conversion) -> list[Change]:
    """Find the changes the edition's quotes need and write them; the changes written."""
    edition = read_edition(root / setup.sources, root / setup.annotations)
    streams = read_streams(edition, setup)
    proposed = [change for text in edition.texts for anchor in anchors_of(edition, text.id)
                if (change := propose(streams[text.id], anchor)) is not None]
    return write(proposed)


def anchors_of(edition: Edition, text_id: str) -> list[Anchor]:
    """The quotes of a text: its notes' and its passages in cross-references."""
    annotations = edition.annotations
    return [note.anchor for note in annotations.notes_of(text_id)] + [
        passage for group in annotations.crossrefs_of(text_id) for passage in group.passages
        if passage.text == text_id]


def read_streams(edition: Edition, setup: Conversion) -> dict[str, Stream]:
    """Each text as a reader sees it, converted exactly as `glossator check` converts it."""
    extension = GlossatorExtension(edition.annotations, edition.texts, resolve_only=True)
    streams: dict[str, Stream] = {}

    class Reader(Treeprocessor):
        def run(self, root: etree.Element) -> None:
            if extension.text is not None:
                streams[extension.text.id] = read_stream(root)

    class Streams(Extension):
        def extendMarkdown(self, md: markdown.Markdown) -> None:
            # Right after the engine's own processor (12): the tree its quotes were looked for in.
            md.treeprocessors.register(Reader(md), "glossator-fix", 11)

    convert_texts(edition.texts, extension, [*setup.extensions, Streams()], setup.configs)
    return streams


def propose(stream: Stream, anchor: Anchor) -> Change | None:
    """The change that makes the quote anchor, when there is a sure one. A quote with a prefix
    or suffix is its editor's own choice of context: it is left as it is."""
    if anchor.prefix.strip() or anchor.suffix.strip():
        return None
    if not isinstance(anchor_quote(stream, anchor), Problem):
        return None
    matches = find_all(stream, anchor.quote)
    if not matches:
        return _requote(stream, anchor)
    if len(matches) > 1:
        return _disambiguate(stream, anchor, matches)
    return None  # found once, where no mark may go (a heading)


def _requote(stream: Stream, anchor: Anchor) -> Change | None:
    place = closest_passage(stream.text, normalise(anchor.quote).strip())
    if place is None:
        return None
    words = reader_words(stream, *place)
    if anchor_quote(stream, replace(anchor, quote=words)) != place:
        return None  # in a heading
    return Change(anchor, "quote", words, f"closest passage, {_place(stream, place[0])}")


def _disambiguate(stream: Stream, anchor: Anchor, matches: list[int]) -> Change | None:
    """The shortest prefix or suffix (prefix first) that picks out the first occurrence that
    may carry a mark, as `check`'s hint suggests."""
    length = len(normalise(anchor.quote).strip())
    pick = next((p for p in matches
                 if not any(s.in_heading for s in stream.segments_between(p, p + length))), None)
    if pick is None:
        return None
    places = ", ".join(_place(stream, p) for p in matches)
    for size in range(1, MAX_CONTEXT + 1):
        for key, span in (("prefix", _words_before(stream.text, pick, size)),
                          ("suffix", _words_after(stream.text, pick + length, size))):
            if span is None:
                continue
            value = reader_words(stream, *span)
            if anchor_quote(stream, replace(anchor, **{key: value})) == (pick, pick + length):
                return Change(anchor, key, value, f"the quote occurs {len(matches)} times "
                              f"({places}); this picks the first, {_place(stream, pick)}")
    return None


def _words_before(text: str, position: int, size: int) -> tuple[int, int] | None:
    low = max(0, position - REACH)
    words = list(WORD.finditer(text, low, position))[1 if low else 0:]  # the first may be cut
    return (words[-size].start(), words[-1].end()) if len(words) >= size else None


def _words_after(text: str, position: int, size: int) -> tuple[int, int] | None:
    high = min(len(text), position + REACH)
    words = list(WORD.finditer(text, position, high))
    words = words[:-1] if high < len(text) else words  # the last may be cut
    return (words[0].start(), words[size - 1].end()) if len(words) >= size else None


def reader_words(stream: Stream, start: int, end: int) -> str:
    """The page's own characters behind stream[start:end] (its quote marks and dashes), with
    plain spaces: what a contributor would copy from the page."""
    return "".join(" " if c == " " else stream.original_at(i)
                   for i, c in enumerate(stream.text[start:end], start))


def _place(stream: Stream, position: int) -> str:
    """Where a passage is, named as `check`'s messages name it."""
    paragraph = stream.paragraph_at(position)
    return f"¶{paragraph}" if paragraph else "the notes" if stream.segment_at(position).in_notes \
        else "the page"


def write(changes: list[Change]) -> list[Change]:
    """Write the changes, file by file; the changes written."""
    by_file: dict[Path, list[Change]] = {}
    for change in changes:
        by_file.setdefault(Path(change.anchor.where.path), []).append(change)
    return [change for path, found in by_file.items()
            if set_values(path, [(c.anchor, c.key, c.value) for c in found]) for change in found]
