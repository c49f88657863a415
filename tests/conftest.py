"""Shared fixtures: the example repository, a `write_tree` for inline data, the CLI runner,
golden-file comparison (`pytest --update-golden` rewrites them), and a headless browser."""

from __future__ import annotations

import os
import shutil
import subprocess
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

REPO = Path(__file__).resolve().parents[1]
EXAMPLE = REPO / "data"
GOLDEN = Path(__file__).resolve().parent / "golden"

os.environ.setdefault("COLUMNS", "120")
os.environ["NO_COLOR"] = "1"


def pytest_configure(config: pytest.Config) -> None:
    """Every problem the tests make must carry a registered code, with a severity its code is
    registered with, and every check may emit only the codes it declares
    (`problems.require_registered_codes`): a code without its explanation fails the test that
    reaches it."""
    from wijkcli.pipeline import explanations
    from wijkcli.problems import require_registered_codes

    explanations()
    require_registered_codes()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", help="Rewrite golden files instead of comparing."
    )


@pytest.fixture
def example_repo(tmp_path: Path) -> Path:
    """A private copy of the example data repository (tests may change it)."""
    target = tmp_path / "repo"
    shutil.copytree(EXAMPLE, target / "data")
    return target


@pytest.fixture(scope="session")
def example_dataset():  # type: ignore[no-untyped-def]
    """The example data, loaded and checked once (read-only)."""
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(REPO)
    return dataset


WriteTree = Callable[[dict[str, str]], Path]


@pytest.fixture
def write_tree(tmp_path: Path) -> WriteTree:
    """Write {relative path: YAML text} (dedented) under a fresh repo; returns the repo root."""

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "tree"
        for rel, content in files.items():
            path = root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
        return root

    return write


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def golden(request: pytest.FixtureRequest) -> Callable[[str, str], None]:
    """Compare `text` with tests/golden/<name> byte for byte (or rewrite it on --update-golden)."""
    update = request.config.getoption("--update-golden")

    def check(name: str, text: str) -> None:
        path = GOLDEN / name
        if update:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text.encode("utf-8"))
            return
        assert path.exists(), f"golden file {name} missing: run pytest --update-golden"
        expected = path.read_bytes().decode("utf-8")
        assert text == expected, (
            f"{name} differs from the golden file (review, then --update-golden)"
        )

    return check


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], tuple[str, Path]]:
    """Load a local HTML file in headless Chromium: returns (console log, screenshot path).

    CI installs Debian's chromium (.ci/run); on a machine without it these tests are skipped,
    with the reason shown, unless WIJK_REQUIRE_BROWSER is set (CI sets it), then they fail.
    """
    exe = find_chromium()
    if exe is None:
        if os.environ.get("WIJK_REQUIRE_BROWSER"):
            pytest.fail("chromium is required (WIJK_REQUIRE_BROWSER) but not installed")
        pytest.skip("chromium not installed (apt-get install chromium)")

    def load(page: Path) -> tuple[str, Path]:
        work = tmp_path_factory.mktemp("chromium")
        shot = work / "shot.png"
        flags = [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={work / 'profile'}",
            "--enable-logging=stderr",
            "--v=0",
            "--window-size=1000,1400",
        ]
        url = page.resolve().as_uri()
        done = subprocess.run(
            [exe, *flags, f"--screenshot={shot}", url],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stderr, shot

    return load


def console_errors(log: str) -> list[str]:
    """Lines of Chromium's log with any console message of the page (Chromium logs
    `console.error` as `INFO:CONSOLE`, so every CONSOLE line counts: our pages log nothing)."""
    return [
        line
        for line in log.splitlines()
        if ":CONSOLE" in line or "Uncaught" in line or "Failed to load resource" in line
    ]


def screenshot_is_blank(path: Path) -> bool:
    """True when the screenshot has a single colour (nothing rendered)."""
    from PIL import Image

    with Image.open(path) as img:
        colours = img.convert("RGB").getcolors(maxcolors=1)
    return colours is not None
