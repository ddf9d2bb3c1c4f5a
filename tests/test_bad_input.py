"""The bad-input catalogue (tests/bad_input.yml): `glossator check` names the file and line of
every problem, with a hint, and `mkdocs build --strict` stops on the same problems."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from editions import build, copy_edition, patch
from glossator import cli

CASES = yaml.safe_load((Path(__file__).parent / "bad_input.yml").read_text(encoding="utf-8"))


@pytest.fixture
def edition(request, tmp_path, monkeypatch) -> Path:
    root = copy_edition("tiny", tmp_path)
    patch(root, CASES[request.param])
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("edition", list(CASES), indirect=True)
def test_check_reports_file_line_and_hint(edition, request, capsys):
    expected = CASES[request.node.callspec.params["edition"]]["problems"]
    assert [str(p) for p in cli.check(Path("."))] == expected
    assert cli.main(["check"]) == (1 if expected else 0)
    assert capsys.readouterr().out.strip() == "\n".join(expected)


@pytest.mark.parametrize("edition", list(CASES), indirect=True)
def test_the_strict_build_stops_on_what_check_reports(edition, request):
    expected = CASES[request.node.callspec.params["edition"]]["problems"]
    built = build(edition)  # an exception here would be a traceback for the contributor
    assert built.ok == (not expected), built.log
    for problem in expected:
        assert problem.split("\n")[0] in built.log
    assert "Traceback" not in built.log
    assert not (edition / "site").exists() or not expected  # nothing half-written
