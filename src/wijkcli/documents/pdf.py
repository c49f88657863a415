"""PDF through Typst: a Typst source (from a `.typ.j2` template, or made from a document's
Markdown by `markdown_to_typst`) laid out into PDF bytes.

Typst comes as a Python wheel (`typst`) with the compiler and its fonts inside: no system
libraries, so `uv run` stays the whole setup. It is imported only here, inside the function,
when a PDF is asked for. System fonts are ignored, so every machine lays out the same letter
with the same fonts; the document's date (and so the PDF's creation date and ID) comes from the
letter's date, never the clock: same files, same bytes.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Mapping
from datetime import UTC, date, datetime
from pathlib import Path, PurePath

from wijkcli.documents.markup import Bullet, Heading, Paragraph, Run, Table, parse, plain
from wijkcli.problems import WijkcliError

TIME_LIMIT = 120
"""Seconds Typst may take for one document (the example letter takes about one); after that
the PDF is given up with a Dutch error."""
MEMORY_LIMIT = 3 * 1024**3
"""Address space of the Typst process, in bytes (the example letter needs a few hundred MB)."""


def compile_pdf(source: str, *, when: date, files: Mapping[str, bytes] | None = None) -> bytes:
    """Lay out Typst `source` as PDF. `files` ({name: bytes}, a judged logo) are all Typst
    can read: they go into an empty folder that is its root (`/logo.png`), never the data.

    Typst runs in a process of its own (`pdf_worker`), so Ctrl-C and SIGTERM stop it as they
    stop wijk (exit 130, 143) and `TIME_LIMIT` ends it.

    Raises:
        WijkcliError: Typst cannot lay out the source (a bug in a template, or a broken image),
            takes longer than `TIME_LIMIT`, or runs out of memory.
    """
    stamp = int(datetime(when.year, when.month, when.day, 12, tzinfo=UTC).timestamp())
    try:
        with tempfile.TemporaryDirectory(prefix="wijk-pdf-") as root:
            for name, data in (files or {}).items():
                (Path(root) / PurePath(name).name).write_bytes(data)
            job = {
                "source": source,
                "timestamp": stamp,
                "root": root,
                "memory": MEMORY_LIMIT,
                "cpu": TIME_LIMIT + 5,
            }
            done = subprocess.run(
                [sys.executable, "-I", "-m", "wijkcli.documents.pdf_worker"],
                input=json.dumps(job).encode("utf-8"),
                capture_output=True,
                timeout=TIME_LIMIT,
                check=False,
            )
    except subprocess.TimeoutExpired:
        raise WijkcliError(
            f"de PDF kon niet worden opgemaakt: Typst was na {TIME_LIMIT} seconden nog niet "
            "klaar en is gestopt (een logo dat te veel rekenwerk vraagt?)"
        ) from None
    if done.returncode == 0 and done.stdout.startswith(b"%PDF-"):
        return done.stdout
    if done.returncode == 1 and done.stderr:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()[0]
        raise WijkcliError(f"de PDF kon niet worden opgemaakt: {first}")
    raise WijkcliError(
        "de PDF kon niet worden opgemaakt: Typst stopte onverwacht "
        f"(code {done.returncode}; te weinig geheugen of een beschadigd plaatje?)"
    )


def _typst_runs(runs: list[Run]) -> str:
    from wijkcli.documents.render import typst_escape

    out: list[str] = []
    for text, bold, italic in runs:
        piece = str(typst_escape(text))
        if italic:
            piece = f"#emph[{piece}]"
        if bold:
            piece = f"#strong[{piece}]"
        # typst_escape keeps one line and drops the run's outer spaces: keep the word break
        # between runs (`**Doel:** Bewoners`), outside the emphasis.
        lead = " " if text[:1].isspace() and out else ""
        trail = " " if text[-1:].isspace() else ""
        out.append(lead + piece + trail)
    return "".join(out).strip()


def markdown_to_typst(markdown: str, *, title: str, author: str, when: date) -> str:
    """A Typst source for one of wijkcli's own Markdown documents (the wijkplan, the advice of
    a scoring evening): A4, page numbers, tables whose rows never split and whose header
    repeats, short tables kept on one page, the colophon in small print in the footer."""
    from wijkcli.documents.render import typst_string

    parsed = parse(markdown)
    colophon = " ".join(_typst_runs(p.runs) for p in parsed.colophon)
    lines = [
        f"#set document(title: {typst_string(title)}, author: {typst_string(author)}, "
        f"date: datetime(year: {when.year}, month: {when.month}, day: {when.day}))",
        '#set text(lang: "nl", region: "nl", font: "Libertinus Serif", size: 10.5pt)',
        '#set page(paper: "a4", margin: (top: 2cm, bottom: 2.4cm, x: 2.2cm), footer: context {',
        "  set text(size: 7.5pt, fill: luma(90))",
        f"  grid(columns: (1fr, auto), [{colophon}],",
        "    [pagina #counter(page).display() van #counter(page).final().first()])",
        "})",
        '#show heading: set text(fill: rgb("#1a5e8a"))',
        "#show heading: it => block(sticky: true, above: 1.2em, below: 0.6em, it)",
        "#set table(stroke: (x: none, y: 0.4pt + luma(190)), inset: (x: 4pt, y: 3pt))",
        "#set table.cell(breakable: false)",
        "",
    ]
    for block in parsed.blocks:
        if isinstance(block, Heading):
            lines += ["", "=" * block.level + " " + _typst_runs(block.runs), ""]
        elif isinstance(block, Paragraph):
            lines += ["", _typst_runs(block.runs), ""]
        elif isinstance(block, Bullet):
            lines.append("  " * block.depth + "- " + _typst_runs(block.runs))
        elif isinstance(block, Table):
            lines.append("")
            lines += _typst_table(block)
            lines.append("")
    return "\n".join(lines) + "\n"


WIDE = 90
"""A table whose columns need more characters than this (about the width of the page) is set
smaller, every column as wide as its share: else the right-aligned columns take their full
width and the text columns shrink to nothing."""


def _width(table: Table) -> int:
    """Characters the table needs: the widest cell of each right-aligned column (amounts do
    not wrap), at most 12 of a text column (it wraps), and room between the columns."""
    widths = [max(len(plain(row[i])) for row in [table.header, *table.rows])
              for i in range(len(table.align))]  # fmt: skip
    return sum(
        w if a == "right" else min(w, 12) for w, a in zip(widths, table.align, strict=True)
    ) + 2 * len(widths)


def _typst_table(table: Table) -> list[str]:
    n = len(table.align)
    align = ", ".join(table.align) + ("," if n == 1 else "")
    wide = _width(table) > WIDE
    columns = ", ".join("auto" if a == "right" or wide else "1fr" for a in table.align)
    cells = []
    if any(plain(c) for c in table.header):
        header = ", ".join(f"[#strong[{_typst_runs(c)}]]" for c in table.header)
        cells.append(f"  table.header({header}),")
    for row in table.rows:
        cells.append("  " + ", ".join(f"[{_typst_runs(c)}]" for c in row) + ",")
    body = [f"#table(columns: ({columns},), align: ({align}), ", *cells, ")"]
    if wide:
        body = ["#text(size: 8pt)[", *body, "]"]
    if len(table.rows) <= 12:  # a short table stays on one page
        return ["#block(breakable: false, width: 100%)[", *body, "]"]
    return body
