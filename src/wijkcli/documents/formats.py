"""PDF and Word made from a document's Markdown: one call for every document that has no
Typst template of its own (the wijkplan, the advice of a scoring evening, and any added later).
"""

from __future__ import annotations

from datetime import date
from typing import Any

BINARY_FORMATS = ("pdf", "docx")


def from_markdown(
    markdown: str,
    fmt: str,
    *,
    title: str,
    author: str,
    when: date,
    signers: list[dict[str, str]] | None = None,
) -> bytes:
    """`fmt` 'pdf' or 'docx' of `markdown` (rendered from a `.md.j2` template).

    Raises:
        WijkcliError: the PDF cannot be laid out.
    """
    if fmt == "docx":
        from wijkcli.documents.docx import build_docx

        return build_docx(markdown, title=title, author=author, when=when, signers=signers)
    from wijkcli.documents.pdf import compile_pdf, markdown_to_typst

    source = markdown_to_typst(markdown, title=title, author=author, when=when)
    return compile_pdf(source, when=when)


def render_document(
    template: str,
    context: dict[str, Any],
    fmt: str,
    *,
    title: str,
    author: str,
    when: date,
) -> str | bytes:
    """A document in `fmt`: md and html from `templates/<template>.<fmt>.j2`; pdf and docx
    laid out from the Markdown one (`from_markdown`), so all four say the same."""
    from wijkcli.documents.render import render

    if fmt in ("pdf", "docx"):
        markdown = render(f"{template}.md.j2", context)
        return from_markdown(markdown, fmt, title=title, author=author, when=when)
    return render(f"{template}.{fmt}.j2", context)


def meeting_document(template: str, kop: str, ctx: dict[str, Any], fmt: str) -> str | bytes:
    """A document of a round's meeting (agenda, notulen) in `fmt`: titled `<kop> <ronde>,
    gebied <gebied>`, signed by the team, dated by the meeting (so the bytes never change)."""
    return render_document(
        template,
        ctx,
        fmt,
        title=f"{kop} {ctx['ronde']['naam']}, gebied {ctx['gebied']['naam']}",
        author=ctx["team"],
        when=ctx["vergadering"]["datum"],
    )
