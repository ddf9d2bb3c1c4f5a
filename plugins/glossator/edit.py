"""Set values of an annotation file in place: each new value goes exactly where PyYAML's parser
marks the old one (or on a line of its own after the quote), so comments, order, quoting and
layout elsewhere stay byte for byte, and so do the byte-order mark and the line ends.

Why not a round-trip library: ruamel.yaml re-emits the whole file. Set to this edition's
indentation, it still rewrites a block indicator of one of its files (`|` becomes `|-`); it
re-indents every entry of a list written `- id:` at the margin, as other editors write lists,
and respaces comments (`x   # c` becomes `x # c`). Here the edited file must read back as the
old one with just those values changed, or it is not written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import yaml

from .model import Anchor

Setting = tuple[Anchor, str, str]  # the anchor whose mapping it is, the key, the new value


def set_values(path: Path, settings: list[Setting]) -> bool:
    """Write each value at its place in the file; False (and nothing written) when a mapping
    cannot be told apart, or the result would not read back as meant."""
    raw = path.read_bytes().decode("utf-8")
    bom = "\ufeff" if raw.startswith("\ufeff") else ""
    source = raw[len(bom):]
    newline = "\r\n" if "\r\n" in source else "\n"
    tree = yaml.compose(source, Loader=yaml.SafeLoader)  # the file loaded: no aliases, bounded
    expected = yaml.safe_load(source)
    edits = []
    for anchor, key, value in settings:
        found = _mapping_of(tree, anchor)
        if found is None:
            return False
        keys, mapping = found
        edits.append(_edit(source, mapping, key, double_quoted(value), newline))
        _value_at(expected, keys)[key] = value
    edited = _spliced(source, edits)
    if edited is None or yaml.safe_load(edited) != expected:
        return False
    path.write_bytes((bom + edited).encode("utf-8"))
    return True


def double_quoted(value: str) -> str:
    """A YAML double-quoted scalar holding exactly `value` (a contributor's words: every quote
    mark, backslash, `#`, `: ` and unprintable character escaped by PyYAML's own emitter)."""
    return yaml.safe_dump(value, default_style='"', allow_unicode=True,
                          width=float("inf")).rstrip("\n")


def _mappings(node: yaml.Node, keys: tuple = ()) -> Iterator[tuple[tuple, yaml.MappingNode]]:
    """Every mapping of the file, with the keys and indexes that lead to it."""
    if isinstance(node, yaml.MappingNode):
        yield keys, node
        for key, value in node.value:
            yield from _mappings(value, (*keys, key.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _mappings(item, (*keys, index))


def _mapping_of(tree: yaml.Node, anchor: Anchor) -> tuple[tuple, yaml.MappingNode] | None:
    """The one mapping whose `quote` key is on the anchor's line and holds its quote."""
    found = [(keys, mapping) for keys, mapping in _mappings(tree)
             for key, value in mapping.value
             if key.value == "quote" and key.start_mark.line + 1 == anchor.where.line
             and isinstance(value, yaml.ScalarNode) and value.value == anchor.quote]
    return found[0] if len(found) == 1 else None


def _value_at(data: Any, keys: tuple) -> Any:
    for key in keys:
        data = data[key]
    return data


def _edit(source: str, mapping: yaml.MappingNode, key: str, scalar: str,
          newline: str) -> tuple[int, int, str]:
    """(start, end, new text): the key's value replaced, or the key added after the quote."""
    nodes = {k.value: (k, v) for k, v in mapping.value}
    if key in nodes:
        start = nodes[key][1].start_mark.index
        return start, _value_end(source, nodes[key][1]), scalar
    quote_key, quote = nodes["quote"]
    end = _value_end(source, quote)
    if mapping.flow_style:
        return end, end, f", {key}: {scalar}"
    line_end = source.find("\n", end)
    entry = " " * quote_key.start_mark.column + f"{key}: {scalar}{newline}"
    if line_end < 0:  # the quote is on the file's last line, which has no line break
        return len(source), len(source), newline + entry.removesuffix(newline)
    return line_end + 1, line_end + 1, entry


def _value_end(source: str, node: yaml.Node) -> int:
    """Where a value's own characters end: a block scalar's mark takes in the blank lines after."""
    start, end = node.start_mark.index, node.end_mark.index
    return start + len(source[start:end].rstrip())


def _spliced(source: str, edits: list[tuple[int, int, str]]) -> str | None:
    """The source with the edits made (None if two of them overlap)."""
    edited, limit = source, len(source)
    for start, end, text in sorted(edits, reverse=True):
        if end > limit:
            return None
        edited, limit = edited[:start] + text + edited[end:], start
    return edited
