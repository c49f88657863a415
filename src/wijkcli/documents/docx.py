"""Word (.docx) from a document's Markdown, with python-docx: for a secretary who adds the
team's own letterhead in Word and signs.

Real Word headings and lists, real tables (amounts right-aligned, a header row that repeats,
rows that never split), Dutch set as the language of the document, the signature block with
room to sign, and the colophon with page numbers in the footer. python-docx is imported only
here, inside the function. Word files are zip archives that normally carry the clock's time:
every date in them (core properties and zip entries) is the document's date, so the same files
give the same bytes.
"""

from __future__ import annotations

import io
import zipfile
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

if TYPE_CHECKING:
    from wijkcli.documents.registry import Signer


def _runs(paragraph: Any, runs: list[Run], size: Any = None) -> None:
    for text, bold, italic in runs:
        run = paragraph.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size is not None:
            run.font.size = size


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


def _row_props(row: Any, *, header: bool) -> None:
    from docx.oxml import OxmlElement

    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))
    if header:
        tr_pr.append(OxmlElement("w:tblHeader"))


def _field(paragraph: Any, instruction: str, size: Any) -> None:
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
    del size


def _table(document: Any, table: Table, keep_together: bool) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    t = document.add_table(rows=0, cols=len(table.align))
    t.style = document.styles["Table Grid"]
    has_header = any(plain(c) for c in table.header)
    all_rows = [table.header, *table.rows] if has_header else list(table.rows)
    for r, cells in enumerate(all_rows):
        row = t.add_row()
        _row_props(row, header=has_header and r == 0)
        for c, runs in enumerate(cells):
            p = row.cells[c].paragraphs[0]
            if has_header and r == 0:
                runs = [(text, True, italic) for text, _, italic in runs]
            _runs(p, runs)
            if table.align[c] == "right":
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            # Keep a short table on one page: every row keeps with the next.
            if keep_together and r < len(all_rows) - 1:
                p.paragraph_format.keep_with_next = True
    document.add_paragraph()


def _signatures(document: Any, signers: list[Signer]) -> None:
    from docx.shared import Cm, Pt

    if not signers:
        return
    t = document.add_table(rows=1, cols=len(signers))
    _row_props(t.rows[0], header=False)
    for cell, s in zip(t.rows[0].cells, signers, strict=True):
        room = cell.paragraphs[0]
        room.paragraph_format.space_before = Cm(2.2)
        room.paragraph_format.keep_with_next = True
        room.add_run("_" * 28)
        name = cell.add_paragraph()
        name.paragraph_format.keep_with_next = True
        name.add_run(s["naam"])
        functie = cell.add_paragraph()
        functie.add_run(s["functie"]).font.size = Pt(9)


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
    from docx.shared import Pt

    parsed = parse(markdown)
    document = docx.Document()
    _set_language(document, "nl-NL")
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
    small = Pt(8)
    footer = document.sections[0].footer.paragraphs[0]
    for p in parsed.colophon:
        _runs(footer, [(text, bold, False) for text, bold, _ in p.runs], small)
        footer.add_run(" · ").font.size = small
    footer.add_run("pagina ").font.size = small
    _field(footer, "PAGE", small)
    footer.add_run(" van ").font.size = small
    _field(footer, "NUMPAGES", small)

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
    out = io.BytesIO()
    document.save(out)
    return _fixed_zip(out.getvalue(), when)


CORE_PROPERTY_MAX = 255
"""python-docx refuses a longer title or author (Word's own limit for document properties)."""


def _property(text: str) -> str:
    """A title or author as a document property: shortened with '…' to what Word allows (a
    round's name from the files has no length limit; found by benchmarks/fuzz_long.py)."""
    return text if len(text) <= CORE_PROPERTY_MAX else text[: CORE_PROPERTY_MAX - 1] + "…"


def _fixed_zip(data: bytes, when: date) -> bytes:
    """The same archive, every entry stamped with `when` (zip stores the clock's time)."""
    stamp = (when.year, when.month, when.day, 12, 0, 0)
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as src,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst,
    ):
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
