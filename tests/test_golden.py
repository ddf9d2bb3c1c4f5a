"""Golden cases of the engine's rules (tests/golden/cases.yml), run through `glossator check`'s
own conversion, and the words of each page checked against its text."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest
import yaml

from glossator import cli
from glossator.extension import GlossatorExtension
from glossator.load import load_annotations, load_texts, read_body
from glossator.model import PageLinks

CASES = yaml.safe_load((Path(__file__).parent / "golden" / "cases.yml").read_text(encoding="utf-8"))
TEXT = '---\ntitle: "{id}"\nauthors: []\ndate: "2015"\n---\n\n{body}\n'


def make_edition(root: Path, case: dict) -> None:
    (root / "sources").mkdir()
    (root / "annotations").mkdir()
    (root / "sources" / "a-2015.md").write_text(TEXT.format(id="a", body=case["body"]), encoding="utf-8")
    (root / "sources" / "b-2016.md").write_text(TEXT.format(id="b", body="Other words."), encoding="utf-8")
    if "notes" in case:
        write(root / "annotations" / "a-2015.yml", {"text": "a-2015", "notes": case["notes"]})
    if "terms" in case:
        write(root / "annotations" / "glossary.yml", {"terms": case["terms"]})
    if "crossrefs" in case:
        write(root / "annotations" / "crossrefs.yml", {"crossrefs": case["crossrefs"]})


def write(path: Path, data: dict) -> None:
    path.write_text("# a golden case\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")


def render(root: Path) -> str:
    texts = load_texts(root / "sources")
    extension = GlossatorExtension(load_annotations(root / "annotations", texts), texts)
    extension.begin(texts[0], PageLinks("texts/a-2015.md"))
    md = markdown.Markdown(extensions=[*cli.EXTENSIONS, extension],
                           extension_configs=cli.EXTENSION_CONFIGS)
    return md.convert(read_body(texts[0]))


@pytest.mark.parametrize("name", list(CASES))
def test_golden(name, tmp_path, monkeypatch):
    case = CASES[name]
    make_edition(tmp_path, case)
    monkeypatch.chdir(tmp_path)
    problems = [str(p) for p in cli.check(Path("."))]
    assert problems == case.get("problems", [])
    if problems:
        return
    html = render(tmp_path)
    position = 0
    for fragment in case.get("expect", []):
        found = html.find(fragment, position)
        assert found >= 0, f"{name}: missing or out of order:\n{fragment}\n--- in ---\n{html}"
        position = found + len(fragment)
    for fragment in case.get("absent", []):
        assert fragment not in html
