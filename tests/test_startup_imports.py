"""Start-up imports only what the run needs (#32 item 2).

`wijk --help` lists every command from the table in `cli/app.py` without importing a command
module; `wijk check` with a warm cache imports only its own command, and neither Typer's
pydantic coercion (Typer 0.29+), Rich (the output is not a terminal), the document libraries
nor importlib.metadata. Each run is a fresh interpreter (imports are per process), the way
tests/test_live_startup.py checks Textual. The table itself is kept equal to what the command
modules register.
"""

from __future__ import annotations

import json
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer
import typer.main
from typer.core import TyperGroup

import wijkcli.cli
from wijkcli.cli.app import COMMANDS, WijkApp, app
from wijkcli.cli.dutch import DutchContext

# Never imported by `wijk --help` or a warm `wijk check`.
HEAVY = [
    "pydantic", "pydantic_core", "importlib.metadata", "rich", "jinja2", "docx", "openpyxl",
    "typst", "textual", "ruamel", "wijkcli.model", "wijkcli.checks", "wijkcli.count",
    "wijkcli.documents.registry", "typer._adapters", "tabulate",
]  # fmt: skip
# The command modules `wijk check` may import: its own and the shared pieces.
CHECK_CLI = {"wijkcli.cli", "wijkcli.cli.app", "wijkcli.cli.check", "wijkcli.cli.common",
             "wijkcli.cli.dutch", "wijkcli.cli.errors"}  # fmt: skip
HELP_CLI = CHECK_CLI - {"wijkcli.cli.check"}


def _registered() -> dict[str, typer.main.Command]:
    """Every command as the modules register it, built eagerly as Typer builds a group."""
    one = typer.Typer(rich_markup_mode=None)
    for module in sorted({module for module, _ in COMMANDS.values()}):
        __import__(f"wijkcli.cli.{module}", fromlist=["register"]).register(one)
    return dict(typer.main.get_group(one).commands)


def test_the_table_is_what_the_modules_register() -> None:
    real = _registered()
    assert set(real) == set(COMMANDS)
    for name, command in real.items():
        module, text = COMMANDS[name]
        first = " ".join((command.help or "").split("\n\n")[0].split())
        assert text == first, name
        assert (command.short_help, command.hidden, command.deprecated) == (None, False, False)
        callback = getattr(command, "callback", None)
        if callback is not None and name != "agenda":  # agenda is common.meeting_command's
            assert callback.__module__ == f"wijkcli.cli.{module}", name
    # every module of the package that registers a command is in the table
    registering = {
        info.name
        for info in pkgutil.iter_modules(wijkcli.cli.__path__)
        if "\ndef register(" in (Path(wijkcli.cli.__path__[0]) / f"{info.name}.py").read_text()
    }
    assert registering == {module for module, _ in COMMANDS.values()}


@pytest.mark.parametrize("width", [50, 80, 120])
def test_help_lists_the_commands_as_typer_would(width: int) -> None:
    """The list in `wijk --help` from the table: the same rows, in the same words and at the
    same length, as Typer's own list made from the loaded commands."""
    group = typer.main.get_command(app)
    assert isinstance(group, WijkApp)
    ctx = DutchContext(group, info_name="wijk", terminal_width=width)
    ours, typers = ctx.make_formatter(), ctx.make_formatter()
    group.format_commands(ctx, ours)
    TyperGroup.format_commands(group, ctx, typers)  # looks every command up, so loads all
    assert ours.getvalue() == typers.getvalue()
    assert ours.getvalue().startswith("Opdrachten:\n  check ")


CLI = """
import json, sys
from wijkcli.cli.app import app
sys.argv = ["wijk", *sys.argv[1:]]
try:
    app()
except SystemExit as exc:
    code = exc.code
print()
print(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The cache on, with a signing secret of its own."""
    out = {k: v for k, v in os.environ.items() if k != "WIJK_GEEN_CACHE"}
    out["XDG_CACHE_HOME"] = str(tmp_path / "xdg")
    return out


def _imported(env: dict[str, str], *args: str) -> tuple[object, set[str]]:
    proc = subprocess.run(
        [sys.executable, "-c", CLI, *args],
        capture_output=True, text=True, env=env, timeout=120, check=False,
    )  # fmt: skip
    assert proc.stdout.strip(), proc.stderr
    result = json.loads(proc.stdout.splitlines()[-1])
    return result["code"], set(result["modules"])


def _heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_help_imports_no_command(env: dict[str, str]) -> None:
    code, modules = _imported(env, "--help")
    assert code == 0
    assert _heavy(modules) == []
    assert {m for m in modules if m.startswith("wijkcli.")} == HELP_CLI


def test_a_warm_check_imports_only_what_it_needs(example_repo: Path, env: dict[str, str]) -> None:
    """The second `wijk check` (whole result from the cache, output to a pipe)."""
    args = ("check", "--data", str(example_repo))
    assert _imported(env, *args)[0] == 0  # cold: fills the cache
    code, modules = _imported(env, *args)
    assert code == 0
    pydantic = {m for m in modules if m.split(".")[0] in ("pydantic", "pydantic_core")}
    assert _heavy(modules - pydantic) == []  # pydantic: the test below
    assert {m for m in modules if m.startswith("wijkcli.cli")} == CHECK_CLI


def test_a_warm_check_imports_no_pydantic(example_repo: Path, env: dict[str, str]) -> None:
    args = ("check", "--data", str(example_repo))
    _imported(env, *args)
    _, modules = _imported(env, *args)
    assert "pydantic" not in modules
