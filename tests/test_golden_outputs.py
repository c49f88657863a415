"""Golden files for every output format of the table commands, run through the CLI as a user
runs them: `wijk tally`, `wijk uren`, `wijk voortgang`, `wijk actiepunten`, `wijk check` (on
broken data) and `wijk pb verdeel` (every rule). The terminal views of `tally` and `uren` (Rich,
shown only on a terminal) are rendered at 120 columns without colour, those of `voortgang` and
`actiepunten` at 80.

The data is chosen so that a swapped column shows: the example's votes differ per column (8
voor, 2 tegen, 1 onthouding), its roll (12) differs from who was present (11, and 10 after a
member left); the hours data is edited so that every organisation column has its own number;
the round's budget is cut so that the allocation rules pick other applications; the `.pb`
file gives six different outcomes for the six rules. Review a changed golden like code.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import LEDEN, RONDE, VERGADERING, broken_example, edit
from wijkcli.cli.app import app

REPO = Path(__file__).resolve().parents[1]
Golden = Callable[[str, str], None]


def _run(runner: CliRunner, *args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.stdout


# --- wijk tally -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["tabel", "md", "json"])
def test_tally(runner: CliRunner, golden: Golden, fmt: str) -> None:
    out = _run(runner, "tally", "ronde-2017-2", "--format", fmt, "--data", str(REPO))
    golden(f"tally/ronde-2017-2.{fmt}", out)


def test_tally_json_present_is_who_was_there_not_the_roll(runner: CliRunner) -> None:
    """The columns the goldens pin, said once in words: 12 members may vote; 11 were there,
    10 at a08 (ahmet-yildiz had left)."""
    data = json.loads(_run(runner, "tally", "ronde-2017-2", "--format", "json",
                           "--data", str(REPO)))  # fmt: skip
    items = {i["aanvraag"]: i for i in data["gebieden"][0]["items"]}
    assert {i["stemgerechtigd"] for i in items.values()} == {12}
    assert items["a01-huiskamer"]["aanwezig"] == 11
    assert items["a08-taalcafe"]["aanwezig"] == 10
    a01 = items["a01-huiskamer"]
    assert (a01["voor"], a01["tegen"], a01["onthouding"]) == (8, 2, 1)


def test_tally_table_headers_sit_over_their_numbers(runner: CliRunner) -> None:
    """In the plain table each header stands right above its (right-aligned) number."""
    lines = _run(runner, "tally", "ronde-2017-2", "--data", str(REPO)).splitlines()
    head = lines[2]
    a01 = next(x for x in lines if x.startswith("a01-huiskamer"))
    for name, value in (("voor", "8"), ("tegen", "2"), ("onth.", "1")):
        end = head.index(f" {name} ") + 1 + len(name)
        assert a01[end - 1] == value and a01[end] == " ", (name, a01)


def test_tally_terminal(golden: Golden) -> None:
    from wijkcli.count.ledger import Ledger
    from wijkcli.documents.tally import tally_terminal
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(REPO, ronde="ronde-2017-2")
    names = {lid.id: lid.naam for g in dataset.gebieden.values() for lid in g.leden}
    result = Ledger.of(dataset).tally_ronde(dataset.meetings("ronde-2017-2"))
    golden("tally/ronde-2017-2.terminal", tally_terminal(result, width=120, names=names,
                                                         colour=False))  # fmt: skip


CUT = "budget:\n  szh: 21000"
BUDGETS = {"steun-overslaan": 13000, "steun-stoppen": 13000, "gelijke-delen": 15000}
"""The round's budget cut so that the adopted advice (20362.45) does not fit. With 13000 (plus
1000 carried over) a03, a06 and a02 are taken by support (the cheaper first on equal votes),
then a01 (6500) does not fit: `steun-overslaan` goes on with a08 and a04, `steun-stoppen` stops.
With 15000 the support rules take a01 as fourth; `gelijke-delen` (Equal Shares over who voted
voor) spreads the money over a08 and a04 instead."""


@pytest.mark.parametrize("rule", list(BUDGETS))
@pytest.mark.parametrize("fmt", ["tabel", "json"])
def test_tally_allocation_rules(
    runner: CliRunner, golden: Golden, example_repo: Path, rule: str, fmt: str
) -> None:
    edit(example_repo, RONDE, CUT, f"budget:\n  szh: {BUDGETS[rule]}")
    edit(example_repo, RONDE, "toewijzing: steun-overslaan", f"toewijzing: {rule}")
    out = _run(runner, "tally", "ronde-2017-2", "--format", fmt, "--data", str(example_repo))
    golden(f"tally/toewijzing-{rule}.{fmt}", out)


# --- wijk uren --------------------------------------------------------------------------------


def _hours_repo(repo: Path) -> Path:
    """The example with every organisation column its own number: more hours for Gerda
    Wolters (MEE), Mirjam Lagerweij and Youssef Bakkali (both Welzin, so its `vrij` is a sum
    of two) and Martijn Zwart (de Alliantie) than the wijkplan claims, fewer for Bas Rietveld
    (Politie), so his wijkplan claim goes over (error)."""
    edit(repo, LEDEN, "      2017: 270", "      2017: 300")
    edit(repo, LEDEN, "      2017: 540", "      2017: 600")
    edit(repo, LEDEN, "      2017: 720", "      2017: 730")
    edit(repo, LEDEN, "organisatie: de Alliantie\n    uren:\n      2017: 90",
         "organisatie: de Alliantie\n    uren:\n      2017: 125")  # fmt: skip
    edit(repo, LEDEN, "organisatie: Politie\n    uren:\n      2017: 90",
         "organisatie: Politie\n    uren:\n      2017: 80")  # fmt: skip
    return repo


@pytest.mark.parametrize("fmt", ["tabel", "md", "json"])
def test_uren(runner: CliRunner, golden: Golden, example_repo: Path, fmt: str) -> None:
    repo = _hours_repo(example_repo)
    result = runner.invoke(app, ["uren", "szh", "--jaar", "2017", "--format", fmt,
                                 "--data", str(repo)])  # fmt: skip
    assert result.exit_code == 1, result.output  # the wijkplan claims too much of Bas Rietveld
    assert "[hours-exceeded]" in result.stderr
    golden(f"uren/szh-2017.{fmt}", result.stdout)


def test_uren_organisations_in_words(runner: CliRunner, example_repo: Path) -> None:
    """The organisation numbers the goldens pin: beschikbaar is the sum of the professionals'
    year hours, wijkplan what the plan claims, over the difference."""
    repo = _hours_repo(example_repo)
    result = runner.invoke(app, ["uren", "szh", "--format", "json", "--data", str(repo)])
    orgs = json.loads(result.stdout)["organisaties"]
    assert orgs["Indebuurt033 (Welzin)"] == {
        "beschikbaar": 1330, "wijkplan": 1260, "geadviseerd": 64, "over": 70,
    }  # fmt: skip
    assert orgs["Politie"] == {"beschikbaar": 80, "wijkplan": 90, "geadviseerd": 0, "over": -10}


def test_uren_terminal(golden: Golden, example_repo: Path) -> None:
    from wijkcli.count.uren import HOURS_CODES, hours_report
    from wijkcli.documents.uren import hours_terminal
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(_hours_repo(example_repo), allow=HOURS_CODES)
    report = hours_report(dataset, "szh", 2017)
    golden("uren/szh-2017.terminal", hours_terminal(report, width=120, colour=False))


# --- wijk voortgang and wijk actiepunten ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["tabel", "json"])  # md: test_voortgang.py
def test_voortgang(runner: CliRunner, golden: Golden, fmt: str) -> None:
    out = _run(runner, "voortgang", "szh", "--jaar", "2017", "--datum", "2018-02-15",
               "--format", fmt, "--data", str(REPO))  # fmt: skip
    golden(f"szh/voortgang-2017.{fmt}", out)


@pytest.mark.parametrize("fmt", ["tabel", "md", "json"])
def test_actiepunten(runner: CliRunner, golden: Golden, fmt: str) -> None:
    """On 13 May 2017 one open action is overdue (11 May) and one is not (15 May); the one
    that was done is not listed."""
    out = _run(runner, "actiepunten", "--datum", "2017-05-13", "--format", fmt,
               "--data", str(REPO))  # fmt: skip
    golden(f"szh/actiepunten-2017-05-13.{fmt}", out)


def test_voortgang_and_actiepunten_terminal(golden: Golden, example_dataset) -> None:  # type: ignore[no-untyped-def]
    from datetime import date

    from wijkcli.documents.actiepunten import actiepunten_terminal, open_actiepunten
    from wijkcli.documents.voortgang import voortgang_terminal

    golden("szh/voortgang-2017.terminal", voortgang_terminal(
        example_dataset, "szh", 2017, date(2018, 2, 15), width=80, colour=False))  # fmt: skip
    day = date(2017, 5, 13)
    golden("szh/actiepunten-2017-05-13.terminal", actiepunten_terminal(
        open_actiepunten(example_dataset, None, day), day, width=80, colour=False))  # fmt: skip


# --- wijk check on broken data ----------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["tekst", "json", "github"])  # parsable: test_cli.py
def test_check(runner: CliRunner, golden: Golden, example_repo: Path, fmt: str) -> None:
    repo = broken_example(example_repo)
    out = _run(runner, "check", "--format", fmt, "--data", str(repo), code=1)
    golden(f"broken/check.{fmt}", out)


def test_check_github_annotation_points_at_line_and_column(
    runner: CliRunner, example_repo: Path
) -> None:
    """`1.250` is on line 17 at column 9: GitHub's `line=` and `col=` say so."""
    repo = broken_example(example_repo)
    out = _run(runner, "check", "--format", "github", "--data", str(repo), code=1)
    mine = [x for x in out.splitlines() if "title=invalid-value" in x]
    assert len(mine) == 1
    assert mine[0].startswith(
        "::error file=data/rondes/ronde-2017-2/aanvragen/a01-huiskamer.yaml,line=17,col=9,"
    )


def test_check_what_the_count_finds(runner: CliRunner, golden: Golden, example_repo: Path) -> None:
    """The problems found only by counting, in their words (pinned here, once, as a user reads
    them): the adopted advice over the budget without a `toewijzing` rule, hours advised over
    what the round frees, a wijkplan claiming more than a professional has, a professional
    without hours for the year, and hours asked beyond what the round frees."""
    edit(example_repo, RONDE, CUT, "budget:\n  szh: 13000")
    edit(example_repo, RONDE, "regels:\n  toewijzing: steun-overslaan\n", "")
    edit(example_repo, RONDE, "  mirjam-lagerweij: 90", "  mirjam-lagerweij: 50")
    edit(example_repo, LEDEN, "organisatie: Politie\n    uren:\n      2017: 90",
         "organisatie: Politie\n    uren:\n      2017: 80")  # fmt: skip
    edit(example_repo, LEDEN, "organisatie: Portaal\n    uren:\n      2017: 135",
         "organisatie: Portaal\n    uren:\n      2016: 135")  # fmt: skip
    out = _run(runner, "check", "--format", "parsable", "--data", str(example_repo), code=1)
    golden("broken/count.parsable", out)


def test_check_gelijke_delen_on_a_secret_ballot(
    runner: CliRunner, golden: Golden, example_repo: Path
) -> None:
    """`gelijke-delen` needs to know who voted voor; a secret ballot (counts: 7 voor, 1 tegen,
    1 onthouding everywhere) cannot tell, and the check says so in words."""
    import re

    edit(example_repo, RONDE, CUT, "budget:\n  szh: 13000")
    edit(example_repo, RONDE, "toewijzing: steun-overslaan", "toewijzing: gelijke-delen")
    edit(example_repo, RONDE, "stemming: openbaar", "stemming: geheim")
    minutes = example_repo / VERGADERING
    text = minutes.read_text(encoding="utf-8")
    text = re.sub(r"(      voor:)(\n        - [a-z-]+)+", r"\1 7", text)
    text = re.sub(r"(      (tegen|onthouding):)(\n        - [a-z-]+)+", r"\1 1", text)
    text = re.sub(r"(      voor:) \[[^\]]*\]", r"\1 7", text)
    text = re.sub(r"(      (tegen|onthouding):) \[[^\]]*\]", r"\1 1", text)
    minutes.write_text(text, encoding="utf-8")
    out = _run(runner, "check", "--format", "parsable", "--data", str(example_repo), code=1)
    golden("broken/count-geheim.parsable", out)


# --- wijk pb verdeel --------------------------------------------------------------------------

PB = """\
META
key;value
description;Proef voor de verdeelregels
country;Netherlands
unit;Proefwijk
instance;2026
num_projects;7
num_votes;6
budget;120
vote_type;approval
rule;greedy
PROJECTS
project_id;cost;votes;name
1;60;5;Speeltuin
2;50;4;Bankjes
3;30;3;Moestuin
4;10;2;Buurtfeest
5;25;2;Bibliotheekkast
6;5;1;Bloembakken
7;15;1;Fietsenrek
VOTES
voter_id;vote
v1;1,2,3
v2;1,2,6,7
v3;1,2,4
v4;1,3,5
v5;1,2,3
v6;4,5
"""
"""Six voters, budget 120, and a different outcome for each rule:
greedy 1, 2, 4 (3 does not fit in 10 and is skipped; 4 and 5 have 2 votes, the cheaper first);
greedy-stop 1, 2 (stops at 3); greedy-stop-deels 1, 2 and 10 of 3's 30;
equalshares 6, 4, 1 (20 per voter: 5 is then out of reach, 7 too for v2);
equalshares-add1 adds 3; equalshares-add1-greedy then adds 7 from what is left."""

PB_RULES = ["greedy", "greedy-stop", "greedy-stop-deels", "equalshares", "equalshares-add1",
            "equalshares-add1-greedy"]  # fmt: skip


@pytest.mark.parametrize("rule", PB_RULES)
@pytest.mark.parametrize("fmt", ["tabel", "json"])
def test_pb_verdeel(
    runner: CliRunner, golden: Golden, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    rule: str, fmt: str,
) -> None:  # fmt: skip
    (tmp_path / "regels.pb").write_text(PB, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    out = _run(runner, "pb", "verdeel", "regels.pb", "--regel", rule, "--format", fmt)
    golden(f"pb/regels-{rule}.{fmt}", out)


def test_pb_rules_all_differ(runner: CliRunner, tmp_path: Path) -> None:
    """The file tells every rule apart (otherwise a rule acting as another would pass)."""
    path = tmp_path / "regels.pb"
    path.write_text(PB, encoding="utf-8")

    def chosen(rule: str) -> str:
        out = _run(runner, "pb", "verdeel", str(path), "--regel", rule, "--format", "json")
        return json.dumps(json.loads(out)["toegekend"])

    outcomes = {rule: chosen(rule) for rule in PB_RULES}
    assert len(set(outcomes.values())) == len(PB_RULES), outcomes
