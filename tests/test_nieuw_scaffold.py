"""Scaffolds that remove typing (#28): `wijk nieuw aanvraag --betrokken/--uren`, a new round
that carries the previous round's regeling, rules, place, times and hours, the minutes
scaffold with the professionals, wrong option values as usage errors (exit 2) for every
command, and `wijk --data PAD <commando>`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_PROBLEMS, check
from wijkcli.cli.app import app

RONDE_2018 = ["nieuw", "ronde", "ronde-2018-1", "--indienen-tot", "2018-03-30",
              "--vergadering", "2018-04-12", "--advies-uiterlijk", "2018-04-18",
              "--budget", "szh=23750"]  # fmt: skip
AANVRAAG = ["nieuw", "aanvraag", "ronde-2017-2", "--titel", "Moestuin", "--wijk", "zielhorst",
            "--thema", "ontmoeten", "--aanvrager", "Moestuingroep", "--soort", "groep",
            "--ingediend", "2017-03-30"]  # fmt: skip


def _files(repo: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in (repo / "data").rglob("*") if p.is_file()}


def _load(repo: Path):  # type: ignore[no-untyped-def]
    from wijkcli.load import load_repo

    return load_repo(repo).dataset


def test_a_new_application_takes_interests_and_hours(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app,
        [*AANVRAAG, "--bedrag", "1200", "--betrokken", "noel-brouwer", "--betrokken",
         "priya-ramdin", "--uren", "martijn-zwart=5", "--uren", "linda-hoogeveen=3",
         "--data", str(example_repo)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    a = _load(example_repo).ronde("ronde-2017-2").aanvragen["a09-moestuin"]
    assert a.betrokken_leden == ["noel-brouwer", "priya-ramdin"]
    assert a.uren == {"martijn-zwart": 5, "linda-hoogeveen": 3}
    assert a.bedrag == 1200
    # Passes check: only the new item that the minutes do not treat yet is said.
    check(
        example_repo,
        ("data/rondes/ronde-2017-2/vergadering-szh.yaml", 32, 1, "not-discussed"),
        example=EXAMPLE_PROBLEMS,
    )


WRONG_VALUES = [
    # (command line, what stderr says)
    ([*AANVRAAG, "--bedrag", "2500,00"], "wijk: bedrag '2500,00': schrijf centen met een punt, "
     "dus 2500.00\n"),
    ([*AANVRAAG, "--bedrag", "€2500"], "wijk: '€2500' is geen bedrag; schrijf euro's als 1250 "
     "of 1250.50\n"),
    ([*AANVRAAG, "--bedrag", "1.200"], "wijk: bedrag '1.200' is dubbelzinnig: schrijf geen punt "
     "voor duizendtallen (bedoelde je 1200?)\n"),
    ([*AANVRAAG, "--bedrag", "10", "--eigen-bijdrage", "5,5"], "wijk: bedrag '5,5': schrijf "
     "centen met een punt, dus 5.5\n"),
    ([*AANVRAAG[:-1], "2017-02-30", "--bedrag", "10"], "wijk: '2017-02-30' is geen datum; "
     "schrijf JJJJ-MM-DD\n"),
    ([*AANVRAAG, "--bedrag", "10", "--uren", "gerda-wolters=1.5"], "wijk: '1.5' is geen heel "
     "aantal uren (schrijf bijvoorbeeld 40)\n"),
    ([*AANVRAAG, "--bedrag", "10", "--uren", "gerda-wolters"], "wijk: --uren 'gerda-wolters': "
     "schrijf professional=uren, bijvoorbeeld youssef-bakkali=40\n"),
    ([*AANVRAAG, "--bedrag", "10", "--uren", "noel-brouwer=4"], "wijk: professional "
     "'noel-brouwer' bestaat niet; kies uit bas-rietveld, gerda-wolters, linda-hoogeveen, "
     "martijn-zwart, mirjam-lagerweij, youssef-bakkali\n"),
    ([*AANVRAAG, "--bedrag", "10", "--betrokken", "noel-broewer"], None),
    ([*RONDE_2018[:-1], "szh=23.750"], "wijk: bedrag '23.750' is dubbelzinnig: schrijf geen "
     "punt voor duizendtallen (bedoelde je 23750?)\n"),
    ([*RONDE_2018[:-1], "szh=€23750"], "wijk: '€23750' is geen bedrag; schrijf euro's als 1250 "
     "of 1250.50\n"),
    ([*RONDE_2018[:4], "2018-04-31", *RONDE_2018[5:]], "wijk: '2018-04-31' is geen datum; "
     "schrijf JJJJ-MM-DD\n"),
    ([*RONDE_2018, "--uren", "youssef-bakkali=veel"], "wijk: 'veel' is geen heel aantal uren "
     "(schrijf bijvoorbeeld 40)\n"),
    (["check", "--datum", "2017-13-01"], None),
    (["advies", "ronde-2017-2", "--datum", "13-04-2017"], None),
    (["actiepunten", "--datum", "morgen"], None),
    (["kasboek", "szh", "2017", "--datum", "2017-02-30"], None),
    (["voortgang", "--datum", "x"], None),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "said"), WRONG_VALUES, ids=lambda x: " ".join(x) if isinstance(x, list) else ""
)
def test_a_wrong_option_value_is_a_usage_error_and_writes_nothing(  # type: ignore[no-untyped-def]
    runner, example_repo: Path, args: list[str], said: str | None
) -> None:
    before = _files(example_repo)
    result = runner.invoke(app, [*args, "--data", str(example_repo)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    if said is not None:
        assert result.stderr == said
    else:
        assert result.stderr.startswith(("wijk: ", "Gebruik: ")), result.stderr
    assert _files(example_repo) == before


def test_a_new_round_carries_the_previous_round(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [*RONDE_2018, "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    text = (example_repo / "data/rondes/ronde-2018-1/ronde.yaml").read_text("utf-8")
    assert "# Regeling, stemregels, plek en tijden zijn overgenomen uit ronde-2017-2" in text
    assert "# Overgenomen uit ronde-2017-2: pas ze aan.\nuren:\n" in text
    dataset = _load(example_repo)
    new, old = dataset.ronde("ronde-2018-1").info, dataset.ronde("ronde-2017-2").info
    assert new.regeling == old.regeling
    assert new.regeling is not None and new.regeling.naam == "Projecten#Indebuurt, versie 2016"
    assert new.vergadering.datum.isoformat() == "2018-04-12"
    assert (new.vergadering.begin, new.vergadering.eind, new.vergadering.plek) == (
        old.vergadering.begin, old.vergadering.eind, old.vergadering.plek)  # fmt: skip
    assert new.vergadering.toelichting_aanvragers == old.vergadering.toelichting_aanvragers
    assert new.regels == old.regels and new.regels.toewijzing == "steun-overslaan"
    assert new.uren == old.uren
    assert new.stemming == "openbaar" and new.budget == {"szh": 23750}


def test_a_new_round_takes_the_free_hours_as_options(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(
        app,
        [*RONDE_2018, "--uren", "youssef-bakkali=40", "--uren", "gerda-wolters=50,bas-rietveld=0",
         "--data", str(example_repo)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    new = _load(example_repo).ronde("ronde-2018-1").info
    assert new.uren == {"youssef-bakkali": 40, "gerda-wolters": 50, "bas-rietveld": 0}
    text = (example_repo / "data/rondes/ronde-2018-1/ronde.yaml").read_text("utf-8")
    assert "Overgenomen uit ronde-2017-2: pas ze aan" not in text


def test_a_new_round_asks_the_free_hours_per_professional(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    # The budget is asked, so the hours are asked too: per professional (by name), with the
    # previous round's hours as the answer on Enter; a wrong answer is asked again.
    answers = ["szh=23750", "", "1,5", "30", "", "", "", "0"]
    result = runner.invoke(
        app, [*RONDE_2018[:-2], "--data", str(example_repo)], input="\n".join(answers) + "\n"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("Vrije uren ") == 7  # six professionals, one asked twice
    assert "Vrije uren Bas Rietveld (bas-rietveld) [10]: " in result.stdout
    assert "wijk: '1,5' is geen heel aantal uren (schrijf bijvoorbeeld 40)" in result.stderr
    new = _load(example_repo).ronde("ronde-2018-1").info
    # By surname, as the roll: Bakkali, Hoogeveen, Lagerweij, Rietveld, Wolters, Zwart.
    assert new.uren == {"youssef-bakkali": 60, "linda-hoogeveen": 30, "mirjam-lagerweij": 90,
                        "bas-rietveld": 10, "gerda-wolters": 70, "martijn-zwart": 0}  # fmt: skip
    assert list(new.uren) == ["youssef-bakkali", "linda-hoogeveen", "mirjam-lagerweij",
                              "bas-rietveld", "gerda-wolters", "martijn-zwart"]  # fmt: skip


def test_a_first_round_lists_the_professionals_to_fill_in(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    # No round of the gebied meets before this one: nothing to carry over.
    result = runner.invoke(
        app,
        ["nieuw", "ronde", "ronde-2017-1", "--indienen-tot", "2016-12-31", "--vergadering",
         "2017-01-12", "--advies-uiterlijk", "2017-01-19", "--budget", "szh=20000",
         "--data", str(example_repo)],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (example_repo / "data/rondes/ronde-2017-1/ronde.yaml").read_text("utf-8")
    assert "overgenomen" not in text.lower()
    assert (
        "uren: {}   # professional: uren vrij voor initiatieven in deze ronde\n"
        "#   youssef-bakkali: 0   # Youssef Bakkali\n" in text
    )
    assert text.count("#   ") == 6
    new = _load(example_repo).ronde("ronde-2017-1").info
    assert new.uren == {} and new.regeling is None and new.vergadering.plek is None


def test_the_minutes_scaffold_lists_the_professionals(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    (example_repo / "data/rondes/ronde-2017-2/vergadering-szh.yaml").unlink()
    result = runner.invoke(
        app, ["nieuw", "vergadering", "ronde-2017-2", "szh", "--data", str(example_repo)]
    )
    assert result.exit_code == 0, result.output
    minutes = _load(example_repo).ronde("ronde-2017-2").vergaderingen["szh"]
    voters = minutes.aanwezig[:12]
    assert "mirjam-lagerweij" not in voters and len(set(voters)) == 12
    assert minutes.aanwezig[12:] == ["youssef-bakkali", "linda-hoogeveen", "mirjam-lagerweij",
                                     "bas-rietveld", "gerda-wolters", "martijn-zwart"]  # fmt: skip
    text = (example_repo / "data/rondes/ronde-2017-2/vergadering-szh.yaml").read_text("utf-8")
    assert "  # professionals, met adviserende stem (haal weg wie er niet was)\n" in text


def test_data_before_the_command(runner, example_repo: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    after = runner.invoke(app, ["check", "--format", "parsable", "--data", str(example_repo)])
    before = runner.invoke(app, ["--data", str(example_repo), "check", "--format", "parsable"])
    assert before.exit_code == after.exit_code == 0
    assert before.stdout == after.stdout and "hours-used-above-granted" in before.stdout
    # In a group too (wijk --data PAD nieuw ...).
    made = runner.invoke(app, ["--data", str(example_repo), *RONDE_2018])
    assert made.exit_code == 0, made.output
    assert (example_repo / "data/rondes/ronde-2018-1/ronde.yaml").is_file()
    # Both given: the command's own --data wins.
    missing = tmp_path / "nergens"
    own = runner.invoke(app, ["--data", str(missing), "check", "--data", str(example_repo)])
    assert own.exit_code == 0, own.output
    wrong = runner.invoke(app, ["--data", str(example_repo), "check", "--data", str(missing)])
    assert wrong.exit_code == 2
    assert wrong.stderr == (
        f"wijk: de map '{missing}' bestaat niet (geef een andere map op met --data)\n"
    )


def test_tab_completes_with_data_before_the_command(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Tab after `wijk --data PAD advies` offers the rounds of PAD, not of the current folder."""
    from tests.conftest import REPO
    from tests.test_client_completion import complete

    elsewhere = tmp_path / "elders"
    elsewhere.mkdir()
    assert complete(f"wijk --data {REPO} advies ", elsewhere, monkeypatch) == ["ronde-2017-2"]
    assert complete(f"wijk --data {REPO} plan ", elsewhere, monkeypatch) == ["szh"]
    assert complete("wijk advies ", elsewhere, monkeypatch) == []
