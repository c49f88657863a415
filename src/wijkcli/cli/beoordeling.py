"""CLI stage: the `wijk beoordeling` command (a residents' scoring evening, #9). Glue only.

`register(app)` adds the command to the `wijk` app. Heavy imports happen inside the command, so
`wijk --help` stays fast; at module level only typer and the shared CLI pieces are imported.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, ForceOpt, UitOpt, complete_beoordeling, emit_document, err
from wijkcli.cli.dutch import WijkCommand


class BeoordelingFormat(StrEnum):
    tabel = "tabel"
    json = "json"
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"


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
    from wijkcli.beoordeling import Scored, beoordelingen_dir, load_beoordeling, score
    from wijkcli.documents.check import format_human

    b, warnings = load_beoordeling(data, beoordeling_id)
    if warnings:
        err(format_human(warnings).rstrip("\n"))
    scored = Scored(b, score(b), beoordelingen_dir(data))
    emit_document("beoordeling", scored, format.value, uit, force, data=data)


def register(app: typer.Typer) -> None:
    """Add `wijk beoordeling` to `app`."""
    app.command("beoordeling", cls=WijkCommand)(beoordeling)
