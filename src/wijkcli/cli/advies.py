"""`wijk advies`: the adviesbrief to Indebuurt033. Glue only.

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
    emit,
    err,
    parse_date,
    single_gebied,
)
from wijkcli.cli.dutch import WijkCommand


def advies(
    ronde: RondeArg,
    gebied: GebiedOpt = None,
    format: Annotated[
        DocFormat,
        typer.Option("--format", help="md, html, pdf (A4, om te versturen) of docx (Word)."),
    ] = DocFormat.md,
    uit: UitOpt = None,
    force: ForceOpt = False,
    datum: Annotated[
        str | None,
        typer.Option(
            "--datum",
            help="Datum van de brief (JJJJ-MM-DD); standaard de uiterste adviesdatum van de ronde.",
        ),
    ] = None,
    data: DataOpt = Path("."),
) -> None:
    """Maak de adviesbrief aan Indebuurt033 voor een ronde.

    Voorbeeld: wijk advies ronde-2017-2 --format pdf --uit brieven/
    """
    from wijkcli.documents.advies import advies_context, advies_warnings
    from wijkcli.documents.check import format_parsable
    from wijkcli.documents.render import render
    from wijkcli.pipeline import load_clean
    from wijkcli.read.git import data_version

    letter_date = parse_date(datum)
    dataset, _ = load_clean(data, ronde=ronde)
    gid = single_gebied(dataset, ronde, gebied)
    context = advies_context(
        dataset, ronde, gid, versie=data_version(dataset.root), datum=letter_date
    )
    warnings = advies_warnings(dataset, ronde, gid, context)
    if warnings:
        err(format_parsable(warnings).rstrip("\n"))
    name = f"advies-{ronde}-{gid}.{format.value}"
    content: str | bytes
    if format is DocFormat.pdf:
        from wijkcli.documents.advies import advies_pdf

        content = advies_pdf(dataset, gid, context)
    elif format is DocFormat.docx:
        from wijkcli.documents.docx import build_docx

        content = build_docx(
            render("adviesbrief.md.j2", context),
            title=f"Advies {context['ronde']['naam']}, gebied {context['gebied']['naam']}",
            author=context["team"],
            when=context["datum"],
            signers=context["ondertekening"],
        )
    else:
        content = render(f"adviesbrief.{format.value}.j2", context)
    emit(content, uit, force, name, data=data)


def register(app: typer.Typer) -> None:
    app.command("advies", cls=WijkCommand)(advies)
