"""What the Word and Excel files share: the zip archive they are, with the same bytes for the
same data, and column widths measured from the content; and the spreadsheets themselves (CSV
for Dutch Excel, xlsx) of a document's tables.

A .docx or .xlsx is a zip archive, and zip stamps every entry with a local time that it can only
store from 1980 to 2107; python-docx and openpyxl stamp the clock's time. `fixed_zip` writes the
entries again, each stamped 1980-01-01 00:00 (the first moment zip can store): the bytes no
longer depend on the clock, and a document dated 1970 or 2200 (its own date stays in its
properties) no longer stops with a traceback.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

CENT = Decimal("0.01")

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
"""The stamp of every entry: zip's first moment, whatever the document's date."""


def fixed_zip(data: bytes) -> bytes:
    """The same archive with every entry stamped `ZIP_EPOCH`, deflated, mode 0600."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()


_NARROW = frozenset(" ijlI.,;:'!|`")
_SMALL = frozenset('ftr()[]{}-/\\"*')
_WIDE = frozenset("mwMW@%")


def text_width(text: str, *, bold: bool = False) -> int:
    """The width of `text` on one line, in thousandths of the font size, for Arial (and
    Liberation Sans, its metric twin in LibreOffice): each character is taken at the width of
    its class in Arial's metrics (i 222 → 278, f 278 → 333, a 556, capitals 667-778 → 722,
    m 833 → 889: mostly a little above), bold a tenth wider; a wide (CJK) character counts
    1000, a combining mark nothing. An estimate for column widths (LibreOffice breaks no word
    of the example's tables with it: tests/test_client_office.py); no font file is read, so
    every machine gives the same widths."""
    width = 0
    for c in text:
        if unicodedata.combining(c):
            continue
        if unicodedata.east_asian_width(c) in ("W", "F"):
            width += 1000
        elif c in _NARROW:
            width += 278
        elif c in _SMALL:
            width += 333
        elif c in _WIDE:
            width += 889
        elif c.isupper():
            width += 722
        else:
            width += 556
    return width * 11 // 10 if bold else width


def longest_word(text: str, *, bold: bool = False) -> int:
    """The width (as `text_width`) of the longest word of `text`: the least a column needs so
    that no word is broken inside it."""
    return max((text_width(w, bold=bold) for w in text.split()), default=0)


def fit_columns(least: list[int], wanted: list[int], available: int, grow: list[bool]) -> list[int]:
    """Column widths that add up to `available`, like a browser's automatic table layout: each
    column gets what its content `wanted` on one line when all fit, the rest going to the
    columns that may `grow` (text, not amounts); else at least its longest word (`least`), and
    what is left shared in proportion to what each still wants; else, when even the longest
    words do not fit, each its longest word but the widest, which share what is left
    (`_capped`). Integers, so the same table gives the same widths."""
    n = len(wanted)
    wanted = [max(w, m) for w, m in zip(wanted, least, strict=True)]
    if sum(wanted) <= available:
        growing = [i for i in range(n) if grow[i]] or list(range(n))
        extra = available - sum(wanted)
        base = sum(wanted[i] for i in growing) or 1
        widths = list(wanted)
        for i in growing:
            widths[i] += extra * wanted[i] // base
    elif sum(least) <= available:
        room = available - sum(least)
        need = sum(w - m for w, m in zip(wanted, least, strict=True)) or 1
        widths = [m + room * (w - m) // need for w, m in zip(wanted, least, strict=True)]
    else:
        widths = _capped(least, available)
        widths[widths.index(max(widths))] += available - sum(widths)
        return widths
    widths[-1] += available - sum(widths)
    return widths


def _capped(least: list[int], available: int) -> list[int]:
    """Every column its longest word, except the widest ones, cut to one same width so that all
    add up to `available`: an unbreakable 90-letter title wraps inside its own cell, and the
    number, the advice and the amounts beside it stay whole."""
    rest = available
    ordered = sorted(least)
    cap = ordered[-1]
    for i, m in enumerate(ordered):
        if m * (len(least) - i) > rest:
            cap = rest // (len(least) - i)
            break
        rest -= m
    return [min(m, cap) for m in least]


# --- spreadsheets: CSV for Dutch Excel, and xlsx ----------------------------------------------

SheetTable = tuple[str, list[str], list[list[Any]]]
"""(sheet name, header, rows): cells are text, Decimal (money), int (counts, hours), a date, or
None (empty)."""

CSV_SEPARATOR = ";"
"""Dutch Excel's list separator: a double-click opens the file in columns."""
BOM = "\ufeff"
"""UTF-8's byte-order mark: Excel reads the file as UTF-8 only with it ("Muziekcafé", not
"MuziekcafÃ©"). A `sep=;` line would do for the columns, but Excel then ignores the BOM."""

_FORMULA = re.compile(r"(^|;)(\s*)(?=[=+\-@])")
"""Where a spreadsheet would start a formula: at the start of a cell, and after a `;` inside
it (where a program that splits on `;` without reading quotes starts a cell)."""


def _plain(text: str) -> str:
    """User text as one line without control characters."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def csv_amount(value: Decimal) -> str:
    """`3450,00`: two decimals with a decimal comma, no thousands separator, as Dutch Excel
    reads a number (`3450.00` would be 345000 there, the dot being its thousands separator);
    back to the exact amount with `Decimal(text.replace(",", "."))`."""
    return str(value.quantize(CENT, rounding=ROUND_HALF_UP)).replace(".", ",")


def csv_cell(value: Any) -> str:
    """One cell as text: money `csv_amount`, a date `2017-10-24`, text that would start a
    formula with `'` before it (at the start and after every `;`), nothing for None."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return csv_amount(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return _FORMULA.sub(r"\1\2'", _plain(str(value)))


def tables_csv(tables: list[SheetTable]) -> str:
    """The tables one after another for Dutch Excel: a BOM, `;` between cells, each table a
    line `# name` and its header, a blank line between tables."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=CSV_SEPARATOR, lineterminator="\n")
    for i, (name, head, rows) in enumerate(tables):
        if i:
            writer.writerow([])
        writer.writerow([f"# {name}"])
        writer.writerow(head)
        for row in rows:
            writer.writerow([csv_cell(v) for v in row])
    return out.getvalue()


MONEY_FORMAT = '"€ "#,##0.00;"€ "\\-#,##0.00'
"""Shown as `€ 3.450,00` by Dutch Excel and LibreOffice (the file stores the format with `.`
and `,`; the program shows its locale's separators)."""
COUNT_FORMAT = "0"
DATE_FORMAT = "dd-mm-yyyy"
EXCEL_FIRST_DAY = date(1900, 3, 1)
"""Excel counts days from 1900 with a 29 February 1900 that never was: an earlier date is
written as text (`1899-12-31`), never as a wrong or negative number."""
TOTAL = "totaal"
"""The first cell of a total row, which is bold."""


def _shown(value: Any) -> tuple[str, Any]:
    """(text as the sheet shows it, value to store) of one cell."""
    if isinstance(value, Decimal):
        return f"€ {value:,.2f}", value.quantize(CENT, rounding=ROUND_HALF_UP)
    if isinstance(value, date) and value >= EXCEL_FIRST_DAY:
        return "00-00-0000", value
    if isinstance(value, date):
        return value.isoformat(), value.isoformat()
    if value is None or isinstance(value, int):
        return ("" if value is None else str(value)), value
    text = _plain(str(value))
    return text, text


def tables_xlsx(tables: list[SheetTable], *, title: str, when: date) -> bytes:
    """One sheet per table (openpyxl): a bold header row that stays in view (frozen), money as
    numbers in euros, counts as whole numbers, dates as dates, text always as text (never a
    formula), a bold total row, and every column as wide as its widest cell. Dated `when` in
    its properties; the same tables give the same bytes."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.writer.excel import ExcelWriter

    bold = Font(bold=True)
    wb = Workbook()
    for i, (name, head, rows) in enumerate(tables):
        ws = wb.active if i == 0 else wb.create_sheet()
        assert ws is not None
        ws.title = name
        ws.append(head)
        widths = [text_width(h, bold=True) for h in head]
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            shown = [_shown(v) for v in row]
            ws.append([v for _, v in shown])
            for c, (cell, (text, value)) in enumerate(zip(ws[ws.max_row], shown, strict=True)):
                widths[c] = max(widths[c], text_width(text, bold=row[0] == TOTAL))
                if isinstance(value, Decimal):
                    cell.number_format = MONEY_FORMAT
                elif isinstance(value, date):
                    cell.number_format = DATE_FORMAT
                elif isinstance(value, int):
                    cell.number_format = COUNT_FORMAT
                elif isinstance(value, str):
                    cell.data_type = "s"  # never a formula, whatever the text starts with
                if row[0] == TOTAL:
                    cell.font = bold
        ws.freeze_panes = "A2"
        for c, width in enumerate(widths, start=1):
            # Excel's column width counts the digits of its default font (556 thousandths).
            ws.column_dimensions[get_column_letter(c)].width = min(60, width / 556 + 2)
    stamp = datetime(when.year, when.month, when.day)
    wb.properties.creator = "wijkcli"
    wb.properties.title = title
    wb.properties.language = "nl-NL"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(wb, archive).write_data()
    return fixed_zip(raw.getvalue())
