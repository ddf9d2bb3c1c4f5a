"""Save to visible under `mkdocs serve`: how long after a contributor saves a file its change is
on the page the server serves.

    python benchmarks/serve.py            # this repository (a copy of it), 5 saves of each kind

For each kind of edit (a note's body, a text's words, a glossary definition) it saves a new
word into a copy of the file and polls the page that shows it (every 20 ms) until the word is
there, then puts the file back and waits for that too. Prints the median and the worst time of
each kind. MkDocs waits for the file system to settle before it rebuilds (its build delay), and
rebuilds the whole site each time: both are in the figure, as a contributor lives them.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EDITS = {  # kind: (file, the words to replace, the page that shows them)
    "note": ("annotations/laruelle-2015.yml", "The forum is named after", "texts/laruelle-2015/"),
    "text": ("sources/osw-2013.md", "Baikonur Cosmodrome", "texts/osw-2013/"),
    "glossary": ("annotations/glossary.yml", "Nazarbayev proposed in 1994", "glossary/"),
}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _page(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _until(url: str, present: str, absent: str | None = None, timeout: float = 60) -> float:
    """Seconds until the page holds `present` (and not `absent`)."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        html = _page(url)
        if present in html and (absent is None or absent not in html):
            return time.perf_counter() - start
        time.sleep(0.02)
    raise TimeoutError(f"{url} never showed {present!r}")


def measure(root: Path, saves: int) -> dict[str, list[float]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"], cwd=root,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(ROOT / "plugins"), "NO_MKDOCS_2_WARNING": "1"})
    times: dict[str, list[float]] = {kind: [] for kind in EDITS}
    try:
        _until(base, "</html>", timeout=120)
        for n in range(saves):
            for kind, (name, words, page) in EDITS.items():
                path = root / name
                original = path.read_text(encoding="utf-8")
                assert words in original, (name, words)
                marker = f"Zqxmarker{n}{kind}"
                path.write_text(original.replace(words, f"{words} {marker}", 1), encoding="utf-8")
                times[kind].append(_until(base + page, marker))
                path.write_text(original, encoding="utf-8")
                _until(base + page, words, absent=marker)
    finally:
        server.terminate()
        server.wait(timeout=30)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--saves", type=int, default=5)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="glossator-serve-"))
    root = work / "edition"
    try:
        shutil.copytree(ROOT, root, ignore=shutil.ignore_patterns(
            ".git", ".venv", "site", "site.*", "build", "__pycache__", ".pytest_cache", ".hypothesis"))
        times = measure(root, args.saves)
        print(json.dumps({kind: {"median_s": round(statistics.median(t), 2), "worst_s": round(max(t), 2)}
                          for kind, t in times.items()}, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
