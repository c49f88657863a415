"""Working through git: scaffolding new files, a new data repository, and advice diffs."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import VERGADERING, edit, git_commit_all
from wijkcli.cli.app import app
from wijkcli.load import load_repo
from wijkcli.nieuw import scalar


@pytest.mark.slow
def test_init_gives_a_repository_that_passes_check(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "noord"
    result = runner.invoke(app, ["init", str(target), "--gebied", "noord", "--naam", "Noord",
                                 "--wijk", "Kattenbroek", "--wijk", "Nieuwland"])  # fmt: skip
    assert result.exit_code == 0, result.output
    check = runner.invoke(app, ["check", "--data", str(target)])
    assert check.exit_code == 0 and "Geen problemen gevonden." in check.stdout
    again = runner.invoke(app, ["init", str(target), "--gebied", "noord"])
    assert again.exit_code == 1 and "overschrijft het niet" in again.stderr


@pytest.mark.slow
def test_nieuw_aanvraag_writes_a_valid_commented_file(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    args = ["nieuw", "aanvraag", "ronde-2017-2", "--data", str(example_repo),
            "--titel", "Buurtmoestuin: 'groen' #1", "--wijk", "zielhorst", "--thema", "ontmoeten",
            "--aanvrager", "Moestuingroep", "--soort", "groep", "--bedrag", "1200.50",
            "--uren", "x"]  # fmt: skip
    args = args[:-2]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    path = example_repo / "data/rondes/ronde-2017-2/aanvragen/a09-buurtmoestuin-groen-1.yaml"
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    aanvragen = load_repo(example_repo).dataset.rondes["ronde-2017-2"].aanvragen
    a = aanvragen["a09-buurtmoestuin-groen-1"]
    assert a.titel == "Buurtmoestuin: 'groen' #1" and str(a.bedrag) == "1200.50"
    # Never over an existing file (the same number and title give the same file name).
    again = runner.invoke(app, [*args, "--nummer", "A09"])
    assert again.exit_code == 1 and "bestaat al" in again.stderr
    assert path.read_text(encoding="utf-8") == text


@pytest.mark.slow
def test_nieuw_aanvraag_prompts_for_what_is_missing(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    answers = "Taalmaatjes\nzielhorst\nomzien\nStichting Taal\norganisatie\n900\n2017-03-30\n"
    result = runner.invoke(
        app, ["nieuw", "aanvraag", "ronde-2017-2", "--data", str(example_repo)], input=answers
    )
    assert result.exit_code == 0, result.output
    assert (example_repo / "data/rondes/ronde-2017-2/aanvragen/a09-taalmaatjes.yaml").exists()


@pytest.mark.slow
def test_nieuw_aanvraag_bad_amount_is_a_dutch_message(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["nieuw", "aanvraag", "ronde-2017-2", "--data", str(example_repo),
                                 "--titel", "X", "--wijk", "zielhorst", "--thema", "omzien",
                                 "--aanvrager", "Y", "--soort", "groep", "--bedrag", "1.250"])  # fmt: skip
    assert result.exit_code == 1 and "duizendtallen" in result.stderr


@pytest.mark.slow
def test_nieuw_wijkplan_starts_from_last_year(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["nieuw", "wijkplan", "szh", "2018", "--data", str(example_repo)])
    # Valid file; the checks then say professionals need hours for 2018 (exit 1).
    assert result.exit_code == 1 and "hours-no-year" in result.stdout
    plan = load_repo(example_repo).dataset.gebieden["szh"].wijkplannen[2018]
    old = load_repo(example_repo).dataset.gebieden["szh"].wijkplannen[2017]
    assert [t.id for t in plan.themas] == [
        t.id for t in sorted(old.themas, key=lambda t: t.prioriteit)
    ]
    assert str(plan.budget) == "95000"  # last year's ambition


def test_nieuw_ronde(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["nieuw", "ronde", "ronde-2017-3", "--data", str(example_repo),
                                 "--indienen-tot", "2017-06-30", "--vergadering", "2017-07-13",
                                 "--advies-uiterlijk", "2017-07-19", "--budget", "szh=21000"])  # fmt: skip
    assert result.exit_code == 0, result.output
    r = load_repo(example_repo).dataset.rondes["ronde-2017-3"].ronde
    assert r is not None and r.naam == "Subsidieronde 3 (2017)" and str(r.budget["szh"]) == "21000"


def test_scalar_round_trips_through_yaml() -> None:
    import yaml

    for text in ["no", "19:30", "0612345670", "a: b", "# x", "'t Middelpunt", "ja ", "Ünïcode"]:
        assert yaml.safe_load(f"v: {scalar(text)}")["v"] == text


@pytest.mark.clients
def test_verschil_shows_what_changes_in_the_advice(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    git_commit_all(example_repo)
    same = runner.invoke(app, ["verschil", "ronde-2017-2", "--data", str(example_repo)])
    assert same.exit_code == 0 and "Geen verschil" in same.stdout
    edit(example_repo, VERGADERING, "    bedrag: 6500", "    bedrag: 6000")
    result = runner.invoke(app, ["verschil", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    assert "| szh | a01-huiskamer | bedrag | € 6.500,00 | € 6.000,00 |" in result.stdout
    assert "| szh | totaal | over | € 1.637,55 | € 2.137,55 |" in result.stdout
    bad = runner.invoke(app, ["verschil", "ronde-2017-2", "--sinds", "geen-tak",
                              "--data", str(example_repo)])  # fmt: skip
    assert bad.exit_code == 2 and "git kent 'geen-tak' niet" in bad.stderr


def test_verschil_outside_git(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["verschil", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 1 and "git-repository" in result.stderr


# --- the data repository's GitHub workflow ---------------------------------------------------

WORKFLOW_FILE = Path(__file__).resolve().parents[1] / ".github/workflows/wijk.yml"
REQUIRE_TOOLS = "WIJK_REQUIRE_WORKFLOW_TOOLS"


def _tool(name: str) -> str:
    """A real program the workflow tests run: skipped when absent, required in CI (.ci/run)."""
    import os
    import shutil

    import pytest

    found = shutil.which(name) or shutil.which(name, path=str(Path.home() / ".local/bin"))
    if found is None:
        if os.environ.get(REQUIRE_TOOLS):
            pytest.fail(f"{name} is required ({REQUIRE_TOOLS}) but not installed")
        pytest.skip(f"{name} not installed (uv tool install {name})")
    return found


def _init(runner, target: Path):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["init", str(target), "--gebied", "noord", "--naam", "Noord",
                               "--wijk", "Kattenbroek"])  # fmt: skip


def test_init_writes_the_same_workflow_and_pins_wijkcli(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import tomllib

    from wijkcli.nieuw import WORKFLOW, wijkcli_requirement

    result = _init(runner, tmp_path / "noord")
    assert result.exit_code == 0, result.output
    written = (tmp_path / "noord/.github/workflows/wijk.yml").read_text(encoding="utf-8")
    assert written == WORKFLOW == WORKFLOW_FILE.read_text(encoding="utf-8")
    project = tomllib.loads((tmp_path / "noord/pyproject.toml").read_text(encoding="utf-8"))
    requirement, local = wijkcli_requirement()
    assert project["project"]["dependencies"] == [requirement]
    assert project["tool"]["uv"]["package"] is False
    # This checkout is installed from a folder: init says GitHub cannot reach that.
    assert local == ("let op: deze wijkcli komt van deze computer" in result.stderr)
    assert "github.com/wijkcli" not in written


@pytest.mark.clients
def test_workflow_files_are_valid_for_github_actions(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import subprocess

    exe = _tool("check-jsonschema")
    assert _init(runner, tmp_path / "noord").exit_code == 0
    files = [str(WORKFLOW_FILE), str(tmp_path / "noord/.github/workflows/wijk.yml")]
    done = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", *files],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    # The schema does catch a broken workflow (so the check above means something).
    bad = tmp_path / "bad.yml"
    bad.write_text(WORKFLOW_FILE.read_text(encoding="utf-8").replace("runs-on:", "runs_on:"))
    done = subprocess.run([exe, "--builtin-schema", "vendor.github-workflows", str(bad)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 1


@pytest.mark.clients
def test_workflow_steps_run_as_written(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The workflow's own `run:` lines, through real bash and uv, in a new data repository,
    with this checkout's environment standing in for what `uv sync` installs."""
    import os
    import subprocess
    import sys

    import yaml

    uv = _tool("uv")
    repo = tmp_path / "noord"
    assert _init(runner, repo).exit_code == 0
    base = git_commit_all(repo)
    edit(repo, "data/gebieden/noord/leden.yaml", "leden: []\n",
         "leden:\n  - id: els-kok\n    naam: Els Kok\n    wijk: kattenbroek\n"
         "    rol: bewonersteam\n    email: els@privé.example\n")  # fmt: skip
    steps = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))["jobs"]["wijk"]["steps"]
    runs = {s["name"]: s for s in steps if "run" in s}
    summary = tmp_path / "summary.md"
    env = {
        **os.environ,
        "PATH": f"{Path(uv).parent}{os.pathsep}{os.environ['PATH']}",
        "UV_PROJECT_ENVIRONMENT": str(Path(sys.prefix)),
        "UV_OFFLINE": "1",
        "GITHUB_STEP_SUMMARY": str(summary),
        "BASIS": base,
    }
    for name in ("Gegevens controleren", "Samenvatting van de wijzigingen"):
        done = subprocess.run(["bash", "-e", "-c", runs[name]["run"]], cwd=repo, env=env,
                              capture_output=True, text=True, check=False)  # fmt: skip
        assert done.returncode == 0, f"{name}\n{done.stdout}\n{done.stderr}"
    text = summary.read_text(encoding="utf-8")
    assert text.startswith(f"## Wat verandert er sinds {base[:12]} (")
    assert "| lid els-kok | toegevoegd |" in text and "els@" not in text
    assert runs["Samenvatting van de wijzigingen"]["env"] == {
        "BASIS": "${{ github.event.pull_request.base.sha }}"
    }
