"""read/git.py: the data version a document names, and git calls that never change the
repository (no `.git/index` rewrite), also when git itself fails or hangs."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, git_commit_all
from wijkcli.cli.app import app

REAL_GIT = shutil.which("git")
pytestmark = [
    pytest.mark.clients,
    pytest.mark.skipif(REAL_GIT is None, reason="git is not installed"),
]


def shim_git(folder: Path, monkeypatch: pytest.MonkeyPatch, on_status: str) -> None:
    """Put a `git` first on PATH that runs the real git, except for `status`, where it runs
    the shell code `on_status` instead."""
    folder.mkdir()
    script = folder / "git"
    script.write_text(
        "#!/bin/sh\n"
        'for arg in "$@"; do\n'
        f'  if [ "$arg" = status ]; then {on_status}; fi\n'
        "done\n"
        f'exec "{REAL_GIT}" "$@"\n',
        encoding="utf-8",
    )
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{folder}{os.pathsep}{os.environ['PATH']}")


def version_line(runner, repo: Path) -> str:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["advies", "ronde-2017-2", "--data", str(repo)])
    assert result.exit_code == 0, result.output
    return next(line for line in result.stdout.splitlines() if "Gegevensversie" in line)


def test_a_clean_commit_is_named_as_it_is(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    commit = git_commit_all(example_repo)
    assert version_line(runner, example_repo) == f"*Gegevensversie {commit}.*"


def test_outside_git_or_before_the_first_commit_the_version_is_unknown(  # type: ignore[no-untyped-def]
    runner, example_repo: Path
) -> None:
    assert version_line(runner, example_repo) == "*Gegevensversie onbekend (geen git-repository).*"
    subprocess.run(["git", "init", "-q"], cwd=example_repo, check=True)
    assert version_line(runner, example_repo) == (
        "*Gegevensversie onbekend (nog niets vastgelegd in git).*"
    )


def test_a_failing_git_status_gives_an_unknown_version(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commit = git_commit_all(example_repo)
    (example_repo / AANVRAAG).write_text((example_repo / AANVRAAG).read_text() + "# x\n")
    shim_git(tmp_path / "bin", monkeypatch, "echo 'fatal: index file corrupt' >&2; exit 128")
    assert version_line(runner, example_repo) == (
        f"*Gegevensversie onbekend (git status gaf geen antwoord; laatste commit {commit}).*"
    )


def test_a_hanging_git_status_gives_an_unknown_version(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from wijkcli.read import git

    commit = git_commit_all(example_repo)
    shim_git(tmp_path / "bin", monkeypatch, "exec sleep 30")
    monkeypatch.setattr(git, "TIMEOUT", 1.0)
    assert version_line(runner, example_repo) == (
        f"*Gegevensversie onbekend (git status gaf geen antwoord; laatste commit {commit}).*"
    )


def test_without_git_the_version_is_unknown(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git_commit_all(example_repo)
    monkeypatch.setenv("PATH", str(example_repo / "no-such-folder"))
    assert version_line(runner, example_repo) == (
        "*Gegevensversie onbekend (git is niet te gebruiken).*"
    )


def test_reading_the_version_never_rewrites_the_index(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    commit = git_commit_all(example_repo)
    # Same bytes, other modification time: a plain `git status` refreshes the index entry and
    # writes .git/index (checked at the end, so this test cannot pass for the wrong reason).
    os.utime(example_repo / AANVRAAG, (1_500_000_000, 1_500_000_000))
    index = example_repo / ".git" / "index"
    before = (index.read_bytes(), index.stat().st_mtime_ns)
    assert version_line(runner, example_repo) == f"*Gegevensversie {commit}.*"
    result = runner.invoke(app, ["verschil", "--sinds", "HEAD", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    assert (index.read_bytes(), index.stat().st_mtime_ns) == before
    subprocess.run(["git", "status", "--porcelain"], cwd=example_repo, check=True,
                   capture_output=True)  # fmt: skip
    assert (index.read_bytes(), index.stat().st_mtime_ns) != before
