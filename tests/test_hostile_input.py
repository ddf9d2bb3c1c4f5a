"""Property: whatever a contributor writes in any field, `glossator check` and the strict build
end with a verdict (0 or 1, never a traceback, within seconds), agree on it, and a site that
builds passes the audit (tests/audit.py).

Hostile strings (markup, references, attribute lists, scheme prefixes, control characters,
very long runs) go into each field of the tiny edition in turn, either as YAML writes them
(the value reaches the loader as it is) or pasted raw into the file. The examples are drawn the
same way on every run (`derandomize`), so that CI judges what was tested here; set
GLOSSATOR_EXAMPLES to draw more, and at random.
"""

from __future__ import annotations

import copy
import os
import shutil
import time
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from audit import audit
from editions import build, copy_edition
from glossator import cli

PIECES = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</title>", "<!--", "-->", "<",
    ">", "&", "&#106;", "&#x3C;", "&lt;", "javascript:", "JaVaScRiPt:", "data:text/html,",
    "vbscript:", "{: onclick=alert(1) }", "{: autofocus onfocus=alert(1) }", "{#id .class}", "](",
    "[", "]", "(", ")", "![x](", "*", "**", "_", "`", "```", "~~~", "\\", "\n", "\n\n", "\t", "  ",
    "\x00", "\x02", "\x03", "\x07", "\x1b", "\x7f", "\x85", "\u2028", "\u202e", "\ufeff", "\u00ad",
    '"', "'", "---", "...", ": ", "- ", "# ", "#", "!!! note", "*[A]: b", "[^1]", "[^x]: y", "|",
    "&amp;", "http://example.org", "//evil.example", "mailto:a@b.c", "#p1", "%0a", "\r\n", "Union",
    "EEU", "a", "ǅ", "Қазақстан", "😀", "wzxhzdk:0",
]
VALUES = st.one_of(
    st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=3)), max_size=10).map("".join),
    st.builds(lambda piece, times: piece * times, st.sampled_from(PIECES), st.integers(500, 5000)),
)

TEXT = {"title": "The Union grows", "subtitle": "A short text", "authors": ["Ann Author"],
        "date": "2015-03", "publication": "A Journal", "url": "https://example.org/a-2015",
        "rights": "Reproduced for testing.", "abstract": "A text about a union.",
        "witness": "sources/witnesses/a-2015.txt", "editorial": ["Nothing was changed."]}
BODY = ("The Union grew in 2015, and the EEU began.[^1]\n\n## Later\n\nIn 2016 the Union shrank."
        "\n\n[^1]: A note of the author.\n")
NOTES = {"text": "a-2015", "notes": [{"id": "grew", "quote": "Union grew", "prefix": "The",
                                       "suffix": "in 2015", "kind": "context", "body": "Context.",
                                       "sources": ["A source."]}]}
TERMS = {"terms": [{"id": "eeu", "term": "Eurasian Economic Union", "kind": "organisation",
                    "forms": ["EEU"], "definition": "A union.", "see": [], "link": "first",
                    "texts": ["a-2015"], "sources": ["A source."]}]}
GROUPS = {"crossrefs": [{"id": "growth", "title": "Growth", "summary": "Both say it *grew*.",
                         "passages": [{"text": "a-2015", "quote": "The Union grew in 2015"},
                                      {"text": "b-2016", "quote": "the Union grew slowly"}]}]}
FILES = {"sources/a-2015.md": TEXT, "annotations/a-2015.yml": NOTES,
         "annotations/glossary.yml": TERMS, "annotations/crossrefs.yml": GROUPS}

# Every field a contributor writes: (file, keys to the value); "body" is the text's Markdown.
FIELDS = [("sources/a-2015.md", (key,)) for key in TEXT if key not in ("authors", "editorial")]
FIELDS += [("sources/a-2015.md", ("authors", 0)), ("sources/a-2015.md", ("editorial", 0)),
           ("sources/a-2015.md", "body")]
FIELDS += [("annotations/a-2015.yml", ("notes", 0, key)) for key in NOTES["notes"][0] if key != "sources"]
FIELDS += [("annotations/a-2015.yml", ("notes", 0, "sources", 0)), ("annotations/a-2015.yml", ("text",))]
FIELDS += [("annotations/glossary.yml", ("terms", 0, key))
           for key in ("id", "term", "kind", "definition", "link", "sort")]
FIELDS += [("annotations/glossary.yml", ("terms", 0, key, 0)) for key in ("forms", "see", "texts", "sources")]
FIELDS += [("annotations/crossrefs.yml", ("crossrefs", 0, key)) for key in ("id", "title", "summary")]
FIELDS += [("annotations/crossrefs.yml", ("crossrefs", 0, "passages", 0, key))
           for key in ("text", "quote", "prefix", "suffix")]

MARK = "GLOSSATOR_VALUE"
EXAMPLES = int(os.environ.get("GLOSSATOR_EXAMPLES", "4"))


def write(root: Path, name: str, keys: tuple | str, value: str, raw: bool) -> None:
    """The tiny edition's file `name` with `value` at `keys`: dumped by YAML, or pasted raw."""
    data = copy.deepcopy(FILES[name])
    body = BODY
    if keys == "body":
        body = BODY.replace("In 2016", f"{value} In 2016")
    else:
        *path, last = keys
        target = data
        for key in path:
            target = target[key]
        if isinstance(target, list) and last >= len(target):
            target.append(MARK)
        else:
            target[last] = MARK
    source = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    source = source.replace(MARK, value if raw else yaml.safe_dump(value, allow_unicode=True,
                                                                  width=1000).rstrip("\n. \n"))
    if name.endswith(".md"):
        source = f"---\n{source}---\n\n{body}"
    (root / name).write_bytes(source.encode("utf-8", "surrogatepass"))


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("hostile-input")


@pytest.mark.parametrize("name, keys", FIELDS, ids=[f"{n}:{k if isinstance(k, str) else '.'.join(map(str, k))}"
                                                    for n, k in FIELDS])
@settings(max_examples=EXAMPLES, deadline=None, derandomize="GLOSSATOR_EXAMPLES" not in os.environ,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(value=VALUES, raw=st.booleans())
# Besides the drawn examples, these in every field: markup, an attribute list, a link, entities.
@example(value="<img src=x onerror=alert(1)> [x](javascript:alert(2)) {: autofocus onfocus=alert(3) }",
         raw=False)
@example(value="&#106;avascript&#58;alert(1) &lt;script&gt; ![](https://example.org/x.gif)", raw=False)
def test_any_value_in_any_field_gets_a_verdict_and_a_safe_site(workspace, name, keys, value, raw, capsys):
    shutil.rmtree(workspace / "tiny", ignore_errors=True)
    root = copy_edition("tiny", workspace)
    write(root, name, keys, value, raw)
    started = time.perf_counter()
    verdict = cli.main(["check", str(root)])
    assert verdict in (0, 1)
    assert time.perf_counter() - started < 20  # a hang, not a speed target
    problems = capsys.readouterr().out
    built = build(root)  # an exception here is a traceback a contributor would see
    assert built.ok == (verdict == 0), f"check said:\n{problems}\nthe build said:\n{built.log}"
    if built.ok:
        assert audit(built.site, root) == []
