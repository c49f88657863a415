"""Professional hours: `hours_report`, `hours_problems` and `wijk uren` (docs/formaat.md section 9, rule 7)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import (
    EXAMPLE_PROBLEMS,
    FILE_WARNINGS,
    LEDEN,
    RONDE,
    VERGADERING,
    WIJKPLAN,
    check,
    edit,
)
from wijkcli.cli.app import app
from wijkcli.count.ledger import tally
from wijkcli.count.uren import hours_problems, hours_report
from wijkcli.dataset import Dataset
from wijkcli.pipeline import check_repo

A01 = "data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml"
A02 = "data/rondes/ronde-2017-2/aanvragen/a02-wijkgids.yaml"
A05 = "data/rondes/ronde-2017-2/aanvragen/a05-chill-en-skill.yaml"
A08 = "data/rondes/ronde-2017-2/aanvragen/a08-taalcafe.yaml"

# Wijkplan SZH 2017 (data/gebieden/szh/wijkplan-2017.yaml): hours per professional per theme, and the pool.
PLAN = {
    "mirjam-lagerweij": ({"informatie": 120, "ontmoeten": 200, "omzien": 150, "jeugd": 50}, 200),
    "youssef-bakkali": ({"jeugd": 500}, 40),
    "gerda-wolters": ({"omzien": 250}, 20),
    "bas-rietveld": ({"omzien": 30, "jeugd": 60}, 0),
    "linda-hoogeveen": ({"informatie": 20, "ontmoeten": 40}, 75),
    "martijn-zwart": ({"ontmoeten": 40}, 50),
}
# ronde-2017-2 (7.3, 7.5, 7.7): (vrij, gevraagd, geadviseerd).
RONDE_2 = {
    "mirjam-lagerweij": (90, 74, 64),
    "youssef-bakkali": (60, 80, 0),
    "gerda-wolters": (70, 70, 70),
    "bas-rietveld": (10, 10, 0),
    "linda-hoogeveen": (20, 10, 10),
    "martijn-zwart": (15, 0, 0),
}


def value_at(repo: Path, rel: str, anchor: str, key: str) -> tuple[int, int]:
    """1-based (line, column) of the value of the first `key:` after `anchor` in repo/rel."""
    text = (repo / rel).read_text(encoding="utf-8")
    start = text.index(f"{key}: ", text.index(anchor)) + len(key) + 2
    line = text.count("\n", 0, start) + 1
    return line, start - text.rfind("\n", 0, start)


# --- the example ------------------------------------------------------------------------------


def test_report_matches_the_example(example_dataset: Dataset) -> None:
    report = hours_report(example_dataset, "szh", 2017)
    assert [t for t, _ in report.themas] == ["informatie", "ontmoeten", "omzien", "jeugd"]
    profs = {p.id: p for p in report.professionals}
    assert set(profs) == set(PLAN)
    for pid, (acties, pool) in PLAN.items():
        p = profs[pid]
        assert (p.acties, p.pool) == (acties, pool), pid
        assert p.wijkplan == p.beschikbaar and p.vrij == 0, pid  # the example plans every hour
        [r] = p.rondes
        assert (r.ronde, r.vrij, r.gevraagd, r.geadviseerd) == ("ronde-2017-2", *RONDE_2[pid])
    assert sum(p.beschikbaar for p in report.professionals) == 1845
    assert report.organisaties["Indebuurt033 (Welzin)"] == {
        "beschikbaar": 1260, "wijkplan": 1260, "geadviseerd": 64, "vrij": 0,
    }  # fmt: skip


def test_asked_hours_above_the_free_hours_warn_until_the_meeting_dealt_with_them(
    example_repo: Path, example_dataset: Dataset
) -> None:
    """P01 64 ≤ 90 and P03 70 ≤ 70 (the boundary) hold; P02 asked 80 of 60 was a warning
    before the meeting. The example's minutes decided A05 and advised 40 of his 60 hours: the
    warning has settled (#28)."""
    assert hours_problems(example_dataset) == []
    check(example_repo)
    # A05 not decided yet (the chair's proposal still open): the warning is back, with how
    # to end it, beside the open item.
    line, column = value_at(example_repo, A05, "\nuren:", "youssef-bakkali")
    edit(example_repo, VERGADERING, "    voorstel: gedeeltelijk\n    bedrag: 4000\n",
         "    voorstel:\n    bedrag: 4000\n")  # fmt: skip
    _, found = check_repo(example_repo)
    [warning] = [p for p in found if p.code == "hours-asked-exceed"]
    assert (warning.location.path, warning.location.line, warning.location.column) == (
        A05, line, column)  # fmt: skip
    assert not warning.is_error
    assert warning.message == (
        "met deze 80 uur staan er in de aanvragen 80 uur van Youssef Bakkali (youssef-bakkali); "
        "de ronde maakt 60 uur vrij"
    )
    assert warning.hint == (
        "het voorstel van de voorzitter geeft samen niet meer dan 60 uur; de waarschuwing "
        "verdwijnt als de notulen over elke aanvraag die deze uren vraagt een besluit hebben en "
        "de geadviseerde uren passen"
    )


def test_asked_hours_warn_before_the_minutes_exist(example_repo: Path) -> None:
    (example_repo / VERGADERING).unlink()
    line, column = value_at(example_repo, A05, "\nuren:", "youssef-bakkali")
    check(example_repo, (A05, line, column, "hours-asked-exceed"), example=FILE_WARNINGS)


def test_uren_json_adds_up_to_plan_and_rounds(
    runner: CliRunner, example_repo: Path, example_dataset: Dataset
) -> None:
    result = runner.invoke(app, ["uren", "szh", "--jaar", "2017", "--format", "json",
                                 "--data", str(example_repo)])  # fmt: skip
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    plan = example_dataset.gebieden["szh"].wijkplannen[2017]
    r = example_dataset.rondes["ronde-2017-2"]
    advised = tally(example_dataset.meeting("ronde-2017-2", "szh")).items
    assert plan.pool is not None and r.ronde is not None
    for p in data["professionals"]:
        pid = p["id"]
        claims = {
            t.id: sum(a.uren.get(pid, 0) for a in t.acties)
            for t in plan.themas
            if any(a.uren.get(pid) for a in t.acties)
        }
        assert p["acties"] == claims, pid
        assert p["pool"] == plan.pool.uren.get(pid, 0)
        assert p["wijkplan"] == sum(claims.values()) + p["pool"]
        assert p["over"] == p["beschikbaar"] - p["wijkplan"]
        [ronde] = p["rondes"]
        assert ronde["gevraagd"] == sum(a.uren.get(pid, 0) for a in r.aanvragen.values())
        assert ronde["geadviseerd"] == sum(i.uren.get(pid, 0) for i in advised)
        assert ronde["vrijgemaakt"] == r.ronde.uren.get(pid, 0)
    # Over all professionals: the plan's actions plus pool, and the round's advised hours.
    claimed = sum(n for t in plan.themas for a in t.acties for n in a.uren.values())
    assert sum(p["wijkplan"] for p in data["professionals"]) == claimed + sum(
        plan.pool.uren.values()
    ) == 1845  # fmt: skip
    assert sum(p["rondes"][0]["geadviseerd"] for p in data["professionals"]) == 144
    for org, totals in data["organisaties"].items():
        members = [p for p in data["professionals"] if p["organisatie"] == org]
        assert totals["beschikbaar"] == sum(p["beschikbaar"] for p in members)
        assert totals["wijkplan"] == sum(p["wijkplan"] for p in members)


# --- over-claims ------------------------------------------------------------------------------


def test_wijkplan_overclaim_points_at_the_claim_that_tips_it(example_repo: Path) -> None:
    """Signaleren (T3) +10 for the wijkagent: his year (90) runs out at T4's last action."""
    edit(example_repo, WIJKPLAN, "          bas-rietveld: 30\n", "          bas-rietveld: 40\n")
    line, column = value_at(example_repo, WIJKPLAN, "wat: Sport- en spelmiddagen", "bas-rietveld")
    check(example_repo, (WIJKPLAN, line, column, "hours-exceeded"))


def test_wijkplan_claims_are_counted_in_priority_order(example_repo: Path) -> None:
    """The same over-claim with jeugd before omzien tips over at the signaleren action."""
    edit(example_repo, WIJKPLAN, "          bas-rietveld: 30\n", "          bas-rietveld: 40\n")
    edit(example_repo, WIJKPLAN, "prioriteit: 3\n", "prioriteit: 5\n")
    line, column = value_at(example_repo, WIJKPLAN, "wat: Signaleren", "bas-rietveld")
    check(example_repo, (WIJKPLAN, line, column, "hours-exceeded"), example=EXAMPLE_PROBLEMS)


def test_wijkplan_pool_can_tip_it_over(example_repo: Path) -> None:
    edit(example_repo, WIJKPLAN, "          mirjam-lagerweij: 100\n",
         "          mirjam-lagerweij: 110\n")  # fmt: skip
    line, column = value_at(example_repo, WIJKPLAN, "\npool:", "mirjam-lagerweij")
    check(example_repo, (WIJKPLAN, line, column, "hours-exceeded"), example=EXAMPLE_PROBLEMS)


def test_fewer_hours_in_leden_is_an_overclaim_too(example_repo: Path) -> None:
    edit(example_repo, LEDEN, "      2017: 90\n", "      2017: 80\n")  # bas-rietveld, first 90
    line, column = value_at(example_repo, WIJKPLAN, "wat: Sport- en spelmiddagen", "bas-rietveld")
    check(example_repo, (WIJKPLAN, line, column, "hours-exceeded"), example=EXAMPLE_PROBLEMS)


def test_advised_over_round_is_an_error_at_the_besluit(example_repo: Path) -> None:
    """P01 advised 30 + 10 + 24 = 64 with only 60 free: A08's besluit tips it over."""
    edit(example_repo, RONDE, "  mirjam-lagerweij: 90\n", "  mirjam-lagerweij: 60\n")
    besluit = value_at(example_repo, VERGADERING, "  a08-taalcafe:", "mirjam-lagerweij")
    asked = value_at(example_repo, A08, "\nuren:", "mirjam-lagerweij")  # 40 + 10 + 24 > 60
    # Her asked hours stay a warning (the advice does not fit); the youth worker's (A05 asks
    # 80 of 60) settled: his advice fits.
    check(
        example_repo,
        (VERGADERING, *besluit, "hours-exceeded"),
        (A08, *asked, "hours-asked-exceed"),
    )


def test_granting_asked_hours_points_at_the_application(example_repo: Path) -> None:
    """`toekennen` without `uren` grants the hours asked; the problem cites the aanvraag."""
    edit(example_repo, VERGADERING, "    bedrag: 3450\n    uren:\n      mirjam-lagerweij: 10\n",
         "    bedrag: 3450\n")  # fmt: skip
    edit(example_repo, RONDE, "  mirjam-lagerweij: 90\n", "  mirjam-lagerweij: 35\n")
    granted = value_at(example_repo, A02, "\nuren:", "mirjam-lagerweij")
    check(
        example_repo,
        (A02, *granted, "hours-exceeded"),
        # A01 alone asks 40 of her 35 free hours.
        (A01, *value_at(example_repo, A01, "\nuren:", "mirjam-lagerweij"), "hours-asked-exceed"),
        example=EXAMPLE_PROBLEMS,
    )


# --- wijk uren --------------------------------------------------------------------------------


def test_uren_table(runner: CliRunner, example_repo: Path) -> None:
    result = runner.invoke(app, ["uren", "--data", str(example_repo)])  # one gebied, newest plan
    assert result.exit_code == 0, result.stderr
    assert "gebied szh, 2017" in result.stdout
    youth = next(line for line in result.stdout.splitlines() if "Youssef Bakkali" in line)
    assert "80 !" in youth  # asked beyond what the round frees
    assert "!" not in next(line for line in result.stdout.splitlines() if "Gerda Wolters" in line)


def test_uren_md(runner: CliRunner, example_repo: Path) -> None:
    result = runner.invoke(app, ["uren", "szh", "--format", "md", "--data", str(example_repo)])
    assert result.exit_code == 0
    assert result.stdout.startswith("## Uren van professionals")
    assert "| Mirjam Lagerweij" in result.stdout


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["uren", "xyz"], 2, "gebied 'xyz' bestaat niet in data/gebieden (wel: szh)"),
        (["uren", "szh", "--format", "pdf"], 2, ""),
        (["uren", "szh", "--jaar", "twintig"], 2, ""),
    ],
)
def test_uren_exit_codes(
    runner: CliRunner, example_repo: Path, args: list[str], code: int, message: str
) -> None:
    result = runner.invoke(app, [*args, "--data", str(example_repo)])
    assert result.exit_code == code
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_uren_marks_an_overclaim(runner: CliRunner, example_repo: Path) -> None:
    """An hours overrun does not stop `wijk uren`: the table marks it, stderr names the line."""
    edit(example_repo, WIJKPLAN, "          bas-rietveld: 30\n", "          bas-rietveld: 40\n")
    result = runner.invoke(app, ["uren", "szh", "--data", str(example_repo)])
    assert result.exit_code == 1
    (row,) = [line for line in result.stdout.splitlines() if line.startswith("Bas Rietveld")]
    assert "-10 !" in row  # 100 claimed of 90
    assert "hours-exceeded" in result.stderr and WIJKPLAN in result.stderr
    assert "Traceback" not in result.stderr


def test_uren_still_refuses_other_errors(runner: CliRunner, example_repo: Path) -> None:
    edit(example_repo, WIJKPLAN, "          bas-rietveld: 30\n", "          bas-rietveld: dertig\n")
    result = runner.invoke(app, ["uren", "szh", "--data", str(example_repo)])
    assert result.exit_code == 1 and result.stdout == ""
    assert "invalid-value" in result.stderr


def test_uren_for_a_year_without_wijkplan(runner: CliRunner, example_repo: Path) -> None:
    result = runner.invoke(app, ["uren", "szh", "--jaar", "2019", "--data", str(example_repo)])
    assert result.exit_code == 1
    assert "geen wijkplan voor 2019 (wel: 2017)" in result.stderr
