"""The package as it is released: its wheel, installed with its dependencies in a fresh virtual
environment (nothing of this checkout on the path), starts an edition and builds it with the
full reader. About half a minute to a minute: it builds the wheel and installs MkDocs and
Material from the package index."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from conftest import ROOT
from glossator.reader import ASSETS, SCRIPTS, SHIM, STYLESHEETS

pytestmark = pytest.mark.slow

# What `python -m build` packs from a checkout; copied, so that the build writes nothing here.
SOURCE = ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md", "MANIFEST.in")
SHIPPED = ("glossator/assets/edition.css", "glossator/assets/vendor/iframe-worker/shim.js",
           "glossator/schema/notes.schema.json", "glossator/starter/mkdocs.yml",
           "glossator/starter/.github/workflows/ci.yml", "glossator/starter/.gitignore")


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    result = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True,
                            env={**environment, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, f"{command}:\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    source = tmp_path_factory.mktemp("source")
    for name in SOURCE:
        shutil.copy(ROOT / name, source / name)
    shutil.copytree(ROOT / "plugins" / "glossator", source / "plugins" / "glossator",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = tmp_path_factory.mktemp("wheels")
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", wheels, source)
    (built,) = wheels.glob("glossator-*.whl")
    return built


def test_the_wheel_ships_the_reader_the_schemas_and_the_starter(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert set(SHIPPED) <= names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_the_installed_wheel_starts_and_builds_an_edition(wheel, tmp_path):
    venv = tmp_path / "venv"
    run(sys.executable, "-m", "venv", venv)
    python, glossator = venv / "bin" / "python", venv / "bin" / "glossator"
    run(python, "-m", "pip", "install", "--quiet", wheel)
    where = run(python, "-c", "import glossator; print(glossator.__file__)").stdout.strip()
    assert Path(where).is_relative_to(venv), where  # the wheel's engine, not this checkout's
    edition = tmp_path / "edition"
    run(glossator, "new", edition)
    run(glossator, "check", cwd=edition)
    run(python, "-m", "mkdocs", "build", "--strict", "--site-dir", tmp_path / "site", cwd=edition)
    html = (tmp_path / "site" / "texts" / "sample-harbour" / "index.html").read_text(encoding="utf-8")
    assert 'class="footnote-ref gl-note-ref" href="#gl-note-count"' in html
    for name in (*STYLESHEETS, *SCRIPTS, SHIM):
        assert f'"../../assets/glossator/{name}"' in html, name
        shipped = tmp_path / "site" / "assets" / "glossator" / name
        assert shipped.read_bytes() == (ASSETS / name).read_bytes(), name
