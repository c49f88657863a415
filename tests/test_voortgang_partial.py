"""Follow-up files next to an application or follow-up that failed in part: the failed field
is reported once at its place, the follow-up checks that need it are skipped, nothing crashes
(found by the reader's fuzz run: `FieldFailed` escaped from the follow-up checks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.helpers import AANVRAAG, EXAMPLE_PROBLEMS, check, edit
from wijkcli.pipeline import check_repo

VOORTGANG_A01 = "data/rondes/ronde-2017-2/voortgang/a01-huiskamer.yaml"


def test_an_application_whose_gebied_failed(example_repo: Path) -> None:
    line, column = edit(example_repo, AANVRAAG, "gebied: szh", "gebied: [szh]")
    check(example_repo, (AANVRAAG, line, column + len("gebied: "), "invalid-value"))


def test_a_follow_up_whose_status_and_decision_date_failed(example_repo: Path) -> None:
    status = edit(example_repo, VOORTGANG_A01, "status: gestart", "status: begonnen")
    datum = edit(example_repo, VOORTGANG_A01, "  datum: 2017-04-28", "  datum: 28-4-2017")
    check(
        example_repo,
        (VOORTGANG_A01, datum[0], datum[1] + len("  datum: "), "invalid-value"),
        (VOORTGANG_A01, status[0], status[1] + len("status: "), "invalid-choice"),
    )


@pytest.mark.slow
def test_overdue_deadlines_of_a_follow_up_that_failed_in_part(example_repo: Path) -> None:
    """`wijk check --datum` judges deadlines; a follow-up without its decision date cannot
    have them judged and is not (its own problem is the one report)."""
    line, column = edit(example_repo, VOORTGANG_A01, "  datum: 2017-04-28", "  datum: morgen")
    _, problems = check_repo(example_repo, datum=date(2018, 6, 1))
    mine = [
        (p.location.line, p.location.column, p.code)
        for p in problems
        if p.location is not None and p.location.path == VOORTGANG_A01
    ]
    assert mine == [(line, column + len("  datum: "), "invalid-value")]


A02 = "data/rondes/ronde-2017-2/voortgang/a02-wijkgids.yaml"


def test_a_bad_deadline_date_is_a_problem_not_a_crash(example_repo: Path) -> None:
    """The deadline's own rule (a date or months) runs while the file is rebuilt without its
    failed date: the date is reported, nothing crashes (it was an internal error)."""
    line, column = edit(example_repo, A02, "    uiterlijk: 2017-11-30", "    uiterlijk: 30-11-2017")
    check(example_repo, (A02, line, column + len("    uiterlijk: "), "invalid-value"))


def test_a_condition_with_a_date_and_months_is_one_problem(example_repo: Path) -> None:
    line, _ = edit(
        example_repo,
        VOORTGANG_A01,
        "      uiterlijk: 2017-12-31",
        "      uiterlijk: 2017-12-31\n      maanden: 2",
    )
    # At the condition (its first key, `wat:` on the line above): the two keys together are
    # the fault, not either of them.
    check(example_repo, (VOORTGANG_A01, line - 1, len("    - ") + 1, "invalid-value"))


@pytest.mark.slow
def test_months_after_a_decision_in_december_9999_never_fall_due(example_repo: Path) -> None:
    """`wijk check --datum` and the follow-up table judge the deadline (year 10000 was an
    internal error in both, while plain `wijk check` passed)."""
    path = example_repo / "data/rondes/ronde-2017-2/voortgang/a03-samen-op-stap.yaml"
    path.write_text(
        "aanvraag: a03-samen-op-stap\nbesluit:\n  datum: 9999-12-01\n  bedrag: 4212.50\n"
        "  verslag:\n    maanden: 1\n",
        encoding="utf-8",
    )
    _, problems = check_repo(example_repo, datum=date(2018, 1, 1))
    assert not [p for p in problems if p.is_error]
    # Only the example's own warning in another follow-up file (A02 used more hours).
    assert [
        (p.location.path.rsplit("/", 1)[-1], p.code)
        for p in problems
        if p.location and "voortgang" in p.location.path and "a02-wijkgids" not in p.location.path
    ] == []


@pytest.mark.slow
def test_more_granted_than_the_gebied_had_is_one_problem(example_repo: Path) -> None:
    """Indebuurt033 granted A01 € 40.000 (with a reason): the next round of the year has less
    than nothing. Its allocation rule cannot run on that (it was an internal error in every
    command); the round's budget is the one problem, in every command that counts it."""
    from tests.test_voortgang import _next_round

    _next_round(example_repo)
    edit(example_repo, VOORTGANG_A01, "  bedrag: 6500", "  bedrag: 40000\n  reden: Extra.")
    ronde3 = "data/rondes/ronde-2017-3/ronde.yaml"
    line = next(
        n
        for n, text in enumerate((example_repo / ronde3).read_text().splitlines(), start=1)
        if text.startswith("  szh:")
    )
    check(
        example_repo,
        (ronde3, line, len("  szh: ") + 1, "negative-budget"),
        example=EXAMPLE_PROBLEMS,
    )


@pytest.mark.slow
def test_a_status_date_out_of_order_names_the_status_it_is_earlier_than(
    example_repo: Path,
) -> None:
    """gestart 1 June, uitgevoerd 1 May, afgerond 15 May: afgerond is earlier than gestart (the
    latest date so far), and the message must name that status with its own date."""
    edit(example_repo, VOORTGANG_A01, "    datum: 2017-05-16", "    datum: 2017-06-01")
    edit(example_repo, VOORTGANG_A01, "    datum: 2017-10-17", "    datum: 2017-05-01\n"
         "  - status: afgerond\n    datum: 2017-05-15")  # fmt: skip
    _, problems = check_repo(example_repo)
    messages = [p.message for p in problems if p.code == "status-date-order"]
    assert messages == [
        "status 'uitgevoerd' (1 mei 2017) is eerder dan status 'gestart' (1 juni 2017)",
        "status 'afgerond' (15 mei 2017) is eerder dan status 'gestart' (1 juni 2017)",
    ]


@pytest.mark.slow
def test_the_round_name_is_plain_text_in_the_markdown_table(runner, example_repo: Path) -> None:  # type: ignore[no-untyped-def]
    from markdown_it import MarkdownIt

    from wijkcli.cli.app import app

    edit(example_repo, "data/rondes/ronde-2017-2/ronde.yaml", "naam: Subsidieronde 2 (2017)",
         "naam: \"<i>R</i> [x](http://e.example) *nadruk*\"")  # fmt: skip
    result = runner.invoke(app, ["voortgang", "--format", "md", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    tokens = MarkdownIt("commonmark").parse(result.stdout)
    inline = [t for t in tokens if t.type == "inline"]
    kinds = {c.type for t in inline for c in t.children or []}
    assert not kinds & {"html_inline", "link_open", "em_open"}, kinds
    heading = next(t for t in inline if tokens[tokens.index(t) - 1].tag == "h3")
    assert heading.content.replace("\\", "") == "<i>R</i> [x](http://e.example) *nadruk*"


@pytest.mark.slow
def test_the_year_report_sends_returned_money_where_the_tally_counts_it(
    example_repo: Path,
) -> None:
    """Round 3 has no minutes yet, round 4 has: the money round 2 gives back goes to round 3
    (its tally counts it), and the year report must say round 3, not the next round with
    minutes."""
    import re
    import shutil
    from decimal import Decimal

    from tests.test_voortgang import _next_round
    from wijkcli.count.ledger import tally
    from wijkcli.documents.jaarverslag import jaarverslag_context
    from wijkcli.pipeline import load_clean

    _next_round(example_repo)
    rondes = example_repo / "data/rondes"
    shutil.copytree(rondes / "ronde-2017-3", rondes / "ronde-2017-4")
    for f in sorted((rondes / "ronde-2017-4").rglob("*.yaml")):
        text = f.read_text(encoding="utf-8").replace("ronde-2017-3", "ronde-2017-4")
        text = text.replace("Subsidieronde 3 (2017)", "Subsidieronde 4 (2017)")
        text = re.sub(r"2017-(0[5-9]|1[01])-", lambda m: f"2017-{int(m[1]) + 1:02d}-", text)
        f.write_text(text, encoding="utf-8")
    (rondes / "ronde-2017-3/vergadering-szh.yaml").unlink()
    dataset, _ = load_clean(example_repo)
    assert tally(dataset.meeting("ronde-2017-3", "szh")).teruggevloeid == Decimal("2940.00")
    report = jaarverslag_context(dataset, "szh", 2017, versie="T")["rondes"]
    assert [(r["naam"], r["bestemming"]) for r in report] == [
        (
            "Subsidieronde 2 (2017)",
            [{"naar": "Subsidieronde 3 (2017)", "bedrag": Decimal("2940.00")}],
        ),
        ("Subsidieronde 4 (2017)", []),
    ]


@pytest.mark.slow
def test_failed_hours_used_hide_nothing_else_of_the_file(example_repo: Path) -> None:
    """`uren_gebruikt` that fails and a status out of order: both reported in one run (the
    hours check reads the failed field itself, so only it is skipped)."""
    hours = edit(example_repo, VOORTGANG_A01, "  mirjam-lagerweij: 26", "  mirjam-lagerweij: veel")
    status = edit(example_repo, VOORTGANG_A01, "    datum: 2017-05-16", "    datum: 2017-04-01")
    check(
        example_repo,
        (VOORTGANG_A01, hours[0], hours[1] + len("  mirjam-lagerweij: "), "invalid-value"),
        (VOORTGANG_A01, status[0], status[1] + len("    datum: "), "status-date-order"),
    )
