"""What the Word and Excel files share: the zip archive they are, with the same bytes for the
same data, and column widths measured from the content.

A .docx or .xlsx is a zip archive, and zip stamps every entry with a local time that it can only
store from 1980 to 2107; python-docx and openpyxl stamp the clock's time. `fixed_zip` writes the
entries again, each stamped 1980-01-01 00:00 (the first moment zip can store): the bytes no
longer depend on the clock, and a document dated 1970 or 2200 (its own date stays in its
properties) no longer stops with a traceback.
"""

from __future__ import annotations

import io
import unicodedata
import zipfile

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
    its class in Arial's metrics, rounded up (i 222 → 278, a 556, capitals 667-778 → 722,
    m 833 → 889), bold a tenth wider; a wide (CJK) character counts 1000, a combining mark
    nothing. An estimate on the safe side, for column widths: no font file is read, so every
    machine gives the same widths."""
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
    words do not fit, in proportion to them. Integers, so the same table gives the same
    widths."""
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
        total = sum(least) or 1
        widths = [available * m // total for m in least]
    widths[-1] += available - sum(widths)
    return widths
