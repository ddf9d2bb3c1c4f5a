"""Where a build's time goes, with the plugin and without: one build of each, phase by phase.

    python benchmarks/breakdown.py                 # this repository
    python benchmarks/breakdown.py --corpus DIR    # a corpus made by benchmarks/generate.py

Times MkDocs' two steps for each page (`_populate_page`: read and convert; `_build_page`: the
template and the file written) by kind of page, and every plugin event, each without the time
of what it calls that is timed too. Both builds run in fresh processes, one after the other, so
the figures are one sample each: for ratios, use `run.py`. This reads MkDocs' internals (the two
step functions of `mkdocs.commands.build`), which is good enough for a diagnosis.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
from pathlib import Path

from run import build_in_process, repository_corpus

PROBE = r"""
import collections, json, sys, time
import mkdocs.commands.build as steps
from mkdocs.config import load_config

times = collections.Counter()
stack = []  # [start, time of timed calls inside]


def timed(key, call, *args, **kwargs):
    stack.append([time.perf_counter(), 0.0])
    try:
        return call(*args, **kwargs)
    finally:
        start, inner = stack.pop()
        spent = time.perf_counter() - start
        times[key] += spent - inner
        if stack:
            stack[-1][1] += spent


def kind(page):
    uri = page.file.src_uri
    return "text pages" if uri.startswith("texts/") else uri if uri in ("glossary.md", "crossrefs.md") else "other pages"


config = load_config(sys.argv[1], site_dir=sys.argv[2])
for event, methods in config.plugins.events.items():
    for i, method in enumerate(methods):
        owner = type(getattr(method, "__self__", None)).__name__
        methods[i] = (lambda m, key: lambda *a, **k: timed(key, m, *a, **k))(method, f"{owner}.on_{event}")
for name, label in (("_populate_page", "convert"), ("_build_page", "write")):
    step = getattr(steps, name)
    setattr(steps, name, (lambda step, label: lambda page, *a, **k: timed(
        f"{label}: {kind(page)}", step, page, *a, **k))(step, label))
start = time.perf_counter()
config.plugins.on_startup(command="build", dirty=False)
timed("rest of the build", steps.build, config)
times["total"] = time.perf_counter() - start
print(json.dumps(times))
"""


def measure(config: Path, site: Path) -> dict[str, float]:
    return json.loads(build_in_process(PROBE, config, site).splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, help="a folder made by benchmarks/generate.py")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="glossator-breakdown-"))
    if args.corpus:
        annotated, plain = args.corpus / "annotated" / "mkdocs.yml", args.corpus / "plain" / "mkdocs.yml"
    else:
        annotated, plain = repository_corpus(work)
    with_plugin, without = measure(annotated, work / "site-plugin"), measure(plain, work / "site-plain")
    keys = sorted(set(with_plugin) | set(without), key=lambda k: (k == "total", -with_plugin.get(k, 0)))
    print(f"{'seconds':<44} {'plugin':>8} {'plain':>8} {'added':>8}")
    for key in keys:
        a, b = with_plugin.get(key, 0.0), without.get(key, 0.0)
        if max(a, b) >= 0.0005:
            print(f"{key:<44} {a:8.3f} {b:8.3f} {a - b:+8.3f}")
    print(f"{'overhead, as a share of the plain build':<44} {with_plugin['total'] / without['total'] - 1:+8.0%}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
