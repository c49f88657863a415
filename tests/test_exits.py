"""Exit codes that a script or CI relies on (#20 items 12 and 15): `--debug` keeps exit 3, a
closed pipe (`wijk check | head`) keeps the data's own code, SIGTERM and SIGHUP clean up like
Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from wijkcli.cli.app import app

pytestmark = pytest.mark.slow

AANVRAGEN = "data/rondes/ronde-2017-2/aanvragen"


def test_debug_shows_the_traceback_and_keeps_exit_3(
    runner,  # type: ignore[no-untyped-def]
    example_repo: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import wijkcli.pipeline
    from wijkcli.cli import errors

    def boom(*args: object) -> None:
        raise RuntimeError("kapot")

    monkeypatch.setitem(errors.STATE, "debug", False)  # restored after --debug sets it
    monkeypatch.setattr(wijkcli.pipeline, "check_repo", boom)
    result = runner.invoke(app, ["--debug", "check", "--data", str(example_repo)])
    assert result.exit_code == 3
    assert "Traceback (most recent call last)" in result.stderr
    assert "RuntimeError: kapot" in result.stderr
    assert result.stderr.endswith("wijk: interne fout (RuntimeError); meld de uitvoer hierboven.\n")


def _cut_after_one_line(repo: Path) -> tuple[int, bytes, bytes]:
    """`wijk check --format parsable --data repo | head -1`: the exit code, the line read and
    stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "wijkcli", "check", "--format", "parsable", "--data", str(repo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    return proc.wait(timeout=120), first, err


def test_a_closed_pipe_keeps_the_exit_code_of_the_data(example_repo: Path) -> None:
    """Far more output than a pipe holds (2,000 warnings), read one line: exit 0 when there
    are only warnings, 1 when there is an error, and never a word on stderr."""
    folder = example_repo / AANVRAGEN
    for i in range(2000):
        (folder / f"notitie-{i:04}.txt").write_text("x\n", encoding="utf-8")
    code, first, err = _cut_after_one_line(example_repo)
    assert (code, err) == (0, b"")
    assert first.startswith(b"data/beoordelingen/")
    (folder / "a01-huiskamer.yaml").write_text("id: [\n", encoding="utf-8")
    code, first, err = _cut_after_one_line(example_repo)
    assert (code, err) == (1, b"")


SLOW_WRITE = """
import os, sys, time

real = os.replace

def slow_replace(src, dst):
    if os.path.basename(os.path.dirname(str(dst))) == "brieven":  # not the cache's writes
        time.sleep(60)
    real(src, dst)

os.replace = slow_replace
from wijkcli.cli.app import app
sys.argv = ["wijk", *sys.argv[1:]]
app()
"""


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_stop_signal_removes_the_temporary_file(example_repo: Path, signum: int) -> None:
    """Stopped while the letter is being written: no temporary file left, nothing written,
    exit 128 + the signal, as Ctrl-C gives 130."""
    out = example_repo / "brieven"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_WRITE, "advies", "ronde-2017-2", "--uit", f"{out}/",
         "--data", str(example_repo)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while not (out.is_dir() and any(p.name.endswith(".tmp") for p in out.iterdir())):
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.05)
    proc.send_signal(signum)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 128 + signum
    assert err == "wijk: afgebroken\n"
    assert sorted(os.listdir(out)) == []
