"""The Markdown that wijkcli's own templates write, read back as blocks: for Word and PDF.

Only the small subset the `.md.j2` templates use: headings, paragraphs, bullet lists (two
levels), pipe tables with an alignment row, a closing rule `---` (what follows is the colophon),
`**bold**`, `*italic*` and backslash escapes (render.md_escape escapes every markup character
in user text, so user text never turns into markup here either). A `<!-- ondertekening -->`
... `<!-- /ondertekening -->` block marks the signatures, which a builder lays out itself.

Word (documents/docx.py) and PDF (documents/pdf.py) are made from the same blocks, so they
always say what the Markdown says.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

Run = tuple[str, bool, bool]
"""A piece of text with (bold, italic)."""


@dataclass
class Heading:
    level: int
    runs: list[Run]


@dataclass
class Paragraph:
    runs: list[Run]


@dataclass
class Bullet:
    depth: int
    runs: list[Run]


@dataclass
class Table:
    align: list[str]
    """'left' or 'right' per column."""
    header: list[list[Run]]
    rows: list[list[list[Run]]] = field(default_factory=list)


@dataclass
class Signatures:
    """Where the signatures go; the builder takes names and functions from the context."""


Block = Heading | Paragraph | Bullet | Table | Signatures


@dataclass
class Parsed:
    blocks: list[Block]
    colophon: list[Paragraph]
    """The paragraphs after the closing `---`: small print in the footer."""


_ALIGN_ROW = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_BULLET = re.compile(r"^( *)- (.*)$")


def inline(text: str) -> list[Run]:
    """`**Advies:** toekennen \\*` → runs with bold/italic, escapes resolved."""
    runs: list[Run] = []
    buf: list[str] = []
    bold = italic = False

    def flush() -> None:
        if buf:
            runs.append(("".join(buf), bold, italic))
            buf.clear()

    i = 0
    while i < len(text):
        ch = text[i]
        if ch == "\\" and i + 1 < len(text):
            buf.append(text[i + 1])
            i += 2
            continue
        if text.startswith("**", i):
            flush()
            bold = not bold
            i += 2
            continue
        if ch == "*":
            flush()
            italic = not italic
            i += 1
            continue
        buf.append(ch)
        i += 1
    flush()
    return runs


def plain(runs: list[Run]) -> str:
    return "".join(t for t, _, _ in runs)


def _cells(line: str) -> list[str]:
    """Split a table row on unescaped `|`."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    cells: list[str] = []
    cur: list[str] = []
    i = 0
    while i < len(body):
        if body[i] == "\\" and i + 1 < len(body):
            cur.append(body[i : i + 2])
            i += 2
            continue
        if body[i] == "|":
            cells.append("".join(cur).strip())
            cur = []
        else:
            cur.append(body[i])
        i += 1
    if "".join(cur).strip():
        cells.append("".join(cur).strip())
    return cells


def parse(markdown: str) -> Parsed:
    blocks: list[Block] = []
    colophon: list[Paragraph] = []
    lines = markdown.splitlines()
    para: list[str] = []
    in_signatures = False
    after_rule = False

    def end_para() -> None:
        if para:
            p = Paragraph(inline(" ".join(para)))
            (colophon if after_rule else blocks).append(p)
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.strip()
        i += 1
        if stripped == "<!-- ondertekening -->":
            end_para()
            blocks.append(Signatures())
            in_signatures = True
            continue
        if stripped == "<!-- /ondertekening -->":
            in_signatures = False
            continue
        if in_signatures:
            continue
        if not stripped:
            end_para()
            continue
        if stripped == "---":
            end_para()
            after_rule = True
            continue
        if after_rule:
            para.append(stripped)
            continue
        m = _HEADING.match(line)
        if m:
            end_para()
            blocks.append(Heading(len(m[1]), inline(m[2])))
            continue
        m = _BULLET.match(line)
        if m:
            end_para()
            blocks.append(Bullet(len(m[1]) // 2, inline(m[2])))
            continue
        if stripped.startswith("|") and i < len(lines) and _ALIGN_ROW.match(lines[i].strip()):
            end_para()
            align = ["right" if c.strip().endswith(":") else "left" for c in _cells(lines[i])]
            header = [inline(c) for c in _cells(line)]
            table = Table(align, header)
            i += 1
            while i < len(lines) and lines[i].strip().startswith("|"):
                cells = _cells(lines[i])
                cells += [""] * (len(align) - len(cells))
                table.rows.append([inline(c) for c in cells[: len(align)]])
                i += 1
            blocks.append(table)
            continue
        para.append(stripped)
    end_para()
    return Parsed(blocks, colophon)
