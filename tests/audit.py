"""An audit of a whole built site: every element, attribute and address of every page, and of
the search index, comes from an allow-list, and every other file comes from the repository or
from the theme. Written apart from the engine (it shares none of its code), so that it judges
what the engine wrote, not what the engine meant to write.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import material
import mkdocs

# Every element the theme, Markdown and the engine write. Nothing that loads or runs something
# by itself (iframe, object, embed, base, img from elsewhere) is here, but the theme's scripts.
TAGS = {
    "a", "abbr", "article", "aside", "b", "blockquote", "body", "br", "button", "caption", "code",
    "col", "colgroup", "dd", "del", "details", "div", "dl", "dt", "em", "figcaption", "figure",
    "footer", "form", "g", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html",
    "i", "img", "input", "ins", "kbd", "label", "li", "line", "link", "main", "mark", "meta",
    "nav", "ol", "p", "path", "pre", "rect", "script", "section", "small", "span", "strong",
    "sub", "summary", "sup", "svg", "table", "tbody", "td", "text", "tfoot", "th", "thead",
    "title", "tr", "tspan", "u", "ul",
}
ATTRIBUTES = {
    "align", "alt", "aria-controls", "aria-describedby", "aria-expanded", "aria-haspopup",
    "aria-hidden", "aria-label", "aria-labelledby", "autocapitalize", "autocomplete",
    "autocorrect", "charset", "checked", "class", "colspan", "content", "d", "data-md-color-accent",
    "data-md-color-media", "data-md-color-primary", "data-md-color-scheme", "data-md-component",
    "data-md-level", "data-md-scrollfix", "data-md-toggle", "data-md-type", "data-n", "data-note",
    "data-search-exclude", "dir", "dy", "focusable", "for", "height", "hidden", "href", "id", "lang",
    "name", "placeholder", "rel", "required", "role", "rowspan", "rx", "scope", "spellcheck", "src",
    "start", "tabindex", "target", "text-anchor", "title", "type", "viewbox", "width", "x", "x1", "x2", "xmlns",
    "y", "y1", "y2",
}
ADDRESSES = {"href", "src", "action", "formaction", "xlink:href", "poster", "cite", "data", "srcset"}
SAFE_SCHEMES = {"http", "https", "mailto"}
SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):", re.I)
GENERATED = re.compile(r"(\.html|^sitemap\.xml(\.gz)?|^search/search_index\.js(on)?"
                       r"|^annotations\.jsonld)$")
# A text's citation files, beside its page: data for reference managers, never run or rendered.
CITATIONS = re.compile(r"^texts/([a-z0-9-]+)/\1\.(bib|ris|csl\.json)\Z")
# The engine's JSON Schemas of the annotation files (published at schemas/), data for editors.
ENGINE_SCHEMAS = Path(__file__).resolve().parent.parent / "plugins" / "glossator" / "schema"
# The reader's stylesheets, scripts and vendored shim, which the engine adds to every site.
ENGINE_ASSETS = Path(__file__).resolve().parent.parent / "plugins" / "glossator" / "assets"
# The one inline style a page may hold: a text page's running heads on paper, two strings in
# which every character is an escape, so that no contributor's word can end them.
RUNNING_HEADS = re.compile(r':root\{--gl-running-edition:"(\\[0-9a-f]{6})*";'
                           r'--gl-running-title:"(\\[0-9a-f]{6})*"\}\Z')


def scheme(url: str) -> str:
    """The scheme a browser reads: references decoded, tabs and line breaks dropped, leading
    spaces and control characters stripped."""
    url = re.sub(r"[\t\n\r]", "", html.unescape(url)).lstrip("".join(map(chr, range(33))))
    match = SCHEME.match(url)
    return match.group(1).lower() if match else ""


def theme_scripts() -> list[re.Pattern]:
    """The theme's own inline scripts, from its templates, with `{{ ... }}` as a base path."""
    found = []
    for partial in sorted((Path(material.__file__).parent / "templates").rglob("*.html")):
        for body in re.findall(r"<script>(.*?)</script>", partial.read_text(encoding="utf-8"), re.S):
            parts = re.split(r"\{\{.*?\}\}", body.strip())
            found.append(re.compile(r"[./a-zA-Z0-9:_-]*".join(map(re.escape, parts)) + r"\Z"))
    return found


class _Page(HTMLParser):
    def __init__(self, audit: Audit, name: str) -> None:
        super().__init__(convert_charrefs=True)
        self.audit, self.name = audit, name
        self.script: dict[str, str] | None = None
        self.script_text: list[str] = []
        self.style: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.audit.element(self.name, tag, attrs)
        if tag == "script":
            self.script, self.script_text = dict(attrs), []
        elif tag == "style":
            self.style = []

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)
        elif self.style is not None:
            self.style.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self.script is not None:
            self.audit.script(self.name, self.script, "".join(self.script_text))
            self.script = None
        elif tag == "style" and self.style is not None:
            self.audit.style(self.name, "".join(self.style))
            self.style = None


class Audit:
    """Collects what breaks the rules, as `file: what` lines."""

    def __init__(self, site: Path, repository: Path) -> None:
        self.site, self.repository = site, repository
        self.problems: list[str] = []
        self.scripts = theme_scripts()

    def element(self, where: str, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "style":  # its words are judged by `style`
            if attrs != [("media", "print")]:
                self.problems.append(f"{where}: <style> with {attrs!r}")
            return
        if tag not in TAGS:
            self.problems.append(f"{where}: element <{tag}>")
        for name, value in attrs:
            value = value or ""
            if name.startswith("on") or name not in ATTRIBUTES:
                self.problems.append(f"{where}: attribute {name}={value[:60]!r} on <{tag}>")
            if name in ADDRESSES and scheme(value) not in SAFE_SCHEMES | {""}:
                self.problems.append(f"{where}: address {value[:60]!r} in <{tag} {name}>")
            loads = name == "src" or (tag == "link" and name == "href" and
                                      dict(attrs).get("rel") not in ("canonical", "alternate"))
            if loads and (scheme(value) or value.replace("\\", "/").lstrip().startswith("//")):
                self.problems.append(f"{where}: <{tag}> loads {value[:60]!r} from elsewhere")
            if name == "title" and re.search(r"[<&]", value):
                # The theme shows a title as a tooltip, as HTML.
                self.problems.append(f"{where}: title {value[:60]!r} on <{tag}> holds markup")
            if tag == "meta" and name == "http-equiv":
                self.problems.append(f"{where}: <meta http-equiv={value!r}>")

    def script(self, where: str, attrs: dict[str, str | None], text: str) -> None:
        if "src" in attrs:
            src = (attrs["src"] or "").split("?")[0]
            target = self.site / src.lstrip("/") if src.startswith("/") else (self.site / where).parent / src
            if not target.resolve().is_file():
                self.problems.append(f"{where}: script {attrs['src']!r} is not a file of the site")
        elif attrs.get("type") == "application/json" and attrs.get("id") == "__config":
            json.loads(text)  # data for the theme, never run
        elif not any(p.match(text.strip()) for p in self.scripts):
            self.problems.append(f"{where}: inline script {text.strip()[:60]!r}")

    def style(self, where: str, text: str) -> None:
        if not RUNNING_HEADS.match(text):
            self.problems.append(f"{where}: inline style {text.strip()[:60]!r}")

    def page(self, path: Path) -> None:
        parser = _Page(self, str(path.relative_to(self.site)))
        parser.feed(path.read_text(encoding="utf-8"))
        parser.close()

    def search_index(self, path: Path) -> None:
        """The theme writes each title and text into the page as HTML."""
        for doc in json.loads(path.read_text(encoding="utf-8"))["docs"]:
            where = f"{path.relative_to(self.site)} ({doc['location']})"
            if scheme(doc["location"]):
                self.problems.append(f"{where}: location {doc['location']!r}")
            for field in ("title", "text"):
                parser = _Page(self, where)
                parser.feed(doc[field])
                parser.close()

    def annotations(self, path: Path) -> None:
        """Other annotation tools show each body of annotations.jsonld as HTML, and follow its
        addresses."""
        for annotation in json.loads(path.read_text(encoding="utf-8")).get("first", {}).get("items", []):
            where = f"{path.relative_to(self.site)} ({annotation['id']})"
            for address in [annotation["id"], *(t["source"] for t in annotation["target"])]:
                if scheme(address) not in {"http", "https", ""}:
                    self.problems.append(f"{where}: address {address[:60]!r}")
            for body in annotation["body"]:
                parser = _Page(self, where)
                parser.feed(body["value"])
                parser.close()

    def files(self) -> None:
        """Every file that is not a page or an index is a file of the repository or the theme."""
        known = set()
        for folder in (self.repository / "docs", self.repository / "sources" / "witnesses",
                       Path(material.__file__).parent / "templates", Path(mkdocs.__file__).parent,
                       ENGINE_SCHEMAS, ENGINE_ASSETS):
            known |= {_digest(p) for p in folder.rglob("*") if p.is_file()}
        for path in sorted(self.site.rglob("*")):
            name = str(path.relative_to(self.site))
            if path.is_symlink():
                self.problems.append(f"{name}: a symbolic link")
            elif (path.is_file() and not GENERATED.search(name) and not CITATIONS.match(name)
                  and _digest(path) not in known):
                self.problems.append(f"{name}: not a file of the repository or the theme")

    def run(self) -> list[str]:
        for path in sorted(self.site.rglob("*.html")):
            self.page(path)
        for path in self.site.rglob("search_index.json"):
            self.search_index(path)
        for path in self.site.glob("annotations.jsonld"):
            self.annotations(path)
        self.files()
        return self.problems


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def audit(site: Path, repository: Path) -> list[str]:
    return Audit(site, repository).run()


def text_of(path: Path) -> str:
    """A page's words as a reader's browser decodes them (tags dropped, references decoded)."""
    words: list[str] = []

    class _Words(HTMLParser):
        def handle_data(self, data: str) -> None:
            words.append(data)

    parser = _Words(convert_charrefs=True)
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(" ".join(words).split())
