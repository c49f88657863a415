"""PDF through Typst: a Typst source (from a `.typ.j2` template) laid out into PDF bytes.

Typst comes as a Python wheel (`typst`) with the compiler and its fonts inside: no system
libraries, so `uv run` stays the whole setup. It is imported only here, inside the function,
when a PDF is asked for. System fonts are ignored, so every machine lays out the same letter
with the same fonts; the document's date (and so the PDF's creation date and ID) comes from the
letter's date, never the clock: same files, same bytes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

from wijkcli.problems import WijkcliError


def compile_pdf(source: str, *, root: Path, when: date) -> bytes:
    """Lay out Typst `source` as PDF. Files it refers to (a logo) resolve under `root`.

    Raises:
        WijkcliError: Typst cannot lay out the source (a bug in a template, or a broken image).
    """
    import typst

    stamp = int(datetime(when.year, when.month, when.day, 12, tzinfo=UTC).timestamp())
    try:
        pdf = typst.compile(
            source.encode("utf-8"),
            root=str(root.resolve()),
            format="pdf",
            ignore_system_fonts=True,
            timestamp=stamp,
        )
    except RuntimeError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise WijkcliError(f"de PDF kon niet worden opgemaakt: {first}") from None
    if not isinstance(pdf, bytes):
        raise WijkcliError("de PDF kon niet worden opgemaakt")
    return pdf
