"""`wijk jaarverslag`: the year report of a gebied for the wijknetwerk. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, ForceOpt, UitOpt, complete_gebied, emit_document
from wijkcli.cli.dutch import WijkCommand


class ReportFormat(StrEnum):
    md = "md"
    html = "html"
    pdf = "pdf"
    docx = "docx"
    csv = "csv"
    xlsx = "xlsx"


def jaarverslag(
    gebied: Annotated[
        str,
        typer.Argument(help="Id van het gebied, bijvoorbeeld szh.", autocompletion=complete_gebied),
    ],
    jaar: Annotated[int, typer.Argument(help="Het jaar, bijvoorbeeld 2017.")],
    format: Annotated[
        ReportFormat,
        typer.Option(
            "--format",
            help="md, html, pdf, docx (Word), of csv of xlsx (de tabellen voor een spreadsheet).",
        ),
    ] = ReportFormat.md,
    uit: UitOpt = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Maak het jaarverslag voor het wijknetwerk: per thema het geld (geadviseerd, toegekend,
    besteed, terugbetaald) en de projecten, per professional de uren, per ronde een
    samenvatting, bereik en vrijwilligers, en de resultaten naast het wijkplan.

    Voorbeeld: wijk jaarverslag szh 2017 --format html --uit verslagen/
    """
    from wijkcli.documents.registry import GebiedJaar
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(data, jaar=jaar)
    emit_document(
        "jaarverslag", GebiedJaar(dataset, gebied, jaar), format.value, uit, force, data=data
    )


def register(app: typer.Typer) -> None:
    app.command("jaarverslag", cls=WijkCommand)(jaarverslag)
