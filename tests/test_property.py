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

from glossator import cli
from glossator.anchor import read_stream
from glossator.load import load_texts, read_body
from glossator.extension import GlossatorExtension
from glossator.model import Anchor, Annotations, Note, PageLinks, Where

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
    extension = GlossatorExtension(Annotations(notes=notes))
    extension.begin(text, PageLinks(f"texts/{text.id}.md"))
    md = markdown.Markdown(extensions=[*cli.EXTENSIONS, extension],
                           extension_configs=cli.EXTENSION_CONFIGS)
    return md.convert(read_body(text))


def unique_quotes(text, rng: random.Random, count: int) -> list[str]:
    """Random runs of 2-8 words within one paragraph, as a reader sees it, each occurring once
    (not in headings, where no note may be anchored)."""
    extension = GlossatorExtension()
    extension.begin(text, PageLinks(f"texts/{text.id}.md"))
    md = markdown.Markdown(extensions=[*cli.EXTENSIONS, extension, CaptureExtension()],
                           extension_configs=cli.EXTENSION_CONFIGS)
    md.convert(read_body(text))
    root = md.captured
    stream = read_stream(root).text
    blocks = [read_stream(el).text.split(" ") for el in root.iter() if el.tag == "p"]
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
