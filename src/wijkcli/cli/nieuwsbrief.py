"""CLI stage: the `wijk nieuwsbrief` command, glue only (see wijkcli.documents.nieuwsbrief).

Imports only typer (and the shared option types) at module level so `wijk --help` stays fast;
`cli.py` adds the command with `register(app)`.
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
    emit_document,
)
from wijkcli.cli.dutch import WijkCommand


class NieuwsbriefFormat(StrEnum):
    html = "html"
    tekst = "tekst"


def nieuwsbrief(
    ronde: RondeArg,
    gebied: GebiedOpt = None,
    format: Annotated[
        NieuwsbriefFormat,
        typer.Option(
            "--format",
            help="html (fragment om in Laposta of Mailchimp te plakken) of tekst (de "
            "platte-tekstversie, 72 tekens breed).",
        ),
    ] = NieuwsbriefFormat.html,
    uit: UitOpt = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Maak het stukje voor de digitale nieuwsbrief over een ronde: welke initiatieven een
    positief advies kregen, het totaal, waar je meer leest en de volgende bijeenkomst van het
    wijknetwerk. Afgewezen en aangehouden aanvragen worden niet bij naam genoemd.

    Voorbeeld: wijk nieuwsbrief ronde-2017-2 --format tekst --uit nieuwsbrief/
    """
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(data, ronde=ronde)
    emit_document(
        "nieuwsbrief", dataset.meeting(ronde, gebied), format.value, uit, force, data=data
    )


def register(app: typer.Typer) -> None:
    """Add the `nieuwsbrief` command to `app`."""
    app.command("nieuwsbrief", cls=WijkCommand)(nieuwsbrief)
