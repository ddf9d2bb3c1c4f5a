"""The offline build works from the disk: no resource is loaded from the network."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

# Attributes through which a page loads something by itself (not links a reader clicks).
LOADING = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "embed": ("src",), "object": ("data",),
    "track": ("src",), "input": ("src",),
}
REMOTE = re.compile(r"^\s*(https?:)?//", re.I)
CSS_REMOTE = re.compile(r"""(url\(\s*['"]?\s*(https?:)?//|@import\s+['"]?(https?:)?//)""", re.I)


class _Resources(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.remote: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        names = LOADING.get(tag, ())
        if tag == "link" and (values.get("rel") or "") not in ("canonical", "alternate"):
            names = ("href",)
        for name in names:
            if REMOTE.match(values.get(name) or ""):
                self.remote.append(f"<{tag} {name}={values[name]}>")
        if CSS_REMOTE.search(values.get("style") or ""):
            self.remote.append(f"<{tag} style=...>")

    def handle_data(self, data: str) -> None:
        if self.lasttag == "style" and CSS_REMOTE.search(data):
            self.remote.append("<style> with a remote url()")


def remote_resources(site: Path) -> dict[str, list[str]]:
    found = {}
    for page in site.rglob("*.html"):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        if parser.remote:
            found[str(page.relative_to(site))] = parser.remote
    for sheet in site.rglob("*.css"):
        if CSS_REMOTE.search(sheet.read_text(encoding="utf-8")):
            found[str(sheet.relative_to(site))] = ["remote url() or @import"]
    return found


def test_offline_build_loads_nothing_from_the_network(offline_site):
    assert remote_resources(offline_site) == {}


def test_offline_build_has_inlined_search_and_local_shim(offline_site):
    assert (offline_site / "search" / "search_index.js").is_file()
    home = (offline_site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/glossator/vendor/iframe-worker/shim.js"' in home  # the engine's copy
    assert "unpkg.com" not in home
    # file:// has no directory index: links must name index.html
    assert 'href="texts/laruelle-2015.html"' in home


def test_the_scanner_finds_a_remote_script(tmp_path):
    (tmp_path / "a.html").write_text('<script src="https://cdn.example/x.js"></script>'
                                     '<a href="https://example.org">a link is fine</a>')
    (tmp_path / "b.css").write_text("body{background:url(https://cdn.example/bg.png)}")
    assert remote_resources(tmp_path) == {
        "a.html": ["<script src=https://cdn.example/x.js>"], "b.css": ["remote url() or @import"],
    }
