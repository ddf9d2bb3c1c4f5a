"""`glossator check`: validate texts and annotations and resolve every anchor, without a build."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import markdown

from .extension import GlossatorExtension
from .figure import format_timeline
from .load import load_annotations, load_texts
from .model import GlossatorError, Problem

# The Markdown extensions of the edition's mkdocs.yml that change what a reader sees.
EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "toc",
              "pymdownx.superfences"]
EXTENSION_CONFIGS = {"pymdownx.superfences": {"custom_fences": [
    {"name": "timeline", "class": "gl-timeline", "format": format_timeline}]}}


def check(root: Path) -> list[Problem]:
    """Every problem of the texts and annotation files under `root`."""
    try:
        texts = load_texts(root / "sources")
        annotations = load_annotations(root / "annotations", texts)
    except GlossatorError as error:
        return list(error.problems)
    extension = GlossatorExtension(annotations, resolve_only=True)
    md = markdown.Markdown(extensions=[*EXTENSIONS, extension],
                           extension_configs=EXTENSION_CONFIGS)
    for text in texts:
        extension.text = text
        md.reset()
        md.convert(text.body)
    return extension.record.problems


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
