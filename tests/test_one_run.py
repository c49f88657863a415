"""Every problem once, in one run (issue 15, items 1-3): a bad value hides nothing else in its
file, and a bad file gives its own error, not false ones in every other file. Each test
compares the complete list of problems (`helpers.check`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers import (
    AANVRAAG,
    GEBIED,
    LEDEN,
    RONDE,
    SCORING_WARNINGS,
    VERGADERING,
    WIJKPLAN,
    check,
    edit,
)
from wijkcli.pipeline import check_repo

ANNELOES_VOTES_A01 = (
    "        - priya-ramdin\n",
    "        - priya-ramdin\n        - anneloes-verhagen\n",
)


def test_a_bad_date_in_the_minutes_hides_no_vote_problem(example_repo: Path) -> None:
    """The issue's first reproduction: a date in the wrong form, a misspelled member in a vote
    and a vote by a member who sent apologies (afgemeld) are three problems of one run."""
    date_line, _ = edit(example_repo, VERGADERING, "datum: 2017-04-13", "datum: 13-4-2017")
    typo_line, _ = edit(
        example_repo,
        VERGADERING,
        "      onthouding: []\nopmerkingen:",
        "      onthouding: [priya-ramdn]\nopmerkingen:",
    )
    absent_line, _ = edit(example_repo, VERGADERING, *ANNELOES_VOTES_A01)
    check(
        example_repo,
        (VERGADERING, date_line, 8, "invalid-value"),
        (VERGADERING, typo_line + 1, 20, "unknown-member"),  # one line more above it
        (VERGADERING, absent_line + 1, 11, "absent-vote"),
    )


def test_a_bad_choice_in_an_application_hides_no_wrong_wijk(example_repo: Path) -> None:
    """`soort: vereniging` (inside aanvrager) and a misspelled wijk: both reported."""
    soort_line, _ = edit(example_repo, AANVRAAG, "soort: organisatie", "soort: vereniging")
    wijk_line, _ = edit(example_repo, AANVRAAG, "wijken: [schothorst]", "wijken: [hoefkwartir]")
    check(
        example_repo,
        (AANVRAAG, soort_line, 10, "invalid-choice"),
        (AANVRAAG, wijk_line, 10, "unknown-wijk"),
    )


def test_a_failed_field_skips_only_the_checks_that_need_it(example_repo: Path) -> None:
    """The minutes' date failed: the check of that date against the round's cannot run (no
    false date-mismatch), while the date of an action point is still not compared with it."""
    line, _ = edit(example_repo, VERGADERING, "datum: 2017-04-13", "datum: 2017-13-04")
    check(example_repo, (VERGADERING, line, 8, "invalid-value"))


def test_a_misspelled_key_in_leden_gives_one_error(example_repo: Path) -> None:
    """The issue's `emial:`: one error at its place; the member stays known, so no member
    elsewhere is reported as unknown."""
    line, column = edit(
        example_repo, LEDEN, "    email: noel.brouwer@example.org", "    emial: noel.brouwer@ex.org"
    )
    check(example_repo, (LEDEN, line, column + 4, "unknown-key"))


def test_an_unreadable_leden_file_gives_one_error_with_a_note(example_repo: Path) -> None:
    """leden.yaml cannot be read at all: its own error, and the checks of the members in the
    other files are skipped, said once in a note under that error, never as false errors."""
    line, _ = edit(example_repo, LEDEN, "  - id: noel-brouwer\n", "  - id: noel-brouwer\n   x: [\n")
    # Without the members, whose hours they are is not known: no hours-used-above-granted.
    check(example_repo, (LEDEN, line + 1, 4, "yaml-syntax"), example=SCORING_WARNINGS)
    _, problems = check_repo(example_repo)
    [error] = [p for p in problems if p.is_error]
    assert error.hint is not None
    assert "verwijzingen naar leden in andere bestanden zijn niet gecontroleerd" in error.hint


def test_a_member_with_a_bad_id_leaves_references_unchecked_not_false(example_repo: Path) -> None:
    """A member whose id is invalid is unknown: a reference elsewhere may be to them, so it is
    not reported (the note says so); the other members are still checked everywhere."""
    line, column = edit(example_repo, LEDEN, "  - id: noel-brouwer\n", "  - id: Noel Brouwer\n")
    # A vote by a member who was afgemeld is still an error: that member is known.
    absent_line, _ = edit(example_repo, VERGADERING, *ANNELOES_VOTES_A01)
    check(
        example_repo,
        (LEDEN, line, column + 8, "invalid-value"),
        (VERGADERING, absent_line + 1, 11, "absent-vote"),
    )
    _, problems = check_repo(example_repo)
    [note] = [p.hint for p in problems if p.location and p.location.path == LEDEN]
    assert note is not None and "niet alle leden bekend" in note


def test_a_round_without_jaar_takes_the_year_of_indienen_tot(example_repo: Path) -> None:
    """`jaar` is optional (docs/formaat.md): a round without it is the year of indienen_tot,
    and everything that depends on the round is still checked and counted."""
    edit(example_repo, RONDE, "jaar: 2017\n", "")
    check(example_repo)
    dataset, _ = check_repo(example_repo)
    assert dataset.ronde("ronde-2017-2").info.year == 2017


# --- three independent faults in one file, per file kind ---------------------------------------


def test_three_faults_in_gebied_yaml(example_repo: Path) -> None:
    naam, _ = edit(example_repo, GEBIED, "naam: SZH\n", "naam: [SZH]\n")
    chair, _ = edit(example_repo, GEBIED, "voorzitter: joke-aldersveld", "voorzitter: joke")
    extra, _ = edit(example_repo, GEBIED, "vergaderplek:", "vergaderplaats:")
    check(
        example_repo,
        (GEBIED, naam, 7, "invalid-value"),
        (GEBIED, chair, 15, "unknown-member"),
        (GEBIED, extra, 1, "unknown-key"),
    )


def test_three_faults_in_leden_yaml(example_repo: Path) -> None:
    rol, column = edit(example_repo, LEDEN, "    rol: bewonersteam\n", "    rol: voorzitter\n")
    wijk, _ = edit(example_repo, LEDEN, "    wijk: schothorst\n", "    wijk: schothorts\n")
    email, _ = edit(example_repo, LEDEN, "    email: noel.", "    emial: noel.")
    check(
        example_repo,
        (LEDEN, rol, column + 9, "invalid-choice"),
        (LEDEN, wijk, 11, "unknown-wijk"),
        (LEDEN, email, 5, "unknown-key"),
    )


def test_three_faults_in_a_wijkplan(example_repo: Path) -> None:
    budget, _ = edit(example_repo, WIJKPLAN, "budget: 84000", "budget: 84.000")
    vast, _ = edit(example_repo, WIJKPLAN, "vastgesteld: 2017-01-26", "vastgesteld: 2018-01-26")
    uren, _ = edit(example_repo, WIJKPLAN, "          linda-hoogeveen: 20", "          linda: 20")
    check(
        example_repo,
        (WIJKPLAN, budget, 9, "invalid-value"),
        (WIJKPLAN, vast, 14, "date-order"),
        (WIJKPLAN, uren, 11, "unknown-professional"),
    )


def test_three_faults_in_ronde_yaml(example_repo: Path) -> None:
    stemming, _ = edit(example_repo, RONDE, "stemming: openbaar", "stemming: anoniem")
    advies, _ = edit(
        example_repo, RONDE, "advies_uiterlijk: 2017-04-19", "advies_uiterlijk: 2017-04-12"
    )
    uren, _ = edit(example_repo, RONDE, "  martijn-zwart: 15", "  martijn-zwrat: 15")
    check(
        example_repo,
        (RONDE, stemming, 11, "invalid-choice"),
        (RONDE, advies, 19, "date-order"),
        (RONDE, uren, 3, "unknown-professional"),
    )


def test_three_faults_in_an_application(example_repo: Path) -> None:
    bedrag, _ = edit(example_repo, AANVRAAG, "bedrag: 8500", "bedrag: 1e3")
    thema, _ = edit(example_repo, AANVRAAG, "thema: ontmoeten", "thema: ontmoet")
    uren, _ = edit(example_repo, AANVRAAG, "  linda-hoogeveen: 10", "  joke-aldersveld: 10")
    check(
        example_repo,
        (AANVRAAG, bedrag, 9, "invalid-value"),
        (AANVRAAG, thema, 8, "unknown-thema"),
        (AANVRAAG, uren, 3, "not-a-professional"),
    )


def test_three_faults_in_the_minutes(example_repo: Path) -> None:
    notulist, _ = edit(example_repo, VERGADERING, "notulist: tineke-van-t-zand", "notulist: tineke")
    absent_line, _ = edit(example_repo, VERGADERING, *ANNELOES_VOTES_A01)
    vertrokken, _ = edit(example_repo, VERGADERING, "  ahmet-yildiz: 21:15", "  ahmet-yildiz: laat")
    check(
        example_repo,
        (VERGADERING, notulist, 11, "unknown-member"),
        (VERGADERING, absent_line + 1, 11, "absent-vote"),
        (VERGADERING, vertrokken, 17, "invalid-value"),
    )


def test_a_key_that_looks_like_markup_is_reported_as_written(example_repo: Path, runner) -> None:  # type: ignore[no-untyped-def]
    """Pydantic puts union branch names with "[" in its error locations; a key of the file
    that has one is still the key: named literally, at its own line and column."""
    from wijkcli.cli.app import app

    line, _ = edit(example_repo, AANVRAAG, "\nuren:\n", '\n"[bold]x[/bold]": 1\nuren:\n')
    check(example_repo, (AANVRAAG, line + 1, 1, "unknown-key"))
    _, problems = check_repo(example_repo)
    [p] = [p for p in problems if p.code == "unknown-key"]
    assert p.message == "onbekend veld '[bold]x[/bold]'"
    result = runner.invoke(app, ["check", "--data", str(example_repo), "--format", "parsable"])
    assert f"{AANVRAAG}:{line + 1}:1: fout: onbekend veld '[bold]x[/bold]'" in result.output


# --- decisions that add up (issue 15, item 6) ---------------------------------------------------


def test_members_present_who_did_not_vote_are_named(example_repo: Path) -> None:
    """Open ballot: members present with a vote who are in none of voor/tegen/onthouding get
    one warning at the item's votes naming them (recused members and those who left are not
    expected to vote: the example's A02 and A08 show it)."""
    edit(example_repo, VERGADERING, "        - noel-brouwer\n        - priya-ramdin\n", "")
    check(example_repo, (VERGADERING, 47, 5, "missing-votes"))
    _, problems = check_repo(example_repo)
    [p] = [p for p in problems if p.code == "missing-votes"]
    assert not p.is_error
    assert p.message == (
        "2 aanwezige leden met stemrecht staan niet bij voor, tegen of onthouding: "
        "noel-brouwer, priya-ramdin"
    )


def test_a_secret_ballot_has_no_missing_votes(example_repo: Path) -> None:
    """Counts name nobody: the example as a secret ballot, each list of names replaced by
    its count, gives the same report (no missing-votes for the members 'not in a list')."""
    import re

    edit(example_repo, RONDE, "stemming: openbaar", "stemming: geheim")
    minutes = example_repo / VERGADERING
    text = minutes.read_text(encoding="utf-8")
    text = re.sub(
        r"(      (?:voor|tegen|onthouding):)((?:\n        - [a-z-]+)+)",
        lambda m: f"{m[1]} {m[2].count('- ')}",
        text,
    )
    text = re.sub(
        r"(      (?:voor|tegen|onthouding):) \[([^\]]*)\]",
        lambda m: f"{m[1]} {len([x for x in m[2].split(',') if x.strip()])}",
        text,
    )
    assert "        - " not in text.split("besluiten:")[1].split("opmerkingen:")[0]
    minutes.write_text(text, encoding="utf-8")
    check(example_repo)


def test_two_applications_with_the_same_agenda_number(example_repo: Path) -> None:
    a02 = "data/rondes/ronde-2017-2/aanvragen/a02-wijkgids.yaml"
    line, _ = edit(example_repo, a02, "nummer: A02", "nummer: A01")
    check(example_repo, (a02, line, 9, "duplicate-nummer"))


def test_only_the_checks_see_a_partly_built_file(example_repo: Path) -> None:
    """Commands that compute (`wijk nieuw`, verschil) get the files without errors only; the
    checks get the broken application too, without its failed field."""
    from wijkcli.load import load_repo
    from wijkcli.model import FieldFailed

    edit(example_repo, AANVRAAG, "bedrag: 8500", "bedrag: 1e3")
    loaded = load_repo(example_repo, cache=False)
    assert "a01-huiskamer" not in loaded.dataset.rondes["ronde-2017-2"].aanvragen
    partial = loaded.everything.rondes["ronde-2017-2"].aanvragen["a01-huiskamer"]
    assert partial.titel == "Huiskamer De Koperhorst"
    with pytest.raises(FieldFailed):  # a failed field has no value, not even a default
        partial.bedrag  # noqa: B018
