"""`wijk notulen`: the minutes of a round's meeting, and `--vastgesteld DATUM` to record that
the team adopted them. Glue only.

`register(app)` adds the command to the `wijk` app. Adoption is an option of the document's
own command (as `wijk advies RONDE --verzonden DATUM` records a sent letter), not a
subcommand `wijk notulen vastgesteld RONDE`: Click reads the first word after a group as the
name of a subcommand, so `wijk notulen RONDE` could then only work by guessing whether that
word is a round or a command (and a round may be called `vastgesteld`).
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
    err,
    parse_date,
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
    vastgesteld: Annotated[
        str | None,
        typer.Option(
            "--vastgesteld",
            help="Leg vast dat het team deze notulen op deze datum (JJJJ-MM-DD) vaststelde; "
            "daarna zeggen ze 'Vastgesteld op' in plaats van 'Concept'.",
        ),
    ] = None,
    data: DataOpt = Path("."),
) -> None:
    """Maak de notulen van de beoordelingsvergadering van een ronde: een concept tot het team
    ze vaststelt (--vastgesteld DATUM legt dat vast in de notulen).

    Voorbeeld: wijk notulen ronde-2017-2 --format html --uit notulen/
    """
    from wijkcli.pipeline import load_clean

    adopted = parse_date(vastgesteld, "--vastgesteld")
    dataset, _ = load_clean(data, ronde=ronde)
    meeting = dataset.meeting(ronde, gebied)
    if adopted is not None:
        from wijkcli.nieuw import edit_minutes, notulen_vastgesteld_text

        path = edit_minutes(
            meeting,
            adopted,
            lambda text: notulen_vastgesteld_text(text, adopted),
            "; notulen worden vastgesteld in een volgende vergadering",
        )
        err(f"Vastgelegd: {path} (notulen_vastgesteld: {adopted.isoformat()})")
        return
    emit_document("notulen", meeting, format.value, uit, force, data=data)


def register(app: typer.Typer) -> None:
    app.command("notulen", cls=WijkCommand)(notulen)
