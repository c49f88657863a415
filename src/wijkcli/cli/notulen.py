"""`wijk notulen`: the minutes of a round's meeting. Glue only.

`register(app)` adds the command to the `wijk` app; the command is `common.meeting_command`.
"""

from __future__ import annotations

import typer

from wijkcli.cli.common import meeting_command
from wijkcli.cli.dutch import WijkCommand

notulen = meeting_command(
    "notulen",
    """Maak de notulen van de beoordelingsvergadering van een ronde, zoals het team ze vaststelt.

    Voorbeeld: wijk notulen ronde-2017-2 --format html --uit notulen/
    """,
)


def register(app: typer.Typer) -> None:
    app.command("notulen", cls=WijkCommand)(notulen)
