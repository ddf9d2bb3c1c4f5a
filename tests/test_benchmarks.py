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
