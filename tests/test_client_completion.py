"""Shell completion: Tab offers the ronde, gebied and scoring-evening ids of the data (the
folder names; `--data` counts when it is on the line). Tested through Click's completion
protocol (the environment variables the shell script sets), and in a real bash with the script
`wijk --show-completion bash` prints."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.clients import REPO, program
from wijkcli.cli.app import app

pytestmark = pytest.mark.clients


def complete(line: str, cwd: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What `wijk` offers for the last word of `line` (a trailing space: a new word)."""
    words = shlex.split(line)
    if line.endswith(" "):
        words.append("")
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(
        app,
        [],
        prog_name="wijk",
        env={
            "_WIJK_COMPLETE": "complete_bash",
            "COMP_WORDS": line,
            "COMP_CWORD": str(len(words) - 1),
        },
    )
    assert result.exit_code == 0, result.output
    return [w for w in result.stdout.splitlines() if w]  # bash drops empty lines


@pytest.fixture(scope="module")
def city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("stad")
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "generate_city.py"), str(root)],
        check=True,
        capture_output=True,
    )
    return root


def test_ids_of_the_example(monkeypatch: pytest.MonkeyPatch) -> None:
    here = REPO
    assert complete("wijk advies ", here, monkeypatch) == ["ronde-2017-2"]
    assert complete("wijk tally ron", here, monkeypatch) == ["ronde-2017-2"]
    assert complete("wijk tally x", here, monkeypatch) == []
    assert complete("wijk nieuwsbrief ronde-2017-2 --gebied ", here, monkeypatch) == ["szh"]
    assert complete("wijk plan ", here, monkeypatch) == ["szh"]
    assert complete("wijk uren ", here, monkeypatch) == ["szh"]
    assert complete("wijk nieuw wijkplan s", here, monkeypatch) == ["szh"]
    assert complete("wijk nieuw aanvraag ", here, monkeypatch) == ["ronde-2017-2"]
    assert complete("wijk beoordeling ", here, monkeypatch) == ["sbi-aanbesteding-2016"]
    assert complete("wijk pb export ", here, monkeypatch) == ["ronde-2017-2"]
    assert complete("wijk verschil ", here, monkeypatch) == ["ronde-2017-2", "szh"]
    assert complete("wijk agenda ", here, monkeypatch) == ["ronde-2017-2"]
    assert complete("wijk notulen ", here, monkeypatch) == ["ronde-2017-2"]
    assert complete("wijk actiepunten ", here, monkeypatch) == ["szh"]
    assert complete("wijk nieuw vergadering ", here, monkeypatch) == ["ronde-2017-2"]
    assert complete("wijk nieuw vergadering ronde-2017-2 ", here, monkeypatch) == ["szh"]


def test_data_option_on_the_line_is_honoured(
    city: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    rondes = sorted(p.name for p in (city / "data" / "rondes").iterdir())
    gebieden = sorted(p.name for p in (city / "data" / "gebieden").iterdir())
    assert len(rondes) > 1 and len(gebieden) > 1
    elsewhere = tmp_path  # no data here: only --data can give the ids
    assert complete(f"wijk tally --data {city} ", elsewhere, monkeypatch) == rondes
    assert complete(f"wijk plan --data {city / 'data'} ", elsewhere, monkeypatch) == gebieden
    first = gebieden[0][:3]
    assert complete(f"wijk uren --data {city} {first}", elsewhere, monkeypatch) == [
        g for g in gebieden if g.startswith(first)
    ]
    # Without data: nothing offered, no error.
    assert complete("wijk advies ", elsewhere, monkeypatch) == []
    assert complete("wijk beoordeling ", elsewhere, monkeypatch) == []


def test_real_bash_completes_with_the_shown_script(tmp_path: Path) -> None:
    bash = program("bash", "apt-get install bash")
    bindir = Path(sys.executable).parent
    assert (bindir / "wijk").is_file()
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}"}
    script = subprocess.run(
        ["wijk", "--show-completion", "bash"],
        env={**env, "SHELL": bash},
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO,
    ).stdout
    assert "complete" in script and "_WIJK_COMPLETE" in script
    (tmp_path / "wijk.bash").write_text(script, encoding="utf-8")
    func = next(w for w in script.split() if w.startswith("_wijk_completion"))
    func = func.removesuffix("()")
    probe = (
        f"source {tmp_path / 'wijk.bash'}\n"
        "COMP_WORDS=(wijk beoordeling ''); COMP_CWORD=2\n"
        f"{func} wijk\n"  # bash passes the command name as $1
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
        "COMP_WORDS=(wijk advies r); COMP_CWORD=2\n"
        f"{func} wijk\n"  # bash passes the command name as $1
        'printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(
        [bash, "--norc", "--noprofile", "-c", probe],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["sbi-aanbesteding-2016", "ronde-2017-2"]
