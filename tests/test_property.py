"""Property: any passage of a real text anchors, and annotating never changes a word."""

from __future__ import annotations

import copy
import random
import re
import xml.etree.ElementTree as etree
from html import unescape

import markdown
import pytest
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from glossator import cli, render
from glossator.anchor import read_stream
from glossator.load import load_annotations, load_texts, read_body
from glossator.model import Anchor, Annotations, Note, Where
from glossator.render import render_body, render_commonmark, render_paragraph

from conftest import ROOT

TEXTS = load_texts(ROOT / "sources")


def words_of(html: str) -> list[str]:
    """The words of a page: the engine's lists and markers left out, inline tags dissolved."""
    body = re.sub(r'<section class="gl-(notes|xrefs|terms)">.*?</section>', "", html, flags=re.S)
    body = re.sub(r"<sup class=\"gl-marker\".*?</sup>", "", body, flags=re.S)
    body = re.sub(r"</?(mark|a|em|strong|span|code)\b[^>]*>", "", body)
    return unescape(re.sub(r"<[^>]+>", " ", body)).split()


class _Capture(Treeprocessor):
    """Keeps a copy of the tree as the engine reads it (right after it ran)."""

    def run(self, root: etree.Element) -> None:
        self.md.captured = copy.deepcopy(root)


class CaptureExtension(Extension):
    def extendMarkdown(self, md) -> None:  # noqa: N802
        md.treeprocessors.register(_Capture(md), "capture", 11)


def convert(text, notes: tuple[Note, ...]) -> str:
    extension = cli.GlossatorExtension(Annotations(notes=notes))
    extension.text = text
    md = markdown.Markdown(extensions=[*cli.EXTENSIONS, extension],
                           extension_configs=cli.EXTENSION_CONFIGS)
    return md.convert(read_body(text))


def unique_quotes(text, rng: random.Random, count: int) -> list[str]:
    """Random runs of 2-8 words within one paragraph, as a reader sees it, each occurring once."""
    extension = cli.GlossatorExtension()
    extension.text = text
    md = markdown.Markdown(extensions=[*cli.EXTENSIONS, extension, CaptureExtension()],
                           extension_configs=cli.EXTENSION_CONFIGS)
    md.convert(read_body(text))
    root = md.captured
    stream = read_stream(root).text
    blocks = [read_stream(el).text.split(" ") for el in root.iter() if el.tag in ("p", "h2", "h3")]
    blocks = [b for b in blocks if len(b) > 2]
    quotes: list[str] = []
    for _ in range(count * 20):
        words = rng.choice(blocks)
        start = rng.randrange(len(words))
        quote = " ".join(words[start:start + rng.randint(2, 8)]).strip()
        if len(quote) > 6 and stream.count(quote) == 1 and quote not in quotes:
            quotes.append(quote)
        if len(quotes) == count:
            break
    return quotes


@pytest.mark.parametrize("text", TEXTS, ids=[t.id for t in TEXTS])
def test_random_quotes_anchor_and_words_stay_the_same(text):
    rng = random.Random(text.id)  # deterministic per text
    quotes = unique_quotes(text, rng, 25)
    assert len(quotes) >= 10
    notes = tuple(Note(f"n{i}", Anchor(text.id, q, Where(text.where.path, i)), "Body.",
                       Where(text.where.path, i)) for i, q in enumerate(quotes))
    plain = words_of(convert(text, ()))
    annotated_html = convert(text, notes)
    assert words_of(annotated_html) == plain
    assert annotated_html.count('class="gl-marker"') == len(quotes)


# Pieces that make CommonMark do something (or nothing) in a note body.
BODY_PIECES = [*"abc xyzәөқ\"'.,;:()?/%$@", "\n", "\t", "  ", "\u00a0", "1", "1.", "-", "*", "#",
               "=", "_", "<", "&", "[", "]", "!", "`", ">", "|", "~", "\\", "\r", "\n\n", "    ",
               "http://x", "&amp;", "[a]: /u", "[a]", "**", "](http://x)", "+"]


def test_bodies_render_as_markdown_it_renders_them(monkeypatch):
    """`render_body` skips markdown-it-py for plain prose, and its block parser for a body that
    is one paragraph; it must give exactly what markdown-it gives, for random bodies and for
    every body of the edition."""
    rng = random.Random(7)
    bodies = ["".join(rng.choice(BODY_PIECES) for _ in range(rng.randint(0, 12)))
              for _ in range(20000)]
    annotations = load_annotations(ROOT / "annotations", TEXTS)
    edition = [n.body for n in annotations.notes] + [t.definition for t in annotations.terms]
    by_markdown_it: list[str] = []
    by_paragraph: list[str] = []
    monkeypatch.setattr(render, "render_commonmark",
                        lambda source: by_markdown_it.append(source) or render_commonmark(source))
    monkeypatch.setattr(render, "render_paragraph",
                        lambda source: by_paragraph.append(source) or render_paragraph(source))
    for body in bodies + edition:
        render_body.cache_clear()
        assert render_body(body) == render_commonmark(body), repr(body)
    render_body.cache_clear()
    plain = len(bodies) + len(edition) - len(by_markdown_it) - len(by_paragraph)
    assert plain > 1500 and len(by_paragraph) > 1500  # both shorter paths were taken
    assert len(set(edition) - set(by_markdown_it)) > 100  # by most of the edition
