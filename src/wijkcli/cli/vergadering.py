"""`wijk vergadering RONDE GEBIED`: the meeting, live, in the terminal. Glue only.

Textual is imported inside the command (`wijk --help` never loads it); the app and its logic
are `wijkcli.live`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from wijkcli.cli.common import DataOpt, RondeArg, complete_gebied, err
from wijkcli.cli.dutch import WijkCommand

if TYPE_CHECKING:
    from wijkcli.live.state import LiveMeeting


def vergadering(
    ronde: RondeArg,
    gebied: Annotated[
        str,
        typer.Argument(help="Id van het gebied, bijvoorbeeld szh.", autocompletion=complete_gebied),
    ],
    data: DataOpt = Path("."),
) -> None:
    """Houd de notulen bij tijdens de vergadering, in de terminal: aanwezigheid, volmachten,
    per agendapunt belang, vertrek, voorstel en stemmen met de uitkomst meteen erbij,
    actiepunten, rondvraag en sluiting. Na elke stap staat alles in
    data/rondes/RONDE/vergadering-GEBIED.yaml; opnieuw openen gaat verder waar je was.

    Voorbeeld: wijk vergadering ronde-2017-3 szh
    """
    from wijkcli.problems import UsageMistake

    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageMistake("wijk vergadering heeft een terminal nodig (geen pijp of bestand)")
    notes: list[str] = []

    def open_meeting() -> LiveMeeting:
        """The load, in a thread of the app while its first screen shows."""
        from wijkcli.live import store
        from wijkcli.live.state import LiveMeeting
        from wijkcli.nieuw import check_id, vergadering_text, write_new
        from wijkcli.pipeline import load_clean

        dataset, known = load_clean(data, ronde=ronde)
        meeting = dataset.meeting(ronde, gebied)
        path = (
            dataset.root
            / "rondes"
            / check_id(ronde, "ronde")
            / f"vergadering-{check_id(gebied, 'gebied')}.yaml"
        )
        if not path.exists() and not path.is_symlink():
            write_new(path, vergadering_text(meeting))
            notes.append(f"Nieuw: {path}")
        return LiveMeeting(meeting, path, store.read(path), repo=data, known=known)

    from wijkcli.live.app import MeetingApp

    app = MeetingApp(load=open_meeting, heading=f"{ronde} {gebied}")
    app.run()
    for note in notes:
        err(note)
    if app.failure is not None:
        raise app.failure
    if app.loaded:
        err(f"Bewaard: {app.live.path}")


def register(app: typer.Typer) -> None:
    app.command("vergadering", cls=WijkCommand)(vergadering)
