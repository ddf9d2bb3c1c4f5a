"""Read texts and annotation files into the model; the only module that validates input."""

from __future__ import annotations

import contextlib
import datetime
import difflib
import gc
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from markdown_it import MarkdownIt
from urllib.parse import urlsplit

from .model import Anchor, Annotations, CrossRef, GlossatorError, Note, Problem, Term, Text, Where

ID = re.compile(r"^[a-z0-9-]+$")
ISO_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

TEXT_REQUIRED = ("title", "authors", "date")
TEXT_STRINGS = (
    "title", "subtitle", "byline", "rubric", "date_note", "publication", "issue",
    "publisher", "url", "rights", "abstract", "witness", "glossary",
)
TEXT_KEYS = (*TEXT_STRINGS, "authors", "date", "editorial")
LINK_CHOICES = ("first", "all", "none")


class LineMap(dict):
    """A YAML mapping that knows the line of itself and of each of its keys."""

    line: int = 0
    key_lines: dict[str, int]


_MAP, _SEQ, _STR = (f"tag:yaml.org,2002:{t}" for t in ("map", "seq", "str"))
_MERGE_KEYS = {"tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}  # what flatten_mapping acts on


# libyaml's parser when it is there: the annotation files of a large edition load ten times faster.
class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The safe loader, with the implicit tags (numbers, dates, booleans, null) of plain
    scalars resolved as PyYAML's resolver does, without its bookkeeping for path resolvers
    (the safe loader has none): it is called for every scalar."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        if kind is yaml.ScalarNode:
            if implicit[0]:
                for tag, pattern in self.yaml_implicit_resolvers.get(value[:1], ()):
                    if pattern.match(value):
                        return tag
            return _STR
        return _SEQ if kind is yaml.SequenceNode else _MAP


def _value(loader: Any, node: yaml.Node, first_line: int) -> Any:
    """What the safe loader makes of a node, with `LineMap` mappings (1-based lines, offset by
    `first_line`). Walked here rather than by PyYAML's constructor: most nodes are plain strings
    and mappings, and its general machinery took more time than parsing."""
    if node.tag == _STR:
        return node.value
    if node.tag == _MAP:
        if any(key.tag in _MERGE_KEYS for key, _ in node.value):
            loader.flatten_mapping(node)  # merge keys (<<)
        mapping = LineMap()
        mapping.line = node.start_mark.line + first_line
        mapping.key_lines = {}
        for key_node, value_node in node.value:
            key = _value(loader, key_node, first_line)
            if isinstance(key, (list, dict)):
                raise yaml.constructor.ConstructorError(
                    "while constructing a mapping", node.start_mark, "found unhashable key",
                    key_node.start_mark)
            mapping[key] = _value(loader, value_node, first_line)
            mapping.key_lines[str(key)] = key_node.start_mark.line + first_line
        return mapping
    if node.tag == _SEQ:
        return [_value(loader, item, first_line) for item in node.value]
    return loader.construct_object(node, deep=True)  # numbers, dates, booleans, null; bad tags raise


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
    loader = _Loader(source)
    try:
        node = loader.get_single_node()
        return None if node is None else _value(loader, node, first_line)
    except RecursionError:
        raise GlossatorError([Problem(
            Where(path, first_line), "YAML nests too deep (an alias that contains itself?)",
            "write the values out instead of using anchors (&) and aliases (*)",
        )]) from None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = (mark.line if mark else 0) + first_line
        raise GlossatorError([Problem(
            Where(path, line), f"YAML syntax error: {error.problem or error}",
            "check indentation, and quote values that contain ': ' or start with a quote mark",
        )]) from None
    finally:
        loader.dispose()


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
    if key == "glossary" and value not in LINK_CHOICES:
        return "", [Problem(where, f"'glossary' must be one of {', '.join(LINK_CHOICES)}, "
                                   f"found {value!r}", "write glossary: first")]
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
    return Text(id=path.stem, where=Where(path, 1), body_line=body_line,
                body_words=len(body.split()), **values)


def read_body(text: Text) -> str:
    """The Markdown body of a loaded text, read from its file."""
    return split_front_matter(read_utf8(text.where.path), text.where.path)[1]


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


# --- Annotation files --------------------------------------------------------------------

NOTE_KEYS = ("id", "quote", "prefix", "suffix", "kind", "body", "sources")
TERM_KEYS = ("id", "term", "kind", "forms", "definition", "see", "link", "texts", "sources")
CROSSREF_KEYS = ("id", "title", "summary", "passages")
PASSAGE_KEYS = ("text", "quote", "prefix", "suffix")
SAFE_SCHEMES = ("", "http", "https", "mailto")
MARKDOWN_KEYS = ("body", "definition", "summary")
LIST_KEYS = ("sources", "forms", "see")


class _Record:
    """Reads one YAML mapping of an annotation file, collecting problems instead of raising."""

    def __init__(self, mapping: Any, path: Path, what: str, known: tuple[str, ...],
                 required: tuple[str, ...], problems: list[Problem], line: int) -> None:
        self.path, self.what, self.problems = path, what, problems
        if not isinstance(mapping, LineMap):
            problems.append(Problem(Where(path, line), f"{what} must be a mapping of keys, "
                                    f"found {_kind(mapping)}", f"write '{required[0]}: ...' "
                                    "and the other keys, indented under '- '"))
            mapping = LineMap()
            mapping.line, mapping.key_lines = line, {}
            self.ok = False
        else:
            before = len(problems)
            problems += check_keys(mapping, path, known, required, what)
            self.ok = len(problems) == before
        self.mapping = mapping
        self.where = Where(path, mapping.line)

    def at(self, key: str) -> Where:
        return Where(self.path, self.mapping.key_lines.get(key, self.mapping.line))

    def string(self, key: str) -> str:
        value = self.mapping.get(key, "")
        if key in MARKDOWN_KEYS and key in self.mapping:
            return self.markdown(key, value)
        if not isinstance(value, str):
            self.fail(key, f"'{key}' must be a string, found {_kind(value)}", "quote the value")
            return ""
        if key == "id" and key in self.mapping and not ID.match(value):
            self.fail(key, f"id '{value}' is not lowercase [a-z0-9-]",
                      f"write e.g. id: {re.sub(r'[^a-z0-9]+', '-', value.lower()).strip('-')}")
        if key in ("quote", "term", "title", "text") and key in self.mapping and not value.strip():
            self.fail(key, f"'{key}' is empty", f"write the {key}")
        return value.strip() if key != "quote" else value

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.mapping.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.fail(key, f"'{key}' must be a list of strings, found {_kind(value)}",
                      f"write {key}: [\"...\", \"...\"]")
            return ()
        return tuple(v.strip() for v in value)

    def markdown(self, key: str, value: Any) -> str:
        if not isinstance(value, str):
            self.fail(key, f"'{key}' must be Markdown text, found {_kind(value)}",
                      f"write {key}: | and the text on the next lines, indented")
            return ""
        if not value.strip():
            self.fail(key, f"'{key}' is empty", f"write the {key}, or remove the entry")
        for line, problem, hint in markdown_problems(value):
            self.problems.append(Problem(Where(self.path, self.at(key).line + line), problem, hint))
        return value.strip()

    def fail(self, key: str, message: str, hint: str) -> None:
        self.problems.append(Problem(self.at(key), f"{message} in {self.what}", hint))


def _kind(value: Any) -> str:
    names = {list: "a list", dict: "a mapping", LineMap: "a mapping", str: "a string",
             int: "a number", float: "a number", bool: "true/false", type(None): "nothing"}
    return names.get(type(value), type(value).__name__)


def _inspector() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": True})
    md.validateLink = lambda url: True  # see every link, then judge its scheme ourselves
    return md


_INSPECTOR = _inspector()


def markdown_problems(source: str) -> list[tuple[int, str, str]]:
    """Raw HTML and links with unsafe schemes in a Markdown body: (line offset, message, hint)."""
    found: list[tuple[int, str, str]] = []
    if "<" not in source and ":" not in source:
        return found  # no tag, no autolink, no scheme: nothing to inspect
    for token in _INSPECTOR.parse(source):
        line = token.map[0] + 1 if token.map else 1
        children = token.children or [token]
        for child in children:
            if child.type in ("html_inline", "html_block"):
                tag = child.content.strip().splitlines()[0][:40]
                found.append((line, f"raw HTML is not allowed in a body: {tag!r}",
                              "use Markdown instead (**bold**, *italic*, [text](https://...))"))
            if child.type in ("link_open", "image"):
                href = str(child.attrs.get("href") or child.attrs.get("src") or "")
                scheme = urlsplit(href.strip()).scheme.lower()
                if scheme not in SAFE_SCHEMES:
                    found.append((line, f"link with an unsafe scheme '{scheme}:' ({href[:40]!r})",
                                  "links may be http://, https://, mailto: or relative"))
    return found


def _load_yaml_file(path: Path, top_key: str, example: str) -> tuple[LineMap | None, list[Problem]]:
    """The file's top mapping, or the problems that prevent reading it."""
    try:
        source = read_utf8(path)
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


def _notes_file(path: Path, data: LineMap, texts: set[str], problems: list[Problem]) -> list[Note]:
    problems += check_keys(data, path, ("text", "notes"), ("text", "notes"), "a notes file")
    text = data.get("text", "")
    if isinstance(text, str) and text and text not in texts:
        problems.append(Problem(Where(path, data.key_lines["text"]), f"unknown text id '{text}'",
                                did_you_mean(text, sorted(texts), "texts")))
    notes = []
    for item, line in _items(data, "notes", path, problems):
        r = _Record(item, path, "a note", NOTE_KEYS, ("id", "quote", "body"), problems, line)
        anchor = Anchor(str(text), r.string("quote"), r.at("quote"), r.string("prefix"),
                        r.string("suffix"))
        notes.append(Note(r.string("id"), anchor, r.string("body"), r.where, r.string("kind"),
                          r.strings("sources")))
    return notes


def _glossary_file(path: Path, data: LineMap, texts: set[str],
                   problems: list[Problem]) -> list[Term]:
    problems += check_keys(data, path, ("terms",), ("terms",), "the glossary")
    terms = []
    for item, line in _items(data, "terms", path, problems):
        r = _Record(item, path, "a term", TERM_KEYS, ("id", "term", "forms", "definition"),
                    problems, line)
        link = r.string("link") or "first"
        if link not in LINK_CHOICES:
            r.fail("link", f"'link' must be one of {', '.join(LINK_CHOICES)}, found {link!r}",
                   "write link: first")
        forms = r.strings("forms")
        if r.ok and not forms:
            r.fail("forms", "'forms' is empty", "list the words the texts use for this term")
        for unknown in (t for t in r.strings("texts") if t not in texts):
            r.fail("texts", f"unknown text id '{unknown}' in 'texts'",
                   did_you_mean(unknown, sorted(texts), "texts"))
        terms.append(Term(r.string("id"), r.string("term"), forms, r.string("definition"),
                          r.where, r.string("kind"), r.strings("see"), link, r.strings("sources"),
                          r.strings("texts")))
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
            text = p.string("text")
            if text and text not in texts:
                p.fail("text", f"unknown text id '{text}'",
                       did_you_mean(text, sorted(texts), "texts"))
            passages.append(Anchor(text, p.string("quote"), p.at("quote"), p.string("prefix"),
                                   p.string("suffix")))
        if r.ok and len(passages) < 2:
            r.fail("passages", "a cross-reference needs at least two passages",
                   "add the parallel passage of another text")
        groups.append(CrossRef(r.string("id"), r.string("title"), tuple(passages), r.where,
                               r.string("summary")))
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


def _cross_checks(terms: list[Term]) -> list[Problem]:
    problems = []
    ids = [t.id for t in terms]
    owners: dict[str, list[Term]] = {}
    for term in terms:
        for see in term.see:
            if see not in ids:
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


@contextlib.contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """Loading makes a great many objects and no garbage cycles, yet Python's cyclic collector
    would scan them all, again and again as they pile up (0.7 s of the load of 500 texts)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@_no_cycle_collection()
def load_annotations(directory: Path, texts: tuple[Text, ...]) -> Annotations:
    """Every annotation file of `directory`, validated against each other and the texts."""
    text_ids = {t.id for t in texts}
    notes: list[Note] = []
    terms: list[Term] = []
    groups: list[CrossRef] = []
    problems: list[Problem] = []
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
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
    problems += _duplicates(groups, "cross-reference") + _cross_checks(terms)
    if problems:
        raise GlossatorError(problems)
    return Annotations(tuple(notes), tuple(terms), tuple(groups))
