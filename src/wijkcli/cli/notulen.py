"""`wijk notulen`: the minutes of a round's meeting. Glue only.

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
    RondeArg,
    UitOpt,
    emit_document,
)
from wijkcli.cli.dutch import WijkCommand


def notulen(
    ronde: RondeArg,
    gebied: GebiedOpt = None,
    format: Annotated[
        DocFormat, typer.Option("--format", help="md, html, pdf of docx (Word).")
    ] = DocFormat.md,
    uit: UitOpt = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Maak de notulen van de beoordelingsvergadering van een ronde, zoals het team ze vaststelt.

    Voorbeeld: wijk notulen ronde-2017-2 --format html --uit notulen/
    """
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(data, ronde=ronde)
    emit_document("notulen", dataset.meeting(ronde, gebied), format.value, uit, force)


def register(app: typer.Typer) -> None:
    app.command("notulen", cls=WijkCommand)(notulen)
