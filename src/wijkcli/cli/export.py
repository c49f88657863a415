"""`wijk export`: a round's meeting in an open-data standard. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, ForceOpt, GebiedOpt, RondeArg, UitOpt, emit
from wijkcli.cli.dutch import WijkCommand


class Standaard(StrEnum):
    oslo = "oslo"
    popolo = "popolo"
    giving = "360giving"


class RdfFormat(StrEnum):
    jsonld = "jsonld"
    turtle = "turtle"


def export(
    ronde: RondeArg,
    standaard: Annotated[
        Standaard,
        typer.Option("--standaard", help="oslo (besluit-publicatie), popolo of 360giving."),
    ],
    gebied: GebiedOpt = None,
    format: Annotated[
        RdfFormat, typer.Option("--format", help="Alleen bij oslo: jsonld of turtle.")
    ] = RdfFormat.jsonld,
    uit: UitOpt = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Schrijf de vergadering van een ronde als open data: OSLO besluit-publicatie (JSON-LD of
    Turtle), Popolo (JSON) of 360Giving (de toegekende subsidies). Zonder contactgegevens; bij
    een geheime stemming alleen de aantallen. Zie docs/opendata.md.

    Voorbeeld: wijk export ronde-2017-2 --standaard popolo --uit open/
    """
    if format is RdfFormat.turtle and standaard is not Standaard.oslo:
        raise typer.BadParameter("turtle kan alleen bij --standaard oslo", param_hint="--format")
    from wijkcli.opendata.export import export_text, filename
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(data, ronde=ronde)
    meeting = dataset.meeting(ronde, gebied)
    turtle = format is RdfFormat.turtle
    text = export_text(meeting, standaard.value, turtle)
    emit(text, uit, force, filename(meeting, standaard.value, turtle), data=data)


def register(app: typer.Typer) -> None:
    app.command("export", cls=WijkCommand)(export)
