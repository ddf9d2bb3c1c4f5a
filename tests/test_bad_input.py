"""Every kind of bad annotation input: `glossator check` names the file and line, with a hint."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossator import cli

TEXT = '---\ntitle: "A"\nauthors: []\ndate: "2015"\n---\n\nThe Union grew in 2015.\n'
NOTE = "text: a-2015\nnotes:\n  - id: grew\n    quote: \"Union grew\"\n    body: Context.\n"
TERMS = "terms:\n  - id: eeu\n    term: EEU\n    forms: [EEU]\n    definition: A union.\n"

CASES = {
    "yaml-syntax": ("a-2015.yml", "text: a-2015\nnotes:\n  - id: x\n    quote: \"open\n",
                    ["annotations/a-2015.yml:5: YAML syntax error: found unexpected end of stream\n"
                     "  hint: check indentation, and quote values that contain ': ' or start with a quote mark"]),
    "list-for-mapping": ("a-2015.yml", "- text: a-2015\n",
                         ["annotations/a-2015.yml:1: the file must be a mapping with 'notes:', found a list\n"
                          "  hint: start with 'text: a-2015'"]),
    "note-not-a-mapping": ("a-2015.yml", "text: a-2015\nnotes:\n  - just words\n",
                           ["annotations/a-2015.yml:2: a note must be a mapping of keys, found a string\n"
                            "  hint: write 'id: ...' and the other keys, indented under '- '"]),
    "unknown-key": ("a-2015.yml", NOTE.replace("body:", "bdy:"),
                    ["annotations/a-2015.yml:5: unknown key 'bdy' in a note\n  hint: did you mean 'body'?",
                     "annotations/a-2015.yml:3: missing required key 'body' in a note\n  hint: add 'body: ...'"]),
    "wrong-type": ("a-2015.yml", NOTE + "    sources: one source\n",
                   ["annotations/a-2015.yml:6: 'sources' must be a list of strings, found a string in a note\n"
                    "  hint: write sources: [\"...\", \"...\"]"]),
    "duplicate-id": ("a-2015.yml", NOTE + NOTE.split("notes:\n")[1],
                     ["annotations/a-2015.yml:6: duplicate note id 'grew'\n"
                      "  hint: already used at annotations/a-2015.yml:3; choose another id"]),
    "unknown-text": ("a-2015.yml", NOTE.replace("text: a-2015", "text: a-2051"),
                     ["annotations/a-2015.yml:1: unknown text id 'a-2051'\n  hint: did you mean 'a-2015'?"]),
    "unknown-see": ("glossary.yml", TERMS + "    see: [cu]\n",
                    ["annotations/glossary.yml:2: unknown term id 'cu' in 'see' of 'eeu'\n  hint: terms: eeu"]),
    "form-claimed-twice": ("glossary.yml", TERMS + TERMS.split("terms:\n")[1].replace("id: eeu", "id: eaeu"),
                           ["annotations/glossary.yml:6: form 'EEU' is claimed by two terms: 'eeu' and 'eaeu'\n"
                            "  hint: keep it in one term (first at annotations/glossary.yml:2), or give each term "
                            "the 'texts' where the form means it"]),
    "form-claimed-twice-in-one-text": ("glossary.yml", TERMS + "    texts: [a-2015]\n"
                                       + TERMS.split("terms:\n")[1].replace("id: eeu", "id: eaeu"),
                                       ["annotations/glossary.yml:7: form 'EEU' is claimed by two terms: 'eeu' and 'eaeu'\n"
                                        "  hint: keep it in one term (first at annotations/glossary.yml:2), or give each "
                                        "term the 'texts' where the form means it"]),
    "unknown-text-in-texts": ("glossary.yml", TERMS + "    texts: [a-2051]\n",
                              ["annotations/glossary.yml:6: unknown text id 'a-2051' in 'texts' in a term\n"
                               "  hint: did you mean 'a-2015'?"]),
    "empty-body": ("a-2015.yml", NOTE.replace("body: Context.", "body: \"\""),
                   ["annotations/a-2015.yml:5: 'body' is empty in a note\n  hint: write the body, or remove the entry"]),
    "script-in-body": ("a-2015.yml", NOTE.replace("body: Context.", "body: \"<script>alert(1)</script>\""),
                       ["annotations/a-2015.yml:6: raw HTML is not allowed in a body: '<script>alert(1)</script>'\n"
                        "  hint: use Markdown instead (**bold**, *italic*, [text](https://...))"]),
    "tag-in-body": ("a-2015.yml", NOTE.replace("body: Context.", "body: \"A <b>bold</b> claim.\""),
                    ["annotations/a-2015.yml:6: raw HTML is not allowed in a body: '<b>'\n"
                     "  hint: use Markdown instead (**bold**, *italic*, [text](https://...))",
                     "annotations/a-2015.yml:6: raw HTML is not allowed in a body: '</b>'\n"
                     "  hint: use Markdown instead (**bold**, *italic*, [text](https://...))"]),
    "javascript-link": ("a-2015.yml", NOTE.replace("body: Context.", "body: \"[x](javascript:alert(1))\""),
                        ["annotations/a-2015.yml:6: link with an unsafe scheme 'javascript:' ('javascript:alert(1)')\n"
                         "  hint: links may be http://, https://, mailto: or relative"]),
    "data-link": ("a-2015.yml", NOTE.replace("body: Context.", "body: \"[x](data:text/html,hi)\""),
                  ["annotations/a-2015.yml:6: link with an unsafe scheme 'data:' ('data:text/html,hi')\n"
                   "  hint: links may be http://, https://, mailto: or relative"]),
    "not-utf8": ("a-2015.yml", NOTE.encode("utf-8").replace(b"Context", b"Cont\xe9xt"),
                 ["annotations/a-2015.yml:5: file is not UTF-8 (byte 0xe9)\n  hint: save the file with UTF-8 encoding"]),
    "empty-file": ("a-2015.yml", "# only a comment\n",
                   ["annotations/a-2015.yml:1: file is empty\n  hint: start with 'text: a-2015'"]),
    "quote-not-found": ("a-2015.yml", NOTE.replace("Union grew", "Union grows"),
                        ["annotations/a-2015.yml:4: quote not found in a-2015: 'Union grows'\n"
                         "  hint: closest passage (¶1): 'Union grew'"]),
}


def edition(root: Path, name: str, content: str | bytes) -> None:
    (root / "sources").mkdir()
    (root / "annotations").mkdir()
    (root / "sources" / "a-2015.md").write_text(TEXT)
    path = root / "annotations" / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_is_reported_with_file_line_and_hint(case, tmp_path, monkeypatch, capsys):
    name, content, expected = CASES[case]
    edition(tmp_path, name, content)
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in cli.check(Path("."))] == expected
    assert cli.main(["check"]) == 1
    assert capsys.readouterr().out.strip() == "\n".join(expected)


def test_missing_title_in_front_matter(tmp_path, monkeypatch):
    edition(tmp_path, "a-2015.yml", NOTE)
    (tmp_path / "sources" / "a-2015.md").write_text(TEXT.replace('title: "A"\n', ""))
    monkeypatch.chdir(tmp_path)
    assert [str(p) for p in cli.check(Path("."))] == [
        "sources/a-2015.md:2: missing required key 'title' in front matter\n  hint: add 'title: ...'"]


def test_the_strict_build_fails_on_a_bad_quote_without_traceback(tmp_path):
    import os
    import subprocess
    import sys

    from conftest import ENGINE

    edition(tmp_path, "a-2015.yml", NOTE.replace("Union grew", "Union grows"))
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "index.md").write_text("# Home\n")
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: T\ntheme: {name: material, font: false}\nplugins: [glossator]\n"
        "markdown_extensions: [footnotes, attr_list, md_in_html]\n")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=tmp_path,
                            capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": ENGINE, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode != 0
    assert "annotations/a-2015.yml:4: quote not found in a-2015: 'Union grows'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list((tmp_path / "site").rglob("*.html"))  # no page written
