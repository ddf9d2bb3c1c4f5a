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


from .export import Site, annotation_collection, serialise
from .extension import GlossatorExtension, convert_texts
from .figure import format_timeline
from .load import links_in, load_annotations, load_texts
from .fix import Change, repair
from .model import GlossatorError, Problem, Where
from .report import FORMATS, format_problems
from .reader import add_extensions
from .starter import FolderNotEmpty, write_starter

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
    site: Site = field(default_factory=Site)  # where it is published (annotations.jsonld)


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
    add_extensions(config.markdown_extensions, config.mdx_configs)  # as the plugin does
    return Conversion(
        sources=options.sources if options else "sources",
        annotations=options.annotations if options else "annotations",
        docs=os.path.relpath(config.docs_dir, config_file.parent.resolve()),
        extensions=list(config.markdown_extensions), configs=dict(config.mdx_configs),
        site=Site(config.site_url or "", config.site_name, config.theme.get("language") or "",
                  config.use_directory_urls),
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
    convert_texts(texts, extension, setup.extensions, setup.configs)
    return [p for text in texts for p in extension.resolved.problems.get(text.id, [])]


def export(root: Path) -> tuple[str, list[Problem]]:
    """annotations.jsonld as the build writes it, and the problems found on the way: a quote
    that does not anchor is left out, as the build leaves it."""
    try:
        setup = conversion(root)
        texts = load_texts(root / setup.sources)
        annotations = load_annotations(root / setup.annotations, texts)
    except GlossatorError as error:
        return "", list(error.problems)
    extension = GlossatorExtension(annotations, texts)
    bodies = convert_texts(texts, extension, setup.extensions, setup.configs)
    problems = [p for text in texts for p in extension.resolved.problems.get(text.id, [])]
    return serialise(annotation_collection(texts, annotations, bodies, setup.site)), problems


def run_export(root: Path, out: Path | None) -> int:
    """`glossator export`: the collection to `out` (standard output without one); 1 when a
    problem was found (what anchors is still written, unless nothing loads)."""
    collection, problems = export(root)
    for problem in problems:
        print(problem, file=sys.stderr)
    if not collection:
        return 1
    if out is None:
        sys.stdout.buffer.write(collection.encode("utf-8"))
    else:
        out.write_text(collection, encoding="utf-8")
        print(f"wrote {out}", file=sys.stderr)
    return 1 if problems else 0


def run_check(root: Path, form: str = "text", *, fix: bool = False) -> int:
    """`glossator check`: with `fix`, first repair the quotes that surely need it (each change
    printed); then print every problem in `form`. 1 when a problem is left, else 0."""
    started = time.perf_counter()
    log = sys.stdout if form == "text" else sys.stderr  # a machine's form has stdout to itself
    changes = _repair(root) if fix else []
    for change in changes:
        print(change, file=log)
    problems = check(root)
    shown = format_problems(problems, form, root)
    if shown or form == "json":
        print(shown)
    seconds = time.perf_counter() - started
    if fix:
        print(f"fixed {len(changes)}, left {len(problems)}", file=log)
    if problems:
        print(f"{len(problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: texts and annotations check out ({seconds:.2f} s)", file=sys.stderr)
    return 0


def run_new(folder: Path) -> int:
    """`glossator new`: the starter edition, and what to do next; 2 when the folder is taken."""
    try:
        written = write_starter(folder)
    except FolderNotEmpty as error:
        print(error, file=sys.stderr)
        return 2
    print(f"wrote a starter edition of {len(written)} files in {folder}; next:\n"
          f"  cd {folder} && glossator check && mkdocs serve", file=sys.stderr)
    return 0


def _repair(root: Path) -> list[Change]:
    try:
        return repair(root, conversion(root))
    except GlossatorError:
        return []  # input that does not load is not repaired: `check` then says why


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="glossator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate texts and annotations")
    check_parser.add_argument("root", nargs="?", type=Path, default=Path("."),
                              help="folder holding mkdocs.yml, or sources/ and annotations/ (default: .)")
    check_parser.add_argument("--format", choices=FORMATS, default="text",
                              help="text: path:line: message (default); github: ::error workflow "
                                   "commands, paths from the repository's root; json: a list")
    check_parser.add_argument("--fix", action="store_true",
                              help="first rewrite the quotes that surely need it (a stale quote, "
                                   "an ambiguous one), keeping the rest of each file as it is")
    export_parser = commands.add_parser(
        "export", help="write the editorial notes and cross-references as a W3C Web Annotation "
                       "collection, the annotations.jsonld that the build publishes")
    export_parser.add_argument("root", nargs="?", type=Path, default=Path("."),
                               help="folder holding mkdocs.yml, or sources/ and annotations/ (default: .)")
    export_parser.add_argument("--out", type=Path, metavar="FILE",
                               help="the file to write (default: standard output)")
    new_parser = commands.add_parser("new", help="write a starter edition into a new or empty folder")
    new_parser.add_argument("folder", type=Path, help="the folder (created if missing)")
    args = parser.parse_args(argv)
    if args.command == "new":
        return run_new(args.folder)
    if not ((args.root / "mkdocs.yml").is_file() or (args.root / "sources").is_dir()):
        parser.error(f"no mkdocs.yml and no sources/ folder in {args.root.resolve()}")
    if args.command == "export":
        return run_export(args.root, args.out)
    return run_check(args.root, args.format, fix=args.fix)


if __name__ == "__main__":
    sys.exit(main())
