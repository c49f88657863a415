"""Test helpers: edit a copy of the example data and find where the edit landed."""

from __future__ import annotations

import subprocess
from pathlib import Path

from wijkcli.pipeline import check_repo


def edit(repo: Path, rel: str, old: str, new: str, *, count: int = 1) -> tuple[int, int]:
    """Replace `old` by `new` in repo/rel (exactly `count` times must match); returns the
    1-based (line, column) where `new` starts (first occurrence)."""
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= count, f"{old!r} not found {count}× in {rel}"
    text = text.replace(old, new, count)
    path.write_text(text, encoding="utf-8")
    offset = text.index(new)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def git_commit_all(repo: Path) -> str:
    """Make `repo` a git repository (branch main) with everything committed; returns the short
    commit. The commit date is fixed, so the same files give the same commit id."""
    import os

    date = "2017-05-01T12:00:00+02:00"
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}

    def git(*args: str) -> str:
        return subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=repo, check=True, capture_output=True, text=True, env=env,
        ).stdout.strip()  # fmt: skip

    git("init", "-q", "-b", "main")
    git("add", ".")
    git("commit", "-qm", "start")
    return git("rev-parse", "--short=12", "HEAD")


def found(repo: Path) -> set[tuple[str, int, int, str]]:
    """(path, line, column, code) of every problem `wijk check` reports."""
    _, problems = check_repo(repo)
    return {
        (p.location.path, p.location.line, p.location.column, p.code)
        for p in problems
        if p.location is not None
    }


def codes(repo: Path) -> set[str]:
    _, problems = check_repo(repo)
    return {p.code for p in problems}


AANVRAAG = "data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml"
VERGADERING = "data/rondes/ronde-2017-2/vergadering-szh.yaml"
RONDE = "data/rondes/ronde-2017-2/ronde.yaml"
LEDEN = "data/gebieden/szh/leden.yaml"
GEBIED = "data/gebieden/szh/gebied.yaml"
WIJKPLAN = "data/gebieden/szh/wijkplan-2017.yaml"
