"""Read texts and annotation files into the model; the only module that validates input.

Everything here may come from a stranger's pull request. Each value a contributor writes is
one of three things, decided per field (CONTRIBUTING.md has the table): plain text (escaped
wherever it goes), Markdown (checked by the one renderer that renders it,
`render.render_markdown`), or a value of a closed form (an id, a date, an address, a path, a
choice). Files are regular files inside their folder; YAML has no aliases and no duplicate keys.
"""

from __future__ import annotations

import datetime
import difflib
import os
import re
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import yaml

from .model import (
    Anchor, Annotations, CrossRef, Edition, GlossatorError, Note, Problem, Term, Text, Where,
)
from .render import render_markdown

ID = re.compile(r"^[a-z0-9-]+$")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
# C0 controls but tab, line feed and carriage return; DEL; C1 controls. Python-Markdown uses
# STX and ETX to mark its placeholders: a contributor's string must never hold them.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
WITNESS_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*\.txt$")
MAX_BYTES = {"text": 20_000_000, "witness": 20_000_000, "annotations": 2_000_000}
MAX_QUOTE = 1000  # characters: a quote picks out a passage, it does not copy a page

TEXT_REQUIRED = ("title", "authors", "date")
TEXT_PLAIN = ("title", "subtitle", "byline", "rubric", "date_note", "publication", "issue",
              "publisher", "rights", "abstract")
TEXT_KEYS = (*TEXT_PLAIN, "url", "witness", "glossary", "authors", "date", "editorial")
LINK_CHOICES = ("first", "all", "none")
NOTE_KINDS = ("context", "erratum", "identification", "source", "translation")
TERM_KINDS = ("organisation", "treaty", "concept", "currency", "person", "group", "place", "event")


class LineMap(dict):
    """A YAML mapping that knows the line of itself, of each of its keys, and of the first line
    of each of its values (the line after `key: |` for a block)."""

    line: int = 0
    key_lines: dict[str, int]
    value_lines: dict[str, int]


# --- YAML --------------------------------------------------------------------------------

class _Refused(Exception):
    """YAML that parses but that an edition does not accept."""

    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader (libyaml's parser when it is there), with mappings that record
    their lines; values that cannot be read and control characters are refused."""

    first_line = 1  # the file's line of the YAML's first line (front matter starts at 2)

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep=deep)
        except (ValueError, OverflowError) as error:  # 2015-13-45, a number too long
            shown = node.value if isinstance(node, yaml.ScalarNode) else node.tag
            raise _Refused(node.start_mark, f"cannot read the value {shown!r}: {error}",
                           "quote it; a date must be a real one, e.g. \"2015-03-21\"") from None
        if isinstance(value, str) and CONTROL.search(value):
            character = CONTROL.search(value).group()
            raise _Refused(node.start_mark, f"control character U+{ord(character):04X} in a value",
                           "remove it (an escape such as \\x02 in double quotes makes one)")
        return value


def _mapping(loader: _Loader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    mapping = LineMap()
    mapping.line = node.start_mark.line + loader.first_line
    mapping.key_lines, mapping.value_lines = {}, {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + loader.first_line
        if isinstance(key, (list, dict)):
            raise _Refused(key_node.start_mark, "a key must be a word, not a list or a mapping",
                           "write 'key: value'")
        if key in mapping:
            raise _Refused(key_node.start_mark, f"duplicate key '{key}'",
                           f"'{key}' is already given at line {mapping.key_lines[str(key)]}; keep one")
        mapping[key] = loader.construct_object(value_node, deep=True)
        block = isinstance(value_node, yaml.ScalarNode) and value_node.style in ("|", ">")
        mapping.key_lines[str(key)] = line
        mapping.value_lines[str(key)] = value_node.start_mark.line + loader.first_line + block
    return mapping


_Loader.add_constructor("tag:yaml.org,2002:map", _mapping)


MAX_DEPTH = 20  # the annotation formats nest four deep


def _refuse_aliases_and_depth(source: str) -> None:
    """Refuse an alias (expanding aliases is how a short file grows huge) and nesting deeper
    than any edition needs, from the parser's events, before anything is built from them."""
    depth = 0
    for event in yaml.parse(source, Loader=_Loader):
        if isinstance(event, yaml.AliasEvent):
            raise _Refused(event.start_mark, "YAML aliases (*name) are not allowed",
                           "write the value out in full each time it is needed")
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event.start_mark, f"YAML nests deeper than {MAX_DEPTH} levels",
                               "write the entries as a flat list")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1


def parse_yaml(source: str, path: Path, first_line: int = 1) -> Any:
    """YAML to Python values with `LineMap` mappings; every error becomes a problem."""
    loader = _Loader(source)
    loader.first_line = first_line
    try:
        _refuse_aliases_and_depth(source)
        return loader.get_single_data()
    except _Refused as refused:
        raise GlossatorError([Problem(Where(path, refused.mark.line + first_line),
                                      refused.message, refused.hint)]) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = (mark.line if mark else 0) + first_line
        lines = source.splitlines()
        near = lines[max(0, line - first_line - 1):line - first_line + 1]
        hint = ("indent with spaces: YAML does not allow tabs" if any("\t" in l for l in near) else
                "check indentation, and quote values that contain ': ' or start with a quote mark")
        raise GlossatorError([Problem(Where(path, line),
                                      f"YAML syntax error: {getattr(error, 'problem', None) or error}",
                                      hint)]) from None
    finally:
        loader.dispose()


# --- Files ---------------------------------------------------------------------------------

def read_utf8(path: Path, kind: str = "text") -> str:
    """The text of a contributor's file: a regular file (not a link), not too large, UTF-8
    (a byte-order mark is dropped), without control characters."""
    if path.is_symlink() or not path.is_file():
        what = "a symbolic link" if path.is_symlink() else "not a regular file"
        raise GlossatorError([Problem(Where(path, 1), f"{path.name} is {what}",
                                      "contributions are plain files inside the repository")])
    if path.stat().st_size > MAX_BYTES[kind]:
        raise GlossatorError([Problem(Where(path, 1), f"file is larger than "
                                      f"{MAX_BYTES[kind] // 1_000_000} MB", "split it")])
    data = path.read_bytes()
    try:
        source = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise GlossatorError([Problem(
            Where(path, line), f"file is not UTF-8 (byte {data[error.start]:#x})",
            "save the file with UTF-8 encoding",
        )]) from None
    control = CONTROL.search(source)
    if control:
        line = source.count("\n", 0, control.start()) + 1
        raise GlossatorError([Problem(Where(path, line), f"control character "
                                      f"U+{ord(control.group()):04X} in the file", "remove it")])
    return source


def _contributions(directory: Path, pattern: str) -> list[Path]:
    """The files of a contributors' folder; the folder itself may not be a link elsewhere."""
    if directory.is_symlink():
        raise GlossatorError([Problem(Where(directory, 1), f"{directory.name}/ is a symbolic link",
                                      "contributions are plain files inside the repository")])
    return sorted(directory.glob(pattern)) if directory.is_dir() else []


def links_in(folder: Path) -> list[Problem]:
    """Symbolic links under `folder`: MkDocs follows them, and would publish what they point at."""
    problems = []
    for directory, folders, files in os.walk(folder):  # a linked folder is listed, not entered
        for name in sorted(folders + files):
            path = Path(directory, name)
            if path.is_symlink():
                problems.append(Problem(Where(path, 1), f"{name} is a symbolic link",
                                        "the site publishes only plain files of the repository: "
                                        "copy the file in"))
    return problems


def did_you_mean(word: str, choices: tuple[str, ...] | list[str], known: str = "known keys") -> str:
    """The closest choice, or every choice under the heading `known`."""
    close = difflib.get_close_matches(word, choices, n=1)
    return f"did you mean '{close[0]}'?" if close else f"{known}: {', '.join(choices)}"


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


# --- Texts ---------------------------------------------------------------------------------

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


def real_date(value: str) -> bool:
    """An ISO date, possibly partial ("2015", "2010-03"), that is on the calendar."""
    if not ISO_DATE.match(value):
        return False
    year, month, day = (value.split("-") + ["01", "01"])[:3]
    try:
        datetime.date(int(year), int(month), int(day))
    except ValueError:
        return False
    return True


def web_address(value: str) -> bool:
    """An absolute http:// or https:// address with a host, nothing a browser would reinterpret."""
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc) and not re.search(r"[\s\\]", value)


def _text_value(key: str, value: Any, where: Where, sources: Path) -> tuple[Any, list[Problem]]:
    """One front-matter value checked and normalised (dates and years become strings)."""
    if key == "date":
        if isinstance(value, (datetime.date, int)):
            value = value.isoformat() if isinstance(value, datetime.date) else str(value)
        if not isinstance(value, str) or not real_date(value):
            return "", [Problem(where, f"'date' must be a real ISO date, found {value!r}",
                                "write date: \"2015\", \"2010-03\" or \"2013-01-23\"")]
        return value, []
    if key in ("authors", "editorial"):
        if isinstance(value, list) and all(isinstance(v, str) and v.strip() for v in value):
            return tuple(v.strip() for v in value), []
        return (), [Problem(where, f"'{key}' must be a list of words, found {value!r}",
                            f"write {key}: [\"...\", \"...\"] (an empty list when there are none)")]
    if not isinstance(value, str):
        return "", [Problem(where, f"'{key}' must be a string, found {type(value).__name__}",
                            "quote the value")]
    value = value.strip()
    if key == "title" and not value:
        return "", [Problem(where, "'title' is empty", "write the title as printed")]
    if key == "glossary" and value not in LINK_CHOICES:
        return "", [Problem(where, f"'glossary' must be one of {', '.join(LINK_CHOICES)}, "
                                   f"found {value!r}", "write glossary: first")]
    if key == "url" and value and not web_address(value):
        return "", [Problem(where, f"'url' must be an http:// or https:// address, found {value!r}",
                            "write the address of the original, e.g. \"https://example.org/article\"")]
    if key == "witness" and value:
        return value, _witness_problems(value, where, sources)
    return value, []


def _witness_problems(value: str, where: Where, sources: Path) -> list[Problem]:
    """A witness is a plain-text file directly in `<sources>/witnesses/`: served as text, it can
    hold no page or script; one folder keeps every published name unique."""
    parts = PurePosixPath(value).parts
    if len(parts) != 3 or parts[:2] != (sources.name, "witnesses") or not WITNESS_NAME.match(parts[2]):
        return [Problem(where, f"'witness' must be a .txt file in {sources.name}/witnesses/, "
                               f"found {value!r}",
                        f"write witness: \"{sources.name}/witnesses/<name>.txt\" "
                        "(the name in letters, digits, '.', '_' and '-')")]
    path = sources / "witnesses" / parts[2]
    if path.parent.is_symlink():
        return [Problem(where, f"{sources.name}/witnesses/ is a symbolic link",
                        "contributions are plain files inside the repository")]
    if not path.exists() and not path.is_symlink():
        return [Problem(where, f"witness not found: {value}",
                        "copy the raw source text, unchanged, to that file")]
    try:
        data = read_utf8(path, "witness")
    except GlossatorError as error:
        return [Problem(where, f"witness {value}: {error.problems[0].message}", error.problems[0].hint)]
    return [] if data.strip() else [Problem(where, f"witness {value} is empty",
                                            "copy the raw source text into it")]


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
            values[key], found = _text_value(key, meta[key], Where(path, meta.key_lines[key]),
                                             path.parent)
            problems += found
    if problems:
        raise GlossatorError(problems)
    return Text(id=path.stem, where=Where(path, 1), body_line=body_line,
                body_words=len(body.split()), **values)


def read_body(text: Text) -> str:
    """The Markdown body of a loaded text, read from its file."""
    return split_front_matter(read_utf8(text.where.path), text.where.path)[1]


def load_texts(directory: Path) -> tuple[Text, ...]:
    """Every `*.md` in `directory`, oldest first; all problems of all files reported together."""
    texts, problems, _ = _read_texts(directory)
    if problems:
        raise GlossatorError(problems)
    return texts


def _read_texts(directory: Path) -> tuple[tuple[Text, ...], list[Problem], list[str]]:
    """The texts that load, oldest first; the problems of the others, and their ids."""
    texts, problems, unreadable = [], [], []
    try:
        paths = _contributions(directory, "*.md")
    except GlossatorError as error:
        return (), list(error.problems), []
    for path in paths:
        try:
            texts.append(load_text(path))
        except GlossatorError as error:
            problems += error.problems
            unreadable.append(path.stem)
    return tuple(sorted(texts, key=lambda t: (t.date, t.id))), problems, unreadable


# --- Annotation files --------------------------------------------------------------------

NOTE_KEYS = ("id", "quote", "prefix", "suffix", "kind", "body", "sources")
TERM_KEYS = ("id", "term", "kind", "forms", "definition", "see", "link", "texts", "sources", "sort")
CROSSREF_KEYS = ("id", "title", "summary", "passages")
PASSAGE_KEYS = ("text", "quote", "prefix", "suffix")


class _Record:
    """Reads one YAML mapping of an annotation file, collecting problems instead of raising.

    One reader per kind of value: `ident`, `plain`, `quote`, `markdown`, `strings`, `choice`.
    """

    def __init__(self, mapping: Any, path: Path, what: str, known: tuple[str, ...],
                 required: tuple[str, ...], problems: list[Problem], line: int) -> None:
        self.path, self.what, self.problems = path, what, problems
        if not isinstance(mapping, LineMap):
            problems.append(Problem(Where(path, line), f"{what} must be a mapping of keys, "
                                    f"found {_kind(mapping)}", f"write '{required[0]}: ...' "
                                    "and the other keys, indented under '- '"))
            mapping = LineMap()
            mapping.line, mapping.key_lines, mapping.value_lines = line, {}, {}
            self.ok = False
        else:
            before = len(problems)
            problems += check_keys(mapping, path, known, required, what)
            self.ok = len(problems) == before
        self.mapping = mapping
        self.where = Where(path, mapping.line)

    def at(self, key: str) -> Where:
        return Where(self.path, self.mapping.key_lines.get(key, self.mapping.line))

    def _string(self, key: str) -> str | None:
        value = self.mapping.get(key, "")
        if isinstance(value, str):
            return value
        self.fail(key, f"'{key}' must be a string, found {_kind(value)}", "quote the value")
        return None

    def plain(self, key: str, *, required: bool = False) -> str:
        """Plain text: shown as written, escaped wherever it goes."""
        value = (self._string(key) or "").strip()
        if required and key in self.mapping and not value:
            self.fail(key, f"'{key}' is empty", f"write the {key}")
        return value

    def ident(self, key: str = "id") -> str:
        value = self.plain(key, required=True)
        if value and not ID.match(value):
            self.fail(key, f"{key} '{value}' is not lowercase [a-z0-9-]",
                      f"write e.g. {key}: {re.sub(r'[^a-z0-9]+', '-', value.lower()).strip('-') or 'a-name'}")
        return value

    def quote(self, key: str) -> str:
        """Words of a text, matched as a reader sees them (spaces kept as written)."""
        value = self._string(key) or ""
        if key == "quote" and key in self.mapping and not value.strip():
            self.fail(key, "'quote' is empty", "write the quote")
        if len(value) > MAX_QUOTE:
            self.fail(key, f"'{key}' is longer than {MAX_QUOTE} characters",
                      "quote the few words that pick out the passage")
        return value

    def markdown(self, key: str) -> str:
        value = self.mapping.get(key, "")
        if not isinstance(value, str):
            self.fail(key, f"'{key}' must be Markdown text, found {_kind(value)}",
                      f"write {key}: | and the text on the next lines, indented")
            return ""
        if key in self.mapping and not value.strip():
            self.fail(key, f"'{key}' is empty", f"write the {key}, or remove the entry")
        first = self.mapping.value_lines.get(key, self.mapping.line)
        for offset, message, hint in render_markdown(value).problems:
            self.problems.append(Problem(Where(self.path, first + offset), message, hint))
        return value.strip()

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.mapping.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"'{key}' must be a list of strings, found {_kind(value)}",
                      f"write {key}: [\"...\", \"...\"]")
            return ()
        if any(not v.strip() for v in value):
            self.fail(key, f"'{key}' holds an empty string", "remove it, or write the words")
        return tuple(v.strip() for v in value if v.strip())

    def choice(self, key: str, choices: tuple[str, ...], default: str = "") -> str:
        """One word of a closed list (`default` when the key is left out)."""
        value = self.plain(key) or default
        if value and value not in choices:
            self.fail(key, f"'{key}' must be one of {', '.join(choices)}, found {value!r}",
                      did_you_mean(value, choices, "choices"))
            return default
        return value

    def fail(self, key: str, message: str, hint: str) -> None:
        self.problems.append(Problem(self.at(key), f"{message} in {self.what}", hint))


def _kind(value: Any) -> str:
    names = {list: "a list", dict: "a mapping", LineMap: "a mapping", str: "a string",
             int: "a number", float: "a number", bool: "true/false", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


def _load_yaml_file(path: Path, top_key: str, example: str) -> tuple[LineMap | None, list[Problem]]:
    """The file's top mapping, or the problems that prevent reading it."""
    try:
        source = read_utf8(path, "annotations")
        if not source.strip() or all(l.lstrip().startswith("#") or not l.strip()
                                     for l in source.splitlines()):
            return None, [Problem(Where(path, 1), "file is empty", f"start with '{example}'")]
        data = parse_yaml(source, path)
    except GlossatorError as error:
        return None, list(error.problems)
    if not isinstance(data, LineMap):
        return None, [Problem(Where(path, 1), f"the file must be a mapping with '{top_key}:', "
                              f"found {_kind(data)}", f"start with '{example}'")]
    return data, []


def _items(data: LineMap, key: str, path: Path, problems: list[Problem]) -> list[tuple[Any, int]]:
    """The entries of a top-level list, each with its line."""
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(Problem(Where(path, data.key_lines.get(key, 1)),
                                f"'{key}' must be a list, found {_kind(items)}",
                                f"write each entry on a line starting with '- ' under '{key}:'"))
        return []
    return [(item, getattr(item, "line", data.key_lines[key])) for item in items]


def _text_id(record: _Record, key: str, texts: set[str]) -> str:
    text = record.ident(key)
    if text and ID.match(text) and text not in texts:
        record.fail(key, f"unknown text id '{text}'", did_you_mean(text, sorted(texts), "texts"))
    return text


def _notes_file(path: Path, data: LineMap, texts: set[str], problems: list[Problem]) -> list[Note]:
    top = _Record(data, path, "the notes file", ("text", "notes"), ("text", "notes"), problems, 1)
    text = _text_id(top, "text", texts)
    notes = []
    for item, line in _items(data, "notes", path, problems):
        r = _Record(item, path, "a note", NOTE_KEYS, ("id", "quote", "body"), problems, line)
        anchor = Anchor(text, r.quote("quote"), r.at("quote"), r.quote("prefix"), r.quote("suffix"))
        notes.append(Note(r.ident(), anchor, r.markdown("body"), r.where,
                          r.choice("kind", NOTE_KINDS), r.strings("sources")))
    return notes


def _glossary_file(path: Path, data: LineMap, texts: set[str],
                   problems: list[Problem]) -> list[Term]:
    problems += check_keys(data, path, ("terms",), ("terms",), "the glossary")
    terms = []
    for item, line in _items(data, "terms", path, problems):
        r = _Record(item, path, "a term", TERM_KEYS, ("id", "term", "forms", "definition"),
                    problems, line)
        forms = r.strings("forms")
        if r.ok and not forms:
            r.fail("forms", "'forms' is empty", "list the words the texts use for this term")
        for form in forms:
            if len(form) > MAX_QUOTE:
                r.fail("forms", f"a form is longer than {MAX_QUOTE} characters", "list words, not passages")
        meant_in = r.strings("texts")
        for unknown in (t for t in meant_in if t not in texts):
            r.fail("texts", f"unknown text id '{unknown}' in 'texts'",
                   did_you_mean(unknown, sorted(texts), "texts"))
        terms.append(Term(r.ident(), r.plain("term", required=True), forms, r.markdown("definition"),
                          r.where, r.choice("kind", TERM_KINDS), r.strings("see"),
                          r.choice("link", LINK_CHOICES, "first"),
                          r.strings("sources"), meant_in, r.plain("sort")))
    return terms


def _crossrefs_file(path: Path, data: LineMap, texts: set[str],
                    problems: list[Problem]) -> list[CrossRef]:
    problems += check_keys(data, path, ("crossrefs",), ("crossrefs",), "the cross-references")
    groups = []
    for item, line in _items(data, "crossrefs", path, problems):
        r = _Record(item, path, "a cross-reference", CROSSREF_KEYS, ("id", "title", "passages"),
                    problems, line)
        passages = []
        for p_item, p_line in _items(r.mapping, "passages", path, problems):
            p = _Record(p_item, path, "a passage", PASSAGE_KEYS, ("text", "quote"), problems, p_line)
            passages.append(Anchor(_text_id(p, "text", texts), p.quote("quote"), p.at("quote"),
                                   p.quote("prefix"), p.quote("suffix")))
        if r.ok and len({p.text for p in passages}) < 2:
            r.fail("passages", "'passages' must come from at least two texts",
                   "add the parallel passage of another text")
        groups.append(CrossRef(r.ident(), r.plain("title", required=True), tuple(passages), r.where,
                               r.markdown("summary")))
    return groups


def _duplicates(records: list[Any], what: str) -> list[Problem]:
    seen: dict[str, Where] = {}
    problems = []
    for record in records:
        if record.id in seen:
            problems.append(Problem(record.where, f"duplicate {what} id '{record.id}'",
                                    f"already used at {seen[record.id]}; choose another id"))
        elif record.id:
            seen[record.id] = record.where
    return problems


def _check_terms(terms: list[Term]) -> list[Problem]:
    """What no single entry shows: `see` naming a known other term, a form meaning one term."""
    problems = []
    ids = [t.id for t in terms]
    owners: dict[str, list[Term]] = {}
    for term in terms:
        for see in term.see:
            if see == term.id:
                problems.append(Problem(term.where, f"term '{term.id}' names itself in 'see'",
                                        "list other, related terms"))
            elif see not in ids:
                problems.append(Problem(term.where, f"unknown term id '{see}' in 'see' of '{term.id}'",
                                        did_you_mean(see, ids, "terms")))
        for form in dict.fromkeys(term.forms):
            other = next((o for o in owners.get(form, ()) if _share_a_text(o, term)), None)
            if other:
                problems.append(Problem(term.where, f"form '{form}' is claimed by two terms: "
                                        f"'{other.id}' and '{term.id}'",
                                        f"keep it in one term (first at {other.where}), or give "
                                        "each term the 'texts' where the form means it"))
            owners.setdefault(form, []).append(term)
    return problems


def _share_a_text(a: Term, b: Term) -> bool:
    return not a.texts or not b.texts or bool(set(a.texts) & set(b.texts))


def load_annotations(directory: Path, texts: tuple[Text, ...]) -> Annotations:
    """Every annotation file of `directory`, validated against each other and the texts."""
    annotations, problems = _read_annotations(directory, {t.id for t in texts})
    if problems:
        raise GlossatorError(problems)
    return annotations


def _read_annotations(directory: Path, text_ids: set[str]) -> tuple[Annotations, list[Problem]]:
    """The annotations of the files without a problem, and the problems of the others."""
    notes: list[Note] = []
    terms: list[Term] = []
    groups: list[CrossRef] = []
    problems: list[Problem] = []
    try:
        paths = _contributions(directory, "*.yml")
    except GlossatorError as error:
        return Annotations(), list(error.problems)
    for path in paths:
        if path.name == "glossary.yml":
            data, found = _load_yaml_file(path, "terms", "terms:")
            terms += _glossary_file(path, data, text_ids, found) if data is not None else []
        elif path.name == "crossrefs.yml":
            data, found = _load_yaml_file(path, "crossrefs", "crossrefs:")
            groups += _crossrefs_file(path, data, text_ids, found) if data is not None else []
        else:
            data, found = _load_yaml_file(path, "notes", f"text: {path.stem}")
            notes += _notes_file(path, data, text_ids, found) if data is not None else []
        problems += found
    problems += _duplicates(notes, "note") + _duplicates(terms, "term")
    problems += _duplicates(groups, "cross-reference") + _check_terms(terms)
    broken = {p.where.path for p in problems}  # a file with a problem contributes nothing

    def sound(records: list) -> tuple:
        return tuple(r for r in records if r.where.path not in broken)

    return Annotations(sound(notes), sound(terms), sound(groups)), problems


def read_edition(sources: Path, annotations: Path) -> Edition:
    """The edition as far as it can be read, for a build that shows its problems on the pages
    they concern instead of stopping: a file with a problem contributes nothing (a text is
    then only its id), and every problem is kept."""
    texts, problems, unreadable = _read_texts(sources)
    found, more = _read_annotations(annotations, {t.id for t in texts} | set(unreadable))
    return Edition(texts, found, tuple(problems + more), tuple(unreadable))
