"""Installed tool: the wheel (`uv build`), installed with `uv tool install` into a temporary
tool directory, works in a fresh folder outside the source tree: templates and schemas come
with the wheel. This is the install line of docs/handleiding.md."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.clients import REPO, program
from wijkcli.cli.app import app

pytestmark = pytest.mark.clients


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """(the installed `wijk`, the environment to run it in: no source tree on any path)."""
    uv = program("uv", "pip install uv")
    base = tmp_path_factory.mktemp("installed")
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("VIRTUAL_ENV", "PYTHON", "UV_PROJECT"))
    }
    env |= {"UV_TOOL_DIR": str(base / "tools"), "UV_TOOL_BIN_DIR": str(base / "bin")}
    dist = base / "dist"
    subprocess.run(
        [uv, "build", "--wheel", "--out-dir", str(dist), str(REPO)],
        check=True, capture_output=True, env=env, timeout=300,
    )  # fmt: skip
    (wheel,) = dist.glob("wijkcli-*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
    assert "wijkcli/templates/adviesbrief.html.j2" in names
    subprocess.run(
        [uv, "tool", "install", "--python", sys.executable, str(wheel)],
        check=True, capture_output=True, env=env, cwd=base, timeout=600,
    )  # fmt: skip
    wijk = base / "bin" / "wijk"
    assert wijk.is_file()
    return wijk, env


def run(wijk: Path, env: dict[str, str], cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(wijk), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120,
        check=False,
    )  # fmt: skip


def test_installed_wijk_works_outside_the_source_tree(
    installed: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    wijk, env = installed
    work = tmp_path / "ergens"
    work.mkdir()
    assert REPO not in work.parents

    done = run(wijk, env, work, "init", "noord", "--gebied", "noord", "--wijk", "Kattenbroek")
    assert done.returncode == 0, done.stderr
    repo = work / "noord"
    assert (repo / "schema" / "leden.schema.json").is_file()
    done = run(wijk, env, repo, "check")
    assert (done.returncode, done.stdout.strip()) == (0, "Geen problemen gevonden."), done.stderr
    done = run(
        wijk, env, repo, "nieuw", "ronde", "ronde-2027-1", "--indienen-tot", "2027-03-31",
        "--vergadering", "2027-04-15", "--advies-uiterlijk", "2027-04-21",
        "--budget", "noord=15000",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert (repo / "data" / "rondes" / "ronde-2027-1" / "ronde.yaml").is_file()
    done = run(wijk, env, repo, "check")
    assert done.returncode == 0, done.stdout + done.stderr

    # The letter, from a copy of the example: the same bytes as from the source tree.
    example = work / "voorbeeld"
    shutil.copytree(REPO / "data", example / "data")
    for fmt in ("md", "html"):
        done = run(wijk, env, example, "advies", "ronde-2017-2", "--format", fmt)
        assert done.returncode == 0, done.stderr
        here = CliRunner().invoke(
            app, ["advies", "ronde-2017-2", "--format", fmt, "--data", str(example)]
        )
        assert here.exit_code == 0, here.output
        assert done.stdout == here.stdout
        assert "Huiskamer De Koperhorst" in done.stdout
    done = run(
        wijk, env, example, "advies", "ronde-2017-2", "--format", "html", "--uit", "brieven/"
    )
    assert done.returncode == 0, done.stderr
    assert (example / "brieven" / "advies-ronde-2017-2-szh.html").is_file()
