"""Start-up: a run served from the cache imports and builds only what it needs (#32).

Each case runs in a fresh interpreter (imports are per process): with the whole result in the
cache, `wijk check` imports no model and no check; with every file from the cache, the models
are imported but none of their validators is built (`defer_build`); `wijk --help` and
`wijk check` import none of the document libraries.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

HEAVY = ["jinja2", "docx", "openpyxl", "typst", "wijkcli.documents.advies"]


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """An own signing secret, the cache on."""
    out = {k: v for k, v in os.environ.items() if k != "WIJK_GEEN_CACHE"}
    out["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    return out


def _run(code: str, env: dict[str, str], *args: str) -> dict[str, object]:
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    result: dict[str, object] = json.loads(proc.stdout.splitlines()[-1])
    return result


CHECK = """
import json, sys
from pathlib import Path
from wijkcli.pipeline import check_repo
_, problems = check_repo(Path(sys.argv[1]))
mods = sorted(m for m in sys.modules if m.startswith(("wijkcli.model", "wijkcli.checks",
    "wijkcli.load.validate", "wijkcli.count", "wijkcli.beoordeling")))
print(json.dumps({"problems": len(problems), "modules": mods}))
"""


def test_a_whole_result_from_the_cache_imports_no_model_and_no_check(
    example_repo: Path, env: dict[str, str]
) -> None:
    cold = _run(CHECK, env, str(example_repo))
    assert "wijkcli.model" in cold["modules"]  # type: ignore[operator]
    warm = _run(CHECK, env, str(example_repo))
    assert warm == {"problems": cold["problems"], "modules": []}


LOAD = """
import json, sys
from pathlib import Path
from wijkcli.load.walk import load_repo
import wijkcli.model as m
loaded = load_repo(Path(sys.argv[1]))
built = sorted(k for k, v in m.FILE_MODELS.items() if v.__pydantic_complete__)
print(json.dumps({"problems": len(loaded.problems), "built": built}))
"""


def test_files_from_the_cache_build_no_validator(example_repo: Path, env: dict[str, str]) -> None:
    cold = _run(LOAD, env, str(example_repo))
    assert cold["built"] == ["aanvraag", "gebied", "leden", "ronde", "vergadering", "voortgang",
                             "wijkplan"]  # fmt: skip
    warm = _run(LOAD, env, str(example_repo))
    assert warm == {"problems": cold["problems"], "built": []}


CLI = """
import json, sys
from wijkcli.cli.app import app
heavy = set(sys.argv.pop().split(","))
sys.argv = ["wijk", *sys.argv[1:]]
try:
    app()
except SystemExit:
    pass
print()
print(json.dumps({"heavy": sorted(m for m in sys.modules if m in heavy)}))
"""


@pytest.mark.parametrize("args", [["--help"], ["check", "--format", "parsable", "--data"]])
def test_help_and_check_import_no_document_library(
    args: list[str], example_repo: Path, env: dict[str, str]
) -> None:
    if args[-1] == "--data":
        args = [*args, str(example_repo)]
    assert _run(CLI, env, *args, ",".join(HEAVY)) == {"heavy": []}
