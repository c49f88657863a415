"""`wijk vergadering` imports Textual and ruamel.yaml only when it runs: `wijk --help`,
`wijk vergadering --help` and `wijk check` load neither (each in a fresh interpreter)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

CLI = """
import json, sys
from wijkcli.cli.app import app
sys.argv = ["wijk", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
print()
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in ("textual", "ruamel")
                        or m.startswith("wijkcli.live"))))
"""


@pytest.mark.parametrize(
    "args", [["--help"], ["vergadering", "--help"], ["check", "--format", "parsable", "--data"]]
)
def test_only_the_meeting_itself_imports_textual(args: list[str], example_repo: Path) -> None:
    if args[-1] == "--data":
        args = [*args, str(example_repo)]
    proc = subprocess.run(
        [sys.executable, "-c", CLI, *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.stdout.strip(), proc.stderr
    assert json.loads(proc.stdout.splitlines()[-1]) == []
    if args == ["vergadering", "--help"]:
        assert "Voorbeeld: wijk vergadering ronde-2017-3 szh" in proc.stdout


def test_the_command_without_a_terminal_is_a_usage_error(example_repo: Path) -> None:
    """Piped (no terminal): exit 2 with the reason, nothing written."""
    proc = subprocess.run(
        [sys.executable, "-m", "wijkcli", "vergadering", "ronde-2017-2", "szh", "--data",
         str(example_repo)],
        capture_output=True, text=True, timeout=120, check=False, stdin=subprocess.DEVNULL,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    assert "wijk vergadering heeft een terminal nodig" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_first_screen_needs_neither_the_data_nor_ruamel() -> None:
    """What `wijk vergadering` imports before its first screen (the command module and the
    app): not ruamel.yaml, the models, the checks or the pipeline; they load in a thread
    after the first screen (live/app.py)."""
    code = (
        "import json, sys\n"
        "import wijkcli.cli.app, wijkcli.cli.vergadering, wijkcli.live.app\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.split('.')[0] == 'ruamel' or m in "
        "('wijkcli.pipeline', 'wijkcli.live.state', 'wijkcli.live.store', 'wijkcli.model', "
        "'wijkcli.checks', 'wijkcli.load'))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
