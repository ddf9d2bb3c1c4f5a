"""What the browser tests share: Chromium, the two ways a reader opens the site, the records.

A reader opens the edition either from a server (here: the strict build served on 127.0.0.1)
or from the disk (the offline build, `file://`). Every page a test opens blocks, and records,
any request that leaves the site, and records console errors and failed requests.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import threading
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = os.environ.get("GLOSSATOR_CHROMIUM", "/usr/bin/chromium")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]
SCREENSHOTS = ROOT / "build" / "screenshots"
AXE_DIR = ROOT / "build" / "axe"
AXE_VERSION = "4.10.3"
DESKTOP = {"viewport": {"width": 1280, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True,
         "device_scale_factor": 2}


def need(what: str, hint: str) -> None:
    """Missing browser tooling fails in CI and skips elsewhere."""
    if os.environ.get("CI"):
        pytest.fail(f"CI needs {what} ({hint})", pytrace=False)
    pytest.skip(f"no {what} ({hint})", allow_module_level=True)


@dataclass(frozen=True)
class Site:
    """One way of opening the edition: its address and how its pages are named."""

    name: str
    base: str  # ends with "/"
    offline: bool

    def url(self, page: str = "", anchor: str = "") -> str:
        """`page` is a site path without suffix ("", "texts/osw-2013", "glossary")."""
        if self.offline:
            path = f"{page}.html" if page else "index.html"
        else:
            path = f"{page}/" if page else ""
        return self.base + path + anchor


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@functools.cache
def serve(directory: Path) -> str:
    """Serve a built site on 127.0.0.1 (a free port) for the rest of the test session."""
    handler = functools.partial(_Quiet, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_port}/"


@dataclass
class Reader:
    """A page in Chromium with its record of what went wrong."""

    page: object
    site: Site
    problems: list[str] = field(default_factory=list)

    def open(self, page: str = "", anchor: str = "") -> None:
        self.page.goto(self.site.url(page, anchor))
        self.page.wait_for_load_state("load")


def new_reader(browser: object, site: Site, **options: object) -> Reader:
    """A page that blocks and records every request outside the site, errors too."""
    context = browser.new_context(**{**DESKTOP, **options})
    reader = Reader(context.new_page(), site)

    def route(route: object) -> None:
        if route.request.url.startswith(site.base):
            route.continue_()
        else:
            reader.problems.append(f"request outside the site: {route.request.url}")
            route.abort()

    context.route("**/*", route)
    page = reader.page
    page.on("console", lambda m: m.type == "error" and reader.problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda e: reader.problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: reader.problems.append(f"failed: {r.url}"))
    return reader


# --- Fixtures: import the ones a test module uses (`from browsing import browser, ...`) -------

@pytest.fixture(scope="module")
def browser():
    """Chromium for one test module (missing Chromium fails in CI and skips elsewhere)."""
    if not shutil.which(CHROMIUM):
        need(f"Chromium at {CHROMIUM}", "apt-get install chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def served(site: Path) -> Site:
    return Site("served", serve(site), offline=False)


@pytest.fixture(scope="session")
def on_disk(offline_site: Path) -> Site:
    return Site("file", offline_site.as_uri() + "/", offline=True)


@pytest.fixture(params=["served", "file"])
def where(request) -> Site:
    return request.getfixturevalue({"served": "served", "file": "on_disk"}[request.param])


@pytest.fixture
def open_reader(browser, request):
    """Make readers (desktop unless told otherwise, or the test module's READER_OPTIONS); their
    contexts close after the test."""
    readers = []
    defaults = getattr(request.module, "READER_OPTIONS", {})

    def make(site: Site, **options):
        reader = new_reader(browser, site, **{**defaults, **options})
        readers.append(reader)
        return reader

    yield make
    for reader in readers:
        reader.page.context.close()


def shoot(page: object, name: str, **options: object) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(600)  # let Material's header title and tooltips finish their transitions
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), **options)


def axe_script() -> Path:
    """axe-core from the npm registry, installed once into build/axe (no CDN at test time)."""
    script = AXE_DIR / "node_modules" / "axe-core" / "axe.min.js"
    if not script.is_file():
        if not shutil.which("npm"):
            need("npm", "apt-get install npm: the accessibility tests install axe-core with it")
        AXE_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--no-save", "--no-audit", "--no-fund", "--prefix",
                        str(AXE_DIR), f"axe-core@{AXE_VERSION}"], check=True, capture_output=True)
    return script


def tabbable(page: object) -> list[dict]:
    """Everything in the article a keyboard reaches, in tab order (DOM order: no tabindex > 0)."""
    return page.evaluate("""() => [...document.querySelectorAll(
        'article a[href], article button, article summary, article [tabindex]')]
      .filter(el => el.tabIndex >= 0 && !el.closest('[hidden]') && el.getClientRects().length)
      .map(el => ({tag: el.tagName, cls: el.className, name: (el.getAttribute('aria-label') || el.textContent).trim(),
                   href: el.getAttribute('href'), tabindex: el.getAttribute('tabindex'),
                   top: el.getBoundingClientRect().top + scrollY,
                   width: el.getBoundingClientRect().width}))""")
