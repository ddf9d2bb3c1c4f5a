"""Find quoted words in a page as a reader sees it, across inline markup.

The page's element tree is read once into a `Stream`: its visible text, normalised (quote
marks, dashes, spaces, soft hyphens), with a map from every character back to the piece of
the tree it came from. Quotes are normalised the same way and looked up in that one string.
"""

from __future__ import annotations

import bisect
import difflib
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field
from functools import cached_property

from .model import Anchor, Problem

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\n": " ", "\r": " ",
})
_DROP = {"\u00ad", "\u200b"}  # soft hyphen, zero-width space
_DROPPED = str.maketrans(dict.fromkeys(_DROP))
_FOLD_AND_DROP = {**_FOLD, **_DROPPED}
_SPACES = re.compile(" {2,}")
_PLACEHOLDER = re.compile("\u0002[^\u0003]*\u0003")  # Python-Markdown's stashed raw HTML
# Whitespace that folds to a space, or a dropped character: the slow path of reading a segment.
_DROP_OR_DOUBLE = re.compile("[\u00ad\u200b]|[ \t\n\r\u00a0\u2007\u202f]{2,}")

# Elements whose text is not the text's own words: markers and apparatus.
NOT_TEXT_CLASSES = {"footnote-ref", "footnote-backref", "gl-pnum", "gl-marker", "headerlink"}
# Elements that end a run of words: their text never runs on into the next one's.
BLOCKS = {"p", "li", "div", "section", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
          "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "pre", "figure", "figcaption", "hr",
          "br", "header", "footer", "aside", "details", "summary"}
HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
# Where glossary forms are never linked (a reader does not expect a link there).
NO_TERMS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "abbr"}


def normalise(text: str) -> str:
    """The matching form of words: folded quote marks and dashes, single spaces."""
    text = text.translate(_FOLD_AND_DROP)
    return _SPACES.sub(" ", text) if "  " in text else text


def _fold(raw: str) -> str:
    """The segment's characters as matched: placeholders blanked, quote marks and dashes folded."""
    return _PLACEHOLDER.sub(lambda m: " " * len(m.group()), raw).translate(_FOLD)


@dataclass
class Segment:
    """A run of text in the tree: `parent.text` (child None) or `child.tail`."""

    parent: etree.Element
    child: etree.Element | None
    raw: str  # the original string, as read
    start: int  # offset of its first character in the stream
    length: int  # number of its characters in the stream
    lead_space_dropped: bool  # its first space merged into the one before it
    identity: bool  # its stream characters are its raw characters, one for one
    paragraph: int  # number of the enclosing numbered paragraph, 0 if none
    terms_allowed: bool
    in_notes: bool
    in_heading: bool

    @property
    def end(self) -> int:
        return self.start + self.length

    @cached_property
    def offsets(self) -> range | list[int]:
        """For each of its stream characters, the index in `raw` (only needed to splice)."""
        if self.identity:
            return range(self.length)
        offsets: list[int] = []
        previous = " " if self.lead_space_dropped else ""
        for i, c in enumerate(_fold(self.raw)):  # the same walk as read_stream's
            if c in _DROP or (c == " " and previous == " "):
                continue
            offsets.append(i)
            previous = c
        return offsets


@dataclass
class Stream:
    text: str
    segments: list[Segment]
    starts: list[int] = field(default_factory=list)

    def segment_at(self, position: int) -> Segment:
        return self.segments[bisect.bisect_right(self.starts, position) - 1]

    def segments_between(self, start: int, end: int) -> list[Segment]:
        """The segments that hold some of stream[start:end]."""
        first = bisect.bisect_right(self.starts, start) - 1
        last = bisect.bisect_left(self.starts, end)
        return self.segments[max(first, 0):last]

    def paragraph_at(self, position: int) -> int:
        return self.segment_at(position).paragraph if self.segments else 0

    def original_at(self, position: int) -> str:
        """The character of the page behind the stream's character at `position` (before folding)."""
        segment = self.segment_at(position)
        return segment.raw[segment.offsets[position - segment.start]]

    def original(self, start: int, end: int) -> str:
        """The page's own characters behind stream[start:end], which lies in one segment."""
        segment = self.segment_at(start)
        return segment.raw[segment.offsets[start - segment.start]:segment.offsets[end - 1 - segment.start] + 1]


def read_stream(root: etree.Element) -> Stream:
    """The visible, normalised text of `root`, in reading order."""
    parts: list[str] = []
    size = 0
    segments: list[Segment] = []
    last = " "  # the stream's last character (a leading space is dropped, like a double one)

    def add(parent, child, raw, paragraph, terms_allowed, in_notes, in_heading):
        nonlocal size, last
        if not raw:
            return
        folded = _fold(raw)  # a placeholder (an escaped character) folds to several spaces
        slow = bool(_DROP_OR_DOUBLE.search(folded))
        text = _SPACES.sub(" ", folded.translate(_DROPPED)) if slow else folded
        dropped = last == " " and text.startswith(" ")
        if dropped:
            text = text[1:]
        if text:
            segments.append(Segment(parent, child, raw, size, len(text), dropped,
                                    not (slow or dropped), paragraph, terms_allowed, in_notes,
                                    in_heading))
            parts.append(text)
            size += len(text)
            last = text[-1]

    def separate(el):
        nonlocal size, last
        if el.tag in BLOCKS and last != " ":
            parts.append(" ")
            size += 1
            last = " "

    def walk(el, paragraph, terms_allowed, in_notes, in_heading):
        separate(el)
        classes = set((el.get("class") or "").split())
        pid = el.get("id") or ""
        if pid.startswith("p") and pid[1:].isdigit():
            paragraph = int(pid[1:])
        terms_allowed = terms_allowed and el.tag not in NO_TERMS
        in_notes = in_notes or "footnote" in classes
        in_heading = in_heading or el.tag in HEADINGS
        add(el, None, el.text, paragraph, terms_allowed, in_notes, in_heading)
        for child in el:
            child_classes = set((child.get("class") or "").split())
            if not (child_classes & NOT_TEXT_CLASSES):
                walk(child, paragraph, terms_allowed, in_notes, in_heading)
                separate(child)
            add(el, child, child.tail, paragraph, terms_allowed, in_notes, in_heading)

    walk(root, 0, True, False, False)
    stream = Stream("".join(parts), segments)
    stream.starts = [s.start for s in segments]
    return stream


def _bounded(text: str, start: int, end: int) -> bool:
    """A quote that starts or ends with a letter may not start or end inside a word."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (text[start].isalnum() and before.isalnum()) and \
        not (text[end - 1].isalnum() and after.isalnum())


def find_all(stream: Stream, quote: str) -> list[int]:
    needle = normalise(quote).strip()
    found, position = [], stream.text.find(needle)
    while needle and position >= 0:
        if _bounded(stream.text, position, position + len(needle)):
            found.append(position)
        position = stream.text.find(needle, position + 1)
    return found


def anchor_quote(stream: Stream, anchor: Anchor) -> tuple[int, int] | Problem:
    """The one place of the quote in the stream (start, end), or the problem."""
    needle = normalise(anchor.quote).strip()
    prefix, suffix = normalise(anchor.prefix).strip(), normalise(anchor.suffix).strip()
    text = stream.text
    # Only the few characters around a match are looked at: no copy of the whole text per note.
    matches = [
        p for p in find_all(stream, anchor.quote)
        if (not prefix or text[max(0, p - len(prefix) - 2):p].rstrip().endswith(prefix))
        and (not suffix or text[p + len(needle):p + len(needle) + len(suffix) + 2].lstrip()
             .startswith(suffix))
    ]
    if len(matches) == 1:
        start, end = matches[0], matches[0] + len(needle)
        if any(s.in_heading for s in stream.segments_between(start, end)):
            return Problem(anchor.where, f"quote is in a heading of {anchor.text}: {anchor.quote!r}",
                           "a mark there would change the heading's link and its entry in the "
                           "contents; quote words of the paragraph below")
        return start, end
    if not matches:
        return _not_found(stream, anchor, needle)
    return _ambiguous(stream, anchor, needle, matches)


def _where(stream: Stream, position: int) -> str:
    paragraph = stream.paragraph_at(position)
    return f"¶{paragraph}" if paragraph else "the notes" if stream.segment_at(position).in_notes \
        else "the page"


def _not_found(stream: Stream, anchor: Anchor, needle: str) -> Problem:
    size = len(needle.split())
    words = stream.text.split(" ")
    windows = [" ".join(words[i:i + size]) for i in range(max(1, len(words) - size + 1))]
    close = difflib.get_close_matches(needle, windows, n=1, cutoff=0.5)
    hint = "copy the words exactly as the page shows them"
    if close:
        hint = f"closest passage ({_where(stream, stream.text.find(close[0]))}): {close[0]!r}"
    qualifier = " with that prefix/suffix" if anchor.prefix or anchor.suffix else ""
    return Problem(anchor.where, f"quote not found in {anchor.text}{qualifier}: {anchor.quote!r}",
                   hint)


def _ambiguous(stream: Stream, anchor: Anchor, needle: str, matches: list[int]) -> Problem:
    places = ", ".join(_where(stream, p) for p in matches)
    hint = ""
    first = matches[0]
    for size in range(1, 8):
        words = stream.text[:first].rstrip().split(" ")[-size:]
        prefix = " ".join(words)
        if sum(stream.text[:p].rstrip().endswith(prefix) for p in matches) == 1:
            hint = f"to pick the first ({_where(stream, first)}), add  prefix: {prefix!r}"
            break
    return Problem(anchor.where, f"quote is ambiguous in {anchor.text}: {anchor.quote!r} occurs "
                   f"{len(matches)} times ({places})", hint or "add a prefix or suffix")
