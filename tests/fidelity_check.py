"""Quick fidelity check of one transcription, without building the site.

    python tests/fidelity_check.py laruelle-2015

Renders `sources/<id>.md` (front matter header + body) with Python-Markdown and lists every
word of the witness that is missing from it. The test suite runs the same check on the built site.
"""

from __future__ import annotations

import sys
from pathlib import Path

import markdown
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))
import fidelity  # noqa: E402
from glossator.cli import conversion  # noqa: E402

HEADER_KEYS = ("rubric", "title", "subtitle", "byline", "abstract")


def render(text_id: str) -> str:
    source = (fidelity.ROOT / "sources" / f"{text_id}.md").read_text(encoding="utf-8")
    _, front, body = source.split("---\n", 2)
    meta = yaml.safe_load(front)
    header = "".join(
        ("<p>Abstract</p>" if k == "abstract" else "") + f"<p>{meta[k]}</p>"
        for k in HEADER_KEYS if meta.get(k)
    )
    setup = conversion(fidelity.ROOT)  # the site's Markdown, as mkdocs.yml has it
    html = markdown.markdown(body, extensions=setup.extensions, extension_configs=setup.configs)
    return header + html


def main() -> int:
    text_id = sys.argv[1]
    problems = fidelity.check(text_id, render(text_id), root_class=None)
    for problem in problems:
        print(problem)
    print(f"{text_id}: {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
