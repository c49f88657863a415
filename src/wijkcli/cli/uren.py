"""`wijk uren`: professional hours of a gebied and year. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import (
    DataOpt,
    TableFormat,
    complete_gebied,
    err,
    terminal_width,
)
from wijkcli.cli.dutch import WijkCommand


def uren(
    gebied: Annotated[
        str | None,
        typer.Argument(
            help="Id van het gebied; mag weg als er maar één is.", autocompletion=complete_gebied
        ),
    ] = None,
    jaar: Annotated[
        int | None, typer.Option("--jaar", help="Het jaar; standaard het nieuwste wijkplan.")
    ] = None,
    format: Annotated[
        TableFormat, typer.Option("--format", help="tabel, json of md.")
    ] = TableFormat.tabel,
    data: DataOpt = Path("."),
) -> None:
    """Uren van professionals: beschikbaar, geclaimd door het wijkplan, pool, vrij en
    geadviseerd per ronde, met een markering waar het over de grens gaat.

    Voorbeeld: wijk uren szh --jaar 2017
    """
    from wijkcli.count.uren import HOURS_CODES, hours_report
    from wijkcli.documents.check import format_human
    from wijkcli.documents.registry import gebied_jaar
    from wijkcli.documents.uren import hours_json, hours_table, hours_terminal
    from wijkcli.pipeline import load_clean

    dataset, problems = load_clean(data, allow=HOURS_CODES)
    overruns = [p for p in problems if p.code in HOURS_CODES]
    if overruns:
        err(format_human(overruns).rstrip("\n"))
    chosen = gebied_jaar(dataset, gebied, jaar)
    report = hours_report(dataset, chosen.gebied, chosen.jaar)
    if format is TableFormat.json:
        out = hours_json(report)
    elif format is TableFormat.tabel and sys.stdout.isatty():
        out = hours_terminal(report, width=terminal_width(), colour=True)
    else:
        out = hours_table(report, format.value)
    sys.stdout.write(out)
    raise typer.Exit(1 if any(p.is_error for p in overruns) else 0)


def register(app: typer.Typer) -> None:
    app.command("uren", cls=WijkCommand)(uren)
