"""CLI stage: the `wijk plan` command (the published wijkplan). Glue only.

`register(app)` adds the command to the `wijk` app. Heavy imports happen inside the command, so
`wijk --help` stays fast; at module level only typer and the shared CLI pieces are imported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from wijkcli.cli.common import DataOpt, DocFormat, ForceOpt, UitOpt, complete_gebied, emit
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
    from wijkcli.documents.plan import plan_context
    from wijkcli.documents.render import render
    from wijkcli.pipeline import load_clean
    from wijkcli.read.git import data_version

    dataset, _ = load_clean(data, jaar=jaar)
    context = plan_context(dataset, gebied, jaar, versie=data_version(dataset.root))
    content: str | bytes
    if format in (DocFormat.pdf, DocFormat.docx):
        from datetime import date

        from wijkcli.documents.formats import from_markdown

        content = from_markdown(
            render("wijkplan.md.j2", context),
            format.value,
            title=f"Wijkplan {context['gebied']['naam']} {jaar}",
            author=context["team"],
            when=context["vastgesteld"] or date(jaar, 1, 1),
        )
    else:
        content = render(f"wijkplan.{format.value}.j2", context)
    emit(content, uit, force, f"wijkplan-{gebied}-{jaar}.{format.value}", data=data)


def register(app: typer.Typer) -> None:
    """Add `wijk plan` to `app`."""
    app.command("plan", cls=WijkCommand)(plan)
