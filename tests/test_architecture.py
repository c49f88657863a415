"""The pipeline's import direction (pyproject.toml, [tool.importlinter]) holds, and the
contract really catches a lower stage that imports a higher one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def _lint(src: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(src)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", str(REPO / "pyproject.toml")],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_the_layers_contract_holds() -> None:
    done = _lint(REPO / "src")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Contracts: 4 kept, 0 broken." in done.stdout


@pytest.mark.slow
def test_a_lower_stage_importing_a_higher_one_breaks_it(tmp_path: Path) -> None:
    shutil.copytree(REPO / "src" / "wijkcli", tmp_path / "wijkcli")
    tally = tmp_path / "wijkcli" / "count" / "tally.py"
    tally.write_text(tally.read_text() + "\nfrom wijkcli.documents import render  # noqa\n")
    done = _lint(tmp_path)
    assert done.returncode == 1
    assert "wijkcli.count is not allowed to import wijkcli.documents" in done.stdout


@pytest.mark.slow
def test_typer_stays_inside_the_command_line(tmp_path: Path) -> None:
    shutil.copytree(REPO / "src" / "wijkcli", tmp_path / "wijkcli")
    load = tmp_path / "wijkcli" / "load" / "walk.py"
    load.write_text(load.read_text() + "\nimport typer  # noqa\n")
    done = _lint(tmp_path)
    assert done.returncode == 1
    assert "Only the command line knows Typer and Click BROKEN" in done.stdout


def test_a_document_running_the_load_job_breaks_it(tmp_path: Path) -> None:
    shutil.copytree(REPO / "src" / "wijkcli", tmp_path / "wijkcli")
    advies = tmp_path / "wijkcli" / "documents" / "advies.py"
    advies.write_text(advies.read_text() + "\nfrom wijkcli.load import load_repo  # noqa\n")
    done = _lint(tmp_path)
    assert done.returncode == 1
    assert "Only the pipeline runs the load job: the stages above work on the Dataset BROKEN" in (
        done.stdout
    )


def test_the_dataset_importing_the_load_job_breaks_it(tmp_path: Path) -> None:
    shutil.copytree(REPO / "src" / "wijkcli", tmp_path / "wijkcli")
    dataset = tmp_path / "wijkcli" / "dataset.py"
    dataset.write_text(dataset.read_text() + "\nfrom wijkcli.load import walk  # noqa\n")
    done = _lint(tmp_path)
    assert done.returncode == 1
    assert "wijkcli.dataset is not allowed to import wijkcli.load" in done.stdout
