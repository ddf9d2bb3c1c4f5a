"""The header of a text page: the text first (title, then one line of author, venue and date),
and one click away what it is, where it comes from and how to cite it; and the frame of the
printed page (the imprint of its first page, its running heads).

Every value is a contributor's plain text, escaped here, where it is written into HTML or CSS.
"""

from __future__ import annotations

import datetime
from html import escape

from .model import Text

WORDS_PER_MINUTE = 230
RUNNING_TITLE = 60  # characters: a longer title is shortened in the running heads


def format_date(text: Text) -> str:
    """The date as a reader reads it; a qualified date says how sure it is."""
    if text.date_note:
        return text.date_note
    parts = [int(p) for p in text.date.split("-")]
    if len(parts) == 1:
        return text.date
    day = datetime.date(parts[0], parts[1], parts[2] if len(parts) == 3 else 1)
    return day.strftime("%B %Y") if len(parts) == 2 else f"{day.day} {day:%B %Y}"


def format_authors(text: Text) -> str:
    if not text.authors:
        return "Author not named in the source"
    if len(text.authors) == 1:
        return text.authors[0]
    return ", ".join(text.authors[:-1]) + " and " + text.authors[-1]


def venue(text: Text) -> str:
    return ", ".join(v for v in (text.publication, text.issue, text.publisher) if v)


def short_venue(text: Text) -> str:
    """The venue on the header's one line: the publication with its issue, or the publisher
    when that is shorter (the line must stay a line); the whole record is one click away."""
    publication = ", ".join(v for v in (text.publication, text.issue) if v)
    return min((v for v in (publication, text.publisher) if v), key=len, default="")


def reading_minutes(text: Text) -> int:
    return max(1, round(text.word_count / WORDS_PER_MINUTE))


def _line(text: Text) -> str:
    """Author (as the source prints the byline, else the names), venue and date: one line."""
    who = text.byline or (format_authors(text) if text.authors else "")
    parts = [("who", who), ("venue", short_venue(text)), ("date", format_date(text))]
    return " · ".join(f'<span class="gl-byline__{role}">{escape(words)}</span>'
                      for role, words in parts if words)


def _row(label: str, value_html: str) -> str:
    return f"<dt>{label}</dt><dd>{value_html}</dd>" if value_html else ""


def _about(text: Text, witness_href: str) -> str:
    """Provenance and transcription: what a reader checks, not what a reader reads first."""
    original = (f'<a href="{escape(text.url)}" rel="noopener">{escape(text.url)}</a>'
                if text.url else "not known")
    editorial = "".join(f"<li>{escape(e)}</li>" for e in text.editorial)
    witness = (f'<p>Transcribed from <a href="{escape(witness_href)}">the raw source text</a> '
               f"(the witness).</p>") if witness_href else ""
    transcription = (f'<h2 class="gl-about__title">The transcription</h2>{witness}'
                     + (f"<ul>{editorial}</ul>" if editorial else "")) if witness or editorial else ""
    return (
        f'<details class="gl-about"><summary>About this text</summary>'
        f'<h2 class="gl-about__title">The source</h2><dl class="gl-meta">'
        # The line under the title names the author; only a text without one says so here.
        f"{_row('Author', '' if text.authors else 'not named in the source')}"
        f"{_row('Published in', escape(venue(text)))}"
        f"{_row('Date', escape(format_date(text)))}"
        f"{_row('Original', original)}"
        f"{_row('Rights', escape(text.rights))}"
        f"{_row('Reading time', f'{reading_minutes(text)} min')}"
        f"</dl>{transcription}</details>"
    )


def _abstract(text: Text) -> str:
    return (f'<details class="gl-abstract"><summary>Abstract</summary>'
            f'<p>{escape(text.abstract)}</p></details>'
            if text.abstract else "")


def render_imprint(text: Text, *, edition: str, address: str) -> str:
    """The first printed page's imprint: the edition, the page's address and the rights; the
    reader's script adds the date of printing. Left out of the search index: it repeats."""
    parts = [f'<span class="gl-imprint__edition">{escape(edition)}</span>']
    if address:
        parts.append(f'<span class="gl-imprint__address">{escape(address)}</span>')
    rights = f'<span class="gl-imprint__rights">{escape(text.rights)}</span>' if text.rights else ""
    return (f'<p class="gl-imprint" data-search-exclude>{" · ".join(parts)}'
            f'<span class="gl-imprint__date"></span>{rights}</p>')


def render_header(text: Text, *, citation_html: str, witness_href: str = "",
                  imprint_html: str = "") -> str:
    """The header of a text page: the text's name and one line of facts, then a row of
    summaries (abstract, about, citation) that the reader's script joins with its buttons.
    The imprint, first, is shown on paper only."""
    rubric = f'<p class="gl-rubric">{escape(text.rubric)}</p>' if text.rubric else ""
    subtitle = f'<p class="gl-subtitle">{escape(text.subtitle)}</p>' if text.subtitle else ""
    cite = f'<details class="gl-cite"><summary>Cite this text</summary>{citation_html}</details>'
    return (
        f'<header class="gl-header">{imprint_html}{rubric}<h1 class="gl-title">{escape(text.title)}</h1>'
        f'{subtitle}<p class="gl-byline">{_line(text)}</p>'
        f'<div class="gl-tools">{_abstract(text)}{_about(text, witness_href)}{cite}</div></header>'
    )


def running_title(text: Text) -> str:
    """The title in a running head: whole if short, else up to its colon, else cut at a word."""
    title = text.title
    if len(title) > RUNNING_TITLE and ":" in title:
        title = title.split(":", 1)[0]
    if len(title) > RUNNING_TITLE:
        title = title[:RUNNING_TITLE].rsplit(" ", 1)[0] + "…"
    return title


def _css_string(words: str) -> str:
    """A CSS string in which every character is an escape: nothing a contributor writes can
    end the string, the rule or the style element."""
    return '"' + "".join(f"\\{ord(c):06x}" for c in words) + '"'


def running_heads(text: Text, *, edition: str) -> str:
    """The words of the printed page's running heads, the edition's name and the text's, for
    the page's head: edition.css places them in the page's margin boxes (Chromium prints
    margin boxes but does not support `string-set`, which would take them from the page)."""
    return (f'<style media="print">:root{{--gl-running-edition:{_css_string(edition)};'
            f'--gl-running-title:{_css_string(running_title(text))}}}</style>')
