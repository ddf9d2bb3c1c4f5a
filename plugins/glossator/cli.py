"""`glossator check`: validate texts and annotations and resolve every anchor, without a build."""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
from pathlib import Path

import markdown

from .extension import GlossatorExtension
from .figure import format_timeline
from .load import links_in, load_annotations, load_texts, read_body
from .model import Annotations, GlossatorError, Problem, Text

# The Markdown extensions of the edition's mkdocs.yml that change what a reader sees.
EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "toc",
              "pymdownx.superfences"]
EXTENSION_CONFIGS = {"pymdownx.superfences": {"custom_fences": [
    {"name": "timeline", "class": "gl-timeline", "format": format_timeline}]}}


def check(root: Path, jobs: int | None = None) -> list[Problem]:
    """Every problem of the texts and annotation files under `root`.

    The texts are converted by `jobs` forked processes (default: one per CPU, and no more than
    one for every two texts); where processes cannot fork, by this one.
    """
    try:
        texts = load_texts(root / "sources")
        annotations = load_annotations(root / "annotations", texts)
    except GlossatorError as error:
        return list(error.problems)
    linked = links_in(root / "docs")  # the build stops on these before it converts a page
    if linked:
        return linked
    jobs = min(jobs or os.cpu_count() or 1, max(1, len(texts) // 2))
    if jobs == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [p for found in _resolve(texts, annotations) for p in found]
    # Forked workers share the loaded annotations without copying them; each converts every
    # jobs-th text and sends back only its problems, put back in the texts' order here.
    global _SHARED
    _SHARED = (texts, annotations, jobs)
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            shares = pool.map(_resolve_share, range(jobs))
    finally:
        _SHARED = None
    return [p for i in range(len(texts)) for p in shares[i % jobs][i // jobs]]


_SHARED: tuple[tuple[Text, ...], Annotations, int] | None = None


def _resolve_share(worker: int) -> list[list[Problem]]:
    texts, annotations, jobs = _SHARED
    return _resolve(texts[worker::jobs], annotations)


def _resolve(texts: tuple[Text, ...], annotations: Annotations) -> list[list[Problem]]:
    """The problems of each text: quotes that do not anchor."""
    extension = GlossatorExtension(annotations, resolve_only=True)
    md = markdown.Markdown(extensions=[*EXTENSIONS, extension],
                           extension_configs=EXTENSION_CONFIGS)
    found = []
    for text in texts:
        before = len(extension.record.problems)
        extension.text = text
        md.reset()
        md.convert(read_body(text))
        found.append(extension.record.problems[before:])
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="glossator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate texts and annotations")
    check_parser.add_argument("root", nargs="?", type=Path, default=Path("."),
                              help="folder holding sources/ and annotations/ (default: .)")
    args = parser.parse_args(argv)
    if not (args.root / "sources").is_dir():
        parser.error(f"no sources/ folder in {args.root.resolve()}")
    started = time.perf_counter()
    problems = check(args.root)
    for problem in problems:
        print(problem)
    seconds = time.perf_counter() - started
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: texts and annotations check out ({seconds:.2f} s)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
