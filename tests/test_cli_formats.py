"""`glossator check --format github|json`: the problems of the bad-input catalogue as GitHub
workflow commands (each shown on the pull request's line) and as JSON for other tools."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from editions import copy_edition, patch
from glossator import cli
from glossator.model import Problem, Where
from glossator.report import github_command

CASES = yaml.safe_load((Path(__file__).parent / "bad_input.yml").read_text(encoding="utf-8"))
# A few cases of each kind: YAML, keys, quotes, Markdown, texts, witnesses, several problems.
SOME = ["yaml-syntax", "unknown-key", "quote-not-found", "javascript-link", "impossible-date",
        "witness-missing", "footnote-without-its-note", "form-claimed-twice", "duplicate-id"]
COMMAND = re.compile(r"::error file=([^,:\r\n]+),line=(\d+)::([^\r\n]*)")


def unescaped(data: str) -> str:
    return data.replace("%0A", "\n").replace("%0D", "\r").replace("%3A", ":") \
        .replace("%2C", ",").replace("%25", "%")


@pytest.fixture
def edition(tmp_path, monkeypatch) -> Path:
    root = copy_edition("tiny", tmp_path)
    monkeypatch.chdir(root)
    return root


def run(capsys, *args: str) -> tuple[int, str]:
    status = cli.main(["check", *args])
    return status, capsys.readouterr().out


def test_a_stale_quote_is_one_error_command_on_its_line(edition, capsys):
    patch(edition, CASES["quote-not-found"])
    assert run(capsys, "--format", "github") == (1, (
        "::error file=annotations/a-2015.yml,line=4::quote not found in a-2015: 'Union grows'"
        "%0Ahint: closest passage (¶1): 'Union grew'\n"))


@pytest.mark.parametrize("case", SOME)
def test_every_problem_is_one_command_that_says_what_the_text_format_says(case, edition, capsys):
    patch(edition, CASES[case])
    status, out = run(capsys, "--format", "github")
    expected = CASES[case]["problems"]
    assert status == 1 and len(out.splitlines()) == len(expected) > 0
    for line, problem in zip(out.splitlines(), expected):
        path, number, message = COMMAND.fullmatch(line).groups()
        assert f"{path}:{number}: {unescaped(message)}" == problem.replace("\n  hint: ", "\nhint: ")


def test_a_hostile_quote_cannot_end_the_command_or_forge_an_escape(edition, capsys):
    # `%0A` written by a contributor must stay those three characters, not become a line break.
    (edition / "annotations/a-2015.yml").write_text(
        "text: a-2015\nnotes:\n  - id: x\n    quote: \"100%0A sure: yes, no ::error\"\n"
        "    body: Context.\n", encoding="utf-8")
    status, out = run(capsys, "--format", "github")
    assert (status, out) == (1, (
        "::error file=annotations/a-2015.yml,line=4::quote not found in a-2015: "
        "'100%250A sure: yes, no ::error'%0Ahint: copy the words exactly as the page shows them\n"))


def test_properties_escape_what_would_end_them():
    problem = Problem(Where(Path("a,b:c/x.yml"), 3), "50%\r\ndone", "a hint: yes, no")
    assert github_command(problem, Path.cwd()) == (
        "::error file=a%2Cb%3Ac/x.yml,line=3::50%25%0D%0Adone%0Ahint: a hint: yes, no")


def test_paths_are_named_from_the_repository_root(tmp_path, monkeypatch, capsys):
    (tmp_path / ".git").mkdir()  # an edition in a folder of a repository, checked from inside it
    root = copy_edition("tiny", tmp_path / "editions, one: tiny")
    patch(root, CASES["quote-not-found"])
    monkeypatch.chdir(root / "annotations")
    status, out = run(capsys, "..", "--format", "github")
    assert status == 1
    assert out.startswith("::error file=editions%2C one%3A tiny/tiny/annotations/a-2015.yml,line=4::")


def test_json_is_a_list_of_file_line_message_and_hint(edition, capsys):
    patch(edition, CASES["quote-not-found"])
    status, out = run(capsys, "--format", "json")
    assert status == 1
    assert json.loads(out) == [{"file": "annotations/a-2015.yml", "line": 4,
                                "message": "quote not found in a-2015: 'Union grows'",
                                "hint": "closest passage (¶1): 'Union grew'"}]


@pytest.mark.parametrize("form, out", [("github", ""), ("json", "[]\n"), ("text", "")])
def test_a_clean_edition_exits_0_in_every_format(form, out, edition, capsys):
    assert run(capsys, "--format", form) == (0, out)


def test_fix_keeps_stdout_to_the_machine_format(edition, capsys):
    patch(edition, CASES["quote-not-found"])  # 'Union grows': too short to be sure of a repair
    status = cli.main(["check", "--fix", "--format", "json"])
    captured = capsys.readouterr()
    assert status == 1 and len(json.loads(captured.out)) == 1
    assert "fixed 0, left 1" in captured.err.splitlines()


def test_an_unknown_format_is_a_usage_error(edition, capsys):
    with pytest.raises(SystemExit) as exited:
        cli.main(["check", "--format", "xml"])
    assert exited.value.code == 2
    assert "invalid choice: 'xml'" in capsys.readouterr().err
