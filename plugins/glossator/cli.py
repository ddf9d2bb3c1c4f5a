"""`glossator check`: validate texts and annotations and resolve every anchor, without a build."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown

from .extension import GlossatorExtension
from .figure import format_timeline
from .load import links_in, load_annotations, load_texts, read_body
from .model import GlossatorError, PageLinks, Problem, Where

# Without an mkdocs.yml: the Markdown extensions of the starter edition (and of this edition).
EXTENSIONS = ["abbr", "admonition", "attr_list", "footnotes", "md_in_html", "toc",
              "pymdownx.superfences"]
EXTENSION_CONFIGS = {"pymdownx.superfences": {"custom_fences": [
    {"name": "timeline", "class": "gl-timeline", "format": format_timeline}]}}


@dataclass(frozen=True)
class Conversion:
    """How an edition's pages are converted: its folders, and its Markdown extensions."""

    sources: str = "sources"
    annotations: str = "annotations"
    docs: str = "docs"
    extensions: list[Any] = field(default_factory=lambda: list(EXTENSIONS))
    configs: dict[str, Any] = field(default_factory=lambda: dict(EXTENSION_CONFIGS))


def conversion(root: Path) -> Conversion:
    """The edition's conversion, read from its mkdocs.yml (with MkDocs' own loader, which knows
    `!ENV` and `!!python/name`) when there is one."""
    config_file = root / "mkdocs.yml"
    if not config_file.is_file():
        return Conversion()
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort, ConfigurationError

    quiet = logging.getLogger("mkdocs")
    level = quiet.level
    quiet.setLevel(logging.ERROR)  # its notes about the theme and the docs are not ours to say
    try:
        config = load_config(str(config_file))
    except (Abort, ConfigurationError) as error:
        raise GlossatorError([Problem(Where(config_file, 1), f"mkdocs.yml cannot be read: {error}",
                                      "see MkDocs' message above; `mkdocs build` says the same")])
    finally:
        quiet.setLevel(level)
    plugin = config.plugins.get("glossator")
    options = plugin.config if plugin is not None else None
    return Conversion(
        sources=options.sources if options else "sources",
        annotations=options.annotations if options else "annotations",
        docs=os.path.relpath(config.docs_dir, config_file.parent.resolve()),
        extensions=list(config.markdown_extensions), configs=dict(config.mdx_configs),
    )


def check(root: Path) -> list[Problem]:
    """Every problem of the texts and annotation files under `root`, in the order the build
    finds them: loading, then the files of the site, then converting each text."""
    try:
        setup = conversion(root)
        texts = load_texts(root / setup.sources)
        annotations = load_annotations(root / setup.annotations, texts)
    except GlossatorError as error:
        return list(error.problems)
    linked = links_in(root / setup.docs)
    if linked:
        return linked
    extension = GlossatorExtension(annotations, texts, resolve_only=True)
    md = markdown.Markdown(extensions=[*setup.extensions, extension], extension_configs=setup.configs)
    for text in texts:
        extension.begin(text, PageLinks(f"texts/{text.id}.md"))
        md.reset()
        md.convert(read_body(text))
    return [p for text in texts for p in extension.resolved.problems.get(text.id, [])]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="glossator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate texts and annotations")
    check_parser.add_argument("root", nargs="?", type=Path, default=Path("."),
                              help="folder holding mkdocs.yml, or sources/ and annotations/ (default: .)")
    args = parser.parse_args(argv)
    if not ((args.root / "mkdocs.yml").is_file() or (args.root / "sources").is_dir()):
        parser.error(f"no mkdocs.yml and no sources/ folder in {args.root.resolve()}")
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
