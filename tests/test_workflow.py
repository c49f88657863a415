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
    # A wrong option value is a usage error (exit 2), in the model's own words.
    assert result.exit_code == 2 and "duizendtallen" in result.stderr


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
    assert (
        "| szh | A01 Huiskamer De Koperhorst | bedrag | € 6.500,00 | € 6.000,00 |" in result.stdout
    )
    assert (
        "| szh | totaal | geadviseerd<br>over | € 20.362,45<br>€ 1.637,55 | € 19.862,45<br>"
        "€ 2.137,55 |" in result.stdout
    )
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


def _run_steps(repo: Path, tmp_path: Path, base: str, names: tuple[str, ...]) -> dict[str, object]:
    """Run the workflow's own `run:` lines named `names` through real bash and uv in `repo`,
    as GitHub would: BASIS the base commit, RUNNER_TEMP, GITHUB_PATH and GITHUB_STEP_SUMMARY.
    uv installs offline, from its cache. The steps after the installation run this checkout's
    `wijk` (uv's cache can hold an older build of this checkout, and offline it cannot be told
    to build anew); the installation itself is checked by what it installed."""
    import os
    import subprocess
    import sys

    import yaml

    uv = _tool("uv")
    steps = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))["jobs"]["wijk"]["steps"]
    runs = {s["name"]: s for s in steps if "run" in s}
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    github_path = tmp_path / "github-path"
    github_path.write_text("")
    summary = tmp_path / "summary.md"
    done: dict[str, object] = {"summary": summary}
    for name in names:
        extra = [str(Path(sys.executable).parent)] if name != INSTALL else []
        env = {
            **{k: v for k, v in os.environ.items() if not k.startswith(("UV_", "VIRTUAL_ENV"))},
            "PATH": os.pathsep.join([*extra, str(Path(uv).parent), "/usr/bin", "/bin"]),
            "UV_OFFLINE": "1",
            "RUNNER_TEMP": str(temp),
            "GITHUB_PATH": str(github_path),
            "GITHUB_STEP_SUMMARY": str(summary),
            "BASIS": base,
        }
        done[name] = subprocess.run(["bash", "-e", "-c", runs[name]["run"]], cwd=repo, env=env,
                                    capture_output=True, text=True, check=False)  # fmt: skip
    return done


INSTALL = "wijkcli installeren (de versie uit pyproject.toml en uv.lock van de basis)"
CHECK = "Gegevens controleren"
SUMMARY = "Samenvatting van de wijzigingen"


@pytest.mark.clients
def test_workflow_steps_run_as_written(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The workflow's own `run:` lines, through real bash and uv, in a new data repository:
    wijkcli installed from the base commit's pyproject.toml, the check, the summary."""
    import yaml

    repo = tmp_path / "noord"
    assert _init(runner, repo).exit_code == 0
    base = git_commit_all(repo)
    edit(repo, "data/gebieden/noord/leden.yaml", "leden: []\n",
         "leden:\n  - id: els-kok\n    naam: Els Kok\n    wijk: kattenbroek\n"
         "    rol: bewonersteam\n    email: els@privé.example\n")  # fmt: skip
    done = _run_steps(repo, tmp_path, base, (INSTALL, CHECK, SUMMARY))
    for name in (INSTALL, CHECK, SUMMARY):
        step = done[name]
        assert step.returncode == 0, f"{name}\n{step.stdout}\n{step.stderr}"  # type: ignore[attr-defined]
    text = done["summary"].read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert text.startswith(f"## Wat verandert er sinds {base[:12]} (")
    assert "| lid Els Kok | toegevoegd |" in text and "els@" not in text
    workflow = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))
    assert workflow["jobs"]["wijk"]["env"] == {
        "BASIS": "${{ github.event.pull_request.base.sha || github.sha }}"
    }


@pytest.mark.clients
def test_a_pull_request_cannot_swap_the_wijkcli_that_judges_it(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 31 item 9: a pull request that points pyproject.toml (and the workflow) at a
    wijkcli of its own still gets the base's wijkcli, and the summary says first, in bold,
    that it changes the tool itself."""
    import json
    import subprocess

    repo = tmp_path / "noord"
    assert _init(runner, repo).exit_code == 0
    base = git_commit_all(repo)
    pyproject = repo / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    start = text.index("dependencies = [")
    end = text.index("]", start)
    pyproject.write_text(
        text[:start]
        + 'dependencies = ["wijkcli @ file:///ergens/een/eigen/wijk"]'
        + text[end + 1 :]
    )
    done = _run_steps(repo, tmp_path, base, (INSTALL, CHECK, SUMMARY))
    for name in (INSTALL, CHECK, SUMMARY):
        step = done[name]
        assert step.returncode == 0, f"{name}\n{step.stdout}\n{step.stderr}"  # type: ignore[attr-defined]
    # What the installation put on the PATH of the next steps: the base's wijkcli, from the
    # requirement of the base's pyproject.toml, not the pull request's.
    (bin_dir,) = (tmp_path / "github-path").read_text().splitlines()
    assert bin_dir == str(tmp_path / "runner-temp/basis/.venv/bin")
    (record,) = Path(bin_dir).parent.glob("lib/python*/site-packages/wijkcli-*.dist-info")
    installed = json.loads((record / "direct_url.json").read_text())["url"]
    assert f"wijkcli @ {installed}" in text and "ergens" not in installed
    assert subprocess.run([f"{bin_dir}/wijk", "--help"], capture_output=True).returncode == 0
    summary = done["summary"].read_text(encoding="utf-8")  # type: ignore[attr-defined]
    assert summary.startswith(
        "**Let op: deze pull request verandert het gereedschap zelf** (pyproject.toml): "
    )
    assert "Geen verschil in de gegevens" in summary


def test_the_summary_runs_also_when_the_check_fails() -> None:
    """GitHub skips a step after a failed one unless its `if` says otherwise: the summary's
    says `!cancelled()`, so a reviewer sees what changes exactly when the check fails."""
    import yaml

    steps = yaml.safe_load(WORKFLOW_FILE.read_text(encoding="utf-8"))["jobs"]["wijk"]["steps"]
    (summary,) = [s for s in steps if s.get("name") == SUMMARY]
    assert summary["if"] == "${{ !cancelled() && github.event_name == 'pull_request' }}"
    (check,) = [s for s in steps if s.get("name") == CHECK]
    assert "if" not in check


def test_init_writes_codeowners_for_the_tool_files(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = _init(runner, tmp_path / "zonder")
    assert result.exit_code == 0, result.output
    assert "vul in .github/CODEOWNERS de GitHub-naam in" in result.stderr
    rules = [
        line
        for line in (tmp_path / "zonder/.github/CODEOWNERS").read_text().splitlines()
        if line and not line.startswith("#")
    ]
    assert rules == ["/.github/ @BEHEERDER", "/pyproject.toml @BEHEERDER", "/uv.lock @BEHEERDER"]
    result = runner.invoke(app, ["init", str(tmp_path / "met"), "--gebied", "noord",
                                 "--beheerder", "@bewoners-noord/beheer"])  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (tmp_path / "met/.github/CODEOWNERS").read_text()
    assert [line for line in text.splitlines() if not line.startswith("#")] == [
        "/.github/ @bewoners-noord/beheer",
        "/pyproject.toml @bewoners-noord/beheer",
        "/uv.lock @bewoners-noord/beheer",
    ]
    bad = runner.invoke(app, ["init", str(tmp_path / "fout"), "--gebied", "noord",
                              "--beheerder", "@x\n/data/ @y"])  # fmt: skip
    assert bad.exit_code == 2 and not (tmp_path / "fout").exists()


def test_verschil_names_changes_to_the_tool_first(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    import json

    (example_repo / ".github").mkdir()
    (example_repo / ".github/CODEOWNERS").write_text("/.github/ @a\n")
    git_commit_all(example_repo)
    same = runner.invoke(app, ["verschil", "--data", str(example_repo)])
    assert same.exit_code == 0 and same.stdout.startswith("Geen verschil")
    (example_repo / ".github/CODEOWNERS").write_text("/.github/ @ik\n")
    (example_repo / "uv.lock").write_text("")
    edit(example_repo, VERGADERING, "    bedrag: 6500", "    bedrag: 6000")
    result = runner.invoke(app, ["verschil", "ronde-2017-2", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    first, blank, heading = result.stdout.splitlines()[:3]
    assert first.startswith(
        "**Let op: deze pull request verandert het gereedschap zelf** (.github/CODEOWNERS, "
        "uv.lock): "
    )
    assert blank == "" and heading.startswith("## Wat verandert er sinds HEAD")
    as_json = runner.invoke(app, ["verschil", "--format", "json", "--data", str(example_repo)])
    assert json.loads(as_json.stdout)["gereedschap"] == [".github/CODEOWNERS", "uv.lock"]
