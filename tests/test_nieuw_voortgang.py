"""`wijk nieuw voortgang RONDE AANVRAAG`: the follow-up file of an application the Bewonersteam
advised to grant, begun from the count (advised amount and hours, the round's payment rules),
that passes `wijk check` as it is, is refused for any other advice, and never overwrites."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import EXAMPLE_PROBLEMS, check, edit
from wijkcli.cli.app import app
from wijkcli.count.ledger import tally
from wijkcli.pipeline import load_clean

RONDE = "data/rondes/ronde-2017-2"
VOORTGANG = f"{RONDE}/voortgang"


def _scaffold(runner, repo: Path, aanvraag: str, *, remove: str | None = None):  # type: ignore[no-untyped-def]
    """Remove the example's follow-up file `remove` (if given), then run the command."""
    if remove is not None:
        (repo / VOORTGANG / f"{remove}.yaml").unlink()
    return runner.invoke(app, ["nieuw", "voortgang", "ronde-2017-2", aanvraag, "--data", str(repo)])


def _data_files(repo: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in sorted((repo / "data").rglob("*")) if p.is_file()}


def test_scaffold_for_a01_has_the_advice_and_passes_check(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    (example_repo / VOORTGANG / "a01-huiskamer.yaml").unlink()
    check(example_repo)  # the example without A01's follow-up: its own warnings, no more
    result = _scaffold(runner, example_repo, "a01-huiskamer")
    assert result.exit_code == 0, result.output
    path = example_repo / VOORTGANG / "a01-huiskamer.yaml"
    assert result.stderr.splitlines()[0] == f"Nieuw: {path}"
    # The check that ran after writing found nothing new, and neither does a new one.
    assert "4 waarschuwingen gevonden." in result.stdout
    check(example_repo, example=EXAMPLE_PROBLEMS)

    dataset, _ = load_clean(example_repo)
    v = dataset.rondes["ronde-2017-2"].voortgang["a01-huiskamer"]
    item = next(
        i
        for i in tally(dataset.meeting("ronde-2017-2", "szh")).items
        if i.aanvraag_id == "a01-huiskamer"
    )
    # Partly granted: the advised € 6.500 (not the € 8.500 asked) and the advised hours.
    assert (item.advies, item.bedrag) == ("gedeeltelijk", Decimal("6500"))
    assert v.aanvraag == "a01-huiskamer"
    assert v.besluit.bedrag == item.bedrag
    assert v.besluit.uren == item.uren == {"mirjam-lagerweij": 30, "linda-hoogeveen": 10}
    # Dated at the round's expected decision, with the status `toegekend` on the same day.
    assert v.besluit.datum == date(2017, 4, 28)
    assert [(s.status, s.datum) for s in v.status] == [("toegekend", date(2017, 4, 28))]
    assert (v.betalingen, v.besteed, v.gedeclareerd, v.terugbetaald, v.verslag) == (
        [], Decimal(0), None, Decimal(0), None,
    )  # fmt: skip
    lines = path.read_text("utf-8").splitlines()
    assert lines[1] == (
        "# Voortgang van aanvraag A01 in ronde-2017-2: Huiskamer De Koperhorst, na het besluit."
    )
    assert (
        "  # Controleer: de datum is het verwachte besluit (besluit_verwacht in ronde.yaml)."
        in lines
    )
    # What comes later stands ready as comments, with the round's rules filled in.
    assert "#   # Voorschot: hoogstens 75 % van het toegekende bedrag (€ 4.875,00 van € 6.500,00)." in lines  # fmt: skip
    assert "# Declareren: uiterlijk 3 weken na de status uitgevoerd (uitbetaling in ronde.yaml)." in lines  # fmt: skip
    for later in ("# betalingen:", "# besteed: 0", "# gedeclareerd:", "# terugbetaald: 0",
                  "# terugbetaald_op:", "# uren_gebruikt:", "# verslag:"):  # fmt: skip
        assert sum(line.startswith(later) for line in lines) == 1, later


def _uncomment_payments(text: str, voorschot: str, rest: str) -> str:
    """The scaffold with its payment lines, `besteed` and `gedeclareerd` switched on (all
    dated 8 May 2017), the advance set to `voorschot` and the final payment to `rest`."""
    out = []
    on = False
    for line in text.splitlines():
        if line.startswith("# betalingen:"):
            on = True
        if on and line.startswith(("# besteed", "# gedeclareerd", "# betalingen", "#   ")):
            line = line[2:]
        elif on and line.startswith("# terugbetaald"):
            on = False
        out.append(line.replace("JJJJ-MM-DD", "2017-05-08"))
    text = "\n".join(out) + "\n"
    text = text.replace("    bedrag: 862.46\n", f"    bedrag: {voorschot}\n", 1)
    return text.replace("    bedrag: 287.49\n", f"    bedrag: {rest}\n", 1)


def test_the_commented_payments_are_the_round_maximum(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """A06 (€ 1.149,95): 75 % is € 862,4625, so at most € 862,46 in advance (rounded down: a
    cent more is above the cap) and € 287,49 after the declaration; switched on as written, the
    lines pass `wijk check`."""
    result = _scaffold(runner, example_repo, "a06-repair-cafe", remove="a06-repair-cafe")
    assert result.exit_code == 0, result.output
    path = example_repo / VOORTGANG / "a06-repair-cafe.yaml"
    text = path.read_text("utf-8")
    payments = text[text.index("# betalingen:") : text.index("# besteed:")]
    assert payments.splitlines() == [
        "# betalingen:   # wat Indebuurt033 betaalde, elk met datum",
        "#   # Voorschot: hoogstens 75 % van het toegekende bedrag (€ 862,46 van € 1.149,95).",
        "#   - datum: JJJJ-MM-DD",
        "#     bedrag: 862.46",
        "#     soort: voorschot",
        "#   # Eindbetaling: de rest, na de declaratie.",
        "#   - datum: JJJJ-MM-DD",
        "#     bedrag: 287.49",
        "#     soort: eindbetaling",
    ]
    assert "  # uren: {professional-id: 10}   # het advies noemt geen uren" in text.splitlines()
    path.write_text(_uncomment_payments(text, "862.46", "287.49"), encoding="utf-8")
    check(example_repo, example=EXAMPLE_PROBLEMS)
    path.write_text(_uncomment_payments(text, "862.47", "287.48"), encoding="utf-8")
    check(example_repo, (f"{VOORTGANG}/a06-repair-cafe.yaml", 27, 13, "advance-above-cap"))


def test_the_rounds_own_payment_rules_and_no_expected_decision(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """Without `besluit_verwacht` the date is the latest advice date (the decision cannot be
    earlier), said in a comment; a round that pays no advance gets only a final payment."""
    edit(example_repo, f"{RONDE}/ronde.yaml", "besluit_verwacht: 2017-04-28\n", "")
    edit(
        example_repo,
        f"{RONDE}/ronde.yaml",
        "stemming: openbaar\n",
        "stemming: openbaar\nuitbetaling:\n  voorschot: 0\n  declareren_binnen: 1\n",
    )
    (example_repo / VOORTGANG / "a04-muziekcafe.yaml").unlink()
    (example_repo / VOORTGANG / "a08-taalcafe.yaml").unlink()
    result = _scaffold(runner, example_repo, "A8")  # the agenda number also finds it
    assert result.exit_code == 0, result.output
    lines = (example_repo / VOORTGANG / "a08-taalcafe.yaml").read_text("utf-8").splitlines()
    assert lines[lines.index("besluit:") + 1 : lines.index("besluit:") + 4] == [
        "  # Controleer: de datum is nog niet bekend; hier staat de uiterste adviesdatum van de "
        "ronde.",
        "  datum: 2017-04-19   # zet hier de datum van de beschikking",
        "  bedrag: 2300   # het advies; zet hier wat Indebuurt033 toekende",
    ]
    payments = lines[lines.index("# betalingen:   # wat Indebuurt033 betaalde, elk met datum") :]
    assert payments[:5] == [
        "# betalingen:   # wat Indebuurt033 betaalde, elk met datum",
        "#   # De regeling van de ronde kent geen voorschot (voorschot: 0).",
        "#   # Eindbetaling: de rest, na de declaratie.",
        "#   - datum: JJJJ-MM-DD",
        "#     bedrag: 2300",
    ]
    assert "# Declareren: uiterlijk 1 week na de status uitgevoerd (uitbetaling in ronde.yaml)." in lines  # fmt: skip
    # The example's own advances are above a cap of 0 %, A01 declared late: those only.
    check(
        example_repo,
        (f"{VOORTGANG}/a01-huiskamer.yaml", 26, 13, "advance-above-cap"),
        (f"{VOORTGANG}/a01-huiskamer.yaml", 32, 15, "declaration-late"),
        (f"{VOORTGANG}/a02-wijkgids.yaml", 26, 13, "advance-above-cap"),
        (f"{VOORTGANG}/a02-wijkgids.yaml", 32, 15, "declaration-late"),
        (f"{VOORTGANG}/a06-repair-cafe.yaml", 18, 13, "advance-above-cap"),
    )


def test_refuses_an_application_that_was_not_advised_to_grant(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    before = _data_files(example_repo)
    held = _scaffold(runner, example_repo, "a05-chill-en-skill")
    assert held.exit_code == 2, held.output
    assert held.stderr == (
        "wijk: aanvraag 'a05-chill-en-skill' heeft advies aanhouden (uitkomst van de stemming: "
        "staking); een voortgangsbestand is er alleen voor een aanvraag met advies toekennen "
        "of gedeeltelijk\n"
    )
    rejected = _scaffold(runner, example_repo, "A07")
    assert rejected.exit_code == 2, rejected.output
    assert rejected.stderr == (
        "wijk: aanvraag 'a07-buurtbarbecue' heeft advies afwijzen; een voortgangsbestand is er "
        "alleen voor een aanvraag met advies toekennen of gedeeltelijk\n"
    )
    assert _data_files(example_repo) == before


def test_refuses_an_application_without_a_decision_yet(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    text = (example_repo / RONDE / "aanvragen" / "a07-buurtbarbecue.yaml").read_text("utf-8")
    new = text.replace("id: a07-buurtbarbecue", "id: a09-buurtbarbecue").replace(
        "nummer: A07", "nummer: A09"
    )
    (example_repo / RONDE / "aanvragen" / "a09-buurtbarbecue.yaml").write_text(new, "utf-8")
    before = _data_files(example_repo)
    result = _scaffold(runner, example_repo, "a09-buurtbarbecue")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        "wijk: aanvraag 'a09-buurtbarbecue' is in data/rondes/ronde-2017-2/vergadering-szh.yaml "
        "nog niet (af)gehandeld, dus er is nog geen advies"
    )
    assert _data_files(example_repo) == before


def test_refuses_while_the_minutes_are_not_finished(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """One open item can still change the others' advice (fitting the budget): no file for any
    item until the minutes are finished, as `wijk advies` makes no letter until then."""
    edit(
        example_repo, f"{RONDE}/vergadering-szh.yaml", "    voorstel: afwijzen\n", "    voorstel:\n"
    )
    (example_repo / VOORTGANG / "a01-huiskamer.yaml").unlink()
    before = _data_files(example_repo)
    result = _scaffold(runner, example_repo, "a01-huiskamer")
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        "wijk: de notulen (data/rondes/ronde-2017-2/vergadering-szh.yaml) zijn nog niet af: "
        "a07-buurtbarbecue nog niet afgehandeld; het advies over 'a01-huiskamer' ligt pas vast "
        "als elk agendapunt een voorstel en stemmen heeft\n"
    )
    open_item = _scaffold(runner, example_repo, "a07-buurtbarbecue")
    assert open_item.exit_code == 2, open_item.output
    assert "'a07-buurtbarbecue' is in data/rondes/ronde-2017-2/vergadering-szh.yaml nog niet" in (
        open_item.stderr
    )
    assert _data_files(example_repo) == before


def test_never_overwrites(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    before = _data_files(example_repo)
    result = _scaffold(runner, example_repo, "a01-huiskamer")
    path = example_repo / "data" / "rondes" / "ronde-2017-2" / "voortgang" / "a01-huiskamer.yaml"
    assert result.exit_code == 1, result.output
    assert result.stderr == f"wijk: '{path}' bestaat al; wijkcli overschrijft het niet\n"
    assert _data_files(example_repo) == before


def test_unknown_aanvraag_or_ronde_is_exit_2_with_a_hint(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    before = _data_files(example_repo)
    typo = _scaffold(runner, example_repo, "a01-huiskmer")
    assert typo.exit_code == 2, typo.output
    assert typo.stderr == (
        "wijk: aanvraag 'a01-huiskmer' bestaat niet in data/rondes/ronde-2017-2/aanvragen (wel: "
        "a01-huiskamer, a02-wijkgids, a03-samen-op-stap, a04-muziekcafe, a05-chill-en-skill, "
        "a06-repair-cafe, a07-buurtbarbecue, a08-taalcafe); bedoelde je 'a01-huiskamer'?\n"
    )
    number = _scaffold(runner, example_repo, "A09")
    assert number.exit_code == 2, number.output
    assert number.stderr.startswith("wijk: agendanummer 'A09' bestaat niet in ")
    not_an_id = _scaffold(runner, example_repo, "Huiskamer De Koperhorst")
    assert not_an_id.exit_code == 2, not_an_id.output
    assert "geen geldige id" in not_an_id.stderr
    ronde = runner.invoke(
        app, ["nieuw", "voortgang", "ronde-2017-3", "a01-huiskamer", "--data", str(example_repo)]
    )
    assert ronde.exit_code == 2, ronde.output
    assert ronde.stderr == (
        "wijk: ronde 'ronde-2017-3' bestaat niet in data/rondes (wel: ronde-2017-2); bedoelde je "
        "'ronde-2017-2'?\n"
    )
    assert _data_files(example_repo) == before


def test_refuses_data_with_errors_and_writes_nothing(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """The advice is a count, and the count needs data without errors."""
    (example_repo / VOORTGANG / "a01-huiskamer.yaml").unlink()
    edit(example_repo, f"{RONDE}/aanvragen/a02-wijkgids.yaml", "bedrag: 3450", "bedrag: veel")
    before = _data_files(example_repo)
    result = _scaffold(runner, example_repo, "a01-huiskamer")
    assert result.exit_code == 1, result.output
    assert "de gegevens bevatten fouten" in result.stderr
    assert _data_files(example_repo) == before


def test_a_title_that_breaks_yaml_stays_in_a_comment(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    hostile = 'Huis: kamer\\naanvraag: a02-wijkgids  # &a *b [x] {y: 1} | > --- \\"q\\" ! % @ `'
    edit(
        example_repo,
        f"{RONDE}/aanvragen/a01-huiskamer.yaml",
        "titel: Huiskamer De Koperhorst",
        f'titel: "{hostile}"',
    )
    edit(example_repo, f"{RONDE}/aanvragen/a01-huiskamer.yaml", "nummer: A01", 'nummer: "A01: {x}"')
    check(example_repo, example=EXAMPLE_PROBLEMS)  # the reader accepts both
    result = _scaffold(runner, example_repo, "a01-huiskamer", remove="a01-huiskamer")
    assert result.exit_code == 0, result.output
    check(example_repo, example=EXAMPLE_PROBLEMS)
    text = (example_repo / VOORTGANG / "a01-huiskamer.yaml").read_text("utf-8")
    assert text.splitlines()[1] == (
        "# Voortgang van aanvraag A01: {x} in ronde-2017-2: Huis: kamer aanvraag: a02-wijkgids "
        '# &a *b [x] {y: 1} | > --- "q" ! % @ `, na het besluit.'
    )
    assert sum("Huis: kamer" in line for line in text.splitlines()) == 1
    dataset, _ = load_clean(example_repo)
    v = dataset.rondes["ronde-2017-2"].voortgang["a01-huiskamer"]
    assert (v.aanvraag, v.besluit.bedrag) == ("a01-huiskamer", Decimal("6500"))


def test_tab_offers_the_applications_without_a_follow_up_file(
    example_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_client_completion import complete

    line = "wijk nieuw voortgang ronde-2017-2 "
    assert complete(line, example_repo, monkeypatch) == ["a05-chill-en-skill", "a07-buurtbarbecue"]
    (example_repo / VOORTGANG / "a08-taalcafe.yaml").unlink()
    assert complete(line + "a0", example_repo, monkeypatch) == [
        "a05-chill-en-skill", "a07-buurtbarbecue", "a08-taalcafe",
    ]  # fmt: skip
    assert complete(line + "a08", example_repo, monkeypatch) == ["a08-taalcafe"]
    assert complete("wijk nieuw voortgang ../x ", example_repo, monkeypatch) == []


def test_after_a_sent_letter_its_figures_stay(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    """The scaffold grants what was advised, dated after the meeting: the sent letter's figures
    stay as they were (no `sent-advice-changed`), and the letter is the same."""
    data = ["--data", str(example_repo)]
    (example_repo / VOORTGANG / "a01-huiskamer.yaml").unlink()
    sent = runner.invoke(app, ["advies", "ronde-2017-2", "--verzonden", "2017-04-19", *data])
    assert sent.exit_code == 0, sent.output
    letter = runner.invoke(app, ["advies", "ronde-2017-2", *data])
    result = _scaffold(runner, example_repo, "a01-huiskamer")
    assert result.exit_code == 0, result.output
    check(example_repo, example=EXAMPLE_PROBLEMS)
    assert runner.invoke(app, ["advies", "ronde-2017-2", *data]).stdout == letter.stdout
