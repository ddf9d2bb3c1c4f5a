"""Wrap ranges of a stream's text in elements, and put markers after them, in the tree.

Ranges may nest (a term inside a noted passage, a note inside a cross-referenced passage) and
may cross inline markup: each piece of text a range covers is wrapped on its own, so the
tree stays well formed and no word of the text is changed, dropped or moved.
"""

from __future__ import annotations

import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Callable

from markdown.util import AtomicString

from .anchor import Segment, Stream


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    wrap: Callable[[bool], etree.Element]  # called with True for the range's first piece
    marker: Callable[[], etree.Element] | None = None  # put right after the range


def splice(stream: Stream, spans: list[Span]) -> None:
    """Apply every span to the tree; spans are stream ranges of `stream`."""
    spans = sorted(spans, key=lambda s: (s.start, -s.end))
    inside: list[Span] = []  # spans begun before this segment ends and not ended before it
    following = 0  # the first span not begun yet
    for segment in stream.segments:
        while following < len(spans) and spans[following].start < segment.end:
            inside.append(spans[following])
            following += 1
        inside = [s for s in inside if s.end > segment.start]
        if inside:
            _rebuild(segment, inside, [s for s in inside if s.marker and s.end <= segment.end])


def _original_index(segment: Segment, position: int) -> int:
    if position <= segment.start:
        return 0
    if position >= segment.end:
        return len(segment.raw)
    return segment.offsets[position - segment.start]


def _rebuild(segment: Segment, spans: list[Span], ends_here: list[Span]) -> None:
    cuts = sorted({segment.start, segment.end}
                  | {p for s in spans for p in (s.start, s.end) if segment.start < p < segment.end}
                  | {s.end for s in ends_here})
    lead, nodes = "", []  # text before the first element; elements, each with its tail
    for a, b in zip(cuts, cuts[1:]):
        piece = segment.raw[_original_index(segment, a):_original_index(segment, b)]
        covering = [s for s in spans if s.start <= a and s.end >= b]
        if covering:
            outer = inner = covering[0].wrap(covering[0].start == a)
            for span in covering[1:]:
                child = span.wrap(span.start == a)
                inner.append(child)
                inner = child
            inner.text = AtomicString(piece)
            nodes.append(outer)
        elif nodes:
            nodes[-1].tail = (nodes[-1].tail or "") + piece
        else:
            lead += piece
        # Markers of ranges that end here, innermost first.
        for span in sorted((s for s in ends_here if s.end == b), key=lambda s: -s.start):
            nodes.append(span.marker())
    _place(segment, lead, nodes)


def _place(segment: Segment, lead: str, nodes: list[etree.Element]) -> None:
    if segment.child is None:
        segment.parent.text = lead
        index = 0
    else:
        segment.child.tail = lead
        index = list(segment.parent).index(segment.child) + 1
    for offset, node in enumerate(nodes):
        segment.parent.insert(index + offset, node)
