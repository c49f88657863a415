"""`wijk plan`: the published wijkplan (context, both templates, the command)."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from tests.conftest import console_errors, screenshot_is_blank
from tests.helpers import WIJKPLAN, edit
from wijkcli.cli.app import app as wijk_app
from wijkcli.count.ledger import tally
from wijkcli.dataset import Dataset
from wijkcli.documents.plan import BAR_MAX, plan_context
from wijkcli.documents.render import render
from wijkcli.pipeline import load_clean

VERSIE = "0123456789ab"
GRANTED = {
    "a01-huiskamer": Decimal("6500"),
    "a02-wijkgids": Decimal("3450"),
    "a03-samen-op-stap": Decimal("4212.50"),
    "a04-muziekcafe": Decimal("2750"),
    "a06-repair-cafe": Decimal("1149.95"),
    "a08-taalcafe": Decimal("2300"),
}
NOT_GRANTED = ("a05-chill-en-skill", "a07-buurtbarbecue")  # aanhouden (tie), afwijzen


def _render(dataset: Dataset, fmt: str) -> str:
    return render(f"wijkplan.{fmt}.j2", plan_context(dataset, "szh", 2017, versie=VERSIE))


@pytest.fixture
def app() -> typer.Typer:
    """The real `wijk` app, so the tests also cover how the command is wired in."""
    return wijk_app


# --- the documents ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_golden(example_dataset: Dataset, golden: Callable[[str, str], None], fmt: str) -> None:
    golden(f"szh/wijkplan-2017.{fmt}", _render(example_dataset, fmt))


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_same_files_give_same_bytes(example_repo: Path, fmt: str) -> None:
    first, _ = load_clean(example_repo)
    again, _ = load_clean(example_repo)
    assert _render(first, fmt).encode() == _render(again, fmt).encode()


def _private_values(dataset: Dataset) -> list[str]:
    values: list[str] = []
    for g in dataset.gebieden.values():
        for lid in g.leden:
            values += [v for v in (lid.email, lid.telefoon) if v]
    for r in dataset.rondes.values():
        for a in r.aanvragen.values():
            c = a.aanvrager.contact
            if c is not None:
                values += [v for v in (c.naam, c.email, c.telefoon) if v]
    return values


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_no_contact_data(example_dataset: Dataset, fmt: str) -> None:
    private = _private_values(example_dataset)
    assert "m.lagerweij@example.org" in private and "0334567802" in private  # the probe works
    out = _render(example_dataset, fmt)
    assert [v for v in private if v in out] == []
    assert re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", out) == []
    assert re.findall(r"\b0\d{9}\b", out) == []


@pytest.mark.parametrize("fmt", ["md", "html"])
def test_lists_only_granted_applications(example_dataset: Dataset, fmt: str) -> None:
    out = _render(example_dataset, fmt)
    if fmt == "html":  # compare text, not entities: `Chill &amp; Skill` must not slip through
        out = html.unescape(out)
    r = example_dataset.rondes["ronde-2017-2"]
    for aid in GRANTED:
        assert r.aanvragen[aid].titel in out
    for aid in NOT_GRANTED:
        a = r.aanvragen[aid]
        assert a.titel not in out
        assert a.aanvrager.naam not in out


def test_granted_per_theme_with_advised_amounts(example_dataset: Dataset) -> None:
    ctx = plan_context(example_dataset, "szh", 2017, versie=VERSIE)
    r = example_dataset.rondes["ronde-2017-2"]
    listed = {(t["id"], i["titel"], i["bedrag"]) for t in ctx["themas"] for i in t["initiatieven"]}
    expected = {(r.aanvragen[aid].thema, r.aanvragen[aid].titel, b) for aid, b in GRANTED.items()}
    assert listed == expected
    by_theme = {t["id"]: t for t in ctx["themas"]}
    assert by_theme["ontmoeten"]["geadviseerd"] == Decimal("10399.95")
    assert by_theme["omzien"]["initiatief_uren"] == 94  # A03 60 + A08 34
    assert by_theme["jeugd"]["initiatieven"] == []  # A05 was held over, not granted
    # Plan totals equal the round's tally: € 20.362,45 and P01 64 + P03 70 + P05 10 hours.
    counted = tally(example_dataset.meeting("ronde-2017-2", "szh"))
    assert ctx["totaal"]["geadviseerd"] == counted.geadviseerd == Decimal("20362.45")
    assert ctx["totaal"]["initiatief_uren"] == sum(counted.uren.values()) == 144
    assert ctx["totaal"]["wijkplan"] == ctx["professionals_totaal"]["beschikbaar"] == 1845
    assert ctx["rondes"][0]["over"] == Decimal("1637.55")


def test_private_applicant_never_named(example_repo: Path) -> None:
    """A granted application of a private person is listed by title only."""
    path = example_repo / "data/rondes/ronde-2017-2/aanvragen/a04-muziekcafe.yaml"
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"aanvrager:\n  naam: [^\n]+\n  soort: groep", "aanvrager:\n"
                  "  naam: Karin Jansen\n  soort: bewoner", text)  # fmt: skip
    assert "Karin Jansen" in text
    path.write_text(text, encoding="utf-8")
    dataset, _ = load_clean(example_repo)
    ctx = plan_context(dataset, "szh", 2017, versie=VERSIE)
    titles = [i["titel"] for t in ctx["themas"] for i in t["initiatieven"]]
    assert dataset.rondes["ronde-2017-2"].aanvragen["a04-muziekcafe"].titel in titles
    for fmt in ("md", "html"):
        out = _render(dataset, fmt)
        assert "Karin Jansen" not in out


def _headings(out: str) -> list[str]:
    return re.findall(r"^### (T\d) ", out, flags=re.MULTILINE)


def test_themes_in_priority_order(example_dataset: Dataset, example_repo: Path) -> None:
    assert _headings(_render(example_dataset, "md")) == ["T1", "T2", "T3", "T4"]
    # Informatie (T1) drops to the lowest priority; the file order stays the same.
    edit(example_repo, WIJKPLAN, "prioriteit: 1\n", "prioriteit: 5\n")
    dataset, _ = load_clean(example_repo)
    assert _headings(_render(dataset, "md")) == ["T2", "T3", "T4", "T1"]
    html = _render(dataset, "html")
    positions = [html.index(f"<h3>{code} ") for code in ("T2", "T3", "T4", "T1")]
    assert positions == sorted(positions)
    labels = [
        r["label"] for r in plan_context(dataset, "szh", 2017, versie="x")["grafiek"]["rijen"]
    ]
    assert [label[:2] for label in labels] == ["T2", "T3", "T4", "T1", "Po"]


def test_chart_is_proportional(example_dataset: Dataset) -> None:
    chart = plan_context(example_dataset, "szh", 2017, versie=VERSIE)["grafiek"]
    rows = {r["label"][:2]: r for r in chart["rijen"]}
    for r in chart["rijen"]:
        for key in ("bar_y", "tekst_y", "uren_breedte", "geld_breedte", "uren_tekst_x"):
            assert isinstance(r[key], int)
    # The longest bar in each panel is BAR_MAX wide: most hours T4 (610), most money T2.
    assert rows["T4"]["uren_breedte"] == BAR_MAX
    assert rows["T2"]["geld_breedte"] == BAR_MAX
    assert rows["T1"]["uren_breedte"] == round(140 * BAR_MAX / 610)
    assert rows["T4"]["geld_breedte"] == 0  # nothing advised for jeugd
    assert rows["Po"]["geld"] is None  # the pool has hours, not money
    ys = [r["bar_y"] for r in chart["rijen"]]
    assert ys == sorted(ys) and len(set(ys)) == len(ys)
    assert chart["hoogte"] > ys[-1]


def test_html_is_standalone(example_dataset: Dataset) -> None:
    html = _render(example_dataset, "html")
    assert html.startswith('<!DOCTYPE html>\n<html lang="nl">')
    for banned in ("<script", "<link", "src=", "@import", "url(", "https://", "//cdn"):
        assert banned not in html
    assert "@media print" in html
    assert 'role="img"' in html and '<title id="grafiek-titel">' in html
    assert f"gegevensversie {VERSIE}" in html


@pytest.mark.clients
def test_html_in_real_browser(
    example_dataset: Dataset,
    tmp_path: Path,
    browser: Callable[[Path], tuple[str, Path]],
) -> None:
    page = tmp_path / "wijkplan-szh-2017.html"
    page.write_text(_render(example_dataset, "html"), encoding="utf-8")
    log, shot = browser(page)
    assert console_errors(log) == []
    assert shot.exists() and not screenshot_is_blank(shot)


def test_context_names_no_contact_fields(example_dataset: Dataset) -> None:
    ctx = plan_context(example_dataset, "szh", 2017, versie=VERSIE)

    def keys(value: Any) -> set[str]:
        if isinstance(value, dict):
            return set(value) | {k for v in value.values() for k in keys(v)}
        if isinstance(value, list):
            return {k for v in value for k in keys(v)}
        return set()

    assert not keys(ctx) & {"email", "telefoon", "contact", "aanvrager"}


# --- the command ------------------------------------------------------------------------------


def test_cli_markdown_to_stdout(app: typer.Typer, runner: CliRunner, example_repo: Path) -> None:
    from wijkcli.read.git import data_version

    result = runner.invoke(app, ["plan", "szh", "2017", "--data", str(example_repo)])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("# Wijkplan SZH 2017\n")
    assert result.stderr == ""
    dataset, _ = load_clean(example_repo)
    assert f"gegevensversie {data_version(dataset.root)}" in result.stdout


@pytest.mark.slow
def test_cli_uit_writes_and_protects_hand_edits(
    app: typer.Typer, runner: CliRunner, example_repo: Path, tmp_path: Path
) -> None:
    out = tmp_path / "site"
    out.mkdir()
    args = ["plan", "szh", "2017", "--format", "html", "--uit", str(out), "--data",
            str(example_repo)]  # fmt: skip
    target = out / "wijkplan-szh-2017.html"

    first = runner.invoke(app, args)
    assert first.exit_code == 0, first.stderr
    assert first.stdout == ""
    assert f"Geschreven: {target}" in first.stderr
    written = target.read_bytes()
    assert written.startswith(b"<!DOCTYPE html>")

    again = runner.invoke(app, args)
    assert again.exit_code == 0
    assert f"Ongewijzigd: {target}" in again.stderr

    target.write_text(written.decode() + "<!-- met de hand aangepast -->\n", encoding="utf-8")
    refused = runner.invoke(app, args)
    assert refused.exit_code == 1
    assert "gebruik --force" in refused.stderr
    assert "Traceback" not in refused.stderr + refused.stdout
    assert target.read_text(encoding="utf-8").endswith("<!-- met de hand aangepast -->\n")

    forced = runner.invoke(app, [*args, "--force"])
    assert forced.exit_code == 0, forced.stderr
    assert target.read_bytes() == written


@pytest.mark.parametrize(
    ("gebied", "jaar", "code", "message"),
    [
        ("xyz", "2017", 2, "gebied 'xyz' bestaat niet in data/gebieden (wel: szh)"),
        ("szh", "2019", 1, "geen wijkplan voor 2019"),
    ],
)
def test_cli_unknown_gebied_or_jaar(
    app: typer.Typer,
    runner: CliRunner,
    example_repo: Path,
    gebied: str,
    jaar: str,
    code: int,
    message: str,
) -> None:
    """An unknown gebied is a usage mistake (exit 2); a missing plan a problem in the data."""
    result = runner.invoke(app, ["plan", gebied, jaar, "--data", str(example_repo)])
    assert result.exit_code == code
    assert result.stderr.startswith("wijk: ")
    assert message in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_cli_usage_errors_and_help(app: typer.Typer, runner: CliRunner) -> None:
    assert runner.invoke(app, ["plan", "szh", "tweeduizend"]).exit_code == 2
    assert runner.invoke(app, ["plan", "szh", "2017", "--format", "odt"]).exit_code == 2
    helped = runner.invoke(app, ["plan", "--help"])
    assert helped.exit_code == 0
    assert "Voorbeeld: wijk plan szh 2017" in helped.stdout


def test_before_any_advice(example_repo: Path) -> None:
    """Early in the year: a round without minutes yet is listed as such, nothing as granted."""
    (example_repo / "data/rondes/ronde-2017-2/vergadering-szh.yaml").unlink()
    dataset, _ = load_clean(example_repo)
    out = _render(dataset, "md")
    assert "| Subsidieronde 2 (2017) | 13 april 2017 | nog geen advies |" in out
    assert out.count("Nog geen geadviseerde initiatieven in 2017.") == 4
    ctx = plan_context(dataset, "szh", 2017, versie=VERSIE)
    assert ctx["totaal"]["geadviseerd"] == 0
    assert all(r["geld_breedte"] == 0 for r in ctx["grafiek"]["rijen"])


def test_without_rounds(example_repo: Path) -> None:
    shutil.rmtree(example_repo / "data/rondes/ronde-2017-2")
    dataset, _ = load_clean(example_repo)
    assert "Er zijn nog geen subsidierondes van 2017 in deze gegevens." in _render(dataset, "md")
