"""`wijk verifieer`: recount an OSLO or Popolo export from the export alone. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.dutch import WijkCommand


def verifieer(
    export: Annotated[
        Path, typer.Argument(help="Het exportbestand (OSLO JSON-LD of Turtle, of Popolo JSON).")
    ],
) -> None:
    """Tel alle uitkomsten van een export opnieuw (quorum, meerderheid, staking, budget), uit
    de export alleen, en vergelijk ze met wat de export publiceert. Elk verschil noemt het
    agendapunt; afsluitcode 1 als er een is, 0 als alles klopt.

    Voorbeeld: wijk verifieer ronde-2017-2-szh.popolo.json
    """
    from wijkcli.opendata.verifieer import verifieer as recount
    from wijkcli.text import visible

    e, differences = recount(export)
    name = visible(export.name)
    for line in differences:
        typer.echo(line)
    if differences:
        n = len(differences)
        typer.echo(f"klopt niet: {n} {'verschil' if n == 1 else 'verschillen'} in {name}")
        raise typer.Exit(1)
    typer.echo(
        f"klopt: {name} ({e.standaard}, {visible(e.ronde)}, gebied {visible(e.gebied)}): "
        f"{len(e.punten)} agendapunten nageteld (quorum, meerderheid, staking, budget)"
    )


def register(app: typer.Typer) -> None:
    app.command("verifieer", cls=WijkCommand)(verifieer)
