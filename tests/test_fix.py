"""`glossator check --fix`: a quote left stale by a corrected transcription, or made ambiguous,
is rewritten when the repair is sure, and only that value of the YAML file changes; what is
not sure is left with its hint."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml

from editions import copy_edition
from glossator import cli
from glossator.closest import closest_passage
from glossator.edit import double_quoted
from glossator.load import parse_yaml

TEXT = "sources/a-2015.md"
NOTES = "annotations/a-2015.yml"
CROSSREFS = "annotations/crossrefs.yml"

# Notes written the way some editors write them: the list at the margin, comments beside
# values and between entries, single quotes, a folded body. Only the repaired value may change.
LAYOUT = """\
# Notes on a-2015, in the order of the text.
text: a-2015
notes:
- id: grew            # the first note
  quote: 'Union grew'
  body: >
    Context, folded
    over two lines.

# A comment between entries.
- id: shrank
  quote: 'In 2016 the Union shrank'   # checked against the witness
  kind: context
  body: Why it shrank.
"""


@pytest.fixture
def edition(tmp_path, monkeypatch) -> Path:
    root = copy_edition("tiny", tmp_path)
    monkeypatch.chdir(root)
    return root


def correct(root: Path, old: str, new: str) -> None:
    """Change the words of the copy's text, as a corrected transcription does."""
    path = root / TEXT
    source = path.read_text(encoding="utf-8")
    assert source.count(old) == 1
    path.write_text(source.replace(old, new), encoding="utf-8")


def fix(capsys) -> tuple[int, list[str]]:
    status = cli.main(["check", "--fix"])
    return status, capsys.readouterr().out.splitlines()


def test_a_corrected_transcription_gets_its_quote_rewritten_and_nothing_else(edition, capsys):
    (edition / NOTES).write_text(LAYOUT, encoding="utf-8")
    correct(edition, "the Union shrank.", "the Union shrunk.")  # one letter
    assert [str(p) for p in cli.check(Path("."))] == [
        "annotations/a-2015.yml:12: quote not found in a-2015: 'In 2016 the Union shrank'\n"
        "  hint: closest passage (¶2): 'In 2016 the Union shrunk.'"]
    status, out = fix(capsys)
    assert out == ["annotations/a-2015.yml:12: quote 'In 2016 the Union shrank' -> "
                   "'In 2016 the Union shrunk' (closest passage, ¶2)",
                   "fixed 1, left 0"]
    assert status == 0
    assert (edition / NOTES).read_text(encoding="utf-8") == LAYOUT.replace(
        "  quote: 'In 2016 the Union shrank'   # checked",
        '  quote: "In 2016 the Union shrunk"   # checked')
    assert cli.check(Path(".")) == []


def test_an_ambiguous_quote_gets_the_shortest_prefix_that_picks_the_first(edition, capsys):
    (edition / NOTES).write_text(LAYOUT, encoding="utf-8")
    correct(edition, "In 2016 the Union shrank.", "In 2016 the Union shrank. Then the Union grew.")
    assert "'Union grew' occurs 2 times (¶1, ¶2)" in str(cli.check(Path("."))[0])
    status, out = fix(capsys)
    assert out == ["annotations/a-2015.yml:5: prefix 'The' added (the quote occurs 2 times "
                   "(¶1, ¶2); this picks the first, ¶1)",
                   "fixed 1, left 0"]
    assert status == 0
    assert (edition / NOTES).read_text(encoding="utf-8") == LAYOUT.replace(
        "  quote: 'Union grew'\n", "  quote: 'Union grew'\n  prefix: \"The\"\n")


def test_a_quote_at_the_start_of_a_text_gets_a_suffix_even_in_a_flow_mapping(edition, capsys):
    crossrefs = (edition / CROSSREFS).read_text(encoding="utf-8")
    crossrefs = crossrefs.replace('      - text: a-2015\n        quote: "The Union grew in 2015"\n',
                                  '      - {text: a-2015, quote: "The Union grew"}  # flow style\n')
    (edition / CROSSREFS).write_text(crossrefs, encoding="utf-8")
    correct(edition, "In 2016 the Union shrank.", "In 2016 the Union shrank. The Union grew again.")
    status, out = fix(capsys)
    assert out == [  # no word before the first 'The Union grew'; 'The' before both 'Union grew'
        "annotations/a-2015.yml:4: suffix 'in' added (the quote occurs 2 times (¶1, ¶2); this "
        "picks the first, ¶1)",
        "annotations/crossrefs.yml:6: suffix 'in' added (the quote occurs 2 times (¶1, ¶2); this "
        "picks the first, ¶1)",
        "fixed 2, left 0"]
    assert status == 0
    assert (edition / CROSSREFS).read_text(encoding="utf-8") == crossrefs.replace(
        '"The Union grew"}', '"The Union grew", suffix: "in"}')


def test_a_file_with_crlf_line_ends_and_a_byte_order_mark_keeps_them(edition, capsys):
    (edition / NOTES).write_bytes(("\ufeff" + LAYOUT).replace("\n", "\r\n").encode("utf-8"))
    correct(edition, "In 2016 the Union shrank.", "In 2016 the Union shrank. Then the Union grew.")
    assert fix(capsys)[0] == 0
    assert (edition / NOTES).read_bytes().decode("utf-8") == ("\ufeff" + LAYOUT.replace(
        "  quote: 'Union grew'\n", "  quote: 'Union grew'\n  prefix: \"The\"\n")).replace("\n", "\r\n")


def test_two_equally_close_passages_are_left_with_the_hint(edition, capsys):
    (edition / NOTES).write_text("text: a-2015\nnotes:\n  - id: began\n    quote: \"the EEU began\"\n"
                                 "    body: Context.\n", encoding="utf-8")
    correct(edition, "The Union grew in 2015", "The Union grew in 2014")
    correct(edition, "In 2016 the Union shrank.", "The Union grew in 2016, then shrank.")
    before = {name: (edition / name).read_bytes() for name in (NOTES, CROSSREFS)}
    [problem] = cli.check(Path("."))
    assert problem.message == "quote not found in a-2015: 'The Union grew in 2015'"
    status, out = fix(capsys)
    assert (status, out) == (1, [*str(problem).splitlines(), "fixed 0, left 1"])  # today's hint
    assert {name: (edition / name).read_bytes() for name in before} == before


def test_a_quote_with_a_prefix_is_the_editors_choice_and_is_left(edition, capsys):
    (edition / NOTES).write_text("text: a-2015\nnotes:\n  - id: shrank\n    quote: \"the Union shrank\"\n"
                                 "    prefix: \"2016\"\n    body: Context.\n", encoding="utf-8")
    correct(edition, "the Union shrank.", "the Union shrunk.")
    status, out = fix(capsys)
    assert (status, out[-1]) == (1, "fixed 0, left 1")


HOSTILE_OLD = 'the Union said: "50% \\ #1, it\'s ‘dune’ - {x: [y]}"'
HOSTILE_NEW = 'the Union said: "50% \\ #1, it\'s ‘done’ – {x: [y]}"'


def test_a_hostile_quote_is_written_as_valid_yaml_that_holds_exactly_its_words(edition, capsys):
    correct(edition, "In 2016 the Union shrank.",
            "In 2016 " + HOSTILE_NEW + " and shrank.")
    (edition / NOTES).write_text("text: a-2015\nnotes:\n  - id: said\n    quote: "
                                 + double_quoted(HOSTILE_OLD) + "\n    body: Context.\n",
                                 encoding="utf-8")
    status, out = fix(capsys)
    assert out[-1] == "fixed 1, left 0" and status == 0
    source = (edition / NOTES).read_text(encoding="utf-8")
    assert yaml.safe_load(source)["notes"][0]["quote"] == HOSTILE_NEW  # the page's own en dash
    assert cli.check(Path(".")) == []


@pytest.mark.parametrize("value", [
    "'", '"', "\\", "# not a comment", "a: b", "- item", "*alias", "&anchor", "!tag", "%", "{[",
    "---", "...", " lead and trail ", "line\u2028separator", "tab\there", "café ‘q’ — “r”", "",
])
def test_a_value_is_written_as_one_double_quoted_line_that_reads_back_the_same(value, tmp_path):
    scalar = double_quoted(value)
    assert scalar.startswith('"') and "\n" not in scalar
    assert parse_yaml(f"quote: {scalar}\n", tmp_path / "a.yml") == {"quote": value}


def test_a_long_quote_finds_its_one_passage_and_not_one_of_two_alike():
    vocabulary = ("union treaty customs border market council budget members tariff states "
                  "agreed signed ratified rejected slowly quickly first later the of and in "
                  "with against for its their new old").split()
    chance = random.Random(16)
    text = " ".join(chance.choice(vocabulary) for _ in range(5000))
    words = text.split(" ")
    quote = " ".join(words[2400:2440])  # forty words
    start = text.index(quote)
    stale = quote.replace(" ", " x", 1)  # a letter too many, as before a correction
    assert closest_passage(text, stale) == (start, start + len(quote))
    twice = f"{text} {quote}"  # the same words again: no passage is clearly the one
    assert closest_passage(twice, stale) is None
