"""`wijk nieuw` and `wijk init` as a secretary uses them: prompts that ask again, files that
follow the example, nothing injected, nothing half-made, and next year's plan that does not
stop this year's work."""

from __future__ import annotations

from pathlib import Path

import pytest

from wijkcli.cli.app import app


@pytest.mark.slow
def test_next_years_wijkplan_blocks_only_that_years_commands(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    data = ["--data", str(example_repo)]
    made = runner.invoke(app, ["nieuw", "wijkplan", "szh", "2018", *data])
    assert made.exit_code == 1 and "hours-no-year" in made.stdout  # check says what is missing
    assert runner.invoke(app, ["check", *data]).exit_code == 1
    for this_year in (["tally", "ronde-2017-2"], ["advies", "ronde-2017-2"],
                      ["agenda", "ronde-2017-2"], ["plan", "szh", "2017"],
                      ["jaarverslag", "szh", "2017"], ["voortgang", "--jaar", "2017"]):  # fmt: skip
        result = runner.invoke(app, [*this_year, *data])
        assert result.exit_code == 0, (this_year, result.output)
    for about_2018 in (["plan", "szh", "2018"], ["jaarverslag", "szh", "2018"]):
        next_year = runner.invoke(app, [*about_2018, *data])
        assert next_year.exit_code == 1, (about_2018, next_year.output)
        assert "de gegevens bevatten fouten" in next_year.stderr
        assert next_year.stderr.count("[hours-no-year]") == 6


AANVRAGEN = "data/rondes/ronde-2017-2/aanvragen"


def _files(repo: Path) -> set[Path]:
    """The data files (the cache beside data/ may grow: a read fills it)."""
    return {p for p in (repo / "data").rglob("*") if p.is_file()}


def test_a_wrong_answer_is_asked_again_and_earlier_answers_are_kept(  # type: ignore[no-untyped-def]
    runner, example_repo: Path
) -> None:
    answers = [
        "Buurtmoestuin Zielhorst", "zielhorts", "zielhorst, hoefkwartier", "ontmoetn",
        "ontmoeten", "Moestuingroep", "club", "groep", "1.200", "1200", "2017-03-30",
    ]  # fmt: skip
    result = runner.invoke(
        app,
        ["nieuw", "aanvraag", "ronde-2017-2", "--data", str(example_repo)],
        input="\n".join(answers) + "\n",
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:4] == [
        "wijk: wijk 'zielhorts' bestaat niet; kies uit schothorst, zielhorst, hoefkwartier; "
        "bedoelde je 'zielhorst'?",
        "wijk: thema 'ontmoetn' bestaat niet; kies uit informatie, ontmoeten, omzien, jeugd; "
        "bedoelde je 'ontmoeten'?",
        "wijk: soort 'club' bestaat niet; kies uit organisatie, groep, bewoner",
        "wijk: bedrag '1.200' is dubbelzinnig: schrijf geen punt voor duizendtallen (bedoelde "
        "je 1200?)",
    ]
    # Each prompt once more after its wrong answer, none of the earlier ones again.
    assert result.stdout.count("Titel: ") == 1
    assert (
        result.stdout.count("Wijk (schothorst, zielhorst, hoefkwartier; meer met komma's): ") == 2
    )
    assert result.stdout.count("Naam aanvrager: ") == 1
    text = (example_repo / AANVRAGEN / "a09-buurtmoestuin-zielhorst.yaml").read_text("utf-8")
    assert text.splitlines()[2:8] == [
        "id: a09-buurtmoestuin-zielhorst",
        "nummer: A09",
        "titel: Buurtmoestuin Zielhorst",
        "gebied: szh",
        "wijken: [zielhorst, hoefkwartier]",
        "thema: ontmoeten",
    ]
    assert "  soort: groep   # organisatie, groep of bewoner" in text.splitlines()
    assert "bedrag: 1200" in text.splitlines()
    assert text.splitlines()[-1] == "ingediend: 2017-03-30"


@pytest.mark.slow
def test_ingediend_defaults_to_today(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    args = ["nieuw", "aanvraag", "ronde-2017-2", "--data", str(example_repo), "--titel", "Moestuin",
            "--wijk", "zielhorst", "--thema", "omzien", "--aanvrager", "Y", "--soort", "groep",
            "--bedrag", "100"]  # fmt: skip
    given = runner.invoke(app, args)  # everything given: nothing is asked
    assert given.exit_code == 0, given.output
    assert "Ingediend" not in given.stdout
    text = (example_repo / AANVRAGEN / "a09-moestuin.yaml").read_text("utf-8")
    assert text.splitlines()[-1] == f"ingediend: {date.today().isoformat()}"
    asked = runner.invoke(app, args[:-2], input="250\n\n")  # Enter takes today's date
    assert asked.exit_code == 0, asked.output
    assert f"Ingediend op (JJJJ-MM-DD) [{date.today().isoformat()}]: " in asked.stdout
    text = (example_repo / AANVRAGEN / "a10-moestuin.yaml").read_text("utf-8")
    assert text.splitlines()[-1] == f"ingediend: {date.today().isoformat()}"


@pytest.mark.parametrize("answered", [0, 1, 3, 6])
def test_end_of_input_at_a_prompt_is_a_clean_message(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, answered: int
) -> None:
    answers = ["Moestuin", "zielhorst", "omzien", "Y", "groep", "100", "2017-03-30"][:answered]
    before = _files(example_repo)
    result = runner.invoke(
        app,
        ["nieuw", "aanvraag", "ronde-2017-2", "--data", str(example_repo)],
        input="".join(a + "\n" for a in answers),
    )
    assert result.exit_code == 1
    assert (
        result.stderr
        == "wijk: geen antwoord meer (de invoer is gesloten); er is niets geschreven\n"
    )
    assert result.stdout.endswith(": \n")  # the last prompt's line is ended
    assert _files(example_repo) == before


def test_end_of_input_at_a_ronde_prompt(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    before = _files(example_repo)
    result = runner.invoke(
        app, ["nieuw", "ronde", "ronde-2017-3", "--data", str(example_repo)], input="2017-06-30\n"
    )
    assert result.exit_code == 1
    assert (
        result.stderr
        == "wijk: geen antwoord meer (de invoer is gesloten); er is niets geschreven\n"
    )
    assert _files(example_repo) == before


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        (
            "--wijk",
            "zielhorst]\nbedrag: 99999\nx: [a",
            "wijk 'zielhorst]\\nbedrag: 99999\\nx: [a' bestaat niet",
        ),
        ("--thema", "omzien\nbedrag: 99999", "thema 'omzien\\nbedrag: 99999' bestaat niet"),
        ("--soort", "groep\nbedrag: 99999", "soort 'groep\\nbedrag: 99999' bestaat niet"),
        (
            "--titel",
            "X\nbedrag: 99999",
            "titel bevat een regelovergang of onzichtbaar stuurteken (\\n)",
        ),
        (
            "--aanvrager",
            "Y\x1b[2J",
            "naam bevat een regelovergang of onzichtbaar stuurteken (\\x1b)",
        ),
    ],
)
def test_a_newline_in_an_option_cannot_inject_keys_into_an_application(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, option: str, value: str, said: str
) -> None:
    given = {"--titel": "Moestuin", "--wijk": "zielhorst", "--thema": "omzien",
             "--aanvrager": "Y", "--soort": "groep", "--bedrag": "100", option: value}  # fmt: skip
    before = _files(example_repo)
    result = runner.invoke(
        app,
        ["nieuw", "aanvraag", "ronde-2017-2", "--data", str(example_repo),
         *[x for pair in given.items() for x in pair]],
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.startswith(f"wijk: {said}")
    assert _files(example_repo) == before


RONDE_ARGS = ["--indienen-tot", "2017-06-30", "--vergadering", "2017-07-13",
              "--advies-uiterlijk", "2017-07-19", "--budget", "szh=21000"]  # fmt: skip


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        # The example: it passed check and added € 99.999 to the round.
        ("--stemming", "openbaar\ndoorgeschoven: {szh: 99999}",
         "stemming 'openbaar\\ndoorgeschoven: {szh: 99999}' bestaat niet; kies uit openbaar, "
         "geheim"),
        ("--naam", "Ronde 3\ndoorgeschoven: {szh: 99999}",
         "naam bevat een regelovergang of onzichtbaar stuurteken (\\n); geef één regel gewone "
         "tekst"),
        ("--budget", "szh\ndoorgeschoven: {szh: 99999}=1",
         "gebied 'szh\\ndoorgeschoven: {szh: 99999}' is geen geldige id: kleine letters, "
         "cijfers en streepjes"),
    ],
)  # fmt: skip
def test_a_newline_in_an_option_cannot_inject_keys_into_a_round(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, option: str, value: str, said: str
) -> None:
    before = _files(example_repo)
    result = runner.invoke(
        app,
        ["nieuw", "ronde", "ronde-2017-3", "--data", str(example_repo), *RONDE_ARGS, option, value],
    )
    assert result.exit_code == 2, result.output
    assert result.stderr == f"wijk: {said}\n"
    assert _files(example_repo) == before


def test_free_text_with_quotes_and_colons_reads_back_exactly(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    from wijkcli.load import load_repo

    naam = "Ronde 3: \"extra\" #2 'zomer'"
    result = runner.invoke(
        app,
        ["nieuw", "ronde", "ronde-2017-3", "--data", str(example_repo), *RONDE_ARGS,
         "--naam", naam, "--stemming", "geheim"],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    r = load_repo(example_repo).dataset.rondes["ronde-2017-3"].ronde
    assert r is not None and r.naam == naam and r.stemming == "geheim"
    import yaml

    raw = yaml.safe_load((example_repo / "data/rondes/ronde-2017-3/ronde.yaml").read_text("utf-8"))
    # The regeling is carried over from ronde-2017-2, the previous round of szh.
    assert list(raw) == ["id", "naam", "jaar", "regeling", "indienen_tot", "vergadering",
                         "advies_uiterlijk", "budget", "uren", "stemming", "regels"]  # fmt: skip


def test_a_regeling_with_grondslag_and_slotzin_is_carried_whole(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    from wijkcli.load import load_repo

    prev = example_repo / "data/rondes/ronde-2017-2/ronde.yaml"
    text = prev.read_text("utf-8")
    old = 'regeling: "Projecten#Indebuurt, versie 2016"\n'
    assert old in text
    prev.write_text(
        text.replace(
            old,
            "regeling:\n  naam: Projecten#Indebuurt, versie 2016\n"
            "  grondslag: 'artikel 3: van de regeling'\n  slotzin: Wij horen graag van u.\n",
        ),
        "utf-8",
    )
    result = runner.invoke(
        app, ["nieuw", "ronde", "ronde-2017-3", "--data", str(example_repo), *RONDE_ARGS]
    )
    assert result.exit_code == 0, result.output
    r = load_repo(example_repo).dataset.rondes["ronde-2017-3"].ronde
    assert r is not None and r.regeling is not None
    assert (r.regeling.naam, r.regeling.grondslag, r.regeling.slotzin) == (
        "Projecten#Indebuurt, versie 2016",
        "artikel 3: van de regeling",
        "Wij horen graag van u.",
    )


def _tree(root: Path) -> set[Path]:
    return set(root.rglob("*")) if root.exists() else set()


def test_init_checks_every_target_before_writing(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "noord"
    (target / "schema").mkdir(parents=True)
    (target / "schema" / "ronde.schema.json").write_text("{}\n", encoding="utf-8")
    before = _tree(target)
    result = runner.invoke(app, ["init", str(target), "--gebied", "noord"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"wijk: '{target}/schema/ronde.schema.json' bestaat al; wijkcli overschrijft het niet "
        "en heeft niets geschreven\n"
    )
    assert _tree(target) == before  # no half-made repository
    assert (target / "schema" / "ronde.schema.json").read_text(encoding="utf-8") == "{}\n"


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--naam", "Noord\nbewonersteam: {naam: X}",
         "naam bevat een regelovergang of onzichtbaar stuurteken (\\n); geef één regel gewone "
         "tekst"),
        ("--wijk", "Kattenbroek\n  - id: nep",
         "wijk bevat een regelovergang of onzichtbaar stuurteken (\\n); geef één regel gewone "
         "tekst"),
        ("--gebied", "noord\nx: 1", "gebied 'noord\\nx: 1' is geen geldige id: kleine letters, "
         "cijfers en streepjes"),
    ],
)  # fmt: skip
def test_init_refuses_a_newline_in_its_options(  # type: ignore[no-untyped-def]
    runner, tmp_path: Path, option: str, value: str, said: str
) -> None:
    args = {"--gebied": "noord", "--naam": "Noord", option: value}
    target = tmp_path / "noord"
    result = runner.invoke(app, ["init", str(target), *[x for kv in args.items() for x in kv]])
    assert result.exit_code == 2
    assert result.stderr == f"wijk: {said}\n"
    assert not target.exists()


@pytest.mark.clients
def test_init_makes_a_git_repository_that_ignores_what_wijkcli_writes(  # type: ignore[no-untyped-def]
    runner, tmp_path: Path
) -> None:
    import shutil
    import subprocess

    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    target = tmp_path / "szh"
    result = runner.invoke(app, ["init", str(target), "--gebied", "noord", "--naam", "Noord"])
    assert result.exit_code == 0, result.output
    assert (target / ".git").is_dir()
    branch = subprocess.run(["git", "-C", str(target), "symbolic-ref", "--short", "HEAD"],
                            capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
    assert branch == "main"
    # Put the example's data in and run what a secretary runs: check (the cache), the letter
    # in every format into brieven/ (documents, manifest), the agenda beside the data.
    shutil.rmtree(target / "data")
    shutil.copytree(Path(__file__).parent.parent / "data", target / "data")
    data = ["--data", str(target)]
    for args in (["check"], ["advies", "ronde-2017-2", "--uit", f"{target}/brieven/"],
                 ["advies", "ronde-2017-2", "--format", "html", "--uit", f"{target}/brieven/"],
                 ["agenda", "ronde-2017-2", "--format", "html", "--uit",
                  f"{target}/agenda-ronde-2017-2.html"]):  # fmt: skip
        done = runner.invoke(app, [*args, *data])
        assert done.exit_code == 0, (args, done.output)
    assert (target / ".wijkcli-cache").is_dir() and (target / "brieven").is_dir()
    status = subprocess.run(
        ["git", "-C", str(target), "status", "--porcelain", "--untracked-files=all"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    untracked = sorted({line[3:].split("/")[0] for line in status})
    assert untracked == [".github", ".gitignore", "README.md", "data", "pyproject.toml", "schema"]


def test_init_without_git_still_makes_the_files(runner, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PATH", str(tmp_path / "leeg"))
    target = tmp_path / "noord"
    result = runner.invoke(app, ["init", str(target), "--gebied", "noord"])
    assert result.exit_code == 0, result.output
    assert not (target / ".git").exists() and (target / "data/gebieden/noord/gebied.yaml").exists()


@pytest.mark.slow
def test_a_new_gebied_starts_its_first_wijkplan_from_a_template(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from wijkcli.load import load_repo

    target = tmp_path / "noord"
    assert runner.invoke(app, ["init", str(target), "--gebied", "noord"]).exit_code == 0
    result = runner.invoke(app, ["nieuw", "wijkplan", "noord", "2018", "--data", str(target)])
    assert result.exit_code == 0, result.output
    check = runner.invoke(app, ["check", "--data", str(target)])
    assert check.exit_code == 0 and "Geen problemen gevonden." in check.stdout
    plan = load_repo(target).dataset.gebieden["noord"].wijkplannen[2018]
    assert [t.id for t in plan.themas] == ["ontmoeten"] and plan.budget == 0
