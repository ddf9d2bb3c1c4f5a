"""Other plugins see each page's real content at every event: mkdocs-autorefs resolves a link
from one text to a heading of another, and a `hooks:` file reads the texts' own words."""

from __future__ import annotations

import json

from editions import build, copy_edition

HOOK = '''
import json

seen = {}

def on_page_content(html, page, config, files):
    seen.setdefault(page.file.src_uri, {})["content"] = html
    return html

def on_env(env, config, files):
    for file in files.documentation_pages():
        if file.page is not None and file.page.content is not None:
            seen.setdefault(file.src_uri, {})["env"] = file.page.content
    return env

def on_post_build(config):
    with open("seen.json", "w", encoding="utf-8") as f:
        json.dump(seen, f)
'''


def test_autorefs_resolves_a_link_from_one_text_to_a_heading_of_another(tmp_path):
    root = copy_edition("tiny", tmp_path)
    config = (root / "mkdocs.yml").read_text()
    (root / "mkdocs.yml").write_text(config.replace("  - search\n  - glossator\n",
                                                    "  - search\n  - autorefs\n  - glossator\n"))
    text = root / "sources" / "b-2016.md"
    text.write_text(text.read_text() + "\nSee [what came later][later] in the other text.\n")
    built = build(root)
    assert built.ok, built.log
    page = (built.site / "texts" / "b-2016" / "index.html").read_text()
    assert 'class="autorefs autorefs-internal" title="Later" href="../a-2015/#later">what came later</a>' in page
    assert "<autoref" not in page


def test_a_hook_sees_each_text_page_as_readers_will(tmp_path):
    root = copy_edition("tiny", tmp_path)
    (root / "probe.py").write_text(HOOK)
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text() + "hooks: [probe.py]\n")
    built = build(root)
    assert built.ok, built.log
    seen = json.loads((root / "seen.json").read_text())
    for event in ("content", "env"):
        page = seen["texts/a-2015.md"][event]
        assert "In 2016 the Union shrank" in page and 'class="gl-header"' in page, event
        assert 'id="gl-note-grew"' in page and 'glossary/#term-eeu"' in page, event
        assert "glossator:" not in page or event == "content", event  # filled by on_env
    assert "¶1" in seen["texts/b-2016.md"]["env"]  # the other text's passage, by paragraph
