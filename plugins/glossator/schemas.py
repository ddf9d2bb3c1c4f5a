"""The JSON Schemas of the annotation files, as every edition finds them.

The engine's copies (`glossator/schema/`, package data) are the authority. An edition keeps its
own copies in `schemas/` beside `annotations/`, so that the first line of each annotation file,
`# yaml-language-server: $schema=../schemas/<kind>.schema.json`, resolves in any edition, this
repository included, with no network and no address that is not known; the build also publishes
them at `<site>/schemas/`, for a hosted edition's editors and for other tools. (The loader, not a
schema, decides what a file may hold: a schema only gives an editor completion and early marks.)
"""

from __future__ import annotations

from pathlib import Path

ENGINE = Path(__file__).parent / "schema"
FOLDER = "schemas"  # in an edition beside annotations/, and in the built site
KINDS = ("notes", "glossary", "crossrefs")


def kind_of(name: str) -> str:
    """The format of an annotation file, by its name (what `load` reads it as)."""
    return {"glossary.yml": "glossary", "crossrefs.yml": "crossrefs"}.get(name, "notes")


def schema_name(kind: str) -> str:
    return f"{kind}.schema.json"


def modeline(kind: str) -> str:
    """The first line of an annotation file of `kind`, relative to the file (in annotations/)."""
    return f"# yaml-language-server: $schema=../{FOLDER}/{schema_name(kind)}"


def engine_schemas() -> dict[str, Path]:
    """The engine's schema files by their names."""
    return {schema_name(kind): ENGINE / schema_name(kind) for kind in KINDS}


def write_schemas(root: Path) -> list[Path]:
    """Copy the engine's schemas into `root/schemas/`; the files written (changed or new)."""
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, source in engine_schemas().items():
        target, data = folder / name, source.read_bytes()
        if not target.is_file() or target.read_bytes() != data:
            target.write_bytes(data)
            written.append(target)
    return written
