"""The live preview: under `mkdocs serve`, a problem in a text or an annotation file never stops
the server or hangs a request. The terminal says where it is, the page it concerns shows it at
its top, the rest of the site is served, and the next good save clears it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import ENGINE
from editions import copy_edition

BROKEN_YAML = "text: a-2015\nnotes:\n  - id: grew\n    quote: \"Union grew\n"
STALE_QUOTE = "text: a-2015\nnotes:\n  - id: grew\n    quote: \"Union grows\"\n    body: Context.\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=30) as response:
        return response.status, response.read().decode("utf-8")


def until(condition, seconds: float = 40):
    """Poll `condition` (a page fetch) until it holds; its last value."""
    deadline = time.monotonic() + seconds
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.3)


@pytest.fixture
def preview(tmp_path):
    root = copy_edition("tiny", tmp_path)
    port = free_port()
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
        stdout=log, stderr=subprocess.STDOUT,
        env={**os.environ, "PYTHONPATH": ENGINE, "NO_MKDOCS_2_WARNING": "1"})
    base = f"http://127.0.0.1:{port}/"
    try:
        assert until(lambda: _status(base) == 200), (tmp_path / "serve.log").read_text()
        yield root, base, tmp_path / "serve.log"
    finally:
        server.terminate()
        server.wait(timeout=20)
        log.close()


def _status(url: str) -> int:
    try:
        return fetch(url)[0]
    except OSError:
        return 0


def test_a_problem_is_shown_on_its_page_and_the_next_good_save_clears_it(preview):
    root, base, log = preview
    notes = root / "annotations" / "a-2015.yml"
    good = notes.read_text()
    page, other = f"{base}texts/a-2015/", f"{base}texts/b-2016/"
    assert 'data-note="grew"' in fetch(page)[1]

    notes.write_text(BROKEN_YAML)
    shown = until(lambda: "gl-problems" in fetch(page)[1])
    assert shown, log.read_text()
    html = fetch(page)[1]
    assert "annotations/a-2015.yml:5" in html and "YAML syntax error" in html
    assert "Union grew in 2015" in html  # the text itself is still there, without the file's notes
    status, elsewhere = fetch(other)
    assert status == 200 and "gl-problems" not in elsewhere
    assert "annotations/a-2015.yml:5: YAML syntax error" in log.read_text()

    notes.write_text(STALE_QUOTE)
    assert until(lambda: "quote not found in a-2015" in fetch(page)[1]), log.read_text()

    notes.write_text(good)
    assert until(lambda: "gl-problems" not in fetch(page)[1]), log.read_text()
    assert 'data-note="grew"' in fetch(page)[1]


def test_a_text_that_cannot_be_read_is_a_page_that_says_why(preview):
    root, base, log = preview
    text = root / "sources" / "b-2016.md"
    text.write_text(text.read_text().replace('date: "2016"', 'date: "2016-13"'))
    page = f"{base}texts/b-2016/"
    assert until(lambda: _status(page) == 200 and "gl-problems" in fetch(page)[1]), log.read_text()
    assert "must be a real ISO date" in fetch(page)[1]
    assert fetch(f"{base}texts/a-2015/")[0] == 200
