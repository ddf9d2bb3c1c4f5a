"""`glossator check`: validate the edition's inputs without building the site."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .load import load_texts
from .model import GlossatorError


def check(root: Path) -> int:
    """Print every problem as `path:line: message`; 0 when clean, 1 when not."""
    try:
        texts = load_texts(root / "sources")
    except GlossatorError as error:
        for problem in error.problems:
            print(problem)
        print(f"{len(error.problems)} problem(s)", file=sys.stderr)
        return 1
    print(f"ok: {len(texts)} texts")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="glossator", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check_parser = commands.add_parser("check", help="validate texts and annotations")
    check_parser.add_argument("root", nargs="?", type=Path, default=Path("."),
                              help="folder holding sources/ and annotations/ (default: .)")
    args = parser.parse_args(argv)
    if not (args.root / "sources").is_dir():
        parser.error(f"no sources/ folder in {args.root.resolve()}")
    return check(args.root)


if __name__ == "__main__":
    sys.exit(main())
