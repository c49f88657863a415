"""pre-commit: this repository's `.pre-commit-hooks.yaml`, run by the real `pre-commit try-repo`
(which installs wijkcli from this checkout into its own environment, as a data repository's
hook would) on a data repository made by `wijk init`, on what is staged for a commit."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.clients import REPO, missing, program
from wijkcli.nieuw import init_repo

pytestmark = pytest.mark.clients


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=repo, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip


@pytest.fixture(scope="module")
def pre_commit_home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("pre_commit") is None:
        missing("pre-commit", "uv sync (dev dependency)")
    program("git", "apt-get install git")
    return tmp_path_factory.mktemp("pre-commit-home")


@pytest.fixture
def data_repo(tmp_path: Path) -> Path:
    repo = tmp_path / "noord"
    init_repo(repo, "noord", "Noord", ["Kattenbroek", "Nieuwland"])
    git(repo, "init", "-q")
    git(repo, "add", ".")
    git(repo, "commit", "-qm", "wijk init")
    return repo


def try_repo(repo: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo <this checkout> wijk-check` on the staged files of `repo`."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "wijk-check", "--color=never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


GEBIED = "data/gebieden/noord/gebied.yaml"
LEDEN = "data/gebieden/noord/leden.yaml"


def test_a_broken_commit_is_refused_with_file_line_column(
    data_repo: Path, pre_commit_home: Path
) -> None:
    gebied = data_repo / GEBIED
    gebied.write_text(gebied.read_text().replace("\nnaam: Noord", "\nnam: Noord"))
    leden = data_repo / LEDEN
    leden.write_text(
        leden.read_text().replace(
            "leden: []", "leden:\n  - id: piet\n    naam: Piet\n    rol: baas"
        )
    )
    git(data_repo, "add", ".")
    done = try_repo(data_repo, pre_commit_home)
    assert done.returncode == 1, done.stdout + done.stderr
    out = done.stdout
    problems = [line for line in out.splitlines() if line.startswith("data/")]
    assert problems == [
        f"{GEBIED}:3:1: fout: verplicht veld 'naam' ontbreekt [missing-field]",
        f"{GEBIED}:4:1: fout: onbekend veld 'nam' (bedoelde je 'naam'?) (toegestaan: id, naam, "
        "volledige_naam, wijken, bewonersteam, vergaderplek, nieuwsbrief, website, briefhoofd) [unknown-key]",
        f"{LEDEN}:7:10: fout: 'baas' is hier niet toegestaan; kies uit: bewonersteam, bewoner, "
        "professional [invalid-choice]",
    ]
    # Two changed files, one run of `wijk check` for the whole commit (pass_filenames: false).
    assert out.count("- hook id: wijk-check") == 1
    assert out.count("wijk check....") == 1


def test_a_clean_commit_passes_and_other_files_skip_the_hook(
    data_repo: Path, pre_commit_home: Path
) -> None:
    gebied = data_repo / GEBIED
    gebied.write_text(gebied.read_text().replace("naam: Noord", "naam: Noord-Oost", 1))
    git(data_repo, "add", ".")
    done = try_repo(data_repo, pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "wijk check" in done.stdout and "Passed" in done.stdout
    git(data_repo, "commit", "-qm", "naam")

    readme = data_repo / "README.md"
    readme.write_text(readme.read_text() + "\nNog een regel.\n")
    git(data_repo, "add", ".")
    done = try_repo(data_repo, pre_commit_home)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "(no files to check)Skipped" in done.stdout
