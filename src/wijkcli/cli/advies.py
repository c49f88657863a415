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
    verzonden: Annotated[
        str | None,
        typer.Option(
            "--verzonden",
            help="Leg vast dat de brief op deze datum (JJJJ-MM-DD) is verzonden; daarna "
            "verandert hij niet meer zonder herziening.",
        ),
    ] = None,
    herzien: Annotated[
        str | None,
        typer.Option(
            "--herzien",
            help="Leg een herziening van de verzonden brief vast, met deze reden (datum: "
            "--datum, standaard vandaag).",
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
    if verzonden is not None or herzien is not None:
        from wijkcli.cli.verzonden import record

        sent = parse_date(verzonden) if verzonden is not None else None
        record(data, ronde, gebied, sent, herzien, letter_date)
        return
    dataset, _ = load_clean(data, ronde=ronde)
    meeting = dataset.meeting(ronde, gebied)
    gid = meeting.gebied_id
    context = advies_context(meeting, versie=data_version(dataset.root), datum=letter_date)
    warnings = advies_warnings(meeting, context)
    if warnings:
        err(format_parsable(warnings).rstrip("\n"))
    name = f"advies-{ronde}-{gid}.{format.value}"
    content: str | bytes
    if format is DocFormat.pdf:
        from wijkcli.documents.pdf import compile_pdf

        source = render("adviesbrief.typ.j2", context)
        content = compile_pdf(source, root=dataset.root, when=context["datum"])
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
    emit(content, uit, force, name)


def register(app: typer.Typer) -> None:
    app.command("advies", cls=WijkCommand)(advies)
