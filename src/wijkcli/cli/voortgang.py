"""`wijk voortgang`: what became of each adopted application. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, TableFormat, complete_gebied, gebied_jaar, parse_date
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
        TableFormat, typer.Option("--format", help="tabel, json of md.")
    ] = TableFormat.tabel,
    data: DataOpt = Path("."),
) -> None:
    """Wat er van elke toegekende aanvraag kwam: status, geld en uren na het besluit; verslagen
    en voorwaarden over de termijn staan gemarkeerd met '!'.

    Voorbeeld: wijk voortgang szh --jaar 2017 --datum 2018-02-15
    """
    from datetime import date

    from wijkcli.documents.voortgang import voortgang_json, voortgang_table
    from wijkcli.pipeline import load_clean

    peildatum = parse_date(datum) or date.today()
    dataset, _ = load_clean(data, jaar=jaar)
    gid, year = gebied_jaar(dataset, gebied, jaar)
    if format is TableFormat.json:
        sys.stdout.write(voortgang_json(dataset, gid, year, peildatum))
    else:
        sys.stdout.write(voortgang_table(dataset, gid, year, peildatum, format.value))


def register(app: typer.Typer) -> None:
    app.command("voortgang", cls=WijkCommand)(voortgang)
