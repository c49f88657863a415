"""`wijk advies`: the adviesbrief to Indebuurt033. Glue only.

`register(app)` adds the command to the `wijk` app; heavy imports happen inside the command.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import (
    DataOpt,
    DocFormat,
    ForceOpt,
    GebiedOpt,
    UitOpt,
    complete_ronde,
    emit,
    parse_date,
    single_gebied,
)
from wijkcli.cli.dutch import WijkCommand


def advies(
    ronde: Annotated[
        str,
        typer.Argument(
            help="Id van de ronde, bijvoorbeeld ronde-2017-2.", autocompletion=complete_ronde
        ),
    ],
    gebied: GebiedOpt = None,
    format: Annotated[DocFormat, typer.Option("--format", help="md of html.")] = DocFormat.md,
    uit: UitOpt = None,
    force: ForceOpt = False,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Datum van de brief (JJJJ-MM-DD); standaard de uiterste adviesdatum van de ronde.",
        ),
    ] = None,
    data: DataOpt = Path("."),
) -> None:
    """Maak de adviesbrief aan Indebuurt033 voor een ronde.

    Voorbeeld: wijk advies ronde-2017-2 --format html --uit brieven/
    """
    from wijkcli.documents.advies import advies_context
    from wijkcli.documents.render import render
    from wijkcli.pipeline import load_clean
    from wijkcli.read.git import data_version

    letter_date = parse_date(datum)
    dataset, _ = load_clean(data)
    gid = single_gebied(dataset, ronde, gebied)
    context = advies_context(
        dataset, ronde, gid, versie=data_version(dataset.root), datum=letter_date
    )
    content = render(f"adviesbrief.{format.value}.j2", context)
    emit(content, uit, force, f"advies-{ronde}-{gid}.{format.value}")


def register(app: typer.Typer) -> None:
    app.command("advies", cls=WijkCommand)(advies)
