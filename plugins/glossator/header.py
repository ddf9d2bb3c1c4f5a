"""The header of a text page: what the text is, where it comes from, how to cite it.

Every value is a contributor's plain text, escaped here, where it is written into HTML.
"""

from __future__ import annotations

import datetime
from html import escape

from .model import Text

WORDS_PER_MINUTE = 230


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


def reading_minutes(text: Text) -> int:
    return max(1, round(text.word_count / WORDS_PER_MINUTE))


def citation(text: Text, page_url: str = "") -> str:
    """A full citation in plain text, as a reader would paste it into a bibliography."""
    title = text.title + (f": {text.subtitle}" if text.subtitle else "")
    authors = format_authors(text) if text.authors else ""
    parts = [f"{authors}." if authors else "", f"“{title}.”", f"{venue(text)}," if venue(text) else "",
             f"{format_date(text)}."]
    if text.url:
        parts.append(f"{text.url}.")
    if page_url:
        parts.append(f"Annotated edition: {page_url}.")
    return " ".join(p for p in parts if p)


def _row(label: str, value_html: str) -> str:
    return f"<dt>{label}</dt><dd>{value_html}</dd>" if value_html else ""


def render_header(text: Text, *, page_url: str = "", witness_href: str = "") -> str:
    """The header of a text page: what the text is, where it comes from, how to cite it."""
    rubric = f'<p class="gl-rubric">{escape(text.rubric)}</p>' if text.rubric else ""
    subtitle = f'<p class="gl-subtitle">{escape(text.subtitle)}</p>' if text.subtitle else ""
    byline = escape(text.byline) if text.byline else escape(format_authors(text))
    original = (f'<a href="{escape(text.url)}" rel="noopener">{escape(text.url)}</a>'
                if text.url else "not known")
    abstract = (f'<div class="gl-abstract"><h2 class="gl-abstract__title">Abstract</h2>'
                f"<p>{escape(text.abstract)}</p></div>") if text.abstract else ""
    editorial = "".join(f"<li>{escape(e)}</li>" for e in text.editorial)
    witness = (f'<p>Transcribed from <a href="{escape(witness_href)}">the raw source text</a> '
               f"(the witness).</p>") if witness_href else ""
    return (
        f'<header class="gl-header">{rubric}<h1 class="gl-title">{escape(text.title)}</h1>'
        f'{subtitle}<p class="gl-byline">{byline}</p>'
        f'<dl class="gl-meta">'
        f"{_row('Author', escape(format_authors(text)))}"
        f"{_row('Published in', escape(venue(text)))}"
        f"{_row('Date', escape(format_date(text)))}"
        f"{_row('Original', original)}"
        f"{_row('Rights', escape(text.rights))}"
        f"{_row('Reading time', f'{reading_minutes(text)} min')}"
        f"</dl>"
        f'<details class="gl-cite"><summary>Cite this text</summary>'
        f'<p class="gl-cite__text">{escape(citation(text, page_url))}</p></details>'
        f'<details class="gl-editorial"><summary>About this transcription</summary>'
        f"{witness}<ul>{editorial}</ul></details>"
        f"{abstract}</header>"
    )
