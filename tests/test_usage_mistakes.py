"""Mistakes on the command line are usage errors (exit 2) with a suggestion where one is
close; documents are written with the user's umask, readable by others like any new file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from wijkcli.cli.app import app


def test_an_unknown_uitleg_code_is_a_usage_error_with_a_suggestion(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", "--uitleg", "recused-vot"])
    assert result.exit_code == 2
    assert result.stderr == "wijk: onbekende code 'recused-vot'; bedoelde je 'recused-vote'?\n"


@pytest.mark.slow
def test_a_data_folder_that_does_not_exist_is_a_usage_error(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nergens"
    result = runner.invoke(app, ["check", "--data", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"wijk: de map '{missing}' bestaat niet (geef een andere map op met --data)\n"
    )


@pytest.mark.slow
def test_a_data_path_that_is_a_file_is_named_so(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    readme = tmp_path / "README.md"
    readme.write_text("# niet de gegevens\n", encoding="utf-8")
    result = runner.invoke(app, ["check", "--data", str(readme)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"wijk: de map '{readme}' is een bestand, geen map (geef een andere map op met --data)\n"
    )


@pytest.mark.slow
def test_a_written_document_follows_the_umask(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    target = example_repo / "brief.md"
    old = os.umask(0o022)
    try:
        result = runner.invoke(
            app, ["advies", "ronde-2017-2", "--uit", str(target), "--data", str(example_repo)]
        )
    finally:
        os.umask(old)
    assert result.exit_code == 0, result.output
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


@pytest.mark.slow
def test_a_target_that_is_not_a_regular_file_is_refused(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """`--uit /dev/full`, a FIFO or a link: refused at once, nothing read, nothing replaced."""
    fifo = example_repo / "pijp"
    os.mkfifo(fifo)
    real = example_repo / "echt.md"
    real.write_text("van mij\n", encoding="utf-8")
    link = example_repo / "link.md"
    link.symlink_to(real)
    for target in (Path("/dev/full"), fifo, link):
        result = runner.invoke(
            app, ["advies", "ronde-2017-2", "--uit", str(target), "--data", str(example_repo)]
        )
        assert result.exit_code == 2, (target, result.output)
        assert f"'{target}' is geen gewoon bestand" in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode) and link.is_symlink()
    assert real.read_text(encoding="utf-8") == "van mij\n"


def test_an_unknown_round_is_a_usage_error_with_a_suggestion(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["tally", "ronde-2017-3", "--data", str(example_repo)])
    assert result.exit_code == 2
    assert result.stderr == (
        "wijk: ronde 'ronde-2017-3' bestaat niet in data/rondes (wel: ronde-2017-2); "
        "bedoelde je 'ronde-2017-2'?\n"
    )


def test_an_unknown_command_is_dutch_with_a_suggestion(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["advise"])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Fout: onbekende opdracht 'advise'; bedoelde je 'advies'?"
    )
    sub = runner.invoke(app, ["pb", "verdel"])
    assert sub.exit_code == 2
    assert (
        sub.stderr.splitlines()[-1] == "Fout: onbekende opdracht 'verdel'; bedoelde je 'verdeel'?"
    )
    far = runner.invoke(app, ["xyzzy"])
    assert far.exit_code == 2
    assert far.stderr.splitlines()[-1] == "Fout: onbekende opdracht 'xyzzy'"


def test_a_pb_file_that_does_not_exist_is_a_usage_error(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "ronde-2017-2-szh.pb").write_text("META\n", encoding="utf-8")
    typo = tmp_path / "ronde-2017-2-sz.pb"
    result = runner.invoke(app, ["pb", "verdeel", str(typo)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"wijk: het bestand '{typo}' bestaat niet; bedoelde je 'ronde-2017-2-szh.pb'?\n"
    )
    folder = runner.invoke(app, ["pb", "verdeel", str(tmp_path)])
    assert folder.exit_code == 2
    assert folder.stderr == f"wijk: '{tmp_path}' is een map, geen .pb-bestand\n"


def test_completion_is_installed_with_dutch_words(  # type: ignore[no-untyped-def]
    runner, tmp_path: Path, monkeypatch
) -> None:
    import typer._completion_shared as shared

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(shared, "_get_shell_name", lambda: "bash")
    result = runner.invoke(app, ["--install-completion"], prog_name="wijk")
    assert result.exit_code == 0, result.output
    script = tmp_path / ".bash_completions" / "wijk.sh"
    assert result.stdout == (
        f"Tab-aanvulling voor bash staat in {script}.\n"
        "Open een nieuwe terminal om haar te gebruiken.\n"
    )
    assert "_WIJK_COMPLETE" in script.read_text(encoding="utf-8")
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text(encoding="utf-8")


def test_completion_for_an_unknown_shell_is_a_dutch_usage_error(  # type: ignore[no-untyped-def]
    runner, tmp_path: Path, monkeypatch
) -> None:
    import typer._completion_shared as shared

    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setattr(shared, "_get_shell_name", lambda: "tcsh")
    for option in ("--install-completion", "--show-completion"):
        result = runner.invoke(app, [option], prog_name="wijk")
        assert result.exit_code == 2
        assert result.stdout == ""
        assert result.stderr == (
            "wijk: Tab-aanvulling kan niet voor de shell 'tcsh'; wel voor bash, zsh, fish en "
            "powershell (start wijk vanuit een van die shells)\n"
        )
    assert list(tmp_path.iterdir()) == []  # nothing installed
