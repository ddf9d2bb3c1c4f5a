"""Fidelity: prove that every word of a witness is in the page built from its transcription.

A spec (`tests/fidelity/<id>.yml`) says which lines of the witness hold the text, which were
left out and why, which hold the author's endnotes and which the loose labels of a figure. The
page's text is split the same way (main text, footnotes, figures) and compared word by word.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "tests" / "fidelity"
WITNESSES = ROOT / "sources" / "witnesses"

# Hyphens are deleted, not split on: "Kazakh-\nstan" and "post-Soviet" then compare equal
# whichever way the transcriber resolved a line-end hyphen.
_HYPHENS = re.compile("[-\u00ad\u2010\u2011]")
_WORD = re.compile(r"[^\W\d_]+|\d+")


@dataclass(frozen=True)
class Word:
    text: str
    line: int  # line of the witness, 0 for page words


def words(text: str, line: int = 0) -> list[Word]:
    return [Word(w, line) for w in _WORD.findall(_HYPHENS.sub("", text))]


@dataclass(frozen=True)
class WitnessParts:
    main: list[Word]
    notes: list[Word]
    figures: list[Word]


def load_spec(text_id: str) -> dict | None:
    """The text's spec (tests/fidelity/<id>.yml); without one, the whole witness is the text, its
    words in order; None for a text without a witness."""
    path = SPECS / f"{text_id}.yml"
    if path.is_file():
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    source = (ROOT / "sources" / f"{text_id}.md").read_text(encoding="utf-8")
    witness = (yaml.safe_load(source.split("---\n", 2)[1]) or {}).get("witness")
    if not witness:
        return None
    name = Path(witness).name
    return {"witness": name, "lines": [1, len((WITNESSES / name).read_text(encoding="utf-8").splitlines())],
            "whole": True}


def _in(ranges: list[list[int]], n: int) -> bool:
    return any(a <= n <= b for a, b in ranges)


def split_witness(spec: dict) -> WitnessParts:
    """The witness's words within `lines`, less `omit`, sorted into main text, notes and figures."""
    lines = (WITNESSES / spec["witness"]).read_text(encoding="utf-8").splitlines()
    first, last = spec["lines"]
    notes, figures = spec.get("notes", []), spec.get("figures", [])
    dropped = [o["lines"] for o in spec.get("omit", []) if "text" not in o]
    partial = {}
    for o in spec.get("omit", []):
        if "text" in o:
            for n in range(o["lines"][0], o["lines"][1] + 1):
                partial.setdefault(n, []).append(o["text"])
    parts = WitnessParts([], [], [])
    glued: dict[int, bool] = {}  # per stream: does its last word go on in the next line?
    in_url: dict[int, bool] = {}  # per stream: is a URL open at the end of its last line?
    next_note = 1
    for n in range(first, last + 1):
        line = lines[n - 1]
        if _in(dropped, n):
            continue
        for text in partial.get(n, []):
            if text not in line:
                raise AssertionError(f"{spec['witness']}:{n}: omitted text {text!r} not on this line")
            line = line.replace(text, " ", 1)
        if _in(notes, n):
            # The footnote list numbers itself: the printed note number is not in its text.
            m = re.match(rf"\s*{next_note}\s", line)
            if m:
                line, next_note = line[m.end():], next_note + 1
            stream = parts.notes
        elif _in(figures, n):
            stream = parts.figures
        else:
            stream = parts.main
        _extend(stream, line, n, glued.get(id(stream), False))
        if line.strip():
            in_url[id(stream)] = _url_open(line, in_url.get(id(stream), False))
            last = line.rstrip()[-1]
            # A word goes on in the next line after a hyphen, or where a URL was broken.
            glued[id(stream)] = bool(_HYPHENS.match(last)) or (in_url[id(stream)] and last.isalnum())
    return parts


def _url_open(line: str, was_open: bool) -> bool:
    """Is an angle-bracketed URL (`<http...>`) still open at the end of the line?"""
    opened, closed = line.rfind("<http"), line.rfind(">")
    return opened > closed if opened >= 0 or closed >= 0 else was_open


def _extend(stream: list[Word], line: str, n: int, glued: bool) -> None:
    """Add a line's words; after a line that ended in a hyphen, its first word joins the last."""
    new = words(line, n)
    if glued and stream and new and stream[-1].text[0].isalpha() == new[0].text[0].isalpha():
        stream[-1] = Word(stream[-1].text + new.pop(0).text, stream[-1].line)
    stream.extend(new)


# Elements whose boundaries separate words; inline elements (links, emphasis) do not.
_BLOCKS = {
    "p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "dt", "dd", "td", "th", "tr", "br",
    "figcaption", "blockquote", "header", "section", "summary", "details", "ol", "ul", "dl",
    "table", "hr", "figure", "aside", "nav", "text", "tspan", "title", "caption", "sup",
}


class _PageText(HTMLParser):
    """Collects the text of a page into main, notes (footnote list) and figures (timelines)."""

    def __init__(self, root_class: str | None) -> None:
        super().__init__(convert_charrefs=True)
        self.root_class = root_class
        self.stack: list[str] = []  # region of each open element
        self.chunks: dict[str, list[str]] = {"main": [], "notes": [], "figures": [], "": []}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        region = self.stack[-1] if self.stack else ("" if self.root_class else "main")
        if self.root_class and self.root_class in classes:
            region = "main"
        if region == "main" and "footnote" in classes:
            region = "notes"
        elif region == "main" and ("gl-timeline" in classes or "language-timeline" in classes):
            region = "figures"
        if tag in _BLOCKS:
            self.chunks[region].append(" ")
        if tag not in {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"}:
            self.stack.append(region)

    def handle_endtag(self, tag: str) -> None:
        if self.stack and tag not in {"br", "hr", "img", "input", "meta", "link", "wbr"}:
            region = self.stack.pop()
            if tag in _BLOCKS:
                self.chunks[region].append(" ")

    def handle_data(self, data: str) -> None:
        region = self.stack[-1] if self.stack else ("" if self.root_class else "main")
        self.chunks[region].append(data)


def page_parts(html: str, root_class: str | None = "md-content__inner") -> dict[str, list[Word]]:
    parser = _PageText(root_class)
    parser.feed(html)
    return {k: words("".join(v)) for k, v in parser.chunks.items() if k}


def missing(expected: list[Word], found: list[Word]) -> list[str]:
    """Expected words absent from `found` (in order), each as 'line N: words'."""
    a, b = [w.text for w in expected], [w.text for w in found]
    problems = []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op in ("delete", "replace"):
            got = " ".join(b[j1:j2][:12])
            problems.append(
                f"witness line {expected[i1].line}: missing {' '.join(a[i1:i2][:20])!r}"
                + (f" (page has {got!r})" if got else "")
            )
    return problems


def missing_unordered(expected: list[Word], found: list[Word]) -> list[str]:
    lacking = Counter(w.text for w in expected) - Counter(w.text for w in found)
    return [f"figure word missing: {w!r} x{n}" for w, n in sorted(lacking.items())]


def check(text_id: str, html: str, root_class: str | None = "md-content__inner") -> list[str]:
    """Every problem found comparing the witness of `text_id` with the page HTML."""
    spec = load_spec(text_id)
    if spec is None:
        return []
    witness = split_witness(spec)
    page = page_parts(html, root_class)
    if spec.get("whole"):  # no spec: the witness's words, in order, are the page's text and notes
        return missing(witness.main, page["main"] + page["notes"])
    return (
        missing(witness.main, page["main"])
        + [f"(notes) {p}" for p in missing(witness.notes, page["notes"])]
        + missing_unordered(witness.figures, page["figures"])
    )
