"""`wijk jaarverslag` (issue 18): the year report in md, html, csv and xlsx; its numbers, its
charts, determinism, no contact data, and the HTML in a real browser."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.conftest import console_errors, screenshot_is_blank
from tests.helpers import AANVRAAG, edit
from wijkcli.cli.app import app
from wijkcli.dataset import Dataset
from wijkcli.documents.jaarverslag import BAR_MAX, jaarverslag_context
from wijkcli.documents.office import MONEY_FORMAT
from wijkcli.documents.registry import GebiedJaar, Options, make
from wijkcli.pipeline import load_clean

VERSIE = "0123456789ab"
REPO = Path(__file__).resolve().parents[1]


def _doc(dataset: Dataset, fmt: str) -> str | bytes:
    return make("jaarverslag", GebiedJaar(dataset, "szh", 2017), Options(versie=VERSIE)).render(fmt)


@pytest.mark.parametrize("fmt", ["md", "html", "csv"])
def test_golden(example_dataset: Dataset, golden: Callable[[str, str], None], fmt: str) -> None:
    out = _doc(example_dataset, fmt)
    assert isinstance(out, str)
    golden(f"szh/jaarverslag-2017.{fmt}", out)


def test_the_example_tells_the_story(example_dataset: Dataset) -> None:
    ctx = jaarverslag_context(example_dataset, "szh", 2017, versie=VERSIE)
    t = ctx["totaal"]
    assert (t["geadviseerd"], t["toegekend"], t["besteed"], t["terugbetaald"], t["terug"]) == (
        Decimal("20362.45"), Decimal("20062.45"), Decimal("17009.95"), Decimal("2640"),
        Decimal("2940"),
    )  # fmt: skip
    assert (t["projecten"], t["gerealiseerd"], t["open_besluit"]) == (6, 5, 0)
    by_theme = {x["id"]: x for x in ctx["themas"]}
    ontmoeten = by_theme["ontmoeten"]
    assert [p["nummer"] for p in ontmoeten["lijst"]] == ["A01", "A04", "A06"]
    assert (ontmoeten["terugbetaald"], ontmoeten["gerealiseerd"]) == (Decimal("2570"), 2)
    assert by_theme["omzien"]["terug"] == Decimal("300")  # A08: 2300 advised, 2000 granted
    assert by_theme["jeugd"]["lijst"] == []
    # the wijkplan's stated result stands next to the reports
    assert ontmoeten["resultaat_plan"].startswith("3 nieuwe wekelijkse")
    hours = {p["naam"]: (p["wijkplan"], p["geadviseerd"], p["toegekend"], p["gebruikt"])
             for p in ctx["professionals"]}  # fmt: skip
    assert hours["Mirjam Lagerweij"] == (720, 64, 64, 58)
    assert hours["Gerda Wolters"] == (270, 70, 70, 74)
    # Households reached by the guide are not participants: A02 gives no number (formaat.md).
    assert (ctx["bereik"]["verslagen"], ctx["bereik"]["met_aantal"]) == (4, 3)
    assert ctx["bereik"]["deelnemers"] == 45 + 35 + 22
    assert ctx["bereik"]["vrijwilligers"] == 39
    assert [p["nummer"] for p in ctx["bereik"]["zonder_verslag"]] == ["A03"]


def test_charts_scale_to_the_largest_value(example_dataset: Dataset) -> None:
    ctx = jaarverslag_context(example_dataset, "szh", 2017, versie=VERSIE)
    money = {r["titel"]: [b["breedte"] for b in r["balken"]] for r in ctx["grafiek_geld"]["rijen"]}
    assert money["T2 Elkaar ontmoeten"][0] == BAR_MAX  # the largest amount of all
    assert money["T1 Weten wat er is"] == [round(3450 * BAR_MAX / 10399.95)] * 2 + [
        round(3380 * BAR_MAX / 10399.95)
    ]
    assert money["T4 Opgroeien in SZH"] == [0, 0, 0]
    hours = {r["titel"]: [b["breedte"] for b in r["balken"]] for r in ctx["grafiek_uren"]["rijen"]}
    assert hours["Mirjam Lagerweij"] == [
        BAR_MAX,
        round(64 * BAR_MAX / 720),
        round(58 * BAR_MAX / 720),
    ]
    html = _doc(example_dataset, "html")
    assert isinstance(html, str)
    assert html.count("<svg ") == 2 and "@media print" in html
    assert '<title id="geld-titel">' in html and '<title id="uren-titel">' in html


def test_csv_opens_in_dutch_excel_with_exact_amounts(example_dataset: Dataset) -> None:
    """A BOM and `;` (Dutch Excel opens it in columns, in UTF-8), amounts with two decimals and
    a decimal comma that read back to the exact Decimal (docs/formaat.md)."""
    out = _doc(example_dataset, "csv")
    assert isinstance(out, str)
    assert out.startswith("\ufeff# themas\n")
    blocks = [list(csv.reader(io.StringIO(b), delimiter=";")) for b in out[1:].split("\n\n")]
    assert [b[0] for b in blocks] == [
        ["# themas"],
        ["# professionals"],
        ["# rondes"],
        ["# projecten"],
    ]
    themas = blocks[0]
    assert themas[1][:3] == ["thema", "geadviseerd", "toegekend"]
    assert themas[-1] == [
        "totaal",
        "20362,45",
        "20062,45",
        "17009,95",
        "2640,00",
        "2940,00",
        "6",
        "5",
    ]
    ctx = jaarverslag_context(example_dataset, "szh", 2017, versie=VERSIE)
    assert Decimal(themas[-1][1].replace(",", ".")) == ctx["totaal"]["geadviseerd"]
    for row in themas[2:]:
        assert all(re.fullmatch(r"[0-9]+,[0-9]{2}", cell) for cell in row[1:6]), row
    assert blocks[1][-1] == ["totaal", "", "1845", "1845", "144", "144", "142"]


def test_xlsx_reads_back_with_numbers(example_dataset: Dataset, tmp_path: Path) -> None:
    raw = _doc(example_dataset, "xlsx")
    assert isinstance(raw, bytes)
    assert raw == _doc(example_dataset, "xlsx")  # the same bytes twice
    path = tmp_path / "jaarverslag.xlsx"
    path.write_bytes(raw)
    wb = load_workbook(path)
    assert wb.sheetnames == ["Thema's", "Professionals", "Rondes", "Projecten"]
    assert wb.properties.created == wb.properties.modified == datetime(2017, 12, 31)
    themas = wb["Thema's"]
    assert [c.value for c in themas[1]][:4] == ["thema", "geadviseerd", "toegekend", "besteed"]
    assert themas.freeze_panes == "A2" and all(c.font.b for c in themas[1])
    total = list(themas[themas.max_row])
    assert total[0].value == "totaal" and all(c.font.b for c in total)
    assert [c.value for c in total[1:6]] == [20362.45, 20062.45, 17009.95, 2640, 2940]
    assert all(c.data_type == "n" and c.number_format == MONEY_FORMAT for c in total[1:6])
    assert not any(c.font.b for c in themas[2])
    # Columns as wide as their content: the theme names, not the header "thema".
    widths = {k: d.width for k, d in themas.column_dimensions.items()}
    assert 18 < widths["A"] < 25  # "T3 Omzien naar elkaar"; the header alone had 10
    assert widths["B"] < 15  # "geadviseerd" and "€ 20.362,45"
    projecten = wb["Projecten"]
    rows = {r[0].value: r for r in projecten.iter_rows(min_row=2)}
    assert rows["A04"][4].value == "niet doorgegaan" and rows["A04"][8].value == 2570
    assert rows["A03"][12].value is None  # no report yet
    assert rows["A01"][12].value == datetime(2017, 10, 24)
    assert rows["A01"][12].number_format == "dd-mm-yyyy"
    profs = {r[0].value: [c.value for c in r[2:]] for r in wb["Professionals"].iter_rows(min_row=2)}
    assert profs["Mirjam Lagerweij"] == [720, 720, 64, 64, 58]
    assert profs["totaal"] == [1845, 1845, 144, 144, 142]


def test_text_that_looks_like_a_formula_stays_text(example_repo: Path, tmp_path: Path) -> None:
    edit(example_repo, AANVRAAG, "titel: Huiskamer De Koperhorst",
         'titel: "=HYPERLINK(\\"http://example.org\\")"')  # fmt: skip
    dataset, _ = load_clean(example_repo)
    path = tmp_path / "j.xlsx"
    raw = _doc(dataset, "xlsx")
    assert isinstance(raw, bytes)
    path.write_bytes(raw)
    cell = load_workbook(path)["Projecten"]["B2"]
    assert (cell.value, cell.data_type) == ('=HYPERLINK("http://example.org")', "s")
    out = _doc(dataset, "csv")
    assert isinstance(out, str)
    assert '\nA01;"\'=HYPERLINK(""http://example.org"")";' in out


def _private_values(dataset: Dataset) -> list[str]:
    values: list[str] = []
    for g in dataset.gebieden.values():
        for lid in g.leden:
            values += [v for v in (lid.email, lid.telefoon) if v]
    for r in dataset.rondes.values():
        for a in r.aanvragen.values():
            values.append(a.aanvrager.naam)
            c = a.aanvrager.contact
            if c is not None:
                values += [v for v in (c.naam, c.email, c.telefoon) if v]
    return values


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "xlsx"])
def test_no_contact_data_and_no_applicants(
    example_dataset: Dataset, fmt: str, tmp_path: Path
) -> None:
    private = _private_values(example_dataset)
    assert "m.lagerweij@example.org" in private and "0334567802" in private  # the probe works
    out = _doc(example_dataset, fmt)
    if isinstance(out, bytes):  # xlsx: every cell of every sheet
        path = tmp_path / "j.xlsx"
        path.write_bytes(out)
        wb = load_workbook(path)
        text = "\n".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
    else:
        text = out
    assert [v for v in private if v in text] == []


@pytest.mark.slow
def test_command_writes_each_format(runner, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("md", "html", "pdf", "docx", "csv", "xlsx"):
        result = runner.invoke(app, ["jaarverslag", "szh", "2017", "--format", fmt,
                                     "--uit", f"{tmp_path}/", "--data", str(REPO)])  # fmt: skip
        assert result.exit_code == 0, result.output
        assert (tmp_path / f"jaarverslag-szh-2017.{fmt}").exists()
    wrong = runner.invoke(app, ["jaarverslag", "szh", "2016", "--data", str(REPO)])
    assert wrong.exit_code == 1 and "geen wijkplan voor 2016" in wrong.output
    bad = runner.invoke(
        app, ["jaarverslag", "szh", "2017", "--format", "tekst", "--data", str(REPO)]
    )
    assert bad.exit_code == 2
    assert "Traceback" not in wrong.output + bad.output


@pytest.mark.clients
def test_html_in_real_browser(
    example_dataset: Dataset, tmp_path: Path, browser: Callable[[Path], tuple[str, Path]]
) -> None:
    page = tmp_path / "jaarverslag-szh-2017.html"
    out = _doc(example_dataset, "html")
    assert isinstance(out, str)
    page.write_text(out, encoding="utf-8")
    log, shot = browser(page)
    assert console_errors(log) == []
    assert shot.exists() and not screenshot_is_blank(shot)
