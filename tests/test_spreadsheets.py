"""The spreadsheet cells themselves (documents/office.py): CSV for Dutch Excel and the xlsx.
The year report's tables as LibreOffice reads them: tests/test_client_office.py."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from wijkcli.documents.office import (
    DATE_FORMAT,
    MONEY_FORMAT,
    ZIP_EPOCH,
    csv_cell,
    tables_csv,
    tables_xlsx,
)


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        (Decimal("3450"), "3450,00"),
        (Decimal("-0.005"), "-0,01"),
        (Decimal("1234567.891"), "1234567,89"),
        (date(2017, 10, 24), "2017-10-24"),
        (40, "40"),
        (None, ""),
        ("=1+1", "'=1+1"),
        ("+31 33 123", "'+31 33 123"),
        ("-5 graden", "'-5 graden"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1+1", "'=1+1"),  # a tab or CR becomes a space, and the space goes
        ('Koffie; =HYPERLINK("x")', 'Koffie; \'=HYPERLINK("x")'),
        ("a;-b;@c", "a;'-b;'@c"),
        ("9.200 huishoudens; 640 bezoeken", "9.200 huishoudens; 640 bezoeken"),
        ("Muziekcafé", "Muziekcafé"),
    ],
)
def test_csv_cell(value: object, cell: str) -> None:
    assert csv_cell(value) == cell
    if isinstance(value, Decimal):  # back to the exact amount, in cents
        assert Decimal(cell.replace(",", ".")) == value.quantize(Decimal("0.01"), ROUND_HALF_UP)


def test_csv_text_with_a_separator_is_one_cell() -> None:
    text = tables_csv([("t", ["a", "b"], [["x;=1+1", Decimal("1.5")]])])
    assert text == '\ufeff# t\na;b\n"x;\'=1+1";1,50\n'
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[2] == ["x;'=1+1", "1,50"]


def test_xlsx_cells(tmp_path: Path) -> None:
    rows = [
        ["Muziekcafé 't Middelpunt", Decimal("2750"), 12, date(2017, 10, 24), "=1+1"],
        ["oud", Decimal("0.5"), 0, date(1899, 12, 31), None],
        ["totaal", Decimal("2750.5"), 12, None, None],
    ]
    raw = tables_xlsx([("Blad", ["titel", "bedrag", "uren", "datum", "x"], rows)],
                      title="t", when=date(1970, 1, 1))  # fmt: skip
    assert raw == tables_xlsx([("Blad", ["titel", "bedrag", "uren", "datum", "x"], rows)],
                              title="t", when=date(1970, 1, 1))  # fmt: skip
    path = tmp_path / "t.xlsx"
    path.write_bytes(raw)
    import zipfile

    with zipfile.ZipFile(path) as z:
        assert {i.date_time for i in z.infolist()} == {ZIP_EPOCH}
    wb = load_workbook(path)
    ws = wb["Blad"]
    assert wb.properties.created == datetime(1970, 1, 1)
    assert ws.freeze_panes == "A2"
    first, old, total = ws[2], ws[3], ws[4]
    assert [c.value for c in first] == ["Muziekcafé 't Middelpunt", 2750, 12,
                                        datetime(2017, 10, 24), "=1+1"]  # fmt: skip
    assert first[4].data_type == "s"
    assert (first[1].number_format, first[3].number_format) == (MONEY_FORMAT, DATE_FORMAT)
    assert old[3].value == "1899-12-31"  # before Excel's calendar: text, not a wrong number
    assert all(c.font.b for c in total) and not any(c.font.b for c in first)
    assert ws.column_dimensions["A"].width > ws.column_dimensions["C"].width


def test_kasboek_and_voortgang_as_spreadsheets(example_dataset, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The treasurer's kasboek and the voortgang as CSV and xlsx: the amounts of their JSON."""
    import json

    from tests.test_registry import _subject
    from wijkcli.documents.registry import Options, make

    kasboek = make("kasboek", _subject("kasboek", example_dataset), Options(versie="x"))
    data = json.loads(kasboek.render("json"))
    text = kasboek.render("csv")
    assert isinstance(text, str) and text.startswith("\ufeff# Rondes\n")
    blocks = [list(csv.reader(io.StringIO(b), delimiter=";")) for b in text[1:].split("\n\n")]
    assert [b[0][0] for b in blocks] == ["# Rondes", "# Terug naar het budget",
                                         "# Toekenningen", "# Balans"]  # fmt: skip
    balans = {r[0]: Decimal(r[1].replace(",", ".")) for r in blocks[3][2:]}
    assert balans == {
        **{p["wat"]: Decimal(p["bedrag"]) for p in data["balans"]["plaatsen"]},
        "totaal": Decimal(data["balans"]["totaal"]),
    }
    assert blocks[3][1] == ["plaats", "bedrag"]  # not "waar": Dutch Excel reads that as TRUE
    raw = kasboek.render("xlsx")
    assert isinstance(raw, bytes)
    (tmp_path / "k.xlsx").write_bytes(raw)
    wb = load_workbook(tmp_path / "k.xlsx")
    assert wb.sheetnames == ["Rondes", "Terug naar het budget", "Toekenningen", "Balans"]
    assert wb["Balans"]["B8"].value == 22000 and wb["Balans"]["A8"].font.b

    voortgang = make("voortgang", _subject("voortgang", example_dataset),
                     Options(versie="x", datum=date(2017, 11, 1)))  # fmt: skip
    items = [a for r in json.loads(voortgang.render("json"))["rondes"] for a in r["aanvragen"]]
    text = voortgang.render("csv")
    assert isinstance(text, str)
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[0] == ["# Voortgang op 2017-11-01"]
    assert [Decimal(r[7].replace(",", ".")) for r in rows[2:]] == [
        Decimal(a["besteed"]) for a in items
    ]
    assert rows[2][:5] == ["Subsidieronde 2 (2017)", "A01", "Huiskamer De Koperhorst",
                           "uitgevoerd", "2017-10-17"]  # fmt: skip
