"""CLI stage: the `wijk plan` command (the published wijkplan). Glue only.

`register(app)` adds the command to the `wijk` app. Heavy imports happen inside the command, so
`wijk --help` stays fast; at module level only typer and the shared CLI pieces are imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, DocFormat, ForceOpt, UitOpt, complete_gebied, emit_document
from wijkcli.cli.dutch import WijkCommand


def plan(
    gebied: Annotated[
        str,
        typer.Argument(help="Id van het gebied, bijvoorbeeld szh.", autocompletion=complete_gebied),
    ],
    jaar: Annotated[int, typer.Argument(help="Het jaar van het wijkplan, bijvoorbeeld 2017.")],
    format: Annotated[
        DocFormat, typer.Option("--format", help="md, html, pdf of docx (Word).")
    ] = DocFormat.md,
    uit: UitOpt = None,
    force: ForceOpt = False,
    data: DataOpt = Path("."),
) -> None:
    """Maak het wijkplan zoals bewoners en professionals het lezen: thema's op volgorde van
    belang, acties en uren, het budget en de geadviseerde initiatieven per thema.

    Voorbeeld: wijk plan szh 2017 --format html --uit wijkplan/
    """
    from wijkcli.documents.registry import GebiedJaar
    from wijkcli.pipeline import load_clean

    dataset, _ = load_clean(data, jaar=jaar)
    emit_document("plan", GebiedJaar(dataset, gebied, jaar), format.value, uit, force, data=data)


def register(app: typer.Typer) -> None:
    """Add `wijk plan` to `app`."""
    app.command("plan", cls=WijkCommand)(plan)
