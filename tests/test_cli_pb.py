"""Tests for ``wijk pb verdeel`` (the Typer sub-app, run through CliRunner)."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from wijkcli.cli.pb import pb_app

PABULIB = Path(__file__).resolve().parent / "data" / "pabulib"
runner = CliRunner()


def _json(*args: str) -> dict[str, object]:
    result = runner.invoke(pb_app, ["verdeel", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert isinstance(data, dict)
    return data


def _official(name: str) -> set[str]:
    data = json.loads((PABULIB / "official-outcomes.json").read_text(encoding="utf-8"))
    return set(data[name]["selected"])


@pytest.mark.parametrize(
    ("name", "regel"),
    [
        ("Netherlands_Assen_2024.pb", "equalshares-add1"),
        ("Netherlands_Amsterdam_522.pb", "greedy"),
        # 509 (greedy-stop-deels) and Warsaw (its threshold): benchmarks/test_shared_pabulib.py
    ],
)
def test_rule_from_meta(name: str, regel: str) -> None:
    data = _json(str(PABULIB / name))
    assert data["regel"] == regel
    assert set(data["gekozen"]) == _official(name)  # type: ignore[arg-type]
    # Every amount is a string with the exact decimal (never a float, never an int).
    amounts = [data["besteed"], data["over"], data["budget"], *data["toegekend"].values()]  # type: ignore[attr-defined]
    assert all(isinstance(x, str) for x in amounts)
    assert Decimal(data["besteed"]) + Decimal(data["over"]) == Decimal(data["budget"])  # type: ignore[arg-type]


def test_explicit_rule() -> None:
    data = _json(str(PABULIB / "Netherlands_Amsterdam_212.pb"), "--regel", "greedy-stop")
    assert data["regel"] == "greedy-stop"
    assert set(data["gekozen"]) == _official("Netherlands_Amsterdam_212.pb")  # type: ignore[arg-type]


def test_table_output() -> None:
    result = runner.invoke(pb_app, ["verdeel", str(PABULIB / "Netherlands_Amsterdam_643.pb")])
    assert result.exit_code == 0, result.output
    assert "44251" in result.stdout
    assert "over" in result.stdout


def test_unknown_rule_is_a_dutch_error() -> None:
    result = runner.invoke(
        pb_app, ["verdeel", str(PABULIB / "Netherlands_Amsterdam_643.pb"), "--regel", "loting"]
    )
    assert result.exit_code == 1
    assert "onbekende regel 'loting'" in result.stderr
    assert "Traceback" not in result.output


def test_unsupported_meta_rule(tmp_path: Path) -> None:
    text = (PABULIB / "Netherlands_Amsterdam_643.pb").read_text(encoding="utf-8")
    path = tmp_path / "onbekend.pb"
    path.write_text(text.replace("rule;greedy", "rule;unknown"), encoding="utf-8")
    result = runner.invoke(pb_app, ["verdeel", str(path)])
    assert result.exit_code == 1
    assert "wordt niet ondersteund" in result.stderr


def test_malformed_file_shows_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "kapot.pb"
    path.write_text(
        "META\nkey;value\nbudget;10\nPROJECTS\nproject_id;cost\n1;5\nVOTES\nvoter_id;vote\nv;9\n",
        encoding="utf-8",
    )
    result = runner.invoke(pb_app, ["verdeel", str(path)])
    assert result.exit_code == 1
    assert result.stderr.strip() == f"wijk: {path}:9: stem noemt onbekend project '9'"
    assert "Traceback" not in result.output


def test_missing_file() -> None:
    result = runner.invoke(pb_app, ["verdeel", "bestaat-niet.pb"])
    assert result.exit_code == 2  # a usage error, like a --data folder that does not exist
    assert result.stderr == "wijk: het bestand 'bestaat-niet.pb' bestaat niet\n"


def test_equal_shares_on_counts_only_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "punten.pb"
    path.write_text(
        "META\nkey;value\nbudget;10\nvote_type;cumulative\nPROJECTS\nproject_id;cost\n1;5\n"
        "VOTES\nvoter_id;vote;points\nv;1;3\n",
        encoding="utf-8",
    )
    result = runner.invoke(pb_app, ["verdeel", str(path), "--regel", "equalshares"])
    assert result.exit_code == 1
    assert "stembiljetten" in result.stderr
    ok = runner.invoke(pb_app, ["verdeel", str(path), "--regel", "greedy", "--format", "json"])
    assert json.loads(ok.stdout)["gekozen"] == ["1"]


def test_help_is_dutch() -> None:
    result = runner.invoke(pb_app, ["verdeel", "--help"])
    assert result.exit_code == 0
    assert "Verdeel het budget" in result.stdout
    assert "Voorbeeld" in result.stdout


def test_reads_its_own_export_without_options(example_repo: Path, tmp_path: Path) -> None:
    """`wijk pb export` then `wijk pb verdeel` that file with no options: a table in euros."""
    from wijkcli.cli.app import app

    target = tmp_path / "ronde.pb"
    exported = runner.invoke(
        app, ["pb", "export", "ronde-2017-2", "--uit", str(target), "--data", str(example_repo)]
    )
    assert exported.exit_code == 0, exported.output
    result = runner.invoke(pb_app, ["verdeel", str(target)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "ronde.pb — regel greedy" in lines[0]
    assert any("Samen op Stap" in x and x.count("€ 4.212,50") == 2 for x in lines)
    assert any("Repair Café Schothorst" in x and x.count("€ 1.149,95") == 2 for x in lines)
    assert lines[-1] == "budget € 22.000,00, besteed € 20.362,45, over € 1.637,55"
    data = _json(str(target))
    assert data["toegekend"]["a03-samen-op-stap"] == "4212.50"  # type: ignore[index]
    assert (data["budget"], data["besteed"], data["over"]) == ("22000.00", "20362.45", "1637.55")


def test_file_values_are_printed_literally_not_as_markup(tmp_path: Path) -> None:
    path = tmp_path / "[bold]opmaak[-bold].pb"
    path.write_text(
        "META\nkey;value\nbudget;100,50\nrule;greedy\nPROJECTS\nproject_id;cost;name\n"
        "[/x];40;[link=http://x]a[/link]\np2;60,50;[red]rood[/red] [/]\n"
        "VOTES\nvoter_id;vote\nv1;[/x],p2\nv2;p2\n",
        encoding="utf-8",
    )
    result = runner.invoke(pb_app, ["verdeel", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "[bold]opmaak[-bold].pb — regel greedy" in out
    assert "[/x]" in out
    assert "[link=http://x]a[/link]" in out
    assert "[red]rood[/red] [/]" in out
    assert "€ 60,50" in out and "€ 40,00" in out
    assert "budget € 100,50, besteed € 100,50, over € 0,00" in out


HOSTILE_PB = (
    "META\nkey;value\nbudget;100\nrule;greedy\nPROJECTS\nproject_id;cost;name\n"
    "p1\x1b[2J;40;[link=http://x.example]klik[/link] \x1b[31mrood\x1b[0m \u202e05\n"
    "p2;60;[/x] \x9b31m\x07\n"
    "VOTES\nvoter_id;vote\nv1;p1\x1b[2J,p2\nv2;p2\n"
)


def test_file_values_reach_a_terminal_as_plain_visible_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a real terminal (FORCE_COLOR makes Rich treat the runner as one) `[link=…]` is no
    hyperlink (OSC 8), `[/x]` no crash, and control characters are shown as escapes."""
    monkeypatch.setenv("FORCE_COLOR", "1")
    path = tmp_path / "evil.pb"
    path.write_text(HOSTILE_PB, encoding="utf-8")
    result = runner.invoke(pb_app, ["verdeel", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "\x1b]8" not in out  # no OSC 8 hyperlink
    assert not any(c in out for c in "\x9b\x07\u202e"), repr(out)
    rows = [line for line in out.splitlines() if "€ 40,00" in line or "€ 60,00" in line]
    plain = [re.sub(r"\x1b\[[0-9;]*m", "", row) for row in rows]  # Rich's own colours only
    assert any(
        "p1\\x1b[2J" in row
        and "[link=http://x.example]klik[/link] \\x1b[31mrood\\x1b[0m \\u202e05" in row
        for row in plain
    ), plain
    assert any("p2" in row and "[/x] \\x9b31m\\x07" in row for row in plain), plain


def test_json_keeps_the_exact_ids_with_control_characters_escaped(tmp_path: Path) -> None:
    path = tmp_path / "evil.pb"
    path.write_text(HOSTILE_PB, encoding="utf-8")
    result = runner.invoke(pb_app, ["verdeel", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert not any(c in result.stdout for c in "\x1b\x9b\x07\u202e")
    assert json.loads(result.stdout)["gekozen"] == ["p2", "p1\x1b[2J"]
