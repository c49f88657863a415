"""``wijk pb``: budget allocation on pabulib ``.pb`` files (Typer sub-app ``pb_app``).

Heavy modules (the engine and the parser) are imported inside the commands, so that
importing this module stays cheap.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import (
    DataOpt,
    ForceOpt,
    GebiedOpt,
    RondeArg,
    UitOpt,
    emit,
    err,
)
from wijkcli.cli.dutch import WijkCommand, WijkGroup

pb_app = typer.Typer(
    cls=WijkGroup,
    help="Werken met pabulib-bestanden (.pb): stemmingen over buurtbudgetten.",
    no_args_is_help=True,
)


@pb_app.callback()
def _pb() -> None:
    """Werken met pabulib-bestanden (.pb): stemmingen over buurtbudgetten."""


class Formaat(StrEnum):
    tabel = "tabel"
    json = "json"


@pb_app.command("verdeel", cls=WijkCommand)
def verdeel(
    bestand: Annotated[
        Path, typer.Argument(help="Het pabulib-bestand (.pb) met projecten en stemmen.")
    ],
    regel: Annotated[
        str | None,
        typer.Option(
            "--regel",
            "-r",
            help=(
                "Verdeelregel: greedy, greedy-stop, greedy-stop-deels, equalshares, "
                "equalshares-add1 of equalshares-add1-greedy. Zonder deze optie: de regel "
                "uit META van het bestand."
            ),
        ),
    ] = None,
    formaat: Annotated[
        Formaat,
        typer.Option("--format", "-f", help="Uitvoer als leesbare tabel of als JSON."),
    ] = Formaat.tabel,
) -> None:
    """Verdeel het budget van een pabulib-bestand volgens een verdeelregel.

    Toont de gekozen projecten, wat ze kosten en wat er overblijft.

    Voorbeeld:

        wijk pb verdeel Netherlands_Assen_2024.pb --regel equalshares-add1 --format json
    """
    from wijkcli.documents.pb_verdeel import print_table, verdeel_json
    from wijkcli.documents.pb_verdeel import verdeel as allocate
    from wijkcli.text import visible

    uitkomst = allocate(bestand, regel)
    for warning in uitkomst.pb.warnings:  # on stderr: --format json stays clean
        err(visible(f"{bestand}: waarschuwing: {warning}"))
    if formaat is Formaat.json:
        typer.echo(verdeel_json(uitkomst), nl=False)
        return
    from rich.console import Console

    print_table(uitkomst, Console())


@pb_app.command("export", cls=WijkCommand)
def export(
    ronde: RondeArg,
    gebied: GebiedOpt = None,
    uit: UitOpt = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Schrijf de stemmen van een ronde als pabulib-bestand (voor = goedkeuring), zodat
    onderzoekstools BuurtBestuurt-rondes kunnen lezen. Kan niet bij een geheime stemming.

    Voorbeeld: wijk pb export ronde-2017-2 --uit ronde-2017-2-szh.pb
    """
    from wijkcli.documents.pb_export import ronde_to_pb
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(data, ronde=ronde)
    meeting = dataset.meeting(ronde, gebied)
    emit(ronde_to_pb(meeting), uit, force, f"{ronde}-{meeting.gebied_id}.pb", data=data)


def register(app: typer.Typer) -> None:
    app.add_typer(pb_app, name="pb")
