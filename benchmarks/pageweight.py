"""Weigh a text page of the edition against the same text as a plain Material page.

    python benchmarks/pageweight.py                          # texts/vinokurov-2010/, 5 runs
    python benchmarks/pageweight.py --page texts/osw-2013/   # another page of the site
    python benchmarks/pageweight.py --all --runs 3           # every text page
    python benchmarks/pageweight.py --requests               # and every request, weighed

Builds this repository with the glossator plugin and, as `run.py` does, a plain Material site
of the same texts; serves each build over HTTP on 127.0.0.1 and opens the page in Debian's
Chromium through Playwright, throttled through the DevTools Protocol like a slow phone on a slow
line (CPU 4x slower, 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up, no cache). Plain and plugin
runs alternate in one browser, so that the machine's noise hits both. Prints, for each figure,
the plugin build, the plain build and their ratio (medians of the runs), and whether issue 15's
budgets hold: the page's HTML at most 1.6x the plain page, the search index at most 2x, Largest
Contentful Paint at most 1.05x.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, repository_corpus

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, Response

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
SIDES = ("plugin", "plain")
SEARCH_INDEX = "search/search_index.json"
VIEWPORT = {"width": 1280, "height": 900}  # the desktop of the browser tests
# A mid-range phone on a slow 4G line: DevTools' "slow 4G" and a 4x slower CPU.
CPU_SLOWDOWN = 4
NETWORK = {"offline": False, "latency": 150,
           "downloadThroughput": 1_600_000 / 8, "uploadThroughput": 750_000 / 8}
# Figure, and its budget (plugin / plain at most), in the order of the table.
FIGURES: dict[str, float | None] = {
    "HTML, bytes": 1.6, "HTML, gzip -6": None,
    "search index, bytes": 2.0, "search index, gzip -6": None,
    "DOM elements": None, "DOM nodes": None,
    "FCP, ms": None, "LCP, ms": 1.05,
}
# Installed before the page's own scripts; buffered, so no paint is missed.
OBSERVE_PAINTS = """
window.__paints = {};
for (const type of ["paint", "largest-contentful-paint"]) {
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      window.__paints[entry.name || type] = entry.startTime;
      if (entry.element) window.__largest = entry.element;
    }
  }).observe({type, buffered: true});
}
"""
READ_PAGE = """() => {
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  let nodes = 0;
  while (walker.nextNode()) nodes++;
  const largest = window.__largest;
  return {figures: {"DOM elements": document.getElementsByTagName("*").length, "DOM nodes": nodes,
                    "FCP, ms": window.__paints["first-contentful-paint"] ?? null,
                    "LCP, ms": window.__paints["largest-contentful-paint"] ?? null},
          largest: largest ? `<${largest.localName}${largest.id ? " id=" + largest.id : ""}> `
                             + largest.textContent.trim().slice(0, 40) : ""};
}"""
# Where the page's HTML goes: the article's children by element and first class, and the rest.
READ_PARTS = """() => {
  const bytes = node => new TextEncoder().encode(node.outerHTML).length;
  const article = document.querySelector("article");
  const parts = {"outside the article": bytes(document.documentElement) - bytes(article)};
  for (const child of article.children) {
    const name = child.localName + (child.classList.length ? "." + child.classList[0] : "");
    parts[name] = (parts[name] ?? 0) + bytes(child);
  }
  return parts;
}"""
MATERIAL = ("assets/stylesheets/", "assets/javascripts/")
FONTS = (".woff", ".woff2", ".ttf", ".otf", ".eot")
GROUPS = ("HTML", "CSS", "JS", "other")

Figures = dict[str, list[float]]  # every run's value of each figure


@dataclass
class Request:
    """One request the page made, with the size of the file it was served from."""

    url: str
    kind: str
    path: str = ""
    raw: int = 0
    gzipped: int = 0


@dataclass
class Visit:
    """What a browser did when it opened the page once, and what the page measured."""

    requests: list[Request] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    figures: dict[str, float | None] = field(default_factory=dict)
    largest: str = ""  # the element of Largest Contentful Paint and its first words
    parts: dict[str, int] = field(default_factory=dict)  # the HTML's bytes by part of the page


def build(config: Path, site: Path) -> None:
    """Build the site of `config` into `site` with `mkdocs build`, from the repository root."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "plugins")}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(config),
                    "--site-dir", str(site)], cwd=ROOT, env=env, check=True)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serve files without logging every request to stderr."""

    def log_message(self, format: str, *args: object) -> None:
        """Say nothing."""


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on a free port of 127.0.0.1 in a thread; yield its base URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def page_path(page: str) -> str:
    """`page` as the site addresses it: "/texts/osw-2013" is "texts/osw-2013/"."""
    page = page.strip("/")
    return page if page.endswith(".html") or not page else page + "/"


def page_file(page: str) -> str:
    """The file of the site that serves `page` ("texts/osw-2013/" is its index.html)."""
    return page + "index.html" if page.endswith("/") or not page else page


def text_pages() -> list[str]:
    """Every text page of the edition, one per source text."""
    return [f"texts/{text.stem}/" for text in sorted((ROOT / "sources").glob("*.md"))]


def file_weight(path: Path) -> tuple[int, int]:
    """Bytes on disk and gzip -6 bytes, as a server compressing the file would send it."""
    data = path.read_bytes()
    return len(data), len(gzip.compress(data, compresslevel=6, mtime=0))


def file_figures(site: Path, page: str) -> Figures:
    """The weight of the page's HTML and of the site's search index, which every page fetches."""
    html, html_gz = file_weight(site / page_file(page))
    index, index_gz = file_weight(site / SEARCH_INDEX)
    return {"HTML, bytes": [html], "HTML, gzip -6": [html_gz],
            "search index, bytes": [index], "search index, gzip -6": [index_gz]}


def index_parts(site: Path) -> dict[str, int]:
    """Bytes of the search index by page (its entries' JSON): what makes one index heavier."""
    parts: dict[str, int] = {}
    for entry in json.loads((site / SEARCH_INDEX).read_text(encoding="utf-8"))["docs"]:
        page = entry["location"].split("#")[0] or "(home)"
        parts[page] = parts.get(page, 0) + len(json.dumps(entry, ensure_ascii=False).encode())
    return parts


def http_error(seen: Visit, response: Response) -> None:
    """Record a response with an HTTP error status as a failed request."""
    if response.status >= 400:
        seen.failed.append(f"{response.url} (HTTP {response.status})")


def throttle(context: BrowserContext, page: Page) -> None:
    """Slow the page's CPU and network down and turn its cache off (DevTools Protocol)."""
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", NETWORK)
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": CPU_SLOWDOWN})


def visit(browser: Browser, url: str) -> Visit:
    """Open `url` throttled in a fresh context; record what it fetched, logged and painted."""
    seen = Visit()
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.add_init_script(OBSERVE_PAINTS)
    throttle(context, page)
    page.on("request", lambda r: seen.requests.append(Request(r.url, r.resource_type)))
    page.on("console", lambda m: seen.console.append(f"{m.type}: {m.text}"))
    page.on("pageerror", lambda e: seen.console.append(f"pageerror: {e}"))
    page.on("requestfailed", lambda r: seen.failed.append(f"{r.url} ({r.failure})"))
    page.on("response", partial(http_error, seen))
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_load_state("networkidle", timeout=120_000)
    read = page.evaluate(READ_PAGE)
    seen.figures, seen.largest = read["figures"], read["largest"]
    context.close()
    return seen


def html_parts(browser: Browser, url: str) -> dict[str, int]:
    """Bytes of each part of the page as served, read with JavaScript off (nothing added)."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(url)
    parts = page.evaluate(READ_PARTS)
    context.close()
    return parts


def visits(sites: dict[str, Path], page: str, runs: int) -> dict[str, list[Visit]]:
    """`runs` visits of `page` on each site, alternating (ABBA) so that drift hits both."""
    from playwright.sync_api import sync_playwright  # here: --help and the tests need no browser

    seen: dict[str, list[Visit]] = {side: [] for side in sites}
    with ExitStack() as stack:
        bases = {side: stack.enter_context(serve(site)) for side, site in sites.items()}
        playwright = stack.enter_context(sync_playwright())
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        # Unthrottled and unscripted, these also warm the browser up before the timed runs.
        parts = {side: html_parts(browser, base + page) for side, base in bases.items()}
        for run in range(runs):
            for side in (SIDES if run % 2 == 0 else SIDES[::-1]):
                seen[side].append(visit(browser, bases[side] + page))
        browser.close()
        for side, found in seen.items():
            found[0].parts = parts[side]
        for side, found in seen.items():
            for request in found[0].requests:
                weigh(request, sites[side], bases[side])
    return seen


def browser_figures(seen: list[Visit]) -> Figures:
    """Each figure the page measured, over the runs (a paint not reported is left out)."""
    figures: Figures = {}
    for one in seen:
        for name, value in one.figures.items():
            if value is not None:
                figures.setdefault(name, []).append(value)
    return figures


@dataclass(frozen=True)
class Row:
    """One figure of one page: every run's value on each build, and its budget if it has one."""

    name: str
    plugin: list[float]
    plain: list[float]
    budget: float | None

    @property
    def ratio(self) -> float:
        """Plugin over plain, of the medians."""
        return statistics.median(self.plugin) / statistics.median(self.plain)

    @property
    def verdict(self) -> str:
        """'met' or 'OVER' for a budgeted figure, '' for the others."""
        if self.budget is None:
            return ""
        return "met" if self.ratio <= self.budget else "OVER"


def rows(plugin: Figures, plain: Figures) -> list[Row]:
    """The figures both builds have, in the order of FIGURES."""
    return [Row(name, plugin[name], plain[name], budget) for name, budget in FIGURES.items()
            if name in plugin and name in plain]


def cell(values: list[float]) -> str:
    """The median, with the range when the runs differ: '2,844 (2,476-3,168)'."""
    median = f"{statistics.median(values):,.0f}"
    if min(values) == max(values):
        return median
    return f"{median} ({min(values):,.0f}-{max(values):,.0f})"


def print_figures(page: str, runs: int, table: list[Row]) -> None:
    """The table of plugin, plain and ratio for one page."""
    print(f"\n{page}: median of {runs} runs each (range in brackets); "
          f"{VIEWPORT['width']}x{VIEWPORT['height']}, CPU {CPU_SLOWDOWN}x slower, "
          f"{NETWORK['latency']} ms, 1.6 Mbit/s down, 750 kbit/s up, cache disabled")
    print(f"  {'figure':<22} {'plugin':>22} {'plain':>22} {'ratio':>6}  budget")
    for row in table:
        budget = f"{row.verdict} (at most {row.budget}x)" if row.budget else ""
        print(f"  {row.name:<22} {cell(row.plugin):>22} {cell(row.plain):>22} {row.ratio:>6.2f}  "
              f"{budget}")


def print_budgets(results: dict[str, list[Row]]) -> None:
    """One line per page: the budgeted ratios and their verdicts."""
    budgeted = {name: budget for name, budget in FIGURES.items() if budget is not None}
    print(f"\n{'budget: plugin / plain':<28}"
          + "".join(f" {f'{name} <= {budget}':>26}" for name, budget in budgeted.items()))
    for page, table in results.items():
        found = {row.name: f"{row.ratio:.2f} {row.verdict}" for row in table}
        print(f"{page:<28}" + "".join(f" {found.get(name, '-'):>26}" for name in budgeted))


def local_file(site: Path, base: str, url: str) -> Path | None:
    """The file of `site` that serves `url`, or None if the URL is not on the local server."""
    if not url.startswith(base):
        return None
    path = site / unquote(urlsplit(url).path).lstrip("/")
    if path.is_dir():
        path = path / "index.html"
    return path if path.is_file() else None


def weigh(request: Request, site: Path, base: str) -> None:
    """Fill in the site path, size on disk and gzip -6 size of the file behind `request`."""
    path = local_file(site, base, request.url)
    if path is None:
        request.path = request.url
        return
    request.path = path.relative_to(site).as_posix()
    request.raw, request.gzipped = file_weight(path)


def group(request: Request) -> str:
    """HTML, CSS, JS or other, from the file's extension (the resource type for the page)."""
    name = request.path.lower()
    if request.kind == "document" or name.endswith(".html"):
        return "HTML"
    if name.endswith(".css"):
        return "CSS"
    if name.endswith((".js", ".mjs")):
        return "JS"
    return "other"


def owner(request: Request) -> str:
    """Material for its own stylesheets and scripts (search worker and lunr included), else ours."""
    return "Material" if request.path.startswith(MATERIAL) else "ours"


def suspicious(request: Request, page: str) -> bool:
    """A request that is neither the page nor a stylesheet, script, SVG or font."""
    if request.path == page:
        return False
    return not request.path.lower().endswith((".css", ".js", ".mjs", ".svg") + FONTS)


def kb(n: int) -> str:
    """Bytes as kilobytes with one decimal."""
    return f"{n / 1000:.1f}"


def print_requests(title: str, requests: list[Request]) -> None:
    """One line per request: group, owner, sizes, path."""
    print(f"\n{title}: {len(requests)} requests")
    print(f"  {'group':<6} {'owner':<9} {'bytes':>9} {'gzip -6':>8}  file")
    for r in sorted(requests, key=lambda r: (GROUPS.index(group(r)), owner(r), r.path)):
        print(f"  {group(r):<6} {owner(r):<9} {r.raw:>9,} {r.gzipped:>8,}  {r.path} [{r.kind}]")
    raw, gzipped = sum(r.raw for r in requests), sum(r.gzipped for r in requests)
    print(f"  {'total':<16} {raw:>9,} {gzipped:>8,}")


def print_checks(page: str, seen: dict[str, list[Visit]]) -> None:
    """Requests for the annotations (suspicious ones the plain page does not make), errors."""
    first = {side: found[0] for side, found in seen.items()}
    plain = {r.path for r in first["plain"].requests}
    odd = [r for r in first["plugin"].requests if suspicious(r, page_file(page))]
    own = [r.path for r in odd if r.path not in plain]
    counts = ", ".join(f"{side} {len(one.requests)}" for side, one in first.items())
    print(f"  requests: {counts}; requests for the annotations: {len(own)}"
          + (f" {own}" if own else ""))
    for side, found in seen.items():
        problems = sorted({line for one in found for line in one.failed + one.console})
        print(f"  {side}: failed requests, console messages and page errors: {len(problems)}")
        for line in problems:
            print(f"    {line}")


def print_parts(what: str, parts: dict[str, int], *, most: int = 8) -> None:
    """The largest parts of the page's HTML or of the search index, in kB."""
    largest = sorted(parts.items(), key=lambda part: -part[1])
    shown = ", ".join(f"{name} {kb(n)}" for name, n in largest[:most])
    rest = sum(n for _, n in largest[most:])
    print(f"  {what}, kB: {shown}" + (f", {len(largest) - most} more {kb(rest)}" if rest else ""))


def print_largest(seen: dict[str, list[Visit]]) -> None:
    """Which element was the largest paint, per build: the LCP ratio compares these."""
    for side, found in seen.items():
        largest = Counter(one.largest or "(none reported)" for one in found)
        elements = [f"{element} ({n} of {len(found)})" for element, n in largest.most_common()]
        print(f"  {side}: largest contentful paint: " + "; ".join(elements))


def measure(sites: dict[str, Path], page: str, runs: int, *, requests: bool) -> list[Row]:
    """Weigh and time `page` on both sites; print its table and checks; return its rows."""
    seen = visits(sites, page, runs)
    figures = {side: {**file_figures(sites[side], page), **browser_figures(seen[side])}
               for side in sites}
    table = rows(figures["plugin"], figures["plain"])
    print_figures(page, runs, table)
    for side, found in seen.items():
        print_parts(f"{side} HTML by part", found[0].parts)
    for side, site in sites.items():
        print_parts(f"{side} search index by page", index_parts(site), most=5)
    print_largest(seen)
    print_checks(page, seen)
    if requests:
        for side, found in seen.items():
            print_requests(f"{page} {side}", found[0].requests)
    return table


def main() -> None:
    """Build both sites, weigh and time the page(s) on each, print the tables and budgets."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page", default="texts/vinokurov-2010/",
                        help="the text page to open, relative to the site root")
    parser.add_argument("--all", action="store_true", help="every text page, one after another")
    parser.add_argument("--runs", type=int, default=5, help="visits of each build, alternating")
    parser.add_argument("--requests", action="store_true",
                        help="also list every request with its weight, ours against Material's")
    args = parser.parse_args()
    pages = text_pages() if args.all else [page_path(args.page)]
    work = Path(tempfile.mkdtemp(prefix="glossator-weight-"))
    try:
        plugin, plain = repository_corpus(work)
        sites = {"plugin": work / "site-plugin", "plain": work / "site-plain"}
        build(plugin, sites["plugin"])
        build(plain, sites["plain"])
        for page in pages:
            missing = [side for side, site in sites.items()
                       if not (site / page_file(page)).is_file()]
            if missing:
                sys.exit(f"{page}: no such page in the {' and '.join(missing)} build; "
                         f"the text pages are {', '.join(text_pages())}")
        print("plugin = this repository's edition; plain = the same texts as plain Material "
              "pages (benchmarks/run.py); kB = 1000 bytes")
        results = {page: measure(sites, page, args.runs, requests=args.requests) for page in pages}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print_budgets(results)


if __name__ == "__main__":
    main()
