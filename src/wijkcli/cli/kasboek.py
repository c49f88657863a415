"""`wijk kasboek`: the year ledger of a gebied. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

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
)
from wijkcli.cli.dutch import WijkCommand


def kasboek(
    gebied: Annotated[
        str | None,
        typer.Argument(
            help="Id van het gebied; mag weg als er maar één is.", autocompletion=complete_gebied
        ),
    ] = None,
    jaar: Annotated[
        int | None, typer.Argument(help="Het jaar; standaard het nieuwste wijkplan.")
    ] = None,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="De stand op deze datum (JJJJ-MM-DD): alleen wat op of vóór die dag gebeurde; "
            "standaard alles wat is vastgelegd.",
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
    """Het kasboek van een gebied in een jaar: van het wijkplan naar de rondes, wat elke ronde
    had en adviseerde, wat er van elke toekenning betaald, besteed en terugbetaald is, en waar
    elke euro van het jaar nu is.

    Voorbeeld: wijk kasboek szh 2017 --datum 2017-07-01
    """
    from wijkcli.documents.registry import gebied_jaar
    from wijkcli.pipeline import load_clean

    op = parse_date(datum)
    dataset, _ = load_clean(data, jaar=jaar)
    chosen = gebied_jaar(dataset, gebied, jaar)
    emit_document("kasboek", chosen, format.value, uit, force, datum=op, data=data)


def register(app: typer.Typer) -> None:
    app.command("kasboek", cls=WijkCommand)(kasboek)
