"""A reader in Chromium: the offline build opened from the disk, with the network blocked."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import ROOT

CHROMIUM = os.environ.get("GLOSSATOR_CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = ROOT / "build" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run"]

if not shutil.which(CHROMIUM):
    if os.environ.get("CI"):
        pytest.fail(f"CI needs Chromium at {CHROMIUM} (apt-get install chromium)", pytrace=False)
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def reader(browser):
    """A page that blocks (and records) every request that is not for a local file."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []
    errors: list[str] = []

    def route(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("requestfailed", lambda r: errors.append(f"failed: {r.url}"))
    yield page, blocked, errors
    context.close()


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)


def open_file(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.wait_for_load_state("load")


@pytest.mark.parametrize("relative, name", [
    ("index.html", "home"),
    ("texts/laruelle-2015.html", "text-laruelle"),
    ("texts/vinokurov-2010.html", "text-vinokurov"),
])
def test_pages_load_offline_without_errors_or_requests(reader, offline_site, relative, name):
    page, blocked, errors = reader
    open_file(page, offline_site / relative)
    assert page.locator("article").count() == 1
    shoot(page, name)
    assert blocked == [] and errors == []


def test_search_finds_oralmans_offline(reader, offline_site):
    page, blocked, errors = reader
    open_file(page, offline_site / "index.html")
    page.locator(".md-search__input").click()
    page.keyboard.type("Oralmans", delay=30)  # Material searches on key events, not on fill()
    results = page.locator(".md-search-result__item")
    results.first.wait_for(timeout=10_000)
    hrefs = [a.get_attribute("href") for a in page.locator(".md-search-result__item > a").all()]
    assert any("texts/laruelle-2015.html" in href for href in hrefs), hrefs
    shoot(page, "search-oralmans")
    assert blocked == [] and errors == []


def test_footnote_tooltip_shows_the_note(reader, offline_site):
    page, blocked, errors = reader
    open_file(page, offline_site / "texts" / "laruelle-2015.html")
    page.locator('a.footnote-ref[href="#fn:1"]').hover()
    tooltip = page.locator(".md-tooltip2--active, .md-tooltip2")
    tooltip.first.wait_for(state="visible", timeout=5_000)
    assert "Tengri News" in tooltip.first.inner_text()
    assert blocked == [] and errors == []


def test_text_page_on_a_phone(browser, offline_site):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    open_file(page, offline_site / "texts" / "laruelle-2015.html")
    width = page.evaluate("document.documentElement.scrollWidth")
    shoot(page, "text-phone")
    context.close()
    assert width <= 390, "the page scrolls sideways on a phone"


@pytest.mark.parametrize("selector, expected", [
    ('a.gl-note-ref[href="#gl-note-seliger"]', "Seliger"),  # the editorial note on "Selinger"
    ('a.gl-term[href$="#term-eeu"]', "Eurasian Economic Union"),
    ('a.gl-xref-ref[href="#gl-xref-economic-not-political"]', "OSW 2013"),  # the other texts
])
@pytest.mark.parametrize("how", ["hover", "focus"])
def test_annotation_shows_its_content(reader, offline_site, selector, expected, how):
    page, blocked, errors = reader
    open_file(page, offline_site / "texts" / "laruelle-2015.html")
    marker = page.locator(selector).first
    marker.scroll_into_view_if_needed()
    if how == "hover":
        marker.hover()
    else:
        marker.focus()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert expected in tooltip.inner_text()
    page.wait_for_timeout(400)  # let the tooltip finish fading in before the screenshot
    shoot(page, f"open-{selector.split('.')[-1].split('[')[0]}-{how}")
    assert blocked == [] and errors == []


def test_the_editorial_layer_can_be_hidden_and_the_choice_holds(reader, offline_site):
    page, blocked, errors = reader
    open_file(page, offline_site / "texts" / "laruelle-2015.html")
    switch = page.locator("button.gl-layer")
    assert switch.get_attribute("aria-pressed") == "false"
    marker = page.locator("sup.gl-marker").first
    assert marker.is_visible()
    switch.click()
    assert switch.get_attribute("aria-pressed") == "true"
    assert not marker.is_visible()
    assert page.locator("mark.gl-note-mark").first.evaluate(
        "m => getComputedStyle(m).backgroundColor") == "rgba(0, 0, 0, 0)"
    assert page.locator("a.gl-term").first.get_attribute("tabindex") == "-1"
    shoot(page, "text-plain")
    open_file(page, offline_site / "texts" / "osw-2013.html")  # the choice holds on the next page
    assert not page.locator("sup.gl-marker").first.is_visible()
    page.locator("button.gl-layer").click()
    assert page.locator("sup.gl-marker").first.is_visible()
    assert blocked == [] and errors == []
