"""Build the same corpus with the glossator plugin and without (plain Material), alternating.

    python benchmarks/run.py                 # this repository against a plain build of its texts
    python benchmarks/run.py --corpus DIR    # a corpus made by benchmarks/generate.py
    python benchmarks/run.py --generate 500  # generate 500 texts (50 paragraphs each) first

Prints the median wall time and peak memory of each build, their ratios, and the median time
of `glossator check`. Each build runs in a fresh process; runs alternate so that a noisy machine
affects both sides alike.
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
    shutil.copytree(ROOT / "docs" / "assets", plain / "docs" / "assets")
    return ROOT / "mkdocs.yml", plain / "mkdocs.yml"


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
    results: dict[str, list[tuple[float, int]]] = {"plugin": [], "plain": []}
    for _ in range(args.runs):
        results["plugin"].append(measure(annotated, work / "site-plugin"))
        results["plain"].append(measure(plain, work / "site-plain"))
    report = {}
    for side, runs in results.items():
        report[side] = {"median_s": round(statistics.median(t for t, _ in runs), 3),
                        "peak_rss_mb": round(max(m for _, m in runs) / 1024, 1)}
    report["time_ratio"] = round(report["plugin"]["median_s"] / report["plain"]["median_s"], 3)
    report["memory_ratio"] = round(report["plugin"]["peak_rss_mb"] / report["plain"]["peak_rss_mb"], 3)
    report["glossator_check_s"] = round(statistics.median(check_time(check_root)
                                                          for _ in range(args.runs)), 3)
    print(json.dumps(report, indent=2))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
