"""`glossator new DIR`: a starter edition that passes `glossator check` and
`mkdocs build --strict` as written, for an editor to replace its samples with real texts."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .schemas import write_schemas

STARTER = Path(__file__).parent / "starter"  # package data, copied file by file
# The one file that names the engine's version: the edition installs the engine that wrote it.
PINNED, PIN = "requirements.txt", "==@VERSION@"


class FolderNotEmpty(Exception):
    """`glossator new` writes only into a new or empty folder: it overwrites nothing."""


def write_starter(folder: Path) -> list[Path]:
    """Write the starter edition into `folder` (created if missing); the files written."""
    hint = "\n  hint: name a new folder, for example `glossator new my-edition`"
    if folder.exists() and not folder.is_dir():
        raise FolderNotEmpty(f"{folder}: is a file; glossator new writes a starter edition into "
                             f"a new or empty folder{hint}")
    if folder.is_dir() and any(folder.iterdir()):
        raise FolderNotEmpty(f"{folder}: the folder is not empty; glossator new writes a starter "
                             f"edition only into a new or empty folder, and overwrites nothing{hint}")
    written = []
    for source in sorted(STARTER.rglob("*")):
        if not source.is_file():
            continue
        target = folder / source.relative_to(STARTER)
        target.parent.mkdir(parents=True, exist_ok=True)
        content = source.read_bytes()
        if source.name == PINNED:
            content = content.replace(PIN.encode(), _pin().encode())
        target.write_bytes(content)
        written.append(target)
    return written + write_schemas(folder)


def _pin() -> str:
    try:
        return f"=={version('glossator')}"
    except PackageNotFoundError:  # run from a checkout that is not installed: no pin
        return ""
