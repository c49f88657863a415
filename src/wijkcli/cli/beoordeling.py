"""CLI stage: the `wijk beoordeling` command (a residents' scoring evening, #9). Glue only.

`register(app)` adds the command to the `wijk` app. Heavy imports happen inside the command, so
`wijk --help` stays fast; at module level only typer and the shared CLI pieces are imported.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, ForceOpt, UitOpt, complete_beoordeling, emit, err
from wijkcli.cli.dutch import WijkCommand


class BeoordelingFormat(StrEnum):
    tabel = "tabel"
    json = "json"
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


EXTENSION = {
    "tabel": "txt",
    "json": "json",
    "md": "md",
    "html": "html",
    "pdf": "pdf",
    "docx": "docx",
}


def beoordeling(
    beoordeling_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="Id van de beoordeling (de map in data/beoordelingen/).",
            autocompletion=complete_beoordeling,
        ),
    ],
    format: Annotated[
        BeoordelingFormat,
        typer.Option(
            "--format",
            help="tabel (op het scherm), json, of het advies als md, html, pdf of docx.",
        ),
    ] = BeoordelingFormat.tabel,
    uit: UitOpt = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Tel de formulieren van een beoordelingsavond: per kandidaat het gewogen cijfer, per
    criterium gemiddelde, mediaan en spreiding, en de rangorde; of maak het advies aan wie
    besluit (md of html, met een grafiek).

    Voorbeeld: wijk beoordeling sbi-aanbesteding-2016 --format html --uit advies/
    """
    from wijkcli.beoordeling import beoordelingen_dir, load_beoordeling, score, uitslag_document
    from wijkcli.documents.check import format_human
    from wijkcli.read.git import data_version

    b, warnings = load_beoordeling(data, beoordeling_id)
    if warnings:
        err(format_human(warnings).rstrip("\n"))
    document = format not in (BeoordelingFormat.tabel, BeoordelingFormat.json)
    versie = data_version(beoordelingen_dir(data)) if document else ""
    content: str | bytes
    if format in (BeoordelingFormat.pdf, BeoordelingFormat.docx):
        from wijkcli.beoordeling import beoordeling_context
        from wijkcli.documents.formats import from_markdown

        u = score(b)
        context = beoordeling_context(b, u, versie=versie)
        content = from_markdown(
            uitslag_document(b, u, "md", versie=versie),
            format.value,
            title=f"Advies van bewoners: {context['avond']['titel']}",
            author=context["avond"]["organisator"],
            when=context["datum"],
        )
    else:
        content = uitslag_document(b, score(b), format.value, versie=versie)
    emit(content, uit, force, f"beoordeling-{beoordeling_id}.{EXTENSION[format.value]}", data=data)


def register(app: typer.Typer) -> None:
    """Add `wijk beoordeling` to `app`."""
    app.command("beoordeling", cls=WijkCommand)(beoordeling)
