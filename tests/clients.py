"""The real programs wijkcli claims to work with (editor, pre-commit, HTML checker, pabulib
checker, ...): find them, or skip with the reason. CI (`.ci/run`) installs every one and sets
WIJK_REQUIRE_CLIENTS, which turns a skip into a failure, as WIJK_REQUIRE_BROWSER does."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NODE_MODULES = REPO / "tests" / "node_modules"
REQUIRE = "WIJK_REQUIRE_CLIENTS"


def missing(what: str, install: str) -> None:
    """Skip (locally) or fail (in CI) because the client `what` is not installed."""
    if os.environ.get(REQUIRE):
        pytest.fail(f"{what} is required ({REQUIRE}) but not installed: {install}")
    pytest.skip(f"{what} not installed ({install})")


def program(name: str, install: str) -> str:
    """The path of the program `name` on PATH, or skip/fail."""
    found = shutil.which(name)
    if found is None:
        missing(name, install)
    assert found is not None
    return found


def npm_file(rel: str, what: str) -> Path:
    """A file of an npm package pinned in tests/package.json (installed by `npm ci`)."""
    path = NODE_MODULES / rel
    if not path.is_file():
        missing(what, "npm ci --prefix tests")
    return path
