"""Three builds of the same corpus, alternating, each in a fresh process:

- plain: the texts as ordinary pages of plain MkDocs and Material;
- floor: the plugin build's finished pages, written and indexed by plain MkDocs and Material,
  which compute nothing (a `hooks:` file hands each page its finished content and contents);
- plugin: the edition as it is.

The engine's cost is plugin minus floor.

    python benchmarks/run.py                 # this repository
    python benchmarks/run.py --corpus DIR    # a corpus made by benchmarks/generate.py
    python benchmarks/run.py --generate 500  # generate 500 texts (50 paragraphs each) first

Prints each build's median wall time and peak memory, the ratios plugin/floor and
plugin/plain, the time per text (for comparing corpora), and the median time of
`glossator check`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
PROBE = (
    "import resource, sys, time\n"
    "from mkdocs.commands.build import build\n"
    "from mkdocs.config import load_config\n"
    "config = load_config(sys.argv[1], site_dir=sys.argv[2])\n"
    "start = time.perf_counter()\n"
    "config.plugins.on_startup(command='build', dirty=False)\n"
    "build(config)\n"
    "print(time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)
# In the plugin build, after every other plugin: each page as it is about to be written.
CAPTURE = '''
import json, pathlib
OUT = pathlib.Path({out!r})
nav = None

def on_config(config):
    global nav
    nav = config.nav
    return config

def _tokens(toc):
    return [{{"level": a.level, "id": a.id, "name": a.title, "children": _tokens(a.children)}}
            for a in toc]

def on_page_context(context, page, config, nav):
    name = page.file.src_uri.replace("/", "__") + ".json"
    (OUT / "pages" / name).write_text(json.dumps({{
        "title": str(page.title), "meta": {{k: str(v) for k, v in page.meta.items()}},
        "content": page.content,
        "toc": _tokens(page.toc)}}), encoding="utf-8")
    return context

def on_post_page(output, page, config):
    # What plugins add to the written page after its template (the text pages' <head> tags).
    name = page.file.src_uri.replace("/", "__") + ".html"
    (OUT / "pages" / name).write_text(output, encoding="utf-8")
    return output

def on_post_build(config):
    (OUT / "nav.json").write_text(json.dumps(nav, default=str), encoding="utf-8")
'''
# In the floor build: nothing is converted; each page gets the plugin build's finished content.
FLOOR = '''
import json, pathlib
from mkdocs.structure.toc import get_toc
PAGES = pathlib.Path({pages!r})

def on_page_markdown(markdown, page, config, files):
    return ""

def on_page_content(html, page, config, files):
    stored = json.loads((PAGES / (page.file.src_uri.replace("/", "__") + ".json")).read_text(encoding="utf-8"))
    page.title, page.meta = stored["title"], stored["meta"]
    page.toc = get_toc(stored["toc"])
    return stored["content"]

def on_post_page(output, page, config):
    # The template was rendered as in any build; what plugins added after it is taken as written.
    return (PAGES / (page.file.src_uri.replace("/", "__") + ".html")).read_text(encoding="utf-8")
'''


def build_in_process(probe: str, config: Path, site: Path) -> str:
    """What `probe` prints when it builds `config` into `site` in a fresh Python process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT / "plugins")}
    return subprocess.run([sys.executable, "-c", probe, str(config), str(site)], env=env,
                          capture_output=True, text=True, check=True).stdout


def measure(config: Path, site: Path) -> tuple[float, int]:
    out = build_in_process(PROBE, config, site).split()
    return float(out[-2]), int(out[-1])


def check_time(root: Path) -> float:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "plugins")}
    code = ("import time, sys; from pathlib import Path; from glossator.cli import check\n"
            "t = time.perf_counter(); problems = check(Path(sys.argv[1]))\n"
            "print(time.perf_counter() - t, len(problems))")
    out = subprocess.run([sys.executable, "-c", code, str(root)], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[0])


def _with_hook(config: Path, hook: str, out: Path, *, drop_plugin: bool = False,
               nav: list | None = None) -> Path:
    """A copy of `config` (beside it, so its relative paths hold) with a hooks file added."""
    (out / "hook.py").write_text(hook, encoding="utf-8")
    text = config.read_text(encoding="utf-8")
    if drop_plugin:
        text = text.replace("  - glossator\n", "").replace(", glossator]", "]")
    text += f"\nhooks: [{json.dumps(str(out / 'hook.py'))}]\n"
    if nav is not None:
        text += yaml.safe_dump({"nav": nav}, allow_unicode=True)
    copy = config.with_name(f"mkdocs.bench-{out.name}.yml")
    copy.write_text(text, encoding="utf-8")
    return copy


def floor_corpus(annotated: Path, work: Path) -> Path:
    """The floor's site: the plugin build's finished pages, as plain MkDocs pages."""
    capture = work / "capture"
    (capture / "pages").mkdir(parents=True)
    config = _with_hook(annotated, CAPTURE.format(out=str(capture)), capture)
    try:
        build_in_process(PROBE, config, work / "site-capture")
    finally:
        config.unlink()
    docs = work / "floor" / "docs"
    shutil.copytree(work / "site-capture", work / "built")  # for the static files it copied
    source_docs = annotated.parent / "docs"
    shutil.copytree(source_docs, docs)
    for stored in (capture / "pages").glob("*.json"):
        page = docs / stored.name.removesuffix(".json").replace("__", "/")
        page.parent.mkdir(parents=True, exist_ok=True)
        if not page.exists():
            page.write_text("", encoding="utf-8")
    witnesses = work / "built" / "texts" / "witnesses"
    if witnesses.is_dir():
        shutil.copytree(witnesses, docs / "texts" / "witnesses")
    nav = json.loads((capture / "nav.json").read_text(encoding="utf-8"))
    floor_config = work / "floor" / "mkdocs.yml"
    shutil.copy(annotated, floor_config)
    return _with_hook(floor_config, FLOOR.format(pages=str(capture / "pages")), work / "floor",
                      drop_plugin=True, nav=nav)


def repository_corpus(work: Path) -> tuple[Path, Path]:
    """This repository as is, and a plain Material site of the same texts."""
    plain = work / "plain"
    (plain / "docs" / "texts").mkdir(parents=True)
    for text in (ROOT / "sources").glob("*.md"):
        shutil.copy(text, plain / "docs" / "texts" / text.name)
    for page in ("index.md", "about.md"):
        shutil.copy(ROOT / "docs" / page, plain / "docs" / page)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  - glossator\n", "").replace("  - Texts: texts/\n", "  - Texts: texts\n")
    config = "\n".join(line for line in config.splitlines()
                       if "glossary.md" not in line and "crossrefs.md" not in line)
    (plain / "mkdocs.yml").write_text(config + "\n", encoding="utf-8")
    return ROOT / "mkdocs.yml", plain / "mkdocs.yml"


def run(annotated: Path, plain: Path, check_root: Path, work: Path, runs: int) -> dict:
    floor = floor_corpus(annotated, work)
    results: dict[str, list[tuple[float, int]]] = {"plain": [], "floor": [], "plugin": []}
    configs = {"plain": plain, "floor": floor, "plugin": annotated}
    for _ in range(runs):
        for side, config in configs.items():
            results[side].append(measure(config, work / f"site-{side}"))
    texts = len(list((check_root / "sources").glob("*.md")))
    report: dict = {"texts": texts}
    for side, measured in results.items():
        report[side] = {"median_s": round(statistics.median(t for t, _ in measured), 3),
                        "peak_rss_mb": round(max(m for _, m in measured) / 1024, 1)}
    plugin, base = report["plugin"], report["floor"]
    report["plugin_over_floor"] = round(plugin["median_s"] / base["median_s"], 3)
    report["plugin_over_plain"] = round(plugin["median_s"] / report["plain"]["median_s"], 3)
    report["memory_over_floor"] = round(plugin["peak_rss_mb"] / base["peak_rss_mb"], 3)
    report["engine_ms_per_text"] = round(1000 * (plugin["median_s"] - base["median_s"]) / texts, 1)
    report["glossator_check_s"] = round(statistics.median(check_time(check_root)
                                                          for _ in range(runs)), 3)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="a folder made by benchmarks/generate.py")
    parser.add_argument("--generate", type=int, metavar="TEXTS",
                        help="generate a corpus of TEXTS texts (50 notes and 4 terms per text)")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="glossator-bench-"))
    if args.generate:
        sys.path.insert(0, str(Path(__file__).parent))
        from generate import generate

        n = args.generate
        generate(work / "corpus", n, 50, n * 50, n * 4, 3, n * 4)
        args.corpus = work / "corpus"
    if args.corpus:
        annotated, plain = args.corpus / "annotated" / "mkdocs.yml", args.corpus / "plain" / "mkdocs.yml"
        check_root = args.corpus / "annotated"
    else:
        annotated, plain = repository_corpus(work)
        check_root = ROOT
    try:
        print(json.dumps(run(annotated, plain, check_root, work, args.runs), indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
