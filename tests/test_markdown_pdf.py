"""PDF laid out from a document's Markdown (documents/pdf.py `markdown_to_typst`): the words
around bold and italic keep their spaces, and a table too wide for the page is set smaller with
every column its share, instead of text columns squeezed to nothing under the amounts."""

from __future__ import annotations

import io
from datetime import date

from wijkcli.documents.markup import Table, parse
from wijkcli.documents.pdf import WIDE, _width, compile_pdf, markdown_to_typst

WHEN = date(2018, 2, 15)


def _pdf_text(markdown: str, tmp_path) -> str:  # type: ignore[no-untyped-def]
    from pypdf import PdfReader

    source = markdown_to_typst(markdown, title="t", author="a", when=WHEN)
    pdf = compile_pdf(source, root=tmp_path, when=WHEN)
    return " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)


def test_bold_and_italic_keep_the_spaces_around_them(tmp_path) -> None:  # type: ignore[no-untyped-def]
    md = (
        "# Kop\n\n- **Doel:** Bewoners weten het.\n\n"
        "De bewoners waardeerden **Welzijn Samen** het hoogst; *Resultaat:* 30 bewoners.\n"
    )
    text = _pdf_text(md, tmp_path)
    assert "Doel: Bewoners weten het." in text
    assert "waardeerden Welzijn Samen het hoogst; Resultaat: 30 bewoners." in text


def _table(md: str) -> Table:
    (table,) = [b for b in parse(md).blocks if isinstance(b, Table)]
    return table


NARROW = "| ronde | bedrag |\n|---|---:|\n| Subsidieronde 2 (2017) | € 21.000,00 |\n"
HEAD = "| aanvraag | status | advies | toegekend | besteed | terugbetaald | terug naar budget |"
WIDE_MD = (
    f"{HEAD}\n|---|---|---:|---:|---:|---:|---:|\n"
    "| A01 Huiskamer De Koperhorst | uitgevoerd (17 oktober 2017) | € 6.500,00 | € 6.500,00 "
    "| € 6.350,00 | € 0,00 | € 0,00 |\n"
)


def test_a_table_that_fits_keeps_its_layout() -> None:
    assert _width(_table(NARROW)) <= WIDE
    source = markdown_to_typst(NARROW, title="t", author="a", when=WHEN)
    assert "#table(columns: (1fr, auto,)" in source
    assert "size: 8pt" not in source


def test_a_table_too_wide_for_the_page_is_set_smaller_with_shared_columns() -> None:
    assert _width(_table(WIDE_MD)) > WIDE
    source = markdown_to_typst(WIDE_MD, title="t", author="a", when=WHEN)
    assert "#text(size: 8pt)[" in source
    assert "#table(columns: (auto, auto, auto, auto, auto, auto, auto,)" in source
