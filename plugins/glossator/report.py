"""How `glossator check` prints its problems: for a person, as GitHub workflow commands (so that
each problem shows on the pull request's line), or as JSON for other tools."""

from __future__ import annotations

import json
import os
from pathlib import Path

from .model import Problem

FORMATS = ("text", "github", "json")


def format_problems(problems: list[Problem], form: str, root: Path) -> str:
    """The problems in `form`, one after another ('' for none in text and github forms)."""
    if form == "github":
        base = repository_root(root)
        return "\n".join(github_command(problem, base) for problem in problems)
    if form == "json":
        return json.dumps([{"file": Path(p.where.path).as_posix(), "line": p.where.line,
                            "message": p.message, "hint": p.hint} for p in problems],
                          ensure_ascii=False, indent=2)
    return "\n".join(str(problem) for problem in problems)


def repository_root(root: Path) -> Path:
    """The Git work tree holding the edition (GitHub names files from there), else the
    current folder."""
    here = Path(os.path.abspath(root))
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return Path.cwd()


def github_command(problem: Problem, base: Path) -> str:
    """`::error file=PATH,line=N::message`: PATH from the repository's root, the hint on a
    second line of the message. The message is a contributor's words (a quote): escaped."""
    # abspath, not resolve: a problem about a symbolic link names the link, not its target.
    path = Path(os.path.relpath(os.path.abspath(problem.where.path), base)).as_posix()
    message = problem.message + (f"\nhint: {problem.hint}" if problem.hint else "")
    return f"::error file={_property(path)},line={problem.where.line}::{_data(message)}"


def _data(value: str) -> str:
    """GitHub's escaping of a workflow command's message (`%` first, or it would be doubled)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(value: str) -> str:
    """A property value also may not hold the `:` and `,` that end it."""
    return _data(value).replace(":", "%3A").replace(",", "%2C")
