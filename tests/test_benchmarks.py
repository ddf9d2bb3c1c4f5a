"""The benchmark tools still run: they read MkDocs' internals, which a new MkDocs may change."""

from __future__ import annotations

import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

import breakdown  # noqa: E402
import run  # noqa: E402
from generate import generate  # noqa: E402


def test_breakdown_times_each_step_of_both_builds(tmp_path):
    generate(tmp_path / "corpus", 3, 6, 9, 4, 2, 3)
    annotated = tmp_path / "corpus" / "annotated" / "mkdocs.yml"
    plain = tmp_path / "corpus" / "plain" / "mkdocs.yml"
    with_plugin = breakdown.measure(annotated, tmp_path / "site-plugin")
    without = breakdown.measure(plain, tmp_path / "site-plain")
    for times in (with_plugin, without):
        assert times["convert: text pages"] > 0 and times["write: text pages"] > 0
        # Each step is counted without the timed steps inside it: the parts add up to the whole.
        parts = sum(v for k, v in times.items() if k != "total")
        assert 0.9 * times["total"] <= parts <= times["total"]
    assert with_plugin["GlossatorPlugin.on_config"] > 0 and with_plugin["convert: glossary.md"] > 0
    assert not any(key.startswith("GlossatorPlugin") for key in without)
    assert (tmp_path / "site-plugin" / "texts" / "text-0000" / "index.html").is_file()
    seconds, peak = run.measure(annotated, tmp_path / "site-again")
    assert seconds > 0 and peak > 0


def test_the_floor_writes_the_plugin_builds_pages_without_the_plugin(tmp_path):
    generate(tmp_path / "corpus", 3, 6, 9, 4, 2, 3)
    annotated = tmp_path / "corpus" / "annotated"
    report = run.run(annotated / "mkdocs.yml", tmp_path / "corpus" / "plain" / "mkdocs.yml",
                     annotated, tmp_path / "work", runs=1)
    assert report["texts"] == 3 and report["plugin_over_floor"] > 0
    floor, plugin = tmp_path / "work" / "site-floor", tmp_path / "work" / "site-plugin"
    page = "texts/text-0000/index.html"
    assert (floor / page).read_text() == (plugin / page).read_text()  # the same page, written
    assert "glossator" not in (tmp_path / "work" / "floor" / "mkdocs.bench-floor.yml").read_text().split("hooks")[0]


def test_pageweight_judges_the_budgets_on_the_medians_and_weighs_files(tmp_path):
    import pageweight

    plugin = {"HTML, bytes": [160], "search index, bytes": [201],
              "LCP, ms": [2000, 2100, 9000], "DOM nodes": [50]}
    plain = {"HTML, bytes": [100], "search index, bytes": [100], "LCP, ms": [1900, 2000, 2200]}
    table = {row.name: row for row in pageweight.rows(plugin, plain)}
    assert list(table) == ["HTML, bytes", "search index, bytes", "LCP, ms"]  # both sides only
    assert table["HTML, bytes"].verdict == "met"  # 1.6x is within the budget of 1.6x
    assert table["search index, bytes"].verdict == "OVER"
    assert table["LCP, ms"].ratio == 2100 / 2000 and table["LCP, ms"].verdict == "met"
    assert pageweight.cell([2100, 2000, 9000]) == "2,100 (2,000-9,000)"
    (tmp_path / "page.html").write_bytes(b"<p>" + b"edition " * 1000)
    raw, gzipped = pageweight.file_weight(tmp_path / "page.html")
    assert raw == 8003 and 0 < gzipped < 200
    assert pageweight.page_path("/texts/osw-2013") == "texts/osw-2013/"
    assert pageweight.page_file("texts/osw-2013/") == "texts/osw-2013/index.html"
    assert "texts/vinokurov-2010/" in pageweight.text_pages()
