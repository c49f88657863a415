"""Word as a Dutch secretary expects (issue 29.3), for every document in the registry: A4 with
Dutch margins, Dutch language, named styles instead of direct formatting, the footer's fields in
the footer's size, no grid on the letter's address block, columns as wide as their content, and
the same cells as the Markdown tables. LibreOffice's view of the same files is in
tests/test_client_office.py."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn

from tests.test_registry import _subject
from wijkcli.dataset import Dataset
from wijkcli.documents.docx import MARGINS, TEXT_WIDTH, column_widths
from wijkcli.documents.markup import Table, parse, plain
from wijkcli.documents.office import fit_columns, text_width
from wijkcli.documents.registry import REGISTRY, Options, document, make

EXAMPLE = Path(__file__).resolve().parents[1]
word_documents = sorted(n for n in REGISTRY if "docx" in document(n).formats)


def test_every_document_but_the_newsletter_fragment_has_word() -> None:
    expected = ["advies", "agenda", "beoordeling", "jaarverslag", "kasboek", "notulen", "plan",
                "voortgang"]  # fmt: skip
    assert word_documents == expected


def _word(name: str, dataset: Dataset) -> tuple[Any, str]:
    made = make(name, _subject(name, dataset), Options(versie="0123456789ab"))
    data = made.render("docx")
    md = made.render("md")
    assert isinstance(data, bytes) and isinstance(md, str)
    return docx.Document(io.BytesIO(data)), md


@pytest.mark.parametrize("name", word_documents)
def test_a4_dutch_margins_language_and_styles(name: str, example_dataset: Dataset) -> None:
    d, _ = _word(name, example_dataset)
    (section,) = d.sections
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)
    margins = (section.left_margin, section.right_margin, section.top_margin, section.bottom_margin)
    assert [round(m.cm, 2) for m in margins] == [2.5, 2.0, 2.0, 2.0]
    assert MARGINS["left"] + MARGINS["right"] + TEXT_WIDTH == 11906
    lang = d.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    assert lang.find(qn("w:lang")).get(qn("w:val")) == "nl-NL"
    assert d.core_properties.language == "nl-NL"
    assert d.styles["Normal"].font.name == "Arial" and d.styles["Normal"].font.size.pt == 10
    body = d.element.body
    # No direct formatting of size, font or alignment anywhere in the body: only styles.
    for tag in ("w:sz", "w:rFonts", "w:jc"):
        assert body.findall(f".//{qn(tag)}") == [], tag
    # Every table cell paragraph is in one of wijkcli's table styles (or a smaller variant).
    cell_styles = {
        p.style.name.removesuffix(" 9 pt").removesuffix(" 8 pt").removesuffix(" 7 pt")
        for t in d.tables
        for r in t.rows
        for c in r.cells
        for p in c.paragraphs
    }
    assert cell_styles <= {"Tabeltekst", "Tabelgetal", "Tabelkop", "Tabelkop getal",
                           "Ondertekening", "Ondertekening functie"}  # fmt: skip
    # The footer: its paragraph in the Footer style (8 pt), its runs and page fields without
    # a size of their own, so "pagina 1 van 3" is as small as the rest.
    footer = section.footer.paragraphs[0]
    assert footer.style.name == "Footer" and d.styles["Footer"].font.size.pt == 8
    assert footer._p.findall(f".//{qn('w:sz')}") == []
    fields = [f.get(qn("w:instr")) for f in footer._p.findall(qn("w:fldSimple"))]
    assert fields == ["PAGE", "NUMPAGES"]
    assert "pagina " in footer.text and " van " in footer.text


@pytest.mark.parametrize("name", word_documents)
def test_tables_have_the_markdown_cells_and_fitted_columns(
    name: str, example_dataset: Dataset
) -> None:
    d, md = _word(name, example_dataset)
    md_tables = [b for b in parse(md).blocks if isinstance(b, Table)]
    assert md_tables, name
    words = d.tables[: len(md_tables)]
    assert len(words) == len(md_tables)
    for md_table, word in zip(md_tables, words, strict=True):
        has_header = any(plain(c) for c in md_table.header)
        want = [
            [plain(c) for c in row]
            for row in ([md_table.header] if has_header else []) + md_table.rows
        ]
        assert [[c.text for c in r.cells] for r in word.rows] == want
        # Fixed widths that fill the text width, the same in the grid and on every cell.
        tbl = word._tbl
        grid = [int(c.get(qn("w:w"))) for c in tbl.tblGrid.findall(qn("w:gridCol"))]
        assert sum(grid) == TEXT_WIDTH
        assert tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in word.rows:
            assert [c.width.twips for c in row.cells] == grid
        _, widths = column_widths(md_table, has_header)
        assert grid == widths
        # A table with a header is ruled; one without (the address block) is not.
        assert word.style.name == ("Table Grid" if has_header else "Normal Table")


def test_the_letter_columns_follow_their_content(example_dataset: Dataset) -> None:
    d, _ = _word("advies", example_dataset)
    address, _, overview = d.tables[:3]
    label, text = (int(c.get(qn("w:w"))) for c in address._tbl.tblGrid.findall(qn("w:gridCol")))
    assert label < 1500 < 7000 < text  # "Kenmerk" needs little, the addresses the rest
    grid = [int(c.get(qn("w:w"))) for c in overview._tbl.tblGrid.findall(qn("w:gridCol"))]
    head = [c.text for c in overview.rows[0].cells]
    assert head == ["nr", "aanvraag", "gevraagd", "advies", "bedrag"]
    # nr is narrow, the titles get the most room; amounts get what they need, not a fifth.
    assert grid[0] < grid[2] < grid[1] and grid[4] < TEXT_WIDTH // 5


def test_fit_columns() -> None:
    # Everything fits: each what it wants, the rest to the text columns only.
    assert fit_columns([10, 10], [30, 20], 100, [True, False]) == [80, 20]
    # Not on one line: the longest words, the room shared by what each still wants.
    assert fit_columns([10, 20], [50, 60], 50, [True, True]) == [20, 30]
    # Not even the longest words: the narrow columns whole, the widest share what is left.
    assert fit_columns([100, 10, 12], [100, 10, 12], 80, [True, False, False]) == [58, 10, 12]
    assert fit_columns([60, 40, 5], [60, 40, 5], 50, [True, True, True]) == [23, 22, 5]
    assert text_width("Mantelzorgcafé") > text_width("Mantelzorg")
    assert text_width("A", bold=True) > text_width("A")


def test_a_wide_table_is_set_smaller_rather_than_breaking_words(
    example_dataset: Dataset,
) -> None:
    d, md = _word("jaarverslag", example_dataset)
    themas = next(
        b for b in parse(md).blocks if isinstance(b, Table) and plain(b.header[0]) == "thema"
    )
    size, widths = column_widths(themas, True)
    assert size < 10 and sum(widths) == TEXT_WIDTH
    cell = d.tables[0].rows[1].cells[1].paragraphs[0]
    assert cell.style.name == f"Tabelgetal {size} pt"
    assert cell.style.base_style.name == "Tabelgetal"
