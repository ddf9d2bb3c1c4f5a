"""The JSON Schemas editors get completion from say what the loader accepts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from glossator import load
from conftest import ROOT

SCHEMAS = ROOT / "plugins" / "glossator" / "schema"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name, path, keys, required", [
    ("notes", ["notes"], load.NOTE_KEYS, ["id", "quote", "body"]),
    ("glossary", ["terms"], load.TERM_KEYS, ["id", "term", "forms", "definition"]),
    ("crossrefs", ["crossrefs"], load.CROSSREF_KEYS, ["id", "title", "passages"]),
])
def test_schema_matches_the_loader(name, path, keys, required):
    item = schema(name)["properties"][path[0]]["items"]
    assert set(item["properties"]) == set(keys)
    assert item["required"] == required
    assert item["additionalProperties"] is False


def test_passages_schema_matches_the_loader():
    passage = schema("crossrefs")["properties"]["crossrefs"]["items"]["properties"]["passages"]["items"]
    assert set(passage["properties"]) == set(load.PASSAGE_KEYS)


@pytest.mark.parametrize("path", sorted((ROOT / "annotations").glob("*.yml")))
def test_every_annotation_file_names_its_schema(path: Path):
    kind = {"glossary.yml": "glossary", "crossrefs.yml": "crossrefs"}.get(path.name, "notes")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{kind}.schema.json"


@pytest.mark.parametrize("name, path, kinds", [
    ("notes", "notes", load.NOTE_KINDS), ("glossary", "terms", load.TERM_KINDS),
])
def test_schema_kinds_are_the_loaders(name, path, kinds):
    assert schema(name)["properties"][path]["items"]["properties"]["kind"]["enum"] == list(kinds)
