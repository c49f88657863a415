"""Tests for ``wijk pb verdeel`` (the Typer sub-app, run through CliRunner)."""

from __future__ import annotations

import json
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
    assert data["besteed"] + data["over"] == data["budget"]  # type: ignore[operator]


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
    assert result.stderr.strip() == f"{path}:9: stem noemt onbekend project '9'"
    assert "Traceback" not in result.output


def test_missing_file() -> None:
    result = runner.invoke(pb_app, ["verdeel", "bestaat-niet.pb"])
    assert result.exit_code == 1
    assert "kan het bestand niet lezen" in result.stderr


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
