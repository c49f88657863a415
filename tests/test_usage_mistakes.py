"""Mistakes on the command line are usage errors (exit 2) with a suggestion where one is
close; documents are written with the user's umask, readable by others like any new file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from wijkcli.cli.app import app


def test_an_unknown_uitleg_code_is_a_usage_error_with_a_suggestion(runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", "--uitleg", "recused-vot"])
    assert result.exit_code == 2
    assert result.stderr == "wijk: onbekende code 'recused-vot'; bedoelde je 'recused-vote'?\n"


def test_a_data_folder_that_does_not_exist_is_a_usage_error(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    missing = tmp_path / "nergens"
    result = runner.invoke(app, ["check", "--data", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"wijk: de map '{missing}' bestaat niet (geef een andere map op met --data)\n"
    )


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
