"""`wijk actiepunt gedaan RONDE N`: mark action point N of a meeting's minutes done. Glue
only: the edit is made in `wijkcli.nieuw` (one line added, every other byte kept)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, GebiedOpt, RondeArg, err, parse_date
from wijkcli.cli.dutch import WijkCommand, WijkGroup

actiepunt_app = typer.Typer(
    cls=WijkGroup,
    help="Werk een actiepunt in de notulen bij.",
    no_args_is_help=True,
)


@actiepunt_app.command("gedaan", cls=WijkCommand)
def gedaan(
    ronde: RondeArg,
    nummer: Annotated[
        int,
        typer.Argument(
            help="Het nummer van het actiepunt in de notulen (1 is het eerste; wijk "
            "actiepunten toont het).",
            min=1,
        ),
    ],
    gebied: GebiedOpt = None,
    op: Annotated[
        str | None,
        typer.Option("--op", help="Datum waarop het gedaan is (JJJJ-MM-DD); standaard vandaag."),
    ] = None,
    data: DataOpt = Path("."),
) -> None:
    """Zet 'gedaan: DATUM' bij een actiepunt van de notulen van een ronde. Alleen die regel
    komt erbij; commentaar en de rest van het bestand blijven zoals ze waren.

    Voorbeeld: wijk actiepunt gedaan ronde-2017-2 3 --op 2017-05-10
    """
    from datetime import date

    from wijkcli.nieuw import actiepunt_gedaan_text, edit_minutes
    from wijkcli.pipeline import load_clean

    when = parse_date(op, "--op") or date.today()
    dataset, _ = load_clean(data, ronde=ronde)
    path = edit_minutes(
        dataset.meeting(ronde, gebied),
        when,
        lambda text: actiepunt_gedaan_text(text, nummer, when),
        ", waarin het actiepunt is afgesproken",
    )
    err(f"Vastgelegd: {path} (actiepunt {nummer} gedaan op {when.isoformat()})")


def register(app: typer.Typer) -> None:
    app.add_typer(actiepunt_app, name="actiepunt")
