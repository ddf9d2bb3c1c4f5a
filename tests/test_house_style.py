"""The edition's house style for notes, definitions and summaries (CONTRIBUTING, "What a note or
a definition must hold"): read in a margin or a popover, they keep their sentences short, and
their sources are not Wikipedia, its copies or re-posting sites. These are this edition's rules,
not every edition's, so the engine does not enforce them."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from conftest import ROOT
from glossator.load import read_edition

EDITION = read_edition(ROOT / "sources", ROOT / "annotations")
LONGEST_SENTENCE = 36  # words: "under about 35"
MOST_SENTENCES = 5
# Where a primary or authoritative source exists, these are never the one to cite.
WEAK_HOSTS = ("wikipedia.org", "wikiwand.com", "wikimili.com", "wikimedia.org", "kiwix.org",
              "findatwiki.com", "blogen.wiki", "xe.com", "exchange-rates.org",
              "hispanicbusiness.com", "peak-oil.org")
_ABBREVIATIONS = ("No", "Nos", "p", "pp", "vol", "ed", "eds", "cf", "St", "Dr", "Mr", "Mrs",
                  "Art", "c", "ca", "approx", "Gen", "Lt", "Col", "Jr", "Sr", "U.S", "U.N")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]*\s+(?=[\"“‘(*_]*[A-Z0-9])")
_URL = re.compile(r"https?://[^\s)\"<>]+")


def plain_words(markdown: str) -> str:
    """The words a reader sees: link targets, emphasis and line breaks gone."""
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    text = re.sub(r"[*_`\[\]]", "", text)
    return " ".join(text.split())


def sentences(markdown: str) -> list[str]:
    """Sentences, split after a full stop that ends neither an abbreviation nor an initial."""
    found: list[str] = []
    start = 0
    text = plain_words(markdown)
    for end in _SENTENCE_END.finditer(text):
        words = text[start:end.start()].split()
        last = words[-1].rstrip(".!?\"”’)") if words else ""
        if last in _ABBREVIATIONS or re.fullmatch(r"[A-Z]|[a-z]\.[a-z]", last):
            continue
        found.append(text[start:end.start()])
        start = end.end()
    rest = text[start:].strip()
    return found + [rest] if rest else found


def place(item) -> str:
    return f"{item.where.path.relative_to(ROOT)}:{item.where.line}"


def writings() -> list[tuple[str, str, str]]:
    """(where, what, Markdown) for every note, definition and summary of the edition."""
    found = [(place(n), f"note {n.id}", n.body) for n in EDITION.annotations.notes]
    found += [(place(t), f"term {t.id}", t.definition) for t in EDITION.annotations.terms]
    found += [(place(c), f"group {c.id}", c.summary) for c in EDITION.annotations.crossrefs]
    return found


def test_the_edition_reads():
    assert EDITION.problems == ()
    assert len(writings()) > 100


def test_the_splitter_knows_abbreviations_and_initials():
    assert sentences("Decree No. 569 of 26 October 2017 came first. It was signed by "
                     "N. A. Nazarbayev, e.g. in Astana.") == [
        "Decree No. 569 of 26 October 2017 came first.",
        "It was signed by N. A. Nazarbayev, e.g. in Astana."]
    assert sentences("Read **Seliger**: the [forum](https://x.org/a.b) is named so.") == [
        "Read Seliger: the forum is named so."]


@pytest.mark.parametrize(("where", "what", "markdown"), writings(), ids=lambda v: str(v)[:40])
def test_sentences_are_short(where, what, markdown):
    long = [s for s in sentences(markdown) if len(s.split()) > LONGEST_SENTENCE]
    assert not long, (f"{where}: {what} has a sentence of {len(long[0].split())} words "
                      f"(at most {LONGEST_SENTENCE}; split it): {long[0]}")


@pytest.mark.parametrize(("where", "what", "markdown"), writings(), ids=lambda v: str(v)[:40])
def test_at_most_five_sentences(where, what, markdown):
    count = len(sentences(markdown))
    assert count <= MOST_SENTENCES, (f"{where}: {what} has {count} sentences (at most "
                                     f"{MOST_SENTENCES}: keep what the passage needs)")


def host(url: str) -> str:
    return (urlsplit(url).hostname or "").rstrip(".")  # "wikipedia.org." is wikipedia.org


def weak(url: str) -> bool:
    return any(host(url) == h or host(url).endswith("." + h) for h in WEAK_HOSTS)


def cited() -> list[tuple[str, str]]:
    """(where, address) of every address in the sources of the notes and terms."""
    sourced = [*EDITION.annotations.notes, *EDITION.annotations.terms]
    return [(place(item), url)
            for item in sourced for line in item.sources for url in _URL.findall(line)]


def test_no_source_is_an_encyclopaedia_or_a_re_post():
    found = [f"{where}: {url}" for where, url in cited() if weak(url)]
    assert not found, "cite a primary or authoritative source instead:\n" + "\n".join(found)


def test_the_source_check_sees_addresses_and_hosts():
    assert len(cited()) > 300
    line = "Wikipedia, \"A\", https://en.m.wikipedia.org./wiki/A (a fact)"
    assert [weak(url) for url in _URL.findall(line)] == [True]
    assert not weak("https://www.reuters.com/article/x") and not weak("https://notwikipedia.org/")
