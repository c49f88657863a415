"""PDF through Typst: a Typst source (from a `.typ.j2` template, or made from a document's
Markdown by `markdown_to_typst`) laid out into PDF bytes.

Typst comes as a Python wheel (`typst`) with the compiler and its fonts inside: no system
libraries, so `uv run` stays the whole setup. It is imported only here, inside the function,
when a PDF is asked for. System fonts are ignored, so every machine lays out the same letter
with the same fonts; the document's date (and so the PDF's creation date and ID) comes from the
letter's date, never the clock: same files, same bytes.

Every PDF is PDF/A-2a and PDF/UA-1 together (`STANDARDS`): archival (fonts embedded, colours
with an output intent, metadata in XMP) and accessible (tagged: headings, lists, tables with
their header row, reading order; `lang` nl, the title shown as the window title). Level *a*
of PDF/A-2 rather than *b*: level a is b plus a structure tree and Unicode for every glyph,
which PDF/UA-1 requires anyway, so the file claims what it has. Typst checks both standards
while it writes and refuses a file that breaks them (no title, an image without alt text, text
no font can show).

Data can make text no embedded font can show (CJK, emoji): PDF/A refuses such a file, so each
such text is replaced by U+FFFD (�) and laid out again, and `layout_notes` tells the caller,
which warns with the places in the data (`registry.Made.render_checked`). A word longer than a
table cell, or words glued by word joiners (U+2060), would print over the next column: the
`UNBENDABLE` rules that every source starts with drop the word joiners and let a run of 25 or
more characters without a space break every 12 characters.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path, PurePath

from wijkcli.documents.markup import Bullet, Heading, Paragraph, Run, Table, parse, plain
from wijkcli.problems import Location, Problem, Severity, WijkcliError, register_code
from wijkcli.text import visible

TIME_LIMIT = 120
"""Seconds Typst may take for one document (the example letter takes about one); after that
the PDF is given up with a Dutch error."""
MEMORY_LIMIT = 3 * 1024**3
"""Address space of the Typst process, in bytes (the example letter needs a few hundred MB)."""

STANDARDS = ("a-2a", "ua-1")
"""The standards every PDF meets (Typst's names): PDF/A-2a and PDF/UA-1."""
NO_GLYPH = "\ufffd"
"""What stands in the PDF for text no embedded font can show."""
UNBENDABLE = "\n".join(
    [
        "// Data cannot bend the layout: word joiners are dropped, and a run of 25 or more",
        "// characters without a space may break every 12 (it wraps in its cell, never over",
        "// the next column).",
        '#show "\\u{2060}": ""',
        '#show regex("\\S{25,}"): it => it.text.clusters().chunks(12).map(c => c.join())'
        '.join("\\u{200b}")',
        "",
    ]
)
"""The Typst rules every PDF's source starts with (`compile_pdf` puts them first)."""


@dataclass
class Layout:
    """What laying out one PDF found that its reader should be told."""

    missing: list[str] = field(default_factory=list)
    """Texts no font of the PDF can show; each stands as `NO_GLYPH` in the PDF."""
    warnings: list[str] = field(default_factory=list)
    """Typst's own warnings (a template that asks for something Typst cannot do)."""


register_code(
    "missing-glyph",
    "Teken dat de PDF niet kan tonen",
    "Deze tekst heeft een teken dat geen van de lettertypen van de PDF heeft (Chinese, "
    "Japanse of Koreaanse tekens, emoji). Een PDF voor het archief (PDF/A) mag zo'n teken "
    "niet als leeg vakje tonen, dus staat er in de PDF \ufffd op die plek; md, html en "
    "docx tonen het wel. Schrijf het anders (of laat het weg) als de PDF het moet tonen.",
    fout="titel: Buurtfeest 🎉",
    goed="titel: Buurtfeest",
    severity=Severity.WARNING,
)
register_code(
    "pdf-layout",
    "Opmerking van Typst over de opmaak",
    "Typst, dat de PDF opmaakt, meldt iets over de opmaak (de melding staat erbij). De PDF is "
    "wel gemaakt; meld het bij wijkcli, want het ligt aan een sjabloon, niet aan je gegevens.",
    fout="(een sjabloon vraagt een lettertype dat er niet is)",
    goed="(geen melding)",
    severity=Severity.WARNING,
)


def layout_problems(notes: list[Layout], files: list[tuple[str, str]]) -> list[Problem]:
    """The warnings of `notes`: for each text no font could show, every place in `files`
    ([(repo-relative path, text)], the data files) where it stands, or the text alone when it
    stands in none of them; then Typst's own warnings."""
    found: list[Problem] = []
    missing = list(dict.fromkeys(t for n in notes for t in n.missing))
    for text in missing:
        what = ", ".join(f"U+{ord(c):04X}" for c in text)
        message = (
            f"het teken '{visible(text)}' ({what}) staat in geen lettertype van de PDF; "
            f"in de PDF staat er {NO_GLYPH}"
        )
        places = [
            Location(path, body.count("\n", 0, i) + 1, i - body.rfind("\n", 0, i))
            for path, body in files
            for i in _positions(body, text)
        ]
        found += [Problem(p, "missing-glyph", message, Severity.WARNING) for p in places] or [
            Problem(None, "missing-glyph", message, Severity.WARNING)
        ]
    for warning in dict.fromkeys(w for n in notes for w in n.warnings):
        found.append(Problem(None, "pdf-layout", f"Typst: {visible(warning)}", Severity.WARNING))
    return found


def _positions(body: str, text: str) -> Iterator[int]:
    i = body.find(text)
    while i >= 0:
        yield i
        i = body.find(text, i + len(text))


_NOTES: ContextVar[list[Layout] | None] = ContextVar("wijkcli_pdf_notes", default=None)


@contextmanager
def layout_notes() -> Iterator[list[Layout]]:
    """Collect a `Layout` for every PDF laid out inside the `with` (also by a document's own
    PDF function, which returns only bytes)."""
    notes: list[Layout] = []
    token = _NOTES.set(notes)
    try:
        yield notes
    finally:
        _NOTES.reset(token)


def compile_pdf(
    source: str,
    *,
    when: date,
    files: Mapping[str, bytes] | None = None,
    standards: tuple[str, ...] = STANDARDS,
) -> bytes:
    """Lay out Typst `source` as PDF that meets `standards` (PDF/A-2a and PDF/UA-1; `()` only
    to try whether an image can be laid out at all). `files` ({name: bytes}, a judged logo)
    are all Typst can read: they go into an empty folder that is its root (`/logo.png`), never
    the data. Text no font can show becomes `NO_GLYPH`, noted in `layout_notes`.

    Typst runs in a process of its own (`pdf_worker`), so Ctrl-C and SIGTERM stop it as they
    stop wijk (exit 130, 143) and `TIME_LIMIT` ends it.

    Raises:
        WijkcliError: Typst cannot lay out the source (a bug in a template, or a broken image),
            takes longer than `TIME_LIMIT`, or runs out of memory.
    """
    layout = Layout()
    source = UNBENDABLE + source
    for _ in range(3):  # PDF/A names every text it cannot show at once: one retry suffices
        done = _run_typst(source, when=when, files=files, standards=standards)
        if done.returncode != 2:
            break
        texts = [t for t in json.loads(done.stderr) if t and t in source]
        if not texts:
            break
        for text in texts:
            source = source.replace(text, NO_GLYPH)
        layout.missing += [t for t in texts if t not in layout.missing]
    if done.returncode == 0 and done.stdout.startswith(b"%PDF-"):
        try:
            layout.warnings = [str(w) for w in json.loads(done.stderr or b"[]")]
        except ValueError:
            layout.warnings = []
        notes = _NOTES.get()
        if notes is not None:
            notes.append(layout)
        return done.stdout
    if done.returncode == 2:  # text no font can show, that is not in the source as written
        shown = ", ".join(f"'{visible(t)}'" for t in json.loads(done.stderr))
        raise WijkcliError(f"de PDF kon niet worden opgemaakt: geen lettertype heeft {shown}")
    if done.returncode == 1 and done.stderr:
        first = done.stderr.decode("utf-8", "replace").strip().splitlines()[0]
        raise WijkcliError(f"de PDF kon niet worden opgemaakt: {first}")
    raise WijkcliError(
        "de PDF kon niet worden opgemaakt: Typst stopte onverwacht "
        f"(code {done.returncode}; te weinig geheugen of een beschadigd plaatje?)"
    )


def _run_typst(
    source: str,
    *,
    when: date,
    files: Mapping[str, bytes] | None,
    standards: tuple[str, ...],
) -> subprocess.CompletedProcess[bytes]:
    """One run of `pdf_worker` on `source`.

    Raises:
        WijkcliError: Typst takes longer than `TIME_LIMIT`.
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
                "standards": list(standards),
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
    return done


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


def markdown_to_typst(
    markdown: str, *, title: str, author: str, when: date, subject: str = ""
) -> str:
    """A Typst source for one of wijkcli's own Markdown documents (the wijkplan, the advice of
    a scoring evening): A4, page numbers, tables whose rows never split and whose header
    repeats, short tables kept on one page. The colophon (after the closing `---`: the
    wijkcli version and the data version) goes into the metadata (PDF Keywords, XMP), not on
    paper; the footer shows the title and the page number. `subject` is the PDF Subject."""
    from wijkcli.documents.render import typst_string

    parsed = parse(markdown)
    colophon = " ".join(" ".join(plain(p.runs).split()) for p in parsed.colophon)
    keywords = f"keywords: ({typst_string(colophon)},), " if colophon else ""
    lines = [
        f"#set document(title: {typst_string(title)}, author: {typst_string(author)}, "
        f"description: {typst_string(subject or title)}, {keywords}"
        f"date: datetime(year: {when.year}, month: {when.month}, day: {when.day}))",
        '#set text(lang: "nl", region: "nl", font: "Libertinus Serif", size: 10.5pt)',
        '#set page(paper: "a4", margin: (top: 2cm, bottom: 2.4cm, x: 2.2cm), footer: context {',
        "  set text(size: 7.5pt, fill: luma(90))",
        f"  grid(columns: (1fr, auto), [{_typst_runs([(title, False, False)])}],",
        "    [pagina #counter(page).display() van #counter(page).final().first()])",
        "})",
        '#show heading: set text(fill: rgb("#1a5e8a"))',
        "#show heading: it => block(sticky: true, above: 1.2em, below: 0.6em, it)",
        "#set table(stroke: (x: none, y: 0.4pt + luma(190)), inset: (x: 4pt, y: 3pt))",
        "#set table.cell(breakable: false)",
        "",
    ]
    # PDF/UA: the first heading is level 1 and no level is skipped (a table document's
    # Markdown starts at ##): levels are moved up, and a jump down is one level at most.
    level = 0
    shift = next((b.level - 1 for b in parsed.blocks if isinstance(b, Heading)), 0)
    for block in parsed.blocks:
        if isinstance(block, Heading):
            level = max(1, min(block.level - shift, level + 1))
            lines += ["", "=" * level + " " + _typst_runs(block.runs), ""]
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
