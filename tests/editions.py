"""Small editions for tests (tests/editions/): copied, patched, checked and built in-process."""

from __future__ import annotations

import logging
import os
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EDITIONS = Path(__file__).resolve().parent / "editions"


def copy_edition(name: str, destination: Path) -> Path:
    root = destination / name
    shutil.copytree(EDITIONS / name, root, symlinks=True)
    return root


def patch(root: Path, case: dict[str, Any]) -> None:
    """Apply a case of tests/bad_input.yml: files written (`write`, or `latin1` for bytes that
    are not UTF-8; `repeat: {WORD: [piece, n]}` puts n pieces in place of WORD), `remove`d,
    made `folder`s or symbolic `link`s (path: target)."""
    for name in case.get("remove", []):
        (root / name).unlink()
    for name, content in case.get("write", {}).items():
        for word, (piece, times) in case.get("repeat", {}).items():
            content = content.replace(word, piece * times)
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content.encode("utf-8"))
    for name, content in case.get("latin1", {}).items():
        (root / name).write_bytes(content.encode("latin-1"))
    for name in case.get("folder", []):
        (root / name).unlink(missing_ok=True)
        (root / name).mkdir()
    for name, target in case.get("link", {}).items():
        if (root / name).is_dir():
            shutil.rmtree(root / name)
        (root / name).unlink(missing_ok=True)
        (root / name).symlink_to(target)


@dataclass
class Built:
    ok: bool
    log: str  # every message MkDocs and its plugins logged, one per line
    site: Path


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.levelname}: {record.getMessage()}")


def build(root: Path, *, strict: bool = True) -> Built:
    """`mkdocs build` of the edition in `root`, in this process (from `root`, as a contributor
    runs it). An exception other than MkDocs' own abort propagates: it is a traceback."""
    from mkdocs.commands.build import build as mkdocs_build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    handler = _Lines()
    logger = logging.getLogger("mkdocs")
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(handler)
    here = os.getcwd()
    os.chdir(root)
    try:
        config = load_config(str(root / "mkdocs.yml"), strict=strict)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build(config)
            ok = True
        except Abort:
            ok = False
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(here)
        logger.removeHandler(handler)
        logger.setLevel(level)
    return Built(ok, "\n".join(handler.lines), root / "site")
