"""`wijk voortgang`: what became of each adopted application. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import (
    DataOpt,
    ForceOpt,
    TableDocFormat,
    UitOpt,
    complete_gebied,
    emit_document,
    parse_date,
    terminal_width,
)
from wijkcli.cli.dutch import WijkCommand


def voortgang(
    gebied: Annotated[
        str | None,
        typer.Argument(
            help="Id van het gebied; mag weg als er maar één is.", autocompletion=complete_gebied
        ),
    ] = None,
    jaar: Annotated[
        int | None, typer.Option("--jaar", help="Het jaar; standaard het nieuwste wijkplan.")
    ] = None,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum", help="Peildatum (JJJJ-MM-DD) voor 'over de termijn'; standaard vandaag."
        ),
    ] = None,
    format: Annotated[
        TableDocFormat,
        typer.Option("--format", help="tabel, json, md, pdf, docx (Word), csv of xlsx (Excel)."),
    ] = TableDocFormat.tabel,
    uit: UitOpt = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Wat er van elke toegekende aanvraag kwam: status, geld en uren na het besluit; verslagen
    en voorwaarden over de termijn staan gemarkeerd met '!'.

    Voorbeeld: wijk voortgang szh --jaar 2017 --datum 2018-02-15
    """
    from wijkcli.documents.registry import gebied_jaar
    from wijkcli.pipeline import load_clean

    peildatum = parse_date(datum)
    dataset, _ = load_clean(data, jaar=jaar)
    chosen = gebied_jaar(dataset, gebied, jaar)
    if format is TableDocFormat.tabel and uit is None and sys.stdout.isatty():
        # In a terminal: narrow tables that fit its width, as `wijk tally` does.
        from datetime import date

        from wijkcli.documents.voortgang import voortgang_terminal

        sys.stdout.write(
            voortgang_terminal(
                dataset, chosen.gebied, chosen.jaar, peildatum or date.today(),
                width=terminal_width(), colour=True,
            )
        )  # fmt: skip
        return
    emit_document("voortgang", chosen, format.value, uit, force, datum=peildatum, data=data)


def register(app: typer.Typer) -> None:
    app.command("voortgang", cls=WijkCommand)(voortgang)
