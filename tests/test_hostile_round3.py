"""Hostile files, third round (issue 31): each reproduction of the red team's report, as a
test that failed on b8d1bab. The logos are in test_logo.py."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.clients import REPO
from tests.helpers import AANVRAAG, LEDEN, check, edit
from tests.test_client_completion import complete
from wijkcli.cli.app import app

# --- item 8: --uit never writes into the data or the cache ----------------------------------


def _digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        h.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            h.update(path.read_bytes())
    return h.hexdigest()


@pytest.mark.parametrize(
    "target",
    [
        LEDEN,  # the red team's: the member list replaced by the letter
        "data/gebieden/szh/",
        "data/",
        "data/rondes/ronde-2017-2/../../gebieden/nieuw.md",
        ".wijkcli-cache/brief.md",
    ],
)
@pytest.mark.parametrize("force", [True, False])
def test_uit_never_writes_into_the_data(example_repo: Path, target: str, force: bool) -> None:
    before = _digest(example_repo / "data")
    result = CliRunner().invoke(
        app,
        ["advies", "ronde-2017-2", "--uit", str(example_repo / target), "--data", str(example_repo),
         *(["--force"] if force else [])],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert (
        "wijkcli schrijft nooit in de gegevens of de cache, ook niet met --force" in result.output
    )
    assert _digest(example_repo / "data") == before
    assert not (example_repo / ".wijkcli-cache" / "brief.md").exists()


def test_uit_through_a_link_into_the_data_is_refused(example_repo: Path) -> None:
    (example_repo / "brieven").symlink_to(example_repo / "data" / "gebieden")
    before = _digest(example_repo / "data")
    result = CliRunner().invoke(
        app,
        ["advies", "ronde-2017-2", "--uit", str(example_repo / "brieven") + "/",
         "--data", str(example_repo / "data"), "--force"],
    )  # fmt: skip
    assert result.exit_code == 2, result.output
    assert _digest(example_repo / "data") == before


def test_completion_offers_only_ids(example_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rondes = example_repo / "data" / "rondes"
    for name in ("ronde-$(touch PWNED)", "ronde-a\nronde-b", "Ronde-2018", "ronde-2018-1"):
        (rondes / name).mkdir()
    assert complete("wijk advies ", example_repo, monkeypatch) == ["ronde-2017-2", "ronde-2018-1"]
    assert complete("wijk tally ronde-", example_repo, monkeypatch) == [
        "ronde-2017-2",
        "ronde-2018-1",
    ]


# --- item 7: identity and dates ----------------------------------------------------------------

A02 = "data/rondes/ronde-2017-2/aanvragen/a02-wijkgids.yaml"
VOORTGANG_A01 = "data/rondes/ronde-2017-2/voortgang/a01-huiskamer.yaml"


@pytest.mark.parametrize(
    "invisible", ["\u200b", "\u200d", "\ufeff", "\u2060", "\u00a0", "\u00ad", "\u034f"]
)
def test_an_invisible_character_in_a_number_is_refused(example_repo: Path, invisible: str) -> None:
    """The red team's: 'A\\u200b01' next to 'A01' gave two "A01" rows in the letter."""
    line, column = edit(example_repo, A02, "nummer: A02", f'nummer: "A{invisible}01"')
    check(example_repo, (A02, line, column + len("nummer: "), "invalid-value"))
    from wijkcli.pipeline import check_repo

    _, problems = check_repo(example_repo)
    (problem,) = [p for p in problems if p.code == "invalid-value"]
    assert f"U+{ord(invisible):04X}" in problem.message


def test_a_full_width_number_is_the_same_number(example_repo: Path) -> None:
    line, column = edit(example_repo, A02, "nummer: A02", "nummer: Ａ01")
    check(example_repo, (A02, line, column + len("nummer: "), "duplicate-nummer"))


def test_a_lone_surrogate_escape_has_its_own_message(example_repo: Path) -> None:
    """`titel: "\\uD800"` is not an unclosed quote: the message names the escape, at its place."""
    from wijkcli.pipeline import check_repo

    line, column = edit(example_repo, AANVRAAG, "titel: Huiskamer De Koperhorst",
                        'titel: "Huiskamer \\uD800"')  # fmt: skip
    at = column + len('titel: "Huiskamer ')
    check(example_repo, (AANVRAAG, line, at, "yaml-syntax"))
    _, problems = check_repo(example_repo)
    (problem,) = [p for p in problems if p.code == "yaml-syntax"]
    assert "'\\uD800' is de helft van een UTF-16-tekenpaar (een surrogaat)" in problem.message
    assert "niet gesloten" not in problem.message


def test_a_decision_before_the_meeting_is_an_error(example_repo: Path) -> None:
    line, column = edit(example_repo, VOORTGANG_A01, "  datum: 2017-04-28", "  datum: 2017-04-12")
    # The first status (toegekend, 2017-04-28) is still after the decision: no other problem.
    check(example_repo, (VOORTGANG_A01, line, column + len("  datum: "), "decision-before-meeting"))


def test_a_report_before_the_decision_is_an_error(example_repo: Path) -> None:
    line, column = edit(
        example_repo, VOORTGANG_A01, "  ontvangen: 2017-10-24", "  ontvangen: 2016-10-24"
    )
    check(
        example_repo, (VOORTGANG_A01, line, column + len("  ontvangen: "), "report-before-decision")
    )


# --- item 10: three messages ---------------------------------------------------------------------

VERGADERING = "data/rondes/ronde-2017-2/vergadering-szh.yaml"
RONDE = "data/rondes/ronde-2017-2/ronde.yaml"


@pytest.mark.parametrize(("key", "meant"), [("yes", "voor"), ("nee", "tegen")])
def test_a_vote_key_in_other_words_is_named(example_repo: Path, key: str, meant: str) -> None:
    from wijkcli.pipeline import check_repo

    line, column = edit(example_repo, VERGADERING, "      voor:\n", f"      {key}:\n")
    # The votes under the wrong key are not counted: the present members did not vote.
    check(
        example_repo,
        (VERGADERING, line - 1, 5, "missing-votes"),
        (VERGADERING, line, column + len("      "), "unknown-key"),
    )
    _, problems = check_repo(example_repo)
    (problem,) = [p for p in problems if p.code == "unknown-key"]
    assert problem.message == f"onbekend veld '{key}' onder stemmen (bedoelde je '{meant}'?)"
    assert problem.hint == "toegestaan: voor, tegen, onthouding"


def test_a_member_id_as_vote_key_is_not_quoted(example_repo: Path) -> None:
    """In a secret round a key that is a member's id would say who voted what."""
    from wijkcli.pipeline import check_repo

    edit(example_repo, VERGADERING, "      voor:\n", "      joke-aldersveld:\n")
    _, problems = check_repo(example_repo)
    (problem,) = [p for p in problems if p.code == "unknown-key"]
    assert problem.message == "onbekend veld onder stemmen"
    assert problem.hint == "toegestaan: voor, tegen, onthouding"


def test_hours_exceeded_names_every_adopted_item_and_its_hours(example_repo: Path) -> None:
    """P01 (Mirjam Lagerweij) gets 30 + 10 + 24 = 64 hours with 60 free."""
    from wijkcli.pipeline import check_repo

    edit(example_repo, RONDE, "  mirjam-lagerweij: 90\n", "  mirjam-lagerweij: 60\n")
    _, problems = check_repo(example_repo)
    (problem,) = [p for p in problems if p.code == "hours-exceeded"]
    assert problem.message == (
        "de aangenomen adviezen geven Mirjam Lagerweij (mirjam-lagerweij) 64 uur (A01 30 uur, "
        "A02 10 uur, A08 24 uur); ronde-2017-2 maakt 60 uur vrij, 4 uur te veel"
    )


def test_a_tab_in_ronde_yaml_does_not_hide_a_member_typo_in_the_minutes(example_repo: Path) -> None:
    tab_line, _ = edit(example_repo, RONDE, "jaar: 2017\n", "jaar: 2017\n\tx: 1\n")
    line, column = edit(example_repo, VERGADERING, "  - ruud-kamperman\n", "  - ruud-kamperma\n")
    check(
        example_repo,
        (RONDE, tab_line + 1, 1, "yaml-syntax"),
        (VERGADERING, line, column + len("  - "), "unknown-member"),
    )


# --- item 5: a budget per run ---------------------------------------------------------------------


def _shared_blob(repo: Path, n: int) -> Path:
    """`n` names in one round's aanvragen/ for one file of just under the 1 MB per-file limit
    (hard links on disk, as git stores 1500 names of one blob as a 2 MB commit)."""
    folder = repo / "data/rondes/ronde-2017-2/aanvragen"
    blob = repo / "blob.yaml"
    blob.write_bytes(b"# " + b"x" * 999_000 + b"\n")
    for i in range(n):
        os.link(blob, folder / f"z{i:04d}.yaml")
    return folder


@pytest.mark.parametrize(
    "command", [["check"], ["tally", "ronde-2017-2"], ["advies", "ronde-2017-2"]]
)
def test_more_bytes_than_the_run_budget_stop_every_command(
    example_repo: Path, command: list[str]
) -> None:
    import time

    _shared_blob(example_repo, 70)  # 70 × 999 kB > 64 MiB
    start = time.monotonic()
    result = CliRunner().invoke(app, [*command, "--data", str(example_repo)])
    assert result.exit_code == 1, result.output
    assert result.stderr == (
        f"wijk: de gegevensmap '{example_repo / 'data'}' is te groot voor wijkcli: de "
        "YAML-bestanden zijn samen meer dan 64 MiB (de grens per run; zie 'Grenzen' in "
        "docs/formaat.md). Staan er bestanden in die er niet horen, haal ze dan weg\n"
    )
    assert time.monotonic() - start < 10  # found before anything is read


def test_more_entries_than_the_run_budget_stop_check(
    example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The entry budget, made small here (50,000 empty files take a busy machine 17 s to
    make); the real number is the one docs/formaat.md gives."""
    from wijkcli.read import tree, yamlread

    assert yamlread.MAX_RUN_ENTRIES == 50_000
    assert "50.000 bestanden en mappen" in (REPO / "docs/formaat.md").read_text(encoding="utf-8")
    monkeypatch.setattr(tree, "MAX_RUN_ENTRIES", 200)
    folder = example_repo / "data/rondes/ronde-2017-2/aanvragen"
    for i in range(200):
        (folder / f"n{i}.txt").touch()
    result = CliRunner().invoke(app, ["--geen-cache", "check", "--data", str(example_repo)])
    assert result.exit_code == 1, result.output
    assert "is te groot voor wijkcli: meer dan 200 bestanden en mappen (de grens per run" in (
        result.stderr
    )


def test_the_old_version_in_git_has_the_same_budget(example_repo: Path) -> None:
    """`wijk verschil --sinds` on a version with 70 names for one blob: stopped by the budget
    before git hands over any of it (the working files are within it)."""
    import shutil

    from tests.helpers import git_commit_all

    folder = _shared_blob(example_repo, 70)
    (example_repo / "blob.yaml").unlink()
    base = git_commit_all(example_repo)
    for path in folder.glob("z*.yaml"):
        path.unlink()
    shutil.rmtree(example_repo / ".wijkcli-cache", ignore_errors=True)
    result = CliRunner().invoke(app, ["verschil", "--sinds", base, "--data", str(example_repo)])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(
        f"wijk: de gegevens in {base} is te groot voor wijkcli: de YAML-bestanden zijn samen "
        "meer dan 64 MiB (de grens per run"
    )


# --- found by the fuzz run (benchmarks/fuzz_long.py) ----------------------------------------


def test_a_long_round_name_still_gives_a_word_letter(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """Found by benchmarks/fuzz_long.py: a ronde `naam` of 1000 characters made python-docx
    refuse the document title (more than 255 characters): exit 3. Now the title is shortened."""
    import docx

    edit(example_repo, RONDE, "naam: Subsidieronde 2 (2017)", "naam: Subsidieronde " + "x" * 1000)
    out = example_repo / "brieven"
    result = runner.invoke(
        app,
        [
            "advies",
            "ronde-2017-2",
            "--format",
            "docx",
            "--uit",
            f"{out}/",
            "--data",
            str(example_repo),
        ],
    )
    assert result.exit_code == 0, result.output
    title = docx.Document(out / "advies-ronde-2017-2-szh.docx").core_properties.title
    assert len(title) == 255 and title.endswith("x…") and title.startswith("Advies Subsidieronde x")
