"""Word (.docx) from a document's Markdown, with python-docx: for a secretary who adds the
team's own letterhead in Word and signs.

Laid out as a Dutch secretary expects: A4 (11906 × 16838 twips) with 2.5 cm left and 2 cm
other margins, Arial 10 pt (Liberation Sans in LibreOffice has the same widths, so both break
lines in the same places), Dutch (nl-NL) as the language of the document. Font, size and
alignment are set through named styles, never on a paragraph or a run (a run carries only the
Markdown's bold and italic), so a team restyles the whole document by changing a style:
Word's own `Title`, `Heading 1`-`2`, `List Bullet`, `Footer`, and wijkcli's
`Tabeltekst`, `Tabelgetal` (right-aligned), `Tabelkop`, `Tabelkop getal`, `Ondertekening` and
`Ondertekening functie`. Tables are real tables (a header row that repeats, rows that never
split) whose columns are as wide as their content needs (`office.fit_columns`: labels and
names are not broken inside a word, amounts stay on one line); a table without a header (the
address block of the letter) has no grid. The footer has the title and the page numbers
(`pagina X van Y`, fields), in the footer's size; the colophon (the data version) is in the
file's keywords, never on paper (a letter from uncommitted data says CONCEPT in its text).

python-docx is imported only here, inside the function. Word files are zip archives that
normally carry the clock's time: the core properties carry the document's date, the zip
entries a fixed stamp (`office.fixed_zip`), so the same files give the same bytes.
"""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from wijkcli.documents.markup import (
    Bullet,
    Heading,
    Paragraph,
    Run,
    Signatures,
    Table,
    parse,
    plain,
)
from wijkcli.documents.office import fit_columns, fixed_zip, longest_word, text_width

if TYPE_CHECKING:
    from wijkcli.documents.registry import Signer

FONT = "Arial"
FONT_SIZE = 10
"""Points, for the body and the tables."""
FOOTER_SIZE = 8
PAGE = (11906, 16838)
"""A4 in twips (1/20 pt)."""
MARGINS = {"left": 1417, "right": 1134, "top": 1134, "bottom": 1134}
"""Twips: 2.5 cm left (room to punch and file), 2 cm elsewhere."""
CELL_PADDING = 2 * 108
"""Word's default cell margins, left and right (0.19 cm each), in twips."""
TEXT_WIDTH = PAGE[0] - MARGINS["left"] - MARGINS["right"]

STYLE_CELL = "Tabeltekst"
STYLE_NUMBER = "Tabelgetal"
STYLE_HEAD = "Tabelkop"
STYLE_HEAD_NUMBER = "Tabelkop getal"
STYLE_SIGN = "Ondertekening"
STYLE_SIGN_FUNCTION = "Ondertekening functie"


def _runs(paragraph: Any, runs: list[Run]) -> None:
    for text, bold, italic in runs:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None


def _set_language(document: Any, lang: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults"))
    rpr = rpr_default.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    el = OxmlElement("w:lang")
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        el.set(qn(attr), lang)
    rpr.append(el)


def _font(style: Any, size: int | None = None) -> None:
    """Arial for every script (ascii, hAnsi, eastAsia, cs), so no theme font replaces it."""
    from docx.oxml.ns import qn
    from docx.shared import Pt

    style.font.name = FONT
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    if size is not None:
        style.font.size = Pt(size)


def _styles(document: Any) -> None:
    """Page, margins, fonts and wijkcli's own named styles."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt, Twips

    section = document.sections[0]
    section.page_width, section.page_height = Twips(PAGE[0]), Twips(PAGE[1])
    section.left_margin = Twips(MARGINS["left"])
    section.right_margin = Twips(MARGINS["right"])
    section.top_margin = Twips(MARGINS["top"])
    section.bottom_margin = Twips(MARGINS["bottom"])
    section.header_distance = section.footer_distance = Cm(1.0)
    styles = document.styles
    _font(styles["Normal"], FONT_SIZE)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3", "Heading 4"):
        _font(styles[name])
    _font(styles["Footer"], FOOTER_SIZE)

    def paragraph_style(name: str, base: str) -> Any:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.quick_style = True
        return style

    cell = paragraph_style(STYLE_CELL, "Normal")
    cell.paragraph_format.space_before = Pt(1)
    cell.paragraph_format.space_after = Pt(1)
    number = paragraph_style(STYLE_NUMBER, STYLE_CELL)
    number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    head = paragraph_style(STYLE_HEAD, STYLE_CELL)
    head.font.bold = True
    head_number = paragraph_style(STYLE_HEAD_NUMBER, STYLE_HEAD)
    head_number.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sign = paragraph_style(STYLE_SIGN, "Normal")
    sign.paragraph_format.space_after = Pt(0)
    sign.paragraph_format.keep_with_next = True
    function = paragraph_style(STYLE_SIGN_FUNCTION, STYLE_SIGN)
    function.font.size = Pt(9)
    function.paragraph_format.keep_with_next = False


def _row_props(row: Any, *, header: bool) -> None:
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _field(paragraph: Any, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES): its run has no formatting of its own, so it is in the
    paragraph's style (the footer's size)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    fld = OxmlElement("w:fldSimple")
    fld.set(qn("w:instr"), instruction)
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = "1"
    r.append(t)
    fld.append(r)
    paragraph._p.append(fld)


TABLE_SIZES = (FONT_SIZE, 9, 8, 7)
"""Points a table is set in: the first at which the longest word of every cell, and every
amount on one line, fit the text width (the year report's tables of eight columns need 7)."""
COMPACT_PADDING = 2 * 57
WORD_SLACK = 200
"""Added to every width estimate (thousandths of the font size): the estimate takes a
character at its class's width, and a short bold word ("nr": Arial Bold n 611, r 389) can be
wider than that, so a column of exactly the estimate broke it in LibreOffice."""
"""Cell margins (0.1 cm a side) of a table set smaller than the body."""


def column_widths(table: Table, has_header: bool) -> tuple[int, list[int]]:
    """The font size of `table` and its column widths in twips, adding up to the text width
    (`office.fit_columns`): at least the longest word of every cell (bold in the header) and
    every amount whole, what each cell wants on one line if there is room, the rest to the text
    columns. The largest size of `TABLE_SIZES` at which that fits; else the body's size, with
    the widest columns cut to what is left (`office.fit_columns`)."""
    rows = [table.header, *table.rows] if has_header else list(table.rows)
    n = len(table.align)
    least = [0] * n
    wanted = [0] * n
    for r, cells in enumerate(rows):
        for c, runs in enumerate(cells[:n]):
            head = has_header and r == 0
            word = max((longest_word(t, bold=head or b) for t, b, _ in runs), default=0)
            line = sum(text_width(t, bold=head or b) for t, b, _ in runs)
            # An amount stays on one line ("€ 2.570,00"); a header may break between words.
            least[c] = max(least[c], line if table.align[c] == "right" and not head else word)
            wanted[c] = max(wanted[c], line)

    def twips(width: int, size: int) -> int:
        padding = CELL_PADDING if size == FONT_SIZE else COMPACT_PADDING
        width += WORD_SLACK
        return -(-width * size * 20 // 1000) + padding  # thousandths of the size → twips

    fitting = [z for z in TABLE_SIZES if sum(twips(w, z) for w in least) <= TEXT_WIDTH]
    # Not even in the smallest size: a word longer than a line (a title without spaces) wraps
    # inside its own cell, in the body's size; the other columns stay whole.
    size = fitting[0] if fitting else FONT_SIZE
    return size, fit_columns(
        [twips(w, size) for w in least],
        [twips(w, size) for w in wanted],
        TEXT_WIDTH,
        [a != "right" for a in table.align],
    )


def _sized(document: Any, name: str, size: int) -> Any:
    """The style `name`, or for a smaller table its variant `<name> <size> pt` (made once,
    based on `name`: restyling `name` restyles it too)."""
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Pt

    if size == FONT_SIZE:
        return document.styles[name]
    variant = f"{name} {size} pt"
    if variant not in [s.name for s in document.styles]:
        style = document.styles.add_style(variant, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = document.styles[name]
        style.font.size = Pt(size)
    return document.styles[variant]


_TBLPR_ORDER = ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual",
                "w:tblStyleRowBandSize", "w:tblStyleColBandSize", "w:tblW", "w:jc",
                "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout",
                "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                "w:tblPrChange")  # fmt: skip
"""The order of a table's properties in the schema (Word refuses another order)."""


def _after(tag: str) -> tuple[str, ...]:
    return _TBLPR_ORDER[_TBLPR_ORDER.index(tag) + 1 :]


def _compact(t: Any) -> None:
    """Cell margins of 0.1 cm left and right (a table property)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    margins = OxmlElement("w:tblCellMar")
    for side in ("left", "right"):
        el = OxmlElement(f"w:{side}")
        el.set(qn("w:w"), str(COMPACT_PADDING // 2))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    tbl_pr = t._tbl.tblPr
    tbl_pr.insert_element_before(margins, *_after("w:tblCellMar"))


def _grid(t: Any, widths: list[int]) -> None:
    """Fixed column widths, in the grid (LibreOffice) and on every cell (Word)."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Twips

    t.autofit = False
    tbl_pr = t._tbl.tblPr
    width = tbl_pr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tbl_pr.insert_element_before(width, *_after("w:tblW"))
    width.set(qn("w:w"), str(sum(widths)))
    width.set(qn("w:type"), "dxa")
    for col, w in zip(t._tbl.tblGrid.findall(qn("w:gridCol")), widths, strict=True):
        col.set(qn("w:w"), str(w))
    for row in t.rows:
        for cell, w in zip(row.cells, widths, strict=True):
            cell.width = Twips(w)


def _table(document: Any, table: Table, keep_together: bool) -> None:
    has_header = any(plain(c) for c in table.header)
    t = document.add_table(rows=0, cols=len(table.align))
    # A table without a header (the letter's address block) is laid out, not ruled.
    t.style = document.styles["Table Grid" if has_header else "Normal Table"]
    all_rows = [table.header, *table.rows] if has_header else list(table.rows)
    size, widths = column_widths(table, has_header)
    if size != FONT_SIZE:
        _compact(t)
    for r, cells in enumerate(all_rows):
        row = t.add_row()
        _row_props(row, header=has_header and r == 0)
        head = has_header and r == 0
        for c, runs in enumerate(cells):
            p = row.cells[c].paragraphs[0]
            right = table.align[c] == "right"
            if head:
                p.style = _sized(document, STYLE_HEAD_NUMBER if right else STYLE_HEAD, size)
            else:
                p.style = _sized(document, STYLE_NUMBER if right else STYLE_CELL, size)
            _runs(p, runs)
            # Keep a short table on one page: every row keeps with the next.
            if keep_together and r < len(all_rows) - 1:
                p.paragraph_format.keep_with_next = True
    _grid(t, widths)
    document.add_paragraph()


def _signatures(document: Any, signers: list[Signer]) -> None:
    from docx.shared import Cm

    if not signers:
        return
    t = document.add_table(rows=1, cols=len(signers))
    _row_props(t.rows[0], header=False)
    for cell, s in zip(t.rows[0].cells, signers, strict=True):
        room = cell.paragraphs[0]
        room.style = document.styles[STYLE_SIGN]
        room.paragraph_format.space_before = Cm(2.2)  # room to sign
        room.add_run("_" * 28)
        cell.add_paragraph(s["naam"], style=STYLE_SIGN)
        cell.add_paragraph(s["functie"], style=STYLE_SIGN_FUNCTION)


def build_docx(
    markdown: str,
    *,
    title: str,
    author: str,
    when: date,
    signers: list[Signer] | None = None,
    keep_tables: int = 12,
) -> bytes:
    """A .docx with the content of `markdown` (one of wijkcli's own Markdown documents).

    Tables of at most `keep_tables` rows are kept on one page.
    """
    import docx

    parsed = parse(markdown)
    document = docx.Document()
    _set_language(document, "nl-NL")
    _styles(document)
    for block in parsed.blocks:
        if isinstance(block, Heading):
            level = 0 if block.level == 1 else min(block.level - 1, 9)
            heading = document.add_heading("", level=level)
            _runs(heading, block.runs)
        elif isinstance(block, Paragraph):
            _runs(document.add_paragraph(), block.runs)
        elif isinstance(block, Bullet):
            style = "List Bullet" if block.depth == 0 else "List Bullet 2"
            _runs(document.add_paragraph(style=style), block.runs)
        elif isinstance(block, Table):
            _table(document, block, keep_together=len(block.rows) <= keep_tables)
        elif isinstance(block, Signatures):
            _signatures(document, signers or [])
    # The footer is the title and the page number; the colophon (the data version, "Gemaakt met
    # wijkcli …") goes into the file's properties, as in the PDF: no hash on paper.
    footer = document.sections[0].footer.paragraphs[0]
    footer.style = document.styles["Footer"]
    footer.add_run(" ".join(title.split()) + " · ")
    footer.add_run("pagina ")
    _field(footer, "PAGE")
    footer.add_run(" van ")
    _field(footer, "NUMPAGES")

    moment = datetime(when.year, when.month, when.day, 12, tzinfo=UTC)
    core = document.core_properties
    core.title = _property(title)
    core.author = _property(author)
    core.last_modified_by = _property(author)
    core.language = "nl-NL"
    core.created = moment
    core.modified = moment
    core.last_printed = moment
    core.revision = 1
    core.comments = ""
    core.keywords = _property(
        " ".join(" ".join("".join(t for t, _, _ in p.runs).split()) for p in parsed.colophon)
    )
    out = io.BytesIO()
    document.save(out)
    return fixed_zip(out.getvalue())


CORE_PROPERTY_MAX = 255
"""python-docx refuses a longer title or author (Word's own limit for document properties)."""


def _property(text: str) -> str:
    """A title or author as a document property: shortened with '…' to what Word allows (a
    round's name from the files has no length limit; found by benchmarks/fuzz_long.py)."""
    return text if len(text) <= CORE_PROPERTY_MAX else text[: CORE_PROPERTY_MAX - 1] + "…"
