"""The engine's documentation (engine/*.md) says what the engine does: every key of every JSON
Schema, with its required-ness, kinds and limits, and nothing more; every plugin option with its
default; what the plugin sets in mkdocs.yml; every command and argument of the CLI. The
schemas the annotation files name resolve, here, in a starter edition and on the built site.
And the second platform, ProperDocs, builds an edition as MkDocs does."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ENGINE, ROOT
from editions import copy_edition
from glossator import cli, load, reader, schemas, starter
from glossator.config import GlossatorConfig

DOCS = ROOT / "engine"
ID = "^[a-z0-9-]+$"
NUMBERS = {1: "one", 2: "two", 3: "three"}


# --- Reading the Markdown ------------------------------------------------------------------

def sections(name: str) -> dict[str, str]:
    """The text under each heading of engine/<name> (any level), by the heading's words."""
    found, heading = {}, ""
    for line in (DOCS / name).read_text(encoding="utf-8").splitlines():
        match = re.match(r"^#{1,4} (.+)$", line)
        if match:
            heading = match.group(1).strip()
            found[heading] = ""
        else:
            found[heading] = found.get(heading, "") + line + "\n"
    return found


def table(section: str) -> list[dict[str, str]]:
    """The rows of the first Markdown table of a section, as {column: cell}."""
    lines = [l.strip() for l in section.splitlines() if l.strip().startswith("|")]
    assert len(lines) >= 3, f"no table in:\n{section}"
    cells = [[c.strip() for c in re.split(r"(?<!\\)\|", l.strip("|"))] for l in lines]
    head = cells[0]
    return [dict(zip(head, row)) for row in cells[2:] if len(lines) > 2]


def code(cell: str) -> list[str]:
    """The `code` spans of a cell, in order."""
    return re.findall(r"`([^`]+)`", cell)


def rows(name: str, heading: str, column: str) -> dict[str, dict[str, str]]:
    found = {}
    for row in table(sections(name)[heading]):
        key = code(row[column])[0]
        assert key not in found, f"{key} twice in {name}, {heading}"
        found[key] = row
    return found


# --- formats.md against the schemas --------------------------------------------------------

def schema(kind: str) -> dict:
    return json.loads(schemas.engine_schemas()[schemas.schema_name(kind)].read_text(encoding="utf-8"))


def flatten(node: dict, prefix: str = "") -> dict[str, tuple[dict, bool]]:
    """Every key of a schema, nested ones as `list[].key`: (its schema, whether required)."""
    keys = {}
    for key, prop in node.get("properties", {}).items():
        path = f"{prefix}{key}"
        keys[path] = (prop, key in node.get("required", []))
        if prop.get("type") == "array" and prop["items"].get("type") == "object":
            keys |= flatten(prop["items"], f"{path}[].")
    return keys


def schema_type(prop: dict) -> str:
    if "enum" in prop:
        return "choice"
    if prop.get("type") == "array":
        items = prop["items"]
        return ("list of ids" if items.get("pattern") == ID else
                "list of entries" if items.get("type") == "object" else "list of plain text")
    if prop.get("pattern") == ID:
        return "id"
    return "Markdown" if prop.get("description", "").startswith("Markdown") else "text"


def documented_type(cell: str) -> str:
    if cell in ("choice", "id", "Markdown", "list of ids", "list of plain text"):
        return cell
    if cell.startswith("list of "):
        return "list of entries"
    if cell in ("date", "address", "path"):  # front matter only: no schema
        return cell
    assert cell in ("plain text", "words of the text"), f"unknown type {cell!r}"
    return "text"


FORMATS = [("notes", "Notes file"), ("glossary", "Glossary"), ("crossrefs", "Cross-references")]


@pytest.mark.parametrize("kind, heading", FORMATS)
def test_formats_list_every_key_of_the_schema_and_no_other(kind, heading):
    assert set(rows("formats.md", heading, "Key")) == set(flatten(schema(kind)))


@pytest.mark.parametrize("kind, heading", FORMATS)
def test_formats_say_what_the_schema_says_of_each_key(kind, heading):
    documented = rows("formats.md", heading, "Key")
    for path, (prop, required) in flatten(schema(kind)).items():
        row = documented[path]
        assert row["Required"] == ("yes" if required else "no"), path
        assert documented_type(row["Type"]) == schema_type(prop), path
        if "enum" in prop:
            assert code(row["Values"]) == prop["enum"], path
        limits(path, prop, row["Values"])


def limits(path: str, prop: dict, values: str) -> None:
    """The schema's limits, in words: of the value itself, then ("each ...") of its items."""
    own, _, each = values.partition("each ")
    items = prop.get("items", {})
    for words, node in ((own, prop), (each, items)):
        assert ("not empty" in words) == (node.get("minLength", 0) >= 1), path
        most = node.get("maxLength")
        assert ("at most" in words) == (most is not None), path
        if most is not None:
            assert f"at most {most:,} characters" in words, path
    if "minItems" in prop:  # the first "at least": what the loader adds may follow
        assert re.search(r"at least (\w+)", own).group(1) == NUMBERS[prop["minItems"]], path


def test_formats_list_the_kinds_the_loader_accepts():
    notes = rows("formats.md", "Notes file", "Key")
    terms = rows("formats.md", "Glossary", "Key")
    assert code(notes["notes[].kind"]["Values"]) == list(load.NOTE_KINDS)
    assert code(terms["terms[].kind"]["Values"]) == list(load.TERM_KINDS)
    assert code(terms["terms[].link"]["Values"]) == list(load.LINK_CHOICES)


def test_front_matter_is_the_loaders():
    documented = rows("formats.md", "Text front matter", "Key")
    assert set(documented) == set(load.TEXT_KEYS)
    assert {k for k, row in documented.items() if row["Required"] == "yes"} == set(load.TEXT_REQUIRED)
    assert code(documented["glossary"]["Values"]) == list(load.LINK_CHOICES)
    assert {k for k, row in documented.items() if row["Type"].startswith("list")} == {
        "authors", "editorial"}
    plain = {k for k, row in documented.items() if row["Type"] == "plain text"}
    assert plain == set(load.TEXT_PLAIN)


def test_every_type_used_is_explained():
    kinds = {row["Type"] for row in table(sections("formats.md")["Kinds of value"])}
    body = sections("formats.md")
    for heading in ("Text front matter", *(h for _, h in FORMATS)):
        for row in table(body[heading]):
            named = row["Type"].removeprefix("list of ")
            entries = documented_type(row["Type"]) == "list of entries"
            assert named in kinds or named.removesuffix("s") in kinds or entries, row["Type"]


# --- options.md against config.py and reader.py --------------------------------------------

def test_options_are_the_plugins_with_their_defaults():
    documented = rows("options.md", "Options", "Option")
    options = dict(GlossatorConfig._schema)
    assert set(documented) == set(options)
    for name, option in options.items():
        assert json.loads(code(documented[name]["Default"])[0]) == option.default, name
        assert documented[name]["Type"].startswith({str: "string", bool: "true or false",
                                                    int: "a number"}[option._type]), name


def test_theme_features_are_the_ones_the_plugin_sets():
    documented = rows("options.md", "The theme", "Theme feature")
    on = {f for f, row in documented.items() if row["The plugin"].startswith("turns it on")}
    off = {f for f, row in documented.items() if row["The plugin"].startswith("turns it off")}
    assert (on, off) == (set(reader.FEATURES_ON), set(reader.FEATURES_OFF))
    assert on | off == set(documented)


def test_markdown_extensions_are_the_ones_the_plugin_adds():
    extensions, configs = [], {}
    reader.add_extensions(extensions, configs)
    documented = rows("options.md", "Markdown extensions", "Extension")
    assert set(documented) == {e if isinstance(e, str) else type(e).__name__ for e in extensions}
    for fence in configs.get(reader.FENCES, {}).get("custom_fences", []):
        assert f"`{fence['name']}`" in documented[reader.FENCES]["The plugin"]


def test_stylesheets_and_scripts_are_named_in_order():
    text = sections("options.md")["Stylesheets and scripts"]
    for names in (reader.STYLESHEETS, reader.SCRIPTS):
        places = [text.index(f"`{name}`") for name in names]
        assert places == sorted(places), names
    assert f"`{reader.SITE_FOLDER}/`" in text


# --- cli.md against the parser -------------------------------------------------------------

def the_parser(monkeypatch: pytest.MonkeyPatch) -> argparse.ArgumentParser:
    """The parser `glossator` builds, caught as it is about to read the arguments."""
    caught = []

    def catch(self, *args, **kwargs):
        caught.append(self)
        raise SystemExit(0)

    monkeypatch.setattr(argparse.ArgumentParser, "parse_args", catch)
    with pytest.raises(SystemExit):
        cli.main([])
    return caught[0]


def commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def test_every_command_is_documented_and_no_other(monkeypatch):
    documented = {h.removeprefix("glossator ") for h in sections("cli.md") if h.startswith("glossator ")}
    overview = rows("cli.md", "The command `glossator`", "Command")
    assert documented == set(commands(the_parser(monkeypatch)))
    assert {c.removeprefix("glossator ") for c in overview} == documented


def test_every_argument_is_documented_and_no_other(monkeypatch):
    for name, parser in commands(the_parser(monkeypatch)).items():
        section = sections("cli.md")[f"glossator {name}"]
        documented = {a.lower() for a in rows("cli.md", f"glossator {name}", "Argument")}
        actual = {}
        for action in parser._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            flag = (max(action.option_strings, key=len) if action.option_strings
                    else action.metavar or action.dest)
            actual[flag.lower()] = action
        assert documented == set(actual), name
        for flag, action in actual.items():
            for choice in action.choices or ():
                assert f"`{choice}`" in section, (name, flag, choice)
        usage = re.search(r"```sh\n(glossator .*)\n```", section).group(1)
        for flag in actual:
            assert flag in usage.lower(), (name, flag)


# --- The schemas resolve in every edition --------------------------------------------------

def modeline_target(path: Path) -> Path:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    match = re.fullmatch(r"# yaml-language-server: \$schema=(\S+)", first)
    assert match, f"{path}: {first!r}"
    return path.parent / match.group(1)


def assert_resolve_to_the_engines(annotations: Path) -> None:
    files = sorted(annotations.glob("*.yml"))
    assert files
    for path in files:
        kind = schemas.kind_of(path.name)
        target = modeline_target(path)
        assert target.name == schemas.schema_name(kind), path
        assert target.read_bytes() == schemas.engine_schemas()[target.name].read_bytes(), path


def test_this_editions_annotation_files_name_schemas_that_are_the_engines():
    assert_resolve_to_the_engines(ROOT / "annotations")
    copies = sorted(p.name for p in (ROOT / schemas.FOLDER).iterdir())
    assert copies == sorted(schemas.engine_schemas())


def test_a_starter_editions_annotation_files_name_schemas_that_are_the_engines(tmp_path):
    starter.write_starter(tmp_path / "edition")
    assert_resolve_to_the_engines(tmp_path / "edition" / "annotations")


def test_write_schemas_writes_only_what_changed(tmp_path):
    assert len(schemas.write_schemas(tmp_path)) == len(schemas.KINDS)
    assert schemas.write_schemas(tmp_path) == []
    (tmp_path / schemas.FOLDER / "notes.schema.json").write_text("{}", encoding="utf-8")
    assert schemas.write_schemas(tmp_path) == [tmp_path / schemas.FOLDER / "notes.schema.json"]


def test_the_site_publishes_the_schemas(site):
    for name, path in schemas.engine_schemas().items():
        assert (site / schemas.FOLDER / name).read_bytes() == path.read_bytes()


# --- The second platform ------------------------------------------------------------------

def properdocs_build(root: Path) -> subprocess.CompletedProcess:
    """`properdocs build --strict` of the edition in `root`, with this checkout's engine."""
    return subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"],
        cwd=root, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [
            ENGINE, os.environ.get("PYTHONPATH")]))},
    )


def test_properdocs_builds_an_edition_and_keeps_it_when_a_strict_build_fails(tmp_path):
    """ProperDocs logs under its own name: a problem must still fail the strict build and
    leave the last site as it was (the plugin once counted only MkDocs' warnings)."""
    root = copy_edition("tiny", tmp_path)
    built = properdocs_build(root)
    assert built.returncode == 0, built.stderr
    page = root / "site" / "texts" / "a-2015" / "index.html"
    assert 'class="gl-para"' in page.read_text(encoding="utf-8")
    notes = root / "annotations" / "a-2015.yml"
    notes.write_text(notes.read_text(encoding="utf-8").replace(
        'quote: "Union grew"', 'quote: "Union vanished"'), encoding="utf-8")
    (root / "site" / "last-good").write_text("", encoding="utf-8")
    failed = properdocs_build(root)
    assert failed.returncode == 1
    assert "annotations/a-2015.yml:4: quote not found in a-2015: 'Union vanished'" in failed.stderr
    assert (root / "site" / "last-good").is_file()
    assert not (root / "site.building").exists()


# --- Links between the pages ---------------------------------------------------------------

def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    return re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")


@pytest.mark.parametrize("page", sorted(p.name for p in DOCS.glob("*.md")))
def test_links_between_the_pages_resolve(page):
    # Code spans are examples, not links.
    text = re.sub(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)", "", (DOCS / page).read_text(encoding="utf-8"))
    links = re.findall(r"\]\(([^)\s]+)\)", text)
    for link in links:
        if re.match(r"^[a-z]+:", link):
            continue
        target, _, anchor = link.partition("#")
        path = (DOCS / (target or page)).resolve()
        assert path.is_file(), (page, link)
        if anchor:
            headings = [l.lstrip("#").strip() for l in path.read_text(encoding="utf-8").splitlines()
                        if re.match(r"^#{1,6} ", l)]
            assert anchor in {slug(h) for h in headings}, (page, link)
