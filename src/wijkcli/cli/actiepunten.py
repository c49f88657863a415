"""`wijk actiepunten`: open action points of all meetings, overdue ones marked. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, TableFormat, complete_gebied, parse_date, terminal_width
from wijkcli.cli.dutch import WijkCommand


def actiepunten(
    gebied: Annotated[
        str | None,
        typer.Argument(
            help="Id van het gebied; standaard alle gebieden.", autocompletion=complete_gebied
        ),
    ] = None,
    datum: Annotated[
        str | None,
        typer.Option("--datum", help="Peildatum (JJJJ-MM-DD) voor 'over tijd'; standaard vandaag."),
    ] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", help="tabel, json of md.")
    ] = TableFormat.tabel,
    data: DataOpt = Path("."),
) -> None:
    """Open actiepunten uit de notulen van alle vergaderingen; wat over tijd is staat gemarkeerd.

    Voorbeeld: wijk actiepunten szh --datum 2017-06-01
    """
    from datetime import date

    from wijkcli.documents.actiepunten import (
        actiepunten_json,
        actiepunten_table,
        actiepunten_terminal,
        open_actiepunten,
    )
    from wijkcli.pipeline import load_clean

    peildatum = parse_date(datum) or date.today()
    dataset, _ = load_clean(data)
    punten = open_actiepunten(dataset, gebied, peildatum)
    if format is TableFormat.json:
        sys.stdout.write(actiepunten_json(punten, peildatum))
    elif format is TableFormat.tabel and sys.stdout.isatty():
        # In a terminal: a table that fits its width, as `wijk tally` does.
        sys.stdout.write(
            actiepunten_terminal(punten, peildatum, width=terminal_width(), colour=True)
        )
    else:
        sys.stdout.write(actiepunten_table(punten, peildatum, format.value))


def register(app: typer.Typer) -> None:
    app.command("actiepunten", cls=WijkCommand)(actiepunten)
