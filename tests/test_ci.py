"""The editor and CI integration: the pre-commit hook any edition can use, and the GitHub
workflows (tests and check on pull requests, deployment to Pages) running what the README says."""

from __future__ import annotations

import re
import shlex
import tomllib
from importlib import import_module
from pathlib import Path

import pytest
import yaml

from editions import copy_edition

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
OFFICIAL = {"actions/checkout", "actions/setup-python", "actions/configure-pages",
            "actions/upload-pages-artifact", "actions/deploy-pages"}


def readme_commands() -> list[str]:
    """The README's shell commands, one per line of its ```sh blocks."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return [line.strip() for block in re.findall(r"```sh\n(.*?)```", readme, re.S)
            for line in block.splitlines() if line.strip()]


def readme_command(ending: str) -> str:
    [command] = [c for c in readme_commands() if c.endswith(ending)]
    return command


def workflow(name: str) -> dict:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(data: dict) -> list[dict]:
    return [step for job in data["jobs"].values() for step in job["steps"]]


def runs(data: dict) -> str:
    return "\n".join(step.get("run", "") for step in steps(data))


# --- pre-commit ---------------------------------------------------------------------------------

def test_the_pre_commit_hook_names_the_console_script_and_its_subcommand(tmp_path, monkeypatch):
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert (hook["id"], hook["language"], hook["pass_filenames"]) == ("glossator-check", "python", False)
    program, *arguments = shlex.split(hook["entry"])
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    module, function = scripts[program].split(":")
    main = getattr(import_module(module), function)
    monkeypatch.chdir(copy_edition("tiny", tmp_path))
    assert main(arguments) == 0  # as pre-commit runs it: from the edition's root, no file names


@pytest.mark.parametrize("path, runs_it", [
    ("sources/a-2015.md", True), ("sources/witnesses/a-2015.txt", True),
    ("annotations/glossary.yml", True), ("mkdocs.yml", True),
    ("docs/index.md", False), ("README.md", False), ("tests/mkdocs.yml", False),
])
def test_the_hook_runs_when_a_text_an_annotation_or_the_configuration_changes(path, runs_it):
    [hook] = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert bool(re.search(hook["files"], path)) == runs_it  # pre-commit's own test of `files`


# --- GitHub workflows ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["ci.yml", "pages.yml"])
def test_workflows_use_only_official_actions_at_a_major_version(name):
    used = [step["uses"] for step in steps(workflow(name)) if "uses" in step]
    assert used
    for action in used:
        repository, version = action.split("@")
        assert repository in OFFICIAL and re.fullmatch(r"v\d+", version), action


def test_ci_runs_the_readmes_tests_and_the_check_on_pull_requests():
    ci = workflow("ci.yml")
    assert "pull_request" in ci["on"] and "push" in ci["on"]
    pythons = [s["with"]["python-version"] for s in steps(ci) if "setup-python" in s.get("uses", "")]
    assert pythons and set(pythons) == {"3.11"}
    # .ci/run holds the README's test command word for word; the workflow runs .ci/run.
    assert readme_command("python -m pytest") in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "bash .ci/run" in runs(ci).splitlines()
    install = readme_command("mkdocs serve").removesuffix(" && mkdocs serve")
    check = [step["run"] for step in steps(ci) if "glossator check" in step.get("run", "")]
    assert check == [f"{install}\nglossator check --format github\n"]


def test_pages_builds_strictly_with_the_address_pages_gives_and_deploys():
    pages = workflow("pages.yml")
    assert pages["on"]["push"]["branches"] == ["main"]
    assert {"pages": "write", "id-token": "write"}.items() <= pages["permissions"].items()
    configure = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/configure-pages@"))
    build = next(s for s in steps(pages) if "mkdocs build" in s.get("run", ""))
    # mkdocs.yml takes site_url from SITE_URL, so citations and canonical links use this address.
    assert "site_url: !ENV [SITE_URL," in (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert build["env"]["SITE_URL"] == "${{ steps.%s.outputs.base_url }}" % configure["id"]
    install = readme_command("mkdocs serve").removesuffix(" && mkdocs serve")
    assert build["run"] == f"{install}\nmkdocs build --strict\n"
    upload = next(s for s in steps(pages) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"  # where mkdocs build writes
    deploy = pages["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")
