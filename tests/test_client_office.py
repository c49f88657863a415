"""Word and Excel files as LibreOffice reads them (issue 29, real client): every document's docx
converted to PDF by LibreOffice headless (A4, within a page of the Typst PDF, no word of a
table cell broken); the year report's xlsx exported by LibreOffice to CSV (the same cells as
wijkcli's CSV, in euros and Dutch dates); wijkcli's CSV imported by LibreOffice as a Dutch
spreadsheet (numbers, dates and "Muziekcafé" as in the xlsx).

LibreOffice is slow to start: each test makes one `soffice` call for all its files, with a
profile of its own in the test's temporary folder. Skipped when LibreOffice is not installed,
a failure then with WIJK_REQUIRE_LIBREOFFICE=1 (set by .ci/run, which installs Debian's
libreoffice-writer-nogui and libreoffice-calc-nogui)."""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.test_registry import _subject
from wijkcli.dataset import Dataset
from wijkcli.documents.markup import Table, parse, plain
from wijkcli.documents.registry import REGISTRY, Options, document, make

pytestmark = [pytest.mark.clients, pytest.mark.slow]

REQUIRE = "WIJK_REQUIRE_LIBREOFFICE"
A4 = (595.3, 841.9)
CSV_FILTER = "Text - txt - csv (StarCalc)"
"""LibreOffice's CSV filter; its options: separator `;` (59), quote `"` (34), UTF-8 (76), from
line 1, Dutch (1043) for reading numbers and dates."""


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        install = "apt-get install libreoffice-writer-nogui libreoffice-calc-nogui"
        if os.environ.get(REQUIRE):
            pytest.fail(f"LibreOffice is required ({REQUIRE}) but not installed: {install}")
        pytest.skip(f"LibreOffice not installed ({install})")
    assert found is not None
    return found


def _convert(tmp: Path, files: list[Path], to: str, *extra: str) -> Path:
    """One soffice call converting `files` into tmp/out (its own profile in tmp/profile)."""
    out = tmp / "out"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
         *extra, "--convert-to", to, "--outdir", str(out), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    return out


def _pieces(text: str) -> list[str]:
    """Words, split after a hyphen (where a line may break: "huis-|aan-|huis")."""
    return [p for w in text.split() for p in re.split(r"(?<=-)", w) if p]


LONG = "Huiskamer" + "Koperhorst" * 9
"""A title of one 99-letter word: longer than any column can be."""


def test_every_word_document_in_libreoffice(
    example_dataset: Dataset, example_repo: Path, tmp_path: Path
) -> None:
    names = sorted(n for n in REGISTRY if "docx" in document(n).formats)
    files, typst_pages, tables = [], {}, {}
    # The letter with a title no line can hold, converted in the same call: the title wraps
    # inside its own cell, every other cell of its table stays whole.
    from tests.helpers import AANVRAAG, edit
    from wijkcli.pipeline import load_clean

    edit(example_repo, AANVRAAG, "titel: Huiskamer De Koperhorst", f"titel: {LONG}")
    hostile, _ = load_clean(example_repo)
    letter = make("advies", _subject("advies", hostile), Options(versie="x"))
    long_md = letter.render("md")
    assert isinstance(long_md, str)
    long_docx = letter.render("docx")
    assert isinstance(long_docx, bytes)
    (tmp_path / "lang.docx").write_bytes(long_docx)
    files.append(tmp_path / "lang.docx")
    for name in names:
        made = make(name, _subject(name, example_dataset), Options(versie="0123456789ab"))
        data, pdf, md = made.render("docx"), made.render("pdf"), made.render("md")
        assert isinstance(data, bytes) and isinstance(pdf, bytes) and isinstance(md, str)
        path = tmp_path / f"{name}.docx"
        path.write_bytes(data)
        files.append(path)
        typst_pages[name] = len(PdfReader(io.BytesIO(pdf)).pages)
        tables[name] = [b for b in parse(md).blocks if isinstance(b, Table)]
    out = _convert(tmp_path, files, "pdf")
    for name in names:
        reader = PdfReader(out / f"{name}.pdf")
        for page in reader.pages:
            size = (round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1))
            assert size == A4, name
        assert abs(len(reader.pages) - typst_pages[name]) <= 1, (name, typst_pages[name])
        # No word of a table cell broken over two lines (a break after a hyphen is allowed):
        # every piece of every cell is a whole piece of LibreOffice's text.
        text = set(_pieces(" ".join(p.extract_text() or "" for p in reader.pages)))
        cells = {
            piece
            for table in tables[name]
            for row in [table.header, *table.rows]
            for cell in row
            for piece in _pieces(plain(cell))
        }
        assert cells, name
        assert sorted(cells - text) == [], name
    reader = PdfReader(out / "lang.pdf")
    text = set(_pieces(" ".join(p.extract_text() or "" for p in reader.pages)))
    (overview,) = [t for t in parse(long_md).blocks
                   if isinstance(t, Table) and plain(t.header[0]) == "nr"]  # fmt: skip
    cells = {p for row in overview.rows for cell in row for p in _pieces(plain(cell))}
    assert LONG in cells and LONG not in text  # wrapped inside its cell
    assert sorted(cells - text) == [LONG]  # "A01", "gedeeltelijk", "€ 29.112,45" whole


SPREADSHEETS = ["jaarverslag", "kasboek", "voortgang"]
"""Every document with `--format csv` and `xlsx`."""


def _ours(example_dataset: Dataset, name: str, fmt: str) -> Any:
    options = Options(versie="x", datum=date(2017, 11, 1) if name == "voortgang" else None)
    return make(name, _subject(name, example_dataset), options).render(fmt)


def _csv_sections(text: str) -> dict[str, list[list[str]]]:
    """wijkcli's CSV read as Dutch Excel reads it (`;`, after the BOM): {table: rows}."""
    assert text.startswith("\ufeff")
    sections: dict[str, list[list[str]]] = {}
    for block in text[1:].split("\n\n"):
        (name,), *rows = csv.reader(io.StringIO(block), delimiter=";")
        sections[name.removeprefix("# ")] = rows
    return sections


def test_every_document_with_csv_has_xlsx() -> None:
    with_csv = sorted(n for n in REGISTRY if "csv" in document(n).formats)
    assert with_csv == SPREADSHEETS
    assert all("xlsx" in document(n).formats for n in with_csv)


def test_xlsx_in_libreoffice_has_the_cells_of_the_csv(
    example_dataset: Dataset, tmp_path: Path
) -> None:
    """LibreOffice opens each workbook, recalculates it and writes every sheet as shown
    (`€ 3,450.00` in its default English locale, dates `24-10-2017` by the workbook's own
    format): read back, the same cells as wijkcli's CSV."""
    books = []
    for name in SPREADSHEETS:
        books.append(tmp_path / f"{name}.xlsx")
        books[-1].write_bytes(_ours(example_dataset, name, "xlsx"))
    options = "59,34,76,1,,1043,false,true,true,false,false,-1"  # as shown; every sheet
    out = _convert(tmp_path, books, f"csv:{CSV_FILTER}:{options}")
    money = re.compile(r"€ (-?[0-9,]+\.[0-9]{2})")
    day = re.compile(r"([0-9]{2})-([0-9]{2})-([0-9]{4})")
    for name in SPREADSHEETS:
        ours = _csv_sections(_ours(example_dataset, name, "csv"))
        sheets = load_workbook(tmp_path / f"{name}.xlsx").sheetnames
        assert len(sheets) == len(ours), name
        for sheet, (section, rows) in zip(sheets, ours.items(), strict=True):
            shown = (out / f"{name}-{sheet}.csv").read_text(encoding="utf-8")
            theirs = list(csv.reader(io.StringIO(shown), delimiter=";"))
            assert len(theirs) == len(rows) and rows, (name, section)
            for mine, cells in zip(rows, theirs, strict=True):
                assert len(cells) == len(mine), (name, mine, cells)
                for a, b in zip(mine, cells, strict=True):
                    if m := money.fullmatch(b):
                        assert Decimal(a.replace(",", ".")) == Decimal(m[1].replace(",", ""))
                    elif m := day.fullmatch(b):
                        assert a == f"{m[3]}-{m[2]}-{m[1]}"
                    else:
                        assert a == b, (name, mine, cells)
    assert "€ 20,362.45" in (out / "jaarverslag-Thema's.csv").read_text(encoding="utf-8")


def test_csv_opens_in_a_dutch_spreadsheet_as_the_xlsx(
    example_dataset: Dataset, tmp_path: Path
) -> None:
    """LibreOffice reads wijkcli's CSV as a Dutch spreadsheet would by a double-click (`;`,
    decimal comma, UTF-8): numbers are numbers, dates dates, names whole; cell for cell the
    values of wijkcli's own xlsx."""
    paths = []
    for name in SPREADSHEETS:
        paths.append(tmp_path / f"{name}.csv")
        paths[-1].write_text(_ours(example_dataset, name, "csv"), encoding="utf-8")
    out = _convert(tmp_path, paths, "xlsx", f"--infilter={CSV_FILTER}:59,34,76,1,,1043")

    def same(row: list[Any]) -> list[Any]:
        while row and row[-1] is None:
            row = row[:-1]
        return [Decimal(str(v)) if isinstance(v, float | int) else v for v in row]

    everything = set()
    for name in SPREADSHEETS:
        imported = load_workbook(out / f"{name}.xlsx").active
        assert imported is not None
        rows = [same(list(r)) for r in imported.iter_rows(values_only=True)]
        book = tmp_path / f"ours-{name}.xlsx"
        book.write_bytes(_ours(example_dataset, name, "xlsx"))
        wb = load_workbook(book)
        expected: list[list[Any]] = []
        for i, section in enumerate(_csv_sections(_ours(example_dataset, name, "csv"))):
            if i:
                expected.append([])
            expected.append([f"# {section}"])
            expected += [same(list(r)) for r in wb.worksheets[i].iter_rows(values_only=True)]
        assert rows == expected, name
        everything |= {v for r in rows for v in r}
    assert "Muziekcafé 't Middelpunt" in everything and datetime(2017, 10, 24) in everything
    assert Decimal("20362.45") in everything
