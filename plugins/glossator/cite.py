"""Citing a text: the citation a reader pastes, the tags that reference managers and Google
Scholar read in a page's head (Highwire Press `citation_*`), and the files they import
(CSL-JSON, BibTeX, RIS), written at build time beside the text's page.

A citation names the original and the edition's page. Every value is a contributor's plain
text: each format escapes it here, by its own rules.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape

from .header import format_authors, format_date, venue
from .model import Text


@dataclass(frozen=True, slots=True)
class EditionPage:
    """Where a text is read: the edition's name, the address of the text's page on the hosted
    edition (empty when the edition sets no `site_url`) and the edition's language."""

    name: str
    address: str = ""
    language: str = ""


# The citation files, by the suffix of their names: what a reader's reference manager imports.
FORMATS = {"bib": "BibTeX", "ris": "RIS", "csl.json": "CSL-JSON"}


def full_title(text: Text) -> str:
    return text.title + (f": {text.subtitle}" if text.subtitle else "")


def _closed(words: str) -> str:
    """A sentence of a citation ends once: "A Marriage of convenience?" takes no full stop."""
    return words if words.endswith((".", "?", "!")) else words + "."


def _segments(text: Text, page: EditionPage) -> list[tuple[str, str]]:
    """The citation as (role, words): the plain text joins the words, the HTML marks the roles
    that the reader's script reads (authors, title, address) or fills (the date of access)."""
    parts: list[tuple[str, str]] = []
    if text.authors:
        parts += [("authors", format_authors(text)), ("", ". ")]
    parts += [("", "“"), ("title", full_title(text)), ("", ".” ")]
    if venue(text):
        parts.append(("", f"{venue(text)}, "))
    parts.append(("", _closed(format_date(text))))
    if text.url:
        parts += [("", " "), ("link", text.url), ("", ".")]
    if page.address:
        parts += [("", " Annotated edition: "), ("edition", page.name), ("", ", "),
                  ("address", page.address), ("accessed", ""), ("", ".")]
    return parts


def citation(text: Text, page: EditionPage) -> str:
    """The citation in plain text, as it reads without the reader's script (no date of access)."""
    return "".join(words for _, words in _segments(text, page))


def render_citation(text: Text, page: EditionPage, downloads: dict[str, str]) -> str:
    """The citation (the reader's script adds the date of access and a copy button), then links
    to the citation files: `downloads` maps a format's name to the file's address."""
    html = []
    for role, words in _segments(text, page):
        if role in ("link", "address"):
            html.append(f'<a class="gl-cite__{role}" href="{escape(words)}">{escape(words)}</a>')
        elif role:
            html.append(f'<span class="gl-cite__{role}">{escape(words)}</span>')
        else:
            html.append(escape(words))
    files = " · ".join(f'<a href="{escape(href)}">{escape(name)}</a>' for name, href in downloads.items())
    return (f'<p class="gl-cite__text">{"".join(html)}</p>'
            + (f'<p class="gl-cite__files">For a reference manager: {files}</p>' if files else ""))


def _note(text: Text, page: EditionPage) -> str:
    """What the citation files add to the original's record: the edition, a qualified date."""
    notes = [f"Annotated edition: {page.name}, {page.address}" if page.address else "",
             f"Date: {text.date_note}" if text.date_note else ""]
    return ". ".join(n for n in notes if n)


def highwire_tags(text: Text, page: EditionPage) -> str:
    """`<meta name="citation_*">` tags for the page's head, values escaped for an attribute."""
    tags = [("citation_title", full_title(text))]
    tags += [("citation_author", author) for author in text.authors]
    tags.append(("citation_publication_date", text.date.replace("-", "/")))
    for name, value in (("citation_journal_title", text.publication),
                        ("citation_publisher", text.publisher),
                        ("citation_public_url", page.address),
                        ("citation_language", page.language)):
        if value:
            tags.append((name, value))
    return "".join(f'<meta name="{name}" content="{escape(value)}">' for name, value in tags)


# A text with a publication is cited as an article in it, any other as a document: the front
# matter does not say more (a report, a web page, a working paper are all one kind here).
def _is_article(text: Text) -> bool:
    return bool(text.publication)


def _name_parts(name: str) -> tuple[str, str]:
    """(family, given): the last word is the surname, as the edition's labels read it."""
    given, _, family = name.strip().rpartition(" ")
    return family, given


def csl_json(text: Text, page: EditionPage) -> str:
    """One CSL-JSON item (Zotero, Pandoc, citeproc), in a list as CSL-JSON files hold them."""
    item: dict[str, object] = {"id": text.id, "type": "article-journal" if _is_article(text) else "document",
                               "title": full_title(text)}
    if text.authors:
        item["author"] = [{"family": family, "given": given} if given else {"literal": family}
                          for family, given in map(_name_parts, text.authors)]
    for key, value in (("container-title", text.publication), ("issue", text.issue),
                       ("publisher", text.publisher), ("URL", text.url),
                       ("language", page.language), ("note", _note(text, page))):
        if value:
            item[key] = value
    item["issued"] = {"date-parts": [[int(part) for part in text.date.split("-")]]}
    return json.dumps([item], ensure_ascii=False, indent=2) + "\n"


# In a BibTeX value every brace counts, escaped or not: braces and the characters TeX reads
# as commands become commands whose own braces balance.
_TEX = str.maketrans({
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}",
    "%": r"\%", "&": r"\&", "#": r"\#", "_": r"\_", "$": r"\$",
    "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
})
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def _tex(value: str) -> str:
    return " ".join(value.split()).translate(_TEX)


def _bib_name(name: str) -> str:
    """A name BibTeX would split wrongly (at a comma, or at an "and") is kept whole in braces."""
    name = _tex(name)
    return f"{{{name}}}" if "," in name or re.search(r"\band\b", name, re.I) else name


def _bib_url(url: str) -> str:
    """URLs are read verbatim: only the characters that would break the entry are encoded."""
    return url.replace("\\", "%5C").replace("{", "%7B").replace("}", "%7D")


def bibtex(text: Text, page: EditionPage) -> str:
    """One BibTeX entry (it reads in BibTeX and biblatex alike), keyed by the text's id."""
    date = text.date.split("-")
    fields = [("author", " and ".join(map(_bib_name, text.authors))),
              ("title", f"{{{_tex(full_title(text))}}}"),  # kept as written: no case change
              ("journal" if _is_article(text) else "howpublished", _tex(text.publication)),
              ("number", _tex(text.issue)), ("publisher", _tex(text.publisher)),
              ("year", date[0]), ("date", text.date if len(date) > 1 else ""), ("url", _bib_url(text.url)),
              ("note", _tex(_note(text, page)))]
    lines = [f"  {key} = {{{value}}}," for key, value in fields if value]
    if len(date) > 1:
        lines.append(f"  month = {_MONTHS[int(date[1]) - 1]},")
    kind = "article" if _is_article(text) else "misc"
    return f"@{kind}{{{text.id},\n" + "\n".join(lines) + "\n}\n"


def _ris_value(value: str) -> str:
    """A RIS value is one line: no line break, no control character."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", "", " ".join(value.split()))


def ris(text: Text, page: EditionPage) -> str:
    """One RIS record (EndNote, Zotero, Mendeley): `TY` first, `ER` last, one tag a line."""
    tags = [("TY", "JOUR" if _is_article(text) else "GEN")]
    tags += [("AU", ", ".join(p for p in _name_parts(author) if p)) for author in text.authors]
    tags += [("TI", full_title(text)), ("T2", text.publication), ("IS", text.issue),
             ("PB", text.publisher), ("PY", text.date[:4]), ("DA", text.date.replace("-", "/")),
             ("UR", text.url), ("LA", page.language), ("N1", _note(text, page))]
    lines = [f"{tag}  - {_ris_value(value)}" for tag, value in tags if _ris_value(value)]
    return "\r\n".join([*lines, "ER  - "]) + "\r\n"


def cite_files(text: Text, page: EditionPage) -> dict[str, str]:
    """The citation files of a text, by suffix (see FORMATS)."""
    return {"bib": bibtex(text, page), "ris": ris(text, page), "csl.json": csl_json(text, page)}
