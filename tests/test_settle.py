"""Warnings settle (#28): a request-stage warning ends once the meeting took a decision that
deals with it, so the example reaches "Geen problemen gevonden" except for what is truly open,
and every warning that remains says how to end it."""

from __future__ import annotations

from pathlib import Path

from tests.helpers import AANVRAAG, EXAMPLE_PROBLEMS, VERGADERING, check, edit
from wijkcli.cli.app import app
from wijkcli.pipeline import check_repo

A01_BESLUIT = "  a01-huiskamer:\n    voorstel: gedeeltelijk\n"


def test_a_late_application_warns_until_the_minutes_treat_it(example_repo: Path) -> None:
    line, _ = edit(example_repo, AANVRAAG, "ingediend: 2017-03-29", "ingediend: 2017-04-02")
    # The minutes decided A01 (a proposal and votes): the team treated it; nothing to say.
    check(example_repo)
    # Before the meeting (the proposal still open), it is a warning that says how it ends.
    edit(example_repo, VERGADERING, A01_BESLUIT, "  a01-huiskamer:\n    voorstel:\n")
    _, found = check_repo(example_repo)
    [late] = [p for p in found if p.code == "late"]
    assert late.location is not None
    assert (late.location.path, late.location.line, late.location.column) == (
        AANVRAAG, line, len("ingediend: ") + 1)  # fmt: skip
    assert late.message == "ingediend op 2 april 2017, na de sluitingsdatum 31 maart 2017"
    assert late.hint == (
        "het team beslist in de vergadering of het de aanvraag meeneemt; met een besluit over "
        "de aanvraag in de notulen (voorstel en stemmen) verdwijnt deze waarschuwing"
    )
    assert not late.is_error


def test_a_late_application_without_minutes_warns(example_repo: Path) -> None:
    (example_repo / VERGADERING).unlink()
    line, _ = edit(example_repo, AANVRAAG, "ingediend: 2017-03-29", "ingediend: 2017-04-02")
    _, found = check_repo(example_repo)
    assert [(p.location.line, p.location.column) for p in found if p.code == "late"] == [
        (line, len("ingediend: ") + 1)
    ]


def test_postponing_a_late_application_treats_it(example_repo: Path) -> None:
    """The team may decide not to take it along: `aanhouden` (to a later round) with votes is
    its decision, so the warning ends too."""
    edit(example_repo, AANVRAAG, "ingediend: 2017-03-29", "ingediend: 2017-04-02")
    edit(example_repo, VERGADERING, A01_BESLUIT, "  a01-huiskamer:\n    voorstel: aanhouden\n")
    _, found = check_repo(example_repo)
    assert "late" not in {p.code for p in found}


def test_the_example_lists_only_what_is_truly_open(runner) -> None:  # type: ignore[no-untyped-def]
    """The example's remaining warnings, each with how to end it: the scoring evening's (a
    score left open, a candidate with too few forms) and two projects that used more hours
    than Indebuurt033 granted."""
    result = runner.invoke(app, ["check", "--format", "parsable"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [tuple(line.split(":")[:3]) for line in lines] == [
        (p, str(n), str(c)) for p, n, c, _ in EXAMPLE_PROBLEMS
    ]
    hours = [line for line in lines if "[hours-used-above-granted]" in line]
    assert len(hours) == 2
    for line in hours:
        assert (
            "(kende Indebuurt033 de extra uren toe, zet ze dan in besluit: uren (met een "
            "reden); anders klopt uren_gebruikt niet" in line
        )
