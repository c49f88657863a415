"""`wijk agenda`: the invitation and meeting pack of a round's meeting. Glue only.

`register(app)` adds the command to the `wijk` app; the command is `common.meeting_command`.
"""

from __future__ import annotations

import typer

from wijkcli.cli.common import meeting_command
from wijkcli.cli.dutch import WijkCommand

agenda = meeting_command(
    "agenda",
    """Maak de uitnodiging en vergaderstukken voor de beoordelingsvergadering van een ronde.

    Voorbeeld: wijk agenda ronde-2017-2 --format html --uit stukken/
    """,
)


def register(app: typer.Typer) -> None:
    app.command("agenda", cls=WijkCommand)(agenda)
