"""Read texts and annotation files into the model; the only module that validates input."""

from __future__ import annotations

import datetime
import difflib
import re
from pathlib import Path
from typing import Any

import yaml

from .model import GlossatorError, Problem, Text, Where

ID = re.compile(r"^[a-z0-9-]+$")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

TEXT_REQUIRED = ("title", "authors", "date")
TEXT_STRINGS = (
    "title", "subtitle", "byline", "rubric", "date_note", "publication", "issue",
    "publisher", "url", "rights", "abstract", "witness",
)
TEXT_KEYS = (*TEXT_STRINGS, "authors", "date", "editorial")


class LineMap(dict):
    """A YAML mapping that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]


class _LineLoader(yaml.SafeLoader):
    """SafeLoader whose mappings are `LineMap`s (1-based lines, offset by `first_line`)."""

    first_line = 1


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineMap:
    mapping = LineMap(loader.construct_mapping(node, deep=True))
    mapping.line = node.start_mark.line + loader.first_line
    mapping.key_lines = {
        str(key.value): key.start_mark.line + loader.first_line for key, _ in node.value
    }
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def read_utf8(path: Path) -> str:
    """The file's text; a file that is not UTF-8 is a problem at the line of the first bad byte."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GlossatorError([Problem(
            Where(path, line), f"file is not UTF-8 (byte {data[error.start]:#x})",
            "save the file with UTF-8 encoding",
        )]) from None


def parse_yaml(source: str, path: Path, first_line: int = 1) -> Any:
    """YAML to Python values with `LineMap` mappings; syntax errors become problems."""
    loader = _LineLoader(source)
    loader.first_line = first_line
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        raise GlossatorError([Problem(
            Where(path, line), f"YAML syntax error: {error.problem or error}",
            "check indentation, and quote values that contain ': ' or start with a quote mark",
        )]) from None
    finally:
        loader.dispose()


def did_you_mean(word: str, choices: tuple[str, ...] | list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1)
    return f"did you mean '{close[0]}'?" if close else f"known keys: {', '.join(choices)}"


def check_keys(mapping: LineMap, path: Path, known: tuple[str, ...], required: tuple[str, ...],
               what: str) -> list[Problem]:
    """Unknown and missing keys of one mapping."""
    problems = [
        Problem(Where(path, mapping.key_lines.get(str(key), mapping.line)),
                f"unknown key '{key}' in {what}", did_you_mean(str(key), known))
        for key in mapping if key not in known
    ]
    problems += [
        Problem(Where(path, mapping.line), f"missing required key '{key}' in {what}",
                f"add '{key}: ...'")
        for key in required if key not in mapping
    ]
    return problems


def split_front_matter(source: str, path: Path) -> tuple[str, str, int]:
    """(front matter, body, line where the body starts) of a Markdown file."""
    lines = source.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        raise GlossatorError([Problem(
            Where(path, 1), "missing front matter",
            "start the file with '---', then 'title:', 'authors:' and 'date:', then '---'",
        )])
    for n, line in enumerate(lines[1:], start=2):
        if line.strip() in ("---", "..."):
            return "".join(lines[1:n - 1]), "".join(lines[n:]), n + 1
    raise GlossatorError([Problem(Where(path, 1), "front matter is not closed",
                                  "end the front matter with a line '---'")])


def _text_value(key: str, value: Any, where: Where) -> tuple[Any, list[Problem]]:
    """One front-matter value checked and normalised (dates and years become strings)."""
    if key == "date":
        if isinstance(value, (datetime.date, int)):
            value = value.isoformat() if isinstance(value, datetime.date) else str(value)
        if not isinstance(value, str) or not ISO_DATE.match(value):
            return "", [Problem(where, f"'date' must be an ISO date, found {value!r}",
                                "write date: \"2015\", \"2010-03\" or \"2013-01-23\"")]
        return value, []
    if key in ("authors", "editorial"):
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value), []
        return (), [Problem(where, f"'{key}' must be a list of strings, found {value!r}",
                            f"write {key}: [\"...\", \"...\"]")]
    if not isinstance(value, str):
        return "", [Problem(where, f"'{key}' must be a string, found {type(value).__name__}",
                            "quote the value")]
    return value.strip(), []


def load_text(path: Path) -> Text:
    """Parse and validate `sources/<id>.md`."""
    source = read_utf8(path)
    front, body, body_line = split_front_matter(source, path)
    meta = parse_yaml(front, path, first_line=2)
    if not isinstance(meta, LineMap):
        raise GlossatorError([Problem(Where(path, 2), "front matter must be a mapping of keys",
                                      "write 'title: ...' on its own line")])
    problems = check_keys(meta, path, TEXT_KEYS, TEXT_REQUIRED, "front matter")
    if not ID.match(path.stem):
        problems.append(Problem(Where(path, 1), f"text id '{path.stem}' is not lowercase [a-z0-9-]",
                                "rename the file, e.g. 'laruelle-2015.md'"))
    values = {}
    for key in TEXT_KEYS:
        if key in meta:
            values[key], found = _text_value(key, meta[key], Where(path, meta.key_lines[key]))
            problems += found
    if problems:
        raise GlossatorError(problems)
    return Text(id=path.stem, where=Where(path, 1), body=body, body_line=body_line, **values)


def load_texts(directory: Path) -> tuple[Text, ...]:
    """Every `*.md` in `directory`, oldest first; all problems of all files reported together."""
    texts, problems = [], []
    for path in sorted(directory.glob("*.md")):
        try:
            texts.append(load_text(path))
        except GlossatorError as error:
            problems += error.problems
    if problems:
        raise GlossatorError(problems)
    return tuple(sorted(texts, key=lambda t: (t.date, t.id)))
