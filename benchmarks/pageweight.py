"""Weigh one text page as a browser loads it: every request, its bytes on disk and gzipped.

    python benchmarks/pageweight.py                          # texts/laruelle-2015/
    python benchmarks/pageweight.py --page texts/osw-2013/   # another page of the site

Builds this repository with the glossator plugin and a plain Material site of the same texts
(as `run.py` does), serves each build over HTTP on 127.0.0.1, opens the page in Debian's
Chromium through Playwright, records every request until the network is idle, and prints the
weight of each request grouped as HTML / CSS / JS / other, ours against Material's.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import ROOT, repository_corpus

if TYPE_CHECKING:
    from playwright.sync_api import Response

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
MATERIAL = ("assets/stylesheets/", "assets/javascripts/")
FONTS = (".woff", ".woff2", ".ttf", ".otf", ".eot")
GROUPS = ("HTML", "CSS", "JS", "other")


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
    """What a browser did when it opened the page."""

    requests: list[Request] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


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


def http_error(seen: Visit, response: Response) -> None:
    """Record a response with an HTTP error status as a failed request."""
    if response.status >= 400:
        seen.failed.append(f"{response.url} (HTTP {response.status})")


def visit(url: str) -> Visit:
    """Open `url` in Chromium; record requests, console messages and failures until idle."""
    from playwright.sync_api import sync_playwright

    seen = Visit()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("request", lambda r: seen.requests.append(Request(r.url, r.resource_type)))
        page.on("console", lambda m: seen.console.append(f"{m.type}: {m.text}"))
        page.on("pageerror", lambda e: seen.console.append(f"pageerror: {e}"))
        page.on("requestfailed", lambda r: seen.failed.append(f"{r.url} ({r.failure})"))
        page.on("response", partial(http_error, seen))
        page.goto(url, wait_until="load")
        page.wait_for_load_state("networkidle")
        browser.close()
    return seen


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
    data = path.read_bytes()
    request.path = path.relative_to(site).as_posix()
    request.raw = len(data)
    request.gzipped = len(gzip.compress(data, compresslevel=6, mtime=0))


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


def measure(site: Path, page: str) -> tuple[list[Request], Visit]:
    """Serve `site`, open `page` in Chromium and weigh every request it made."""
    with serve(site) as base:
        seen = visit(base + page)
        for request in seen.requests:
            weigh(request, site, base)
    return seen.requests, seen


def totals(requests: list[Request]) -> dict[tuple[str, str], list[int]]:
    """Count, bytes and gzipped bytes per (group, owner), plus per group and overall."""
    table: dict[tuple[str, str], list[int]] = {}
    for request in requests:
        for key in ((group(request), owner(request)), (group(request), "all"), ("all", "all")):
            row = table.setdefault(key, [0, 0, 0])
            row[0] += 1
            row[1] += request.raw
            row[2] += request.gzipped
    return table


def kb(n: int) -> str:
    """Bytes as kilobytes with one decimal."""
    return f"{n / 1000:.1f}"


def print_requests(title: str, requests: list[Request]) -> None:
    """One line per request: group, owner, sizes, path."""
    print(f"\n{title}: {len(requests)} requests")
    print(f"  {'group':<6} {'owner':<9} {'bytes':>9} {'gzip -6':>8}  file")
    for r in sorted(requests, key=lambda r: (GROUPS.index(group(r)), owner(r), r.path)):
        print(f"  {group(r):<6} {owner(r):<9} {r.raw:>9,} {r.gzipped:>8,}  {r.path} [{r.kind}]")


def print_summary(sides: dict[str, list[Request]]) -> None:
    """Requests, kB and gzipped kB per group and owner, one column pair per build."""
    tables = {name: totals(requests) for name, requests in sides.items()}
    keys = [(g, o) for g in GROUPS for o in ("ours", "Material", "all")] + [("all", "all")]
    header = "".join(f" | {name:^24}" for name in sides)
    print(f"\n{'':<15}{header}")
    print(f"{'group  owner':<15}" + " | requests     kB  gzip kB" * len(sides))
    for key in keys:
        if not any(key in table for table in tables.values()):
            continue
        label = "TOTAL" if key == ("all", "all") else f"{key[0]:<6} {key[1]}"
        cells = ""
        for table in tables.values():
            n, raw, gz = table.get(key, [0, 0, 0])
            cells += f" | {n:>8} {kb(raw):>6} {kb(gz):>8}"
        print(f"{label:<15}{cells}")


def print_suspicious(seen: Visit, page: str, plain: set[str] | None) -> None:
    """Suspicious requests; those the plain build makes too are not requests for the annotations."""
    odd = [r for r in seen.requests if suspicious(r, page)]
    own = [r for r in odd if plain is None or r.path not in plain]
    print(f"\nsuspicious requests (not the page, .css, .js, .svg or a font): {len(odd)}")
    for r in odd:
        also = plain is not None and r.path in plain
        print(f"  {r.path} [{r.kind}]" + ("  (the plain build makes it too)" if also else ""))
    print(f"requests for the annotations: {len(own)}"
          + ("" if plain is not None else " (no plain page to compare: every suspicious request)"))


def print_errors(name: str, seen: Visit) -> None:
    """Failed requests (network errors, HTTP 4xx/5xx), console messages and page errors."""
    print(f"{name}: failed requests: {len(seen.failed)}; console messages and page errors: "
          f"{len(seen.console)}")
    for line in seen.failed + seen.console:
        print(f"  {line}")


def main() -> None:
    """Build both sites, weigh the page on each, print the tables and the checks."""
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--page", default="texts/laruelle-2015/",
                        help="the page to open, relative to the site root")
    args = parser.parse_args()
    page = args.page.lstrip("/")
    page_file = page + "index.html" if page.endswith("/") or not page else page
    work = Path(tempfile.mkdtemp(prefix="glossator-weight-"))
    try:
        annotated, plain = repository_corpus(work)
        sites = {"annotated": work / "site-annotated", "plain": work / "site-plain"}
        build(annotated, sites["annotated"])
        build(plain, sites["plain"])
        missing = [name for name, site in sites.items() if not (site / page_file).is_file()]
        if "annotated" in missing:
            sys.exit(f"{page}: no such page in the annotated site")
        results = {name: measure(site, page) for name, site in sites.items() if name not in missing}
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"Page weight of {page} (sizes in bytes; kB = 1000 bytes)")
    print("compressed = gzip -6 of the file, as a server would send it")
    print("ours = the page HTML, assets/edition.css, assets/edition.js and anything outside "
          "assets/stylesheets/ and assets/javascripts/ (Material's)")
    if missing:
        print(f"the plain build (without the glossator plugin) has no {page}: annotated site alone")
    else:
        print("plain = the same texts built without the glossator plugin (no annotations)")
    for name, (requests, _) in results.items():
        print_requests(name, requests)
    print_summary({name: requests for name, (requests, _) in results.items()})
    plain_paths = {r.path for r in results["plain"][0]} if "plain" in results else None
    print_suspicious(results["annotated"][1], page_file, plain_paths)
    for name, (_, seen) in results.items():
        print_errors(name, seen)
    if "plain" in results:
        a, p = (next(r for r in results[name][0] if r.path == page_file) for name in results)
        print(f"\napparatus in the page HTML: +{a.raw - p.raw:,} bytes (x{a.raw / p.raw:.2f}), "
              f"+{a.gzipped - p.gzipped:,} gzipped (x{a.gzipped / p.gzipped:.2f})")


if __name__ == "__main__":
    main()
