"""PDF and Word made from a document's Markdown: the one call behind every document's pdf and
docx that has no Typst template of its own (`registry.Made.render`), and the front of a
meeting's documents.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from datetime import date

    from wijkcli.dataset import Meeting
    from wijkcli.documents.registry import Front

BINARY_FORMATS = ("pdf", "docx")


def from_markdown(markdown: str, fmt: str, front: Front) -> bytes:
    """`fmt` 'pdf' or 'docx' of `markdown` (rendered from a `.md.j2` template).

    Raises:
        WijkcliError: the PDF cannot be laid out.
    """
    if fmt == "docx":
        from wijkcli.documents.docx import build_docx

        return build_docx(
            markdown,
            title=front.title,
            author=front.author,
            when=front.when,
            signers=front.signers,
        )
    from wijkcli.documents.pdf import compile_pdf, markdown_to_typst

    source = markdown_to_typst(
        markdown, title=front.title, author=front.author, when=front.when, subject=front.subject
    )
    return compile_pdf(source, when=front.when, files=front.files)


def meeting_front(kop: str, meeting: Meeting, when: date) -> Front:
    """The front of a document of a round's meeting: titled `<kop> <ronde>, gebied <gebied>`,
    by the team, dated `when` (a date in the data, so the bytes never change)."""
    from wijkcli.documents.registry import Front

    g = meeting.gebied.info
    return Front(
        title=f"{kop} {meeting.ronde.info.naam}, gebied {g.naam}",
        author=g.bewonersteam.naam,
        when=when,
    )
