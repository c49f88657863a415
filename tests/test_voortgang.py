"""After the decision (issue 18): the follow-up records in voortgang/, their rules with
file:line:column, and the deadlines that `wijk check --datum` warns about."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from tests.helpers import VERGADERING, edit
from wijkcli.cli.app import app
from wijkcli.model.voortgang import add_months
from wijkcli.pipeline import check_repo

REPO = Path(__file__).resolve().parents[1]

BASELINE = {  # the example's own warnings, outside the follow-up records
    ("data/beoordelingen/sbi-aanbesteding-2016/formulieren/f21.yaml", "missing-score"),
    ("data/beoordelingen/sbi-aanbesteding-2016/kandidaten.yaml", "too-few-scores"),
    ("data/rondes/ronde-2017-2/voortgang/a02-wijkgids.yaml", "hours-used-above-granted"),
    ("data/rondes/ronde-2017-2/voortgang/a03-samen-op-stap.yaml", "hours-used-above-granted"),
}
V = "data/rondes/ronde-2017-2/voortgang/"
A01 = V + "a01-huiskamer.yaml"
A02 = V + "a02-wijkgids.yaml"
A03 = V + "a03-samen-op-stap.yaml"
A04 = V + "a04-muziekcafe.yaml"
A06 = V + "a06-repair-cafe.yaml"


def problems(repo: Path, datum: date | None = None) -> set[tuple[str, int, int, str, str]]:
    """Every problem as (path, line, column, code, severity) except the example's baseline."""
    _, found = check_repo(repo, datum)
    out = set()
    for p in found:
        assert p.location is not None
        if (p.location.path, p.code) in BASELINE:
            continue
        out.add((p.location.path, p.location.line, p.location.column, p.code, p.severity.value))
    return out


def test_the_example_follow_up_has_no_problems(example_repo: Path) -> None:
    assert problems(example_repo) == set()
    _, found = check_repo(example_repo)
    assert {(p.location.path, p.code) for p in found if p.location} == BASELINE


def test_a_follow_up_of_an_application_not_adopted_is_a_warning(example_repo: Path) -> None:
    target = example_repo / V / "a07-buurtbarbecue.yaml"
    shutil.copy(example_repo / A06, target)
    line, col = edit(example_repo, V + "a07-buurtbarbecue.yaml", "aanvraag: a06-repair-cafe",
                     "aanvraag: a07-buurtbarbecue")  # fmt: skip
    assert problems(example_repo) == {
        (V + "a07-buurtbarbecue.yaml", line, col + 10, "voortgang-not-adopted", "waarschuwing")
    }


def test_a_follow_up_of_an_unknown_application_is_an_error(example_repo: Path) -> None:
    shutil.copy(example_repo / A06, example_repo / V / "a99-bestaat-niet.yaml")
    assert problems(example_repo) == {
        (V + "a99-bestaat-niet.yaml", 3, 11, "id-mismatch", "fout"),
        (V + "a99-bestaat-niet.yaml", 3, 11, "unknown-aanvraag", "fout"),
    }


def test_a_follow_up_waits_for_finished_minutes(example_repo: Path) -> None:
    """While an item of the minutes has no proposal, the advice is not final: no comparison."""
    edit(example_repo, VERGADERING, "    voorstel: afwijzen", "    voorstel:")
    shutil.copy(example_repo / A06, example_repo / V / "a07-buurtbarbecue.yaml")
    edit(example_repo, V + "a07-buurtbarbecue.yaml", "aanvraag: a06-repair-cafe",
         "aanvraag: a07-buurtbarbecue")  # fmt: skip
    assert {code for *_, code, _ in problems(example_repo)} == {"unfinished-item"}


def test_granted_above_the_advice_needs_a_reason(example_repo: Path) -> None:
    line, col = edit(example_repo, A01, "  bedrag: 6500", "  bedrag: 6500.01")
    assert problems(example_repo) == {(A01, line, col + 10, "granted-above-advice", "waarschuwing")}
    edit(example_repo, A01, "  bedrag: 6500.01", "  bedrag: 6500.01\n  reden: Een cent extra.")
    assert problems(example_repo) == set()


def test_granted_hours_above_the_advice_need_a_reason(example_repo: Path) -> None:
    line, col = edit(example_repo, A01, "    mirjam-lagerweij: 30", "    mirjam-lagerweij: 31")
    assert problems(example_repo) == {(A01, line, col + 22, "granted-above-advice", "waarschuwing")}
    # Less than advised is Indebuurt033's choice; using more than was granted is a warning of
    # its own, with both numbers (26 used, 20 granted).
    edit(example_repo, A01, "    mirjam-lagerweij: 31", "    mirjam-lagerweij: 20")
    text = (example_repo / A01).read_text(encoding="utf-8")
    used = text.splitlines().index("  mirjam-lagerweij: 26") + 1
    assert problems(example_repo) == {(A01, used, 21, "hours-used-above-granted", "waarschuwing")}
    _, found = check_repo(example_repo)
    assert [
        p.message
        for p in found
        if p.location and p.location.path == A01 and p.code == "hours-used-above-granted"
    ] == [
        "'mirjam-lagerweij' werkte 26 uur voor dit project, 6 meer dan de 20 uur die "
        "Indebuurt033 toekende"
    ]


def test_spent_and_returned_at_most_granted(example_repo: Path) -> None:
    line, col = edit(example_repo, A04, "terugbetaald: 2570", "terugbetaald: 2570.01")
    assert problems(example_repo) == {(A04, line, col + 14, "spent-above-granted", "fout")}
    edit(example_repo, A04, "terugbetaald: 2570.01\n", "")
    line, col = edit(example_repo, A04, "besteed: 180", "besteed: 2750.01")
    assert problems(example_repo) == {(A04, line, col + 9, "spent-above-granted", "fout")}


def test_status_dates_in_order(example_repo: Path) -> None:
    # Samen op Stap: gestart 1 June, uitgevoerd 15 December (moved before gestart).
    line, col = edit(example_repo, A03, "    datum: 2017-12-15", "    datum: 2017-05-15")
    assert problems(example_repo) == {(A03, line, col + 11, "status-date-order", "fout")}


def test_the_first_status_not_before_the_decision(example_repo: Path) -> None:
    line, _ = edit(example_repo, A06, "  - status: toegekend\n    datum: 2017-04-28",
                     "  - status: toegekend\n    datum: 2017-04-27")  # fmt: skip
    assert problems(example_repo) == {(A06, line + 1, 12, "status-date-order", "fout")}


def test_status_follows_the_life_cycle(example_repo: Path) -> None:
    # gestart after uitgevoerd is out of order; nothing may follow afgerond
    edit(example_repo, A02, "  - status: uitgevoerd\n    datum: 2017-06-26",
         "  - status: uitgevoerd\n    datum: 2017-06-26\n  - status: gestart\n"
         "    datum: 2017-06-27")  # fmt: skip
    edit(
        example_repo,
        A02,
        "    datum: 2017-11-20",
        "    datum: 2017-11-20\n  - status: niet-doorgegaan\n    datum: 2017-11-21",
    )
    gestart = _line(example_repo, A02, "  - status: gestart\n    datum: 2017-06-27")
    after = _line(example_repo, A02, "  - status: niet-doorgegaan")
    assert problems(example_repo) == {
        (A02, gestart, 13, "status-order", "fout"),
        (A02, after, 13, "status-order", "fout"),
    }


def test_not_carried_out_may_follow_any_status(example_repo: Path) -> None:
    edit(
        example_repo,
        A03,
        "    datum: 2017-12-15",
        "    datum: 2017-12-15\n  - status: niet-doorgegaan\n    datum: 2017-12-18",
    )
    assert problems(example_repo) == set()


def test_hours_only_of_professionals(example_repo: Path) -> None:
    line, _ = edit(example_repo, A01, "  linda-hoogeveen: 10\nverslag:",
                     "  linda-hoogeveen: 10\n  joke-aldersveld: 3\nverslag:")  # fmt: skip
    line2, _ = edit(example_repo, A02, "  uren:\n    mirjam-lagerweij: 10",
                       "  uren:\n    mirjam-lagerweij: 10\n    mirjam: 2")  # fmt: skip
    assert problems(example_repo) == {
        (A01, line + 1, 3, "not-a-professional", "fout"),
        (A02, line2 + 2, 5, "unknown-professional", "fout"),
    }


def test_a_deadline_is_a_date_or_months_not_both(example_repo: Path) -> None:
    line, _ = edit(example_repo, A01, "    maanden: 6", "    maanden: 6\n    uiterlijk: 2017-10-31")
    assert problems(example_repo) == {(A01, line, 5, "invalid-value", "fout")}


def test_months_after_the_decision() -> None:
    assert add_months(date(2017, 4, 28), 6) == date(2017, 10, 28)
    assert add_months(date(2017, 1, 31), 1) == date(2017, 2, 28)
    assert add_months(date(2016, 1, 31), 1) == date(2016, 2, 29)
    assert add_months(date(2017, 11, 30), 3) == date(2018, 2, 28)
    assert add_months(date(2017, 4, 28), 12) == date(2018, 4, 28)


@pytest.mark.slow
def test_check_datum_warns_about_overdue_reports_and_conditions(example_repo: Path) -> None:
    a03_report = _line(example_repo, A03, "    uiterlijk: 2018-01-31")
    # The report of Samen op Stap is due 31 January 2018: on that day it is not overdue yet.
    assert problems(example_repo, date(2018, 1, 31)) - _actions() == set()
    assert problems(example_repo, date(2018, 2, 1)) - _actions() == {
        (A03, a03_report, 16, "report-overdue", "waarschuwing")
    }
    # A condition due 2 months after the decision (28 June 2017), not yet fulfilled.
    edit(example_repo, A03, "      vervuld: 2017-06-20\n", "")
    months = _line(example_repo, A03, "      maanden: 2")
    assert problems(example_repo, date(2017, 6, 28)) - _actions() == set()
    assert problems(example_repo, date(2017, 6, 29)) - _actions() == {
        (A03, months, 16, "condition-overdue", "waarschuwing")
    }


@pytest.mark.slow
def test_a_report_due_in_months(example_repo: Path) -> None:
    """Repair Café: report due 6 months after 28 April 2017, that is 28 October 2017."""
    edit(
        example_repo,
        A06,
        "verslag:\n  ontvangen: 2017-10-25\n",
        "verslag:\n  ontvangen: 2017-11-02\n",
    )
    due = _line(example_repo, A06, "    maanden: 6")
    assert problems(example_repo, date(2017, 10, 28)) - _actions() == set()
    assert problems(example_repo, date(2017, 10, 29)) - _actions() == {
        (A06, due, 14, "report-overdue", "waarschuwing")
    }
    # Once it is received (even late) it is no longer open.
    assert problems(example_repo, date(2017, 11, 3)) - _actions() == set()


def _actions() -> set[tuple[str, int, int, str, str]]:
    """The minutes' own overdue action points (tested in test_meeting)."""
    return {
        (
            "data/rondes/ronde-2017-2/vergadering-szh.yaml",
            line,
            16,
            "overdue-action",
            "waarschuwing",
        )
        for line in range(1, 400)
    }


def _line(repo: Path, rel: str, needle: str) -> int:
    text = (repo / rel).read_text(encoding="utf-8")
    return text.count("\n", 0, text.index(needle)) + 1


def test_a_project_that_did_not_go_ahead_has_no_deadlines(example_repo: Path) -> None:
    # Muziekcafé: report due 8 months after the decision, a condition after 1; it stopped.
    assert {p for p in problems(example_repo, date(2019, 1, 1)) if p[0] == A04} == set()
    edit(example_repo, A04, "  - status: niet-doorgegaan\n    datum: 2017-06-12\n",
         "  - status: gestart\n    datum: 2017-06-12\n")  # fmt: skip
    edit(example_repo, A04, "terugbetaald: 2570\n", "")
    found = {p for p in problems(example_repo, date(2019, 1, 1)) if p[0] == A04}
    assert {(p[3], p[1], p[2]) for p in found} == {
        ("condition-overdue", 9, 16),
        ("report-overdue", 11, 14),
    }


GRANT_MORE = (
    "(kende Indebuurt033 de extra uren toe, zet ze dan in besluit: uren (met een reden); anders "
    "klopt uren_gebruikt niet, of moet het team de overschrijding met Indebuurt033 bespreken)"
)


def test_check_datum_on_the_command_line(example_repo: Path, runner) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["check", "--datum", "2018-02-01", "--format", "parsable",
                                 "--data", str(example_repo)])  # fmt: skip
    assert result.exit_code == 0
    lines = [x for x in result.stdout.splitlines() if "voortgang/" in x]
    assert lines == [
        f"{A02}:36:21: waarschuwing: 'mirjam-lagerweij' werkte 12 uur voor dit project, 2 meer "
        f"dan de 10 uur die Indebuurt033 toekende {GRANT_MORE} [hours-used-above-granted]",
        f"{A03}:14:16: waarschuwing: het verslag van 'Samen op Stap' moest uiterlijk 31 januari "
        "2018 binnen zijn en is er nog niet (zet 'verslag: ontvangen: JJJJ-MM-DD' in het bestand "
        "als het er is) [report-overdue]",
        f"{A03}:24:18: waarschuwing: 'gerda-wolters' werkte 64 uur voor dit project, 4 meer dan "
        f"de 60 uur die Indebuurt033 toekende {GRANT_MORE} [hours-used-above-granted]",
    ]


# --- wijk voortgang ---------------------------------------------------------------------------


def test_voortgang_golden(runner, golden) -> None:  # type: ignore[no-untyped-def]
    result = runner.invoke(app, ["voortgang", "szh", "--jaar", "2017", "--datum", "2018-02-15",
                                 "--format", "md", "--data", str(REPO)])  # fmt: skip
    assert result.exit_code == 0, result.output
    golden("szh/voortgang-2017.md", result.stdout)


def test_voortgang_marks_what_is_overdue_on_the_date(runner) -> None:  # type: ignore[no-untyped-def]
    def late(datum: str) -> list[str]:
        result = runner.invoke(app, ["voortgang", "szh", "--datum", datum, "--data", str(REPO)])
        assert result.exit_code == 0, result.output
        return [x for x in result.stdout.splitlines() if x.endswith("!")]

    assert late("2018-01-31") == []
    assert [x.split()[:4] for x in late("2018-02-01")] == [["A03", "Samen", "op", "Stap"]]


def test_voortgang_json_has_the_numbers(runner) -> None:  # type: ignore[no-untyped-def]
    import json

    result = runner.invoke(app, ["voortgang", "--datum", "2018-02-15", "--format", "json",
                                 "--data", str(REPO)])  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rows = {a["aanvraag"]: a for a in data["rondes"][0]["aanvragen"]}
    assert sorted(rows) == ["a01-huiskamer", "a02-wijkgids", "a03-samen-op-stap",
                            "a04-muziekcafe", "a06-repair-cafe", "a08-taalcafe"]  # fmt: skip
    a04 = rows["a04-muziekcafe"]
    # Amounts as every JSON of wijkcli writes them: exact, with two decimals.
    assert (a04["status"], a04["toegekend"], a04["besteed"], a04["terugbetaald"]) == (
        "niet-doorgegaan", "2750.00", "180.00", "2570.00",
    )  # fmt: skip
    assert rows["a08-taalcafe"]["terug_naar_budget"] == "300.00"  # 2300 advised, 2000 granted
    assert rows["a03-samen-op-stap"]["te_laat"] == [{"wat": "verslag", "uiterlijk": "2018-01-31"}]
    assert rows["a01-huiskamer"]["uren_gebruikt"] == {"mirjam-lagerweij": 26, "linda-hoogeveen": 10}


def test_an_adopted_application_without_follow_up_says_so(example_repo: Path, runner) -> None:  # type: ignore[no-untyped-def]
    (example_repo / A06).unlink()
    result = runner.invoke(app, ["voortgang", "--datum", "2018-02-15", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    row = next(x for x in result.stdout.splitlines() if x.startswith("A06"))
    assert "besluit nog niet vastgelegd" in row and "€ 1.149,95" in row


def test_voortgang_usage_mistakes(runner) -> None:  # type: ignore[no-untyped-def]
    bad = runner.invoke(app, ["voortgang", "--datum", "15-02-2018", "--data", str(REPO)])
    assert bad.exit_code == 2 and "geen datum" in bad.output
    unknown = runner.invoke(app, ["voortgang", "szh", "--jaar", "2016", "--data", str(REPO)])
    assert unknown.exit_code == 1 and "geen wijkplan voor 2016" in unknown.output
    assert "Traceback" not in bad.output + unknown.output


# --- without follow-up files nothing else changes ---------------------------------------------

DOCUMENTS = [
    ["advies", "ronde-2017-2", "--format", "md"],
    ["advies", "ronde-2017-2", "--format", "html"],
    ["agenda", "ronde-2017-2", "--format", "md"],
    ["agenda", "ronde-2017-2", "--format", "html"],
    ["notulen", "ronde-2017-2", "--format", "md"],
    ["notulen", "ronde-2017-2", "--format", "html"],
    ["plan", "szh", "2017", "--format", "md"],
    ["plan", "szh", "2017", "--format", "html"],
    ["tally", "ronde-2017-2", "--format", "tabel"],
    ["tally", "ronde-2017-2", "--format", "json"],
    ["tally", "ronde-2017-2", "--format", "md"],
    ["uren", "szh", "--format", "tabel"],
    ["uren", "szh", "--format", "json"],
    ["actiepunten", "--datum", "2017-06-01"],
    ["pb", "export", "ronde-2017-2"],
]


@pytest.mark.slow
def test_without_follow_up_files_every_other_output_is_the_same(  # type: ignore[no-untyped-def]
    example_repo: Path, tmp_path: Path, runner
) -> None:
    """The example with its voortgang/ and a copy without it give byte-for-byte the same
    documents, and the same as the golden files of the documents that have one. Only the
    newsletter reads Indebuurt033's decision there (#29): without it, it gives the advice."""
    bare = tmp_path / "zonder"
    shutil.copytree(example_repo, bare)
    shutil.rmtree(bare / "data/rondes/ronde-2017-2/voortgang")
    for args in DOCUMENTS:
        outputs = []
        for repo in (example_repo, bare):
            result = runner.invoke(app, [*args, "--data", str(repo)])
            assert result.exit_code == 0, (args, result.output)
            outputs.append(result.stdout_bytes)
        assert outputs[0] == outputs[1], args
    for fmt in ("html", "tekst"):
        args = ["nieuwsbrief", "ronde-2017-2", "--format", fmt]
        decided, advised = (runner.invoke(app, [*args, "--data", str(repo)]).stdout
                            for repo in (example_repo, bare))  # fmt: skip
        assert "kende Indebuurt033" in decided and "kende" not in advised
        assert "adviseerde Indebuurt033" in advised and "adviseerde" not in decided
    # `wijk check` reports the same, apart from the problems inside the follow-up files
    # themselves (the example's hours used above those granted).
    checked = []
    for repo in (example_repo, bare):
        result = runner.invoke(app, ["check", "--format", "json", "--data", str(repo)])
        checked.append([p for p in json.loads(result.stdout)["problemen"]
                        if "/voortgang/" not in p["pad"]])  # fmt: skip
    assert checked[0] == checked[1]
    golden = REPO / "tests/golden/szh"
    for name, args in [
        ("agenda-ronde-2017-2.md", ["agenda", "ronde-2017-2", "--format", "md"]),
        ("notulen-ronde-2017-2.html", ["notulen", "ronde-2017-2", "--format", "html"]),
    ]:
        result = runner.invoke(app, [*args, "--data", str(bare)])
        assert result.stdout_bytes == (golden / name).read_bytes(), name


# --- money back to the budget of the next round ---------------------------------------------


def _next_round(repo: Path) -> None:
    """ronde-2017-3: a copy of ronde-2017-2 (without follow-up records) four months later."""
    import re

    src = repo / "data/rondes/ronde-2017-2"
    dst = repo / "data/rondes/ronde-2017-3"
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns("voortgang"))
    for f in sorted(dst.rglob("*.yaml")):
        text = f.read_text(encoding="utf-8").replace("ronde-2017-2", "ronde-2017-3")
        text = text.replace("Subsidieronde 2 (2017)", "Subsidieronde 3 (2017)")
        text = re.sub(r"2017-(0[1-7])-", lambda m: f"2017-{int(m[1]) + 4:02d}-", text)
        f.write_text(text.replace("doorgeschoven:\n  szh: 1000\n", ""), encoding="utf-8")


@pytest.mark.slow
def test_returned_money_is_a_line_of_its_own_in_the_next_letter(  # type: ignore[no-untyped-def]
    example_repo: Path, runner
) -> None:
    from decimal import Decimal

    from wijkcli.count.ledger import tally
    from wijkcli.documents.advies import advies_context
    from wijkcli.documents.render import render
    from wijkcli.pipeline import load_clean

    _next_round(example_repo)
    dataset, _ = load_clean(example_repo)
    result = tally(dataset.meeting("ronde-2017-3", "szh"))
    # A08: 2300 advised, 2000 granted (300); A02 returned 70, A04 returned 2570.
    assert result.teruggevloeid == Decimal("2940.00")
    assert (result.doorgeschoven, result.beschikbaar) == (Decimal("1637.55"), Decimal("25577.55"))
    assert result.over == Decimal("25577.55") - result.geadviseerd
    ctx = advies_context(dataset.meeting("ronde-2017-3", "szh"), versie="TESTVERSIE")
    md = render("adviesbrief.md.j2", ctx)
    table = md[md.index("## Budget") :].split("\n\n")[1].splitlines()
    assert table[2:6] == [
        "| Budget deze ronde | € 21.000,00 |",
        "| Doorgeschoven uit eerdere rondes | € 1.637,55 |",
        "| Terug uit eerdere rondes (niet toegekend of terugbetaald) | € 2.940,00 |",
        "| **Beschikbaar** | **€ 25.577,55** |",
    ]
    html = render("adviesbrief.html.j2", ctx)
    assert ("<tr><td>Terug uit eerdere rondes (niet toegekend of terugbetaald)</td>"
            '<td class="bedrag">€&nbsp;2.940,00</td></tr>') in html  # fmt: skip
    typ = render("adviesbrief.typ.j2", ctx)
    assert "[Terug uit eerdere rondes (niet toegekend of terugbetaald)]" in typ
    # The round of the applications itself has no such line.
    own = render(
        "adviesbrief.md.j2", advies_context(dataset.meeting("ronde-2017-2", "szh"), versie="T")
    )
    assert "Terug uit eerdere rondes" not in own
    tally = runner.invoke(app, ["tally", "ronde-2017-3", "--format", "md",
                                "--data", str(example_repo)])  # fmt: skip
    assert "| terug uit eerdere rondes |  € 2.940,00 |" in tally.stdout
    js = runner.invoke(app, ["tally", "ronde-2017-3", "--format", "json",
                             "--data", str(example_repo)])  # fmt: skip
    import json

    gebied = json.loads(js.stdout)["gebieden"][0]
    assert (gebied["teruggevloeid"], gebied["beschikbaar"]) == ("2940.00", "25577.55")
    agenda = runner.invoke(app, ["agenda", "ronde-2017-3", "--data", str(example_repo)])
    assert "| Terug uit eerdere rondes (niet toegekend of terugbetaald) | € 2.940,00 |" in (
        agenda.stdout
    )


def test_more_granted_than_advised_takes_from_the_next_round(example_repo: Path) -> None:
    from decimal import Decimal

    from wijkcli.count.ledger import tally
    from wijkcli.pipeline import load_clean

    _next_round(example_repo)
    edit(example_repo, A01, "  bedrag: 6500", "  bedrag: 6600\n  reden: Ook de opstartmaand.")
    dataset, _ = load_clean(example_repo)
    assert tally(dataset.meeting("ronde-2017-3", "szh")).teruggevloeid == Decimal("2840.00")


def test_the_year_report_says_where_returned_money_went(example_repo: Path) -> None:
    from wijkcli.documents.jaarverslag import jaarverslag_context
    from wijkcli.pipeline import load_clean

    _next_round(example_repo)
    dataset, _ = load_clean(example_repo)
    rondes = jaarverslag_context(dataset, "szh", 2017, versie="T")["rondes"]
    # Round 3 meets on 13 August: all of round 2's money back (28 April – 10 July) goes there.
    assert [(r["naam"], r["terug"], r["bestemming"], r["teruggevloeid"]) for r in rondes] == [
        ("Subsidieronde 2 (2017)", Decimal("2940.00"),
         [{"naar": "Subsidieronde 3 (2017)", "bedrag": Decimal("2940.00")}], Decimal("0")),
        ("Subsidieronde 3 (2017)", Decimal("0"), [], Decimal("2940.00")),
    ]  # fmt: skip


def test_money_back_after_a_meeting_goes_to_the_round_after_it_or_the_fund(
    example_repo: Path,
) -> None:
    """By date (issue #27): with round 3 on 13 June, the € 300 not granted (28 April) goes to
    round 3; A04's € 2.570 (returned when it stopped on 12 June, on the day before) too; A02's
    € 70 came back on 10 July, after the last round of the year: to the fund."""
    from wijkcli.count.ledger import Ledger
    from wijkcli.documents.jaarverslag import jaarverslag_context
    from wijkcli.pipeline import load_clean

    _next_round(example_repo)
    # The whole round two months earlier: submitted by 31 May, meeting 13 June.
    path = example_repo / "data/rondes/ronde-2017-3/ronde.yaml"
    text = path.read_text(encoding="utf-8")
    earlier = re.sub(r"2017-(0[6-9])-", lambda m: f"2017-{int(m[1]) - 2:02d}-", text)
    path.write_text(earlier, encoding="utf-8")
    dataset, _ = load_clean(example_repo)
    rondes = jaarverslag_context(dataset, "szh", 2017, versie="T")["rondes"]
    assert rondes[0]["bestemming"] == [
        {"naar": "Subsidieronde 3 (2017)", "bedrag": Decimal("2870.00")},
        {"naar": None, "bedrag": Decimal("70.00")},
    ]
    assert rondes[1]["teruggevloeid"] == Decimal("2870.00")
    kb = Ledger.of(dataset).kasboek("szh", 2017)
    assert [(f.aanvraag, f.bedrag) for f in kb.naar_fonds] == [("a02-wijkgids", Decimal("70"))]


def test_verschil_shows_a_changed_follow_up(example_repo: Path, runner) -> None:  # type: ignore[no-untyped-def]
    from tests.helpers import git_commit_all

    git_commit_all(example_repo)
    edit(example_repo, A03, "besteed: 3950", "besteed: 4000")
    (example_repo / A06).unlink()
    result = runner.invoke(app, ["verschil", "--data", str(example_repo)])
    assert result.exit_code == 0, result.output
    part = result.stdout[result.stdout.index("### Voortgang ronde-2017-2") :]
    assert part.splitlines()[4:6] == [
        "| A03 Samen op Stap | besteed | € 3.950,00 | € 4.000,00 |",
        "| A06 Repair Café Schothorst | verwijderd | aanvraag: A06 Repair Café Schothorst; "
        "besteed: € 1.149,95; terugbetaald: € 0,00 | — |",
    ]
