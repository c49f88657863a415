"""The `wijk` command line: exit codes, formats, help, and never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, broken_example, edit
from wijkcli.cli.app import app

REPO = Path(__file__).resolve().parents[1]


def _commands() -> list[str]:
    import typer.main

    group = typer.main.get_command(app)
    return sorted(group.commands)  # type: ignore[attr-defined]


def test_check_on_the_example_is_clean(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    # 2 in the scoring evening, 2 projects that used more hours than granted; A05's 80 of 60
    # hours asked settled when the meeting decided (#28).
    assert result.stdout.endswith("\n4 waarschuwingen gevonden.\n")


def test_strict_makes_warnings_fail(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", "--strict", "--data", str(example_repo)])
    assert result.exit_code == 1


def test_check_parsable_golden(runner, example_repo: Path, golden) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app, ["check", "--format", "parsable", "--data", str(broken_example(example_repo))]
    )
    assert result.exit_code == 1
    golden("broken/check.txt", result.stdout)
    for line in result.stdout.splitlines():
        path, line_no, col, rest = line.split(":", 3)
        assert path.startswith("data/") and int(line_no) > 0 and int(col) > 0
        assert rest.startswith((" fout: ", " waarschuwing: ")) and rest.endswith("]")


def test_check_json_and_github(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    repo = broken_example(example_repo)
    data = json.loads(runner.invoke(app, ["check", "--format", "json", "--data", str(repo)]).stdout)
    assert {p["code"] for p in data["problemen"]} >= {"invalid-value", "unknown-key", "absent-vote"}
    gh = runner.invoke(app, ["check", "--format", "github", "--data", str(repo)]).stdout
    assert f"::error file={AANVRAAG},line=" in gh


def test_no_data_folder(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", "--data", str(tmp_path)])
    assert result.exit_code == 1
    assert "geen map met gegevens" in result.stderr


def test_usage_error_is_exit_2(runner) -> None:  # type: ignore[no-untyped-def]
    assert runner.invoke(app, ["check", "--format", "xml"]).exit_code == 2


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (["advies"], "Fout: het argument 'ronde' ontbreekt"),
        (["check", "--dta", "x"], "Fout: onbekende optie --dta (bedoelde je --data of --datum?)"),
        (["check", "--format", "xml"], "'xml' kan hier niet; kies uit 'tekst', 'parsable'"),
        (["bogus"], "Fout: onbekende opdracht 'bogus'"),
        (["plan", "szh", "tweeduizend"], "ongeldige waarde voor 'jaar': hier hoort een geheel"),
        (["tally", "ronde-2017-2", "extra"], "Fout: te veel argumenten: extra"),
        (["check", "--data"], "Fout: optie '--data' heeft een waarde nodig"),
    ],
)
def test_command_line_mistakes_are_told_in_dutch(runner, args: list[str], said: str) -> None:  # type: ignore[no-untyped-def]
    """The secretary who forgets the round or misspells an option reads Dutch, not Click's
    English, and the exit code stays 2 (a usage error, not a data error)."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert said in result.stderr
    for english in ("Error:", "Usage:", "Try '", "Missing", "No such", "Invalid value"):
        assert english not in result.stderr
    if args != ["check", "--data"]:  # Click knows no command yet when an option lacks its value
        assert "Gebruik: wijk " in result.stderr and "-h' voor uitleg." in result.stderr


def _all_commands() -> list[tuple[list[str], object]]:
    import typer.main

    out: list[tuple[list[str], object]] = []

    def walk(path: list[str], cmd: object) -> None:
        out.append((path, cmd))
        for name, sub in getattr(cmd, "commands", {}).items():
            walk([*path, name], sub)

    walk([], typer.main.get_command(app))
    return out


@pytest.mark.slow
def test_every_help_page_is_dutch(runner) -> None:  # type: ignore[no-untyped-def]
    """Every command's own help page: our texts, and Dutch for what Typer adds itself."""
    from wijkcli.cli.dutch import WijkCommand, WijkGroup

    commands = _all_commands()
    assert len(commands) > 15
    for path, cmd in commands:
        assert isinstance(cmd, (WijkCommand, WijkGroup)), f"wijk {' '.join(path)}"
        page = runner.invoke(app, [*path, "-h"]).stdout
        assert page.startswith(f"Gebruik: wijk {' '.join(path)}".rstrip()), path
        assert "Toon deze uitleg." in page
        for english in ("Usage:", "Options:", "Commands:", "Arguments:", "Show this",
                        "[default:", "[required]"):  # fmt: skip
            assert english not in page, (path, english)


def test_commands_still_exit_with_their_own_code(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """Usage errors are caught around the commands; their own exit codes pass through."""
    assert runner.invoke(app, ["check", "--data", str(example_repo)]).exit_code == 0
    edit(example_repo, AANVRAAG, "bedrag: 8500", "bedrag: 8.500")
    assert runner.invoke(app, ["check", "--data", str(example_repo)]).exit_code == 1
    assert runner.invoke(app, ["--version"]).exit_code == 0


def test_internal_error_is_one_line_and_exit_3(runner, example_repo: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import wijkcli.pipeline

    def boom(root: Path) -> None:
        raise RuntimeError("secret detail tineke@example.org")

    monkeypatch.setattr(wijkcli.pipeline, "check_repo", boom)
    result = runner.invoke(app, ["check", "--data", str(example_repo)])
    assert result.exit_code == 3
    assert "interne fout" in result.stderr and "--debug" in result.stderr
    assert "Traceback" not in result.output and "example.org" not in result.output


@pytest.mark.slow
def test_tally_formats(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    table = runner.invoke(app, ["tally", "ronde-2017-2", "--data", str(example_repo)])
    assert table.exit_code == 0 and "staking" in table.stdout and "€ 20.362,45" in table.stdout
    md = runner.invoke(
        app, ["tally", "ronde-2017-2", "--format", "md", "--data", str(example_repo)]
    )
    assert "| a05-chill-en-skill" in md.stdout
    data = json.loads(
        runner.invoke(
            app, ["tally", "ronde-2017-2", "--format", "json", "--data", str(example_repo)]
        ).stdout
    )
    g = data["gebieden"][0]
    assert g["geadviseerd"] == "20362.45" and g["over"] == "1637.55"
    assert [i["advies"] for i in g["items"]][4] == "aanhouden"


def test_tally_refuses_data_with_errors(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app, ["tally", "ronde-2017-2", "--data", str(broken_example(example_repo))]
    )
    assert result.exit_code == 1
    assert "absent-vote" in result.stderr and result.stdout == ""


def _leaf_commands() -> list[list[str]]:
    """Every runnable command as its argument path: ['check'], ['nieuw', 'aanvraag'], ..."""
    import typer.main

    def walk(cmd, path: list[str]) -> list[list[str]]:  # type: ignore[no-untyped-def]
        subs = getattr(cmd, "commands", None)
        if not subs:
            return [path]
        return [p for name in sorted(subs) for p in walk(subs[name], [*path, name])]

    return walk(typer.main.get_command(app), [])


@pytest.mark.parametrize("path", _leaf_commands(), ids=" ".join)
def test_every_command_has_help_and_is_in_the_readme(runner, path: list[str]) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0
    assert "Voorbeeld: wijk " + " ".join(path) in " ".join(result.stdout.split())
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"wijk {path[0]}" in readme


def test_schema_is_generated_and_committed(runner) -> None:  # type: ignore[no-untyped-def]
    from wijkcli.schema import all_schemas

    schemas = all_schemas()
    assert set(schemas) == {
        "aanvraag", "gebied", "leden", "ronde", "vergadering", "voortgang", "verzonden", "wijkplan",
        "avond", "formulier", "kandidaten",
    }  # fmt: skip
    for kind, text in schemas.items():
        committed = REPO / "schema" / f"{kind}.schema.json"
        assert committed.read_text(encoding="utf-8") == text, "run: wijk schema --uit schema/"
    aanvraag = json.loads(schemas["aanvraag"])
    assert aanvraag["additionalProperties"] is False
    assert "uren" in aanvraag["properties"]


def test_help_is_fast_to_import() -> None:
    """`wijk --help` must not import pydantic, yaml or jinja2 (start-up time)."""
    code = (
        "import sys; from wijkcli.cli.app import app; "
        "print(','.join(m for m in ('pydantic', 'yaml', 'jinja2', 'tabulate') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_uitleg_explains_a_code_and_refuses_an_unknown_one(runner) -> None:  # type: ignore[no-untyped-def]
    # That every code is explained: tests/test_checks_catalogue.py.
    result = runner.invoke(app, ["check", "--uitleg", "recused-vote"])
    assert result.exit_code == 0 and "Fout:" in result.stdout and "Goed:" in result.stdout
    unknown = runner.invoke(app, ["check", "--uitleg", "bestaat-niet"])
    assert unknown.exit_code == 2 and "onbekende code" in unknown.stderr  # a usage mistake
