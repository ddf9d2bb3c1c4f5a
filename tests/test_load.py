"""Texts' front matter: bad input is reported as path:line: message, with a hint."""

from __future__ import annotations

import pytest

from glossator import cli
from glossator.load import load_text, load_texts, read_body
from glossator.model import GlossatorError

GOOD = '---\ntitle: "A text"\nauthors: ["A. Author"]\ndate: "2015-03"\n---\n\nBody.\n'


def problems(tmp_path, source: str | bytes, name: str = "a-2015.md") -> list[str]:
    path = tmp_path / name
    path.write_bytes(source if isinstance(source, bytes) else source.encode("utf-8"))
    with pytest.raises(GlossatorError) as raised:
        load_text(path)
    return [str(p).replace(f"{tmp_path}/", "") for p in raised.value.problems]


def test_a_good_text_loads(tmp_path):
    (tmp_path / "a-2015.md").write_text(GOOD)
    text = load_text(tmp_path / "a-2015.md")
    assert (text.id, text.title, text.authors, text.date, text.body_line) == (
        "a-2015", "A text", ("A. Author",), "2015-03", 6)
    assert (read_body(text), text.body_words, text.word_count) == ("\nBody.\n", 1, 1)


def test_unquoted_dates_and_years_are_read_as_iso(tmp_path):
    (tmp_path / "a-2015.md").write_text(GOOD.replace('"2015-03"', "2013-01-23"))
    assert load_text(tmp_path / "a-2015.md").date == "2013-01-23"
    (tmp_path / "a-2015.md").write_text(GOOD.replace('"2015-03"', "2015"))
    assert load_text(tmp_path / "a-2015.md").date == "2015"


def test_missing_title(tmp_path):
    assert problems(tmp_path, GOOD.replace('title: "A text"\n', "")) == [
        "a-2015.md:2: missing required key 'title' in front matter\n  hint: add 'title: ...'"]


def test_unknown_key_suggests_the_right_one(tmp_path):
    assert problems(tmp_path, GOOD.replace("authors:", "author:")) == [
        "a-2015.md:3: unknown key 'author' in front matter\n  hint: did you mean 'authors'?",
        "a-2015.md:2: missing required key 'authors' in front matter\n  hint: add 'authors: ...'",
    ]


def test_wrong_types(tmp_path):
    source = GOOD.replace('["A. Author"]', '"A. Author"').replace('"2015-03"', '"March 2015"')
    assert problems(tmp_path, source) == [
        "a-2015.md:3: 'authors' must be a list of words, found 'A. Author'\n"
        "  hint: write authors: [\"...\", \"...\"] (an empty list when there are none)",
        "a-2015.md:4: 'date' must be a real ISO date, found 'March 2015'\n"
        "  hint: write date: \"2015\", \"2010-03\" or \"2013-01-23\"",
    ]


def test_yaml_syntax_error_names_the_line(tmp_path):
    [problem] = problems(tmp_path, GOOD.replace('date: "2015-03"', 'date: "2015-03'))
    assert problem.startswith("a-2015.md:") and "YAML syntax error" in problem and "hint:" in problem


def test_not_utf8(tmp_path):
    assert problems(tmp_path, GOOD.encode("utf-8").replace(b"Body.", b"B\xe9dy.")) == [
        "a-2015.md:7: file is not UTF-8 (byte 0xe9)\n  hint: save the file with UTF-8 encoding"]


def test_empty_file(tmp_path):
    assert problems(tmp_path, "") == [
        "a-2015.md:1: missing front matter\n  hint: start the file with '---', then 'title:', "
        "'authors:' and 'date:', then '---'"]


def test_front_matter_that_is_a_list(tmp_path):
    assert problems(tmp_path, "---\n- title\n---\n") == [
        "a-2015.md:2: front matter must be a mapping of keys\n  hint: write 'title: ...' on its own line"]


def test_bad_id(tmp_path):
    assert problems(tmp_path, GOOD, name="Smith 2015.md") == [
        "Smith 2015.md:1: text id 'Smith 2015' is not lowercase [a-z0-9-]\n"
        "  hint: rename the file, e.g. 'laruelle-2015.md'"]


def test_texts_are_ordered_by_date_and_all_problems_reported(tmp_path):
    (tmp_path / "b.md").write_text(GOOD.replace("2015-03", "2010"))
    (tmp_path / "a.md").write_text(GOOD)
    assert [t.id for t in load_texts(tmp_path)] == ["b", "a"]
    (tmp_path / "c.md").write_text("no front matter")
    (tmp_path / "d.md").write_text(GOOD.replace("title:", "titel:"))
    with pytest.raises(GlossatorError) as raised:
        load_texts(tmp_path)
    assert [p.where.path.name for p in raised.value.problems] == ["c.md", "d.md", "d.md"]


def test_cli_check_exit_codes(tmp_path, capsys):
    (tmp_path / "sources").mkdir()
    (tmp_path / "sources" / "a.md").write_text(GOOD)
    assert cli.main(["check", str(tmp_path)]) == 0
    assert capsys.readouterr().err.startswith("ok: texts and annotations check out (")
    (tmp_path / "sources" / "a.md").write_text(GOOD.replace('title: "A text"\n', ""))
    assert cli.main(["check", str(tmp_path)]) == 1
    assert "sources/a.md:2: missing required key 'title'" in capsys.readouterr().out
    with pytest.raises(SystemExit) as usage:
        cli.main(["check", str(tmp_path / "nowhere")])
    assert usage.value.code == 2


def test_cli_check_passes_on_this_repository(capsys):
    from conftest import ROOT
    assert cli.main(["check", str(ROOT)]) == 0


def test_cli_check_reports_every_text_in_order(tmp_path):
    (tmp_path / "sources").mkdir()
    (tmp_path / "annotations").mkdir()
    for n in range(3):
        (tmp_path / "sources" / f"t{n}.md").write_text(GOOD.replace("2015-03", f"201{n}"))
        (tmp_path / "annotations" / f"t{n}.yml").write_text(
            f"text: t{n}\nnotes:\n  - id: a{n}\n    quote: not in t{n}\n    body: A.\n"
            f"  - id: b{n}\n    quote: nor this\n    body: B.\n")
    found = [str(p) for p in cli.check(tmp_path)]
    assert [p.split(":")[0][-6:] for p in found] == ["t0.yml", "t0.yml", "t1.yml", "t1.yml", "t2.yml", "t2.yml"]
    assert found[0].startswith(str(tmp_path / "annotations" / "t0.yml:4: quote not found in t0: 'not in t0'"))


def test_yaml_values_as_the_safe_loader_reads_them(tmp_path):
    from glossator.load import parse_yaml

    data = parse_yaml("a: 1\nb: 2015-01-02\nc: true\nd: ~\n<<: {e: f}\ng: [x, 'y']\n", tmp_path / "f.yml")
    assert data == {"a": 1, "b": __import__("datetime").date(2015, 1, 2), "c": True, "d": None,
                    "e": "f", "g": ["x", "y"]}
    assert (data.line, data.key_lines["g"]) == (1, 6)


@pytest.mark.parametrize("source, message", [
    ("a: 1\nb: &x [*x]\n", "f.yml:2: YAML aliases (*name) are not allowed"),
    ("a: 1\n? [a]\n: b\n", "f.yml:2: a key must be a word, not a list or a mapping"),
    ("a: !!python/name:os.system x\n",
     "f.yml:1: YAML syntax error: could not determine a constructor for the tag "
     "'tag:yaml.org,2002:python/name:os.system'"),
])
def test_yaml_that_is_not_plain_data(tmp_path, source, message):
    from glossator.load import parse_yaml

    with pytest.raises(GlossatorError) as raised:
        parse_yaml(source, tmp_path / "f.yml")
    assert str(raised.value.problems[0]).replace(f"{tmp_path}/", "").split("\n")[0] == message
