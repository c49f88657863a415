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
    emit_document,
    err,
    parse_date,
    render_document,
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
    letter_date = parse_date(datum)
    if verzonden is not None or herzien is not None:
        from wijkcli.cli.verzonden import record

        sent = parse_date(verzonden, "--verzonden") if verzonden is not None else None
        record(data, ronde, gebied, sent, herzien, letter_date)
        return
    from wijkcli.rendered import FORMATS, Rendered, remembered

    fmt = format.value

    def make(versie: str | None) -> Rendered:
        from wijkcli.pipeline import load_clean

        dataset, _ = load_clean(data, ronde=ronde)
        meeting = dataset.meeting(ronde, gebied)
        content, said, filename = render_document(
            "advies", meeting, fmt, datum=letter_date, versie=versie
        )
        assert isinstance(content, str), fmt
        return Rendered(content, said, filename)

    if fmt not in FORMATS:  # PDF and Word are made each time (Typst, python-docx)
        from wijkcli.pipeline import load_clean

        dataset, _ = load_clean(data, ronde=ronde)
        meeting = dataset.meeting(ronde, gebied)
        emit_document("advies", meeting, fmt, uit, force, datum=letter_date, data=data)
        return
    # The same inputs give the same letter: kept in .wijkcli-cache/ (wijkcli.rendered).
    asked = ("advies", fmt, ronde, gebied or "", letter_date.isoformat() if letter_date else "")
    made = remembered(data, asked, make)
    if made.warnings:
        err(made.warnings)
    emit(made.content, uit, force, made.filename, data=data)


def register(app: typer.Typer) -> None:
    app.command("advies", cls=WijkCommand)(advies)
