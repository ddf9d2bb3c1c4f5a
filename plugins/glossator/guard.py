"""What a text's Markdown may not hold, reported where it is written and made harmless.

A text is rendered by Python-Markdown with the site's extensions, so its checks are made by
that renderer as it renders, by processors that stand in for the ones they guard: raw HTML,
inline or as a block, is written out as text; an attribute list assigns nothing; an
abbreviation definition defines nothing (its title would be shown as HTML); after the inline
pass every link is judged, images and titles refused, and a footnote reference left as written (it has
no definition) is found. On pages that are not texts the guards do what they stand in for.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree
from collections.abc import Callable
from html import escape
from typing import Any

from markdown import Markdown
from markdown.extensions.abbr import AbbrBlockprocessor
from markdown.extensions.attr_list import AttrListTreeprocessor
from markdown.inlinepatterns import HTML_RE, HtmlInlineProcessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

from .render import unsafe_link

Report = Callable[[str, str, str], None]  # (the words as written, message, hint)

NO_HTML = "write the text in Markdown; the edition shows no HTML written in a text"
LEFT_AS_WRITTEN = re.compile(r"\[\^[^\]\s]+\]")  # a footnote reference with no definition


class Guarded:
    """A guard knows whether the page being converted is a text (`active()`) and reports to it."""

    def __init__(self, active: Callable[[], bool], report: Report) -> None:
        self.active, self.report = active, report


class RawHtml(HtmlInlineProcessor):
    def __init__(self, md: Markdown, guarded: Guarded) -> None:
        super().__init__(HTML_RE, md)
        self.guarded = guarded

    def handleMatch(self, m: re.Match[str], data: str) -> tuple[Any, int, int]:  # noqa: N802
        if not self.guarded.active():
            return super().handleMatch(m, data)
        self.guarded.report(m.group(1), f"raw HTML is not allowed in a text: {m.group(1)[:40]!r}",
                            NO_HTML)
        return AtomicString(m.group(1)), m.start(0), m.end(0)


class RawHtmlBlocks(Preprocessor):
    """Runs the HTML block preprocessor it stands for; on a text, what that stashed is reported
    and stashed again as text."""

    def __init__(self, md: Markdown, inner: Preprocessor, guarded: Guarded) -> None:
        super().__init__(md)
        self.inner, self.guarded = inner, guarded

    def run(self, lines: list[str]) -> list[str]:
        stash = self.md.htmlStash.rawHtmlBlocks
        before = len(stash)
        lines = self.inner.run(lines)
        if self.guarded.active():
            for index in range(before, len(stash)):
                entry = stash[index]  # md_in_html stashes elements, to convert their Markdown
                if isinstance(entry, str):
                    raw = written = entry.strip().splitlines()[0] if entry.strip() else entry
                else:
                    raw, written, entry = f"<{entry.tag} ...>", f"<{entry.tag}", self.md.serializer(entry)
                self.guarded.report(written, f"raw HTML is not allowed in a text: {raw[:40]!r}", NO_HTML)
                stash[index] = escape(entry, quote=False)
        return lines


class AttrLists(AttrListTreeprocessor):
    def __init__(self, md: Markdown, guarded: Guarded) -> None:
        super().__init__(md)
        self.guarded = guarded

    def assign_attrs(self, elem: etree.Element, attrs_string: str, *, strict: bool = False) -> str:
        if not self.guarded.active():
            return super().assign_attrs(elem, attrs_string, strict=strict)
        self.guarded.report(attrs_string.strip(), "attribute lists are not allowed in a text: "
                            f"{'{' + attrs_string.strip()[:40] + '}'!r}",
                            "remove the braces (write \\{ for a brace of the text); classes, ids and "
                            "attributes are the engine's")
        return ""


class Abbreviations(AbbrBlockprocessor):
    def __init__(self, md: Markdown, abbrs: dict, guarded: Guarded) -> None:
        super().__init__(md.parser, abbrs)
        self.guarded = guarded

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        if not self.guarded.active():
            return super().run(parent, blocks)
        known = dict(self.abbrs)
        found = super().run(parent, blocks)
        for abbr in set(self.abbrs) - set(known):
            del self.abbrs[abbr]
            self.guarded.report(f"*[{abbr}]", f"abbreviation definitions are not allowed in a "
                                f"text: '*[{abbr}]'", "explain it in annotations/glossary.yml")
        return found


class InlineChecks(Treeprocessor):
    """After the inline pass: links go only where a reader may be sent, no image, no title (the theme shows titles as HTML; the footnotes' own back links keep theirs),
    every footnote reference has its note."""

    def __init__(self, md: Markdown, guarded: Guarded) -> None:
        super().__init__(md)
        self.guarded = guarded

    def run(self, root: etree.Element) -> None:
        if not self.guarded.active():
            return
        report = self.guarded.report
        for el in root.iter():
            href, src = el.get("href"), el.get("src")
            if href is not None and unsafe_link(href):
                report(href, *unsafe_link(href))
                el.tag = "span"  # its words stay; a link without an address would trip MkDocs
                del el.attrib["href"]
            if el.tag == "img":
                report(src or "![", "images are not allowed in a text",
                       "a chart that survives only as labels is a timeline (see CONTRIBUTING.md)")
                el.tag, el.text = "span", el.get("alt", "")
                el.attrib.clear()
            if el.get("title") is not None and el.get("class") != "footnote-backref":
                report(el.get("title"), f"link titles are not allowed in a text: {el.get('title')[:40]!r}",
                       'write [words](https://...) without "a title"')
                del el.attrib["title"]
            if el.tag not in ("code", "pre"):
                self._footnotes(el.text)
            self._footnotes(el.tail)

    def _footnotes(self, text: str | None) -> None:
        for reference in LEFT_AS_WRITTEN.findall(text or ""):
            self.guarded.report(reference, f"footnote reference {reference} has no definition",
                                f"add '{reference}: ...' at the end of the text, or remove the "
                                "reference")


def install(md: Markdown, guarded: Guarded) -> None:
    """Put the guards in place of what they guard (at Python-Markdown's own priorities)."""
    md.inlinePatterns.register(RawHtml(md, guarded), "html", 90)
    if "html_block" in md.preprocessors:
        md.preprocessors.register(RawHtmlBlocks(md, md.preprocessors["html_block"], guarded),
                                  "html_block", 20)
    if "attr_list" in md.treeprocessors:
        md.treeprocessors.register(AttrLists(md, guarded), "attr_list", 8)
    if "abbr" in md.parser.blockprocessors:
        abbrs = md.parser.blockprocessors["abbr"].abbrs
        md.parser.blockprocessors.register(Abbreviations(md, abbrs, guarded), "abbr", 16)
    # After the inline pass (20) and the footnotes' (19, 15); before the apparatus (12).
    md.treeprocessors.register(InlineChecks(md, guarded), "glossator-checks", 13)
