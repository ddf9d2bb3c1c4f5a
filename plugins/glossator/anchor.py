"""Find quoted words in a page as a reader sees it, across inline markup.

The page's element tree is read once into a `Stream`: its visible text, normalised (quote
marks, dashes, spaces, soft hyphens), with a map from every character back to the piece of
the tree it came from. Quotes are normalised the same way and looked up in that one string.
"""

from __future__ import annotations

import difflib
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass, field

from .model import Anchor, Problem

_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u00a0": " ", "\u2007": " ", "\u202f": " ", "\t": " ", "\n": " ", "\r": " ",
})
_DROP = {"\u00ad", "\u200b"}  # soft hyphen, zero-width space
_PLACEHOLDER = re.compile("\u0002[^\u0003]*\u0003")  # Python-Markdown's stashed raw HTML

# Elements whose text is not the text's own words: markers and apparatus.
SKIP_CLASSES = {"footnote-ref", "footnote-backref", "gl-pnum", "gl-marker", "gl-tip", "headerlink"}
# Elements that end a run of words: their text never runs on into the next one's.
BLOCKS = {"p", "li", "div", "section", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "ul",
          "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "pre", "figure", "figcaption", "hr",
          "br", "header", "footer", "aside", "details", "summary"}
# Where glossary forms are never linked (a reader does not expect a link there).
NO_TERMS = {"a", "code", "pre", "h1", "h2", "h3", "h4", "h5", "h6", "kbd", "abbr"}


def normalise(text: str) -> str:
    """The matching form of words: folded quote marks and dashes, single spaces."""
    text = "".join(c for c in text.translate(_FOLD) if c not in _DROP)
    return re.sub(" {2,}", " ", text)


@dataclass
class Segment:
    """A run of text in the tree: `parent.text` (child None) or `child.tail`."""

    parent: etree.Element
    child: etree.Element | None
    raw: str  # the original string, as read
    start: int  # offset of its first character in the stream
    offsets: list[int]  # for each stream character, its index in the original string
    paragraph: int  # number of the enclosing numbered paragraph, 0 if none
    terms_allowed: bool
    in_notes: bool

    @property
    def end(self) -> int:
        return self.start + len(self.offsets)


@dataclass
class Stream:
    text: str
    segments: list[Segment]
    starts: list[int] = field(default_factory=list)

    def segment_at(self, position: int) -> Segment:
        import bisect

        return self.segments[bisect.bisect_right(self.starts, position) - 1]

    def paragraph_at(self, position: int) -> int:
        return self.segment_at(position).paragraph if self.segments else 0


def read_stream(root: etree.Element) -> Stream:
    """The visible, normalised text of `root`, in reading order."""
    chars: list[str] = []
    segments: list[Segment] = []

    def add(parent, child, raw, paragraph, terms_allowed, in_notes):
        if not raw:
            return
        raw_text, raw = raw, _PLACEHOLDER.sub(lambda m: " " * len(m.group()), raw)
        offsets: list[int] = []
        start = len(chars)
        for i, c in enumerate(raw.translate(_FOLD)):  # _FOLD maps one character to one
            if c in _DROP or (c == " " and (not chars or chars[-1] == " ")):
                continue
            chars.append(c)
            offsets.append(i)
        if offsets:
            segments.append(Segment(parent, child, raw_text, start, offsets, paragraph,
                                    terms_allowed, in_notes))

    def separate(el):
        if el.tag in BLOCKS and chars and chars[-1] != " ":
            chars.append(" ")

    def walk(el, paragraph, terms_allowed, in_notes):
        separate(el)
        classes = set((el.get("class") or "").split())
        pid = el.get("id") or ""
        if pid.startswith("p") and pid[1:].isdigit():
            paragraph = int(pid[1:])
        terms_allowed = terms_allowed and el.tag not in NO_TERMS
        in_notes = in_notes or "footnote" in classes
        add(el, None, el.text, paragraph, terms_allowed, in_notes)
        for child in el:
            child_classes = set((child.get("class") or "").split())
            if not (child_classes & SKIP_CLASSES):
                walk(child, paragraph, terms_allowed, in_notes)
                separate(child)
            add(el, child, child.tail, paragraph, terms_allowed, in_notes)

    walk(root, 0, True, False)
    stream = Stream("".join(chars), segments)
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
    matches = [
        p for p in find_all(stream, anchor.quote)
        if stream.text[:p].rstrip().endswith(prefix)
        and stream.text[p + len(needle):].lstrip().startswith(suffix)
    ]
    if len(matches) == 1:
        return matches[0], matches[0] + len(needle)
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
