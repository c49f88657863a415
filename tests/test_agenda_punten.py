"""The agenda and minutes of a Dutch meeting (#28 item 3): one list of agenda items, numbered
the same in both; the previous minutes' status and the open action points on the agenda; the
minutes a concept until adopted."""

from __future__ import annotations

import re
from pathlib import Path

from tests.test_voortgang import _next_round
from wijkcli.cli.app import app
from wijkcli.documents.agenda import AGENDAPUNTEN


def _out(runner, repo: Path, *args: str) -> str:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, [*args, "--data", str(repo)])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def _agenda_items(md: str) -> list[tuple[int, str]]:
    block = md.split("## Agenda\n\n", 1)[1].split("\n## ", 1)[0]
    return [(int(m[1]), m[2]) for m in re.finditer(r"^(\d+)\. ([^:\n(]+?)(?: \(|:|$)", block, re.M)]


def _minutes_items(md: str) -> list[tuple[int, str]]:
    return [(int(m[1]), m[2]) for m in re.finditer(r"^## (\d+)\. (.+)$", md, re.M)]


def test_agenda_and_minutes_have_one_numbering(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    agenda = _out(runner, example_repo, "agenda", "ronde-2017-2")
    minutes = _out(runner, example_repo, "notulen", "ronde-2017-2")
    expected = [(n, titel) for n, (_, titel) in enumerate(AGENDAPUNTEN, start=1)]
    assert _agenda_items(agenda) == expected
    assert _minutes_items(minutes) == expected
    assert expected[2:4] == [(3, "Vaststellen notulen vorige vergadering"), (4, "Actiepunten")]
    # The example has no earlier meeting: both say so.
    assert "3. Vaststellen notulen vorige vergadering: er zijn geen eerdere notulen\n" in agenda
    assert "4. Actiepunten: geen open actiepunten uit eerdere vergaderingen\n" in agenda
    assert "\nEr zijn geen eerdere notulen.\n" in minutes


def test_minutes_are_a_concept_until_adopted(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    minutes = _out(runner, example_repo, "notulen", "ronde-2017-2")
    assert "| **Status** | concept (nog niet vastgesteld) |\n" in minutes
    assert minutes.endswith("*Concept: nog niet vastgesteld. Gemaakt met wijkcli 0.1.0.*\n")
    assert "Vastgesteld in de volgende vergadering" not in minutes
    _out(runner, example_repo, "notulen", "ronde-2017-2", "--vastgesteld", "2017-07-13")
    minutes = _out(runner, example_repo, "notulen", "ronde-2017-2")
    assert "| **Status** | vastgesteld op donderdag 13 juli 2017 |\n" in minutes
    assert minutes.endswith("*Vastgesteld op donderdag 13 juli 2017. Gemaakt met wijkcli 0.1.0.*\n")
    html = _out(runner, example_repo, "notulen", "ronde-2017-2", "--format", "html")
    assert "<p>Vastgesteld op donderdag 13 juli 2017. Gemaakt met wijkcli 0.1.0.</p>" in html
    assert "concept" not in html.lower()


def test_the_next_meeting_adopts_the_previous_minutes_and_reviews_open_actions(  # type: ignore[no-untyped-def]
    runner, example_repo: Path
) -> None:
    _next_round(example_repo)  # ronde-2017-3 meets on 13 August 2017, a copy of ronde-2017-2
    agenda = _out(runner, example_repo, "agenda", "ronde-2017-3")
    assert (
        "3. Vaststellen notulen vorige vergadering: de vergadering van donderdag 13 april 2017 "
        "(ronde-2017-2; concept)\n"
        "4. Actiepunten (open uit eerdere vergaderingen):\n"
        "   - Oproep voor een bewonerslid uit Hoefkwartier in de nieuwsbrief (Tineke van 't Zand, "
        "uiterlijk 11 mei 2017, over tijd; ronde-2017-2 nr. 3)\n"
        "   - Jongerenwerk vragen jongeren te helpen bij een aanvraag voor ronde-2017-3 (Fatima "
        "el Amrani, uiterlijk 15 mei 2017, over tijd; ronde-2017-2 nr. 1)\n"
        "5. Aanvragen:\n"
    ) in agenda
    # Done after that meeting: still open on its agenda; done before it: gone.
    _out(runner, example_repo, "actiepunt", "gedaan", "ronde-2017-2", "1", "--op", "2017-08-13")
    _out(runner, example_repo, "actiepunt", "gedaan", "ronde-2017-2", "3", "--op", "2017-06-01")
    _out(runner, example_repo, "notulen", "ronde-2017-2", "--vastgesteld", "2017-08-13")
    agenda = _out(runner, example_repo, "agenda", "ronde-2017-3")
    assert (
        "3. Vaststellen notulen vorige vergadering: de vergadering van donderdag 13 april 2017 "
        "(ronde-2017-2; vastgesteld op 13 augustus 2017)\n"
        "4. Actiepunten (open uit eerdere vergaderingen):\n"
        "   - Jongerenwerk vragen jongeren te helpen bij een aanvraag voor ronde-2017-3 (Fatima "
        "el Amrani, uiterlijk 15 mei 2017, over tijd; ronde-2017-2 nr. 1)\n"
        "5. Aanvragen:\n"
    ) in agenda
    minutes = _out(runner, example_repo, "notulen", "ronde-2017-3")
    assert (
        "## 3. Vaststellen notulen vorige vergadering\n\n"
        "De notulen van de vergadering van donderdag 13 april 2017 (ronde-2017-2) zijn "
        "vastgesteld op zondag 13 augustus 2017.\n\n"
        "## 4. Actiepunten\n\n"
        "Open actiepunten uit eerdere vergaderingen:\n\n"
        "| wat | wie | uiterlijk | uit |\n|---|---|---|---|\n"
        "| Jongerenwerk vragen jongeren te helpen bij een aanvraag voor ronde-2017-3 | Fatima el "
        "Amrani | 15 mei 2017 (over tijd) | ronde-2017-2 nr. 1 |\n\n"
        "Nieuwe actiepunten:\n"
    ) in minutes
    # The earlier meeting's own documents do not look forward.
    earlier = _out(runner, example_repo, "agenda", "ronde-2017-2")
    assert "er zijn geen eerdere notulen" in earlier
