"""Shared fixtures: the site built once per test session, strict and offline."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Test this checkout's engine, whichever checkout an editable install points at.
ENGINE = str(ROOT / "plugins")
sys.path.insert(0, ENGINE)
TEXT_IDS = sorted(p.stem for p in (ROOT / "sources").glob("*.md"))


def mkdocs_build(site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, capture_output=True, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
             "PYTHONPATH": os.pathsep.join(filter(None, [ENGINE, os.environ.get("PYTHONPATH")])),
             **env},
    )


@pytest.fixture(scope="session")
def build(tmp_path_factory: pytest.TempPathFactory) -> subprocess.CompletedProcess:
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(site)
    result.site = site  # type: ignore[attr-defined]
    return result


@pytest.fixture(scope="session")
def site(build: subprocess.CompletedProcess) -> Path:
    assert build.returncode == 0, build.stderr
    return build.site  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def offline_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = tmp_path_factory.mktemp("offline")
    result = mkdocs_build(site, OFFLINE="true")
    assert result.returncode == 0, result.stderr
    return site


def text_page(site: Path, text_id: str) -> str:
    return (site / "texts" / text_id / "index.html").read_text(encoding="utf-8")
