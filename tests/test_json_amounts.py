"""Every `--format json` writes amounts as exact decimal strings with two decimals
("84000.00"), never in exponent notation and never rounded: one helper, `text.json_amount`."""

from __future__ import annotations

import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.helpers import RONDE, WIJKPLAN, edit
from wijkcli.cli.app import app
from wijkcli.text import json_amount

PABULIB = Path(__file__).resolve().parent / "data" / "pabulib"
PLAIN = re.compile(r"^[0-9]+\.[0-9]{2}$")


@pytest.mark.parametrize(
    ("amount", "text"),
    [
        ("84000", "84000.00"),
        ("8.4E+4", "84000.00"),  # what Decimal arithmetic can give; str() would keep the E
        ("1E+2", "100.00"),
        ("99999999.99", "99999999.99"),
        ("4212.5", "4212.50"),
        ("0", "0.00"),
        ("-0", "0.00"),
        ("0.125", "0.125"),  # exact: more decimals are kept, never rounded away
        ("1E+30", "1000000000000000000000000000000.00"),  # beyond the context's 28 digits
    ],
)
def test_json_amount(amount: str, text: str) -> None:
    assert json_amount(Decimal(amount)) == text


def test_tally_json_writes_large_and_whole_amounts_with_two_decimals(example_repo: Path) -> None:
    edit(example_repo, RONDE, "  szh: 21000", "  szh: 99999999.99")
    result = CliRunner().invoke(
        app, ["tally", "ronde-2017-2", "--format", "json", "--data", str(example_repo)]
    )
    assert result.exit_code == 0, result.output
    g = json.loads(result.stdout)["gebieden"][0]
    assert {k: g[k] for k in ("budget", "doorgeschoven", "beschikbaar", "gevraagd")} == {
        "budget": "99999999.99",
        "doorgeschoven": "1000.00",
        "beschikbaar": "100000999.99",
        "gevraagd": "29112.45",
    }
    assert (g["geadviseerd"], g["over"]) == ("20362.45", "99980637.54")
    items = {i["aanvraag"]: (i["voorstel_bedrag"], i["bedrag"]) for i in g["items"]}
    assert items == {
        "a01-huiskamer": ("6500.00", "6500.00"),
        "a02-wijkgids": ("3450.00", "3450.00"),
        "a03-samen-op-stap": ("4212.50", "4212.50"),
        "a04-muziekcafe": ("2750.00", "2750.00"),
        "a05-chill-en-skill": ("4000.00", "0.00"),
        "a06-repair-cafe": ("1149.95", "1149.95"),
        "a07-buurtbarbecue": ("0.00", "0.00"),
        "a08-taalcafe": ("2300.00", "2300.00"),
    }


def test_pb_verdeel_json_writes_whole_euros_with_two_decimals() -> None:
    from wijkcli.cli.pb import pb_app

    path = PABULIB / "Netherlands_Amsterdam_166.pb"
    result = CliRunner().invoke(pb_app, ["verdeel", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["budget"] == "250000.00"
    amounts = [data["besteed"], data["over"], *data["toegekend"].values()]
    assert [a for a in amounts if not PLAIN.match(a)] == []
    assert data["toegekend"]["12437"] == "1000.00"


@pytest.mark.slow
def test_verschil_json_writes_a_large_amount_with_two_decimals(example_repo: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
            cwd=example_repo, check=True, capture_output=True,
        )  # fmt: skip

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-qm", "start")
    edit(example_repo, WIJKPLAN, "budget: 84000", "budget: 99999999.99")
    result = CliRunner().invoke(
        app, ["verschil", "--sinds", "main", "--format", "json", "--data", str(example_repo)]
    )
    assert result.exit_code == 0, result.output
    plan = next(p for p in json.loads(result.stdout)["onderdelen"] if p["soort"] == "wijkplan")
    budget = [(w["was"], w["wordt"]) for w in plan["wijzigingen"] if w["wat"] == "budget"]
    assert budget == [("84000.00", "99999999.99")]
